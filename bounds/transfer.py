r"""Transfer from pre-training: the effective data of Hernandez et al. (2021), and fine-tuning data needed.

Hernandez, Kaplan, Henighan & McCandlish (2021, eq. 1.1) fit the *effective data
transferred* by pre-training, the extra data a from-scratch model of the same size would
need to match the fine-tuned one, as

$$D_T = k\,D_F^{\alpha} N^{\beta},$$

with $D_F$ the fine-tuning data (characters) and $N$ the non-embedding parameters. The
pre-trained model then behaves like a from-scratch model trained on $D_F + D_T$ characters,
the *effective data multiplier* is $(D_F + D_T)/D_F = 1 + k N^{\beta} D_F^{\alpha - 1}$ (about
$k N^{\beta} / D_F^{1-\alpha}$ when $D_T \gg D_F$, their eq. 1.2), and the fine-tuning data
needed to reach an effective amount $D_E$ solves $D_F + k D_F^{\alpha} N^{\beta} = D_E$.

**Regime of validity.** The fits are for the *low-data regime*: fine-tuning sets small
against what the from-scratch model of that size would need (the paper fits up to about
10% of it), with Python as the target. In the high-data regime transfer shrinks and can turn negative
("ossification": small pre-trained models end up worse than from-scratch ones); the power
law says nothing about it. Outside the fitted ranges every number here is an extrapolation.

Examples
--------
>>> from bounds.transfer import TEXT_TO_PYTHON
>>> f"{TEXT_TO_PYTHON.transferred(3e5, 4e7):.3g}"        # 40M model, 3e5 characters of Python
'1.42e+08'
>>> round(TEXT_TO_PYTHON.multiplier(3e5, 4e7))           # about 500 times the data
476
>>> D_E = 3e5 + TEXT_TO_PYTHON.transferred(3e5, 4e7)         # the effective data, inverted back
>>> round(TEXT_TO_PYTHON.fine_tuning_needed(D_E, 4e7))
300000
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .data import scaling as refs
from .errors import UnknownNameError
from .scaling import check_positive
from .validation import as_output, short

__all__ = ["TransferFit", "TEXT_TO_PYTHON", "MIXED_TO_PYTHON", "TRANSFERS", "transfer_fit", "REGIME"]

#: Where the fits of Hernandez et al. (2021) hold, in words.
REGIME = ("low-data regime: fine-tuning data small against what a from-scratch model of the same size needs "
          "(fitted up to about 10% of it); Python as the target; D in characters, N in non-embedding parameters")


@dataclass(frozen=True)
class TransferFit:
    r"""One fit $D_T = k\,D_F^{\alpha} N^{\beta}$ of Hernandez et al. (2021, Table 1).

    Attributes
    ----------
    key : str
        Short name (`"text_python"`).
    title : str
        Pre-training and target distributions, in words.
    constants : dict
        `"k"`, `"alpha"`, `"beta"` -> `bounds.data.Reference`.
    citation : str
        The paper and table.

    Examples
    --------
    >>> MIXED_TO_PYTHON.k, MIXED_TO_PYTHON.alpha, MIXED_TO_PYTHON.beta
    (210000.0, 0.096, 0.38)
    """

    key: str
    title: str
    constants: dict
    citation: str

    def __repr__(self) -> str:
        return f"<TransferFit {self.key!r}: D_T = {self.k:g} D_F^{self.alpha:g} N^{self.beta:g}>"

    @property
    def k(self) -> float:
        """The coefficient $k$."""
        return float(self.constants["k"].value)

    @property
    def alpha(self) -> float:
        r"""The exponent $\alpha$ of the fine-tuning data."""
        return float(self.constants["alpha"].value)

    @property
    def beta(self) -> float:
        r"""The exponent $\beta$ of the model size."""
        return float(self.constants["beta"].value)

    @property
    def expression(self):
        """$D_T$ as a sympy expression in $D_F$ and $N$, with the constants as printed.

        Examples
        --------
        >>> TEXT_TO_PYTHON.expression
        19000.0*D_F**0.18*N**0.38
        """
        import sympy as sp

        D_F, N = sp.symbols("D_F N", positive=True)
        return sp.Float(repr(self.k)) * D_F ** sp.Float(repr(self.alpha)) * N ** sp.Float(repr(self.beta))

    def transferred(self, D_F, N):
        r"""The effective data transferred $D_T = k D_F^{\alpha} N^{\beta}$ (characters), vectorized.

        Parameters
        ----------
        D_F : float or array_like
            Fine-tuning characters, in $(0, \infty)$.
        N : float or array_like
            Non-embedding parameters, in $(0, \infty)$.

        Examples
        --------
        >>> TEXT_TO_PYTHON.transferred(-1.0, 4e7)
        Traceback (most recent call last):
        ...
        bounds.errors.ParameterValueError: D_F=-1.0 in text_python.transferred is outside its domain (0, inf)
        """
        D_F = check_positive("D_F", D_F, f"{self.key}.transferred")
        N = check_positive("N", N, f"{self.key}.transferred")
        return as_output(np.exp(math.log(self.k) + self.alpha * np.log(D_F) + self.beta * np.log(N)))

    def multiplier(self, D_F, N):
        r"""The effective data multiplier $(D_F + D_T)/D_F = 1 + k N^{\beta} D_F^{\alpha-1}$.

        Examples
        --------
        >>> round(MIXED_TO_PYTHON.multiplier(3e5, 4e7))
        1819
        """
        D_F = check_positive("D_F", D_F, f"{self.key}.multiplier")
        N = check_positive("N", N, f"{self.key}.multiplier")
        return as_output(1.0 + np.exp(math.log(self.k) + (self.alpha - 1.0) * np.log(D_F) + self.beta * np.log(N)))

    def fine_tuning_needed(self, effective, N):
        r"""Fine-tuning characters $D_F$ at which $D_F + k D_F^{\alpha} N^{\beta}$ equals `effective`, vectorized.

        The left side increases strictly from 0 to $\infty$ in $D_F$, so the root is unique; it
        lies between $\min(D_E/2, (D_E/(2kN^{\beta}))^{1/\alpha})$ and
        $\min(D_E, (D_E/(kN^{\beta}))^{1/\alpha})$, where bisection in $\log D_F$ finds it to
        the last bit. The answer is only meaningful in the low-data regime (`REGIME`): check
        that the result is small against what the from-scratch model would need.

        Parameters
        ----------
        effective : float or array_like
            The effective amount of data $D_E$ wanted (characters, as if trained from
            scratch), in $(0, \infty)$.
        N : float or array_like
            Non-embedding parameters, in $(0, \infty)$.

        Returns
        -------
        float or ndarray

        Examples
        --------
        >>> f"{TEXT_TO_PYTHON.fine_tuning_needed(1e8, 1e8):.4g}"     # 1e8 effective characters
        '6089'
        >>> TEXT_TO_PYTHON.fine_tuning_needed(float("nan"), 1e8)
        Traceback (most recent call last):
        ...
        bounds.errors.ParameterValueError: effective=nan in text_python.fine_tuning_needed is outside its domain (0, inf)
        """
        where = f"{self.key}.fine_tuning_needed"
        E = check_positive("effective", effective, where)
        N = check_positive("N", N, where)
        E, N = np.broadcast_arrays(E, N)
        log_e, log_kn = np.log(E), math.log(self.k) + self.beta * np.log(N)
        lo = np.minimum(log_e - math.log(2.0), (log_e - math.log(2.0) - log_kn) / self.alpha)
        hi = np.minimum(log_e, (log_e - log_kn) / self.alpha)
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            total = np.exp(mid) + np.exp(log_kn + self.alpha * mid)
            too_much = total > E
            hi, lo = np.where(too_much, mid, hi), np.where(too_much, lo, mid)
            if np.all(hi - lo <= 4e-16 * np.maximum(1.0, np.abs(hi))):
                break
        return as_output(np.exp(0.5 * (lo + hi)))


def _fit(prefix: str, title: str) -> TransferFit:
    c = refs.HERNANDEZ_2021
    constants = {name: c[f"{prefix}_{name}"] for name in ("k", "alpha", "beta")}
    return TransferFit(prefix, title, constants, f"{refs.HERNANDEZ}, eq. (1.1) and Table 1")


#: Pre-trained on text, fine-tuned on Python (Hernandez et al. 2021, Table 1).
TEXT_TO_PYTHON = _fit("text_python", "pre-trained on text, fine-tuned on Python")
#: Pre-trained on 50% text and 50% non-Python code, fine-tuned on Python (Table 1).
MIXED_TO_PYTHON = _fit("mixed_python", "pre-trained on 50% text + 50% non-Python code, fine-tuned on Python")
#: Both fits by key.
TRANSFERS = {f.key: f for f in (TEXT_TO_PYTHON, MIXED_TO_PYTHON)}


def transfer_fit(key: str) -> TransferFit:
    """The transfer fit with this key (`"text_python"` or `"mixed_python"`).

    Examples
    --------
    >>> transfer_fit("text_python").alpha
    0.18
    >>> transfer_fit("python")
    Traceback (most recent call last):
    ...
    bounds.errors.UnknownNameError: no transfer fit 'python' (fits: text_python, mixed_python)
    """
    if not isinstance(key, str) or key not in TRANSFERS:
        raise UnknownNameError(f"no transfer fit {short(key)} (fits: {', '.join(TRANSFERS)})")
    return TRANSFERS[key]
