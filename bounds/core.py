r"""The `Bound` object: one inequality of the model and everything that makes it trustworthy.

A bound is a relation

$$\text{subject} \;\mathrm{REL}\; f(\text{other symbols}),\qquad \mathrm{REL}\in\{\le, \ge, =\},$$

between vocabulary symbols (`bounds.vocabulary`). For a *sufficient* bound the subject is
typically the failure probability `delta` and REL is $\le$ (the failure probability is at
most $f$); for a *necessary* bound the subject is typically `n` and REL is $\ge$ (any
learner of the kind the bound covers needs at least $f$ labels); an *exact* bound has REL $=$.

A `Bound` offers vectorized evaluation (`b(**params)`) by a numerically stable kernel,
`b.solve(name, **others)` for any of its symbols, its sympy relation (built on first use:
numbers never need sympy), LaTeX and a Jupyter repr. Optional inputs (`alpha`, `s`,
`q_hard`, `K_dec`) take their vocabulary defaults; `bits` may replace `K` anywhere.

Examples
--------
>>> import bounds
>>> b = bounds.bound("duel.chernoff")
>>> b.inputs
('n', 'd', 'eps', 'alpha', 's', 'q_hard')
>>> round(b(n=100, d=0.1, eps=0.2), 6)
0.13262
>>> round(b.solve("n", d=0.1, eps=0.2, delta=0.05), 3)
148.284
"""
from __future__ import annotations

import difflib
import hashlib
import math
import numbers
import warnings
from typing import Callable

import numpy as np

from .errors import NoSolutionWarning, ParameterTypeError, ParameterValueError, SolutionOverflowWarning, UnknownNameError
from .quantities import Point
from .validation import short
from .vocabulary import ORDER, PARAMETERS, SYMBOLS, parameter, validate

__all__ = [
    "Bound",
    "NoSolutionWarning",
    "SolutionOverflowWarning",
    "bound",
    "catalog",
    "register",
]

DIRECTIONS = ("necessary", "sufficient", "exact")
_OPS = {"<=": "Le", ">=": "Ge", "==": "Eq"}
_OP_TEXT = {"<=": "<=", ">=": ">=", "==": "="}

_REGISTRY: dict[str, "Bound"] = {}

#: Largest finite double: answers beyond it overflow (`SolutionOverflowWarning`).
FLOAT_MAX = float(np.finfo(float).max)


#: Inputs larger than twice this many points are evaluated block by block (`_blockwise`).
BLOCK = 1 << 14


def _blockwise(fn, arrays: dict):
    """`fn(Point(arrays))` as a float array, computed in blocks of `BLOCK` points.

    The kernels are chains of numpy ufuncs, each of which makes a temporary array; on a
    block the temporaries stay in the CPU cache instead of going through main memory,
    which makes large evaluations 1.5-2x faster with identical results (every kernel is
    element-wise)."""
    shape = np.broadcast_shapes(*(np.shape(v) for v in arrays.values())) if arrays else ()
    size = math.prod(shape)
    if size <= 2 * BLOCK:
        return np.asarray(fn(Point(arrays)), dtype=float)
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
        out[block] = np.broadcast_to(fn(Point({k: (v[block] if v.ndim else v) for k, v in flat.items()})),
                                     (min(BLOCK, size - start),))
    return out.reshape(shape)


def _as_output(x, scalar: bool):
    x = np.asarray(x, dtype=float)
    x = x + 0.0  # no -0.0 in results
    return float(x) if scalar else x


def _strip(expr):
    """The main branch of an expression: first branch of every Piecewise, drop top-level Min(1, .), Max(0, .)."""
    import sympy as sp

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


def _is_huge_int(v) -> bool:
    """A Python integer (or list of them) beyond the range of a float."""
    if isinstance(v, numbers.Integral) and not isinstance(v, (bool, np.bool_)):
        return abs(int(v)) > FLOAT_MAX
    if isinstance(v, (list, tuple)) and v and all(isinstance(x, numbers.Integral) and not isinstance(x, bool) for x in v):
        return any(abs(int(x)) > FLOAT_MAX for x in v)
    return False


def _int_log2(v):
    if isinstance(v, (list, tuple)):
        return [_int_log2(x) for x in v]
    if int(v) < 2:
        raise ParameterValueError(f"K={short(v)} is outside its domain [2, inf)")
    return math.log2(int(v))


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
    expr : sympy.Expr or callable
        The right-hand side in vocabulary symbols, or a function of no arguments that
        builds it (so that `import bounds` does not import sympy).
    direction : {'necessary', 'sufficient', 'exact'}
        What the bound says: a limit a kind of learner cannot beat, a guarantee, or the exact value.
    citation : str
        The paper(s): authors, year, title, theorem or equation.
    inputs : tuple of str
        The vocabulary symbols of the right-hand side, in vocabulary order (optional ones
        included: they take their defaults when not given).
    monotone : dict
        For each input, +1 if the expression increases with it, -1 if it decreases, None
        if it is not monotone. Used by `solve` and checked by tests.
    kernel : callable
        `kernel(point)`: the value, vectorized; `point` is a `bounds.quantities.Point`
        (validated arrays plus derived quantities on demand).
    log_kernel : callable, optional
        The natural log of the value (for probabilities down to $10^{-300}$ and below).
    covers : str
        Whom the bound speaks of: which learners (passive or adaptive queries, or the
        generic objective) and which class.
    assumptions : tuple of str
        The model assumptions under which the bound holds, in words.
    conditions : str
        Validity conditions in words (e.g. where the expression is vacuous).
    no_solution : str or callable
        Why `solve` may find no solution: a sentence, or `f(point) -> str` giving the
        reason at one point (scalars), so that the warning is true where it is raised.
    derivation : str, optional
        Id of the derivation that proves it (default: `id`).
    witness : object, optional
        The witness that checks it: a `bounds.witness_ref.WitnessRef` (what the catalogue's
        bounds hold), a `bounds.witness.Witness`, or a witness's name.
    description : str
        One line on how the value arises.
    baseline : callable, optional
        The same formula in plain numpy, as a user would write it (for `bench/`).
    check_point : callable, optional
        `check_point(point, where)`: joint domain checks beyond the vocabulary (integer
        $n$, $K_{\mathrm{dec}} \le K - 1$, ...); raises ValueError.
    solver : callable, optional
        `solver(bound, name, target, rest, rtol) -> (x, infeasible) or None`: a solve
        strategy for some unknowns (exact bounds search integers); None falls back to
        the generic one.

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
        expr,
        *,
        direction: str,
        citation: str,
        inputs: tuple,
        monotone: dict,
        kernel: Callable,
        log_kernel: Callable | None = None,
        covers: str = "",
        assumptions: tuple = (),
        conditions: str = "",
        no_solution="",
        derivation: str | None = None,
        witness=None,
        description: str = "",
        baseline: Callable | None = None,
        check_point: Callable | None = None,
        solver: Callable | None = None,
    ):
        if relation not in _OPS:
            raise ParameterValueError(f"relation={relation!r} must be one of {sorted(_OPS)}")
        if direction not in DIRECTIONS:
            raise ParameterValueError(f"direction={direction!r} must be one of {DIRECTIONS}")
        parameter(subject)
        unknown = [n for n in inputs if n not in ORDER]
        if unknown:
            raise ParameterValueError(f"{id}: inputs outside the vocabulary: {unknown}")
        if list(inputs) != [n for n in ORDER if n in inputs]:
            raise ParameterValueError(f"{id}: inputs must be listed in vocabulary order {ORDER}")
        missing = set(inputs) - set(monotone)
        if missing:
            raise ParameterValueError(f"{id}: monotone= must declare every input symbol; missing {sorted(missing)}")
        self.id = id
        self.title = title
        self.subject = subject
        self.relation_op = relation
        self._expr_src = expr
        self._expr = None
        self.direction = direction
        self.citation = citation
        self.covers = covers
        self.derivation = derivation or id
        self.assumptions = tuple(assumptions)
        self.conditions = conditions
        self.no_solution = no_solution
        self.witness = witness
        self.description = description
        self.baseline = baseline
        self.inputs = tuple(inputs)
        self.symbols = tuple(n for n in ORDER if n in inputs or n == subject)
        self.monotone = dict(monotone)
        self.kernel = kernel
        self.log_kernel = log_kernel
        self.check_point = check_point
        self.solver = solver
        self._closed_forms: dict[str, list] = {}
        self._cf_funcs: dict[str, list] = {}
        self.use_closed_forms = True

    # ------------------------------------------------------------------ symbolic
    @property
    def expr(self):
        """The right-hand side as a sympy expression (built on first use)."""
        if self._expr is None:
            src = self._expr_src
            self._expr = src() if callable(src) and not hasattr(src, "free_symbols") else src
        return self._expr

    @property
    def relation(self):
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
        import sympy as sp

        return getattr(sp, _OPS[self.relation_op])(SYMBOLS[self.subject], self.expr, evaluate=False)

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
        import sympy as sp

        names = {SYMBOLS[k]: PARAMETERS[k].latex for k in self.symbols}
        return sp.latex(self.relation, symbol_names=names)

    def _repr_latex_(self) -> str:
        return f"$\\displaystyle {self.latex()}$ &nbsp; ({self.direction}; {self.citation})"

    def __repr__(self) -> str:
        return (f"<Bound {self.id}: {self.subject} {self.relation_op} f({', '.join(self.inputs)}) "
                f"— {self.direction}; {self.citation}>")

    #: What `replace` may change: kernels and descriptive texts. The relation (`expr`, `subject`,
    #: `relation`, `inputs`) cannot be replaced: it is what the derivation proves.
    REPLACEABLE = ("id", "kernel", "log_kernel", "numeric", "log_numeric", "title", "citation", "description",
                   "conditions", "no_solution", "witness", "covers", "baseline", "solver")

    def replace(self, **changes) -> "Bound":
        r"""An uncatalogued copy with some attributes replaced — e.g. a negative control with another kernel.

        Used to test the checks that tie a bound's numbers to its proof (a copy whose kernel
        is deliberately wrong must be rejected by `bounds.proof.kernel_agreement`) and to build
        negative controls for the witnesses.

        Parameters
        ----------
        **changes
            New values for attributes in `Bound.REPLACEABLE`. `kernel=`/`log_kernel=` take a
            function of a `bounds.quantities.Point`; `numeric=`/`log_numeric=` a function of
            the inputs as keywords (`K` or `bits` as given). A new kernel without a new log
            kernel takes the log of the new kernel.

        Returns
        -------
        Bound
            The copy (not registered; sympy's closed forms are not reused for a new kernel).

        Raises
        ------
        TypeError
            For an attribute that cannot be replaced (the relation).

        Examples
        --------
        >>> import bounds
        >>> b = bounds.bound("duel.hoeffding")
        >>> half = b.replace(id="half", kernel=lambda p: b.kernel(p) / 2)
        >>> round(half(n=10, d=1.0, eps=0.1) / b(n=10, d=1.0, eps=0.1), 12)
        0.5
        >>> b.replace(expr=0)
        Traceback (most recent call last):
        ...
        bounds.errors.ParameterTypeError: duel.hoeffding: cannot replace expr (the relation is what the derivation proves); replaceable: id, kernel, log_kernel, numeric, log_numeric, title, citation, description, conditions, no_solution, witness, covers, baseline, solver
        """
        bad = sorted(set(changes) - set(self.REPLACEABLE))
        if bad:
            raise ParameterTypeError(f"{self.id}: cannot replace {', '.join(bad)} (the relation is what the derivation proves); "
                            f"replaceable: {', '.join(self.REPLACEABLE)}")
        changes = dict(changes)
        for alias, name in (("numeric", "kernel"), ("log_numeric", "log_kernel")):
            if alias in changes:
                changes[name] = _keyword_kernel(changes.pop(alias), self.inputs)
        args = dict(
            id=self.id, title=self.title, subject=self.subject, relation=self.relation_op, expr=self._expr_src,
            direction=self.direction, citation=self.citation, inputs=self.inputs, monotone=self.monotone,
            kernel=self.kernel, log_kernel=self.log_kernel, covers=self.covers, assumptions=self.assumptions,
            conditions=self.conditions, no_solution=self.no_solution, derivation=self.derivation,
            witness=self.witness, description=self.description, baseline=self.baseline,
            check_point=self.check_point, solver=self.solver,
        )
        if "kernel" in changes and "log_kernel" not in changes:
            args["log_kernel"] = None
        args.update(changes)
        new = Bound(**args)
        if self._expr is not None:
            new._expr = self._expr
        new.use_closed_forms = "kernel" not in changes and "log_kernel" not in changes and self.use_closed_forms
        if new.use_closed_forms:
            new._closed_forms, new._cf_funcs = self._closed_forms, self._cf_funcs
        return new

    # ------------------------------------------------------------------ inputs
    def _check_names(self, given: dict, required: tuple, what: str):
        for name in given:
            if not isinstance(name, str):
                raise ParameterTypeError(f"{self.id}: parameter names must be strings, got {short(name)}")
        if "bits" in given:
            if "K" not in self.symbols:
                raise ParameterTypeError(f"{self.id}: unexpected parameter 'bits' (this bound has no K; it takes {', '.join(self.symbols)})")
            if "K" in given:
                raise ParameterTypeError(f"{self.id}: give K or bits = log2 K, not both")
        unknown = set(given) - set(self.symbols) - ({"bits"} if "K" in self.symbols else set())
        if unknown:
            name = sorted(unknown)[0]
            hint = difflib.get_close_matches(name, self.symbols, n=1)
            extra = f"; did you mean {hint[0]!r}?" if hint else ""
            raise ParameterTypeError(
                f"{self.id}: unexpected parameter {name!r}{extra} (this bound takes {', '.join(self.symbols)})"
            )
        if self.subject in given and self.subject not in required:
            raise ParameterTypeError(
                f"{self.id}: {self.subject} is what this bound computes ({self.subject} {self.relation_op} "
                f"f({', '.join(self.inputs)})); do not pass it to evaluate. To find the value of another "
                f"symbol at which the bound reaches a given {self.subject}, use .solve(name, {self.subject}=...)"
            )
        have = set(given) | ({"K"} if "bits" in given else set())
        missing = [n for n in required if n not in have and not PARAMETERS[n].optional]
        if missing:
            raise ParameterTypeError(f"{self.id}: {what} needs {', '.join(missing)} (got {', '.join(given) or 'nothing'})")

    def prepare(self, params: dict, *, what: str = "evaluation", required=None) -> Point:
        r"""Validate parameters as `evaluate` does and return them as a `Point` (no evaluation).

        Checks names, types and domains (naming the parameter, the value and the domain in
        any error), converts a huge integer `K` to `bits`, broadcasts, fills the defaults
        of optional inputs and runs the bound's joint checks.

        Parameters
        ----------
        params : dict
            Parameter values by name.
        what : str
            Used in error messages.
        required : tuple of str, optional
            Names that must be present (default: the inputs).

        Returns
        -------
        bounds.quantities.Point
            The validated arrays.

        Examples
        --------
        >>> import bounds
        >>> p = bounds.bound("race.union_chernoff").prepare({"n": 10, "K": 2**2000, "d": 0.1, "eps": 0.1})
        >>> float(p["bits"]), float(p["alpha"])
        (2000.0, 0.0)
        """
        params = dict(params)
        if "K" in params and "bits" in params:
            raise ParameterTypeError(f"{self.id}: give K or bits = log2 K, not both")
        if "K" in params and _is_huge_int(params["K"]):
            params["bits"] = _int_log2(params.pop("K"))
        self._check_names(params, self.inputs if required is None else required, what)
        arrays = validate(self.id, **params)
        point = Point(arrays)
        for name in self.inputs:
            if name not in point and PARAMETERS[name].optional:
                point[name] = np.asarray(PARAMETERS[name].default, dtype=float)
        if "K_dec" in self.inputs and ("K" in point or "bits" in point):
            _check_K_dec(point, self.id)
        if self.check_point is not None:
            self.check_point(point, self.id)
        return point

    # ------------------------------------------------------------------ numeric
    def _kernel_value(self, point):
        return self.kernel(point)

    def _log_kernel_value(self, point):
        if self.log_kernel is not None:
            return self.log_kernel(point)
        with np.errstate(divide="ignore"):
            return np.log(self.kernel(point))

    def evaluate(self, **params):
        r"""Evaluate the right-hand side with numpy broadcasting (same as calling the bound).

        Parameters
        ----------
        **params
            Every input (optional ones may be left out), as numbers or arrays; `bits` may
            replace `K`.

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
        result is identical to a single call.

        Examples
        --------
        >>> import bounds
        >>> b = bounds.bound("duel.hoeffding")
        >>> b.evaluate(n=[10, 1000], d=1.0, eps=0.1).round(6).tolist()
        [0.040762, 0.0]
        """
        point = self.prepare(params)
        return self._evaluate_point(point)

    __call__ = evaluate

    def _evaluate_point(self, point, log=False):
        scalar = all(np.ndim(v) == 0 for v in point.values())
        with np.errstate(all="ignore"):
            out = _blockwise(self._log_kernel_value if log else self._kernel_value, dict(point))
        shape = np.broadcast_shapes(*(np.shape(v) for v in point.values())) if point else ()
        if out.shape != shape:
            out = np.broadcast_to(out, shape)
        if np.isnan(out).any():
            where = np.flatnonzero(np.isnan(np.ravel(out)))[0]
            at = {k: float(np.ravel(np.broadcast_to(v, shape))[where]) for k, v in point.items()}
            raise FloatingPointError(f"{self.id}: numeric evaluation produced nan at {at} (please report this)")
        return _as_output(out, scalar)

    def log_evaluate(self, **params):
        r"""Natural log of the bound's value, computed without underflow where possible.

        Parameters
        ----------
        **params
            Every input, as for `evaluate`.

        Returns
        -------
        float or numpy.ndarray
            $\ln f$.

        Examples
        --------
        >>> import bounds
        >>> b = bounds.bound("duel.chernoff")
        >>> round(b.log_evaluate(n=1e6, d=0.1, eps=0.2))
        -20203
        """
        point = self.prepare(params)
        return self._evaluate_point(point, log=True)

    def _log_value(self, arrays):
        with np.errstate(all="ignore"):
            return _blockwise(self._log_kernel_value, arrays)

    # ------------------------------------------------------------------ solving
    def _closed_form_key(self, name: str) -> str:
        import sympy as sp

        core = _strip(self.expr)
        digest = hashlib.sha1(f"{sp.srepr(core)}|{self.subject}|{name}".encode()).hexdigest()[:16]
        return f"{self.id}|{name}|{digest}"

    def closed_forms(self, name: str, *, use_cache: bool = True) -> list:
        r"""Closed-form solutions of `subject = expr` for `name` that sympy finds (cached).

        sympy's `solve` takes seconds, so its answers are stored in
        `bounds/_closed_forms.py`, keyed by a hash of the expression; a test checks that
        store is current (regenerate it with `python -m bounds.core`). Whatever the
        source, `solve` verifies every closed-form result numerically, point by point,
        by bracketing: the bound must reach the target at the result times $(1 \pm$ `rtol`$)$
        on the right sides.

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
        >>> [sol] = bounds.bound("duel.hoeffding").closed_forms("n")   # -2 log(delta) / (d (2 q_dec - 1))^2
        >>> sorted(str(s) for s in sol.free_symbols)
        ['alpha', 'd', 'delta', 'eps', 'q_hard', 's']
        """
        import sympy as sp

        from . import measures

        if use_cache and name in self._closed_forms:
            return self._closed_forms[name]
        if self.monotone.get(name) not in (1, -1):
            return []  # solve refuses non-monotone unknowns
        key = self._closed_form_key(name)
        if use_cache:
            from . import _closed_forms as store

            if key in store.SOLUTIONS:
                local = {**{k: SYMBOLS[k] for k in PARAMETERS}, **measures.symbolic_classes()}
                sols = [sp.sympify(text, locals=local) for text in store.SOLUTIONS[key]]
                self._closed_forms[name] = sols
                return sols
            if key in getattr(store, "GIVEN_UP", ()):
                self._closed_forms[name] = []
                return []
        sols = []
        target = SYMBOLS[name]
        core = _strip(self.expr)
        fn_classes = tuple(measures.symbolic_classes().values())
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
            import sympy as sp

            from . import measures

            args = [SYMBOLS[k] for k in self.symbols if k != name]
            self._cf_funcs[name] = [
                sp.lambdify(args, sol, modules=[measures.NUMERIC, "numpy", "scipy"])
                for sol in self.closed_forms(name)
            ]
        return self._cf_funcs[name]

    def solve(self, name: str, *, rtol: float = 1e-12, method: str = "auto", **given):
        r"""Solve the bound for any one of its symbols, vectorized over the others.

        Returns the boundary of the set of values of `name` for which the bound
        certifies the target: with $f$ the right-hand side and $t$ the given value of the
        subject, the set $\{x : f(x) \le t\}$. If $f$ decreases in `name` (e.g. more
        labels) that set is $[x^*, \infty)$ and $x^*$ is the *smallest* value that
        suffices (for a sufficient bound) or that is needed (for a necessary bound); if
        $f$ increases (e.g. more rater error) it is $[0, x^*]$ and $x^*$ is the
        *largest* value tolerated. The result always lies in the unknown's domain (where
        every value works up to an open end, the last float inside is returned).

        A closed form found by sympy is tried first (by default for inputs of more than 64
        points, so that a scalar solve never imports sympy) and verified point by point by
        bracketing; elsewhere a bracketed bisection in a transformed coordinate (log for
        $[0,\infty)$, logit for bounded domains) runs until the answer is known to relative
        tolerance `rtol`.

        Parameters
        ----------
        name : str
            The unknown: one of `symbols`, or `bits` for a bound with `K`. If it is the
            subject, this is evaluation.
        rtol : float
            Relative tolerance of the answer, in $[10^{-15}, 1)$.
        method : {'auto', 'closed_form', 'bisection'}
            `'closed_form'` tries sympy's closed forms at any size, `'bisection'` never.
        **given
            Values (numbers or arrays) of every other symbol, including the subject.

        Returns
        -------
        float or numpy.ndarray
            $x^*$. Where no value in the domain works, `inf` if the domain of `name` is
            unbounded above (no finite value suffices) and `nan` otherwise; a
            `NoSolutionWarning` says where and why. Where the answer exists but exceeds
            the largest double, `inf` with a `SolutionOverflowWarning`.

        Raises
        ------
        TypeError, ValueError
            For missing, unknown or out-of-domain parameters.

        Examples
        --------
        >>> import bounds
        >>> b = bounds.bound("race.union_chernoff")
        >>> round(b.solve("n", K=2**20, d=0.1, eps=0.2, delta=0.05))
        834
        >>> import warnings
        >>> with warnings.catch_warnings(record=True) as w:
        ...     warnings.simplefilter("always")
        ...     b.solve("n", K=2**20, d=0.1, eps=0.5, delta=0.05)
        inf
        >>> "no finite n" in str(w[0].message)
        True
        """
        if not isinstance(name, str):
            raise ParameterTypeError(f"{self.id}: the unknown must be a name (str), got {short(name)}")
        unknown_key = name
        if name == "bits" and "K" in self.symbols:
            unknown_key = "K"
        elif name not in self.symbols:
            raise ParameterTypeError(f"{self.id}: cannot solve for {name!r}; this bound's symbols are {', '.join(self.symbols)}")
        if name == self.subject:
            return self.evaluate(**given)
        if not (isinstance(rtol, (int, float)) and not isinstance(rtol, bool) and 1e-15 <= rtol < 1):
            raise ParameterValueError(f"rtol={short(rtol)} is outside its domain [1e-15, 1)")
        if method not in ("auto", "closed_form", "bisection"):
            raise ParameterValueError(f"method={short(method)} is not one of 'auto', 'closed_form', 'bisection'")
        clash = [k for k in ((name,) if unknown_key != "K" else ("K", "bits")) if k in given]
        if clash:
            k = clash[0]
            raise ParameterTypeError(f"{self.id}: {name} is the unknown being solved for; do not also give it "
                            f"(got {k}={short(given[k])})")
        required = tuple(s for s in self.symbols if s != unknown_key)
        point = self.prepare(given, what=f"solving for {name}", required=required)
        scalar = all(np.ndim(v) == 0 for v in point.values())
        shape = np.broadcast_shapes(*(np.shape(v) for v in point.values()))
        size = math.prod(shape)
        flat = {k: np.ravel(np.broadcast_to(v, shape)).astype(float) for k, v in point.items()}
        target = flat.pop(self.subject)
        with np.errstate(all="ignore"):
            x, status = self.solve_points(name, target, flat, rtol, method=method)
        self._warn(name, x, status, target, flat, size)
        return _as_output(x.reshape(shape), scalar)

    def _warn(self, name, x, status, target, rest, size):
        for code, category in ((1, NoSolutionWarning), (2, SolutionOverflowWarning), (3, NoSolutionWarning)):
            bad = status == code
            if not bad.any():
                continue
            i = int(np.flatnonzero(bad)[0])
            at = {k: float(v[i]) for k, v in rest.items()}
            k = int(bad.sum())
            where = f"({k} of {size} point{'s' if size > 1 else ''}; e.g. at {_fmt_point(at)})"
            if code == 1:
                dom = PARAMETERS[name].domain
                what = f"no finite {name}" if dom.high == math.inf else f"no {name} in {dom}"
                reason = self.no_solution(at) if callable(self.no_solution) else self.no_solution
                msg = (f"{self.id}: {what} makes the bound reach {self.subject}={float(target[i]):.4g} {where}; "
                       f"returned {'inf' if dom.high == math.inf else 'nan'} there. {reason}").rstrip()
            elif code == 3:
                msg = (f"{self.id}: the smallest {name} that reaches {self.subject}={float(target[i]):.4g} was not "
                       f"determined {where}; returned nan there. Without a margin the failure probability is not "
                       f"monotone in {name} and no value on the search grid reached the target.")
            else:
                msg = (f"{self.id}: the {name} that reaches {self.subject}={float(target[i]):.4g} exceeds the "
                       f"largest float {where}; returned inf there"
                       + (". Solve for bits = log2 K to get it as a number." if name == "K" else "."))
            warnings.warn(msg, category, stacklevel=3)

    # -- machinery
    def _fvals(self, name, x, rest):
        """log f at x (arrays), for comparisons against the target.

        `rest` may be a `Point`: its derived quantities that do not depend on `name` are
        reused (computed once per solve, not once per step)."""
        if isinstance(rest, Point) and np.size(x) <= 2 * BLOCK:
            point = rest.with_value(name, x)
            with np.errstate(all="ignore"):
                return np.asarray(self._log_kernel_value(point), dtype=float)
        arrays = dict(rest)
        arrays[name] = x
        return self._log_value(arrays)

    def _feasible(self, name, x, rest, log_target):
        lf = self._fvals(name, x, rest)
        # a few ulps of slack for the rounding of exp and log (a target equal to evaluate(x) is
        # reached at x); none at a target of 0 (log -inf), where it would be nan
        slack = np.where(np.isfinite(log_target), 1e-15 * np.maximum(1.0, np.abs(log_target)), 0.0)
        return lf <= log_target + slack

    def solve_points(self, name, target, rest, rtol, method="auto"):
        r"""The solve strategy: flat arrays in, `(x, status)` out (0 ok, 1 none, 2 overflow, 3 not determined).

        Bounds with a `solver` (exact bounds search integers) use it for the unknowns it
        handles; otherwise closed forms (for more than 64 points) and bisection.

        Parameters
        ----------
        name : str
            The unknown.
        target : numpy.ndarray
            The subject's values (1-d).
        rest : dict of numpy.ndarray
            The other inputs, 1-d arrays of the same length (or length 1).
        rtol : float
            Relative tolerance.
        method : {'auto', 'closed_form', 'bisection'}
            As for `solve`.

        Returns
        -------
        x, status : numpy.ndarray
            The solutions and per-point status codes.
        """
        if self.solver is not None:
            got = self.solver(self, name, target, rest, rtol)
            if got is not None:
                return got
        return self._solve_generic(name, target, rest, rtol, method)

    def _solve_generic(self, name, target, rest, rtol, method="auto"):
        size = target.size
        rest = {k: np.broadcast_to(v, (size,)) if v.size == 1 else v for k, v in rest.items()}
        with np.errstate(all="ignore"):
            log_target = np.log(target)
        key = "K" if name == "bits" else name
        dom = PARAMETERS[name].domain
        s = self.monotone.get(key)
        if s not in (1, -1):
            raise NotImplementedError(
                f"{self.id}: solving for {name} needs a bound monotone in {name}, and this one is not "
                f"({self.conditions})"
            )
        x = np.full(size, np.nan)
        done = np.zeros(size, bool)
        use_cf = method == "closed_form" or (method == "auto" and size > 64)
        if use_cf and self.use_closed_forms and name != "bits":
            x, done = self._try_closed_forms(name, target, rest, log_target, dom, s, rtol)
        status = np.zeros(size, np.int8)
        todo = ~done
        if todo.any():
            idx = np.nonzero(todo)[0]
            sub = {k: v[idx] for k, v in rest.items()}
            xs, st = self._bisect(name, log_target[idx], sub, dom, s, rtol)
            x[idx] = xs
            status[idx] = st
        return x, status

    def _try_closed_forms(self, name, target, rest, log_target, dom, s, rtol):
        size = target.size
        x = np.full(size, np.nan)
        done = np.zeros(size, bool)
        try:
            fns = self._closed_form_functions(name)
        except Exception:  # pragma: no cover - no sympy solution machinery for this bound
            return x, done
        for fn in fns:
            if done.all():
                break
            try:
                cand = np.asarray(fn(*(rest[k] if k != self.subject else target for k in self.symbols if k != name)),
                                  dtype=float)
            except Exception:  # pragma: no cover - a candidate that does not evaluate is skipped
                continue
            cand = np.broadcast_to(cand, (size,)).astype(float)
            ok = (~done) & np.isfinite(cand) & dom.contains(cand) & (cand > 0)
            if ok.any():
                # bracket: on the feasible side of cand (1 +- rtol) the bound reaches the target,
                # on the other side it does not, so the true boundary is within rtol of cand
                up, down = cand * (1 + rtol), cand * (1 - rtol)
                feas_side, infeas_side = (up, down) if s == -1 else (down, up)
                ok &= dom.contains(feas_side) & self._feasible(name, feas_side, rest, log_target)
                inside = dom.contains(infeas_side)
                ok &= ~inside | ~self._feasible(name, np.where(inside, infeas_side, cand), rest, log_target)
                x = np.where(ok, cand, x)
                done |= ok
        return x, done

    def _bisect(self, name, log_target, rest, dom, s, rtol):
        m = log_target.size
        lo, hi = dom.low, dom.high
        low_closed = dom.low_closed
        if name in ("K", "bits") and "K_dec" in rest:
            # K_dec deceptive policies need K >= K_dec + 1
            kmin = np.asarray(rest["K_dec"], float) + 1.0
            lo = np.maximum(lo, kmin if name == "K" else np.log2(kmin))
            low_closed = True
        lo = np.broadcast_to(np.asarray(lo, float), (m,))
        if hi == math.inf:
            def x_of(t):
                return lo_arr + np.exp(t)
            t_lo, t_hi = -745.2, math.log(FLOAT_MAX) - 1e-9
            hi_pt = np.full(m, FLOAT_MAX)
        else:
            span = hi - lo

            def x_of(t):
                return lo_arr + span_arr / (1.0 + np.exp(-t))
            t_lo, t_hi = -745.2, 40.0
            hi_pt = np.full(m, hi if dom.high_closed else np.nextafter(hi, dom.low))
        lo_pt = lo.copy() if low_closed else np.nextafter(lo, hi)
        feas_lo = self._feasible(name, lo_pt, rest, log_target)
        feas_hi = self._feasible(name, hi_pt, rest, log_target)
        out = np.full(m, np.nan)
        status = np.zeros(m, np.int8)
        if s == -1:  # feasible set [x*, hi]
            all_ok = feas_lo
            none_ok = ~feas_hi & ~all_ok
            out[all_ok] = lo_pt[all_ok]
        else:  # feasible set [lo, x*]
            all_ok = feas_hi
            none_ok = ~feas_lo & ~all_ok
            out[all_ok] = hi_pt[all_ok]
        if hi == math.inf:
            # beyond the largest double: the limit x -> inf decides between "none" and "overflow"
            at_inf = self._feasible(name, np.full(m, math.inf), rest, log_target)
            if s == -1:
                over = none_ok & at_inf
                status[over] = 2
                status[none_ok & ~at_inf] = 1
            else:
                status[none_ok] = 1
                out[all_ok & at_inf] = math.inf
                over = all_ok & ~at_inf
                status[over] = 2
                out[over] = math.inf
            out[none_ok] = math.inf
        else:
            status[none_ok] = 1
        work = ~(all_ok | none_ok)
        if work.any():
            idx = np.nonzero(work)[0]
            lo_arr = lo[idx]
            span_arr = (hi - lo[idx]) if hi != math.inf else None
            sub = Point({k: v[idx] for k, v in rest.items() if k in PARAMETERS})
            out[idx] = self._bisect_core(name, log_target[idx], sub, x_of, t_lo, t_hi, s, rtol, lo_pt[idx], hi_pt[idx])
        return out, status

    def _bisect_core(self, name, lt, sub, x_of, t_lo, t_hi, s, rtol, lo_pt, hi_pt):
        """A bracketing root finder: in the coordinate t to a coarse bracket, then in x itself.

        Both phases keep a feasible and an infeasible end. Phase 1 bisects in t while the
        bracket spans more than a factor e^2 (g = log f - log target is far from linear there),
        then takes Illinois steps (regula falsi with the stale end's value halved) down to a
        relative width of 1e-3; phase 2 does the same in x, where a step that would land
        within rtol of an end is moved rtol/2 inside, so the bracket closes to rtol in a few
        steps. Every third step is a bisection: the bracket at least halves every three steps
        whatever g looks like."""
        slack = np.where(np.isfinite(lt), 1e-15 * np.maximum(1.0, np.abs(lt)), 0.0)

        def g_of(x):
            with np.errstate(all="ignore"):
                return self._fvals(name, x, sub) - lt - slack

        m = lt.size
        tf = np.full(m, t_hi if s == -1 else t_lo)
        ti = np.full(m, t_lo if s == -1 else t_hi)
        gf, gi = np.full(m, -np.inf), np.full(m, np.inf)
        tf, ti, gf, gi = _illinois(g_of, x_of, tf, ti, gf, gi, 1e-3, phase="t")
        xf = np.clip(x_of(tf), lo_pt, hi_pt)
        xi = np.clip(x_of(ti), lo_pt, hi_pt)
        xf, xi, _, _ = _illinois(g_of, lambda x: x, xf, xi, gf, gi, rtol, phase="x")
        return xf

    # ------------------------------------------------------------------ docs
    def info(self) -> str:
        r"""A plain-text summary: relation, direction, whom it covers, assumptions, citation.

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
        import sympy as sp

        lines = [
            f"{self.id} — {self.title} ({self.direction})",
            f"  {sp.sstr(self.relation)}",
            f"  symbols: {', '.join(self.symbols)}",
        ]
        if self.covers:
            lines.append(f"  covers: {self.covers}")
        if self.description:
            lines.append(f"  {self.description}")
        for a in self.assumptions:
            lines.append(f"  assumes: {a}")
        if self.conditions:
            lines.append(f"  conditions: {self.conditions}")
        lines.append(f"  source: {self.citation}")
        lines.append(f"  derivation: {self.derivation}")
        return "\n".join(lines)


def _illinois(g_of, x_of, tf, ti, gf, gi, rtol, phase):
    """Bracketing iterations on g (feasible where g <= 0) in coordinate u (x = x_of(u)).

    `tf`, `ti`: the feasible and infeasible ends (arrays); `gf`, `gi`: g there (inf/-inf when
    unknown). Regula falsi with the Illinois modification; a step that would land within
    rtol/4 of an end (in x) is moved rtol/2 inside, so a one-sided approach still closes the
    bracket; where the bracket has not halved in three steps the next step bisects. Stops
    where |x(tf) - x(ti)| <= rtol max(|x|), or where u cannot resolve the bracket further."""
    side = np.zeros(tf.size, np.int8)  # which end moved last: +1 feasible, -1 infeasible
    width3 = [np.abs(tf - ti)] * 3
    for it in range(400):
        xf, xi = x_of(tf), x_of(ti)
        scale = np.maximum(np.abs(xf), np.abs(xi))
        open_ = np.abs(xf - xi) > rtol * scale
        mid = tf + 0.5 * (ti - tf)
        open_ &= (mid != tf) & (mid != ti)
        if not open_.any():
            break
        with np.errstate(all="ignore"):
            sec = tf - gf * (ti - tf) / (gi - gf)
            # the step in u that moves x by rtol/2 (x_of is monotone; its slope from the bracket)
            du = 0.5 * rtol * scale * np.abs(ti - tf) / np.maximum(np.abs(xi - xf), 1e-300)
        toward = np.sign(ti - tf)
        sec = np.where(np.abs(sec - tf) < 0.5 * du, tf + toward * du, sec)
        sec = np.where(np.abs(sec - ti) < 0.5 * du, ti - toward * du, sec)
        lo_u, hi_u = np.minimum(tf, ti), np.maximum(tf, ti)
        ok_sec = np.isfinite(gf) & np.isfinite(gi) & (gi > gf) & (sec > lo_u) & (sec < hi_u)
        if phase == "t":
            ok_sec &= np.abs(tf - ti) < 2.0  # g is far from linear across a factor beyond e^2
        stalled = np.abs(tf - ti) > 0.5 * width3[0]
        u = np.where(ok_sec & ~stalled, sec, mid)
        u = np.where(open_, u, tf)
        g = g_of(x_of(u))
        feas = g <= 0
        move_f, move_i = open_ & feas, open_ & ~feas
        gi = np.where(move_f & (side == 1) & np.isfinite(gi), gi / 2, gi)
        gf = np.where(move_i & (side == -1) & np.isfinite(gf), gf / 2, gf)
        tf, gf = np.where(move_f, u, tf), np.where(move_f, g, gf)
        ti, gi = np.where(move_i, u, ti), np.where(move_i, g, gi)
        side = np.where(move_f, 1, np.where(move_i, -1, side)).astype(np.int8)
        width3 = width3[1:] + [np.where(stalled, np.abs(tf - ti), width3[0])]
    return tf, ti, gf, gi


def _keyword_kernel(fn, inputs):
    """A Point kernel from a function of the inputs as keywords (`bits` passed where given)."""

    def kernel(p):
        kw = {}
        for k in inputs:
            if k == "K" and "K" not in p and "bits" in p:
                kw["bits"] = p["bits"]
            else:
                kw[k] = p[k]
        return fn(**kw)

    return kernel


def _fmt_point(at: dict) -> str:
    return ", ".join(f"{k}={v:.6g}" for k, v in at.items())


def _check_K_dec(point, where):
    """K_dec deceptive policies among the K - 1 unaligned ones."""
    kd = np.asarray(point["K_dec"], float)
    if "bits" in point:
        with np.errstate(over="ignore"):
            K = np.exp2(np.asarray(point["bits"], float))
    else:
        K = np.asarray(point["K"], float)
    bad = kd > K - 1
    if np.any(bad):
        b = np.broadcast_arrays(kd, K, bad)
        i = np.flatnonzero(np.ravel(b[2]))[0]
        raise ParameterValueError(
            f"K_dec={float(np.ravel(b[0])[i]):g} in {where} exceeds the number of unaligned policies "
            f"K - 1 = {float(np.ravel(b[1])[i]) - 1:g} (K_dec: number of deceptive policies among them)"
        )


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
    bounds.errors.ParameterValueError: a bound with id 'duel.hoeffding' is already registered
    """
    if b.id in _REGISTRY:
        raise ParameterValueError(f"a bound with id {b.id!r} is already registered")
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
        raise ParameterValueError(f"direction={short(direction)} must be None or one of {DIRECTIONS}")
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
    TypeError
        If `id` is not a string.
    KeyError
        If there is no such bound; the message suggests close ids.

    Examples
    --------
    >>> import bounds
    >>> bounds.bound("fano.capacty")
    Traceback (most recent call last):
    ...
    bounds.errors.UnknownNameError: no bound 'fano.capacty'; did you mean 'fano.capacity'? (bounds.catalog() lists them all)
    """
    if not isinstance(id, str):
        raise ParameterTypeError(f"a bound id is a string such as 'duel.chernoff', got {type(id).__name__} {short(id)}")
    try:
        return _REGISTRY[id]
    except KeyError:
        hint = difflib.get_close_matches(id, list(_REGISTRY), n=1)
        extra = f"; did you mean {hint[0]!r}?" if hint else ""
        raise UnknownNameError(f"no bound {short(id)}{extra} (bounds.catalog() lists them all)") from None


def regenerate_closed_forms(path=None, timeout: int = 30) -> dict:
    r"""Recompute every bound's closed-form solutions with sympy and write `bounds/_closed_forms.py`.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        Where to write (default: the package's `_closed_forms.py`).
    timeout : int
        Seconds sympy may spend on one (bound, unknown) pair; beyond, the pair is left to
        bisection (Unix only: uses SIGALRM).

    Returns
    -------
    dict
        The stored solutions, `{"<id>|<symbol>|<hash>": [sympy string, ...]}`.
    """
    import pathlib

    import sympy as sp

    import signal

    def give_up(signum, frame):
        raise TimeoutError

    out = {}
    given_up = []
    for b in catalog():
        for name in b.inputs:
            if b.monotone.get(name) not in (1, -1):
                continue  # solve refuses non-monotone unknowns
            old = signal.signal(signal.SIGALRM, give_up)
            signal.alarm(timeout)
            try:
                sols = b.closed_forms(name, use_cache=False)
            except TimeoutError:
                sols = []
                b._closed_forms[name] = []
                given_up.append(b._closed_form_key(name))
                print(f"{b.id}: sympy.solve for {name} took over {timeout} s; left to bisection")
            finally:
                signal.alarm(0)
                signal.signal(signal.SIGALRM, old)
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
    lines.append("")
    lines.append(f"#: Pairs on which sympy.solve ran out of time ({timeout} s each): solved by bisection.")
    lines.append("GIVEN_UP = [")
    for k in sorted(given_up):
        lines.append(f"    {k!r},")
    lines.append("]")
    path.write_text("\n".join(lines) + "\n")
    return out


if __name__ == "__main__":  # pragma: no cover
    import bounds.core  # the package's own copy of this module holds the catalogue

    got = bounds.core.regenerate_closed_forms()
    print(f"stored {sum(len(v) for v in got.values())} closed forms for {len(got)} (bound, symbol) pairs")
