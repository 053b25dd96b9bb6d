r"""Exact probabilities of the race, computed in log space with a rigorous error bound.

Private package: the model layer turns these numbers into user-facing answers. It
depends on nothing else in `bounds` but its exceptions (otherwise only numpy and scipy).
Its public names are re-exported here; the modules, each building on those before it:

* `pmf` — binomial log pmfs: Loader's saddle-point form (accurate for any $m$, subnormal
  $p$ included) and a table-based form for locating windows;
* `rows` — the row kernel: $P(\mathrm{Bin}(a, s) \le \mathrm{Bin}(b, t) + k)$ for many rows
  in one vectorized batch, each truncated to a window with a rigorous bound on what was
  dropped (and `log_binom_le`);
* `logspace` — small log-space helpers (sums, complements, $N \log u$ for huge $N$);
* `latent` — the latent-correctness model: groups of policies with their per-$c$ Chernoff
  bounds, the cache of rows, the group sizes from $\log K$ and $m$;
* `evaluate` — the outer sum over the number $c$ of correct labels, windowed from the
  per-$c$ bounds, to a relative accuracy of $10^{-14}$;
* `parameters` — the inputs' validation, and the model's parameters formed without
  cancellation (`latent_parameters`, `legacy_parameters`);
* `probabilities` — the vectorized entry points (`latent_race_log_probs`, `race_log_probs`,
  `duel_log_probs`);
* `search` — `smallest_n` and `largest_K`;
* `mixture` — the race with labels from several sources (generic objective): the law of the
  agreeing labels is a convolution of binomials (`mixture_log_probs`);
* `convolution` and `walk` — a compiled kernel (numba, optional) for batches of points of one
  group of policies: the rows $c$ are walked in order, the laws carried from one row to
  the next by one convolution step, with a rigorous bracket; `latent_race_log_probs`
  sends batches of at least `FAST_MIN_POINTS` such points to it (`method="auto"`).

The latent-correctness model
----------------------------
Each of $n$ i.i.d. labels is *correct* (agrees with the aligned policy) with probability
$q_c$. Given whether a label is correct, each unaligned policy separates from the aligned
one on it independently of everything else: an *ordinary* policy with probability $r_1$
on a correct label and $r_2$ on a wrong one, a *deceptive* policy with $r_1'$ and $r_2'$.
A separating label favours the aligned policy exactly when it is correct. Given the
number $c \sim \mathrm{Bin}(n, q_c)$ of correct labels, a policy is *not* beaten (ties
lose) with probability

$$G(c) = P(\mathrm{Bin}(c, r_1) \le \mathrm{Bin}(n-c, r_2))$$

($G'(c)$ likewise with $r_1'$, $r_2'$), independently across policies, so with $m$
deceptive and $N = K - 1 - m$ ordinary policies

$$P(\mathrm{win}) = E_c\big[(1-G'(c))^m\,(1-G(c))^{N}\big], \qquad
P(\mathrm{lose}) = E_c\big[1 - (1-G'(c))^m\,(1-G(c))^{N}\big].$$

The model layer chooses the parameters (`latent_parameters`) so that every unaligned
policy is separated with probability $d$ and a separating label favours the aligned
policy with probability $q$: $r_1 = d\,q/q_c$, $r_2 = d\,(1-q)/(1-q_c)$; with $q_c = q$
this is independent separation, $r_1 = r_2 = d$. The legacy race, whose adversary labels
for one chosen policy $j^*$, is the case $m = 1$ (`legacy_parameters`, `race_log_probs`).

Every probability enters together with its complement ($q_c$ and $1 - q_c$, $r$ and
$1 - r$), because a caller may hold $1 - q_c = 10^{-300}$, which $q_c$ cannot carry;
each logarithm is taken of whichever of the two is at most 1/2. $K$ enters as $\log K$
($K = 2^{2000}$ works) and is recovered exactly below $2^{44}$ ($K = 2$ with $m = 1$
leaves no ordinary policy).

How it is computed
------------------
Each probability is a sum over $c$ of $P(C = c)$ times a per-$c$ product of the $G$s.
Only the values of $c$ that matter are computed (windows chosen from rigorous per-$c$
Chernoff bounds, `evaluate`), and for each the inner probabilities $G$ and $1 - G$ are
sums over a window of the $(x, y)$ grid around its largest term (`rows`), all in log
space with Loader's binomial pmf (`pmf`); every truncation carries a rigorous bound, and
the windows are widened until the bound is below $10^{-14}$ of the result.

*The returned `err`* is the larger of the relative bounds actually achieved (capped
at $e^{700}$); because the probabilities are at most 1 it also bounds the absolute
truncation error of each. It is normally below $10^{-14}$. It can be large only when
$|\log P| \gtrsim 10^{6}$ (e.g. $P(\mathrm{win}) = e^{-10^{26}}$ with $K = 2^{100}$):
$\log P$ is then still right to a relative $10^{-14}$, but $P$ itself is not known to a
factor. Floating-point rounding (relative $\sim 10^{-13}$ in $P$, measured up to
$3.5 \cdot 10^{-13}$ at $n = 9642$, $K = 2^{20}$ against a 30-digit evaluation, and
$\sim 10^{-16}\,|\log P|$ absolute in $\log P$) is not part of `err`; the compiled kernel
(`convolution`) was within $6 \cdot 10^{-15}$ at that point. Subnormal inputs
carry only the absolute precision of subnormals ($5 \cdot 10^{-324}$): the result is exact
for the inputs as given.

*Cost.* About (rows in the windows) $\times$ (inner window widths) array elements, i.e.
$O(n)$ with a constant of a few hundred to a few thousand (never the $O(n^2)$ grid), plus
$O(n)$ for the per-$c$ bounds. Measured (CPU time, two shared cores, $K = 2^{20}$,
$d = 0.1$, $\varepsilon = 0.2$): $n = 711$ about 5 ms, $n = 10^4$ about 20 ms,
$n = 10^5$ about 0.3 s, $n = 10^6$ about 10 s (rows whose terms span more than 690 nats
are summed with `numpy.logaddexp.accumulate`, which dominates there); hence
`MAX_EXACT_N` $= 10^6$.
"""
from __future__ import annotations

from .latent import MAX_EXACT_N
from .mixture import MAX_MIXTURE_N, mixture_log_probs
from .parameters import LatentParameters, latent_parameters, legacy_parameters
from .pmf import log_binom_pmf
from .probabilities import FAST_MIN_POINTS, duel_log_probs, latent_race_log_probs, race_log_probs
from .rows import log_binom_le
from .search import LargestK, largest_K, smallest_n

__all__ = ["FAST_MIN_POINTS", "MAX_EXACT_N", "MAX_MIXTURE_N", "mixture_log_probs", "log_binom_pmf", "LatentParameters", "LargestK", "latent_parameters",
           "latent_race_log_probs", "smallest_n", "largest_K", "legacy_parameters",
           "log_binom_le", "race_log_probs", "duel_log_probs"]
