"""Best-of-n KL and the gold-reward forms of Gao, Schulman & Hilton (2022): derivation, witnesses, papers' figures.

* the derivation of KL(best-of-n) = log n - (n-1)/n, checked by the proof engine step by step
  (a relation outside the catalogue: `bounds.proof.check` on a `Derivation` of our own), by
  sympy (the integral for symbolic n, and for n = 1..50 exactly) and by mpmath quadrature;
* witnesses: for continuous rewards (normal, exponential) the KL computed independently by
  numerical integration equals the formula, and a wrong formula (log n) is rejected; for
  discrete rewards the KL of the best-of-n law, enumerated exactly over all n-tuples with
  ties broken uniformly at random, never exceeds the formula (Beirami et al. 2024, §3);
* the papers' exact figures: KL at n = 1,000 (about 6 nats) and n = 60,000 (about 10 nats)
  (Gao et al. 2022, advance prediction of the best-of-n form);
* optimum and zero of each form against sympy's closed-form solution;
* monotonicity (hypothesis) and bad input.

No Monte Carlo: every witness is an exact enumeration or a quadrature with a stated tolerance.
"""
from __future__ import annotations

import itertools
import math
import warnings
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from bounds.data import collections
from bounds.data.reward_models import (GAO_ALPHA_BON, GAO_ALPHA_RL, GAO_BETA_BON, GAO_BETA_RL, GAO_FITTED_LINES,
                                       GAO_SETUP, PROXY_RM_KEYS, PROXY_RM_PARAMETERS)
from bounds.errors import ParameterTypeError, ParameterValueError, SolutionOverflowWarning
from bounds.overoptimization import (RM_SIZES, GoldRewardForm, bon_kl, bon_kl_discrete, bon_n_for_kl,
                                     gold_reward_expression, gold_reward_form, gold_reward_forms, iterated_rl_gain,
                                     plot_gold_reward)

# --------------------------------------------------------------------------- the derivation


def _bon_kl_derivation():
    """KL(best-of-n || policy) for a continuous reward, in the quantile u = F(r) (uniform under the policy):
    the kept output's quantile is the maximum of n uniforms, density n u^(n-1)."""
    from bounds.derive import Derivation, Step

    n, u = sp.Symbol("n", positive=True), sp.Symbol("u", positive=True)
    kl = sp.Integral(n * u ** (n - 1) * sp.log(n * u ** (n - 1)), (u, 0, 1))
    steps = [
        Step("=", sp.Integral(n * u ** (n - 1) * (sp.log(n) + (n - 1) * sp.log(u)), (u, 0, 1)),
             "the logarithm of a product", lhs=kl),
        Step("=", sp.log(n) + (n - 1) * sp.Integral(n * u ** (n - 1) * sp.log(u), (u, 0, 1)),
             "linearity; the density integrates to 1"),
        Step("=", sp.log(n) - (n - 1) / n, "integration by parts: the integral of n u^(n-1) log u is -1/n"),
    ]
    return n, kl, Derivation("overopt.bon_kl", "KL of best-of-n", domain={n: sp.Interval(1, sp.oo)}, bound=None,
                             steps=steps)


def test_derivation_is_proved_by_the_engine():
    from bounds.proof import check

    n, kl, D = _bon_kl_derivation()
    r = check(D)
    assert [s.status for s in r.steps] == ["proved"] * 3, [(s.status, s.detail) for s in r.steps]
    assert r.conclusion == sp.Eq(kl, sp.log(n) - (n - 1) / n)


def test_derivation_rejects_a_wrong_last_line():
    """Negative control: the engine refutes the derivation when its last line is log n."""
    from bounds.derive import Step
    from bounds.proof import check

    n, kl, D = _bon_kl_derivation()
    wrong = D.replace(cases=[type(D.cases[0])(True, [Step("=", sp.log(n), "wrong: log n", lhs=kl)])])
    assert check(wrong).steps[0].status == "false"


def test_integral_symbolically_and_for_n_1_to_50():
    n, u = sp.Symbol("n", positive=True), sp.Symbol("u", positive=True)
    integral = sp.integrate(n * u ** (n - 1) * sp.log(n * u ** (n - 1)), (u, 0, 1))
    assert sp.simplify(integral - (sp.log(n) - (n - 1) / n)) == 0
    for k in range(1, 51):
        exact = sp.integrate(k * u ** (k - 1) * sp.expand_log(sp.log(k * u ** (k - 1)), force=True), (u, 0, 1))
        assert sp.simplify(exact - (sp.log(k) - sp.Rational(k - 1, k))) == 0, k
        assert bon_kl(k) == pytest.approx(float(sp.log(k) - sp.Rational(k - 1, k)), rel=1e-14, abs=1e-300)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 50, 1000, 60000, 10**9])
def test_integral_by_mpmath_quadrature(n):
    # in t = -log u the integrand n u^(n-1) log(n u^(n-1)) becomes n e^(-n t) (log n - (n-1) t)
    with mpmath.workdps(40):
        val = mpmath.quad(lambda t: n * mpmath.exp(-n * t) * (mpmath.log(n) - (n - 1) * t),
                          [0, 1 / mpmath.mpf(n), mpmath.inf])
    assert float(val) == pytest.approx(bon_kl(n), rel=1e-13, abs=1e-15)


# --------------------------------------------------------------------------- witnesses


def _continuous_kl(n, logpdf, logcdf, lo, hi):
    """KL(best-of-n || policy) by quadrature over the reward: density n f F^(n-1), ratio n F^(n-1)."""
    from scipy.integrate import quad

    def integrand(x):
        log_ratio = math.log(n) + (n - 1) * logcdf(x)
        return math.exp(logpdf(x) + log_ratio) * log_ratio

    pts = np.linspace(lo, hi, 41)
    return sum(quad(integrand, a, b, epsabs=1e-13, epsrel=1e-12, limit=200)[0] for a, b in zip(pts[:-1], pts[1:]))


CONTINUOUS = {
    "normal": (lambda x: -0.5 * x * x - 0.5 * math.log(2 * math.pi),
               lambda x: float(__import__("scipy.special", fromlist=["log_ndtr"]).log_ndtr(x)), -12.0, 12.0),
    "exponential": (lambda x: -x, lambda x: math.log(-math.expm1(-x)) if x > 0 else -math.inf, 0.0, 60.0),
}


@pytest.mark.parametrize("dist", sorted(CONTINUOUS))
@pytest.mark.parametrize("n", [2, 3, 5, 10, 64, 1000])
def test_continuous_witness_equals_the_formula(dist, n):
    """For a continuous reward the exact KL (quadrature, tolerance 1e-7) equals the formula, and the
    harness rejects a wrong formula (log n, off by (n-1)/n >= 1/2)."""
    kl = _continuous_kl(n, *CONTINUOUS[dist])
    assert abs(kl - bon_kl(n)) < 1e-7
    assert abs(kl - math.log(n)) > 1e-7, "negative control: log n must be rejected"


def _enumerated_bon_pmf(p, rewards, n):
    """The best-of-n law, exactly, by enumerating every n-tuple of outcomes; ties among the tuple's
    top-reward positions are broken uniformly at random."""
    q = [Fraction(0)] * len(p)
    for tup in itertools.product(range(len(p)), repeat=n):
        prob = math.prod((p[i] for i in tup), start=Fraction(1))
        if prob == 0:
            continue
        top = max(rewards[i] for i in tup)
        winners = [i for i in tup if rewards[i] == top]
        for i in winners:
            q[i] += prob / len(winners)
    return q


def _kl_exact(q, p):
    """KL(q || p) of two exact rational pmfs, in mpmath at 50 digits."""
    def mp(x):
        return mpmath.mpf(x.numerator) / x.denominator

    return sum(mp(qi) * mpmath.log(mp(qi) / mp(pi)) for qi, pi in zip(q, p) if qi > 0)


@settings(max_examples=40)
@given(weights=st.lists(st.integers(0, 9), min_size=2, max_size=4).filter(lambda w: sum(w) > 0),
       ties=st.lists(st.integers(0, 2), min_size=4, max_size=4), n=st.integers(1, 5))
def test_discrete_witness_never_exceeds_the_formula(weights, ties, n):
    """Exact enumeration (rational arithmetic, then mpmath at 50 digits) of best-of-n with random ties:
    KL <= log n - (n-1)/n (Beirami et al. 2024, §3), strictly once n >= 2 and two reward levels carry
    mass; `bon_kl_discrete` computes the same number."""
    total = sum(weights)
    p = [Fraction(w, total) for w in weights]
    rewards = ties[:len(p)]
    q = _enumerated_bon_pmf(p, rewards, n)
    assert sum(q) == 1
    with mpmath.workdps(50):
        kl = _kl_exact(q, p)
        formula = mpmath.log(n) - mpmath.mpf(n - 1) / n
        assert kl <= formula + mpmath.mpf(10) ** -40
        levels = {r for r, pi in zip(rewards, p) if pi > 0}
        if n >= 2 and len(levels) >= 2:
            assert kl < formula
    ours = bon_kl_discrete([float(x) for x in p], n, rewards=[float(r) for r in rewards])
    assert ours == pytest.approx(float(kl), rel=1e-9, abs=1e-14)


def test_discrete_approaches_the_formula_as_atoms_shrink():
    """m equal atoms: the KL rises towards the continuous value as m grows, and stays below it."""
    vals = [bon_kl_discrete(np.full(m, 1.0 / m), 16) for m in (2, 10, 100, 10000)]
    assert vals == sorted(vals) and vals[-1] < bon_kl(16) and bon_kl(16) - vals[-1] < 1e-3


# --------------------------------------------------------------------------- the papers' figures


def test_gao_advance_prediction_figures():
    """Gao et al. (2022): the best-of-n form was fitted up to n = 1,000 ("about 6 nats") and held out to
    n = 60,000 ("about 10 nats"); exact values of the formula, and the paper's rounded ones."""
    assert bon_kl(1000) == pytest.approx(math.log(1000) - 0.999, rel=1e-15)
    assert round(bon_kl(1000), 3) == 5.909
    assert round(bon_kl(60000), 4) == 10.0021
    for n_key, kl_key in (("bon_fit_max_n", "bon_fit_max_kl"), ("bon_held_out_max_n", "bon_held_out_max_kl")):
        assert round(bon_kl(GAO_SETUP[n_key].value)) == GAO_SETUP[kl_key].value


def test_inverse_round_trips():
    kl = np.array([0.0, 1e-12, 1e-6, 1e-3, 0.05, 1.0, 5.908755278982137, 10.0, 100.0, 700.0])
    n = bon_n_for_kl(kl)
    assert n[0] == 1.0
    assert np.allclose(bon_kl(n[1:]), kl[1:], rtol=2e-9, atol=0)
    assert bon_n_for_kl(5.908755278982137) == pytest.approx(1000.0, rel=1e-12)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        assert bon_n_for_kl(1000.0) == math.inf
    assert w and issubclass(w[0].category, SolutionOverflowWarning)


def test_published_coefficients_only_within_their_tolerance():
    """The coefficients are readings of a plotted figure (Gao et al. 2022, Fig. 3): test them only against
    the approximate fitted lines, within the reading tolerance plus the lines' own misfit (0.03),
    never as exact values; and the trends the paper states (alpha_bon up, the betas down with size)."""
    for size, N in PROXY_RM_PARAMETERS.items():
        x = math.log10(N / 3e6)
        for ref, c in ((GAO_ALPHA_BON, "alpha_bon"), (GAO_BETA_BON, "beta_bon"), (GAO_BETA_RL, "beta_rl")):
            line = GAO_FITTED_LINES[f"{c}_intercept"].value + GAO_FITTED_LINES[f"{c}_slope"].value * x
            r = ref[PROXY_RM_KEYS[size]]
            assert abs(r.value - line) <= r.plus_minus + 0.03, (size, c)
            assert r.tag == "figure" and not r.exact
    small, big = PROXY_RM_KEYS[RM_SIZES[0]], PROXY_RM_KEYS[RM_SIZES[-1]]
    assert GAO_ALPHA_BON[big].value > GAO_ALPHA_BON[small].value
    assert GAO_BETA_BON[big].value < GAO_BETA_BON[small].value and GAO_BETA_RL[big].value < GAO_BETA_RL[small].value
    assert all("never printed" in r.note and r.tag == "figure" for r in GAO_ALPHA_RL.values())
    assert gold_reward_form("rl", "3M").alpha == pytest.approx(0.345, abs=1e-15)
    assert {"GAO_ALPHA_BON", "GAO_SETUP", "GAO_FITTED_LINES"} <= set(collections())


def test_forms_keep_the_papers_assignment():
    """Quadratic in d for best-of-n, d log d for RL (some explainers swap them)."""
    bon, (d, a, b) = gold_reward_expression("bon")
    rl, _ = gold_reward_expression("rl")
    assert sp.expand(bon - (a * d - b * d**2)) == 0
    assert sp.expand(rl - (a * d - b * d * sp.log(d))) == 0


# --------------------------------------------------------------------------- optimum and zero


@pytest.mark.parametrize("method", ["bon", "rl"])
@pytest.mark.parametrize("size", RM_SIZES)
def test_optimum_and_zero_against_sympy(method, size):
    f = gold_reward_form(method, size)
    expr, (d, a, b) = gold_reward_expression(method)
    vals = {a: sp.Float(f.alpha, 30), b: sp.Float(f.beta, 30)}
    d_star = [s for s in sp.solve(sp.diff(expr, d), d)]
    zeros = [s for s in sp.solve(expr, d) if s != 0]
    assert len(d_star) == 1 and len(zeros) == 1
    o = f.optimum()
    assert o.d == pytest.approx(float(d_star[0].subs(vals)), rel=1e-12)
    assert o.reward == pytest.approx(float(expr.subs(vals).subs(d, d_star[0].subs(vals))), rel=1e-12)
    assert o.zero_d == pytest.approx(float(zeros[0].subs(vals)), rel=1e-12)
    assert o.kl == pytest.approx(o.d**2, rel=1e-15) and o.zero_kl == pytest.approx(o.zero_d**2, rel=1e-15)
    assert f.reward(o.zero_kl) == pytest.approx(0.0, abs=1e-12)
    assert float(sp.diff(expr, d, 2).subs(vals).subs(d, d_star[0].subs(vals))) < 0     # a maximum
    if method == "bon":
        assert bon_kl(o.n) == pytest.approx(o.kl, rel=1e-12)
    else:
        assert o.n is None


def test_iterated_rl_gain_matches_the_raised_alpha():
    f = gold_reward_form("rl", "1.2B")
    kl = np.linspace(0.0, 50.0, 11)
    for k in (1, 2, 4, 10):
        assert np.allclose(f.iterated(k).reward(kl) - f.reward(kl), iterated_rl_gain(kl, k, f.beta), atol=1e-12)
    assert iterated_rl_gain(9.0, 1, 0.1) == 0.0


# --------------------------------------------------------------------------- monotonicity


@settings(max_examples=60)
@given(n1=st.floats(1.0, 1e12), n2=st.floats(1.0, 1e12))
def test_bon_kl_is_increasing(n1, n2):
    lo, hi = sorted((n1, n2))
    assert bon_kl(lo) <= bon_kl(hi)
    assert bon_kl(hi) <= math.log(hi)


@settings(max_examples=60)
@given(kl1=st.floats(0.0, 600.0), kl2=st.floats(0.0, 600.0))
def test_bon_n_for_kl_is_increasing(kl1, kl2):
    lo, hi = sorted((kl1, kl2))
    assert bon_n_for_kl(lo) <= bon_n_for_kl(hi)


@settings(max_examples=60)
@given(alpha=st.floats(0.05, 2.0), beta=st.floats(0.05, 1.0), method=st.sampled_from(["bon", "rl"]),
       t=st.floats(0.0, 1.0))
def test_gold_reward_rises_to_the_optimum_then_falls(alpha, beta, method, t):
    f = GoldRewardForm(method, alpha, beta)
    o = f.optimum()
    below, above = t * o.kl, o.kl + t * (o.zero_kl - o.kl)
    eps = 1e-9 * max(1.0, o.reward)
    assert f.reward(below) <= o.reward + eps and f.reward(above) <= o.reward + eps
    assert f.reward(above) >= -eps          # non-negative up to the zero
    grid = np.linspace(0.0, o.kl, 50)
    assert np.all(np.diff(f.reward(grid)) >= -eps)


# --------------------------------------------------------------------------- bad input and the plot


@pytest.mark.parametrize("call, param", [
    (lambda: bon_kl(0.5), "n"), (lambda: bon_kl(float("nan")), "n"), (lambda: bon_kl(math.inf), "n"),
    (lambda: bon_n_for_kl(-0.1), "kl"), (lambda: bon_n_for_kl(math.nan), "kl"),
    (lambda: bon_kl_discrete([0.5, 0.6], 2), "pmf"), (lambda: bon_kl_discrete([0.5, 0.5], 0), "n"),
    (lambda: bon_kl_discrete([0.5, 0.5], 2.5), "n"), (lambda: bon_kl_discrete([0.5, 0.5], 2, rewards=[1]), "rewards"),
    (lambda: GoldRewardForm("bon", 0.5, 0.0), "beta"), (lambda: GoldRewardForm("rl", 0.5, -1.0), "beta"),
    (lambda: GoldRewardForm("bon", -0.5, 0.1), "alpha"), (lambda: GoldRewardForm("rl", math.nan, 0.1), "alpha"),
    (lambda: GoldRewardForm("dpo", 0.5, 0.1), "method"), (lambda: gold_reward_form("bon", "7B"), "rm_size"),
    (lambda: gold_reward_form("bon", alpha=0.5), "beta"), (lambda: gold_reward_form("bon", "3B").reward(-1.0), "kl"),
    (lambda: gold_reward_form("bon", "3B").iterated(2), "method"), (lambda: iterated_rl_gain(1.0, 0.5, 0.1), "k"),
    (lambda: iterated_rl_gain(1.0, 2, 0.0), "beta"), (lambda: plot_gold_reward(["1T"]), "rm_sizes"),
])
def test_bad_input_names_the_parameter(call, param):
    with pytest.raises(ParameterValueError) as e:
        call()
    assert e.value.parameter == param and param in str(e.value)


def test_bad_types():
    with pytest.raises(ParameterTypeError):
        bon_kl("10")
    with pytest.raises(ParameterTypeError):
        gold_reward_form("rl", alpha="0.3", beta=0.1)


def test_forms_of_every_size_and_reprs_are_short():
    for method in ("bon", "rl"):
        forms = gold_reward_forms(method)
        assert list(forms) == list(RM_SIZES)
        for f in forms.values():
            assert len(repr(f)) <= 100 and len(repr(f.optimum())) <= 100


def test_plot_draws():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax_bon, ax_rl = plot_gold_reward()
    for ax in (ax_bon, ax_rl):
        curves = [ln for ln in ax.lines if ln.get_label().startswith("RM ")]
        marks = [ln for ln in ax.lines if len(ln.get_xdata()) == 1]
        assert len(curves) == len(RM_SIZES) and len(marks) == len(RM_SIZES)
        assert all(np.all(np.isfinite(ln.get_ydata())) for ln in curves)
    o = gold_reward_form("bon", "3B").optimum()
    assert any(np.allclose([ln.get_xdata()[0], ln.get_ydata()[0]], [o.kl, o.reward]) for ln in ax_bon.lines
               if len(ln.get_xdata()) == 1)
    plt.close("all")


def test_stated_sensitivity_of_the_3b_optimum():
    """The docstring of gold_reward_form states how far the reading tolerances move the 3B optima."""
    import itertools

    for method, (lo, hi) in (("bon", (12.8, 14.3)), ("rl", (39.0, 57.0))):
        f = gold_reward_form(method, "3B")
        da = (GAO_ALPHA_BON["rm_3b"].plus_minus if method == "bon"
              else (GAO_ALPHA_RL["estimate_high"].value - GAO_ALPHA_RL["estimate_low"].value) / 2)
        db = (GAO_BETA_BON if method == "bon" else GAO_BETA_RL)["rm_3b"].plus_minus
        kls = [GoldRewardForm(method, f.alpha + sa * da, f.beta + sb * db).optimum().kl
               for sa, sb in itertools.product((-1, 1), repeat=2)]
        assert round(min(kls), 1) == pytest.approx(lo, abs=0.5) and round(max(kls), 1) == pytest.approx(hi, abs=0.5)
