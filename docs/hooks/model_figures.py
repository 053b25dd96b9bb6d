"""MkDocs hook: draw the figures of "The model", "How much alignment data will we need?" and "Checking a result against the limits" at build time.

Every curve is computed by `bounds` when the site is built, so the figures always show
what the package computes. The figures are generated files (``model/*.svg``); nothing is
written into ``docs/``. Computing them takes a while, so each SVG is cached in
``<repo>/.cache/figures/`` (gitignored) under a key made of this file, every source file
of ``bounds/`` and the versions of numpy, scipy, sympy and matplotlib: a change to any of
them redraws the figures.
"""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

#: The scenario the figures speak of (the running example of the pages): 20 bits of intent,
#: one query in ten separating, 95% confidence.
K, D, DELTA = 2**20, 0.1, 0.05
EPS = 0.2                                  # rater error of the adversary figure
EPS_CURVES = (0.1, 0.2, 0.3, 0.4)
EPS_GRID = np.round(np.linspace(0.0, 0.44, 12), 4)
ALPHA_CURVES = (0.0, 0.1, 0.2, 0.3, 0.375, 0.4)
ALPHA_GRID = np.round(np.linspace(0.0, 0.34, 18), 4)
EPS_SYSTEMATIC = 0.1                       # rater error on the easy queries of the breakdown figure

COLORS = {"passive": "tab:green", "adaptive": "tab:olive", "exact": "black", "sufficient": "tab:red"}

plt.rcParams.update({
    "svg.hashsalt": "alignment-bounds",  # deterministic ids: the same numbers give the same file
    "svg.fonttype": "path",              # text as paths: no font needed by the reader
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
})


def _svg(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return buf.getvalue()


def _exact(p):
    """The exact values of a ProbabilityBounds as floats (nan where out of reach)."""
    return np.ma.filled(np.ma.asarray(p.exact, dtype=float), np.nan)


def _title(ax, extra=""):
    ax.set_title(fr"$K = 2^{{20}}$ candidate policies, $d = {D}${extra}", fontsize=10)


def win_probability_figure() -> bytes:
    """P(aligned wins) against n, for several rater error rates: exact and guaranteed."""
    import bounds
    from matplotlib.lines import Line2D

    fig, ax = plt.subplots(figsize=(7, 4.2))
    colors = plt.cm.viridis(np.linspace(0.0, 0.85, len(EPS_CURVES)))
    for eps, color in zip(EPS_CURVES, colors):
        s = bounds.Scenario(K=K, d=D, eps=eps)
        top = 1.6 * s.labels_needed(DELTA, exact=False).sufficient
        ns = np.unique(np.geomspace(100, top, 80).astype(int))
        p = s.win_probability(ns)
        ax.plot(ns, _exact(p), color=color, lw=2)
        ax.plot(ns, np.clip(p.lower, 0, 1), color=color, lw=1.2, ls="--")
    ax.axhline(1 - DELTA, color="0.5", lw=0.8, ls=":")
    ax.text(100, 1 - DELTA - 0.05, fr"$1-\delta = {1 - DELTA:g}$", color="0.4", fontsize=8)
    handles = [Line2D([], [], color=c, lw=2, label=fr"$\varepsilon = {e}$") for e, c in zip(EPS_CURVES, colors)]
    handles += [Line2D([], [], color="0.3", lw=2, label="exact"),
                Line2D([], [], color="0.3", lw=1.2, ls="--", label="guaranteed\n(union of Chernoff bounds)")]
    ax.legend(handles=handles, fontsize=8, frameon=False, loc="center left", bbox_to_anchor=(1.01, 0.5))
    ax.set_xscale("log")
    ax.set_ylim(-0.02, 1.03)
    ax.set_xlabel("n, number of labels")
    ax.set_ylabel("P(aligned policy wins)")
    _title(ax)
    return _svg(fig)


def _counts(rows):
    nec = np.array([r.necessary for r in rows], float)
    ada = np.array([r.necessary_adaptive for r in rows], float)
    exa = np.array([np.nan if r.exact is None else r.exact for r in rows], float)
    suf = np.array([r.sufficient for r in rows], float)
    return nec, ada, exa, suf


def _count_lines(ax, x, rows):
    nec, ada, exa, suf = _counts(rows)
    ax.fill_between(x, nec, suf, color="tab:blue", alpha=0.12, lw=0, label="what theory leaves open")
    ax.plot(x, suf, color=COLORS["sufficient"], lw=1.8, marker="v", ms=3.5,
            label="sufficient: union of Chernoff bounds")
    ax.plot(x, exa, color=COLORS["exact"], lw=2, marker="o", ms=3.5,
            label="exact: generic objective,\nindependent separation")
    ax.plot(x, nec, color=COLORS["passive"], lw=1.8, marker="^", ms=3.5,
            label="necessary: every learner\nwith passive queries (Fano)")
    ax.plot(x, ada, color=COLORS["adaptive"], lw=1.5, ls="--", marker="^", ms=3,
            label="necessary: every learner, even\none choosing its queries (capacity)")
    ax.set_yscale("log")


def labels_needed_figure() -> bytes:
    """Labels needed for P(win) >= 1 - delta against eps: necessary (passive, adaptive), exact, sufficient."""
    import bounds

    rows = [bounds.Scenario(K=K, d=D, eps=float(e)).labels_needed(DELTA) for e in EPS_GRID]
    fig, ax = plt.subplots(figsize=(7, 4.2))
    _count_lines(ax, EPS_GRID, rows)
    ax.set_xlabel(r"$\varepsilon$, rater error rate")
    ax.set_ylabel(fr"labels needed for P(win) $\geq {1 - DELTA:g}$")
    _title(ax, fr", $\delta = {DELTA}$")
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    return _svg(fig)


def adversaries_figure() -> bytes:
    """Adversarial raters: P(win) against n for several alpha, and labels needed against alpha."""
    import bounds
    from matplotlib.lines import Line2D

    base = bounds.Scenario(K=K, d=D, eps=EPS)
    a_star = bounds.breakdown_alpha(EPS)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [1.1, 1]})
    ns = np.unique(np.geomspace(100, 40_000, 70).astype(int))
    colors = plt.cm.magma(np.linspace(0.0, 0.8, len(ALPHA_CURVES)))
    handles = []
    for a, color in zip(ALPHA_CURVES, colors):
        p = base.replace(alpha=a).win_probability(ns)
        at = bool(np.isclose(a, a_star))
        past = at or a > a_star
        left.plot(ns, _exact(p), color=color, lw=2, ls=":" if past else "-")
        what = r" $= \alpha^*$" if at else (" (past breakdown)" if past else "")
        handles.append(Line2D([], [], color=color, lw=2, ls=":" if past else "-", label=fr"$\alpha = {a:g}${what}"))
    left.axhline(1 - DELTA, color="0.5", lw=0.8, ls=":")
    left.set_xscale("log")
    left.set_ylim(-0.02, 1.03)
    left.set_xlabel("n, number of labels")
    left.set_ylabel("P(aligned policy wins), exact")
    left.legend(handles=handles, fontsize=8, frameon=False, loc="upper left")
    _title(left, fr", $\varepsilon = {EPS}$")

    rows = [base.replace(alpha=float(a)).labels_needed(DELTA) for a in ALPHA_GRID]
    _count_lines(right, ALPHA_GRID, rows)
    right.axvline(a_star, color="0.4", lw=1, ls="--")
    right.text(a_star, right.get_ylim()[0] * 1.5, r" $\alpha^*$", color="0.3", fontsize=9)
    right.set_xlim(-0.01, a_star + 0.02)
    right.set_xlabel(r"$\alpha$, fraction of labels written by an adversary")
    right.set_ylabel(fr"labels needed for P(win) $\geq {1 - DELTA:g}$")
    right.set_title(fr"$\varepsilon = {EPS}$, $\delta = {DELTA}$; breakdown at $\alpha^* = {a_star:.3g}$", fontsize=10)
    right.legend(fontsize=7.5, frameon=False, loc="upper left")
    fig.tight_layout()
    return _svg(fig)


def breakdown_figure() -> bytes:
    """Systematic error: labels that suffice over (q_hard, s), and the breakdown surface s*(eps, q_hard, alpha)."""
    import bounds

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.4))
    qh = np.linspace(0.0, 1.0, 101)
    s = np.linspace(0.0, 1.0, 101)
    QH, S = np.meshgrid(qh, s)
    b = bounds.bound("race.union_chernoff")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        n = b.solve("n", K=K, d=D, eps=EPS_SYSTEMATIC, alpha=0.0, s=S, q_hard=QH, K_dec=1, delta=DELTA)
    n = np.asarray(n, float)
    lg = np.log10(np.where(np.isfinite(n), n, np.nan))
    levels = np.linspace(2.6, 6.0, 18)
    cf = left.contourf(QH, S, np.clip(lg, levels[0], levels[-1]), levels=levels, cmap="viridis")
    cbar = fig.colorbar(cf, ax=left, ticks=[3, 4, 5, 6])
    cbar.ax.set_yticklabels(["$10^3$", "$10^4$", "$10^5$", r"$\geq 10^6$"])
    cbar.set_label("labels that suffice (union of Chernoff bounds)", fontsize=8)
    dead = ~np.isfinite(n)
    left.contourf(QH, S, dead.astype(float), levels=[0.5, 1.5], colors="none", hatches=["///"])
    left.contourf(QH, S, dead.astype(float), levels=[0.5, 1.5], colors=["0.85"], alpha=0.6)
    s_star = np.asarray(bounds.breakdown_s(EPS_SYSTEMATIC, q_hard=qh), float)
    left.plot(qh, np.where(s_star <= 1, s_star, np.nan), color="black", lw=2)
    left.text(0.03, 0.9, "no number of labels\nmakes the aligned\npolicy win", fontsize=8.5, va="top")
    left.axvline(0.5, color="white", lw=0.8, ls=":")
    left.set_xlabel(r"$q_{\mathrm{hard}}$, raters' accuracy on the too-hard queries")
    left.set_ylabel(r"$s$, share of too-hard separating queries")
    left.set_title(fr"$K = 2^{{20}}$, $d = {D}$, $\varepsilon = {EPS_SYSTEMATIC}$, $\alpha = 0$, "
                   fr"$\delta = {DELTA}$", fontsize=10)

    qh2 = np.linspace(0.0, 0.5, 101)
    colors = plt.cm.viridis(np.linspace(0.0, 0.85, 4))
    for eps, color in zip((0.0, 0.1, 0.2, 0.3), colors):
        for alpha, ls in ((0.0, "-"), (0.1, "--")):
            st = np.asarray(bounds.breakdown_s(eps, q_hard=qh2, alpha=alpha), float)
            label = fr"$\varepsilon = {eps:g}$" if alpha == 0 else None
            right.plot(qh2, np.where(st <= 1, st, np.nan), color=color, lw=2, ls=ls, label=label)
    right.plot([], [], color="0.3", lw=2, ls="--", label=r"with $\alpha = 0.1$ adversaries")
    right.set_xlim(0, 0.5)
    right.set_ylim(0, 1)
    right.set_xlabel(r"$q_{\mathrm{hard}}$")
    right.set_ylabel(r"breakdown share $s^*$")
    right.set_title(r"above a curve no number of labels suffices (any $K$, $d$, $\delta$)", fontsize=10)
    right.legend(fontsize=8, frameon=False, loc="lower right")
    fig.tight_layout()
    return _svg(fig)


# ---------------------------------------------------------------------- docs/alignment-data.md
# The page's worked example, drawn with the package's own plots (bounds.plots): raters of the
# error that InstructGPT's training labelers' agreement implies, a power cost model through
# 4 s per label there (beta = 1: halving the error doubles the time), half an hour of rater
# time, the running example's K and d.
DATA_GRID = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35)
DATA_HOURS = 0.5
DATA_TARGETS = (0.5, 0.8, 0.95, 0.99, 0.999)
DATA_BREAKDOWN = dict(s=0.3, q_hard=0.2)   # the page's systematic-error example
DATA_BREAKDOWN_GRID = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.45)


def _published_eps(name):
    from bounds.data import AGREEMENT
    from bounds.raters import error_from_agreement

    return error_from_agreement(AGREEMENT[name].value).eps


def _data_cost(raters=1):
    from bounds.cost import CostModel

    return CostModel("power", eps_ref=_published_eps("instructgpt_training"), seconds_ref=4.0, beta=1.0,
                     raters=raters)


def data_curve_figure() -> bytes:
    """What half an hour buys, one rater per item against a majority of three."""
    import bounds
    from bounds.plots import plot_curve

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
    for ax, m in zip(axes, (1, 3)):
        curve = bounds.Curve.from_cost(_data_cost(m), DATA_GRID, hours=DATA_HOURS, K=K, d=D)
        plot_curve(curve, ax)
        handles, labels = ax.get_legend_handles_labels()
        ax.get_legend().remove()  # one legend for both panels; each panel's best point in its title
        who = "one rater per item" if m == 1 else f"majority vote of {m} raters"
        ax.set_title(f"{DATA_HOURS:g} h of rater time, {who}\n{labels[-1]}", fontsize=9.5)
    fig.legend(handles, labels[:-1] + ["best point"], fontsize=8, frameon=False, loc="center left",
               bbox_to_anchor=(1.0, 0.5))
    fig.tight_layout()
    return _svg(fig)


def data_budget_figure() -> bytes:
    """The budget a target needs, per side, and the error rate it buys."""
    from bounds.plots import plot_budget_frontier

    fig, ax = plt.subplots(figsize=(7, 4.2))
    plot_budget_frontier(_data_cost(), DATA_GRID, DATA_TARGETS, ax, K=K, d=D)
    _title(ax, r", one rater per item, power cost with $\beta = 1$")
    return _svg(fig)


def data_breakdown_figure() -> bytes:
    """Labels needed against eps under systematic error, with the published error rates marked."""
    from bounds.plots import plot_labels_needed_vs_eps

    fig, ax = plt.subplots(figsize=(7, 4.2))
    plot_labels_needed_vs_eps(DATA_BREAKDOWN_GRID, DELTA, ax, K=K, d=D, **DATA_BREAKDOWN)
    from matplotlib.transforms import blended_transform_factory

    below = blended_transform_factory(ax.transData, ax.transAxes)
    marks = {}  # error rates from published agreement; close ones share a line
    for name, words in (("instructgpt_training", "InstructGPT"), ("summarize_labelers", "summarize"),
                        ("hh_researchers", "HH")):
        e = _published_eps(name)
        near = next((x for x in marks if abs(x - e) < 0.01), e)
        marks[near] = marks.get(near, []) + [words]
    for e, words in marks.items():
        ax.axvline(e, color="0.6", lw=0.8, ls=":")
        ax.text(e, 0.03, " " + " / ".join(words), transform=below, rotation=90, fontsize=7.5, color="0.35",
                ha="right", va="bottom")
    _title(ax, fr", $s = {DATA_BREAKDOWN['s']}$, $q_{{\mathrm{{hard}}}} = {DATA_BREAKDOWN['q_hard']}$, "
               fr"$\delta = {DELTA}$")
    return _svg(fig)


# ---------------------------------------------------------------------- docs/checking.md
# Bai et al. (2022a), Fig. 7: the 10^10-parameter preference model's accuracy, read off the plot
# (approximate), against the ceilings of the two readings of the 63% researcher-crowdworker
# agreement (§2.1).
HH_N, HH_ACC = (1000, 10000, 100000), (0.57, 0.68, 0.72)


def checking_hh_figure() -> bytes:
    """The HH curve between its limits, under the two readings of the agreement."""
    import bounds
    from bounds.evidence_plots import plot_check
    from bounds.raters import error_from_agreement

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.0), sharey=True)
    strict = error_from_agreement(0.63, eps_ref=0.0).eps
    for ax, kw, title in ((axes[0], {"agreement": 0.63}, "researchers err as often as crowdworkers"),
                          (axes[1], {"eps": strict}, "researchers always right")):
        plot_check(bounds.check(HH_N, HH_ACC, **kw), ax)
        ax.set_title(title, fontsize=9.5)
    fig.tight_layout()
    return _svg(fig)


def checking_scaling_figure() -> bytes:
    """Tokens needed for a target loss against model size under each published law."""
    from bounds.scaling_plots import plot_data_needed

    fig, ax = plt.subplots(figsize=(7.5, 4.4))
    plot_data_needed(ax=ax)
    return _svg(fig)


def checking_overoptimization_figure() -> bytes:
    """Gao et al.'s gold-reward forms, best-of-n and RL, one curve per proxy RM size."""
    from bounds.overoptimization import plot_gold_reward

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.0))
    plot_gold_reward(axes=axes)
    fig.tight_layout()
    return _svg(fig)


FIGURES = {
    "checking/hh.svg": checking_hh_figure,
    "checking/overoptimization.svg": checking_overoptimization_figure,
    "checking/scaling.svg": checking_scaling_figure,
    "model/win_probability.svg": win_probability_figure,
    "model/labels_needed.svg": labels_needed_figure,
    "model/adversaries.svg": adversaries_figure,
    "model/breakdown.svg": breakdown_figure,
    "alignment-data/curve.svg": data_curve_figure,
    "alignment-data/budget.svg": data_budget_figure,
    "alignment-data/breakdown.svg": data_breakdown_figure,
}


def _key(repo: Path) -> str:
    import scipy
    import sympy

    h = hashlib.sha256()
    for v in (np.__version__, scipy.__version__, sympy.__version__, matplotlib.__version__):
        h.update(v.encode() + b"\0")
    for path in [Path(__file__).resolve(), *sorted((repo / "bounds").rglob("*.py"))]:
        h.update(str(path.relative_to(repo) if path.is_relative_to(repo) else path.name).encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def _cached(cache: Path, name: str, draw) -> bytes:
    target = cache / name
    if target.is_file():
        return target.read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. log-scale axes meeting a zero
        data = draw()
    cache.mkdir(parents=True, exist_ok=True)
    fd, part = tempfile.mkstemp(dir=cache, prefix=".part-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(part, 0o644)
    os.replace(part, target)  # atomic: concurrent builds never see half a file
    return data


def on_files(files, config):
    repo = Path(config["config_file_path"]).resolve().parent
    cache = repo / ".cache" / "figures" / _key(repo)
    if cache.parent.is_dir():  # drop figures drawn for older sources
        for old in cache.parent.iterdir():
            if old != cache and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
    for path, draw in FIGURES.items():
        files.append(File.generated(config, path, content=_cached(cache, Path(path).name, draw)))
    return files
