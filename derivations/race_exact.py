r"""`race.exact`: the exact probability of losing the race under independent separation."""
from __future__ import annotations

import sympy as sp

from bounds.proof import Cite, Define, Derivation, Instance, Model, Pr, Quantity, Rewrite, Step, Substitute

from . import _premises as P
from ._notation import (
    DOMAIN, LOSE, WIN, Agree, Bin, C, K, L, Lost, P_race, SepT, alpha, binpmf, c_, d, delta, eps, jo, jstar, n, q, x_, y_,
)

# abbreviations shown on the page (the checker substitutes their definitions)
p_a = Quantity("p_agree", r"p_{\mathrm{a}}")
r_1 = Quantity("r_1", r"r_{1}")
r_2 = Quantity("r_2", r"r_{2}")
G_c = Quantity("G_c", r"G_{c}")
H_c = Quantity("H_c", r"H_{c}")


def le_sum(N1, p1, N2, p2):
    """P(Bin(N1, p1) <= Bin(N2, p2)) as the double sum bounds.model writes."""
    return sp.Sum(binpmf(N2, p2, y_) * sp.Sum(binpmf(N1, p1, x_), (x_, 0, y_)), (y_, 0, N2))


COND = sp.Eq(C, c_)
P_AGREE = Pr(sp.Eq(Agree(L), 1))
P_SEP_AGREE = Pr(sp.Eq(SepT(L), 1), sp.Eq(Agree(L), 1))
P_SEP_DISAGREE = Pr(sp.Eq(SepT(L), 1), sp.Eq(Agree(L), 0))
LOST_T = Pr(Lost(jstar), COND)
LOST_O = Pr(Lost(jo), COND)

DERIVATION = Derivation(
    "race.exact",
    "Exact probability of losing the race (independent separation)",
    summary=(
        "Condition on the number $C$ of labels that agree with the aligned policy. Given $C = c$ the $K - 1$ "
        "duels are independent (independent separation). Against another unaligned policy $j'$ the aligned "
        "policy gains on the agreeing labels where $j'$ differs and loses on the disagreeing ones, two "
        "independent binomial counts. Against the adversary's target $j^\\star$ the separation probabilities "
        "differ between agreeing and disagreeing labels, and one label's model gives them. The abbreviations "
        "below keep the lines short; the last line, with them substituted, is the sum `bounds._exact` "
        "evaluates (in log space, for large $K$)."
    ),
    domain={**DOMAIN, c_: sp.Interval(0, n)},
    integers=[n, K, c_],
    assumptions=[P.IID, P.COUNTS, P.INDEPENDENT_SEPARATION, P.TARGETED_ADVERSARY],
    premises=[P.RACE_EXACT_LOSS, P.LABEL_RACE, P.AGREEING_COUNT, P.DUELS_GIVEN_LABELS, P.TARGET_GIVEN_COUNT, P.OTHER_GIVEN_COUNT],
    steps=[
        Define(q, (1 - alpha) * (1 - eps), "Probability that a label is honest and correct.", fact=sp.Ge(q, 0, evaluate=False)),
        Define(p_a, q + alpha * (1 - d), "Abbreviation: the probability that a label agrees with the aligned policy (step 7)."),
        Define(r_1, q * d / p_a, "Abbreviation: the probability that $j^\\star$ separates, given that the label agrees (step 8)."),
        Define(r_2, d * (1 - q) / (1 - p_a), "Abbreviation: the same, given that the label disagrees (step 9)."),
        Define(G_c, le_sum(c_, r_1, n - c_, r_2), "Abbreviation: the probability that $j^\\star$ is not beaten given $C = c$ (step 14)."),
        Define(H_c, le_sum(c_, d, n - c_, d), "Abbreviation: the same for any other unaligned policy (step 16)."),
        # one label
        Step("=", p_a, "One label's model: honest and correct, or adversarial where $j^\\star$ agrees with the aligned policy.",
             by=Model(P.LABEL_RACE), lhs=P_AGREE),
        Step("=", r_1, "Bayes' rule in one label's model.", by=Model(P.LABEL_RACE), lhs=P_SEP_AGREE),
        Step("=", r_2, "Bayes' rule in one label's model.", by=Model(P.LABEL_RACE), lhs=P_SEP_DISAGREE),
        # the law of C and the two kinds of duel, given C = c
        Step("=", binpmf(n, P_AGREE, c_), "The labels are i.i.d.: $C$ is binomial.",
             by=Instance(P.AGREEING_COUNT, {P.var.k: c_}), lhs=Pr(COND)),
        Step("=", binpmf(n, p_a, c_), "With the probability of agreeing from step 7.", by=Substitute()),
        Step("=", Pr(sp.Le(Bin(c_, P_SEP_AGREE), Bin(n - c_, P_SEP_DISAGREE), evaluate=False)),
             "The duel against $j^\\star$: it gains where the label disagrees and it separates, loses where the label agrees and it separates.",
             by=Instance(P.TARGET_GIVEN_COUNT, {P.var.k: c_}), lhs=LOST_T),
        Step("=", Pr(sp.Le(Bin(c_, r_1), Bin(n - c_, r_2), evaluate=False)), "With the separation probabilities of steps 8 and 9.",
             by=Substitute()),
        Step("=", G_c, "Compare the two independent binomial counts.",
             by=Rewrite(P.BINOMIALS_COMPARED, {P.var.N: c_, P.var.p: r_1, P.var.N2: n - c_, P.var.p2: r_2, P.var.x_count: x_, P.var.y_count: y_})),
        Step("=", Pr(sp.Le(Bin(c_, d), Bin(n - c_, d), evaluate=False)),
             "Any other unaligned policy separates on each label with probability $d$, whatever the label.",
             by=Instance(P.OTHER_GIVEN_COUNT, {P.var.k: c_}), lhs=LOST_O),
        Step("=", H_c, "Compare the two independent binomial counts.",
             by=Rewrite(P.BINOMIALS_COMPARED, {P.var.N: c_, P.var.p: d, P.var.N2: n - c_, P.var.p2: d, P.var.x_count: x_, P.var.y_count: y_})),
        # the race
        Step("=", Pr(LOSE), "The race is lost unless the aligned policy beats every unaligned policy.",
             by=Cite(P.RACE_EXACT_LOSS), lhs=P_race(n, K, d, q)),
        Step("=", sp.Sum(Pr(COND) * Pr(LOSE, COND), (c_, 0, n)), "Condition on the number $C$ of labels agreeing with the aligned policy.",
             by=Instance(P.TOTAL_PROBABILITY, {P.var.A: LOSE, P.var.X: C, P.var.k: c_})),
        Step("=", sp.Sum(Pr(COND) * (1 - Pr(WIN, COND)), (c_, 0, n)), "Losing is not winning.",
             by=Rewrite(P.LOSE_IS_NOT_WIN, {P.var.B: COND})),
        Step("=", sp.Sum(Pr(COND) * (1 - (1 - LOST_T) * (1 - LOST_O) ** (K - 2)), (c_, 0, n)),
             "Given the labels the duels are independent; the $K - 2$ policies other than $j^\\star$ are alike.",
             by=Rewrite(P.DUELS_GIVEN_LABELS, {P.var.k: c_})),
        Step("=", sp.Sum(binpmf(n, p_a, c_) * (1 - (1 - G_c) * (1 - H_c) ** (K - 2)), (c_, 0, n)),
             "With the law of $C$ (step 11) and the two duels (steps 14 and 16).", by=Substitute()),
    ],
    subs=[(P_race(n, K, d, (1 - alpha) * (1 - eps)), delta)],
    symbols=[
        (q, "probability that a label is honest and correct"),
        (C, "number of labels that agree with the aligned policy"),
        (jstar, "the unaligned policy the adversary votes for; $j'$ any other"),
    ],
)
