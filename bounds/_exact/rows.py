r"""The row kernel of the exact engine: $P(X \le Y + k)$ for many rows, each to a relative accuracy.

For one row, $P(X \le Y + k)$ (with $X \sim \mathrm{Bin}(a, s)$, $Y \sim \mathrm{Bin}(b, t)$,
$k \in \{0, -1\}$) is a sum of $p_X(x)\,p_Y(y)$ over $x \le y + k$. Let
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
edge. The computed sum is below the truth by at most that bound.

Inside the windows the pmfs are cumulative products of the exact ratios $p(x)/p(x-1)$,
anchored at Loader values at the largest term. Nothing is ever computed as the logarithm
of an underflowed number: sums are formed relative to a per-row scale, and a row whose
dynamic range does not fit in a double is redone with `numpy.logaddexp.accumulate`.
The rows of all values of $c$, both groups, both kinds ($G$ and $1 - G$) and several $n$
are computed in one vectorized batch (`le_rows`).

Examples
--------
>>> import numpy as np
>>> from bounds._exact.rows import log_binom_le
>>> round(float(np.exp(log_binom_le(2, 0.5, 0, 0.3))), 12)      # P(Bin(2, 1/2) = 0)
0.25
"""
from __future__ import annotations

import math

import numpy as np

from ..errors import ParameterValueError
from .pmf import SAFETY, Binom, log_pair

__all__ = ["LOG_CLIP", "le_rows", "log_binom_le"]

#: Row ranges up to this dynamic range (nats) use the fast linear-scale path.
_EXP_RANGE = 690.0
#: Relative row sums below this are redone in log space.
_TINY = 1e-280
#: Elements per chunk of the 2-D row kernel (keeps work arrays in cache).
_CHUNK = 1 << 15
#: Log odds products are clipped to +-this where they only locate an optimum (a Chernoff
#: tilt or a saddle point): any tilt gives a valid bound, any start a valid search.
LOG_CLIP = 300.0


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


class _Profiles:
    """The sums P(X <= Y + k), row by row: their summation ranges and concave profiles.

    h_X(x) = log pX(x) + max_{y >= x-k} log pY(y), h_Y(y) = log pY(y) + max_{x <= y+k}
    log pX(x): concave, with the common maximum M = log of the largest term. (The clipping
    keeps the dummy evaluations of rows without any pair inside the supports.)
    """

    def __init__(self, X, Y, k):
        self.X, self.Y, self.k = X, Y, k
        self.xd0 = X.lo
        xd1 = np.minimum(X.hi, Y.hi + k)
        yd0 = np.maximum(Y.lo, X.lo - k)
        self.yd1 = Y.hi
        self.empty = self.xd0 > xd1
        self.xd1 = np.where(self.empty, self.xd0, xd1)
        self.yd0 = np.where(self.empty, self.yd1, yd0)
        self.k2, self.mY2, self.mX2 = k[:, None], Y.mode[:, None], X.mode[:, None]
        self.Yhi2, self.Xlo2 = Y.hi[:, None], X.lo[:, None]

    def hx(self, x):
        return self.X.fast(x) + self.Y.fast(np.minimum(np.maximum(x - self.k2, self.mY2), self.Yhi2))

    def hy(self, y):
        return self.Y.fast(y) + self.X.fast(np.maximum(np.minimum(y + self.k2, self.mX2), self.Xlo2))

    def peak(self):
        """(xs, ys, M, bulk): the coordinates of the largest term, its log, and whether it
        lies at the modes.

        The largest term: at the modes when mX <= mY + k, else on the line x = y + k at
        the root of pX(x) pY(x-k) = pX(x-1) pY(x-1-k), a quadratic in x (rho = odds
        product); both checked by local ascent.
        """
        X, Y, k = self.X, self.Y, self.k
        mX, mY = X.mode, Y.mode
        a, b = X.m, Y.m
        bulk = mX <= mY + k
        rho = np.exp(np.clip(X.lpf - X.lpcf + Y.lpf - Y.lpcf, -LOG_CLIP, LOG_CLIP))
        qa = rho - 1.0
        qb = k - rho * (a + b + k + 2.0)
        qc = rho * (a + 1.0) * (b + k + 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            root = 2.0 * qc / (-qb + np.sqrt(np.maximum(qb * qb - 4.0 * qa * qc, 0.0)))
        root = np.where(np.isfinite(root), np.floor(root), mX)
        xs = np.where(bulk, mX, np.clip(root, mY + k, mX))
        xs = _argmax_concave(self.hx, np.clip(xs, self.xd0, self.xd1), self.xd0, self.xd1)
        ys = np.clip(np.where(bulk, mY, xs - k), self.yd0, self.yd1)
        ys = _argmax_concave(self.hy, ys, self.yd0, self.yd1)
        M = np.maximum(self.hx(xs[:, None])[:, 0], self.hy(ys[:, None])[:, 0])
        return xs, ys, M, bulk

    def windows(self, D):
        """(xs, ys, xl, xh, yl, yh, lerr): the largest term, the windows [xl, xh] and
        [yl, yh] reaching D nats below it, and the log of a bound on the dropped mass."""
        X, Y = self.X, self.Y
        xs, ys, M, bulk = self.peak()
        thr = M - D
        # curvature of h at the top: of the log pmf of X (Y) alone in the bulk (h is flat
        # in the other variable there), of both on the line x = y + k
        kx = 1.0 / (xs + 0.5) + 1.0 / (X.m - xs + 0.5)
        ky = 1.0 / (ys + 0.5) + 1.0 / (Y.m - ys + 0.5)
        kx, ky = np.where(bulk, kx, kx + ky), np.where(bulk, ky, kx + ky)
        xl, xh = _edges(self.hx, xs, self.xd0, self.xd1, thr, kx, D)
        yl, yh = _edges(self.hy, ys, self.yd0, self.yd1, thr, ky, D)
        lerr = np.logaddexp(_dropped(self.hx, self.xd0, xl, xh, self.xd1) + np.log(Y.hi - Y.lo + 1.0),
                            _dropped(self.hy, self.yd0, yl, yh, self.yd1) + np.log(X.hi - X.lo + 1.0))
        lerr = np.where(self.empty, -np.inf, lerr + SAFETY)
        return xs, ys, xl, xh, yl, yh, lerr


def _anchors(X, Y, rows, xs, ys, xl, xw, yl, yw):
    """Per row: the Loader log pmfs at the largest term (lxp, lyp), the windows' first
    terms relative to them (ax, ay), and the dynamic range of the window (nats).

    Each variable is anchored at its coordinate of the largest term: the weights relative
    to it stay within e^{+-range}, and the products that matter are O(1).
    """
    ex = X.exact(np.stack([xs, xl], axis=1), rows)
    ey = Y.exact(np.stack([ys, yl], axis=1), rows)
    lxp, lyp = ex[:, 0], ey[:, 0]
    ax, ay = ex[:, 1] - lxp, ey[:, 1] - lyp
    xpk = np.clip(X.mode[rows], xl, xl + xw - 1)
    ypk = np.clip(Y.mode[rows], yl, yl + yw - 1)
    fx = X.fast(np.stack([xs, xl, xl + xw - 1, xpk], axis=1), rows)
    fy = Y.fast(np.stack([ys, yl, yl + yw - 1, ypk], axis=1), rows)
    fx -= fx[:, :1]
    fy -= fy[:, :1]
    rng = np.maximum(np.abs(fx).max(axis=1), np.abs(fy).max(axis=1)) + 1.0
    return lxp, lyp, ax, ay, rng


def _window_sums(X, Y, k, rows, xl, xw, yl, yw, ax, ay, rng):
    """log of each row's sum over its windows, relative to the anchor, in chunks of rows:
    on a linear scale where the range allows, else (or where that underflows) in logs."""
    chunk_id = np.floor(np.cumsum(xw + yw + 2.0) / _CHUNK)
    cuts = [0] + list(np.flatnonzero(np.diff(chunk_id)) + 1) + [rows.size]
    res = np.empty(rows.size)
    for i0, i1 in zip(cuts[:-1], cuts[1:]):
        sl = np.arange(i0, i1)
        fast = rng[sl] <= _EXP_RANGE
        redo = ~fast
        f = sl[fast]
        if f.size:
            with np.errstate(under="ignore"):
                lv, s = _kernel(X, Y, k[f], rows[f], xl[f], xw[f], yl[f], yw[f], ax[f], ay[f], False)
            res[f] = lv
            bad = ~(s >= _TINY)
            redo[np.flatnonzero(fast)[bad]] = True
        g = sl[redo]
        if g.size:
            res[g], _ = _kernel(X, Y, k[g], rows[g], xl[g], xw[g], yl[g], yw[g], ax[g], ay[g], True)
    return res


def le_rows(X, Y, k, D):
    r"""Truncated $\log P(X \le Y + k)$ per row and the log of a bound on what was dropped.

    Parameters
    ----------
    X, Y : Binom
        The two binomials, over the same rows.
    k : array_like
        Per row, 0 or $-1$.
    D : array_like
        Per row, the relative depth of the windows, in nats.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The log of the truncated sum, and the log of a bound on the mass dropped: the
        computed sum is below the truth by at most that bound (plus rounding).

    Examples
    --------
    $P(\mathrm{Bin}(1, 1/2) \le \mathrm{Bin}(1, 1/2)) = 3/4$:

    >>> import numpy as np
    >>> from bounds._exact.pmf import log_pair
    >>> p = np.array([0.5])
    >>> half = Binom(np.array([1.0]), p, p, *log_pair(p, p))
    >>> val, err = le_rows(half, half, 0.0, 50.0)
    >>> round(float(np.exp(val[0])), 12), bool(err[0] == -np.inf)
    (0.75, True)
    """
    R = X.m.shape[0]
    k = np.broadcast_to(np.asarray(k, dtype=float), (R,))
    D = np.broadcast_to(np.asarray(D, dtype=float), (R,))
    prof = _Profiles(X, Y, k)
    xs, ys, xl, xh, yl, yh, lerr = prof.windows(D)
    out = np.full(R, -np.inf)
    todo = np.flatnonzero(~prof.empty)
    if todo.size == 0:
        return out, lerr
    xw = (xh - xl + 1.0)[todo]
    yw = (yh - yl + 1.0)[todo]
    xl, yl, xs, ys = xl[todo], yl[todo], xs[todo], ys[todo]
    lxp, lyp, ax, ay, rng = _anchors(X, Y, todo, xs, ys, xl, xw, yl, yw)
    out[todo] = _window_sums(X, Y, k[todo], todo, xl, xw, yl, yw, ax, ay, rng) + lxp + lyp
    return out, lerr


def _binoms(m, p, pc):
    """A `Binom` over rows m with one probability p (and pc = 1 - p) for all rows."""
    m = np.asarray(m, dtype=float)
    lp, lpc = log_pair(p, pc)
    full = (lambda v: np.full(m.shape, float(v)))
    return Binom(m, full(p), full(pc), full(lp), full(lpc))


def log_binom_le(a, s, b, t, k=0):
    r"""Log of $P(\mathrm{Bin}(a, s) \le \mathrm{Bin}(b, t) + k)$ for independent binomials, $k \in \{0, -1\}$.

    Accurate to about $10^{-12}$ relative in the probability (so about $10^{-12}$
    absolute in the logarithm), also far below the smallest double, e.g. $e^{-2000}$:
    nothing is computed as the logarithm of an underflowed number.

    Parameters
    ----------
    a, b : array_like of int
        Numbers of trials, $\ge 0$, broadcast together.
    s, t : float
        Success probabilities in $[0, 1]$.
    k : {0, -1}
        The offset: $k = -1$ gives the strict $P(\mathrm{Bin}(a, s) < \mathrm{Bin}(b, t))$.

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

    Strictly less: $P(\mathrm{Bin}(1, 1/2) < \mathrm{Bin}(1, 1/2)) = 1/4$.

    >>> round(float(np.exp(log_binom_le(1, 0.5, 1, 0.5, k=-1))), 12)
    0.25
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    a, b = np.broadcast_arrays(a, b)
    if (np.any(~np.isfinite(a)) or np.any(~np.isfinite(b)) or np.any(a != np.floor(a))
            or np.any(b != np.floor(b)) or np.any(a < 0) or np.any(b < 0)):
        raise ParameterValueError("log_binom_le: a and b must be non-negative integers")
    s, t = float(s), float(t)
    if k not in (0, -1):
        raise ParameterValueError(f"log_binom_le: k must be 0 or -1, got {k!r}")
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
        le, lerr = le_rows(_binoms(ua[todo], s, 1.0 - s), _binoms(ub[todo], t, 1.0 - t),
                            np.full(todo.size, float(k)), D)
        done = (lerr <= le + math.log(1e-15)) | np.isneginf(lerr)
        out[todo[done]] = le[done]
        todo = todo[~done]
        D += 20.0
    res = np.minimum(out[inv.reshape(-1)].reshape(shape), 0.0)   # rounding: no log P > 0
    return res[()]


