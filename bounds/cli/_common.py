r"""What every command of the `bounds` tool shares: its error, and how it writes text and numbers.

User input in messages is quoted and escaped (`quote`); library messages lose their negative
zeros (`no_negative_zero`) and fit on one line (`one_line`); output is wrapped at `WIDTH`
columns (`wrap`); counts, hours, parameters and $K$ have their own formats; `jsonable` turns
a result into plain JSON.
"""
from __future__ import annotations

import math
import re
import textwrap

from ..errors import BoundsError

#: Output lines are kept within this many columns.
WIDTH = 100


class CLIError(BoundsError):
    """An error reported on stderr as one line with exit code 2.

    Examples
    --------
    >>> str(CLIError("give --K or --bits (= log2 K), not both"))
    'give --K or --bits (= log2 K), not both'
    """


# ---------------------------------------------------------------------------- text
def quote(text, limit: int = 40) -> str:
    r"""A user-supplied string for a message: quoted, escaped like `repr`, shortened.

    Parameters
    ----------
    text : str
        What the user typed.
    limit : int
        Longest result before shortening.

    Returns
    -------
    str
        One line, at most about `limit` characters.

    Examples
    --------
    >>> quote("a\nb")
    "'a\\nb'"
    >>> quote("1" * 5000)
    "'11111111111111111111111111111'... (5000 characters)"
    """
    r = repr(str(text))
    if len(r) <= limit:
        return r
    return f"{r[:limit - 10]}'... ({len(text)} characters)"


_NEG_ZERO = re.compile(r"(?<![\w.])-0(?:\.0*)?(?![\d.eE])")


def no_negative_zero(text: str) -> str:
    """`-0` or `-0.0` written out by a library message becomes `0`.

    Examples
    --------
    >>> no_negative_zero("margin -0 <= 0, x = -0.0, y = -0.5, z = 1e-05")
    'margin 0 <= 0, x = 0, y = -0.5, z = 1e-05'
    """
    return _NEG_ZERO.sub("0", text)


def one_line(msg: str, limit: int = 800) -> str:
    r"""Escape every non-printable character (newlines included) and cap the length.

    Examples
    --------
    >>> one_line("a\nb\x1b")
    'a\\nb\\x1b'
    """
    out = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(msg))
    return out if len(out) <= limit else out[: limit - 30] + f" ... ({len(out)} characters)"


def wrap(text: str, indent: str = "  ", subsequent: str | None = None) -> list:
    """Lines of at most `WIDTH` columns, the first indented by `indent`, the others by `subsequent`.

    Examples
    --------
    >>> wrap("a b", "  ")
    ['  a b']
    >>> wrap("")
    ['']
    """
    return textwrap.wrap(text, width=WIDTH, initial_indent=indent,
                         subsequent_indent=indent if subsequent is None else subsequent,
                         break_long_words=True, break_on_hyphens=False) or [indent.rstrip()]


def short_covers(text: str) -> str:
    r"""The first clause of a `Bound.covers` text: up to the first `:` or `;` outside parentheses.

    Parameters
    ----------
    text : str
        The full statement of whom a bound covers.

    Returns
    -------
    str
        Its leading clause (the whole text if it has one clause).

    Examples
    --------
    >>> short_covers("every learner with passive queries, on the exchangeable class: every pair ...")
    'every learner with passive queries, on the exchangeable class'
    >>> short_covers("a class (K = 2; d <= 2/3); adaptive learners: set d = 1")
    'a class (K = 2; d <= 2/3)'
    """
    depth = 0
    for i, c in enumerate(text):
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(depth - 1, 0)
        elif c in ":;" and depth == 0:
            return text[:i].rstrip()
    return text.strip()


def message(exc) -> str:
    """The message of an exception (its first argument when that is a string).

    Examples
    --------
    >>> message(KeyError("no bound 'x'")), message(ZeroDivisionError())
    ("no bound 'x'", 'ZeroDivisionError')
    """
    if exc.args and isinstance(exc.args[0], str):
        return exc.args[0]
    return str(exc) or type(exc).__name__


# ---------------------------------------------------------------------------- numbers
def num(x) -> float:
    """A float without a negative zero.

    Examples
    --------
    >>> num(-0.0)
    0.0
    """
    return float(x) + 0.0


def fmt_count(x, missing: str = "-") -> str:
    r"""A number of labels for a table: thousands separated below $10^9$, 3 digits beyond.

    Examples
    --------
    >>> fmt_count(1059.0), fmt_count(3.0e12), fmt_count(float("inf")), fmt_count(None)
    ('1,059', '3e+12', 'inf', '-')
    """
    if x is None:
        return missing
    x = num(x)
    if math.isnan(x):
        return missing
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if abs(x) < 1e9:
        return f"{round(x):,}" if x == round(x) else f"{x:,.1f}"
    return f"{x:.3g}"


def fmt_hours(h) -> str:
    r"""Hours for a table: 2 significant digits below 1, one decimal below 10, whole hours up to $10^6$, then 3 digits.

    Examples
    --------
    >>> fmt_hours(0.0211), fmt_hours(6.03), fmt_hours(1234.5), fmt_hours(0.0), fmt_hours(None)
    ('0.021', '6.0', '1,234', '0', '-')
    """
    if h is None:
        return "-"
    h = num(h)
    if math.isinf(h):
        return "inf"
    if h == 0:
        return "0"
    if h < 1:
        return f"{h:.2g}"
    if h < 10:
        return f"{h:.1f}"
    if h < 1e6:
        return f"{h:,.0f}"
    return f"{h:.3g}"


def fmt_g(x) -> str:
    """A parameter value: up to 6 significant digits, never -0.

    Examples
    --------
    >>> fmt_g(-0.0), fmt_g(0.123456789)
    ('0', '0.123457')
    """
    return f"{num(x):.6g}"


def fmt_K(K: float, bits: float) -> str:
    r"""The number of candidate policies: digits while short, a power of two beyond.

    Examples
    --------
    >>> fmt_K(2.0**20, 20.0), fmt_K(1000.0, math.log2(1000)), fmt_K(math.inf, 2000.0)
    ('2^20 = 1,048,576', '1,000', '2^2000')
    >>> fmt_K(2.0**40, 40.0)
    '2^40 (about 1.1e+12)'
    """
    whole_bits = abs(bits - round(bits)) < 1e-9
    if math.isfinite(K) and K < 1e9 and not whole_bits:
        return f"{round(K):,}"
    if whole_bits and bits < 1e15:
        p = f"2^{round(bits)}"
        if bits < 10:
            return f"{round(K):,}"
        if K < 1e9:
            return f"{p} = {round(K):,}"
        return f"{p} (about {K:.2g})" if math.isfinite(K) else p
    return f"2^{bits:.6g}"


def fmt_val(v) -> str:
    """A value of a bound: a float's repr, or a list of them for an array.

    Examples
    --------
    >>> import numpy as np
    >>> fmt_val(0.5), fmt_val(np.array([1.0, -0.0]))
    ('0.5', '[1.0, 0.0]')
    """
    import numpy as np

    if np.ndim(v) == 0:
        return repr(num(v))
    return "[" + ", ".join(repr(num(x)) for x in np.ravel(v)) + "]"


def jsonable(x):
    """Plain JSON: inf as "inf", nan as null, numpy types as Python ones, no -0.0.

    Examples
    --------
    >>> import numpy as np
    >>> jsonable({"a": np.array([1.0, np.inf, np.nan]), "b": -0.0, "c": np.int64(3)})
    {'a': [1.0, 'inf', None], 'b': 0.0, 'c': 3}
    """
    import numpy as np

    if isinstance(x, dict):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, np.ma.MaskedArray):
        return [None if m else jsonable(v) for v, m in zip(x.data.tolist(), np.ma.getmaskarray(x).tolist())]
    if isinstance(x, np.ndarray):
        return [jsonable(v) for v in x.tolist()]
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (float, np.floating)):
        x = num(x)
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        if math.isnan(x):
            return None
        return x
    if isinstance(x, np.generic):
        return jsonable(x.item())
    return x
