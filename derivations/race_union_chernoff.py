r"""`race.union_chernoff`: the union bound over the K - 1 duels, each bounded by Chernoff."""
from __future__ import annotations

import sympy as sp

from bounds.proof import Case, Cite, Derivation, Instance, Monotone, Pr, Restate, Rewrite, Step
from bounds.measures import Bhattacharyya

from . import _premises as P
from . import duel_chernoff
from ._notation import (
    DOMAIN, HALF, QA, QD, WHERE_QA, WHERE_QD, K, K_dec, Cup, LostD, LostO, P_lose, P_race_s, Q_alpha, Q_dec, Union, d, dD,
    dO, delta, j, n, q, q_d, q_o,
)

DUEL = duel_chernoff.DERIVATION.lemma(0, id="duel.chernoff", title="Chernoff bound on losing the duel, with a margin")

x = sp.Symbol("x", real=True)
LOSE = P_race_s(n, K, K_dec, d, q_d, q_o)
GROUPS = {
    "deceptive": (LostD, dD, q_d, K_dec, P.DUEL_DEC),
    "ordinary": (LostO, dO, q_o, K - 1 - K_dec, P.DUEL_ORD),
}


def union_of(kind):
    lost, _, _, count, _ = GROUPS[kind]
    return Union(lost(j), j, 1, count)


def group_chain(kind, margin, duel_lemma, bound):
    """Pr(some policy of the group is not beaten) <= the group's term: count * bound(d, q) with a margin, count without."""
    lost, sep, qg, count, duel_premise = GROUPS[kind]
    U = union_of(kind)
    union = Step("<=", sp.Sum(Pr(lost(j)), (j, 1, count)), f"Union bound over the {kind} policies.",
                 by=Instance(P.UNION_BOUND, {P.var.event: lost, P.var.index: j, P.var.a: 1, P.var.b: count}), lhs=Pr(U))
    if not margin:
        return [
            Step("<=", 1, "A probability is at most 1.", by=Instance(P.PROB_AT_MOST_ONE, {P.var.A: lost(j)}), lhs=Pr(lost(j))),
            union,
            Step("<=", sp.Sum(1, (j, 1, count)), "Each term is at most 1.",
                 by=Instance(P.SUM_MONOTONE, {P.var.f: sp.Lambda(j, Pr(lost(j))), P.var.h: sp.Lambda(j, 1),
                                              P.var.index: j, P.var.a: 1, P.var.b: count})),
            Step("=", count, "Count the terms."),
        ]
    return [
        Step("<=", bound(sep[j], qg), f"The duel against the $j$-th {kind} policy, with its own separation, obeys the duel bound.",
             by=Instance(duel_lemma, {d: sep[j], q: qg}), lhs=P_lose(n, sep[j], qg)),
        Step("<=", bound(d, qg), "The duel bound decreases as the separation grows, and the separation is at least $d$.",
             by=Monotone(x, bound(x, qg), d, sep[j])),
        union,
        Step("=", sp.Sum(P_lose(n, sep[j], qg), (j, 1, count)), "Each term is a duel.", by=Rewrite(duel_premise)),
        Step("<=", sp.Sum(bound(d, qg), (j, 1, count)), "Bound each duel as above.",
             by=Instance(P.SUM_MONOTONE, {P.var.f: sp.Lambda(j, P_lose(n, sep[j], qg)), P.var.h: sp.Lambda(j, bound(d, qg)),
                                          P.var.index: j, P.var.a: 1, P.var.b: count})),
        Step("=", count * bound(d, qg), "Equal terms."),
    ]


def race_case(cond, title, margins, duel_lemma, bound):
    terms = {k: (GROUPS[k][3] * bound(d, GROUPS[k][2]) if m else GROUPS[k][3]) for k, m in margins.items()}
    U_dec, U_ord = union_of("deceptive"), union_of("ordinary")
    total = terms["deceptive"] + terms["ordinary"]
    return Case(cond, [
        *group_chain("deceptive", margins["deceptive"], duel_lemma, bound),
        *group_chain("ordinary", margins["ordinary"], duel_lemma, bound),
        Step("=", Pr(Cup(U_dec, U_ord)), "The race is lost when some unaligned policy is not beaten.", by=Cite(P.RACE_LOSS_GROUPS), lhs=LOSE),
        Step("<=", 1, "A probability is at most 1.", by=Instance(P.PROB_AT_MOST_ONE, {P.var.A: Cup(U_dec, U_ord)})),
        Step("=", Pr(Cup(U_dec, U_ord)), "The race is lost when some unaligned policy is not beaten.", by=Cite(P.RACE_LOSS_GROUPS), lhs=LOSE),
        Step("<=", Pr(U_dec) + Pr(U_ord), "Union bound for the two groups.", by=Instance(P.UNION_TWO, {P.var.A: U_dec, P.var.B: U_ord})),
        Step("<=", total, "Each group as above.",
             by=Instance(P.ADD_LE, {P.var.a: Pr(U_dec), P.var.b: terms["deceptive"], P.var.c: Pr(U_ord), P.var.e: terms["ordinary"]})),
        Restate(sp.Le(LOSE, sp.Min(1, total)), "Both bounds hold, so their minimum does.",
                by=Instance(P.MIN_UPPER, {P.var.a: LOSE, P.var.b: 1, P.var.c: total})),
    ], title=title)


TRIVIAL = Case(True, [
    Step("=", Pr(Cup(union_of("deceptive"), union_of("ordinary"))), "The race is lost when some unaligned policy is not beaten.",
         by=Cite(P.RACE_LOSS_GROUPS), lhs=LOSE),
    Step("<=", 1, "A probability is at most 1.", by=Instance(P.PROB_AT_MOST_ONE, {P.var.A: Cup(union_of("deceptive"), union_of("ordinary"))})),
], title="No margin against the deceptive policies")


#: The duel's bound as a function of the favour q (the readable forms' abbreviation B(q)).
B = sp.Function("B")


def union_readable(bound_text):
    """The union bound as a textbook writes it, with `B(q)` = `bound_text(q)` for q > 1/2 and 1 otherwise."""
    qv = sp.Symbol("q", nonnegative=True)
    with sp.evaluate(False):
        readable = sp.Le(delta, sp.Min(1, K_dec * B(Q_dec) + (K - 1 - K_dec) * B(Q_alpha)))
        b = sp.Lambda(qv, sp.Piecewise((bound_text(qv), qv > HALF), (1, True)))
    return {"readable": readable, "where": [(B, b), *WHERE_QD, *WHERE_QA]}


def union_derivation(id, title, summary, duel_lemma, bound, premises, four_cases=False, readable=None):
    """The race as a union of duels in two groups; shared by race.union_chernoff and race.union_hoeffding.

    `bound(sep, q)`: the duel bound with a margin at separation `sep` and favour `q`, non-increasing in `sep`;
    `four_cases`: treat "a margin against the ordinary policies only" and "no margin" as two cases, each with its
    chain (where the checker cannot show directly that the sum is at least 1 without a margin against the
    deceptive policies); otherwise one trivial case."""
    def piecewise(qg):
        return sp.Piecewise((bound(d, qg), qg > HALF), (1, True))

    return Derivation(
        id,
        title,
        summary=summary,
        domain={**DOMAIN, dD: sp.Interval(d, 1), dO: sp.Interval(d, 1)},
        integers=[n, K, K_dec],
        assumptions=[P.IID, P.ADVERSARY, P.SYSTEMATIC, P.GROUPS],
        given=[sp.Le(K_dec, K - 1)],
        premises=[P.RACE_LOSS_GROUPS, P.DUEL_DEC, P.DUEL_ORD, P.UNION_TWO, P.ADD_LE, *premises],
        cases=[
            race_case(sp.And(q_d > HALF, q_o > HALF), "A margin against both kinds of policy",
                      {"deceptive": True, "ordinary": True}, duel_lemma, bound),
            race_case(q_d > HALF, "A margin against the deceptive policies only",
                      {"deceptive": True, "ordinary": False}, duel_lemma, bound),
            *([race_case(q_o > HALF, "A margin against the ordinary policies only",
                         {"deceptive": False, "ordinary": True}, duel_lemma, bound),
               race_case(True, "No margin", {"deceptive": False, "ordinary": False}, duel_lemma, bound)]
              if four_cases else [TRIVIAL]),
        ],
        after=[
            Step("=", sp.Min(1, K_dec * piecewise(q_d) + (K - 1 - K_dec) * piecewise(q_o)),
                 "The cases in one formula, as the catalogue writes it (without a margin against the "
                 "$K_{\\mathrm{dec}} \\ge 1$ deceptive policies the sum is at least 1)."),
        ],
        subs=[(LOSE, delta), (q_d, QD), (q_o, QA)],
        **(readable or {}),
        symbols=[
            (q_d, "favour against a deceptive policy: $q_{\\mathrm{dec}} = (1-\\alpha)((1-s)(1-\\varepsilon) + s\\,q_{\\mathrm{hard}})$"),
            (q_o, "favour against an ordinary unaligned policy: $q_\\alpha = (1-\\alpha)(1-\\varepsilon)$"),
            (K_dec, "number of deceptive unaligned policies (those the systematic error favours)"),
        ],
    )


def _chernoff(sep, qg):
    return (1 - sep * (1 - Bhattacharyya(qg, 1 - qg))) ** n


DERIVATION = union_derivation(
    "race.union_chernoff",
    "Union over the K - 1 duels of the Chernoff bound",
    (
        "The aligned policy loses the race if it fails to beat at least one of the $K - 1$ unaligned policies: one "
        "of the $K_{\\mathrm{dec}}$ deceptive ones, against which a separating label favours it with probability "
        "$q_{\\mathrm{dec}}$, or one of the $K - 1 - K_{\\mathrm{dec}}$ ordinary ones ($q_\\alpha$). By the union "
        "bound the probability is at most the sum of the $K - 1$ duel probabilities, and each duel obeys the "
        "Chernoff bound of `duel.chernoff` with its own separation, at least $d$; the duel bound decreases with the "
        "separation, so every term is at most the duel bound at $d$. A group without a margin contributes at most "
        "1 per policy, so without a margin against the deceptive policies the bound is the trivial one. No independence between the duels is needed: the bound holds for any class whose unaligned "
        "policies are each separated with probability at least $d$."
    ),
    DUEL,
    _chernoff,
    [P.UNION_BOUND],
    four_cases=True,
    readable=union_readable(lambda qv: (1 - d * (1 - 2 * sp.sqrt(qv * (1 - qv)))) ** n),
)
