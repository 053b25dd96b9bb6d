r"""Scaling laws with separate model-size and data terms: data needed, its floor, compute-optimal allocation.

A fitted law $L(N, D)$ gives the loss of a language model of $N$ parameters trained on $D$
tokens. Because the model-size and data terms are separate, a target loss has a *floor* at
each model size, $L(N, \infty)$, and the data needed for it falls as $N$ grows but never
below its limit as $N \to \infty$: even an infinitely large model needs at least that much
data (the cap on sample efficiency). Four published fits are provided:

* `KAPLAN_JOINT` — Kaplan et al. (2020), eq. (1.5), Table 2:
  $L = \big[(N_c/N)^{\alpha_N/\alpha_D} + D_c/D\big]^{\alpha_D}$ (non-embedding parameters,
  WebText2, nats per token);
* `CHINCHILLA` — Hoffmann et al. (2022), Approach 3, as printed:
  $L = E + A/N^{\alpha} + B/D^{\beta}$;
* `CHINCHILLA_UNROUNDED` — the same fit with the unrounded $E$, $\alpha$, $\beta$ of the paper's
  TeX source (as reported by Besiroglu et al. 2024; $A$, $B$ as printed);
* `BESIROGLU_REFIT` — the refit of Besiroglu et al. (2024).

Losses of different laws are measured on different corpora and tokenizers: compare what a
law implies (data needed, allocation, the ratio $D^*/N^*$), not raw losses across laws.
Compute is $C = 6ND$ FLOPs throughout. The constants and their sources live in
`bounds.data.scaling`; the transfer law of Hernandez et al. (2021) is in `bounds.transfer`.

Examples
--------
>>> from bounds.scaling import CHINCHILLA, CHINCHILLA_UNROUNDED, KAPLAN_JOINT
>>> CHINCHILLA.compute_optimal(5.76e23)
chinchilla at C = 5.76e+23 FLOPs (C = 6ND):
  N* = 3.219e+10, D* = 2.982e+12 tokens, D*/N* = 92.65, loss 1.931
>>> round(CHINCHILLA_UNROUNDED.compute_optimal(5.76e23).ratio, 1)    # rounding moves D*/N* by a third
59.1
>>> f"{CHINCHILLA.data_needed_limit(2.0):.4g}"          # tokens even an infinite model needs
'1.414e+11'
>>> coefficient, exponent = KAPLAN_JOINT.overfitting_rule()   # Kaplan et al. (2020), eq. (4.4)
>>> round(coefficient, -2), round(exponent, 2)
(5500.0, 0.74)
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .data import scaling as refs
from .data.reference import Reference
from .errors import ParameterTypeError, ParameterValueError, UnknownNameError
from .validation import as_output, check_positive, check_real, short

__all__ = ["ScalingLaw", "KaplanLaw", "ChinchillaLaw", "Allocation", "Sensitivity", "RoundingEffect",
           "KAPLAN_JOINT", "CHINCHILLA", "CHINCHILLA_UNROUNDED", "BESIROGLU_REFIT", "LAWS", "FIGURES",
           "CHINCHILLA_COMPUTE", "scaling_law", "rounding_effect"]

#: The training compute of Chinchilla and Gopher, $5.76 \times 10^{23}$ FLOPs (Hoffmann et al. 2022).
CHINCHILLA_COMPUTE = refs.CHINCHILLA_TRAINING["compute"].value

#: The derived figures `ScalingLaw.figure` and `ScalingLaw.sensitivity` know, and the
#: arguments each needs.
FIGURES = {
    "N_opt": ("C",),
    "D_opt": ("C",),
    "ratio": ("C",),
    "loss_opt": ("C",),
    "data_needed": ("loss", "N"),
    "data_needed_limit": ("loss",),
}


def _check_loss(loss, floor, where: str, what: str, N=None) -> np.ndarray:
    """The target loss as an array broadcast with `floor`, each element finite and above it."""
    check_real("loss", loss, "(floor, inf)", f" in {where}")
    arr = np.asarray(loss)
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise ParameterTypeError(f"loss in {where} must be a real number or an array of them, got "
                                 f"{arr.dtype} {short(loss)}", parameter="loss", value=loss)
    arr, floor = np.broadcast_arrays(arr.astype(float), np.asarray(floor, dtype=float))
    bad = ~np.isfinite(arr) | ~(arr > floor)
    if np.any(bad):
        i = np.flatnonzero(np.ravel(bad))[0]
        v, f = float(np.ravel(arr)[i]), float(np.ravel(floor)[i])
        at = "" if N is None else f" at N={float(np.ravel(np.broadcast_to(N, arr.shape))[i]):.6g}"
        reason = (f"is not finite" if not math.isfinite(v) else
                  f"is at or below {what} {f:.6g}{at}: no amount of data reaches it")
        raise ParameterValueError(f"loss={v!r} in {where} {reason} (allowed: loss > {f:.6g})",
                                  parameter="loss", value=v, domain=f"({f:.6g}, inf)")
    return arr


@dataclass(frozen=True)
class Allocation:
    r"""The compute-optimal model size and data at a compute budget $C = 6ND$.

    Attributes
    ----------
    law : str
        The key of the law (`"chinchilla"`, ...).
    C : float or ndarray
        Compute, in FLOPs.
    N, D : float or ndarray
        The loss-minimizing parameters $N^*$ and tokens $D^* = C / (6N^*)$.
    ratio : float or ndarray
        $D^*/N^*$, tokens per parameter.
    loss : float or ndarray
        The law's loss at $(N^*, D^*)$.

    Examples
    --------
    >>> a = BESIROGLU_REFIT.compute_optimal(5.76e23)
    >>> round(a.ratio, 1)
    18.4
    """

    law: str
    C: object
    N: object
    D: object
    ratio: object
    loss: object

    def __repr__(self) -> str:
        def g(x):
            x = np.asarray(x)
            return f"{float(x):.4g}" if x.ndim == 0 else "[" + ", ".join(f"{v:.4g}" for v in x.ravel()[:4]) + (
                ", ...]" if x.size > 4 else "]")
        head = f"{self.law} at C = {g(self.C)} FLOPs (C = 6ND):"
        if np.ndim(self.C) == 0:
            return (f"{head}\n  N* = {g(self.N)}, D* = {g(self.D)} tokens, D*/N* = {g(self.ratio)}, "
                    f"loss {g(self.loss)}")
        rows = [("N*", self.N), ("D*", self.D), ("D*/N*", self.ratio), ("loss", self.loss)]
        return "\n".join([head] + [f"  {name:<6} = {g(x)}" for name, x in rows])


@dataclass(frozen=True)
class Sensitivity:
    r"""Elasticities of a derived figure: $\partial \log(\text{figure}) / \partial \log(\text{constant})$.

    An elasticity of $-3$ means a 1% increase in the constant lowers the figure by about 3%.

    Attributes
    ----------
    law : str
        The key of the law.
    figure : str
        One of `FIGURES`.
    at : dict
        Where the figure is evaluated (`C`, or `loss` and `N`).
    value : float
        The figure there.
    elasticities : dict
        Constant name -> elasticity.

    Examples
    --------
    >>> s = CHINCHILLA.sensitivity("ratio", C=5.76e23)
    >>> round(s.elasticities["A"], 3), round(s.elasticities["E"], 3)
    (-3.226, 0.0)
    """

    law: str
    figure: str
    at: dict
    value: float
    elasticities: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        where = ", ".join(f"{k}={v:.4g}" for k, v in self.at.items())
        rows = [f"{self.law}: {self.figure} = {self.value:.4g} at {where}; d log({self.figure}) / d log(constant):"]
        rows += [f"  {k:<10}{e:>+10.4f}" for k, e in self.elasticities.items()]
        return "\n".join(rows)


class ScalingLaw:
    r"""A fitted scaling law $L(N, D)$: its formula, citation and constants, and what it implies.

    Use the instances (`KAPLAN_JOINT`, `CHINCHILLA`, `CHINCHILLA_UNROUNDED`, `BESIROGLU_REFIT`)
    or `scaling_law`; the subclasses `KaplanLaw` and `ChinchillaLaw` implement the two forms.

    Parameters
    ----------
    key : str
        Short name (`"chinchilla"`).
    title : str
        What the law is, in words.
    citation : str
        The paper (authors, year, title, arXiv number, table or equation).
    constants : dict
        Constant name -> `bounds.data.Reference`, one for each name of `NAMES`.
    values : dict, optional
        Values overriding the references' (see `replace`).

    Attributes
    ----------
    key, title, citation : str
        As given.
    constants : dict
        Constant name -> `bounds.data.Reference` (value as printed, source, tag).
    values : dict
        Constant name -> the float used (the reference's value unless `replace` changed it).

    Examples
    --------
    >>> law = scaling_law("chinchilla")
    >>> law.values["alpha"], law.constants["alpha"].tag
    (0.34, 'quote')
    >>> law
    <ChinchillaLaw 'chinchilla': E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28>
    """

    #: The names of the law's constants, in order.
    NAMES: tuple = ()
    #: The formula in words, for reprs.
    FORM: str = ""

    def __init__(self, key: str, title: str, citation: str, constants: dict, values: dict | None = None):
        missing = [n for n in self.NAMES if n not in constants or not isinstance(constants[n], Reference)]
        if missing:
            raise ParameterValueError(f"{type(self).__name__} {key!r}: constants {missing} missing (need a "
                                      f"Reference for each of {list(self.NAMES)})", parameter="constants")
        self.key, self.title, self.citation = key, title, citation
        self.constants = {n: constants[n] for n in self.NAMES}
        self.values = {n: float(constants[n].value) for n in self.NAMES}
        for name, v in (values or {}).items():
            if name not in self.NAMES:
                raise UnknownNameError(f"{key} has no constant {name!r} (it has {', '.join(self.NAMES)})")
            self.values[name] = float(check_positive(name, v, f"{key}.replace"))

    def __repr__(self) -> str:
        vals = ", ".join(f"{n}={v:g}" for n, v in self.values.items())
        return f"<{type(self).__name__} {self.key!r}: {vals}>"

    def replace(self, **values) -> "ScalingLaw":
        r"""The same law with some constants changed (for sensitivity studies).

        Examples
        --------
        >>> CHINCHILLA.replace(beta=0.2849).values["beta"]
        0.2849
        """
        return type(self)(self.key, self.title, self.citation, self.constants, {**self.values, **values})

    # ---- symbolic form
    def formula(self):
        """The law as a sympy expression in $N$, $D$ and symbols for its constants.

        Examples
        --------
        >>> CHINCHILLA.formula()
        A/N**alpha + B/D**beta + E
        """
        import sympy as sp

        syms = {n: sp.Symbol(n, positive=True) for n in ("N", "D") + self.NAMES}
        return self._formula(sp, syms)

    @property
    def expression(self):
        """The law as a sympy expression in $N$ and $D$, with its constants as printed.

        Examples
        --------
        >>> BESIROGLU_REFIT.expression
        2085.43/D**0.3658 + 482.01/N**0.3478 + 1.8172
        """
        import sympy as sp

        f = self.formula()
        subs = {sp.Symbol(n, positive=True): sp.Float(repr(v)) for n, v in self.values.items()}
        return f.subs(subs)

    def _formula(self, sp, s):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    # ---- numbers
    @property
    def irreducible(self) -> float:
        r"""The loss as $N, D \to \infty$ (the $E$ of a Chinchilla-type law; 0 for Kaplan's).

        Examples
        --------
        >>> CHINCHILLA.irreducible, KAPLAN_JOINT.irreducible
        (1.69, 0.0)
        """
        return float(self.values.get("E", 0.0))

    def loss(self, N, D):
        r"""The loss $L(N, D)$, vectorized; $N$ or $D$ may be $\infty$.

        Parameters
        ----------
        N : float or array_like
            Parameters, in $(0, \infty]$.
        D : float or array_like
            Training tokens, in $(0, \infty]$.

        Returns
        -------
        float or ndarray

        Examples
        --------
        >>> round(CHINCHILLA.loss(7e10, 1.4e12), 4)      # Chinchilla's own size and data
        1.9367
        >>> CHINCHILLA.loss(7e10, -1)
        Traceback (most recent call last):
        ...
        bounds.errors.ParameterValueError: D=-1.0 in chinchilla.loss is outside its domain (0, inf]
        """
        N = check_positive("N", N, f"{self.key}.loss", allow_inf=True)
        D = check_positive("D", D, f"{self.key}.loss", allow_inf=True)
        return as_output(self._loss(N, D))

    def floor(self, N):
        r"""$L(N, \infty)$: the lowest loss a model of $N$ parameters reaches with unlimited data.

        Examples
        --------
        >>> round(CHINCHILLA.floor(7e10), 4)
        1.7735
        """
        N = check_positive("N", N, f"{self.key}.floor", allow_inf=True)
        return as_output(self._loss(N, np.inf))

    def data_needed(self, loss, N):
        r"""Tokens $D$ at which $L(N, D)$ equals `loss`, vectorized: the law solved for $D$.

        Raises `ParameterValueError` where the target is at or below the floor $L(N, \infty)$
        (only a larger model reaches it). Returns `inf` only where the answer exceeds the
        largest double.

        Parameters
        ----------
        loss : float or array_like
            The target loss (nats per token), above `floor(N)`.
        N : float or array_like
            Parameters, in $(0, \infty]$.

        Returns
        -------
        float or ndarray

        Examples
        --------
        >>> f"{CHINCHILLA.data_needed(2.0, 7e10):.4g}"
        '4.338e+11'
        >>> CHINCHILLA.data_needed(1.75, 7e10)
        Traceback (most recent call last):
        ...
        bounds.errors.ParameterValueError: loss=1.75 in chinchilla.data_needed is at or below the floor L(N, inf) = 1.77349 at N=7e+10: no amount of data reaches it (allowed: loss > 1.77349)
        """
        where = f"{self.key}.data_needed"
        N = check_positive("N", N, where, allow_inf=True)
        floor = self._loss(N, np.inf)
        L = _check_loss(loss, floor, where, "the floor L(N, inf) =", N)
        with np.errstate(over="ignore"):
            return as_output(self._data_needed(L, np.broadcast_to(N, L.shape)))

    def data_needed_limit(self, loss):
        r"""The data needed as $N \to \infty$: a lower bound on the data needed at any model size.

        This is the cap on sample efficiency: the data term alone must fall to the target,
        so no model, however large, reaches `loss` with fewer tokens.

        Examples
        --------
        >>> f"{KAPLAN_JOINT.data_needed_limit(2.0):.4g}"
        '2.151e+10'
        >>> CHINCHILLA.data_needed_limit(1.5)
        Traceback (most recent call last):
        ...
        bounds.errors.ParameterValueError: loss=1.5 in chinchilla.data_needed_limit is at or below the irreducible loss E = 1.69: no amount of data reaches it (allowed: loss > 1.69)
        """
        where = f"{self.key}.data_needed_limit"
        what = "the irreducible loss E =" if "E" in self.values else "the limit loss"
        L = _check_loss(loss, self.irreducible, where, what)
        with np.errstate(over="ignore"):
            return as_output(self._data_needed(L, np.full(L.shape, np.inf)))

    def compute_optimal(self, C) -> Allocation:
        r"""The allocation minimizing $L(N, D)$ under $6ND = C$, vectorized in `C`.

        Examples
        --------
        >>> a = CHINCHILLA.compute_optimal([1e21, 1e23])
        >>> [round(float(r), 1) for r in a.ratio]
        [50.1, 78.2]
        """
        C = check_positive("C", C, f"{self.key}.compute_optimal")
        N = np.exp(self._log_optimal_N(C))
        D = C / (6.0 * N)
        return Allocation(self.key, as_output(C), as_output(N), as_output(D), as_output(D / N),
                          as_output(self._loss(N, D)))

    def figure(self, name: str, **at) -> float:
        r"""One derived figure (a key of `FIGURES`) at one point.

        Examples
        --------
        >>> round(CHINCHILLA.figure("ratio", C=5.76e23), 2)
        92.65
        >>> CHINCHILLA.figure("ratio", loss=2.0)
        Traceback (most recent call last):
        ...
        bounds.errors.ParameterValueError: figure 'ratio' needs C, got loss
        """
        if name not in FIGURES:
            raise UnknownNameError(f"no figure {name!r} (figures: {', '.join(FIGURES)})")
        if set(at) != set(FIGURES[name]):
            raise ParameterValueError(f"figure {name!r} needs {', '.join(FIGURES[name])}, got "
                                      f"{', '.join(at) or 'nothing'}", parameter="at", value=at)
        if name == "data_needed":
            return float(self.data_needed(at["loss"], at["N"]))
        if name == "data_needed_limit":
            return float(self.data_needed_limit(at["loss"]))
        a = self.compute_optimal(at["C"])
        return float({"N_opt": a.N, "D_opt": a.D, "ratio": a.ratio, "loss_opt": a.loss}[name])

    def sensitivity(self, figure: str, *, step: float = 1e-5, **at) -> Sensitivity:
        r"""Elasticities $\partial \log(\text{figure}) / \partial \log(c)$ for each constant $c$.

        Central differences in $\log c$ with step $h$ = `step` (error of order $h^2$).
        Second-order figures such as $D^*/N^*$ are the most sensitive: for Chinchilla-type
        laws $\log(D^*/N^*)$ moves by $2/(\alpha+\beta)$ times the change in $\log(B/A)$
        and by tens per unit change of an exponent.

        Examples
        --------
        >>> s = CHINCHILLA.sensitivity("ratio", C=5.76e23)
        >>> round(s.elasticities["beta"], 2), round(s.elasticities["alpha"], 2)
        (-22.72, 23.31)
        """
        step = float(check_positive("step", step, f"{self.key}.sensitivity"))
        value = self.figure(figure, **at)
        out = {}
        for name, v in self.values.items():
            up = self.replace(**{name: v * math.exp(step)}).figure(figure, **at)
            down = self.replace(**{name: v * math.exp(-step)}).figure(figure, **at)
            out[name] = (math.log(up) - math.log(down)) / (2.0 * step)
        return Sensitivity(self.key, figure, dict(at), value, out)

    # ---- the form-specific parts
    def _loss(self, N, D):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def _data_needed(self, L, N):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def _log_optimal_N(self, C):  # pragma: no cover - every subclass defines it
        raise NotImplementedError


class ChinchillaLaw(ScalingLaw):
    r"""$L(N, D) = E + A/N^{\alpha} + B/D^{\beta}$ (Hoffmann et al. 2022, eq. (2)).

    Data needed at size $N$: $D = \big(B / (L - E - A N^{-\alpha})\big)^{1/\beta}$; its limit
    as $N \to \infty$: $(B/(L - E))^{1/\beta}$. Compute-optimal allocation (Hoffmann et al.
    2022, §3.3): $G = (\alpha A / (\beta B))^{1/(\alpha+\beta)}$,
    $N^* = G\,(C/6)^{\beta/(\alpha+\beta)}$, $D^* = (C/6)/N^*$, so
    $D^*/N^* = G^{-2} (C/6)^{(\alpha-\beta)/(\alpha+\beta)}$.

    Examples
    --------
    >>> round(CHINCHILLA.exponent_a, 4), round(CHINCHILLA_UNROUNDED.exponent_a, 4)
    (0.4516, 0.4565)
    """

    NAMES = ("E", "A", "B", "alpha", "beta")
    FORM = "L = E + A/N^alpha + B/D^beta"

    def _formula(self, sp, s):
        return s["E"] + s["A"] / s["N"] ** s["alpha"] + s["B"] / s["D"] ** s["beta"]

    @property
    def exponent_a(self) -> float:
        r"""$a = \beta/(\alpha+\beta)$, the exponent of $N^* \propto C^a$ ($D^* \propto C^{1-a}$)."""
        v = self.values
        return v["beta"] / (v["alpha"] + v["beta"])

    def _loss(self, N, D):
        v = self.values
        return v["E"] + v["A"] * np.power(N, -v["alpha"]) + v["B"] * np.power(D, -v["beta"])

    def _data_needed(self, L, N):
        v = self.values
        gap = L - v["E"] - v["A"] * np.power(N, -v["alpha"])
        return np.exp((math.log(v["B"]) - np.log(gap)) / v["beta"])

    def _log_optimal_N(self, C):
        v = self.values
        s = v["alpha"] + v["beta"]
        log_g = (math.log(v["alpha"] * v["A"]) - math.log(v["beta"] * v["B"])) / s
        return log_g + v["beta"] / s * np.log(C / 6.0)


class KaplanLaw(ScalingLaw):
    r"""$L(N, D) = \big[(N_c/N)^{\alpha_N/\alpha_D} + D_c/D\big]^{\alpha_D}$ (Kaplan et al. 2020, eq. (1.5)).

    Data needed at size $N$: $D = D_c / (L^{1/\alpha_D} - (N_c/N)^{\alpha_N/\alpha_D})$; floor
    $L(N, \infty) = (N_c/N)^{\alpha_N}$; limit as $N \to \infty$: $D_c L^{-1/\alpha_D}$ (the law
    has no irreducible term, so every positive target is reachable by some model).

    Compute-optimal allocation *of this law* under $C = 6ND$: minimizing
    $f(N) = (N_c/N)^{a} + 6 D_c N / C$ with $a = \alpha_N/\alpha_D$ gives
    $N^* = (a N_c^{a} C / (6 D_c))^{1/(1+a)}$, i.e. $N^* \propto C^{\alpha_D/(\alpha_N+\alpha_D)} =
    C^{0.575}$. Kaplan et al.'s own allocation, $N \propto C^{0.73}$ (their §6), comes from a
    different fit, $L(N, S_{\min})$ with training steps and the critical batch size, not from
    this joint law; the two should not be expected to agree.

    Examples
    --------
    >>> round(KAPLAN_JOINT.exponent_a, 4)
    0.5754
    """

    NAMES = ("alpha_N", "alpha_D", "N_c", "D_c")
    FORM = "L = ((N_c/N)^(alpha_N/alpha_D) + D_c/D)^alpha_D"

    def _formula(self, sp, s):
        return ((s["N_c"] / s["N"]) ** (s["alpha_N"] / s["alpha_D"]) + s["D_c"] / s["D"]) ** s["alpha_D"]

    @property
    def exponent_a(self) -> float:
        r"""The exponent of $N^* \propto C^{a}$ under this joint law: $\alpha_D/(\alpha_N+\alpha_D)$."""
        v = self.values
        return v["alpha_D"] / (v["alpha_N"] + v["alpha_D"])

    def _loss(self, N, D):
        v = self.values
        x = np.power(v["N_c"] / N, v["alpha_N"] / v["alpha_D"])
        return np.power(x + v["D_c"] / D, v["alpha_D"])

    def _data_needed(self, L, N):
        v = self.values
        x = np.power(v["N_c"] / N, v["alpha_N"] / v["alpha_D"])
        return v["D_c"] / (np.power(L, 1.0 / v["alpha_D"]) - x)

    def _log_optimal_N(self, C):
        v = self.values
        a = v["alpha_N"] / v["alpha_D"]
        return (math.log(a) + a * math.log(v["N_c"]) + np.log(C) - math.log(6.0 * v["D_c"])) / (1.0 + a)

    def overfitting_data(self, N, threshold: float = 0.02):
        r"""Tokens above which a model of $N$ parameters is within `threshold` of its floor.

        Kaplan et al. (2020, §4.2) measure overfitting by
        $\delta L = L(N, D)/L(N, \infty) - 1 = \big(1 + (N/N_c)^{\alpha_N/\alpha_D} D_c/D\big)^{\alpha_D} - 1$
        and take $\delta L \le 0.02$ as negligible. Solving for $D$:

        $$D \ge \frac{D_c\,(N/N_c)^{\alpha_N/\alpha_D}}{(1+\delta)^{1/\alpha_D} - 1},$$

        the rule $D \gtrsim 5 \times 10^3\,N^{0.74}$ of their eq. (4.4) (see `overfitting_rule`).

        Examples
        --------
        >>> f"{KAPLAN_JOINT.overfitting_data(1e9):.3g}"
        '2.41e+10'
        """
        N = check_positive("N", N, f"{self.key}.overfitting_data")
        coef, expo = self.overfitting_rule(threshold)
        return as_output(coef * np.power(N, expo))

    def overfitting_rule(self, threshold: float = 0.02) -> tuple:
        r"""The coefficient and exponent of $D \gtrsim c\,N^{e}$ derived from this law at `threshold`.

        $e = \alpha_N/\alpha_D$ and $c = D_c N_c^{-e} / ((1+\delta)^{1/\alpha_D} - 1)$; with the
        Table 2 constants and $\delta = 0.02$: $c \approx 5.5 \times 10^3$, $e \approx 0.738$,
        which Kaplan et al. (2020) state as $5 \times 10^3$ and $0.74$ (eq. (4.4)).

        Examples
        --------
        >>> c, e = KAPLAN_JOINT.overfitting_rule()
        >>> f"{c:.4g} {e:.4g}"
        '5519 0.7379'
        """
        t = float(check_positive("threshold", threshold, f"{self.key}.overfitting_rule"))
        v = self.values
        e = v["alpha_N"] / v["alpha_D"]
        c = v["D_c"] * v["N_c"] ** (-e) / math.expm1(math.log1p(t) / v["alpha_D"])
        return c, e


def _chinchilla(key, title, constants, citation):
    return ChinchillaLaw(key, title, citation, constants)


#: Kaplan et al. (2020), the joint law $L(N, D)$ with the constants of their Table 2.
KAPLAN_JOINT = KaplanLaw("kaplan", "Kaplan et al. (2020) joint law L(N, D), Table 2",
                         f"{refs.KAPLAN}, eq. (1.5) and Table 2", refs.KAPLAN_2020)
#: Hoffmann et al. (2022), Approach 3, with the constants as printed (rounded).
CHINCHILLA = _chinchilla("chinchilla", "Hoffmann et al. (2022) Approach 3, as printed", refs.CHINCHILLA_ROUNDED,
                         f"{refs.HOFFMANN}, eq. (2), §3.3 and Appendix D.2")
#: Hoffmann et al. (2022), Approach 3, with the unrounded $E$, $\alpha$, $\beta$ of the TeX
#: source as reported by Besiroglu et al. (2024); $A$ and $B$ as printed (no unrounded
#: values of them were verified).
CHINCHILLA_UNROUNDED = _chinchilla("chinchilla_unrounded", "Hoffmann et al. (2022) Approach 3, unrounded",
                                   refs.CHINCHILLA_UNROUNDED,
                                   f"{refs.HOFFMANN}, Appendix D.2, with the values of its TeX source reported by "
                                   f"{refs.BESIROGLU}")
#: Besiroglu et al. (2024), the refit of Approach 3 (standard errors in the references).
BESIROGLU_REFIT = _chinchilla("besiroglu", "Besiroglu et al. (2024) refit of Approach 3", refs.BESIROGLU_2024,
                              f"{refs.BESIROGLU}, refit of Approach 3")

#: Every law by key.
LAWS = {law.key: law for law in (KAPLAN_JOINT, CHINCHILLA, CHINCHILLA_UNROUNDED, BESIROGLU_REFIT)}


def scaling_law(key: str) -> ScalingLaw:
    """The law with this key (`"kaplan"`, `"chinchilla"`, `"chinchilla_unrounded"`, `"besiroglu"`).

    Examples
    --------
    >>> scaling_law("besiroglu").values["beta"]
    0.3658
    >>> scaling_law("gpt")
    Traceback (most recent call last):
    ...
    bounds.errors.UnknownNameError: no scaling law 'gpt' (laws: kaplan, chinchilla, chinchilla_unrounded, besiroglu)
    """
    if not isinstance(key, str) or key not in LAWS:
        raise UnknownNameError(f"no scaling law {short(key)} (laws: {', '.join(LAWS)})")
    return LAWS[key]


@dataclass(frozen=True)
class RoundingEffect:
    r"""How far the compute-optimal allocation moves between two versions of the same fit.

    Attributes
    ----------
    first, second : Allocation
        The allocations under the first law (the printed constants) and the second (the
        unrounded ones), at the same budgets.
    exponents : tuple of float
        $a = \beta/(\alpha+\beta)$ of each law.

    Examples
    --------
    >>> r = rounding_effect()
    >>> round(float(r.change("ratio")[0]), 3)          # at 5.76e23 FLOPs: D*/N* falls by 36%
    -0.362
    """

    first: Allocation
    second: Allocation
    exponents: tuple

    def change(self, figure: str):
        """Relative change second/first - 1 of `"N"`, `"D"`, `"ratio"` or `"loss"`, per budget."""
        if figure not in ("N", "D", "ratio", "loss"):
            raise UnknownNameError(f"no figure {figure!r} (figures: N, D, ratio, loss)")
        return np.atleast_1d(getattr(self.second, figure)) / np.atleast_1d(getattr(self.first, figure)) - 1.0

    def __repr__(self) -> str:
        a, b = self.first, self.second
        rows = [f"{a.law} -> {b.law}: exponent a = {self.exponents[0]:.4f} -> {self.exponents[1]:.4f}",
                "     C FLOPs          N*                  D*               D*/N*        change"]
        for i, C in enumerate(np.atleast_1d(a.C)):
            v = [np.atleast_1d(x)[i] for x in (a.N, b.N, a.D, b.D, a.ratio, b.ratio)]
            rows.append(f"  {C:9.3g}  {v[0]:8.3g} -> {v[1]:8.3g}  {v[2]:8.3g} -> {v[3]:8.3g}  "
                        f"{v[4]:6.4g} -> {v[5]:6.4g}  {v[5] / v[4] - 1:+7.1%}")
        return "\n".join(rows)


def rounding_effect(C=(CHINCHILLA_COMPUTE, 1e21, 1e23, 1e25, 1e27), first: ScalingLaw | None = None,
                    second: ScalingLaw | None = None) -> RoundingEffect:
    r"""The compute-optimal allocation under the printed and the unrounded Chinchilla constants.

    Rounding $\beta$ from 0.2849 to 0.28 and $\alpha$ from 0.3392 to 0.34 changes the
    exponent $a$ only from 0.4565 to 0.4516, but $D^*/N^*$ by tens of percent, because
    $D^*/N^* = G^{-2}(C/6)^{(\alpha-\beta)/(\alpha+\beta)}$ amplifies both the prefactor and the
    exponent gap over many decades of compute.

    Parameters
    ----------
    C : float or array_like
        Budgets in FLOPs (default: Chinchilla's $5.76 \times 10^{23}$, then $10^{21}$ to $10^{27}$).
    first, second : ScalingLaw, optional
        The laws to compare (default `CHINCHILLA` and `CHINCHILLA_UNROUNDED`).

    Returns
    -------
    RoundingEffect

    Examples
    --------
    >>> rounding_effect()
    chinchilla -> chinchilla_unrounded: exponent a = 0.4516 -> 0.4565
         C FLOPs          N*                  D*               D*/N*        change
       5.76e+23  3.22e+10 -> 4.03e+10  2.98e+12 -> 2.38e+12   92.65 ->  59.08   -36.2%
          1e+21  1.82e+09 -> 2.21e+09  9.14e+10 -> 7.53e+10   50.08 ->  33.98   -32.1%
          1e+23  1.46e+10 -> 1.81e+10  1.14e+12 ->  9.2e+11   78.21 ->  50.73   -35.1%
          1e+25  1.17e+11 -> 1.48e+11  1.43e+13 -> 1.12e+13   122.1 ->  75.73   -38.0%
          1e+27  9.35e+11 -> 1.21e+12  1.78e+14 -> 1.37e+14   190.7 ->  113.1   -40.7%
    """
    first = CHINCHILLA if first is None else first
    second = CHINCHILLA_UNROUNDED if second is None else second
    for name, law in (("first", first), ("second", second)):
        if not isinstance(law, ScalingLaw):
            raise ParameterTypeError(f"{name}={short(law)} in rounding_effect must be a ScalingLaw",
                                     parameter=name, value=law)
    exps = tuple(float(law.exponent_a) for law in (first, second))
    return RoundingEffect(first.compute_optimal(C), second.compute_optimal(C), exps)
