"""`bounds curve`: P(aligned wins) along a quality–quantity curve, its best point, and the budget a target needs.

The curve is either explicit points (`--n` labels at `--eps` error rates) or what a budget
buys under a cost model (`--cost` and its options, `--hours` or `--dollars`), as
`bounds.Curve` and `bounds.Curve.from_cost` compute them. `--target` adds the budget needed
per side (`bounds.Curve.budget_needed`), `--plot` draws the figure (`bounds.plots`).
"""
from __future__ import annotations

import math
from pathlib import Path

from ..errors import ParameterTypeError, ParameterValueError
from ._arguments import parse_values
from ._common import CLIError, fmt_count, fmt_g, fmt_hours, fmt_K, quote, wrap
from ._report import scenario_options
from .numbers import parse_number

#: The sides of a curve, as `bounds.Curve` names them, and what each means in the output.
SIDES = ("lower", "exact", "upper")
SIDE_WORDS = {"lower": "lower (sufficient)", "exact": "exact", "upper": "upper (necessary)"}
#: Formats `--plot` writes, by the file's extension.
PLOT_FORMATS = (".png", ".svg", ".pdf")
#: Most points `--eps START:STOP:COUNT` may ask for.
MAX_POINTS = 1000

#: The option behind each parameter a cost model or a budget may refuse.
_OPTION_OF = {"shape": "--cost", "eps_ref": "--eps-ref", "seconds_ref": "--seconds-ref", "beta": "--beta",
              "raters": "--raters", "dollars_per_hour": "--dollars-per-hour", "overhead": "--overhead",
              "seconds_per_label": "--cost", "hours": "--hours", "dollars": "--dollars", "eps": "--eps"}
_COST_OPTIONS = ("eps_ref", "seconds_ref", "beta", "overhead", "dollars_per_hour", "hours", "dollars")


def _number(option, text):
    try:
        return parse_number(text)
    except ValueError as exc:
        raise CLIError(f"{option}: {exc}") from None


def _whole(option, text, low, what):
    v = _number(option, text)
    if not (math.isfinite(v) and v >= low and v == int(v)):
        raise CLIError(f"{option}={quote(text)} must be a whole number of {what} >= {low}")
    return int(v)


def parse_eps(text) -> list:
    """Error rates from `--eps`: a comma-separated list, or a range `START:STOP:COUNT` (both ends included).

    Examples
    --------
    >>> parse_eps("0.1,0.2"), parse_eps("0.05:0.4:8")
    ([0.1, 0.2], [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4])
    """
    import numpy as np

    from ..vocabulary import PARAMETERS

    if text is None:
        raise CLIError("--eps is required: the error rates of the points, e.g. --eps 0.1,0.2 or --eps 0.05:0.4:8")
    if ":" in text:
        parts = text.split(":")
        if len(parts) != 3:
            raise CLIError(f"--eps={quote(text)}: a range is START:STOP:COUNT, e.g. 0.05:0.4:8")
        count = _whole("--eps", parts[2], 1, "points")
        if count > MAX_POINTS:
            raise CLIError(f"--eps={quote(text)} asks for {count:,} points; at most {MAX_POINTS:,}")
        start, stop = _number("--eps", parts[0]), _number("--eps", parts[1])
        values = [float(v) for v in np.round(np.linspace(start, stop, count), 12)]
    else:
        values, _ = parse_values("eps", text, label="--eps")
    for e in values:
        try:
            PARAMETERS["eps"].validate(e)
        except ValueError as exc:
            raise CLIError(f"--eps: {exc}") from None
    return values


def _counts(text) -> list:
    values, _ = parse_values("n", text, label="--n")
    for v, piece in zip(values, text.split(",")):
        if not (math.isfinite(v) and v >= 0 and v == int(v)):
            raise CLIError(f"--n={quote(piece.strip())} is not a whole number of labels >= 0")
    return values


def _targets(text) -> list:
    if text is None:
        return []
    values, _ = parse_values("target", text, label="--target")
    for v, piece in zip(values, text.split(",")):
        if not 0 < v < 1:
            raise CLIError(f"--target={quote(piece.strip())} is outside its domain (0, 1) (a probability that the "
                           "aligned policy wins)")
    return sorted(set(values))


def plot_file(text):
    """The `--plot` file, checked before any work: a known extension, and matplotlib installed."""
    if text is None:
        return None
    suffix = Path(text).suffix.lower()
    if suffix not in PLOT_FORMATS:
        raise CLIError(f"--plot={quote(text)}: unknown format {quote(suffix or '(no extension)')}; the file name must "
                       f"end in {', '.join(PLOT_FORMATS)}")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise CLIError("--plot needs matplotlib, which is not installed: pip install 'alignment-bounds[plots]'") from None
    return text


class _OptionNamed:
    """Turn a refused parameter of a cost model or budget into an error naming its option."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if isinstance(exc, (ParameterValueError, ParameterTypeError)) and exc.parameter in _OPTION_OF:
            raise CLIError(f"{_OPTION_OF[exc.parameter]}: {exc}") from None
        return False


def _cost_model(args, raters):
    """The cost model and the budget (hours, dollars; None where not given) from the options."""
    from ..cost import SHAPES, CostModel

    given = [o for o in _COST_OPTIONS if getattr(args, o) is not None]
    if args.cost is None:
        if given:
            raise CLIError(f"--{given[0].replace('_', '-')} belongs to a cost model: give --cost SHAPE too "
                           f"({', '.join(SHAPES)})")
        return None, None, None
    if args.cost not in SHAPES:
        raise CLIError(f"--cost={quote(args.cost)} is not a cost shape; choose one of {', '.join(SHAPES)}")
    kw = {o: _number(f"--{o.replace('_', '-')}", getattr(args, o)) for o in _COST_OPTIONS[:5]
          if getattr(args, o) is not None}
    with _OptionNamed():
        cost = CostModel(args.cost, raters=raters, **kw)
    hours = None if args.hours is None else _number("--hours", args.hours)
    dollars = None if args.dollars is None else _number("--dollars", args.dollars)
    if hours is not None and dollars is not None:
        raise CLIError("give the budget as --hours or --dollars, not both")
    if dollars is not None and cost.dollars_per_hour == 0:
        raise CLIError("--dollars needs --dollars-per-hour P: what an hour of rater time costs")
    if hours is None and dollars is None and args.target is None:
        raise CLIError("a cost model needs a budget, --hours H or --dollars D (or --target P for the budget needed)")
    return cost, hours, dollars


def _build_curve(args):
    """(curve or None, cost or None, eps list, scenario dict) from the options."""
    from ..curves import Curve

    scenario = scenario_options(args)
    raters = 1 if args.raters is None else _whole("--raters", args.raters, 1, "raters")
    eps = parse_eps(args.eps)
    if args.n is not None and args.cost is not None:
        raise CLIError("give explicit points (--n) or a cost model (--cost), not both")
    cost, hours, dollars = _cost_model(args, raters)
    if cost is None:
        if args.n is None:
            raise CLIError("give the points with --n N,... and --eps EPS,..., or a cost model with --cost SHAPE")
        n = _counts(args.n)
        if len(n) > 1 and len(eps) > 1 and len(n) != len(eps):
            raise CLIError(f"--n has {len(n)} values and --eps {len(eps)}: give as many of each, or one of either")
        if args.target is not None:
            raise CLIError("--target needs a cost model (--cost SHAPE ...): the budget is what the labels cost")
        return Curve(n, eps, raters=raters, **scenario), None, eps, scenario
    with _OptionNamed():
        cost.check_monotone(eps)
        if hours is None and dollars is None:
            return None, cost, eps, scenario
        return Curve.from_cost(cost, eps, hours=hours, dollars=dollars, **scenario), cost, eps, scenario


def _training_cost(args, cost):
    """The --training-cost in dollars (None if not given), checked against the options it needs."""
    if args.training_cost is None:
        return None
    tc = _number("--training-cost", args.training_cost)
    if not (math.isfinite(tc) and tc > 0):
        raise CLIError(f"--training-cost={quote(args.training_cost)} must be a positive number of dollars")
    if args.target is None or cost is None or cost.dollars_per_hour == 0:
        raise CLIError("--training-cost needs --target P and a priced cost model (--cost SHAPE --dollars-per-hour P): "
                       "the alignment tax is the dollars the target needs over the training cost")
    return tc


def _budgets(cost, eps, targets, scenario, training_cost=None) -> list:
    """For each target, the budget needed on each side (None where no error rate reaches it)."""
    from ..curves import Curve

    rows = []
    for p in targets:
        row = {"target": p}
        for side in SIDES:
            try:
                a = Curve.budget_needed(cost, eps, p, side=side, **scenario)
            except ParameterValueError as exc:
                if exc.parameter != "target":
                    raise
                row[side] = None
                continue
            row[side] = {"eps": a.eps, "items": a.items, "hours": a.hours, "dollars": a.dollars}
            if training_cost is not None:
                row[side]["alignment_tax"] = a.alignment_tax(training_cost)
        rows.append(row)
    return rows


def _best(table) -> dict:
    """The best point on each side, as `bounds.Curve.best` picks it (None where no point has a value)."""
    import numpy as np

    out = {}
    for side in SIDES:
        vals = getattr(table, side)
        if np.all(np.isnan(vals)):
            out[side] = None
            continue
        i = int(np.nanargmax(vals))
        out[side] = {"n": float(table.n[i]), "eps": float(table.eps[i]), "label_eps": float(table.label_eps[i]),
                     "p": float(vals[i])}
    return out


def cmd_curve(args):
    """P(aligned wins) along a curve, its best point on each side and, with `--target`, the budget needed.

    Parameters
    ----------
    args : argparse.Namespace
        The options of `bounds curve`.

    Returns
    -------
    payload : dict
        The scenario, the cost model and budget, every point, the best points, the budgets
        needed and the plot's file (the JSON output).
    text : str
        What a person reads.

    Examples
    --------
    >>> from bounds.cli import build_parser
    >>> args = build_parser().parse_args(["curve", "--n", "10,100", "--eps", "0.3", "--K", "2", "--d", "1"])
    >>> payload, text = cmd_curve(args)
    >>> [round(p["exact"], 4) for p in payload["points"]]        # P(Bin(n, 0.7) > n/2)
    [0.8497, 1.0]
    """
    plot = plot_file(args.plot)
    targets = _targets(args.target)
    curve, cost, eps, scenario = _build_curve(args)
    training_cost = _training_cost(args, cost)
    table = None if curve is None else curve.win_probability()
    budgets = [] if cost is None else _budgets(cost, eps, targets, scenario, training_cost)
    if plot is not None:
        _write_plot(plot, curve, cost, eps, targets, scenario)
    payload = _payload(args, curve, table, cost, budgets, scenario, plot)
    return payload, "\n".join(_text(payload))


def _payload(args, curve, table, cost, budgets, scenario, plot) -> dict:
    import numpy as np

    points = []
    if table is not None:
        seconds = None if cost is None else np.atleast_1d(cost.seconds_per_label(table.eps))
        for i in range(len(table.n)):
            point = {key: float(getattr(table, key)[i]) for key in ("n", "eps", "label_eps")}
            if seconds is not None:
                point["seconds_per_label"] = float(seconds[i])
            for key in ("hours", "dollars"):          # what the point costs (a cost model's curve)
                if getattr(table, key) is not None:
                    point[key] = float(getattr(table, key)[i])
            points.append({**point, **{side: float(getattr(table, side)[i]) for side in SIDES}})
    cost_json = None if cost is None else {
        "shape": cost.shape, "eps_ref": cost.eps_ref, "seconds_ref": cost.seconds_ref, "beta": cost.beta,
        "raters": cost.raters, "dollars_per_hour": cost.dollars_per_hour, "overhead": cost.overhead}
    budget = None
    if cost is not None and (args.hours is not None or args.dollars is not None):
        budget = {"hours": None if args.hours is None else parse_number(args.hours),
                  "dollars": None if args.dollars is None else parse_number(args.dollars)}
    bits = scenario["bits"] if "bits" in scenario else math.log2(scenario["K"])
    return {"scenario": {**scenario, "bits": bits, "K_text": fmt_K(scenario.get("K", math.inf), bits)},
            "raters": cost.raters if cost is not None else (curve.raters if curve is not None else 1),
            "cost": cost_json, "budget": budget, "points": points,
            "best": None if table is None else _best(table), "targets": budgets, "plot": plot}


def _p(x) -> str:
    return "-" if x is None or math.isnan(x) else f"{x:.6g}"


def _head(payload) -> list:
    sc = payload["scenario"]
    lines = [f"P(aligned policy wins) along a quality–quantity curve ({len(payload['points'])} points)"
             if payload["points"] else "Budget needed for P(aligned policy wins) under a cost model"]
    words = (f"K = {sc['K_text']} candidate policies ({sc['bits']:.4g} bits of intent), d = {fmt_g(sc['d'])}, "
             + (f"alpha = {fmt_g(sc['alpha'])} of the labels adversarial" if sc["alpha"] else "no adversary (alpha = 0)")
             + (f", systematic error: a share s = {fmt_g(sc['s'])} of the queries separating each of "
                f"K_dec = {fmt_g(sc['K_dec'])} deceptive policies too hard, raters right there with probability "
                f"q_hard = {fmt_g(sc['q_hard'])}." if sc["s"] else ", no systematic error (s = 0)."))
    lines += wrap(words)
    c, b, m = payload["cost"], payload["budget"], payload["raters"]
    vote = f"{m} raters per item, their majority vote the label" if m > 1 else "one rater per item"
    if c is None:
        lines += wrap(f"Explicit points; {vote}.")
        return lines
    ref = f" at eps = {fmt_g(c['eps_ref'])}" if c["eps_ref"] is not None else ""
    shape = f"{c['shape']!r} cost: {fmt_g(c['seconds_ref'])} s per label{ref}" + (
        f", beta = {fmt_g(c['beta'])}" if c["shape"] != "constant" else "")
    price = f", ${fmt_g(c['dollars_per_hour'])} per rater hour" if c["dollars_per_hour"] else ""
    over = f", overhead x{fmt_g(c['overhead'])}" if c["overhead"] != 1 else ""
    hours = "" if b is None or b["hours"] is None else f"{fmt_g(b['hours'])} hour{'' if b['hours'] == 1 else 's'}"
    spent = ("" if b is None else f"What {hours} of rater time buy{'s' if b['hours'] == 1 else ''}: " if hours
             else f"What ${fmt_g(b['dollars'])} buys: ")
    lines += wrap(f"{spent}{shape}; {vote}{price}{over}.")
    return lines


def _table_lines(payload) -> list:
    pts = payload["points"]
    priced = payload["cost"] is not None
    head = ["n", "eps", "label eps"] + (["s/label"] if priced else []) + ["lower", "exact", "upper"]
    cells = [[fmt_count(p["n"]), fmt_g(p["eps"]), f"{p['label_eps']:.4g}"]
             + ([f"{p['seconds_per_label']:.3g}"] if priced else []) + [_p(p[s]) for s in SIDES] for p in pts]
    widths = [max(len(c[i]) for c in cells + [head]) for i in range(len(head))]
    top = " " * (sum(widths[:len(head) - 3]) + 2 * (len(head) - 3) + 2) + "P(aligned policy wins)"
    return [top] + ["  " + "  ".join(v.rjust(w) for v, w in zip(row, widths)) for row in [head] + cells]


def _best_lines(payload) -> list:
    """The best point of each side; as printed (6 digits), equal values are said to be equal."""
    lines = ["  Best point on each side:"]
    empty = {"lower": "the sufficient side guarantees nothing", "upper": "the necessary side rules nothing out"}
    for side in ("exact", "lower", "upper"):
        b = payload["best"][side]
        if b is None:
            lines.append(f"    {side}: out of the exact engine's reach at every point")
            continue
        shown = _p(b["p"])
        ties = sum(_p(p[side]) == shown for p in payload["points"])
        if ties == len(payload["points"]) > 1:
            what = f" ({empty[side]} on this curve)" if side in empty and shown in ("0", "1") else ""
            lines.append(f"    {side}: P = {shown} at every point{what}")
            continue
        if ties > 1:  # equal as printed: name the first of them
            b = next(p for p in payload["points"] if _p(p[side]) == shown)
            lines.append(f"    {side}: P = {shown} at {ties} of {len(payload['points'])} points (to 6 digits), the "
                         f"first at n = {fmt_count(b['n'])}, eps = {fmt_g(b['eps'])}")
            continue
        lines.append(f"    {side}: P = {shown} at n = {fmt_count(b['n'])}, eps = {fmt_g(b['eps'])}")
    return lines


def _budget_lines(payload) -> list:
    priced = bool(payload["cost"]["dollars_per_hour"])
    out = []
    for row in payload["targets"]:
        out += ["", f"  Budget needed for P(aligned policy wins) >= {fmt_g(row['target'])}, the cheapest of the "
                    "error rates in --eps:"]
        cells = []
        for side in SIDES:
            a = row[side]
            if a is None:
                cells.append([SIDE_WORDS[side], "no error rate here reaches it with finitely many labels"])
                continue
            taxed = "alignment_tax" in a
            cells.append([SIDE_WORDS[side], fmt_g(a["eps"]), fmt_count(a["items"]), fmt_hours(a["hours"])]
                         + ([f"{a['dollars']:,.2f}"] if priced else [])
                         + ([f"{a['alignment_tax']:.3g}"] if taxed else []))
        taxed = any(row[side] is not None and "alignment_tax" in row[side] for side in SIDES)
        head = ["side", "eps", "items", "hours"] + (["dollars"] if priced else []) + (["tax"] if taxed else [])
        full = [c for c in cells if len(c) == len(head)] + [head]
        widths = [max(len(c[i]) for c in full) for i in range(len(head))]
        for c in [head] + cells:
            if len(c) == len(head):
                out.append("    " + "  ".join([c[0].ljust(widths[0])] + [v.rjust(w) for v, w in zip(c[1:], widths[1:])]))
            else:
                out.append(f"    {c[0].ljust(widths[0])}  {c[1]}")
    return out


def _text(payload) -> list:
    lines = _head(payload)
    if payload["points"]:
        lines += [""] + _table_lines(payload) + [""] + _best_lines(payload)
    if payload["targets"]:
        lines += _budget_lines(payload)
    lines.append("")
    lines += wrap("lower: P(win) the sufficient side guarantees, on every class with separation >= d; exact: the "
                  "generic objective (most agreeing labels wins, ties lose) on the independent-separation class "
                  "('-': out of the exact engine's reach); upper: the necessary side's limit, which no learner "
                  "the bounds cover exceeds.", "  ", "    ")
    if payload["targets"]:
        lines += wrap("Budget needed: on the lower side it surely suffices; below the upper side's, no labels at "
                      "these error rates reach the target.", "  ", "    ")
    if payload["plot"]:
        lines.append(f"  Figure written to {payload['plot']}")
    return lines


def _write_plot(path, curve, cost, eps, targets, scenario) -> None:
    from matplotlib.figure import Figure

    from ..plots import plot_budget_frontier, plot_curve

    frontier = cost is not None and bool(targets)
    panels = int(curve is not None) + int(frontier)
    fig = Figure(figsize=(6.4 * panels, 4.2), layout="constrained")
    axes = list(fig.subplots(1, panels, squeeze=False)[0])
    if curve is not None:
        plot_curve(curve, axes.pop(0))
    if frontier:
        plot_budget_frontier(cost, eps, targets, axes.pop(0), **scenario)
    try:
        fig.savefig(path)
    except OSError as exc:
        raise CLIError(f"--plot: cannot write {quote(path)}: {exc.strerror or exc}") from None
