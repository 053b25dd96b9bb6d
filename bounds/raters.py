r"""Raters and quality control: majority vote, agreement and error rates, gold questions, pools.

The model's rater error $\varepsilon$ and adversarial fraction $\alpha$ are properties of the
*labels*; how a labelling pipeline produces them is this module's subject:

* **redundancy** — the label of an item is the majority vote of $m$ raters, each wrong
  independently with probability $e = \alpha + (1-\alpha)\varepsilon$ (an adversarial vote
  is always wrong; adversaries sit at random positions). `majority_error` is its exact
  error, `raters_needed` the smallest panel reaching a target;
* **agreement and error** — the observed rate $a$ at which two raters agree is, for
  independent raters with symmetric errors $e_1, e_2$ on a binary label,
  $a = 1 - e_1 - e_2 + 2e_1e_2$, i.e. $2a - 1 = (1-2e_1)(1-2e_2)$.
  `error_from_agreement` inverts it (two raters of equal error, or a rater against a
  reference group of known error) with an exact confidence interval from the number of
  doubly labelled items; `agreement` and `majority_agreement` predict agreements;
  `agreement_ceiling` is the most any model can agree with a single noisy label;
* **gold questions** — items with known answers screen raters: `catch_probability` is the
  chance that a rater of error $e$ makes more than `threshold` mistakes on `g` gold items;
  `screen` applies it to a pool of rater types and returns the pool's $\varepsilon$ and
  $\alpha$ after screening and the cost of the gold items;
* **pools of known raters** — `weighted_vote_error` is the exact error of the
  likelihood-ratio-weighted vote (weights $\ln\frac{1-e_i}{e_i}$, Nitzan & Paroush 1982) or
  of the plain vote over raters with different error rates: the pool's effective error rate.

The symmetric-error model (a rater flips the true label with a probability that does not
depend on the label) is the one the bounds use; agreement figures computed under other
models (unbalanced classes, Cohen's $\kappa$ with skewed prevalence) do not convert exactly.

Examples
--------
>>> from bounds import raters
>>> round(raters.majority_error(3, 0.1), 12)        # 3 e^2 (1 - e) + e^3
0.028
>>> raters.raters_needed(0.2, 0.05)
7
>>> est = raters.error_from_agreement(0.68, n_items=500)
>>> round(est.eps, 6), round(est.lower, 3), round(est.upper, 3)
(0.2, 0.168, 0.238)
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy.special import betainc

from . import kernels
from ._exact import log_binom_pmf
from .errors import NoSolutionWarning, ParameterValueError
from .simulate.engine import clopper_pearson
from .vocabulary import PARAMETERS
from .validation import as_output, check_choice, check_count, check_probability, check_real, short

__all__ = [
    "majority_error",
    "raters_needed",
    "agreement",
    "majority_agreement",
    "agreement_ceiling",
    "error_from_agreement",
    "error_from_kappa",
    "errors_from_triplet",
    "AgreementEstimate",
    "catch_probability",
    "RaterType",
    "ScreenedPool",
    "screen",
    "weighted_vote_error",
]

TIES = ("random", "wrong", "right")


# ====================================================================== majority vote
def _vote_error(eps, alpha):
    """Probability that one vote is wrong: alpha + (1 - alpha) eps, as an accurate sum."""
    return kernels.qbar_alpha(check_probability("eps", eps), _alpha(alpha))


def _alpha(alpha):
    return PARAMETERS["alpha"].validate(alpha, where="bounds.raters")


def _upper_tail(k, m, e):
    """P(Bin(m, e) >= k) for integer arrays k, m (k may be > m or <= 0)."""
    with np.errstate(all="ignore"):
        inner = betainc(np.maximum(k, 1.0), np.maximum(m - k + 1.0, 1.0), e)
    return np.where(k <= 0, 1.0, np.where(k > m, 0.0, inner))


def majority_error(m, eps, alpha=0.0, ties: str = "random"):
    r"""Exact probability that the majority vote of $m$ raters is wrong.

    Each vote is wrong independently with probability $e = \alpha + (1-\alpha)\varepsilon$:

    $$P_{\mathrm{MV}}(m, e) = \sum_{k > m/2} \binom{m}{k} e^k (1-e)^{m-k}
      + \tau \binom{m}{m/2} e^{m/2}(1-e)^{m/2}\,[m \text{ even}],$$

    with $\tau = 1/2$ for a random tie-break (`ties="random"`), $\tau = 1$ when a tie counts
    as an error (`"wrong"`) and $\tau = 0$ when it counts as right (`"right"`). With a
    random tie-break an even panel is no better than the odd panel one smaller:
    $P_{\mathrm{MV}}(2k, e) = P_{\mathrm{MV}}(2k-1, e)$.

    Parameters
    ----------
    m : int or array_like
        Raters per item, $m \ge 1$.
    eps : float or array_like
        Each rater's error rate, in $[0, 1]$.
    alpha : float or array_like
        Fraction of adversarial votes (always wrong), in $[0, 1)$.
    ties : {"random", "wrong", "right"}
        How a tie of an even panel is resolved.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(majority_error(5, 0.2), 12)          # Hoeffding would give 0.4066, Chernoff 0.3277
    0.05792
    >>> round(majority_error(4, 0.2), 12) == round(majority_error(3, 0.2), 12) == 0.104
    True
    >>> majority_error([1, 3], 0.1, alpha=0.1)     # each vote wrong w.p. 0.19
    array([0.19    , 0.094582])
    """
    check_choice("ties", ties, TIES, where="majority_error")
    m = check_count("m", m, where="majority_error")
    if np.any(m < 1):
        raise ParameterValueError("m=0 in majority_error must be at least 1 (raters per item)",
                                  parameter="m", value=0, domain="integers >= 1")
    e = _vote_error(eps, alpha)
    m, e = np.broadcast_arrays(m, e)
    above = _upper_tail(np.floor(m / 2.0) + 1.0, m, e)
    tau = {"random": 0.5, "wrong": 1.0, "right": 0.0}[ties]
    even = (m % 2 == 0)
    with np.errstate(divide="ignore"):
        tie = np.where(even, np.exp(log_binom_pmf(m / 2.0, m, e, 1.0 - e)), 0.0)
    return as_output(np.clip(above + tau * tie, 0.0, 1.0))


def raters_needed(eps, delta, alpha=0.0, max_m: int = 10**7):
    r"""Smallest odd panel $m$ whose majority vote errs with probability at most $\delta$.

    Exact search over odd $m$ (with a random tie-break an even panel is never better than
    the odd one below it). The error decreases in odd $m$ when $e < 1/2$, and the Chernoff
    bound $P_{\mathrm{MV}} \le (4e(1-e))^{m/2}$ gives a panel that surely suffices, so the
    search is a bisection below it. When $e = \alpha + (1-\alpha)\varepsilon \ge 1/2$ no
    panel helps (each vote is at best a coin flip): the answer is `inf`, with a
    `NoSolutionWarning` saying so.

    Parameters
    ----------
    eps : float
        Each rater's error rate.
    delta : float
        Target error of the majority label, in $(0, 1)$.
    alpha : float
        Fraction of adversarial votes.
    max_m : int
        Largest panel searched; beyond it the answer is `inf` with a warning.

    Returns
    -------
    int or float
        The panel size, or `inf`.

    Examples
    --------
    >>> raters_needed(0.1, 0.01), raters_needed(0.3, 0.05)
    (5, 17)
    """
    import warnings

    e = float(_vote_error(eps, alpha))
    delta = float(check_probability("delta", delta))
    if not 0 < delta < 1:
        raise ParameterValueError(f"delta={delta!r} in raters_needed is outside its domain (0, 1)",
                                  parameter="delta", value=delta, domain="(0, 1)")
    if e <= delta:
        return 1
    if e >= 0.5:
        warnings.warn(f"no panel suffices: each vote is wrong with probability {e:.6g} >= 1/2, so a "
                      "majority of more votes is no better than one", NoSolutionWarning, stacklevel=2)
        return math.inf
    # (4e(1-e))^(m/2) <= delta from m >= 2 ln(1/delta) / -ln(4e(1-e))
    chernoff = 2.0 * math.log(1 / delta) / -math.log(4 * e * (1 - e)) if e > 0 else 1.0
    hi = 2 * math.ceil(chernoff / 2) + 1  # odd, and Chernoff says it suffices
    if hi > max_m:
        warnings.warn(f"more than max_m={max_m} raters per item would be needed (Chernoff: about "
                      f"{chernoff:.3g})", NoSolutionWarning, stacklevel=2)
        return math.inf
    lo = 1  # odd, fails (e > delta)
    while hi - lo > 2:  # invariant: lo fails, hi suffices, both odd
        mid = lo + 2 * ((hi - lo) // 4)
        mid = mid if mid % 2 else mid + 1
        if majority_error(mid, e) <= delta:
            hi = mid
        else:
            lo = mid
    return int(hi)


# ====================================================================== agreement
def agreement(eps1, eps2=None):
    r"""Probability that two independent raters agree on a binary label: $1 - e_1 - e_2 + 2e_1e_2$.

    Parameters
    ----------
    eps1, eps2 : float or array_like
        The raters' error rates; `eps2` defaults to `eps1` (two raters of equal quality).

    Examples
    --------
    >>> round(agreement(0.2), 12), round(agreement(0.1, 0.3), 12)
    (0.68, 0.66)
    """
    e1 = check_probability("eps1", eps1)
    e2 = e1 if eps2 is None else check_probability("eps2", eps2)
    return as_output(1.0 - e1 - e2 + 2.0 * e1 * e2)


def majority_agreement(m, eps, eps_ref, alpha=0.0):
    r"""Predicted agreement of the majority of $m$ raters with one reference label of error `eps_ref`.

    The majority label errs with probability $P_{\mathrm{MV}}(m, e)$ (random tie-break), so
    the agreement is $1 - P_{\mathrm{MV}} - e_{\mathrm{ref}} + 2P_{\mathrm{MV}}e_{\mathrm{ref}}$.

    Examples
    --------
    >>> round(majority_agreement(1, 0.2, 0.2), 12)     # one rater: agreement(0.2, 0.2)
    0.68
    >>> round(majority_agreement(5, 0.2, 0.2), 4)
    0.7652
    """
    return agreement(majority_error(m, eps, alpha), eps_ref)


def agreement_ceiling(eps_label):
    r"""The most any predictor can agree with a single label of error rate `eps_label`: $1 - \varepsilon$.

    A predictor that is right with probability $r$ agrees with a label flipped independently
    with probability $\varepsilon \le 1/2$ with probability
    $r(1-\varepsilon) + (1-r)\varepsilon \le 1 - \varepsilon$; only the truth itself
    attains it. A model reported to agree with held-out labels more often than this either
    fits the raters' errors (they are not independent of the item) or the error rate is lower
    than assumed.

    Examples
    --------
    >>> agreement_ceiling(0.27)
    0.73
    """
    e = check_probability("eps_label", eps_label)
    if np.any(e > 0.5):
        raise ParameterValueError(f"eps_label={float(np.max(e))!r} is outside its domain [0, 1/2]",
                                  parameter="eps_label", value=float(np.max(e)), domain="[0, 1/2]")
    return as_output(1.0 - e)


@dataclass(frozen=True)
class AgreementEstimate:
    r"""A rater error rate estimated from an agreement rate, with its confidence interval.

    Attributes
    ----------
    eps : float
        The point estimate.
    lower, upper : float
        The confidence interval: the exact (Clopper–Pearson) interval of the agreement rate,
        mapped through the decreasing map from agreement to error ($[0, 1/2]$ where
        clipped); `nan` when the number of doubly labelled items is not given.
    agreement : float
        The observed agreement rate.
    n_items : int or None
        Number of doubly labelled items.
    level : float
        Confidence level.
    eps_ref : float or None
        The reference group's error rate (None: two raters of equal error).

    Examples
    --------
    >>> error_from_agreement(0.73, n_items=1000)
    AgreementEstimate(eps=0.1609, 95% CI [0.1413, 0.1827] from 1000 items; agreement 0.73, two raters of equal error)
    """

    eps: float
    lower: float
    upper: float
    agreement: float
    n_items: int | None
    level: float
    eps_ref: float | None

    def __repr__(self) -> str:
        ref = "two raters of equal error" if self.eps_ref is None else f"against a reference of error {self.eps_ref:g}"
        ci = "" if self.n_items is None else f", {self.level:.0%} CI [{self.lower:.4g}, {self.upper:.4g}] from {self.n_items} items"
        return f"AgreementEstimate(eps={self.eps:.4g}{ci}; agreement {self.agreement:g}, {ref})"


def _eps_from_agreement(a, eps_ref):
    """The error rate e with 2a - 1 = (1 - 2e)(1 - 2 e_ref) (e_ref = e when None), clipped to [0, 1/2]."""
    x = max(2.0 * a - 1.0, 0.0)
    root = math.sqrt(x) if eps_ref is None else x / (1.0 - 2.0 * eps_ref)
    return min(max((1.0 - root) / 2.0, 0.0), 0.5)


def error_from_agreement(a, n_items=None, *, eps_ref=None, level: float = 0.95) -> AgreementEstimate:
    r"""Rater error rate from an observed agreement rate, with an exact confidence interval.

    Two independent raters with symmetric errors $e$ and $e_{\mathrm{ref}}$ on a binary
    label agree with probability $a$ where $2a - 1 = (1 - 2e)(1 - 2e_{\mathrm{ref}})$. For
    two raters of equal error ($e_{\mathrm{ref}} = e$, the default)
    $e = \frac{1 - \sqrt{2a - 1}}{2}$; against a reference group of known error
    $e = \frac12\bigl(1 - \frac{2a-1}{1-2e_{\mathrm{ref}}}\bigr)$.

    The interval is the Clopper–Pearson interval of the agreement rate (from
    $\mathrm{round}(a \cdot N)$ agreements among $N$ doubly labelled items) mapped through
    this decreasing map; its coverage is at least `level` under the model.

    Raises
    ------
    ParameterValueError
        If $a \le 1/2$ (the symmetric model has no root with $e < 1/2$: such raters carry no
        information), or, against a reference, if $a > 1 - e_{\mathrm{ref}}$ (no rater can
        agree with the reference more often than the truth does).

    Examples
    --------
    >>> est = error_from_agreement(0.82, n_items=200)
    >>> round(est.eps, 6), round(est.lower, 4), round(est.upper, 4)
    (0.1, 0.0695, 0.1397)
    >>> round(error_from_agreement(0.66, eps_ref=0.3).eps, 6)
    0.1
    """
    a = float(check_probability("agreement", a))
    if a <= 0.5:
        raise ParameterValueError(
            f"agreement={a!r} is outside its domain (1/2, 1]: at or below 1/2 the symmetric error model "
            "has no error rate below 1/2 (such raters carry no information about the label)",
            parameter="agreement", value=a, domain="(1/2, 1]")
    if eps_ref is not None:
        eps_ref = float(check_probability("eps_ref", eps_ref))
        if eps_ref >= 0.5:
            raise ParameterValueError(f"eps_ref={eps_ref!r} is outside its domain [0, 1/2) (the reference's error)",
                                      parameter="eps_ref", value=eps_ref, domain="[0, 1/2)")
        if a > 1.0 - eps_ref:
            raise ParameterValueError(
                f"agreement={a!r} exceeds 1 - eps_ref = {1 - eps_ref:g}: no rater agrees with a reference of "
                f"error {eps_ref:g} more often than the truth does", parameter="agreement", value=a,
                domain=f"(1/2, {1 - eps_ref:g}]")
    if not 0 < level < 1:
        raise ParameterValueError(f"level={level!r} is outside its domain (0, 1)", parameter="level", value=level)
    eps = _eps_from_agreement(a, eps_ref)
    lower = upper = math.nan
    if n_items is not None:
        n = int(check_count("n_items", n_items, where="error_from_agreement"))
        if n < 1:
            raise ParameterValueError("n_items=0 in error_from_agreement must be at least 1",
                                      parameter="n_items", value=0, domain="integers >= 1")
        a_lo, a_hi = clopper_pearson(round(a * n), n, confidence=level)
        lower, upper = _eps_from_agreement(a_hi, eps_ref), _eps_from_agreement(a_lo, eps_ref)
    return AgreementEstimate(eps, lower, upper, a, None if n_items is None else int(n_items), level, eps_ref)


def error_from_kappa(kappa, n_items=None, *, level: float = 0.95) -> AgreementEstimate:
    r"""Rater error rate from Cohen's $\kappa$ between two raters of equal error, under balanced classes.

    With both labels equally frequent the chance agreement is $1/2$, so $\kappa = 2a - 1$
    and $e = \frac{1 - \sqrt{\kappa}}{2}$. With unbalanced classes $\kappa$ is smaller than
    $2a - 1$ and this overstates the error; use `error_from_agreement` with the raw agreement
    rate when it is published.

    Examples
    --------
    >>> round(error_from_kappa(0.36).eps, 6)
    0.2
    """
    check_real("kappa", kappa, "(0, 1]")
    k = float(kappa)
    if not 0 < k <= 1:
        raise ParameterValueError(f"kappa={k!r} is outside its domain (0, 1]: no agreement beyond chance",
                                  parameter="kappa", value=k, domain="(0, 1]")
    return error_from_agreement((1.0 + k) / 2.0, n_items, level=level)


def errors_from_triplet(a12, a13, a23):
    r"""The three error rates of three raters from their pairwise agreement rates.

    With $2a_{ij} - 1 = (1 - 2e_i)(1 - 2e_j)$,
    $(1 - 2e_1)^2 = \frac{(2a_{12}-1)(2a_{13}-1)}{2a_{23}-1}$ and likewise for the others
    (the method-of-moments identity behind the identifiability of the Dawid–Skene model
    with three raters; each $e_i < 1/2$ assumed).

    Examples
    --------
    >>> [round(e, 6) for e in errors_from_triplet(0.74, 0.66, 0.62)]
    [0.1, 0.2, 0.3]
    """
    x = {}
    for name, a in (("a12", a12), ("a13", a13), ("a23", a23)):
        v = float(check_probability(name, a))
        if v <= 0.5:
            raise ParameterValueError(f"{name}={v!r} is outside its domain (1/2, 1] (an agreement rate "
                                      "above chance)", parameter=name, value=v, domain="(1/2, 1]")
        x[name] = 2.0 * v - 1.0
    b1 = math.sqrt(x["a12"] * x["a13"] / x["a23"])
    b2 = math.sqrt(x["a12"] * x["a23"] / x["a13"])
    b3 = math.sqrt(x["a13"] * x["a23"] / x["a12"])
    for i, b in enumerate((b1, b2, b3), 1):
        if b > 1.0 + 1e-12:
            raise ParameterValueError(f"the agreements (a12={a12!r}, a13={a13!r}, a23={a23!r}) are inconsistent "
                                      f"with the symmetric model: rater {i} would have a negative error rate")
    return tuple(max((1.0 - b) / 2.0, 0.0) for b in (b1, b2, b3))


# ====================================================================== gold questions
def catch_probability(g, error, threshold=0):
    r"""Probability that a rater of error rate `error` fails a screen of `g` gold questions.

    A rater fails when they make more than `threshold` mistakes on the $g$ gold items
    (items whose answer is known), each a mistake independently with probability $e$:
    $P(\mathrm{Bin}(g, e) > t)$. The model assumes gold items cannot be told apart from
    ordinary ones, so that a rater (adversarial or careless) answers them as they answer
    everything else.

    Parameters
    ----------
    g : int or array_like
        Number of gold questions.
    error : float or array_like
        The rater's error rate on them (1 for an adversary who labels every item wrongly,
        1/2 for a careless rater who answers at random).
    threshold : int or array_like
        Mistakes allowed.

    Examples
    --------
    >>> catch_probability(10, 0.5, threshold=2)        # a random clicker: P(Bin(10, 1/2) > 2)
    0.9453125
    >>> round(catch_probability(10, 0.1, threshold=2), 6)   # an honest rater wrongly rejected
    0.070191
    """
    g = check_count("g", g, where="catch_probability")
    t = check_count("threshold", threshold, where="catch_probability")
    e = check_probability("error", error)
    g, t, e = np.broadcast_arrays(g, t, e)
    return as_output(_upper_tail(t + 1.0, g, e))


@dataclass(frozen=True)
class RaterType:
    r"""One kind of rater in a pool: its share of the pool and its error rate.

    Attributes
    ----------
    name : str
        A label ("careful", "careless", "adversarial", ...).
    share : float
        Fraction of the pool's raters of this type.
    error : float
        Probability that such a rater's label is wrong.
    adversarial : bool
        Whether the type's labels are written against the aligned policy (they count
        towards $\alpha$, not $\varepsilon$).

    Examples
    --------
    >>> RaterType("adversarial", 0.05, 1.0, adversarial=True).share
    0.05
    """

    name: str
    share: float
    error: float
    adversarial: bool = False


@dataclass(frozen=True)
class ScreenedPool:
    r"""A pool of raters after a gold-question screen.

    Attributes
    ----------
    types : tuple of RaterType
        The types, with their shares *after* screening.
    pass_rates : tuple of float
        The probability that a rater of each type passes.
    kept : float
        Fraction of all raters who pass.
    eps : float
        Error rate of the non-adversarial labels after screening (each rater giving the same
        number of labels): the model's $\varepsilon$.
    alpha : float
        Fraction of the labels written by adversarial raters after screening: the model's
        $\alpha$.
    g : int
        Gold questions per rater.

    Examples
    --------
    >>> screen([RaterType("careful", 0.9, 0.1), RaterType("spam", 0.1, 0.5)], g=10, threshold=2)
    ScreenedPool(eps=0.1026, alpha=0, kept 0.842 of raters; careful 0.994, spam 0.00649)
    """

    types: tuple
    pass_rates: tuple
    kept: float
    eps: float
    alpha: float
    g: int

    def cost_factor(self, labels_per_rater: float) -> float:
        r"""Labels paid for per usable label: $1 + \frac{g}{\text{kept} \cdot L}$.

        Every rater answers the $g$ gold items; only those who pass go on to give $L$ labels.

        Examples
        --------
        >>> pool = screen([RaterType("careful", 0.9, 0.1), RaterType("spam", 0.1, 0.5)], g=10, threshold=2)
        >>> round(pool.cost_factor(100), 4)
        1.1187
        """
        if not labels_per_rater > 0:
            raise ParameterValueError(f"labels_per_rater={labels_per_rater!r} must be positive",
                                      parameter="labels_per_rater", value=labels_per_rater, domain="(0, inf)")
        return 1.0 + self.g / (self.kept * labels_per_rater)

    def __repr__(self) -> str:
        kinds = ", ".join(f"{t.name} {t.share:.3g}" for t in self.types)
        return f"ScreenedPool(eps={self.eps:.4g}, alpha={self.alpha:.4g}, kept {self.kept:.3g} of raters; {kinds})"


def _check_types(types: Sequence[RaterType]) -> tuple:
    types = tuple(types)
    if not types or not all(isinstance(t, RaterType) for t in types):
        raise ParameterValueError("types must be a non-empty sequence of RaterType", parameter="types", value=types)
    for t in types:
        check_probability(f"share of {t.name!r}", t.share)
        check_probability(f"error of {t.name!r}", t.error)
    total = sum(t.share for t in types)
    if not math.isclose(total, 1.0, rel_tol=1e-9, abs_tol=1e-12):
        raise ParameterValueError(f"the shares of the rater types add up to {total!r}, not 1",
                                  parameter="share", value=total, domain="shares adding up to 1")
    return types


def screen(types: Sequence[RaterType], g: int, threshold: int = 0) -> ScreenedPool:
    r"""Screen a pool of raters with `g` gold questions, allowing `threshold` mistakes.

    A rater of type $i$ passes with probability $\pi_i = P(\mathrm{Bin}(g, e_i) \le t)$; the
    pool after screening has shares $w_i \propto s_i\pi_i$, an adversarial fraction
    $\alpha = \sum_{i\,\text{adv}} w_i$ and a non-adversarial error rate
    $\varepsilon = \sum_{i\,\text{honest}} w_i e_i / \sum_{i\,\text{honest}} w_i$ (each
    rater giving equally many labels).

    Examples
    --------
    >>> pool = screen([RaterType("careful", 0.8, 0.1), RaterType("careless", 0.15, 0.5),
    ...                RaterType("adversarial", 0.05, 1.0, adversarial=True)], g=10, threshold=2)
    >>> round(pool.eps, 4), pool.alpha
    (0.1044, 0.0)
    """
    types = _check_types(types)
    g = int(check_count("g", g, where="screen"))
    t = int(check_count("threshold", threshold, where="screen"))
    passes = [1.0 - float(_upper_tail(t + 1.0, float(g), ty.error)) for ty in types]
    kept = sum(ty.share * p for ty, p in zip(types, passes))
    if kept <= 0:
        raise ParameterValueError(f"no rater passes {g} gold questions with threshold={t}: every type's pass "
                                  "probability is 0", parameter="threshold", value=t)
    after = tuple(RaterType(ty.name, ty.share * p / kept, ty.error, ty.adversarial) for ty, p in zip(types, passes))
    honest = [ty for ty in after if not ty.adversarial]
    h = sum(ty.share for ty in honest)
    if h <= 0:
        raise ParameterValueError(f"every rater who passes {g} gold questions with threshold={t} is adversarial: the "
                                  "screened pool has no honest labels (alpha = 1, outside the model's [0, 1))",
                                  parameter="threshold", value=t)
    eps = sum(ty.share * ty.error for ty in honest) / h
    alpha = sum(ty.share for ty in after if ty.adversarial)
    return ScreenedPool(after, tuple(passes), kept, eps, alpha, g)


# ====================================================================== pools of known raters
def weighted_vote_error(errors, weights: str | Sequence[float] = "log-odds", max_outcomes: int = 10**7):
    r"""Exact error of a vote over raters with different, known error rates: the pool's effective error.

    Rater $i$ is wrong independently with probability $e_i$; the vote picks the label with
    the larger total weight (a tie broken at random). With weights
    $w_i = \ln\frac{1-e_i}{e_i}$ (`"log-odds"`, the default) this is the likelihood-ratio
    rule, optimal for a uniform prior (Nitzan & Paroush 1982); `"equal"` is the plain
    majority vote; any sequence of weights may be given.

    Raters of equal error are grouped, so the computation is a convolution of one binomial
    per distinct error rate, $\prod_g (m_g + 1)$ outcomes (at most `max_outcomes`).

    Parameters
    ----------
    errors : sequence of float
        Each rater's error rate, in $[0, 1/2)$ for log-odds weights.
    weights : "log-odds", "equal" or sequence of float

    Examples
    --------
    >>> round(weighted_vote_error([0.1, 0.2, 0.3]), 6)     # log-odds: 0.1 outweighs the two others
    0.1
    >>> round(weighted_vote_error([0.1, 0.2, 0.3], "equal"), 6)
    0.098
    >>> round(weighted_vote_error([0.2] * 5), 5) == round(majority_error(5, 0.2), 5)
    True
    """
    e = check_probability("errors", errors).ravel()
    if e.size == 0:
        raise ParameterValueError("errors must name at least one rater", parameter="errors", value=errors)
    w = _weights(e, weights)
    groups = {}
    for ei, wi in zip(e.tolist(), w.tolist()):
        groups.setdefault((ei, wi), 0)
        groups[(ei, wi)] += 1
    sizes = [c + 1 for c in groups.values()]
    if math.prod(sizes) > max_outcomes:
        raise ParameterValueError(f"{math.prod(sizes)} joint outcomes exceed max_outcomes={max_outcomes}",
                                  parameter="errors", value=f"{e.size} raters")
    score, prob = np.zeros(1), np.ones(1)
    for (ei, wi), c in groups.items():
        k = np.arange(c + 1.0)  # number of wrong votes in the group
        with np.errstate(divide="ignore"):
            pk = np.exp(log_binom_pmf(k, float(c), ei, 1.0 - ei))
        score = (score[:, None] + wi * (c - 2.0 * k)[None, :]).ravel()  # weight for the truth minus against
        prob = (prob[:, None] * pk[None, :]).ravel()
    scale = float(np.sum(np.abs(w))) * 1e-12
    wrong = prob[score < -scale].sum() + 0.5 * prob[np.abs(score) <= scale].sum()
    return float(min(max(wrong, 0.0), 1.0))


def _weights(e, weights):
    if isinstance(weights, str):
        check_choice("weights", weights, ("log-odds", "equal"), where="weighted_vote_error")
        if weights == "equal":
            return np.ones_like(e)
        if np.any(e >= 0.5):
            raise ParameterValueError(f"errors contain {float(np.max(e))!r}: log-odds weights need every error "
                                      "rate below 1/2 (flip such a rater's labels first)", parameter="errors",
                                      value=float(np.max(e)), domain="[0, 1/2)")
        with np.errstate(divide="ignore"):
            w = np.log1p(-e) - np.log(e)
        finite = np.isfinite(w)
        # a perfect rater outweighs all others together
        return np.where(finite, w, (np.sum(w[finite]) + 1.0) * 2.0 if finite.any() else 1.0)
    w = np.asarray(weights, dtype=float).ravel()
    if w.shape != e.shape or not np.all(np.isfinite(w)):
        raise ParameterValueError(f"weights must be finite numbers, one per rater; got {short(weights)}",
                                  parameter="weights", value=weights)
    return w
