"""Extreme values: delta = 1e-300, n = 1e15, K = 2**1000 and 2**2000, eps down to 1e-300,
near breakdown, and no margin at all.

Every number is checked against the bound's own relation (`b.expr`, the one its derivation
proves) evaluated in mpmath at 50 digits — there is no table of formulas keyed by bound id
here, so a new bound is tested without edits — or, for the exact bounds, against the exact
rational oracle of tests/conftest.py. Every call runs with warnings turned into errors: no
overflow, no `nan`, no silent numbers.
"""
from __future__ import annotations

import math
import warnings
from fractions import Fraction

import mpmath
import numpy as np
import pytest

import bounds
from conftest import mp_duel_lose, mp_rhs, rel_err

pytestmark = pytest.mark.usefixtures("no_warnings")

NOT_EXACT = [b for b in bounds.catalog() if b.direction != "exact"]
PROB_BOUNDS = [b for b in NOT_EXACT if b.subject == "delta"]
N_SUBJECT = [b for b in NOT_EXACT if b.subject == "n"]

#: (K, d, eps, alpha, s, q_hard, K_dec): ordinary, K = 2, thin margin, adversaries, systematic error
POINTS = [
    (2**20, 0.1, 0.2, 0.0, 0.0, 0.0, 1),
    (2, 1.0, 0.01, 0.0, 0.0, 0.0, 1),
    (1000, 0.003, 0.45, 0.05, 0.0, 0.0, 1),
    (2**40, 0.5, 0.0, 0.2, 0.0, 0.0, 1),
    (2**20, 0.1, 0.1, 0.0, 0.2, 0.3, 3),
    (64, 0.3, 1e-300, 0.0, 0.0, 0.0, 1),   # eps = 1e-300: relative accuracy of 1 - q
]
PIDS = ["ordinary", "K=2", "thin", "adversaries", "systematic", "eps=1e-300"]


def _args(b, *point, **extra):
    K, d, eps, alpha, s, q_hard, K_dec = point
    kw = dict(K=K, d=d, eps=eps, alpha=alpha, s=s, q_hard=q_hard, K_dec=K_dec, **extra)
    return {k: v for k, v in kw.items() if k in b.inputs or k == b.subject}


def _mp_root(f, target, lo=mpmath.mpf("1e-320"), hi=mpmath.mpf("1e300")):
    """x with log f(x) = log target for f decreasing in x, by bisection in log x (mpmath)."""
    lt = mpmath.log(target)
    a, b = mpmath.log(lo), mpmath.log(hi)
    for _ in range(400):
        m = (a + b) / 2
        if mpmath.log(f(mpmath.exp(m))) > lt:
            a = m
        else:
            b = m
    return mpmath.exp((a + b) / 2)


# ---------------------------------------------------------------------------- delta = 1e-300
@pytest.mark.parametrize("point", POINTS, ids=PIDS)
@pytest.mark.parametrize("b", PROB_BOUNDS, ids=lambda b: b.id)
def test_delta_1e300_solve_n(b, point):
    p = _args(b, *point)
    with mpmath.workdps(700):  # (1 - sqrt(1 - e^-690)) / 2 needs more than 300 digits
        f = mp_rhs(b)
        ref = _mp_root(lambda n: f(**{**p, "n": n}), mpmath.mpf("1e-300"))
    if b.direction == "necessary" and ref > 1e290:  # a lower bound that never gets that small
        return
    n = b.solve("n", delta=1e-300, **p)
    assert math.isfinite(n) and n > 0
    assert rel_err(n, ref) <= 1e-10
    assert b.log_evaluate(n=n, **p) == pytest.approx(math.log(1e-300), rel=1e-10)


@pytest.mark.parametrize("point", POINTS, ids=PIDS)
@pytest.mark.parametrize("b", N_SUBJECT, ids=lambda b: b.id)
def test_delta_1e300_n_subject(b, point):
    p = _args(b, *point, delta=1e-300)
    p.pop("n", None)
    n = b(**p)
    with mpmath.workdps(700):  # 1 - q = 1e-300 must survive inside the relation
        ref = mp_rhs(b)(**p)
    assert rel_err(n, ref) <= 1e-12
    if 0 < n < math.inf:
        # solving back for delta at that n (delta is nearly irrelevant there: (1 - delta) ln K
        # changes by 1e-300, so anything below ~1e-13 is the same target)
        back = b.solve("delta", n=n, **{k: v for k, v in p.items() if k != "delta"})
        assert 0 < back < 1e-9


def test_delta_1e300_exact_duel():
    """duel.exact at delta = 1e-300: the smallest n, checked against the exact rational oracle."""
    b = bounds.bound("duel.exact")
    p = dict(d=1.0, eps=1 / 64, alpha=0.0)
    n = b.solve("n", delta=1e-300, **p)
    assert n == int(n) and 100 < n < 1000
    target = Fraction(1e-300)
    assert mp_duel_lose(n, **p) <= target
    assert mp_duel_lose(n - 1, **p) > target
    assert mp_duel_lose(n - 2, **p) > target
    assert rel_err(b(n=n, **p), mp_duel_lose(n, **p)) <= 1e-9


def test_delta_1e300_scenario():
    s = bounds.Scenario(K=2**20, d=0.5, eps=0.1)
    r = s.labels_needed(1e-300)
    assert 0 < r.necessary <= r.exact <= r.sufficient < math.inf
    b = bounds.bound("race.union_chernoff")
    assert r.sufficient == math.ceil(b.solve("n", delta=1e-300, **s.params) - 1e-9)
    assert s.failure_probability(r.exact).exact <= 1e-300


# ---------------------------------------------------------------------------- n = 1e15
N_BOUNDS = [b for b in NOT_EXACT if "n" in b.inputs]


@pytest.mark.parametrize("point", POINTS + [(2**1000, 1e-6, 0.4999, 0.0, 0.0, 0.0, 1)], ids=PIDS + ["K=2^1000"])
@pytest.mark.parametrize("b", N_BOUNDS, ids=lambda b: b.id)
def test_n_1e15(b, point):
    p = _args(b, *point, n=1e15)
    v = b(**p)
    lv = b.log_evaluate(**p)
    assert not math.isnan(lv) and not math.isnan(v) and 0 <= v <= 1
    with mpmath.workdps(700):
        ref = mp_rhs(b)(**p)
        ref = mpmath.log(ref) if ref > 0 else -mpmath.inf
    if ref == -mpmath.inf:
        # the relation, as written, cancels to 0 even at 700 digits (e.g. 1 - sqrt(1 - e^-x) with
        # x ~ 1e14): the truth is below e^-1600, and the kernel's stable form must say so
        assert lv < -1600
    else:
        assert rel_err(lv, ref) <= 1e-12 or abs(lv - float(ref)) <= 1e-15


def test_n_1e15_solve_round_trip():
    """A margin so thin that 1e15 labels are needed: solve finds it, evaluate agrees."""
    for bid, delta in (("duel.hoeffding", 1e-6), ("duel.chernoff", 1e-300)):
        b = bounds.bound(bid)
        p = dict(d=1e-4, eps=0.4995)
        n = b.solve("n", delta=delta, **p)
        with mpmath.workdps(700):
            f = mp_rhs(b)
            ref = _mp_root(lambda m: f(**{**p, "alpha": 0, "s": 0, "q_hard": 0, "n": m}), mpmath.mpf(delta))
        assert rel_err(n, ref) <= 1e-9
        if bid == "duel.hoeffding":
            assert 1e15 < n < 1e16


def test_n_1e15_scenario_out_of_exact_reach():
    s = bounds.Scenario(K=2**20, d=0.1, eps=0.2)
    p = s.failure_probability(1e15)
    assert p.exact is None and p.lower == 0.0 and p.upper == 0.0
    w = s.win_probability(1e15)
    assert w.exact is None and w.lower == 1.0 and w.upper == 1.0
    arr = s.failure_probability([1000, 1e15])
    assert np.ma.isMaskedArray(arr.exact)
    assert list(np.ma.getmaskarray(arr.exact)) == [False, True]
    with pytest.raises(ValueError, match="beyond"):
        bounds.bound("race.exact")(n=1e15, K=2**20, d=0.1, eps=0.2)


# ---------------------------------------------------------------------------- K = 2**1000, 2**2000
BIG_K = 2.0**1000
K_BOUNDS = [b for b in NOT_EXACT if "K" in b.inputs]


@pytest.mark.parametrize("b", [b for b in K_BOUNDS if b.subject == "delta"], ids=lambda b: b.id)
@pytest.mark.parametrize("delta", [0.05, 1e-300])
def test_K_2_1000_union(b, delta):
    p = dict(d=0.1, eps=0.2)
    n = b.solve("n", K=BIG_K, delta=delta, **p)
    with mpmath.workdps(700):
        f = mp_rhs(b)
        ref = _mp_root(lambda m: f(**{**p, "alpha": 0, "s": 0, "q_hard": 0, "K_dec": 1, "K": mpmath.mpf(2) ** 1000,
                                      "n": m}), mpmath.mpf(delta))
    assert rel_err(n, ref) <= 1e-10
    K = b.solve("K", n=n * 1.01, delta=delta, **p)
    assert math.isfinite(K) and K > BIG_K


@pytest.mark.parametrize("b", K_BOUNDS, ids=lambda b: b.id)
def test_bits_beyond_the_largest_float(b):
    """K = 2**2000 (no float): as bits, or as a Python integer; against mpmath with K = 2^2000."""
    p = {k: v for k, v in dict(n=1e6, d=0.1, eps=0.2, delta=0.05).items() if k in b.inputs}
    v_bits = b.log_evaluate(bits=2000, **p)
    v_int = b.log_evaluate(K=2**2000, **p)
    with mpmath.workdps(9000):
        ref = mpmath.log(mp_rhs(b)(**p, K=mpmath.mpf(2) ** 2000, alpha=0, s=0, q_hard=0, K_dec=1))
    assert v_bits == v_int
    assert rel_err(v_bits, ref) <= 1e-12
    if b.subject == "delta" and b.direction == "sufficient":
        n = b.solve("n", bits=2000, delta=0.05, d=0.1, eps=0.2)
        assert math.isfinite(n) and b(bits=2000, n=n, d=0.1, eps=0.2) == pytest.approx(0.05, rel=1e-9)
        bits = b.solve("bits", n=n * 2, delta=0.05, d=0.1, eps=0.2)
        assert 2000 < bits < 5000


@pytest.mark.parametrize("b", N_SUBJECT, ids=lambda b: b.id)
def test_K_2_1000_fano(b):
    p = {k: v for k, v in dict(K=BIG_K, d=0.1, eps=0.2, delta=0.05).items() if k in b.inputs}
    with mpmath.workdps(60):
        ref = mp_rhs(b)(**p, alpha=0)
    assert rel_err(b(**p), ref) <= 1e-12
    # and the other way round: the largest K that 1000 labels can (at best) identify, ~e^200
    K = b.solve("K", **{**{k: v for k, v in p.items() if k != "K"}, "n": 1000.0})
    assert 1e20 < K < 1e300
    assert b(**{**p, "K": K}) == pytest.approx(1000.0, rel=1e-9)


def test_K_2_1000_exact_race():
    """eps = 0, alpha = 0: every label is correct, so an unaligned policy ties only if it never
    separates ((1-d)^n); P(lose) = 1 - (1 - (1-d)^n)^(K-1), checked in mpmath."""
    r = bounds.bound("race.exact")
    for n in (990, 1000, 1100, 2000):
        got = r(n=n, K=BIG_K, d=0.5, eps=0.0)
        tie = mpmath.mpf(2) ** -n
        ref = -mpmath.expm1((mpmath.mpf(BIG_K) - 1) * mpmath.log1p(-tie))
        assert rel_err(got, ref) <= 1e-9, n
    s = bounds.Scenario(K=BIG_K, d=0.5, eps=0.1)
    need = s.labels_needed(0.05)
    assert need.necessary <= need.exact <= need.sufficient < math.inf


# ---------------------------------------------------------------------------- tiny eps
def test_eps_1e_minus_20_is_not_rounded_away():
    """1 - q is passed as itself: the chance that a single label is wrong is eps, not 0."""
    assert bounds.bound("duel.chernoff")(n=1, d=1.0, eps=1e-40) == pytest.approx(2e-20, rel=1e-12)
    b = bounds.bound("race.union_chernoff")
    n = b.solve("n", K=1e300, d=1.0, eps=1e-40, delta=0.05)
    with mpmath.workdps(60):
        f = mp_rhs(b)
        ref = _mp_root(lambda m: f(n=m, K=mpmath.mpf(1e300), d=1, eps=mpmath.mpf(1e-40), alpha=0, s=0, q_hard=0,
                                   K_dec=1), mpmath.mpf(0.05))
    assert rel_err(n, ref) <= 1e-10 and 15 < n < 16


# ---------------------------------------------------------------------------- no margin
NO_MARGIN = [  # (d, eps, alpha, s, q_hard): fair-coin labels, adversaries past and at breakdown, systematic error
    (0.5, 0.5, 0.0, 0.0, 0.0),
    (1.0, 0.2, 0.4, 0.0, 0.0),
    (0.1, 0.0, 0.5, 0.0, 0.0),
    (1.0, 0.1, bounds.breakdown_alpha(0.1), 0.0, 0.0),
    (0.1, 0.1, 0.0, 0.5, 0.0),
]
SUFFICIENT = [b for b in bounds.catalog() if b.subject == "delta" and b.direction == "sufficient"]


@pytest.mark.parametrize("b", SUFFICIENT + [bounds.bound("duel.exact")], ids=lambda b: b.id)
@pytest.mark.parametrize("d, eps, alpha, s, q_hard", NO_MARGIN)
def test_no_margin_solve_returns_inf_with_reason(b, d, eps, alpha, s, q_hard):
    assert bounds.margin(d, eps, alpha, s, q_hard) <= 1e-15
    p = {k: v for k, v in dict(K=2**20, d=d, eps=eps, alpha=alpha, s=s, q_hard=q_hard).items() if k in b.inputs}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        n = b.solve("n", delta=0.05, **p)
    assert n == math.inf
    msgs = [str(w.message) for w in caught if issubclass(w.category, bounds.NoSolutionWarning)]
    assert len(msgs) == 1 and len(caught) == 1
    assert "no finite n" in msgs[0] and "No margin" in msgs[0] and "cannot help" in msgs[0]
    if s > 0:
        assert "systematic error" in msgs[0] and "better evaluation" in msgs[0]


@pytest.mark.parametrize("bid", ["two_point.bretagnolle_huber", "two_point.le_cam"])
def test_uninformative_labels_lower_bounds(bid):
    """With no information in the labels the two-point bound stays at 1/2: no n brings it to 0.05."""
    b = bounds.bound(bid)
    assert b(n=1e6, d=1.0, eps=0.5) == 0.5
    with pytest.warns(bounds.NoSolutionWarning, match="no information"):
        assert b.solve("n", d=1.0, eps=0.5, delta=0.05) == math.inf
    for f in N_SUBJECT:
        # q_alpha = (1 - 1/2)(1 - 0) = 1/2 exactly (with eps = 0.2, alpha = 0.375 the doubles give
        # a bias of -1.4e-17, and the bound is a finite 1.3e35: correct for those inputs)
        assert f(**{k: v for k, v in dict(K=2**20, d=1.0, eps=0.0, alpha=0.5, delta=0.05).items()
                    if k in f.inputs}) == math.inf


def test_past_breakdown_learner_bounds_stay_finite():
    """Past breakdown the labels are informative inverted: a learner that knows the adversary
    labels against the aligned policy can read them backwards; the generic objective cannot."""
    f = bounds.bound("fano.capacity_exact")
    assert 0 < f(K=2**20, eps=0.2, alpha=0.6, delta=0.05) < math.inf
    g = bounds.bound("duel.two_point")
    assert g(n=10**6, d=1.0, eps=0.2, alpha=0.6) == 0.5


def test_no_margin_scenario():
    s = bounds.Scenario(K=2**20, d=0.1, eps=0.1, alpha=0.45)
    assert s.margin < 0
    r = s.labels_needed(np.array([0.05, 1e-300]))
    assert np.all(np.isinf(r.necessary)) and np.all(np.isinf(r.sufficient)) and np.all(np.isinf(r.exact))
    assert "no finite number of labels" in r.reason and "breakdown" in r.reason
    assert r.necessary_bound[0] == "duel.two_point"
    # P(win) -> 0 as n grows
    w = s.win_probability([1001, 20001, 200001])
    assert np.all(np.diff(w.exact) < 0) and w.exact[-1] < 0.1
    w = bounds.Scenario(K=2, d=1.0, eps=0.1, alpha=0.6).win_probability([101, 1001])
    assert w.exact[0] < 0.05 and w.exact[1] < 1e-15


def test_systematic_error_scenario():
    """Raters prefer the deceptive output on half of its separating queries: quality must rise."""
    s = bounds.Scenario(K=2**20, d=0.1, eps=0.1, s=0.5, q_hard=0.0)
    assert s.margin < 0
    r = s.labels_needed(0.05)
    assert r.sufficient == math.inf and r.necessary == math.inf and r.necessary_bound == "duel.two_point"
    assert "systematic error" in r.reason and "better evaluation" in r.reason
    assert r.necessary_adaptive < math.inf, "a learner that knows which queries are hard can read them"
    assert bounds.breakdown_s(0.1, q_hard=0.0) == pytest.approx(0.4 / 0.9, rel=1e-14)


def test_subnormal_inputs():
    """Subnormal d, eps and alpha: the right number or an honest inf with its reason, never a collapse to 0."""
    for bid in ("two_point.le_cam", "duel.two_point"):
        assert bounds.bound(bid)(n=5e-324, d=5e-324, eps=0.0, alpha=5e-324) == 0.5
    with pytest.warns(bounds.SolutionOverflowWarning):
        assert bounds.bound("race.union_chernoff").solve("n", K=4, d=5e-324, eps=0.1, delta=0.05) == math.inf
    r = bounds.Scenario(K=4, d=5e-324, eps=0.1).labels_needed(0.05)
    assert r.necessary == r.sufficient == math.inf and r.exact is None and r.exact_status == "out of reach"
    for key in ("necessary", "sufficient", "exact"):
        assert "largest float" in r.reasons[key]


def test_delta_next_to_one():
    """delta within 1e-13 of 1 with no margin: inf with a warning (was 0 without one)."""
    with pytest.warns(bounds.NoSolutionWarning, match="No margin"):
        n = bounds.bound("race.union_chernoff").solve("n", K=4, d=0.1, eps=0.5, delta=0.99999999999995)
    assert n == math.inf
    r = bounds.Scenario(K=4, d=0.1, eps=0.5).labels_needed(0.99999999999995)
    assert r.sufficient == math.inf and "no finite number of labels" in r.reasons["sufficient"]
