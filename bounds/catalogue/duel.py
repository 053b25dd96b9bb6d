r"""The duel: the aligned policy against one unaligned policy.

A query separates the two with probability $d$; on a separating query a label favours the
aligned policy with probability $q_{\mathrm{dec}}$ (equal to $q_\alpha = (1-\alpha)(1-\varepsilon)$
without systematic error; against a deceptive policy a share $s$ of the separating queries
is too hard and raters get those right with probability $q_{\mathrm{hard}}$). Per label the
evidence $Z \in \{+1, 0, -1\}$ for the aligned policy has probabilities $d q$, $1 - d$,
$d(1-q)$; the generic objective (the policy with more agreeing labels wins) picks the aligned
policy when $\sum Z > 0$ — ties lose.

* `duel.exact` — $P(\text{lose})$, exactly: $m \sim \mathrm{Bin}(n, d)$ separating labels,
  loss iff $\mathrm{Bin}(m, q) \le m/2$;
* `duel.chernoff` — $(1 - d(1 - \mathrm{BC}(q, 1-q)))^n$ (Chernoff 1952);
* `duel.hoeffding` — $\exp(-n d^2 (2q-1)^2 / 2)$ (Hoeffding 1963);
* `duel.bernstein` — $\exp(-n\mu^2 / (2(d - \mu^2 + (1+\mu)\mu/3)))$, $\mu = d(2q-1)$ (Bernstein
  1924): through the variance, linear in $d$ where Hoeffding's exponent is quadratic;
* `duel.two_point` — a *lower* bound on losing, for the generic objective (any rule that
  treats the two policies alike): Le Cam's two-point bound, and $1/2$ once $q \le 1/2$;
* `duel.slud` — a *lower* bound on losing for the generic objective itself:
  $\frac12(1 - \sqrt{1 - \exp(-n d (2q-1)^2 / (4q(1-q)))})$ (Slud 1977, through the
  separating count and Jensen's inequality); tighter than `duel.two_point` for small
  margins ($2q - 1 \lesssim 0.8$). At $n = m$, $d = 1$ it bounds a majority vote of $m$
  raters from below (ties counted as errors).

Examples
--------
>>> import bounds
>>> round(bounds.bound("duel.exact")(n=11, d=1.0, eps=0.3), 6)   # P(Bin(11, 0.7) <= 5)
0.07822
>>> b = bounds.bound("duel.two_point")
>>> b(n=100, d=0.1, eps=0.1, s=0.5, q_hard=0.0)        # raters prefer the deceptive output
0.5
"""
from __future__ import annotations

import math

import numpy as np

from .. import _exact
from ..core import Bound, register
from .. import kernels
from ._common import (CHERNOFF_1952, HOEFFDING_1963, LABELS, LE_CAM_1973, LN2, SYSTEMATIC, TIES, QD, check_exact_n,
                      margin_reason, sym)
from ._exact_solver import exact_solver
from ..witness_ref import EXACT_DUEL, SIMULATED_DUEL

__all__ = ["DUEL_EXACT", "DUEL_CHERNOFF", "DUEL_HOEFFDING", "DUEL_BERNSTEIN", "DUEL_TWO_POINT", "DUEL_SLUD"]

INPUTS = ("n", "d", "eps", "alpha", "s", "q_hard")
BERNSTEIN_1924 = ("Bernstein, S. N. (1924). On a modification of Chebyshev's inequality and of the error formula of "
                  "Laplace. Ann. Sci. Inst. Sav. Ukraine, Sect. Math. 1; in the form of Boucheron, S., Lugosi, G. & "
                  "Massart, P. (2013). Concentration Inequalities, Oxford University Press, Theorem 2.10")
SLUD_1977 = ("Slud, E. V. (1977). Distribution inequalities for the binomial law. Ann. Probab. 5(3), 404-412; in the "
             "form of Shalev-Shwartz, S. & Ben-David, S. (2014). Understanding Machine Learning, Cambridge University "
             "Press, Lemma B.11")
ASSUMPTIONS = LABELS + SYSTEMATIC + TIES
COVERS_GENERIC = ("the generic objective (the policy with more agreeing labels wins, ties lose) against one "
                  "unaligned policy separated with probability d")
# not monotone in s: more hard queries hurt when q_hard < 1 - eps and help when q_hard > 1 - eps
MONOTONE = {"n": -1, "d": -1, "eps": 1, "alpha": 1, "s": None, "q_hard": -1}


def _reason(at):
    return margin_reason(at, deceptive=True)


# ---------------------------------------------------------------------- kernels
def log_chernoff(n, d, x, m):
    r"""$n \ln(1 - d(1 - \mathrm{BC}))$ from the bias $x = 2q-1$ and the minority $m = \min(q, 1-q)$; 0 when $x \le 0$.

    $1 - \mathrm{BC} = x^2 / (1 + \mathrm{BC})$ (no cancellation), and where $d(1-\mathrm{BC})$
    is large the base is formed as $(1 - d) + d\,\mathrm{BC}$, a sum of positive terms, so that
    a base of $2\cdot10^{-20}$ (at $\varepsilon = 10^{-40}$, $d = 1$) is not rounded to 0.
    """
    bc = kernels.bc_symmetric(m)
    dg = d * (x * x / (1.0 + bc))
    small = dg < 0.5
    with np.errstate(divide="ignore", invalid="ignore"):
        lb = np.where(small, np.log1p(-np.where(small, dg, 0.0)), np.log((1.0 - d) + d * bc))
        val = n * lb
    val = np.where(n == 0, 0.0, val)
    # n = inf with a margin: the limit, even where d (1 - BC) underflowed to 0 (d subnormal)
    val = np.where(np.isinf(n), -np.inf, val)
    return np.where(x > 0, val, 0.0)


def log_hoeffding(n, d, x):
    r"""$-n d^2 x^2 / 2$ with $x = 2q - 1$; 0 when $x \le 0$."""
    with np.errstate(invalid="ignore"):
        val = -n * d * d * x * x / 2.0
    val = np.where(n == 0, 0.0, val)
    val = np.where(np.isinf(n), -np.inf, val)  # the limit, also where d^2 x^2 underflowed
    return np.where(x > 0, val, 0.0)


def log_bernstein(n, d, x):
    r"""$-n d x^2 / (2 + 2x/3 - 4 d x^2/3)$ with $x = 2q - 1$ (Bernstein's exponent, simplified); 0 when $x \le 0$.

    With mean $\mu = dx$, variance $d - \mu^2$ and reach $1 + \mu$ the exponent
    $n\mu^2 / (2(d - \mu^2 + (1+\mu)\mu/3))$ has the factor $d$ cancelled; the denominator is
    at least $4/3$, so nothing cancels.

    Examples
    --------
    >>> float(log_bernstein(100, 1.0, 0.5)) == -100 * 0.25 / (2 + 1 / 3 - 1 / 3)
    True
    """
    with np.errstate(invalid="ignore"):
        val = -n * d * x * x / (2.0 + (2.0 * x / 3.0) * (1.0 - 2.0 * d * x))
    val = np.where(n == 0, 0.0, val)
    val = np.where(np.isinf(n), -np.inf, val)  # the limit, also where d x^2 underflowed
    return np.where(x > 0, val, 0.0)


def log_le_cam(n, d, x, m):
    r"""$\ln\frac{1 - \sqrt{1 - e^{-\mathrm{KL}}}}{2}$, $\mathrm{KL} = n d\,\mathrm{kl}(q \| 1-q)$, without cancellation."""
    with np.errstate(invalid="ignore", over="ignore"):
        kl = n * d * kernels.kl_symmetric(x, m)
        kl = np.where(n == 0, 0.0, kl)
        kl = np.where(np.isinf(n) & (x != 0), np.inf, kl)  # the limit, also where d kl underflowed
        # (1 - sqrt(1 - e^-x)) / 2 = e^-x / (2 (1 + sqrt(1 - e^-x)))
        return -kl - LN2 - np.log1p(np.sqrt(-np.expm1(-kl)))


def log_slud(n, d, x, m):
    r"""$\ln\frac{1 - \sqrt{1 - e^{-t}}}{2}$, $t = n d x^2 / (4m(1-m))$ ($x = 2q - 1$, $m = \min(q, 1-q)$), without cancellation.

    $4m(1-m) = 1 - x^2$; $t = \infty$ at $m = 0$ (error-free labels: the bound is 0, as the relation says).

    Examples
    --------
    >>> import math
    >>> math.isclose(float(np.exp(log_slud(11, 1.0, 0.6, 0.2))), 0.000514004, rel_tol=1e-5)
    True
    """
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        t = n * d * x * x / (4.0 * m * (1.0 - m))
        t = np.where(n == 0, 0.0, t)
        t = np.where(np.isinf(n) & (x != 0), np.inf, t)  # the limit, also where d x^2 underflowed
        t = np.where(m == 0, np.inf, t)                   # an error-free label: the bound says nothing (0)
        return -t - LN2 - np.log1p(np.sqrt(-np.expm1(-t)))


def _log_slud_kernel(p):
    x = p["bias_dec"]
    return np.where(x > 0, log_slud(p["n"], p["d"], x, p["minor_dec"]), -LN2)


def _log_chernoff_kernel(p):
    return log_chernoff(p["n"], p["d"], p["bias_dec"], p["minor_dec"])


def _log_hoeffding_kernel(p):
    return log_hoeffding(p["n"], p["d"], p["bias_dec"])


def _log_bernstein_kernel(p):
    return log_bernstein(p["n"], p["d"], p["bias_dec"])


def _log_two_point_kernel(p):
    x = p["bias_dec"]
    return np.where(x > 0, log_le_cam(p["n"], p["d"], x, p["minor_dec"]), -LN2)


def duel_model(p):
    r"""The exact engine's inputs for the duel: one (deceptive, or ordinary) policy, $K = 2$."""
    qd, qbd, d = np.broadcast_arrays(*(np.asarray(p[k], float) for k in ("q_dec", "qbar_dec", "d")))
    lp = _exact.latent_parameters(d, qbd, q=qd)
    return np.full(d.shape, math.log(2.0)), np.zeros(d.shape), lp.qc, lp.qcc, lp.ordinary, None


def _log_exact_kernel(p):
    lnK, m, qc, qcc, ordinary, _ = duel_model(p)
    ll, _ = _exact.latent_race_log_probs(np.asarray(p["n"], float), lnK, m, qc, qcc, ordinary, which="lose")
    return ll


# ---------------------------------------------------------------------- relations
def _base():
    import sympy as sp

    from ..measures import Bhattacharyya

    n, d = sym("n", "d")
    q = QD()
    return sp, n, d, q, 1 - d * (1 - Bhattacharyya(q, 1 - q))


def _expr_chernoff():
    sp, n, d, q, base = _base()
    return sp.Piecewise((base**n, q > sp.Rational(1, 2)), (1, True))


def _expr_hoeffding():
    import sympy as sp

    n, d = sym("n", "d")
    q = QD()
    return sp.Piecewise((sp.exp(-n * d**2 * (2 * q - 1) ** 2 / 2), q > sp.Rational(1, 2)), (1, True))


def _expr_bernstein():
    import sympy as sp

    n, d = sym("n", "d")
    q = QD()
    mu = d * (2 * q - 1)
    var = d - mu**2
    return sp.Piecewise((sp.exp(-n * mu**2 / (2 * (var + (1 + mu) * mu / 3))), q > sp.Rational(1, 2)), (1, True))


def _expr_two_point():
    import sympy as sp

    from ..measures import BernoulliKL

    n, d = sym("n", "d")
    q = QD()
    half = sp.Rational(1, 2)
    return sp.Piecewise(((1 - sp.sqrt(1 - sp.exp(-n * d * BernoulliKL(q, 1 - q)))) / 2, q > half), (half, True))


def binpmf(N, p, j):
    r"""$\binom{N}{j} p^j (1-p)^{N-j}$, symbolic."""
    import sympy as sp

    return sp.binomial(N, j) * p**j * (1 - p) ** (N - j)


def _expr_exact():
    import sympy as sp

    n, d = sym("n", "d")
    q = QD()
    m, k = sp.symbols("m k", integer=True, nonnegative=True)
    return sp.Sum(binpmf(n, d, m) * sp.Sum(binpmf(m, q, k), (k, 0, sp.floor(m / 2))), (m, 0, n))


# ---------------------------------------------------------------------- the bounds
DUEL_CHERNOFF = register(Bound(
    "duel.chernoff",
    "Chernoff (Bhattacharyya) bound on losing the duel",
    "delta", "<=", _expr_chernoff,
    direction="sufficient",
    citation=f"{CHERNOFF_1952}; the exponent at lambda = 1/2 is the Bhattacharyya coefficient",
    inputs=INPUTS, monotone=MONOTONE,
    kernel=lambda p: np.exp(_log_chernoff_kernel(p)),
    log_kernel=_log_chernoff_kernel,
    covers=COVERS_GENERIC,
    assumptions=ASSUMPTIONS,
    conditions="vacuous (equal to 1) when q_dec <= 1/2: no margin",
    no_solution=_reason,
    witness=EXACT_DUEL,
    description="P(aligned policy loses the duel) <= (E exp(-lambda Z))^n at the optimal lambda = ln(q/(1-q))/2.",
    baseline=lambda n, d, eps, alpha: (1 - d * (1 - 2 * np.sqrt((1 - alpha) * (1 - eps) * (1 - (1 - alpha) * (1 - eps))))) ** n,
))

DUEL_HOEFFDING = register(Bound(
    "duel.hoeffding",
    "Hoeffding bound on losing the duel",
    "delta", "<=", _expr_hoeffding,
    direction="sufficient",
    citation=f"{HOEFFDING_1963} (one-sided, range [-1, 1])",
    inputs=INPUTS, monotone=MONOTONE,
    kernel=lambda p: np.exp(_log_hoeffding_kernel(p)),
    log_kernel=_log_hoeffding_kernel,
    covers=COVERS_GENERIC,
    assumptions=ASSUMPTIONS,
    conditions="vacuous (equal to 1) when q_dec <= 1/2",
    no_solution=_reason,
    witness=EXACT_DUEL,
    description="Z in [-1, 1] with mean d(2q - 1): P(sum Z <= 0) <= exp(-2 (n mu)^2 / (4 n)).",
    baseline=lambda n, d, eps, alpha: np.exp(-n * d**2 * (2 * (1 - alpha) * (1 - eps) - 1) ** 2 / 2),
))

DUEL_BERNSTEIN = register(Bound(
    "duel.bernstein",
    "Bernstein bound on losing the duel",
    "delta", "<=", _expr_bernstein,
    direction="sufficient",
    citation=f"{BERNSTEIN_1924} (one-sided, variance d - mu^2, reach 1 + mu)",
    inputs=INPUTS, monotone=MONOTONE,
    kernel=lambda p: np.exp(_log_bernstein_kernel(p)),
    log_kernel=_log_bernstein_kernel,
    covers=COVERS_GENERIC,
    assumptions=ASSUMPTIONS,
    conditions="vacuous (equal to 1) when q_dec <= 1/2",
    no_solution=_reason,
    witness=EXACT_DUEL,
    description=("Z has mean mu = d(2q - 1), variance d - mu^2 and |Z - mu| <= 1 + mu: P(sum Z <= 0) <= "
                 "exp(-n mu^2 / (2 (d - mu^2 + (1 + mu) mu / 3))), linear in d where Hoeffding is quadratic."),
    baseline=lambda n, d, eps, alpha: np.exp(-n * d * (2 * (1 - alpha) * (1 - eps) - 1) ** 2 / (
        2 + 2 * (2 * (1 - alpha) * (1 - eps) - 1) / 3 * (1 - 2 * d * (2 * (1 - alpha) * (1 - eps) - 1)))),
))

DUEL_TWO_POINT = register(Bound(
    "duel.two_point",
    "Two-point lower bound on losing the duel (generic objective)",
    "delta", ">=", _expr_two_point,
    direction="necessary",
    citation=LE_CAM_1973,
    inputs=INPUTS, monotone=MONOTONE,
    kernel=lambda p: np.exp(_log_two_point_kernel(p)),
    log_kernel=_log_two_point_kernel,
    covers=("the generic objective, or any rule that treats the two policies alike, on this duel at every d; "
            "since the race is lost whenever one duel is, also a lower bound on losing the race"),
    assumptions=ASSUMPTIONS,
    conditions="1/2 when q_dec <= 1/2: the generic objective then loses at least half the time, whatever n",
    no_solution=_reason,
    witness=EXACT_DUEL,
    baseline=lambda n, d, eps, alpha: (1 - np.sqrt(1 - np.exp(-n * d * (2 * (1 - alpha) * (1 - eps) - 1) * np.log(
        (1 - alpha) * (1 - eps) / (1 - (1 - alpha) * (1 - eps)))))) / 2,
    description=("Swapping the two policies swaps the label laws and leaves a symmetric rule's error unchanged, "
                 "so its error is the larger of the two errors of a test: at least (1 - TV)/2 >= "
                 "(1 - sqrt(1 - exp(-KL)))/2 with KL = n d kl(q || 1 - q)."),
))

def _expr_slud():
    import sympy as sp

    n, d = sym("n", "d")
    q = QD()
    half = sp.Rational(1, 2)
    return sp.Piecewise((0, q >= 1), ((1 - sp.sqrt(1 - sp.exp(-n * d * (2 * q - 1) ** 2 / (4 * q * (1 - q))))) / 2,
                                      q > half), (half, True))


DUEL_SLUD = register(Bound(
    "duel.slud",
    "Slud's lower bound on losing the duel (generic objective)",
    "delta", ">=", _expr_slud,
    direction="necessary",
    citation=f"{SLUD_1977}, applied to the unfavourable separating labels, then Jensen's inequality over their count",
    inputs=INPUTS, monotone=MONOTONE,
    kernel=lambda p: np.exp(_log_slud_kernel(p)),
    log_kernel=_log_slud_kernel,
    covers=("the generic objective (the policy with more agreeing labels wins, ties lose) on this duel at every d; "
            "since the race is lost whenever one duel is, also a lower bound on losing the race"),
    assumptions=ASSUMPTIONS,
    conditions=("1/2 when q_dec <= 1/2: the generic objective then loses at least half the time, whatever n; 0 (no "
                "information) when q_dec = 1"),
    no_solution=_reason,
    witness=EXACT_DUEL,
    baseline=lambda n, d, eps, alpha: (1 - np.sqrt(1 - np.exp(-n * d * (2 * (1 - alpha) * (1 - eps) - 1) ** 2 / (
        4 * (1 - alpha) * (1 - eps) * (1 - (1 - alpha) * (1 - eps)))))) / 2,
    description=("Given m separating labels the duel is lost when at least m/2 of them are unfavourable, a "
                 "Bin(m, 1 - q) count, which Slud's inequality bounds from below by S(m) = (1 - sqrt(1 - "
                 "exp(-m x^2 / (1 - x^2)))) / 2, x = 2q - 1; S is convex in m, so averaging over m ~ Bin(n, d) "
                 "gives at least S(nd) (Jensen)."),
))

DUEL_EXACT = register(Bound(
    "duel.exact",
    "Exact probability of losing the duel",
    "delta", "==", _expr_exact,
    direction="exact",
    citation="direct computation: m ~ Binomial(n, d) separating labels, loss iff Binomial(m, q) <= m/2",
    inputs=INPUTS,
    # not monotone in n (an even n can tie) nor in d: at d = 1 every label separates, so an even n
    # can tie (and ties lose), while d < 1 spreads the count over odd values too; e.g. n = 2,
    # eps = 0.2 gives 0.3376 at d = 0.9 and 0.36 at d = 1
    monotone={**MONOTONE, "n": None, "d": None},
    kernel=lambda p: np.exp(_log_exact_kernel(p)),
    log_kernel=_log_exact_kernel,
    covers=COVERS_GENERIC,
    assumptions=ASSUMPTIONS,
    conditions="n integer, n <= MAX_EXACT_N; not monotone in n (an even n can tie), nor in d (d = 1 forces ties at even n)",
    no_solution=_reason,
    witness=SIMULATED_DUEL,
    description="Sum over the number m of separating labels of P(m) * P(Binomial(m, q) <= floor(m/2)).",
    check_point=check_exact_n,
    solver=exact_solver(DUEL_CHERNOFF, DUEL_TWO_POINT, duel_model),
))

_ = math
