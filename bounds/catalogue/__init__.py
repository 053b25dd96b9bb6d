r"""The catalogue: one module per family of bounds.

Each family file holds its bounds' declarations with their kernels, citation, whom each
covers, witness and benchmark baseline:

* `duel` — the aligned policy against one unaligned policy (exact, Chernoff, Hoeffding,
  and the generic objective's two-point lower bound);
* `race` — against all $K - 1$ (exact on the independent-separation class, union bounds);
* `fano` — Fano lower bounds (capacity: adaptive learners; passive: the exchangeable class);
* `two_point` — Le Cam's two-point lower bounds.

Importing this package registers every bound (`bounds.catalog()` lists them).

Examples
--------
>>> import bounds
>>> len(bounds.catalog()) >= 13
True
"""
from . import duel, race, fano, two_point  # noqa: F401  (registers the bounds, in this order)

__all__ = ["duel", "race", "fano", "two_point"]
