r"""Fano lower bounds: labels that no learner of a kind can do without.

The aligned policy is one of $K$ candidates, uniformly at random; a learner must name it
and errs with probability at most $\delta$. Fano's inequality (Cover & Thomas 2006,
Thm 2.10.1) says the labels must then carry at least
$\ln K - h(\delta) - \delta\ln(K-1) = \mathrm{kl}(1-\delta \,\|\, 1/K)$ nats of information
about which candidate is aligned (the *weak* form: $(1-\delta)\ln K - \ln 2$). Dividing by
what one label can carry gives a number of labels:

* `fano.capacity`, `fano.capacity_exact` — one label carries at most the capacity
  $\ln 2 - h(1-q_\alpha)$ of the label channel, however the query was chosen: they cover
  **every learner, even one that chooses its queries adaptively**, on every class of $K$
  candidates (the adversary of the model labels against the aligned policy, so the channel
  is binary symmetric with crossover $1 - q_\alpha$);
* `fano.rate_distortion` — the same capacity argument with the rate–distortion function of
  fair bits in place of Fano's inequality, on the *hypercube* class ($K = 2^B$ candidates,
  all labelings of $B$ items): it also covers learners that only have to get all but a
  fraction $\delta$ of the $B$ bits right on average (partial recovery), not only those
  that identify the aligned policy;
* `fano.passive`, `fano.passive_exact` — with queries drawn passively, the information per
  label is at most the largest pairwise divergence $d\,\mathrm{kl}(q_\alpha \| 1-q_\alpha)$
  (Yu 1997): they cover **every learner with passive queries** on the *exchangeable*
  class, in which every pair of candidates is separated with probability $d$. That class
  exists for $d$ up to the Plotkin limit (`bounds.quantities.plotkin_limit`).

When $q_\alpha = 1/2$ exactly a label carries nothing and no number of labels suffices.
Below $1/2$ (adversaries past breakdown) the labels are informative *inverted*: a learner
that knows the adversary labels against the aligned policy can read them backwards, so these
bounds stay finite there (the generic objective fails: see `duel.two_point`).

Examples
--------
>>> import bounds
>>> b = bounds.bound("fano.capacity_exact")
>>> round(b(K=1024, eps=0.2, delta=0.1), 2)   # Cover & Thomas's exact inversion; 30.68 labels
30.68
"""
from __future__ import annotations

import numpy as np

from ..core import Bound, register
from .. import kernels
from ._common import COVER_THOMAS, LABELS, LN2, SHANNON, YU_1997, QA, sym
from ..witness_ref import FANO_PACKING
from .race import log_count

__all__ = ["FANO_CAPACITY", "FANO_CAPACITY_EXACT", "FANO_PASSIVE", "FANO_PASSIVE_EXACT", "FANO_RATE_DISTORTION"]

ASSUMPTIONS = (
    "the aligned policy is uniformly random among the K candidates (Fano needs a uniform prior)",
    "the learner must name the aligned policy; it errs with probability at most delta",
) + LABELS
COVERS_ADAPTIVE = ("every learner, including one that chooses its queries adaptively, on every class of K "
                   "candidates with a uniformly random aligned one")
COVERS_PASSIVE = ("every learner with passively drawn queries, on the exchangeable class: every pair of the K "
                  "candidates separated with probability d (it exists for d up to the Plotkin limit)")


def _reason(at):
    return ("The labels carry no information at this point: q_alpha = (1 - alpha)(1 - eps) = 1/2, so no number "
            "of them identifies the aligned policy.")


# ---------------------------------------------------------------------- kernels
def _ratio(num, den):
    """max(num, 0) / den with 0 when num <= 0 and inf when den <= 0 < num."""
    num = np.asarray(num, float)
    den = np.asarray(den, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(den > 0, num / den, np.inf)
    return np.where(num > 0, out, 0.0)


def weak_numerator(p):
    r"""$(1-\delta)\ln K - \ln 2$."""
    return (1.0 - p["delta"]) * p["lnK"] - LN2


def exact_numerator(p):
    r"""$\ln K - h(\delta) - \delta\ln(K-1) = \mathrm{kl}(1 - \delta \,\|\, 1/K)$, 0 from $\delta \ge 1 - 1/K$ on.

    As a Bernoulli divergence it has no cancellation as $\delta \to 1 - 1/K$ (where the
    textbook form subtracts nearly equal numbers); for $K$ beyond $10^{300}$, where $1/K$
    underflows, the textbook form has no cancellation left to fear.
    """
    delta, lnK = np.asarray(p["delta"], float), np.asarray(p["lnK"], float)
    with np.errstate(all="ignore"):
        inv_K = np.exp(-lnK)
        kl = kernels.kl_nats(1.0 - delta, np.where(lnK < 690.0, inv_K, 0.5))
        direct = lnK - kernels.entropy_nats(delta) - delta * log_count(p, 1.0)
        num = np.where(lnK < 690.0, kl, direct)
        return np.where(delta >= 1.0 - inv_K, 0.0, num)


def _capacity(p):
    return kernels.capacity_symmetric(p["bias_alpha"], p["minor_alpha"])


def rate_distortion_numerator(p):
    r"""$\log_2 K\,(\ln 2 - h(\delta))$ for $\delta < 1/2$, else 0.

    $\ln 2 - h(\delta) = \mathrm{kl}(\delta \,\|\, 1/2)$, computed as a Bernoulli divergence:
    no cancellation as $\delta \to 1/2$."""
    delta, lnK = np.asarray(p["delta"], float), np.asarray(p["lnK"], float)
    with np.errstate(all="ignore"):
        num = lnK / LN2 * kernels.kl_nats(np.minimum(delta, 0.5), 0.5)
    return np.where(delta >= 0.5, 0.0, num)


def _klpair(p):
    return p["d"] * kernels.kl_symmetric(p["bias_alpha"], p["minor_alpha"])


# ---------------------------------------------------------------------- relations
def _numerators():
    import sympy as sp

    from ..measures import BinaryEntropy

    K, delta = sym("K", "delta")
    weak = (1 - delta) * sp.log(K) - sp.log(2)
    exact = sp.log(K) - BinaryEntropy(delta) - delta * sp.log(K - 1)
    return sp, weak, exact, K, delta


def _capacity_sym():
    import sympy as sp

    from ..measures import BinaryEntropy

    return sp.log(2) - BinaryEntropy(1 - QA())


def _klpair_sym():
    from ..measures import BernoulliKL

    (d,) = sym("d")
    q = QA()
    return d * BernoulliKL(q, 1 - q)


def _rate_distortion_expr():
    import sympy as sp

    from ..measures import BinaryEntropy

    K, delta = sym("K", "delta")
    q = QA()
    num = sp.log(K) / sp.log(2) * (sp.log(2) - BinaryEntropy(delta))
    half = sp.Rational(1, 2)
    return sp.Piecewise((0, delta >= half), (sp.Max(0, num / _capacity_sym()), sp.Ne(q, half)), (sp.oo, True))


def _weak_expr(info):
    sp, weak, _, _, _ = _numerators()
    q = QA()
    return lambda: sp.Piecewise((sp.Max(0, weak / info()), sp.Ne(q, sp.Rational(1, 2))), (0, weak <= 0), (sp.oo, True))


def _exact_expr(info):
    sp, _, exact, K, delta = _numerators()
    q = QA()
    return lambda: sp.Piecewise(
        (0, delta >= 1 - 1 / K),
        (sp.Max(0, exact / info()), sp.Ne(q, sp.Rational(1, 2))),
        (sp.oo, True),
    )


def _lazy(factory, info):
    return lambda: factory(info)()


CAP_INPUTS = ("K", "eps", "alpha", "delta")
PAIR_INPUTS = ("K", "d", "eps", "alpha", "delta")

FANO_CAPACITY = register(Bound(
    "fano.capacity",
    "Fano lower bound, capacity form (weak)",
    "n", ">=", _lazy(_weak_expr, _capacity_sym),
    direction="necessary",
    citation=f"{COVER_THOMAS}, in the M-ary form (1 - delta) ln K - ln 2 <= I; {SHANNON}",
    inputs=CAP_INPUTS, monotone={"K": 1, "eps": None, "alpha": None, "delta": -1},
    kernel=lambda p: _ratio(weak_numerator(p), _capacity(p)),
    covers=COVERS_ADAPTIVE,
    assumptions=ASSUMPTIONS,
    conditions="0 when (1 - delta) ln K <= ln 2 (vacuous); otherwise infinite when q_alpha = 1/2",
    no_solution=_reason,
    witness=FANO_PACKING,
    description="n >= ((1 - delta) ln K - ln 2) / C with C = ln 2 - h(1 - q_alpha) nats per label.",
    baseline=lambda K, eps, alpha, delta: ((1 - delta) * np.log(K) - np.log(2)) / (
        np.log(2) + (1 - (1 - alpha) * (1 - eps)) * np.log(1 - (1 - alpha) * (1 - eps))
        + (1 - alpha) * (1 - eps) * np.log((1 - alpha) * (1 - eps))),
))

FANO_CAPACITY_EXACT = register(Bound(
    "fano.capacity_exact",
    "Fano lower bound, capacity form (exact inversion)",
    "n", ">=", _lazy(_exact_expr, _capacity_sym),
    direction="necessary",
    citation=f"{COVER_THOMAS}: H(V|Y) <= h(P_e) + P_e ln(K - 1), inverted exactly; {SHANNON}",
    inputs=CAP_INPUTS, monotone={"K": 1, "eps": None, "alpha": None, "delta": -1},
    kernel=lambda p: _ratio(exact_numerator(p), _capacity(p)),
    covers=COVERS_ADAPTIVE,
    assumptions=ASSUMPTIONS,
    conditions="0 when delta >= 1 - 1/K; infinite when q_alpha = 1/2",
    no_solution=_reason,
    witness=FANO_PACKING,
    description="n >= (ln K - h(delta) - delta ln(K - 1)) / C: tighter than the weak form for every delta.",
    baseline=lambda K, eps, alpha, delta: (np.log(K) + delta * np.log(delta) + (1 - delta) * np.log(1 - delta)
                                           - delta * np.log(K - 1)) / (
        np.log(2) + (1 - (1 - alpha) * (1 - eps)) * np.log(1 - (1 - alpha) * (1 - eps))
        + (1 - alpha) * (1 - eps) * np.log((1 - alpha) * (1 - eps))),
))

FANO_PASSIVE = register(Bound(
    "fano.passive",
    "Fano lower bound, passive KL form (weak)",
    "n", ">=", _lazy(_weak_expr, _klpair_sym),
    direction="necessary",
    citation=f"{COVER_THOMAS}; I(V; Y^n) <= n max KL: {YU_1997}",
    inputs=PAIR_INPUTS, monotone={"K": 1, "d": -1, "eps": None, "alpha": None, "delta": -1},
    kernel=lambda p: _ratio(weak_numerator(p), _klpair(p)),
    covers=COVERS_PASSIVE,
    assumptions=ASSUMPTIONS + (
        "queries drawn passively (i.i.d., not chosen by the learner)",
        "the exchangeable class: every pair of candidates is separated by a query with probability d",
    ),
    conditions="0 when (1 - delta) ln K <= ln 2 (vacuous); otherwise infinite when q_alpha = 1/2",
    no_solution=_reason,
    witness=FANO_PACKING,
    description="n >= ((1 - delta) ln K - ln 2) / (d kl(q_alpha || 1 - q_alpha)).",
    baseline=lambda K, d, eps, alpha, delta: ((1 - delta) * np.log(K) - np.log(2)) / (
        d * (2 * (1 - alpha) * (1 - eps) - 1) * np.log((1 - alpha) * (1 - eps) / (1 - (1 - alpha) * (1 - eps)))),
))

FANO_PASSIVE_EXACT = register(Bound(
    "fano.passive_exact",
    "Fano lower bound, passive KL form (exact inversion)",
    "n", ">=", _lazy(_exact_expr, _klpair_sym),
    direction="necessary",
    citation=f"{COVER_THOMAS}, inverted exactly; I(V; Y^n) <= n max KL: {YU_1997}",
    inputs=PAIR_INPUTS, monotone={"K": 1, "d": -1, "eps": None, "alpha": None, "delta": -1},
    kernel=lambda p: _ratio(exact_numerator(p), _klpair(p)),
    covers=COVERS_PASSIVE,
    assumptions=FANO_PASSIVE.assumptions,
    conditions="0 when delta >= 1 - 1/K; infinite when q_alpha = 1/2",
    no_solution=_reason,
    witness=FANO_PACKING,
    description="n >= (ln K - h(delta) - delta ln(K - 1)) / (d kl(q_alpha || 1 - q_alpha)).",
    baseline=lambda K, d, eps, alpha, delta: (np.log(K) + delta * np.log(delta) + (1 - delta) * np.log(1 - delta)
                                              - delta * np.log(K - 1)) / (
        d * (2 * (1 - alpha) * (1 - eps) - 1) * np.log((1 - alpha) * (1 - eps) / (1 - (1 - alpha) * (1 - eps)))),
))

FANO_RATE_DISTORTION = register(Bound(
    "fano.rate_distortion",
    "Rate-distortion lower bound on the hypercube (partial recovery)",
    "n", ">=", _rate_distortion_expr,
    direction="necessary",
    citation=(f"{COVER_THOMAS}, Thm 10.3.1 and Example 10.3.1 (rate distortion of fair bits, R(D) = ln 2 - h(D)) "
              f"with its converse and the data-processing inequality (Thm 2.8.1); {SHANNON}"),
    inputs=CAP_INPUTS, monotone={"K": 1, "eps": None, "alpha": None, "delta": -1},
    kernel=lambda p: _ratio(rate_distortion_numerator(p), _capacity(p)),
    covers=("every learner, including one that chooses its queries adaptively, on the hypercube class: K = 2^B "
            "candidates, all labelings of B items, a uniformly random aligned one, a query asking one item; "
            "delta is the expected fraction of the B items the learner labels wrong (so the bound also covers "
            "identification with failure probability delta, whose expected fraction is at most delta)"),
    assumptions=ASSUMPTIONS[:1] + (
        "the hypercube class: the K = 2^B candidates are all the labelings of B items (K a power of 2)",
        "the learner outputs a labeling of the B items; on average at most a fraction delta of them is wrong",
    ) + LABELS,
    conditions="0 when delta >= 1/2 (guessing each item gets half right); otherwise infinite when q_alpha = 1/2",
    no_solution=_reason,
    witness=FANO_PACKING,
    description=("n >= log2 K (ln 2 - h(delta)) / C with C = ln 2 - h(1 - q_alpha) nats per label: B = log2 K fair "
                 "bits known to within a fraction delta need B (ln 2 - h(delta)) nats, and each label carries at "
                 "most C."),
    baseline=lambda K, eps, alpha, delta: np.log2(K) * (np.log(2) + delta * np.log(delta) + (1 - delta) * np.log(
        1 - delta)) / (np.log(2) + (1 - (1 - alpha) * (1 - eps)) * np.log(1 - (1 - alpha) * (1 - eps))
                       + (1 - alpha) * (1 - eps) * np.log((1 - alpha) * (1 - eps))),
))
