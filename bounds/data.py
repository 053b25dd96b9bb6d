r"""Numbers from papers, each with its source.

Examples
--------
>>> from bounds.data import SECONDS_PER_LABEL
>>> SECONDS_PER_LABEL.value
4.0
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Reference", "SECONDS_PER_LABEL", "DEFAULT_REPORT"]


@dataclass(frozen=True)
class Reference:
    r"""A number taken from the literature, with where it came from.

    Attributes
    ----------
    value : float
        The number used by the package.
    source : str
        Citation, with the exact location.
    note : str
        How the number was obtained from the source.

    Examples
    --------
    >>> Reference(1.0, "somewhere", "as printed").value
    1.0
    """

    value: float
    source: str
    note: str = ""


#: Seconds of rater time per pairwise label.
SECONDS_PER_LABEL = Reference(
    4.0,
    "Christiano et al. (2017), Deep RL from Human Preferences, arXiv:1706.03741, §3.1",
    "'Contractors responded to the average query in 3-5 seconds'; the midpoint is used.",
)

#: The built-in scenario of `bounds report`. Illustrative, not taken from a paper: 2^20
#: candidate policies (20 bits of intent), a query separates 10% of the unaligned ones from
#: the aligned one, failure probability 5%, no adversary and no systematic error (s = 0;
#: `q_hard` and `K_dec` then play no role), across rater error rates from 0 to 0.45.
DEFAULT_REPORT = {
    "K": 2.0**20,
    "d": 0.1,
    "alpha": 0.0,
    "s": 0.0,
    "q_hard": 0.0,
    "K_dec": 1.0,
    "delta": 0.05,
    "eps": (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45),
}
