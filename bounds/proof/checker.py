r"""The checker: every item of a derivation, the structure, the bound, and what the proof rests on.

`check` checks one derivation: each step with its justification (one method per kind of
item: a definition, a case split, a step or restatement), the chains and cases, the match of
the final relation with the bound's (`match_bound`), the bound's numeric kernel against that
relation (`kernel_agreement`), the spot checks of the cited premises (`spot_check`) and the
derivations it uses as lemmas. `check_all` checks them all and propagates failures along
the dependency graph: a derivation that uses a failing one fails too, saying why.
"""
from __future__ import annotations

import time
import weakref
from dataclasses import dataclass, field
from typing import Sequence

import sympy as sp

from .agreement import kernel_agreement
from .context import Context
from .justifications import Algebra, Assembled, Justification, StepEnv
from .matching import match_bound, match_readable
from .notation import atoms_of
from .numeric import as_float, format_point, refute
from .printing import latex, safe_latex
from .relations import TEX_OP, canon_rel, compose, make_rel, op_of
from .reports import Block, DerivationReport, MatchResult, StepReport
from .signs import prove_zero
from .spotcheck import spot_check
from ..errors import UnknownNameError
from .status import DerivationError, Status, failure, success
from .structure import Define, Derivation, Restate, Split, Step, assemble_cases, collect_defs, weakest

__all__ = ["check", "check_all", "load", "derivations_package", "used_derivations", "lemma_failure"]


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


@dataclass
class _Chain:
    """The running proposition of a list of items: start REL current, and the facts so far."""

    start: object = None
    op: str | None = None
    cur: object = None
    block: object = None
    facts: list = field(default_factory=list)

    def proposition(self):
        return make_rel(self.start, self.op, self.cur) if self.start is not None else None

    def keep(self):
        """Keep the current proposition as an established fact (a new chain starts)."""
        if self.start is not None:
            self.facts.append(self.proposition())


class _Checker:
    """Checks the items of one derivation, one method per kind of item."""

    def __init__(self, deriv: Derivation, fail_fast=False):
        self.d = deriv
        self.fail_fast = fail_fast
        self.steps: list[StepReport] = []
        self.errors: list[str] = []
        self.n = 0
        self.failed = False

    def report(self, kind, relation, text, by, outcome, tex, path, seconds):
        """Record a step's verdict; `tex` is (lhs, op, rhs) with op one of '=', '<=', ..."""
        self.n += 1
        lhs_tex, op, rhs_tex = tex
        sr = StepReport(number=self.n, kind=kind, relation=relation, text=text, justification=by.describe(),
                        status=outcome.status, detail=outcome.detail, lhs_tex=lhs_tex, op_tex=TEX_OP[op],
                        rhs_tex=rhs_tex, path=path, uses=[u.id for u in by.uses()],
                        counterexample=outcome.counterexample, seconds=seconds)
        self.steps.append(sr)
        if outcome.status == Status.FALSE:
            self.failed = True
        return sr

    def run_items(self, items, ctx: Context, path, blocks):
        """Check a list of items; returns the final proposition (or None)."""
        chain = _Chain()
        for it in items:
            if self.fail_fast and self.failed:
                return None
            if isinstance(it, Define):
                ctx = self.define_item(it, ctx, chain, path, blocks)
            elif isinstance(it, Split):
                if not self.split_item(it, ctx, chain, path, blocks):
                    return None
            elif not self.step_item(it, ctx, chain, path, blocks):
                return None
        return chain.proposition()

    def define_item(self, it, ctx, chain, path, blocks):
        """An abbreviation, with its fact (if any) checked with the definition substituted; returns the new context."""
        t0 = time.perf_counter()
        ctx = ctx.with_defs({it.symbol: it.expr})
        disp_tex, err = _tex_or_display(it.expr, it.display, ctx, "definition")
        if it.fact is not None:
            # the symbol's own sign assumptions must not prove its fact
            checked = make_rel(it.fact.lhs.xreplace({it.symbol: it.expr}), op_of(it.fact), it.fact.rhs.xreplace({it.symbol: it.expr}))
            out = _check_relation(checked, it.by, ctx.with_hyps(*chain.facts), StepEnv(chain.proposition()))
            rel = it.fact
        else:
            out = success(Status.PROVED, "definition")
            rel = sp.Eq(it.symbol, it.expr, evaluate=False)
        if err:
            out = failure(err)
        need = _sign_assumption(it.symbol)
        if need is not None and out.status != Status.FALSE and (it.fact is None or not _fact_implies(it.fact, it.symbol, need)):
            out = failure(f"{it.symbol} is declared {need} but no checked fact establishes it")
        by = it.by if it.fact is not None else Algebra()
        sr = self.report("define", rel, it.text, by, out, (latex(it.symbol), "=", disp_tex), path, time.perf_counter() - t0)
        sr.justification = it.by.describe() if it.fact is not None else "definition"
        sr.claim = it.fact is not None
        blocks.append(Block("define", steps=[sr]))
        if it.fact is not None and out.status != Status.FALSE:
            chain.facts.append(it.fact)
            ctx = ctx.with_hyps(it.fact)
        chain.block = None
        return ctx

    def split_item(self, it, ctx, chain, path, blocks) -> bool:
        """Sub-cases proving the same proposition, which must cover the case; False if the split breaks the chain."""
        blk = Block("split", title=it.text)
        blocks.append(blk)
        concls = []
        for k, sub in enumerate(it.cases):
            ctex = latex(sub.condition) if sub.condition is not sp.true else r"\text{otherwise}"
            cb = Block("case", title=sub.title or "", condition_tex=ctex)
            blk.children.append(cb)
            concls.append(self.run_items(sub.steps, ctx.with_hyps(*chain.facts, sub.condition), path + (f"split {k + 1}",), cb.children))
        where = "/".join(path)
        if any(c is None for c in concls):
            self.errors.append(f"{where}: a sub-case has no conclusion")
            return False
        first = weakest(concls)
        if first is None:
            self.errors.append(f"{where}: the sub-cases prove different propositions: " + "; ".join(sp.sstr(c) for c in concls))
            return False
        ok, why = _exhaustive([c.condition for c in it.cases], ctx.with_hyps(*chain.facts))
        if not ok:
            self.errors.append(f"{where}: the split is not shown to be exhaustive: {why}")
        chain.keep()
        chain.start, chain.op, chain.cur, chain.block = first.lhs, op_of(first), first.rhs, None
        return True

    def step_item(self, it, ctx, chain, path, blocks) -> bool:
        """A step (continuing or starting a chain) or a restatement; False if a chain step has no start."""
        t0 = time.perf_counter()
        env = StepEnv(chain.proposition())
        if it.lhs is not None:
            kind = "restate" if isinstance(it, Restate) else "start"
            lhs = it.lhs
            chain.keep()
        else:
            kind = "chain"
            if chain.start is None:
                self.errors.append(f"{'/'.join(path) or 'main'}: a chain step without a starting expression")
                return False
            lhs = chain.cur
        relation = make_rel(lhs, it.op, it.rhs)
        sctx = ctx.with_hyps(*chain.facts)
        out = _check_relation(relation, it.by, sctx, env)
        disp_l, disp_r = it.display if isinstance(it.display, tuple) else (None, it.display)
        lhs_tex, err1 = _tex_or_display(lhs, disp_l, sctx, "left-hand side")
        rhs_tex, err2 = _tex_or_display(it.rhs, disp_r, sctx, "right-hand side")
        if (err1 or err2) and out.status != Status.FALSE:
            out = failure(err1 or err2)
        sr = self.report(kind, relation, it.text, it.by, out, (lhs_tex, it.op, rhs_tex), path, time.perf_counter() - t0)
        if kind != "chain":
            chain.start, chain.op, chain.cur = lhs, it.op, it.rhs
            chain.block = Block("restate" if kind == "restate" else "chain", steps=[sr])
            blocks.append(chain.block)
            return True
        new_op = compose(chain.op, it.op)
        if new_op is None:
            self.errors.append(f"step {sr.number}: the chain changes direction ({chain.op} then {it.op})")
            self.failed = True
            new_op = it.op
        chain.op, chain.cur = new_op, it.rhs
        if chain.block is None:
            chain.block = Block("chain")
            blocks.append(chain.block)
        chain.block.steps.append(sr)
        return True

    def run_cases(self, base, blocks):
        """Check every case; returns the cases' conclusions (None where a case has none)."""
        d = self.d
        concls = []
        for i, case in enumerate(d.cases):
            hyps = [case.condition] + [sp.Not(c.condition) for c in d.cases[:i]]
            if case.condition is sp.true and len(d.cases) == 1:
                ctex = ""
            else:
                parts = [c for c in hyps if c is not sp.true and c is not True]
                ctex = r" \;\wedge\; ".join(safe_latex(c) for c in parts) if parts else r"\text{otherwise}"
            cb = Block("case", title=case.title or "", condition_tex=ctex)
            blocks.append(cb)
            concl = self.run_items(case.steps, base.with_hyps(*hyps), (f"case {i + 1}",) if len(d.cases) > 1 else (), cb.children)
            if concl is None and not (self.fail_fast and self.failed):
                self.errors.append(f"case {i + 1} has no conclusion")
            concls.append(concl)
        return concls

    def run(self):
        t0 = time.perf_counter()
        d = self.d
        base = d.context()
        blocks = []
        concls = self.run_cases(base, blocks)
        conclusion = None
        if all(c is not None for c in concls):
            conclusion = assemble_cases(concls, [c.condition for c in d.cases], self.errors)
        if conclusion is not None and d.after:
            ab = Block("case", title="Assembling the cases", condition_tex="")
            blocks.append(ab)
            # the after-steps continue from the assembled relation
            first = Step(op_of(conclusion), conclusion.rhs, "the cases together", by=Assembled(), lhs=conclusion.lhs)
            conclusion = self.run_items([first] + list(d.after), base, ("after",), ab.children)
        if conclusion is not None:
            conclusion = Context(defs=collect_defs(d)).expand(conclusion)
        if self.fail_fast and self.failed:
            match = MatchResult(False, "not compared: a step failed")
        elif conclusion is None:
            match = MatchResult(False, "no conclusion")
        elif d.result:                    # outside the catalogue: the last line is the result
            match = MatchResult(True, "a result outside the catalogue: the last line is what is proved", conclusion, None)
        else:
            match = match_bound(d, conclusion)
        report = DerivationReport(d, self.steps, blocks, conclusion, match, self.errors, time.perf_counter() - t0)
        if not (self.fail_fast and self.failed):  # as for the match: a failing mutant is not compared
            report.readable = match_readable(d)
        return report


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
        covered = sp.Union(*[c.as_set() for c in conds])
    except Exception as exc:
        return False, str(exc)
    if whole.is_subset(covered):
        return True, "covers"
    return False, f"{whole} is not covered by {covered}"


def check(derivation: Derivation, fail_fast: bool = False, *, guarantees: bool = True) -> DerivationReport:
    r"""Check one derivation: its steps, its structure, its bound, and what it rests on.

    Parameters
    ----------
    derivation : Derivation
        The derivation.
    fail_fast : bool
        Stop at the first false step (used by the mutation tests).
    guarantees : bool
        Also compare the bound's numeric kernel with the relation (`kernel_agreement`),
        run the spot checks of the cited premises (`spot_check`) and check the
        derivations used as lemmas (their failures become this one's). All three are
        cached, so checking many derivations (or mutants) pays for each once.

    Returns
    -------
    DerivationReport
        Per-step statuses, the final relation, the comparison with the bound, and the
        results of the three checks above.

    Examples
    --------
    >>> from bounds import derivations
    >>> r = check(derivations.get("duel.hoeffding"))
    >>> r.ok, r.match.how, r.agreement.ok
    (True, 'identical', True)
    """
    return _check(derivation, fail_fast, guarantees, {})


_LEMMA_REPORTS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _check(derivation, fail_fast, guarantees, memo):
    report = _Checker(derivation, fail_fast=fail_fast).run()
    if guarantees:
        _guarantees(report, memo)
    return report


def _guarantees(report, memo):
    """Kernel agreement, premise spot checks and lemma propagation, added to `report`."""
    d = report.derivation
    if report.match.bound is not None:
        bound = _bound_of(d)
        if bound is not None:
            report.agreement = kernel_agreement(bound)
            for name, kernel in bound.variants.items():      # other kernels of the relation
                other = kernel_agreement(bound.replace(id=f"{bound.id} [{name}]", kernel=kernel))
                if not other.ok and report.agreement.ok:
                    report.agreement = other
    for p in d.all_premises():
        if isinstance(p, Derivation) or getattr(p, "source", None) is not None:
            continue
        report.premise_checks.append(spot_check(p))
    for lemma in used_derivations(d):
        r = memo.get(lemma.id) or _LEMMA_REPORTS.get(lemma)
        if r is None:
            r = _check(lemma, False, True, memo)
            _LEMMA_REPORTS[lemma] = r
        memo[lemma.id] = r
        if not r.ok:
            report.lemma_failures.append(lemma_failure(lemma.id, r))


def _bound_of(d):
    from .. import core

    try:
        return core.bound(d.bound)
    except KeyError:
        return None


def used_derivations(d) -> list:
    r"""The derivations `d` uses directly as lemmas (through `Derivation.lemma`), in order of use.

    Examples
    --------
    >>> from bounds import derivations
    >>> [x.id for x in used_derivations(derivations.get("race.union_chernoff"))]
    ['duel.chernoff']
    """
    out = []
    for p in d.all_premises():
        src = p if isinstance(p, Derivation) else getattr(p, "source", None)
        if src is not None and src is not d and src not in out:
            out.append(src)
    return out


def lemma_failure(lemma_id: str, report) -> str:
    r"""The line saying that a derivation fails because the lemma `lemma_id` (with `report`) fails.

    Examples
    --------
    >>> from bounds import derivations
    >>> r = check(derivations.get("duel.chernoff"))
    >>> lemma_failure("duel.chernoff", r)[:46]
    'uses lemma duel.chernoff, whose derivation fai'
    """
    why = [f"step {s.number}: {s.detail}" for s in report.steps if s.status == Status.FALSE]
    why += list(report.errors)
    if not report.match.ok:
        why.append(f"final relation: {report.match.how}")
    if report.readable is not None and not report.readable.ok:
        why.append(f"readable form: {report.readable.how}")
    why += report.failures()
    return f"uses lemma {lemma_id}, whose derivation fails: " + ("; ".join(why) if why else "see its report")


def load():
    r"""The derivations of `bounds.derivations`, sorted by id.

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
    r"""The package `bounds.derivations` (installed from the repository's `derivations/` folder).

    Returns
    -------
    module
        The package, with `all()`, `get(id)` and `ids()`.

    Examples
    --------
    >>> derivations_package().__name__
    'bounds.derivations'
    """
    from .. import derivations

    return derivations


def check_all(ids: Sequence[str] | None = None, derivations=None) -> list:
    r"""Check every derivation (or those with the given ids), propagating failures to their users.

    A derivation that uses another as a lemma fails when that one fails, directly or
    through a chain of lemmas; its report says why (`lemma_failures`).

    Parameters
    ----------
    ids : sequence of str, optional
        Derivation ids; default all.
    derivations : sequence of Derivation, optional
        The derivations to choose from (default `load()`).

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
    ds = list(derivations) if derivations is not None else load()
    if ids:
        known = {d.id: d for d in ds}
        missing = [i for i in ids if i not in known]
        if missing:
            raise UnknownNameError(f"no derivation {missing[0]!r}; known: {', '.join(sorted(known))}")
        ds = [known[i] for i in ids]
    memo = {}
    for d in _lemmas_first(ds):
        if d.id not in memo:
            memo[d.id] = _check(d, False, True, memo)
    return [memo[d.id] for d in ds]


def _lemmas_first(ds):
    """The derivations in an order where every lemma comes before its users."""
    order, seen = [], set()

    def visit(d):
        if id(d) in seen:
            return
        seen.add(id(d))
        for lemma in used_derivations(d):
            visit(lemma)
        order.append(d)

    for d in ds:
        visit(d)
    return order
