r"""Two-point (Le Cam) lower bounds: two candidates a learner cannot tell apart.

Two candidates are separated by a query with probability $d$; either may be the aligned
one. Per label the two hypotheses' laws differ by $d\,\mathrm{kl}(q_\alpha \| 1-q_\alpha)$
nats, so after $n$ passively drawn labels any test errs, under one of the two, with
probability at least

* `two_point.bretagnolle_huber` — $\tfrac14 e^{-n d\,\mathrm{kl}}$ (Bretagnolle & Huber 1979);
* `two_point.le_cam` — $\tfrac12\big(1 - \sqrt{1 - e^{-n d\,\mathrm{kl}}}\big)$ (Le Cam 1973,
  with Bretagnolle–Huber's bound on total variation), never weaker.

They cover **every learner with passively drawn queries**, on a class containing the pair
— $K = 2$ at any $d$, and for $K \ge 3$ any class in which the other candidates are
separated from both members of the pair with probability at least $d$, which exists for
$d \le 2/3$ (three binary codewords are at most $2/3$ apart pairwise, Plotkin 1960).
A learner choosing its queries adaptively can always query where the pair differs:
for it, put $d = 1$.

Examples
--------
>>> import bounds
>>> round(bounds.bound("two_point.le_cam")(n=10, d=1.0, eps=0.4), 6)   # KL = 10 kl(0.6 || 0.4)
0.127322
"""
from __future__ import annotations

import numpy as np

from ..core import Bound, register
from ._common import BH_1979, LABELS, LE_CAM_1973, LN2, QA, sym
from ..witness_ref import TWO_POINT_TEST
from .duel import log_le_cam
from .. import kernels

__all__ = ["TWO_POINT_BH", "TWO_POINT_LE_CAM"]

INPUTS = ("n", "d", "eps", "alpha")
ASSUMPTIONS = (
    "two candidates separated by a query with probability d; either may be the aligned one",
    "delta is the larger of the two error probabilities of any test (or learner)",
) + LABELS
COVERS = ("every learner with passively drawn queries, on a class containing two candidates separated with "
          "probability d (K = 2 at any d; K >= 3 up to d = 2/3); adaptive learners: set d = 1")
MONOTONE = {"n": -1, "d": -1, "eps": None, "alpha": None}


def _reason(at):
    return ("The labels carry no information at this point: q_alpha = (1 - alpha)(1 - eps) = 1/2, so no test "
            "errs with probability below 1/2.")


def _log_bh(p):
    x = p["bias_alpha"]
    with np.errstate(invalid="ignore"):
        val = -p["n"] * p["d"] * kernels.kl_symmetric(x, p["minor_alpha"]) - np.log(4.0)
    val = np.where(p["n"] == 0, -np.log(4.0), val)
    val = np.where(np.isinf(p["n"]), -np.inf, val)  # the limit, also where d kl underflowed
    return np.where(x != 0, val, -LN2)


def _log_lecam(p):
    x = p["bias_alpha"]
    return np.where(x != 0, log_le_cam(p["n"], p["d"], x, p["minor_alpha"]), -LN2)


def _kl_sym():
    from ..measures import BernoulliKL

    n, d = sym("n", "d")
    q = QA()
    return n * d * BernoulliKL(q, 1 - q)


def _expr_bh():
    import sympy as sp

    q = QA()
    return sp.Piecewise((sp.exp(-_kl_sym()) / 4, sp.Ne(q, sp.Rational(1, 2))), (sp.Rational(1, 2), True))


def _expr_lecam():
    import sympy as sp

    q = QA()
    return sp.Piecewise(((1 - sp.sqrt(1 - sp.exp(-_kl_sym()))) / 2, sp.Ne(q, sp.Rational(1, 2))),
                        (sp.Rational(1, 2), True))


TWO_POINT_BH = register(Bound(
    "two_point.bretagnolle_huber",
    "Two-point (Le Cam) lower bound via Bretagnolle–Huber",
    "delta", ">=", _expr_bh,
    direction="necessary",
    citation=BH_1979,
    inputs=INPUTS, monotone=MONOTONE,
    kernel=lambda p: np.exp(_log_bh(p)),
    log_kernel=_log_bh,
    covers=COVERS,
    assumptions=ASSUMPTIONS,
    conditions="1/2 when q_alpha = 1/2 (labels uninformative)",
    no_solution=_reason,
    witness=TWO_POINT_TEST,
    description="P_0(A) + P_1(A^c) >= exp(-KL)/2, so the larger error is >= exp(-n d kl(q || 1 - q))/4.",
    baseline=lambda n, d, eps, alpha: np.exp(-n * d * (2 * (1 - alpha) * (1 - eps) - 1) * np.log(
        (1 - alpha) * (1 - eps) / (1 - (1 - alpha) * (1 - eps)))) / 4,
))

TWO_POINT_LE_CAM = register(Bound(
    "two_point.le_cam",
    "Two-point lower bound, Bretagnolle–Huber refined (1 - sqrt(1 - e^-KL))/2",
    "delta", ">=", _expr_lecam,
    direction="necessary",
    citation=LE_CAM_1973,
    inputs=INPUTS, monotone=MONOTONE,
    kernel=lambda p: np.exp(_log_lecam(p)),
    log_kernel=_log_lecam,
    covers=COVERS,
    assumptions=ASSUMPTIONS,
    conditions="1/2 when q_alpha = 1/2",
    no_solution=_reason,
    witness=TWO_POINT_TEST,
    description="P_0(A) + P_1(A^c) >= 1 - TV >= 1 - sqrt(1 - exp(-KL)); never weaker than two_point.bretagnolle_huber.",
    baseline=lambda n, d, eps, alpha: (1 - np.sqrt(1 - np.exp(-n * d * (2 * (1 - alpha) * (1 - eps) - 1) * np.log(
        (1 - alpha) * (1 - eps) / (1 - (1 - alpha) * (1 - eps)))))) / 2,
))
