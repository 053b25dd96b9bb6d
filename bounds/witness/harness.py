r"""The harness: check a bound at one point, verify it over its domain, build negative controls.

* `check(bound, **point)` runs the bound's witness at one point and returns the `Check`;
* `verify(bound)` lets hypothesis draw points from the bound's declared domains, maps each
  into the witness's reach and checks it there, raising `WitnessError` at the first
  contradiction; it returns a `Report` of every check;
* `scaled(bound, factor)` is a copy of a bound times a factor: a deliberately too-tight
  bound, which `verify` must reject.

Examples
--------
>>> import bounds
>>> check(bounds.bound("duel.hoeffding"), n=20, d=0.5, eps=0.1).holds
True
"""
from __future__ import annotations

import math
import zlib
from typing import Callable

import numpy as np

from ..core import Bound
from ..errors import ParameterValueError, WitnessError
from ..vocabulary import PARAMETERS
from .points import seed_for
from .registry import Witness, witness_of
from .results import Check, Report

__all__ = ["check", "scaled", "verify"]


def _method(w: Witness, method):
    if method is None:
        return w.methods[0]
    if method not in w.methods:
        raise ParameterValueError(f"method={method!r}: witness {w.name} offers {w.methods}")
    return method


def _error_rate(error_rate):
    if isinstance(error_rate, bool) or not (isinstance(error_rate, (int, float)) and 0 < error_rate < 1):
        raise ParameterValueError(f"error_rate={error_rate!r} is outside its domain (0, 1)")
    return float(error_rate)


def check(bound: Bound, *, error_rate: float = 1e-6, method: str | None = None, trials: int | None = None,
          seed: int = 0, **params) -> Check:
    r"""Check a bound at one point against its witness.

    Parameters
    ----------
    bound : Bound
        The bound.
    error_rate : float
        For Monte Carlo checks, the chance that the check fails although the bound
        holds: the CP interval's level is $1 - a$ (one-sided for inequalities,
        two-sided for an exact value).
    method : {None, 'exact', 'simulate'}
        Which of the witness's methods; default its first.
    trials : int, optional
        Monte Carlo trials (default per witness: 20 000 for the duel and two-point test,
        10 000 for the race, 2 000 for the hypercube).
    seed : int
        Base seed; the check's stream depends only on it, the bound id and `params`.
    **params
        The point: the bound's inputs (and any instance parameters, e.g. `d` for a
        bound without it; `bits` may replace `K`). Not mapped into the reach: a point the
        witness cannot handle raises.

    Returns
    -------
    Check
        The evidence, with `holds`.

    Raises
    ------
    LookupError
        If the bound has no witness.
    ValueError, TypeError
        For a point outside the witness's reach or the bound's domain.
    NotImplementedError
        Where the witness's exact computation does not exist yet (`race.exact` with
        systematic error, until the latent-model engine lands).

    Examples
    --------
    >>> import bounds
    >>> c = check(bounds.bound("race.exact"), n=40, K=5, d=0.3, eps=0.1, alpha=0.05)
    >>> c.holds, c.method, c.error_rate
    (True, 'simulate', 1e-06)
    >>> check(bounds.bound("duel.two_point"), n=100, d=0.3, eps=0.1, s=0.4, q_hard=0.1).holds
    True
    """
    w = witness_of(bound)
    method = _method(w, method)
    error_rate = _error_rate(error_rate)
    ss = seed_for(seed, bound.id, params)
    return w.run(bound, dict(params), method, error_rate, trials, ss)


def _strategy(bound: Bound, w: Witness, region: str, fixed: dict, bits: bool):
    from hypothesis import strategies as st

    names = [k for k in w.needs if k in bound.symbols and k not in fixed and not (k == "K" and "bits" in fixed)]
    base = {k: PARAMETERS[k].strategy(region=region) for k in names}
    if bits and w.bits and "K" in names:
        alt = {("bits" if k == "K" else k): (PARAMETERS["bits"].strategy(region=region) if k == "K" else v)
               for k, v in base.items()}
        return st.one_of(st.fixed_dictionaries(base), st.fixed_dictionaries(alt))
    return st.fixed_dictionaries(base)


def verify(bound: Bound, *, max_examples: int = 25, error_rate: float = 1e-6, method: str | None = None,
           trials: int | None = None, seed: int = 0, region: str = "typical", shrink: bool = True,
           fixed: dict | None = None, bits: bool = True, assume: Callable | None = None) -> Report:
    r"""Property test: hypothesis draws points from the bound's domains; the witness must never contradict it.

    Draws every parameter the witness's instance needs that the bound has (for a witness
    that allows it, `bits` in place of `K` in about half of the examples), from
    `PARAMETERS[name].strategy(region=region)`, maps it into the witness's reach (see
    `bounds.witness`) and runs `check`. Reproducible: hypothesis is seeded from `seed`
    and the bound id (no example database), and each Monte Carlo check from `seed` and
    the point — so a run is a function of `seed`, and a failure found with a fresh seed
    is reproduced by passing that seed again.

    Parameters
    ----------
    bound : Bound
        The bound.
    max_examples : int
        Number of points (hypothesis examples).
    error_rate : float
        Per-check false-alarm rate of Monte Carlo checks (see `check`); the report's
        `family_error_rate` is the Bonferroni sum.
    method : {None, 'exact', 'simulate'}
        Which of the witness's methods.
    trials : int, optional
        Monte Carlo trials per check.
    seed : int
        Base seed (non-negative).
    region : {'typical', 'domain'}
        Draw from the typical ranges or the whole domains.
    shrink : bool
        Let hypothesis shrink a counterexample to a simpler one (costs more checks).
    fixed : dict, optional
        Parameters held at given values instead of drawn (e.g. `{"s": 0.0}`).
    bits : bool
        For a witness that allows it, draw `bits` in place of `K` in about half of the
        examples (the bound is then evaluated with `bits`).
    assume : callable, optional
        `assume(params) -> bool` on the mapped point; points where it is False are
        discarded (hypothesis's `assume`), e.g. to step around a known defect that a
        separate test pins down. Discarded points are not checks.

    Returns
    -------
    Report
        All checks, none contradicted.

    Raises
    ------
    WitnessError
        (an `AssertionError`) with the contradicting `Check`, if the bound fails.
    LookupError
        If the bound has no witness.
    NotImplementedError
        If the witness cannot compute a drawn point yet (see `check`).

    Examples
    --------
    >>> import bounds
    >>> verify(bounds.bound("fano.capacity_exact"), max_examples=10)
    Report(fano.capacity_exact: 10 checks by simulate.fano_packing (exact), none contradicted)
    >>> verify(bounds.bound("race.union_chernoff"), max_examples=4, fixed={"s": 0.0}, bits=False)
    Report(race.union_chernoff: 4 checks by race.exact (exact), none contradicted)
    """
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import assume as hyp_assume
    from hypothesis import seed as hseed

    w = witness_of(bound)
    method = _method(w, method)
    error_rate = _error_rate(error_rate)
    if region not in ("typical", "domain"):
        raise ParameterValueError(f"region={region!r} must be 'typical' or 'domain'")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterValueError(f"seed={seed!r} must be a non-negative integer")
    fixed = dict(fixed or {})
    for k in fixed:
        if k not in PARAMETERS:
            raise ParameterValueError(f"fixed={fixed!r}: {k!r} is not a parameter of the vocabulary")
    strategy = _strategy(bound, w, region, fixed, bits)
    checks: list = []
    phases = [Phase.explicit, Phase.reuse, Phase.generate] + ([Phase.shrink] if shrink else [])

    @hseed(zlib.crc32(f"{seed}:{bound.id}".encode()))
    @settings(max_examples=max_examples, derandomize=True, database=None, deadline=None, phases=phases,
              suppress_health_check=list(HealthCheck), report_multiple_bugs=False, print_blob=False)
    @given(strategy)
    def run(raw):
        params = w.reach({**dict(raw), **{k: float(v) for k, v in fixed.items()}})
        if assume is not None:
            hyp_assume(bool(assume(dict(params))))
        c = w.run(bound, params, method, error_rate, trials, seed_for(seed, bound.id, params))
        checks.append(c)
        if not c.holds:
            raise WitnessError(c.contradiction(), c)

    run()
    return Report(bound.id, w.name, method, error_rate, tuple(checks))


def scaled(bound: Bound, factor: float, *, id: str | None = None) -> Bound:
    r"""A copy of a bound multiplied by `factor` — e.g. a deliberately too-tight negative control.

    Made with `Bound.replace`: the copy's kernel (and log kernel) is the original's times
    `factor`; it is not added to the catalogue and keeps the original's witness. A
    sufficient bound times a factor below 1, or a necessary bound times a factor above
    1, claims more than is true; `verify` should reject it.

    Parameters
    ----------
    bound : Bound
        The original.
    factor : float
        Positive multiplier.
    id : str, optional
        Id of the copy (default `"<id>*<factor>"`).

    Returns
    -------
    Bound
        The scaled bound.

    Examples
    --------
    >>> import bounds
    >>> b = scaled(bounds.bound("fano.capacity_exact"), 3)
    >>> b.id, b.witness
    ('fano.capacity_exact*3', WitnessRef('simulate.fano_packing'))
    >>> round(b(K=1024, eps=0.2, delta=0.1) / 3, 2)
    30.68
    """
    if isinstance(factor, bool) or not (isinstance(factor, (int, float)) and factor > 0 and math.isfinite(factor)):
        raise ParameterValueError(f"factor={factor!r} must be a positive finite number")
    lf = math.log(factor)
    kernel, log_kernel = bound.kernel, bound.log_kernel

    def new_kernel(point):
        return np.asarray(kernel(point), dtype=float) * factor

    def new_log_kernel(point):
        if log_kernel is not None:
            return np.asarray(log_kernel(point), dtype=float) + lf
        with np.errstate(divide="ignore"):
            return np.log(np.asarray(kernel(point), dtype=float)) + lf

    return bound.replace(
        id=id or f"{bound.id}*{factor:g}", title=f"{bound.title} (times {factor:g})",
        citation=f"negative control: {bound.citation} times {factor:g}",
        description=f"{factor:g} times {bound.id}", kernel=new_kernel, log_kernel=new_log_kernel, solver=None,
    )
