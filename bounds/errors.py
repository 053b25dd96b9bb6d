r"""The exceptions and warnings of alignment-bounds: one family, rooted at `BoundsError`.

Every error the package raises on purpose is a `BoundsError`, and also a subclass of the
built-in exception a caller would expect, so code written against the built-ins keeps
working (`except ValueError` still catches a value outside its domain):

=========================  ==========================================  ============================
class                      raised when                                 also a
=========================  ==========================================  ============================
`BoundsError`              (base class; never raised itself)           `Exception`
`ParameterValueError`      a value is outside its parameter's domain,  `ValueError`
                           or parameters contradict each other
`ParameterTypeError`       a value has the wrong type (a string, a     `TypeError`
                           complex number, a sympy expression, ...)
`UnknownNameError`         a bound, parameter or method name is not    `KeyError`, `ValueError`
                           known
`DerivationError`          a derivation is malformed (not merely       `ValueError`
                           false)
`WitnessError`             a witness contradicts a bound               `AssertionError`
=========================  ==========================================  ============================

Warnings derive from `BoundsWarning` (a `UserWarning`): `NoSolutionWarning` (no value of
the unknown solves the equation: "no finite number of labels suffices") and
`SolutionOverflowWarning` (a solution exists but exceeds the largest double).

`ParameterValueError` and `ParameterTypeError` carry the parameter's name, the offending
value and the allowed domain as attributes (`parameter`, `value`, `domain`) where the
raiser knows them; their message always names all three.

Examples
--------
>>> import bounds
>>> try:
...     bounds.bound("duel.chernoff")(n=100, d=0.1, eps=1.5)
... except bounds.BoundsError as e:
...     print(type(e).__name__, "|", e)
ParameterValueError | eps=1.5 in duel.chernoff is outside its domain [0, 1/2] (eps: probability that a rater flips a label at random)
>>> issubclass(bounds.ParameterValueError, ValueError)
True
"""
from __future__ import annotations

__all__ = [
    "BoundsError",
    "ParameterValueError",
    "ParameterTypeError",
    "UnknownNameError",
    "DerivationError",
    "WitnessError",
    "BoundsWarning",
    "NoSolutionWarning",
    "SolutionOverflowWarning",
]


class BoundsError(Exception):
    """Base class of every error alignment-bounds raises on purpose.

    Examples
    --------
    >>> issubclass(ParameterValueError, BoundsError) and issubclass(WitnessError, BoundsError)
    True
    """


class _ParameterError(BoundsError):
    """Shared constructor: a message plus, where known, the parameter, its value and domain."""

    def __init__(self, message: str, *, parameter: str | None = None, value=None, domain=None):
        super().__init__(message)
        self.parameter = parameter
        self.value = value
        self.domain = domain


class ParameterValueError(_ParameterError, ValueError):
    """A value outside its parameter's domain, or parameters that contradict each other.

    Attributes
    ----------
    parameter : str or None
        The parameter's name (`"eps"`), where the raiser knows it.
    value : object
        The offending value.
    domain : object
        The allowed domain (a `bounds.Domain` or a description in words).

    Examples
    --------
    >>> e = ParameterValueError("eps=1.5 is outside its domain [0, 1]", parameter="eps", value=1.5)
    >>> isinstance(e, ValueError), e.parameter, e.value
    (True, 'eps', 1.5)
    """


class ParameterTypeError(_ParameterError, TypeError):
    """A value of the wrong type: a string, a complex number, a sympy expression, `None`, ...

    Attributes
    ----------
    parameter, value, domain
        As for `ParameterValueError`.

    Examples
    --------
    >>> isinstance(ParameterTypeError("n must be a number, got str '3'"), TypeError)
    True
    """


class UnknownNameError(BoundsError, KeyError, ValueError):
    """A bound id, parameter, option or method name that is not known.

    Both a `KeyError` (a lookup failed) and a `ValueError` (an argument had a bad value).
    Unlike a plain `KeyError`, its message prints without quotes.

    Examples
    --------
    >>> e = UnknownNameError("no bound 'nope' (bounds.catalog() lists them all)")
    >>> str(e), isinstance(e, KeyError), isinstance(e, ValueError)
    ("no bound 'nope' (bounds.catalog() lists them all)", True, True)
    """

    def __str__(self) -> str:
        return str(self.args[0]) if len(self.args) == 1 else super().__str__()


class DerivationError(BoundsError, ValueError):
    r"""A derivation is malformed (not merely false): raised while building it.

    Examples
    --------
    >>> from bounds.proof import Step
    >>> Step("~", 1, "no such relation")
    Traceback (most recent call last):
    ...
    bounds.errors.DerivationError: op='~' must be one of ['<', '<=', '=', '>', '>=']
    """


class WitnessError(BoundsError, AssertionError):
    r"""Raised by `bounds.witness.verify` when a witness contradicts a bound.

    The attribute `check` holds the evidence (a `bounds.witness.Check`).

    Examples
    --------
    >>> issubclass(WitnessError, AssertionError)
    True
    """

    def __init__(self, message: str, check=None):
        super().__init__(message)
        self.check = check


class BoundsWarning(UserWarning):
    """Base class of the warnings of alignment-bounds.

    Examples
    --------
    >>> issubclass(NoSolutionWarning, BoundsWarning)
    True
    """


class NoSolutionWarning(BoundsWarning):
    r"""Warned when `Bound.solve` finds no value of the unknown in its domain.

    The returned value is then `inf` (for an unknown with no upper end, such as `n`:
    "no finite number of labels suffices") or `nan` (for an unknown with a finite
    domain), and the warning says for how many points and why, in words true for that point.

    Examples
    --------
    >>> import warnings, bounds
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     n = bounds.bound("duel.chernoff").solve("n", d=0.5, eps=0.5, delta=0.1)
    >>> n, w[0].category.__name__
    (inf, 'NoSolutionWarning')
    """


class SolutionOverflowWarning(BoundsWarning):
    r"""Warned when the solution exists but exceeds the largest double ($1.8 \times 10^{308}$).

    The returned value is `inf`; unlike `NoSolutionWarning` a finite answer exists, and the
    message gives its order of magnitude. Solve for `bits` instead of `K` to get such
    answers as numbers.

    Examples
    --------
    >>> import warnings, bounds
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     K = bounds.bound("race.union_chernoff").solve("K", n=100000, d=1.0, eps=0.01, delta=0.5)
    >>> K, w[0].category.__name__
    (inf, 'SolutionOverflowWarning')
    >>> round(bounds.bound("race.union_chernoff").solve("bits", n=100000, d=1.0, eps=0.01, delta=0.5))
    232917
    """
