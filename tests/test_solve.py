"""`Bound.solve` round trips over every symbol of every bound, vectorized solving, and
closed forms against bisection.

Round trip: draw the inputs from the vocabulary's strategies, evaluate the bound, solve
for one input given that value, and get the input back. Two things make a round trip
undefined, and those draws are `assume`d away rather than tolerated:

* a flat region (the bound is vacuous there: 1, 0, 1/2, inf, or saturated in double
  precision) — detected as "a relative step of 1e-6 in the unknown does not change
  log f at all", so no unique preimage exists;
* a target outside the normal doubles (below 1e-300), where the target itself has
  lost its relative precision.

Tolerance: the solver accepts a point when log f is within 1e-13 max(1, |log t|) of the
target (`bounds.solving.feasible`; closed forms are verified to the same order), so the answer
is determined to about that divided by |d log f / dx|, the local slope. The test allows
1e-9 relative (the issue's tolerance) plus 2e-13 max(1, |log t|) / slope: the second
term matters only where the bound is nearly flat in the unknown, and is exactly the
forward error that a 1e-13 backward error implies there. Exact bounds (integer n) are
checked with integer semantics: `solve('n')` is the smallest n whose exact failure is at
most the target.
"""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import bounds
from bounds.vocabulary import PARAMETERS
from conftest import NO_SHRINK, bisection_only, params_strategy

CLOSED = [b for b in bounds.catalog() if b.direction != "exact"]
EXACT = [b for b in bounds.catalog() if b.direction == "exact"]
PAIRS = [(b.id, name) for b in CLOSED for name in b.inputs if b.monotone[name] in (1, -1)]
EXACT_PAIRS = [(b.id, name) for b in EXACT for name in b.inputs if b.monotone[name] in (1, -1)]
#: no parameter is held fixed for the exact bounds
EXACT_FIXED: dict = {}
NOT_MONOTONE = [(b.id, name) for b in bounds.catalog() for name in b.inputs
                if b.monotone[name] is None and not (b.direction == "exact" and name == "n")]


def _non_vacuous(b, v):
    assume(math.isfinite(v) and v >= 1e-300)
    if b.subject == "delta":
        # a probability within 1e-9 of 1 is saturated: log f ~ -(1 - f) is then within a few
        # orders of the solver's 1e-13 slack, and the preimage is not determined
        assume(v <= 1.0 - 1e-9)


def _local_slope(b, p, name, lv):
    """|d log f / dx| from one-sided steps that stay in the domain; assume() the point is not flat."""
    x0 = p[name]
    dom = PARAMETERS[name].domain
    h = 1e-6 * max(abs(x0), 1e-3)
    steps = [x for x in (x0 - h, x0 + h) if bool(dom.contains(x))]
    if b.direction == "exact" and name == "K":
        steps = [x for x in (x0 - 1, x0 + 1) if bool(dom.contains(x))]
        h = 1.0
    if name == "K" and "K_dec" in p:
        steps = [x for x in steps if x - 1 >= p["K_dec"]]  # K_dec deceptive among K - 1
    lvals = [b.log_evaluate(**{**p, name: x}) for x in steps]
    assume(steps and all(w != lv for w in lvals))
    return max(abs(w - lv) for w in lvals) / h


def _round_trip(b, name, p, rtol, method="auto"):
    try:
        v = b(**p)
    except ValueError as exc:  # a systematic error no latent model admits at this d
        assume("too large for this systematic error" not in str(exc))
        raise
    _non_vacuous(b, v)
    lv = b.log_evaluate(**p)
    slope = _local_slope(b, p, name, lv)
    given_ = {k: val for k, val in p.items() if k != name}
    given_[b.subject] = v
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a NoSolutionWarning here would be a bug
        x = b.solve(name, method=method, **given_)
    x0 = p[name]
    tol = rtol * abs(x0) + 2e-13 * max(1.0, abs(lv)) / slope
    assert abs(x - x0) <= tol, (
        f"{b.id}.solve({name!r}) at {p}: got {x!r}, want {x0!r} (|error| {abs(x - x0):.3g} > {tol:.3g}); "
        f"target {v!r}"
    )
    # the answer lies in the unknown's domain, and within rtol of the set {x : f(x) <= target}
    # that solve describes (closed forms are accepted when the target is bracketed at x (1 +- rtol))
    dom = PARAMETERS[name].domain
    assert bool(dom.contains(x)), f"{b.id}.solve({name!r}) returned {x!r}, outside {dom}"
    lx = b.log_evaluate(**{**p, name: x})
    assert lx <= lv + 1e-9 * max(1.0, abs(lv)) + 2e-12 * slope * abs(x)
    return x


# ---------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("bid, name", PAIRS, ids=[f"{i}-{n}" for i, n in PAIRS])
@settings(max_examples=25)
@given(data=st.data())
def test_round_trip(bid, name, data):
    b = bounds.bound(bid)
    p = data.draw(params_strategy(b.inputs), label="params")
    _round_trip(b, name, p, rtol=1e-9)


@pytest.mark.parametrize("bid, name", EXACT_PAIRS, ids=[f"{i}-{n}" for i, n in EXACT_PAIRS])
@settings(max_examples=3, phases=NO_SHRINK)
@given(data=st.data())
def test_round_trip_exact(bid, name, data):
    """Exact bounds, continuous unknowns: bisection with rtol = 1e-9 (ExactBound's floor)."""
    b = bounds.bound(bid)
    p = data.draw(params_strategy(b.inputs, exact=True, n_max=80, fixed=EXACT_FIXED.get(bid)), label="params")
    x = _round_trip(b, name, p, rtol=2e-9)
    if name == "K":  # the largest integer K whose failure is at most the target
        assert x == int(x)


@pytest.mark.parametrize("bid", [b.id for b in EXACT])
@settings(max_examples=6, phases=NO_SHRINK)
@given(data=st.data())
def test_round_trip_exact_n(bid, data):
    """solve('n') is the smallest integer n whose exact failure is at most the target.

    Failure is monotone within each parity class (tests/test_monotone.py), so it is enough
    that f(x) <= target and that the two integers below x (one of each parity) miss it."""
    b = bounds.bound(bid)
    p = data.draw(params_strategy(b.inputs, exact=True, fixed=EXACT_FIXED.get(bid)), label="params")
    try:
        v = b(**p)
    except ValueError as exc:  # a systematic error no latent model admits at this d
        assume("too large for this systematic error" not in str(exc))
        raise
    _non_vacuous(b, v)
    rest = {k: val for k, val in p.items() if k != "n"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        x = b.solve("n", delta=v, **rest)
    assert x == int(x) and 0 <= x <= p["n"]
    assert b(n=x, **rest) <= v * (1 + 1e-12)
    for m in (x - 1, x - 2):
        if m >= 0:
            assert b(n=m, **rest) > v, f"{bid}: n={m} already reaches {v!r}, but solve gave {x}"


@pytest.mark.parametrize("bid, name", NOT_MONOTONE, ids=[f"{i}-{n}" for i, n in NOT_MONOTONE])
def test_no_solve_where_not_monotone(bid, name):
    """A bisection would silently return a wrong answer: solve refuses, and says why."""
    b = bounds.bound(bid)
    given_ = {k: v for k, v in dict(n=10, K=5, d=0.5, eps=0.2, alpha=0.0, s=0.1, q_hard=0.3, K_dec=2,
                                    delta=0.03).items() if k in b.symbols and k != name}
    with pytest.raises(NotImplementedError, match=f"monotone in {name}"):
        b.solve(name, **given_)


def test_exact_duel_is_not_monotone_in_d():
    """Why duel.exact declares d not monotone: at d = 1 an even n ties (and ties lose)."""
    b = bounds.bound("duel.exact")
    # n = 2: P(lose) = (1-d)^2 + 2d(1-d) eps + d^2 (1 - q^2) = 0.3376 at d = 0.9, 0.36 at d = 1
    f = b(n=2, d=np.array([0.9, 1.0]), eps=0.2, alpha=0.0)
    assert f[0] == pytest.approx(0.3376, rel=1e-12) and f[1] == pytest.approx(0.36, rel=1e-12)
    f10 = b(n=10, d=np.array([0.9, 0.95, 1.0]), eps=0.2, alpha=0.0)
    assert f10[1] < f10[0] and f10[1] < f10[2]  # down, then up


# REFERENCES.md §3.9 is about K independent pairs, each a majority vote whose labels favour the
# aligned policy with probability p = (1 - alpha) [eps_r + (1 - 2 eps_r) sigma(Delta)]. Our duel
# at d = 1 is one such pair, with eps = 1 - [eps_r + (1 - 2 eps_r) sigma(Delta)] and the same
# alpha (q_alpha = p). The table's p is rounded to 6 digits; we use the exact p of its rows.
def _sigma(x):
    return 1.0 / (1.0 + math.exp(-x))


REF_3_9_ROWS = {  # (K unaligned, Delta, eps_r, alpha)
    "K=100": (100, 1.0, 0.2, 0.05),
    "K=10": (10, 0.5, 0.1, 0.0),
}


def _ref_duel(row):
    K, Delta, eps_r, alpha = REF_3_9_ROWS[row]
    eps = 1.0 - (eps_r + (1.0 - 2.0 * eps_r) * _sigma(Delta))
    return K, dict(d=1.0, eps=eps, alpha=alpha)


# "Exact smallest n with failure <= delta (ties fail, so the minimizer is odd)": for K pairs the
# failure is 1 - (1 - F)^K with F the duel's, so the smallest n is the duel's smallest n at the
# per-pair target 1 - (1 - delta)^(1/K).
@pytest.mark.parametrize("row, delta, n_exact", [("K=100", 0.05, 231), ("K=100", 0.01, 297),
                                                  ("K=10", 0.05, 169), ("K=10", 0.01, 245)])
def test_references_3_9_exact_smallest_n(row, delta, n_exact):
    K, duel = _ref_duel(row)
    assert (1 - duel["alpha"]) * (1 - duel["eps"]) == pytest.approx(0.606703 if K == 100 else 0.597967, abs=5e-7)
    per_pair = -math.expm1(math.log1p(-delta) / K)
    assert bounds.bound("duel.exact").solve("n", delta=per_pair, **duel) == n_exact


# "Required n for delta = 0.05: (K, p) = (100, 0.606703): Chernoff 326.13, Hoeffding 333.79;
# (10, 0.597967): Chernoff 270.69, Hoeffding 276.02" — a union over K pairs, i.e. our race
# bounds with K + 1 candidates (the union bound does not care how the pairs depend).
@pytest.mark.parametrize("row, chernoff, hoeffding", [("K=100", 326.13, 333.79), ("K=10", 270.69, 276.02)])
def test_references_3_9_sufficient_n(row, chernoff, hoeffding):
    K, duel = _ref_duel(row)
    args = dict(K=K + 1, delta=0.05, **duel)
    assert bounds.bound("race.union_chernoff").solve("n", **args) == pytest.approx(chernoff, abs=0.005)
    assert bounds.bound("race.union_hoeffding").solve("n", **args) == pytest.approx(hoeffding, abs=0.005)


# ---------------------------------------------------------------------------- vectorized


def _solve_quiet(b, name, **given_):
    """solve, with the warnings for unreachable targets and for answers beyond the largest float
    silenced (the targets are drawn at random; both cases are pinned by their own tests)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", bounds.NoSolutionWarning)
        warnings.simplefilter("ignore", bounds.SolutionOverflowWarning)
        return b.solve(name, **given_)


@pytest.mark.parametrize("bid, name", PAIRS, ids=[f"{i}-{n}" for i, n in PAIRS])
@settings(max_examples=8)
@given(data=st.data())
def test_vectorized_equals_elementwise(bid, name, data):
    """Arrays in, arrays out: the same answers as one point at a time, including inf/nan where
    no solution exists (the targets are drawn independently, so some are unreachable)."""
    b = bounds.bound(bid)
    names = [k for k in b.symbols if k != name]
    pts = data.draw(st.lists(params_strategy(names), min_size=1, max_size=5), label="points")
    arrays = {k: np.array([pt[k] for pt in pts]) for k in names}
    vec = _solve_quiet(b, name, **arrays)
    assert isinstance(vec, np.ndarray) and vec.shape == (len(pts),)
    for i, pt in enumerate(pts):
        one = _solve_quiet(b, name, **pt)
        assert isinstance(one, float)
        if np.isnan(one) or np.isinf(one):
            assert np.isnan(vec[i]) if np.isnan(one) else vec[i] == one
        else:
            assert vec[i] == pytest.approx(one, rel=1e-11, abs=1e-300)
    # broadcasting: one array against scalars, shape kept
    first = names[0]
    grid = _solve_quiet(b, name, **{**pts[0], first: np.array([[pts[0][first]] * 2] * 3)})
    assert grid.shape == (3, 2)


@pytest.mark.parametrize("bid", [b.id for b in EXACT])
def test_vectorized_exact_n(bid):
    b = bounds.bound(bid)
    delta = np.array([0.3, 1e-3, 1e-8])
    d = np.array([1.0, 0.5, 0.7])
    extra = {"K": 5.0} if "K" in b.inputs else {}
    vec = b.solve("n", delta=delta, d=d, eps=0.1, alpha=0.0, **extra)
    one = [b.solve("n", delta=t, d=dd, eps=0.1, alpha=0.0, **extra) for t, dd in zip(delta, d)]
    assert vec.tolist() == one
    assert all(x == int(x) for x in one)


def test_solve_for_the_subject_is_evaluation():
    for b in bounds.catalog():
        p = {k: v for k, v in dict(n=20, K=8, d=0.5, eps=0.1, alpha=0.0, delta=0.1).items() if k in b.inputs}
        assert b.solve(b.subject, **p) == b(**p)


@pytest.mark.parametrize("rtol", [1e-4, 1e-9, 1e-12])
def test_rtol_is_honoured(rtol):
    """The tolerance promised is the tolerance delivered: the true root is within rtol."""
    b = bounds.bound("fano.capacity_exact")  # no closed form for K: bisection
    assert b.closed_forms("K") == []
    p = dict(eps=0.1, alpha=0.0, n=500.0, delta=0.05)
    fine = b.solve("K", rtol=1e-15, **p)
    coarse = b.solve("K", rtol=rtol, **p)
    assert abs(coarse - fine) <= rtol * fine
    if rtol > 1e-10:
        assert coarse != fine


def test_le_cam_rtol_near_flat():
    """A nearly flat bound (delta close to 1/2): the answer is still within rtol (was 8e-4 off)."""
    b = bounds.bound("two_point.le_cam")
    given_ = dict(d=1.0, eps=0.49999999, alpha=0.0, delta=0.4999999)
    n = b.solve("n", **given_)
    # bracket: the target is reached at n (1 + 1e-12) and not at n (1 - 1e-12)
    f = lambda m: b(n=m, d=1.0, eps=0.49999999, alpha=0.0)  # noqa: E731
    # (the solver counts a target reached within 1e-15 of it in log f: the rounding of exp and log)
    assert f(n * (1 + 1e-11)) <= 0.4999999 * (1 + 2e-15) and 0.4999999 < f(n * (1 - 1e-11))


# ---------------------------------------------------------------------------- closed form vs bisection
WITH_CLOSED_FORMS = [(b.id, name) for b in CLOSED for name in b.inputs
                     if b.monotone[name] in (1, -1) and b.closed_forms(name)]


def test_closed_forms_exist_where_documented():
    have = set(WITH_CLOSED_FORMS)
    for pair in [("duel.hoeffding", "n"), ("duel.chernoff", "n"), ("two_point.bretagnolle_huber", "n"),
                 ("two_point.le_cam", "n"), ("fano.capacity", "delta"), ("fano.passive", "delta")]:
        assert pair in have, pair


@pytest.mark.parametrize("bid, name", WITH_CLOSED_FORMS, ids=[f"{i}-{n}" for i, n in WITH_CLOSED_FORMS])
@settings(max_examples=15)
@given(data=st.data())
def test_closed_form_agrees_with_bisection(bid, name, data):
    b = bounds.bound(bid)
    p = data.draw(params_strategy(b.inputs), label="params")
    x_closed = _round_trip(b, name, p, rtol=1e-9, method="closed_form")
    given_ = {k: val for k, val in p.items() if k != name}
    given_[b.subject] = b(**p)
    x_bisect = b.solve(name, method="bisection", **given_)
    lv = math.log(given_[b.subject])
    slope = _local_slope(b, p, name, lv)
    assert abs(x_closed - x_bisect) <= 2e-9 * abs(x_bisect) + 4e-13 * max(1.0, abs(lv)) / slope


@pytest.mark.parametrize("bid, name", [("duel.hoeffding", "n"), ("duel.chernoff", "n"), ("two_point.le_cam", "n")])
def test_closed_form_is_used(bid, name, monkeypatch):
    """Where the main branch applies, solve never needs the root finder."""
    b = bounds.bound(bid)

    def no_bisection(*args, **kwargs):
        raise AssertionError("bisection was used")

    monkeypatch.setattr("bounds.solving.bisect", no_bisection)
    # closed forms are used for inputs of more than 64 points (a scalar solve never imports sympy)
    d = np.repeat([0.1, 0.5, 1.0], 30)
    delta = np.tile([0.1, 1e-10, 1e-300], 30)
    x = b.solve(name, d=d, eps=0.2, alpha=0.05, delta=delta)
    assert np.all(np.isfinite(x)) and np.all(x > 0)
