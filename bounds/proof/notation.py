r"""Notation the derivations write with: opaque quantities and functions, and the measures' rewriting.

`Quantity` is a named real number the checker treats as opaque (with its own LaTeX); `Pr`,
`E` and `KL` (and the classes `opaque` makes) are functions that stay unevaluated. The
helpers say which atoms an expression depends on (`atoms_of`) and rewrite the information
measures of `bounds.measures` in elementary functions (`elementary`).

Examples
--------
>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> sorted(map(str, atoms_of(Pr(x <= 0) + x)))
['Pr(x <= 0)', 'x']
"""
from __future__ import annotations


import sympy as sp

from .. import measures

__all__ = ["Quantity", "opaque", "Pr", "E", "KL"]


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


class Opaque(sp.Function):
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
    cls = type(name, (Opaque,), attrs)
    cls.__module__ = __name__
    return cls


class Pr(Opaque):
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


class E(Opaque):
    r"""Expectation of a random expression, $\mathbb{E}[X]$.

    Examples
    --------
    >>> import sympy as sp
    >>> sp.latex(E(sp.Symbol("X")))
    '\\mathbb{E}\\left[X\\right]'
    """

    nargs = 1
    _tex = r"\mathbb{{E}}\left[{0}\right]"


class KL(Opaque):
    r"""Kullback–Leibler divergence between two distributions, $\mathrm{KL}(P \,\|\, Q)$.

    Examples
    --------
    >>> import sympy as sp
    >>> sp.latex(KL(*sp.symbols("P Q")))
    '\\mathrm{KL}\\left(P \\,\\middle\\|\\, Q\\right)'
    """

    nargs = 2
    _tex = r"\mathrm{{KL}}\left({0} \,\middle\|\, {1}\right)"


def is_opaque_atom(e) -> bool:
    return isinstance(e, Opaque) or isinstance(e, sp.core.function.AppliedUndef)


_MEASURE_CLASSES = (measures.BinaryEntropy, measures.BernoulliKL, measures.Bhattacharyya)


def elementary(e):
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


def atoms_of(e):
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
        if is_opaque_atom(x):
            out.add(x)
            continue
        if isinstance(x, sp.Symbol):
            out.add(x)
            continue
        if isinstance(x, (sp.Sum, sp.Product)):
            inner = atoms_of(x.function)
            bound = {lim[0] for lim in x.limits}
            out |= {a for a in inner if not (a in bound or (a.free_symbols & bound))}
            for lim in x.limits:
                for b in lim[1:]:
                    out |= atoms_of(b)
            continue
        if isinstance(x, sp.Lambda):
            continue
        stack.extend(a for a in x.args if isinstance(a, sp.Basic))
    return out


def is_rational_term(t):
    return not t.atoms(sp.Function) and all(not (isinstance(p, sp.Pow) and not p.exp.is_Integer) for p in t.atoms(sp.Pow)) and not _has_opaque(t)


def _has_opaque(t):
    return any(is_opaque_atom(a) for a in t.atoms(sp.Function))
