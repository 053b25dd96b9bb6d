"""MkDocs hook: the derivation pages, generated from `derivations/` and checked at build time.

* ``on_config`` expands the nav entry ``derivations/index.md`` into a section listing every
  derivation page, and adds ``stylesheets/derivations.css`` to ``extra_css``;
* ``on_files`` checks every derivation with `bounds.derive` (a false step, a broken chain or
  a final line that is not the bound's relation aborts the build), then generates
  ``derivations/index.md`` (statuses, premises, dependency graph), one
  ``derivations/<id>.md`` per derivation and ``derivations/graph.svg``.

Everything a page shows as a formula is printed from the checked sympy expressions (or from
a display expression the checker proved equal to them). The graph is laid out here and
written as SVG by hand: no graphviz, no network. Generated pages are cached in
``<repo>/.cache/derivations/`` under a hash of the sources of ``bounds/`` and
``derivations/``, so an unchanged tree is not checked twice; any change re-checks.
"""
from __future__ import annotations

import hashlib
import html
import json
import logging
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks.derivations")

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / ".cache" / "derivations"
INDEX = "derivations/index.md"
CSS = "stylesheets/derivations.css"

STATUS_TEXT = {
    "proved": "proved",
    "lemma": "lemma",
    "cited": "cited",
    "numeric": "numeric",
    "false": "false",
    "checked": "checked",
}
STATUS_HELP = {
    "proved": "established symbolically by the checker (algebra, signs, the model's distributions)",
    "lemma": "an instance of a named lemma: the substitution and the side conditions were checked",
    "cited": "a premise from the literature or the model, used verbatim",
    "numeric": "only sampled over the domain (edges included): weaker than a proof",
    "false": "the check failed",
}


# =====================================================================================
# mkdocs events


def on_config(config, **kwargs):
    ids = _derivation_ids()
    nav = config.get("nav")
    if nav:
        config["nav"] = _expand_nav(nav, ids)
    extra_css = config.get("extra_css")
    if extra_css is not None and CSS not in [str(x) for x in extra_css]:
        extra_css.append(CSS)
    return config


def on_files(files, config, **kwargs):
    pages = _pages()
    for rel, content in pages.items():
        files.append(File.generated(config, rel, content=content))
    return files


# =====================================================================================
# building the pages (cached by source hash)


def _import_derive():
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from bounds import derive  # noqa: WPS433 - imported at build time

    return derive


def _derivation_ids():
    derive = _import_derive()
    return [d.id for d in derive.load()]


def _sources_hash() -> str:
    h = hashlib.sha256()
    for top in ("bounds", "derivations"):
        for path in sorted((REPO / top).rglob("*.py")):
            h.update(str(path.relative_to(REPO)).encode())
            h.update(path.read_bytes())
    h.update(Path(__file__).read_bytes())
    import sympy

    h.update(sympy.__version__.encode())
    return h.hexdigest()[:20]


def _pages() -> dict:
    key = _sources_hash()
    cached = CACHE / f"{key}.json"
    if cached.is_file():
        try:
            return json.loads(cached.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    derive = _import_derive()
    reports = derive.check_all()
    bad = [r for r in reports if not r.ok]
    if bad:
        lines = []
        for r in bad:
            for s in r.steps:
                if s.status == "false":
                    lines.append(f"  {r.derivation.id} step {s.number} ({s.text}): {s.detail}")
            for e in r.errors:
                lines.append(f"  {r.derivation.id}: {e}")
            if not r.match.ok:
                lines.append(f"  {r.derivation.id}: the final relation is not the bound's: {r.match.how}")
        raise PluginError("derivations do not check (run `bounds derivations check`):\n" + "\n".join(lines))
    pages = render_pages(reports)
    try:
        CACHE.mkdir(parents=True, exist_ok=True)
        for old in CACHE.glob("*.json"):
            old.unlink()
        cached.write_text(json.dumps(pages), encoding="utf-8")
    except OSError:  # a read-only checkout still builds
        pass
    return pages


def render_pages(reports) -> dict:
    """{site-relative path: content} for every generated page and the graph."""
    derive = _import_derive()
    premises = _collect_premises(reports)
    pages = {INDEX: _index_page(reports, premises, derive)}
    for r in reports:
        pages[f"derivations/{r.derivation.id}.md"] = _derivation_page(r, premises, derive)
    pages["derivations/graph.svg"] = _graph_svg(reports, derive)
    return pages


def _expand_nav(nav, ids):
    out = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            (title, value), = item.items()
            if value == INDEX:
                out.append({title: [INDEX] + [{i: f"derivations/{i}.md"} for i in ids]})
                continue
            if isinstance(value, list):
                out.append({title: _expand_nav(value, ids)})
                continue
        elif item == INDEX:
            out.append({"Derivations": [INDEX] + [{i: f"derivations/{i}.md"} for i in ids]})
            continue
        out.append(item)
    return out


# =====================================================================================
# helpers


def _anchor(pid: str) -> str:
    return "p-" + re.sub(r"[^A-Za-z0-9_-]+", "-", pid)


def _badge(status: str) -> str:
    s = status if status in STATUS_TEXT else "false"
    return f'<span class="dv-badge dv-{s}" title="{html.escape(STATUS_HELP.get(s, s))}">{STATUS_TEXT[s]}</span>'


def _collect_premises(reports):
    """Every premise used, by id: (premise, [derivation ids using it])."""
    out = {}
    for r in reports:
        for p in r.derivation.all_premises():
            pid = p.id
            if pid in out:
                if r.derivation.id not in out[pid][1]:
                    out[pid][1].append(r.derivation.id)
            else:
                out[pid] = (p, [r.derivation.id])
    return out


def _is_derivation(obj, derive) -> bool:
    return isinstance(obj, derive.Derivation) or getattr(obj, "source", None) is not None


def _premise_link(p, derive, from_index=False) -> str:
    if isinstance(p, derive.Derivation):
        return f"[{p.title}]({p.id}.md)"
    if getattr(p, "source", None) is not None:
        return f"[{p.title}]({p.source.id}.md)"
    target = "" if from_index else "index.md"
    return f"[{p.title}]({target}#{_anchor(p.id)})"


def _text(s: str) -> str:
    """Plain text for Markdown: escape characters Markdown would interpret (no math)."""
    return re.sub(r"([*_`\[\]<>|])", r"\\\1", s)


def _code(s: str) -> str:
    s = s.replace("`", "'")
    return f"`{s}`"


def _math_block(tex: str) -> str:
    return f"\n$$\n{tex}\n$$\n"


def _subs_tex(subs: dict, derive) -> str:
    import sympy as sp

    parts = []
    for k, v in subs.items():
        if isinstance(v, sp.Lambda):
            var = v.variables[0] if len(v.variables) == 1 else v.variables
            name = getattr(k, "__name__", str(k))
            parts.append(f"{name}({derive.latex(var)}) = {derive.latex(v.expr)}")
        elif isinstance(k, type):
            parts.append(f"{getattr(k, '__name__', str(k))} \\to {getattr(v, '__name__', derive.latex(v))}")
        else:
            kt = derive.latex(k) if isinstance(k, sp.Basic) else str(k)
            vt = derive.latex(v) if isinstance(v, sp.Basic) else str(v)
            parts.append(f"{kt} = {vt}")
    return ",\\; ".join(parts)


def _justification_md(step_report, item, derive) -> str:
    by = item.by
    if isinstance(by, derive.Instance):
        s = f"instance of {_premise_link(by.lemma, derive)}"
        if by.subs:
            s += f" with ${_subs_tex(by.subs, derive)}$"
        return s
    if isinstance(by, derive.Rewrite):
        s = f"rewriting by {_premise_link(by.lemma, derive)}"
        if by.subs:
            s += f" with ${_subs_tex(by.subs, derive)}$"
        return s
    if isinstance(by, derive.Cite):
        return f"premise {_premise_link(by.premise, derive)}"
    if isinstance(by, derive.Model):
        s = f"computed in {_premise_link(by.model, derive)}"
        if by.subs:
            s += f" with ${_subs_tex(by.subs, derive)}$"
        return s
    if isinstance(by, derive.Monotone):
        x = derive.latex(by.var)
        return (f"monotonicity of $f({x}) = {derive.latex(by.f)}$ between "
                f"${derive.latex(by.lo)}$ and ${derive.latex(by.hi)}$ (sign of $f'$ proved)")
    if isinstance(by, derive.Numeric):
        return "numeric check" + (f" — {_text(by.why)}" if by.why else "")
    return {
        "Algebra": "algebra",
        "Rearrange": "rearranging the previous line (a positive factor)",
        "Event": "the same event",
        "Contradiction": "contradiction: the case is impossible",
        "_Assembled": "the cases above",
    }.get(type(by).__name__, _text(by.describe()))


# =====================================================================================
# the index page


def _index_page(reports, premises, derive) -> str:
    total = {s: 0 for s in derive.Status.ORDER}
    for r in reports:
        for k, v in r.counts.items():
            total[k] += v
    n_steps = sum(total.values())
    lines = [
        "# Derivations",
        "",
        "Every bound of the catalogue is proved here, step by step. The proofs are written in "
        "`derivations/` as sympy relations, and every step is checked by a machine when the site is "
        "built (and by the test suite): a false step, a chain that does not compose or a last line "
        "that is not the relation the package evaluates stops the build. Run the same check with "
        "`bounds derivations check`.",
        "",
        "Each step gets exactly one status:",
        "",
    ]
    for s in ("proved", "lemma", "cited", "numeric"):
        lines.append(f"- {_badge(s)} {STATUS_HELP[s]}.")
    lines += [
        "",
        f"Altogether {len(reports)} derivations and {n_steps} steps: "
        + ", ".join(f"{total[s]} {s}" for s in ("proved", "lemma", "cited", "numeric")) + ". "
        "A lemma is itself a derivation or a cited premise; the premises are listed below with "
        "their exact statements and sources.",
        "",
        "| Derivation | Bound | Status | Steps | proved | lemma | cited | numeric | Last line |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        d = r.derivation
        c = r.counts
        lines.append(
            f"| [{d.id}]({d.id}.md) | {_text(d.title)} | {_badge(r.status)} | {sum(c.values())} | {c['proved']} | "
            f"{c['lemma']} | {c['cited']} | {c['numeric']} | {_text(r.match.how.split(' (')[0])} |"
        )
    lines += [
        "",
        "## Dependency graph",
        "",
        "Cited theorems (left) and the model's premises (right) feed the derivations (middle); a "
        "derivation used as a lemma by another one sits to its left. Colours give the status: cited "
        "premises in blue and purple, checked derivations in green, derivations with a numeric step in "
        "amber, failing ones in red. Every box links to its page or entry.",
        "",
        "![Dependency graph of the derivations: premises, lemmas and bounds coloured by status](graph.svg)",
        "",
        "## Premises",
        "",
        "The theorems the derivations cite, and the definitions of the model they compute with. "
        "A derivation uses a premise through an instance (the checker verifies the substitution "
        "and the side conditions) or verbatim.",
        "",
    ]
    for pid, (p, users) in sorted(premises.items(), key=lambda kv: (_group(kv[0]), kv[0])):
        if _is_derivation(p, derive):
            continue
        lines += _premise_md(p, users, derive)
    return "\n".join(lines) + "\n"


def _group(pid: str) -> int:
    order = ("model.", "prob.", "conc.", "info.", "alg.")
    for i, o in enumerate(order):
        if pid.startswith(o):
            return i
    return len(order)


def _premise_md(p, users, derive) -> list:
    import sympy as sp

    out = [f"### {_text(p.title)} {{#{_anchor(p.id)}}}", ""]
    kind = "model definition" if p.kind == "model" else "cited"
    out.append(f"{_badge('cited')} `{p.id}` — {kind}. Source: {_text(p.citation)}"
               + (f" ([link]({p.url}))" if p.url else "") + ".")
    out.append("")
    if isinstance(p, derive.FiniteModel):
        out += ["| Variable | Outcome | Probability |", "|---|---|---|"]
        for var, val, prob in p.table():
            vt = derive.latex(var) if isinstance(var, sp.Basic) else _text(str(var))
            ot = _text(str(val)) if isinstance(val, sp.Symbol) and not val.is_number else f"${derive.latex(val)}$"
            out.append(f"| ${vt}$ | {ot} | ${derive.latex(prob)}$ |")
        out.append("")
        if p.functions:
            out.append("Indicators: " + "; ".join(
                f"`{f.__name__}` is 1 on " + ", ".join(_text(str(o)) for o, v in table.items() if v == 1)
                for f, table in p.functions.items()) + ".")
            out.append("")
    elif p.statement is not None:
        out.append(_math_block(derive.latex(p.statement)))
    hyps = [h for h in p.hypotheses]
    if hyps:
        parts = []
        for h in hyps:
            if isinstance(h, derive.Assumption):
                parts.append(f"*{_text(h.text)}*")
            else:
                parts.append(f"${derive.latex(h)}$")
        out.append("Conditions: " + "; ".join(parts) + ".")
        out.append("")
    if p.note:
        out.append(_text(p.note) + ".")
        out.append("")
    out.append("Used by " + ", ".join(f"[{u}]({u}.md)" for u in users) + ".")
    out.append("")
    return out


# =====================================================================================
# a derivation page


def _derivation_page(r, premises, derive) -> str:
    import sympy as sp

    from bounds import core

    d = r.derivation
    c = r.counts
    bound = core.bound(d.bound)
    lines = [f"# {d.id}: {_text(d.title)}", ""]
    summary = ", ".join(f"{c[s]} {s}" for s in ("proved", "lemma", "cited", "numeric") if c[s])
    lines.append(f"{_badge(r.status)} {sum(c.values())} steps ({summary}). The last line is the relation "
                 f"`bounds.bound(\"{d.bound}\")` evaluates ({_text(r.match.how)}).")
    lines.append("")
    if d.summary:
        lines += [d.summary, ""]
    abbr = _abbreviations(d, derive)
    lines += ["**The bound.**"] + _relation_md(bound.relation, abbr, derive) + [
        f"{_text(bound.direction.capitalize())} bound; {_text(bound.citation)}.", ""]
    # setting
    if d.assumptions:
        lines += ["**Assumptions.**", ""]
        lines += [f"- {_text(a.text)}." for a in d.assumptions]
        lines.append("")
    if d.given:
        lines.append("**Given.** " + "; ".join(f"${derive.latex(g)}$" for g in d.given) + ".")
        lines.append("")
    if d.symbols:
        lines += ["**Notation.**", ""]
        for sym, meaning in d.symbols:
            lines.append(f"- ${derive.latex(sym)}$: {meaning}.")
        lines.append("")
    used = set()
    for s in r.steps:
        used |= s.relation.free_symbols
        used |= {x.base for x in s.relation.atoms(sp.Indexed)}
    if r.conclusion is not None:
        used |= r.conclusion.free_symbols
    doms = []
    for sym, dom in d.domain.items():
        if sym not in used:
            continue
        if isinstance(sym, sp.IndexedBase):
            doms.append(f"${derive.latex(sym)}_j \\in {derive.latex(dom)}$")
        else:
            doms.append(f"${derive.latex(sym)} \\in {derive.latex(dom)}$")
    ints = [derive.latex(x) for x in d.integers if x in used]
    if doms:
        lines.append("**Domains.** " + ", ".join(doms) + (f" (${', '.join(ints)}$ integer)." if ints else "."))
        lines.append("")
    prem = d.all_premises()
    if prem:
        lines += ["**Premises and lemmas used.**", ""]
        for p in prem:
            if isinstance(p, derive.Derivation):
                lines.append(f"- {_premise_link(p, derive)} — derivation `{p.id}`")
            else:
                lines.append(f"- {_premise_link(p, derive)} — {_text(p.citation)}")
        lines.append("")
    # the proof
    items = {}
    _index_items(d, derive, items)
    lines.append("## Proof")
    lines.append("")
    multi = len(d.cases) > 1 or d.after
    for blk in r.blocks:
        lines += _block_md(blk, items, derive, level=3 if multi else None)
    # the final line
    lines += ["## The last line", ""]
    if r.conclusion is not None:
        lines.append("The cases together, with the definitions substituted:")
        lines.append(_math_block(derive.latex(r.conclusion)))
    if d.subs:
        subs = ",\\; ".join(f"{derive.latex(a)} = {derive.latex(b)}" for a, b in d.subs)
        lines.append(f"With the stated substitutions ${subs}$ this is the relation of the bound:")
    else:
        lines.append("This is the relation of the bound:")
    lines += _relation_md(r.match.derived if r.match.derived is not None else bound.relation, abbr, derive)
    lines.append(f"Checked against `bounds.bound(\"{d.bound}\").relation`: {_text(r.match.how)}.")
    lines.append("")
    return "\n".join(lines) + "\n"


def _abbreviations(d, derive):
    """(symbol, fully expanded definition) for the derivation's abbreviations, largest first."""
    defs = []
    for it in d.iter_items():
        if isinstance(it, derive.Define):
            defs.append((it.symbol, it.expr))
    out = []
    for k, (sym, expr) in enumerate(defs):
        ctx = derive.Context(defs=dict(defs[:k]))
        out.append((sym, ctx.expand(expr)))
    import sympy as sp

    return sorted(out, key=lambda se: -sp.count_ops(se[1]))


def _relation_md(rel, abbr, derive) -> list:
    """The relation, in the derivation's abbreviations when that shortens it (then in full, folded)."""
    import sympy as sp

    short = rel
    used = []
    for sym, expr in abbr:
        if sp.count_ops(expr) < 3:
            continue
        new = short.xreplace({expr: sym})
        if new != short:
            short, used = new, used + [sym]
    if not used or short == rel:
        return [_math_block(derive.latex(rel))]
    names = ", ".join(f"${derive.latex(s)}$" for s in used)
    return [
        _math_block(derive.latex(short)),
        f"in the abbreviations {names} of the proof below.",
        "",
        '??? note "The same relation written out in full"',
        "",
        "    $$",
        "    " + derive.latex(rel),
        "    $$",
        "",
    ]


def _index_items(d, derive, out):
    """Map each step item, in checking order, to its number (the checker's numbering)."""
    n = 0

    def walk(items):
        nonlocal n
        for it in items:
            if isinstance(it, derive.Split):
                for c in it.cases:
                    walk(c.steps)
            else:
                n += 1
                out[n] = it

    for c in d.cases:
        walk(c.steps)
    if d.after:
        n += 1  # the assembled relation (generated by the checker)
        out[n] = None
        walk(d.after)


def _block_md(blk, items, derive, level=None) -> list:
    out = []
    if blk.kind == "case":
        if blk.title or blk.condition_tex:
            # no math in headings (the table of contents shows them as text)
            head = _text(blk.title) if blk.title else ("Otherwise" if blk.condition_tex == r"\text{otherwise}" else "Case")
            if level:
                out += [f"{'#' * level} {head}", ""]
            else:
                out += [f"**{head}**", ""]
            if blk.condition_tex and blk.condition_tex != r"\text{otherwise}":
                out += [f"*Case:* ${blk.condition_tex}$", ""]
        for ch in blk.children:
            out += _block_md(ch, items, derive, level=(level + 1) if level else 4)
        return out
    if blk.kind == "split":
        if blk.title:
            out += [blk.title, ""]
        for ch in blk.children:
            out += _block_md(ch, items, derive, level=level)
        return out
    steps = blk.steps
    if not steps:
        return out
    if blk.kind == "define":
        s = steps[0]
        out.append(_math_block(f"{s.lhs_tex} := {s.rhs_tex} \\qquad \\text{{({s.number})}}"))
    elif blk.kind == "restate" and len(steps) == 1:
        s = steps[0]
        out.append("Hence")
        out.append(_math_block(f"{s.lhs_tex} {s.op_tex} {s.rhs_tex} \\qquad \\text{{({s.number})}}"))
    else:
        if blk.kind == "restate":
            out.append("Hence")
        rows = []
        first = steps[0]
        if first.kind == "chain":
            # a chain continuing a previous block (after a definition): show its start
            rows.append(f"{first.lhs_tex} &{first.op_tex} {first.rhs_tex} && \\text{{({first.number})}}")
        else:
            rows.append(f"{first.lhs_tex} &{first.op_tex} {first.rhs_tex} && \\text{{({first.number})}}")
        for s in steps[1:]:
            rows.append(f"&{s.op_tex} {s.rhs_tex} && \\text{{({s.number})}}")
        out.append(_math_block("\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"))
    for s in steps:
        it = items.get(s.number)
        if not s.claim and s.status != "false":
            out.append(f"**({s.number})** {s.text}")
            out.append("")
            continue
        just = _justification_md(s, it, derive) if it is not None else "the cases above"
        out.append(f"**({s.number})** {_badge(s.status)} {s.text} — *{just}*.")
        out.append("")
        if s.detail:
            out.append(f'??? note "How the checker established ({s.number})"')
            out.append(f"    {_code(s.detail)}")
            out.append("")
    return out


# =====================================================================================
# the dependency graph (hand-laid-out SVG)

FILL = {
    "cited": ("#e8eaf6", "#3949ab"),
    "model": ("#ede7f6", "#5e35b1"),
    "checked": ("#e8f5e9", "#2e7d32"),
    "numeric": ("#fff8e1", "#f9a825"),
    "false": ("#ffebee", "#c62828"),
    "unchecked": ("#eeeeee", "#757575"),
}


def _graph_svg(reports, derive) -> str:
    """Columns: cited theorems | derivations (by depth: lemmas first) | model premises.

    Theorems feed the derivations from the left, the model's definitions from the right; a
    derivation used as a lemma (the duels, used by the races) sits one column left of its
    users. Within a column, nodes are ordered by the mean position of their neighbours."""
    nodes, edges = derive.dependency_graph(reports)
    is_model = {i: (n["kind"] == "model" or i.startswith("model.")) for i, n in nodes.items()}
    deriv_ids = [i for i, n in nodes.items() if n["kind"] == "derivation"]
    preds = {i: [a for a, b in edges if b == i] for i in nodes}
    succs = {i: [b for a, b in edges if a == i] for i in nodes}
    depth = {}

    def dep(i):
        if i not in depth:
            depth[i] = 0
            ds = [dep(p) for p in preds[i] if nodes[p]["kind"] == "derivation"]
            depth[i] = 1 + max(ds) if ds else 0
        return depth[i]

    for i in deriv_ids:
        dep(i)
    max_depth = max(depth.values()) if depth else 0
    theorems = sorted(i for i, n in nodes.items() if n["kind"] != "derivation" and not is_model[i])
    models = sorted(i for i, n in nodes.items() if n["kind"] != "derivation" and is_model[i])
    columns = [theorems] + [sorted(i for i in deriv_ids if depth[i] == k) for k in range(max_depth + 1)] + [models]
    side = ["left"] + ["mid"] * (max_depth + 1) + ["right"]
    keep = [k for k, c in enumerate(columns) if c]
    columns = [columns[k] for k in keep]
    side = [side[k] for k in keep]
    pos = {}
    for ci, col in enumerate(columns):
        for k, i in enumerate(col):
            pos[i] = (ci, k)
    for _ in range(8):
        for ci, col in enumerate(columns):
            def key(i):
                nb = [(pos[j][1] + 0.5) / len(columns[pos[j][0]]) for j in preds[i] + succs[i] if j in pos]
                return sum(nb) / len(nb) if nb else 0.5
            col.sort(key=key)
            for k, i in enumerate(col):
                pos[i] = (ci, k)
    box_w = [260 if sd != "mid" else 190 for sd in side]
    gap_x, row_h, box_h, pad = 90, 30, 24, 16
    rows = max(len(col) for col in columns)
    height = pad * 2 + rows * row_h
    xs, x = [], pad
    for w in box_w:
        xs.append(x)
        x += w + gap_x
    width = x - gap_x + pad
    coord = {}
    for ci, col in enumerate(columns):
        # derivation columns are spread out (up to twice the row height) so that edges fan in
        step = row_h if side[ci] != "mid" else min(2 * row_h, (height - 2 * pad) / max(1, len(col)))
        offset = (height - 2 * pad - len(col) * step) / 2 + (step - row_h) / 2
        for k, i in enumerate(col):
            coord[i] = (xs[ci], pad + offset + k * step, box_w[ci], side[ci])
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
    for a, b in edges:
        if a not in coord or b not in coord:
            continue
        xa, ya, wa, sa = coord[a]
        xb, yb, wb, sb = coord[b]
        if sa == "right":  # a model premise: enter the derivation from the right
            x1, x2 = xa, xb + wb
        else:
            x1, x2 = xa + wa, xb
        y1, y2 = ya + box_h / 2, yb + box_h / 2
        mx = (x1 + x2) / 2
        end = x2 + 1 if sa == "right" else x2 - 1
        out.append(f'<path d="M {x1:.1f} {y1:.1f} C {mx:.1f} {y1:.1f}, {mx:.1f} {y2:.1f}, {end:.1f} {y2:.1f}" '
                   f'fill="none" stroke="#bdbdbd" stroke-width="1" marker-end="url(#arrow)"/>')
    for i, n in nodes.items():
        x, y, w, _ = coord[i]
        if n["kind"] == "derivation":
            key = n["status"] if n["status"] in FILL else "unchecked"
            href, label = f"{i}.html", i
        else:
            key = "model" if is_model[i] else "cited"
            href, label = f"index.html#{_anchor(i)}", n["title"]
        fill, stroke = FILL[key]
        max_chars = int((w - 14) / 6.0)
        if len(label) > max_chars:
            label = label[: max_chars - 1] + "…"
        tip = html.escape(f"{i}: {n['title']}")
        out.append(
            f'<a href="{html.escape(href)}"><g><title>{tip}</title>'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w}" height="{box_h}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="1.2"/>'
            f'<text x="{x + 8:.1f}" y="{y + box_h / 2 + 4:.1f}" fill="#212121">{html.escape(label)}</text></g></a>'
        )
    legend = [("cited", "theorem (cited)"), ("model", "model premise (cited)"), ("checked", "checked derivation"),
              ("numeric", "with a numeric step"), ("false", "fails")]
    x, ly = pad, height + 4
    for key, text in legend:
        fill, stroke = FILL[key]
        out.append(f'<rect x="{x}" y="{ly + 4}" width="14" height="12" rx="3" fill="{fill}" stroke="{stroke}"/>'
                   f'<text x="{x + 20}" y="{ly + 14}" fill="#424242">{text}</text>')
        x += 34 + 6.2 * len(text)
    out.append("</svg>")
    return "\n".join(out) + "\n"
