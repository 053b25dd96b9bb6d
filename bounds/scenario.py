r"""Scenarios: the model as one object answering the core question.

A `Scenario` fixes the policy class and the label quality — $K$ candidates (or
`bits` $= \log_2 K$), separation $d$, rater error $\varepsilon$, adversarial fraction
$\alpha$ and systematic error ($s$, $q_{\mathrm{hard}}$, $K_{\mathrm{dec}}$) — and reports,
side by side, what the labels allow (*necessary*: information limits, each saying which
learners it covers), what suffices (*sufficient*) and what actually happens (*exact*).

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
import warnings

import numpy as np

from . import kernels
from . import quantities as Q
from ._exact import MAX_EXACT_N
from ._format import fmt_K
from .catalogue._common import margin_reason
from .catalogue.race import log_probs_exact, log_win_exact
from .errors import NoSolutionWarning, ParameterTypeError, ParameterValueError, SolutionOverflowWarning
from .registry import bound
from .results import WIDTH, Comparison, LabelsNeeded, ProbabilityBounds, html_table, wrap
from .validation import as_output, short
from .vocabulary import PARAMETERS

__all__ = ["Scenario", "ProbabilityBounds", "LabelsNeeded", "Comparison", "EXACT_SEARCH_MAX_N"]

#: `labels_needed` searches for the exact count up to this many labels (an exact evaluation
#: costs about 0.5 s at n = 1e5); beyond it the exact count is reported as out of reach.
EXACT_SEARCH_MAX_N = 200_000

#: Where a two-point class with every other candidate separated from both members exists (K >= 3).
TWO_POINT_LIMIT = 2.0 / 3.0


class Scenario:
    r"""A policy class and a label quality: how likely does the aligned policy win, and with how many labels?

    Parameters
    ----------
    K : int, optional
        Number of candidate policies, one aligned (an integer; Python integers beyond the
        largest float, e.g. `2**2000`, are accepted). Give `K` or `bits`.
    d : float
        Probability that a query separates the aligned policy from a given unaligned one.
    eps : float
        Probability that a rater flips a label at random.
    alpha : float
        Fraction of labels, randomly assigned, written by an adversary who always labels
        against the aligned policy.
    s : float
        Systematic error: share of the queries separating a deceptive policy that are too
        hard for raters (0: none).
    q_hard : float
        Probability that raters get such a hard query right (below 1/2: they prefer the
        deceptive output).
    K_dec : int
        Number of deceptive policies among the $K - 1$ unaligned ones.
    bits : float, optional
        $\log_2 K$ instead of `K` (for $K$ beyond $2^{1023}$).

    Notes
    -----
    Three answers, side by side, each naming the bound behind it:

    * **exact** — the model on the *independent-separation* class (given whether a label
      agrees with the aligned policy, every unaligned policy separates independently),
      computed exactly; the generic objective picks the highest score and ties lose.
    * **sufficient** — the union of Chernoff bounds over the $K-1$ duels: a guarantee on
      *every* class in which each unaligned policy is separated with probability at least
      $d$, with any dependence between them.
    * **necessary** — the largest lower bound that is valid at this point, named:
      Fano's bound where an exchangeable class of $K$ candidates with that separation
      exists ($d$ up to the Plotkin limit, `plotkin_limit`); the two-point bound where two
      candidates can be left in doubt ($K = 2$, or $d \le 2/3$); and, at every $d$, the
      two-point bound on the pair (aligned, weakest unaligned policy), which bounds what
      the generic objective needs on this scenario. The first two cover every learner on
      the hardest class of the family; `labels_needed` reports them for learners with
      passively drawn queries (`necessary`) and for learners that choose their queries
      (`necessary_adaptive`).

    With systematic error a learner that knows which queries are hard could read those
    labels (inverted), so the learner bounds use the more informative of the two kinds of
    label; the generic objective cannot, and once the margin against a deceptive policy is
    $\le 0$ no number of labels makes it win (`labels_needed` says so, with the reason).

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

    __slots__ = ("K", "bits", "d", "eps", "alpha", "s", "q_hard", "K_dec", "_K_given")

    def __init__(self, K=None, d=None, eps=None, alpha=0.0, *, s=0.0, q_hard=0.0, K_dec=1, bits=None):
        where = "Scenario"
        if (K is None) == (bits is None):
            raise ParameterTypeError(f"K={short(K)}, bits={short(bits)}: Scenario needs K, the number of candidate policies "
                            f"in {PARAMETERS['K'].domain}, or bits = log2 K in {PARAMETERS['bits'].domain}: exactly one")
        if K is not None:
            if isinstance(K, int) and not isinstance(K, bool) and K > 2**53:
                bits_v, K_v = math.log2(K), (float(K) if K < 2**1023 else math.inf)
            else:
                K_v = _scalar("K", K, where)
                if K_v != math.floor(K_v):
                    raise ParameterValueError(f"K={K_v!r} in {where} must be an integer number of candidate policies")
                bits_v = math.log2(K_v)
        else:
            bits_v = _scalar("bits", bits, where)
            K_v = 2.0**bits_v if bits_v < 1024 else math.inf
            if bits_v < 53 and abs(K_v - round(K_v)) > 1e-9 * K_v:
                raise ParameterValueError(f"bits={bits_v!r} in {where} gives K = 2^bits = {K_v:.6g}, not an integer number of policies")
            if bits_v < 53:
                K_v = float(round(K_v))
        set_ = object.__setattr__
        set_(self, "K", K_v)
        set_(self, "bits", bits_v)
        set_(self, "_K_given", K is not None and math.isfinite(K_v))
        for name, value in (("d", d), ("eps", eps), ("alpha", alpha), ("s", s), ("q_hard", q_hard), ("K_dec", K_dec)):
            set_(self, name, _scalar(name, value, where))
        if self.K_dec > self.K - 1 or self.K_dec >= self.K:   # the second: K - 1 rounds to K beyond 2^53
            raise ParameterValueError(f"K_dec={self.K_dec:g} in {where} exceeds the K - 1 = {self.K - 1:g} unaligned policies"
                                      + (" (K - 1 rounds to K at this size: give K_dec below K)"
                                         if self.K_dec <= self.K - 1 else ""))
        if self.s > 0:
            # the exact race needs an admissible latent model: fail here, not at the first evaluation
            Q.latent_qbar_c(self.d, kernels.qbar_alpha(self.eps, self.alpha), kernels.qbar_dec(self.eps, self.alpha, self.s, self.q_hard))

    def __setattr__(self, name, value):
        raise AttributeError(f"Scenario is immutable; use Scenario.replace({name}=...)")

    def __eq__(self, other):
        return isinstance(other, Scenario) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def _key(self):
        return (self.bits, self.d, self.eps, self.alpha, self.s, self.q_hard, self.K_dec)

    def replace(self, **changes) -> "Scenario":
        r"""A copy with some parameters changed.

        Parameters
        ----------
        **changes
            Any of `K`, `bits`, `d`, `eps`, `alpha`, `s`, `q_hard`, `K_dec`.

        Returns
        -------
        Scenario
            The new scenario.

        Examples
        --------
        >>> import bounds
        >>> bounds.Scenario(K=4, d=0.5, eps=0.1).replace(eps=0.2).eps
        0.2
        """
        args = {"d": self.d, "eps": self.eps, "alpha": self.alpha, "s": self.s, "q_hard": self.q_hard, "K_dec": self.K_dec}
        if "K" in changes or "bits" in changes:
            args.update({k: changes.pop(k) for k in ("K", "bits") if k in changes})
        elif self._K_given:
            args["K"] = self.K
        else:
            args["bits"] = self.bits
        unknown = set(changes) - set(args)
        if unknown:
            raise ParameterTypeError(f"Scenario.replace: unknown parameter(s) {sorted(unknown)}")
        args.update(changes)
        return Scenario(**args)

    # ---------------------------------------------------------------- basics
    @property
    def params(self) -> dict:
        r"""The scenario's parameters as a dict, as the catalogue's bounds take them.

        Returns
        -------
        dict
            `K` (or `bits` when $K$ exceeds the largest float), `d`, `eps`, `alpha`, `s`,
            `q_hard`, `K_dec`.

        Examples
        --------
        >>> import bounds
        >>> bounds.Scenario(K=4, d=0.5, eps=0.1).params
        {'K': 4.0, 'd': 0.5, 'eps': 0.1, 'alpha': 0.0, 's': 0.0, 'q_hard': 0.0, 'K_dec': 1.0}
        """
        k = {"K": self.K} if math.isfinite(self.K) else {"bits": self.bits}
        return {**k, "d": self.d, "eps": self.eps, "alpha": self.alpha, "s": self.s, "q_hard": self.q_hard,
                "K_dec": self.K_dec}

    def params_for(self, b) -> dict:
        r"""The scenario's parameters that the bound `b` takes (`bits` for `K` beyond the largest float).

        Parameters
        ----------
        b : Bound
            A bound of the catalogue.

        Returns
        -------
        dict
            Keyword arguments for `b.evaluate`, `b.solve` (with the unknown and the subject added).

        Examples
        --------
        >>> import bounds
        >>> s = bounds.Scenario(K=4, d=0.5, eps=0.1)
        >>> s.params_for(bounds.bound("duel.hoeffding"))
        {'d': 0.5, 'eps': 0.1, 'alpha': 0.0, 's': 0.0, 'q_hard': 0.0}
        """
        p = self.params
        out = {k: v for k, v in p.items() if k in b.inputs}
        if "bits" in p and "K" in b.inputs:
            out["bits"] = p["bits"]
        return out

    @property
    def has_ordinary(self) -> bool:
        """Whether some unaligned policy is not deceptive ($K - 1 > K_{\\mathrm{dec}}$)."""
        return self.K - 1 > self.K_dec

    @property
    def margin(self) -> float:
        r"""Expected evidence per label for the aligned policy against its weakest opponent; no finite $n$ suffices when $\le 0$.

        $d\,(2q - 1)$ with $q = q_{\mathrm{dec}}$ against a deceptive policy and $q_\alpha$
        against an ordinary one (the smaller, where both kinds are present).

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
        x = kernels.bias_dec(self.eps, self.alpha, self.s, self.q_hard)
        if self.has_ordinary:
            x = min(float(x), float(kernels.bias_alpha(self.eps, self.alpha)))
        return float(self.d * x)

    @property
    def plotkin_limit(self) -> float:
        r"""The largest separation every pair of $K$ binary-labelled candidates can share.

        $K/(2(K-1))$ for even $K$ and $(K+1)/(2K)$ for odd $K$ (Plotkin 1960).

        Returns
        -------
        float
            The Plotkin limit (1 for $K = 2$, 2/3 for $K = 3$ and 4, about 1/2 for large $K$).

        Examples
        --------
        >>> import bounds
        >>> bounds.Scenario(K=3, d=0.5, eps=0.1).plotkin_limit
        0.6666666666666666
        """
        return float(Q.plotkin_limit(bits=self.bits)) if not math.isfinite(self.K) else float(Q.plotkin_limit(self.K))

    @property
    def has_exchangeable_class(self) -> bool:
        r"""Whether the family contains a class in which any candidate may be the aligned one.

        Fano's bounds need such a class (every pair separated with probability $\ge d$);
        with binary labels it exists iff $d$ is at most the Plotkin limit.

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

    @property
    def has_two_point_class(self) -> bool:
        r"""Whether the family contains a class in which two candidates can be left in doubt.

        For $K = 2$ always; for $K \ge 3$ the other candidates must be separated from both
        members of the pair with probability $\ge d$, possible iff $d \le 2/3$.

        Returns
        -------
        bool
            The condition.

        Examples
        --------
        >>> import bounds
        >>> bounds.Scenario(K=3, d=0.7, eps=0.1).has_two_point_class
        False
        """
        return self.K == 2 or self.d <= TWO_POINT_LIMIT

    # ---------------------------------------------------------------- the learners' channel
    def _learner_eps(self, eps=None):
        """The crossover of the most informative kind of label (an `eps` with alpha = 0); at `eps` if given (array)."""
        e = self.eps if eps is None else np.asarray(eps, float)
        minor = np.minimum(kernels.q_alpha(e, self.alpha), kernels.qbar_alpha(e, self.alpha))
        if self.s > 0:
            qh = (1.0 - self.alpha) * self.q_hard
            minor = np.where(abs(2.0 * qh - 1.0) > np.abs(kernels.bias_alpha(e, self.alpha)), min(qh, 1.0 - qh), minor)
        out = np.minimum(minor, 0.5)
        return float(out) if eps is None else out

    def _learner(self, b, eps=None) -> dict:
        p = {"eps": self._learner_eps(eps), "alpha": 0.0}
        if "d" in b.inputs:
            p["d"] = self.d
        if "K" in b.inputs:
            p.update({"K": self.K} if math.isfinite(self.K) else {"bits": self.bits})
        return p

    # ---------------------------------------------------------------- probabilities
    def _exact_logs(self, n):
        n = np.asarray(n, float)
        reach = n <= MAX_EXACT_N
        ll = np.full(n.shape, np.nan)
        lw = np.full(n.shape, np.nan)
        if reach.any():
            b = bound("race.exact")
            # one evaluation, each of P(win) and P(lose) summed directly (not as 1 - the other)
            lw[reach], ll[reach] = log_probs_exact(n[reach], **self.params_for(b))
        return lw, ll, reach

    def _wrap_exact(self, values, reach, scalar):
        if scalar:
            return float(values) if bool(reach) else None
        if np.all(reach):
            return values
        return np.ma.masked_array(values, mask=~reach)

    def _failure_lower(self, n, eps=None):
        """Largest lower bound on P(fail) at each n (and `eps`, if given), with its name (log values)."""
        cands, names = [], []
        e = self.eps if eps is None else eps
        if self.has_two_point_class:
            lc = bound("two_point.le_cam")
            cands.append(lc.log_evaluate(n=n, **self._learner(lc, eps)))
            names.append("two_point.le_cam")
        duel = bound("duel.two_point")
        cands.append(duel.log_evaluate(n=n, **{**self.params_for(duel), "eps": e}))
        names.append("duel.two_point")
        if self.s > 0 and self.has_ordinary:
            cands.append(duel.log_evaluate(n=n, d=self.d, eps=e, alpha=self.alpha))
            names.append("duel.two_point")
        if self.has_exchangeable_class:
            for bid in ("fano.passive_exact", "fano.capacity_exact"):
                b = bound(bid)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", (NoSolutionWarning, SolutionOverflowWarning))
                    dl = np.asarray(b.solve("delta", n=n, **self._learner(b, eps)), float)
                # where every delta in (0, 1) meets the bound, solve returns the smallest float:
                # the bound then says nothing (its infimum is 0)
                dl = np.where(dl <= 5e-324, 0.0, dl)
                with np.errstate(divide="ignore"):
                    cands.append(np.where(np.isfinite(dl), np.log(np.nan_to_num(dl, nan=0.0)), -np.inf))
                names.append(bid)
        shape = np.broadcast_shapes(np.shape(n), np.shape(e))
        stack = np.stack([np.broadcast_to(c, shape) for c in cands])
        which = np.argmax(stack, axis=0)
        return np.take_along_axis(stack, which[None], 0)[0], np.array(names, dtype=object)[which]

    def failure_probability(self, n) -> ProbabilityBounds:
        r"""$P(\text{the aligned policy does not win})$ after $n$ labels, bounded and exact.

        Computed directly (never as $1 - P(\text{win})$), so values down to
        $10^{-300}$ keep their relative accuracy.

        Parameters
        ----------
        n : int or array_like of int
            Number of labels (vectorized, any shape).

        Returns
        -------
        ProbabilityBounds
            `lower`: the largest of the generic objective's two-point bound on this scenario
            (`duel.two_point`: the race is lost whenever the duel against the weakest policy
            is) and, where the exchangeable class exists, Fano's limit for every learner
            solved for $\delta$; `upper` from `race.union_chernoff`; `exact` from `race.exact`.

        Raises
        ------
        ValueError
            If `n` is negative, not an integer, nan or infinite.

        Examples
        --------
        >>> import bounds
        >>> p = bounds.Scenario(K=2**20, d=0.1, eps=0.2).failure_probability([10, 500, 1000])
        >>> bool(np.all(p.lower <= p.exact)) and bool(np.all(p.exact <= p.upper))
        True
        >>> p.lower_bound[0]
        'fano.passive_exact'
        """
        arr = _check_n(n, "Scenario.failure_probability")
        scalar = arr.ndim == 0
        log_lo, lo_names = self._failure_lower(arr)
        upper = bound("race.union_chernoff")(n=arr, **self.params_for(bound("race.union_chernoff")))
        _, ll, reach = self._exact_logs(arr)
        exact = self._wrap_exact(np.exp(ll), reach, scalar)
        return ProbabilityBounds("P(fail)", as_output(arr), as_output(np.exp(log_lo)), upper, exact,
                                 _names(lo_names, scalar), "race.union_chernoff", "race.exact")

    def win_probability(self, n) -> ProbabilityBounds:
        r"""$P(\text{the aligned policy beats every unaligned one})$ after $n$ labels, bounded and exact.

        Parameters
        ----------
        n : int or array_like of int
            Number of labels (vectorized).

        Returns
        -------
        ProbabilityBounds
            `lower = 1 - upper failure bound`, `upper = 1 - lower failure bound` (computed
            without cancellation, naming the bound that binds), `exact` computed directly.

        Examples
        --------
        >>> import bounds
        >>> s = bounds.Scenario(K=2, d=1.0, eps=0.4, alpha=0.2)   # past breakdown: q_alpha = 0.48
        >>> [round(s.win_probability(n).exact, 4) for n in (11, 1001, 100001)]   # P(Bin(n, 0.48) > n/2)
        [0.446, 0.1027, 0.0]
        """
        arr = _check_n(n, "Scenario.win_probability")
        scalar = arr.ndim == 0
        log_lo, lo_names = self._failure_lower(arr)
        ub = bound("race.union_chernoff")
        log_up = ub.log_evaluate(n=arr, **self.params_for(ub))
        lower = as_output(-np.expm1(np.asarray(log_up)))
        upper = as_output(-np.expm1(np.asarray(log_lo)))
        lw, _, reach = self._exact_logs(arr)
        exact = self._wrap_exact(np.exp(lw), reach, scalar)
        names = np.array([f"1 - {x}" for x in np.ravel(lo_names)], dtype=object).reshape(np.shape(lo_names))
        return ProbabilityBounds("P(win)", as_output(arr), lower, upper, exact,
                                 "1 - race.union_chernoff", _names(names, scalar), "race.exact")

    def win_probability_at(self, n, eps, *, exact: bool = True) -> ProbabilityBounds:
        r"""$P(\text{aligned wins})$ at points $(n_i, \varepsilon_i)$: this scenario with `eps` replaced point by point.

        The points of a quality–quantity curve (`bounds.Curve`): the bounds and the exact
        values are evaluated for all points at once (points with the same $n$ share the exact
        engine's rows).

        Parameters
        ----------
        n : array_like of int
            Numbers of labels.
        eps : array_like
            Error rates, broadcast against `n`.
        exact : bool
            Also compute the exact values (else `exact` is None).

        Returns
        -------
        ProbabilityBounds
            As `win_probability` returns, at each point.

        Examples
        --------
        >>> import bounds
        >>> s = bounds.Scenario(K=2**10, d=0.2, eps=0.1)
        >>> p = s.win_probability_at([500, 900], [0.1, 0.3])
        >>> bool(abs(p.exact[0] - s.win_probability(500).exact) <= 1e-14)
        True
        """
        arr = _check_n(n, "Scenario.win_probability_at")
        e = PARAMETERS["eps"].validate(eps, where="Scenario.win_probability_at")
        arr, e = np.broadcast_arrays(arr, e)
        log_lo, lo_names = self._failure_lower(arr, e)
        ub = bound("race.union_chernoff")
        log_up = ub.log_evaluate(n=arr, **{**self.params_for(ub), "eps": e})
        ex = None
        if exact:
            lw, reach = np.full(arr.shape, np.nan), arr <= MAX_EXACT_N
            if reach.any():     # one call: P(win) alone (many points of one group: the compiled kernel)
                b = bound("race.exact")
                lw[reach] = log_win_exact(arr[reach], **{**self.params_for(b), "eps": e[reach]})
            ex = self._wrap_exact(np.exp(lw), reach, arr.ndim == 0)
        names = np.array([f"1 - {x}" for x in np.ravel(lo_names)], dtype=object).reshape(np.shape(lo_names))
        return ProbabilityBounds("P(win)", as_output(arr), as_output(-np.expm1(np.asarray(log_up))),
                                 as_output(-np.expm1(np.asarray(log_lo))), ex, "1 - race.union_chernoff",
                                 _names(names, arr.ndim == 0), "race.exact")

    # ---------------------------------------------------------------- labels needed
    def _necessary(self, flat):
        """(passive counts, names, adaptive counts, names, reasons) for 1-d deltas."""
        reasons = {}
        pas, ada = [], []

        def add(lst, vals, name):
            lst.append((_whole_lower(vals), name))

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", (NoSolutionWarning, SolutionOverflowWarning))
            # learner bounds first: where a value ties, the one covering more learners is named
            if self.has_exchangeable_class:
                for bid in ("fano.passive_exact", "fano.capacity_exact"):
                    b = bound(bid)
                    vals = b(delta=flat, **self._learner(b))
                    add(pas, vals, bid)
                    if bid == "fano.capacity_exact":
                        add(ada, vals, bid)
            if self.has_two_point_class:
                lc = bound("two_point.le_cam")
                p = self._learner(lc)
                add(pas, lc.solve("n", delta=flat, **p), "two_point.le_cam")
                add(ada, lc.solve("n", delta=flat, **{**p, "d": 1.0}), "two_point.le_cam (d = 1)")
            duel = bound("duel.two_point")
            add(pas, duel.solve("n", delta=flat, **self.params_for(duel)), "duel.two_point")
            if self.s > 0 and self.has_ordinary:
                add(pas, duel.solve("n", delta=flat, d=self.d, eps=self.eps, alpha=self.alpha), "duel.two_point")
        nec, nec_names = _largest(pas, flat.size)
        if ada:
            nad, nad_names = _largest(ada, flat.size)
        else:
            nad, nad_names = np.zeros(flat.size), np.full(flat.size, "none", dtype=object)
            reasons["necessary (adaptive)"] = (
                f"0: no class of K = {fmt_K(self.K if self._K_given else None, None if self._K_given else self.bits)} "
                f"candidates leaves two of them in doubt when every unaligned one is separated from the aligned one "
                f"with probability d = {self.d:g} > 2/3 (three binary codewords are at most 2/3 apart pairwise), so "
                "a learner that knows the class needs no label to find the aligned policy; the passive count is the "
                "generic objective's own two-point bound"
            )
        if not self.has_exchangeable_class:
            reasons.setdefault("necessary (Fano)", (
                f"Fano's bounds do not apply: no class of these K candidates separates every pair with probability "
                f"d = {self.d:g} > {self.plotkin_limit:.4g} (the Plotkin limit)"
            ))
        return nec, nec_names, nad, nad_names, reasons

    def labels_needed(self, delta, *, exact: bool = True) -> LabelsNeeded:
        r"""Labels needed so that $P(\text{aligned wins}) \ge 1 - \delta$: necessary, exact, sufficient.

        Parameters
        ----------
        delta : float or array_like
            Allowed failure probability, in $(0, 1)$; down to $10^{-300}$ (any shape).
        exact : bool
            Also compute the exact smallest $n$ (a few exact evaluations; searched when the
            exact count is at most `EXACT_SEARCH_MAX_N`).

        Returns
        -------
        LabelsNeeded
            All counts rounded up to whole labels, with the bounds behind them and, for
            every `inf`, 0 or missing value, the reason in words.

        Examples
        --------
        >>> import bounds
        >>> r = bounds.Scenario(K=2**20, d=0.1, eps=0.2).labels_needed(0.05)
        >>> (r.necessary, r.necessary_adaptive, r.sufficient, r.necessary_bound)
        (156.0, 68.0, 835.0, 'fano.passive_exact')
        """
        arr = PARAMETERS["delta"].validate(delta, where="Scenario.labels_needed")
        scalar = arr.ndim == 0
        shape = arr.shape
        flat = np.ravel(arr)
        nec, nec_names, nad, nad_names, reasons = self._necessary(flat)
        ub = bound("race.union_chernoff")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # every inf / overflow gets its reason below
            x = np.asarray(ub.solve("n", delta=flat, **self.params_for(ub)), float)
            suff = _whole_upper(ub, x, flat, self.params_for(ub))
        margin = self.margin
        if margin <= 0:
            why = _margin_words(self)
            reasons["sufficient"] = f"inf: {why}"
            reasons["exact"] = "inf: the exact failure probability tends to 1 as n grows (or stays >= 1/2)"
        huge = ("inf: more labels than the largest float (1.8e308): the separation d or the margin is so small "
                "that each label carries almost nothing")
        if margin > 0 and np.any(np.isinf(suff)):
            reasons["sufficient"] = huge
        informative = float(kernels.bias_alpha(self.eps, self.alpha)) != 0.0
        if margin > 0 and informative and np.any(np.isinf(nec)):
            reasons["necessary"] = huge
        if np.any(nec == 0):
            at = ", ".join(f"{x:g}" for x in flat[nec == 0][:3])
            reasons.setdefault("necessary", (
                f"0 at delta = {at}: no bound needs a label there — a coin flip between the aligned policy and its "
                f"closest rival already fails with probability <= 1/2 <= delta, and Fano's bound is 0 from "
                f"delta >= 1 - 1/K on (guessing among the K candidates)"))
        if np.any(np.isinf(nec)):
            names = set(np.asarray(nec_names, dtype=object)[np.isinf(nec)])
            if "duel.two_point" in names:
                reasons.setdefault("necessary", (
                    "inf: with no margin against its weakest rival the generic objective loses that duel with "
                    "probability at least 1/2 whatever the number of labels (duel.two_point), so no n reaches "
                    "delta < 1/2"))
            else:
                reasons.setdefault("necessary", (
                    "inf: the labels carry no information (q_alpha = 1/2 exactly), so no learner identifies the "
                    "aligned policy"))
        ex, status = self._exact_counts(flat, suff, nec, exact, reasons)
        with np.errstate(all="ignore"):
            ratio = np.where(nec > 0, suff / nec, np.inf)
        ratio = np.where(np.isinf(suff) & np.isinf(nec), 1.0, ratio)
        if scalar:
            return LabelsNeeded(float(arr), float(nec[0]), float(nad[0]),
                                None if ex is None else (None if np.ma.is_masked(ex[0]) else float(ex[0])),
                                float(suff[0]), float(ratio[0]), str(nec_names[0]), str(nad_names[0]),
                                "race.union_chernoff", reasons, str(status[0]))
        exr = None if ex is None else ex.reshape(shape)
        if exr is not None and not np.ma.getmaskarray(exr).any():
            exr = np.ma.getdata(exr)
        return LabelsNeeded(arr, nec.reshape(shape), nad.reshape(shape), exr, suff.reshape(shape),
                            ratio.reshape(shape), nec_names.reshape(shape), nad_names.reshape(shape),
                            "race.union_chernoff", reasons, status.reshape(shape))

    def _exact_counts(self, flat, suff, nec, exact, reasons):
        status = np.full(flat.size, "computed", dtype=object)
        if not exact:
            status[:] = "skipped"
            reasons["exact"] = "not computed (labels_needed(..., exact=False))"
            return None, status
        vals = np.full(flat.size, np.nan)
        mask = np.zeros(flat.size, bool)
        b = bound("race.exact")
        for i, dl in enumerate(flat):
            if not math.isfinite(suff[i]):
                if self.margin > 0:  # finite, but beyond the largest float
                    mask[i] = True
                    status[i] = "out of reach"
                    reasons["exact"] = f"out of reach at delta={dl:g}: more labels than the largest float"
                else:
                    vals[i] = math.inf
                continue
            hi = min(suff[i], EXACT_SEARCH_MAX_N)
            if suff[i] > EXACT_SEARCH_MAX_N and b.log_evaluate(n=hi, **self.params_for(b)) > math.log(dl):
                mask[i] = True
                status[i] = "out of reach"
                reasons["exact"] = (f"out of reach at delta={dl:g}: more than {EXACT_SEARCH_MAX_N:,} labels "
                                    f"(exact evaluations beyond that take seconds each)")
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", NoSolutionWarning)
                vals[i] = b.solve("n", delta=dl, **self.params_for(b))
        return np.ma.masked_array(vals, mask=mask), status

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
        r = self.labels_needed(np.atleast_1d(np.asarray(delta, dtype=float)).ravel())
        ex = r.exact
        if np.ma.isMaskedArray(ex):
            mask = np.ma.getmaskarray(ex)
            ex = ex.filled(np.nan)
        else:
            ex = np.asarray(ex, dtype=float)
            mask = np.zeros(ex.shape, bool)
        return Comparison(self, np.asarray(r.delta), np.asarray(r.necessary), ex, np.asarray(r.sufficient),
                          np.asarray(r.necessary_bound), mask)

    def _shown(self) -> list:
        """(name, value as text) of the parameters a repr shows: alpha and systematic error when set."""
        K = fmt_K(self.K, None) if self._K_given else fmt_K(None, self.bits)
        shown = [("K", f"{K} ({self.bits:.4g} bits)"), ("d", f"{self.d:g}"), ("eps", f"{self.eps:g}")]
        if self.alpha:
            shown.append(("alpha", f"{self.alpha:g}"))
        if self.s:
            shown += [("s", f"{self.s:g}"), ("q_hard", f"{self.q_hard:g}"), ("K_dec", f"{self.K_dec:g}")]
        return shown

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v}" for k, v in self._shown())
        text = f"Scenario({args}; margin {self.margin:.4g})"
        return text if len(text) <= WIDTH else wrap(text, indent="", hang=" " * len("Scenario("))

    def _repr_html_(self) -> str:
        shown = self._shown() + [("margin", f"{self.margin:.4g}")]
        return html_table([k for k, _ in shown], [[v for _, v in shown]], caption="Scenario")


# ---------------------------------------------------------------------- helpers
def _scalar(name, value, where) -> float:
    arr = PARAMETERS[name].validate(value, where=where)
    if arr.ndim != 0:
        raise ParameterTypeError(f"Scenario {name} must be a single number, got an array of shape {arr.shape}; use bounds.sweep for grids")
    return float(arr)


def _check_n(n, where):
    arr = PARAMETERS["n"].validate(n, where=where)
    bad = np.floor(arr) != arr
    if np.any(bad):
        v = float(np.ravel(arr[bad] if arr.ndim else arr)[0])
        raise ParameterValueError(f"n={v!r} in {where} must be an integer number of labels")
    return arr


def _names(names, scalar):
    names = np.asarray(names, dtype=object)
    return str(names.reshape(-1)[0]) if scalar else names


def _whole_lower(x):
    """Whole labels from a lower bound x: ceil(x), never above it by more than rounding (1e-9 relative)."""
    x = np.asarray(x, float)
    with np.errstate(invalid="ignore"):
        return np.where(np.isfinite(x), np.ceil(x * (1 - 1e-9)), x) + 0.0


def _whole_upper(b, x, delta, params):
    """Whole labels that suffice: ceil(x), or one fewer where the bound already meets delta there."""
    n = np.where(np.isfinite(x), np.ceil(x), x)
    fewer = np.isfinite(n) & (n >= 1)
    if fewer.any():
        at = b.log_evaluate(n=np.where(fewer, n - 1, 0.0), **params)
        n = np.where(fewer & (at <= np.log(delta)), n - 1, n)
    return n + 0.0


def _largest(cands, size):
    vals = np.stack([np.broadcast_to(v, (size,)) for v, _ in cands])
    which = np.argmax(vals, axis=0)
    names = np.array([nm for _, nm in cands], dtype=object)[which]
    return vals[which, np.arange(size)], names


def _margin_words(s: Scenario) -> str:
    at = {"eps": s.eps, "alpha": s.alpha, "s": s.s, "q_hard": s.q_hard}
    why = margin_reason(at, deceptive=True)
    if not why and s.has_ordinary:
        why = margin_reason({"eps": s.eps, "alpha": s.alpha}, deceptive=False)
    return f"no finite number of labels suffices (margin {s.margin:.4g} <= 0). {why}".strip()
