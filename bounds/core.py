r"""The `Bound` object: one inequality of the model and everything that makes it trustworthy.

A bound is a relation

$$\text{subject} \;\mathrm{REL}\; f(\text{other symbols}),\qquad \mathrm{REL}\in\{\le, \ge, =\},$$

between vocabulary symbols (`bounds.vocabulary`). For a *sufficient* bound the subject is
typically the failure probability `delta` and REL is $\le$ (the failure probability is at
most $f$); for a *necessary* bound the subject is typically `n` and REL is $\ge$ (any
learner needs at least $f$ labels); an *exact* bound has REL $=$.

From the one sympy expression a `Bound` offers vectorized evaluation (`b(**params)`),
`b.solve(name, **others)` for any of its symbols, LaTeX and a Jupyter repr.

Examples
--------
>>> import bounds
>>> b = bounds.bound("duel.chernoff")
>>> b.symbols
('n', 'd', 'eps', 'alpha', 'delta')
>>> round(b(n=100, d=0.1, eps=0.2, alpha=0.0), 6)
0.13262
>>> round(b.solve("n", d=0.1, eps=0.2, alpha=0.0, delta=0.05), 3)
148.28
"""
from __future__ import annotations

import copy
import difflib
import hashlib
import math
import warnings
from dataclasses import dataclass
from typing import Callable

import numpy as np
import sympy as sp
from scipy import special

from . import measures
from .vocabulary import ORDER, PARAMETERS, SYMBOLS, parameter, validate

__all__ = [
    "Bound",
    "NoSolutionWarning",
    "bound",
    "catalog",
    "register",
]

DIRECTIONS = ("necessary", "sufficient", "exact")
_OPS = {"<=": sp.Le, ">=": sp.Ge, "==": sp.Eq}

_REGISTRY: dict[str, "Bound"] = {}
_SYMPY_LOCALS = {**{name: sym for name, sym in SYMBOLS.items()},
                 **{c: getattr(measures, c) for c in measures.NUMERIC}}


class NoSolutionWarning(UserWarning):
    r"""Warned when `Bound.solve` finds no value of the unknown in its domain.

    The returned value is then `inf` (for an unknown with no upper end, such as `n`:
    "no finite number of labels suffices") or `nan` (for an unknown with a finite
    domain), and the warning says for how many points and why.

    Examples
    --------
    >>> import warnings, bounds
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     n = bounds.bound("duel.chernoff").solve("n", d=0.5, eps=0.5, alpha=0.0, delta=0.1)
    >>> n, w[0].category.__name__
    (inf, 'NoSolutionWarning')
    """


#: Inputs larger than twice this many points are evaluated block by block (`_blockwise`).
BLOCK = 1 << 14


def _blockwise(fn, arrays: dict):
    """`fn(**arrays)` as a float array, computed in blocks of `BLOCK` points over the broadcast shape.

    The kernels are chains of numpy ufuncs, each of which makes a temporary array; on a
    block the temporaries stay in the CPU cache instead of going through main memory,
    which makes large evaluations 1.5-2x faster with identical results (every kernel is
    element-wise)."""
    shape = np.broadcast_shapes(*(np.shape(v) for v in arrays.values())) if arrays else ()
    size = math.prod(shape)
    if size <= 2 * BLOCK:
        return np.asarray(fn(**arrays), dtype=float)
    flat = {}
    for k, v in arrays.items():
        v = np.asarray(v)
        if v.ndim == 0 or not any(v.strides):  # a constant, possibly broadcast to the shape
            flat[k] = np.asarray(v.flat[0])
        else:
            flat[k] = np.broadcast_to(v, shape).reshape(-1)
    out = np.empty(size)
    for start in range(0, size, BLOCK):
        block = slice(start, start + BLOCK)
        out[block] = fn(**{k: (v[block] if v.ndim else v) for k, v in flat.items()})
    return out.reshape(shape)


def _as_output(x, scalar: bool):
    x = np.asarray(x, dtype=float)
    return float(x) if scalar else x


def _strip(expr):
    """The main branch of an expression: first branch of every Piecewise, drop top-level Min(1, .), Max(0, .)."""
    expr = expr.replace(lambda e: isinstance(e, sp.Piecewise), lambda e: e.args[0].expr)
    changed = True
    while changed:
        changed = False
        if isinstance(expr, sp.Piecewise):
            expr = expr.args[0].expr
            changed = True
        elif isinstance(expr, (sp.Min, sp.Max)):
            nonconst = [a for a in expr.args if a.free_symbols]
            if len(nonconst) == 1:
                expr = nonconst[0]
                changed = True
    return expr


class Bound:
    r"""One bound of the catalogue.

    Parameters
    ----------
    id : str
        Dotted identifier, e.g. `"race.union_chernoff"`.
    title : str
        Short human-readable name.
    subject : str
        The vocabulary symbol the bound is about (usually `"delta"` or `"n"`).
    relation : {'<=', '>=', '=='}
        How the subject relates to the expression.
    expr : sympy.Expr
        The right-hand side, in vocabulary symbols.
    direction : {'necessary', 'sufficient', 'exact'}
        What the bound says: a limit no learner can beat, a guarantee, or the exact value.
    citation : str
        Where the bound comes from.
    derivation : str
        Identifier of the derivation that proves it (`derivations/<id>.py`).
    monotone : dict
        For each symbol of the expression, +1 if the expression increases with it, -1 if
        it decreases, None if it is not monotone. Used by `solve` and checked by tests.
    assumptions : tuple of str
        The model assumptions under which the bound holds, in words.
    conditions : str
        Validity conditions in words (e.g. where the expression is vacuous).
    numeric : callable, optional
        Stable vectorized numeric form `numeric(**arrays)`; default: `sympy.lambdify` of
        `expr` with the stable kernels of `bounds.measures`.
    log_numeric : callable, optional
        Log of the expression, for probability-valued bounds (used by `solve` so that
        targets down to 1e-300 are handled).
    no_solution : str
        Sentence explaining why `solve` may find no solution (shown in the warning).
    witness : str, optional
        Name of the exact routine or simulator that witnesses the bound.

    Examples
    --------
    >>> import bounds
    >>> b = bounds.bound("fano.capacity")
    >>> b.direction
    'necessary'
    >>> print(b.latex())
    n \geq ...
    """

    def __init__(
        self,
        id: str,
        title: str,
        subject: str,
        relation: str,
        expr: sp.Expr,
        *,
        direction: str,
        citation: str,
        derivation: str | None = None,
        monotone: dict,
        assumptions: tuple = (),
        conditions: str = "",
        numeric: Callable | None = None,
        log_numeric: Callable | None = None,
        no_solution: str = "",
        witness: str | None = None,
        description: str = "",
    ):
        if relation not in _OPS:
            raise ValueError(f"relation={relation!r} must be one of {sorted(_OPS)}")
        if direction not in DIRECTIONS:
            raise ValueError(f"direction={direction!r} must be one of {DIRECTIONS}")
        parameter(subject)
        self.id = id
        self.title = title
        self.subject = subject
        self.relation_op = relation
        self.expr = expr
        self.direction = direction
        self.citation = citation
        self.derivation = derivation or id
        self.assumptions = tuple(assumptions)
        self.conditions = conditions
        self.no_solution = no_solution
        self.witness = witness
        self.description = description
        names = {s.name for s in expr.free_symbols}
        unknown = names - set(SYMBOLS)
        if unknown:
            raise ValueError(f"{id}: expression uses symbols outside the vocabulary: {unknown}")
        self.inputs = tuple(n for n in ORDER if n in names and n != subject)
        self.symbols = tuple(n for n in ORDER if n in names or n == subject)
        missing = set(self.inputs) - set(monotone)
        if missing:
            raise ValueError(f"{id}: monotone= must declare every input symbol; missing {missing}")
        self.monotone = dict(monotone)
        if numeric is None:
            numeric = sp.lambdify(
                [SYMBOLS[n] for n in self.inputs], expr,
                modules=[measures.NUMERIC, "numpy", "scipy"],
            )
            fn = numeric
            numeric = lambda **kw: fn(*(kw[n] for n in self.inputs))  # noqa: E731
        self._numeric = numeric
        self._log_numeric = log_numeric
        self._closed_forms: dict[str, list] = {}
        self._cf_funcs: dict[str, list] = {}

    #: What `replace` may change: the kernels and the descriptive texts (not the relation).
    REPLACEABLE = ("numeric", "log_numeric", "title", "citation", "description", "conditions", "no_solution", "witness")

    def replace(self, **changes) -> "Bound":
        r"""An uncatalogued copy with some attributes replaced, e.g. another numeric kernel.

        Used to test the checks that tie a bound's numbers to its proof: a copy whose
        kernel is deliberately wrong must be rejected by `bounds.proof.kernel_agreement`.
        The relation (`expr`, `subject`, `relation`) cannot be replaced: it is what the
        derivation proves.

        Parameters
        ----------
        **changes
            New values for attributes in `Bound.REPLACEABLE` (`numeric=` and
            `log_numeric=` take callables with the bound's inputs as keywords).

        Returns
        -------
        Bound
            The copy (same id, not in the catalogue).

        Raises
        ------
        TypeError
            For an attribute that cannot be replaced.

        Examples
        --------
        >>> import bounds
        >>> b = bounds.bound("duel.hoeffding")
        >>> half = b.replace(numeric=lambda n, d, eps, alpha: b(n=n, d=d, eps=eps, alpha=alpha) / 2)
        >>> round(half(n=10, d=1.0, eps=0.1, alpha=0.0) / b(n=10, d=1.0, eps=0.1, alpha=0.0), 12)
        0.5
        >>> bounds.bound("duel.hoeffding") is b
        True
        """
        bad = sorted(set(changes) - set(self.REPLACEABLE))
        if bad:
            raise TypeError(f"{self.id}: cannot replace {', '.join(bad)}; replaceable: {', '.join(self.REPLACEABLE)}")
        new = copy.copy(self)
        for k, v in changes.items():
            setattr(new, {"numeric": "_numeric", "log_numeric": "_log_numeric"}.get(k, k), v)
        if "numeric" in changes and "log_numeric" not in changes:
            new._log_numeric = None  # the log then follows the new kernel
        new._closed_forms, new._cf_funcs = {}, {}
        return new

    # ------------------------------------------------------------------ symbolic
    @property
    def relation(self) -> sp.Rel:
        r"""The bound as a sympy relation, `subject REL expr`.

        Returns
        -------
        sympy.core.relational.Relational
            E.g. $\delta \le (1 - d(1-\mathrm{BC}))^n$.

        Examples
        --------
        >>> import bounds
        >>> bounds.bound("duel.hoeffding").relation.rel_op
        '<='
        """
        return _OPS[self.relation_op](SYMBOLS[self.subject], self.expr, evaluate=False)

    def latex(self) -> str:
        r"""LaTeX of the relation.

        Returns
        -------
        str
            The relation typeset by sympy (canonical, not textbook, term order).

        Examples
        --------
        >>> import bounds
        >>> bounds.bound("two_point.bretagnolle_huber").latex().startswith("\\delta \\geq")
        True
        """
        names = {SYMBOLS[k]: PARAMETERS[k].latex for k in self.symbols}
        return sp.latex(self.relation, symbol_names=names)

    def _repr_latex_(self) -> str:
        return f"$\\displaystyle {self.latex()}$ &nbsp; ({self.direction}; {self.citation})"

    def __repr__(self) -> str:
        return f"<Bound {self.id}: {self.subject} {self.relation_op} f({', '.join(self.inputs)}) — {self.direction}; {self.citation}>"

    # ------------------------------------------------------------------ numeric
    def _check_names(self, given: dict, required: tuple, what: str):
        unknown = set(given) - set(self.symbols)
        if unknown:
            name = sorted(unknown)[0]
            hint = difflib.get_close_matches(name, self.symbols, n=1)
            extra = f"; did you mean {hint[0]!r}?" if hint else ""
            raise TypeError(
                f"{self.id}: unexpected parameter {name!r}{extra} (this bound takes {', '.join(self.symbols)})"
            )
        missing = [n for n in required if n not in given]
        if missing:
            raise TypeError(f"{self.id}: {what} needs {', '.join(missing)} (got {', '.join(given) or 'nothing'})")

    def _validate_extra(self, arrays: dict) -> None:
        """Hook for bound-specific domain checks beyond the vocabulary (e.g. integer n)."""

    def evaluate(self, **params):
        r"""Evaluate the right-hand side with numpy broadcasting (same as calling the bound).

        Parameters
        ----------
        **params
            Every symbol in `inputs`, as numbers or arrays.

        Returns
        -------
        float or numpy.ndarray
            The value of the bound on the subject.

        Raises
        ------
        TypeError
            For a missing or unknown parameter, or a value of the wrong type.
        ValueError
            For a value outside its domain (the message names it and the domain).

        Notes
        -----
        Inputs that broadcast to more than $2^{15}$ points are evaluated in blocks of
        `bounds.core.BLOCK` points, so that intermediate arrays stay in the CPU cache; the
        result is identical to a single call. At $10^6$ points a bound costs about as much
        as the same formula written in plain numpy (`docs/performance.md`).

        Examples
        --------
        >>> import bounds
        >>> b = bounds.bound("duel.hoeffding")
        >>> b.evaluate(n=[10, 1000], d=1.0, eps=0.1, alpha=0.0).round(6).tolist()
        [0.040762, 0.0]
        """
        self._check_names(params, self.inputs, "evaluation")
        arrays = validate(self.id, **params)
        self._validate_extra(arrays)
        scalar = all(np.ndim(v) == 0 for v in arrays.values())
        with np.errstate(all="ignore"):
            out = _blockwise(self._numeric, arrays)
        shape = np.broadcast_shapes(*(np.shape(v) for v in arrays.values())) if arrays else ()
        if out.shape != shape:
            out = np.broadcast_to(out, shape)
        if np.isnan(out).any():
            raise FloatingPointError(f"{self.id}: numeric evaluation produced nan (please report this)")
        return _as_output(out, scalar)

    __call__ = evaluate

    def log_evaluate(self, **params):
        r"""Natural log of the bound's value, computed without underflow where possible.

        Parameters
        ----------
        **params
            Every symbol in `inputs`.

        Returns
        -------
        float or numpy.ndarray
            $\ln f$.

        Examples
        --------
        >>> import bounds
        >>> b = bounds.bound("duel.chernoff")
        >>> round(b.log_evaluate(n=1e6, d=0.1, eps=0.2, alpha=0.0))
        -20203
        """
        self._check_names(params, self.inputs, "evaluation")
        arrays = validate(self.id, **params)
        self._validate_extra(arrays)
        scalar = all(np.ndim(v) == 0 for v in arrays.values())
        return _as_output(self._log_value(arrays), scalar)

    def _log_value(self, arrays):
        with np.errstate(all="ignore"):
            if self._log_numeric is not None:
                return _blockwise(self._log_numeric, arrays)
            return np.log(_blockwise(self._numeric, arrays))

    # ------------------------------------------------------------------ solving
    def _closed_form_key(self, name: str) -> str:
        core = _strip(self.expr)
        digest = hashlib.sha1(f"{sp.srepr(core)}|{self.subject}|{name}".encode()).hexdigest()[:16]
        return f"{self.id}|{name}|{digest}"

    def closed_forms(self, name: str, *, use_cache: bool = True) -> list:
        r"""Closed-form solutions of `subject = expr` for `name` that sympy finds (cached).

        sympy's `solve` takes seconds, so its answers are stored in
        `bounds/_closed_forms.py`, keyed by a hash of the expression; a test checks that
        store is current (regenerate it with `python -m bounds.core`). Whatever the
        source, `solve` verifies every closed-form result numerically, point by point.

        Parameters
        ----------
        name : str
            The unknown.
        use_cache : bool
            Use the stored solutions when the expression's hash matches.

        Returns
        -------
        list of sympy.Expr
            Candidate solutions of the main branch (possibly empty).

        Examples
        --------
        >>> import bounds
        >>> bounds.bound("duel.hoeffding").closed_forms("n")
        [-2*log(delta)/(d**2*((2*alpha - 2)*(eps - 1) - 1)**2)]
        """
        if use_cache and name in self._closed_forms:
            return self._closed_forms[name]
        key = self._closed_form_key(name)
        if use_cache:
            from . import _closed_forms as store

            if key in store.SOLUTIONS:
                sols = [sp.sympify(text, locals=_SYMPY_LOCALS) for text in store.SOLUTIONS[key]]
                self._closed_forms[name] = sols
                return sols
        sols = []
        target = SYMBOLS[name]
        core = _strip(self.expr)
        fn_classes = tuple(getattr(measures, c) for c in measures.NUMERIC)
        inside = any(target in f.free_symbols for f in core.atoms(*fn_classes)) or core.has(sp.Sum)
        if not inside:
            try:
                raw = sp.solve(sp.Eq(core, SYMBOLS[self.subject]), target, dict=False)
            except (NotImplementedError, ValueError, TypeError):
                raw = []
            for s in raw:
                if s.has(sp.I) or s.has(sp.zoo) or s.has(sp.nan) or s.has(sp.LambertW):
                    continue
                sols.append(s)
        self._closed_forms[name] = sols
        return sols

    def _closed_form_functions(self, name: str) -> list:
        if name not in self._cf_funcs:
            args = [SYMBOLS[k] for k in self.symbols if k != name]
            self._cf_funcs[name] = [
                sp.lambdify(args, sol, modules=[measures.NUMERIC, "numpy", "scipy"])
                for sol in self.closed_forms(name)
            ]
        return self._cf_funcs[name]

    def solve(self, name: str, *, rtol: float = 1e-12, **given):
        r"""Solve the bound for any one of its symbols, vectorized over the others.

        Returns the boundary of the set of values of `name` for which the bound
        certifies the target: with $f$ the right-hand side and $t$ the given value of the
        subject, the set $\{x : f(x) \le t\}$. If $f$ decreases in `name` (e.g. more
        labels) that set is $[x^*, \infty)$ and $x^*$ is the *smallest* value that
        suffices (for a sufficient bound) or that is needed (for a necessary bound); if
        $f$ increases (e.g. more rater error) it is $[0, x^*]$ and $x^*$ is the
        *largest* value tolerated.

        A closed form found by sympy is tried first and verified point by point;
        elsewhere a bracketed bisection in a transformed coordinate (log for
        $[0,\infty)$, logit for bounded domains) runs to relative tolerance `rtol`, so
        answers are accurate for $n$ up to $10^{300}$ and targets down to $10^{-300}$.

        Parameters
        ----------
        name : str
            The unknown: one of `symbols`. If it is the subject, this is evaluation.
        rtol : float
            Relative tolerance of the root finder.
        **given
            Values (numbers or arrays) of every other symbol, including the subject.

        Returns
        -------
        float or numpy.ndarray
            $x^*$. Where no value in the domain works, `inf` if the domain of `name` is
            unbounded above (no finite value suffices) and `nan` otherwise; a
            `NoSolutionWarning` says where and why.

        Raises
        ------
        TypeError, ValueError
            For missing, unknown or out-of-domain parameters.

        Examples
        --------
        >>> import bounds
        >>> b = bounds.bound("race.union_chernoff")
        >>> round(b.solve("n", K=2**20, d=0.1, eps=0.2, alpha=0.0, delta=0.05))
        834
        >>> import warnings
        >>> with warnings.catch_warnings(record=True) as w:
        ...     warnings.simplefilter("always")
        ...     b.solve("n", K=2**20, d=0.1, eps=0.5, alpha=0.0, delta=0.05)
        inf
        >>> "no finite n" in str(w[0].message)
        True
        """
        if name not in self.symbols:
            raise TypeError(f"{self.id}: cannot solve for {name!r}; this bound's symbols are {', '.join(self.symbols)}")
        if name == self.subject:
            return self.evaluate(**given)
        if not (isinstance(rtol, (int, float)) and 0 < rtol < 1):
            raise ValueError(f"rtol={rtol!r} is outside its domain (0, 1)")
        if name in given:
            raise TypeError(
                f"{self.id}: {name} is the unknown being solved for; do not also give it a value "
                f"(got {name}={given[name]!r})"
            )
        required = tuple(s for s in self.symbols if s != name)
        self._check_names(given, required, f"solving for {name}")
        given = {k: v for k, v in given.items()}
        arrays = validate(self.id, **given)
        self._validate_extra(arrays)
        scalar = all(np.ndim(v) == 0 for v in arrays.values())
        shape = np.broadcast(*arrays.values()).shape
        flat = {k: np.ravel(v).astype(float) for k, v in arrays.items()}
        target = flat.pop(self.subject)
        with np.errstate(all="ignore"):
            x, infeasible = self._solve_flat(name, target, flat, rtol)
        if np.any(infeasible):
            k = int(np.sum(infeasible))
            dom = PARAMETERS[name].domain
            what = f"no finite {name}" if dom.high == math.inf else f"no {name} in {dom}"
            warnings.warn(
                f"{self.id}: {what} makes the bound reach {self.subject}={float(target[infeasible][0]):.4g}"
                f" ({k} of {x.size} point{'s' if x.size > 1 else ''}); returned "
                f"{'inf' if dom.high == math.inf else 'nan'} there. {self.no_solution}".rstrip(),
                NoSolutionWarning,
                stacklevel=2,
            )
        return _as_output(x.reshape(shape), scalar)

    # -- machinery
    def _fvals(self, name, x, rest):
        """log f and f at x (arrays), for comparisons against the target."""
        arrays = dict(rest)
        arrays[name] = x
        return self._log_value(arrays)

    def _feasible(self, name, x, rest, log_target):
        lf = self._fvals(name, x, rest)
        # relative slack for rounding; none at a target of 0 (log -inf), where it would be nan
        slack = np.where(np.isfinite(log_target), 1e-13 * np.maximum(1.0, np.abs(log_target)), 0.0)
        return lf <= log_target + slack

    def _solve_flat(self, name, target, rest, rtol):
        size = target.size
        rest = {k: np.broadcast_to(v, (size,)) if v.size == 1 else v for k, v in rest.items()}
        with np.errstate(all="ignore"):
            log_target = np.log(target)
        dom = PARAMETERS[name].domain
        s = self.monotone.get(name)
        if s not in (1, -1):
            raise NotImplementedError(
                f"{self.id}: solving for {name} needs a bound monotone in {name}, and this one is not "
                f"({self.conditions})"
            )
        x = np.full(size, np.nan)
        done = np.zeros(size, bool)
        # fast path: closed forms, verified point by point
        for fn in self._closed_form_functions(name):
            if done.all():
                break
            try:
                cand = np.asarray(fn(*(rest[k] if k != self.subject else target for k in self.symbols if k != name)), dtype=float)
            except Exception:  # pragma: no cover - a candidate that does not evaluate is skipped
                continue
            cand = np.broadcast_to(cand, (size,)).astype(float)
            ok = (~done) & np.isfinite(cand) & dom.contains(cand)
            if ok.any():
                lf = self._fvals(name, cand, rest)
                close = np.abs(lf - log_target) <= 1e-9 * np.maximum(1.0, np.abs(log_target))
                ok &= close
                x = np.where(ok, cand, x)
                done |= ok
        # bisection in a transformed coordinate
        todo = ~done
        infeasible = np.zeros(size, bool)
        if todo.any():
            idx = np.nonzero(todo)[0]
            sub = {k: v[idx] for k, v in rest.items()}
            xs, inf_mask = self._bisect(name, log_target[idx], sub, dom, s, rtol)
            x[idx] = xs
            infeasible[idx] = inf_mask
        return x, infeasible

    def _bisect(self, name, log_target, rest, dom, s, rtol):
        m = log_target.size
        lo, hi = dom.low, dom.high
        if hi == math.inf:
            def x_of(t):
                return lo + np.exp(t)
            t_lo, t_hi = -745.0, 709.0
        else:
            span = hi - lo

            def x_of(t):
                return lo + span * special.expit(t)
            t_lo, t_hi = -745.0, 40.0
        lo_pt = np.full(m, lo if dom.low_closed else x_of(t_lo))
        hi_pt = np.full(m, hi if dom.high_closed else (x_of(t_hi) if hi == math.inf else np.nextafter(hi, lo)))
        feas_lo = self._feasible(name, lo_pt, rest, log_target)
        feas_hi = self._feasible(name, hi_pt, rest, log_target)
        out = np.full(m, np.nan)
        infeasible = np.zeros(m, bool)
        if s == -1:  # feasible set [x*, hi]
            all_ok = feas_lo
            none_ok = ~feas_hi
            out[all_ok] = lo_pt[all_ok]
            out[none_ok & ~all_ok] = math.inf if hi == math.inf else math.nan
        else:  # feasible set [lo, x*]
            all_ok = feas_hi
            none_ok = ~feas_lo
            out[all_ok] = hi if hi != math.inf else math.inf
            out[none_ok & ~all_ok] = math.nan
        infeasible = none_ok & ~all_ok
        work = ~(all_ok | none_ok)
        if work.any():
            idx = np.nonzero(work)[0]
            a = np.full(idx.size, t_lo)
            b = np.full(idx.size, t_hi)
            sub = {k: v[idx] for k, v in rest.items()}
            lt = log_target[idx]
            for _ in range(200):
                mid = 0.5 * (a + b)
                f_ok = self._feasible(name, x_of(mid), sub, lt)
                if s == -1:  # feasible on the right: keep b feasible
                    b = np.where(f_ok, mid, b)
                    a = np.where(f_ok, a, mid)
                else:  # feasible on the left: keep a feasible
                    a = np.where(f_ok, mid, a)
                    b = np.where(f_ok, b, mid)
                xa, xb = x_of(a), x_of(b)
                width = np.abs(xb - xa)
                scale = np.maximum(np.abs(xa), np.abs(xb))
                if np.all((width <= rtol * scale) | (b - a <= 1e-15 * np.maximum(1.0, np.abs(a)))):
                    break
            out[idx] = x_of(b) if s == -1 else x_of(a)
        return out, infeasible

    # ------------------------------------------------------------------ docs
    def info(self) -> str:
        r"""A plain-text summary: relation, direction, assumptions, citation.

        Returns
        -------
        str
            Several lines, for the REPL and the CLI.

        Examples
        --------
        >>> import bounds
        >>> print(bounds.bound("duel.hoeffding").info().splitlines()[0])
        duel.hoeffding — Hoeffding bound on losing the duel (sufficient)
        """
        lines = [
            f"{self.id} — {self.title} ({self.direction})",
            f"  {sp.sstr(self.relation)}",
            f"  symbols: {', '.join(self.symbols)}",
        ]
        if self.description:
            lines.append(f"  {self.description}")
        for a in self.assumptions:
            lines.append(f"  assumes: {a}")
        if self.conditions:
            lines.append(f"  conditions: {self.conditions}")
        lines.append(f"  source: {self.citation}")
        lines.append(f"  derivation: {self.derivation}")
        return "\n".join(lines)


def register(b: Bound) -> Bound:
    r"""Add a bound to the catalogue (ids are unique).

    Parameters
    ----------
    b : Bound
        The bound.

    Returns
    -------
    Bound
        The same bound, for use as `X = register(Bound(...))`.

    Raises
    ------
    ValueError
        If a bound with the same id is already registered.

    Examples
    --------
    >>> import bounds
    >>> register(bounds.bound("duel.hoeffding"))
    Traceback (most recent call last):
    ...
    ValueError: a bound with id 'duel.hoeffding' is already registered
    """
    if b.id in _REGISTRY:
        raise ValueError(f"a bound with id {b.id!r} is already registered")
    _REGISTRY[b.id] = b
    return b


def catalog(direction: str | None = None) -> list:
    r"""Every bound in the catalogue, optionally only one direction.

    Parameters
    ----------
    direction : {None, 'necessary', 'sufficient', 'exact'}
        Filter.

    Returns
    -------
    list of Bound
        Sorted by id.

    Examples
    --------
    >>> import bounds
    >>> [b.id for b in bounds.catalog("exact")]
    ['duel.exact', 'race.exact']
    """
    if direction is not None and direction not in DIRECTIONS:
        raise ValueError(f"direction={direction!r} must be None or one of {DIRECTIONS}")
    return [b for _, b in sorted(_REGISTRY.items()) if direction is None or b.direction == direction]


def bound(id: str) -> Bound:
    r"""Fetch a bound by id.

    Parameters
    ----------
    id : str
        E.g. `"fano.capacity_exact"`.

    Returns
    -------
    Bound
        The bound.

    Raises
    ------
    KeyError
        If there is no such bound; the message suggests close ids.

    Examples
    --------
    >>> import bounds
    >>> bounds.bound("fano.capacty")
    Traceback (most recent call last):
    ...
    KeyError: "no bound 'fano.capacty'; did you mean 'fano.capacity'? (bounds.catalog() lists them all)"
    """
    try:
        return _REGISTRY[id]
    except KeyError:
        hint = difflib.get_close_matches(str(id), list(_REGISTRY), n=1)
        extra = f"; did you mean {hint[0]!r}?" if hint else ""
        raise KeyError(f"no bound {id!r}{extra} (bounds.catalog() lists them all)") from None


def regenerate_closed_forms(path=None) -> dict:
    r"""Recompute every bound's closed-form solutions with sympy and write `bounds/_closed_forms.py`.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        Where to write (default: the package's `_closed_forms.py`).

    Returns
    -------
    dict
        The stored solutions, `{"<id>|<symbol>|<hash>": [sympy string, ...]}`.
    """
    import pathlib

    out = {}
    for b in catalog():
        for name in b.inputs:
            sols = b.closed_forms(name, use_cache=False)
            if sols:
                out[b._closed_form_key(name)] = [sp.sstr(s) for s in sols]
    path = pathlib.Path(path) if path else pathlib.Path(__file__).with_name("_closed_forms.py")
    lines = [
        '"""Closed forms found by sympy.solve, generated by `python -m bounds.core`. Do not edit."""',
        "",
        "SOLUTIONS = {",
    ]
    for k in sorted(out):
        lines.append(f"    {k!r}: {out[k]!r},")
    lines.append("}")
    path.write_text("\n".join(lines) + "\n")
    return out


if __name__ == "__main__":  # pragma: no cover
    import bounds.core  # the package's own copy of this module holds the catalogue

    got = bounds.core.regenerate_closed_forms()
    print(f"stored {sum(len(v) for v in got.values())} closed forms for {len(got)} (bound, symbol) pairs")
