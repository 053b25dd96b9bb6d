r"""Checks of the simulators' inputs, shared by every simulator of `bounds.simulate`.

Private to `bounds.simulate`. The checks name the parameter and the simulator in their
messages (`n=10.5 in simulate.duel must be an integer number of labels`); the model's own
symbols are checked against their vocabulary domains (`bounds.vocabulary.parameter`), the
simulators' counts and options here.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from ..errors import ParameterTypeError, ParameterValueError
from ..vocabulary import parameter

#: Largest number of labels a simulator accepts: counts are 64-bit integers, and beyond
#: $2^{53}$ a whole number of labels is no longer exactly a float.
MAX_N = 2**53

#: Adversary models: `'against'` (default), the `'colluding'` variant, `'targeted'`.
ADVERSARIES = ("against", "colluding", "targeted")


# ======================================================================== input checks
def real(name, value, where):
    """A single number in the vocabulary domain of `name`, as a float."""
    arr = parameter(name).validate(value, where=where)
    if arr.ndim != 0:
        raise ParameterTypeError(f"{name} in {where} must be a single number, got an array of shape {arr.shape}")
    return float(arr)


def count(name, value, where, *, low=0):
    """A whole number `>= low` (an int, or a float with an integer value), as an int."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ParameterTypeError(f"{name} in {where} must be an integer, got {type(value).__name__} {value!r}")
    if not (math.isfinite(value) and float(value).is_integer() and value >= low):
        raise ParameterValueError(f"{name}={value!r} in {where} must be an integer >= {low}")
    return int(value)


def labels(value, where, *, cap=MAX_N, why="counts are 64-bit integers"):
    """A whole number of labels `n` within the simulators' (or an exact routine's) reach."""
    v = real("n", value, where)
    if not v.is_integer():
        raise ParameterValueError(f"n={value!r} in {where} must be an integer number of labels")
    if v > cap:
        raise ParameterValueError(f"n={value!r} in {where} is beyond its reach: n <= {cap:.6g} ({why})")
    return int(v)


def policies(value, where):
    """A whole number of candidate policies `K`, as a float (it may exceed 2^63)."""
    v = real("K", value, where)
    if not v.is_integer():
        raise ParameterValueError(f"K={value!r} in {where} must be an integer number of policies")
    return v


def deceptive(value, K1, where):
    """The number of deceptive policies `K_dec`, at most the `K1 = K - 1` unaligned ones."""
    v = real("K_dec", value, where)
    if v > K1:
        raise ParameterValueError(f"K_dec={value!r} in {where} exceeds the number of unaligned policies K - 1 = {K1} "
                                  f"(K_dec: number of deceptive policies among them)")
    return int(v)


def choice(name, value, allowed):
    """`value` if it is one of the strings `allowed`."""
    if not isinstance(value, str) or value not in allowed:
        raise ParameterValueError(f"{name}={value!r} must be one of {allowed}")
    return value


def confidence(value):
    """A confidence level in (0, 1), as a float."""
    if isinstance(value, (bool, np.bool_)) or not (isinstance(value, numbers.Real) and 0 < value < 1):
        raise ParameterValueError(f"confidence={value!r} is outside its domain (0, 1)")
    return float(value)
