"""Soak run: the witness harness and the property tests over many fresh seeds (`make soak`).

The ordinary suite is deterministic: hypothesis is derandomized and every Monte Carlo check
has a fixed seed, so it always draws the same points. A soak run repeats the tests marked
`soak` (tests/test_witness.py, tests/test_simulate.py, tests/test_evidence.py, the property tests of
tests/test_scenario.py, the mixtures', votes', pools' and screening's Monte Carlo and
property tests in tests/test_sources.py and tests/test_redundancy.py, and the compiled
kernel against the engine on random points in tests/test_convolution.py) with fresh
randomness: for each of
N fresh base seeds S it runs

    BOUNDS_SOAK_SEED=S python -m pytest -m soak --hypothesis-seed=S <files>

in its own process (tests/conftest.py then loads a hypothesis profile that is not
derandomized, and the witness harness and the Monte Carlo checks take their seeds from S),
at most `--jobs` at a time and within a time budget, and reports every failure with the
seed that reproduces it:

    make soak SOAK_SEED=S          # or the pytest line above

Error budget: each Monte Carlo check fails by chance with probability 1e-6 (a
Clopper–Pearson interval at level 1 - 1e-6), and a seed runs a few hundred such checks
(Bonferroni: below 1e-3 per seed), so a failure is a defect to chase, not noise — but look
at its claim (a CP interval just missing a bound is the rare case to re-run with that seed;
an exact check, error rate 0, never fails by chance).

Usage: python tests/soak.py [--seeds N] [--jobs J] [--budget SECONDS] [--seed S ...] [files ...]
"""
from __future__ import annotations

import argparse
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = ["tests/test_witness.py", "tests/test_simulate.py", "tests/test_scenario.py", "tests/test_sources.py",
         "tests/test_redundancy.py", "tests/test_evidence.py", "tests/test_convolution.py"]


def command(seed: int, files) -> list:
    return [sys.executable, "-m", "pytest", "-m", "soak", "-p", "no:cacheprovider", "-rfE",
            f"--hypothesis-seed={seed}", *files]


def reproduce(seed: int, files) -> str:
    return f"BOUNDS_SOAK_SEED={seed} " + " ".join(["python"] + command(seed, files)[1:])


def run_one(seed: int, files, log_dir: Path, timeout: float, stop: threading.Event) -> dict:
    log = log_dir / f"seed-{seed}.log"
    if stop.is_set():
        return {"seed": seed, "status": "skipped", "seconds": 0.0, "log": log, "failed": [], "detail": []}
    env = dict(os.environ, BOUNDS_SOAK_SEED=str(seed), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               MKL_NUM_THREADS="1", PYTHONHASHSEED="0")
    t0 = time.monotonic()
    with open(log, "w") as out:
        proc = subprocess.Popen(command(seed, files), cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)      # the process group this run started, nothing else
            proc.wait()
            rc = None
    seconds = time.monotonic() - t0
    text = log.read_text(errors="replace")
    failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", text, flags=re.M)
    detail = [ln for ln in text.splitlines() if ln.startswith("E   ") and
              ("contradicted" in ln or "Error" in ln or "assert" in ln)][:6]
    tail = re.findall(r"^=*\s*(\d+ (?:passed|failed|error).*? in [\d.]+s.*?)\s*=*$", text, flags=re.M)
    status = "timeout" if rc is None else ("passed" if rc == 0 else "FAILED")
    return {"seed": seed, "status": status, "seconds": seconds, "log": log, "failed": failed, "detail": detail,
            "summary": tail[-1] if tail else ""}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, default=20, help="number of fresh seeds (default 20)")
    ap.add_argument("--jobs", type=int, default=2, help="seeds run at the same time (default 2)")
    ap.add_argument("--budget", type=float, default=900.0,
                    help="wall-clock budget in seconds; no new seed starts after it (default 900)")
    ap.add_argument("--timeout", type=float, default=600.0, help="limit per seed, seconds (default 600)")
    ap.add_argument("--seed", type=int, action="append", default=[],
                    help="run this seed (repeatable) instead of fresh ones: reproduces a reported failure")
    ap.add_argument("--log-dir", type=Path, default=None, help="where the per-seed logs go (default: a new temp dir)")
    ap.add_argument("files", nargs="*", default=FILES)
    args = ap.parse_args(argv)
    if args.seeds < 1 or args.jobs < 1:
        ap.error("--seeds and --jobs must be >= 1")
    seeds = args.seed or [secrets.randbelow(2**32) for _ in range(args.seeds)]
    if any(s < 0 for s in seeds):
        ap.error("seeds must be non-negative")
    log_dir = args.log_dir or Path(tempfile.mkdtemp(prefix="bounds-soak-"))
    log_dir.mkdir(parents=True, exist_ok=True)
    print(f"soak: {len(seeds)} seed(s), {args.jobs} at a time, budget {args.budget:.0f} s; logs in {log_dir}",
          flush=True)
    print(f"soak: files {' '.join(args.files)} (tests marked 'soak')", flush=True)
    stop = threading.Event()
    t0 = time.monotonic()
    timer = threading.Timer(args.budget, stop.set)
    timer.daemon = True
    timer.start()
    results = []
    with ThreadPoolExecutor(args.jobs) as ex:
        futs = {ex.submit(run_one, s, args.files, log_dir, args.timeout, stop): s for s in seeds}
        for fut in as_completed(futs):
            r = fut.result()
            results.append(r)
            if r["status"] != "skipped":
                print(f"  seed {r['seed']:>10}: {r['status']:7s} in {r['seconds']:6.1f} s  {r.get('summary', '')}",
                      flush=True)
    timer.cancel()
    elapsed = time.monotonic() - t0
    ran = [r for r in results if r["status"] != "skipped"]
    bad = [r for r in ran if r["status"] != "passed"]
    skipped = [r["seed"] for r in results if r["status"] == "skipped"]
    print(f"soak: {len(ran)} seed(s) run in {elapsed:.0f} s, {len(bad)} with failures"
          + (f"; {len(skipped)} not started (budget reached): {skipped}" if skipped else ""))
    for r in sorted(bad, key=lambda r: r["seed"]):
        print(f"\nFAILURE with seed {r['seed']} ({r['status']}), log {r['log']}:")
        for f in r["failed"]:
            print(f"  {f}")
        for ln in r["detail"]:
            print(f"  {ln[:400]}")
        print(f"  reproduce: make soak SOAK_SEED={r['seed']}")
        print(f"         or: {reproduce(r['seed'], args.files)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
