r"""The duel and the race: sufficient (PAC) bounds and exact values of the core model.

The model (DESIGN §1). A query separates the aligned policy from unaligned policy $j$
with probability $d$; an honest label agrees with the aligned policy with probability
$q = 1-\varepsilon$; a fraction $\alpha$ of labels (randomly assigned) is written by an
adversary who labels for one chosen unaligned policy $j^*$. Against $j^*$ a separating
label then favours the aligned policy with probability

$$q_\alpha = (1-\alpha)(1-\varepsilon),$$

so the per-label evidence $Z\in\{+1, 0, -1\}$ for aligned over $j^*$ has probabilities
$d q_\alpha$, $1-d$, $d(1-q_\alpha)$. The aligned policy wins a duel when
$\sum Z > 0$ (ties lose: a generic objective may pick either), and wins the race when it
beats all $K-1$ unaligned policies.

Bounds defined here:

* `duel.exact` — $P(\text{lose the duel})$, exactly;
* `duel.chernoff` — the Chernoff bound $(1 - d(1-\mathrm{BC}(q_\alpha, 1-q_\alpha)))^n$;
* `duel.hoeffding` — Hoeffding's bound $\exp(-n d^2 (2q_\alpha-1)^2/2)$;
* `race.exact` — $P(\text{lose the race})$ under independent separation, exactly;
* `race.union_chernoff` — the union bound over the $K-1$ duels with Chernoff;
* `race.union_hoeffding` — the same with Hoeffding.

Examples
--------
>>> import bounds
>>> round(bounds.bound("race.exact")(n=101, K=11, d=1.0, eps=0.1, alpha=0.0), 6)
0.0
>>> round(bounds.bound("duel.exact")(n=11, d=1.0, eps=0.3, alpha=0.0), 6)   # P(Bin(11, 0.7) <= 5)
0.07822
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from . import _exact
from .core import Bound, register
from .measures import Bhattacharyya, _kl_sym  # noqa: F401  (re-exported helpers)
from .vocabulary import SYMBOLS, validate

__all__ = [
    "DUEL_EXACT",
    "DUEL_CHERNOFF",
    "DUEL_HOEFFDING",
    "RACE_EXACT",
    "RACE_UNION_CHERNOFF",
    "RACE_UNION_HOEFFDING",
    "q_alpha",
    "margin",
    "breakdown_alpha",
    "MAX_EXACT_N",
]

n, K, d, eps, alpha, delta = (SYMBOLS[s] for s in ("n", "K", "d", "eps", "alpha", "delta"))
#: Probability that a separating label favours the aligned policy over the adversary's target.
QA = (1 - alpha) * (1 - eps)
HALF = sp.Rational(1, 2)

MAX_EXACT_N = _exact.MAX_EXACT_N


def q_alpha(eps, alpha=0.0):
    r"""$q_\alpha = (1-\alpha)(1-\varepsilon)$: probability that a separating label favours the aligned policy.

    Parameters
    ----------
    eps : float or array_like
        Rater error rate.
    alpha : float or array_like
        Adversarial fraction.

    Returns
    -------
    float or numpy.ndarray
        $q_\alpha$.

    Examples
    --------
    >>> q_alpha(0.2, 0.1)
    0.72
    """
    v = validate("q_alpha", eps=eps, alpha=alpha)
    out = (1.0 - v["alpha"]) * (1.0 - v["eps"])
    return float(out) if np.ndim(out) == 0 else out


def margin(d, eps, alpha=0.0):
    r"""Expected evidence per label for the aligned policy: $d\,(2q_\alpha - 1) = d((1-\alpha)(2q-1) - \alpha)$.

    If the margin is $\le 0$ (systematic error or adversaries past breakdown) no
    amount of data makes the aligned policy win.

    Parameters
    ----------
    d : float or array_like
        Separation probability.
    eps : float or array_like
        Rater error rate.
    alpha : float or array_like
        Adversarial fraction.

    Returns
    -------
    float or numpy.ndarray
        The margin.

    Examples
    --------
    >>> round(margin(0.1, 0.2, 0.0), 12)
    0.06
    """
    v = validate("margin", d=d, eps=eps, alpha=alpha)
    out = v["d"] * (2.0 * (1.0 - v["alpha"]) * (1.0 - v["eps"]) - 1.0)
    return float(out) if np.ndim(out) == 0 else out


def breakdown_alpha(eps):
    r"""Breakdown fraction of adversarial raters, $\alpha^* = (2q-1)/(2q)$ with $q = 1-\varepsilon$.

    For $\alpha \ge \alpha^*$ the margin is $\le 0$.

    Parameters
    ----------
    eps : float or array_like
        Rater error rate.

    Returns
    -------
    float or numpy.ndarray
        $\alpha^*$.

    Examples
    --------
    >>> breakdown_alpha(0.2)   # REFERENCES.md §1.4: 0.375
    0.375
    """
    q = 1.0 - validate("breakdown_alpha", eps=eps)["eps"]
    out = (2 * q - 1) / (2 * q)
    return float(out) if np.ndim(out) == 0 else out


# ---------------------------------------------------------------------- numerics
def _log_chernoff_duel(n, d, eps, alpha):
    qa = (1 - alpha) * (1 - eps)
    qbar = alpha + eps * (1 - alpha)  # = 1 - qa, without cancellation when eps, alpha are tiny
    bc = 2.0 * np.sqrt(qa * qbar)
    gap = (2 * qa - 1) ** 2 / (1.0 + bc)  # = 1 - BC, without cancellation
    val = n * np.log1p(-d * gap)
    val = np.where(n == 0, 0.0, val)
    return np.where(qa > 0.5, val, 0.0)


def _log_hoeffding_duel(n, d, eps, alpha):
    qa = (1 - alpha) * (1 - eps)
    val = -n * d * d * (2 * qa - 1) ** 2 / 2.0
    return np.where(qa > 0.5, val, 0.0)


def _log_union(logduel, K):
    return np.minimum(0.0, np.log(K - 1.0) + logduel)


def _check_integer_n(arrays, where):
    if "n" in arrays:
        nn = np.asarray(arrays["n"])
        bad = np.floor(nn) != nn
        if np.any(bad):
            v = float(np.ravel(nn[bad] if nn.ndim else nn)[0])
            raise ValueError(f"n={v!r} in {where} must be an integer number of labels (exact computation)")
        if np.any(nn > MAX_EXACT_N):
            v = float(np.max(nn))
            raise ValueError(
                f"n={v:g} in {where} is beyond the reach of exact computation (n <= {MAX_EXACT_N:g}); "
                f"use the bounds (e.g. duel.chernoff, race.union_chernoff) there"
            )
    if "K" in arrays:
        kk = np.asarray(arrays["K"])
        bad = np.floor(kk) != kk
        if np.any(bad):
            v = float(np.ravel(kk[bad] if kk.ndim else kk)[0])
            raise ValueError(f"K={v!r} in {where} must be an integer number of policies (exact computation)")


def _loop(fn, *arrays):
    """Apply a scalar-parameter exact routine over broadcast arrays (unique combos once)."""
    b = np.broadcast_arrays(*[np.asarray(a, float) for a in arrays])
    shape = b[0].shape
    flat = np.stack([np.ravel(x) for x in b], axis=1) if b else np.zeros((1, 0))
    out = np.empty(flat.shape[0])
    uniq, inv = np.unique(flat, axis=0, return_inverse=True)
    vals = np.array([fn(*row) for row in uniq], dtype=float)
    out = vals[np.ravel(inv)]
    return out.reshape(shape)


def _log_duel_lose(n, d, eps, alpha):
    def one(n_, d_, e_, a_):
        lw, ll, err = _exact.duel_log_probs(int(n_), d_, 1.0 - e_, a_)
        return float(ll)

    return _loop(one, n, d, eps, alpha)


def _log_race_lose(n, K, d, eps, alpha):
    def one(n_, K_, d_, e_, a_):
        lw, ll, err = _exact.race_log_probs(int(n_), K_, d_, 1.0 - e_, a_)
        return float(ll)

    return _loop(one, n, K, d, eps, alpha)


class ExactBound(Bound):
    r"""A bound whose relation is an equality computed exactly (integer $n$, finite reach).

    Solving for `n` returns the smallest integer $n$ whose exact failure probability is
    at most the target. The failure probability is not monotone in $n$ (an even number
    of labels can tie, and ties lose), so the search runs separately over odd and even
    $n$ (monotone within each parity class when the margin is positive) and returns the
    smaller; it starts from the Chernoff bound, which is never smaller.

    Examples
    --------
    >>> import bounds
    >>> bounds.bound("duel.exact").solve("n", d=1.0, eps=0.1, alpha=0.0, delta=0.01)   # P(Bin(5, 0.9) <= 2) = 0.0086
    5.0
    """

    def __init__(self, *args, chernoff: Bound, **kwargs):
        super().__init__(*args, **kwargs)
        self._chernoff = chernoff

    def _validate_extra(self, arrays):
        _check_integer_n(arrays, self.id)

    def _solve_flat(self, name, target, rest, rtol):
        if name == "K":
            return self._largest_K(target, rest, max(rtol, 1e-9))
        if name != "n":
            return super()._solve_flat(name, target, rest, max(rtol, 1e-9))
        size = target.size
        rest = {k: np.broadcast_to(v, (size,)) for k, v in rest.items()}
        out = np.empty(size)
        infeasible = np.zeros(size, bool)
        for i in range(size):
            point = {k: float(v[i]) for k, v in rest.items()}
            out[i] = self._smallest_n(point, float(target[i]))
            infeasible[i] = math.isinf(out[i])
        return out, infeasible

    def _largest_K(self, target, rest, rtol):
        """The largest integer K whose exact failure is at most the target (failure grows with K).

        The real root K* (bisection, relative tolerance `rtol`) is rounded down to an integer
        and checked against the exact failure at that integer and the next one."""
        x, infeasible = super()._solve_flat("K", target, rest, rtol)
        size = target.size
        rest = {k: np.broadcast_to(v, (size,)) for k, v in rest.items()}
        log_t = np.log(target)
        for i in np.nonzero(np.isfinite(x))[0]:
            point = {k: np.array(float(v[i])) for k, v in rest.items()}
            slack = 1e-13 * max(1.0, abs(log_t[i]))

            def ok(k):
                return float(self._log_value({**point, "K": np.array(float(k))})) <= log_t[i] + slack

            k = max(2.0, math.floor(x[i] * (1.0 + 4.0 * rtol)))
            while k > 2.0 and not ok(k):
                k -= 1.0
            while ok(k + 1.0):
                k += 1.0
            x[i] = k
        return x, infeasible

    def _smallest_n(self, point, target):
        log_t = math.log(target)
        ch = {k: v for k, v in point.items()}
        with np.errstate(all="ignore"):
            n_hi = self._chernoff._solve_flat("n", np.array([target]), {k: np.array([v]) for k, v in ch.items()}, 1e-12)[0][0]
        if not math.isfinite(n_hi):
            return math.inf
        n_hi = int(math.ceil(n_hi))
        if n_hi > MAX_EXACT_N:
            raise ValueError(
                f"{self.id}: the labels needed exceed the reach of exact computation "
                f"(Chernoff gives n <= {n_hi:g} > {MAX_EXACT_N:g})"
            )

        # the same relative slack as Bound._feasible: a target equal to f(m) (as returned by
        # evaluate, exp of the log) must count as reached at m, whatever the last bit
        slack = 1e-13 * max(1.0, abs(log_t))

        def g(m):
            arr = {k: np.array(v) for k, v in point.items()}
            arr["n"] = np.array(float(m))
            return float(self._log_value(arr)) - log_t - slack

        best = math.inf
        for parity in (0, 1):
            # smallest j with g(2j + parity) <= 0, j in [0, J]; feasible at J by Chernoff
            J = (n_hi + 1 - parity) // 2 + 1
            lo, hi = -1, J  # lo infeasible (virtual), hi feasible
            g_hi = g(2 * hi + parity)
            if g_hi > 0:  # should not happen (Chernoff dominates); fall back to scanning up
                hi2 = hi
                while g(2 * hi2 + parity) > 0 and 2 * hi2 + parity <= MAX_EXACT_N:
                    hi2 *= 2
                hi, g_hi = hi2, g(2 * hi2 + parity)
            g0 = g(parity)
            if g0 <= 0:
                best = min(best, parity)
                continue
            lo, g_lo = 0, g0
            while hi - lo > 1:
                # one interpolation step (log failure is close to linear in n), then one
                # bisection step: the bracket at least halves per loop whatever g looks like
                for step in ("secant", "bisect"):
                    if hi - lo <= 1:
                        break
                    if step == "secant" and math.isfinite(g_lo) and math.isfinite(g_hi) and g_lo != g_hi:
                        t = lo + (hi - lo) * g_lo / (g_lo - g_hi)
                        m = int(min(max(round(t), lo + 1), hi - 1))
                    else:
                        m = (lo + hi) // 2
                    gm = g(2 * m + parity)
                    if gm <= 0:
                        hi, g_hi = m, gm
                    else:
                        lo, g_lo = m, gm
            best = min(best, 2 * hi + parity)
        return float(best)


# ---------------------------------------------------------------------- symbolic forms
_BC = Bhattacharyya(QA, 1 - QA)
_CHERNOFF_BASE = 1 - d * (1 - _BC)

_ASSUME_MODEL = (
    "labels are i.i.d.; a query separates the aligned policy from the opponent with probability d",
    "an honest label favours the aligned policy on a separating query with probability 1 - eps",
    "a fraction alpha of labels, randomly assigned, is written by an adversary labelling for one chosen unaligned policy",
    "ties lose (a generic objective may pick either policy)",
)

DUEL_CHERNOFF = register(Bound(
    "duel.chernoff",
    "Chernoff (Bhattacharyya) bound on losing the duel",
    "delta", "<=",
    sp.Piecewise((_CHERNOFF_BASE**n, QA > HALF), (1, True)),
    direction="sufficient",
    citation="Chernoff (1952), Ann. Math. Statist. 23(4):493-507; Bhattacharyya coefficient at lambda = 1/2",
    monotone={"n": -1, "d": -1, "eps": 1, "alpha": 1},
    assumptions=_ASSUME_MODEL,
    conditions="vacuous (equal to 1) when (1 - alpha)(1 - eps) <= 1/2: no margin",
    numeric=lambda n, d, eps, alpha: np.exp(_log_chernoff_duel(n, d, eps, alpha)),
    log_numeric=_log_chernoff_duel,
    no_solution="The margin (1 - alpha)(1 - eps) - 1/2 is <= 0 there: systematic or adversarial error that no quantity of labels fixes.",
    witness="duel.exact",
    description="P(aligned policy loses the duel) <= (E exp(-lambda Z))^n at the optimal lambda = ln(q_a/(1-q_a))/2.",
))

DUEL_HOEFFDING = register(Bound(
    "duel.hoeffding",
    "Hoeffding bound on losing the duel",
    "delta", "<=",
    sp.Piecewise((sp.exp(-n * d**2 * (2 * QA - 1) ** 2 / 2), QA > HALF), (1, True)),
    direction="sufficient",
    citation="Hoeffding (1963), JASA 58:13-30, Thm 2 (one-sided, range [-1, 1])",
    monotone={"n": -1, "d": -1, "eps": 1, "alpha": 1},
    assumptions=_ASSUME_MODEL,
    conditions="vacuous (equal to 1) when (1 - alpha)(1 - eps) <= 1/2",
    numeric=lambda n, d, eps, alpha: np.exp(_log_hoeffding_duel(n, d, eps, alpha)),
    log_numeric=_log_hoeffding_duel,
    no_solution="The margin (1 - alpha)(1 - eps) - 1/2 is <= 0 there: systematic or adversarial error that no quantity of labels fixes.",
    witness="duel.exact",
    description="Z in [-1, 1] with mean d(2 q_a - 1): P(sum Z <= 0) <= exp(-2 (n mu)^2 / (4 n)).",
))

RACE_UNION_CHERNOFF = register(Bound(
    "race.union_chernoff",
    "Union over the K - 1 duels of the Chernoff bound",
    "delta", "<=",
    sp.Min(1, (K - 1) * sp.Piecewise((_CHERNOFF_BASE**n, QA > HALF), (1, True))),
    direction="sufficient",
    citation="union bound (Boole) over duel.chernoff; cf. REFERENCES.md §3.9",
    monotone={"n": -1, "K": 1, "d": -1, "eps": 1, "alpha": 1},
    assumptions=_ASSUME_MODEL[:-1] + (
        "holds for ANY class in which every unaligned policy is separated from the aligned one with probability >= d (no independence needed)",
        "ties lose",
    ),
    conditions="vacuous (equal to 1) when (1 - alpha)(1 - eps) <= 1/2",
    numeric=lambda n, K, d, eps, alpha: np.exp(_log_union(_log_chernoff_duel(n, d, eps, alpha), K)),
    log_numeric=lambda n, K, d, eps, alpha: _log_union(_log_chernoff_duel(n, d, eps, alpha), K),
    no_solution="The margin (1 - alpha)(1 - eps) - 1/2 is <= 0 there: systematic or adversarial error that no quantity of labels fixes.",
    witness="race.exact",
    description="P(some unaligned policy scores at least as high as the aligned one) <= (K - 1) * Chernoff.",
))

RACE_UNION_HOEFFDING = register(Bound(
    "race.union_hoeffding",
    "Union over the K - 1 duels of Hoeffding's bound",
    "delta", "<=",
    sp.Min(1, (K - 1) * sp.Piecewise((sp.exp(-n * d**2 * (2 * QA - 1) ** 2 / 2), QA > HALF), (1, True))),
    direction="sufficient",
    citation="union bound over duel.hoeffding; Hoeffding (1963) Thm 2",
    monotone={"n": -1, "K": 1, "d": -1, "eps": 1, "alpha": 1},
    assumptions=RACE_UNION_CHERNOFF.assumptions,
    conditions="vacuous (equal to 1) when (1 - alpha)(1 - eps) <= 1/2",
    numeric=lambda n, K, d, eps, alpha: np.exp(_log_union(_log_hoeffding_duel(n, d, eps, alpha), K)),
    log_numeric=lambda n, K, d, eps, alpha: _log_union(_log_hoeffding_duel(n, d, eps, alpha), K),
    no_solution="The margin (1 - alpha)(1 - eps) - 1/2 is <= 0 there: systematic or adversarial error that no quantity of labels fixes.",
    witness="race.exact",
    description="As race.union_chernoff with Hoeffding's (weaker) exponent d^2 (2 q_a - 1)^2 / 2.",
))

# exact: symbolic sums (what the numeric routine computes), numeric from bounds._exact
_m, _k, _c, _x, _y = sp.symbols("m k c x y", integer=True, nonnegative=True)


def _binpmf(N, p, j):
    return sp.binomial(N, j) * p**j * (1 - p) ** (N - j)


_DUEL_SUM = sp.Sum(
    _binpmf(n, d, _m) * sp.Sum(_binpmf(_m, QA, _k), (_k, 0, sp.floor(_m / 2))),
    (_m, 0, n),
)

DUEL_EXACT = register(ExactBound(
    "duel.exact",
    "Exact probability of losing the duel",
    "delta", "==",
    _DUEL_SUM,
    direction="exact",
    citation="direct computation: m ~ Binomial(n, d) separating labels, loss iff Binomial(m, q_a) <= m/2",
    # not monotone in d either: at d = 1 every label separates, so an even n can tie (and ties
    # lose), while d < 1 spreads the count over odd values too; e.g. n = 2, eps = 0.2 gives
    # 0.3376 at d = 0.9 and 0.36 at d = 1
    monotone={"n": None, "d": None, "eps": 1, "alpha": 1},
    assumptions=_ASSUME_MODEL,
    conditions="n integer, n <= MAX_EXACT_N; not monotone in n (an even n can tie), nor in d (d = 1 forces ties at even n)",
    numeric=lambda n, d, eps, alpha: np.exp(_log_duel_lose(n, d, eps, alpha)),
    log_numeric=_log_duel_lose,
    no_solution="The margin (1 - alpha)(1 - eps) - 1/2 is <= 0 there: the aligned policy loses with probability -> 1 as n grows.",
    witness="simulate.duel",
    description="Sum over the number m of separating labels of P(m) * P(Binomial(m, q_a) <= floor(m/2)).",
    chernoff=DUEL_CHERNOFF,
))

# race: condition on the number c of labels that agree with the aligned policy
_QC = QA + alpha * (1 - d)
_R1 = QA * d / _QC
_R2 = d * (1 - QA) / (1 - _QC)


def _le_sum(N1, p1, N2, p2):
    """P(Binomial(N1, p1) <= Binomial(N2, p2)) as a double sum."""
    return sp.Sum(_binpmf(N2, p2, _y) * sp.Sum(_binpmf(N1, p1, _x), (_x, 0, _y)), (_y, 0, N2))


_RACE_SUM = sp.Sum(
    _binpmf(n, _QC, _c)
    * (1 - (1 - _le_sum(_c, _R1, n - _c, _R2)) * (1 - _le_sum(_c, d, n - _c, d)) ** (K - 2)),
    (_c, 0, n),
)

RACE_EXACT = register(ExactBound(
    "race.exact",
    "Exact probability of losing the race (independent separation)",
    "delta", "==",
    _RACE_SUM,
    direction="exact",
    citation="direct computation (DESIGN §1): P(win) = E_c[(1 - gbar(c)) (1 - pbar(c))^(K-2)], c ~ Binomial(n, q_c)",
    # not monotone in alpha: the adversary labels for j* only, so where j* does not separate its
    # labels agree with the aligned policy and can help against the other K - 2 (seen at
    # n=9, eps=0.44, d=0.11, K=20: failure 0.9999967 at alpha=0.06, 0.9999956 at alpha=0.15)
    monotone={"n": None, "K": 1, "d": None, "eps": 1, "alpha": None},  # d: as duel.exact
    assumptions=_ASSUME_MODEL + (
        "independent separation: each unaligned policy separates on each query independently with probability d",
    ),
    conditions="n integer, n <= MAX_EXACT_N, K integer; not monotone in n (ties), nor in d (d = 1 forces ties at even n), nor in alpha (the adversary's labels can help against policies other than its target)",
    numeric=lambda n, K, d, eps, alpha: np.exp(_log_race_lose(n, K, d, eps, alpha)),
    log_numeric=_log_race_lose,
    no_solution="The margin (1 - alpha)(1 - eps) - 1/2 is <= 0 there: the aligned policy loses with probability -> 1 as n grows.",
    witness="simulate.race",
    description=(
        "Given the number c of labels agreeing with the aligned policy, the K - 1 duels are independent; "
        "q_c = q_a + alpha (1 - d) is the probability that a label agrees with the aligned policy."
    ),
    chernoff=RACE_UNION_CHERNOFF,
))
