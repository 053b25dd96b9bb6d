r"""Plots (optional: needs matplotlib, the `plots` extra).

Examples
--------
>>> import matplotlib; matplotlib.use("Agg")
>>> import bounds
>>> from bounds.plots import plot_win_probability
>>> ax = plot_win_probability(bounds.Scenario(K=2**20, d=0.1, eps=0.2), [100, 500, 1000, 2000])
"""
from __future__ import annotations

import math

import numpy as np

from .curves import Curve
from .errors import ParameterValueError
from .scenario import Scenario
from .validation import check_choice, check_probability

__all__ = ["plot_win_probability", "plot_labels_needed", "plot_comparison", "plot_curve", "plot_labels_needed_vs_eps",
           "plot_budget_frontier"]

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


# ---------------------------------------------------------------------- quality–quantity faces
#: The sides of `bounds.Curve`, as they are drawn: colour and words.
_SIDES = {"lower": ("sufficient", "lower: guaranteed (sufficient side)"),
          "exact": ("exact", "exact"),
          "upper": ("necessary", "upper: limit (necessary side)")}
_X_LABELS = {"eps": "rater error rate eps aimed for", "label_eps": "label error rate (after the majority vote)",
             "n": "labels n"}


def _best_index(t):
    """(side, index) of the best point: on the exact side, else (all out of reach) the lower side."""
    side = "exact" if np.any(np.isfinite(t.exact)) else "lower"
    return side, int(np.nanargmax(getattr(t, side)))


def plot_curve(curve, ax=None, *, x="eps"):
    r"""$P(\text{aligned wins})$ along a quality–quantity curve: exact, inside the band the bounds leave.

    The band runs from the sufficient side's guarantee (a lower bound on the probability)
    to the necessary side's limit (an upper bound: no learner the bound covers does
    better); the exact line is the generic objective on the independent-separation class.
    The best point — the highest exact probability, the first of equals, as
    `bounds.Curve.best` picks it (the lower side's where every exact value is out of
    reach) — is marked with a star.

    Parameters
    ----------
    curve : bounds.Curve
        The curve: explicit points, or what a budget buys (`bounds.Curve.from_cost`).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.
    x : {"eps", "label_eps", "n"}
        The x axis: the error rate each rater aims for, the error rate of the labels used
        (the majority vote's, with several raters per item), or the number of labels
        (logarithmic when it spans more than a factor 20).

    Returns
    -------
    matplotlib.axes.Axes
        The axes.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import bounds
    >>> from bounds.cost import CostModel
    >>> cost = CostModel("power", eps_ref=0.2, seconds_ref=4.0, beta=1.0)
    >>> curve = bounds.Curve.from_cost(cost, [0.05, 0.1, 0.2, 0.3], hours=0.5, K=2**10, d=0.2)
    >>> ax = plot_curve(curve)
    >>> ax.get_legend_handles_labels()[1][-1]
    'best (exact): n = 225, eps = 0.1'
    """
    check_choice("x", x, tuple(_X_LABELS), where="plot_curve")
    ax = _axes(ax)
    t = curve.win_probability()
    xs = np.asarray(getattr(t, x), dtype=float)
    o = np.argsort(xs, kind="stable")
    ax.fill_between(xs[o], t.lower[o], t.upper[o], color=_COLORS["exact"], alpha=0.12, lw=0,
                    label="what the bounds leave open")
    for side in ("upper", "lower", "exact"):
        key, words = _SIDES[side]
        main = side == "exact"
        ax.plot(xs[o], getattr(t, side)[o], color=_COLORS[key], lw=2 if main else 1, ls="-" if main else "--",
                marker="o" if main else None, ms=3, label=words)
    side, i = _best_index(t)
    ax.plot([xs[i]], [getattr(t, side)[i]], marker="*", ms=14, ls="none", color=_COLORS[_SIDES[side][0]],
            markeredgecolor="black", zorder=5, label=f"best ({side}): n = {t.n[i]:,.0f}, eps = {t.eps[i]:.3g}")
    if x == "n" and xs.min() > 0 and xs.max() > 20 * xs.min():
        ax.set_xscale("log")
    ax.set_xlabel(_X_LABELS[x])
    ax.set_ylabel("P(aligned policy wins)")
    ax.set_ylim(-0.02, 1.02)
    ax.legend(frameon=False, fontsize=8)
    return ax


def _breakdown_eps(scenario: dict) -> float:
    """The error rate from which the margin (`Scenario.margin`, non-increasing in eps) is <= 0.

    There no finite n suffices. Bisection to 1e-12; inf when the margin stays > 0 up to eps = 1/2
    (only deceptive rivals, whose too-hard queries raters get right more often than not)."""
    base = Scenario(eps=0.0, **scenario)
    if base.margin <= 0:
        return 0.0
    if base.replace(eps=0.5).margin > 0:
        return math.inf
    lo, hi = 0.0, 0.5
    while hi - lo > 1e-12:
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if base.replace(eps=mid).margin > 0 else (lo, mid)
    return hi


def _needed_rows(eps, delta, exact, scenario) -> dict:
    """{side: labels needed at each eps} for the three sides (nan where the exact count was not computed)."""
    rows = {"necessary": [], "exact": [], "sufficient": []}
    for e in eps:
        r = Scenario(eps=float(e), **scenario).labels_needed(delta, exact=exact)
        rows["necessary"].append(float(r.necessary))
        rows["exact"].append(np.nan if r.exact is None or np.ma.is_masked(r.exact) else float(r.exact))
        rows["sufficient"].append(float(r.sufficient))
    return {k: np.asarray(v, dtype=float) for k, v in rows.items()}


def _mark_breakdown(ax, eps_star, right):
    """Shade eps >= eps* (no finite n suffices there) and say so."""
    from matplotlib.transforms import blended_transform_factory

    ax.axvspan(eps_star, right, color="0.5", alpha=0.15, lw=0)
    ax.axvline(eps_star, color="0.3", lw=1, ls="--")
    ax.text(eps_star, 0.5, f" eps* = {eps_star:.3g}: from here on no finite n\n makes the aligned policy win",
            transform=blended_transform_factory(ax.transData, ax.transAxes), rotation=90, ha="right", va="center",
            fontsize=8, color="0.25")


def plot_labels_needed_vs_eps(eps, delta=0.05, ax=None, *, exact=True, **scenario):
    r"""Labels needed for $P(\text{aligned wins}) \ge 1-\delta$ against the rater error rate, with the breakdown shown.

    The three sides of `bounds.Scenario.labels_needed` on a logarithmic axis: the count
    necessary for every learner with passively drawn queries, the exact count of the
    generic objective on the independent-separation class, and the count that suffices.
    Unlike `plot_labels_needed`, it takes the whole scenario (adversaries, systematic
    error) and shows where no number of labels helps: from the breakdown error rate
    $\varepsilon^*$ on — where the margin against the weakest opponent,
    `bounds.Scenario.margin`, is $\le 0$ — the region is shaded and labelled, and every
    infinite count is drawn as a triangle on the top edge rather than left out. A missing
    exact point is out of the exact engine's reach (or not computed, `exact=False`).

    Parameters
    ----------
    eps : array_like
        Rater error rates (the x axis), in $[0, 1/2]$.
    delta : float
        Failure probability, in $(0, 1)$.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.
    exact : bool
        Also compute the exact counts (the slow part).
    **scenario
        The scenario's other parameters: `K` (or `bits`), `d`, `alpha`, `s`, `q_hard`,
        `K_dec`, as for `bounds.Scenario`.

    Returns
    -------
    matplotlib.axes.Axes
        The axes.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> ax = plot_labels_needed_vs_eps([0.0, 0.1, 0.2, 0.3, 0.4], 0.05, K=2**10, d=0.2, s=0.3, q_hard=0.2)
    >>> [t.get_text().split(":")[0] for t in ax.texts]     # the breakdown, (1 - s)(1 - eps) + s q_hard = 1/2
    [' eps* = 0.371']
    """
    from matplotlib.transforms import blended_transform_factory

    ax = _axes(ax)
    eps = np.unique(np.asarray(check_probability("eps", eps), dtype=float))
    rows = _needed_rows(eps, delta, exact, scenario)
    top = blended_transform_factory(ax.transData, ax.transAxes)
    for k, (key, vals) in enumerate(rows.items()):
        ax.plot(eps, np.where(np.isfinite(vals), vals, np.nan), marker="o", ms=3, color=_COLORS[key], label=key)
        inf = np.isinf(vals)
        if inf.any():  # stacked under the top edge, one row per side
            ax.plot(eps[inf], np.full(inf.sum(), 0.97 - 0.05 * k), ls="none", marker="^", ms=6,
                    color=_COLORS[key], transform=top)
    if any(np.isinf(v).any() for v in rows.values()):
        ax.plot([], [], ls="none", marker="^", ms=6, color="0.4", label="inf: no finite count (at the top)")
    eps_star = _breakdown_eps(scenario)
    if eps_star <= eps.max():
        right = eps.max() + 0.02 * max(eps.max() - eps.min(), 0.05)
        _mark_breakdown(ax, eps_star, right)
        ax.set_xlim(right=right)
    ax.set_yscale("log")
    ax.set_xlabel("rater error rate eps")
    ax.set_ylabel(f"labels for P(win) >= {1 - delta:g}")
    ax.legend(frameon=False, fontsize=8)
    return ax


def _budgets(cost, eps, targets, side, scenario):
    """(cost, optimal eps) at each target on one side; nan where no error rate reaches the target."""
    ys, es = np.full(len(targets), np.nan), np.full(len(targets), np.nan)
    for i, p in enumerate(targets):
        try:
            a = Curve.budget_needed(cost, eps, float(p), side=side, **scenario)
        except ParameterValueError as exc:
            if exc.parameter != "target":
                raise
            continue
        ys[i], es[i] = (a.hours if a.dollars is None else a.dollars), a.eps
    return ys, es


def _plain_axes(ax, targets):
    """Logit x with the targets as its ticks; log y labelled in plain numbers."""
    from matplotlib.ticker import FuncFormatter, NullFormatter, NullLocator

    ax.set_xscale("logit")
    ax.set_xticks(targets)
    ax.set_xticklabels([f"{p:g}" for p in targets])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_yscale("log")
    lo, hi = ax.get_ylim()

    def minor(v, _):  # every minor tick within a decade, 2 and 5 within two
        lead = round(v / 10 ** math.floor(math.log10(v)))
        return f"{v:g}" if hi < 10 * lo or lead in (2, 5) else ""

    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.yaxis.set_minor_formatter(FuncFormatter(minor) if hi < 100 * lo else NullFormatter())


def plot_budget_frontier(cost, eps, targets, ax=None, *, sides=("lower", "exact", "upper"), **scenario):
    r"""The budget a target $P(\text{aligned wins})$ needs, against the target: one line per side, optimal $\varepsilon$ marked.

    At each target, `bounds.Curve.budget_needed` picks, over the error rates `eps`, the
    cheapest labels that reach it: rater hours, or dollars when the cost model has a price.
    On the "lower" side (the sufficient bound) the budget surely suffices; "exact" is what
    the generic objective needs on the independent-separation class; on the "upper" side
    (the necessary bound) no labels at these error rates reach the target for less. Each
    point is marked, and the error rate it buys is written beside the first point of a
    side and wherever it changes. A target that no error rate reaches with finitely many
    labels is left out of its line (and a side with no such point is labelled so).

    Parameters
    ----------
    cost : bounds.cost.CostModel
        Seconds per label against the error rate, raters per item, price, overhead.
    eps : array_like
        The error rates on offer, in $[0, 1/2]$.
    targets : array_like
        Target probabilities (the x axis, on a logit scale), in $(0, 1)$.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on.
    sides : sequence of {"lower", "exact", "upper"}
        The sides to draw.
    **scenario
        The scenario's other parameters: `K` (or `bits`), `d`, `alpha`, `s`, `q_hard`,
        `K_dec`, as for `bounds.Scenario`.

    Returns
    -------
    matplotlib.axes.Axes
        The axes.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from bounds.cost import CostModel
    >>> cost = CostModel("power", eps_ref=0.2, seconds_ref=4.0, beta=2.0, dollars_per_hour=20.0)
    >>> ax = plot_budget_frontier(cost, [0.1, 0.2, 0.3], [0.9, 0.99], K=2**10, d=0.2, sides=("lower",))
    >>> ax.get_ylabel(), [t.get_text() for t in ax.texts]
    ('dollars', ['eps = 0.2'])
    """
    ax = _axes(ax)
    targets = np.unique(np.asarray(check_probability("targets", targets), dtype=float))
    if np.any((targets <= 0) | (targets >= 1)):
        raise ParameterValueError(f"targets={targets.tolist()!r}: every target must be in (0, 1)",
                                  parameter="targets", value=targets.tolist(), domain="(0, 1)")
    for side in sides:
        check_choice("side", side, tuple(_SIDES), where="plot_budget_frontier")
        key, words = _SIDES[side]
        ys, es = _budgets(cost, eps, targets, side, scenario)
        label = words.replace("guaranteed", "surely enough").replace("limit", "impossible for less")
        ax.plot(targets, ys, marker="o", ms=4, color=_COLORS[key],
                label=label if np.isfinite(ys).any() else f"{label}: no target reachable")
        shown = np.nan
        for p, y, e in zip(targets, ys, es):
            if np.isfinite(y) and e != shown:
                ax.annotate(f"eps = {e:.3g}", (p, y), textcoords="offset points", xytext=(4, 5), fontsize=7,
                            color=_COLORS[key])
                shown = e
    _plain_axes(ax, targets)
    ax.set_xlabel("target P(aligned policy wins)")
    ax.set_ylabel("rater hours" if cost.dollars_per_hour == 0 else "dollars")
    ax.legend(frameon=False, fontsize=8)
    return ax
