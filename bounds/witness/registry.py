r"""The witnesses: what each computes, how it runs, and its reach; and the witness of a bound.

`WITNESSES` holds one `Witness` per reference of `bounds.witness_ref`, under its name. A
bound names its witness by that reference (or, as earlier versions did, by its name, or
carries a `Witness` of its own); `witness_of` resolves any of these, and `unwitnessed`
lists the bounds whose witness does not resolve.

Each witness maps drawn parameters into its reach before it runs (see
`bounds.witness.points`): the exact duel up to 2 000 labels, the exact race up to 1 000 with
`bits` up to 60, the simulated race up to 1 000 labels and 32 policies, the two-point test
up to 3 000 labels, the hypercube packing to $K = 2^m$ with $1 \le m \le 64$.

Examples
--------
>>> import bounds
>>> w = witness_of(bounds.bound("race.union_chernoff"))
>>> w.name, w.methods, w.bits
('race.exact', ('exact',), True)
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import partial
from typing import Callable

from ..core import Bound, catalog
from ..errors import ParameterTypeError, UnknownNameError
from ..witness_ref import EXACT_DUEL, EXACT_RACE, FANO_PACKING, SIMULATED_DUEL, SIMULATED_RACE, TWO_POINT_TEST, WitnessRef
from .points import reach_latent, reach_n, reach_policies
from .runners import (DUEL_NEEDS, FANO_MAX_BITS, FANO_NEEDS, RACE_NEEDS, TWO_POINT_NEEDS, run_exact, run_fano,
                      run_simulated, run_two_point)

__all__ = ["WITNESSES", "Witness", "unwitnessed", "witness_of"]


@dataclass(frozen=True)
class Witness:
    r"""A witness: what it computes, how, and how drawn parameters are mapped into its reach.

    Attributes
    ----------
    name : str
        Its name: its key in `WITNESSES`, the name of the `bounds.witness_ref.WitnessRef`
        that refers to it, and what a `Check` records.
    description : str
        What it computes.
    methods : tuple of str
        `'exact'` and/or `'simulate'`; the first is the default.
    needs : tuple of str
        Vocabulary parameters of its instance.
    run : callable
        `run(bound, params, method, error_rate, trials, seed_sequence) -> Check`.
    reach : callable
        Maps drawn parameters into the witness's reach (used by `verify`).
    bits : bool
        Whether `bits` may stand for `K` (drawn in place of it in half of the examples).

    Examples
    --------
    >>> WITNESSES["duel.exact"].methods
    ('exact',)
    >>> WITNESSES["race.exact"].needs
    ('n', 'K', 'd', 'eps', 'alpha', 's', 'q_hard', 'K_dec')
    """

    name: str
    description: str
    methods: tuple
    needs: tuple
    run: Callable = field(repr=False)
    reach: Callable = field(repr=False)
    bits: bool = False


# ====================================================================== the reach of each witness
def _reach_duel(p):
    return reach_n(p, 2000)


def _reach_race_exact(p):
    return reach_latent(reach_policies(reach_n(p, 1000)))


def _reach_race_sim(p):
    return reach_latent(reach_policies(reach_n(p, 1000), K_cap=32.0))


def _reach_two_point(p):
    return reach_n(p, 3000)


def _reach_fano(p):
    if "K" in p:
        p["K"] = float(2 ** min(FANO_MAX_BITS, max(1, round(math.log2(p["K"])))))
    if "bits" in p:
        p["bits"] = float(min(FANO_MAX_BITS, max(1, round(p["bits"]))))
    return p


# ====================================================================== the registry
def _witness(ref: WitnessRef, methods, needs, run, reach, bits=False) -> Witness:
    return Witness(ref.name, ref.description, methods, needs, run, reach, bits)


#: The witnesses, by name: one per reference of `bounds.witness_ref`.
WITNESSES: dict[str, Witness] = {w.name: w for w in [
    _witness(EXACT_DUEL, ("exact",), DUEL_NEEDS, partial(run_exact, race=False), _reach_duel),
    _witness(EXACT_RACE, ("exact",), RACE_NEEDS, partial(run_exact, race=True), _reach_race_exact, bits=True),
    _witness(SIMULATED_DUEL, ("simulate",), DUEL_NEEDS, partial(run_simulated, race=False), _reach_duel),
    _witness(SIMULATED_RACE, ("simulate",), RACE_NEEDS, partial(run_simulated, race=True), _reach_race_sim),
    _witness(TWO_POINT_TEST, ("exact", "simulate"), TWO_POINT_NEEDS, run_two_point, _reach_two_point),
    _witness(FANO_PACKING, ("exact", "simulate"), FANO_NEEDS, run_fano, _reach_fano, bits=True),
]}


def _by_name(name: str, owner: str = "") -> Witness:
    try:
        return WITNESSES[name]
    except KeyError:
        if owner:
            raise UnknownNameError(f"{owner} names witness {name!r}, which is not one of {sorted(WITNESSES)}") from None
        raise UnknownNameError(f"no witness {name!r}; the witnesses are {sorted(WITNESSES)}") from None


def _of_bound(b: Bound) -> Witness:
    w = b.witness
    if isinstance(w, Witness):
        return w
    if not w:
        raise UnknownNameError(f"{b.id} names no witness (Bound(..., witness=...)); every bound needs one")
    if isinstance(w, WitnessRef):
        return _by_name(w.name, b.id)
    if not isinstance(w, str):
        raise UnknownNameError(f"{b.id} names witness {w!r}, which is not one of {sorted(WITNESSES)}")
    return _by_name(w, b.id)


def witness_of(obj) -> Witness:
    r"""The witness of a bound, or the witness a reference or a name refers to.

    Parameters
    ----------
    obj : Bound, WitnessRef, str or Witness
        A bound (catalogued or not), whose `witness` attribute is a
        `bounds.witness_ref.WitnessRef`, a `Witness` or (as in earlier versions) a witness
        name; or a reference; or a witness name; or a `Witness`.

    Returns
    -------
    Witness
        Its entry in `WITNESSES` (or the `Witness` given).

    Raises
    ------
    LookupError
        (an `UnknownNameError`) if the bound names no witness, or one that is not
        registered.
    TypeError
        For anything else.

    Examples
    --------
    >>> import bounds
    >>> from bounds.witness_ref import TWO_POINT_TEST
    >>> witness_of(bounds.bound("race.union_chernoff")).name
    'race.exact'
    >>> witness_of(TWO_POINT_TEST) is witness_of("simulate.two_point") is WITNESSES["simulate.two_point"]
    True
    >>> witness_of("duel.exactt")
    Traceback (most recent call last):
    ...
    bounds.errors.UnknownNameError: no witness 'duel.exactt'; the witnesses are ['duel.exact', 'race.exact', ...]
    """
    if isinstance(obj, Witness):
        return obj
    if isinstance(obj, Bound):
        return _of_bound(obj)
    if isinstance(obj, WitnessRef):
        return _by_name(obj.name, f"the reference {obj!r}")
    if isinstance(obj, str):
        return _by_name(obj)
    raise ParameterTypeError(f"witness_of takes a Bound, a WitnessRef, a witness name or a Witness, got "
                             f"{type(obj).__name__} {obj!r}")


def unwitnessed(bounds=None) -> list:
    r"""Ids of bounds that name no registered witness (the catalogue by default).

    Parameters
    ----------
    bounds : iterable of Bound, optional
        Default: `bounds.catalog()`.

    Returns
    -------
    list of str
        Should be empty.

    Examples
    --------
    >>> unwitnessed()
    []
    """
    out = []
    for b in (catalog() if bounds is None else bounds):
        try:
            witness_of(b)
        except LookupError:
            out.append(b.id)
    return out
