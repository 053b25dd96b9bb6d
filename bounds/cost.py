r"""What labels cost: seconds per label as a function of the error rate aimed for, and a budget.

A `CostModel` says how long one label takes when raters aim for error rate $\varepsilon$
(careful labels take longer), how many raters label each item (their majority vote is the
item's label), what a rater's hour costs, and the overhead of quality control (gold
questions, screening). From it, a budget buys, at each error rate,

$$n(\varepsilon) = \frac{B}{m \cdot t(\varepsilon) \cdot o}$$

items labelled at the majority-vote error $P_{\mathrm{MV}}(m, \varepsilon)$, where $B$ is the
budget in seconds of rater time, $t(\varepsilon)$ the seconds per label, $m$ the raters per
item and $o \ge 1$ the overhead factor. `bounds.Curve.from_cost` turns that into a
quality–quantity curve.

Shapes of $t(\varepsilon)$ (each passes through $t(\varepsilon_{\mathrm{ref}}) = t_{\mathrm{ref}}$
and is non-increasing in $\varepsilon$):

* `"constant"` — $t_{\mathrm{ref}}$;
* `"power"` — $t_{\mathrm{ref}}\,(\varepsilon_{\mathrm{ref}}/\varepsilon)^{\beta}$: halving the error
  multiplies the time by $2^\beta$;
* `"exponential"` — $t_{\mathrm{ref}}\,e^{\beta(\varepsilon_{\mathrm{ref}} - \varepsilon)}$;
* `"log-odds"` — $t_{\mathrm{ref}}\,\bigl(\ln\frac{1-\varepsilon}{\varepsilon} /
  \ln\frac{1-\varepsilon_{\mathrm{ref}}}{\varepsilon_{\mathrm{ref}}}\bigr)^{\beta}$: time grows with
  the log-odds of being right (0 at $\varepsilon = 1/2$, where a label is a coin flip);
* any callable `t(eps) -> seconds`, vectorized or not; it is checked to be positive, finite
  and non-increasing on the error rates the curve uses.

The default reference, 4 seconds per comparison, is the figure of Christiano et al. (2017,
§3.1) for labels of a few seconds' thought; what error rate such labels have is not
measured there, so `eps_ref` has no default.

Examples
--------
>>> from bounds.cost import CostModel
>>> c = CostModel("power", eps_ref=0.2, seconds_ref=4.0, beta=1.0, raters=3, dollars_per_hour=20.0)
>>> c.seconds_per_label(0.1)          # half the error, twice the time
8.0
>>> round(c.items(hours=10, eps=0.2), 6)    # 36000 s / (3 raters x 4 s)
3000.0
>>> round(c.dollars(items=3000, eps=0.2), 2)
200.0
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .errors import ParameterTypeError, ParameterValueError
from .raters import majority_error
from .vocabulary import PARAMETERS
from .validation import as_output, check_choice, check_probability, check_real, short

__all__ = ["CostModel", "SHAPES"]

SHAPES = ("constant", "power", "exponential", "log-odds")

#: Christiano et al. (2017), "Deep reinforcement learning from human preferences", §3.1:
#: a comparison took a contractor about 3-5 seconds.
SECONDS_PER_COMPARISON = 4.0


def _positive(name, value, allow_zero=False):
    check_real(name, value, "(0, inf)" if not allow_zero else "[0, inf)")
    v = float(value)
    if not (math.isfinite(v) and (v > 0 or (allow_zero and v == 0))):
        dom = "[0, inf)" if allow_zero else "(0, inf)"
        raise ParameterValueError(f"{name}={short(value)} is outside its domain {dom}", parameter=name,
                                  value=value, domain=dom)
    return v


@dataclass(frozen=True)
class CostModel:
    r"""Seconds per label against the error rate aimed for, raters per item, price and overhead.

    Parameters
    ----------
    shape : {"constant", "power", "exponential", "log-odds"} or callable
        The form of $t(\varepsilon)$ (see the module's description), or a function of the
        error rate returning seconds per label.
    eps_ref : float
        The error rate at which a label takes `seconds_ref` (not needed for "constant" or a
        callable), in $(0, 1/2)$.
    seconds_ref : float
        Seconds per label at `eps_ref` (default 4, Christiano et al. 2017, §3.1).
    beta : float
        The shape's exponent, $\ge 0$.
    raters : int
        Raters per item, $m \ge 1$; the item's label is their majority vote (a random
        tie-break for even $m$).
    dollars_per_hour : float
        What an hour of rater time costs (0: count hours only).
    overhead : float
        Multiplier $\ge 1$ on the time for quality control: gold questions, screening
        (`bounds.raters.ScreenedPool.cost_factor` gives it for a gold-question screen).

    Examples
    --------
    >>> CostModel("constant", seconds_ref=10.0).seconds_per_label(0.3)
    10.0
    >>> CostModel(lambda e: 1 / e, raters=1).seconds_per_label(0.25)
    4.0
    """

    shape: str | Callable = "constant"
    eps_ref: float | None = None
    seconds_ref: float = SECONDS_PER_COMPARISON
    beta: float = 1.0
    raters: int = 1
    dollars_per_hour: float = 0.0
    overhead: float = 1.0
    _fn: Callable = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if not callable(self.shape):
            check_choice("shape", self.shape, SHAPES, where="CostModel")
        _positive("seconds_ref", self.seconds_ref)
        _positive("beta", self.beta, allow_zero=True)
        _positive("dollars_per_hour", self.dollars_per_hour, allow_zero=True)
        if _positive("overhead", self.overhead) < 1:
            raise ParameterValueError(f"overhead={self.overhead!r} is outside its domain [1, inf) (a multiplier "
                                      "on the labelling time)", parameter="overhead", value=self.overhead)
        if isinstance(self.raters, bool) or not isinstance(self.raters, (int, np.integer)) or self.raters < 1:
            raise ParameterValueError(f"raters={short(self.raters)} is outside its domain: integers >= 1",
                                      parameter="raters", value=self.raters, domain="integers >= 1")
        needs_ref = not callable(self.shape) and self.shape != "constant"
        if needs_ref:
            if self.eps_ref is None:
                raise ParameterValueError(f"eps_ref is needed for the {self.shape!r} shape (the error rate at which "
                                          "a label takes seconds_ref)", parameter="eps_ref", value=None)
            e = float(check_probability("eps_ref", self.eps_ref))
            if not 0 < e < 0.5:
                raise ParameterValueError(f"eps_ref={e!r} is outside its domain (0, 1/2)", parameter="eps_ref",
                                          value=e, domain="(0, 1/2)")
        object.__setattr__(self, "_fn", self.shape if callable(self.shape) else self._shape_fn())

    def _shape_fn(self):
        t0, b, e0 = self.seconds_ref, self.beta, self.eps_ref
        if self.shape == "constant":
            return lambda e: np.full(np.shape(e), t0)
        if self.shape == "power":
            return lambda e: t0 * (e0 / e) ** b
        if self.shape == "exponential":
            return lambda e: t0 * np.exp(b * (e0 - e))
        lo0 = math.log((1 - e0) / e0)
        return lambda e: t0 * (np.log1p(-e) - np.log(e)) ** b / lo0**b

    def seconds_per_label(self, eps):
        r"""Seconds one label takes when raters aim for error rate `eps`.

        Raises
        ------
        ParameterValueError
            If the time is not positive and finite (e.g. a callable returning a negative
            number, or the "power" shape at $\varepsilon = 0$).

        Examples
        --------
        >>> CostModel("exponential", eps_ref=0.2, seconds_ref=4.0, beta=10.0).seconds_per_label([0.1, 0.2])
        array([10.87312731,  4.        ])
        """
        e = np.asarray(PARAMETERS["eps"].validate(eps, where="CostModel"), dtype=float)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            try:
                t = np.asarray(self._fn(e), dtype=float)
            except (TypeError, ValueError):  # a scalar-only callable
                t = np.vectorize(lambda x: float(self._fn(float(x))), otypes=[float])(e)
        t = np.broadcast_to(t, e.shape)
        bad = ~(np.isfinite(t) & (t > 0))
        if np.any(bad):
            i = np.flatnonzero(np.ravel(bad))[0]
            raise ParameterValueError(
                f"seconds_per_label at eps={float(np.ravel(e)[i])!r} is {float(np.ravel(t)[i])!r}: the cost model "
                "must give a positive, finite time per label", parameter="seconds_per_label",
                value=float(np.ravel(t)[i]), domain="(0, inf)")
        return as_output(t)

    def check_monotone(self, eps) -> None:
        r"""Raise unless the time per label is non-increasing in the error rate over `eps`.

        A more accurate label cannot be cheaper than a less accurate one: a cost model that
        says so would let a budget buy better labels for less, and every trade-off along the
        curve would be meaningless.

        Examples
        --------
        >>> CostModel(lambda e: 1 + e).check_monotone([0.1, 0.2])
        Traceback (most recent call last):
        ...
        bounds.errors.ParameterValueError: seconds_per_label rises from 1.1 s at eps=0.1 to 1.2 s at eps=0.2: a cost model must not make less accurate labels dearer
        """
        e = np.unique(np.ravel(check_probability("eps", eps)))
        t = np.atleast_1d(self.seconds_per_label(e))
        rise = np.flatnonzero(t[1:] > t[:-1] * (1 + 1e-12))
        if rise.size:
            i = rise[0]
            raise ParameterValueError(
                f"seconds_per_label rises from {t[i]:.6g} s at eps={e[i]:.6g} to {t[i + 1]:.6g} s at "
                f"eps={e[i + 1]:.6g}: a cost model must not make less accurate labels dearer",
                parameter="seconds_per_label", value=(float(e[i]), float(e[i + 1])))

    def label_error(self, eps):
        r"""Error rate of an item's label: the majority vote of `raters` raters of error `eps`.

        Examples
        --------
        >>> round(CostModel(raters=3).label_error(0.1), 6)
        0.028
        """
        return majority_error(self.raters, eps)

    def seconds_per_item(self, eps):
        """Rater seconds per labelled item: raters x seconds per label x overhead.

        Examples
        --------
        >>> CostModel(raters=3, overhead=1.5).seconds_per_item(0.2)
        18.0
        """
        return as_output(self.raters * np.asarray(self.seconds_per_label(eps)) * self.overhead)

    def items(self, *, eps, hours=None, dollars=None):
        r"""Items a budget buys at error rate `eps` (a float: a fraction of an item is allowed).

        Give the budget as `hours` of rater time or as `dollars` (which needs
        `dollars_per_hour`).

        Examples
        --------
        >>> CostModel(dollars_per_hour=18.0).items(eps=0.3, dollars=18.0)   # one hour at 4 s per label
        900.0
        """
        seconds = self._budget_seconds(hours, dollars)
        return as_output(seconds / np.asarray(self.seconds_per_item(eps)))

    def hours(self, *, items, eps):
        """Hours of rater time for `items` labelled items at error rate `eps`.

        Examples
        --------
        >>> CostModel(raters=1).hours(items=900, eps=0.3)
        1.0
        """
        n = np.asarray(items, dtype=float)
        return as_output(n * np.asarray(self.seconds_per_item(eps)) / 3600.0)

    def dollars(self, *, items, eps):
        """Cost in dollars of `items` labelled items at error rate `eps`.

        Examples
        --------
        >>> CostModel(dollars_per_hour=15.0).dollars(items=1800, eps=0.3)
        30.0
        """
        if self.dollars_per_hour == 0:
            raise ParameterValueError("dollars_per_hour=0: give the rater's hourly cost to count dollars",
                                      parameter="dollars_per_hour", value=0.0, domain="(0, inf)")
        return as_output(np.asarray(self.hours(items=items, eps=eps)) * self.dollars_per_hour)

    def _budget_seconds(self, hours, dollars) -> float:
        if (hours is None) == (dollars is None):
            raise ParameterTypeError("give the budget as exactly one of hours= or dollars=", parameter="hours")
        if hours is not None:
            return 3600.0 * _positive("hours", hours, allow_zero=True)
        d = _positive("dollars", dollars, allow_zero=True)
        if self.dollars_per_hour == 0:
            raise ParameterValueError("a budget in dollars needs dollars_per_hour > 0", parameter="dollars_per_hour",
                                      value=0.0, domain="(0, inf)")
        return 3600.0 * d / self.dollars_per_hour
