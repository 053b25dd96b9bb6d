r"""`race.exact`: the exact probability of losing the race under independent separation."""
from __future__ import annotations

import sympy as sp

from bounds.derive import Cite, Define, Derivation, Instance, Model, Pr, Rewrite, Step

from . import _premises as P
from ._notation import (
    DOMAIN, LOSE, WIN, Agree, Bin, C, K, L, Lost, P_race, SepT, alpha, binpmf, c_, d, delta, eps, jo, jstar, n, q, x_, y_,
)

QC = q + alpha * (1 - d)  # probability that a label agrees with the aligned policy
R1 = q * d / QC  # P(j* separates | the label agrees)
R2 = d * (1 - q) / (1 - QC)  # P(j* separates | the label disagrees)


def le_sum(N1, p1, N2, p2):
    """P(Bin(N1, p1) <= Bin(N2, p2)) as the double sum bounds.model writes."""
    return sp.Sum(binpmf(N2, p2, y_) * sp.Sum(binpmf(N1, p1, x_), (x_, 0, y_)), (y_, 0, N2))


COND = sp.Eq(C, c_)
P_AGREE = Pr(sp.Eq(Agree(L), 1))
P_SEP_AGREE = Pr(sp.Eq(SepT(L), 1), sp.Eq(Agree(L), 1))
P_SEP_DISAGREE = Pr(sp.Eq(SepT(L), 1), sp.Eq(Agree(L), 0))
LOST_T = Pr(sp.Le(Bin(c_, P_SEP_AGREE), Bin(n - c_, P_SEP_DISAGREE), evaluate=False))
LOST_O = Pr(sp.Le(Bin(c_, d), Bin(n - c_, d), evaluate=False))


def body(p_agree, lost_t, lost_o):
    return sp.Sum(binpmf(n, p_agree, c_) * (1 - (1 - lost_t) * (1 - lost_o) ** (K - 2)), (c_, 0, n))


DERIVATION = Derivation(
    "race.exact",
    "Exact probability of losing the race (independent separation)",
    summary=(
        "Condition on the number $C$ of labels that agree with the aligned policy. Given $C = c$ the $K - 1$ "
        "duels are independent (independent separation). Against another unaligned policy $j'$ the aligned "
        "policy gains on the agreeing labels where $j'$ differs and loses on the disagreeing ones, two "
        "independent binomial counts. Against the adversary's target $j^\\star$ the separation probabilities "
        "differ between agreeing and disagreeing labels, and one label's model gives them. The result is the "
        "sum `bounds._exact` evaluates (in log space, for large $K$)."
    ),
    domain=DOMAIN,
    integers=[n, K],
    assumptions=[P.IID, P.COUNTS, P.INDEPENDENT_SEPARATION, P.TARGETED_ADVERSARY],
    premises=[P.RACE_EXACT_LOSS, P.LABEL_RACE, P.AGREEING_COUNT, P.DUELS_GIVEN_LABELS, P.TARGET_GIVEN_COUNT, P.OTHER_GIVEN_COUNT],
    steps=[
        Define(q, (1 - alpha) * (1 - eps), "Probability that a label is honest and correct.", fact=sp.Ge(q, 0, evaluate=False)),
        Step("=", Pr(LOSE), "The race is lost unless the aligned policy beats every unaligned policy.",
             by=Cite(P.RACE_EXACT_LOSS), lhs=P_race(n, K, d, q)),
        Step("=", sp.Sum(Pr(COND) * Pr(LOSE, COND), (c_, 0, n)), "Condition on the number $C$ of labels agreeing with the aligned policy.",
             by=Instance(P.TOTAL_PROBABILITY, {P._A: LOSE, P._X: C, P._ki: c_})),
        Step("=", sp.Sum(Pr(COND) * (1 - Pr(WIN, COND)), (c_, 0, n)), "Losing is not winning.",
             by=Rewrite(P.LOSE_IS_NOT_WIN, {P._Bev: COND})),
        Step("=", sp.Sum(binpmf(n, P_AGREE, c_) * (1 - Pr(WIN, COND)), (c_, 0, n)), "The labels are i.i.d.: $C$ is binomial.",
             by=Rewrite(P.AGREEING_COUNT, {P._ki: c_})),
        Step("=", body(P_AGREE, Pr(Lost(jstar), COND), Pr(Lost(jo), COND)),
             "Given the labels the duels are independent; the $K - 2$ policies other than $j^\\star$ are alike.",
             by=Rewrite(P.DUELS_GIVEN_LABELS, {P._ki: c_})),
        Step("=", body(P_AGREE, LOST_T, Pr(Lost(jo), COND)), "The duel against $j^\\star$: separating labels among the agreeing and the disagreeing ones.",
             by=Rewrite(P.TARGET_GIVEN_COUNT, {P._ki: c_})),
        Step("=", body(P_AGREE, LOST_T, LOST_O), "The duel against any other policy: it separates with probability $d$ on every label.",
             by=Rewrite(P.OTHER_GIVEN_COUNT, {P._ki: c_})),
        Step("=", body(QC, Pr(sp.Le(Bin(c_, R1), Bin(n - c_, R2), evaluate=False)), LOST_O),
             "One label's model gives the probability of agreeing, and Bayes' rule the separation of $j^\\star$ given agreement.",
             by=Model(P.LABEL_RACE)),
        Step("=", body(QC, le_sum(c_, R1, n - c_, R2), LOST_O), "Compare the two independent binomial counts (against $j^\\star$).",
             by=Rewrite(P.BINOMIALS_COMPARED, {P._N: c_, P._pp: R1, P._N2: n - c_, P._p2: R2, P._xi: x_, P._yi: y_})),
        Step("=", body(QC, le_sum(c_, R1, n - c_, R2), le_sum(c_, d, n - c_, d)), "The same for the other policies.",
             by=Rewrite(P.BINOMIALS_COMPARED, {P._N: c_, P._pp: d, P._N2: n - c_, P._p2: d, P._xi: x_, P._yi: y_})),
    ],
    subs=[(P_race(n, K, d, (1 - alpha) * (1 - eps)), delta)],
    symbols=[(q, "probability that a label is honest and correct, $(1-\\alpha)(1-\\varepsilon)$")],
)
