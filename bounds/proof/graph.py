r"""The dependency graph of the derivations: premises, lemmas and bounds, laid out and drawn as SVG.

`dependency_graph(reports)` gives the nodes (cited premises, model premises, derivations,
each with its status) and the edges ("is used by"). `graph_layout` places them with a
layered (Sugiyama) layout computed by `grandalf`, a pure-Python graph layout library (in the
`docs` extra: `pip install 'alignment-bounds[docs]'`): layers from left to right, crossings
reduced by the median heuristic, coordinates by Brandes and Köpf's method, long edges routed
through free slots of the layers they cross. Premises sit left of the derivations that use
them, derivations used as lemmas left of their users. `graph_svg` draws that layout as an
SVG to be inlined in a page: every box is a link (to its derivation page, or to its entry
on the derivations index), labels are wrapped, never truncated, and nothing is loaded from
the network.

Examples
--------
>>> from bounds.proof import check_all
>>> svg = graph_svg(check_all(["duel.hoeffding"]))
>>> svg.startswith("<svg") and 'href="duel.hoeffding.html"' in svg
True
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Iterable

from .reports import DerivationReport
from .status import Status
from .structure import Derivation

__all__ = ["dependency_graph", "graph_layout", "graph_svg", "GraphLayout", "Box"]

FILL = {
    "cited": ("#e8eaf6", "#3949ab"),
    "model": ("#ede7f6", "#5e35b1"),
    "checked": ("#e8f5e9", "#2e7d32"),
    "numeric": ("#fff8e1", "#f9a825"),
    "false": ("#ffebee", "#c62828"),
    "unchecked": ("#eeeeee", "#757575"),
}
LEGEND = [("cited", "theorem (cited)"), ("checked", "checked derivation"), ("numeric", "with a numeric step"),
          ("false", "fails"), ("model", "premise of the model")]
EDGE_COLOUR = {"cited": "#9fa8da", "model": "#b39ddb", "derivation": "#81c784"}

FONT_SIZE = 13          # px, the page's own text size
LINE_H = 16             # px between the lines of a label
PAD_X, PAD_Y = 9, 6     # inside a box
WRAP = 220              # px: a label wider than this wraps to the next line
LAYER_GAP = 70          # px between the columns (room for the edges)
NODE_GAP = 10           # px between boxes of a column
MARGIN = 12
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"

# Advance widths (1/1000 em) of the printable ASCII characters in DejaVu Sans, the widest of
# the usual sans-serif faces: a label measured with them fits its box in any of them.
_WIDTHS = [
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775,
    752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390,
    337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
]
BOLD = 1.1  # bold text (derivation titles) is about this much wider


def dependency_graph(reports: Iterable[DerivationReport]):
    r"""Nodes and edges of the dependency graph: premises and derivations, coloured by status.

    Parameters
    ----------
    reports : iterable of DerivationReport
        Checked derivations.

    Returns
    -------
    (dict, list)
        `nodes`: id -> dict(kind='premise'|'model'|'derivation', title, status), where 'model'
        marks the model's premises (ids `model.*`) and 'premise' the cited theorems; `edges`:
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
                    model = p.kind == "model" or pid.startswith("model.")  # the model's own premises
                    nodes[pid] = {"kind": "model" if model else "premise", "title": p.title,
                                  "status": Status.FALSE if pid in failed else Status.CITED,
                                  "citation": p.citation}
            if (pid, d.id) not in edges and pid != d.id:
                edges.append((pid, d.id))
    return nodes, edges


# =====================================================================================
# the layout


@dataclass
class Box:
    r"""One node of the laid-out graph.

    Attributes
    ----------
    id : str
        Node id (a derivation's or a premise's).
    x, y : float
        Top-left corner, in px.
    w, h : float
        Size, in px.
    lines : list of str
        The label, wrapped.
    style : str
        Colour key (`FILL`): cited, model, checked, numeric, false or unchecked.
    href : str
        Where the box links to.
    tip : str
        Tooltip (id and title).

    Examples
    --------
    >>> b = Box("prob.markov", 0, 0, 150, 28, ["Markov's inequality"], "cited", "#p-prob-markov", "")
    >>> b.href
    '#p-prob-markov'
    """

    id: str
    x: float
    y: float
    w: float
    h: float
    lines: list
    style: str
    href: str
    tip: str


@dataclass
class GraphLayout:
    r"""The laid-out dependency graph: boxes, edges as polylines, size.

    Attributes
    ----------
    boxes : dict
        Node id -> `Box`.
    edges : list
        `(from id, to id, points)`: the edge's route from the border of the first box to the
        border of the second, through one point per layer it crosses, in px.
    width, height : float
        Size of the drawing, in px.

    Examples
    --------
    >>> nodes = {"a": {"kind": "premise", "title": "A premise", "status": "cited"},
    ...          "b": {"kind": "derivation", "title": "A bound", "status": "checked"}}
    >>> lay = graph_layout(nodes, [("a", "b")])
    >>> sorted(lay.boxes), len(lay.edges[0][2])
    (['a', 'b'], 2)
    """

    boxes: dict = field(default_factory=dict)
    edges: list = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0


def text_width(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    r"""Width of `text` in px at font size `size` (measured with DejaVu Sans, the widest usual face).

    Examples
    --------
    >>> round(text_width("Markov"), 1)
    47.7
    """
    em = sum(_WIDTHS[ord(c) - 32] if 32 <= ord(c) < 127 else 700 for c in text)
    return em / 1000 * size * (BOLD if bold else 1.0)


def _greedy(words, width, bold):
    lines, cur = [], ""
    for word in words:
        trial = f"{cur} {word}" if cur else word
        if cur and text_width(trial, bold=bold) > width:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    return lines + [cur] if cur else lines


def wrap(text: str, width: float = WRAP, bold: bool = False) -> list:
    r"""`text` in as few lines no wider than `width` px as possible, of balanced lengths.

    A single word wider than `width` keeps a line of its own (labels are never cut).

    Examples
    --------
    >>> wrap("The moment generating function of an i.i.d. sum is a power")
    ['The moment generating function', 'of an i.i.d. sum is a power']
    >>> wrap("Markov's inequality")
    ["Markov's inequality"]
    """
    words = text.split()
    lines = _greedy(words, width, bold)
    lo, hi = 0.0, width  # the narrowest width that needs no more lines: the lines balance
    for _ in range(20):
        mid = (lo + hi) / 2
        if len(_greedy(words, mid, bold)) > len(lines):
            lo = mid
        else:
            hi = mid
    return _greedy(words, hi, bold)


def _style(node) -> str:
    if node["kind"] == "derivation":
        return node["status"] if node["status"] in FILL else "unchecked"
    if node["status"] == Status.FALSE:
        return "false"
    return "model" if node["kind"] == "model" else "cited"


def _boxes(nodes, anchor) -> dict:
    """A `Box` (size and label, not yet placed) per node."""
    out = {}
    for i, n in nodes.items():
        bold = n["kind"] == "derivation"
        lines = wrap(n["title"], bold=bold)
        w = max(text_width(line, bold=bold) for line in lines) + 2 * PAD_X
        h = len(lines) * LINE_H + 2 * PAD_Y
        href = f"{i}.html" if n["kind"] == "derivation" else f"#{anchor(i)}"
        out[i] = Box(i, 0.0, 0.0, w, h, lines, _style(n), href, f"{i}: {n['title']}")
    return out


class _View:
    """The size grandalf reads (its layers run top to bottom: `h` is a box's extent across
    layers, `w` along them) and the position it writes."""

    def __init__(self, w=0.0, h=0.0):
        self.w, self.h, self.xy = w, h, (0.0, 0.0)


def _components(ids, edges):
    """Connected components: (node ids, edges), each in the order given, components by first node."""
    comp = {i: i for i in ids}

    def find(i):
        while comp[i] != i:
            comp[i] = comp[comp[i]]
            i = comp[i]
        return i

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            comp[max(ra, rb, key=ids.index)] = min(ra, rb, key=ids.index)
    roots = list(dict.fromkeys(find(i) for i in ids))
    return [([i for i in ids if find(i) == r], [(a, b) for a, b in edges if find(a) == r]) for r in roots]


def _sugiyama(component, order):
    """Run grandalf's Sugiyama layout on one connected component; roots in `order`."""
    from grandalf.layouts import SugiyamaLayout

    sug = SugiyamaLayout(component)
    sug.xspace, sug.yspace = NODE_GAP, LAYER_GAP
    roots = sorted((v for v in component.sV if not v.e_in()), key=lambda v: order[v.data])
    sug.init_all(roots=roots, optimize=True)
    sug.draw(N=5)
    return sug


def graph_layout(nodes, edges, anchor=lambda pid: "p-" + pid.replace(".", "-")) -> GraphLayout:
    r"""Lay the dependency graph out from left to right with grandalf's Sugiyama layout.

    Premises have no incoming edge, so they form the first layer, each moved right as far as
    its first user allows (grandalf's ranking with `optimize=True`).

    Each connected component is laid out on its own; components are stacked from top to
    bottom. Layers become columns (boxes of a column share its width), the position along a
    layer becomes the vertical position.

    Parameters
    ----------
    nodes, edges
        As returned by `dependency_graph`.
    anchor : callable
        Premise id -> the anchor of its entry on the derivations index (the boxes' links).

    Returns
    -------
    GraphLayout

    Raises
    ------
    ImportError
        If grandalf is not installed (it comes with the `docs` extra).

    Examples
    --------
    >>> nodes = {"a": {"kind": "premise", "title": "A premise", "status": "cited"},
    ...          "b": {"kind": "derivation", "title": "A bound", "status": "checked"}}
    >>> lay = graph_layout(nodes, [("a", "b")])
    >>> lay.boxes["a"].x < lay.boxes["b"].x, lay.edges[0][:2]
    (True, ('a', 'b'))
    """
    try:
        from grandalf.graphs import Edge, Vertex, graph_core
    except ImportError as e:  # pragma: no cover - the docs extra installs it
        raise ImportError("the dependency graph is laid out by grandalf: pip install 'alignment-bounds[docs]'") from e
    boxes = _boxes(nodes, anchor)
    order = {i: k for k, i in enumerate(nodes)}
    verts = {i: Vertex(i) for i in nodes}
    for i, v in verts.items():
        v.view = _View(w=boxes[i].h, h=boxes[i].w)  # transposed: grandalf's layers are rows
    out = GraphLayout(boxes=boxes)
    top, mids = MARGIN, {}
    for comp_nodes, comp_edges in _components(list(nodes), edges):
        # grandalf's own Graph() collects a component's edges in a set (an order that changes
        # from run to run, and so does the layout): build each component in a fixed order
        comp = graph_core([verts[i] for i in comp_nodes], [Edge(verts[a], verts[b]) for a, b in comp_edges])
        top = _place(_sugiyama(comp, order), boxes, top, mids) + 2 * NODE_GAP
    out.edges = _route(boxes, edges, mids)
    out.width = max(b.x + b.w for b in boxes.values()) + MARGIN
    out.height = max(b.y + b.h for b in boxes.values()) + MARGIN
    return out


def _id(v):
    """The node id of a grandalf vertex; None for a dummy vertex (a long edge crossing a layer)."""
    return None if getattr(v, "dummy", 0) else v.data


def _place(sug, boxes, top, mids) -> float:
    """Boxes of one laid-out component to page coordinates (columns from the layers); its bottom.

    Fills `mids`: (from id, to id) of a layout edge -> the points where it enters and leaves
    each column between its ends (at the height of grandalf's dummy vertex there, a slot kept
    free of boxes, so the edge crosses the column in a straight line)."""
    layers = sug.layers
    col_w = [max((boxes[_id(v)].w for v in layer if _id(v)), default=0.0) for layer in layers]
    col_x, x = [], MARGIN
    for w in col_w:
        col_x.append(x)
        x += w + LAYER_GAP
    shift = top - min(v.view.xy[0] - v.view.w / 2 for layer in layers for v in layer)
    where, bottom = {}, top
    for k, layer in enumerate(layers):
        for v in layer:
            cy = v.view.xy[0] + shift
            if _id(v):
                b = boxes[_id(v)]
                b.w, b.x, b.y = col_w[k], col_x[k], cy - b.h / 2
                bottom = max(bottom, b.y + b.h)
            where[v] = [(col_x[k], cy), (col_x[k] + col_w[k], cy)]  # straight across the column
    for e, ctrl in sug.ctrls.items():
        (a, b), (ra, rb) = e.v, (sug.grx[e.v[0]].rank, sug.grx[e.v[1]].rank)
        step = 1 if ra < rb else -1
        mids[(a.data, b.data)] = [p for r in range(ra + step, rb, step) for p in where[ctrl[r]][::step]]
    return bottom


def _route(boxes, edges, crossings) -> list:
    """Each edge as a polyline from the side of its first box to the side of the second, the
    ends spread along the sides so that edges do not all meet in one point."""
    raw = [(a, b, list(crossings.get((a, b), []))) for a, b in edges]
    ends = {}  # (box id, side) -> [(y of the neighbouring point, edge index, which end)]
    for k, (a, b, mids) in enumerate(raw):
        A, B = boxes[a], boxes[b]
        right = B.x > A.x
        ya = mids[0][1] if mids else B.y + B.h / 2
        yb = mids[-1][1] if mids else A.y + A.h / 2
        ends.setdefault((a, "R" if right else "L"), []).append((ya, k, 0))
        ends.setdefault((b, "L" if right else "R"), []).append((yb, k, 1))
    port = {}
    for (i, side), lst in ends.items():
        box = boxes[i]
        lst.sort()
        x = box.x + box.w if side == "R" else box.x
        for j, (_, k, end) in enumerate(lst):
            port[(k, end)] = (x, box.y + box.h * (j + 1) / (len(lst) + 1))
    return [(a, b, [port[(k, 0)], *mids, port[(k, 1)]]) for k, (a, b, mids) in enumerate(raw)]


# =====================================================================================
# the picture


def _path_d(points) -> str:
    """A smooth path through the points, horizontal at each of them (the layers are columns)."""
    (x0, y0), rest = points[0], points[1:]
    d = [f"M {x0:.1f} {y0:.1f}"]
    for x1, y1 in rest:
        mx = (x0 + x1) / 2
        d.append(f"C {mx:.1f} {y0:.1f} {mx:.1f} {y1:.1f} {x1:.1f} {y1:.1f}")
        x0, y0 = x1, y1
    return " ".join(d)


def _edge_svg(a, points, nodes) -> str:
    kind = nodes[a]["kind"]
    colour = EDGE_COLOUR["model" if kind == "model" else "derivation" if kind == "derivation" else "cited"]
    return (f'<path class="dv-edge" d="{_path_d(points)}" fill="none" stroke="{colour}" stroke-width="1.3" '
            f'marker-end="url(#dv-arrow)"/>')


def _node_svg(box: Box, bold: bool) -> str:
    fill, stroke = FILL[box.style]
    cx = box.x + box.w / 2
    weight = ' font-weight="600"' if bold else ""
    text = "".join(
        f'<text x="{cx:.1f}" y="{box.y + PAD_Y + (k + 0.78) * LINE_H:.1f}" text-anchor="middle"{weight}>'
        f"{html.escape(line)}</text>"
        for k, line in enumerate(box.lines))
    return (f'<a href="{html.escape(box.href)}" class="dv-node"><title>{html.escape(box.tip)}</title>'
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" rx="6" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="1.2"/>{text}</a>')


def _legend_svg(y) -> tuple:
    out, x = [], MARGIN
    for key, text in LEGEND:
        fill, stroke = FILL[key]
        out.append(f'<rect x="{x}" y="{y}" width="16" height="13" rx="3" fill="{fill}" stroke="{stroke}"/>'
                   f'<text x="{x + 22}" y="{y + 11}">{text}</text>')
        x += 22 + text_width(text) + 18
    return out, x


def graph_svg(reports, anchor=lambda pid: "p-" + pid.replace(".", "-")) -> str:
    r"""The dependency graph as an SVG element, to be inlined in the derivations index.

    The layout is `graph_layout`'s: premises left of the derivations that use them, lemmas
    left of their users. Colours give the kind and the status.
    Derivation boxes link to their pages (`<id>.html`, beside the index), premise boxes to
    their entries on the index (`#<anchor>`).

    Parameters
    ----------
    reports : list of DerivationReport
        Checked derivations.
    anchor : callable
        Premise id -> the anchor of its entry on the index page (links of the boxes).

    Returns
    -------
    str
        An `<svg>` element on one line per box or edge, with no blank line (so Markdown
        passes it through as raw HTML).

    Examples
    --------
    >>> from bounds.proof import check_all
    >>> graph_svg(check_all(["duel.exact"])).count("<rect") > 3
    True
    """
    nodes, edges = dependency_graph(reports)
    lay = graph_layout(nodes, edges, anchor)
    legend, legend_w = _legend_svg(lay.height + 4)
    width, height = max(lay.width, legend_w), lay.height + 4 + 13 + MARGIN
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dv-graph-svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" font-family="{FONT}" font-size="{FONT_SIZE}" fill="#212121" '
        'role="img" aria-labelledby="dv-graph-title">',
        '<title id="dv-graph-title">Dependency graph of the derivations</title>',
        '<defs><marker id="dv-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#757575"/></marker></defs>',
    ]
    out += [_edge_svg(a, pts, nodes) for a, b, pts in lay.edges]
    out += [_node_svg(lay.boxes[i], nodes[i]["kind"] == "derivation") for i in nodes]
    out += legend
    out.append("</svg>")
    return "\n".join(out) + "\n"
