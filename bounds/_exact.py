r"""Exact probabilities of the canonical model, computed in log space.

Private module: the scenario layer turns these numbers into user-facing answers. It
depends on nothing else in `bounds`.

The model (DESIGN.md §1). Each of $n$ i.i.d. labels is *correct* (agrees with the aligned
policy) with probability

$$q_c = (1-\alpha)\,q + \alpha\,(1-d),$$

because an honest label (probability $1-\alpha$) is correct with probability $q$ and an
adversarial label, written for one chosen unaligned policy $j^*$, is wrong exactly when
$j^*$ separates (probability $d$). Given the number $c \sim \mathrm{Bin}(n, q_c)$ of
correct labels:

* $j^*$ separates on a correct label with probability
  $r_1 = (1-\alpha)\,q\,d / q_c$ and on a wrong label with probability
  $r_2 = d\,((1-\alpha)(1-q) + \alpha) / (1-q_c)$; it is *not* beaten with probability
  $\bar g(c) = P(\mathrm{Bin}(c, r_1) \le \mathrm{Bin}(n-c, r_2))$ (ties lose);
* each of the other $K-2$ unaligned policies separates on every query with probability
  $d$, independently; it is not beaten with probability
  $\bar p(c) = P(\mathrm{Bin}(c, d) \le \mathrm{Bin}(n-c, d))$.

Given $c$ the $K-1$ events are independent, so

$$P(\mathrm{win}) = E_c\big[(1-\bar g(c))\,(1-\bar p(c))^{K-2}\big], \qquad
P(\mathrm{lose}) = E_c\big[1 - (1-\bar g(c))\,(1-\bar p(c))^{K-2}\big].$$

The duel (aligned against $j^*$ alone) is $K = 2$. With $\alpha = 0$: $q_c = q$,
$r_1 = r_2 = d$ and $\bar g = \bar p$.

How it is computed
------------------
Every binomial log pmf is evaluated with Loader's saddle-point form (the algorithm of R's
`dbinom`: Stirling-series remainders plus a cancellation-free deviance), or, along a
window, as cumulative products / sums of the exact ratios $p(x+1)/p(x)$ anchored at such
a value. Nothing is ever computed as the logarithm of an underflowed number: sums are
formed relative to a per-row scale, and when the dynamic range of a row exceeds what a
double can hold the row is redone with `numpy.logaddexp.accumulate`.

Truncation, and the error bound
-------------------------------
Binomial pmfs are log-concave. For a target absolute error $e^{-T}$:

* values of $c$ with $\log p_C(c) < \max \log p_C - T - \ln(3(n+1))$ are dropped;
* for each kept $c$, the inner windows keep $x$ (resp. $y$) with
  $\log p_X(x) \ge \max\log p_X - T_c$ where
  $T_c = T + \log p_C(c) + \ln(3 W (n+2))$ ($W$ = number of kept $c$), plus $\ln(K-2)$
  (or $\ln(K-1)$ when $\alpha=0$) for $\bar p$.

The returned `err` is not this target but a bound computed from what was actually
dropped. Outside a window $[l, h]$ of a log-concave pmf the largest dropped term is the
one adjacent to the window, so the dropped mass is at most
$l\,p(l-1) + (m-h)\,p(h+1)$. The truncated sums $\tilde S_{\le}$, $\tilde S_{>}$ of
$P(X \le Y)$, $P(X > Y)$ are each below the truth by at most $e = e_X + e_Y$. Per $c$, the
win probability $(1-\bar g)(1-\bar p)^{K-2}$ then moves by at most
$(1-\bar p_{lo})^{K-2}\,e_g + (K-2)(1-\bar p_{lo})^{K-3}\,e_p$ (mean value theorem; $\bar
p_{lo} = \tilde S_{\le}$ is a lower bound of every value in between), and the lose
probability by the same amount. So

$$\mathrm{err} = \sum_{c\ \mathrm{dropped}} p_C(c) +
\sum_{c\ \mathrm{kept}} p_C(c)\big[(1-\bar p_{lo})^{K-2} e_g(c)
+ (K-2)(1-\bar p_{lo})^{K-3} e_p(c)\big]$$

bounds the truncation error of both probabilities. $T$ starts at 40 and is raised
until $\mathrm{err} \le 10^{-14}\min(P(\mathrm{win}), P(\mathrm{lose}))$, or the windows
cover the whole support ($\mathrm{err} = 0$), or a work budget is spent (then `err` says
how good the answer is). Floating-point rounding (relative $\sim 10^{-13}$ or better) is
not part of `err`.
"""
from __future__ import annotations

import math

import numpy as np

__all__ = ["MAX_EXACT_N", "log_binom_le", "duel_log_probs", "race_log_probs"]

#: Largest number of labels the exact computation accepts (a call stays within ~30 s).
MAX_EXACT_N = 1_000_000

_LN2PI = math.log(2.0 * math.pi)
_LN3 = math.log(3.0)

#: stirlerr(k) = log(k!) - ((k + 1/2) log k - k + log(2 pi)/2), k = 0..15 (k = 0 unused),
#: computed with mpmath at 40 digits.
_SFE = np.array([
    0.0,
    0.08106146679532726, 0.0413406959554093, 0.02767792568499834,
    0.020790672103765093, 0.016644691189821193, 0.013876128823070748,
    0.01189670994589177, 0.010411265261972096, 0.009255462182712733,
    0.00833056343336287, 0.007573675487951841, 0.00694284010720953,
    0.006408994188004207, 0.0059513701127588475, 0.005554733551962801,
])
_S0, _S1, _S2, _S3, _S4 = 1 / 12, 1 / 360, 1 / 1260, 1 / 1680, 1 / 1188

#: Relative truncation error accepted before the adaptive loop stops.
_RTOL = 1e-14
#: First truncation depth, in nats.
_T0 = 40.0
#: Depths below this use the fast linear-scale path (a double holds e^-708 .. e^709).
_EXP_DEPTH = 690.0
#: Row sums below this (relative to the row scale) are redone in log space.
_TINY = 1e-280
#: Elements per chunk of the 2-D row kernel (keeps the work arrays in cache).
_CHUNK = 1 << 18
#: Refinement passes stop once a pass would touch more elements than this.
_WORK_BUDGET = 4e9


# ----------------------------------------------------------------------------------------
# binomial log pmf (Loader's saddle-point algorithm)

def _stirlerr(k):
    """log(k!) - log(sqrt(2 pi k) (k/e)^k) for integer-valued k >= 1 (array)."""
    k = np.asarray(k, dtype=float)
    out = np.empty(k.shape)
    small = k <= 15
    out[small] = _SFE[k[small].astype(np.intp)]
    kb = k[~small]
    kk = kb * kb
    out[~small] = (_S0 - (_S1 - (_S2 - (_S3 - _S4 / kk) / kk) / kk) / kk) / kb
    return out


def _bd0(x, M):
    """Deviance term x log(x/M) + M - x, without cancellation (x > 0, M > 0)."""
    x, M = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(M, dtype=float))
    out = np.empty(x.shape)
    diff = x - M
    near = np.abs(diff) < 0.1 * (x + M)
    far = ~near
    xf, Mf = x[far], M[far]
    out[far] = xf * np.log(xf / Mf) + Mf - xf
    xn = x[near]
    v = diff[near] / (xn + M[near])
    s = diff[near] * v
    ej = 2.0 * xn * v
    v2 = v * v
    for j in range(1, 12):  # |v| < 0.1: terms shrink by 100 each, 11 terms reach 1e-22
        ej = ej * v2
        s = s + ej / (2 * j + 1)
    out[near] = s
    return out


def _logpmf(x, m, p, pc):
    """log P(Bin(m, p) = x) for integer-valued arrays x, m; p scalar with pc = 1 - p."""
    x, m = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(m, dtype=float))
    out = np.full(x.shape, -np.inf)
    inside = (x >= 0) & (x <= m)
    if p == 0.0:
        out[inside & (x == 0)] = 0.0
        return out
    if pc == 0.0:
        out[inside & (x == m)] = 0.0
        return out
    e0 = inside & (x == 0)
    out[e0] = m[e0] * math.log(pc)
    em = inside & (x == m) & (m > 0)
    out[em] = m[em] * math.log(p)
    g = inside & (x > 0) & (x < m)
    xg, mg = x[g], m[g]
    lc = (_stirlerr(mg) - _stirlerr(xg) - _stirlerr(mg - xg)
          - _bd0(xg, mg * p) - _bd0(mg - xg, mg * pc))
    lf = _LN2PI + np.log(xg) + np.log1p(-xg / mg)
    out[g] = lc - 0.5 * lf
    return out


def _window(m, p, pc, depth):
    """Window [lo, hi] of Bin(m, p) where log pmf >= log pmf(mode) - depth.

    Returns lo, hi, log pmf at lo, and log of a bound on the pmf mass outside the window.
    """
    mode = np.minimum(np.floor((m + 1.0) * p), m)
    thr = _logpmf(mode, m, p, pc) - depth
    # left end: smallest x in [0, mode] with lp(x) >= thr (lp increases up to the mode)
    lo_f, lo_t = np.full(m.shape, -1.0), mode.copy()
    while True:
        act = lo_t - lo_f > 1
        if not act.any():
            break
        mid = np.floor((lo_f + lo_t) / 2)
        ok = _logpmf(mid, m, p, pc) >= thr
        lo_t = np.where(act & ok, mid, lo_t)
        lo_f = np.where(act & ~ok, mid, lo_f)
    # right end: largest x in [mode, m] with lp(x) >= thr
    hi_t, hi_f = mode.copy(), m + 1.0
    while True:
        act = hi_f - hi_t > 1
        if not act.any():
            break
        mid = np.floor((hi_t + hi_f) / 2)
        ok = _logpmf(mid, m, p, pc) >= thr
        hi_t = np.where(act & ok, mid, hi_t)
        hi_f = np.where(act & ~ok, mid, hi_f)
    lo, hi = lo_t, hi_t
    with np.errstate(divide="ignore"):
        left = np.log(lo) + _logpmf(lo - 1, m, p, pc)
        right = np.log(m - hi) + _logpmf(hi + 1, m, p, pc)
    left = np.where(lo > 0, left, -np.inf)
    right = np.where(hi < m, right, -np.inf)
    return lo, hi, _logpmf(lo, m, p, pc), np.logaddexp(left, right)


# ----------------------------------------------------------------------------------------
# the row kernel: truncated P(X <= Y) and P(X > Y) for many (a, b) at once

def _ratio_grid(lo, width, m, rho, cols):
    """Ratios p(lo+j)/p(lo+j-1) in column j >= 1 (column 0 is 1); 0 beyond the window."""
    x = lo[:, None] + np.arange(cols, dtype=float)  # x = lo + j
    with np.errstate(divide="ignore", invalid="ignore"):
        r = (m[:, None] - x + 1.0) / x * rho      # p(x)/p(x-1) = (m-x+1)/x * p/(1-p)
    r[:, 0] = 1.0
    r[np.arange(cols) >= width[:, None]] = 0.0
    return r


def _logratio_grid(lo, width, m, lrho, cols):
    """Log version of `_ratio_grid` (-inf beyond the window)."""
    x = lo[:, None] + np.arange(cols, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.log((m[:, None] - x + 1.0) / x) + lrho
    r[:, 0] = 0.0
    r[np.arange(cols) >= width[:, None]] = -np.inf
    return r


def _rows_exp(xlo, wx, mx, rho_x, ylo, wy, my, rho_y):
    """Linear-scale kernel: sums relative to p_X(xlo) p_Y(ylo). Needs depths <= ~700."""
    cx, cy = int(wx.max()), int(wy.max())
    r = xlo.shape[0]
    wX = np.cumprod(_ratio_grid(xlo, wx, mx, rho_x, cx), axis=1)
    wY = np.cumprod(_ratio_grid(ylo, wy, my, rho_y, cy), axis=1)
    sx = wX.max(axis=1)                                      # rescale rows to max 1, so
    sy = wY.max(axis=1)                                      # products cannot overflow
    wX /= sx[:, None]
    wY /= sy[:, None]
    F = np.zeros((r, cx + 1))
    np.cumsum(wX, axis=1, out=F[:, 1:])                      # F[j] = sum_{i<j} wX[i]
    G = np.zeros((r, cx + 1))
    G[:, :cx] = np.cumsum(wX[:, ::-1], axis=1)[:, ::-1]      # G[j] = sum_{i>=j} wX[i]
    idx = np.clip((ylo - xlo + 1.0)[:, None] + np.arange(cy), 0, cx).astype(np.intp)
    idx += (np.arange(r) * (cx + 1))[:, None]
    le = np.einsum("ij,ij->i", wY, np.take(F, idx))
    gt = np.einsum("ij,ij->i", wY, np.take(G, idx))
    lsc = np.log(sx) + np.log(sy)
    return le, gt, lsc


def _lse_rows(A):
    mx = A.max(axis=1)
    mx = np.where(np.isfinite(mx), mx, 0.0)
    with np.errstate(divide="ignore"):
        return np.log(np.exp(A - mx[:, None]).sum(axis=1)) + mx


def _rows_log(xlo, wx, mx, lrho_x, ylo, wy, my, lrho_y):
    """Log-space kernel, any depth: log sums relative to p_X(xlo) p_Y(ylo)."""
    cx, cy = int(wx.max()), int(wy.max())
    r = xlo.shape[0]
    lX = np.cumsum(_logratio_grid(xlo, wx, mx, lrho_x, cx), axis=1)
    lY = np.cumsum(_logratio_grid(ylo, wy, my, lrho_y, cy), axis=1)
    F = np.full((r, cx + 1), -np.inf)
    F[:, 1:] = np.logaddexp.accumulate(lX, axis=1)
    G = np.full((r, cx + 1), -np.inf)
    G[:, :cx] = np.logaddexp.accumulate(lX[:, ::-1], axis=1)[:, ::-1]
    idx = np.clip((ylo - xlo + 1.0)[:, None] + np.arange(cy), 0, cx).astype(np.intp)
    idx += (np.arange(r) * (cx + 1))[:, None]
    return _lse_rows(lY + np.take(F, idx)), _lse_rows(lY + np.take(G, idx))


def _odds(p, pc):
    """p/(1-p) and its log, finite placeholders when degenerate (windows are then 1 wide)."""
    if p == 0.0 or pc == 0.0:
        return 1.0, 0.0
    return p / pc, math.log(p) - math.log(pc)


def _le_gt(a, s, sc, b, t, tc, depth_x, depth_y):
    """Truncated log P(Bin(a,s) <= Bin(b,t)), log P(... > ...), log dropped-mass bound.

    `a`, `b`, `depth_x`, `depth_y` are 1-D float arrays (one row each).
    """
    xlo, xhi, lpx, dx = _window(a, s, sc, depth_x)
    ylo, yhi, lpy, dy = _window(b, t, tc, depth_y)
    lerr = np.logaddexp(dx, dy)
    wx = xhi - xlo + 1.0
    wy = yhi - ylo + 1.0
    rho_x, lrho_x = _odds(s, sc)
    rho_y, lrho_y = _odds(t, tc)
    R = a.shape[0]
    le = np.empty(R)
    gt = np.empty(R)
    # truncated sums that are exactly zero: no pair x <= y (or x > y) in the windows
    le_zero = xlo > yhi
    gt_zero = xhi <= ylo
    scale = lpx + lpy
    # chunk rows so that each chunk holds about _CHUNK elements
    chunk_id = np.floor(np.cumsum(wx + wy + 2.0) / _CHUNK)
    bounds = [0] + list(np.flatnonzero(np.diff(chunk_id)) + 1) + [R]
    for i0, i1 in zip(bounds[:-1], bounds[1:]):
        sl = slice(i0, i1)
        redo = np.ones(i1 - i0, dtype=bool)
        if max(depth_x[sl].max(), depth_y[sl].max()) <= _EXP_DEPTH:
            with np.errstate(over="ignore", under="ignore", invalid="ignore"):
                l_s, g_s, lsc = _rows_exp(xlo[sl], wx[sl], a[sl], rho_x,
                                          ylo[sl], wy[sl], b[sl], rho_y)
            ok = (((l_s >= _TINY) & np.isfinite(l_s)) | le_zero[sl]) & \
                 (((g_s >= _TINY) & np.isfinite(g_s)) | gt_zero[sl])
            with np.errstate(divide="ignore"):
                le[sl] = np.where(le_zero[sl], -np.inf, np.log(l_s) + lsc) + scale[sl]
                gt[sl] = np.where(gt_zero[sl], -np.inf, np.log(g_s) + lsc) + scale[sl]
            redo = ~ok
        if redo.any():
            k = np.arange(i0, i1)[redo]
            l_l, g_l = _rows_log(xlo[k], wx[k], a[k], lrho_x, ylo[k], wy[k], b[k], lrho_y)
            le[k] = np.where(le_zero[k], -np.inf, l_l + scale[k])
            gt[k] = np.where(gt_zero[k], -np.inf, g_l + scale[k])
    work = float((wx + wy).sum())
    return le, gt, lerr, work


# ----------------------------------------------------------------------------------------
# public: P(Bin(a, s) <= Bin(b, t))

def log_binom_le(a, s, b, t):
    r"""Log of $P(\mathrm{Bin}(a, s) \le \mathrm{Bin}(b, t))$ for independent binomials.

    Accurate to about $10^{-12}$ relative in the probability (so about $10^{-12}$
    absolute in the logarithm) also far below the smallest double, e.g. $e^{-2000}$:
    nothing is computed as the logarithm of an underflowed number.

    Parameters
    ----------
    a, b : array_like of int
        Numbers of trials, $\ge 0$, broadcast together.
    s, t : float
        Success probabilities in $[0, 1]$.

    Returns
    -------
    numpy.ndarray or numpy.float64
        $\log P(\mathrm{Bin}(a, s) \le \mathrm{Bin}(b, t))$, with the broadcast shape of
        `a` and `b` ($-\infty$ where the probability is exactly 0).

    Notes
    -----
    The windows of both pmfs are widened until the bound on the dropped mass is below
    $10^{-15}$ times the computed value, or until they cover both supports.

    Examples
    --------
    Ties count: $P(\mathrm{Bin}(1, 1/2) \le \mathrm{Bin}(1, 1/2)) = 3/4$.

    >>> import numpy as np
    >>> round(float(np.exp(log_binom_le(1, 0.5, 1, 0.5))), 12)
    0.75

    A probability of about $e^{-2079}$ (all 3000 successes of a sure-fail coin, roughly):

    >>> round(float(log_binom_le(3000, 0.5, 0, 0.3)), 6)
    -2079.441542
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    a, b = np.broadcast_arrays(a, b)
    if np.any(a != np.floor(a)) or np.any(b != np.floor(b)) or np.any(a < 0) or np.any(b < 0):
        raise ValueError("log_binom_le: a and b must be non-negative integers")
    s, t = float(s), float(t)
    shape = a.shape
    pairs = np.stack([a.ravel(), b.ravel()], axis=1)
    uniq, inv = np.unique(pairs, axis=0, return_inverse=True)
    ua, ub = uniq[:, 0].copy(), uniq[:, 1].copy()
    out = np.full(ua.shape, np.nan)
    todo = np.arange(ua.shape[0])
    depth = 40.0
    while todo.size:
        dvec = np.full(todo.shape, depth)
        le, gt, lerr, _ = _le_gt(ua[todo], s, 1.0 - s, ub[todo], t, 1.0 - t, dvec, dvec)
        good = lerr <= le + math.log(1e-15)
        full = np.isneginf(lerr)
        done = good | full
        out[todo[done]] = le[done]
        todo = todo[~done]
        # the truncated value may be far too small: jump the depth by what is missing
        depth = 2.0 * depth + 40.0
    res = out[inv.reshape(-1)].reshape(shape)
    return res[()]


# ----------------------------------------------------------------------------------------
# the race and the duel

def _log_neglog1m(lx, l1mx):
    r"""$\log(-\log(1-x))$ from $\log x$ and $\log(1-x)$, using whichever is accurate."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        x = np.exp(lx)
        tiny = x < 1e-5
        # -log1p(-x) = x (1 + x/2 + x^2/3 + ...), log of the bracket = x/2 + 5x^2/24 + O(x^3)
        a_tiny = lx + x / 2 + 5 * x * x / 24
        a_mid = np.log(-np.log1p(-x))
        a_big = np.log(-l1mx)
        return np.where(x < 0.5, np.where(tiny, a_tiny, a_mid), a_big)


def _log1mexp_neg(L):
    r"""$\log(1 - e^{-v})$ for $v = e^{L}$ (so $\log(-\mathrm{expm1}(u))$ with $u=-e^L$)."""
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        v = np.exp(L)
        small = v < 1e-5
        # 1 - e^{-v} = v (1 - v/2 + v^2/6 - ...), log of the bracket = -v/2 + v^2/24 + O(v^4)
        out_small = L - v / 2 + v * v / 24
        out_big = np.log(-np.expm1(-v))
        return np.where(small, out_small, out_big)


def _logsumexp(v):
    v = np.asarray(v, dtype=float)
    if v.size == 0:
        return -np.inf
    m = v.max()
    if not np.isfinite(m):
        return m
    with np.errstate(under="ignore"):
        return float(np.log(np.exp(v - m).sum()) + m)


def _params(n, d, q, alpha):
    """q_c, r1, r2 and their complements, computed without cancellation."""
    dc = 1.0 - d
    qbar = 1.0 - q
    if alpha == 0.0:
        return q, qbar, d, dc, d, dc
    qc = (1.0 - alpha) * q + alpha * dc
    qcc = (1.0 - alpha) * qbar + alpha * d            # 1 - q_c
    if qc > 0.0:
        r1 = min(1.0, (1.0 - alpha) * q * d / qc)
        r1c = min(1.0, dc * ((1.0 - alpha) * q + alpha) / qc)
    else:
        r1, r1c = 0.0, 1.0
    if qcc > 0.0:
        r2 = min(1.0, d * ((1.0 - alpha) * qbar + alpha) / qcc)
        r2c = min(1.0, (1.0 - alpha) * qbar * dc / qcc)
    else:
        r2, r2c = 0.0, 1.0
    return qc, qcc, r1, r1c, r2, r2c


def _race_pass(n, K, d, q, alpha, T):
    """One pass at target depth T: (log P(win), log P(lose), err, work)."""
    qc, qcc, r1, r1c, r2, r2c = _params(n, d, q, alpha)
    nn = np.array([float(n)])
    clo, chi, _, ldrop_c = _window(nn, qc, qcc, np.array([T + _LN3 + math.log(n + 1.0)]))
    c = np.arange(clo[0], chi[0] + 1.0)
    W = c.size
    lpc = _logpmf(c, float(n), qc, qcc)
    lpc = np.where(np.isfinite(lpc), lpc, -np.inf)
    base = T + _LN3 + math.log(W) + math.log(n + 2.0)
    depth_g = np.maximum(base + np.where(np.isfinite(lpc), lpc, -base), 0.0)
    m2 = float(n) - c
    Km2 = K - 2.0
    work = 0.0
    if K == 2.0:
        le_g, gt_g, e_g, w = _le_gt(c, r1, r1c, m2, r2, r2c, depth_g, depth_g)
        work += w
        L = _log_neglog1m(le_g, gt_g)
        lerr_c = e_g
    elif alpha == 0.0:
        dp = depth_g + math.log(K - 1.0)
        le_p, gt_p, e_p, w = _le_gt(c, d, 1.0 - d, m2, d, 1.0 - d, dp, dp)
        work += w
        L = math.log(K - 1.0) + _log_neglog1m(le_p, gt_p)
        with np.errstate(divide="ignore", invalid="ignore"):
            l1m_lo = np.log1p(-np.exp(le_p))       # log(1 - p_lo) >= log(1 - p)
        lerr_c = math.log(K - 1.0) + Km2 * l1m_lo + e_p
    else:
        le_g, gt_g, e_g, w1 = _le_gt(c, r1, r1c, m2, r2, r2c, depth_g, depth_g)
        dp = depth_g + math.log(Km2)
        le_p, gt_p, e_p, w2 = _le_gt(c, d, 1.0 - d, m2, d, 1.0 - d, dp, dp)
        work += w1 + w2
        L = np.logaddexp(_log_neglog1m(le_g, gt_g),
                         math.log(Km2) + _log_neglog1m(le_p, gt_p))
        with np.errstate(divide="ignore", invalid="ignore"):
            l1m_lo = np.log1p(-np.exp(le_p))       # log(1 - p_lo) >= log(1 - p)
            t_g = Km2 * l1m_lo + e_g
            t_p = math.log(Km2) + ((K - 3.0) * l1m_lo if K > 3.0 else 0.0) + e_p
        lerr_c = np.logaddexp(t_g, t_p)
    with np.errstate(over="ignore", invalid="ignore"):
        lwin_c = -np.exp(L)                      # log P(win | c)
    llose_c = _log1mexp_neg(L)                  # log P(lose | c)
    lwin = _logsumexp(lpc + lwin_c)
    llose = _logsumexp(lpc + llose_c)
    with np.errstate(invalid="ignore"):
        lerr_rows = lpc + np.where(np.isnan(lerr_c), -np.inf, lerr_c)
    lerr = np.logaddexp(ldrop_c[0], _logsumexp(lerr_rows))
    return lwin, llose, float(np.exp(lerr)), work


def _race_one(n, K, d, q, alpha):
    if n == 0:
        return -np.inf, 0.0, 0.0
    T = _T0
    while True:
        lwin, llose, err, work = _race_pass(n, K, d, q, alpha, T)
        if err == 0.0:
            break
        lmin = min(lwin, llose)
        if math.log(err) <= math.log(_RTOL) + lmin:
            break
        if work * 4 > _WORK_BUDGET or T > 1e6:
            break
        if lmin > math.log(2.0 * err):
            # informative: min(P) >= exp(lmin) - err >= exp(lmin) / 2
            T_new = T + math.log(err) - (lmin - math.log(2.0)) - math.log(_RTOL) + 2.0
        else:
            T_new = 3.0 * T
        T = max(T_new, T + 5.0)
    return lwin, llose, err


def _check_n(n):
    if np.any(n != np.floor(n)) or np.any(n < 0):
        raise ValueError(f"n must be a non-negative integer, got {n!r}")
    if np.any(n > MAX_EXACT_N):
        big = n[n > MAX_EXACT_N].max()
        raise ValueError(f"n = {big:.0f} is beyond the exact computation "
                         f"(MAX_EXACT_N = {MAX_EXACT_N})")


def race_log_probs(n, K, d, q, alpha=0.0):
    r"""Exact log probabilities that the aligned policy wins / loses the race.

    The race is the aligned policy against all $K-1$ unaligned ones (DESIGN.md §1,
    independent separation, a fraction `alpha` of adversarial labels written for one
    unaligned policy):

    $$P(\mathrm{win}) = E_c\big[(1-\bar g(c))\,(1-\bar p(c))^{K-2}\big],\quad
    c \sim \mathrm{Bin}(n, q_c),$$

    and $P(\mathrm{lose})$ is the expectation of one minus the same product. Both are
    computed directly (neither as one minus the other), so each is accurate however
    small it is.

    Parameters
    ----------
    n : array_like of int
        Number of labels, $0 \le n \le$ `MAX_EXACT_N`.
    K : array_like of float
        Number of candidate policies, $\ge 2$, integer-valued (up to $2^{1000}$ and beyond).
    d : array_like of float
        Probability that a query separates the aligned policy from an unaligned one, in
        $(0, 1]$.
    q : array_like of float
        Probability that an honest label agrees with the aligned policy ($1-\epsilon$),
        in $[0, 1]$.
    alpha : array_like of float, optional
        Fraction of adversarial labels, in $[0, 1)$.

    Returns
    -------
    log_win, log_lose : numpy.ndarray or numpy.float64
        $\log P(\mathrm{win})$ and $\log P(\mathrm{lose})$, with the broadcast shape.
    err : numpy.ndarray or numpy.float64
        Rigorous upper bound on the absolute truncation error of each of the two
        probabilities (see the module docstring); rounding is not included.

    Raises
    ------
    ValueError
        If `n` is not a non-negative integer, or exceeds `MAX_EXACT_N`.

    Notes
    -----
    Ties lose, so $n = 0$ gives $P(\mathrm{win}) = 0$. The work is about
    $O(n\,T)$ for a truncation depth $T$ (a few hundred nats): windows around the
    binomial modes, never the full $O(n^2)$ grid.

    Examples
    --------
    >>> import numpy as np
    >>> lw, ll, err = race_log_probs(101, 10, 0.5, 0.9)
    >>> round(float(np.exp(lw)), 6), round(float(np.exp(ll)), 6), bool(err < 1e-15)
    (0.999783, 0.000217, True)
    """
    n = np.asarray(n, dtype=float)
    _check_n(n)
    arrs = np.broadcast_arrays(n, np.asarray(K, dtype=float), np.asarray(d, dtype=float),
                               np.asarray(q, dtype=float), np.asarray(alpha, dtype=float))
    shape = arrs[0].shape
    table = np.stack([x.ravel() for x in arrs], axis=1)
    uniq, inv = np.unique(table, axis=0, return_inverse=True)
    res = np.empty((uniq.shape[0], 3))
    for i, (nn, KK, dd, qq, aa) in enumerate(uniq):
        res[i] = _race_one(int(nn), float(KK), float(dd), float(qq), float(aa))
    res = res[inv.reshape(-1)]
    return tuple(res[:, j].reshape(shape)[()] for j in range(3))


def duel_log_probs(n, d, q, alpha=0.0):
    r"""Exact log probabilities that the aligned policy wins / loses the duel.

    The duel is the aligned policy against the one unaligned policy $j^*$ (the one the
    adversary labels for): $P(\mathrm{lose}) = E_c[\bar g(c)]$, the race with $K = 2$.
    Equivalently, with $m \sim \mathrm{Bin}(n, d)$ separating labels, each favouring the
    aligned policy with probability $(1-\alpha)\,q$:
    $P(\mathrm{lose}) = P(\mathrm{Bin}(m, (1-\alpha) q) \le m/2)$.

    Parameters
    ----------
    n : array_like of int
        Number of labels, $0 \le n \le$ `MAX_EXACT_N`.
    d : array_like of float
        Separation probability, in $(0, 1]$.
    q : array_like of float
        Probability that an honest label agrees with the aligned policy, in $[0, 1]$.
    alpha : array_like of float, optional
        Fraction of adversarial labels, in $[0, 1)$.

    Returns
    -------
    log_win, log_lose, err
        As for `race_log_probs` with `K = 2`.

    Examples
    --------
    With $d = 1$ the duel is a majority vote: $P(\mathrm{lose}) = P(\mathrm{Bin}(n, q)
    \le n/2)$; for $n = 3$, $q = 0.9$ that is $0.1^3 + 3 \cdot 0.9 \cdot 0.1^2 = 0.028$.

    >>> import numpy as np
    >>> lw, ll, err = duel_log_probs(3, 1.0, 0.9)
    >>> round(float(np.exp(lw)), 12), round(float(np.exp(ll)), 12), float(err)
    (0.972, 0.028, 0.0)
    """
    return race_log_probs(n, 2.0, d, q, alpha)
