"""Benchmarks for alignment-bounds, reported as ratios against baselines run in the same process.

Usage:  python bench/run.py [--quick] [--markdown PATH]   (default PATH: docs/performance.md)

Every figure is the best of several repeats (time.perf_counter). Machines here are noisy,
so the ratios (ours / baseline, measured back to back) are the numbers to compare across
runs; the absolute seconds are for the issue's targets.
"""
from __future__ import annotations

import argparse
import math
import pathlib
import platform
import sys
import time
import warnings

import numpy as np
from scipy import stats

import bounds
from bounds import _exact


def best_of(fn, repeat=5):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


# ---------------------------------------------------------------------------------- baselines
def _q(eps, alpha):
    return (1 - alpha) * (1 - eps)


def _h(p):
    return -p * np.log(p) - (1 - p) * np.log(1 - p)


def _cap(q):
    return np.log(2) - _h(q)


def _klsym(q):
    return (2 * q - 1) * np.log(q / (1 - q))


def _bc_gap(q):
    return 1 - 2 * np.sqrt(q * (1 - q))


def _fano_weak(K, delta):
    return (1 - delta) * np.log(K) - np.log(2)


def _fano_exact(K, delta):
    return np.log(K) - _h(delta) - delta * np.log(K - 1)


# The same formulas written directly in numpy, as a user would (q computed once): no
# validation, no care for stability (cancellation, overflow) and no edge cases (margin <= 0,
# n = 0, probabilities at 0 or 1).
BASELINES = {
    "duel.chernoff": lambda n, d, eps, alpha: (1 - d * _bc_gap(_q(eps, alpha))) ** n,
    "duel.hoeffding": lambda n, d, eps, alpha: np.exp(-n * d**2 * (2 * _q(eps, alpha) - 1) ** 2 / 2),
    "race.union_chernoff": lambda n, K, d, eps, alpha: np.minimum(1.0, (K - 1) * (1 - d * _bc_gap(_q(eps, alpha))) ** n),
    "race.union_hoeffding": lambda n, K, d, eps, alpha: np.minimum(
        1.0, (K - 1) * np.exp(-n * d**2 * (2 * _q(eps, alpha) - 1) ** 2 / 2)),
    "fano.capacity": lambda K, eps, alpha, delta: np.maximum(0.0, _fano_weak(K, delta) / _cap(_q(eps, alpha))),
    "fano.capacity_exact": lambda K, eps, alpha, delta: np.maximum(0.0, _fano_exact(K, delta) / _cap(_q(eps, alpha))),
    "fano.passive": lambda K, d, eps, alpha, delta: np.maximum(0.0, _fano_weak(K, delta) / (d * _klsym(_q(eps, alpha)))),
    "fano.passive_exact": lambda K, d, eps, alpha, delta: np.maximum(
        0.0, _fano_exact(K, delta) / (d * _klsym(_q(eps, alpha)))),
    "two_point.bretagnolle_huber": lambda n, d, eps, alpha: np.exp(-n * d * _klsym(_q(eps, alpha))) / 4,
    "two_point.le_cam": lambda n, d, eps, alpha: (1 - np.sqrt(1 - np.exp(-n * d * _klsym(_q(eps, alpha))))) / 2,
}


def numpy_solve_n(K, d, eps, alpha, delta):
    q = (1 - alpha) * (1 - eps)
    return np.log(delta / (K - 1)) / np.log(1 - d * (1 - 2 * np.sqrt(q * (1 - q))))


def numpy_race_exact(n, K, d, q):
    """Plain-numpy exact P(win) (alpha = 0), no log space and no windows: O(n^2) work.

    P(win) = sum_c P(c) * P(Bin(c,d) > Bin(n-c,d))^(K-1), with the inner probability as a
    matrix product over the full supports."""
    c = np.arange(n + 1)
    pc = stats.binom.pmf(c, n, q)
    keep = pc > 1e-300
    total = 0.0
    for ci in c[keep]:
        x = stats.binom.pmf(np.arange(ci + 1), ci, d)
        y_cdf = stats.binom.cdf(np.arange(ci + 1) - 1, n - ci, d)  # P(Y < x)
        p = float(np.dot(x, y_cdf))
        total += pc[ci] * p ** (K - 1)
    return total


# ---------------------------------------------------------------------------------- cases
def bench_eval(rows, size):
    rng = np.random.default_rng(0)
    pts = {
        "n": rng.uniform(1, 1e5, size),
        "K": np.exp(rng.uniform(math.log(2), 40, size)),
        "d": rng.uniform(0.01, 1, size),
        "eps": rng.uniform(0, 0.45, size),
        "alpha": rng.uniform(0, 0.2, size),
        "delta": np.exp(rng.uniform(-30, -1, size)),
    }
    for b in bounds.catalog():
        if b.direction == "exact":
            continue
        args = {k: pts[k] for k in b.inputs}
        base = BASELINES[b.id]
        ours = best_of(lambda: b(**args))
        with np.errstate(all="ignore"):
            theirs = best_of(lambda: base(**args))
        rows.append((f"evaluate {b.id} at {size:.0e} points", ours, "plain numpy, same formula", theirs))


def bench_solve(rows, size):
    rng = np.random.default_rng(1)
    pts = {
        "K": np.exp(rng.uniform(math.log(2), 40, size)),
        "d": rng.uniform(0.01, 1, size),
        "eps": rng.uniform(0, 0.45, size),
        "alpha": np.zeros(size),
        "delta": np.exp(rng.uniform(-30, -1, size)),
    }
    b = bounds.bound("race.union_chernoff")
    b.solve("n", **{k: v[:2] for k, v in pts.items()})  # warm the closed-form cache
    ours = best_of(lambda: b.solve("n", **pts), repeat=3)
    with np.errstate(all="ignore"):
        theirs = best_of(lambda: numpy_solve_n(**pts), repeat=3)
    rows.append((f"solve race.union_chernoff for n at {size:.0e} points (closed form)", ours, "plain numpy closed form", theirs))
    # bisection path: a bound with no closed form in the unknown
    f = bounds.bound("fano.capacity_exact")
    args = {"K": pts["K"], "eps": pts["eps"], "alpha": pts["alpha"], "n": rng.uniform(1, 1e3, size)}
    ours = best_of(lambda: f.solve("delta", **args), repeat=3)
    from scipy.optimize import brentq

    m = 2000

    def brentq_loop():
        from bounds.measures import _capacity_nats, _h_nats

        for i in range(m):
            K, e, n = args["K"][i], args["eps"][i], args["n"][i]
            C = float(_capacity_nats(e))
            g = lambda x: (math.log(K) - float(_h_nats(x)) - x * math.log(K - 1)) / C - n  # noqa: E731
            lo, hi = 1e-300, 1 - 1 / K
            if g(lo) <= 0 or g(hi) >= 0:
                continue
            brentq(g, lo, hi, rtol=1e-12)

    theirs = best_of(brentq_loop, repeat=1) * size / m
    rows.append((f"solve fano.capacity_exact for delta at {size:.0e} points (vectorized bisection)", ours,
                 f"scalar scipy brentq loop (timed on {m}, scaled)", theirs))
    # solve for n with array inputs in the Chernoff duel (closed form)
    d = bounds.bound("duel.chernoff")
    dargs = {k: pts[k] for k in ("d", "eps", "alpha", "delta")}
    d.solve("n", **{k: v[:2] for k, v in dargs.items()})
    t = best_of(lambda: d.solve("n", **dargs), repeat=3)
    rows.append((f"  solve duel.chernoff for n at {size:.0e} points", t, "", None))


def bench_exact(rows, quick):
    n, K, dd, q = 10_000, 2.0**20, 0.1, 0.8
    ours = best_of(lambda: _exact.race_log_probs(n, K, dd, q, 0.0), repeat=3)
    nb = 2_000 if quick else 4_000
    o2 = best_of(lambda: _exact.race_log_probs(nb, K, dd, q, 0.0), repeat=3)
    theirs = best_of(lambda: numpy_race_exact(nb, K, dd, q), repeat=1)
    rows.append((f"exact P(win), n=1e4, K=2^20 (log space, windowed)", ours, "", None))
    rows.append((f"exact P(win), n={nb}, K=2^20", o2, "plain numpy/scipy O(n^2) sum, same n", theirs))
    s = bounds.Scenario(K=K, d=dd, eps=0.2)
    s.labels_needed(0.05)
    t = best_of(lambda: s.labels_needed(0.05), repeat=3)
    rows.append(("Scenario(K=2^20, d=0.1, eps=0.2).labels_needed(0.05) incl. exact search", t, "", None))


def bench_sympy(rows, size):
    """Our vectorized evaluation against sympy evalf point by point (timed on a few points, scaled)."""
    import sympy as sp

    from bounds.vocabulary import SYMBOLS

    b = bounds.bound("race.union_chernoff")
    rng = np.random.default_rng(2)
    m = 30
    pts = [{SYMBOLS["n"]: float(rng.uniform(1, 1e4)), SYMBOLS["K"]: float(2 ** rng.uniform(1, 40)),
            SYMBOLS["d"]: float(rng.uniform(0.01, 1)), SYMBOLS["eps"]: float(rng.uniform(0, 0.45)),
            SYMBOLS["alpha"]: 0.0} for _ in range(m)]
    expr = b.expr.rewrite(sp.sqrt)

    def loop():
        for p in pts:
            expr.subs(p).evalf()

    per_point = best_of(loop, repeat=1) / m
    args = {"n": rng.uniform(1, 1e4, size), "K": 2 ** rng.uniform(1, 40, size), "d": rng.uniform(0.01, 1, size),
            "eps": rng.uniform(0, 0.45, size), "alpha": np.zeros(size)}
    ours = best_of(lambda: b(**args), repeat=3)
    rows.append((f"evaluate race.union_chernoff at {size:.0e} points", ours,
                 f"sympy subs().evalf() point by point (timed on {m}, scaled)", per_point * size))


def bench_solve_reference(rows, size):
    """Solve for n: ours (vectorized) vs a scalar brentq loop on the same bound, and statsmodels' solve_power."""
    from scipy.optimize import brentq

    b = bounds.bound("race.union_chernoff")
    rng = np.random.default_rng(3)
    pts = {"K": 2 ** rng.uniform(1, 40, size), "d": rng.uniform(0.01, 1, size), "eps": rng.uniform(0, 0.45, size),
           "alpha": np.zeros(size), "delta": np.exp(rng.uniform(-30, -1, size))}
    ours = best_of(lambda: b.solve("n", **pts), repeat=3)
    m = 300

    def brentq_loop():
        for i in range(m):
            p = {k: float(v[i]) for k, v in pts.items()}
            dl = p.pop("delta")
            g = lambda n: float(b._log_value({**{k: np.asarray(v) for k, v in p.items()}, "n": np.asarray(n)})) - math.log(dl)  # noqa: E731
            brentq(g, 0.0, 1e12, rtol=1e-12)

    theirs = best_of(brentq_loop, repeat=1) * size / m
    rows.append((f"solve race.union_chernoff for n at {size:.0e} points", ours,
                 f"scalar scipy brentq loop on the same bound (timed on {m}, scaled)", theirs))
    try:
        from statsmodels.stats.power import NormalIndPower
    except ImportError:
        rows.append(("statsmodels not installed: solve_power reference skipped", 0.0, "", None))
        return
    power = NormalIndPower()
    m2 = 100
    es = rng.uniform(0.05, 1.0, m2)

    def sm_loop():
        for e in es:
            power.solve_power(effect_size=e, alpha=0.05, power=0.8, nobs1=None)

    theirs2 = best_of(sm_loop, repeat=1) * size / m2
    rows.append((f"solve race.union_chernoff for n at {size:.0e} points", ours,
                 f"statsmodels NormalIndPower.solve_power for nobs1, per call (timed on {m2}, scaled; a different "
                 "question: two-sample z-test sample size — the familiar reference)", theirs2))


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
    rows.append((f"Monte Carlo duel, n=1e4, {trials:.0e} trials ({trials / ours:,.0f} trials/s)", ours,
                 f"label-by-label numpy simulation (timed on {lbl_trials} trials, scaled)", theirs))
    # exact vs Monte Carlo at equal accuracy, at the operating point P(fail) ~ 0.05: MC needs
    # p(1-p)/se^2 trials for standard error se; ask for se = 1% of p (the exact routine is
    # accurate to ~1e-12 relative, so this favours MC)
    K = 2.0**10
    n2 = int(bounds.Scenario(K=K, d=0.2, eps=0.2).labels_needed(0.05).exact)
    t_exact = best_of(lambda: _exact.race_log_probs(n2, K, 0.2, 0.8, 0.0), repeat=3)
    p = float(np.exp(_exact.race_log_probs(n2, K, 0.2, 0.8, 0.0)[1]))
    probe = 20_000
    t_probe = best_of(lambda: simulate.race(n=n2, K=K, d=0.2, eps=0.2, trials=probe, seed=2), repeat=1)
    need = p * (1 - p) / (0.01 * p) ** 2
    rows.append((f"exact P(fail) race n={n2}, K=2^10 (p={p:.3g}) vs MC to 1% relative s.e. ({need:,.0f} trials)",
                 t_exact, f"Monte Carlo race (timed on {probe} trials, scaled)", t_probe * need / probe))


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true", help="smaller sizes (for smoke tests)")
    p.add_argument("--markdown", default=str(pathlib.Path(__file__).resolve().parents[1] / "docs" / "performance.md"),
                   help="write the table as Markdown to this path (default: docs/performance.md; '' to skip)")
    a = p.parse_args(argv)
    warnings.simplefilter("ignore")
    rows = []
    bench_eval(rows, 10**5 if a.quick else 10**6)
    bench_solve(rows, 10**4 if a.quick else 10**5)
    bench_exact(rows, a.quick)
    bench_sympy(rows, 10**5 if a.quick else 10**6)
    bench_solve_reference(rows, 10**4 if a.quick else 10**5)
    bench_monte_carlo(rows, a.quick)
    header = f"alignment-bounds benchmarks — Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}"
    print(header)
    print(f"{'case':<88} {'ours (s)':>10} {'baseline (s)':>13} {'ratio':>8}  baseline")
    md = [
        "# Performance",
        "",
        "Written by `make bench` (`bench/run.py`). Each figure is the best of several repeats; each",
        "ratio compares ours with a baseline timed back to back in the same process, because these",
        "machines are noisy: compare the ratios across runs, read the seconds against the targets.",
        "",
        header,
        "",
        "| case | ours (s) | baseline (s) | ours / baseline | baseline |",
        "|---|---|---|---|---|",
    ]
    for name, ours, bname, theirs in rows:
        ratio = f"{ours / theirs:.3g}" if theirs else ""
        bt = f"{theirs:.4g}" if theirs else ""
        print(f"{name:<88} {ours:>10.4g} {bt:>13} {ratio:>8}  {bname}")
        md.append(f"| {name.strip()} | {ours:.4g} | {bt} | {ratio} | {bname} |")
    if a.markdown:
        with open(a.markdown, "w") as fh:
            fh.write("\n".join(md) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
