r"""A compiled kernel for many points of the race with one group of policies: the rows by convolution.

The engine (`bounds._exact.evaluate`) computes each row $G(c)$ on its own window, about
400 array elements per row and 350 rows per point at $n \sim 3000$: some 10 ms a point.
A curve of $10^4$ points needs something else, and this module is that: for one point
(one $n$, one group of $N$ policies with $(r_1, r_2)$, labels correct with probability
$q_c$) it walks the rows $c = c_{lo}, \dots, c_{hi}$ in order, carrying the distributions
from row to row by one convolution step each, in a compiled loop (numba), points in
parallel. It is optional: without numba every point goes to the engine.

The walk
--------
With $X_c \sim \mathrm{Bin}(c, r_1)$ and $Y_b \sim \mathrm{Bin}(b, r_2)$, $b = n - c$,
$G(c) = P(X_c \le Y_b) = \sum_y P(Y_b = y)\,F_c(y)$ and
$1 - G(c) = \sum_y P(Y_b = y)\,S_c(y)$, with $F_c$ and $S_c$ the distribution and
survival functions of $X_c$. One more trial is one convolution:
$F_{c+1}(x) = (1 - r_1) F_c(x) + r_1 F_c(x - 1)$, and likewise $S$ and the pmf of $Y$.

Every variable lives on a window of integers. $X_c$ starts at $c_{lo}$ from its law
restricted to $[L_x, H_x]$; since $X_c$ only grows with $c$, the recursions then carry
*exactly* $P(X_c \le x,\ X_{c_{lo}} \in [L_x, H_x])$ (and the same for $S$), and they are
needed only up to $x = \min(H_x, H_y)$ because each value depends on smaller $x$ only.
$Y_b$ is grown from $b_{min} = n - c_{hi}$ to $b_{max} = n - c_{lo}$ in a first pass and
its rows stored, on the window $[x_0, \mathrm{top}]$ where it meets $X$'s: its value at
$x_0$ from the exact ratio $P(Y_{b+1} = x_0)/P(Y_b = x_0)$, so the stored rows are exact,
and its masses below $x_0$ and above the top by additive recursions from one sum each.
So each computed $\hat G(c)$ and $\widehat{1-G}(c)$ is below its truth by at most
$e = 12\,e^{-D}$ (plus $10^{-300}$ for each value left at 0 below that): eight tails are
left out, each at most $e^{-D}$ by a Chernoff bound
$P(\mathrm{Bin}(m, p) \le k) \le e^{-m\,\mathrm{KL}(k/m\,\|\,p)}$ (the windows are chosen
so), with $D = \ln N + \ln(40/\mathrm{rtol})$.

The bracket
-----------
Hence $1 - G(c) \in [1 - \hat G - e,\ 1 - \hat G]$ where $\hat G \le \widehat{1-G}$ and
$[\widehat{1-G},\ \widehat{1-G} + e]$ otherwise (the smaller of the two carries its
relative precision, the larger only an absolute one), and $w_c = (1 - G(c))^N$ lies
between the $N$-th powers of the two ends (Bernoulli's inequality and
$e^x - 1 \le x + x^2$ for the width). With $c \sim \mathrm{Bin}(n, q_c)$ summed over
$[c_{lo}, c_{hi}]$ (the tails of $C$ left out are at most $e^{-D_c}$ each, Chernoff
again, $D_c = \ln(40/\mathrm{rtol})$) and $w_c$ increasing in $c$:
$P(\mathrm{win}) \in [\sum_c P(C{=}c)\,\underline{w}_c,\ \sum_c P(C{=}c)\,\overline{w}_c
+ P(C < c_{lo})\,\overline{w}_{c_{lo}} + P(C > c_{hi})]$, and $P(\mathrm{lose})$ likewise
with $1 - w_c$. When only $P(\mathrm{win})$ is asked for, the walk stops at the first row
beyond which the rows left, $P(C > c)\,[\underline{w}_c, 1]$, cannot move it by more
than $2.5 \cdot 10^{-5}$ rtol. Of the two probabilities the smaller is taken from its own
bracket and the larger as one minus it (the sums of the larger are right only to an
absolute $\sim 10^{-15}$, the rounding of $C$'s pmf). The value returned is the sum at
the computed rows (the truncated sums, as the engine's), kept inside the bracket, and
`err` its largest distance to the bracket's ends relative to the lower end: a rigorous
bound on the truncation error, as the engine's `err`. Where that is above rtol the
windows are deepened (twice at most), and a point that still does not meet it, or lies
outside the kernel's domain (a probability of the model below $10^{-200}$, such as
$d = 1$; $n < 2$; $N > e^{700}$; a result below $10^{-250}$), is reported for the caller
to send to the engine.

Rounding is not in `err`: the pmfs along a window are products of exact ratios from a
Loader value at the mode, and each convolution step is a convex combination, so the
relative rounding of $\hat G$ is about $10^{-16}$ per step (about $10^{-13}$ after
$10^3$ rows at worst), which $N$ turns into about $10^{-13}\,|\log P|$ in $\log P$, as in
the engine. (Measured at $n = 9642$, $K = 2^{20}$, against a 30-digit evaluation: the
kernel within $6 \cdot 10^{-15}$, the engine $3.5 \cdot 10^{-13}$ off.)

Examples
--------
With numba installed (the `fast` extra): $K = 2^{20}$, $d = 0.1$, 3000 labels at
$\varepsilon = 0.2$:

>>> import math
>>> from bounds._exact.convolution import race_log_probs_fast
>>> lw, ll, err, ok = race_log_probs_fast([3000], math.log(2**20 - 1), 0.8, 0.2, 0.1, 0.9, 0.1, 0.9)
>>> bool(ok[0]), bool(err[0] < 1e-14), round(float(ll[0]), 6)
(True, True, -49.727007)
"""
from __future__ import annotations

import math

import numpy as np

from .pmf import loader_logpmf

__all__ = ["available", "race_log_probs_fast", "MIN_PROBABILITY"]

#: Probabilities (each of $q_c$, $r_1$, $r_2$ and their complements) below this go to the engine.
MIN_PROBABILITY = 1e-200
#: Results below this go to the engine (the kernel sums on a linear scale).
_MIN_RESULT = 1e-250
#: Deepest windows tried (nats): values on a window stay above e^-(this + a few hundred).
_MAX_DEPTH = 300.0

_KERNEL = None


def available():
    """Whether the compiled kernel can run (numba is installed).

    Examples
    --------
    >>> isinstance(available(), bool)
    True
    """
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True


# ----------------------------------------------------------------- windows (numpy)
def _kl(x, p, lp, lpc):
    """KL(x || p) of Bernoullis, x in [0, 1] (arrays); lp, lpc = log p, log(1 - p)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(x > 0, x * (np.log(x) - lp), 0.0)
        b = np.where(x < 1, (1.0 - x) * (np.log1p(-x) - lpc), 0.0)
    return a + b


def _tail_edge(m, p, lp, lpc, D, upper):
    """Per row: the integer edge k of Bin(m, p)'s window and a bound on the tail beyond it.

    Lower (`upper` False): the smallest k with P(Bin < k) <= e^-D by Chernoff; upper: the
    largest k with P(Bin > k) <= e^-D. Returns (k, log tau), log tau = -inf where the
    tail is empty (k at the end of the support).
    """
    m = np.asarray(m, float)
    Dm = D * (1.0 + 1e-12) + 1e-12            # a margin for the rounding of KL
    end = np.where(upper, m, 0.0)
    kl_end = m * _kl(np.where(upper, 1.0, 0.0) + 0 * m, p, lp, lpc)
    whole = ~(kl_end >= Dm)                   # even the end is not that rare: keep it all
    lo = np.where(upper, p, 0.0) + 0 * m
    hi = np.where(upper, 1.0, p) + 0 * m
    for _ in range(60):                       # m KL(x) = Dm, KL monotone on each side of p
        mid = 0.5 * (lo + hi)
        far = m * _kl(mid, p, lp, lpc) >= Dm
        if upper:
            hi, lo = np.where(far, mid, hi), np.where(far, lo, mid)
        else:
            lo, hi = np.where(far, mid, lo), np.where(far, hi, mid)
    x = hi if upper else lo                   # on the far side: KL(x) >= Dm
    if upper:
        k = np.minimum(np.ceil(m * x) - 1.0, m)
    else:
        k = np.maximum(np.floor(m * x) + 1.0, 0.0)
    k = np.where(whole, end, k)
    return k, np.where(whole, -np.inf, -D)


def _mode(m, p, lo, hi):
    return np.clip(np.floor((m + 1.0) * p), np.maximum(lo, 0.0), np.minimum(hi, m))


def _threads():
    import numba

    return int(numba.get_num_threads())


def _kernel():
    global _KERNEL
    if _KERNEL is None:
        from .walk import points
        _KERNEL = points
    return _KERNEL


def _columns(n, logN, qc, qcc, lqc, lqcc, r1, r1c, l1, l1c, r2, r2c, l2, l2c, D, Dc, win_only=False, wtol=0.0):
    """The kernel's per-point inputs (windows, anchors, tail bounds), vectorized."""
    clo, lcl = _tail_edge(n, qc, lqc, lqcc, Dc, False)
    chi, lch = _tail_edge(n, qc, lqc, lqcc, Dc, True)
    chi = np.maximum(chi, clo)
    bmin, bmax = n - chi, n - clo
    Lx, _ = _tail_edge(clo, r1, l1, l1c, D, False)
    Hx, _ = _tail_edge(chi, r1, l1, l1c, D, True)
    Ly, _ = _tail_edge(bmin, r2, l2, l2c, D, False)       # Y_bmin's lower edge
    Hy, _ = _tail_edge(bmax, r2, l2, l2c, D, True)        # Y_bmax's upper edge
    HyU, _ = _tail_edge(bmin, r2, l2, l2c, D, True)       # Y_bmin's upper edge
    LyL, _ = _tail_edge(bmax, r2, l2, l2c, D, False)      # Y_bmax's lower edge
    x0 = np.minimum(np.maximum(Lx, Ly), bmin)
    top = np.maximum(np.minimum(Hx, Hy), x0)
    ac = _mode(n, qc, clo, chi)
    ax = _mode(clo, r1, Lx, Hx)
    ay = _mode(bmin, r2, x0, top)
    au = _mode(bmin, r2, top + 1.0, HyU)
    al = _mode(bmax, r2, LyL, x0 - 1.0)
    lpc = loader_logpmf(ac, n, qc, qcc, lqc, lqcc)
    lpx = loader_logpmf(ax, clo, r1, r1c, l1, l1c)
    lpy = loader_logpmf(ay, bmin, r2, r2c, l2, l2c)
    lpu = loader_logpmf(au, bmin, r2, r2c, l2, l2c)
    lpl = loader_logpmf(al, bmax, r2, r2c, l2, l2c)
    with np.errstate(under="ignore"):
        # each of the eight tails left out is at most e^-D (Chernoff); pmf values below
        # 1e-300 are left out too (at most one per element of the windows)
        e = 12.0 * np.exp(-D) + (Hx - Lx + np.maximum(Hy, HyU) - np.minimum(Ly, LyL) + chi - clo + 6.0) * 1e-300
        cols = np.stack([n, clo, chi, lpc, ac, lqc - lqcc, Lx, Hx, lpx, ax, r1, r1c, l1 - l1c,
                         x0, top, lpy, ay, r2, r2c, l2 - l2c, np.exp(logN), e, np.exp(lcl), np.exp(lch),
                         HyU, lpu, au, LyL, lpl, al, np.full(n.shape, float(win_only)),
                         np.full(n.shape, float(wtol))], axis=1)
    return np.ascontiguousarray(cols)


def race_log_probs_fast(n, logN, qc, qcc, r1, r1c, r2, r2c, rtol=1e-14, which="both"):
    r"""$\log P(\mathrm{win})$, $\log P(\mathrm{lose})$ of the one-group race at many points, by the compiled kernel.

    Parameters
    ----------
    n : array_like of int
        Labels per point ($n \ge 1$).
    logN : array_like of float
        $\log N$, the number of unaligned policies (all ordinary).
    qc, qcc, r1, r1c, r2, r2c : array_like of float
        $q_c$, $r_1$, $r_2$ and their complements (the engine's parameters).
    rtol : float
        Relative half-width of the bracket asked for.
    which : {"both", "win", "lose"}
        The probabilities that must meet `rtol` (the other is returned as nan).

    Returns
    -------
    log_win, log_lose, err : numpy.ndarray
        The middle of each bracket (log) and its relative half-width (see the module).
    ok : numpy.ndarray of bool
        Where the bracket met `rtol`; elsewhere the values are nan and the point belongs to
        the engine.

    Examples
    --------
    The race of $K = 100$ policies with $d = 1/2$, 101 labels at $\varepsilon = 0.3$ (numba
    installed):

    >>> import math
    >>> _, ll, err, ok = race_log_probs_fast([101], math.log(99), 0.7, 0.3, 0.5, 0.5, 0.5, 0.5)
    >>> round(math.exp(ll[0]), 6)
    0.080998
    """
    cols = np.broadcast_arrays(*(np.atleast_1d(np.asarray(v, float)) for v in
                                 (n, logN, qc, qcc, r1, r1c, r2, r2c)))
    n, logN, qc, qcc, r1, r1c, r2, r2c = (np.ascontiguousarray(c.ravel()) for c in cols)
    P = n.size
    lw = np.full(P, np.nan)
    ll = np.full(P, np.nan)
    err = np.full(P, np.nan)
    ok = np.zeros(P, bool)
    probs = np.stack([qc, qcc, r1, r1c, r2, r2c])
    todo = np.flatnonzero((probs >= MIN_PROBABILITY).all(axis=0) & (n >= 2) & np.isfinite(logN)
                          & (logN >= 0) & (logN < 700))
    if todo.size == 0 or not available():
        return lw, ll, err, ok
    kernel = _kernel()
    with np.errstate(divide="ignore"):
        lq = [np.log(v) for v in (qc, qcc, r1, r1c, r2, r2c)]
    base = math.log(1.0 / rtol) + math.log(40.0)
    extra = np.zeros(P)
    for _attempt in range(3):
        if todo.size == 0:
            break
        t = todo
        D = logN[t] + base + extra[t]
        Dc = base + extra[t]
        cols = _columns(n[t], logN[t], qc[t], qcc[t], lq[0][t], lq[1][t], r1[t], r1c[t], lq[2][t],
                        lq[3][t], r2[t], r2c[t], lq[4][t], lq[5][t], D, Dc,
                        which == "win", rtol * 2.5e-5)
        res = np.zeros((t.size, 6))
        kernel(cols, res, _threads())
        wlo, whi, llo, lhi, west, lest = res.T
        # P(win) + P(lose) = 1: the smaller one from its own sums (which carry its relative
        # precision), the larger as one minus it (the sums of the larger one are right
        # only to an absolute ~1e-15: rounding of the pmf of C)
        small_w = west < lest
        lo_w = np.where(small_w, wlo, 1.0 - lhi)
        hi_w = np.where(small_w, whi, 1.0 - llo)
        lo_l = np.where(small_w, 1.0 - whi, llo)
        hi_l = np.where(small_w, 1.0 - wlo, lhi)
        v_w = np.clip(west, lo_w, hi_w)
        v_l = np.clip(lest, lo_l, hi_l)
        win_ok = (hi_w - lo_w <= rtol * lo_w) & (lo_w >= _MIN_RESULT)
        lose_ok = (hi_l - lo_l <= rtol * lo_l) & (lo_l >= _MIN_RESULT)
        good = {"both": win_ok & lose_ok, "win": win_ok, "lose": lose_ok}[which]
        g = t[good]
        with np.errstate(divide="ignore", invalid="ignore"):
            log_w = np.where(small_w, np.log(v_w), np.log1p(-v_l))
            log_l = np.where(small_w, np.log1p(-v_w), np.log(v_l))
            ew = np.maximum(hi_w - v_w, v_w - lo_w) / lo_w
            el = np.maximum(hi_l - v_l, v_l - lo_l) / lo_l
            if which != "lose":
                lw[g] = log_w[good]
            if which != "win":
                ll[g] = log_l[good]
            err[g] = {"both": np.maximum(ew, el), "win": ew, "lose": el}[which][good]
        ok[g] = True
        bad = ~good
        with np.errstate(divide="ignore"):
            low = {"both": np.minimum(lo_w, lo_l), "win": lo_w, "lose": lo_l}[which]
            need = -np.log(np.maximum(low, 1e-300)) + 5.0
        extra[t[bad]] = np.maximum(extra[t[bad]] + 20.0, need[bad])
        todo = t[bad & (D + 20.0 <= _MAX_DEPTH + logN[t]) & (low >= _MIN_RESULT)]
    return lw, ll, err, ok
