r"""`two_point.le_cam`: the two-point method with the refined Bretagnolle–Huber inequality."""
from __future__ import annotations

import sympy as sp

from . import _premises as P
from ._notation import n
from .two_point_bretagnolle_huber import KL_PAIR, two_point

DERIVATION = two_point(
    "two_point.le_cam",
    "Two-point lower bound via the refined Bretagnolle–Huber inequality",
    (
        "The refined form of the Bretagnolle–Huber inequality (Lattimore & Szepesvári, Eq. 14.10) gives a "
        "larger lower bound on the sum of the two errors for the same KL divergence; the rest is as in "
        "`two_point.bretagnolle_huber`."
    ),
    P.BH_REFINED,
    lambda kl: (1 - sp.sqrt(1 - sp.exp(-kl))) / 2,
    (1 - sp.sqrt(1 - sp.exp(-n * KL_PAIR))) / 2,
)
