r"""Premises: theorems cited from the literature, model assumptions and finite models.

A `Premise` states exactly what is used, as a sympy relation in its own variables, with its
side conditions and its source (and, where it can be evaluated, a spot check:
`bounds.proof.spotcheck`); an `Assumption` is a model assumption in words; a
`FiniteModel` defines finite distributions the checker computes with.

Examples
--------
>>> import sympy as sp
>>> a, b = sp.symbols("a b", real=True)
>>> P = Premise("amgm", "AM-GM", sp.Le(sp.sqrt(a * b), (a + b) / 2), "Cauchy", hypotheses=[a >= 0, b >= 0])
>>> P.instantiate({a: 1, b: 4})[0]
2 <= 5/2
"""
from __future__ import annotations

from dataclasses import dataclass


import sympy as sp

from ..errors import ParameterTypeError
from .status import DerivationError

__all__ = ["Assumption", "Premise", "FiniteModel"]


@dataclass(frozen=True)
class Assumption:
    r"""A model assumption in words, referred to by key (e.g. "labels are i.i.d.").

    A lemma whose hypotheses include an assumption can only be used in a derivation that
    states the same assumption (same key). The text is Markdown, with its symbols as
    `$...$` math (as in a step's explanation): the derivation pages typeset it.

    Examples
    --------
    >>> Assumption("iid", "the labels are independent and identically distributed").key
    'iid'
    """

    key: str
    text: str


class Premise:
    r"""A theorem used by derivations: cited from the literature, or proved by a derivation.

    Parameters
    ----------
    id : str
        Short identifier (anchors on pages, nodes of the dependency graph).
    title : str
        Name of the theorem.
    statement : sympy relation
        The exact statement, in the premise's own variables.
    citation : str
        Where it is proved.
    hypotheses : sequence
        Side conditions: sympy relations (checked when the lemma is used) or `Assumption`s
        (matched by key against the using derivation's assumptions).
    variables : sequence, optional
        The symbols and function symbols an instance may substitute (default: every free
        symbol, indexed base and undefined function of the statement and hypotheses).
    domain : dict, optional
        Domains of variables that stay universally quantified in the hypotheses (e.g. the
        argument of a function whose monotonicity is a hypothesis).
    note : str
        One line shown with the statement.
    url : str
        A link to the source, if public.
    source : Derivation, optional
        The derivation whose conclusion this premise is (set by `Derivation.lemma`).
    spot_check : SpotCheck or str, optional
        How to check the statement on random instances (`bounds.proof.spotcheck`), or a
        sentence saying why it cannot be (e.g. it defines the model). Default: statements
        between plain real symbols are sampled directly; others are reported unchecked.

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b", real=True)
    >>> AMGM = Premise("amgm", "AM-GM", sp.Le(sp.sqrt(a * b), (a + b) / 2),
    ...                "Cauchy (1821)", hypotheses=[a >= 0, b >= 0])
    >>> AMGM.kind
    'cited'
    """

    kind = "cited"

    def __init__(self, id, title, statement, citation, hypotheses=(), variables=None, domain=None, note="", url="", source=None,
                 spot_check=None):
        if statement is not None and not isinstance(statement, sp.core.relational.Relational):
            raise DerivationError(
                f"premise {id}: the statement {statement!r} is not a relation (sympy evaluated it; use evaluate=False)"
            )
        self.id = id
        self.title = title
        self.statement = statement
        self.citation = citation
        self.hypotheses = tuple(hypotheses)
        self.domain = dict(domain or {})
        self.note = note
        self.url = url
        self.source = source  # a Derivation when the premise is a derivation's lemma
        self.spot_check = spot_check
        if source is not None:
            self.kind = "derivation"
        if variables is None:
            vs = set()
            items = [statement] + [h for h in self.hypotheses if isinstance(h, sp.Basic)]
            for it in items:
                if it is None:
                    continue
                vs |= it.free_symbols
                vs |= {x.base for x in it.atoms(sp.Indexed)}
                vs |= {type(f) for f in it.atoms(sp.core.function.AppliedUndef)}
                vs |= {lim[0] for sm in it.atoms(sp.Sum, sp.Product) for lim in sm.limits}  # renameable indices
            variables = vs
        self.variables = tuple(variables)

    def __repr__(self):
        return f"<Premise {self.id}: {self.title}>"

    def replace(self, **changes):
        """A copy with some attributes replaced (e.g. `statement=`), for tests of the checks."""
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        for k, v in changes.items():
            if not hasattr(self, k):
                raise ParameterTypeError(f"Premise has no attribute {k!r}")
            setattr(new, k, v)
        return new

    def instantiate(self, subs: dict):
        """The statement and the relational hypotheses after substituting `subs`."""
        return _instantiate(self.statement, subs), [
            _instantiate(h, subs) if isinstance(h, sp.Basic) else h for h in self.hypotheses
        ]


class FiniteModel(Premise):
    r"""A premise that *defines* finite distributions: the model the derivations compute with.

    Parameters
    ----------
    id : str
        Identifier.
    title : str
        Name shown on pages.
    citation : str
        Where the model is defined (e.g. "the model: ...").
    variables : dict, optional
        Random variable -> {value: probability}. The variable may be an `IndexedBase` (every
        indexed copy has the same law: i.i.d.) or a symbol.
    distributions : dict, optional
        Distribution symbol -> {outcome: probability}, for divergences `KL(P, Q)`.
    note : str
        One line.

    Examples
    --------
    >>> import sympy as sp
    >>> p = sp.Symbol("p", positive=True)
    >>> X = sp.Symbol("X")
    >>> COIN = FiniteModel("coin", "A coin", "definition", variables={X: {1: p, 0: 1 - p}})
    >>> COIN.expectation(X**2)
    p
    """

    kind = "model"

    def __init__(self, id, title, citation, variables=None, distributions=None, functions=None, note="", url=""):
        self.variables_law = {k: {_outcome(v): p for v, p in law.items()} for k, law in (variables or {}).items()}
        self.distributions = {k: {_outcome(v): p for v, p in law.items()} for k, law in (distributions or {}).items()}
        self.functions = {f: {_outcome(v): val for v, val in table.items()} for f, table in (functions or {}).items()}
        super().__init__(id, title, None, citation, note=note, url=url, variables=())

    def law(self, subs=None):
        """The laws with the model's parameters substituted: (variables' laws, distributions)."""
        subs = subs or {}
        v = {k: {val: _instantiate(sp.sympify(p), subs) for val, p in law.items()} for k, law in self.variables_law.items()}
        dd = {k: {o: _instantiate(sp.sympify(p), subs) for o, p in law.items()} for k, law in self.distributions.items()}
        return v, dd

    def expectation(self, expr, subs=None):
        """$\\mathbb{E}[\\text{expr}]$ under the model's law (one random variable)."""
        law, _ = self.law(subs)
        return expect_finite(expr, law, self.functions)

    def probabilities(self, subs=None):
        """Every probability the model assigns (for nonnegativity and normalisation checks)."""
        law, dists = self.law(subs)
        return [list(v.values()) for v in law.values()] + [list(v.values()) for v in dists.values()]

    def table(self):
        """Rows (name, value, probability) for pages."""
        rows = []
        for k, law in self.variables_law.items():
            for val, p in law.items():
                rows.append((k, val, p))
        for k, law in self.distributions.items():
            for o, p in law.items():
                rows.append((k, o, p))
        return rows


def _outcome(v):
    """An outcome of a finite model: a number, or a named outcome (a symbol named by the label)."""
    if isinstance(v, str):
        return sp.Symbol(v)
    return sp.sympify(v)


def rv_atoms(expr, law):
    out = set()
    for k in law:
        if isinstance(k, sp.IndexedBase):
            out |= {x for x in expr.atoms(sp.Indexed) if x.base == k}
        elif expr.has(k):
            out.add(k)
    return out


def _rv_law(atom, law):
    if isinstance(atom, sp.Indexed):
        return law[atom.base]
    return law[atom]


def _apply_functions(e, functions):
    """Replace model functions applied to outcome values by their tabulated values."""
    if not functions:
        return e
    rep = {}
    for f in e.atoms(sp.Function):
        table = functions.get(type(f))
        if table is not None and len(f.args) == 1 and f.args[0] in table:
            rep[f] = sp.sympify(table[f.args[0]])
    return e.xreplace(rep) if rep else e


def expect_finite(expr, law, functions=None):
    rvs = rv_atoms(expr, law)
    if not rvs:
        return expr
    if len(rvs) > 1:
        raise DerivationError(f"expectation of {expr} involves several random variables {rvs}; use one")
    (x,) = rvs
    return sp.Add(*[p * _apply_functions(expr.xreplace({x: v}), functions) for v, p in _rv_law(x, law).items()])


def prob_finite(event, law, functions=None):
    rvs = rv_atoms(event, law)
    if len(rvs) != 1:
        raise DerivationError(f"probability of {event} must involve exactly one random variable of the model")
    (x,) = rvs
    total = sp.S.Zero
    for v, p in _rv_law(x, law).items():
        val = _apply_functions(event.xreplace({x: v}), functions)
        val = sp.simplify(val) if not isinstance(val, (bool, sp.logic.boolalg.BooleanAtom)) else val
        if val in (True, sp.true):
            total += p
        elif val in (False, sp.false):
            pass
        else:
            raise DerivationError(f"cannot decide the event {event} at {x} = {v}")
    return total


def _instantiate(e, subs: dict):
    """Substitute lemma variables: symbols/indexed bases simultaneously, functions by Lambdas."""
    if e is None or not isinstance(e, sp.Basic):
        return e
    atom_map = {}
    fn_map = {}
    for k, v in subs.items():
        if isinstance(k, sp.core.function.UndefinedFunction) or (isinstance(k, type) and issubclass(k, sp.Function)):
            fn_map[k] = v
        else:
            atom_map[k] = sp.sympify(v) if not isinstance(v, sp.IndexedBase) else v
    if isinstance(e, sp.core.relational.Relational):
        lhs = _instantiate(e.lhs, subs)
        rhs = _instantiate(e.rhs, subs)
        return type(e)(lhs, rhs, evaluate=False)
    out = e
    if fn_map:
        for f, lam in fn_map.items():
            out = out.replace(f, lam)
    if atom_map:
        out = out.xreplace(atom_map)
    if out.has(sp.Derivative):
        out = out.doit()
    return out
