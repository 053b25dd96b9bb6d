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

from . import kernels
from .errors import ParameterValueError
from .validation import as_output, check_probability

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


# ----------------------------------------------------------------------------------
# numeric kernels (no validation; used by lambdify and by the public functions)


























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
    "BinaryEntropy": kernels.entropy_nats,
    "BernoulliKL": kernels.kl_nats,
    "Bhattacharyya": kernels.bc,
    "ChernoffInformation": kernels.chernoff_nats,
}


# ----------------------------------------------------------------------------------
# public functions


def _scale(base):
    if base is None or base == "e":
        return 1.0
    if base == 2:
        return 1.0 / LN2
    raise ParameterValueError(f"base={base!r} is not supported; use None (nats) or 2 (bits)")


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
    return as_output(kernels.entropy_nats(check_probability("p", p)) * scale)


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
    return as_output(kernels.kl_nats(check_probability("p", p), check_probability("q", q)) * scale)


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
    return as_output(kernels.bc(check_probability("p", p), check_probability("q", q)))


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
    return as_output(kernels.chernoff_nats(check_probability("p", p), check_probability("q", q)) * scale)


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
    e = check_probability("eps", eps)
    return as_output(kernels.capacity_nats(e) * scale)
