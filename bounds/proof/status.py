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


class DerivationError(ValueError):
    r"""A derivation is malformed (not merely false): raised while building it.

    Examples
    --------
    >>> from bounds.proof import Step
    >>> Step("~", 1, "no such relation")
    Traceback (most recent call last):
    ...
    bounds.proof.status.DerivationError: op='~' must be one of ['<', '<=', '=', '>', '>=']
    """
