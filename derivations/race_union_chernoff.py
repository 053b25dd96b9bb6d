r"""`race.union_chernoff`: the union bound over the K - 1 duels, each bounded by Chernoff."""
from __future__ import annotations

import sympy as sp

from bounds.proof import Case, Cite, Derivation, Instance, Monotone, Pr, Restate, Rewrite, Step
from bounds.measures import Bhattacharyya

from . import _premises as P
from . import duel_chernoff
from ._notation import DOMAIN, HALF, QA, K, Lost, P_lose, P_race, Union, d, d_, delta, j, n, q, q_

DUEL = duel_chernoff.DERIVATION.lemma(0, id="duel.chernoff", title="Chernoff bound on losing the duel, with a margin")

x = sp.Symbol("x", real=True)
B = 1 - d * (1 - Bhattacharyya(q, 1 - q))
BJ = 1 - d_[j] * (1 - Bhattacharyya(q_[j], 1 - q_[j]))
LOST_ANY = Pr(Union(Lost(j), j, 2, K))


def union_derivation(id, title, summary, duel_lemma, bound_j, bound_d, bound_all, mono_d, mono_q, premises):
    """The race as a union of duels; shared by race.union_chernoff and race.union_hoeffding."""
    return Derivation(
        id,
        title,
        summary=summary,
        domain={**DOMAIN, d_: sp.Interval(d, 1), q_: sp.Interval(q, 1)},
        integers=[n, K],
        assumptions=[P.IID, P.ADVERSARY, P.OPPONENTS],
        premises=[P.RACE_LOSS, P.DUEL_J] + premises,
        cases=[
            Case(q > HALF, [
                Step("<=", bound_j, "The duel against policy $j$, with its own separation $d_j$ and favour $q_j$, obeys the duel bound.",
                     by=Instance(duel_lemma, {d: d_[j], q: q_[j]}), lhs=P_lose(n, d_[j], q_[j])),
                Step("<=", bound_d, "The duel bound decreases as the separation grows, and $d_j$ is at least $d$.", by=mono_d),
                Step("<=", bound_all, "It decreases as the favour grows beyond one half, and $q_j$ is at least $q$.", by=mono_q),
                Step("=", LOST_ANY, "The race is lost when some unaligned policy is not beaten.", by=Cite(P.RACE_LOSS), lhs=P_race(n, K, d, q)),
                Step("<=", 1, "A probability is at most 1.", by=Instance(P.PROB_AT_MOST_ONE, {P.var.A: Union(Lost(j), j, 2, K)})),
                Step("=", LOST_ANY, "The race is lost when some unaligned policy is not beaten.", by=Cite(P.RACE_LOSS), lhs=P_race(n, K, d, q)),
                Step("<=", sp.Sum(Pr(Lost(j)), (j, 2, K)), "Union bound over the $K - 1$ unaligned policies.",
                     by=Instance(P.UNION_BOUND, {P.var.event: Lost, P.var.index: j, P.var.a: 2, P.var.b: K})),
                Step("=", sp.Sum(P_lose(n, d_[j], q_[j]), (j, 2, K)), "Each term is a duel.", by=Rewrite(P.DUEL_J)),
                Step("<=", sp.Sum(bound_all, (j, 2, K)), "Bound each duel as above.",
                     by=Instance(P.SUM_MONOTONE, {P.var.f: sp.Lambda(j, P_lose(n, d_[j], q_[j])), P.var.h: sp.Lambda(j, bound_all),
                                                  P.var.index: j, P.var.a: 2, P.var.b: K})),
                Step("=", (K - 1) * bound_all, "$K - 1$ equal terms."),
                Restate(sp.Le(P_race(n, K, d, q), sp.Min(1, (K - 1) * bound_all)), "Both bounds hold, so their minimum does.",
                        by=Instance(P.MIN_UPPER, {P.var.a: P_race(n, K, d, q), P.var.b: 1, P.var.c: (K - 1) * bound_all})),
            ], title="A margin"),
            Case(True, [
                Step("=", LOST_ANY, "The race is lost when some unaligned policy is not beaten.", by=Cite(P.RACE_LOSS), lhs=P_race(n, K, d, q)),
                Step("<=", 1, "A probability is at most 1.", by=Instance(P.PROB_AT_MOST_ONE, {P.var.A: Union(Lost(j), j, 2, K)})),
            ], title="No margin"),
        ],
        after=[
            Step("=", sp.Min(1, (K - 1) * sp.Piecewise((bound_all, q > HALF), (1, True))),
                 "The same relation, written as the catalogue writes it (the forms agree because there are at least two policies)."),
        ],
        subs=[(P_race(n, K, d, q), delta), (q, QA)],
        symbols=[(q, "favour against the adversary's target: $q = (1-\\alpha)(1-\\varepsilon)$; every other opponent has $q_j \\ge q$")],
    )


DERIVATION = union_derivation(
    "race.union_chernoff",
    "Union over the K - 1 duels of the Chernoff bound",
    (
        "The aligned policy loses the race if it fails to beat at least one of the $K - 1$ unaligned policies. "
        "By the union bound the probability is at most the sum of the $K - 1$ duel probabilities, and each duel "
        "obeys the Chernoff bound of `duel.chernoff` with its own separation $d_j$ and favour $q_j$, at least $d$ "
        "and $q$; the duel bound decreases in both, so every term is at most the duel bound at $(d, q)$. No "
        "independence between the duels is needed: the bound holds for any class whose unaligned policies are each "
        "separated with probability at least $d$."
    ),
    DUEL,
    BJ**n,
    (1 - d * (1 - Bhattacharyya(q_[j], 1 - q_[j]))) ** n,
    B**n,
    Monotone(x, (1 - x * (1 - Bhattacharyya(q_[j], 1 - q_[j]))) ** n, d, d_[j]),
    Monotone(x, (1 - d * (1 - Bhattacharyya(x, 1 - x))) ** n, q, q_[j]),
    [P.UNION_BOUND],
)
