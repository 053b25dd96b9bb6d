r"""Statuses of checked steps, the outcome of a justification's check, and the engine's error.

Examples
--------
>>> Status.ORDER
('proved', 'lemma', 'cited', 'numeric', 'false')
>>> failure("no").status
'false'
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import DerivationError  # noqa: F401  (re-exported: bounds.proof.DerivationError)

__all__ = ["Status", "Outcome", "DerivationError"]




class Status:
    r"""The statuses a step can get, strongest first (`false` means the check failed).

    Examples
    --------
    >>> Status.ORDER
    ('proved', 'lemma', 'cited', 'numeric', 'false')
    """

    PROVED = "proved"
    LEMMA = "lemma"
    CITED = "cited"
    NUMERIC = "numeric"
    FALSE = "false"
    ORDER = (PROVED, LEMMA, CITED, NUMERIC, FALSE)


@dataclass
class Outcome:
    r"""What a justification's check returns: a status, a one-line account, and a counterexample if found.

    Examples
    --------
    >>> Outcome(Status.PROVED, "lhs - rhs = 0").status
    'proved'
    """

    status: str
    detail: str = ""
    counterexample: dict | None = None


def success(status, detail=""):
    return Outcome(status, detail)


def failure(detail, counterexample=None):
    return Outcome(Status.FALSE, detail, counterexample)
