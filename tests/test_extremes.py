"""Extreme values (issue 2): delta = 1e-300, n = 1e15, K = 2**1000, and no margin at all.

Every number is checked against the bound's closed form evaluated in mpmath at 50 digits
(or, for the exact bounds, against the exact rational oracle of tests/conftest.py), and
every call runs with warnings turned into errors: no overflow, no `nan`, no silent
numbers.
"""
from __future__ import annotations

import math
import warnings

import mpmath
import numpy as np
import pytest

import bounds
from conftest import mp_duel_lose, rel_err
from fractions import Fraction

mpmath.mp.dps = 50
pytestmark = pytest.mark.usefixtures("no_warnings")


# ---------------------------------------------------------------------------- mpmath closed forms
def mp_qa(eps, alpha):
    return (1 - mpmath.mpf(alpha)) * (1 - mpmath.mpf(eps))


def mp_one_minus_bc(d, eps, alpha):
    """d (1 - BC(q_a, 1 - q_a)): the per-label Chernoff gap of the duel."""
    qa = mp_qa(eps, alpha)
    return mpmath.mpf(d) * (1 - 2 * mpmath.sqrt(qa * (1 - qa)))


def mp_kl_pair(d, eps, alpha):
    qa = mp_qa(eps, alpha)
    return mpmath.mpf(d) * (2 * qa - 1) * mpmath.log(qa / (1 - qa))


def mp_capacity(eps, alpha):
    e = 1 - mp_qa(eps, alpha)
    return mpmath.log(2) + e * mpmath.log(e) + (1 - e) * mpmath.log1p(-e)


def mp_h(x):
    x = mpmath.mpf(x)
    return -x * mpmath.log(x) - (1 - x) * mpmath.log1p(-x)


def mp_n_needed(bid, K, d, eps, alpha, delta):
    """The n at which each probability bound equals delta (its closed-form inverse)."""
    K, d, delta = mpmath.mpf(K), mpmath.mpf(d), mpmath.mpf(delta)
    ld = mpmath.log(delta)
    hoeff = d**2 * (2 * mp_qa(eps, alpha) - 1) ** 2 / 2
    cher = -mpmath.log1p(-mp_one_minus_bc(d, eps, alpha))
    return {
        "duel.chernoff": -ld / cher,
        "duel.hoeffding": -ld / hoeff,
        "race.union_chernoff": (mpmath.log(K - 1) - ld) / cher,
        "race.union_hoeffding": (mpmath.log(K - 1) - ld) / hoeff,
        "two_point.bretagnolle_huber": -mpmath.log(4 * delta) / mp_kl_pair(d, eps, alpha),
        "two_point.le_cam": -mpmath.log(4 * delta * (1 - delta)) / mp_kl_pair(d, eps, alpha),
    }[bid]


def mp_fano(bid, K, d, eps, alpha, delta):
    K, delta = mpmath.mpf(K), mpmath.mpf(delta)
    weak = (1 - delta) * mpmath.log(K) - mpmath.log(2)
    exact = mpmath.log(K) - mp_h(delta) - delta * mpmath.log(K - 1)
    num = exact if bid.endswith("_exact") else weak
    den = mp_capacity(eps, alpha) if bid.startswith("fano.capacity") else mp_kl_pair(d, eps, alpha)
    return max(num, 0) / den


PROB_BOUNDS = [b.id for b in bounds.catalog() if b.subject == "delta" and b.direction != "exact"]
FANO = [b.id for b in bounds.catalog() if b.id.startswith("fano.")]
POINTS = [  # (K, d, eps, alpha)
    (2**20, 0.1, 0.2, 0.0),
    (2, 1.0, 0.01, 0.0),
    (1000, 0.003, 0.45, 0.05),
    (2**40, 0.5, 0.0, 0.2),
]


def _args(b, **kw):
    return {k: v for k, v in kw.items() if k in b.symbols}


# ---------------------------------------------------------------------------- delta = 1e-300
@pytest.mark.parametrize("bid", PROB_BOUNDS)
@pytest.mark.parametrize("K, d, eps, alpha", POINTS)
def test_delta_1e300_solve_n(bid, K, d, eps, alpha):
    b = bounds.bound(bid)
    n = b.solve("n", **_args(b, K=K, d=d, eps=eps, alpha=alpha, delta=1e-300))
    assert math.isfinite(n) and n > 0
    assert rel_err(n, mp_n_needed(bid, K, d, eps, alpha, 1e-300)) <= 1e-10
    # and the bound at that n is 1e-300, in log space
    assert b.log_evaluate(**_args(b, n=n, K=K, d=d, eps=eps, alpha=alpha)) == pytest.approx(math.log(1e-300), rel=1e-10)


@pytest.mark.parametrize("bid", FANO)
@pytest.mark.parametrize("K, d, eps, alpha", POINTS)
def test_delta_1e300_fano(bid, K, d, eps, alpha):
    b = bounds.bound(bid)
    n = b(**_args(b, K=K, d=d, eps=eps, alpha=alpha, delta=1e-300))
    ref = mp_fano(bid, K, d, eps, alpha, 1e-300)
    assert rel_err(n, ref) <= 1e-12
    # solving back for delta at that n (delta is nearly irrelevant there: (1 - delta) ln K
    # changes by 1e-300, so anything below ~1e-13 is the same target)
    back = b.solve("delta", **_args(b, n=n, K=K, d=d, eps=eps, alpha=alpha))
    assert 0 <= back < 1e-9


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
    assert r.sufficient == math.ceil(float(mp_n_needed("race.union_chernoff", 2**20, 0.5, 0.1, 0.0, 1e-300)))
    assert s.failure_probability(r.exact).exact <= 1e-300


# ---------------------------------------------------------------------------- n = 1e15
N_BOUNDS = [b.id for b in bounds.catalog() if "n" in b.inputs and b.direction != "exact"]


@pytest.mark.parametrize("bid", N_BOUNDS)
@pytest.mark.parametrize("K, d, eps, alpha", POINTS + [(2**1000, 1e-6, 0.4999, 0.0)])  # a Python int K
def test_n_1e15(bid, K, d, eps, alpha):
    b = bounds.bound(bid)
    p = _args(b, n=1e15, K=K, d=d, eps=eps, alpha=alpha)
    v = b(**p)
    lv = b.log_evaluate(**p)
    assert math.isfinite(lv) and not math.isnan(v) and 0 <= v <= 1
    # log of the bound in mpmath
    n = mpmath.mpf(10) ** 15
    if bid.startswith("duel.chernoff") or bid.startswith("race.union_chernoff"):
        ref = n * mpmath.log1p(-mp_one_minus_bc(d, eps, alpha))
    elif "hoeffding" in bid:
        ref = -n * mpmath.mpf(d) ** 2 * (2 * mp_qa(eps, alpha) - 1) ** 2 / 2
    else:
        x = n * mp_kl_pair(d, eps, alpha)
        # (1 - sqrt(1 - e^-x)) / 2 = e^-x / (2 (1 + sqrt(1 - e^-x))), which does not round to 0
        ref = -x - mpmath.log(4) if bid.endswith("huber") else -x - mpmath.log(2) - mpmath.log1p(mpmath.sqrt(-mpmath.expm1(-x)))
    if bid.startswith("race."):
        ref = min(mpmath.mpf(0), ref + mpmath.log(mpmath.mpf(K) - 1))
    assert rel_err(lv, ref) <= 1e-12


def test_n_1e15_solve_round_trip():
    """A margin so thin that 1e15 labels are needed: solve finds it, evaluate agrees."""
    b = bounds.bound("duel.hoeffding")
    n = b.solve("n", d=1e-4, eps=0.4995, alpha=0.0, delta=1e-6)
    ref = mp_n_needed("duel.hoeffding", 2, 1e-4, 0.4995, 0.0, 1e-6)
    assert 1e15 < n < 1e16 and rel_err(n, ref) <= 1e-9
    c = bounds.bound("duel.chernoff")
    n = c.solve("n", d=1e-4, eps=0.4995, alpha=0.0, delta=1e-300)
    assert rel_err(n, mp_n_needed("duel.chernoff", 2, 1e-4, 0.4995, 0.0, 1e-300)) <= 1e-9


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
        bounds.bound("race.exact")(n=1e15, K=2**20, d=0.1, eps=0.2, alpha=0.0)


# ---------------------------------------------------------------------------- K = 2**1000
BIG_K = 2.0**1000


@pytest.mark.parametrize("bid", ["race.union_chernoff", "race.union_hoeffding"])
@pytest.mark.parametrize("delta", [0.05, 1e-300])
def test_K_2_1000_union(bid, delta):
    b = bounds.bound(bid)
    n = b.solve("n", K=BIG_K, d=0.1, eps=0.2, alpha=0.0, delta=delta)
    assert rel_err(n, mp_n_needed(bid, BIG_K, 0.1, 0.2, 0.0, delta)) <= 1e-10
    K = b.solve("K", n=n * 1.01, d=0.1, eps=0.2, alpha=0.0, delta=delta)
    assert math.isfinite(K) and K > BIG_K


@pytest.mark.parametrize("bid", FANO)
def test_K_2_1000_fano(bid):
    b = bounds.bound(bid)
    p = _args(b, K=BIG_K, d=0.1, eps=0.2, alpha=0.0, delta=0.05)
    assert rel_err(b(**p), mp_fano(bid, BIG_K, 0.1, 0.2, 0.0, 0.05)) <= 1e-12
    # and the other way round: the largest K that 1000 labels can (at best) identify, ~e^200
    K = b.solve("K", **{**{k: v for k, v in p.items() if k != "K"}, "n": 1000.0})
    assert 1e20 < K < 1e300
    assert b(**{**p, "K": K}) == pytest.approx(1000.0, rel=1e-9)


def test_K_2_1000_exact_race():
    """eps = 0, alpha = 0: every label is correct, so an unaligned policy ties only if it never
    separates ((1-d)^n); P(lose) = 1 - (1 - (1-d)^n)^(K-1), checked in mpmath."""
    r = bounds.bound("race.exact")
    for n in (990, 1000, 1100, 2000):
        got = r(n=n, K=BIG_K, d=0.5, eps=0.0, alpha=0.0)
        tie = mpmath.mpf(2) ** -n
        ref = -mpmath.expm1((mpmath.mpf(BIG_K) - 1) * mpmath.log1p(-tie))
        assert rel_err(got, ref) <= 1e-9, n
    s = bounds.Scenario(K=BIG_K, d=0.5, eps=0.1)
    r = s.labels_needed(0.05)
    assert r.necessary <= r.exact <= r.sufficient < math.inf


# ---------------------------------------------------------------------------- no margin
NO_MARGIN = [  # (d, eps, alpha): systematic error, fair coin labels, adversaries past breakdown
    (0.5, 0.5, 0.0),
    (1.0, 0.2, 0.4),
    (0.1, 0.0, 0.5),
    (1.0, 0.1, bounds.breakdown_alpha(0.1)),
]
SUFFICIENT_AND_EXACT = [b.id for b in bounds.catalog() if b.subject == "delta" and b.direction in ("sufficient", "exact")]


@pytest.mark.parametrize("bid", SUFFICIENT_AND_EXACT)
@pytest.mark.parametrize("d, eps, alpha", NO_MARGIN)
def test_no_margin_solve_returns_inf_with_reason(bid, d, eps, alpha):
    b = bounds.bound(bid)
    assert bounds.margin(d, eps, alpha) <= 1e-15
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        n = b.solve("n", **_args(b, K=2**20, d=d, eps=eps, alpha=alpha, delta=0.05))
    assert n == math.inf
    msgs = [str(w.message) for w in caught if issubclass(w.category, bounds.NoSolutionWarning)]
    assert len(msgs) == 1 and len(caught) == 1
    assert "no finite n" in msgs[0] and "margin" in msgs[0] and "<= 0" in msgs[0]


@pytest.mark.parametrize("bid", ["two_point.bretagnolle_huber", "two_point.le_cam"])
def test_no_margin_lower_bounds(bid):
    """With no information in the labels the two-point bound stays at 1/2: no n brings it to 0.05."""
    b = bounds.bound(bid)
    assert b(n=1e6, d=1.0, eps=0.5, alpha=0.0) == 0.5
    with pytest.warns(bounds.NoSolutionWarning, match="no information"):
        assert b.solve("n", d=1.0, eps=0.5, alpha=0.0, delta=0.05) == math.inf
    for fano in FANO:
        f = bounds.bound(fano)
        assert f(**_args(f, K=2**20, d=1.0, eps=0.2, alpha=0.4, delta=0.05)) == math.inf


def test_no_margin_scenario():
    s = bounds.Scenario(K=2**20, d=0.1, eps=0.1, alpha=0.45)
    assert s.margin < 0
    r = s.labels_needed(np.array([0.05, 1e-300]))
    assert np.all(np.isinf(r.necessary)) and np.all(np.isinf(r.sufficient)) and np.all(np.isinf(r.exact))
    assert "no finite number of labels" in r.reason and "breakdown" in r.reason
    # P(win) -> 0 as n grows: slowly for this thin negative margin (-0.001 per label) ...
    w = s.win_probability([1001, 20001, 200001])
    assert np.all(np.diff(w.exact) < 0) and w.exact[-1] < 0.1
    # ... fast for a thick one
    w = bounds.Scenario(K=2, d=1.0, eps=0.1, alpha=0.6).win_probability([101, 1001])
    assert w.exact[0] < 0.05 and w.exact[1] < 1e-15  # ~ exp(-n kl(1/2 || 0.36))
