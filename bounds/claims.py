r"""Single claims against the limits: bits learned, label efficiency between two sources, hours of feedback.

* `check_bits`: a learner that identifies one of $2^B$ hypotheses from $n$ labels of error
  $\varepsilon$ succeeds with probability at most $(n\,C(\varepsilon) + \ln 2)/(B \ln 2)$
  (Fano's inequality, Cover & Thomas 2006, Theorem 2.10.1, with the capacity bound on the
  information the labels carry, passive or adaptive); as mutual information, bits learned
  are at most $n\,C(\varepsilon)/\ln 2$.
* `check_efficiency`: a claim that one label from a source of error $\varepsilon$ is worth
  $r$ labels from a source of error $\varepsilon_{\mathrm{ref}}$, against the exchange
  rates the model gives on each side (`bounds.exchange.exchange_rate`).
* `check_hours`: stated hours of human feedback against queries times seconds per query.

Examples
--------
>>> from bounds.claims import check_bits, check_hours
>>> check_bits(1000, n=900, eps=0.1).status     # 900 labels at 10% error carry <= 478 bits
'exceeds the information limit'
>>> check_hours(1.0, queries=900, seconds=(3, 5)).status   # Christiano et al. (2017): < 1 h for 900
'consistent'
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .errors import ParameterValueError
from .exchange import exchange_rate
from .kernels import capacity_nats
from .validation import check_count, check_error_rate, check_positive, check_probability

__all__ = ["check_bits", "check_efficiency", "check_hours", "BitsCheck", "EfficiencyCheck", "HoursCheck",
           "FANO_COVER_THOMAS"]

FANO_COVER_THOMAS = ("Cover, T. M. & Thomas, J. A. (2006). Elements of Information Theory, 2nd ed. Wiley, "
                     "Theorem 2.10.1 (Fano's inequality) and Theorem 7.1.1 (channel capacity).")


@dataclass(frozen=True)
class BitsCheck:
    r"""A claim of bits learned from $n$ labels, against what the labels carry.

    Attributes
    ----------
    bits : float
        Bits claimed ($\log_2$ of the hypotheses told apart).
    n, eps : float
        Labels and their error rate.
    carried : float
        $n\,C(\varepsilon)/\ln 2$: the most bits $n$ labels carry.
    efficiency : float
        `bits / carried` (above 1: more than the labels carry).
    success_max : float
        Fano's bound on the probability of identifying one of $2^{\text{bits}}$ hypotheses
        (or the stated success probability's bound when `success` was given).
    status : str
        "consistent" or "exceeds the information limit".
    reason : str
        Why, in words.

    Examples
    --------
    >>> c = check_bits(600, n=900, eps=0.05)
    >>> round(c.carried, 1), round(c.efficiency, 3), c.status
    (642.2, 0.934, 'consistent')
    """

    bits: float
    n: float
    eps: float
    carried: float
    efficiency: float
    success_max: float
    status: str
    reason: str

    def __repr__(self) -> str:
        return (f"BitsCheck({self.bits:g} bits from {self.n:g} labels at eps {self.eps:g}: labels carry "
                f"<= {self.carried:.4g} bits; {self.status})")


def check_bits(bits, n, eps, success=None) -> BitsCheck:
    r"""Check a claim of bits learned (or of a hypothesis identified) from $n$ labels of error $\varepsilon$.

    Parameters
    ----------
    bits : float
        Bits claimed, $> 0$: the learner told apart $2^{\text{bits}}$ hypotheses.
    n : int
        Labels used.
    eps : float
        Their error rate, in $[0, 1/2]$.
    success : float, optional
        The claimed probability of identifying the right hypothesis (e.g. 0.95). Without it,
        the claim is read as mutual information: bits learned $\le n\,C(\varepsilon)/\ln 2$.

    Examples
    --------
    >>> c = check_bits(20, n=100, eps=0.1, success=0.95)
    >>> round(c.success_max, 4), c.status
    (1.0, 'consistent')
    >>> check_bits(200, n=100, eps=0.1, success=0.95).status
    'exceeds the information limit'
    """
    b = float(check_positive("bits", bits, "check_bits"))
    nn = float(check_count("n", n, where="check_bits"))
    e = float(check_error_rate("eps", eps))
    cap = float(capacity_nats(e))
    carried = nn * cap / math.log(2.0)
    fano = min(1.0, (nn * cap + math.log(2.0)) / (b * math.log(2.0)))
    eff = b / carried if carried > 0 else math.inf
    if success is None:
        bad = b > carried
        reason = (f"{b:g} bits claimed, but {nn:g} labels at error {e:g} carry at most {carried:.4g} bits "
                  f"({cap / math.log(2.0):.4g} per label)") if bad else ""
        return BitsCheck(b, nn, e, carried, eff, fano, "exceeds the information limit" if bad else "consistent",
                         reason)
    p = float(check_probability("success", success))
    bad = p > fano
    reason = (f"identifying one of 2^{b:g} hypotheses with probability {p:g} needs more: Fano's inequality allows "
              f"at most {fano:.4g} from {nn:g} labels at error {e:g}") if bad else ""
    return BitsCheck(b, nn, e, carried, eff, fano, "exceeds the information limit" if bad else "consistent", reason)


@dataclass(frozen=True)
class EfficiencyCheck:
    r"""A claimed exchange rate between two label sources, against the model's.

    Attributes
    ----------
    claimed : float
        Labels at `eps_ref` that one label at `eps` is claimed to be worth.
    eps, eps_ref : float
        The two sources' error rates.
    predicted : dict
        The model's exchange rate per side ("necessary": information per label;
        "sufficient": Chernoff exponents; "exact": exact labels needed, where computed).
    status : str
        "within the model's range", "above the model's range" or "below the model's range".
    reason : str
        In words.

    Examples
    --------
    >>> c = check_efficiency(0.9, eps=0.2, exact=False)
    >>> c.status, round(c.predicted["necessary"], 3)
    ("above the model's range", 0.278)
    """

    claimed: float
    eps: float
    eps_ref: float
    predicted: dict
    status: str
    reason: str

    def __repr__(self) -> str:
        sides = ", ".join(f"{k} {v:.3g}" for k, v in self.predicted.items())
        return f"EfficiencyCheck(claimed {self.claimed:g}; model: {sides}; {self.status})"


def check_efficiency(claimed, eps, eps_ref=0.0, *, d=1.0, K=None, bits=None, delta=0.05,
                     exact: bool = True) -> EfficiencyCheck:
    r"""Check a claim that one label at error `eps` is worth `claimed` labels at error `eps_ref`.

    The model's exchange rate (`bounds.exchange.exchange_rate`) on each side: the
    information ratio $C(\varepsilon)/C(\varepsilon_{\mathrm{ref}})$ (what no learner can
    beat in the limit of many labels), the ratio of the duel's Chernoff exponents, and (with
    `K` or `bits`, and `exact`) the ratio of exact labels needed. A claim above every side
    says the learner gets more from the noisy labels than the model's learners do — possible
    only if the two sources differ in more than their error rates (e.g. the noisy labels
    are on more informative queries).

    Examples
    --------
    Christiano et al. (2017, §3.1.2): real human feedback "often comparabl[e] to synthetic
    feedback that has 40% fewer labels", i.e. a human label worth 0.6 synthetic (error-free)
    ones; their reward fit assumed a 10% chance of a uniformly random answer, an error rate
    of 0.05:

    >>> c = check_efficiency(0.6, eps=0.05, d=0.1, K=2**20)
    >>> {k: round(v, 3) for k, v in c.predicted.items()}, c.status
    ({'necessary': 0.714, 'sufficient': 0.551, 'exact': 0.625}, "within the model's range")
    """
    r = float(check_positive("claimed", claimed, "check_efficiency"))
    e, e0 = float(check_error_rate("eps", eps)), float(check_error_rate("eps_ref", eps_ref))
    sides = ["necessary", "sufficient"] + (["exact"] if exact and (K is not None or bits is not None) else [])
    pred = {}
    for side in sides:
        pred[side] = float(exchange_rate(e, eps_ref=e0, side=side, d=d, K=K, bits=bits, delta=delta))
    finite = [v for v in pred.values() if math.isfinite(v)]
    lo, hi = min(finite), max(finite)
    if r > hi:
        status = "above the model's range"
        reason = (f"a label at error {e:g} claimed worth {r:g} labels at error {e0:g}; the model gives at most "
                  f"{hi:.3g}: the sources likely differ in more than their error rates")
    elif r < lo:
        status, reason = "below the model's range", f"claimed {r:g}; the model gives at least {lo:.3g}"
    else:
        status, reason = "within the model's range", ""
    return EfficiencyCheck(r, e, e0, pred, status, reason)


@dataclass(frozen=True)
class HoursCheck:
    r"""Stated hours of feedback against queries times seconds per query.

    Attributes
    ----------
    hours : float
        Hours stated.
    queries : float
        Queries (labels) stated.
    implied_seconds : float
        `hours * 3600 / queries`: seconds per query the two imply.
    seconds : tuple
        The range of seconds per query held against it.
    expected_hours : tuple
        `queries * seconds / 3600`, low and high.
    status : str
        "consistent", "more hours than the queries take" or "fewer hours than the queries take".

    Examples
    --------
    >>> c = check_hours(2.0, queries=1800, seconds=4)
    >>> c.implied_seconds, c.status
    (4.0, 'consistent')
    """

    hours: float
    queries: float
    implied_seconds: float
    seconds: tuple
    expected_hours: tuple
    status: str

    def __repr__(self) -> str:
        return (f"HoursCheck({self.hours:g} h for {self.queries:g} queries = {self.implied_seconds:.3g} s per query; "
                f"expected {self.expected_hours[0]:.3g}-{self.expected_hours[1]:.3g} h; {self.status})")


def check_hours(hours, queries, seconds) -> HoursCheck:
    r"""Check stated hours of human feedback against queries times seconds per query.

    Parameters
    ----------
    hours : float
        Hours stated, $> 0$.
    queries : int
        Queries answered, $\ge 1$.
    seconds : float or (float, float)
        Seconds per query, or a range (low, high).

    Examples
    --------
    >>> check_hours(0.5, queries=5500, seconds=(3, 5))
    HoursCheck(0.5 h for 5500 queries = 0.327 s per query; expected 4.58-7.64 h; fewer hours than the queries take)
    """
    h = float(check_positive("hours", hours, "check_hours"))
    q = float(check_count("queries", queries, where="check_hours"))
    if q < 1:
        raise ParameterValueError("queries=0 in check_hours must be at least 1", parameter="queries", value=0,
                                  domain="integers >= 1")
    lo, hi = (seconds, seconds) if np.ndim(seconds) == 0 else tuple(seconds)
    lo, hi = (float(check_positive("seconds", v, "check_hours")) for v in (lo, hi))
    if lo > hi:
        raise ParameterValueError(f"seconds=({lo:g}, {hi:g}) in check_hours: the low end exceeds the high end",
                                  parameter="seconds", value=(lo, hi), domain="low <= high")
    exp = (q * lo / 3600.0, q * hi / 3600.0)
    status = ("consistent" if exp[0] <= h * (1 + 1e-12) and h <= exp[1] * (1 + 1e-12)
              else "more hours than the queries take" if h > exp[1] else "fewer hours than the queries take")
    return HoursCheck(h, q, h * 3600.0 / q, (lo, hi), exp, status)
