r"""What a witness finds, and how it is judged against a bound.

A witness's run at one point is a `Check`: the point, the claim in words and numbers, the
witness's value and the verdict. `verify` gathers its checks in a `Report`. The verdicts
come from two judges, which every witness uses:

* `judge_exact` — an exact witness: does `truth REL f` hold, up to floating-point rounding
  (`RTOL`), in log space so that probabilities far below the smallest double compare too?
* `judge_mc` — a Monte Carlo witness: is `truth REL f` contradicted by the Clopper–Pearson
  interval of the estimate at level $1 - a$, one-sided for an inequality, two-sided for
  an exact value? A true bound then fails with probability at most $a$.

Examples
--------
>>> import math
>>> from bounds.simulate import Estimate
>>> judge_exact("<=", math.log(0.1), math.log(0.2))
True
>>> judge_mc(">=", Estimate("error", 300, 10_000), 0.05, 1e-6)[0]     # 3% observed: not >= 5%
False
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from .._format import fmt

__all__ = ["Check", "RTOL", "Report", "judge_exact", "judge_mc"]

#: Relative tolerance of exact comparisons (floating-point rounding of bound and witness).
RTOL = 1e-9


# ====================================================================== results
@dataclass(frozen=True)
class Check:
    r"""The outcome of checking a bound at one point against its witness.

    Attributes
    ----------
    bound : str
        Id of the bound.
    witness : str
        Name of the witness.
    method : str
        `'exact'` or `'simulate'`.
    params : dict
        Where the bound was evaluated (after mapping into the witness's reach).
    claim : str
        The claim checked, in words and numbers.
    bound_value : float
        The bound's value $f$ at `params`.
    value : float
        What the witness found (an exact probability, a simulated estimate, or for
        Fano bounds the labels the decoder used).
    interval : tuple or None
        The one- or two-sided CP interval used (Monte Carlo only).
    error_rate : float
        Probability that this check fails by chance although the bound holds (0 for
        an exact check).
    holds : bool
        Whether the bound survived.

    Examples
    --------
    >>> import bounds
    >>> from bounds.witness import check
    >>> c = check(bounds.bound("duel.hoeffding"), n=20, d=0.5, eps=0.1)
    >>> c.holds, c.method
    (True, 'exact')
    """

    bound: str
    witness: str
    method: str
    params: dict
    claim: str
    bound_value: float
    value: float
    interval: tuple | None
    error_rate: float
    holds: bool

    def _point(self) -> str:
        return ", ".join(f"{k}={fmt(v)}" for k, v in self.params.items())

    def __str__(self) -> str:
        return (f"{self.bound} vs {self.witness} ({self.method}) at {self._point()}: {self.claim} — "
                f"{'holds' if self.holds else 'CONTRADICTED'}")

    def contradiction(self) -> str:
        r"""The message of a `WitnessError`: the bound, the witness, the point and the claim.

        Returns
        -------
        str
            One line, with the chance of a false alarm for a Monte Carlo check.

        Examples
        --------
        >>> import bounds
        >>> from bounds import witness
        >>> c = witness.check(witness.scaled(bounds.bound("duel.chernoff"), 1e-3), n=2000, d=0.5, eps=0.2)
        >>> c.holds
        False
        >>> print(c.contradiction())
        duel.chernoff*0.001 is contradicted by duel.exact (exact) at n=2000, d=0.5, eps=0.2, alpha=0, s=0, q_hard=0: exact P(lose) = 8.16181e-94 <= 3.05505e-95
        """
        rate = "" if self.error_rate == 0 else f" (chance of a false alarm {self.error_rate:g})"
        return f"{self.bound} is contradicted by {self.witness} ({self.method}) at {self._point()}: {self.claim}{rate}"


@dataclass(frozen=True)
class Report:
    r"""What `verify` found: every check it ran, none of them contradicted.

    Attributes
    ----------
    bound : str
        Id of the bound.
    witness : str
        Name of the witness.
    method : str
        `'exact'` or `'simulate'`.
    error_rate : float
        Per-check false-alarm rate of Monte Carlo checks.
    checks : tuple of Check
        All checks (hypothesis's examples).

    Examples
    --------
    >>> import bounds
    >>> from bounds.witness import verify
    >>> r = verify(bounds.bound("two_point.le_cam"), max_examples=3)
    >>> len(r.checks), r.witness
    (3, 'simulate.two_point')
    """

    bound: str
    witness: str
    method: str
    error_rate: float
    checks: tuple = field(repr=False)

    @property
    def family_error_rate(self) -> float:
        r"""Bonferroni bound on the chance that any check of this run failed by chance.

        Returns
        -------
        float
            `error_rate` times the number of Monte Carlo checks (0 if all were exact).

        Examples
        --------
        >>> import bounds
        >>> bounds.witness.verify(bounds.bound("duel.hoeffding"), max_examples=2).family_error_rate
        0.0
        """
        return float(sum(c.error_rate for c in self.checks))

    def __repr__(self) -> str:
        bad = sum(not c.holds for c in self.checks)
        state = "none contradicted" if bad == 0 else f"{bad} CONTRADICTED"
        return f"Report({self.bound}: {len(self.checks)} checks by {self.witness} ({self.method}), {state})"


# ====================================================================== the judges
def judge_exact(rel: str, log_truth: float, log_f: float, rel_err: float = 0.0) -> bool:
    r"""Does `truth REL f` hold, allowing a relative error `rel_err` + `RTOL`? Everything in log space.

    Parameters
    ----------
    rel : {'<=', '>=', '=='}
        The bound's relation, truth on the left.
    log_truth : float
        The log of the witness's exact value.
    log_f : float
        The log of the bound's value.
    rel_err : float
        The witness's own relative error (0 for an exact rational computation).

    Returns
    -------
    bool
        Whether the bound holds at this point.

    Examples
    --------
    >>> judge_exact(">=", math.log(0.1), math.log(0.1 * (1 + 1e-12)))     # within rounding
    True
    >>> judge_exact("==", -5000.0, -5000.1)                               # e^-5000 vs e^-5000.1
    False
    """
    if log_truth == log_f:
        return True
    scale = max(1.0, abs(log_f)) if math.isfinite(log_f) else 1.0
    slack = math.log1p(rel_err) + RTOL * scale
    if rel == "<=":
        return log_truth - slack <= log_f
    if rel == ">=":
        return log_truth + slack >= log_f
    return abs(log_truth - log_f) <= slack


def judge_mc(rel: str, est, f: float, error_rate: float):
    r"""The Monte Carlo verdict on `truth REL f` at false-alarm rate `error_rate`.

    `truth <= f` is contradicted only if even the one-sided lower Clopper–Pearson limit at
    level $1 - a$ exceeds $f$; `truth >= f` only if the upper one is below $f$; an exact
    value must lie in the two-sided interval.

    Parameters
    ----------
    rel : {'<=', '>=', '=='}
        The bound's relation, truth on the left.
    est : bounds.simulate.Estimate
        The witness's estimate of the truth.
    f : float
        The bound's value.
    error_rate : float
        $a$: the chance that a true bound is rejected.

    Returns
    -------
    holds : bool
        The verdict.
    interval : tuple of float
        The interval it rests on.

    Examples
    --------
    >>> from bounds.simulate import Estimate
    >>> holds, (lo, hi) = judge_mc("==", Estimate("lose", 500, 1000), 0.5, 1e-6)
    >>> holds, round(lo, 3), round(hi, 3)
    (True, 0.423, 0.577)
    """
    conf = 1.0 - error_rate
    tol = 1e-12 * max(abs(f), 1e-300)
    if rel == "<=":
        lo, hi = est.interval(conf, "greater")
        return lo <= f + tol, (lo, hi)
    if rel == ">=":
        lo, hi = est.interval(conf, "less")
        return hi >= f - tol, (lo, hi)
    lo, hi = est.interval(conf, "two-sided")
    return lo - tol <= f <= hi + tol, (lo, hi)
