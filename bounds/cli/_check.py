"""`bounds check FILE.csv`: a learning curve's points against the noise ceiling and the information limit.

The file's columns are those of `bounds.evidence_io` (`n`, `accuracy`, optional `test_size`,
`unit`, `hours`, `seconds_per_label`, `label`); the setting comes from the options
(`--eps` or `--agreement`, `--eps-eval`, `--bits`, `--level`). What is computed is
`bounds.check`; rows with stated hours and seconds per label are also checked with
`bounds.claims.check_hours`. The exit code is 0 whether or not points are flagged (the
output, and the JSON's `consistent`, say so); 2 for a bad file or option.
"""
from __future__ import annotations

import math

from ..errors import ParameterValueError
from ._common import CLIError, fmt_g, wrap
from ._curve import plot_file
from .numbers import parse_number

#: The option behind each parameter `bounds.check` may refuse.
OPTION_OF = {"eps": "--eps", "agreement": "--agreement", "n_items": "--agreement-items",
             "eps_eval": "--eps-eval", "bits": "--bits", "level": "--level"}


def _opt(args, name):
    text = getattr(args, name.replace("-", "_"))
    if text is None:
        return None
    try:
        return parse_number(text)
    except ValueError as exc:
        raise CLIError(f"--{name}: {exc}") from None


def _options(args) -> dict:
    out = {k: _opt(args, k.replace("_", "-")) for k in ("eps", "agreement", "agreement_items", "eps_eval", "bits",
                                                         "level")}
    if out["agreement_items"] is not None and not (out["agreement_items"] >= 1
                                                   and out["agreement_items"] == int(out["agreement_items"])):
        raise CLIError(f"--agreement-items={args.agreement_items!r} must be a whole number of doubly labelled items >= 1")
    if out["bits"] is not None and not (math.isfinite(out["bits"]) and out["bits"] > 0):
        raise CLIError(f"--bits={args.bits!r} must be a number > 0 (log2 of the class size)")
    if out["level"] is None:
        out["level"] = 0.99
    return out


def cmd_check(args):
    """Read the file, check its points, write the plot.

    Parameters
    ----------
    args : argparse.Namespace
        The options of `bounds check`.

    Returns
    -------
    payload : dict
        The report (`bounds.evidence.CheckReport.to_dict`), the hours checks and the plot's file.
    text : str
        What a person reads.
    """
    from ..claims import check_hours
    from ..evidence import check
    from ..evidence_io import read_points

    opts = _options(args)
    plot = plot_file(args.plot)
    try:
        pts = read_points(args.file)
    except ParameterValueError as exc:
        raise CLIError(f"{args.file}: {exc}" if not str(exc).startswith(str(args.file)) else str(exc)) from None
    try:
        report = check(pts.n, pts.accuracy, eps=opts["eps"], agreement=opts["agreement"],
                       agreement_items=None if opts["agreement_items"] is None else int(opts["agreement_items"]),
                       eps_eval=opts["eps_eval"], test_size=pts.test_size, bits=opts["bits"], level=opts["level"])
    except ParameterValueError as exc:
        opt = OPTION_OF.get(exc.parameter or "", "")
        raise CLIError(f"{opt}: {exc}" if opt else str(exc)) from None
    hours = []
    if pts.hours is not None and pts.seconds is not None:
        for i, (h, sec) in enumerate(zip(pts.hours, pts.seconds)):
            if math.isfinite(h) and sec is not None and pts.n[i] >= 1:
                c = check_hours(h, pts.n[i], sec)
                hours.append({"row": pts.rows[i], "hours": h, "queries": pts.n[i], "seconds": list(c.seconds),
                              "implied_seconds": c.implied_seconds, "expected_hours": list(c.expected_hours),
                              "status": c.status})
    if plot is not None:
        _write_plot(plot, report)
    payload = {**report.to_dict(), "file": str(args.file), "labels": list(pts.labels), "rows": list(pts.rows),
               "hours": hours, "plot": plot}
    return payload, "\n".join(_text(report, pts, hours, plot))


def _text(report, pts, hours, plot) -> list:
    lines = repr(report).splitlines()
    for i, reason in enumerate(report.reasons):
        if reason:
            name = pts.labels[i] or f"row {pts.rows[i]}"
            lines += wrap(f"{name} (n = {report.n[i]:g}): {reason}", "  ", "    ")
    for h in hours:
        lines += wrap(f"row {h['row']}: {fmt_g(h['hours'])} h for {h['queries']:g} queries = "
                      f"{h['implied_seconds']:.3g} s per query, against {fmt_g(h['seconds'][0])}-"
                      f"{fmt_g(h['seconds'][1])} s: {h['status']}", "  ", "    ")
    verdict = ("consistent with the limits" if report.consistent
               else "NOT consistent with the limits: see the flagged points above")
    lines.append(f"  The curve is {verdict}.")
    if report.bits is None:
        lines += wrap("(no --bits: only the noise ceiling was checked; --bits B adds the information limit of a class "
                      "of 2^B labelings)", "  ", "  ")
    if plot:
        lines.append(f"  Figure written to {plot}")
    return lines


def _write_plot(path, report) -> None:
    from matplotlib.figure import Figure

    from ..evidence_plots import plot_check

    fig = Figure(figsize=(6.4, 4.2))
    plot_check(report, fig.subplots())
    fig.tight_layout()
    fig.savefig(path)
