r"""alignment-bounds: how much alignment training data will we need, and of what quality?

Outer alignment framed as a data-quality problem: the aligned policy must beat every
unaligned policy on the training data. This package answers, for an amount and a
quality of human labels, how likely that is — with information-theoretic lower bounds
(what no learner can beat), PAC-style guarantees (what suffices) and exact computation
of the same model, side by side.

Examples
--------
>>> import bounds
>>> s = bounds.Scenario(K=2**20, d=0.1, eps=0.2)     # 20 bits of intent, 20% rater error
>>> round(s.win_probability(1000).exact, 4)
0.9998
>>> need = s.labels_needed(delta=0.05)
>>> need.necessary, need.exact, need.sufficient
(156.0, 711.0, 835.0)
"""
from . import lower, measures, model  # noqa: F401  (registers the bounds)
from . import simulate, witness  # noqa: F401
from .core import Bound, NoSolutionWarning, bound, catalog, register
from .measures import (
    bernoulli_kl,
    bhattacharyya,
    binary_entropy,
    bsc_capacity,
    chernoff_information,
)
from .model import MAX_EXACT_N, breakdown_alpha, margin, q_alpha
from .scenario import Comparison, LabelsNeeded, ProbabilityBounds, Scenario
from .sweep import sweep
from .vocabulary import PARAMETERS, Domain, Parameter

__version__ = "0.1.0"

__all__ = [
    "Bound",
    "Comparison",
    "Domain",
    "LabelsNeeded",
    "MAX_EXACT_N",
    "NoSolutionWarning",
    "PARAMETERS",
    "Parameter",
    "ProbabilityBounds",
    "Scenario",
    "bernoulli_kl",
    "bhattacharyya",
    "binary_entropy",
    "bound",
    "breakdown_alpha",
    "bsc_capacity",
    "catalog",
    "chernoff_information",
    "margin",
    "q_alpha",
    "register",
    "simulate",
    "sweep",
    "witness",
]
