"""Shared test machinery: hypothesis settings, parameter strategies, an mpmath oracle of the model.

The oracle (`mp_duel_lose`, `mp_race_probs`) is written from the model's description in
DESIGN.md §1 and the docstring of `bounds/catalogue/race.py`, not from `bounds._exact`:
plain double/triple sums over binomial pmfs in exact rational arithmetic (Python integers),
then mpmath at 50 significant digits for the powers (1 - G)^count, with the failure
probability formed directly (`-expm1(...)`) so that it keeps its relative accuracy down
to 1e-300 and below. `mp_rhs` evaluates a bound's own relation in mpmath.
"""
from __future__ import annotations

import contextlib
import itertools

import numpy as np
import math
from fractions import Fraction

import mpmath
import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

import bounds
from bounds.vocabulary import PARAMETERS

# ---------------------------------------------------------------------------- hypothesis
# derandomize: the same examples on every run, so the suite never flakes; no database.
# (Each test states its own max_examples; the exact computations make timing deadlines moot.)
settings.register_profile(
    "bounds",
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.load_profile("bounds")
#: For tests whose examples cost seconds (exact bounds): report the first failing example,
#: do not spend minutes shrinking it.
NO_SHRINK = (Phase.explicit, Phase.generate)

#: Bounds whose relation is an exact (and expensive) computation with integer n.
EXACT_IDS = ("duel.exact", "race.exact")


def is_exact(b) -> bool:
    return b.direction == "exact"


def strategy(name: str, *, exact: bool = False, region: str = "typical", n_max: int = 300):
    """Values of one vocabulary symbol, from the vocabulary's own strategy.

    For the exact bounds `n` is an integer (kept <= n_max so the tests stay fast) and `K`
    an integer (drawn on a log scale up to 2**40).
    """
    if exact and name == "n":
        return st.integers(1, n_max).map(float)
    if exact and name == "K":
        return PARAMETERS["K"].strategy(region=region).map(lambda k: float(round(k)))
    return PARAMETERS[name].strategy(region=region)


def params_strategy(names, *, exact: bool = False, n_max: int = 300, fixed=None):
    """A dict strategy with one value per name (`fixed`: values to use instead of drawing).

    `K_dec` is drawn in [1, min(16, K - 1)] so that it fits the K drawn with it."""
    fixed = dict(fixed or {})
    drawn = [n for n in names if n not in fixed and n != "K_dec"]
    base = st.fixed_dictionaries({n: strategy(n, exact=exact, n_max=n_max) for n in drawn})
    if "K_dec" not in names or "K_dec" in fixed:
        return base.map(lambda d: {**d, **{k: v for k, v in fixed.items() if k in names}})

    def with_kdec(d):
        K = d.get("K", fixed.get("K", 2.0))
        top = int(max(1, min(16, math.floor(K) - 1)))
        return st.integers(1, top).map(lambda k: {**d, **{k2: v for k2, v in fixed.items() if k2 in names},
                                                  "K_dec": float(k)})

    return base.flatmap(with_kdec)


@contextlib.contextmanager
def bisection_only(b):
    """Within the block, `b.solve` uses no closed form (forces the bracketed root finder)."""
    saved = b.use_closed_forms
    try:
        b.use_closed_forms = False
        yield b
    finally:
        b.use_closed_forms = saved


def typical_values(name, shape, rng, *, K=None):
    """Random values of one vocabulary symbol over its typical range (log-uniform where declared).

    `K_dec` needs the K it belongs to (at most K - 1 deceptive policies)."""
    p = PARAMETERS[name]
    lo, hi = p.typical
    if name == "K_dec":
        top = np.minimum(hi, np.asarray(K, float) - 1.0) if K is not None else hi
        return np.floor(1.0 + rng.uniform(0, 1, shape) * (top - 1.0 + 0.999))
    if p.log_scale and lo > 0:
        return np.exp(rng.uniform(np.log(lo), np.log(hi), shape))
    return rng.uniform(lo, hi, shape)


def typical_point(b, shape, rng):
    """A dict of arrays for every input of bound `b`, drawn from the vocabulary's typical ranges."""
    out = {}
    for name in b.inputs:
        if name == "K_dec":
            continue
        out[name] = typical_values(name, shape, rng)
    if "K_dec" in b.inputs:
        out["K_dec"] = typical_values("K_dec", shape, rng, K=out.get("K"))
    return out


# ---------------------------------------------------------------------------- mpmath oracle
# Exact rational arithmetic (Python integers) for every binomial sum, then mpmath at
# DPS digits for the last step (the power (1 - pbar)^(K - 2) with K up to 2**1000).
# Parameters are converted with Fraction(float), i.e. exactly; dyadic values (0.25,
# 0.0625, ...) keep the integers small and the oracle fast.
DPS = 50


def _frac(x) -> Fraction:
    return x if isinstance(x, Fraction) else Fraction(float(x))


def _binom_num(N, p: Fraction):
    """Numerators of P(Bin(N, p) = k), k = 0..N, over the common denominator p.denominator**N."""
    P, Q = p.numerator, p.denominator
    R = Q - P
    pw_p = [1]
    pw_r = [1]
    for _ in range(N):
        pw_p.append(pw_p[-1] * P)
        pw_r.append(pw_r[-1] * R)
    return [math.comb(N, k) * pw_p[k] * pw_r[N - k] for k in range(N + 1)], Q**N


def _le_gt(a, s: Fraction, b, t: Fraction):
    """Exact P(Bin(a, s) <= Bin(b, t)) and P(Bin(a, s) > Bin(b, t)) as Fractions."""
    px, dx = _binom_num(a, s)
    py, dy = _binom_num(b, t)
    cdf = list(itertools.accumulate(px))  # cdf[k] * dx = P(X <= k) * dx
    le = sum(py[y] * cdf[min(y, a)] for y in range(b + 1))
    den = dx * dy
    return Fraction(le, den), Fraction(den - le, den)


def _mpf(fr: Fraction):
    return mpmath.mpf(fr.numerator) / fr.denominator


def _q(eps, alpha, s=0, q_hard=0):
    """(q_alpha, q_dec) as Fractions: a separating label favours the aligned policy (DESIGN §1)."""
    eps, alpha, s, q_hard = (_frac(x) for x in (eps, alpha, s, q_hard))
    return (1 - alpha) * (1 - eps), (1 - alpha) * ((1 - s) * (1 - eps) + s * q_hard)


def mp_duel_lose(n, d, eps, alpha=0.0, s=0.0, q_hard=0.0):
    """P(lose the duel) (DESIGN §1): m ~ Bin(n, d) separating labels, each favouring the aligned
    policy with probability q = q_dec (= q_alpha without systematic error); lose iff
    Bin(m, q) <= m/2. Exact (a Fraction)."""
    n = int(n)
    d = _frac(d)
    _, q = _q(eps, alpha, s, q_hard)
    pm, dm = _binom_num(n, d)
    total = Fraction(0)
    for m in range(n + 1):
        if pm[m] == 0:
            continue
        pk, dk = _binom_num(m, q)
        total += Fraction(pm[m] * sum(pk[: m // 2 + 1]), dm * dk)
    return total


def latent_qc(d, qa, qd):
    """q_c of the exact race's latent model, as a Fraction: (1 - d) q_alpha + d q_dec, clipped so
    that every separation probability is at most 1 (written from the model's description)."""
    base = (1 - d) * qa + d * qd
    lo, hi = d * max(qa, qd), 1 - d * max(1 - qa, 1 - qd)
    return min(max(base, lo), hi)


def mp_race_probs(n, K, d, eps, alpha=0.0, s=0.0, q_hard=0.0, K_dec=1):
    """(P(win), P(lose)) of the race on the independent-separation class, as mpf at DPS digits.

    The latent model: each label agrees with the aligned policy with probability q_c; given
    that, each unaligned policy separates independently — an ordinary one with probability
    d q_alpha / q_c on an agreeing label and d (1 - q_alpha) / (1 - q_c) on a disagreeing one, a
    deceptive one (K_dec of them) likewise with q_dec. Given c agreeing labels a policy is not
    beaten with probability P(Bin(c, r1) <= Bin(n - c, r2)) (ties lose), independently of the
    others. P(lose) is summed directly, never as 1 - P(win).
    """
    n, K_dec = int(n), int(K_dec)
    d = _frac(d)
    qa, qd = _q(eps, alpha, s, q_hard)
    qc = latent_qc(d, qa, qd) if qa != qd else qa
    groups = []
    for q, count in ((qd, K_dec), (qa, None)):
        r1 = d * q / qc if qc > 0 else Fraction(0)
        r2 = d * (1 - q) / (1 - qc) if qc < 1 else Fraction(0)
        groups.append((r1, r2, count))
    pc, dc = _binom_num(n, qc)
    with mpmath.workdps(DPS):
        n_ord = mpmath.mpf(K) - 1 - K_dec
        win = mpmath.mpf(0)
        lose = mpmath.mpf(0)
        for c in range(n + 1):
            if pc[c] == 0:
                continue
            w_c = mpmath.mpf(pc[c]) / dc
            log_w, log_w1, dead = mpmath.mpf(0), mpmath.mpf(0), False
            for r1, r2, count in groups:
                m = mpmath.mpf(count) if count is not None else n_ord
                if m == 0:
                    continue
                le, gt = _le_gt(c, r1, n - c, r2)
                if gt == 0:
                    dead = True
                    break
                log_w += m * mpmath.log(_mpf(gt))
                log_w1 += m * mpmath.log1p(-_mpf(le))
            if dead:
                win_c, lose_c = mpmath.mpf(0), mpmath.mpf(1)
            else:
                win_c = mpmath.exp(log_w)
                lose_c = -mpmath.expm1(log_w1)  # keeps tiny values
            win += w_c * win_c
            lose += w_c * lose_c
        return win, lose


_MP_CACHE: dict = {}


def mp_rhs(b):
    """The bound's own relation, right-hand side, as an mpmath function of keyword arguments.

    Built from `b.expr` (the relation its derivation proves), with the measure functions
    rewritten into logarithms; evaluated at the current mpmath precision. Optional inputs not
    given take their vocabulary defaults; `bits=` may replace `K`. For exact bounds `n` and
    the counts are integers (the relation is a finite sum)."""
    import sympy as sp

    from bounds.vocabulary import SYMBOLS

    key = (b.id, id(b))
    if key not in _MP_CACHE:
        expr = b.expr.rewrite(sp.log)
        _MP_CACHE[key] = sp.lambdify([SYMBOLS[k] for k in b.inputs], expr, modules=["mpmath"])
    f = _MP_CACHE[key]

    def call(**kw):
        if "bits" in kw:
            kw["K"] = mpmath.mpf(2) ** mpmath.mpf(kw.pop("bits"))
        args = []
        for k in b.inputs:
            v = kw[k] if k in kw else PARAMETERS[k].default
            if b.direction == "exact" and k in ("n", "K", "K_dec"):
                args.append(int(v))
            else:
                args.append(v if isinstance(v, mpmath.mpf) else mpmath.mpf(v))
        return f(*args)

    return call


def rel_err(x, ref) -> float:
    """|x - ref| / |ref| in high precision (0 when both are 0 or the same infinity)."""
    if isinstance(ref, Fraction):
        ref = mpmath.mpf(ref.numerator) / ref.denominator
    with mpmath.workdps(DPS):
        if mpmath.isinf(ref) or (isinstance(x, float) and math.isinf(x)):
            return 0.0 if float(x) == float(ref) else math.inf
        x = mpmath.mpf(x)
        if ref == 0:
            return 0.0 if x == 0 else math.inf
        return float(abs(x - ref) / abs(ref))


@pytest.fixture
def no_warnings():
    """Turn every warning into an error inside the test."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


__all__ = [
    "mp_rhs",
    "typical_point",
    "typical_values",
    "EXACT_IDS",
    "NO_SHRINK",
    "bisection_only",
    "is_exact",
    "mp_duel_lose",
    "mp_race_probs",
    "params_strategy",
    "rel_err",
    "strategy",
]
_ = bounds  # the package is imported once here so that collection fails early if it is broken
