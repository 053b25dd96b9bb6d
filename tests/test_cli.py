"""The `bounds` command line: list / show / eval / solve / report, text and --json, and the
two ways to start it (`python -m bounds`, the `bounds` console script)."""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

import bounds
from bounds import cli

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv):
    rc = cli.main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


def run_json(capsys, *argv):
    rc, out, err = run(capsys, *argv, "--json")
    assert rc == 0, err
    assert err == ""
    return json.loads(out)


# ---------------------------------------------------------------------------- list / show
def test_list(capsys):
    rc, out, err = run(capsys, "list")
    assert rc == 0 and err == ""
    ids = [b.id for b in bounds.catalog()]
    lines = out.strip().splitlines()
    assert [line.split()[0] for line in lines] == ids
    payload = run_json(capsys, "list")
    assert [row["id"] for row in payload] == ids
    for row in payload:
        b = bounds.bound(row["id"])
        assert row["direction"] == b.direction and row["symbols"] == list(b.symbols)
        assert row["citation"] == b.citation
    exact = run_json(capsys, "list", "--direction", "exact")
    assert [row["id"] for row in exact] == [b.id for b in bounds.catalog("exact")]


def test_json_flag_before_the_command(capsys):
    rc, out, _ = run(capsys, "--json", "list")
    assert rc == 0
    assert [row["id"] for row in json.loads(out)] == [b.id for b in bounds.catalog()]


@pytest.mark.parametrize("bid", [b.id for b in bounds.catalog()])
def test_show(capsys, bid):
    b = bounds.bound(bid)
    rc, out, _ = run(capsys, "show", bid)
    assert rc == 0
    assert out.splitlines()[0].startswith(bid) and b.citation in out
    payload = run_json(capsys, "show", bid)
    assert payload["id"] == bid and payload["latex"] == b.latex()
    assert payload["symbols"] == list(b.symbols) and payload["direction"] == b.direction


# ---------------------------------------------------------------------------- eval / solve
EVAL_CASES = [
    ("duel.hoeffding", dict(n=100, d=1, eps=0.1, alpha=0)),
    ("race.union_chernoff", dict(n=1000, K=2**20, d=0.1, eps=0.2, alpha=0.0)),
    ("fano.capacity_exact", dict(K=1024, eps=0.2, alpha=0.0, delta=0.1)),
    ("two_point.le_cam", dict(n=50, d=0.3, eps=0.1, alpha=0.05)),
    ("duel.exact", dict(n=11, d=1, eps=0.3, alpha=0)),
]


def _argv(params):
    return [f"{k}={v!r}" for k, v in params.items()]


@pytest.mark.parametrize("bid, params", EVAL_CASES)
def test_eval(capsys, bid, params):
    b = bounds.bound(bid)
    want = b(**params)
    payload = run_json(capsys, "eval", bid, *_argv(params))
    assert payload["value"] == want and payload["subject"] == b.subject
    assert payload["relation"] == b.relation_op
    rc, out, _ = run(capsys, "eval", bid, *_argv(params))
    assert rc == 0 and out.strip() == f"{bid}: {b.subject} {b.relation_op} {want!r}"


def test_eval_vectorized_and_powers(capsys):
    b = bounds.bound("race.union_chernoff")
    payload = run_json(capsys, "eval", "race.union_chernoff", "n=500,1000,2000", "K=2**20", "d=0.1", "eps=0.2", "alpha=0")
    assert payload["value"] == b(n=[500, 1000, 2000], K=2**20, d=0.1, eps=0.2, alpha=0.0).tolist()
    assert payload["params"]["K"] == 2.0**20
    same = run_json(capsys, "eval", "race.union_chernoff", "n=1000", "K=2^20", "d=0.1", "eps=0.2", "alpha=0")
    assert same["value"] == payload["value"][1]


@pytest.mark.parametrize("order", ["for-first", "for-last"])
def test_solve(capsys, order):
    params = ["d=0.1", "eps=0.2", "alpha=0", "delta=0.05"]
    argv = ["solve", "duel.chernoff", "--for", "n", *params] if order == "for-first" else \
        ["solve", "duel.chernoff", *params, "--for", "n"]
    payload = run_json(capsys, *argv)
    want = bounds.bound("duel.chernoff").solve("n", d=0.1, eps=0.2, alpha=0.0, delta=0.05)
    assert payload["value"] == want and payload["solve_for"] == "n" and payload["notes"] == []
    rc, out, _ = run(capsys, *argv)
    assert rc == 0 and out.strip() == f"duel.chernoff: n = {want!r}"


def test_solve_vectorized_and_exact(capsys):
    payload = run_json(capsys, "solve", "race.exact", "--for", "n", "K=10", "d=1", "eps=0.1", "alpha=0", "delta=0.1,0.01")
    b = bounds.bound("race.exact")
    assert payload["value"] == [b.solve("n", K=10, d=1, eps=0.1, alpha=0, delta=t) for t in (0.1, 0.01)]
    assert all(v == int(v) for v in payload["value"])


def test_solve_no_solution_is_an_answer(capsys):
    payload = run_json(capsys, "solve", "race.union_chernoff", "--for", "n", "K=2**20", "d=0.1", "eps=0.5", "alpha=0", "delta=0.05")
    assert payload["value"] == "inf"
    assert len(payload["notes"]) == 1 and "no finite n" in payload["notes"][0] and "margin" in payload["notes"][0]
    rc, out, err = run(capsys, "solve", "race.union_chernoff", "--for", "n", "K=2**20", "d=0.1", "eps=0.5", "alpha=0", "delta=0.05")
    assert rc == 0 and err == ""
    assert out.splitlines()[0] == "race.union_chernoff: n = inf" and out.splitlines()[1].startswith("note: ")


# ---------------------------------------------------------------------------- report
def test_report_json(capsys):
    payload = run_json(capsys, "report", "--eps", "0,0.1,0.25")
    sc = payload["scenario"]
    assert sc["K"] == 2.0**20 and sc["bits"] == 20.0 and sc["d"] == 0.1 and sc["delta"] == 0.05
    rows = payload["rows"]
    assert [r["eps"] for r in rows] == [0.0, 0.1, 0.25]
    sec = payload["seconds_per_label"]
    assert sec == 4.0 and "Christiano" in payload["seconds_per_label_source"]
    for r in rows:
        assert r["necessary"] <= r["exact"] <= r["sufficient"], r
        assert r["hours_exact"] == pytest.approx(r["exact"] * sec / 3600)
        assert r["ratio"] == pytest.approx(r["sufficient"] / r["necessary"])
        s = bounds.Scenario(K=2**20, d=0.1, eps=r["eps"])
        need = s.labels_needed(0.05)
        assert (r["necessary"], r["exact"], r["sufficient"]) == (need.necessary, need.exact, need.sufficient)
    # more rater error, more labels
    assert [r["exact"] for r in rows] == sorted(r["exact"] for r in rows)


def test_report_text(capsys):
    rc, out, err = run(capsys, "report", "--eps", "0.1,0.5", "--K", "2^10", "--seconds-per-label", "10")
    assert rc == 0 and err == ""
    assert "1024 candidate behaviours (10 bits of intent)" in out
    assert "at 10 s per label" in out
    assert "necessary:" in out and "sufficient:" in out  # the two lines in plain words
    last_row = [line for line in out.splitlines() if line.strip().startswith("0.5")][0]
    assert "inf" in last_row and "never" in last_row  # eps = 1/2: no finite n


def test_report_default_without_exact(capsys):
    payload = run_json(capsys, "report", "--no-exact")
    assert len(payload["rows"]) == 10
    for r in payload["rows"]:
        assert r["exact"] is None and r["hours_exact"] is None
        assert r["necessary"] <= r["sufficient"]


def test_parse_number():
    assert cli.parse_number("2**20") == 2.0**20
    assert cli.parse_number("2^20") == 2.0**20
    assert cli.parse_number("1e-300") == 1e-300
    assert math.isnan(cli.parse_number("nan"))
    with pytest.raises(ValueError, match="'abc' is not a number"):
        cli.parse_number("abc")
    with pytest.raises(ValueError):
        cli.parse_number("__import__('os')")


def test_no_command_prints_help(capsys):
    rc, out, err = run(capsys)
    assert rc == 2 and "usage" in err.lower() and out == ""


# ---------------------------------------------------------------------------- processes
def _env():
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    return env


def test_python_dash_m(tmp_path):
    """`python -m bounds` from outside the source tree (the installed package)."""
    proc = subprocess.run([sys.executable, "-m", "bounds", "list"], capture_output=True, text=True,
                          cwd=tmp_path, env=_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert [line.split()[0] for line in proc.stdout.strip().splitlines()] == [b.id for b in bounds.catalog()]


def test_console_script(tmp_path):
    script = Path(sys.executable).with_name("bounds")
    if not script.exists():
        pytest.skip(f"no console script next to {sys.executable} (package not installed with pip)")
    proc = subprocess.run([str(script), "list", "--json"], capture_output=True, text=True,
                          cwd=tmp_path, env=_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert [row["id"] for row in json.loads(proc.stdout)] == [b.id for b in bounds.catalog()]
    bad = subprocess.run([str(script), "eval", "duel.hoeffding", "n=100", "d=1", "eps=0.6", "alpha=0"],
                         capture_output=True, text=True, cwd=tmp_path, env=_env(), timeout=120)
    assert bad.returncode == 2 and bad.stdout == ""
    assert len(bad.stderr.strip().splitlines()) == 1 and "eps=0.6" in bad.stderr


def test_cli_values_are_json_clean(capsys):
    """inf becomes "inf", nan never appears, numpy scalars become plain numbers."""
    payload = run_json(capsys, "eval", "fano.capacity", "K=2**20", "eps=0.5", "alpha=0", "delta=0.05")
    assert payload["value"] == "inf"
    rc, out, _ = run(capsys, "report", "--json", "--eps", "0.5", "--K", "4")
    assert rc == 0
    json.loads(out, parse_constant=lambda c: pytest.fail(f"non-standard JSON constant {c}"))
    assert json.loads(out)["rows"][0]["sufficient"] == "inf"
