r"""Exchange rates: what one label at error rate $\varepsilon$ is worth in labels at another.

`exchange_rate` and `exchange_table` answer it on three sides, in labels at a reference
error rate (default: clean labels):

* necessary: the ratio of information per label, the capacity $\ln 2 - h(\varepsilon)$ of the
  label's binary symmetric channel (Fano's bound on what any learner needs, even one that
  chooses its queries, scales with its inverse);
* sufficient: the ratio of the duel's Chernoff exponents $-\ln(1 - d(\sqrt q - \sqrt{1-q})^2)$;
* exact: the ratio of the labels `bounds.Scenario.labels_needed` finds exactly.

Examples
--------
>>> from bounds.exchange import exchange_rate
>>> r10, r40 = exchange_rate([0.1, 0.4])      # a label at 0.1 is worth about 18 at 0.4
>>> round(float(r10 / r40), 1)
18.3
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np

from . import kernels
from .errors import NoSolutionWarning, ParameterValueError
from .validation import as_output, check_choice
from .vocabulary import parameter

__all__ = ["exchange_rate", "exchange_table", "ExchangeTable"]

_SIDES = ("necessary", "sufficient", "exact")


def _rates(eps, alpha, side, d, K, bits, delta):
    """Per-label worth on `side`: capacity, Chernoff exponent, or 1 / exact labels needed."""
    q, qbar = kernels.q_alpha(eps, alpha), kernels.qbar_alpha(eps, alpha)
    if side == "necessary":
        return kernels.capacity_symmetric(q - qbar, np.minimum(q, qbar))
    if side == "sufficient":
        with np.errstate(divide="ignore"):
            r = -np.log1p(-d * (np.sqrt(q) - np.sqrt(qbar)) ** 2)
        return np.where(q > qbar, r, 0.0)
    from .scenario import Scenario

    kw = {"K": K} if bits is None else {"bits": bits}
    out = np.empty(np.shape(eps))
    for i, (e, a) in enumerate(zip(np.ravel(eps), np.ravel(np.broadcast_to(alpha, np.shape(eps))))):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NoSolutionWarning)
            n = Scenario(d=d, eps=float(e), alpha=float(a), **kw).labels_needed(delta, exact=True).exact
        n = np.ma.filled(np.ma.asarray(n, dtype=float), np.nan) if n is not None else np.nan
        out.flat[i] = 1.0 / float(n)
    return out


def exchange_rate(eps, *, eps_ref=0.0, alpha=0.0, side: str = "necessary", d=1.0, K=None, bits=None,
                  delta=0.05):
    r"""What one label at error rate $\varepsilon$ is worth in labels at $\varepsilon_{\mathrm{ref}}$ (default: clean).

    * `side="necessary"`: the ratio of information per label,
      $C(\varepsilon) / C(\varepsilon_{\mathrm{ref}})$ with $C = \ln 2 - h$ the capacity of
      the label's binary symmetric channel: Fano's bound on the labels any learner needs
      (even one choosing its queries) scales with $1/C$. Independent of $d$, $K$, $\delta$.
    * `side="sufficient"`: the ratio of the duel's Chernoff exponents
      $-\ln(1 - d(\sqrt q - \sqrt{1-q})^2)$, i.e. of the labels the union Chernoff bound
      needs. Independent of $K$ and $\delta$; 0 where $q \le 1/2$ (a generic objective
      cannot use labels that favour the unaligned policy).
    * `side="exact"`: $n_{\mathrm{ref}} / n(\varepsilon)$, the ratio of the exact labels
      `bounds.Scenario.labels_needed` gives at $K$, $d$, $\delta$ (`nan`, with a warning,
      where it is out of the exact engine's reach).

    Parameters
    ----------
    eps : float or array_like
        Error rate of the labels priced, in $[0, 1/2]$.
    eps_ref : float
        Error rate of the reference labels (the currency).
    alpha : float or array_like
        Adversarial fraction of the labels priced (the reference has none).
    side : {'necessary', 'sufficient', 'exact'}
        Which side's labels-needed the rate compares.
    d : float
        Separation probability (sufficient and exact sides).
    K, bits : float, optional
        Number of candidate policies (exact side; default $K = 2$).
    delta : float
        Allowed failure probability (exact side).

    Returns
    -------
    float or numpy.ndarray
        Reference labels per label at `eps` (0: worthless).

    Raises
    ------
    ParameterValueError
        If a value is outside its domain, or the reference labels are worthless on `side`.

    Examples
    --------
    A label at $\varepsilon = 0.1$ is worth about twenty at $0.4$ on both bound sides
    (capacities $1 - h(0.1) = 0.531$ and $1 - h(0.4) = 0.029$ bits):

    >>> r10, r40 = exchange_rate([0.1, 0.4])
    >>> round(float(r10 / r40), 1)
    18.3
    >>> s10, s40 = exchange_rate([0.1, 0.4], side="sufficient", d=0.1)
    >>> round(float(s10 / s40), 1)
    20.2
    """
    check_choice("side", side, _SIDES, where="exchange_rate")
    e = parameter("eps").validate(eps, where="exchange_rate")
    e0 = float(parameter("eps").validate(eps_ref, where="exchange_rate"))
    a = parameter("alpha").validate(alpha, where="exchange_rate")
    d = float(parameter("d").validate(d, where="exchange_rate"))
    delta = float(parameter("delta").validate(delta, where="exchange_rate"))
    if K is None and bits is None:
        K = 2
    e, a = np.broadcast_arrays(e, a)
    ref = float(np.asarray(_rates(np.array(e0), 0.0, side, d, K, bits, delta)))
    if not ref > 0:
        raise ParameterValueError(f"eps_ref={eps_ref!r}: reference labels at this error rate are worthless on the "
                                  f"{side} side, so nothing can be priced in them", parameter="eps_ref", value=eps_ref)
    r = np.asarray(_rates(e, a, side, d, K, bits, delta), dtype=float) / ref
    if np.any(np.isnan(r)):
        warnings.warn("exchange_rate: some exact labels-needed are out of the exact engine's reach (nan)",
                      NoSolutionWarning, stacklevel=2)
    return as_output(r)


@dataclass(frozen=True)
class ExchangeTable:
    r"""Reference labels per label at each error rate, on the three sides.

    Attributes
    ----------
    eps : numpy.ndarray
        Error rates priced.
    eps_ref : float
        The reference error rate.
    necessary, sufficient, exact : numpy.ndarray
        `exchange_rate` on each side.
    d, delta : float
        The separation and failure probability used.

    Examples
    --------
    >>> t = exchange_table([0.0, 0.1], d=0.5, K=2)
    >>> t.necessary.round(3).tolist()
    [1.0, 0.531]
    """

    eps: np.ndarray
    eps_ref: float
    necessary: np.ndarray
    sufficient: np.ndarray
    exact: np.ndarray
    d: float
    delta: float

    def __repr__(self) -> str:
        head = (f"labels at eps_ref = {self.eps_ref:g} that one label at eps is worth (d = {self.d:g}, "
                f"delta = {self.delta:g})")
        rows = [head, "     eps   necessary  sufficient       exact   (labels per reference label, exact)"]
        for i in range(len(self.eps)):
            inv = 1.0 / self.exact[i] if self.exact[i] > 0 else math.inf
            rows.append(f"{self.eps[i]:8.4g}  {self.necessary[i]:10.4g}  {self.sufficient[i]:10.4g}  "
                        f"{self.exact[i]:10.4g}   {inv:.4g}")
        return "\n".join(rows)


def exchange_table(eps, *, eps_ref=0.0, d=1.0, K=None, bits=None, delta=0.05) -> ExchangeTable:
    r"""`exchange_rate` on all three sides, as a table.

    Examples
    --------
    >>> t = exchange_table([0.05, 0.1, 0.2, 0.3], eps_ref=0.05, d=0.1, bits=20)
    >>> [round(float(x), 3) for x in t.exact]
    [1.0, 0.715, 0.36, 0.151]
    """
    e = np.atleast_1d(np.asarray(parameter("eps").validate(eps, where="exchange_table"), dtype=float))
    kw = dict(eps_ref=eps_ref, d=d, K=K, bits=bits, delta=delta)
    cols = [np.atleast_1d(np.asarray(exchange_rate(e, side=s, **kw), dtype=float)) for s in _SIDES]
    return ExchangeTable(e, float(eps_ref), cols[0], cols[1], cols[2], float(d), float(delta))
