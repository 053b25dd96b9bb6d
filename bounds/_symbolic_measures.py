r"""The information measures as sympy functions (imported on first symbolic use).

`bounds.measures` exposes these classes (`BinaryEntropy`, `BernoulliKL`, `Bhattacharyya`,
`ChernoffInformation`) lazily, so that numeric work never imports sympy.

Examples
--------
>>> import sympy as sp
>>> from bounds.measures import BinaryEntropy
>>> BinaryEntropy(sp.Rational(1, 2))
log(2)
"""
from __future__ import annotations

import sympy as sp

from . import kernels

__all__ = ["BinaryEntropy", "BernoulliKL", "Bhattacharyya", "ChernoffInformation", "CLASSES"]


def _with_power(tex, exp):
    """LaTeX of f(...)^exp as sympy's printer asks for it (exp is already LaTeX)."""
    return tex if exp is None else rf"\left({tex}\right)^{{{exp}}}"


class BinaryEntropy(sp.Function):
    r"""Binary entropy in nats, $h(p) = -p\ln p - (1-p)\ln(1-p)$ (symbolic).

    Examples
    --------
    >>> import sympy as sp
    >>> p = sp.Symbol("p")
    >>> BinaryEntropy(p).rewrite(sp.log)
    -p*log(p) - (1 - p)*log(1 - p)
    """

    nargs = 1

    @classmethod
    def eval(cls, p):
        if p.is_zero or (p - 1).is_zero:
            return sp.S.Zero
        if p == sp.Rational(1, 2):
            return sp.log(2)
        return None

    def _eval_rewrite_as_log(self, p, **kwargs):
        return -p * sp.log(p) - (1 - p) * sp.log(1 - p)

    def fdiff(self, argindex=1):
        r"""Derivative $h'(p) = \ln\frac{1-p}{p}$ (used by sympy's `diff`).

        Examples
        --------
        >>> import sympy as sp
        >>> p = sp.Symbol("p")
        >>> sp.diff(BinaryEntropy(p), p)
        -log(p) + log(1 - p)
        """
        (p,) = self.args
        return sp.log(1 - p) - sp.log(p)

    def _eval_evalf(self, prec):
        return self.rewrite(sp.log)._eval_evalf(prec)

    def _latex(self, printer, exp=None):
        return _with_power(r"h\!\left(%s\right)" % printer._print(self.args[0]), exp)


class BernoulliKL(sp.Function):
    r"""Bernoulli KL divergence in nats, $\mathrm{kl}(p, q) = p\ln\frac{p}{q} + (1-p)\ln\frac{1-p}{1-q}$.

    Examples
    --------
    >>> import sympy as sp
    >>> p, q = sp.symbols("p q")
    >>> BernoulliKL(p, q).rewrite(sp.log)
    p*log(p/q) + (1 - p)*log((1 - p)/(1 - q))
    """

    nargs = 2

    @classmethod
    def eval(cls, p, q):
        if (p - q).is_zero:
            return sp.S.Zero
        return None

    def _eval_rewrite_as_log(self, p, q, **kwargs):
        return p * sp.log(p / q) + (1 - p) * sp.log((1 - p) / (1 - q))

    def _eval_evalf(self, prec):
        return self.rewrite(sp.log)._eval_evalf(prec)

    def _latex(self, printer, exp=None):
        a, b = self.args
        return _with_power(r"\mathrm{kl}\!\left(%s \,\middle\|\, %s\right)" % (printer._print(a), printer._print(b)), exp)


class Bhattacharyya(sp.Function):
    r"""Bhattacharyya coefficient of Bernoulli(p) and Bernoulli(q): $\sqrt{pq} + \sqrt{(1-p)(1-q)}$.

    Examples
    --------
    >>> import sympy as sp
    >>> q = sp.Symbol("q", positive=True)
    >>> Bhattacharyya(q, 1 - q).rewrite(sp.sqrt)
    2*sqrt(q)*sqrt(1 - q)
    """

    nargs = 2

    def _eval_rewrite_as_sqrt(self, p, q, **kwargs):
        return sp.sqrt(p) * sp.sqrt(q) + sp.sqrt(1 - p) * sp.sqrt(1 - q)

    _eval_rewrite_as_log = _eval_rewrite_as_sqrt

    def _eval_evalf(self, prec):
        return self.rewrite(sp.sqrt)._eval_evalf(prec)

    def _latex(self, printer, exp=None):
        a, b = self.args
        return _with_power(r"\mathrm{BC}\!\left(%s, %s\right)" % (printer._print(a), printer._print(b)), exp)


class ChernoffInformation(sp.Function):
    r"""Chernoff information of Bernoulli(p) and Bernoulli(q) in nats:
    $C(p, q) = -\min_{0\le\lambda\le 1}\ln\left(p^\lambda q^{1-\lambda} + (1-p)^\lambda (1-q)^{1-\lambda}\right)$.

    No closed form in general; for the symmetric pair $(q, 1-q)$ the minimum is at
    $\lambda = 1/2$ and $C = -\ln \mathrm{BC}(q, 1-q)$.

    Examples
    --------
    >>> import sympy as sp
    >>> ChernoffInformation(sp.Rational(1, 5), sp.Rational(4, 5))
    -log(4/5)
    """

    nargs = 2

    @classmethod
    def eval(cls, p, q):
        if (p + q - 1).is_zero:
            return -sp.log(2 * sp.sqrt(p) * sp.sqrt(q))
        if (p - q).is_zero:
            return sp.S.Zero
        return None

    def _eval_evalf(self, prec):
        p, q = (float(a) for a in self.args)
        return sp.Float(float(kernels.chernoff_nats(p, q)), prec)

    def _latex(self, printer, exp=None):
        a, b = self.args
        return _with_power(r"C\!\left(%s, %s\right)" % (printer._print(a), printer._print(b)), exp)



#: name -> class
CLASSES = {c.__name__: c for c in (BinaryEntropy, BernoulliKL, Bhattacharyya, ChernoffInformation)}
