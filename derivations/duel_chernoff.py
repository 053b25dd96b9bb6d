r"""`duel.chernoff`: Chernoff's bound on losing the duel, at the optimal exponent."""
from __future__ import annotations

import sympy as sp

from bounds.proof import E, Case, Cite, Define, Derivation, Instance, Model, Pr, Split, Step
from bounds.measures import Bhattacharyya

from . import _premises as P
from ._notation import DOMAIN, HALF, QD, WHERE_QD, S, Z, Q_dec, d, delta, lam, n, q, P_lose

BOUND_BASE = 1 - d * (1 - Bhattacharyya(q, 1 - q))

with sp.evaluate(False):
    _MGF_DISPLAY = d * q * sp.exp(-lam) + (1 - d) + d * (1 - q) * sp.exp(lam)
    _SQRT_DISPLAY = (1 - d + 2 * d * sp.sqrt(q * (1 - q))) ** n
    READABLE = sp.Le(delta, sp.Piecewise(((1 - d * (1 - 2 * sp.sqrt(Q_dec * (1 - Q_dec)))) ** n, Q_dec > HALF),
                                         (1, True)))

DERIVATION = Derivation(
    "duel.chernoff",
    "Chernoff bound on losing the duel",
    summary=(
        "The aligned policy loses the duel when its evidence, the sum of the labels' evidence "
        "$Z_i \\in \\{-1, 0, +1\\}$, is at most zero (ties lose). Markov's inequality for "
        "$e^{-\\lambda S_n}$, independence and one label's distribution bound the probability of that event "
        "by the $n$-th power of one label's moment generating function; at the exponent $\\lambda^\\star$ "
        "that minimises it, that power is the bound, written with the Bhattacharyya coefficient "
        "$\\mathrm{BC}$ of the two label laws. Where every separating label favours the aligned policy the "
        "minimising exponent is infinite, so that end point is computed directly; without a margin the "
        "bound is the trivial one."
    ),
    domain=DOMAIN,
    integers=[n],
    assumptions=[P.IID, P.ADVERSARY, P.SYSTEMATIC],
    premises=[P.LABEL, P.DUEL_LOSS],
    cases=[
        Case(q > HALF, [
            Split([
                Case(q < 1, [
                    Step("=", Pr(S <= 0), "The aligned policy loses when the evidence sum is at most 0 (ties lose).",
                         by=Cite(P.DUEL_LOSS), lhs=P_lose(n, d, q)),
                    Define(lam, sp.log(q / (1 - q)) / 2, "The exponent that minimises the bound; positive because the case assumes a margin.",
                           fact="positive"),
                    Step("=", Pr(sp.exp(-lam * S) >= 1), "$s \\mapsto e^{-\\lambda^\\star s}$ is strictly decreasing, so the events are the same.",
                         by=Instance(P.DECREASING_EVENT, {P.var.X: S, P.var.a: 0, P.var.g: sp.Lambda(P.var.x, sp.exp(-lam * P.var.x))})),
                    Step("<=", E(sp.exp(-lam * S)), "Markov's inequality for the nonnegative variable $e^{-\\lambda^\\star S_n}$ at level 1.",
                         by=Instance(P.MARKOV, {P.var.X: sp.exp(-lam * S), P.var.a: 1})),
                    Step("=", E(sp.exp(-lam * Z[1])) ** n, "The labels are i.i.d., so the moment generating function of the sum is the $n$-th power of one label's.",
                         by=Instance(P.IID_MGF, {P.var.Xs: Z, P.var.t: -lam})),
                    Step("=", (d * q * sp.exp(-lam) + 1 - d + d * (1 - q) * sp.exp(lam)) ** n,
                         "One label's evidence takes the values $+1$, $0$, $-1$ with the probabilities of the model.",
                         by=Model(P.LABEL), display=_MGF_DISPLAY ** n),
                    Step("=", (1 - d + 2 * d * sp.sqrt(q * (1 - q))) ** n,
                         "Substitute $\\lambda^\\star$: the two separating terms become equal.",
                         display=_SQRT_DISPLAY),
                    Step("=", BOUND_BASE ** n, "The Bhattacharyya coefficient of Bernoulli($q$) and Bernoulli($1-q$)."),
                ], title="The optimal exponent is finite"),
                Case(sp.Eq(q, 1), [
                    Step("=", 0, "At this end point no label favours the opponent.", by=Model(P.LABEL), lhs=Pr(Z[1] < 0)),
                    Step("=", Pr(S <= 0), "The aligned policy loses when the evidence sum is at most 0 (ties lose).",
                         by=Cite(P.DUEL_LOSS), lhs=P_lose(n, d, q)),
                    Step("=", Pr(Z[1] <= 0) ** n, "With nonnegative evidence, the sum is 0 only if every label is non-separating.",
                         by=Instance(P.NONNEG_SUM_ZERO, {P.var.Xs: Z})),
                    Step("=", (1 - d) ** n, "A label has no evidence when its query does not separate the two policies.", by=Model(P.LABEL)),
                    Step("=", BOUND_BASE ** n, "At this end point the Bhattacharyya coefficient vanishes."),
                ], title="Every separating label favours the aligned policy"),
            ], "The minimising exponent is infinite at the end point where every separating label favours the aligned policy, so that end point is treated on its own."),
        ], title="A margin"),
        Case(True, [
            Step("=", Pr(S <= 0), "The aligned policy loses when the evidence sum is at most 0.", by=Cite(P.DUEL_LOSS), lhs=P_lose(n, d, q)),
            Step("<=", 1, "A probability is at most 1.", by=Instance(P.PROB_AT_MOST_ONE, {P.var.A: S <= 0})),
        ], title="No margin"),
    ],
    subs=[(P_lose(n, d, q), delta), (q, QD)],
    readable=READABLE,
    where=WHERE_QD,
    symbols=[
        (q, "probability that a separating label favours the aligned policy: $q = q_{\\mathrm{dec}} = (1-\\alpha)((1-s)(1-\\varepsilon) + s\\,q_{\\mathrm{hard}})$, which is $q_\\alpha = (1-\\alpha)(1-\\varepsilon)$ without systematic error ($s = 0$)"),
        (S, "the evidence for the aligned policy after $n$ labels"),
    ],
)
