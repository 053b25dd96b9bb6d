r"""Datasets from several label sources: P(aligned wins) for mixtures, and what a label is worth.

A dataset is one or more `Source`\ s: source $k$ contributes $n_k$ labels from raters of
error rate $\varepsilon_k$, of whom a fraction $\alpha_k$ label against the aligned policy,
so a separating label of source $k$ favours the aligned policy with probability
$q_k = (1 - \alpha_k)(1 - \varepsilon_k)$. Unaligned policies separate from the aligned one
on each query independently with probability $d$ (independent separation, as in
`bounds.Scenario`); ties lose. Two training objectives:

* **generic** — every label counts the same, as a reward model or an RL objective that does
  not know which rater wrote which label: the aligned policy must have more agreeing
  separating labels than each unaligned one. Exact: the number of agreeing labels is a
  sum of independent binomials, whose law is their convolution, computed in log space
  (any $K$, e.g. $2^{20}$ or $2^{100}$; total $n$ up to $10^6$).
* **weighted** — a label of source $k$ counts its log-likelihood ratio
  $w_k = \ln(q_k / (1 - q_k))$: what a learner that knows each source's quality can do.
  Its Chernoff exponents add across sources. No exact form here: Monte Carlo
  (`Mixture.simulate`) and the bounds.

For both, `Mixture.win_probability` gives the necessary side (no learner does better; the
bounds of `bounds.Scenario` with the information of the sources added), the exact value
(generic objective) and the sufficient side (the union Chernoff bound: for the generic
objective $\inf_\lambda \prod_k M_k(\lambda)^{n_k}$ with
$M_k(\lambda) = 1 - d + d(q_k e^{-\lambda} + (1 - q_k) e^{\lambda})$; for the weighted one
$\prod_k (1 - d(1 - \mathrm{BC}_k))^{n_k}$, $\mathrm{BC}_k = 2\sqrt{q_k(1-q_k)}$).
`Mixture.exponents` compares the two objectives' rates: mixing noisy labels into good ones
costs the generic objective more than their information says, and can even *lower* its
exponent (an added source with small $q_k - 1/2$ dilutes a good one).

What one label at an error rate is worth in labels at another: `bounds.exchange`.

Examples
--------
>>> import bounds
>>> from bounds.sources import Mixture, Source
>>> mix = Mixture([Source(2000, 0.35), Source(200, 0.05)], K=2**20, d=0.1)
>>> p = mix.win_probability()
>>> bool(p.lower <= p.exact <= p.upper)
True
>>> round(p.exact, 4)
0.958
>>> e = mix.exponents()
>>> bool(e.weighted > e.generic)         # knowing the sources' quality helps
True
"""
from __future__ import annotations

import math
import textwrap
import warnings
from dataclasses import dataclass, field

import numpy as np

from . import kernels
from ._exact.logspace import log_minus_one
from ._exact.mixture import MAX_MIXTURE_N, mixture_log_probs
from .errors import NoSolutionWarning, ParameterTypeError, ParameterValueError
from .validation import check_choice
from .vocabulary import parameter

__all__ = ["Source", "Mixture", "MixtureProbability", "MixtureLabels", "ChernoffExponents", "OBJECTIVES"]

#: The two training objectives.
OBJECTIVES = ("generic", "weighted")
_SIDES = ("necessary", "sufficient", "exact")


@dataclass(frozen=True)
class Source:
    r"""One source of labels: $n$ labels at error rate $\varepsilon$, a fraction $\alpha$ adversarial.

    Parameters
    ----------
    n : int
        Number of labels, $\ge 0$.
    eps : float
        Error rate of its honest raters, in $[0, 1/2]$.
    alpha : float
        Fraction of its labels written against the aligned policy, in $[0, 1)$.
    s : float
        Its systematic-error share: on this fraction of the queries that separate the aligned
        policy from a deceptive one, its raters are right only with probability `q_hard`.
    q_hard : float
        Its raters' accuracy on those hard queries.
    name : str
        A label for tables.

    Examples
    --------
    >>> s = Source(1000, 0.2, alpha=0.1, name="crowd")
    >>> round(s.q, 6), round(s.weight, 6)       # (1 - 0.1)(1 - 0.2), ln(0.72 / 0.28)
    (0.72, 0.944462)
    """

    n: int
    eps: float
    alpha: float = 0.0
    s: float = 0.0
    q_hard: float = 0.0
    name: str = ""

    def __post_init__(self):
        n = parameter("n").validate(self.n, where="Source")
        if n.ndim != 0 or not float(n).is_integer():
            raise ParameterValueError(f"n={self.n!r} in Source must be a whole number of labels", parameter="n",
                                      value=self.n, domain="integers >= 0")
        object.__setattr__(self, "n", int(n))
        for nm in ("eps", "alpha", "s", "q_hard"):
            v = parameter(nm).validate(getattr(self, nm), where="Source")
            if v.ndim != 0:
                raise ParameterTypeError(f"{nm} in Source must be a single number, got an array of shape {v.shape}")
            object.__setattr__(self, nm, float(v))

    @property
    def q(self) -> float:
        r"""$q = (1-\alpha)(1-\varepsilon)$: a separating label favours the aligned policy."""
        return float(kernels.q_alpha(self.eps, self.alpha))

    @property
    def qbar(self) -> float:
        r"""$1 - q = \alpha + (1-\alpha)\varepsilon$, computed without cancellation."""
        return float(kernels.qbar_alpha(self.eps, self.alpha))

    @property
    def q_dec(self) -> float:
        r"""$q_{\mathrm{dec}}$: a label separating the aligned policy from a deceptive one favours the aligned one."""
        return float(kernels.q_dec(self.eps, self.alpha, self.s, self.q_hard))

    @property
    def qbar_dec(self) -> float:
        r"""$1 - q_{\mathrm{dec}}$, computed without cancellation."""
        return float(kernels.qbar_dec(self.eps, self.alpha, self.s, self.q_hard))

    def _learner_minor(self) -> float:
        """min(q, 1 - q) of the most informative kind of label (hard queries may be informative inverted)."""
        minor = min(self.q, self.qbar)
        if self.s > 0:
            qh = (1.0 - self.alpha) * self.q_hard
            if abs(2.0 * qh - 1.0) > abs(self.q - self.qbar):
                minor = min(qh, 1.0 - qh)
        return minor

    @property
    def weight(self) -> float:
        r"""The log-likelihood ratio $\ln(q / (1 - q))$ of one of its labels ($\infty$ if error-free)."""
        with np.errstate(divide="ignore"):
            return float(np.log(self.q) - np.log(self.qbar))


def _as_source(s, i):
    if isinstance(s, Source):
        return s
    if isinstance(s, (tuple, list)) and 2 <= len(s) <= 3:
        return Source(*s)
    raise ParameterTypeError(f"sources[{i}]={s!r} must be a Source or a tuple (n, eps) or (n, eps, alpha)",
                             parameter="sources", value=s)


@dataclass(frozen=True)
class MixtureProbability:
    r"""A probability of a mixture on the three sides.

    Attributes
    ----------
    event : str
        "P(win)" or "P(fail)".
    objective : str
        "generic" or "weighted".
    lower, upper : float
        The bounds: for P(win), `lower` from the sufficient side, `upper` from the
        necessary side; for P(fail) the other way round.
    exact : float or None
        The exact value (generic objective, no systematic error); None otherwise (see
        `Mixture.simulate`).
    lower_by, upper_by : str
        The bound behind each side.

    Examples
    --------
    >>> p = Mixture([(30, 0.1), (60, 0.3)], K=2, d=1.0).win_probability()
    >>> p.event, p.objective, bool(p.lower <= p.exact <= p.upper)
    ('P(win)', 'generic', True)
    """

    event: str
    objective: str
    lower: float
    exact: float | None
    upper: float
    lower_by: str
    upper_by: str

    def __repr__(self) -> str:
        ex = "n/a" if self.exact is None else f"{self.exact:.6g}"
        lines = [f"{self.event} ({self.objective}): lower {self.lower:.6g}  exact {ex}  upper {self.upper:.6g}"]
        for side, by in (("lower", self.lower_by), ("upper", self.upper_by)):
            lines += textwrap.wrap(f"{side}: {by}", 100, initial_indent="  ", subsequent_indent="    ")
        return "\n".join(lines)


@dataclass(frozen=True)
class MixtureLabels:
    r"""Labels needed for $P(\text{win}) \ge 1 - \delta$ with the sources' proportions kept.

    Attributes
    ----------
    delta : float
        The allowed failure probability.
    objective : str
        "generic" or "weighted".
    necessary : float
        Total labels below which no learner with passively drawn queries reaches the target.
    necessary_adaptive : float
        The same for every learner, even one choosing its queries (Fano with capacities).
    exact, sufficient : float or None
        Total labels for the objective: exactly (`None` for the weighted objective) and by
        the union Chernoff bound (`inf` where no finite number suffices).
    proportions : tuple of float
        The share of each source.
    reason : str
        Why no finite number suffices, where one side says so.

    Examples
    --------
    >>> r = Mixture([(30, 0.1), (60, 0.3)], K=2, d=1.0).labels_needed(0.01)
    >>> r.necessary <= r.exact <= r.sufficient, r.reason
    (True, '')
    """

    delta: float
    objective: str
    necessary: float
    necessary_adaptive: float
    exact: float | None
    sufficient: float
    proportions: tuple
    reason: str = ""

    def per_source(self, side: str = "exact") -> list:
        r"""The labels of each source at the total of `side` (largest-remainder rounding).

        Examples
        --------
        >>> m = Mixture([(100, 0.1), (300, 0.3)], K=2**10, d=0.2)
        >>> m.labels_needed(0.05).per_source("sufficient")
        [91, 271]
        """
        check_choice("side", side, _SIDES, where="MixtureLabels.per_source")
        total = getattr(self, side)
        if total is None or not math.isfinite(total):
            raise ParameterValueError(f"side={side!r}: no finite total on this side", parameter="side", value=side)
        return _allocate(np.array(self.proportions), int(total)).tolist()

    def __repr__(self) -> str:
        ex = "n/a" if self.exact is None else f"{self.exact:g}"
        out = [f"labels needed for P(win) >= 1 - {self.delta:g} ({self.objective}):",
               f"  necessary {self.necessary:g} (adaptive {self.necessary_adaptive:g})  exact {ex}  "
               f"sufficient {self.sufficient:g}"]
        out += textwrap.wrap(self.reason, 100, initial_indent="  ", subsequent_indent="  ") if self.reason else []
        return "\n".join(out)


@dataclass(frozen=True)
class ChernoffExponents:
    r"""Per-label Chernoff exponents of losing one duel, for the two objectives (nats per label).

    Attributes
    ----------
    generic : float
        $-\frac1N \inf_\lambda \sum_k n_k \ln M_k(\lambda)$ (0: no exponential decay, the
        labels counted equally do not favour the aligned policy).
    weighted : float
        $-\frac1N \sum_k n_k \ln(1 - d(1 - \mathrm{BC}_k))$, the best exponent of any
        test between the two policies (Chernoff information of the label laws).
    ratio : float
        `weighted / generic`: asymptotically, how many more labels the generic objective
        needs than the weighted one (`inf` if the generic exponent is 0).

    Examples
    --------
    >>> e = Mixture([(100, 0.05), (1000, 0.4)], K=2, d=1.0).exponents()
    >>> round(e.ratio, 2)
    2.48
    """

    generic: float
    weighted: float
    ratio: float = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "ratio", self.weighted / self.generic if self.generic > 0 else math.inf)

    def __repr__(self) -> str:
        return (f"Chernoff exponents per label: generic {self.generic:.4g}, weighted {self.weighted:.4g} "
                f"(ratio {self.ratio:.4g})")


def _allocate(p, total):
    """Whole counts with the shares p summing to total (largest remainder)."""
    raw = p * total
    base = np.floor(raw).astype(np.int64)
    rest = int(total - base.sum())
    if rest > 0:
        base[np.argsort(-(raw - base), kind="stable")[:rest]] += 1
    return base


# ---------------------------------------------------------------------- the sides' numbers
def _mgf(lam, q, qbar, d):
    r"""$M(\lambda) = 1 - d + d(q e^{-\lambda} + (1-q) e^{\lambda})$, per source, without cancellation.

    As $1 + d(q(e^{-\lambda} - 1) + (1-q)(e^{\lambda} - 1))$ for $\lambda < 1$ (accurate near
    $\lambda = 0$), else as the sum of its non-negative terms (at $d = 1$, $q = 1$ and large
    $\lambda$ the first form would round $e^{-\lambda}$ to 0).
    """
    with np.errstate(over="ignore", invalid="ignore"):
        small = 1.0 + d * (q * np.expm1(-lam) + qbar * np.expm1(lam))
        large = (1.0 - d) + d * q * np.exp(-lam) + np.where(qbar > 0, d * qbar * np.exp(lam), 0.0)
        return np.where(lam < 1.0, small, large)


def _log_mgf(lam, q, qbar, d):
    r"""$\ln M(\lambda)$, per source."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        small = np.log1p(d * (q * np.expm1(-lam) + qbar * np.expm1(lam)))
        return np.where(lam < 1.0, small, np.log(_mgf(lam, q, qbar, d)))


def _generic_inf(ns, q, qbar, d):
    r"""$\inf_{\lambda \ge 0} \sum_k n_k \ln M_k(\lambda)$ (0 when the labels, counted equally, have no drift)."""
    from scipy.optimize import brentq

    ns = np.asarray(ns, dtype=float)
    if np.sum(ns * (qbar - q)) >= 0:
        return 0.0

    if np.all(qbar[ns > 0] == 0):       # only error-free labels: the infimum is the limit lambda -> infinity
        return float(np.sum(ns * np.log1p(-d))) if d < 1 else -math.inf

    def slope(lam):
        with np.errstate(over="ignore", invalid="ignore"):
            m = _mgf(lam, q, qbar, d)
            up = np.where(qbar > 0, qbar * np.exp(lam), 0.0)
            return float(np.sum(np.where(ns > 0, ns * d * (up - q * np.exp(-lam)) / m, 0.0)))

    hi = 1.0
    while slope(hi) < 0 and hi < 512:
        hi *= 2.0
    # any lambda gives a valid bound: the root if bracketed, else the end of the bracket
    lam = brentq(slope, 0.0, hi, xtol=1e-15, rtol=1e-15, maxiter=500) if slope(hi) >= 0 else hi
    return float(np.sum(np.where(ns > 0, ns * _log_mgf(lam, q, qbar, d), 0.0)))


def _weighted_log(ns, q, qbar, d):
    r"""$\sum_k n_k \ln(1 - d(\sqrt{q_k} - \sqrt{1 - q_k})^2)$, the weighted objective's Chernoff sum."""
    ns = np.asarray(ns, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.sum(np.where(ns > 0, ns * np.log1p(-d * (np.sqrt(q) - np.sqrt(qbar)) ** 2), 0.0)))


def _log_two_point(kl):
    r"""$\ln \frac{1 - \sqrt{1 - e^{-x}}}{2}$ without cancellation."""
    if math.isinf(kl):
        return -math.inf
    return -kl - math.log1p(math.sqrt(-math.expm1(-kl))) - math.log(2.0)


def _log_fano(info, lnK):
    r"""$\ln$ of the smallest $P$ with $h(P) + P \ln(K-1) \ge \ln K - I$ ($-\infty$: no bound)."""
    from scipy.optimize import brentq

    if info >= lnK:
        return -math.inf
    lK1 = log_minus_one(lnK) if lnK > math.log(2.0) + 1e-15 else -math.inf

    def phi(x):
        p = math.exp(x)
        return float(kernels.entropy_nats(p)) + (p * lK1 if lK1 > -math.inf else 0.0) - (lnK - info)

    top = math.log1p(-math.exp(-lnK))          # P = (K - 1) / K, accurately also for K = 2^60
    if phi(-700.0) > 0:
        return -math.inf
    if info <= 0:                              # no information: P >= (K - 1) / K
        return top
    if phi(top) <= 0:       # analytically phi(top) = I > 0: rounding; step below the root instead
        x = top + math.log1p(-1e-9)
        return x if phi(x) < 0 else -math.inf
    return brentq(phi, -700.0, top, xtol=1e-13, rtol=1e-14, maxiter=500)


# ---------------------------------------------------------------------- mixtures
class Mixture:
    r"""A dataset from several label sources, on one policy class ($K$ candidates, separation $d$).

    Parameters
    ----------
    sources : sequence of Source or of tuples (n, eps) / (n, eps, alpha)
        The sources.
    K, bits : float, optional
        Number of candidate policies, or its $\log_2$ (one of them).
    d : float
        Separation probability.
    K_dec : int
        How many of the unaligned policies are deceptive (they matter where a source has
        systematic error, $s_k > 0$).

    Notes
    -----
    With systematic error in some source, the exact value and the weighted objective are
    not computed: given the agreeing counts, the duels then depend on every source's count
    separately. `simulate` samples that model (the latent-correctness model of
    `bounds.Scenario`, source by source) for up to `bounds.simulate.MAX_POLICIES` policies;
    the bounds cover both kinds of unaligned policy.

    Examples
    --------
    Crowd labels at $\varepsilon = 0.3$ plus a few expert labels at $0.05$:

    >>> m = Mixture([Source(3000, 0.3, name="crowd"), Source(300, 0.05, name="expert")], bits=20, d=0.1)
    >>> m
    Mixture(K = 2^20, d = 0.1; crowd: 3000 at eps 0.3; expert: 300 at eps 0.05)
    >>> f"{m.failure_probability().exact:.3g}"
    '4.75e-11'
    """

    def __init__(self, sources, *, K=None, bits=None, d, K_dec=1):
        if isinstance(sources, (Source, str, bytes)) or not hasattr(sources, "__len__") or len(sources) == 0:
            raise ParameterTypeError(f"sources={sources!r} must be a non-empty sequence of Source", parameter="sources",
                                     value=sources)
        self.sources = tuple(_as_source(s, i) for i, s in enumerate(sources))
        if (K is None) == (bits is None):
            raise ParameterValueError("Mixture: give exactly one of K and bits", parameter="K", value=K)
        nm, v = ("K", K) if K is not None else ("bits", bits)
        val = parameter(nm).validate(v, where="Mixture")
        self.log_K = float(kernels.log_K(K=val)) if K is not None else float(kernels.log_K(bits=val))
        self.K, self.bits = K, bits
        self.d = float(parameter("d").validate(d, where="Mixture"))
        self.n = np.array([s.n for s in self.sources], dtype=np.int64)
        self.q = np.array([s.q for s in self.sources])
        self.qbar = np.array([s.qbar for s in self.sources])
        self.q_dec = np.array([s.q_dec for s in self.sources])
        self.qbar_dec = np.array([s.qbar_dec for s in self.sources])
        self.systematic = bool(any(s.s > 0 for s in self.sources))
        self.K_dec = float(parameter("K_dec").validate(K_dec, where="Mixture"))
        if self.systematic:
            if not math.log(self.K_dec + 1.0) <= self.log_K * (1 + 1e-15):
                raise ParameterValueError(f"K_dec={K_dec!r} in Mixture exceeds the K - 1 unaligned policies",
                                          parameter="K_dec", value=K_dec)
            from .quantities import latent_qbar_c

            for src in self.sources:        # the latent model must exist for every source (as in Scenario)
                latent_qbar_c(self.d, src.qbar, src.qbar_dec)

    def __repr__(self) -> str:
        k = f"K = 2^{self.bits:g}" if self.bits is not None else f"K = {self.K:g}"
        parts = [f"{s.name or f'source {i}'}: {s.n} at eps {s.eps:g}" + (f" alpha {s.alpha:g}" if s.alpha else "")
                 + (f" s {s.s:g} q_hard {s.q_hard:g}" if s.s else "") for i, s in enumerate(self.sources)]
        return f"Mixture({k}, d = {self.d:g}; " + "; ".join(parts) + ")"

    @property
    def total(self) -> int:
        r"""The total number of labels $N = \sum_k n_k$."""
        return int(self.n.sum())

    def _scenario(self):
        from .scenario import Scenario

        kw = {"K": self.K} if self.K is not None else {"bits": self.bits}
        return Scenario(d=self.d, eps=0.25, **kw)

    def _necessary_log(self, ns, adaptive=False):
        """(log lower bound on P(fail), its name): passive learners (or, adaptive=True, any learner)."""
        ns = np.asarray(ns, dtype=float)

        def total(f, q, qbar):
            with np.errstate(invalid="ignore"):
                return float(np.sum(np.where(ns > 0, ns * f(q - qbar, np.minimum(q, qbar)), 0.0)))

        minor = np.array([src._learner_minor() for src in self.sources])
        kl = total(kernels.kl_symmetric, 1.0 - minor, minor)          # the learners' best kind of label
        cap = total(kernels.capacity_symmetric, 1.0 - minor, minor)
        sc = self._scenario()
        cands = [(-math.inf, "none (no class of this K and d on which the bounds apply)")]
        if sc.has_exchangeable_class:
            cands.append((_log_fano(cap, self.log_K), "Fano with the sources' capacities added (every learner, "
                                                      "adaptive queries too)"))
        if adaptive and sc.has_two_point_class:
            cands.append((_log_two_point(kl), "two-point (Le Cam) with the sources' KL added, d = 1 (every learner, "
                                              "adaptive queries too)"))
        if not adaptive:
            duels = [(self.q, self.qbar)] + ([(self.q_dec, self.qbar_dec)] if self.systematic else [])
            for q, qbar in duels:       # the race is lost whenever one duel is
                cands.append((_log_two_point(self.d * total(kernels.kl_symmetric, q, qbar)),
                              "two-point (Le Cam, Bretagnolle-Huber) with the sources' KL added (rules treating two "
                              "policies alike)"))
            if sc.has_exchangeable_class:
                cands.append((_log_fano(self.d * kl, self.log_K), "Fano with the sources' KL added (passive "
                                                                  "queries, exchangeable class)"))
        return max(cands, key=lambda c: c[0])

    def _sufficient_log(self, ns, objective):
        if objective == "weighted":
            self._no_weighted()
            return min(0.0, log_minus_one(self.log_K) + _weighted_log(ns, self.q, self.qbar, self.d))
        f_ord = _generic_inf(ns, self.q, self.qbar, self.d)
        if not self.systematic:
            return min(0.0, log_minus_one(self.log_K) + f_ord)
        f_dec = _generic_inf(ns, self.q_dec, self.qbar_dec, self.d)
        l_ord = float(kernels.log_K_minus(self.log_K, self.K_dec + 1.0))   # log(K - 1 - K_dec)
        terms = [math.log(self.K_dec) + f_dec] + ([l_ord + f_ord] if l_ord > -math.inf else [])
        return min(0.0, float(np.logaddexp.reduce(terms)))

    def _no_weighted(self):
        if self.systematic:
            raise ParameterValueError("objective='weighted' is not available for a mixture with systematic error (the "
                                      "weights a learner would use against each kind of policy differ)",
                                      parameter="objective", value="weighted")

    def _exact_logs(self, ns):
        if self.systematic:
            return None
        return mixture_log_probs([int(v) for v in ns], self.q.tolist(), self.qbar.tolist(), self.log_K, self.d)

    def failure_probability(self, objective: str = "generic") -> MixtureProbability:
        r"""$P(\text{the aligned policy does not win})$: necessary, exact (generic) and sufficient sides.

        Parameters
        ----------
        objective : {'generic', 'weighted'}
            How the training objective counts labels (see the module docstring).

        Returns
        -------
        MixtureProbability
            `lower` (necessary side: no learner fails less often), `exact`, `upper`
            (sufficient side), each computed directly (values down to $10^{-300}$ keep
            their relative accuracy).

        Examples
        --------
        >>> m = Mixture([(40, 0.2), (60, 0.3)], K=2, d=1.0)
        >>> p = m.failure_probability()
        >>> bool(p.lower <= p.exact <= p.upper)
        True
        """
        check_choice("objective", objective, OBJECTIVES, where="Mixture.failure_probability")
        lo, lo_by = self._necessary_log(self.n)
        up = self._sufficient_log(self.n, objective)
        logs = self._exact_logs(self.n) if objective == "generic" else None
        ex = None if logs is None else math.exp(logs[1])
        up_by = ("union Chernoff bound, one tilt for all sources" if objective == "generic"
                 else "union Chernoff bound, exponents added (likelihood-ratio weights)")
        return MixtureProbability("P(fail)", objective, math.exp(lo), ex, math.exp(up), lo_by, up_by)

    def win_probability(self, objective: str = "generic") -> MixtureProbability:
        r"""$P(\text{the aligned policy beats every unaligned one})$ on the three sides.

        Parameters
        ----------
        objective : {'generic', 'weighted'}
            How the training objective counts labels.

        Returns
        -------
        MixtureProbability
            `lower` (sufficient side), `exact` (generic objective; None for the weighted one:
            use `simulate`), `upper` (necessary side: no learner wins more often).

        Examples
        --------
        >>> m = Mixture([(40, 0.2), (60, 0.3)], K=2, d=1.0)
        >>> w, g = m.win_probability("weighted"), m.win_probability("generic")
        >>> bool(w.lower >= g.lower), w.exact is None
        (True, True)
        """
        check_choice("objective", objective, OBJECTIVES, where="Mixture.win_probability")
        lo, lo_by = self._necessary_log(self.n)
        up = self._sufficient_log(self.n, objective)
        logs = self._exact_logs(self.n) if objective == "generic" else None
        ex = None if logs is None else math.exp(logs[0])
        up_by = ("1 - union Chernoff bound, one tilt for all sources" if objective == "generic"
                 else "1 - union Chernoff bound, exponents added (likelihood-ratio weights)")
        return MixtureProbability("P(win)", objective, 0.0 - math.expm1(up), ex, 0.0 - math.expm1(lo),
                                  up_by, "1 - " + lo_by)

    def simulate(self, objective: str = "generic", *, trials: int, seed=None, confidence: float = 0.95,
                 executor=None):
        r"""Monte Carlo estimate of $P(\text{lose})$ (`bounds.simulate.mixture`).

        Any $K$ without systematic error; with it, up to `bounds.simulate.MAX_POLICIES`
        unaligned policies, each sampled (the generic objective).

        Examples
        --------
        >>> m = Mixture([(40, 0.2), (60, 0.3)], K=2**20, d=0.5)
        >>> est = m.simulate("weighted", trials=2000, seed=0)
        >>> p = m.failure_probability("weighted")
        >>> bool(p.lower <= est.high and est.low <= p.upper)
        True
        """
        from .simulate.mixtures import mixture

        if not self.log_K < 700:
            raise ParameterValueError(f"Mixture.simulate: K = e^{self.log_K:g} is beyond a float", parameter="K",
                                      value=self.K if self.K is not None else self.bits)
        K = float(self.K) if self.K is not None else math.exp(self.log_K)
        if objective == "weighted":
            self._no_weighted()
        extra = {"q_dec": self.q_dec, "K_dec": self.K_dec} if self.systematic else {}
        return mixture(self.n, self.q, self.d, K=K, objective=objective, trials=trials, seed=seed,
                       confidence=confidence, executor=executor, **extra)

    def exponents(self) -> ChernoffExponents:
        r"""Per-label Chernoff exponents of losing a duel under the two objectives.

        Examples
        --------
        Adding 1000 labels at $\varepsilon = 0.45$ to 100 at $0.05$ *lowers* the generic
        objective's exponent per good label; the weighted one only gains:

        >>> good = Mixture([(100, 0.05)], K=2, d=1.0).exponents()
        >>> both = Mixture([(100, 0.05), (1000, 0.45)], K=2, d=1.0).exponents()
        >>> bool(both.generic * 1100 < good.generic * 100 < both.weighted * 1100)
        True
        """
        N = float(self.total)
        if N == 0:
            return ChernoffExponents(0.0, 0.0)
        return ChernoffExponents(-_generic_inf(self.n, self.q, self.qbar, self.d) / N,
                                 -_weighted_log(self.n, self.q, self.qbar, self.d) / N)

    def scaled(self, total: int) -> "Mixture":
        r"""The same sources' shares at `total` labels (largest-remainder rounding).

        Examples
        --------
        >>> Mixture([(100, 0.1), (300, 0.3)], K=2, d=1.0).scaled(10).n.tolist()
        [3, 7]
        """
        total = parameter("n").validate(total, where="Mixture.scaled")
        counts = _allocate(self.n / self.total, int(total))
        srcs = [Source(int(c), s.eps, s.alpha, s=s.s, q_hard=s.q_hard, name=s.name) for c, s in zip(counts, self.sources)]
        return Mixture(srcs, K=self.K, bits=self.bits, d=self.d, K_dec=self.K_dec)

    def _drift_reason(self, objective):
        p = self.n / self.total
        if objective == "generic" and self.systematic and float(np.sum(p * (self.q_dec - self.qbar_dec))) <= 0:
            return ("Against a deceptive policy the sources' labels, counted equally, do not favour the aligned policy: "
                    "sum_k p_k (2 q_dec,k - 1) <= 0 (systematic error), so no number of labels makes it win; only "
                    "better labels on the hard queries (lower s, higher q_hard), or a larger share of labels from "
                    "sources that get them right, do.")
        if objective == "generic" and float(np.sum(p * (self.q - self.qbar))) <= 0:
            return ("Counted equally, the sources' labels do not favour the aligned policy: the average margin "
                    "sum_k p_k (2 q_k - 1) is <= 0, so P(win) does not tend to 1 however many labels are bought.")
        if np.all(self.q == self.qbar):
            return "Every label is a coin flip (q_k = 1/2 for every source): labels carry no information."
        return ""

    def labels_needed(self, delta, objective: str = "generic", *, exact: bool = True) -> MixtureLabels:
        r"""Total labels for $P(\text{win}) \ge 1 - \delta$, the sources' shares kept.

        The shares are those of the mixture; each total is split by largest-remainder
        rounding. Necessary side: below it no learner reaches the target (the side's bound on
        $P(\text{fail})$ exceeds $\delta$); sufficient: the union Chernoff bound meets it.
        The exact total (generic objective) is searched between those two by bisection and
        verified: exact $P(\text{fail}) \le \delta$ there and $> \delta$ one label below
        ($P(\text{fail})$ need not be monotone in the total: the rounding of the shares
        moves it slightly).

        Parameters
        ----------
        delta : float
            Allowed failure probability, in $(0, 1)$.
        objective : {'generic', 'weighted'}
            How labels are counted.
        exact : bool
            Also search the exact total (generic objective, totals up to `MAX_MIXTURE_N`).

        Returns
        -------
        MixtureLabels

        Examples
        --------
        >>> m = Mixture([(100, 0.1), (300, 0.3)], K=2**10, d=0.2)
        >>> r = m.labels_needed(0.05)
        >>> r.necessary <= r.exact <= r.sufficient
        True
        >>> r.sufficient, m.labels_needed(0.05, "weighted").sufficient
        (362.0, 298.0)
        """
        check_choice("objective", objective, OBJECTIVES, where="Mixture.labels_needed")
        if objective == "weighted":
            self._no_weighted()
        delta = float(parameter("delta").validate(delta, where="Mixture.labels_needed"))
        if self.total == 0:
            raise ParameterValueError(f"sources={[s.n for s in self.sources]!r} in Mixture.labels_needed: the mixture "
                                      "has no labels, so no shares to keep",
                                      parameter="sources", value=[s.n for s in self.sources])
        ld = math.log(delta)
        reason = self._drift_reason(objective)
        p = self.n / self.total
        nec = _smallest(lambda N: self._necessary_log(_allocate(p, N))[0] <= ld, 2**62)
        ada = _smallest(lambda N: self._necessary_log(_allocate(p, N), adaptive=True)[0] <= ld, 2**62)
        suf = math.inf if reason else _smallest(
            lambda N: self._sufficient_log(_allocate(p, N), objective) <= ld, 2**62)
        ex = None
        if objective == "generic" and exact and not self.systematic:
            ex = math.inf if reason else self._exact_search(p, ld, nec, suf)
        return MixtureLabels(delta, objective, float(nec), float(ada), None if ex is None else float(ex),
                             float(suf), tuple(float(v) for v in p), reason)

    def _exact_search(self, p, ld, nec, suf):
        """Smallest feasible total: bisection within each parity, then every total <= 64 below it."""
        tol = 1e-13 * max(1.0, abs(ld))

        def ok(N):
            return self._exact_logs(_allocate(p, N))[1] <= ld + tol

        if suf + 1 > MAX_MIXTURE_N:
            warnings.warn(f"exact total beyond MAX_MIXTURE_N = {MAX_MIXTURE_N}: not computed", NoSolutionWarning,
                          stacklevel=3)
            return math.nan
        best = math.inf
        for parity in (0, 1):
            lo = max(int(nec) - 1, 0)
            lo -= (lo - parity) % 2                     # infeasible (below the necessary total), this parity
            hi = int(suf) + (int(suf) - parity) % 2     # feasible: at or above the sufficient total
            if lo < 0:
                lo = parity - 2
            if not ok(hi):
                raise ParameterValueError("Mixture.labels_needed: the exact P(fail) exceeds delta above the "
                                          "sufficient total (please report this)")
            while hi - lo > 2:
                mid = lo + 2 * ((hi - lo) // 4)         # same parity, strictly between
                lo, hi = (lo, mid) if ok(mid) else (mid, hi)
            best = min(best, hi)
        for N in range(max(int(nec), 1), min(int(best), 65)):
            if ok(N):
                return N
        return best


def _smallest(pred, cap):
    """Smallest N >= 1 with pred(N), by doubling and bisection (inf if none up to cap)."""
    hi = 1
    while not pred(hi):
        hi *= 2
        if hi > cap:
            return math.inf
    lo = hi // 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if pred(mid) else (mid, hi)
    return hi
