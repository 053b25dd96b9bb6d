r"""Reading the points of a learning curve from CSV, for `bounds check FILE.csv` and `bounds.check`.

The file is comma-separated text (UTF-8), with a header row naming its columns; blank lines
and lines starting with `#` are skipped. Columns (case and surrounding spaces ignored):

| column | required | meaning |
|---|---|---|
| `n` | yes | labels (comparisons) the point was trained on: a whole number $\ge 0$ |
| `accuracy` | yes | agreement with held-out labels, as a fraction (or a percentage, see `unit`) |
| `test_size` | no | items the accuracy was measured on: a whole number $\ge 1$, in every row or none |
| `unit` | no | `fraction` (default) or `percent` (`%`): the unit of that row's accuracy |
| `hours` | no | hours of human feedback stated for that point |
| `seconds_per_label` | no | seconds per label, a number or a range `3-5`: held against `hours` |
| `label` | no | a name for the point (text, shown as given) |

Every cell is read as a number by the standard library's `decimal` and `float` parsers:
nothing in a file is ever evaluated as code. A bad cell gets an error naming its row (the
line of the file) and column.

Examples
--------
>>> from bounds.evidence_io import parse_points
>>> p = parse_points("n,accuracy,unit\n1000,53,percent\n10000,0.58,fraction\n")
>>> p.n.tolist(), p.accuracy.tolist()
([1000.0, 10000.0], [0.53, 0.58])
>>> parse_points("n,accuracy\n-5,0.6\n")
Traceback (most recent call last):
...
bounds.errors.ParameterValueError: row 2, column n: -5 must be a whole number of labels >= 0
"""
from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np

from .errors import ParameterValueError

__all__ = ["parse_points", "read_points", "Points", "COLUMNS", "UNITS", "MAX_BYTES", "MAX_ROWS"]

#: The columns a file may have; `n` and `accuracy` are required.
COLUMNS = ("n", "accuracy", "test_size", "unit", "hours", "seconds_per_label", "label")
#: Units of `accuracy`, and what each is divided by.
UNITS = {"fraction": 1, "percent": 100, "%": 100}
#: Largest file read (bytes) and most points.
MAX_BYTES = 20_000_000
MAX_ROWS = 100_000

_RANGE = re.compile(r"^\s*([^\s-][^-]*?)\s*-\s*([^\s-].*?)\s*$")


@dataclass(frozen=True)
class Points:
    r"""The points read from a file.

    Attributes
    ----------
    n, accuracy : numpy.ndarray
        Labels and accuracy (a fraction) per point.
    test_size : numpy.ndarray or None
        Test items per point, if the file has them.
    hours : numpy.ndarray or None
        Stated hours per point (`nan` where a row has none).
    seconds : list or None
        Per point, `(low, high)` seconds per label, or None.
    labels : tuple of str
        Names of the points ('' where none).
    rows : tuple of int
        The line of the file each point came from.

    Examples
    --------
    >>> p = parse_points("n,accuracy,label\n100,0.6,first\n")
    >>> p.labels, p.rows, p.test_size is None
    (('first',), (2,), True)
    """

    n: np.ndarray
    accuracy: np.ndarray
    test_size: np.ndarray | None
    hours: np.ndarray | None
    seconds: list | None
    labels: tuple
    rows: tuple


def _fail(row, column, text):
    raise ParameterValueError(f"row {row}, column {column}: {text}", parameter=column, value=row,
                              domain="see bounds.evidence_io")


def _number(text, row, column):
    t = text.strip()
    if not t:
        _fail(row, column, "the cell is empty; a number is needed")
    if len(t) > 64:
        _fail(row, column, f"{t[:20]!r}... is not a number (more than 64 characters)")
    try:
        d = Decimal(t)
    except InvalidOperation:
        _fail(row, column, f"{t!r} is not a number")
    if not d.is_finite():
        _fail(row, column, f"{t!r} is not a finite number")
    return d


def _whole(text, row, column, low, what):
    d = _number(text, row, column)
    if d != d.to_integral_value() or d < low or d > Decimal(2) ** 62:
        _fail(row, column, f"{text.strip()} must be a whole number of {what} >= {low}")
    return float(d)


def _accuracy(text, unit_text, row):
    unit = "fraction" if unit_text is None or not unit_text.strip() else unit_text.strip().lower()
    if unit not in UNITS:
        _fail(row, "unit", f"unknown unit {unit_text.strip()[:40]!r}; the units are {', '.join(UNITS)}")
    d = _number(text, row, "accuracy") / UNITS[unit]
    if not 0 <= d <= 1:
        hint = " (a percentage needs unit=percent)" if unit == "fraction" and 1 < d <= 100 else ""
        _fail(row, "accuracy", f"{text.strip()} is outside [0, 1] as a {unit if unit != '%' else 'percent'}{hint}")
    return float(d)


def _seconds(text, row):
    t = text.strip()
    if not t:
        return None
    m = _RANGE.match(t)
    lo, hi = (m.group(1), m.group(2)) if m else (t, t)
    a, b = float(_number(lo, row, "seconds_per_label")), float(_number(hi, row, "seconds_per_label"))
    if not (0 < a <= b < math.inf):
        _fail(row, "seconds_per_label", f"{t!r} must be a positive number or a range low-high with 0 < low <= high")
    return (a, b)


def _header(cells, row):
    names = [c.strip().lower() for c in cells]
    for i, name in enumerate(names):
        if name not in COLUMNS:
            _fail(row, cells[i].strip()[:40] or f"#{i + 1}",
                  f"unknown column {cells[i].strip()[:40]!r}; the columns are {', '.join(COLUMNS)}")
        if names.index(name) != i:
            _fail(row, name, "the column appears twice")
    for need in ("n", "accuracy"):
        if need not in names:
            _fail(row, need, f"the header has no column {need!r} (it has {', '.join(names)})")
    return names


def _rows(text):
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        for cells in reader:
            if not cells or all(not c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                continue
            yield reader.line_num, cells
    except csv.Error as exc:
        raise ParameterValueError(f"row {reader.line_num}: not valid CSV ({exc})", parameter="file",
                                  value=reader.line_num, domain="comma-separated text") from None


def _record(cells, names, row):
    if len(cells) != len(names):
        _fail(row, "*", f"{len(cells)} cells, but the header has {len(names)} columns")
    cell = dict(zip(names, cells))
    return {"n": _whole(cell["n"], row, "n", 0, "labels"),
            "accuracy": _accuracy(cell["accuracy"], cell.get("unit"), row),
            "test_size": (None if not cell.get("test_size", "").strip()
                          else _whole(cell["test_size"], row, "test_size", 1, "test items")),
            "hours": (math.nan if not cell.get("hours", "").strip() else float(_positive_hours(cell["hours"], row))),
            "seconds": _seconds(cell.get("seconds_per_label", ""), row),
            "label": cell.get("label", "").strip()[:80], "row": row}


def _positive_hours(text, row):
    d = _number(text, row, "hours")
    if not 0 < float(d) < math.inf:
        _fail(row, "hours", f"{text.strip()} must be a positive number of hours")
    return d


def parse_points(text: str) -> Points:
    r"""The points of a CSV text (see the module docstring for its columns).

    Raises
    ------
    bounds.errors.ParameterValueError
        Naming the row and column of the first bad cell, a missing or unknown column, or a
        file with no points.

    Examples
    --------
    >>> parse_points("n,accuracy,test_size\n100,0.6,500\n").test_size.tolist()
    [500.0]
    >>> parse_points("n,acc\n1,0.5\n")
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: row 1, column acc: unknown column 'acc'; the columns are n, accuracy, test_size, unit, hours, seconds_per_label, label
    """
    if not isinstance(text, str):
        raise ParameterValueError(f"parse_points: expected the text of a CSV file, got {type(text).__name__}",
                                  parameter="text", value=type(text).__name__, domain="str")
    header, recs = None, []
    for row, cells in _rows(text):
        if header is None:
            header = _header(cells, row)
            continue
        recs.append(_record(cells, header, row))
        if len(recs) > MAX_ROWS:
            _fail(row, "*", f"more than {MAX_ROWS} points")
    if header is None or not recs:
        raise ParameterValueError("the file has no points (a header row and at least one row of numbers are needed)",
                                  parameter="file", value=0, domain="at least one point")
    sizes = [r["test_size"] for r in recs]
    if any(s is None for s in sizes) and not all(s is None for s in sizes):
        row = next(r["row"] for r in recs if r["test_size"] is None)
        _fail(row, "test_size", "the cell is empty, but other rows give a test size: give it in every row or none")
    hours = np.array([r["hours"] for r in recs])
    seconds = [r["seconds"] for r in recs]
    return Points(np.array([r["n"] for r in recs]), np.array([r["accuracy"] for r in recs]),
                  None if sizes[0] is None else np.array(sizes, dtype=float),
                  None if np.all(np.isnan(hours)) else hours,
                  None if all(s is None for s in seconds) else seconds,
                  tuple(r["label"] for r in recs), tuple(r["row"] for r in recs))


def read_points(path) -> Points:
    r"""The points of a CSV file (UTF-8, at most `MAX_BYTES`); see `parse_points`.

    Raises
    ------
    bounds.errors.ParameterValueError
        For a file that cannot be read, is too large or is not UTF-8 text, and as `parse_points`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "curve.csv"
    >>> _ = f.write_text("n,accuracy\n1000,0.62\n", encoding="utf-8")
    >>> read_points(f).accuracy.tolist()
    [0.62]
    """
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ParameterValueError(f"{p}: {size} bytes; at most {MAX_BYTES} are read", parameter="file",
                                      value=size, domain=f"at most {MAX_BYTES} bytes")
        raw = p.read_bytes()
    except OSError as exc:
        raise ParameterValueError(f"{p}: cannot be read ({exc.strerror or exc})", parameter="file", value=str(p),
                                  domain="a readable file") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParameterValueError(f"{p}: not UTF-8 text (byte {exc.start})", parameter="file", value=str(p),
                                  domain="UTF-8 text") from None
    if "\x00" in text:
        raise ParameterValueError(f"{p}: contains NUL bytes (not a text file)", parameter="file", value=str(p),
                                  domain="UTF-8 text")
    return parse_points(text)
