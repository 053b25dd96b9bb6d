"""One row of `bounds report`: the labels needed at one scenario, and a reason for every value
that is infinite, zero or missing.

The exact engine may be unavailable at a kind of point (`engine_error` finds out with one
cheap evaluation); the row then reports the bounds and says why the exact count is missing.
"""
from __future__ import annotations

import math
import warnings

from ._common import fmt_count, message, no_negative_zero, num

#: The exceptions of the exact engine that leave the rest of a row computable.
ENGINE_ERRORS = (NotImplementedError, OverflowError, FloatingPointError, ZeroDivisionError)

_EXACT_SKIPPED = "skipped: not computed (--no-exact)"


def _inf_reason(scenario, bid: str) -> str:
    """Why the bound `bid` needs infinitely many labels at this scenario (from the bound itself)."""
    from ..core import bound

    name = bid.split(" (")[0]
    try:
        b = bound(name)
    except (KeyError, TypeError):
        return f"inf: {bid} reaches the target at no finite n"
    at = {k: v for k, v in scenario.params.items() if k in b.inputs}
    why = b.no_solution(at) if callable(b.no_solution) else b.no_solution
    return f"inf: {bid} reaches the target at no finite n. {why}".strip()


def engine_error(scenario):
    """The exception the exact engine raises on this scenario's kind of point, or None.

    One cheap evaluation ($n = 1$), so that a report whose exact column cannot be computed
    does not first compute every row's bounds, fail, and compute them again.

    Examples
    --------
    >>> from bounds import Scenario
    >>> engine_error(Scenario(K=2**20, d=0.1, eps=0.1)) is None
    True
    """
    from ..core import bound

    b = bound("race.exact")
    params = {k: v for k, v in scenario.params.items() if k in b.inputs or (k == "bits" and "K" in b.inputs)}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            b.log_evaluate(n=1, **params)
    except ENGINE_ERRORS as exc:
        return exc
    return None


def _unavailable(exc) -> str:
    if isinstance(exc, NotImplementedError):
        return f"not available: {message(exc)}"
    return (f"not available: the exact computation failed here ({type(exc).__name__}: {message(exc)}), which "
            "is a bug in bounds; please report it")


def _labels_needed(scenario, delta, exact, known_error):
    """`scenario.labels_needed`, with the exact search when it can run: (result, exact status, why the
    exact count is missing or None)."""
    # where no margin is left the exact count is inf without the engine; elsewhere a known
    # engine failure skips the exact search (and its reason is reported)
    skip = exact and known_error is not None and scenario.margin > 0
    try:
        r = scenario.labels_needed(delta, exact=exact and not skip)
        status, exact_reason = (str(r.exact_status), None) if not skip else ("not available", _unavailable(known_error))
    except ENGINE_ERRORS as exc:
        if not exact or skip:
            raise
        # the exact engine failed on this row: report the bounds (recomputed without the exact
        # search) and say why the exact count is missing
        r = scenario.labels_needed(delta, exact=False)
        status, exact_reason = "not available", _unavailable(exc)
    return r, status, exact_reason


def _necessary_reasons(scenario, r, nec, ada, suff, reasons) -> None:
    """Add the reasons for an infinite or zero necessary count (passive, adaptive) to `reasons`."""
    if math.isinf(nec) and "necessary (passive)" not in reasons:
        if math.isinf(suff) and str(reasons.get("sufficient", "")).startswith("inf: no finite number"):
            reasons["necessary (passive)"] = (f"inf: {r.necessary_bound} reaches the target at no finite n, for "
                                              "the reason given for sufficient (no margin is left against the "
                                              "weakest unaligned policy)")
        else:
            reasons["necessary (passive)"] = _inf_reason(scenario, str(r.necessary_bound))
    if math.isinf(ada) and "necessary (adaptive)" not in reasons:
        reasons["necessary (adaptive)"] = _inf_reason(scenario, str(r.necessary_adaptive_bound))
    if nec == 0 and not any(k.startswith("necessary") and "adaptive" not in k for k in reasons):
        reasons["necessary (passive)"] = f"0: {r.necessary_bound} is vacuous here (it rules out no number of labels)"
    if ada == 0 and "necessary (adaptive)" not in reasons:
        reasons["necessary (adaptive)"] = (f"0: {r.necessary_adaptive_bound} is vacuous here (it rules out no "
                                           "number of labels)")


def _sufficient_and_exact_reasons(scenario, r, nec, suff, ex, status, reasons) -> None:
    """Add the reasons for the sufficient and exact counts (inf, 0, missing, or contradicting) to `reasons`."""
    if math.isinf(suff) and "sufficient" not in reasons:
        reasons["sufficient"] = _inf_reason(scenario, str(r.sufficient_bound))
    below = [f"{name} = {fmt_count(v)}" for name, v in (("necessary", nec), ("exact", ex))
             if v is not None and suff < v]
    if below:  # a sufficient count is never below what is necessary or exact: say so, never hide it
        reasons["sufficient"] = (f"{fmt_count(suff)} is below {' and '.join(below)}: the bounds contradict "
                                 "each other here, which is a bug in bounds; please report it")
    elif suff == 0 and "sufficient" not in reasons:
        reasons["sufficient"] = "0: the target is met with no label"
    if (ex is None or math.isinf(ex) or ex == 0) and "exact" not in reasons:
        reasons["exact"] = ("0: the aligned policy wins with no label" if ex == 0 else
                            "inf: no finite n reaches the target" if ex is not None else f"missing ({status})")


def _ratio(r, nec, suff, reasons):
    """The factor sufficient / necessary, or None where it is undefined (the reason goes to `reasons`)."""
    if nec > 0 and math.isfinite(nec) and math.isfinite(suff):
        ratio = num(r.ratio)
        if ratio == 0:
            reasons["ratio"] = "0: the sufficient count is 0"
    elif nec > 0 and math.isfinite(nec):
        ratio = math.inf
        reasons["ratio"] = "inf: the sufficient count is inf"
    else:
        ratio = None
        reasons["ratio"] = ("undefined: the necessary count is 0" if nec == 0 else
                            "undefined: the necessary count is inf")
    return ratio


def row(scenario, delta, exact, seconds, known_error=None) -> dict:
    """One row of the report: labels needed at one scenario, with every reason.

    Parameters
    ----------
    scenario : bounds.Scenario
        The scenario (one rater error rate).
    delta : float
        Allowed failure probability.
    exact : bool
        Whether to run the exact search.
    seconds : float
        Rater seconds per label (for the hours).
    known_error : Exception, optional
        What `engine_error` found: the exact search is then skipped where it would run.

    Returns
    -------
    dict
        The counts, their bounds, hours and `reasons` (what the JSON output shows).

    Examples
    --------
    >>> from bounds import Scenario
    >>> r = row(Scenario(K=2**20, d=0.1, eps=0.1), 0.05, exact=False, seconds=4.0)
    >>> r["necessary"], r["sufficient"], r["reasons"]["exact"]
    (74.0, 413.0, 'skipped: not computed (--no-exact)')
    """
    r, status, exact_reason = _labels_needed(scenario, delta, exact, known_error)
    # the report's columns say "necessary (passive)": so do its reasons
    reasons = {("necessary (passive)" if k == "necessary" else k): no_negative_zero(str(v)) for k, v in r.reasons.items()}
    if status == "skipped":
        reasons["exact"] = _EXACT_SKIPPED
    elif exact_reason:
        reasons["exact"] = exact_reason
    nec, ada, suff = num(r.necessary), num(r.necessary_adaptive), num(r.sufficient)
    ex = None if r.exact is None else num(r.exact)
    # every inf, 0 or missing value has its reason, in words
    _necessary_reasons(scenario, r, nec, ada, suff, reasons)
    _sufficient_and_exact_reasons(scenario, r, nec, suff, ex, status, reasons)
    ratio = _ratio(r, nec, suff, reasons)

    def hours(n):
        return None if n is None else (math.inf if math.isinf(n) else n * seconds / 3600.0)

    return {
        "eps": num(scenario.eps),
        "necessary": nec, "necessary_bound": str(r.necessary_bound),
        "necessary_adaptive": ada, "necessary_adaptive_bound": str(r.necessary_adaptive_bound),
        "exact": ex, "exact_status": status, "exact_bound": "race.exact",
        "sufficient": suff, "sufficient_bound": str(r.sufficient_bound),
        "ratio": ratio,
        "hours_necessary": hours(nec), "hours_necessary_adaptive": hours(ada),
        "hours_exact": hours(ex), "hours_sufficient": hours(suff),
        "reasons": reasons,
    }
