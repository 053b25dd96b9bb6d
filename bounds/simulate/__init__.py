r"""Monte Carlo of the canonical model, from sufficient statistics, with Clopper–Pearson intervals.

Every simulator samples *counts* — binomial and multinomial numbers of labels — never
label by label, so a trial costs the same at $n = 10$ and at $n = 10^{15}$. Each returns an
`Estimate`: a count of trials in which an event happened, with its exact
(Clopper–Pearson) confidence interval.

The model (the labels, the adversary and systematic error are those of the bounds; see
`bounds.quantities` for the derived probabilities):

* A query separates the aligned policy from an unaligned one with probability $d$. An
  honest rater favours the aligned policy on a separating query with probability
  $1-\varepsilon$.
* A random fraction $\alpha$ of the labels is written by an adversary who always labels
  *against* the aligned policy. Against every unaligned policy a separating label then
  favours the aligned one with probability $q_\alpha = (1-\alpha)(1-\varepsilon)$.
* Systematic error: on a share $s$ of the queries that separate a *deceptive* policy
  raters are right only with probability $q_{\mathrm{hard}}$, so against it a separating
  label favours the aligned policy with probability
  $q_{\mathrm{dec}} = (1-\alpha)((1-s)(1-\varepsilon) + s\,q_{\mathrm{hard}})$.

What is simulated:

* `duel` — the aligned policy against one unaligned (deceptive, when $s > 0$) policy:
  the separating labels, the adversarial ones among them, the hard ones among the honest
  ones and the right ones among each, drawn one count at a time; it loses when at most
  half of the separating labels favour it (ties lose).
* `race` — against all $K-1$ unaligned policies, under three policy-class structures
  (`structure=`): *independent* separation, *nested* separating sets
  ($S_1 \subseteq S_2 \subseteq \dots$) and *disjoint* separating sets.
* adversaries (`adversary=`): `'against'` (the default: every adversarial label opposes
  the aligned policy, the worst case for the race); `'colluding'` (a weaker, named
  variant: every adversarial label is written *for* one chosen unaligned policy $j^*$, so
  where $j^*$ agrees with the aligned policy it helps the aligned policy against the
  others); `'targeted'` ($\lfloor \alpha n\rfloor$ labels written by the adversary on
  queries that separate $j^*$ — where they hurt most; breakdown at $\alpha^* = m/(1+m)$
  with $m = d(2q-1)$, as for Kearns–Li malicious noise).
* `sources` — several rater sources, $n_k$ labels at error $\varepsilon_k$, combined with
  likelihood-ratio weights $\ln((1-\varepsilon_k)/\varepsilon_k)$ or unweighted;
  `mixture` the same with per-source agreement probabilities $q_k$ (adversaries included)
  at any $K$ (beyond `MAX_POLICIES` it samples the sufficient statistics).
* optimal decoders on the *exchangeable* instances lower bounds speak of: `two_point`
  ($K = 2$, the likelihood-ratio test) and `hypercube` ($2^m$ candidates, $m$ independent
  value bits each seen through $n$ noisy labels, the MAP decoder), with their exact
  counterparts `two_point_exact` and `hypercube_exact`. Their labels pass through the
  same channel as the bounds': a binary symmetric channel with crossover $1 - q_\alpha$,
  which exceeds $1/2$ past the adversaries' breakdown — the labels are then informative
  *inverted*, and the optimal decoders read them backwards.

Randomness and memory
---------------------
Every simulator is a kernel run by the public engine, `bounds.simulate.engine`: trials run
in *blocks*, block $i$ draws from its own generator seeded by child $i$ of the run's
`numpy.random.SeedSequence`, and the block size depends only on the model, so the result
depends only on the seed, the parameters and the number of trials — not on how blocks are
grouped, on `executor=`, or on how many workers ran them. Only one block per worker is in
memory at a time, so a $10^8$-trial run stays far below 1 GiB. Each simulator returns an
`Estimate` (or, for the hypercube, two) with its Clopper–Pearson interval.

The modules: `engine` (seeds, blocks, estimates, Clopper–Pearson), `duels` (`duel`,
`targeted_breakdown_alpha`), `races` (`race`, `sources`), `mixtures` (`mixture`) and `decoders` (the optimal
decoders, their exact errors and the label channel). The simulators, `Estimate`,
`HypercubeResult` and `clopper_pearson` are also importable from here; the engine's
building blocks (`engine.run`, `engine.seed_sequence`, ...) and the decoders' error helpers
from their modules.

Examples
--------
>>> import bounds
>>> from bounds import simulate
>>> est = simulate.duel(n=51, d=0.5, eps=0.2, alpha=0.1, trials=200_000, seed=1)
>>> exact = bounds.bound("duel.exact")(n=51, d=0.5, eps=0.2, alpha=0.1)
>>> est.contains(exact, confidence=1 - 1e-6)
True
"""
from __future__ import annotations

from . import decoders, duels, engine, mixtures, races
from ._checks import ADVERSARIES, MAX_N
from .decoders import HypercubeResult, hypercube, hypercube_exact, two_point, two_point_exact
from .duels import duel, targeted_breakdown_alpha
from .engine import ALTERNATIVES, Estimate, clopper_pearson
from .mixtures import mixture
from .races import MAX_POLICIES, STRUCTURES, race, sources

__all__ = [
    "ADVERSARIES",
    "Estimate",
    "HypercubeResult",
    "MAX_N",
    "MAX_POLICIES",
    "STRUCTURES",
    "clopper_pearson",
    "duel",
    "mixture",
    "race",
    "sources",
    "two_point",
    "two_point_exact",
    "hypercube",
    "hypercube_exact",
    "targeted_breakdown_alpha",
]
