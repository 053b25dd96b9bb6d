r"""The solve strategy of the exact bounds: integer searches on exact probabilities.

An exact bound gives $P(\text{lose})$ for integer $n$ and $K$. Solving it for $n$ returns
the smallest integer $n$ whose exact failure probability is at most the target; for $K$
(or `bits`) the largest integer $K$. $P(\text{lose})$ is not monotone in $n$ when ties are
possible (at $d = 1$ an even $n$ can tie, and ties lose), so the search runs separately
over odd and even $n$ — within each parity class it decreases while the margin is positive
— and returns the smaller. It is bracketed by the Chernoff union bound (never smaller than
the exact count) and a lower bound, and takes a few exact evaluations (interpolation in
$\log P$, which is close to linear in $n$, alternating with bisection). $P(\text{lose})$
increases with $K$, so the $K$ search is a bisection on $\log K$ followed by a bisection on
the integers: bounded time for any answer (no stepping).

Private module: bounds use it through `Bound(solver=exact_solver(...))`.
"""
from __future__ import annotations

import math

import numpy as np

from .._exact import MAX_EXACT_N


def exact_solver(upper_bound, lower_bound=None):
    r"""A `Bound.solver` for an exact bound, bracketed by a sufficient bound and optionally a lower one.

    Parameters
    ----------
    upper_bound : Bound
        A sufficient bound on the same failure probability (its $n$ is never smaller).
    lower_bound : Bound, optional
        A necessary bound on the failure probability ($\delta \ge f$), for the lower end.

    Returns
    -------
    callable
        `solver(bound, name, target, rest, rtol)`, handling `n`, `K` and `bits` (None for
        other unknowns: the generic strategy then applies).
    """

    def solver(bound, name, target, rest, rtol):
        if name not in ("n", "K", "bits"):
            return None
        size = target.size
        rest = {k: np.broadcast_to(v, (size,)) for k, v in rest.items()}
        out = np.empty(size)
        status = np.zeros(size, np.int8)
        for i in range(size):
            point = {k: float(v[i]) for k, v in rest.items()}
            if name == "n":
                out[i], status[i] = _smallest_n(bound, upper_bound, lower_bound, point, float(target[i]))
            else:
                out[i], status[i] = _largest_K(bound, upper_bound, point, float(target[i]), name, rtol)
        return out, status

    return solver


def _log_lose(bound, point):
    from ..quantities import Point

    return float(bound._log_kernel_value(Point({k: np.asarray(v, float) for k, v in point.items()})))


def _smallest_n(bound, upper, lower, point, target):
    log_t = math.log(target)
    with np.errstate(all="ignore"):
        n_hi, st = upper.solve_points("n", np.array([target]), {k: np.array([v]) for k, v in point.items()}, 1e-12)
    if st[0] != 0 or not math.isfinite(n_hi[0]):
        # the margin is gone: the exact failure probability tends to 1 (or stays >= 1/2)
        return math.inf, 1
    n_hi = int(math.ceil(n_hi[0]))
    if n_hi > MAX_EXACT_N:
        raise ValueError(
            f"{bound.id}: the labels needed exceed the reach of exact computation "
            f"(the Chernoff bound gives n <= {n_hi:g} > {MAX_EXACT_N:g})"
        )
    n_lo = 0
    if lower is not None:
        with np.errstate(all="ignore"):
            lo, st = lower.solve_points("n", np.array([target]), {k: np.array([v]) for k, v in point.items()
                                                                  if k in lower.inputs}, 1e-9)
        if st[0] == 0 and math.isfinite(lo[0]):
            n_lo = max(0, min(int(math.floor(lo[0])) - 1, n_hi))
    slack = 1e-13 * max(1.0, abs(log_t))

    def g(m):
        return _log_lose(bound, {**point, "n": float(m)}) - log_t - slack

    best = math.inf
    for parity in (0, 1):
        # smallest j with g(2j + parity) <= 0: feasible at the Chernoff count
        J = (n_hi + 1 - parity) // 2 + 1
        hi = J
        g_hi = g(2 * hi + parity)
        while g_hi > 0 and 2 * hi + parity <= MAX_EXACT_N:  # should not happen: Chernoff dominates
            hi *= 2
            g_hi = g(2 * hi + parity)
        lo = max(0, (n_lo - parity) // 2)
        g_lo = g(2 * lo + parity)
        if g_lo <= 0:
            if lo == 0:
                best = min(best, parity)
                continue
            lo, g_lo = 0, g(parity)
            if g_lo <= 0:
                best = min(best, parity)
                continue
        while hi - lo > 1:
            for step in ("secant", "bisect"):
                if hi - lo <= 1:
                    break
                if step == "secant" and math.isfinite(g_lo) and math.isfinite(g_hi) and g_lo != g_hi:
                    t = lo + (hi - lo) * g_lo / (g_lo - g_hi)
                    m = int(min(max(round(t), lo + 1), hi - 1))
                else:
                    m = (lo + hi) // 2
                gm = g(2 * m + parity)
                if gm <= 0:
                    hi, g_hi = m, gm
                else:
                    lo, g_lo = m, gm
        best = min(best, 2 * hi + parity)
    return float(best), 0


def _largest_K(bound, upper, point, target, name, rtol):
    """Largest integer K with exact failure <= target: bisection on log K, then on integers."""
    log_t = math.log(target)
    slack = 1e-13 * max(1.0, abs(log_t))

    def ok_lnK(lnK):
        p = {**point, "bits": lnK / math.log(2.0)}
        return _log_lose(bound, p) <= log_t + slack

    ln2 = math.log(2.0)
    if not ok_lnK(ln2):
        return (math.nan if name == "bits" else math.nan), 1
    # grow an upper end on log K
    a, b = ln2, 2.0 * ln2
    while ok_lnK(b):
        a, b = b, 2.0 * b
        if b > 1e7:  # K beyond e^(10^7): report as overflow of what we search
            return math.inf, 2
    # bisection on log K down to adjacent integers where K is below 2^53
    for _ in range(200):
        if b - a <= 1e-15 * b:
            break
        if a < 36.7:  # log(2^53): resolve integers
            Ka, Kb = math.floor(math.exp(a)), math.ceil(math.exp(b))
            if Kb - Ka <= 1:
                break
        mid = 0.5 * (a + b)
        if ok_lnK(mid):
            a = mid
        else:
            b = mid
    if a < 36.7:
        lo, hi = max(2, math.floor(math.exp(a))), math.ceil(math.exp(b)) + 1
        while not ok_lnK(math.log(lo)) and lo > 2:
            lo = max(2, lo // 2)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if ok_lnK(math.log(mid)):
                lo = mid
            else:
                hi = mid
        K = float(lo)
        return (math.log2(K) if name == "bits" else K), 0
    if name == "bits":
        return a / ln2, 0
    K = math.exp(a)
    return (K, 0) if math.isfinite(K) else (math.inf, 2)
