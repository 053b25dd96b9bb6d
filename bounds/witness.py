r"""One witness harness: every bound of the catalogue checked against what actually happens.

Every `Bound` names its witness (`b.witness`): an exact routine or a simulator of the same
model that must never contradict it. `verify(b)` lets hypothesis draw parameters from the
bound's declared domains (`bounds.vocabulary.PARAMETERS[name].strategy()`), with fixed
seeds, and asserts at every drawn point that the bound holds — exactly where the witness
is exact, and beyond a stated per-check error rate $a$ (default $10^{-6}$) where it is
Monte Carlo, through a Clopper–Pearson interval at level $1-a$.

| kind of bound | witness | the check |
|---|---|---|
| sufficient ($\delta \le f$) | `duel.exact`, `race.exact` | exact $P(\text{lose}) \le f$ (deterministic) |
| exact ($\delta = f$) | `simulate.duel`, `simulate.race` | $f$ in the two-sided CP interval of the simulated $P(\text{lose})$ |
| necessary, two-point ($\delta \ge f$) | `simulate.two_point` | the optimal (likelihood-ratio) test's error $\ge f$ |
| necessary, Fano ($n \ge f$) | `simulate.fano_packing` | the MAP decoder on the $2^m$ hypercube reaches error $\hat\delta$ with $n$ labels, so $f(\hat\delta) \le n$ |

A witness has a *reach* (exact routines are slow beyond a few thousand labels, a
simulated race samples every policy): `verify` maps each drawn value into it — $n$ and
$K$ by a power map of their typical range onto the reach, which keeps the draws spread
over orders of magnitude — and every `Check` records the point where the bound was
actually evaluated. Parameters a bound does not have take the witness's defaults
(`alpha=0`: no adversary; `d=1`; `K=2`), the instance on which such a bound is tightest.

Negative controls — a deliberately too-tight bound built with `scaled` — must be rejected;
the tests assert that they are.

Examples
--------
>>> import bounds
>>> from bounds import witness
>>> witness.verify(bounds.bound("duel.chernoff"), max_examples=5)
Report(duel.chernoff: 5 checks by duel.exact (exact), none contradicted)
>>> too_tight = witness.scaled(bounds.bound("duel.chernoff"), 0.1)
>>> witness.verify(too_tight, max_examples=20, shrink=False)
Traceback (most recent call last):
...
bounds.witness.WitnessError: duel.chernoff*0.1 is contradicted by duel.exact (exact) at ...
"""
from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from . import _exact, simulate
from .core import Bound, catalog
from .vocabulary import PARAMETERS

__all__ = [
    "Check",
    "Report",
    "Witness",
    "WitnessError",
    "WITNESSES",
    "check",
    "verify",
    "scaled",
    "unwitnessed",
    "witness_of",
]

#: Relative tolerance of exact comparisons (floating-point rounding of bound and witness).
RTOL = 1e-9

_DEFAULTS = {"alpha": 0.0, "d": 1.0, "K": 2.0}


# ====================================================================== results
@dataclass(frozen=True)
class Check:
    r"""The outcome of checking a bound at one point against its witness.

    Attributes
    ----------
    bound : str
        Id of the bound.
    witness : str
        Name of the witness.
    method : str
        `'exact'` or `'simulate'`.
    params : dict
        Where the bound was evaluated (after mapping into the witness's reach).
    claim : str
        The claim checked, in words and numbers.
    bound_value : float
        The bound's value $f$ at `params`.
    value : float
        What the witness found (an exact probability, a simulated estimate, or for
        Fano bounds the labels the decoder used).
    interval : tuple or None
        The one- or two-sided CP interval used (Monte Carlo only).
    error_rate : float
        Probability that this check fails by chance although the bound holds (0 for
        an exact check).
    holds : bool
        Whether the bound survived.

    Examples
    --------
    >>> import bounds
    >>> c = check(bounds.bound("duel.hoeffding"), n=20, d=0.5, eps=0.1)
    >>> c.holds, c.method
    (True, 'exact')
    """

    bound: str
    witness: str
    method: str
    params: dict
    claim: str
    bound_value: float
    value: float
    interval: tuple | None
    error_rate: float
    holds: bool

    def __str__(self) -> str:
        ps = ", ".join(f"{k}={_fmt(v)}" for k, v in self.params.items())
        return f"{self.bound} vs {self.witness} ({self.method}) at {ps}: {self.claim} — {'holds' if self.holds else 'CONTRADICTED'}"


class WitnessError(AssertionError):
    r"""Raised by `verify` when a witness contradicts a bound; `.check` holds the evidence.

    Examples
    --------
    >>> issubclass(WitnessError, AssertionError)
    True
    """

    def __init__(self, check: Check):
        ps = ", ".join(f"{k}={_fmt(v)}" for k, v in check.params.items())
        rate = "" if check.error_rate == 0 else f" (chance of a false alarm {check.error_rate:g})"
        super().__init__(f"{check.bound} is contradicted by {check.witness} ({check.method}) at {ps}: {check.claim}{rate}")
        self.check = check


@dataclass(frozen=True)
class Report:
    r"""What `verify` found: every check it ran, none of them contradicted.

    Attributes
    ----------
    bound : str
        Id of the bound.
    witness : str
        Name of the witness.
    method : str
        `'exact'` or `'simulate'`.
    error_rate : float
        Per-check false-alarm rate of Monte Carlo checks.
    checks : tuple of Check
        All checks (hypothesis's examples).

    Examples
    --------
    >>> import bounds
    >>> r = verify(bounds.bound("two_point.le_cam"), max_examples=3)
    >>> len(r.checks), r.witness
    (3, 'simulate.two_point')
    """

    bound: str
    witness: str
    method: str
    error_rate: float
    checks: tuple = field(repr=False)

    @property
    def family_error_rate(self) -> float:
        r"""Bonferroni bound on the chance that any check of this run failed by chance.

        Returns
        -------
        float
            `error_rate` times the number of Monte Carlo checks (0 if all were exact).

        Examples
        --------
        >>> import bounds
        >>> verify(bounds.bound("duel.hoeffding"), max_examples=2).family_error_rate
        0.0
        """
        return float(sum(c.error_rate for c in self.checks))

    def __repr__(self) -> str:
        bad = sum(not c.holds for c in self.checks)
        state = "none contradicted" if bad == 0 else f"{bad} CONTRADICTED"
        return f"Report({self.bound}: {len(self.checks)} checks by {self.witness} ({self.method}), {state})"


# ====================================================================== helpers
def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)


def _seed_for(seed: int, bound_id: str, params: dict) -> np.random.SeedSequence:
    """A SeedSequence that depends only on (seed, bound id, parameter values)."""
    text = ";".join(f"{k}={float(v)!r}" for k, v in sorted(params.items()))
    return np.random.SeedSequence([int(seed), zlib.crc32(bound_id.encode()), zlib.crc32(text.encode())])


def _log(x: float) -> float:
    return math.log(x) if x > 0 else -math.inf


def _judge_exact(rel: str, log_truth: float, log_f: float, rel_err: float = 0.0) -> bool:
    """Does `truth REL f` hold, allowing relative error `rel_err` + RTOL (all in log space)?"""
    if log_truth == log_f:
        return True
    scale = max(1.0, abs(log_f)) if math.isfinite(log_f) else 1.0
    slack = math.log1p(rel_err) + RTOL * scale
    if rel == "<=":
        return log_truth - slack <= log_f
    if rel == ">=":
        return log_truth + slack >= log_f
    return abs(log_truth - log_f) <= slack


def _judge_mc(rel: str, est, f: float, error_rate: float):
    """Monte Carlo verdict on `truth REL f` at false-alarm rate `error_rate`; returns (holds, interval)."""
    conf = 1.0 - error_rate
    tol = 1e-12 * max(abs(f), 1e-300)
    if rel == "<=":  # truth <= f is contradicted only if even the CP lower limit exceeds f
        lo, hi = est.interval(conf, "greater")
        return lo <= f + tol, (lo, hi)
    if rel == ">=":
        lo, hi = est.interval(conf, "less")
        return hi >= f - tol, (lo, hi)
    lo, hi = est.interval(conf, "two-sided")
    return lo - tol <= f <= hi + tol, (lo, hi)


def _inputs(bound: Bound, params: dict) -> dict:
    return {k: params[k] for k in bound.inputs}


def _model(bound: Bound, params: dict, names) -> dict:
    """The witness's model parameters: the bound's values, defaults for what it lacks."""
    out = {}
    for k in names:
        if k in params:
            out[k] = float(params[k])
        elif k in _DEFAULTS:
            out[k] = _DEFAULTS[k]
        else:
            raise TypeError(f"the witness needs {k}; {bound.id} does not have it and it has no default")
    return out


def _need_subject(bound: Bound, subject: str, witness: str):
    if bound.subject != subject:
        raise ValueError(f"witness {witness} checks bounds on {subject}; {bound.id} is a bound on {bound.subject}")


def _squeeze(x: float, lo: float, hi: float, cap: float) -> float:
    """Power map of [lo, hi] onto [lo, cap] (log-uniform stays log-uniform); > hi goes to cap."""
    if x <= lo or cap >= hi:
        return min(x, cap)
    if x >= hi:
        return cap
    return lo * (x / lo) ** (math.log(cap / lo) / math.log(hi / lo))


# ====================================================================== witness routines
def _exact_probability(bound, params, *, race):
    names = ("n", "K", "d", "eps", "alpha") if race else ("n", "d", "eps", "alpha")
    p = _model(bound, params, names)
    n = p["n"]
    if n != math.floor(n) or n < 0:
        raise ValueError(f"n={n!r}: the exact witness needs a whole number of labels")
    if race:
        lw, ll, err = _exact.race_log_probs(int(n), p["K"], p["d"], 1.0 - p["eps"], p["alpha"])
    else:
        lw, ll, err = _exact.duel_log_probs(int(n), p["d"], 1.0 - p["eps"], p["alpha"])
    ll, err = float(ll), float(err)
    if math.isnan(ll) or math.isnan(err):
        raise FloatingPointError(f"the exact routine returned nan at {p} (a bug in bounds._exact; please report)")
    # err bounds the *relative* truncation error of each probability (bounds._exact docs)
    return p, ll, err


def _run_exact(bound, params, method, error_rate, trials, ss, *, race):
    name = "race.exact" if race else "duel.exact"
    _need_subject(bound, "delta", name)
    p, ll, rel_err = _exact_probability(bound, params, race=race)
    log_f = float(bound.log_evaluate(**_inputs(bound, p)))
    holds = _judge_exact(bound.relation_op, ll, log_f, rel_err)
    claim = f"exact P(lose) = {math.exp(ll):.6g} {bound.relation_op} {math.exp(log_f):.6g}"
    if math.exp(ll) == 0.0 or math.exp(log_f) == 0.0:
        claim = f"exact log P(lose) = {ll:.6g} {bound.relation_op} log f = {log_f:.6g}"
    return Check(bound.id, name, "exact", p, claim, math.exp(log_f), math.exp(ll), None, 0.0, holds)


def _run_simulated(bound, params, method, error_rate, trials, ss, *, race):
    name = "simulate.race" if race else "simulate.duel"
    _need_subject(bound, "delta", name)
    names = ("n", "K", "d", "eps", "alpha") if race else ("n", "d", "eps", "alpha")
    p = _model(bound, params, names)
    f = float(bound(**_inputs(bound, p)))
    if race:
        est = simulate.race(int(p["n"]), p["K"], p["d"], p["eps"], p["alpha"], trials=trials or 10_000, seed=ss)
    else:
        est = simulate.duel(int(p["n"]), p["d"], p["eps"], p["alpha"], trials=trials or 20_000, seed=ss)
    holds, interval = _judge_mc(bound.relation_op, est, f, error_rate)
    claim = (f"P(lose) {bound.relation_op} {f:.6g}; simulated {est.count}/{est.trials} = {est.estimate:.6g}, "
             f"CP interval [{interval[0]:.6g}, {interval[1]:.6g}] at level 1 - {error_rate:g}")
    return Check(bound.id, name, "simulate", p, claim, f, est.estimate, interval, error_rate, holds)


def _run_two_point(bound, params, method, error_rate, trials, ss):
    name = "simulate.two_point"
    _need_subject(bound, "delta", name)
    p = _model(bound, params, ("n", "d", "eps", "alpha"))
    n = int(p["n"])
    log_f = float(bound.log_evaluate(**_inputs(bound, p)))
    f = math.exp(log_f)
    if method == "exact":
        lt = simulate.two_point_exact(n, p["d"], p["eps"], p["alpha"], log=True)
        holds = _judge_exact(bound.relation_op, lt, log_f, 1e-10)
        claim = f"optimal test's error {math.exp(lt):.6g} (log {lt:.6g}) {bound.relation_op} {f:.6g} (log {log_f:.6g})"
        return Check(bound.id, name, "exact", p, claim, f, math.exp(lt), None, 0.0, holds)
    est = simulate.two_point(n, p["d"], p["eps"], p["alpha"], trials=trials or 20_000, seed=ss)
    holds, interval = _judge_mc(bound.relation_op, est, f, error_rate)
    claim = (f"optimal test's error {bound.relation_op} {f:.6g}; simulated {est.count}/{est.trials}, "
             f"CP interval [{interval[0]:.6g}, {interval[1]:.6g}] at level 1 - {error_rate:g}")
    return Check(bound.id, name, "simulate", p, claim, f, est.estimate, interval, error_rate, holds)


#: Largest number of labels per bit the Fano witness searches.
FANO_MAX_PER_BIT = 20_000


def _labels_per_bit(m, d, qe, delta, cap, qb=None):
    """Smallest labels per bit with MAP block error <= delta (Bayes error is non-increasing in n), or cap."""
    def block(k):
        return simulate._block_error(simulate._bit_error_linear(k, d, qe, qb), m)

    if block(cap) > delta:
        return cap
    lo, hi = -1, cap  # block(lo) > delta (virtual), block(hi) <= delta
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if block(mid) <= delta:
            hi = mid
        else:
            lo = mid
    return hi


def _run_fano(bound, params, method, error_rate, trials, ss):
    name = "simulate.fano_packing"
    _need_subject(bound, "n", name)
    p = _model(bound, params, ("K", "d", "eps", "alpha", "delta"))
    m = math.log2(p["K"])
    if not (m == math.floor(m) and 1 <= m <= 1000):
        raise ValueError(f"K={p['K']!r}: the hypercube packing needs K = 2^m with 1 <= m <= 1000")
    m = int(m)
    qe = simulate._q_eff(p["eps"], p["alpha"])
    qb = simulate._q_bar(p["eps"], p["alpha"])
    k = _labels_per_bit(m, p["d"], qe, p["delta"], FANO_MAX_PER_BIT, qb)
    n_used = m * k
    if method == "exact":
        e = simulate._bit_error_linear(k, p["d"], qe, qb)
        dhat = simulate._block_error(e, m)
        d_used = dhat * (1.0 + 1e-9)          # never below the true error (rounding)
        interval, rate = None, 0.0
        how = f"MAP block error {dhat:.6g} (exact)"
    else:
        r = simulate.hypercube(m, k, p["eps"], p["d"], p["alpha"], trials=trials or 2_000, seed=ss)
        lo, hi = r.block_error.interval(1.0 - error_rate, "less")
        dhat, d_used, interval, rate = r.block_error.estimate, hi, (lo, hi), error_rate
        how = (f"MAP block error {r.block_error.count}/{r.block_error.trials} simulated, "
               f"CP upper limit {hi:.6g} at level 1 - {error_rate:g}")
    d_used = min(max(d_used, 1e-300), math.nextafter(1.0, 0.0))
    at = dict(p)
    at["delta"] = d_used
    f = float(bound(**_inputs(bound, at)))
    holds = f <= n_used * (1.0 + RTOL) + RTOL
    claim = (f"hypercube 2^{m}: {k} labels per bit ({n_used} in all) give {how}; "
             f"the bound says n >= {f:.6g} at delta = {d_used:.6g}")
    at["n"] = float(n_used)
    return Check(bound.id, name, method, at, claim, f, float(n_used), interval, rate, holds)


# ====================================================================== the registry
@dataclass(frozen=True)
class Witness:
    r"""A witness: what it computes, how, and how drawn parameters are mapped into its reach.

    Attributes
    ----------
    name : str
        The name bounds refer to in `Bound.witness`.
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

    Examples
    --------
    >>> WITNESSES["duel.exact"].methods
    ('exact',)
    """

    name: str
    description: str
    methods: tuple
    needs: tuple
    run: Callable = field(repr=False)
    reach: Callable = field(repr=False)


def _typ(name):
    return PARAMETERS[name].typical


def _reach_n(cap):
    lo, hi = _typ("n")

    def f(p):
        if "n" in p:
            p["n"] = float(math.floor(_squeeze(p["n"], lo, hi, cap)))
        return p
    return f


def _reach_duel_exact(p):
    return _reach_n(2000)(p)


def _reach_race_exact(p):
    p = _reach_n(1000)(p)
    if "K" in p:
        p["K"] = float(math.floor(p["K"]))
    return p


def _reach_duel_sim(p):
    return _reach_n(2000)(p)


def _reach_race_sim(p):
    p = _reach_n(1000)(p)
    if "K" in p:
        lo, hi = _typ("K")
        p["K"] = float(math.floor(_squeeze(p["K"], lo, hi, 32.0)))
    return p


def _reach_two_point(p):
    return _reach_n(3000)(p)


def _reach_fano(p):
    if "K" in p:
        p["K"] = float(2 ** min(64, max(1, round(math.log2(p["K"])))))
    return p


WITNESSES: dict[str, Witness] = {w.name: w for w in [
    Witness("duel.exact", "exact P(lose the duel), bounds._exact.duel_log_probs (log space, error-bounded)",
            ("exact",), ("n", "d", "eps", "alpha"),
            lambda b, p, m, a, t, s: _run_exact(b, p, m, a, t, s, race=False), _reach_duel_exact),
    Witness("race.exact", "exact P(lose the race) under independent separation, bounds._exact.race_log_probs",
            ("exact",), ("n", "K", "d", "eps", "alpha"),
            lambda b, p, m, a, t, s: _run_exact(b, p, m, a, t, s, race=True), _reach_race_exact),
    Witness("simulate.duel", "Monte Carlo of the duel from sufficient statistics (bounds.simulate.duel)",
            ("simulate",), ("n", "d", "eps", "alpha"),
            lambda b, p, m, a, t, s: _run_simulated(b, p, m, a, t, s, race=False), _reach_duel_sim),
    Witness("simulate.race", "Monte Carlo of the race, every policy sampled (bounds.simulate.race)",
            ("simulate",), ("n", "K", "d", "eps", "alpha"),
            lambda b, p, m, a, t, s: _run_simulated(b, p, m, a, t, s, race=True), _reach_race_sim),
    Witness("simulate.two_point", "the likelihood-ratio test on the two-point instance (K = 2): its error, "
            "exact (bounds.simulate.two_point_exact) or simulated (bounds.simulate.two_point)",
            ("exact", "simulate"), ("n", "d", "eps", "alpha"), _run_two_point, _reach_two_point),
    Witness("simulate.fano_packing", "the MAP decoder on the 2^m hypercube packing: labels it needs for the "
            "drawn delta, and the block error it reaches with them, exact or simulated (bounds.simulate.hypercube)",
            ("exact", "simulate"), ("K", "d", "eps", "alpha", "delta"), _run_fano, _reach_fano),
]}


def witness_of(bound: Bound) -> Witness:
    r"""The witness a bound names.

    Parameters
    ----------
    bound : Bound
        A bound (catalogued or not).

    Returns
    -------
    Witness
        Its entry in `WITNESSES`.

    Raises
    ------
    LookupError
        If the bound names no witness, or one that is not registered.

    Examples
    --------
    >>> import bounds
    >>> witness_of(bounds.bound("race.union_chernoff")).name
    'race.exact'
    """
    if not bound.witness:
        raise LookupError(f"{bound.id} names no witness (Bound(..., witness=...)); every bound needs one")
    try:
        return WITNESSES[bound.witness]
    except KeyError:
        raise LookupError(f"{bound.id} names witness {bound.witness!r}, which is not one of {sorted(WITNESSES)}") from None


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
    return [b.id for b in (catalog() if bounds is None else bounds) if b.witness not in WITNESSES]


def _method(w: Witness, method):
    if method is None:
        return w.methods[0]
    if method not in w.methods:
        raise ValueError(f"method={method!r}: witness {w.name} offers {w.methods}")
    return method


def _error_rate(error_rate):
    if not (isinstance(error_rate, (int, float)) and 0 < error_rate < 1):
        raise ValueError(f"error_rate={error_rate!r} is outside its domain (0, 1)")
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
        bound without it). Not mapped into the reach: a point the witness cannot
        handle raises.

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

    Examples
    --------
    >>> import bounds
    >>> c = check(bounds.bound("race.exact"), n=40, K=5, d=0.3, eps=0.1, alpha=0.0)
    >>> c.holds, c.method, c.error_rate
    (True, 'simulate', 1e-06)
    """
    w = witness_of(bound)
    method = _method(w, method)
    error_rate = _error_rate(error_rate)
    ss = _seed_for(seed, bound.id, params)
    return w.run(bound, dict(params), method, error_rate, trials, ss)


def verify(bound: Bound, *, max_examples: int = 25, error_rate: float = 1e-6, method: str | None = None,
           trials: int | None = None, seed: int = 0, region: str = "typical", shrink: bool = True) -> Report:
    r"""Property test: hypothesis draws points from the bound's domains; the witness must never contradict it.

    Draws every parameter the witness's instance needs that the bound has, from
    `PARAMETERS[name].strategy(region=region)`, maps it into the witness's reach (see
    the module docstring) and runs `check`. Deterministic: hypothesis is seeded from
    `seed` and the bound id (`derandomize=True`, no example database), and each Monte
    Carlo check from the point.

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
        Base seed.
    region : {'typical', 'domain'}
        Draw from the typical ranges or the whole domains.
    shrink : bool
        Let hypothesis shrink a counterexample to a simpler one (costs more checks).

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

    Examples
    --------
    >>> import bounds
    >>> verify(bounds.bound("fano.capacity_exact"), max_examples=10)
    Report(fano.capacity_exact: 10 checks by simulate.fano_packing (exact), none contradicted)
    """
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed
    from hypothesis import strategies as st

    w = witness_of(bound)
    method = _method(w, method)
    error_rate = _error_rate(error_rate)
    if region not in ("typical", "domain"):
        raise ValueError(f"region={region!r} must be 'typical' or 'domain'")
    drawn = [k for k in w.needs if k in bound.symbols]
    strategy = st.fixed_dictionaries({k: PARAMETERS[k].strategy(region=region) for k in drawn})
    checks: list = []
    phases = [Phase.explicit, Phase.reuse, Phase.generate] + ([Phase.shrink] if shrink else [])

    @hseed(zlib.crc32(f"{seed}:{bound.id}".encode()))
    @settings(max_examples=max_examples, derandomize=True, database=None, deadline=None, phases=phases,
              suppress_health_check=list(HealthCheck), report_multiple_bugs=False, print_blob=False)
    @given(strategy)
    def run(raw):
        params = w.reach(dict(raw))
        c = w.run(bound, params, method, error_rate, trials, _seed_for(seed, bound.id, params))
        checks.append(c)
        if not c.holds:
            raise WitnessError(c)

    run()
    return Report(bound.id, w.name, method, error_rate, tuple(checks))


def scaled(bound: Bound, factor: float, *, id: str | None = None) -> Bound:
    r"""A copy of a bound multiplied by `factor` — e.g. a deliberately too-tight negative control.

    The copy is not added to the catalogue and keeps the original's witness. A
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
    ('fano.capacity_exact*3', 'simulate.fano_packing')
    >>> round(b(K=1024, eps=0.2, alpha=0.0, delta=0.1) / 3, 2)
    30.68
    """
    if not (isinstance(factor, (int, float)) and factor > 0 and math.isfinite(factor)):
        raise ValueError(f"factor={factor!r} must be a positive finite number")
    lf = math.log(factor)

    def numeric(**kw):
        return np.asarray(bound._numeric(**kw), dtype=float) * factor

    def log_numeric(**kw):
        return bound._log_value(kw) + lf

    copy = Bound(
        id or f"{bound.id}*{factor:g}", f"{bound.title} (times {factor:g})", bound.subject, bound.relation_op,
        bound.expr * factor, direction=bound.direction, citation=f"negative control: {bound.citation} times {factor:g}",
        monotone=bound.monotone, assumptions=bound.assumptions, numeric=numeric, log_numeric=log_numeric,
        witness=bound.witness, description=f"{factor:g} times {bound.id}",
    )
    copy._validate_extra = bound._validate_extra
    return copy
