r"""The premises checked on random instances: theorems cited from the literature, elementary
facts, and facts about the model argued in their sources.

Each premise states exactly what is used, as a sympy relation in its own variables
(`_variables.var`), with its side conditions and its citation. Each that can be evaluated
carries a spot check: random instances (finite distributions, finite random variables, small
channels and codes) whose exact quantities are substituted into the premise's own statement
(`bounds.proof.spotcheck`).
"""
from __future__ import annotations

import functools

import numpy as np
import sympy as sp

from bounds.measures import BinaryEntropy
from bounds.proof import E, KL, FiniteSpace, Pr, Premise, SpotCheck

from ._model import CHANNEL, COUNTS, IID, PASSIVE, UNIFORM
from ._notation import (LOSE, WIN, A, Bin, Compl, Cup, Dmax, MI, Meas, P0, P1, P_lose, Pe, Prod, Union, binpmf, d,
                        i, n, q)
from ._variables import var

# ----------------------------------------------------------------------------- probability
DECREASING_EVENT = Premise(
    "prob.decreasing_map",
    "Strictly decreasing maps preserve events",
    sp.Eq(Pr(var.X <= var.a), Pr(var.g(var.X) >= var.g(var.a))),
    "elementary: a strictly decreasing map reverses inequalities both ways, so the two events are the same",
    hypotheses=[sp.Derivative(var.g(var.x), var.x) < 0],
    domain={var.x: sp.Reals},
)

MARKOV = Premise(
    "prob.markov",
    "Markov's inequality",
    sp.Le(Pr(var.X >= var.a), E(var.X) / var.a),
    "Markov (1884); e.g. Billingsley, Probability and Measure (1995), Eq. (5.31)",
    hypotheses=[var.X >= 0, var.a > 0],
)

IID_MGF = Premise(
    "prob.iid_mgf",
    "The moment generating function of an i.i.d. sum is a power",
    sp.Eq(E(sp.exp(var.t * sp.Sum(var.Xs[i], (i, 1, n)))), E(sp.exp(var.t * var.Xs[1])) ** n),
    "independence: the expectation of a product of independent variables is the product of their expectations (Billingsley 1995, Thm 21.4)",
    hypotheses=[IID],
)

PROB_AT_MOST_ONE = Premise(
    "prob.at_most_one",
    "A probability is at most 1",
    sp.Le(Pr(var.A), 1),
    "Kolmogorov's axioms",
)

NONNEG_SUM_ZERO = Premise(
    "prob.nonneg_sum",
    "A sum of i.i.d. nonnegative variables vanishes only if every term does",
    sp.Eq(Pr(sp.Sum(var.Xs[i], (i, 1, n)) <= 0), Pr(var.Xs[1] <= 0) ** n),
    "elementary (a sum of nonnegative terms vanishes only if every term does), then independence",
    hypotheses=[sp.Eq(Pr(var.Xs[1] < 0), 0), IID],
)

# ----------------------------------------------------------------------------- concentration
HOEFFDING = Premise(
    "conc.hoeffding",
    "Hoeffding's inequality (lower tail)",
    sp.Le(Pr(sp.Le(sp.Sum(var.Xs[i], (i, 1, n)) - n * var.mu, -n * var.s, evaluate=False)), sp.exp(-2 * n * var.s**2 / (var.b - var.a) ** 2)),
    "Hoeffding (1963), JASA 58:13-30, Theorem 2 (one-sided; i.i.d. terms in [a, b] with mean mu)",
    hypotheses=[sp.Eq(E(var.Xs[1]), var.mu), sp.Eq(Pr(var.Xs[1] < var.a), 0), sp.Eq(Pr(var.Xs[1] > var.b), 0), var.s >= 0, var.b > var.a, IID],
    url="https://doi.org/10.1080/01621459.1963.10500830",
)

# ----------------------------------------------------------------------------- unions, sums, minima and maxima
UNION_BOUND = Premise(
    "prob.union_bound",
    "Union bound (Boole's inequality)",
    sp.Le(Pr(Union(var.event(var.index), var.index, var.a, var.b)), sp.Sum(Pr(var.event(var.index)), (var.index, var.a, var.b))),
    "Boole (1854); any probability text, e.g. Billingsley (1995), Eq. (2.10)",
)

UNION_TWO = Premise(
    "prob.union_two",
    "Union bound for two events",
    sp.Le(Pr(Cup(var.A, var.B)), Pr(var.A) + Pr(var.B)),
    "Kolmogorov's axioms: P(A u B) = P(A) + P(B) - P(A n B)",
)

SUM_MONOTONE = Premise(
    "alg.sum_monotone",
    "Termwise inequalities add up",
    sp.Le(sp.Sum(var.f(var.index), (var.index, var.a, var.b)), sp.Sum(var.h(var.index), (var.index, var.a, var.b))),
    "elementary",
    hypotheses=[sp.Le(var.f(var.index), var.h(var.index))],
)

ADD_LE = Premise(
    "alg.add_le",
    "Inequalities add up",
    sp.Le(var.a + var.c, var.b + var.e),
    "elementary",
    hypotheses=[sp.Le(var.a, var.b), sp.Le(var.c, var.e)],
)

MIN_UPPER = Premise(
    "alg.min_upper",
    "Below two numbers, below their minimum",
    sp.Le(var.a, sp.Min(var.b, var.c)),
    "definition of the minimum",
    hypotheses=[sp.Le(var.a, var.b), sp.Le(var.a, var.c)],
)

MAX_LOWER = Premise(
    "alg.max_lower",
    "Above two numbers, above their maximum",
    sp.Ge(var.a, sp.Max(var.b, var.c)),
    "definition of the maximum",
    hypotheses=[sp.Ge(var.a, var.b), sp.Ge(var.a, var.c)],
)

MIN_BELOW = Premise(
    "alg.min_below",
    "The minimum of two numbers is at most each",
    sp.Le(sp.Min(var.a, var.b), var.a),
    "definition of the minimum",
)

MAX_ABOVE = Premise(
    "alg.max_above",
    "The maximum of two numbers is at least each",
    sp.Ge(sp.Max(var.a, var.b), var.a),
    "definition of the maximum",
)

MEAN_BELOW = Premise(
    "alg.mean_below",
    "The mean of two numbers below a bound",
    sp.Ge(var.c, (var.a + var.b) / 2),
    "elementary",
    hypotheses=[sp.Le(var.a, var.c), sp.Le(var.b, var.c)],
)

# ----------------------------------------------------------------------------- two points
BRETAGNOLLE_HUBER = Premise(
    "info.bretagnolle_huber",
    "Bretagnolle–Huber inequality",
    sp.Ge(Meas(var.P, var.A) + Meas(var.Q, Compl(var.A)), sp.exp(-KL(var.P, var.Q)) / 2),
    "Bretagnolle & Huber (1979); Lattimore & Szepesvári, Bandit Algorithms (2020), Theorem 14.2",
    url="https://tor-lattimore.com/downloads/book/book.pdf",
)

BH_REFINED = Premise(
    "info.bh_refined",
    "Bretagnolle–Huber, refined",
    sp.Ge(Meas(var.P, var.A) + Meas(var.Q, Compl(var.A)), 1 - sp.sqrt(1 - sp.exp(-KL(var.P, var.Q)))),
    "Lattimore & Szepesvári, Bandit Algorithms (2020), Eq. (14.10); Le Cam (1973)",
    url="https://tor-lattimore.com/downloads/book/book.pdf",
)

KL_TENSOR = Premise(
    "info.kl_product",
    "KL divergence of product laws adds up",
    sp.Eq(KL(Prod(var.P, n), Prod(var.Q, n)), n * KL(var.P, var.Q)),
    "chain rule for KL divergence (Cover & Thomas 2006, Thm 2.5.3)",
    hypotheses=[IID],
)

COMPLEMENT = Premise(
    "prob.complement",
    "Probability of the complement",
    sp.Eq(Meas(var.P, Compl(var.A)), 1 - Meas(var.P, var.A)),
    "Kolmogorov's axioms",
)

# ----------------------------------------------------------------------------- Fano
FANO = Premise(
    "info.fano",
    "Fano's inequality",
    sp.Le(sp.log(var.K) - MI, BinaryEntropy(Pe) + Pe * sp.log(var.K - 1)),
    "Fano (1961); Cover & Thomas, Elements of Information Theory (2006), Thm 2.10.1, with the entropy ln K of a uniform V",
    hypotheses=[UNIFORM],
)

FANO_WEAK = Premise(
    "info.fano_weak",
    "Fano's inequality, M-ary form",
    sp.Ge(Pe, 1 - (MI + sp.log(2)) / sp.log(var.K)),
    "Duchi, Lecture Notes on Statistics and Information Theory, Fano's method",
    hypotheses=[UNIFORM],
    url="https://web.stanford.edu/class/stats311/lecture-notes.pdf",
)

CAPACITY_BOUND = Premise(
    "info.capacity",
    "Labels through a binary symmetric channel carry at most its capacity",
    sp.Le(MI, n * (sp.log(2) - BinaryEntropy(var.p))),
    "chain rule for mutual information and the capacity ln 2 - h(p) of the binary symmetric channel (Shannon 1948); "
    "feedback (adaptive queries) does not raise the capacity of a memoryless channel (Shannon 1956)",
    hypotheses=[CHANNEL, sp.Eq(var.p, 1 - q)],
)

GIBBS_BINARY = Premise(
    "info.gibbs_binary",
    "The binary entropy is largest for a fair coin",
    sp.Gt(sp.log(2) - BinaryEntropy(var.p), 0),
    "Gibbs' inequality: the gap is the KL divergence from the fair coin, positive unless the coin is fair (Cover & Thomas 2006, Thm 2.6.3)",
    hypotheses=[var.p >= 0, var.p <= 1, sp.Ne(var.p, sp.Rational(1, 2))],
)

MI_PAIRWISE_KL = Premise(
    "info.mi_pairwise_kl",
    "Mutual information is at most n times the largest pairwise KL divergence",
    sp.Le(MI, n * Dmax),
    "convexity of the KL divergence (Duchi, Lecture Notes on Statistics and Information Theory, Fano's method), and the KL divergence of n i.i.d. labels is n times one label's",
    hypotheses=[PASSIVE, IID],
)

# ----------------------------------------------------------------------------- exact sums
TOTAL_PROBABILITY = Premise(
    "prob.total",
    "Law of total probability over a count",
    sp.Eq(Pr(var.A), sp.Sum(Pr(sp.Eq(var.X, var.k)) * Pr(var.A, sp.Eq(var.X, var.k)), (var.k, 0, n))),
    "Kolmogorov's axioms (additivity over the disjoint events {X = k})",
    hypotheses=[COUNTS],
)

INTEGER_HALF = Premise(
    "alg.integer_half",
    "Integer thresholds",
    sp.Eq(Pr(sp.Le(2 * Bin(var.N, var.p) - var.k, 0, evaluate=False)), Pr(sp.Le(Bin(var.N, var.p), sp.floor(var.k / 2), evaluate=False))),
    "elementary: an integer is at most a number exactly when it is at most the number's integer part",
)

BINOMIAL_CDF = Premise(
    "prob.binomial_cdf",
    "The binomial distribution function",
    sp.Eq(Pr(sp.Le(Bin(var.N, var.p), var.threshold, evaluate=False)), sp.Sum(binpmf(var.N, var.p, var.k), (var.k, 0, var.threshold))),
    "definition of the binomial law",
)

BINOMIALS_COMPARED = Premise(
    "prob.binomials_compared",
    "Probability that one binomial count is at most an independent one",
    sp.Eq(Pr(sp.Le(Bin(var.N, var.p), Bin(var.N2, var.p2), evaluate=False)),
          sp.Sum(binpmf(var.N2, var.p2, var.y_count) * sp.Sum(binpmf(var.N, var.p, var.x_count), (var.x_count, 0, var.y_count)), (var.y_count, 0, var.N2))),
    "law of total probability over the second count, then the binomial distribution function (the two counts are independent)",
)

LOSE_IS_NOT_WIN = Premise(
    "model.lose_not_win",
    "Losing is not winning",
    sp.Eq(Pr(LOSE, var.B), 1 - Pr(WIN, var.B)),
    "Kolmogorov's axioms (complement, under any conditioning)",
)

# ----------------------------------------------------------------------------- the duel's generic objective (two points)
GENERIC_TEST = Premise(
    "model.generic_two_point",
    "The generic objective as a test between two candidates",
    sp.Ge(P_lose(n, d, q), (Meas(Prod(P0, n), A) + Meas(Prod(P1, n), Compl(A))) / 2),
    "the model: with A the event that the generic objective does not pick candidate 0 (it picks candidate 1, or "
    "the scores tie), the duel is lost with probability P_0(A) when candidate 0 is the aligned policy, and with "
    "probability P_1(S >= 0) >= P_1(A^c) when candidate 1 is; the objective treats the two policies alike and "
    "the model is symmetric under swapping them, so both losses equal P_lose",
    hypotheses=[IID],
)

NO_MARGIN_HALF = Premise(
    "model.no_margin_half",
    "Without a margin the duel is lost at least half of the time",
    sp.Ge(P_lose(n, d, q), sp.Rational(1, 2)),
    "the model: at q <= 1/2 one label's evidence is stochastically at most its mirror image, so P(S <= 0) >= "
    "P(S >= 0), and the two events cover every outcome",
    hypotheses=[q <= sp.Rational(1, 2), IID],
)

# ----------------------------------------------------------------------------- spot checks
# Random instances whose exact quantities are substituted into each premise's own statement.


def _dist(rng, k):
    """A random distribution on k outcomes: spread out, concentrated or nearly uniform."""
    return rng.dirichlet(np.full(k, rng.choice([0.3, 1.0, 30.0])))


def _space(rng, size=None):
    return FiniteSpace(_dist(rng, size or int(rng.integers(2, 7))))


def _binomial_space(N, p):
    ks = np.arange(N + 1)
    pmf = np.array([float(sp.binomial(N, int(k))) * p**k * (1 - p) ** (N - k) for k in ks])
    return FiniteSpace(pmf / pmf.sum()), ks.astype(float)


def _draw_decreasing(rng):
    S = _space(rng)
    X = rng.normal(size=S.size) * 2
    c = float(rng.uniform(0.1, 3.0))
    a = float(rng.choice(X)) if rng.random() < 0.5 else float(rng.normal())
    return {"space": S, var.X: X, var.a: a, var.g: lambda x: np.exp(-c * np.asarray(x, dtype=float))}


def _draw_markov(rng):
    S = _space(rng)
    X = rng.exponential(size=S.size) * (rng.random(S.size) < 0.8)
    a = float(rng.choice(X[X > 0])) if (X > 0).any() and rng.random() < 0.5 else float(rng.exponential())
    return {"space": S, var.X: X, var.a: max(a, 1e-3)}


def _iid(rng, values, n):
    S, copies = FiniteSpace.iid(values, _dist(rng, len(values)), n)
    return S, (lambda i: copies[int(i) - 1])


def _draw_iid_mgf(rng):
    nn = int(rng.integers(1, 5))
    S, Xs = _iid(rng, rng.normal(size=int(rng.integers(2, 4))), nn)
    return {"space": S, var.Xs: Xs, n: nn, var.t: float(rng.normal())}


def _draw_nonneg_sum(rng):
    nn = int(rng.integers(1, 5))
    S, Xs = _iid(rng, [0.0, *rng.exponential(size=2)], nn)
    return {"space": S, var.Xs: Xs, n: nn}


def _draw_hoeffding(rng):
    a = float(rng.normal())
    b = a + float(rng.exponential()) + 0.1
    nn = int(rng.integers(1, 5))
    values = np.concatenate([[a, b], rng.uniform(a, b, size=int(rng.integers(0, 2)))])
    S, Xs = _iid(rng, values, nn)
    mu = S.expect(Xs(1))
    s = mu - a if rng.random() < 0.3 else float(rng.uniform(0.0, mu - a + 1e-12))  # mu - a: every term at a
    return {"space": S, var.Xs: Xs, n: nn, var.a: a, var.b: b, var.mu: mu, var.s: max(s, 0.0)}


def _draw_event(rng):
    S = _space(rng)
    return {"space": S, var.A: rng.random(S.size) < 0.5}


def _union(evaluate, event, index, lo, hi):
    """The union of the events event(index) for index from lo to hi."""
    masks = [np.asarray(evaluate(event, {index: k}), dtype=bool) for k in range(int(evaluate(lo)), int(evaluate(hi)) + 1)]
    return functools.reduce(np.logical_or, masks, np.zeros_like(masks[0]) if masks else False)


_union.binder = True


def _draw_union(rng):
    S = _space(rng, int(rng.integers(3, 9)))
    a = int(rng.integers(0, 4))
    masks = rng.random((int(rng.integers(1, 5)), S.size)) < 0.4
    return {"space": S, var.a: a, var.b: a + len(masks) - 1, var.event: lambda k: masks[int(k) - a], Union: _union}


def _draw_union_two(rng):
    S = _space(rng, int(rng.integers(2, 9)))
    a, b = (rng.random((2, S.size)) < rng.uniform(0.1, 0.9))
    return {"space": S, var.A: a, var.B: b, Cup: lambda x, y: np.logical_or(x, y)}


def _draw_add_le(rng):
    a, c = rng.normal(size=2)
    b, e = a + rng.exponential() * (rng.random() < 0.7), c + rng.exponential() * (rng.random() < 0.7)
    return {var.a: a, var.b: b, var.c: c, var.e: e}


def _duel_laws(rng):
    """n <= 4 labels of the duel: the laws of one label under either candidate, the evidence of every outcome."""
    nn, dd, qq = int(rng.integers(0, 5)), float(rng.uniform(0.05, 1.0)), float(rng.random())
    one = np.array([1.0, -1.0, 0.0])  # favours candidate 0, favours candidate 1, does not separate
    law0, law1 = np.array([dd * qq, dd * (1 - qq), 1 - dd]), np.array([dd * (1 - qq), dd * qq, 1 - dd])
    evidence = functools.reduce(lambda x, y: np.add.outer(x, y).ravel(), [one] * nn, np.zeros(1))
    return nn, dd, qq, law0, law1, evidence


def _product0(law, m):
    return functools.reduce(lambda x, y: np.outer(x, y).ravel(), [np.asarray(law)] * int(m), np.ones(1))


def _draw_generic_test(rng):
    nn, dd, qq, law0, law1, evidence = _duel_laws(rng)
    lose = float(np.sum(_product0(law0, nn)[evidence <= 0]))
    return {n: nn, d: dd, q: qq, P0: law0, P1: law1, A: evidence <= 0, P_lose(n, d, q): lose, Prod: _product0, **_MEASURE}


def _draw_no_margin_half(rng):
    nn, dd, qq, law0, _, evidence = _duel_laws(rng)
    qq = qq / 2  # q <= 1/2
    law0 = np.array([dd * qq, dd * (1 - qq), 1 - dd])
    return {n: nn, d: dd, q: qq, P_lose(n, d, q): float(np.sum(_product0(law0, nn)[evidence <= 0]))}


def _draw_sum_monotone(rng):
    a = int(rng.integers(-3, 4))
    f = rng.normal(size=6)
    h = f + rng.exponential(size=6) * (rng.random(6) < 0.7)
    return {var.a: a, var.b: a + int(rng.integers(0, 6)), var.f: lambda k: f[int(k) - a], var.h: lambda k: h[int(k) - a]}


def _two_laws(rng):
    k = int(rng.integers(2, 6))
    P = _dist(rng, k)
    Q = P * np.exp(rng.normal(scale=0.05, size=k)) if rng.random() < 0.3 else _dist(rng, k)
    return P, np.maximum(Q, 1e-12) / np.maximum(Q, 1e-12).sum()


_MEASURE = {Meas: lambda law, ev: float(np.sum(np.asarray(law)[np.asarray(ev, dtype=bool)])),
            Compl: lambda ev: ~np.asarray(ev, dtype=bool)}


def _draw_two_point_test(rng):
    P, Q = _two_laws(rng)
    A = (P < Q) if rng.random() < 0.5 else rng.random(P.size) < 0.5
    return {var.P: P, var.Q: Q, var.A: A, **_MEASURE}


def product_law(law, m):
    return functools.reduce(lambda x, y: np.outer(x, y).ravel(), [np.asarray(law)] * int(m))


def _draw_kl_product(rng):
    P, Q = _two_laws(rng)
    return {var.P: P, var.Q: Q, n: int(rng.integers(1, 4)), Prod: product_law}


def mutual_information(joint):
    """I(V; Y) of a joint law given as a (values of V) x (values of Y) array."""
    pv, py = joint.sum(axis=1, keepdims=True), joint.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(joint > 0, joint * np.log(joint / (pv * py)), 0.0)
    return float(terms.sum())


def _draw_fano(rng):
    KK = int(rng.integers(2, 7))
    W = np.array([_dist(rng, 4) for _ in range(KK)])
    joint = W / KK
    decide = joint.argmax(axis=0) if rng.random() < 0.7 else rng.integers(0, KK, size=W.shape[1])
    error = 1.0 - float(sum(joint[decide[y], y] for y in range(W.shape[1])))
    return {var.K: KK, MI: mutual_information(joint), Pe: error}


def _draw_capacity(rng):
    KK, nn, p = int(rng.integers(2, 6)), int(rng.integers(1, 4)), float(rng.random())
    code = rng.integers(0, 2, size=(KK, nn))
    words = np.indices((2,) * nn).reshape(nn, -1).T
    flips = (code[:, None, :] != words[None, :, :]).sum(axis=2)
    joint = p**flips * (1 - p) ** (nn - flips) / KK
    return {var.p: p, q: 1 - p, n: nn, MI: mutual_information(joint)}


def _draw_pairwise_kl(rng):
    KK, nn, m = int(rng.integers(2, 5)), int(rng.integers(1, 3)), int(rng.integers(2, 4))
    laws = [_dist(rng, m) * 0.98 + 0.02 / m for _ in range(KK)]
    joint = np.array([product_law(law, nn) for law in laws]) / KK
    kl = max(float(np.sum(P * np.log(P / Q))) for P in laws for Q in laws)
    return {MI: mutual_information(joint), n: nn, Dmax: kl}


def _draw_total_probability(rng):
    nn = int(rng.integers(0, 5))
    X = np.repeat(np.arange(nn + 1, dtype=float), 2)
    S = FiniteSpace(_dist(rng, X.size) * 0.9 + 0.1 / X.size)
    return {"space": S, var.X: X, var.A: rng.random(X.size) < 0.5, n: nn}


def _draw_binomial(rng):
    N, p = int(rng.integers(0, 9)), float(rng.uniform(0.01, 0.99))
    S, X = _binomial_space(N, p)
    return {"space": S, Bin(var.N, var.p): X, var.N: N, var.p: p, var.k: int(rng.integers(0, 2 * N + 3)),
            var.threshold: int(rng.integers(-2, N + 3))}


def _draw_two_binomials(rng):
    (N, p), (N2, p2) = [(int(rng.integers(0, 7)), float(rng.uniform(0.01, 0.99))) for _ in range(2)]
    (S1, X1), (S2, X2) = _binomial_space(N, p), _binomial_space(N2, p2)
    S = FiniteSpace(np.outer(S1.p, S2.p).ravel())
    return {"space": S, Bin(var.N, var.p): np.repeat(X1, X2.size), Bin(var.N2, var.p2): np.tile(X2, X1.size),
            var.N: N, var.p: p, var.N2: N2, var.p2: p2}


def _draw_complement_event(rng):
    S = _space(rng)
    win = rng.random(S.size) < 0.5
    given = rng.random(S.size) < 0.6
    given[int(rng.integers(S.size))] = True
    return {"space": S, WIN: win, LOSE: ~win, var.B: given}


for _premise, _draw, _what in (
    (DECREASING_EVENT, _draw_decreasing, "finite random variables, g(x) = exp(-c x)"),
    (MARKOV, _draw_markov, "nonnegative finite random variables"),
    (IID_MGF, _draw_iid_mgf, "n <= 4 i.i.d. copies of a finite random variable"),
    (PROB_AT_MOST_ONE, _draw_event, "random events of finite spaces"),
    (NONNEG_SUM_ZERO, _draw_nonneg_sum, "n <= 4 i.i.d. nonnegative finite random variables, 0 included"),
    (HOEFFDING, _draw_hoeffding, "n <= 4 i.i.d. copies of a variable on a small support in [a, b], its mean mu"),
    (UNION_BOUND, _draw_union, "up to 4 random events of finite spaces"),
    (SUM_MONOTONE, _draw_sum_monotone, "random termwise-ordered sequences"),
    (UNION_TWO, _draw_union_two, "pairs of random events of finite spaces"),
    (ADD_LE, _draw_add_le, "random ordered pairs of numbers"),
    (GENERIC_TEST, _draw_generic_test, "duels of n <= 4 labels, exact laws under both candidates"),
    (NO_MARGIN_HALF, _draw_no_margin_half, "duels of n <= 4 labels with q <= 1/2, exact"),
    (BRETAGNOLLE_HUBER, _draw_two_point_test, "pairs of finite laws, near and far, the optimal and random tests"),
    (BH_REFINED, _draw_two_point_test, "pairs of finite laws, near and far, the optimal and random tests"),
    (KL_TENSOR, _draw_kl_product, "pairs of finite laws and their n-fold products, n <= 3"),
    (COMPLEMENT, _draw_two_point_test, "finite laws and random events"),
    (FANO, _draw_fano, "uniform V on K <= 6 values, random channels, MAP and random decoders"),
    (FANO_WEAK, _draw_fano, "uniform V on K <= 6 values, random channels, MAP and random decoders"),
    (CAPACITY_BOUND, _draw_capacity, "random binary codes of length n <= 3 through BSC(p)"),
    (MI_PAIRWISE_KL, _draw_pairwise_kl, "K <= 4 random label laws, n <= 2 i.i.d. labels"),
    (TOTAL_PROBABILITY, _draw_total_probability, "finite spaces with a count X in 0..n and an event"),
    (INTEGER_HALF, _draw_binomial, "Bin(N, p), N <= 8, integer thresholds"),
    (BINOMIAL_CDF, _draw_binomial, "Bin(N, p), N <= 8, integer thresholds"),
    (BINOMIALS_COMPARED, _draw_two_binomials, "two independent Bin(N, p), N <= 6"),
    (LOSE_IS_NOT_WIN, _draw_complement_event, "random events of finite spaces"),
):
    _premise.spot_check = SpotCheck(_draw, what=_what)


__all__ = [name for name in dir() if name.isupper()]
