r"""The witnesses' runs: each checks a bound at one point and returns a `Check`.

Every run has the signature `run(bound, params, method, error_rate, trials, seed) -> Check`
that `bounds.witness.Witness.run` documents; `bounds.witness.WITNESSES` pairs each with
its reference (`bounds.witness_ref`), its instance's parameters (the `*_NEEDS` tuples) and
its reach:

* `run_exact` — the catalogue's exact duel or race (`duel.exact`, `race.exact`): exact
  $P(\text{lose})$ against $f$, in log space;
* `run_simulated` — `bounds.simulate.duel` or `bounds.simulate.race`: $f$ against the
  Clopper–Pearson interval of the simulated $P(\text{lose})$;
* `run_two_point` — the likelihood-ratio test on the two-point instance, its error exact
  (`bounds.simulate.two_point_exact`) or simulated;
* `run_fano` — the MAP decoder on the $2^m$ hypercube packing: the fewest labels per bit
  with which it reaches error $\delta$, and the bound's $n$ at (at least) that error.

Examples
--------
>>> import bounds
>>> c = run_exact(bounds.bound("duel.hoeffding"), {"n": 20, "d": 0.5, "eps": 0.1}, "exact", 0.0, None, None,
...               race=False)
>>> c.holds, c.witness, c.params["alpha"]
(True, 'duel.exact', 0.0)
"""
from __future__ import annotations

import math
from fractions import Fraction

from .. import simulate
from ..core import bound as lookup
from .._format import fmt_exp
from ..errors import ParameterValueError
from ..simulate.decoders import channel, log_block_error, log_two_point_error
from ..witness_ref import EXACT_DUEL, EXACT_RACE, FANO_PACKING, SIMULATED_DUEL, SIMULATED_RACE, TWO_POINT_TEST
from .points import bound_inputs, candidates, model_point, need_subject
from .results import RTOL, Check, judge_exact, judge_mc

__all__ = [
    "DUEL_NEEDS",
    "FANO_MAX_BITS",
    "FANO_MAX_PER_BIT",
    "FANO_NEEDS",
    "RACE_NEEDS",
    "TWO_POINT_NEEDS",
    "run_exact",
    "run_fano",
    "run_simulated",
    "run_two_point",
]

#: Parameters of the duel's instance.
DUEL_NEEDS = ("n", "d", "eps", "alpha", "s", "q_hard")
#: Parameters of the race's instance.
RACE_NEEDS = ("n", "K", "d", "eps", "alpha", "s", "q_hard", "K_dec")
#: Parameters of the two-point instance.
TWO_POINT_NEEDS = ("n", "d", "eps", "alpha")
#: Parameters of the hypercube packing (its $n$ is what the decoder needs, not drawn).
FANO_NEEDS = ("K", "d", "eps", "alpha", "delta")

#: Largest number of labels per bit the Fano witness searches.
FANO_MAX_PER_BIT = 20_000
#: Largest number of bits of the hypercube packing.
FANO_MAX_BITS = 64


# ====================================================================== the duel and the race
def _exact_log_lose(bound_id: str, p: dict) -> float:
    """log P(lose) from the catalogue's exact bound (duel.exact or race.exact) at the model point."""
    ex = lookup(bound_id)
    ll = float(ex.log_evaluate(**bound_inputs(ex, p)))
    if math.isnan(ll):
        raise FloatingPointError(f"{bound_id} returned nan at {p} (a bug in the exact computation; please report)")
    return ll


def run_exact(b, params, method, error_rate, trials, ss, *, race):
    r"""Check a bound on $\delta$ against the exact $P(\text{lose})$ of the duel or (`race=True`) the race.

    The witness is the catalogue's own exact bound (`duel.exact` or `race.exact`),
    evaluated in log space at the model point; the check is exact (`error_rate` 0).

    Parameters
    ----------
    b : Bound
        A bound on `delta`.
    params : dict
        The point.
    method, error_rate, trials, ss
        As for every run (unused: the check is exact).
    race : bool
        The race (`race.exact`) rather than the duel (`duel.exact`).

    Returns
    -------
    Check
        The evidence.

    Examples
    --------
    >>> import bounds
    >>> c = run_exact(bounds.bound("race.union_chernoff"), {"n": 200, "K": 64, "d": 0.2, "eps": 0.1},
    ...               "exact", 0.0, None, None, race=True)
    >>> c.witness, c.holds
    ('race.exact', True)
    """
    name = (EXACT_RACE if race else EXACT_DUEL).name
    need_subject(b, "delta", name)
    p = model_point(b, params, RACE_NEEDS if race else DUEL_NEEDS)
    n = p["n"]
    if n != math.floor(n) or n < 0:
        raise ParameterValueError(f"n={n!r}: the exact witness needs a whole number of labels")
    ll = _exact_log_lose("race.exact" if race else "duel.exact", p)
    log_f = float(b.log_evaluate(**bound_inputs(b, p)))
    holds = judge_exact(b.relation_op, ll, log_f)
    claim = f"exact P(lose) = {fmt_exp(ll)} {b.relation_op} {fmt_exp(log_f)}"
    if math.exp(ll) == 0.0 or math.exp(log_f) == 0.0:
        claim = f"exact log P(lose) = {ll:.6g} {b.relation_op} log f = {log_f:.6g}"
    return Check(b.id, name, "exact", p, claim, math.exp(log_f), math.exp(ll), None, 0.0, holds)


def run_simulated(b, params, method, error_rate, trials, ss, *, race):
    r"""Check a bound on $\delta$ against a simulated duel or (`race=True`) race.

    Parameters
    ----------
    b : Bound
        A bound on `delta`.
    params : dict
        The point.
    method : str
        Unused (the witness only simulates).
    error_rate : float
        The check's false-alarm rate (see `judge_mc`).
    trials : int or None
        Trials (default 20 000 for the duel, 10 000 for the race).
    ss : numpy.random.SeedSequence
        The simulation's seed.
    race : bool
        `bounds.simulate.race` rather than `bounds.simulate.duel`.

    Returns
    -------
    Check
        The evidence, with the CP interval.

    Examples
    --------
    >>> import bounds
    >>> c = run_simulated(bounds.bound("duel.exact"), {"n": 11, "d": 1.0, "eps": 0.3}, "simulate", 1e-6,
    ...                   None, 1, race=False)
    >>> c.witness, c.holds
    ('simulate.duel', True)
    """
    name = (SIMULATED_RACE if race else SIMULATED_DUEL).name
    need_subject(b, "delta", name)
    p = model_point(b, params, RACE_NEEDS if race else DUEL_NEEDS)
    f = float(b(**bound_inputs(b, p)))
    if race:
        est = simulate.race(int(p["n"]), candidates(p), p["d"], p["eps"], p["alpha"], p["s"], p["q_hard"], p["K_dec"],
                            trials=trials or 10_000, seed=ss)
    else:
        est = simulate.duel(int(p["n"]), p["d"], p["eps"], p["alpha"], p["s"], p["q_hard"],
                            trials=trials or 20_000, seed=ss)
    holds, interval = judge_mc(b.relation_op, est, f, error_rate)
    claim = (f"P(lose) {b.relation_op} {f:.6g}; simulated {est.count}/{est.trials} = {est.estimate:.6g}, "
             f"CP interval [{interval[0]:.6g}, {interval[1]:.6g}] at level 1 - {error_rate:g}")
    return Check(b.id, name, "simulate", p, claim, f, est.estimate, interval, error_rate, holds)


# ====================================================================== the two-point test
def run_two_point(b, params, method, error_rate, trials, ss):
    r"""Check a lower bound on $\delta$ against the optimal test's error on the two-point instance.

    Parameters
    ----------
    b : Bound
        A bound on `delta`.
    params : dict
        The point.
    method : {'exact', 'simulate'}
        The exact error (`bounds.simulate.two_point_exact`, relative error $10^{-10}$
        allowed) or a simulated one (`bounds.simulate.two_point`).
    error_rate : float
        The false-alarm rate of a simulated check.
    trials : int or None
        Trials (default 20 000).
    ss : numpy.random.SeedSequence
        The simulation's seed.

    Returns
    -------
    Check
        The evidence.

    Examples
    --------
    >>> import bounds
    >>> c = run_two_point(bounds.bound("two_point.le_cam"), {"n": 10, "d": 0.5, "eps": 0.2}, "exact", 0.0,
    ...                   None, None)
    >>> c.holds, round(c.value, 6)
    (True, 0.076461)
    """
    name = TWO_POINT_TEST.name
    need_subject(b, "delta", name)
    p = model_point(b, params, TWO_POINT_NEEDS)
    n = int(p["n"])
    log_f = float(b.log_evaluate(**bound_inputs(b, p)))
    f = math.exp(log_f)
    if method == "exact":
        lt = simulate.two_point_exact(n, p["d"], p["eps"], p["alpha"], log=True)
        holds = judge_exact(b.relation_op, lt, log_f, 1e-10)
        claim = (f"optimal test's error {fmt_exp(lt)} (log {lt:.6g}) {b.relation_op} "
                 f"{fmt_exp(log_f)} (log {log_f:.6g})")
        return Check(b.id, name, "exact", p, claim, f, math.exp(lt), None, 0.0, holds)
    est = simulate.two_point(n, p["d"], p["eps"], p["alpha"], trials=trials or 20_000, seed=ss)
    holds, interval = judge_mc(b.relation_op, est, f, error_rate)
    claim = (f"optimal test's error {b.relation_op} {f:.6g}; simulated {est.count}/{est.trials}, "
             f"CP interval [{interval[0]:.6g}, {interval[1]:.6g}] at level 1 - {error_rate:g}")
    return Check(b.id, name, "simulate", p, claim, f, est.estimate, interval, error_rate, holds)


# ====================================================================== the Fano packing
def _log_block(k, m, d, p):
    """log of the MAP decoder's block error with k labels per bit (crossover p, informative with probability d)."""
    return log_block_error(log_two_point_error(k, d, p), m)


def _labels_per_bit(m, d, p, log_delta, cap):
    """Smallest labels per bit with MAP block error <= delta (Bayes error is non-increasing in k), or cap."""
    if _log_block(cap, m, d, p) > log_delta:
        return cap
    lo, hi = -1, cap  # block(lo) > delta (virtual), block(hi) <= delta
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _log_block(mid, m, d, p) <= log_delta:
            hi = mid
        else:
            lo = mid
    return hi


def _delta_above(log_err: float, log_success: float):
    """A float delta in (0, 1) that is >= the true error (given log error and log success), or None.

    Near 1 the error is read from the success probability 1 - delta, and the float is moved
    up until it is provably (in exact rational arithmetic) at least the error; None when no
    float below 1 is (success below ~1e-16 relative to the spacing of floats near 1)."""
    err = math.exp(log_err)
    if err < 0.5:
        return min(max(err * (1.0 + 1e-9), 1e-300), 0.5)
    succ = math.exp(log_success) * (1.0 - 1e-9)      # a little below the true success
    cand = 1.0 - succ
    while cand < 1.0 and 1 - Fraction(cand) > Fraction(succ):
        cand = math.nextafter(cand, 2.0)
    return cand if cand < 1.0 else None


def _decoder_error(m, k, p, cross, method, error_rate, trials, ss):
    """(delta at least the MAP decoder's block error or None, CP interval, false-alarm rate, how in words)."""
    if method == "exact":
        le = log_two_point_error(k, p["d"], cross)
        lb = log_block_error(le, m)
        return _delta_above(lb, m * math.log1p(-math.exp(le))), None, 0.0, f"MAP block error {fmt_exp(lb)} (exact)"
    r = simulate.hypercube(m, k, p["eps"], p["d"], p["alpha"], trials=trials or 2_000, seed=ss)
    lo, hi = r.block_error.interval(1.0 - error_rate, "less")
    how = (f"MAP block error {r.block_error.count}/{r.block_error.trials} simulated, "
           f"CP upper limit {hi:.6g} at level 1 - {error_rate:g}")
    return (hi if hi < 1.0 else None), (lo, hi), error_rate, how


def run_fano(b, params, method, error_rate, trials, ss):
    r"""Check a lower bound on $n$ against the labels the MAP decoder on the hypercube packing needs.

    With $K = 2^m$ candidates, the fewest labels per bit $k$ (at most `FANO_MAX_PER_BIT`)
    with which the decoder's block error is at most the drawn $\delta$ give $n = mk$
    labels; the bound, evaluated at a $\delta$ at least the decoder's error (exact, or the
    one-sided CP upper limit of a simulated one), must not exceed $n$.

    Parameters
    ----------
    b : Bound
        A bound on `n`.
    params : dict
        The point ($K$ or `bits`, $\varepsilon$, $\delta$, ...).
    method : {'exact', 'simulate'}
        The decoder's block error exact or simulated (`bounds.simulate.hypercube`).
    error_rate : float
        The false-alarm rate of a simulated check.
    trials : int or None
        Trials (default 2 000).
    ss : numpy.random.SeedSequence
        The simulation's seed.

    Returns
    -------
    Check
        The evidence; its `value` is the labels used, its `params` hold them as `n` and
        the $\delta$ at which the bound was evaluated.

    Raises
    ------
    ValueError
        If $K$ is not $2^m$ with $1 \le m \le$ `FANO_MAX_BITS`.

    Examples
    --------
    >>> import bounds
    >>> c = run_fano(bounds.bound("fano.capacity_exact"), {"K": 64, "eps": 0.1, "delta": 0.1}, "exact", 0.0,
    ...              None, None)
    >>> c.holds, c.value
    (True, 30.0)
    """
    name = FANO_PACKING.name
    need_subject(b, "n", name)
    p = model_point(b, params, FANO_NEEDS)
    m = p["bits"] if "bits" in p else math.log2(p["K"])
    if not (m == math.floor(m) and 1 <= m <= FANO_MAX_BITS):
        raise ParameterValueError(f"K={candidates(p)!r}: the hypercube packing needs K = 2^m with 1 <= m <= {FANO_MAX_BITS}")
    m = int(m)
    cross = channel(p["eps"], p["alpha"]).crossover
    k = _labels_per_bit(m, p["d"], cross, math.log(p["delta"]), FANO_MAX_PER_BIT)
    n_used = m * k
    d_used, interval, rate, how = _decoder_error(m, k, p, cross, method, error_rate, trials, ss)
    at = dict(p)
    at["n"] = float(n_used)
    if d_used is None:
        # the decoder's error is not below 1 by a representable margin: the bound (decreasing in
        # delta) can only be evaluated at a delta below the error, which would claim too much
        claim = (f"hypercube 2^{m}: {k} labels per bit ({n_used} in all) give {how}: no delta below 1 "
                 f"is at least that error, so there is nothing to check (vacuous)")
        return Check(b.id, name, method, at, claim, 0.0, float(n_used), interval, rate, True)
    # a delta at least the decoder's error only weakens the claim (the bound decreases in delta)
    at["delta"] = d_used
    f = float(b(**bound_inputs(b, at)))
    holds = f <= n_used * (1.0 + RTOL) + RTOL
    claim = (f"hypercube 2^{m}: {k} labels per bit ({n_used} in all) give {how}; "
             f"the bound says n >= {f:.6g} at delta = {d_used:.6g}")
    return Check(b.id, name, method, at, claim, f, float(n_used), interval, rate, holds)
