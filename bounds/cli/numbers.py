r"""Numbers typed on the command line, read without `eval`.

A number is a decimal (`0.1`, `1e-300`, `nan`, `inf`) or one power `a**b` or `a^b`; a leading
sign applies to the whole power, as in Python (`-2**2` is $-4$), and the exponent may carry
its own sign (`2**-3`). Decimals are read exactly and a power is computed once, from its
base-2 logarithm, so that a number beyond the largest float is reported with its size
(`2**2000` is about $2^{2000}$) rather than as an overflow. Every message quotes the text,
escaped and shortened.
"""
from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation, Overflow, localcontext

from ..errors import ParameterTypeError, ParameterValueError
from ._common import num, quote

__all__ = ["parse_number", "parse_number_with_bits"]

#: Longest number text accepted (longer input is refused, not parsed).
MAX_NUMBER_CHARS = 100_000


class _TooLarge(ParameterValueError):
    """A number beyond the largest float; `bits` is its base-2 logarithm."""

    def __init__(self, text, bits):
        super().__init__(f"{quote(text)} is too large for a float (about 2^{bits:.6g})")
        self.bits = bits


def _decimal(piece: str, text: str, *, signed: bool):
    p = piece.strip()
    if not signed and p[:1] in ("+", "-"):
        raise ParameterValueError(f"{quote(text)} is not a number (a sign goes in front of the power: -2**2 is -(2**2))")
    if not p:
        raise ParameterValueError(f"{quote(text)} is not a number (use e.g. 0.1, 1e-6 or 2**20)")
    try:
        x = Decimal(p)
    except (InvalidOperation, ValueError):
        x = None
    if x is None or x.is_snan():
        raise ParameterValueError(f"{quote(text)} is not a number (use e.g. 0.1, 1e-6 or 2**20)")
    return x


def _log2_decimal(x) -> float:
    """log2 of a positive, finite Decimal of any size."""
    return float(x.log10()) * math.log2(10.0)


def parse_number_with_bits(text: str):
    r"""Read a number as `parse_number` does, but give its size instead of failing when it overflows a float.

    Parameters
    ----------
    text : str
        The text, e.g. `"0.1"`, `"2**20"`, `"2**2000"`.

    Returns
    -------
    value : float
        The number (`inf` when it is beyond the largest float; `-0` is read as `0.0`).
    bits : float or None
        Its base-2 logarithm when it is a positive number beyond the largest float, else
        None (a number of candidates $K$ that large is given as `bits` = $\log_2 K$).

    Raises
    ------
    ValueError
        If the text is not a number, is `0` to a negative power, or is smaller than the
        smallest float.

    Examples
    --------
    >>> parse_number_with_bits("2**20")
    (1048576.0, None)
    >>> parse_number_with_bits("2**2000")
    (inf, 2000.0)
    """
    if not isinstance(text, str):
        raise ParameterTypeError(f"expected a string, got {type(text).__name__}")
    if len(text) > MAX_NUMBER_CHARS:
        raise ParameterValueError(f"{quote(text)} is too long to be read as a number (at most {MAX_NUMBER_CHARS:,} characters)")
    s = text.strip()
    negative = s[:1] == "-"
    if s[:1] in "+-":
        s = s[1:]
    parts = re.split(r"\*\*|\^", s)
    if len(parts) > 2:
        raise ParameterValueError(f"{quote(text)} is not a number (at most one power: a**b)")
    base = _decimal(parts[0], text, signed=False)
    if len(parts) == 1:
        value, bits = float(base), None
        if math.isinf(value) and base.is_finite():
            bits = _log2_decimal(base)
        elif value == 0 and base.is_finite() and base != 0:
            raise ParameterValueError(f"{quote(text)} is smaller than the smallest float")
    else:
        exp = _decimal(parts[1], text, signed=True)
        value, bits = _power(base, exp, text)
    if negative:
        value, bits = -value, None
    return num(value), bits


def _power(base, exp, text):
    """base ** exp for Decimals with base >= 0: (float value, log2 if it overflows)."""
    if base.is_nan() or exp.is_nan():
        return math.nan, None
    if base == 0:
        if exp < 0:
            raise ParameterValueError(f"{quote(text)} is not a number: 0 to a negative power is undefined (division by zero)")
        return (1.0 if exp == 0 else 0.0), None
    if exp == 0 or base == 1:
        return 1.0, None
    if base.is_infinite():
        return (math.inf if exp > 0 else 0.0), None
    lg = float(exp) * _log2_decimal(base)  # log2 of the result
    if math.isnan(lg):
        return math.nan, None
    if lg >= 1024:
        return math.inf, lg
    if lg < -1074:
        raise ParameterValueError(f"{quote(text)} is smaller than the smallest float (about 2^{lg:.6g})")
    with localcontext() as ctx:  # the result is within the float range: 40 digits, then rounded once
        ctx.prec = 40
        try:
            value = float(base**exp)
        except Overflow:  # pragma: no cover - lg < 1024 above
            return math.inf, lg
    return value, (lg if math.isinf(value) else None)


def parse_number(text: str) -> float:
    r"""Read a number given on the command line. Never uses `eval`.

    Accepted: decimals (`0.1`, `1e-300`, `nan`, `inf`) and one power `a**b` or `a^b`;
    a leading sign applies to the whole power, as in Python (`-2**2` is $-4$), and the
    exponent may carry its own sign (`2**-3`).

    Parameters
    ----------
    text : str
        The text, e.g. `"0.1"`, `"1e-300"`, `"2**20"`.

    Returns
    -------
    float
        The number (`-0` is read as `0.0`).

    Raises
    ------
    ValueError
        If the text is not a number, is `0` to a negative power, or is too large or too
        small for a float (`2**2000`: give `K` as `bits = 2000` instead); the message
        quotes the text, escaped and shortened.

    Examples
    --------
    >>> parse_number("2^20"), parse_number("-2**2"), parse_number("-0.5**2"), parse_number("2**-3")
    (1048576.0, -4.0, -0.25, 0.125)
    >>> parse_number("0**-1")
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: '0**-1' is not a number: 0 to a negative power is undefined (division by zero)
    """
    value, bits = parse_number_with_bits(text)
    if bits is not None:
        raise _TooLarge(text, bits)
    return value
