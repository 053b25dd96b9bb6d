r"""The catalogue of bounds: registering a `Bound` under its id, listing them and fetching one.

Each family module of `bounds.catalogue` declares its bounds and registers them here when
`bounds` is imported; `bound(id)` then fetches one by its dotted id and `catalog()` lists
them (optionally one direction). `bounds.core` re-exports the three functions, so
`bounds.core.bound` and `bounds.bound` are the same function.

Examples
--------
>>> import bounds
>>> from bounds.registry import bound, catalog
>>> bound("duel.hoeffding").direction
'sufficient'
>>> len(catalog("necessary")) > 3
True
"""
from __future__ import annotations

import difflib

from .errors import ParameterTypeError, ParameterValueError, UnknownNameError
from .validation import short

__all__ = ["DIRECTIONS", "bound", "catalog", "register"]

#: What a bound may say: a limit a kind of learner cannot beat, a guarantee, or the exact value.
DIRECTIONS = ("necessary", "sufficient", "exact")

_REGISTRY: dict = {}  # id -> bounds.core.Bound


def register(b):
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


def bound(id: str):
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
