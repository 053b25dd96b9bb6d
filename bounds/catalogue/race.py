r"""The race: the aligned policy against all $K - 1$ unaligned ones.

The generic objective picks the policy with the most agreeing labels; the aligned policy
wins the race when it beats every unaligned policy (ties lose). $K_{\mathrm{dec}}$ of the
unaligned policies are *deceptive* (systematic error applies to them: a separating label
favours the aligned policy with probability $q_{\mathrm{dec}}$), the others ordinary
($q_\alpha$); without systematic error ($s = 0$) all are alike.

* `race.union_chernoff`, `race.union_hoeffding` — the union bound over the $K-1$ duels:
  $K_{\mathrm{dec}}\,B(q_{\mathrm{dec}}) + (K-1-K_{\mathrm{dec}})\,B(q_\alpha)$, capped at 1.
  A guarantee on *every* class in which each unaligned policy is separated with probability
  at least $d$, with any dependence between them.
* `race.exact` — $P(\text{lose})$ exactly on the *independent-separation* class. Each
  label agrees with the aligned policy with probability $q_c$; given that, every unaligned
  policy separates independently (an ordinary one with probabilities making it separated
  with probability $d$ and favoured by a separating label with probability $1-q_\alpha$, a
  deceptive one likewise with $q_{\mathrm{dec}}$). Given the number $c$ of agreeing labels
  the duels are independent:
  $P(\text{lose}) = E_c\big[1 - (1 - G_{\mathrm{dec}}(c))^{K_{\mathrm{dec}}} (1 - G(c))^{K - 1 - K_{\mathrm{dec}}}\big]$
  with $c \sim \mathrm{Bin}(n, q_c)$,
  $G(c) = P(\mathrm{Bin}(c, r_1) \le \mathrm{Bin}(n - c, r_2))$ with $r_1 = d q / q_c$,
  $r_2 = d(1-q)/(1-q_c)$; $q_c = (1-d) q_\alpha + d q_{\mathrm{dec}}$ (hard queries are
  those on which the deceptive policies differ), moved into the admissible range at large
  $d$ (`bounds.quantities.latent_qbar_c`). Without systematic error $q_c = q_\alpha$ and
  $r_1 = r_2 = d$.

Examples
--------
>>> import bounds
>>> round(bounds.bound("race.exact")(n=101, K=100, d=0.5, eps=0.3), 6)
0.080998
>>> b = bounds.bound("race.union_chernoff")
>>> round(b.solve("n", bits=2000, d=0.1, eps=0.2, delta=0.05))
68768
"""
from __future__ import annotations


import numpy as np

from ..errors import ParameterValueError
from .. import _exact
from ..core import Bound, register
from .. import kernels
from ._common import BOOLE, LABELS, SYSTEMATIC, TIES, QA, QD, check_exact_n, margin_reason, sym
from ._exact_solver import exact_solver
from ..witness_ref import EXACT_RACE, SIMULATED_RACE
from .duel import DUEL_TWO_POINT, binpmf, log_chernoff, log_hoeffding

__all__ = ["RACE_EXACT", "RACE_UNION_CHERNOFF", "RACE_UNION_HOEFFDING"]

INPUTS = ("n", "K", "d", "eps", "alpha", "s", "q_hard", "K_dec")
ASSUMPTIONS = LABELS + SYSTEMATIC + (
    "K_dec of the K - 1 unaligned policies are deceptive (systematic error applies to them)",
) + TIES
# s and K_dec: more hard queries or more deceptive policies hurt when q_hard < 1 - eps and help otherwise
MONOTONE = {"n": -1, "K": 1, "d": -1, "eps": 1, "alpha": 1, "s": None, "q_hard": -1, "K_dec": None}


def _reason(at):
    return margin_reason(at, deceptive=True)


# ---------------------------------------------------------------------- kernels
def log_count(p, m):
    r"""$\ln(K - m)$ at a point, exactly from $K$ below $2^{53}$, from $\ln K$ beyond (or from `bits`)."""
    m = np.asarray(m, float)
    if "bits" in p:
        # K = 2**bits is exact (integer bits) or correctly rounded below 2**53: take the direct path there
        bits = np.asarray(p["bits"], float)
        with np.errstate(over="ignore"):
            K = np.exp2(np.minimum(bits, 60.0))
        lnK = p["lnK"]
    else:
        K = np.asarray(p["K"], float)
        with np.errstate(divide="ignore"):
            lnK = np.log(K)
    with np.errstate(divide="ignore", invalid="ignore"):
        direct = np.log(K - m)
    return np.where(K < 2.0**53, direct, kernels.log_K_minus(lnK, m))


def _log_union(p, duel):
    ld = duel(p["bias_dec"], p["minor_dec"])
    la = duel(p["bias_alpha"], p["minor_alpha"])
    kd = np.asarray(p["K_dec"], float)
    with np.errstate(divide="ignore", invalid="ignore"):
        val = np.logaddexp(np.log(kd) + ld, log_count(p, 1.0 + kd) + la)
    return np.minimum(0.0, val)


def _log_union_chernoff(p):
    return _log_union(p, lambda x, m: log_chernoff(p["n"], p["d"], x, m))


def _log_union_hoeffding(p):
    return _log_union(p, lambda x, m: log_hoeffding(p["n"], p["d"], x))


def _check_exact_race(point, where):
    check_exact_n(point, where)
    if "bits" not in point and "K" not in point:
        return
    if "bits" in point:
        b = np.asarray(point["bits"], float)
        K = np.exp2(np.minimum(b, 1023.0))
        bad = (b < 53) & (np.abs(K - np.round(K)) > 1e-9 * K)
        name, vals = "bits", b
    else:
        K = np.asarray(point["K"], float)
        bad = np.floor(K) != K
        name, vals = "K", K
    if np.any(bad):
        v = float(np.ravel(vals[bad] if np.ndim(vals) else vals)[0])
        raise ParameterValueError(f"{name}={v!r} in {where} must give an integer number of policies K (exact computation)")


def latent_model(p):
    r"""The exact engine's inputs at a point: `(log_K, m, q_c, 1 - q_c, ordinary, deceptive)`.

    Without systematic error ($q_{\mathrm{dec}} = q_\alpha$) every unaligned policy is
    ordinary and $q_c = q_\alpha$; otherwise `K_dec` of them are deceptive and $q_c$ comes
    from `bounds.quantities.latent_q_c`. Every probability is passed with its complement.
    """
    from ..quantities import latent_q_c

    qa, qba, qd, qbd = (np.asarray(p[k], float) for k in ("q_alpha", "qbar_alpha", "q_dec", "qbar_dec"))
    qa, qba, qd, qbd, d, lnK, kd = np.broadcast_arrays(qa, qba, qd, qbd, np.asarray(p["d"], float),
                                                      np.asarray(p["lnK"], float), np.asarray(p["K_dec"], float))
    systematic = bool(np.any(qba != qbd))
    if not systematic:
        lp = _exact.latent_parameters(d, qba, q=qa)
        return lnK, np.zeros_like(kd), lp.qc, lp.qcc, lp.ordinary, None
    qc, qcc = latent_q_c(d, qa, qba, qd, qbd)
    lp = _exact.latent_parameters(d, qba, qbar_dec=qbd, qbar_c=qcc, q=qa, q_dec=qd, q_c=qc)
    return lnK, kd, lp.qc, lp.qcc, lp.ordinary, lp.deceptive


def exact_log_probs(p, which="both", method="auto"):
    """(log P(win), log P(lose)) of the exact race at a point (arrays); one of them with `which`."""
    lnK, m, qc, qcc, ordinary, deceptive = latent_model(p)
    n = np.asarray(p["n"], float)
    got = _exact.latent_race_log_probs(n, lnK, m, qc, qcc, ordinary, deceptive, which=which, method=method)
    if which == "both":
        return got[0], got[1]
    return got[0]


def _log_exact_kernel(p):
    return exact_log_probs(p, which="lose")


def _exact_kernel_convolution(p):
    """P(lose) by the compiled kernel wherever it applies (a variant of the kernel, checked
    against the relation by the derivation checker)."""
    return np.exp(exact_log_probs(p, which="lose", method="convolution"))


def log_win_exact(n, **params):
    r"""$\log P(\text{win})$ of the exact race, computed directly (not as $1 - P(	ext{lose})$).

    Parameters
    ----------
    n : array_like of int
        Numbers of labels.
    **params
        The other inputs of `race.exact` (`K` or `bits`, `d`, `eps`, ...).

    Returns
    -------
    numpy.ndarray
        $\log P(\text{win})$.
    """
    point = RACE_EXACT.prepare({"n": n, **params})
    return exact_log_probs(point, which="win")


def log_probs_exact(n, **params):
    r"""$(\log P(\text{win}), \log P(\text{lose}))$ of the exact race from one evaluation, each computed directly.

    The engine's windows serve both sums, so this costs about half of `log_win_exact`
    followed by `race.exact`'s own evaluation; each value meets the engine's accuracy
    ($10^{-14}$ relative), but may differ from a separate evaluation in the last bits.

    Parameters
    ----------
    n : array_like of int
        Numbers of labels.
    **params
        The other inputs of `race.exact`.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        $\log P(\text{win})$ and $\log P(\text{lose})$.

    Examples
    --------
    >>> import numpy as np
    >>> lw, ll = log_probs_exact(np.array([11.0]), K=2, d=1.0, eps=0.3)
    >>> round(float(np.exp(lw[0]) + np.exp(ll[0])), 12)
    1.0
    """
    point = RACE_EXACT.prepare({"n": n, **params})
    return exact_log_probs(point, which="both")


# ---------------------------------------------------------------------- relations
def _union_expr(duel):
    import sympy as sp

    K, K_dec = sym("K", "K_dec")
    return sp.Min(1, K_dec * duel(QD()) + (K - 1 - K_dec) * duel(QA()))


def _expr_union_chernoff():
    import sympy as sp

    from ..measures import Bhattacharyya

    n, d = sym("n", "d")
    return _union_expr(lambda q: sp.Piecewise(((1 - d * (1 - Bhattacharyya(q, 1 - q))) ** n, q > sp.Rational(1, 2)),
                                              (1, True)))


def _expr_union_hoeffding():
    import sympy as sp

    n, d = sym("n", "d")
    return _union_expr(lambda q: sp.Piecewise((sp.exp(-n * d**2 * (2 * q - 1) ** 2 / 2), q > sp.Rational(1, 2)),
                                              (1, True)))


def _le_sum(N1, p1, N2, p2):
    """P(Binomial(N1, p1) <= Binomial(N2, p2)) as a double sum."""
    import sympy as sp

    x, y = sp.symbols("x y", integer=True, nonnegative=True)
    return sp.Sum(binpmf(N2, p2, y) * sp.Sum(binpmf(N1, p1, x), (x, 0, y)), (y, 0, N2))


def _expr_exact():
    import sympy as sp

    n, K, d, K_dec = sym("n", "K", "d", "K_dec")
    qa, qd = QA(), QD()
    qbar_c = sp.Min(sp.Max((1 - d) * (1 - qa) + d * (1 - qd), d * sp.Max(1 - qa, 1 - qd)),
                    1 - d * (1 - sp.Min(1 - qa, 1 - qd)))
    qc = 1 - qbar_c
    c = sp.Symbol("c", integer=True, nonnegative=True)

    def G(q):
        return _le_sum(c, d * q / qc, n - c, d * (1 - q) / qbar_c)

    return sp.Sum(binpmf(n, qc, c) * (1 - (1 - G(qd)) ** K_dec * (1 - G(qa)) ** (K - 1 - K_dec)), (c, 0, n))


# ---------------------------------------------------------------------- the bounds
COVERS_UNION = ("the generic objective (most agreeing labels wins, ties lose) against K - 1 unaligned policies, "
                "on every class in which each is separated from the aligned one with probability >= d "
                "(any dependence between them)")

RACE_UNION_CHERNOFF = register(Bound(
    "race.union_chernoff",
    "Union over the K - 1 duels of the Chernoff bound",
    "delta", "<=", _expr_union_chernoff,
    direction="sufficient",
    citation=f"{BOOLE} over the duels' Chernoff bounds (duel.chernoff)",
    inputs=INPUTS, monotone=MONOTONE,
    kernel=lambda p: np.exp(_log_union_chernoff(p)),
    log_kernel=_log_union_chernoff,
    covers=COVERS_UNION,
    assumptions=ASSUMPTIONS,
    conditions="vacuous (equal to 1) when no margin is left against some unaligned policy",
    no_solution=_reason,
    witness=EXACT_RACE,
    description="P(some unaligned policy scores at least as high as the aligned one) <= sum over them of duel.chernoff.",
    baseline=lambda n, K, d, eps, alpha: np.minimum(1.0, (K - 1) * (1 - d * (1 - 2 * np.sqrt(
        (1 - alpha) * (1 - eps) * (1 - (1 - alpha) * (1 - eps))))) ** n),
))

RACE_UNION_HOEFFDING = register(Bound(
    "race.union_hoeffding",
    "Union over the K - 1 duels of Hoeffding's bound",
    "delta", "<=", _expr_union_hoeffding,
    direction="sufficient",
    citation=f"{BOOLE} over the duels' Hoeffding bounds (duel.hoeffding)",
    inputs=INPUTS, monotone=MONOTONE,
    kernel=lambda p: np.exp(_log_union_hoeffding(p)),
    log_kernel=_log_union_hoeffding,
    covers=COVERS_UNION,
    assumptions=ASSUMPTIONS,
    conditions="vacuous (equal to 1) when no margin is left against some unaligned policy",
    no_solution=_reason,
    witness=EXACT_RACE,
    description="As race.union_chernoff with Hoeffding's (weaker) exponent d^2 (2q - 1)^2 / 2.",
    baseline=lambda n, K, d, eps, alpha: np.minimum(1.0, (K - 1) * np.exp(-n * d**2 * (2 * (1 - alpha) * (1 - eps) - 1) ** 2 / 2)),
))

RACE_EXACT = register(Bound(
    "race.exact",
    "Exact probability of losing the race (independent separation)",
    "delta", "==", _expr_exact,
    direction="exact",
    citation=("direct computation: given the number of labels agreeing with the aligned policy, "
              "the K - 1 duels are independent binomial comparisons"),
    inputs=INPUTS,
    # n, d: ties at even n when d = 1 (as duel.exact). q_hard: the hard queries are where the deceptive
    # policies differ, so worse hard-query ratings put more of the wrong labels there and fewer on the
    # ordinary policies' separating queries; with many ordinary policies the race can get easier
    # (K = 2^26, d = 0.89, eps = 0.31, alpha = 0.08, s = 0.1, K_dec = 5, n = 62: P(lose) 0.41 at
    # q_hard = 0, 0.55 at q_hard = 0.54)
    monotone={**MONOTONE, "n": None, "d": None, "q_hard": None},
    kernel=lambda p: np.exp(_log_exact_kernel(p)),
    log_kernel=_log_exact_kernel,
    covers="the generic objective (most agreeing labels wins, ties lose) on the independent-separation class",
    assumptions=ASSUMPTIONS + (
        "independent separation: given whether a label agrees with the aligned policy, every unaligned policy "
        "separates independently, so that each is separated with probability d",
    ),
    conditions=("n integer, n <= MAX_EXACT_N, K integer; not monotone in n (ties), nor in d (d = 1 forces ties at "
                "even n), nor in q_hard (worse hard-query ratings can make the ordinary policies' duels easier)"),
    no_solution=_reason,
    witness=SIMULATED_RACE,
    description=("Given the number c of labels agreeing with the aligned policy the K - 1 duels are independent; "
                 "P(lose) = E_c[1 - (1 - G_dec(c))^K_dec (1 - G(c))^(K - 1 - K_dec)]."),
    check_point=_check_exact_race,
    solver=exact_solver(RACE_UNION_CHERNOFF, DUEL_TWO_POINT, latent_model),
    variants={"convolution": _exact_kernel_convolution},
))
