r"""`duel.chernoff`: Chernoff's bound on losing the duel, at the optimal exponent."""
from __future__ import annotations

import sympy as sp

from bounds.derive import E, Case, Cite, Define, Derivation, Instance, Model, Pr, Split, Step
from bounds.measures import Bhattacharyya

from . import _premises as P
from ._notation import DOMAIN, HALF, QA, S, Z, d, delta, i, lam, n, q, P_lose

BOUND_BASE = 1 - d * (1 - Bhattacharyya(q, 1 - q))

with sp.evaluate(False):
    _MGF_DISPLAY = d * q * sp.exp(-lam) + (1 - d) + d * (1 - q) * sp.exp(lam)
    _SQRT_DISPLAY = (1 - d + 2 * d * sp.sqrt(q * (1 - q))) ** n

DERIVATION = Derivation(
    "duel.chernoff",
    "Chernoff bound on losing the duel",
    summary=(
        "The aligned policy loses the duel when the evidence $S_n = Z_1 + \\dots + Z_n$ is at most 0. "
        "Markov's inequality applied to $e^{-\\lambda S_n}$ and independence give "
        "$P(S_n \\le 0) \\le (\\mathbb{E}\\, e^{-\\lambda Z})^n$ for every $\\lambda > 0$; the exponent "
        "$\\lambda^\\star = \\tfrac12 \\ln\\frac{q}{1-q}$ minimises the moment generating function and "
        "turns it into $1 - d(1 - \\mathrm{BC}(q, 1-q))$, where $\\mathrm{BC}$ is the Bhattacharyya "
        "coefficient. At $q = 1$ the optimal exponent is infinite and the probability is computed "
        "directly; for $q \\le 1/2$ there is no margin and the bound is the trivial 1."
    ),
    domain=DOMAIN,
    integers=[n],
    assumptions=[P.IID, P.ADVERSARY],
    premises=[P.LABEL, P.DUEL_LOSS],
    cases=[
        Case(q > HALF, [
            Split([
                Case(q < 1, [
                    Step("=", Pr(S <= 0), "The aligned policy loses when the evidence sum is at most 0 (ties lose).",
                         by=Cite(P.DUEL_LOSS), lhs=P_lose(n, d, q)),
                    Define(lam, sp.log(q / (1 - q)) / 2, "The exponent that will minimise the bound; positive because $q > 1/2$.",
                           fact="positive"),
                    Step("=", Pr(sp.exp(-lam * S) >= 1), "$s \\mapsto e^{-\\lambda^\\star s}$ is strictly decreasing, so the events are the same.",
                         by=Instance(P.DECREASING_EVENT, {P._X: S, P._a: 0, P._g: sp.Lambda(P._x, sp.exp(-lam * P._x))})),
                    Step("<=", E(sp.exp(-lam * S)), "Markov's inequality for the nonnegative variable $e^{-\\lambda^\\star S_n}$ at level 1.",
                         by=Instance(P.MARKOV, {P._X: sp.exp(-lam * S), P._a: 1})),
                    Step("=", E(sp.exp(-lam * Z[1])) ** n, "The labels are i.i.d., so the moment generating function of the sum is the $n$-th power of one label's.",
                         by=Instance(P.IID_MGF, {P._Xs: Z, P._t: -lam})),
                    Step("=", (d * q * sp.exp(-lam) + 1 - d + d * (1 - q) * sp.exp(lam)) ** n,
                         "One label's evidence is $+1$, $0$, $-1$ with probabilities $dq$, $1-d$, $d(1-q)$.",
                         by=Model(P.LABEL), display=_MGF_DISPLAY ** n),
                    Step("=", (1 - d + 2 * d * sp.sqrt(q * (1 - q))) ** n,
                         "At $\\lambda^\\star$: $e^{\\mp\\lambda^\\star} = \\sqrt{(1-q)/q}^{\\,\\pm 1}$, so both separating terms equal $d\\sqrt{q(1-q)}$.",
                         display=_SQRT_DISPLAY),
                    Step("=", BOUND_BASE ** n, "$2\\sqrt{q(1-q)}$ is the Bhattacharyya coefficient of Bernoulli($q$) and Bernoulli($1-q$)."),
                ], title="The optimal exponent is finite"),
                Case(sp.Eq(q, 1), [
                    Step("=", 0, "At $q = 1$ no label favours the opponent.", by=Model(P.LABEL), lhs=Pr(Z[1] < 0)),
                    Step("=", Pr(S <= 0), "The aligned policy loses when the evidence sum is at most 0 (ties lose).",
                         by=Cite(P.DUEL_LOSS), lhs=P_lose(n, d, q)),
                    Step("=", Pr(Z[1] <= 0) ** n, "With nonnegative evidence, the sum is 0 only if every label is non-separating.",
                         by=Instance(P.NONNEG_SUM_ZERO, {P._Xs: Z})),
                    Step("=", (1 - d) ** n, "A label has no evidence with probability $1 - d$.", by=Model(P.LABEL)),
                    Step("=", BOUND_BASE ** n, "At $q = 1$ the Bhattacharyya coefficient is 0."),
                ], title="q = 1: every separating label favours the aligned policy"),
            ], "The optimal exponent is infinite at $q = 1$, so that end point is treated on its own."),
        ], title="A margin: q > 1/2"),
        Case(True, [
            Step("=", Pr(S <= 0), "The aligned policy loses when the evidence sum is at most 0.", by=Cite(P.DUEL_LOSS), lhs=P_lose(n, d, q)),
            Step("<=", 1, "A probability is at most 1.", by=Instance(P.PROB_AT_MOST_ONE, {P._A: S <= 0})),
        ], title="No margin: q <= 1/2"),
    ],
    subs=[(P_lose(n, d, q), delta), (q, QA)],
    symbols=[
        (q, "probability that a separating label favours the aligned policy; $q = (1-\\alpha)(1-\\varepsilon)$"),
        (S, "the evidence for the aligned policy after $n$ labels"),
    ],
)
