r"""The dependency graph of the derivations: premises, lemmas and bounds, and its SVG picture.

`dependency_graph(reports)` gives the nodes (cited premises, model premises, derivations,
each with its status) and the edges ("is used by"); `graph_svg` lays it out in columns
(cited theorems | derivations, lemmas first | the model's premises) and draws it by hand,
with no graphviz and nothing loaded from the network.

Examples
--------
>>> from bounds.proof import check_all
>>> svg = graph_svg(check_all(["duel.hoeffding"]))
>>> svg.startswith("<svg") and "duel.hoeffding.html" in svg
True
"""
from __future__ import annotations

import html
from typing import Iterable

from .reports import DerivationReport
from .status import Status
from .structure import Derivation

__all__ = ["dependency_graph", "graph_svg"]

FILL = {
    "cited": ("#e8eaf6", "#3949ab"),
    "model": ("#ede7f6", "#5e35b1"),
    "checked": ("#e8f5e9", "#2e7d32"),
    "numeric": ("#fff8e1", "#f9a825"),
    "false": ("#ffebee", "#c62828"),
    "unchecked": ("#eeeeee", "#757575"),
}
LEGEND = [("cited", "theorem (cited)"), ("model", "model premise (cited)"), ("checked", "checked derivation"),
          ("numeric", "with a numeric step"), ("false", "fails")]
BOX_H, ROW_H, GAP_X, PAD = 24, 30, 90, 16


def dependency_graph(reports: Iterable[DerivationReport]):
    r"""Nodes and edges of the dependency graph: premises and derivations, coloured by status.

    Parameters
    ----------
    reports : iterable of DerivationReport
        Checked derivations.

    Returns
    -------
    (dict, list)
        `nodes`: id -> dict(kind='premise'|'model'|'derivation', title, status); `edges`:
        (from id, to id) pairs, "from is used by to".

    Examples
    --------
    >>> from bounds.proof import check_all
    >>> nodes, edges = dependency_graph(check_all(["duel.hoeffding"]))
    >>> nodes["duel.hoeffding"]["kind"], nodes["duel.hoeffding"]["status"]
    ('derivation', 'checked')
    """
    nodes = {}
    edges = []
    reports = list(reports)
    for r in reports:
        d = r.derivation
        nodes[d.id] = {"kind": "derivation", "title": d.title, "status": r.status, "counts": r.counts}
    failed = {c.premise for r in reports for c in r.premise_checks if not c.ok}
    for r in reports:
        d = r.derivation
        for p in d.all_premises():
            if isinstance(p, Derivation):
                pid = p.id
                if pid not in nodes:
                    nodes[pid] = {"kind": "derivation", "title": p.title, "status": "unchecked"}
            else:
                pid = p.id
                if pid not in nodes:
                    nodes[pid] = {"kind": "model" if p.kind == "model" else "premise", "title": p.title,
                                  "status": Status.FALSE if pid in failed else Status.CITED,
                                  "citation": p.citation}
            if (pid, d.id) not in edges and pid != d.id:
                edges.append((pid, d.id))
    return nodes, edges



def _columns(nodes, edges):
    """Columns of node ids (theorems | derivations by lemma depth | model premises) and each column's side."""
    is_model = {i: (n["kind"] == "model" or i.startswith("model.")) for i, n in nodes.items()}
    preds = {i: [a for a, b in edges if b == i] for i in nodes}
    depth = {}

    def dep(i):
        if i not in depth:
            depth[i] = 0
            ds = [dep(p) for p in preds[i] if nodes[p]["kind"] == "derivation"]
            depth[i] = 1 + max(ds) if ds else 0
        return depth[i]

    deriv_ids = [i for i, n in nodes.items() if n["kind"] == "derivation"]
    for i in deriv_ids:
        dep(i)
    max_depth = max(depth.values()) if depth else 0
    theorems = sorted(i for i, n in nodes.items() if n["kind"] != "derivation" and not is_model[i])
    models = sorted(i for i, n in nodes.items() if n["kind"] != "derivation" and is_model[i])
    columns = [theorems] + [sorted(i for i in deriv_ids if depth[i] == k) for k in range(max_depth + 1)] + [models]
    side = ["left"] + ["mid"] * (max_depth + 1) + ["right"]
    keep = [k for k, c in enumerate(columns) if c]
    return [columns[k] for k in keep], [side[k] for k in keep], is_model


def _order(columns, edges):
    """Order each column by the mean position of the neighbours (a few sweeps)."""
    neighbours = {}
    for a, b in edges:
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    pos = {i: (ci, k) for ci, col in enumerate(columns) for k, i in enumerate(col)}
    for _ in range(8):
        for ci, col in enumerate(columns):
            def key(i):
                nb = [(pos[j][1] + 0.5) / len(columns[pos[j][0]]) for j in neighbours.get(i, []) if j in pos]
                return sum(nb) / len(nb) if nb else 0.5
            col.sort(key=key)
            for k, i in enumerate(col):
                pos[i] = (ci, k)


def _coordinates(columns, side):
    """(x, y, width, side) of every box, and the picture's width and height."""
    box_w = [260 if sd != "mid" else 190 for sd in side]
    rows = max(len(col) for col in columns)
    height = PAD * 2 + rows * ROW_H
    xs, x = [], PAD
    for w in box_w:
        xs.append(x)
        x += w + GAP_X
    coord = {}
    for ci, col in enumerate(columns):
        # derivation columns are spread out (up to twice the row height) so that edges fan in
        step = ROW_H if side[ci] != "mid" else min(2 * ROW_H, (height - 2 * PAD) / max(1, len(col)))
        offset = (height - 2 * PAD - len(col) * step) / 2 + (step - ROW_H) / 2
        for k, i in enumerate(col):
            coord[i] = (xs[ci], PAD + offset + k * step, box_w[ci], side[ci])
    return coord, x - GAP_X + PAD, height


def _edge_svg(a, b, coord):
    xa, ya, wa, sa = coord[a]
    xb, yb, wb, _ = coord[b]
    x1, x2 = (xa, xb + wb) if sa == "right" else (xa + wa, xb)  # model premises enter from the right
    y1, y2 = ya + BOX_H / 2, yb + BOX_H / 2
    mx = (x1 + x2) / 2
    end = x2 + 1 if sa == "right" else x2 - 1
    return (f'<path d="M {x1:.1f} {y1:.1f} C {mx:.1f} {y1:.1f}, {mx:.1f} {y2:.1f}, {end:.1f} {y2:.1f}" '
            f'fill="none" stroke="#bdbdbd" stroke-width="1" marker-end="url(#arrow)"/>')


def _node_svg(i, n, coord, is_model, anchor):
    x, y, w, _ = coord[i]
    if n["kind"] == "derivation":
        key = n["status"] if n["status"] in FILL else "unchecked"
        href, label = f"{i}.html", i
    else:
        key = "false" if n["status"] == Status.FALSE else ("model" if is_model[i] else "cited")
        href, label = f"index.html#{anchor(i)}", n["title"]
    fill, stroke = FILL[key]
    max_chars = int((w - 14) / 6.0)
    if len(label) > max_chars:
        label = label[: max_chars - 1] + "…"
    tip = html.escape(f"{i}: {n['title']}")
    return (f'<a href="{html.escape(href)}"><g><title>{tip}</title>'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w}" height="{BOX_H}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="1.2"/>'
            f'<text x="{x + 8:.1f}" y="{y + BOX_H / 2 + 4:.1f}" fill="#212121">{html.escape(label)}</text></g></a>')


def graph_svg(reports, anchor=lambda pid: "p-" + pid.replace(".", "-")) -> str:
    r"""The dependency graph as a standalone SVG picture.

    Columns: cited theorems | derivations (lemmas first) | the model's premises. Theorems
    feed the derivations from the left, the model's definitions from the right; a derivation
    used as a lemma sits one column left of its users. Colours give the status.

    Parameters
    ----------
    reports : list of DerivationReport
        Checked derivations.
    anchor : callable
        Premise id -> the anchor of its entry on the index page (links of the boxes).

    Returns
    -------
    str
        SVG.

    Examples
    --------
    >>> from bounds.proof import check_all
    >>> graph_svg(check_all(["duel.exact"])).count("<rect") > 3
    True
    """
    nodes, edges = dependency_graph(reports)
    columns, side, is_model = _columns(nodes, edges)
    _order(columns, edges)
    coord, width, height = _coordinates(columns, side)
    legend_h = 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height + legend_h:.0f}" '
        f'width="{width:.0f}" height="{height + legend_h:.0f}" '
        'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="11">',
        "<title>Dependency graph of the derivations</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#9e9e9e"/></marker></defs>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
    ]
    out += [_edge_svg(a, b, coord) for a, b in edges if a in coord and b in coord]
    out += [_node_svg(i, n, coord, is_model, anchor) for i, n in nodes.items()]
    x, ly = PAD, height + 4
    for key, text in LEGEND:
        fill, stroke = FILL[key]
        out.append(f'<rect x="{x}" y="{ly + 4}" width="14" height="12" rx="3" fill="{fill}" stroke="{stroke}"/>'
                   f'<text x="{x + 20}" y="{ly + 14}" fill="#424242">{text}</text>')
        x += 34 + 6.2 * len(text)
    out.append("</svg>")
    return "\n".join(out) + "\n"
