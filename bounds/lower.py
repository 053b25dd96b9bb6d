r"""Information-theoretic lower bounds: what no learner can beat.

With adversarial raters, the lower bounds speak of the *worst* adversary controlling a
randomly assigned fraction $\alpha$ of labels: one that makes a separating label favour
the aligned policy with probability $q_\alpha = (1-\alpha)(1-\varepsilon)$ (it always
votes against), or, when $q_\alpha \le 1/2$, flips a fair coin so that labels carry no
information at all; then no finite number of labels suffices. With $\alpha = 0$ they
are the classical bounds for a binary symmetric channel with crossover $\varepsilon$.

* `fano.capacity`, `fano.capacity_exact` — Fano's inequality with the information per
  label bounded by the capacity $\ln 2 - h(1-q_\alpha)$ of the label channel. Holds for
  **every** class of $K$ candidates when the aligned one is uniformly random, and for
  learners that choose their queries adaptively.
* `fano.passive`, `fano.passive_exact` — Fano with the information per label bounded by
  the largest pairwise KL divergence $d\,\mathrm{kl}(q_\alpha \| 1-q_\alpha)$; speaks of
  the exchangeable class in which every pair of candidates is separated by a query with
  probability $d$, queries drawn passively.
* `two_point.bretagnolle_huber`, `two_point.le_cam` — two candidates separated with
  probability $d$ (any $K \ge 2$ class contains such a pair): any test errs with
  probability at least this much on one of them.

Examples
--------
>>> import bounds
>>> b = bounds.bound("fano.capacity_exact")
>>> round(b(K=1024, eps=0.2, alpha=0.0, delta=0.1), 2)  # REFERENCES.md §1.1: 30.68
30.68
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from .core import Bound, register
from .measures import BernoulliKL, BinaryEntropy, _capacity_nats, _h_nats
from .vocabulary import SYMBOLS

__all__ = [
    "FANO_CAPACITY",
    "FANO_CAPACITY_EXACT",
    "FANO_PASSIVE",
    "FANO_PASSIVE_EXACT",
    "TWO_POINT_BH",
    "TWO_POINT_LE_CAM",
]

n, K, d, eps, alpha, delta = (SYMBOLS[s] for s in ("n", "K", "d", "eps", "alpha", "delta"))
QA = (1 - alpha) * (1 - eps)
HALF = sp.Rational(1, 2)
LN2 = math.log(2.0)

_CAPACITY = sp.log(2) - BinaryEntropy(1 - QA)
_KL_PAIR = d * BernoulliKL(QA, 1 - QA)

_FANO_WEAK_NUM = (1 - delta) * sp.log(K) - sp.log(2)
_FANO_EXACT_NUM = sp.log(K) - BinaryEntropy(delta) - delta * sp.log(K - 1)


def _qa(eps, alpha):
    return (1.0 - alpha) * (1.0 - eps)


def _qbar(eps, alpha):
    """1 - q_alpha, without the cancellation of 1 - (1 - alpha)(1 - eps) when both are tiny."""
    return alpha + eps * (1.0 - alpha)


def _kl_sym_bar(qbar):
    """kl(q || 1 - q) = (1 - 2 qbar) log((1 - qbar) / qbar) = x log1p(x / qbar), x = 1 - 2 qbar,
    from qbar = 1 - q: no cancellation at either end, and inf at qbar = 0."""
    qb = np.asarray(qbar, dtype=float)
    x = 1.0 - 2.0 * qb
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.log1p(x / qb)
        out *= x
    return out


def _ratio(num, den):
    """max(num, 0) / den with 0 when num <= 0 and inf when den <= 0 < num."""
    num = np.asarray(num, float)
    den = np.asarray(den, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(den > 0, num / den, np.inf)
    return np.where(num > 0, out, 0.0)


def _weak_num(K, delta):
    return (1.0 - delta) * np.log(K) - LN2


def _exact_num(K, delta):
    num = np.log(K) - _h_nats(delta) - delta * np.log(K - 1.0)
    return np.where(delta >= 1.0 - 1.0 / K, 0.0, num)


def _cap(eps, alpha):
    qb = np.minimum(_qbar(eps, alpha), 0.5)  # q_alpha <= 1/2: capacity 0
    return _capacity_nats(qb)


def _klpair(d, eps, alpha):
    qb = np.minimum(_qbar(eps, alpha), 0.5)  # q_alpha <= 1/2: no information
    return d * _kl_sym_bar(qb)


_ASSUME_FANO = (
    "the aligned policy is uniformly random among the K candidates (Fano needs a uniform prior)",
    "the learner must output the aligned policy; error probability delta",
    "labels pass through a binary channel with crossover 1 - q_alpha (the worst adversary on a random alpha fraction)",
)

_NO_SOL = "The labels carry no information when (1 - alpha)(1 - eps) <= 1/2 (the adversary can make them fair coins)."

FANO_CAPACITY = register(Bound(
    "fano.capacity",
    "Fano lower bound, capacity form (weak)",
    "n", ">=",
    sp.Piecewise((sp.Max(0, _FANO_WEAK_NUM / _CAPACITY), QA > HALF), (0, _FANO_WEAK_NUM <= 0), (sp.oo, True)),
    direction="necessary",
    citation="Fano's inequality (Cover & Thomas 2006, Thm 2.10.1) in the M-ary form of Duchi's lecture notes; BSC capacity (Shannon 1948; feedback does not raise it, Shannon 1956)",
    monotone={"K": 1, "eps": 1, "alpha": 1, "delta": -1},
    assumptions=_ASSUME_FANO + ("queries may be chosen adaptively; holds on every class of K candidates",),
    conditions="0 when (1 - delta) ln K <= ln 2 (vacuous); otherwise infinite when q_alpha <= 1/2",
    numeric=lambda K, eps, alpha, delta: _ratio(_weak_num(K, delta), _cap(eps, alpha)),
    no_solution=_NO_SOL,
    witness="simulate.fano_packing",
    description="n >= ((1 - delta) ln K - ln 2) / C with C = ln 2 - h(1 - q_alpha) nats per label.",
))

FANO_CAPACITY_EXACT = register(Bound(
    "fano.capacity_exact",
    "Fano lower bound, capacity form (exact inversion)",
    "n", ">=",
    sp.Piecewise(
        (0, delta >= 1 - 1 / K),
        (sp.Max(0, _FANO_EXACT_NUM / _CAPACITY), QA > HALF),
        (sp.oo, True),
    ),
    direction="necessary",
    citation="Fano's inequality H(V|Y) <= h(P_e) + P_e ln(K - 1) (Cover & Thomas 2006, Thm 2.10.1), inverted exactly; BSC capacity",
    monotone={"K": 1, "eps": 1, "alpha": 1, "delta": -1},
    assumptions=FANO_CAPACITY.assumptions,
    conditions="0 when delta >= 1 - 1/K; infinite when q_alpha <= 1/2",
    numeric=lambda K, eps, alpha, delta: _ratio(_exact_num(K, delta), _cap(eps, alpha)),
    no_solution=_NO_SOL,
    witness="simulate.fano_packing",
    description="n >= (ln K - h(delta) - delta ln(K - 1)) / C: tighter than the weak form for every delta.",
))

FANO_PASSIVE = register(Bound(
    "fano.passive",
    "Fano lower bound, passive KL form (weak)",
    "n", ">=",
    sp.Piecewise((sp.Max(0, _FANO_WEAK_NUM / _KL_PAIR), QA > HALF), (0, _FANO_WEAK_NUM <= 0), (sp.oo, True)),
    direction="necessary",
    citation="Fano's inequality with I(V; Y^n) <= n max KL (Duchi, Lecture Notes on Statistics and Information Theory, Fano method)",
    monotone={"K": 1, "d": -1, "eps": 1, "alpha": 1, "delta": -1},
    assumptions=_ASSUME_FANO + (
        "queries drawn passively (i.i.d., not chosen by the learner)",
        "the exchangeable class: every pair of candidates is separated by a query with probability d",
    ),
    conditions="0 when (1 - delta) ln K <= ln 2 (vacuous); otherwise infinite when q_alpha <= 1/2",
    numeric=lambda K, d, eps, alpha, delta: _ratio(_weak_num(K, delta), _klpair(d, eps, alpha)),
    no_solution=_NO_SOL,
    witness="simulate.fano_packing",
    description="n >= ((1 - delta) ln K - ln 2) / (d kl(q_alpha || 1 - q_alpha)).",
))

FANO_PASSIVE_EXACT = register(Bound(
    "fano.passive_exact",
    "Fano lower bound, passive KL form (exact inversion)",
    "n", ">=",
    sp.Piecewise(
        (0, delta >= 1 - 1 / K),
        (sp.Max(0, _FANO_EXACT_NUM / _KL_PAIR), QA > HALF),
        (sp.oo, True),
    ),
    direction="necessary",
    citation="Fano's inequality inverted exactly (Cover & Thomas 2006, Thm 2.10.1); I <= n max KL (Duchi's lecture notes)",
    monotone={"K": 1, "d": -1, "eps": 1, "alpha": 1, "delta": -1},
    assumptions=FANO_PASSIVE.assumptions,
    conditions="0 when delta >= 1 - 1/K; infinite when q_alpha <= 1/2",
    numeric=lambda K, d, eps, alpha, delta: _ratio(_exact_num(K, delta), _klpair(d, eps, alpha)),
    no_solution=_NO_SOL,
    witness="simulate.fano_packing",
    description="n >= (ln K - h(delta) - delta ln(K - 1)) / (d kl(q_alpha || 1 - q_alpha)).",
))


def _log_bh(n, d, eps, alpha):
    kl = _klpair(d, eps, alpha)
    qa = _qa(eps, alpha)
    with np.errstate(invalid="ignore"):
        val = -n * kl - math.log(4.0)
    val = np.where(n == 0, -math.log(4.0), val)
    return np.where(qa > 0.5, val, -LN2)


def _log_lecam(n, d, eps, alpha):
    x = n * _klpair(d, eps, alpha)
    x = np.where(n == 0, 0.0, x)
    qa = _qa(eps, alpha)
    with np.errstate(invalid="ignore", over="ignore"):
        # (1 - sqrt(1 - e^-x)) / 2 = e^-x / (2 (1 + sqrt(1 - e^-x)))
        val = -x - LN2 - np.log1p(np.sqrt(-np.expm1(-x)))
    return np.where(qa > 0.5, val, -LN2)


_ASSUME_TWO = (
    "two candidates separated by a query with probability d; either may be the aligned one",
    "labels i.i.d.; on a separating query a label favours the aligned one with probability q_alpha",
    "delta is the larger of the two error probabilities of any test (or learner)",
)

TWO_POINT_BH = register(Bound(
    "two_point.bretagnolle_huber",
    "Two-point (Le Cam) lower bound via Bretagnolle–Huber",
    "delta", ">=",
    sp.Piecewise((sp.exp(-n * _KL_PAIR) / 4, QA > HALF), (HALF, True)),
    direction="necessary",
    citation="Bretagnolle & Huber (1979); Lattimore & Szepesvári, Bandit Algorithms (2020), Thm 14.2",
    monotone={"n": -1, "d": -1, "eps": 1, "alpha": 1},
    assumptions=_ASSUME_TWO,
    conditions="1/2 when q_alpha <= 1/2 (labels can be made uninformative)",
    numeric=lambda n, d, eps, alpha: np.exp(_log_bh(n, d, eps, alpha)),
    log_numeric=_log_bh,
    no_solution=_NO_SOL,
    witness="simulate.two_point",
    description="P_0(A) + P_1(A^c) >= exp(-KL)/2, so max error >= exp(-n d kl(q_a||1-q_a))/4.",
))

TWO_POINT_LE_CAM = register(Bound(
    "two_point.le_cam",
    "Two-point lower bound, Bretagnolle–Huber refined (1 - sqrt(1 - e^-KL))/2",
    "delta", ">=",
    sp.Piecewise(((1 - sp.sqrt(1 - sp.exp(-n * _KL_PAIR))) / 2, QA > HALF), (HALF, True)),
    direction="necessary",
    citation="Le Cam (1973); Lattimore & Szepesvári, Bandit Algorithms (2020), Eq. (14.10)",
    monotone={"n": -1, "d": -1, "eps": 1, "alpha": 1},
    assumptions=_ASSUME_TWO,
    conditions="1/2 when q_alpha <= 1/2",
    numeric=lambda n, d, eps, alpha: np.exp(_log_lecam(n, d, eps, alpha)),
    log_numeric=_log_lecam,
    no_solution=_NO_SOL,
    witness="simulate.two_point",
    description="P_0(A) + P_1(A^c) >= 1 - sqrt(1 - exp(-KL)); never weaker than two_point.bretagnolle_huber.",
))
