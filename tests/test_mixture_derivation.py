"""The derivations of the bounds of mixtures (`bounds.sources`) and of weighted votes (`bounds.redundancy`).

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

The derivations are in `bounds.derivations._mixtures` (`bounds.derivations.results()`), rendered
among the derivation pages; here each is checked step by step by `bounds.proof.check`, each new
cited premise's spot check is shown to reject a deliberately wrong statement, and the numbers
the package reports are compared with the derived expressions, evaluated independently in
mpmath.
"""
from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest
import sympy as sp

from bounds.derivations._mixtures import (BC, BC_JOIN, BC_VOTE, CAPACITY_TWO, D1, INDEPENDENT_MGF, JA, JB, JC, JD,
                                          KAILATH_LOWER, KAILATH_UPPER, KL_JOIN, LABELS, LP, LQ, M1, M2, MI_TWO, NUM,
                                          RHO, S1, S2, V0, V1, W1, W2, X, Y, Bayes, Join, _chain, d,
                                          fano_capacity_derivation, fano_passive_derivation, generic_derivation,
                                          kailath_derivation, n1, n2, p1s, q1, q2, t, two_point_derivation,
                                          weighted_derivation)
from bounds.derivations._notation import MI, delta
from bounds.measures import BernoulliKL, BinaryEntropy
from bounds.proof import KL, E, Model, Pr, Step, check, spot_check


def _proved(r, conclusion):
    """Every step proved or an instance of a premise, no structural error, every premise's spot
    check passed (or a model, which has none), and the conclusion as stated."""
    assert r.ok and r.status != "false", (r.status, r.failures())
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


def test_mixture_two_point_is_proved():
    bh = (1 - sp.sqrt(1 - sp.exp(-(n1 * d * BernoulliKL(q1, 1 - q1) + n2 * d * BernoulliKL(q2, 1 - q2))))) / 2
    _proved(check(two_point_derivation()), sp.Ge(delta, bh))


def test_kl_join_spot_check_catches_a_wrong_statement():
    assert spot_check(KL_JOIN).status == "ok"
    wrong = KL_JOIN.replace(statement=sp.Eq(KL(Join(JA, JB), Join(JC, JD)), KL(JA, JC) * 2))
    assert spot_check(wrong).status == "failed"


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


def _fano_need(log_p, K):
    """ln K - h(P) - P ln(K - 1) at P = e^log_p, in mpmath (the caller's precision)."""
    p = mp.exp(mp.mpf(log_p))
    return mp.log(K) + p * mp.log(p) + (1 - p) * mp.log(1 - p) - p * mp.log(K - 1)


def test_mixture_fano_capacity_is_proved():
    _proved(check(fano_capacity_derivation()),
            sp.Le(NUM, n1 * (sp.log(2) - BinaryEntropy(1 - q1)) + n2 * (sp.log(2) - BinaryEntropy(1 - q2))))


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
