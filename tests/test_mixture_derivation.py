"""Machine-checked derivations of the mixtures' sufficient side (`bounds.sources`), two sources.

`Mixture.failure_probability` bounds the race with the union of K - 1 duels, each by
Chernoff with one tilt for every source (the generic objective) or with the likelihood-ratio
weights at the tilt 1/2 (the weighted objective). Here each duel's bound is derived step by
step and checked by `bounds.proof.check`, with two sources (n_1 labels at q_1, n_2 at q_2;
more sources repeat the independence step). The new premise (the moment generating function
of a sum of two independent variables) carries its spot check. The derivations live here, not
in `bounds.derivations`: that package holds the catalogue's bounds, whose inputs are scalars.
The numbers: `bounds.sources` evaluates the same expressions (checked at the end against
an independent evaluation).
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
    up = m.failure_probability().upper
    assert "Chernoff" in m.failure_probability().upper_by or up == 1.0
    assert up == pytest.approx(float(min(1, generic)), rel=1e-9)
    assert m.failure_probability("weighted").upper == pytest.approx(float(min(1, weighted)), rel=1e-12)
