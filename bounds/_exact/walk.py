r"""The compiled loops of `bounds._exact.convolution` (numba; imported only when that kernel runs).

`points(cols, res)` runs `point` for every row of `cols` in parallel; `point` walks the rows
$c = c_{lo}, \dots, c_{hi}$ of one point and writes the four ends of its two brackets,
$[\underline{P}(\mathrm{win}), \overline{P}(\mathrm{win}), \underline{P}(\mathrm{lose}),
\overline{P}(\mathrm{lose})]$. The mathematics, the windows and the error terms are in
`bounds._exact.convolution`.

Examples
--------
>>> import numpy as np
>>> from bounds._exact.walk import binom_window
>>> out = np.empty(3)
>>> binom_window(0.0, 3, float(np.log(0.375)), 1.0, 3.0, 0.0, out)   # Bin(3, 1/2) on 0..2
>>> [round(float(v), 12) for v in out]
[0.125, 0.375, 0.375]
"""
from __future__ import annotations

import math

import numba as nb
import numpy as np

__all__ = ["binom_window", "point", "points", "tail_mass"]

#: Below this a pmf value on a window is left at 0 (the error bound counts it).
TINY = 1e-300
_FM = {"contract", "reassoc", "nsz", "arcp"}


@nb.njit(cache=True, fastmath=_FM)
def binom_window(lo, width, lp_anchor, anchor, m, lrho, out):
    """pmf of Bin(m, p) on lo, ..., lo + width - 1 from its log value at `anchor`
    (lrho = log p/(1 - p)): products of the exact ratios of neighbouring values, each
    side stopped (left at 0) below e^-690."""
    for i in range(width):
        out[i] = 0.0
    if anchor < lo or anchor >= lo + width or width <= 0:
        return
    rho = math.exp(lrho)
    a = int(anchor - lo)
    v0 = math.exp(lp_anchor)
    out[a] = v0
    v = v0
    for i in range(a + 1, width):             # p(x) / p(x - 1) = (m - x + 1) / x * rho
        x = lo + i
        if x > m:
            break
        v *= (m - x + 1.0) / x * rho
        if v < TINY:
            break
        out[i] = v
    v = v0
    for i in range(a - 1, -1, -1):            # p(x) / p(x + 1) = (x + 1) / (m - x) / rho
        x = lo + i
        v *= (x + 1.0) / ((m - x) * rho)
        if v < TINY:
            break
        out[i] = v


@nb.njit(cache=True, fastmath=_FM)
def _x_start(Lx, Hx, we, lpx_a, axa, clo, lr1, px, F, S):
    """F and S of X_clo restricted to [Lx, Hx] on x = Lx - 1, ..., Lx - 1 + we (index k:
    x = Lx - 1 + k; F[0] = 0, S[0] = the window's mass); px is scratch of Hx - Lx + 1."""
    wx = px.size
    binom_window(Lx, wx, lpx_a, axa, clo, lr1, px)
    F[0] = 0.0
    acc = 0.0
    for i in range(we):
        acc += px[i]
        F[i + 1] = acc
    acc = 0.0
    for i in range(wx - 1, -1, -1):           # S(Lx + i) = the mass beyond i
        if i + 1 <= we:
            S[i + 1] = acc
        acc += px[i]
    S[0] = acc


@nb.njit(cache=True, fastmath=_FM)
def tail_mass(lo, hi, lp_anchor, anchor, m, lrho, buf):
    """P(Bin(m, p) in [lo, hi]) summed on the window (0 when it is empty); buf: scratch."""
    w = int(hi - lo) + 1
    if w <= 0:
        return 0.0
    binom_window(lo, w, lp_anchor, anchor, m, lrho, buf)
    s = 0.0
    for i in range(w):
        s += buf[i]
    return s


@nb.njit(cache=True, fastmath=_FM)
def _y_rows(x0, lpy_a, aya, bmin, r2, r2c, lr2, above0, below_last, Ys, above, below):
    """Y_b on [x0, x0 + wy) for b = bmin, ..., bmin + rows - 1 into the rows of Ys, and per
    row the mass above the window (`above`) and below x0 (`below`).

    Row bmin comes from its pmf; each next row by one trial, its value at x0 from the
    exact ratio P(Y_{b+1} = x0) / P(Y_b = x0) = (b + 1) / (b + 1 - x0) (1 - r2) (x0 <= bmin),
    so the rows are exact on the window (values below 1e-300 are left at 0). The masses
    by additive recursions: above upwards from `above0` (= P(Y_bmin > top)),
    P(Y_{b+1} > t) = P(Y_b > t) + r2 P(Y_b = t); below downwards from `below_last`
    (= P(Y_bmax < x0)), P(Y_b < x0) = P(Y_{b+1} < x0) + r2 P(Y_b = x0 - 1).
    """
    rows, wy = Ys.shape
    binom_window(x0, wy, lpy_a, aya, bmin, lr2, Ys[0])
    if Ys[0, 0] > 0.0:
        lbot = math.log(Ys[0, 0])
    else:                                     # the bottom value from the anchor by ratios
        lbot = lpy_a
        for x in range(int(aya) - 1, int(x0) - 1, -1):
            lbot += math.log((x + 1.0) / (bmin - x)) - lr2
    lr2c = math.log(r2c)
    comp = 0.0                                # compensated (Kahan) sum of the log ratios
    above[0] = above0
    for j in range(1, rows):
        prev = Ys[j - 1]
        cur = Ys[j]
        b = bmin + j - 1
        term = math.log((b + 1.0) / (b + 1.0 - x0)) + lr2c - comp
        nxt = lbot + term
        comp = (nxt - lbot) - term
        lbot = nxt
        cur[0] = math.exp(lbot) if lbot > -690.0 else 0.0
        for i in range(1, wy):
            v = r2c * prev[i] + r2 * prev[i - 1]
            cur[i] = v if v >= TINY else 0.0
        above[j] = above[j - 1] + r2 * prev[wy - 1]
    below[rows - 1] = below_last
    rho = math.exp(lr2)
    for j in range(rows - 2, -1, -1):
        b = bmin + j
        if x0 >= 1.0:
            below[j] = below[j + 1] + r2 * Ys[j, 0] * x0 / ((b - x0 + 1.0) * rho)
        else:
            below[j] = 0.0


@nb.njit(cache=True, inline="always")
def _ends(g, s, e, N):
    """(w_lo, w_hi) with w = (1 - G)^N and 1 - G in [1 - g - e, 1 - g] (g <= s) or
    [s, s + e]: each from the smaller of g and s, which alone has relative precision.
    (1 - g - e)^N >= (1 - g)^N (1 - N e / (1 - g)) (Bernoulli), and
    (s + e)^N <= s^N e^x with x = N e / s, e^x - 1 <= x + x^2 for x <= 1."""
    if g <= s:
        if g >= 1.0:
            return 0.0, 0.0
        hi = math.exp(N * math.log1p(-g))
        return hi * max(0.0, 1.0 - N * e / (1.0 - g)), hi
    if s <= 0.0:
        return 0.0, math.exp(N * math.log(min(e, 1.0)))
    lo = math.exp(N * math.log(s))
    x = N * e / s
    if x <= 1.0:
        return lo, min(1.0, lo * (1.0 + x + x * x))
    return lo, math.exp(N * math.log(min(1.0, s + e)))


@nb.njit(cache=True)
def sizes(c):
    """(rows, Hx - Lx + 1, columns of the Y rows, width of the tail windows) of a point."""
    rows = int(c[2] - c[1]) + 1
    wx = int(c[7] - c[6]) + 1
    wy = int(c[14] - c[13]) + 1
    tw = max(int(c[24] - c[14]), int(c[13] - c[27]), 1)
    return rows, wx, wy, tw


@nb.njit(cache=True)
def scratch(c):
    """Doubles of scratch that `point` needs for the point c."""
    rows, wx, wy, tw = sizes(c)
    we = max(int(min(c[14], c[7]) - c[6]) + 1, 0)
    return rows * (wy + 4) + wx + 4 * (we + 1) + tw


@nb.njit(cache=True, inline="always")
def _carve(work, rows, wx, we, tw, wy):
    """The scratch arrays of one point, as views of `work`."""
    o = 0
    out = []
    for size in (rows, wx, we + 1, we + 1, we + 1, we + 1, tw, rows, rows, rows):
        out.append(work[o:o + size])
        o += size
    Ys = work[o:o + rows * wy].reshape((rows, wy))
    return out[0], out[1], out[2], out[3], out[4], out[5], out[6], out[7], out[8], out[9], Ys


@nb.njit(cache=True, fastmath=_FM)
def point(c, res, work):
    """One point (the columns of `bounds._exact.convolution._columns`): the brackets of
    P(win) and P(lose) into res[0:4], the sums at the computed rows (the estimates) into
    res[4:6]; `work` holds at least `scratch(c)` doubles.

    Long: the row loop is the kernel's hot loop; split into functions (even inlined ones)
    numba's code for it was about a third slower (0.87 s against 0.67 s on the benchmark's curve), so the
    rolling of X, the row sums and the accumulation stay in one frame.
    """
    n, clo, chi, Lx, Hx, x0, top = c[0], c[1], c[2], c[6], c[7], c[13], c[14]
    r1, r1c, r2, r2c, lr2 = c[10], c[11], c[17], c[18], c[19]
    N, e, tcl, tch = c[20], c[21], c[22], c[23]
    rows, wx, wy, tw = sizes(c)
    yB = min(top, Hx)                          # the hot range of y: [yA, yB]
    yA = max(x0, Lx)
    we = max(int(yB - Lx) + 1, 0)
    bc, px, F, S, F2, S2, buf, above, below, tail_c, Ys = _carve(work, rows, wx, we, tw, wy)
    binom_window(clo, rows, c[3], c[4], n, c[5], bc)
    _x_start(Lx, Hx, we, c[8], c[9], clo, c[12], px, F, S)
    above0 = tail_mass(top + 1.0, c[24], c[25], c[26], n - chi, lr2, buf)    # P(Y_bmin > top)
    below_last = tail_mass(c[27], x0 - 1.0, c[28], c[29], n - clo, lr2, buf)  # P(Y_bmax < x0)
    _y_rows(x0, c[15], c[16], n - chi, r2, r2c, lr2, above0, below_last, Ys, above, below)
    kb = int(max(x0 - Lx, 0.0))                # S index of x = x0 - 1 (or Lx - 1)
    ja = int(yA - x0)                          # row index of yA
    ka = int(yA - Lx) + 1                      # F index of yA
    h = int(yB - yA) + 1                       # hot length (may be <= 0)
    jl = min(int(min(Lx - 1.0, top) - x0) + 1, wy)   # row indices [0, jl) lie below Lx
    wlo = whi = llo = lhi = west = lest = 0.0
    w_first_hi = 1.0
    w_last_lo = 0.0
    win_only = c[30] > 0.0                     # P(lose) need not be accurate: stop early
    acc = 0.0
    for i in range(rows - 1, -1, -1):
        acc += bc[i]
        tail_c[i] = acc                        # P(C >= c) within the window
    roll_s = True
    for i in range(rows):
        j = rows - 1 - i                       # b = n - c
        if i > 0 and we > 0:                   # one more trial for X (tiny values flushed)
            F2[0] = 0.0
            S2[0] = S[0]
            if roll_s:
                for k in range(1, we + 1):
                    f = r1c * F[k] + r1 * F[k - 1]
                    F2[k] = f if f >= TINY else 0.0
                    v = r1c * S[k] + r1 * S[k - 1]
                    S2[k] = v if v >= TINY else 0.0
                for k in range(we + 1):
                    S[k] = S2[k]
            else:
                for k in range(1, we + 1):
                    f = r1c * F[k] + r1 * F[k - 1]
                    F2[k] = f if f >= TINY else 0.0
            for k in range(we + 1):
                F[k] = F2[k]
        g = 0.0                                # G and 1 - G of the row
        s = 0.0
        if roll_s:
            for t in range(h):
                v = Ys[j, ja + t]
                g += v * F[ka + t]
                s += v * S[ka + t]
        else:
            for t in range(h):
                g += Ys[j, ja + t] * F[ka + t]
        low = 0.0
        for t in range(jl):                    # stored y below Lx: S(y) = S(Lx - 1)
            low += Ys[j, t]
        s += S[0] * low + (S[kb] * below[j] if kb <= we else 0.0)
        rest = above[j]
        for t in range(max(ja + h, 0), wy):    # stored y above the hot range: F(y) >= F(top)
            rest += Ys[j, t]
        g += (F[we] if we > 0 else 0.0) * rest
        if not roll_s:
            s = 1.0                            # G only decreases in c: g <= s from here on
        w_lo, w_hi = _ends(g, s, e, N)
        b = bc[i]
        wlo += b * w_lo
        whi += b * w_hi
        if g <= s:                             # the estimate: w at the computed g (or s)
            l_lo = -math.expm1(N * math.log1p(-g)) if g < 1.0 else 1.0
            w_est = w_hi
            l_est = l_lo
        else:
            l_lo = 1.0 - w_hi
            w_est = w_lo
            l_est = 1.0 - w_lo
        llo += b * l_lo
        lhi += b * (l_lo + (w_hi - w_lo))
        west += b * w_est
        lest += b * l_est
        if i == 0:
            w_first_hi = w_hi
        w_last_lo = w_lo
        if roll_s and g < 0.25:               # later rows: G < 1/4, summed as G alone
            roll_s = False
        if win_only and i < rows - 1:
            # w increases in c: the rows left add P(C > c) [w_lo, 1] to P(win)
            rem = tail_c[i + 1] + tch
            if rem * (1.0 - w_lo) <= c[31] * (wlo + rem * w_lo):
                res[0], res[1] = wlo + rem * w_lo, whi + tcl * w_first_hi + rem
                res[2], res[3] = llo, lhi + tcl + rem * (1.0 - w_lo)
                res[4], res[5] = west + rem, lest
                return
    res[0], res[1] = wlo, whi + tcl * w_first_hi + tch
    res[2], res[3] = llo, lhi + tcl + tch * (1.0 - w_last_lo)
    res[4], res[5] = west, lest


@nb.njit(parallel=True, cache=True)
def points(cols, res, threads):
    """`point` for every row of `cols`, the points dealt out to `threads` threads in turn,
    each with one scratch buffer for all its points."""
    P = cols.shape[0]
    T = min(threads, max(P, 1))
    for t in nb.prange(T):
        need = 1
        for i in range(t, P, T):
            need = max(need, scratch(cols[i]))
        work = np.empty(need)
        for i in range(t, P, T):
            point(cols[i], res[i], work)
