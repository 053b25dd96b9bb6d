r"""The exact engine's searches: the smallest $n$, and the largest $K$, with exact $P(\mathrm{lose}) \le \delta$.

`smallest_n` (the smallest $n$ with $P(\mathrm{lose}) \le \delta$) takes secant steps on
$\log P(\mathrm{lose})$ over odd and even $n$ separately, several $n$ per batch of rows;
`largest_K` takes secant steps on $\log K$, reusing the rows (they do not depend on $K$).
Both are bracketed and safeguarded by bisection, so their time is bounded for any answer.

Examples
--------
>>> import math
>>> from bounds._exact import latent_parameters
>>> from bounds._exact.search import smallest_n
>>> smallest_n(math.log(0.01), math.log(2), 0, *latent_parameters(1.0, 0.1), hi=30)
5
"""
from __future__ import annotations

import math
from collections import namedtuple

import numpy as np

from .evaluate import evaluate
from .latent import LOG_EXACT_K, MAX_EXACT_N, Latent, group_sizes
from .logspace import n_log_u
from .parameters import check_groups, check_pair, reject

__all__ = ["smallest_n", "LargestK", "largest_K"]

#: Up to this n, `smallest_n` does not rely on P(lose) being monotone within a parity class.
_SCAN_N = 64


def _scalar_model(where, m, qc, qcc, ordinary, deceptive):
    """One `Latent` from scalar parameters (validated)."""
    qc, qcc = check_pair(where, "q_c", qc, qcc)
    g0, g1 = check_groups(where, ordinary, deceptive)
    vals = [qc, qcc, m] + list(g0) + (list(g1) if g1 is not None else [])
    if any(np.ndim(v) != 0 for v in vals):
        reject(where, "the model parameters must be scalars")
    m = float(m)
    if g1 is None and m != 0:
        reject(where, f"m = {m!r} deceptive policies need the deceptive group's parameters "
                      f"(deceptive=None)")
    return Latent(float(qc), float(qcc), [tuple(map(float, g0)),
                                          None if g1 is None else tuple(map(float, g1))])


def _int_arg(where, name, v, low, high):
    """`v` as an int, checked to be an integer in [low, high]."""
    f = float(v)
    if not (math.isfinite(f) and f == math.floor(f) and low <= f <= high):
        reject(where, f"{name} must be an integer in [{low}, {high}], got {v!r}")
    return int(f)


def _log_win_upper(model, sizes, ns):
    """Rigorous upper bounds of log P(win) for each n of `ns`: the per-c Chernoff bounds
    of `evaluate` summed over every c (so 1 - e^that is a lower bound of P(lose))."""
    ns = np.asarray(ns, dtype=float)
    lens = (ns + 1).astype(np.intp)
    off = np.concatenate([[0], np.cumsum(lens)[:-1]])
    nn = np.repeat(ns, lens)
    c = np.arange(nn.size, dtype=float) - np.repeat(off, lens)
    b = nn - c
    tot = sum(n_log_u(sizes.l[g], model.groups[g].ub_gt(c, b)) for g in sizes.active)
    B = model.lpc_fast(nn, c, b) + tot * (1.0 - 1e-12)     # margin as in `evaluate`
    mx = np.maximum.reduceat(B, off)
    mxf = np.where(np.isfinite(mx), mx, 0.0)
    with np.errstate(divide="ignore", under="ignore", invalid="ignore"):
        tot = np.log(np.add.reduceat(np.exp(B - np.repeat(mxf, lens)), off)) + mxf
        return np.where(np.isfinite(tot), tot + 1e-12 * (1.0 + np.abs(tot)), tot)  # rounding


def _root_estimate(known, p, slope):
    """Where log P(lose) - target crosses 0 along n of parity p (a real n), or None.

    From the evaluated points of that parity (else of both): the parabola through the
    three nearest the crossing (log P(lose) is close to linear in n, with a slight
    curvature), else the secant through two, else a step from the one point along the
    Chernoff slope.
    """
    mine = [(k, g) for k, g in known.items() if k % 2 == p and math.isfinite(g)]
    both = [(k, g) for k, g in known.items() if math.isfinite(g)]
    for pts in (mine, both):
        if len(pts) < 2:
            continue
        pts = sorted(pts, key=lambda x: abs(x[1]))
        (n1, g1), (n2, g2) = pts[0], pts[1]
        if g1 == g2:
            continue
        r = n1 - g1 * (n2 - n1) / (g2 - g1)
        if len(pts) >= 3:
            n3, g3 = pts[2]
            # Newton form: g = g1 + f12 (n - n1) + f123 (n - n1)(n - n2)
            f12 = (g2 - g1) / (n2 - n1)
            f23 = (g3 - g2) / (n3 - n2) if n3 != n2 else f12
            f123 = (f23 - f12) / (n3 - n1) if n3 != n1 else 0.0
            # as a quadratic in u = n - r: g = f123 u^2 + B u + C
            B = f12 + f123 * ((r - n1) + (r - n2))
            C = g1 + f12 * (r - n1) + f123 * (r - n1) * (r - n2)
            disc = B * B - 4.0 * f123 * C
            if B != 0.0 and disc >= 0.0:
                u = -2.0 * C / (B + math.copysign(math.sqrt(disc), B))
                lo_, hi_ = min(n1, n2, n3), max(n1, n2, n3)
                if lo_ - (hi_ - lo_) <= r + u <= hi_ + (hi_ - lo_):
                    r = r + u
        return r
    if both:
        n1, g1 = min(both, key=lambda x: abs(x[1]))
        s = slope - 0.5 / max(n1, 1)            # d/dn of n log(rho) - log(n)/2
        if s < 0:
            return n1 - g1 / s
    return None


def smallest_n(target_log_lose, log_K, m, qc, qcc, ordinary, deceptive=None, *, hi, lo=0,
               rtol=1e-13, full_output=False):
    r"""The smallest number of labels $n$ in $[$`lo`, `hi`$]$ with exact $P(\mathrm{lose}) \le e^{t}$.

    $t$ = `target_log_lose`; $n$ counts as feasible when $\log P(\mathrm{lose}) \le t +
    $ `rtol` $\max(1, |t|)$ (so a target computed from $P(\mathrm{lose})$ at some $n$
    is reached at that $n$ whatever its last bit).

    $P(\mathrm{lose})$ is not monotone in $n$: when ties are possible (e.g. $d = 1$,
    where an even $n$ can end in a tie, and ties lose) an even $n$ can be worse than the
    odd $n - 1$. Above 64 labels the search relies on monotonicity *within each parity
    class*: $P(\mathrm{lose})$ at $n + 2$ is at most that at $n$ (what makes the feasible
    $n$ of each parity an interval up to `hi`; the tests check it by brute force on
    random models with a positive margin). In the first few dozen labels, where
    $P(\mathrm{lose})$ is close to 1, it can fail (lattice effects, e.g. $d = 0.5$,
    $\varepsilon = 0.45$, $K = 1000$: $n = 12$ is worse than $n = 10$), so every $n \le 64$
    below the answer is either shown infeasible by the Chernoff bound on
    $P(\mathrm{win})$ or computed. The search treats odd and even $n$ separately, by
    secant (then parabolic) steps on $\log P(\mathrm{lose})$, which is nearly linear in
    $n$, bracketed and safeguarded by bisection; the first batch is `hi` and two points
    1.5 and 3 nats below it along the Chernoff slope, the next the four $n$ around the
    estimate (both parities, and the neighbours that certify the answer). Typically 2
    batches, 7 evaluations.

    Parameters
    ----------
    target_log_lose : float
        $t = \log \delta$, the log of the allowed failure probability.
    log_K, m, qc, qcc, ordinary, deceptive
        The model, scalars, as for `latent_race_log_probs`.
    hi : int
        A feasible $n$ such that every $n \ge$ `hi` is feasible too (e.g. the
        Chernoff union bound's answer: that bound is non-increasing in $n$).
    lo : int, optional
        No $n <$ `lo` is feasible (e.g. from a lower bound); default 0.
    rtol : float, optional
        Relative slack of the comparison with the target.
    full_output : bool, optional
        Also return a dict of statistics: `evaluations` (values of $n$ computed),
        `batches` (rounds of the search), `row_batches` (calls of the row kernel).

    Returns
    -------
    int or (int, dict)
        The smallest feasible $n$ in $[$`lo`, `hi`$]$ (and the statistics).

    Raises
    ------
    ValueError
        If `hi` is not feasible, `lo`/`hi` are not integers with
        $0 \le$ `lo` $\le$ `hi` $\le$ `MAX_EXACT_N`, or the model is invalid.

    Examples
    --------
    $K = 2^{20}$, $d = 0.1$, $\varepsilon = 0.2$, $\delta = 0.05$ (Chernoff's union bound
    says 835 labels suffice):

    >>> import math
    >>> from bounds._exact import latent_parameters
    >>> p = latent_parameters(0.1, 0.2)
    >>> smallest_n(math.log(0.05), 20 * math.log(2), 0, *p, hi=835)
    711

    The majority vote ($d = 1$, $K = 2$): an even number of labels can tie, so the
    smallest $n$ is odd here, $P(\mathrm{Bin}(5, 0.9) \le 2) = 0.0086 \le 0.01$:

    >>> smallest_n(math.log(0.01), math.log(2), 0, *latent_parameters(1.0, 0.1), hi=30)
    5
    """
    where = "smallest_n"
    t = float(target_log_lose)
    if math.isnan(t):
        reject(where, "target_log_lose must be a number, got nan")
    hi = _int_arg(where, "hi", hi, 0, MAX_EXACT_N)
    lo = _int_arg(where, "lo", lo, 0, hi)
    model = _scalar_model(where, m, qc, qcc, ordinary, deceptive)
    search = _NSearch(model, group_sizes(log_K, m), t, rtol * max(1.0, abs(t)) if math.isfinite(t) else 0.0)
    if t >= 0.0:
        best = lo                               # P(lose) <= 1 always
    elif hi <= _SCAN_N:                         # few small n: look at every one
        best = search.scan(lo, hi)
    else:
        best = search.search(lo, hi)
    return (best, dict(search.stats, row_batches=model.calls)) if full_output else best


class _NSearch:
    """The state of `smallest_n`: the model, the target, and g(n) = log P(lose) - target
    (minus the slack) at every n computed so far; n is feasible where g(n) <= 0."""

    def __init__(self, model, sizes, t, slack):
        self.model, self.sizes, self.t, self.slack = model, sizes, t, slack
        self.known = {}
        self.stats = {"evaluations": 0, "batches": 0}

    def run(self, pts):
        """Evaluate the n of `pts` not yet known, in one batch of rows."""
        pts = sorted({p for p in pts if p not in self.known})
        if pts:
            got = evaluate(self.model, pts, self.sizes, "lose")
            self.stats["evaluations"] += len(pts)
            self.stats["batches"] += 1
            for p in pts:
                self.known[p] = got[p][1] - self.t - self.slack

    def _hi_infeasible(self, hi, why=""):
        reject("smallest_n", f"hi = {hi} is not feasible: log P(lose) = "
                             f"{self.known[hi] + self.t + self.slack:.10g} > target {self.t:.10g}{why}")

    def scan(self, lo, hi):
        """The first feasible n of lo..hi, every one computed."""
        self.run(range(lo, hi + 1))
        feas = [k for k in range(lo, hi + 1) if self.known[k] <= 0]
        if not feas:
            self._hi_infeasible(hi)
        return feas[0]

    def search(self, lo, hi):
        """The first feasible n of lo..hi by secant steps within each parity class."""
        model = self.model
        slope = max(model.groups[g].chernoff_rate(model.lqc, model.lqcc) for g in self.sizes.active)
        # first batch: hi and two points of its parity 1.5 and 3 nats below it along the
        # Chernoff slope (the Chernoff bound that usually gives hi is a few nats loose)
        step = int(round(1.5 / -slope)) if slope < 0 else (hi - lo) // 4
        self.run({hi} | {min(max(hi - 2 * ((i * step + 1) // 2), lo), hi) for i in (1, 2)})
        if self.known[hi] > 0:
            self._hi_infeasible(hi, "; hi must be a number of labels from which on P(lose) is at most "
                                    "the target (e.g. from the Chernoff union bound)")
        best = self._by_parity(lo, hi, slope)
        return self._check_small(lo, best)

    def _by_parity(self, lo, hi, slope):
        """The first feasible n, assuming feasibility monotone within each parity class."""
        st = {}
        for p in (0, 1):
            jlo = -((p - lo) // 2)                  # smallest j with 2j + p >= lo
            jhi = (hi - p) // 2
            # bracket (L infeasible, H feasible) on n = 2j + p, possibly virtual ends:
            # n < lo, n = hi + 1
            st[p] = {"L": jlo - 1, "H": jhi if 2 * jhi + p == hi else jhi + 1, "w": []}
        while True:
            for p in (0, 1):
                self._tighten(st[p], p)
            # a parity class is settled when its bracket is closed, or when even its first
            # candidate cannot beat the other class's settled answer
            best = min((2 * st[p]["H"] + p for p in (0, 1) if st[p]["H"] - st[p]["L"] <= 1),
                       default=math.inf)
            props = [n for p in (0, 1) for n in self._proposals(st[p], p, best, slope)]
            if not props:
                break
            self.run(props)
        return int(min(2 * st[p]["H"] + p for p in (0, 1)))

    def _tighten(self, S, p):
        """Narrow the bracket S of parity p to the points known."""
        for k, g in self.known.items():
            if k % 2 == p:
                j = (k - p) // 2
                if g <= 0:
                    S["H"] = min(S["H"], j)
                else:
                    S["L"] = max(S["L"], j)

    def _proposals(self, S, p, best, slope):
        """The next n of parity p to evaluate (none once the class is settled): the two
        around the root estimate, or the bracket's midpoint when it shrinks too slowly."""
        L, H = S["L"], S["H"]
        if H - L <= 1 or 2 * (L + 1) + p > best:
            return []
        S["w"].append(H - L)
        r = _root_estimate(self.known, p, slope)
        if r is None or (len(S["w"]) >= 3 and S["w"][-1] > S["w"][-3] // 2):
            cand = [(L + H) // 2]               # safeguard: the bracket halves
        else:
            j = math.ceil((r - p) / 2.0)        # the first n of parity p past the estimate
            cand = [j - 1, j]
        return [2 * j + p for j in sorted({min(max(j, L + 1), H - 1) for j in cand})]

    def _check_small(self, lo, best):
        """P(lose) need not be monotone within a parity class in the first few dozen labels,
        where it is close to 1 (lattice effects): there every n below the answer is either
        shown infeasible by the Chernoff bound on P(win) or computed."""
        small = np.arange(lo, min(best, _SCAN_N + 1))
        if small.size:
            lwu = _log_win_upper(self.model, self.sizes, small)
            with np.errstate(divide="ignore"):
                unsure = small[~(lwu < math.log(-math.expm1(self.t + self.slack)))]
            if unsure.size:
                self.run(unsure.tolist())
                feas = [int(k) for k in unsure if self.known[int(k)] <= 0]
                if feas:
                    best = min(best, feas[0])
        return best


LargestK = namedtuple("LargestK", ["K", "log_K"])
LargestK.__doc__ = r"""Answer of `largest_K`: `K` (a float: an exact integer below $2^{53}$,
rounded above, `inf` past the largest double) and `log_K`, its natural log."""


def largest_K(target_log_lose, n, m, qc, qcc, ordinary, deceptive=None, *, log_K_max=None,
              rtol=1e-13, full_output=False):
    r"""The largest number of policies $K$ with exact $P(\mathrm{lose}) \le e^{t}$ after $n$ labels.

    $t$ = `target_log_lose`, compared with the same slack as in `smallest_n`. The $m$
    deceptive policies are fixed, so $K - 1 - m$ ordinary ones are added as $K$ grows,
    and $P(\mathrm{lose})$ is non-decreasing in $K$. Since $\log P(\mathrm{lose})$ is
    close to linear in $\log K$ (slope 1 while it is small), the search takes secant
    steps on $\log K$, first expanding (by at least doubling steps) until the target is
    bracketed, then safeguarded by bisection; below $2^{44}$ it works on integers $K$
    and ends with two neighbours $K$, $K + 1$. The number of evaluations is bounded
    (about 200 in the worst case, typically 5 to 10) for any answer up to
    `log_K_max`, and the rows of the exact sum, which do not depend on $K$, are
    computed once and reused.

    Parameters
    ----------
    target_log_lose : float
        $t = \log \delta$.
    n : int
        Number of labels, $0 \le n \le$ `MAX_EXACT_N`.
    m, qc, qcc, ordinary, deceptive
        The model, scalars, as for `latent_race_log_probs` (`m` finite).
    log_K_max : float, optional
        Largest $\log K$ considered; default $10^6 \log 2$ ($K = 2^{10^6}$).
    rtol : float, optional
        Relative slack of the comparison with the target.
    full_output : bool, optional
        Also return a dict with the number of `evaluations`.

    Returns
    -------
    LargestK or (LargestK, dict)
        `(K, log_K)`. Above $2^{44}$ the answer is resolved to the precision of
        $\log K$ (relative $\sim 10^{-15}$ in $\log K$). No feasible $K$ (not even
        $\max(2, m + 1)$): `(0.0, -inf)`; feasible at `log_K_max`: `(inf, inf)`.

    Raises
    ------
    ValueError
        For an invalid `n`, `m` or model.

    Examples
    --------
    The largest race that 711 labels win with probability 0.95 at $d = 0.1$,
    $\varepsilon = 0.2$ (compare `smallest_n`: $K = 2^{20}$ needs 711):

    >>> import math
    >>> from bounds._exact import latent_parameters
    >>> r = largest_K(math.log(0.05), 711, 0, *latent_parameters(0.1, 0.2))
    >>> r.K, round(r.log_K / math.log(2), 3)
    (1052573.0, 20.005)

    Answers far beyond the doubles: with nearly perfect labels and $d = 1/2$ an
    unaligned policy survives $n$ labels with probability about $2^{-n}$, so 3000 labels
    keep the chance of losing below 5% against about $0.05 \cdot 2^{3000} \approx 2^{2996}$
    policies:

    >>> r = largest_K(math.log(0.05), 3000, 0, *latent_parameters(0.5, 1e-9))
    >>> r.K, round(r.log_K / math.log(2))
    (inf, 2996)
    """
    where = "largest_K"
    t = float(target_log_lose)
    if math.isnan(t):
        reject(where, "target_log_lose must be a number, got nan")
    n = _int_arg(where, "n", n, 0, MAX_EXACT_N)
    mf = float(m)
    if not (math.isfinite(mf) and mf >= 0 and mf == math.floor(mf)):
        reject(where, f"m must be a finite integer >= 0, got {m!r}")
    model = _scalar_model(where, mf, qc, qcc, ordinary, deceptive)
    xmax = 1e6 * math.log(2.0) if log_K_max is None else float(log_K_max)
    x_min = math.log(max(2.0, mf + 1.0))
    if not xmax >= x_min:
        reject(where, f"log_K_max = {xmax!r} is below log max(2, m + 1) = {x_min!r}")
    search = _KSearch(model, n, mf, t, rtol * max(1.0, abs(t)) if math.isfinite(t) else 0.0)
    if search.f(x_min) > 0:
        x = -math.inf                             # not even the smallest K
    else:
        bracket = search.expand(x_min, xmax)
        x = math.inf if bracket is None else search.refine(*bracket)
    out = LargestK(_K_of(x), x)
    return (out, {"evaluations": len(search.vals)}) if full_output else out


def _K_of(x):
    """K from its log x: an exact integer below 2^44, else rounded down (inf past the doubles)."""
    if x == -math.inf:
        return 0.0
    if x == math.inf:
        return math.inf
    if x < LOG_EXACT_K:
        return float(round(math.exp(x)))
    return math.floor(math.exp(x)) if x < 709.0 else math.inf


def _snap(x, lo, hi):
    """x moved to the log of an integer (below 2^44), strictly inside (lo, hi); None if
    there is no such point (hi None: no upper end)."""
    if x < LOG_EXACT_K:
        K = float(round(math.exp(x)))
        KL = float(round(math.exp(lo)))
        KH = math.inf if hi is None else float(round(math.exp(hi))) \
            if hi < LOG_EXACT_K else math.inf
        K = min(max(K, KL + 1.0), KH - 1.0)
        if K <= KL:
            return None
        return math.log(K)
    if hi is not None and not lo < x < hi:
        x = lo + (hi - lo) / 2.0
        if not lo < x < hi:
            return None
    return x


class _KSearch:
    """The state of `largest_K`: g(x) = log P(lose) - target (minus the slack) at
    x = log K, for every x computed so far (the rows are shared: they do not depend on K)."""

    def __init__(self, model, n, m, t, slack):
        self.model, self.n, self.m, self.t, self.slack = model, n, m, t, slack
        self.vals = {}

    def f(self, x):
        """g at x = log K (feasible where <= 0)."""
        if x not in self.vals:
            got = evaluate(self.model, [self.n], group_sizes(x, self.m), "lose")
            self.vals[x] = got[self.n][1] - self.t - self.slack
        return self.vals[x]

    def expand(self, xL, xmax):
        """From the feasible xL, steps of at least doubling length until the target is
        bracketed: (xL, gL, xH, gH), or None when even `xmax` is feasible."""
        gL = self.f(xL)
        step = math.log(2.0)
        while True:
            step = max(2.0 * step, -gL)               # slope ~1 in log K, at least doubling
            x = xL + step
            x = xmax if x >= xmax else _snap(x, xL, None)
            if x is None or x <= xL:
                x = xmax
            g = self.f(x)
            if g > 0:
                return xL, gL, x, g
            if x >= xmax:
                return None
            xL, gL = x, g

    def refine(self, xL, gL, xH, gH):
        """The largest feasible x in the bracket: regula falsi (Illinois), every third
        step a bisection; on integers K below 2^44, to neighbours K, K + 1."""
        last = None
        for it in range(400):
            if xH < LOG_EXACT_K:
                if round(math.exp(xH)) - round(math.exp(xL)) <= 1:
                    break
            elif xH - xL <= 8e-16 * xH:
                break
            if it % 3 == 2 or not (math.isfinite(gL) and math.isfinite(gH)) or gH == gL:
                x = xL + (xH - xL) / 2.0                 # safeguard: bisection
            else:                                        # regula falsi, Illinois variant
                x = (xL * gH - xH * gL) / (gH - gL)
            x = _snap(x, xL, xH)
            if x is None:
                break
            g = self.f(x)
            if g <= 0:
                xL, gL = x, g
                if last == "L":
                    gH /= 2.0
                last = "L"
            else:
                xH, gH = x, g
                if last == "H":
                    gL /= 2.0
                last = "H"
        return xL
