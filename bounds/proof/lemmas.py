r"""Using a lemma: is a step an instance of it, and do its side conditions hold?

Examples
--------
>>> import sympy as sp
>>> from bounds.proof import Context
>>> x = sp.Symbol("x", nonnegative=True)
>>> discharge(sp.Gt(x + 1, 0, evaluate=False), Context({x: sp.Interval(0, sp.oo)}), None)
('proved', 'sign proved')
"""
from __future__ import annotations

from typing import TYPE_CHECKING


import sympy as sp

from .numeric import format_point, refute, undefined_side
from .premises import Assumption
from .printing import Code, Said, say
from .relations import canon_rel, same_rel
from .signs import nonzero_by_fact, prove_congruent, prove_sign, prove_zero
from .status import Status, failure, success

__all__ = []

if TYPE_CHECKING:  # annotations only
    from .context import Context


def match_instance(relation, inst, ctx, allow_factor=True):
    """Does `relation` say what `inst` says? Returns (ok, how)."""
    if same_rel(relation, inst):
        return True, "exactly"
    k1, e1 = canon_rel(relation)
    k2, e2 = canon_rel(inst)
    if k1 == "=" or k2 == "=":
        if k1 != k2:
            return False, "an equality and an inequality"
        for a, b in ((relation.lhs, inst.lhs), (relation.lhs, inst.rhs)):
            other_a = relation.rhs
            other_b = inst.rhs if b is inst.lhs else inst.lhs
            if refute("=", a - b, ctx) is None and refute("=", other_a - other_b, ctx) is None:
                ok1, _ = prove_congruent(a, b, ctx)
                ok2 = ok1 and prove_congruent(other_a, other_b, ctx)[0]
                if ok1 and ok2:
                    return True, "after simplification"
        return False, "the sides differ"
    if k1 == ">=" and k2 in (">=", ">") or k1 == ">" and k2 == ">":
        if e1 == e2:
            return True, "exactly"
        if not allow_factor:
            return False, "not the same relation"
        if refute("=", e1 - e2, ctx) is None and prove_zero(e1 - e2, ctx)[0]:
            return True, "after simplification"
        try:
            c = sp.cancel(sp.together(e1 / e2))
        except Exception:
            return False, "not the same relation"
        if c.is_number and c.is_positive:
            return True, say("times the positive constant {}", c)
        return False, "the relation differs from the lemma's (it is not the lemma's times a positive constant)"
    return False, "the lemma's direction does not give this relation"


def discharge(h, ctx: Context, env):
    """Discharge one hypothesis: returns (status, how). Status numeric if only sampled."""
    if isinstance(h, Assumption):
        if h.key in ctx.assumptions:
            return Status.PROVED, Said(f"assumption '{h.key}'", f"the assumption `{h.key}`")
        return Status.FALSE, Said(f"needs the assumption '{h.key}' ({h.text}), which the derivation does not state",
                                  f"needs the assumption `{h.key}` ({h.text}), which the derivation does not state")
    if isinstance(h, str):
        return Status.FALSE, f"unsupported hypothesis {h!r}"
    if h is True or h == sp.true:
        return Status.PROVED, "true"
    if h is False or h == sp.false:
        return Status.FALSE, "false"
    if isinstance(h, sp.And):
        worst = Status.PROVED
        hows = []
        for a in h.args:
            s, how = discharge(a, ctx, env)
            if s == Status.FALSE:
                return s, how
            if s == Status.NUMERIC:
                worst = s
            hows.append(how)
        return worst, "; ".join(hows)
    if isinstance(h, sp.Ne):
        d = h.lhs - h.rhs
        if nonzero_by_fact(d, ctx):
            return Status.PROVED, "established"
        for strict_sign in (d, -d):
            if prove_sign(strict_sign, ctx, strict=True)[0]:
                return Status.PROVED, "proved"
        return Status.FALSE, f"could not prove {sp.sstr(h)}"
    if not isinstance(h, sp.core.relational.Relational):
        return Status.FALSE, f"unsupported hypothesis {h!r}"
    for f in ctx.hyps:
        if isinstance(f, sp.core.relational.Relational) and same_rel(h, f):
            return Status.PROVED, "established"
    kind, e = canon_rel(h)
    for f in ctx.hyps:
        if isinstance(f, sp.core.relational.Relational) and not isinstance(f, sp.Ne):
            k2, e2 = canon_rel(f)
            if (k2 == kind or (kind == ">=" and k2 == ">")) and (e2 == e or (kind == "=" and e2 == -e)):
                return Status.PROVED, "established"
    ce = refute(kind, e, ctx)
    if ce is not None:
        return Status.FALSE, f"fails at {format_point(ce)}"
    if kind == "=":
        ok, how = prove_zero(e, ctx)
    else:
        ok, how = prove_sign(e, ctx, strict=(kind == ">"))
    if ok:
        return Status.PROVED, how
    return Status.FALSE, f"could not establish {sp.sstr(h)}"


def discharge_all(hyps, ctx, env, lemma, head):
    worst = Status.LEMMA
    notes = []
    sub = ctx.with_domain(lemma.domain) if lemma.domain else ctx
    for h in hyps:
        s, how = discharge(h, sub, env)
        label = Code(h.key) if isinstance(h, Assumption) else h
        if s == Status.FALSE:
            return failure(head + say("; side condition {}: {}", label, how))
        if s == Status.NUMERIC:
            worst = Status.NUMERIC
        if isinstance(h, Assumption):
            notes.append(Said(f"{h.key} ({how})", f"the assumption `{h.key}`"))
        else:
            notes.append(say("{} ({})", label, how))
    detail = head + (("; side conditions: " + Said("; ").join(notes)) if notes else "")
    return success(worst, detail)


def quick_equal(a, b, ctx):
    if a == b:
        return True
    if refute("=", a - b, ctx) is not None or undefined_side(a, b, ctx) is not None:
        return False
    return prove_congruent(a, b, ctx)[0]
