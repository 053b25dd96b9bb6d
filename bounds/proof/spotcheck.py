r"""Spot checks of cited premises: random instances substituted into the premise's own statement.

A premise cited from the literature is trusted, not proved. Where its statement can be
evaluated on a concrete instance (finite distributions, a bounded random variable with a
small support, a small joint distribution, numbers), a `SpotCheck` draws such instances,
computes the exact value of every quantity of the statement on each, **substitutes them into
the premise's own sympy statement** and checks that the relation holds. A statement with a
wrong constant, a wrong sign or a wrong direction is then caught, not only a separately
coded copy of the fact.

An instance is a dict, the *interpretation* of the statement's variables:

* a symbol, an indexed base (a callable `i -> value`), or a whole opaque application (such
  as `Bin(N, p)`) maps to its value: a number, a random variable (a numpy array over the
  outcomes of a `FiniteSpace`, under the key `"space"`), a distribution (a numpy array of
  probabilities), an event (a boolean array);
* a function class (an opaque function such as `Meas`, or an undefined function `g`) maps
  to a Python callable applied to the evaluated arguments; a callable with the attribute
  `binder = True` gets the unevaluated arguments and an `evaluate(expr, bindings)` function
  instead (for notation that binds an index, like a union over $k$).

`Pr(A)`, `Pr(A, B)` (conditional) and `E(X)` are computed on the space; `KL(P, Q)` of two
distributions is $\sum_i P_i \ln(P_i/Q_i)$; the information measures use their numeric forms.
Hypotheses that are relations are evaluated on each instance too: an instance that violates
one means the sampler or the hypothesis is wrong, and the spot check fails. (Hypotheses
quantified over a variable the instance does not give, such as a derivative's sign for every
$x$, are the sampler's responsibility.)

Premises whose statement and hypotheses are relations between plain real symbols are spot
checked without a sampler: values are drawn at random (hypotheses select the instances).

Examples
--------
>>> import sympy as sp
>>> from bounds.proof import Premise
>>> a, b = sp.symbols("a b", real=True)
>>> AMGM = Premise("amgm", "AM-GM", sp.Le(sp.sqrt(a * b), (a + b) / 2), "Cauchy",
...                hypotheses=[a >= 0, b >= 0])
>>> spot_check(AMGM).status
'ok'
>>> WRONG = Premise("amgm3", "AM-GM, wrong constant", sp.Le(sp.sqrt(a * b), (a + b) / 3), "none",
...                 hypotheses=[a >= 0, b >= 0])
>>> r = spot_check(WRONG)
>>> r.status, r.detail.startswith("fails")
('failed', True)
"""
from __future__ import annotations

import math
import time
import weakref
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from ..errors import ParameterValueError
from .. import measures
from .notation import KL, E, Pr, Quantity, atoms_of, is_opaque_atom

__all__ = ["FiniteSpace", "SpotCheck", "SpotCheckResult", "spot_check"]

#: Relative tolerance of a spot check (the instances are computed in double precision).
RTOL = 1e-9


class NoValue(Exception):
    """The instance gives no value to a variable the expression needs."""


class FiniteSpace:
    r"""A finite probability space: outcomes with probabilities; random variables are arrays.

    Parameters
    ----------
    probs : array_like
        Probability of each outcome (nonnegative, summing to 1).

    Examples
    --------
    >>> S, (X1, X2) = FiniteSpace.iid([0.0, 1.0], [0.5, 0.5], 2)
    >>> S.size, float(S.expect(X1 + X2))
    (4, 1.0)
    """

    def __init__(self, probs):
        p = np.asarray(probs, dtype=float)
        if p.ndim != 1 or (p < 0).any() or abs(p.sum() - 1.0) > 1e-9:
            raise ParameterValueError(f"probs must be a probability vector, got {probs!r}")
        self.p = p

    @property
    def size(self) -> int:
        """Number of outcomes."""
        return int(self.p.size)

    def expect(self, x):
        """$\\mathbb{E}[x]$ of a random variable (an array over the outcomes) or a constant."""
        return float(np.sum(self.p * np.broadcast_to(np.asarray(x, dtype=float), self.p.shape)))

    def prob(self, event, given=None):
        """$\\Pr[\\text{event}]$, or $\\Pr[\\text{event} \\mid \\text{given}]$, of boolean arrays."""
        ev = np.broadcast_to(np.asarray(event, dtype=bool), self.p.shape)
        if given is None:
            return float(np.sum(self.p[ev]))
        g = np.broadcast_to(np.asarray(given, dtype=bool), self.p.shape)
        pg = float(np.sum(self.p[g]))
        if pg <= 0:
            raise NoValue("conditioning on an event of probability 0")
        return float(np.sum(self.p[ev & g])) / pg

    @classmethod
    def iid(cls, values, probs, n: int):
        r"""The space of $n$ i.i.d. copies of a finite random variable, and the copies.

        Parameters
        ----------
        values : array_like
            The values the variable takes.
        probs : array_like
            Their probabilities.
        n : int
            Number of copies.

        Returns
        -------
        (FiniteSpace, list of numpy.ndarray)
            The product space ($|values|^n$ outcomes) and the $n$ copies as arrays over it.
        """
        values = np.asarray(values, dtype=float)
        probs = np.asarray(probs, dtype=float)
        idx = np.indices((values.size,) * n).reshape(n, -1) if n else np.zeros((0, 1), int)
        p = np.prod(probs[idx], axis=0) if n else np.ones(1)
        return cls(p / p.sum()), [values[row] for row in idx]


@dataclass
class SpotCheckResult:
    r"""The outcome of a premise's spot check.

    Attributes
    ----------
    premise : str
        The premise's id.
    status : str
        'ok' (every instance satisfies the statement), 'failed', or 'none' (no spot check:
        `detail` says why).
    trials : int
        Number of instances checked.
    detail : str
        What was checked, or the first failing instance with both sides' values.
    seconds : float
        Time taken.

    Examples
    --------
    >>> SpotCheckResult("p", "none", 0, "a definition").ok
    True
    """

    premise: str
    status: str
    trials: int
    detail: str
    seconds: float = 0.0
    instance: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """False only if an instance violates the statement (no spot check is not a failure)."""
        return self.status != "failed"


class SpotCheck:
    r"""How to spot-check a premise: a sampler of instances.

    Parameters
    ----------
    draw : callable
        `draw(rng)` with a `numpy.random.Generator` returns one instance (a dict, see the
        module docstring), or None to skip that draw.
    trials : int
        Number of instances.
    seed : int
        Seed of the generator.
    what : str
        One line saying what the instances are (shown by `bounds derivations check -v`).

    Examples
    --------
    >>> import sympy as sp
    >>> from bounds.proof import Pr, Premise
    >>> A = sp.Symbol("A")
    >>> AT_MOST_ONE = Premise("one", "A probability is at most 1", sp.Le(Pr(A), 1), "Kolmogorov",
    ...     spot_check=SpotCheck(lambda rng: {"space": FiniteSpace([0.25, 0.75]), A: rng.random(2) < 0.5},
    ...                          what="random events of a two-point space"))
    >>> spot_check(AT_MOST_ONE).detail
    '40 instances (random events of a two-point space): the statement holds on each'
    """

    def __init__(self, draw, trials: int = 40, seed: int = 0, what: str = ""):
        self.draw = draw
        self.trials = trials
        self.seed = seed
        self.what = what


# ------------------------------------------------------------------------------ evaluation


_FUNCS = {sp.exp: np.exp, sp.log: np.log, sp.sqrt: np.sqrt, sp.Abs: np.abs, sp.floor: np.floor, sp.ceiling: np.ceil}


def _kl(P, Q):
    P = np.asarray(P, dtype=float)
    Q = np.asarray(Q, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(P > 0, P * np.log(P / Q), 0.0)
    return float(np.sum(terms))


class _Evaluator:
    """Evaluates a sympy expression on an instance (numpy; arrays are random variables)."""

    def __init__(self, instance: dict):
        self.inst = instance
        self.space = instance.get("space")

    def __call__(self, e, env=None):
        env = env or {}
        if isinstance(e, (bool, int, float, np.ndarray)):
            return e
        if e in env:
            return env[e]
        if e in self.inst:
            return self.inst[e]
        if e is sp.true or e is sp.false:
            return bool(e)
        if e.is_Number:
            return math.inf if e == sp.oo else (-math.inf if e == -sp.oo else float(e))
        if e is sp.pi or e is sp.E:
            return float(e)
        if isinstance(e, sp.Indexed):
            base = self.inst.get(e.base)
            if base is None:
                raise NoValue(str(e.base))
            return base(*[int(self(i, env)) for i in e.indices])
        if isinstance(e, sp.Symbol):
            raise NoValue(str(e))
        return self._compound(e, env)

    def _compound(self, e, env):
        fn = self.inst.get(type(e))
        if fn is not None:
            if getattr(fn, "binder", False):
                return fn(lambda x, b=None: self(x, {**env, **(b or {})}), *e.args)
            return fn(*[self(a, env) for a in e.args])
        if isinstance(e, (Pr, E)):
            return self._probability(e, env)
        if isinstance(e, KL):
            return _kl(self(e.args[0], env), self(e.args[1], env))
        measure = measures.NUMERIC.get(type(e).__name__) if isinstance(e, sp.Function) else None
        if measure is not None:
            return measure(*[self(a, env) for a in e.args])
        if isinstance(e, sp.Sum):
            return self._sum(e.function, list(e.limits), env)
        if isinstance(e, sp.Piecewise):
            for expr, cond in e.args:
                if bool(np.all(self(cond, env))):
                    return self(expr, env)
            raise NoValue("no branch of a Piecewise applies")
        if isinstance(e, sp.core.relational.Relational):
            return self._relation(e.rel_op, self(e.lhs, env), self(e.rhs, env))
        return self._arithmetic(e, [self(a, env) for a in e.args])

    def _probability(self, e, env):
        if self.space is None:
            raise NoValue("a probability needs a 'space'")
        if isinstance(e, E):
            return self.space.expect(self(e.args[0], env))
        given = self(e.args[1], env) if len(e.args) == 2 else None
        return self.space.prob(self(e.args[0], env), given)

    def _sum(self, f, limits, env):
        var, lo, hi = limits[0]
        total = 0.0
        for k in range(int(self(lo, env)), int(self(hi, env)) + 1):
            sub = {**env, var: k}
            total = total + (self(f, sub) if len(limits) == 1 else self._sum(f, limits[1:], sub))
        return total

    @staticmethod
    def _relation(op, a, b):
        return {"==": np.equal, "<=": np.less_equal, "<": np.less, ">=": np.greater_equal,
                ">": np.greater, "!=": np.not_equal}[op](a, b)

    @staticmethod
    def _arithmetic(e, args):
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if isinstance(e, sp.Add):
                return sum(args[1:], args[0])
            if isinstance(e, sp.Mul):
                return math.prod(args[1:], start=args[0])
            if isinstance(e, sp.Pow):
                return np.power(np.asarray(args[0], dtype=float), args[1])
            if isinstance(e, (sp.Min, sp.Max)):
                return (np.minimum if isinstance(e, sp.Min) else np.maximum).reduce(np.broadcast_arrays(*args))
            if isinstance(e, sp.binomial):
                return float(math.comb(int(args[0]), int(args[1]))) if 0 <= args[1] <= args[0] else 0.0
            if isinstance(e, sp.And):
                return np.logical_and.reduce(np.broadcast_arrays(*args))
            if isinstance(e, sp.Or):
                return np.logical_or.reduce(np.broadcast_arrays(*args))
            if isinstance(e, sp.Not):
                return np.logical_not(args[0])
            fn = _FUNCS.get(type(e))
        if fn is None:
            raise NoValue(f"no numeric meaning for {type(e).__name__}")
        with np.errstate(divide="ignore", invalid="ignore"):
            return fn(*args)


def _holds(rel, lhs, rhs) -> bool:
    """Does `lhs REL rhs` hold (up to RTOL)? Arrays (random variables) must hold at every outcome."""
    a, b = np.broadcast_arrays(np.asarray(lhs, dtype=float), np.asarray(rhs, dtype=float))
    if np.isnan(a).any() or np.isnan(b).any():
        return False
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(a) & np.isfinite(b)
        tol = np.where(finite, RTOL * np.maximum(1.0, np.maximum(np.abs(a), np.abs(b))), 0.0)
        diff = np.where(finite, a - b, 0.0)
        op = rel.rel_op
        exact = _Evaluator._relation(op, a, b)
        close = {"==": np.abs(diff) <= tol, "<=": diff <= tol, "<": diff < tol, ">=": diff >= -tol,
                 ">": diff > -tol, "!=": np.abs(diff) > tol}[op]
    return bool(np.all(np.where(finite, close, exact)))


# ------------------------------------------------------------------------------ checking


_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def spot_check(premise) -> SpotCheckResult:
    r"""Run a premise's spot check (cached per premise object).

    Parameters
    ----------
    premise : Premise
        A cited premise. Its `spot_check` is a `SpotCheck`, a string saying why it has
        none, or None (then a statement between plain real symbols is sampled directly).

    Returns
    -------
    SpotCheckResult
        'ok', 'failed' (with the first failing instance and both sides' values) or 'none'.

    Examples
    --------
    >>> import sympy as sp
    >>> from bounds.proof import Premise
    >>> x = sp.Symbol("x", real=True)
    >>> spot_check(Premise("sq", "squares", sp.Ge(x**2, 2 * x - 1), "algebra")).status
    'ok'
    """
    key = (sp.srepr(premise.statement), tuple(sp.srepr(h) for h in premise.hypotheses if isinstance(h, sp.Basic)))
    hit = _CACHE.get(premise)
    if hit is not None and hit[0] == key:
        return hit[1]
    t0 = time.perf_counter()
    out = _run(premise)
    out.seconds = time.perf_counter() - t0
    _CACHE[premise] = (key, out)
    return out


def _run(premise) -> SpotCheckResult:
    sc = getattr(premise, "spot_check", None)
    if premise.statement is None:
        return SpotCheckResult(premise.id, "none", 0, "a finite model: where a step computes with it, the checker "
                               "verifies that its probabilities are nonnegative and sum to 1")
    if isinstance(sc, str):
        return SpotCheckResult(premise.id, "none", 0, sc)
    if sc is None:
        if not _plain_real(premise):
            return SpotCheckResult(premise.id, "none", 0, "no spot check declared")
        sc = SpotCheck(_real_sampler(premise), trials=60, what="random real values satisfying the hypotheses")
        return _sample(premise, sc, hypotheses_select=True)
    return _sample(premise, sc, hypotheses_select=False)


def _sample(premise, sc: SpotCheck, hypotheses_select: bool) -> SpotCheckResult:
    rng = np.random.default_rng(sc.seed)
    hyps = [h for h in premise.hypotheses if isinstance(h, sp.Basic) and not isinstance(h, sp.Derivative)]
    checked = attempts = 0
    while checked < sc.trials and attempts < 20 * sc.trials:
        attempts += 1
        inst = sc.draw(rng)
        if inst is None:
            continue
        ev = _Evaluator(inst)
        bad = _violated_hypothesis(ev, hyps, premise)
        if bad is not None:
            if hypotheses_select:
                continue
            return SpotCheckResult(premise.id, "failed", checked, f"the instance violates the hypothesis {sp.sstr(bad)}: "
                                   f"the sampler or the hypothesis is wrong ({_show(inst)})", instance=inst)
        try:
            lhs, rhs = ev(premise.statement.lhs), ev(premise.statement.rhs)
        except NoValue as exc:
            return SpotCheckResult(premise.id, "failed", checked, f"the instance gives no value to {exc}", instance=inst)
        checked += 1
        if not _holds(premise.statement, lhs, rhs):
            return SpotCheckResult(
                premise.id, "failed", checked,
                f"fails on instance {checked}: left-hand side {float(lhs):.10g}, right-hand side {float(rhs):.10g} "
                f"({sp.sstr(premise.statement)} at {_show(inst)})", instance=inst)
    if checked < max(5, sc.trials // 4):
        return SpotCheckResult(premise.id, "failed", checked, f"only {checked} instances could be drawn in {attempts} attempts")
    what = f" ({sc.what})" if sc.what else ""
    return SpotCheckResult(premise.id, "ok", checked, f"{checked} instances{what}: the statement holds on each")


def _violated_hypothesis(ev, hyps, premise):
    """The first relational hypothesis the instance violates (those it gives no value to are skipped)."""
    quantified = set(premise.domain)
    for h in hyps:
        if quantified & h.free_symbols:
            continue
        try:
            parts = h.args if isinstance(h, sp.And) else (h,)
            for part in parts:
                if not isinstance(part, sp.core.relational.Relational):
                    continue
                if not _holds(part, ev(part.lhs), ev(part.rhs)):
                    return part
        except NoValue:
            continue
    return None


def _show(inst) -> str:
    parts = []
    for k, v in inst.items():
        if k == "space" or callable(v) and not isinstance(v, np.ndarray):
            continue
        name = getattr(k, "__name__", None) or sp.sstr(k)
        val = np.array2string(np.asarray(v), precision=4, threshold=12) if isinstance(v, np.ndarray) else f"{v:.6g}" if isinstance(v, float) else repr(v)
        parts.append(f"{name}={val}")
    return ", ".join(parts)


def _plain_real(premise) -> bool:
    items = [premise.statement] + [h for h in premise.hypotheses if isinstance(h, sp.Basic)]
    for it in items:
        for a in atoms_of(it):
            if not isinstance(a, sp.Symbol) or isinstance(a, Quantity) or is_opaque_atom(a) or not a.is_real:
                return False
        if it.atoms(sp.core.function.AppliedUndef) or it.has(sp.Sum, sp.Indexed):
            return False
    return True


def _real_sampler(premise):
    names = sorted(set().union(*[it.free_symbols for it in [premise.statement] + list(premise.hypotheses)
                                 if isinstance(it, sp.Basic)]), key=str)

    def draw(rng):
        out = {}
        for s in names:
            u = rng.random()
            if s.is_integer:
                v = float(rng.integers(-5, 40))
            elif u < 0.5:
                v = float(rng.random())
            elif u < 0.6:
                v = float(rng.choice([0.0, 0.5, 1.0]))
            else:
                v = float(rng.choice([-1, 1]) * np.exp(rng.uniform(-5, 5)))
            if s.is_nonnegative:
                v = abs(v)
            out[s] = v
        return out

    return draw
