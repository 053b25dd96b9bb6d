r"""The derivation pages: Markdown and SVG generated from the checker's reports.

`render_pages(reports)` returns every generated file of the docs site's derivations
section, `{site-relative path: content}`: an index (statuses, the dependency graph inline,
premises with their spot checks) and one page per derivation (the bound, its setting, every
step with its status and justification, the last line, the kernel check).
The docs build (`docs/hooks/derivations.py`) only adds caching and mkdocs plumbing.

Everything a page shows as a formula is printed from the checked sympy expressions (or from
a display expression the checker proved equal to them).

Examples
--------
>>> from bounds.proof import check_all
>>> pages = render_pages(check_all(["duel.hoeffding"]))
>>> sorted(pages)
['derivations/duel.hoeffding.md', 'derivations/index.md']
>>> pages["derivations/duel.hoeffding.md"].splitlines()[0]
'# Hoeffding bound on losing the duel'
"""
from __future__ import annotations

import html
import re

import sympy as sp

from .context import Context
from .graph import graph_svg
from .justifications import Cite, Instance, Model, Monotone, Numeric, Rewrite
from .premises import Assumption, FiniteModel
from .printing import latex, markdown_of
from .status import Status
from .structure import Define, Derivation, Split

__all__ = ["render_pages", "failure_lines", "INDEX"]

#: The derivations index, site-relative (the nav entry the docs hook expands into one entry per derivation).
INDEX = "derivations/index.md"

STATUS_HELP = {
    "proved": "established symbolically by the checker (algebra, signs, the model's distributions)",
    "lemma": "an instance of a named lemma: the substitution and the side conditions were checked",
    "cited": "a premise from the literature or the model, used verbatim",
    "numeric": "only sampled over the domain (edges included): weaker than a proof",
    "false": "the check failed",
}




def render_pages(reports, results=()) -> dict:
    r"""`{site-relative path: content}` for every derivation page and the index (with the graph).

    Parameters
    ----------
    reports : list of DerivationReport
        Checked derivations (`check_all`).
    results : list of DerivationReport, optional
        Checked derivations of relations outside the catalogue (`bounds.derivations.results()`):
        pages of their own and a section of the index, with no bound to match.

    Returns
    -------
    dict
        Markdown pages under `derivations/`.

    Examples
    --------
    >>> from bounds.proof import check_all
    >>> '<svg' in render_pages(check_all(["duel.exact"]))["derivations/index.md"]
    True
    """
    results = list(results)
    premises = _collect_premises(list(reports) + results)
    pages = {INDEX: _index_page(reports, premises, results)}
    for r in list(reports) + results:
        pages[f"derivations/{r.derivation.id}.md"] = _derivation_page(r, premises)
    return pages


def failure_lines(reports, *, proofs_only: bool = False) -> list:
    r"""One line per reason a derivation fails: a false step, a structural error, the final relation,
    the kernel, a premise's spot check, a lemma.

    Parameters
    ----------
    reports : list of DerivationReport
        Checked derivations.
    proofs_only : bool
        Only what makes a proof wrong: false steps, structural errors, a final relation that
        is not the bound's, premises that fail their spot checks (not the kernel checks, nor
        the lemmas, which are reported on their own pages).

    Returns
    -------
    list of str
        Empty if every derivation checks.

    Examples
    --------
    >>> from bounds.proof import check_all
    >>> failure_lines(check_all(["duel.hoeffding"]))
    []
    """
    lines = []
    for r in reports:
        did = r.derivation.id
        lines += [f"{did} step {s.number} ({s.text}): {s.detail}" for s in r.steps if s.status == "false"]
        lines += [f"{did}: {e}" for e in r.errors]
        if not r.match.ok:
            lines.append(f"{did}: the final relation is not the bound's: {r.match.how}")
        if r.readable is not None and not r.readable.ok:
            lines.append(f"{did}: the readable form is not the bound's relation: {r.readable.how}")
        if proofs_only:
            lines += [f"{did}: premise {c.premise} fails its spot check: {c.detail}" for c in r.premise_checks if not c.ok]
        else:
            lines += [f"{did}: {f}" for f in r.failures()]
    return lines


# =====================================================================================
# helpers


def _anchor(pid: str) -> str:
    return "p-" + re.sub(r"[^A-Za-z0-9_-]+", "-", pid)


def _badge(status: str) -> str:
    s = status if status in (*Status.ORDER, "checked") else "false"
    return f'<span class="dv-badge dv-{s}" title="{html.escape(STATUS_HELP.get(s, s))}">{s}</span>'


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


def _is_derivation(obj) -> bool:
    return isinstance(obj, Derivation) or getattr(obj, "source", None) is not None


def _premise_link(p, from_index=False) -> str:
    if isinstance(p, Derivation):
        return f"[{p.title}]({p.id}.md)"
    if getattr(p, "source", None) is not None:
        return f"[{p.title}]({p.source.id}.md)"
    target = "" if from_index else "index.md"
    return f"[{p.title}]({target}#{_anchor(p.id)})"


def _text(s: str) -> str:
    """Plain text for Markdown: escape characters Markdown would interpret (no math)."""
    return re.sub(r"([*_`\[\]<>|])", r"\\\1", s)


def _capital(md: str) -> str:
    """A sentence's Markdown with its first letter capitalised (unless it starts with math or code)."""
    return md[:1].upper() + md[1:] if md[:1].isalpha() else md


def _math_block(tex: str) -> str:
    return f"\n$$\n{tex}\n$$\n"


def _subs_tex(subs: dict) -> str:
    import sympy as sp

    parts = []
    for k, v in subs.items():
        if isinstance(v, sp.Lambda):
            var = v.variables[0] if len(v.variables) == 1 else v.variables
            name = getattr(k, "__name__", str(k))
            parts.append(f"{name}({latex(var)}) = {latex(v.expr)}")
        elif isinstance(k, type):
            parts.append(f"{getattr(k, '__name__', str(k))} \\to {getattr(v, '__name__', latex(v))}")
        else:
            kt = latex(k) if isinstance(k, sp.Basic) else str(k)
            vt = latex(v) if isinstance(v, sp.Basic) else str(v)
            parts.append(f"{kt} = {vt}")
    return ",\\; ".join(parts)


def _justification_md(step_report, item) -> str:
    by = item.by
    for kind, head in ((Instance, "instance of"), (Rewrite, "rewriting by"), (Model, "computed in")):
        if isinstance(by, kind):
            target = by.model if kind is Model else by.lemma
            return f"{head} {_premise_link(target)}" + (f" with ${_subs_tex(by.subs)}$" if by.subs else "")
    if isinstance(by, Cite):
        return f"premise {_premise_link(by.premise)}"
    if isinstance(by, Monotone):
        x = latex(by.var)
        return (f"monotonicity of $f({x}) = {latex(by.f)}$ between "
                f"${latex(by.lo)}$ and ${latex(by.hi)}$ (sign of $f'$ proved)")
    if isinstance(by, Numeric):
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


def _index_page(reports, premises, results=()) -> str:
    total = {s: 0 for s in Status.ORDER}
    for r in reports:
        for k, v in r.counts.items():
            total[k] += v
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
    lines += [f"- {_badge(s)} {STATUS_HELP[s]}." for s in ("proved", "lemma", "cited", "numeric")]
    lines += [
        "",
        "Three more checks tie the proofs to the numbers and to what they rest on: each bound's numeric "
        "kernel is compared with its proved relation, evaluated independently with mpmath at a few hundred "
        "points (extremes and branch boundaries included); each cited premise that can be evaluated is "
        "spot-checked on random instances substituted into its own statement; and a derivation fails when "
        "a derivation it uses as a lemma fails.",
        "",
        f"Altogether {len(reports)} derivations and {sum(total.values())} steps: "
        + ", ".join(f"{total[s]} {s}" for s in ("proved", "lemma", "cited", "numeric")) + ". "
        "A lemma is itself a derivation or a cited premise; the premises are listed below with "
        "their exact statements and sources.",
        "",
        "| Derivation | Bound | Status | Steps | proved | lemma | cited | numeric | Last line | Kernel |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [_index_row(r) for r in reports]
    if results:
        lines += _RESULTS_HEAD + [_result_row(r) for r in results]
    lines += _GRAPH_HEAD + ['<div class="dv-graph">', graph_svg(reports, _anchor).rstrip("\n"), "</div>"]
    lines += _PREMISES_HEAD
    spots = _spot_checks(list(reports) + list(results))
    for pid, (p, users) in sorted(premises.items(), key=lambda kv: (_group(kv[0]), kv[0])):
        if not _is_derivation(p):
            lines += _premise_md(p, users, spots.get(pid))
    return "\n".join(lines) + "\n"


def _index_row(r) -> str:
    d, c = r.derivation, r.counts
    kernel = "—" if r.agreement is None else (f"{r.agreement.compared} points" if r.agreement.ok else "**disagrees**")
    return (f"| [{d.id}]({d.id}.md) | {_text(d.title)} | {_badge(r.status)} | {sum(c.values())} | {c['proved']} | "
            f"{c['lemma']} | {c['cited']} | {c['numeric']} | {_text(r.match.how.split(' (')[0])} | {kernel} |")


_RESULTS_HEAD = [
    "",
    "## Outside the catalogue",
    "",
    "The bounds of mixtures of label sources (`bounds.sources`) and of weighted votes "
    "(`bounds.redundancy`) take one error rate per source or rater, which the catalogue's bounds "
    "do not; their derivations are checked in the same way (for two sources or raters: more "
    "repeat the independence step), and the test suite compares the numbers the package reports "
    "with their last lines.",
    "",
    "| Derivation | Result | Status | Steps | proved | lemma | cited | numeric |",
    "|---|---|---|---|---|---|---|---|",
]


def _result_row(r) -> str:
    d, c = r.derivation, r.counts
    return (f"| [{d.id}]({d.id}.md) | {_text(d.title)} | {_badge(r.status)} | {sum(c.values())} | {c['proved']} | "
            f"{c['lemma']} | {c['cited']} | {c['numeric']} |")


_GRAPH_HEAD = [
    "",
    "## Dependency graph",
    "",
    "Each arrow reads \"is used by\": premises (left) feed the derivations that use them, and a "
    "derivation used as a lemma by another one sits to its left. Colours give the kind and the "
    "status: cited theorems in blue, the model's premises in purple, checked derivations in green, "
    "derivations with a numeric step in amber, failing ones in red. Every box links to its page or "
    "to its entry below. (Laid out with grandalf's layered layout.)",
    "",
]
_PREMISES_HEAD = [
    "",
    "## Premises",
    "",
    "The theorems the derivations cite, and the definitions of the model they compute with. "
    "A derivation uses a premise through an instance (the checker verifies the substitution "
    "and the side conditions) or verbatim.",
    "",
]


def _spot_checks(reports) -> dict:
    return {c.premise: c for r in reports for c in r.premise_checks}


def _group(pid: str) -> int:
    order = ("model.", "prob.", "conc.", "info.", "alg.")
    for i, o in enumerate(order):
        if pid.startswith(o):
            return i
    return len(order)


def _premise_md(p, users, spot=None) -> list:
    out = [f"### {_text(p.title)} {{#{_anchor(p.id)}}}", ""]
    kind = "model definition" if p.kind == "model" else "cited"
    badge = _badge("false" if spot is not None and not spot.ok else "cited")
    out += [f"{badge} `{p.id}` — {kind}. Source: {_text(p.citation)}" + (f" ([link]({p.url}))" if p.url else "") + ".", ""]
    if isinstance(p, FiniteModel):
        out += _model_table(p)
    elif p.statement is not None:
        out.append(_math_block(latex(p.statement)))
    if p.hypotheses:
        parts = [h.text if isinstance(h, Assumption) else f"${latex(h)}$" for h in p.hypotheses]
        out += ["Conditions: " + "; ".join(parts) + ".", ""]
    if p.note:
        out += [_text(p.note) + ".", ""]
    if spot is not None:
        head = {"ok": "Spot check", "failed": "Spot check FAILED", "none": "No spot check"}[spot.status]
        out += [f"{head}: {_text(spot.detail)}.", ""]
    out += ["Used by " + ", ".join(f"[{u}]({u}.md)" for u in users) + ".", ""]
    return out


def _model_table(p) -> list:
    out = ["| Variable | Outcome | Probability |", "|---|---|---|"]
    for var, val, prob in p.table():
        vt = latex(var) if isinstance(var, sp.Basic) else _text(str(var))
        ot = _text(str(val)) if isinstance(val, sp.Symbol) and not val.is_number else f"${latex(val)}$"
        out.append(f"| ${vt}$ | {ot} | ${latex(prob)}$ |")
    out.append("")
    if p.functions:
        out.append("Indicators: " + "; ".join(
            f"`{f.__name__}` is 1 on " + ", ".join(_text(str(o)) for o, v in table.items() if v == 1)
            for f, table in p.functions.items()) + ".")
        out.append("")
    return out


# =====================================================================================
# a derivation page


def _derivation_page(r, premises) -> str:
    from .. import core

    d = r.derivation
    try:
        bound = core.bound(d.bound)
    except KeyError:                      # a relation outside the catalogue
        return _result_page(r)
    abbr = _abbreviations(d)
    lines = _page_head(r, f". The last line is the relation `bounds.bound(\"{d.bound}\")` evaluates "
                          f"({_text(r.match.how)}).")
    lines += ["**The bound.**"] + _bound_md(r, bound, abbr) + [
        f"{_text(bound.direction.capitalize())} bound; {_text(bound.citation)}.", ""]
    lines += _setting_md(r) + _premises_used_md(d) + _proof_md(r)
    lines += _last_line_md(r, bound, abbr) + _checks_md(r)
    return "\n".join(lines) + "\n"


def _page_head(r, tail) -> list:
    """The title, the status line (ending in `tail`) and the summary."""
    d, c = r.derivation, r.counts
    summary = ", ".join(f"{c[s]} {s}" for s in ("proved", "lemma", "cited", "numeric") if c[s])
    lines = [f"# {_text(d.title)}", "", f"{_badge(r.status)} Derivation `{d.id}`: {sum(c.values())} steps ({summary}){tail}", ""]
    return lines + ([d.summary, ""] if d.summary else [])


def _proof_md(r) -> list:
    d, items = r.derivation, {}
    _index_items(d, items)
    lines = ["## Proof", ""]
    for blk in r.blocks:
        lines += _block_md(blk, items, level=3 if len(d.cases) > 1 or d.after else None)
    return lines


def _result_page(r) -> str:
    """The page of a derivation with no catalogue bound: its last line is the result."""
    lines = _page_head(r, ", outside the catalogue (see the index).")
    if r.conclusion is not None:
        lines += ["**The result.**"] + _relation_md(r.conclusion, _abbreviations(r.derivation))
    lines += _setting_md(r) + _premises_used_md(r.derivation) + _proof_md(r)
    return "\n".join(lines + [""] + _checks_md(r)) + "\n"


def _setting_md(r) -> list:
    """Assumptions, givens, notation and the domains of the symbols the proof uses."""
    d, lines = r.derivation, []
    if d.assumptions:
        lines += ["**Assumptions.**", ""] + [f"- {_capital(a.text)}." for a in d.assumptions] + [""]
    if d.given:
        lines += ["**Given.** " + "; ".join(f"${latex(g)}$" for g in d.given) + ".", ""]
    if d.symbols:
        lines += ["**Notation.**", ""] + [f"- ${latex(sym)}$: {meaning}." for sym, meaning in d.symbols] + [""]
    used = set()
    for s in r.steps:
        used |= s.relation.free_symbols | {x.base for x in s.relation.atoms(sp.Indexed)}
    if r.conclusion is not None:
        used |= r.conclusion.free_symbols
    doms = [f"${latex(sym)}_j \\in {latex(dom)}$" if isinstance(sym, sp.IndexedBase) else f"${latex(sym)} \\in {latex(dom)}$"
            for sym, dom in d.domain.items() if sym in used]
    ints = [latex(x) for x in d.integers if x in used]
    if doms:
        lines += ["**Domains.** " + ", ".join(doms) + (f" (${', '.join(ints)}$ integer)." if ints else "."), ""]
    return lines


def _premises_used_md(d) -> list:
    prem = d.all_premises()
    if not prem:
        return []
    lines = ["**Premises and lemmas used.**", ""]
    for p in prem:
        if isinstance(p, Derivation):
            lines.append(f"- {_premise_link(p)} — derivation `{p.id}`")
        else:
            lines.append(f"- {_premise_link(p)} — {_text(p.citation)}")
    return lines + [""]


def _last_line_md(r, bound, abbr) -> list:
    d = r.derivation
    lines = ["## The last line", ""]
    if r.conclusion is not None:
        lines += ["The cases together, with the definitions substituted:", _math_block(latex(r.conclusion))]
    if d.subs:
        subs = ",\\; ".join(f"{latex(a)} = {latex(b)}" for a, b in d.subs)
        lines.append(f"With the stated substitutions ${subs}$ this is the relation of the bound:")
    else:
        lines.append("This is the relation of the bound:")
    lines += _relation_md(r.match.derived if r.match.derived is not None else bound.relation, abbr)
    lines += [f"Checked against `bounds.bound(\"{d.bound}\").relation`: {_text(r.match.how)}.", ""]
    return lines


def _checks_md(r) -> list:
    """The kernel check, the premises' spot checks and the lemmas' status."""
    lines = ["## What the proof rests on", ""]
    if r.agreement is not None:
        a = r.agreement
        head = "The numeric kernel agrees with this relation" if a.ok else "**The numeric kernel does NOT agree with this relation**"
        lines += [f"{_badge('checked' if a.ok else 'false')} {head}: {_text(a.summary())}.", ""]
    failed = [c for c in r.premise_checks if not c.ok]
    spot = sum(c.status == "ok" for c in r.premise_checks)
    none = [c.premise for c in r.premise_checks if c.status == "none"]
    lines.append(f"Premises: {spot} spot-checked on random instances" + (
        f"; without a spot check: {', '.join(f'`{p}`' for p in none)} (see the index for why)" if none else "") + ".")
    lines.append("")
    lines += [f"{_badge('false')} Premise `{c.premise}` fails its spot check: {_text(c.detail)}." for c in failed]
    lines += [f"{_badge('false')} {_text(f)}." for f in r.lemma_failures]
    return lines + [""]


def _bound_md(r, bound, abbr) -> list:
    """The bound in its readable form with its abbreviations (checked equal to the relation the
    package evaluates, which is folded below); without a readable form, the relation itself."""
    d = r.derivation
    if d.readable is None:
        return _relation_md(bound.relation, abbr)
    out = [_math_block(latex(d.readable))]
    if d.where:
        rows = []
        for sym, expr in d.where:
            if isinstance(expr, sp.Lambda):
                args = ", ".join(latex(v) for v in expr.variables)
                rows.append(f"{getattr(sym, '__name__', str(sym))}({args}) &= {latex(expr.expr)}")
            else:
                rows.append(f"{latex(sym)} &= {latex(expr)}")
        out += ["where", _math_block("\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}")]
    how = r.readable.how if r.readable is not None else "not compared"
    out += [f"The checker verified that this is the relation `bounds.bound(\"{d.bound}\")` evaluates ({_text(how)}).", "",
            '??? note "The relation as the package evaluates it"', "", "    $$", "    " + latex(bound.relation), "    $$", ""]
    return out


def _abbreviations(d):
    """(symbol, fully expanded definition) for the derivation's abbreviations, largest first."""
    defs = []
    for it in d.iter_items():
        if isinstance(it, Define):
            defs.append((it.symbol, it.expr))
    out = []
    for k, (sym, expr) in enumerate(defs):
        ctx = Context(defs=dict(defs[:k]))
        out.append((sym, ctx.expand(expr)))
    import sympy as sp

    return sorted(out, key=lambda se: -sp.count_ops(se[1]))


def _relation_md(rel, abbr) -> list:
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
        return [_math_block(latex(rel))]
    names = ", ".join(f"${latex(s)}$" for s in used)
    return [
        _math_block(latex(short)),
        f"in the abbreviations {names} of the proof below.",
        "",
        '??? note "The same relation written out in full"',
        "",
        "    $$",
        "    " + latex(rel),
        "    $$",
        "",
    ]


def _index_items(d, out):
    """Map each step item, in checking order, to its number (the checker's numbering)."""
    n = 0

    def walk(items):
        nonlocal n
        for it in items:
            if isinstance(it, Split):
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


def _block_md(blk, items, level=None) -> list:
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
            out += _block_md(ch, items, level=(level + 1) if level else 4)
        return out
    if blk.kind == "split":
        if blk.title:
            out += [blk.title, ""]
        for ch in blk.children:
            out += _block_md(ch, items, level=level)
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
        just = _justification_md(s, it) if it is not None else "the cases above"
        out.append(f"**({s.number})** {_badge(s.status)} {s.text} — *{just}*.")
        out.append("")
        if s.detail:
            out.append(f'??? note "How the checker established ({s.number})"')
            out.append(f"    {markdown_of(s.detail)}")
            out.append("")
    return out


