r"""The simulation engine: seeds, blocks of trials, estimates with Clopper–Pearson intervals.

Every simulator of `bounds.simulate` is a *kernel* run by this engine, and the witnesses
(`bounds.witness`) and sweeps (`bounds.sweep`) use the same pieces:

* `seed_sequence(seed)` turns `None`, an int or a `numpy.random.SeedSequence` into the
  run's root `SeedSequence`; `child_seed(root, i)` is its child $i$, the very
  `SeedSequence` that `root.spawn` makes, built from its spawn key without advancing the
  root (so it can be made in any order, on any worker);
* a kernel `kernel(rng, size, *args) -> counts` simulates `size` trials with the
  `numpy.random.Generator` `rng` and returns one count per event (an integer array);
* `run(kernel, args, trials=..., width=...)` runs `trials` trials in *blocks*, on an
  optional `concurrent.futures.Executor`, and returns a `Run`: the summed counts, how they
  were made, and `Run.estimate(...)`, an `Estimate` of one event's probability;
* `clopper_pearson(k, N)` is the exact binomial interval behind every `Estimate`.

Randomness and memory
---------------------
Block $i$ draws from its own generator, `PCG64(child_seed(root, i))`. The block size
(`block_size(width)`) depends only on the model — `width`, how many counts a trial needs —
so the result depends only on the seed, the kernel's arguments and the number of trials:
not on how blocks are grouped, on `executor=`, or on how many workers ran them. Only one
block per worker is in memory at a time (at most $2^{21}$ counts per array, 16 MiB), so a
$10^8$-trial run stays far below 1 GiB. A kernel sent to an executor must be picklable
(a module-level function).

Examples
--------
A kernel that flips `size` coins of bias `p` and counts the heads:

>>> import numpy as np
>>> from bounds.simulate import engine
>>> def heads(rng, size, p):
...     return np.array([np.count_nonzero(rng.random(size) < p)])
>>> r = engine.run(heads, (0.3,), trials=100_000, width=1, seed=1)
>>> est = r.estimate("heads")
>>> est.contains(0.3, confidence=1 - 1e-6), est.trials, r.blocks
(True, 100000, 2)
>>> engine.run(heads, (0.3,), trials=100_000, width=1, seed=1).counts.tolist() == r.counts.tolist()
True
"""
from __future__ import annotations

import numbers
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace

import numpy as np
from scipy import special

from ..errors import ParameterTypeError, ParameterValueError
from ._checks import count

__all__ = [
    "ALTERNATIVES",
    "Estimate",
    "Run",
    "block_size",
    "child_seed",
    "clopper_pearson",
    "run",
    "run_blocks",
    "seed_sequence",
]

#: Counts per array per block: a block of trials needs at most this many (16 MiB of int64).
_BLOCK_ELEMENTS = 1 << 21
#: Largest block, in trials.
_MAX_BLOCK = 1 << 16
#: Most tasks a run is split into on an executor.
_MAX_TASKS = 64

#: The sides of a Clopper–Pearson interval (`clopper_pearson`'s `alternative`).
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


# ======================================================================== seeds
def seed_sequence(seed) -> np.random.SeedSequence:
    r"""The root `SeedSequence` of a run, from `None` (fresh entropy), an int or a `SeedSequence`.

    Parameters
    ----------
    seed : None, int or numpy.random.SeedSequence
        A non-negative int, or a `SeedSequence` (returned as it is). A
        `numpy.random.Generator` is refused: its state cannot be split reproducibly across
        blocks and workers.

    Returns
    -------
    numpy.random.SeedSequence
        The root.

    Raises
    ------
    TypeError
        For anything but `None`, an int or a `SeedSequence`.
    ValueError
        For a negative int.

    Examples
    --------
    >>> seed_sequence(7).entropy
    7
    >>> ss = np.random.SeedSequence(7)
    >>> seed_sequence(ss) is ss
    True
    """
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


def child_seed(root: np.random.SeedSequence, i: int) -> np.random.SeedSequence:
    r"""Child $i$ of `root`: the `SeedSequence` that `root.spawn` makes $i$-th, without spawning.

    Built as `SeedSequence(root.entropy, spawn_key=root.spawn_key + (i,))`, so children can
    be made in any order, on any worker, and `root` is not advanced.

    Parameters
    ----------
    root : numpy.random.SeedSequence
        The parent.
    i : int
        The child's index, $\ge 0$.

    Returns
    -------
    numpy.random.SeedSequence
        The child.

    Examples
    --------
    >>> root = np.random.SeedSequence(7)
    >>> child_seed(root, 2).spawn_key
    (2,)
    >>> bool(np.all(child_seed(root, 2).generate_state(4) == root.spawn(3)[2].generate_state(4)))
    True
    """
    return np.random.SeedSequence(root.entropy, spawn_key=tuple(root.spawn_key) + (int(i),), pool_size=root.pool_size)


# ======================================================================== blocks
def block_size(width: int) -> int:
    r"""Trials per block for a model whose trial needs `width` counts: a power of two.

    At most $2^{16}$ trials, and at most $2^{21}$ counts per array (16 MiB of int64).

    Parameters
    ----------
    width : int
        Counts per trial (e.g. $K$ for a race against $K - 1$ policies).

    Returns
    -------
    int
        The block size.

    Examples
    --------
    >>> block_size(1), block_size(64), block_size(10**7)
    (65536, 32768, 1)
    """
    b = max(1, min(_MAX_BLOCK, _BLOCK_ELEMENTS // max(1, int(width))))
    return 1 << (b.bit_length() - 1)


def run_blocks(kernel, args, root: np.random.SeedSequence, start: int, stop: int, block: int, trials: int):
    r"""Run blocks `start` to `stop - 1` of a run of `trials` trials; return their summed counts.

    Block $i$ has `block` trials (the last block of the run fewer) and draws from
    `Generator(PCG64(child_seed(root, i)))`. This is the task `run` sends to an executor.

    Parameters
    ----------
    kernel : callable
        `kernel(rng, size, *args) -> counts`.
    args : tuple
        Its arguments after `rng` and `size`.
    root : numpy.random.SeedSequence
        The run's root seed.
    start, stop : int
        The blocks, $0 \le$ `start` $<$ `stop` $\le \lceil$ `trials / block` $\rceil$.
    block : int
        Trials per block.
    trials : int
        Trials of the whole run.

    Returns
    -------
    numpy.ndarray
        The summed counts (int64).

    Examples
    --------
    >>> def heads(rng, size):
    ...     return np.array([np.count_nonzero(rng.random(size) < 0.5)])
    >>> root = np.random.SeedSequence(3)
    >>> whole = run_blocks(heads, (), root, 0, 3, 100, 250)
    >>> parts = run_blocks(heads, (), root, 0, 1, 100, 250) + run_blocks(heads, (), root, 1, 3, 100, 250)
    >>> whole.tolist() == parts.tolist()
    True
    """
    total = None
    for i in range(start, stop):
        size = min(block, trials - i * block)
        rng = np.random.Generator(np.random.PCG64(child_seed(root, i)))
        counts = np.asarray(kernel(rng, size, *args), dtype=np.int64)
        total = counts if total is None else total + counts
    return total


@dataclass(frozen=True, eq=False)
class Run:
    r"""What `run` made: the summed counts of every event, and how they were made.

    Attributes
    ----------
    counts : numpy.ndarray
        One count per event (int64), summed over all trials.
    trials : int
        Trials run.
    blocks : int
        Number of blocks.
    block_size : int
        Trials per block (the last block may be shorter).
    seed : tuple
        `(entropy, spawn_key)` of the root `SeedSequence`: rerun with
        `seed=numpy.random.SeedSequence(entropy, spawn_key=spawn_key)`.

    Examples
    --------
    >>> def two(rng, size):
    ...     x = rng.random(size)
    ...     return np.array([np.count_nonzero(x < 0.5), np.count_nonzero(x < 0.1)])
    >>> r = run(two, (), trials=1000, width=2, seed=0)
    >>> r.seed, r.blocks
    ((0, ()), 1)
    >>> r.estimate("x < 0.1", index=1).trials
    1000
    """

    counts: np.ndarray
    trials: int
    blocks: int
    block_size: int
    seed: tuple

    def estimate(self, event: str, *, index: int = 0, total: int | None = None, params: dict | None = None,
                 confidence: float = 0.95) -> "Estimate":
        r"""The `Estimate` of one event: `counts[index]` of `total` (default: `trials`).

        Parameters
        ----------
        event : str
            Its name.
        index : int
            Which count.
        total : int, optional
            Out of how many (e.g. `m * trials` for a count over $m$ bits per trial).
        params : dict, optional
            The simulation's parameters, recorded on the estimate.
        confidence : float
            Level of the estimate's default interval.

        Returns
        -------
        Estimate
            With this run's seed and blocks.

        Examples
        --------
        >>> r = Run(np.array([5]), 100, 1, 128, (1, ()))
        >>> r.estimate("lose")
        Estimate(P(lose) = 0.05, 95% CI [0.01643, 0.1128]; 5 of 100 trials)
        """
        n = self.trials if total is None else total
        return Estimate(event, int(self.counts[index]), int(n), confidence, dict(params or {}), self.seed,
                        self.blocks, self.block_size)


def _tasks(executor, kernel, args, root, nblocks, block, trials):
    """Split the blocks into at most `_MAX_TASKS` contiguous tasks on `executor`; sum their counts."""
    if not isinstance(executor, Executor) and not hasattr(executor, "submit"):
        raise ParameterTypeError(f"executor must be a concurrent.futures.Executor, got {type(executor).__name__}")
    ntasks = min(nblocks, _MAX_TASKS)
    edges = np.linspace(0, nblocks, ntasks + 1).round().astype(int)
    futs = [executor.submit(run_blocks, kernel, args, root, int(a), int(b), block, trials)
            for a, b in zip(edges[:-1], edges[1:]) if b > a]
    return sum(np.asarray(f.result(), dtype=np.int64) for f in futs)


def run(kernel, args=(), *, trials, width, seed=None, executor=None, where: str = "simulate.run") -> Run:
    r"""Run `trials` trials of `kernel` in blocks, in-process or on an executor; return the counts.

    Parameters
    ----------
    kernel : callable
        `kernel(rng, size, *args) -> counts`: simulates `size` trials with the
        `numpy.random.Generator` `rng` and returns one integer count per event. Picklable
        (module level) when an executor runs it.
    args : tuple
        Its arguments after `rng` and `size`.
    trials : int
        Number of trials, $\ge 1$.
    width : int
        Counts per trial the kernel holds in memory (sets `block_size`).
    seed : None, int or numpy.random.SeedSequence
        The run's seed (see `seed_sequence`).
    executor : concurrent.futures.Executor, optional
        Run the blocks on it, in at most 64 tasks; the counts are identical to the
        in-process run's.
    where : str
        Who runs it, for error messages.

    Returns
    -------
    Run
        The summed counts, the blocks and the seed.

    Raises
    ------
    TypeError, ValueError
        For a bad `trials`, `seed` or `executor`.

    Examples
    --------
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> def heads(rng, size):
    ...     return np.array([np.count_nonzero(rng.random(size) < 0.5)])
    >>> a = run(heads, trials=200_000, width=1, seed=5)
    >>> with ThreadPoolExecutor(2) as ex:
    ...     b = run(heads, trials=200_000, width=1, seed=5, executor=ex)
    >>> a.counts.tolist() == b.counts.tolist(), a.blocks
    (True, 4)
    """
    trials = count("trials", trials, where, low=1)
    root = seed_sequence(seed)
    block = block_size(width)
    nblocks = -(-trials // block)
    if executor is None or nblocks == 1:
        counts = run_blocks(kernel, args, root, 0, nblocks, block, trials)
    else:
        counts = _tasks(executor, kernel, args, root, nblocks, block, trials)
    return Run(counts, trials, nblocks, block, (root.entropy, tuple(root.spawn_key)))
