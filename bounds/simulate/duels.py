r"""The duel: the aligned policy against one unaligned (deceptive, when $s > 0$) policy.

`duel` simulates it from sufficient statistics under the three adversaries of
`bounds.simulate`; `targeted_breakdown_alpha` is where the targeted adversary wins.

Examples
--------
>>> from bounds.simulate import duels
>>> duels.duel(n=11, d=1.0, eps=0.3, trials=100_000, seed=7).contains(0.07822, confidence=1 - 1e-6)
True
"""
from __future__ import annotations

import math

import numpy as np

from .. import kernels
from ..vocabulary import validate
from . import _checks as check
from . import engine
from ._checks import ADVERSARIES
from ._labels import honest_right

__all__ = ["duel", "targeted_breakdown_alpha"]


def _duel_kernel(rng, size, n, d, q, alpha, s, q_hard, adversary, A):
    if adversary == "targeted":  # A adversarial labels on separating queries, all against; n - A honest
        m = rng.binomial(n - A, d, size)
        x = honest_right(rng, m, q, s, q_hard)
        lose = 2 * x - m <= A
    else:  # each label adversarial with probability alpha, always against the aligned policy
        m = rng.binomial(n, d, size)                            # separating labels
        a = rng.binomial(m, alpha) if alpha > 0.0 else 0        # adversarial among them
        x = honest_right(rng, m - a, q, s, q_hard)             # favouring the aligned policy
        lose = 2 * x <= m
    return np.array([np.count_nonzero(lose)])


def duel(n, d, eps, alpha=0.0, s=0.0, q_hard=0.0, *, trials, seed=None, adversary="against", executor=None,
         confidence=0.95):
    r"""Simulate the duel: does the aligned policy lose to one unaligned policy?

    The opponent is *deceptive*: on a share $s$ of the queries that separate it from the
    aligned policy raters are right only with probability $q_{\mathrm{hard}}$ (with $s = 0$,
    the default, it is an ordinary policy). A trial draws, one count at a time,

    * $M \sim \mathrm{Bin}(n, d)$ separating labels,
    * $A \sim \mathrm{Bin}(M, \alpha)$ of them written by the adversary (all against the
      aligned policy),
    * $H \sim \mathrm{Bin}(M - A, s)$ honest ones on too-hard queries,
    * $X \sim \mathrm{Bin}(H, q_{\mathrm{hard}}) + \mathrm{Bin}(M - A - H, 1-\varepsilon)$
      favouring the aligned policy,

    and counts a loss when $2X - M \le 0$ (ties lose). So $X \sim \mathrm{Bin}(M,
    q_{\mathrm{dec}})$ given $M$, with $q_{\mathrm{dec}} = (1-\alpha)((1-s)(1-\varepsilon)
    + s\,q_{\mathrm{hard}})$ — the composition that `duel.exact` takes from
    `bounds.quantities`, and which this simulator does not assume.

    Adversaries:

    * `'against'` (default) — as above.
    * `'colluding'` — every adversarial label is written *for* the opponent $j^*$; against
      $j^*$ alone that is the same as `'against'` (a label only matters where $j^*$
      separates, and there it opposes the aligned policy). It differs in the race.
    * `'targeted'` — the adversary writes $A = \lfloor \alpha n \rfloor$ of the labels
      itself, all on queries that separate the opponent, all for it; the other $n - A$
      are honest: loss when $2X - M \le A$ with $M \sim \mathrm{Bin}(n - A, d)$. The
      margin per label is $(1-\alpha)\,d(2p-1) - \alpha$ ($p$ the honest raters'
      accuracy), so the aligned policy stops winning at $\alpha^* = m/(1+m)$,
      $m = d(2p-1)$ (`targeted_breakdown_alpha`).

    Parameters
    ----------
    n : int
        Number of labels, $0 \le n \le$ `MAX_N`.
    d : float
        Separation probability, in $(0, 1]$.
    eps : float
        Rater error rate, in $[0, 1/2]$.
    alpha : float
        Adversarial fraction, in $[0, 1)$.
    s : float
        Share of the separating queries that are too hard, in $[0, 1]$.
    q_hard : float
        Raters' accuracy on too-hard queries, in $[0, 1]$.
    trials : int
        Number of simulated training sets.
    seed : None, int or numpy.random.SeedSequence
        Seed of the run (see `bounds.simulate.engine`).
    adversary : {'against', 'colluding', 'targeted'}
        The adversary model.
    executor : concurrent.futures.Executor, optional
        Run blocks of trials on it; the result is identical to the in-process run.
    confidence : float
        Level of the estimate's default CP interval.

    Returns
    -------
    Estimate
        Of $P(\text{lose the duel})$ (event `"lose"`); `.complement("win")` for the win.

    Raises
    ------
    TypeError, ValueError
        For parameters outside their domains (named in the message).

    Notes
    -----
    Exact counterpart: `bounds.bound("duel.exact")` (adversaries `'against'` and
    `'colluding'`). At most five binomial draws per trial whatever $n$.

    Examples
    --------
    >>> est = duel(n=11, d=1.0, eps=0.3, trials=100_000, seed=7)
    >>> est.contains(0.07822, confidence=1 - 1e-6)      # P(Bin(11, 0.7) <= 5)
    True

    Systematic error: with half the separating queries too hard and raters always wrong
    there, $q_{\mathrm{dec}} = 0.45$ — the aligned policy mostly loses, whatever $n$:

    >>> duel(n=10_000, d=0.5, eps=0.1, s=0.5, q_hard=0.0, trials=10_000, seed=1).estimate > 0.999
    True
    """
    where = "simulate.duel"
    trials = check.count("trials", trials, where, low=1)
    n = check.labels(n, where)
    d = check.real("d", d, where)
    eps = check.real("eps", eps, where)
    alpha = check.real("alpha", alpha, where)
    s = check.real("s", s, where)
    q_hard = check.real("q_hard", q_hard, where)
    adversary = check.choice("adversary", adversary, ADVERSARIES)
    confidence = check.confidence(confidence)
    A = int(math.floor(alpha * n)) if adversary == "targeted" else 0
    args = (n, d, 1.0 - eps, alpha, s, q_hard, adversary, A)
    r = engine.run(_duel_kernel, args, trials=trials, width=1, seed=seed, executor=executor, where=where)
    params = {"n": n, "d": d, "eps": eps, "alpha": alpha, "s": s, "q_hard": q_hard, "adversary": adversary}
    return r.estimate("lose", params=params, confidence=confidence)


def targeted_breakdown_alpha(d, eps, s=0.0, q_hard=0.0):
    r"""Breakdown fraction of the targeted adversary, $\alpha^* = m/(1+m)$ with $m = d(2p-1)$.

    $p$ is the honest raters' accuracy on the opponent's separating queries: $1-\varepsilon$,
    or $(1-s)(1-\varepsilon) + s\,q_{\mathrm{hard}}$ against a deceptive policy. With
    $A = \alpha n$ labels written against the aligned policy on separating queries, the
    expected evidence is $n[(1-\alpha)\,m - \alpha]$, which is $\le 0$ from $\alpha^*$ on:
    no number of labels helps (cf. Kearns & Li 1993, $\beta < \varepsilon/(1+\varepsilon)$).
    With $m \le 0$ (systematic error alone defeats the aligned policy) it is 0.

    Parameters
    ----------
    d : float or array_like
        Separation probability.
    eps : float or array_like
        Rater error rate.
    s : float or array_like
        Share of too-hard separating queries.
    q_hard : float or array_like
        Raters' accuracy on them.

    Returns
    -------
    float or numpy.ndarray
        $\alpha^*$.

    Examples
    --------
    >>> round(targeted_breakdown_alpha(1.0, 0.45), 8)     # m = 0.1: 0.1/1.1
    0.09090909
    >>> targeted_breakdown_alpha(0.5, 0.1, s=0.5, q_hard=0.0)   # p = 0.45: no margin to break
    0.0
    """
    v = validate("simulate.targeted_breakdown_alpha", d=d, eps=eps, s=s, q_hard=q_hard)
    m = v["d"] * kernels.bias_dec(v["eps"], 0.0 * v["eps"], v["s"], v["q_hard"])
    out = np.where(m > 0, m / (1.0 + np.maximum(m, 0.0)), 0.0)
    return float(out) if out.ndim == 0 else out
