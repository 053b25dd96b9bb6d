r"""Quality–quantity curves: P(aligned wins) along a family of (labels, error rate) points.

A `Curve` is a family of datasets — $n_i$ labels at error rate $\varepsilon_i$ — on one
scenario (the same $K$, $d$, $\alpha$ and systematic error). Along it, `win_probability`
gives the necessary bound (an upper bound on P(win)), the exact value and the sufficient
bound (a lower bound) at every point, as `bounds.Scenario` computes them, and `best` the
point with the highest probability on a chosen side.

`Curve.from_cost` builds the curve a budget buys under a `bounds.cost.CostModel`: at each
error rate aimed for, the items the budget pays for, each labelled by the majority vote of
the model's raters (so the label error is the majority-vote error). `budget_needed` asks the
reverse question: the smallest budget, over the error rates offered, whose labels reach a
target probability, and at which error rate.

Examples
--------
>>> import bounds
>>> from bounds.cost import CostModel
>>> c = bounds.Curve([500, 1000, 2000], [0.1, 0.2, 0.3], K=2**20, d=0.1)
>>> t = c.win_probability()
>>> bool(all(t.lower <= t.exact)) and bool(all(t.exact <= t.upper))
True
>>> cost = CostModel("power", eps_ref=0.2, seconds_ref=4.0, beta=1.0)
>>> curve = bounds.Curve.from_cost(cost, [0.05, 0.1, 0.2, 0.3], hours=1.0, K=2**20, d=0.1)
>>> curve.n.tolist()                    # 3600 s / (4 s x 0.2 / eps)
[225.0, 450.0, 900.0, 1350.0]
>>> round(float(curve.label_eps[2]), 6), curve.best().eps.tolist()
(0.2, [0.2])
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .cost import CostModel
from .errors import ParameterValueError
from .scenario import Scenario
from .validation import as_output, check_choice, check_count, check_probability, check_real

__all__ = ["Curve", "CurveTable", "BudgetAnswer"]

SIDES = ("lower", "exact", "upper")


@dataclass(frozen=True)
class CurveTable:
    r"""P(aligned wins) along a curve: one entry per point.

    Attributes
    ----------
    n : numpy.ndarray
        Labels (items) at each point.
    eps : numpy.ndarray
        The error rate each rater aims for.
    label_eps : numpy.ndarray
        The error rate of the labels used (the majority vote's, with several raters per item).
    lower, exact, upper : numpy.ndarray
        P(aligned wins): the sufficient side's guarantee, the exact value (`nan` where out
        of the exact engine's reach) and the necessary side's limit.
    hours, dollars : numpy.ndarray or None
        The rater hours and their cost at each point, for a curve with a cost model (dollars
        only if it has a price).

    Examples
    --------
    >>> import bounds
    >>> t = bounds.Curve([10, 100], 0.3, K=2, d=1.0).win_probability()   # P(Bin(n, 0.7) > n/2)
    >>> [round(x, 4) for x in t.exact.tolist()]
    [0.8497, 1.0]
    """

    n: np.ndarray
    eps: np.ndarray
    label_eps: np.ndarray
    lower: np.ndarray
    exact: np.ndarray
    upper: np.ndarray
    hours: np.ndarray | None = None
    dollars: np.ndarray | None = None

    def alignment_tax(self, training_cost: float) -> np.ndarray:
        r"""The feedback's cost at each point as a fraction of a stated training cost (same currency).

        Parameters
        ----------
        training_cost : float
            What training the model costs, in dollars, $> 0$.

        Examples
        --------
        >>> import bounds
        >>> from bounds.cost import CostModel
        >>> cost = CostModel(dollars_per_hour=20.0)
        >>> t = bounds.Curve.from_cost(cost, [0.1, 0.2], dollars=1000, K=2, d=1.0).win_probability()
        >>> t.alignment_tax(1e6).tolist()          # $1000 of labels against a $1M training run
        [0.001, 0.001]
        """
        return _tax(self.dollars, training_cost)

    def __repr__(self) -> str:
        rows = ["       n       eps  label eps     lower     exact     upper"]
        for i in range(len(self.n)):
            rows.append(f"{self.n[i]:8.0f}  {self.eps[i]:8.4g}  {self.label_eps[i]:9.4g}  {self.lower[i]:8.4g}"
                        f"  {self.exact[i]:8.4g}  {self.upper[i]:8.4g}")
        return "\n".join(rows)


@dataclass(frozen=True)
class BudgetAnswer:
    r"""The cheapest point of a cost model's curve that reaches a target probability.

    Attributes
    ----------
    side : str
        Which side answered: "lower" (guaranteed by the sufficient bound), "exact", or
        "upper" (the necessary limit: below this budget no labels at these error rates can
        reach the target).
    eps : float
        The error rate to aim for.
    items : float
        Items to label there.
    hours : float
        Rater hours (items x raters x seconds per label x overhead).
    dollars : float or None
        Their cost, if the cost model has a price.

    Examples
    --------
    >>> from bounds.cost import CostModel
    >>> import bounds
    >>> a = bounds.Curve.budget_needed(CostModel(dollars_per_hour=36.0), [0.1, 0.2], 0.95, K=2, d=1.0)
    >>> a.dollars, a.alignment_tax(1e3)       # 3 labels of 4 s at $36 an hour, against a $1000 run
    (0.12, 0.00012)
    >>> a = bounds.Curve.budget_needed(CostModel(), [0.1, 0.2], 0.95, K=2, d=1.0, side="exact")
    >>> a.eps, a.items                 # constant cost: the better labels, 3 of them
    (0.1, 3.0)
    """

    side: str
    eps: float
    items: float
    hours: float
    dollars: float | None

    def alignment_tax(self, training_cost: float) -> float:
        r"""The feedback's cost as a fraction of a stated training cost (dollars; needs a priced cost model).

        Examples
        --------
        >>> BudgetAnswer("exact", 0.1, 3.0, 0.5, 10.0).alignment_tax(1000.0)
        0.01
        """
        return float(_tax(self.dollars, training_cost))


def _tax(dollars, training_cost):
    c = float(_positive("training_cost", training_cost))
    if dollars is None:
        raise ParameterValueError("the alignment tax needs the feedback's cost in dollars: give the cost model "
                                  "dollars_per_hour", parameter="dollars_per_hour", value=0.0, domain="(0, inf)")
    return as_output(np.asarray(dollars, dtype=float) / c)


def _positive(name, value):
    """A single finite number > 0, as a float (else an error naming it)."""
    check_real(name, value, "(0, inf)")
    v = np.asarray(value, dtype=float)
    if v.ndim != 0 or not (math.isfinite(float(v)) and float(v) > 0):
        raise ParameterValueError(f"{name}={value!r} is outside its domain (0, inf)", parameter=name, value=value,
                                  domain="(0, inf)")
    return float(v)


class Curve:
    r"""A family of datasets ($n_i$ labels at error rate $\varepsilon_i$) on one scenario.

    Parameters
    ----------
    n : int or array_like of int
        Labels (items) at each point.
    eps : float or array_like
        Error rate of each point (broadcast against `n`).
    raters : int
        Raters per item: the label is their majority vote (random tie-break), with error
        `bounds.raters.majority_error(raters, eps)`.
    **scenario
        The scenario's other parameters: `K` (or `bits`), `d`, `alpha`, `s`, `q_hard`,
        `K_dec`, as for `bounds.Scenario`.

    Examples
    --------
    >>> import bounds
    >>> c = bounds.Curve([1000, 3000], [0.1, 0.3], raters=3, K=2**10, d=0.2)
    >>> [round(float(e), 4) for e in c.label_eps]      # majority of 3 at 0.1 and 0.3
    [0.028, 0.216]
    """

    def __init__(self, n, eps, *, raters: int = 1, cost: CostModel | None = None, **scenario):
        from .raters import majority_error

        n_arr = check_count("n", n, where="Curve")
        e_arr = check_probability("eps", eps)
        self.n, self.eps = (np.array(a, dtype=float) for a in np.broadcast_arrays(np.atleast_1d(n_arr),
                                                                                  np.atleast_1d(e_arr)))
        self.raters = int(raters)
        self.label_eps = np.atleast_1d(np.asarray(majority_error(self.raters, self.eps), dtype=float))
        self.cost = cost
        self.scenario = dict(scenario)
        Scenario(eps=float(self.label_eps[0]), **self.scenario)  # validates the scenario's parameters

    @classmethod
    def from_cost(cls, cost: CostModel, eps, *, hours=None, dollars=None, **scenario) -> "Curve":
        r"""The curve a budget buys: at each error rate, the whole items the budget pays for.

        Examples
        --------
        >>> from bounds.cost import CostModel
        >>> Curve.from_cost(CostModel(raters=3), [0.1, 0.2], hours=1, K=2, d=1.0).n.tolist()
        [300.0, 300.0]
        """
        e = np.atleast_1d(check_probability("eps", eps))
        cost.check_monotone(e)
        items = np.floor(np.atleast_1d(cost.items(eps=e, hours=hours, dollars=dollars)) + 1e-9)
        return cls(items, e, raters=cost.raters, cost=cost, **scenario)

    def win_probability(self, exact: bool = True) -> CurveTable:
        r"""P(aligned wins) at every point: lower (sufficient side), exact, upper (necessary side).

        The bounds are evaluated for all points at once (`Scenario.win_probability_at`). The
        exact column is the costly one: with numba installed (the `fast` extra) a curve of
        at least 64 points of one group of policies goes to a compiled kernel, about
        0.05 ms a point at $n \sim 10^3$-$10^4$ (a curve of $10^4$ points in about half a
        second on two cores); otherwise, and for the other points, the engine takes about
        10-30 ms a point. Both are exact to a relative $10^{-14}$ (`exact=False` leaves the
        column out).

        Parameters
        ----------
        exact : bool
            Compute the exact column (else it is all `nan`).

        Examples
        --------
        >>> import bounds
        >>> t = bounds.Curve([10, 100], [0.3, 0.3], K=2, d=1.0).win_probability()
        >>> bool(t.exact[1] > t.exact[0])
        True
        """
        p = Scenario(eps=float(self.label_eps[0]), **self.scenario).win_probability_at(self.n, self.label_eps,
                                                                                       exact=exact)
        ex = np.full(self.n.shape, np.nan)
        if p.exact is not None:
            ex = np.ma.filled(np.ma.asarray(p.exact, dtype=float), np.nan)
        hours = dollars = None
        if self.cost is not None:
            hours = np.atleast_1d(np.asarray(self.cost.hours(items=self.n, eps=self.eps), dtype=float))
            if self.cost.dollars_per_hour > 0:
                dollars = hours * self.cost.dollars_per_hour
        return CurveTable(self.n.copy(), self.eps.copy(), self.label_eps.copy(), np.atleast_1d(p.lower).copy(),
                          np.atleast_1d(ex), np.atleast_1d(p.upper).copy(), hours, dollars)

    def best(self, side: str = "exact"):
        r"""The point with the highest P(aligned wins) on `side` ("lower", "exact" or "upper").

        Returns a `CurveTable` of that one point (the first of equals).

        Examples
        --------
        >>> import bounds
        >>> bounds.Curve([100, 400, 1600], [0.05, 0.2, 0.35], K=2**20, d=0.1).best().n.tolist()
        [400.0]
        """
        check_choice("side", side, SIDES, where="Curve.best")
        t = self.win_probability(exact=(side == "exact"))
        vals = getattr(t, side)
        if np.all(np.isnan(vals)):
            raise ParameterValueError(f"side={side!r}: no point of the curve has a value on this side (out of the "
                                      "exact engine's reach)", parameter="side", value=side)
        i = int(np.nanargmax(vals))
        pick = slice(i, i + 1)
        return CurveTable(t.n[pick], t.eps[pick], t.label_eps[pick], t.lower[pick], t.exact[pick], t.upper[pick],
                          None if t.hours is None else t.hours[pick], None if t.dollars is None else t.dollars[pick])

    @staticmethod
    def budget_needed(cost: CostModel, eps, target: float, *, side: str = "exact", **scenario) -> BudgetAnswer:
        r"""The smallest budget whose labels reach P(aligned wins) $\ge$ `target`, over the error rates `eps`.

        At each error rate the labels needed on `side` (`Scenario.labels_needed` with
        $\delta = 1 -$ target, of the majority-vote label error) cost items x raters x
        seconds per label x overhead; the answer is the cheapest. On the "upper" side
        (the necessary limit) it is a budget below which no labels at these error rates can
        reach the target; on "lower" a budget that surely suffices.

        Examples
        --------
        >>> from bounds.cost import CostModel
        >>> a = Curve.budget_needed(CostModel("power", eps_ref=0.2, beta=2.0), [0.1, 0.2, 0.3], 0.95,
        ...                         K=2**20, d=0.1, side="lower")
        >>> a.eps, a.items      # 835 labels of 4 s beat 413 of 16 s and 2011 of 1.8 s
        (0.2, 835.0)
        """
        from .raters import majority_error

        check_choice("side", side, SIDES, where="Curve.budget_needed")
        target = float(check_probability("target", target))
        if not 0 < target < 1:
            raise ParameterValueError(f"target={target!r} is outside its domain (0, 1)", parameter="target",
                                      value=target, domain="(0, 1)")
        e = np.atleast_1d(check_probability("eps", eps))
        cost.check_monotone(e)
        best = None
        for ei in e:
            need = Scenario(eps=float(majority_error(cost.raters, ei)), **scenario).labels_needed(
                1.0 - target, exact=(side == "exact"))
            items = {"lower": need.sufficient, "exact": need.exact, "upper": need.necessary}[side]
            items = math.nan if items is None else float(np.ma.filled(np.ma.asarray(items, dtype=float), np.nan))
            if not math.isfinite(items):
                continue
            hours = float(cost.hours(items=items, eps=ei))
            if best is None or hours < best.hours:
                dollars = float(cost.dollars(items=items, eps=ei)) if cost.dollars_per_hour > 0 else None
                best = BudgetAnswer(side, float(ei), items, hours, dollars)
        if best is None:
            raise ParameterValueError(f"no error rate in eps reaches P(win) >= {target:g} on the {side} side with a "
                                      "finite number of labels", parameter="target", value=target)
        return best
