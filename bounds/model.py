r"""The duel and the race (kept for compatibility: the bounds live in `bounds.catalogue`).

Examples
--------
>>> from bounds.model import DUEL_CHERNOFF
>>> DUEL_CHERNOFF.id
'duel.chernoff'
"""
from __future__ import annotations

from ._exact import MAX_EXACT_N
from .catalogue.duel import DUEL_CHERNOFF, DUEL_EXACT, DUEL_HOEFFDING, DUEL_TWO_POINT
from .catalogue.race import RACE_EXACT, RACE_UNION_CHERNOFF, RACE_UNION_HOEFFDING
from .quantities import breakdown_alpha, margin, q_alpha

__all__ = [
    "DUEL_EXACT",
    "DUEL_CHERNOFF",
    "DUEL_HOEFFDING",
    "DUEL_TWO_POINT",
    "RACE_EXACT",
    "RACE_UNION_CHERNOFF",
    "RACE_UNION_HOEFFDING",
    "q_alpha",
    "margin",
    "breakdown_alpha",
    "MAX_EXACT_N",
]
