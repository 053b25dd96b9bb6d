"""Tests of the compiled kernel of the exact race (`bounds._exact.convolution`, `walk`).

Oracles: the mpmath evaluation of the latent race (`latent_oracle` of tests/test_exact.py:
every term, no windows), a windowed mpmath evaluation at 30 digits for n ~ 10^4 (where
the full oracle is too slow), and the engine (`method="engine"`), which shares no code
with the kernel but the Loader pmf at the anchors. A corrupted kernel (a window cut short
with its error bound left unchanged) is the negative control: the same comparison must
reject it.
"""
from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
from conftest import SOAKING, mc_seed
from test_exact import latent_oracle

import bounds
from bounds._exact import convolution, latent_parameters, latent_race_log_probs
from bounds.errors import ParameterValueError

pytestmark = pytest.mark.skipif(not convolution.available(), reason="numba is not installed")


def _random_points(seed, count, n_lo, n_hi):
    """Random one-group points: (n, log N, qc, qcc, r1, r1c, r2, r2c), with adversaries
    (q_c != q, so r1 != r2) and separations near 0 and 1."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        n = int(rng.integers(n_lo, n_hi + 1))
        K = float(rng.choice([2, 3, 7, 1000, 2.0**20, 2.0**40]))
        d = float(rng.choice([rng.uniform(0.01, 1.0), 1.0, rng.uniform(0.9, 1.0), 1e-3]))
        eps = float(rng.uniform(0.0, 0.5))
        # labels correct with probability 1 - eps_c != 1 - eps: r1 != r2 (as with adversaries)
        eps_c = float(rng.choice([eps, eps, min(0.5, eps + rng.uniform(0.0, 0.2))]))
        try:
            p = latent_parameters(d, eps, qbar_c=eps_c)
        except ParameterValueError:
            p = latent_parameters(d, eps)
        out.append((n, K, p))
    return out


def _fast(n, K, p, which="both"):
    (r1, r1c, r2, r2c) = p.ordinary
    return convolution.race_log_probs_fast([n], [math.log(K - 1.0)], p.qc, p.qcc, r1, r1c, r2, r2c,
                                           which=which)


def _agrees(log_value, err, ref, slack=1e-13):
    """The kernel's value is within its err (plus rounding) of the mpf reference."""
    ref = mp.mpf(ref)
    if ref == 0:
        return False
    return abs(mp.exp(mp.mpf(log_value)) - ref) <= (err + slack) * ref


# ------------------------------------------------------------------- against the oracle
_SMALL = _random_points(20261129, 40, 2, 40)


@pytest.mark.parametrize("case", _SMALL, ids=[f"n{c[0]}-K{c[1]:g}" for c in _SMALL])
def test_against_mpmath_oracle(case):
    n, K, p = case
    lw, ll, err, ok = _fast(n, K, p)
    w, l = latent_oracle(n, K - 1, 0, p.qc, p.qcc, p.ordinary)
    if not ok[0]:
        # declined (the engine's then): outside its domain (a probability of the model
        # below MIN_PROBABILITY, e.g. d = 1), or a result below 1e-250
        outside = min(p.qc, p.qcc, *p.ordinary) < convolution.MIN_PROBABILITY
        assert outside or min(w, l) < mp.mpf(10) ** -250, (w, l)
        return
    assert err[0] <= 1e-14
    assert _agrees(lw[0], err[0], w), (float(mp.log(w)), lw[0])
    assert _agrees(ll[0], err[0], l), (float(mp.log(l)), ll[0])


def test_oracle_points_mostly_taken():
    # the test above is not vacuous: the kernel answers most of its points itself
    # (the others are outside its domain, e.g. d = 1, or have a probability below 1e-250)
    taken = sum(bool(_fast(n, K, p)[3][0]) for n, K, p in _SMALL)
    assert taken >= 15


def test_negative_control_cut_window_is_rejected():
    # the X window starts 6 above where the error bound assumes: mass is lost that the
    # bracket does not know of; the comparison with the oracle must notice
    from bounds._exact import walk

    n, K = 40, 2.0**20
    p = latent_parameters(0.5, 0.3)
    (r1, r1c, r2, r2c) = p.ordinary
    lq = [math.log(v) for v in (p.qc, p.qcc, r1, r1c, r2, r2c)]
    A = (lambda v: np.array([float(v)]))
    D = math.log(K) + math.log(1e14 * 40)
    cols = convolution._columns(A(n), A(math.log(K - 1)), A(p.qc), A(p.qcc), A(lq[0]), A(lq[1]), A(r1), A(r1c),
                                A(lq[2]), A(lq[3]), A(r2), A(r2c), A(lq[4]), A(lq[5]), A(D), A(D - math.log(K)))
    w, _ = latent_oracle(n, K - 1, 0, p.qc, p.qcc, p.ordinary)
    for shift, expect in ((0, True), (6, False)):
        c = cols.copy()
        c[0, 6] += shift                      # Lx
        c[0, 9] = max(c[0, 9], c[0, 6])       # the anchor inside the window
        c[0, 8] = float(bounds._exact.log_binom_pmf(c[0, 9], c[0, 1], r1, r1c))
        res = np.zeros((1, 6))
        walk.points(c, res, 1)
        lo, hi = res[0, 0], res[0, 1]
        assert (lo <= w <= hi * (1 + 1e-13)) is expect, (shift, lo, float(w), hi)


# ------------------------------------------------------------------- against the engine
_MODERATE = _random_points(7, 40, 100, 5000)


def _engine(n, K, p, which):
    return latent_race_log_probs(n, math.log(K), 0, p.qc, p.qcc, p.ordinary, which=which, method="engine")


@pytest.mark.parametrize("which", ["win", "both"])
def test_against_engine(which):
    taken = 0
    for n, K, p in _MODERATE:
        lw, ll, err, ok = _fast(n, K, p, which)
        if not ok[0]:
            continue
        taken += 1
        got = _engine(n, K, p, which)
        pairs = [(lw[0], got[0])] + ([(ll[0], got[1])] if which == "both" else [])
        e_engine = got[-1]
        for mine, theirs in pairs:
            # each within its err, plus the rounding both leave out (relative ~1e-13, and
            # ~1e-13 |log P| where N turns it into log P; the engine's at n ~ 1e4 is ~4e-13)
            tol = err[0] + e_engine + 1e-12 * max(1.0, abs(theirs))
            assert abs(math.expm1(mine - theirs)) <= tol, (n, K, p, which, mine, theirs)
    # not vacuous ("both" declines where P(lose) is below 1e-250, or d = 1)
    assert taken >= (25 if which == "win" else 10)


def test_large_n_against_windowed_mpmath():
    # n = 9642, K = 2^20, d = 0.1, eps = 0.4285...: a point of the benchmark's curve. The
    # reference sums every row of C within 10 standard deviations and every term of each
    # G(c) within 12, at 30 digits (what is left out is below 1e-20 of the result)
    n, eps, d, N = 9642, 0.42854085408540854, 0.1, 2**20 - 1
    with mp.workdps(30):
        q, r = 1 - mp.mpf(eps), mp.mpf(d)

        def pmfs(m, p, lo, hi):
            lo, hi = max(lo, 0), min(hi, m)
            v = mp.exp(mp.loggamma(m + 1) - mp.loggamma(lo + 1) - mp.loggamma(m - lo + 1)
                       + lo * mp.log(p) + (m - lo) * mp.log(1 - p))
            out, ratio = [v], p / (1 - p)
            for x in range(lo, hi):
                v = v * (m - x) / (x + 1) * ratio
                out.append(v)
            return lo, out

        sd = math.sqrt(n * eps * (1 - eps))
        c0, bc = pmfs(n, q, int(n * (1 - eps) - 10 * sd), int(n * (1 - eps) + 10 * sd))
        win = mp.mpf(0)
        for i, w_c in enumerate(bc):
            c = c0 + i
            b = n - c
            x0, px = pmfs(c, r, int(0.1 * c - 12 * math.sqrt(0.09 * c)), int(0.1 * c + 12 * math.sqrt(0.09 * c)))
            y0, py = pmfs(b, r, int(0.1 * b - 12 * math.sqrt(0.09 * b)), int(0.1 * b + 12 * math.sqrt(0.09 * b)))
            F, acc = [], mp.mpf(0)
            for v in px:
                acc += v
                F.append(acc)
            G = mp.fsum(v * F[min(y0 + j - x0, len(F) - 1)] for j, v in enumerate(py) if y0 + j >= x0)
            win += w_c * mp.exp(N * mp.log1p(-G))
    lw, _, err, ok = convolution.race_log_probs_fast([n], [math.log(N)], 1 - eps, eps, d, 1 - d, d, 1 - d, which="win")
    assert ok[0] and _agrees(lw[0], err[0], win, slack=2e-14), (lw[0], mp.nstr(win, 20))


# ------------------------------------------------------------------- behaviour
def test_value_does_not_depend_on_the_batch():
    pts = _random_points(11, 100, 50, 3000)
    n = [x[0] for x in pts]
    logN = [math.log(x[1] - 1) for x in pts]
    cols = [np.array([getattr(x[2], k) for x in pts]) for k in ("qc", "qcc")]
    g = [np.array([x[2].ordinary[j] for x in pts]) for j in range(4)]
    lw, ll, err, ok = convolution.race_log_probs_fast(n, logN, *cols, *g, which="win")
    for i in (0, 17, 99):
        one = convolution.race_log_probs_fast([n[i]], [logN[i]], cols[0][i], cols[1][i], *(x[i] for x in g), which="win")
        assert (one[0][0], one[3][0]) == (lw[i], ok[i]) or (not ok[i] and not one[3][0])


def test_method_convolution_equals_engine_without_numba(monkeypatch):
    p = latent_parameters(0.2, 0.25)
    n = np.arange(100, 400, 3)
    monkeypatch.setattr(convolution, "available", lambda: False)
    a = latent_race_log_probs(n, math.log(2**20), 0, p.qc, p.qcc, p.ordinary, which="win", method="convolution")
    b = latent_race_log_probs(n, math.log(2**20), 0, p.qc, p.qcc, p.ordinary, which="win", method="engine")
    assert np.array_equal(a[0], b[0])


def test_auto_uses_the_kernel_for_batches_only():
    p = latent_parameters(0.2, 0.25)
    n = np.arange(300, 300 + 2 * 64, 2)
    lw_auto, _ = latent_race_log_probs(n, math.log(2**20), 0, p.qc, p.qcc, p.ordinary, which="win")
    lw_conv, _ = latent_race_log_probs(n, math.log(2**20), 0, p.qc, p.qcc, p.ordinary, which="win",
                                       method="convolution")
    assert np.array_equal(lw_auto, lw_conv)
    one, _ = latent_race_log_probs(n[0], math.log(2**20), 0, p.qc, p.qcc, p.ordinary, which="win")
    eng, _ = latent_race_log_probs(n[0], math.log(2**20), 0, p.qc, p.qcc, p.ordinary, which="win", method="engine")
    assert one == eng


def test_bad_method_named():
    p = latent_parameters(0.2, 0.25)
    with pytest.raises(ParameterValueError, match="method must be one of"):
        latent_race_log_probs(10, math.log(4), 0, p.qc, p.qcc, p.ordinary, method="fast")


def test_curve_lower_exact_upper():
    # the benchmark's curve (a cost model, K = 2^20, d = 0.1), every 5th point: the exact
    # column (the kernel) lies between the two bounds everywhere, P(win) near 1 included
    from bounds.cost import CostModel

    cost = CostModel("power", eps_ref=0.2, seconds_ref=4.0, beta=1.0)
    curve = bounds.Curve.from_cost(cost, np.linspace(0.02, 0.45, 10**4)[::5], hours=5.0, K=2**20, d=0.1)
    t = curve.win_probability()
    assert not np.isnan(t.exact).any()
    assert np.all(t.lower <= t.exact) and np.all(t.exact <= t.upper)
    sub = slice(0, None, 97)
    eng, _ = latent_race_log_probs(curve.n[sub], math.log(2**20), 0, 1 - curve.label_eps[sub], curve.label_eps[sub],
                                   (0.1, 0.9, 0.1, 0.9), which="win", method="engine")
    assert np.allclose(np.exp(eng), t.exact[sub], rtol=1e-12, atol=0)


@pytest.mark.soak
def test_soak_against_engine():
    # fresh points on every soak run (a fixed draw in CI)
    pts = _random_points(mc_seed(4242), 30 if SOAKING else 8, 2, 4000)
    for n, K, p in pts:
        lw, ll, err, ok = _fast(n, K, p, "both")
        if not ok[0]:
            continue
        got = _engine(n, K, p, "both")
        for mine, theirs in ((lw[0], got[0]), (ll[0], got[1])):
            tol = err[0] + got[2] + 1e-12 * max(1.0, abs(theirs))
            assert abs(math.expm1(mine - theirs)) <= tol, (n, K, p, mine, theirs)


def test_bad_input_goes_to_the_engine():
    # outside the kernel's domain (n < 2, tiny probabilities, huge N): not ok, never a number
    lw, ll, err, ok = convolution.race_log_probs_fast([1, 50, 50, 50], [math.log(3), math.log(3), 800.0, math.log(3)],
                                                      0.7, 0.3, [0.5, 1e-250, 0.5, 0.5], [0.5, 1.0, 0.5, 0.5],
                                                      0.5, 0.5)
    assert not ok[:3].any() and ok[3]
    assert np.isnan(lw[:3]).all()


def test_derivation_checker_compares_the_variant(monkeypatch):
    # race.exact declares the kernel as a variant: the derivation checker compares it with
    # the proved relation as it does the engine, and a variant off by 1e-6 fails the check
    from bounds import derivations
    from bounds.proof import check, kernel_agreement

    b = bounds.bound("race.exact")
    assert "convolution" in b.variants
    answered = []
    real = convolution.race_log_probs_fast
    monkeypatch.setattr(convolution, "race_log_probs_fast", lambda *a, **k: answered.append(real(*a, **k)[3].sum())
                        or real(*a, **k))
    good = kernel_agreement(b.replace(id="race.exact [convolution]", kernel=b.variants["convolution"]), points=200)
    # most of the checker's points have deceptive policies (the engine's); enough are the kernel's
    assert good.ok and sum(answered) >= 8, (good.summary(), sum(answered))
    monkeypatch.undo()
    wrong = b.replace(variants={"convolution": lambda p: b.variants["convolution"](p) * (1 + 1e-6)})
    monkeypatch.setattr("bounds.proof.checker._bound_of", lambda d: wrong)
    r = check(derivations.get("race.exact"))
    assert not r.ok and "race.exact [convolution]" in r.agreement.summary() + r.agreement.bound
