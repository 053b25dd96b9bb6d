r"""The exact engine's vectorized entry points: log probabilities of the latent race, and of the legacy race and duel.

`latent_race_log_probs` broadcasts its arguments, groups the points by model (points
that differ only in $n$, $K$ or $m$ share one `bounds._exact.latent.Latent` and so its
cache of rows) and evaluates each group's $n$ in one batch
(`bounds._exact.evaluate.evaluate`). `race_log_probs` and `duel_log_probs` are the
legacy race, whose adversary labels for one chosen policy (`legacy_parameters`).

Examples
--------
>>> import math
>>> from bounds._exact.probabilities import latent_race_log_probs
>>> ll, err = latent_race_log_probs(3, math.log(2), 0, 0.9, 0.1, (1.0, 0.0, 1.0, 0.0), which="lose")
>>> round(math.exp(ll), 12)                            # a majority vote: P(Bin(3, 0.9) <= 1)
0.028
"""
from __future__ import annotations

import numpy as np

from . import convolution
from .evaluate import evaluate
from .latent import Latent, group_sizes
from .parameters import check_groups, check_n, check_pair, legacy_parameters, reject

__all__ = ["FAST_MIN_POINTS", "METHODS", "latent_race_log_probs", "race_log_probs", "duel_log_probs"]


def _prepare(where, n, log_K, m, qc, qcc, ordinary, deceptive):
    """Validated, broadcast columns: n | log_K, m, qc, qcc, r (4), r' (4)."""
    n = check_n(n)
    log_K = np.asarray(log_K, dtype=float)
    m = np.asarray(m, dtype=float)
    qc, qcc = check_pair(where, "q_c", qc, qcc)
    g0, g1 = check_groups(where, ordinary, deceptive)
    if g1 is None:
        if np.any(m != 0):
            reject(where, f"m = {np.ravel(m[m != 0])[0]!r} deceptive policies need the "
                          f"deceptive group's parameters (deceptive=None)")
        g1 = (0.0, 1.0, 0.0, 1.0)
    cols = np.broadcast_arrays(n, log_K, m, qc, qcc, *g0, *g1)
    return cols[0].shape, np.stack([c.ravel() for c in cols], axis=1)


def _models(table):
    """Group the rows of a parameter table by everything but n: yields (rows, model,
    sizes), each validated once; rows that differ only in K or m share one model, and models
    that differ only in q_c share their caches of rows (rows depend on neither)."""
    keys, inv = np.unique(table[:, 1:], axis=0, return_inverse=True)
    inv = inv.reshape(-1)
    models, caches = {}, {}
    for i, key in enumerate(keys):
        rows = np.flatnonzero(inv == i)
        log_K, m, qc, qcc = key[:4]
        sizes = group_sizes(log_K, m)
        mkey = (qc, qcc) + tuple(key[4:8]) + (tuple(key[8:12]) if sizes.l[1] > -np.inf else ())
        if mkey not in models:
            groups = [tuple(key[4:8]), tuple(key[8:12]) if len(mkey) > 6 else None]
            models[mkey] = Latent(qc, qcc, groups, shared=caches.setdefault(mkey[2:], ({}, {})))
        yield rows, models[mkey], sizes


#: With method="auto", batches with at least this many points of one group of policies
#: go to the compiled kernel (when numba is installed): below it the kernel's fixed costs
#: (importing numba, starting its threads) outweigh what it saves.
FAST_MIN_POINTS = 64
METHODS = ("auto", "engine", "convolution")


def _fast(table, res, which, force):
    """Points of one group (m = 0) by the compiled kernel; returns the mask of those done."""
    done = np.zeros(table.shape[0], bool)
    one = np.flatnonzero((table[:, 2] == 0) & (table[:, 0] >= 2))
    if one.size == 0 or (not force and one.size < FAST_MIN_POINTS) or not convolution.available():
        return done
    logN = np.empty(one.size)
    keys, inv = np.unique(table[one, 1], return_inverse=True)
    for i, lk in enumerate(keys):
        logN[inv.reshape(-1) == i] = group_sizes(lk, 0).l[0]
    t = table[one]
    lw, ll, err, ok = convolution.race_log_probs_fast(t[:, 0], logN, t[:, 3], t[:, 4], t[:, 5], t[:, 6],
                                                      t[:, 7], t[:, 8], which=which)
    rows = one[ok]
    res[rows, 0], res[rows, 1], res[rows, 2] = lw[ok], ll[ok], err[ok]
    done[rows] = True
    return done


def latent_race_log_probs(n, log_K, m, qc, qcc, ordinary, deceptive=None, *, which="both", method="auto"):
    r"""Exact log probabilities that the aligned policy wins / loses the latent race.

    Each of $n$ labels is correct with probability $q_c$; given its correctness, each of
    the $m$ deceptive unaligned policies separates on it with probability $r_1'$
    (correct label) or $r_2'$ (wrong label), each of the $N = K - 1 - m$ ordinary ones
    with $r_1$ or $r_2$, all independently. With $c \sim \mathrm{Bin}(n, q_c)$ correct
    labels, $G(c) = P(\mathrm{Bin}(c, r_1) \le \mathrm{Bin}(n-c, r_2))$ (ties lose) and
    $G'(c)$ likewise,

    $$P(\mathrm{win}) = E_c\big[(1 - G'(c))^m\,(1 - G(c))^{N}\big]$$

    and $P(\mathrm{lose})$ is the expectation of one minus the same product. Both are
    summed directly (neither as one minus the other), so each is accurate however small.

    Parameters
    ----------
    n : array_like of int
        Number of labels, $0 \le n \le$ `MAX_EXACT_N`.
    log_K : array_like of float
        Natural log of the number $K \ge 2$ of candidate policies (so $K = 2^{2000}$ is
        `2000 * log(2)`). Below $2^{44}$, $K$ is recovered exactly and must be an integer.
    m : array_like of float
        Number of deceptive policies, an integer in $[0, K-1]$, or `inf` for all $K - 1$.
    qc, qcc : array_like of float
        $q_c$ and $1 - q_c$, both given (`qcc` may be $10^{-300}$ or subnormal).
    ordinary : tuple of array_like
        $(r_1, 1 - r_1, r_2, 1 - r_2)$ of the ordinary policies.
    deceptive : tuple of array_like, optional
        $(r_1', 1 - r_1', r_2', 1 - r_2')$ of the deceptive ones (needed when $m > 0$).
    which : {"both", "lose", "win"}
        Which probabilities to compute; one alone is faster.
    method : {"auto", "engine", "convolution"}
        "engine": every point by the windowed sums of `bounds._exact.evaluate`.
        "convolution": the points of one group ($m = 0$) by the compiled kernel of
        `bounds._exact.convolution` (numba; rows carried from one $c$ to the next by one
        convolution step), those it cannot certify to $10^{-14}$ by the engine. "auto"
        (default): "convolution" for batches of at least `FAST_MIN_POINTS` such points
        when numba is installed, else "engine". The two agree within their `err`.

    Returns
    -------
    log_win, log_lose : numpy.ndarray or numpy.float64
        $\log P(\mathrm{win})$, $\log P(\mathrm{lose})$ with the broadcast shape (only the
        one asked for with `which` = "win" or "lose").
    err : numpy.ndarray or numpy.float64
        Rigorous bound on the *relative* truncation error of each probability returned
        (computed / true within a factor $1 \pm$ `err`); normally below $10^{-14}$.
        Rounding (about $10^{-13}$ relative; up to $4 \cdot 10^{-13}$ measured at
        $n \sim 10^4$) is not included.

    Raises
    ------
    ValueError
        For an `n` that is not an integer in $[0,$ `MAX_EXACT_N`$]$, a probability outside
        $[0, 1]$ or not adding up to 1 with its complement, $K < 2$, a non-integer $K$ below
        $2^{44}$, or $m$ not an integer in $[0, K - 1]$.

    Examples
    --------
    The ordinary race of $K = 100$ policies ($r_1 = r_2 = d$, $q_c = q$):

    >>> import math
    >>> lw, ll, err = latent_race_log_probs(101, math.log(100), 0, 0.7, 0.3, (0.5, 0.5, 0.5, 0.5))
    >>> round(math.exp(lw), 6), round(math.exp(ll), 6), bool(err < 1e-13)
    (0.919002, 0.080998, True)

    One deceptive policy among $K = 2^{20}$, whose separating labels favour the aligned
    policy only 55% of the time, makes losing after 1000 labels a thousand times likelier:

    >>> from bounds._exact import latent_parameters
    >>> p = latent_parameters(0.1, 0.2, qbar_dec=0.45)
    >>> for m in (0, 1):
    ...     ll, err = latent_race_log_probs(1000, 20 * math.log(2), m, *p, which="lose")
    ...     print(m, round(math.exp(ll), 4))
    0 0.0002
    1 0.1708

    $K = 2^{2000}$, given by its log:

    >>> p = latent_parameters(1 - 1e-6, 1e-3)
    >>> lw, err = latent_race_log_probs(101, 2000 * math.log(2), 0, *p, which="win")
    >>> round(math.exp(lw), 6)
    0.903784
    """
    where = "latent_race_log_probs"
    if which not in ("both", "lose", "win"):
        reject(where, f"which must be 'both', 'lose' or 'win', got {which!r}")
    if method not in METHODS:
        reject(where, f"method must be one of {METHODS}, got {method!r}")
    shape, table = _prepare(where, n, log_K, m, qc, qcc, ordinary, deceptive)
    res = np.empty((table.shape[0], 3))
    done = np.zeros(table.shape[0], bool)
    if method != "engine":
        done = _fast(table, res, which, force=(method == "convolution"))
    left = np.flatnonzero(~done)
    for rows, model, sizes in _models(table[left]):
        ns = table[left[rows], 0].astype(int)
        got = evaluate(model, ns, sizes, which)
        res[left[rows]] = [got[k] for k in ns]
    out = [res[:, j].reshape(shape)[()] for j in range(3)]
    if which == "both":
        return tuple(out)
    return (out[1], out[2]) if which == "lose" else (out[0], out[2])



def race_log_probs(n, K, d, q, alpha=0.0, *, qbar=None):
    r"""Exact log probabilities of the *legacy* race (adversary labelling for one $j^*$).

    Legacy: the adversary of this race labels for one chosen unaligned policy $j^*$ (see
    `legacy_parameters`); the model's adversary, who labels against the aligned policy,
    is the latent race with $q$ replaced by $q_\alpha$ (`latent_race_log_probs`). Here

    $$P(\mathrm{win}) = E_c\big[(1-\bar g(c))\,(1-\bar p(c))^{K-2}\big],\quad
    c \sim \mathrm{Bin}(n, q_c),$$

    with $\bar g$ the chance that $j^*$ is not beaten and $\bar p$ that of each other
    policy: the latent race with one deceptive policy, $j^*$ (none when $\alpha = 0$).

    Parameters
    ----------
    n : array_like of int
        Number of labels, $0 \le n \le$ `MAX_EXACT_N`.
    K : array_like of float
        Number of candidate policies, $\ge 2$, integer-valued (up to $2^{1000}$ and
        beyond).
    d : array_like of float
        Probability that a query separates the aligned policy from an unaligned one, in
        $(0, 1]$.
    q : array_like of float
        Probability that an honest label agrees with the aligned policy ($1-\epsilon$),
        in $[0, 1]$.
    alpha : array_like of float, optional
        Fraction of adversarial labels, in $[0, 1)$.
    qbar : array_like of float, optional
        $1 - q$ ($\epsilon$), when it is too small to be formed from `q` (e.g. $10^{-20}$).

    Returns
    -------
    log_win, log_lose : numpy.ndarray or numpy.float64
        $\log P(\mathrm{win})$ and $\log P(\mathrm{lose})$, with the broadcast shape.
    err : numpy.ndarray or numpy.float64
        Rigorous bound on the relative truncation error of each probability (see
        `latent_race_log_probs`).

    Raises
    ------
    ValueError
        If `n` is not a non-negative integer, or exceeds `MAX_EXACT_N`.

    Examples
    --------
    >>> import numpy as np
    >>> lw, ll, err = race_log_probs(101, 100, 0.5, 0.7)
    >>> round(float(np.exp(lw)), 6), round(float(np.exp(ll)), 6), bool(err < 1e-13)
    (0.919002, 0.080998, True)

    Vectorized, and accurate deep in the tail (here $P(\mathrm{lose}) \approx e^{-51}$):

    >>> lw, ll, err = race_log_probs([100, 1000], 2**20, 0.3, 0.8)
    >>> np.round(np.exp(lw), 6), np.round(ll, 6)
    (array([0.093882, 1.      ]), array([ -0.098586, -51.01515 ]))
    """
    n = check_n(n)
    q = np.asarray(q, dtype=float)
    qbar = 1.0 - q if qbar is None else np.asarray(qbar, dtype=float)
    arrs = np.broadcast_arrays(n, np.asarray(K, dtype=float), np.asarray(d, dtype=float),
                               q, np.asarray(alpha, dtype=float), qbar)
    shape = arrs[0].shape
    table = np.stack([x.ravel() for x in arrs], axis=1)
    keys, inv = np.unique(table[:, 1:], axis=0, return_inverse=True)
    inv = inv.reshape(-1)
    res = np.empty((table.shape[0], 3))
    for i, (KK, dd, qq, aa, qb) in enumerate(keys):
        rows = np.flatnonzero(inv == i)
        log_K, m, qc, qcc, g0, g1 = legacy_parameters(KK, dd, qq, aa, qbar=qb)
        check_pair("race_log_probs", "q_c", qc, qcc)
        model = Latent(qc, qcc, [g0, g1])
        ns = table[rows, 0].astype(int)
        got = evaluate(model, ns, group_sizes(log_K, m), "both")
        res[rows] = [got[k] for k in ns]
    return tuple(res[:, j].reshape(shape)[()] for j in range(3))


def duel_log_probs(n, d, q, alpha=0.0, *, qbar=None):
    r"""Exact log probabilities of the *legacy* duel: the aligned policy against $j^*$.

    Legacy (see `race_log_probs`): $P(\mathrm{lose}) = E_c[\bar g(c)]$, the race with
    $K = 2$. Equivalently, with $m \sim \mathrm{Bin}(n, d)$ separating labels, each
    favouring the aligned policy with probability $(1-\alpha)\,q$:
    $P(\mathrm{lose}) = P(\mathrm{Bin}(m, (1-\alpha) q) \le m/2)$.

    Parameters
    ----------
    n : array_like of int
        Number of labels, $0 \le n \le$ `MAX_EXACT_N`.
    d : array_like of float
        Separation probability, in $(0, 1]$.
    q : array_like of float
        Probability that an honest label agrees with the aligned policy, in $[0, 1]$.
    alpha : array_like of float, optional
        Fraction of adversarial labels, in $[0, 1)$.
    qbar : array_like of float, optional
        $1 - q$, when it is too small to be formed from `q`.

    Returns
    -------
    log_win, log_lose, err
        As for `race_log_probs` with `K = 2`.

    Examples
    --------
    With $d = 1$ the duel is a majority vote: $P(\mathrm{lose}) = P(\mathrm{Bin}(n, q)
    \le n/2)$; for $n = 3$, $q = 0.9$ that is $0.1^3 + 3 \cdot 0.9 \cdot 0.1^2 = 0.028$.

    >>> import numpy as np
    >>> lw, ll, err = duel_log_probs(3, 1.0, 0.9)
    >>> round(float(np.exp(lw)), 12), round(float(np.exp(ll)), 12), float(err)
    (0.972, 0.028, 0.0)

    A tiny error rate keeps its precision when given as `qbar`: with one label and
    $\epsilon = 10^{-20}$ the duel is lost with probability exactly $\epsilon$.

    >>> float(np.exp(duel_log_probs(1, 1.0, 1.0, qbar=1e-20)[1]))
    1e-20
    """
    return race_log_probs(n, 2.0, d, q, alpha, qbar=qbar)

