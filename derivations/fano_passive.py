r"""`fano.passive`: the weak form of Fano's inequality with the pairwise KL bound on information."""
from __future__ import annotations

from . import _premises as P
import sympy as sp

from bounds.measures import BernoulliKL

from ._notation import MI, WHERE_QA, Dpair, Q_alpha, d, fano_readable
from .fano_capacity import W_TEXT, fano_weak

with sp.evaluate(False):
    KL_TEXT = d * BernoulliKL(Q_alpha, 1 - Q_alpha)
from .fano_passive_exact import KL_DEFINE, kl_chain

DERIVATION = fano_weak(
    "fano.passive",
    "Fano lower bound, passive KL form (weak)",
    (
        "As `fano.capacity`, with the information of $n$ passively drawn labels bounded by $n$ times the "
        "largest pairwise KL divergence $D$ per label, in the exchangeable class where every pair of candidates "
        "is separated with probability $d$."
    ),
    KL_DEFINE,
    kl_chain(first_lhs=MI),
    Dpair,
    [P.UNIFORM, P.PASSIVE, P.IID, P.ADVERSARY],
    [P.FANO_WEAK, P.MI_PAIRWISE_KL, P.PAIR],
    readable=fano_readable(W_TEXT, KL_TEXT, exact=False),
    where=WHERE_QA,
)
