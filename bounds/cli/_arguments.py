"""Parameter values on the command line: `name=value` pairs and comma-separated lists of numbers.

Every message names the parameter (or its option) and, for a parameter of the vocabulary,
states its domain.
"""
from __future__ import annotations

import math

from ._common import CLIError, quote
from .numbers import parse_number_with_bits


def domain_note(name) -> str:
    """`; eps is in [0, 1/2]` for a parameter of the vocabulary, else the empty string.

    Examples
    --------
    >>> domain_note("delta"), domain_note("nosuch")
    ('; delta is in (0, 1)', '')
    """
    from ..vocabulary import PARAMETERS

    p = PARAMETERS.get(name)
    return f"; {name} is in {p.domain}" if p is not None else ""


def parse_values(name: str, value: str, *, huge_ok: bool = False, label: str | None = None):
    """A comma-separated list of numbers for parameter `name`: (floats, bits or None per value).

    `label` names the parameter in messages (an option such as `--K`; default `name`); a
    number beyond the largest float is refused unless `huge_ok`.

    Examples
    --------
    >>> parse_values("K", "2**10,2**2000", huge_ok=True)
    ([1024.0, inf], [None, 2000.0])
    """
    label = label or name
    vals, bits = [], []
    for piece in value.split(","):
        try:
            v, b = parse_number_with_bits(piece)
        except ValueError as exc:
            raise CLIError(f"{label}: {exc}{domain_note(name)}") from None
        if b is not None and not huge_ok:
            raise CLIError(f"{label}={quote(piece)} is too large for a float (about 2^{b:.6g}){domain_note(name)}")
        vals.append(v)
        bits.append(b)
    return vals, bits


def parse_assignments(items) -> dict:
    """`name=value` pairs into keyword arguments; a `K` beyond the largest float becomes `bits`.

    Examples
    --------
    >>> parse_assignments(["n=100", "K=2**2000"])
    {'n': 100.0, 'bits': 2000.0}
    >>> parse_assignments(["eps=0.1,0.2"])
    {'eps': array([0.1, 0.2])}
    """
    import numpy as np

    out = {}
    for item in items:
        if "=" not in item:
            raise CLIError(f"expected name=value, got {quote(item)}")
        name, _, value = item.partition("=")
        name = name.strip(" ")
        if not name:
            raise CLIError(f"expected name=value, got {quote(item)} (no name)")
        key = "bits" if name == "K" else name
        if name in out or key in out:
            raise CLIError(f"parameter {quote(name)} given twice")
        vals, bits = parse_values(name, value, huge_ok=(name == "K"))
        if name == "K" and any(b is not None for b in bits):
            # K beyond the largest float: pass bits = log2 K (exact for powers of two)
            if any(v < 2 for v in vals):
                raise CLIError(f"K={quote(value)} has a value outside its domain [2, inf)")
            vals = [b if b is not None else math.log2(v) for v, b in zip(vals, bits)]
            name = "bits"
        out[name] = vals[0] if len(vals) == 1 else np.array(vals)
    return out
