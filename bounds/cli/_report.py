"""`bounds report`: labels needed, and hours of human feedback, for a scenario across rater error rates.

The options are read one by one (each message names its option and domain), every row's
scenario is validated before any work, and the text is the table followed by notes: which
bound gives each column, whom it covers, and why any value is infinite, zero or missing.
"""
from __future__ import annotations

import math

from ._arguments import parse_values
from ._common import CLIError, fmt_count, fmt_g, fmt_hours, fmt_K, quote, short_covers, wrap
from ._progress import interactive, progress
from ._rows import engine_error, row
from .numbers import parse_number


def _report_value(args, name, default):
    text = getattr(args, name)
    if text is None:
        return default
    opt = "--" + name.replace("_", "-")
    vals, bits = parse_values(name, text, huge_ok=(name == "K"), label=opt)
    if len(vals) != 1:
        raise CLIError(f"{opt} takes one number, got {quote(text)} (only --eps takes a list)")
    if name == "K" and bits[0] is not None:
        return ("bits", bits[0])
    from ..vocabulary import PARAMETERS

    try:
        PARAMETERS[name].validate(vals[0])
    except ValueError as exc:
        raise CLIError(f"{opt}: {exc}") from None
    return vals[0]


def _seconds_per_label(args, default):
    text = args.seconds_per_label
    if text is None:
        return default
    try:
        v = parse_number(text)
    except ValueError as exc:
        raise CLIError(f"--seconds-per-label: {exc}; it is in (0, inf)") from None
    if not (math.isfinite(v) and v > 0):
        raise CLIError(f"--seconds-per-label={quote(text)} is outside its domain (0, inf) "
                       "(rater seconds per label)")
    return v


def scenario_options(args) -> dict:
    """The scenario's parameters other than eps from the options `--K`/`--bits`, `--d`, `--alpha`, `--s`,
    `--q-hard`, `--K-dec` (the defaults of `bounds report` where unset); each message names its option.

    Examples
    --------
    >>> from bounds.cli import build_parser
    >>> scenario_options(build_parser().parse_args(["report", "--bits", "2000", "--alpha", "0.1"]))
    {'d': 0.1, 'alpha': 0.1, 's': 0.0, 'q_hard': 0.0, 'K_dec': 1.0, 'bits': 2000.0}
    """
    from ..data import DEFAULT_REPORT

    if args.K is not None and args.bits is not None:
        raise CLIError("give --K or --bits (= log2 K), not both")
    K = _report_value(args, "K", DEFAULT_REPORT["K"])
    bits = _report_value(args, "bits", None)
    if isinstance(K, tuple):  # beyond the largest float
        bits, K = K[1], None
    elif bits is not None:
        K = None
    base = {name: _report_value(args, name, DEFAULT_REPORT[name]) for name in ("d", "alpha", "s", "q_hard", "K_dec")}
    base.update({"K": K} if K is not None else {"bits": bits})
    return base


def _report_options(args):
    """The scenario's parameters, delta and seconds per label from the options (defaults where unset)."""
    from ..data import DEFAULT_REPORT, SECONDS_PER_LABEL

    base = scenario_options(args)
    delta = _report_value(args, "delta", DEFAULT_REPORT["delta"])
    if args.eps is None:
        eps_list = list(DEFAULT_REPORT["eps"])
    else:
        eps_list, _ = parse_values("eps", args.eps, label="--eps")
        from ..vocabulary import PARAMETERS

        for e in eps_list:
            try:
                PARAMETERS["eps"].validate(e)
            except ValueError as exc:
                raise CLIError(f"--eps: {exc}") from None
    seconds = _seconds_per_label(args, SECONDS_PER_LABEL.value)
    return base, eps_list, delta, seconds


def _covers(rows) -> dict:
    """{bound id: whom it covers} for every bound named in the rows."""
    from ..core import bound

    named = sorted({r[k].split(" (")[0] for r in rows for k in ("necessary_bound", "necessary_adaptive_bound",
                                                                  "sufficient_bound", "exact_bound")} - {"none"})
    covers = {}
    for bid in named:
        try:
            covers[bid] = bound(bid).covers
        except KeyError:  # pragma: no cover - a name the scenario made up
            pass
    return covers


def cmd_report(args):
    """Labels needed and hours of human feedback for a scenario across rater error rates.

    Parameters
    ----------
    args : argparse.Namespace
        The options of `bounds report` (as `bounds.cli.build_parser` reads them).

    Returns
    -------
    payload : dict
        The scenario, the rows (`row`) and whom each bound covers: the JSON output.
    text : str
        The table and its notes.

    Examples
    --------
    >>> from bounds.cli import build_parser
    >>> payload, text = cmd_report(build_parser().parse_args(["report", "--no-exact", "--eps", "0.1"]))
    >>> payload["rows"][0]["necessary"], text.splitlines()[0]
    (74.0, 'Labels needed for P(aligned policy wins) >= 0.95 (delta = 0.05)')
    """
    from ..data import SECONDS_PER_LABEL
    from ..scenario import Scenario

    base, eps_list, delta, seconds = _report_options(args)
    scenarios = [Scenario(eps=e, **base) for e in eps_list]  # validates every row before any work
    known_error = None if args.no_exact else engine_error(scenarios[0])
    rows = [row(sc, delta, not args.no_exact, seconds, known_error)
            for sc in progress(scenarios, enabled=interactive(args), desc="bounds report")]
    sc0 = scenarios[0]
    covers = _covers(rows)
    payload = {
        "scenario": {"K": sc0.K if math.isfinite(sc0.K) else None, "K_text": fmt_K(sc0.K, sc0.bits),
                     "bits": sc0.bits, "d": sc0.d, "alpha": sc0.alpha, "s": sc0.s, "q_hard": sc0.q_hard,
                     "K_dec": sc0.K_dec, "delta": delta, "margin": [sc.margin for sc in scenarios]},
        "seconds_per_label": seconds,
        "seconds_per_label_source": SECONDS_PER_LABEL.source if args.seconds_per_label is None else "user",
        "exact_computed": not args.no_exact,
        "covers": covers,
        "rows": rows,
    }
    return payload, _report_text(sc0, delta, seconds, args.seconds_per_label is None, rows, covers)


def _eps_list(values) -> str:
    return ", ".join(fmt_g(v) for v in values)


def _report_head(sc, delta, seconds, default_seconds) -> list:
    """The report's first lines: the target, the scenario in words, the seconds per label."""
    from ..data import SECONDS_PER_LABEL

    lines = [f"Labels needed for P(aligned policy wins) >= {fmt_g(1 - delta)} (delta = {fmt_g(delta)})"]
    head = (f"K = {fmt_K(sc.K, sc.bits)} candidate policies, one of them aligned ({sc.bits:.4g} bits of intent); "
            f"a query separates the aligned policy from a given unaligned one with probability d = {fmt_g(sc.d)}; ")
    head += (f"a fraction alpha = {fmt_g(sc.alpha)} of the labels is written by an adversary against the aligned "
             "policy; " if sc.alpha else "no adversary (alpha = 0); ")
    if sc.s:
        head += (f"systematic error: on a share s = {fmt_g(sc.s)} of the queries separating each of "
                 f"K_dec = {fmt_g(sc.K_dec)} deceptive policies, raters are right with probability "
                 f"q_hard = {fmt_g(sc.q_hard)}.")
    else:
        head += "no systematic error (s = 0)."
    lines += wrap(head)
    lines += wrap(f"Hours of human feedback at {fmt_g(seconds)} s per label"
                  + (f" — {SECONDS_PER_LABEL.source}: {SECONDS_PER_LABEL.note}" if default_seconds else "."))
    return lines


def _report_table(rows, show_ada) -> list:
    """The table, one line per row, columns right-aligned (necessary (adaptive) only where it differs)."""
    cells = []
    for r in rows:
        ex = fmt_count(r["exact"]) if r["exact"] is not None else r["exact_status"]
        ratio = "-" if r["ratio"] is None else ("inf" if math.isinf(r["ratio"]) else f"{r['ratio']:.2f}")
        hours = " / ".join(fmt_hours(r[k]) for k in ("hours_necessary", "hours_exact", "hours_sufficient"))
        cells.append([fmt_g(r["eps"]), fmt_count(r["necessary"])]
                     + ([fmt_count(r["necessary_adaptive"])] if show_ada else [])
                     + [ex, fmt_count(r["sufficient"]), ratio, hours])
    if show_ada:
        head1 = ["", "necessary", "necessary", "", "", "", "hours of feedback"]
        head2 = ["eps", "(passive)", "(adaptive)", "exact", "sufficient", "suff/nec", "nec / exact / suff"]
    else:
        head1 = ["", "necessary", "", "", "", "hours of feedback"]
        head2 = ["eps", "(any)", "exact", "sufficient", "suff/nec", "nec / exact / suff"]
    widths = [max(len(c[i]) for c in cells + [head1, head2]) for i in range(len(head2))]
    return ["  " + "  ".join(v.rjust(w) for v, w in zip(line, widths)).rstrip() for line in [head1, head2] + cells]


def _report_text(sc, delta, seconds, default_seconds, rows, covers) -> str:
    show_ada = any(r["necessary_adaptive"] != r["necessary"] for r in rows)
    lines = _report_head(sc, delta, seconds, default_seconds) + [""] + _report_table(rows, show_ada) + [""]
    lines += _report_notes(rows, covers, delta, show_ada)
    return "\n".join(lines)


def _by_bound(rows, key):
    """{bound name: [eps, ...]} in first-appearance order."""
    out = {}
    for r in rows:
        out.setdefault(r[key], []).append(r["eps"])
    return out


def _eps_where(eps, all_eps) -> str:
    """`eps = 0.05 to 0.45` for a run of consecutive rows, else the list."""
    if eps == all_eps:
        return "every eps"
    i = all_eps.index(eps[0])
    if len(eps) > 2 and all_eps[i:i + len(eps)] == eps:
        return f"eps = {fmt_g(eps[0])} to {fmt_g(eps[-1])}"
    return f"eps = {_eps_list(eps)}"


def _report_notes(rows, covers, delta, show_ada) -> list:
    target = f"P(win) >= {fmt_g(1 - delta)}"
    all_eps = [r["eps"] for r in rows]

    def from_(key, with_covers=True):
        groups = _by_bound(rows, key)
        parts = []
        for bid, eps in groups.items():
            at = f" ({_eps_where(eps, all_eps)})" if len(groups) > 1 else ""
            if bid == "none":
                parts.append(f"no bound{at}")
                continue
            cov = covers.get(bid.split(" (")[0])
            parts.append(f"{bid}{at}" + (f": {short_covers(cov)}" if cov and with_covers else ""))
        return "; ".join(parts)

    def note(text):
        return wrap(text, "  ", "    ")

    out = []
    if show_ada:
        out += note(f"necessary (passive): with fewer labels the generic objective, and every learner with "
                    f"passively drawn queries that the bound covers, cannot reach {target}. From "
                    f"{from_('necessary_bound')}.")
        out += note(f"necessary (adaptive): the same for learners that choose their queries. From "
                    f"{from_('necessary_adaptive_bound')}.")
    else:
        out += note(f"necessary (any): with fewer labels the generic objective, and every learner the bound "
                    f"covers, cannot reach {target}; here learners with passively drawn queries and learners "
                    f"that choose their queries need the same count. Passive: {from_('necessary_bound')}. "
                    f"Adaptive: {from_('necessary_adaptive_bound')}.")
    out += note(f"exact: what the generic objective (most agreeing labels wins, ties lose) needs on the "
                f"independent-separation class ({from_('exact_bound', False)}).")
    out += note(f"sufficient: guarantees {target} for the generic objective on every class with separation "
                f">= d ({from_('sufficient_bound', False)}). suff/nec: the factor theory leaves open.")
    groups = {}
    for r in rows:
        for key, why in r["reasons"].items():
            groups.setdefault((key, why), []).append(r["eps"])
    if groups:
        out.append("")
        out.append("  Why some values are inf, 0 or missing:")
        for (key, why), eps in groups.items():
            out += wrap(f"{_eps_where(eps, all_eps)}: {key}: {why}", "    ", "      ")
    return out
