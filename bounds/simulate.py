r"""Monte Carlo of the canonical model, from sufficient statistics, with Clopper–Pearson intervals.

Every simulator samples *counts* — binomial and multinomial numbers of labels — never
label by label, so a trial costs the same at $n = 10$ and at $n = 10^9$. Each returns an
`Estimate`: a count of trials in which an event happened, with its exact
(Clopper–Pearson) confidence interval.

What is simulated (DESIGN §1):

* `duel` — the aligned policy against one unaligned policy $j^*$: with $M \sim
  \mathrm{Bin}(n, d)$ separating labels of which $X \sim \mathrm{Bin}(M, q_\alpha)$ favour
  the aligned policy, it loses when $2X - M \le 0$ (ties lose).
* `race` — the aligned policy against all $K-1$ unaligned ones, under three policy-class
  structures (`structure=`): *independent* separation (each policy separates on each query
  independently), *nested* separating sets ($S_1 \subseteq S_2 \subseteq \dots$) and
  *disjoint* separating sets (a query separates at most one policy).
* adversaries (`adversary=`): *random* assignment (a random fraction $\alpha$ of labels
  is written by an adversary labelling for a chosen $j^*$; breakdown at
  $\alpha^* = (2q-1)/(2q)$) and *targeted* ($\lfloor \alpha n\rfloor$ labels written by
  the adversary on queries that separate $j^*$ — where they hurt most; breakdown at
  $\alpha^* = m/(1+m)$ with $m = d(2q-1)$, as for Kearns–Li malicious noise).
* `sources` — several rater sources, $n_k$ labels at error $\varepsilon_k$, combined with
  likelihood-ratio weights $\ln((1-\varepsilon_k)/\varepsilon_k)$ or unweighted.
* optimal decoders on the *exchangeable* instances lower bounds speak of: `two_point`
  ($K = 2$, the likelihood-ratio test) and `hypercube` ($2^m$ candidates, $m$ independent
  value bits each seen through $n$ noisy labels, the MAP decoder), with their exact
  counterparts `two_point_exact` and `hypercube_exact`.

Randomness and memory
---------------------
Trials run in *blocks*; block $i$ draws from its own generator, seeded by child $i$ of
the run's `numpy.random.SeedSequence` (built as `SeedSequence(entropy, spawn_key=(..., i))`,
exactly what `SeedSequence.spawn` makes). The block size depends only on the model (how
many counts a trial needs), so the result depends only on the seed, the parameters and
the number of trials — not on how blocks are grouped, on `executor=`, or on how many
workers ran them. Only one block per worker is in memory at a time (at most $2^{21}$
counts per array, 16 MiB), so a $10^8$-trial run stays far below 1 GiB.

Examples
--------
>>> import bounds
>>> from bounds import simulate
>>> est = simulate.duel(n=51, d=0.5, eps=0.2, trials=200_000, seed=1)
>>> exact = bounds.bound("duel.exact")(n=51, d=0.5, eps=0.2, alpha=0.0)
>>> est.contains(exact, confidence=1 - 1e-6)
True
"""
from __future__ import annotations

import math
import numbers
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace

import numpy as np
from scipy import special, stats

from .vocabulary import parameter

__all__ = [
    "Estimate",
    "HypercubeResult",
    "MAX_POLICIES",
    "clopper_pearson",
    "duel",
    "race",
    "sources",
    "two_point",
    "two_point_exact",
    "hypercube",
    "hypercube_exact",
    "targeted_breakdown_alpha",
]

#: Largest number of unaligned policies `race` samples per trial by default. Beyond it
#: sampling every policy is infeasible; `race` raises rather than approximate.
MAX_POLICIES = 100_000

#: Counts per array per block: a block of trials needs at most this many (16 MiB of int64).
_BLOCK_ELEMENTS = 1 << 21
#: Largest block, in trials.
_MAX_BLOCK = 1 << 16

STRUCTURES = ("independent", "nested", "disjoint")
ADVERSARIES = ("random", "targeted")
ALTERNATIVES = ("two-sided", "less", "greater")


# ======================================================================== intervals
def clopper_pearson(k, N, confidence=0.95, alternative="two-sided"):
    r"""Clopper–Pearson (exact binomial) confidence interval for a proportion.

    For $k$ successes in $N$ trials at level $1-a$ (two-sided):
    lower $= B^{-1}(a/2;\, k, N-k+1)$ (0 if $k = 0$), upper $= B^{-1}(1-a/2;\, k+1, N-k)$
    (1 if $k = N$), with $B^{-1}$ the beta quantile. One-sided intervals use $a$ in
    place of $a/2$ on their one side. Coverage is at least $1-a$ whatever the true
    proportion (the interval is conservative).

    Parameters
    ----------
    k : int or array_like of int
        Number of successes, $0 \le k \le N$.
    N : int or array_like of int
        Number of trials, $\ge 1$.
    confidence : float
        Confidence level $1-a$, in $(0, 1)$. Both limits are computed as quantiles at
        $a/2$ (the upper one from the mirrored beta), so levels like $1 - 10^{-12}$ lose
        no precision beyond that of the float given.
    alternative : {'two-sided', 'less', 'greater'}
        As in `scipy.stats.binomtest`: `'less'` gives $[0, \text{upper}]$ (a one-sided
        upper limit), `'greater'` gives $[\text{lower}, 1]$.

    Returns
    -------
    low, high : float or numpy.ndarray
        The interval.

    Raises
    ------
    ValueError
        If $k$ or $N$ are not integers with $0 \le k \le N$, $N \ge 1$, or `confidence`
        or `alternative` are invalid.

    Notes
    -----
    Clopper & Pearson (1934), Biometrika 26:404–413. Test vectors: REFERENCES.md §6.7.

    Examples
    --------
    >>> lo, hi = clopper_pearson(5, 100)          # REFERENCES.md §6.7: 0.016432, 0.112835
    >>> round(lo, 6), round(hi, 6)
    (0.016432, 0.112835)
    >>> round(clopper_pearson(0, 100, alternative="less")[1], 6)   # one-sided 95%: 0.029513
    0.029513
    """
    if not (isinstance(confidence, numbers.Real) and 0 < confidence < 1):
        raise ValueError(f"confidence={confidence!r} is outside its domain (0, 1)")
    if alternative not in ALTERNATIVES:
        raise ValueError(f"alternative={alternative!r} must be one of {ALTERNATIVES}")
    k_arr = np.asarray(k)
    N_arr = np.asarray(N)
    for name, arr in (("k", k_arr), ("N", N_arr)):
        if arr.dtype.kind not in "iuf" or np.any(np.floor(arr) != arr):
            raise ValueError(f"{name}={k if name == 'k' else N!r} must be an integer count")
    k_arr, N_arr = np.broadcast_arrays(k_arr.astype(float), N_arr.astype(float))
    if np.any(N_arr < 1) or np.any(k_arr < 0) or np.any(k_arr > N_arr):
        raise ValueError(f"need 0 <= k <= N and N >= 1, got k={k!r}, N={N!r}")
    a = 1.0 - float(confidence)
    side = a / 2 if alternative == "two-sided" else a
    with np.errstate(all="ignore"):
        lo = np.where(k_arr > 0, special.betaincinv(np.maximum(k_arr, 1), N_arr - k_arr + 1, side), 0.0)
        # upper quantile 1 - side of Beta(k+1, N-k) == 1 - (side quantile of Beta(N-k, k+1))
        hi = np.where(k_arr < N_arr, 1.0 - special.betaincinv(np.maximum(N_arr - k_arr, 1), k_arr + 1, side), 1.0)
    if alternative == "less":
        lo = np.zeros_like(lo)
    elif alternative == "greater":
        hi = np.ones_like(hi)
    if lo.ndim == 0:
        return float(lo), float(hi)
    return lo, hi


@dataclass(frozen=True)
class Estimate:
    r"""A Monte Carlo estimate of a probability: `count` of `trials` trials, with its CP interval.

    Attributes
    ----------
    event : str
        What was counted (e.g. `"lose"`, `"error"`).
    count : int
        Trials in which it happened.
    trials : int
        Trials run.
    confidence : float
        Level of the default interval (`low`, `high`).
    params : dict
        The parameters of the simulation.
    seed : tuple
        `(entropy, spawn_key)` of the run's `SeedSequence`: rerun with
        `seed=numpy.random.SeedSequence(entropy, spawn_key=spawn_key)`.
    blocks : int
        Number of blocks the trials ran in.
    block_size : int
        Trials per block (the last block may be shorter).

    Examples
    --------
    >>> e = Estimate("lose", 5, 100)
    >>> e.estimate
    0.05
    >>> round(e.low, 6), round(e.high, 6)
    (0.016432, 0.112835)
    >>> e
    Estimate(P(lose) = 0.05, 95% CI [0.01643, 0.1128]; 5 of 100 trials)
    """

    event: str
    count: int
    trials: int
    confidence: float = 0.95
    params: dict = field(default_factory=dict, compare=False)
    seed: tuple | None = field(default=None, compare=False)
    blocks: int = 1
    block_size: int = 0

    def __post_init__(self):
        if not (0 <= self.count <= self.trials and self.trials >= 1):
            raise ValueError(f"need 0 <= count <= trials, trials >= 1; got {self.count} of {self.trials}")

    @property
    def estimate(self) -> float:
        r"""The point estimate `count / trials`.

        Returns
        -------
        float
            $\hat p$.

        Examples
        --------
        >>> Estimate("win", 3, 4).estimate
        0.75
        """
        return self.count / self.trials

    @property
    def low(self) -> float:
        r"""Lower end of the two-sided CP interval at `confidence`.

        Returns
        -------
        float
            Lower limit.

        Examples
        --------
        >>> Estimate("win", 0, 10).low
        0.0
        """
        return self.interval()[0]

    @property
    def high(self) -> float:
        r"""Upper end of the two-sided CP interval at `confidence`.

        Returns
        -------
        float
            Upper limit.

        Examples
        --------
        >>> round(Estimate("win", 0, 10).high, 6)       # REFERENCES.md §6.7: 0.308497
        0.308497
        """
        return self.interval()[1]

    def interval(self, confidence: float | None = None, alternative: str = "two-sided"):
        r"""Clopper–Pearson interval at another level or one-sided (see `clopper_pearson`).

        Parameters
        ----------
        confidence : float, optional
            Level; default `self.confidence`.
        alternative : {'two-sided', 'less', 'greater'}
            `'less'`: $[0, U]$; `'greater'`: $[L, 1]$.

        Returns
        -------
        tuple of float
            `(low, high)`.

        Examples
        --------
        >>> lo, hi = Estimate("x", 10, 1000).interval(0.95)
        >>> round(lo, 6), round(hi, 6)
        (0.004806, 0.018313)
        """
        return clopper_pearson(self.count, self.trials, self.confidence if confidence is None else confidence, alternative)

    def contains(self, value: float, confidence: float | None = None) -> bool:
        r"""Whether `value` lies in the two-sided interval at `confidence`.

        Parameters
        ----------
        value : float
            E.g. an exact probability.
        confidence : float, optional
            Level; default `self.confidence`.

        Returns
        -------
        bool
            `low <= value <= high`.

        Examples
        --------
        >>> Estimate("x", 50, 100).contains(0.5)
        True
        """
        lo, hi = self.interval(confidence)
        return bool(lo <= value <= hi)

    def complement(self, event: str) -> "Estimate":
        r"""The estimate of the complementary event (`trials - count`).

        Parameters
        ----------
        event : str
            Its name (e.g. `"win"` for the complement of `"lose"`).

        Returns
        -------
        Estimate
            Same trials, complementary count.

        Examples
        --------
        >>> Estimate("lose", 5, 100).complement("win").estimate
        0.95
        """
        return replace(self, event=event, count=self.trials - self.count)

    def to_dict(self) -> dict:
        r"""The estimate as a flat dict (one row of a tidy table).

        Returns
        -------
        dict
            `event, estimate, low, high, count, trials, confidence`.

        Examples
        --------
        >>> sorted(Estimate("lose", 5, 100).to_dict())
        ['confidence', 'count', 'estimate', 'event', 'high', 'low', 'trials']
        """
        lo, hi = self.interval()
        return {"event": self.event, "estimate": self.estimate, "low": lo, "high": hi,
                "count": int(self.count), "trials": int(self.trials), "confidence": self.confidence}

    def __repr__(self) -> str:
        lo, hi = self.interval()
        return (f"Estimate(P({self.event}) = {self.estimate:.4g}, {100 * self.confidence:.6g}% CI "
                f"[{lo:.4g}, {hi:.4g}]; {self.count} of {self.trials} trials)")


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
    >>> bool(lo <= 5.792 <= hi)                   # REFERENCES.md §1.3: exact 5.792
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


# ======================================================================== validation
def _real(name, value, where):
    arr = parameter(name).validate(value, where=where)
    if arr.ndim != 0:
        raise TypeError(f"{name} in {where} must be a single number, got an array of shape {arr.shape}")
    return float(arr)


def _count(name, value, where, *, low=0):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} in {where} must be an integer, got {type(value).__name__} {value!r}")
    if not (math.isfinite(value) and float(value).is_integer() and value >= low):
        raise ValueError(f"{name}={value!r} in {where} must be an integer >= {low}")
    return int(value)


def _n(value, where):
    v = _real("n", value, where)
    if not v.is_integer():
        raise ValueError(f"n={value!r} in {where} must be an integer number of labels")
    return int(v)


def _K(value, where):
    v = _real("K", value, where)
    if not v.is_integer():
        raise ValueError(f"K={value!r} in {where} must be an integer number of policies")
    return v


def _choice(name, value, allowed):
    if value not in allowed:
        raise ValueError(f"{name}={value!r} must be one of {allowed}")
    return value


def _seed_sequence(seed) -> np.random.SeedSequence:
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if seed is None:
        return np.random.SeedSequence()
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            f"seed must be None, a non-negative int or a numpy.random.SeedSequence, got {type(seed).__name__} "
            f"{seed!r} (a Generator's state cannot be split reproducibly across blocks)"
        )
    if seed < 0:
        raise ValueError(f"seed={seed!r} must be non-negative")
    return np.random.SeedSequence(int(seed))


def _child(entropy, spawn_key, pool_size, i):
    """Child i of SeedSequence(entropy, spawn_key): the same as .spawn() would make, without mutation."""
    return np.random.SeedSequence(entropy, spawn_key=tuple(spawn_key) + (i,), pool_size=pool_size)


def _block_size(width: int) -> int:
    b = max(1, min(_MAX_BLOCK, _BLOCK_ELEMENTS // max(1, int(width))))
    return 1 << (b.bit_length() - 1)


# ======================================================================== block runner
def _run_blocks(kernel, args, entropy, spawn_key, pool_size, start, stop, block, trials):
    """Run blocks [start, stop) of a simulation; returns the summed counts (int64 array)."""
    total = None
    for i in range(start, stop):
        size = min(block, trials - i * block)
        rng = np.random.Generator(np.random.PCG64(_child(entropy, spawn_key, pool_size, i)))
        counts = np.asarray(kernel(rng, size, *args), dtype=np.int64)
        total = counts if total is None else total + counts
    return total


def _simulate(kernel, args, *, trials, width, seed, executor, where):
    """Run `trials` trials of `kernel` in blocks; returns (counts, blocks, block, seed_info)."""
    trials = _count("trials", trials, where, low=1)
    ss = _seed_sequence(seed)
    block = _block_size(width)
    nblocks = -(-trials // block)
    key = (ss.entropy, tuple(ss.spawn_key), ss.pool_size)
    if executor is None or nblocks == 1:
        counts = _run_blocks(kernel, args, *key, 0, nblocks, block, trials)
    else:
        if not isinstance(executor, Executor) and not hasattr(executor, "submit"):
            raise TypeError(f"executor must be a concurrent.futures.Executor, got {type(executor).__name__}")
        ntasks = min(nblocks, 64)
        edges = np.linspace(0, nblocks, ntasks + 1).round().astype(int)
        futs = [executor.submit(_run_blocks, kernel, args, *key, int(a), int(b), block, trials)
                for a, b in zip(edges[:-1], edges[1:]) if b > a]
        counts = sum(np.asarray(f.result(), dtype=np.int64) for f in futs)
    return counts, nblocks, block, (ss.entropy, tuple(ss.spawn_key))


def _estimates(events, counts, totals, params, confidence, seed_info, nblocks, block):
    return [Estimate(ev, int(c), int(t), confidence, dict(params), seed_info, nblocks, block)
            for ev, c, t in zip(events, counts, totals)]


def _confidence(confidence):
    if not (isinstance(confidence, numbers.Real) and 0 < confidence < 1):
        raise ValueError(f"confidence={confidence!r} is outside its domain (0, 1)")
    return float(confidence)


# ======================================================================== the duel
def _duel_kernel(rng, size, n, d, q, qa, adversary, A):
    if adversary == "random":
        m = rng.binomial(n, d, size)
        x = rng.binomial(m, qa)
        lose = 2 * x <= m
    else:  # targeted: A adversarial labels, each -1; n - A honest ones
        m = rng.binomial(n - A, d, size)
        x = rng.binomial(m, q)
        lose = 2 * x - m <= A
    return np.array([np.count_nonzero(lose)])


def duel(n, d, eps, alpha=0.0, *, trials, seed=None, adversary="random", executor=None, confidence=0.95):
    r"""Simulate the duel: does the aligned policy lose to the unaligned policy $j^*$?

    Random-assignment adversary (default): per label the evidence for the aligned
    policy is $+1, 0, -1$ with probabilities $d q_\alpha$, $1-d$, $d(1-q_\alpha)$,
    $q_\alpha = (1-\alpha)(1-\varepsilon)$; a trial draws $M \sim \mathrm{Bin}(n, d)$
    separating labels and $X \sim \mathrm{Bin}(M, q_\alpha)$ favourable ones and counts
    a loss when $2X - M \le 0$ (ties lose).

    Targeted adversary: it writes $A = \lfloor \alpha n \rfloor$ of the labels itself, all
    on queries that separate $j^*$, all for $j^*$; the other $n - A$ labels are honest:
    loss when $2X - M \le A$ with $M \sim \mathrm{Bin}(n - A, d)$, $X \sim \mathrm{Bin}(M,
    1-\varepsilon)$. The margin per label is $(1-\alpha)\,d(2q-1) - \alpha$, so the
    aligned policy stops winning at $\alpha^* = m/(1+m)$, $m = d(2q-1)$
    (`targeted_breakdown_alpha`).

    Parameters
    ----------
    n : int
        Number of labels.
    d : float
        Separation probability, in $(0, 1]$.
    eps : float
        Rater error rate, in $[0, 1/2]$.
    alpha : float
        Adversarial fraction, in $[0, 1)$.
    trials : int
        Number of simulated training sets.
    seed : None, int or numpy.random.SeedSequence
        Seed of the run (see the module's *Randomness and memory*).
    adversary : {'random', 'targeted'}
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
    Exact counterpart: `bounds.bound("duel.exact")` (random assignment). Two binomial
    draws per trial whatever $n$.

    Examples
    --------
    >>> est = duel(n=11, d=1.0, eps=0.3, trials=100_000, seed=7)
    >>> est.contains(0.07822, confidence=1 - 1e-6)      # P(Bin(11, 0.7) <= 5)
    True
    """
    where = "simulate.duel"
    trials = _count("trials", trials, where, low=1)
    n = _n(n, where)
    d = _real("d", d, where)
    eps = _real("eps", eps, where)
    alpha = _real("alpha", alpha, where)
    adversary = _choice("adversary", adversary, ADVERSARIES)
    confidence = _confidence(confidence)
    q = 1.0 - eps
    qa = (1.0 - alpha) * q
    A = int(math.floor(alpha * n)) if adversary == "targeted" else 0
    counts, nb, bs, si = _simulate(_duel_kernel, (n, d, q, qa, adversary, A), trials=trials, width=1,
                                   seed=seed, executor=executor, where=where)
    params = {"n": n, "d": d, "eps": eps, "alpha": alpha, "adversary": adversary}
    return _estimates(["lose"], counts, [trials], params, confidence, si, nb, bs)[0]


def targeted_breakdown_alpha(d, eps):
    r"""Breakdown fraction of the targeted adversary, $\alpha^* = m/(1+m)$ with $m = d(2q-1)$.

    With $A = \alpha n$ labels written against the aligned policy on separating queries,
    the expected evidence is $n[(1-\alpha)\,m - \alpha]$, which is $\le 0$ from
    $\alpha^*$ on: no number of labels helps (cf. Kearns & Li 1993, $\beta <
    \varepsilon/(1+\varepsilon)$).

    Parameters
    ----------
    d : float or array_like
        Separation probability.
    eps : float or array_like
        Rater error rate.

    Returns
    -------
    float or numpy.ndarray
        $\alpha^*$.

    Examples
    --------
    >>> round(targeted_breakdown_alpha(1.0, 0.45), 8)     # m = 0.1: 0.1/1.1
    0.09090909
    """
    m = np.asarray(d, float) * (1.0 - 2.0 * np.asarray(eps, float))
    out = m / (1.0 + m)
    return float(out) if out.ndim == 0 else out


# ======================================================================== the race
def _race_kernel(rng, size, n, q, dvec, target, alpha, adversary, A, structure):
    K1 = dvec.size
    # adversarial labels
    if adversary == "random" and alpha > 0:
        a = rng.binomial(n, alpha, size)
    elif adversary == "targeted":
        a = np.full(size, A, dtype=np.int64)
    else:
        a = np.zeros(size, dtype=np.int64)
    h = n - a
    ch = rng.binomial(h, q)          # honest labels that agree with the aligned policy
    wh = h - ch
    if structure == "independent":
        dt = dvec[target]
        if adversary == "random":
            sa = rng.binomial(a, dt) if alpha > 0 else a   # adversarial labels on queries j* separates: wrong
        else:
            sa = a                                       # all placed where j* separates
        c = ch + (a - sa)                                # the rest agree with the aligned (= j*'s) output
        w = wh + sa
        xt = rng.binomial(ch, dt)
        yt = rng.binomial(wh, dt)
        beaten = xt > yt + sa
        if K1 > 1:
            others = np.delete(dvec, target)
            if np.all(others == others[0]):
                X = rng.binomial(c[:, None], others[0], size=(size, K1 - 1))
                Y = rng.binomial(w[:, None], others[0], size=(size, K1 - 1))
            else:
                X = rng.binomial(c[:, None], others[None, :])
                Y = rng.binomial(w[:, None], others[None, :])
            beaten &= np.all(X > Y, axis=1)
            del X, Y
        return np.array([size - np.count_nonzero(beaten)])
    # nested / disjoint: categories of queries, multinomial counts
    if structure == "nested":
        pv = np.diff(np.concatenate([[0.0], dvec, [1.0]]))   # level l separates policies l, l+1, ...
        wrong_cat = np.arange(K1 + 1) <= target               # adversarial label wrong iff j* separates
        worst = 0                                             # a level-0 query separates every policy
    else:
        pv = np.concatenate([dvec, [max(0.0, 1.0 - dvec.sum())]])  # query separates policy j only
        wrong_cat = np.arange(K1 + 1) == target
        worst = target
    pv = np.clip(pv, 0.0, 1.0)
    pv = pv / pv.sum()
    Nc = rng.multinomial(ch, pv)
    Nw = rng.multinomial(wh, pv)
    if adversary == "random" and alpha > 0:
        Na = rng.multinomial(a, pv)
        Nw = Nw + np.where(wrong_cat, Na, 0)
        Nc = Nc + np.where(wrong_cat, 0, Na)
    elif adversary == "targeted":
        Nw[:, worst] += a
    diff = (Nc - Nw)[:, :K1]
    score = np.cumsum(diff, axis=1) if structure == "nested" else diff
    win = np.all(score > 0, axis=1)
    return np.array([size - np.count_nonzero(win)])


def race(n, K, d, eps, alpha=0.0, *, trials, seed=None, structure="independent", adversary="random",
         target=0, max_policies=MAX_POLICIES, executor=None, confidence=0.95):
    r"""Simulate the race: does the aligned policy fail to beat *every* unaligned policy?

    Each of $n$ labels is honest with probability $1-\alpha$ (agreeing with the aligned
    policy with probability $q = 1-\varepsilon$) or written by an adversary labelling for
    the unaligned policy $j^*$ (`target`). Unaligned policy $j$ scores one more than the
    aligned policy on a label that favours it on a query where they differ, one less on
    a label that favours the aligned policy; the aligned policy wins when its score is
    strictly higher than every other (ties lose).

    Structures of the policy class, each sampled from sufficient statistics:

    * `'independent'` (DESIGN §1): policy $j$ separates on each query independently
      with probability $d_j$. A trial draws the adversarial count
      $a \sim \mathrm{Bin}(n, \alpha)$, the honest agreeing count $c_h \sim
      \mathrm{Bin}(n - a, q)$, for $j^*$ its separating counts on honest agreeing /
      honest disagreeing / adversarial labels (an adversarial label is against the
      aligned policy exactly when $j^*$ separates), and for every other policy
      $X_j \sim \mathrm{Bin}(c, d_j)$, $Y_j \sim \mathrm{Bin}(n - c, d_j)$ with $c$ the
      number of labels agreeing with the aligned policy.
    * `'nested'`: separating sets $S_1 \subseteq S_2 \subseteq \dots \subseteq S_{K-1}$
      ($d$ non-decreasing): a query has a *level* $l$ with $P(l \le j) = d_j$ and
      separates every policy from $l$ on; multinomial counts per level, cumulative
      sums give each policy's score.
    * `'disjoint'`: a query separates at most one policy (policy $j$ with probability
      $d_j$, needs $\sum_j d_j \le 1$); multinomial counts per policy.

    Parameters
    ----------
    n : int
        Number of labels.
    K : int
        Number of candidate policies ($K - 1$ unaligned ones are sampled per trial).
    d : float or array_like
        Separation probability, or one per unaligned policy (length $K-1$).
    eps : float
        Rater error rate.
    alpha : float
        Adversarial fraction.
    trials : int
        Number of simulated training sets.
    seed : None, int or numpy.random.SeedSequence
        Seed of the run.
    structure : {'independent', 'nested', 'disjoint'}
        How the unaligned policies' separating sets relate.
    adversary : {'random', 'targeted'}
        `'random'`: a random fraction $\alpha$ of labels is adversarial. `'targeted'`:
        $\lfloor\alpha n\rfloor$ adversarial labels placed on queries that separate
        $j^*$ (for `'nested'`: on the smallest set $S_1$, which separates every policy).
    target : int
        Index $j^*$ (0-based, among the $K-1$ unaligned policies) of the adversary's
        policy.
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
        decreasing `d` with `structure='nested'`, or $\sum d_j > 1$ with `'disjoint'`.

    Examples
    --------
    >>> import bounds
    >>> est = race(n=60, K=8, d=0.3, eps=0.1, alpha=0.05, trials=50_000, seed=2)
    >>> exact = bounds.bound("race.exact")(n=60, K=8, d=0.3, eps=0.1, alpha=0.05)
    >>> est.contains(exact, confidence=1 - 1e-6)
    True
    >>> race(n=100, K=2**40, d=0.1, eps=0.1, trials=10)
    Traceback (most recent call last):
    ...
    ValueError: simulate.race: K - 1 = 1.09951e+12 unaligned policies per trial exceed max_policies=100000; ...
    """
    where = "simulate.race"
    trials = _count("trials", trials, where, low=1)
    n = _n(n, where)
    K = _K(K, where)
    eps = _real("eps", eps, where)
    alpha = _real("alpha", alpha, where)
    structure = _choice("structure", structure, STRUCTURES)
    adversary = _choice("adversary", adversary, ADVERSARIES)
    confidence = _confidence(confidence)
    max_policies = _count("max_policies", max_policies, where, low=1)
    if K - 1 > max_policies:
        raise ValueError(
            f"{where}: K - 1 = {K - 1:g} unaligned policies per trial exceed max_policies={max_policies}; "
            f"sampling every policy is infeasible and no approximation is made. Use "
            f"bounds.bound('race.exact') (exact for any K under independent separation), or raise max_policies."
        )
    K1 = int(K) - 1
    dvec = parameter("d").validate(d, where=where)
    if dvec.ndim == 0:
        dvec = np.full(K1, float(dvec))
    elif dvec.shape != (K1,):
        raise ValueError(f"d in {where} must be a number or have one value per unaligned policy (length {K1}), got shape {dvec.shape}")
    target = _count("target", target, where)
    if target >= K1:
        raise ValueError(f"target={target} in {where} must index one of the K - 1 = {K1} unaligned policies")
    if structure == "nested" and np.any(np.diff(dvec) < 0):
        raise ValueError(f"d in {where} must be non-decreasing for structure='nested' (S_1 ⊆ S_2 ⊆ ...), got {dvec}")
    if structure == "disjoint" and dvec.sum() > 1 + 1e-12:
        raise ValueError(f"d in {where} must sum to <= 1 for structure='disjoint' (a query separates one policy at most); sum = {dvec.sum():g}")
    A = int(math.floor(alpha * n)) if adversary == "targeted" else 0
    args = (n, 1.0 - eps, dvec, target, alpha, adversary, A, structure)
    counts, nb, bs, si = _simulate(_race_kernel, args, trials=trials, width=K1 + 1, seed=seed,
                                   executor=executor, where=where)
    dpar = float(dvec[0]) if np.all(dvec == dvec[0]) else dvec.copy()
    params = {"n": n, "K": K, "d": dpar, "eps": eps, "alpha": alpha, "structure": structure,
              "adversary": adversary, "target": target}
    return _estimates(["lose"], counts, [trials], params, confidence, si, nb, bs)[0]


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
    trials = _count("trials", trials, where, low=1)
    nvec = np.atleast_1d(np.asarray(n))
    evec = np.atleast_1d(np.asarray(eps, dtype=float)) if not isinstance(eps, (str, bytes)) else None
    if evec is None or nvec.ndim != 1 or evec.ndim != 1 or nvec.size != evec.size or nvec.size == 0:
        raise ValueError(f"n and eps in {where} must be 1-d sequences of the same positive length, got {n!r} and {eps!r}")
    nvec = np.array([_n(v, where) for v in nvec.tolist()], dtype=np.int64)
    evec = np.array([_real("eps", v, where) for v in evec.tolist()])
    d = _real("d", d, where)
    K = _K(K, where)
    if K - 1 > MAX_POLICIES:
        raise ValueError(f"{where}: K - 1 = {K - 1:g} exceeds MAX_POLICIES={MAX_POLICIES}; sampling every policy is infeasible")
    weights = _choice("weights", weights, ("llr", "equal"))
    confidence = _confidence(confidence)
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
    counts, nb, bs, si = _simulate(_sources_kernel, args, trials=trials, width=K1 * nvec.size + nvec.size,
                                   seed=seed, executor=executor, where=where)
    params = {"n": nvec.tolist(), "eps": evec.tolist(), "d": d, "K": K, "weights": weights}
    return _estimates(["lose"], counts, [trials], params, confidence, si, nb, bs)[0]


# ======================================================================== optimal decoders
def _q_eff(eps, alpha):
    """Label accuracy on a separating query under the worst random-assignment adversary (lower.py)."""
    return max((1.0 - alpha) * (1.0 - eps), 0.5)


def _q_bar(eps, alpha):
    """1 - _q_eff, computed as alpha + eps (1 - alpha) so that tiny error rates keep their value."""
    return min(alpha + eps * (1.0 - alpha), 0.5)


def _sign_errors(rng, m_sep, x):
    """Errors of the likelihood-ratio / MAP decision on S = 2X - M: wrong if S < 0, coin flip if S = 0."""
    s = 2 * x - m_sep
    coin = rng.random(s.shape) < 0.5
    return (s < 0) | ((s == 0) & coin)


def _two_point_kernel(rng, size, n, d, qe):
    m = rng.binomial(n, d, size)
    x = rng.binomial(m, qe)
    return np.array([np.count_nonzero(_sign_errors(rng, m, x))])


def two_point(n, d, eps, alpha=0.0, *, trials, seed=None, executor=None, confidence=0.95):
    r"""Simulate the optimal test on the two-point instance ($K = 2$): its error probability.

    Two candidates, either of which may be the aligned one, separated by a query with
    probability $d$; on a separating query a label favours the aligned one with
    probability $q_e = \max((1-\alpha)(1-\varepsilon), 1/2)$ (the worst adversary on a
    random $\alpha$ fraction of labels: it votes against, or flips fair coins once that
    is worse). With $S$ = (labels for candidate 1) − (labels for candidate 2) among
    the $M \sim \mathrm{Bin}(n, d)$ separating ones, the likelihood ratio is
    $(q_e/(1-q_e))^S$: the optimal (minimax and Bayes, uniform prior) test picks the
    sign of $S$ and flips a fair coin at $S = 0$. By symmetry its error is the same
    under both hypotheses, so this is its maximum error — what `two_point.*` bounds
    from below.

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
    """
    where = "simulate.two_point"
    trials = _count("trials", trials, where, low=1)
    n = _n(n, where)
    d = _real("d", d, where)
    eps = _real("eps", eps, where)
    alpha = _real("alpha", alpha, where)
    confidence = _confidence(confidence)
    counts, nb, bs, si = _simulate(_two_point_kernel, (n, d, _q_eff(eps, alpha)), trials=trials, width=1,
                                   seed=seed, executor=executor, where=where)
    params = {"n": n, "d": d, "eps": eps, "alpha": alpha}
    return _estimates(["error"], counts, [trials], params, confidence, si, nb, bs)[0]


def _bit_error_linear(n, d, qe, qb=None):
    """Optimal two-point error in linear space: sum_M Bin(n, d)(M) [P(Bin(M,q)<M/2) + P(=M/2)/2].

    Computed through the number of *wrong* labels, Bin(M, qb) with qb = 1 - q given
    directly when known (`_q_bar`), so that an error rate like 1e-38 is not rounded away."""
    qb = 1.0 - qe if qb is None else qb
    if qb == 0.5:
        return 0.5
    M = np.arange(n + 1)
    even = M % 2 == 0
    if qb < 1e-200:
        # scipy's incomplete beta overflows here; the tail is its first term to ~200 digits
        # (each further term is smaller by a factor below qb / (1 - qb))
        first = np.exp(stats.binom.logpmf(np.floor(M / 2) + 1, M, qb))
        g = first + np.where(even, 0.5 * np.exp(stats.binom.logpmf(M // 2, M, qb)), 0.0)
    else:
        g = stats.binom.sf(np.floor(M / 2), M, qb)  # more than half the labels wrong
        g = g + np.where(even, 0.5 * stats.binom.pmf(M // 2, M, qb), 0.0)
    if d == 1.0:
        return float(g[-1])
    w = stats.binom.pmf(M, n, d)
    return float(np.dot(w, g))


def _bit_error_log(n, d, qe, qb=None):
    """Log of `_bit_error_linear`, for values far below the smallest double (qe > 1/2).

    Per M the lower tail sum_{x < M/2} Bin(M, qe)(x) is summed in log space over a
    window below M/2: the terms fall at least geometrically, by r = (1-qe)/qe per step,
    so W terms leave a relative remainder below r^W / (1 - r) (W chosen for 1e-17).
    """
    qb = 1.0 - qe if qb is None else qb
    if qb == 0.0:  # error only when no label separates (then a coin flip)
        return n * math.log1p(-d) + math.log(0.5) if d < 1.0 else -math.inf
    r = qb / (1.0 - qb)
    W = int(math.ceil((40.0 + max(0.0, -math.log1p(-r))) / -math.log(r))) + 1
    Ms = np.arange(n + 1) if d < 1.0 else np.array([n])
    log_wM = stats.binom.logpmf(Ms, n, d) if d < 1.0 else np.zeros(1)
    out = np.full(Ms.shape, -np.inf)
    rows = max(1, (1 << 20) // W)
    for s0 in range(0, Ms.size, rows):
        M = Ms[s0:s0 + rows, None]
        k = np.ceil(M / 2) - 1                     # largest x with x < M/2
        x = k - np.arange(W)[None, :]
        with np.errstate(invalid="ignore"):
            # x labels right = M - x labels wrong, each wrong with probability qb
            lt = np.where(x >= 0, stats.binom.logpmf(M - np.maximum(x, 0), M, qb), -np.inf)
        tail = special.logsumexp(lt, axis=1)
        even = (M[:, 0] % 2) == 0
        tie = np.where(even, stats.binom.logpmf(M[:, 0] // 2, M[:, 0], qb) + math.log(0.5), -np.inf)
        out[s0:s0 + rows] = np.logaddexp(tail, tie)
    return float(special.logsumexp(log_wM + out))


def two_point_exact(n, d, eps, alpha=0.0, *, log=False):
    r"""Exact error probability of the optimal test on the two-point instance (see `two_point`).

    $$P_{\text{err}} = P(S < 0) + \tfrac12 P(S = 0)
    = \sum_{M=0}^{n} \binom{n}{M} d^M (1-d)^{n-M}
    \Big[P\big(\mathrm{Bin}(M, q_e) < \tfrac M2\big) + \tfrac12 P\big(\mathrm{Bin}(M, q_e) = \tfrac M2\big)\Big].$$

    Computed with scipy's binomial cdf in linear space, and where that underflows
    (below $10^{-280}$) in log space: for each $M$ the tail is summed over a window below
    $M/2$ whose terms fall geometrically (ratio $\le (1-q_e)/q_e$), wide enough that
    the remainder is below $e^{-40}$ relative.

    Parameters
    ----------
    n : int
        Number of labels.
    d : float
        Separation probability.
    eps : float
        Rater error rate.
    alpha : float
        Adversarial fraction ($q_e = \max((1-\alpha)(1-\varepsilon), 1/2)$).
    log : bool
        Return $\ln P_{\text{err}}$ instead.

    Returns
    -------
    float
        The optimal test's error (equal under both hypotheses), or its log.

    Examples
    --------
    With $d = 1$, $n = 5$, $\varepsilon = 0.2$ it is $P(\mathrm{Bin}(5, 0.2) \ge 3)$
    (REFERENCES.md §1.3: $100 \times$ it is 5.792):

    >>> round(100 * two_point_exact(5, 1.0, 0.2), 6)
    5.792
    >>> round(two_point_exact(20000, 1.0, 0.1, log=True), 2)   # far below the smallest double
    -10222.16
    """
    where = "simulate.two_point_exact"
    n = _n(n, where)
    d = _real("d", d, where)
    eps = _real("eps", eps, where)
    alpha = _real("alpha", alpha, where)
    qe = _q_eff(eps, alpha)
    p = _bit_error_linear(n, d, qe, _q_bar(eps, alpha))
    if p > 1e-280:
        return math.log(p) if log else p
    lp = _bit_error_log(n, d, qe, _q_bar(eps, alpha))
    return lp if log else math.exp(lp)


def _hypercube_kernel(rng, size, m, n, d, qe):
    M = rng.binomial(n, d, size=(size, m))
    x = rng.binomial(M, qe)
    err = _sign_errors(rng, M, x)
    return np.array([np.count_nonzero(err), np.count_nonzero(err.any(axis=1))])


def hypercube(m, n, eps, d=1.0, alpha=0.0, *, trials, seed=None, executor=None, confidence=0.95):
    r"""Simulate the MAP decoder on the hypercube packing: $2^m$ candidates, $m$ value bits.

    The aligned candidate is $\omega \in \{0, 1\}^m$, uniformly random. Each bit is the
    subject of $n$ labels; a label separates (is informative about its bit) with
    probability $d$ and then reports the bit correctly with probability
    $q_e = \max((1-\alpha)(1-\varepsilon), 1/2)$. The bits are independent a posteriori,
    so the MAP decoder decides each bit by the sign of its evidence $S_i = 2X_i - M_i$
    (a fair coin at 0). A trial draws $M_i \sim \mathrm{Bin}(n, d)$ and
    $X_i \sim \mathrm{Bin}(M_i, q_e)$ for the $m$ bits.

    This is the instance on which Assouad's lemma is tight (REFERENCES.md §1.3), and a
    packing for Fano: the labels carry at most $d(\ln 2 - h(q_e))$ nats each and any two
    candidates differ, per label, by at most $d\,\mathrm{kl}(q_e \| 1-q_e)$.

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
    >>> bool(lo <= 4.940433 <= hi)                     # REFERENCES.md §1.3
    True
    """
    where = "simulate.hypercube"
    m = _count("m", m, where, low=1)
    n = _n(n, where)
    eps = _real("eps", eps, where)
    d = _real("d", d, where)
    alpha = _real("alpha", alpha, where)
    confidence = _confidence(confidence)
    trials = _count("trials", trials, where, low=1)
    counts, nb, bs, si = _simulate(_hypercube_kernel, (m, n, d, _q_eff(eps, alpha)), trials=trials, width=m,
                                   seed=seed, executor=executor, where=where)
    params = {"m": m, "n": n, "eps": eps, "d": d, "alpha": alpha}
    bit, block = _estimates(["bit error", "block error"], counts, [m * trials, trials], params, confidence, si, nb, bs)
    return HypercubeResult(m, bit, block)


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
    >>> round(h, 6)                        # REFERENCES.md §1.3: Assouad = exact = 5.792
    5.792
    >>> round(hypercube_exact(50, 9, 0.3)[0], 6)
    4.940433
    """
    m = _count("m", m, "simulate.hypercube_exact", low=1)
    e = two_point_exact(n, d, eps, alpha)
    return m * e, _block_error(e, m)
