r"""Closed-form solutions of a bound's relation, found by sympy and stored.

`sympy.solve` takes seconds per (bound, unknown) pair, so its answers are stored in
`bounds/_closed_forms.py`, keyed by the bound's id, the unknown and a hash of the main
branch of the expression (`closed_form_key`); `regenerate_closed_forms` rewrites that store
(`python -m bounds.core`), and a test checks it is current. `Bound.closed_forms` reads the
store and falls back on `solve_symbolically`; the generic solve strategy
(`bounds.solving.generic_solve`) verifies every candidate numerically.

Private module: the public entry points are `Bound.closed_forms` and
`bounds.core.regenerate_closed_forms`.

Examples
--------
>>> import bounds
>>> b = bounds.bound("duel.hoeffding")
>>> [sol] = solve_symbolically(b.expr, b.subject, "n")
>>> sorted(str(s) for s in sol.free_symbols)
['alpha', 'd', 'delta', 'eps', 'q_hard', 's']
"""
from __future__ import annotations

import hashlib
import pathlib
import signal

from .registry import catalog
from .vocabulary import PARAMETERS, SYMBOLS

__all__ = ["closed_form_key", "lambdify_solutions", "main_branch", "regenerate_closed_forms",
           "solve_symbolically", "stored_solutions"]


def main_branch(expr):
    """The main branch of an expression: the first branch of every Piecewise; a top-level
    `Min(1, .)` or `Max(0, .)` with one non-constant argument replaced by that argument.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> main_branch(sp.Min(1, sp.Piecewise((2 * x, x > 0), (0, True))))
    2*x
    """
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


def closed_form_key(bound_id: str, expr, subject: str, name: str) -> str:
    """The store's key of a (bound, unknown) pair: `"<id>|<unknown>|<hash of the main branch>"`.

    Examples
    --------
    >>> import sympy as sp
    >>> closed_form_key("x.y", sp.Symbol("n") * 2, "delta", "n")
    'x.y|n|...'
    """
    digest = hashlib.sha1(f"{_canonical_srepr(main_branch(expr))}|{subject}|{name}".encode()).hexdigest()[:16]
    return f"{bound_id}|{name}|{digest}"


def _canonical_srepr(expr) -> str:
    """`sympy.srepr`, each vocabulary symbol printed with the vocabulary's own assumptions.

    sympy prints a symbol with the assumptions it was created with, and symbols that differ
    only in how their (equivalent) assumptions were given compare equal, so sympy's caches
    may hand back a sub-expression built from another such symbol (one made by the
    derivations, say): plain `srepr`, and with it the key, would depend on what was built
    first in the process.
    """
    from sympy.printing.repr import ReprPrinter

    class _Printer(ReprPrinter):
        def _print_Symbol(self, s):
            if s.name in SYMBOLS and not s.is_Dummy and s == SYMBOLS[s.name]:
                s = SYMBOLS[s.name]
            return super()._print_Symbol(s)

    return _Printer().doprint(expr)


def stored_solutions(key: str):
    """The stored solutions under `key` (sympy expressions), `[]` where sympy gave up, None if absent.

    Examples
    --------
    >>> stored_solutions("no.such|n|0") is None
    True
    """
    import sympy as sp

    from . import _closed_forms as store
    from . import measures

    if key in store.SOLUTIONS:
        local = {**{k: SYMBOLS[k] for k in PARAMETERS}, **measures.symbolic_classes()}
        return [sp.sympify(text, locals=local) for text in store.SOLUTIONS[key]]
    if key in getattr(store, "GIVEN_UP", ()):
        return []
    return None


def solve_symbolically(expr, subject: str, name: str) -> list:
    """Solutions of `subject = main_branch(expr)` for `name` that sympy finds (none where the
    unknown sits inside a measure function or a sum; complex, infinite and LambertW ones dropped).

    Examples
    --------
    >>> import sympy as sp
    >>> from bounds.vocabulary import SYMBOLS
    >>> solve_symbolically(sp.exp(-SYMBOLS["n"]), "delta", "n")
    [-log(delta)]
    """
    import sympy as sp

    from . import measures

    target = SYMBOLS[name]
    core = main_branch(expr)
    fn_classes = tuple(measures.symbolic_classes().values())
    if any(target in f.free_symbols for f in core.atoms(*fn_classes)) or core.has(sp.Sum):
        return []
    try:
        raw = sp.solve(sp.Eq(core, SYMBOLS[subject]), target, dict=False)
    except (NotImplementedError, ValueError, TypeError):
        return []
    return [s for s in raw if not (s.has(sp.I) or s.has(sp.zoo) or s.has(sp.nan) or s.has(sp.LambertW))]


def lambdify_solutions(symbols, name: str, sols: list) -> list:
    """Numeric functions of the solutions: arguments the symbols other than `name`, in order.

    Examples
    --------
    >>> import sympy as sp
    >>> [f] = lambdify_solutions(("n", "delta"), "n", [-sp.log(sp.Symbol("delta"))])
    >>> round(float(f(0.5)), 6)
    0.693147
    """
    import sympy as sp

    from . import measures

    args = [SYMBOLS[k] for k in symbols if k != name]
    return [sp.lambdify(args, sol, modules=[measures.NUMERIC, "numpy", "scipy"]) for sol in sols]


def _solve_with_timeout(b, name, timeout):
    """sympy's solutions for one pair, or None when it took over `timeout` seconds."""

    def give_up(signum, frame):
        raise TimeoutError

    old = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(timeout)
    try:
        return solve_symbolically(b.expr, b.subject, name)
    except TimeoutError:
        return None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


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
    import sympy as sp

    out, given_up = {}, []
    for b in catalog():
        for name in b.inputs:
            if b.monotone.get(name) not in (1, -1):
                continue  # solve refuses non-monotone unknowns
            key = b.closed_form_key(name)
            sols = _solve_with_timeout(b, name, timeout)
            if sols is None:
                given_up.append(key)
                print(f"{b.id}: sympy.solve for {name} took over {timeout} s; left to bisection")
            elif sols:
                out[key] = [sp.sstr(s) for s in sols]
    lines = ['"""Closed forms found by sympy.solve, generated by `python -m bounds.core`. Do not edit."""',
             "", "SOLUTIONS = {"]
    lines += [f"    {k!r}: {out[k]!r}," for k in sorted(out)]
    lines += ["}", "", f"#: Pairs on which sympy.solve ran out of time ({timeout} s each): solved by bisection.",
              "GIVEN_UP = ["]
    lines += [f"    {k!r}," for k in sorted(given_up)]
    lines.append("]")
    path = pathlib.Path(path) if path else pathlib.Path(__file__).with_name("_closed_forms.py")
    path.write_text("\n".join(lines) + "\n")
    return out
