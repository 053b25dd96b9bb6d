r"""`two_point.bretagnolle_huber`: Le Cam's two-point method with the Bretagnolle–Huber inequality."""
from __future__ import annotations

import sympy as sp

from bounds.proof import KL, Case, Derivation, Instance, Model, Rewrite, Step
from bounds.measures import BernoulliKL

from . import _premises as P
from ._notation import DOMAIN, HALF, QA, WHERE_QA, A, Compl, Meas, P0, P1, Prod, Q_alpha, d, delta, n, q

E0 = Meas(Prod(P0, n), A)  # P_0^n(test says 1): error when candidate 0 is aligned
E1 = Meas(Prod(P1, n), Compl(A))  # P_1^n(test says 0): error when candidate 1 is aligned
KL_PAIR = d * BernoulliKL(q, 1 - q)

GIVEN = [sp.Le(E0, delta), sp.Le(E1, delta)]
SUMMARY_COMMON = (
    "Take two candidate policies that a query separates with probability $d$; either may be the aligned one. "
    "A learner (a test) that identifies the aligned one errs with probability at most $\\delta$ under both; "
    "$A$ is the event that it picks candidate 1, so its errors are $P_0^{\\otimes n}(A)$ and "
    "$P_1^{\\otimes n}(A^c)$. Any class of $K \\ge 2$ candidates contains such a pair, so the bound holds for "
    "every class. "
)


def two_point(id, title, summary, premise, inequality_rhs, final_rhs, premises_extra=()):
    """Two-point derivation shared by two_point.bretagnolle_huber and two_point.le_cam.

    `inequality_rhs(kl)`: the premise's lower bound on the mean error at divergence `kl`."""
    with sp.evaluate(False):
        readable = sp.Ge(delta, sp.Piecewise((inequality_rhs(n * d * BernoulliKL(Q_alpha, 1 - Q_alpha)), sp.Ne(Q_alpha, HALF)),
                                             (HALF, True)))
    kl_n = KL(Prod(P0, n), Prod(P1, n))
    return Derivation(
        id,
        title,
        summary=SUMMARY_COMMON + summary,
        domain=DOMAIN,
        integers=[n],
        assumptions=[P.IID, P.ADVERSARY],
        given=GIVEN,
        premises=[P.PAIR, premise, *premises_extra],
        cases=[
            Case(sp.Ne(q, HALF), [
                Step(">=", (E0 + E1) / 2, "Both errors are at most $\\delta$, so their mean is.",
                     by=Instance(P.MEAN_BELOW, {P.var.a: E0, P.var.b: E1, P.var.c: delta}), lhs=delta),
                Step(">=", inequality_rhs(kl_n), f"{premise.title} for the laws of the $n$ labels, halved.",
                     by=Instance(premise, {P.var.P: Prod(P0, n), P.var.Q: Prod(P1, n), P.var.A: A})),
                Step("=", inequality_rhs(n * KL(P0, P1)), "The labels are i.i.d.: the divergence of $n$ labels is $n$ times one label's.",
                     by=Rewrite(P.KL_TENSOR, {P.var.P: P0, P.var.Q: P1})),
                Step("=", final_rhs, "One label: a separating query gives Bernoulli($q$) against Bernoulli($1-q$); a non-separating one gives the same law under both candidates.",
                     by=Model(P.PAIR)),
            ], title="Informative labels ($q \\ne 1/2$)"),
            Case(True, [
                Step(">=", (E0 + E1) / 2, "Both errors are at most $\\delta$, so their mean is.",
                     by=Instance(P.MEAN_BELOW, {P.var.a: E0, P.var.b: E1, P.var.c: delta}), lhs=delta),
                Step("=", (E0 + Meas(Prod(P0, n), Compl(A))) / 2, "At $q = 1/2$ the labels are fair coins: both candidates give the same law.",
                     by=Rewrite(P.UNINFORMATIVE)),
                Step("=", HALF, "An event and its complement.", by=Rewrite(P.COMPLEMENT, {P.var.P: Prod(P0, n), P.var.A: A})),
            ], title="Fair coins ($q = 1/2$)"),
        ],
        subs=[(q, QA)],
        readable=readable,
        where=WHERE_QA,
        symbols=[
            (q, "probability that a separating label favours the aligned candidate; $q = q_\\alpha = (1-\\alpha)(1-\\varepsilon)$"),
            (delta, "the larger of the two error probabilities of the learner"),
        ],
    )


DERIVATION = two_point(
    "two_point.bretagnolle_huber",
    "Two-point (Le Cam) lower bound via Bretagnolle–Huber",
    (
        "The Bretagnolle–Huber inequality bounds the sum of the two errors from below through the KL divergence "
        "between the two laws of the $n$ labels, which is $n$ times one label's (steps 3 and 4). Without a "
        "margin the adversary can make the labels uninformative and no learner beats a coin flip."
    ),
    P.BRETAGNOLLE_HUBER,
    lambda kl: sp.exp(-kl) / 4,
    sp.exp(-n * KL_PAIR) / 4,
)
