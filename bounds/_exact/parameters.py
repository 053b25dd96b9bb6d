r"""The exact engine's inputs: validation, and the model's parameters formed without cancellation.

`latent_parameters` turns the model's quantities ($d$, $1 - q$ for each group, $1 - q_c$)
into the inputs of `bounds._exact.latent_race_log_probs`: $q_c$, $1 - q_c$ and, per group,
$(r_1, 1 - r_1, r_2, 1 - r_2)$, each complement formed without cancellation.
`legacy_parameters` does the same for the legacy race, whose adversary labels for one
chosen policy. The `check_*` helpers validate the engine's inputs (every probability
together with its complement) with messages that name the function.

Examples
--------
>>> from bounds._exact.parameters import latent_parameters
>>> latent_parameters(0.1, 0.2).ordinary
(0.1, 0.9, 0.1, 0.9)
"""
from __future__ import annotations

import math
from collections import namedtuple

import numpy as np

from ..errors import ParameterValueError
from .latent import MAX_EXACT_N

__all__ = ["reject", "check_n", "check_pair", "check_groups", "LatentParameters", "latent_parameters",
           "legacy_parameters"]


def reject(where, msg):
    """Raise `ParameterValueError` with the message "where: msg".

    Examples
    --------
    >>> reject("smallest_n", "hi must be an integer")
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: smallest_n: hi must be an integer
    """
    raise ParameterValueError(f"{where}: {msg}")


def check_n(n):
    r"""`n` as a float array, checked to be integers in $[0,$ `MAX_EXACT_N`$]$.

    Examples
    --------
    >>> check_n([0, 10])
    array([ 0., 10.])
    >>> check_n(2_000_000)
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: n = 2000000 is beyond the exact computation (MAX_EXACT_N = 1000000)
    """
    n = np.asarray(n, dtype=float)
    bad = ~np.isfinite(n) | (n != np.floor(n)) | (n < 0)
    if np.any(bad):
        raise ParameterValueError(f"n must be a non-negative integer, got {np.ravel(n[bad])[0]!r}")
    if np.any(n > MAX_EXACT_N):
        big = n[n > MAX_EXACT_N].max()
        raise ParameterValueError(f"n = {big:.0f} is beyond the exact computation "
                         f"(MAX_EXACT_N = {MAX_EXACT_N})")
    return n


def _scalar(v):
    """A 0-d array as a Python float; anything else unchanged."""
    v = np.asarray(v, dtype=float)
    return float(v) if v.ndim == 0 else v


def check_pair(where, name, p, pc):
    r"""$p$ and `pc` $= 1 - p$ as broadcast float arrays, checked: each in $[0, 1]$, adding up to 1 (to rounding).

    Examples
    --------
    >>> check_pair("f", "q", 0.25, 0.75)
    (array(0.25), array(0.75))
    >>> check_pair("f", "q", 0.25, 0.5)
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: f: q = 0.25 and its complement 1 - q = 0.5 do not add up to 1
    """
    p = np.asarray(p, dtype=float)
    pc = np.asarray(pc, dtype=float)
    for nm, v in ((name, p), (f"1 - {name}", pc)):
        bad = ~((v >= 0.0) & (v <= 1.0))
        if np.any(bad):
            reject(where, f"{nm} must be a probability in [0, 1], got "
                          f"{float(np.ravel(v[bad])[0])!r}")
    p, pc = np.broadcast_arrays(p, pc)
    bad = np.abs((p - 0.5) + (pc - 0.5)) > 1e-12
    if np.any(bad):
        i = np.flatnonzero(np.ravel(bad))[0]
        reject(where, f"{name} = {float(np.ravel(p)[i])!r} and its complement 1 - {name} = "
                      f"{float(np.ravel(pc)[i])!r} do not add up to 1")
    return p, pc


def check_groups(where, ordinary, deceptive):
    r"""The two groups' $(r_1, 1 - r_1, r_2, 1 - r_2)$ checked (`deceptive` may be None).

    Examples
    --------
    >>> check_groups("f", (0.1, 0.9, 0.1, 0.9), None)[1] is None
    True
    """
    if ordinary is None or len(ordinary) != 4:
        reject(where, "ordinary must be a tuple (r1, 1 - r1, r2, 1 - r2)")
    if deceptive is not None and len(deceptive) != 4:
        reject(where, "deceptive must be None or a tuple (r1', 1 - r1', r2', 1 - r2')")
    out = []
    for grp, vals in (("ordinary", ordinary), ("deceptive", deceptive)):
        if vals is None:
            out.append(None)
            continue
        r1, r1c = check_pair(where, f"r1 ({grp})", vals[0], vals[1])
        r2, r2c = check_pair(where, f"r2 ({grp})", vals[2], vals[3])
        out.append((r1, r1c, r2, r2c))
    return out


LatentParameters = namedtuple("LatentParameters", ["qc", "qcc", "ordinary", "deceptive"])
LatentParameters.__doc__ = r"""Inputs of `latent_race_log_probs`: $q_c$, $1 - q_c$ and, per group,
$(r_1, 1 - r_1, r_2, 1 - r_2)$ (`deceptive` is None when there is no deceptive group)."""


_TINY = float(np.finfo(float).tiny)


def _separation(d, dc, q, qbar, qc, qcc, group):
    """(r1, 1 - r1, r2, 1 - r2) of one group, each complement without cancellation."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # q_c - q and its negative, from the pair of operands that are the smaller
        diff = np.where(qc + q <= qcc + qbar, qc - q, qbar - qcc)
        f1 = q / qc
        r1 = d * f1
        # 1 - r1 = ((1 - d) q + (q_c - q)) / q_c: a sum of positive terms when q_c >= q
        r1c = np.where(r1 <= 0.5, 1.0 - r1, dc * f1 + diff / qc)
        f2 = qbar / qcc
        r2 = d * f2
        r2c = np.where(r2 <= 0.5, 1.0 - r2, dc * f2 - diff / qcc)
        # no correct (wrong) labels at all: r1 (r2) never matters; d keeps r1 = r2 = d
        # exactly when q_c = q
        none1 = (qc == 0.0) & (q == 0.0)
        none2 = (qcc == 0.0) & (qbar == 0.0)
    r1, r1c = np.where(none1, d, r1), np.where(none1, dc, r1c)
    r2, r2c = np.where(none2, d, r2), np.where(none2, dc, r2c)
    # q_c (or 1 - q_c) below the smallest normal double has lost its relative accuracy (a product
    # such as d (1 - q) = 0.37 * 5e-324 rounds to 0): a ratio above 1 there is rounding, not an
    # inadmissible model, and the labels it concerns have probability below 1e-308
    with np.errstate(invalid="ignore"):
        lost1 = (qc < _TINY) & ~(r1 <= 1.0)
        lost2 = (qcc < _TINY) & ~(r2 <= 1.0)
    r1, r1c = np.where(lost1, 1.0, r1), np.where(lost1, 0.0, r1c)
    r2, r2c = np.where(lost2, 1.0, r2), np.where(lost2, 0.0, r2c)
    for nm, r, rc, num, den, side in (("r1", r1, r1c, "q", "q_c", "correct"),
                                      ("r2", r2, r2c, "1 - q", "1 - q_c", "wrong")):
        bad = ~((r <= 1.0 + 1e-12) & (rc >= -1e-12))
        if np.any(bad):
            i = np.flatnonzero(np.ravel(bad))[0]

            def at(v):
                return float(np.ravel(np.broadcast_to(v, bad.shape))[i])
            reject("latent_parameters",
                   f"the {group} group's {nm} = d ({num}) / ({den}) = {at(r)!r} is outside "
                   f"[0, 1] (d = {at(d)!r}, {num} = {at(q if nm == 'r1' else qbar)!r}, "
                   f"{den} = {at(qc if nm == 'r1' else qcc)!r}): a policy cannot separate on "
                   f"more than all {side} labels; {den} must be at least d ({num})")
    r1, r2 = np.minimum(r1, 1.0), np.minimum(r2, 1.0)
    r1c, r2c = np.clip(r1c, 0.0, 1.0), np.clip(r2c, 0.0, 1.0)
    return tuple(_scalar(v) for v in (r1, r1c, r2, r2c))


def latent_parameters(d, qbar, qbar_dec=None, qbar_c=None, *, q=None, q_dec=None, q_c=None):
    r"""Inputs of the latent race from the model's quantities, without cancellation.

    Every unaligned policy is separated from the aligned one on a label with probability
    $d$, and a separating label favours the aligned policy with probability $q$ (an
    ordinary policy) or $q'$ (a deceptive one); a label is correct with probability $q_c$.
    Then a policy separates on a correct label with probability $r_1 = d\,q/q_c$ and on a
    wrong one with $r_2 = d\,(1-q)/(1-q_c)$, and the complements are formed as

    $$1 - r_1 = \frac{(1-d)\,q + (q_c - q)}{q_c}, \qquad
    1 - r_2 = \frac{(1-d)\,(1-q) + (q - q_c)}{1 - q_c}$$

    (or as $1 - r$ where $r \le 1/2$), with $q_c - q$ taken from whichever pair of
    $(q_c, q)$ and $(1-q, 1-q_c)$ is the smaller: no $1 - (1 - x)$ is ever formed. With
    $q_c = q$ this gives exactly $r_1 = r_2 = d$ and $1 - r_1 = 1 - r_2 = 1 - d$.

    Parameters
    ----------
    d : float or array_like
        Separation probability, in $(0, 1]$ (subnormal values are fine).
    qbar : float or array_like
        $1 - q$ for the ordinary policies (e.g. $1 - q_\alpha = \alpha + (1-\alpha)\varepsilon$).
    qbar_dec : float or array_like, optional
        $1 - q'$ for the deceptive policies; None for no deceptive group.
    qbar_c : float or array_like, optional
        $1 - q_c$, the probability that a label is wrong; default `qbar` ($q_c = q$).
    q, q_dec, q_c : float or array_like, optional
        The probabilities themselves, when they are too small to be recovered as one
        minus their complement (default: one minus the complement).

    Returns
    -------
    LatentParameters
        `(qc, qcc, ordinary, deceptive)` with `qcc` $= 1 - q_c$ and each group a tuple
        $(r_1, 1 - r_1, r_2, 1 - r_2)$ (`deceptive` None without `qbar_dec`): the
        arguments of `latent_race_log_probs` after `n`, `log_K`, `m`.

    Raises
    ------
    ValueError
        If an input is not a probability (or `d` is 0), a probability and its given
        complement do not add up to 1, or some $r$ falls outside $[0, 1]$ beyond
        rounding (e.g. $d\,q > q_c$: more correct separating labels than correct labels).

    Examples
    --------
    An ordinary-only race: $q_c = q$, so $r_1 = r_2 = d$ exactly.

    >>> p = latent_parameters(0.1, 0.2)
    >>> p.qc, p.qcc, p.ordinary, p.deceptive
    (0.8, 0.2, (0.1, 0.9, 0.1, 0.9), None)

    A deceptive group that separating labels favour only 60% of the time, with labels
    correct 80% of the time: $r_1' = 0.1 \cdot 0.6/0.8$, $r_2' = 0.1 \cdot 0.4/0.2$.

    >>> p = latent_parameters(0.1, 0.2, qbar_dec=0.4)
    >>> [round(float(r), 12) for r in p.deceptive]
    [0.075, 0.925, 0.2, 0.8]

    Tiny complements keep their relative precision (here $1 - q = 10^{-300}$):

    >>> latent_parameters(1.0, 1e-300).ordinary
    (1.0, 0.0, 1.0, 0.0)
    """
    where = "latent_parameters"
    d = np.asarray(d, dtype=float)
    bad = ~((d > 0.0) & (d <= 1.0))
    if np.any(bad):
        reject(where, f"d must be in (0, 1], got {np.ravel(d[bad])[0]!r}")
    dc = 1.0 - d                     # exact for d >= 1/2, accurate below
    for name, v in (("qbar", qbar), ("qbar_dec", qbar_dec), ("qbar_c", qbar_c)):
        if v is None:
            continue
        v = np.asarray(v, dtype=float)
        bad = ~((v >= 0.0) & (v <= 1.0))
        if np.any(bad):
            reject(where, f"{name} must be a probability in [0, 1], got "
                          f"{float(np.ravel(v[bad])[0])!r}")
    qbar = np.asarray(qbar, dtype=float)
    q, qbar = check_pair(where, "q", 1.0 - qbar if q is None else q, qbar)
    if qbar_c is None:
        if q_c is not None:
            reject(where, "q_c needs qbar_c (= 1 - q_c) as well")
        qc, qcc = q, qbar
    else:
        qbar_c = np.asarray(qbar_c, dtype=float)
        qc, qcc = check_pair(where, "q_c", 1.0 - qbar_c if q_c is None else q_c, qbar_c)
    ordinary = _separation(d, dc, q, qbar, qc, qcc, "ordinary")
    deceptive = None
    if qbar_dec is not None:
        qbar_dec = np.asarray(qbar_dec, dtype=float)
        qd, qdc = check_pair(where, "q_dec", 1.0 - qbar_dec if q_dec is None else q_dec,
                             qbar_dec)
        deceptive = _separation(d, dc, qd, qdc, qc, qcc, "deceptive")
    elif q_dec is not None:
        reject(where, "q_dec needs qbar_dec (= 1 - q_dec) as well")
    return LatentParameters(_scalar(qc), _scalar(qcc), ordinary, deceptive)


def legacy_parameters(K, d, q, alpha=0.0, *, qbar=None):
    r"""Latent-race inputs of the legacy race, whose adversary labels for one policy $j^*$.

    A fraction $\alpha$ of labels is adversarial and written for $j^*$: such a label is
    wrong exactly when $j^*$ separates. So a label is correct with probability
    $q_c = (1-\alpha)\,q + \alpha\,(1-d)$; $j^*$ (a group of $m = 1$) separates on a
    correct label with probability $r_1' = (1-\alpha)\,q\,d/q_c$, on a wrong one with
    $r_2' = d\,((1-\alpha)(1-q) + \alpha)/(1-q_c)$; the other $K - 2$ policies separate
    with probability $d$ on every label ($r_1 = r_2 = d$). With $\alpha = 0$ there is no
    $j^*$ ($m = 0$, $q_c = q$).

    Parameters
    ----------
    K : float
        Number of policies, $\ge 2$.
    d : float
        Separation probability, in $[0, 1]$.
    q : float
        Probability that an honest separating label favours the aligned policy.
    alpha : float, optional
        Fraction of adversarial labels, in $[0, 1)$.
    qbar : float, optional
        $1 - q$ (default: formed from `q`); pass it when it is tiny (e.g. $\varepsilon$).

    Returns
    -------
    tuple
        `(log_K, m, qc, qcc, ordinary, deceptive)`: the arguments of
        `latent_race_log_probs` after `n` (and of `smallest_n`, `largest_K` after theirs).

    Examples
    --------
    >>> log_K, m, qc, qcc, ordinary, deceptive = legacy_parameters(2, 0.5, 0.8, 0.1)
    >>> m, round(qc, 12), round(qcc, 12), ordinary
    (1.0, 0.77, 0.23, (0.5, 0.5, 0.5, 0.5))
    """
    K, d, q, alpha = float(K), float(d), float(q), float(alpha)
    qbar = 1.0 - q if qbar is None else float(qbar)
    dc = 1.0 - d
    log_K = math.log(K) if K > 0 else -np.inf
    if alpha == 0.0:
        return log_K, 0.0, q, qbar, (d, dc, d, dc), None
    qc = (1.0 - alpha) * q + alpha * dc
    qcc = (1.0 - alpha) * qbar + alpha * d              # 1 - q_c, no cancellation
    if qc > 0.0:
        r1 = min(1.0, (1.0 - alpha) * q * d / qc)
        r1c = min(1.0, dc * ((1.0 - alpha) * q + alpha) / qc)
    else:
        r1, r1c = 0.0, 1.0
    if qcc > 0.0:
        r2 = min(1.0, d * ((1.0 - alpha) * qbar + alpha) / qcc)
        r2c = min(1.0, (1.0 - alpha) * qbar * dc / qcc)
    else:
        r2, r2c = 0.0, 1.0
    return log_K, 1.0, qc, qcc, (d, dc, d, dc), (r1, r1c, r2, r2c)

