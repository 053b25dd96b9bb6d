"""The model: its assumptions, and the premises that state what the model is.

A statement of the model itself (what the labels, policies and adversary are) is not a
theorem: there is nothing independent to compute it from, so it carries no spot check
(`MODEL_STATEMENT` says so). The finite models (`LABEL`, `PAIR`, the latent-correctness
labels) are what the checker computes with (`Model`). Facts about the model that are argued
and checked on random instances are with the cited theorems (`_cited.py`).
"""
from __future__ import annotations

import sympy as sp

from bounds.proof import KL, Assumption, FiniteModel, Pr, Premise

from ._notation import (MI, WIN, Agree, Bin, C, Cup, Dmax, K, K_dec, L, Lost, LostD, LostO, M, P0, P1, P_lose,
                        P_race_s, Q_alpha, Q_c, Q_dec, S, SepDec, SepOrd, Union, Z, binpmf, d, dD, dO, j, j_dec,
                        j_ord, n, q, q_d, q_o)
from ._variables import var

# ----------------------------------------------------------------------------- assumptions
IID = Assumption("iid", "the $n$ labels are independent and identically distributed")

ADVERSARY = Assumption(
    "adversary",
    "a fraction $\\alpha$ of labels, assigned at random, is written by an adversary who always labels against "
    "the aligned policy, so against an ordinary unaligned policy a separating label favours the aligned "
    "policy with probability $q = q_\\alpha = (1 - \\alpha)(1 - \\varepsilon)$",
)

SYSTEMATIC = Assumption(
    "systematic",
    "against a deceptive unaligned policy a share $s$ of the separating queries is too hard to evaluate: honest "
    "raters are right there only with probability $q_{\\mathrm{hard}}$, so a separating label favours the aligned "
    "policy with probability $q = q_{\\mathrm{dec}} = (1 - \\alpha)\\bigl((1 - s)(1 - \\varepsilon) + s\\,q_{\\mathrm{hard}}\\bigr)$ "
    "($s = 0$: no systematic error, $q = q_\\alpha$)",
)

UNIFORM = Assumption("uniform", "the aligned policy is uniformly random among the $K$ candidates")
CHANNEL = Assumption(
    "channel",
    "each label is the answer of the aligned policy to its query, passed through a binary symmetric channel "
    "with crossover $1 - q$ (the worst adversary always votes against the aligned policy), whatever the queries; "
    "queries may be chosen adaptively",
)
PASSIVE = Assumption(
    "passive",
    "the queries are drawn independently of the labels (passively); every pair of candidates is separated by a "
    "query with probability $d$ (the exchangeable class)",
)

COUNTS = Assumption("counts", "a count of labels takes the values $0, 1, \\dots, n$")

LATENT_CORRECTNESS = Assumption(
    "latent_correctness",
    "the independent-separation class (the class `race.exact` is exact on): each label, independently, agrees "
    "with the aligned policy with probability $q_c$; given whether it agrees, every unaligned policy separates "
    "from the aligned one on it independently of the others, with the duel's marginals: it is separated with "
    "probability $d$, and a separating label favours the aligned policy with probability $q_\\alpha$ (ordinary "
    "policies) or $q_{\\mathrm{dec}}$ (the $K_{\\mathrm{dec}}$ deceptive ones); $q_c$ is any value for which these "
    "are probabilities",
)

GROUPS = Assumption(
    "groups",
    "of the $K - 1$ unaligned policies, $K_{\\mathrm{dec}}$ are deceptive and $K - 1 - K_{\\mathrm{dec}}$ ordinary "
    "($1 \\le K_{\\mathrm{dec}} \\le K - 1$); each is separated from the aligned one by a query with probability at "
    "least $d$; a separating label favours the aligned policy over a deceptive one with probability $q_d$, over an "
    "ordinary one with probability $q_o$",
)

# ----------------------------------------------------------------------------- the duel
LABEL = FiniteModel(
    "model.label",
    "Evidence of one label",
    "the model (defined on the Model page of the documentation)",
    variables={Z: {1: d * q, 0: 1 - d, -1: d * (1 - q)}},
    note="a query separates the two policies with probability d; a separating label favours the aligned policy with probability q",
)

DUEL_LOSS = Premise(
    "model.duel_loss",
    "The duel is lost when the evidence sum is at most 0",
    sp.Eq(P_lose(n, d, q), Pr(S <= 0)),
    "the model: the aligned policy wins when the sum of the evidence is > 0; a tie counts as a loss (a generic objective may pick either policy)",
    hypotheses=[IID],
)

SEPARATING_COUNT = Premise(
    "model.separating_count",
    "The number of separating labels is binomial",
    sp.Eq(Pr(sp.Eq(M, var.k)), binpmf(n, d, var.k)),
    "the model: each of the n i.i.d. labels separates the two policies with probability d",
    hypotheses=[IID],
)

GIVEN_SEPARATING = Premise(
    "model.given_separating",
    "The evidence given the number of separating labels",
    sp.Eq(Pr(S <= 0, sp.Eq(M, var.k)), Pr(sp.Le(2 * Bin(var.k, q) - var.k, 0, evaluate=False))),
    "the model: a non-separating label has no evidence; each separating one favours the aligned policy with "
    "probability q, independently, else the opponent; the evidence is the favourable ones minus the others",
    hypotheses=[IID],
)

# ----------------------------------------------------------------------------- two points
PAIR = FiniteModel(
    "model.pair",
    "One label under either of two candidates",
    "the model: a query separates the two candidates with probability d; a separating label favours the aligned candidate with probability q",
    distributions={
        P0: {"separating, favours candidate 0": d * q, "separating, favours candidate 1": d * (1 - q), "not separating": 1 - d},
        P1: {"separating, favours candidate 0": d * (1 - q), "separating, favours candidate 1": d * q, "not separating": 1 - d},
    },
    note="P_0: candidate 0 is the aligned policy; P_1: candidate 1 is",
)

UNINFORMATIVE = Premise(
    "model.uninformative",
    "At q = 1/2 labels are fair coins",
    sp.Eq(P1, P0),
    "the model: at q = 1/2 a separating label favours either candidate with probability one half, so the labels have the same law under both candidates",
    hypotheses=[sp.Eq(q, sp.Rational(1, 2))],
)

# ----------------------------------------------------------------------------- Fano
NO_INFORMATION = Premise(
    "model.no_information",
    "At q = 1/2 the labels carry no information",
    sp.Eq(MI, 0),
    "the model: at q = 1/2 every label is a fair coin whatever the query, independent of the aligned policy's identity",
    hypotheses=[sp.Eq(q, sp.Rational(1, 2))],
)

EXCHANGEABLE = Premise(
    "model.exchangeable",
    "In the exchangeable class every pair of candidates is alike",
    sp.Eq(Dmax, KL(P0, P1)),
    "the model: every pair of candidates is separated with probability d, so the largest per-label KL divergence is that of one pair",
    hypotheses=[PASSIVE],
)

# ----------------------------------------------------------------------------- the race, latent-correctness model
def _latent_label(kind, sep, q):
    """One label and one unaligned policy of a kind: the label agrees with the aligned policy with
    probability q_c; the policy is separated with probability d, and a separating label agrees with
    the aligned policy with probability q (the duel's marginals)."""
    return FiniteModel(
        f"model.latent_label_{kind}",
        f"One label and one {kind} unaligned policy in the latent-correctness model",
        "the model (see the Model page of the docs): the definition of the independent-separation class, for one "
        f"label and one {kind} unaligned policy",
        variables={L: {
            "agrees, separates": d * q,
            "agrees, does not separate": Q_c - d * q,
            "disagrees, separates": d * (1 - q),
            "disagrees, does not separate": 1 - Q_c - d * (1 - q),
        }},
        functions={
            Agree: {"agrees, separates": 1, "agrees, does not separate": 1, "disagrees, separates": 0,
                    "disagrees, does not separate": 0},
            sep: {"agrees, separates": 1, "agrees, does not separate": 0, "disagrees, separates": 1,
                  "disagrees, does not separate": 0},
        },
        note="agree: the label agrees with the aligned policy; sep: the policy answers the query differently from the "
             "aligned one (given the agreement, independently of the other unaligned policies)",
    )


LATENT_LABEL_ORDINARY = _latent_label("ordinary", SepOrd, Q_alpha)
LATENT_LABEL_DECEPTIVE = _latent_label("deceptive", SepDec, Q_dec)

AGREEING_COUNT = Premise(
    "model.agreeing_count",
    "The number of labels agreeing with the aligned policy is binomial",
    sp.Eq(Pr(sp.Eq(C, var.k)), binpmf(n, Pr(sp.Eq(Agree(L), 1)), var.k)),
    "the model (see the Model page of the docs): the n labels are i.i.d.",
    hypotheses=[IID],
)

DUEL_GIVEN_COUNT = Premise(
    "model.duel_given_count",
    "One duel given the number of agreeing labels",
    sp.Eq(Pr(Lost(var.j), sp.Eq(C, var.k)),
          Pr(sp.Le(Bin(var.k, Pr(sp.Eq(var.sep(L), 1), sp.Eq(Agree(L), 1))),
                   Bin(n - var.k, Pr(sp.Eq(var.sep(L), 1), sp.Eq(Agree(L), 0))), evaluate=False))),
    "the model (see the Model page of the docs): the aligned policy gains a vote over j on each agreeing label "
    "where j separates, and j gains one on each disagreeing label where it separates (ties lose); given which "
    "labels agree (C = k of them), j separates on each independently, so the two counts are independent binomials",
    hypotheses=[IID, LATENT_CORRECTNESS],
)

DUELS_GIVEN_COUNT = Premise(
    "model.duels_given_count",
    "Given the agreeing labels, the K - 1 duels are independent",
    sp.Eq(Pr(WIN, sp.Eq(C, var.k)),
          (1 - Pr(Lost(j_dec), sp.Eq(C, var.k))) ** K_dec * (1 - Pr(Lost(j_ord), sp.Eq(C, var.k))) ** (K - 1 - K_dec)),
    "the model (see the Model page of the docs): the aligned policy wins when it beats every unaligned policy; "
    "given which labels agree the unaligned policies separate independently, so the K - 1 duels are independent, "
    "and each one's probability depends only on the number of agreeing labels: the K_dec deceptive policies are "
    "alike (j_dec), and so are the K - 1 - K_dec ordinary ones (j_alpha)",
    hypotheses=[LATENT_CORRECTNESS, sp.Le(K_dec, K - 1)],
)

# ----------------------------------------------------------------------------- the race with deceptive policies (union bounds)
RACE_LOSS_GROUPS = Premise(
    "model.race_loss_groups",
    "The race is lost when some deceptive or some ordinary policy is not beaten",
    sp.Eq(P_race_s(n, K, K_dec, d, q_d, q_o),
          Pr(Cup(Union(LostD(j), j, 1, K_dec), Union(LostO(j), j, 1, K - 1 - K_dec)))),
    "the model: the aligned policy wins the race when it beats each of the K - 1 unaligned policies (ties lose)",
    hypotheses=[GROUPS],
)

DUEL_DEC = Premise(
    "model.duel_deceptive",
    "The race against one deceptive policy is a duel",
    sp.Eq(Pr(LostD(j)), P_lose(n, dD[j], q_d)),
    "the model: the evidence for the aligned policy over the j-th deceptive policy is a duel with parameters (d_j, q_d)",
    hypotheses=[GROUPS],
)

DUEL_ORD = Premise(
    "model.duel_ordinary",
    "The race against one ordinary policy is a duel",
    sp.Eq(Pr(LostO(j)), P_lose(n, dO[j], q_o)),
    "the model: the evidence for the aligned policy over the j-th ordinary policy is a duel with parameters (d_j, q_o)",
    hypotheses=[GROUPS],
)

# ----------------------------------------------------------------------------- no spot checks
MODEL_STATEMENT = (
    "a statement of the model itself (what the labels, policies and adversary are), not a theorem: nothing "
    "independent to compute it from"
)
for _premise in (DUEL_LOSS, UNINFORMATIVE, NO_INFORMATION, EXCHANGEABLE, SEPARATING_COUNT,
                 GIVEN_SEPARATING, AGREEING_COUNT, DUEL_GIVEN_COUNT, DUELS_GIVEN_COUNT, RACE_LOSS_GROUPS, DUEL_DEC,
                 DUEL_ORD):
    _premise.spot_check = MODEL_STATEMENT

__all__ = [name for name in dir() if name.isupper()]
