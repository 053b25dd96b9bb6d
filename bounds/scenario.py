r"""Scenarios: the model of DESIGN §1 as one object answering the core question.

A `Scenario` fixes the policy class and the label quality ($K$, $d$, $\varepsilon$,
$\alpha$) and reports, side by side, what no learner can beat (*necessary*), what
suffices (*sufficient*) and what actually happens (*exact*).

Examples
--------
>>> import bounds
>>> s = bounds.Scenario(K=2**20, d=0.1, eps=0.2)
>>> need = s.labels_needed(0.05)
>>> need.necessary <= need.exact <= need.sufficient
True
>>> need.sufficient
835.0
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from . import model
from .core import bound
from .vocabulary import parameter, validate

__all__ = ["Scenario", "ProbabilityBounds", "LabelsNeeded", "Comparison"]


def _fmt(x) -> str:
    if x is None:
        return "out of reach"
    x = float(x)
    if math.isinf(x):
        return "inf"
    if x == 0:
        return "0"
    if 1e-4 <= abs(x) < 1e7:
        return f"{x:.6g}"
    return f"{x:.4e}"


@dataclass(frozen=True)
class ProbabilityBounds:
    r"""A probability with its rigorous lower and upper bounds and, where reachable, its exact value.

    Attributes
    ----------
    quantity : str
        `"P(win)"` or `"P(fail)"`.
    n : float or numpy.ndarray
        The numbers of labels.
    lower : float or numpy.ndarray
        Rigorous lower bound.
    upper : float or numpy.ndarray
        Rigorous upper bound.
    exact : float, numpy.ndarray, numpy.ma.MaskedArray or None
        Exact value under independent separation; `None` (scalar `n`) or masked (array
        `n`) where $n$ is beyond `bounds.model.MAX_EXACT_N`.
    lower_bound : str
        Id of the bound behind `lower`.
    upper_bound : str
        Id of the bound behind `upper`.
    exact_bound : str
        Id of the exact computation.

    Examples
    --------
    >>> import bounds
    >>> p = bounds.Scenario(K=2, d=1.0, eps=0.1).failure_probability(11)
    >>> p.lower <= p.exact <= p.upper
    True
    """

    quantity: str
    n: object
    lower: object
    upper: object
    exact: object
    lower_bound: str
    upper_bound: str
    exact_bound: str

    def __repr__(self) -> str:
        ns = np.atleast_1d(self.n)
        lo, up = np.atleast_1d(self.lower), np.atleast_1d(self.upper)
        ex = None if self.exact is None else np.ma.atleast_1d(self.exact)
        rows = [f"{self.quantity}: lower ({self.lower_bound}) <= exact ({self.exact_bound}) <= upper ({self.upper_bound})"]
        for i in range(min(len(ns), 20)):
            e = None if ex is None or np.ma.is_masked(ex[i]) else ex[i]
            rows.append(f"  n={_fmt(ns[i]):>10}  lower={_fmt(lo[i]):>12}  exact={_fmt(e):>12}  upper={_fmt(up[i]):>12}")
        if len(ns) > 20:
            rows.append(f"  ... ({len(ns) - 20} more)")
        return "\n".join(rows)


@dataclass(frozen=True)
class LabelsNeeded:
    r"""Labels needed for $P(\text{aligned wins}) \ge 1-\delta$: necessary, exact and sufficient.

    Attributes
    ----------
    delta : float or numpy.ndarray
        The allowed failure probability.
    necessary : float or numpy.ndarray
        No learner reaches $1-\delta$ on every class of the family with fewer labels
        (`inf` when the labels can carry no information).
    exact : float, numpy.ndarray, numpy.ma.MaskedArray or None
        Smallest $n$ whose exact $P(\text{win}) \ge 1-\delta$ under independent
        separation (ties lose); `None`/masked where beyond exact reach (the search runs
        when the sufficient count is at most `EXACT_SEARCH_MAX_N`).
    sufficient : float or numpy.ndarray
        $n$ that guarantees $P(\text{win}) \ge 1-\delta$ on every class of the family.
    ratio : float or numpy.ndarray
        `sufficient / necessary`: the width of what theory leaves open.
    necessary_bound : str or numpy.ndarray of str
        Id of the lower bound that attains `necessary`.
    sufficient_bound : str
        Id of the bound behind `sufficient`.
    reason : str
        Why no finite number of labels suffices, where that is the case; else empty.
    exact_computed : bool
        False when `labels_needed(..., exact=False)` skipped the exact count.

    Examples
    --------
    >>> import bounds
    >>> r = bounds.Scenario(K=2, d=0.5, eps=0.6 - 0.2, alpha=0.0).labels_needed(0.05)
    >>> r.necessary <= r.exact <= r.sufficient
    True
    """

    delta: object
    necessary: object
    exact: object
    sufficient: object
    ratio: object
    necessary_bound: object
    sufficient_bound: str
    reason: str = ""
    exact_computed: bool = True

    def __repr__(self) -> str:
        ds = np.atleast_1d(self.delta)
        nec, suf = np.atleast_1d(self.necessary), np.atleast_1d(self.sufficient)
        ex = None if self.exact is None else np.ma.atleast_1d(self.exact)
        rat = np.atleast_1d(self.ratio)
        nb = np.atleast_1d(self.necessary_bound)
        rows = ["labels needed for P(win) >= 1 - delta"]
        for i in range(min(len(ds), 20)):
            e = None if ex is None or np.ma.is_masked(ex[i]) else ex[i]
            ex_txt = _fmt(e) if self.exact_computed else "not computed"
            rows.append(
                f"  delta={_fmt(ds[i]):>10}  necessary={_fmt(nec[i]):>10} ({nb[i]})  exact={ex_txt:>10}  "
                f"sufficient={_fmt(suf[i]):>10} ({self.sufficient_bound})  ratio={_fmt(rat[i])}"
            )
        if self.reason:
            rows.append(f"  note: {self.reason}")
        return "\n".join(rows)


@dataclass(frozen=True)
class Comparison:
    r"""How tight the theory is for one scenario: necessary vs exact vs sufficient labels, with ratios.

    Attributes
    ----------
    scenario : Scenario
        The scenario compared.
    delta : numpy.ndarray
        Failure probabilities (rows).
    necessary : numpy.ndarray
        Labels no learner can do without.
    exact : numpy.ndarray
        Exact smallest $n$ under independent separation (`nan` where out of reach,
        listed in `out_of_reach`).
    sufficient : numpy.ndarray
        Labels that guarantee success.
    necessary_bound : numpy.ndarray of str
        The lower bound attaining `necessary` on each row.
    out_of_reach : numpy.ndarray of bool
        Rows where the exact count is beyond exact computation.

    Examples
    --------
    >>> import bounds
    >>> c = bounds.Scenario(K=2**10, d=0.2, eps=0.1).compare([0.1, 0.01])
    >>> c.table()[0]["exact / necessary"] >= 1
    True
    """

    scenario: "Scenario"
    delta: np.ndarray
    necessary: np.ndarray
    exact: np.ndarray
    sufficient: np.ndarray
    necessary_bound: np.ndarray
    out_of_reach: np.ndarray

    def table(self) -> list:
        r"""Rows as dicts: delta, the three counts, their ratios and the bound names.

        Returns
        -------
        list of dict
            One dict per delta. Ratios: `exact / necessary` (what information theory
            leaves on the table for this class), `sufficient / exact` (the price of a
            guarantee for every class), `sufficient / necessary`.

        Examples
        --------
        >>> import bounds
        >>> sorted(bounds.Scenario(K=4, d=1.0, eps=0.1).compare([0.05]).table()[0])[:3]
        ['delta', 'exact', 'exact / necessary']
        """
        rows = []
        for i, dl in enumerate(self.delta):
            nec, ex, suf = float(self.necessary[i]), float(self.exact[i]), float(self.sufficient[i])
            rows.append({
                "delta": float(dl),
                "necessary": nec,
                "exact": None if self.out_of_reach[i] else ex,
                "sufficient": suf,
                "exact / necessary": _safe_ratio(ex, nec) if not self.out_of_reach[i] else None,
                "sufficient / exact": _safe_ratio(suf, ex) if not self.out_of_reach[i] else None,
                "sufficient / necessary": _safe_ratio(suf, nec),
                "necessary bound": str(self.necessary_bound[i]),
            })
        return rows

    def to_frame(self):
        r"""The table as a pandas DataFrame (needs pandas).

        Returns
        -------
        pandas.DataFrame
            One row per delta.

        Examples
        --------
        >>> import bounds
        >>> df = bounds.Scenario(K=4, d=1.0, eps=0.1).compare([0.05]).to_frame()
        >>> list(df.columns)[:2]
        ['delta', 'necessary']
        """
        import pandas as pd

        return pd.DataFrame(self.table())

    def plot(self, ax=None):
        r"""Plot necessary / exact / sufficient labels against $\delta$ (needs matplotlib).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on (a new figure otherwise).

        Returns
        -------
        matplotlib.axes.Axes
            The axes.

        Examples
        --------
        >>> import matplotlib; matplotlib.use("Agg")
        >>> import bounds
        >>> ax = bounds.Scenario(K=4, d=1.0, eps=0.1).compare([0.1, 0.01]).plot()
        """
        from .plots import plot_comparison

        return plot_comparison(self, ax=ax)

    def __repr__(self) -> str:
        head = f"{'delta':>10} {'necessary':>10} {'exact':>10} {'sufficient':>11} {'ex/nec':>7} {'suf/ex':>7} {'suf/nec':>8}  necessary bound"
        lines = [repr(self.scenario), head]
        for r in self.table():
            def f(v, w, p=".3g"):
                return f"{'-' if v is None else format(v, p):>{w}}"
            lines.append(
                f"{r['delta']:>10.3g} {_fmt(r['necessary']):>10} {_fmt(r['exact']):>10} {_fmt(r['sufficient']):>11} "
                f"{f(r['exact / necessary'], 7)} {f(r['sufficient / exact'], 7)} {f(r['sufficient / necessary'], 8)}  {r['necessary bound']}"
            )
        return "\n".join(lines)


def _safe_ratio(a, b):
    if math.isinf(a) and math.isinf(b):
        return 1.0
    if b == 0:
        return math.inf
    return a / b


_NECESSARY = ("fano.capacity_exact", "fano.passive_exact", "two_point.le_cam")

#: `labels_needed` searches for the exact count only when the sufficient count is at most
#: this (each exact evaluation costs about 0.5 s at n = 1e5 and the search takes 10-20);
#: beyond it the exact count is reported as out of reach.
EXACT_SEARCH_MAX_N = 200_000


@dataclass(frozen=True)
class Scenario:
    r"""A policy class and a label quality: how likely does the aligned policy win, and with how many labels?

    Parameters
    ----------
    K : float
        Number of candidate policies, one aligned ($\log_2 K$ bits of intent).
    d : float
        Probability that a query separates the aligned policy from a given unaligned one.
    eps : float
        Probability that a rater flips a label at random.
    alpha : float
        Fraction of labels written by an adversary who labels for one chosen
        unaligned policy (randomly assigned items).

    Notes
    -----
    Three answers, side by side, each naming the bound behind it:

    * **exact** — the model of DESIGN §1 with *independent separation* (each unaligned
      policy separates on each query independently with probability $d$), computed
      exactly; the training objective picks the highest score and ties lose.
    * **sufficient** — the union of Chernoff bounds over the $K-1$ duels. It is a
      guarantee on *every* class in which each unaligned policy is separated from the
      aligned one with probability at least $d$, with any dependence between them.
    * **necessary** — information limits: no learner, however large, reaches
      $P(\text{win}) \ge 1-\delta$ on every class of that family with fewer labels. The
      largest of (a) Fano with the channel capacity (holds on every class with a
      uniformly random aligned policy, even with adaptive queries), (b) Fano with the
      pairwise KL on the exchangeable class (every pair of candidates separated with
      probability $d$) and (c) Le Cam's two-point bound (any pair separated with
      probability $d$). Each needs a class in which *any* candidate may be the aligned
      one, so every pair is separated with probability $\ge d$; with binary labels such
      a class exists only for $d \le K/(2(K-1))$ (Plotkin), and beyond that the
      necessary count is reported as 0 with the reason. Where it exists it belongs to
      the family the sufficient bound covers, so necessary $\le$ sufficient. For
      $K = 2$ the exact count can never be below it; for larger
      $K$ the independent-separation class is one member of the family, not the hardest
      one, so the comparison is informative, not guaranteed.

    With adversaries ($\alpha > 0$; DESIGN's adversary writes a random $\alpha$ fraction
    of the labels, all for one chosen unaligned policy $j^*$) the exact value is for that
    adversary; the sufficient bound holds against *any* adversary on a random $\alpha$
    fraction (each of its labels at worst opposes the aligned policy); the necessary
    count uses only the two-point bound on the pair (aligned, $j^*$), which holds for
    this adversary at every $K$, so necessary $\le$ exact. (The catalogue's Fano bounds
    with $\alpha > 0$ speak of the worst adversary, who opposes the aligned policy
    against every candidate at once; they can exceed this scenario's exact count.)
    When $(1-\alpha)(1-\varepsilon) \le 1/2$ the
    margin is gone: `labels_needed` returns `inf` with the reason, and
    `win_probability(n)` goes to 0 as $n$ grows.

    Examples
    --------
    >>> import bounds
    >>> s = bounds.Scenario(K=2**20, d=0.1, eps=0.2)
    >>> p = s.failure_probability(1000)
    >>> p.lower <= p.exact <= p.upper
    True
    >>> bounds.Scenario(K=10, d=0.3, eps=0.1, alpha=0.5).labels_needed(0.05).sufficient
    inf
    """

    K: float
    d: float
    eps: float
    alpha: float = 0.0

    def __post_init__(self):
        for name in ("K", "d", "eps", "alpha"):
            v = getattr(self, name)
            arr = parameter(name).validate(v, where="Scenario")
            if arr.ndim != 0:
                raise TypeError(f"Scenario {name} must be a single number, got an array of shape {arr.shape}; use bounds.sweep for grids")
            object.__setattr__(self, name, float(arr))

    # ---------------------------------------------------------------- basics
    @property
    def params(self) -> dict:
        r"""The scenario's parameters as a dict (`K`, `d`, `eps`, `alpha`).

        Returns
        -------
        dict
            Parameter values.

        Examples
        --------
        >>> import bounds
        >>> bounds.Scenario(K=4, d=0.5, eps=0.1).params
        {'K': 4.0, 'd': 0.5, 'eps': 0.1, 'alpha': 0.0}
        """
        return {"K": self.K, "d": self.d, "eps": self.eps, "alpha": self.alpha}

    @property
    def margin(self) -> float:
        r"""Expected evidence per label, $d((1-\alpha)(1-\varepsilon)\cdot 2 - 1)$; no finite $n$ suffices when $\le 0$.

        Returns
        -------
        float
            The margin.

        Examples
        --------
        >>> import bounds
        >>> round(bounds.Scenario(K=4, d=0.5, eps=0.1).margin, 12)
        0.4
        """
        return model.margin(self.d, self.eps, self.alpha)

    @property
    def plotkin_limit(self) -> float:
        r"""$K / (2(K-1))$: the largest separation every pair of $K$ binary-labelled candidates can share.

        Returns
        -------
        float
            The Plotkin limit (1 for $K = 2$, about 1/2 for large $K$).

        Examples
        --------
        >>> import bounds
        >>> bounds.Scenario(K=3, d=0.5, eps=0.1).plotkin_limit
        0.75
        """
        return self.K / (2.0 * (self.K - 1.0))

    @property
    def has_exchangeable_class(self) -> bool:
        r"""Whether the family contains a class in which any candidate may be the aligned one.

        The lower bounds need such a class (every pair separated with probability
        $\ge d$); with binary labels it exists iff $d \le K/(2(K-1))$ (Plotkin's bound;
        Hadamard codes mixed with queries on which all candidates agree attain it).

        Returns
        -------
        bool
            True when `d <= plotkin_limit`.

        Examples
        --------
        >>> import bounds
        >>> bounds.Scenario(K=2**20, d=1.0, eps=0.1).has_exchangeable_class
        False
        """
        return self.d <= self.plotkin_limit

    def _duel(self):
        return {"d": self.d, "eps": self.eps, "alpha": self.alpha}

    # ---------------------------------------------------------------- probabilities
    def _exact_logs(self, n):
        n = np.asarray(n, float)
        reach = n <= model.MAX_EXACT_N
        lw = np.full(n.shape, np.nan)
        ll = np.full(n.shape, np.nan)
        for idx in zip(*np.nonzero(reach)) if n.ndim else ([()] if reach else []):
            w, l, _ = model._exact.race_log_probs(int(n[idx]), self.K, self.d, 1.0 - self.eps, self.alpha)
            lw[idx], ll[idx] = w, l
        return lw, ll, reach

    def _wrap_exact(self, values, reach, scalar):
        if scalar:
            return float(values) if bool(reach) else None
        if np.all(reach):
            return values
        return np.ma.masked_array(values, mask=~reach)

    def failure_probability(self, n) -> ProbabilityBounds:
        r"""$P(\text{the aligned policy does not win})$ after $n$ labels, bounded and exact.

        Computed directly (never as $1 - P(\text{win})$), so values down to
        $10^{-300}$ keep their relative accuracy.

        Parameters
        ----------
        n : int or array_like of int
            Number of labels (vectorized).

        Returns
        -------
        ProbabilityBounds
            `lower` from the two-point bound (`two_point.le_cam`: the race is lost when
            the duel against the adversary's target is lost), `upper` from
            `race.union_chernoff`, `exact` from `race.exact`.

        Raises
        ------
        ValueError
            If `n` is negative, not an integer, nan or infinite.

        Examples
        --------
        >>> import bounds
        >>> p = bounds.Scenario(K=2**20, d=0.1, eps=0.2).failure_probability([500, 1000])
        >>> bool(np.all(p.lower <= p.exact)) and bool(np.all(p.exact <= p.upper))
        True
        """
        arr = validate("Scenario.failure_probability", n=n)["n"]
        _check_n_integer(arr)
        scalar = arr.ndim == 0
        lower = bound("two_point.le_cam")(n=arr, **self._duel())
        upper = bound("race.union_chernoff")(n=arr, K=self.K, **self._duel())
        _, ll, reach = self._exact_logs(arr)
        exact = self._wrap_exact(np.exp(ll), reach, scalar)
        return ProbabilityBounds("P(fail)", _out(arr), lower, upper, exact,
                                 "two_point.le_cam", "race.union_chernoff", "race.exact")

    def win_probability(self, n) -> ProbabilityBounds:
        r"""$P(\text{the aligned policy beats every unaligned one})$ after $n$ labels, bounded and exact.

        Parameters
        ----------
        n : int or array_like of int
            Number of labels (vectorized).

        Returns
        -------
        ProbabilityBounds
            `lower = 1 - upper failure bound`, `upper = 1 - lower failure bound`
            (computed without cancellation), `exact` computed directly.

        Examples
        --------
        >>> import bounds
        >>> s = bounds.Scenario(K=2, d=1.0, eps=0.4, alpha=0.2)   # past breakdown
        >>> [round(s.win_probability(n).exact, 4) for n in (11, 1001, 100001)]
        [0.446, 0.1027, 0.0]
        """
        arr = validate("Scenario.win_probability", n=n)["n"]
        _check_n_integer(arr)
        scalar = arr.ndim == 0
        log_lo = bound("two_point.le_cam").log_evaluate(n=arr, **self._duel())
        log_up = bound("race.union_chernoff").log_evaluate(n=arr, K=self.K, **self._duel())
        lower = _out(-np.expm1(np.asarray(log_up)))
        upper = _out(-np.expm1(np.asarray(log_lo)))
        lw, _, reach = self._exact_logs(arr)
        exact = self._wrap_exact(np.exp(lw), reach, scalar)
        return ProbabilityBounds("P(win)", _out(arr), lower, upper, exact,
                                 "1 - race.union_chernoff", "1 - two_point.le_cam", "race.exact")

    # ---------------------------------------------------------------- labels needed
    def labels_needed(self, delta, *, exact: bool = True) -> LabelsNeeded:
        r"""Labels needed so that $P(\text{aligned wins}) \ge 1 - \delta$: necessary, exact, sufficient.

        Parameters
        ----------
        delta : float or array_like
            Allowed failure probability, in $(0, 1)$; down to $10^{-300}$.
        exact : bool
            Also compute the exact smallest $n$ (costs a few exact evaluations).

        Returns
        -------
        LabelsNeeded
            All three counts rounded up to whole labels, with the ratio
            sufficient / necessary and the ids of the bounds behind them.

        Examples
        --------
        >>> import bounds
        >>> r = bounds.Scenario(K=2**20, d=0.1, eps=0.2).labels_needed(0.05)
        >>> (r.necessary, r.sufficient, r.necessary_bound)
        (156.0, 835.0, 'fano.passive_exact')
        """
        arr = validate("Scenario.labels_needed", delta=delta)["delta"]
        scalar = arr.ndim == 0
        flat = np.atleast_1d(arr)
        import warnings

        from .core import NoSolutionWarning

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NoSolutionWarning)
            cands = []
            # With adversaries, the Fano bounds of the catalogue speak of the worst adversary
            # (every adversarial label against the aligned policy); the exact race and this
            # scenario use DESIGN's adversary, who labels for one chosen policy j*. Only the
            # two-point bound (the pair aligned vs j*) holds for that adversary at every K.
            necessary_ids = _NECESSARY if self.alpha == 0 else ("two_point.le_cam",)
            for bid in necessary_ids:
                b = bound(bid)
                if b.subject == "n":
                    vals = b(delta=flat, **{k: v for k, v in self.params.items() if k in b.inputs})
                else:
                    vals = b.solve("n", delta=flat, **{k: v for k, v in self.params.items() if k in b.inputs})
                cands.append(np.ceil(np.asarray(vals, float)))
            cands = np.stack(cands)
            which = np.argmax(cands, axis=0)
            necessary = cands[which, np.arange(flat.size)]
            names = np.array(necessary_ids)[which]
            suff = np.ceil(bound("race.union_chernoff").solve("n", delta=flat, **self.params))
        reason = ""
        if not self.has_exchangeable_class:
            # every lower bound needs a class in which any candidate may be the aligned one,
            # i.e. every pair separated with probability >= d: none exists (Plotkin)
            necessary = np.zeros(flat.size)
            names = np.full(flat.size, "none")
            reason = (
                f"no necessary count: with binary labels no class of K = {self.K:g} candidates separates every "
                f"pair with probability d = {self.d:g} > K/(2(K-1)) = {self.plotkin_limit:.4g} (Plotkin), so no "
                "hard instance exists in this family; the lower bounds speak of d <= K/(2(K-1))"
            )
        if self.margin <= 0:
            reason = (reason + "; " if reason else "") + (
                f"no finite number of labels suffices: the margin d((1-alpha)(2q-1) - alpha) = {self.margin:.4g} <= 0 "
                f"(systematic error, or adversaries past breakdown alpha* = {model.breakdown_alpha(self.eps):.4g})"
            )
        ex = None
        if exact:
            ex_vals = np.full(flat.size, np.nan)
            reach = np.ones(flat.size, bool)
            for i, dl in enumerate(flat):
                if not math.isfinite(suff[i]):
                    ex_vals[i] = math.inf
                elif suff[i] > EXACT_SEARCH_MAX_N:
                    reach[i] = False
                else:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore", NoSolutionWarning)
                        ex_vals[i] = bound("race.exact").solve("n", delta=dl, **self.params)
            ex = self._wrap_exact(ex_vals if not scalar else ex_vals[0], reach if not scalar else reach[0], scalar)
        with np.errstate(all="ignore"):
            ratio = np.where(necessary > 0, suff / necessary, np.inf)
        ratio = np.where(np.isinf(suff) & np.isinf(necessary), 1.0, ratio)  # both say: impossible
        if scalar:
            return LabelsNeeded(float(arr), float(necessary[0]), ex, float(suff[0]), float(ratio[0]),
                                str(names[0]), "race.union_chernoff", reason, exact)
        shape = arr.shape
        return LabelsNeeded(arr, necessary.reshape(shape), ex if ex is None else ex.reshape(shape) if not np.ma.isMaskedArray(ex) else ex.reshape(shape),
                            suff.reshape(shape), ratio.reshape(shape), names.reshape(shape), "race.union_chernoff", reason, exact)

    def compare(self, delta=(0.1, 0.05, 0.01, 1e-3, 1e-6)) -> Comparison:
        r"""Necessary vs exact vs sufficient labels across failure probabilities, with their ratios.

        Parameters
        ----------
        delta : float or sequence of float
            Failure probabilities to tabulate.

        Returns
        -------
        Comparison
            A table (`.table()`, `.to_frame()`) and a plot (`.plot()`).

        Examples
        --------
        >>> import bounds
        >>> c = bounds.Scenario(K=2**20, d=0.1, eps=0.2).compare([0.05])
        >>> c.table()[0]["sufficient / exact"] > 1
        True
        """
        r = self.labels_needed(np.atleast_1d(np.asarray(delta, dtype=float)))
        ex = r.exact
        if np.ma.isMaskedArray(ex):
            mask = np.ma.getmaskarray(ex)
            ex = ex.filled(np.nan)
        else:
            ex = np.asarray(ex, dtype=float)
            mask = np.zeros(ex.shape, bool)
        return Comparison(self, np.asarray(r.delta), np.asarray(r.necessary), ex, np.asarray(r.sufficient),
                          np.asarray(r.necessary_bound), mask)

    def __repr__(self) -> str:
        bits = math.log2(self.K)
        return (
            f"Scenario(K={self.K:g} ({bits:.3g} bits), d={self.d:g}, eps={self.eps:g}, alpha={self.alpha:g}; "
            f"margin {self.margin:.4g} per label)"
        )


def _out(x):
    x = np.asarray(x)
    return float(x) if x.ndim == 0 else x


def _check_n_integer(arr):
    bad = np.floor(arr) != arr
    if np.any(bad):
        v = float(np.ravel(arr[bad] if arr.ndim else arr)[0])
        raise ValueError(f"n={v!r} must be an integer number of labels")
