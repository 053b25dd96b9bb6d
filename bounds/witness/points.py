r"""Where a bound is checked: the witness's point, its seed, and the map into the witness's reach.

A bound and its witness need not have the same parameters. At a drawn point the witness's
instance takes the bound's values and, for what the bound lacks, `DEFAULTS` (`alpha=0`: no
adversary; `s=0`: no systematic error; `d=1`; `K=2`) — the instance on which such a bound is
tightest (`model_point`); the bound is then evaluated at that point (`bound_inputs`), with
`bits` in place of `K` where the point has it.

A witness has a *reach* (an exact routine is slow beyond a few thousand labels, a
simulated race samples every policy): `reach_n` and `reach_policies` map drawn values into
it by a power map of their typical range (`squeeze`), which keeps draws spread over orders
of magnitude; `reach_latent` keeps $d$ where the latent-correctness model of a race with
systematic error exists.

Examples
--------
>>> import bounds
>>> b = bounds.bound("duel.chernoff")
>>> model_point(b, {"n": 100, "d": 0.5, "eps": 0.1}, ("n", "d", "eps", "alpha", "s", "q_hard"))
{'n': 100.0, 'd': 0.5, 'eps': 0.1, 'alpha': 0.0, 's': 0.0, 'q_hard': 0.0}
>>> reach_n({"n": 1e15}, 2000)
{'n': 2000.0}
"""
from __future__ import annotations

import math
import zlib

import numpy as np

from .. import kernels
from ..errors import ParameterTypeError, ParameterValueError
from ..vocabulary import PARAMETERS

__all__ = [
    "DEFAULTS",
    "bound_inputs",
    "candidates",
    "model_point",
    "need_subject",
    "reach_latent",
    "reach_n",
    "reach_policies",
    "seed_for",
    "squeeze",
]

#: Values of the model's parameters for a bound that does not have them.
DEFAULTS = {"alpha": 0.0, "d": 1.0, "K": 2.0, "s": 0.0, "q_hard": 0.0, "K_dec": 1.0}


# ====================================================================== the point
def seed_for(seed: int, bound_id: str, params: dict) -> np.random.SeedSequence:
    r"""A `SeedSequence` that depends only on the base seed, the bound's id and the point.

    Parameters
    ----------
    seed : int
        The base seed.
    bound_id : str
        The bound's id.
    params : dict
        The point (its values are read as floats).

    Returns
    -------
    numpy.random.SeedSequence
        The check's seed.

    Examples
    --------
    >>> a = seed_for(0, "duel.exact", {"n": 10, "d": 0.5})
    >>> a.entropy == seed_for(0, "duel.exact", {"d": 0.5, "n": 10.0}).entropy
    True
    """
    text = ";".join(f"{k}={float(v)!r}" for k, v in sorted(params.items()))
    return np.random.SeedSequence([int(seed), zlib.crc32(bound_id.encode()), zlib.crc32(text.encode())])


def bound_inputs(b, params: dict) -> dict:
    r"""The bound's inputs at a point (`bits` in place of `K` when the point has it).

    Parameters
    ----------
    b : Bound
        The bound.
    params : dict
        The point (it may hold parameters the bound does not have).

    Returns
    -------
    dict
        The bound's keyword arguments.

    Examples
    --------
    >>> import bounds
    >>> bound_inputs(bounds.bound("fano.capacity"), {"bits": 10.0, "eps": 0.1, "delta": 0.1, "n": 5.0})
    {'bits': 10.0, 'eps': 0.1, 'delta': 0.1}
    """
    out = {}
    for k in b.inputs:
        if k == "K" and "bits" in params:
            out["bits"] = params["bits"]
        elif k in params:
            out[k] = params[k]
    return out


def model_point(b, params: dict, names) -> dict:
    r"""The witness's model parameters at a point: the bound's values, `DEFAULTS` for what it lacks.

    Parameters
    ----------
    b : Bound
        The bound (for the message).
    params : dict
        The point.
    names : tuple of str
        The parameters of the witness's instance (`bits` stands for `K` where given).

    Returns
    -------
    dict
        One float per name.

    Raises
    ------
    TypeError
        When the instance needs a parameter that the bound does not have and that has no
        default.

    Examples
    --------
    >>> import bounds
    >>> model_point(bounds.bound("fano.capacity"), {"bits": 3, "eps": 0.1, "delta": 0.2},
    ...             ("K", "d", "eps", "alpha", "delta"))
    {'bits': 3.0, 'd': 1.0, 'eps': 0.1, 'alpha': 0.0, 'delta': 0.2}
    """
    out = {}
    for k in names:
        if k == "K" and "bits" in params:
            out["bits"] = float(params["bits"])
        elif k in params:
            out[k] = float(params[k])
        elif k in DEFAULTS:
            out[k] = DEFAULTS[k]
        else:
            raise ParameterTypeError(f"the witness needs {k}; {b.id} does not have it and it has no default")
    return out


def candidates(p: dict) -> float:
    r"""The number of candidates $K$ at a point, from `K` or from `bits` ($K = 2^{\text{bits}}$).

    Parameters
    ----------
    p : dict
        The point.

    Returns
    -------
    float
        $K$.

    Examples
    --------
    >>> candidates({"bits": 10.0}), candidates({"K": 7.0})
    (1024.0, 7.0)
    """
    return 2.0 ** p["bits"] if "bits" in p else p["K"]


def need_subject(b, subject: str, witness: str) -> None:
    r"""Refuse a bound on another quantity than the one the witness checks.

    Parameters
    ----------
    b : Bound
        The bound.
    subject : str
        What the witness checks bounds on (`'delta'` or `'n'`).
    witness : str
        The witness's name, for the message.

    Raises
    ------
    ValueError
        If `b.subject` is not `subject`.

    Examples
    --------
    >>> import bounds
    >>> need_subject(bounds.bound("fano.capacity"), "delta", "duel.exact")
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: witness duel.exact checks bounds on delta; fano.capacity is a bound on n
    """
    if b.subject != subject:
        raise ParameterValueError(f"witness {witness} checks bounds on {subject}; {b.id} is a bound on {b.subject}")


# ====================================================================== the reach
def squeeze(x: float, lo: float, hi: float, cap: float) -> float:
    r"""Power map of $[lo, hi]$ onto $[lo, cap]$: log-uniform stays log-uniform; above `hi` goes to `cap`.

    Parameters
    ----------
    x : float
        The drawn value.
    lo, hi : float
        The range it was drawn from (typically), $0 < lo < hi$.
    cap : float
        The witness's reach.

    Returns
    -------
    float
        The mapped value; unchanged when `cap >= hi` or `x <= lo` (apart from the cap).

    Examples
    --------
    >>> round(squeeze(1e4, 1.0, 1e8, 1e4), 6)          # the middle in log scale goes to the middle
    100.0
    """
    if x <= lo or cap >= hi:
        return min(x, cap)
    if x >= hi:
        return cap
    return lo * (x / lo) ** (math.log(cap / lo) / math.log(hi / lo))


def reach_n(p: dict, cap: float) -> dict:
    r"""Map the number of labels into $[1, cap]$ (a whole number), by `squeeze` of its typical range.

    Parameters
    ----------
    p : dict
        The point; changed in place.
    cap : float
        The largest $n$ the witness handles.

    Returns
    -------
    dict
        `p`.

    Examples
    --------
    >>> reach_n({"n": 10.0}, 2000)["n"] <= 10.0
    True
    """
    if "n" in p:
        lo, hi = PARAMETERS["n"].typical
        p["n"] = float(math.floor(squeeze(p["n"], lo, hi, cap)))
    return p


def reach_policies(p: dict, *, K_cap: float | None = None, bits_cap: int = 60) -> dict:
    r"""Map the number of policies: `K` whole (squeezed to `K_cap` if given), `bits` whole, $K_{\mathrm{dec}} \le K - 1$.

    Parameters
    ----------
    p : dict
        The point; changed in place.
    K_cap : float, optional
        The largest $K$ (a simulated race samples every policy); `bits` is then at most
        $\lfloor \log_2 K_{\mathrm{cap}} \rfloor$.
    bits_cap : int
        The largest `bits` without `K_cap`.

    Returns
    -------
    dict
        `p`.

    Examples
    --------
    >>> reach_policies({"bits": 80.4, "K_dec": 3.0}, K_cap=32.0)
    {'bits': 5.0, 'K_dec': 3.0}
    """
    if "K" in p:
        if K_cap is None:
            p["K"] = float(math.floor(p["K"]))
        else:
            lo, hi = PARAMETERS["K"].typical
            p["K"] = float(math.floor(squeeze(p["K"], lo, hi, K_cap)))
    if "bits" in p:
        cap = bits_cap if K_cap is None else math.floor(math.log2(K_cap))
        p["bits"] = float(min(max(1, round(p["bits"])), cap))
    if "K_dec" in p and ("K" in p or "bits" in p):
        p["K_dec"] = float(min(p["K_dec"], candidates(p) - 1.0))
    return p


def reach_latent(p: dict) -> dict:
    r"""With systematic error, $d$ where the latent-correctness model exists: $d(1 + |\bar q_\alpha - \bar q_{\mathrm{dec}}|) \le 1$.

    Parameters
    ----------
    p : dict
        The point; changed in place.

    Returns
    -------
    dict
        `p`.

    Examples
    --------
    >>> reach_latent({"d": 1.0, "eps": 0.1, "s": 0.5, "q_hard": 0.0})["d"] < 0.72
    True
    """
    if p.get("s", 0.0) > 0.0 and "d" in p:
        eps, alpha = p.get("eps", 0.0), p.get("alpha", 0.0)
        gap = abs(float(kernels.qbar_alpha(eps, alpha)) - float(kernels.qbar_dec(eps, alpha, p["s"], p.get("q_hard", 0.0))))
        p["d"] = min(p["d"], (1.0 / (1.0 + gap)) * (1.0 - 1e-12))
    return p
