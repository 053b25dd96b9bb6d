r"""Information-theoretic lower bounds (kept for compatibility: the bounds live in `bounds.catalogue`).

Examples
--------
>>> from bounds.lower import FANO_CAPACITY
>>> FANO_CAPACITY.direction
'necessary'
"""
from __future__ import annotations

from .catalogue.fano import FANO_CAPACITY, FANO_CAPACITY_EXACT, FANO_PASSIVE, FANO_PASSIVE_EXACT
from .catalogue.two_point import TWO_POINT_BH, TWO_POINT_LE_CAM

__all__ = [
    "FANO_CAPACITY",
    "FANO_CAPACITY_EXACT",
    "FANO_PASSIVE",
    "FANO_PASSIVE_EXACT",
    "TWO_POINT_BH",
    "TWO_POINT_LE_CAM",
]
