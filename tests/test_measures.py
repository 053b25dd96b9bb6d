"""Information measures against mpmath at 50 digits, across the domain and at its edges.

Each measure has a stated relative tolerance (why, in a comment next to it); the oracle
is the textbook formula evaluated at 50 significant digits, with `log1p` where 1 - p
would round even at 50 digits (p = 1e-300). Also: the symbolic forms (`rewrite`,
`lambdify` through `bounds.measures.NUMERIC`) and the [computed] test vectors of
REFERENCES.md §1.4 and §1.5.
"""
from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import bounds
from bounds import measures
from conftest import rel_err

mpmath.mp.dps = 50

# ---------------------------------------------------------------------------- oracles


def mp_h(p):
    p = mpmath.mpf(p)
    t = mpmath.mpf(0)
    if p > 0:
        t -= p * mpmath.log(p)
    if p < 1:
        t -= (1 - p) * mpmath.log1p(-p)
    return t


def mp_kl(p, q):
    p, q = mpmath.mpf(p), mpmath.mpf(q)
    t = mpmath.mpf(0)
    if p > 0:
        if q == 0:
            return mpmath.inf
        t += p * (mpmath.log(p) - mpmath.log(q))
    if p < 1:
        if q == 1:
            return mpmath.inf
        t += (1 - p) * (mpmath.log1p(-p) - mpmath.log1p(-q))
    return t


def mp_bc(p, q):
    p, q = mpmath.mpf(p), mpmath.mpf(q)
    return mpmath.sqrt(p * q) + mpmath.sqrt((1 - p) * (1 - q))


def mp_chernoff(p, q):
    """-min over lambda in [0, 1] of log(p^l q^(1-l) + (1-p)^l (1-q)^(1-l)), by bisection on the
    sign of the derivative at enough digits that 1 - min(p, q) does not round; a point mass at
    x against anything else gives -log(mass the other puts on x)."""
    if p == q:
        return mpmath.mpf(0)
    for a, b in ((q, p), (p, q)):  # a is the point mass
        if a in (0, 1):
            if b == (0 if a == 1 else 1):
                return mpmath.inf
            return -mpmath.log(b) if a == 1 else -mpmath.log1p(-mpmath.mpf(b))
    smallest = min(x for x in (p, q, 1 - p, 1 - q) if x > 0)
    with mpmath.workdps(60 + int(-math.log10(smallest))):
        p, q = mpmath.mpf(p), mpmath.mpf(q)
        la = mpmath.log(p) - mpmath.log(q)
        lb = mpmath.log1p(-p) - mpmath.log1p(-q)

        def slope(lam):
            return q * mpmath.exp(lam * la) * la + (1 - q) * mpmath.exp(lam * lb) * lb

        lo, hi = mpmath.mpf(0), mpmath.mpf(1)
        for _ in range(200):
            mid = (lo + hi) / 2
            if slope(mid) < 0:
                lo = mid
            else:
                hi = mid
        lam = (lo + hi) / 2
        return -mpmath.log1p(q * mpmath.expm1(lam * la) + (1 - q) * mpmath.expm1(lam * lb))


def mp_capacity(e):
    return mpmath.log(2) - mp_h(e)


# ---------------------------------------------------------------------------- tolerances
# binary entropy: p log p and (1 - p) log1p(-p) are each good to ~1 ulp and the two terms
# have the same sign, so a few ulps.
RTOL_H = 4e-16 * 4
# capacity: x atanh(x) + log1p(-x^2)/2 near eps = 1/2 (two terms of opposite sign, but
# the second is half the first to leading order), ln 2 - h elsewhere (cancellation by at
# most a factor ~5 at the switch, |1 - 2 eps| = 1/2).
RTOL_CAPACITY = 4e-15
# KL: near p = q the log1pmx rewrite (a 40-term series) has no cancellation; elsewhere
# two terms whose ratio to the sum is bounded by ~4 at the switch (|u| = 1/4).
RTOL_KL = 4e-15
# Bhattacharyya: two square roots and one addition of positive terms.
RTOL_BC = 4e-16 * 4
# Chernoff: the minimum over lambda is found by 80 bisection steps on the sign of the
# slope; f is flat at the minimum so the location error costs nothing, but the slope's
# sign near the root is decided from differences of rounded terms: 5e-14 observed at
# worst over 10^3 random pairs, so 2e-13.
RTOL_CHERNOFF = 2e-13

EDGES = [0.0, 1.0, 0.5, 1e-300, 5e-324, 1 - 1e-16, 1e-16, 1e-9, 0.5 - 1e-9, 0.5 + 1e-9,
         0.1, 0.2, 0.3, 0.45, 0.999, 1 - 1e-9]
PAIRS = [
    (0.3, 0.3 + 1e-12), (0.3, 0.3 - 1e-9), (0.5, 0.5 + 1e-9), (0.5, 0.5 - 1e-15),
    (0.5 + 1e-9, 0.5 - 1e-9), (1e-300, 0.5), (0.5, 1e-300), (1e-300, 1e-200), (2e-10, 1e-10),
    (1e-16, 1.01e-16), (1 - 1e-16, 0.5), (1 - 2e-10, 1 - 1e-10), (0.6, 0.4), (0.9, 0.1),
    (0.99, 0.98999), (0.2, 0.8), (0.001, 0.999), (0.3, 0.3 * 1.26), (0.9, 0.93),
    (0.0, 0.3), (1.0, 0.3), (0.3, 0.0), (0.3, 1.0), (0.0, 1.0), (1.0, 0.0), (0.0, 0.0),
    (1.0, 1.0), (0.5, 0.0), (0.0, 0.5),
]

unit = st.floats(0.0, 1.0)
# log-uniform small probabilities and their mirror images near 1
tiny = st.floats(-300.0, -0.3).map(lambda t: 10.0**t)
prob = st.one_of(unit, tiny, tiny.map(lambda x: 1.0 - x))
close_pair = st.tuples(st.floats(1e-6, 0.999), st.floats(-15.0, -0.5)).map(
    lambda t: (t[0], min(1.0, t[0] * (1 + 10.0 ** t[1])))
)
pair = st.one_of(st.tuples(prob, prob), close_pair)


def check(value, ref, rtol, what):
    err = rel_err(value, ref)
    if err > rtol and abs(ref) < 1e-300:
        # subnormal results hold only an absolute precision of 2**-1074 ~ 4.9e-324
        err = float(abs(mpmath.mpf(value) - ref)) / 1e-300
    assert err <= rtol, f"{what}: got {value!r}, mpmath {mpmath.nstr(ref, 20)}, relative error {err:.3g} > {rtol:g}"


# ---------------------------------------------------------------------------- numeric vs mpmath


@pytest.mark.parametrize("p", EDGES)
def test_binary_entropy_edges(p):
    check(bounds.binary_entropy(p), mp_h(p), RTOL_H, f"h({p!r})")
    check(bounds.binary_entropy(p, base=2), mp_h(p) / mpmath.log(2), RTOL_H, f"h2({p!r})")


@pytest.mark.parametrize("e", EDGES)
def test_bsc_capacity_edges(e):
    check(bounds.bsc_capacity(e), mp_capacity(e), RTOL_CAPACITY, f"C({e!r})")
    check(bounds.bsc_capacity(e, base=2), mp_capacity(e) / mpmath.log(2), RTOL_CAPACITY, f"C2({e!r})")


@pytest.mark.parametrize("p, q", PAIRS)
def test_two_argument_measures_edges(p, q):
    check(bounds.bernoulli_kl(p, q), mp_kl(p, q), RTOL_KL, f"kl({p!r}, {q!r})")
    check(bounds.bernoulli_kl(p, q, base=2), mp_kl(p, q) / mpmath.log(2), RTOL_KL, f"kl2({p!r}, {q!r})")
    check(bounds.bhattacharyya(p, q), mp_bc(p, q), RTOL_BC, f"BC({p!r}, {q!r})")
    check(bounds.chernoff_information(p, q), mp_chernoff(p, q), RTOL_CHERNOFF, f"C({p!r}, {q!r})")


@settings(max_examples=150)
@given(p=prob)
def test_one_argument_measures_random(p):
    check(bounds.binary_entropy(p), mp_h(p), RTOL_H, f"h({p!r})")
    check(bounds.bsc_capacity(p), mp_capacity(p), RTOL_CAPACITY, f"C({p!r})")


@settings(max_examples=150)
@given(pq=pair)
def test_two_argument_measures_random(pq):
    p, q = pq
    check(bounds.bernoulli_kl(p, q), mp_kl(p, q), RTOL_KL, f"kl({p!r}, {q!r})")
    check(bounds.bhattacharyya(p, q), mp_bc(p, q), RTOL_BC, f"BC({p!r}, {q!r})")
    check(bounds.chernoff_information(p, q), mp_chernoff(p, q), RTOL_CHERNOFF, f"C({p!r}, {q!r})")


def test_vectorized_equals_elementwise():
    ps = np.array(EDGES)
    pp, qq = np.array(PAIRS).T
    assert bounds.binary_entropy(ps).tolist() == [bounds.binary_entropy(p) for p in ps]
    assert bounds.bsc_capacity(ps).tolist() == [bounds.bsc_capacity(p) for p in ps]
    for f in (bounds.bernoulli_kl, bounds.bhattacharyya, bounds.chernoff_information):
        assert f(pp, qq).tolist() == [f(p, q) for p, q in zip(pp, qq)], f.__name__
        # broadcasting: a column against a row
        grid = f(pp[:, None], qq[None, :])
        assert grid.shape == (pp.size, qq.size)
        assert grid[3, 5] == f(pp[3], qq[5])


def test_exact_special_values():
    assert bounds.binary_entropy(0.0) == 0.0 and bounds.binary_entropy(1.0) == 0.0
    assert bounds.binary_entropy(0.5, base=2) == pytest.approx(1.0, rel=1e-15)
    assert bounds.bsc_capacity(0.5) == 0.0
    assert bounds.bsc_capacity(0.0) == bounds.bsc_capacity(1.0) == math.log(2)
    assert bounds.bernoulli_kl(0.3, 0.3) == 0.0
    assert bounds.bernoulli_kl(1.0, 0.0) == math.inf and bounds.bernoulli_kl(0.5, 1.0) == math.inf
    assert bounds.bhattacharyya(0.3, 0.3) == pytest.approx(1.0, rel=1e-15)
    assert bounds.bhattacharyya(0.0, 1.0) == 0.0
    assert bounds.chernoff_information(0.0, 1.0) == math.inf
    assert bounds.chernoff_information(0.3, 0.3) == 0.0


@settings(max_examples=60)
@given(pq=pair)
def test_textbook_inequalities(pq):
    """Pinsker and chi^2 around kl (REFERENCES §1.5), symmetry of C, and C <= min(kl(p,q), kl(q,p))."""
    p, q = pq
    kl = bounds.bernoulli_kl(p, q)
    assert kl >= 2 * (p - q) ** 2 * (1 - 1e-12)
    if 0 < q < 1:
        chi2 = ((p - q) / q) * ((p - q) / (1 - q))  # (p-q)^2 / (q(1-q)), without underflow
        assert kl <= chi2 * (1 + 1e-12)
    c = bounds.chernoff_information(p, q)
    assert c == pytest.approx(bounds.chernoff_information(q, p), rel=RTOL_CHERNOFF, abs=0)
    assert c <= min(kl, bounds.bernoulli_kl(q, p)) * (1 + 1e-12)
    # lambda = 1/2 is one candidate of the minimum: C >= -log BC (taken in mpmath: BC ~ 1 - tiny)
    bc = mp_bc(p, q)
    assert c == math.inf if bc == 0 else c >= float(-mpmath.log(bc)) * (1 - 1e-12)


# ---------------------------------------------------------------------------- references
# REFERENCES.md §1.4, "Test vectors [computed]": 1 - h2(eps) in bits, 6 decimals.
REF_1_4_CAPACITY_BITS = {
    0.0: 1.0, 0.01: 0.919207, 0.05: 0.713603, 0.1: 0.531004, 0.2: 0.278072,
    0.25: 0.188722, 0.3: 0.118709, 0.4: 0.029049, 0.45: 0.007226, 0.49: 0.000289,
}


@pytest.mark.parametrize("eps, value", sorted(REF_1_4_CAPACITY_BITS.items()))
def test_references_1_4_capacity(eps, value):
    assert bounds.bsc_capacity(eps, base=2) == pytest.approx(value, abs=5e-7)


# REFERENCES.md §1.4, lower bound on n for M = 1024, delta = 0.1 (weak / exact Fano), with the
# adversarial crossover eps_eff = (1 - alpha) eps + alpha = 1 - q_alpha as in bounds.lower.
@pytest.mark.parametrize(
    "eps, alpha, weak, exact",
    [(0.2, 0.0, 28.77, 30.68), (0.2, 0.1, 55.34, 59.02), (0.2, 0.3, 768.31, 819.32), (0.1, 0.2, 55.34, 59.02)],
)
def test_references_1_4_fano_table(eps, alpha, weak, exact):
    p = dict(K=1024, eps=eps, alpha=alpha, delta=0.1)
    assert bounds.bound("fano.capacity")(**p) == pytest.approx(weak, abs=0.005)
    assert bounds.bound("fano.capacity_exact")(**p) == pytest.approx(exact, abs=0.005)


# REFERENCES.md §1.4: alpha* = 0.5, 0.4444, 0.375, 0.2857 at eps = 0, 0.1, 0.2, 0.3.
@pytest.mark.parametrize("eps, alpha_star", [(0.0, 0.5), (0.1, 0.4444), (0.2, 0.375), (0.3, 0.2857)])
def test_references_1_4_breakdown(eps, alpha_star):
    assert bounds.breakdown_alpha(eps) == pytest.approx(alpha_star, abs=5e-5)
    assert bounds.margin(1.0, eps, bounds.breakdown_alpha(eps)) == pytest.approx(0.0, abs=1e-15)


# REFERENCES.md §1.5, "Test vectors [computed]": kl(p, q), 7 decimals.
REF_1_5_KL = [
    ((0.6, 0.4), 0.0810930), ((0.7, 0.5), 0.0822829), ((0.5, 0.4), 0.0204110),
    ((0.9, 0.5), 0.3680642), ((0.5, 0.9), 0.5108256), ((0.55, 0.45), 0.0200671),
    ((0.8, 0.2), 0.8317766),
    # kl(delta, 1 - delta)
    ((0.1, 0.9), 1.7577797), ((0.01, 0.99), 4.5032175), ((0.001, 0.999), 6.8929413),
]


@pytest.mark.parametrize("pq, value", REF_1_5_KL)
def test_references_1_5_kl(pq, value):
    assert bounds.bernoulli_kl(*pq) == pytest.approx(value, abs=5e-8)


def test_references_1_5_closed_forms():
    """kl(p, 1-p) = (2p - 1) log(p / (1-p)); kl(1/2, e) = -log(4 e (1-e)) / 2 (REFERENCES §1.5)."""
    for p in (0.55, 0.7, 0.9, 0.999):
        assert bounds.bernoulli_kl(p, 1 - p) == pytest.approx((2 * p - 1) * math.log(p / (1 - p)), rel=1e-14)
    for e in (0.01, 0.2, 0.4):
        assert bounds.bernoulli_kl(0.5, e) == pytest.approx(-0.5 * math.log(4 * e * (1 - e)), rel=1e-14)
    # kl(delta, 1 - delta) >= log(1 / (2.4 delta)) on (0, 1/2]
    for dl in np.geomspace(1e-6, 0.5, 50):
        assert bounds.bernoulli_kl(dl, 1 - dl) >= math.log(1 / (2.4 * dl))


# ---------------------------------------------------------------------------- symbolic forms
P, Q = sp.symbols("p q", positive=True)
SYMBOLIC = [
    ("BinaryEntropy", measures.BinaryEntropy(P), lambda p, q: bounds.binary_entropy(p)),
    ("BernoulliKL", measures.BernoulliKL(P, Q), bounds.bernoulli_kl),
    ("Bhattacharyya", measures.Bhattacharyya(P, Q), bounds.bhattacharyya),
]


@pytest.mark.parametrize("name, expr, numeric", SYMBOLIC, ids=[s[0] for s in SYMBOLIC])
@settings(max_examples=20)
@given(p=st.floats(0.001, 0.999), q=st.floats(0.001, 0.999))
def test_rewrite_equals_numeric(name, expr, numeric, p, q):
    elementary = expr.rewrite(sp.log) if name != "Bhattacharyya" else expr.rewrite(sp.sqrt)
    assert not elementary.has(type(expr)), f"{name}.rewrite left the function in place: {elementary}"
    value = elementary.subs({P: sp.Float(p, 50), Q: sp.Float(q, 50)}).evalf(50)
    assert float(value) == pytest.approx(numeric(p, q), rel=1e-14)
    # evalf of the function itself agrees too
    assert float(expr.subs({P: p, Q: q}).evalf(30)) == pytest.approx(numeric(p, q), rel=1e-14)


@settings(max_examples=20)
@given(p=st.floats(0.001, 0.999), q=st.floats(0.001, 0.999))
def test_chernoff_symbolic(p, q):
    expr = measures.ChernoffInformation(P, Q)
    assert float(expr.subs({P: p, Q: q}).evalf()) == pytest.approx(bounds.chernoff_information(p, q), rel=1e-14)
    # the symmetric pair has a closed form, -log BC(q, 1 - q)
    closed = measures.ChernoffInformation(sp.Float(p), 1 - sp.Float(p))
    assert not closed.has(measures.ChernoffInformation)
    # (sympy evaluates -log(2 sqrt(p) sqrt(1 - p)) in 15-digit Floats here, hence the abs)
    assert float(closed) == pytest.approx(-math.log(bounds.bhattacharyya(p, 1 - p)), rel=1e-13, abs=1e-15)


def test_public_functions_accept_symbols():
    assert bounds.binary_entropy(P) == measures.BinaryEntropy(P)
    assert sp.simplify(bounds.binary_entropy(P, base=2) * sp.log(2) - measures.BinaryEntropy(P)) == 0
    assert bounds.bernoulli_kl(P, Q) == measures.BernoulliKL(P, Q)
    assert bounds.bhattacharyya(P, Q) == measures.Bhattacharyya(P, Q)
    assert bounds.chernoff_information(P, Q) == measures.ChernoffInformation(P, Q)
    cap = bounds.bsc_capacity(P)
    assert float(cap.subs(P, sp.Rational(1, 10)).evalf()) == pytest.approx(bounds.bsc_capacity(0.1), rel=1e-14)
    assert measures.BinaryEntropy(sp.Rational(1, 2)) == sp.log(2)
    assert measures.BernoulliKL(P, P) == 0
    assert sp.diff(measures.BinaryEntropy(P), P).equals(sp.log(1 - P) - sp.log(P))


@pytest.mark.parametrize("name, expr, numeric", SYMBOLIC + [
    ("ChernoffInformation", measures.ChernoffInformation(P, Q), bounds.chernoff_information),
], ids=[s[0] for s in SYMBOLIC] + ["ChernoffInformation"])
def test_lambdify_through_numeric(name, expr, numeric):
    """`sympy.lambdify(..., modules=[NUMERIC, 'numpy'])` produces the stable vectorized kernel."""
    assert name in measures.NUMERIC
    fn = sp.lambdify([P, Q], expr, modules=[measures.NUMERIC, "numpy"])
    ps = np.array([1e-300, 0.1, 0.3, 0.5, 0.5 + 1e-9, 0.9, 1 - 1e-16])
    qs = np.array([0.5, 0.2, 0.3 + 1e-12, 0.5 - 1e-9, 0.5, 0.7, 0.5])
    got = np.asarray(fn(ps, qs), dtype=float)
    want = np.array([numeric(p, q) for p, q in zip(ps, qs)])
    np.testing.assert_allclose(got, want, rtol=1e-15, atol=0)
    # a compound expression, as the bounds use them
    compound = sp.lambdify([P], 1 - measures.Bhattacharyya(P, 1 - P) + measures.BinaryEntropy(P),
                           modules=[measures.NUMERIC, "numpy"])
    assert compound(0.2) == pytest.approx(1 - bounds.bhattacharyya(0.2, 0.8) + bounds.binary_entropy(0.2), rel=1e-15)
