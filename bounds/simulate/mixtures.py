r"""The race with labels from several sources of different quality, at any $K$.

`mixture` simulates training sets in which source $k$ contributes $n_k$ labels, each
agreeing with the aligned policy with probability $q_k$ (for raters of error rate
$\varepsilon_k$ of whom a fraction $\alpha_k$ label against the aligned policy,
$q_k = (1 - \alpha_k)(1 - \varepsilon_k)$), under two training objectives: the *generic*
one (every label counts 1) and the *weighted* one (a label of source $k$ counts
$w_k = \ln(q_k / (1 - q_k))$, its log-likelihood ratio: what a learner that knows each
source's quality does).

Up to `MAX_POLICIES` unaligned policies every policy is sampled. Beyond, a trial samples
the sufficient statistics: the agreeing counts $c_k \sim \mathrm{Bin}(n_k, q_k)$, and then
whether *any* of the $K - 1$ policies is left unbeaten, which given the $c_k$ happens with
probability $1 - (1 - G)^{K-1}$, because the policies separate independently; $G$ (one
policy not beaten, given the $c_k$) is computed by `scipy.stats.binom` sums, independently
of the exact engine. This is the same law as sampling every policy, for any $K$.

Examples
--------
>>> from bounds.simulate.mixtures import mixture
>>> est = mixture([200, 2000], [0.95, 0.65], d=0.1, K=2**20, trials=2_000, seed=1)
>>> 0.0 < est.estimate < 0.1
True
"""
from __future__ import annotations

import functools
import math

import numpy as np

from ..errors import ParameterValueError
from . import _checks as check
from . import engine
from .races import MAX_POLICIES

__all__ = ["mixture", "OBJECTIVES"]

#: Training objectives: every label counts 1, or its log-likelihood ratio.
OBJECTIVES = ("generic", "weighted")


def _weights(q, objective):
    if objective == "generic":
        return np.ones_like(q), np.zeros(q.shape, dtype=bool)
    perfect = q == 1.0
    with np.errstate(divide="ignore"):
        w = np.where(perfect, 0.0, np.log(q) - np.log1p(-np.where(perfect, 0.0, q)))
    return w, perfect


def _full_kernel(rng, size, nvec, qvec, d, K1, w, perfect, tol):
    S = nvec.size
    c = rng.binomial(nvec[None, :], qvec[None, :], size=(size, S))
    X = rng.binomial(c[:, None, :], d, size=(size, K1, S))
    Y = rng.binomial((nvec[None, :] - c)[:, None, :], d, size=(size, K1, S))
    beat = ((X - Y) * w[None, None, :]).sum(axis=2) > tol
    if perfect.any():
        beat |= X[:, :, perfect].sum(axis=2) > 0        # an error-free separating label decides
    return np.array([size - np.count_nonzero(np.all(beat, axis=1))])


@functools.lru_cache(maxsize=65536)
def _g_generic(c, N, d):
    """P(Bin(c, d) <= Bin(N - c, d)) by scipy sums."""
    from scipy.stats import binom

    x = np.arange(c + 1)
    return float(np.sum(binom.pmf(x, c, d) * binom.sf(x - 1, N - c, d)))


def _diff_pmf(c, n, d, sign):
    """pmf of sign (Bin(c, d) - Bin(n - c, d)) on its support, lowest value first."""
    from scipy.stats import binom

    pmf = np.convolve(binom.pmf(np.arange(c + 1), c, d), binom.pmf(np.arange(n - c + 1), n - c, d)[::-1])
    low = -(n - c)
    if sign < 0:
        pmf, low = pmf[::-1], -c
    return pmf, low


@functools.lru_cache(maxsize=65536)
def _g_weighted(cvec, nvec, d, w, perfect, tol):
    """P(policy not beaten) given the agreeing counts, for at most two sources of finite weight."""
    g = 1.0
    finite = []
    for c, n, wk, pk in zip(cvec, nvec, w, perfect):
        if pk:
            g *= (1.0 - d) ** c                 # it must separate on none of the error-free labels
        elif wk != 0.0:
            finite.append((c, n, wk))
    if not finite:
        return g                                # score 0: a tie, which loses
    (c1, n1, w1), rest = finite[0], finite[1:]
    p1, low1 = _diff_pmf(c1, n1, d, np.sign(w1))
    cdf1 = np.cumsum(p1)

    def le(t):                                  # P(|w1| D1 <= t)
        k = np.floor(t / abs(w1) + 1e-12) - low1
        return np.where(k < 0, 0.0, cdf1[np.clip(k, 0, cdf1.size - 1).astype(int)])

    if not rest:
        return g * float(le(tol))
    c2, n2, w2 = rest[0]
    p2, low2 = _diff_pmf(c2, n2, d, np.sign(w2))
    t = low2 + np.arange(p2.size)
    return g * float(np.sum(p2 * le(tol - abs(w2) * t)))


def _latent_kernel(rng, size, nvec, qc, R1, R2):
    """Generic objective, per-source latent model: R1, R2 of shape (K - 1, S) (deceptive rows first)."""
    S = nvec.size
    c = rng.binomial(nvec[None, :], qc[None, :], size=(size, S))
    X = rng.binomial(c[:, None, :], R1[None, :, :])
    Y = rng.binomial((nvec[None, :] - c)[:, None, :], R2[None, :, :])
    beat = (X - Y).sum(axis=2) > 0
    return np.array([size - np.count_nonzero(np.all(beat, axis=1))])


def _latent_rates(nvec, q, q_dec, d, K1, K_dec):
    """q_c and the separation rates of every policy (rows) on every source (columns), source by source."""
    from .. import _exact
    from ..quantities import latent_q_c

    qc, qcc = latent_q_c(d, q, 1.0 - q, q_dec, 1.0 - q_dec)
    lp = _exact.latent_parameters(np.full(q.shape, d), 1.0 - q, qbar_dec=1.0 - q_dec, qbar_c=qcc, q=q, q_dec=q_dec,
                                  q_c=qc)
    r1, _, r2, _ = (np.asarray(v, float) for v in lp.ordinary)
    r1d, _, r2d, _ = (np.asarray(v, float) for v in lp.deceptive)
    dec = np.arange(K1)[:, None] < K_dec
    return np.asarray(qc, float), np.where(dec, r1d, r1), np.where(dec, r2d, r2)


def _sufficient_kernel(rng, size, nvec, qvec, d, lK1, w, perfect, tol, objective):
    S = nvec.size
    c = rng.binomial(nvec[None, :], qvec[None, :], size=(size, S))
    N = int(nvec.sum())
    if objective == "generic":
        g = np.array([_g_generic(int(x), N, d) for x in c.sum(axis=1)])
    else:
        key = (tuple(int(v) for v in nvec), d, tuple(float(v) for v in w), tuple(bool(v) for v in perfect), tol)
        g = np.array([_g_weighted(tuple(int(v) for v in row), key[0], d, key[2], key[3], tol) for row in c])
    with np.errstate(divide="ignore"):
        p_lose = -np.expm1(math.exp(lK1) * np.log1p(-np.minimum(g, 1.0)))
    return np.array([int(np.count_nonzero(rng.random(size) < p_lose))])


def _inputs(n, q, d, K, objective, where):
    nvec = np.atleast_1d(np.asarray(n))
    qvec = np.atleast_1d(np.asarray(q, dtype=float)) if not isinstance(q, (str, bytes)) else None
    if qvec is None or nvec.ndim != 1 or qvec.ndim != 1 or nvec.size != qvec.size or nvec.size == 0:
        raise ParameterValueError(f"n and q in {where} must be 1-d sequences of the same positive length, "
                                  f"got {n!r} and {q!r}")
    nvec = np.array([check.labels(v, where) for v in nvec.tolist()], dtype=np.int64)
    for v in qvec.tolist():
        if not 0.0 <= v <= 1.0:
            raise ParameterValueError(f"q={v!r} in {where} is outside its domain [0, 1] (the probability that a "
                                      "label agrees with the aligned policy)", parameter="q", value=v,
                                      domain="[0, 1]")
    return nvec, qvec, check.real("d", d, where), check.policies(K, where), check.choice("objective", objective,
                                                                                         OBJECTIVES)


def mixture(n, q, d, *, K=2, objective="generic", trials, seed=None, executor=None, confidence=0.95,
            sample_all: bool | None = None, q_dec=None, K_dec=1):
    r"""Simulate the race with labels from several sources: $P(\text{lose})$ with a CP interval.

    Parameters
    ----------
    n : array_like of int
        Labels per source.
    q : array_like of float
        Per source, the probability that a label agrees with the aligned policy.
    d : float
        Separation probability.
    K : int or float
        Number of candidate policies (any size, e.g. $2^{100}$).
    objective : {'generic', 'weighted'}
        Every label counts 1, or its log-likelihood ratio $\ln(q_k / (1 - q_k))$ (an
        error-free source has infinite weight: any of its separating labels decides; a
        source with $q_k = 1/2$ weight 0; one with $q_k < 1/2$ a negative weight). Ties lose.
    trials : int
        Number of simulated training sets.
    seed : None, int or numpy.random.SeedSequence
        Seed of the run.
    executor : concurrent.futures.Executor, optional
        Run blocks on it; identical result.
    confidence : float
        Level of the default CP interval.
    sample_all : bool, optional
        Sample every policy (default: when $K - 1 \le$ `MAX_POLICIES`) or only the
        sufficient statistics (the only way beyond).
    q_dec : array_like of float, optional
        Systematic error: per source, the probability that a label separating the aligned
        policy from a *deceptive* one favours the aligned one. The `K_dec` deceptive and the
        other policies then separate as in the exact race's latent-correctness model
        (`bounds.quantities.latent_q_c`), source by source. Generic objective, every policy
        sampled.
    K_dec : int
        Number of deceptive policies (with `q_dec`).

    Returns
    -------
    bounds.simulate.engine.Estimate
        Of $P(\text{lose})$.

    Raises
    ------
    ValueError
        For mismatched lengths, values outside their domains, `sample_all=True` with
        $K - 1 >$ `MAX_POLICIES`, or the weighted objective beyond `MAX_POLICIES` with more
        than two sources of finite, non-zero weight.

    Examples
    --------
    The two ways of sampling agree (here both within their 99.99% intervals of the exact
    value, 0.0419...):

    >>> a = mixture([20, 50], [0.9, 0.6], d=0.3, K=2**10, trials=4_000, seed=3, sample_all=True)
    >>> b = mixture([20, 50], [0.9, 0.6], d=0.3, K=2**10, trials=4_000, seed=3, sample_all=False)
    >>> a.contains(0.97077, confidence=0.9999), b.contains(0.97077, confidence=0.9999)
    (True, True)
    """
    where = "simulate.mixture"
    trials = check.count("trials", trials, where, low=1)
    nvec, qvec, d, K, objective = _inputs(n, q, d, K, objective, where)
    confidence = check.confidence(confidence)
    if q_dec is not None:
        return _systematic(nvec, qvec, q_dec, d, K, K_dec, objective, trials, seed, executor, confidence, where)
    w, perfect = _weights(qvec, objective)
    tol = 1e-9 * max(1.0, float(np.sum(np.abs(w) * nvec)))
    full = (K - 1 <= MAX_POLICIES) if sample_all is None else bool(sample_all)
    if full and K - 1 > MAX_POLICIES:
        raise ParameterValueError(f"{where}: sample_all=True with K - 1 = {K - 1:g} above MAX_POLICIES="
                                  f"{MAX_POLICIES}: sampling every policy is infeasible", parameter="sample_all",
                                  value=sample_all)
    if not full and objective == "weighted" and np.count_nonzero((w != 0.0) & ~perfect) > 2:
        raise ParameterValueError(f"{where}: the weighted objective beyond MAX_POLICIES={MAX_POLICIES} policies "
                                  "supports at most two sources of finite, non-zero weight", parameter="n",
                                  value=nvec.tolist())
    if full:
        K1 = int(K) - 1
        args, width = (nvec, qvec, d, K1, w, perfect, tol), K1 * nvec.size + nvec.size
        kernel = _full_kernel
    else:
        args, width = (nvec, qvec, d, math.log(K - 1.0), w, perfect, tol, objective), 4 * nvec.size
        kernel = _sufficient_kernel
    r = engine.run(kernel, args, trials=trials, width=width, seed=seed, executor=executor, where=where)
    params = {"n": nvec.tolist(), "q": qvec.tolist(), "d": d, "K": K, "objective": objective,
              "sample_all": full}
    return r.estimate("lose", params=params, confidence=confidence)


def _systematic(nvec, qvec, q_dec, d, K, K_dec, objective, trials, seed, executor, confidence, where):
    qd = np.atleast_1d(np.asarray(q_dec, dtype=float))
    if qd.shape != qvec.shape or np.any(~((qd >= 0) & (qd <= 1))):
        raise ParameterValueError(f"q_dec={q_dec!r} in {where} must be one probability per source", parameter="q_dec",
                                  value=q_dec)
    K_dec = check.deceptive(K_dec, K - 1, where)
    if objective != "generic" or K - 1 > MAX_POLICIES:
        raise ParameterValueError(f"{where}: with systematic error (q_dec) only the generic objective with every "
                                  f"policy sampled (K - 1 <= MAX_POLICIES={MAX_POLICIES}) is simulated",
                                  parameter="q_dec", value=q_dec)
    K1 = int(K) - 1
    qc, R1, R2 = _latent_rates(nvec, qvec, qd, d, K1, K_dec)
    r = engine.run(_latent_kernel, (nvec, qc, R1, R2), trials=trials, width=K1 * nvec.size + nvec.size, seed=seed,
                   executor=executor, where=where)
    params = {"n": nvec.tolist(), "q": qvec.tolist(), "q_dec": qd.tolist(), "d": d, "K": K, "K_dec": K_dec,
              "objective": objective, "sample_all": True}
    return r.estimate("lose", params=params, confidence=confidence)
