r"""Plots of `bounds.check`: a learning curve between its limits (optional: needs matplotlib).

Examples
--------
>>> import matplotlib; matplotlib.use("Agg")
>>> import bounds
>>> from bounds.evidence_plots import plot_check
>>> r = bounds.check([1000, 10000, 100000], [0.55, 0.62, 0.68], eps=0.2, bits=2e5)
>>> ax = plot_check(r)
"""
from __future__ import annotations

import numpy as np

from .errors import ParameterValueError
from .learning_limits import accuracy_limit, achievable_accuracy

__all__ = ["plot_check"]

_COLORS = {"ceiling": "#b2182b", "limit": "#1b7837", "learner": "#2166ac", "point": "black", "flag": "#d6604d"}


def _grid(n):
    pos = n[n > 0]
    lo = float(pos.min()) / 2 if pos.size else 1.0
    hi = float(n.max()) * 2 if n.max() > 0 else 10.0
    return np.unique(np.round(np.geomspace(max(lo, 1.0), max(hi, 2.0), 120)))


def plot_check(report, ax=None, *, learner: bool = True):
    r"""The empirical curve with its noise ceiling, the information limit and a simple learner's curve.

    Draws the points (with their Clopper–Pearson intervals where test-set sizes were
    given; flagged points in red), the noise ceiling $1 - \varepsilon_{\mathrm{ev}}$, and,
    with a class size (`bits`), the information limit `bounds.learning_limits.accuracy_limit`
    (no learner above it) and, with `learner`, the per-item majority learner's expected
    accuracy (`achievable_accuracy`: what a simple learner reaches; classes of at most
    $2^{62}$ items). The fits `check` made are drawn dashed. Logarithmic $n$ axis.

    Parameters
    ----------
    report : bounds.evidence.CheckReport
        What `bounds.check` returned.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.
    learner : bool
        Draw the majority learner's curve (with `bits`).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import bounds
    >>> ax = plot_check(bounds.check([100, 1000], [0.55, 0.6], eps=0.2, bits=500, test_size=1000))
    >>> ax.get_xscale()
    'log'
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6.4, 4.0))
    s, n = report.setting, report.n
    grid = _grid(n)
    ax.axhline(report.ceiling, color=_COLORS["ceiling"], lw=1.2, label=f"noise ceiling {report.ceiling:.3g}")
    if report.bits is not None:
        ax.plot(grid, accuracy_limit(grid, report.bits, s.eps, s.eps_eval), color=_COLORS["limit"],
                label="information limit (any learner)")
        if learner and report.bits <= 2.0**62 and report.bits == int(report.bits):
            try:
                curve = achievable_accuracy(grid, report.bits, s.eps, s.eps_eval)
            except ParameterValueError:     # too many label counts per item to sum: not drawn
                curve = None
            if curve is not None:
                ax.plot(grid, curve, color=_COLORS["learner"], lw=1.0, label="per-item majority learner")
    for f in report.fits:
        ax.plot(grid, np.clip(f.predict(grid), 0.0, 1.0), ls="--", lw=0.9, color="grey", label=f.kind + " fit")
    ok = np.array([st == "consistent" for st in report.status])
    err = np.vstack([report.accuracy - report.accuracy_low, report.accuracy_high - report.accuracy])
    for mask, color, name in ((ok, _COLORS["point"], "reported"), (~ok, _COLORS["flag"], "beyond a limit")):
        if mask.any():
            ax.errorbar(n[mask], report.accuracy[mask], yerr=err[:, mask], fmt="o", color=color, ms=4,
                        capsize=2, label=name)
    ax.set_xscale("log")
    ax.set_xlabel("labels n")
    ax.set_ylabel("accuracy against held-out labels")
    ax.set_ylim(0.45, min(1.02, max(report.ceiling, float(report.accuracy.max())) + 0.08))
    ax.set_title(s.source, fontsize=9)
    ax.legend(fontsize=8, loc="best")
    return ax
