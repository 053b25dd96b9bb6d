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
from . import catalogue, lower, measures, model, quantities  # noqa: F401  (registers the bounds)
from .core import Bound, bound, catalog, register
from .errors import (
    BoundsError,
    BoundsWarning,
    DerivationError,
    NoSolutionWarning,
    ParameterTypeError,
    ParameterValueError,
    SolutionOverflowWarning,
    UnknownNameError,
    WitnessError,
)
from .measures import (
    bernoulli_kl,
    bhattacharyya,
    binary_entropy,
    bsc_capacity,
    chernoff_information,
)
from ._exact import MAX_EXACT_N
from .quantities import breakdown_alpha, breakdown_s, margin, plotkin_limit, q_alpha, q_dec
from .scenario import Comparison, LabelsNeeded, ProbabilityBounds, Scenario
from .vocabulary import PARAMETERS, Domain, Parameter

__version__ = "0.1.0"

__all__ = [
    "Bound",
    "BoundsError",
    "BoundsWarning",
    "DerivationError",
    "ParameterTypeError",
    "ParameterValueError",
    "UnknownNameError",
    "WitnessError",
    "errors",
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
    "SolutionOverflowWarning",
    "breakdown_s",
    "plotkin_limit",
    "q_dec",
    "quantities",
    "Curve",
    "raters",
    "cost",
    "curves",
    "sources",
    "exchange",
    "redundancy",
    "check",
    "evidence",
    "claims",
    "learning_limits",
    "scaling",
    "transfer",
    "overoptimization",
    "data",
]


def __getattr__(name):
    # simulation, witnesses, sweeps, raters, cost models, curves, sources, exchange rates and redundancy load on first use: they
    # are not needed to evaluate a bound, and `import bounds` stays fast without them
    if name == "Curve":
        from .curves import Curve

        globals()["Curve"] = Curve
        return Curve
    if name == "check":
        from .evidence import check

        globals()["check"] = check
        return check
    if name in ("simulate", "witness", "sweep", "raters", "cost", "curves", "sources", "exchange", "redundancy",
                "evidence", "claims", "learning_limits", "scaling", "transfer",
                "overoptimization", "data"):
        import importlib

        mod = importlib.import_module(f".{name}", __name__)
        value = mod.sweep if name == "sweep" else mod
        globals()[name] = value  # importing bounds.sweep set the attribute to the module
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
