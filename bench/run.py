"""Benchmarks for alignment-bounds, reported as ratios against baselines run in the same process.

Usage:  python bench/run.py [--quick] [--markdown PATH]   (default PATH: docs/performance.md)

Every figure is the best of several repeats (time.perf_counter). Machines here are noisy,
so the ratios (ours / baseline, measured back to back) are the numbers to compare across
runs; the absolute seconds are for the targets, which are listed beside them. The cases
are generated from the catalogue: every evaluated bound is timed against its own plain-numpy
`baseline` (declared in its family file), so a new bound needs no edit here.
"""
from __future__ import annotations

import argparse
import math
import pathlib
import platform
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass

import numpy as np

import bounds
from bounds import _exact
from bounds.vocabulary import PARAMETERS

REPO = pathlib.Path(__file__).resolve().parents[1]


def best_of(fn, repeat=5):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


@dataclass
class Row:
    case: str
    ours: float
    baseline_name: str = ""
    baseline: float | None = None
    target: str = ""

    @property
    def ratio(self):
        return self.ours / self.baseline if self.baseline else None


def _draw(names, size, rng):
    """Random inputs over each parameter's typical range (log-uniform where declared)."""
    out = {}
    for name in names:
        lo, hi = PARAMETERS[name].typical
        if name == "delta":
            lo = 1e-30
        if PARAMETERS[name].log_scale and lo > 0:
            out[name] = np.exp(rng.uniform(math.log(lo), math.log(hi), size))
        else:
            out[name] = rng.uniform(lo, hi, size)
    if "alpha" in out:
        out["alpha"] = np.minimum(out["alpha"], 0.2)
    return out


# ---------------------------------------------------------------------------------- cases
def bench_eval(rows, size):
    rng = np.random.default_rng(0)
    for b in bounds.catalog():
        if b.direction == "exact" or b.baseline is None:
            continue
        import inspect

        names = list(inspect.signature(b.baseline).parameters)
        args = _draw(names, size, rng)
        ours = best_of(lambda: b(**args))
        with np.errstate(all="ignore"):
            theirs = best_of(lambda: b.baseline(**args))
        rows.append(Row(f"evaluate {b.id} at {size:.0e} points", ours, "the same formula in plain numpy", theirs,
                        "<= 2x the baseline; < 0.1 s"))


def bench_solve(rows, size):
    rng = np.random.default_rng(1)
    pts = _draw(("d", "eps", "alpha", "delta"), size, rng)
    d = bounds.bound("duel.chernoff")
    d.solve("n", **{k: v[:100] for k, v in pts.items()})  # load the closed forms (sympy) once
    ours = best_of(lambda: d.solve("n", **pts), repeat=3)

    def numpy_closed_form():
        q = (1 - pts["alpha"]) * (1 - pts["eps"])
        return np.log(pts["delta"]) / np.log(1 - pts["d"] * (1 - 2 * np.sqrt(q * (1 - q))))

    with np.errstate(all="ignore"):
        theirs = best_of(numpy_closed_form, repeat=3)
    rows.append(Row(f"solve duel.chernoff for n at {size:.0e} points (closed form, verified by bracketing)", ours,
                    "the closed form in plain numpy", theirs))
    # root finding: a bound with no closed form in the unknown, against a scalar brentq loop
    from scipy.optimize import brentq

    f = bounds.bound("fano.capacity_exact")
    args = {"K": np.exp(rng.uniform(math.log(2), 40, size)), "eps": pts["eps"], "n": rng.uniform(1, 1e3, size)}
    ours = best_of(lambda: f.solve("delta", **args), repeat=3)
    m = 1000

    def brentq_loop():
        for i in range(m):
            p = {k: float(v[i]) for k, v in args.items()}
            target = p.pop("n")

            def g(x):
                return float(f(delta=x, **p)) - target

            lo, hi = 1e-300, min(1 - 1 / p["K"], float(np.nextafter(1.0, 0.0)))  # 1 - 1/K rounds to 1 for huge K
            if g(lo) <= 0 or g(hi) >= 0:
                continue
            brentq(g, lo, hi, rtol=1e-12)

    theirs = best_of(brentq_loop, repeat=1) * size / m
    rows.append(Row(f"solve fano.capacity_exact for delta at {size:.0e} points (vectorized root finding)", ours,
                    f"scipy brentq point by point on the same bound (timed on {m}, scaled)", theirs))


def bench_exact(rows, quick):
    K, dd, eps = 2.0**20, 0.1, 0.2
    lK = math.log(K)
    p = _exact.latent_parameters(dd, eps)
    n4 = 10_000
    one4 = best_of(lambda: _exact.latent_race_log_probs(n4, lK, 0, *p), repeat=3)
    rows.append(Row("exact P(win) and P(lose), n=1e4, K=2^20 (log space, windowed)", one4, target="< 0.2 s"))
    s = bounds.Scenario(K=K, d=dd, eps=eps)
    need = s.labels_needed(0.05)
    n_star = int(need.exact)
    one = best_of(lambda: _exact.latent_race_log_probs(n_star, lK, 0, *p, which="lose"), repeat=5)
    t = best_of(lambda: s.labels_needed(0.05), repeat=5)
    rows.append(Row("Scenario(K=2^20, d=0.1, eps=0.2).labels_needed(0.05), exact search included", t,
                    f"one exact P(lose) at n={n_star}", one, "< 50 ms"))
    n_s, info = _exact.smallest_n(math.log(0.05), lK, 0, *p, hi=int(need.sufficient), full_output=True)
    ours = best_of(lambda: _exact.smallest_n(math.log(0.05), lK, 0, *p, hi=int(need.sufficient)), repeat=5)
    rows.append(Row(f"  of which the exact search (n={n_s}; {info['evaluations']} n in {info['batches']} batches)",
                    ours, f"one exact P(lose) at n={n_star}", one))
    r, info = _exact.largest_K(math.log(0.05), n_star, 0, *p, full_output=True)
    ours = best_of(lambda: _exact.largest_K(math.log(0.05), n_star, 0, *p), repeat=5)
    rows.append(Row(f"largest K, n={n_star} (log2 K={r.log_K / math.log(2):.3f}; {info['evaluations']} evaluations)",
                    ours, f"one exact P(lose) at n={n_star}", one, "bounded time"))
    nb = 2_000 if quick else 4_000
    ours = best_of(lambda: _exact.latent_race_log_probs(nb, lK, 0, *p), repeat=3)
    theirs = best_of(lambda: numpy_race_exact(nb, K, dd, 1 - eps), repeat=1)
    rows.append(Row(f"exact P(win), n={nb}, K=2^20", ours, "plain numpy/scipy O(n^2) sum, same n", theirs))


def numpy_race_exact(n, K, d, q):
    """Plain-numpy exact P(win) (no adversary): sum_c P(c) P(Bin(c, d) > Bin(n - c, d))^(K - 1)."""
    from scipy import stats

    c = np.arange(n + 1)
    pc = stats.binom.pmf(c, n, q)
    total = 0.0
    for ci in c[pc > 1e-300]:
        x = stats.binom.pmf(np.arange(ci + 1), ci, d)
        y_cdf = stats.binom.cdf(np.arange(ci + 1) - 1, n - ci, d)
        total += pc[ci] * float(np.dot(x, y_cdf)) ** (K - 1)
    return total


def bench_report(rows):
    """The main job, as a user runs it: a new interpreter, `bounds report` (exact column included)."""
    exe = [sys.executable, "-m", "bounds"]

    def run(args):
        subprocess.run(exe + args, check=True, capture_output=True)

    def interpreter():
        subprocess.run([sys.executable, "-c", "import numpy"], check=True, capture_output=True)

    theirs = best_of(interpreter, repeat=3)
    ours = best_of(lambda: run(["report"]), repeat=3)
    rows.append(Row("bounds report (default scenario, exact column), wall time incl. interpreter start", ours,
                    "python -c 'import numpy'", theirs, "< 2 s"))
    ours = best_of(lambda: run(["report", "--K", "2**40", "--d", "0.01", "--alpha", "0.05"]), repeat=1)
    rows.append(Row("bounds report --K 2**40 --d 0.01 --alpha 0.05, wall time", ours,
                    "python -c 'import numpy'", theirs))
    t = best_of(lambda: subprocess.run([sys.executable, "-c", "import bounds"], check=True), repeat=3)
    rows.append(Row("import bounds (no sympy, no scipy.stats)", t, "python -c 'import numpy'", theirs))


def bench_sympy(rows, size):
    """Our vectorized evaluation against sympy evalf point by point (timed on a few points, scaled)."""
    import sympy as sp

    from bounds.vocabulary import SYMBOLS

    b = bounds.bound("duel.chernoff")
    rng = np.random.default_rng(2)
    args = _draw(("n", "d", "eps"), size, rng)
    m = 30
    expr = b.expr.rewrite(sp.sqrt)
    pts = [{SYMBOLS[k]: float(v[i]) for k, v in args.items()} | {SYMBOLS[k]: 0.0 for k in ("alpha", "s", "q_hard")}
           for i in range(m)]

    def loop():
        for p in pts:
            expr.subs(p).evalf()

    per_point = best_of(loop, repeat=1) / m
    ours = best_of(lambda: b(**args), repeat=3)
    rows.append(Row(f"evaluate duel.chernoff at {size:.0e} points, against its sympy relation", ours,
                    f"sympy subs().evalf() point by point (timed on {m}, scaled)", per_point * size))


def bench_solve_reference(rows, size):
    """Solve for n: ours (vectorized) vs statsmodels' solve_power, the familiar reference."""
    b = bounds.bound("race.union_chernoff")
    rng = np.random.default_rng(3)
    pts = _draw(("K", "d", "eps", "delta"), size, rng)
    ours = best_of(lambda: b.solve("n", **pts), repeat=3)
    try:
        from statsmodels.stats.power import NormalIndPower
    except ImportError:
        rows.append(Row("statsmodels not installed: solve_power reference skipped", 0.0))
        return
    power = NormalIndPower()
    m2 = 100
    es = rng.uniform(0.05, 1.0, m2)

    def sm_loop():
        for e in es:
            power.solve_power(effect_size=e, alpha=0.05, power=0.8, nobs1=None)

    theirs2 = best_of(sm_loop, repeat=1) * size / m2
    rows.append(Row(f"solve race.union_chernoff for n at {size:.0e} points (root finding)", ours,
                    f"statsmodels NormalIndPower.solve_power, per call (timed on {m2}, scaled; a different "
                    "question: a two-sample z-test's sample size)", theirs2))


def bench_monte_carlo(rows, quick):
    """Monte Carlo from sufficient statistics vs label by label, and exact vs MC at equal accuracy."""
    from bounds import simulate

    n, dd, eps = 10_000, 0.1, 0.3
    trials = 200_000 if quick else 2_000_000
    ours = best_of(lambda: simulate.duel(n=n, d=dd, eps=eps, trials=trials, seed=1), repeat=3)
    rng = np.random.default_rng(4)
    lbl_trials = 200

    def label_by_label():
        for _ in range(lbl_trials):
            sep = rng.random(n) < dd
            good = rng.random(n) < 1 - eps
            s = np.sum(np.where(sep, np.where(good, 1, -1), 0))
            _ = s <= 0

    theirs = best_of(label_by_label, repeat=1) * trials / lbl_trials
    rows.append(Row(f"Monte Carlo duel, n=1e4, {trials:.0e} trials ({trials / ours:,.0f} trials/s)", ours,
                    f"label-by-label numpy simulation (timed on {lbl_trials} trials, scaled)", theirs))
    # exact vs Monte Carlo at equal accuracy, at P(fail) ~ 0.05: 1% relative standard error
    K = 2.0**10
    n2 = int(bounds.Scenario(K=K, d=0.2, eps=0.2).labels_needed(0.05).exact)
    b = bounds.bound("race.exact")
    t_exact = best_of(lambda: b(n=n2, K=K, d=0.2, eps=0.2), repeat=3)
    p = float(b(n=n2, K=K, d=0.2, eps=0.2))
    probe = 20_000
    t_probe = best_of(lambda: simulate.race(n=n2, K=K, d=0.2, eps=0.2, trials=probe, seed=2), repeat=1)
    need = p * (1 - p) / (0.01 * p) ** 2
    rows.append(Row(f"exact P(fail) race n={n2}, K=2^10 (p={p:.3g}) vs MC to 1% relative s.e. ({need:,.0f} trials)",
                    t_exact, f"Monte Carlo race (timed on {probe} trials, scaled)", t_probe * need / probe))


def bench_curve(rows, quick):
    """A quality-quantity curve of 1e4 points (a cost model), exact column included, and a mixture."""
    from bounds._exact import convolution
    from bounds.cost import CostModel
    from bounds.sources import Mixture

    cost = CostModel("power", eps_ref=0.2, seconds_ref=4.0, beta=1.0)
    size = 10**3 if quick else 10**4
    eps = np.linspace(0.02, 0.45, size)
    curve = bounds.Curve.from_cost(cost, eps, hours=5.0, K=2**20, d=0.1)
    m = 20
    sub = bounds.Curve(curve.n[:: size // m], curve.label_eps[:: size // m], K=2**20, d=0.1)

    def scenario_loop():
        for n_i, e_i in zip(sub.n, sub.label_eps):
            bounds.Scenario(K=2**20, d=0.1, eps=float(e_i)).win_probability(int(n_i))

    theirs = best_of(scenario_loop, repeat=1) * size / m
    ours = best_of(lambda: curve.win_probability(exact=False), repeat=3)
    rows.append(Row(f"Curve of {size:.0e} points (cost model, n 450-10125): P(win) bounds, no exact column", ours,
                    f"one Scenario per point, bounds and exact (timed on {m}, scaled)", theirs, "< 1 s"))
    if convolution.available():
        t0 = time.perf_counter()
        curve.win_probability()                    # the first call of a process (numba's cache loaded)
        first = time.perf_counter() - t0
        ours = best_of(lambda: curve.win_probability(), repeat=3)
        rows.append(Row(f"Curve of {size:.0e} points, bounds and the exact column (compiled kernel; first call "
                        f"of the process {first:.2f} s)", ours,
                        f"one Scenario per point (timed on {m}, scaled)", theirs, "< 1 s"))
    from bounds._exact import latent_race_log_probs
    t = best_of(lambda: latent_race_log_probs(sub.n, math.log(2**20), 0, 1 - sub.label_eps, sub.label_eps,
                                              (0.1, 0.9, 0.1, 0.9), which="win", method="engine"), repeat=1)
    rows.append(Row(f"  the exact column by the engine alone: {m} points (timed), scaled to {size:.0e}", t * size / m,
                    f"one Scenario per point (timed on {m}, scaled)", theirs))
    mix = Mixture([(10_000, 0.3), (1_000, 0.05)], K=2**20, d=0.1)
    ours = best_of(lambda: mix.failure_probability(), repeat=3)
    rows.append(Row("Mixture of 1e4 labels at eps 0.3 and 1e3 at 0.05, K=2^20: exact P(fail) and both bounds", ours,
                    target="< 0.2 s"))


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true", help="smaller sizes (for smoke tests)")
    p.add_argument("--markdown", default=str(REPO / "docs" / "performance.md"),
                   help="write the table as Markdown to this path (default: docs/performance.md; '' to skip)")
    a = p.parse_args(argv)
    warnings.simplefilter("ignore")
    rows: list[Row] = []
    bench_report(rows)
    bench_eval(rows, 10**5 if a.quick else 10**6)
    bench_solve(rows, 10**4 if a.quick else 10**5)
    bench_exact(rows, a.quick)
    bench_sympy(rows, 10**5 if a.quick else 10**6)
    bench_solve_reference(rows, 10**4 if a.quick else 10**5)
    bench_monte_carlo(rows, a.quick)
    bench_curve(rows, a.quick)
    header = f"alignment-bounds benchmarks — Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}"
    print(header)
    print(f"{'case':<96} {'ours (s)':>10} {'baseline (s)':>13} {'ratio':>8}  target")
    md = [
        "# Performance",
        "",
        "Written by `make bench` (`bench/run.py`); one row per case. Each figure is the best of",
        "several repeats; each ratio compares ours with a baseline timed back to back in the same",
        "process, because these machines are noisy: compare the ratios across runs, read the seconds",
        "against the targets beside them.",
        "",
        header,
        "",
        "| case | ours (s) | baseline | baseline (s) | ours / baseline | target |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = f"{r.ratio:.3g}" if r.ratio else ""
        bt = f"{r.baseline:.4g}" if r.baseline else ""
        print(f"{r.case:<96} {r.ours:>10.4g} {bt:>13} {ratio:>8}  {r.target}")
        md.append(f"| {r.case.strip()} | {r.ours:.4g} | {r.baseline_name} | {bt} | {ratio} | {r.target} |")
    if a.markdown:
        with open(a.markdown, "w") as fh:
            fh.write("\n".join(md) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
