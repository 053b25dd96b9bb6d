r"""The outer sum of the exact engine: $P(\mathrm{win})$ and $P(\mathrm{lose})$ for several $n$ of one model.

*Per $c$.* With $\Lambda_g = \log(-\log(1 - G_g))$,
$\log \mathrm{win}_c = -\exp(\mathrm{logaddexp}_g(\log N_g + \Lambda_g))$ (group sizes
in log, so $N = e^{10^6}$ is fine). $1 - G$ is summed directly as $P(X > Y)$ wherever a
Chernoff bound cannot rule out $G > 0.985$ and $P(\mathrm{win})$ is asked for (below
that, $1 - G$ loses at most a factor 70 of relative precision), so both probabilities
are accurate relative to themselves. By the mean value theorem the win (and lose)
probability moves by at most
$\sum_g N_g U_g^{N_g-1} \prod_{h \ne g} U_h^{N_h}\,e_g$, where $e_g$ is the inner bound
and $U_g$ bounds $1 - G_g$ between the truth and the estimate.

*Outer sum over $c$.* Only the values of $c$ that matter are computed: a window for
$P(\mathrm{lose})$ and one for $P(\mathrm{win})$, chosen from rigorous per-$c$ upper
bounds, computed for every $c$ in closed form:

* $\mathrm{lose}_c \le \min(1, \sum_g N_g\,\bar G_g(c))$ (union over the non-empty
  groups, sizes in log) and $\mathrm{win}_c \le \prod_g (\overline{1-G_g}(c))^{N_g}$,
  where $\bar G$ and $\overline{1-G}$ are the Chernoff bounds of `bounds._exact.latent.Group`;
* monotonicity: $G$ and $G'$ decrease in $c$ for any $r_1, r_2$ (one more correct label
  moves a trial from $Y$ to $X$), so $\mathrm{lose}_c \le \mathrm{lose}_{c_{hi}}$ beyond
  the window and $\mathrm{win}_c \le \mathrm{win}_{c_{lo}}$ before it, times the tail of
  $C$ (summed from table pmfs with a margin).

The dropped part of the outer sum is bounded by the smaller of the two on each side. The
windows are widened until all of this, plus the inner bounds, is at most $10^{-14}$ times
the computed probability (normally at the first try). The rows of every $n$ asked for
are computed in one batch of `bounds._exact.rows.le_rows`.

Examples
--------
>>> import math
>>> from bounds._exact.evaluate import evaluate
>>> from bounds._exact.latent import Latent, group_sizes
>>> model = Latent(0.9, 0.1, [(1.0, 0.0, 1.0, 0.0), None])      # d = 1: a majority vote
>>> lw, ll, err = evaluate(model, [3], group_sizes(math.log(2), 0))[3]
>>> round(math.exp(ll), 12)                                      # P(Bin(3, 0.9) <= 1)
0.028
"""
from __future__ import annotations

import math

import numpy as np

from .logspace import log1mexp_neg, log_add_exp, log_neglog1m, log_sum_exp, n_log_u

__all__ = ["evaluate"]

#: Target relative truncation error of each probability.
_RTOL = 1e-14
#: Up to this n every c is computed (no bounds, no windows): small n are cheap.
_ALL_ROWS_N = 64
_LOG_RTOL = math.log(_RTOL)
_LOG_0985 = math.log(0.985)
_LOG_0015 = math.log(0.015)
_LOG_HALF = math.log(0.5)
_LOG_2 = math.log(2.0)


def _window(B, lt):
    """Smallest-ish [lo, hi] with sum of e^B outside at most e^lt (B over c = 0..n)."""
    am = int(np.argmax(B))
    mx = float(B[am])
    if mx == -np.inf:
        return 1, 0                                     # nothing: an empty window
    with np.errstate(under="ignore", over="ignore"):
        w = np.exp(B - mx)
        thr = math.exp(min(lt - mx, 700.0)) / 2.0
    lo = int(np.searchsorted(np.cumsum(w), thr, side="right"))
    hi = B.size - 1 - int(np.searchsorted(np.cumsum(w[::-1]), thr, side="right"))
    return min(lo, am), max(hi, am)


def _assemble(sizes, gvals):
    """Per row: log lose_c, log win_c and the log of a bound on their error, from the
    rows of each non-empty group: {g: (le, err_le, gt, err_gt, use_le)}."""
    L, lam, logU, e = [], {}, {}, {}
    for g, (le, ele, gt, egt, use_le) in gvals.items():
        with np.errstate(divide="ignore", invalid="ignore"):
            lG = np.where(use_le, le, np.log1p(-np.exp(gt)))
            l1mG = np.where(use_le, np.log1p(-np.exp(le)), gt)
            e[g] = np.where(use_le, ele, egt)
            # an upper bound on 1 - G' for every G' between the truth and the estimate
            # (a truncated sum is below its truth)
            logU[g] = np.where(use_le, l1mG, np.logaddexp(gt, egt))
        lam[g] = log_neglog1m(lG, l1mG)
        L.append(sizes.l[g] + lam[g])
    L = np.logaddexp.reduce(L, axis=0)
    with np.errstate(over="ignore"):
        lwin = -np.exp(L)
    llose = log1mexp_neg(L)
    # mean value theorem: |d win / d G_g| <= N_g U_g^(N_g - 1) prod_{h != g} U_h^(N_h)
    terms = []
    for g in gvals:
        t = sizes.l[g] + e[g] + n_log_u(sizes.lm1[g], logU[g])
        for h in gvals:
            if h != g:
                t = t + n_log_u(sizes.l[h], logU[h])
        terms.append(t)
    lerr = np.logaddexp.reduce(terms, axis=0)
    return llose, lwin, np.where(np.isnan(lerr), np.inf, lerr)


def _row_values(model, sizes, c, b, wrow):
    """Per row (c correct labels, b = n - c wrong ones): log lose_c, log win_c and the log
    of a bound on their error; `wrow` marks the rows where win_c must be accurate."""
    grps = model.groups
    reqs, need = [], {}
    for g in sizes.active:
        # G >= 0.985 for sure: sum 1 - G directly (G follows to absolute accuracy,
        # enough: lose_c >= G then); 1 - G also where win_c must be accurate
        big = grps[g].ub_gt(c, b) <= _LOG_0015
        need_le = ~big
        need_gt = big | (wrow & (grps[g].ub_le(c, b) > _LOG_0985))
        need[g] = (need_le, need_gt)
        reqs += [(g, "le", c[need_le], b[need_le]), (g, "gt", c[need_gt], b[need_gt])]
    got = iter(model.fetch(reqs))
    gvals = {}
    for g in sizes.active:
        need_le, need_gt = need[g]
        (v1, e1), (v2, e2) = next(got), next(got)
        le, ele, gt, egt = (np.full(c.shape, np.nan) for _ in range(4))
        le[need_le], ele[need_le] = v1, e1
        gt[need_gt], egt[need_gt] = v2, e2
        use_le = need_le & (~need_gt | (le < _LOG_HALF))
        gvals[g] = (le, ele, gt, egt, use_le)
    return _assemble(sizes, gvals)


def _per_c_bound(model, sizes, n, lpcf, kind):
    """log of rigorous upper bounds of pC(c) lose_c (`kind` "lose") or pC(c) win_c
    ("win") for c = 0..n, from the Chernoff bounds of each group."""
    if kind == "lose":
        ul = [sizes.l[g] + model.ub(g, "le", n) for g in sizes.active]
        return lpcf + np.minimum(0.0, np.logaddexp.reduce(ul, axis=0))
    tot = sum(n_log_u(sizes.l[g], model.ub(g, "gt", n)) for g in sizes.active)
    # N log(bound) with N up to e^(10^6): a margin for its relative rounding
    return lpcf + tot * (1.0 - 1e-12)


class _Batch:
    """The rows of every pending n, concatenated and computed together.

    `segs` lists (outer sum, first c computed, offset of its rows); `lpc`, `val` (log
    lose_c and log win_c by kind), `llose`, `lwin` and `lerr` are per row (None when no
    row was needed).
    """

    def __init__(self, model, sizes, pending, kinds):
        self.segs, cs, nns, wrows = [], [], [], []
        off = 0
        for S in pending:
            wins = [S.win[w] for w in kinds if S.win[w][0] <= S.win[w][1]]
            lo = min((x[0] for x in wins), default=1)
            hi = max((x[1] for x in wins), default=0)
            self.segs.append((S, lo, off))
            if lo > hi:
                continue
            c = np.arange(lo, hi + 1.0)
            cs.append(c)
            nns.append(np.full(c.shape, float(S.n)))
            if "win" in kinds:
                wl, wh = S.win["win"]
                wrows.append((c >= wl) & (c <= wh))
            else:
                wrows.append(np.zeros(c.shape, bool))
            off += c.size
        self.lpc = self.val = self.llose = self.lwin = self.lerr = None
        if off:
            c = np.concatenate(cs)
            nn = np.concatenate(nns)
            self.llose, self.lwin, self.lerr = _row_values(model, sizes, c, nn - c, np.concatenate(wrows))
            self.lpc = model.lpc(nn, c)
            self.val = {"lose": self.llose, "win": self.lwin}


class _OuterSum:
    """The sum over c of one n: its per-c bounds, the windows of c computed, the result."""

    def __init__(self, model, sizes, n, kinds):
        self.n, self.res, self.last = n, None, None
        if n <= _ALL_ROWS_N:                    # every c: nothing is dropped
            self.lpcf = self.B = None
            self.win = {w: (0, n) for w in kinds}
            return
        # rigorous per-c bounds of pC(c) lose_c and pC(c) win_c on every c, and first
        # windows from them (the truth is within a polynomial factor of the bounds)
        c = np.arange(n + 1.0)
        self.lpcf = model.lpc_fast(np.full(c.shape, float(n)), c, n - c)
        self.B = {w: _per_c_bound(model, sizes, n, self.lpcf, w) for w in kinds}
        gap = 0.5 * math.log(n + 1.0) + 3.0
        self.win = {w: _window(self.B[w], float(self.B[w].max()) + _LOG_RTOL - math.log(8.0) - gap)
                    for w in kinds}

    def settle(self, batch, lo0, off, kinds):
        """Sum this n's rows of `batch` (its first c `lo0`, at offset `off`) for each kind;
        widen a window whose dropped part is too large. Returns whether the rows must be
        computed deeper (their own error is too large)."""
        res, ok, deeper = {}, True, False
        for w in kinds:
            if self.B is None:
                res[w], fine, rows_short = self._sum_all(batch, off, w)
            else:
                res[w], fine, rows_short = self._sum_window(batch, lo0, off, w)
            ok = ok and fine
            deeper = deeper or rows_short
        self.last = res
        self.res = res if ok else None
        return deeper

    def _sum_all(self, batch, off, w):
        """Every c computed: (sum, error), converged, rows too shallow."""
        i0, i1 = off, off + self.n + 1
        res = (log_sum_exp(batch.lpc[i0:i1] + batch.val[w][i0:i1]),
               log_sum_exp(batch.lpc[i0:i1] + batch.lerr[i0:i1]))
        short = res[1] > res[0] + _LOG_RTOL
        return res, not short, short

    def _sum_window(self, batch, lo0, off, w):
        """The window of kind w: (sum, error bound), converged, rows too shallow."""
        lo, hi = self.win[w]
        B = self.B[w]
        if lo > hi:                      # nothing to sum: P = 0 if the bound says so
            drop = log_sum_exp(B)
            if drop > -np.inf:
                self.win[w] = (0, self.n)
            return (-np.inf, drop), not drop > -np.inf, False
        i0, i1 = off + lo - lo0, off + hi - lo0 + 1
        S = log_sum_exp(batch.lpc[i0:i1] + batch.val[w][i0:i1])
        ein = log_sum_exp(batch.lpc[i0:i1] + batch.lerr[i0:i1])
        drop = self._dropped(batch, w, lo, hi, i0, i1)
        res = (S, log_add_exp(drop, ein))
        if res[1] <= S + _LOG_RTOL:
            return res, True, False
        if drop > S + _LOG_RTOL - _LOG_2:
            nl, nh = (0, self.n) if S == -np.inf else _window(B, S + _LOG_RTOL - math.log(4.0))
            nl, nh = min(nl, lo), max(nh, hi)
            self.win[w] = (0, self.n) if (nl, nh) == (lo, hi) else (nl, nh)
        return res, False, ein > S + _LOG_RTOL - _LOG_2

    def _dropped(self, batch, w, lo, hi, i0, i1):
        """log of a bound on the terms of kind w outside the window [lo, hi]: the per-c
        bounds, or on the side where win_c / lose_c is monotone, the tail of C times the
        value at the window's edge."""
        B, lpcf = self.B[w], self.lpcf
        left, right = log_sum_exp(B[:lo]), log_sum_exp(B[hi + 1:])
        if w == "lose" and hi < self.n:       # lose_c decreases in c
            up = min(0.0, log_add_exp(batch.llose[i1 - 1], batch.lerr[i1 - 1]))
            right = min(right, log_sum_exp(lpcf[hi + 1:]) + up)
        if w == "win" and lo > 0:             # win_c increases in c
            up = min(0.0, log_add_exp(batch.lwin[i0], batch.lerr[i0]))
            left = min(left, log_sum_exp(lpcf[:lo]) + up)
        return log_add_exp(left, right)


def _rel(ew, lw, el, ll):
    """max of err/P over the probabilities computed (err itself where P is 0)."""
    out = -np.inf
    for e, lp in ((ew, lw), (el, ll)):
        if not np.isfinite(e) or np.isnan(lp):
            if e == np.inf:
                out = np.inf
            continue
        out = max(out, e - lp if np.isfinite(lp) else e)
    return math.exp(min(out, 700.0))


def evaluate(model, ns, sizes, which="both"):
    r"""$\{n: (\log P(\mathrm{win}), \log P(\mathrm{lose}), \mathrm{err})\}$ for each $n$ of `ns`.

    Parameters
    ----------
    model : bounds._exact.latent.Latent
        The model (its rows are cached and reused across calls).
    ns : iterable of int
        Numbers of labels (validated by the caller).
    sizes : bounds._exact.latent.Sizes
        The two group sizes.
    which : {"both", "lose", "win"}
        A probability not asked for is returned as nan and does not enter err.

    Returns
    -------
    dict
        For each $n$: $\log P(\mathrm{win})$, $\log P(\mathrm{lose})$ and the rigorous
        bound on their relative truncation error. All $n$ are computed together: their
        rows form one batch.

    Examples
    --------
    >>> import math
    >>> from bounds._exact.latent import Latent, group_sizes
    >>> model = Latent(0.7, 0.3, [(0.5, 0.5, 0.5, 0.5), None])
    >>> got = evaluate(model, [0, 101], group_sizes(math.log(100), 0))
    >>> got[0], round(math.exp(got[101][0]), 6)          # no label: the tie loses
    ((-inf, 0.0, 0.0), 0.919002)
    """
    kinds = [w for w in ("lose", "win") if which in ("both", w)]
    ns = [int(n) for n in ns]
    out = {n: (-np.inf, 0.0, 0.0) for n in ns if n == 0}     # no label: every duel ties, and ties lose
    ns = sorted({n for n in ns if n > 0})
    if model.qc == 0.0 or any(model.groups[g].r1 == 0.0 for g in sizes.active):
        # no label is correct, or a policy never separates on a correct one: that policy
        # is never beaten (X = 0 <= Y), exactly
        out.update({n: (-np.inf, 0.0, 0.0) for n in ns})
        return out
    sums = {n: _OuterSum(model, sizes, n, kinds) for n in ns}
    for _attempt in range(10):
        pending = [sums[n] for n in ns if sums[n].res is None]
        if not pending:
            break
        batch = _Batch(model, sizes, pending, kinds)
        deeper = False
        for S, lo0, off in batch.segs:
            deeper = S.settle(batch, lo0, off, kinds) or deeper
        if deeper:
            model.raise_depth()
    for n in ns:
        res = sums[n].res or sums[n].last       # not converged: what the last attempt gave
        lw, ew = res.get("win", (np.nan, -np.inf))
        ll, el = res.get("lose", (np.nan, -np.inf))
        out[n] = (min(lw, 0.0), min(ll, 0.0), _rel(ew, lw, el, ll))
    return out
