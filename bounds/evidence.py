r"""Check empirical results against the limits: learning curves, the noise ceiling, bits, label efficiency, hours.

`check` takes the points of a learning curve — accuracy (agreement with held-out labels)
after $n$ labels — and the setting (the labels' error rate, or the agreement rate it is
estimated from), and reports for each point whether it is consistent with the limits, how
close to them it is, and, for a point that claims more than is possible, why:

* **the noise ceiling**: no predictor agrees with a label of error $\varepsilon_{\mathrm{ev}}$
  more often than $1 - \varepsilon_{\mathrm{ev}}$ (`bounds.raters.agreement_ceiling`);
* **what $n$ labels can carry** (with `bits`, the class size): on the class of all labelings
  of $B$ items, no learner, passive or adaptive, exceeds `bounds.learning_limits.accuracy_limit`;
  `labels_min` is the fewest labels that could reach each point's accuracy, and
  `label_efficiency`, their ratio to the labels used (at most 1), says how close to the
  information limit the learner got;
* **the curve's trend**: a saturating fit $A - c\,n^{-\gamma}$ (four points or more) whose
  asymptote $A$ is significantly above the ceiling is flagged; a log-linear trend
  $a + b \log_{10} n$ (two points or more) is extrapolated to where it would cross the
  ceiling (it must bend before).

A point is flagged only when its accuracy's exact (Clopper–Pearson) interval at `level`,
from its test-set size, lies wholly above a limit; without a test-set size, the accuracy is
compared as if exact. Where the error rate is estimated from an agreement rate over a
number of doubly labelled items, the limits are taken at the lower end of its interval
(the most generous ceiling), so a flag holds for every error rate the agreement allows.

`check_bits`, `check_efficiency` and `check_hours` check single claims: bits learned
against $n$ times the capacity per label (Fano's inequality), a claimed exchange rate
between two label sources against the model's, and stated hours against queries times
seconds per query.

Examples
--------
>>> import bounds
>>> r = bounds.check([1000, 10000, 100000], [0.53, 0.58, 0.64], agreement=0.63)
>>> r.status
('consistent', 'consistent', 'consistent')
>>> round(r.setting.eps, 4), round(r.ceiling, 4)     # eps from agreement 0.63; ceiling 1 - eps
(0.245, 0.755)
>>> bounds.check([5000], [0.9], eps=0.2).status     # above 1 - 0.2
('exceeds the noise ceiling',)
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .errors import ParameterValueError
from .evidence_fits import CurveFit, fit_log_linear, fit_saturating
from .learning_limits import accuracy_limit, labels_limit
from .raters import error_from_agreement
from .simulate.engine import clopper_pearson
from .validation import check_count, check_error_rate, check_probability

__all__ = ["check", "CheckReport", "STATUSES"]

#: The verdicts `check` gives a point.
STATUSES = ("consistent", "exceeds the noise ceiling", "exceeds the information limit")


@dataclass(frozen=True)
class Setting:
    """The error rates a check uses: point estimates, and the most generous ends (for flags)."""

    eps: float
    eps_eval: float
    eps_low: float
    eps_eval_low: float
    source: str


def _setting(eps, agreement, agreement_items, eps_eval, level) -> Setting:
    if (eps is None) == (agreement is None):
        raise ParameterValueError("check: give exactly one of eps (the labels' error rate) and agreement (the "
                                  "agreement rate between two raters, from which it is estimated)",
                                  parameter="eps", value=eps, domain="one of eps, agreement")
    if eps is not None:
        e = float(check_error_rate("eps", eps))
        lo, src = e, f"error rate {e:g}"
    else:
        est = error_from_agreement(agreement, agreement_items, level=level)
        e = est.eps
        lo = e if agreement_items is None else est.lower
        src = (f"error rate {e:.4g} from agreement {est.agreement:g}"
               + ("" if agreement_items is None else f" ({level:.0%} CI {est.lower:.4g}-{est.upper:.4g}, "
                  f"{est.n_items} items)"))
    if eps_eval is None:
        return Setting(e, e, lo, lo, src)
    ev = float(check_error_rate("eps_eval", eps_eval, top_open=True))
    return Setting(e, ev, lo, ev, src + f"; held-out labels' error rate {ev:g}")


def _points(n, accuracy, test_size):
    nn = np.atleast_1d(np.asarray(check_count("n", n, where="check"), dtype=float))
    acc = np.atleast_1d(np.asarray(check_probability("accuracy", accuracy), dtype=float))
    if nn.ndim != 1 or acc.shape != nn.shape:
        raise ParameterValueError(f"check: n and accuracy must be 1-d of one length, got shapes {nn.shape} and "
                                  f"{acc.shape}", parameter="accuracy", value=acc.shape, domain="the shape of n")
    if nn.size == 0:
        raise ParameterValueError("check: no points (n is empty)", parameter="n", value=[], domain="at least 1 point")
    if test_size is None:
        return nn, acc, None
    m = np.broadcast_to(np.asarray(check_count("test_size", test_size, where="check"), dtype=float), nn.shape)
    if np.any(m < 1):
        raise ParameterValueError("check: test_size=0 must be at least 1 (the items the accuracy was measured on)",
                                  parameter="test_size", value=0, domain="integers >= 1")
    return nn, acc, np.array(m)


def _intervals(acc, m, level):
    if m is None:
        return acc.copy(), acc.copy()
    k = np.round(acc * m)
    lo, hi = clopper_pearson(k, m, confidence=level)
    return np.atleast_1d(np.asarray(lo, dtype=float)), np.atleast_1d(np.asarray(hi, dtype=float))


@dataclass(frozen=True)
class CheckReport:
    r"""What `check` found, point by point, and the fits of the curve.

    Attributes
    ----------
    n, accuracy : numpy.ndarray
        The points: labels and measured accuracy.
    test_size : numpy.ndarray or None
        Items each accuracy was measured on.
    accuracy_low, accuracy_high : numpy.ndarray
        The accuracy's Clopper–Pearson interval at `level` (the accuracy itself without a test size).
    ceiling : float
        The noise ceiling $1 - \varepsilon_{\mathrm{ev}}$ (point estimate).
    ceiling_flag : float
        The ceiling used to flag: at the most generous error rate allowed.
    limit : numpy.ndarray or None
        `bounds.learning_limits.accuracy_limit` at each $n$ (with `bits`; else None).
    labels_min : numpy.ndarray or None
        The fewest labels that could reach each accuracy on that class (`inf`: none).
    label_efficiency : numpy.ndarray or None
        `labels_min / n`: at most 1 for a consistent point.
    headroom : numpy.ndarray
        $(\text{accuracy} - 1/2) / (\text{limit} - 1/2)$ with the tighter of the ceiling and the
        information limit: the share of the above-chance accuracy the limits allow that the
        point reached (above 1: beyond a limit).
    status : tuple of str
        One of `STATUSES` per point.
    reasons : tuple of str
        Why, in words ('' for a consistent point).
    fits : tuple of CurveFit
        The saturating and log-linear fits that could be made.
    fit_flags : tuple of str
        What the fits say against the ceiling, in words.
    setting : Setting
        The error rates used and where they came from.
    bits : float or None
        The class size in bits, if given.
    level : float
        Confidence level of the intervals.

    Examples
    --------
    >>> import bounds
    >>> r = bounds.check([1000, 10000], [0.6, 0.65], eps=0.25, test_size=1000)
    >>> r.consistent, r.rows()[0]["status"]
    (True, 'consistent')
    """

    n: np.ndarray
    accuracy: np.ndarray
    test_size: np.ndarray | None
    accuracy_low: np.ndarray
    accuracy_high: np.ndarray
    ceiling: float
    ceiling_flag: float
    limit: np.ndarray | None
    labels_min: np.ndarray | None
    label_efficiency: np.ndarray | None
    headroom: np.ndarray
    status: tuple
    reasons: tuple
    fits: tuple = field(default=())
    fit_flags: tuple = field(default=())
    setting: Setting | None = None
    bits: float | None = None
    level: float = 0.99

    @property
    def consistent(self) -> bool:
        """Whether every point, and every fit, is consistent with the limits."""
        return all(s == "consistent" for s in self.status) and not self.fit_flags

    def rows(self) -> list:
        """One dict per point (JSON-ready: `inf` as the string 'inf')."""
        out = []
        for i in range(self.n.size):
            row = {"n": _num(self.n[i]), "accuracy": _num(self.accuracy[i]),
                   "test_size": None if self.test_size is None else _num(self.test_size[i]),
                   "accuracy_low": _num(self.accuracy_low[i]), "accuracy_high": _num(self.accuracy_high[i]),
                   "ceiling": _num(self.ceiling), "limit": None if self.limit is None else _num(self.limit[i]),
                   "labels_min": None if self.labels_min is None else _num(self.labels_min[i]),
                   "label_efficiency": None if self.label_efficiency is None else _num(self.label_efficiency[i]),
                   "headroom": _num(self.headroom[i]), "status": self.status[i], "reason": self.reasons[i]}
            out.append(row)
        return out

    def to_dict(self) -> dict:
        """Everything, JSON-ready: the setting, the points, the fits and their flags."""
        s = self.setting
        return {"setting": {"eps": s.eps, "eps_eval": s.eps_eval, "eps_low": s.eps_low,
                            "eps_eval_low": s.eps_eval_low, "source": s.source, "bits": self.bits,
                            "level": self.level, "ceiling": self.ceiling, "ceiling_flag": self.ceiling_flag},
                "points": self.rows(), "fits": [f.to_dict() for f in self.fits], "fit_flags": list(self.fit_flags),
                "consistent": self.consistent}

    def to_frame(self):
        """The points as a pandas DataFrame (requires pandas)."""
        import pandas as pd

        return pd.DataFrame(self.rows())

    def plot(self, ax=None):
        """The curve between its limits: see `bounds.evidence_plots.plot_check`."""
        from .evidence_plots import plot_check

        return plot_check(self, ax=ax)

    def __repr__(self) -> str:
        head = f"check of {self.n.size} point(s): {self.setting.source}; ceiling {self.ceiling:.4g}"
        if self.bits is not None:
            head += f"; class of 2^{self.bits:g}"
        lines = [head, f"  {'n':>10} {'accuracy':>9} {'limit':>7} {'labels_min':>11}  status"]
        for i in range(self.n.size):
            lim = "" if self.limit is None else f"{self.limit[i]:.4f}"
            nm = "" if self.labels_min is None else f"{self.labels_min[i]:.4g}"
            lines.append(f"  {self.n[i]:>10.6g} {self.accuracy[i]:>9.4f} {lim:>7} {nm:>11}  {self.status[i]}")
        lines += [f"  {f!r}" for f in self.fits] + [f"  ! {flag}" for flag in self.fit_flags]
        return "\n".join(lines)


def _num(x):
    x = float(x)
    return "inf" if math.isinf(x) and x > 0 else x


def _verdicts(acc_lo, ceiling_flag, limit_flag, n, setting):
    status, reasons = [], []
    for i, lo in enumerate(acc_lo):
        if lo > ceiling_flag:
            status.append(STATUSES[1])
            reasons.append(f"accuracy {lo:.4g} (lower end of its interval) is above the ceiling {ceiling_flag:.4g}: no "
                           f"predictor agrees with labels of error {setting.eps_eval_low:.4g} more often; the labels' "
                           "errors may depend on the item (so a model can learn them), or the error rate is lower "
                           "than assumed")
        elif limit_flag is not None and lo > limit_flag[i]:
            status.append(STATUSES[2])
            reasons.append(f"accuracy {lo:.4g} is above {limit_flag[i]:.4g}, the most that {n[i]:.6g} labels of error "
                           f"{setting.eps_low:.4g} allow any learner on a class of this size: the labels do not "
                           "carry that many bits (the class may be smaller, or the learner had other information)")
        else:
            status.append(STATUSES[0])
            reasons.append("")
    return tuple(status), tuple(reasons)


def _fit_flags(fits, ceiling_flag, level):
    from scipy.special import erfinv

    z = float(np.sqrt(2.0) * erfinv(level))
    flags = []
    for f in fits:
        if f.kind == "saturating" and math.isfinite(f.asymptote_se) and f.asymptote - z * f.asymptote_se > ceiling_flag:
            flags.append(f"the saturating fit's asymptote {f.asymptote:.4g} ± {f.asymptote_se:.2g} is above the "
                         f"ceiling {ceiling_flag:.4g} at {level:.0%}: the curve cannot keep its shape")
    return tuple(flags)


def check(n, accuracy, *, eps=None, agreement=None, agreement_items=None, eps_eval=None, test_size=None,
          bits=None, level: float = 0.99) -> CheckReport:
    r"""Check the points of a learning curve against the noise ceiling and the information limit.

    Parameters
    ----------
    n : array_like of int
        Labels (comparisons) each point was trained on.
    accuracy : array_like
        Each point's accuracy: agreement with held-out labels, as a fraction.
    eps : float, optional
        The labels' error rate, in $[0, 1/2]$. Give this or `agreement`.
    agreement : float, optional
        Agreement rate between two raters, in $(1/2, 1]$; the error rate is estimated from
        it (`bounds.raters.error_from_agreement`).
    agreement_items : int, optional
        Number of doubly labelled items behind `agreement` (for its interval).
    eps_eval : float, optional
        Error rate of the held-out labels, in $[0, 1/2)$ (default: that of the training labels).
    test_size : int or array_like of int, optional
        Items each accuracy was measured on (for its Clopper–Pearson interval).
    bits : float, optional
        The class size in bits: adds the information limit of the class of all labelings of
        `bits` items (`bounds.learning_limits`).
    level : float
        Confidence level of the intervals, in $(0, 1)$ (default 0.99).

    Returns
    -------
    CheckReport

    Examples
    --------
    >>> import bounds
    >>> r = bounds.check([100, 1000], [0.6, 0.7], eps=0.1, bits=500, test_size=2000)
    >>> r.status
    ('consistent', 'consistent')
    >>> [round(float(x), 3) for x in r.label_efficiency]   # fewest labels that could do it, per label
    [0.429, 0.178]
    >>> bounds.check([100], [0.9], eps=0.1, bits=500, test_size=2000).status
    ('exceeds the information limit',)
    """
    if not 0 < level < 1:
        raise ParameterValueError(f"level={level!r} is outside its domain (0, 1)", parameter="level", value=level,
                                  domain="(0, 1)")
    setting = _setting(eps, agreement, agreement_items, eps_eval, level)
    nn, acc, m = _points(n, accuracy, test_size)
    lo, hi = _intervals(acc, m, level)
    ceiling, ceiling_flag = 1.0 - setting.eps_eval, 1.0 - setting.eps_eval_low
    limit = labels_min = eff = limit_flag = None
    tight = np.full(nn.shape, ceiling)
    if bits is not None:
        limit = np.atleast_1d(accuracy_limit(nn, bits, setting.eps, setting.eps_eval))
        limit_flag = np.atleast_1d(accuracy_limit(nn, bits, setting.eps_low, setting.eps_eval_low))
        labels_min = np.atleast_1d(labels_limit(np.minimum(acc, 1.0), bits, setting.eps, setting.eps_eval))
        with np.errstate(divide="ignore", invalid="ignore"):
            eff = np.where(nn > 0, labels_min / nn, np.where(labels_min > 0, np.inf, 0.0))
        tight = np.minimum(tight, limit)
    with np.errstate(divide="ignore", invalid="ignore"):
        headroom = np.where(tight > 0.5, (acc - 0.5) / (tight - 0.5), np.where(acc > 0.5, np.inf, 0.0))
    status, reasons = _verdicts(lo, ceiling_flag, limit_flag, nn, setting)
    fits = tuple(f for f in (fit_log_linear(nn, acc, ceiling), fit_saturating(nn, acc, m)) if f is not None)
    return CheckReport(nn, acc, m, lo, hi, ceiling, ceiling_flag, limit, labels_min, eff, headroom, status,
                       reasons, fits, _fit_flags(fits, ceiling_flag, level), setting,
                       None if bits is None else float(bits), level)
