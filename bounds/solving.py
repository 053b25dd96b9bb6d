r"""Solve strategies: how `Bound.solve` finds the value of one symbol at which a bound reaches a target.

`Bound.solve(name, **given)` validates its inputs and flattens them to 1-d arrays, then
asks the bound's *solve strategy* for the answer and turns the per-point status codes into
warnings. The generic strategy, `generic_solve`, serves every bound: closed forms found by
sympy where they exist (verified point by point by bracketing), otherwise `bisect`, a
bracketed root finder in a transformed coordinate. A bound can bring its own strategy for
some unknowns — the exact bounds search integers — by passing `solver=` to `Bound`; it
returns `None` for the unknowns it leaves to the generic strategy.

A solve strategy is any callable with the signature of `SolveStrategy`:

`strategy(bound, name, target, rest, rtol) -> (x, status) or None`

* `bound` — the `Bound` being solved;
* `name` — the unknown: one of `bound.inputs`, or `"bits"` for a bound with `K`;
* `target` — the subject's values, a 1-d float array;
* `rest` — the other inputs, validated, with defaults filled: a dict of 1-d float arrays
  of the same length as `target`, or of length 1 (broadcast);
* `rtol` — the relative tolerance asked for.

It returns `None` (the generic strategy then applies) or `(x, status)`: two 1-d arrays of
the length of `target`, the answers and one status code per point — `SOLVED` (0),
`NO_SOLUTION` (1: no value in the unknown's domain reaches the target; `x` is `inf` for a
domain unbounded above, `nan` otherwise), `OVERFLOW` (2: the answer exceeds the largest
double; `x` is `inf`) or `UNDETERMINED` (3: not found; `x` is `nan`). Answers lie in the
unknown's domain, and the set $\{x : f(x) \le t\}$ is on the side of the answer that
`bound.monotone[name]` says (above it where $f$ decreases in `name`).

A strategy evaluates the bound with `Bound.log_value` (the log of the value at validated
arrays, no checks), tests points with `feasible` and may fall back on `generic_solve` or
`Bound.solve_points` of another bound (for a bracket).

Examples
--------
A strategy that rounds the labels up to whole labels and leaves the other unknowns to the
generic strategy:

>>> import numpy as np
>>> import bounds
>>> from bounds.solving import generic_solve
>>> def whole_labels(bound, name, target, rest, rtol):
...     if name != "n":
...         return None
...     x, status = generic_solve(bound, name, target, rest, rtol)
...     return np.ceil(x), status
>>> b = bounds.bound("duel.hoeffding").replace(id="hoeffding.whole", solver=whole_labels)
>>> b.solve("n", d=0.1, eps=0.2, delta=0.05)
1665.0
>>> round(bounds.bound("duel.hoeffding").solve("n", d=0.1, eps=0.2, delta=0.05), 2)
1664.3
"""
from __future__ import annotations

import math
from typing import Protocol, runtime_checkable

import numpy as np

from .quantities import Point
from .vocabulary import PARAMETERS

__all__ = ["FLOAT_MAX", "NO_SOLUTION", "OVERFLOW", "SOLVED", "UNDETERMINED", "SolveStrategy",
           "bisect", "feasible", "generic_solve", "log_f"]

#: Largest finite double: answers beyond it overflow (`SolutionOverflowWarning`).
FLOAT_MAX = float(np.finfo(float).max)

#: Status code of a point: solved.
SOLVED = 0
#: Status code of a point: no value in the unknown's domain reaches the target.
NO_SOLUTION = 1
#: Status code of a point: the answer exceeds the largest double.
OVERFLOW = 2
#: Status code of a point: not determined (the feasible set, if any, was not found).
UNDETERMINED = 3


@runtime_checkable
class SolveStrategy(Protocol):
    r"""The signature of a solve strategy (`Bound(..., solver=strategy)`): see `__call__`.

    Any callable with that signature is one; `isinstance(f, SolveStrategy)` checks only
    that `f` is callable.

    Examples
    --------
    >>> from bounds.solving import SolveStrategy
    >>> def leave_it(bound, name, target, rest, rtol):
    ...     return None
    >>> isinstance(leave_it, SolveStrategy)
    True
    """

    def __call__(self, bound, name: str, target: np.ndarray, rest: dict, rtol: float):
        r"""Solve `bound` for `name` at every point, or return None to leave `name` to `generic_solve`.

        Parameters
        ----------
        bound : Bound
            The bound being solved.
        name : str
            The unknown (one of `bound.inputs`, or `"bits"`).
        target : numpy.ndarray
            The subject's values (1-d).
        rest : dict of numpy.ndarray
            The other inputs, validated, 1-d arrays of the length of `target` or of length 1.
        rtol : float
            Relative tolerance of the answer.

        Returns
        -------
        tuple of numpy.ndarray or None
            `(x, status)` (status codes `SOLVED`, `NO_SOLUTION`, `OVERFLOW`, `UNDETERMINED`),
            or None.
        """
        ...  # pragma: no cover


def log_f(bound, name, x, rest):
    r"""$\ln f$ of `bound` with the unknown `name` set to `x` and the other inputs from `rest`.

    Parameters
    ----------
    bound : Bound
        The bound.
    name : str
        The unknown.
    x : numpy.ndarray
        Its values (1-d).
    rest : dict or bounds.quantities.Point
        The other inputs, validated (1-d arrays). Given a `Point`, its derived quantities
        that do not depend on `name` are reused (computed once per solve, not once per step).

    Returns
    -------
    numpy.ndarray
        The log values.

    Examples
    --------
    >>> import numpy as np
    >>> import bounds
    >>> b = bounds.bound("duel.hoeffding")
    >>> rest = b.prepare({"d": 1.0, "eps": 0.1}, required=("d", "eps"))
    >>> np.round(log_f(b, "n", np.array([10.0]), rest), 4)
    array([-3.2])
    """
    if isinstance(rest, Point):
        return bound.log_value(rest.with_value(name, x))
    arrays = dict(rest)
    arrays[name] = x
    return bound.log_value(arrays)


def feasible(bound, name, x, rest, log_target):
    r"""Whether the bound reaches the target at `x`: $\ln f(x) \le \ln t$, up to rounding.

    A few ulps of slack ($10^{-15}\max(1, |\ln t|)$) absorb the rounding of exp and log, so
    that a target equal to `bound.evaluate` at $x$ is reached at $x$; none at a target of 0.

    Parameters
    ----------
    bound : Bound
        The bound.
    name : str
        The unknown.
    x : numpy.ndarray
        Candidate values (1-d).
    rest : dict or bounds.quantities.Point
        The other inputs (as for `log_f`).
    log_target : numpy.ndarray
        $\ln t$ at each point.

    Returns
    -------
    numpy.ndarray of bool
        True where the target is reached.

    Examples
    --------
    >>> import numpy as np
    >>> import bounds
    >>> b = bounds.bound("duel.hoeffding")
    >>> rest = {"d": np.array([1.0]), "eps": np.array([0.1]), "alpha": np.array([0.0]),
    ...         "s": np.array([0.0]), "q_hard": np.array([0.0])}
    >>> feasible(b, "n", np.array([10.0, 20.0]), rest, np.log([0.01, 0.01])).tolist()
    [False, True]
    """
    lf = log_f(bound, name, x, rest)
    slack = np.where(np.isfinite(log_target), 1e-15 * np.maximum(1.0, np.abs(log_target)), 0.0)
    return lf <= log_target + slack


def generic_solve(bound, name, target, rest, rtol, method="auto"):
    r"""The generic solve strategy: verified closed forms, then bracketed root finding.

    Closed forms found by sympy (`Bound.closed_forms`) are tried first — by default only
    for more than 64 points, so that a scalar solve never imports sympy — and each
    candidate is accepted where bracketing confirms it: the bound reaches the target at
    the candidate times $(1 \pm$ `rtol`$)$ on the feasible side and not on the other. The
    remaining points go to `bisect`.

    Parameters
    ----------
    bound : Bound
        The bound; it must be monotone in `name` (`bound.monotone`).
    name : str
        The unknown.
    target : numpy.ndarray
        The subject's values (1-d).
    rest : dict of numpy.ndarray
        The other inputs (1-d, the length of `target` or 1).
    rtol : float
        Relative tolerance.
    method : {'auto', 'closed_form', 'bisection'}
        As for `Bound.solve`.

    Returns
    -------
    x, status : numpy.ndarray
        The answers and their status codes.

    Raises
    ------
    NotImplementedError
        If the bound is not monotone in `name`.

    Examples
    --------
    >>> import numpy as np
    >>> import bounds
    >>> b = bounds.bound("duel.hoeffding")
    >>> rest = {"d": np.array([1.0]), "eps": np.array([0.1]), "alpha": np.array([0.0]),
    ...         "s": np.array([0.0]), "q_hard": np.array([0.0])}
    >>> x, status = generic_solve(b, "n", np.array([0.01]), rest, 1e-12)
    >>> np.round(x, 4).tolist(), status.tolist()
    ([14.3912], [0])
    """
    size = target.size
    rest = {k: np.broadcast_to(v, (size,)) if v.size == 1 else v for k, v in rest.items()}
    with np.errstate(all="ignore"):
        log_target = np.log(target)
    key = "K" if name == "bits" else name
    dom = PARAMETERS[name].domain
    s = bound.monotone.get(key)
    if s not in (1, -1):
        raise NotImplementedError(
            f"{bound.id}: solving for {name} needs a bound monotone in {name}, and this one is not "
            f"({bound.conditions})"
        )
    x = np.full(size, np.nan)
    done = np.zeros(size, bool)
    use_cf = method == "closed_form" or (method == "auto" and size > 64)
    if use_cf and bound.use_closed_forms and name != "bits":
        x, done = _try_closed_forms(bound, name, target, rest, log_target, dom, s, rtol)
    status = np.zeros(size, np.int8)
    todo = ~done
    if todo.any():
        idx = np.nonzero(todo)[0]
        sub = {k: v[idx] for k, v in rest.items()}
        xs, st = bisect(bound, name, log_target[idx], sub, s, rtol)
        x[idx] = xs
        status[idx] = st
    return x, status


def _try_closed_forms(bound, name, target, rest, log_target, dom, s, rtol):
    size = target.size
    x = np.full(size, np.nan)
    done = np.zeros(size, bool)
    try:
        fns = bound.closed_form_functions(name)
    except Exception:  # pragma: no cover - no sympy solution machinery for this bound
        return x, done
    args = [rest[k] if k != bound.subject else target for k in bound.symbols if k != name]
    for fn in fns:
        if done.all():
            break
        try:
            cand = np.asarray(fn(*args), dtype=float)
        except Exception:  # pragma: no cover - a candidate that does not evaluate is skipped
            continue
        cand = np.broadcast_to(cand, (size,)).astype(float)
        ok = (~done) & np.isfinite(cand) & dom.contains(cand) & (cand > 0)
        if ok.any():
            # bracket: on the feasible side of cand (1 +- rtol) the bound reaches the target,
            # on the other side it does not, so the true boundary is within rtol of cand
            up, down = cand * (1 + rtol), cand * (1 - rtol)
            feas_side, infeas_side = (up, down) if s == -1 else (down, up)
            ok &= dom.contains(feas_side) & feasible(bound, name, feas_side, rest, log_target)
            inside = dom.contains(infeas_side)
            ok &= ~inside | ~feasible(bound, name, np.where(inside, infeas_side, cand), rest, log_target)
            x = np.where(ok, cand, x)
            done |= ok
    return x, done


def _search_range(name, rest, m):
    """The unknown's search range: lower ends (array), upper end, the first and last points
    inside the domain (arrays), and the range of the transformed coordinate."""
    dom = PARAMETERS[name].domain
    lo, hi = dom.low, dom.high
    low_closed = dom.low_closed
    if name in ("K", "bits") and "K_dec" in rest:
        # K_dec deceptive policies need K >= K_dec + 1
        kmin = np.asarray(rest["K_dec"], float) + 1.0
        lo = np.maximum(lo, kmin if name == "K" else np.log2(kmin))
        low_closed = True
    lo = np.broadcast_to(np.asarray(lo, float), (m,))
    if hi == math.inf:
        t_lo, t_hi = -745.2, math.log(FLOAT_MAX) - 1e-9
        hi_pt = np.full(m, FLOAT_MAX)
    else:
        t_lo, t_hi = -745.2, 40.0
        hi_pt = np.full(m, hi if dom.high_closed else np.nextafter(hi, dom.low))
    lo_pt = lo.copy() if low_closed else np.nextafter(lo, hi)
    return lo, hi, lo_pt, hi_pt, t_lo, t_hi


def _ends(bound, name, rest, log_target, s, lo_pt, hi_pt, hi):
    """Points where every value, or none, reaches the target: (out, status, all_ok, none_ok)."""
    m = log_target.size
    feas_lo = feasible(bound, name, lo_pt, rest, log_target)
    feas_hi = feasible(bound, name, hi_pt, rest, log_target)
    out = np.full(m, np.nan)
    status = np.full(m, SOLVED, np.int8)
    if s == -1:  # feasible set [x*, hi]
        all_ok = feas_lo
        none_ok = ~feas_hi & ~all_ok
        out[all_ok] = lo_pt[all_ok]
    else:  # feasible set [lo, x*]
        all_ok = feas_hi
        none_ok = ~feas_lo & ~all_ok
        out[all_ok] = hi_pt[all_ok]
    if hi == math.inf:
        # beyond the largest double: the limit x -> inf decides between "none" and "overflow"
        at_inf = feasible(bound, name, np.full(m, math.inf), rest, log_target)
        if s == -1:
            status[none_ok & at_inf] = OVERFLOW
            status[none_ok & ~at_inf] = NO_SOLUTION
        else:
            status[none_ok] = NO_SOLUTION
            out[all_ok & at_inf] = math.inf
            over = all_ok & ~at_inf
            status[over] = OVERFLOW
            out[over] = math.inf
        out[none_ok] = math.inf
    else:
        status[none_ok] = NO_SOLUTION
    return out, status, all_ok, none_ok


def bisect(bound, name, log_target, rest, s, rtol):
    r"""Bracketed root finding for the boundary of $\{x : \ln f(x) \le \ln t\}$, point by point.

    The search runs in a transformed coordinate $t$: $x = \mathrm{lo} + e^t$ on a domain
    unbounded above, $x = \mathrm{lo} + (\mathrm{hi} - \mathrm{lo})/(1 + e^{-t})$ on a bounded
    one (for `K` or `bits` with `K_dec` given, from $K = K_{\mathrm{dec}} + 1$). Points where
    every value, or none, reaches the target are settled at the domain's ends first (with
    `NO_SOLUTION` or `OVERFLOW`); the others are bracketed — bisection in $t$ to a factor
    $e^2$, then Illinois steps in $t$ and in $x$ down to `rtol`.

    Parameters
    ----------
    bound : Bound
        The bound.
    name : str
        The unknown.
    log_target : numpy.ndarray
        $\ln t$ (1-d).
    rest : dict of numpy.ndarray
        The other inputs (1-d arrays of the length of `log_target`).
    s : {1, -1}
        $+1$ if $f$ increases in `name`, $-1$ if it decreases.
    rtol : float
        Relative tolerance.

    Returns
    -------
    x, status : numpy.ndarray
        The answers and their status codes.

    Examples
    --------
    >>> import numpy as np
    >>> import bounds
    >>> b = bounds.bound("duel.hoeffding")
    >>> rest = {"d": np.array([1.0]), "eps": np.array([0.1]), "alpha": np.array([0.0]),
    ...         "s": np.array([0.0]), "q_hard": np.array([0.0])}
    >>> x, status = bisect(b, "n", np.log([0.01]), rest, -1, 1e-12)
    >>> np.round(x, 4).tolist(), status.tolist()
    ([14.3912], [0])
    """
    m = log_target.size
    lo, hi, lo_pt, hi_pt, t_lo, t_hi = _search_range(name, rest, m)
    out, status, all_ok, none_ok = _ends(bound, name, rest, log_target, s, lo_pt, hi_pt, hi)
    work = ~(all_ok | none_ok)
    if work.any():
        idx = np.nonzero(work)[0]
        lo_arr = lo[idx]
        if hi == math.inf:
            def x_of(t):
                return lo_arr + np.exp(t)
        else:
            span_arr = hi - lo_arr

            def x_of(t):
                return lo_arr + span_arr / (1.0 + np.exp(-t))
        sub = Point({k: v[idx] for k, v in rest.items() if k in PARAMETERS})
        out[idx] = _bracket(bound, name, log_target[idx], sub, x_of, t_lo, t_hi, s, rtol, lo_pt[idx], hi_pt[idx])
    return out, status


def _bracket(bound, name, lt, sub, x_of, t_lo, t_hi, s, rtol, lo_pt, hi_pt):
    """A bracketing root finder: in the coordinate t to a coarse bracket, then in x itself.

    Both phases keep a feasible and an infeasible end. Phase 1 bisects in t while the
    bracket spans more than a factor e^2 (g = log f - log target is far from linear there),
    then takes Illinois steps (regula falsi with the stale end's value halved) down to a
    relative width of 1e-3; phase 2 does the same in x, where a step that would land
    within rtol of an end is moved rtol/2 inside, so the bracket closes to rtol in a few
    steps. Every third step is a bisection: the bracket at least halves every three steps
    whatever g looks like."""
    slack = np.where(np.isfinite(lt), 1e-15 * np.maximum(1.0, np.abs(lt)), 0.0)

    def g_of(x):
        with np.errstate(all="ignore"):
            return log_f(bound, name, x, sub) - lt - slack

    m = lt.size
    tf = np.full(m, t_hi if s == -1 else t_lo)
    ti = np.full(m, t_lo if s == -1 else t_hi)
    gf, gi = np.full(m, -np.inf), np.full(m, np.inf)
    tf, ti, gf, gi = _illinois(g_of, x_of, tf, ti, gf, gi, 1e-3, phase="t")
    xf = np.clip(x_of(tf), lo_pt, hi_pt)
    xi = np.clip(x_of(ti), lo_pt, hi_pt)
    xf, xi, _, _ = _illinois(g_of, lambda x: x, xf, xi, gf, gi, rtol, phase="x")
    return xf


def _illinois(g_of, x_of, tf, ti, gf, gi, rtol, phase):
    """Bracketing iterations on g (feasible where g <= 0) in coordinate u (x = x_of(u)).

    `tf`, `ti`: the feasible and infeasible ends (arrays); `gf`, `gi`: g there (inf/-inf when
    unknown). Regula falsi with the Illinois modification; a step that would land within
    rtol/4 of an end (in x) is moved rtol/2 inside, so a one-sided approach still closes the
    bracket; where the bracket has not halved in three steps the next step bisects. Stops
    where |x(tf) - x(ti)| <= rtol max(|x|), or where u cannot resolve the bracket further."""
    side = np.zeros(tf.size, np.int8)  # which end moved last: +1 feasible, -1 infeasible
    width3 = [np.abs(tf - ti)] * 3
    for it in range(400):
        xf, xi = x_of(tf), x_of(ti)
        scale = np.maximum(np.abs(xf), np.abs(xi))
        open_ = np.abs(xf - xi) > rtol * scale
        mid = tf + 0.5 * (ti - tf)
        open_ &= (mid != tf) & (mid != ti)
        if not open_.any():
            break
        with np.errstate(all="ignore"):
            sec = tf - gf * (ti - tf) / (gi - gf)
            # the step in u that moves x by rtol/2 (x_of is monotone; its slope from the bracket)
            du = 0.5 * rtol * scale * np.abs(ti - tf) / np.maximum(np.abs(xi - xf), 1e-300)
        toward = np.sign(ti - tf)
        sec = np.where(np.abs(sec - tf) < 0.5 * du, tf + toward * du, sec)
        sec = np.where(np.abs(sec - ti) < 0.5 * du, ti - toward * du, sec)
        lo_u, hi_u = np.minimum(tf, ti), np.maximum(tf, ti)
        ok_sec = np.isfinite(gf) & np.isfinite(gi) & (gi > gf) & (sec > lo_u) & (sec < hi_u)
        if phase == "t":
            ok_sec &= np.abs(tf - ti) < 2.0  # g is far from linear across a factor beyond e^2
        stalled = np.abs(tf - ti) > 0.5 * width3[0]
        u = np.where(ok_sec & ~stalled, sec, mid)
        u = np.where(open_, u, tf)
        g = g_of(x_of(u))
        feas = g <= 0
        move_f, move_i = open_ & feas, open_ & ~feas
        gi = np.where(move_f & (side == 1) & np.isfinite(gi), gi / 2, gi)
        gf = np.where(move_i & (side == -1) & np.isfinite(gf), gf / 2, gf)
        tf, gf = np.where(move_f, u, tf), np.where(move_f, g, gf)
        ti, gi = np.where(move_i, u, ti), np.where(move_i, g, gi)
        side = np.where(move_f, 1, np.where(move_i, -1, side)).astype(np.int8)
        width3 = width3[1:] + [np.where(stalled, np.abs(tf - ti), width3[0])]
    return tf, ti, gf, gi
