r"""Input validation: the `check_*` helpers every public function uses, in one place.

Each helper takes the parameter's name first and the value second, returns the value
converted (a float array, an int, ...) and raises a `bounds.errors` exception whose message
names the parameter, the offending value and the allowed domain:

* `check_real(name, value, domain)` — the type checks shared by every parameter: a real
  number or an array of them (not a string, a bool, `None`, a complex number or a sympy
  expression);
* `check_probability(name, x)` — a real number or array in $[0, 1]$, as a float array;
* `check_count(name, n, where)` — non-negative integers (as floats, so that counts beyond
  $2^{63}$ are allowed), optionally at most a maximum;
* `check_choice(name, value, choices)` — one of a few strings;
* `short(value)` — a user value as it appears in messages: shortened, one line;
* `as_output(x)` — what a public function returns: a Python float for a scalar, else the
  float array.

The domain checks of the model's own symbols (`n`, `K`, `eps`, ...) go through
`bounds.vocabulary.validate`, which uses these helpers and the domains declared there.

Examples
--------
>>> from bounds.validation import check_probability, check_count, check_choice
>>> check_probability("p", [0.1, 0.5])
array([0.1, 0.5])
>>> check_probability("p", 1.5)
Traceback (most recent call last):
...
bounds.errors.ParameterValueError: p=1.5 is outside its domain [0, 1] (a probability)
>>> check_count("n", 3.0)
array(3.)
>>> check_choice("adversary", "colluding", ("against", "colluding", "targeted"))
'colluding'
"""
from __future__ import annotations

import math
import numbers
from typing import Sequence

import numpy as np

from .errors import ParameterTypeError, ParameterValueError

__all__ = ["check_real", "check_probability", "check_error_rate", "check_positive", "check_count", "check_choice", "short", "as_output", "is_sympy"]


def is_sympy(value) -> bool:
    """True for sympy objects, without importing sympy.

    Examples
    --------
    >>> is_sympy(0.5)
    False
    """
    return any(c.__module__.startswith("sympy") for c in type(value).__mro__)


def short(value) -> str:
    """A user value as it appears in an error message: its repr, shortened, on one line.

    Examples
    --------
    >>> short(2**100)
    'an integer of 31 digits (about 2^100)'
    >>> short("x" * 200)[:20]
    "'xxxxxxxxxxxxxxxxxxx"
    """
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**15:
        return f"an integer of {len(str(abs(value)))} digits (about 2^{math.log2(abs(value)):.6g})"
    text = repr(value)
    if len(text) > 80:
        text = text[:60] + " ... " + text[-12:]
    return text


def check_real(name: str, value, domain, ctx: str = "") -> None:
    """Raise `ParameterTypeError` unless `value` is a real number or an array of them.

    Strings, bytes, bools, `None`, complex numbers and sympy expressions are refused;
    `domain` (a `bounds.Domain` or its description) and `ctx` (e.g. `" in duel.chernoff"`)
    go into the message. Arrays are checked by `bounds.vocabulary.Parameter.validate`,
    which looks at their dtype.

    Examples
    --------
    >>> check_real("eps", "0.1", "[0, 1/2]")
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterTypeError: eps must be a real number in [0, 1/2] or an array of such numbers, got str '0.1'
    """
    if is_sympy(value):
        raise ParameterTypeError(
            f"{name}{ctx} must be a number in {domain} or an array of such numbers, "
            f"got the sympy expression {value!r}; use Bound.relation for symbolic work",
            parameter=name, value=value, domain=domain,
        )
    if isinstance(value, (bool, np.bool_)) or value is None or isinstance(value, (str, bytes)):
        raise ParameterTypeError(
            f"{name}{ctx} must be a real number in {domain} or an array of such "
            f"numbers, got {type(value).__name__} {short(value)}",
            parameter=name, value=value, domain=domain,
        )
    if isinstance(value, numbers.Number) and not isinstance(value, numbers.Real):
        raise ParameterTypeError(
            f"{name}{ctx} must be a real number in {domain}, got {type(value).__name__} {short(value)}",
            parameter=name, value=value, domain=domain,
        )


def check_probability(name: str, x) -> np.ndarray:
    """`x` as a float array, after checking that every element is a probability in $[0, 1]$.

    Examples
    --------
    >>> check_probability("q", float("nan"))
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: q=nan is outside its domain [0, 1] (a probability)
    """
    what = "a probability in [0, 1] (a real number or an array of them)"
    if (x is None or isinstance(x, (bool, np.bool_, str, bytes))
            or (isinstance(x, numbers.Number) and not isinstance(x, numbers.Real))):
        raise ParameterTypeError(f"{name} must be {what}, got {type(x).__name__} {short(x)}",
                                 parameter=name, value=x, domain="[0, 1]")
    arr = np.asarray(x)
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise ParameterTypeError(f"{name} must be {what}, got {arr.dtype} {short(x)}",
                                 parameter=name, value=x, domain="[0, 1]")
    x = arr.astype(float)
    bad = ~((x >= 0) & (x <= 1))
    if np.any(bad):
        v = float(np.ravel(x[bad] if x.ndim else x)[0])
        raise ParameterValueError(f"{name}={v!r} is outside its domain [0, 1] (a probability)",
                                  parameter=name, value=v, domain="[0, 1]")
    return x


def check_error_rate(name: str, x, top_open: bool = False) -> np.ndarray:
    """`x` as a float array, after checking that every element is an error rate in $[0, 1/2]$ ($[0, 1/2)$ with `top_open`).

    A rater's error rate beyond 1/2 is a rater who inverts the label, which the symmetric
    model does not take; `top_open` also refuses 1/2 itself, where labels are coin flips.

    Examples
    --------
    >>> check_error_rate("eps", [0.1, 0.6])
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: eps=0.6 is outside its domain [0, 1/2] (an error rate)
    """
    e = check_probability(name, x)
    bad = (e >= 0.5) if top_open else (e > 0.5)
    if np.any(bad):
        v = float(np.ravel(e[bad] if e.ndim else e)[0])
        dom = "[0, 1/2)" if top_open else "[0, 1/2]"
        why = " (an error rate; at 1/2 labels are coin flips)" if top_open else " (an error rate)"
        raise ParameterValueError(f"{name}={v!r} is outside its domain {dom}{why}", parameter=name, value=v,
                                  domain=dom)
    return e


def check_positive(name: str, value, where: str = "", *, allow_inf: bool = False) -> np.ndarray:
    r"""`value` as a float array, after checking that every element is in $(0, \infty)$.

    Parameters
    ----------
    name : str
        The parameter's name, for the message.
    value : float or array_like
        The values.
    where : str
        The function checking, for the message.
    allow_inf : bool
        Also allow $+\infty$ (the domain is then $(0, \infty]$).

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    ParameterValueError
        Naming the parameter, the first bad value and the domain.

    Examples
    --------
    >>> check_positive("N", [1e9, 7e10])
    array([1.e+09, 7.e+10])
    >>> check_positive("C", -1.0, "compute_optimal")
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: C=-1.0 in compute_optimal is outside its domain (0, inf)
    """
    ctx = f" in {where}" if where else ""
    domain = "(0, inf]" if allow_inf else "(0, inf)"
    check_real(name, value, domain, ctx)
    arr = np.asarray(value)
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise ParameterTypeError(f"{name}{ctx} must be a real number in {domain} or an array of them, got "
                                 f"{arr.dtype} {short(value)}", parameter=name, value=value, domain=domain)
    arr = arr.astype(float)
    bad = ~(arr > 0) if allow_inf else ~((arr > 0) & np.isfinite(arr))
    if np.any(bad):
        v = float(np.ravel(arr[bad] if arr.ndim else arr)[0])
        raise ParameterValueError(f"{name}={v!r}{ctx} is outside its domain {domain}",
                                  parameter=name, value=v, domain=domain)
    return arr


def check_count(name: str, n, where: str = "", maximum: float | None = None, why: str = "") -> np.ndarray:
    """`n` as a float array, after checking that every element is a whole number $\\ge 0$.

    Parameters
    ----------
    name : str
        The parameter's name, for the message.
    n : int, float or array_like
        The counts.
    where : str
        Where the check happens (a function or bound id), for the message.
    maximum : float, optional
        The largest count allowed; `why` says why, in words.

    Examples
    --------
    >>> check_count("n", [1, 2.5], where="simulate.duel")
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: n=2.5 in simulate.duel must be a non-negative integer
    >>> check_count("n", 10**6, maximum=1000, why="the exact computation's limit")
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: n=1000000 is beyond 1000 (the exact computation's limit)
    """
    ctx = f" in {where}" if where else ""
    check_real(name, n, "integers >= 0", ctx)
    arr = np.asarray(n)
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise ParameterTypeError(f"{name}{ctx} must be a non-negative integer or an array of them, "
                                 f"got {arr.dtype} {short(n)}", parameter=name, value=n, domain="integers >= 0")
    arr = arr.astype(float)
    bad = ~np.isfinite(arr) | (arr != np.floor(arr)) | (arr < 0)
    if np.any(bad):
        v = float(np.ravel(arr[bad] if arr.ndim else arr)[0])
        raise ParameterValueError(f"{name}={v!r}{ctx} must be a non-negative integer",
                                  parameter=name, value=v, domain="integers >= 0")
    if maximum is not None and np.any(arr > maximum):
        big = float(arr.max())
        reason = f" ({why})" if why else ""
        raise ParameterValueError(f"{name}={big:.0f}{ctx} is beyond {maximum:.0f}{reason}",
                                  parameter=name, value=big, domain=f"integers in [0, {maximum:.0f}]")
    return arr


def check_choice(name: str, value, choices: Sequence[str], where: str = "") -> str:
    """`value` if it is one of `choices`, else a `ParameterValueError` listing them.

    Examples
    --------
    >>> check_choice("side", "upper", ("lower", "exact"))
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: side='upper' must be one of 'lower', 'exact'
    """
    if not isinstance(value, str) or value not in choices:
        ctx = f" in {where}" if where else ""
        raise ParameterValueError(f"{name}={short(value)}{ctx} must be one of {', '.join(map(repr, choices))}",
                                  parameter=name, value=value, domain=tuple(choices))
    return value


def as_output(x):
    """What a public function returns: a Python float for a 0-d result, else the float array.

    Adding 0.0 turns a negative zero into 0.0.

    Examples
    --------
    >>> as_output(np.asarray(-0.0)), as_output([1, 2])
    (0.0, array([1., 2.]))
    """
    x = np.asarray(x, dtype=float) + 0.0
    return float(x) if x.ndim == 0 else x
