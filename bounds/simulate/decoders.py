r"""Optimal decoders on the exchangeable instances the lower bounds speak of, simulated and exact.

* `two_point` — $K = 2$, the likelihood-ratio test; `two_point_exact` its exact error;
* `hypercube` — $2^m$ candidates, $m$ independent value bits, the MAP decoder;
  `hypercube_exact` its exact errors.

Their labels pass through the bounds' channel (`channel`): a binary symmetric channel with
crossover $1 - q_\alpha$, which exceeds $1/2$ past the adversaries' breakdown — the labels
are then informative *inverted*, and the optimal decoders read them backwards. The error
helpers behind the exact values, `log_two_point_error` and `log_block_error`, work in log
space from the channel's crossover; the Fano and two-point witnesses (`bounds.witness`) call
them directly.

Examples
--------
>>> from bounds.simulate import decoders
>>> decoders.channel(0.2, 0.0)
Channel(q=0.8, sign=1, crossover=0.2)
>>> round(decoders.two_point_exact(5, 1.0, 0.2), 6)
0.05792
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from scipy import special

from .._exact import MAX_EXACT_N, log_binom_pmf
from . import _checks as check
from . import engine
from ._labels import label_model
from .engine import Estimate

__all__ = [
    "Channel",
    "HypercubeResult",
    "channel",
    "hypercube",
    "hypercube_exact",
    "log_block_error",
    "log_two_point_error",
    "two_point",
    "two_point_exact",
]


# ======================================================================== the channel
class Channel(NamedTuple):
    r"""The label channel of the decoders (see `channel`).

    Attributes
    ----------
    q : float
        $q_\alpha$, the probability that an informative label reports the truth.
    sign : int
        $+1$ when $q > 1/2$, $-1$ when $q < 1/2$ (labels informative inverted), 0 at $1/2$.
    crossover : float
        $\min(q, 1 - q)$, the crossover of the equivalent binary symmetric channel.

    Examples
    --------
    >>> Channel(0.8, 1, 0.2).crossover
    0.2
    """

    q: float
    sign: int
    crossover: float


def channel(eps, alpha) -> Channel:
    r"""The label channel of the bounds and decoders at rater error `eps` and adversarial fraction `alpha`.

    An informative label reports the truth with probability $q_\alpha = (1-\alpha)(1-\varepsilon)$:
    a binary symmetric channel with crossover $\min(q_\alpha, 1 - q_\alpha)$, read straight
    when $q_\alpha > 1/2$ and inverted past the adversaries' breakdown. The crossover is
    formed without cancellation ($\alpha + (1-\alpha)\varepsilon$, or $q_\alpha$ past
    breakdown), so error rates like $10^{-300}$ keep their value.

    Parameters
    ----------
    eps : float
        Rater error rate.
    alpha : float
        Adversarial fraction.

    Returns
    -------
    Channel
        `(q, sign, crossover)`.

    Examples
    --------
    >>> channel(0.2, 0.55)                   # past breakdown: q_alpha = 0.36, read inverted
    Channel(q=0.36, sign=-1, crossover=0.36)
    >>> channel(1e-300, 0.0).crossover
    1e-300
    """
    m = label_model(eps, alpha, 0.0, 0.0)
    x = m["bias_alpha"]
    sign = 1 if x > 0 else (-1 if x < 0 else 0)
    minor = m["qbar_alpha"] if x > 0 else (m["q_alpha"] if x < 0 else 0.5)
    return Channel(m["q_alpha"], sign, min(minor, 0.5))


# ======================================================================== optimal decoders
def _decoder_errors(rng, m_sep, x, sign):
    """Errors of the likelihood-ratio / MAP decision on S = 2X - M, X the labels reporting the truth.

    The likelihood ratio is (q/(1-q))^S: the decision follows the sign of S when q > 1/2
    (sign = +1), the opposite sign when q < 1/2 (sign = -1: labels informative inverted), and
    a fair coin when S = 0 or q = 1/2 (sign = 0)."""
    s = sign * (2 * x - m_sep)
    coin = rng.random(s.shape) < 0.5
    return (s < 0) | ((s == 0) & coin)


def _two_point_kernel(rng, size, n, d, q, sign):
    m = rng.binomial(n, d, size)
    x = rng.binomial(m, q)
    return np.array([np.count_nonzero(_decoder_errors(rng, m, x, sign))])


def two_point(n, d, eps, alpha=0.0, *, trials, seed=None, executor=None, confidence=0.95):
    r"""Simulate the optimal test on the two-point instance ($K = 2$): its error probability.

    Two candidates, either of which may be the aligned one, separated by a query with
    probability $d$; on a separating query a label favours the aligned one with
    probability $q_\alpha = (1-\alpha)(1-\varepsilon)$ (the adversary labels against the
    aligned policy) — a binary symmetric channel with crossover $1 - q_\alpha$, the one
    the two-point bounds speak of. With $S$ = (labels for candidate 1) − (labels for
    candidate 2) among the $M \sim \mathrm{Bin}(n, d)$ separating ones, the likelihood
    ratio is $(q_\alpha/(1-q_\alpha))^S$: the optimal (minimax and Bayes, uniform prior)
    test picks the sign of $S$ — the opposite sign past breakdown, where $q_\alpha < 1/2$
    and the labels are informative inverted — and flips a fair coin at $S = 0$. By
    symmetry its error is the same under both hypotheses, so this is its maximum error —
    what `two_point.*` bounds from below.

    Parameters
    ----------
    n : int
        Number of labels.
    d : float
        Separation probability.
    eps : float
        Rater error rate.
    alpha : float
        Adversarial fraction.
    trials : int
        Number of simulated experiments.
    seed : None, int or numpy.random.SeedSequence
        Seed of the run.
    executor : concurrent.futures.Executor, optional
        Run blocks on it; identical result.
    confidence : float
        Level of the default CP interval.

    Returns
    -------
    Estimate
        Of the optimal test's error probability (event `"error"`).

    Examples
    --------
    >>> est = two_point(n=10, d=0.5, eps=0.2, trials=100_000, seed=4)
    >>> est.contains(two_point_exact(n=10, d=0.5, eps=0.2), confidence=1 - 1e-6)
    True

    Past breakdown ($q_\alpha = 0.36$) the test reads the labels backwards, as well as
    at $q_\alpha = 0.64$:

    >>> est = two_point(n=10, d=0.5, eps=0.2, alpha=0.55, trials=100_000, seed=4)
    >>> est.contains(two_point_exact(n=10, d=0.5, eps=0.36), confidence=1 - 1e-6)
    True
    """
    where = "simulate.two_point"
    trials = check.count("trials", trials, where, low=1)
    n = check.labels(n, where)
    d = check.real("d", d, where)
    eps = check.real("eps", eps, where)
    alpha = check.real("alpha", alpha, where)
    confidence = check.confidence(confidence)
    q, sign, _ = channel(eps, alpha)
    r = engine.run(_two_point_kernel, (n, d, q, sign), trials=trials, width=1, seed=seed, executor=executor,
                   where=where)
    params = {"n": n, "d": d, "eps": eps, "alpha": alpha}
    return r.estimate("error", params=params, confidence=confidence)


#: Relative depth (nats) of the truncations: what is dropped is below e^-45 relative.
_DEPTH = 45.0


#: Windows wider than this use scipy's `bdtrc` instead (where its value is above 1e-280).
_WIDE = 256


def _two_point_log_rows(M, p):
    """log [P(Bin(M, p) > M/2) + P(Bin(M, p) = M/2)/2] per row (0 < p < 1/2).

    By windowed sums: from x0 = floor(M/2) + 1 on the terms t_x fall, log(t_x / t_x0) <=
    -j^2/(M+1) - j L with j = x - x0 and L = log((1-p)/p) > 0 (each ratio t_{x+1}/t_x is
    (M-x)/(x+1) p/(1-p), and log((M-x)/(x+1)) <= -(2x+1-M)/(M+1)). The window keeps j < W,
    W the first j at which that bound reaches D = 45 + log(M+1) nats, so the at most M+1
    dropped terms sum to below e^-45 t_x0. The first term is Loader's log pmf, the others
    follow by the exact ratios (relative accuracy ~1e-14 over a window). Rows whose window would be wider than `_WIDE` (p near 1/2, large M) take the
    tail from scipy's `bdtrc` (relative accuracy ~1e-12) where it is above 1e-280."""
    M = np.asarray(M, dtype=float)
    pc = 1.0 - p
    L = math.log(pc) - math.log(p)
    x0 = np.floor(M / 2) + 1
    D = _DEPTH + np.log(M + 1.0)
    W = np.ceil(2.0 * D / (L + np.sqrt(L * L + 4.0 * D / (M + 1.0)))) + 1.0
    W = np.clip(W, 0.0, np.maximum(M - x0 + 1.0, 0.0))
    even = M % 2 == 0
    with np.errstate(under="ignore"):
        tie = np.where(even, log_binom_pmf(np.floor(M / 2), M, p, pc) + math.log(0.5), -np.inf)
    out = np.full(M.shape, np.nan)
    # bdtrc only where its value can be above 1e-280: by Chernoff g(M) <= exp(-M kl(1/2 || p))
    kl_half = -0.5 * math.log(4.0 * p * pc)
    wide = np.flatnonzero((W > _WIDE) & (M * kl_half < 640.0))
    if wide.size:
        with np.errstate(under="ignore"):
            Mw = M[wide].astype(np.int64)
            lin = special.bdtrc(Mw // 2, Mw, p) + np.exp(tie[wide])
        ok = lin > 1e-280
        out[wide[ok]] = np.log(lin[ok])
    todo = np.flatnonzero(np.isnan(out))
    budget = 1 << 18
    start = 0
    while start < todo.size:
        # rows in chunks of at most `budget` window elements
        stop = start + 1
        width = W[todo[start]]
        while stop < todo.size and (stop - start + 1) * max(width, W[todo[stop]]) <= budget:
            width = max(width, W[todo[stop]])
            stop += 1
        idx = todo[start:stop]
        Mi, x0i, Wi = M[idx], x0[idx], W[idx]
        cols = np.arange(max(int(Wi.max()), 1), dtype=float)
        valid = cols[None, :] < Wi[:, None]
        # anchor at x0 (Loader), then the exact ratios t_{x+1}/t_x = (M - x)/(x + 1) p/(1-p)
        x = x0i[:, None] + cols[None, :-1]
        with np.errstate(divide="ignore", invalid="ignore"):
            steps = np.log(np.maximum(Mi[:, None] - x, 0.0) / (x + 1.0)) - L
        lt = np.empty(valid.shape)
        lt[:, 0] = log_binom_pmf(x0i, Mi, p, pc)
        lt[:, 1:] = steps
        lt = np.where(valid, np.cumsum(lt, axis=1), -np.inf)
        with np.errstate(divide="ignore"):
            tail = special.logsumexp(lt, axis=1)
        out[idx] = np.logaddexp(tail, tie[idx])
        start = stop
    return out


def log_two_point_error(n, d, crossover):
    r"""Log of the optimal test's error on the two-point instance, from the channel's crossover.

    With $n$ labels, each informative with probability $d$ and then pointing the decoder
    the wrong way with probability $p$ = `crossover` $\le 1/2$ (see `channel`):
    $\sum_M \mathrm{Bin}(n, d)(M)\,g(M)$ with
    $g(M) = P(\mathrm{Bin}(M, p) > M/2) + \tfrac12 P(\mathrm{Bin}(M, p) = M/2)$, summed in log
    space over the rows $M$ that can matter. `two_point_exact` is this with the parameters
    checked; the witnesses call it directly, many times per check.

    Parameters
    ----------
    n : int
        Number of labels, $\ge 0$ (not checked).
    d : float
        Probability that a label is informative, in $(0, 1]$.
    crossover : float
        The channel's crossover $p \in [0, 1/2]$; from $1/2$ on the error is $1/2$.

    Returns
    -------
    float
        $\ln P_{\text{err}}$, at most $\ln(1/2)$; `-inf` when the error is 0.

    Notes
    -----
    $g$ is the Bayes error of the optimal test with $M$ informative labels, so it does not
    increase with $M$: on a grid $a_0 < a_1 < \dots$ (step about $\sqrt n$) a row
    $M \in [a_i, a_{i+1})$ has log term at most $\ln \mathrm{Bin}(n, d)(M) + \ln g(a_i)$.
    With $S_0$ the largest log term on the grid, rows whose bound is below
    $S_0 - 45 - \ln(n+1)$ together contribute at most $e^{-45}$ of the total, and are dropped.

    Examples
    --------
    >>> round(math.exp(log_two_point_error(5, 1.0, 0.2)), 6)      # P(Bin(5, 0.2) >= 3)
    0.05792
    >>> log_two_point_error(0, 0.5, 0.1) == math.log(0.5)
    True
    """
    p = crossover
    if n == 0 or p >= 0.5:
        return math.log(0.5)
    if p == 0.0:  # error only when no label is informative (then a coin flip)
        return n * math.log1p(-d) + math.log(0.5) if d < 1.0 else -math.inf
    if d == 1.0:
        return float(min(_two_point_log_rows(np.array([float(n)]), p)[0], math.log(0.5)))
    M = np.arange(n + 1, dtype=float)
    lw = log_binom_pmf(M, n, d, 1.0 - d)
    step = max(1, math.isqrt(n))
    grid = np.arange(0, n + 1, step, dtype=float)
    lg_grid = _two_point_log_rows(grid, p)
    S0 = float(np.max(lw[grid.astype(np.intp)] + lg_grid))
    upper = lw + np.repeat(lg_grid, step)[: n + 1]
    keep = np.flatnonzero(upper >= S0 - (_DEPTH + math.log(n + 1.0)))
    total = special.logsumexp(lw[keep] + _two_point_log_rows(M[keep], p))
    return float(min(total, math.log(0.5)))


def two_point_exact(n, d, eps, alpha=0.0, *, log=False):
    r"""Exact error probability of the optimal test on the two-point instance (see `two_point`).

    With $p = \min(q_\alpha, 1-q_\alpha)$ the crossover of the label channel (the
    probability that an informative label points the decoder the wrong way, whether it
    reads the labels straight or, past breakdown, inverted):

    $$P_{\text{err}} = \sum_{M=0}^{n} \binom{n}{M} d^M (1-d)^{n-M}
    \Big[P\big(\mathrm{Bin}(M, p) > \tfrac M2\big) + \tfrac12 P\big(\mathrm{Bin}(M, p) = \tfrac M2\big)\Big].$$

    Computed in log space from Loader's saddle-point form of the binomial probabilities
    (relative accuracy about $10^{-15}$ each): for each $M$ the tail is summed over a window
    from $\lfloor M/2\rfloor + 1$ on, wide enough that what it drops is below $e^{-45}$
    relative (where that window would be wide — $p$ near $1/2$, large $M$ — scipy's
    `bdtrc` gives the tail instead, to about $10^{-12}$), and only the $M$ that can matter
    are summed (the rest is below $e^{-45}$ of the total), so values far below the
    smallest double come out as logs. $p$ is formed as $\alpha + (1-\alpha)\varepsilon$ (or $q_\alpha$ past
    breakdown), so error rates like $10^{-300}$ keep their value.

    Parameters
    ----------
    n : int
        Number of labels, $0 \le n \le$ `bounds.MAX_EXACT_N`.
    d : float
        Separation probability, in $(0, 1]$ (subnormal values included).
    eps : float
        Rater error rate, in $[0, 1/2]$.
    alpha : float
        Adversarial fraction, in $[0, 1)$.
    log : bool
        Return $\ln P_{\text{err}}$ instead.

    Returns
    -------
    float
        The optimal test's error (equal under both hypotheses), or its log. $1/2$ when
        $n = 0$ or $q_\alpha = 1/2$.

    Raises
    ------
    ValueError
        For parameters outside their domains, or $n$ above `bounds.MAX_EXACT_N`.

    Examples
    --------
    With $d = 1$, $n = 5$, $\varepsilon = 0.2$ it is $P(\mathrm{Bin}(5, 0.2) \ge 3)$
    ($100 \times$ it is 5.792, the hypercube's expected Hamming loss below):

    >>> round(100 * two_point_exact(5, 1.0, 0.2), 6)
    5.792
    >>> round(two_point_exact(20000, 1.0, 0.1, log=True), 2)   # far below the smallest double
    -10222.16
    >>> two_point_exact(3, 1.1e-308, 0.0, log=True) == math.log(0.5) + 3 * math.log1p(-1.1e-308)
    True
    """
    where = "simulate.two_point_exact"
    n = check.labels(n, where, cap=MAX_EXACT_N, why="the exact computation's reach, bounds.MAX_EXACT_N")
    d = check.real("d", d, where)
    eps = check.real("eps", eps, where)
    alpha = check.real("alpha", alpha, where)
    _, _, p = channel(eps, alpha)
    lp = log_two_point_error(n, d, p)
    return lp if log else math.exp(lp)


@dataclass(frozen=True)
class HypercubeResult:
    r"""Result of `hypercube`: errors of the MAP decoder on the $2^m$ hypercube packing.

    Attributes
    ----------
    m : int
        Number of value bits ($K = 2^m$ candidates).
    bit_error : Estimate
        Bits decoded wrongly, out of `m * trials` (the bits are independent and equally
        distributed, so the count is binomial and its CP interval exact).
    block_error : Estimate
        Trials in which some bit was wrong: the probability of *not* identifying the
        aligned candidate (what Fano bounds).

    Examples
    --------
    >>> r = hypercube(m=100, n=5, eps=0.2, trials=2000, seed=3)
    >>> lo, hi = r.hamming_interval(1 - 1e-6)
    >>> bool(lo <= 5.792 <= hi)                   # exact: 100 P(Bin(5, 0.2) >= 3) = 5.792
    True
    """

    m: int
    bit_error: Estimate
    block_error: Estimate

    @property
    def hamming(self) -> float:
        r"""Estimated expected Hamming loss $m\,\hat p_{\text{bit}}$ (what Assouad bounds).

        Returns
        -------
        float
            Expected number of wrong bits.

        Examples
        --------
        >>> r = hypercube(m=4, n=3, eps=0.0, trials=10, seed=0)
        >>> r.hamming
        0.0
        """
        return self.m * self.bit_error.estimate

    def hamming_interval(self, confidence: float | None = None):
        r"""CP interval of the expected Hamming loss ($m$ times the bit-error interval).

        Parameters
        ----------
        confidence : float, optional
            Level; default that of `bit_error`.

        Returns
        -------
        tuple of float
            `(low, high)`.

        Examples
        --------
        >>> hypercube(m=4, n=3, eps=0.0, trials=10, seed=0).hamming_interval()[0]
        0.0
        """
        lo, hi = self.bit_error.interval(confidence)
        return self.m * lo, self.m * hi

    def to_dict(self) -> dict:
        r"""Flat dict for a tidy table.

        Returns
        -------
        dict
            Hamming loss and block error with their intervals.

        Examples
        --------
        >>> sorted(hypercube(m=2, n=1, eps=0.1, trials=10, seed=0).to_dict())[:3]
        ['block_error', 'block_error_high', 'block_error_low']
        """
        lo, hi = self.hamming_interval()
        b = self.block_error
        return {"hamming": self.hamming, "hamming_low": lo, "hamming_high": hi,
                "block_error": b.estimate, "block_error_low": b.low, "block_error_high": b.high,
                "trials": b.trials}


def _hypercube_kernel(rng, size, m, n, d, q, sign):
    M = rng.binomial(n, d, size=(size, m))
    x = rng.binomial(M, q)
    err = _decoder_errors(rng, M, x, sign)
    return np.array([np.count_nonzero(err), np.count_nonzero(err.any(axis=1))])


def hypercube(m, n, eps, d=1.0, alpha=0.0, *, trials, seed=None, executor=None, confidence=0.95):
    r"""Simulate the MAP decoder on the hypercube packing: $2^m$ candidates, $m$ value bits.

    The aligned candidate is $\omega \in \{0, 1\}^m$, uniformly random. Each bit is the
    subject of $n$ labels; a label separates (is informative about its bit) with
    probability $d$ and then reports the bit correctly with probability
    $q_\alpha = (1-\alpha)(1-\varepsilon)$ (the channel of the bounds: the adversary
    labels against the aligned candidate). The bits are independent a posteriori, so the
    MAP decoder decides each bit by the sign of its evidence $S_i = 2X_i - M_i$ — the
    opposite sign when $q_\alpha < 1/2$ — and a fair coin at 0. A trial draws
    $M_i \sim \mathrm{Bin}(n, d)$ and $X_i \sim \mathrm{Bin}(M_i, q_\alpha)$ for the $m$ bits.

    This is the instance on which Assouad's lemma is tight (Assouad 1983; Yu 1997), and a
    packing for Fano: the labels carry at most $d(\ln 2 - h(q_\alpha))$ nats each and any
    two candidates differ, per label, by at most $d\,\mathrm{kl}(q_\alpha \| 1-q_\alpha)$.

    Parameters
    ----------
    m : int
        Number of bits, $\ge 1$.
    n : int
        Labels per bit (total $mn$).
    eps : float
        Rater error rate.
    d : float
        Probability that a label is informative.
    alpha : float
        Adversarial fraction.
    trials : int
        Number of simulated experiments.
    seed : None, int or numpy.random.SeedSequence
        Seed of the run.
    executor : concurrent.futures.Executor, optional
        Run blocks on it; identical result.
    confidence : float
        Level of the default CP intervals.

    Returns
    -------
    HypercubeResult
        Bit error (its $m$ times is the expected Hamming loss) and block error
        ($P(\hat\omega \ne \omega)$).

    Examples
    --------
    >>> r = hypercube(m=50, n=9, eps=0.3, trials=4000, seed=5)
    >>> lo, hi = r.hamming_interval(1 - 1e-6)
    >>> bool(lo <= 4.940433 <= hi)                     # exact (hypercube_exact)
    True
    """
    where = "simulate.hypercube"
    m = check.count("m", m, where, low=1)
    n = check.labels(n, where)
    eps = check.real("eps", eps, where)
    d = check.real("d", d, where)
    alpha = check.real("alpha", alpha, where)
    confidence = check.confidence(confidence)
    trials = check.count("trials", trials, where, low=1)
    q, sign, _ = channel(eps, alpha)
    r = engine.run(_hypercube_kernel, (m, n, d, q, sign), trials=trials, width=m, seed=seed, executor=executor,
                   where=where)
    params = {"m": m, "n": n, "eps": eps, "d": d, "alpha": alpha}
    bit = r.estimate("bit error", index=0, total=m * trials, params=params, confidence=confidence)
    return HypercubeResult(m, bit, r.estimate("block error", index=1, params=params, confidence=confidence))


def log_block_error(log_bit_error, m):
    r"""$\ln(1 - (1 - e)^m)$ from $\ln e$: the block error of $m$ independent bits of error $e$.

    Without cancellation (for small $e$) or underflow (for $e$ below the smallest double).

    Parameters
    ----------
    log_bit_error : float
        $\ln e$, the log error of one bit (e.g. `log_two_point_error`).
    m : int
        Number of bits, $\ge 1$.

    Returns
    -------
    float
        The log of the probability that some bit is wrong.

    Examples
    --------
    >>> round(math.exp(log_block_error(math.log(0.1), 2)), 12)      # 1 - 0.9^2
    0.19
    >>> log_block_error(-2000.0, 10) == math.log(10) - 2000.0      # 10 e^-2000, far below a double
    True
    """
    le = log_bit_error
    if le == -math.inf:
        return -math.inf
    e = math.exp(le)
    if e > 0.0:
        return math.log(-math.expm1(m * math.log1p(-e)))
    return math.log(m) + le      # e below the smallest double: 1 - (1-e)^m = m e (1 + O(m e))


def _block_error(e, m):
    """1 - (1 - e)^m without cancellation."""
    if e >= 1e-3:
        return 1.0 - (1.0 - e) ** m
    return -math.expm1(m * math.log1p(-e))


def hypercube_exact(m, n, eps, d=1.0, alpha=0.0):
    r"""Exact errors of the MAP decoder on the hypercube packing (see `hypercube`).

    Each bit is a two-point problem with $n$ labels, so with $e$ = `two_point_exact(n,
    d, eps, alpha)`: expected Hamming loss $m e$ and block error $1 - (1-e)^m$.

    Parameters
    ----------
    m : int
        Number of bits.
    n : int
        Labels per bit.
    eps : float
        Rater error rate.
    d : float
        Probability that a label is informative.
    alpha : float
        Adversarial fraction.

    Returns
    -------
    hamming : float
        Expected number of wrongly decoded bits.
    block_error : float
        Probability that the decoded candidate is not the aligned one.

    Examples
    --------
    >>> h, b = hypercube_exact(100, 5, 0.2)
    >>> round(h, 6)                        # Assouad's bound = exact = 5.792
    5.792
    >>> round(hypercube_exact(50, 9, 0.3)[0], 6)
    4.940433
    """
    m = check.count("m", m, "simulate.hypercube_exact", low=1)
    e = two_point_exact(n, d, eps, alpha)
    return m * e, _block_error(e, m)
