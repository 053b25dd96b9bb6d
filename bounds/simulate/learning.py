r"""Monte Carlo of learning curves: the per-item majority learner on the class of all labelings of $B$ items.

The model of `bounds.learning_limits`: $B$ items, each with a true binary preference (by
symmetry all may be taken as 1); $n$ training labels, each on a uniformly random item and
wrong with probability $\varepsilon$; the learner predicts each item by the majority of its
labels (a coin flip on ties and on unlabelled items); its accuracy is measured against
held-out labels of error $\varepsilon_{\mathrm{ev}}$ (`eps_eval`, default 0: against the truth).

* `learning_curve` — a curve as an experimenter would measure it: at each $n$, a fresh
  training set and `test_size` test items drawn uniformly (with replacement) from the $B$,
  each with its own held-out label. The counts of the items' labels are drawn exactly
  (the multinomial, one conditional binomial per distinct test item), so $B$ may be as
  large as $2^{62}$.
* `accuracy_trials` — independent single-item trials (a fresh training set each), whose
  agreement count is exactly binomial with mean `bounds.learning_limits.achievable_accuracy`:
  the witness of that formula and of `accuracy_limit`.

Examples
--------
>>> from bounds.simulate.learning import learning_curve, accuracy_trials
>>> c = learning_curve([100, 1000], bits=500, eps=0.2, test_size=2000, seed=1)
>>> c.n.tolist(), c.test_size
([100.0, 1000.0], 2000)
>>> e = accuracy_trials(1000, bits=500, eps=0.2, trials=20000, seed=2)
>>> e.event, e.trials
('agree', 20000)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import ParameterValueError
from ..validation import check_count, check_error_rate
from .engine import Estimate, child_seed, seed_sequence

__all__ = ["learning_curve", "accuracy_trials", "SimulatedCurve", "MAX_ITEMS"]

#: Largest class size (items) simulated: counts are drawn with 64-bit integers.
MAX_ITEMS = 2.0**62


@dataclass(frozen=True)
class SimulatedCurve:
    r"""A simulated learning curve.

    Attributes
    ----------
    n : numpy.ndarray
        Labels at each point.
    accuracy : numpy.ndarray
        Agreement with held-out labels at each point.
    correct : numpy.ndarray
        Agreeing test items at each point (`accuracy * test_size`).
    test_size : int
        Test items per point.
    params : dict
        `bits`, `eps`, `eps_eval`, `seed`.

    Examples
    --------
    >>> c = learning_curve([50, 500], bits=100, eps=0.1, test_size=400, seed=3)
    >>> c.correct.tolist() == (c.accuracy * 400).round().astype(int).tolist()
    True
    """

    n: np.ndarray
    accuracy: np.ndarray
    correct: np.ndarray
    test_size: int
    params: dict


def _check(bits, eps, eps_eval, where):
    b = float(check_count("bits", bits, where=where))
    if not 1 <= b <= MAX_ITEMS:
        raise ParameterValueError(f"bits={b!r} in {where} must be a whole number of items in [1, 2^62]",
                                  parameter="bits", value=b, domain="integers in [1, 2^62]")
    e = float(check_error_rate("eps", eps))
    return int(b), e, float(check_error_rate("eps_eval", 0.0 if eps_eval is None else eps_eval))


def _votes_right(rng, k, eps):
    """Whether the majority of k labels (each right w.p. 1 - eps) is right; coin flip on ties and k = 0."""
    right = rng.binomial(k, 1.0 - eps)
    tie = 2 * right == k
    return np.where(tie, rng.random(k.shape) < 0.5, 2 * right > k)


def _item_counts(rng, n, B, items):
    """Labels on each of `items` distinct items when n labels fall uniformly on B items (exact)."""
    counts = np.empty(items, dtype=np.int64)
    left, pool = int(n), B
    for i in range(items):
        counts[i] = rng.binomial(left, 1.0 / pool) if pool > 1 else left
        left -= int(counts[i])
        pool -= 1
    return counts


def _point(rng, n, B, eps, eps_eval, m):
    idx = rng.integers(0, B, size=m, dtype=np.int64)
    uniq, inverse = np.unique(idx, return_inverse=True)
    k = _item_counts(rng, n, B, uniq.size)
    right = _votes_right(rng, k, eps)[inverse]
    label_right = rng.random(m) >= eps_eval
    return int(np.sum(right == label_right))


def learning_curve(n, bits, eps, *, eps_eval=None, test_size: int = 1000, seed=None) -> SimulatedCurve:
    r"""Simulate the accuracy the per-item majority learner is measured at, after each $n$ labels.

    Parameters
    ----------
    n : array_like of int
        Labels at each point (a fresh training set per point).
    bits : int
        $B$: items in the class ($2^B$ labelings), in $[1, 2^{62}]$.
    eps : float
        The training labels' error rate, in $[0, 1/2]$.
    eps_eval : float, optional
        The held-out labels' error rate (default 0: accuracy against the truth, as
        `bounds.learning_limits` takes it by default).
    test_size : int
        Test items per point, $\ge 1$.
    seed : None, int or numpy.random.SeedSequence
        Fixed for reproducible curves.

    Returns
    -------
    SimulatedCurve

    Examples
    --------
    >>> c = learning_curve([10, 10000], bits=1000, eps=0.2, test_size=2000, seed=1)
    >>> bool(c.accuracy[1] > c.accuracy[0])            # more labels, better predictions
    True
    """
    B, e, ev = _check(bits, eps, eps_eval, "learning_curve")
    nn = np.atleast_1d(np.asarray(check_count("n", n, where="learning_curve"), dtype=float))
    m = int(check_count("test_size", test_size, where="learning_curve"))
    if m < 1:
        raise ParameterValueError("test_size=0 in learning_curve must be at least 1", parameter="test_size",
                                  value=0, domain="integers >= 1")
    root = seed_sequence(seed)
    correct = np.array([_point(np.random.default_rng(child_seed(root, i)), int(x), B, e, ev, m)
                        for i, x in enumerate(nn)])
    return SimulatedCurve(nn, correct / m, correct, m,
                          {"bits": B, "eps": e, "eps_eval": ev, "seed": (root.entropy, root.spawn_key)})


def accuracy_trials(n, bits, eps, *, eps_eval=None, trials: int = 100_000, seed=None,
                    confidence: float = 0.95) -> Estimate:
    r"""Independent trials of one test item each: how often the majority learner agrees with its held-out label.

    In each trial the test item gets $k \sim \mathrm{Bin}(n, 1/B)$ of the $n$ training
    labels (its marginal law under uniform placement), so the count of agreements is
    $\mathrm{Bin}(\text{trials}, p)$ with $p$ = `bounds.learning_limits.achievable_accuracy`
    exactly.

    Returns
    -------
    Estimate
        Event `"agree"`, with its Clopper–Pearson interval.

    Examples
    --------
    >>> from bounds.learning_limits import achievable_accuracy
    >>> e = accuracy_trials(200, bits=100, eps=0.1, trials=50_000, seed=5)
    >>> bool(e.low <= achievable_accuracy(200, 100, 0.1) <= e.high)
    True
    """
    B, e, ev = _check(bits, eps, eps_eval, "accuracy_trials")
    nn = int(check_count("n", n, where="accuracy_trials"))
    t = int(check_count("trials", trials, where="accuracy_trials"))
    if t < 1:
        raise ParameterValueError("trials=0 in accuracy_trials must be at least 1", parameter="trials", value=0,
                                  domain="integers >= 1")
    root = seed_sequence(seed)
    rng = np.random.default_rng(root)
    k = rng.binomial(nn, 1.0 / B, size=t)
    agree = int(np.sum(_votes_right(rng, k, e) == (rng.random(t) >= ev)))
    return Estimate("agree", agree, t, confidence, {"n": nn, "bits": B, "eps": e, "eps_eval": ev},
                    (root.entropy, root.spawn_key))
