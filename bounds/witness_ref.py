r"""Which witness checks a bound: the references that the catalogue's bounds hold.

Every bound of the catalogue is checked by a *witness*, an exact routine or a simulator of
the same model that must never contradict it (see `bounds.witness`). A family file does not
hold the witness itself, which would load the simulators whenever the catalogue is
imported, nor its name as a string, which reads like a bound id: it holds a `WitnessRef`, a
small object naming the witness and saying what it computes. `bounds.witness.witness_of`
resolves it to the `bounds.witness.Witness` that runs the checks.

| reference | name | what the witness computes |
|---|---|---|
| `EXACT_DUEL` | `duel.exact` | exact $P(\text{lose the duel})$ (the catalogue's exact duel) |
| `EXACT_RACE` | `race.exact` | exact $P(\text{lose the race})$ on the independent-separation class |
| `SIMULATED_DUEL` | `simulate.duel` | Monte Carlo of the duel (`bounds.simulate.duel`) |
| `SIMULATED_RACE` | `simulate.race` | Monte Carlo of the race, every policy sampled (`bounds.simulate.race`) |
| `TWO_POINT_TEST` | `simulate.two_point` | the likelihood-ratio test on the two-point instance, exact or simulated |
| `FANO_PACKING` | `simulate.fano_packing` | the MAP decoder on the $2^m$ hypercube packing, exact or simulated |

Examples
--------
>>> import bounds
>>> from bounds.witness_ref import EXACT_DUEL
>>> bounds.bound("duel.chernoff").witness is EXACT_DUEL
True
>>> EXACT_DUEL
WitnessRef('duel.exact')
>>> bounds.witness.witness_of(EXACT_DUEL).methods
('exact',)
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "EXACT_DUEL",
    "EXACT_RACE",
    "FANO_PACKING",
    "SIMULATED_DUEL",
    "SIMULATED_RACE",
    "TWO_POINT_TEST",
    "WitnessRef",
]


@dataclass(frozen=True)
class WitnessRef:
    r"""A reference to a witness: its name and what it computes, without the machinery that runs it.

    Attributes
    ----------
    name : str
        The witness's name (its key in `bounds.witness.WITNESSES`, and what a `Check`
        records as its witness).
    description : str
        What the witness computes, in one sentence.

    Examples
    --------
    >>> FANO_PACKING.name
    'simulate.fano_packing'
    >>> print(str(TWO_POINT_TEST))
    simulate.two_point
    """

    name: str
    description: str

    def __repr__(self) -> str:
        return f"WitnessRef({self.name!r})"

    def __str__(self) -> str:
        return self.name


#: Exact $P(\text{lose the duel})$, from the catalogue's exact bound `duel.exact`.
EXACT_DUEL = WitnessRef(
    "duel.exact", "exact P(lose the duel) against a deceptive (or, with s = 0, ordinary) policy: "
    "the catalogue's duel.exact")
#: Exact $P(\text{lose the race})$, from the catalogue's exact bound `race.exact`.
EXACT_RACE = WitnessRef(
    "race.exact", "exact P(lose the race) on the independent-separation class (latent-correctness "
    "model): the catalogue's race.exact")
#: Monte Carlo of the duel (`bounds.simulate.duel`).
SIMULATED_DUEL = WitnessRef(
    "simulate.duel", "Monte Carlo of the duel from sufficient statistics, systematic error drawn "
    "query by query (bounds.simulate.duel)")
#: Monte Carlo of the race (`bounds.simulate.race`).
SIMULATED_RACE = WitnessRef(
    "simulate.race", "Monte Carlo of the race, every policy sampled (bounds.simulate.race)")
#: The optimal test on the two-point instance (`bounds.simulate.two_point`, `two_point_exact`).
TWO_POINT_TEST = WitnessRef(
    "simulate.two_point", "the likelihood-ratio test on the two-point instance (K = 2, channel "
    "BSC(1 - q_alpha)): its error, exact (bounds.simulate.two_point_exact) or simulated "
    "(bounds.simulate.two_point)")
#: The MAP decoder on the hypercube packing (`bounds.simulate.hypercube`).
FANO_PACKING = WitnessRef(
    "simulate.fano_packing", "the MAP decoder on the 2^m hypercube packing (channel BSC(1 - q_alpha)): "
    "labels it needs for the drawn delta, and the block error it reaches with them, exact or simulated "
    "(bounds.simulate.hypercube)")
