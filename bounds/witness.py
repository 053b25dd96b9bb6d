r"""One witness harness: every bound of the catalogue checked against what actually happens.

Every `Bound` names its witness (`b.witness`): an exact routine or a simulator of the same
model that must never contradict it. `verify(b)` lets hypothesis draw parameters from the
bound's declared domains (`bounds.vocabulary.PARAMETERS[name].strategy()`) — systematic
error ($s$, $q_{\mathrm{hard}}$, $K_{\mathrm{dec}}$) and `bits` in place of $K$ included,
wherever the bound and its witness have them — and asserts at every drawn point that the
bound holds: exactly where the witness is exact, and beyond a stated per-check error rate
$a$ (default $10^{-6}$) where it is Monte Carlo, through a Clopper–Pearson interval at
level $1-a$.

| kind of bound | witness | the check |
|---|---|---|
| sufficient ($\delta \le f$) | `duel.exact`, `race.exact` | exact $P(\text{lose}) \le f$ (deterministic) |
| necessary, generic objective ($\delta \ge f$) | `duel.exact` | exact $P(\text{lose}) \ge f$ |
| exact ($\delta = f$) | `simulate.duel`, `simulate.race` | $f$ in the two-sided CP interval of the simulated $P(\text{lose})$ |
| necessary, two-point ($\delta \ge f$) | `simulate.two_point` | the optimal (likelihood-ratio) test's error $\ge f$ |
| necessary, Fano ($n \ge f$) | `simulate.fano_packing` | the MAP decoder on the $2^m$ hypercube reaches error $\hat\delta$ with $n$ labels, so $f(\hat\delta) \le n$ |

The exact witnesses are the catalogue's own exact bounds (`bounds.bound("duel.exact")`,
`bounds.bound("race.exact")`), themselves witnessed by the simulators. The optimal
decoders see the labels through the bounds' channel, a binary symmetric channel with
crossover $1 - q_\alpha$; past the adversaries' breakdown ($q_\alpha < 1/2$) they read the
labels inverted, so the lower bounds, finite there, are checked there too.

A witness has a *reach* (exact routines are slow beyond a few thousand labels, a
simulated race samples every policy): `verify` maps each drawn value into it — $n$ and
$K$ by a power map of their typical range onto the reach, which keeps the draws spread
over orders of magnitude; `bits` to a whole number; $K_{\mathrm{dec}}$ to at most $K-1$;
$d$, with systematic error in a race, to where the latent-correctness model exists — and
every `Check` records the point where the bound was actually evaluated. Parameters a
bound does not have take the witness's defaults (`alpha=0`: no adversary; `s=0`: no
systematic error; `d=1`; `K=2`), the instance on which such a bound is tightest.

Negative controls — a deliberately too-tight bound built with `scaled` (through
`Bound.replace`) — must be rejected; the tests assert that they are.

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
bounds.errors.WitnessError: duel.chernoff*0.1 is contradicted by duel.exact (exact) at ...
"""
from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from . import kernels
from .errors import ParameterTypeError, ParameterValueError, UnknownNameError, WitnessError
from . import simulate
from .core import Bound, bound as _lookup, catalog
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

#: Values of the model's parameters for a bound that does not have them.
_DEFAULTS = {"alpha": 0.0, "d": 1.0, "K": 2.0, "s": 0.0, "q_hard": 0.0, "K_dec": 1.0}


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


def _contradiction(check: Check) -> str:
    """The message of a `WitnessError`: the bound, the witness, the point and the claim."""
    ps = ", ".join(f"{k}={_fmt(v)}" for k, v in check.params.items())
    rate = "" if check.error_rate == 0 else f" (chance of a false alarm {check.error_rate:g})"
    return f"{check.bound} is contradicted by {check.witness} ({check.method}) at {ps}: {check.claim}{rate}"


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


def _inputs(b: Bound, params: dict) -> dict:
    """The bound's inputs at a point (`bits` in place of `K` when the point has it)."""
    out = {}
    for k in b.inputs:
        if k == "K" and "bits" in params:
            out["bits"] = params["bits"]
        elif k in params:
            out[k] = params[k]
    return out


def _model(b: Bound, params: dict, names) -> dict:
    """The witness's model parameters: the bound's values, defaults for what it lacks."""
    out = {}
    for k in names:
        if k == "K" and "bits" in params:
            out["bits"] = float(params["bits"])
        elif k in params:
            out[k] = float(params[k])
        elif k in _DEFAULTS:
            out[k] = _DEFAULTS[k]
        else:
            raise ParameterTypeError(f"the witness needs {k}; {b.id} does not have it and it has no default")
    return out


def _K_of(p: dict) -> float:
    return 2.0 ** p["bits"] if "bits" in p else p["K"]


def _need_subject(b: Bound, subject: str, witness: str):
    if b.subject != subject:
        raise ParameterValueError(f"witness {witness} checks bounds on {subject}; {b.id} is a bound on {b.subject}")


def _squeeze(x: float, lo: float, hi: float, cap: float) -> float:
    """Power map of [lo, hi] onto [lo, cap] (log-uniform stays log-uniform); > hi goes to cap."""
    if x <= lo or cap >= hi:
        return min(x, cap)
    if x >= hi:
        return cap
    return lo * (x / lo) ** (math.log(cap / lo) / math.log(hi / lo))


def _log_rel(x: float) -> str:
    return f"{math.exp(x):.6g}" if math.exp(x) > 0.0 or x == -math.inf else f"e^{x:.6g}"


# ====================================================================== witness routines
def _exact_log_lose(name: str, p: dict) -> float:
    """log P(lose) from the catalogue's exact bound (duel.exact or race.exact) at the model point."""
    ex = _lookup(name)
    ll = float(ex.log_evaluate(**_inputs(ex, p)))
    if math.isnan(ll):
        raise FloatingPointError(f"{name} returned nan at {p} (a bug in the exact computation; please report)")
    return ll


def _run_exact(b, params, method, error_rate, trials, ss, *, race):
    name = "race.exact" if race else "duel.exact"
    _need_subject(b, "delta", name)
    p = _model(b, params, WITNESSES[name].needs)
    n = p["n"]
    if n != math.floor(n) or n < 0:
        raise ParameterValueError(f"n={n!r}: the exact witness needs a whole number of labels")
    ll = _exact_log_lose(name, p)
    log_f = float(b.log_evaluate(**_inputs(b, p)))
    holds = _judge_exact(b.relation_op, ll, log_f)
    claim = f"exact P(lose) = {_log_rel(ll)} {b.relation_op} {_log_rel(log_f)}"
    if math.exp(ll) == 0.0 or math.exp(log_f) == 0.0:
        claim = f"exact log P(lose) = {ll:.6g} {b.relation_op} log f = {log_f:.6g}"
    return Check(b.id, name, "exact", p, claim, math.exp(log_f), math.exp(ll), None, 0.0, holds)


def _run_simulated(b, params, method, error_rate, trials, ss, *, race):
    name = "simulate.race" if race else "simulate.duel"
    _need_subject(b, "delta", name)
    p = _model(b, params, WITNESSES[name].needs)
    f = float(b(**_inputs(b, p)))
    if race:
        est = simulate.race(int(p["n"]), _K_of(p), p["d"], p["eps"], p["alpha"], p["s"], p["q_hard"], p["K_dec"],
                            trials=trials or 10_000, seed=ss)
    else:
        est = simulate.duel(int(p["n"]), p["d"], p["eps"], p["alpha"], p["s"], p["q_hard"],
                            trials=trials or 20_000, seed=ss)
    holds, interval = _judge_mc(b.relation_op, est, f, error_rate)
    claim = (f"P(lose) {b.relation_op} {f:.6g}; simulated {est.count}/{est.trials} = {est.estimate:.6g}, "
             f"CP interval [{interval[0]:.6g}, {interval[1]:.6g}] at level 1 - {error_rate:g}")
    return Check(b.id, name, "simulate", p, claim, f, est.estimate, interval, error_rate, holds)


def _run_two_point(b, params, method, error_rate, trials, ss):
    name = "simulate.two_point"
    _need_subject(b, "delta", name)
    p = _model(b, params, WITNESSES[name].needs)
    n = int(p["n"])
    log_f = float(b.log_evaluate(**_inputs(b, p)))
    f = math.exp(log_f)
    if method == "exact":
        lt = simulate.two_point_exact(n, p["d"], p["eps"], p["alpha"], log=True)
        holds = _judge_exact(b.relation_op, lt, log_f, 1e-10)
        claim = (f"optimal test's error {_log_rel(lt)} (log {lt:.6g}) {b.relation_op} "
                 f"{_log_rel(log_f)} (log {log_f:.6g})")
        return Check(b.id, name, "exact", p, claim, f, math.exp(lt), None, 0.0, holds)
    est = simulate.two_point(n, p["d"], p["eps"], p["alpha"], trials=trials or 20_000, seed=ss)
    holds, interval = _judge_mc(b.relation_op, est, f, error_rate)
    claim = (f"optimal test's error {b.relation_op} {f:.6g}; simulated {est.count}/{est.trials}, "
             f"CP interval [{interval[0]:.6g}, {interval[1]:.6g}] at level 1 - {error_rate:g}")
    return Check(b.id, name, "simulate", p, claim, f, est.estimate, interval, error_rate, holds)


#: Largest number of labels per bit the Fano witness searches.
FANO_MAX_PER_BIT = 20_000
#: Largest number of bits of the hypercube packing.
FANO_MAX_BITS = 64


def _log_block(k, m, d, p):
    """log of the MAP decoder's block error with k labels per bit (crossover p, informative with probability d)."""
    return simulate._log_block_error(simulate._log_two_point_error(k, d, p), m)


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
    from fractions import Fraction

    err = math.exp(log_err)
    if err < 0.5:
        return min(max(err * (1.0 + 1e-9), 1e-300), 0.5)
    succ = math.exp(log_success) * (1.0 - 1e-9)      # a little below the true success
    cand = 1.0 - succ
    while cand < 1.0 and 1 - Fraction(cand) > Fraction(succ):
        cand = math.nextafter(cand, 2.0)
    return cand if cand < 1.0 else None


def _run_fano(b, params, method, error_rate, trials, ss):
    name = "simulate.fano_packing"
    _need_subject(b, "n", name)
    p = _model(b, params, WITNESSES[name].needs)
    m = p["bits"] if "bits" in p else math.log2(p["K"])
    if not (m == math.floor(m) and 1 <= m <= FANO_MAX_BITS):
        raise ParameterValueError(f"K={_K_of(p)!r}: the hypercube packing needs K = 2^m with 1 <= m <= {FANO_MAX_BITS}")
    m = int(m)
    _, _, cross = simulate._channel(p["eps"], p["alpha"])
    k = _labels_per_bit(m, p["d"], cross, math.log(p["delta"]), FANO_MAX_PER_BIT)
    n_used = m * k
    if method == "exact":
        le = simulate._log_two_point_error(k, p["d"], cross)
        lb = simulate._log_block_error(le, m)
        d_used = _delta_above(lb, m * math.log1p(-math.exp(le)))
        interval, rate = None, 0.0
        how = f"MAP block error {_log_rel(lb)} (exact)"
    else:
        r = simulate.hypercube(m, k, p["eps"], p["d"], p["alpha"], trials=trials or 2_000, seed=ss)
        lo, hi = r.block_error.interval(1.0 - error_rate, "less")
        d_used, interval, rate = (hi if hi < 1.0 else None), (lo, hi), error_rate
        how = (f"MAP block error {r.block_error.count}/{r.block_error.trials} simulated, "
               f"CP upper limit {hi:.6g} at level 1 - {error_rate:g}")
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
    f = float(b(**_inputs(b, at)))
    holds = f <= n_used * (1.0 + RTOL) + RTOL
    claim = (f"hypercube 2^{m}: {k} labels per bit ({n_used} in all) give {how}; "
             f"the bound says n >= {f:.6g} at delta = {d_used:.6g}")
    return Check(b.id, name, method, at, claim, f, float(n_used), interval, rate, holds)


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


def _typ(name):
    return PARAMETERS[name].typical


def _reach_n(p, cap):
    if "n" in p:
        lo, hi = _typ("n")
        p["n"] = float(math.floor(_squeeze(p["n"], lo, hi, cap)))
    return p


def _reach_policies(p, *, K_cap=None, bits_cap=60):
    """K (squeezed to K_cap if given, whole), bits (whole, <= bits_cap), K_dec <= K - 1."""
    if "K" in p:
        if K_cap is None:
            p["K"] = float(math.floor(p["K"]))
        else:
            lo, hi = _typ("K")
            p["K"] = float(math.floor(_squeeze(p["K"], lo, hi, K_cap)))
    if "bits" in p:
        cap = bits_cap if K_cap is None else math.floor(math.log2(K_cap))
        p["bits"] = float(min(max(1, round(p["bits"])), cap))
    if "K_dec" in p and ("K" in p or "bits" in p):
        K = 2.0 ** p["bits"] if "bits" in p else p["K"]
        p["K_dec"] = float(min(p["K_dec"], K - 1.0))
    return p


def _reach_latent(p):
    """With systematic error, d where the latent-correctness model exists: d (1 + |q_alpha - q_dec|) <= 1."""
    if p.get("s", 0.0) > 0.0 and "d" in p:
        eps, alpha = p.get("eps", 0.0), p.get("alpha", 0.0)
        gap = abs(float(kernels.qbar_alpha(eps, alpha)) - float(kernels.qbar_dec(eps, alpha, p["s"], p.get("q_hard", 0.0))))
        p["d"] = min(p["d"], (1.0 / (1.0 + gap)) * (1.0 - 1e-12))
    return p


def _reach_duel_exact(p):
    return _reach_n(p, 2000)


def _reach_race_exact(p):
    return _reach_latent(_reach_policies(_reach_n(p, 1000)))


def _reach_duel_sim(p):
    return _reach_n(p, 2000)


def _reach_race_sim(p):
    return _reach_latent(_reach_policies(_reach_n(p, 1000), K_cap=32.0))


def _reach_two_point(p):
    return _reach_n(p, 3000)


def _reach_fano(p):
    if "K" in p:
        p["K"] = float(2 ** min(FANO_MAX_BITS, max(1, round(math.log2(p["K"])))))
    if "bits" in p:
        p["bits"] = float(min(FANO_MAX_BITS, max(1, round(p["bits"]))))
    return p


_DUEL = ("n", "d", "eps", "alpha", "s", "q_hard")
_RACE = ("n", "K", "d", "eps", "alpha", "s", "q_hard", "K_dec")

WITNESSES: dict[str, Witness] = {w.name: w for w in [
    Witness("duel.exact", "exact P(lose the duel) against a deceptive (or, with s = 0, ordinary) policy: "
            "the catalogue's duel.exact",
            ("exact",), _DUEL,
            lambda b, p, m, a, t, s: _run_exact(b, p, m, a, t, s, race=False), _reach_duel_exact),
    Witness("race.exact", "exact P(lose the race) on the independent-separation class (latent-correctness "
            "model): the catalogue's race.exact",
            ("exact",), _RACE,
            lambda b, p, m, a, t, s: _run_exact(b, p, m, a, t, s, race=True), _reach_race_exact, bits=True),
    Witness("simulate.duel", "Monte Carlo of the duel from sufficient statistics, systematic error drawn "
            "query by query (bounds.simulate.duel)",
            ("simulate",), _DUEL,
            lambda b, p, m, a, t, s: _run_simulated(b, p, m, a, t, s, race=False), _reach_duel_sim),
    Witness("simulate.race", "Monte Carlo of the race, every policy sampled (bounds.simulate.race)",
            ("simulate",), _RACE,
            lambda b, p, m, a, t, s: _run_simulated(b, p, m, a, t, s, race=True), _reach_race_sim),
    Witness("simulate.two_point", "the likelihood-ratio test on the two-point instance (K = 2, channel "
            "BSC(1 - q_alpha)): its error, exact (bounds.simulate.two_point_exact) or simulated "
            "(bounds.simulate.two_point)",
            ("exact", "simulate"), ("n", "d", "eps", "alpha"), _run_two_point, _reach_two_point),
    Witness("simulate.fano_packing", "the MAP decoder on the 2^m hypercube packing (channel BSC(1 - q_alpha)): "
            "labels it needs for the drawn delta, and the block error it reaches with them, exact or simulated "
            "(bounds.simulate.hypercube)",
            ("exact", "simulate"), ("K", "d", "eps", "alpha", "delta"), _run_fano, _reach_fano, bits=True),
]}


def witness_of(obj) -> Witness:
    r"""The witness of a bound (or a witness given by name, or a `Witness` itself).

    Parameters
    ----------
    obj : Bound, str or Witness
        A bound (catalogued or not), whose `witness` attribute may be a name or a
        `Witness`; or a witness name; or a `Witness`.

    Returns
    -------
    Witness
        Its entry in `WITNESSES` (or the `Witness` given).

    Raises
    ------
    LookupError
        If the bound names no witness, or one that is not registered.
    TypeError
        For anything else.

    Examples
    --------
    >>> import bounds
    >>> witness_of(bounds.bound("race.union_chernoff")).name
    'race.exact'
    >>> witness_of("simulate.two_point") is witness_of(WITNESSES["simulate.two_point"])
    True
    """
    if isinstance(obj, Witness):
        return obj
    if isinstance(obj, Bound):
        w = obj.witness
        if isinstance(w, Witness):
            return w
        if not w:
            raise UnknownNameError(f"{obj.id} names no witness (Bound(..., witness=...)); every bound needs one")
        if not isinstance(w, str) or w not in WITNESSES:
            raise UnknownNameError(f"{obj.id} names witness {w!r}, which is not one of {sorted(WITNESSES)}")
        return WITNESSES[w]
    if isinstance(obj, str):
        try:
            return WITNESSES[obj]
        except KeyError:
            raise UnknownNameError(f"no witness {obj!r}; the witnesses are {sorted(WITNESSES)}") from None
    raise ParameterTypeError(f"witness_of takes a Bound, a witness name or a Witness, got {type(obj).__name__} {obj!r}")


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
    ss = _seed_for(seed, bound.id, params)
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
    `PARAMETERS[name].strategy(region=region)`, maps it into the witness's reach (see the
    module docstring) and runs `check`. Reproducible: hypothesis is seeded from `seed`
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
        c = w.run(bound, params, method, error_rate, trials, _seed_for(seed, bound.id, params))
        checks.append(c)
        if not c.holds:
            raise WitnessError(_contradiction(c), c)

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
    ('fano.capacity_exact*3', 'simulate.fano_packing')
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
