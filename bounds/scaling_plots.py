r"""Plots of the scaling laws (optional: needs matplotlib, the `plots` extra).

Examples
--------
>>> import matplotlib; matplotlib.use("Agg")
>>> from bounds.scaling_plots import plot_data_needed
>>> ax = plot_data_needed()
>>> ax.get_xscale(), ax.get_yscale()
('log', 'log')
"""
from __future__ import annotations

import numpy as np

from .errors import ParameterTypeError
from .scaling import CHINCHILLA_COMPUTE, LAWS, ScalingLaw, scaling_law
from .validation import check_positive, short

__all__ = ["plot_data_needed"]


def _axes(ax):
    if ax is None:
        try:
            import matplotlib.pyplot as plt
        except ImportError as exc:      # pragma: no cover - matplotlib is in the test extras
            raise ImportError("plotting needs matplotlib: pip install 'alignment-bounds[plots]'") from exc
        _, ax = plt.subplots(figsize=(7, 4.5))
    return ax


def _laws(laws) -> list:
    if laws is None:
        return list(LAWS.values())
    out = []
    for law in laws:
        if isinstance(law, str):
            law = scaling_law(law)
        if not isinstance(law, ScalingLaw):
            raise ParameterTypeError(f"laws must hold ScalingLaw objects or their keys, got {short(law)}",
                                     parameter="laws", value=law)
        out.append(law)
    return out


def plot_data_needed(loss=None, N=None, laws=None, ax=None):
    r"""Tokens needed for a target loss against model size, under each law, with the $N \to \infty$ limit.

    Each law's curve is drawn where the target is above its floor $L(N, \infty)$ (a
    smaller model cannot reach the target at all); the dashed line of the same colour is
    the limit as $N \to \infty$, below which no model reaches the target.

    Losses of different laws are measured on different corpora and tokenizers, so one
    number is not the same target under each. By default each law gets its own target: the
    loss of its compute-optimal model at Chinchilla's budget, $5.76 \times 10^{23}$ FLOPs.

    Parameters
    ----------
    loss : float or dict, optional
        The target loss, for every law or per law key (default: see above).
    N : array_like, optional
        Model sizes (default $10^8$ to $10^{13}$ parameters).
    laws : iterable of ScalingLaw or str, optional
        The laws (default: every law of `bounds.scaling.LAWS`).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> ax = plot_data_needed(loss={"chinchilla": 2.0, "besiroglu": 2.1}, laws=["chinchilla", "besiroglu"])
    >>> len(ax.get_lines())          # a curve and its limit per law
    4
    """
    laws = _laws(laws)
    N = check_positive("N", np.logspace(8, 13, 200) if N is None else N, "plot_data_needed")
    N = np.sort(np.atleast_1d(N))
    ax = _axes(ax)
    for i, law in enumerate(laws):
        target = loss.get(law.key) if isinstance(loss, dict) else loss
        if target is None:
            target = float(law.compute_optimal(CHINCHILLA_COMPUTE).loss)
        limit = law.data_needed_limit(target)          # validates the target
        ok = np.asarray(law.floor(N)) < target
        color = f"C{i}"
        if np.any(ok):
            ax.plot(N[ok], law.data_needed(target, N[ok]), color=color, label=f"{law.key} (L = {target:.4g})")
        ax.axhline(limit, color=color, linestyle="--", linewidth=1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("model size N (parameters)")
    ax.set_ylabel("training tokens D needed")
    ax.set_title("Data needed for a target loss; dashed: the limit N -> inf")
    ax.legend(fontsize="small")
    return ax
