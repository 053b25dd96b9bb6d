"""Tests of `bounds._exact`: the exact probabilities of the race.

The oracle is a brute-force evaluation of the same model in mpmath: every term of every
sum, no truncation, no windows, no log-space tricks other than computing both
$P(X \\le Y)$ and $P(X > Y)$ as direct sums (so that neither is a difference of nearly
equal numbers). The code under test shares nothing with it. Two oracles: `oracle` for the
legacy race (the adversary labels for one policy j*, as `race_log_probs` defines it), and
`latent_oracle` for the latent-correctness model with two groups of policies.
"""
from __future__ import annotations

import functools
import itertools
import math
import warnings

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binom

import bounds

from bounds._exact import (MAX_EXACT_N, duel_log_probs, largest_K, latent_parameters,
                           latent_race_log_probs, legacy_parameters, log_binom_le,
                           race_log_probs, smallest_n)

DPS = 60
RTOL = 1e-9          # required agreement with the oracle, relative, for P >= 1e-250


# ----------------------------------------------------------------------------------------
# the mpmath oracle

@functools.lru_cache(maxsize=None)
def _pmf(m, p):
    """Bin(m, p) pmf as a list of mpf (p an mpf), by the exact ratio recurrence."""
    if p == 0:
        return (mp.mpf(1),) + (mp.mpf(0),) * m
    if p == 1:
        return (mp.mpf(0),) * m + (mp.mpf(1),)
    out = [(1 - p) ** m]
    r = p / (1 - p)
    for x in range(m):
        out.append(out[-1] * (m - x) / (x + 1) * r)
    return tuple(out)


@functools.lru_cache(maxsize=None)
def _le_gt(a, s, b, t):
    """(P(Bin(a,s) <= Bin(b,t)), P(Bin(a,s) > Bin(b,t))), both as direct sums."""
    px, py = _pmf(a, s), _pmf(b, t)
    F, G = [], []              # F[y] = P(X <= y), G[y] = P(X > y) for y = 0..a
    acc = mp.mpf(0)
    for v in px:
        acc += v
        F.append(acc)
    acc = mp.mpf(0)
    for v in reversed(px):
        G.append(acc)
        acc += v
    G.reverse()
    le = mp.fsum(py[y] * F[min(y, a)] for y in range(b + 1))
    gt = mp.fsum(py[y] * G[y] for y in range(min(a, b) + 1))
    return le, gt


def _log1m(x, one_minus_x):
    """log(1 - x), from whichever of x and 1 - x was computed directly and is small."""
    return mp.log1p(-x) if x < 0.5 else mp.log(one_minus_x)


def oracle(n, K, d, q, alpha=0.0):
    """(P(win), P(lose)) of the race at DPS digits; K = 2 is the duel."""
    with mp.workdps(DPS):
        d, q, al, K = mp.mpf(d), mp.mpf(q), mp.mpf(alpha), mp.mpf(K)
        qc = (1 - al) * q + al * (1 - d)
        r1 = (1 - al) * q * d / qc if qc > 0 else mp.mpf(0)
        r2 = d * ((1 - al) * (1 - q) + al) / (1 - qc) if qc < 1 else mp.mpf(0)
        pc = _pmf(n, qc)
        win, lose = [], []
        for c in range(n + 1):
            if pc[c] == 0:
                continue
            g, g1 = _le_gt(c, r1, n - c, r2)
            if g1 == 0:                       # j* is never beaten
                lose.append(pc[c])
                continue
            u = _log1m(g, g1)                 # log P(win | c) = u
            if K > 2:
                p, p1 = _le_gt(c, d, n - c, d)
                if p1 == 0:
                    lose.append(pc[c])
                    continue
                u += (K - 2) * _log1m(p, p1)
            win.append(pc[c] * mp.exp(u))
            lose.append(pc[c] * -mp.expm1(u))
        return mp.fsum(win), mp.fsum(lose)


def _assert_close(log_mine, ref, what, rtol=RTOL):
    """exp(log_mine) agrees with the mpf `ref`; an exact zero must be exactly zero.

    For P >= 1e-250 the relative error of P (= the absolute error of log P, to first
    order) must be <= rtol. Below that (down to e^-1e6 and beyond) the test asks for
    relative accuracy rtol of log P: in double precision that is all log P can carry.
    """
    if ref == 0:
        assert log_mine == -np.inf, f"{what}: expected 0, got exp({log_mine})"
        return
    assert np.isfinite(log_mine), f"{what}: got exp({log_mine}), expected {ref}"
    lref = float(mp.log(ref))
    tol = rtol if ref >= mp.mpf(10) ** -250 else rtol * abs(lref)
    assert abs(lref - log_mine) <= tol, (
        f"{what}: log P = {log_mine!r}, oracle {mp.nstr(mp.log(ref), 20)}")


# ----------------------------------------------------------------------------------------
# the grid against the oracle

# Full grid of the brief: n x K x d x q x alpha (864 points for n <= 51). A deterministic
# subsample keeps the test fast: every n = 0 point and every corner d = q = 1 (both
# cheap), and 120 of the others.
_GRID = list(itertools.product([0, 1, 2, 3, 10, 51], [2, 3, 10, 2**20],
                               [0.05, 0.3, 1.0], [0.5, 0.6, 0.9, 1.0], [0.0, 0.1, 0.3]))
_rng = np.random.default_rng(20240601)
_SMALL = [g for g in _GRID if g[0] == 0 or (g[2] == 1.0 and g[3] == 1.0)]
_rest = [g for g in _GRID if g not in _SMALL]
_SMALL += [_rest[i] for i in _rng.choice(len(_rest), 120, replace=False)]
# n = 200: a handful (the oracle costs ~0.3 s per case there)
_MODERATE = [(200, 2, 0.3, 0.6, 0.0), (200, 2**20, 0.3, 0.9, 0.0), (200, 3, 1.0, 0.9, 0.3),
             (200, 10, 0.3, 0.9, 0.1)]


def test_grid_against_mpmath():
    cases = np.array(_SMALL, dtype=float)
    lw, ll, err = race_log_probs(*cases.T)        # one vectorized call
    assert lw.shape == ll.shape == err.shape == (len(_SMALL),)
    for i, (n, K, d, q, a) in enumerate(_SMALL):
        w, l = oracle(n, K, d, q, a)
        what = f"n={n} K={K} d={d} q={q} alpha={a}"
        _assert_close(lw[i], w, "win " + what)
        _assert_close(ll[i], l, "lose " + what)
        assert err[i] <= 1e-13


@pytest.mark.parametrize("n,K,d,q,a", _MODERATE)
def test_moderate_n_against_mpmath(n, K, d, q, a):
    lw, ll, err = race_log_probs(n, K, d, q, a)
    w, l = oracle(n, K, d, q, a)
    _assert_close(lw, w, "win")
    _assert_close(ll, l, "lose")


@pytest.mark.parametrize("n,d,q,a", [(30, 0.3, 0.8, 0.1), (101, 0.6, 0.7, 0.25),
                                     (400, 0.05, 0.9, 0.3), (1000, 0.5, 0.6, 0.05),
                                     (20_000, 0.3, 0.6, 0.05)])   # P(lose) ~ 8e-28
def test_duel_by_separating_labels(n, d, q, a):
    # An independent route to the duel with an adversary: condition on the number m of
    # labels on which j* separates, m ~ Bin(n, d); each of them favours the aligned policy
    # iff it is honest and correct, w.p. (1 - alpha) q (an adversarial label on a
    # separating query always favours j*). So P(lose) = E_m P(Bin(m, (1-alpha) q) <= m/2).
    # Computed in floating point with scipy (whose binomial cdf is good to ~1e-13 here).
    m = np.arange(n + 1)
    ref = float(np.sum(binom.pmf(m, n, d) * binom.cdf(m // 2, m, (1 - a) * q)))
    lw, ll, err = duel_log_probs(n, d, q, a)
    assert math.exp(ll) == pytest.approx(ref, rel=1e-10)
    assert math.exp(lw) == pytest.approx(1.0 - ref, rel=1e-11)


def test_duel_equals_race_with_two_policies():
    for args in [(51, 0.3, 0.6, 0.0), (200, 0.05, 0.9, 0.1), (1000, 0.5, 0.55, 0.02)]:
        a = duel_log_probs(*args)
        b = race_log_probs(args[0], 2, *args[1:])
        assert a == b


# ----------------------------------------------------------------------------------------
# deep tails

def test_majority_vote_deep_tail():
    # d = 1, alpha = 0: the duel is a majority vote, P(lose) = P(Bin(n, q) <= n/2).
    # n = 2000, q = 0.95 gives about e^-1661 (1e-721): far below the smallest double.
    # Oracle: the binomial tail summed term by term in mpmath.
    n, q = 2000, 0.95
    with mp.workdps(DPS):
        ref = mp.fsum(_pmf(n, mp.mpf(q))[: n // 2 + 1])
    lw, ll, err = duel_log_probs(n, 1.0, q)
    assert abs(ll - float(mp.log(ref))) <= 1e-9 * abs(ll)
    assert ll < -1600
    assert lw == pytest.approx(0.0, abs=1e-13)   # P(win) = 1 - 1e-721, to rounding
    assert err <= 1e-13


@pytest.mark.parametrize("n,K,d,q,a", [
    (250, 2, 0.9, 0.999, 0.0),        # duel, P(lose) ~ e^-466 ~ 1e-202
    (150, 2**20, 0.95, 0.999, 0.01),  # race with an adversary, P(lose) ~ 1e-87
])
def test_deep_tail_against_mpmath(n, K, d, q, a):
    lw, ll, err = race_log_probs(n, K, d, q, a)
    w, l = oracle(n, K, d, q, a)
    assert ll < math.log(1e-80)
    _assert_close(ll, l, "lose")
    _assert_close(lw, w, "win")


def test_log_binom_le_far_below_double_range():
    # P(Bin(3000, 1/2) <= Bin(0, t)) = P(X = 0) = 2^-3000 exactly.
    assert log_binom_le(3000, 0.5, 0, 0.3) == pytest.approx(-3000 * math.log(2), rel=1e-14)
    # P(Bin(a, s) <= Bin(b, t)) against the oracle, from the bulk to e^-1000 and beyond
    for a, s, b, t in [(40, 0.3, 60, 0.2), (500, 0.9, 500, 0.1), (1500, 0.7, 300, 0.6),
                       (0, 0.4, 10, 0.5), (10, 0.0, 5, 0.5), (7, 1.0, 6, 1.0),
                       (7, 1.0, 7, 1.0), (200, 0.5, 100, 1.0)]:
        with mp.workdps(DPS):
            ref, _ = _le_gt(a, mp.mpf(s), b, mp.mpf(t))
        got = log_binom_le(a, s, b, t)
        if ref == 0:
            assert got == -np.inf
        else:
            assert abs(got - float(mp.log(ref))) <= 1e-12 * max(1.0, abs(got)), (a, s, b, t)


def test_log_binom_le_vectorized():
    a = np.array([[1, 2, 3], [10, 20, 30]])
    got = log_binom_le(a, 0.3, 5, 0.4)
    assert got.shape == (2, 3)
    for (i, j), v in np.ndenumerate(got):
        with mp.workdps(DPS):
            ref, _ = _le_gt(int(a[i, j]), mp.mpf(0.3), 5, mp.mpf(0.4))
        assert abs(v - float(mp.log(ref))) <= 1e-12


# ----------------------------------------------------------------------------------------
# K = 2^1000

def test_huge_K_against_mpmath():
    # K = 2^1000 (about 1.07e301) policies: P(win) is neither 0 nor 1 only when each
    # unaligned policy survives with probability ~2^-1000. With q = 0.999 nearly every
    # label is correct, and a policy that separates on each query w.p. d = 0.99 survives
    # c correct labels w.p. about 0.01^c: c ~ 150 gives ~e^-691 ~ 2^-997. Both n were
    # chosen by scanning n with this code (P(win) jumps from ~2e-5 at n = 150 to ~0.77 at
    # n = 151); the oracle checks the values.
    K = 2.0**1000
    for n, lo, hi in [(150, 1e-6, 1e-4), (151, 0.5, 0.9)]:
        lw, ll, err = race_log_probs(n, K, 0.99, 0.999)
        w, l = oracle(n, K, 0.99, 0.999)
        assert lo < math.exp(lw) < hi
        _assert_close(lw, w, f"win n={n}")
        _assert_close(ll, l, f"lose n={n}")


# ----------------------------------------------------------------------------------------
# reference values

@pytest.mark.parametrize("n", [1, 2, 3, 10, 11, 100, 101, 201, 1000, 1001, 10_000])
@pytest.mark.parametrize("p", [0.5, 0.597967, 0.606703, 0.9])
def test_majority_vote_is_binomial_cdf(n, p):
    # With alpha = 0 and d = 1 every label separates, so the duel is the majority vote of
    # REFERENCES.md §3.9: P(lose) = P(Bin(n, p) <= n/2) = scipy.stats.binom.cdf(n // 2, n, p)
    # (ties lose). p = 0.597967 and 0.606703 are the p of that section's test vectors.
    lw, ll, err = duel_log_probs(n, 1.0, p)
    ref = binom.cdf(n // 2, n, p)
    assert math.exp(ll) == pytest.approx(ref, rel=1e-11, abs=1e-300)
    assert math.exp(lw) == pytest.approx(binom.sf(n // 2, n, p), rel=1e-11, abs=1e-300)


def _sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


# p = (1 - alpha) [eps + (1 - 2 eps) sigmoid(beta Delta)] of REFERENCES.md §3.9, beta = 1,
# unrounded (the table prints it to 6 digits: 0.606703 and 0.597967; the rounded values
# move the exact column in its 5th digit).
_P1 = 0.95 * (0.2 + 0.6 * _sigmoid(1.0))      # Delta = 1, eps = 0.2, alpha = 0.05
_P2 = 0.1 + 0.8 * _sigmoid(0.5)                # Delta = 0.5, eps = 0.1, alpha = 0


@pytest.mark.parametrize("K,p,n,exact,union", [
    (100, _P1, 101, 0.775082, 1.48094),
    (100, _P1, 201, 0.103269, 0.108940),
    (100, _P1, 327, 0.004659, 0.004670),
    (10, _P2, 101, 0.208494, 0.231106),
    (10, _P2, 271, 0.005554, 0.005568),
])
def test_references_3_9_test_vectors(K, p, n, exact, union):
    # REFERENCES.md §3.9, "Test vectors" table, columns "exact" and "union". That section
    # is a related model: K *independent* majority votes, one per unaligned policy, with
    # exact failure 1 - (1 - F)^K and union bound K F, where F = P(Bin(n, p) <= n/2) is
    # the duel of this model at d = 1, alpha = 0, q = p. The table has 6 digits.
    assert p == pytest.approx(0.606703 if K == 100 else 0.597967, abs=5e-7)
    lw, ll, err = duel_log_probs(n, 1.0, p)
    F = math.exp(ll)
    # half a unit of the last printed decimal (6 decimals; 1.48094 has 5)
    assert -math.expm1(K * math.log1p(-F)) == pytest.approx(exact, abs=5e-7)
    assert K * F == pytest.approx(union, abs=5e-7 if union < 1 else 5e-6)


def test_all_correct_closed_form():
    # q = 1, alpha = 0: every label is correct (c = n), policy j survives iff it never
    # separates: pbar = (1-d)^n, P(win) = (1 - (1-d)^n)^(K-1).
    for n, K, d in [(5, 3, 0.3), (40, 2**20, 0.3), (300, 10.0**30, 0.2)]:
        lw, ll, err = race_log_probs(n, K, d, 1.0)
        with mp.workdps(DPS):
            pb = (1 - mp.mpf(d)) ** n
            u = (K - 1) * mp.log1p(-pb)
            assert abs(lw - float(u)) <= 1e-12 * max(1, abs(lw))
            assert abs(ll - float(mp.log(-mp.expm1(u)))) <= 1e-12 * max(1, abs(ll))


def test_fair_coin_duel_is_symmetric():
    # q = 1/2, alpha = 0: Z = sum of n labels in {+1, 0, -1} w.p. (d/2, 1-d, d/2) is
    # symmetric, so P(win) = P(Z > 0) = (1 - P(Z = 0)) / 2, where
    # P(Z = 0) = sum_m Bin(n, d)(m) [m even] C(m, m/2) 2^-m (computed here with scipy).
    for n, d in [(1, 0.3), (10, 0.3), (101, 0.05), (1000, 0.7)]:
        m = np.arange(0, n + 1, 2)
        p0 = float(np.sum(binom.pmf(m, n, d) * binom.pmf(m // 2, m, 0.5)))
        lw, ll, err = duel_log_probs(n, d, 0.5)
        assert math.exp(lw) == pytest.approx((1 - p0) / 2, rel=1e-12)
        assert math.exp(ll) == pytest.approx((1 + p0) / 2, rel=1e-12)


# ----------------------------------------------------------------------------------------
# edge cases

def test_no_labels():
    # n = 0: nothing separates anyone, every duel is a tie, and ties lose.
    for K, a in [(2, 0.0), (3, 0.2), (2**20, 0.0)]:
        lw, ll, err = race_log_probs(0, K, 0.5, 0.9, a)
        assert lw == -np.inf and ll == 0.0 and err == 0.0


@pytest.mark.parametrize("n", [2, 4, 10, 100])
def test_even_n_ties_lose(n):
    # d = 1, q = 1/2, n even: P(lose) = P(Bin(n, 1/2) <= n/2) > 1/2 because of the tie.
    lw, ll, err = duel_log_probs(n, 1.0, 0.5)
    tie = binom.pmf(n // 2, n, 0.5)
    assert math.exp(ll) == pytest.approx(0.5 + tie / 2, rel=1e-12)
    assert math.exp(lw) == pytest.approx(0.5 - tie / 2, rel=1e-12)


def test_perfect_labels_duel():
    # q = 1, alpha = 0: the aligned policy loses the duel iff j* never separates.
    for n, d in [(1, 0.3), (10, 0.3), (1000, 0.01)]:
        lw, ll, err = duel_log_probs(n, d, 1.0)
        assert ll == pytest.approx(n * math.log1p(-d), rel=1e-13)


def test_zero_q_never_wins():
    # q = 0 (every honest label wrong): j* is never beaten.
    for a in [0.0, 0.3]:
        lw, ll, err = race_log_probs(50, 5, 0.5, 0.0, a)
        assert lw == -np.inf and ll == 0.0


def test_adversary_beyond_breakdown_loses():
    # The duel's margin per label is d((1-alpha)(2q-1) - alpha) = d(2 (1-alpha) q - 1):
    # with (1 - alpha) q <= 1/2 the aligned policy loses with probability -> 1.
    # alpha = 0.3, q = 0.7: (1 - alpha) q = 0.49 < 1/2.
    # (At small n ties and lattice effects dominate: n = 10 loses more often than n = 100.)
    lose = [math.exp(duel_log_probs(n, 0.5, 0.7, 0.3)[1]) for n in (100, 1000, 10_000, 40_000)]
    assert all(x < y for x, y in zip(lose, lose[1:]))
    assert lose[-1] > 0.99
    # exactly at breakdown, (1 - alpha) q = 1/2: symmetric per label, still P(lose) >= 1/2
    for n in (10, 1000):
        assert math.exp(duel_log_probs(n, 0.5, 0.625, 0.2)[1]) >= 0.5 - 1e-12


def test_win_plus_lose_is_one():
    # Both are computed directly; their sum is 1 to rounding when neither is tiny.
    rng = np.random.default_rng(7)
    N = 16
    n = rng.integers(1, 2000, N)
    K = rng.choice([2.0, 3.0, 7.0, 1e3, 2.0**40], N)
    d = rng.uniform(0.01, 1.0, N)
    q = rng.uniform(0.3, 1.0, N)
    a = rng.choice([0.0, 0.05, 0.2], N)
    lw, ll, err = race_log_probs(n, K, d, q, a)
    tiny = np.minimum(lw, ll) < math.log(1e-4)
    total = np.exp(lw) + np.exp(ll)
    assert np.all(np.abs(total[~tiny] - 1.0) <= 1e-12)
    assert np.all(err <= 1e-13)


@settings(max_examples=15, deadline=None, derandomize=True)
@given(n=st.integers(0, 1500), K=st.sampled_from([2.0, 3.0, 10.0, 2.0**20, 2.0**1000]),
       d=st.floats(0.001, 1.0), q=st.floats(0.0, 1.0), a=st.sampled_from([0.0, 0.1, 0.4]))
def test_properties(n, K, d, q, a):
    lw, ll, err = race_log_probs(n, K, d, q, a)
    assert lw <= 0.0 and ll <= 0.0
    # one of the two is at least 1/2, and it is at most 1 within rounding
    assert max(lw, ll) >= math.log(0.5) - 1e-12
    if min(lw, ll) > math.log(1e-10):
        assert math.exp(lw) + math.exp(ll) == pytest.approx(1.0, abs=1e-12)
    # a bigger K never helps
    if K > 2:
        lw2, ll2, _ = race_log_probs(n, 2.0 * K, d, q, a)
        assert lw2 == -np.inf if lw == -np.inf else lw2 <= lw + 1e-12 * max(1.0, abs(lw))


def test_broadcasting_and_scalars():
    lw, ll, err = race_log_probs(np.array([[10], [100]]), [2, 3, 2**20], 0.3, 0.8)
    assert lw.shape == ll.shape == err.shape == (2, 3)
    lw0, ll0, err0 = race_log_probs(100, 3, 0.3, 0.8)
    assert np.ndim(lw0) == 0 and float(lw0) == lw[1, 1]


def test_rejects_bad_n():
    with pytest.raises(ValueError, match="n"):
        race_log_probs(2.5, 2, 0.5, 0.9)
    with pytest.raises(ValueError, match="n"):
        race_log_probs(-1, 2, 0.5, 0.9)
    with pytest.raises(ValueError, match=f"n = {MAX_EXACT_N + 1}"):
        duel_log_probs(MAX_EXACT_N + 1, 0.5, 0.9)


# ========================================================================================
# the latent-correctness model: two groups of policies

def _mp_pair(p, pc):
    """(p, 1 - p) as mpf from the two given doubles: the smaller is taken as given (the
    engine's convention: a caller holds the small one to full precision)."""
    p, pc = mp.mpf(p), mp.mpf(pc)
    return (p, 1 - p) if p <= pc else (1 - pc, pc)


@functools.lru_cache(maxsize=None)
def _pmf2(m, p, pc):
    """Bin(m, p) pmf (mpf list) with p and 1 - p both given (mpf)."""
    if p == 0:
        return (mp.mpf(1),) + (mp.mpf(0),) * m
    if pc == 0:
        return (mp.mpf(0),) * m + (mp.mpf(1),)
    out = [pc ** m]
    r = p / pc
    for x in range(m):
        out.append(out[-1] * (m - x) / (x + 1) * r)
    return tuple(out)


@functools.lru_cache(maxsize=None)
def _le_gt2(a, s, sc, b, t, tc):
    """(P(Bin(a,s) <= Bin(b,t)), P(Bin(a,s) > Bin(b,t))), both as direct sums."""
    px, py = _pmf2(a, s, sc), _pmf2(b, t, tc)
    F, G = [], []
    acc = mp.mpf(0)
    for v in px:
        acc += v
        F.append(acc)
    acc = mp.mpf(0)
    for v in reversed(px):
        G.append(acc)
        acc += v
    G.reverse()
    le = mp.fsum(py[y] * F[min(y, a)] for y in range(b + 1))
    gt = mp.fsum(py[y] * G[y] for y in range(min(a, b) + 1))
    return le, gt


def latent_oracle(n, N, m, qc, qcc, ordinary, deceptive=None, dps=50):
    """(P(win), P(lose)) of the latent race with N ordinary and m deceptive policies (N, m
    mpf or int, possibly 2^2000), every term in mpmath."""
    with mp.workdps(dps):
        N, m = mp.mpf(N), mp.mpf(m)
        q, qb = _mp_pair(qc, qcc)
        groups = [(N, ordinary)] + ([(m, deceptive)] if m > 0 else [])
        groups = [(size, _mp_pair(g[0], g[1]) + _mp_pair(g[2], g[3]))
                  for size, g in groups if size > 0]
        pc = _pmf2(n, q, qb)
        win, lose = [], []
        for c in range(n + 1):
            if pc[c] == 0:
                continue
            u, never = mp.mpf(0), False
            for size, (r1, r1c, r2, r2c) in groups:
                le, gt = _le_gt2(c, r1, r1c, n - c, r2, r2c)
                if gt == 0:
                    never = True
                    break
                u += size * (mp.log1p(-le) if le < 0.5 else mp.log(gt))
            if never:
                lose.append(pc[c])
                continue
            win.append(pc[c] * mp.exp(u))
            lose.append(pc[c] * -mp.expm1(u))
        return mp.fsum(win), mp.fsum(lose)


def _random_group(rng):
    """(r1, 1 - r1, r2, 1 - r2): uniform, or one of the edge values 0, 1, tiny."""
    out = []
    for _ in range(2):
        r = float(rng.choice([rng.uniform(0, 1), rng.uniform(0, 1), rng.uniform(0, 1),
                              0.0, 1.0, 1e-3, 1 - 1e-3]))
        out += [r, 1.0 - r]
    return tuple(out)


def _latent_cases(seed, count, n_max=40):
    rng = np.random.default_rng(seed)
    cases = []
    for _ in range(count):
        n = int(rng.integers(0, n_max + 1))
        K = int(rng.choice([2, 3, 4, 7, 30, 1000]))
        m = int(rng.integers(0, K))                 # 0 .. K - 1 deceptive
        qc = float(rng.choice([rng.uniform(0, 1), rng.uniform(0.5, 1), 0.0, 1.0]))
        g0, g1 = _random_group(rng), _random_group(rng)
        cases.append((n, K, m, qc, 1.0 - qc, g0, g1))
    return cases


_LATENT = _latent_cases(20250101, 40)


@pytest.mark.parametrize("case", _LATENT, ids=[f"n{c[0]}-K{c[1]}-m{c[2]}" for c in _LATENT])
def test_latent_against_mpmath(case):
    n, K, m, qc, qcc, g0, g1 = case
    lw, ll, err = latent_race_log_probs(n, math.log(K), m, qc, qcc, g0, g1)
    w, l = latent_oracle(n, K - 1 - m, m, qc, qcc, g0, g1)
    _assert_close(lw, w, f"win {case}")
    _assert_close(ll, l, f"lose {case}")
    assert err <= 1e-13


def test_latent_vectorized_matches_scalar():
    # one call over broadcast arrays (n x K x m) equals the scalar calls
    p = latent_parameters(0.3, 0.2, qbar_dec=0.35)
    n = np.array([[5], [60], [400]])
    K = np.array([2.0, 3.0, 50.0])
    m = np.array([1.0, 2.0, 7.0])
    lw, ll, err = latent_race_log_probs(n, np.log(K), m, *p)
    assert lw.shape == ll.shape == err.shape == (3, 3)
    for i, j in itertools.product(range(3), range(3)):
        a = latent_race_log_probs(int(n[i, 0]), math.log(K[j]), m[j], *p)
        assert (lw[i, j], ll[i, j], err[i, j]) == a


def test_latent_one_probability_at_a_time():
    # which="lose" / "win" give the same numbers as "both" (each is summed on its own)
    p = latent_parameters(0.1, 0.2, qbar_dec=0.3)
    for n, lK, m in [(711, 20 * math.log(2), 0), (2000, 20 * math.log(2), 1), (50, math.log(3), 2)]:
        lw, ll, err = latent_race_log_probs(n, lK, m, *p)
        ll2, el = latent_race_log_probs(n, lK, m, *p, which="lose")
        lw2, ew = latent_race_log_probs(n, lK, m, *p, which="win")
        assert ll2 == pytest.approx(ll, rel=1e-13, abs=1e-15)
        assert lw2 == pytest.approx(lw, rel=1e-13, abs=1e-15)
        assert max(el, ew) <= 1e-13


def test_latent_moderate_n_against_mpmath():
    # n = 150: the windows (in c and inside each row) are narrower than the supports
    p = latent_parameters(0.6, 0.15, qbar_dec=0.3, qbar_c=0.2)
    for K, m in [(2, 1), (5, 2), (1000, 3)]:
        lw, ll, err = latent_race_log_probs(150, math.log(K), m, *p)
        w, l = latent_oracle(150, K - 1 - m, m, *p)
        _assert_close(lw, w, f"win K={K} m={m}")
        _assert_close(ll, l, f"lose K={K} m={m}")


# ----------------------------------------------------------------------------------------
# group sizes: m = 0, m = K - 1, K = 2, m = inf

def test_group_sizes_edges():
    ordn, dec = (0.3, 0.7, 0.3, 0.7), (0.2, 0.8, 0.6, 0.4)
    qc, qcc = 0.7, 0.3
    for n in (1, 13, 120):
        # m = 0: the deceptive group plays no part
        a = latent_race_log_probs(n, math.log(10), 0, qc, qcc, ordn, dec)
        b = latent_race_log_probs(n, math.log(10), 0, qc, qcc, ordn)
        assert a == b
        # m = K - 1 (or inf): every policy deceptive, as an ordinary group of those policies
        a = latent_race_log_probs(n, math.log(10), 9, qc, qcc, ordn, dec)
        b = latent_race_log_probs(n, math.log(10), math.inf, qc, qcc, ordn, dec)
        c = latent_race_log_probs(n, math.log(10), 0, qc, qcc, dec)
        assert a == b
        np.testing.assert_allclose(a[:2], c[:2], rtol=1e-13, atol=1e-300)
        # K = 2, m = 1: the duel against the deceptive policy, no ordinary one
        a = latent_race_log_probs(n, math.log(2), 1, qc, qcc, ordn, dec)
        w, l = latent_oracle(n, 0, 1, qc, qcc, ordn, dec)
        _assert_close(a[0], w, "K=2 m=1 win")
        _assert_close(a[1], l, "K=2 m=1 lose")
    # K = 2 given as 1 * log(2), computed the way a caller would (bits * log 2)
    assert latent_race_log_probs(9, 1 * math.log(2.0), 1, qc, qcc, ordn, dec) == \
        latent_race_log_probs(9, math.log(2), 1, qc, qcc, ordn, dec)


@pytest.mark.parametrize("kwargs, match", [
    (dict(log_K=math.log(10), m=10), "exceed"),
    (dict(log_K=math.log(10), m=2.5), "m"),
    (dict(log_K=math.log(10), m=-1), "m"),
    (dict(log_K=math.log(10.5), m=0), "not the log of an integer"),
    (dict(log_K=math.log(1.0), m=0), "log_K"),
    (dict(log_K=math.nan, m=0), "log_K"),
    (dict(log_K=200 * math.log(2), m=2.0**200), "exceed|within rounding"),
    (dict(log_K=100 * math.log(2), m=2.0**100 - 2.0**60), "within rounding"),
])
def test_group_sizes_rejected(kwargs, match):
    with pytest.raises(ValueError, match=match):
        latent_race_log_probs(10, kwargs["log_K"], kwargs["m"], 0.7, 0.3,
                              (0.3, 0.7, 0.3, 0.7), (0.2, 0.8, 0.6, 0.4))


@pytest.mark.parametrize("args, match", [
    ((10, math.log(5), 1, 0.7, 0.3, (0.3, 0.7, 0.3, 0.7)), "deceptive"),
    ((10, math.log(5), 0, 0.7, 0.2, (0.3, 0.7, 0.3, 0.7)), "q_c"),
    ((10, math.log(5), 0, 1.2, -0.2, (0.3, 0.7, 0.3, 0.7)), "q_c must be a probability"),
    ((10, math.log(5), 0, 0.7, 0.3, (0.3, 0.6, 0.3, 0.7)), "r1"),
    ((10, math.log(5), 0, 0.7, 0.3, (0.3, 0.7, math.nan, 0.7)), "r2"),
    ((2.5, math.log(5), 0, 0.7, 0.3, (0.3, 0.7, 0.3, 0.7)), "n must be"),
    ((MAX_EXACT_N + 1, math.log(5), 0, 0.7, 0.3, (0.3, 0.7, 0.3, 0.7)), "MAX_EXACT_N"),
])
def test_latent_rejects_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        latent_race_log_probs(*args)


# ----------------------------------------------------------------------------------------
# K = 2^2000, given by its log

def test_K_2_2000_against_mpmath():
    # K = 2^2000 policies: P(win) is neither 0 nor 1 only when each unaligned policy
    # survives with probability ~2^-2000. With d = 1 - 1e-6 every correct label beats a
    # policy unless it fails to separate (1e-6), so about 2000 ln 2 / ln 1e6 ~ 100 correct
    # labels are needed; q = 0.999 (few wrong ones). n = 100, 101, 110 were chosen by
    # scanning n with this code (P(win) jumps from 1e-50 to 0.9 at n = 101: with c correct
    # labels a policy survives w.p. ~1e-6^c, and K 1e-6^c crosses 1 there); the oracle
    # checks the values.
    lK = 2000 * math.log(2)
    N = mp.mpf(2) ** 2000 - 1
    p = latent_parameters(1 - 1e-6, 1e-3)
    seen = []
    for n in (100, 101, 110):
        lw, ll, err = latent_race_log_probs(n, lK, 0, *p)
        w, l = latent_oracle(n, N, 0, *p)
        _assert_close(lw, w, f"win n={n}")
        _assert_close(ll, l, f"lose n={n}")
        seen.append(math.exp(lw))
    assert seen[0] < 0.5 < seen[-1]          # the interesting range


def test_K_2_2000_with_deceptive_policies():
    # one deceptive policy among 2^2000, and all of them deceptive (m = inf)
    lK = 2000 * math.log(2)
    p = latent_parameters(1 - 1e-6, 1e-3)._replace(deceptive=(1 - 1e-4, 1e-4, 0.9, 0.1))
    for m, N, Md in [(1, mp.mpf(2) ** 2000 - 2, 1), (math.inf, 0, mp.mpf(2) ** 2000 - 1)]:
        lw, ll, err = latent_race_log_probs(105, lK, m, *p)
        w, l = latent_oracle(105, N, Md, *p)
        _assert_close(lw, w, f"win m={m}")
        _assert_close(ll, l, f"lose m={m}")
    # no overflow for an astronomically sure loss either: P(win) = e^(-10^600-ish) -> -inf
    lw, ll, err = latent_race_log_probs(20, lK, 0, *p)
    assert abs(ll) < 1e-15 and lw < -1e10


# ----------------------------------------------------------------------------------------
# precision: tiny complements and subnormal inputs

@pytest.mark.parametrize("eps", [1e-20, 1e-100, 1e-300])
def test_duel_tiny_error_rate(eps):
    # n = 1, d = 1: the one label is wrong with probability eps, and then the duel is lost
    lw, ll, err = duel_log_probs(1, 1.0, 1.0 - eps, qbar=eps)
    assert ll == pytest.approx(math.log(eps), rel=1e-14)
    # n = 5, d = 0.7: against the oracle at high precision
    lw, ll, err = duel_log_probs(5, 0.7, 1.0 - eps, qbar=eps)
    w, l = latent_oracle(5, 1, 0, 1.0 - eps, eps, (0.7, 0.3, 0.7, 0.3), dps=80)
    _assert_close(ll, l, "lose")
    _assert_close(lw, w, "win")


@pytest.mark.parametrize("qcc", [1e-300, 5e-324])
def test_latent_tiny_wrong_label_probability(qcc):
    # 1 - q_c = 1e-300 and the smallest subnormal: P(lose) is about (n choose k) qcc^k
    ordn = latent_parameters(0.5, qcc).ordinary
    assert ordn == (0.5, 0.5, 0.5, 0.5)
    for n, K in [(3, 2), (8, 100)]:
        lw, ll, err = latent_race_log_probs(n, math.log(K), 0, 1.0, qcc, ordn)
        w, l = latent_oracle(n, K - 1, 0, 1.0, qcc, ordn, dps=60)
        _assert_close(ll, l, f"lose n={n}")
        _assert_close(lw, w, f"win n={n}")
        assert np.isfinite(err)


def test_subnormal_separation():
    # d = 5e-324: a policy separates on a label with the smallest subnormal probability.
    # P(win) is then about (n d q)^(K-1): finite in log space, never nan or an error.
    d = 5e-324
    p = latent_parameters(d, 0.2)
    assert p.ordinary == (d, 1.0, d, 1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for n, K in [(1, 2), (4, 2), (4, 3), (30, 5)]:
            lw, ll, err = latent_race_log_probs(n, math.log(K), 0, *p)
            w, l = latent_oracle(n, K - 1, 0, *p, dps=60)
            _assert_close(lw, w, f"win n={n} K={K}")
            assert ll == 0.0 or abs(ll) < 1e-300
            assert np.isfinite(lw) and lw < -700 * (K - 1)
    # and a subnormal 1 - q_c together with it
    lw, ll, err = latent_race_log_probs(6, math.log(3), 0, 1.0, 5e-324, (d, 1.0, d, 1.0))
    w, l = latent_oracle(6, 2, 0, 1.0, 5e-324, (d, 1.0, d, 1.0), dps=60)
    _assert_close(lw, w, "win (subnormal q_c complement)")


@pytest.mark.parametrize("group", [
    (0.0072, 0.9928, 1.0, 5.75e-306),        # log(r/(1-r)) > 700: beyond exp's range
    (1e-310, 1.0, 0.4, 0.6),                 # a subnormal r1
    (1.0, 1e-310, 5e-324, 1.0),              # subnormal complements on both sides
])
def test_extreme_separation_probabilities(group):
    # rows whose binomial odds p/(1-p) exceed e^700 (a regression: they were once clipped)
    for n, K, m in [(114, 2, 1), (40, 5, 2)]:
        lw, ll, err = latent_race_log_probs(n, math.log(K), m, 0.99, 0.01,
                                            (0.3, 0.7, 0.3, 0.7), group)
        w, l = latent_oracle(n, K - 1 - m, m, 0.99, 0.01, (0.3, 0.7, 0.3, 0.7), group)
        _assert_close(lw, w, f"win n={n}")
        _assert_close(ll, l, f"lose n={n}")


# ----------------------------------------------------------------------------------------
# latent_parameters

def test_latent_parameters_exact_when_q_c_is_q():
    for d, qbar in [(0.1, 0.2), (0.7, 1e-30), (1.0, 0.49), (5e-324, 0.3), (0.3, 0.0)]:
        p = latent_parameters(d, qbar)
        assert p.qc == 1.0 - qbar and p.qcc == qbar
        assert p.ordinary == (d, 1.0 - d, d, 1.0 - d)


def test_latent_parameters_against_mpmath():
    # every output, and every complement, to 1e-14 relative against mpmath on the same
    # inputs (complements as small as 1e-200 included)
    rng = np.random.default_rng(3)
    cases = [(0.1, 0.2, 0.4, 0.25), (0.9, 1e-200, 3e-200, 3e-200), (0.5, 0.3, 0.6, 0.35),
             (1.0, 1e-50, 1e-50, 1e-50), (0.999, 0.25, 0.2499, 0.25)]
    for _ in range(30):
        d = float(rng.uniform(0.01, 1))
        qb, qbd = float(rng.uniform(0, 0.5)), float(rng.uniform(0, 0.9))
        # q_c with both r1, r2 in [0, 1] for both groups: q_c in [d max q, 1 - d max(1-q)]
        lo = d * max(1 - qb, 1 - qbd)
        hi = 1 - d * max(qb, qbd)
        if lo < hi:
            cases.append((d, qb, qbd, 1 - float(rng.uniform(lo, hi))))
    for d, qb, qbd, qbc in cases:
        p = latent_parameters(d, qb, qbar_dec=qbd, qbar_c=qbc)
        with mp.workdps(40):
            D, Qb, Qbd, Qbc = (mp.mpf(v) for v in (d, qb, qbd, qbc))
            for got, qbar in ((p.ordinary, Qb), (p.deceptive, Qbd)):
                r1 = D * (1 - qbar) / (1 - Qbc)
                r2 = D * qbar / Qbc if Qbc > 0 else mp.mpf(0)
                for g, want in zip(got, (r1, 1 - r1, r2, 1 - r2)):
                    if want == 0:
                        assert abs(g) <= 1e-15
                    else:
                        assert abs(g / want - 1) <= 1e-14, (d, qb, qbd, qbc, got)


@pytest.mark.parametrize("kwargs, match", [
    (dict(d=0.0, qbar=0.2), "d must be in"),
    (dict(d=1.5, qbar=0.2), "d must be in"),
    (dict(d=0.5, qbar=-0.1), "qbar must be a probability"),
    (dict(d=0.5, qbar=0.2, qbar_c=1.5), "qbar_c must be a probability"),
    (dict(d=0.5, qbar=0.2, q=0.7), "do not add up"),
    (dict(d=1.0, qbar=0.2, qbar_dec=0.5), "deceptive group's r2"),  # d (1-q') > 1 - q_c
    (dict(d=1.0, qbar=0.2, qbar_c=0.1), "r2"),                 # d (1 - q) = 0.2 > 1 - q_c
    (dict(d=1.0, qbar=0.2, qbar_c=0.3), "r1"),                 # d q = 0.8 > q_c = 0.7
    (dict(d=0.5, qbar=0.2, q_c=0.5), "q_c needs qbar_c"),
])
def test_latent_parameters_rejected(kwargs, match):
    with pytest.raises(ValueError, match=match):
        latent_parameters(**kwargs)


# ----------------------------------------------------------------------------------------
# the legacy wrappers keep their values

# Computed with the implementation before the latent-model rewrite (commit fcc4c91,
# `race_log_probs(n, K, d, q, alpha)` of that version, whose oracle tests above passed):
# (n, K, d, q, alpha), log P(win), log P(lose).
_PINNED = [
    ((7, 2, 0.3, 0.8, 0.0), -0.3412355924958831, -1.2409529098729462),
    ((51, 3, 0.6, 0.7, 0.1), -0.10781412967505677, -2.280769339181237),
    ((200, 10, 0.3, 0.9, 0.1), -1.6800332813815544e-07, -15.599282134355278),
    ((711, 1048576.0, 0.1, 0.8, 0.0), -0.05112479276496229, -2.998939210860806),
    ((1000, 1048576.0, 0.2, 0.9, 0.05), -4.440892098500626e-16, -63.876195547290656),
    ((3000, 2, 0.5, 0.6, 0.05), -2.8245717764718847e-08, -17.382323989523506),
    ((5000, 1000.0, 0.05, 0.75, 0.02), -6.039613253960852e-14, -30.444072529522586),
    ((151, 1.0715086071862673e+301, 0.99, 0.999, 0.0), -0.25822641108974986, -1.480254894336315),
    ((20000, 1048576.0, 0.3, 0.6, 0.01), 0.0, -110.73802445571852),
    ((2001, 2, 1.0, 0.55, 0.0), -3.6446988929128565e-06, -12.522238626570028),
]


@pytest.mark.parametrize("args, lw0, ll0", _PINNED, ids=[str(a[0]) for a in _PINNED])
def test_legacy_values_pinned(args, lw0, ll0):
    lw, ll, err = race_log_probs(*args)
    # both implementations are good to ~1e-13 relative in P (absolute in log P)
    assert ll == pytest.approx(ll0, rel=1e-11, abs=1e-12)
    assert lw == pytest.approx(lw0, rel=1e-11, abs=1e-12)


def test_legacy_is_the_latent_race():
    for K, d, q, a in [(2, 0.3, 0.8, 0.0), (10, 0.6, 0.7, 0.2), (2**20, 0.1, 0.8, 0.05)]:
        n = np.array([0, 7, 300])
        got = race_log_probs(n, K, d, q, a)
        want = latent_race_log_probs(n, *legacy_parameters(K, d, q, a))
        for x, y in zip(got, want):
            np.testing.assert_array_equal(x, y)
    # alpha = 0 is independent separation: no deceptive group
    assert legacy_parameters(5, 0.3, 0.8)[1] == 0.0
    assert legacy_parameters(5, 0.3, 0.8)[5] is None


# ----------------------------------------------------------------------------------------
# smallest_n and largest_K against a scan

def _scan_lose(n_max, lK, m, p):
    """log P(lose) at n = 0..n_max (the engine, checked against mpmath above)."""
    ns = np.arange(n_max + 1)
    ll, err = latent_race_log_probs(ns, lK, m, *p, which="lose")
    assert np.all(err <= 1e-13)
    return ll


def _params(d, qb, qbd):
    """latent_parameters with q_c in the middle of its valid range (q_c = q without a
    deceptive group): every r of both groups in [0, 1]."""
    if qbd is None:
        return latent_parameters(d, qb)
    lo = d * max(1 - qb, 1 - qbd)
    hi = 1 - d * max(qb, qbd)
    assert lo <= hi, (d, qb, qbd)
    return latent_parameters(d, qb, qbar_dec=qbd, qbar_c=1 - (lo + hi) / 2)


def _smallest_cases():
    rng = np.random.default_rng(11)
    cases = [  # d = 1: an even n can tie (and ties lose); majority vote and race
        (1.0, 0.1, None, 2, 0), (1.0, 0.3, None, 2, 0), (1.0, 0.2, None, 2**20, 0),
        (0.7, 0.25, 0.3, 8, 1), (0.5, 0.45, None, 1000, 0)]
    while len(cases) < 24:
        d = float(rng.choice([1.0, rng.uniform(0.05, 1)]))
        qb = float(rng.uniform(0.02, 0.4))
        K = int(rng.choice([2, 3, 10, 1000, 2**30]))
        m = int(rng.integers(0, min(K - 1, 3) + 1))
        qbd = float(rng.uniform(0.0, 0.4)) if m else None
        if qbd is not None and d * max(1 - qb, 1 - qbd) > 1 - d * max(qb, qbd):
            continue
        cases.append((d, qb, qbd, K, m))
    return cases


@pytest.mark.parametrize("case", _smallest_cases())
def test_smallest_n_against_scan(case):
    d, qb, qbd, K, m = case
    p = _params(d, qb, qbd)
    lK = math.log(K)
    n_max = 700
    ll = _scan_lose(n_max, lK, m, p)
    rng = np.random.default_rng(abs(hash(case)) % 2**32)
    for delta in [0.5, 0.1, 1e-3, 1e-8, float(np.exp(ll[rng.integers(1, 200)]))]:
        t = math.log(delta)
        slack = 1e-13 * max(1.0, abs(t))
        feas = ll <= t + slack
        # hi: from there on every n (to n_max) is feasible, as the Chernoff bound ensures
        tail = np.flatnonzero(~feas)
        hi = 0 if tail.size == 0 else int(tail[-1]) + 1
        if hi > n_max - 2:
            continue
        want = int(np.flatnonzero(feas)[0])
        got, info = smallest_n(t, lK, m, *p, hi=hi, full_output=True)
        assert got == want, (case, delta, hi)
        lo = max(0, want - int(rng.integers(0, 30)))
        assert smallest_n(t, lK, m, *p, hi=hi, lo=lo) == want


def test_smallest_n_non_monotone_start():
    # d = 0.5, eps = 0.45, K = 1000: P(lose) at n = 12 exceeds that at n = 10 (both above
    # 0.999): not monotone within a parity class at first. The search still finds the
    # smallest n (it looks at every n up to 64 that the P(win) bound does not rule out).
    p = latent_parameters(0.5, 0.45)
    ll = _scan_lose(400, math.log(1000), 0, p)
    assert ll[12] > ll[10] > math.log(0.999)
    for delta in (0.99906, 0.9991):
        t = math.log(delta)
        want = int(np.flatnonzero(ll <= t + 1e-13)[0])
        hi = int(np.flatnonzero(ll > t)[-1]) + 1
        assert smallest_n(t, math.log(1000), 0, *p, hi=hi) == want == 10


def test_smallest_n_monotone_within_parity_beyond_64():
    # What smallest_n relies on above 64 labels: P(lose)(n + 2) <= P(lose)(n), for models
    # with a positive margin (random cases; below 64 labels it need not hold, see above)
    rng = np.random.default_rng(19)
    for _ in range(12):
        d = float(rng.uniform(0.05, 1))
        qb = float(rng.uniform(0.05, 0.45))
        K = int(rng.choice([2, 3, 1000, 2**20]))
        m = int(rng.integers(0, 2)) if K > 2 else 0
        qbd = float(rng.uniform(0.0, 0.45)) if m else None
        if qbd is not None and d * max(1 - qb, 1 - qbd) > 1 - d * max(qb, qbd):
            continue
        ll = _scan_lose(400, math.log(K), m, _params(d, qb, qbd))
        for par in (0, 1):
            g = ll[64 + par::2]
            assert np.all(g[1:] <= g[:-1] + 1e-12), (d, qb, qbd, K, m, par)


def test_smallest_n_few_evaluations():
    # K = 2^20, d = 0.1, eps = 0.2, delta = 0.05: hi = 835 from the Chernoff union bound
    p = latent_parameters(0.1, 0.2)
    n, info = smallest_n(math.log(0.05), 20 * math.log(2), 0, *p, hi=835, full_output=True)
    assert n == 711
    assert info["batches"] <= 3 and info["evaluations"] <= 10


def test_smallest_n_rejects_infeasible_hi():
    p = latent_parameters(0.1, 0.2)
    with pytest.raises(ValueError, match="hi = 600 is not feasible"):
        smallest_n(math.log(0.05), 20 * math.log(2), 0, *p, hi=600)
    with pytest.raises(ValueError, match="lo must be an integer"):
        smallest_n(math.log(0.05), 20 * math.log(2), 0, *p, hi=835, lo=900)


def _largest_cases():
    rng = np.random.default_rng(23)
    cases = [(1.0, 0.2, None, 0, 15), (0.5, 0.1, 0.3, 1, 40), (0.3, 0.2, 0.25, 2, 120)]
    while len(cases) < 12:
        d = float(rng.uniform(0.1, 1))
        qb = float(rng.uniform(0.02, 0.35))
        m = int(rng.integers(0, 3))
        qbd = float(rng.uniform(0.0, 0.35)) if m else None
        if qbd is not None and d * max(1 - qb, 1 - qbd) > 1 - d * max(qb, qbd):
            continue
        cases.append((d, qb, qbd, m, int(rng.integers(5, 150))))
    return cases


@pytest.mark.parametrize("case", _largest_cases())
def test_largest_K_against_scan(case):
    d, qb, qbd, m, n = case
    p = _params(d, qb, qbd)
    Ks = np.arange(max(2, m + 1), 400)
    ll, err = latent_race_log_probs(n, np.log(Ks), m, *p, which="lose")
    assert np.all(np.diff(ll) >= -1e-13)                   # non-decreasing in K
    for i in (0, 3, 50, 250, len(Ks) - 1):
        t = float(ll[i])
        want = Ks[np.flatnonzero(ll <= t + 1e-13 * max(1.0, abs(t)))[-1]]
        if want == Ks[-1]:
            continue                                       # beyond the scan
        r = largest_K(t, n, m, *p)
        assert r.K == want and r.log_K == math.log(want), (case, i)
    # a target below P(lose) at the smallest K: no K works
    r = largest_K(float(ll[0]) - 1.0, n, m, *p)
    assert r == (0.0, -math.inf)


def test_largest_K_beyond_doubles_bounded():
    # answers around 2^2900 (log K ~ 2010) and 2^(10^6)-scale caps: few evaluations
    p = latent_parameters(0.5, 1e-9)
    t = math.log(0.05)
    r, info = largest_K(t, 3000, 0, *p, full_output=True)
    assert r.K == math.inf and 2800 < r.log_K / math.log(2) < 3000
    assert info["evaluations"] <= 80
    # the answer is the boundary: feasible there, not 1e-12 (relative, in log K) beyond
    ll0, _ = latent_race_log_probs(3000, r.log_K, 0, *p, which="lose")
    ll1, _ = latent_race_log_probs(3000, r.log_K * (1 + 1e-12), 0, *p, which="lose")
    assert ll0 <= t + 1e-13 * abs(t) < ll1
    # every K up to the cap works (P(lose) = 0 exactly: labels always correct and r1 = 1)
    r, info = largest_K(t, 10, 0, 1.0, 0.0, (1.0, 0.0, 1.0, 0.0), full_output=True)
    assert r == (math.inf, math.inf) and info["evaluations"] <= 30
    # and past 2^53, where K - 1 stepping would stall
    p = latent_parameters(0.3, 0.1)
    r, info = largest_K(math.log(0.01), 2000, 0, *p, full_output=True)
    assert 2.0**53 < r.K < math.inf and info["evaluations"] <= 80


@pytest.mark.parametrize("eps,s,d", [(0.0, 5e-324, 0.36787944117144233), (5e-324, 5e-324, 2 / 3)])
def test_subnormal_error_rates_are_the_limit_not_an_inadmissible_model(eps, s, d):
    """Found by the soak run (seeds 124062255 and 3584862407): with 1 - q_dec subnormal, the
    product d (1 - q) rounds to 0 and the separation ratio of wrong labels came out above 1, which
    the engine rejected as an inadmissible model. Those labels have probability below 1e-308: the
    value is the s = 0 limit."""
    b = bounds.bound("race.exact")
    kw = dict(n=40, K=2**10, d=d, alpha=0.0, q_hard=0.0, K_dec=1)
    assert b(eps=eps, s=s, **kw) == pytest.approx(b(eps=0.0, s=0.0, **kw), rel=1e-12)
