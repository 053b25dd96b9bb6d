r"""Machine-checked derivations: the public names of the proof engine, `bounds.proof`.

This module re-exports the engine's public names (`from bounds.derive import Derivation,
Step, check, ...` keeps working); the engine itself is the package `bounds.proof`, split by
concern, and the derivations of the catalogue are the package `bounds.derivations`.

Examples
--------
>>> from bounds.derive import check
>>> from bounds import derivations
>>> check(derivations.get("duel.hoeffding")).ok
True
"""
from __future__ import annotations

from .proof import (
    E,
    KL,
    Algebra,
    Assumption,
    Case,
    Cite,
    Contradiction,
    Define,
    Derivation,
    DerivationReport,
    Event,
    FiniteModel,
    Instance,
    Model,
    Monotone,
    Numeric,
    Pr,
    Premise,
    Quantity,
    Rearrange,
    Restate,
    Rewrite,
    Split,
    Status,
    Step,
    StepReport,
    Substitute,
    check,
    check_all,
    dependency_graph,
    latex,
    load,
    match_bound,
    mutants,
    opaque,
)
from .proof.cli import cli

__all__ = [
    "Status",
    "Assumption",
    "Premise",
    "FiniteModel",
    "Step",
    "Restate",
    "Define",
    "Split",
    "Case",
    "Derivation",
    "Algebra",
    "Instance",
    "Rewrite",
    "Cite",
    "Model",
    "Monotone",
    "Rearrange",
    "Event",
    "Contradiction",
    "Substitute",
    "Numeric",
    "Quantity",
    "opaque",
    "Pr",
    "E",
    "KL",
    "latex",
    "check",
    "check_all",
    "match_bound",
    "load",
    "mutants",
    "dependency_graph",
    "cli",
    "StepReport",
    "DerivationReport",
]
