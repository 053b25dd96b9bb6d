r"""`duel.two_point`: Le Cam's two-point bound for the generic objective, a lower bound on losing the duel."""
from __future__ import annotations

import sympy as sp

from bounds.proof import KL, Case, Cite, Derivation, Instance, Model, Rewrite, Step
from bounds.measures import BernoulliKL

from . import _premises as P
from ._notation import DOMAIN, HALF, QD, WHERE_QD, A, Compl, Meas, P0, P1, P_lose, Prod, Q_dec, d, delta, n, q

E0 = Meas(Prod(P0, n), A)  # candidate 0 aligned: the objective does not pick it
E1 = Meas(Prod(P1, n), Compl(A))  # candidate 1 aligned: the objective picks candidate 0
KL_N = KL(Prod(P0, n), Prod(P1, n))


def refined(kl):
    return (1 - sp.sqrt(1 - sp.exp(-kl))) / 2


with sp.evaluate(False):
    READABLE = sp.Ge(delta, sp.Piecewise(
        (HALF * (1 - sp.sqrt(1 - sp.exp(-n * d * BernoulliKL(Q_dec, 1 - Q_dec)))), Q_dec > HALF), (HALF, True)))


DERIVATION = Derivation(
    "duel.two_point",
    "Two-point lower bound on losing the duel, for the generic objective",
    summary=(
        "The generic objective (the policy with more agreeing labels wins, ties lose) treats the two policies "
        "alike, so it is a test between two hypotheses: candidate 0 is the aligned policy ($P_0$), or candidate 1 "
        "is ($P_1$). Its probability of losing is at least the mean of the two errors of the test that picks "
        "candidate 0 only on a strict win (step 1), and Le Cam's two-point method with the refined "
        "Bretagnolle–Huber inequality bounds that mean from below through the KL divergence of the $n$ labels. "
        "Unlike the Fano and two-point bounds of the catalogue, this speaks of one rule (the generic objective), "
        "not of every learner, and it holds at every separation $d$. Without a margin ($q \\le 1/2$, from "
        "adversaries or systematic error) the duel is lost at least half of the time."
    ),
    domain=DOMAIN,
    integers=[n],
    assumptions=[P.IID, P.ADVERSARY, P.SYSTEMATIC],
    premises=[P.GENERIC_TEST, P.BH_REFINED, P.KL_TENSOR, P.PAIR, P.NO_MARGIN_HALF],
    cases=[
        Case(q > HALF, [
            Step(">=", (E0 + E1) / 2, "The generic objective as a test between the two candidates: its loss is at least the mean of the two errors.",
                 by=Cite(P.GENERIC_TEST), lhs=P_lose(n, d, q)),
            Step(">=", refined(KL_N), "Bretagnolle–Huber, refined, for the laws of the $n$ labels, halved.",
                 by=Instance(P.BH_REFINED, {P.var.P: Prod(P0, n), P.var.Q: Prod(P1, n), P.var.A: A})),
            Step("=", refined(n * KL(P0, P1)), "The labels are i.i.d.: the divergence of $n$ labels is $n$ times one label's.",
                 by=Rewrite(P.KL_TENSOR, {P.var.P: P0, P.var.Q: P1})),
            Step("=", refined(n * d * BernoulliKL(q, 1 - q)),
                 "One label: a separating query gives Bernoulli($q$) against Bernoulli($1-q$); a non-separating one the same law under both.",
                 by=Model(P.PAIR)),
        ], title="A margin ($q > 1/2$)"),
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
