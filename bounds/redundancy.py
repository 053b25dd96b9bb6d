r"""Redundancy: bounds on a majority vote's error, and whether $m$ raters per item pay.

A label that is the majority vote of $m$ raters, each wrong independently with probability
$e = \alpha + (1-\alpha)\varepsilon$, is wrong with the probability
`bounds.raters.majority_error` computes exactly. This module brackets it
(`majority_error_bounds`) and answers the budget question behind redundancy
(`redundancy`): with the same $n$ rater-labels, is it better to have $m$ raters vote on
$\lfloor n/m \rfloor$ items, or one rater on each of $n$ items? Voting makes each label
better (error $P_{\mathrm{MV}}(m, e)$ instead of $e$) but the dataset $m$ times smaller.
The answer is given on each side (necessary, exact, sufficient) of `bounds.Scenario`,
whose model takes the vote as the label: a learner that keeps only the majority, as most
reward-model pipelines do (one that keeps every vote has at most the information of the
$n$ single labels, so voting cannot help it on the necessary side).

Examples
--------
>>> from bounds.redundancy import majority_error_bounds, redundancy
>>> lo, hi = majority_error_bounds(5, 0.2)
>>> round(lo, 6), round(hi, 6)          # Slud's and Chernoff's bounds around 0.05792
(0.015246, 0.32768)
>>> r = redundancy(3, 3000, 0.2, K=2**20, d=0.1)
>>> r.better["exact"]
'one rater'
>>> r
budget 3000 rater-labels, eps 0.2: 1 rater on 3000 items, or 3 voting on 1000 items (vote error 0.104)
  P(fail)       one rater   majority    better
  necessary   1.064e-109   2.11e-75    one rater
  exact        2.534e-22  4.417e-13    one rater
  sufficient   4.998e-21  5.855e-12    one rater
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .errors import ParameterValueError
from .raters import TIES, majority_error
from .scenario import Scenario
from .validation import as_output, check_choice, check_count, check_real
from .vocabulary import PARAMETERS

SIDES = ("necessary", "exact", "sufficient")

__all__ = ["majority_error_bounds", "weighted_vote_error_bounds", "redundancy", "RedundancyComparison", "SLUD_1977", "UML_2014", "KAILATH_1967"]

SLUD_1977 = "Slud, E. V. (1977). Distribution inequalities for the binomial law. Annals of Probability 5(3), 404-412."
KAILATH_1967 = ("Kailath, T. (1967). The divergence and Bhattacharyya distance measures in signal selection. IEEE "
                "Transactions on Communication Technology 15(1), 52-60.")
UML_2014 = ("Shalev-Shwartz, S. & Ben-David, S. (2014). Understanding Machine Learning: From Theory to Algorithms. "
            "Cambridge University Press, Lemma B.11 (Slud's inequality).")


def _slud(m, e):
    r"""Slud's lower bound on $P(\mathrm{Bin}(m, e) \ge m/2)$: the catalogue's `duel.slud` at $n = m$, $d = 1$.

    A majority vote whose ties count as errors is the duel of $m$ labels that all separate.
    """
    from .registry import bound

    return np.asarray(bound("duel.slud")(n=m, d=1.0, eps=np.minimum(e, 0.5)), dtype=float)


def majority_error_bounds(m, eps, alpha=0.0, ties: str = "random"):
    r"""Lower and upper bounds on the error of a majority vote of $m$ raters.

    With each vote wrong with probability $e = \alpha + (1-\alpha)\varepsilon \le 1/2$:

    * upper (Chernoff): $P(\mathrm{Bin}(m, e) \ge m/2) \le e^{-m\,\mathrm{kl}(1/2\|e)}
      = (4e(1-e))^{m/2}$, for every tie rule;
    * lower (Slud 1977, in the form of Shalev-Shwartz & Ben-David 2014, Lemma B.11; the
      catalogue's `duel.slud` at $n = m$, $d = 1$, with its machine-checked derivation):
      $P(\mathrm{Bin}(m, e) \ge m/2) \ge \frac12\big(1 - \sqrt{1 - \exp(-m x^2/(1-x^2))}\big)$,
      $x = 1 - 2e$. That is the error for odd $m$, and for even $m$ when ties count as
      wrong; with a random tie-break an even panel errs as the odd one below it (so
      $m - 1$ is used); when ties count as right, an even panel errs at least when the
      first $m - 1$ votes have a wrong majority and the last vote is wrong too, so
      $e$ times the bound at $m - 1$.

    Past $e = 1/2$ (more adversarial votes than honest ones can outweigh) the upper bound is
    1 and the lower bound that of $e = 1/2$.

    Parameters
    ----------
    m : int or array_like
        Raters per item, $\ge 1$.
    eps, alpha : float or array_like
        Each honest rater's error rate (in $[0, 1]$) and the fraction of adversarial votes.
    ties : {"random", "wrong", "right"}
        How a tie of an even panel is resolved (as for `bounds.raters.majority_error`).

    Returns
    -------
    (float or ndarray, float or ndarray)
        The lower and the upper bound.

    Examples
    --------
    The test vectors of Shalev-Shwartz & Ben-David's bound at $e = 0.2$, $m = 11$:

    >>> lo, hi = majority_error_bounds(11, 0.2)
    >>> f"{lo:.6g} {hi:.6g}"
    '0.000514004 0.0858993'
    """
    check_choice("ties", ties, TIES, where="majority_error_bounds")
    m = check_count("m", m, where="majority_error_bounds")
    if np.any(m < 1):
        raise ParameterValueError("m=0 in majority_error_bounds must be at least 1 (raters per item)",
                                  parameter="m", value=0, domain="integers >= 1")
    e = np.asarray(majority_error(1, eps, alpha), dtype=float)      # one vote's error, validated
    m, e = np.broadcast_arrays(m, e)
    ec = np.minimum(e, 0.5)
    with np.errstate(divide="ignore"):
        upper = np.where(e < 0.5, np.exp(0.5 * m * np.log(4.0 * e * (1.0 - e))), 1.0)
    even = m % 2 == 0
    if ties == "wrong":
        lower = _slud(m, ec)
    elif ties == "random":
        lower = _slud(np.where(even, m - 1, m), ec)
    else:
        lower = np.where(even, ec * _slud(np.maximum(m - 1, 1), ec), _slud(m, ec))
    lower = np.where(e == 0, 0.0, lower)        # no vote errs
    return as_output(lower), as_output(np.minimum(upper, 1.0))


def weighted_vote_error_bounds(errors):
    r"""Bounds on the error of the likelihood-ratio-weighted vote of raters with known error rates.

    With log-odds weights and a random tie-break the vote is the Bayes rule for a label
    that is a priori a fair coin (Nitzan & Paroush 1982), so its error is the Bayes error
    of the two label hypotheses. With $\rho = \prod_i 2\sqrt{e_i(1-e_i)}$ the
    Bhattacharyya coefficient of the votes' laws under the two labels (Kailath 1967):

    $$\tfrac12\big(1 - \sqrt{1 - \rho^2}\big) \le P_{\mathrm{err}} \le \tfrac12\rho.$$

    Parameters
    ----------
    errors : sequence of float
        Each rater's error rate, in $[0, 1/2]$.

    Returns
    -------
    (float, float)
        The lower and the upper bound.

    Examples
    --------
    >>> from bounds.raters import weighted_vote_error
    >>> lo, hi = weighted_vote_error_bounds([0.1, 0.2, 0.3])
    >>> ex = weighted_vote_error([0.1, 0.2, 0.3])
    >>> bool(lo <= ex <= hi), round(lo, 4), round(ex, 4), round(hi, 4)
    (True, 0.051, 0.098, 0.22)
    """
    e = np.atleast_1d(np.asarray(errors, dtype=float))
    if e.ndim != 1 or e.size == 0:
        raise ParameterValueError(f"errors={errors!r} in weighted_vote_error_bounds must be a non-empty sequence",
                                  parameter="errors", value=errors)
    for v in e:
        PARAMETERS["eps"].validate(float(v), where="weighted_vote_error_bounds")
    log_rho = float(np.sum(np.log(2.0) + 0.5 * (np.log(e) + np.log1p(-e)))) if np.all(e > 0) else -math.inf
    rho2 = math.exp(2.0 * log_rho)
    lower = 0.5 * rho2 / (1.0 + math.sqrt(-math.expm1(2.0 * log_rho))) if log_rho > -math.inf else 0.0
    return lower, 0.5 * math.exp(log_rho)


@dataclass(frozen=True)
class RedundancyComparison:
    r"""$P(\text{fail})$ with one rater on $n$ items against $m$ raters voting on $\lfloor n/m \rfloor$.

    Attributes
    ----------
    m, n : int
        Raters per item when voting; rater-labels bought.
    eps, alpha : float
        The raters' error rate and adversarial fraction.
    item_cost : float
        What an item costs of its own, in rater-labels.
    vote_error : float
        The majority vote's error (`bounds.raters.majority_error`).
    single, voted : dict
        P(the aligned policy does not win) for the two datasets, on each side: "necessary"
        (the lower bound: no learner keeping these labels fails less often), "exact" and
        "sufficient" (the union Chernoff bound).
    better : dict
        Per side, the dataset with the smaller value: "one rater", "majority of m", "equal"
        (within a relative $10^{-12}$) or "n/a" (an exact value out of the exact engine's reach).

    Examples
    --------
    >>> r = redundancy(5, 3000, 0.3, K=2**20, d=0.1)
    >>> f"{r.single['exact']:.3g} {r.voted['exact']:.3g}", r.better["exact"]
    ('8.56e-07 0.0129', 'one rater')
    """

    m: int
    n: int
    eps: float
    alpha: float
    item_cost: float
    vote_error: float
    single: dict
    voted: dict
    better: dict

    def __repr__(self) -> str:
        c = self.item_cost
        rows = [f"budget {self.n} rater-labels" + (f" (an item costs {c:g} more)" if c else "")
                + f", eps {self.eps:g}" + (f", alpha {self.alpha:g}" if self.alpha else "")
                + f": 1 rater on {math.floor(self.n / (1 + c))} items, or {self.m} voting on "
                f"{math.floor(self.n / (self.m + c))} items (vote error {self.vote_error:.4g})",
                "  P(fail)       one rater   majority    better"]
        for side in SIDES:
            rows.append(f"  {side:<12}{self.single[side]:>10.4g}{self.voted[side]:>11.4g}    {self.better[side]}")
        return "\n".join(rows)


def _label_channel(p):
    """(eps, alpha) of the scenario whose labels are wrong with probability p."""
    return (p, 0.0) if p <= 0.5 else (0.5, 2.0 * p - 1.0)


def redundancy(m: int, n: int, eps: float, *, alpha: float = 0.0, ties: str = "random", item_cost: float = 0.0,
               **scenario) -> RedundancyComparison:
    r"""Is it better to buy $n$ single labels, or $m$ votes on each of $\lfloor n/m \rfloor$ items?

    Both datasets cost the same budget of $n$ rater-labels; an item may also cost something
    of its own (`item_cost`, in rater-labels: writing the prompt, sampling the two outputs),
    so the budget buys $\lfloor n/(1 + c) \rfloor$ singly labelled items or
    $\lfloor n/(m + c) \rfloor$ voted ones. The single labels are wrong with
    probability $e = \alpha + (1-\alpha)\varepsilon$, the voted ones with
    $P_{\mathrm{MV}}(m, e)$. Each dataset is put into `bounds.Scenario` with the other
    parameters given (`K` or `bits`, `d`, ...): the comparison on the sufficient side (the
    union Chernoff bound), exactly, and on the necessary side (for a learner that keeps
    the vote; see the module docstring).

    Parameters
    ----------
    m : int
        Raters per item when voting, $\ge 2$.
    n : int
        Rater-labels bought, $\ge m$.
    eps : float
        The raters' error rate.
    alpha : float
        The fraction of adversarial votes (always wrong).
    ties : {"random", "wrong", "right"}
        How a tie of an even panel is resolved.
    **scenario
        `K` or `bits`, `d` (and `s`, `q_hard`, `K_dec`), as for `bounds.Scenario`.

    Returns
    -------
    RedundancyComparison

    Examples
    --------
    When items are free, spreading the labels wins: a vote keeps less of the evidence than
    its $m$ labels carry (the duel's Chernoff exponent per rater-label is larger for single
    labels). When an item costs as much as ten labels, three votes per item win:

    >>> redundancy(3, 30000, 0.35, K=2**20, d=0.1).better["exact"]
    'one rater'
    >>> redundancy(3, 30000, 0.35, item_cost=10, K=2**20, d=0.1).better
    {'necessary': 'majority of m', 'exact': 'majority of m', 'sufficient': 'majority of m'}
    """
    m = int(check_count("m", m, where="redundancy"))
    n = int(check_count("n", n, where="redundancy"))
    check_real("item_cost", item_cost, "[0, inf)", " in redundancy")
    c = float(item_cost)
    if not (math.isfinite(c) and c >= 0):
        raise ParameterValueError(f"item_cost={item_cost!r} in redundancy is outside its domain [0, inf) (the cost "
                                  "of an item in rater-labels)", parameter="item_cost", value=item_cost,
                                  domain="[0, inf)")
    if m < 2 or n < m + c:
        raise ParameterValueError(f"m={m}, n={n} in redundancy: need m >= 2 raters per item and a budget n >= "
                                  f"m + item_cost = {m + c:g} rater-labels", parameter="m" if m < 2 else "n",
                                  value=m if m < 2 else n)
    e1 = float(majority_error(1, eps, alpha))
    ev = float(majority_error(m, eps, alpha, ties=ties))
    out = {}
    for name, (items, p) in (("single", (math.floor(n / (1 + c)), e1)), ("voted", (math.floor(n / (m + c)), ev))):
        le, la = _label_channel(p)
        f = Scenario(eps=le, alpha=la, **scenario).failure_probability(items)
        out[name] = {"necessary": float(f.lower), "exact": math.nan if f.exact is None else float(f.exact),
                     "sufficient": float(f.upper)}
    better = {}
    for side in SIDES:
        a, b = out["single"][side], out["voted"][side]
        better[side] = ("n/a" if math.isnan(a + b) else "equal" if math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-300)
                        else "one rater" if a < b else "majority of m")
    return RedundancyComparison(m, n, float(eps), float(alpha), c, ev, out["single"], out["voted"], better)
