r"""The prover: identities (`prove_zero`, `prove_congruent`) and signs (`prove_sign`).

Sound and incomplete. An identity is proved by sympy's rewritings (expand, cancel, power and
log rules, then `simplify`) on the expression, after the definitions and on the domain's
charts; a sign by a recursive prover over the expression tree (products, powers, exp, log
against $a - 1$, $a + c\sqrt b$, rational functions of chart variables read off their
coefficients), within a deterministic budget of rewritings.

Every proof is under a `Context` (`bounds.proof.context`), passed in as `ctx`: the prover
uses its hypotheses, ranges, charts and definitions. This module does not import the
context, which sits above it: the context asks the prover (`sign_proved`) whether a
symbolic bound refines a variable's range.

Examples
--------
>>> import sympy as sp
>>> from bounds.proof import Context
>>> x = sp.Symbol("x", nonnegative=True)
>>> prove_sign((x - 1) ** 2 + x, Context({x: sp.Interval(0, sp.oo)}), strict=False)
(True, 'sign proved')
"""
from __future__ import annotations

import sympy as sp

from ..measures import BernoulliKL, Bhattacharyya
from .notation import atoms_of, elementary, is_opaque_atom, is_rational_term
from .numeric import as_float, refute
from .relations import canon_rel

__all__ = []


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
        if e.has(sp.Sum) and any(is_opaque_atom(f) for f in e.atoms(sp.Function)):
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


def prove_zero(e, ctx):
    """Prove `e == 0` under ctx; returns (ok, how).

    Cheap rewritings first (expand, cancel, power rules), on the expression, after the
    definitions and on the domain charts; then `sympy.simplify`.
    """
    e = sp.sympify(e)
    if e == 0:
        return True, "identical"
    e1 = elementary(e)
    if e1 == 0:
        return True, "identical after rewriting the measures"
    if isinstance(e1, sp.Basic) and e1.has(sp.Piecewise):
        f = sp.piecewise_fold(e1)
        if isinstance(f, sp.Piecewise):
            prev = []
            for expr, cond in f.args:
                sub = ctx.with_hyps(cond, *[sp.Not(c) for c in prev])
                ok, how = prove_zero(expr, sub)
                if not ok:
                    if _branch_empty(sub):
                        prev.append(cond)
                        continue
                    return False, f"branch {cond}: {how}"
                prev.append(cond)
            return True, "branch by branch"
        e1 = f
    e2 = elementary(ctx.expand(e1))
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


def prove_congruent(a, b, ctx, depth=0):
    """Prove a == b: identical, or the same operation on arguments proved equal pairwise
    (sums, products, powers, Sum bodies...), or else `prove_zero(a - b)`. Returns (ok, how)."""
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
                ok, how = prove_congruent(x, y, ctx, depth + 1)
                if not ok:
                    hows = None
                    break
                hows.append(how)
            if hows is not None:
                return True, "term by term" if depth == 0 else "; ".join(sorted(set(hows)))
    if depth > 0 and refute("=", a - b, ctx, npts=8) is not None:
        return False, "the terms differ numerically"
    return prove_zero(a - b, ctx)


def _branch_empty(ctx) -> bool:
    """True if the hypotheses are contradictory on the ranges (e.g. x > 1/2 and x <= 1/2)."""
    for r in ctx.ranges().values():
        lo, hi = as_float(r.lo), as_float(r.hi)
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
        if self.ctx is not None and depth < 6 and is_rational_term(e) and e.free_symbols:
            out = self._leaf(e)
            if out is not None:
                return out
        out = self._structural(e, depth)
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

    def _structural(self, e, depth):
        """The sign from the kind of expression: products, powers, exp, log, |.|, max/min, branches, sums."""
        if isinstance(e, sp.Mul):
            acc = POS
            for a in e.args:
                acc = _sgn_mul(acc, self.sgn(a, depth))
                if acc is None:
                    break
            return acc
        if isinstance(e, sp.Pow):
            return self._pow(e, depth)
        if isinstance(e, sp.exp):
            return POS
        if isinstance(e, sp.log):
            return self._log(e, depth)
        if isinstance(e, sp.Abs):
            return NONNEG
        if isinstance(e, Bhattacharyya):  # a sum of square roots of products of probabilities
            return NONNEG
        if isinstance(e, BernoulliKL):  # Gibbs: kl(a || b) >= 0, with equality only at a = b
            a, b = e.args
            sd = self.sgn(a - b, depth + 1)
            if sd in (POS, NEG) or (self.ctx is not None and nonzero_by_fact(a - b, self.ctx)):
                return POS
            return NONNEG
        if isinstance(e, (sp.Max, sp.Min)):
            return _extreme_sign([self.sgn(a, depth) for a in e.args], isinstance(e, sp.Max))
        if isinstance(e, sp.Piecewise):
            return _common_sign({self.sgn(x, depth) for x, _ in e.args})
        if isinstance(e, sp.Add):
            out = self._add(e, depth)
            if out is None:
                out = _negate(self._add(-e, depth)) if isinstance(-e, sp.Add) else None
            return out
        return None

    def _leaf(self, e):
        """Sign of a rational expression on the domain: from the symbols' assumptions, else
        from the charts of its own atoms (a bounding box first, then the exact charts)."""
        self.spent += 5
        s = _poly_sign(e)
        if s is not None:
            return s
        atoms = atoms_of(e)
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
        if is_rational_term(a):
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
        rat = [t for t in e.args if is_rational_term(t)]
        rest = [t for t in e.args if not is_rational_term(t)]
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
            if is_rational_term(e):
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


def _extreme_sign(signs, is_max):
    """The sign of max (or min) of numbers with these signs."""
    if is_max:
        if any(x == POS for x in signs):
            return POS
        if any(x in (NONNEG, ZERO) for x in signs):
            return NONNEG
        return _sgn_add(signs)
    if any(x == NEG for x in signs):
        return NEG
    if all(x in (POS,) for x in signs):
        return POS
    if all(x in (POS, NONNEG, ZERO) for x in signs):
        return NONNEG
    return None


def _common_sign(signs):
    """The sign every branch shares (None if they differ)."""
    if signs <= {POS}:
        return POS
    if signs <= {POS, NONNEG, ZERO}:
        return NONNEG
    if signs <= {NEG}:
        return NEG
    if signs <= {NEG, NONPOS, ZERO}:
        return NONPOS
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


def nonzero_by_fact(e, ctx) -> bool:
    """True if an established fact Ne(a, b) says e != 0: e is a nonzero constant multiple of a - b."""
    for f in ctx.hyps:
        if isinstance(f, sp.Ne):
            fd = f.lhs - f.rhs
            try:
                ratio = sp.cancel(sp.together(sp.sympify(e) / fd))
            except Exception:  # noqa: BLE001 - sympy raises many kinds on odd input; no fact then
                continue
            if ratio.is_number and ratio.is_nonzero:
                return True
    return False


def _facts_of(ctx):
    out = []
    for h in ctx.hyps:
        if isinstance(h, sp.core.relational.Relational) and not isinstance(h, sp.Ne):
            kind, e = canon_rel(h)
            out.append((kind, sp.sympify(e)))
    return out


def sign_proved(e, ctx, strict: bool):
    ok, _ = prove_sign(e, ctx, strict)
    return ok


def prove_sign(e, ctx, strict: bool):
    """Prove e > 0 (strict) or e >= 0 under ctx; returns (ok, how).

    Three passes of the sign prover: with sympy's assumptions only; with rational leaves
    charted on a numeric box containing the domain; with the exact (nested) charts. Each
    with the abbreviations as atoms first, then with their definitions substituted.
    """
    want = (POS,) if strict else (POS, NONNEG, ZERO)
    e = sp.sympify(e)
    facts = _facts_of(ctx) if ctx.hyps else []
    stages = [("", e)]
    ex = elementary(ctx.expand(e))
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
