"""Redundancy, pools and screening: bounds around the exact values, and Monte Carlo witnesses.

Oracles: exact enumeration with rationals (`fractions.Fraction`), the published test vectors
of the majority-vote bounds (computed from the formulas of Shalev-Shwartz & Ben-David 2014,
Lemma B.11, and the Chernoff bound), and simulations with Clopper-Pearson intervals at a
stated error rate (fixed seeds in CI, fresh ones in `make soak`).
"""
from __future__ import annotations

import itertools
import math
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest

from bounds import raters
from bounds.errors import BoundsError
from bounds.redundancy import majority_error_bounds, redundancy, weighted_vote_error_bounds
from bounds.simulate.engine import clopper_pearson

from conftest import mc_seed

#: Error rate of each Monte Carlo assertion (two-sided Clopper-Pearson): 1e-9.
CONF = 1 - 1e-9


def _contains(k, N, value):
    lo, hi = clopper_pearson(k, N, CONF)
    return lo <= value <= hi


# ---------------------------------------------------------------------- majority vote
# (e, m, exact, Chernoff) computed from the closed forms (exact binomial tail, (4e(1-e))^(m/2)),
# six digits; Slud's bound 1/2 (1 - sqrt(1 - exp(-m x^2 / (1 - x^2)))), x = 1 - 2e, is evaluated
# in mpmath here: in double precision the textbook form cancels (at e = 0.2, m = 51 it gives
# 8.69305e-14 where the value is 8.69195e-14)
VECTORS = [(0.1, 3, 0.028, 0.216), (0.2, 11, 0.0116542, 0.0858993), (0.2, 51, 8.12899e-07, 1.1418e-05),
           (0.3, 21, 0.0263899, 0.1603)]


@pytest.mark.parametrize("e, m, exact, chernoff", VECTORS)
def test_majority_vote_test_vectors(e, m, exact, chernoff):
    mp.mp.dps = 40
    x = 1 - 2 * mp.mpf(e)
    slud = float((1 - mp.sqrt(1 - mp.exp(-m * x**2 / (1 - x**2)))) / 2)
    lo, hi = majority_error_bounds(m, e)
    assert math.isclose(raters.majority_error(m, e), exact, rel_tol=5e-6)
    assert math.isclose(hi, chernoff, rel_tol=5e-6) and math.isclose(lo, slud, rel_tol=1e-13)


@pytest.mark.parametrize("ties", ["random", "wrong", "right"])
def test_majority_bounds_bracket_exact_on_a_grid(ties):
    m = np.arange(1, 121)[:, None]
    e = np.concatenate([[0.0, 1e-6, 0.01], np.linspace(0.02, 0.5, 49)])[None, :]
    lo, hi = majority_error_bounds(m, e, ties=ties)
    ex = raters.majority_error(m, e, ties=ties)
    assert np.all(lo <= ex * (1 + 1e-12)) and np.all(ex <= hi * (1 + 1e-12))
    lo_a, hi_a = majority_error_bounds(m, 0.2, alpha=0.1, ties=ties)       # a vote errs w.p. 0.28
    ex_a = raters.majority_error(m, 0.2, alpha=0.1, ties=ties)
    assert np.all(lo_a <= ex_a * (1 + 1e-12)) and np.all(ex_a <= hi_a * (1 + 1e-12))


def test_majority_bounds_beyond_half():
    lo, hi = majority_error_bounds(7, 0.3, alpha=0.5)     # a vote errs w.p. 0.65
    assert hi == 1.0 and lo <= raters.majority_error(7, 0.3, alpha=0.5)


@pytest.mark.soak
def test_majority_vote_monte_carlo():
    """Witness: simulated panels' error inside the CP interval of the exact value, within the bounds."""
    rng = np.random.default_rng(mc_seed(801))
    for m, e, ties in [(5, 0.3, "random"), (4, 0.25, "wrong"), (6, 0.35, "right")]:
        N = 200_000
        wrong = rng.binomial(m, e, size=N)
        tie = 2 * wrong == m
        err = (2 * wrong > m) | (tie & {"random": rng.random(N) < 0.5, "wrong": True, "right": False}[ties])
        k = int(np.count_nonzero(err))
        ex = raters.majority_error(m, e, ties=ties)
        lo, hi = majority_error_bounds(m, e, ties=ties)
        assert _contains(k, N, ex) and lo <= ex <= hi
    # negative control: the Chernoff bound claimed as the exact value is rejected
    k = int(np.count_nonzero(2 * rng.binomial(5, 0.3, size=200_000) > 5))
    assert not _contains(k, 200_000, majority_error_bounds(5, 0.3)[1])


# ---------------------------------------------------------------------- pools
def _enumerate(errors):
    """Exact error of the log-odds vote, with rationals for the probabilities."""
    w = [math.log((1 - e) / e) for e in errors]
    total = Fraction(0)
    for wrong in itertools.product((0, 1), repeat=len(errors)):
        p = Fraction(1)
        for e, x in zip(errors, wrong):
            p *= Fraction(e) if x else 1 - Fraction(e)
        s = sum(-wi if x else wi for wi, x in zip(w, wrong))
        total += p if s < -1e-12 else p / 2 if abs(s) <= 1e-12 else 0
    return float(total)


@pytest.mark.parametrize("errors", [[0.1, 0.2, 0.3], [0.05, 0.4, 0.4, 0.45], [0.2] * 5, [0.49, 0.01]])
def test_weighted_vote_bounds_bracket_exact(errors):
    ex = _enumerate(errors)
    assert math.isclose(raters.weighted_vote_error(errors), ex, rel_tol=1e-12)
    lo, hi = weighted_vote_error_bounds(errors)
    assert lo <= ex <= hi


@pytest.mark.soak
def test_weighted_vote_monte_carlo():
    rng = np.random.default_rng(mc_seed(802))
    errors = np.array([0.1, 0.25, 0.3, 0.4, 0.45])
    w = np.log1p(-errors) - np.log(errors)
    N = 200_000
    wrong = rng.random((N, errors.size)) < errors
    s = np.where(wrong, -w, w).sum(axis=1)
    err = (s < 0) | ((s == 0) & (rng.random(N) < 0.5))
    k = int(np.count_nonzero(err))
    ex = raters.weighted_vote_error(errors)
    lo, hi = weighted_vote_error_bounds(errors)
    assert _contains(k, N, ex) and lo <= ex <= hi
    assert not _contains(k, N, hi)            # negative control: the upper bound is not the value


# ---------------------------------------------------------------------- screening
@pytest.mark.soak
def test_screening_monte_carlo():
    """Witness: simulate raters answering gold items; the kept share, alpha and eps match `screen`."""
    types = [raters.RaterType("careful", 0.7, 0.1), raters.RaterType("careless", 0.2, 0.5),
             raters.RaterType("adversarial", 0.1, 1.0, adversarial=True)]
    g, t = 8, 2
    pool = raters.screen(types, g=g, threshold=t)
    rng = np.random.default_rng(mc_seed(803))
    N = 400_000
    kind = rng.choice(3, size=N, p=[ty.share for ty in types])
    err = np.array([ty.error for ty in types])[kind]
    passed = rng.binomial(g, err) <= t
    k_pass = int(np.count_nonzero(passed))
    assert _contains(k_pass, N, pool.kept)
    assert _contains(int(np.count_nonzero(passed & (kind == 2))), k_pass, pool.alpha)
    honest = passed & (kind != 2)
    label_wrong = rng.random(N) < err                  # one label from each rater who passed
    assert _contains(int(np.count_nonzero(label_wrong & honest)), int(np.count_nonzero(honest)), pool.eps)
    for i, ty in enumerate(types):
        at = kind == i
        assert _contains(int(np.count_nonzero(passed & at)), int(np.count_nonzero(at)), pool.pass_rates[i])


# ---------------------------------------------------------------------- redundancy
def test_free_items_favour_single_labels():
    """A vote keeps less evidence than its labels: with free items single labels win on every side."""
    for m, e in [(3, 0.2), (5, 0.35), (4, 0.1)]:
        r = redundancy(m, 4000, e, K=2**20, d=0.1)
        assert set(r.better.values()) <= {"one rater", "equal"}, r
        assert r.better["exact"] == "one rater"


def test_costly_items_favour_votes():
    r = redundancy(3, 30000, 0.35, item_cost=10, K=2**20, d=0.1)
    assert r.better == {"necessary": "majority of m", "exact": "majority of m", "sufficient": "majority of m"}
    for side in ("single", "voted"):
        v = getattr(r, side)
        assert v["necessary"] <= v["exact"] <= v["sufficient"]
    assert "item costs 10 more" in repr(r)


@pytest.mark.parametrize("call, name", [
    (lambda: majority_error_bounds(0, 0.1), "m"), (lambda: majority_error_bounds(3, 1.5), "eps"),
    (lambda: majority_error_bounds(3, 0.1, ties="coin"), "ties"),
    (lambda: weighted_vote_error_bounds([]), "errors"), (lambda: weighted_vote_error_bounds([0.7]), "eps"),
    (lambda: redundancy(1, 100, 0.1, K=2, d=1.0), "m"), (lambda: redundancy(3, 2, 0.1, K=2, d=1.0), "n"),
    (lambda: redundancy(3, 100, 0.1, item_cost=-1, K=2, d=1.0), "item_cost"),
    (lambda: redundancy(3, 100, 0.1, K=2, d=0.0), "d"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(BoundsError, match=name):
        call()


def test_screening_that_keeps_only_adversaries_is_refused():
    """No silent nan: a screen that only adversaries pass leaves no honest error rate to report."""
    types = [raters.RaterType("flipper", 0.5, 1.0), raters.RaterType("adversarial", 0.5, 0.0, adversarial=True)]
    with pytest.raises(BoundsError, match="threshold"):
        raters.screen(types, g=10, threshold=2)        # the honest flipper never passes
    with pytest.raises(BoundsError, match="threshold"):
        raters.screen([raters.RaterType("adversarial", 1.0, 1.0, adversarial=True)], g=10, threshold=10)
