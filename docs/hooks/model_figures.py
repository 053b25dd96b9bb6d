"""MkDocs hook: draw the figures of "The model" page at build time (matplotlib, Agg).

Every curve is computed by `bounds.Scenario` when the site is built, so the figures always
show what the package computes. The figures are generated files (``model/*.svg``); nothing
is written into ``docs/``. Computing them takes a while, so each SVG is cached in
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

#: The scenario the figures speak of: 20 bits of intent, half the queries separating.
K, D, DELTA = 2**20, 0.5, 0.05
EPS_CURVES = (0.1, 0.2, 0.3, 0.4)
EPS_GRID = np.round(np.linspace(0.02, 0.44, 15), 4)

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


def win_probability_figure() -> bytes:
    """P(aligned wins) against n, for several rater error rates: exact and guaranteed."""
    import bounds

    from matplotlib.lines import Line2D

    fig, ax = plt.subplots(figsize=(7, 4.2))
    colors = plt.cm.viridis(np.linspace(0.0, 0.85, len(EPS_CURVES)))
    for eps, color in zip(EPS_CURVES, colors):
        s = bounds.Scenario(K=K, d=D, eps=eps)
        top = 1.6 * s.labels_needed(DELTA, exact=False).sufficient
        ns = np.unique(np.geomspace(1, top, 45).astype(int))
        p = s.win_probability(ns)
        ax.plot(ns, p.exact, color=color, lw=2)
        ax.plot(ns, np.clip(p.lower, 0, 1), color=color, lw=1.2, ls="--")
    ax.axhline(1 - DELTA, color="0.5", lw=0.8, ls=":")
    ax.text(1.0, 1 - DELTA - 0.05, fr"$1-\delta = {1 - DELTA:g}$", color="0.4", fontsize=8)
    handles = [Line2D([], [], color=c, lw=2, label=fr"$\varepsilon = {e}$") for e, c in zip(EPS_CURVES, colors)]
    handles += [Line2D([], [], color="0.3", lw=2, label="exact"),
                Line2D([], [], color="0.3", lw=1.2, ls="--", label="guaranteed\n(union of Chernoff bounds)")]
    ax.legend(handles=handles, fontsize=8, frameon=False, loc="center left", bbox_to_anchor=(0.0, 0.5))
    ax.set_xscale("log")
    ax.set_ylim(-0.02, 1.03)
    ax.set_xlabel("n, number of labels")
    ax.set_ylabel("P(aligned policy wins)")
    ax.set_title(fr"$K = 2^{{20}}$ candidate policies, $d = {D}$", fontsize=10)
    return _svg(fig)


def labels_needed_figure() -> bytes:
    """Labels needed for P(win) >= 1 - delta against eps: necessary, exact, sufficient."""
    import bounds

    rows = [bounds.Scenario(K=K, d=D, eps=float(e)).labels_needed(DELTA) for e in EPS_GRID]
    nec = np.array([r.necessary for r in rows], float)
    exa = np.array([np.nan if r.exact is None else r.exact for r in rows], float)
    suf = np.array([r.sufficient for r in rows], float)
    fig, ax = plt.subplots(figsize=(7, 4.2))
    ax.fill_between(EPS_GRID, nec, suf, color="tab:blue", alpha=0.12, lw=0,
                    label="what theory leaves open")
    ax.plot(EPS_GRID, suf, color="tab:red", lw=1.8, marker="v", ms=3.5,
            label="sufficient: union of Chernoff bounds")
    ax.plot(EPS_GRID, exa, color="black", lw=2, marker="o", ms=3.5,
            label="exact: independent separation, ties lose")
    ax.plot(EPS_GRID, nec, color="tab:green", lw=1.8, marker="^", ms=3.5,
            label="necessary: no learner does better (Fano / Le Cam)")
    ax.set_yscale("log")
    ax.set_xlabel(r"$\varepsilon$, rater error rate")
    ax.set_ylabel(fr"labels needed for P(win) $\geq {1 - DELTA:g}$")
    ax.set_title(fr"$K = 2^{{20}}$ candidate policies, $d = {D}$, $\delta = {DELTA}$", fontsize=10)
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    return _svg(fig)


FIGURES = {
    "model/win_probability.svg": win_probability_figure,
    "model/labels_needed.svg": labels_needed_figure,
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
