"""temp"""
from .checker import check, check_all, derivations_package, load
from .cli import cli
from .context import Context
from .graph import dependency_graph
from .justifications import (Algebra, Cite, Contradiction, Event, Instance, Justification, Model, Monotone, Numeric, Rearrange, Rewrite, Substitute)
from .matching import match_bound
from .mutants import mutants
from .notation import E, KL, Pr, Quantity, opaque
from .premises import Assumption, FiniteModel, Premise
from .printing import latex
from .relations import same_rel
from .reports import DerivationReport, MatchResult, StepReport
from .status import DerivationError, Outcome, Status
from .structure import Case, Define, Derivation, Restate, Split, Step
