r"""The catalogue: one module per family of bounds.

Each family file holds its bounds' declarations with their kernels, citation, whom each
covers, witness and benchmark baseline:

* `duel` — the aligned policy against one unaligned policy (exact, Chernoff, Hoeffding,
  and the generic objective's two-point lower bound);
* `race` — against all $K - 1$ (exact on the independent-separation class, union bounds);
* `fano` — Fano lower bounds (capacity: adaptive learners; passive: the exchangeable class);
* `two_point` — Le Cam's two-point lower bounds.

Importing this package registers every bound (`bounds.catalog()` lists them): each family
module of this folder is imported, so a new family file needs no edit here.

Examples
--------
>>> import bounds
>>> len(bounds.catalog()) >= 13
True
"""
import importlib
import pkgutil

#: The families in the order they register (the order of `bounds.catalog()`); a family file
#: not named here (a new one) is found by itself and registers after these, alphabetically.
__all__ = ["duel", "race", "fano", "two_point"]
__all__ += sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_") and m.name not in __all__)
for _name in __all__:
    globals()[_name] = importlib.import_module(f".{_name}", __name__)  # registers the family's bounds
del _name
