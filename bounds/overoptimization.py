r"""Reward-model over-optimization: the KL of best-of-$n$ and the gold-reward forms of Gao et al. (2022).

**The KL of best-of-$n$.** Best-of-$n$ sampling draws $n$ outputs from a policy and keeps the
one a reward model scores highest. When the reward has a continuous distribution under the
policy, its KL divergence from the policy is

$$\mathrm{KL}_{\mathrm{bon}}(n) = \log n - \frac{n-1}{n} \quad\text{nats}$$

(Stiennon et al. 2020, Table 10; Gao, Schulman & Hilton 2022, §2): with $u = F(r)$ the
reward's quantile, uniform under the policy, the kept output's quantile has density
$n u^{n-1}$, and $\int_0^1 n u^{n-1} \log(n u^{n-1})\,du = \log n - (n-1)/n$. For a reward
with atoms (ties broken uniformly at random, or by any fixed order) the formula is only an
upper bound (Beirami et al. 2024, §3): the discrete law is an image of the continuous one,
and the data-processing inequality can only shrink the KL. `bon_kl` gives the formula,
`bon_n_for_kl` its inverse and `bon_kl_discrete` the exact KL of a discrete reward.

**Gold reward against KL.** Gao, Schulman & Hilton (2022, §1) fit the gold reward model's
score, as a function of $d = \sqrt{\mathrm{KL}}$ between the optimized and the initial
policy (here $d$ is not the model's disagreement rate), by

* best-of-$n$: $R_{\mathrm{bon}}(d) = d(\alpha_{\mathrm{bon}} - \beta_{\mathrm{bon}} d)$,
* RL: $R_{\mathrm{RL}}(d) = d(\alpha_{\mathrm{RL}} - \beta_{\mathrm{RL}} \log d)$ (which, the
  paper notes, likely does not hold near the origin, where its slope is infinite),

with $R(0) = 0$. Some explainers swap the two; this is the paper's assignment.
`gold_reward_form` builds either form from the published coefficients of a proxy RM size
(figure readings, `bounds.data.reward_models`: approximate, use them with their tolerance)
or from coefficients you supply; `GoldRewardForm.optimum` gives the optimum the form implies
and where the gold reward returns to zero, and `iterated_rl_gain` the gain the paper
predicts for iterated RLHF.

Examples
--------
>>> from bounds.overoptimization import bon_kl, bon_n_for_kl, gold_reward_form
>>> round(bon_kl(1000), 6), round(bon_kl(60000), 4)       # Gao et al.: "about 6" and "about 10" nats
(5.908755, 10.0021)
>>> round(bon_n_for_kl(5.908755278982137), 6)
1000.0
>>> gold_reward_form("bon", "3B").optimum()
best-of-n optimum: KL 13.53 nats (d 3.678, n 2.04e+06), gold 1.217; back to 0 at KL 54.1
"""
from __future__ import annotations

import math
import numbers
import warnings
from dataclasses import dataclass

import numpy as np

from .data.reward_models import GAO_ALPHA_BON, GAO_ALPHA_RL, GAO_BETA_BON, GAO_BETA_RL, PROXY_RM_KEYS
from .errors import ParameterValueError, SolutionOverflowWarning
from .validation import as_output, check_choice, check_real, short

__all__ = ["bon_kl", "bon_n_for_kl", "bon_kl_discrete", "gold_reward_expression", "gold_reward_form",
           "gold_reward_forms", "iterated_rl_gain", "GoldRewardForm", "Optimum", "plot_gold_reward",
           "METHODS", "RM_SIZES", "STIENNON_2020", "BEIRAMI_2024"]

#: The two optimization methods of Gao et al. (2022): best-of-$n$ sampling and RL.
METHODS = ("bon", "rl")

#: The proxy reward-model sizes whose coefficients Gao et al. (2022, Figure 3) plot, smallest first.
RM_SIZES = tuple(PROXY_RM_KEYS)

#: Where the best-of-$n$ KL formula is printed.
STIENNON_2020 = ("Stiennon, N., Ouyang, L., Wu, J., Ziegler, D. M., Lowe, R., Voss, C., Radford, A., Amodei, D. "
                 "& Christiano, P. (2020). Learning to summarize from human feedback. arXiv:2009.01325, Table 10")

#: Where the best-of-$n$ KL formula is shown to be an upper bound, exact only for continuous rewards.
BEIRAMI_2024 = ("Beirami, A., Agarwal, A., Berant, J., D'Amour, A., Eisenstein, J., Nagpal, C. & Suresh, A. T. "
                "(2024). Theoretical guarantees on the best-of-n alignment policy. arXiv:2401.01879, §3")

_LOG_MAX = math.log(np.finfo(float).max)


def _as_real(name, value, where, *, low=None, low_open=False, domain=""):
    """`value` as a float array: real, finite and above `low` (open or closed), else an error naming all."""
    check_real(name, value, domain, f" in {where}")
    arr = np.asarray(value)
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise ParameterValueError(f"{name}={short(value)} in {where} must be a real number in {domain}",
                                  parameter=name, value=value, domain=domain)
    arr = arr.astype(float)
    bad = ~np.isfinite(arr)
    if low is not None:
        bad |= (arr <= low) if low_open else (arr < low)
    if np.any(bad):
        v = float(np.ravel(arr[bad] if arr.ndim else arr)[0])
        raise ParameterValueError(f"{name}={v!r} in {where} is outside its domain {domain}",
                                  parameter=name, value=v, domain=domain)
    return arr


def _kl_of_excess(h):
    r"""$\log(1+h) - h/(1+h)$ for $h = n - 1 \ge 0$; by its series $\sum_{k\ge2} (-1)^k (k-1) h^k / k$ below 0.01."""
    small = np.minimum(h, 1e-2)
    series = sum((-1) ** k * (k - 1) / k * small**k for k in range(2, 12))
    with np.errstate(invalid="ignore", over="ignore"):
        return np.where(h < 1e-2, series, np.log1p(h) - h / (1.0 + h))


def bon_kl(n):
    r"""KL divergence (nats) of best-of-$n$ from the sampling policy: $\log n - (n-1)/n$.

    Exact when the reward has a continuous distribution under the policy; an upper bound on
    the exact KL when it has atoms (Beirami et al. 2024, §3; `bon_kl_discrete` computes that
    one). Stiennon et al. (2020, Table 10) and Gao et al. (2022, §2) use the formula.

    Parameters
    ----------
    n : float or array_like
        Number of samples, $n \ge 1$ (a real $n$ is allowed: the formula is smooth in $n$).

    Returns
    -------
    float or ndarray
        The KL in nats; 0 at $n = 1$, increasing, $\log n - 1 + o(1)$ for large $n$.

    Examples
    --------
    >>> round(bon_kl(1000), 4), bon_kl(1)
    (5.9088, 0.0)
    >>> bon_kl([2, 4, 16]).round(4)
    array([0.1931, 0.6363, 1.8351])
    >>> bon_kl(0.5)
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: n=0.5 in bon_kl is outside its domain [1, inf) (samples)
    """
    n = _as_real("n", n, "bon_kl", low=1.0, domain="[1, inf) (samples)")
    return as_output(_kl_of_excess(n - 1.0))


def bon_n_for_kl(kl):
    r"""The number of samples $n$ at which best-of-$n$ reaches a KL: the inverse of `bon_kl`.

    $\log n - (n-1)/n = \mathrm{KL}$ gives $n = -1/W_0(-e^{-(\mathrm{KL}+1)})$ with $W_0$ the
    principal branch of Lambert's $W$; below $\mathrm{KL} = 10^{-3}$, where $W_0$ has a
    square-root singularity, the series $n - 1 = s + 2s^2/3 + 13s^3/36$ with
    $s = \sqrt{2\,\mathrm{KL}}$ starts instead, and Newton steps on $n - 1$ finish. For large
    KL, $n \approx e^{\mathrm{KL}+1}$; past the largest double the answer is `inf`, with a
    `bounds.errors.SolutionOverflowWarning`.

    Parameters
    ----------
    kl : float or array_like
        KL divergence in nats, finite and $\ge 0$.

    Returns
    -------
    float or ndarray
        $n \ge 1$ (real: round up for a whole number of samples reaching at least that KL).

    Examples
    --------
    >>> round(bon_n_for_kl(10.0))                  # Gao et al.'s "about 10 nats": n = 60,000
    59873
    >>> bon_n_for_kl(0.0), round(bon_n_for_kl(bon_kl(7.5)), 12)
    (1.0, 7.5)
    >>> bon_n_for_kl(-1)
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: kl=-1.0 in bon_n_for_kl is outside its domain [0, inf) (nats)
    """
    from scipy.special import lambertw

    kl = _as_real("kl", kl, "bon_n_for_kl", low=0.0, domain="[0, inf) (nats)")
    root = np.sqrt(2.0 * kl)                             # near 0: h = n - 1 = s + 2 s^2/3 + 13 s^3/36, s^2 = 2 KL
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        w = np.real(lambertw(-np.exp(-(kl + 1.0)), 0))
        h_big = np.where(w < 0, -1.0 / w, np.inf) - 1.0
        h = np.where(kl < 1e-3, root + 2.0 * root**2 / 3.0 + 13.0 * root**3 / 36.0, h_big)
        for _ in range(3):                               # Newton on KL(h) - kl, slope h / (1 + h)^2
            ok = (h > 0) & (h < 1e100)                   # beyond, W_0 is already exact
            hh = np.where(ok, h, 1.0)
            step = (_kl_of_excess(hh) - kl) * (1.0 + hh) ** 2 / hh
            h = np.where(ok, np.maximum(h - step, 0.5 * h), h)
    n = np.where(kl > 0, 1.0 + h, 1.0)
    if np.any(np.isinf(n)):
        big = float(np.max(kl))
        warnings.warn(SolutionOverflowWarning(
            f"bon_n_for_kl: KL = {big:g} nats needs about e^{big + 1:.6g} samples, beyond the largest double; "
            "returning inf"), stacklevel=2)
    return as_output(n)


def _levels(pmf, rewards):
    """Masses of the distinct reward levels, lowest reward first (zero-mass outcomes dropped)."""
    p = np.atleast_1d(np.asarray(pmf, dtype=float))
    r = np.arange(p.size, dtype=float) if rewards is None else np.atleast_1d(np.asarray(rewards, dtype=float))
    keep = p > 0
    values, inverse = np.unique(r[keep], return_inverse=True)
    mass = np.bincount(inverse, weights=p[keep], minlength=values.size)
    return mass / mass.sum()


def bon_kl_discrete(pmf, n, rewards=None):
    r"""The exact KL (nats) of best-of-$n$ from the policy when the reward takes finitely many values.

    With reward levels $r_1 < \dots < r_m$ of masses $p_i$ and $F_i = p_1 + \dots + p_i$,
    the kept output's level has mass $q_i = F_i^n - F_{i-1}^n$; ties among outputs of the
    same level are broken uniformly at random, so within a level the kept output follows
    the policy and only the levels contribute: $\mathrm{KL} = \sum_i q_i \log(q_i/p_i)$.
    (A fixed tie-breaking order is the same as giving every output its own level.) It is
    at most `bon_kl` (Beirami et al. 2024, §3), strictly for $n \ge 2$ and $m \ge 2$.

    Parameters
    ----------
    pmf : array_like
        Probabilities of the outputs under the policy (non-negative, summing to 1).
    n : int or array_like of int
        Number of samples, $\ge 1$.
    rewards : array_like, optional
        The outputs' rewards (ties allowed); by default the outputs are listed in increasing
        order of reward, all distinct.

    Returns
    -------
    float or ndarray
        The KL in nats, shaped like `n`.

    Examples
    --------
    A fair coin for a reward: best-of-2 keeps the good side with probability 3/4.

    >>> round(bon_kl_discrete([0.5, 0.5], 2), 6), round(bon_kl(2), 6)
    (0.130812, 0.193147)
    >>> bon_kl_discrete([0.2, 0.3, 0.5], [1, 4], rewards=[1.0, 1.0, 1.0]).tolist()   # one level: no change
    [0.0, 0.0]
    """
    where = "bon_kl_discrete"
    n = _as_real("n", n, where, low=1.0, domain="integers >= 1 (samples)")
    if np.any(n != np.floor(n)):
        raise ParameterValueError(f"n={float(n[n != np.floor(n)].flat[0])!r} in {where} must be an integer >= 1",
                                  parameter="n", value=n, domain="integers >= 1 (samples)")
    p = _as_real("pmf", pmf, where, low=0.0, domain="probabilities summing to 1")
    if p.ndim > 1 or p.size == 0 or not math.isclose(float(p.sum()), 1.0, rel_tol=0, abs_tol=1e-9) or np.any(p > 1):
        raise ParameterValueError(f"pmf={short(pmf)} in {where} must be a non-empty list of probabilities "
                                  "summing to 1", parameter="pmf", value=pmf, domain="probabilities summing to 1")
    if rewards is not None:
        rewards = _as_real("rewards", rewards, where, domain="finite reals")
        if rewards.shape != p.shape:
            raise ParameterValueError(f"rewards={short(rewards)} in {where} must have one entry per outcome "
                                      f"({p.size})", parameter="rewards", value=rewards, domain="finite reals")
    mass = _levels(p, rewards)
    F = np.minimum(np.cumsum(mass), 1.0)
    F[-1] = 1.0
    Fprev = np.concatenate(([0.0], F[:-1]))
    nn = n.reshape(n.shape + (1,))
    with np.errstate(divide="ignore", invalid="ignore"):
        log_q = nn * np.log(F) + np.log(-np.expm1(nn * (np.log(Fprev) - np.log(F))))
        terms = np.where(np.isfinite(log_q), np.exp(log_q) * (log_q - np.log(mass)), 0.0)
    return as_output(np.maximum(terms.sum(axis=-1), 0.0))


def gold_reward_expression(method: str):
    r"""Gao et al.'s gold reward as a sympy expression in $d = \sqrt{\mathrm{KL}}$, $\alpha$ and $\beta$.

    Parameters
    ----------
    method : {"bon", "rl"}
        Best-of-$n$: $d(\alpha - \beta d)$; RL: $d(\alpha - \beta \log d)$.

    Returns
    -------
    (sympy.Expr, (d, alpha, beta))
        The expression and its symbols (all positive reals).

    Examples
    --------
    >>> expr, (d, a, b) = gold_reward_expression("rl")
    >>> expr
    d*(alpha - beta*log(d))
    """
    import sympy as sp

    check_choice("method", method, METHODS, where="gold_reward_expression")
    d, a, b = sp.symbols("d alpha beta", positive=True)
    return (d * (a - b * d) if method == "bon" else d * (a - b * sp.log(d))), (d, a, b)


@dataclass(frozen=True)
class Optimum:
    r"""The optimum a gold-reward form implies, and where the gold reward returns to zero.

    Attributes
    ----------
    method : str
        "bon" or "rl".
    alpha, beta : float
        The form's coefficients.
    d, kl : float
        $d^* = \sqrt{\mathrm{KL}^*}$ and $\mathrm{KL}^*$ (nats) at the largest gold reward:
        $d^* = \alpha/(2\beta)$ for best-of-$n$, $e^{\alpha/\beta - 1}$ for RL.
    reward : float
        The largest gold reward: $\alpha^2/(4\beta)$ for best-of-$n$, $\beta d^*$ for RL.
    n : float or None
        For best-of-$n$, the number of samples reaching $\mathrm{KL}^*$ (`bon_n_for_kl`,
        real); None for RL.
    zero_d, zero_kl : float
        Where the gold reward is back to zero: $d_0 = \alpha/\beta$ for best-of-$n$,
        $e^{\alpha/\beta}$ for RL; $\mathrm{KL}_0 = d_0^2$.

    Examples
    --------
    >>> o = gold_reward_form("rl", alpha=0.345, beta=0.118).optimum()
    >>> round(o.kl, 2), round(o.reward, 4), round(o.zero_kl, 1)
    (46.87, 0.8079, 346.4)
    """

    method: str
    alpha: float
    beta: float
    d: float
    kl: float
    reward: float
    n: float | None
    zero_d: float
    zero_kl: float

    def __repr__(self) -> str:
        name = "best-of-n" if self.method == "bon" else "RL"
        at_n = f", n {self.n:.3g}" if self.n is not None else ""
        return (f"{name} optimum: KL {self.kl:.4g} nats (d {self.d:.4g}{at_n}), gold {self.reward:.4g}; "
                f"back to 0 at KL {self.zero_kl:.4g}")


@dataclass(frozen=True)
class GoldRewardForm:
    r"""One of Gao et al.'s forms of gold reward against KL, with its coefficients.

    Attributes
    ----------
    method : str
        "bon" ($R = d(\alpha - \beta d)$) or "rl" ($R = d(\alpha - \beta \log d)$), with
        $d = \sqrt{\mathrm{KL}}$.
    alpha, beta : float
        The coefficients ($\beta > 0$; $\alpha > 0$ for best-of-$n$).
    source : str
        Where they come from (a figure reading of Gao et al. 2022, or "user-supplied").

    Examples
    --------
    >>> f = gold_reward_form("bon", alpha=0.5, beta=0.1)
    >>> f
    GoldRewardForm('bon', alpha=0.5, beta=0.1; user-supplied)
    >>> f.reward([0.0, 4.0, 25.0]).tolist()                   # d = 0, 2, 5
    [0.0, 0.6, 0.0]
    """

    method: str
    alpha: float
    beta: float
    source: str = "user-supplied"

    def __post_init__(self):
        where = "GoldRewardForm"
        check_choice("method", self.method, METHODS, where=where)
        if self.method == "bon":
            _as_real("alpha", self.alpha, where, low=0.0, low_open=True, domain="(0, inf) (best-of-n)")
        else:
            _as_real("alpha", self.alpha, where, domain="finite reals (RL)")
        _as_real("beta", self.beta, where, low=0.0, low_open=True, domain="(0, inf)")

    def __repr__(self) -> str:
        return f"GoldRewardForm({self.method!r}, alpha={self.alpha:.6g}, beta={self.beta:.6g}; {self.source})"

    def reward(self, kl):
        r"""The gold reward at KL divergences `kl` (nats, $\ge 0$): the form at $d = \sqrt{\mathrm{KL}}$.

        Examples
        --------
        >>> round(gold_reward_form("rl", alpha=0.345, beta=0.118).reward(1.0), 6)    # d = 1: alpha
        0.345
        """
        from scipy.special import xlogy

        kl = _as_real("kl", kl, "GoldRewardForm.reward", low=0.0, domain="[0, inf) (nats)")
        d = np.sqrt(kl)
        if self.method == "bon":
            return as_output(d * (self.alpha - self.beta * d))
        return as_output(self.alpha * d - self.beta * xlogy(d, d))

    @property
    def expression(self):
        r"""The form as a sympy expression in $d$, with the coefficients as floats.

        Examples
        --------
        >>> gold_reward_form("bon", alpha=0.5, beta=0.25).expression
        d*(0.5 - 0.25*d)
        """
        import sympy as sp

        expr, (d, a, b) = gold_reward_expression(self.method)
        return expr.subs({a: sp.Float(self.alpha), b: sp.Float(self.beta)})

    def optimum(self) -> Optimum:
        r"""The largest gold reward the form implies, where it is reached, and where gold returns to zero.

        Best-of-$n$: $d^* = \alpha/(2\beta)$, $R^* = \alpha^2/(4\beta)$, zero at
        $d_0 = \alpha/\beta$, and $n^*$ = `bon_n_for_kl`$(d^{*2})$. RL:
        $d^* = e^{\alpha/\beta - 1}$, $R^* = \beta d^*$, zero at $d_0 = e^{\alpha/\beta}$.

        Returns
        -------
        Optimum

        Examples
        --------
        >>> gold_reward_form("rl", "3M").optimum()
        RL optimum: KL 6.979 nats (d 2.642), gold 0.4623; back to 0 at KL 51.57
        """
        a, b = float(self.alpha), float(self.beta)
        if self.method == "bon":
            d, d0 = a / (2.0 * b), a / b
            return Optimum("bon", a, b, d, d * d, a * a / (4.0 * b), float(bon_n_for_kl(d * d)), d0, d0 * d0)
        if 2.0 * a / b > _LOG_MAX:
            raise ParameterValueError(f"alpha/beta={a / b!r} in GoldRewardForm.optimum is too large: the RL optimum "
                                      f"KL e^(2 alpha/beta - 2) overflows", parameter="alpha", value=a,
                                      domain=f"alpha/beta <= {_LOG_MAX / 2:.6g}")
        d = math.exp(a / b - 1.0)
        return Optimum("rl", a, b, d, d * d, b * d, None, math.exp(a / b), math.exp(2.0 * a / b))

    def iterated(self, k) -> "GoldRewardForm":
        r"""The RL form after $k$ rounds of iterated RLHF (Gao et al. 2022, their iterated-RLHF argument).

        Under the paper's assumptions $R = d(\alpha - \beta \log d + \beta \log k)$: the RL form
        with $\alpha$ raised by $\beta \log k$ (`iterated_rl_gain` is the difference).

        Examples
        --------
        >>> f = gold_reward_form("rl", alpha=0.345, beta=0.118)
        >>> round(f.iterated(4).reward(9.0) - f.reward(9.0), 6) == round(iterated_rl_gain(9.0, 4, 0.118), 6)
        True
        """
        if self.method != "rl":
            raise ParameterValueError(f"method={self.method!r} in GoldRewardForm.iterated must be 'rl' (iterated "
                                      "RLHF is a statement about the RL form)", parameter="method",
                                      value=self.method, domain=("rl",))
        k = _as_real("k", k, "GoldRewardForm.iterated", low=1.0, domain="[1, inf) (rounds)")
        return GoldRewardForm("rl", float(self.alpha + self.beta * math.log(float(k))), self.beta,
                              f"{self.source}, iterated {float(k):g} times")


def iterated_rl_gain(kl, k, beta):
    r"""The gold-reward gain $\beta_{\mathrm{RL}}\, d \log k$ of $k$ rounds of iterated RLHF, $d = \sqrt{\mathrm{KL}}$.

    Gao et al. (2022) derive, under their assumptions, $R = d(\alpha_{\mathrm{RL}} -
    \beta_{\mathrm{RL}} \log d + \beta_{\mathrm{RL}} \log k)$ for $k$ iterations: a gain over a
    single round that grows with $d$ and with $\log k$.

    Parameters
    ----------
    kl : float or array_like
        KL divergence in nats, $\ge 0$.
    k : float or array_like
        Rounds, $\ge 1$.
    beta : float or array_like
        $\beta_{\mathrm{RL}} > 0$.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(iterated_rl_gain(9.0, 4, 0.118), 6)         # 0.118 * 3 * log 4
    0.490748
    """
    kl = _as_real("kl", kl, "iterated_rl_gain", low=0.0, domain="[0, inf) (nats)")
    k = _as_real("k", k, "iterated_rl_gain", low=1.0, domain="[1, inf) (rounds)")
    beta = _as_real("beta", beta, "iterated_rl_gain", low=0.0, low_open=True, domain="(0, inf)")
    return as_output(beta * np.sqrt(kl) * np.log(k))


def _published(method, rm_size):
    """(alpha, beta) of Gao et al.'s Fig. 3 readings; alpha_RL is the midpoint of its estimated range."""
    key = PROXY_RM_KEYS[rm_size]
    if method == "bon":
        return GAO_ALPHA_BON[key].value, GAO_BETA_BON[key].value
    low, high = GAO_ALPHA_RL["estimate_low"].value, GAO_ALPHA_RL["estimate_high"].value
    return 0.5 * (low + high), GAO_BETA_RL[key].value


def gold_reward_form(method: str, rm_size: str | None = None, *, alpha=None, beta=None) -> GoldRewardForm:
    r"""Gao et al.'s gold-reward form, with published coefficients of a proxy RM size or your own.

    With `rm_size` the coefficients are readings of Gao et al. (2022), Figure 3
    ($\alpha_{\mathrm{bon}}$, $\beta_{\mathrm{bon}}$, $\beta_{\mathrm{RL}}$, each within about
    ±0.003) and, for $\alpha_{\mathrm{RL}}$, which the paper never prints, the midpoint 0.345
    of the range 0.34-0.35 estimated from its Figure 1b, the same for every size
    (`bounds.data.reward_models`). They are approximate: carry their tolerance into
    anything derived from them. The optimum is sensitive to them: for the 3B proxy RM the
    tolerances alone move the best-of-$n$ optimum between 12.8 and 14.3 nats of KL (13.5 at
    the readings) and the RL optimum, $e^{2\alpha/\beta - 2}$, between 39 and 57 nats (46.9).
    `alpha` or `beta`, if given, replace the published value.

    Parameters
    ----------
    method : {"bon", "rl"}
        Best-of-$n$ or RL.
    rm_size : str, optional
        One of `RM_SIZES` ("3M", "12M", ..., "3B").
    alpha, beta : float, optional
        Your coefficients (both are needed without `rm_size`).

    Returns
    -------
    GoldRewardForm

    Examples
    --------
    >>> gold_reward_form("bon", "1.2B")
    GoldRewardForm('bon', alpha=0.653, beta=0.0965; Gao et al. (2022) Fig. 3 reading, proxy RM 1.2B)
    >>> gold_reward_form("rl", beta=0.1)
    Traceback (most recent call last):
    ...
    bounds.errors.ParameterValueError: alpha=None in gold_reward_form is missing: give rm_size (one of 3M, 12M, 25M, 42M, 85M, 300M, 680M, 1.2B, 3B) or alpha
    """
    where = "gold_reward_form"
    check_choice("method", method, METHODS, where=where)
    source = "user-supplied"
    if rm_size is not None:
        check_choice("rm_size", rm_size, RM_SIZES, where=where)
        pub_a, pub_b = _published(method, rm_size)
        given = [name for name, v in (("alpha", alpha), ("beta", beta)) if v is not None]
        alpha = pub_a if alpha is None else alpha
        beta = pub_b if beta is None else beta
        source = (f"Gao et al. (2022) Fig. {'3' if method == 'bon' else '3, 1b'} reading, proxy RM {rm_size}"
                  + (f"; {' and '.join(given)} user-supplied" if given else ""))
    for name, v in (("alpha", alpha), ("beta", beta)):
        if v is None:
            raise ParameterValueError(f"{name}=None in {where} is missing: give rm_size (one of "
                                      f"{', '.join(RM_SIZES)}) or {name}", parameter=name, value=None,
                                      domain="a real number")
        if not isinstance(v, numbers.Real) or isinstance(v, bool):
            check_real(name, v, "a real number", f" in {where}")
    return GoldRewardForm(method, float(alpha), float(beta), source)


def gold_reward_forms(method: str) -> dict:
    r"""The form of every proxy RM size of Gao et al. (2022), smallest first (`gold_reward_form` each).

    Examples
    --------
    >>> forms = gold_reward_forms("bon")
    >>> [round(f.optimum().kl, 2) for f in forms.values()][:3]
    [4.17, 4.57, 5.88]
    """
    return {size: gold_reward_form(method, size) for size in RM_SIZES}


def _draw_panel(ax, method, forms, kl_max):
    import matplotlib

    cmap = matplotlib.colormaps["viridis"]
    top = kl_max or 1.05 * max(f.optimum().zero_kl for f in forms.values())
    kl = np.linspace(0.0, top, 400)
    for i, (size, f) in enumerate(forms.items()):
        color = cmap(i / max(len(forms) - 1, 1))
        ax.plot(kl, f.reward(kl), color=color, lw=1.5, label=f"RM {size}")
        o = f.optimum()
        if o.kl <= top:
            ax.plot([o.kl], [o.reward], "o", color=color, ms=4)
    ax.axhline(0.0, color="0.6", lw=0.8)
    ax.set_xlabel("KL from the initial policy (nats)")
    ax.set_title("best-of-n: d(alpha - beta d)" if method == "bon" else "RL: d(alpha - beta log d)")
    ax.legend(frameon=False, fontsize="small")


def plot_gold_reward(rm_sizes=None, axes=None, *, kl_max=None):
    r"""Gold reward against KL for best-of-$n$ and RL, one curve per proxy RM size, optima marked.

    The published coefficients (Gao et al. 2022, Figure 3 readings; $\alpha_{\mathrm{RL}}$
    estimated from Figure 1b) are approximate, and the RL form likely does not hold near
    the origin. Needs matplotlib.

    Parameters
    ----------
    rm_sizes : sequence of str, optional
        Which of `RM_SIZES` to draw (default: all).
    axes : pair of matplotlib.axes.Axes, optional
        Where to draw best-of-$n$ and RL (default: a new figure with two panels).
    kl_max : float, optional
        Right end of the KL axis (default: just past where the gold reward returns to zero).

    Returns
    -------
    pair of matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> ax_bon, ax_rl = plot_gold_reward(["3M", "3B"])
    >>> len(ax_bon.lines) >= 4
    True
    """
    sizes = list(RM_SIZES if rm_sizes is None else rm_sizes)
    for s in sizes:
        check_choice("rm_sizes", s, RM_SIZES, where="plot_gold_reward")
    if not sizes:
        raise ParameterValueError("rm_sizes=[] in plot_gold_reward must name at least one of RM_SIZES",
                                  parameter="rm_sizes", value=rm_sizes, domain=RM_SIZES)
    if kl_max is not None:
        kl_max = float(_as_real("kl_max", kl_max, "plot_gold_reward", low=0.0, low_open=True, domain="(0, inf)"))
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(10.0, 4.0))
    for ax, method in zip(axes, METHODS):
        _draw_panel(ax, method, {s: gold_reward_form(method, s) for s in sizes}, kl_max)
    axes[0].set_ylabel("gold reward (nats of gold RM score)")
    return axes[0], axes[1]
