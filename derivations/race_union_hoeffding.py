r"""`race.union_hoeffding`: the union bound over the K - 1 duels, each bounded by Hoeffding."""
from __future__ import annotations

import sympy as sp

from . import _premises as P
from . import duel_hoeffding
from ._notation import d, n
from .race_union_chernoff import union_derivation, union_readable

DUEL = duel_hoeffding.DERIVATION.lemma(0, id="duel.hoeffding", title="Hoeffding bound on losing the duel, with a margin")


def _hoeffding(sep, qg):
    return sp.exp(-n * sep**2 * (2 * qg - 1) ** 2 / 2)


DERIVATION = union_derivation(
    "race.union_hoeffding",
    "Union over the K - 1 duels of Hoeffding's bound",
    (
        "As `race.union_chernoff`, with each duel bounded by Hoeffding's inequality (`duel.hoeffding`): the union "
        "bound over the $K_{\\mathrm{dec}}$ deceptive and $K - 1 - K_{\\mathrm{dec}}$ ordinary unaligned policies, "
        "each term at most Hoeffding's bound at the smallest separation, because Hoeffding's exponent grows with it."
    ),
    DUEL,
    _hoeffding,
    [P.UNION_BOUND],
    readable=union_readable(lambda qv: sp.exp(-n * d**2 * (2 * qv - 1) ** 2 / 2)),
)
