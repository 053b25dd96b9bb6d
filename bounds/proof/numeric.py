r"""Numeric evaluation with mpmath (30 digits): values, refutation by sampling, formatting points.

`numeval` evaluates an expression at a point; opaque applications (probabilities,
expectations) get pseudo-random meanings (`interpret`), so that an identity that must hold
for every meaning can be refuted numerically (`refute`).

The refutations sample a `Context` (`bounds.proof.context`), passed in as `ctx`: they use its
`expand`, `ranges_with` and `sample`. This module does not import the context, which sits
above it: the context compares its ranges with `as_float` and tests its sample points with
`numeval` and `holds_numeric`.

Examples
--------
>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> float(numeval(sp.sqrt(x) + 1, {x: 4}))
3.0
"""
from __future__ import annotations

import random

import mpmath
import sympy as sp

from .notation import atoms_of, elementary, is_opaque_atom

__all__ = []


def as_float(b):
    try:
        return float(b)
    except (TypeError, ValueError):
        return None


def format_point(p):
    return ", ".join(f"{k}={v:.6g}" for k, v in sorted(p.items()))


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
    atoms = sorted(atoms_of(e), key=sp.srepr)
    dums = [sp.Dummy(f"a{k}") for k in range(len(atoms))]
    ex = e.xreplace(dict(zip(atoms, dums)))
    fn = None
    if ex.atoms(sp.Indexed) or any(is_opaque_atom(f) for f in ex.atoms(sp.Function)):
        fn = "never"  # random variables inside: no numeric value
    else:
        try:
            fn = sp.lambdify(dums, ex, modules=[_MP_FUNCS, "mpmath"])
        except Exception:
            fn = None
    hit = (atoms, fn)
    _COMPILED[e] = hit
    return hit


def numeval(e, pt, dps=None):
    """Evaluate an expression at a point (atoms -> numbers); None if not a finite real.

    A `Tuple` evaluates to a list of values (None if it cannot be compiled). The compiled
    mpmath function is tried first, then (for sums) a loop over the terms, then sympy's evalf."""
    e = elementary(sp.sympify(e))
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
        done, value = _call_compiled(e, fn, atoms, pt, dps)
        if done:
            return value
    if e.has(sp.Sum, sp.Product):
        # never let sympy try to sum symbolically here: loop over the terms ourselves
        try:
            with mpmath.workdps(dps):
                v = _interp(e, pt)
            return v if isinstance(v, (mpmath.mpf, list)) and not (isinstance(v, mpmath.mpf) and mpmath.isnan(v)) else None
        except Exception:
            return None
    return _evalf_value(e, pt, dps)


def _call_compiled(e, fn, atoms, pt, dps):
    """(done, value) from the compiled function; done is False if it raised something unexpected."""
    args = [pt[a] if isinstance(pt[a], int) else mpmath.mpf(pt[a]) for a in atoms]
    try:
        with mpmath.workdps(dps):
            x = fn(*args)
        if isinstance(e, sp.Tuple):
            out = []
            for t in x:
                t = mpmath.mpmathify(t)
                out.append(t.real if isinstance(t, mpmath.mpc) else t)
            return True, out
        if isinstance(x, (bool,)):
            return True, None
        x = mpmath.mpmathify(x)
        if isinstance(x, mpmath.mpc):
            if abs(x.imag) > 1e-20 * max(1, abs(x.real)):
                return True, None
            x = x.real
        return True, (None if mpmath.isnan(x) else x)
    except (ZeroDivisionError, OverflowError):
        return True, None
    except Exception:
        return False, None


def _evalf_value(e, pt, dps):
    """The value by sympy's evalf after substituting the point (the last resort of `numeval`)."""
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
        return mpmath.mpf(v)
    if e is sp.pi:
        return +mpmath.pi
    if e is sp.E:
        return +mpmath.e
    if is_opaque_atom(e):
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
        return _interp_sum(e.function, list(e.limits), dict(env))
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
            if cond in (True, sp.true) or holds_numeric(cond.xreplace({k: sp.Float(float(v), 30) for k, v in env.items() if isinstance(k, sp.Basic)}), {}):
                return _interp(expr, env)
        raise _NoValue("no branch")
    raise _NoValue(type(e).__name__)


def _interp_sum(f, limits, env):
    """A finite sum, term by term (at most 400 terms per index)."""
    if not limits:
        return _interp(f, env)
    var, lo, hi = limits[0]
    a, b = int(mpmath.nint(_interp(lo, env))), int(mpmath.floor(_interp(hi, env) + mpmath.mpf("1e-9")))
    if b - a > 400:
        raise _NoValue("sum too long")
    return mpmath.fsum([_interp_sum(f, limits[1:], {**env, var: i}) for i in range(a, b + 1)])


def holds_numeric(h, pt, tol=1e-12):
    if isinstance(h, sp.And):
        return all(holds_numeric(a, pt, tol) for a in h.args)
    if isinstance(h, sp.Or):
        return any(holds_numeric(a, pt, tol) for a in h.args)
    if isinstance(h, sp.Not):
        return not holds_numeric(h.args[0], pt, -tol)
    if not isinstance(h, sp.core.relational.Relational):
        return True
    lhs = numeval(h.lhs, pt)
    rhs = numeval(h.rhs, pt)
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


def refute(kind, e, ctx, npts=24, seed=12345):
    """Look for a point where `e kind 0` fails; return it (a dict) or None.

    Values are computed with 30 significant digits; a value that is small compared with
    the terms it is a sum of is recomputed with 60 digits to tell rounding noise (which
    shrinks) from a true value (which does not).
    """
    ex = ctx.expand(elementary(e))
    atoms = atoms_of(ex)
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
        v = numeval(ex, p)
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


def undefined_side(lhs, rhs, ctx, npts=16, seed=4321):
    """A sample point inside the domain where one side has a real value and the other none
    (e.g. the log of a negative number), as (point, message); else None."""
    a = ctx.expand(elementary(lhs))
    b = ctx.expand(elementary(rhs))
    atoms = atoms_of(a) | atoms_of(b)
    rng = ctx.ranges_with(atoms)
    free = {x for x in atoms if x not in rng}
    pts = ctx.sample(atoms - free, npts, seed=seed, edges=False, int_cap=min(_int_cap(a), _int_cap(b)))
    for k, p in enumerate(pts):
        p = dict(p)
        p.update(_random_atom_values(free, seed + k))
        va, vb = numeval(a, p), numeval(b, p)
        if (va is None) != (vb is None):
            side = "right" if vb is None else "left"
            pt = {str(x): float(v) for x, v in p.items()}
            return pt, f"the {side}-hand side has no real value at {format_point(pt)}, where the other side has one"
    return None


def _numerically_zero(ex, p, v):
    """Is the value v of ex at p zero up to rounding? Small values are recomputed at 60 digits:
    rounding noise shrinks with the precision, a true value does not."""
    if v == 0:
        return True
    if abs(v) > 1e-3:
        return False  # rounding noise of 30-digit arithmetic this large would need terms beyond 1e25
    size = max(1.0, term_scale(ex, p))
    if abs(v) > 1e-12 * size:
        return False
    v2 = numeval(ex, p, dps=2 * _DPS)
    if v2 is None:
        return abs(v) <= 1e-25 * size
    return abs(v2) < 1e-10 * abs(v)


def term_scale(ex, p):
    """Largest absolute value of the terms of a sum at p (0 for a non-sum)."""
    if isinstance(ex, sp.Add):
        v = numeval(sp.Tuple(*ex.args), p)
        if v is None:
            return 0.0
        return float(max((abs(t) for t in v if mpmath.isfinite(t)), default=0.0))
    return 0.0


def refute_pair(a, b, ctx, npts=60, seed=7):
    """A point where the expressions a and b differ (infinities included), or None."""
    a = elementary(a)
    b = elementary(b)
    atoms = atoms_of(a) | atoms_of(b)
    for p in ctx.sample(atoms, npts, seed=seed, int_cap=min(_int_cap(a), _int_cap(b))):
        va, vb = numeval(a, p), numeval(b, p)
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
