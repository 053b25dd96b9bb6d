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

__all__ = ["Status", "Outcome", "DerivationError", "success", "failure"]




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
    """What a justification's check returns."""

    status: str
    detail: str = ""
    counterexample: dict | None = None


def success(status, detail=""):
    return Outcome(status, detail)


def failure(detail, counterexample=None):
    return Outcome(Status.FALSE, detail, counterexample)


class DerivationError(ValueError):
    """A derivation is malformed (not merely false): raised while building it."""
