"""`bounds agreement`: a rater error rate from an agreement rate, and what follows from it."""
from __future__ import annotations

from ._common import CLIError, fmt_g, wrap
from .numbers import parse_number

#: Panels shown by default: one rater, and majorities of 3, 5 and 7.
PANELS = (1, 3, 5, 7)


def _option(args, name, text, default=None):
    if text is None:
        return default
    try:
        return parse_number(text)
    except ValueError as exc:
        raise CLIError(f"--{name}: {exc}") from None


def _panels(text):
    if text is None:
        return PANELS
    out = []
    for piece in text.split(","):
        m = parse_number(piece.strip())
        if not (m >= 1 and m == int(m)):
            raise CLIError(f"--raters: {piece.strip()!r} is not a whole number of raters >= 1")
        out.append(int(m))
    return tuple(out)


def cmd_agreement(args):
    """The error rate behind an agreement rate, its interval, the ceiling and majority predictions.

    Parameters
    ----------
    args : argparse.Namespace
        The options of `bounds agreement`.

    Returns
    -------
    payload : dict
        The estimate and the predictions (the JSON output).
    text : str
        What a person reads.

    Examples
    --------
    >>> from bounds.cli import build_parser
    >>> payload, text = cmd_agreement(build_parser().parse_args(["agreement", "0.73", "--items", "1000"]))
    >>> round(payload["eps"], 4), text.splitlines()[1]
    (0.1609, '  rater error rate eps = 0.160884, 95% interval [0.141318, 0.18272]')
    """
    from ..raters import agreement_ceiling, error_from_agreement, majority_agreement, majority_error

    a = parse_number(args.agreement)
    items = _option(args, "items", args.items)
    ref = _option(args, "reference-eps", args.reference_eps)
    level = _option(args, "level", args.level, 0.95)
    if items is not None and not (items >= 1 and items == int(items)):
        raise CLIError(f"--items: {args.items!r} must be a whole number of doubly labelled items >= 1")
    est = error_from_agreement(a, None if items is None else int(items), eps_ref=ref, level=level)
    panels = _panels(args.raters)
    compare_to = est.eps if ref is None else ref
    rows = [{"raters": m, "error": float(majority_error(m, est.eps)),
             "agreement_with_one_label": float(majority_agreement(m, est.eps, compare_to))} for m in panels]
    ceiling = float(agreement_ceiling(est.eps))
    payload = {"agreement": a, "items": est.n_items, "eps_ref": ref, "level": level, "eps": est.eps,
               "lower": None if est.n_items is None else est.lower,
               "upper": None if est.n_items is None else est.upper,
               "ceiling": ceiling, "majorities": rows,
               "model": "independent raters, symmetric errors on a binary label: 2a - 1 = (1 - 2 eps)(1 - 2 eps_ref)"}
    return payload, "\n".join(_text(est, ref, ceiling, rows))


def _text(est, ref, ceiling, rows) -> list:
    who = "two raters of equal error" if ref is None else f"a rater and a reference of error {fmt_g(ref)}"
    lines = [f"Agreement {fmt_g(est.agreement)} between {who}"]
    line = f"  rater error rate eps = {est.eps:.6g}"
    if est.n_items is not None:
        line += f", {est.level:.0%} interval [{est.lower:.6g}, {est.upper:.6g}]"
    lines.append(line)
    if est.n_items is not None:
        lines += wrap(f"(Clopper–Pearson interval of the agreement rate from {round(est.agreement * est.n_items)} of "
                      f"{est.n_items} items, mapped to the error rate)", "  ", "  ")
    lines += wrap(f"no predictor agrees with a single label of this error more often than 1 - eps = {ceiling:.6g}",
                  "  ", "  ")
    other = "another rater" if ref is None else "the reference"
    lines.append(f"  majority of m raters:   m    error      agreement with {other}")
    lines += [f"  {'':22}{r['raters']:>3}    {r['error']:<9.4g}  {r['agreement_with_one_label']:.4g}" for r in rows]
    lines += wrap("model: independent raters whose errors do not depend on the label (symmetric, binary):",
                  "  ", "  ")
    lines.append("    2a - 1 = (1 - 2 eps)(1 - 2 eps_ref)")
    return lines
