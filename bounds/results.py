r"""The answers of a `Scenario`: probabilities with their bounds, labels needed, comparisons.

Each answer is a frozen dataclass holding numbers (floats for scalar inputs, arrays
otherwise) and the ids of the bounds behind them. In a terminal it prints as a table of at
most `WIDTH` columns, numbers first: the bounds behind a column are named once below the
table when they are the same on every row, and in a last column only where they vary. In
Jupyter it renders as an HTML table.

Examples
--------
>>> import bounds
>>> need = bounds.Scenario(K=2**20, d=0.1, eps=0.2).labels_needed(0.05)
>>> print(need)
labels needed for P(win) >= 1 - delta
     delta  necessary  (adaptive)         exact  sufficient
      0.05        156          68           711         835
  necessary for learners with passively drawn queries, from fano.passive_exact
  (adaptive) for learners that choose their queries, from fano.capacity_exact
  sufficient from race.union_chernoff
>>> "<table>" in need._repr_html_()
True
"""
from __future__ import annotations

import html
import math
import textwrap
from dataclasses import dataclass, field

import numpy as np

from ._format import fmt, fmt_count

__all__ = ["Comparison", "LabelsNeeded", "ProbabilityBounds", "WIDTH", "html_table", "wrap"]

#: Terminal reprs fit this many columns.
WIDTH = 100

#: Rows shown by a terminal repr; the rest are counted.
MAX_ROWS = 20


def wrap(text: str, indent: str = "  ", hang: str = "    ") -> str:
    """`text` as lines of at most `WIDTH` columns: the first indented by `indent`, the others by `hang`.

    Examples
    --------
    >>> print(wrap("word " * 30, hang="  "))
      word word word word word word word word word word word word word word word word word word word
      word word word word word word word word word word word
    """
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=hang,
                         break_on_hyphens=False)


def html_table(head, rows, caption: str | None = None) -> str:
    """An HTML table: a header row and rows of cells (escaped), with an optional caption.

    Examples
    --------
    >>> html_table(["n", "P"], [[10, "a<b"]], caption="x")
    '<table><caption>x</caption><tr><th>n</th><th>P</th></tr><tr><td>10</td><td>a&lt;b</td></tr></table>'
    """
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    th = "".join(f"<th>{html.escape(str(h))}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table>{cap}<tr>{th}</tr>{body}</table>"


def _rows(arr) -> np.ndarray:
    return np.ravel(np.asarray(arr, dtype=object if np.asarray(arr).dtype.kind in "OU" else float))


def _names(arr, size) -> list:
    names = np.ravel(np.asarray(arr, dtype=object))
    return [str(names[i % names.size]) for i in range(size)]


def _text_table(title, head, numbers, named, notes, more=0) -> str:
    """A terminal table: `title`, header and rows of numbers, then the names of the bounds.

    `named` lists `(label, names per row, note)`: a label whose names are the same on every
    row is named once below the table (after its note, which says whom the column speaks
    of); the others share a last column. A row too wide for that column has its names on
    the next line. `notes` (the reasons) follow."""
    varying = [(label, names) for label, names, _ in named if len(set(names)) > 1]
    lines = [title, head + (f"  {' / '.join(label for label, _ in varying)} from" if varying else "")]
    for i, row in enumerate(numbers):
        names = " / ".join(names[i] for _, names in varying)
        line = f"{row}  {names}" if names else row
        lines += [line] if len(line) <= WIDTH else [row, wrap(names, indent=" " * 6, hang=" " * 8)]
    if more:
        lines.append(f"  ... ({more} more)")
    for label, names, note in named:
        text = f"{label} {note}" if note else label
        if len(set(names)) == 1 and names[0] != "none":
            text += f"{',' if note else ''} from {names[0]}"
        elif not note:
            continue
        lines.append(wrap(text))
    lines += [wrap(n) for n in notes]
    return "\n".join(lines)


@dataclass(frozen=True)
class ProbabilityBounds:
    r"""A probability with its lower and upper bounds and, where reachable, its exact value.

    Attributes
    ----------
    quantity : str
        `"P(win)"` or `"P(fail)"`.
    n : float or numpy.ndarray
        The numbers of labels.
    lower, upper : float or numpy.ndarray
        Lower and upper bounds.
    exact : float, numpy.ndarray, numpy.ma.MaskedArray or None
        Exact value on the independent-separation class; `None` (scalar `n`) or masked
        (array `n`) where $n$ is beyond `bounds.MAX_EXACT_N`.
    lower_bound, upper_bound : str or numpy.ndarray of str
        Which bound gives `lower` / `upper` at each $n$.
    exact_bound : str
        Id of the exact computation.

    Examples
    --------
    >>> import bounds
    >>> p = bounds.Scenario(K=2, d=1.0, eps=0.1).failure_probability(11)
    >>> p.lower <= p.exact <= p.upper
    True
    >>> print(p)
    P(fail) after n labels: lower <= exact <= upper
              n        lower         exact        upper
             11   1.0014e-09   0.000295706   0.00362797
      lower from two_point.le_cam
      upper from race.union_chernoff
      exact from race.exact
    """

    quantity: str
    n: object
    lower: object
    upper: object
    exact: object
    lower_bound: object
    upper_bound: object
    exact_bound: str

    def _table(self):
        ns = _rows(self.n)
        lo, up = _rows(self.lower), _rows(self.upper)
        ex = None if self.exact is None else np.ma.ravel(np.ma.asarray(self.exact))
        lb, ub = _names(self.lower_bound, ns.size), _names(self.upper_bound, ns.size)
        for i in range(ns.size):
            e = None if ex is None or np.ma.is_masked(ex[i]) else float(ex[i])
            yield ns[i], lo[i], e, up[i], lb[i], ub[i]

    def __repr__(self) -> str:
        rows = list(self._table())
        numbers = [f"{fmt_count(n):>11}  {fmt(lo):>11}  {fmt(e):>12}  {fmt(up):>11}"
                   for n, lo, e, up, _, _ in rows[:MAX_ROWS]]
        named = [("lower", [r[4] for r in rows[:MAX_ROWS]], ""), ("upper", [r[5] for r in rows[:MAX_ROWS]], ""),
                 ("exact", [self.exact_bound], "")]
        return _text_table(f"{self.quantity} after n labels: lower <= exact <= upper",
                           f"{'n':>11}  {'lower':>11}  {'exact':>12}  {'upper':>11}", numbers, named, [],
                           more=max(0, len(rows) - MAX_ROWS))

    def _repr_html_(self) -> str:
        rows = [[fmt_count(n), fmt(lo), fmt(e), fmt(up), lb, ub] for n, lo, e, up, lb, ub in self._table()]
        return html_table(["n", "lower", "exact", "upper", "lower from", "upper from"], rows,
                          caption=f"{self.quantity}: lower <= exact ({self.exact_bound}) <= upper")


@dataclass(frozen=True)
class LabelsNeeded:
    r"""Labels needed for $P(\text{aligned wins}) \ge 1-\delta$: necessary, exact and sufficient.

    Attributes
    ----------
    delta : float or numpy.ndarray
        The allowed failure probability.
    necessary : float or numpy.ndarray
        The largest valid lower bound for learners with passively drawn queries — which
        the generic objective is — named by `necessary_bound` (its `covers` says on which
        class it is proved).
    necessary_adaptive : float or numpy.ndarray
        The same for learners that choose their queries (may be smaller).
    exact : float, numpy.ndarray, numpy.ma.MaskedArray or None
        Smallest $n$ whose exact $P(\text{win}) \ge 1-\delta$ on the independent-separation
        class (ties lose); `None`/masked where not computed (see `exact_status`).
    sufficient : float or numpy.ndarray
        $n$ that guarantees $P(\text{win}) \ge 1-\delta$ on every class of the family.
    ratio : float or numpy.ndarray
        `sufficient / necessary`: the width of what theory leaves open.
    necessary_bound, necessary_adaptive_bound : str or numpy.ndarray of str
        Which bound gives each necessary count (`"none"` where no learner needs a label).
    sufficient_bound : str
        Id of the bound behind `sufficient`.
    reasons : dict
        For every count that is `inf`, 0 or missing, why — in words.
    exact_status : str or numpy.ndarray of str
        `"computed"`, `"skipped"` (`exact=False`) or `"out of reach"`.

    Examples
    --------
    >>> import bounds
    >>> r = bounds.Scenario(K=2, d=0.5, eps=0.4).labels_needed(0.05)
    >>> r.necessary <= r.exact <= r.sufficient
    True
    """

    delta: object
    necessary: object
    necessary_adaptive: object
    exact: object
    sufficient: object
    ratio: object
    necessary_bound: object
    necessary_adaptive_bound: object
    sufficient_bound: str
    reasons: dict = field(default_factory=dict)
    exact_status: object = "computed"

    @property
    def reason(self) -> str:
        """All reasons in one paragraph (empty when every count is finite and positive)."""
        return "; ".join(f"{k}: {v}" for k, v in self.reasons.items())

    def _table(self):
        ds = _rows(self.delta)
        nec, ada, suf = _rows(self.necessary), _rows(self.necessary_adaptive), _rows(self.sufficient)
        ex = None if self.exact is None else np.ma.ravel(np.ma.asarray(self.exact))
        nb, ab = _names(self.necessary_bound, ds.size), _names(self.necessary_adaptive_bound, ds.size)
        st = _names(self.exact_status, ds.size)
        for i in range(ds.size):
            e = None if ex is None or np.ma.is_masked(ex[i]) else float(ex[i])
            yield ds[i], nec[i], nb[i], ada[i], ab[i], (fmt_count(e) if e is not None else st[i]), suf[i]

    def __repr__(self) -> str:
        rows = list(self._table())
        numbers = [f"{fmt(dl):>10}  {fmt_count(nec):>9}  {fmt_count(ada):>10}  {ex:>12}  {fmt_count(suf):>10}"
                   for dl, nec, _, ada, _, ex, suf in rows[:MAX_ROWS]]
        named = [("necessary", [r[2] for r in rows[:MAX_ROWS]], "for learners with passively drawn queries"),
                 ("(adaptive)", [r[4] for r in rows[:MAX_ROWS]], "for learners that choose their queries"),
                 ("sufficient", [self.sufficient_bound], "")]
        notes = [f"{key}: {why}" for key, why in self.reasons.items()]
        return _text_table("labels needed for P(win) >= 1 - delta",
                           f"{'delta':>10}  {'necessary':>9}  {'(adaptive)':>10}  {'exact':>12}  {'sufficient':>10}",
                           numbers, named, notes, more=max(0, len(rows) - MAX_ROWS))

    def _repr_html_(self) -> str:
        head = ["delta", "necessary", "(adaptive)", "exact", "sufficient", "necessary from", "(adaptive) from"]
        rows = [[fmt(dl), fmt_count(nec), fmt_count(ada), ex, fmt_count(suf), nb, ab]
                for dl, nec, nb, ada, ab, ex, suf in self._table()]
        notes = "".join(f"<li><b>{html.escape(k)}</b>: {html.escape(v)}</li>" for k, v in self.reasons.items())
        return (html_table(head, rows, caption="labels needed for P(win) >= 1 - delta")
                + f"<p>sufficient from {html.escape(self.sufficient_bound)}</p>"
                + (f"<ul>{notes}</ul>" if notes else ""))


@dataclass(frozen=True)
class Comparison:
    r"""How tight the theory is for one scenario: necessary vs exact vs sufficient labels, with ratios.

    Attributes
    ----------
    scenario : Scenario
        The scenario compared.
    delta : numpy.ndarray
        Failure probabilities (rows).
    necessary : numpy.ndarray
        Labels no passive learner can do without (`LabelsNeeded.necessary`).
    exact : numpy.ndarray
        Exact smallest $n$ on the independent-separation class (`nan` where out of
        reach, listed in `out_of_reach`).
    sufficient : numpy.ndarray
        Labels that guarantee success.
    necessary_bound : numpy.ndarray of str
        The lower bound attaining `necessary` on each row.
    out_of_reach : numpy.ndarray of bool
        Rows where the exact count was not computed.

    Examples
    --------
    >>> import bounds
    >>> c = bounds.Scenario(K=2**10, d=0.2, eps=0.1).compare([0.1, 0.01])
    >>> c.table()[0]["exact / necessary"] >= 1
    True
    >>> print(c)
    Scenario(K=2^10 (10 bits), d=0.2, eps=0.1; margin 0.16)
         delta  necessary         exact  sufficient  ex/nec  suf/ex
           0.1         17            86         111    5.06    1.29
          0.01         20           115         139    5.75    1.21
      necessary from fano.passive_exact
    """

    scenario: "Scenario"  # noqa: F821  (bounds.scenario.Scenario; not imported: scenario imports this module)
    delta: np.ndarray
    necessary: np.ndarray
    exact: np.ndarray
    sufficient: np.ndarray
    necessary_bound: np.ndarray
    out_of_reach: np.ndarray

    def table(self) -> list:
        r"""Rows as dicts: delta, the three counts, their ratios and the bound names.

        Returns
        -------
        list of dict
            One dict per delta. Ratios: `exact / necessary` (what information theory
            leaves on the table for this class), `sufficient / exact` (the price of a
            guarantee for every class), `sufficient / necessary`.

        Examples
        --------
        >>> import bounds
        >>> sorted(bounds.Scenario(K=4, d=0.5, eps=0.1).compare([0.05]).table()[0])[:3]
        ['delta', 'exact', 'exact / necessary']
        """
        rows = []
        for i, dl in enumerate(self.delta):
            nec, ex, suf = float(self.necessary[i]), float(self.exact[i]), float(self.sufficient[i])
            reach = not self.out_of_reach[i]
            rows.append({
                "delta": float(dl),
                "necessary": nec,
                "exact": ex if reach else None,
                "sufficient": suf,
                "exact / necessary": _safe_ratio(ex, nec) if reach else None,
                "sufficient / exact": _safe_ratio(suf, ex) if reach else None,
                "sufficient / necessary": _safe_ratio(suf, nec),
                "necessary bound": str(self.necessary_bound[i]),
            })
        return rows

    def to_frame(self):
        r"""The table as a pandas DataFrame (needs pandas).

        Returns
        -------
        pandas.DataFrame
            One row per delta.

        Examples
        --------
        >>> import bounds
        >>> df = bounds.Scenario(K=4, d=1.0, eps=0.1).compare([0.05]).to_frame()
        >>> list(df.columns)[:2]
        ['delta', 'necessary']
        """
        import pandas as pd

        return pd.DataFrame(self.table())

    def plot(self, ax=None):
        r"""Plot necessary / exact / sufficient labels against $\delta$ (needs matplotlib).

        The same as `bounds.plots.plot_comparison(self, ax)`.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on (a new figure otherwise).

        Returns
        -------
        matplotlib.axes.Axes
            The axes.

        Examples
        --------
        >>> import matplotlib; matplotlib.use("Agg")
        >>> import bounds
        >>> ax = bounds.Scenario(K=4, d=1.0, eps=0.1).compare([0.1, 0.01]).plot()
        """
        from .plots import plot_comparison  # the optional face, loaded on use (plots depends on this module)

        return plot_comparison(self, ax=ax)

    def __repr__(self) -> str:
        def ratio(v):
            return "-" if v is None else format(v, ".3g")

        rows = self.table()
        numbers = [f"{fmt(r['delta']):>10}  {fmt_count(r['necessary']):>9}  {fmt_count(r['exact']):>12}  "
                   f"{fmt_count(r['sufficient']):>10}  {ratio(r['exact / necessary']):>6}  "
                   f"{ratio(r['sufficient / exact']):>6}" for r in rows[:MAX_ROWS]]
        named = [("necessary", [r["necessary bound"] for r in rows[:MAX_ROWS]], "")]
        return _text_table(repr(self.scenario),
                           f"{'delta':>10}  {'necessary':>9}  {'exact':>12}  {'sufficient':>10}  {'ex/nec':>6}  {'suf/ex':>6}",
                           numbers, named, [], more=max(0, len(rows) - MAX_ROWS))

    def _repr_html_(self) -> str:
        cols = ["delta", "necessary", "exact", "sufficient", "exact / necessary", "sufficient / exact", "necessary bound"]
        rows = [[r[c] if isinstance(r[c], str) else fmt(r[c], none="-") for c in cols] for r in self.table()]
        return html_table(cols, rows, caption=repr(self.scenario))


def _safe_ratio(a, b):
    if math.isinf(a) and math.isinf(b):
        return 1.0
    if b == 0:
        return math.inf
    return a / b
