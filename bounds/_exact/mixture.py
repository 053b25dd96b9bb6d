r"""The race with labels from several sources, generic objective: the exact probabilities.

Source $k$ contributes $n_k$ labels, each agreeing with the aligned policy with probability
$q_k$ (its own error rate and adversarial fraction). Under the generic objective every label
counts the same, so what matters is the total number $C = \sum_k C_k$ of agreeing labels,
$C_k \sim \mathrm{Bin}(n_k, q_k)$ independent: its law is the convolution of the sources'
binomials. Given $C = c$ of $N = \sum_k n_k$ labels, each unaligned policy separates on
each label independently with probability $d$ and is not beaten (ties lose) with
probability $G(c) = P(\mathrm{Bin}(c, d) \le \mathrm{Bin}(N - c, d))$, independently of the
others, so

$$P(\mathrm{win}) = \sum_c P(C = c)\,(1 - G(c))^{K-1}, \qquad
P(\mathrm{lose}) = \sum_c P(C = c)\,\big(1 - (1 - G(c))^{K-1}\big).$$

How it is computed
------------------
All in log space. Each source's log pmf (Loader's form) is cut to a window around its mode,
the windows are convolved term by term (`numpy.logaddexp`), and $\log G(c)$,
$\log(1 - G(c))$ come from the row kernel (`log_binom_le`, relative accuracy $10^{-15}$).
What the windows drop is bounded rigorously: a dropped term of the convolution is below
$e^{\sum_k M_k - W}$ ($M_k$ the largest log pmf of source $k$, $W$ the window depth),
there are at most $(N+1)^S$ of them and the factors $(1-G)^{K-1}$, $1 - (1-G)^{K-1}$ are
at most 1; the depth is widened until that is below $e^{-60}$ of the smallest computed
term that bounds the result from below. So both results carry a relative truncation
error below $10^{-26}$; rounding is about $10^{-13}$ relative.

*Cost.* The convolution is (window of the smaller source) times (window of the larger)
`logaddexp`s, and the row kernel runs once per value of $c$ in the window of the sum:
e.g. $n = (10^4, 10^3)$, $K = 2^{20}$: about 0.1 s.

Examples
--------
One source is the single-source race: $K = 2$, $d = 1$, $n = 3$, $q = 0.7$:
$P(\mathrm{Bin}(3, 0.7) \ge 2) = 0.784$.

>>> import math
>>> lw, ll = mixture_log_probs([3], [0.7], [0.3], math.log(2.0), 1.0)
>>> round(math.exp(lw), 12), round(math.exp(ll), 12)
(0.784, 0.216)
"""
from __future__ import annotations

import math

import numpy as np

from ..errors import ParameterValueError
from .logspace import log1mexp_neg, log_minus_one, log_neglog1m, log_sum_exp, n_log_u
from .pmf import log_binom_pmf
from .rows import log_binom_le

__all__ = ["mixture_log_probs", "MAX_MIXTURE_N"]

#: Largest total number of labels the exact mixture computation accepts.
MAX_MIXTURE_N = 10**6
_SLACK = 60.0


def _check(ns, qs, qbars, log_K, d):
    ns = [int(v) for v in ns]
    if not ns or any(v < 0 for v in ns):
        raise ParameterValueError(f"mixture_log_probs: n must be one or more counts >= 0, got {ns!r}")
    if sum(ns) > MAX_MIXTURE_N:
        raise ParameterValueError(f"mixture_log_probs: sum(n) = {sum(ns)} is above MAX_MIXTURE_N = {MAX_MIXTURE_N}")
    if not (len(qs) == len(qbars) == len(ns)):
        raise ParameterValueError("mixture_log_probs: n, q and qbar must have the same length")
    for q, qb in zip(qs, qbars):
        if not (0.0 <= q <= 1.0 and 0.0 <= qb <= 1.0):
            raise ParameterValueError(f"mixture_log_probs: q = {q!r}, 1 - q = {qb!r} must be probabilities")
    if not (0.0 < d <= 1.0):
        raise ParameterValueError(f"mixture_log_probs: d = {d!r} must be in (0, 1]")
    if not log_K >= math.log(2.0) - 1e-15:
        raise ParameterValueError(f"mixture_log_probs: log K = {log_K!r} must be >= log 2")
    return ns


def _log_convolve(a, b):
    """log of the convolution of exp(a) and exp(b), term by term (no underflow)."""
    if a.size < b.size:
        a, b = b, a
    out = np.full(a.size + b.size - 1, -np.inf)
    for j in np.flatnonzero(np.isfinite(b)):
        seg = out[j:j + a.size]
        np.logaddexp(seg, a + b[j], out=seg)
    return out


class _Rows:
    """log G(c) and log(1 - G(c)) for the values of c asked for, each computed once."""

    def __init__(self, N, d):
        self.N, self.d = N, d
        self.lg = np.full(N + 1, np.nan)
        self.l1mg = np.full(N + 1, np.nan)

    def get(self, c):
        todo = c[np.isnan(self.lg[c])]
        if todo.size:
            cf = todo.astype(float)
            self.lg[todo] = log_binom_le(cf, self.d, self.N - cf, self.d)
            self.l1mg[todo] = log_binom_le(self.N - cf, self.d, cf, self.d, k=-1)
        return self.lg[c], self.l1mg[c]


def _terms(pmfs, W, rows, lK1):
    """Windowed log P(C = c), and the per-c log win and log lose terms."""
    acc, lo = np.zeros(1), 0
    for L in pmfs:
        m = L.max()
        keep = np.flatnonzero(L >= m - W)
        a, b = keep[0], keep[-1] + 1
        acc = _log_convolve(acc, L[a:b])
        lo += a
    c = lo + np.arange(acc.size)
    lg, l1mg = rows.get(c)
    with np.errstate(under="ignore", divide="ignore"):
        # log(1 - G) from G where G < 1/2: the row kernel's log(1 - G) is accurate only to
        # ~1e-12 absolute, which K - 1 = 2^20 would multiply
        l1m = np.where(lg < -math.log(2.0), np.log1p(-np.exp(lg)), l1mg)
    A = n_log_u(lK1, l1m)                        # (K - 1) log(1 - G)
    lose = log1mexp_neg(lK1 + log_neglog1m(lg, l1mg))     # log(1 - (1 - G)^(K-1))
    return acc + A, acc + lose


def mixture_log_probs(ns, qs, qbars, log_K, d):
    r"""$\log P(\mathrm{win})$ and $\log P(\mathrm{lose})$ of the race with several label sources, generic objective.

    Parameters
    ----------
    ns : sequence of int
        Labels per source, $n_k \ge 0$ (total at most `MAX_MIXTURE_N`).
    qs, qbars : sequence of float
        Per source, the probability $q_k$ that a label agrees with the aligned policy, and
        $1 - q_k$ (given separately so that a tiny $1 - q_k$ keeps its accuracy).
    log_K : float
        $\ln K$, $K \ge 2$.
    d : float
        Separation probability, in $(0, 1]$.

    Returns
    -------
    (float, float)
        $\log P(\mathrm{win})$ and $\log P(\mathrm{lose})$ (see the module docstring for
        the accuracy).

    Examples
    --------
    Two sources are the one source of their total when their $q$ agree:

    >>> import math
    >>> a = mixture_log_probs([40, 60], [0.8, 0.8], [0.2, 0.2], math.log(2**20), 0.3)
    >>> b = mixture_log_probs([100], [0.8], [0.2], math.log(2**20), 0.3)
    >>> math.isclose(a[0], b[0], rel_tol=1e-12) and math.isclose(a[1], b[1], rel_tol=1e-12)
    True
    """
    ns = _check(ns, qs, qbars, log_K, d)
    N = sum(ns)
    pmfs = [log_binom_pmf(np.arange(n + 1, dtype=float), float(n), float(q), float(qb))
            for n, q, qb in zip(ns, qs, qbars)]
    M = sum(float(L.max()) for L in pmfs)
    full = max(float(L.max() - L[np.isfinite(L)].min()) for L in pmfs)
    slack = _SLACK + len(ns) * math.log(N + 1.0)
    W = slack
    rows, lK1 = _Rows(N, float(d)), log_minus_one(float(log_K))
    while True:
        win, lose = _terms(pmfs, W, rows, lK1)
        floor = min(float(win.max()), float(lose.max()))
        need = M - floor + slack
        if need <= W or W >= full or not math.isfinite(need):
            if W < full and not math.isfinite(need):
                W = full + 1.0
                continue
            return min(log_sum_exp(win), 0.0), min(log_sum_exp(lose), 0.0)
        W = min(need + 1.0, full + 1.0)
