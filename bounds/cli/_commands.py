"""The commands about the catalogue: `bounds list`, `show`, `eval`, `solve` and `derivations`.

Each command takes the parsed arguments and returns `(payload, text)`: the payload is the
JSON output, the text what a person reads (`derivations` prints its own output and returns
an exit code).
"""
from __future__ import annotations

from ._arguments import parse_assignments
from ._common import CLIError, fmt_val, short_covers, wrap


# ---------------------------------------------------------------------------- list / show
def _op(b) -> str:
    return "=" if b.relation_op == "==" else b.relation_op


def _get_bound(bid):
    from ..core import bound

    try:
        return bound(bid)
    except KeyError as exc:
        raise CLIError(str(exc.args[0]).replace("bounds.catalog() lists them all", "'bounds list' shows the catalogue")) from None


def cmd_list(args):
    """Every bound: id, title, relation, direction and whom it covers."""
    from ..core import catalog

    bs = catalog(args.direction)
    payload = [{"id": b.id, "title": b.title, "direction": b.direction, "covers": b.covers,
                "symbols": list(b.symbols), "relation": f"{b.subject} {b.relation_op} f({', '.join(b.inputs)})",
                "citation": b.citation} for b in bs]
    width = max((len(b.id) for b in bs), default=10)
    pad = " " * (width + 2)
    lines = []
    for b in bs:
        lines += wrap(b.title, f"{b.id:<{width}}  ", pad + "  ")
        lines.append(f"{pad}{b.subject} {_op(b)} f({', '.join(b.inputs)})")
        lines += wrap(f"{b.direction} — {short_covers(b.covers) or 'whom it covers is not stated'}", pad, pad + "  ")
    return payload, "\n".join(lines)


def cmd_show(args):
    """One bound in full."""
    import sympy as sp

    b = _get_bound(args.id)
    rel = sp.sstr(b.relation)
    payload = {"id": b.id, "title": b.title, "direction": b.direction, "covers": b.covers, "relation": rel,
               "latex": b.latex(), "symbols": list(b.symbols), "assumptions": list(b.assumptions),
               "conditions": b.conditions, "citation": b.citation, "derivation": b.derivation}
    lines = [f"{b.id} — {b.title}"]
    lines += wrap(rel, "  ", "      ")
    lines += wrap(f"{b.direction} — covers {b.covers or '(not stated)'}", "  ", "    ")
    lines += wrap(f"symbols: {', '.join(b.symbols)}", "  ", "    ")
    if b.description:
        lines += wrap(b.description, "  ", "    ")
    for a in b.assumptions:
        lines += wrap(f"assumes: {a}", "  ", "    ")
    if b.conditions:
        lines += wrap(f"conditions: {b.conditions}", "  ", "    ")
    lines += wrap(f"source: {b.citation}", "  ", "    ")
    lines += wrap(f"derivation: {b.derivation}", "  ", "    ")
    return payload, "\n".join(lines)


# ---------------------------------------------------------------------------- eval / solve
def _covers_line(b) -> list:
    return wrap(f"{b.direction} — covers {short_covers(b.covers) or '(not stated)'}", "  ", "  ")


def cmd_eval(args):
    """Evaluate a bound at the given parameters."""
    b = _get_bound(args.id)
    params = parse_assignments(args.params)
    val = b(**params)
    payload = {"id": b.id, "subject": b.subject, "relation": b.relation_op, "direction": b.direction,
               "covers": b.covers, "params": params, "value": val}
    text = [f"{b.id}: {b.subject} {b.relation_op} {fmt_val(val)}"] + _covers_line(b)
    return payload, "\n".join(text)


def cmd_solve(args):
    """Solve a bound for one of its symbols."""
    b = _get_bound(args.id)
    params = parse_assignments(args.params)
    val = b.solve(args.target, **params)
    payload = {"id": b.id, "solve_for": args.target, "direction": b.direction, "covers": b.covers,
               "params": params, "value": val}
    text = [f"{b.id}: {args.target} = {fmt_val(val)}"] + _covers_line(b)
    return payload, "\n".join(text)


def cmd_derivations(args):
    """Check or list the derivations (prints its own output)."""
    from ..proof.cli import cli

    return int(cli(args) or 0)
