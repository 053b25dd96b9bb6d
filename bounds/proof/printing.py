r"""LaTeX for the derivation pages: sympy's printer, keeping the written order of displays.

Examples
--------
>>> import sympy as sp
>>> with sp.evaluate(False):
...     e = 1 - sp.Symbol("d")
>>> latex(e)
'1 - d'
"""
from __future__ import annotations

import re

import sympy as sp
from sympy.printing.latex import LatexPrinter

from .notation import Opaque

__all__ = ["latex", "Said", "say", "Code"]


class _Printer(LatexPrinter):
    """LaTeX printer for pages: unevaluated sums are flattened and printed in written order."""

    def __init__(self, settings=None):
        s = {"order": "none"}
        s.update(settings or {})
        super().__init__(s)

    def _print_Add(self, expr, order=None):
        terms = _flat_args(expr, sp.Add)
        if not _is_unevaluated(expr):
            terms = list(expr.as_ordered_terms()) if len(terms) > 1 else terms
            # closer to textbook order: positive constants first ("1 - x"), then the other
            # positive terms, then the subtracted ones ("ln K - I", not "-I + ln K")
            consts = [t for t in terms if t.is_number and t.is_positive]
            pos = [t for t in terms if t not in consts and not _split_sign(t)[0]]
            neg = [t for t in terms if t not in consts and _split_sign(t)[0]]
            terms = consts + pos + neg
        tex = ""
        for i, term in enumerate(terms):
            neg, mag = _split_sign(term)
            if i == 0:
                tex += "-" if neg else ""
            else:
                tex += " - " if neg else " + "
            t = self._print(mag)
            if isinstance(mag, sp.Add) or (i > 0 or neg) and _needs_parens_in_sum(mag):
                t = r"\left(%s\right)" % t
            tex += t
        return tex

    def _print_Mul(self, expr):
        if len(expr.args) > 1 and expr.args[0] == 1:  # an unevaluated 1 * x (sympy.Sum wraps its summand so)
            rest = expr.args[1:]
            return self._print(rest[0] if len(rest) == 1 else sp.Mul(*rest, evaluate=False))
        return super()._print_Mul(expr)

    def _print_Pow(self, expr, **kwargs):
        b, x = expr.args
        if isinstance(b, sp.Function) and hasattr(b, "_latex") and not isinstance(b, Opaque) and x != sp.S.Half:
            # functions with their own LaTeX (the measures) may not take an exponent
            return r"\left(%s\right)^{%s}" % (self._print(b), self._print(x))
        return super()._print_Pow(expr, **kwargs)

    def _print_Symbol(self, expr, style="plain"):
        from ..vocabulary import PARAMETERS, SYMBOLS

        p = PARAMETERS.get(expr.name)
        if p is not None and SYMBOLS[expr.name] == expr:
            return p.latex
        return super()._print_Symbol(expr, style=style)

    def _print_Relational(self, expr):
        op = {"==": "=", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">", "!=": r"\ne"}[expr.rel_op]
        return "%s %s %s" % (self._print(expr.lhs), op, self._print(expr.rhs))

    def _print_BooleanTrue(self, expr):
        return r"\text{otherwise}"


def _is_unevaluated(expr) -> bool:
    try:
        return expr != expr.func(*expr.args)
    except Exception:  # pragma: no cover - defensive
        return True


def _flat_args(expr, kind):
    out = []
    for a in expr.args:
        if isinstance(a, kind):
            out.extend(_flat_args(a, kind))
        else:
            out.append(a)
    return out


def _split_sign(term):
    """(negative?, magnitude) without re-evaluating the term's structure."""
    if term.is_Number and term.is_negative:
        return True, -term
    if isinstance(term, sp.Mul) and term.args and term.args[0].is_Number and term.args[0].is_negative:
        c = -term.args[0]
        rest = term.args[1:]
        if c == 1:
            mag = rest[0] if len(rest) == 1 else sp.Mul(*rest, evaluate=False)
        else:
            mag = sp.Mul(c, *rest, evaluate=False)
        return True, mag
    return False, term


def _needs_parens_in_sum(e) -> bool:
    return isinstance(e, sp.Add)


def latex(expr) -> str:
    r"""LaTeX of an expression or relation as shown on derivation pages.

    Unevaluated expressions (built under `sympy.evaluate(False)`) keep their written order,
    so a display such as $1 - d + 2d\sqrt{q(1-q)}$ reads as written; evaluated expressions
    are printed by sympy, with a positive constant term first.

    Parameters
    ----------
    expr : sympy.Basic
        Expression or relation.

    Returns
    -------
    str
        LaTeX.

    Examples
    --------
    >>> import sympy as sp
    >>> d = sp.Symbol("d")
    >>> latex(1 - d)
    '1 - d'
    """
    return _Printer()._print(sp.sympify(expr))


def safe_latex(expr):
    try:
        return latex(expr)
    except Exception:  # a printer problem must not abort the check
        try:
            return sp.latex(expr)
        except Exception:
            return r"\text{%s}" % sp.sstr(expr).replace("_", r"\_")


# =====================================================================================
# the checker's accounts, in text and in Markdown


class Code(str):
    r"""An identifier in a checker's account (a premise id, an assumption key): code on a page.

    Examples
    --------
    >>> say("instance of {}", Code("prob.markov")).md
    'instance of `prob.markov`'
    """


class Said(str):
    r"""What the checker says about a step: plain text, with the same account as Markdown in `md`.

    The text (what `str` gives, and the command line prints) writes formulas as sympy
    prints them (`sstr`); `md` (what the derivation pages show) writes them as `$…$` LaTeX.
    Joining and concatenating keep both (`+`, `Said.join`); build one with `say`.

    Examples
    --------
    >>> import sympy as sp
    >>> s = say("{} ({})", sp.Ge(sp.Symbol("n"), 0), "sign proved")
    >>> print(s)
    n >= 0 (sign proved)
    >>> print(s.md)
    $n \ge 0$ (sign proved)
    >>> print(("computed: " + s).md)
    computed: $n \ge 0$ (sign proved)
    """

    md: str

    def __new__(cls, text="", md=None):
        obj = super().__new__(cls, text)
        obj.md = markdown_of(str(text)) if md is None else md
        return obj

    def __add__(self, other):
        return Said(str(self) + str(other), self.md + markdown_of(other))

    def __radd__(self, other):
        return Said(str(other) + str(self), markdown_of(other) + self.md)

    def join(self, parts):
        """`sep.join(parts)` keeping the Markdown of each part."""
        parts = list(parts)
        return Said(str.join(str(self), [str(p) for p in parts]), self.md.join(markdown_of(p) for p in parts))


def markdown_of(part) -> str:
    r"""Markdown of one part of an account: a formula as `$…$`, an identifier as code, text escaped.

    Examples
    --------
    >>> import sympy as sp
    >>> markdown_of(sp.Symbol("x") ** 2), markdown_of("a*b")
    ('$x^{2}$', 'a\\*b')
    """
    if isinstance(part, Said):
        return part.md
    if isinstance(part, Code):
        return f"`{part}`"
    if isinstance(part, str):
        return re.sub(r"([\\*_`\[\]<>|$])", r"\\\1", part)
    if isinstance(part, (sp.Basic, int, float)):
        return f"${safe_latex(part)}$"
    return markdown_of(str(part))


def _plain(part) -> str:
    if isinstance(part, str):
        return str(part)
    if isinstance(part, sp.Basic):
        return sp.sstr(part)
    return str(part)


def say(template: str, *parts) -> Said:
    r"""An account of a check, from a template with `{}` fields and the parts that fill them.

    Parts may be sympy objects (formulas), `Code` (identifiers), `Said` (accounts) or plain
    strings; the template's own words are plain text.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> s = say("the new form is the old one times {} ({})", 1 / x, "sign proved")
    >>> str(s), s.md
    ('the new form is the old one times 1/x (sign proved)', 'the new form is the old one times $\\frac{1}{x}$ (sign proved)')
    """
    pieces = template.split("{}")
    if len(pieces) != len(parts) + 1:
        raise ValueError(f"say({template!r}): {len(parts)} parts for {len(pieces) - 1} fields")
    text = pieces[0] + "".join(_plain(p) + t for p, t in zip(parts, pieces[1:]))
    md = markdown_of(pieces[0]) + "".join(markdown_of(p) + markdown_of(t) for p, t in zip(parts, pieces[1:]))
    return Said(text, md)
