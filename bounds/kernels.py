r"""Numeric kernels: the raw, vectorized building blocks of every bound's numeric form.

These functions take floats or numpy arrays, do **no validation** and broadcast like numpy
ufuncs; the public, validated functions of `bounds.quantities` and `bounds.measures` and
the numeric forms of the catalogue's bounds are built from them. A new bound's kernel
should use them too, so that every bound shares one accurate form of each quantity:

* the rater model: `q_alpha` $= (1-\alpha)(1-\varepsilon)$, `qbar_alpha` $= 1 - q_\alpha$,
  `bias_alpha` $= 2q_\alpha - 1$ (in double-double, so that the margin keeps its relative
  accuracy near $\varepsilon = 1/2$), and with systematic error `p_dec`, `q_dec`,
  `qbar_dec`, `bias_dec`; `log_K` and `log_K_minus` for $\ln K$ and $\ln(K - m)$ when
  $K$ is no float ($K = 2^{2000}$);
* information measures in nats: `entropy_nats` $h(p)$, `kl_nats` $\mathrm{kl}(p\|q)$,
  `capacity_nats` $\ln 2 - h(\varepsilon)$, `bc` (Bhattacharyya coefficient),
  `chernoff_nats`, and their forms for the symmetric pair $(q, 1-q)$ given the bias
  $x = 2q-1$ and the minority $m = \min(q, 1-q)$: `kl_symmetric`, `capacity_symmetric`,
  `bc_symmetric`; the helpers `log1pmx` $= \ln(1+x) - x$ and `expm1mx` $= e^x - 1 - x$.

Double-double arithmetic follows Dekker (1971) and Knuth (TAOCP vol. 2, §4.2.2).

Examples
--------
>>> import math
>>> from bounds import kernels
>>> float(kernels.bias_alpha(0.5 - 1e-12, 0.0))     # 2 q - 1 with q = 1/2 + 1e-12, no cancellation
2e-12
>>> round(float(kernels.capacity_nats(0.2)) / math.log(2), 7)   # 1 - h2(0.2): Cover & Thomas (2006), Thm 7.1.1
0.2780719
"""
from __future__ import annotations

import math

import numpy as np
from scipy import special

__all__ = [
    "q_alpha", "qbar_alpha", "bias_alpha", "p_dec", "q_dec", "qbar_dec", "bias_dec",
    "log_K", "log_K_minus",
    "entropy_nats", "kl_nats", "capacity_nats", "bc", "chernoff_nats",
    "kl_symmetric", "capacity_symmetric", "bc_symmetric", "log1pmx", "expm1mx",
]

LN2 = math.log(2.0)


def _two_sum(a, b):
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _split(a):
    c = 134217729.0 * a  # 2^27 + 1
    hi = c - (c - a)
    return hi, a - hi


def _two_prod(a, b):
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _dd_add(x, y):
    s, e = _two_sum(x[0], y[0])
    e = e + (x[1] + y[1])
    return _two_sum(s, e)


def _dd_mul(x, y):
    p, e = _two_prod(x[0], y[0])
    e = e + (x[0] * y[1] + x[1] * y[0])
    return _two_sum(p, e)


def _one_minus(a):
    return _two_sum(1.0, -a)


def _f(v):
    return np.asarray(v, dtype=float)


def q_alpha(eps, alpha):
    r"""$q_\alpha = (1-\alpha)(1-\varepsilon)$: a separating label favours the aligned policy.

    Examples
    --------
    >>> float(q_alpha(0.2, 0.1))
    0.7200000000000001
    """
    return (1.0 - alpha) * (1.0 - eps)


def qbar_alpha(eps, alpha):
    r"""$1 - q_\alpha = \alpha + (1-\alpha)\varepsilon$, a sum of non-negative terms (relatively accurate).

    Examples
    --------
    >>> float(qbar_alpha(1e-300, 0.0))
    1e-300
    """
    return alpha + (1.0 - alpha) * eps


def bias_alpha(eps, alpha):
    r"""$2q_\alpha - 1 = (1-\alpha)(1-2\varepsilon) - \alpha$, in double-double (accurate near breakdown).

    Examples
    --------
    >>> float(bias_alpha(0.5 - 2.0**-40, 0.0)) == 2.0**-39
    True
    """
    eps, alpha = _f(eps), _f(alpha)
    with np.errstate(all="ignore"):
        r = _dd_add(_dd_mul(_one_minus(alpha), _one_minus(2.0 * eps)), (-alpha, 0.0 * alpha))
    return r[0] + r[1]


def p_dec(eps, s, q_hard):
    r"""$(1-s)(1-\varepsilon) + s\,q_{\mathrm{hard}}$: an honest rater's accuracy against a deceptive policy.

    Examples
    --------
    >>> round(float(p_dec(0.2, 0.5, 0.3)), 12)
    0.55
    """
    return (1.0 - s) * (1.0 - eps) + s * q_hard


def q_dec(eps, alpha, s, q_hard):
    r"""$q_{\mathrm{dec}} = (1-\alpha)\,((1-s)(1-\varepsilon) + s\,q_{\mathrm{hard}})$.

    Examples
    --------
    >>> round(float(q_dec(0.2, 0.1, 0.5, 0.3)), 12)
    0.495
    """
    return (1.0 - alpha) * p_dec(eps, s, q_hard)


def qbar_dec(eps, alpha, s, q_hard):
    r"""$1 - q_{\mathrm{dec}} = \alpha + (1-\alpha)((1-s)\varepsilon + s(1-q_{\mathrm{hard}}))$, non-negative terms.

    Examples
    --------
    >>> round(float(qbar_dec(0.2, 0.1, 0.5, 0.3)), 12)
    0.505
    """
    return alpha + (1.0 - alpha) * ((1.0 - s) * eps + s * (1.0 - q_hard))


def bias_dec(eps, alpha, s, q_hard):
    r"""$2q_{\mathrm{dec}} - 1 = (1-\alpha)((1-s)(1-2\varepsilon) + s(2q_{\mathrm{hard}}-1)) - \alpha$, in double-double.

    Examples
    --------
    >>> round(float(bias_dec(0.2, 0.0, 0.5, 0.3)), 12)
    0.1
    """
    eps, alpha, s, q_hard = _f(eps), _f(alpha), _f(s), _f(q_hard)
    with np.errstate(all="ignore"):
        zero = 0.0 * s
        inner = _dd_add(
            _dd_mul(_one_minus(s), _one_minus(2.0 * eps)),
            _dd_mul((s, zero), _two_sum(2.0 * q_hard, -1.0)),
        )
        r = _dd_add(_dd_mul(_one_minus(alpha), inner), (-alpha, zero))
    return r[0] + r[1]


def log_K(K=None, bits=None):
    r"""$\ln K$ from `K`, or from `bits` ($K = 2^{\text{bits}}$, for $K$ beyond the largest float).

    Examples
    --------
    >>> round(float(log_K(bits=2000)), 6)
    1386.294361
    """
    if bits is not None:
        return _f(bits) * LN2
    return np.log(_f(K))


def log_K_minus(lnK, m):
    r"""$\ln(K - m)$ from $\ln K$, for $0 < m < K$ (also for $K = 2^{2000}$, which is no float); $-\infty$ where $m \ge K$.

    Accurate to a few ulps of $\ln K$ (not relatively accurate where $K - m \ll K$).

    Examples
    --------
    >>> round(float(log_K_minus(log_K(K=1000.0), 1.0)), 12) == round(math.log(999), 12)
    True
    """
    with np.errstate(all="ignore"):
        # m/K rounded above 1 (m = K from a rounded ln K) means no policy left: log 0 = -inf
        return lnK + np.log1p(-np.minimum(_f(m) * np.exp(-lnK), 1.0))


def entropy_nats(p):
    r"""$h(p) = -p\ln p - (1-p)\ln(1-p)$ in nats, with $h(0) = h(1) = 0$.

    Examples
    --------
    >>> float(entropy_nats(0.5)) == math.log(2)
    True
    """
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = np.log1p(-p)
        h *= p - 1.0
        s = np.log(p)
        s *= p
        h -= s
    if isinstance(h, np.ndarray):
        ends = np.isnan(h)
        if ends.any():
            h[ends] = 0.0
        return h
    return np.float64(0.0) if h != h else h


def log1pmx(x):
    r"""$\ln(1+x) - x$, accurate also for small $|x|$ (a series below 0.25).

    Examples
    --------
    >>> float(log1pmx(1e-10))
    -4.999999999666667e-21
    """
    x = np.asarray(x, dtype=float)
    small = np.abs(x) < 0.25
    xs = np.where(small, x, 0.0)
    # -x^2/2 + x^3/3 - ... : Horner over 40 terms (0.25^40 ~ 1e-24)
    acc = np.zeros_like(xs)
    for k in range(41, 1, -1):
        acc = acc * xs + ((-1.0) ** (k + 1)) / k
    series = acc * xs * xs
    with np.errstate(divide="ignore", invalid="ignore"):
        direct = np.log1p(np.where(small, 0.0, x)) - np.where(small, 0.0, x)
    return np.where(small, series, direct)


def kl_nats(p, q):
    r"""$\mathrm{kl}(p\|q) = p\ln\frac{p}{q} + (1-p)\ln\frac{1-p}{1-q}$ in nats, stable near $p = q$ and at the ends.

    kl(p||q) = p g(u) + (1-p) g(v) + (p-q)^2/(q(1-q)), g = log1pmx, u=(p-q)/q, v=(q-p)/(1-q).

    The rewrite removes the first-order cancellation of the textbook form near p = q.
    Elsewhere with 0 < q < 1, kl = p log(p/q) + (1-p) log((1-p)/(1-q)) with each log ratio
    taken as log1p(u) or log1p(v) when the ratio is close to 1 (so that a small p and q,
    where 1 - p and 1 - q round, keep their relative accuracy); the textbook form
    (rel_entr) only where q is 0 or 1.

    Examples
    --------
    >>> round(float(kl_nats(0.5, 0.25)), 12)
    0.143841036226
    """
    p, q = np.broadcast_arrays(np.asarray(p, float), np.asarray(q, float))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        textbook = special.rel_entr(p, q) + special.rel_entr(1.0 - p, 1.0 - q)
        inner = (q > 0) & (q < 1)
        qq = np.where(inner, q, 0.5)
        u = (p - qq) / qq
        v = (qq - p) / (1.0 - qq)
        near = inner & (np.abs(u) < 0.25) & (np.abs(v) < 0.25)
        stable = p * log1pmx(u) + (1.0 - p) * log1pmx(v) + (p - qq) ** 2 / (qq * (1.0 - qq))
        a = np.where(np.abs(u) < 0.5, np.log1p(u), np.log(p / qq))              # log(p/q)
        a = np.where(np.isinf(a) & (p > 0), np.log(p) - np.log(qq), a)          # p/q overflowed
        b = np.where(np.abs(v) < 0.5, np.log1p(v), np.log((1.0 - p) / (1.0 - qq)))
        far = np.where(p > 0, p * a, 0.0) + np.where(p < 1, (1.0 - p) * b, 0.0)
    return np.where(near, stable, np.where(inner, far, textbook))


def _capacity_centre(x):
    """x atanh(x) + log1p(-x^2)/2, the capacity at eps = (1 - x)/2."""
    out = np.arctanh(x)
    out *= x
    out += 0.5 * np.log1p(-x * x)
    return out


def capacity_nats(eps):
    r"""$\ln 2 - h(\varepsilon)$, the capacity of a binary symmetric channel in nats, stable near $\varepsilon = 1/2$.

    ln 2 - h(eps): as x atanh(x) + log1p(-x^2)/2 with x = 1 - 2 eps where |x| < 1/2 (no
    cancellation near eps = 1/2), as written elsewhere (forming 1 - 2 eps would lose the
    relative accuracy of a small eps, or of 1 - eps near 1).

    Examples
    --------
    >>> float(capacity_nats(0.0)) == math.log(2)
    True
    """
    e = np.asarray(eps, dtype=float)
    x = 1.0 - 2.0 * e
    centre = np.abs(x) < 0.5
    with np.errstate(divide="ignore", invalid="ignore"):
        if e.ndim == 0:
            out = _capacity_centre(x) if centre else LN2 - entropy_nats(e)
            return np.maximum(np.asarray(out, dtype=float), 0.0)
        # both forms everywhere, then pick: cheaper than indexing each branch's elements
        out = _capacity_centre(x)
        if not centre.all():
            edge = entropy_nats(e)
            np.subtract(LN2, edge, out=edge)
            np.copyto(out, edge, where=~centre)
    return np.maximum(out, 0.0, out=out)


def kl_symmetric(x, m):
    r"""$\mathrm{kl}(q\|1-q)$ from the bias $x = 2q - 1$ and the minority $m = \min(q, 1-q)$: $2|x|\operatorname{atanh}|x|$ for $|x| < 1/2$, else $|x|(\ln(1-m) - \ln m)$; $\infty$ at $m = 0$.

    kl(q || 1 - q) of the symmetric pair from the bias x = 2q - 1 and the minority m = min(q, 1 - q).

    2|x| atanh|x| where |x| < 1/2 (no cancellation near q = 1/2, given an accurate x), else
    |x| (log1p(-m) - log m) (relative accuracy for tiny m); inf at m = 0.

    Examples
    --------
    >>> round(float(kl_symmetric(0.2, 0.4)), 12)   # 0.2 ln(0.6 / 0.4)
    0.081093021622
    """
    ax = np.abs(np.asarray(x, dtype=float))
    m = np.asarray(m, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        centre = 2.0 * ax * np.arctanh(np.minimum(ax, 0.5))
        edge = ax * (np.log1p(-m) - np.log(m))
    return np.where(ax < 0.5, centre, edge)


def capacity_symmetric(x, m):
    r"""$\ln 2 - h(m)$ from the bias $x$ and the minority $m = (1 - |x|)/2$, stable for every $x$.

    Examples
    --------
    >>> round(float(capacity_symmetric(0.2, 0.4)), 12)
    0.020135513551
    """
    ax = np.abs(np.asarray(x, dtype=float))
    m = np.asarray(m, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        centre = _capacity_centre(np.minimum(ax, 0.5))
        edge = LN2 - entropy_nats(m)
    return np.maximum(np.where(ax < 0.5, centre, edge), 0.0)


def bc_symmetric(m):
    r"""The Bhattacharyya coefficient of Bernoulli($q$) and Bernoulli($1-q$): $2\sqrt{m(1-m)}$, $m = \min(q, 1-q)$.

    Examples
    --------
    >>> round(float(bc_symmetric(0.4)), 12)
    0.979795897113
    """
    m = np.asarray(m, dtype=float)
    return 2.0 * np.sqrt(m * (1.0 - m))


def bc(p, q):
    r"""The Bhattacharyya coefficient $\sqrt{pq} + \sqrt{(1-p)(1-q)}$ of Bernoulli($p$) and Bernoulli($q$).

    Examples
    --------
    >>> float(bc(0.3, 0.3))
    1.0
    """
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    return np.sqrt(p * q) + np.sqrt((1.0 - p) * (1.0 - q))


def expm1mx(x):
    r"""$e^x - 1 - x$, accurate also for small $|x|$ (a series below 0.25).

    Examples
    --------
    >>> float(expm1mx(1e-8))
    5.000000016666667e-17
    """
    x = np.asarray(x, dtype=float)
    small = np.abs(x) < 0.25
    xs = np.where(small, x, 0.0)
    acc = np.ones_like(xs)
    for k in range(20, 2, -1):  # x^2/2 (1 + x/3 (1 + x/4 (...))); 0.25^18/20! ~ 1e-29
        acc = 1.0 + xs / k * acc
    series = 0.5 * xs * xs * acc
    with np.errstate(over="ignore", invalid="ignore"):
        direct = np.expm1(np.where(small, 0.0, x)) - np.where(small, 0.0, x)
    return np.where(small, series, direct)


def chernoff_nats(p, q, iters: int = 80):
    r"""The Chernoff information of Bernoulli($p$) and Bernoulli($q$) in nats, $-\min_{0\le\lambda\le1}\ln\sum_x p(x)^\lambda q(x)^{1-\lambda}$, by bisection on $\lambda$.

    Chernoff information of Bernoulli(p) vs Bernoulli(q) by bisection on lambda.

    f(l) = log(p^l q^(1-l) + (1-p)^l (1-q)^(1-l)) is convex on [0, 1] with f(0)=f(1)=0;
    C = -min f. Bisection on the sign of f'(l) (vectorized). Near p = q, f and f' are
    evaluated without first-order cancellation (f ~ (p - q)^2): with a = log(p/q),
    b = log((1-p)/(1-q)), f = log1p(l (q g(u) + (1-q) g(v)) + q e(l a) + (1-q) e(l b)),
    g = log1pmx, e = expm1mx, u = p/q - 1, v = (1-p)/(1-q) - 1 (the linear terms
    q u + (1-q) v vanish exactly). A point mass at x against anything else gives
    -log(mass the other puts on x).

    Examples
    --------
    >>> round(float(chernoff_nats(0.1, 0.9)), 12)   # symmetric pair: -ln(2 sqrt(0.09))
    0.510825623766
    """
    p, q = np.broadcast_arrays(np.asarray(p, float), np.asarray(q, float))
    inner = (p > 0) & (p < 1) & (q > 0) & (q < 1)
    pp = np.where(inner, p, 0.5)
    qq = np.where(inner, q, 0.25)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        u = (pp - qq) / qq
        v = (qq - pp) / (1.0 - qq)
        near = (np.abs(u) < 0.5) & (np.abs(v) < 0.5)
        lq, l1q = np.log(qq), np.log1p(-qq)
        a = np.where(near, np.log1p(u), np.log(pp) - lq)          # log(p/q)
        b = np.where(near, np.log1p(v), np.log1p(-pp) - l1q)      # log((1-p)/(1-q))
        lin = qq * log1pmx(u) + (1.0 - qq) * log1pmx(v)         # = q a + (1-q) b

        def logmix(lam):
            far = np.logaddexp(lq + lam * a, l1q + lam * b)
            s = lam * lin + qq * expm1mx(lam * a) + (1.0 - qq) * expm1mx(lam * b)
            return np.where(near, np.log1p(s), far)

        def slope(lam):  # has the sign of f'(lam)
            t1, t2 = lq + lam * a, l1q + lam * b
            m = np.maximum(t1, t2)
            far = np.exp(t1 - m) * a + np.exp(t2 - m) * b
            nr = lin + qq * a * np.expm1(lam * a) + (1.0 - qq) * b * np.expm1(lam * b)
            return np.where(near, nr, far)

        lo = np.zeros(p.shape)
        hi = np.ones(p.shape)
        for _ in range(iters):
            mid = 0.5 * (lo + hi)
            right = slope(mid) < 0
            lo = np.where(right, mid, lo)
            hi = np.where(right, hi, mid)
        val = -logmix(0.5 * (lo + hi))
        edge_q = np.where(q == 1, -np.log(p), -np.log1p(-p))   # q a point mass
        edge_p = np.where(p == 1, -np.log(q), -np.log1p(-q))   # p a point mass
    val = np.where(inner, val, np.where((q == 0) | (q == 1), edge_q, edge_p))
    val = np.where(p == q, 0.0, val)
    return np.maximum(val, 0.0)
