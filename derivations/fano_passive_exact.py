r"""`fano.passive_exact`: Fano's inequality inverted exactly, with the pairwise KL bound on information."""
from __future__ import annotations

import sympy as sp

from bounds.proof import KL, Define, Model, Rewrite, Step, Instance
from bounds.measures import BernoulliKL

from . import _premises as P
from ._notation import WHERE_QA, Dmax, Dpair, P0, P1, Q_alpha, d, fano_readable, n, q
from .fano_capacity_exact import NUM_TEXT, fano_exact

with sp.evaluate(False):
    KL_TEXT = d * BernoulliKL(Q_alpha, 1 - Q_alpha)

KL_DEFINE = Define(
    Dpair, d * BernoulliKL(q, 1 - q),
    "The KL divergence per label between two candidates: a separating query gives Bernoulli($q$) against "
    "Bernoulli($1-q$). Positive because $q \\ne 1/2$.",
    fact="positive",
)


def kl_chain(first_lhs=None):
    return [
        Step("<=", n * Dmax, "Information is at most $n$ times the largest KL divergence between two candidates' label laws.",
             by=Instance(P.MI_PAIRWISE_KL), lhs=first_lhs),
        Step("=", n * KL(P0, P1), "In the exchangeable class every pair of candidates is alike.", by=Rewrite(P.EXCHANGEABLE)),
        Step("=", n * Dpair, "One label under either candidate.", by=Model(P.PAIR)),
    ]


SUMMARY = (
    "As `fano.capacity_exact`, but for passively drawn queries the information of the labels is bounded "
    "by $n$ times the largest KL divergence $D$ between two candidates' label laws, which is smaller than the "
    "capacity when queries rarely separate. It speaks of the exchangeable class in which every pair of "
    "candidates is separated by a query with probability $d$."
)

DERIVATION = fano_exact(
    "fano.passive_exact",
    "Fano lower bound, passive KL form (exact inversion)",
    SUMMARY,
    KL_DEFINE,
    kl_chain(),
    Dpair,
    [P.UNIFORM, P.PASSIVE, P.IID, P.ADVERSARY],
    [P.FANO, P.MI_PAIRWISE_KL, P.PAIR],
    readable=fano_readable(NUM_TEXT, KL_TEXT, exact=True),
    where=WHERE_QA,
)
