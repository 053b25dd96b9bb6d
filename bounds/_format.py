r"""Formatting numbers for people: one helper for reprs, the CLI and messages.

Examples
--------
>>> fmt(1234567.0), fmt(0.000012345), fmt(float("inf")), fmt(-0.0), fmt(None)
('1.23457e+06', '1.2345e-05', 'inf', '0', 'out of reach')
>>> fmt_count(835.0), fmt_count(2.0**70)
('835', '1.18e+21')
>>> fmt_exp(math.log(0.25)), fmt_exp(-2000.0)
('0.25', 'e^-2000')
"""
from __future__ import annotations

import math

__all__ = ["fmt", "fmt_count", "fmt_exp", "fmt_K"]


def fmt(x, none: str = "out of reach") -> str:
    """A number in at most ~10 characters: 6 significant digits, scientific outside [1e-4, 1e6)."""
    if x is None:
        return none
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0:
        return "0"
    if 1e-4 <= abs(x) < 1e6:
        return f"{x:.6g}"
    return f"{x:.5g}" if abs(x) < 1e-4 else f"{x:.6g}"


def fmt_count(x, none: str = "out of reach") -> str:
    """A count of labels: whole numbers below 1e15 in full (thousands unseparated), then 3 digits."""
    if x is None:
        return none
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf"
    if abs(x) < 1e15:
        return f"{x:.0f}" if x == int(x) else f"{x:.6g}"
    return f"{x:.3g}"


def fmt_exp(log_x: float) -> str:
    """A positive number given by its log: 6 significant digits, or `e^<log>` when it underflows a double."""
    x = math.exp(log_x)
    return f"{x:.6g}" if x > 0.0 or log_x == -math.inf else f"e^{log_x:.6g}"


def fmt_K(K=None, bits=None) -> str:
    """The number of candidates: 2^k for powers of two from 1024 on, the integer below 10^7, else 2^bits.

    Examples
    --------
    >>> fmt_K(1000), fmt_K(2**20), fmt_K(3 * 2**20), fmt_K(bits=2000), fmt_K(bits=20.5)
    ('1000', '2^20', '3145728', '2^2000', '2^20.5')
    """
    if bits is None:
        bits = math.log2(K)
    if K is not None and math.isfinite(K) and K < 2**53 and K == int(K):
        if K >= 1024 and 2 ** round(bits) == K:
            return f"2^{round(bits)}"
        if K < 1e7:
            return f"{int(K)}"
    if abs(bits - round(bits)) < 1e-9:
        return f"2^{round(bits)}"
    return f"2^{bits:.6g}"
