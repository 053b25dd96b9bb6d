r"""What accuracy $n$ noisy labels allow: the information limit of a learning curve, and a learner that reaches part of it.

The class
---------
A learner must predict the preferred answer on items drawn uniformly from $B$ items whose
true binary preferences are a priori independent and uniform: the class of all $2^B$
labelings, with no structure to exploit ($B$ is the class size in bits, `bits`). It sees
$n$ labels, each the true preference of one item flipped independently with probability
$\varepsilon$ (its choice of items may be adaptive). Its *clean accuracy* $a$ is the
expected fraction of items it predicts right; its accuracy measured against held-out
labels of error $\varepsilon_{\mathrm{ev}}$ is $\varepsilon_{\mathrm{ev}} + a(1 - 2\varepsilon_{\mathrm{ev}})$.

The limit (every learner, passive or adaptive)
----------------------------------------------
By rate–distortion for $B$ fair bits under Hamming distortion (Cover & Thomas 2006,
Theorem 10.3.1 and Example 10.3.1: $R(D) = \ln 2 - h(D)$ nats per bit for $D \le 1/2$), a
prediction with expected error $D = 1 - a$ carries at least $B(\ln 2 - h(D))$ nats about
the labeling; by data processing and the capacity of the binary symmetric channel (Cover &
Thomas 2006, Theorem 7.1.1 and §7.12, feedback does not raise capacity) the $n$ labels
carry at most $n\,C(\varepsilon)$, $C(\varepsilon) = \ln 2 - h(\varepsilon)$. Hence

$$h(1 - a) \ge \ln 2 - \frac{n\,C(\varepsilon)}{B}, \qquad
a \le a_{\max}(n) = 1 - h^{-1}\Big(\max\big(0, \ln 2 - n C(\varepsilon)/B\big)\Big),$$

with $h^{-1}$ the inverse of the binary entropy (nats) on $[0, 1/2]$, and equivalently
$n \ge n_{\min}(a) = B\,(\ln 2 - h(1 - a)) / C(\varepsilon)$ labels for clean accuracy
$a \ge 1/2$ (`accuracy_limit`, `labels_limit`). This is the catalogue's bound
`fano.rate_distortion` at $\delta = 1 - a$, $K = 2^B$, $\alpha = 0$, whose derivation is
machine-checked; `labels_limit` evaluates that bound, and `accuracy_limit` is its inverse
in $n$.

A learner that reaches part of it
---------------------------------
Labels on uniformly random items, prediction by the majority of each item's labels (a
coin flip on ties and on unlabelled items): an item gets $k \sim \mathrm{Bin}(n, 1/B)$
labels, so the clean accuracy is
$\sum_k \binom{n}{k} B^{-k} (1 - 1/B)^{n-k}\,\big(1 - P_{\mathrm{MV}}(k, \varepsilon)\big)$
with $P_{\mathrm{MV}}$ the majority vote's error (`bounds.raters.majority_error`, ties
random; $P_{\mathrm{MV}}(0) = 1/2$) (`achievable_accuracy`). Any curve of a working learner
on this class lies at or below $a_{\max}$; this one is a reference point, not a bound.

Examples
--------
>>> from bounds.learning_limits import accuracy_limit, labels_limit, achievable_accuracy
>>> a = accuracy_limit(1000, bits=2000, eps=0.1)        # clean accuracy, any learner
>>> round(a, 4)
0.7936
>>> round(labels_limit(a, bits=2000, eps=0.1), 6)
1000.0
>>> round(achievable_accuracy(1000, bits=2000, eps=0.1), 4)   # per-item majority
0.6585
"""
from __future__ import annotations

import math

import numpy as np
from scipy import stats

from .errors import ParameterValueError
from .kernels import capacity_nats, entropy_nats
from .raters import majority_error
from .registry import bound
from .validation import as_output, check_count, check_error_rate, check_probability, check_real

__all__ = ["accuracy_limit", "labels_limit", "achievable_accuracy", "MAX_WINDOW", "observed_accuracy", "clean_accuracy",
           "inverse_binary_entropy", "COVER_THOMAS_2006"]

COVER_THOMAS_2006 = ("Cover, T. M. & Thomas, J. A. (2006). Elements of Information Theory, 2nd ed. Wiley: "
                     "Theorem 7.1.1 and §7.12 (capacity of the binary symmetric channel, with feedback), "
                     "Theorem 10.3.1 and Example 10.3.1 (rate distortion of a Bernoulli(1/2) source).")

LN2 = math.log(2.0)


def inverse_binary_entropy(y):
    r"""The $p \in [0, 1/2]$ with $h(p) = y$ (binary entropy in nats), for $y \in [0, \ln 2]$.

    Bisection to the last bit (60 halvings of $[0, 1/2]$), vectorized.

    Examples
    --------
    >>> round(inverse_binary_entropy(0.5 * math.log(2)), 6)
    0.110028
    >>> inverse_binary_entropy(0.0), inverse_binary_entropy(math.log(2))
    (0.0, 0.5)
    """
    check_real("y", y, "[0, ln 2]")
    v = np.asarray(y, dtype=float)
    if np.any(~np.isfinite(v)) or np.any(v < 0) or np.any(v > LN2 * (1 + 1e-15)):
        bad = v[~((v >= 0) & (v <= LN2 * (1 + 1e-15)))].ravel()[0]
        raise ParameterValueError(f"y={float(bad)!r} is outside its domain [0, ln 2] (an entropy in nats)",
                                  parameter="y", value=float(bad), domain="[0, ln 2]")
    lo, hi = np.zeros_like(v), np.full_like(v, 0.5)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        below = entropy_nats(mid) < v
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    out = np.where(v <= 0, 0.0, np.where(v >= LN2, 0.5, hi))
    return as_output(out)


def _bits(bits):
    check_real("bits", bits, "[1, inf)")
    b = np.asarray(bits, dtype=float)
    if np.any(~(b >= 1)) or np.any(~np.isfinite(b)):
        bad = b[~((b >= 1) & np.isfinite(b))].ravel()[0]
        raise ParameterValueError(f"bits={float(bad)!r} is outside its domain [1, inf) (the class has 2^bits "
                                  "labelings)", parameter="bits", value=float(bad), domain="[1, inf)")
    return b


def _labels(n):
    check_real("n", n, "[0, inf)")
    v = np.asarray(n, dtype=float)
    if np.any(~(v >= 0)) or np.any(~np.isfinite(v)):
        bad = v[~((v >= 0) & np.isfinite(v))].ravel()[0]
        raise ParameterValueError(f"n={float(bad)!r} in accuracy_limit is outside its domain [0, inf) (labels)",
                                  parameter="n", value=float(bad), domain="[0, inf)")
    return v


def observed_accuracy(clean, eps_eval):
    r"""Agreement with held-out labels of error $\varepsilon_{\mathrm{ev}}$ of a predictor of clean accuracy $a$.

    $\varepsilon_{\mathrm{ev}} + a\,(1 - 2\varepsilon_{\mathrm{ev}})$: the label is flipped
    independently of the prediction.

    Examples
    --------
    >>> round(observed_accuracy(1.0, 0.27), 12), observed_accuracy(0.5, 0.27)
    (0.73, 0.5)
    """
    a = check_probability("clean", clean)
    e = check_error_rate("eps_eval", eps_eval)
    return as_output(e + a * (1.0 - 2.0 * e))


def clean_accuracy(observed, eps_eval):
    r"""The clean accuracy $a$ behind an agreement with held-out labels of error $\varepsilon_{\mathrm{ev}}$.

    The inverse of `observed_accuracy`: $a = (o - \varepsilon_{\mathrm{ev}})/(1 - 2\varepsilon_{\mathrm{ev}})$,
    which exceeds 1 when the observed agreement is above the ceiling $1 - \varepsilon_{\mathrm{ev}}$
    (returned as is, so a caller sees by how much).

    Raises
    ------
    ParameterValueError
        If $\varepsilon_{\mathrm{ev}} = 1/2$ (such labels say nothing about accuracy).

    Examples
    --------
    >>> round(clean_accuracy(0.65, 0.27), 6)
    0.826087
    """
    o = check_probability("observed", observed)
    e = check_error_rate("eps_eval", eps_eval, top_open=True)
    return as_output((o - e) / (1.0 - 2.0 * e))


def accuracy_limit(n, bits, eps, eps_eval=None):
    r"""The highest expected accuracy any learner can reach with $n$ labels of error $\varepsilon$ on a class of $2^B$ labelings.

    $a_{\max}(n) = 1 - h^{-1}(\max(0, \ln 2 - n C(\varepsilon)/B))$ (module docstring):
    every learner, passive or adaptive, on the unstructured class of all labelings of
    $B$ = `bits` equally likely items. With `eps_eval`, the accuracy measured against
    held-out labels of that error rate, $\varepsilon_{\mathrm{ev}} + a_{\max}(1 - 2\varepsilon_{\mathrm{ev}})$.

    Parameters
    ----------
    n : float or array_like
        Labels, $\ge 0$ (the bound is continuous in $n$: a fractional $n$ interpolates).
    bits : float or array_like
        $B$, the class size in bits ($\ge 1$).
    eps : float or array_like
        The labels' error rate, in $[0, 1/2]$.
    eps_eval : float or array_like, optional
        Error rate of the labels the accuracy is measured against (default: clean accuracy).

    Examples
    --------
    >>> accuracy_limit(0, bits=100, eps=0.1), accuracy_limit(10**6, bits=100, eps=0.1)
    (0.5, 1.0)
    >>> round(accuracy_limit(1000, bits=2000, eps=0.1, eps_eval=0.27), 4)   # against noisy labels
    0.6351
    """
    nn = _labels(n)
    b = _bits(bits)
    e = check_error_rate("eps", eps)
    y = np.maximum(0.0, LN2 - nn * capacity_nats(e) / b)
    a = 1.0 - np.asarray(inverse_binary_entropy(np.minimum(y, LN2)), dtype=float)
    return as_output(a) if eps_eval is None else observed_accuracy(a, eps_eval)


def labels_limit(accuracy, bits, eps, eps_eval=None):
    r"""The fewest labels of error $\varepsilon$ with which any learner can reach an expected accuracy on a class of $2^B$ labelings.

    $n_{\min}(a) = B\,(\ln 2 - h(1 - a)) / C(\varepsilon)$ for clean accuracy $a \ge 1/2$
    (0 below), the inverse of `accuracy_limit`; `inf` where no finite $n$ suffices: an
    accuracy above the ceiling $1 - \varepsilon_{\mathrm{ev}}$ of the held-out labels, or
    labels that carry nothing ($\varepsilon = 1/2$) asked for more than chance.

    Parameters
    ----------
    accuracy : float or array_like
        Expected accuracy: clean, or against held-out labels of error `eps_eval`.
    bits, eps, eps_eval
        As for `accuracy_limit`.

    Examples
    --------
    >>> round(labels_limit(0.9, bits=1000, eps=0.2), 1)
    1909.6
    >>> labels_limit(0.75, bits=1000, eps=0.2, eps_eval=0.27)      # above the ceiling 0.73
    inf
    """
    b = _bits(bits)
    e = check_error_rate("eps", eps)
    a = check_probability("accuracy", accuracy) if eps_eval is None else np.asarray(clean_accuracy(accuracy, eps_eval))
    a, b, e = np.broadcast_arrays(np.asarray(a, dtype=float), b, e)
    n = np.zeros(a.shape)
    mid = (a > 0.5) & (a < 1.0)
    if mid.any():       # the catalogue's proved bound, at delta = 1 - a
        n[mid] = np.asarray(bound("fano.rate_distortion")(bits=b[mid], eps=e[mid], delta=1.0 - a[mid]), dtype=float)
    top = (a >= 1.0) & (a <= 1.0 + 1e-12)
    with np.errstate(divide="ignore"):
        n[top] = np.where(capacity_nats(e[top]) > 0, b[top] * LN2 / capacity_nats(e[top]), np.inf)
    n[a > 1.0 + 1e-12] = np.inf
    return as_output(n)


#: Most values of an item's label count summed by `achievable_accuracy`.
MAX_WINDOW = 4_000_000


def _achievable_one(n, b, e):
    if n == 0 or e == 0.5:
        return 0.5
    p = 1.0 / b
    # the counts outside [lo, hi] have probability below 1e-17 on each side (hi from the
    # mirrored law: scipy's isf saturates at n for such small tails)
    lo = int(stats.binom.ppf(1e-17, n, p))
    hi = int(n - stats.binom.ppf(1e-17, n, 1.0 - p))
    if hi - lo > MAX_WINDOW:
        # every count in the window is so large that the vote's error is below Chernoff's
        # (4e(1-e))^(k/2) <= 1e-18: the accuracy is 1 to double precision
        if lo / 2.0 * math.log(4.0 * e * (1.0 - e)) < math.log(1e-18):
            return 1.0
        raise ParameterValueError(f"n={n:g} in achievable_accuracy: with bits={b:g} an item's label count spans "
                                  f"{hi - lo + 1} values, more than the {MAX_WINDOW} summed, and the vote's error "
                                  f"at eps={e!r} is not yet negligible", parameter="n", value=n,
                                  domain=f"n with at most {MAX_WINDOW} likely label counts per item")
    k = np.arange(lo, min(hi, int(n)) + 1)
    w = stats.binom.pmf(k, n, p)
    err = np.where(k == 0, 0.5, np.asarray(majority_error(np.maximum(k, 1), e, ties="random"), dtype=float))
    return min(1.0, float(np.sum(w * (1.0 - err))))     # the pmf's rounding may sum past 1


def achievable_accuracy(n, bits, eps, eps_eval=None):
    r"""Expected accuracy of the per-item majority learner: $n$ labels on uniformly random items of $B$.

    The reference learner of the module docstring: each of $B$ = `bits` items (a whole
    number, $\ge 1$) gets $k \sim \mathrm{Bin}(n, 1/B)$ labels, and is predicted by their
    majority (coin flip on ties and with no label). Not a bound: what one simple learner
    reaches, to set beside `accuracy_limit`. Summed over $k$ within $10^{-17}$ tails, at
    most `MAX_WINDOW` values of $k$ (beyond, 1 where the vote's error is negligible,
    else an error naming `n`).

    Examples
    --------
    >>> achievable_accuracy(0, bits=10, eps=0.1)
    0.5
    >>> round(achievable_accuracy(10**5, bits=10, eps=0.1), 6)
    1.0
    """
    nn = check_count("n", n, where="achievable_accuracy")
    b = np.asarray(check_count("bits", bits, where="achievable_accuracy"), dtype=float)
    if np.any(b < 1):
        raise ParameterValueError(f"bits={float(b[b < 1].ravel()[0])!r} in achievable_accuracy must be a whole "
                                  "number of items >= 1", parameter="bits", value=float(b[b < 1].ravel()[0]),
                                  domain="integers >= 1")
    e = check_error_rate("eps", eps)
    nn, b, e = np.broadcast_arrays(nn, b, e)
    a = np.array([_achievable_one(float(x), float(y), float(z)) for x, y, z in zip(nn.ravel(), b.ravel(), e.ravel())])
    a = a.reshape(nn.shape)
    return as_output(a) if eps_eval is None else observed_accuracy(a, eps_eval)
