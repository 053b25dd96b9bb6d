r"""The context of a step: variable domains, hypotheses, established facts and definitions.

A `Context` gives each atom its range (refined by hypotheses such as $q > 1/2$), charts of
the domain by unconstrained positive variables (for the prover) and sample points (for the
numeric checks).

Examples
--------
>>> import sympy as sp
>>> q = sp.Symbol("q", positive=True)
>>> Context({q: sp.Interval(0, 1)}).with_hyps(q > sp.S.Half).range(q).lo
1/2
"""
from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass
from typing import Any

import sympy as sp

from .notation import Quantity, atoms_of, elementary, is_opaque_atom, is_rational_term
from .numeric import as_float, holds_numeric, numeval
from .relations import FLIP, op_of, split_and
from .signs import sign_proved
from .status import DerivationError

__all__ = ["Context"]


def interval_parts(s: sp.Set):
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
                s |= atoms_of(b)
        return s


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
            new.extend(split_and(h))
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
        """A hashable key of the context (for the checker's cache of checked steps)."""
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
            lo, hi, lc, hc = interval_parts(self.domain[a])
            return _Range(lo, hi, lc, hc, a in self.integers)
        if isinstance(a, sp.Indexed) and a.base in self.domain:
            lo, hi, lc, hc = interval_parts(self.domain[a.base])
            return _Range(lo, hi, lc, hc, a.base in self.integers)
        if getattr(a, "is_nonnegative", None):
            if isinstance(a, Quantity) or is_opaque_atom(a):
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
                atoms |= atoms_of(h)
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
                    if not (bound.is_number or is_rational_term(bound)):
                        continue  # only simple bounds shape the domain; others stay facts
                    if var in atoms_of(bound):
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
        rng = self.ranges_with(atoms_of(e))
        need = set()
        todo = [a for a in atoms_of(e) if a in rng]
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
        rng = self.ranges_with(atoms_of(e))
        atoms = sorted((a for a in atoms_of(e) if a in rng), key=sp.srepr)
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
            hx = self.expand(elementary(h))
            if atoms_of(hx) <= need:
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
            if all(holds_numeric(h, pt) for h in hyp_fns):
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
    op = op_of(h) if not isinstance(h, sp.Eq) else "="
    for side, other, o in ((h.lhs, h.rhs, op), (h.rhs, h.lhs, FLIP[op])):
        if isinstance(side, (sp.Symbol, sp.Indexed)) or is_opaque_atom(side):
            out.append((side, o, other))
    return out






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
    nb, no = as_float(bound), as_float(old)
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
            take = sign_proved(diff, sub, strict=False)
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
        if isinstance(a, Quantity) or is_opaque_atom(a):
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
    v = numeval(sp.sympify(e), pt)
    if v is None:
        return None
    return float(v)
