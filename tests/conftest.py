"""Shared test machinery: hypothesis settings, parameter strategies, an mpmath oracle of the model, soak seeds.

The oracles (`mp_duel_lose`, `mp_race_latent_probs`, and `mp_race_colluding_probs` for the colluding
adversary) are written from the model's description in DESIGN.md §1 and the docstrings of
`bounds.catalogue.race`, not from `bounds._exact`: plain double/triple sums over binomial
pmfs in exact rational arithmetic (Python integers), then mpmath at 50 significant digits
for the powers, with the failure probability formed directly (`-expm1(...)`) so that it
keeps its relative accuracy down to 1e-300 and below. `mp_rhs` evaluates a bound's own
relation in mpmath.

Soak runs (`make soak`, tests/soak.py): with the environment variable BOUNDS_SOAK_SEED set,
hypothesis is not derandomized (the runner passes `--hypothesis-seed` with the same seed,
so a failure is reproduced by that seed) and the tests marked `soak` take their Monte Carlo
base seeds from it (`SOAK_SEED`, `mc_seed`). Without it everything is as deterministic as
ever: SOAK_SEED = 0 and `mc_seed(k)` is k.
"""
from __future__ import annotations

import contextlib
import itertools

import numpy as np
import math
import os
from fractions import Fraction

import mpmath
import numpy as np
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
# soak: fresh examples on every run, reproducible through --hypothesis-seed (tests/soak.py)
settings.register_profile(
    "soak",
    deadline=None,
    derandomize=False,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

#: Base seed of a soak run (BOUNDS_SOAK_SEED), 0 in ordinary runs.
_SOAK_ENV = os.environ.get("BOUNDS_SOAK_SEED", "").strip()
SOAKING = _SOAK_ENV != ""
SOAK_SEED = int(_SOAK_ENV) if SOAKING else 0
if SOAKING and SOAK_SEED < 0:
    raise ValueError(f"BOUNDS_SOAK_SEED={_SOAK_ENV!r} must be a non-negative integer")
settings.load_profile("soak" if SOAKING else "bounds")


def mc_seed(k: int) -> int:
    """Monte Carlo seed of check k: k itself in ordinary runs, a fresh 63-bit seed drawn from (soak seed, k) in a soak run."""
    if not SOAKING:
        return int(k)
    return int(np.random.SeedSequence([SOAK_SEED, int(k)]).generate_state(1, np.uint64)[0] >> 1)


def pytest_configure(config):
    config.addinivalue_line("markers", "soak: part of the soak run (make soak): fresh seeds on every run")
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


def mp_race_colluding_probs(n, K, d, eps, alpha=0.0):
    """(P(win), P(lose)) of the race with the *colluding* adversary (the old model), as mpf at DPS digits.

    This is the adversary of `bounds.simulate`'s `adversary='colluding'` variant, no longer
    the default model (see `mp_race_latent_probs`).

    Per label, with probability 1 - alpha an honest rater labels correctly (agrees with the
    aligned policy) with probability q = 1 - eps; with probability alpha the adversary
    writes the label for its target j*, which is wrong exactly when j* separates. So a
    label is correct with probability q_c = (1-alpha) q + alpha (1-d); given c correct
    labels, j* separates on Bin(c, r1) correct and Bin(n-c, r2) wrong labels, every other
    unaligned policy on Bin(c, d) and Bin(n-c, d), all independent; the aligned policy
    beats a policy iff strictly more of its separating labels are correct (ties lose).
    P(lose) is summed directly, never as 1 - P(win).
    """
    n = int(n)
    d, eps, alpha = _frac(d), _frac(eps), _frac(alpha)
    q = 1 - eps
    qc = (1 - alpha) * q + alpha * (1 - d)
    r1 = (1 - alpha) * q * d / qc if qc > 0 else Fraction(0)
    r2 = ((1 - alpha) * (1 - q) * d + alpha * d) / (1 - qc) if qc < 1 else Fraction(0)
    pc, dc = _binom_num(n, qc)
    with mpmath.workdps(DPS):
        Km2 = mpmath.mpf(K) - 2
        win = mpmath.mpf(0)
        lose = mpmath.mpf(0)
        for c in range(n + 1):
            if pc[c] == 0:
                continue
            w_c = mpmath.mpf(pc[c]) / dc
            g_le, g_gt = _le_gt(c, r1, n - c, r2)  # j* not beaten / beaten
            if Km2 > 0:
                p_le, p_gt = _le_gt(c, d, n - c, d)
            else:
                p_le, p_gt = Fraction(0), Fraction(1)
            if g_gt == 0 or p_gt == 0:
                win_c, lose_c = mpmath.mpf(0), mpmath.mpf(1)
            else:
                # log P(win | c) = log(1 - gbar) + (K - 2) log(1 - pbar)
                log_w = mpmath.log(_mpf(g_gt)) + (Km2 * mpmath.log(_mpf(p_gt)) if Km2 > 0 else 0)
                win_c = mpmath.exp(log_w)
                # P(lose | c) = -expm1(log_w), computed from log1p(-gbar) to keep tiny values
                log_w1 = mpmath.log1p(-_mpf(g_le)) + (Km2 * mpmath.log1p(-_mpf(p_le)) if Km2 > 0 else 0)
                lose_c = -mpmath.expm1(log_w1)
            win += w_c * win_c
            lose += w_c * lose_c
        return win, lose


def latent_model(d, eps, alpha=0.0, s=0.0, q_hard=0.0):
    """(q_c, (r1, r2) ordinary, (r1, r2) deceptive) of the latent-correctness race, as Fractions.

    From the description of race.exact: a label agrees with the aligned policy with
    probability q_c = (1 - d) q_alpha + d q_dec, moved into [1 - hi, 1 - lo] with
    lo = d max(1 - q_alpha, 1 - q_dec), hi = 1 - d (1 - min(1 - q_alpha, 1 - q_dec)) (the
    range in which the separation probabilities below are at most 1; q_c = q_alpha without
    systematic error); given that, a policy whose separating labels favour the aligned one
    with probability q separates with probability r1 = d q / q_c (agreeing label) or
    r2 = d (1 - q) / (1 - q_c) (disagreeing label)."""
    d, eps, alpha, s, q_hard = (_frac(x) for x in (d, eps, alpha, s, q_hard))
    qa = (1 - alpha) * (1 - eps)
    qd = (1 - alpha) * ((1 - s) * (1 - eps) + s * q_hard)
    if qa == qd:
        qbar_c = 1 - qa
    else:
        lo = d * max(1 - qa, 1 - qd)
        hi = 1 - d * (1 - min(1 - qa, 1 - qd))
        if lo > hi:
            raise ValueError(f"no latent model at d={float(d)} (d (1 + |q_alpha - q_dec|) > 1)")
        qbar_c = min(max((1 - d) * (1 - qa) + d * (1 - qd), lo), hi)
    qc = 1 - qbar_c

    def rates(q):
        return (d * q / qc if qc > 0 else Fraction(0), d * (1 - q) / qbar_c if qbar_c > 0 else Fraction(0))

    return qc, rates(qa), rates(qd)


def mp_race_latent_probs(n, K, d, eps, alpha=0.0, s=0.0, q_hard=0.0, K_dec=1):
    """(P(win), P(lose)) of the race on the independent-separation class (latent-correctness model), mpf.

    c ~ Bin(n, q_c) agreeing labels; given c the K - 1 duels are independent, the aligned
    policy beating a policy when X ~ Bin(c, r1) > Y ~ Bin(n - c, r2) (ties lose); K_dec
    deceptive policies with their own (r1, r2). P(lose) is summed directly, never as 1 - P(win)."""
    n, K_dec = int(n), int(K_dec)
    qc, (r1a, r2a), (r1d, r2d) = latent_model(d, eps, alpha, s, q_hard)
    pc, dc = _binom_num(n, qc)
    with mpmath.workdps(DPS):
        n_ord = mpmath.mpf(K) - 1 - K_dec
        win = mpmath.mpf(0)
        lose = mpmath.mpf(0)
        for c in range(n + 1):
            if pc[c] == 0:
                continue
            w_c = mpmath.mpf(pc[c]) / dc
            a_le, a_gt = _le_gt(c, r1a, n - c, r2a)
            d_le, d_gt = _le_gt(c, r1d, n - c, r2d)
            if (n_ord > 0 and a_gt == 0) or d_gt == 0:
                win_c, lose_c = mpmath.mpf(0), mpmath.mpf(1)
            else:
                log_w = K_dec * mpmath.log(_mpf(d_gt)) + (n_ord * mpmath.log(_mpf(a_gt)) if n_ord > 0 else 0)
                win_c = mpmath.exp(log_w)
                log_w1 = K_dec * mpmath.log1p(-_mpf(d_le)) + (n_ord * mpmath.log1p(-_mpf(a_le)) if n_ord > 0 else 0)
                lose_c = -mpmath.expm1(log_w1)
            win += w_c * win_c
            lose += w_c * lose_c
        return win, lose


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
    "SOAKING",
    "SOAK_SEED",
    "latent_model",
    "mc_seed",
    "mp_race_latent_probs",
    "NO_SHRINK",
    "bisection_only",
    "is_exact",
    "mp_duel_lose",
    "mp_race_colluding_probs",
    "params_strategy",
    "rel_err",
    "strategy",
]
_ = bounds  # the package is imported once here so that collection fails early if it is broken
