"""bounds.raters against independent oracles: exact rational arithmetic, brute-force
enumeration and exact coverage sums (no Monte Carlo needed: every quantity here has an
exact finite form)."""
from __future__ import annotations

import itertools
import math
import warnings
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import bounds
from bounds import raters
from bounds.simulate.engine import clopper_pearson


def mv_fraction(m: int, e: Fraction, ties="random") -> Fraction:
    """Majority-vote error in exact rational arithmetic (the oracle)."""
    tau = {"random": Fraction(1, 2), "wrong": Fraction(1), "right": Fraction(0)}[ties]
    total = Fraction(0)
    for k in range(m + 1):
        p = math.comb(m, k) * e**k * (1 - e) ** (m - k)
        if 2 * k > m:
            total += p
        elif 2 * k == m:
            total += tau * p
    return total


@pytest.mark.parametrize("m", [1, 2, 3, 4, 5, 8, 11, 21, 50, 51])
@pytest.mark.parametrize("e", ["1/10", "1/5", "3/10", "2/5", "1/2", "7/10"])
@pytest.mark.parametrize("ties", ["random", "wrong", "right"])
def test_majority_error_is_exact(m, e, ties):
    e = Fraction(e)
    assert raters.majority_error(m, float(e), ties=ties) == pytest.approx(float(mv_fraction(m, e, ties)), rel=1e-12, abs=1e-300)


def test_majority_error_far_tail_against_mpmath():
    """A far tail (about 3e-69 at m = 301, e = 0.1), summed in 50-digit arithmetic."""
    mp.mp.dps = 50
    m, e = 301, mp.mpf("0.1")
    ref = mp.fsum(mp.binomial(m, k) * e**k * (1 - e) ** (m - k) for k in range(151, m + 1))
    assert raters.majority_error(m, 0.1) == pytest.approx(float(ref), rel=1e-11)


def test_adversarial_votes_are_always_wrong():
    # each vote wrong w.p. alpha + (1 - alpha) eps
    assert raters.majority_error(7, 0.2, alpha=0.25) == pytest.approx(float(mv_fraction(7, Fraction(1, 4) + Fraction(3, 4) * Fraction(1, 5))), rel=1e-12)


def test_even_panel_with_random_ties_equals_the_odd_one_below():
    for m in (2, 4, 10, 100):
        for e in (0.05, 0.2, 0.45):
            assert raters.majority_error(m, e) == pytest.approx(raters.majority_error(m - 1, e), rel=1e-10)


@given(st.floats(0.0, 0.49), st.integers(0, 200))
@settings(max_examples=200, deadline=None)
def test_majority_error_decreases_in_odd_m(e, k):
    m = 2 * k + 1
    assert raters.majority_error(m + 2, e) <= raters.majority_error(m, e) * (1 + 1e-12) + 1e-300


def brute_raters_needed(e, delta):
    m = 1
    while float(mv_fraction(m, Fraction(e))) > delta:
        m += 2
    return m


@pytest.mark.parametrize("e,delta", [(0.1, 0.05), (0.1, 0.01), (0.2, 0.05), (0.2, 0.01), (0.3, 0.05), (0.3, 0.01), (0.45, 0.1), (0.01, 0.5)])
def test_raters_needed_matches_a_linear_search(e, delta):
    assert raters.raters_needed(e, delta) == brute_raters_needed(e, delta)


def test_no_panel_helps_at_or_beyond_a_coin_flip():
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        assert raters.raters_needed(0.3, 0.01, alpha=0.3) == math.inf  # each vote wrong w.p. 0.51
    assert w and issubclass(w[0].category, bounds.NoSolutionWarning) and "1/2" in str(w[0].message)


# ---------------------------------------------------------------------- agreement
@pytest.mark.parametrize("e", [0.0, 0.05, 0.1, 0.2, 0.3, 0.45])
def test_agreement_round_trip(e):
    a = raters.agreement(e)
    assert a == pytest.approx((1 - e) ** 2 + e**2, abs=1e-15)
    if a > 0.5:
        assert raters.error_from_agreement(a).eps == pytest.approx(e, abs=1e-9)


@pytest.mark.parametrize("e,ref", [(0.1, 0.3), (0.25, 0.05), (0.0, 0.2)])
def test_agreement_against_a_reference(e, ref):
    a = raters.agreement(e, ref)
    assert raters.error_from_agreement(a, eps_ref=ref).eps == pytest.approx(e, abs=1e-12)


def test_agreement_at_or_below_a_half_is_refused():
    for a in (0.5, 0.3):
        with pytest.raises(bounds.ParameterValueError, match=r"agreement=.*\(1/2, 1\]"):
            raters.error_from_agreement(a)
    with pytest.raises(ValueError, match="exceeds 1 - eps_ref"):
        raters.error_from_agreement(0.95, eps_ref=0.1)


def test_clopper_pearson_test_vectors():
    # Clopper & Pearson (1934), beta-quantile form; the values were computed with
    # scipy.stats.beta.ppf and agree with the closed form 1 - (a/2)^(1/N) at x = 0.
    for x, n, lo, hi in [(0, 10, 0, 0.308497), (1, 100, 0.000253, 0.054459), (5, 100, 0.016432, 0.112835),
                         (50, 100, 0.398321, 0.601679), (100, 100, 0.963783, 1)]:
        got = clopper_pearson(x, n)
        assert got[0] == pytest.approx(lo, abs=1e-6) and got[1] == pytest.approx(hi, abs=1e-6)
    assert clopper_pearson(0, 10)[1] == pytest.approx(1 - 0.025 ** (1 / 10), rel=1e-12)


@pytest.mark.parametrize("e,n", [(0.1, 40), (0.2, 100), (0.25, 200)])
def test_agreement_interval_covers_the_true_error(e, n):
    """Exact coverage: sum the binomial law of the number of agreements over the outcomes
    whose interval contains the true error. Outcomes with an observed agreement <= 1/2 are
    refused, and counted here as not covered; the cases are chosen where they are rare."""
    a = raters.agreement(e)
    covered = total = 0.0
    for x in range(n + 1):
        p = math.comb(n, x) * a**x * (1 - a) ** (n - x)
        total += p
        if x / n <= 0.5:
            # not estimable: counted as not covered (conservative for the check)
            continue
        est = raters.error_from_agreement(x / n, n_items=n)
        covered += p * (est.lower <= e <= est.upper)
    assert total == pytest.approx(1.0)
    assert covered >= 0.95 - 1e-12


def test_triplet_recovers_three_error_rates():
    a12, a13, a23 = raters.agreement(0.1, 0.2), raters.agreement(0.1, 0.3), raters.agreement(0.2, 0.3)
    assert np.allclose(raters.errors_from_triplet(a12, a13, a23), (0.1, 0.2, 0.3), atol=1e-12)


def test_kappa_under_balanced_classes():
    assert raters.error_from_kappa(raters.agreement(0.2) * 2 - 1).eps == pytest.approx(0.2, abs=1e-12)
    with pytest.raises(ValueError, match="kappa"):
        raters.error_from_kappa(0.0)


def test_no_predictor_beats_the_ceiling():
    e = 0.2
    for r in np.linspace(0, 1, 11):  # a predictor right with probability r
        assert r * (1 - e) + (1 - r) * e <= raters.agreement_ceiling(e) + 1e-15


def test_majority_agreement_is_agreement_of_the_majority_label():
    e_mv = float(mv_fraction(5, Fraction(1, 5)))
    assert raters.majority_agreement(5, 0.2, 0.1) == pytest.approx(1 - e_mv - 0.1 + 2 * e_mv * 0.1, rel=1e-12)


# ---------------------------------------------------------------------- gold questions
@pytest.mark.parametrize("g,e,t", [(10, 0.5, 2), (10, 0.1, 2), (5, 1.0, 0), (20, 0.3, 5), (1, 0.0, 0)])
def test_catch_probability_is_a_binomial_tail(g, e, t):
    ef = Fraction(e).limit_denominator(1000)
    ref = sum(math.comb(g, k) * ef**k * (1 - ef) ** (g - k) for k in range(t + 1, g + 1))
    assert raters.catch_probability(g, e, t) == pytest.approx(float(ref), rel=1e-12, abs=1e-300)


def test_screening_removes_adversaries_and_spammers():
    types = [raters.RaterType("careful", 0.8, 0.1), raters.RaterType("careless", 0.15, 0.5),
             raters.RaterType("adversarial", 0.05, 0.9, adversarial=True)]
    before = raters.screen(types, g=0)
    assert before.alpha == pytest.approx(0.05) and before.eps == pytest.approx((0.8 * 0.1 + 0.15 * 0.5) / 0.95)
    after = raters.screen(types, g=20, threshold=4)
    assert after.alpha < 1e-6 and after.eps < before.eps
    assert after.kept == pytest.approx(sum(t.share * (1 - raters.catch_probability(20, t.error, 4)) for t in types))


def test_screening_validates_its_pool():
    with pytest.raises(bounds.ParameterValueError, match="add up to"):
        raters.screen([raters.RaterType("a", 0.5, 0.1)], g=5)
    with pytest.raises(bounds.ParameterValueError, match="no rater passes"):
        raters.screen([raters.RaterType("a", 1.0, 1.0)], g=5, threshold=0)


# ---------------------------------------------------------------------- pools
def brute_vote_error(errors, weights):
    total = 0.0
    for wrong in itertools.product((0, 1), repeat=len(errors)):
        p = math.prod(e if w else 1 - e for e, w in zip(errors, wrong))
        s = sum(wt * (-1 if w else 1) for wt, w in zip(weights, wrong))
        total += p * (1.0 if s < -1e-12 else 0.5 if abs(s) <= 1e-12 else 0.0)
    return total


@pytest.mark.parametrize("errors", [[0.1, 0.2, 0.3], [0.2] * 5, [0.05, 0.3, 0.3, 0.3, 0.3], [0.1, 0.1, 0.4, 0.4], [0.0, 0.3, 0.3]])
def test_weighted_vote_against_enumeration(errors):
    with np.errstate(divide="ignore"):
        w = [math.log((1 - e) / e) if e > 0 else 1e6 for e in errors]
    assert raters.weighted_vote_error(errors) == pytest.approx(brute_vote_error(errors, w), abs=1e-14)
    assert raters.weighted_vote_error(errors, "equal") == pytest.approx(brute_vote_error(errors, [1] * len(errors)), abs=1e-14)


def test_log_odds_weights_are_never_worse_than_equal_weights():
    rng = np.random.default_rng(3)
    for _ in range(50):
        errors = rng.uniform(0.01, 0.49, size=rng.integers(1, 8))
        assert raters.weighted_vote_error(errors) <= raters.weighted_vote_error(errors, "equal") + 1e-12


# ---------------------------------------------------------------------- the command line
def test_cli_agreement_json(capsys):
    from bounds.cli import main
    import json

    assert main(["agreement", "0.82", "--items", "200", "--raters", "1,3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    est = raters.error_from_agreement(0.82, n_items=200)
    assert out["eps"] == pytest.approx(est.eps) and out["lower"] == pytest.approx(est.lower)
    assert [r["raters"] for r in out["majorities"]] == [1, 3]
    assert out["majorities"][1]["error"] == pytest.approx(raters.majority_error(3, est.eps))


@pytest.mark.parametrize("argv,needle", [
    (["agreement", "0.5"], "agreement=0.5 is outside its domain (1/2, 1]"),
    (["agreement", "0.95", "--reference-eps", "0.1"], "exceeds 1 - eps_ref"),
    (["agreement", "0.8", "--items", "-3"], "--items"),
    (["agreement", "0.8", "--raters", "0,3"], "--raters"),
    (["agreement", "abc"], "'abc' is not a number"),
    (["agreement", "0.8", "--level", "1.5"], "level=1.5"),
])
def test_cli_agreement_refuses_bad_input_in_one_line(argv, needle, capsys):
    from bounds.cli import main

    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("bounds: error: ") and needle in err, err
