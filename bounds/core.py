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

The catalogue itself (`register`, `catalog`, `bound`) lives in `bounds.registry` and the
solve strategies in `bounds.solving`; both are re-exported here.

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

import math
import warnings
from typing import Callable

import numpy as np

from ._evaluation import BLOCK, blockwise, check_K_dec, check_names, int_log2, is_huge_int, keyword_kernel
from ._symbolic_solve import (closed_form_key, lambdify_solutions, regenerate_closed_forms,  # noqa: F401
                              solve_symbolically, stored_solutions)
from .errors import NoSolutionWarning, ParameterTypeError, ParameterValueError, SolutionOverflowWarning
from .quantities import Point
from .registry import DIRECTIONS, bound, catalog, register  # noqa: F401  (bounds.core.bound and co. stay importable)
from .solving import FLOAT_MAX, NO_SOLUTION, OVERFLOW, UNDETERMINED, generic_solve  # noqa: F401  (FLOAT_MAX: idem)
from .validation import as_output, short
from .vocabulary import ORDER, PARAMETERS, SYMBOLS, parameter, validate

__all__ = [
    "Bound",
    "NoSolutionWarning",
    "SolutionOverflowWarning",
    "bound",
    "catalog",
    "register",
]

_OPS = {"<=": "Le", ">=": "Ge", "==": "Eq"}


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
    variants : dict, optional
        Other numeric kernels of the same relation, by name (e.g. a compiled kernel for
        large batches): `kernel`-like callables, each checked against the relation by the
        derivation checker as the kernel is.
    solver : callable, optional
        A solve strategy for some unknowns (`bounds.solving.SolveStrategy`):
        `solver(bound, name, target, rest, rtol) -> (x, status) or None`, on flat validated
        arrays, evaluating the bound with `log_value`; None for an unknown leaves it to the
        generic strategy (`bounds.solving.generic_solve`). The exact bounds search integers.

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
        variants: dict | None = None,
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
        if variants is not None and not (isinstance(variants, dict) and all(callable(k) for k in variants.values())):
            raise ParameterTypeError(f"{id}: variants={variants!r} must be a dict of kernels (name -> callable)")
        self.variants = dict(variants or {})
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
                   "conditions", "no_solution", "witness", "covers", "baseline", "solver", "variants")

    def replace(self, **changes) -> "Bound":
        r"""An uncatalogued copy with some attributes replaced — e.g. a negative control with another kernel.

        Used to test the checks that tie a bound's numbers to its proof (a copy whose kernel
        is deliberately wrong must be rejected by `bounds.proof.kernel_agreement`), to build
        negative controls for the witnesses, and to try another solve strategy (`solver=`,
        see `bounds.solving`) on the same relation.

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
        bounds.errors.ParameterTypeError: duel.hoeffding: cannot replace expr (the relation is what the derivation proves); replaceable: id, kernel, log_kernel, numeric, log_numeric, title, citation, description, conditions, no_solution, witness, covers, baseline, solver, variants
        """
        bad = sorted(set(changes) - set(self.REPLACEABLE))
        if bad:
            raise ParameterTypeError(f"{self.id}: cannot replace {', '.join(bad)} (the relation is what the derivation proves); "
                            f"replaceable: {', '.join(self.REPLACEABLE)}")
        changes = dict(changes)
        for alias, name in (("numeric", "kernel"), ("log_numeric", "log_kernel")):
            if alias in changes:
                changes[name] = keyword_kernel(changes.pop(alias), self.inputs)
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
        if "variants" in changes or ("kernel" not in changes and "log_kernel" not in changes):
            args["variants"] = changes.pop("variants", self.variants)
        args.update(changes)
        new = Bound(**args)
        if self._expr is not None:
            new._expr = self._expr
        new.use_closed_forms = "kernel" not in changes and "log_kernel" not in changes and self.use_closed_forms
        if new.use_closed_forms:
            new._closed_forms, new._cf_funcs = self._closed_forms, self._cf_funcs
        return new

    # ------------------------------------------------------------------ inputs
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
        if "K" in params and is_huge_int(params["K"]):
            params["bits"] = int_log2(params.pop("K"))
        check_names(self, params, self.inputs if required is None else required, what)
        arrays = validate(self.id, **params)
        point = Point(arrays)
        for name in self.inputs:
            if name not in point and PARAMETERS[name].optional:
                point[name] = np.asarray(PARAMETERS[name].default, dtype=float)
        if "K_dec" in self.inputs and ("K" in point or "bits" in point):
            check_K_dec(point, self.id)
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
        with np.errstate(all="ignore"):
            out = blockwise(self._log_kernel_value if log else self._kernel_value, dict(point))
        shape = np.broadcast_shapes(*(np.shape(v) for v in point.values())) if point else ()
        if out.shape != shape:
            out = np.broadcast_to(out, shape)
        if np.isnan(out).any():
            where = np.flatnonzero(np.isnan(np.ravel(out)))[0]
            at = {k: float(np.ravel(np.broadcast_to(v, shape))[where]) for k, v in point.items()}
            raise FloatingPointError(f"{self.id}: numeric evaluation produced nan at {at} (please report this)")
        return as_output(out)

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

    def log_value(self, point) -> np.ndarray:
        r"""$\ln f$ at inputs already validated, without checks: the primitive of solve strategies.

        `log_evaluate` validates its keywords and returns a Python float for scalars; a solve
        strategy (`bounds.solving`) evaluates the bound many times at arrays it has built
        from validated ones, and calls this instead.

        Parameters
        ----------
        point : bounds.quantities.Point or dict of numpy.ndarray
            Every input (optional ones included, `K` or `bits`) as float arrays that
            broadcast together, as `prepare` returns them. A `Point` of at most
            $2 \cdot$ `BLOCK` points is passed to the kernel as it is, so the derived
            quantities it caches are computed once; larger inputs are evaluated in blocks.

        Returns
        -------
        numpy.ndarray
            $\ln f$, of the broadcast shape of the inputs (nan is not checked for).

        Examples
        --------
        >>> import numpy as np
        >>> import bounds
        >>> b = bounds.bound("duel.hoeffding")
        >>> point = b.prepare({"n": [10, 20], "d": 1.0, "eps": 0.1})
        >>> np.round(b.log_value(point), 4).tolist()
        [-3.2, -6.4]
        """
        shape = np.broadcast_shapes(*(np.shape(v) for v in point.values())) if point else ()
        with np.errstate(all="ignore"):
            if isinstance(point, Point) and math.prod(shape) <= 2 * BLOCK:
                out = np.asarray(self._log_kernel_value(point), dtype=float)
            else:
                out = blockwise(self._log_kernel_value, dict(point))
        return out if out.shape == shape else np.broadcast_to(out, shape)

    # ------------------------------------------------------------------ closed forms
    def closed_form_key(self, name: str) -> str:
        r"""The key of the stored closed forms for `name`: id, unknown and a hash of the expression.

        Parameters
        ----------
        name : str
            The unknown.

        Returns
        -------
        str
            `"<id>|<name>|<hash>"`; the hash changes with the main branch of the expression.

        Examples
        --------
        >>> import bounds
        >>> bounds.bound("duel.hoeffding").closed_form_key("n")
        'duel.hoeffding|n|...'
        """
        return closed_form_key(self.id, self.expr, self.subject, name)

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
        if use_cache and name in self._closed_forms:
            return self._closed_forms[name]
        if self.monotone.get(name) not in (1, -1):
            return []  # solve refuses non-monotone unknowns
        sols = stored_solutions(self.closed_form_key(name)) if use_cache else None
        if sols is None:
            sols = solve_symbolically(self.expr, self.subject, name)
        self._closed_forms[name] = sols
        return sols

    def closed_form_functions(self, name: str) -> list:
        r"""The closed forms for `name` as numpy functions (built once, then cached).

        Parameters
        ----------
        name : str
            The unknown.

        Returns
        -------
        list of callable
            One function per solution of `closed_forms(name)`, taking the bound's other
            symbols (subject included) positionally, in the order of `symbols`.

        Examples
        --------
        >>> import bounds
        >>> b = bounds.bound("duel.hoeffding")
        >>> b.symbols
        ('n', 'd', 'eps', 'alpha', 's', 'q_hard', 'delta')
        >>> [f] = b.closed_form_functions("n")
        >>> round(float(f(1.0, 0.1, 0.0, 0.0, 0.0, 0.01)), 3)
        14.391
        """
        if name not in self._cf_funcs:
            self._cf_funcs[name] = lambdify_solutions(self.symbols, name, self.closed_forms(name))
        return self._cf_funcs[name]

    # ------------------------------------------------------------------ solving

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

        The bound's solve strategy finds the answer (`solve_points`): its own `solver` for
        the unknowns it handles (the exact bounds search integers), otherwise the generic
        one (`bounds.solving.generic_solve`). That tries a closed form found by sympy first
        (by default for inputs of more than 64 points, so that a scalar solve never imports
        sympy), verified point by point by bracketing; elsewhere a bracketed root finder in
        a transformed coordinate (log for $[0,\infty)$, logit for bounded domains) runs until
        the answer is known to relative tolerance `rtol`.

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
        shape = np.broadcast_shapes(*(np.shape(v) for v in point.values()))
        size = math.prod(shape)
        flat = {k: np.ravel(np.broadcast_to(v, shape)).astype(float) for k, v in point.items()}
        target = flat.pop(self.subject)
        with np.errstate(all="ignore"):
            x, status = self.solve_points(name, target, flat, rtol, method=method)
        self._warn(name, x, status, target, flat, size)
        return as_output(x.reshape(shape))


    def _warn(self, name, x, status, target, rest, size):
        for code, category in ((NO_SOLUTION, NoSolutionWarning), (OVERFLOW, SolutionOverflowWarning),
                               (UNDETERMINED, NoSolutionWarning)):
            bad = status == code
            if not bad.any():
                continue
            i = int(np.flatnonzero(bad)[0])
            at = {k: float(v[i]) for k, v in rest.items()}
            k = int(bad.sum())
            where = f"({k} of {size} point{'s' if size > 1 else ''}; e.g. at {_fmt_point(at)})"
            if code == NO_SOLUTION:
                dom = PARAMETERS[name].domain
                what = f"no finite {name}" if dom.high == math.inf else f"no {name} in {dom}"
                reason = self.no_solution(at) if callable(self.no_solution) else self.no_solution
                msg = (f"{self.id}: {what} makes the bound reach {self.subject}={float(target[i]):.4g} {where}; "
                       f"returned {'inf' if dom.high == math.inf else 'nan'} there. {reason}").rstrip()
            elif code == UNDETERMINED:
                msg = (f"{self.id}: the smallest {name} that reaches {self.subject}={float(target[i]):.4g} was not "
                       f"determined {where}; returned nan there. Without a margin the failure probability is not "
                       f"monotone in {name} and no value on the search grid reached the target.")
            else:
                msg = (f"{self.id}: the {name} that reaches {self.subject}={float(target[i]):.4g} exceeds the "
                       f"largest float {where}; returned inf there"
                       + (". Solve for bits = log2 K to get it as a number." if name == "K" else "."))
            warnings.warn(msg, category, stacklevel=3)

    def solve_points(self, name, target, rest, rtol, method="auto"):
        r"""The solve strategy on flat arrays: the bound's `solver` where it answers, else the generic one.

        `solve` validates and flattens its inputs, calls this, and turns the status codes
        into warnings. A solve strategy may call it on another bound, e.g. for a bracket.

        Parameters
        ----------
        name : str
            The unknown.
        target : numpy.ndarray
            The subject's values (1-d).
        rest : dict of numpy.ndarray
            The other inputs, validated: 1-d arrays of the same length (or length 1).
        rtol : float
            Relative tolerance.
        method : {'auto', 'closed_form', 'bisection'}
            As for `solve` (for the generic strategy).

        Returns
        -------
        x, status : numpy.ndarray
            The solutions and per-point status codes (`bounds.solving.SOLVED`,
            `NO_SOLUTION`, `OVERFLOW`, `UNDETERMINED`).

        Examples
        --------
        >>> import numpy as np
        >>> import bounds
        >>> b = bounds.bound("duel.hoeffding")
        >>> rest = {k: np.array([v]) for k, v in b.prepare({"d": 1.0, "eps": 0.1}, required=("d", "eps")).items()}
        >>> x, status = b.solve_points("n", np.array([0.01]), rest, 1e-12)
        >>> round(float(x[0]), 3), int(status[0])
        (14.391, 0)
        """
        if self.solver is not None:
            got = self.solver(self, name, target, rest, rtol)
            if got is not None:
                return got
        return generic_solve(self, name, target, rest, rtol, method)

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



def _fmt_point(at: dict) -> str:
    return ", ".join(f"{k}={v:.6g}" for k, v in at.items())




if __name__ == "__main__":  # pragma: no cover
    import bounds.core  # the package's own copy of this module holds the catalogue

    got = bounds.core.regenerate_closed_forms()
    print(f"stored {sum(len(v) for v in got.values())} closed forms for {len(got)} (bound, symbol) pairs")
