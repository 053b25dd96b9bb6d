r"""The `bounds` command-line tool.

Commands
--------
`bounds report`
    The main job: labels needed (necessary / exact / sufficient) and hours of human
    feedback for a built-in scenario across rater error rates.
`bounds list`
    Every bound in the catalogue.
`bounds show ID`
    One bound: relation, assumptions, citation.
`bounds eval ID name=value ...`
    Evaluate a bound (comma-separated values vectorize).
`bounds solve ID --for NAME name=value ...`
    Solve a bound for one of its symbols.
`bounds derivations check`
    Check every derivation (see `bounds.derive`).

Every command takes `--json`. Errors go to stderr with exit code 2.

Examples
--------
>>> main(["eval", "duel.hoeffding", "n=100", "d=1", "eps=0.1", "alpha=0"])
duel.hoeffding: delta <= 1.2664165549094e-14
0
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
import warnings

import numpy as np

__all__ = ["main", "parse_number"]

_POW = re.compile(r"^\s*([0-9.eE+-]+)\s*(?:\*\*|\^)\s*([0-9.eE+-]+)\s*$")


class CLIError(Exception):
    """An error reported on stderr with exit code 2."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr (through `main`), not usage + message."""

    def error(self, message):
        raise CLIError(f"{message} (see '{self.prog} --help')")


def parse_number(text: str) -> float:
    r"""Parse a number given on the command line; `2**20` and `2^20` are accepted. Never uses eval.

    Parameters
    ----------
    text : str
        The text, e.g. `"0.1"`, `"1e-300"`, `"2**20"`.

    Returns
    -------
    float
        The number.

    Raises
    ------
    ValueError
        If the text is not a number.

    Examples
    --------
    >>> parse_number("2^20")
    1048576.0
    >>> parse_number("1e-300")
    1e-300
    """
    m = _POW.match(text)
    try:
        if m:
            return float(m.group(1)) ** float(m.group(2))
        return float(text)
    except (ValueError, OverflowError):
        pass
    raise ValueError(f"{text!r} is not a number (use e.g. 0.1, 1e-6 or 2**20)")


def _parse_assignments(items):
    out = {}
    for item in items:
        if "=" not in item:
            raise CLIError(f"expected name=value, got {item!r}")
        name, _, value = item.partition("=")
        name = name.strip()
        if name in out:
            raise CLIError(f"parameter {name!r} given twice")
        try:
            vals = [parse_number(v) for v in value.split(",")]
        except ValueError as exc:
            raise CLIError(f"{name}: {exc}") from None
        out[name] = vals[0] if len(vals) == 1 else np.array(vals)
    return out


def _jsonable(x):
    if isinstance(x, dict):
        return {k: _jsonable(v) for k, v in x.items()}
    if isinstance(x, np.ma.MaskedArray):
        return [None if m else _jsonable(v) for v, m in zip(x.data.tolist(), np.ma.getmaskarray(x).tolist())]
    if isinstance(x, np.ndarray):
        return [_jsonable(v) for v in x.tolist()]
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, (float, np.floating)):
        x = float(x)
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        if math.isnan(x):
            return None
        return x
    if isinstance(x, np.generic):
        return x.item()
    return x


def _emit(args, payload, text):
    if args.json:
        print(json.dumps(_jsonable(payload), indent=2, ensure_ascii=False))
    else:
        print(text)


def _fmt_n(x) -> str:
    if x is None:
        return "(out of reach)"
    x = float(x)
    if math.isinf(x):
        return "inf"
    return f"{x:,.0f}"


def _fmt_hours(n, seconds) -> str:
    if n is None:
        return "-"
    n = float(n)
    if math.isinf(n):
        return "never"
    h = n * seconds / 3600.0
    return f"{h:,.1f}" if h < 100 else f"{h:,.0f}"


# ------------------------------------------------------------------ commands
def cmd_report(args) -> int:
    from . import Scenario
    from .data import DEFAULT_REPORT, SECONDS_PER_LABEL

    K = args.K if args.K is not None else DEFAULT_REPORT["K"]
    d = args.d if args.d is not None else DEFAULT_REPORT["d"]
    alpha = args.alpha if args.alpha is not None else DEFAULT_REPORT["alpha"]
    delta = args.delta if args.delta is not None else DEFAULT_REPORT["delta"]
    eps_list = args.eps if args.eps is not None else list(DEFAULT_REPORT["eps"])
    seconds = args.seconds_per_label if args.seconds_per_label is not None else SECONDS_PER_LABEL.value
    rows = []
    for e in eps_list:
        s = Scenario(K=K, d=d, eps=e, alpha=alpha)
        r = s.labels_needed(delta, exact=not args.no_exact)
        rows.append({
            "eps": e, "necessary": r.necessary, "exact": r.exact, "sufficient": r.sufficient,
            "ratio": r.ratio, "necessary_bound": r.necessary_bound,
            "hours_necessary": None if math.isinf(r.necessary) else r.necessary * seconds / 3600,
            "hours_exact": None if r.exact is None or math.isinf(r.exact) else r.exact * seconds / 3600,
            "hours_sufficient": None if math.isinf(r.sufficient) else r.sufficient * seconds / 3600,
        })
    bits = math.log2(K)
    payload = {
        "scenario": {"K": K, "bits": bits, "d": d, "alpha": alpha, "delta": delta},
        "seconds_per_label": seconds,
        "seconds_per_label_source": SECONDS_PER_LABEL.source if args.seconds_per_label is None else "user",
        "rows": rows,
    }
    lines = [
        f"Labels needed for P(aligned policy wins) >= {1 - delta:g}",
        f"  {K:.6g} candidate behaviours ({bits:.3g} bits of intent); a query separates the aligned one from a",
        f"  given unaligned one with probability d = {d:g}; adversarial fraction alpha = {alpha:g}.",
        f"  Hours of human feedback at {seconds:g} s per label"
        + (" (Christiano et al. 2017: 3-5 s per query)." if args.seconds_per_label is None else "."),
        "",
        f"  {'eps':>5} {'necessary':>11} {'exact':>13} {'sufficient':>11} {'suff/nec':>8}   {'hours (nec / exact / suff)':>28}",
    ]
    for r in rows:
        hours = f"{_fmt_hours(r['necessary'], seconds)} / {_fmt_hours(r['exact'], seconds)} / {_fmt_hours(r['sufficient'], seconds)}"
        ratio = "-" if math.isinf(r["ratio"]) else f"{r['ratio']:.2f}"
        exact = "(skipped)" if args.no_exact else _fmt_n(r["exact"])
        lines.append(
            f"  {r['eps']:>5.3g} {_fmt_n(r['necessary']):>11} {exact:>13} {_fmt_n(r['sufficient']):>11} {ratio:>8}   {hours:>28}"
        )
    lines += [
        "",
        "  necessary: no learner, however large, reaches this success probability on every class like this with",
        "  fewer labels (information limit). sufficient: this many labels guarantee it on any such class.",
        "  exact: what a generic objective (highest score wins, ties lose) needs when unaligned behaviours",
        "  disagree with the aligned one independently. A label at eps = 0.1 is worth many at eps = 0.4.",
    ]
    _emit(args, payload, "\n".join(lines))
    return 0


def cmd_list(args) -> int:
    from . import catalog

    bs = catalog(args.direction)
    payload = [{"id": b.id, "title": b.title, "direction": b.direction, "symbols": list(b.symbols),
                "relation": f"{b.subject} {b.relation_op} f({', '.join(b.inputs)})", "citation": b.citation} for b in bs]
    width = max(len(b.id) for b in bs) if bs else 10
    text = "\n".join(f"{b.id:<{width}}  {b.direction:<10}  {b.subject} {b.relation_op} f({', '.join(b.inputs)})  — {b.title}" for b in bs)
    _emit(args, payload, text)
    return 0


def _get_bound(bid):
    from . import bound

    try:
        return bound(bid)
    except KeyError as exc:
        raise CLIError(exc.args[0]) from None


def cmd_show(args) -> int:
    b = _get_bound(args.id)
    payload = {"id": b.id, "title": b.title, "direction": b.direction, "relation": str(b.relation),
               "latex": b.latex(), "symbols": list(b.symbols), "assumptions": list(b.assumptions),
               "conditions": b.conditions, "citation": b.citation, "derivation": b.derivation}
    _emit(args, payload, b.info())
    return 0


def _fmt_val(v):
    if np.ndim(v) == 0:
        return repr(float(v))
    return "[" + ", ".join(repr(float(x)) for x in np.ravel(v)) + "]"


def cmd_eval(args) -> int:
    b = _get_bound(args.id)
    params = _parse_assignments(args.params)
    val = b(**params)
    payload = {"id": b.id, "subject": b.subject, "relation": b.relation_op, "params": params, "value": val}
    _emit(args, payload, f"{b.id}: {b.subject} {b.relation_op} {_fmt_val(val)}")
    return 0


def cmd_solve(args) -> int:
    from .core import NoSolutionWarning

    b = _get_bound(args.id)
    params = _parse_assignments(args.params)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", NoSolutionWarning)
        val = b.solve(args.target, **params)
    notes = [str(w.message) for w in caught if issubclass(w.category, NoSolutionWarning)]
    payload = {"id": b.id, "solve_for": args.target, "params": params, "value": val, "notes": notes}
    text = f"{b.id}: {args.target} = {_fmt_val(val)}"
    if notes:
        text += "\n" + "\n".join(f"note: {n}" for n in notes)
    _emit(args, payload, text)
    return 0


def cmd_derivations(args) -> int:
    from .proof.cli import cli

    return cli(args)


# ------------------------------------------------------------------ parser
def _number(text):
    try:
        return parse_number(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _number_list(text):
    try:
        return [parse_number(t) for t in text.split(",")]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    r"""The argument parser of the `bounds` command.

    Returns
    -------
    argparse.ArgumentParser
        The parser with all sub-commands.

    Examples
    --------
    >>> build_parser().parse_args(["list"]).command
    'list'
    """
    p = _Parser(prog="bounds", description="How much alignment training data, and of what quality?")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def add(name, help_):
        sp_ = sub.add_parser(name, help=help_, description=help_)
        # SUPPRESS: an unset sub-command --json must not override `bounds --json COMMAND`
        sp_.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output")
        return sp_

    r = add("report", "labels needed and hours of human feedback for a scenario, across rater error rates")
    r.add_argument("--K", type=_number, help="number of candidate behaviours (default 2**20)")
    r.add_argument("--d", type=_number, help="separation probability (default 0.1)")
    r.add_argument("--eps", type=_number_list, help="comma-separated rater error rates (default 0,0.05,...,0.45)")
    r.add_argument("--alpha", type=_number, help="adversarial fraction (default 0)")
    r.add_argument("--delta", type=_number, help="failure probability (default 0.05)")
    r.add_argument("--seconds-per-label", type=_number, help="rater seconds per label (default 4)")
    r.add_argument("--no-exact", action="store_true", help="skip the exact computation")
    r.set_defaults(func=cmd_report)

    lst = add("list", "list the bounds in the catalogue")
    lst.add_argument("--direction", choices=["necessary", "sufficient", "exact"])
    lst.set_defaults(func=cmd_list)

    s = add("show", "show one bound")
    s.add_argument("id")
    s.set_defaults(func=cmd_show)

    e = add("eval", "evaluate a bound: bounds eval ID name=value ...")
    e.add_argument("id")
    e.add_argument("params", nargs="*", metavar="name=value")
    e.set_defaults(func=cmd_eval)

    v = add("solve", "solve a bound for one symbol: bounds solve ID --for n name=value ...")
    v.add_argument("id")
    v.add_argument("--for", dest="target", required=True, metavar="NAME")
    v.add_argument("params", nargs="*", metavar="name=value")
    v.set_defaults(func=cmd_solve)

    dv = add("derivations", "machine-checked derivations")
    dv.add_argument("action", choices=["check", "list"])
    dv.add_argument("ids", nargs="*", help="only these derivations")
    dv.add_argument("--verbose", "-v", action="store_true")
    dv.set_defaults(func=cmd_derivations)
    return p


def main(argv=None) -> int:
    r"""Run the command line; returns the exit code (0 ok, 1 a check failed, 2 an error).

    Parameters
    ----------
    argv : list of str, optional
        Arguments (default: `sys.argv[1:]`).

    Returns
    -------
    int
        Exit code.

    Examples
    --------
    >>> main(["solve", "duel.chernoff", "--for", "n", "d=0.1", "eps=0.2", "alpha=0", "delta=0.05"])
    duel.chernoff: n = 148.28370408337...
    0
    """
    parser = build_parser()
    try:
        # parse_known_args + merge: `solve ID --for n name=value ...` puts the name=value
        # pairs after an option, which plain parse_args rejects
        args, extra = parser.parse_known_args(argv)
        if extra:
            if getattr(args, "command", None) in ("eval", "solve") and all(
                "=" in x and not x.startswith("-") for x in extra
            ):
                args.params = list(args.params) + extra
            else:
                parser.error(f"unrecognized arguments: {' '.join(extra)}")
    except CLIError as exc:
        print(f"bounds: error: {exc.args[0]}", file=sys.stderr)
        return 2
    if getattr(args, "command", None) is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except (CLIError, ValueError, TypeError, KeyError, NotImplementedError) as exc:
        msg = exc.args[0] if exc.args else str(exc)
        print(f"bounds: error: {msg}", file=sys.stderr)
        return 2
