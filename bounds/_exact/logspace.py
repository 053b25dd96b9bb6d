r"""Small log-space helpers of the exact engine: sums, complements and powers of probabilities held as logs.

Each takes and returns logarithms, so that probabilities far below the smallest double
($e^{-10^6}$) and group sizes far above the largest ($N = e^{10^6}$) are fine.

Examples
--------
>>> import math
>>> from bounds._exact.logspace import log_add_exp, log_sum_exp
>>> log_add_exp(math.log(0.25), math.log(0.5)) == math.log(0.75)
True
>>> log_sum_exp([-1e6, -1e6]) == -1e6 + math.log(2)
True
"""
from __future__ import annotations

import math

import numpy as np

__all__ = ["log_neglog1m", "log1mexp_neg", "n_log_u", "log_sum_exp", "log_add_exp", "log_minus_one"]


def log_neglog1m(lx, l1mx):
    r"""$\log(-\log(1-x))$ from $\log x$ and $\log(1-x)$, using whichever is accurate.

    Examples
    --------
    >>> import math
    >>> round(float(log_neglog1m(math.log(1e-300), math.log1p(-1e-300))), 9) == round(math.log(1e-300), 9)
    True
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        x = np.exp(lx)
        # -log1p(-x) = x (1 + x/2 + x^2/3 + ...); log of the bracket = x/2 + 5x^2/24 + O(x^3)
        a_tiny = lx + x / 2 + 5 * x * x / 24
        a_mid = np.log(-np.log1p(-x))
        a_big = np.log(-l1mx)
        return np.where(x < 0.5, np.where(x < 1e-5, a_tiny, a_mid), a_big)


def log1mexp_neg(L):
    r"""$\log(1 - e^{-v})$ for $v = e^{L}$, i.e. $\log(-\mathrm{expm1}(u))$, $u = -e^L$.

    Examples
    --------
    >>> import math
    >>> math.isclose(float(log1mexp_neg(0.0)), math.log(1 - math.exp(-1)), rel_tol=1e-15)
    True
    """
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        v = np.exp(L)
        # 1 - e^{-v} = v (1 - v/2 + v^2/6 - ...); log of the bracket = -v/2 + v^2/24 + O(v^4)
        small = L - v / 2 + v * v / 24
        big = np.log(-np.expm1(-v))
        return np.where(v < 1e-5, small, big)


def n_log_u(lN, lu):
    r"""$N \log u$ for $N = e^{lN} \ge 0$ (possibly $e^{10^6}$) and $\log u = $ `lu` $\le 0$.

    $N = 0$ gives 0 whatever $u$ is ($u^0 = 1$).

    Examples
    --------
    >>> import math
    >>> float(n_log_u(math.log(3.0), math.log(0.5))) == 3 * math.log(0.5)
    True
    >>> float(n_log_u(-math.inf, -math.inf))
    0.0
    """
    lN, lu = np.broadcast_arrays(np.asarray(lN, dtype=float), np.asarray(lu, dtype=float))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        v = -np.exp(lN + np.log(-lu))
    return np.where(lN == -np.inf, 0.0, np.where(lu == 0.0, 0.0, v))


def log_sum_exp(v):
    r"""$\log \sum_i e^{v_i}$ as a float ($-\infty$ for no terms).

    Examples
    --------
    >>> log_sum_exp([])
    -inf
    """
    v = np.asarray(v, dtype=float)
    if v.size == 0:
        return -np.inf
    m = v.max()
    if not np.isfinite(m):
        return float(m)
    with np.errstate(under="ignore"):
        return float(np.log(np.exp(v - m).sum()) + m)


def log_add_exp(x, y):
    r"""$\log(e^x + e^y)$ as a float.

    Examples
    --------
    >>> log_add_exp(-float("inf"), 0.0)
    0.0
    """
    return float(np.logaddexp(x, y))


def log_minus_one(lN):
    r"""$\log(N - 1)$ from $\log N$ ($N \ge 1$; $-\infty$ for $N = 1$).

    Examples
    --------
    >>> import math
    >>> math.isclose(log_minus_one(math.log(3.0)), math.log(2.0), rel_tol=1e-15)
    True
    """
    if lN == -np.inf:
        return -np.inf
    with np.errstate(divide="ignore"):
        return lN + math.log1p(-math.exp(-lN)) if lN > 0 else -np.inf
