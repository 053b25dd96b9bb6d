"""Machine-checked derivations of the bounds of mixtures (`bounds.sources`) and of weighted votes (`bounds.redundancy`).

With two sources (n_1 labels at q_1, n_2 at q_2; more sources repeat the independence step):

* the sufficient side: each duel of the race by Chernoff with one tilt for every source (the
  generic objective) and with the likelihood-ratio weights at the tilt 1/2 (the weighted
  objective); `Mixture.failure_probability` takes K - 1 times either (the union over the
  duels, as in `race.union_chernoff`);
* the necessary side: Le Cam's two-point method with the refined Bretagnolle-Huber
  inequality and the two sources' KL added;
* Fano's inequality with the labels' information bounded by the sources' capacities added
  (every learner, adaptive queries too) and by their pairwise KL added (passive queries, the
  exchangeable class): the relation whose smallest root `Mixture` reports;
* Kailath's two bounds on the Bayes error of two raters' votes, which the likelihood-ratio
  weighted vote attains (`weighted_vote_error_bounds`).

Each is checked step by step by `bounds.proof.check`; the new cited premises (independent
parts: moment generating functions multiply, KL divergences and Bhattacharyya coefficients
combine, information adds up over the sources; Kailath's inequalities; one vote's
coefficient) carry spot checks, each of which rejects a deliberately wrong statement; the
model's statements (the two sources' laws, the exchangeable class per source) have none,
as in `bounds.derivations`. The derivations live here, not in
`bounds.derivations`: that package holds the catalogue's bounds, whose inputs are
scalars, and renders their pages. The numbers the package reports are checked against the
derived expressions, evaluated independently in mpmath.
"""
from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest
import sympy as sp

from bounds.derivations import _premises as P
from bounds.derivations._notation import i, n
from bounds.proof import (Assumption, E, Derivation, FiniteModel, FiniteSpace, Instance, Model, Pr, Premise, Rewrite,
                          SpotCheck, Step)
from bounds.proof import check, spot_check

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
                      domain={d: sp.Interval.Lopen(0, 1), q1: sp.Interval(0, 1), q2: sp.Interval(0, 1),
                              lam: sp.Interval.open(0, sp.oo)},
                      integers=[n1, n2], assumptions=[P.IID, INDEPENDENT], premises=[LABELS, INDEPENDENT_MGF],
                      bound=None, steps=steps)


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
                      domain={d: sp.Interval.Lopen(0, 1), q1: sp.Interval.open(0, 1), q2: sp.Interval.open(0, 1)},
                      integers=[n1, n2], assumptions=[P.IID, INDEPENDENT], premises=[LABELS, INDEPENDENT_MGF],
                      bound=None, steps=steps)


def _proved(r, conclusion):
    """Every step proved or an instance of a premise, no structural error, every premise's spot
    check passed (or a model, which has none), and the conclusion as stated. (`r.ok` also asks
    for a catalogue bound to match, which these derivations have none of.)"""
    assert not r.errors, r.errors
    assert all(s.status in ("proved", "lemma") for s in r.steps), [(s.status, s.detail) for s in r.steps]
    assert all(c.status in ("ok", "none") for c in r.premise_checks), r.premise_checks
    assert r.conclusion.rel_op == conclusion.rel_op
    assert sp.simplify(r.conclusion.lhs - conclusion.lhs) == 0 and sp.simplify(r.conclusion.rhs - conclusion.rhs) == 0


def test_generic_mixture_chernoff_is_proved():
    _proved(check(generic_derivation()), sp.Le(Pr(S1 + S2 <= 0), M1 ** n1 * M2 ** n2))


def test_weighted_mixture_chernoff_is_proved():
    _proved(check(weighted_derivation()),
            sp.Le(Pr(W1 * S1 + W2 * S2 <= 0),
                  (1 - d * (sp.sqrt(q1) - sp.sqrt(1 - q1)) ** 2) ** n1 * (1 - d * (sp.sqrt(q2) - sp.sqrt(1 - q2)) ** 2) ** n2))


def test_the_new_premise_passes_its_spot_check_and_a_wrong_one_fails():
    assert spot_check(INDEPENDENT_MGF).status == "ok"
    wrong = INDEPENDENT_MGF.replace(statement=sp.Eq(E(sp.exp(t * (X + Y))), E(sp.exp(t * X)) + E(sp.exp(t * Y))))
    assert spot_check(wrong).status == "failed"


def test_a_wrong_last_line_is_refuted():
    D = generic_derivation()
    steps = _chain(1, 1) + [Step("=", M1 ** (n1 + n2), "wrong: one source's law for all labels", by=Model(LABELS))]
    wrong = D.replace(cases=[type(D.cases[0])(True, steps)])
    assert check(wrong).steps[-1].status == "false"


# ---------------------------------------------------------------------------- necessary side
from bounds.derivations._notation import A, Compl, Meas, P0, P1, Prod, delta  # noqa: E402
from bounds.measures import BernoulliKL  # noqa: E402
from bounds.proof import KL  # noqa: E402

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
                      domain={d: sp.Interval.Lopen(0, 1), q1: sp.Interval.open(0, 1), q2: sp.Interval.open(0, 1),
                              delta: sp.Interval(0, 1)},
                      integers=[n1, n2], assumptions=[P.IID, INDEPENDENT], given=[sp.Le(E0, delta), sp.Le(E1, delta)],
                      premises=[PAIRS, KL_JOIN], bound=None, steps=steps)


def test_mixture_two_point_is_proved():
    bh = (1 - sp.sqrt(1 - sp.exp(-(n1 * d * BernoulliKL(q1, 1 - q1) + n2 * d * BernoulliKL(q2, 1 - q2))))) / 2
    _proved(check(two_point_derivation()), sp.Ge(delta, bh))


def test_kl_join_spot_check_catches_a_wrong_statement():
    assert spot_check(KL_JOIN).status == "ok"
    wrong = KL_JOIN.replace(statement=sp.Eq(KL(Join(JA, JB), Join(JC, JD)), KL(JA, JC) * 2))
    assert spot_check(wrong).status == "failed"


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
    hypotheses=[INDEPENDENT],
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
    return Derivation(f"votes.kailath_{side}", f"Kailath's {side} bound, two raters", domain=dom,
                      assumptions=[INDEPENDENT], premises=[KAILATH_UPPER if side == "upper" else KAILATH_LOWER,
                                                          BC_JOIN, BC_VOTE], bound=None, steps=steps)



@pytest.mark.parametrize("side", ["upper", "lower"])
def test_kailath_bounds_are_proved(side):
    f = (lambda b: b / 2) if side == "upper" else (lambda b: (1 - sp.sqrt(1 - b ** 2)) / 2)
    _proved(check(kailath_derivation(side)), (sp.Le if side == "upper" else sp.Ge)(Bayes(V0, V1), f(RHO)))


def test_kailath_premises_spot_checks_and_a_wrong_one():
    for p_ in (KAILATH_UPPER, KAILATH_LOWER, BC_JOIN, BC_VOTE):
        assert spot_check(p_).status == "ok", spot_check(p_)
    wrong = KAILATH_UPPER.replace(statement=sp.Le(Bayes(LP, LQ), BC(LP, LQ) / 4))
    assert spot_check(wrong).status == "failed"


@pytest.mark.parametrize("errors", [[0.1, 0.3], [0.01, 0.45], [0.2, 0.2], [0.05, 0.1, 0.25, 0.4]])
def test_weighted_vote_bounds_are_the_derived_expressions(errors):
    # bounds.redundancy evaluates rho = prod 2 sqrt(e_i (1 - e_i)) (the derivation's product, one
    # factor a rater) and Kailath's two bounds; here in mpmath, and against the vote's exact error
    from bounds.raters import weighted_vote_error
    from bounds.redundancy import weighted_vote_error_bounds

    with mp.workdps(30):
        rho = mp.fprod(2 * mp.sqrt(mp.mpf(e) * (1 - mp.mpf(e))) for e in errors)
        lo, hi = (1 - mp.sqrt(1 - rho ** 2)) / 2, rho / 2
    got = weighted_vote_error_bounds(errors)
    assert got[0] == pytest.approx(float(lo), rel=1e-12) and got[1] == pytest.approx(float(hi), rel=1e-12)
    assert got[0] <= weighted_vote_error(errors) <= got[1]


# ---------------------------------------------------------------------------- Fano, capacities added
from bounds.derivations._notation import K, MI, Pe  # noqa: E402
from bounds.measures import BinaryEntropy  # noqa: E402
from bounds.proof import Monotone, Restate  # noqa: E402

p1s, p2s = sp.symbols("p_1 p_2", nonnegative=True)
CHANNELS = Assumption(
    "channels", "each label of source k is the aligned policy's answer to its query through a binary symmetric "
    "channel with crossover 1 - q_k, whatever the queries; queries may be chosen adaptively")


def _draw_capacity_two(rng):
    """K random binary codes of length n_1 + n_2, the first n_1 letters through BSC(p_1), the rest through BSC(p_2)."""
    from bounds.derivations._cited import _mutual_information

    KK, a, b = int(rng.integers(2, 5)), int(rng.integers(0, 3)), int(rng.integers(0, 3))
    pa, pb = float(rng.random()), float(rng.random())
    m = a + b
    code = rng.integers(0, 2, size=(KK, m))
    words = np.indices((2,) * m).reshape(m, -1).T if m else np.zeros((1, 0), int)
    flips = code[:, None, :] != words[None, :, :]
    fa, fb = flips[:, :, :a].sum(axis=2), flips[:, :, a:].sum(axis=2)
    joint = pa ** fa * (1 - pa) ** (a - fa) * pb ** fb * (1 - pb) ** (b - fb) / KK
    return {p1s: pa, p2s: pb, n1: a, n2: b, MI: _mutual_information(joint)}


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


def _fano_need(log_p, K):
    """ln K - h(P) - P ln(K - 1) at P = e^log_p, in mpmath (the caller's precision)."""
    p = mp.exp(mp.mpf(log_p))
    return mp.log(K) + p * mp.log(p) + (1 - p) * mp.log(1 - p) - p * mp.log(K - 1)


def fano_capacity_derivation():
    """Fano's inequality for a uniformly random aligned policy, the labels' information bounded by the two
    sources' capacities: the information the target requires is at most what the labels can carry."""
    steps = _fano_steps() + [
        Step("<=", n1 * (sp.log(2) - BinaryEntropy(1 - q1)) + n2 * (sp.log(2) - BinaryEntropy(1 - q2)),
             "Each label carries at most its source's capacity, however the queries are chosen.",
             by=Instance(CAPACITY_TWO, {p1s: 1 - q1, p2s: 1 - q2})),
    ]
    return Derivation("mixture.fano_capacity", "Fano with the two sources' capacities added",
                      domain={q1: sp.Interval(0, 1), q2: sp.Interval(0, 1), K: sp.Interval(2, sp.oo),
                              delta: sp.Interval.Ropen(0, 1)},
                      integers=[n1, n2, K], assumptions=[P.UNIFORM, CHANNELS],
                      given=[sp.Le(Pe, delta), sp.Lt(delta, 1 - 1 / K)], premises=[P.FANO, CAPACITY_TWO],
                      bound=None, steps=steps)


def test_mixture_fano_capacity_is_proved():
    _proved(check(fano_capacity_derivation()),
            sp.Le(NUM, n1 * (sp.log(2) - BinaryEntropy(1 - q1)) + n2 * (sp.log(2) - BinaryEntropy(1 - q2))))


D1, D2 = sp.symbols("D_max1 D_max2", nonnegative=True)


def _draw_mi_two(rng):
    """K candidates, each with a label law per source; n_1, n_2 <= 2 i.i.d. labels of each source."""
    from bounds.derivations._cited import _mutual_information, _product

    KK, a, b = int(rng.integers(2, 4)), int(rng.integers(0, 3)), int(rng.integers(0, 3))
    la = [rng.dirichlet(np.ones(3)) * 0.97 + 0.01 for _ in range(KK)]
    lb = [rng.dirichlet(np.ones(2)) * 0.97 + 0.015 for _ in range(KK)]
    one = np.ones(1)
    joint = np.array([np.outer(_product(x, a) if a else one, _product(y, b) if b else one).ravel()
                      for x, y in zip(la, lb)]) / KK
    kl = (lambda P, Q: float(np.sum(P * np.log(P / Q))))
    return {MI: _mutual_information(joint), n1: a, n2: b,
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
                      domain={d: sp.Interval.Lopen(0, 1), q1: sp.Interval.open(0, 1), q2: sp.Interval.open(0, 1),
                              K: sp.Interval(2, sp.oo), delta: sp.Interval.Ropen(0, 1)},
                      integers=[n1, n2, K], assumptions=[P.UNIFORM, P.PASSIVE, P.IID, INDEPENDENT],
                      given=[sp.Le(Pe, delta), sp.Lt(delta, 1 - 1 / K)],
                      premises=[P.FANO, MI_TWO, EXCHANGEABLE_TWO, PAIRS], bound=None, steps=steps)


def test_mixture_fano_passive_is_proved():
    _proved(check(fano_passive_derivation()),
            sp.Le(NUM, n1 * d * BernoulliKL(q1, 1 - q1) + n2 * d * BernoulliKL(q2, 1 - q2)))


def test_mi_two_spot_check_catches_a_wrong_statement():
    assert spot_check(MI_TWO).status == "ok"
    wrong = MI_TWO.replace(statement=sp.Le(MI, n1 * D1))
    assert spot_check(wrong).status == "failed"


def test_capacity_two_spot_check_catches_a_wrong_statement():
    assert spot_check(CAPACITY_TWO).status == "ok"
    wrong = CAPACITY_TWO.replace(statement=sp.Le(MI, n1 * (sp.log(2) - BinaryEntropy(p1s))))
    assert spot_check(wrong).status == "failed"


def _golden_min(f, lo, hi, iters=200):
    """The minimum of a convex function on [lo, hi] by golden-section search (mpmath)."""
    g = (mp.sqrt(5) - 1) / 2
    a, b = mp.mpf(lo), mp.mpf(hi)
    for _ in range(iters):
        c, e = b - g * (b - a), a + g * (b - a)
        if f(c) <= f(e):
            b = e
        else:
            a = c
    return f((a + b) / 2)


@pytest.mark.parametrize("n_1,eps_1,n_2,eps_2,K,dd", [
    (300, 0.1, 2000, 0.35, 2**20, 0.1), (50, 0.05, 50, 0.45, 2, 1.0), (1000, 0.2, 10, 0.01, 1000, 0.5),
])
def test_the_mixture_bounds_are_the_derived_expressions(n_1, eps_1, n_2, eps_2, K, dd):
    # what bounds.sources reports on the sufficient side is (K - 1) times the derived duel
    # bounds: the generic one at its best tilt (log-convex in lambda: golden section in mpmath,
    # independent of the code's root finding), the weighted one as derived
    from bounds.sources import Mixture

    m = Mixture([(n_1, eps_1), (n_2, eps_2)], K=K, d=dd)
    with mp.workdps(30):
        a, b, dm = 1 - mp.mpf(eps_1), 1 - mp.mpf(eps_2), mp.mpf(dd)
        mgf = (lambda q, l: dm * q * mp.exp(-l) + 1 - dm + dm * (1 - q) * mp.exp(l))
        generic = (K - 1) * _golden_min(lambda l: mgf(a, l) ** n_1 * mgf(b, l) ** n_2, 0, 20)
        weighted = (K - 1) * ((1 - dm * (mp.sqrt(a) - mp.sqrt(1 - a)) ** 2) ** n_1
                              * (1 - dm * (mp.sqrt(b) - mp.sqrt(1 - b)) ** 2) ** n_2)
        kl = dm * (n_1 * (2 * a - 1) * mp.log(a / (1 - a)) + n_2 * (2 * b - 1) * mp.log(b / (1 - b)))
        two_point = (1 - mp.sqrt(-mp.expm1(-kl))) / 2
    p = m.failure_probability()
    # the necessary side is the largest of its bounds, the derived two-point one among them
    assert p.lower >= float(two_point) * (1 - 1e-12)
    if "two-point (Le Cam, Bretagnolle" in p.lower_by:
        assert p.lower == pytest.approx(float(two_point), rel=1e-12)
    up = p.upper
    assert "Chernoff" in p.upper_by or up == 1.0
    assert up == pytest.approx(float(min(1, generic)), rel=1e-9)
    assert m.failure_probability("weighted").upper == pytest.approx(float(min(1, weighted)), rel=1e-12)


@pytest.mark.parametrize("n_1,eps_1,n_2,eps_2,K,dd", [(20, 0.1, 50, 0.3, 2**100, 0.3), (40, 0.2, 400, 0.45, 2**60, 0.2)])
def test_the_mixture_fano_bound_is_the_derived_relation(n_1, eps_1, n_2, eps_2, K, dd):
    # the necessary side for every learner (adaptive queries too) takes the smallest P(fail)
    # that satisfies the derived relation with the sources' capacities added: at it, equality
    from bounds.sources import Mixture

    m = Mixture([(n_1, eps_1), (n_2, eps_2)], K=K, d=dd)
    log_p, name = m._necessary_log(np.array([n_1, n_2]), adaptive=True)
    assert "capacities" in name
    with mp.workdps(30):
        need = _fano_need(log_p, K)
        cap = sum(k * (mp.log(2) + mp.mpf(e) * mp.log(e) + (1 - mp.mpf(e)) * mp.log(1 - mp.mpf(e)))
                  for k, e in ((n_1, eps_1), (n_2, eps_2)))
    assert abs(need - cap) <= 1e-9 * cap


@pytest.mark.parametrize("n_1,eps_1,n_2,eps_2,K,dd", [(100, 0.25, 200, 0.4, 2**80, 0.2), (50, 0.2, 300, 0.4, 2**100, 0.2)])
def test_the_mixture_passive_fano_bound_is_the_derived_relation(n_1, eps_1, n_2, eps_2, K, dd):
    # passive queries: the smallest P(fail) that satisfies the derived relation with the sources'
    # pairwise KL added (d kl(q_k || 1 - q_k) per label of source k): at it, equality
    from bounds.sources import Mixture

    m = Mixture([(n_1, eps_1), (n_2, eps_2)], K=K, d=dd)
    log_p, name = m._necessary_log(np.array([n_1, n_2]))
    assert "Fano with the sources' KL" in name
    with mp.workdps(30):
        need = _fano_need(log_p, K)
        info = sum(k * mp.mpf(dd) * (1 - 2 * mp.mpf(e)) * mp.log((1 - mp.mpf(e)) / mp.mpf(e))
                   for k, e in ((n_1, eps_1), (n_2, eps_2)))
    assert abs(need - info) <= 1e-9 * info
