"""Monte Carlo of the canonical model (bounds.simulate).

Tiers (STYLE.md A.8): (a) reference values with provenance — Clopper–Pearson vectors of
REFERENCES.md §6.7, the hypercube/Assouad vectors of §1.3; exact rational oracles written
from the model's description (tests/conftest.py), not from the code under test;
(b) agreement between methods — every simulator against an exact value, through a CP
interval at level 1 - 1e-6 with a fixed seed (a wrong simulator fails with probability ~1,
a right one passes except with probability 1e-6 per check; with the seed fixed, never
flaky); (c) properties — P(lose) does not fall as the adversarial fraction grows (and the
colluding variant, which can help, is caught by the same test); (d) the harness itself —
seeds, chunking, memory, import cost.

Error budget: about 120 Monte Carlo checks at 1e-6 each here, so a correct simulator fails
some check by chance with probability below 1.2e-4 for a given seed (Bonferroni); the
tests marked `soak` run again with fresh seeds in `make soak`.
"""
from __future__ import annotations

import math
import subprocess
import sys
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import bounds
from bounds import simulate as S
from conftest import latent_model, mc_seed, mp_duel_lose, mp_race_latent_probs, mp_race_colluding_probs

LEVEL = 1 - 1e-6   # per-check false-alarm rate 1e-6


def duel_exact(n, d, eps, alpha=0.0, s=0.0, q_hard=0.0):
    return bounds.bound("duel.exact")(n=n, d=d, eps=eps, alpha=alpha, s=s, q_hard=q_hard)


def race_exact(n, K, d, eps, alpha=0.0):
    return bounds.bound("race.exact")(n=n, K=K, d=d, eps=eps, alpha=alpha)


def targeted_exact(n, d, eps, alpha, s=0.0, q_hard=0.0):
    """P(lose) with A = floor(alpha n) adversarial labels on separating queries: 2X - M <= A,
    M ~ Bin(n - A, d), X ~ Bin(M, p), p = (1 - s)(1 - eps) + s q_hard the honest accuracy."""
    A = math.floor(alpha * n)
    p = (1 - s) * (1 - eps) + s * q_hard
    M = np.arange(n - A + 1)
    return float(np.sum(stats.binom.pmf(M, n - A, d) * stats.binom.cdf(np.floor((M + A) / 2), M, p)))


# ------------------------------------------------------------------ Clopper–Pearson
# REFERENCES.md §6.7 [computed, a = 0.05]: x, N, lower, upper
CP_VECTORS = [
    (0, 10, 0.0, 0.308497),
    (0, 100, 0.0, 0.036217),
    (1, 100, 0.000253, 0.054459),
    (5, 100, 0.016432, 0.112835),
    (50, 100, 0.398321, 0.601679),
    (10, 1000, 0.004806, 0.018313),
    (0, 3000, 0.0, 0.001229),
    (100, 100, 0.963783, 1.0),
]


@pytest.mark.parametrize("x, N, lo, hi", CP_VECTORS)
def test_clopper_pearson_reference_vectors(x, N, lo, hi):
    got = S.clopper_pearson(x, N, 0.95)
    assert got[0] == pytest.approx(lo, abs=5e-7)
    assert got[1] == pytest.approx(hi, abs=5e-7)


def test_clopper_pearson_one_sided_reference():
    # REFERENCES.md §6.7: one-sided 95% upper for x = 0, N = 100 is 0.029513 (rule of three: 0.03)
    assert S.clopper_pearson(0, 100, 0.95, "less") == pytest.approx((0.0, 0.029513), abs=5e-7)
    lo, hi = S.clopper_pearson(7, 100, 0.95, "greater")
    assert hi == 1.0 and lo == pytest.approx(S.clopper_pearson(7, 100, 0.90)[0], rel=1e-12)


@pytest.mark.parametrize("conf", [0.95, 1 - 1e-6, 1 - 1e-9, 1 - 1e-12])
def test_clopper_pearson_is_the_beta_quantile_bit_for_bit(conf):
    """scipy.special.betaincinv (no scipy.stats import) gives exactly scipy.stats.beta.ppf's numbers."""
    a2 = (1 - conf) / 2
    for k, N in [(0, 7), (3, 7), (7, 7), (1, 10**6), (123, 4567), (4566, 4567), (5, 100), (0, 3000), (999_999, 10**6)]:
        lo, hi = S.clopper_pearson(k, N, conf)
        assert lo == (stats.beta.ppf(a2, k, N - k + 1) if k > 0 else 0.0)
        assert hi == (1 - stats.beta.ppf(a2, N - k, k + 1) if k < N else 1.0)


@pytest.mark.parametrize("conf", [0.95, 1 - 1e-6])
@pytest.mark.parametrize("alt", ["two-sided", "less", "greater"])
def test_clopper_pearson_matches_scipy(conf, alt):
    for k, N in [(0, 7), (3, 7), (7, 7), (1, 10**6), (123, 4567), (4566, 4567)]:
        ref = stats.binomtest(k, N, alternative=alt).proportion_ci(confidence_level=conf, method="exact")
        got = S.clopper_pearson(k, N, conf, alt)
        # scipy finds its limits by root finding to ~1e-12 absolute (e.g. k = 1, N = 10^6 is off); ours are
        # checked against closed forms and mpmath below
        assert got[0] == pytest.approx(ref.low, rel=1e-5, abs=3e-12)
        assert got[1] == pytest.approx(ref.high, rel=1e-5, abs=3e-12)


@pytest.mark.parametrize("k, N", [(3, 7), (7, 7), (5, 100), (50, 100), (1, 1000)])
def test_clopper_pearson_against_mpmath(k, N):
    """The beta-quantile form at 40 digits (mpmath): the oracle of STYLE.md A.1."""
    import mpmath as mp

    with mp.workdps(40):
        for conf in (0.95, 1 - 1e-6):
            a2 = (mp.mpf(1) - mp.mpf(conf)) / 2

            def quantile(p, q, y):       # bisection: the regularized incomplete beta increases in x
                lo_, hi_ = mp.mpf(0), mp.mpf(1)
                for _ in range(140):
                    mid = (lo_ + hi_) / 2
                    if mp.betainc(p, q, 0, mid, regularized=True) < y:
                        lo_ = mid
                    else:
                        hi_ = mid
                return (lo_ + hi_) / 2

            lo, hi = S.clopper_pearson(k, N, conf)
            if k > 0:
                assert lo == pytest.approx(float(quantile(k, N - k + 1, a2)), rel=1e-11)
            if k < N:
                assert hi == pytest.approx(float(quantile(k + 1, N - k, 1 - a2)), rel=1e-11)


def test_clopper_pearson_closed_forms():
    # k = 1: the lower limit is the a/2 quantile of Beta(1, N) = 1 - (1 - a/2)^(1/N)
    for N in (10, 10**6):
        for conf in (0.95, 1 - 1e-9):
            a2 = (1 - conf) / 2
            assert S.clopper_pearson(1, N, conf)[0] == pytest.approx(-math.expm1(math.log1p(-a2) / N), rel=1e-12)
            # k = N - 1: the upper limit mirrors it
            assert S.clopper_pearson(N - 1, N, conf)[1] == pytest.approx(1 + math.expm1(math.log1p(-a2) / N), rel=1e-12)


def test_clopper_pearson_vectorized_and_extreme_level():
    lo, hi = S.clopper_pearson(np.array([0, 5, 100]), 100)
    assert lo.shape == (3,) and lo[0] == 0.0 and hi[2] == 1.0
    # 1 - 1e-12 keeps the precision it is given: the upper limit for x = 0 is 1 - (a/2)^(1/N)
    a = 1 - (1 - 1e-12)
    assert S.clopper_pearson(0, 50, 1 - a)[1] == pytest.approx(-math.expm1(math.log(a / 2) / 50), rel=1e-9)


@pytest.mark.parametrize("call, exc", [
    (lambda: S.clopper_pearson(-1, 10), ValueError),
    (lambda: S.clopper_pearson(11, 10), ValueError),
    (lambda: S.clopper_pearson(1.5, 10), ValueError),
    (lambda: S.clopper_pearson(1, 0), ValueError),
    (lambda: S.clopper_pearson(1, 10, confidence=1.0), ValueError),
    (lambda: S.clopper_pearson(1, 10, alternative="both"), ValueError),
])
def test_clopper_pearson_bad_input(call, exc):
    with pytest.raises(exc):
        call()


def test_estimate_object():
    e = S.Estimate("lose", 5, 100)
    assert e.estimate == 0.05 and e.contains(0.05) and not e.contains(0.2)
    assert e.complement("win").count == 95
    assert e.to_dict()["low"] == pytest.approx(0.016432, abs=5e-7)
    assert "95% CI" in repr(e)
    with pytest.raises(ValueError):
        S.Estimate("lose", 5, 4)


# ------------------------------------------------------------------ import cost
def test_simulation_does_not_import_scipy_stats():
    """scipy.stats costs about a second to import; neither bounds nor its simulator needs it."""
    code = ("import sys, bounds, bounds.simulate, bounds.witness, bounds.sweep\n"
            "from bounds import simulate\n"
            "simulate.two_point_exact(200, 0.5, 0.1); simulate.hypercube_exact(4, 20, 0.1)\n"
            "simulate.duel(20, 0.5, 0.1, trials=10, seed=0); simulate.clopper_pearson(3, 10)\n"
            "print('scipy.stats' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stdout + out.stderr


# ------------------------------------------------------------------ the duel
@pytest.mark.parametrize("n, d, eps, alpha, s, q_hard", [
    (0, 0.5, 0.1, 0.0, 0.0, 0.0),          # no labels: a tie, lost
    (1, 1.0, 0.0, 0.0, 0.0, 0.0),          # one perfect label: won
    (11, 1.0, 0.3, 0.0, 0.0, 0.0),
    (50, 0.25, 0.125, 0.125, 0.0, 0.0),
    (400, 0.0625, 0.3125, 0.0625, 0.0, 0.0),
    (60, 0.75, 0.25, 0.5, 0.0, 0.0),       # past breakdown: q_alpha = 0.375, the aligned policy usually loses
    (100, 0.25, 0.125, 0.0, 0.5, 0.25),    # systematic error: q_dec = 0.5625
    (80, 0.5, 0.125, 0.125, 0.25, 0.75),   # both
    (60, 1.0, 0.0, 0.0, 0.75, 0.0),        # raters always wrong on 3/4 of the queries
])
def test_duel_matches_the_rational_oracle(n, d, eps, alpha, s, q_hard):
    exact = float(mp_duel_lose(n, d, eps, alpha, s, q_hard))
    assert duel_exact(n, d, eps, alpha, s, q_hard) == pytest.approx(exact, rel=1e-9)
    est = S.duel(n, d, eps, alpha, s, q_hard, trials=200_000, seed=11)
    assert est.contains(exact, LEVEL), est


def test_duel_colluding_is_the_default_against_one_policy():
    """Against j* alone a label written for j* is a label against the aligned policy."""
    for kw in (dict(n=60, d=0.3, eps=0.1, alpha=0.2), dict(n=60, d=0.3, eps=0.1, alpha=0.2, s=0.3, q_hard=0.2)):
        a = S.duel(**kw, trials=50_000, seed=3)
        c = S.duel(**kw, trials=50_000, seed=3, adversary="colluding")
        assert a.count == c.count and c.params["adversary"] == "colluding"


@pytest.mark.parametrize("n, d, eps, alpha, s, q_hard", [
    (100, 0.5, 0.2, 0.1, 0.0, 0.0), (1000, 0.1, 0.3, 0.02, 0.0, 0.0), (31, 1.0, 0.1, 0.3, 0.0, 0.0),
    (200, 0.5, 0.1, 0.05, 0.3, 0.4),
])
def test_targeted_duel_matches_exact(n, d, eps, alpha, s, q_hard):
    est = S.duel(n, d, eps, alpha, s, q_hard, trials=200_000, seed=12, adversary="targeted")
    assert est.contains(targeted_exact(n, d, eps, alpha, s, q_hard), LEVEL), est


def test_breakdown_random_versus_targeted():
    """d = 0.2, eps = 0.3: labels against the aligned policy break it at 0.2857, the targeted adversary at 0.0741."""
    d, eps, n = 0.2, 0.3, 100_000
    assert bounds.breakdown_alpha(eps) == pytest.approx(0.4 / 1.4)
    assert S.targeted_breakdown_alpha(d, eps) == pytest.approx(0.08 / 1.08)
    alpha = 0.15                                                   # between the two
    rnd = S.duel(n, d, eps, alpha, trials=2000, seed=1)
    tgt = S.duel(n, d, eps, alpha, trials=2000, seed=1, adversary="targeted")
    assert rnd.interval(LEVEL)[1] < 0.01 and tgt.interval(LEVEL)[0] > 0.99
    # just either side of the targeted breakdown
    a_star = S.targeted_breakdown_alpha(d, eps)
    below = S.duel(n, d, eps, 0.8 * a_star, trials=2000, seed=2, adversary="targeted")
    above = S.duel(n, d, eps, 1.2 * a_star, trials=2000, seed=2, adversary="targeted")
    assert below.interval(LEVEL)[1] < 0.01 and above.interval(LEVEL)[0] > 0.99
    # ... and either side of the breakdown of labels against the aligned policy
    a_star = bounds.breakdown_alpha(eps)
    below = S.duel(n, d, eps, 0.9 * a_star, trials=2000, seed=3)
    above = S.duel(n, d, eps, 1.1 * a_star, trials=2000, seed=3)
    assert below.interval(LEVEL)[1] < 0.01 and above.interval(LEVEL)[0] > 0.99


def test_systematic_error_breakdown():
    """Past s* (bounds.breakdown_s) no number of labels helps against a deceptive policy."""
    eps, q_hard, d, n = 0.1, 0.0, 0.5, 100_000
    s_star = bounds.breakdown_s(eps, q_hard=q_hard)                # 4/9
    assert s_star == pytest.approx(4 / 9)
    below = S.duel(n, d, eps, s=0.9 * s_star, q_hard=q_hard, trials=2000, seed=4)
    above = S.duel(n, d, eps, s=1.1 * s_star, q_hard=q_hard, trials=2000, seed=4)
    assert below.interval(LEVEL)[1] < 0.01 and above.interval(LEVEL)[0] > 0.99
    assert S.targeted_breakdown_alpha(d, eps, s=1.1 * s_star, q_hard=q_hard) == 0.0
    m = d * float(bounds.quantities.bias_dec(eps, 0.0, 0.2, 0.3))
    assert S.targeted_breakdown_alpha(d, eps, s=0.2, q_hard=0.3) == pytest.approx(m / (1 + m), rel=1e-12)


# ------------------------------------------------------------------ the race
@pytest.mark.parametrize("n, K, d, eps, alpha", [
    (40, 3, 0.5, 0.125, 0.0),
    (60, 8, 0.25, 0.125, 0.0625),
    (150, 16, 0.1875, 0.1875, 0.125),
    (100, 64, 0.25, 0.0625, 0.0),
    (30, 5, 1.0, 0.25, 0.25),
    (40, 4, 0.5, 0.25, 0.5),          # past breakdown
])
def test_race_matches_exact(n, K, d, eps, alpha):
    win, lose = mp_race_latent_probs(n, K, d, eps, alpha)
    assert race_exact(n, K, d, eps, alpha) == pytest.approx(float(lose), rel=1e-9)
    est = S.race(n, K, d, eps, alpha, trials=100_000 if K < 20 else 30_000, seed=21)
    assert est.contains(float(lose), LEVEL), est


SYSTEMATIC_RACES = [
    (40, 6, 0.25, 0.0625, 0.125, 0.5, 0.25, 2),
    (80, 4, 0.5, 0.125, 0.0, 0.25, 0.0, 1),
    (60, 8, 0.125, 0.25, 0.0625, 0.5, 0.875, 7),   # q_hard > 1 - eps: hard queries help
    (50, 3, 0.75, 0.125, 0.0, 0.125, 0.5, 1),       # large d: q_c moved into the admissible range
]


@pytest.mark.parametrize("n, K, d, eps, alpha, s, q_hard, K_dec", SYSTEMATIC_RACES)
def test_systematic_race_samples_the_latent_model(n, K, d, eps, alpha, s, q_hard, K_dec):
    win, lose = mp_race_latent_probs(n, K, d, eps, alpha, s, q_hard, K_dec)
    est = S.race(n, K, d, eps, alpha, s, q_hard, K_dec, trials=100_000, seed=27)
    assert est.contains(float(lose), LEVEL), (est, float(lose))


def test_latent_model_oracle_matches_quantities():
    """The oracle's q_c (written from the model's description) is bounds.quantities.latent_qbar_c's."""
    Q = bounds.quantities
    for (_, _, d, eps, alpha, s, q_hard, _) in SYSTEMATIC_RACES:
        qc, _, _ = latent_model(d, eps, alpha, s, q_hard)
        got = Q.latent_qbar_c(d, Q.qbar_alpha(eps, alpha), Q.qbar_dec(eps, alpha, s, q_hard))
        assert float(got) == pytest.approx(float(1 - qc), rel=1e-12)


@pytest.mark.parametrize("n, K, d, eps, alpha, s, q_hard, K_dec", SYSTEMATIC_RACES)
def test_systematic_race_exact_matches_the_oracle(n, K, d, eps, alpha, s, q_hard, K_dec):
    win, lose = mp_race_latent_probs(n, K, d, eps, alpha, s, q_hard, K_dec)
    got = bounds.bound("race.exact")(n=n, K=K, d=d, eps=eps, alpha=alpha, s=s, q_hard=q_hard, K_dec=K_dec)
    assert got == pytest.approx(float(lose), rel=1e-9)


def test_systematic_race_with_two_policies_is_the_duel():
    est = S.race(100, 2, 0.25, 0.125, 0.0625, 0.5, 0.25, trials=200_000, seed=28)
    assert est.contains(float(mp_duel_lose(100, 0.25, 0.125, 0.0625, 0.5, 0.25)), LEVEL), est


@pytest.mark.parametrize("n, K, d, eps, alpha", [(60, 8, 0.25, 0.125, 0.0625), (120, 16, 0.1875, 0.1875, 0.125),
                                                 (300, 16, 0.0625, 0.375, 0.25)])
def test_colluding_variant_is_the_old_model(n, K, d, eps, alpha):
    """adversary='colluding' samples the j*-colluding model of the earlier releases (oracle: mp_race_colluding_probs)."""
    win, lose = mp_race_colluding_probs(n, K, d, eps, alpha)
    est = S.race(n, K, d, eps, alpha, trials=100_000, seed=29, adversary="colluding")
    assert est.contains(float(lose), LEVEL), (est, float(lose))


@pytest.mark.parametrize("structure", ["independent", "nested", "disjoint"])
@pytest.mark.parametrize("adversary", ["against", "colluding"])
def test_every_structure_with_one_opponent_is_the_duel(structure, adversary):
    est = S.race(100, 2, 0.3, 0.2, 0.1, trials=200_000, seed=22, structure=structure, adversary=adversary)
    assert est.contains(duel_exact(100, 0.3, 0.2, 0.1), LEVEL), est


def test_disjoint_with_systematic_error_and_one_opponent_is_the_duel():
    est = S.race(100, 2, 0.3, 0.2, 0.1, 0.4, 0.2, trials=200_000, seed=22, structure="disjoint")
    assert est.contains(duel_exact(100, 0.3, 0.2, 0.1, 0.4, 0.2), LEVEL), est


def test_nested_with_equal_sets_is_the_duel():
    # S_1 = S_2 = ... : all unaligned policies score alike, so the race is one duel
    est = S.race(100, 9, 0.3, 0.2, 0.05, trials=200_000, seed=23, structure="nested")
    assert est.contains(duel_exact(100, 0.3, 0.2, 0.05), LEVEL), est


def test_nested_and_disjoint_between_hardest_duel_and_union_bound():
    n, eps, alpha, K = 120, 0.2, 0.05, 8
    ds = np.linspace(0.1, 0.4, K - 1)
    for structure, dvec in [("nested", ds), ("disjoint", ds / ds.sum() * 0.9)]:
        du = np.array([duel_exact(n, d, eps, alpha) for d in dvec])
        est = S.race(n, K, dvec, eps, alpha, trials=100_000, seed=24, structure=structure)
        lo, hi = est.interval(LEVEL)
        assert hi >= du.max(), (structure, est, du.max())           # losing one duel loses the race
        assert lo <= du.sum(), (structure, est, du.sum())          # union bound


def test_disjoint_with_systematic_error_between_hardest_duel_and_union_bound():
    """Disjoint sets, 3 of 7 policies deceptive: each policy's duel is duel.exact with its own q."""
    n, eps, alpha, s, q_hard, K, K_dec = 150, 0.15, 0.05, 0.4, 0.3, 8, 3
    dvec = np.full(K - 1, 0.12)
    du = np.array([duel_exact(n, 0.12, eps, alpha, s if j < K_dec else 0.0, q_hard) for j in range(K - 1)])
    est = S.race(n, K, dvec, eps, alpha, s, q_hard, K_dec, trials=100_000, seed=30, structure="disjoint")
    lo, hi = est.interval(LEVEL)
    assert hi >= du.max() and lo <= du.sum(), (est, du)
    without = S.race(n, K, dvec, eps, alpha, trials=100_000, seed=30, structure="disjoint")
    assert without.interval(LEVEL)[1] < lo                          # the deceptive policies do hurt


def test_disjoint_differs_from_independent():
    """Same K, d: disjoint sets make the duels negatively dependent, independent ones do not."""
    ind = S.race(100, 8, 0.1, 0.2, trials=200_000, seed=25)
    dis = S.race(100, 8, 0.1, 0.2, trials=200_000, seed=25, structure="disjoint")
    assert ind.contains(race_exact(100, 8, 0.1, 0.2), LEVEL)
    assert dis.interval(LEVEL)[0] > ind.interval(LEVEL)[1] or dis.interval(LEVEL)[1] < ind.interval(LEVEL)[0]


def test_targeted_race_structures():
    n, K, d, eps, alpha = 100, 6, 0.3, 0.2, 0.1
    for structure in ("independent", "nested", "disjoint"):
        dv = d if structure != "disjoint" else 0.15
        tgt = S.race(n, K, dv, eps, alpha, trials=50_000, seed=26, structure=structure, adversary="targeted")
        col = S.race(n, K, dv, eps, alpha, trials=50_000, seed=26, structure=structure, adversary="colluding")
        assert tgt.interval(LEVEL)[0] > col.interval(LEVEL)[1], structure   # placing labels well hurts more


def test_against_hurts_the_race_more_than_colluding():
    """Labels against the aligned output favour every policy that separates there at once."""
    kw = dict(n=200, K=16, d=0.2, eps=0.2, alpha=0.1, trials=50_000, seed=31)
    for structure in ("independent", "nested", "disjoint"):
        # (nested sets must differ: with S_1 = S_2 = ... a label for j* is a label against the aligned policy)
        kk = dict(kw, d=0.05) if structure == "disjoint" else dict(kw, d=np.linspace(0.05, 0.3, 15)) \
            if structure == "nested" else kw
        against = S.race(**kk, structure=structure)
        colluding = S.race(**kk, structure=structure, adversary="colluding")
        assert against.interval(LEVEL)[0] > colluding.interval(LEVEL)[1], structure


def test_race_refuses_huge_K():
    with pytest.raises(ValueError, match=r"infeasible.*race\.exact"):
        S.race(100, 2**40, 0.1, 0.1, trials=10)
    with pytest.raises(ValueError, match="max_policies=10"):
        S.race(100, 12, 0.1, 0.1, trials=10, max_policies=10)
    assert S.race(10, 12, 0.1, 0.1, trials=10, max_policies=11, seed=0).trials == 10


# ------------------------------------------------------------------ P(lose) does not fall as alpha grows
def _not_fewer_losses(run, a1, a2, seed):
    """CP verdict that P(lose) at a2 >= P(lose) at a1 (a1 < a2): contradicted only if the level-(1 - 1e-6)
    lower limit at a1 exceeds the upper limit at a2 (false alarm below 2e-6)."""
    lo1 = run(a1, np.random.SeedSequence([seed, 1])).interval(LEVEL)[0]
    hi2 = run(a2, np.random.SeedSequence([seed, 2])).interval(LEVEL)[1]
    return lo1 <= hi2, (lo1, hi2)


ALPHAS = st.tuples(st.floats(0.0, 0.45), st.floats(0.0, 0.45)).map(sorted).filter(lambda a: a[1] - a[0] > 1e-3)


@pytest.mark.soak
@settings(max_examples=12)
@given(n=st.integers(1, 300), K=st.integers(2, 12), d=st.floats(0.02, 1.0), eps=st.floats(0.0, 0.45),
       s=st.sampled_from([0.0, 0.0, 0.3]), q_hard=st.floats(0.0, 0.6), alphas=ALPHAS,
       structure=st.sampled_from(["independent", "independent", "nested", "disjoint"]))
def test_simulated_loss_does_not_fall_as_alpha_grows(n, K, d, eps, s, q_hard, alphas, structure):
    if structure == "disjoint":
        d = min(d, 1.0 / (K - 1))
    if structure == "nested":
        s = 0.0
    if s > 0:
        d = min(d, 0.5)     # the latent model exists for d (1 + gap) <= 1
    seed = mc_seed(n * 1000 + K)

    def run(a, ss):
        return S.race(n, K, d, eps, a, s, q_hard, trials=4000, seed=ss, structure=structure)

    ok, lims = _not_fewer_losses(run, *alphas, seed)
    assert ok, (alphas, lims)


def test_monotonicity_check_catches_the_colluding_variant():
    """The colluding adversary helps the aligned policy here (noisy raters, 15 opponents): the same check rejects it."""
    def run(a, ss):
        return S.race(300, 16, 0.05, 0.4, a, trials=20_000, seed=ss, adversary="colluding")

    ok, lims = _not_fewer_losses(run, 0.0, 0.2, 5)
    assert not ok, lims
    # with the default adversary the same race passes
    ok, _ = _not_fewer_losses(lambda a, ss: S.race(300, 16, 0.05, 0.4, a, trials=20_000, seed=ss), 0.0, 0.2, 5)
    assert ok


# ------------------------------------------------------------------ simulators against exact, fresh points
@pytest.mark.soak
@settings(max_examples=10)
@given(n=st.integers(0, 400), d=st.floats(0.01, 1.0), eps=st.floats(0.0, 0.5), alpha=st.floats(0.0, 0.6),
       s=st.floats(0.0, 1.0), q_hard=st.floats(0.0, 1.0))
def test_simulated_duel_contains_exact(n, d, eps, alpha, s, q_hard):
    est = S.duel(n, d, eps, alpha, s, q_hard, trials=20_000, seed=mc_seed(n))
    assert est.contains(duel_exact(n, d, eps, alpha, s, q_hard), LEVEL), est


@pytest.mark.soak
@settings(max_examples=8)
@given(n=st.integers(0, 200), K=st.integers(2, 16), d=st.floats(0.01, 1.0), eps=st.floats(0.0, 0.5),
       alpha=st.floats(0.0, 0.6))
def test_simulated_race_contains_exact(n, K, d, eps, alpha):
    est = S.race(n, K, d, eps, alpha, trials=10_000, seed=mc_seed(n + 7 * K))
    assert est.contains(race_exact(n, K, d, eps, alpha), LEVEL), est


# ------------------------------------------------------------------ several sources
def test_single_source_is_the_duel():
    for w in ("llr", "equal"):
        est = S.sources([80], [0.2], d=0.4, weights=w, trials=200_000, seed=31)
        assert est.contains(duel_exact(80, 0.4, 0.2), LEVEL)


def test_two_equal_sources_are_one():
    est = S.sources([30, 50], [0.2, 0.2], d=0.4, trials=200_000, seed=32)
    assert est.contains(duel_exact(80, 0.4, 0.2), LEVEL)


def test_llr_weights_obey_additive_chernoff():
    """With weights ln((1-e)/e), P(lose) <= prod_k (1 - d (1 - BC_k))^{n_k}: exponents add."""
    for n, eps, d in [([20, 200], [0.05, 0.4], 0.5), ([5, 10, 40], [0.1, 0.25, 0.45], 1.0), ([50, 50], [0.2, 0.3], 0.2)]:
        bc = np.array([bounds.bhattacharyya(1 - e, e) for e in eps])
        chern = float(np.prod((1 - d * (1 - bc)) ** np.array(n)))
        est = S.sources(n, eps, d=d, weights="llr", trials=100_000, seed=33)
        assert est.interval(LEVEL, "greater")[0] <= chern, (n, eps, est, chern)


def test_perfect_source_decides():
    # eps = 0 source: lose only if none of its 3 labels separates and the noisy source loses
    d = 0.5
    exact = (1 - d) ** 3 * duel_exact(40, d, 0.4)
    est = S.sources([3, 40], [0.0, 0.4], d=d, trials=200_000, seed=34)
    assert est.contains(exact, LEVEL)


def test_sources_race_and_weights_matter():
    llr = S.sources([1, 4], [0.05, 0.45], d=1.0, K=4, weights="llr", trials=50_000, seed=35)
    eq = S.sources([1, 4], [0.05, 0.45], d=1.0, K=4, weights="equal", trials=50_000, seed=35)
    assert llr.interval(LEVEL)[1] < eq.interval(LEVEL)[0]


# ------------------------------------------------------------------ optimal decoders
def rational_two_point(n, d, p):
    """Exact optimal two-point error (a Fraction): sum_M Bin(n, d)(M) [P(Bin(M, p) > M/2) + P(= M/2)/2],
    p = min(q, 1 - q) the crossover; written from the definition, in integers over a common denominator."""
    d, p = Fraction(d), Fraction(p)
    P, Q = p.numerator, p.denominator
    R = Q - P
    Dn, Dq = d.numerator, d.denominator
    Dr = Dq - Dn
    pw_p, pw_r = [1], [1]
    for _ in range(n):
        pw_p.append(pw_p[-1] * P)
        pw_r.append(pw_r[-1] * R)
    total = 0
    for M in range(n + 1):
        w = math.comb(n, M) * Dn**M * Dr ** (n - M)              # over Dq^n
        if w == 0:
            continue
        g = 2 * sum(math.comb(M, x) * pw_p[x] * pw_r[M - x] for x in range(M // 2 + 1, M + 1))   # over 2 Q^M
        if M % 2 == 0:
            g += math.comb(M, M // 2) * pw_p[M // 2] * pw_r[M // 2]
        total += w * g * Q ** (n - M)
    return Fraction(total, 2 * Dq**n * Q**n)


def _mp_log(fr):
    import mpmath

    with mpmath.workdps(40):
        return float(mpmath.log(mpmath.mpf(fr.numerator)) - mpmath.log(mpmath.mpf(fr.denominator)))


@pytest.mark.parametrize("n, d, eps, alpha", [
    (0, 0.5, 0.125, 0.0), (1, 1.0, 0.25, 0.0), (2, 1.0, 0.25, 0.0), (10, 0.5, 0.25, 0.0), (101, 0.375, 0.375, 0.0),
    (40, 0.25, 0.125, 0.25),             # q_alpha = 0.65625
    (30, 0.5, 0.25, 0.5),                # q_alpha = 0.375 < 1/2: labels inverted
    (25, 1.0, 0.0, 0.875),               # q_alpha = 0.125
    (64, 0.75, 0.5, 0.0),                # q_alpha = 1/2: no information, error 1/2
    (300, 1.0, 0.125, 0.0),              # ~e^-124
    (2000, 1.0, 0.125, 0.0),             # ~e^-826, far below the smallest double
    (600, 0.5, 2.0**-10, 0.0),           # d < 1, ~e^-420: rows pruned
    (2000, 1.0, 0.484375, 0.0),          # p near 1/2: the wide window takes scipy's bdtrc
])
def test_two_point_exact_against_rational_oracle(n, d, eps, alpha):
    q = Fraction(1 - alpha) * Fraction(1 - eps)           # exact for these dyadic inputs
    p = min(q, 1 - q)
    ref = rational_two_point(n, d, p)
    got = S.two_point_exact(n, d, eps, alpha, log=True)
    assert got == pytest.approx(_mp_log(ref), rel=1e-12, abs=1e-12)
    if ref > Fraction(1, 10**300):
        assert S.two_point_exact(n, d, eps, alpha) == pytest.approx(float(ref), rel=1e-11)


def test_two_point_exact_is_symmetric_in_the_channel():
    """Past breakdown the error equals that at the mirrored accuracy: q_alpha = 0.36 reads like q = 0.64."""
    for n, d in [(10, 0.5), (77, 0.3), (400, 1.0)]:
        assert S.two_point_exact(n, d, 0.2, 0.55) == pytest.approx(S.two_point_exact(n, d, 0.36), rel=1e-12)


def test_two_point_exact_corners():
    # subnormal separation: a coin flip unless some label separates
    assert S.two_point_exact(3, 1.1e-308, 0.0, log=True) == math.log(0.5) + 3 * math.log1p(-1.1e-308)
    assert S.two_point_exact(3, 5e-324, 0.1) == 0.5
    # subnormal error rate: P(M = 0)/2 + P(M = 2) P(tie)/2 with P(tie) = 2 eps (1 - eps)
    for eps in (1e-320, 5e-324):
        assert S.two_point_exact(3, 0.5, eps) == pytest.approx(1 / 16, rel=1e-15)
    # eps = 1e-200, d = 1, n = 3: two of three labels wrong, 3 eps^2 (1 - eps) + eps^3
    assert S.two_point_exact(3, 1.0, 1e-200, log=True) == pytest.approx(math.log(3) - 400 * math.log(10), rel=1e-14)
    assert S.two_point_exact(0, 1.0, 0.1) == 0.5 and S.two_point_exact(0, 1e-300, 0.5) == 0.5
    assert S.two_point_exact(5, 1.0, 0.0) == 0.0 and S.two_point_exact(5, 1.0, 0.0, log=True) == -math.inf
    # d = 1, even n: error is that of n - 1 labels (a tie is a coin flip)
    assert S.two_point_exact(2000, 1.0, 0.1, log=True) == pytest.approx(S.two_point_exact(1999, 1.0, 0.1, log=True), rel=1e-12)
    # the largest n, quickly and finite; beyond it a clear error
    assert -3000 < S.two_point_exact(bounds.MAX_EXACT_N, 0.5, 0.45, log=True) < -2000
    with pytest.raises(ValueError, match=r"n=1000001 .* n <= 1e\+06"):
        S.two_point_exact(bounds.MAX_EXACT_N + 1, 0.5, 0.1)
    with pytest.raises(ValueError, match="n=1e\\+300"):
        S.two_point_exact(1e300, 0.5, 0.1)


def test_loader_pmf_against_exact_rationals():
    """The Loader pmf the simulator uses (shared with the exact engine), against exact rationals."""
    for x, m, p in [(3, 10, 0.25), (0, 50, 0.125), (50, 50, 0.875), (400, 1000, 0.375), (1, 3, 2.0**-1000)]:
        ref = Fraction(math.comb(m, x)) * Fraction(p) ** x * (1 - Fraction(p)) ** (m - x)
        got = float(bounds._exact.log_binom_pmf(np.array(x), np.array(m), p, 1 - p))
        assert got == pytest.approx(_mp_log(ref), rel=1e-14, abs=1e-13)


def test_two_point_bounds_below_optimal_test():
    for n in [0, 1, 5, 30, 300]:
        for d, eps, alpha in [(1.0, 0.1, 0.0), (0.3, 0.2, 0.1), (0.05, 0.4, 0.0), (0.5, 0.2, 0.6)]:
            e = S.two_point_exact(n, d, eps, alpha)
            assert bounds.bound("two_point.le_cam")(n=n, d=d, eps=eps, alpha=alpha) <= e * (1 + 1e-9)
            assert bounds.bound("two_point.bretagnolle_huber")(n=n, d=d, eps=eps, alpha=alpha) <= e * (1 + 1e-9)


@pytest.mark.parametrize("n, d, eps, alpha", [(0, 0.5, 0.1, 0.0), (10, 0.5, 0.2, 0.0), (40, 0.2, 0.1, 0.2),
                                              (9, 1.0, 0.3, 0.5), (30, 0.5, 0.2, 0.7)])
def test_two_point_simulation_matches_exact(n, d, eps, alpha):
    est = S.two_point(n, d, eps, alpha, trials=200_000, seed=41)
    assert est.contains(S.two_point_exact(n, d, eps, alpha), LEVEL), est


def test_hypercube_reference_vectors():
    # REFERENCES.md §1.3 [computed]: m = 100, n = 5, eps = 0.2 -> 5.792; m = 50, n = 9, eps = 0.3 -> 4.940433
    assert S.hypercube_exact(100, 5, 0.2)[0] == pytest.approx(5.792, abs=5e-7)
    assert S.hypercube_exact(50, 9, 0.3)[0] == pytest.approx(4.940433, abs=5e-7)
    # ... where Assouad's bound m/2 (1 - TV(Bin(n, 1-eps), Bin(n, eps))) is tight
    for m, n, eps in [(100, 5, 0.2), (50, 9, 0.3)]:
        k = np.arange(n + 1)
        tv = 0.5 * np.abs(stats.binom.pmf(k, n, 1 - eps) - stats.binom.pmf(k, n, eps)).sum()
        assert m / 2 * (1 - tv) == pytest.approx(S.hypercube_exact(m, n, eps)[0], rel=1e-12)


@pytest.mark.parametrize("m, n, eps, d, alpha", [(100, 5, 0.2, 1.0, 0.0), (50, 9, 0.3, 1.0, 0.0), (20, 12, 0.1, 0.4, 0.1),
                                                 (20, 12, 0.1, 0.4, 0.6)])
def test_hypercube_simulation_matches_exact(m, n, eps, d, alpha):
    r = S.hypercube(m, n, eps, d, alpha, trials=20_000, seed=42)
    ham, block = S.hypercube_exact(m, n, eps, d, alpha)
    lo, hi = r.hamming_interval(LEVEL)
    assert lo <= ham <= hi
    assert r.block_error.contains(block, LEVEL)


def test_decoders_read_inverted_labels():
    """Past breakdown a decoder that read the labels straight would err more than half the time."""
    assert S.two_point_exact(50, 1.0, 0.2, 0.6) < 0.05           # q_alpha = 0.32: informative inverted
    r = S.hypercube(8, 50, 0.2, 1.0, 0.6, trials=2000, seed=43)
    assert r.bit_error.interval(LEVEL)[1] < 0.05


# ------------------------------------------------------------------ seeds, chunks, memory
def test_seed_reproducibility_and_no_mutation():
    ss = np.random.SeedSequence(99)
    a = S.duel(30, 0.5, 0.2, trials=100_000, seed=ss)
    b = S.duel(30, 0.5, 0.2, trials=100_000, seed=ss)         # the same SeedSequence object again
    c = S.duel(30, 0.5, 0.2, trials=100_000, seed=99)
    assert a.count == b.count == c.count
    assert S.duel(30, 0.5, 0.2, trials=100_000, seed=100).count != a.count
    assert a.seed == (99, ())


def test_blocks_and_executor_do_not_change_numbers():
    block = S.engine.block_size(1)
    trials = 3 * block + 17
    est = S.duel(30, 0.5, 0.2, 0.1, 0.3, 0.2, trials=trials, seed=7)
    assert (est.blocks, est.block_size) == (4, block)
    with ThreadPoolExecutor(3) as ex:
        par = S.duel(30, 0.5, 0.2, 0.1, 0.3, 0.2, trials=trials, seed=7, executor=ex)
        race_par = S.race(50, 6, 0.3, 0.1, 0.1, 0.3, 0.2, 2, trials=trials, seed=8, executor=ex)
    assert par.count == est.count
    assert race_par.count == S.race(50, 6, 0.3, 0.1, 0.1, 0.3, 0.2, 2, trials=trials, seed=8).count
    # blocks are seeded by index: the first block of a longer run is the same draws
    one = S.duel(30, 0.5, 0.2, trials=block, seed=7)
    ss = np.random.SeedSequence(7)
    args = (30, 0.5, 0.8, 0.0, 0.0, 0.0, "against", 0)
    direct = S.engine.run_blocks(S.duels._duel_kernel, args, ss, 0, 1, block, block)
    assert one.count == int(direct[0])


def test_block_size_shrinks_with_policies():
    assert S.engine.block_size(1) == 1 << 16
    assert S.engine.block_size(64) * 64 <= 1 << 21
    assert S.engine.block_size(10**6) >= 1
    est = S.race(10, 1025, 0.1, 0.1, trials=5000, seed=0)
    assert est.block_size * 1025 <= 1 << 21 and est.blocks == math.ceil(5000 / est.block_size)


def test_memory_stays_flat():
    """Peak memory does not grow with trials; a block of a 64-policy race is a few arrays of 16 MiB."""
    def peak(trials):
        tracemalloc.start()
        S.race(100, 64, 0.2, 0.1, 0.05, trials=trials, seed=1)
        _, p = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return p

    p1, p3 = peak(S.engine.block_size(64)), peak(3 * S.engine.block_size(64))
    assert p3 < 1.3 * p1 + (1 << 20)
    assert p3 < 160 * 2**20
    tracemalloc.start()
    S.duel(1000, 0.1, 0.2, 0.1, 0.3, 0.2, trials=1_000_000, seed=1)
    _, p = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert p < 24 * 2**20      # so 1e8 trials (the same blocks, more of them) stay far below 1 GiB


def test_huge_n_is_simulated_from_counts():
    """10^15 labels cost what 10 do; beyond MAX_N a clear error."""
    # M ~ Bin(10^15, 10^-12) separating labels is Poisson(1000) to within 1e-9 in total variation (Le Cam)
    M = np.arange(2001)
    limit = float(np.sum(stats.poisson.pmf(M, 1000.0) * stats.binom.cdf(np.floor(M / 2), M, 0.51)))
    est = S.duel(10**15, 1e-12, 0.49, trials=100_000, seed=9)
    assert 0.1 < limit < 0.5 and est.contains(limit, LEVEL), (est, limit)
    with pytest.raises(ValueError, match=r"n=1e\+16 .* n <= 9\.0072e\+15"):
        S.duel(1e16, 0.5, 0.1, trials=10)


# ------------------------------------------------------------------ bad input
BAD_CALLS = [
    (lambda: S.duel(10.5, 0.5, 0.1, trials=10), ValueError, "n=10.5"),
    (lambda: S.duel(10, 0.0, 0.1, trials=10), ValueError, "d=0.0"),
    (lambda: S.duel(10, 0.5, 0.6, trials=10), ValueError, "eps=0.6"),
    (lambda: S.duel(10, 0.5, 0.1, 1.0, trials=10), ValueError, "alpha=1.0"),
    (lambda: S.duel(10, 0.5, 0.1, s=1.5, trials=10), ValueError, "s=1.5"),
    (lambda: S.duel(10, 0.5, 0.1, q_hard=-0.1, trials=10), ValueError, "q_hard=-0.1"),
    (lambda: S.duel(10, 0.5, 0.1, trials=0), ValueError, "trials=0"),
    (lambda: S.duel(10, 0.5, 0.1, trials=10.5), ValueError, "trials=10.5"),
    (lambda: S.duel(10, 0.5, 0.1, trials=10, seed=np.random.default_rng(0)), TypeError, "Generator"),
    (lambda: S.duel(10, 0.5, 0.1, trials=10, seed=-1), ValueError, "seed=-1"),
    (lambda: S.duel(10, 0.5, 0.1, trials=10, adversary="random"), ValueError, "adversary='random'"),
    (lambda: S.duel([10, 20], 0.5, 0.1, trials=10), TypeError, "single number"),
    (lambda: S.race(10, 2.5, 0.5, 0.1, trials=10), ValueError, "K=2.5"),
    (lambda: S.race(10, 4, [0.1, 0.2], 0.1, trials=10), ValueError, "length 3"),
    (lambda: S.race(10, 4, [0.3, 0.2, 0.1], 0.1, trials=10, structure="nested"), ValueError, "non-decreasing"),
    (lambda: S.race(10, 4, 0.5, 0.1, trials=10, structure="disjoint"), ValueError, "sum to <= 1"),
    (lambda: S.race(10, 4, 0.1, 0.1, trials=10, structure="tree"), ValueError, "structure"),
    (lambda: S.race(10, 4, 0.1, 0.1, trials=10, target=3), ValueError, "target=3"),
    (lambda: S.race(10, 4, 0.1, 0.1, K_dec=4, trials=10), ValueError, "K_dec=4 .* K - 1 = 3"),
    (lambda: S.race(10, 4, 0.1, 0.1, K_dec=1.5, trials=10), ValueError, "K_dec=1.5"),
    (lambda: S.race(10, 4, 0.1, 0.1, s=0.2, trials=10, structure="nested"), ValueError, "s=0.2 .* structure='nested'"),
    (lambda: S.race(10, 4, 0.1, 0.1, s=0.2, trials=10, adversary="colluding"), ValueError, "adversary='colluding'"),
    (lambda: S.race(10, 4, 0.1, 0.1, s=0.2, trials=10, adversary="targeted"), ValueError, "adversary='targeted'"),
    (lambda: S.race(10, 4, [0.1, 0.2, 0.3], 0.1, s=0.2, trials=10), ValueError, "per-policy d"),
    (lambda: S.race(10, 4, 1.0, 0.1, s=0.5, q_hard=0.0, trials=10), ValueError, "d=1.0 is too large"),
    (lambda: S.sources([10, 20], [0.1], d=0.5, trials=10), ValueError, "same positive length"),
    (lambda: S.sources([10], [0.1], d=0.5, weights="sqrt", trials=10), ValueError, "weights"),
    (lambda: S.hypercube(0, 5, 0.1, trials=10), ValueError, "m=0"),
    (lambda: S.duel(10, 0.5, 0.1, trials=10, confidence=1.5), ValueError, "confidence"),
    (lambda: S.two_point_exact(10, 0.5, 0.1, alpha=-0.1), ValueError, "alpha=-0.1"),
    (lambda: S.targeted_breakdown_alpha(0.5, 0.7), ValueError, "eps=0.7"),
]


@pytest.mark.parametrize("call, exc, match", BAD_CALLS, ids=[m for _, _, m in BAD_CALLS])
def test_bad_calls(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
