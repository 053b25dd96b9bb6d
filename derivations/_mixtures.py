r"""Derivations of relations outside the catalogue: the bounds of mixtures of label sources and of weighted votes.

The catalogue's bounds take scalar inputs; `bounds.sources` (mixtures of sources, each with
its own error rate) and `bounds.redundancy` (votes of raters with known error rates) evaluate
relations whose inputs are vectors. Their derivations live here, written for two sources or
two raters (more repeat the independence step), and are checked by `bounds.proof.check` like
the catalogue's (`bounds.derivations.results()` lists them; the documentation renders them
among the derivations). The new premises are cited with their spot checks, each of which also
rejects a deliberately wrong statement in the test suite (tests/test_mixture_derivation.py,
which also compares the numbers the package reports with the derived expressions).
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from bounds.measures import BernoulliKL, BinaryEntropy
from bounds.proof import (KL, Assumption, Derivation, E, FiniteModel, FiniteSpace, Instance, Model, Monotone, Pr,
                          Premise, Restate, Rewrite, SpotCheck, Step)

from . import _premises as P
from ._notation import MI, A, Compl, K, Meas, P0, P1, Pe, Prod, delta, i, n

X, Y, t = sp.symbols("X Y t", real=True)
n1, n2 = sp.symbols("n_1 n_2", integer=True, nonnegative=True)
q1, q2 = sp.symbols("q_1 q_2", nonnegative=True)
d = sp.Symbol("d", positive=True)
lam = sp.Symbol("lambda", positive=True)
Z1, Z2 = sp.IndexedBase("Z1"), sp.IndexedBase("Z2")
S1, S2 = sp.Sum(Z1[i], (i, 1, n1)), sp.Sum(Z2[i], (i, 1, n2))
x = sp.Symbol("x", real=True)


def _draw_independent(rng):
    """X and Y independent finite variables on the product space of their laws."""
    a, b = rng.normal(size=int(rng.integers(2, 4))), rng.normal(size=int(rng.integers(2, 4)))
    pa, pb = rng.dirichlet(np.ones(a.size)), rng.dirichlet(np.ones(b.size))
    S = FiniteSpace(np.outer(pa, pb).ravel())
    return {"space": S, X: np.repeat(a, b.size), Y: np.tile(b, a.size), t: float(rng.normal())}


INDEPENDENT = Assumption("independent_sources", "the labels of different sources are independent of each other")
INDEPENDENT_VOTES = Assumption("independent_votes", "given the label, the raters' votes are independent of each other")

INDEPENDENT_MGF = Premise(
    "prob.independent_mgf",
    "The moment generating function of a sum of independent variables is the product",
    sp.Eq(E(sp.exp(t * (X + Y))), E(sp.exp(t * X)) * E(sp.exp(t * Y))),
    "independence: the expectation of a product of independent variables is the product of their "
    "expectations (Billingsley, Probability and Measure, 1995, Thm 21.4)",
    hypotheses=[INDEPENDENT],
    spot_check=SpotCheck(_draw_independent, what="independent finite X, Y on the product of their laws"),
)

LABELS = FiniteModel(
    "model.two_sources",
    "Evidence of one label of each source",
    "the model: a query separates the two policies with probability d; a separating label of source k "
    "favours the aligned policy with probability q_k; all labels independent",
    variables={Z1: {1: d * q1, 0: 1 - d, -1: d * (1 - q1)}, Z2: {1: d * q2, 0: 1 - d, -1: d * (1 - q2)}},
)

#: One label's moment generating function at -lambda, per source.
M1 = d * q1 * sp.exp(-lam) + 1 - d + d * (1 - q1) * sp.exp(lam)
M2 = d * q2 * sp.exp(-lam) + 1 - d + d * (1 - q2) * sp.exp(lam)


def _chain(tilt1, tilt2, lam=lam):
    """Pr(the duel is lost) <= E[exp(-lam (tilt1 S1 + tilt2 S2))] = product, each label's
    evidence weighted by its source's factor."""
    T = tilt1 * S1 + tilt2 * S2
    return [
        Step("=", Pr(sp.exp(-lam * T) >= 1), "The map $s \\mapsto e^{-\\lambda s}$ is strictly decreasing.",
             by=Instance(P.DECREASING_EVENT, {P.var.X: T, P.var.a: 0, P.var.g: sp.Lambda(P.var.x, sp.exp(-lam * P.var.x))}),
             lhs=Pr(T <= 0)),
        Step("<=", E(sp.exp(-lam * T)), "Markov's inequality at level 1.",
             by=Instance(P.MARKOV, {P.var.X: sp.exp(-lam * T), P.var.a: 1})),
        Step("=", E(sp.exp(-lam * tilt1 * S1)) * E(sp.exp(-lam * tilt2 * S2)), "The two sources' labels are independent.",
             by=Instance(INDEPENDENT_MGF, {X: tilt1 * S1, Y: tilt2 * S2, t: -lam})),
        Step("=", E(sp.exp(-lam * tilt1 * Z1[1])) ** n1 * E(sp.exp(-lam * tilt2 * S2)),
             "The labels of source 1 are i.i.d.",
             by=Rewrite(P.IID_MGF, {P.var.Xs: Z1, P.var.t: -lam * tilt1, n: n1})),
        Step("=", E(sp.exp(-lam * tilt1 * Z1[1])) ** n1 * E(sp.exp(-lam * tilt2 * Z2[1])) ** n2,
             "The labels of source 2 are i.i.d.",
             by=Rewrite(P.IID_MGF, {P.var.Xs: Z2, P.var.t: -lam * tilt2, n: n2})),
    ]


def generic_derivation():
    """The generic objective (every label counts 1): any tilt lambda > 0."""
    steps = _chain(1, 1) + [
        Step("=", M1 ** n1 * M2 ** n2, "One label's law in each source.", by=Model(LABELS)),
    ]
    return Derivation("mixture.duel_chernoff", "Chernoff bound on losing the duel, two sources, one tilt",
                      summary=("Labels come from two sources, $n_1$ at favour $q_1$ and $n_2$ at $q_2$, all independent; "
                               "the generic objective counts each label alike. As for one source, Markov's inequality "
                               "for $e^{-\\lambda S}$ bounds the chance that the aligned policy's evidence is not "
                               "positive; independence splits the moment generating function by source, each a power "
                               "of one label's. Every $\\lambda > 0$ gives a bound: `bounds.sources` takes the best, "
                               "and the race's union over the $K - 1$ duels."),
                      domain={d: sp.Interval.Lopen(0, 1), q1: sp.Interval(0, 1), q2: sp.Interval(0, 1),
                              lam: sp.Interval.open(0, sp.oo)},
                      integers=[n1, n2], assumptions=[P.IID, INDEPENDENT], premises=[LABELS, INDEPENDENT_MGF],
                      result=True, steps=steps)


#: The likelihood-ratio weights of the two sources.
W1, W2 = sp.log(q1 / (1 - q1)), sp.log(q2 / (1 - q2))


def weighted_derivation():
    """The weighted objective (a label of source k counts log(q_k / (1 - q_k))), at the tilt 1/2."""
    half = sp.Rational(1, 2)
    steps = _chain(W1, W2, half) + [
        Step("=", (d * q1 * sp.exp(-W1 / 2) + 1 - d + d * (1 - q1) * sp.exp(W1 / 2)) ** n1
             * (d * q2 * sp.exp(-W2 / 2) + 1 - d + d * (1 - q2) * sp.exp(W2 / 2)) ** n2,
             "One label's law in each source.", by=Model(LABELS)),
        Step("=", (1 - d * (sp.sqrt(q1) - sp.sqrt(1 - q1)) ** 2) ** n1 * (1 - d * (sp.sqrt(q2) - sp.sqrt(1 - q2)) ** 2) ** n2,
             "At the tilt 1/2 the separating terms are each $d\\sqrt{q_k(1-q_k)}$."),
    ]
    return Derivation("mixture.duel_weighted", "Chernoff bound on losing the weighted duel, two sources",
                      summary=("A learner that knows each source's quality weights a label of source $k$ by its "
                               "log-likelihood ratio $\\ln\\frac{q_k}{1-q_k}$. The same chain as for the generic "
                               "objective, at the tilt $1/2$, gives each label the factor "
                               "$1 - d(\\sqrt{q_k} - \\sqrt{1 - q_k})^2$."),
                      domain={d: sp.Interval.Lopen(0, 1), q1: sp.Interval.open(0, 1), q2: sp.Interval.open(0, 1)},
                      integers=[n1, n2], assumptions=[P.IID, INDEPENDENT], premises=[LABELS, INDEPENDENT_MGF],
                      result=True, steps=steps)


R0, R1 = sp.symbols("R_0 R_1")
JA, JB, JC, JD = sp.symbols("J_A J_B J_C J_D")
#: The law of the labels of both sources: the product of the two sources' laws.
Join = sp.Function("Join")


def _draw_kl_join(rng):
    laws = []
    for _ in range(2):
        k = int(rng.integers(2, 5))
        P = rng.dirichlet(np.ones(k))
        Q = rng.dirichlet(np.ones(k)) * 0.98 + 0.02 / k
        laws += [P, Q / Q.sum()]
    return {JA: laws[0], JC: laws[1], JB: laws[2], JD: laws[3],
            Join: lambda a, b: np.outer(np.asarray(a), np.asarray(b)).ravel()}


KL_JOIN = Premise(
    "info.kl_join",
    "KL divergence of independent parts adds up",
    sp.Eq(KL(Join(JA, JB), Join(JC, JD)), KL(JA, JC) + KL(JB, JD)),
    "chain rule for KL divergence, the parts independent under both laws (Cover & Thomas 2006, Thm 2.5.3)",
    hypotheses=[INDEPENDENT],
    spot_check=SpotCheck(_draw_kl_join, what="pairs of pairs of finite laws and their products"),
)

PAIRS = FiniteModel(
    "model.pairs_two_sources",
    "One label of each source under either of two candidates",
    "the model: a query separates the two candidates with probability d; a separating label of source k favours "
    "the aligned candidate with probability q_k",
    distributions={
        P0: {"separating, favours 0": d * q1, "separating, favours 1": d * (1 - q1), "not separating": 1 - d},
        P1: {"separating, favours 0": d * (1 - q1), "separating, favours 1": d * q1, "not separating": 1 - d},
        R0: {"separating, favours 0": d * q2, "separating, favours 1": d * (1 - q2), "not separating": 1 - d},
        R1: {"separating, favours 0": d * (1 - q2), "separating, favours 1": d * q2, "not separating": 1 - d},
    },
)


def two_point_derivation():
    """Le Cam's two-point method with the refined Bretagnolle-Huber inequality, labels of two sources."""
    J0, J1 = Join(Prod(P0, n1), Prod(R0, n2)), Join(Prod(P1, n1), Prod(R1, n2))
    E0, E1 = Meas(J0, A), Meas(J1, Compl(A))
    bh = (lambda kl: (1 - sp.sqrt(1 - sp.exp(-kl))) / 2)
    steps = [
        Step(">=", (E0 + E1) / 2, "Both errors are at most $\\delta$, so their mean is.",
             by=Instance(P.MEAN_BELOW, {P.var.a: E0, P.var.b: E1, P.var.c: delta}), lhs=delta),
        Step(">=", bh(KL(J0, J1)), "Bretagnolle-Huber (refined) for the laws of all the labels, halved.",
             by=Instance(P.BH_REFINED, {P.var.P: J0, P.var.Q: J1, P.var.A: A})),
        Step("=", bh(KL(Prod(P0, n1), Prod(P1, n1)) + KL(Prod(R0, n2), Prod(R1, n2))),
             "The two sources' labels are independent: their divergences add.",
             by=Rewrite(KL_JOIN, {JA: Prod(P0, n1), JB: Prod(R0, n2), JC: Prod(P1, n1), JD: Prod(R1, n2)})),
        Step("=", bh(n1 * KL(P0, P1) + KL(Prod(R0, n2), Prod(R1, n2))), "The labels of source 1 are i.i.d.",
             by=Rewrite(P.KL_TENSOR, {P.var.P: P0, P.var.Q: P1, n: n1})),
        Step("=", bh(n1 * KL(P0, P1) + n2 * KL(R0, R1)), "The labels of source 2 are i.i.d.",
             by=Rewrite(P.KL_TENSOR, {P.var.P: R0, P.var.Q: R1, n: n2})),
        Step("=", bh(n1 * d * BernoulliKL(q1, 1 - q1) + n2 * d * BernoulliKL(q2, 1 - q2)),
             "One label of each source: a separating query gives Bernoulli($q_k$) against Bernoulli($1-q_k$).",
             by=Model(PAIRS)),
    ]
    return Derivation("mixture.two_point", "Two-point lower bound, labels of two sources",
                      summary=("Le Cam's two-point method for labels of two independent sources: the refined "
                               "Bretagnolle-Huber inequality bounds the learner's errors through the KL divergence of "
                               "all the labels' laws under two candidates, which adds up over the sources and, within "
                               "each, over its i.i.d. labels."),
                      domain={d: sp.Interval.Lopen(0, 1), q1: sp.Interval.open(0, 1), q2: sp.Interval.open(0, 1),
                              delta: sp.Interval(0, 1)},
                      integers=[n1, n2], assumptions=[P.IID, INDEPENDENT], given=[sp.Le(E0, delta), sp.Le(E1, delta)],
                      premises=[PAIRS, KL_JOIN], result=True, steps=steps)


# ---------------------------------------------------------------------------- weighted votes (Kailath)
Bayes = sp.Function("Bayes")      # Bayes error of two laws, equal priors: (1/2) sum min(P, Q)
BC = sp.Function("BC")            # Bhattacharyya coefficient: sum sqrt(P Q)
Vote = sp.Function("Vote")        # the law of a vote with error rate e when the label is 0: (1 - e, e)
HALF = sp.Rational(1, 2)
LP, LQ = sp.symbols("L_P L_Q")
ev, e1, e2 = sp.symbols("e e_1 e_2", nonnegative=True)
_FUNCS = {Bayes: lambda a, b: 0.5 * float(np.minimum(a, b).sum()), BC: lambda a, b: float(np.sqrt(a * b).sum()),
          Join: lambda a, b: np.outer(np.asarray(a), np.asarray(b)).ravel(), Vote: lambda e: np.array([1 - e, e])}


def _draw_two_laws(rng):
    k = int(rng.integers(2, 6))
    P = rng.dirichlet(np.full(k, rng.choice([0.3, 1.0, 30.0])))
    Q = P if rng.random() < 0.1 else rng.dirichlet(np.full(k, rng.choice([0.3, 1.0, 30.0])))
    return {LP: P, LQ: Q, **_FUNCS}


def _draw_bc_join(rng):
    ka, kb = int(rng.integers(2, 4)), int(rng.integers(2, 4))
    laws = {JA: rng.dirichlet(np.ones(ka)), JC: rng.dirichlet(np.ones(ka)),
            JB: rng.dirichlet(np.ones(kb)), JD: rng.dirichlet(np.ones(kb))}
    return {**laws, **_FUNCS}


KAILATH_UPPER = Premise(
    "info.kailath_upper", "Bayes error below half the Bhattacharyya coefficient",
    sp.Le(Bayes(LP, LQ), BC(LP, LQ) / 2),
    "Kailath (1967), The divergence and Bhattacharyya distance measures in signal selection, IEEE Trans. "
    "Commun. Technol. 15(1); elementary: min(a, b) <= sqrt(a b) term by term",
    spot_check=SpotCheck(_draw_two_laws, what="pairs of finite laws, near, far and equal"))
KAILATH_LOWER = Premise(
    "info.kailath_lower", "Bayes error above the Bhattacharyya lower bound",
    sp.Ge(Bayes(LP, LQ), (1 - sp.sqrt(1 - BC(LP, LQ) ** 2)) / 2),
    "Kailath (1967); elementary: Cauchy-Schwarz on sum sqrt(min(a, b) max(a, b)), with sum min + sum max = 2",
    spot_check=SpotCheck(_draw_two_laws, what="pairs of finite laws, near, far and equal"))
BC_JOIN = Premise(
    "info.bc_join", "The Bhattacharyya coefficient of independent parts multiplies",
    sp.Eq(BC(Join(JA, JB), Join(JC, JD)), BC(JA, JC) * BC(JB, JD)),
    "the sum of sqrt(p q) over a product space factorizes (elementary)",
    hypotheses=[INDEPENDENT_VOTES],
    spot_check=SpotCheck(_draw_bc_join, what="pairs of pairs of finite laws and their products"))
BC_VOTE = Premise(
    "model.bc_vote", "One vote's Bhattacharyya coefficient",
    sp.Eq(BC(Vote(ev), Vote(1 - ev)), 2 * sp.sqrt(ev * (1 - ev))),
    "the model: a vote is wrong with probability e whatever the label (sqrt((1-e) e) + sqrt(e (1-e)))",
    spot_check=SpotCheck(lambda rng: {ev: float(rng.random()), **_FUNCS}, what="error rates in [0, 1)"))

V0 = Join(Vote(e1), Vote(e2))               # the two votes' law when the label is 0
V1 = Join(Vote(1 - e1), Vote(1 - e2))       # ... when it is 1
RHO = 2 * sp.sqrt(e1 * (1 - e1)) * 2 * sp.sqrt(e2 * (1 - e2))


def _rho_steps(f):
    """BC(V0, V1) inside f rewritten to the product of the two votes' coefficients."""
    return [
        Step("=", f(BC(Vote(e1), Vote(1 - e1)) * BC(Vote(e2), Vote(1 - e2))), "The votes are independent given the label.",
             by=Rewrite(BC_JOIN, {JA: Vote(e1), JB: Vote(e2), JC: Vote(1 - e1), JD: Vote(1 - e2)})),
        Step("=", f(2 * sp.sqrt(e1 * (1 - e1)) * BC(Vote(e2), Vote(1 - e2))), "Rater 1's vote.",
             by=Rewrite(BC_VOTE, {ev: e1})),
        Step("=", f(RHO), "Rater 2's vote.", by=Rewrite(BC_VOTE, {ev: e2})),
    ]


def kailath_derivation(side):
    """Kailath's bounds on the Bayes error of two raters' votes (the weighted vote's error)."""
    dom = {e1: sp.Interval(0, HALF), e2: sp.Interval(0, HALF)}
    if side == "upper":
        steps = [Step("<=", BC(V0, V1) / 2, "Kailath's upper bound.", by=Instance(KAILATH_UPPER, {LP: V0, LQ: V1}),
                      lhs=Bayes(V0, V1))] + _rho_steps(lambda b: b / 2)
    else:
        f = (lambda b: (1 - sp.sqrt(1 - b ** 2)) / 2)
        steps = [Step(">=", f(BC(V0, V1)), "Kailath's lower bound.", by=Instance(KAILATH_LOWER, {LP: V0, LQ: V1}),
                      lhs=Bayes(V0, V1))] + _rho_steps(f)
    summary = ("Two raters vote on a label that is a fair coin a priori, each wrong with probability $e_i$ "
               "whatever the label, independently. The likelihood-ratio weighted vote is the Bayes rule, so its "
               "error is the Bayes error of the votes' laws under the two labels, which Kailath's inequality "
               "bounds through their Bhattacharyya coefficient: a product over the raters.")
    return Derivation(f"votes.kailath_{side}", f"Kailath's {side} bound, two raters", summary=summary, domain=dom,
                      assumptions=[INDEPENDENT_VOTES], premises=[KAILATH_UPPER if side == "upper" else KAILATH_LOWER,
                                                          BC_JOIN, BC_VOTE], result=True, steps=steps)




p1s, p2s = sp.symbols("p_1 p_2", nonnegative=True)
CHANNELS = Assumption(
    "channels", "each label of source k is the aligned policy's answer to its query through a binary symmetric "
    "channel with crossover 1 - q_k, whatever the queries; queries may be chosen adaptively")


def _draw_capacity_two(rng):
    """K random binary codes of length n_1 + n_2, the first n_1 letters through BSC(p_1), the rest through BSC(p_2)."""
    from ._cited import mutual_information

    KK, a, b = int(rng.integers(2, 5)), int(rng.integers(0, 3)), int(rng.integers(0, 3))
    pa, pb = float(rng.random()), float(rng.random())
    m = a + b
    code = rng.integers(0, 2, size=(KK, m))
    words = np.indices((2,) * m).reshape(m, -1).T if m else np.zeros((1, 0), int)
    flips = code[:, None, :] != words[None, :, :]
    fa, fb = flips[:, :, :a].sum(axis=2), flips[:, :, a:].sum(axis=2)
    joint = pa ** fa * (1 - pa) ** (a - fa) * pb ** fb * (1 - pb) ** (b - fb) / KK
    return {p1s: pa, p2s: pb, n1: a, n2: b, MI: mutual_information(joint)}


CAPACITY_TWO = Premise(
    "info.capacity_two",
    "Labels through two binary symmetric channels carry at most the sum of the capacities",
    sp.Le(MI, n1 * (sp.log(2) - BinaryEntropy(p1s)) + n2 * (sp.log(2) - BinaryEntropy(p2s))),
    "chain rule for mutual information, each label bounded by its channel's capacity ln 2 - h(p_k) (Shannon 1948); "
    "feedback (adaptive queries) does not raise the capacity of a memoryless channel (Shannon 1956)",
    hypotheses=[CHANNELS],
    spot_check=SpotCheck(_draw_capacity_two, what="random binary codes of lengths n_1, n_2 <= 2 through BSC(p_1), BSC(p_2)"),
)
NUM = sp.log(K) - BinaryEntropy(delta) - delta * sp.log(K - 1)


def _fano_steps():
    """Fano's inequality inverted: the information the labels must carry, NUM <= I(V; Y)."""
    f = (lambda p: BinaryEntropy(p) + p * sp.log(K - 1))
    return [
        Step("<=", f(Pe), "Fano's inequality for the uniformly random aligned policy.", by=Instance(P.FANO, {P.var.K: K}),
             lhs=sp.log(K) - MI),
        Step("<=", f(delta), "The right-hand side increases with the error probability up to the error of guessing.",
             by=Monotone(x, f(x), Pe, delta)),
        Restate(sp.Le(NUM, MI), "Rearranged: the information the labels must carry."),
    ]


def fano_capacity_derivation():
    """Fano's inequality for a uniformly random aligned policy, the labels' information bounded by the two
    sources' capacities: the information the target requires is at most what the labels can carry."""
    steps = _fano_steps() + [
        Step("<=", n1 * (sp.log(2) - BinaryEntropy(1 - q1)) + n2 * (sp.log(2) - BinaryEntropy(1 - q2)),
             "Each label carries at most its source's capacity, however the queries are chosen.",
             by=Instance(CAPACITY_TWO, {p1s: 1 - q1, p2s: 1 - q2})),
    ]
    return Derivation("mixture.fano_capacity", "Fano with the two sources' capacities added",
                      summary=("Fano's inequality says how much information about the aligned policy's identity the "
                               "labels must carry; each label of source $k$, even on an adaptively chosen query, "
                               "carries at most its channel's capacity. `bounds.sources` reports the smallest "
                               "failure probability that satisfies the last line."),
                      domain={q1: sp.Interval(0, 1), q2: sp.Interval(0, 1), K: sp.Interval(2, sp.oo),
                              delta: sp.Interval.Ropen(0, 1)},
                      integers=[n1, n2, K], assumptions=[P.UNIFORM, CHANNELS],
                      given=[sp.Le(Pe, delta), sp.Lt(delta, 1 - 1 / K)], premises=[P.FANO, CAPACITY_TWO],
                      result=True, steps=steps)


D1, D2 = sp.symbols("D_max1 D_max2", nonnegative=True)


def _draw_mi_two(rng):
    """K candidates, each with a label law per source; n_1, n_2 <= 2 i.i.d. labels of each source."""
    from ._cited import mutual_information, product_law

    KK, a, b = int(rng.integers(2, 4)), int(rng.integers(0, 3)), int(rng.integers(0, 3))
    la = [rng.dirichlet(np.ones(3)) * 0.97 + 0.01 for _ in range(KK)]
    lb = [rng.dirichlet(np.ones(2)) * 0.97 + 0.015 for _ in range(KK)]
    one = np.ones(1)
    joint = np.array([np.outer(product_law(x, a) if a else one, product_law(y, b) if b else one).ravel()
                      for x, y in zip(la, lb)]) / KK
    kl = (lambda P, Q: float(np.sum(P * np.log(P / Q))))
    return {MI: mutual_information(joint), n1: a, n2: b,
            D1: max(kl(P, Q) for P in la for Q in la), D2: max(kl(P, Q) for P in lb for Q in lb)}


MI_TWO = Premise(
    "info.mi_pairwise_kl_two",
    "Mutual information is at most the labels' largest pairwise KL divergences, added over the sources",
    sp.Le(MI, n1 * D1 + n2 * D2),
    "convexity of the KL divergence (Duchi, Lecture Notes on Statistics and Information Theory, Fano's method), "
    "and the KL divergence of independent labels adds up",
    hypotheses=[P.PASSIVE, P.IID, INDEPENDENT],
    spot_check=SpotCheck(_draw_mi_two, what="K <= 3 random label laws per source, n_1, n_2 <= 2 i.i.d. labels of each"),
)
EXCHANGEABLE_TWO = Premise(
    "model.exchangeable_two", "In the exchangeable class every pair of candidates is alike, in each source",
    sp.Eq(n1 * D1 + n2 * D2, n1 * KL(P0, P1) + n2 * KL(R0, R1)),
    "the model: every pair of candidates is separated with probability d, so each source's largest per-label KL "
    "divergence is that of one pair",
    hypotheses=[P.PASSIVE],
)


def fano_passive_derivation():
    """Fano's inequality, the labels' information bounded by the sources' pairwise KL (passive queries,
    the exchangeable class)."""
    steps = _fano_steps() + [
        Step("<=", n1 * D1 + n2 * D2, "Information is at most the largest pairwise KL divergences of the labels.",
             by=Instance(MI_TWO)),
        Step("=", n1 * KL(P0, P1) + n2 * KL(R0, R1), "In the exchangeable class every pair of candidates is alike.",
             by=Rewrite(EXCHANGEABLE_TWO)),
        Step("=", n1 * d * BernoulliKL(q1, 1 - q1) + n2 * d * BernoulliKL(q2, 1 - q2), "One label of each source.",
             by=Model(PAIRS)),
    ]
    return Derivation("mixture.fano_passive", "Fano with the two sources' pairwise KL added",
                      summary=("As the capacity form, for passively drawn queries on the exchangeable class: the "
                               "labels' information is at most the largest pairwise KL divergences of their laws, added "
                               "over the sources."),
                      domain={d: sp.Interval.Lopen(0, 1), q1: sp.Interval.open(0, 1), q2: sp.Interval.open(0, 1),
                              K: sp.Interval(2, sp.oo), delta: sp.Interval.Ropen(0, 1)},
                      integers=[n1, n2, K], assumptions=[P.UNIFORM, P.PASSIVE, P.IID, INDEPENDENT],
                      given=[sp.Le(Pe, delta), sp.Lt(delta, 1 - 1 / K)],
                      premises=[P.FANO, MI_TWO, EXCHANGEABLE_TWO, PAIRS], result=True, steps=steps)



def all_results() -> list:
    """The derivations of this module, sorted by id."""
    ds = [generic_derivation(), weighted_derivation(), two_point_derivation(), fano_capacity_derivation(),
          fano_passive_derivation(), kailath_derivation("upper"), kailath_derivation("lower")]
    return sorted(ds, key=lambda d: d.id)
