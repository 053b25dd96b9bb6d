r"""The proof engine: machine-checked derivations, the proof companion of every bound.

A *derivation* proves one bound of the catalogue. It has **premises** (theorems cited from
the literature, each with its citation and its exact statement as a sympy relation) and
ordered **steps**. Each step is a relation between sympy expressions with a one-line
explanation and a *justification*; the checker gives it exactly one status:

`proved`
    established symbolically under the stated assumptions: an equality whose difference
    sympy simplifies to $0$, an inequality whose difference a sign prover shows to be
    $\ge 0$, an expectation computed from the model's distribution, a monotone step whose
    derivative has a proved sign, a rearrangement by a proved positive factor.
`lemma`
    an instance of a named lemma (a cited premise or another derivation): the checker
    substitutes the lemma's variables, verifies that this gives exactly the step's relation
    (up to a proved positive factor) and discharges the lemma's side conditions.
`numeric`
    only sampled over the stated domain (how many points, drawn where, including the
    edges), because a symbolic proof is out of reach. A weaker status, shown as such.
`cited`
    a premise from the literature or the model, used verbatim.

A failing step gets the status `false`, with the reason (a counterexample where one was
found). Steps *chain*: in a chain $a \le b = c \le d$ each step relates the previous
right-hand side to a new one, and the checker composes the relations (transitivity, with
directions) to the proposition $a \le d$. A derivation may split into cases; the final
relation is assembled from the cases (a `Piecewise` when the bound has branches) and must be
the very relation the `Bound` evaluates, after the derivation's stated substitutions
(`match_bound`).

Beyond the steps, checking a derivation also checks what the proof rests on and what it is
used for:

* **the kernel**: the bound's relation is evaluated independently with mpmath at a few
  hundred points of the domain, extremes and branch boundaries included, and compared with
  the bound's numeric kernel (`kernel_agreement`), so the number a user gets is the number
  that was proved;
* **the lemmas**: a derivation that uses another derivation as a lemma fails when that one
  fails (`check_all` propagates failures along the dependency graph);
* **the premises**: every cited premise that can be evaluated carries a spot check
  (`SpotCheck`): random instances are substituted into the premise's own statement, which
  must hold.

The derivations of the catalogue are the package `bounds.derivations`; run them with
`bounds derivations check` (the module `bounds.proof.cli`) or `check_all()`. The modules, in dependency order:
`status`, `notation`, `printing`, `relations`, `numeric`, `signs`, `context`, `premises`,
`spotcheck`, `lemmas`, `justifications`, `structure`, `reports`, `matching`, `agreement`,
`checker`, `mutation`, `graph`, `render`, `cli`.

Examples
--------
A two-step chain proving $(x+1)^2 \ge 4x$ for $x \ge 0$:

>>> import sympy as sp
>>> from bounds.proof import Derivation, Step, check
>>> x = sp.Symbol("x", nonnegative=True)
>>> D = Derivation(
...     "demo.am_gm", "AM-GM for two numbers",
...     domain={x: sp.Interval(0, sp.oo)},
...     steps=[
...         Step(">=", 4 * x, "expand the square", lhs=(x + 1) ** 2, by=None),
...     ],
... )
>>> r = check(D)
>>> [s.status for s in r.steps]
['proved']
>>> print(r.steps[0].detail)
(x - 1)**2 >= 0 (sign proved)
>>> r.conclusion
(x + 1)**2 >= 4*x

(It proves no bound of the catalogue, so `r.ok` is False: `r.match` says why.) The
derivations of the catalogue are checked the same way:

>>> from bounds import derivations
>>> r = check(derivations.get("duel.hoeffding"))
>>> r.ok, r.counts["proved"], r.counts["lemma"], r.counts["cited"], r.match.how
(True, 4, 2, 2, 'identical')
"""
from __future__ import annotations

from .agreement import AgreementReport, kernel_agreement
from .checker import check, check_all, derivations_package, load
from .context import Context
from .graph import dependency_graph
from .justifications import (
    Algebra,
    Cite,
    Contradiction,
    Event,
    Instance,
    Justification,
    Model,
    Monotone,
    Numeric,
    Rearrange,
    Rewrite,
    Substitute,
)
from .matching import match_bound
from .mutation import mutants
from .notation import E, KL, Pr, Quantity, opaque
from .premises import Assumption, FiniteModel, Premise
from .printing import latex
from .relations import same_rel
from .reports import DerivationReport, MatchResult, StepReport
from .spotcheck import FiniteSpace, SpotCheck, SpotCheckResult, spot_check
from .status import DerivationError, Outcome, Status
from .structure import Case, Define, Derivation, Restate, Split, Step

__all__ = [
    "Status",
    "Outcome",
    "DerivationError",
    "Assumption",
    "Premise",
    "FiniteModel",
    "SpotCheck",
    "SpotCheckResult",
    "FiniteSpace",
    "spot_check",
    "Step",
    "Restate",
    "Define",
    "Split",
    "Case",
    "Derivation",
    "Justification",
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
    "Context",
    "latex",
    "same_rel",
    "check",
    "check_all",
    "match_bound",
    "kernel_agreement",
    "AgreementReport",
    "load",
    "derivations_package",
    "mutants",
    "dependency_graph",
    "StepReport",
    "DerivationReport",
    "MatchResult",
]
