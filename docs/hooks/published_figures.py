"""MkDocs hook: the tables of "Published figures", generated from `bounds.data` at build time.

The page ``published-figures.md`` holds two markers, replaced when the site is built:

* ``<!-- published-figures: summary -->``: one row per collection (its module, its number of
  figures, and how many carry each verification tag), and a total row;
* ``<!-- published-figures: all -->``: every figure of every collection, one collapsible
  table per collection (key, value as stored, unit, ±, n, tag, source).

So the page always lists exactly what the package holds: a new module of figures appears
with no edit to the page.
"""
from __future__ import annotations

import importlib
import pkgutil

SUMMARY = "<!-- published-figures: summary -->"
ALL = "<!-- published-figures: all -->"
PAGE = "published-figures.md"


def on_page_markdown(markdown, page, **kwargs):
    if page.file.src_uri != PAGE:
        return markdown
    for marker in (SUMMARY, ALL):
        if marker not in markdown:
            raise ValueError(f"{PAGE}: the marker {marker} is missing")
    return markdown.replace(SUMMARY, summary_table()).replace(ALL, all_tables())


def homes() -> dict:
    """Collection name -> the module of `bounds.data` that defines it."""
    import bounds.data as data

    found, out = data.collections(), {}
    for info in pkgutil.iter_modules(data.__path__):
        mod = importlib.import_module(f"bounds.data.{info.name}")
        for name, obj in vars(mod).items():
            if found.get(name) is obj:
                out.setdefault(name, mod.__name__)
            elif name.isupper() and isinstance(obj, data.Reference):
                out.setdefault("SINGLE", mod.__name__)
    return out


def _cell(text) -> str:
    text = str(text)
    for ch in "\\*_[]|<`":
        text = text.replace(ch, "\\" + ch)
    return text.replace("$", "&#36;")


def value_text(v) -> str:
    """The value as stored: integers with thousands separators, other floats in full (repr)."""
    if isinstance(v, int) or (isinstance(v, float) and v.is_integer() and abs(v) >= 1000):
        return f"{int(v):,}"
    return repr(v)


def summary_table() -> str:
    from bounds.data import TAGS, collections

    where = homes()
    head = "| collection | module | figures | " + " | ".join(TAGS) + " |"
    rule = "|---|---|--:|" + "--:|" * len(TAGS)
    rows, totals = [head, rule], dict.fromkeys(TAGS, 0)
    for name, refs in collections().items():
        counts = {t: sum(r.tag == t for r in refs.values()) for t in TAGS}
        for t in TAGS:
            totals[t] += counts[t]
        rows.append(f"| `{name}` | `{where.get(name, '')}` | {len(refs)} | "
                    + " | ".join(str(counts[t] or "") for t in TAGS) + " |")
    rows.append(f"| **all** | | **{sum(totals.values())}** | " + " | ".join(f"**{totals[t]}**" for t in TAGS)
                + " |")
    return "\n".join(rows)


def all_tables() -> str:
    from bounds.data import collections

    blocks = []
    for name, refs in collections().items():
        lines = [f'??? note "`{name}`: {len(refs)} figures"', "",
                 "    | key | value | unit | ± | n | tag | source |", "    |---|--:|---|--:|--:|---|---|"]
        for key, r in refs.items():
            pm = "" if r.plus_minus is None else value_text(r.plus_minus)
            n = "" if r.n is None else value_text(r.n)
            lines.append(f"    | `{key}` | {value_text(r.value)} | {_cell(r.unit)} | {pm} | {n} | {r.tag} | "
                         f"{_cell(r.source)} |")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
