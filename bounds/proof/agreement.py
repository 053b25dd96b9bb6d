r"""The numbers tied to the proofs: a bound's numeric kernel against its proved relation.

A `Bound` has a sympy relation `subject REL expr` (the one its derivation ends with) and a
hand-written numpy kernel that `b(**params)` evaluates. `kernel_agreement` evaluates `expr`
independently, with mpmath, at a few hundred points of the inputs' domains and compares
with the kernel there:

* **the points** are drawn generically from the vocabulary's declarations of the bound's
  inputs (`bounds.vocabulary.PARAMETERS[name]`: domain, typical range, log scale): the
  domain's end points that belong to it, values next to the open ones ($10^{-300}$ above
  $0$, $1 - 10^{-15}$ below $1$), huge values ($10^{15}$, $10^{300}$) on unbounded domains,
  the typical range, and random draws (log-uniform on log-scale inputs); then both sides
  of every branch boundary found (the conditions of each `Piecewise` and the switch points
  of each `Min`/`Max`, located by bisection along each input): on the boundary, one double
  away and $10^{-12}$, $10^{-6}$ (relative) away on each side. Inputs the kernel accepts
  only as integers (it rejects a non-integer value naming the input) are drawn as
  integers; inputs that bound a finite sum are kept small (at most 30, or 10 for a triple
  sum), since the relation is evaluated term by term.
* **the reference** evaluates the relation with the information measures in elementary
  functions at 40 significant digits, and more where cancellation needs it (until the
  reference's own rounding error, bounded as below, is negligible). Products $0 \cdot
  \infty$ are $0$ (the convention $0 \ln 0 = 0$ of information theory: no labels carry no
  information).
* **the tolerance** is `rtol` (default $10^{-9}$) relative, plus the error that evaluating
  the relation's formula in double precision can make at that point, bounded by
  propagating a rounding error of $2^{-53}$ per operation through the formula (interval
  style: $e^{x}$ with an error $\delta$ in $x$ is off by a factor $e^{\delta}$, a
  difference of nearly equal terms keeps their absolute error, a sum of $N$ terms gains
  $N$ roundings). So the check is strict wherever the formula is well conditioned and
  asks no more than double precision allows where it is not (near a cancellation, next to
  a branch boundary that the rounding of the inputs can cross). A finite sum is computed
  from the exact values of its parts that do not depend on the summation indices (such as
  $1 - q$, exact rationals of the inputs) and may be off by $8(N+1)$ roundings of its
  value for $N$ terms: the rounding of the inputs is not propagated through the terms, so
  a kernel that loses accuracy inside them is reported, not excused. Values that are not
  normal doubles (below $2.2 \times 10^{-308}$) must agree within $10^{-300}$ absolutely;
  `inf` must match `inf`.

Points where the reference itself is undefined (e.g. $\infty - \infty$) are skipped and
reported with the reason; more than 5 % of skipped points fails the check.

Examples
--------
>>> import bounds
>>> r = kernel_agreement(bounds.bound("duel.hoeffding"), points=60)
>>> r.ok, r.compared >= 60
(True, True)
>>> broken = bounds.bound("duel.hoeffding").replace(numeric=lambda **kw: 1.0 + 0 * kw["n"])
>>> kernel_agreement(broken, points=60).ok
False
"""
from __future__ import annotations

import math
import time
import weakref
from dataclasses import dataclass, field

import mpmath
import numpy as np
import sympy as sp

from ..vocabulary import PARAMETERS, SYMBOLS
from .notation import elementary, is_rational_term

__all__ = ["AgreementReport", "kernel_agreement"]

#: Unit roundoff of double precision.
U_DOUBLE = mpmath.mpf(2) ** -53
#: Smallest normal double: below it values are compared absolutely.
TINY = 2.2250738585072014e-308
#: Largest double: beyond it the kernel must give inf.
DBL_MAX = 1.7976931348623157e308
#: Largest share of points whose reference may be undefined.
MAX_SKIPPED = 0.05
#: At least this many points must be compared.
MIN_COMPARED = 20
OUTSIDE = "outside the bound's own domain:"


class Undefined(Exception):
    """The relation has no real value at the point."""


@dataclass
class AgreementReport:
    r"""What `kernel_agreement` found for one bound.

    Attributes
    ----------
    bound : str
        The bound's id.
    ok : bool
        True if the kernel agrees with the relation at every compared point and few
        points were skipped.
    compared : int
        Points where both were compared.
    boundary : int
        Of those, points placed at or next to a branch boundary.
    skipped : list of (dict, str)
        Points skipped, with the reason.
    first : dict or None
        The first disagreeing point: `point`, `kernel`, `relation`, `rel_error`, `allowed`.
    worst : float
        The largest relative difference seen at a compared point where the formula is well
        conditioned (the allowed difference is below $10^{-6}$ relative).
    rtol : float
        The relative tolerance.
    seconds : float
        Time taken.

    Examples
    --------
    >>> import bounds
    >>> print(kernel_agreement(bounds.bound("duel.chernoff"), points=40).summary())
    kernel = relation at ... points (... at branch boundaries; rtol 1e-09; largest relative difference ...)
    """

    bound: str
    ok: bool
    compared: int
    boundary: int
    skipped: list = field(default_factory=list)
    first: dict | None = None
    worst: float = 0.0
    rtol: float = 1e-9
    seconds: float = 0.0

    def summary(self) -> str:
        """One line: how many points agreed, or the first disagreement with both values."""
        if self.first is not None:
            f = self.first
            pt = ", ".join(f"{k}={v!r}" for k, v in f["point"].items())
            return (f"kernel DISAGREES with the relation at {pt}: kernel {f['kernel']!r}, relation {f['relation']}, "
                    f"relative error {f['rel_error']:.3g} (allowed {f['allowed']:.3g})")
        skip = ""
        if self.skipped:
            skip = f"; {len(self.skipped)} skipped ({self.skipped[0][1]})"
        head = "kernel = relation" if self.ok else "kernel NOT checked"
        return (f"{head} at {self.compared} points ({self.boundary} at branch boundaries; rtol {self.rtol:g}; "
                f"largest relative difference {self.worst:.2g}{skip})")


# ------------------------------------------------------------------------------ reference


def _power(b, x):
    """b ** x; through exp and log for a large exponent (mpmath's exact integer powers are slow)."""
    if b > 0 and abs(x) > 64:
        return mpmath.exp(x * mpmath.log(b))
    return mpmath.power(b, x)


def _carried(parts):
    """The error of a result that is infinite (or 0 from an infinity): unbounded if any input's is."""
    return mpmath.inf if any(er != 0 for _, er in parts) else mpmath.mpf(0)


def _binomial(a, b):
    if a == int(a) and b == int(b):
        return mpmath.mpf(math.comb(int(a), int(b))) if 0 <= b <= a else mpmath.mpf(0)
    return mpmath.binomial(a, b)


_MP = {"floor": lambda x: int(mpmath.floor(x)), "ceiling": lambda x: int(mpmath.ceil(x)), "binomial": _binomial}


class _Reference:
    """Evaluates an elementary expression in mpmath with a bound on the error of a double evaluation.

    `value(point, u)` returns (value, err): err bounds how far an evaluation of the same
    formula that rounds every operation with unit roundoff `u` can be from the value."""

    def __init__(self, expr, names):
        self.expr = expr
        self.names = names
        self.syms = [SYMBOLS[n] for n in names]
        self._sums = {}  # compiled sums (evaluated term by term, all at once)
        self._last_sum = (None, None, None)

    def value(self, point: dict, u):
        self.env = {SYMBOLS[k]: mpmath.mpf(v) for k, v in point.items()}
        self.point = point
        self.u = u
        self.memo = {}
        return self.ev(self.expr)

    def ev(self, e):
        hit = self.memo.get(e)
        if hit is None:
            hit = self.memo[e] = self._ev(e)
        return hit

    def _ev(self, e):
        if e in self.env:
            return self.env[e], mpmath.mpf(0)
        if e.is_Number or e in (sp.pi, sp.E):
            if e in (sp.oo, -sp.oo):
                return (mpmath.inf if e == sp.oo else -mpmath.inf), mpmath.mpf(0)
            v = mpmath.mpf(e.p) / e.q if e.is_Rational else mpmath.mpf(sp.N(e, mpmath.mp.dps + 5))
            exact = e.is_Integer or (e.is_Rational and (e.q & (e.q - 1)) == 0)
            return v, (mpmath.mpf(0) if exact else self.u * abs(v))
        handler = getattr(self, "_" + type(e).__name__, None)
        if handler is None:
            raise Undefined(f"no reference evaluation for {type(e).__name__}")
        return handler(e)

    def _round(self, v, err):
        return v, err + (self.u * abs(v) if mpmath.isfinite(v) else 0)

    def _Add(self, e):
        parts = [self.ev(a) for a in e.args]
        vals = [v for v, _ in parts]
        if any(mpmath.isinf(v) for v in vals):
            signs = {mpmath.sign(v) for v in vals if mpmath.isinf(v)}
            if len(signs) > 1:
                raise Undefined("inf - inf")
            return signs.pop() * mpmath.inf, _carried(parts)
        err = mpmath.fsum(er for _, er in parts) + self.u * mpmath.fsum(abs(v) for v in vals)
        return mpmath.fsum(vals), err

    def _Mul(self, e):
        parts = [self.ev(a) for a in e.args]
        vals = [v for v, _ in parts]
        if any(v == 0 for v in vals):
            zero_exact = all(er == 0 for v, er in parts if v == 0)
            if any(mpmath.isinf(v) for v in vals):
                # 0 * inf = 0: the convention 0 ln 0 = 0 (only for a zero that is exact)
                return mpmath.mpf(0), (mpmath.mpf(0) if zero_exact else mpmath.inf)
        if any(mpmath.isinf(v) for v in vals):
            return mpmath.fprod(vals), _carried(parts)
        v = mpmath.fprod(vals)
        hi = mpmath.fprod(abs(x) + er for x, er in parts)
        return self._round(v, hi - abs(v))

    def _Pow(self, e):
        (b, eb), (x, ex) = self.ev(e.base), self.ev(e.exp)
        if b < 0 and x != int(x):
            raise Undefined("a negative number to a fractional power")
        if b == 0:
            if x > 0:
                return mpmath.mpf(0), (eb ** x if eb else mpmath.mpf(0))
            return (mpmath.inf if x < 0 else mpmath.mpf(1)), _carried([(b, eb), (x, ex)])
        if mpmath.isinf(b) or mpmath.isinf(x):
            return _power(b, x), _carried([(b, eb), (x, ex)])
        v = _power(b, x)
        if ex == 0:
            lo, hi = abs(b) - eb, abs(b) + eb
            if lo <= 0 and x < 0:
                return v, mpmath.inf
            ends = [_power(max(lo, mpmath.mpf(0)), x), _power(hi, x)]
            return self._round(v, max(abs(t - abs(v)) for t in ends))
        if b <= 0 or eb >= b:
            return v, mpmath.inf
        lb, elb = mpmath.log(b), mpmath.log(b) - mpmath.log(b - eb)
        dy = abs(x) * elb + abs(lb) * ex + ex * elb
        return self._round(v, abs(v) * mpmath.expm1(dy))

    def _exp(self, e):
        x, ex = self.ev(e.args[0])
        v = mpmath.exp(x)
        if not mpmath.isfinite(x):
            return v, _carried([(x, ex)])
        return self._round(v, v * mpmath.expm1(ex))

    def _log(self, e):
        x, ex = self.ev(e.args[0])
        if x < 0:
            raise Undefined("the log of a negative number")
        if x == 0 or mpmath.isinf(x):
            return (-mpmath.inf if x == 0 else mpmath.inf), (mpmath.inf if ex else mpmath.mpf(0))
        err = mpmath.inf if ex >= x else mpmath.log(x) - mpmath.log(x - ex)
        return self._round(mpmath.log(x), err)

    def _Abs(self, e):
        x, ex = self.ev(e.args[0])
        return abs(x), ex

    def _extreme(self, e, pick):
        parts = [self.ev(a) for a in e.args]
        v = pick(p[0] for p in parts)
        lo = pick(p[0] - p[1] for p in parts)
        hi = pick(p[0] + p[1] for p in parts)
        if not mpmath.isfinite(v):  # an infinite extreme is uncertain if the part that gave it is
            return v, _carried([p for p in parts if p[0] == v])
        err = max(v - lo, hi - v)
        return v, (err if mpmath.isfinite(err) else mpmath.inf)

    def _Min(self, e):
        return self._extreme(e, min)

    def _Max(self, e):
        return self._extreme(e, max)

    def _Piecewise(self, e):
        """The first branch whose condition holds; branches that rounding could select widen the error."""
        states, chosen = [], None
        for i, (expr, cond) in enumerate(e.args):
            holds, near = self.condition(cond)
            states.append((expr, near))
            if holds:
                chosen = i
                break
        if chosen is None:
            raise Undefined("no branch applies")
        others = [expr for expr, near in states[:chosen] if near]
        if states[chosen][1]:  # the chosen condition may fail under rounding: the next branch that may apply
            for expr, cond in e.args[chosen + 1:]:
                holds, near = self.condition(cond)
                if holds or near:
                    others.append(expr)
                    break
        v, err = self.ev(states[chosen][0])
        for other in others:
            try:
                w, ew = self.ev(other)
            except Undefined:
                return v, mpmath.inf
            if mpmath.isfinite(w) and mpmath.isfinite(v):
                err = max(err, abs(w - v) + ew)
            elif w != v:
                err = mpmath.inf
        return v, err

    def condition(self, c):
        """(holds, near): near if rounding the sides within their double-precision errors could change it."""
        if c in (True, sp.true):
            return True, False
        if c in (False, sp.false):
            return False, False
        if isinstance(c, (sp.And, sp.Or)):
            parts = [self.condition(a) for a in c.args]
            holds = all(h for h, _ in parts) if isinstance(c, sp.And) else any(h for h, _ in parts)
            return holds, any(n for _, n in parts)
        if isinstance(c, sp.Not):
            holds, near = self.condition(c.args[0])
            return not holds, near
        (a, ea), (b, eb) = self.ev(c.lhs), self.ev(c.rhs)
        holds = {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[c.rel_op]
        near = bool(mpmath.isfinite(a) and mpmath.isfinite(b) and abs(a - b) <= ea + eb)
        if near and mpmath.isfinite(a) and mpmath.isfinite(b) and abs(a - b) <= abs(a) * mpmath.mpf(2) ** (8 - mpmath.mp.prec):
            # the sides agree to the working precision: decide exactly where they are rational in the inputs
            # (the inputs are doubles, hence exact rationals), e.g. q_alpha = 1/2 at eps = 1/2, alpha = 1e-124
            exact = self._exact_sign(c.lhs - c.rhs)
            if exact is not None:
                holds = {"<": exact < 0, "<=": exact <= 0, ">": exact > 0, ">=": exact >= 0, "==": exact == 0,
                         "!=": exact != 0}[c.rel_op]
        return bool(holds), near

    def _exact_sign(self, e):
        """The sign of e at the point in exact rational arithmetic, or None if e is not rational there."""
        try:
            subs = {SYMBOLS[k]: sp.Rational(float(v)) for k, v in self.point.items()}
            v = sp.sympify(e).xreplace(subs)
        except (TypeError, ValueError, OverflowError):
            return None
        if not v.is_Rational:
            return None
        return int(sp.sign(v))

    def _Sum(self, e):
        """A finite sum, term by term: its index-free parts (such as 1 - q) first, exactly where
        they are rational in the inputs, then the terms at the current precision."""
        key = e
        if key not in self._sums:
            parts = _index_free_parts(e)
            holders = [sp.Dummy(f"part{k}") for k in range(len(parts))]
            body = e.xreplace(dict(zip(parts, holders)))
            syms = sorted(body.free_symbols - set(holders), key=str)
            f = sp.lambdify(syms + holders, _zero_safe(body), modules=[_MP, "mpmath"])
            terms = sp.lambdify(syms, _term_count(e), modules=[_MP, "mpmath"])
            self._sums[key] = (syms, parts, f, terms)
        syms, parts, f, terms = self._sums[key]
        args = [int(v) if v == int(v) else v for v in (self.env[s] for s in syms)]
        part_values = [self._part(p) for p in parts]
        if any(v is None for v in part_values):  # a part needs more digits
            return mpmath.mpf(0), mpmath.inf
        cache_key = (key, tuple(args), tuple(part_values), mpmath.mp.prec)
        if self._last_sum[0] != cache_key:  # both passes of a point evaluate the same sum
            try:
                self._last_sum = (cache_key, mpmath.mpf(f(*args, *part_values)), abs(terms(*args)))
            except (ValueError, ZeroDivisionError) as exc:
                raise Undefined(f"a term of the sum: {exc}") from None
        _, v, count = self._last_sum
        if mpmath.isnan(v):  # a cancellation inside a term: more digits
            return mpmath.mpf(0), mpmath.inf
        # a sum of N terms computed from exact parts, each term a product of a few rounded factors
        return v, 8 * (count + 1) * self.u * abs(v)

    def _part(self, part):
        """The value of an index-free part of a sum: exact if rational in the inputs, else evaluated
        (None if it has too few correct digits at this precision)."""
        if is_rational_term(part):
            exact = part.xreplace({SYMBOLS[k]: sp.Rational(v) for k, v in self.point.items()})
            if exact.is_Rational:
                return mpmath.mpf(exact.p) / exact.q
        v, err = self.ev(part)
        if self.u < U_DOUBLE and (not mpmath.isfinite(err) or err > mpmath.sqrt(self.u) * abs(v)):
            return None
        return v


def _index_free_parts(e):
    """The largest sub-expressions of a sum's terms that depend on no summation index (not atoms)."""
    indices = {lim[0] for sm in e.atoms(sp.Sum) for lim in sm.limits}
    out = set()

    def walk(x):
        if not x.args or isinstance(x, (sp.Symbol, sp.Indexed)):
            return
        if not (x.free_symbols & indices) and not x.has(sp.Sum):
            if x.free_symbols:
                out.add(x)
            return
        for a in x.args:
            walk(a)

    walk(e.function)
    return sorted(out, key=sp.srepr)


_ZMUL, _ZPOW = sp.Function("zmul"), sp.Function("zpow")


def _zmul(*args):
    """A product with 0 * inf = 0 (a zero binomial coefficient times an infinite power)."""
    if any(a == 0 for a in args):
        return mpmath.mpf(0)
    return mpmath.fprod(args)


def _zpow(b, x):
    """b ** x with 0 ** (negative) = inf (mpmath raises)."""
    if b == 0 and x < 0:
        return mpmath.inf
    return mpmath.power(b, x)


_MP.update({"zmul": _zmul, "zpow": _zpow})


def _zero_safe(e):
    """The summands with products and powers that follow 0 * inf = 0 (limits are left alone)."""
    if isinstance(e, sp.Sum):
        return sp.Sum(_zero_safe(e.function), *e.limits)
    if not e.args or isinstance(e, (sp.Symbol, sp.Indexed)):
        return e
    args = [_zero_safe(a) for a in e.args]
    if isinstance(e, sp.Mul):
        return _ZMUL(*args)
    if isinstance(e, sp.Pow):
        return _ZPOW(*args)
    return e.func(*args)


def _term_count(e):
    """The number of terms of a (nested) finite sum, as an expression of its free symbols."""
    if isinstance(e, sp.Sum):
        return sp.Sum(_term_count(e.function), *e.limits)
    counts = [_term_count(a) for a in e.args if isinstance(a, sp.Basic) and a.has(sp.Sum)]
    return sp.Add(*counts) if counts else sp.S.One


def _sum_depth(e) -> int:
    if isinstance(e, sp.Sum):
        return len(e.limits) + _sum_depth(e.function)
    return max((_sum_depth(a) for a in e.args if isinstance(a, sp.Basic)), default=0)


def _reference(ref: _Reference, point, rtol):
    """(value, error of a double evaluation), at 40 digits or as many more as cancellation needs."""
    dps = 40
    for _ in range(6):
        with mpmath.workdps(dps):
            v, err_mp = ref.value(point, mpmath.mpf(10) ** (-dps))
            settled = (
                (not mpmath.isfinite(v) and err_mp == 0)  # an exact infinity (not a rounded denominator's)
                or (mpmath.isfinite(v) and err_mp <= 1e-4 * rtol * abs(v))
                or abs(v) + err_mp < 1e-300  # far below the doubles: compared absolutely
            )
            if settled:
                return v, ref.value(point, U_DOUBLE)[1]
        lost = dps if v == 0 or not mpmath.isfinite(err_mp) else float(mpmath.log10(err_mp / (abs(v) * mpmath.mpf(10) ** -dps)))
        dps = min(max(2 * dps, int(lost) + 40), 1200)
    raise Undefined(f"the reference does not settle at {dps} digits")


# ------------------------------------------------------------------------------ points


def _integer_inputs(bound) -> set:
    """Inputs declared integer, or that the kernel accepts only as integers."""
    out = {n for n in bound.inputs if PARAMETERS[n].domain.integer}
    base = {n: _typical_mid(PARAMETERS[n]) for n in bound.inputs}
    # whole numbers where the domain allows, so that probing one input is not stopped by another
    base = {n: float(round(v)) if v >= 1 and PARAMETERS[n].domain.contains(round(v)) else v for n, v in base.items()}
    for n in bound.inputs:
        if n in out:
            continue
        trial = dict(base)
        trial[n] = math.floor(base[n]) + 0.5 if math.isfinite(base[n]) else 2.5
        if not PARAMETERS[n].domain.contains(trial[n]):
            continue
        try:
            bound(**trial)
        except ValueError as exc:
            if str(exc).startswith(f"{n}="):
                out.add(n)
        except Exception:  # noqa: BLE001 - any other failure says nothing about integers
            pass
    return out


def _typical_mid(p) -> float:
    lo, hi = p.typical
    mid = math.sqrt(lo * hi) if p.log_scale and lo > 0 else (lo + hi) / 2
    return float(round(mid)) if p.domain.integer else mid


def _special_values(p, integer: bool, cap) -> list:
    """End points that belong to the domain, values next to open ends, huge values, the typical range."""
    dom, vals = p.domain, []
    lo, hi = dom.low, dom.high
    if math.isfinite(lo):
        vals += [lo] if dom.low_closed else [lo + 1e-300 if lo == 0 else np.nextafter(lo, math.inf), lo + 1e-12 * max(1.0, abs(lo))]
    if math.isfinite(hi):
        vals += [hi] if dom.high_closed else [np.nextafter(hi, -math.inf), hi - 1e-15 * max(1.0, abs(hi))]
    else:
        vals += [1e15, 1e300]
    vals += list(p.typical)
    if integer:
        vals = sorted({float(math.ceil(v)) for v in vals if math.isfinite(v)})
    if cap is not None:
        vals = [v for v in vals if v <= cap] + [float(cap)]
    return [float(v) for v in vals if dom.contains(v)]


def _random_value(p, rng, integer: bool, cap):
    dom = p.domain
    if rng.random() < 0.6:
        lo, hi = p.typical
    else:
        lo, hi = max(dom.low, -1e300), min(dom.high, 1e300)
    if cap is not None:
        hi = min(hi, cap)
    if (p.log_scale or hi / max(lo, 1e-300) > 1e6) and lo >= 0:
        v = math.exp(rng.uniform(math.log(max(lo, 1e-300)), math.log(max(hi, 1e-300))))
    else:
        v = rng.uniform(lo, hi)
    if integer:
        v = float(round(v))
    v = min(max(v, dom.low), dom.high)
    if not dom.contains(v):
        v = float(np.nextafter(v, hi if v <= lo else lo))
    return float(v)


class _Points:
    """Draws the points of one bound (special values, random values, branch boundaries)."""

    def __init__(self, bound, rng, integers, caps):
        self.bound, self.rng = bound, rng
        self.integers, self.caps = integers, caps
        self.params = {n: PARAMETERS[n] for n in bound.inputs}
        self.special = {n: _special_values(p, n in integers, caps.get(n)) for n, p in self.params.items()}

    def value(self, name, special_share=0.3):
        if self.rng.random() < special_share and self.special[name]:
            return self.special[name][self.rng.integers(len(self.special[name]))]
        return _random_value(self.params[name], self.rng, name in self.integers, self.caps.get(name))

    def draw(self, count):
        names = list(self.params)
        pts = [{n: self.special[n][0] if self.special[n] else self.value(n) for n in names},
               {n: self.special[n][-1] if self.special[n] else self.value(n) for n in names}]
        while len(pts) < count:
            pts.append({n: self.value(n) for n in names})
        return [self.admissible(p) for p in pts]

    @staticmethod
    def admissible(point):
        """The point with the inputs' joint constraints met: K_dec <= K - 1 (drawn alone, K_dec often exceeds it)."""
        if "K_dec" in point and "K" in point and point["K_dec"] > point["K"] - 1:
            point = {**point, "K_dec": float(max(1.0, math.floor(point["K"] - 1)))}
        return point

    def boundaries(self, switches, per_switch=3):
        """Points on and next to each branch boundary (found by bisection along one input)."""
        out = []
        for g, syms in switches:
            for name in [n for n in self.params if SYMBOLS[n] in syms and n not in self.integers]:  # params: ordered
                for _ in range(per_switch):
                    base = self.admissible({n: self.value(n, special_share=0.1) for n in self.params})
                    root = _root_along(g, base, name, self.params[name])
                    if root is not None:
                        out += self._around(base, name, root)
        return out

    def _around(self, base, name, root):
        dom = self.params[name].domain
        near = [root, np.nextafter(root, -math.inf), np.nextafter(root, math.inf)]
        near += [root * (1 + s * r) for r in (1e-12, 1e-6) for s in (-1, 1)]
        return [{**base, name: float(v)} for v in near if dom.contains(v)]


def _root_along(g, base, name, p):
    """A point where the switch function g changes sign along `name` (others at `base`), or None."""
    lo, hi = max(p.domain.low, 1e-300 if p.log_scale else -1e300), min(p.domain.high, 1e300)
    if lo >= hi:
        return None
    if p.log_scale or hi / max(abs(lo), 1e-300) > 1e6:
        grid = np.exp(np.linspace(math.log(max(lo, 1e-300)), math.log(hi), 60))
    else:
        grid = np.linspace(lo, hi, 60)
    grid = [float(x) for x in grid if p.domain.contains(x)]

    def sign(x):
        try:
            with mpmath.workdps(30):
                v = g(**{**base, name: x})
            return None if v is None or not mpmath.isfinite(v) else (v > 0) - (v < 0)
        except (Undefined, ValueError, ZeroDivisionError, TypeError):
            return None

    prev = None
    for x in grid:
        s = sign(x)
        if s is None:
            continue
        if prev is not None and s != prev[1]:
            a, b, sa = prev[0], x, prev[1]
            for _ in range(80):
                m = (a + b) / 2 if not p.log_scale or a <= 0 else math.sqrt(a * b)
                sm = sign(m)
                if sm is None or m in (a, b):
                    break
                a, b = (m, b) if sm == sa else (a, m)
            return b
        prev = (x, s)
    return None


def _switches(expr, names):
    """(function of the inputs, its symbols) for each branch condition and Min/Max switch of expr."""
    syms = [SYMBOLS[n] for n in names]
    rels = set()
    for pw in expr.atoms(sp.Piecewise):
        for _, cond in pw.args:
            rels |= {c for c in ([cond] if isinstance(cond, sp.core.relational.Relational) else cond.atoms(sp.core.relational.Relational))}
    diffs = [r.lhs - r.rhs for r in sorted(rels, key=sp.srepr)]  # sorted: the same points in every process
    for m in sorted(expr.atoms(sp.Min, sp.Max), key=sp.srepr):
        diffs += [a - b for a, b in zip(m.args, m.args[1:])]
    out = []
    for dexpr in diffs:
        dexpr = elementary(dexpr)
        if not dexpr.free_symbols or dexpr.has(sp.Sum):
            continue
        f = sp.lambdify(syms, dexpr, modules=[_MP, "mpmath"])
        out.append((lambda f=f, **kw: f(*(mpmath.mpf(kw[n]) for n in names)), dexpr.free_symbols))
    return out


# ------------------------------------------------------------------------------ the check


_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def kernel_agreement(bound, points: int = 200, seed: int = 0, rtol: float = 1e-9) -> AgreementReport:
    r"""Compare a bound's numeric kernel with an independent mpmath evaluation of its relation.

    Parameters
    ----------
    bound : Bound
        A bound (catalogued or a copy made with `Bound.replace`).
    points : int
        Number of points drawn (plus those at branch boundaries). Relations with a double
        sum use at most 100, with a triple sum at most 60 (evaluated term by term).
    seed : int
        Seed of the draws.
    rtol : float
        Relative tolerance, on top of what double precision allows at the point (see the
        module docstring).

    Returns
    -------
    AgreementReport
        `ok`, the number of points compared, skipped points with reasons, and the first
        disagreement (point, both values, relative error) if any.

    Examples
    --------
    >>> import bounds
    >>> kernel_agreement(bounds.bound("two_point.le_cam"), points=50).ok
    True
    """
    key = (points, seed, rtol)
    hit = _CACHE.get(bound, {}).get(key)
    if hit is not None:
        return hit
    t0 = time.perf_counter()
    report = _agreement(bound, points, seed, rtol)
    report.seconds = time.perf_counter() - t0
    _CACHE.setdefault(bound, {})[key] = report
    return report


def _agreement(bound, points, seed, rtol):
    names = list(bound.inputs)
    expr = elementary(bound.expr)
    depth = _sum_depth(expr)
    if depth >= 2:
        points = min(points, 100 if depth == 2 else 60)
    integers = _integer_inputs(bound)
    limit_syms = {s for sm in expr.atoms(sp.Sum) for lim in sm.limits for b in lim[1:] for s in sp.sympify(b).free_symbols}
    caps = {n: (30 if depth <= 2 else 10) for n in names if SYMBOLS[n] in limit_syms}
    rng = np.random.default_rng(seed)
    sampler = _Points(bound, rng, integers, caps)
    drawn = sampler.draw(points)
    edge = sampler.boundaries(_switches(expr, names))[: points // 2]
    ref = _Reference(expr, names)
    report = AgreementReport(bound.id, True, 0, 0, rtol=rtol)
    for k, point in enumerate(drawn + edge):
        outcome = _compare(bound, ref, point, rtol)
        if isinstance(outcome, str):
            report.skipped.append((point, outcome))
            continue
        report.compared += 1
        report.boundary += k >= len(drawn)
        if outcome["allowed"] < 1e-6:  # where the formula is well conditioned
            report.worst = max(report.worst, outcome["rel_error"] if outcome["ok"] else math.inf)
        if not outcome["ok"]:
            report.first = outcome
            report.ok = False
            return report
    # points outside the bound's own domain (e.g. K_dec > K - 1, or a d the latent model cannot reach) are
    # not the bound's points: they count neither way; the relation must be evaluable at the others
    outside = sum(1 for _, why in report.skipped if why.startswith(OUTSIDE))
    undefined = len(report.skipped) - outside
    if undefined > MAX_SKIPPED * (len(drawn) + len(edge) - outside) or report.compared < MIN_COMPARED:
        report.ok = False
    return report


def _compare(bound, ref, point, rtol):
    """A dict (ok, kernel, relation, rel_error, allowed, point) or a string: why the point is skipped."""
    try:  # the kernel first: a point outside the bound's own domain costs no reference evaluation
        kernel = float(bound(**point))
    except ValueError as exc:
        return f"{OUTSIDE} {exc}"
    except FloatingPointError as exc:
        kernel = math.nan
        del exc
    try:
        value, err = _reference(ref, point, rtol)
    except Undefined as exc:
        return f"the relation is undefined there: {exc}"
    except (ValueError, ZeroDivisionError, OverflowError) as exc:
        return f"the relation is undefined there: {type(exc).__name__}: {exc}"
    with mpmath.workdps(20):
        shown = mpmath.nstr(+value, 17)
    out = {"point": point, "kernel": kernel, "relation": shown}
    if mpmath.isnan(err):
        err = mpmath.inf
    if math.isnan(kernel):
        return {**out, "ok": False, "rel_error": math.nan, "allowed": float(err)}
    if not mpmath.isfinite(err):  # unbounded: double precision cannot tell the branches apart here
        return {**out, "ok": True, "rel_error": 0.0 if kernel == value else math.inf, "allowed": math.inf}
    if abs(value) > DBL_MAX or math.isinf(kernel):
        same = math.isinf(kernel) and abs(value) > DBL_MAX and (value > 0) == (kernel > 0)
        return {**out, "ok": same, "rel_error": 0.0 if same else math.inf, "allowed": 0.0}
    diff = abs(mpmath.mpf(kernel) - value)
    allowed = rtol * abs(value) + err
    if abs(value) < TINY:
        allowed = max(allowed, 1e-300)
    rel = float(diff / abs(value)) if value != 0 else (0.0 if diff == 0 else math.inf)
    ok = not math.isnan(kernel) and diff <= allowed
    return {**out, "ok": ok, "rel_error": rel, "allowed": float(allowed / abs(value)) if value else float(allowed)}
