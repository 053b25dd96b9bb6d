r"""Exact probabilities of the canonical model, computed in log space.

Private module: the scenario layer turns these numbers into user-facing answers. It
depends on nothing else in `bounds` (only numpy and scipy).

The model (DESIGN.md §1). Each of $n$ i.i.d. labels is *correct* (agrees with the aligned
policy) with probability

$$q_c = (1-\alpha)\,q + \alpha\,(1-d),$$

because an honest label (probability $1-\alpha$) is correct with probability $q$, and an
adversarial label, written for one chosen unaligned policy $j^*$, is wrong exactly when
$j^*$ separates (probability $d$). Given the number $c \sim \mathrm{Bin}(n, q_c)$ of
correct labels:

* $j^*$ separates on a correct label with probability $r_1 = (1-\alpha)\,q\,d / q_c$ and
  on a wrong one with probability $r_2 = d\,((1-\alpha)(1-q) + \alpha) / (1-q_c)$; it is
  *not* beaten with probability
  $\bar g(c) = P(\mathrm{Bin}(c, r_1) \le \mathrm{Bin}(n-c, r_2))$ (ties lose);
* each of the other $K-2$ unaligned policies separates on every query with probability
  $d$, independently of everything else; it is not beaten with probability
  $\bar p(c) = P(\mathrm{Bin}(c, d) \le \mathrm{Bin}(n-c, d))$.

Given $c$ the $K-1$ events are independent, so

$$P(\mathrm{win}) = E_c\big[(1-\bar g(c))\,(1-\bar p(c))^{K-2}\big], \qquad
P(\mathrm{lose}) = E_c\big[1 - (1-\bar g(c))\,(1-\bar p(c))^{K-2}\big].$$

The duel (aligned against $j^*$ alone) is $K = 2$. With $\alpha = 0$: $q_c = q$,
$r_1 = r_2 = d$ and $\bar g = \bar p$.

How it is computed
------------------
*Binomial pmfs.* Log pmfs that enter a result are evaluated with Loader's saddle-point
form (the algorithm of R's `dbinom`: Stirling-series remainders plus a cancellation-free
deviance), and along a window as cumulative products of the exact ratios
$p(x)/p(x-1)$ anchored at such values. Nothing is ever computed as the logarithm of an
underflowed number: sums are formed relative to a per-row scale, and a row whose dynamic
range does not fit in a double is redone with `numpy.logaddexp.accumulate`.

*Inner sums, relative truncation.* For one $c$, $P(X \le Y + k)$ (with
$X \sim \mathrm{Bin}(a, s)$, $Y \sim \mathrm{Bin}(b, t)$) is a sum of
$p_X(x)\,p_Y(y)$ over $x \le y + k$. Let
$h_X(x) = \log p_X(x) + \max_{y \ge x-k} \log p_Y(y)$ and
$h_Y(y) = \log p_Y(y) + \max_{x \le y+k} \log p_X(x)$; both are concave, and their common
maximum $M$ is the log of the largest term. The windows keep
$\{x : h_X(x) \ge M - D\}$ and $\{y : h_Y(y) \ge M - D\}$
($D = 44 + \ln(n+2)$ nats, raised if the final check asks for it), so they sit around the saddle point that dominates the
sum, however far in the tail it is. The dropped mass is at most
$(b+1)\sum_{x\ \mathrm{dropped}} e^{h_X(x)} + (a+1)\sum_{y\ \mathrm{dropped}} e^{h_Y(y)}$;
by concavity each side of each sum is at most $e^{h}$ next to the window times
$\min(\mathrm{count}, 1/(1-e^{-\delta}))$, $\delta$ the drop of $h$ across the window's
edge. The computed sum is below the truth by at most that bound.

*Per $c$.* The win probability $(1-\bar g)(1-\bar p)^{K-2}$ moves by at most
$(1-\bar p')^{K-2}\,e_g + (1-\bar g')\,(K-2)\,(1-\bar p')^{K-3}\,e_p$ (mean value
theorem; $\bar g'$, $\bar p'$ bound every value between the truth and the estimate,
$e_g$, $e_p$ are the inner bounds), and the lose probability by the same amount.
$1-\bar g$ is summed directly as $P(X > Y)$ whenever $\bar g > 0.985$ (below that,
$1 - \bar g$ loses at most a factor 70 of relative precision), so both are accurate
relative to themselves.

*Outer sum over $c$.* Only the values of $c$ that matter are computed: a window for
$P(\mathrm{lose})$ and one for $P(\mathrm{win})$, placed around the maximum of
$p_C(c)\,P(\cdot \mid c)$ (found by grid refinement on exact rows). What lies outside is
bounded rigorously, by the smallest of:

* the binomial tail of $C$: $P(C \le c_0) \le (c_0+1)\,p_C(c_0)$ left of the mode, and
  symmetrically on the right (log-concavity);
* Chernoff bounds on the joint sum of the per-label vectors (correct?, $X - Y$
  increment): e.g. $P(C \ge c_0, X - Y \le 0) \le \min_{\theta, \lambda \ge 0}
  e^{-\theta c_0} E[e^{\theta C - \lambda (X - Y)}]$, closed form in $\lambda$, golden
  section in $\theta$; for lose through $\mathrm{lose}(c) \le \bar g(c) + (K-2)\,\bar
  p(c)$, for win through $\mathrm{win}(c) \le 1 - \bar g(c)$ (and $\le 1 - \bar p(c)$);
* monotonicity: $\bar g$ and $\bar p$ decrease in $c$ (one more correct label moves a
  trial from $Y$ to $X$), so $\mathrm{lose}(c) \le \mathrm{lose}(c_{hi})$ beyond the
  window and $\mathrm{win}(c) \le \mathrm{win}(c_{lo})$ before it, times the tail of $C$.

The windows are widened until all of this, plus the inner bounds, is at most
$10^{-14}$ times the computed probability.

*The returned `err`* is the larger of the two relative bounds actually achieved (capped
at $e^{700}$); because both probabilities are at most 1 it also bounds the absolute
truncation error of each. It is normally below $10^{-16}$. It can be large only when
$|\log P| \gtrsim 10^{6}$ (e.g. $P(\mathrm{win}) = e^{-10^{26}}$ with $K = 2^{100}$):
$\log P$ is then still right to a relative $10^{-14}$, but $P$ itself is not known to a
factor. Floating-point rounding (relative $\sim 10^{-13}$ in $P$, and
$\sim 10^{-16}\,|\log P|$ absolute in $\log P$) is not part of `err`.

*Cost.* About (rows) $\times$ (window widths), i.e. $O(n)$ array elements with a
constant of a few hundred to a few thousand (never the $O(n^2)$ grid). Measured on two
cores: $n = 10^4$ ~0.15 s, $n = 10^5$ ~0.4–2.5 s, $n = 10^6$ ~5–30 s (the worst case is
$d$ near 1/2 with few policies and $\alpha > 0$). Hence `MAX_EXACT_N` $= 10^6$.
"""
from __future__ import annotations

import math

import numpy as np
from scipy.special import gammaln

__all__ = ["MAX_EXACT_N", "log_binom_le", "duel_log_probs", "race_log_probs"]

#: Largest number of labels the exact computation accepts (a call stays within ~30 s).
MAX_EXACT_N = 1_000_000

_LN2PI = math.log(2.0 * math.pi)

#: stirlerr(k) = log(k!) - ((k + 1/2) log k - k + log(2 pi)/2) for k = 0..15 (k = 0 is
#: unused), computed with mpmath at 40 digits.
_SFE = np.array([
    0.0,
    0.08106146679532726, 0.0413406959554093, 0.02767792568499834,
    0.020790672103765093, 0.016644691189821193, 0.013876128823070748,
    0.01189670994589177, 0.010411265261972096, 0.009255462182712733,
    0.00833056343336287, 0.007573675487951841, 0.00694284010720953,
    0.006408994188004207, 0.0059513701127588475, 0.005554733551962801,
])
_S0, _S1, _S2, _S3, _S4 = 1 / 12, 1 / 360, 1 / 1260, 1 / 1680, 1 / 1188

#: Target relative truncation error of each probability.
_RTOL = 1e-14
#: Row ranges up to this dynamic range (nats) use the fast linear-scale path.
_EXP_RANGE = 690.0
#: Relative row sums below this are redone in log space.
_TINY = 1e-280
#: Elements per chunk of the 2-D row kernel (keeps work arrays in cache).
_CHUNK = 1 << 15
#: Up to this n every c is computed (no search).
_ALL_ROWS_N = 1500
#: Safety factor (in log) on bounds that use the table-based log pmf (error << 1e-6).
_SAFETY = 1e-6


# ----------------------------------------------------------------------------------------
# binomial log pmf: accurate (Loader) and fast (table, for locating windows only)

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
    out[far] = xf * (np.log(xf) - np.log(Mf)) + Mf - xf   # no overflow for tiny M
    xn = x[near]
    v = diff[near] / (xn + M[near])
    s = diff[near] * v
    ej = 2.0 * xn * v
    v2 = v * v
    for j in range(1, 12):  # |v| < 0.1: terms shrink 100-fold, 11 terms reach 1e-22
        ej = ej * v2
        s = s + ej / (2 * j + 1)
    out[near] = s
    return out


def _logpmf(x, m, p, pc):
    """log P(Bin(m, p) = x), integer-valued arrays x, m; scalar p with pc = 1 - p."""
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


_LG = np.zeros(1)


def _lgtab(n):
    """Table of log(k!) for k = 0..n (cached, grown on demand)."""
    global _LG
    if _LG.shape[0] <= n:
        _LG = gammaln(np.arange(max(n + 1, 2 * _LG.shape[0]), dtype=float) + 1.0)
    return _LG


class _Binom:
    """Bin(m, p) for a vector of m and one p: support, mode, fast and accurate log pmf."""

    def __init__(self, m, p, pc):
        self.m, self.p, self.pc = m, p, pc
        if p == 0.0:
            self.lo, self.hi = np.zeros_like(m), np.zeros_like(m)
        elif pc == 0.0:
            self.lo, self.hi = m.copy(), m.copy()
        else:
            self.lo, self.hi = np.zeros_like(m), m.copy()
        self.mode = np.clip(np.floor((m + 1.0) * p), self.lo, self.hi)
        self.degenerate = p == 0.0 or pc == 0.0
        if not self.degenerate:
            self.lp, self.lpc = math.log(p), math.log(pc)
            self.rho, self.lrho = p / pc, self.lp - self.lpc
        else:
            self.rho, self.lrho = 1.0, 0.0
        self.mi = m.astype(np.intp)
        self.lgm = _lgtab(int(m.max(initial=0)))[self.mi]

    def fast(self, x, rows=None):
        """Table-based log pmf at x in the support (absolute error ~1e-16 log(m!)).

        Only for locating windows and for error bounds (which carry a safety factor).
        """
        if self.degenerate:
            return np.zeros(x.shape)
        if rows is None:
            mi, lgm = self.mi, self.lgm
        else:
            mi, lgm = self.mi[rows], self.lgm[rows]
        xi = x.astype(np.intp)
        lg = _LG
        return lgm - lg[xi] - lg[mi - xi] + xi * self.lp + (mi - xi) * self.lpc

    def exact(self, x, rows):
        return _logpmf(x, self.m[rows], self.p, self.pc)


# ----------------------------------------------------------------------------------------
# the row kernel: P(X <= Y + k) for many rows, each to a relative accuracy

def _argmax_concave(h, d0, d1):
    """Integer argmax of concave h on [d0, d1] (vectorized bisection on the slope)."""
    L, H = d0.copy(), d1.copy()
    while True:
        act = L < H
        if not act.any():
            return L
        mid = np.floor((L + H) / 2)
        dec = h(mid + 1) < h(mid)
        H = np.where(act & dec, mid, H)
        L = np.where(act & ~dec, mid + 1, L)


def _level_set(h, d0, xs, d1, thr):
    """[lo, hi]: the interval of {x in [d0, d1] : h(x) >= thr} around xs (h concave)."""
    L, H = d0.copy(), xs.copy()
    while True:
        act = L < H
        if not act.any():
            break
        mid = np.floor((L + H) / 2)
        ok = h(mid) >= thr
        H = np.where(act & ok, mid, H)
        L = np.where(act & ~ok, mid + 1, L)
    lo = L
    L, H = xs.copy(), d1.copy()
    while True:
        act = L < H
        if not act.any():
            break
        mid = np.floor((L + H + 1) / 2)
        ok = h(mid) >= thr
        L = np.where(act & ok, mid, L)
        H = np.where(act & ~ok, mid - 1, H)
    return lo, L


def _dropped(h, d0, lo, hi, d1):
    """log of a bound on the sum of e^h outside [lo, hi] (-inf when nothing is dropped).

    h is concave, so beyond the window it falls at least as fast as across the window's
    edge: the dropped terms on the left are at most e^{h(lo-1)} (1 + e^-delta + ...),
    delta = h(lo) - h(lo-1), and never more than (count) e^{h(lo-1)}; likewise on the
    right. (delta is shrunk by 1e-6 against the rounding of the table-based h.)
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        hl = h(np.maximum(lo - 1, d0))
        hr = h(np.minimum(hi + 1, d1))
        dl = h(lo) - hl - 1e-6
        dr = h(hi) - hr - 1e-6
        geo_l = np.where(dl > 0, -np.log(-np.expm1(-dl)), np.inf)
        geo_r = np.where(dr > 0, -np.log(-np.expm1(-dr)), np.inf)
        left = np.where(lo > d0, np.minimum(np.log(lo - d0), geo_l) + hl, -np.inf)
        right = np.where(hi < d1, np.minimum(np.log(d1 - hi), geo_r) + hr, -np.inf)
    return np.logaddexp(left, right)


def _ratio_grid(B, lo, width, rows, cols, log):
    """Column j: p(lo+j)/p(lo+j-1) (log if `log`); column 0 left for the anchor."""
    m = B.m[rows]
    ar = np.arange(cols, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if log:
            r = (m + 1.0 - lo)[:, None] - ar
            r /= lo[:, None] + ar
        else:
            # rho (m + 1 - x) / x with x = lo + j, in three passes: the numerator is exact
            # and the denominator x / rho a sum of positive terms (no cancellation)
            r = (m + 1.0 - lo)[:, None] - ar
            r /= (lo / B.rho)[:, None] + ar / B.rho
        if log:
            np.log(r, out=r)
            r += B.lrho
            r[ar >= width[:, None]] = -np.inf
        else:
            # one zero per row ends the window: the cumulative product is 0 from there on
            # (the ratios further right are finite, possibly negative)
            inside = width < cols
            r[np.flatnonzero(inside), width[inside].astype(np.intp)] = 0.0
    return r


def _kernel(X, Y, k, rows, xl, xw, yl, yw, ax, ay, use_log):
    """Sum over the windows, relative to exp(scale): returns log(sum) (chunk of rows)."""
    cx, cy = int(xw.max()), int(yw.max())
    r = rows.shape[0]
    idx = np.clip((yl + k - xl + 1.0)[:, None] + np.arange(cy), 0, cx).astype(np.intp)
    idx += (np.arange(r) * (cx + 1))[:, None]
    if not use_log:
        gx = _ratio_grid(X, xl, xw, rows, cx, False)
        gx[:, 0] = np.exp(ax)
        gy = _ratio_grid(Y, yl, yw, rows, cy, False)
        gy[:, 0] = np.exp(ay)
        wX = np.cumprod(gx, axis=1)
        wY = np.cumprod(gy, axis=1)
        F = np.zeros((r, cx + 1))
        np.cumsum(wX, axis=1, out=F[:, 1:])
        s = np.einsum("ij,ij->i", wY, np.take(F, idx))
        with np.errstate(divide="ignore"):
            return np.log(s), s
    gx = _ratio_grid(X, xl, xw, rows, cx, True)
    gx[:, 0] = ax
    gy = _ratio_grid(Y, yl, yw, rows, cy, True)
    gy[:, 0] = ay
    lX = np.cumsum(gx, axis=1)
    lY = np.cumsum(gy, axis=1)
    F = np.full((r, cx + 1), -np.inf)
    F[:, 1:] = np.logaddexp.accumulate(lX, axis=1)
    A = lY + np.take(F, idx)
    mx = A.max(axis=1)
    mx = np.where(np.isfinite(mx), mx, 0.0)
    with np.errstate(divide="ignore", under="ignore"):
        out = np.log(np.exp(A - mx[:, None]).sum(axis=1)) + mx
    return out, None


def _le_rows(X, Y, k, D):
    """Truncated log P(X <= Y + k) per row and log of a bound on what was dropped.

    X, Y are `_Binom` over the same rows; k an integer; D the relative depth (nats).
    """
    mX, mY = X.mode, Y.mode

    # (the clipping only matters for rows without any pair x <= y + k, which are
    # skipped: it keeps their dummy evaluations inside the supports)
    def hX(x):
        return X.fast(x) + Y.fast(np.minimum(np.maximum(x - k, mY), Y.hi))

    def hY(y):
        return Y.fast(y) + X.fast(np.maximum(np.minimum(y + k, mX), X.lo))

    xd0 = X.lo
    xd1 = np.minimum(X.hi, Y.hi + k)
    yd0 = np.maximum(Y.lo, X.lo - k)
    yd1 = Y.hi
    empty = xd0 > xd1
    xd1 = np.where(empty, xd0, xd1)
    yd0 = np.where(empty, yd1, yd0)
    xs = _argmax_concave(hX, xd0, xd1)
    ys = _argmax_concave(hY, yd0, yd1)
    M = np.maximum(hX(xs), hY(ys))
    xl, xh = _level_set(hX, xd0, xs, xd1, M - D)
    yl, yh = _level_set(hY, yd0, ys, yd1, M - D)
    lerr = np.logaddexp(_dropped(hX, xd0, xl, xh, xd1) + np.log(Y.hi - Y.lo + 1.0),
                        _dropped(hY, yd0, yl, yh, yd1) + np.log(X.hi - X.lo + 1.0))
    lerr = np.where(empty, -np.inf, lerr + _SAFETY)
    R = X.m.shape[0]
    out = np.full(R, -np.inf)
    todo = np.flatnonzero(~empty)
    if todo.size == 0:
        return out, lerr
    xw = (xh - xl + 1.0)[todo]
    yw = (yh - yl + 1.0)[todo]
    xl, yl = xl[todo], yl[todo]
    # anchor each variable at its coordinate of the largest term: the weights relative
    # to it stay within e^{+-range}, and the products that matter are O(1)
    xs, ys = xs[todo], ys[todo]
    lxp, lyp = X.exact(xs, todo), Y.exact(ys, todo)
    ax = X.exact(xl, todo) - lxp
    ay = Y.exact(yl, todo) - lyp
    xpk = np.clip(mX[todo], xl, xl + xw - 1)
    ypk = np.clip(mY[todo], yl, yl + yw - 1)
    fx, fy = X.fast(xs, todo), Y.fast(ys, todo)
    rng = np.maximum.reduce([
        np.abs(X.fast(xl, todo) - fx), np.abs(X.fast(xl + xw - 1, todo) - fx),
        X.fast(xpk, todo) - fx,
        np.abs(Y.fast(yl, todo) - fy), np.abs(Y.fast(yl + yw - 1, todo) - fy),
        Y.fast(ypk, todo) - fy]) + 1.0
    chunk_id = np.floor(np.cumsum(xw + yw + 2.0) / _CHUNK)
    cuts = [0] + list(np.flatnonzero(np.diff(chunk_id)) + 1) + [todo.size]
    res = np.empty(todo.size)
    for i0, i1 in zip(cuts[:-1], cuts[1:]):
        sl = np.arange(i0, i1)
        fast = rng[sl] <= _EXP_RANGE
        redo = ~fast
        f = sl[fast]
        if f.size:
            with np.errstate(under="ignore"):
                lv, s = _kernel(X, Y, k, todo[f], xl[f], xw[f], yl[f], yw[f],
                                ax[f], ay[f], False)
            res[f] = lv
            bad = ~(s >= _TINY)
            redo[np.flatnonzero(fast)[bad]] = True
        g = sl[redo]
        if g.size:
            res[g], _ = _kernel(X, Y, k, todo[g], xl[g], xw[g], yl[g], yw[g],
                                ax[g], ay[g], True)
    out[todo] = res + lxp + lyp
    return out, lerr


def _le_gt(a, s, sc, b, t, tc, D, direct_gt=True):
    """log P(X <= Y), log P(X > Y) (direct where it matters) and log error bounds.

    Returns le, gt, err_le, err_gt. With `direct_gt`, `gt` is summed directly for rows
    with P(X <= Y) >= 0.985; elsewhere (and without `direct_gt`) it is
    log(1 - P(X <= Y)), accurate in absolute terms only, and err_gt = err_le.
    """
    X = _Binom(a, s, sc)
    Y = _Binom(b, t, tc)
    le, e_le = _le_rows(X, Y, 0, D)
    le = np.minimum(le, 0.0)                 # rounding can give log P = +1e-16
    with np.errstate(divide="ignore"):
        gt = np.log1p(-np.exp(le))
    e_gt = e_le.copy()
    # 1 - P(X <= Y) is accurate to ~1e-14 relative while it is >= 0.015; beyond, sum it
    big = np.flatnonzero(le >= math.log(0.985))
    if big.size and direct_gt:
        Xb = _Binom(a[big], s, sc)
        Yb = _Binom(b[big], t, tc)
        gt[big], e_gt[big] = _le_rows(Yb, Xb, -1, D)         # P(Y <= X - 1)
    return le, gt, e_le, e_gt


# ----------------------------------------------------------------------------------------
# public: P(Bin(a, s) <= Bin(b, t))

def log_binom_le(a, s, b, t):
    r"""Log of $P(\mathrm{Bin}(a, s) \le \mathrm{Bin}(b, t))$ for independent binomials.

    Accurate to about $10^{-12}$ relative in the probability (so about $10^{-12}$
    absolute in the logarithm), also far below the smallest double, e.g. $e^{-2000}$:
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
    The sum over $x \le y$ is truncated around its dominant terms (see the module
    docstring) and the windows are widened until the bound on the dropped mass is below
    $10^{-15}$ times the computed value.

    Examples
    --------
    Ties count: $P(\mathrm{Bin}(1, 1/2) \le \mathrm{Bin}(1, 1/2)) = 3/4$.

    >>> import numpy as np
    >>> round(float(np.exp(log_binom_le(1, 0.5, 1, 0.5))), 12)
    0.75

    Deep in the tail, $P(\mathrm{Bin}(3000, 1/2) \le \mathrm{Bin}(0, 0.3)) = 2^{-3000}$:

    >>> round(float(log_binom_le(3000, 0.5, 0, 0.3)), 6)
    -2079.441542
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    a, b = np.broadcast_arrays(a, b)
    if (np.any(a != np.floor(a)) or np.any(b != np.floor(b))
            or np.any(a < 0) or np.any(b < 0)):
        raise ValueError("log_binom_le: a and b must be non-negative integers")
    s, t = float(s), float(t)
    shape = a.shape
    pairs = np.stack([a.ravel(), b.ravel()], axis=1)
    uniq, inv = np.unique(pairs, axis=0, return_inverse=True)
    ua, ub = uniq[:, 0].copy(), uniq[:, 1].copy()
    out = np.full(ua.shape[0], np.nan)
    todo = np.arange(ua.shape[0])
    D = 40.0 + 2.0 * math.log(float(max(ua.max(initial=0), ub.max(initial=0))) + 2.0)
    while todo.size:
        le, lerr = _le_rows(_Binom(ua[todo], s, 1.0 - s), _Binom(ub[todo], t, 1.0 - t),
                            0, D)
        done = (lerr <= le + math.log(1e-15)) | np.isneginf(lerr)
        out[todo[done]] = le[done]
        todo = todo[~done]
        D += 20.0
    res = np.minimum(out[inv.reshape(-1)].reshape(shape), 0.0)   # rounding: no log P > 0
    return res[()]


# ----------------------------------------------------------------------------------------
# the race and the duel

def _log_neglog1m(lx, l1mx):
    r"""$\log(-\log(1-x))$ from $\log x$ and $\log(1-x)$, using whichever is accurate."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        x = np.exp(lx)
        # -log1p(-x) = x (1 + x/2 + x^2/3 + ...); log of the bracket = x/2 + 5x^2/24 + O(x^3)
        a_tiny = lx + x / 2 + 5 * x * x / 24
        a_mid = np.log(-np.log1p(-x))
        a_big = np.log(-l1mx)
        return np.where(x < 0.5, np.where(x < 1e-5, a_tiny, a_mid), a_big)


def _log1mexp_neg(L):
    r"""$\log(1 - e^{-v})$ for $v = e^{L}$, i.e. $\log(-\mathrm{expm1}(u))$, $u = -e^L$."""
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        v = np.exp(L)
        # 1 - e^{-v} = v (1 - v/2 + v^2/6 - ...); log of the bracket = -v/2 + v^2/24 + O(v^4)
        small = L - v / 2 + v * v / 24
        big = np.log(-np.expm1(-v))
        return np.where(v < 1e-5, small, big)


def _logsumexp(v):
    v = np.asarray(v, dtype=float)
    if v.size == 0:
        return -np.inf
    m = v.max()
    if not np.isfinite(m):
        return float(m)
    with np.errstate(under="ignore"):
        return float(np.log(np.exp(v - m).sum()) + m)


def _lse2(x, y):
    return float(np.logaddexp(x, y))


def _golden_min(f, lo, hi, shape, iters=32):
    """min over theta in [lo, hi] of convex f(theta) (vectorized golden section).

    Any theta gives a valid Chernoff bound, so the value returned is rigorous whether
    or not the search converged; theta = lo is tried as well.
    """
    g = (math.sqrt(5.0) - 1.0) / 2.0
    a = np.full(shape, float(lo))
    b = np.full(shape, float(hi))
    c = b - g * (b - a)
    d = a + g * (b - a)
    fc, fd = f(c), f(d)
    for _ in range(iters):
        left = fc < fd                     # the minimum lies in [a, d]
        a = np.where(left, a, c)
        b = np.where(left, d, b)
        keep = np.where(left, c, d)        # the interior point that is kept
        fkeep = np.where(left, fc, fd)
        new = np.where(left, b - g * (b - a), a + g * (b - a))
        fnew = f(new)
        c = np.where(left, new, keep)
        d = np.where(left, keep, new)
        fc = np.where(left, fnew, fkeep)
        fd = np.where(left, fkeep, fnew)
    return np.minimum(np.minimum(fc, fd), f(np.full(shape, float(lo))))


class _Race:
    """One parameter tuple of the race: rows of the outer sum, bounds, and the search."""

    def __init__(self, n, K, d, q, alpha):
        self.n, self.K, self.d, self.q, self.alpha = n, K, d, q, alpha
        dc, qbar = 1.0 - d, 1.0 - q
        if alpha == 0.0:
            qc, qcc, r1, r1c, r2, r2c = q, qbar, d, dc, d, dc
        else:
            qc = (1.0 - alpha) * q + alpha * dc
            qcc = (1.0 - alpha) * qbar + alpha * d              # 1 - q_c, no cancellation
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
        self.qc, self.qcc = qc, qcc
        self.g_par = (r1, r1c, r2, r2c)
        self.r1 = r1
        self.mode_c = min(math.floor((n + 1) * qc), n)
        self.D = 44.0 + math.log(n + 2.0)
        # per-label probabilities (correct&sep, correct&not, wrong&sep, wrong&not)
        with np.errstate(divide="ignore"):
            g4 = [(1.0 - alpha) * q * d, ((1.0 - alpha) * q + alpha) * dc,
                  d * ((1.0 - alpha) * qbar + alpha), (1.0 - alpha) * qbar * dc]
            p4 = [qc * d, qc * dc, qcc * d, qcc * dc]
            self.lg4 = np.log(np.maximum(g4, 0.0))
            self.lp4 = np.log(np.maximum(p4, 0.0))
        self.cache = {}

    # -- rows --------------------------------------------------------------------------
    def lpc(self, c):
        return _logpmf(np.asarray(c, dtype=float), float(self.n), self.qc, self.qcc)

    def rows(self, c, win=True):
        """Per c: log pC, log lose_c, log win_c, log abs error bound of lose_c / win_c.

        With win=False, win_c may be accurate in absolute terms only (1 - gbar is then
        not summed directly): enough for P(lose), and about half the work when the
        aligned policy mostly loses.
        """
        c = np.unique(np.asarray(c, dtype=float))
        new = np.array([x for x in c if x not in self.cache
                        or (win and not self.cache[x][4])], dtype=float)
        if new.size:
            self._compute(new, win)
        res = np.array([self.cache[x][:4] for x in c]).reshape(-1, 4)
        return c, res[:, 0], res[:, 1], res[:, 2], res[:, 3]

    def _compute(self, c, win):
        n, K, D = float(self.n), self.K, self.D
        m2 = n - c
        r1, r1c, r2, r2c = self.g_par
        d, dc = self.d, 1.0 - self.d

        def used_err(le, e_le, e_gt):
            return np.where(le < math.log(0.5), e_le, e_gt)

        def l1m_up(le, gt, e):
            # upper bound of log(1 - p') for every p' between p and its estimate
            with np.errstate(divide="ignore", invalid="ignore"):
                return np.where(le < math.log(0.5), np.log1p(-np.exp(le)),
                                np.logaddexp(gt, math.log(2.0) + e))

        if K == 2.0:
            le, gt, e1, e2 = _le_gt(c, r1, r1c, m2, r2, r2c, D, win)
            L = _log_neglog1m(le, gt)
            lerr = used_err(le, e1, e2)
        elif self.alpha == 0.0:
            lK1 = math.log(K - 1.0)
            le, gt, e1, e2 = _le_gt(c, d, dc, m2, d, dc, D, win)
            L = lK1 + _log_neglog1m(le, gt)
            e = used_err(le, e1, e2)
            with np.errstate(invalid="ignore"):
                lerr = lK1 + (K - 2.0) * l1m_up(le, gt, e) + e
        else:
            lK2 = math.log(K - 2.0)
            le_g, gt_g, e1, e2 = _le_gt(c, r1, r1c, m2, r2, r2c, D, win)
            le_p, gt_p, f1, f2 = _le_gt(c, d, dc, m2, d, dc, D, win)
            L = np.logaddexp(_log_neglog1m(le_g, gt_g), lK2 + _log_neglog1m(le_p, gt_p))
            eg = used_err(le_g, e1, e2)
            ep = used_err(le_p, f1, f2)
            up = l1m_up(le_p, gt_p, ep)
            up_g = l1m_up(le_g, gt_g, eg)
            with np.errstate(invalid="ignore"):
                # |d win / d gbar| = (1-pbar)^(K-2), |d win / d pbar| = (1-gbar)(K-2)(1-pbar)^(K-3)
                t_g = (K - 2.0) * up + eg
                t_p = up_g + lK2 + ((K - 3.0) * up if K > 3.0 else 0.0) + ep
            lerr = np.logaddexp(t_g, t_p)
        lerr = np.where(np.isnan(lerr), -np.inf, lerr)
        with np.errstate(over="ignore"):
            lwin = -np.exp(L)
        llose = _log1mexp_neg(L)
        lpc = self.lpc(c)
        for i, x in enumerate(c):
            self.cache[x] = (lpc[i], llose[i], lwin[i], lerr[i], win)

    # -- bounds on what lies outside the computed windows ------------------------------
    def _chernoff(self, c0, la, sC, sZ):
        r"""log bound of $P(s_C (C - c_0) \ge 0,\ s_Z (X - Y) \ge 0)$.

        $\min_{\theta, \lambda \ge 0} E\exp(\theta s_C (C - c_0) + \lambda s_Z (X - Y))$,
        with the per-label vector (correct?, X - Y increment) of probabilities `la` (logs):
        correct and separating, correct only, wrong and separating, neither. The minimum
        over $\lambda$ is in closed form; any $\theta$ gives a valid bound.
        """
        c0 = np.asarray(c0, dtype=float)
        la1, la2, la3, la4 = la
        n = float(self.n)

        def f(th):
            u = sC * th + la1
            with np.errstate(invalid="ignore"):
                # min over w = e^{s_Z lambda} >= 1 (s_Z = 1) or <= 1 (s_Z = -1)
                # of e^u w + a3 / w: interior optimum 2 sqrt(e^u a3), else w = 1
                interior = (la3 >= u) if sZ > 0 else (u >= la3)
                inner = np.where(interior, math.log(2.0) + (u + la3) / 2,
                                 np.logaddexp(u, la3))
            inner = np.where(np.isnan(inner), -np.inf, inner)
            phi = np.logaddexp(np.logaddexp(sC * th + la2, la4), inner)
            return n * phi - sC * th * c0

        return _golden_min(f, 0.0, 60.0, c0.shape)

    def _pc_le(self, c0):
        """log bound on P(C <= c0) (log-concavity left of the mode)."""
        c0 = np.asarray(c0, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            v = np.log(c0 + 1.0) + self.lpc(np.maximum(c0, 0.0)) + _SAFETY
        return np.where(c0 < 0, -np.inf, np.where(c0 <= self.mode_c, np.minimum(v, 0.0), 0.0))

    def _pc_ge(self, c0):
        """log bound on P(C >= c0)."""
        c0 = np.asarray(c0, dtype=float)
        n = float(self.n)
        with np.errstate(divide="ignore", invalid="ignore"):
            v = np.log(n - c0 + 1.0) + self.lpc(np.minimum(c0, n)) + _SAFETY
        return np.where(c0 > n, -np.inf, np.where(c0 >= self.mode_c, np.minimum(v, 0.0), 0.0))

    def _lose_union(self, c0, sC):
        # lose_c <= gbar(c) + (K-2) pbar(c)  (union bound over the K-1 duels)
        K = self.K
        if K == 2.0:
            return self._chernoff(c0, self.lg4, sC, -1)
        if self.alpha == 0.0:
            return math.log(K - 1.0) + self._chernoff(c0, self.lp4, sC, -1)
        return np.logaddexp(self._chernoff(c0, self.lg4, sC, -1),
                            math.log(K - 2.0) + self._chernoff(c0, self.lp4, sC, -1))

    def _win_single(self, c0, sC):
        # win_c <= 1 - gbar(c), and <= 1 - pbar(c) when there is another policy
        b = self._chernoff(c0, self.lg4, sC, 1)
        if self.K >= 3.0 and self.alpha != 0.0:
            b = np.minimum(b, self._chernoff(c0, self.lp4, sC, 1))
        return b

    def lose_le(self, c0):
        """log bound on the sum over c <= c0 of pC(c) lose_c."""
        return np.minimum(self._pc_le(c0), self._lose_union(c0, -1.0))

    def lose_ge(self, c0):
        """log bound on the sum over c >= c0 of pC(c) lose_c."""
        return np.minimum(self._pc_ge(c0), self._lose_union(c0, 1.0))

    def win_le(self, c0):
        """log bound on the sum over c <= c0 of pC(c) win_c."""
        return np.minimum(self._pc_le(c0), self._win_single(c0, -1.0))

    def win_ge(self, c0):
        """log bound on the sum over c >= c0 of pC(c) win_c."""
        return np.minimum(self._pc_ge(c0), self._win_single(c0, 1.0))

    def _row_up(self, c, col):
        """Upper bound of log lose_c (col 1) or log win_c (col 2) from exact rows."""
        c = np.asarray(c, dtype=float)
        cc = np.clip(c, 0.0, float(self.n))
        rows = self.rows(cc, win=col == 2)
        idx = np.searchsorted(rows[0], cc)
        return np.minimum(np.logaddexp(rows[1 + col][idx], rows[4][idx]), 0.0)

    def lose_ge_mono(self, c0):
        """lose_ge, also using that lose_c is decreasing: lose_c <= lose_{c0-1} for c >= c0."""
        c0 = np.asarray(c0, dtype=float)
        mono = self._pc_ge(c0) + self._row_up(c0 - 1.0, 1)
        return np.minimum(self.lose_ge(c0), np.where(c0 >= 1, mono, 0.0))

    def win_le_mono(self, c0):
        """win_le, also using that win_c is increasing: win_c <= win_{c0+1} for c <= c0."""
        c0 = np.asarray(c0, dtype=float)
        mono = self._pc_le(c0) + self._row_up(c0 + 1.0, 2)
        return np.minimum(self.win_le(c0), np.where(c0 + 1 <= self.n, mono, 0.0))


def _boundaries(race, specs, rounds=2, pts=65):
    """Where monotone tail bounds cross their targets, on the conservative side.

    Each spec is (f, lo, hi, target, increasing, win). increasing=True: a c in [lo, hi] with
    f(c) <= target, close to the largest such (f(lo) <= target is assumed);
    increasing=False: close to the smallest such (f(hi) <= target is assumed). Two rounds
    of a 65-point grid locate each crossing to within (hi - lo) / 4096, all the
    precision that is useful. The exact rows at all grid points of a round are computed
    in one batch first (some bounds use them; `win` says whether win_c must be accurate
    relative to itself there).
    """
    state = [[float(lo), float(hi), None] for (_, lo, hi, _, _, _) in specs]
    for _ in range(rounds):
        grids = {}
        for i, (lo, hi, done) in enumerate(state):
            if done is None and hi - lo > 1:
                grids[i] = np.unique(np.round(np.linspace(lo, hi, pts)))
        if not grids:
            break
        for win in (False, True):
            sel = [cs for i, cs in grids.items() if specs[i][5] == win]
            if sel:
                race.rows(np.concatenate(sel), win=win)
        for i, cs in grids.items():
            f, _, _, target, increasing, _ = specs[i]
            ok = np.asarray(f(cs)) <= target
            if increasing:
                if not ok.any():
                    state[i][2] = cs[0]
                    continue
                j = np.flatnonzero(ok)[-1]
                if j == cs.size - 1:
                    state[i][2] = cs[-1]
                    continue
                state[i][:2] = [cs[j], cs[j + 1]]
            else:
                if not ok.any():
                    state[i][2] = cs[-1]
                    continue
                j = np.flatnonzero(ok)[0]
                if j == 0:
                    state[i][2] = cs[0]
                    continue
                state[i][:2] = [cs[j - 1], cs[j]]
    out = []
    for (lo, hi, done), spec in zip(state, specs):
        out.append(done if done is not None else (lo if spec[4] else hi))
    return out


def _peaks(race):
    """For lose and win: the c maximizing log pC(c) + log P(lose|win | c), and the max.

    Grid refinement on exact rows (both searches share each batch of rows). Assumes
    the profiles are unimodal; if not, the answer is still correct (the error bounds
    cover everything outside the windows), only slower or with a larger `err`.
    """
    n = float(race.n)
    brackets = {"lose": (0.0, n), "win": (0.0, n)}
    found = {}
    first = True
    while brackets:
        grids = {}
        for w, (lo, hi) in brackets.items():
            k = 65 if hi - lo > 96 else int(hi - lo) + 1
            grids[w] = np.unique(np.round(np.linspace(lo, hi, k)))
        allc = np.concatenate(list(grids.values()) + ([[float(race.mode_c)]] if first else []))
        first = False
        c, lpc, llose, lwin, _ = race.rows(allc)
        for w, g in list(grids.items()):
            idx = np.searchsorted(c, g)
            v = lpc[idx] + (llose[idx] if w == "lose" else lwin[idx])
            i = int(np.argmax(v))
            lo, hi = brackets[w]
            if hi - lo <= 96:
                found[w] = (g[i], float(v[i]))
                del brackets[w]
            else:
                brackets[w] = (g[max(i - 1, 0)], g[min(i + 1, g.size - 1)])
    return found["lose"], found["win"]


def _race_one(n, K, d, q, alpha):
    """(log P(win), log P(lose), relative error bound) for one parameter tuple."""
    if n == 0:
        return -np.inf, 0.0, 0.0
    race = _Race(n, K, d, q, alpha)
    if race.r1 == 0.0 or race.qc == 0.0:
        # X = Bin(c, 0) = 0: j* is never beaten (or no label is correct)
        return -np.inf, 0.0, 0.0
    if race.qcc == 0.0:
        c, lpc, llose, lwin, lerr = race.rows([float(n)])
        return (float(lwin[0]), float(llose[0]),
                _rel(lerr[0], lwin[0], lerr[0], llose[0]))
    if n <= _ALL_ROWS_N:
        c, lpc, llose, lwin, lerr = race.rows(np.arange(n + 1.0))
        ew = _logsumexp(lpc + lerr)
        return (_logsumexp(lpc + lwin), _logsumexp(lpc + llose),
                _rel(ew, _logsumexp(lpc + lwin), ew, _logsumexp(lpc + llose)))
    # locate the c that matter for each probability
    (cL, ML), (cW, MW) = _peaks(race)
    tol = math.log(_RTOL / 8.0)
    n_ = float(n)
    for attempt in range(6):
        Ll, Lh, Wl, Wh = _boundaries(race, [
            (lambda x: race.lose_le(x - 1.0), 0.0, cL, ML + tol, True, False),
            (lambda x: race.lose_ge_mono(x + 1.0), cL, n_, ML + tol, False, False),
            (lambda x: race.win_le_mono(x - 1.0), 0.0, cW, MW + tol, True, True),
            (lambda x: race.win_ge(x + 1.0), cW, n_, MW + tol, False, False)])
        out = []
        for lo, hi, which in ((Ll, Lh, "lose"), (Wl, Wh, "win")):
            c, lpc, llose, lwin, lerr = race.rows(np.arange(lo, hi + 1.0), win=which == "win")
            val = llose if which == "lose" else lwin
            out.append((_logsumexp(lpc + val), _logsumexp(lpc + lerr)))
        (SL, iL), (SW, iW) = out
        one = np.array([0.0])
        tailL = _lse2(race.lose_le(one + Ll - 1.0)[0] if Ll > 0 else -np.inf,
                      race.lose_ge_mono(one + Lh + 1.0)[0] if Lh < n else -np.inf)
        tailW = _lse2(race.win_le_mono(one + Wl - 1.0)[0] if Wl > 0 else -np.inf,
                      race.win_ge(one + Wh + 1.0)[0] if Wh < n else -np.inf)
        eL, eW = _lse2(tailL, iL), _lse2(tailW, iW)
        okL = eL <= SL + math.log(_RTOL)
        okW = eW <= SW + math.log(_RTOL)
        if okL and okW:
            break
        if not okL:
            ML = min(ML, SL) - 10.0
        if not okW:
            MW = min(MW, SW) - 10.0
        if attempt >= 2:
            race.D += 10.0
            race.cache.clear()
    return SW, SL, _rel(eW, SW, eL, SL)


def _rel(ew, lw, el, ll):
    """max of err/P over the two probabilities (err itself where P is 0)."""
    out = -np.inf
    for e, lp in ((ew, lw), (el, ll)):
        if not np.isfinite(e):
            continue
        out = max(out, e - lp if np.isfinite(lp) else e)
    return math.exp(min(out, 700.0))


def _check_n(n):
    if np.any(n != np.floor(n)) or np.any(n < 0):
        raise ValueError(f"n must be a non-negative integer, got {n!r}")
    if np.any(n > MAX_EXACT_N):
        big = n[n > MAX_EXACT_N].max()
        raise ValueError(f"n = {big:.0f} is beyond the exact computation "
                         f"(MAX_EXACT_N = {MAX_EXACT_N})")


def race_log_probs(n, K, d, q, alpha=0.0):
    r"""Exact log probabilities that the aligned policy wins / loses the race.

    The race is the aligned policy against all $K-1$ unaligned ones (DESIGN.md §1:
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
        Number of candidate policies, $\ge 2$, integer-valued (up to $2^{1000}$ and
        beyond).
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
        Rigorous bound on the *relative* truncation error of each of the two
        probabilities (computed / true within a factor $1 \pm$ `err`); since both are at
        most 1, also a bound on the absolute truncation error of each. Normally below
        $10^{-14}$. Rounding is not included (see the module docstring).

    Raises
    ------
    ValueError
        If `n` is not a non-negative integer, or exceeds `MAX_EXACT_N`.

    Notes
    -----
    Ties lose, so $n = 0$ gives $P(\mathrm{win}) = 0$. The work is about
    $O(n \log n)$ array elements: windows around the dominant terms, never the
    $O(n^2)$ grid.

    Examples
    --------
    >>> import numpy as np
    >>> lw, ll, err = race_log_probs(101, 100, 0.5, 0.7)
    >>> round(float(np.exp(lw)), 6), round(float(np.exp(ll)), 6), bool(err < 1e-13)
    (0.919002, 0.080998, True)

    Vectorized, and accurate deep in the tail (here $P(\mathrm{lose}) \approx e^{-51}$):

    >>> lw, ll, err = race_log_probs([100, 1000], 2**20, 0.3, 0.8)
    >>> np.round(np.exp(lw), 6), np.round(ll, 6)
    (array([0.093882, 1.      ]), array([ -0.098586, -51.01515 ]))
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
    res[:, :2] = np.minimum(res[:, :2], 0.0)      # rounding can give log P = +2e-16
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
