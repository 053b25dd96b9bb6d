r"""Mutation testing of derivations: copies with one error each, which the checker must reject.

Examples
--------
>>> from bounds import derivations
>>> sum(1 for _ in mutants(derivations.get("duel.hoeffding"))) > 10
True
"""
from __future__ import annotations

import itertools

import sympy as sp

from .structure import Define, Derivation, Split, Step

__all__ = ["mutants"]


def mutants(derivation: Derivation, max_per_step: int = 4):
    r"""Perturbed copies of a derivation, each with one error a checker must catch.

    For every step: a numeric constant of its right-hand side (or, for a step that starts
    a chain, of either side) changed ($c \to c + 1$), the relation flipped ($\le$ to
    $\ge$, $=$ to $<$), and one factor of a product dropped.

    Parameters
    ----------
    derivation : Derivation
        The original.
    max_per_step : int
        At most this many constant and factor mutations per step.

    Yields
    ------
    (str, Derivation)
        A description of the mutation and the mutated derivation.

    Examples
    --------
    >>> from bounds import derivations
    >>> from bounds.proof import check
    >>> D = derivations.get("duel.hoeffding")
    >>> descr, M = next(mutants(D))
    >>> check(M, fail_fast=True).ok
    False
    """

    def paths(items, prefix):
        for i, it in enumerate(items):
            if isinstance(it, Split):
                for k, c in enumerate(it.cases):
                    yield from paths(c.steps, prefix + ((i, k),))
            elif isinstance(it, (Step, Define)):
                yield prefix + (i,), it

    roots = [("cases", j) for j in range(len(derivation.cases))] + ([("after", None)] if derivation.after else [])
    for root in roots:
        items = derivation.cases[root[1]].steps if root[0] == "cases" else derivation.after
        for path, it in list(paths(items, ())):
            for descr, new in _step_mutations(it, max_per_step):
                yield f"{_path_label(root, path)}: {descr}", _replace_at(derivation, root, path, new)


def _path_label(root, path):
    head = f"case {root[1] + 1}" if root[0] == "cases" else "after"
    parts = []
    for p in path:
        if isinstance(p, tuple):
            parts.append(f"split item {p[0] + 1} sub-case {p[1] + 1}")
        else:
            parts.append(f"item {p + 1}")
    return head + " " + " ".join(parts)


def _replace_at(deriv, root, path, new):
    def rebuild(items, path):
        items = list(items)
        p = path[0]
        if isinstance(p, tuple):
            i, k = p
            split = items[i]
            cases = list(split.cases)
            cases[k] = cases[k].replace(steps=rebuild(cases[k].steps, path[1:]))
            items[i] = split.replace(cases=cases)
        else:
            items[p] = new
        return items

    if root[0] == "cases":
        cases = list(deriv.cases)
        cases[root[1]] = cases[root[1]].replace(steps=rebuild(cases[root[1]].steps, path))
        return deriv.replace(cases=cases)
    return deriv.replace(after=rebuild(deriv.after, path))


def _numbers_in(e):
    return [x for x in sp.preorder_traversal(e)
            if isinstance(x, (sp.Integer, sp.Rational)) and not isinstance(x, sp.Float)]


def _rewrite_nth(e, which, is_site, change):
    """e with `change(x)` for the `which`-th sub-expression x (preorder) where `is_site(x)`."""
    counter = itertools.count()

    def walk(x):
        if is_site(x) and next(counter) == which:
            return change(x)
        if not x.args or isinstance(x, (sp.Symbol, sp.Indexed)):
            return x
        try:
            return x.func(*[walk(a) for a in x.args])
        except Exception:
            return x

    return walk(e)


def _mutate_number(e, which):
    """Replace the `which`-th number (preorder) of e by number + 1."""
    return _rewrite_nth(e, which, lambda x: isinstance(x, (sp.Integer, sp.Rational)), lambda x: x + 1)


def _drop_factor(e, which):
    """Drop the last factor of the `which`-th product (preorder) of e."""
    return _rewrite_nth(e, which, lambda x: isinstance(x, sp.Mul) and len(x.args) >= 2, lambda x: sp.Mul(*x.args[:-1]))


def _muls_in(e):
    return [x for x in sp.preorder_traversal(e) if isinstance(x, sp.Mul) and len(x.args) >= 2]


def _step_mutations(it, max_per_step):
    if isinstance(it, Define):
        nums = _numbers_in(it.expr)
        for k in range(min(len(nums), max_per_step)):
            new_expr = _mutate_number(it.expr, k)
            if new_expr != it.expr:
                yield f"definition of {it.symbol}: constant #{k + 1} changed", it.replace(expr=new_expr, display=None)
        return
    targets = [("rhs", it.rhs)]
    if it.lhs is not None:
        targets.append(("lhs", it.lhs))
    yield from _side_mutations(it, targets, max_per_step, _numbers_in, _mutate_number,
                               lambda side, k, nums: f"{side}: constant #{k + 1} ({nums[k]}) changed")
    # flip the relation
    flip = {"<=": ">=", ">=": "<=", "<": ">", ">": "<", "=": "<"}[it.op]
    yield f"relation {it.op} flipped to {flip}", it.replace(op=flip, display=None)
    yield from _side_mutations(it, targets, max_per_step, _muls_in, _drop_factor,
                               lambda side, k, muls: f"{side}: a factor dropped from {sp.sstr(muls[k])}")


def _side_mutations(it, targets, max_per_step, find, mutate, describe):
    """At most `max_per_step` copies of the step, each with `mutate(side, k)` for the k-th site `find` finds."""
    count = 0
    for side, expr in targets:
        sites = find(expr)
        for k in range(len(sites)):
            if count >= max_per_step:
                break
            new = mutate(expr, k)
            if new == expr:
                continue
            count += 1
            yield describe(side, k, sites), it.replace(**{side: new, "display": None})
