r"""The structure of a derivation: steps, restatements, definitions, cases, splits.

Examples
--------
>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> conclusion_of([Step("=", 2 * x, "double", lhs=x + x), Step("<=", 2 * x + 1, "plus one")])
2*x <= 2*x + 1
"""
from __future__ import annotations


import sympy as sp

from .context import Context, interval_parts
from .justifications import Algebra, Rearrange
from .notation import atoms_of
from .premises import Premise
from .relations import FLIP, REL, compose, make_rel, op_of, split_and
from .status import DerivationError

__all__ = ["Step", "Restate", "Define", "Case", "Split", "Derivation"]


class Step:
    r"""One step: a relation with an explanation and a justification.

    In a chain the left-hand side is the previous step's right-hand side; give `lhs` to
    start a new chain (the previous proposition is kept as an established fact).

    Parameters
    ----------
    op : {'=', '<=', '<', '>=', '>'}
        The relation.
    rhs : sympy.Expr
        The new right-hand side.
    text : str
        One-line explanation (Markdown; `$...$` math allowed).
    by : Justification, optional
        How it is established; default `Algebra()`.
    lhs : sympy.Expr, optional
        Starts a new chain at `lhs`.
    display : sympy.Expr or tuple, optional
        What the page shows for `rhs` (or `(lhs, rhs)`), typically built under
        `sympy.evaluate(False)` to keep the textbook order; the checker verifies it equals
        the checked expression.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> Step("=", x + x, "double", lhs=2 * x).op
    '='
    """

    kind = "step"

    def __init__(self, op, rhs, text, by=None, lhs=None, display=None):
        if op not in REL:
            raise DerivationError(f"op={op!r} must be one of {sorted(REL)}")
        self.op = op
        self.rhs = sp.sympify(rhs)
        self.lhs = None if lhs is None else sp.sympify(lhs)
        self.text = text
        self.by = by if by is not None else Algebra()
        self.display = display

    def replace(self, **kw):
        """A copy with some attributes replaced (used to build mutants)."""
        new = Step(self.op, self.rhs, self.text, self.by, self.lhs, self.display)
        for k, v in kw.items():
            setattr(new, k, v)
        return new


class Restate(Step):
    r"""A new proposition that follows from the current one (by default: `Rearrange`).

    Parameters
    ----------
    relation : sympy relation
        The new proposition.
    text : str
        Explanation.
    by : Justification, optional
        Default `Rearrange()`; any justification may use the current proposition as an
        established fact.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> Restate(sp.Ge(x, 1), "divide by 2").kind
    'restate'
    """

    kind = "restate"

    def __init__(self, relation, text, by=None, display=None):
        if not isinstance(relation, sp.core.relational.Relational):
            raise DerivationError(
                f"Restate({relation!r}): not a relation — sympy evaluated it; build it with evaluate=False"
            )
        super().__init__(op_of(relation), relation.rhs, text, by if by is not None else Rearrange(), lhs=relation.lhs, display=display)

    def replace(self, **kw):
        """A copy with some attributes replaced (used to build mutants)."""
        new = Restate(make_rel(self.lhs, self.op, self.rhs), self.text, self.by, self.display)
        for k, v in kw.items():
            setattr(new, k, v)
        return new


class Define:
    r"""An abbreviation used on the page: `symbol := expr`, optionally with a proved fact.

    The checker substitutes the definition wherever needed. If the symbol carries sign
    assumptions (e.g. `positive=True`), `fact` must establish them (e.g. `C > 0`), and is
    checked like a step with the justification `by`.

    Parameters
    ----------
    symbol : sympy.Symbol
        The abbreviation.
    expr : sympy.Expr
        What it stands for.
    text : str
        Explanation.
    fact : sympy relation, optional
        A property of the symbol (checked).
    by : Justification, optional
        Justification of `fact`.

    Examples
    --------
    >>> import sympy as sp
    >>> q = sp.Symbol("q", positive=True)
    >>> lam = sp.Symbol("lambda_star", positive=True)
    >>> Define(lam, sp.log(q / (1 - q)) / 2, "the optimal exponent", fact="positive").fact
    lambda_star > 0
    """

    kind = "define"

    def __init__(self, symbol, expr, text, fact=None, by=None, display=None):
        self.symbol = symbol
        self.expr = sp.sympify(expr)
        self.text = text
        if fact in ("positive", "nonnegative"):
            fact = (sp.Gt if fact == "positive" else sp.Ge)(symbol, 0, evaluate=False)
        if fact is not None and not isinstance(fact, sp.core.relational.Relational):
            raise DerivationError(
                f"fact={fact!r} for {symbol} is not a relation (sympy evaluated it using the symbol's own "
                f"assumptions); write fact='positive' or sympy.Gt({symbol}, 0, evaluate=False)"
            )
        self.fact = fact
        self.by = by if by is not None else Algebra()
        self.display = display

    def replace(self, **kw):
        """A copy with some attributes replaced (used to build mutants)."""
        new = Define(self.symbol, self.expr, self.text, self.fact, self.by, self.display)
        for k, v in kw.items():
            setattr(new, k, v)
        return new


class Case:
    r"""A case of a derivation (or of a `Split`): a condition and the steps proving it.

    Parameters
    ----------
    condition : sympy boolean
        What the case assumes (`True` for "otherwise").
    steps : list
        Steps, restatements, definitions and splits.
    title : str, optional
        Heading on the page (default: the condition).

    Examples
    --------
    >>> import sympy as sp
    >>> Case(True, []).condition
    True
    """

    def __init__(self, condition, steps, title=None):
        self.condition = sp.true if condition is True else condition
        self.steps = list(steps)
        self.title = title

    def replace(self, **kw):
        """A copy with some attributes replaced."""
        new = Case(self.condition, self.steps, self.title)
        for k, v in kw.items():
            setattr(new, k, v)
        return new


class Split:
    r"""Exhaustive case split inside a case: every sub-case proves the same proposition.

    The sub-cases' conditions must cover the parent case (checked on the real line for
    conditions on one variable).

    Parameters
    ----------
    cases : list of Case
        The sub-cases.
    text : str
        Explanation.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> len(Split([Case(x < 1, []), Case(x >= 1, [])], "two halves").cases)
    2
    """

    kind = "split"

    def __init__(self, cases, text=""):
        self.cases = list(cases)
        self.text = text

    def replace(self, **kw):
        """A copy with some attributes replaced."""
        new = Split(self.cases, self.text)
        for k, v in kw.items():
            setattr(new, k, v)
        return new


class Derivation:
    r"""The derivation of one bound: premises, cases of steps, and the final relation.

    Parameters
    ----------
    id : str
        Identifier, equal to the bound's `derivation` id (e.g. `"duel.chernoff"`).
    title : str
        Title of the page.
    summary : str
        A paragraph (Markdown) saying what is proved and how.
    domain : dict
        Variable -> sympy set (`Interval`, `Reals`, `Naturals0`).
    integers : iterable
        Variables taking integer values (sampled as integers).
    assumptions : sequence of Assumption
        Model assumptions, stated in words.
    given : sequence of sympy relations
        Hypotheses of the theorem (e.g. "the learner errs with probability at most delta").
    premises : sequence of Premise
        Premises to list first (those used by steps are added automatically).
    steps : list, optional
        The steps when there is a single case (no branches).
    cases : list of Case, optional
        Cases; the final relation is the `Piecewise` of the cases' conclusions (conditions
        in order; `True` last).
    after : list of Step, optional
        Steps after the cases are assembled (e.g. to restate a `Piecewise` in the bound's
        form).
    subs : sequence of pairs
        The stated substitutions that turn the final relation into the bound's relation
        (e.g. `[(P_lose, delta), (q, (1 - alpha) * (1 - eps))]`), applied in order.
    bound : str, optional
        Id of the bound (default `id`).
    result : bool
        A relation outside the catalogue (`bounds.derivations.results()`): there is no bound
        to match, and the last line, as proved, is the result.
    symbols : sequence of (symbol, str)
        Glossary: symbols used and what they mean.
    readable : sympy relation, optional
        The bound in its readable, textbook form, as its page shows it: a relation written
        under `sympy.evaluate(False)` (the page keeps the written order) in the
        vocabulary's symbols and the abbreviations of `where`. The checker verifies that,
        with `where` substituted, it is the bound's relation (`match_readable`).
    where : sequence of pairs
        The abbreviations `readable` uses, `(symbol, expression)` (or `(function,
        sympy.Lambda)` for an abbreviation with an argument), substituted in order; the
        page lists them under the bound.

    Examples
    --------
    Two cases assembled into a `Piecewise`:

    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> from bounds.proof import check
    >>> D = Derivation("demo.abs", "the absolute value", domain={x: sp.Reals}, bound=None, cases=[
    ...     Case(x >= 0, [Step("=", x, "a nonnegative number", lhs=sp.Abs(x))]),
    ...     Case(True, [Step("=", -x, "a negative number", lhs=sp.Abs(x))]),
    ... ])
    >>> r = check(D)
    >>> [s.status for s in r.steps], r.conclusion
    (['proved', 'proved'], Eq(Abs(x), Piecewise((x, x >= 0), (-x, True))))

    The catalogue's derivations are modules of the package `bounds.derivations`.
    """

    def __init__(
        self,
        id,
        title,
        summary="",
        *,
        domain=None,
        integers=(),
        assumptions=(),
        given=(),
        premises=(),
        steps=None,
        cases=None,
        after=(),
        subs=(),
        bound=None,
        symbols=(),
        readable=None,
        where=(),
        result=False,
    ):
        self.id = id
        self.result = bool(result)
        self.title = title
        self.summary = summary
        self.domain = dict(domain or {})
        self.integers = tuple(integers)
        self.assumptions = tuple(assumptions)
        self.given = tuple(given)
        self.premises = list(premises)
        if (steps is None) == (cases is None):
            raise DerivationError(f"{id}: give exactly one of steps= or cases=")
        self.cases = list(cases) if cases is not None else [Case(True, steps)]
        self.after = list(after)
        self.subs = list(subs)
        self.bound = bound or id
        self.symbols = list(symbols)
        if readable is not None and not isinstance(readable, sp.core.relational.Relational):
            raise DerivationError(f"{id}: readable={readable!r} is not a relation; build it under sympy.evaluate(False)")
        self.readable = readable
        self.where = list(where)

    def __repr__(self):
        return f"<Derivation {self.id}>"

    def replace(self, **kw):
        """A copy with some attributes replaced (e.g. `cases=`), for mutants and tests."""
        new = Derivation.__new__(Derivation)
        new.__dict__.update(self.__dict__)
        for k, v in kw.items():
            setattr(new, k, v)
        return new

    # -- structure
    def all_premises(self):
        """Premises listed, plus every premise or derivation a step relies on (in order of use)."""
        out = []
        seen = set()

        def add(p):
            pid = p.id
            if pid not in seen:
                seen.add(pid)
                out.append(p)

        for p in self.premises:
            add(p)
        for item in self.iter_items():
            for u in getattr(getattr(item, "by", None), "uses", lambda: [])():
                add(u)
        return out

    def iter_items(self):
        """Every step, restatement and definition, depth first."""

        def walk(items):
            for it in items:
                if isinstance(it, Split):
                    for c in it.cases:
                        yield from walk(c.steps)
                else:
                    yield it

        for c in self.cases:
            yield from walk(c.steps)
        yield from walk(self.after)

    def context(self):
        """The base context: domains, integers, givens, assumptions."""
        return Context(self.domain, self.integers, hyps=self.given, assumptions={a.key for a in self.assumptions})

    def lemma(self, case: int = 0, id=None, title=None):
        r"""This derivation's conclusion in one case, as a premise other derivations can use.

        Parameters
        ----------
        case : int
            Which case (index into `cases`).
        id : str, optional
            Id of the lemma (default: the derivation's id).
        title : str, optional
            Title (default: the derivation's title).

        Returns
        -------
        Premise
            Statement: the case's conclusion (definitions expanded). Hypotheses: the case
            condition, the negations of earlier conditions, the variables' domains and the
            derivation's assumptions and givens.
        """
        c = self.cases[case]
        concl = conclusion_of(c.steps)
        if concl is None:
            raise DerivationError(f"{self.id}: case {case} has no conclusion")
        defs = collect_defs(self)
        concl = Context(defs=defs).expand(concl)
        hyps = []
        if c.condition not in (True, sp.true):
            hyps.extend(split_and(c.condition))
        for prev in self.cases[:case]:
            hyps.append(sp.Not(prev.condition))
        atoms = atoms_of(concl)
        for a in sorted(atoms, key=sp.srepr):
            if a in self.domain:
                lo, hi, lc, hc = interval_parts(self.domain[a])
                if lo != -sp.oo:
                    hyps.append(sp.Ge(a, lo, evaluate=False) if lc else sp.Gt(a, lo, evaluate=False))
                if hi != sp.oo:
                    hyps.append(sp.Le(a, hi, evaluate=False) if hc else sp.Lt(a, hi, evaluate=False))
        hyps.extend(self.given)
        hyps.extend(self.assumptions)
        return Premise(id or self.id, title or self.title, concl, f"derivation {self.id}", hypotheses=hyps, source=self)


def collect_defs(deriv):
    defs = {}
    for it in deriv.iter_items():
        if isinstance(it, Define):
            defs[it.symbol] = it.expr
    return defs


def conclusion_of(items):
    """The proposition a list of steps ends with (structure only, no checking)."""
    start = op = cur = None
    for it in items:
        if isinstance(it, Define):
            continue
        if isinstance(it, Split):
            subs_ = [conclusion_of(c.steps) for c in it.cases]
            if not subs_ or any(x is None for x in subs_):
                return None
            sub = weakest(subs_)
            if sub is None:
                return None
            start, op, cur = sub.lhs, op_of(sub), sub.rhs
            continue
        if it.lhs is not None:
            start, op, cur = it.lhs, it.op, it.rhs
        else:
            if start is None:
                return None
            op = compose(op, it.op)
            cur = it.rhs
    if start is None or op is None:
        return None
    return make_rel(start, op, cur)


def weakest(concls):
    """The relation every one of the propositions implies (same sides), or None."""
    base = concls[0]
    ops = []
    for c in concls:
        if c.lhs == base.lhs and c.rhs == base.rhs:
            ops.append(op_of(c))
        elif c.lhs == base.rhs and c.rhs == base.lhs:
            ops.append(FLIP[op_of(c)])
        else:
            return None
    op = ops[0]
    for o in ops[1:]:
        if o == op:
            continue
        pair = {o, op}
        if pair <= {"=", "<=", "<"}:
            op = "<="
        elif pair <= {"=", ">=", ">"}:
            op = ">="
        else:
            return None
    return make_rel(base.lhs, op, base.rhs)


def assemble_cases(concls, conds, errors):
    if len(concls) == 1:
        return concls[0]
    lhs = concls[0].lhs
    ops = {op_of(c) for c in concls}
    for c in concls:
        if c.lhs != lhs:
            errors.append(f"the cases conclude about different quantities ({lhs} vs {c.lhs})")
            return None
    weak = {"<=": "<=", "<": "<=", ">=": ">=", ">": ">=", "=": "="}
    kinds = {weak[o] for o in ops}
    if len(kinds) > 1:
        if kinds - {"="} and len(kinds - {"="}) == 1:
            op = (kinds - {"="}).pop()
        else:
            errors.append(f"the cases conclude relations in different directions: {sorted(ops)}")
            return None
    else:
        op = kinds.pop()
        if op != "=" and ops == {"<"}:
            op = "<"
        if op != "=" and ops == {">"}:
            op = ">"
    branches = []
    for c, cond in zip(concls, conds):
        branches.append((c.rhs, cond))
    if branches[-1][1] not in (True, sp.true):
        errors.append("the last case must be 'otherwise' (condition True)")
        return None
    pw = sp.Piecewise(*branches)
    return make_rel(lhs, op, pw)
