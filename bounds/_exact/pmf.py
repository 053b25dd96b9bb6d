r"""Binomial log pmfs for the exact engine: accurate (Loader) and fast (a table).

Log pmfs that enter a result are evaluated with Loader's saddle-point form (the algorithm
of R's `dbinom`: Stirling-series remainders plus a cancellation-free deviance, with
$\log(m p)$ formed as $\log m + \log p$, exact for subnormal $p$), and along a window as
cumulative products of the exact ratios $p(x)/p(x-1)$ anchored at such values (see
`bounds._exact.rows`). The table-based form (`Binom.fast`, from a cached table of
$\log k!$) only locates windows and enters error bounds, with the margin `SAFETY`.

Every probability enters together with its complement ($p$ and $1 - p$), because a caller
may hold $1 - p = 10^{-300}$, which $p$ cannot carry; `log_pair` takes each logarithm of
whichever of the two is at most 1/2.

Examples
--------
>>> import math
>>> from bounds._exact.pmf import log_binom_pmf
>>> math.isclose(float(log_binom_pmf(0, 10, 0.5, 0.5)), -10 * math.log(2), rel_tol=1e-15)
True
"""
from __future__ import annotations

import math

import numpy as np
from scipy.special import gammaln

__all__ = ["SAFETY", "loader_logpmf", "log_binom_pmf", "log_factorials", "log_pair", "Binom"]

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

#: Safety margin (in log) on bounds that use the table-based log pmf (its error is << 1e-6).
SAFETY = 1e-6


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


def loader_logpmf(x, m, p, pc, lp, lpc):
    r"""$\log P(\mathrm{Bin}(m, p) = x)$ by Loader's saddle-point form; all arguments broadcast.

    `pc` $= 1 - p$, `lp` $= \log p$, `lpc` $= \log(1 - p)$, each given (never re-derived),
    so a subnormal $p$ or $1 - p$ keeps its exact logarithm. $-\infty$ outside
    $0 \le x \le m$.

    Examples
    --------
    >>> import math
    >>> v = loader_logpmf(3, 10, 0.5, 0.5, math.log(0.5), math.log(0.5))
    >>> math.isclose(float(v), math.log(120 / 1024), rel_tol=1e-14)
    True
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
    return loader_logpmf(x, m, p, pc, lp, lpc)


_LG = np.zeros(1)


def log_factorials(n):
    r"""Table of $\log k!$ for $k = 0, \dots, n$ at least (cached, grown on demand).

    Examples
    --------
    >>> float(log_factorials(3)[3]) == math.log(6)
    True
    """
    global _LG
    if _LG.shape[0] <= n:
        _LG = gammaln(np.arange(max(n + 1, 2 * _LG.shape[0]), dtype=float) + 1.0)
    return _LG


def log_pair(p, pc):
    r"""$(\log p, \log(1 - p))$ from $p$ and `pc` $= 1 - p$, each from whichever of the two is $\le 1/2$.

    The smaller of a probability and its complement is the one a caller can give to full
    relative precision; the larger is then 1 minus it, exactly enough for its logarithm.

    Examples
    --------
    >>> lp, lpc = log_pair(1.0, 1e-300)
    >>> float(lp), float(lpc) == math.log(1e-300)
    (-1e-300, True)
    """
    p = np.asarray(p, dtype=float)
    pc = np.asarray(pc, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        small = p <= pc
        lp = np.where(small, np.log(p), np.log1p(-pc))
        lpc = np.where(small, np.log1p(-p), np.log(pc))
    return lp, lpc


class Binom:
    r"""$\mathrm{Bin}(m, p)$ row by row ($m$, $p$, $1 - p$ and their logs per row): support, mode, log pmf.

    Parameters
    ----------
    m, p, pc, lp, lpc : numpy.ndarray
        Per row: trials, $p$, $1 - p$, $\log p$, $\log(1 - p)$ (see `log_pair`).

    Examples
    --------
    >>> import numpy as np
    >>> p, pc = np.array([0.3]), np.array([0.7])
    >>> B = Binom(np.array([10.0]), p, pc, *log_pair(p, pc))
    >>> B.mode, B.lo, B.hi
    (array([3.]), array([0.]), array([10.]))
    """

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
        self.lgm = log_factorials(int(m.max(initial=0)))[self.mi]

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
        return loader_logpmf(x, cols(self.m), cols(self.p), cols(self.pc), cols(self.lp),
                             cols(self.lpc))
