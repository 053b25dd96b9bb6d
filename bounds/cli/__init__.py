r"""The `bounds` command-line tool.

Commands
--------
`bounds report`
    The main job: labels needed for the aligned policy to win — necessary (for learners
    with passively drawn queries, and for learners that choose their queries), exact and
    sufficient — with hours of human feedback, for a scenario across rater error rates.
`bounds list`
    Every bound in the catalogue, with its direction and whom it covers.
`bounds show ID`
    One bound: relation, whom it covers, assumptions, citation.
`bounds eval ID name=value ...`
    Evaluate a bound (comma-separated values vectorize).
`bounds solve ID --for NAME name=value ...`
    Solve a bound for one of its symbols (`--for bits` gives $\log_2 K$).
`bounds agreement A`
    A rater error rate from an observed agreement rate, and what majorities would do.
`bounds check FILE.csv`
    A learning curve's points against the noise ceiling and the information limit.
`bounds curve`
    P(aligned wins) along a quality–quantity curve — explicit points, or what a budget
    buys under a cost model — its best point and the budget a target probability needs.
`bounds derivations check|list`
    Check the machine-checked derivations.

Every command takes `--json`. Numbers are plain decimals, `2**20` or `2^20`; a leading
sign applies to the whole power, as in Python (`-2**2` is $-4$). User input is never
evaluated as code. Errors are one line on stderr, `bounds: error: ...`, with exit code 2;
exit code 1 means a derivation check failed.

Examples
--------
>>> main(["eval", "duel.hoeffding", "n=100", "d=1", "eps=0.1"])
duel.hoeffding: delta <= 1.2664165549094e-14
  sufficient — covers the generic objective (the policy with more agreeing labels wins, ties lose)
  against one unaligned policy separated with probability d
0
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import warnings

from ._agreement import cmd_agreement
from ._check import cmd_check
from ._curve import cmd_curve
from ._commands import cmd_derivations, cmd_eval, cmd_list, cmd_show, cmd_solve
from ._common import CLIError, jsonable, message, no_negative_zero, one_line, quote, wrap
from ._report import cmd_report
from .numbers import parse_number

# Importable from here as well, as before the tool became a package (each is defined in the
# module of its kind): the column limit, the progress bar's delay (the value in effect is
# read from `bounds.cli._progress`) and the longest number text.
from ._common import WIDTH  # noqa: F401
from ._progress import PROGRESS_DELAY  # noqa: F401
from .numbers import MAX_NUMBER_CHARS  # noqa: F401

__all__ = ["main", "parse_number", "build_parser"]

#: Options of `report` that take a value: a value with a leading minus sign is joined to
#: its option (`--d -0.5` is read as `--d=-0.5`) so that it reaches the number parser.
_VALUE_OPTIONS = ("--K", "--bits", "--d", "--eps", "--alpha", "--delta", "--s", "--q-hard", "--K-dec",
                  "--seconds-per-label", "--for", "--direction", "--n", "--raters", "--eps-ref", "--seconds-ref",
                  "--beta", "--overhead", "--hours", "--dollars", "--dollars-per-hour", "--target", "--agreement",
                  "--agreement-items", "--eps-eval", "--level")
_NEGATIVE = re.compile(r"^-\s*[0-9.]|^-\s*(inf|nan)", re.IGNORECASE)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors become one line on stderr (through `main`)."""

    def error(self, message):
        raise CLIError(f"{message} (see '{self.prog} --help')")


# ---------------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    r"""The argument parser of the `bounds` command.

    Returns
    -------
    argparse.ArgumentParser
        The parser with all sub-commands (option values are kept as text and read by
        `parse_number`, so that every error names the option and its domain).

    Examples
    --------
    >>> build_parser().parse_args(["list"]).command
    'list'
    """
    p = _Parser(prog="bounds", description="How much alignment training data, and of what quality?",
                allow_abbrev=False,
                epilog="Numbers: 0.1, 1e-6, 2**20 or 2^20 (a leading sign applies to the whole power). "
                       "Errors: one line on stderr, exit code 2.")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name, help_):
        sp_ = sub.add_parser(name, help=help_, description=help_, allow_abbrev=False)
        # SUPPRESS: an unset sub-command --json must not override `bounds --json COMMAND`
        sp_.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output")
        return sp_

    r = add("report", "labels needed and hours of human feedback for a scenario, across rater error rates")
    r.add_argument("--eps", metavar="EPS,...", help="comma-separated rater error rates (default 0,0.05,...,0.45)")
    _add_scenario_options(r)
    r.add_argument("--delta", metavar="DELTA", help="allowed failure probability (default 0.05)")
    r.add_argument("--seconds-per-label", metavar="SEC", help="rater seconds per label, in (0, inf) (default 4)")
    r.add_argument("--no-exact", action="store_true", help="skip the exact computation")
    r.set_defaults(func=cmd_report)

    lst = add("list", "list the bounds in the catalogue, with whom each covers")
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
    v.add_argument("--for", dest="target", required=True, metavar="NAME", help="the unknown (bits: log2 K)")
    v.add_argument("params", nargs="*", metavar="name=value")
    v.set_defaults(func=cmd_solve)

    ag = add("agreement", "a rater error rate from an observed agreement rate, and what follows from it")
    ag.add_argument("agreement", help="observed agreement rate, in (1/2, 1]")
    ag.add_argument("--items", metavar="N", help="number of doubly labelled items (gives an exact interval)")
    ag.add_argument("--reference-eps", dest="reference_eps", metavar="E",
                    help="error rate of the reference the raters were compared with (default: a second rater "
                         "of the same error)")
    ag.add_argument("--level", metavar="L", help="confidence level of the interval (default 0.95)")
    ag.add_argument("--raters", metavar="M,...", help="panels whose majority vote to predict (default 1,3,5,7)")
    ag.set_defaults(func=cmd_agreement)

    _add_curve(add("curve", "P(aligned wins) along a quality-quantity curve: explicit points or what a budget "
                            "buys, the best point, the budget a target needs"))

    _add_check(add("check", "check a learning curve (a CSV of n, accuracy) against the noise ceiling and the "
                            "information limit"))

    dv = add("derivations", "machine-checked derivations")
    dv.add_argument("action", choices=["check", "list"])
    dv.add_argument("ids", nargs="*", help="only these derivations")
    dv.add_argument("--verbose", "-v", action="store_true")
    dv.set_defaults(func=cmd_derivations)
    return p


def _add_scenario_options(p) -> None:
    """The options that set a scenario's parameters other than eps (as `bounds report` takes them)."""
    p.add_argument("--K", metavar="K", help="number of candidate policies, one aligned (default 2**20)")
    p.add_argument("--bits", metavar="BITS", help="log2 K instead of --K (for K beyond 2**1023)")
    p.add_argument("--d", metavar="D", help="probability that a query separates the aligned policy from a "
                                            "given unaligned one (default 0.1)")
    p.add_argument("--alpha", metavar="ALPHA", help="fraction of labels written by an adversary (default 0)")
    p.add_argument("--s", metavar="S", help="systematic error: share of the queries separating a deceptive "
                                            "policy that are too hard for raters (default 0)")
    p.add_argument("--q-hard", dest="q_hard", metavar="Q", help="probability that raters get such a hard "
                                                                "query right (default 0)")
    p.add_argument("--K-dec", dest="K_dec", metavar="N", help="number of deceptive policies (default 1)")


def _add_check(ck) -> None:
    """The options of `bounds check`."""
    ck.add_argument("file", help="CSV with columns n, accuracy and optionally test_size, unit, hours, "
                                 "seconds_per_label, label")
    ck.add_argument("--eps", metavar="E", help="the labels' error rate, in [0, 1/2] (or --agreement)")
    ck.add_argument("--agreement", metavar="A", help="agreement rate between two raters, in (1/2, 1]: the error "
                                                     "rate is estimated from it")
    ck.add_argument("--agreement-items", dest="agreement_items", metavar="N",
                    help="doubly labelled items behind --agreement (for its interval)")
    ck.add_argument("--eps-eval", dest="eps_eval", metavar="E", help="error rate of the held-out labels "
                                                                      "(default: that of the training labels)")
    ck.add_argument("--bits", metavar="B", help="class size in bits: adds the information limit of the class of "
                                                "all labelings of B items")
    ck.add_argument("--level", metavar="L", help="confidence level of the intervals (default 0.99)")
    ck.add_argument("--plot", metavar="FILE", help="write the figure (.png, .svg or .pdf; needs matplotlib)")
    ck.set_defaults(func=cmd_check)


def _add_curve(c) -> None:
    """The options of `bounds curve`."""
    c.add_argument("--n", metavar="N,...", help="explicit points: labels at each point (with --eps)")
    c.add_argument("--eps", metavar="EPS,...|A:B:N", help="error rates the raters aim for: a list, or N values "
                                                          "from A to B")
    c.add_argument("--raters", metavar="M", help="raters per item, their majority vote the label (default 1)")
    c.add_argument("--cost", metavar="SHAPE", help="a cost model instead of points: constant, power, "
                                                   "exponential or log-odds seconds per label against eps")
    c.add_argument("--eps-ref", dest="eps_ref", metavar="E", help="error rate at which a label takes "
                                                                  "--seconds-ref (not for constant)")
    c.add_argument("--seconds-ref", dest="seconds_ref", metavar="SEC", help="seconds per label at --eps-ref "
                                                                            "(default 4)")
    c.add_argument("--beta", metavar="B", help="the cost shape's exponent (default 1)")
    c.add_argument("--overhead", metavar="X", help="multiplier >= 1 on rater time for quality control (default 1)")
    c.add_argument("--hours", metavar="H", help="budget in rater hours")
    c.add_argument("--dollars", metavar="D", help="budget in dollars (needs --dollars-per-hour)")
    c.add_argument("--dollars-per-hour", dest="dollars_per_hour", metavar="P", help="price of a rater hour")
    c.add_argument("--target", metavar="P,...", help="target P(aligned wins): the budget needed per side "
                                                     "(with --cost)")
    c.add_argument("--training-cost", dest="training_cost", metavar="D",
                   help="what training the model costs, in dollars: each budget needed is also given as a fraction "
                        "of it, the alignment tax (with --target and --dollars-per-hour)")
    c.add_argument("--plot", metavar="FILE", help="write the figure (.png, .svg or .pdf; needs matplotlib)")
    _add_scenario_options(c)
    c.set_defaults(func=cmd_curve)


def _join_negative_values(argv: list) -> list:
    """`--d -0.5` -> `--d=-0.5`, so that a negative value reaches the number parser."""
    out, i = [], 0
    while i < len(argv):
        a = argv[i]
        if a in _VALUE_OPTIONS and i + 1 < len(argv) and _NEGATIVE.match(argv[i + 1]):
            out.append(f"{a}={argv[i + 1]}")
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _error(msg) -> int:
    print(f"bounds: error: {one_line(msg)}", file=sys.stderr)
    return 2


def _prepare_streams():
    # characters the terminal cannot encode are escaped, never a UnicodeEncodeError
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass


def _print_result(args, payload, text, caught) -> None:
    """Print a command's result, JSON or text, with each distinct warning caught as a note."""
    notes = []
    for w in caught:
        note = one_line(no_negative_zero(str(w.message)))
        if note not in notes:
            notes.append(note)
    if args.json:
        if isinstance(payload, dict):
            payload = {**payload, "notes": notes}
        print(json.dumps(jsonable(payload), indent=2, ensure_ascii=False))
    else:
        lines = [text]
        for n in notes:
            lines += wrap(f"note: {n}", "", "  ")
        print("\n".join(lines))


def main(argv=None) -> int:
    r"""Run the command line; returns the exit code (0 ok, 1 a check failed, 2 an error).

    Parameters
    ----------
    argv : list of str, optional
        Arguments (default: `sys.argv[1:]`).

    Returns
    -------
    int
        Exit code. Errors are printed as one line on stderr, `bounds: error: ...`;
        warnings raised while computing become `note:` lines of the output.

    Examples
    --------
    >>> main(["solve", "duel.chernoff", "--for", "n", "d=0.1", "eps=0.2", "delta=0.05"])
    duel.chernoff: n = 148.2837...
      sufficient — covers the generic objective ...
    0
    >>> main(["eval", "duel.chernoff", "n=0**-1", "d=0.1", "eps=0.2"])
    2
    """
    _prepare_streams()
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        try:
            # parse_known_args + merge: `solve ID --for n name=value ...` puts the name=value
            # pairs after an option, which plain parse_args rejects
            args, extra = parser.parse_known_args(_join_negative_values(argv))
        except SystemExit as exc:  # --help
            return int(exc.code or 0) if isinstance(exc.code, int) or exc.code is None else 2
        if extra:
            if getattr(args, "command", None) in ("eval", "solve") and all(
                "=" in x and not x.startswith("-") for x in extra
            ):
                args.params = list(args.params) + extra
            else:
                parser.error(f"unrecognized arguments: {' '.join(quote(x) for x in extra)}")
        if getattr(args, "command", None) is None:
            parser.print_help(sys.stderr)
            return 2
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = args.func(args)
        if isinstance(result, int):
            return result
        _print_result(args, *result, caught)
        return 0
    except CLIError as exc:
        return _error(message(exc))
    except (ValueError, TypeError, KeyError, NotImplementedError) as exc:
        return _error(message(exc))
    except (OverflowError, ZeroDivisionError, FloatingPointError) as exc:
        return _error(f"numeric failure at these inputs ({type(exc).__name__}: {message(exc)}); this is a bug in "
                      "bounds, please report it with the command line")
    except BrokenPipeError:
        # the reader went away (`bounds report | head`): stop quietly
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:  # pragma: no cover
            pass
        return 1
    except KeyboardInterrupt:
        return _error("interrupted")
    except Exception as exc:  # pragma: no cover - a bug: still one line, never a traceback
        if os.environ.get("BOUNDS_TRACEBACK"):
            raise
        return _error(f"internal error ({type(exc).__name__}: {message(exc)}); please report this with the "
                      "command line (BOUNDS_TRACEBACK=1 shows the traceback)")

