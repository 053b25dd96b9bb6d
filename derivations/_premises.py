r"""The premises the derivations rely on: theorems cited from the literature, and the model.

Each premise states exactly what is used, as a sympy relation in its own variables, with its
side conditions; a derivation uses it through `Instance` (the checker verifies the
substitution and the side conditions) or `Rewrite`. The derivations import this module as
`P`; it gathers three:

* `_model.py`: the model's assumptions and the statements of the model itself (no spot
  check: nothing independent to compute them from), with its finite models;
* `_cited.py`: the theorems cited from the literature, elementary facts, and facts about the
  model argued in their sources, each with a spot check on random instances where it can be
  evaluated;
* `_variables.py`: the premises' own variables (what an instance substitutes), the
  attributes of `var`: `Instance(P.MARKOV, {P.var.X: ..., P.var.a: 1})`. Where two premises
  use the same letter with different assumptions the attribute says which (`var.index`, an
  integer summation index, and `var.k`, a count in 0..n; `var.threshold`, an integer t;
  `var.x_count`, `var.y_count`, the counts of two binomials).
"""
from __future__ import annotations

from . import _cited, _model
from ._cited import *  # noqa: F401,F403
from ._model import *  # noqa: F401,F403
from ._variables import var

__all__ = sorted(set(_model.__all__) | set(_cited.__all__)) + ["var"]
