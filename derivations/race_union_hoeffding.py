r"""`race.union_hoeffding`: the union bound over the K - 1 duels, each bounded by Hoeffding."""
from __future__ import annotations

import sympy as sp

from bounds.proof import Monotone

from . import _premises as P
from . import duel_hoeffding
from ._notation import d, d_, j, n, q, q_
from .race_union_chernoff import union_derivation

DUEL = duel_hoeffding.DERIVATION.lemma(0, id="duel.hoeffding", title="Hoeffding bound on losing the duel, with a margin")
x = sp.Symbol("x", real=True)

DERIVATION = union_derivation(
    "race.union_hoeffding",
    "Union over the K - 1 duels of Hoeffding's bound",
    (
        "As `race.union_chernoff`, with each duel bounded by Hoeffding's inequality (`duel.hoeffding`): "
        "the union bound over the $K - 1$ unaligned policies, each term at most Hoeffding's bound at the smallest "
        "separation and favour, because Hoeffding's exponent grows with both."
    ),
    DUEL,
    sp.exp(-n * d_[j] ** 2 * (2 * q_[j] - 1) ** 2 / 2),
    sp.exp(-n * d**2 * (2 * q_[j] - 1) ** 2 / 2),
    sp.exp(-n * d**2 * (2 * q - 1) ** 2 / 2),
    Monotone(x, sp.exp(-n * x**2 * (2 * q_[j] - 1) ** 2 / 2), d, d_[j]),
    Monotone(x, sp.exp(-n * d**2 * (2 * x - 1) ** 2 / 2), q, q_[j]),
    [P.UNION_BOUND],
)
