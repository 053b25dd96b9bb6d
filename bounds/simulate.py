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
  likelihood-ratio weights $\ln((1-\varepsilon_k)/\varepsilon_k)$ or unweighted.
* optimal decoders on the *exchangeable* instances lower bounds speak of: `two_point`
  ($K = 2$, the likelihood-ratio test) and `hypercube` ($2^m$ candidates, $m$ independent
  value bits each seen through $n$ noisy labels, the MAP decoder), with their exact
  counterparts `two_point_exact` and `hypercube_exact`. Their labels pass through the
  same channel as the bounds': a binary symmetric channel with crossover $1 - q_\alpha$,
  which exceeds $1/2$ past the adversaries' breakdown — the labels are then informative
  *inverted*, and the optimal decoders read them backwards.

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
>>> est = simulate.duel(n=51, d=0.5, eps=0.2, alpha=0.1, trials=200_000, seed=1)
>>> exact = bounds.bound("duel.exact")(n=51, d=0.5, eps=0.2, alpha=0.1)
>>> est.contains(exact, confidence=1 - 1e-6)
True
"""
from __future__ import annotations

import math
import numbers
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace

import numpy as np
from scipy import special

from . import kernels
from .errors import ParameterTypeError, ParameterValueError
from . import quantities as _Q
from ._exact import MAX_EXACT_N, log_binom_pmf
from .vocabulary import parameter, validate

__all__ = [
    "ADVERSARIES",
    "Estimate",
    "HypercubeResult",
    "MAX_N",
    "MAX_POLICIES",
    "STRUCTURES",
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

#: Largest number of labels a simulator accepts: counts are 64-bit integers, and beyond
#: $2^{53}$ a whole number of labels is no longer exactly a float.
MAX_N = 2**53

#: Counts per array per block: a block of trials needs at most this many (16 MiB of int64).
_BLOCK_ELEMENTS = 1 << 21
#: Largest block, in trials.
_MAX_BLOCK = 1 << 16

#: Policy-class structures of `race`.
STRUCTURES = ("independent", "nested", "disjoint")
#: Adversary models: `'against'` (default), the `'colluding'` variant, `'targeted'`.
ADVERSARIES = ("against", "colluding", "targeted")
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
    Clopper, C. J. & Pearson, E. S. (1934). The use of confidence or fiducial limits
    illustrated in the case of the binomial. Biometrika 26(4), 404–413.

    Examples
    --------
    >>> lo, hi = clopper_pearson(5, 100)          # 95%: [0.016432, 0.112835]
    >>> round(lo, 6), round(hi, 6)
    (0.016432, 0.112835)
    >>> round(clopper_pearson(0, 100, alternative="less")[1], 6)   # one-sided 95%: 0.029513
    0.029513
    """
    if not (isinstance(confidence, numbers.Real) and 0 < confidence < 1):
        raise ParameterValueError(f"confidence={confidence!r} is outside its domain (0, 1)")
    if alternative not in ALTERNATIVES:
        raise ParameterValueError(f"alternative={alternative!r} must be one of {ALTERNATIVES}")
    k_arr = np.asarray(k)
    N_arr = np.asarray(N)
    for name, arr in (("k", k_arr), ("N", N_arr)):
        if arr.dtype.kind not in "iuf" or np.any(np.floor(arr) != arr):
            raise ParameterValueError(f"{name}={k if name == 'k' else N!r} must be an integer count")
    k_arr, N_arr = np.broadcast_arrays(k_arr.astype(float), N_arr.astype(float))
    if np.any(N_arr < 1) or np.any(k_arr < 0) or np.any(k_arr > N_arr):
        raise ParameterValueError(f"need 0 <= k <= N and N >= 1, got k={k!r}, N={N!r}")
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
            raise ParameterValueError(f"need 0 <= count <= trials, trials >= 1; got {self.count} of {self.trials}")

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
        >>> round(Estimate("win", 0, 10).high, 6)       # 1 - 0.025^(1/10)
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


# ======================================================================== validation
def _real(name, value, where):
    arr = parameter(name).validate(value, where=where)
    if arr.ndim != 0:
        raise ParameterTypeError(f"{name} in {where} must be a single number, got an array of shape {arr.shape}")
    return float(arr)


def _count(name, value, where, *, low=0):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ParameterTypeError(f"{name} in {where} must be an integer, got {type(value).__name__} {value!r}")
    if not (math.isfinite(value) and float(value).is_integer() and value >= low):
        raise ParameterValueError(f"{name}={value!r} in {where} must be an integer >= {low}")
    return int(value)


def _n(value, where, *, cap=MAX_N, why="counts are 64-bit integers"):
    v = _real("n", value, where)
    if not v.is_integer():
        raise ParameterValueError(f"n={value!r} in {where} must be an integer number of labels")
    if v > cap:
        raise ParameterValueError(f"n={value!r} in {where} is beyond its reach: n <= {cap:.6g} ({why})")
    return int(v)


def _K(value, where):
    v = _real("K", value, where)
    if not v.is_integer():
        raise ParameterValueError(f"K={value!r} in {where} must be an integer number of policies")
    return v


def _K_dec(value, K1, where):
    v = _real("K_dec", value, where)
    if v > K1:
        raise ParameterValueError(f"K_dec={value!r} in {where} exceeds the number of unaligned policies K - 1 = {K1} "
                         f"(K_dec: number of deceptive policies among them)")
    return int(v)


def _choice(name, value, allowed):
    if not isinstance(value, str) or value not in allowed:
        raise ParameterValueError(f"{name}={value!r} must be one of {allowed}")
    return value


def _seed_sequence(seed) -> np.random.SeedSequence:
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if seed is None:
        return np.random.SeedSequence()
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise ParameterTypeError(
            f"seed must be None, a non-negative int or a numpy.random.SeedSequence, got {type(seed).__name__} "
            f"{seed!r} (a Generator's state cannot be split reproducibly across blocks)"
        )
    if seed < 0:
        raise ParameterValueError(f"seed={seed!r} must be non-negative")
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
            raise ParameterTypeError(f"executor must be a concurrent.futures.Executor, got {type(executor).__name__}")
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
    if isinstance(confidence, (bool, np.bool_)) or not (isinstance(confidence, numbers.Real) and 0 < confidence < 1):
        raise ParameterValueError(f"confidence={confidence!r} is outside its domain (0, 1)")
    return float(confidence)


def _label_model(eps, alpha, s, q_hard):
    """The derived label probabilities (from bounds.quantities) as plain floats."""
    f = float
    return {
        "q_alpha": f(kernels.q_alpha(eps, alpha)), "qbar_alpha": f(kernels.qbar_alpha(eps, alpha)),
        "bias_alpha": f(kernels.bias_alpha(eps, alpha)),
        "q_dec": f(kernels.q_dec(eps, alpha, s, q_hard)), "qbar_dec": f(kernels.qbar_dec(eps, alpha, s, q_hard)),
        "bias_dec": f(kernels.bias_dec(eps, alpha, s, q_hard)),
    }


def _channel(eps, alpha):
    """(q, sign, minor): the label channel of the decoders.

    q = q_alpha, the probability that an informative label reports the truth; sign = +1 when
    q > 1/2, -1 when q < 1/2 (labels informative inverted), 0 at q = 1/2; minor = min(q, 1 - q),
    the crossover of the equivalent binary symmetric channel, formed without cancellation."""
    m = _label_model(eps, alpha, 0.0, 0.0)
    x = m["bias_alpha"]
    sign = 1 if x > 0 else (-1 if x < 0 else 0)
    minor = m["qbar_alpha"] if x > 0 else (m["q_alpha"] if x < 0 else 0.5)
    return m["q_alpha"], sign, min(minor, 0.5)


# ======================================================================== the duel
def _honest_right(rng, h, q, s, q_hard):
    """Of h honest labels on separating queries, how many favour the aligned policy.

    A share s of the queries is too hard (right with probability q_hard), the rest easy
    (right with probability q = 1 - eps): the hard ones are counted first, then the right
    ones among each kind."""
    if s > 0.0:
        hard = rng.binomial(h, s)
        return rng.binomial(hard, q_hard) + rng.binomial(h - hard, q)
    return rng.binomial(h, q)


def _duel_kernel(rng, size, n, d, q, alpha, s, q_hard, adversary, A):
    if adversary == "targeted":  # A adversarial labels on separating queries, all against; n - A honest
        m = rng.binomial(n - A, d, size)
        x = _honest_right(rng, m, q, s, q_hard)
        lose = 2 * x - m <= A
    else:  # each label adversarial with probability alpha, always against the aligned policy
        m = rng.binomial(n, d, size)                            # separating labels
        a = rng.binomial(m, alpha) if alpha > 0.0 else 0        # adversarial among them
        x = _honest_right(rng, m - a, q, s, q_hard)             # favouring the aligned policy
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
        Seed of the run (see the module's *Randomness and memory*).
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
    trials = _count("trials", trials, where, low=1)
    n = _n(n, where)
    d = _real("d", d, where)
    eps = _real("eps", eps, where)
    alpha = _real("alpha", alpha, where)
    s = _real("s", s, where)
    q_hard = _real("q_hard", q_hard, where)
    adversary = _choice("adversary", adversary, ADVERSARIES)
    confidence = _confidence(confidence)
    A = int(math.floor(alpha * n)) if adversary == "targeted" else 0
    args = (n, d, 1.0 - eps, alpha, s, q_hard, adversary, A)
    counts, nb, bs, si = _simulate(_duel_kernel, args, trials=trials, width=1, seed=seed, executor=executor,
                                   where=where)
    params = {"n": n, "d": d, "eps": eps, "alpha": alpha, "s": s, "q_hard": q_hard, "adversary": adversary}
    return _estimates(["lose"], counts, [trials], params, confidence, si, nb, bs)[0]


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
        Nc = np.concatenate([_honest_right(rng, Nh[:, :K_dec], q, s, q_hard),
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
    m = _label_model(eps, alpha, s, q_hard)
    try:
        qbar_c = float(_Q.latent_qbar_c(d, m["qbar_alpha"], m["qbar_dec"]))
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
    trials = _count("trials", trials, where, low=1)
    n = _n(n, where)
    K = _K(K, where)
    eps = _real("eps", eps, where)
    alpha = _real("alpha", alpha, where)
    s = _real("s", s, where)
    q_hard = _real("q_hard", q_hard, where)
    structure = _choice("structure", structure, STRUCTURES)
    adversary = _choice("adversary", adversary, ADVERSARIES)
    confidence = _confidence(confidence)
    max_policies = _count("max_policies", max_policies, where, low=1)
    if K - 1 > max_policies:
        raise ParameterValueError(
            f"{where}: K - 1 = {K - 1:g} unaligned policies per trial exceed max_policies={max_policies}; "
            f"sampling every policy is infeasible and no approximation is made. Use "
            f"bounds.bound('race.exact') (exact for any K under independent separation), or raise max_policies."
        )
    K1 = int(K) - 1
    K_dec = _K_dec(K_dec, K1, where)
    dvec = parameter("d").validate(d, where=where)
    scalar_d = dvec.ndim == 0
    if scalar_d:
        dvec = np.full(K1, float(dvec))
    elif dvec.shape != (K1,):
        raise ParameterValueError(f"d in {where} must be a number or have one value per unaligned policy (length {K1}), got shape {dvec.shape}")
    target = _count("target", target, where)
    if target >= K1:
        raise ParameterValueError(f"target={target} in {where} must index one of the K - 1 = {K1} unaligned policies")
    if structure == "nested" and np.any(np.diff(dvec) < 0):
        raise ParameterValueError(f"d in {where} must be non-decreasing for structure='nested' (S_1 ⊆ S_2 ⊆ ...), got {dvec}")
    if structure == "disjoint" and dvec.sum() > 1 + 1e-12:
        raise ParameterValueError(f"d in {where} must sum to <= 1 for structure='disjoint' (a query separates one policy at most); sum = {dvec.sum():g}")
    latent = None
    if s > 0.0:
        refuse = ("structure='nested'" if structure == "nested" else
                  f"adversary={adversary!r}" if adversary != "against" else
                  "a per-policy d" if structure == "independent" and not scalar_d else None)
        if refuse:
            raise ParameterValueError(
                f"s={s!r} in {where}: systematic error is not modelled with {refuse}; use s = 0 there, or "
                f"structure='independent' (the latent-correctness model of race.exact, one d) or 'disjoint' "
                f"with the default adversary='against'"
            )
        if structure == "independent":
            latent = _latent(float(dvec[0]), eps, alpha, s, q_hard, K_dec, K1, where)
    A = int(math.floor(alpha * n)) if adversary == "targeted" else 0
    args = (n, 1.0 - eps, alpha, s, q_hard, K_dec, dvec, structure, adversary, target, A, latent)
    counts, nb, bs, si = _simulate(_race_kernel, args, trials=trials, width=K1 + 1, seed=seed,
                                   executor=executor, where=where)
    dpar = float(dvec[0]) if np.all(dvec == dvec[0]) else dvec.copy()
    params = {"n": n, "K": K, "d": dpar, "eps": eps, "alpha": alpha, "s": s, "q_hard": q_hard, "K_dec": K_dec,
              "structure": structure, "adversary": adversary, "target": target}
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
        raise ParameterValueError(f"n and eps in {where} must be 1-d sequences of the same positive length, got {n!r} and {eps!r}")
    nvec = np.array([_n(v, where) for v in nvec.tolist()], dtype=np.int64)
    evec = np.array([_real("eps", v, where) for v in evec.tolist()])
    d = _real("d", d, where)
    K = _K(K, where)
    if K - 1 > MAX_POLICIES:
        raise ParameterValueError(f"{where}: K - 1 = {K - 1:g} exceeds MAX_POLICIES={MAX_POLICIES}; sampling every policy is infeasible")
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
    trials = _count("trials", trials, where, low=1)
    n = _n(n, where)
    d = _real("d", d, where)
    eps = _real("eps", eps, where)
    alpha = _real("alpha", alpha, where)
    confidence = _confidence(confidence)
    q, sign, _ = _channel(eps, alpha)
    counts, nb, bs, si = _simulate(_two_point_kernel, (n, d, q, sign), trials=trials, width=1,
                                   seed=seed, executor=executor, where=where)
    params = {"n": n, "d": d, "eps": eps, "alpha": alpha}
    return _estimates(["error"], counts, [trials], params, confidence, si, nb, bs)[0]


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


def _log_two_point_error(n, d, p):
    r"""log of the optimal two-point error: n labels, each informative with probability d, crossover p <= 1/2.

    $\sum_M \mathrm{Bin}(n, d)(M)\,g(M)$ with $g(M) = P(\mathrm{Bin}(M, p) > M/2) + P(= M/2)/2$,
    summed in log space over the rows M that can matter. g is the Bayes error of the optimal
    test with M informative labels, so it does not increase with M: on a grid a_0 < a_1 < ...
    (step about sqrt(n)) a row M in [a_i, a_{i+1}) has log term <= log Bin(n, d)(M) + log g(a_i).
    With S0 the largest log term on the grid, rows whose bound is below S0 - 45 - log(n+1)
    together contribute at most e^-45 of the total, and are dropped."""
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
    n = _n(n, where, cap=MAX_EXACT_N, why="the exact computation's reach, bounds.MAX_EXACT_N")
    d = _real("d", d, where)
    eps = _real("eps", eps, where)
    alpha = _real("alpha", alpha, where)
    _, _, p = _channel(eps, alpha)
    lp = _log_two_point_error(n, d, p)
    return lp if log else math.exp(lp)


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
    m = _count("m", m, where, low=1)
    n = _n(n, where)
    eps = _real("eps", eps, where)
    d = _real("d", d, where)
    alpha = _real("alpha", alpha, where)
    confidence = _confidence(confidence)
    trials = _count("trials", trials, where, low=1)
    q, sign, _ = _channel(eps, alpha)
    counts, nb, bs, si = _simulate(_hypercube_kernel, (m, n, d, q, sign), trials=trials, width=m,
                                   seed=seed, executor=executor, where=where)
    params = {"m": m, "n": n, "eps": eps, "d": d, "alpha": alpha}
    bit, block = _estimates(["bit error", "block error"], counts, [m * trials, trials], params, confidence, si, nb, bs)
    return HypercubeResult(m, bit, block)


def _log_block_error(le, m):
    """log(1 - (1 - e)^m) from log e, without cancellation or underflow."""
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
    m = _count("m", m, "simulate.hypercube_exact", low=1)
    e = two_point_exact(n, d, eps, alpha)
    return m * e, _block_error(e, m)
