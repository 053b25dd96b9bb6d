r"""The canonical vocabulary: every symbol of the model, declared once.

Each `Parameter` carries its name, its sympy symbol (with the assumptions that sympy can
use), a LaTeX symbol, a description, its domain, a *typical* range and, for the optional
ones, a default. That one declaration drives input validation, the parameter tables in the
docs and the hypothesis strategies used by the tests.

| name | meaning | domain | default |
|---|---|---|---|
| `n` | number of labels (pairwise comparisons) | $[0, \infty)$ | |
| `K` | number of candidate policies; one is aligned | $[2, \infty)$ | |
| `bits` | $\log_2 K$: the same, as bits of intent (for $K$ beyond $2^{1023}$) | $[1, \infty)$ | |
| `d` | probability that a query separates the aligned policy from an unaligned one | $(0, 1]$ | |
| `eps` | probability that a rater flips a label at random | $[0, 1/2]$ | |
| `alpha` | fraction of labels written by an adversary (each against the aligned policy) | $[0, 1)$ | 0 |
| `s` | share of the queries separating a *deceptive* policy that are too hard to evaluate | $[0, 1]$ | 0 |
| `q_hard` | probability that a rater gets such a hard query right | $[0, 1]$ | 0 |
| `K_dec` | number of deceptive policies among the $K - 1$ unaligned ones | integers $\ge 1$ | 1 |
| `delta` | failure probability | $(0, 1)$ | |

`bits` is not a symbol of any relation: wherever a bound takes `K`, `bits=` may be given
instead (`K` $= 2^{\text{bits}}$), so that $K = 2^{2000}$ is an ordinary input. A Python
integer `K` too large for a float is converted to `bits` exactly.

Examples
--------
>>> from bounds.vocabulary import PARAMETERS
>>> PARAMETERS["eps"].domain
Domain('[0, 1/2]')
>>> PARAMETERS["eps"].validate(0.1)
array(0.1)
>>> PARAMETERS["s"].default
0.0
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from .errors import ParameterTypeError, ParameterValueError, UnknownNameError
from .validation import check_real, short

__all__ = ["Domain", "Parameter", "PARAMETERS", "SYMBOLS", "ORDER", "parameter", "validate", "ALIASES"]


def _fmt_end(x: float) -> str:
    """An end of a domain: a fraction with a small denominator (1/2), else %g; +-inf as inf."""
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    fr = Fraction(x).limit_denominator(16)
    if float(fr) == x and fr.denominator != 1:
        return f"{fr.numerator}/{fr.denominator}"
    return f"{x:g}"


@dataclass(frozen=True)
class Domain:
    r"""An interval of the real line, open or closed at each end, optionally integers only.

    Parameters
    ----------
    low : float
        Left end point ($-\infty$ allowed).
    high : float
        Right end point ($+\infty$ allowed).
    low_closed : bool
        Whether `low` belongs to the domain.
    high_closed : bool
        Whether `high` belongs to the domain.
    integer : bool
        Whether only integer values are allowed.

    Examples
    --------
    >>> Domain(0.0, 1.0, False, True)
    Domain('(0, 1]')
    >>> bool(Domain(0.0, 1.0, False, True).contains(0.0))
    False
    """

    low: float
    high: float
    low_closed: bool
    high_closed: bool
    integer: bool = False

    def contains(self, x):
        r"""Element-wise membership test (`nan` is never a member).

        Parameters
        ----------
        x : array_like
            Values to test.

        Returns
        -------
        numpy.ndarray of bool
            True where $x$ lies in the domain.

        Examples
        --------
        >>> Domain(0.0, 0.5, True, True).contains([0.0, 0.5, 0.6]).tolist()
        [True, True, False]
        """
        x = np.asarray(x, dtype=float)
        with np.errstate(invalid="ignore"):
            # comparisons with nan are False, so nan is never a member
            lo = x >= self.low if self.low_closed else x > self.low
            hi = x <= self.high if self.high_closed else x < self.high
            ok = np.asarray(lo & hi)
            if self.integer:
                ok &= np.where(np.isfinite(x), np.floor(x) == x, False)
        return ok

    def __str__(self) -> str:
        if self.integer and self.high == math.inf and self.low_closed:
            return f"integers >= {_fmt_end(self.low)}"
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{left}{_fmt_end(self.low)}, {_fmt_end(self.high)}{right}"

    def __repr__(self) -> str:
        return f"Domain({str(self)!r})"

    def latex(self) -> str:
        r"""The domain in LaTeX, e.g. `[0, \tfrac{1}{2}]`.

        Returns
        -------
        str
            LaTeX for the interval (integers: $\{0, 1, \dots\}$ style is written as an interval
            with the word "integers" left to the prose around it).

        Examples
        --------
        >>> Domain(0.0, float("inf"), True, False).latex()
        '[0, \\infty)'
        """

        def tex(v):
            if math.isinf(v):
                return r"\infty" if v > 0 else r"-\infty"
            fr = Fraction(v).limit_denominator(16)
            if float(fr) == v and fr.denominator != 1:
                return rf"\tfrac{{{fr.numerator}}}{{{fr.denominator}}}"
            return f"{v:g}"

        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{left}{tex(self.low)}, {tex(self.high)}{right}"

    def sympy_set(self):
        r"""The domain as a sympy set (`Interval`, or `Naturals0`/`Range` for integers).

        Returns
        -------
        sympy.Set
            The same set, for symbolic work (the derivations take their domains from here).

        Examples
        --------
        >>> Domain(0.0, 1.0, False, True).sympy_set()
        Interval.Lopen(0, 1)
        """
        import sympy as sp

        def s(v):
            if math.isinf(v):
                return sp.oo if v > 0 else -sp.oo
            fr = Fraction(v)
            return sp.Rational(fr.numerator, fr.denominator)

        if self.integer and self.high == math.inf and self.low_closed:
            return sp.Naturals0 if self.low == 0 else sp.Range(int(self.low), sp.oo)
        return sp.Interval(s(self.low), s(self.high), not self.low_closed, not self.high_closed)


@dataclass(frozen=True)
class Parameter:
    r"""One symbol of the model with everything needed to validate, document and test it.

    Parameters
    ----------
    name : str
        The keyword used everywhere in the API (`n`, `K`, `d`, ...).
    latex : str
        LaTeX symbol, e.g. `\varepsilon`.
    description : str
        One line saying what the symbol means.
    domain : Domain
        The values the symbol may take.
    typical : tuple of float
        A range of commonly used values (used for examples and test strategies).
    unit : str
        Unit, if any (e.g. `labels`).
    log_scale : bool
        Whether the symbol varies over orders of magnitude (affects root finding and
        test strategies).
    default : float or None
        Value used when a bound's optional input is not given (None: required).

    Examples
    --------
    >>> from bounds.vocabulary import PARAMETERS
    >>> p = PARAMETERS["delta"]
    >>> p.name, str(p.domain)
    ('delta', '(0, 1)')
    """

    name: str
    latex: str
    description: str
    domain: Domain
    typical: tuple
    unit: str = ""
    log_scale: bool = False
    default: float | None = None
    _symbol: list = field(default_factory=list, compare=False, repr=False)

    @property
    def symbol(self):
        r"""The sympy symbol (created on first use: sympy is not imported before it is needed).

        Its assumptions follow the domain (real; nonnegative, positive, integer where the
        domain says so).

        Returns
        -------
        sympy.Symbol
            The symbol, always the same object.

        Examples
        --------
        >>> from bounds.vocabulary import PARAMETERS
        >>> PARAMETERS["d"].symbol.is_positive
        True
        """
        if not self._symbol:
            import sympy as sp

            assumptions = {"real": True}
            if self.domain.low >= 0:
                assumptions["nonnegative"] = True
            if self.domain.low > 0 or (self.domain.low == 0 and not self.domain.low_closed):
                assumptions["positive"] = True
            if self.domain.integer:
                assumptions["integer"] = True
            self._symbol.append(sp.Symbol(self.name, **assumptions))
        return self._symbol[0]

    @property
    def optional(self) -> bool:
        """Whether the parameter has a default (bounds may be called without it)."""
        return self.default is not None

    def validate(self, value, *, where: str = ""):
        r"""Check a value (number or array) against the domain and return it as floats.

        Parameters
        ----------
        value : float, int or array_like
            The value(s) given by the user.
        where : str, optional
            Context added to the error message (e.g. the bound's id).

        Returns
        -------
        numpy.ndarray
            The value as a float array (0-d for scalars).

        Raises
        ------
        TypeError
            If the value is not a real number (bool, str, complex, None, ...).
        ValueError
            If any element is outside the domain (including `nan` and infinities
            that the domain does not contain). The message names the parameter, the
            offending value and the allowed domain.

        Examples
        --------
        >>> from bounds.vocabulary import PARAMETERS
        >>> PARAMETERS["d"].validate(0.0)
        Traceback (most recent call last):
        ...
        bounds.errors.ParameterValueError: d=0.0 is outside its domain (0, 1] (d: probability that a query separates the aligned policy from a given unaligned one)
        """
        ctx = f" in {where}" if where else ""
        check_real(self.name, value, self.domain, ctx)
        try:
            arr = np.asarray(value)
        except Exception as exc:  # pragma: no cover - exotic inputs
            raise ParameterTypeError(f"{self.name}{ctx} must be array_like of real numbers in {self.domain}: {exc}") from None
        if arr.dtype == object and arr.size and all(
            isinstance(v, numbers.Integral) and not isinstance(v, (bool, np.bool_)) for v in arr.flat
        ):
            # Python integers beyond int64
            try:
                arr = arr.astype(float)
            except OverflowError:
                big = max(arr.flat, key=abs)
                hint = "; give bits = log2 K instead" if self.name == "K" else ""
                raise ParameterValueError(
                    f"{self.name}={short(big)}{ctx} is too large for a float (domain {self.domain}){hint}"
                ) from None
        if arr.dtype == bool or arr.dtype.kind not in "iuf":
            raise ParameterTypeError(
                f"{self.name}{ctx} must be a real number in {self.domain} or an array of such "
                f"numbers, got {arr.dtype} {short(value)}"
            )
        arr = arr.astype(float, copy=False)
        if arr.size > 64 and not self.domain.integer:
            # fast path: the extremes decide (a nan makes min and max nan, which no domain contains)
            if self.domain.contains(arr.min()) and self.domain.contains(arr.max()):
                return arr
        ok = self.domain.contains(arr)
        if not ok.all():
            bad = arr[~ok] if arr.ndim else arr
            first = float(np.ravel(bad)[0])
            count = int(np.size(bad))
            extra = f" ({count} of {arr.size} values)" if arr.ndim and arr.size > 1 else ""
            raise ParameterValueError(
                f"{self.name}={first!r}{ctx} is outside its domain {self.domain}{extra} "
                f"({self.name}: {self.description})"
            )
        return arr

    def strategy(self, *, region: str = "typical"):
        r"""A hypothesis strategy drawing floats from the domain.

        Parameters
        ----------
        region : {'typical', 'domain'}
            Draw from the typical range, or from the whole domain (edges included
            where they are members).

        Returns
        -------
        hypothesis.strategies.SearchStrategy
            Strategy of Python floats (integer-valued for integer domains).

        Examples
        --------
        >>> from bounds.vocabulary import PARAMETERS
        >>> s = PARAMETERS["eps"].strategy()
        """
        from hypothesis import strategies as st

        if region not in ("typical", "domain"):
            raise ParameterValueError(f"region={region!r} is not one of 'typical', 'domain'")
        if self.domain.integer:
            lo = int(self.domain.low if region == "domain" else self.typical[0])
            hi = int(min(self.typical[1] if region == "typical" else 1e6, 1e15))
            return st.integers(lo, hi).map(float)
        if region == "typical":
            lo, hi = self.typical
            if self.log_scale and lo > 0:
                return st.floats(math.log(lo), math.log(hi)).map(lambda t: min(max(math.exp(t), lo), hi))
            return st.floats(lo, hi)
        lo, hi = self.domain.low, self.domain.high
        hi_f = min(hi, 1e15)
        return st.floats(
            lo, hi_f, exclude_min=not self.domain.low_closed,
            exclude_max=not self.domain.high_closed and hi_f == hi,
            allow_nan=False, allow_infinity=False,
        )


_INF = math.inf

#: The vocabulary: every parameter of the model by name (`n`, `K`, `d`, `eps`, `alpha`, `delta`, ...), with its
#: symbol, domain, description and unit.
PARAMETERS: dict[str, Parameter] = {
    p.name: p
    for p in [
        Parameter(
            "n", "n", "number of labels (pairwise comparisons)",
            Domain(0.0, _INF, True, False), (1.0, 1e5), unit="labels", log_scale=True,
        ),
        Parameter(
            "K", "K",
            "number of candidate policies, exactly one of them aligned (log2 K bits of intent)",
            Domain(2.0, _INF, True, False), (2.0, 2.0**40), log_scale=True,
        ),
        Parameter(
            "bits", r"\log_2 K",
            "log2 of the number of candidate policies (bits of intent); an alternative to K",
            Domain(1.0, _INF, True, False), (1.0, 40.0), unit="bits", log_scale=True,
        ),
        Parameter(
            "d", "d",
            "probability that a query separates the aligned policy from a given unaligned one",
            Domain(0.0, 1.0, False, True), (0.01, 1.0), log_scale=True,
        ),
        Parameter(
            "eps", r"\varepsilon", "probability that a rater flips a label at random",
            Domain(0.0, 0.5, True, True), (0.0, 0.45),
        ),
        Parameter(
            "alpha", r"\alpha",
            "fraction of labels written by an adversary, each against the aligned policy",
            Domain(0.0, 1.0, True, False), (0.0, 0.3), default=0.0,
        ),
        Parameter(
            "s", "s",
            "share of the queries separating a deceptive policy that are too hard for raters to evaluate",
            Domain(0.0, 1.0, True, True), (0.0, 0.5), default=0.0,
        ),
        Parameter(
            "q_hard", r"q_{\mathrm{hard}}",
            "probability that a rater gets a too-hard query right (below 1/2: raters prefer the deceptive output)",
            Domain(0.0, 1.0, True, True), (0.0, 0.6), default=0.0,
        ),
        Parameter(
            "K_dec", r"K_{\mathrm{dec}}",
            "number of deceptive policies among the K - 1 unaligned ones (those the hard queries favour)",
            Domain(1.0, _INF, True, False, integer=True), (1.0, 16.0), default=1.0,
        ),
        Parameter(
            "delta", r"\delta", "failure probability: P(the aligned policy does not win)",
            Domain(0.0, 1.0, False, False), (1e-12, 0.5), log_scale=True,
        ),
    ]
}

#: Order in which symbols are listed everywhere (`bits` is an alias of `K`, not a symbol).
ORDER = tuple(name for name in PARAMETERS if name != "bits")

#: Alternative inputs: alias -> the parameter it stands for.
ALIASES = {"bits": "K"}


class _Symbols(Mapping):
    """name -> sympy symbol, created on first access (importing sympy only then)."""

    def __getitem__(self, name):
        if name not in PARAMETERS:
            raise KeyError(name)
        return PARAMETERS[name].symbol

    def __iter__(self):
        return iter(PARAMETERS)

    def __len__(self):
        return len(PARAMETERS)

    def __repr__(self):
        return f"SYMBOLS({', '.join(PARAMETERS)})"


#: The sympy symbol of each parameter, by name (created lazily).
SYMBOLS: Mapping = _Symbols()


def parameter(name: str) -> Parameter:
    r"""Look up a parameter by name.

    Parameters
    ----------
    name : str
        One of the names in `PARAMETERS`.

    Returns
    -------
    Parameter
        Its declaration.

    Raises
    ------
    KeyError
        If the name is not in the vocabulary; the message lists the names.

    Examples
    --------
    >>> parameter("alpha").latex
    '\\alpha'
    """
    try:
        return PARAMETERS[name]
    except (KeyError, TypeError):
        raise UnknownNameError(
            f"unknown parameter {short(name)}; the vocabulary is {', '.join(PARAMETERS)}"
        ) from None


def validate(where: str = "", **values):
    r"""Validate several named values at once and broadcast them together.

    Parameters
    ----------
    where : str, optional
        Context for error messages.
    **values
        Parameter values by name.

    Returns
    -------
    dict of numpy.ndarray
        The validated float arrays, broadcast to a common shape.

    Raises
    ------
    TypeError, ValueError
        As `Parameter.validate`; also ValueError if the shapes do not broadcast.

    Examples
    --------
    >>> v = validate(n=[10, 20], eps=0.1)
    >>> v["eps"].shape
    (2,)
    """
    arrays = {name: parameter(name).validate(v, where=where) for name, v in values.items()}
    try:
        shaped = np.broadcast_arrays(*arrays.values())
    except ValueError as exc:
        shapes = ", ".join(f"{k}{np.shape(v)}" for k, v in arrays.items())
        raise ParameterValueError(f"parameter shapes do not broadcast together: {shapes}") from exc
    return dict(zip(arrays, shaped))
