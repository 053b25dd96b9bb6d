r"""Exact probabilities of the race, computed in log space with a rigorous error bound.

Private module: the model layer turns these numbers into user-facing answers. It
depends on nothing else in `bounds` (only numpy and scipy).

The latent-correctness model
----------------------------
Each of $n$ i.i.d. labels is *correct* (agrees with the aligned policy) with probability
$q_c$. Given whether a label is correct, each unaligned policy separates from the aligned
one on it independently of everything else: an *ordinary* policy with probability $r_1$
on a correct label and $r_2$ on a wrong one, a *deceptive* policy with $r_1'$ and $r_2'$.
A separating label favours the aligned policy exactly when it is correct. Given the
number $c \sim \mathrm{Bin}(n, q_c)$ of correct labels, a policy is *not* beaten (ties
lose) with probability

$$G(c) = P(\mathrm{Bin}(c, r_1) \le \mathrm{Bin}(n-c, r_2))$$

($G'(c)$ likewise with $r_1'$, $r_2'$), independently across policies, so with $m$
deceptive and $N = K - 1 - m$ ordinary policies

$$P(\mathrm{win}) = E_c\big[(1-G'(c))^m\,(1-G(c))^{N}\big], \qquad
P(\mathrm{lose}) = E_c\big[1 - (1-G'(c))^m\,(1-G(c))^{N}\big].$$

The model layer chooses the parameters (`latent_parameters`) so that every unaligned
policy is separated with probability $d$ and a separating label favours the aligned
policy with probability $q$: $r_1 = d\,q/q_c$, $r_2 = d\,(1-q)/(1-q_c)$; with $q_c = q$
this is independent separation, $r_1 = r_2 = d$. The legacy race, whose adversary labels
for one chosen policy $j^*$, is the case $m = 1$ (`legacy_parameters`, `race_log_probs`).

Every probability enters together with its complement ($q_c$ and $1 - q_c$, $r$ and
$1 - r$), because a caller may hold $1 - q_c = 10^{-300}$, which $q_c$ cannot carry;
each logarithm is taken of whichever of the two is at most 1/2. $K$ enters as $\log K$
($K = 2^{2000}$ works) and is recovered exactly below $2^{44}$ ($K = 2$ with $m = 1$
leaves no ordinary policy).

How it is computed
------------------
*Binomial pmfs.* Log pmfs that enter a result are evaluated with Loader's saddle-point
form (the algorithm of R's `dbinom`: Stirling-series remainders plus a cancellation-free
deviance, with $\log(m p)$ formed as $\log m + \log p$, exact for subnormal $p$), and
along a window as cumulative products of the exact ratios $p(x)/p(x-1)$ anchored at such
values. Nothing is ever computed as the logarithm of an underflowed number: sums are
formed relative to a per-row scale, and a row whose dynamic range does not fit in a
double is redone with `numpy.logaddexp.accumulate`.

*Rows: inner sums, relative truncation.* For one $c$, $P(X \le Y + k)$ (with
$X \sim \mathrm{Bin}(a, s)$, $Y \sim \mathrm{Bin}(b, t)$, $k \in \{0, -1\}$) is a sum of
$p_X(x)\,p_Y(y)$ over $x \le y + k$. Let
$h_X(x) = \log p_X(x) + \max_{y \ge x-k} \log p_Y(y)$ and
$h_Y(y) = \log p_Y(y) + \max_{x \le y+k} \log p_X(x)$; both are concave, and their common
maximum $M$ is the log of the largest term: at the two modes, or on the line $x = y + k$
at the root of a quadratic (the ratio of neighbouring terms is 1 there), checked by local
ascent. The windows start at the Gaussian width for a depth of
$D = 44 + \ln(n+2)$ nats below $M$ (raised if the final check asks for it) and step out
along a chord (by concavity the chord's extension lies above $h$) until $h \le M - D$
just outside. The dropped mass is at most
$(b+1)\sum_{x\ \mathrm{dropped}} e^{h_X(x)} + (a+1)\sum_{y\ \mathrm{dropped}} e^{h_Y(y)}$;
by concavity each side of each sum is at most $e^{h}$ next to the window times
$\min(\mathrm{count}, 1/(1-e^{-\delta}))$, $\delta$ the drop of $h$ across the window's
edge. The computed sum is below the truth by at most that bound. The rows of all values
of $c$, both groups, both kinds ($G$ and $1 - G$) and several $n$ are computed in one
vectorized batch.

*Per $c$.* With $\Lambda_g = \log(-\log(1 - G_g))$,
$\log \mathrm{win}_c = -\exp(\mathrm{logaddexp}_g(\log N_g + \Lambda_g))$ (group sizes
in log, so $N = e^{10^6}$ is fine). $1 - G$ is summed directly as $P(X > Y)$ wherever a
Chernoff bound cannot rule out $G > 0.985$ and $P(\mathrm{win})$ is asked for (below
that, $1 - G$ loses at most a factor 70 of relative precision), so both probabilities
are accurate relative to themselves. By the mean value theorem the win (and lose)
probability moves by at most
$\sum_g N_g U_g^{N_g-1} \prod_{h \ne g} U_h^{N_h}\,e_g$, where $e_g$ is the inner bound
and $U_g$ bounds $1 - G_g$ between the truth and the estimate.

*Outer sum over $c$.* Only the values of $c$ that matter are computed: a window for
$P(\mathrm{lose})$ and one for $P(\mathrm{win})$, chosen from rigorous per-$c$ upper
bounds, computed for every $c$ in closed form:

* $\mathrm{lose}_c \le \min(1, \sum_g N_g\,\bar G_g(c))$ (union over the non-empty
  groups, sizes in log) and $\mathrm{win}_c \le \prod_g (\overline{1-G_g}(c))^{N_g}$,
  where $\bar G$ and $\overline{1-G}$ are Chernoff bounds of
  $P(\mathrm{Bin}(c, r_1) - \mathrm{Bin}(n-c, r_2) \le 0)$ and $\ge 1$: the optimal tilt
  solves a quadratic, and the bound is evaluated at the tilt found (any tilt is valid),
  with a margin for rounding;
* monotonicity: $G$ and $G'$ decrease in $c$ for any $r_1, r_2$ (one more correct label
  moves a trial from $Y$ to $X$), so $\mathrm{lose}_c \le \mathrm{lose}_{c_{hi}}$ beyond
  the window and $\mathrm{win}_c \le \mathrm{win}_{c_{lo}}$ before it, times the tail of
  $C$ (summed from table pmfs with a margin).

The dropped part of the outer sum is bounded by the smaller of the two on each side. The
windows are widened until all of this, plus the inner bounds, is at most $10^{-14}$ times
the computed probability (normally at the first try).

*The returned `err`* is the larger of the relative bounds actually achieved (capped
at $e^{700}$); because the probabilities are at most 1 it also bounds the absolute
truncation error of each. It is normally below $10^{-14}$. It can be large only when
$|\log P| \gtrsim 10^{6}$ (e.g. $P(\mathrm{win}) = e^{-10^{26}}$ with $K = 2^{100}$):
$\log P$ is then still right to a relative $10^{-14}$, but $P$ itself is not known to a
factor. Floating-point rounding (relative $\sim 10^{-13}$ in $P$, and
$\sim 10^{-16}\,|\log P|$ absolute in $\log P$) is not part of `err`. Subnormal inputs
carry only the absolute precision of subnormals ($5 \cdot 10^{-324}$): the result is exact
for the inputs as given.

*Searches.* `smallest_n` (the smallest $n$ with $P(\mathrm{lose}) \le \delta$) takes
secant steps on $\log P(\mathrm{lose})$ over odd and even $n$ separately, several $n$ per
batch of rows; `largest_K` takes secant steps on $\log K$, reusing the rows (they do not
depend on $K$).

*Cost.* About (rows in the windows) $\times$ (inner window widths) array elements, i.e.
$O(n)$ with a constant of a few hundred to a few thousand (never the $O(n^2)$ grid), plus
$O(n)$ for the per-$c$ bounds. Measured (CPU time, two shared cores, $K = 2^{20}$,
$d = 0.1$, $\varepsilon = 0.2$): $n = 711$ about 5 ms, $n = 10^4$ about 20 ms,
$n = 10^5$ about 0.3 s, $n = 10^6$ about 10 s (rows whose terms span more than 690 nats
are summed with `numpy.logaddexp.accumulate`, which dominates there); hence
`MAX_EXACT_N` $= 10^6$.
"""
from __future__ import annotations

import math
from collections import namedtuple

import numpy as np
from scipy.special import gammaln
from .errors import ParameterValueError

__all__ = ["MAX_EXACT_N", "log_binom_pmf", "LatentParameters", "LargestK", "latent_parameters",
           "latent_race_log_probs", "smallest_n", "largest_K", "legacy_parameters",
           "log_binom_le", "race_log_probs", "duel_log_probs"]

#: Largest number of labels the exact computation accepts.
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
#: Safety margin (in log) on bounds that use the table-based log pmf (its error is << 1e-6).
_SAFETY = 1e-6
#: Log odds products are clipped to +-this where they only locate an optimum (a Chernoff
#: tilt or a saddle point): any tilt gives a valid bound, any start a valid search.
_LOG_CLIP = 300.0
#: Up to this n every c is computed (no bounds, no windows): small n are cheap.
_ALL_ROWS_N = 64
#: Up to this n, `smallest_n` does not rely on P(lose) being monotone within a parity class.
_SCAN_N = 64
#: Up to this K, K is recovered exactly from log K (an integer) and K - 1 - m is exact.
_EXACT_K = 2.0**44
_LOG_EXACT_K = math.log(_EXACT_K)


# ----------------------------------------------------------------------------------------
# binomial log pmf: accurate (Loader) and fast (table, for locating windows only)

def _stirlerr(k):
    """log(k!) - log(sqrt(2 pi k) (k/e)^k) for integer-valued k >= 1 (array)."""
    k = np.asarray(k, dtype=float)
    kb = np.maximum(k, 1.0)
    kk = kb * kb
    series = (_S0 - (_S1 - (_S2 - (_S3 - _S4 / kk) / kk) / kk) / kk) / kb
    return np.where(k <= 15, _SFE[np.clip(k, 0, 15).astype(np.intp)], series)


def _bd0(x, M, lM):
    """Deviance x log(x/M) + M - x without cancellation (x > 0; lM = log M, exact even
    where M itself is subnormal)."""
    diff = x - M
    far = x * (np.log(x) - lM) + M - x
    v = diff / (x + M)
    near = np.abs(v) < 0.1
    if not near.any():
        return far
    v2 = v * v
    # terms shrink by v^2 <= 0.01: enough of them to reach 1e-17 relative for the largest
    vmax = float(np.max(np.where(near, v2, 0.0)))
    terms = 11 if vmax <= 0.0 else min(11, max(1, int(math.ceil(-39.2 / math.log(vmax)))))
    s = diff * v
    ej = 2.0 * x * v
    for j in range(1, terms + 1):
        ej = ej * v2
        s = s + ej / (2 * j + 1)
    return np.where(near, s, far)


def _logpmf(x, m, p, pc, lp, lpc):
    """log P(Bin(m, p) = x) by Loader's saddle-point form; all arguments broadcast.

    `pc` = 1 - p, `lp` = log p, `lpc` = log(1 - p), each given (never re-derived), so a
    subnormal p or 1 - p keeps its exact logarithm.
    """
    x, m, p, pc, lp, lpc = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (x, m, p, pc, lp, lpc)))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        # the interior form, evaluated everywhere at a point kept inside (0, m)
        xi = np.clip(x, 1.0, np.maximum(m - 1.0, 1.0))
        mi = np.maximum(m, 2.0)
        lm = np.log(mi)
        lc = (_stirlerr(mi) - _stirlerr(xi) - _stirlerr(mi - xi)
              - _bd0(xi, mi * p, lm + lp) - _bd0(mi - xi, mi * pc, lm + lpc))
        inner = lc - 0.5 * (_LN2PI + np.log(xi) + np.log1p(-xi / mi))
        zero, one = p == 0.0, pc == 0.0
        edge = np.where(x == 0, np.where(m > 0, m * lpc, 0.0), m * lp)
        out = np.where((x > 0) & (x < m), inner, edge)
        out = np.where(zero, np.where(x == 0, 0.0, -np.inf), out)
        out = np.where(one, np.where(x == m, 0.0, -np.inf), out)
        return np.where((x >= 0) & (x <= m), out, -np.inf)


def log_binom_pmf(x, m, p, pc):
    r"""$\log P(\mathrm{Bin}(m, p) = x)$ by Loader's saddle-point form, with $1 - p$ given as `pc`.

    Relative accuracy about $10^{-15}$ in the probability for any $m$, also for subnormal
    $p$ or $1 - p$; $-\infty$ outside $0 \le x \le m$. Arguments broadcast.

    Examples
    --------
    >>> round(float(log_binom_pmf(3, 10, 0.5, 0.5)), 12) == round(math.log(120 / 1024), 12)
    True
    """
    p, pc = np.asarray(p, dtype=float), np.asarray(pc, dtype=float)
    with np.errstate(divide="ignore"):
        lp = np.log(p)
        lpc = np.where(pc == 1.0 - p, np.log1p(-p), np.log(pc))
    return _logpmf(x, m, p, pc, lp, lpc)


_LG = np.zeros(1)


def _lgtab(n):
    """Table of log(k!) for k = 0..n (cached, grown on demand)."""
    global _LG
    if _LG.shape[0] <= n:
        _LG = gammaln(np.arange(max(n + 1, 2 * _LG.shape[0]), dtype=float) + 1.0)
    return _LG


def _logs(p, pc):
    """(log p, log(1 - p)) from p and pc = 1 - p, each from whichever of the two is <= 1/2.

    The smaller of a probability and its complement is the one a caller can give to full
    relative precision; the larger is then 1 minus it, exactly enough for its logarithm.
    """
    p = np.asarray(p, dtype=float)
    pc = np.asarray(pc, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        small = p <= pc
        lp = np.where(small, np.log(p), np.log1p(-pc))
        lpc = np.where(small, np.log1p(-p), np.log(pc))
    return lp, lpc


class _Binom:
    """Bin(m, p) row by row (m, p, 1 - p and their logs per row): support, mode, log pmf."""

    def __init__(self, m, p, pc, lp, lpc):
        self.m, self.p, self.pc, self.lp, self.lpc = m, p, pc, lp, lpc
        zero, one = p == 0.0, pc == 0.0
        self.lo = np.where(one, m, 0.0)
        self.hi = np.where(zero, 0.0, m)
        self.mode = np.clip(np.floor((m + 1.0) * p), self.lo, self.hi)
        # finite stand-ins for log 0: inside the support they are only ever multiplied by 0
        self.lpf = np.where(zero, 0.0, lp)
        self.lpcf = np.where(one, 0.0, lpc)
        # log p/(1-p), exact (it may exceed 700 when 1 - p is tiny); rho itself is only used
        # where a window's dynamic range is <= 690 nats, which bounds it by e^(690 + log m)
        self.lrho = self.lpf - self.lpcf
        self.rho = np.exp(np.clip(self.lrho, -709.0, 709.0))
        self.mi = m.astype(np.intp)
        self.lgm = _lgtab(int(m.max(initial=0)))[self.mi]

    def fast(self, x, rows=None):
        """Table-based log pmf at x (shape (R,) or (R, J)) in the support.

        Absolute error ~1e-16 log(m!): only for locating windows and for error bounds
        (which carry a safety margin).
        """
        mi, lgm, lp, lpc = self.mi, self.lgm, self.lpf, self.lpcf
        if rows is not None:
            mi, lgm, lp, lpc = mi[rows], lgm[rows], lp[rows], lpc[rows]
        if x.ndim == 2:
            mi, lgm, lp, lpc = mi[:, None], lgm[:, None], lp[:, None], lpc[:, None]
        xi = x.astype(np.intp)
        return lgm - _LG[xi] - _LG[mi - xi] + xi * lp + (mi - xi) * lpc

    def exact(self, x, rows):
        """Loader log pmf at x (shape (T,) or (T, J)) for the rows `rows`."""
        cols = (lambda v: v[rows][:, None]) if x.ndim == 2 else (lambda v: v[rows])
        return _logpmf(x, cols(self.m), cols(self.p), cols(self.pc), cols(self.lp),
                       cols(self.lpc))


# ----------------------------------------------------------------------------------------
# the row kernel: P(X <= Y + k) for many rows, each to a relative accuracy

def _argmax_concave(h, x, d0, d1):
    """Integer argmax of concave h on [d0, d1] from a start x (vectorized).

    Local ascent, which ends within a step or two because every start is a closed-form
    estimate of the argmax; rows still climbing after a few steps finish by bisection on
    the slope.
    """
    for _ in range(6):
        v = h(np.stack([np.maximum(x - 1.0, d0), x, np.minimum(x + 1.0, d1)], axis=1))
        up = v[:, 2] > v[:, 1]
        down = (v[:, 0] > v[:, 1]) & ~up
        moving = up | down
        if not moving.any():
            return x
        x = x + up - down
    L = np.where(moving, d0, x)
    H = np.where(moving, d1, x)
    while True:
        act = L < H
        if not act.any():
            return L
        mid = np.floor((L + H) / 2)
        v = h(np.stack([mid, np.minimum(mid + 1.0, d1)], axis=1))
        dec = v[:, 1] < v[:, 0]
        H = np.where(act & dec, mid, H)
        L = np.where(act & ~dec, mid + 1, L)


def _edges(h, s, d0, d1, thr, kappa, D):
    """A window [L, H] around the argmax s of concave h, with h <= thr just outside.

    Starts from the Gaussian width at curvature `kappa` (widened by 25%) and, where h
    there is still above thr, steps out along the chord of the edge's last step: by
    concavity the chord's extension lies above h, so one step lands outside the level
    set {h >= thr} (to the rounding of the table log pmf, which the error bound of
    `_dropped` accounts for).
    """
    w = np.ceil(np.sqrt(2.0 * D / kappa)) + 1.0
    L = np.maximum(s - w, d0)
    H = np.minimum(s + w, d1)
    v = h(np.stack([L, np.minimum(L + 1.0, d1), np.maximum(H - 1.0, d0), H], axis=1))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        sl = v[:, 1] - v[:, 0]
        outl = np.where(sl > 0, np.maximum(L - np.ceil((v[:, 0] - thr) / sl), d0), d0)
        L = np.where((L > d0) & (v[:, 0] > thr), outl, L)
        sr = v[:, 2] - v[:, 3]
        outr = np.where(sr > 0, np.minimum(H + np.ceil((v[:, 3] - thr) / sr), d1), d1)
        H = np.where((H < d1) & (v[:, 3] > thr), outr, H)
    return L, H


def _dropped(h, d0, lo, hi, d1):
    """log of a bound on the sum of e^h outside [lo, hi] (-inf when nothing is dropped).

    h is concave and lo, hi lie on either side of its argmax, so beyond the window h falls
    at least as fast as across the window's edge: the dropped terms on the left are at
    most e^{h(lo-1)} (1 + e^-delta + ...), delta = h(lo) - h(lo-1), and never more than
    (count) e^{h(lo-1)}; likewise on the right. (delta is shrunk by 1e-6 against the
    rounding of the table-based h.)
    """
    v = h(np.stack([np.maximum(lo - 1.0, d0), lo, hi, np.minimum(hi + 1.0, d1)], axis=1))
    hl, hr = v[:, 0], v[:, 3]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        dl = v[:, 1] - hl - 1e-6
        dr = v[:, 2] - hr - 1e-6
        geo_l = np.where(dl > 0, -np.log(-np.expm1(-dl)), np.inf)
        geo_r = np.where(dr > 0, -np.log(-np.expm1(-dr)), np.inf)
        left = np.where(lo > d0, np.minimum(np.log(lo - d0), geo_l) + hl, -np.inf)
        right = np.where(hi < d1, np.minimum(np.log(d1 - hi), geo_r) + hr, -np.inf)
    return np.logaddexp(left, right)


def _ratio_grid(B, lo, width, rows, cols, log):
    """Column j: p(lo+j)/p(lo+j-1) (log if `log`); column 0 left for the anchor."""
    m = B.m[rows]
    ar = np.arange(cols, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        r = (m + 1.0 - lo)[:, None] - ar
        r /= lo[:, None] + ar
        if log:
            np.log(r, out=r)
            r += B.lrho[rows][:, None]
            r[ar >= width[:, None]] = -np.inf
        else:
            r *= B.rho[rows][:, None]
            # zeros end the window: the cumulative product is 0 from there on (the ratios
            # further right may be negative or overflow, so all of them are zeroed)
            r[ar >= width[:, None]] = 0.0
    return r


def _kernel(X, Y, k, rows, xl, xw, yl, yw, ax, ay, use_log):
    """Sum over the windows, relative to the anchor term: log(sum) (a chunk of rows)."""
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
    """Truncated log P(X <= Y + k) per row and the log of a bound on what was dropped.

    X, Y are `_Binom` over the same rows; k (per row) is 0 or -1; D (per row) the relative
    depth of the windows, in nats. The computed sum is below the truth by at most the
    returned bound (plus rounding).
    """
    R = X.m.shape[0]
    k = np.broadcast_to(np.asarray(k, dtype=float), (R,))
    D = np.broadcast_to(np.asarray(D, dtype=float), (R,))
    mX, mY = X.mode, Y.mode
    xd0 = X.lo
    xd1 = np.minimum(X.hi, Y.hi + k)
    yd0 = np.maximum(Y.lo, X.lo - k)
    yd1 = Y.hi
    empty = xd0 > xd1
    xd1 = np.where(empty, xd0, xd1)
    yd0 = np.where(empty, yd1, yd0)
    k2, mY2, mX2 = k[:, None], mY[:, None], mX[:, None]
    Yhi2, Xlo2 = Y.hi[:, None], X.lo[:, None]

    # h_X(x) = log pX(x) + max_{y >= x-k} log pY(y), h_Y(y) = log pY(y) + max_{x <= y+k}
    # log pX(x): concave, with the common maximum M = log of the largest term. (The
    # clipping keeps the dummy evaluations of rows without any pair inside the supports.)
    def hX(x):
        return X.fast(x) + Y.fast(np.minimum(np.maximum(x - k2, mY2), Yhi2))

    def hY(y):
        return Y.fast(y) + X.fast(np.maximum(np.minimum(y + k2, mX2), Xlo2))

    # the largest term: at the modes when mX <= mY + k, else on the line x = y + k at the
    # root of pX(x) pY(x-k) = pX(x-1) pY(x-1-k), a quadratic in x (rho = odds product)
    a, b = X.m, Y.m
    bulk = mX <= mY + k
    rho = np.exp(np.clip(X.lpf - X.lpcf + Y.lpf - Y.lpcf, -_LOG_CLIP, _LOG_CLIP))
    qa = rho - 1.0
    qb = k - rho * (a + b + k + 2.0)
    qc = rho * (a + 1.0) * (b + k + 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        root = 2.0 * qc / (-qb + np.sqrt(np.maximum(qb * qb - 4.0 * qa * qc, 0.0)))
    root = np.where(np.isfinite(root), np.floor(root), mX)
    xs = np.where(bulk, mX, np.clip(root, mY + k, mX))
    xs = _argmax_concave(hX, np.clip(xs, xd0, xd1), xd0, xd1)
    ys = np.clip(np.where(bulk, mY, xs - k), yd0, yd1)
    ys = _argmax_concave(hY, ys, yd0, yd1)
    M = np.maximum(hX(xs[:, None])[:, 0], hY(ys[:, None])[:, 0])
    thr = M - D
    # curvature of h at the top: of the log pmf of X (Y) alone in the bulk (h is flat in
    # the other variable there), of both on the line x = y + k
    kx = 1.0 / (xs + 0.5) + 1.0 / (a - xs + 0.5)
    ky = 1.0 / (ys + 0.5) + 1.0 / (b - ys + 0.5)
    kx, ky = np.where(bulk, kx, kx + ky), np.where(bulk, ky, kx + ky)
    xl, xh = _edges(hX, xs, xd0, xd1, thr, kx, D)
    yl, yh = _edges(hY, ys, yd0, yd1, thr, ky, D)
    lerr = np.logaddexp(_dropped(hX, xd0, xl, xh, xd1) + np.log(Y.hi - Y.lo + 1.0),
                        _dropped(hY, yd0, yl, yh, yd1) + np.log(X.hi - X.lo + 1.0))
    lerr = np.where(empty, -np.inf, lerr + _SAFETY)
    out = np.full(R, -np.inf)
    todo = np.flatnonzero(~empty)
    if todo.size == 0:
        return out, lerr
    xw = (xh - xl + 1.0)[todo]
    yw = (yh - yl + 1.0)[todo]
    xl, yl, xs, ys, kt = xl[todo], yl[todo], xs[todo], ys[todo], k[todo]
    # anchor each variable at its coordinate of the largest term: the weights relative
    # to it stay within e^{+-range}, and the products that matter are O(1)
    ex = X.exact(np.stack([xs, xl], axis=1), todo)
    ey = Y.exact(np.stack([ys, yl], axis=1), todo)
    lxp, lyp = ex[:, 0], ey[:, 0]
    ax, ay = ex[:, 1] - lxp, ey[:, 1] - lyp
    xpk = np.clip(mX[todo], xl, xl + xw - 1)
    ypk = np.clip(mY[todo], yl, yl + yw - 1)
    fx = X.fast(np.stack([xs, xl, xl + xw - 1, xpk], axis=1), todo)
    fy = Y.fast(np.stack([ys, yl, yl + yw - 1, ypk], axis=1), todo)
    fx -= fx[:, :1]
    fy -= fy[:, :1]
    rng = np.maximum(np.abs(fx).max(axis=1), np.abs(fy).max(axis=1)) + 1.0
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
                lv, s = _kernel(X, Y, kt[f], todo[f], xl[f], xw[f], yl[f], yw[f],
                                ax[f], ay[f], False)
            res[f] = lv
            bad = ~(s >= _TINY)
            redo[np.flatnonzero(fast)[bad]] = True
        g = sl[redo]
        if g.size:
            res[g], _ = _kernel(X, Y, kt[g], todo[g], xl[g], xw[g], yl[g], yw[g],
                                ax[g], ay[g], True)
    out[todo] = res + lxp + lyp
    return out, lerr


def _binoms(m, p, pc):
    """A `_Binom` over rows m with one probability p (and pc = 1 - p) for all rows."""
    m = np.asarray(m, dtype=float)
    lp, lpc = _logs(p, pc)
    full = (lambda v: np.full(m.shape, float(v)))
    return _Binom(m, full(p), full(pc), full(lp), full(lpc))


# ----------------------------------------------------------------------------------------
# small log-space helpers

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


def _nlog(lN, lu):
    r"""$N \log u$ for $N = e^{lN} \ge 0$ (possibly $e^{10^6}$) and $\log u = $ `lu` $\le 0$.

    $N = 0$ gives 0 whatever $u$ is ($u^0 = 1$).
    """
    lN, lu = np.broadcast_arrays(np.asarray(lN, dtype=float), np.asarray(lu, dtype=float))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        v = -np.exp(lN + np.log(-lu))
    return np.where(lN == -np.inf, 0.0, np.where(lu == 0.0, 0.0, v))


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


def _log_minus_1(lN):
    """log(N - 1) from log N (N >= 1; -inf for N = 1)."""
    if lN == -np.inf:
        return -np.inf
    with np.errstate(divide="ignore"):
        return lN + math.log1p(-math.exp(-lN)) if lN > 0 else -np.inf


# ----------------------------------------------------------------------------------------
# the latent-correctness model

class _Group:
    """One kind of unaligned policy: separation probabilities on correct / wrong labels."""

    def __init__(self, r1, r1c, r2, r2c):
        self.r1, self.r1c, self.r2, self.r2c = float(r1), float(r1c), float(r2), float(r2c)
        self.l1, self.l1c = (float(v) for v in _logs(r1, r1c))
        self.l2, self.l2c = (float(v) for v in _logs(r2, r2c))
        with np.errstate(invalid="ignore"):
            self.o1 = self.l1 - self.l1c          # log odds (+-inf at the ends)
            self.o2 = self.l2 - self.l2c

    def ub_le(self, c, b):
        r"""log of a bound on $G = P(\mathrm{Bin}(c, r_1) \le \mathrm{Bin}(b, r_2))$, elementwise.

        Chernoff: $G \le (1 - r_1 + r_1 e^{-\lambda})^c\,(1 - r_2 + r_2 e^{\lambda})^b$
        for every $\lambda \ge 0$. The optimal $\lambda$ solves a quadratic (the tilted
        means of the two binomials agree); whatever $\lambda$ rounding gives, the bound
        is evaluated at it, so it is rigorous (plus a margin for the rounding of the
        evaluation itself).
        """
        if self.r1 == 0.0:
            return np.zeros(c.shape)                      # X = 0 <= Y always
        if self.r2 == 0.0:
            with np.errstate(invalid="ignore"):
                return np.where(c > 0, c * self.l1c, 0.0)     # exact: P(X = 0)
        if self.r1c == 0.0 and self.r2c == 0.0:
            return np.where(c <= b, 0.0, -np.inf)         # exact: X = c, Y = b
        o1, o2 = self.o1, self.o2
        lP = float(np.clip(o1 + o2, -_LOG_CLIP, _LOG_CLIP))
        P = math.exp(lP)
        dl = b - c
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            # t = tilted odds of Y's trials: b t^2 + P (b - c) t - c P = 0
            sq = np.sqrt(P * P * dl * dl + 4.0 * b * c * P)
            t = np.where(dl >= 0, 2.0 * c * P / (P * dl + sq), (-P * dl + sq) / (2.0 * b))
            lt = np.log(t)
            lam = lt - o2 if abs(o2) <= abs(o1) else o1 - (lP - lt)
            lam = np.where(np.isnan(lam) | (lam < 0), 0.0, lam)
            t1 = np.where(c > 0, c * np.logaddexp(self.l1c, self.l1 - lam), 0.0)
            t2 = np.where(b > 0, b * np.logaddexp(self.l2c, self.l2 + lam), 0.0)
            v = t1 + t2 + (1e-9 + 4e-16 * (np.abs(t1) + np.abs(t2)))
        return np.minimum(np.where(np.isnan(v), 0.0, v), 0.0)

    def ub_gt(self, c, b):
        r"""log of a bound on $1 - G = P(\mathrm{Bin}(c, r_1) \ge \mathrm{Bin}(b, r_2) + 1)$.

        Chernoff with $\lambda \ge 0$:
        $e^{-\lambda}(1 - r_1 + r_1 e^{\lambda})^c\,(1 - r_2 + r_2 e^{-\lambda})^b$;
        exact for $c \le 1$ (the limit $\lambda \to \infty$).
        """
        if self.r1 == 0.0:
            return np.full(c.shape, -np.inf)              # X = 0 never beats Y
        if self.r2 == 0.0:                                # exact: P(X >= 1)
            with np.errstate(divide="ignore"):
                return np.log(-np.expm1(c * self.l1c)) if self.r1c > 0 else \
                    np.where(c > 0, 0.0, -np.inf)
        if self.r1c == 0.0 and self.r2c == 0.0:
            return np.where(c >= b + 1, 0.0, -np.inf)
        o1, o2 = self.o1, self.o2
        lP = float(np.clip(o1 + o2, -_LOG_CLIP, _LOG_CLIP))
        P = math.exp(lP)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            # o = tilted odds of X's trials: (c-1) o^2 + (P (c-b-1) - 1) o - (b+1) P = 0
            a2 = c - 1.0
            B = P * (c - b - 1.0) - 1.0
            C = (b + 1.0) * P
            sq = np.sqrt(B * B + 4.0 * a2 * C)
            o = np.where(B >= 0, 2.0 * C / (B + sq), (-B + sq) / (2.0 * a2))
            lo = np.log(o)
            lam = lo - o1 if abs(o1) <= abs(o2) else o2 - (lP - lo)
            lam = np.where(np.isnan(lam) | (lam < 0), 0.0, lam)
            t1 = c * np.logaddexp(self.l1c, self.l1 + lam)
            t2 = np.where(b > 0, b * np.logaddexp(self.l2c, self.l2 - lam), 0.0)
            v = t1 + t2 - lam + (1e-9 + 4e-16 * (np.abs(t1) + np.abs(t2) + lam))
            one = self.l1 + np.where(b > 0, b * self.l2c, 0.0)    # c = 1: P(X = 1, Y = 0)
            v = np.where(c >= 2, v, np.where(c == 1, one, -np.inf))
            v = np.where(np.isnan(v), 0.0, v)
            # and 1 - G <= 1 - P(X = 0) = 1 - (1 - r1)^c, which is < 1 where Chernoff's
            # bound is trivial (X - Y >= 1 likely): what makes (1 - G)^N small for huge N
            v = np.minimum(v, np.log(-np.expm1(c * self.l1c)) if self.r1c > 0 else 0.0)
        return np.minimum(v, 0.0)

    def chernoff_rate(self, lqc, lqcc):
        """log of the per-label Chernoff base of the duel against one such policy."""
        lp = lqc + self.l1                                # separating and correct
        lm = lqcc + self.l2                               # separating and wrong
        if lp == -np.inf or lm == -np.inf:
            return float(np.log1p(-math.exp(lp))) if lp > -np.inf else 0.0
        # 1 - P(+) - P(-) + 2 sqrt(P(+) P(-)) = 1 - (sqrt P(+) - sqrt P(-))^2
        return float(np.log1p(-(math.exp(lp / 2) - math.exp(lm / 2)) ** 2))


class _Latent:
    """One parameter tuple of the latent model (all but n and the group sizes), with a
    cache of the computed rows (they do not depend on n or K, only on (c, n - c))."""

    def __init__(self, qc, qcc, groups):
        self.qc, self.qcc = float(qc), float(qcc)
        self.lqc, self.lqcc = (float(v) for v in _logs(qc, qcc))
        self.groups = [None if g is None else _Group(*g) for g in groups]
        self.extra_D = 0.0
        self.cache = {}
        self.ub_cache = {}
        self.calls = 0          # batches of rows computed (for the search statistics)

    def lpc_fast(self, n, c, b):
        """Table log pmf of C ~ Bin(n, q_c) at c (b = n - c), plus the safety margin."""
        lg = _lgtab(int(np.max(n, initial=0)))
        with np.errstate(invalid="ignore"):
            v = (lg[n.astype(np.intp)] - lg[c.astype(np.intp)] - lg[b.astype(np.intp)]
                 + np.where(c > 0, c * self.lqc, 0.0) + np.where(b > 0, b * self.lqcc, 0.0))
        return v + _SAFETY

    def ub(self, g, kind, n):
        """`ub_le` or `ub_gt` of group g on c = 0..n (cached: it depends on n only)."""
        key = (g, kind, n)
        if key not in self.ub_cache:
            c = np.arange(n + 1.0)
            grp = self.groups[g]
            self.ub_cache[key] = (grp.ub_le if kind == "le" else grp.ub_gt)(c, n - c)
        return self.ub_cache[key]

    def lpc(self, n, c):
        """Loader log pmf of C ~ Bin(n, q_c) at c."""
        return _logpmf(c, n, self.qc, self.qcc, self.lqc, self.lqcc)

    def fetch(self, reqs):
        """Rows: for each (group, kind, a, b) of `reqs` the truncated log probability and
        the log of its error bound, kind "le": P(Bin(a, r1) <= Bin(b, r2)), kind "gt":
        P(Bin(a, r1) > Bin(b, r2)). Missing rows are computed in one batch (and cached:
        a row depends on (a, b) only, not on n or K)."""
        todo, keys = [], []
        for gi, kind, a, b in reqs:
            key = a * 2097152.0 + b                 # a, b <= 10^6 < 2^21: exact in a double
            keys.append(key)
            ck, _, _ = self.cache.get((gi, kind), (np.empty(0), None, None))
            i = np.minimum(np.searchsorted(ck, key), max(ck.size - 1, 0))
            miss = ~(ck[i] == key) if ck.size else np.ones(key.shape, bool)
            if miss.any():
                todo.append((gi, kind, np.unique(key[miss]), a[miss], b[miss]))
        if todo:
            self._compute(todo)
        out = []
        for (gi, kind, a, b), key in zip(reqs, keys):
            if key.size == 0:
                out.append((np.empty(0), np.empty(0)))
                continue
            ck, cv, ce = self.cache[(gi, kind)]
            i = np.searchsorted(ck, key)
            out.append((cv[i], ce[i]))
        return out

    def _compute(self, todo):
        self.calls += 1
        cols = {k: [] for k in ("m1", "p1", "q1", "lp1", "lq1", "m2", "p2", "q2", "lp2",
                                "lq2", "k", "D")}
        for gi, kind, key, _, _ in todo:
            g = self.groups[gi]
            a = np.floor(key / 2097152.0)
            b = key - a * 2097152.0
            one = np.ones(a.shape)
            X = (a, g.r1, g.r1c, g.l1, g.l1c)
            Y = (b, g.r2, g.r2c, g.l2, g.l2c)
            if kind == "gt":             # P(X > Y) = P(Y <= X - 1)
                X, Y = Y, X
            for name, v in zip(("m1", "p1", "q1", "lp1", "lq1"), X):
                cols[name].append(v * one)
            for name, v in zip(("m2", "p2", "q2", "lp2", "lq2"), Y):
                cols[name].append(v * one)
            cols["k"].append((-1.0 if kind == "gt" else 0.0) * one)
            cols["D"].append(44.0 + np.log(a + b + 2.0) + self.extra_D)
        c = {k: np.concatenate(v) for k, v in cols.items()}
        X = _Binom(c["m1"], c["p1"], c["q1"], c["lp1"], c["lq1"])
        Y = _Binom(c["m2"], c["p2"], c["q2"], c["lp2"], c["lq2"])
        val, err = _le_rows(X, Y, c["k"], c["D"])
        val = np.minimum(val, 0.0)            # rounding can give log P = +1e-16
        i = 0
        for gi, kind, key, _, _ in todo:
            j = i + key.size
            ck, cv, ce = self.cache.get((gi, kind), (np.empty(0), np.empty(0), np.empty(0)))
            ck = np.concatenate([ck, key])
            order = np.argsort(ck, kind="stable")
            self.cache[(gi, kind)] = (ck[order], np.concatenate([cv, val[i:j]])[order],
                                      np.concatenate([ce, err[i:j]])[order])
            i = j

    def raise_depth(self):
        self.extra_D += 10.0
        self.cache.clear()


class _Sizes:
    """The two group sizes in log: ordinary N = K - 1 - m and deceptive m."""

    def __init__(self, lN, lm):
        self.l = (float(lN), float(lm))
        self.lm1 = tuple(_log_minus_1(v) for v in self.l)
        self.active = [g for g in (0, 1) if self.l[g] > -np.inf]


def _sizes(log_K, m):
    """`_Sizes` from log K and m, validated (K is recovered exactly below 2^44)."""
    log_K, m = float(log_K), float(m)
    if not (math.isfinite(log_K) and log_K >= math.log(2.0) * (1.0 - 1e-15)):
        raise ParameterValueError(f"log_K must be the natural log of the number of policies K >= 2, "
                         f"got log_K = {log_K!r}")
    if math.isnan(m) or m < 0 or (math.isfinite(m) and m != math.floor(m)):
        raise ParameterValueError(f"m (number of deceptive policies) must be an integer >= 0 or inf "
                         f"(all K - 1 unaligned policies), got m = {m!r}")
    if log_K < _LOG_EXACT_K:
        K = float(round(math.exp(log_K)))
        if abs(math.log(K) - log_K) > 1e-13 * max(1.0, log_K):
            raise ParameterValueError(f"log_K = {log_K!r} is not the log of an integer K "
                             f"(e^log_K = {math.exp(log_K)!r})")
        if m == math.inf:
            m = K - 1.0
        if m > K - 1.0:
            raise ParameterValueError(f"m = {m:g} deceptive policies exceed the K - 1 = {K - 1:g} "
                             f"unaligned ones")
        N = K - 1.0 - m
        return _Sizes(math.log(N) if N > 0 else -np.inf, math.log(m) if m > 0 else -np.inf)
    if m == math.inf:
        return _Sizes(-np.inf, log_K + math.log1p(-math.exp(-log_K)))
    t = math.exp(math.log1p(m) - log_K)                  # (1 + m) / K
    if t > 1.0 + 1e-12:
        raise ParameterValueError(f"m = {m:g} deceptive policies exceed the K - 1 unaligned ones "
                         f"(log_K = {log_K!r})")
    if t > 1.0 - 1e-6:
        raise ParameterValueError(f"m = {m:g} is within rounding of K - 1 (log_K = {log_K!r}): the "
                         f"number K - 1 - m of ordinary policies cannot be resolved in double "
                         f"precision; pass m = inf if every unaligned policy is deceptive")
    return _Sizes(log_K + math.log1p(-t), math.log(m) if m > 0 else -np.inf)


def _window(B, lt):
    """Smallest-ish [lo, hi] with sum of e^B outside at most e^lt (B over c = 0..n)."""
    am = int(np.argmax(B))
    mx = float(B[am])
    if mx == -np.inf:
        return 1, 0                                     # nothing: an empty window
    with np.errstate(under="ignore", over="ignore"):
        w = np.exp(B - mx)
        thr = math.exp(min(lt - mx, 700.0)) / 2.0
    lo = int(np.searchsorted(np.cumsum(w), thr, side="right"))
    hi = B.size - 1 - int(np.searchsorted(np.cumsum(w[::-1]), thr, side="right"))
    return min(lo, am), max(hi, am)


_LOG_RTOL = math.log(_RTOL)
_LOG_0985 = math.log(0.985)
_LOG_0015 = math.log(0.015)
_LOG_HALF = math.log(0.5)


def _assemble(sizes, gvals):
    """Per row: log lose_c, log win_c and the log of a bound on their error, from the
    rows of each non-empty group: {g: (le, err_le, gt, err_gt, use_le)}."""
    L, lam, logU, e = [], {}, {}, {}
    for g, (le, ele, gt, egt, use_le) in gvals.items():
        with np.errstate(divide="ignore", invalid="ignore"):
            lG = np.where(use_le, le, np.log1p(-np.exp(gt)))
            l1mG = np.where(use_le, np.log1p(-np.exp(le)), gt)
            e[g] = np.where(use_le, ele, egt)
            # an upper bound on 1 - G' for every G' between the truth and the estimate
            # (a truncated sum is below its truth)
            logU[g] = np.where(use_le, l1mG, np.logaddexp(gt, egt))
        lam[g] = _log_neglog1m(lG, l1mG)
        L.append(sizes.l[g] + lam[g])
    L = np.logaddexp.reduce(L, axis=0)
    with np.errstate(over="ignore"):
        lwin = -np.exp(L)
    llose = _log1mexp_neg(L)
    # mean value theorem: |d win / d G_g| <= N_g U_g^(N_g - 1) prod_{h != g} U_h^(N_h)
    terms = []
    for g in gvals:
        t = sizes.l[g] + e[g] + _nlog(sizes.lm1[g], logU[g])
        for h in gvals:
            if h != g:
                t = t + _nlog(sizes.l[h], logU[h])
        terms.append(t)
    lerr = np.logaddexp.reduce(terms, axis=0)
    return llose, lwin, np.where(np.isnan(lerr), np.inf, lerr)


def _evaluate(model, ns, sizes, which="both"):
    """{n: (log P(win), log P(lose), err)} for each n of `ns` (one model and sizes).

    `which` is "both", "lose" or "win"; a probability not asked for is returned as nan
    and does not enter err. All n are computed together: their rows form one batch.
    """
    want = {"lose": which in ("both", "lose"), "win": which in ("both", "win")}
    kinds = [w for w in ("lose", "win") if want[w]]
    out = {}
    ns = [int(n) for n in ns]
    for n in ns:
        if n == 0:                          # no label: every duel ties, and ties lose
            out[n] = (-np.inf, 0.0, 0.0)
    ns = sorted({n for n in ns if n > 0})
    act = sizes.active
    grps = model.groups
    if model.qc == 0.0 or any(grps[g].r1 == 0.0 for g in act):
        # no label is correct, or a policy never separates on a correct one: that policy
        # is never beaten (X = 0 <= Y), exactly
        for n in ns:
            out[n] = (-np.inf, 0.0, 0.0)
        return out
    # rigorous per-c bounds of pC(c) lose_c and pC(c) win_c on every c of every n, and
    # first windows from them (the truth is within a polynomial factor of the bounds)
    per = {}
    for n in ns:
        if n <= _ALL_ROWS_N:                    # every c: nothing is dropped
            per[n] = dict(lpcf=None, B=None, win={w: (0, n) for w in kinds}, res=None,
                          last=None)
            continue
        c = np.arange(n + 1.0)
        lpcf = model.lpc_fast(np.full(c.shape, float(n)), c, n - c)
        B = {}
        if want["lose"]:
            ul = [sizes.l[g] + model.ub(g, "le", n) for g in act]
            B["lose"] = lpcf + np.minimum(0.0, np.logaddexp.reduce(ul, axis=0))
        if want["win"]:
            tot = sum(_nlog(sizes.l[g], model.ub(g, "gt", n)) for g in act)
            # N log(bound) with N up to e^(10^6): a margin for its relative rounding
            B["win"] = lpcf + tot * (1.0 - 1e-12)
        gap = 0.5 * math.log(n + 1.0) + 3.0
        win = {w: _window(B[w], float(B[w].max()) + _LOG_RTOL - math.log(8.0) - gap)
               for w in kinds}
        per[n] = dict(lpcf=lpcf, B=B, win=win, res=None, last=None)
    for attempt in range(10):
        pending = [n for n in ns if per[n]["res"] is None]
        if not pending:
            break
        # the rows of every pending n, concatenated
        segs, cs, nns, wrows = [], [], [], []
        off = 0
        for n in pending:
            P = per[n]
            wins = [P["win"][w] for w in kinds if P["win"][w][0] <= P["win"][w][1]]
            lo = min((x[0] for x in wins), default=1)
            hi = max((x[1] for x in wins), default=0)
            segs.append((n, lo, hi, off))
            if lo > hi:
                continue
            c = np.arange(lo, hi + 1.0)
            cs.append(c)
            nns.append(np.full(c.shape, float(n)))
            if want["win"]:
                wl, wh = P["win"]["win"]
                wrows.append((c >= wl) & (c <= wh))
            else:
                wrows.append(np.zeros(c.shape, bool))
            off += c.size
        if off:
            c = np.concatenate(cs)
            nn = np.concatenate(nns)
            b = nn - c
            wrow = np.concatenate(wrows)
            reqs, need = [], {}
            for g in act:
                # G >= 0.985 for sure: sum 1 - G directly (G follows to absolute accuracy,
                # enough: lose_c >= G then); 1 - G also where win_c must be accurate
                big = grps[g].ub_gt(c, b) <= _LOG_0015
                need_le = ~big
                need_gt = big | (wrow & (grps[g].ub_le(c, b) > _LOG_0985))
                need[g] = (need_le, need_gt)
                reqs += [(g, "le", c[need_le], b[need_le]), (g, "gt", c[need_gt], b[need_gt])]
            got = iter(model.fetch(reqs))
            gvals = {}
            for g in act:
                need_le, need_gt = need[g]
                (v1, e1), (v2, e2) = next(got), next(got)
                le, ele, gt, egt = (np.full(c.shape, np.nan) for _ in range(4))
                le[need_le], ele[need_le] = v1, e1
                gt[need_gt], egt[need_gt] = v2, e2
                use_le = need_le & (~need_gt | (le < _LOG_HALF))
                gvals[g] = (le, ele, gt, egt, use_le)
            llose, lwin, lerr = _assemble(sizes, gvals)
            lpc = model.lpc(nn, c)
            val = {"lose": llose, "win": lwin}
        deeper = False
        for n, lo0, hi0, off in segs:
            P = per[n]
            res, ok = {}, True
            for w in kinds:
                lo, hi = P["win"][w]
                if P["B"] is None:               # every c computed
                    i0, i1 = off, off + n + 1
                    res[w] = (_logsumexp(lpc[i0:i1] + val[w][i0:i1]),
                              _logsumexp(lpc[i0:i1] + lerr[i0:i1]))
                    if res[w][1] > res[w][0] + _LOG_RTOL:
                        ok = False
                        deeper = True
                    continue
                B, lpcf = P["B"][w], P["lpcf"]
                if lo > hi:                      # nothing to sum: P = 0 if the bound says so
                    drop = _logsumexp(B)
                    res[w] = (-np.inf, drop)
                    if drop > -np.inf:
                        ok = False
                        P["win"][w] = (0, n)
                    continue
                i0, i1 = off + lo - lo0, off + hi - lo0 + 1
                S = _logsumexp(lpc[i0:i1] + val[w][i0:i1])
                ein = _logsumexp(lpc[i0:i1] + lerr[i0:i1])
                left, right = _logsumexp(B[:lo]), _logsumexp(B[hi + 1:])
                if w == "lose" and hi < n:       # lose_c decreases in c
                    up = min(0.0, _lse2(llose[i1 - 1], lerr[i1 - 1]))
                    right = min(right, _logsumexp(lpcf[hi + 1:]) + up)
                if w == "win" and lo > 0:        # win_c increases in c
                    up = min(0.0, _lse2(lwin[i0], lerr[i0]))
                    left = min(left, _logsumexp(lpcf[:lo]) + up)
                drop = _lse2(left, right)
                res[w] = (S, _lse2(drop, ein))
                if res[w][1] <= S + _LOG_RTOL:
                    continue
                ok = False
                if ein > S + _LOG_RTOL - math.log(2.0):
                    deeper = True
                if drop > S + _LOG_RTOL - math.log(2.0):
                    nl, nh = (0, n) if S == -np.inf else _window(B, S + _LOG_RTOL - math.log(4.0))
                    nl, nh = min(nl, lo), max(nh, hi)
                    P["win"][w] = (0, n) if (nl, nh) == (lo, hi) else (nl, nh)
            P["last"] = res
            P["res"] = res if ok else None
        if deeper:
            model.raise_depth()
    for n in ns:
        res = per[n]["res"] or per[n]["last"]   # not converged: what the last attempt gave
        lw, ew = res.get("win", (np.nan, -np.inf))
        ll, el = res.get("lose", (np.nan, -np.inf))
        out[n] = (min(lw, 0.0), min(ll, 0.0), _rel(ew, lw, el, ll))
    return out


def _rel(ew, lw, el, ll):
    """max of err/P over the probabilities computed (err itself where P is 0)."""
    out = -np.inf
    for e, lp in ((ew, lw), (el, ll)):
        if not np.isfinite(e) or np.isnan(lp):
            if e == np.inf:
                out = np.inf
            continue
        out = max(out, e - lp if np.isfinite(lp) else e)
    return math.exp(min(out, 700.0))


# ----------------------------------------------------------------------------------------
# validation

def _fail(where, msg):
    raise ParameterValueError(f"{where}: {msg}")


def _check_n(n, where="n"):
    n = np.asarray(n, dtype=float)
    bad = ~np.isfinite(n) | (n != np.floor(n)) | (n < 0)
    if np.any(bad):
        raise ParameterValueError(f"n must be a non-negative integer, got {np.ravel(n[bad])[0]!r}")
    if np.any(n > MAX_EXACT_N):
        big = n[n > MAX_EXACT_N].max()
        raise ParameterValueError(f"n = {big:.0f} is beyond the exact computation "
                         f"(MAX_EXACT_N = {MAX_EXACT_N})")
    return n


def _scalar(v):
    """A 0-d array as a Python float; anything else unchanged."""
    v = np.asarray(v, dtype=float)
    return float(v) if v.ndim == 0 else v


def _check_pair(where, name, p, pc):
    """p and pc = 1 - p: each in [0, 1], adding up to 1 (to rounding)."""
    p = np.asarray(p, dtype=float)
    pc = np.asarray(pc, dtype=float)
    for nm, v in ((name, p), (f"1 - {name}", pc)):
        bad = ~((v >= 0.0) & (v <= 1.0))
        if np.any(bad):
            _fail(where, f"{nm} must be a probability in [0, 1], got "
                         f"{float(np.ravel(v[bad])[0])!r}")
    p, pc = np.broadcast_arrays(p, pc)
    bad = np.abs((p - 0.5) + (pc - 0.5)) > 1e-12
    if np.any(bad):
        i = np.flatnonzero(np.ravel(bad))[0]
        _fail(where, f"{name} = {float(np.ravel(p)[i])!r} and its complement 1 - {name} = "
                     f"{float(np.ravel(pc)[i])!r} do not add up to 1")
    return p, pc


# ----------------------------------------------------------------------------------------
# public: model parameters

LatentParameters = namedtuple("LatentParameters", ["qc", "qcc", "ordinary", "deceptive"])
LatentParameters.__doc__ = r"""Inputs of `latent_race_log_probs`: $q_c$, $1 - q_c$ and, per group,
$(r_1, 1 - r_1, r_2, 1 - r_2)$ (`deceptive` is None when there is no deceptive group)."""


def _separation(d, dc, q, qbar, qc, qcc, group):
    """(r1, 1 - r1, r2, 1 - r2) of one group, each complement without cancellation."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # q_c - q and its negative, from the pair of operands that are the smaller
        diff = np.where(qc + q <= qcc + qbar, qc - q, qbar - qcc)
        f1 = q / qc
        r1 = d * f1
        # 1 - r1 = ((1 - d) q + (q_c - q)) / q_c: a sum of positive terms when q_c >= q
        r1c = np.where(r1 <= 0.5, 1.0 - r1, dc * f1 + diff / qc)
        f2 = qbar / qcc
        r2 = d * f2
        r2c = np.where(r2 <= 0.5, 1.0 - r2, dc * f2 - diff / qcc)
        # no correct (wrong) labels at all: r1 (r2) never matters; d keeps r1 = r2 = d
        # exactly when q_c = q
        none1 = (qc == 0.0) & (q == 0.0)
        none2 = (qcc == 0.0) & (qbar == 0.0)
    r1, r1c = np.where(none1, d, r1), np.where(none1, dc, r1c)
    r2, r2c = np.where(none2, d, r2), np.where(none2, dc, r2c)
    for nm, r, rc, num, den, side in (("r1", r1, r1c, "q", "q_c", "correct"),
                                      ("r2", r2, r2c, "1 - q", "1 - q_c", "wrong")):
        bad = ~((r <= 1.0 + 1e-12) & (rc >= -1e-12))
        if np.any(bad):
            i = np.flatnonzero(np.ravel(bad))[0]

            def at(v):
                return float(np.ravel(np.broadcast_to(v, bad.shape))[i])
            _fail("latent_parameters",
                  f"the {group} group's {nm} = d ({num}) / ({den}) = {at(r)!r} is outside "
                  f"[0, 1] (d = {at(d)!r}, {num} = {at(q if nm == 'r1' else qbar)!r}, "
                  f"{den} = {at(qc if nm == 'r1' else qcc)!r}): a policy cannot separate on "
                  f"more than all {side} labels; {den} must be at least d ({num})")
    r1, r2 = np.minimum(r1, 1.0), np.minimum(r2, 1.0)
    r1c, r2c = np.clip(r1c, 0.0, 1.0), np.clip(r2c, 0.0, 1.0)
    return tuple(_scalar(v) for v in (r1, r1c, r2, r2c))


def latent_parameters(d, qbar, qbar_dec=None, qbar_c=None, *, q=None, q_dec=None, q_c=None):
    r"""Inputs of the latent race from the model's quantities, without cancellation.

    Every unaligned policy is separated from the aligned one on a label with probability
    $d$, and a separating label favours the aligned policy with probability $q$ (an
    ordinary policy) or $q'$ (a deceptive one); a label is correct with probability $q_c$.
    Then a policy separates on a correct label with probability $r_1 = d\,q/q_c$ and on a
    wrong one with $r_2 = d\,(1-q)/(1-q_c)$, and the complements are formed as

    $$1 - r_1 = \frac{(1-d)\,q + (q_c - q)}{q_c}, \qquad
    1 - r_2 = \frac{(1-d)\,(1-q) + (q - q_c)}{1 - q_c}$$

    (or as $1 - r$ where $r \le 1/2$), with $q_c - q$ taken from whichever pair of
    $(q_c, q)$ and $(1-q, 1-q_c)$ is the smaller: no $1 - (1 - x)$ is ever formed. With
    $q_c = q$ this gives exactly $r_1 = r_2 = d$ and $1 - r_1 = 1 - r_2 = 1 - d$.

    Parameters
    ----------
    d : float or array_like
        Separation probability, in $(0, 1]$ (subnormal values are fine).
    qbar : float or array_like
        $1 - q$ for the ordinary policies (e.g. $1 - q_\alpha = \alpha + (1-\alpha)\varepsilon$).
    qbar_dec : float or array_like, optional
        $1 - q'$ for the deceptive policies; None for no deceptive group.
    qbar_c : float or array_like, optional
        $1 - q_c$, the probability that a label is wrong; default `qbar` ($q_c = q$).
    q, q_dec, q_c : float or array_like, optional
        The probabilities themselves, when they are too small to be recovered as one
        minus their complement (default: one minus the complement).

    Returns
    -------
    LatentParameters
        `(qc, qcc, ordinary, deceptive)` with `qcc` $= 1 - q_c$ and each group a tuple
        $(r_1, 1 - r_1, r_2, 1 - r_2)$ (`deceptive` None without `qbar_dec`): the
        arguments of `latent_race_log_probs` after `n`, `log_K`, `m`.

    Raises
    ------
    ValueError
        If an input is not a probability (or `d` is 0), a probability and its given
        complement do not add up to 1, or some $r$ falls outside $[0, 1]$ beyond
        rounding (e.g. $d\,q > q_c$: more correct separating labels than correct labels).

    Examples
    --------
    An ordinary-only race: $q_c = q$, so $r_1 = r_2 = d$ exactly.

    >>> p = latent_parameters(0.1, 0.2)
    >>> p.qc, p.qcc, p.ordinary, p.deceptive
    (0.8, 0.2, (0.1, 0.9, 0.1, 0.9), None)

    A deceptive group that separating labels favour only 60% of the time, with labels
    correct 80% of the time: $r_1' = 0.1 \cdot 0.6/0.8$, $r_2' = 0.1 \cdot 0.4/0.2$.

    >>> p = latent_parameters(0.1, 0.2, qbar_dec=0.4)
    >>> [round(float(r), 12) for r in p.deceptive]
    [0.075, 0.925, 0.2, 0.8]

    Tiny complements keep their relative precision (here $1 - q = 10^{-300}$):

    >>> latent_parameters(1.0, 1e-300).ordinary
    (1.0, 0.0, 1.0, 0.0)
    """
    where = "latent_parameters"
    d = np.asarray(d, dtype=float)
    bad = ~((d > 0.0) & (d <= 1.0))
    if np.any(bad):
        _fail(where, f"d must be in (0, 1], got {np.ravel(d[bad])[0]!r}")
    dc = 1.0 - d                     # exact for d >= 1/2, accurate below
    for name, v in (("qbar", qbar), ("qbar_dec", qbar_dec), ("qbar_c", qbar_c)):
        if v is None:
            continue
        v = np.asarray(v, dtype=float)
        bad = ~((v >= 0.0) & (v <= 1.0))
        if np.any(bad):
            _fail(where, f"{name} must be a probability in [0, 1], got "
                         f"{float(np.ravel(v[bad])[0])!r}")
    qbar = np.asarray(qbar, dtype=float)
    q, qbar = _check_pair(where, "q", 1.0 - qbar if q is None else q, qbar)
    if qbar_c is None:
        if q_c is not None:
            _fail(where, "q_c needs qbar_c (= 1 - q_c) as well")
        qc, qcc = q, qbar
    else:
        qbar_c = np.asarray(qbar_c, dtype=float)
        qc, qcc = _check_pair(where, "q_c", 1.0 - qbar_c if q_c is None else q_c, qbar_c)
    ordinary = _separation(d, dc, q, qbar, qc, qcc, "ordinary")
    deceptive = None
    if qbar_dec is not None:
        qbar_dec = np.asarray(qbar_dec, dtype=float)
        qd, qdc = _check_pair(where, "q_dec", 1.0 - qbar_dec if q_dec is None else q_dec,
                              qbar_dec)
        deceptive = _separation(d, dc, qd, qdc, qc, qcc, "deceptive")
    elif q_dec is not None:
        _fail(where, "q_dec needs qbar_dec (= 1 - q_dec) as well")
    return LatentParameters(_scalar(qc), _scalar(qcc), ordinary, deceptive)


def _as_groups(where, ordinary, deceptive):
    if ordinary is None or len(ordinary) != 4:
        _fail(where, "ordinary must be a tuple (r1, 1 - r1, r2, 1 - r2)")
    if deceptive is not None and len(deceptive) != 4:
        _fail(where, "deceptive must be None or a tuple (r1', 1 - r1', r2', 1 - r2')")
    out = []
    for grp, vals in (("ordinary", ordinary), ("deceptive", deceptive)):
        if vals is None:
            out.append(None)
            continue
        r1, r1c = _check_pair(where, f"r1 ({grp})", vals[0], vals[1])
        r2, r2c = _check_pair(where, f"r2 ({grp})", vals[2], vals[3])
        out.append((r1, r1c, r2, r2c))
    return out


def _prepare(where, n, log_K, m, qc, qcc, ordinary, deceptive, n_ok=True):
    """Validated, broadcast columns: n | log_K, m, qc, qcc, r (4), r' (4)."""
    if n_ok:
        n = _check_n(n)
    log_K = np.asarray(log_K, dtype=float)
    m = np.asarray(m, dtype=float)
    qc, qcc = _check_pair(where, "q_c", qc, qcc)
    g0, g1 = _as_groups(where, ordinary, deceptive)
    if g1 is None:
        if np.any(m != 0):
            _fail(where, f"m = {np.ravel(m[m != 0])[0]!r} deceptive policies need the "
                         f"deceptive group's parameters (deceptive=None)")
        g1 = (0.0, 1.0, 0.0, 1.0)
    cols = np.broadcast_arrays(n, log_K, m, qc, qcc, *g0, *g1)
    return cols[0].shape, np.stack([c.ravel() for c in cols], axis=1)


def _models(table):
    """Group the rows of a parameter table by everything but n: yields (rows, model,
    sizes), each validated once; rows that differ only in K or m share one model (and so
    its cache of rows, which do not depend on K or m)."""
    keys, inv = np.unique(table[:, 1:], axis=0, return_inverse=True)
    inv = inv.reshape(-1)
    models = {}
    for i, key in enumerate(keys):
        rows = np.flatnonzero(inv == i)
        log_K, m, qc, qcc = key[:4]
        sizes = _sizes(log_K, m)
        mkey = (qc, qcc) + tuple(key[4:8]) + (tuple(key[8:12]) if sizes.l[1] > -np.inf else ())
        if mkey not in models:
            groups = [tuple(key[4:8]), tuple(key[8:12]) if len(mkey) > 6 else None]
            models[mkey] = _Latent(qc, qcc, groups)
        yield rows, models[mkey], sizes


def latent_race_log_probs(n, log_K, m, qc, qcc, ordinary, deceptive=None, *, which="both"):
    r"""Exact log probabilities that the aligned policy wins / loses the latent race.

    Each of $n$ labels is correct with probability $q_c$; given its correctness, each of
    the $m$ deceptive unaligned policies separates on it with probability $r_1'$
    (correct label) or $r_2'$ (wrong label), each of the $N = K - 1 - m$ ordinary ones
    with $r_1$ or $r_2$, all independently. With $c \sim \mathrm{Bin}(n, q_c)$ correct
    labels, $G(c) = P(\mathrm{Bin}(c, r_1) \le \mathrm{Bin}(n-c, r_2))$ (ties lose) and
    $G'(c)$ likewise,

    $$P(\mathrm{win}) = E_c\big[(1 - G'(c))^m\,(1 - G(c))^{N}\big]$$

    and $P(\mathrm{lose})$ is the expectation of one minus the same product. Both are
    summed directly (neither as one minus the other), so each is accurate however small.

    Parameters
    ----------
    n : array_like of int
        Number of labels, $0 \le n \le$ `MAX_EXACT_N`.
    log_K : array_like of float
        Natural log of the number $K \ge 2$ of candidate policies (so $K = 2^{2000}$ is
        `2000 * log(2)`). Below $2^{44}$, $K$ is recovered exactly and must be an integer.
    m : array_like of float
        Number of deceptive policies, an integer in $[0, K-1]$, or `inf` for all $K - 1$.
    qc, qcc : array_like of float
        $q_c$ and $1 - q_c$, both given (`qcc` may be $10^{-300}$ or subnormal).
    ordinary : tuple of array_like
        $(r_1, 1 - r_1, r_2, 1 - r_2)$ of the ordinary policies.
    deceptive : tuple of array_like, optional
        $(r_1', 1 - r_1', r_2', 1 - r_2')$ of the deceptive ones (needed when $m > 0$).
    which : {"both", "lose", "win"}
        Which probabilities to compute; one alone is faster.

    Returns
    -------
    log_win, log_lose : numpy.ndarray or numpy.float64
        $\log P(\mathrm{win})$, $\log P(\mathrm{lose})$ with the broadcast shape (only the
        one asked for with `which` = "win" or "lose").
    err : numpy.ndarray or numpy.float64
        Rigorous bound on the *relative* truncation error of each probability returned
        (computed / true within a factor $1 \pm$ `err`); normally below $10^{-14}$.
        Rounding (about $10^{-13}$ relative) is not included.

    Raises
    ------
    ValueError
        For an `n` that is not an integer in $[0,$ `MAX_EXACT_N`$]$, a probability outside
        $[0, 1]$ or not adding up to 1 with its complement, $K < 2$, a non-integer $K$ below
        $2^{44}$, or $m$ not an integer in $[0, K - 1]$.

    Examples
    --------
    The ordinary race of $K = 100$ policies ($r_1 = r_2 = d$, $q_c = q$):

    >>> import math
    >>> lw, ll, err = latent_race_log_probs(101, math.log(100), 0, 0.7, 0.3, (0.5, 0.5, 0.5, 0.5))
    >>> round(math.exp(lw), 6), round(math.exp(ll), 6), bool(err < 1e-13)
    (0.919002, 0.080998, True)

    One deceptive policy among $K = 2^{20}$, whose separating labels favour the aligned
    policy only 55% of the time, makes losing after 1000 labels a thousand times likelier:

    >>> p = latent_parameters(0.1, 0.2, qbar_dec=0.45)
    >>> for m in (0, 1):
    ...     ll, err = latent_race_log_probs(1000, 20 * math.log(2), m, *p, which="lose")
    ...     print(m, round(math.exp(ll), 4))
    0 0.0002
    1 0.1708

    $K = 2^{2000}$, given by its log:

    >>> p = latent_parameters(1 - 1e-6, 1e-3)
    >>> lw, err = latent_race_log_probs(101, 2000 * math.log(2), 0, *p, which="win")
    >>> round(math.exp(lw), 6)
    0.903784
    """
    where = "latent_race_log_probs"
    if which not in ("both", "lose", "win"):
        _fail(where, f"which must be 'both', 'lose' or 'win', got {which!r}")
    shape, table = _prepare(where, n, log_K, m, qc, qcc, ordinary, deceptive)
    res = np.empty((table.shape[0], 3))
    for rows, model, sizes in _models(table):
        ns = table[rows, 0].astype(int)
        got = _evaluate(model, ns, sizes, which)
        res[rows] = [got[k] for k in ns]
    out = [res[:, j].reshape(shape)[()] for j in range(3)]
    if which == "both":
        return tuple(out)
    return (out[1], out[2]) if which == "lose" else (out[0], out[2])


# ----------------------------------------------------------------------------------------
# public: the legacy race (the adversary labels for one chosen policy j*)

def legacy_parameters(K, d, q, alpha=0.0, *, qbar=None):
    r"""Latent-race inputs of the legacy race, whose adversary labels for one policy $j^*$.

    A fraction $\alpha$ of labels is adversarial and written for $j^*$: such a label is
    wrong exactly when $j^*$ separates. So a label is correct with probability
    $q_c = (1-\alpha)\,q + \alpha\,(1-d)$; $j^*$ (a group of $m = 1$) separates on a
    correct label with probability $r_1' = (1-\alpha)\,q\,d/q_c$, on a wrong one with
    $r_2' = d\,((1-\alpha)(1-q) + \alpha)/(1-q_c)$; the other $K - 2$ policies separate
    with probability $d$ on every label ($r_1 = r_2 = d$). With $\alpha = 0$ there is no
    $j^*$ ($m = 0$, $q_c = q$).

    Parameters
    ----------
    K : float
        Number of policies, $\ge 2$.
    d : float
        Separation probability, in $[0, 1]$.
    q : float
        Probability that an honest separating label favours the aligned policy.
    alpha : float, optional
        Fraction of adversarial labels, in $[0, 1)$.
    qbar : float, optional
        $1 - q$ (default: formed from `q`); pass it when it is tiny (e.g. $\varepsilon$).

    Returns
    -------
    tuple
        `(log_K, m, qc, qcc, ordinary, deceptive)`: the arguments of
        `latent_race_log_probs` after `n` (and of `smallest_n`, `largest_K` after theirs).

    Examples
    --------
    >>> log_K, m, qc, qcc, ordinary, deceptive = legacy_parameters(2, 0.5, 0.8, 0.1)
    >>> m, round(qc, 12), round(qcc, 12), ordinary
    (1.0, 0.77, 0.23, (0.5, 0.5, 0.5, 0.5))
    """
    K, d, q, alpha = float(K), float(d), float(q), float(alpha)
    qbar = 1.0 - q if qbar is None else float(qbar)
    dc = 1.0 - d
    log_K = math.log(K) if K > 0 else -np.inf
    if alpha == 0.0:
        return log_K, 0.0, q, qbar, (d, dc, d, dc), None
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
    return log_K, 1.0, qc, qcc, (d, dc, d, dc), (r1, r1c, r2, r2c)


def race_log_probs(n, K, d, q, alpha=0.0, *, qbar=None):
    r"""Exact log probabilities of the *legacy* race (adversary labelling for one $j^*$).

    Legacy: the adversary of this race labels for one chosen unaligned policy $j^*$ (see
    `legacy_parameters`); the model's adversary, who labels against the aligned policy,
    is the latent race with $q$ replaced by $q_\alpha$ (`latent_race_log_probs`). Here

    $$P(\mathrm{win}) = E_c\big[(1-\bar g(c))\,(1-\bar p(c))^{K-2}\big],\quad
    c \sim \mathrm{Bin}(n, q_c),$$

    with $\bar g$ the chance that $j^*$ is not beaten and $\bar p$ that of each other
    policy: the latent race with one deceptive policy, $j^*$ (none when $\alpha = 0$).

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
    qbar : array_like of float, optional
        $1 - q$ ($\epsilon$), when it is too small to be formed from `q` (e.g. $10^{-20}$).

    Returns
    -------
    log_win, log_lose : numpy.ndarray or numpy.float64
        $\log P(\mathrm{win})$ and $\log P(\mathrm{lose})$, with the broadcast shape.
    err : numpy.ndarray or numpy.float64
        Rigorous bound on the relative truncation error of each probability (see
        `latent_race_log_probs`).

    Raises
    ------
    ValueError
        If `n` is not a non-negative integer, or exceeds `MAX_EXACT_N`.

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
    n = _check_n(n)
    q = np.asarray(q, dtype=float)
    qbar = 1.0 - q if qbar is None else np.asarray(qbar, dtype=float)
    arrs = np.broadcast_arrays(n, np.asarray(K, dtype=float), np.asarray(d, dtype=float),
                               q, np.asarray(alpha, dtype=float), qbar)
    shape = arrs[0].shape
    table = np.stack([x.ravel() for x in arrs], axis=1)
    keys, inv = np.unique(table[:, 1:], axis=0, return_inverse=True)
    inv = inv.reshape(-1)
    res = np.empty((table.shape[0], 3))
    for i, (KK, dd, qq, aa, qb) in enumerate(keys):
        rows = np.flatnonzero(inv == i)
        log_K, m, qc, qcc, g0, g1 = legacy_parameters(KK, dd, qq, aa, qbar=qb)
        _check_pair("race_log_probs", "q_c", qc, qcc)
        model = _Latent(qc, qcc, [g0, g1])
        ns = table[rows, 0].astype(int)
        got = _evaluate(model, ns, _sizes(log_K, m), "both")
        res[rows] = [got[k] for k in ns]
    return tuple(res[:, j].reshape(shape)[()] for j in range(3))


def duel_log_probs(n, d, q, alpha=0.0, *, qbar=None):
    r"""Exact log probabilities of the *legacy* duel: the aligned policy against $j^*$.

    Legacy (see `race_log_probs`): $P(\mathrm{lose}) = E_c[\bar g(c)]$, the race with
    $K = 2$. Equivalently, with $m \sim \mathrm{Bin}(n, d)$ separating labels, each
    favouring the aligned policy with probability $(1-\alpha)\,q$:
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
    qbar : array_like of float, optional
        $1 - q$, when it is too small to be formed from `q`.

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

    A tiny error rate keeps its precision when given as `qbar`: with one label and
    $\epsilon = 10^{-20}$ the duel is lost with probability exactly $\epsilon$.

    >>> float(np.exp(duel_log_probs(1, 1.0, 1.0, qbar=1e-20)[1]))
    1e-20
    """
    return race_log_probs(n, 2.0, d, q, alpha, qbar=qbar)


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

    Raises
    ------
    ValueError
        If `a` or `b` is not a non-negative integer, or `s` or `t` not in $[0, 1]$.

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
    if (np.any(~np.isfinite(a)) or np.any(~np.isfinite(b)) or np.any(a != np.floor(a))
            or np.any(b != np.floor(b)) or np.any(a < 0) or np.any(b < 0)):
        raise ParameterValueError("log_binom_le: a and b must be non-negative integers")
    s, t = float(s), float(t)
    for nm, v in (("s", s), ("t", t)):
        if not 0.0 <= v <= 1.0:
            raise ParameterValueError(f"log_binom_le: {nm} must be a probability in [0, 1], got {v!r}")
    shape = a.shape
    pairs = np.stack([a.ravel(), b.ravel()], axis=1)
    uniq, inv = np.unique(pairs, axis=0, return_inverse=True)
    ua, ub = uniq[:, 0].copy(), uniq[:, 1].copy()
    out = np.full(ua.shape[0], np.nan)
    todo = np.arange(ua.shape[0])
    D = 40.0 + 2.0 * math.log(float(max(ua.max(initial=0), ub.max(initial=0))) + 2.0)
    while todo.size:
        le, lerr = _le_rows(_binoms(ua[todo], s, 1.0 - s), _binoms(ub[todo], t, 1.0 - t),
                            np.zeros(todo.size), D)
        done = (lerr <= le + math.log(1e-15)) | np.isneginf(lerr)
        out[todo[done]] = le[done]
        todo = todo[~done]
        D += 20.0
    res = np.minimum(out[inv.reshape(-1)].reshape(shape), 0.0)   # rounding: no log P > 0
    return res[()]


# ----------------------------------------------------------------------------------------
# public: searches

def _scalar_model(where, m, qc, qcc, ordinary, deceptive):
    """One `_Latent` from scalar parameters (validated)."""
    qc, qcc = _check_pair(where, "q_c", qc, qcc)
    g0, g1 = _as_groups(where, ordinary, deceptive)
    vals = [qc, qcc, m] + list(g0) + (list(g1) if g1 is not None else [])
    if any(np.ndim(v) != 0 for v in vals):
        _fail(where, "the model parameters must be scalars")
    m = float(m)
    if g1 is None and m != 0:
        _fail(where, f"m = {m!r} deceptive policies need the deceptive group's parameters "
                     f"(deceptive=None)")
    return _Latent(float(qc), float(qcc), [tuple(map(float, g0)),
                                           None if g1 is None else tuple(map(float, g1))])


def _int_arg(where, name, v, low, high):
    f = float(v)
    if not (math.isfinite(f) and f == math.floor(f) and low <= f <= high):
        _fail(where, f"{name} must be an integer in [{low}, {high}], got {v!r}")
    return int(f)


def _log_win_upper(model, sizes, ns):
    """Rigorous upper bounds of log P(win) for each n of `ns`: the per-c Chernoff bounds
    of `_evaluate` summed over every c (so 1 - e^that is a lower bound of P(lose))."""
    ns = np.asarray(ns, dtype=float)
    lens = (ns + 1).astype(np.intp)
    off = np.concatenate([[0], np.cumsum(lens)[:-1]])
    nn = np.repeat(ns, lens)
    c = np.arange(nn.size, dtype=float) - np.repeat(off, lens)
    b = nn - c
    tot = sum(_nlog(sizes.l[g], model.groups[g].ub_gt(c, b)) for g in sizes.active)
    B = model.lpc_fast(nn, c, b) + tot * (1.0 - 1e-12)     # margin as in `_evaluate`
    mx = np.maximum.reduceat(B, off)
    mxf = np.where(np.isfinite(mx), mx, 0.0)
    with np.errstate(divide="ignore", under="ignore", invalid="ignore"):
        tot = np.log(np.add.reduceat(np.exp(B - np.repeat(mxf, lens)), off)) + mxf
        return np.where(np.isfinite(tot), tot + 1e-12 * (1.0 + np.abs(tot)), tot)  # rounding


def _root_estimate(known, p, slope):
    """Where log P(lose) - target crosses 0 along n of parity p (a real n), or None.

    From the evaluated points of that parity (else of both): the parabola through the
    three nearest the crossing (log P(lose) is close to linear in n, with a slight
    curvature), else the secant through two, else a step from the one point along the
    Chernoff slope.
    """
    mine = [(k, g) for k, g in known.items() if k % 2 == p and math.isfinite(g)]
    both = [(k, g) for k, g in known.items() if math.isfinite(g)]
    for pts in (mine, both):
        if len(pts) < 2:
            continue
        pts = sorted(pts, key=lambda x: abs(x[1]))
        (n1, g1), (n2, g2) = pts[0], pts[1]
        if g1 == g2:
            continue
        r = n1 - g1 * (n2 - n1) / (g2 - g1)
        if len(pts) >= 3:
            n3, g3 = pts[2]
            # Newton form: g = g1 + f12 (n - n1) + f123 (n - n1)(n - n2)
            f12 = (g2 - g1) / (n2 - n1)
            f23 = (g3 - g2) / (n3 - n2) if n3 != n2 else f12
            f123 = (f23 - f12) / (n3 - n1) if n3 != n1 else 0.0
            # as a quadratic in u = n - r: g = f123 u^2 + B u + C
            B = f12 + f123 * ((r - n1) + (r - n2))
            C = g1 + f12 * (r - n1) + f123 * (r - n1) * (r - n2)
            disc = B * B - 4.0 * f123 * C
            if B != 0.0 and disc >= 0.0:
                u = -2.0 * C / (B + math.copysign(math.sqrt(disc), B))
                lo_, hi_ = min(n1, n2, n3), max(n1, n2, n3)
                if lo_ - (hi_ - lo_) <= r + u <= hi_ + (hi_ - lo_):
                    r = r + u
        return r
    if both:
        n1, g1 = min(both, key=lambda x: abs(x[1]))
        s = slope - 0.5 / max(n1, 1)            # d/dn of n log(rho) - log(n)/2
        if s < 0:
            return n1 - g1 / s
    return None


def smallest_n(target_log_lose, log_K, m, qc, qcc, ordinary, deceptive=None, *, hi, lo=0,
               rtol=1e-13, full_output=False):
    r"""The smallest number of labels $n$ in $[$`lo`, `hi`$]$ with exact $P(\mathrm{lose}) \le e^{t}$.

    $t$ = `target_log_lose`; $n$ counts as feasible when $\log P(\mathrm{lose}) \le t +
    $ `rtol` $\max(1, |t|)$ (so a target computed from $P(\mathrm{lose})$ at some $n$
    is reached at that $n$ whatever its last bit).

    $P(\mathrm{lose})$ is not monotone in $n$: when ties are possible (e.g. $d = 1$,
    where an even $n$ can end in a tie, and ties lose) an even $n$ can be worse than the
    odd $n - 1$. Above 64 labels the search relies on monotonicity *within each parity
    class*: $P(\mathrm{lose})$ at $n + 2$ is at most that at $n$ (what makes the feasible
    $n$ of each parity an interval up to `hi`; the tests check it by brute force on
    random models with a positive margin). In the first few dozen labels, where
    $P(\mathrm{lose})$ is close to 1, it can fail (lattice effects, e.g. $d = 0.5$,
    $\varepsilon = 0.45$, $K = 1000$: $n = 12$ is worse than $n = 10$), so every $n \le 64$
    below the answer is either shown infeasible by the Chernoff bound on
    $P(\mathrm{win})$ or computed. The search treats odd and even $n$ separately, by
    secant (then parabolic) steps on $\log P(\mathrm{lose})$, which is nearly linear in
    $n$, bracketed and safeguarded by bisection; the first batch is `hi` and two points
    1.5 and 3 nats below it along the Chernoff slope, the next the four $n$ around the
    estimate (both parities, and the neighbours that certify the answer). Typically 2
    batches, 7 evaluations.

    Parameters
    ----------
    target_log_lose : float
        $t = \log \delta$, the log of the allowed failure probability.
    log_K, m, qc, qcc, ordinary, deceptive
        The model, scalars, as for `latent_race_log_probs`.
    hi : int
        A feasible $n$ such that every $n \ge$ `hi` is feasible too (e.g. the
        Chernoff union bound's answer: that bound is non-increasing in $n$).
    lo : int, optional
        No $n <$ `lo` is feasible (e.g. from a lower bound); default 0.
    rtol : float, optional
        Relative slack of the comparison with the target.
    full_output : bool, optional
        Also return a dict of statistics: `evaluations` (values of $n$ computed),
        `batches` (rounds of the search), `row_batches` (calls of the row kernel).

    Returns
    -------
    int or (int, dict)
        The smallest feasible $n$ in $[$`lo`, `hi`$]$ (and the statistics).

    Raises
    ------
    ValueError
        If `hi` is not feasible, `lo`/`hi` are not integers with
        $0 \le$ `lo` $\le$ `hi` $\le$ `MAX_EXACT_N`, or the model is invalid.

    Examples
    --------
    $K = 2^{20}$, $d = 0.1$, $\varepsilon = 0.2$, $\delta = 0.05$ (Chernoff's union bound
    says 835 labels suffice):

    >>> import math
    >>> p = latent_parameters(0.1, 0.2)
    >>> smallest_n(math.log(0.05), 20 * math.log(2), 0, *p, hi=835)
    711

    The majority vote ($d = 1$, $K = 2$): an even number of labels can tie, so the
    smallest $n$ is odd here, $P(\mathrm{Bin}(5, 0.9) \le 2) = 0.0086 \le 0.01$:

    >>> smallest_n(math.log(0.01), math.log(2), 0, *latent_parameters(1.0, 0.1), hi=30)
    5
    """
    where = "smallest_n"
    t = float(target_log_lose)
    if math.isnan(t):
        _fail(where, "target_log_lose must be a number, got nan")
    hi = _int_arg(where, "hi", hi, 0, MAX_EXACT_N)
    lo = _int_arg(where, "lo", lo, 0, hi)
    model = _scalar_model(where, m, qc, qcc, ordinary, deceptive)
    sizes = _sizes(log_K, m)
    slack = rtol * max(1.0, abs(t)) if math.isfinite(t) else 0.0
    known = {}
    stats = {"evaluations": 0, "batches": 0}

    def run(pts):
        pts = sorted({p for p in pts if p not in known})
        if pts:
            got = _evaluate(model, pts, sizes, "lose")
            stats["evaluations"] += len(pts)
            stats["batches"] += 1
            for p in pts:
                known[p] = got[p][1] - t - slack

    def result(v):
        return (v, dict(stats, row_batches=model.calls)) if full_output else v

    if t >= 0.0:
        return result(lo)                       # P(lose) <= 1 always
    if hi <= _SCAN_N:                           # few small n: look at every one
        run(range(lo, hi + 1))
        feas = [k for k in range(lo, hi + 1) if known[k] <= 0]
        if not feas:
            _fail(where, f"hi = {hi} is not feasible: log P(lose) = "
                         f"{known[hi] + t + slack:.10g} > target {t:.10g}")
        return result(feas[0])
    slope = max(model.groups[g].chernoff_rate(model.lqc, model.lqcc) for g in sizes.active)
    # first batch: hi and two points of its parity 1.5 and 3 nats below it along the
    # Chernoff slope (the Chernoff bound that usually gives hi is a few nats loose)
    step = int(round(1.5 / -slope)) if slope < 0 else (hi - lo) // 4
    first = {hi} | {min(max(hi - 2 * ((i * step + 1) // 2), lo), hi) for i in (1, 2)}
    run(first)
    if known[hi] > 0:
        _fail(where, f"hi = {hi} is not feasible: log P(lose) = {known[hi] + t + slack:.10g} > "
                     f"target {t:.10g}; hi must be a number of labels from which on P(lose) "
                     f"is at most the target (e.g. from the Chernoff union bound)")
    st = {}
    for p in (0, 1):
        jlo = -((p - lo) // 2)                  # smallest j with 2j + p >= lo
        jhi = (hi - p) // 2
        # bracket (L infeasible, H feasible), possibly virtual ends: n < lo, n = hi + 1
        st[p] = {"L": jlo - 1, "H": jhi if 2 * jhi + p == hi else jhi + 1, "w": []}
    while True:
        for p in (0, 1):
            S = st[p]
            for k, g in known.items():
                if k % 2 == p:
                    j = (k - p) // 2
                    if g <= 0:
                        S["H"] = min(S["H"], j)
                    else:
                        S["L"] = max(S["L"], j)
        # a parity class is settled when its bracket is closed, or when even its first
        # candidate cannot beat the other class's settled answer
        best = min((2 * st[p]["H"] + p for p in (0, 1) if st[p]["H"] - st[p]["L"] <= 1),
                   default=math.inf)
        props = []
        for p in (0, 1):
            S = st[p]
            L, H = S["L"], S["H"]
            if H - L <= 1 or 2 * (L + 1) + p > best:
                continue
            S["w"].append(H - L)
            r = _root_estimate(known, p, slope)
            if r is None or (len(S["w"]) >= 3 and S["w"][-1] > S["w"][-3] // 2):
                cand = [(L + H) // 2]           # safeguard: the bracket halves
            else:
                j = math.ceil((r - p) / 2.0)    # the first n of parity p past the estimate
                cand = [j - 1, j]
            props += [2 * j + p for j in sorted({min(max(j, L + 1), H - 1) for j in cand})]
        if not props:
            break
        run(props)
    best = int(min(2 * st[p]["H"] + p for p in (0, 1)))
    # P(lose) need not be monotone within a parity class in the first few dozen labels,
    # where it is close to 1 (lattice effects): there every n below the answer is either
    # shown infeasible by the Chernoff bound on P(win) or computed
    small = np.arange(lo, min(best, _SCAN_N + 1))
    if small.size:
        lwu = _log_win_upper(model, sizes, small)
        with np.errstate(divide="ignore"):
            unsure = small[~(lwu < math.log(-math.expm1(t + slack)))]
        if unsure.size:
            run(unsure.tolist())
            feas = [int(k) for k in unsure if known[int(k)] <= 0]
            if feas:
                best = min(best, feas[0])
    return result(best)


LargestK = namedtuple("LargestK", ["K", "log_K"])
LargestK.__doc__ = r"""Answer of `largest_K`: `K` (a float: an exact integer below $2^{53}$,
rounded above, `inf` past the largest double) and `log_K`, its natural log."""


def largest_K(target_log_lose, n, m, qc, qcc, ordinary, deceptive=None, *, log_K_max=None,
              rtol=1e-13, full_output=False):
    r"""The largest number of policies $K$ with exact $P(\mathrm{lose}) \le e^{t}$ after $n$ labels.

    $t$ = `target_log_lose`, compared with the same slack as in `smallest_n`. The $m$
    deceptive policies are fixed, so $K - 1 - m$ ordinary ones are added as $K$ grows,
    and $P(\mathrm{lose})$ is non-decreasing in $K$. Since $\log P(\mathrm{lose})$ is
    close to linear in $\log K$ (slope 1 while it is small), the search takes secant
    steps on $\log K$, first expanding (by at least doubling steps) until the target is
    bracketed, then safeguarded by bisection; below $2^{44}$ it works on integers $K$
    and ends with two neighbours $K$, $K + 1$. The number of evaluations is bounded
    (about 200 in the worst case, typically 5 to 10) for any answer up to
    `log_K_max`, and the rows of the exact sum, which do not depend on $K$, are
    computed once and reused.

    Parameters
    ----------
    target_log_lose : float
        $t = \log \delta$.
    n : int
        Number of labels, $0 \le n \le$ `MAX_EXACT_N`.
    m, qc, qcc, ordinary, deceptive
        The model, scalars, as for `latent_race_log_probs` (`m` finite).
    log_K_max : float, optional
        Largest $\log K$ considered; default $10^6 \log 2$ ($K = 2^{10^6}$).
    rtol : float, optional
        Relative slack of the comparison with the target.
    full_output : bool, optional
        Also return a dict with the number of `evaluations`.

    Returns
    -------
    LargestK or (LargestK, dict)
        `(K, log_K)`. Above $2^{44}$ the answer is resolved to the precision of
        $\log K$ (relative $\sim 10^{-15}$ in $\log K$). No feasible $K$ (not even
        $\max(2, m + 1)$): `(0.0, -inf)`; feasible at `log_K_max`: `(inf, inf)`.

    Raises
    ------
    ValueError
        For an invalid `n`, `m` or model.

    Examples
    --------
    The largest race that 711 labels win with probability 0.95 at $d = 0.1$,
    $\varepsilon = 0.2$ (compare `smallest_n`: $K = 2^{20}$ needs 711):

    >>> import math
    >>> r = largest_K(math.log(0.05), 711, 0, *latent_parameters(0.1, 0.2))
    >>> r.K, round(r.log_K / math.log(2), 3)
    (1052573.0, 20.005)

    Answers far beyond the doubles: with nearly perfect labels and $d = 1/2$ an
    unaligned policy survives $n$ labels with probability about $2^{-n}$, so 3000 labels
    keep the chance of losing below 5% against about $0.05 \cdot 2^{3000} \approx 2^{2996}$
    policies:

    >>> r = largest_K(math.log(0.05), 3000, 0, *latent_parameters(0.5, 1e-9))
    >>> r.K, round(r.log_K / math.log(2))
    (inf, 2996)
    """
    where = "largest_K"
    t = float(target_log_lose)
    if math.isnan(t):
        _fail(where, "target_log_lose must be a number, got nan")
    n = _int_arg(where, "n", n, 0, MAX_EXACT_N)
    mf = float(m)
    if not (math.isfinite(mf) and mf >= 0 and mf == math.floor(mf)):
        _fail(where, f"m must be a finite integer >= 0, got {m!r}")
    model = _scalar_model(where, mf, qc, qcc, ordinary, deceptive)
    xmax = 1e6 * math.log(2.0) if log_K_max is None else float(log_K_max)
    K_min = max(2.0, mf + 1.0)
    x_min = math.log(K_min)
    if not xmax >= x_min:
        _fail(where, f"log_K_max = {xmax!r} is below log max(2, m + 1) = {x_min!r}")
    slack = rtol * max(1.0, abs(t)) if math.isfinite(t) else 0.0
    vals = {}

    def f(x):
        if x not in vals:
            got = _evaluate(model, [n], _sizes(x, mf), "lose")
            vals[x] = got[n][1] - t - slack
        return vals[x]

    def snap(x, lo, hi):
        """x moved to log of an integer (below 2^44), strictly inside (lo, hi)."""
        if x < _LOG_EXACT_K:
            K = float(round(math.exp(x)))
            KL = float(round(math.exp(lo)))
            KH = math.inf if hi is None else float(round(math.exp(hi))) \
                if hi < _LOG_EXACT_K else math.inf
            K = min(max(K, KL + 1.0), KH - 1.0)
            if K <= KL:
                return None
            return math.log(K)
        if hi is not None and not lo < x < hi:
            x = lo + (hi - lo) / 2.0
            if not lo < x < hi:
                return None
        return x

    def answer(x):
        if x == -math.inf:
            K = 0.0
        elif x == math.inf:
            K = math.inf
        elif x < _LOG_EXACT_K:
            K = float(round(math.exp(x)))
        else:
            K = math.floor(math.exp(x)) if x < 709.0 else math.inf
        out = LargestK(K, x)
        return (out, {"evaluations": len(vals)}) if full_output else out

    if f(x_min) > 0:
        return answer(-math.inf)                  # not even the smallest K
    xL, gL = x_min, f(x_min)
    xH = gH = None
    step = math.log(2.0)
    while xH is None:                             # expand until bracketed
        step = max(2.0 * step, -gL)               # slope ~1 in log K, at least doubling
        x = xL + step
        x = xmax if x >= xmax else snap(x, xL, None)
        if x is None or x <= xL:
            x = xmax
        g = f(x)
        if g <= 0:
            if x >= xmax:
                return answer(math.inf)
            xL, gL = x, g
        else:
            xH, gH = x, g
    last = None
    for it in range(400):
        if xH < _LOG_EXACT_K:
            if round(math.exp(xH)) - round(math.exp(xL)) <= 1:
                break
        elif xH - xL <= 8e-16 * xH:
            break
        if it % 3 == 2 or not (math.isfinite(gL) and math.isfinite(gH)) or gH == gL:
            x = xL + (xH - xL) / 2.0                 # safeguard: bisection
        else:                                        # regula falsi, Illinois variant
            x = (xL * gH - xH * gL) / (gH - gL)
        x = snap(x, xL, xH)
        if x is None:
            break
        g = f(x)
        if g <= 0:
            xL, gL = x, g
            if last == "L":
                gH /= 2.0
            last = "L"
        else:
            xH, gH = x, g
            if last == "H":
                gL /= 2.0
            last = "H"
    return answer(xL)
