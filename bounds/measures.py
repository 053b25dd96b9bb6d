r"""Information measures, each defined once: symbolically and in a stable numeric form.

Every measure is available in two ways:

* as a function (`binary_entropy`, `bernoulli_kl`, ...) that takes numbers or arrays and
  returns floats computed stably (`log1p`, endpoints handled, no cancellation near the edges), or
  takes sympy expressions and returns a symbolic expression;
* as a sympy `Function` class (`BinaryEntropy`, `BernoulliKL`, ...) used inside the
  bounds' relations. `expr.rewrite(sympy.log)` expands it into elementary functions;
  `NUMERIC` maps each class to its numeric form so that `sympy.lambdify` produces the
  stable code.

All logarithms are natural (nats) unless `base=2` is passed.

Examples
--------
>>> from bounds.measures import binary_entropy, bsc_capacity
>>> round(float(binary_entropy(0.11, base=2)), 4)
0.4999
>>> round(float(bsc_capacity(0.2, base=2)), 7)   # 1 - h2(0.2) = 0.2780719...: the BSC capacity (Cover & Thomas 2006, Thm 7.1.1)
0.2780719
"""
from __future__ import annotations

import math
import numbers

import numpy as np
from scipy import special

__all__ = [
    "binary_entropy",
    "bernoulli_kl",
    "bhattacharyya",
    "chernoff_information",
    "bsc_capacity",
    "BinaryEntropy",
    "BernoulliKL",
    "Bhattacharyya",
    "ChernoffInformation",
    "NUMERIC",
]

LN2 = math.log(2.0)


def _is_symbolic(*args) -> bool:
    return any(any(c.__module__.startswith("sympy") for c in type(a).__mro__) for a in args)


def _cls(name):
    from . import _symbolic_measures

    return getattr(_symbolic_measures, name)


def _sp():
    import sympy

    return sympy


def _check_prob(name, x):
    if (x is None or isinstance(x, (bool, np.bool_, str, bytes))
            or (isinstance(x, numbers.Number) and not isinstance(x, numbers.Real))):
        raise TypeError(
            f"{name} must be a probability in [0, 1] (a real number or an array of them), "
            f"got {type(x).__name__} {x!r}"
        )
    arr = np.asarray(x)
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must be a probability in [0, 1] (a real number or an array of them), "
            f"got {arr.dtype} {x!r}"
        )
    x = arr.astype(float)
    bad = ~((x >= 0) & (x <= 1))
    if np.any(bad):
        v = float(np.ravel(x[bad] if x.ndim else x)[0])
        raise ValueError(f"{name}={v!r} is outside its domain [0, 1] (a probability)")
    return x


def _out(x):
    return float(x) if np.ndim(x) == 0 else x


# ----------------------------------------------------------------------------------
# numeric kernels (no validation; used by lambdify and by the public functions)


def _h_nats(p):
    """-p log p - (1 - p) log1p(-p), with 0 at p = 0 and p = 1 (where a product is 0 * -inf)."""
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


def _log1pmx(x):
    """log(1 + x) - x, accurate also for small |x| (series below 0.25)."""
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


def _kl_nats(p, q):
    """kl(p||q) = p g(u) + (1-p) g(v) + (p-q)^2/(q(1-q)), g = log1pmx, u=(p-q)/q, v=(q-p)/(1-q).

    The rewrite removes the first-order cancellation of the textbook form near p = q.
    Elsewhere with 0 < q < 1, kl = p log(p/q) + (1-p) log((1-p)/(1-q)) with each log ratio
    taken as log1p(u) or log1p(v) when the ratio is close to 1 (so that a small p and q,
    where 1 - p and 1 - q round, keep their relative accuracy); the textbook form
    (rel_entr) only where q is 0 or 1."""
    p, q = np.broadcast_arrays(np.asarray(p, float), np.asarray(q, float))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        textbook = special.rel_entr(p, q) + special.rel_entr(1.0 - p, 1.0 - q)
        inner = (q > 0) & (q < 1)
        qq = np.where(inner, q, 0.5)
        u = (p - qq) / qq
        v = (qq - p) / (1.0 - qq)
        near = inner & (np.abs(u) < 0.25) & (np.abs(v) < 0.25)
        stable = p * _log1pmx(u) + (1.0 - p) * _log1pmx(v) + (p - qq) ** 2 / (qq * (1.0 - qq))
        a = np.where(np.abs(u) < 0.5, np.log1p(u), np.log(p / qq))              # log(p/q)
        a = np.where(np.isinf(a) & (p > 0), np.log(p) - np.log(qq), a)          # p/q overflowed
        b = np.where(np.abs(v) < 0.5, np.log1p(v), np.log((1.0 - p) / (1.0 - qq)))
        far = np.where(p > 0, p * a, 0.0) + np.where(p < 1, (1.0 - p) * b, 0.0)
    return np.where(near, stable, np.where(inner, far, textbook))


def _kl_sym(q):
    """kl(q || 1-q) = (2q-1) log(q/(1-q)) = 2 x atanh(x) with x = 2q-1 (stable near 1/2)."""
    x = 2.0 * np.asarray(q, dtype=float) - 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 2.0 * x * np.arctanh(x)
    return np.where(np.abs(x) == 1.0, np.inf, out)


def _capacity_centre(x):
    """x atanh(x) + log1p(-x^2)/2, the capacity at eps = (1 - x)/2."""
    out = np.arctanh(x)
    out *= x
    out += 0.5 * np.log1p(-x * x)
    return out


def _capacity_nats(eps):
    """ln 2 - h(eps): as x atanh(x) + log1p(-x^2)/2 with x = 1 - 2 eps where |x| < 1/2 (no
    cancellation near eps = 1/2), as written elsewhere (forming 1 - 2 eps would lose the
    relative accuracy of a small eps, or of 1 - eps near 1)."""
    e = np.asarray(eps, dtype=float)
    x = 1.0 - 2.0 * e
    centre = np.abs(x) < 0.5
    with np.errstate(divide="ignore", invalid="ignore"):
        if e.ndim == 0:
            out = _capacity_centre(x) if centre else LN2 - _h_nats(e)
            return np.maximum(np.asarray(out, dtype=float), 0.0)
        # both forms everywhere, then pick: cheaper than indexing each branch's elements
        out = _capacity_centre(x)
        if not centre.all():
            edge = _h_nats(e)
            np.subtract(LN2, edge, out=edge)
            np.copyto(out, edge, where=~centre)
    return np.maximum(out, 0.0, out=out)


def _sym_kl(x, m):
    """kl(q || 1 - q) of the symmetric pair from the bias x = 2q - 1 and the minority m = min(q, 1 - q).

    2|x| atanh|x| where |x| < 1/2 (no cancellation near q = 1/2, given an accurate x), else
    |x| (log1p(-m) - log m) (relative accuracy for tiny m); inf at m = 0."""
    ax = np.abs(np.asarray(x, dtype=float))
    m = np.asarray(m, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        centre = 2.0 * ax * np.arctanh(np.minimum(ax, 0.5))
        edge = ax * (np.log1p(-m) - np.log(m))
    return np.where(ax < 0.5, centre, edge)


def _sym_capacity(x, m):
    """ln 2 - h(m), the capacity of a binary symmetric channel with crossover m = (1 - |x|)/2.

    x atanh(x) + log1p(-x^2)/2 where |x| < 1/2, ln 2 - h(m) elsewhere (see `_capacity_nats`)."""
    ax = np.abs(np.asarray(x, dtype=float))
    m = np.asarray(m, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        centre = _capacity_centre(np.minimum(ax, 0.5))
        edge = LN2 - _h_nats(m)
    return np.maximum(np.where(ax < 0.5, centre, edge), 0.0)


def _sym_bc(m):
    """Bhattacharyya coefficient of Bernoulli(q) and Bernoulli(1 - q): 2 sqrt(m (1 - m)), m = min(q, 1 - q)."""
    m = np.asarray(m, dtype=float)
    return 2.0 * np.sqrt(m * (1.0 - m))


def _bc(p, q):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    return np.sqrt(p * q) + np.sqrt((1.0 - p) * (1.0 - q))


def _expm1mx(x):
    """exp(x) - 1 - x, accurate also for small |x| (series below 0.25)."""
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


def _chernoff_nats(p, q, iters: int = 80):
    """Chernoff information of Bernoulli(p) vs Bernoulli(q) by bisection on lambda.

    f(l) = log(p^l q^(1-l) + (1-p)^l (1-q)^(1-l)) is convex on [0, 1] with f(0)=f(1)=0;
    C = -min f. Bisection on the sign of f'(l) (vectorized). Near p = q, f and f' are
    evaluated without first-order cancellation (f ~ (p - q)^2): with a = log(p/q),
    b = log((1-p)/(1-q)), f = log1p(l (q g(u) + (1-q) g(v)) + q e(l a) + (1-q) e(l b)),
    g = log1pmx, e = expm1mx, u = p/q - 1, v = (1-p)/(1-q) - 1 (the linear terms
    q u + (1-q) v vanish exactly). A point mass at x against anything else gives
    -log(mass the other puts on x)."""
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
        lin = qq * _log1pmx(u) + (1.0 - qq) * _log1pmx(v)         # = q a + (1-q) b

        def logmix(lam):
            far = np.logaddexp(lq + lam * a, l1q + lam * b)
            s = lam * lin + qq * _expm1mx(lam * a) + (1.0 - qq) * _expm1mx(lam * b)
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


_SYMBOLIC = ("BinaryEntropy", "BernoulliKL", "Bhattacharyya", "ChernoffInformation")


def __getattr__(name):
    # the sympy classes, imported on first use (numeric work never imports sympy)
    if name in _SYMBOLIC:
        from . import _symbolic_measures

        return getattr(_symbolic_measures, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def symbolic_classes() -> dict:
    r"""The sympy function classes of the measures, by name (imports sympy).

    Returns
    -------
    dict
        `{"BinaryEntropy": BinaryEntropy, ...}`.

    Examples
    --------
    >>> sorted(symbolic_classes())
    ['BernoulliKL', 'Bhattacharyya', 'BinaryEntropy', 'ChernoffInformation']
    """
    from . import _symbolic_measures

    return dict(_symbolic_measures.CLASSES)


#: Numeric implementation of each symbolic measure, for `sympy.lambdify(modules=[NUMERIC, ...])`.
NUMERIC = {
    "BinaryEntropy": _h_nats,
    "BernoulliKL": _kl_nats,
    "Bhattacharyya": _bc,
    "ChernoffInformation": _chernoff_nats,
}


# ----------------------------------------------------------------------------------
# public functions


def _scale(base):
    if base is None or base == "e":
        return 1.0
    if base == 2:
        return 1.0 / LN2
    raise ValueError(f"base={base!r} is not supported; use None (nats) or 2 (bits)")


def binary_entropy(p, base=None):
    r"""Binary entropy $h(p) = -p\log p - (1-p)\log(1-p)$.

    Parameters
    ----------
    p : float, array_like or sympy expression
        Probability in $[0, 1]$.
    base : {None, 2}
        None for nats (default), 2 for bits.

    Returns
    -------
    float, numpy.ndarray or sympy expression
        $h(p)$; exactly 0 at $p \in \{0, 1\}$.

    Examples
    --------
    >>> round(binary_entropy(0.5, base=2), 12)
    1.0
    >>> binary_entropy(0.0)
    0.0
    """
    scale = _scale(base)
    if _is_symbolic(p):
        return _cls("BinaryEntropy")(p) * (1 if scale == 1.0 else 1 / _sp().log(2))
    return _out(_h_nats(_check_prob("p", p)) * scale)


def bernoulli_kl(p, q, base=None):
    r"""Kullback–Leibler divergence $\mathrm{kl}(p\,\|\,q)$ between Bernoulli(p) and Bernoulli(q).

    Parameters
    ----------
    p : float, array_like or sympy expression
        First probability, in $[0, 1]$.
    q : float, array_like or sympy expression
        Second probability, in $[0, 1]$.
    base : {None, 2}
        None for nats (default), 2 for bits.

    Returns
    -------
    float, numpy.ndarray or sympy expression
        $p\log\frac{p}{q} + (1-p)\log\frac{1-p}{1-q}$; `inf` where $p$ puts mass where
        $q$ has none.

    Examples
    --------
    >>> round(bernoulli_kl(0.6, 0.4), 7)   # 0.6 ln(3/2) + 0.4 ln(2/3) = 0.2 ln(3/2) = 0.0810930...
    0.081093
    >>> bernoulli_kl(1.0, 0.0)
    inf
    """
    scale = _scale(base)
    if _is_symbolic(p, q):
        return _cls("BernoulliKL")(p, q) * (1 if scale == 1.0 else 1 / _sp().log(2))
    return _out(_kl_nats(_check_prob("p", p), _check_prob("q", q)) * scale)


def bhattacharyya(p, q):
    r"""Bhattacharyya coefficient $\mathrm{BC}(p, q) = \sqrt{pq} + \sqrt{(1-p)(1-q)}$ of two Bernoullis.

    Parameters
    ----------
    p : float, array_like or sympy expression
        First probability, in $[0, 1]$.
    q : float, array_like or sympy expression
        Second probability, in $[0, 1]$.

    Returns
    -------
    float, numpy.ndarray or sympy expression
        The coefficient, in $[0, 1]$; 1 iff $p = q$.

    Examples
    --------
    >>> round(bhattacharyya(0.8, 0.2), 12)
    0.8
    """
    if _is_symbolic(p, q):
        return _cls("Bhattacharyya")(p, q)
    return _out(_bc(_check_prob("p", p), _check_prob("q", q)))


def chernoff_information(p, q, base=None):
    r"""Chernoff information between Bernoulli(p) and Bernoulli(q).

    $C(p, q) = -\min_{\lambda\in[0,1]} \log \sum_x P(x)^\lambda Q(x)^{1-\lambda}$: the best
    error exponent of a test between the two (Chernoff 1952).

    Parameters
    ----------
    p : float, array_like or sympy expression
        First probability, in $[0, 1]$.
    q : float, array_like or sympy expression
        Second probability, in $[0, 1]$.
    base : {None, 2}
        None for nats (default), 2 for bits.

    Returns
    -------
    float, numpy.ndarray or sympy expression
        The Chernoff information (numeric: bisection on $\lambda$ to machine precision).

    Examples
    --------
    >>> import math
    >>> c = chernoff_information(0.8, 0.2)
    >>> abs(c + math.log(0.8)) < 1e-12     # symmetric pair: -log BC
    True
    """
    scale = _scale(base)
    if _is_symbolic(p, q):
        return _cls("ChernoffInformation")(p, q) * (1 if scale == 1.0 else 1 / _sp().log(2))
    return _out(_chernoff_nats(_check_prob("p", p), _check_prob("q", q)) * scale)


def bsc_capacity(eps, base=None):
    r"""Capacity of the binary symmetric channel with crossover $\varepsilon$: $\ln 2 - h(\varepsilon)$.

    This is the most information one label from a rater who errs at random with
    probability $\varepsilon$ can carry, whatever the query (even chosen adaptively).

    Parameters
    ----------
    eps : float, array_like or sympy expression
        Crossover probability in $[0, 1]$.
    base : {None, 2}
        None for nats (default), 2 for bits.

    Returns
    -------
    float, numpy.ndarray or sympy expression
        The capacity; 0 at $\varepsilon = 1/2$.

    Examples
    --------
    >>> round(bsc_capacity(0.1, base=2), 6)   # 1 - h2(0.1) = 0.5310044...: the BSC capacity
    0.531004
    """
    scale = _scale(base)
    if _is_symbolic(eps):
        return (_sp().log(2) - _cls("BinaryEntropy")(eps)) * (1 if scale == 1.0 else 1 / _sp().log(2))
    e = _check_prob("eps", eps)
    return _out(_capacity_nats(e) * scale)
