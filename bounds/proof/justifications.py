r"""Justifications: how a step is established, and the status each gives.

`Algebra` (the default), `Instance` and `Rewrite` (a lemma), `Cite` (a premise verbatim),
`Model` (computed in a finite model), `Substitute`, `Monotone`, `Rearrange`, `Event`,
`Contradiction` and, as a last resort, `Numeric`. Each has `check(relation, ctx, env)`
returning an `Outcome`.

Examples
--------
>>> [j().describe() for j in (Algebra, Rearrange, Event)]
['algebra', 'rearranged (multiplied by a positive factor)', 'same event']
"""
from __future__ import annotations

from typing import TYPE_CHECKING


import mpmath
import sympy as sp

from .lemmas import discharge, discharge_all, match_instance, quick_equal
from .notation import E, KL, Pr, atoms_of, elementary
from .numeric import format_point, numeval, refute, term_scale, undefined_side
from .premises import FiniteModel, Premise, expect_finite, prob_finite, rv_atoms
from .printing import Code, Said, latex, markdown_of, say
from .relations import canon_rel, make_rel, op_of, same_rel
from .signs import prove_congruent, prove_sign, prove_zero
from .status import DerivationError, Outcome, Status, failure, success

__all__ = ["Justification", "StepEnv", "Algebra", "Cite", "Instance", "Rewrite", "Model", "Substitute", "Monotone",
           "Rearrange", "Event", "Contradiction", "Numeric"]

if TYPE_CHECKING:  # annotations only
    from .context import Context


class StepEnv:
    """What a justification may know besides its relation: the current proposition (or None).

    The checker passes one to every `Justification.check`; `proposition` is the chain so far
    (for a justification that works on it, as `Rearrange` and `Contradiction` do).

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> StepEnv(sp.Le(x, 1)).proposition
    x <= 1
    """

    def __init__(self, proposition=None):
        self.proposition = proposition


class Justification:
    r"""Base class: how a step is established. Subclasses implement `check`.

    A custom justification gets the step's relation, its `Context` and a `StepEnv` (the
    current proposition) and returns an `Outcome`.

    Examples
    --------
    >>> from bounds.proof import Outcome, Status
    >>> class Trusted(Justification):
    ...     name = "trusted"
    ...     status = Status.CITED
    ...     def check(self, relation, ctx, env):
    ...         return Outcome(Status.CITED, "taken on trust")
    >>> Trusted().describe()
    'trusted'
    """

    status = Status.PROVED
    name = "justification"

    def check(self, relation, ctx: Context, env: StepEnv) -> Outcome:  # pragma: no cover - abstract
        """Establish `relation` (a sympy relation) in the context `ctx`.

        Returns an `Outcome`: the status this justification gives (its `status` when it
        succeeds, `numeric` if a side condition could only be sampled, `false` otherwise)
        and a one-line account of what was done (or why it failed). `env.proposition` is
        the current proposition (the chain so far), for justifications that transform it.
        """
        raise NotImplementedError

    def uses(self):
        """Premises (or derivations) this justification relies on (edges of the dependency graph)."""
        return []

    def describe(self) -> str:
        """A short description, for pages and the command line."""
        return self.name

    def key(self):
        """A hashable key of the justification and its parameters (for the checker's cache)."""
        return (type(self).__name__,)


class Algebra(Justification):
    r"""Symbolic algebra: an equality by simplification to 0, an inequality by the sign prover.

    The difference of the two sides is simplified (after rewriting the information
    measures in elementary functions and substituting the abbreviations); for an inequality
    its sign is proved from the symbols' domains and the case's hypotheses (by
    substituting unconstrained positive variables for constrained ones, then
    term-by-term signs, rational-function coefficients, $a + c\sqrt b$ and log rules).

    Examples
    --------
    >>> Algebra().describe()
    'algebra'
    """

    name = "algebra"

    def check(self, relation, ctx, env):
        kind, e = canon_rel(relation)
        ce = refute(kind, e, ctx)
        if ce is not None:
            return failure(f"refuted numerically at {format_point(ce)}", ce)
        und = undefined_side(relation.lhs, relation.rhs, ctx)
        if und is not None:
            return failure(und[1], und[0])
        if kind == "=":
            ok, how = prove_congruent(relation.lhs, relation.rhs, ctx)
            if ok:
                return success(Status.PROVED, Said(f"lhs - rhs = 0 ({how})", f"$\\mathrm{{lhs}} - \\mathrm{{rhs}} = 0$ ({markdown_of(how)})"))
            return failure(f"could not prove the equality symbolically ({how}); no counterexample found")
        ok, how = prove_sign(e, ctx, strict=(kind == ">"))
        if ok:
            return success(Status.PROVED, say("{} ({})", make_rel(_pretty_diff(relation), ">" if kind == ">" else ">=", 0), how))
        return failure(f"could not prove the inequality symbolically ({how}); no counterexample found")


def _pretty_diff(relation):
    _, e = canon_rel(relation)
    try:
        f = sp.factor(e) if not e.has(sp.Piecewise, sp.Sum) else e
    except Exception:  # pragma: no cover
        f = e
    return f if sp.count_ops(f) < sp.count_ops(e) else e






class Cite(Justification):
    r"""The step *is* a premise (used verbatim): status `cited`.

    Parameters
    ----------
    premise : Premise
        The premise; its statement must be the step's relation (up to orientation).

    Examples
    --------
    >>> import sympy as sp
    >>> from bounds.proof import Premise
    >>> P = Premise("p", "a fact", sp.Le(sp.Symbol("x"), 1), "somewhere")
    >>> Cite(P).describe()
    'cited: a fact'
    """

    status = Status.CITED

    def __init__(self, premise: Premise):
        self.premise = premise

    @property
    def name(self):
        """Short description (shown on pages and by the command line)."""
        return f"cited: {self.premise.title}"

    def describe(self):
        return self.name

    def uses(self):
        return [self.premise]

    def key(self):
        return ("Cite", self.premise.id)

    def check(self, relation, ctx, env):
        st = self.premise.statement
        if st is None:
            return failure(f"premise {self.premise.id} has no statement to cite")
        if same_rel(relation, st):
            return success(Status.CITED, say("premise {}, verbatim", Code(self.premise.id)))
        return failure(f"the step is not the statement of {self.premise.id} ({sp.sstr(st)})")




class Instance(Justification):
    r"""The step is an instance of a named lemma: status `lemma`.

    The checker substitutes `subs` into the lemma's statement, verifies that the result
    is the step's relation (exactly, after simplification, or times a proved positive
    factor) and discharges each of the lemma's hypotheses: established facts, case
    conditions, symbolic proof (or a numeric check, which downgrades the step to
    `numeric`), and stated model assumptions.

    Parameters
    ----------
    lemma : Premise
        A cited premise, or a derivation's lemma (`Derivation.lemma`).
    subs : dict
        Lemma variable -> expression (a function variable -> `sympy.Lambda`).

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b", real=True)
    >>> from bounds.proof import Premise
    >>> AMGM = Premise("amgm", "AM-GM", sp.Le(sp.sqrt(a * b), (a + b) / 2), "Cauchy", hypotheses=[a >= 0, b >= 0])
    >>> Instance(AMGM, {a: 1, b: 4}).describe()
    'lemma: AM-GM'
    """

    status = Status.LEMMA

    def __init__(self, lemma: Premise, subs=None, factor_ok: bool = True):
        self.lemma = lemma
        self.subs = dict(subs or {})
        self.factor_ok = factor_ok

    @property
    def name(self):
        """Short description (shown on pages and by the command line)."""
        return f"lemma: {self.lemma.title}"

    def describe(self):
        return self.name

    def uses(self):
        return [self.lemma.source if self.lemma.source is not None else self.lemma]

    def key(self):
        return ("Instance", self.lemma.id, tuple(sorted((sp.srepr(k) if isinstance(k, sp.Basic) else str(k), sp.srepr(v) if isinstance(v, sp.Basic) else str(v)) for k, v in self.subs.items())))

    def check(self, relation, ctx, env):
        unknown = [k for k in self.subs if k not in self.lemma.variables]
        if unknown:
            return failure(f"{', '.join(map(str, unknown))} are not variables of {self.lemma.id}")
        stmt, hyps = self.lemma.instantiate(self.subs)
        ok, how = match_instance(relation, stmt, ctx, allow_factor=self.factor_ok)
        if not ok:
            return failure(f"not an instance of {self.lemma.id}: {how} (the instance reads {sp.sstr(stmt)})")
        return discharge_all(hyps, ctx, env, self.lemma, say("instance of {} ({})", Code(self.lemma.id), how))




class Rewrite(Justification):
    r"""Rewrite occurrences of an equality lemma's left side by its right side: `lemma`.

    The step must be `X = Y` where `Y` is `X` with every occurrence of the instantiated
    left-hand side replaced by the instantiated right-hand side (then simplified, if
    needed). Rewriting under sums and inside other functions is sound for equalities.

    Parameters
    ----------
    lemma : Premise
        A premise whose statement is an equality.
    subs : dict
        Substitution of the lemma's variables.
    reverse : bool
        Rewrite right-to-left.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> u = sp.Symbol("u")
    >>> from bounds.proof import Premise
    >>> L = Premise("sq", "square", sp.Eq((u + 1) ** 2, u**2 + 2 * u + 1, evaluate=False), "algebra")
    >>> Rewrite(L, {u: x}).describe()
    'rewrite by square'
    """

    status = Status.LEMMA

    def __init__(self, lemma: Premise, subs=None, reverse: bool = False):
        self.lemma = lemma
        self.subs = dict(subs or {})
        self.reverse = reverse

    @property
    def name(self):
        """Short description (shown on pages and by the command line)."""
        return f"rewrite by {self.lemma.title}"

    def describe(self):
        return self.name

    def uses(self):
        return [self.lemma.source if self.lemma.source is not None else self.lemma]

    def key(self):
        return ("Rewrite", self.lemma.id, self.reverse, tuple(sorted((str(k), sp.srepr(v) if isinstance(v, sp.Basic) else str(v)) for k, v in self.subs.items())))

    def check(self, relation, ctx, env):
        if op_of(relation) != "=":
            return failure("a rewrite proves equalities only")
        stmt, hyps = self.lemma.instantiate(self.subs)
        if not isinstance(stmt, sp.Eq):
            return failure(f"{self.lemma.id} is not an equality")
        old, new = (stmt.rhs, stmt.lhs) if self.reverse else (stmt.lhs, stmt.rhs)
        src = relation.lhs
        if not src.has(old):
            return failure(f"{sp.sstr(old)} does not occur in the left-hand side")
        out = src.xreplace({old: new})
        if out != relation.rhs:
            ce = refute("=", out - relation.rhs, ctx)
            if ce is not None:
                return failure(f"after rewriting, the sides differ (at {format_point(ce)})", ce)
            ok, how = prove_congruent(out, relation.rhs, ctx)
            if not ok:
                return failure(f"after rewriting {sp.sstr(old)} -> {sp.sstr(new)}, the result is not the right-hand side ({how})")
            head = say("rewrite by {}, then algebra ({})", Code(self.lemma.id), how)
        else:
            head = say("rewrite by {}", Code(self.lemma.id))
        return discharge_all(hyps, ctx, env, self.lemma, head)


class Model(Justification):
    r"""Compute expectations, probabilities and divergences from a finite model: `proved`.

    Every `E[f(X)]`, `Pr[event(X)]` and `KL(P, Q)` whose random variable or
    distributions the model defines is replaced by the corresponding finite sum; the
    model's probabilities are checked to be nonnegative and to sum to one; then the
    equality is proved by algebra.

    Parameters
    ----------
    model : FiniteModel
        The model (a premise: it is listed with the derivation's premises).
    subs : dict, optional
        Substitution of the model's parameters (e.g. `{d: d_j}` for another opponent).

    Examples
    --------
    >>> import sympy as sp
    >>> p = sp.Symbol("p", positive=True)
    >>> X = sp.Symbol("X")
    >>> from bounds.proof import FiniteModel
    >>> COIN = FiniteModel("coin", "A coin", "definition", variables={X: {1: p, 0: 1 - p}})
    >>> Model(COIN).describe()
    'computed in the model: A coin'
    """

    status = Status.PROVED

    def __init__(self, model: FiniteModel, subs=None):
        self.model = model
        self.subs = dict(subs or {})

    @property
    def name(self):
        """Short description (shown on pages and by the command line)."""
        return f"computed in the model: {self.model.title}"

    def describe(self):
        return self.name

    def uses(self):
        return [self.model]

    def key(self):
        return ("Model", self.model.id, tuple(sorted((str(k), sp.srepr(v)) for k, v in self.subs.items())))

    def evaluate(self, e):
        """`e` with every expectation, probability and divergence the model defines computed."""
        law, dists = self.model.law(self.subs)

        fns = self.model.functions

        def rep(x):
            if isinstance(x, E) and rv_atoms(x.args[0], law):
                return expect_finite(x.args[0], law, fns)
            if isinstance(x, Pr) and len(x.args) == 1 and rv_atoms(x.args[0], law):
                return prob_finite(x.args[0], law, fns)
            if isinstance(x, Pr) and len(x.args) == 2 and rv_atoms(x.args[0], law) and rv_atoms(x.args[1], law):
                return prob_finite(sp.And(x.args[0], x.args[1]), law, fns) / prob_finite(x.args[1], law, fns)
            if isinstance(x, KL) and x.args[0] in dists and x.args[1] in dists:
                P, Q = dists[x.args[0]], dists[x.args[1]]
                return sp.Add(*[P[o] * sp.log(P[o] / Q[o]) for o in P])
            return None

        def walk(x):  # bottom-up: inner probabilities first
            if x.args and not isinstance(x, (sp.Symbol, sp.Indexed)):
                x = x.func(*[walk(a) for a in x.args])
            r = rep(x)
            return x if r is None else r

        return walk(e)

    def check(self, relation, ctx, env):
        # the law itself: nonnegative, normalised
        for probs in self.model.probabilities(self.subs):
            total = sp.Add(*probs)
            ok, how = prove_zero(total - 1, ctx)
            if not ok:
                return failure(f"the probabilities of {self.model.id} do not sum to 1 here ({how})")
            for p in probs:
                if not prove_sign(p, ctx, strict=False)[0]:
                    return failure(f"cannot show that the probability {sp.sstr(p)} of {self.model.id} is >= 0 here")
        try:
            lhs = self.evaluate(relation.lhs)
            rhs = self.evaluate(relation.rhs)
        except DerivationError as exc:
            return failure(str(exc))
        r2 = make_rel(lhs, op_of(relation), rhs)
        out = Algebra().check(r2, ctx, env)
        if out.status == Status.FALSE:
            return failure(f"after computing in {self.model.id}: {out.detail}", out.counterexample)
        return success(Status.PROVED, say("computed in {}: {}", Code(self.model.id), out.detail))


class Substitute(Justification):
    r"""Replace quantities by values established earlier in the case: `proved`.

    Every established equality `A = B` of the case (an earlier chain's conclusion, a
    definition's fact, a hypothesis) whose left side `A` occurs in the step's left-hand side
    is substituted (`A` by `B`, everywhere, also inside sums); the result must then be the
    step's right-hand side (identical, or equal by algebra).

    Examples
    --------
    >>> Substitute().describe()
    'substituting the values established above'
    """

    name = "substituting the values established above"

    def check(self, relation, ctx, env):
        if op_of(relation) != "=":
            return failure("a substitution proves equalities only")
        src = relation.lhs
        rep, used = {}, []
        for h in ctx.hyps:
            if isinstance(h, sp.Eq) and not h.lhs.is_number and not isinstance(h.lhs, sp.Symbol) and src.has(h.lhs):
                if h.lhs not in rep:
                    rep[h.lhs] = h.rhs
                    used.append(h)
        if not rep:
            return failure("no established value occurs in the left-hand side")
        out = src.xreplace(rep)
        if out != relation.rhs:
            ce = refute("=", out - relation.rhs, ctx)
            if ce is not None:
                return failure(f"after substituting, the sides differ (at {format_point(ce)})", ce)
            ok, how = prove_congruent(out, relation.rhs, ctx)
            if not ok:
                return failure(f"after substituting, the result is not the right-hand side ({how})")
        return success(Status.PROVED, "substituted " + Said("; ").join(say("{}", h) for h in used))


class Monotone(Justification):
    r"""$f(a) \le f(b)$ (or $\ge$) because $f$ is monotone between $a$ and $b$: `proved`.

    The checker verifies that the step's sides are $f(a)$ and $f(b)$, that $a \le b$ is
    established (or provable), and proves the sign of $f'(x)$ for $x$ strictly between
    $a$ and $b$ ($f$ must be continuous on $[a, b]$).

    Parameters
    ----------
    var : sympy.Symbol
        The variable of $f$.
    f : sympy.Expr
        $f$ as an expression in `var`.
    lo : sympy.Expr
        $a$ (the smaller argument).
    hi : sympy.Expr
        $b$ (the larger argument).

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> Monotone(x, sp.exp(x), 0, 1).describe()
    'monotone in x'
    """

    status = Status.PROVED

    def __init__(self, var, f, lo, hi):
        self.var = var
        self.f = sp.sympify(f)
        self.lo = sp.sympify(lo)
        self.hi = sp.sympify(hi)

    @property
    def name(self):
        """Short description (shown on pages and by the command line)."""
        return f"monotone in {self.var}"

    def describe(self):
        return self.name

    def key(self):
        return ("Monotone", sp.srepr(self.var), sp.srepr(self.f), sp.srepr(self.lo), sp.srepr(self.hi))

    def check(self, relation, ctx, env):
        op = op_of(relation)
        if op == "=":
            return failure("monotonicity proves inequalities only")
        f_lo = self.f.xreplace({self.var: self.lo})
        f_hi = self.f.xreplace({self.var: self.hi})
        # the smaller side is f(lo) if f increases, f(hi) if it decreases
        small, large = (relation.lhs, relation.rhs) if op in ("<=", "<") else (relation.rhs, relation.lhs)
        strict = op in ("<", ">")
        for mode in ("increasing", "decreasing"):
            a, b = (f_lo, f_hi) if mode == "increasing" else (f_hi, f_lo)
            if not (quick_equal(small, a, ctx) and quick_equal(large, b, ctx)):
                continue
            s, how = discharge((sp.Lt if strict else sp.Le)(self.lo, self.hi), ctx, env)
            if s == Status.FALSE:
                return failure(f"cannot establish {self.lo} {'<' if strict else '<='} {self.hi}: {how}")
            x = self.var
            if x in ctx.domain or x in atoms_of(relation.lhs) | atoms_of(relation.rhs):
                return failure(f"the variable {x} of f must be a fresh symbol")
            dom = {x: sp.Interval.open(-sp.oo, sp.oo)}
            sub = ctx.with_domain(dom).with_hyps(sp.Gt(x, self.lo), sp.Lt(x, self.hi))
            deriv = sp.diff(ctx.expand(elementary(self.f)), x)
            want = deriv if mode == "increasing" else -deriv
            ce = refute(">" if strict else ">=", want, sub)
            if ce is not None:
                return failure(f"f' has the wrong sign at {format_point(ce)}", ce)
            ok, how2 = prove_sign(want, sub, strict=strict)
            if not ok:
                return failure(f"could not prove the sign of f'(x) = {sp.sstr(deriv)} ({how2})")
            fd = sp.factor(deriv)
            fprime = Said(f"f'(x) = {sp.sstr(fd)}", f"$f'({latex(x)}) = {latex(fd)}$")
            span = Said(f"[{sp.sstr(self.lo)}, {sp.sstr(self.hi)}]", f"$[{latex(self.lo)}, {latex(self.hi)}]$")
            return success(Status.PROVED, say("{} " + mode + " on {}: {} ({}); {} ({})", sp.Symbol("f"), span, fprime,
                                              how2, make_rel(self.lo, "<=", self.hi), how))
        return failure(f"the step is not f({self.lo}) vs f({self.hi}) for f = {sp.sstr(self.f)}")




class Rearrange(Justification):
    r"""A restatement equivalent to the current proposition: `proved`.

    With the current proposition $L_1 \,R\, R_1$ and the new one $L_2 \,R'\, R_2$, the
    checker computes $c = (L_2 - R_2)/(L_1 - R_1)$ in canonical orientation and proves
    $c > 0$ (same direction), so that the two are equivalent.

    Examples
    --------
    >>> Rearrange().describe()
    'rearranged (multiplied by a positive factor)'
    """

    name = "rearranged (multiplied by a positive factor)"

    def check(self, relation, ctx, env):
        prop = env.proposition
        if prop is None:
            return failure("nothing to rearrange")
        k1, e1 = canon_rel(prop)
        k2, e2 = canon_rel(relation)
        if k1 != k2:
            return failure(f"the direction changes ({k1} vs {k2})")
        try:
            c = sp.factor(sp.cancel(sp.together(e2 / e1)))
        except Exception:  # pragma: no cover
            return failure("cannot divide the two propositions")
        if k1 == "=":
            if c.is_number and c != 0:
                return success(Status.PROVED, say("multiplied by {}", c))
            if prove_sign(c, ctx, strict=True)[0] or prove_sign(-c, ctx, strict=True)[0]:
                return success(Status.PROVED, say("multiplied by the nonzero factor {}", c))
            return failure(f"cannot show the factor {sp.sstr(c)} is nonzero")
        ce = refute(">", c, ctx)
        if ce is not None:
            return failure(f"the factor {sp.sstr(c)} is not positive at {format_point(ce)}", ce)
        ok, how = prove_sign(c, ctx, strict=True)
        if ok:
            return success(Status.PROVED, say("the new form is the old one times {} ({})", make_rel(c, ">", 0), how))
        return failure(f"cannot show the factor {sp.sstr(c)} is positive ({how})")


class Event(Justification):
    r"""$\Pr[A] = \Pr[B]$ because the events are the same: `proved`.

    $A$ and $B$ must be relations with $A \Leftrightarrow B$ shown by `Rearrange`'s rule
    (one is the other times a proved positive factor).

    Examples
    --------
    >>> Event().describe()
    'same event'
    """

    name = "same event"

    def check(self, relation, ctx, env):
        if op_of(relation) != "=":
            return failure("an event identity is an equality")
        a, b = relation.lhs, relation.rhs
        if not (isinstance(a, Pr) and isinstance(b, Pr) and len(a.args) == len(b.args)):
            return failure("both sides must be probabilities Pr[...]")
        if a.args[1:] != b.args[1:]:
            return failure("the conditioning differs")
        A, B = a.args[0], b.args[0]
        if not (isinstance(A, sp.core.relational.Relational) and isinstance(B, sp.core.relational.Relational)):
            return failure("the events must be relations")
        k1, e1 = canon_rel(A)
        k2, e2 = canon_rel(B)
        if k1 != k2:
            return failure("the events have different directions")
        c = sp.factor(sp.cancel(sp.together(e2 / e1)))
        if prove_sign(c, ctx, strict=True)[0]:
            return success(Status.PROVED, say("{} is {} times {}", B, A, make_rel(c, ">", 0)))
        return failure(f"cannot show the events are the same (factor {sp.sstr(c)})")


class Contradiction(Justification):
    r"""The case is impossible: the current proposition contradicts a hypothesis: `proved`.

    From a contradiction anything follows, so the step may state the case's conclusion
    (e.g. $n \ge \infty$: no number of labels achieves the target).

    Examples
    --------
    >>> Contradiction().describe()
    'contradiction with the case hypothesis'
    """

    name = "contradiction with the case hypothesis"

    def check(self, relation, ctx, env):
        prop = env.proposition
        if prop is None:
            return failure("no proposition to contradict")
        neg = sp.Not(prop)
        k1, e1 = canon_rel(neg) if isinstance(neg, sp.core.relational.Relational) else (None, None)
        rels = [h for h in ctx.hyps if isinstance(h, sp.core.relational.Relational) and not isinstance(h, sp.Ne)]
        for h in rels:
            if same_rel(h, neg):
                return success(Status.PROVED, say("{} contradicts the established {}", prop, h))
        if k1 is None:
            return failure(f"cannot negate {sp.sstr(prop)}")
        for h in rels:
            k2, e2 = canon_rel(h)
            if k2 == k1 and (e2 == e1 or prove_zero(e2 - e1, ctx)[0]):
                return success(Status.PROVED, say("{} contradicts the established {}", prop, h))
        for h in rels:
            k2, e2 = canon_rel(h)
            if k2 == k1 and k1 != "=":
                c = sp.factor(sp.cancel(sp.together(e2 / e1)))
                if c.is_number and c > 0:
                    return success(Status.PROVED, say("{} contradicts {} (times {})", prop, h, c))
        return failure(f"{sp.sstr(prop)} contradicts no established fact or hypothesis of this case")


class Numeric(Justification):
    r"""Checked only numerically, by sampling the stated domain: status `numeric`.

    Points: every corner of the domain box (end points, nudged inside open ends), then
    random interior points from a fixed seed (uniform on bounded ranges, log-uniform on
    unbounded ones), keeping those that satisfy the case's hypotheses; each side is
    evaluated with mpmath at 30 digits and compared with a relative tolerance.

    Parameters
    ----------
    points : int
        Number of points.
    seed : int
        Seed of the sampler.
    why : str
        Why no symbolic proof is given (shown on the page).

    Examples
    --------
    >>> Numeric(points=200, why="no closed form").describe()
    'numerically checked (200 points)'
    """

    status = Status.NUMERIC

    def __init__(self, points: int = 400, seed: int = 0, why: str = "", tol: float = 1e-10):
        self.points = points
        self.seed = seed
        self.why = why
        self.tol = tol

    @property
    def name(self):
        """Short description (shown on pages and by the command line)."""
        return f"numerically checked ({self.points} points)"

    def describe(self):
        return self.name

    def key(self):
        return ("Numeric", self.points, self.seed, self.tol)

    def check(self, relation, ctx, env):
        kind, e = canon_rel(relation)
        ex = ctx.expand(elementary(e))
        atoms = atoms_of(ex)
        rng = ctx.ranges_with(atoms)
        free = [a for a in atoms if a not in rng]
        if free:
            return failure(f"cannot sample {', '.join(map(str, free))}: no domain")
        pts = ctx.sample(atoms, self.points, seed=self.seed)
        if len(pts) < max(10, self.points // 4):
            return failure(f"only {len(pts)} points satisfy the hypotheses; widen the domain")
        n_corner = min(len(pts), 2 ** min(6, len([a for a in atoms if a in rng and not rng[a].point])))
        worst = None
        evaluated = 0
        for p in pts:
            v = numeval(ex, p)
            if v is None or not mpmath.isfinite(v):
                continue
            evaluated += 1
            size = max(1.0, term_scale(ex, p))
            slack = float(v) / size
            if kind == "=":
                if abs(v) > self.tol * size:
                    return failure(f"fails at {format_point({str(k): x for k, x in p.items()})}", {str(k): x for k, x in p.items()})
            elif v < -self.tol * size:
                return failure(f"fails at {format_point({str(k): x for k, x in p.items()})}", {str(k): x for k, x in p.items()})
            if worst is None or abs(slack) < abs(worst[0]):
                worst = (slack, p)
        if evaluated < max(10, self.points // 4):
            return failure(f"only {evaluated} of {len(pts)} points could be evaluated")
        where = ", ".join(_range_text(a, rng[a]) for a in sorted(atoms, key=str) if a in rng)
        detail = f"{evaluated} points (seed {self.seed}): {n_corner} corner points + {evaluated - n_corner} interior draws over {where}"
        if kind != "=" and worst is not None:
            detail += f"; smallest relative slack {worst[0]:.3g}"
        if self.why:
            detail += f". Why numeric: {self.why}"
        return success(Status.NUMERIC, detail)


def _range_text(a, r):
    """`a in [lo, hi]` for the range `r` of atom `a` (as `Context.range` gives it)."""
    if r.point:
        return f"{a} = {sp.sstr(r.lo)}"
    if r.integer:
        hi = "60" if r.hi == sp.oo else sp.sstr(r.hi)
        return f"{a} in {{{sp.sstr(r.lo)}..{hi}}}"
    left = "[" if r.lo_closed else "("
    right = "]" if r.hi_closed else ")"
    return f"{a} in {left}{sp.sstr(r.lo)}, {sp.sstr(r.hi)}{right}"


class Assembled(Justification):
    """The relation assembled from the cases (a restatement of the cases' conclusions)."""

    name = "the cases above"
    status = Status.PROVED

    def check(self, relation, ctx, env):
        return success(Status.PROVED, "assembled from the cases above")
