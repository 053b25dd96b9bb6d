r"""Relations between expressions: building, orienting, composing and comparing them.

Examples
--------
>>> import sympy as sp
>>> a, b = sp.symbols("a b")
>>> compose("<=", "<"), same_rel(sp.Le(a, b), sp.Ge(b, a))
('<', True)
"""
from __future__ import annotations


import sympy as sp

__all__ = ["same_rel"]



REL = {"=": sp.Eq, "<=": sp.Le, "<": sp.Lt, ">=": sp.Ge, ">": sp.Gt}
_OP_OF = {"==": "=", "<=": "<=", "<": "<", ">=": ">=", ">": ">"}
TEX_OP = {"=": "=", "<=": r"\le", "<": "<", ">=": r"\ge", ">": ">"}
FLIP = {"=": "=", "<=": ">=", "<": ">", ">=": "<=", ">": "<"}


def make_rel(lhs, op, rhs):
    return REL[op](sp.sympify(lhs), sp.sympify(rhs), evaluate=False)


def op_of(r) -> str:
    return _OP_OF[r.rel_op]


def compose(a: str, b: str) -> str | None:
    if a == "=":
        return b
    if b == "=":
        return a
    up = {"<=", "<"}
    down = {">=", ">"}
    if a in up and b in up:
        return "<" if "<" in (a, b) else "<="
    if a in down and b in down:
        return ">" if ">" in (a, b) else ">="
    return None


def _canon(op, lhs, rhs):
    """`(kind, e)` with kind in {'=', '>=', '>'}: the relation says `e kind 0`."""
    if op == "=":
        return "=", lhs - rhs
    if op in ("<=", "<"):
        return (">=" if op == "<=" else ">"), rhs - lhs
    return op, lhs - rhs


def canon_rel(r):
    return _canon(op_of(r), r.lhs, r.rhs)


def same_rel(a, b) -> bool:
    r"""Structural identity of two relations up to orientation ($a \le b$ is $b \ge a$).

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b")
    >>> same_rel(sp.Le(a, b), sp.Ge(b, a)), same_rel(sp.Le(a, b), sp.Le(b, a))
    (True, False)
    """
    if a == b:
        return True
    try:
        return op_of(a) == FLIP[op_of(b)] and a.lhs == b.rhs and a.rhs == b.lhs
    except Exception:
        return False


def split_and(c):
    if isinstance(c, sp.And):
        out = []
        for a in c.args:
            out.extend(split_and(a))
        return out
    return [c]
