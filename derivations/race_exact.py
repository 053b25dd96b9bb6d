r"""`race.exact`: the exact probability of losing the race on the independent-separation class."""
from __future__ import annotations

import sympy as sp

from bounds.proof import Define, Derivation, Instance, Model, Pr, Quantity, Rewrite, Step, Substitute
from bounds.quantities import symbolic

from . import _premises as P
from ._notation import (
    DOMAIN, LOSE, QA, WHERE_QA, WHERE_QD, WIN, Agree, Bin, C, K, K_dec, L, Lost, Q_alpha, Q_c, Q_dec, SepDec, SepOrd, alpha,
    binpmf, c_, d, delta, eps, j_dec, j_ord, n, q_hard, s, x_, y_,
)

#: q_dec in the vocabulary's symbols (systematic error on a share s of a deceptive policy's separating queries).
QD = symbolic("q_dec")

# abbreviations shown on the page (the checker substitutes their definitions)
r_1a = Quantity("r_1alpha", r"r_{1}")
r_2a = Quantity("r_2alpha", r"r_{2}")
r_1d = Quantity("r_1dec", r"r_{1}'")
r_2d = Quantity("r_2dec", r"r_{2}'")
G_a = Quantity("G_alpha", r"G(c)")
G_d = Quantity("G_dec", r"G_{\mathrm{dec}}(c)")


def le_sum(N1, p1, N2, p2):
    """P(Bin(N1, p1) <= Bin(N2, p2)) as the double sum the catalogue writes."""
    return sp.Sum(binpmf(N2, p2, y_) * sp.Sum(binpmf(N1, p1, x_), (x_, 0, y_)), (y_, 0, N2))


# the clipping of 1 - q_c into the admissible range: 1 - q_c = Min(Max(X, LO), HI)
A, B = 1 - Q_alpha, 1 - Q_dec
X = (1 - d) * A + d * B
LO = d * sp.Max(A, B)
HI = 1 - d * (1 - sp.Min(A, B))
MX = sp.Max(X, LO)
QBAR_C = sp.Min(MX, HI)
#: The hypotheses of the theorem: an admissible q_c exists, and a label can disagree with the aligned policy.
GIVEN_ADMISSIBLE = sp.Le(LO, HI)
GIVEN_SOME_ERROR = sp.Gt(sp.Max(A, B), 0)

COND = sp.Eq(C, c_)


def _le_sum_text(N1, p1, N2, p2):
    """`le_sum` in a textbook's order (unevaluated)."""
    with sp.evaluate(False):
        return sp.Sum(sp.binomial(N2, y_) * p2**y_ * (1 - p2) ** (N2 - y_)
                      * sp.Sum(sp.binomial(N1, x_) * p1**x_ * (1 - p1) ** (N1 - x_), (x_, 0, y_)), (y_, 0, N2))


with sp.evaluate(False):
    READABLE = sp.Eq(delta, sp.Sum(sp.binomial(n, c_) * Q_c**c_ * (1 - Q_c) ** (n - c_)
                                   * (1 - (1 - G_d) ** K_dec * (1 - G_a) ** (K - 1 - K_dec)), (c_, 0, n)))
    WHERE = [
        (G_a, _le_sum_text(c_, r_1a, n - c_, r_2a)), (G_d, _le_sum_text(c_, r_1d, n - c_, r_2d)),
        (r_1a, d * Q_alpha / Q_c), (r_2a, d * (1 - Q_alpha) / (1 - Q_c)),
        (r_1d, d * Q_dec / Q_c), (r_2d, d * (1 - Q_dec) / (1 - Q_c)),
        (Q_c, 1 - QBAR_C), *WHERE_QA, *WHERE_QD,
    ]
AG, DIS = sp.Eq(Agree(L), 1), sp.Eq(Agree(L), 0)


def sep(f):
    return sp.Eq(f(L), 1)


def admissible(qj, which):
    """Two chains: q_c >= d q_j and 1 - q_c >= d (1 - q_j) (the model's probabilities are >= 0)."""
    return [
        Step("=", 1 - QBAR_C - d * qj, f"The definition of $q_c$ ({which}).", lhs=Q_c - d * qj),
        Step(">=", 1 - HI - d * qj, "The clipped value is at most its upper end.",
             by=Instance(P.MIN_BELOW, {P.var.a: HI, P.var.b: MX})),
        Step("=", d * (1 - qj - sp.Min(A, B)), "Algebra."),
        Step(">=", 0, f"The minimum is at most ${sp.latex(1 - qj)}$."),
        Step("=", QBAR_C - d * (1 - qj), f"The definition of $q_c$ ({which}).", lhs=1 - Q_c - d * (1 - qj)),
        Step(">=", LO - d * (1 - qj), "The clipped value is at least its lower end, which is below the upper end (given).",
             by=Instance(P.MIN_UPPER, {P.var.a: LO, P.var.b: MX, P.var.c: HI})),
        Step("=", d * (sp.Max(A, B) - (1 - qj)), "Algebra."),
        Step(">=", 0, f"The maximum is at least ${sp.latex(1 - qj)}$."),
    ]


def duel(j, f, r1, r2, G, which):
    """The duel against policy j given C = c, down to the double sum G."""
    return [
        Step("=", Pr(sp.Le(Bin(c_, Pr(sep(f), AG)), Bin(n - c_, Pr(sep(f), DIS)), evaluate=False)),
             f"The duel against {which} given $C = c$: the aligned policy gains on the agreeing labels where it "
             "separates, loses on the disagreeing ones where it separates; two independent binomial counts.",
             by=Instance(P.DUEL_GIVEN_COUNT, {P.var.j: j, P.var.sep: f, P.var.k: c_}), lhs=Pr(Lost(j), COND)),
        Step("=", Pr(sp.Le(Bin(c_, r1), Bin(n - c_, r2), evaluate=False)), "With the separation probabilities computed above.",
             by=Substitute()),
        Step("=", G, "Compare the two independent binomial counts.",
             by=Rewrite(P.BINOMIALS_COMPARED, {P.var.N: c_, P.var.p: r1, P.var.N2: n - c_, P.var.p2: r2, P.var.x_count: x_,
                                               P.var.y_count: y_})),
    ]


DERIVATION = Derivation(
    "race.exact",
    "Exact probability of losing the race (independent separation)",
    summary=(
        "The exact value holds on the *independent-separation class*, which the latent-correctness model defines: "
        "each label, independently, agrees with the aligned policy with probability $q_c$; given whether it "
        "agrees, every unaligned policy separates from the aligned one independently of the others, with the "
        "duel's marginals (separated with probability $d$, a separating label favouring the aligned policy with "
        "probability $q_\\alpha$, or $q_{\\mathrm{dec}}$ for the $K_{\\mathrm{dec}}$ deceptive policies). This "
        "model is a premise (the definition of the class), not a consequence of the duel model: other classes "
        "with the same duels lose the race with other probabilities. Any $q_c$ that keeps the conditional "
        "separation probabilities in $[0, 1]$ defines such a class; the bound takes $(1-d)\\,q_\\alpha + "
        "d\\,q_{\\mathrm{dec}}$ moved into that range (just $q_\\alpha$ without systematic error), which exists "
        "when $d \\max(1-q_\\alpha, 1-q_{\\mathrm{dec}}) \\le 1 - d \\max(q_\\alpha, q_{\\mathrm{dec}})$ (given; "
        "the bound refuses other points), and a label can disagree ($\\max(1-q_\\alpha, 1-q_{\\mathrm{dec}}) > 0$, "
        "given). Here $q_\\alpha$ and $q_{\\mathrm{dec}}$ are parameters; the stated substitutions at the end "
        "put in the bound's values $q_\\alpha = (1-\\alpha)(1-\\varepsilon)$ (honest raters err with probability "
        "$\\varepsilon$, the adversary's labels always go against the aligned policy) and $q_{\\mathrm{dec}} = "
        "(1-\\alpha)((1-s)(1-\\varepsilon) + s\\,q_{\\mathrm{hard}})$. The first chains show that the model's "
        "probabilities are nonnegative. Then condition on the number $C$ of agreeing labels: given which labels "
        "agree the $K - 1$ duels are independent (ties lose), each a comparison of two independent binomial counts "
        "whose parameters one label's model gives. The last line, with the abbreviations substituted, is the sum "
        "`bounds._exact` evaluates (in log space, for large $K$)."
    ),
    domain={**DOMAIN, Q_alpha: sp.Interval.Lopen(0, 1), Q_dec: sp.Interval(0, 1), c_: sp.Interval(0, n)},
    integers=[n, K, K_dec, c_],
    assumptions=[P.IID, P.COUNTS, P.LATENT_CORRECTNESS],
    given=[sp.Le(K_dec, K - 1), GIVEN_ADMISSIBLE, GIVEN_SOME_ERROR],
    premises=[P.LATENT_LABEL_ORDINARY, P.LATENT_LABEL_DECEPTIVE, P.AGREEING_COUNT, P.DUEL_GIVEN_COUNT, P.DUELS_GIVEN_COUNT],
    steps=[
        Define(Q_c, 1 - QBAR_C, "Probability that a label agrees with the aligned policy: $(1-d)\\,q_\\alpha + "
               "d\\,q_{\\mathrm{dec}}$, moved into the range where the model's probabilities are nonnegative."),
        # the admissible range
        Step("<=", A, "The minimum is at most each number.", by=Instance(P.MIN_BELOW, {P.var.a: A, P.var.b: B}),
             lhs=sp.Min(A, B)),
        Step("<=", B, "The minimum is at most each number.", by=Instance(P.MIN_BELOW, {P.var.a: B, P.var.b: A}),
             lhs=sp.Min(A, B)),
        Step(">=", A, "The maximum is at least each number.", by=Instance(P.MAX_ABOVE, {P.var.a: A, P.var.b: B}),
             lhs=sp.Max(A, B)),
        Step(">=", B, "The maximum is at least each number.", by=Instance(P.MAX_ABOVE, {P.var.a: B, P.var.b: A}),
             lhs=sp.Max(A, B)),
        Step(">=", LO, "The inner maximum is at least the lower end.", by=Instance(P.MAX_ABOVE, {P.var.a: LO, P.var.b: X}),
             lhs=MX),
        *admissible(Q_alpha, "ordinary policies"),
        *admissible(Q_dec, "deceptive policies"),
        # one label
        Step("=", Q_c, "One label's model: it agrees with the aligned policy with probability $q_c$.",
             by=Model(P.LATENT_LABEL_ORDINARY), lhs=Pr(AG)),
        Step("=", d, "An ordinary policy is separated with probability $d$, as in the duel ...",
             by=Model(P.LATENT_LABEL_ORDINARY), lhs=Pr(sep(SepOrd))),
        Step("=", Q_alpha, "... and a separating label favours the aligned policy with probability $q_\\alpha$.",
             by=Model(P.LATENT_LABEL_ORDINARY), lhs=Pr(AG, sep(SepOrd))),
        Step("=", d, "A deceptive policy is separated with probability $d$ ...",
             by=Model(P.LATENT_LABEL_DECEPTIVE), lhs=Pr(sep(SepDec))),
        Step("=", Q_dec, "... and a separating label favours the aligned policy with probability $q_{\\mathrm{dec}}$.",
             by=Model(P.LATENT_LABEL_DECEPTIVE), lhs=Pr(AG, sep(SepDec))),
        Define(r_1a, d * Q_alpha / Q_c, "Abbreviation: an ordinary policy's separation probability on an agreeing label."),
        Define(r_2a, d * (1 - Q_alpha) / (1 - Q_c), "Abbreviation: the same on a disagreeing label."),
        Define(r_1d, d * Q_dec / Q_c, "Abbreviation: a deceptive policy's separation probability on an agreeing label."),
        Define(r_2d, d * (1 - Q_dec) / (1 - Q_c), "Abbreviation: the same on a disagreeing label."),
        Step("=", r_1a, "Bayes' rule in one label's model.", by=Model(P.LATENT_LABEL_ORDINARY), lhs=Pr(sep(SepOrd), AG)),
        Step("=", r_2a, "Bayes' rule in one label's model.", by=Model(P.LATENT_LABEL_ORDINARY), lhs=Pr(sep(SepOrd), DIS)),
        Step("=", r_1d, "Bayes' rule in one label's model.", by=Model(P.LATENT_LABEL_DECEPTIVE), lhs=Pr(sep(SepDec), AG)),
        Step("=", r_2d, "Bayes' rule in one label's model.", by=Model(P.LATENT_LABEL_DECEPTIVE), lhs=Pr(sep(SepDec), DIS)),
        # the law of C and the two kinds of duel, given C = c
        Step("=", binpmf(n, Pr(AG), c_), "The labels are i.i.d.: $C$ is binomial.",
             by=Instance(P.AGREEING_COUNT, {P.var.k: c_}), lhs=Pr(COND)),
        Step("=", binpmf(n, Q_c, c_), "With the probability of agreeing computed above.", by=Substitute()),
        Define(G_a, le_sum(c_, r_1a, n - c_, r_2a), "Abbreviation: the probability that an ordinary policy is not beaten given $C = c$."),
        Define(G_d, le_sum(c_, r_1d, n - c_, r_2d), "Abbreviation: the same for a deceptive policy."),
        *duel(j_ord, SepOrd, r_1a, r_2a, G_a, "an ordinary policy $j_\\alpha$"),
        *duel(j_dec, SepDec, r_1d, r_2d, G_d, "a deceptive policy $j_{\\mathrm{dec}}$"),
        # the race
        Step("=", sp.Sum(Pr(COND) * Pr(LOSE, COND), (c_, 0, n)), "Condition on the number $C$ of labels agreeing with the aligned policy.",
             by=Instance(P.TOTAL_PROBABILITY, {P.var.A: LOSE, P.var.X: C, P.var.k: c_}), lhs=Pr(LOSE)),
        Step("=", sp.Sum(Pr(COND) * (1 - Pr(WIN, COND)), (c_, 0, n)), "Losing is not winning.",
             by=Rewrite(P.LOSE_IS_NOT_WIN, {P.var.B: COND})),
        Step("=", sp.Sum(Pr(COND) * (1 - (1 - Pr(Lost(j_dec), COND)) ** K_dec * (1 - Pr(Lost(j_ord), COND)) ** (K - 1 - K_dec)),
                         (c_, 0, n)),
             "The aligned policy wins when it beats every unaligned policy; given the agreeing labels the duels are "
             "independent, the $K_{\\mathrm{dec}}$ deceptive policies alike and the $K - 1 - K_{\\mathrm{dec}}$ ordinary ones alike.",
             by=Rewrite(P.DUELS_GIVEN_COUNT, {P.var.k: c_})),
        Step("=", sp.Sum(binpmf(n, Q_c, c_) * (1 - (1 - G_d) ** K_dec * (1 - G_a) ** (K - 1 - K_dec)), (c_, 0, n)),
             "With the law of $C$ and the two kinds of duel.", by=Substitute()),
    ],
    subs=[(Pr(LOSE), delta), (Q_alpha, QA), (Q_dec, QD)],
    readable=READABLE,
    where=WHERE,
    symbols=[
        (Q_alpha, "probability that a separating label favours the aligned policy over an ordinary unaligned one"),
        (Q_dec, "the same against a deceptive unaligned policy (systematic error)"),
        (Q_c, "probability that a label agrees with the aligned policy (the latent variable)"),
        (C, "number of labels that agree with the aligned policy"),
        (j_ord, "an ordinary unaligned policy; $j_{\\mathrm{dec}}$ a deceptive one"),
        (L, "one label's outcome in the latent-correctness model"),
        (alpha, "fraction of labels written by the adversary (always against the aligned policy)"),
        (eps, "honest raters' error rate"),
        (s, "share of a deceptive policy's separating queries that are hard"),
        (q_hard, "probability that raters are right on a hard query"),
        (K_dec, "number of deceptive unaligned policies"),
    ],
)
