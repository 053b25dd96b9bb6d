r"""Derivations of every bound in the catalogue, checked by `bounds.proof`.

One module per bound (`duel_chernoff.py` proves `duel.chernoff`, ...), each defining
`DERIVATION`; `_notation.py` holds the shared symbols and `_premises.py` gathers the premises:
the theorems cited from the literature with their spot checks (`_cited.py`), the model's
assumptions and definitions (`_model.py`) and the premises' variables (`_variables.py`).
Modules whose name starts with an underscore are helpers; every other module is discovered
automatically, so a new bound's derivation only needs a new module.

Adding the derivation of a new bound
------------------------------------
1. State what you use: a theorem from the literature is a `Premise` in `_cited.py` (its
   exact statement as a sympy relation, its side conditions, its citation, and a spot check
   on random instances); a definition of the model is a `Premise` in `_model.py` (or a
   `FiniteModel` when the checker should compute with it). Model assumptions in words are
   `Assumption`s (`_model.py`); new variables of a premise go to `_variables.py`.
2. Write `derivations/<bound_id_with_underscores>.py` with `DERIVATION = Derivation(...)`:
   cases (one per branch of the bound's `Piecewise`), each a chain of `Step`s whose
   justifications are `Algebra()` (the default), `Instance(premise, subs)`,
   `Rewrite(premise, subs)`, `Model(model)`, `Monotone(...)`, `Event()`, `Cite(premise)`,
   and as a last resort `Numeric(why=...)`. `Restate` turns the running proposition into an
   equivalent one (`Rearrange`) or applies a lemma to it; `Define` introduces an
   abbreviation (with a checked fact if the symbol carries sign assumptions).
3. Give `subs=[...]`: the substitutions that turn the last line into the bound's relation.
   Give `readable=` and `where=`: the bound as a textbook writes it (a relation built under
   `sympy.evaluate(False)`, in named abbreviations such as `Q_dec`, with the textbook
   definitions `WHERE_QD` of `_notation.py`); its page shows that form, and the checker
   verifies it is the bound's relation.
4. Run `bounds derivations check <id> -v` until every step checks and the last line (and
   the readable form) is the bound's relation; the same command compares the bound's
   numeric kernel with that relation and runs the spot checks of the premises. `pytest tests/test_derivations.py` then also
   runs the mutation test on it, and the docs build renders its page.

The folder is installed as the package `bounds.derivations` (never as a top-level
`derivations`); inside it, imports are relative (`from . import _premises as P`).

Examples
--------
>>> from bounds import derivations
>>> d = derivations.get("duel.chernoff")
>>> d.bound
'duel.chernoff'
>>> len(derivations.all()) >= 12
True
"""
from __future__ import annotations

import importlib
import pkgutil

__all__ = ["all", "get", "ids", "modules", "results"]


def modules() -> list:
    """Names of the derivation modules (helpers excluded), sorted.

    Examples
    --------
    >>> from bounds import derivations
    >>> "duel_chernoff" in derivations.modules()
    True
    """
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def all() -> list:  # noqa: A001 - the package's natural verb
    """Every derivation, sorted by id.

    Examples
    --------
    >>> from bounds import derivations
    >>> ids = [d.id for d in derivations.all()]
    >>> "duel.chernoff" in ids and ids == sorted(ids)
    True
    """
    ds = [importlib.import_module(f"{__name__}.{m}").DERIVATION for m in modules()]
    return sorted(ds, key=lambda d: d.id)


def ids() -> list:
    """The ids of every derivation.

    Examples
    --------
    >>> from bounds import derivations
    >>> "race.exact" in derivations.ids()
    True
    """
    return [d.id for d in all()]


def get(id: str):
    """The derivation with this id.

    Raises
    ------
    KeyError
        If there is none.

    Examples
    --------
    >>> from bounds import derivations
    >>> derivations.get("duel.exact").bound
    'duel.exact'
    """
    for d in all():
        if d.id == id:
            return d
    raise KeyError(f"no derivation {id!r}; known: {', '.join(ids())}")


def results() -> list:
    """Derivations of relations outside the catalogue (mixtures of label sources, weighted votes), sorted by id.

    Their inputs are vectors (one error rate per source or rater), which the catalogue's
    bounds do not take; they are checked and rendered like the catalogue's derivations, but
    have no bound of `bounds.catalog()` to match (`bounds.derivations._mixtures`).

    Examples
    --------
    >>> from bounds import derivations
    >>> [d.id for d in derivations.results()][:2]
    ['mixture.duel_chernoff', 'mixture.duel_weighted']
    """
    from . import _mixtures

    return _mixtures.all_results()
