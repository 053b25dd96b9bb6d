r"""The race: the aligned policy against all $K - 1$ unaligned policies, and several rater sources.

`race` simulates it under three structures of the policy class and three adversaries;
`sources` with labels from raters of different quality, weighted or not.

Examples
--------
>>> from bounds.simulate import races
>>> est = races.race(n=60, K=8, d=0.3, eps=0.1, trials=20_000, seed=2)
>>> 0.0 < est.estimate < 0.1
True
"""
from __future__ import annotations

import math

import numpy as np

from ..errors import ParameterValueError
from ..quantities import latent_qbar_c
from ..vocabulary import parameter
from . import _checks as check
from . import engine
from ._checks import ADVERSARIES
from ._labels import honest_right, label_model

__all__ = ["MAX_POLICIES", "STRUCTURES", "race", "sources"]

#: Largest number of unaligned policies `race` samples per trial by default. Beyond it
#: sampling every policy is infeasible; `race` raises rather than approximate.
MAX_POLICIES = 100_000

#: Policy-class structures of `race`.
STRUCTURES = ("independent", "nested", "disjoint")


# ======================================================================== the race
def _duels_won(rng, c, w, p_agree, p_disagree, size, K1):
    """X > Y per policy: X ~ Bin(c, p_agree_j) separating agreeing labels, Y ~ Bin(w, p_disagree_j)."""
    if np.all(p_agree == p_agree[0]) and np.all(p_disagree == p_disagree[0]):
        X = rng.binomial(c[:, None], p_agree[0], size=(size, K1))
        Y = rng.binomial(w[:, None], p_disagree[0], size=(size, K1))
    else:
        X = rng.binomial(c[:, None], p_agree[None, :])
        Y = rng.binomial(w[:, None], p_disagree[None, :])
    return X > Y


def _race_independent(rng, size, n, q, alpha, dvec, adversary, target, A, latent):
    K1 = dvec.size
    if adversary == "against":
        if latent is not None:      # systematic error: the latent-correctness model of race.exact
            q_c, r1, r2 = latent
            c = rng.binomial(n, q_c, size)
            beaten = _duels_won(rng, c, n - c, r1, r2, size, K1)
        else:
            a = rng.binomial(n, alpha, size) if alpha > 0.0 else np.zeros(size, dtype=np.int64)
            c = rng.binomial(n - a, q)          # honest labels agreeing with the aligned policy
            beaten = _duels_won(rng, c, n - c, dvec, dvec, size, K1)
        return np.array([size - np.count_nonzero(np.all(beaten, axis=1))])
    # the colluding and targeted adversaries write for j* = target
    if adversary == "colluding":
        a = rng.binomial(n, alpha, size) if alpha > 0.0 else np.zeros(size, dtype=np.int64)
    else:
        a = np.full(size, A, dtype=np.int64)
    h = n - a
    ch = rng.binomial(h, q)          # honest labels that agree with the aligned policy
    wh = h - ch
    dt = dvec[target]
    if adversary == "colluding":
        sa = rng.binomial(a, dt)     # adversarial labels on queries j* separates: against the aligned policy
    else:
        sa = a                       # all placed where j* separates
    c = ch + (a - sa)                # the rest agree with the aligned (= j*'s) output
    w = wh + sa
    xt = rng.binomial(ch, dt)
    yt = rng.binomial(wh, dt)
    beaten = xt > yt + sa
    if K1 > 1:
        others = np.delete(dvec, target)
        beaten &= np.all(_duels_won(rng, c, w, others, others, size, K1 - 1), axis=1)
    return np.array([size - np.count_nonzero(beaten)])


def _race_categories(rng, size, n, q, alpha, s, q_hard, K_dec, dvec, structure, adversary, target, A):
    """Nested / disjoint separating sets: multinomial counts of labels per category of query."""
    K1 = dvec.size
    if structure == "nested":
        pv = np.diff(np.concatenate([[0.0], dvec, [1.0]]))   # level l separates policies l, l+1, ...
        wrong_cat = np.arange(K1 + 1) <= target               # a label for j* opposes the aligned policy iff j* separates
        worst = 0                                             # a level-0 query separates every policy
    else:
        pv = np.concatenate([dvec, [max(0.0, 1.0 - dvec.sum())]])  # query separates policy j only
        wrong_cat = np.arange(K1 + 1) == target
        worst = target
    pv = np.clip(pv, 0.0, 1.0)
    pv = pv / pv.sum()
    if adversary == "targeted":
        a = np.full(size, A, dtype=np.int64)
    elif alpha > 0.0:
        a = rng.binomial(n, alpha, size)
    else:
        a = np.zeros(size, dtype=np.int64)
    Nh = rng.multinomial(n - a, pv)                           # honest labels per category
    if s > 0.0:                                               # disjoint: categories 0..K_dec-1 are deceptive
        Nc = np.concatenate([honest_right(rng, Nh[:, :K_dec], q, s, q_hard),
                             rng.binomial(Nh[:, K_dec:], q)], axis=1)
    else:
        Nc = rng.binomial(Nh, q)
    Nw = Nh - Nc
    if adversary == "targeted":
        Nw[:, worst] += a
    elif alpha > 0.0:
        Na = rng.multinomial(a, pv)
        if adversary == "against":
            Nw += Na
        else:
            Nw += np.where(wrong_cat, Na, 0)
            Nc += np.where(wrong_cat, 0, Na)
    diff = (Nc - Nw)[:, :K1]
    score = np.cumsum(diff, axis=1) if structure == "nested" else diff
    win = np.all(score > 0, axis=1)
    return np.array([size - np.count_nonzero(win)])


def _race_kernel(rng, size, n, q, alpha, s, q_hard, K_dec, dvec, structure, adversary, target, A, latent):
    if structure == "independent":
        return _race_independent(rng, size, n, q, alpha, dvec, adversary, target, A, latent)
    return _race_categories(rng, size, n, q, alpha, s, q_hard, K_dec, dvec, structure, adversary, target, A)


def _latent(d, eps, alpha, s, q_hard, K_dec, K1, where):
    """(q_c, r1, r2) of the latent-correctness model: per-policy separation probabilities."""
    m = label_model(eps, alpha, s, q_hard)
    try:
        qbar_c = float(latent_qbar_c(d, m["qbar_alpha"], m["qbar_dec"]))
    except ValueError as exc:
        raise ParameterValueError(f"{where}: {exc}") from None
    q_c = 1.0 - qbar_c

    def rates(qq, qb):
        r1 = d * qq / q_c if q_c > 0 else 0.0
        r2 = d * qb / qbar_c if qbar_c > 0 else 0.0
        return min(max(r1, 0.0), 1.0), min(max(r2, 0.0), 1.0)

    r1a, r2a = rates(m["q_alpha"], m["qbar_alpha"])
    r1d, r2d = rates(m["q_dec"], m["qbar_dec"])
    r1 = np.array([r1d] * K_dec + [r1a] * (K1 - K_dec))
    r2 = np.array([r2d] * K_dec + [r2a] * (K1 - K_dec))
    return q_c, r1, r2


def _separations(d, K1, structure, where):
    """The separation probabilities, one per unaligned policy, checked against the structure; and
    whether one `d` was given for all."""
    dvec = parameter("d").validate(d, where=where)
    scalar_d = dvec.ndim == 0
    if scalar_d:
        dvec = np.full(K1, float(dvec))
    elif dvec.shape != (K1,):
        raise ParameterValueError(f"d in {where} must be a number or have one value per unaligned policy (length {K1}), got shape {dvec.shape}")
    if structure == "nested" and np.any(np.diff(dvec) < 0):
        raise ParameterValueError(f"d in {where} must be non-decreasing for structure='nested' (S_1 ⊆ S_2 ⊆ ...), got {dvec}")
    if structure == "disjoint" and dvec.sum() > 1 + 1e-12:
        raise ParameterValueError(f"d in {where} must sum to <= 1 for structure='disjoint' (a query separates one policy at most); sum = {dvec.sum():g}")
    return dvec, scalar_d


def _check_systematic(s, structure, adversary, scalar_d, where):
    """Refuse systematic error where `race` does not model it."""
    refuse = ("structure='nested'" if structure == "nested" else
              f"adversary={adversary!r}" if adversary != "against" else
              "a per-policy d" if structure == "independent" and not scalar_d else None)
    if refuse:
        raise ParameterValueError(
            f"s={s!r} in {where}: systematic error is not modelled with {refuse}; use s = 0 there, or "
            f"structure='independent' (the latent-correctness model of race.exact, one d) or 'disjoint' "
            f"with the default adversary='against'"
        )


def race(n, K, d, eps, alpha=0.0, s=0.0, q_hard=0.0, K_dec=1, *, trials, seed=None, structure="independent",
         adversary="against", target=0, max_policies=MAX_POLICIES, executor=None, confidence=0.95):
    r"""Simulate the race: does the aligned policy fail to beat *every* unaligned policy?

    Unaligned policy $j$ scores one more than the aligned policy on a label that favours it
    on a query where they differ, one less on a label that favours the aligned policy; the
    aligned policy wins when its score is strictly higher than every other (ties lose).
    Each label is honest with probability $1-\alpha$ (agreeing with the aligned policy with
    probability $1-\varepsilon$) or written by the adversary.

    Structures of the policy class, each sampled from sufficient statistics:

    * `'independent'`: policy $j$ separates on each query independently with probability
      $d_j$. A trial draws the adversarial count $a \sim \mathrm{Bin}(n, \alpha)$, the
      honest agreeing count $c \sim \mathrm{Bin}(n - a, 1-\varepsilon)$ (adversarial
      labels never agree with the aligned policy), and for every policy the separating
      agreeing and disagreeing counts $X_j \sim \mathrm{Bin}(c, d_j)$,
      $Y_j \sim \mathrm{Bin}(n - c, d_j)$; the aligned policy beats $j$ when $X_j > Y_j$.
      With systematic error ($s > 0$) it samples the latent-correctness model of
      `race.exact` instead: $c \sim \mathrm{Bin}(n, q_c)$ with
      $q_c = 1 -$ `bounds.quantities.latent_qbar_c`, and given $c$ an ordinary policy
      separates an agreeing label with probability $r_1 = d\,q_\alpha/q_c$ and a
      disagreeing one with $r_2 = d(1-q_\alpha)/(1-q_c)$, a deceptive one likewise with
      $q_{\mathrm{dec}}$ in place of $q_\alpha$ (one $d$ for all policies).
    * `'nested'`: separating sets $S_1 \subseteq S_2 \subseteq \dots \subseteq S_{K-1}$
      ($d$ non-decreasing): a query has a *level* $l$ with $P(l \le j) = d_j$ and
      separates every policy from $l$ on; multinomial counts per level, cumulative
      sums give each policy's score. Systematic error is not modelled here (a query would
      separate deceptive and ordinary policies at once): $s > 0$ is refused.
    * `'disjoint'`: a query separates at most one policy (policy $j$ with probability
      $d_j$, needs $\sum_j d_j \le 1$); multinomial counts per policy. With $s > 0$ a share
      $s$ of the honest labels on a deceptive policy's queries is too hard (right with
      probability $q_{\mathrm{hard}}$).

    The first $K_{\mathrm{dec}}$ unaligned policies (indices $0, \dots, K_{\mathrm{dec}}-1$)
    are the deceptive ones; without systematic error all are alike.

    Adversaries:

    * `'against'` (default): every adversarial label opposes the aligned policy — the
      worst case for the race, since one label against the aligned output favours every
      unaligned policy that separates there. P(lose) is non-decreasing in $\alpha$.
    * `'colluding'`: a weaker, named variant — every adversarial label is written *for*
      the unaligned policy $j^*$ (`target`): against the aligned policy where $j^*$
      separates, but *agreeing* with it where $j^*$ does not, which helps the aligned
      policy against the other policies. With many policies and noisy raters P(lose) can
      even fall as $\alpha$ grows. No exact counterpart in the catalogue.
    * `'targeted'`: $\lfloor\alpha n\rfloor$ adversarial labels, all for $j^*$, placed on
      queries that separate $j^*$ (for `'nested'`: on the smallest set $S_1$, which
      separates every policy).

    Parameters
    ----------
    n : int
        Number of labels, $0 \le n \le$ `MAX_N`.
    K : int
        Number of candidate policies ($K - 1$ unaligned ones are sampled per trial).
    d : float or array_like
        Separation probability, or one per unaligned policy (length $K-1$).
    eps : float
        Rater error rate.
    alpha : float
        Adversarial fraction.
    s : float
        Share of the queries separating a deceptive policy that are too hard.
    q_hard : float
        Raters' accuracy on too-hard queries.
    K_dec : int
        Number of deceptive policies, $1 \le K_{\mathrm{dec}} \le K - 1$ (matters only when
        $s > 0$).
    trials : int
        Number of simulated training sets.
    seed : None, int or numpy.random.SeedSequence
        Seed of the run.
    structure : {'independent', 'nested', 'disjoint'}
        How the unaligned policies' separating sets relate.
    adversary : {'against', 'colluding', 'targeted'}
        The adversary model.
    target : int
        Index $j^*$ (0-based, among the $K-1$ unaligned policies) of the policy the
        colluding or targeted adversary writes for.
    max_policies : int
        Refuse to sample more than this many unaligned policies per trial.
    executor : concurrent.futures.Executor, optional
        Run blocks of trials on it; identical result.
    confidence : float
        Level of the default CP interval.

    Returns
    -------
    Estimate
        Of $P(\text{lose the race})$ (event `"lose"`).

    Raises
    ------
    ValueError
        If $K - 1$ exceeds `max_policies`: sampling every policy is infeasible and no
        approximation is made — use `bounds.bound("race.exact")`, exact for any $K$
        under independent separation. Also for parameters outside their domains, a
        decreasing `d` with `structure='nested'`, $\sum d_j > 1$ with `'disjoint'`, and
        $s > 0$ where systematic error is not modelled (`'nested'`, the `'colluding'` and
        `'targeted'` adversaries, a per-policy `d` with `'independent'`).

    Examples
    --------
    >>> import bounds
    >>> est = race(n=60, K=8, d=0.3, eps=0.1, alpha=0.05, trials=50_000, seed=2)
    >>> exact = bounds.bound("race.exact")(n=60, K=8, d=0.3, eps=0.1, alpha=0.05)
    >>> est.contains(exact, confidence=1 - 1e-6)
    True

    The colluding variant helps the aligned policy here (noisy raters, many policies):

    >>> kw = dict(n=300, K=16, d=0.05, eps=0.4, trials=20_000, seed=3)
    >>> race(alpha=0.2, adversary="colluding", **kw).high < race(alpha=0.0, **kw).low
    True
    >>> race(n=100, K=2**40, d=0.1, eps=0.1, trials=10)
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: simulate.race: K - 1 = 1.09951e+12 unaligned policies per trial exceed max_policies=100000; ...
    """
    where = "simulate.race"
    trials = check.count("trials", trials, where, low=1)
    n = check.labels(n, where)
    K = check.policies(K, where)
    eps = check.real("eps", eps, where)
    alpha = check.real("alpha", alpha, where)
    s = check.real("s", s, where)
    q_hard = check.real("q_hard", q_hard, where)
    structure = check.choice("structure", structure, STRUCTURES)
    adversary = check.choice("adversary", adversary, ADVERSARIES)
    confidence = check.confidence(confidence)
    max_policies = check.count("max_policies", max_policies, where, low=1)
    if K - 1 > max_policies:
        raise ParameterValueError(
            f"{where}: K - 1 = {K - 1:g} unaligned policies per trial exceed max_policies={max_policies}; "
            f"sampling every policy is infeasible and no approximation is made. Use "
            f"bounds.bound('race.exact') (exact for any K under independent separation), or raise max_policies."
        )
    K1 = int(K) - 1
    K_dec = check.deceptive(K_dec, K1, where)
    dvec, scalar_d = _separations(d, K1, structure, where)
    target = check.count("target", target, where)
    if target >= K1:
        raise ParameterValueError(f"target={target} in {where} must index one of the K - 1 = {K1} unaligned policies")
    latent = None
    if s > 0.0:
        _check_systematic(s, structure, adversary, scalar_d, where)
        if structure == "independent":
            latent = _latent(float(dvec[0]), eps, alpha, s, q_hard, K_dec, K1, where)
    A = int(math.floor(alpha * n)) if adversary == "targeted" else 0
    args = (n, 1.0 - eps, alpha, s, q_hard, K_dec, dvec, structure, adversary, target, A, latent)
    r = engine.run(_race_kernel, args, trials=trials, width=K1 + 1, seed=seed, executor=executor, where=where)
    dpar = float(dvec[0]) if np.all(dvec == dvec[0]) else dvec.copy()
    params = {"n": n, "K": K, "d": dpar, "eps": eps, "alpha": alpha, "s": s, "q_hard": q_hard, "K_dec": K_dec,
              "structure": structure, "adversary": adversary, "target": target}
    return r.estimate("lose", params=params, confidence=confidence)


# ======================================================================== several sources
def _sources_kernel(rng, size, nvec, qvec, d, K1, weights, perfect, tol):
    S = nvec.size
    c = rng.binomial(nvec[None, :], qvec[None, :], size=(size, S))       # agreeing labels per source
    w = nvec[None, :] - c
    X = rng.binomial(c[:, None, :], d, size=(size, K1, S))                # separating, agreeing
    Y = rng.binomial(w[:, None, :], d, size=(size, K1, S))                # separating, disagreeing
    ev = ((X - Y) * weights[None, None, :]).sum(axis=2)
    beat = ev > tol
    if perfect.any():
        decisive = (X[:, :, perfect].sum(axis=2) > 0)                    # an error-free label decides
        beat = np.where(decisive, True, beat)
    win = np.all(beat, axis=1)
    return np.array([size - np.count_nonzero(win)])


def sources(n, eps, d, *, K=2, weights="llr", trials, seed=None, executor=None, confidence=0.95):
    r"""Simulate the race with labels from several rater sources of different quality.

    Source $k$ contributes $n_k$ labels at error rate $\varepsilon_k$. The training
    objective scores a label from source $k$ with weight $w_k$:

    * `weights='llr'`: the likelihood-ratio weight $w_k = \ln((1-\varepsilon_k)/\varepsilon_k)$
      (an error-free source, $\varepsilon_k = 0$, has infinite weight: any of its
      separating labels decides; $\varepsilon_k = 1/2$ has weight 0). With these weights
      the Chernoff bound on losing a duel is $\prod_k (1 - d(1 - \mathrm{BC}_k))^{n_k}$:
      the exponents add across sources.
    * `weights='equal'`: every label counts 1 (an objective blind to rater quality).

    Unaligned policies separate independently with probability $d$ (no adversary). A
    trial draws, per source, the agreeing count $c_k \sim \mathrm{Bin}(n_k, 1-\varepsilon_k)$
    and per policy and source the separating counts $X \sim \mathrm{Bin}(c_k, d)$,
    $Y \sim \mathrm{Bin}(n_k - c_k, d)$; the aligned policy beats policy $j$ when
    $\sum_k w_k (X_{jk} - Y_{jk}) > 0$ (ties lose; a weighted sum within
    $10^{-9}\sum_k |w_k| n_k$ of zero counts as a tie).

    Parameters
    ----------
    n : array_like of int
        Labels per source.
    eps : array_like of float
        Error rate per source (same length).
    d : float
        Separation probability.
    K : int
        Number of candidate policies (2: the duel).
    weights : {'llr', 'equal'}
        How labels are combined.
    trials : int
        Number of simulated training sets.
    seed : None, int or numpy.random.SeedSequence
        Seed of the run.
    executor : concurrent.futures.Executor, optional
        Run blocks on it; identical result.
    confidence : float
        Level of the default CP interval.

    Returns
    -------
    Estimate
        Of $P(\text{lose})$.

    Raises
    ------
    ValueError
        For mismatched lengths, parameters outside their domains, or $K-1$ above
        `MAX_POLICIES`.

    Examples
    --------
    One label at $\varepsilon = 0.05$ against four at $\varepsilon = 0.45$: with
    likelihood-ratio weights the good label decides whenever it separates.

    >>> llr = sources([1, 4], [0.05, 0.45], d=1.0, weights="llr", trials=40_000, seed=0)
    >>> eq = sources([1, 4], [0.05, 0.45], d=1.0, weights="equal", trials=40_000, seed=0)
    >>> llr.contains(0.05, confidence=1 - 1e-6), llr.high < eq.low
    (True, True)
    """
    where = "simulate.sources"
    trials = check.count("trials", trials, where, low=1)
    nvec = np.atleast_1d(np.asarray(n))
    evec = np.atleast_1d(np.asarray(eps, dtype=float)) if not isinstance(eps, (str, bytes)) else None
    if evec is None or nvec.ndim != 1 or evec.ndim != 1 or nvec.size != evec.size or nvec.size == 0:
        raise ParameterValueError(f"n and eps in {where} must be 1-d sequences of the same positive length, got {n!r} and {eps!r}")
    nvec = np.array([check.labels(v, where) for v in nvec.tolist()], dtype=np.int64)
    evec = np.array([check.real("eps", v, where) for v in evec.tolist()])
    d = check.real("d", d, where)
    K = check.policies(K, where)
    if K - 1 > MAX_POLICIES:
        raise ParameterValueError(f"{where}: K - 1 = {K - 1:g} exceeds MAX_POLICIES={MAX_POLICIES}; sampling every policy is infeasible")
    weights = check.choice("weights", weights, ("llr", "equal"))
    confidence = check.confidence(confidence)
    perfect = evec == 0.0
    if weights == "llr":
        with np.errstate(divide="ignore"):
            w = np.where(perfect, 0.0, np.log1p(-evec) - np.log(np.where(perfect, 1.0, evec)))
    else:
        w = np.ones_like(evec)
        perfect = np.zeros_like(perfect)
    tol = 1e-9 * max(1.0, float(np.sum(np.abs(w) * nvec)))
    K1 = int(K) - 1
    args = (nvec, 1.0 - evec, d, K1, w, perfect, tol)
    r = engine.run(_sources_kernel, args, trials=trials, width=K1 * nvec.size + nvec.size, seed=seed,
                   executor=executor, where=where)
    params = {"n": nvec.tolist(), "eps": evec.tolist(), "d": d, "K": K, "weights": weights}
    return r.estimate("lose", params=params, confidence=confidence)
