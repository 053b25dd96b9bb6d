r"""Plots (optional: needs matplotlib, the `plots` extra).

Examples
--------
>>> import matplotlib; matplotlib.use("Agg")
>>> import bounds
>>> from bounds.plots import plot_win_probability
>>> ax = plot_win_probability(bounds.Scenario(K=2**20, d=0.1, eps=0.2), [100, 500, 1000, 2000])
"""
from __future__ import annotations

import numpy as np

from .scenario import Scenario

__all__ = ["plot_win_probability", "plot_labels_needed", "plot_comparison"]

_COLORS = {"necessary": "#1b7837", "exact": "#2166ac", "sufficient": "#b2182b"}


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6.4, 4.0))
    return ax


def plot_win_probability(scenario, n, ax=None, *, label=None):
    r"""$P(\text{aligned wins})$ against $n$: exact, with the rigorous band between lower and upper bounds.

    Parameters
    ----------
    scenario : bounds.Scenario
        The scenario.
    n : array_like of int
        Numbers of labels.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.
    label : str, optional
        Legend label of the exact curve (default: the scenario's eps).

    Returns
    -------
    matplotlib.axes.Axes
        The axes.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import bounds
    >>> ax = plot_win_probability(bounds.Scenario(K=2, d=0.5, eps=0.3), [10, 100, 1000])
    """
    ax = _axes(ax)
    n = np.asarray(n, dtype=float)
    p = scenario.win_probability(n)
    exact = np.ma.filled(np.ma.asarray(p.exact, dtype=float), np.nan) if p.exact is not None else np.full(n.shape, np.nan)
    line, = ax.plot(n, exact, lw=2, label=label or f"eps = {scenario.eps:g}")
    ax.fill_between(n, p.lower, p.upper, color=line.get_color(), alpha=0.12, lw=0)
    ax.set_xscale("log")
    ax.set_xlabel("labels n")
    ax.set_ylabel("P(aligned policy wins)")
    ax.set_ylim(-0.02, 1.02)
    ax.legend(frameon=False)
    return ax


def plot_labels_needed(K, d, eps, delta=0.05, alpha=0.0, ax=None):
    r"""Labels needed against the rater error rate: necessary, exact and sufficient.

    Parameters
    ----------
    K : float
        Number of candidate policies.
    d : float
        Separation probability.
    eps : array_like
        Rater error rates (the x axis).
    delta : float
        Failure probability.
    alpha : float
        Adversarial fraction.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.

    Returns
    -------
    matplotlib.axes.Axes
        The axes.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> ax = plot_labels_needed(2**10, 0.2, [0.0, 0.1, 0.2])
    """
    ax = _axes(ax)
    eps = np.asarray(eps, dtype=float)
    rows = {"necessary": [], "exact": [], "sufficient": []}
    for e in eps:
        r = Scenario(K=K, d=d, eps=float(e), alpha=alpha).labels_needed(delta)
        rows["necessary"].append(r.necessary)
        rows["exact"].append(np.nan if r.exact is None else r.exact)
        rows["sufficient"].append(r.sufficient)
    for key, vals in rows.items():
        ax.plot(eps, vals, marker="o", ms=3, color=_COLORS[key], label=key)
    ax.set_yscale("log")
    ax.set_xlabel("rater error rate eps")
    ax.set_ylabel(f"labels for P(win) >= {1 - delta:g}")
    ax.legend(frameon=False)
    return ax


def plot_comparison(comparison, ax=None):
    r"""Necessary / exact / sufficient labels against $\delta$ for one scenario.

    Parameters
    ----------
    comparison : bounds.results.Comparison
        From `Scenario.compare` (`Comparison.plot` calls this).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.

    Returns
    -------
    matplotlib.axes.Axes
        The axes.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import bounds
    >>> ax = plot_comparison(bounds.Scenario(K=8, d=0.5, eps=0.2).compare([0.1, 0.01]))
    """
    ax = _axes(ax)
    for key in ("necessary", "exact", "sufficient"):
        ax.plot(comparison.delta, getattr(comparison, key), marker="o", ms=3, color=_COLORS[key], label=key)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.invert_xaxis()
    ax.set_xlabel("failure probability delta")
    ax.set_ylabel("labels n")
    ax.set_title(" ".join(repr(comparison.scenario).split(";")[0].split()), fontsize=9)  # one line
    ax.legend(frameon=False)
    return ax
