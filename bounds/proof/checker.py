"""TODO."""
from __future__ import annotations

import sys
import time

import sympy as sp

from .context import Context
from .justifications import Algebra, Assembled
from .matching import match_bound
from .notation import atoms_of
from .numeric import as_float, format_point, refute
from .printing import latex, safe_latex
from .relations import TEX_OP, canon_rel, compose, make_rel, op_of
from .reports import Block, DerivationReport, MatchResult, StepReport
from .signs import prove_zero
from .status import DerivationError, Status, failure, success
from .structure import Define, Restate, Split, Step, assemble_cases, collect_defs, weakest


class StepEnv:
    def __init__(self):
        self.proposition = None


_STEP_CACHE: dict = {}


def _check_relation(relation, by: Justification, ctx: Context, env: StepEnv):
    try:
        key = (by.key(), sp.srepr(relation), ctx.key(), sp.srepr(env.proposition) if env.proposition is not None else "")
    except Exception:  # pragma: no cover - unhashable exotic keys
        key = None
    if key is not None and key in _STEP_CACHE:
        return _STEP_CACHE[key]
    try:
        out = by.check(relation, ctx, env)
    except DerivationError as exc:
        out = failure(str(exc))
    except Exception as exc:  # a bug or sympy failure is a failed check, never a pass
        out = failure(f"checker error: {type(exc).__name__}: {exc}")
    if key is not None:
        _STEP_CACHE[key] = out
    return out




def _tex_or_display(expr, display, ctx, what):
    """LaTeX for a side; if a display is given, check it equals the expression."""
    if display is None:
        return safe_latex(expr), None
    disp = sp.sympify(display)
    if disp == expr:
        return latex(disp), None
    d = disp - expr
    ce = refute("=", d, ctx)
    if ce is not None:
        return latex(disp), f"the display of the {what} differs from the checked expression (at {format_point(ce)})"
    ok, how = prove_zero(sp.expand(d) if False else d, ctx)
    if not ok:
        return latex(disp), f"cannot verify that the display of the {what} equals the checked expression ({how})"
    return latex(disp), None


class _Checker:
    def __init__(self, deriv: Derivation, fail_fast=False):
        self.d = deriv
        self.fail_fast = fail_fast
        self.steps: list[StepReport] = []
        self.errors: list[str] = []
        self.n = 0
        self.failed = False

    def report(self, kind, relation, text, by, outcome, lhs_tex, op, rhs_tex, path, seconds):
        self.n += 1
        sr = StepReport(
            number=self.n,
            kind=kind,
            relation=relation,
            text=text,
            justification=by.describe(),
            status=outcome.status,
            detail=outcome.detail,
            lhs_tex=lhs_tex,
            op_tex=TEX_OP[op],
            rhs_tex=rhs_tex,
            path=path,
            uses=[u.id for u in by.uses()],
            counterexample=outcome.counterexample,
            seconds=seconds,
        )
        self.steps.append(sr)
        if outcome.status == Status.FALSE:
            self.failed = True
        return sr

    def run_items(self, items, ctx: Context, path, blocks):
        """Check a list of items; returns the final proposition (or None)."""
        start = op = cur = None
        chain_block = None
        facts = []
        for it in items:
            if self.fail_fast and self.failed:
                return None
            t0 = time.perf_counter()
            if isinstance(it, Define):
                ctx = ctx.with_defs({it.symbol: it.expr})
                disp_tex, err = _tex_or_display(it.expr, it.display, ctx, "definition")
                if it.fact is not None:
                    fctx = ctx.with_hyps(*facts)
                    env = StepEnv()
                    env.proposition = make_rel(start, op, cur) if start is not None else None
                    # the fact is checked with the definition substituted: the symbol's own
                    # sign assumptions must not prove it
                    checked = make_rel(it.fact.lhs.xreplace({it.symbol: it.expr}), op_of(it.fact), it.fact.rhs.xreplace({it.symbol: it.expr}))
                    out = _check_relation(checked, it.by, fctx, env)
                    rel = it.fact
                else:
                    out = success(Status.PROVED, "definition")
                    rel = sp.Eq(it.symbol, it.expr, evaluate=False)
                if err:
                    out = failure(err)
                # sign assumptions of the symbol must be justified by the fact
                need = _sign_assumption(it.symbol)
                if need is not None and out.status != Status.FALSE:
                    if it.fact is None or not _fact_implies(it.fact, it.symbol, need):
                        out = failure(f"{it.symbol} is declared {need} but no checked fact establishes it")
                sr = self.report("define", rel, it.text, it.by if it.fact is not None else Algebra(), out,
                                 latex(it.symbol), "=", disp_tex, path, time.perf_counter() - t0)
                sr.justification = it.by.describe() if it.fact is not None else "definition"
                sr.claim = it.fact is not None
                blocks.append(Block("define", steps=[sr]))
                if it.fact is not None and out.status != Status.FALSE:
                    facts.append(it.fact)
                    ctx = ctx.with_hyps(it.fact)
                chain_block = None
                continue
            if isinstance(it, Split):
                blk = Block("split", title=it.text)
                blocks.append(blk)
                concls = []
                for k, sub in enumerate(it.cases):
                    cb = Block("case", title=sub.title or "", condition_tex=latex(sub.condition) if sub.condition is not sp.true else r"\text{otherwise}")
                    blk.children.append(cb)
                    sctx = ctx.with_hyps(*facts, sub.condition)
                    concl = self.run_items(sub.steps, sctx, path + (f"split {k + 1}",), cb.children)
                    concls.append(concl)
                if any(c is None for c in concls):
                    self.errors.append(f"{'/'.join(path)}: a sub-case has no conclusion")
                    return None
                first = weakest(concls)
                if first is None:
                    self.errors.append(f"{'/'.join(path)}: the sub-cases prove different propositions: "
                                       + "; ".join(sp.sstr(c) for c in concls))
                    return None
                ok, why = _exhaustive([s.condition for s in it.cases], ctx.with_hyps(*facts))
                if not ok:
                    self.errors.append(f"{'/'.join(path)}: the split is not shown to be exhaustive: {why}")
                if start is not None:
                    facts.append(make_rel(start, op, cur))
                start, op, cur = first.lhs, op_of(first), first.rhs
                chain_block = None
                continue
            # a Step or Restate
            env = StepEnv()
            env.proposition = make_rel(start, op, cur) if start is not None else None
            if it.lhs is not None:
                kind = "restate" if isinstance(it, Restate) else "start"
                lhs = it.lhs
                if start is not None and kind == "start":
                    facts.append(make_rel(start, op, cur))
                if start is not None and kind == "restate":
                    facts.append(make_rel(start, op, cur))
            else:
                kind = "chain"
                if start is None:
                    self.errors.append(f"{'/'.join(path) or 'main'}: a chain step without a starting expression")
                    return None
                lhs = cur
            relation = make_rel(lhs, it.op, it.rhs)
            sctx = ctx.with_hyps(*facts)
            out = _check_relation(relation, it.by, sctx, env)
            disp_l = disp_r = None
            if isinstance(it.display, tuple):
                disp_l, disp_r = it.display
            else:
                disp_r = it.display
            lhs_tex, err1 = _tex_or_display(lhs, disp_l, sctx, "left-hand side")
            rhs_tex, err2 = _tex_or_display(it.rhs, disp_r, sctx, "right-hand side")
            if (err1 or err2) and out.status != Status.FALSE:
                out = failure(err1 or err2)
            if kind == "chain" and chain_block is not None and chain_block.steps:
                # keep the display of the chain's left side consistent
                pass
            sr = self.report(kind, relation, it.text, it.by, out, lhs_tex, it.op, rhs_tex, path, time.perf_counter() - t0)
            if kind == "chain":
                new_op = compose(op, it.op)
                if new_op is None:
                    self.errors.append(f"step {sr.number}: the chain changes direction ({op} then {it.op})")
                    self.failed = True
                    new_op = it.op
                op = new_op
                cur = it.rhs
                if chain_block is None:
                    chain_block = Block("chain")
                    blocks.append(chain_block)
                chain_block.steps.append(sr)
            else:
                start, op, cur = lhs, it.op, it.rhs
                chain_block = Block("restate" if kind == "restate" else "chain", steps=[sr])
                blocks.append(chain_block)
        if start is None:
            return None
        return make_rel(start, op, cur)

    def run(self):
        t0 = time.perf_counter()
        d = self.d
        base = d.context()
        blocks = []
        concls = []
        conds = []
        for i, case in enumerate(d.cases):
            hyps = [case.condition] + [sp.Not(c.condition) for c in d.cases[:i]]
            ctx = base.with_hyps(*hyps)
            title = case.title or ""
            if case.condition is sp.true and len(d.cases) == 1:
                ctex = ""
            else:
                parts = [c for c in hyps if c is not sp.true and c is not True]
                ctex = r" \;\wedge\; ".join(safe_latex(c) for c in parts) if parts else r"\text{otherwise}"
            cb = Block("case", title=title, condition_tex=ctex)
            blocks.append(cb)
            concl = self.run_items(case.steps, ctx, (f"case {i + 1}",) if len(d.cases) > 1 else (), cb.children)
            if concl is None:
                if not (self.fail_fast and self.failed):
                    self.errors.append(f"case {i + 1} has no conclusion")
                concls.append(None)
            else:
                concls.append(concl)
            conds.append(case.condition)
        conclusion = None
        if all(c is not None for c in concls):
            conclusion = assemble_cases(concls, conds, self.errors)
        if conclusion is not None and d.after:
            ab = Block("case", title="Assembling the cases", condition_tex="")
            blocks.append(ab)
            # the after-steps continue from the assembled relation
            items = [Step(op_of(conclusion), conclusion.rhs, "the cases together", by=Assembled(), lhs=conclusion.lhs)] + list(d.after)
            conclusion2 = self.run_items(items, base, ("after",), ab.children)
            conclusion = conclusion2
        defs = collect_defs(d)
        if conclusion is not None:
            conclusion = Context(defs=defs).expand(conclusion)
        if self.fail_fast and self.failed:
            match = MatchResult(False, "not compared: a step failed")
        elif conclusion is None:
            match = MatchResult(False, "no conclusion")
        else:
            match = match_bound(d, conclusion)
        return DerivationReport(d, self.steps, blocks, conclusion, match, self.errors, time.perf_counter() - t0)




def _sign_assumption(sym):
    if getattr(sym, "is_positive", None):
        return "positive"
    if getattr(sym, "is_nonnegative", None) and not isinstance(sym, sp.Dummy):
        return "nonnegative"
    return None


def _fact_implies(fact, sym, need):
    if not isinstance(fact, sp.core.relational.Relational):
        return False
    kind, e = canon_rel(fact)
    if e == sym or (e.is_Add and e.as_independent(sym)[1] == sym and e.as_independent(sym)[0].is_nonnegative):
        return kind == ">" or (need == "nonnegative" and kind == ">=")
    return False


def _exhaustive(conds, ctx: Context):
    """Do the conditions cover the context? Univariate conditions only."""
    atoms = set()
    for c in conds:
        if c is True or c == sp.true:
            return True, "a condition is True"
        atoms |= atoms_of(c)
    if len(atoms) != 1:
        return False, "conditions on more than one variable"
    (x,) = atoms
    r = ctx.range(x)
    if r is None or as_float(r.lo) is None and r.lo != -sp.oo or as_float(r.hi) is None and r.hi != sp.oo:
        return False, f"no numeric range for {x}"
    whole = sp.Interval(r.lo, r.hi, not r.lo_closed, not r.hi_closed)
    try:
        covered = sp.Union(*[c.as_set() if not isinstance(x, sp.Symbol) else c.as_set() for c in conds])
    except Exception as exc:
        return False, str(exc)
    if whole.is_subset(covered):
        return True, "covers"
    return False, f"{whole} is not covered by {covered}"


def check(derivation: Derivation, fail_fast: bool = False) -> DerivationReport:
    r"""Check one derivation: every step, the structure, and the match with its bound.

    Parameters
    ----------
    derivation : Derivation
        The derivation.
    fail_fast : bool
        Stop at the first false step (used by the mutation tests).

    Returns
    -------
    DerivationReport
        Per-step statuses, the final relation and the comparison with the bound.

    Examples
    --------
    >>> import derivations
    >>> r = check(derivations.get("duel.hoeffding"))
    >>> r.ok, r.match.how
    (True, 'identical')
    """
    return _Checker(derivation, fail_fast=fail_fast).run()


def load():
    r"""Import the `derivations` package and return its derivations, sorted by id.

    Returns
    -------
    list of Derivation
        One per module of the package (modules whose name starts with `_` are helpers).

    Examples
    --------
    >>> ids = [d.id for d in load()]
    >>> "duel.chernoff" in ids
    True
    """
    return derivations_package().all()


def derivations_package():
    try:
        import derivations
    except ImportError:
        # a development checkout whose editable install predates the derivations package
        from pathlib import Path

        root = Path(__file__).resolve().parent.parent
        if not (root / "derivations" / "__init__.py").exists():
            raise
        sys.path.insert(0, str(root))
        import derivations
    return derivations


def check_all(ids: Sequence[str] | None = None) -> list:
    r"""Check every derivation (or those with the given ids).

    Parameters
    ----------
    ids : sequence of str, optional
        Derivation ids; default all.

    Returns
    -------
    list of DerivationReport
        In id order.

    Raises
    ------
    KeyError
        For an unknown id.

    Examples
    --------
    >>> [r.ok for r in check_all(["duel.hoeffding"])]
    [True]
    """
    ds = load()
    if ids:
        known = {d.id: d for d in ds}
        missing = [i for i in ids if i not in known]
        if missing:
            raise KeyError(f"no derivation {missing[0]!r}; known: {', '.join(sorted(known))}")
        ds = [known[i] for i in ids]
    return [check(d) for d in ds]
