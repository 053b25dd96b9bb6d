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
import math
import os
import re
import sys
import textwrap
import time
import warnings
from .errors import BoundsError, ParameterTypeError, ParameterValueError

__all__ = ["main", "parse_number", "build_parser"]

#: Output lines are kept within this many columns.
WIDTH = 100

#: A progress bar appears only after this many seconds (and only on a terminal).
PROGRESS_DELAY = 1.0

#: Longest number text accepted (longer input is refused, not parsed).
MAX_NUMBER_CHARS = 100_000

#: Options of `report` that take a value: a value with a leading minus sign is joined to
#: its option (`--d -0.5` is read as `--d=-0.5`) so that it reaches the number parser.
_VALUE_OPTIONS = ("--K", "--bits", "--d", "--eps", "--alpha", "--delta", "--s", "--q-hard", "--K-dec",
                  "--seconds-per-label", "--for", "--direction")
_NEGATIVE = re.compile(r"^-\s*[0-9.]|^-\s*(inf|nan)", re.IGNORECASE)


class CLIError(BoundsError):
    """An error reported on stderr as one line with exit code 2."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors become one line on stderr (through `main`)."""

    def error(self, message):
        raise CLIError(f"{message} (see '{self.prog} --help')")


# ---------------------------------------------------------------------------- text helpers
def _show(text, limit: int = 40) -> str:
    r"""A user-supplied string for a message: quoted, escaped like `repr`, shortened.

    Parameters
    ----------
    text : str
        What the user typed.
    limit : int
        Longest result before shortening.

    Returns
    -------
    str
        One line, at most about `limit` characters.

    Examples
    --------
    >>> _show("a\nb")
    "'a\\nb'"
    >>> _show("1" * 5000)
    "'11111111111111111111111111111'... (5000 characters)"
    """
    r = repr(str(text))
    if len(r) <= limit:
        return r
    return f"{r[:limit - 10]}'... ({len(text)} characters)"


_NEG_ZERO = re.compile(r"(?<![\w.])-0(?:\.0*)?(?![\d.eE])")


def _no_negative_zero(text: str) -> str:
    """`-0` or `-0.0` written out by a library message becomes `0`.

    Examples
    --------
    >>> _no_negative_zero("margin -0 <= 0, x = -0.0, y = -0.5, z = 1e-05")
    'margin 0 <= 0, x = 0, y = -0.5, z = 1e-05'
    """
    return _NEG_ZERO.sub("0", text)


def _one_line(msg: str, limit: int = 800) -> str:
    """Escape every non-printable character (newlines included) and cap the length."""
    out = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(msg))
    return out if len(out) <= limit else out[: limit - 30] + f" ... ({len(out)} characters)"


def _wrap(text: str, indent: str = "  ", subsequent: str | None = None) -> list:
    return textwrap.wrap(text, width=WIDTH, initial_indent=indent,
                         subsequent_indent=indent if subsequent is None else subsequent,
                         break_long_words=True, break_on_hyphens=False) or [indent.rstrip()]


def _short_covers(text: str) -> str:
    r"""The first clause of a `Bound.covers` text: up to the first `:` or `;` outside parentheses.

    Parameters
    ----------
    text : str
        The full statement of whom a bound covers.

    Returns
    -------
    str
        Its leading clause (the whole text if it has one clause).

    Examples
    --------
    >>> _short_covers("every learner with passive queries, on the exchangeable class: every pair ...")
    'every learner with passive queries, on the exchangeable class'
    >>> _short_covers("a class (K = 2; d <= 2/3); adaptive learners: set d = 1")
    'a class (K = 2; d <= 2/3)'
    """
    depth = 0
    for i, c in enumerate(text):
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(depth - 1, 0)
        elif c in ":;" and depth == 0:
            return text[:i].rstrip()
    return text.strip()


def _num(x) -> float:
    """A float without a negative zero."""
    return float(x) + 0.0


def _fmt_count(x, missing: str = "-") -> str:
    r"""A number of labels for a table: thousands separated below $10^9$, 3 digits beyond.

    Examples
    --------
    >>> _fmt_count(1059.0), _fmt_count(3.0e12), _fmt_count(float("inf")), _fmt_count(None)
    ('1,059', '3e+12', 'inf', '-')
    """
    if x is None:
        return missing
    x = _num(x)
    if math.isnan(x):
        return missing
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if abs(x) < 1e9:
        return f"{round(x):,}" if x == round(x) else f"{x:,.1f}"
    return f"{x:.3g}"


def _fmt_hours(h) -> str:
    r"""Hours for a table: 2 significant digits below 1, one decimal below 10, whole hours up to $10^6$, then 3 digits.

    Examples
    --------
    >>> _fmt_hours(0.0211), _fmt_hours(6.03), _fmt_hours(1234.5), _fmt_hours(0.0), _fmt_hours(None)
    ('0.021', '6.0', '1,234', '0', '-')
    """
    if h is None:
        return "-"
    h = _num(h)
    if math.isinf(h):
        return "inf"
    if h == 0:
        return "0"
    if h < 1:
        return f"{h:.2g}"
    if h < 10:
        return f"{h:.1f}"
    if h < 1e6:
        return f"{h:,.0f}"
    return f"{h:.3g}"


def _fmt_g(x) -> str:
    """A parameter value: up to 6 significant digits, never -0."""
    return f"{_num(x):.6g}"


def _fmt_K(K: float, bits: float) -> str:
    r"""The number of candidate policies: digits while short, a power of two beyond.

    Examples
    --------
    >>> _fmt_K(2.0**20, 20.0), _fmt_K(1000.0, math.log2(1000)), _fmt_K(math.inf, 2000.0)
    ('2^20 = 1,048,576', '1,000', '2^2000')
    >>> _fmt_K(2.0**40, 40.0)
    '2^40 (about 1.1e+12)'
    """
    whole_bits = abs(bits - round(bits)) < 1e-9
    if math.isfinite(K) and K < 1e9 and not whole_bits:
        return f"{round(K):,}"
    if whole_bits and bits < 1e15:
        p = f"2^{round(bits)}"
        if bits < 10:
            return f"{round(K):,}"
        if K < 1e9:
            return f"{p} = {round(K):,}"
        return f"{p} (about {K:.2g})" if math.isfinite(K) else p
    return f"2^{bits:.6g}"


# ---------------------------------------------------------------------------- numbers
class _TooLarge(ParameterValueError):
    """A number beyond the largest float; `bits` is its base-2 logarithm."""

    def __init__(self, text, bits):
        super().__init__(f"{_show(text)} is too large for a float (about 2^{bits:.6g})")
        self.bits = bits


def _decimal(piece: str, text: str, *, signed: bool):
    from decimal import Decimal, InvalidOperation

    p = piece.strip()
    if not signed and p[:1] in ("+", "-"):
        raise ParameterValueError(f"{_show(text)} is not a number (a sign goes in front of the power: -2**2 is -(2**2))")
    if not p:
        raise ParameterValueError(f"{_show(text)} is not a number (use e.g. 0.1, 1e-6 or 2**20)")
    try:
        x = Decimal(p)
    except (InvalidOperation, ValueError):
        x = None
    if x is None or x.is_snan():
        raise ParameterValueError(f"{_show(text)} is not a number (use e.g. 0.1, 1e-6 or 2**20)")
    return x


def _log2_decimal(x) -> float:
    """log2 of a positive, finite Decimal of any size."""
    return float(x.log10()) * math.log2(10.0)


def _parse(text: str):
    """(value, bits): the number as a float and, when it overflows a float, its log2."""
    if not isinstance(text, str):
        raise ParameterTypeError(f"expected a string, got {type(text).__name__}")
    if len(text) > MAX_NUMBER_CHARS:
        raise ParameterValueError(f"{_show(text)} is too long to be read as a number (at most {MAX_NUMBER_CHARS:,} characters)")
    s = text.strip()
    negative = s[:1] == "-"
    if s[:1] in "+-":
        s = s[1:]
    parts = re.split(r"\*\*|\^", s)
    if len(parts) > 2:
        raise ParameterValueError(f"{_show(text)} is not a number (at most one power: a**b)")
    base = _decimal(parts[0], text, signed=False)
    if len(parts) == 1:
        value, bits = float(base), None
        if math.isinf(value) and base.is_finite():
            bits = _log2_decimal(base)
        elif value == 0 and base.is_finite() and base != 0:
            raise ParameterValueError(f"{_show(text)} is smaller than the smallest float")
    else:
        exp = _decimal(parts[1], text, signed=True)
        value, bits = _power(base, exp, text)
    if negative:
        value, bits = -value, None
    return _num(value), bits


def _power(base, exp, text):
    """base ** exp for Decimals with base >= 0: (float value, log2 if it overflows)."""
    if base.is_nan() or exp.is_nan():
        return math.nan, None
    if base == 0:
        if exp < 0:
            raise ParameterValueError(f"{_show(text)} is not a number: 0 to a negative power is undefined (division by zero)")
        return (1.0 if exp == 0 else 0.0), None
    if exp == 0 or base == 1:
        return 1.0, None
    if base.is_infinite():
        return (math.inf if exp > 0 else 0.0), None
    lg = float(exp) * _log2_decimal(base)  # log2 of the result
    if math.isnan(lg):
        return math.nan, None
    if lg >= 1024:
        return math.inf, lg
    if lg < -1074:
        raise ParameterValueError(f"{_show(text)} is smaller than the smallest float (about 2^{lg:.6g})")
    from decimal import Overflow, localcontext

    with localcontext() as ctx:  # the result is within the float range: 40 digits, then rounded once
        ctx.prec = 40
        try:
            value = float(base**exp)
        except Overflow:  # pragma: no cover - lg < 1024 above
            return math.inf, lg
    return value, (lg if math.isinf(value) else None)


def parse_number(text: str) -> float:
    r"""Read a number given on the command line. Never uses `eval`.

    Accepted: decimals (`0.1`, `1e-300`, `nan`, `inf`) and one power `a**b` or `a^b`;
    a leading sign applies to the whole power, as in Python (`-2**2` is $-4$), and the
    exponent may carry its own sign (`2**-3`).

    Parameters
    ----------
    text : str
        The text, e.g. `"0.1"`, `"1e-300"`, `"2**20"`.

    Returns
    -------
    float
        The number (`-0` is read as `0.0`).

    Raises
    ------
    ValueError
        If the text is not a number, is `0` to a negative power, or is too large or too
        small for a float (`2**2000`: give `K` as `bits = 2000` instead); the message
        quotes the text, escaped and shortened.

    Examples
    --------
    >>> parse_number("2^20"), parse_number("-2**2"), parse_number("-0.5**2"), parse_number("2**-3")
    (1048576.0, -4.0, -0.25, 0.125)
    >>> parse_number("0**-1")
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: '0**-1' is not a number: 0 to a negative power is undefined (division by zero)
    """
    value, bits = _parse(text)
    if bits is not None:
        raise _TooLarge(text, bits)
    return value


# ---------------------------------------------------------------------------- parameters
def _domain(name):
    from .vocabulary import PARAMETERS

    p = PARAMETERS.get(name)
    return f"; {name} is in {p.domain}" if p is not None else ""


def _parse_values(name: str, value: str, *, huge_ok: bool = False, label: str | None = None):
    """A comma-separated list of numbers for parameter `name`: (floats, bits or None per value).

    `label` names the parameter in messages (an option such as `--K`; default `name`)."""
    label = label or name
    vals, bits = [], []
    for piece in value.split(","):
        try:
            v, b = _parse(piece)
        except ValueError as exc:
            raise CLIError(f"{label}: {exc}{_domain(name)}") from None
        if b is not None and not huge_ok:
            raise CLIError(f"{label}={_show(piece)} is too large for a float (about 2^{b:.6g}){_domain(name)}")
        vals.append(v)
        bits.append(b)
    return vals, bits


def _parse_assignments(items) -> dict:
    """`name=value` pairs into keyword arguments; a `K` beyond the largest float becomes `bits`."""
    import numpy as np

    out = {}
    for item in items:
        if "=" not in item:
            raise CLIError(f"expected name=value, got {_show(item)}")
        name, _, value = item.partition("=")
        name = name.strip(" ")
        if not name:
            raise CLIError(f"expected name=value, got {_show(item)} (no name)")
        key = "bits" if name == "K" else name
        if name in out or key in out:
            raise CLIError(f"parameter {_show(name)} given twice")
        vals, bits = _parse_values(name, value, huge_ok=(name == "K"))
        if name == "K" and any(b is not None for b in bits):
            # K beyond the largest float: pass bits = log2 K (exact for powers of two)
            if any(v < 2 for v in vals):
                raise CLIError(f"K={_show(value)} has a value outside its domain [2, inf)")
            vals = [b if b is not None else math.log2(v) for v, b in zip(vals, bits)]
            name = "bits"
        out[name] = vals[0] if len(vals) == 1 else np.array(vals)
    return out


def _jsonable(x):
    """Plain JSON: inf as "inf", nan as null, numpy types as Python ones, no -0.0."""
    import numpy as np

    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, np.ma.MaskedArray):
        return [None if m else _jsonable(v) for v, m in zip(x.data.tolist(), np.ma.getmaskarray(x).tolist())]
    if isinstance(x, np.ndarray):
        return [_jsonable(v) for v in x.tolist()]
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (float, np.floating)):
        x = _num(x)
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        if math.isnan(x):
            return None
        return x
    if isinstance(x, np.generic):
        return _jsonable(x.item())
    return x


def _fmt_val(v) -> str:
    import numpy as np

    if np.ndim(v) == 0:
        return repr(_num(v))
    return "[" + ", ".join(repr(_num(x)) for x in np.ravel(v)) + "]"


# ---------------------------------------------------------------------------- report
def _report_value(args, name, default):
    text = getattr(args, name)
    if text is None:
        return default
    opt = "--" + name.replace("_", "-")
    vals, bits = _parse_values(name, text, huge_ok=(name == "K"), label=opt)
    if len(vals) != 1:
        raise CLIError(f"{opt} takes one number, got {_show(text)} (only --eps takes a list)")
    if name == "K" and bits[0] is not None:
        return ("bits", bits[0])
    from .vocabulary import PARAMETERS

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
        raise CLIError(f"--seconds-per-label={_show(text)} is outside its domain (0, inf) "
                       "(rater seconds per label)")
    return v


class _Progress:
    """A progress bar on stderr for a loop of slow steps, shown only once `delay` seconds have passed.

    A background thread creates the bar after the delay and refreshes it twice a second, so
    that the elapsed time keeps moving even while one long step runs (tqdm alone draws only
    when a step ends). Quick runs never show anything; the bar is erased when done.
    """

    def __init__(self, total: int, desc: str, delay: float):
        import threading

        self.total, self.desc, self.done = total, desc, 0
        self.bar = None
        self._start = time.time()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = None
        if delay <= 0:
            self._show()
        else:
            self._thread = threading.Thread(target=self._tick, args=(delay,), daemon=True)
            self._thread.start()

    def _show(self):
        from tqdm import tqdm

        with self._lock:
            if self.bar is None and not self._stop.is_set():
                self.bar = tqdm(total=self.total, initial=self.done, desc=self.desc, file=sys.stderr, leave=False,
                                unit="row", dynamic_ncols=True)
                self.bar.start_t = self._start  # elapsed time since the run began
                self.bar.refresh()

    def _tick(self, delay):
        if self._stop.wait(delay):
            return
        self._show()
        while not self._stop.wait(0.5):
            with self._lock:
                if self.bar is not None:
                    self.bar.refresh()

    def advance(self):
        with self._lock:
            self.done += 1
            if self.bar is not None:
                self.bar.update(1)

    def close(self):
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            if self.bar is not None:
                self.bar.close()
                self.bar = None


def _progress(items, *, enabled: bool, desc: str):
    """Iterate `items`; on a terminal a progress bar appears after `PROGRESS_DELAY` seconds."""
    if not enabled:
        yield from items
        return
    items = list(items)
    bar = _Progress(len(items), desc, PROGRESS_DELAY)
    try:
        for item in items:
            yield item
            bar.advance()
    finally:
        bar.close()


def _interactive(args) -> bool:
    """A progress bar is shown only to a person: both streams on a terminal, text output."""
    if getattr(args, "json", False):
        return False
    try:
        return sys.stdout.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


_EXACT_SKIPPED = "skipped: not computed (--no-exact)"


def _inf_reason(scenario, bid: str) -> str:
    """Why the bound `bid` needs infinitely many labels at this scenario (from the bound itself)."""
    from .core import bound

    name = bid.split(" (")[0]
    try:
        b = bound(name)
    except (KeyError, TypeError):
        return f"inf: {bid} reaches the target at no finite n"
    at = {k: v for k, v in scenario.params.items() if k in b.inputs}
    why = b.no_solution(at) if callable(b.no_solution) else b.no_solution
    return f"inf: {bid} reaches the target at no finite n. {why}".strip()


_ENGINE_ERRORS = (NotImplementedError, OverflowError, FloatingPointError, ZeroDivisionError)


def _engine_error(scenario):
    """The exception the exact engine raises on this scenario's kind of point, or None.

    One cheap evaluation ($n = 1$), so that a report whose exact column cannot be computed
    does not first compute every row's bounds, fail, and compute them again."""
    from .core import bound

    b = bound("race.exact")
    params = {k: v for k, v in scenario.params.items() if k in b.inputs or (k == "bits" and "K" in b.inputs)}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            b.log_evaluate(n=1, **params)
    except _ENGINE_ERRORS as exc:
        return exc
    return None


def _unavailable(exc) -> str:
    if isinstance(exc, NotImplementedError):
        return f"not available: {_message(exc)}"
    return (f"not available: the exact computation failed here ({type(exc).__name__}: {_message(exc)}), which "
            "is a bug in bounds; please report it")


def _row(scenario, delta, exact, seconds, engine_error=None):
    """One row of the report: labels needed at one scenario, with every reason."""
    # where no margin is left the exact count is inf without the engine; elsewhere a known
    # engine failure skips the exact search (and its reason is reported)
    skip = exact and engine_error is not None and scenario.margin > 0
    try:
        r = scenario.labels_needed(delta, exact=exact and not skip)
        status, exact_reason = (str(r.exact_status), None) if not skip else ("not available", _unavailable(engine_error))
    except _ENGINE_ERRORS as exc:
        if not exact or skip:
            raise
        # the exact engine failed on this row: report the bounds (recomputed without the exact
        # search) and say why the exact count is missing
        r = scenario.labels_needed(delta, exact=False)
        status, exact_reason = "not available", _unavailable(exc)
    # the report's columns say "necessary (passive)": so do its reasons
    reasons = {("necessary (passive)" if k == "necessary" else k): _no_negative_zero(str(v)) for k, v in r.reasons.items()}
    if status == "skipped":
        reasons["exact"] = _EXACT_SKIPPED
    elif exact_reason:
        reasons["exact"] = exact_reason
    nec, ada, suff = _num(r.necessary), _num(r.necessary_adaptive), _num(r.sufficient)
    ex = None if r.exact is None else _num(r.exact)
    # every inf, 0 or missing value has its reason, in words
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
    if math.isinf(suff) and "sufficient" not in reasons:
        reasons["sufficient"] = _inf_reason(scenario, str(r.sufficient_bound))
    below = [f"{name} = {_fmt_count(v)}" for name, v in (("necessary", nec), ("exact", ex))
             if v is not None and suff < v]
    if below:  # a sufficient count is never below what is necessary or exact: say so, never hide it
        reasons["sufficient"] = (f"{_fmt_count(suff)} is below {' and '.join(below)}: the bounds contradict "
                                 "each other here, which is a bug in bounds; please report it")
    elif suff == 0 and "sufficient" not in reasons:
        reasons["sufficient"] = "0: the target is met with no label"
    if (ex is None or math.isinf(ex) or ex == 0) and "exact" not in reasons:
        reasons["exact"] = ("0: the aligned policy wins with no label" if ex == 0 else
                            "inf: no finite n reaches the target" if ex is not None else f"missing ({status})")
    if nec > 0 and math.isfinite(nec) and math.isfinite(suff):
        ratio = _num(r.ratio)
        if ratio == 0:
            reasons["ratio"] = "0: the sufficient count is 0"
    elif nec > 0 and math.isfinite(nec):
        ratio = math.inf
        reasons["ratio"] = "inf: the sufficient count is inf"
    else:
        ratio = None
        reasons["ratio"] = ("undefined: the necessary count is 0" if nec == 0 else
                            "undefined: the necessary count is inf")

    def hours(n):
        return None if n is None else (math.inf if math.isinf(n) else n * seconds / 3600.0)

    return {
        "eps": _num(scenario.eps),
        "necessary": nec, "necessary_bound": str(r.necessary_bound),
        "necessary_adaptive": ada, "necessary_adaptive_bound": str(r.necessary_adaptive_bound),
        "exact": ex, "exact_status": status, "exact_bound": "race.exact",
        "sufficient": suff, "sufficient_bound": str(r.sufficient_bound),
        "ratio": ratio,
        "hours_necessary": hours(nec), "hours_necessary_adaptive": hours(ada),
        "hours_exact": hours(ex), "hours_sufficient": hours(suff),
        "reasons": reasons,
    }


def cmd_report(args):
    """Labels needed and hours of human feedback for a scenario across rater error rates."""
    from .data import DEFAULT_REPORT, SECONDS_PER_LABEL

    if args.K is not None and args.bits is not None:
        raise CLIError("give --K or --bits (= log2 K), not both")
    K = _report_value(args, "K", DEFAULT_REPORT["K"])
    bits = _report_value(args, "bits", None)
    if isinstance(K, tuple):  # beyond the largest float
        bits, K = K[1], None
    elif bits is not None:
        K = None
    d = _report_value(args, "d", DEFAULT_REPORT["d"])
    alpha = _report_value(args, "alpha", DEFAULT_REPORT["alpha"])
    delta = _report_value(args, "delta", DEFAULT_REPORT["delta"])
    s = _report_value(args, "s", DEFAULT_REPORT["s"])
    q_hard = _report_value(args, "q_hard", DEFAULT_REPORT["q_hard"])
    K_dec = _report_value(args, "K_dec", DEFAULT_REPORT["K_dec"])
    if args.eps is None:
        eps_list = list(DEFAULT_REPORT["eps"])
    else:
        eps_list, _ = _parse_values("eps", args.eps, label="--eps")
        from .vocabulary import PARAMETERS

        for e in eps_list:
            try:
                PARAMETERS["eps"].validate(e)
            except ValueError as exc:
                raise CLIError(f"--eps: {exc}") from None
    seconds = _seconds_per_label(args, SECONDS_PER_LABEL.value)

    from .scenario import Scenario

    base = dict(d=d, alpha=alpha, s=s, q_hard=q_hard, K_dec=K_dec)
    base.update({"K": K} if K is not None else {"bits": bits})
    scenarios = [Scenario(eps=e, **base) for e in eps_list]  # validates every row before any work
    engine_error = None if args.no_exact else _engine_error(scenarios[0])
    rows = [_row(sc, delta, not args.no_exact, seconds, engine_error)
            for sc in _progress(scenarios, enabled=_interactive(args), desc="bounds report")]
    sc0 = scenarios[0]
    from .core import bound

    named = sorted({r[k].split(" (")[0] for r in rows for k in ("necessary_bound", "necessary_adaptive_bound",
                                                                  "sufficient_bound", "exact_bound")} - {"none"})
    covers = {}
    for bid in named:
        try:
            covers[bid] = bound(bid).covers
        except KeyError:  # pragma: no cover - a name the scenario made up
            pass
    payload = {
        "scenario": {"K": sc0.K if math.isfinite(sc0.K) else None, "K_text": _fmt_K(sc0.K, sc0.bits),
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
    return ", ".join(_fmt_g(v) for v in values)


def _report_text(sc, delta, seconds, default_seconds, rows, covers) -> str:
    from .data import SECONDS_PER_LABEL

    lines = [f"Labels needed for P(aligned policy wins) >= {_fmt_g(1 - delta)} (delta = {_fmt_g(delta)})"]
    head = (f"K = {_fmt_K(sc.K, sc.bits)} candidate policies, one of them aligned ({sc.bits:.4g} bits of intent); "
            f"a query separates the aligned policy from a given unaligned one with probability d = {_fmt_g(sc.d)}; ")
    head += (f"a fraction alpha = {_fmt_g(sc.alpha)} of the labels is written by an adversary against the aligned "
             "policy; " if sc.alpha else "no adversary (alpha = 0); ")
    if sc.s:
        head += (f"systematic error: on a share s = {_fmt_g(sc.s)} of the queries separating each of "
                 f"K_dec = {_fmt_g(sc.K_dec)} deceptive policies, raters are right with probability "
                 f"q_hard = {_fmt_g(sc.q_hard)}.")
    else:
        head += "no systematic error (s = 0)."
    lines += _wrap(head)
    lines += _wrap(f"Hours of human feedback at {_fmt_g(seconds)} s per label"
                   + (f" — {SECONDS_PER_LABEL.source}: {SECONDS_PER_LABEL.note}" if default_seconds else "."))
    lines.append("")
    show_ada = any(r["necessary_adaptive"] != r["necessary"] for r in rows)
    cells = []
    for r in rows:
        ex = _fmt_count(r["exact"]) if r["exact"] is not None else r["exact_status"]
        ratio = "-" if r["ratio"] is None else ("inf" if math.isinf(r["ratio"]) else f"{r['ratio']:.2f}")
        hours = " / ".join(_fmt_hours(r[k]) for k in ("hours_necessary", "hours_exact", "hours_sufficient"))
        cells.append([_fmt_g(r["eps"]), _fmt_count(r["necessary"])]
                     + ([_fmt_count(r["necessary_adaptive"])] if show_ada else [])
                     + [ex, _fmt_count(r["sufficient"]), ratio, hours])
    if show_ada:
        head1 = ["", "necessary", "necessary", "", "", "", "hours of feedback"]
        head2 = ["eps", "(passive)", "(adaptive)", "exact", "sufficient", "suff/nec", "nec / exact / suff"]
    else:
        head1 = ["", "necessary", "", "", "", "hours of feedback"]
        head2 = ["eps", "(any)", "exact", "sufficient", "suff/nec", "nec / exact / suff"]
    widths = [max(len(c[i]) for c in cells + [head1, head2]) for i in range(len(head2))]
    for row in [head1, head2] + cells:
        lines.append("  " + "  ".join(v.rjust(w) for v, w in zip(row, widths)).rstrip())
    lines.append("")
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
        return f"eps = {_fmt_g(eps[0])} to {_fmt_g(eps[-1])}"
    return f"eps = {_eps_list(eps)}"


def _report_notes(rows, covers, delta, show_ada) -> list:
    target = f"P(win) >= {_fmt_g(1 - delta)}"
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
            parts.append(f"{bid}{at}" + (f": {_short_covers(cov)}" if cov and with_covers else ""))
        return "; ".join(parts)

    def note(text):
        return _wrap(text, "  ", "    ")

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
            out += _wrap(f"{_eps_where(eps, all_eps)}: {key}: {why}", "    ", "      ")
    return out


# ---------------------------------------------------------------------------- list / show
def _op(b) -> str:
    return "=" if b.relation_op == "==" else b.relation_op


def _get_bound(bid):
    from .core import bound

    try:
        return bound(bid)
    except KeyError as exc:
        raise CLIError(str(exc.args[0]).replace("bounds.catalog() lists them all", "'bounds list' shows the catalogue")) from None


def cmd_list(args):
    """Every bound: id, title, relation, direction and whom it covers."""
    from .core import catalog

    bs = catalog(args.direction)
    payload = [{"id": b.id, "title": b.title, "direction": b.direction, "covers": b.covers,
                "symbols": list(b.symbols), "relation": f"{b.subject} {b.relation_op} f({', '.join(b.inputs)})",
                "citation": b.citation} for b in bs]
    width = max((len(b.id) for b in bs), default=10)
    pad = " " * (width + 2)
    lines = []
    for b in bs:
        lines += _wrap(b.title, f"{b.id:<{width}}  ", pad + "  ")
        lines.append(f"{pad}{b.subject} {_op(b)} f({', '.join(b.inputs)})")
        lines += _wrap(f"{b.direction} — {_short_covers(b.covers) or 'whom it covers is not stated'}", pad, pad + "  ")
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
    lines += _wrap(rel, "  ", "      ")
    lines += _wrap(f"{b.direction} — covers {b.covers or '(not stated)'}", "  ", "    ")
    lines += _wrap(f"symbols: {', '.join(b.symbols)}", "  ", "    ")
    if b.description:
        lines += _wrap(b.description, "  ", "    ")
    for a in b.assumptions:
        lines += _wrap(f"assumes: {a}", "  ", "    ")
    if b.conditions:
        lines += _wrap(f"conditions: {b.conditions}", "  ", "    ")
    lines += _wrap(f"source: {b.citation}", "  ", "    ")
    lines += _wrap(f"derivation: {b.derivation}", "  ", "    ")
    return payload, "\n".join(lines)


# ---------------------------------------------------------------------------- eval / solve
def _covers_line(b) -> list:
    return _wrap(f"{b.direction} — covers {_short_covers(b.covers) or '(not stated)'}", "  ", "  ")


def cmd_eval(args):
    """Evaluate a bound at the given parameters."""
    b = _get_bound(args.id)
    params = _parse_assignments(args.params)
    val = b(**params)
    payload = {"id": b.id, "subject": b.subject, "relation": b.relation_op, "direction": b.direction,
               "covers": b.covers, "params": params, "value": val}
    text = [f"{b.id}: {b.subject} {b.relation_op} {_fmt_val(val)}"] + _covers_line(b)
    return payload, "\n".join(text)


def cmd_solve(args):
    """Solve a bound for one of its symbols."""
    b = _get_bound(args.id)
    params = _parse_assignments(args.params)
    val = b.solve(args.target, **params)
    payload = {"id": b.id, "solve_for": args.target, "direction": b.direction, "covers": b.covers,
               "params": params, "value": val}
    text = [f"{b.id}: {args.target} = {_fmt_val(val)}"] + _covers_line(b)
    return payload, "\n".join(text)


def cmd_derivations(args):
    """Check or list the derivations (prints its own output)."""
    from .proof.cli import cli

    return int(cli(args) or 0)


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
    r.add_argument("--K", metavar="K", help="number of candidate policies, one aligned (default 2**20)")
    r.add_argument("--bits", metavar="BITS", help="log2 K instead of --K (for K beyond 2**1023)")
    r.add_argument("--d", metavar="D", help="probability that a query separates the aligned policy from a "
                                            "given unaligned one (default 0.1)")
    r.add_argument("--eps", metavar="EPS,...", help="comma-separated rater error rates (default 0,0.05,...,0.45)")
    r.add_argument("--alpha", metavar="ALPHA", help="fraction of labels written by an adversary (default 0)")
    r.add_argument("--s", metavar="S", help="systematic error: share of the queries separating a deceptive "
                                            "policy that are too hard for raters (default 0)")
    r.add_argument("--q-hard", dest="q_hard", metavar="Q", help="probability that raters get such a hard "
                                                                "query right (default 0)")
    r.add_argument("--K-dec", dest="K_dec", metavar="N", help="number of deceptive policies (default 1)")
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

    dv = add("derivations", "machine-checked derivations")
    dv.add_argument("action", choices=["check", "list"])
    dv.add_argument("ids", nargs="*", help="only these derivations")
    dv.add_argument("--verbose", "-v", action="store_true")
    dv.set_defaults(func=cmd_derivations)
    return p


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
    print(f"bounds: error: {_one_line(msg)}", file=sys.stderr)
    return 2


def _message(exc) -> str:
    if exc.args and isinstance(exc.args[0], str):
        return exc.args[0]
    return str(exc) or type(exc).__name__


def _prepare_streams():
    # characters the terminal cannot encode are escaped, never a UnicodeEncodeError
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass


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
                parser.error(f"unrecognized arguments: {' '.join(_show(x) for x in extra)}")
        if getattr(args, "command", None) is None:
            parser.print_help(sys.stderr)
            return 2
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = args.func(args)
        if isinstance(result, int):
            return result
        payload, text = result
        notes = []
        for w in caught:
            note = _one_line(_no_negative_zero(str(w.message)))
            if note not in notes:
                notes.append(note)
        if args.json:
            if isinstance(payload, dict):
                payload = {**payload, "notes": notes}
            print(json.dumps(_jsonable(payload), indent=2, ensure_ascii=False))
        else:
            lines = [text]
            for n in notes:
                lines += _wrap(f"note: {n}", "", "  ")
            print("\n".join(lines))
        return 0
    except CLIError as exc:
        return _error(_message(exc))
    except (ValueError, TypeError, KeyError, NotImplementedError) as exc:
        return _error(_message(exc))
    except (OverflowError, ZeroDivisionError, FloatingPointError) as exc:
        return _error(f"numeric failure at these inputs ({type(exc).__name__}: {_message(exc)}); this is a bug in "
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
        return _error(f"internal error ({type(exc).__name__}: {_message(exc)}); please report this with the "
                      "command line (BOUNDS_TRACEBACK=1 shows the traceback)")

