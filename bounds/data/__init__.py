r"""Published figures about alignment data, each with its source and how well it was checked.

Each figure is a `Reference`: the value as printed, the citation (authors, year, section,
table or figure), a note on how it was read, and a verification tag (`TAGS`): "paper"
(checked against the paper's text), "official" (the authors' blog, repository or dataset
card), "quote" (verbatim quotations in independent notes), "figure" (read off a plot:
approximate), "secondary" (a secondary summary: approximate) or "derived" (computed here
from other figures; the arithmetic is in the note).

The figures are grouped in collections, plain dicts from a key to a `Reference`, each a
module-level name in capitals of a submodule: `bounds.data.labels` (agreement rates,
`AGREEMENT`; the comparisons the pages use, `COMPARISONS`), `bounds.data.datasets` (dataset
sizes, one collection per paper), `bounds.data.learning_curves` (reward-model accuracy,
against the number of comparisons and otherwise), `bounds.data.effort` (time, hours and
cost per label) and `bounds.data.quality` (quality against quantity). `collections` lists
them all, `figures` gives every figure (of some tags), `to_frame` one table of them for
pandas users and `learning_curve` a published reward-model learning curve as arrays.

Examples
--------
>>> import bounds.data as data
>>> data.AGREEMENT["instructgpt_training"].value
0.726
>>> "AGREEMENT" in data.collections()
True
>>> df = data.to_frame()                            # doctest: +SKIP
>>> df.loc[df.tag == "paper", ["collection", "key", "value"]].head()  # doctest: +SKIP
"""
from __future__ import annotations

import importlib
import pkgutil

from ..errors import ParameterValueError
from .labels import AGREEMENT, COMPARISONS, DEFAULT_REPORT, SECONDS_PER_LABEL
from .learning_curves import learning_curve
from .reference import TAGS, Reference

__all__ = ["Reference", "TAGS", "collections", "figures", "to_frame", "learning_curve",
           "SECONDS_PER_LABEL", "DEFAULT_REPORT", "AGREEMENT", "COMPARISONS"]

#: Columns of `to_frame`, in order.
COLUMNS = ("collection", "key", "value", "unit", "plus_minus", "n", "tag", "source", "note")


def _is_collection(name, obj) -> bool:
    return (name.isupper() and isinstance(obj, dict) and bool(obj)
            and all(isinstance(v, Reference) for v in obj.values()))


def collections() -> dict:
    r"""Every collection of figures: its name (e.g. `"AGREEMENT"`) to its dict of `Reference`\ s.

    Found in the submodules of `bounds.data` (a new module of figures needs no registration).
    Single figures (`SECONDS_PER_LABEL`) form the collection `"SINGLE"`.

    Returns
    -------
    dict
        Name -> {key: Reference}, sorted by name.

    Examples
    --------
    >>> from bounds.data import collections
    >>> collections()["AGREEMENT"]["hh_researchers"].value
    0.63
    """
    found, single = {}, {}
    for info in pkgutil.iter_modules(__path__):
        mod = importlib.import_module(f"{__name__}.{info.name}")
        for name, obj in vars(mod).items():
            if _is_collection(name, obj):
                found[name] = obj
            elif name.isupper() and isinstance(obj, Reference):
                single[name.lower()] = obj
    if single:
        found["SINGLE"] = single
    return dict(sorted(found.items()))


def figures(tag=None):
    r"""Every figure as `(collection, key, Reference)` triples, optionally of given tags only.

    Parameters
    ----------
    tag : str or iterable of str, optional
        Keep only figures with one of these verification tags (`TAGS`).

    Returns
    -------
    list of tuple

    Examples
    --------
    >>> from bounds.data import figures
    >>> all(r.exact for _, _, r in figures(tag=("paper", "official", "quote")))
    True
    >>> figures(tag="memory")
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: figures: tag = 'memory' is not one of 'paper', 'official', 'quote', 'figure', 'secondary', 'derived'
    """
    tags = None
    if tag is not None:
        tags = {tag} if isinstance(tag, str) else set(tag)
        bad = sorted(t for t in tags if t not in TAGS)
        if bad:
            allowed = ", ".join(repr(t) for t in TAGS)
            raise ParameterValueError(f"figures: tag = {bad[0]!r} is not one of {allowed}",
                                      parameter="tag", value=bad[0], domain=tuple(TAGS))
    return [(c, k, r) for c, refs in collections().items() for k, r in refs.items()
            if tags is None or r.tag in tags]


def to_frame(tag=None):
    r"""Every figure as one pandas DataFrame (requires pandas: `pip install pandas`).

    Parameters
    ----------
    tag : str or iterable of str, optional
        As for `figures`.

    Returns
    -------
    pandas.DataFrame
        Columns `collection, key, value, unit, plus_minus, n, tag, source, note`; one row per
        figure. Values are the numbers as stored (float64 holds every stored figure
        exactly as printed; nothing is rounded).

    Examples
    --------
    >>> from bounds.data import to_frame
    >>> df = to_frame()
    >>> float(df.set_index("key").loc["instructgpt_held_out", "value"])
    0.773
    """
    try:
        import pandas as pd
    except ImportError as exc:      # pragma: no cover - pandas is in the test extras
        raise ImportError("bounds.data.to_frame needs pandas: pip install pandas") from exc
    rows = [(c, k, float(r.value), r.unit, r.plus_minus, r.n, r.tag, r.source, r.note)
            for c, k, r in figures(tag)]
    return pd.DataFrame(rows, columns=list(COLUMNS))
