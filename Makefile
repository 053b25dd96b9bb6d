# Two entry points (see README): `make demo` runs the main job, `make test` runs every test.
# Both create or reuse a local virtual environment in .venv and install what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test venv bench docs clean soak

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[all]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/bounds report

# The test files run on TEST_JOBS processes (pytest-xdist), each file whole on one of them,
# so a file's module-level state is never split; `make test TEST_JOBS=1` runs them in one.
TEST_JOBS ?= 2
test: $(STAMP)
	$(PY) -m pytest -n $(TEST_JOBS) --dist loadfile

# The witness harness and the property tests (tests marked `soak`) over SOAK_SEEDS fresh seeds,
# SOAK_JOBS at a time, within SOAK_BUDGET seconds; every failure is reported with its seed.
# `make soak SOAK_SEED=123` re-runs one seed (reproduces a reported failure).
SOAK_SEEDS ?= 20
SOAK_JOBS ?= 2
SOAK_BUDGET ?= 900
SOAK_SEED ?=
soak: $(STAMP)
	$(PY) tests/soak.py --seeds $(SOAK_SEEDS) --jobs $(SOAK_JOBS) --budget $(SOAK_BUDGET) \
		$(foreach s,$(SOAK_SEED),--seed $(s))

bench: $(STAMP)
	$(PY) bench/run.py

# The site, built strictly into site/ (`make test` also builds it, into a temporary folder,
# and checks it in headless Chromium: tests/test_docs.py).
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict

clean:
	rm -rf $(VENV) site .cache .pytest_cache .hypothesis
