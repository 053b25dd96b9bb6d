r"""`duel.slud`: Slud's lower bound on losing the duel, through the separating count and Jensen's inequality."""
from __future__ import annotations

import numpy as np
import sympy as sp

from bounds.proof import Case, Cite, Derivation, FiniteSpace, Instance, Pr, Premise, SpotCheck, Step

from . import _premises as P
from . import duel_exact
from ._notation import DOMAIN, HALF, QD, WHERE_QD, S, Q_dec, binpmf, d, delta, k_, m_, n, q, P_lose

EXACT = duel_exact.DERIVATION.lemma(0, id="duel.exact", title="Exact probability of losing the duel")


def slud(count, p):
    r"""Slud's bound at `count` separating labels: $\frac12(1 - \sqrt{1 - \exp(-m(2q-1)^2/(4q(1-q)))})$."""
    return (1 - sp.sqrt(1 - sp.exp(-count * (2 * p - 1) ** 2 / (4 * p * (1 - p))))) / 2


EXACT_SUM = sp.Sum(binpmf(n, d, m_) * sp.Sum(binpmf(m_, q, k_), (k_, 0, sp.floor(m_ / 2))), (m_, 0, n))
SLUD_SUM = sp.Sum(binpmf(n, d, m_) * slud(m_, q), (m_, 0, n))

with sp.evaluate(False):
    READABLE = sp.Ge(delta, sp.Piecewise(
        (0, Q_dec >= 1),
        (HALF * (1 - sp.sqrt(1 - sp.exp(-n * d * (2 * Q_dec - 1) ** 2 / (4 * Q_dec * (1 - Q_dec))))), Q_dec > HALF),
        (HALF, True)))

# ---------------------------------------------------------------------------- the cited premises
SLUD_AVERAGED = Premise(
    "prob.slud_averaged",
    "Slud's inequality, averaged over the separating count",
    sp.Ge(EXACT_SUM, SLUD_SUM),
    "Slud (1977), Distribution inequalities for the binomial law, Ann. Probab. 5(3); in the form of Shalev-Shwartz & "
    "Ben-David (2014), Understanding Machine Learning, Lemma B.11: for X ~ Bin(m, (1 - x)/2), P(X >= m/2) >= "
    "(1 - sqrt(1 - exp(-m x^2 / (1 - x^2)))) / 2. Applied to the m - F unfavourable labels of m separating ones "
    "(x = 2q - 1, so 1 - x^2 = 4q(1 - q)): P(F <= m/2) >= the bound; at m = 0 the left side is 1 and the bound 1/2; "
    "then termwise with the non-negative weights P(M = m)",
    hypotheses=[q > HALF, q < 1],
)

JENSEN_SLUD = Premise(
    "prob.jensen_slud",
    "Jensen's inequality for Slud's bound over a binomial count",
    sp.Ge(SLUD_SUM, slud(n * d, q)),
    "Jensen's inequality, E[f(M)] >= f(E[M]) for convex f, with M ~ Bin(n, d), E[M] = n d and f(m) = (1 - sqrt(1 - "
    "e^{-a m}))/2, a = (2q - 1)^2 / (4q(1 - q)) > 0: with u = e^{-a m}, f''(m) = (a^2 / 4) u (1 - u)^{-3/2} (1 - u/2) "
    "> 0 for m > 0, and f is continuous at m = 0, so f is convex on [0, inf)",
    hypotheses=[q > HALF, q < 1],
)

PROB_NONNEG = Premise(
    "prob.nonneg",
    "A probability is non-negative",
    sp.Ge(Pr(P.var.A), 0),
    "Kolmogorov's axioms",
)


def _draw_slud(rng):
    """n <= 12 labels, d in (0, 1], q in (1/2, 1): both sides are finite sums."""
    N = int(rng.integers(0, 13))
    dd = float(rng.choice([rng.uniform(0.01, 1.0), 1.0]))
    qq = float(rng.uniform(0.5001, 0.999))
    return {n: N, d: dd, q: qq}


SLUD_AVERAGED.spot_check = SpotCheck(_draw_slud, what="duels of n <= 12 labels, d in (0, 1], q in (1/2, 1), exact sums")
JENSEN_SLUD.spot_check = SpotCheck(_draw_slud, what="binomial counts n <= 12, d in (0, 1], q in (1/2, 1), exact sums")
PROB_NONNEG.spot_check = SpotCheck(
    lambda rng: {"space": FiniteSpace(rng.dirichlet(np.ones(3))), P.var.A: rng.random(3) < 0.5},
    what="random events of a three-point space")

# ---------------------------------------------------------------------------- the derivation
DERIVATION = Derivation(
    "duel.slud",
    "Slud's lower bound on losing the duel, for the generic objective",
    summary=(
        "Condition on the number $M \\sim \\mathrm{Bin}(n, d)$ of separating labels, as for the exact value: given "
        "$m$ of them the duel is lost when the unfavourable ones, a $\\mathrm{Bin}(m, 1-q)$ count, are at least half, "
        "which Slud's inequality bounds from below by $S(m) = \\frac12(1 - \\sqrt{1 - e^{-m x^2/(1-x^2)}})$, "
        "$x = 2q - 1$. $S$ is convex in $m$, so its average over $M$ is at least $S(nd)$ (Jensen). The bound speaks "
        "of the generic objective on this duel; for small margins it is above the two-point bound (its exponent "
        "$x^2/(1-x^2)$ against $2x\\operatorname{atanh} x$). With an error-free label ($q = 1$) it says nothing; "
        "without a margin the duel is lost at least half of the time."
    ),
    domain=DOMAIN,
    integers=[n],
    assumptions=[P.IID, P.ADVERSARY, P.SYSTEMATIC, P.COUNTS],
    premises=[EXACT, SLUD_AVERAGED, JENSEN_SLUD, PROB_NONNEG, P.DUEL_LOSS, P.NO_MARGIN_HALF],
    cases=[
        Case(q >= 1, [
            Step("=", Pr(S <= 0), "The aligned policy loses when the evidence sum is at most 0 (ties lose).",
                 by=Cite(P.DUEL_LOSS), lhs=P_lose(n, d, q)),
            Step(">=", 0, "A probability is non-negative.", by=Instance(PROB_NONNEG, {P.var.A: S <= 0})),
        ], title="Error-free labels ($q = 1$)"),
        Case(q > HALF, [
            Step("=", EXACT_SUM, "The exact probability of losing: condition on the separating count.",
                 by=Instance(EXACT, {}), lhs=P_lose(n, d, q)),
            Step(">=", SLUD_SUM, "Slud's inequality for each separating count, weighted by its probability.",
                 by=Instance(SLUD_AVERAGED, {})),
            Step(">=", slud(n * d, q), "Slud's bound is convex in the count: Jensen's inequality at $E[M] = nd$.",
                 by=Instance(JENSEN_SLUD, {})),
        ], title="A margin ($1/2 < q < 1$)"),
        Case(True, [
            Step(">=", HALF, "Without a margin one label's evidence is stochastically at most its mirror image.",
                 by=Cite(P.NO_MARGIN_HALF), lhs=P_lose(n, d, q)),
        ], title="No margin ($q \\le 1/2$)"),
    ],
    subs=[(P_lose(n, d, q), delta), (q, QD)],
    readable=READABLE,
    where=WHERE_QD,
    symbols=[
        (q, "probability that a separating label favours the aligned policy: $q = q_{\\mathrm{dec}} = (1-\\alpha)((1-s)(1-\\varepsilon) + s\\,q_{\\mathrm{hard}})$, which is $q_\\alpha$ without systematic error"),
        (delta, "the probability that the generic objective loses the duel"),
    ],
)
