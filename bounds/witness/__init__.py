r"""One witness harness: every bound of the catalogue checked against what actually happens.

Every `Bound` names its witness (`b.witness`, a `bounds.witness_ref.WitnessRef`): an exact
routine or a simulator of the same model that must never contradict it. `verify(b)` lets
hypothesis draw parameters from the bound's declared domains
(`bounds.vocabulary.PARAMETERS[name].strategy()`) — systematic error ($s$,
$q_{\mathrm{hard}}$, $K_{\mathrm{dec}}$) and `bits` in place of $K$ included, wherever the
bound and its witness have them — and asserts at every drawn point that the bound holds:
exactly where the witness is exact, and beyond a stated per-check error rate $a$ (default
$10^{-6}$) where it is Monte Carlo, through a Clopper–Pearson interval at level $1-a$.

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

The modules: `results` (`Check`, `Report` and the judges of exact and Monte Carlo
evidence), `points` (the witness's point, its seed, the reach), `runners` (each witness's
run), `registry` (`Witness`, `WITNESSES`, `witness_of`) and `harness` (`check`, `verify`,
`scaled`); the names of `__all__` are importable from here. A new witness is a run
(`run(bound, params, method, error_rate, trials, seed) -> Check`, built from `points` and
`results`), a reach, a `Witness` in `WITNESSES` and a `WitnessRef` for the bounds to hold.

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

from ..errors import WitnessError
from . import harness, points, registry, results, runners
from .harness import check, scaled, verify
from .registry import WITNESSES, Witness, unwitnessed, witness_of
from .results import RTOL, Check, Report
from .runners import FANO_MAX_BITS, FANO_MAX_PER_BIT

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
