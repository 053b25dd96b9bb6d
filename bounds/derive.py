r"""Machine-checked derivations: the proof companion of every bound.

A *derivation* proves one bound of the catalogue. It has **premises** (theorems cited from
the literature, each with its citation and its exact statement as a sympy relation) and
ordered **steps**. Each step is a relation between sympy expressions with a one-line
explanation and a *justification*; the checker gives it exactly one status:

`proved`
    established symbolically under the stated assumptions: an equality whose difference
    sympy simplifies to $0$, an inequality whose difference a sign prover shows to be
    $\ge 0$, an expectation computed from the model's distribution, a monotone step whose
    derivative has a proved sign, a rearrangement by a proved positive factor.
`lemma`
    an instance of a named lemma (a cited premise or another derivation): the checker
    substitutes the lemma's variables, verifies that this gives exactly the step's relation
    (up to a proved positive factor) and discharges the lemma's side conditions.
`numeric`
    only sampled over the stated domain (how many points, drawn where, including the
    edges), because a symbolic proof is out of reach. A weaker status, shown as such.
`cited`
    a premise from the literature or the model, used verbatim.

A failing step gets the status `false`, with the reason (a counterexample where one was
found). Steps *chain*: in a chain $a \le b = c \le d$ each step relates the previous
right-hand side to a new one, and the checker composes the relations (transitivity, with
directions) to the proposition $a \le d$. A derivation may split into cases; the final
relation is assembled from the cases (a `Piecewise` when the bound has branches) and must be
the very relation the `Bound` evaluates, after the derivation's stated substitutions
(`match_bound`).

The derivations themselves live in the `derivations` package shipped with this one; run
them with `bounds derivations check` or `check_all()`.

Examples
--------
A two-step chain proving $(x+1)^2 \ge 4x$ for $x \ge 0$:

>>> import sympy as sp
>>> from bounds.derive import Derivation, Step, check
>>> x = sp.Symbol("x", nonnegative=True)
>>> D = Derivation(
...     "demo.am_gm", "AM-GM for two numbers",
...     domain={x: sp.Interval(0, sp.oo)},
...     steps=[
...         Step(">=", 4 * x, "expand the square", lhs=(x + 1) ** 2, by=None),
...     ],
... )
>>> r = check(D)
>>> [s.status for s in r.steps]
['proved']
>>> print(r.steps[0].detail)
(x - 1)**2 >= 0 (sign proved)
>>> r.conclusion
(x + 1)**2 >= 4*x

(It proves no bound of the catalogue, so `r.ok` is False: `r.match` says why.) The
derivations of the catalogue are checked the same way:

>>> import derivations
>>> r = check(derivations.get("duel.hoeffding"))
>>> r.ok, r.counts["proved"], r.counts["lemma"], r.counts["cited"], r.match.how
(True, 4, 2, 2, 'identical')
"""
from __future__ import annotations

import itertools
import math
import random
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import mpmath
import sympy as sp
from sympy.printing.latex import LatexPrinter

from . import measures

__all__ = [
    "Status",
    "Assumption",
    "Premise",
    "FiniteModel",
    "Step",
    "Restate",
    "Define",
    "Split",
    "Case",
    "Derivation",
    "Algebra",
    "Instance",
    "Rewrite",
    "Cite",
    "Model",
    "Monotone",
    "Rearrange",
    "Event",
    "Contradiction",
    "Substitute",
    "Numeric",
    "Quantity",
    "opaque",
    "Pr",
    "E",
    "KL",
    "latex",
    "check",
    "check_all",
    "match_bound",
    "load",
    "mutants",
    "dependency_graph",
    "cli",
    "StepReport",
    "DerivationReport",
]


# =====================================================================================
# statuses


class Status:
    r"""The statuses a step can get, strongest first (`false` means the check failed).

    Examples
    --------
    >>> Status.ORDER
    ('proved', 'lemma', 'cited', 'numeric', 'false')
    """

    PROVED = "proved"
    LEMMA = "lemma"
    CITED = "cited"
    NUMERIC = "numeric"
    FALSE = "false"
    ORDER = (PROVED, LEMMA, CITED, NUMERIC, FALSE)


@dataclass
class Outcome:
    """What a justification's check returns."""

    status: str
    detail: str = ""
    counterexample: dict | None = None


def _ok(status, detail=""):
    return Outcome(status, detail)


def _fail(detail, counterexample=None):
    return Outcome(Status.FALSE, detail, counterexample)


class DerivationError(ValueError):
    """A derivation is malformed (not merely false): raised while building it."""


# =====================================================================================
# notation: opaque quantities and functions with their own LaTeX


class Quantity(sp.Symbol):
    r"""A named quantity that the checker treats as an opaque real number (with LaTeX).

    Called as `Quantity(name, tex=None, **assumptions)`: `name` is the internal (unique)
    name, `tex` the LaTeX shown on pages (e.g. `P_e`), and `assumptions` are sympy
    assumptions (e.g. `nonnegative=True`). (Prose, not a Parameters section: the class
    defines `__new__`, and the API docs check Parameters against `__init__`.)

    Examples
    --------
    >>> import sympy as sp
    >>> Pe = Quantity("P_e", r"P_{\mathrm{e}}", nonnegative=True)
    >>> sp.latex(Pe + 1)
    'P_{\\mathrm{e}} + 1'
    """

    _TEX: dict = {}

    def __new__(cls, name, tex=None, **assumptions):
        obj = super().__new__(cls, name, **assumptions)
        if tex is not None:
            Quantity._TEX[name] = tex
        return obj

    def __getnewargs_ex__(self):
        return ((self.name,), self.assumptions0)

    def _latex(self, printer, exp=None):
        out = Quantity._TEX.get(self.name, self.name)
        return out if exp is None else r"\left(%s\right)^{%s}" % (out, exp)


class _Opaque(sp.Function):
    """Base class of opaque functions: never evaluated, printed with a LaTeX template."""

    _tex = "{name}({args})"

    @classmethod
    def eval(cls, *args):
        return None

    def _latex(self, printer, exp=None):
        args = [printer._print(a) for a in self.args]
        fmt = type(self)._tex
        try:
            out = fmt.format(*args, args=", ".join(args), name=type(self).__name__)
        except (IndexError, KeyError, ValueError):
            out = r"\operatorname{%s}\left(%s\right)" % (type(self).__name__, ", ".join(args))
        if exp is not None:
            out = r"\left(%s\right)^{%s}" % (out, exp)
        return out

    def _sympystr(self, printer):
        return "%s(%s)" % (type(self).__name__, ", ".join(printer._print(a) for a in self.args))


def opaque(name: str, tex: str, nargs=None):
    r"""Make an opaque function class: `F(args)` stays unevaluated and prints with `tex`.

    Parameters
    ----------
    name : str
        Class name (also used in `sympy.srepr`).
    tex : str
        LaTeX template; `{0}`, `{1}`, ... are the printed arguments, `{args}` all of them.
    nargs : int or tuple of int, optional
        Allowed numbers of arguments.

    Returns
    -------
    type
        A `sympy.Function` subclass.

    Examples
    --------
    >>> import sympy as sp
    >>> H = opaque("H", r"H\!\left({0} \mid {1}\right)", nargs=2)
    >>> V, Y = sp.symbols("V Y")
    >>> sp.latex(H(V, Y))
    'H\\!\\left(V \\mid Y\\right)'
    """
    attrs = {"_tex": tex}
    if nargs is not None:
        attrs["nargs"] = nargs
    cls = type(name, (_Opaque,), attrs)
    cls.__module__ = __name__
    return cls


class Pr(_Opaque):
    r"""Probability of an event: `Pr(A)` or, conditioned, `Pr(A, B)` ($\Pr[A \mid B]$).

    Examples
    --------
    >>> import sympy as sp
    >>> s = sp.Symbol("s", real=True)
    >>> sp.latex(Pr(s <= 0))
    '\\Pr\\left[s \\leq 0\\right]'
    """

    nargs = (1, 2)

    def _latex(self, printer, exp=None):
        if len(self.args) == 2:
            out = r"\Pr\left[%s \,\middle|\, %s\right]" % (printer._print(self.args[0]), printer._print(self.args[1]))
        else:
            out = r"\Pr\left[%s\right]" % printer._print(self.args[0])
        return out if exp is None else r"%s^{%s}" % (out, exp)


class E(_Opaque):
    r"""Expectation of a random expression, $\mathbb{E}[X]$.

    Examples
    --------
    >>> import sympy as sp
    >>> sp.latex(E(sp.Symbol("X")))
    '\\mathbb{E}\\left[X\\right]'
    """

    nargs = 1
    _tex = r"\mathbb{{E}}\left[{0}\right]"


class KL(_Opaque):
    r"""Kullback–Leibler divergence between two distributions, $\mathrm{KL}(P \,\|\, Q)$.

    Examples
    --------
    >>> import sympy as sp
    >>> sp.latex(KL(*sp.symbols("P Q")))
    '\\mathrm{KL}\\left(P \\,\\middle\\|\\, Q\\right)'
    """

    nargs = 2
    _tex = r"\mathrm{{KL}}\left({0} \,\middle\|\, {1}\right)"


def _is_opaque_atom(e) -> bool:
    return isinstance(e, _Opaque) or isinstance(e, sp.core.function.AppliedUndef)


# =====================================================================================
# LaTeX: sympy's printer, keeping the written order of unevaluated expressions


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

    def _print_Pow(self, expr, **kwargs):
        b, x = expr.args
        if isinstance(b, sp.Function) and hasattr(b, "_latex") and not isinstance(b, _Opaque) and x != sp.S.Half:
            # functions with their own LaTeX (the measures) may not take an exponent
            return r"\left(%s\right)^{%s}" % (self._print(b), self._print(x))
        return super()._print_Pow(expr, **kwargs)

    def _print_Symbol(self, expr, style="plain"):
        from .vocabulary import PARAMETERS, SYMBOLS

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


# =====================================================================================
# relations


_REL = {"=": sp.Eq, "<=": sp.Le, "<": sp.Lt, ">=": sp.Ge, ">": sp.Gt}
_OP_OF = {"==": "=", "<=": "<=", "<": "<", ">=": ">=", ">": ">"}
_TEX_OP = {"=": "=", "<=": r"\le", "<": "<", ">=": r"\ge", ">": ">"}
_FLIP = {"=": "=", "<=": ">=", "<": ">", ">=": "<=", ">": "<"}


def _rel(lhs, op, rhs):
    return _REL[op](sp.sympify(lhs), sp.sympify(rhs), evaluate=False)


def _op(r) -> str:
    return _OP_OF[r.rel_op]


def _compose(a: str, b: str) -> str | None:
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


def _canon_rel(r):
    return _canon(_op(r), r.lhs, r.rhs)


def _same_rel(a, b) -> bool:
    """Structural identity of two relations up to orientation (a <= b is b >= a)."""
    if a == b:
        return True
    try:
        return _op(a) == _FLIP[_op(b)] and a.lhs == b.rhs and a.rhs == b.lhs
    except Exception:
        return False


def _split_and(c):
    if isinstance(c, sp.And):
        out = []
        for a in c.args:
            out.extend(_split_and(a))
        return out
    return [c]


# =====================================================================================
# measure functions: rewriting into elementary functions


_MEASURE_CLASSES = (measures.BinaryEntropy, measures.BernoulliKL, measures.Bhattacharyya)


def _elementary(e):
    """Rewrite the information measures in elementary functions (logs and square roots)."""
    if not isinstance(e, sp.Basic):
        return sp.sympify(e)
    if not e.has(*_MEASURE_CLASSES):
        return e
    rep = {}
    for f in e.atoms(*_MEASURE_CLASSES):
        if isinstance(f, measures.Bhattacharyya):
            rep[f] = f.rewrite(sp.sqrt)
        else:
            rep[f] = f.rewrite(sp.log)
    return e.xreplace(rep)


# =====================================================================================
# the context of a step: domains, hypotheses, facts, definitions


def _interval_parts(s: sp.Set):
    if isinstance(s, sp.Interval):
        return s.start, s.end, not s.left_open, not s.right_open
    if s == sp.S.Reals:
        return -sp.oo, sp.oo, False, False
    if s in (sp.S.Naturals0,):
        return sp.S.Zero, sp.oo, True, False
    if s == sp.S.Naturals:
        return sp.S.One, sp.oo, True, False
    if isinstance(s, sp.FiniteSet) and len(s) == 1:
        (v,) = tuple(s)
        return v, v, True, True
    raise DerivationError(f"unsupported domain {s!r}; use an Interval, Reals or Naturals0")


@dataclass(frozen=True)
class _Range:
    lo: Any
    hi: Any
    lo_closed: bool
    hi_closed: bool
    integer: bool = False

    @property
    def point(self):
        return self.lo == self.hi and self.lo_closed and self.hi_closed

    def deps(self):
        s = set()
        for b in (self.lo, self.hi):
            if isinstance(b, sp.Basic):
                s |= _atoms_of(b)
        return s


def _atoms_of(e):
    """The variable atoms of an expression: symbols, indexed objects and opaque applications."""
    out = set()
    if not isinstance(e, sp.Basic):
        return out
    stack = [e]
    while stack:
        x = stack.pop()
        if isinstance(x, sp.Indexed):
            out.add(x)
            continue
        if _is_opaque_atom(x):
            out.add(x)
            continue
        if isinstance(x, sp.Symbol):
            out.add(x)
            continue
        if isinstance(x, (sp.Sum, sp.Product)):
            inner = _atoms_of(x.function)
            bound = {lim[0] for lim in x.limits}
            out |= {a for a in inner if not (a in bound or (a.free_symbols & bound))}
            for lim in x.limits:
                for b in lim[1:]:
                    out |= _atoms_of(b)
            continue
        if isinstance(x, sp.Lambda):
            continue
        stack.extend(a for a in x.args if isinstance(a, sp.Basic))
    return out


class Context:
    r"""What a step may assume: variable domains, hypotheses, established facts, definitions.

    Built by the checker; exposed for extensions (custom justifications get one).

    Parameters
    ----------
    domain : dict
        Atom -> sympy set (an `Interval`, `Reals` or `Naturals0`).
    integers : set
        Atoms that take integer values only.
    hyps : tuple
        Case conditions, the derivation's givens and the facts established so far.
    defs : dict
        Abbreviation symbol -> its definition.
    assumptions : set of str
        Keys of the model assumptions the derivation states.

    Examples
    --------
    >>> import sympy as sp
    >>> q = sp.Symbol("q", positive=True)
    >>> ctx = Context({q: sp.Interval(0, 1)}).with_hyps(q > sp.S.Half)
    >>> ctx.range(q)
    _Range(lo=1/2, hi=1, lo_closed=False, hi_closed=True, integer=False)
    """

    def __init__(self, domain=None, integers=(), hyps=(), defs=None, assumptions=(), _ranges=None):
        self.domain = dict(domain or {})
        self.integers = frozenset(integers)
        self.hyps = tuple(hyps)
        self.defs = dict(defs or {})
        self.assumptions = frozenset(assumptions)
        self._ranges = _ranges

    # -- construction
    def with_hyps(self, *hyps):
        """A new context with more hypotheses."""
        new = []
        for h in hyps:
            if h is True or h == sp.true:
                continue
            new.extend(_split_and(h))
        return Context(self.domain, self.integers, self.hyps + tuple(new), self.defs, self.assumptions)

    def with_domain(self, extra: dict):
        """A new context with more (or replaced) variable domains."""
        dom = dict(self.domain)
        dom.update(extra)
        return Context(dom, self.integers, self.hyps, self.defs, self.assumptions)

    def with_defs(self, extra: dict):
        """A new context with more abbreviations."""
        defs = dict(self.defs)
        defs.update(extra)
        return Context(self.domain, self.integers, self.hyps, defs, self.assumptions)

    def key(self):
        return (
            tuple(sorted((sp.srepr(k), sp.srepr(v)) for k, v in self.domain.items())),
            tuple(sp.srepr(h) for h in self.hyps),
            tuple(sorted((sp.srepr(k), sp.srepr(v)) for k, v in self.defs.items())),
            tuple(sorted(self.assumptions)),
        )

    # -- definitions
    def expand(self, e):
        """Substitute the abbreviations (repeatedly) and rewrite measures as elementary functions."""
        if not isinstance(e, sp.Basic):
            return sp.sympify(e)
        for _ in range(8):
            atoms = set(self.defs) & (e.free_symbols | set(e.atoms(sp.Indexed)))
            if not atoms:
                break
            e = e.xreplace({a: self.defs[a] for a in atoms})
        return e

    # -- ranges
    def _base_range(self, a):
        if a in self.domain:
            lo, hi, lc, hc = _interval_parts(self.domain[a])
            return _Range(lo, hi, lc, hc, a in self.integers)
        if isinstance(a, sp.Indexed) and a.base in self.domain:
            lo, hi, lc, hc = _interval_parts(self.domain[a.base])
            return _Range(lo, hi, lc, hc, a.base in self.integers)
        if getattr(a, "is_nonnegative", None):
            if isinstance(a, Quantity) or _is_opaque_atom(a):
                return _Range(sp.S.Zero, sp.oo, True, False)
            if a.is_positive:
                return _Range(sp.S.Zero, sp.oo, False, False)
            return _Range(sp.S.Zero, sp.oo, True, False)
        return None

    def ranges(self):
        """Ranges of every atom with a domain, refined by hypotheses `x REL bound`."""
        if self._ranges is not None:
            return self._ranges
        atoms = set(self.domain)
        for h in self.hyps:
            if isinstance(h, sp.core.relational.Relational):
                atoms |= _atoms_of(h)
        rng = {}
        for a in sorted(atoms, key=sp.srepr):  # deterministic (independent of hash seeds)
            if isinstance(a, sp.IndexedBase):
                continue
            r = self._base_range(a)
            if r is not None:
                rng[a] = r
        # refine by hypotheses, in a few passes
        for _ in range(3):
            changed = False
            for h in self.hyps:
                if not isinstance(h, sp.core.relational.Relational) or isinstance(h, sp.Ne):
                    continue
                for var, op, bound in _bounds_from(h):
                    if var not in rng:
                        continue
                    if not (bound.is_number or _is_rational_term(bound)):
                        continue  # only simple bounds shape the domain; others stay facts
                    if var in _atoms_of(bound):
                        continue
                    if _creates_cycle(var, _Range(bound, bound, True, True), rng):
                        continue
                    new = _refine(rng[var], op, bound, rng, var)
                    if new is not None and new != rng[var]:
                        if not _creates_cycle(var, new, rng):
                            rng[var] = new
                            changed = True
            if not changed:
                break
        self._ranges = rng
        return rng

    def range(self, a):
        """The refined range of one atom (or None)."""
        return self.ranges_with([a]).get(a)

    def ranges_with(self, atoms):
        """`ranges()` plus the unrefined ranges of further atoms (e.g. indexed variables)."""
        rng = self.ranges()
        extra = {}
        todo = sorted((a for a in atoms if a not in rng), key=sp.srepr)
        while todo:
            a = todo.pop()
            if a in rng or a in extra or isinstance(a, sp.IndexedBase):
                continue
            r = self._base_range(a)
            if r is not None:
                extra[a] = r
                todo.extend(r.deps())
        if not extra:
            return rng
        out = dict(rng)
        out.update(extra)
        return out

    # -- charts: substitutions by unconstrained positive variables
    def charts(self, e, limit: int = 16):
        """Substitutions covering the domain of the atoms of `e` by positive free variables.

        Each chart maps the atoms to expressions in fresh positive (or nonnegative)
        symbols whose every value lies in the domain, so that sympy's assumptions and the
        sign prover see the constraints. An interval closed at both ends is covered by two
        charts: the half-open interval and its right end point.
        """
        rng = self.ranges_with(_atoms_of(e))
        need = set()
        todo = [a for a in _atoms_of(e) if a in rng]
        while todo:
            a = todo.pop()
            if a in need:
                continue
            need.add(a)
            todo.extend(x for x in rng[a].deps() if x in rng and x not in need)
        order = _topo(need, rng)
        pieces_per_var = []
        for a in order:
            pieces_per_var.append([(a, p) for p in _chart_pieces(a, rng[a])])
        charts = []
        for combo in itertools.product(*pieces_per_var) if pieces_per_var else [()]:
            mapping = {}
            for a, piece in combo:
                mapping[a] = sp.sympify(piece).xreplace(mapping)
            charts.append(mapping)
            if len(charts) >= limit:
                break
        return charts

    def box_charts(self, e, limit: int = 16):
        """Charts of a numeric box containing the domain (dependencies between ranges dropped).

        Cheaper than `charts` (no nested substitutions); sound for proving a sign or an
        identity, because the box contains every admissible point.
        """
        rng = self.ranges_with(_atoms_of(e))
        atoms = sorted((a for a in _atoms_of(e) if a in rng), key=sp.srepr)
        memo = {}
        pieces_per_var = []
        for a in atoms:
            lo, lo_open, hi, hi_open = _box(a, rng, memo)
            r = _Range(lo, hi, not lo_open, not hi_open, rng[a].integer)
            pieces_per_var.append([(a, p) for p in _chart_pieces(a, r)])
        charts = []
        for combo in itertools.product(*pieces_per_var) if pieces_per_var else [()]:
            charts.append({a: p for a, p in combo})
            if len(charts) >= limit:
                break
        return charts

    # -- sampling
    def sample(self, atoms, n: int, seed: int = 0, edges: bool = True, int_cap: int = 60):
        # edges=False: interior points only (no corner points, no end points)
        """Draw points (dicts atom -> float) satisfying the domains and hypotheses.

        The first points are the corners (every combination of end points, nudged inside
        open ends), then random interior points (uniform, or log-uniform on unbounded
        ranges); points violating a hypothesis are rejected.
        """
        atoms = set(atoms)
        rng = self.ranges_with(atoms)
        need = set()
        todo = list(atoms)
        while todo:
            a = todo.pop()
            if a in need:
                continue
            need.add(a)
            if a in rng:
                todo.extend(x for x in rng[a].deps() if x not in need)
        order = _topo(need, rng)
        r = random.Random(seed)
        hyps = [h for h in self.hyps if isinstance(h, (sp.core.relational.Relational, sp.And, sp.Or, sp.Not))]
        hyp_fns = []
        for h in hyps:
            hx = self.expand(_elementary(h))
            if _atoms_of(hx) <= need:
                hyp_fns.append(hx)
        points = []
        corners = []
        if edges:
            corner_vars = [a for a in order if a in rng and not rng[a].point][:6]
            corners = list(itertools.product(*[(0, 1)] * len(corner_vars)))
        attempts = 0
        ci = 0
        while len(points) < n and attempts < 30 * n + 200:
            attempts += 1
            mode = None
            if ci < len(corners):
                mode = dict(zip(corner_vars, corners[ci]))
                ci += 1
            pt = {}
            ok = True
            for a in order:
                edge = mode.get(a) if mode else (None if (not edges or r.random() > 0.15) else r.randint(0, 1))
                v = _draw(a, rng.get(a), pt, r, edge, int_cap)
                if v is None:
                    ok = False
                    break
                pt[a] = v
            if not ok:
                continue
            if all(_holds_numeric(h, pt) for h in hyp_fns):
                points.append(pt)
        return points


def _box(a, rng, memo, depth=0):
    """Numeric outer bounds (lo, lo_open, hi, hi_open) of an atom's range."""
    if a in memo:
        return memo[a]
    memo[a] = (-sp.oo, True, sp.oo, True)  # guard against cycles
    r = rng[a]

    def side(b, closed, lower):
        if b in (sp.oo, -sp.oo):
            return b, True
        if b.is_number:
            return b, not closed
        if b in rng and depth < 8:
            blo, blo_open, bhi, bhi_open = _box(b, rng, memo, depth + 1)
            return (blo, blo_open or not closed) if lower else (bhi, bhi_open or not closed)
        return (-sp.oo, True) if lower else (sp.oo, True)

    lo, lo_open = side(r.lo, r.lo_closed, True)
    hi, hi_open = side(r.hi, r.hi_closed, False)
    memo[a] = (lo, lo_open, hi, hi_open)
    return memo[a]


def _bounds_from(h):
    """(atom, op, bound) pairs from a hypothesis `atom REL bound` or `bound REL atom`."""
    out = []
    op = _op(h) if not isinstance(h, sp.Eq) else "="
    for side, other, o in ((h.lhs, h.rhs, op), (h.rhs, h.lhs, _FLIP[op])):
        if isinstance(side, (sp.Symbol, sp.Indexed)) or _is_opaque_atom(side):
            out.append((side, o, other))
    return out


def _num(b):
    try:
        return float(b)
    except (TypeError, ValueError):
        return None


def _refine(r: _Range, op, bound, rng, var):
    if op == "=":
        return _Range(bound, bound, True, True, r.integer)
    lower = op in (">", ">=")
    closed = op in (">=", "<=")
    old = r.lo if lower else r.hi
    old_closed = r.lo_closed if lower else r.hi_closed
    if bound == old:
        if old_closed and not closed:
            return _Range(r.lo, r.hi, False, r.hi_closed, r.integer) if lower else _Range(r.lo, r.hi, r.lo_closed, False, r.integer)
        return None
    nb, no = _num(bound), _num(old)
    take = False
    if old in (sp.oo, -sp.oo):
        take = True
    elif nb is not None and no is not None:
        if lower:
            take = nb > no or (nb == no and old_closed and not closed)
        else:
            take = nb < no or (nb == no and old_closed and not closed)
    elif nb is None:
        # symbolic bound: take it if provably at least as tight as the old one
        diff = (bound - old) if lower else (old - bound)
        sub = Context(_ranges={k: v for k, v in rng.items() if k != var})
        try:
            take = _sign_proved(diff, sub, strict=False)
        except Exception:  # pragma: no cover - defensive
            take = False
    if not take:
        return None
    if lower:
        return _Range(bound, r.hi, closed, r.hi_closed, r.integer)
    return _Range(r.lo, bound, r.lo_closed, closed, r.integer)


def _creates_cycle(var, new, rng):
    seen = set()
    todo = list(new.deps())
    while todo:
        a = todo.pop()
        if a == var:
            return True
        if a in seen:
            continue
        seen.add(a)
        if a in rng:
            todo.extend(rng[a].deps())
    return False


def _topo(atoms, rng):
    order, done = [], set()

    def visit(a, stack=()):
        if a in done:
            return
        if a in stack:
            raise DerivationError(f"circular domains involving {a}")
        if a in rng:
            for b in sorted(rng[a].deps(), key=sp.srepr):
                if b in atoms:
                    visit(b, stack + (a,))
        done.add(a)
        order.append(a)

    for a in sorted(atoms, key=sp.srepr):
        visit(a)
    return order


_CHART_COUNTER = itertools.count()


def _chart_symbol(a, positive):
    base = getattr(a, "name", None) or "x"
    base = "".join(ch for ch in str(base) if ch.isalnum()) or "x"
    if positive:
        return sp.Dummy(f"w_{base}", positive=True)
    return sp.Dummy(f"w_{base}", nonnegative=True)


def _chart_pieces(a, r: _Range):
    if r.point:
        return [r.lo]
    lo, hi = r.lo, r.hi
    if lo == -sp.oo and hi == sp.oo:
        return [a]
    if hi == sp.oo:
        w = _chart_symbol(a, not r.lo_closed)
        return [lo + w]
    if lo == -sp.oo:
        w = _chart_symbol(a, not r.hi_closed)
        return [hi - w]
    if r.lo_closed and r.hi_closed:
        w = _chart_symbol(a, False)
        return [lo + (hi - lo) * w / (1 + w), hi]
    if r.hi_closed:  # (lo, hi]
        w = _chart_symbol(a, False)
        return [hi - (hi - lo) * w / (1 + w)]
    w = _chart_symbol(a, not r.lo_closed)  # [lo, hi) or (lo, hi)
    return [lo + (hi - lo) * w / (1 + w)]


def _draw(a, r: _Range | None, pt, rnd, edge, int_cap=60):
    if r is None:
        if isinstance(a, Quantity) or _is_opaque_atom(a):
            return rnd.uniform(0.0, 1.0) if getattr(a, "is_nonnegative", False) else rnd.uniform(-2.0, 2.0)
        if getattr(a, "is_nonnegative", False):
            return rnd.uniform(0.0, 3.0)
        return rnd.uniform(-3.0, 3.0)
    lo = _evalf(r.lo, pt)
    hi = _evalf(r.hi, pt)
    if lo is None or hi is None or lo > hi:
        return None
    if r.point:
        return lo
    if r.integer:
        lo_i = math.ceil(lo) if r.lo_closed else math.floor(lo) + 1
        hi_i = min(hi, int_cap) if math.isfinite(hi) else int_cap
        hi_i = math.floor(hi_i) if (r.hi_closed or hi_i < hi) else math.ceil(hi_i) - 1
        if hi_i < lo_i:
            return None
        if edge == 0:
            return int(lo_i)
        if edge == 1:
            return int(hi_i)
        return int(rnd.randint(lo_i, hi_i))
    span = hi - lo
    if edge is not None:
        if edge == 0:
            if not math.isfinite(lo):
                return -1e6
            return lo if r.lo_closed else lo + (1e-7 * span if math.isfinite(span) else 1e-7)
        if not math.isfinite(hi):
            return 1e6 if lo < 1e6 else lo * 10
        return hi if r.hi_closed else hi - (1e-7 * span if math.isfinite(span) else 1e-7)
    if math.isfinite(span):
        return lo + span * rnd.uniform(0.001, 0.999)
    # unbounded: a mixture of scales (near the end point, moderate, large)
    u = rnd.random()
    step = rnd.uniform(0.0, 1.0) if u < 0.35 else (rnd.uniform(0.0, 10.0) if u < 0.7 else math.exp(rnd.uniform(-5.0, 7.0)))
    if math.isfinite(lo):
        return lo + step
    if math.isfinite(hi):
        return hi - step
    return rnd.uniform(-5.0, 5.0) if u < 0.7 else (step if rnd.random() < 0.5 else -step)


def _evalf(e, pt):
    if e == sp.oo:
        return math.inf
    if e == -sp.oo:
        return -math.inf
    v = _numeval(sp.sympify(e), pt)
    if v is None:
        return None
    return float(v)


# =====================================================================================
# numeric evaluation (mpmath, 30 digits)

_DPS = 30


_COMPILED: dict = {}
_MP_FUNCS = {"floor": lambda x: int(mpmath.floor(x)), "ceiling": lambda x: int(mpmath.ceil(x))}


def _compiled(e):
    """(atoms, function) evaluating e with mpmath; cached."""
    try:
        hit = _COMPILED.get(e)
    except TypeError:  # pragma: no cover - unhashable
        hit = None
    if hit is not None:
        return hit
    atoms = sorted(_atoms_of(e), key=sp.srepr)
    dums = [sp.Dummy(f"a{k}") for k in range(len(atoms))]
    ex = e.xreplace(dict(zip(atoms, dums)))
    fn = None
    if ex.atoms(sp.Indexed) or any(_is_opaque_atom(f) for f in ex.atoms(sp.Function)):
        fn = "never"  # random variables inside: no numeric value
    else:
        try:
            fn = sp.lambdify(dums, ex, modules=[_MP_FUNCS, "mpmath"])
        except Exception:
            fn = None
    hit = (atoms, fn)
    _COMPILED[e] = hit
    return hit


def _numeval(e, pt, dps=None):
    """Evaluate an expression at a point (atoms -> numbers); None if not a finite real.

    A `Tuple` evaluates to a list of values (None if it cannot be compiled)."""
    e = _elementary(sp.sympify(e))
    if e.is_Number:
        return mpmath.mpf(e) if e.is_finite else (mpmath.inf if e == sp.oo else (-mpmath.inf if e == -sp.oo else None))
    if e in pt:
        v = pt[e]
        return v if isinstance(v, int) else mpmath.mpf(v)
    atoms, fn = _compiled(e)
    if any(a not in pt for a in atoms):
        return None
    if fn == "never":
        try:
            with mpmath.workdps(dps or _DPS):
                v = _interp(e, pt)
            if isinstance(v, list):
                return v
            return v if isinstance(v, mpmath.mpf) and not mpmath.isnan(v) else None
        except Exception:
            return None
    if isinstance(e, sp.Tuple) and fn is None:
        return None
    dps = dps or _DPS
    if fn is not None:
        args = []
        for a in atoms:
            v = pt[a]
            args.append(v if isinstance(v, int) else mpmath.mpf(v))
        try:
            with mpmath.workdps(dps):
                x = fn(*args)
            if isinstance(e, sp.Tuple):
                out = []
                for t in x:
                    t = mpmath.mpmathify(t)
                    if isinstance(t, mpmath.mpc):
                        t = t.real
                    out.append(t)
                return out
            if isinstance(x, (bool,)):
                return None
            x = mpmath.mpmathify(x)
            if isinstance(x, mpmath.mpc):
                if abs(x.imag) > 1e-20 * max(1, abs(x.real)):
                    return None
                x = x.real
            if mpmath.isnan(x):
                return None
            return x
        except (ZeroDivisionError, OverflowError):
            return None
        except Exception:
            pass
    if e.has(sp.Sum, sp.Product):
        # never let sympy try to sum symbolically here: loop over the terms ourselves
        try:
            with mpmath.workdps(dps):
                v = _interp(e, pt)
            return v if isinstance(v, (mpmath.mpf, list)) and not (isinstance(v, mpmath.mpf) and mpmath.isnan(v)) else None
        except Exception:
            return None
    sub = {k: (sp.Integer(v) if isinstance(v, int) else sp.Float(v, dps)) for k, v in pt.items()}
    try:
        x = e.xreplace(sub)
        if x.has(sp.Sum, sp.Product, sp.Derivative):
            x = x.doit()
        x = x.evalf(dps)
    except Exception:
        return None
    if x == sp.oo:
        return mpmath.inf
    if x == -sp.oo:
        return -mpmath.inf
    if x.is_Piecewise or x.has(sp.nan, sp.zoo) or not x.is_number:
        return None
    try:
        c = complex(x)
    except (TypeError, ValueError):
        return None
    if abs(c.imag) > 1e-20 * max(1.0, abs(c.real)):
        return None
    return mpmath.mpf(sp.re(x)) if not x.is_real else mpmath.mpf(x)


class _NoValue(Exception):
    pass


def _opaque_key(e, env):
    """A key for an uninterpreted application: arguments that have a numeric value are
    replaced by it (rounded), so that equal arguments written differently get the same key."""

    def key(x):
        if isinstance(x, sp.Basic) and not isinstance(x, (sp.Symbol, sp.Indexed)) and not x.is_Boolean:
            try:
                v = _interp(x, env)
            except _NoValue:
                v = None  # a random variable inside: keep the structure
            except (ZeroDivisionError, ValueError, OverflowError):
                raise _NoValue("undefined argument")  # the whole expression is undefined here
            if isinstance(v, mpmath.mpf):
                if not mpmath.isfinite(v):
                    raise _NoValue("undefined argument")
                return mpmath.nstr(v, 12)
        if isinstance(x, sp.Symbol) and x in env:
            return mpmath.nstr(mpmath.mpf(env[x]), 12)
        if not isinstance(x, sp.Basic) or not x.args:
            return sp.srepr(x)
        return f"{type(x).__name__}(" + ",".join(key(a) for a in x.args) + ")"

    return key(e) if not (isinstance(e, sp.Basic) and e.args) else f"{type(e).__name__}(" + ",".join(key(a) for a in e.args) + ")"


def _hash_unit(key: str):
    """A value in (0.05, 0.95) determined by a string: an uninterpreted symbol's random meaning."""
    import hashlib

    h = int(hashlib.sha256(key.encode()).hexdigest()[:12], 16)
    return mpmath.mpf(0.05) + mpmath.mpf(0.9) * h / 16**12


def _interp(e, env):
    """Evaluate e with mpmath where opaque applications (probabilities, expectations...) are
    uninterpreted: each distinct application, after substituting the values of the variables
    it mentions (e.g. a summation index), gets a pseudo-random value. Used to refute identities
    that must hold for every meaning of the opaque symbols (rewrites, instances)."""
    if isinstance(e, sp.Tuple):
        return [_interp(a, env) for a in e.args]
    if e.is_Number:
        if e in (sp.oo, -sp.oo):
            return mpmath.inf if e == sp.oo else -mpmath.inf
        return mpmath.mpf(e) if e.is_Integer or e.is_Rational or e.is_Float else mpmath.mpf(sp.N(e, 40))
    if e in env:
        v = env[e]
        return mpmath.mpf(v) if not isinstance(v, int) else mpmath.mpf(v)
    if e is sp.pi:
        return +mpmath.pi
    if e is sp.E:
        return +mpmath.e
    if _is_opaque_atom(e):
        return _hash_unit(_opaque_key(e, env))
    if isinstance(e, (sp.Symbol, sp.Indexed)):
        raise _NoValue(str(e))
    if isinstance(e, sp.Add):
        return mpmath.fsum([_interp(a, env) for a in e.args])
    if isinstance(e, sp.Mul):
        out = mpmath.mpf(1)
        for a in e.args:
            out *= _interp(a, env)
        return out
    if isinstance(e, sp.Pow):
        b, x = _interp(e.base, env), _interp(e.exp, env)
        if b < 0 and x != int(x):
            raise _NoValue("complex power")
        return mpmath.power(b, x)
    if isinstance(e, sp.Sum):
        f = e.function
        limits = list(e.limits)

        def rec(k, env2):
            if k == len(limits):
                return _interp(f, env2)
            var, lo, hi = limits[k]
            a, b = int(mpmath.nint(_interp(lo, env2))), int(mpmath.floor(_interp(hi, env2) + mpmath.mpf("1e-9")))
            if b - a > 400:
                raise _NoValue("sum too long")
            return mpmath.fsum([rec(k + 1, {**env2, var: i}) for i in range(a, b + 1)])

        return rec(0, dict(env))
    if isinstance(e, sp.floor):
        return mpmath.floor(_interp(e.args[0], env))
    if isinstance(e, sp.ceiling):
        return mpmath.ceil(_interp(e.args[0], env))
    if isinstance(e, sp.binomial):
        return mpmath.binomial(_interp(e.args[0], env), _interp(e.args[1], env))
    fn = {sp.exp: mpmath.exp, sp.log: mpmath.log, sp.sqrt: mpmath.sqrt, sp.Abs: abs}.get(type(e))
    if fn is not None:
        return fn(*[_interp(a, env) for a in e.args])
    if isinstance(e, (sp.Max, sp.Min)):
        vals = [_interp(a, env) for a in e.args]
        return max(vals) if isinstance(e, sp.Max) else min(vals)
    if isinstance(e, sp.Piecewise):
        for expr, cond in e.args:
            if cond in (True, sp.true) or _holds_numeric(cond.xreplace({k: sp.Float(float(v), 30) for k, v in env.items() if isinstance(k, sp.Basic)}), {}):
                return _interp(expr, env)
        raise _NoValue("no branch")
    raise _NoValue(type(e).__name__)


def _holds_numeric(h, pt, tol=1e-12):
    if isinstance(h, sp.And):
        return all(_holds_numeric(a, pt, tol) for a in h.args)
    if isinstance(h, sp.Or):
        return any(_holds_numeric(a, pt, tol) for a in h.args)
    if isinstance(h, sp.Not):
        return not _holds_numeric(h.args[0], pt, -tol)
    if not isinstance(h, sp.core.relational.Relational):
        return True
    lhs = _numeval(h.lhs, pt)
    rhs = _numeval(h.rhs, pt)
    if lhs is None or rhs is None:
        return True
    scale = max(1.0, abs(float(lhs)) if mpmath.isfinite(lhs) else 1.0, abs(float(rhs)) if mpmath.isfinite(rhs) else 1.0)
    t = tol * scale
    op = h.rel_op
    if op == "==":
        return abs(lhs - rhs) <= abs(t)
    if op == "!=":
        return abs(lhs - rhs) > -t
    if op == "<=":
        return lhs <= rhs + t
    if op == "<":
        return lhs < rhs + t
    if op == ">=":
        return lhs >= rhs - t
    if op == ">":
        return lhs > rhs - t
    return True  # pragma: no cover


def _random_atom_values(atoms, seed):
    """Random values for opaque atoms (probabilities, expectations...) in refutation."""
    r = random.Random(seed)
    out = {}
    for a in sorted(atoms, key=sp.srepr):
        out[a] = r.uniform(0.05, 0.95)
    return out


def _refute(kind, e, ctx: Context, npts=24, seed=12345):
    """Look for a point where `e kind 0` fails; return it (a dict) or None.

    Values are computed with 30 significant digits; a value that is small compared with
    the terms it is a sum of is recomputed with 60 digits to tell rounding noise (which
    shrinks) from a true value (which does not).
    """
    ex = ctx.expand(_elementary(e))
    atoms = _atoms_of(ex)
    rng = ctx.ranges_with(atoms)
    free = {a for a in atoms if a not in rng}
    pts = ctx.sample(atoms - free, npts, seed=seed, int_cap=_int_cap(ex))
    if not pts and (atoms - free):
        return None
    if not pts:
        pts = [{}]
    for i, p in enumerate(pts):
        p = dict(p)
        p.update(_random_atom_values(free, seed + i))
        v = _numeval(ex, p)
        if v is None or not mpmath.isfinite(v):
            continue
        zero = _numerically_zero(ex, p, v)
        bad = (
            (kind == "=" and not zero)
            or (kind == ">=" and v < 0 and not zero)
            or (kind == ">" and (v < 0 or zero))
        )
        if bad:
            return {str(k): float(x) for k, x in p.items()}
    return None


def _int_cap(ex):
    """Largest integer sampled: small for nested sums (their cost grows like n^depth)."""
    depth = 0
    for x in sp.preorder_traversal(ex):
        if isinstance(x, sp.Sum):
            depth += 1
    return 60 if depth == 0 else (20 if depth == 1 else 6)


def _undefined_side(lhs, rhs, ctx, npts=16, seed=4321):
    """A sample point inside the domain where one side has a real value and the other none
    (e.g. the log of a negative number), as (point, message); else None."""
    a = ctx.expand(_elementary(lhs))
    b = ctx.expand(_elementary(rhs))
    atoms = _atoms_of(a) | _atoms_of(b)
    rng = ctx.ranges_with(atoms)
    free = {x for x in atoms if x not in rng}
    pts = ctx.sample(atoms - free, npts, seed=seed, edges=False, int_cap=min(_int_cap(a), _int_cap(b)))
    for k, p in enumerate(pts):
        p = dict(p)
        p.update(_random_atom_values(free, seed + k))
        va, vb = _numeval(a, p), _numeval(b, p)
        if (va is None) != (vb is None):
            side = "right" if vb is None else "left"
            pt = {str(x): float(v) for x, v in p.items()}
            return pt, f"the {side}-hand side has no real value at {_fmt_point(pt)}, where the other side has one"
    return None


def _numerically_zero(ex, p, v):
    """Is the value v of ex at p zero up to rounding? Small values are recomputed at 60 digits:
    rounding noise shrinks with the precision, a true value does not."""
    if v == 0:
        return True
    if abs(v) > 1e-3:
        return False  # rounding noise of 30-digit arithmetic this large would need terms beyond 1e25
    size = max(1.0, _term_scale(ex, p))
    if abs(v) > 1e-12 * size:
        return False
    v2 = _numeval(ex, p, dps=2 * _DPS)
    if v2 is None:
        return abs(v) <= 1e-25 * size
    return abs(v2) < 1e-10 * abs(v)


def _term_scale(ex, p):
    """Largest absolute value of the terms of a sum at p (0 for a non-sum)."""
    if isinstance(ex, sp.Add):
        v = _numeval(sp.Tuple(*ex.args), p)
        if v is None:
            return 0.0
        return float(max((abs(t) for t in v if mpmath.isfinite(t)), default=0.0))
    return 0.0


# =====================================================================================
# the prover: zero and sign


def _cheap_zero(e):
    try:
        if e == 0 or sp.expand(e) == 0:
            return True
        if e.has(sp.Sum):
            f = _constant_sums(e)
            if f != e and (f == 0 or sp.expand(f) == 0 or sp.cancel(sp.together(f)) == 0):
                return True
        if sp.cancel(sp.together(e)) == 0:
            return True
        if e.has(sp.Pow, sp.exp, sp.log):
            f = sp.powdenest(sp.powsimp(e, force=True), force=True)
            if f == 0 or sp.cancel(sp.together(sp.expand(f))) == 0:
                return True
        if e.has(sp.log):
            # logs of products and quotients split (their arguments are positive where defined)
            f = e.replace(sp.log, lambda a: sp.log(sp.factor(sp.together(a))))
            f = sp.expand(sp.expand_log(f, force=True))
            if f == 0 or sp.cancel(sp.together(f)) == 0:
                return True
    except Exception:
        return False
    return False


def _constant_sums(e):
    """Evaluate sums whose terms do not depend on the index: Sum(c, (i, a, b)) = c (b - a + 1)."""
    def rep(x):
        if isinstance(x, sp.Sum) and len(x.limits) == 1:
            i, a, b = x.limits[0]
            if i not in x.function.free_symbols:
                return x.function * (b - a + 1)
        return None

    return e.replace(lambda x: rep(x) is not None, rep)


def _costly_zero(e, max_ops=250):
    try:
        ops = sp.count_ops(e)
        if ops > max_ops:
            return False
        if e.has(sp.Sum) and any(_is_opaque_atom(f) for f in e.atoms(sp.Function)):
            return False  # sums of opaque terms: only structural identities can hold
        if sp.simplify(e) == 0:
            return True
        if ops > 120:
            return False
        if e.has(sp.log) and sp.simplify(sp.expand_log(e, force=True)) == 0:
            return True
        if e.has(sp.Pow) and sp.simplify(sp.powsimp(sp.powdenest(sp.radsimp(e), force=True), force=True)) == 0:
            return True
    except Exception:
        return False
    return False


def _prove_zero(e, ctx: Context):
    """Prove `e == 0` under ctx; returns (ok, how).

    Cheap rewritings first (expand, cancel, power rules), on the expression, after the
    definitions and on the domain charts; then `sympy.simplify`.
    """
    e = sp.sympify(e)
    if e == 0:
        return True, "identical"
    e1 = _elementary(e)
    if e1 == 0:
        return True, "identical after rewriting the measures"
    if isinstance(e1, sp.Basic) and e1.has(sp.Piecewise):
        f = sp.piecewise_fold(e1)
        if isinstance(f, sp.Piecewise):
            prev = []
            for expr, cond in f.args:
                sub = ctx.with_hyps(cond, *[sp.Not(c) for c in prev])
                ok, how = _prove_zero(expr, sub)
                if not ok:
                    if _branch_empty(sub):
                        prev.append(cond)
                        continue
                    return False, f"branch {cond}: {how}"
                prev.append(cond)
            return True, "branch by branch"
        e1 = f
    e2 = _elementary(ctx.expand(e1))
    boxes = [c for c in ctx.box_charts(e2) if c]
    charts = [c for c in ctx.charts(e2) if c]
    for test, label in ((_cheap_zero, "algebra"), (_costly_zero, "simplify")):
        if test(e1):
            return True, label
        if e2 != e1 and test(e2):
            return True, f"{label} after the definitions"
        if boxes and all(test(e2.xreplace(ch)) for ch in boxes):
            return True, f"{label} on the domain's bounding box"
        if charts and charts != boxes and all(test(e2.xreplace(ch)) for ch in charts):
            return True, f"{label} on the domain chart"
    return False, "simplification did not reach 0"


def _prove_congruent(a, b, ctx: Context, depth=0):
    """Prove a == b: identical, or the same operation on arguments proved equal pairwise
    (sums, products, powers, Sum bodies...), or else `_prove_zero(a - b)`. Returns (ok, how)."""
    a = sp.sympify(a)
    b = sp.sympify(b)
    if a == b:
        return True, "identical"
    if depth < 12 and type(a) is type(b) and a.args and len(a.args) == len(b.args) and not isinstance(a, (sp.Symbol, sp.Indexed)):
        pa, pb = list(a.args), list(b.args)
        if isinstance(a, (sp.Add, sp.Mul)):
            common = [x for x in pa if x in pb]
            for x in common:
                pa.remove(x)
                pb.remove(x)
            if len(pa) != len(pb):
                pa = pb = None
            else:
                pa.sort(key=lambda x: (type(x).__name__, sp.count_ops(x)))
                pb.sort(key=lambda x: (type(x).__name__, sp.count_ops(x)))
        if pa is not None and (len(pa) <= 1 or not isinstance(a, (sp.Add, sp.Mul)) or all(type(x) is type(y) for x, y in zip(pa, pb))):
            hows = []
            for x, y in zip(pa, pb):
                if x == y:
                    continue
                if isinstance(x, sp.Tuple) and isinstance(a, (sp.Sum, sp.Product)) and x[0] != y[0]:
                    hows = None
                    break
                ok, how = _prove_congruent(x, y, ctx, depth + 1)
                if not ok:
                    hows = None
                    break
                hows.append(how)
            if hows is not None:
                return True, "term by term" if depth == 0 else "; ".join(sorted(set(hows)))
    if depth > 0 and _refute("=", a - b, ctx, npts=8) is not None:
        return False, "the terms differ numerically"
    return _prove_zero(a - b, ctx)


def _branch_empty(ctx: Context) -> bool:
    """True if the hypotheses are contradictory on the ranges (e.g. x > 1/2 and x <= 1/2)."""
    for a, r in ctx.ranges().items():
        lo, hi = _num(r.lo), _num(r.hi)
        if lo is not None and hi is not None:
            if lo > hi or (lo == hi and not (r.lo_closed and r.hi_closed)):
                return True
    return False


# ---- sign prover
POS, NONNEG, NEG, NONPOS, ZERO = "pos", "nonneg", "neg", "nonpos", "zero"


def _sgn_mul(a, b):
    if a is None or b is None:
        return None
    if ZERO in (a, b):
        return ZERO
    neg = (a in (NEG, NONPOS)) != (b in (NEG, NONPOS))
    strict = a in (POS, NEG) and b in (POS, NEG)
    if neg:
        return NEG if strict else NONPOS
    return POS if strict else NONNEG


def _sgn_add(signs):
    if any(s is None for s in signs):
        return None
    if all(s in (POS, NONNEG, ZERO) for s in signs):
        if any(s == POS for s in signs):
            return POS
        if all(s == ZERO for s in signs):
            return ZERO
        return NONNEG
    if all(s in (NEG, NONPOS, ZERO) for s in signs):
        if any(s == NEG for s in signs):
            return NEG
        return NONPOS
    return None


def _negate(s):
    return {POS: NEG, NEG: POS, NONNEG: NONPOS, NONPOS: NONNEG, ZERO: ZERO, None: None}[s]


def _from_assumptions(e):
    if e.is_zero:
        return ZERO
    if e.is_positive:
        return POS
    if e.is_negative:
        return NEG
    if e.is_nonnegative:
        return NONNEG
    if e.is_nonpositive:
        return NONPOS
    return None


def _poly_sign(e):
    """Sign of a rational function of nonnegative symbols from its coefficients."""
    syms = e.free_symbols
    if not syms or not all(s.is_nonnegative for s in syms):
        return None
    if e.atoms(sp.Function) or any(isinstance(p, sp.Pow) and not p.exp.is_Integer for p in e.atoms(sp.Pow)):
        return None
    try:
        num, den = sp.fraction(sp.together(e))
        ns = _poly_coeff_sign(sp.expand(num), syms)
        ds = _poly_coeff_sign(sp.expand(den), syms)
    except Exception:
        return None
    if ns is None or ds is None:
        return None
    if ds == ZERO:
        return None
    if ds in (NONNEG, NONPOS):
        ds = POS if ds == NONNEG else NEG  # a denominator is nonzero where defined
    return _sgn_mul(ns, ds)


def _poly_coeff_sign(p, syms):
    if p == 0:
        return ZERO
    try:
        P = sp.Poly(p, *sorted(syms, key=str))
    except sp.PolynomialError:
        return None
    coeffs = P.coeffs()
    if not all(c.is_number for c in coeffs):
        return None
    allpos_syms = all(s.is_positive for s in syms)
    const = P.coeff_monomial(1)
    if all(c >= 0 for c in coeffs):
        if const > 0 or allpos_syms:
            return POS
        return NONNEG
    if all(c <= 0 for c in coeffs):
        if const < 0 or allpos_syms:
            return NEG
        return NONPOS
    return None


class _Signer:
    """Recursive sign prover over the expression tree (sound, incomplete).

    Signs come from sympy's assumptions, established facts, structural rules (products,
    powers, exp, log(a) vs a - 1, a + c*sqrt(b)), and, at rational leaves, from the domain:
    a rational sub-expression is mapped to unconstrained positive variables by the
    context's charts (per leaf, so only its own variables) and its sign read off the
    coefficients of numerator and denominator, or of their factors.
    """

    #: Most sympy rewritings (factor, together, logcombine, simplify, charts) one proof may try:
    #: a deterministic budget, so that a false claim fails fast and a true one never depends
    #: on the machine's speed.
    BUDGET = 300

    def __init__(self, facts=(), ctx=None, mode=None, cheap=False):
        self.facts = facts  # list of (kind, expr): expr kind 0 known
        self.cache = {}
        self.spent = 0
        self.ctx = ctx
        self.mode = mode  # None, 'box' or 'nested': how leaves are charted
        self.cheap = cheap  # no factor/simplify of large expressions
        self._leaf_atoms = set(ctx.ranges()) if ctx is not None else set()

    def fact_sign(self, e):
        for kind, f in self.facts:
            if f == e:
                return POS if kind == ">" else (ZERO if kind == "=" else NONNEG)
            if f == -e:
                return NEG if kind == ">" else (ZERO if kind == "=" else NONPOS)
        return None

    def sgn(self, e, depth=0):
        key = e
        if key in self.cache:
            return self.cache[key]
        if self.spent > self.BUDGET:
            return None
        self.spent += 1
        self.cache[key] = None  # guard recursion
        s = self._sgn(e, depth)
        self.cache[key] = s
        return s

    def _sgn(self, e, depth):
        if e.is_Number:
            if e == 0:
                return ZERO
            if e.is_extended_real:
                return POS if e > 0 else NEG
            return None
        if e is sp.oo:
            return POS
        s = self.fact_sign(e)
        if s is not None:
            return s
        s = _from_assumptions(e)
        if s in (POS, NEG, ZERO):
            return s
        weak = s
        out = None
        if self.ctx is not None and depth < 6 and _is_rational_term(e) and e.free_symbols:
            out = self._leaf(e)
            if out is not None:
                return out
        if isinstance(e, sp.Mul):
            acc = POS
            for a in e.args:
                acc = _sgn_mul(acc, self.sgn(a, depth))
                if acc is None:
                    break
            out = acc
        elif isinstance(e, sp.Pow):
            out = self._pow(e, depth)
        elif isinstance(e, sp.exp):
            out = POS
        elif isinstance(e, sp.log):
            out = self._log(e, depth)
        elif isinstance(e, sp.Abs):
            out = NONNEG
        elif isinstance(e, (sp.Max, sp.Min)):
            signs = [self.sgn(a, depth) for a in e.args]
            if isinstance(e, sp.Max):
                if any(x == POS for x in signs):
                    out = POS
                elif any(x in (NONNEG, ZERO) for x in signs):
                    out = NONNEG
                else:
                    out = _sgn_add(signs)
            else:
                if any(x == NEG for x in signs):
                    out = NEG
                elif all(x in (POS,) for x in signs):
                    out = POS
                elif all(x in (POS, NONNEG, ZERO) for x in signs):
                    out = NONNEG
        elif isinstance(e, sp.Piecewise):
            signs = {self.sgn(x, depth) for x, _ in e.args}
            if signs <= {POS}:
                out = POS
            elif signs <= {POS, NONNEG, ZERO}:
                out = NONNEG
            elif signs <= {NEG}:
                out = NEG
            elif signs <= {NEG, NONPOS, ZERO}:
                out = NONPOS
        elif isinstance(e, sp.Add):
            out = self._add(e, depth)
            if out is None:
                out = _negate(self._add(-e, depth)) if isinstance(-e, sp.Add) else None
        if out is None and depth < 3 and not isinstance(e, (sp.Symbol, sp.Indexed, sp.Mul, sp.Pow)):
            out = self._alternatives(e, depth)
        if out is None and depth < 2 and isinstance(e, sp.Mul) and any(isinstance(a, sp.Pow) and a.exp.is_negative for a in e.args):
            t = sp.together(e)
            if t != e:
                num, den = sp.fraction(t)
                out = _sgn_mul(self.sgn(num, depth + 1), self.sgn(den, depth + 1))
        if out is None:
            out = weak
        elif weak in (NONNEG,) and out == NONPOS:
            out = ZERO
        return out

    def _leaf(self, e):
        """Sign of a rational expression on the domain: from the symbols' assumptions, else
        from the charts of its own atoms (a bounding box first, then the exact charts)."""
        self.spent += 5
        s = _poly_sign(e)
        if s is not None:
            return s
        atoms = _atoms_of(e)
        if not atoms:
            return None
        box = [c for c in self.ctx.box_charts(e) if c]
        tried = []
        for charts in (box, [c for c in self.ctx.charts(e) if c]):
            if not charts or charts in tried:
                continue
            tried.append(charts)
            s = _charted_sign(e, charts)
            if s is not None:
                return s
        return None

    def _pow(self, e, depth):
        b, x = e.args
        sb = self.sgn(b, depth)
        if sb == POS:
            return POS
        if x.is_Integer and x.is_even:
            return POS if sb in (NEG,) else NONNEG
        if x.is_Integer and x.is_odd:
            return sb
        if x.is_Rational and x > 0 and sb in (NONNEG, ZERO):
            return sb
        if sb in (NONNEG,) and x.is_nonnegative:
            return NONNEG
        return None

    def _log(self, e, depth):
        a = e.args[0]
        t = a - 1
        if _is_rational_term(a):
            t = sp.cancel(sp.together(t))
        return self.sgn(t, depth + 1)

    def _add(self, e, depth):
        if depth < 4 and sum(1 for t in e.args if isinstance(t, sp.log) or (isinstance(t, sp.Mul) and any(isinstance(a, sp.log) for a in t.args))) >= 2:
            # several logarithms: combine them first (arguments positive where defined)
            c = sp.logcombine(e, force=True)
            if c != e:
                s0 = self.sgn(c, depth + 1)
                if s0 is not None:
                    return s0
        signs = [self.sgn(t, depth) for t in e.args]
        s = _sgn_add(signs)
        if s is not None:
            return s
        # rational part + the rest
        rat = [t for t in e.args if _is_rational_term(t)]
        rest = [t for t in e.args if not _is_rational_term(t)]
        if rat and rest:
            sr = self.sgn(sp.Add(*rat), depth + 1)
            s2 = _sgn_add([sr] + [self.sgn(t, depth) for t in rest])
            if s2 is not None:
                return s2
        s3 = self._sqrt_rule(e, depth)
        if s3 is not None:
            return s3
        # logarithms: combine them (the arguments are positive where the expression is defined)
        if depth < 4 and sum(1 for t in e.args if t.has(sp.log)) >= 2:
            c = sp.logcombine(e, force=True)
            if c != e:
                s4 = self.sgn(c, depth + 1)
                if s4 is not None:
                    return s4
        return None

    def _sqrt_rule(self, e, depth):
        roots = [t for t in e.args if _sqrt_part(t) is not None]
        if len(roots) != 1:
            return None
        t = roots[0]
        c, b = _sqrt_part(t)
        a = sp.Add(*[x for x in e.args if x is not t])
        sa, sc = self.sgn(a, depth + 1), self.sgn(c, depth + 1)
        if sc in (POS, NONNEG):
            # e = a + c sqrt(b) >= 0 if a >= 0, or if c^2 b - a^2 >= 0
            if sa in (POS, NONNEG, ZERO):
                return sa if sa == POS else NONNEG
            d = self.sgn(sp.factor(sp.cancel(c**2 * b - a**2)), depth + 1)
            if d in (POS,) and sc == POS:
                return POS
            if d in (POS, NONNEG, ZERO):
                return NONNEG
        if sc in (NEG, NONPOS):
            # e = a - |c| sqrt(b) >= 0 if a >= 0 and a^2 - c^2 b >= 0
            if sa in (POS, NONNEG, ZERO):
                d = self.sgn(sp.factor(sp.cancel(a**2 - c**2 * b)), depth + 1)
                if d == POS and sa == POS:
                    return POS
                if d in (POS, NONNEG, ZERO):
                    return NONNEG
        return None

    def _alternatives(self, e, depth):
        self.spent += 10  # rewritings are the expensive part
        tries = []
        try:
            if isinstance(e, sp.Add) or isinstance(e, sp.Mul):
                ps = _poly_sign(e)
                if ps is not None:
                    return ps
            if _is_rational_term(e):
                f = sp.factor(sp.cancel(sp.together(e)))
                if f != e:
                    return self.sgn(f, depth + 1)
                return None
            t = sp.together(e)
            if t != e:
                num, den = sp.fraction(t)
                if den != 1:
                    s = _sgn_mul(self.sgn(num, depth + 1), self.sgn(den, depth + 1))
                    if s is not None:
                        return s
                tries.append(t)
            ops = sp.count_ops(e)
            if not self.cheap or ops < 40:
                f = sp.factor(e)
                if f != e:
                    tries.append(f)
            if e.has(sp.log):
                tries.append(sp.logcombine(e, force=True))
                tries.append(sp.factor(sp.expand_log(e, force=True)))
            if depth == 0 and not self.cheap and ops < 80:
                tries.append(sp.simplify(e))
        except Exception:  # pragma: no cover - sympy internals
            return None
        for t in tries:
            if t == e:
                continue
            s = self.sgn(t, depth + 1)
            if s is not None:
                return s
        return None


def _charted_sign(e, charts):
    signs = set()
    for ch in charts:
        try:
            ec = sp.cancel(sp.together(e.xreplace(ch)))
        except Exception:  # pragma: no cover
            return None
        sc = _rational_sign(ec)
        if sc is None:
            return None
        signs.add(sc)
    if signs <= {POS}:
        return POS
    if signs <= {POS, NONNEG, ZERO}:
        return ZERO if signs == {ZERO} else NONNEG
    if signs <= {NEG}:
        return NEG
    if signs <= {NEG, NONPOS, ZERO}:
        return NONPOS
    return None


def _rational_sign(ec):
    """Sign of a rational function of nonnegative chart variables (coefficients, then factors)."""
    if ec.is_Number:
        return ZERO if ec == 0 else (POS if ec > 0 else NEG)
    s = _poly_sign(ec)
    if s is not None:
        return s
    try:
        f = sp.factor(ec)
    except Exception:  # pragma: no cover
        return None
    if isinstance(f, sp.Mul) or isinstance(f, sp.Pow):
        acc = POS
        for a in (f.args if isinstance(f, sp.Mul) else [f]):
            if isinstance(a, sp.Pow) and a.exp.is_Integer and a.exp.is_even:
                sa = NONNEG
            elif isinstance(a, sp.Pow) and a.exp.is_Integer:
                sa = _rational_sign(a.base)
                if sa is not None and a.exp.is_negative and sa in (NONNEG, NONPOS):
                    sa = POS if sa == NONNEG else NEG
            else:
                sa = _poly_sign(a) if not a.is_Number else (POS if a > 0 else (NEG if a < 0 else ZERO))
            acc = _sgn_mul(acc, sa)
            if acc is None:
                return None
        return acc
    return None


def _is_rational_term(t):
    return not t.atoms(sp.Function) and all(not (isinstance(p, sp.Pow) and not p.exp.is_Integer) for p in t.atoms(sp.Pow)) and not _has_opaque(t)


def _has_opaque(t):
    return any(_is_opaque_atom(a) for a in t.atoms(sp.Function))


def _sqrt_part(t):
    """If t = c * sqrt(b) (c free of square roots) return (c, b)."""
    if isinstance(t, sp.Pow) and t.exp == sp.S.Half:
        return sp.S.One, t.base
    if isinstance(t, sp.Mul):
        roots = [a for a in t.args if isinstance(a, sp.Pow) and a.exp == sp.S.Half]
        if len(roots) >= 1:
            b = sp.Mul(*[r.base for r in roots])
            c = sp.Mul(*[a for a in t.args if a not in roots])
            if not any(isinstance(p, sp.Pow) and p.exp == sp.S.Half for p in sp.preorder_traversal(c) if isinstance(p, sp.Pow)):
                return c, b
    return None


def _facts_of(ctx: Context):
    out = []
    for h in ctx.hyps:
        if isinstance(h, sp.core.relational.Relational) and not isinstance(h, sp.Ne):
            kind, e = _canon_rel(h)
            out.append((kind, sp.sympify(e)))
    return out


def _sign_proved(e, ctx: Context, strict: bool):
    ok, _ = _prove_sign(e, ctx, strict)
    return ok


def _prove_sign(e, ctx: Context, strict: bool):
    """Prove e > 0 (strict) or e >= 0 under ctx; returns (ok, how).

    Three passes of the sign prover: with sympy's assumptions only; with rational leaves
    charted on a numeric box containing the domain; with the exact (nested) charts. Each
    with the abbreviations as atoms first, then with their definitions substituted.
    """
    want = (POS,) if strict else (POS, NONNEG, ZERO)
    e = sp.sympify(e)
    facts = _facts_of(ctx) if ctx.hyps else []
    stages = [("", e)]
    ex = _elementary(ctx.expand(e))
    if ex != e:
        stages.append(("after the definitions" if ctx.expand(e) != e else "in elementary functions", ex))
    for cheap in (True, False):
        for stage, x in stages:
            signer = _Signer(facts, ctx, cheap=cheap)
            s = signer.sgn(x)
            _SPENT[0] = max(_SPENT[0], signer.spent)
            if s in want:
                return True, "sign proved" + (f" {stage}" if stage else "")
    return False, "sign not established"


_SPENT: list = [0]  # the most work one sign proof has spent in this process (to tune the budget)


# =====================================================================================
# premises, models, assumptions


@dataclass(frozen=True)
class Assumption:
    r"""A model assumption in words, referred to by key (e.g. "labels are i.i.d.").

    A lemma whose hypotheses include an assumption can only be used in a derivation that
    states the same assumption (same key).

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

    def __init__(self, id, title, statement, citation, hypotheses=(), variables=None, domain=None, note="", url="", source=None):
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
        Where the model is defined (e.g. DESIGN §1).
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
        return _expect(expr, law, self.functions)

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


def _rv_atoms(expr, law):
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


def _expect(expr, law, functions=None):
    rvs = _rv_atoms(expr, law)
    if not rvs:
        return expr
    if len(rvs) > 1:
        raise DerivationError(f"expectation of {expr} involves several random variables {rvs}; use one")
    (x,) = rvs
    return sp.Add(*[p * _apply_functions(expr.xreplace({x: v}), functions) for v, p in _rv_law(x, law).items()])


def _prob(event, law, functions=None):
    rvs = _rv_atoms(event, law)
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


# =====================================================================================
# justifications


class Justification:
    """Base class: how a step is established. Subclasses implement `check`."""

    status = Status.PROVED
    name = "justification"

    def check(self, relation, ctx: Context, env: "_Env") -> Outcome:  # pragma: no cover - abstract
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
        kind, e = _canon_rel(relation)
        ce = _refute(kind, e, ctx)
        if ce is not None:
            return _fail(f"refuted numerically at {_fmt_point(ce)}", ce)
        und = _undefined_side(relation.lhs, relation.rhs, ctx)
        if und is not None:
            return _fail(und[1], und[0])
        if kind == "=":
            ok, how = _prove_congruent(relation.lhs, relation.rhs, ctx)
            if ok:
                return _ok(Status.PROVED, f"lhs - rhs = 0 ({how})")
            return _fail(f"could not prove the equality symbolically ({how}); no counterexample found")
        ok, how = _prove_sign(e, ctx, strict=(kind == ">"))
        if ok:
            return _ok(Status.PROVED, f"{sp.sstr(_pretty_diff(relation))} {'>' if kind == '>' else '>='} 0 ({how})")
        return _fail(f"could not prove the inequality symbolically ({how}); no counterexample found")


def _pretty_diff(relation):
    kind, e = _canon_rel(relation)
    try:
        f = sp.factor(e) if not e.has(sp.Piecewise, sp.Sum) else e
    except Exception:  # pragma: no cover
        f = e
    return f if sp.count_ops(f) < sp.count_ops(e) else e


def _fmt_point(p):
    return ", ".join(f"{k}={v:.6g}" for k, v in sorted(p.items()))


class Cite(Justification):
    r"""The step *is* a premise (used verbatim): status `cited`.

    Parameters
    ----------
    premise : Premise
        The premise; its statement must be the step's relation (up to orientation).

    Examples
    --------
    >>> import sympy as sp
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
            return _fail(f"premise {self.premise.id} has no statement to cite")
        if _same_rel(relation, st):
            return _ok(Status.CITED, f"premise {self.premise.id}, verbatim")
        return _fail(f"the step is not the statement of {self.premise.id} ({sp.sstr(st)})")


def _match_instance(relation, inst, ctx, allow_factor=True):
    """Does `relation` say what `inst` says? Returns (ok, how)."""
    if _same_rel(relation, inst):
        return True, "exactly"
    k1, e1 = _canon_rel(relation)
    k2, e2 = _canon_rel(inst)
    if k1 == "=" or k2 == "=":
        if k1 != k2:
            return False, "an equality and an inequality"
        for a, b in ((relation.lhs, inst.lhs), (relation.lhs, inst.rhs)):
            other_a = relation.rhs
            other_b = inst.rhs if b is inst.lhs else inst.lhs
            if _refute("=", a - b, ctx) is None and _refute("=", other_a - other_b, ctx) is None:
                ok1, _ = _prove_congruent(a, b, ctx)
                ok2 = ok1 and _prove_congruent(other_a, other_b, ctx)[0]
                if ok1 and ok2:
                    return True, "after simplification"
        return False, "the sides differ"
    if k1 == ">=" and k2 in (">=", ">") or k1 == ">" and k2 == ">":
        if e1 == e2:
            return True, "exactly"
        if not allow_factor:
            return False, "not the same relation"
        if _refute("=", e1 - e2, ctx) is None and _prove_zero(e1 - e2, ctx)[0]:
            return True, "after simplification"
        try:
            c = sp.cancel(sp.together(e1 / e2))
        except Exception:
            return False, "not the same relation"
        if c.is_number and c.is_positive:
            return True, f"times the positive constant {sp.sstr(c)}"
        return False, "the relation differs from the lemma's (it is not the lemma's times a positive constant)"
    return False, "the lemma's direction does not give this relation"


def _discharge(h, ctx: Context, env):
    """Discharge one hypothesis: returns (status, how). Status numeric if only sampled."""
    if isinstance(h, Assumption):
        if h.key in ctx.assumptions:
            return Status.PROVED, f"assumption '{h.key}'"
        return Status.FALSE, f"needs the assumption '{h.key}' ({h.text}), which the derivation does not state"
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
            s, how = _discharge(a, ctx, env)
            if s == Status.FALSE:
                return s, how
            if s == Status.NUMERIC:
                worst = s
            hows.append(how)
        return worst, "; ".join(hows)
    if isinstance(h, sp.Ne):
        d = h.lhs - h.rhs
        for strict_sign in (d, -d):
            if _prove_sign(strict_sign, ctx, strict=True)[0]:
                return Status.PROVED, "proved"
        return Status.FALSE, f"could not prove {sp.sstr(h)}"
    if not isinstance(h, sp.core.relational.Relational):
        return Status.FALSE, f"unsupported hypothesis {h!r}"
    for f in ctx.hyps:
        if isinstance(f, sp.core.relational.Relational) and _same_rel(h, f):
            return Status.PROVED, "established"
    kind, e = _canon_rel(h)
    for f in ctx.hyps:
        if isinstance(f, sp.core.relational.Relational) and not isinstance(f, sp.Ne):
            k2, e2 = _canon_rel(f)
            if (k2 == kind or (kind == ">=" and k2 == ">")) and (e2 == e or (kind == "=" and e2 == -e)):
                return Status.PROVED, "established"
    ce = _refute(kind, e, ctx)
    if ce is not None:
        return Status.FALSE, f"fails at {_fmt_point(ce)}"
    if kind == "=":
        ok, how = _prove_zero(e, ctx)
    else:
        ok, how = _prove_sign(e, ctx, strict=(kind == ">"))
    if ok:
        return Status.PROVED, how
    return Status.FALSE, f"could not establish {sp.sstr(h)}"


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
            return _fail(f"{', '.join(map(str, unknown))} are not variables of {self.lemma.id}")
        stmt, hyps = self.lemma.instantiate(self.subs)
        ok, how = _match_instance(relation, stmt, ctx, allow_factor=self.factor_ok)
        if not ok:
            return _fail(f"not an instance of {self.lemma.id}: {how} (the instance reads {sp.sstr(stmt)})")
        return _discharge_all(hyps, ctx, env, self.lemma, f"instance of {self.lemma.id} ({how})")


def _discharge_all(hyps, ctx, env, lemma, head):
    worst = Status.LEMMA
    notes = []
    sub = ctx.with_domain(lemma.domain) if lemma.domain else ctx
    for h in hyps:
        s, how = _discharge(h, sub, env)
        label = h.key if isinstance(h, Assumption) else sp.sstr(h)
        if s == Status.FALSE:
            return _fail(f"{head}; side condition {label}: {how}")
        if s == Status.NUMERIC:
            worst = Status.NUMERIC
        notes.append(f"{label} ({how})")
    detail = head + (("; side conditions: " + "; ".join(notes)) if notes else "")
    return _ok(worst, detail)


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
        if _op(relation) != "=":
            return _fail("a rewrite proves equalities only")
        stmt, hyps = self.lemma.instantiate(self.subs)
        if not isinstance(stmt, sp.Eq):
            return _fail(f"{self.lemma.id} is not an equality")
        old, new = (stmt.rhs, stmt.lhs) if self.reverse else (stmt.lhs, stmt.rhs)
        src = relation.lhs
        if not src.has(old):
            return _fail(f"{sp.sstr(old)} does not occur in the left-hand side")
        out = src.xreplace({old: new})
        if out != relation.rhs:
            ce = _refute("=", out - relation.rhs, ctx)
            if ce is not None:
                return _fail(f"after rewriting, the sides differ (at {_fmt_point(ce)})", ce)
            ok, how = _prove_congruent(out, relation.rhs, ctx)
            if not ok:
                return _fail(f"after rewriting {sp.sstr(old)} -> {sp.sstr(new)}, the result is not the right-hand side ({how})")
            head = f"rewrite by {self.lemma.id}, then algebra ({how})"
        else:
            head = f"rewrite by {self.lemma.id}"
        return _discharge_all(hyps, ctx, env, self.lemma, head)


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
            if isinstance(x, E) and _rv_atoms(x.args[0], law):
                return _expect(x.args[0], law, fns)
            if isinstance(x, Pr) and len(x.args) == 1 and _rv_atoms(x.args[0], law):
                return _prob(x.args[0], law, fns)
            if isinstance(x, Pr) and len(x.args) == 2 and _rv_atoms(x.args[0], law) and _rv_atoms(x.args[1], law):
                return _prob(sp.And(x.args[0], x.args[1]), law, fns) / _prob(x.args[1], law, fns)
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
            ok, how = _prove_zero(total - 1, ctx)
            if not ok:
                return _fail(f"the probabilities of {self.model.id} do not sum to 1 here ({how})")
            for p in probs:
                if not _prove_sign(p, ctx, strict=False)[0]:
                    return _fail(f"cannot show that the probability {sp.sstr(p)} of {self.model.id} is >= 0 here")
        try:
            lhs = self.evaluate(relation.lhs)
            rhs = self.evaluate(relation.rhs)
        except DerivationError as exc:
            return _fail(str(exc))
        r2 = _rel(lhs, _op(relation), rhs)
        out = Algebra().check(r2, ctx, env)
        if out.status == Status.FALSE:
            return _fail(f"after computing in {self.model.id}: {out.detail}", out.counterexample)
        return _ok(Status.PROVED, f"computed in {self.model.id}: {out.detail}")


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
        if _op(relation) != "=":
            return _fail("a substitution proves equalities only")
        src = relation.lhs
        rep, used = {}, []
        for h in ctx.hyps:
            if isinstance(h, sp.Eq) and not h.lhs.is_number and not isinstance(h.lhs, sp.Symbol) and src.has(h.lhs):
                if h.lhs not in rep:
                    rep[h.lhs] = h.rhs
                    used.append(h)
        if not rep:
            return _fail("no established value occurs in the left-hand side")
        out = src.xreplace(rep)
        if out != relation.rhs:
            ce = _refute("=", out - relation.rhs, ctx)
            if ce is not None:
                return _fail(f"after substituting, the sides differ (at {_fmt_point(ce)})", ce)
            ok, how = _prove_congruent(out, relation.rhs, ctx)
            if not ok:
                return _fail(f"after substituting, the result is not the right-hand side ({how})")
        return _ok(Status.PROVED, "substituted " + "; ".join(sp.sstr(h) for h in used))


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
        op = _op(relation)
        if op == "=":
            return _fail("monotonicity proves inequalities only")
        f_lo = self.f.xreplace({self.var: self.lo})
        f_hi = self.f.xreplace({self.var: self.hi})
        # the smaller side is f(lo) if f increases, f(hi) if it decreases
        small, large = (relation.lhs, relation.rhs) if op in ("<=", "<") else (relation.rhs, relation.lhs)
        strict = op in ("<", ">")
        for mode in ("increasing", "decreasing"):
            a, b = (f_lo, f_hi) if mode == "increasing" else (f_hi, f_lo)
            if not (_quick_equal(small, a, ctx) and _quick_equal(large, b, ctx)):
                continue
            s, how = _discharge((sp.Lt if strict else sp.Le)(self.lo, self.hi), ctx, env)
            if s == Status.FALSE:
                return _fail(f"cannot establish {self.lo} {'<' if strict else '<='} {self.hi}: {how}")
            x = self.var
            if x in ctx.domain or x in _atoms_of(relation.lhs) | _atoms_of(relation.rhs):
                return _fail(f"the variable {x} of f must be a fresh symbol")
            dom = {x: sp.Interval.open(-sp.oo, sp.oo)}
            sub = ctx.with_domain(dom).with_hyps(sp.Gt(x, self.lo), sp.Lt(x, self.hi))
            deriv = sp.diff(ctx.expand(_elementary(self.f)), x)
            want = deriv if mode == "increasing" else -deriv
            ce = _refute(">" if strict else ">=", want, sub)
            if ce is not None:
                return _fail(f"f' has the wrong sign at {_fmt_point(ce)}", ce)
            ok, how2 = _prove_sign(want, sub, strict=strict)
            if not ok:
                return _fail(f"could not prove the sign of f'(x) = {sp.sstr(deriv)} ({how2})")
            return _ok(Status.PROVED, f"f {mode} on [{sp.sstr(self.lo)}, {sp.sstr(self.hi)}]: f'(x) = {sp.sstr(sp.factor(deriv))} ({how2}); {self.lo} <= {self.hi} ({how})")
        return _fail(f"the step is not f({self.lo}) vs f({self.hi}) for f = {sp.sstr(self.f)}")


def _quick_equal(a, b, ctx):
    if a == b:
        return True
    if _refute("=", a - b, ctx) is not None or _undefined_side(a, b, ctx) is not None:
        return False
    return _prove_congruent(a, b, ctx)[0]


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
            return _fail("nothing to rearrange")
        k1, e1 = _canon_rel(prop)
        k2, e2 = _canon_rel(relation)
        if k1 != k2:
            return _fail(f"the direction changes ({k1} vs {k2})")
        try:
            c = sp.factor(sp.cancel(sp.together(e2 / e1)))
        except Exception:  # pragma: no cover
            return _fail("cannot divide the two propositions")
        if k1 == "=":
            if c.is_number and c != 0:
                return _ok(Status.PROVED, f"multiplied by {c}")
            if _prove_sign(c, ctx, strict=True)[0] or _prove_sign(-c, ctx, strict=True)[0]:
                return _ok(Status.PROVED, f"multiplied by the nonzero factor {sp.sstr(c)}")
            return _fail(f"cannot show the factor {sp.sstr(c)} is nonzero")
        ce = _refute(">", c, ctx)
        if ce is not None:
            return _fail(f"the factor {sp.sstr(c)} is not positive at {_fmt_point(ce)}", ce)
        ok, how = _prove_sign(c, ctx, strict=True)
        if ok:
            return _ok(Status.PROVED, f"the new form is the old one times {sp.sstr(c)} > 0 ({how})")
        return _fail(f"cannot show the factor {sp.sstr(c)} is positive ({how})")


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
        if _op(relation) != "=":
            return _fail("an event identity is an equality")
        a, b = relation.lhs, relation.rhs
        if not (isinstance(a, Pr) and isinstance(b, Pr) and len(a.args) == len(b.args)):
            return _fail("both sides must be probabilities Pr[...]")
        if a.args[1:] != b.args[1:]:
            return _fail("the conditioning differs")
        A, B = a.args[0], b.args[0]
        if not (isinstance(A, sp.core.relational.Relational) and isinstance(B, sp.core.relational.Relational)):
            return _fail("the events must be relations")
        k1, e1 = _canon_rel(A)
        k2, e2 = _canon_rel(B)
        if k1 != k2:
            return _fail("the events have different directions")
        c = sp.factor(sp.cancel(sp.together(e2 / e1)))
        if _prove_sign(c, ctx, strict=True)[0]:
            return _ok(Status.PROVED, f"{sp.sstr(B)} is {sp.sstr(A)} times {sp.sstr(c)} > 0")
        return _fail(f"cannot show the events are the same (factor {sp.sstr(c)})")


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
            return _fail("no proposition to contradict")
        neg = sp.Not(prop)
        k1, e1 = _canon_rel(neg) if isinstance(neg, sp.core.relational.Relational) else (None, None)
        rels = [h for h in ctx.hyps if isinstance(h, sp.core.relational.Relational) and not isinstance(h, sp.Ne)]
        for h in rels:
            if _same_rel(h, neg):
                return _ok(Status.PROVED, f"{sp.sstr(prop)} contradicts the established {sp.sstr(h)}")
        if k1 is None:
            return _fail(f"cannot negate {sp.sstr(prop)}")
        for h in rels:
            k2, e2 = _canon_rel(h)
            if k2 == k1 and (e2 == e1 or _prove_zero(e2 - e1, ctx)[0]):
                return _ok(Status.PROVED, f"{sp.sstr(prop)} contradicts the established {sp.sstr(h)}")
        for h in rels:
            k2, e2 = _canon_rel(h)
            if k2 == k1 and k1 != "=":
                c = sp.factor(sp.cancel(sp.together(e2 / e1)))
                if c.is_number and c > 0:
                    return _ok(Status.PROVED, f"{sp.sstr(prop)} contradicts {sp.sstr(h)} (times {c})")
        return _fail(f"{sp.sstr(prop)} contradicts no established fact or hypothesis of this case")


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
        kind, e = _canon_rel(relation)
        ex = ctx.expand(_elementary(e))
        atoms = _atoms_of(ex)
        rng = ctx.ranges_with(atoms)
        free = [a for a in atoms if a not in rng]
        if free:
            return _fail(f"cannot sample {', '.join(map(str, free))}: no domain")
        pts = ctx.sample(atoms, self.points, seed=self.seed)
        if len(pts) < max(10, self.points // 4):
            return _fail(f"only {len(pts)} points satisfy the hypotheses; widen the domain")
        n_corner = min(len(pts), 2 ** min(6, len([a for a in atoms if a in rng and not rng[a].point])))
        worst = None
        evaluated = 0
        for p in pts:
            v = _numeval(ex, p)
            if v is None or not mpmath.isfinite(v):
                continue
            evaluated += 1
            size = max(1.0, _term_scale(ex, p))
            slack = float(v) / size
            if kind == "=":
                if abs(v) > self.tol * size:
                    return _fail(f"fails at {_fmt_point({str(k): x for k, x in p.items()})}", {str(k): x for k, x in p.items()})
            elif v < -self.tol * size:
                return _fail(f"fails at {_fmt_point({str(k): x for k, x in p.items()})}", {str(k): x for k, x in p.items()})
            if worst is None or abs(slack) < abs(worst[0]):
                worst = (slack, p)
        if evaluated < max(10, self.points // 4):
            return _fail(f"only {evaluated} of {len(pts)} points could be evaluated")
        where = ", ".join(_range_text(a, rng[a]) for a in sorted(atoms, key=str) if a in rng)
        detail = f"{evaluated} points (seed {self.seed}): {n_corner} corner points + {evaluated - n_corner} interior draws over {where}"
        if kind != "=" and worst is not None:
            detail += f"; smallest relative slack {worst[0]:.3g}"
        if self.why:
            detail += f". Why numeric: {self.why}"
        return _ok(Status.NUMERIC, detail)


def _range_text(a, r: _Range):
    if r.point:
        return f"{a} = {sp.sstr(r.lo)}"
    if r.integer:
        hi = "60" if r.hi == sp.oo else sp.sstr(r.hi)
        return f"{a} in {{{sp.sstr(r.lo)}..{hi}}}"
    left = "[" if r.lo_closed else "("
    right = "]" if r.hi_closed else ")"
    return f"{a} in {left}{sp.sstr(r.lo)}, {sp.sstr(r.hi)}{right}"


# =====================================================================================
# steps and structure


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
        if op not in _REL:
            raise DerivationError(f"op={op!r} must be one of {sorted(_REL)}")
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
        super().__init__(_op(relation), relation.rhs, text, by if by is not None else Rearrange(), lhs=relation.lhs, display=display)

    def replace(self, **kw):
        """A copy with some attributes replaced (used to build mutants)."""
        new = Restate(_rel(self.lhs, self.op, self.rhs), self.text, self.by, self.display)
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
    symbols : sequence of (symbol, str)
        Glossary: symbols used and what they mean.

    Examples
    --------
    Two cases assembled into a `Piecewise`:

    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> D = Derivation("demo.abs", "the absolute value", domain={x: sp.Reals}, bound=None, cases=[
    ...     Case(x >= 0, [Step("=", x, "a nonnegative number", lhs=sp.Abs(x))]),
    ...     Case(True, [Step("=", -x, "a negative number", lhs=sp.Abs(x))]),
    ... ])
    >>> r = check(D)
    >>> [s.status for s in r.steps], r.conclusion
    (['proved', 'proved'], Eq(Abs(x), Piecewise((x, x >= 0), (-x, True))))

    The catalogue's derivations are modules of the `derivations` package.
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
    ):
        self.id = id
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
        concl = _conclusion_of(c.steps)
        if concl is None:
            raise DerivationError(f"{self.id}: case {case} has no conclusion")
        defs = _collect_defs(self)
        concl = Context(defs=defs).expand(concl)
        hyps = []
        if c.condition not in (True, sp.true):
            hyps.extend(_split_and(c.condition))
        for prev in self.cases[:case]:
            hyps.append(sp.Not(prev.condition))
        atoms = _atoms_of(concl)
        for a in sorted(atoms, key=sp.srepr):
            if a in self.domain:
                lo, hi, lc, hc = _interval_parts(self.domain[a])
                if lo != -sp.oo:
                    hyps.append(sp.Ge(a, lo, evaluate=False) if lc else sp.Gt(a, lo, evaluate=False))
                if hi != sp.oo:
                    hyps.append(sp.Le(a, hi, evaluate=False) if hc else sp.Lt(a, hi, evaluate=False))
        hyps.extend(self.given)
        hyps.extend(self.assumptions)
        return Premise(id or self.id, title or self.title, concl, f"derivation {self.id}", hypotheses=hyps, source=self)


def _collect_defs(deriv):
    defs = {}
    for it in deriv.iter_items():
        if isinstance(it, Define):
            defs[it.symbol] = it.expr
    return defs


def _conclusion_of(items):
    """The proposition a list of steps ends with (structure only, no checking)."""
    start = op = cur = None
    for it in items:
        if isinstance(it, Define):
            continue
        if isinstance(it, Split):
            subs_ = [_conclusion_of(c.steps) for c in it.cases]
            if not subs_ or any(x is None for x in subs_):
                return None
            sub = _weakest(subs_)
            if sub is None:
                return None
            start, op, cur = sub.lhs, _op(sub), sub.rhs
            continue
        if it.lhs is not None:
            start, op, cur = it.lhs, it.op, it.rhs
        else:
            if start is None:
                return None
            op = _compose(op, it.op)
            cur = it.rhs
    if start is None or op is None:
        return None
    return _rel(start, op, cur)


# =====================================================================================
# the checker


@dataclass
class StepReport:
    r"""The checker's verdict on one step (what pages and the CLI show).

    Attributes
    ----------
    number : int
        Position in the derivation (1-based).
    kind : str
        'chain' (continues a chain), 'start' (starts one), 'restate', 'define', 'fact'.
    relation : sympy relation
        The checked relation.
    text : str
        The explanation.
    justification : str
        Short description of the justification.
    status : str
        One of `Status.ORDER`.
    detail : str
        What the checker did (or why it failed).
    lhs_tex, op_tex, rhs_tex : str
        LaTeX of the sides (from the display when given, which is checked).
    path : tuple
        Case and sub-case labels.
    uses : list
        Ids of premises and derivations the step relies on.
    """

    number: int
    kind: str
    relation: Any
    text: str
    justification: str
    status: str
    detail: str
    lhs_tex: str
    op_tex: str
    rhs_tex: str
    path: tuple = ()
    uses: list = field(default_factory=list)
    counterexample: dict | None = None
    seconds: float = 0.0
    claim: bool = True  # False for a plain definition (an abbreviation, no property claimed)

    def __post_init__(self):
        """(the report of one step; see the class docstring)"""


StepReport.__doc__ += """
    Examples
    --------
    >>> import derivations
    >>> s = check(derivations.get("duel.exact")).steps[1]
    >>> s.number, s.status, s.kind
    (2, 'lemma', 'chain')
"""


@dataclass
class Block:
    """Rendering structure: a case (with title), a split, or a chain of step numbers."""

    kind: str  # 'case', 'split', 'chain', 'define'
    title: str = ""
    children: list = field(default_factory=list)
    steps: list = field(default_factory=list)  # StepReport objects for chains
    condition_tex: str = ""


@dataclass
class MatchResult:
    r"""Does the derivation's final relation equal the bound's relation?

    Attributes
    ----------
    ok : bool
        True if identical (structurally) or sympy-equal after the substitutions.
    how : str
        'identical', 'sympy-equal: ...' or the reason it failed.
    derived : sympy relation
        The final relation after the stated substitutions.
    bound : sympy relation or None
        The bound's relation.
    """

    ok: bool
    how: str
    derived: Any = None
    bound: Any = None


@dataclass
class DerivationReport:
    r"""Everything the checker found about one derivation.

    Attributes
    ----------
    derivation : Derivation
        The derivation.
    steps : list of StepReport
        One per step, in order.
    blocks : list of Block
        The case/chain structure, for rendering.
    conclusion : sympy relation or None
        The final relation in the derivation's own symbols.
    match : MatchResult
        Comparison with the bound's relation.
    errors : list of str
        Structural errors (a chain that changes direction, a split that is not
        exhaustive, ...).
    seconds : float
        Time taken.

    Examples
    --------
    >>> import derivations
    >>> r = check(derivations.get("duel.exact"))
    >>> r.status, r.counts["lemma"], r.match.how
    ('checked', 5, 'identical')
    """

    derivation: Any
    steps: list
    blocks: list
    conclusion: Any
    match: MatchResult
    errors: list
    seconds: float

    @property
    def ok(self) -> bool:
        """True if every step checks, the structure is sound and the final relation matches the bound.

        Examples
        --------
        >>> import derivations
        >>> r = check(derivations.get("two_point.le_cam"))
        >>> r.ok, r.status, sum(r.counts.values()) == sum(s.claim for s in r.steps)
        (True, 'checked', True)
        """
        return not self.errors and self.match.ok and all(s.status != Status.FALSE for s in self.steps)

    @property
    def counts(self) -> dict:
        """Number of steps per status (plain definitions are not counted: they claim nothing)."""
        c = {s: 0 for s in Status.ORDER}
        for st in self.steps:
            if st.claim or st.status == Status.FALSE:
                c[st.status] += 1
        return c

    @property
    def status(self) -> str:
        """'false' if anything fails, else 'numeric' if any step is only numeric, else 'checked'."""
        if not self.ok:
            return Status.FALSE
        if any(s.status == Status.NUMERIC for s in self.steps):
            return Status.NUMERIC
        return "checked"


class _Env:
    def __init__(self):
        self.proposition = None


_STEP_CACHE: dict = {}


def _check_relation(relation, by: Justification, ctx: Context, env: _Env):
    try:
        key = (by.key(), sp.srepr(relation), ctx.key(), sp.srepr(env.proposition) if env.proposition is not None else "")
    except Exception:  # pragma: no cover - unhashable exotic keys
        key = None
    if key is not None and key in _STEP_CACHE:
        return _STEP_CACHE[key]
    try:
        out = by.check(relation, ctx, env)
    except DerivationError as exc:
        out = _fail(str(exc))
    except Exception as exc:  # a bug or sympy failure is a failed check, never a pass
        out = _fail(f"checker error: {type(exc).__name__}: {exc}")
    if key is not None:
        _STEP_CACHE[key] = out
    return out


def _safe_latex(expr):
    try:
        return latex(expr)
    except Exception:  # a printer problem must not abort the check
        try:
            return sp.latex(expr)
        except Exception:
            return r"\text{%s}" % sp.sstr(expr).replace("_", r"\_")


def _tex_or_display(expr, display, ctx, what):
    """LaTeX for a side; if a display is given, check it equals the expression."""
    if display is None:
        return _safe_latex(expr), None
    disp = sp.sympify(display)
    if disp == expr:
        return latex(disp), None
    d = disp - expr
    ce = _refute("=", d, ctx)
    if ce is not None:
        return latex(disp), f"the display of the {what} differs from the checked expression (at {_fmt_point(ce)})"
    ok, how = _prove_zero(sp.expand(d) if False else d, ctx)
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
            op_tex=_TEX_OP[op],
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
                    env = _Env()
                    env.proposition = _rel(start, op, cur) if start is not None else None
                    # the fact is checked with the definition substituted: the symbol's own
                    # sign assumptions must not prove it
                    checked = _rel(it.fact.lhs.xreplace({it.symbol: it.expr}), _op(it.fact), it.fact.rhs.xreplace({it.symbol: it.expr}))
                    out = _check_relation(checked, it.by, fctx, env)
                    rel = it.fact
                else:
                    out = _ok(Status.PROVED, "definition")
                    rel = sp.Eq(it.symbol, it.expr, evaluate=False)
                if err:
                    out = _fail(err)
                # sign assumptions of the symbol must be justified by the fact
                need = _sign_assumption(it.symbol)
                if need is not None and out.status != Status.FALSE:
                    if it.fact is None or not _fact_implies(it.fact, it.symbol, need):
                        out = _fail(f"{it.symbol} is declared {need} but no checked fact establishes it")
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
                first = _weakest(concls)
                if first is None:
                    self.errors.append(f"{'/'.join(path)}: the sub-cases prove different propositions: "
                                       + "; ".join(sp.sstr(c) for c in concls))
                    return None
                ok, why = _exhaustive([s.condition for s in it.cases], ctx.with_hyps(*facts))
                if not ok:
                    self.errors.append(f"{'/'.join(path)}: the split is not shown to be exhaustive: {why}")
                if start is not None:
                    facts.append(_rel(start, op, cur))
                start, op, cur = first.lhs, _op(first), first.rhs
                chain_block = None
                continue
            # a Step or Restate
            env = _Env()
            env.proposition = _rel(start, op, cur) if start is not None else None
            if it.lhs is not None:
                kind = "restate" if isinstance(it, Restate) else "start"
                lhs = it.lhs
                if start is not None and kind == "start":
                    facts.append(_rel(start, op, cur))
                if start is not None and kind == "restate":
                    facts.append(_rel(start, op, cur))
            else:
                kind = "chain"
                if start is None:
                    self.errors.append(f"{'/'.join(path) or 'main'}: a chain step without a starting expression")
                    return None
                lhs = cur
            relation = _rel(lhs, it.op, it.rhs)
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
                out = _fail(err1 or err2)
            if kind == "chain" and chain_block is not None and chain_block.steps:
                # keep the display of the chain's left side consistent
                pass
            sr = self.report(kind, relation, it.text, it.by, out, lhs_tex, it.op, rhs_tex, path, time.perf_counter() - t0)
            if kind == "chain":
                new_op = _compose(op, it.op)
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
        return _rel(start, op, cur)

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
                ctex = r" \;\wedge\; ".join(_safe_latex(c) for c in parts) if parts else r"\text{otherwise}"
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
            conclusion = _assemble(concls, conds, self.errors)
        if conclusion is not None and d.after:
            ab = Block("case", title="Assembling the cases", condition_tex="")
            blocks.append(ab)
            # the after-steps continue from the assembled relation
            items = [Step(_op(conclusion), conclusion.rhs, "the cases together", by=_Assembled(), lhs=conclusion.lhs)] + list(d.after)
            conclusion2 = self.run_items(items, base, ("after",), ab.children)
            conclusion = conclusion2
        defs = _collect_defs(d)
        if conclusion is not None:
            conclusion = Context(defs=defs).expand(conclusion)
        if self.fail_fast and self.failed:
            match = MatchResult(False, "not compared: a step failed")
        elif conclusion is None:
            match = MatchResult(False, "no conclusion")
        else:
            match = match_bound(d, conclusion)
        return DerivationReport(d, self.steps, blocks, conclusion, match, self.errors, time.perf_counter() - t0)


class _Assembled(Justification):
    """The relation assembled from the cases (a restatement of the cases' conclusions)."""

    name = "the cases above"
    status = Status.PROVED

    def check(self, relation, ctx, env):
        return _ok(Status.PROVED, "assembled from the cases above")


def _sign_assumption(sym):
    if getattr(sym, "is_positive", None):
        return "positive"
    if getattr(sym, "is_nonnegative", None) and not isinstance(sym, sp.Dummy):
        return "nonnegative"
    return None


def _fact_implies(fact, sym, need):
    if not isinstance(fact, sp.core.relational.Relational):
        return False
    kind, e = _canon_rel(fact)
    if e == sym or (e.is_Add and e.as_independent(sym)[1] == sym and e.as_independent(sym)[0].is_nonnegative):
        return kind == ">" or (need == "nonnegative" and kind == ">=")
    return False


def _exhaustive(conds, ctx: Context):
    """Do the conditions cover the context? Univariate conditions only."""
    atoms = set()
    for c in conds:
        if c is True or c == sp.true:
            return True, "a condition is True"
        atoms |= _atoms_of(c)
    if len(atoms) != 1:
        return False, "conditions on more than one variable"
    (x,) = atoms
    r = ctx.range(x)
    if r is None or _num(r.lo) is None and r.lo != -sp.oo or _num(r.hi) is None and r.hi != sp.oo:
        return False, f"no numeric range for {x}"
    whole = sp.Interval(r.lo, r.hi, not r.lo_closed, not r.hi_closed)
    try:
        covered = sp.Union(*[c.as_set() if not isinstance(x, sp.Symbol) else c.as_set() for c in conds])
    except Exception as exc:
        return False, str(exc)
    if whole.is_subset(covered):
        return True, "covers"
    return False, f"{whole} is not covered by {covered}"


def _weakest(concls):
    """The relation every one of the propositions implies (same sides), or None."""
    base = concls[0]
    ops = []
    for c in concls:
        if c.lhs == base.lhs and c.rhs == base.rhs:
            ops.append(_op(c))
        elif c.lhs == base.rhs and c.rhs == base.lhs:
            ops.append(_FLIP[_op(c)])
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
    return _rel(base.lhs, op, base.rhs)


def _assemble(concls, conds, errors):
    if len(concls) == 1:
        return concls[0]
    lhs = concls[0].lhs
    ops = {_op(c) for c in concls}
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
    return _rel(lhs, op, pw)


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
    >>> import derivations
    >>> m = match_bound(derivations.get("duel.hoeffding"))
    >>> m.ok, m.how
    (True, 'identical')
    """
    from . import core
    from .vocabulary import PARAMETERS, SYMBOLS

    if bound is None:
        try:
            bound = core.bound(derivation.bound)
        except KeyError as exc:
            return MatchResult(False, str(exc.args[0]))
    if conclusion is None:
        concls = [_conclusion_of(c.steps) for c in derivation.cases]
        if any(c is None for c in concls):
            return MatchResult(False, "no conclusion", None, bound.relation)
        errs = []
        conclusion = _assemble(concls, [c.condition for c in derivation.cases], errs)
        if conclusion is None:
            return MatchResult(False, "; ".join(errs), None, bound.relation)
        if derivation.after:
            items = [Step(_op(conclusion), conclusion.rhs, "", lhs=conclusion.lhs)] + list(derivation.after)
            conclusion = _conclusion_of(items)
        conclusion = Context(defs=_collect_defs(derivation)).expand(conclusion)
    derived = conclusion
    for old, new in derivation.subs:
        derived = _subs_rel(derived, old, new)
    target = bound.relation
    if _rel_identical(derived, target):
        return MatchResult(True, "identical", derived, target)
    if _op(derived) != _op(target) or derived.lhs != target.lhs:
        if _op(derived) == _FLIP[_op(target)] and derived.lhs == target.rhs:
            derived = _rel(derived.rhs, _FLIP[_op(derived)], derived.lhs)
        else:
            return MatchResult(False, f"different relation: derived {sp.sstr(derived)}, bound {sp.sstr(target)}", derived, target)
    dom = {SYMBOLS[k]: sp.Interval(p.domain.low, p.domain.high, not p.domain.low_closed, not p.domain.high_closed)
           for k, p in PARAMETERS.items()}
    ctx = Context(dom)
    ce = _refute_pair(derived.rhs, target.rhs, ctx)
    if ce is not None:
        p, a, b = ce
        return MatchResult(False, f"the right-hand sides differ: derived {a} vs bound {b} at {_fmt_point(p)}", derived, target)
    diff = derived.rhs - target.rhs
    ok, how = _prove_zero(diff, ctx)
    if ok:
        return MatchResult(True, f"sympy-equal ({how})", derived, target)
    return MatchResult(False, f"could not show the right-hand sides equal ({how})", derived, target)


def _refute_pair(a, b, ctx, npts=60, seed=7):
    """A point where the expressions a and b differ (infinities included), or None."""
    a = _elementary(a)
    b = _elementary(b)
    atoms = _atoms_of(a) | _atoms_of(b)
    for p in ctx.sample(atoms, npts, seed=seed, int_cap=min(_int_cap(a), _int_cap(b))):
        va, vb = _numeval(a, p), _numeval(b, p)
        if va is None or vb is None:
            continue
        if mpmath.isinf(va) or mpmath.isinf(vb):
            if va != vb:
                return {str(k): float(x) for k, x in p.items()}, mpmath.nstr(va, 6), mpmath.nstr(vb, 6)
            continue
        size = max(1.0, abs(va), abs(vb))
        if abs(va - vb) > 1e-12 * size:
            return {str(k): float(x) for k, x in p.items()}, mpmath.nstr(va, 6), mpmath.nstr(vb, 6)
    return None


def _rel_identical(a, b):
    return _op(a) == _op(b) and a.lhs == b.lhs and a.rhs == b.rhs


def _subs_rel(r, old, new):
    def sub(e):
        if isinstance(old, sp.Symbol) or isinstance(old, sp.Indexed) or _is_opaque_atom(old):
            return e.xreplace({old: new})
        return e.subs(old, new)

    return _rel(sub(r.lhs), _op(r), sub(r.rhs))


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
    return _derivations_package().all()


def _derivations_package():
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


# =====================================================================================
# mutation testing


def mutants(derivation: Derivation, max_per_step: int = 4):
    r"""Perturbed copies of a derivation, each with one error a checker must catch.

    For every step: a numeric constant of its right-hand side (or, for a step that starts
    a chain, of either side) changed ($c \to c + 1$), the relation flipped ($\le$ to
    $\ge$, $=$ to $<$), and one factor of a product dropped.

    Parameters
    ----------
    derivation : Derivation
        The original.
    max_per_step : int
        At most this many constant and factor mutations per step.

    Yields
    ------
    (str, Derivation)
        A description of the mutation and the mutated derivation.

    Examples
    --------
    >>> import derivations
    >>> D = derivations.get("duel.hoeffding")
    >>> descr, M = next(mutants(D))
    >>> check(M, fail_fast=True).ok
    False
    """

    def paths(items, prefix):
        for i, it in enumerate(items):
            if isinstance(it, Split):
                for k, c in enumerate(it.cases):
                    yield from paths(c.steps, prefix + ((i, k),))
            elif isinstance(it, (Step, Define)):
                yield prefix + (i,), it

    roots = [("cases", j) for j in range(len(derivation.cases))] + ([("after", None)] if derivation.after else [])
    for root in roots:
        items = derivation.cases[root[1]].steps if root[0] == "cases" else derivation.after
        for path, it in list(paths(items, ())):
            for descr, new in _step_mutations(it, max_per_step):
                yield f"{_path_label(root, path)}: {descr}", _replace_at(derivation, root, path, new)


def _path_label(root, path):
    head = f"case {root[1] + 1}" if root[0] == "cases" else "after"
    parts = []
    for p in path:
        if isinstance(p, tuple):
            parts.append(f"split item {p[0] + 1} sub-case {p[1] + 1}")
        else:
            parts.append(f"item {p + 1}")
    return head + " " + " ".join(parts)


def _replace_at(deriv, root, path, new):
    def rebuild(items, path):
        items = list(items)
        p = path[0]
        if isinstance(p, tuple):
            i, k = p
            split = items[i]
            cases = list(split.cases)
            cases[k] = cases[k].replace(steps=rebuild(cases[k].steps, path[1:]))
            items[i] = split.replace(cases=cases)
        else:
            items[p] = new
        return items

    if root[0] == "cases":
        cases = list(deriv.cases)
        cases[root[1]] = cases[root[1]].replace(steps=rebuild(cases[root[1]].steps, path))
        return deriv.replace(cases=cases)
    return deriv.replace(after=rebuild(deriv.after, path))


def _numbers_in(e):
    out = []
    for i, x in enumerate(sp.preorder_traversal(e)):
        if isinstance(x, (sp.Integer, sp.Rational)) and not isinstance(x, sp.Float):
            out.append(x)
    return out


def _mutate_number(e, which):
    """Replace the `which`-th number (preorder) of e by number + 1."""
    counter = itertools.count()

    def walk(x):
        if isinstance(x, (sp.Integer, sp.Rational)):
            if next(counter) == which:
                return x + 1
            return x
        if not x.args or isinstance(x, (sp.Symbol, sp.Indexed)):
            return x
        try:
            return x.func(*[walk(a) for a in x.args])
        except Exception:
            return x

    return walk(e)


def _drop_factor(e, which):
    """Drop the last factor of the `which`-th product (preorder) of e."""
    counter = itertools.count()

    def walk(x):
        if isinstance(x, sp.Mul) and len(x.args) >= 2:
            if next(counter) == which:
                return sp.Mul(*x.args[:-1])
        if not x.args or isinstance(x, (sp.Symbol, sp.Indexed)):
            return x
        try:
            return x.func(*[walk(a) for a in x.args])
        except Exception:
            return x

    return walk(e)


def _muls_in(e):
    return [x for x in sp.preorder_traversal(e) if isinstance(x, sp.Mul) and len(x.args) >= 2]


def _step_mutations(it, max_per_step):
    if isinstance(it, Define):
        nums = _numbers_in(it.expr)
        for k in range(min(len(nums), max_per_step)):
            new_expr = _mutate_number(it.expr, k)
            if new_expr != it.expr:
                yield f"definition of {it.symbol}: constant #{k + 1} changed", it.replace(expr=new_expr, display=None)
        return
    targets = [("rhs", it.rhs)]
    if it.lhs is not None:
        targets.append(("lhs", it.lhs))
    count = 0
    for side, expr in targets:
        nums = _numbers_in(expr)
        for k in range(len(nums)):
            if count >= max_per_step:
                break
            new = _mutate_number(expr, k)
            if new == expr:
                continue
            count += 1
            yield f"{side}: constant #{k + 1} ({nums[k]}) changed", it.replace(**{side: new, "display": None})
    # flip the relation
    flip = {"<=": ">=", ">=": "<=", "<": ">", ">": "<", "=": "<"}[it.op]
    yield f"relation {it.op} flipped to {flip}", it.replace(op=flip, display=None)
    # drop a factor
    count = 0
    for side, expr in targets:
        muls = _muls_in(expr)
        for k in range(len(muls)):
            if count >= max_per_step:
                break
            new = _drop_factor(expr, k)
            if new == expr:
                continue
            count += 1
            yield f"{side}: a factor dropped from {sp.sstr(muls[k])}", it.replace(**{side: new, "display": None})


# =====================================================================================
# dependency graph


def dependency_graph(reports: Iterable[DerivationReport]):
    r"""Nodes and edges of the dependency graph: premises and derivations, coloured by status.

    Parameters
    ----------
    reports : iterable of DerivationReport
        Checked derivations.

    Returns
    -------
    (dict, list)
        `nodes`: id -> dict(kind='premise'|'model'|'derivation', title, status); `edges`:
        (from id, to id) pairs, "from is used by to".

    Examples
    --------
    >>> nodes, edges = dependency_graph(check_all(["duel.hoeffding"]))
    >>> nodes["duel.hoeffding"]["kind"], nodes["duel.hoeffding"]["status"]
    ('derivation', 'checked')
    """
    nodes = {}
    edges = []
    reports = list(reports)
    for r in reports:
        d = r.derivation
        nodes[d.id] = {"kind": "derivation", "title": d.title, "status": r.status, "counts": r.counts}
    for r in reports:
        d = r.derivation
        for p in d.all_premises():
            if isinstance(p, Derivation):
                pid = p.id
                if pid not in nodes:
                    nodes[pid] = {"kind": "derivation", "title": p.title, "status": "unchecked"}
            else:
                pid = p.id
                if pid not in nodes:
                    nodes[pid] = {"kind": "model" if p.kind == "model" else "premise", "title": p.title, "status": Status.CITED,
                                  "citation": p.citation}
            if (pid, d.id) not in edges and pid != d.id:
                edges.append((pid, d.id))
    return nodes, edges


# =====================================================================================
# command line


def _status_mark(s):
    return {"proved": "proved ", "lemma": "lemma  ", "cited": "cited  ", "numeric": "NUMERIC", "false": "FALSE  "}.get(s, s)


def cli(args) -> int:
    r"""`bounds derivations check|list [ids] [-v]`: check derivations and print every step's status.

    Parameters
    ----------
    args : argparse.Namespace
        With `action` ('check' or 'list'), `ids` (list of str), `verbose` (bool) and
        `json` (bool).

    Returns
    -------
    int
        0 if every step checks and every final relation matches its bound, 1 otherwise.

    Examples
    --------
    >>> import argparse
    >>> cli(argparse.Namespace(action="list", ids=["duel.hoeffding"], verbose=False, json=False))
    duel.hoeffding  Hoeffding bound on losing the duel
    0
    """
    import json as _json

    action = getattr(args, "action", "check")
    ids = list(getattr(args, "ids", []) or [])
    verbose = bool(getattr(args, "verbose", False))
    as_json = bool(getattr(args, "json", False))
    ds = load()
    known = {d.id: d for d in ds}
    if ids:
        missing = [i for i in ids if i not in known]
        if missing:
            print(f"bounds: error: no derivation {missing[0]!r}; known: {', '.join(sorted(known))}", file=sys.stderr)
            return 2
        ds = [known[i] for i in ids]
    if action == "list":
        if as_json:
            print(_json.dumps([{"id": d.id, "title": d.title, "bound": d.bound} for d in ds], indent=2))
        else:
            width = max(len(d.id) for d in ds) if ds else 10
            for d in ds:
                print(f"{d.id:<{width}}  {d.title}")
        return 0
    t0 = time.perf_counter()
    reports = [check(d) for d in ds]
    total = {s: 0 for s in Status.ORDER}
    if as_json:
        out = []
        for r in reports:
            out.append({
                "id": r.derivation.id, "ok": r.ok, "status": r.status, "counts": r.counts,
                "match": r.match.how, "errors": r.errors, "seconds": round(r.seconds, 3),
                "steps": [{"number": s.number, "status": s.status, "text": s.text, "justification": s.justification,
                           "relation": sp.sstr(s.relation), "detail": s.detail} for s in r.steps],
            })
        print(_json.dumps(out, indent=2, ensure_ascii=False))
    else:
        for r in reports:
            d = r.derivation
            head = "ok" if r.ok else "FAILED"
            c = r.counts
            for k, v in c.items():
                total[k] += v
            summary = ", ".join(f"{v} {k}" for k, v in c.items() if v)
            print(f"{d.id} — {d.title}: {head} ({summary}; {r.seconds:.2f} s)")
            for s in r.steps:
                where = f" [{' / '.join(s.path)}]" if s.path else ""
                mark = "define " if (not s.claim and s.status != Status.FALSE) else _status_mark(s.status)
                print(f"  {s.number:>3}. {mark}  {s.text}{where}")
                if verbose or s.status == Status.FALSE:
                    print(f"        {sp.sstr(s.relation)}")
                    print(f"        by {s.justification}: {s.detail}")
            for e in r.errors:
                print(f"  ERROR: {e}")
            mark = "final relation = the bound's relation" if r.match.ok else "final relation does NOT match the bound"
            print(f"  {mark} ({r.match.how})")
        ok = sum(r.ok for r in reports)
        print(f"{ok} of {len(reports)} derivations check; steps: "
              + ", ".join(f"{v} {k}" for k, v in total.items()) + f"; {time.perf_counter() - t0:.1f} s")
    return 0 if all(r.ok for r in reports) else 1
