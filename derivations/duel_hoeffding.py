r"""`duel.hoeffding`: Hoeffding's bound on losing the duel."""
from __future__ import annotations

import sympy as sp

from bounds.proof import E, Case, Cite, Derivation, Event, Instance, Model, Pr, Step

from . import _premises as P
from ._notation import DOMAIN, HALF, QD, WHERE_QD, S, Z, Q_dec, d, delta, n, q, P_lose

with sp.evaluate(False):
    READABLE = sp.Le(delta, sp.Piecewise((sp.exp(-n * d**2 * (2 * Q_dec - 1) ** 2 / 2), Q_dec > HALF), (1, True)))

MU = d * (2 * q - 1)
BOUND = sp.exp(-n * d**2 * (2 * q - 1) ** 2 / 2)

DERIVATION = Derivation(
    "duel.hoeffding",
    "Hoeffding bound on losing the duel",
    summary=(
        "Each label's evidence $Z_i \\in \\{-1, 0, +1\\}$ lies between $-1$ and $+1$; its mean is computed "
        "from the model in step (1). The duel is lost when the sum of the evidence falls $n$ times that mean "
        "below its expectation, an event Hoeffding's inequality bounds. Weaker than the Chernoff bound (it uses "
        "only the range of the evidence), but simpler. Without a margin the bound is the trivial one."
    ),
    domain=DOMAIN,
    integers=[n],
    assumptions=[P.IID, P.ADVERSARY, P.SYSTEMATIC],
    premises=[P.LABEL, P.DUEL_LOSS],
    cases=[
        Case(q > HALF, [
            Step("=", MU, "The mean evidence of a label: $dq - d(1-q)$.", by=Model(P.LABEL), lhs=E(Z[1])),
            Step("=", 0, "Evidence is never below $-1$ ...", by=Model(P.LABEL), lhs=Pr(Z[1] < -1)),
            Step("=", 0, "... nor above $+1$.", by=Model(P.LABEL), lhs=Pr(Z[1] > 1)),
            Step("=", Pr(S <= 0), "The aligned policy loses when the evidence sum is at most 0 (ties lose).",
                 by=Cite(P.DUEL_LOSS), lhs=P_lose(n, d, q)),
            Step("=", Pr(sp.Le(S - n * MU, -n * MU, evaluate=False)), "Subtract the expected evidence of the $n$ labels on both sides.", by=Event()),
            Step("<=", BOUND, "Hoeffding's inequality for labels with values in $[-1, 1]$, at a nonnegative deviation.",
                 by=Instance(P.HOEFFDING, {P.var.Xs: Z, P.var.a: -1, P.var.b: 1, P.var.mu: MU, P.var.s: MU})),
        ], title="A margin"),
        Case(True, [
            Step("=", Pr(S <= 0), "The aligned policy loses when the evidence sum is at most 0.", by=Cite(P.DUEL_LOSS), lhs=P_lose(n, d, q)),
            Step("<=", 1, "A probability is at most 1.", by=Instance(P.PROB_AT_MOST_ONE, {P.var.A: S <= 0})),
        ], title="No margin"),
    ],
    subs=[(P_lose(n, d, q), delta), (q, QD)],
    readable=READABLE,
    where=WHERE_QD,
    symbols=[(q, "probability that a separating label favours the aligned policy: $q = q_{\\mathrm{dec}} = (1-\\alpha)((1-s)(1-\\varepsilon) + s\\,q_{\\mathrm{hard}})$, which is $q_\\alpha = (1-\\alpha)(1-\\varepsilon)$ without systematic error ($s = 0$)")],
)
