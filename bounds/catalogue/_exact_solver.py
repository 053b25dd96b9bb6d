r"""The solve strategy of the exact bounds: integer searches on exact probabilities.

An exact bound gives $P(\text{lose})$ for integer $n$ and $K$. Solving it for $n$ returns
the smallest integer $n$ whose exact failure probability is at most the target; for $K$
(or `bits`) the largest integer $K$. Both searches are `bounds._exact.smallest_n` and
`bounds._exact.largest_K`: a few exact evaluations, bracketed by the bounds already at
hand — the Chernoff union bound above (it is never below the exact count) and the
generic objective's two-point bound below — with bounded time for any answer.

Private module: bounds use it through `Bound(solver=exact_solver(...))`, a solve strategy in
the sense of `bounds.solving` (it evaluates bounds through `Bound.log_value` and
`Bound.solve_points` only).
"""
from __future__ import annotations

import math

import numpy as np

from ..errors import ParameterValueError
from .. import _exact
from .._exact import MAX_EXACT_N
from ..quantities import Point
from ..solving import NO_SOLUTION, OVERFLOW, SOLVED, UNDETERMINED

LN2 = math.log(2.0)


def exact_solver(upper_bound, lower_bound, model):
    r"""A solve strategy (`bounds.solving.SolveStrategy`) for an exact bound.

    Parameters
    ----------
    upper_bound : Bound
        A sufficient bound on the same failure probability (its $n$ is never smaller).
    lower_bound : Bound
        A necessary bound on the failure probability ($\delta \ge f$), for the lower end.
    model : callable
        `model(point) -> (log_K, m, q_c, 1 - q_c, ordinary, deceptive)`, the engine's inputs.

    Returns
    -------
    callable
        `solver(bound, name, target, rest, rtol)`, handling `n`, `K` and `bits` (None for
        other unknowns: the generic bisection then applies).

    Examples
    --------
    >>> import bounds
    >>> b = bounds.bound("duel.exact")
    >>> b.solve("n", d=1.0, eps=0.1, delta=0.01)   # the smallest n whose exact P(lose) is at most 0.01
    5.0
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
                out[i], status[i] = _smallest_n(bound, upper_bound, lower_bound, model, point, float(target[i]))
            else:
                out[i], status[i] = _largest_K(bound, model, point, float(target[i]), name)
        return out, status

    return solver


def _scalars(model, point):
    lnK, m, qc, qcc, ordinary, deceptive = model(Point({k: np.asarray(v, float) for k, v in point.items()}))
    f = lambda x: float(np.asarray(x).reshape(-1)[0])  # noqa: E731
    grp = lambda g: None if g is None else tuple(f(x) for x in g)  # noqa: E731
    return f(lnK), f(m), f(qc), f(qcc), grp(ordinary), grp(deceptive)


def _smallest_n(bound, upper, lower, model, point, target):
    log_t = math.log(target)
    one = {k: np.array([v]) for k, v in point.items()}
    with np.errstate(all="ignore"):
        n_hi, st = upper.solve_points("n", np.array([target]), one, 1e-12)
    if st[0] != SOLVED or not math.isfinite(n_hi[0]):
        return _no_margin_n(bound, model, point, target)
    hi = int(math.ceil(n_hi[0] * (1 + 1e-12)))
    while upper.log_value({**one, "n": np.array([float(hi)])})[0] > log_t:  # rounding of the root
        hi += 1
    if hi > MAX_EXACT_N:
        hi = _feasible_cap(model, point, log_t)
        if hi is None:
            raise ParameterValueError(
                f"{bound.id}: the labels needed exceed the reach of exact computation "
                f"(the Chernoff bound gives n <= {n_hi[0]:g} > {MAX_EXACT_N:g}, and the exact P(lose) at "
                f"{MAX_EXACT_N:g} labels is above the target)"
            )
    lo = 0
    with np.errstate(all="ignore"):
        low, st = lower.solve_points("n", np.array([target]), {k: v for k, v in one.items() if k in lower.inputs}, 1e-9)
    if st[0] == SOLVED and math.isfinite(low[0]):
        lo = max(0, min(int(math.floor(low[0] * (1 - 1e-9))) - 1, hi))
    lnK, m, qc, qcc, ordinary, deceptive = _scalars(model, point)
    return float(_exact.smallest_n(log_t, lnK, m, qc, qcc, ordinary, deceptive, hi=hi, lo=lo)), SOLVED


def _feasible_cap(model, point, log_t):
    """A cap within reach at which both parities already meet the target (None if none does).

    Where the Chernoff bound's n is beyond `MAX_EXACT_N` the exact count may still be within
    reach (a small margin makes Chernoff loose). Feasible at a cap and one below it, every
    larger n is feasible too, by the monotonicity within each parity class that
    `bounds._exact.smallest_n` relies on above 64 labels.
    """
    lnK, m, qc, qcc, ordinary, deceptive = _scalars(model, point)
    for cap in (MAX_EXACT_N // 5, MAX_EXACT_N):
        ll, _ = _exact.latent_race_log_probs(np.array([cap - 1.0, float(cap)]), lnK, m, qc, qcc, ordinary, deceptive,
                                             which="lose")
        if np.all(np.asarray(ll) <= log_t):
            return cap
    return None


def _no_margin_n(bound, model, point, target):
    r"""The smallest n when no margin is left against the weakest unaligned policy.

    The generic objective then wins the duel against that policy with probability at most
    $1/2$ (the evidence leans against it), so no $n$ reaches $\delta < 1/2$. For
    $\delta \ge 1/2$, $P(\text{lose})$ first falls (fewer ties) and then rises to 1: by
    Chernoff, $P(\text{win}) \le (1 - d(1 - \mathrm{BC}))^n$ with the bias reversed, so
    beyond $N = \ln(1-\delta)/\ln(1 - d(1-\mathrm{BC}))$ no $n$ reaches it. The exact
    values on a grid of ratio 1.05 up to $N$ locate the first feasible $n$ on the falling
    part, and the smallest $n$ below it is then searched as usual (within parity classes).
    Where no grid point is feasible the answer is reported as not determined (`nan`): the
    feasible set, if any, is narrower than the grid."""
    if target < 0.5:
        return math.inf, NO_SOLUTION
    p = Point({k: np.asarray(v, float) for k, v in point.items()})
    x, m_ = float(p["bias_dec"]), float(p["minor_dec"])
    if "K" in bound.inputs and "K_dec" in point:
        from .race import log_count

        if float(log_count(p, 1.0 + float(p["K_dec"]))) > -math.inf and float(p["bias_alpha"]) < x:
            x, m_ = float(p["bias_alpha"]), float(p["minor_alpha"])  # an ordinary policy is weaker
    if x >= 0.0:
        return math.nan, UNDETERMINED  # a margin of exactly 0: P(lose) tends to 1/2 from above; not searched
    from .duel import log_chernoff

    log_base = float(log_chernoff(1.0, float(p["d"]), -x, m_))  # the reversed duel's Chernoff base
    if log_base == 0.0:
        return math.inf, NO_SOLUTION
    N = min(int(math.floor(math.log1p(-target) / log_base)) + 1, MAX_EXACT_N)
    log_t = math.log(target)
    slack = 1e-13 * max(1.0, abs(log_t))
    grid = sorted({0, 1, 2, 3} | {int(round(1.05**k)) for k in range(int(math.log(max(N, 2)) / math.log(1.05)) + 2)})
    prev = 0
    for n in (g for g in grid if g <= N):
        pt = {**{k: np.asarray(v, float) for k, v in point.items()}, "n": np.asarray(float(n))}
        if float(bound.log_value(pt)) <= log_t + slack:
            lnK, m, qc, qcc, ordinary, deceptive = _scalars(model, point)
            return float(_exact.smallest_n(log_t, lnK, m, qc, qcc, ordinary, deceptive, hi=n, lo=prev)), SOLVED
        prev = n
    return math.nan, UNDETERMINED


def _largest_K(bound, model, point, target, name):
    """Largest integer K (or its log2 as `bits`) with exact failure <= target."""
    log_t = math.log(target)
    probe = dict(point, bits=1.0)  # any K: the model's other inputs do not depend on it
    if "K_dec" in point:
        probe["bits"] = math.log2(point["K_dec"] + 1.0)
    _, m, qc, qcc, ordinary, deceptive = _scalars(model, probe)
    got = _exact.largest_K(log_t, int(point["n"]), m, qc, qcc, ordinary, deceptive)
    if got.log_K == -math.inf or got.K == 0:
        return math.nan, NO_SOLUTION
    if name == "bits":
        return (math.inf, OVERFLOW) if math.isinf(got.log_K) else (got.log_K / LN2, SOLVED)
    if math.isinf(got.log_K) or got.log_K > math.log(np.finfo(float).max):
        return math.inf, OVERFLOW
    return float(got.K), SOLVED
