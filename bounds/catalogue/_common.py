r"""What the bound families share: the model's assumptions in words, citations, symbols.

Private helpers of `bounds.catalogue`; nothing here is a bound.
"""
from __future__ import annotations

import math

import numpy as np

from .. import kernels
from .._exact import MAX_EXACT_N
from ..errors import ParameterValueError
from ..quantities import symbolic
from ..vocabulary import SYMBOLS

LN2 = math.log(2.0)

#: The labels, in words (every family of the core model assumes these).
LABELS = (
    "labels are i.i.d.; a query separates the aligned policy from a given unaligned one with probability d",
    "an honest rater favours the aligned policy on a separating query with probability 1 - eps",
    "a random fraction alpha of the labels is written by an adversary who always labels against the aligned policy",
)
#: Systematic error, in words.
SYSTEMATIC = (
    "on a share s of the queries separating a deceptive policy, raters are right only with probability q_hard "
    "(s = 0: no systematic error)",
)
TIES = ("the generic objective picks the policy with the most agreeing labels; ties lose",)

CHERNOFF_1952 = ("Chernoff, H. (1952). A measure of asymptotic efficiency for tests of a hypothesis based on "
                 "the sum of observations. Ann. Math. Statist. 23(4), 493-507")
HOEFFDING_1963 = ("Hoeffding, W. (1963). Probability inequalities for sums of bounded random variables. "
                  "J. Amer. Statist. Assoc. 58(301), 13-30, Theorem 2")
COVER_THOMAS = "Cover, T. M. & Thomas, J. A. (2006). Elements of Information Theory, 2nd ed., Wiley, Theorem 2.10.1 (Fano's inequality)"
SHANNON = ("Shannon, C. E. (1948). A mathematical theory of communication (capacity of the binary symmetric channel); "
           "Shannon, C. E. (1956). The zero error capacity of a noisy channel, IRE Trans. Inf. Theory 2(3) "
           "(feedback does not raise the capacity)")
YU_1997 = "Yu, B. (1997). Assouad, Fano, and Le Cam. In Festschrift for Lucien Le Cam, Springer, 423-435 (Fano's method with pairwise KL)"
BH_1979 = ("Bretagnolle, J. & Huber, C. (1979). Estimation des densités: risque minimax. Z. Wahrscheinlichkeitstheorie "
           "verw. Gebiete 47, 119-137; Lattimore, T. & Szepesvári, C. (2020). Bandit Algorithms, CUP, Theorem 14.2")
LE_CAM_1973 = ("Le Cam, L. (1973). Convergence of estimates under dimensionality restrictions. Ann. Statist. 1(1), "
               "38-53; Lattimore, T. & Szepesvári, C. (2020). Bandit Algorithms, CUP, Eq. (14.10)")
BOOLE = "Boole's inequality (the union bound)"


def sym(*names):
    """Vocabulary symbols by name."""
    return [SYMBOLS[n] for n in names]


def QA():
    r"""$q_\alpha$, symbolic."""
    return symbolic("q_alpha")


def QD():
    r"""$q_{\mathrm{dec}}$, symbolic."""
    return symbolic("q_dec")


def scalar(x) -> float:
    return float(np.asarray(x, dtype=float).reshape(-1)[0])


def check_exact_n(point, where):
    r"""The `check_point` of the exact bounds: $n$, when given, is an integer within the exact engine's reach.

    Parameters
    ----------
    point : mapping
        The bound's inputs at a point (arrays).
    where : str
        The bound's id, for the message.

    Raises
    ------
    ValueError
        If some $n$ is not an integer, or exceeds `bounds.MAX_EXACT_N`.

    Examples
    --------
    >>> check_exact_n({"n": 10.0}, "duel.exact")
    >>> check_exact_n({"n": 10.5}, "duel.exact")
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: n=10.5 in duel.exact must be an integer number of labels (exact computation)
    """
    if "n" not in point:
        return
    n = np.asarray(point["n"], float)
    bad = np.floor(n) != n
    if np.any(bad):
        v = float(np.ravel(n[bad] if n.ndim else n)[0])
        raise ParameterValueError(f"n={v!r} in {where} must be an integer number of labels (exact computation)")
    if np.any(n > MAX_EXACT_N):
        raise ParameterValueError(
            f"n={float(np.max(n)):g} in {where} is beyond the reach of exact computation "
            f"(n <= {MAX_EXACT_N:g}); use the bounds (e.g. duel.chernoff, race.union_chernoff) there"
        )


def margin_reason(at: dict, *, deceptive: bool) -> str:
    """Why no number of labels helps at one point (empty when the margin is positive there)."""

    eps, alpha = at.get("eps", 0.0), at.get("alpha", 0.0)
    s, qh = at.get("s", 0.0), at.get("q_hard", 0.0)
    x_a = scalar(kernels.bias_alpha(eps, alpha))
    x_d = scalar(kernels.bias_dec(eps, alpha, s, qh)) if deceptive else x_a
    if x_d <= 0 and deceptive and s > 0 and x_a > 0:
        return (f"No margin against a deceptive policy, from systematic error: a separating label favours the aligned one with "
                f"probability q_dec = {0.5 * (1 + x_d):.6g} <= 1/2 (s = {s:g} of its separating queries are too "
                f"hard, raters right there with probability q_hard = {qh:g}); more labels cannot help, only "
                f"better evaluation (lower s, higher q_hard).")
    if min(x_a, x_d) <= 0:
        if alpha > 0:
            from ..quantities import breakdown_alpha

            return (f"No margin: the adversaries are past breakdown, alpha = {alpha:g} >= alpha* = "
                    f"{breakdown_alpha(eps, s if deceptive else 0.0, qh):.6g}, so a separating label favours the "
                    f"aligned policy with probability <= 1/2; more labels cannot help.")
        return "No margin: raters at eps = 1/2 carry no information about which policy is aligned; more labels cannot help."
    return ""
