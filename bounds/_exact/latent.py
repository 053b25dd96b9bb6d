r"""The latent-correctness model of the exact engine: groups of policies, their per-$c$ bounds, the row cache.

Each of $n$ i.i.d. labels is *correct* with probability $q_c$; given that, each unaligned
policy of a group separates from the aligned one independently, with probability $r_1$ on
a correct label and $r_2$ on a wrong one. `Group` holds one group's $(r_1, r_2)$ with their
complements and logs, and gives rigorous Chernoff bounds on
$G(c) = P(\mathrm{Bin}(c, r_1) \le \mathrm{Bin}(n-c, r_2))$ and on $1 - G(c)$ for every
$c$ in closed form (the optimal tilt solves a quadratic; the bound is evaluated at the
tilt found, since any tilt is valid, with a margin for rounding). `Latent` is one
parameter tuple (all but $n$ and the group sizes) with a cache of the computed rows: a
row depends on $(c, n - c)$ only, not on $n$ or $K$. `Sizes` holds the two group sizes in
log, validated by `group_sizes` ($K$ is recovered exactly from $\log K$ below $2^{44}$).

Examples
--------
>>> import math
>>> from bounds._exact.latent import group_sizes
>>> s = group_sizes(math.log(1000), 1)             # 998 ordinary policies and 1 deceptive
>>> round(math.exp(s.l[0])), round(math.exp(s.l[1])), s.active
(998, 1, [0, 1])
"""
from __future__ import annotations

import math

import numpy as np

from ..errors import ParameterValueError
from .logspace import log_minus_one
from .pmf import SAFETY, Binom, loader_logpmf, log_factorials, log_pair
from .rows import LOG_CLIP, le_rows

__all__ = ["MAX_EXACT_N", "LOG_EXACT_K", "Group", "Latent", "Sizes", "group_sizes"]

#: Largest number of labels the exact computation accepts (a row's key (a, b) packs two
#: counts below 2^21 into one double: see `Latent.fetch`).
MAX_EXACT_N = 1_000_000
#: Up to this K, K is recovered exactly from log K (an integer) and K - 1 - m is exact.
_EXACT_K = 2.0**44
#: Its log: beyond it K is carried by log K alone.
LOG_EXACT_K = math.log(_EXACT_K)

class Group:
    r"""One kind of unaligned policy: separation probabilities on correct / wrong labels.

    Parameters
    ----------
    r1, r1c, r2, r2c : float
        $r_1$, $1 - r_1$ (separation on a correct label), $r_2$, $1 - r_2$ (on a wrong one).

    Examples
    --------
    >>> import numpy as np
    >>> g = Group(0.5, 0.5, 0.5, 0.5)
    >>> c = np.array([3.0])
    >>> bool(np.exp(g.ub_le(c, 0 * c))[0] >= 0.125)     # G(3) = P(Bin(3, 1/2) = 0) = 1/8
    True
    """

    def __init__(self, r1, r1c, r2, r2c):
        self.r1, self.r1c, self.r2, self.r2c = float(r1), float(r1c), float(r2), float(r2c)
        self.l1, self.l1c = (float(v) for v in log_pair(r1, r1c))
        self.l2, self.l2c = (float(v) for v in log_pair(r2, r2c))
        with np.errstate(invalid="ignore"):
            self.o1 = self.l1 - self.l1c          # log odds (+-inf at the ends)
            self.o2 = self.l2 - self.l2c

    def ub_le(self, c, b):
        r"""log of a bound on $G = P(\mathrm{Bin}(c, r_1) \le \mathrm{Bin}(b, r_2))$, elementwise.

        Chernoff: $G \le (1 - r_1 + r_1 e^{-\lambda})^c\,(1 - r_2 + r_2 e^{\lambda})^b$
        for every $\lambda \ge 0$. The optimal $\lambda$ solves a quadratic (the tilted
        means of the two binomials agree); whatever $\lambda$ rounding gives, the bound
        is evaluated at it, so it is rigorous (plus a margin for the rounding of the
        evaluation itself).
        """
        if self.r1 == 0.0:
            return np.zeros(c.shape)                      # X = 0 <= Y always
        if self.r2 == 0.0:
            with np.errstate(invalid="ignore"):
                return np.where(c > 0, c * self.l1c, 0.0)     # exact: P(X = 0)
        if self.r1c == 0.0 and self.r2c == 0.0:
            return np.where(c <= b, 0.0, -np.inf)         # exact: X = c, Y = b
        o1, o2 = self.o1, self.o2
        lP = float(np.clip(o1 + o2, -LOG_CLIP, LOG_CLIP))
        P = math.exp(lP)
        dl = b - c
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            # t = tilted odds of Y's trials: b t^2 + P (b - c) t - c P = 0
            sq = np.sqrt(P * P * dl * dl + 4.0 * b * c * P)
            t = np.where(dl >= 0, 2.0 * c * P / (P * dl + sq), (-P * dl + sq) / (2.0 * b))
            lt = np.log(t)
            lam = lt - o2 if abs(o2) <= abs(o1) else o1 - (lP - lt)
            lam = np.where(np.isnan(lam) | (lam < 0), 0.0, lam)
            t1 = np.where(c > 0, c * np.logaddexp(self.l1c, self.l1 - lam), 0.0)
            t2 = np.where(b > 0, b * np.logaddexp(self.l2c, self.l2 + lam), 0.0)
            v = t1 + t2 + (1e-9 + 4e-16 * (np.abs(t1) + np.abs(t2)))
        return np.minimum(np.where(np.isnan(v), 0.0, v), 0.0)

    def ub_gt(self, c, b):
        r"""log of a bound on $1 - G = P(\mathrm{Bin}(c, r_1) \ge \mathrm{Bin}(b, r_2) + 1)$.

        Chernoff with $\lambda \ge 0$:
        $e^{-\lambda}(1 - r_1 + r_1 e^{\lambda})^c\,(1 - r_2 + r_2 e^{-\lambda})^b$;
        exact for $c \le 1$ (the limit $\lambda \to \infty$).
        """
        if self.r1 == 0.0:
            return np.full(c.shape, -np.inf)              # X = 0 never beats Y
        if self.r2 == 0.0:                                # exact: P(X >= 1)
            with np.errstate(divide="ignore"):
                return np.log(-np.expm1(c * self.l1c)) if self.r1c > 0 else \
                    np.where(c > 0, 0.0, -np.inf)
        if self.r1c == 0.0 and self.r2c == 0.0:
            return np.where(c >= b + 1, 0.0, -np.inf)
        o1, o2 = self.o1, self.o2
        lP = float(np.clip(o1 + o2, -LOG_CLIP, LOG_CLIP))
        P = math.exp(lP)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            # o = tilted odds of X's trials: (c-1) o^2 + (P (c-b-1) - 1) o - (b+1) P = 0
            a2 = c - 1.0
            B = P * (c - b - 1.0) - 1.0
            C = (b + 1.0) * P
            sq = np.sqrt(B * B + 4.0 * a2 * C)
            o = np.where(B >= 0, 2.0 * C / (B + sq), (-B + sq) / (2.0 * a2))
            lo = np.log(o)
            lam = lo - o1 if abs(o1) <= abs(o2) else o2 - (lP - lo)
            lam = np.where(np.isnan(lam) | (lam < 0), 0.0, lam)
            t1 = c * np.logaddexp(self.l1c, self.l1 + lam)
            t2 = np.where(b > 0, b * np.logaddexp(self.l2c, self.l2 - lam), 0.0)
            v = t1 + t2 - lam + (1e-9 + 4e-16 * (np.abs(t1) + np.abs(t2) + lam))
            one = self.l1 + np.where(b > 0, b * self.l2c, 0.0)    # c = 1: P(X = 1, Y = 0)
            v = np.where(c >= 2, v, np.where(c == 1, one, -np.inf))
            v = np.where(np.isnan(v), 0.0, v)
            # and 1 - G <= 1 - P(X = 0) = 1 - (1 - r1)^c, which is < 1 where Chernoff's
            # bound is trivial (X - Y >= 1 likely): what makes (1 - G)^N small for huge N
            v = np.minimum(v, np.log(-np.expm1(c * self.l1c)) if self.r1c > 0 else 0.0)
        return np.minimum(v, 0.0)

    def chernoff_rate(self, lqc, lqcc):
        """log of the per-label Chernoff base of the duel against one such policy."""
        lp = lqc + self.l1                                # separating and correct
        lm = lqcc + self.l2                               # separating and wrong
        if lp == -np.inf or lm == -np.inf:
            return float(np.log1p(-math.exp(lp))) if lp > -np.inf else 0.0
        # 1 - P(+) - P(-) + 2 sqrt(P(+) P(-)) = 1 - (sqrt P(+) - sqrt P(-))^2
        return float(np.log1p(-(math.exp(lp / 2) - math.exp(lm / 2)) ** 2))


class Latent:
    r"""One parameter tuple of the latent model (all but $n$ and the group sizes), with a
    cache of the computed rows (they do not depend on $n$ or $K$, only on $(c, n - c)$).

    Parameters
    ----------
    qc, qcc : float
        $q_c$ and $1 - q_c$.
    groups : list
        `[ordinary, deceptive]`, each a tuple $(r_1, 1 - r_1, r_2, 1 - r_2)$ or None.
    shared : tuple of two dicts, optional
        Caches of rows and of per-$c$ bounds to share with other models of the same groups
        (rows depend on the groups and $(c, n - c)$ only, not on $q_c$).

    Examples
    --------
    >>> import numpy as np
    >>> model = Latent(0.9, 0.1, [(1.0, 0.0, 1.0, 0.0), None])
    >>> [(val, err)] = model.fetch([(0, "le", np.array([1.0]), np.array([2.0]))])
    >>> float(val[0]), float(err[0])                  # P(1 <= 2) = 1, exactly
    (0.0, -inf)
    """

    def __init__(self, qc, qcc, groups, shared=None):
        self.qc, self.qcc = float(qc), float(qcc)
        self.lqc, self.lqcc = (float(v) for v in log_pair(qc, qcc))
        self.groups = [None if g is None else Group(*g) for g in groups]
        self.extra_D = 0.0
        self.cache, self.ub_cache = shared if shared is not None else ({}, {})
        self.calls = 0          # batches of rows computed (for the search statistics)

    def lpc_fast(self, n, c, b):
        """Table log pmf of C ~ Bin(n, q_c) at c (b = n - c), plus the safety margin."""
        lg = log_factorials(int(np.max(n, initial=0)))
        with np.errstate(invalid="ignore"):
            v = (lg[n.astype(np.intp)] - lg[c.astype(np.intp)] - lg[b.astype(np.intp)]
                 + np.where(c > 0, c * self.lqc, 0.0) + np.where(b > 0, b * self.lqcc, 0.0))
        return v + SAFETY

    def ub(self, g, kind, n):
        """`ub_le` or `ub_gt` of group g on c = 0..n (cached: it depends on n only)."""
        key = (g, kind, n)
        if key not in self.ub_cache:
            c = np.arange(n + 1.0)
            grp = self.groups[g]
            self.ub_cache[key] = (grp.ub_le if kind == "le" else grp.ub_gt)(c, n - c)
        return self.ub_cache[key]

    def lpc(self, n, c):
        """Loader log pmf of C ~ Bin(n, q_c) at c."""
        return loader_logpmf(c, n, self.qc, self.qcc, self.lqc, self.lqcc)

    def fetch(self, reqs):
        """Rows: for each (group, kind, a, b) of `reqs` the truncated log probability and
        the log of its error bound, kind "le": P(Bin(a, r1) <= Bin(b, r2)), kind "gt":
        P(Bin(a, r1) > Bin(b, r2)). Missing rows are computed in one batch (and cached:
        a row depends on (a, b) only, not on n or K)."""
        todo, keys = [], []
        for gi, kind, a, b in reqs:
            key = a * 2097152.0 + b                 # a, b <= 10^6 < 2^21: exact in a double
            keys.append(key)
            ck, _, _ = self.cache.get((gi, kind), (np.empty(0), None, None))
            i = np.minimum(np.searchsorted(ck, key), max(ck.size - 1, 0))
            miss = ~(ck[i] == key) if ck.size else np.ones(key.shape, bool)
            if miss.any():
                todo.append((gi, kind, np.unique(key[miss]), a[miss], b[miss]))
        if todo:
            self._compute(todo)
        out = []
        for (gi, kind, a, b), key in zip(reqs, keys):
            if key.size == 0:
                out.append((np.empty(0), np.empty(0)))
                continue
            ck, cv, ce = self.cache[(gi, kind)]
            i = np.searchsorted(ck, key)
            out.append((cv[i], ce[i]))
        return out

    def _compute(self, todo):
        self.calls += 1
        cols = {k: [] for k in ("m1", "p1", "q1", "lp1", "lq1", "m2", "p2", "q2", "lp2",
                                "lq2", "k", "D")}
        for gi, kind, key, _, _ in todo:
            g = self.groups[gi]
            a = np.floor(key / 2097152.0)
            b = key - a * 2097152.0
            one = np.ones(a.shape)
            X = (a, g.r1, g.r1c, g.l1, g.l1c)
            Y = (b, g.r2, g.r2c, g.l2, g.l2c)
            if kind == "gt":             # P(X > Y) = P(Y <= X - 1)
                X, Y = Y, X
            for name, v in zip(("m1", "p1", "q1", "lp1", "lq1"), X):
                cols[name].append(v * one)
            for name, v in zip(("m2", "p2", "q2", "lp2", "lq2"), Y):
                cols[name].append(v * one)
            cols["k"].append((-1.0 if kind == "gt" else 0.0) * one)
            cols["D"].append(44.0 + np.log(a + b + 2.0) + self.extra_D)
        c = {k: np.concatenate(v) for k, v in cols.items()}
        X = Binom(c["m1"], c["p1"], c["q1"], c["lp1"], c["lq1"])
        Y = Binom(c["m2"], c["p2"], c["q2"], c["lp2"], c["lq2"])
        val, err = le_rows(X, Y, c["k"], c["D"])
        val = np.minimum(val, 0.0)            # rounding can give log P = +1e-16
        i = 0
        for gi, kind, key, _, _ in todo:
            j = i + key.size
            ck, cv, ce = self.cache.get((gi, kind), (np.empty(0), np.empty(0), np.empty(0)))
            ck = np.concatenate([ck, key])
            order = np.argsort(ck, kind="stable")
            self.cache[(gi, kind)] = (ck[order], np.concatenate([cv, val[i:j]])[order],
                                      np.concatenate([ce, err[i:j]])[order])
            i = j

    def raise_depth(self):
        """Deepen the windows of every later row by 10 nats (and forget the cached rows)."""
        self.extra_D += 10.0
        self.cache.clear()


class Sizes:
    r"""The two group sizes in log: ordinary $N = K - 1 - m$ and deceptive $m$.

    Attributes `l` (the two logs), `lm1` (the logs of each size minus one) and `active`
    (the indices of the non-empty groups). Built by `group_sizes`.

    Examples
    --------
    >>> Sizes(0.0, -float("inf")).active
    [0]
    """

    def __init__(self, lN, lm):
        self.l = (float(lN), float(lm))
        self.lm1 = tuple(log_minus_one(v) for v in self.l)
        self.active = [g for g in (0, 1) if self.l[g] > -np.inf]


def group_sizes(log_K, m):
    r"""`Sizes` from $\log K$ and $m$, validated ($K$ is recovered exactly below $2^{44}$).

    Raises
    ------
    ValueError
        If $K < 2$, $K$ below $2^{44}$ is not an integer, or $m$ is not an integer in
        $[0, K - 1]$ (or `inf`, for all $K - 1$).

    Examples
    --------
    >>> import math
    >>> group_sizes(math.log(2), math.inf).active     # K = 2, the one unaligned policy deceptive
    [1]
    """
    log_K, m = float(log_K), float(m)
    if not (math.isfinite(log_K) and log_K >= math.log(2.0) * (1.0 - 1e-15)):
        raise ParameterValueError(f"log_K must be the natural log of the number of policies K >= 2, "
                         f"got log_K = {log_K!r}")
    if math.isnan(m) or m < 0 or (math.isfinite(m) and m != math.floor(m)):
        raise ParameterValueError(f"m (number of deceptive policies) must be an integer >= 0 or inf "
                         f"(all K - 1 unaligned policies), got m = {m!r}")
    if log_K < LOG_EXACT_K:
        K = float(round(math.exp(log_K)))
        if abs(math.log(K) - log_K) > 1e-13 * max(1.0, log_K):
            raise ParameterValueError(f"log_K = {log_K!r} is not the log of an integer K "
                             f"(e^log_K = {math.exp(log_K)!r})")
        if m == math.inf:
            m = K - 1.0
        if m > K - 1.0:
            raise ParameterValueError(f"m = {m:g} deceptive policies exceed the K - 1 = {K - 1:g} "
                             f"unaligned ones")
        N = K - 1.0 - m
        return Sizes(math.log(N) if N > 0 else -np.inf, math.log(m) if m > 0 else -np.inf)
    if m == math.inf:
        return Sizes(-np.inf, log_K + math.log1p(-math.exp(-log_K)))
    t = math.exp(math.log1p(m) - log_K)                  # (1 + m) / K
    if t > 1.0 + 1e-12:
        raise ParameterValueError(f"m = {m:g} deceptive policies exceed the K - 1 unaligned ones "
                         f"(log_K = {log_K!r})")
    if t > 1.0 - 1e-6:
        raise ParameterValueError(f"m = {m:g} is within rounding of K - 1 (log_K = {log_K!r}): the "
                         f"number K - 1 - m of ordinary policies cannot be resolved in double "
                         f"precision; pass m = inf if every unaligned policy is deceptive")
    return Sizes(log_K + math.log1p(-t), math.log(m) if m > 0 else -np.inf)

