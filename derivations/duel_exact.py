r"""`duel.exact`: the exact probability of losing the duel, from the model's definition."""
from __future__ import annotations

import sympy as sp

from bounds.proof import Derivation, Instance, Pr, Rewrite, Step, Cite

from . import _premises as P
from ._notation import DOMAIN, QD, WHERE_QD, Bin, M, S, Q_dec, binpmf, d, delta, k_, m_, n, q, P_lose

with sp.evaluate(False):
    READABLE = sp.Eq(delta, sp.Sum(sp.binomial(n, m_) * d**m_ * (1 - d) ** (n - m_)
                                   * sp.Sum(sp.binomial(m_, k_) * Q_dec**k_ * (1 - Q_dec) ** (m_ - k_), (k_, 0, sp.floor(m_ / 2))),
                                   (m_, 0, n)))

DERIVATION = Derivation(
    "duel.exact",
    "Exact probability of losing the duel",
    summary=(
        "Straight from the model: condition on the number $M$ of separating labels, a binomial count; given "
        "$m$ of them, the evidence is the number $F$ of favourable ones minus the others, and the duel is lost "
        "(ties included) when $F$ is at most half of $m$. The result is the double sum that `bounds._exact` "
        "evaluates in log space."
    ),
    domain=DOMAIN,
    integers=[n],
    assumptions=[P.IID, P.ADVERSARY, P.SYSTEMATIC, P.COUNTS],
    premises=[P.DUEL_LOSS, P.SEPARATING_COUNT, P.GIVEN_SEPARATING],
    steps=[
        Step("=", Pr(S <= 0), "The aligned policy loses when the evidence sum is at most 0 (ties lose).",
             by=Cite(P.DUEL_LOSS), lhs=P_lose(n, d, q)),
        Step("=", sp.Sum(Pr(sp.Eq(M, m_)) * Pr(S <= 0, sp.Eq(M, m_)), (m_, 0, n)),
             "Condition on the number $M$ of separating labels.",
             by=Instance(P.TOTAL_PROBABILITY, {P.var.A: S <= 0, P.var.X: M, P.var.k: m_})),
        Step("=", sp.Sum(binpmf(n, d, m_) * Pr(S <= 0, sp.Eq(M, m_)), (m_, 0, n)),
             "Each label separates with probability $d$, independently: $M$ is binomial.",
             by=Rewrite(P.SEPARATING_COUNT, {P.var.k: m_})),
        Step("=", sp.Sum(binpmf(n, d, m_) * Pr(sp.Le(2 * Bin(m_, q) - m_, 0, evaluate=False)), (m_, 0, n)),
             "Given $m$ separating labels, the evidence is the favourable ones minus the others; the favourable ones are binomial.",
             by=Rewrite(P.GIVEN_SEPARATING, {P.var.k: m_})),
        Step("=", sp.Sum(binpmf(n, d, m_) * Pr(sp.Le(Bin(m_, q), sp.floor(m_ / 2), evaluate=False)), (m_, 0, n)),
             "The number of favourable labels is an integer.",
             by=Rewrite(P.INTEGER_HALF, {P.var.N: m_, P.var.p: q, P.var.k: m_})),
        Step("=", sp.Sum(binpmf(n, d, m_) * sp.Sum(binpmf(m_, q, k_), (k_, 0, sp.floor(m_ / 2))), (m_, 0, n)),
             "The binomial distribution function.",
             by=Rewrite(P.BINOMIAL_CDF, {P.var.N: m_, P.var.p: q, P.var.threshold: sp.floor(m_ / 2), P.var.k: k_})),
    ],
    subs=[(P_lose(n, d, q), delta), (q, QD)],
    readable=READABLE,
    where=WHERE_QD,
    symbols=[(q, "probability that a separating label favours the aligned policy: $q = q_{\\mathrm{dec}} = (1-\\alpha)((1-s)(1-\\varepsilon) + s\\,q_{\\mathrm{hard}})$, which is $q_\\alpha = (1-\\alpha)(1-\\varepsilon)$ without systematic error ($s = 0$)")],
)
