r"""Is a derivation's final relation the very relation its bound evaluates?

Examples
--------
>>> from bounds import derivations
>>> match_bound(derivations.get("duel.exact")).how
'identical'
"""
from __future__ import annotations


import sympy as sp

from .context import Context
from .notation import is_opaque_atom
from .numeric import format_point, refute_pair
from .relations import FLIP, make_rel, op_of
from .reports import MatchResult
from .signs import prove_zero
from .structure import Derivation, Step, assemble_cases, collect_defs, conclusion_of

__all__ = ["match_bound", "match_readable", "compare_relations", "evaluated"]

#: Largest difference (sympy operation count) that `match_bound` tries to simplify to 0.
MAX_SIMPLIFY_OPS = 400


def match_bound(derivation: Derivation, conclusion=None, bound=None) -> MatchResult:
    r"""Compare a derivation's final relation with its bound's relation.

    The stated substitutions (`derivation.subs`) are applied in order; the result must be
    identical to `Bound.relation` (structurally), or sympy-equal: same subject and
    relation, right-hand sides whose difference simplifies to $0$ (branch by branch for a
    `Piecewise`) on the vocabulary's domains.

    Parameters
    ----------
    derivation : Derivation
        The derivation.
    conclusion : sympy relation, optional
        Its final relation (default: computed from the structure, unchecked).
    bound : Bound, optional
        The bound (default: `bounds.bound(derivation.bound)`).

    Returns
    -------
    MatchResult
        `ok`, `how` and both relations.

    Examples
    --------
    >>> from bounds import derivations
    >>> m = match_bound(derivations.get("duel.hoeffding"))
    >>> m.ok, m.how
    (True, 'identical')
    """
    from .. import core

    if bound is None:
        try:
            bound = core.bound(derivation.bound)
        except KeyError as exc:
            return MatchResult(False, str(exc.args[0]))
    if conclusion is None:
        concls = [conclusion_of(c.steps) for c in derivation.cases]
        if any(c is None for c in concls):
            return MatchResult(False, "no conclusion", None, bound.relation)
        errs = []
        conclusion = assemble_cases(concls, [c.condition for c in derivation.cases], errs)
        if conclusion is None:
            return MatchResult(False, "; ".join(errs), None, bound.relation)
        if derivation.after:
            items = [Step(op_of(conclusion), conclusion.rhs, "", lhs=conclusion.lhs)] + list(derivation.after)
            conclusion = conclusion_of(items)
        conclusion = Context(defs=collect_defs(derivation)).expand(conclusion)
    derived = conclusion
    for old, new in derivation.subs:
        derived = _subs_rel(derived, old, new)
    return compare_relations(derived, bound.relation)


def compare_relations(derived, target) -> MatchResult:
    r"""Is `derived` the relation `target`: identical, or the same relation with sympy-equal sides?

    The right-hand sides are first compared numerically on the vocabulary's domains (a
    difference found is reported with its point), then their difference is simplified to
    $0$ (branch by branch for a `Piecewise`) when it is small enough to try.

    Examples
    --------
    >>> import sympy as sp
    >>> from bounds.vocabulary import SYMBOLS
    >>> n, delta = SYMBOLS["n"], SYMBOLS["delta"]
    >>> compare_relations(sp.Le(delta, 2 * sp.exp(-n) / 2), sp.Le(delta, sp.exp(-n))).how
    'identical'
    """
    from ..vocabulary import PARAMETERS, SYMBOLS

    if _rel_identical(derived, target):
        return MatchResult(True, "identical", derived, target)
    if op_of(derived) != op_of(target) or derived.lhs != target.lhs:
        if op_of(derived) == FLIP[op_of(target)] and derived.lhs == target.rhs:
            derived = make_rel(derived.rhs, FLIP[op_of(derived)], derived.lhs)
        else:
            return MatchResult(False, f"different relation: derived {sp.sstr(derived)}, bound {sp.sstr(target)}", derived, target)
    dom = {SYMBOLS[k]: sp.Interval(p.domain.low, p.domain.high, not p.domain.low_closed, not p.domain.high_closed)
           for k, p in PARAMETERS.items()}
    ctx = Context(dom)
    ce = refute_pair(derived.rhs, target.rhs, ctx)
    if ce is not None:
        p, a, b = ce
        return MatchResult(False, f"the right-hand sides differ: derived {a} vs bound {b} at {format_point(p)}", derived, target)
    diff = derived.rhs - target.rhs
    size = sp.count_ops(diff)
    if size > MAX_SIMPLIFY_OPS:
        # simplifying an expression this large can take hours: a derivation states its substitutions
        # (`subs`) so that its last line is the bound's relation itself
        return MatchResult(False, f"the right-hand sides are not identical, and their difference ({size} operations) is "
                                  f"too large to simplify; give substitutions (subs) that make them identical", derived, target)
    ok, how = prove_zero(diff, ctx)
    if ok:
        return MatchResult(True, f"sympy-equal ({how})", derived, target)
    return MatchResult(False, f"could not show the right-hand sides equal ({how})", derived, target)




def match_readable(derivation: Derivation, bound=None) -> MatchResult | None:
    r"""Is a derivation's readable form of its bound (`Derivation.readable`) the bound's relation?

    The abbreviations (`Derivation.where`) are substituted in order, the result is
    evaluated (the readable form is written unevaluated, to keep its order) and compared
    with `Bound.relation`: identical, or else equal as a function of the abbreviations (the
    bound's relation with each abbreviated expression put back as its symbol; the
    abbreviations' sympy assumptions must hold for what they stand for), or else as
    `match_bound` compares the last line.

    Parameters
    ----------
    derivation : Derivation
        The derivation.
    bound : Bound, optional
        The bound (default: `bounds.bound(derivation.bound)`).

    Returns
    -------
    MatchResult or None
        None when the derivation declares no readable form.

    Examples
    --------
    >>> from bounds import derivations
    >>> match_readable(derivations.get("duel.exact")).how
    'identical'
    """
    from .. import core

    if derivation.readable is None:
        return None
    if bound is None:
        try:
            bound = core.bound(derivation.bound)
        except KeyError as exc:
            return MatchResult(False, str(exc.args[0]))
    key = (derivation.readable, tuple(derivation.where), bound.relation)
    if key not in _READABLE_CACHE:  # mutants of a derivation share its readable form: compared once
        _READABLE_CACHE[key] = _match_readable(derivation, bound)
    return _READABLE_CACHE[key]


_READABLE_CACHE: dict = {}


def _match_readable(derivation, bound):
    rel, target = derivation.readable, bound.relation
    for old, new in derivation.where:  # functions first: they may use the other abbreviations
        if isinstance(new, sp.Lambda):
            rel = rel.replace(old, new)
    full = rel
    for old, new in derivation.where:
        if not isinstance(new, sp.Lambda):
            full = _subs_rel(full, old, new)
    full = evaluated(full)
    if _rel_identical(full, target):
        return MatchResult(True, "identical", full, target)
    # Compare in the abbreviations: the bound's relation with each abbreviated expression put
    # back as its symbol. Equal as functions of those symbols, they are equal after substituting.
    short = target
    for old, new in reversed(derivation.where):
        if not isinstance(new, sp.Lambda):
            short = _subs_rel(short, evaluated(new), old)
    out = compare_relations(evaluated(rel), short)
    if out.ok:
        return MatchResult(True, out.how + ", in the abbreviations", full, target)
    return compare_relations(full, target)


def evaluated(expr):
    r"""`expr` rebuilt with sympy's automatic evaluation (undoes `sympy.evaluate(False)`).

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> with sp.evaluate(False):
    ...     e = 2 * (x + x)
    >>> e, evaluated(e)
    (2*(x + x), 4*x)
    """
    if not isinstance(expr, sp.Basic) or not expr.args or isinstance(expr, (sp.Symbol, sp.Indexed)):
        return expr
    return expr.func(*[evaluated(a) for a in expr.args])


def _rel_identical(a, b):
    return op_of(a) == op_of(b) and a.lhs == b.lhs and a.rhs == b.rhs


def _subs_rel(r, old, new):
    def sub(e):
        if isinstance(old, sp.Symbol) or isinstance(old, sp.Indexed) or is_opaque_atom(old):
            return e.xreplace({old: new})
        return e.subs(old, new)

    return make_rel(sub(r.lhs), op_of(r), sub(r.rhs))
