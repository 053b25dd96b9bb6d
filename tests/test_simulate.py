"""Monte Carlo of the canonical model (bounds.simulate).

Tiers (STYLE.md A.8): (a) reference values with provenance — Clopper–Pearson vectors of
REFERENCES.md §6.7, the hypercube/Assouad vectors of §1.3; (b) agreement between methods
— every simulator against an exact value, through a CP interval at level 1 - 1e-6 with a
fixed seed (never flaky: the seed is fixed, and a wrong simulator fails with probability
~1 while a right one passes except with probability 1e-6 per check); (d) properties of
the harness itself — seeds, chunking, memory.
"""
from __future__ import annotations

import math
import tracemalloc
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from scipy import stats

import bounds
from bounds import simulate as S

LEVEL = 1 - 1e-6   # per-check false-alarm rate 1e-6


def duel_exact(n, d, eps, alpha=0.0):
    return bounds.bound("duel.exact")(n=n, d=d, eps=eps, alpha=alpha)


def race_exact(n, K, d, eps, alpha=0.0):
    return bounds.bound("race.exact")(n=n, K=K, d=d, eps=eps, alpha=alpha)


def targeted_exact(n, d, eps, alpha):
    """P(lose) with A = floor(alpha n) adversarial labels on separating queries: 2X - M <= A."""
    A = math.floor(alpha * n)
    M = np.arange(n - A + 1)
    return float(np.sum(stats.binom.pmf(M, n - A, d) * stats.binom.cdf(np.floor((M + A) / 2), M, 1 - eps)))


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


@pytest.mark.parametrize("conf", [0.95, 1 - 1e-6])
@pytest.mark.parametrize("alt", ["two-sided", "less", "greater"])
def test_clopper_pearson_matches_scipy(conf, alt):
    for k, N in [(0, 7), (3, 7), (7, 7), (1, 10**6), (123, 4567), (4566, 4567)]:
        ref = stats.binomtest(k, N, alternative=alt).proportion_ci(confidence_level=conf, method="exact")
        got = S.clopper_pearson(k, N, conf, alt)
        # scipy finds its limits by root finding to ~1e-12 absolute (e.g. k = 1, N = 10^6 is off); ours are
        # checked against closed forms below
        assert got[0] == pytest.approx(ref.low, rel=1e-5, abs=3e-12)
        assert got[1] == pytest.approx(ref.high, rel=1e-5, abs=3e-12)


@pytest.mark.parametrize("k, N", [(3, 7), (7, 7), (5, 100), (50, 100), (1, 1000)])
def test_clopper_pearson_against_mpmath(k, N):
    """The beta-quantile form at 40 digits (mpmath ships with sympy): the oracle of STYLE.md A.1."""
    import mpmath as mp

    mp.mp.dps = 40
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
            # k = N - 1: the upper limit is (1 - a/2)^(1/N)... mirrored: 1 - lower(1, N)
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


# ------------------------------------------------------------------ the duel
@pytest.mark.parametrize("n, d, eps, alpha", [
    (0, 0.5, 0.1, 0.0),          # no labels: a tie, lost
    (1, 1.0, 0.0, 0.0),          # one perfect label: won
    (11, 1.0, 0.3, 0.0),
    (50, 0.2, 0.1, 0.1),
    (400, 0.05, 0.3, 0.05),
    (2000, 0.5, 0.45, 0.0),
    (60, 0.7, 0.2, 0.3),         # past breakdown (q_alpha = 0.56 > 1/2 still) -- random assignment
    (60, 0.7, 0.2, 0.5),         # q_alpha = 0.4: the aligned policy usually loses
])
def test_duel_matches_exact(n, d, eps, alpha):
    est = S.duel(n, d, eps, alpha, trials=200_000, seed=11)
    assert est.contains(duel_exact(n, d, eps, alpha), LEVEL), est


@pytest.mark.parametrize("n, d, eps, alpha", [(100, 0.5, 0.2, 0.1), (1000, 0.1, 0.3, 0.02), (31, 1.0, 0.1, 0.3)])
def test_targeted_duel_matches_exact(n, d, eps, alpha):
    est = S.duel(n, d, eps, alpha, trials=200_000, seed=12, adversary="targeted")
    assert est.contains(targeted_exact(n, d, eps, alpha), LEVEL), est


def test_breakdown_random_versus_targeted():
    """d = 0.2, eps = 0.3: random assignment breaks down at 0.2857, the targeted adversary at 0.0741."""
    d, eps, n = 0.2, 0.3, 100_000
    assert bounds.breakdown_alpha(eps) == pytest.approx(0.4 / 1.4)
    assert S.targeted_breakdown_alpha(d, eps) == pytest.approx(0.08 / 1.08)
    alpha = 0.15                                                   # between the two
    rnd = S.duel(n, d, eps, alpha, trials=2000, seed=1, adversary="random")
    tgt = S.duel(n, d, eps, alpha, trials=2000, seed=1, adversary="targeted")
    assert rnd.interval(LEVEL)[1] < 0.01 and tgt.interval(LEVEL)[0] > 0.99
    # just either side of the targeted breakdown
    a_star = S.targeted_breakdown_alpha(d, eps)
    below = S.duel(n, d, eps, 0.8 * a_star, trials=2000, seed=2, adversary="targeted")
    above = S.duel(n, d, eps, 1.2 * a_star, trials=2000, seed=2, adversary="targeted")
    assert below.interval(LEVEL)[1] < 0.01 and above.interval(LEVEL)[0] > 0.99


# ------------------------------------------------------------------ the race
@pytest.mark.parametrize("n, K, d, eps, alpha", [
    (40, 3, 0.5, 0.1, 0.0),
    (60, 8, 0.3, 0.1, 0.05),
    (200, 16, 0.2, 0.2, 0.1),
    (100, 64, 0.25, 0.05, 0.0),
    (30, 5, 1.0, 0.3, 0.2),
])
def test_race_matches_exact(n, K, d, eps, alpha):
    est = S.race(n, K, d, eps, alpha, trials=100_000 if K < 20 else 30_000, seed=21)
    assert est.contains(race_exact(n, K, d, eps, alpha), LEVEL), est


@pytest.mark.parametrize("structure", ["independent", "nested", "disjoint"])
def test_every_structure_with_one_opponent_is_the_duel(structure):
    est = S.race(100, 2, 0.3, 0.2, 0.1, trials=200_000, seed=22, structure=structure)
    assert est.contains(duel_exact(100, 0.3, 0.2, 0.1), LEVEL), est


def test_nested_with_equal_sets_is_the_duel():
    # S_1 = S_2 = ... : all unaligned policies score alike, so the race is one duel
    est = S.race(100, 9, 0.3, 0.2, 0.05, trials=200_000, seed=23, structure="nested")
    assert est.contains(duel_exact(100, 0.3, 0.2, 0.05), LEVEL), est


def test_nested_and_disjoint_between_hardest_duel_and_union_bound():
    n, eps, K = 120, 0.2, 8
    ds = np.linspace(0.1, 0.4, K - 1)
    duels = np.array([duel_exact(n, d, eps) for d in ds])
    for structure, dvec in [("nested", ds), ("disjoint", ds / ds.sum() * 0.9)]:
        du = duels if structure == "nested" else np.array([duel_exact(n, d, eps) for d in dvec])
        est = S.race(n, K, dvec, eps, trials=100_000, seed=24, structure=structure)
        lo, hi = est.interval(LEVEL)
        assert hi >= du.max(), (structure, est, du.max())           # losing one duel loses the race
        assert lo <= du.sum(), (structure, est, du.sum())          # union bound


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
        rnd = S.race(n, K, dv, eps, alpha, trials=50_000, seed=26, structure=structure, adversary="random")
        assert tgt.interval(LEVEL)[0] > rnd.interval(LEVEL)[1], structure   # placing labels well hurts more


def test_race_refuses_huge_K():
    with pytest.raises(ValueError, match=r"infeasible.*race\.exact"):
        S.race(100, 2**40, 0.1, 0.1, trials=10)
    with pytest.raises(ValueError, match="max_policies=10"):
        S.race(100, 12, 0.1, 0.1, trials=10, max_policies=10)
    assert S.race(10, 12, 0.1, 0.1, trials=10, max_policies=11, seed=0).trials == 10


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
def test_two_point_exact_against_direct_sum():
    for n, d, eps in [(0, 0.5, 0.1), (1, 1.0, 0.2), (2, 1.0, 0.2), (10, 0.5, 0.2), (101, 0.3, 0.35)]:
        q = 1 - eps
        M = np.arange(n + 1)
        g = stats.binom.cdf(np.ceil(M / 2) - 1, M, q) + np.where(M % 2 == 0, 0.5 * stats.binom.pmf(M // 2, M, q), 0)
        assert S.two_point_exact(n, d, eps) == pytest.approx(float(np.dot(stats.binom.pmf(M, n, d), g)), rel=1e-12)


def test_two_point_exact_log_path_agrees_and_reaches_far():
    for n, d, q in [(50, 1.0, 0.9), (51, 0.3, 0.7), (200, 0.5, 0.6), (7, 0.2, 0.99)]:
        assert S._bit_error_log(n, d, q) == pytest.approx(math.log(S._bit_error_linear(n, d, q)), rel=1e-10)
    lp = S.two_point_exact(20000, 1.0, 0.1, log=True)
    assert math.isfinite(lp) and lp < -10000
    # d = 1, even n: error is that of n - 1 labels (a tie is a coin flip)
    assert S.two_point_exact(2000, 1.0, 0.1, log=True) == pytest.approx(S.two_point_exact(1999, 1.0, 0.1, log=True), rel=1e-10)


def test_two_point_bounds_below_optimal_test():
    for n in [0, 1, 5, 30, 300]:
        for d, eps, alpha in [(1.0, 0.1, 0.0), (0.3, 0.2, 0.1), (0.05, 0.4, 0.0)]:
            e = S.two_point_exact(n, d, eps, alpha)
            assert bounds.bound("two_point.le_cam")(n=n, d=d, eps=eps, alpha=alpha) <= e * (1 + 1e-9)
            assert bounds.bound("two_point.bretagnolle_huber")(n=n, d=d, eps=eps, alpha=alpha) <= e * (1 + 1e-9)


@pytest.mark.parametrize("n, d, eps, alpha", [(0, 0.5, 0.1, 0.0), (10, 0.5, 0.2, 0.0), (40, 0.2, 0.1, 0.2), (9, 1.0, 0.3, 0.5)])
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


@pytest.mark.parametrize("m, n, eps, d, alpha", [(100, 5, 0.2, 1.0, 0.0), (50, 9, 0.3, 1.0, 0.0), (20, 12, 0.1, 0.4, 0.1)])
def test_hypercube_simulation_matches_exact(m, n, eps, d, alpha):
    r = S.hypercube(m, n, eps, d, alpha, trials=20_000, seed=42)
    ham, block = S.hypercube_exact(m, n, eps, d, alpha)
    lo, hi = r.hamming_interval(LEVEL)
    assert lo <= ham <= hi
    assert r.block_error.contains(block, LEVEL)


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
    block = S._block_size(1)
    trials = 3 * block + 17
    est = S.duel(30, 0.5, 0.2, trials=trials, seed=7)
    assert (est.blocks, est.block_size) == (4, block)
    with ThreadPoolExecutor(3) as ex:
        par = S.duel(30, 0.5, 0.2, trials=trials, seed=7, executor=ex)
        race_par = S.race(50, 6, 0.3, 0.1, 0.1, trials=trials, seed=8, executor=ex)
    assert par.count == est.count
    assert race_par.count == S.race(50, 6, 0.3, 0.1, 0.1, trials=trials, seed=8).count
    # blocks are seeded by index: the first blocks of a longer run are the same draws
    one = S.duel(30, 0.5, 0.2, trials=block, seed=7)
    ss = np.random.SeedSequence(7)
    direct = S._run_blocks(S._duel_kernel, (30, 0.5, 0.8, 0.8, "random", 0), ss.entropy, (), ss.pool_size, 0, 1, block, block)
    assert one.count == int(direct[0])


def test_block_size_shrinks_with_policies():
    assert S._block_size(1) == 1 << 16
    assert S._block_size(64) * 64 <= 1 << 21
    assert S._block_size(10**6) >= 1
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

    p1, p3 = peak(S._block_size(64)), peak(3 * S._block_size(64))
    assert p3 < 1.3 * p1 + (1 << 20)
    assert p3 < 160 * 2**20
    tracemalloc.start()
    S.duel(1000, 0.1, 0.2, trials=1_000_000, seed=1)
    _, p = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert p < 16 * 2**20      # so 1e8 trials (the same blocks, more of them) stay far below 1 GiB


# ------------------------------------------------------------------ bad input
BAD_CALLS = [
    (lambda: S.duel(10.5, 0.5, 0.1, trials=10), ValueError, "n=10.5"),
    (lambda: S.duel(10, 0.0, 0.1, trials=10), ValueError, "d=0.0"),
    (lambda: S.duel(10, 0.5, 0.6, trials=10), ValueError, "eps=0.6"),
    (lambda: S.duel(10, 0.5, 0.1, 1.0, trials=10), ValueError, "alpha=1.0"),
    (lambda: S.duel(10, 0.5, 0.1, trials=0), ValueError, "trials=0"),
    (lambda: S.duel(10, 0.5, 0.1, trials=10.5), ValueError, "trials=10.5"),
    (lambda: S.duel(10, 0.5, 0.1, trials=10, seed=np.random.default_rng(0)), TypeError, "Generator"),
    (lambda: S.duel(10, 0.5, 0.1, trials=10, seed=-1), ValueError, "seed=-1"),
    (lambda: S.duel(10, 0.5, 0.1, trials=10, adversary="smart"), ValueError, "adversary"),
    (lambda: S.duel([10, 20], 0.5, 0.1, trials=10), TypeError, "single number"),
    (lambda: S.race(10, 2.5, 0.5, 0.1, trials=10), ValueError, "K=2.5"),
    (lambda: S.race(10, 4, [0.1, 0.2], 0.1, trials=10), ValueError, "length 3"),
    (lambda: S.race(10, 4, [0.3, 0.2, 0.1], 0.1, trials=10, structure="nested"), ValueError, "non-decreasing"),
    (lambda: S.race(10, 4, 0.5, 0.1, trials=10, structure="disjoint"), ValueError, "sum to <= 1"),
    (lambda: S.race(10, 4, 0.1, 0.1, trials=10, structure="tree"), ValueError, "structure"),
    (lambda: S.race(10, 4, 0.1, 0.1, trials=10, target=3), ValueError, "target=3"),
    (lambda: S.sources([10, 20], [0.1], d=0.5, trials=10), ValueError, "same positive length"),
    (lambda: S.sources([10], [0.1], d=0.5, weights="sqrt", trials=10), ValueError, "weights"),
    (lambda: S.hypercube(0, 5, 0.1, trials=10), ValueError, "m=0"),
    (lambda: S.duel(10, 0.5, 0.1, trials=10, confidence=1.5), ValueError, "confidence"),
]


@pytest.mark.parametrize("call, exc, match", BAD_CALLS, ids=[m for _, _, m in BAD_CALLS])
def test_bad_calls(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
