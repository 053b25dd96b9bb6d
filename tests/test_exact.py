"""Tests of `bounds._exact`: the exact probabilities of the canonical model.

The oracle is a brute-force evaluation of the same model in mpmath at 60 digits: every
term of every sum, no truncation, no windows, no log-space tricks other than computing
both $P(X \\le Y)$ and $P(X > Y)$ as direct sums (so that neither is a difference of
nearly equal numbers). The code under test shares nothing with it.
"""
from __future__ import annotations

import functools
import itertools
import math

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binom

from bounds._exact import MAX_EXACT_N, duel_log_probs, log_binom_le, race_log_probs

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
