r"""Evaluating a bound at user inputs: checking names, huge integers `K`, joint domain checks,
and evaluation in cache-sized blocks.

`Bound.prepare`, `Bound.evaluate` and `Bound.replace` use these; they are one module so that
the `Bound` class itself stays about the relation and what it offers.

Private module: its names are public for `bounds.core`.

Examples
--------
>>> is_huge_int(2**2000), int_log2(2**2000)
(True, 2000.0)
"""
from __future__ import annotations

import difflib
import math
import numbers

import numpy as np

from .errors import ParameterTypeError, ParameterValueError
from .quantities import Point
from .solving import FLOAT_MAX
from .validation import short
from .vocabulary import PARAMETERS

__all__ = ["BLOCK", "blockwise", "check_K_dec", "check_names", "int_log2", "is_huge_int", "keyword_kernel"]

#: Inputs larger than twice this many points are evaluated block by block (`blockwise`).
BLOCK = 1 << 14


def blockwise(fn, arrays: dict):
    """`fn(Point(arrays))` as a float array, computed in blocks of `BLOCK` points.

    The kernels are chains of numpy ufuncs, each of which makes a temporary array; on a
    block the temporaries stay in the CPU cache instead of going through main memory,
    which makes large evaluations 1.5-2x faster with identical results (every kernel is
    element-wise).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(3 * BLOCK, dtype=float)
    >>> got = blockwise(lambda p: p["n"] * 2, {"n": x})
    >>> bool(np.array_equal(got, 2 * x))
    True
    """
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


def is_huge_int(v) -> bool:
    """Whether `v` is a Python integer (or a list of them) beyond the range of a float.

    Examples
    --------
    >>> is_huge_int(2**2000), is_huge_int(2**20), is_huge_int([2, 2**2000])
    (True, False, True)
    """
    if isinstance(v, numbers.Integral) and not isinstance(v, (bool, np.bool_)):
        return abs(int(v)) > FLOAT_MAX
    if isinstance(v, (list, tuple)) and v and all(isinstance(x, numbers.Integral) and not isinstance(x, bool) for x in v):
        return any(abs(int(x)) > FLOAT_MAX for x in v)
    return False


def int_log2(v):
    r"""$\log_2$ of a Python integer $K \ge 2$ (or a list of them), however large.

    Examples
    --------
    >>> int_log2(2**2000), int_log2([4, 8])
    (2000.0, [2.0, 3.0])
    """
    if isinstance(v, (list, tuple)):
        return [int_log2(x) for x in v]
    if int(v) < 2:
        raise ParameterValueError(f"K={short(v)} is outside its domain [2, inf)")
    return math.log2(int(v))


def check_names(bound, given: dict, required: tuple, what: str) -> None:
    """Raise `ParameterTypeError` unless `given` names the right parameters of `bound`.

    Names must be strings among the bound's symbols (`bits` for `K`, not both); the subject
    only where `required` asks for it (solving); every name of `required` that is not
    optional present. The message names the offender and suggests a close name.

    Examples
    --------
    >>> import bounds
    >>> check_names(bounds.bound("duel.hoeffding"), {"n": 1, "d": 1, "epsilon": 0.1}, ("n", "d", "eps"), "evaluation")
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterTypeError: duel.hoeffding: unexpected parameter 'epsilon'; did you mean 'eps'? (this bound takes n, d, eps, alpha, s, q_hard, delta)
    """
    for name in given:
        if not isinstance(name, str):
            raise ParameterTypeError(f"{bound.id}: parameter names must be strings, got {short(name)}")
    if "bits" in given:
        if "K" not in bound.symbols:
            raise ParameterTypeError(f"{bound.id}: unexpected parameter 'bits' (this bound has no K; it takes {', '.join(bound.symbols)})")
        if "K" in given:
            raise ParameterTypeError(f"{bound.id}: give K or bits = log2 K, not both")
    unknown = set(given) - set(bound.symbols) - ({"bits"} if "K" in bound.symbols else set())
    if unknown:
        name = sorted(unknown)[0]
        hint = difflib.get_close_matches(name, bound.symbols, n=1)
        extra = f"; did you mean {hint[0]!r}?" if hint else ""
        raise ParameterTypeError(
            f"{bound.id}: unexpected parameter {name!r}{extra} (this bound takes {', '.join(bound.symbols)})"
        )
    if bound.subject in given and bound.subject not in required:
        raise ParameterTypeError(
            f"{bound.id}: {bound.subject} is what this bound computes ({bound.subject} {bound.relation_op} "
            f"f({', '.join(bound.inputs)})); do not pass it to evaluate. To find the value of another "
            f"symbol at which the bound reaches a given {bound.subject}, use .solve(name, {bound.subject}=...)"
        )
    have = set(given) | ({"K"} if "bits" in given else set())
    missing = [n for n in required if n not in have and not PARAMETERS[n].optional]
    if missing:
        raise ParameterTypeError(f"{bound.id}: {what} needs {', '.join(missing)} (got {', '.join(given) or 'nothing'})")


def check_K_dec(point, where):
    """Raise `ParameterValueError` unless the `K_dec` deceptive policies fit among the $K - 1$ unaligned ones.

    Examples
    --------
    >>> import numpy as np
    >>> check_K_dec({"K": np.array(4.0), "K_dec": np.array(5.0)}, "here")
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: K_dec=5 in here exceeds the number of unaligned policies K - 1 = 3 (K_dec: number of deceptive policies among them)
    """
    kd = np.asarray(point["K_dec"], float)
    if "bits" in point:
        with np.errstate(over="ignore"):
            K = np.exp2(np.asarray(point["bits"], float))
    else:
        K = np.asarray(point["K"], float)
    # beyond 2^53, K - 1 rounds to K: K_dec = K passes the first test in double precision
    # but not in exact arithmetic (no ordinary policy would be left: -1 of them)
    bad = (kd > K - 1) | (kd >= K)
    if np.any(bad):
        b = np.broadcast_arrays(kd, K, bad)
        i = np.flatnonzero(np.ravel(b[2]))[0]
        kdi, Ki = float(np.ravel(b[0])[i]), float(np.ravel(b[1])[i])
        if kdi <= Ki - 1:
            raise ParameterValueError(
                f"K_dec={kdi:g} in {where} is not below K={Ki:g}: at this size K - 1 rounds to K in double "
                f"precision, so K_dec must be given below it (K_dec: number of deceptive policies among the "
                f"K - 1 unaligned ones)")
        raise ParameterValueError(
            f"K_dec={kdi:g} in {where} exceeds the number of unaligned policies "
            f"K - 1 = {Ki - 1:g} (K_dec: number of deceptive policies among them)"
        )


def keyword_kernel(fn, inputs):
    """A Point kernel from a function of the inputs as keywords (`bits` passed where given).

    Examples
    --------
    >>> import numpy as np
    >>> from bounds.quantities import Point
    >>> k = keyword_kernel(lambda n, eps: n * eps, ("n", "eps"))
    >>> float(k(Point(n=np.array(10.0), eps=np.array(0.5))))
    5.0
    """

    def kernel(p):
        kw = {}
        for k in inputs:
            if k == "K" and "K" not in p and "bits" in p:
                kw["bits"] = p["bits"]
            else:
                kw[k] = p[k]
        return fn(**kw)

    return kernel
