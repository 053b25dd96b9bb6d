"""The vocabulary: one declaration per symbol drives validation, docs and test strategies."""
from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import bounds
from bounds.vocabulary import ORDER, PARAMETERS, SYMBOLS, Domain, parameter, validate

# DESIGN §1: name -> (low, high, low_closed, high_closed)
DESIGN_DOMAINS = {
    "n": (0.0, math.inf, True, False),
    "K": (2.0, math.inf, True, False),
    "d": (0.0, 1.0, False, True),
    "eps": (0.0, 0.5, True, True),
    "alpha": (0.0, 1.0, True, False),
    "delta": (0.0, 1.0, False, False),
}


def test_the_vocabulary_is_design_section_1():
    assert tuple(PARAMETERS) == ORDER == ("n", "K", "d", "eps", "alpha", "delta")
    for name, (lo, hi, lc, hc) in DESIGN_DOMAINS.items():
        dom = PARAMETERS[name].domain
        assert (dom.low, dom.high, dom.low_closed, dom.high_closed) == (lo, hi, lc, hc), name


@pytest.mark.parametrize("name", list(PARAMETERS))
def test_each_declaration_is_complete(name):
    p = PARAMETERS[name]
    assert p.name == name and p.description and p.latex
    lo, hi = p.typical
    assert lo < hi and bool(p.domain.contains(lo)) and bool(p.domain.contains(hi)), "typical range inside the domain"
    assert SYMBOLS[name] is p.symbol and p.symbol.name == name
    # sympy assumptions follow the domain (used by the derivations and by sympy.solve)
    assert p.symbol.is_real
    assert p.symbol.is_nonnegative
    assert bool(p.symbol.is_positive) == (name in ("K", "d", "delta"))
    assert parameter(name) is p


def test_every_bound_speaks_the_vocabulary():
    for b in bounds.catalog():
        assert set(b.symbols) <= set(PARAMETERS)
        assert list(b.symbols) == [n for n in ORDER if n in b.symbols], "symbols listed in vocabulary order"
        assert {s.name for s in b.expr.free_symbols} <= set(b.symbols)
        for s in b.expr.free_symbols:
            assert s is SYMBOLS[s.name], f"{b.id} uses its own {s.name!r} instead of the vocabulary's"


@pytest.mark.parametrize(
    "dom, text, latex, members, outsiders",
    [
        (Domain(0.0, 1.0, False, True), "(0, 1]", "(0, 1]", [1e-300, 0.5, 1.0], [0.0, -0.0, 1.0000000000000002, math.nan]),
        (Domain(0.0, 0.5, True, True), "[0, 1/2]", r"[0, \tfrac{1}{2}]", [0.0, 0.25, 0.5], [-1e-300, 0.5000000001, math.inf]),
        (Domain(2.0, math.inf, True, False), "[2, inf)", r"[2, \infty)", [2.0, 1e300], [1.999999, math.inf, math.nan]),
        (Domain(0.0, math.inf, True, False, integer=True), "integers >= 0", r"[0, \infty)", [0.0, 7.0, 1e15], [0.5, -1.0, math.inf]),
    ],
)
def test_domain(dom, text, latex, members, outsiders):
    assert str(dom) == text and repr(dom) == f"Domain({text!r})" and dom.latex() == latex
    assert dom.contains(members).all()
    assert not dom.contains(outsiders).any()
    assert dom.contains(np.array([[members[0]], [outsiders[0]]])).tolist() == [[True], [False]]


def test_validate_returns_float_arrays():
    v = PARAMETERS["n"].validate(10)
    assert isinstance(v, np.ndarray) and v.dtype == float and v.ndim == 0 and float(v) == 10.0
    v = PARAMETERS["eps"].validate([0.1, 0.2])
    assert v.dtype == float and v.tolist() == [0.1, 0.2]
    assert PARAMETERS["n"].validate(np.int64(5)).dtype == float
    assert PARAMETERS["n"].validate(np.float32(5.5)) == 5.5
    # K = 2**1000 given as a Python int (beyond int64)
    assert float(PARAMETERS["K"].validate(2**1000)) == 2.0**1000
    assert PARAMETERS["K"].validate([2**1000, 3]).tolist() == [2.0**1000, 3.0]


def test_validate_messages():
    with pytest.raises(ValueError) as e:
        PARAMETERS["alpha"].validate([0.1, 1.0, 2.0], where="here")
    msg = str(e.value)
    assert "alpha=1.0 in here" in msg and "[0, 1)" in msg and "(2 of 3 values)" in msg
    with pytest.raises(TypeError) as e:
        PARAMETERS["d"].validate(True)
    assert "d" in str(e.value) and "(0, 1]" in str(e.value) and "True" in str(e.value)
    with pytest.raises(ValueError, match="too large for a float"):
        PARAMETERS["K"].validate(2**2000)


def test_validate_broadcasts_together():
    v = validate("somewhere", n=[10, 20, 30], eps=0.1, K=[[2], [3]])
    assert {k: a.shape for k, a in v.items()} == {"n": (2, 3), "eps": (2, 3), "K": (2, 3)}
    with pytest.raises(ValueError, match=r"do not broadcast.*n\(3,\).*eps\(2,\)"):
        validate(n=[1, 2, 3], eps=[0.1, 0.2])
    with pytest.raises(KeyError, match="unknown parameter 'epsilon'; the vocabulary is n, K, d, eps, alpha, delta"):
        validate(epsilon=0.1)


@pytest.mark.parametrize("name", list(PARAMETERS))
@pytest.mark.parametrize("region", ["typical", "domain"])
@settings(max_examples=60)
@given(data=st.data())
def test_strategies_stay_in_their_region(name, region, data):
    p = PARAMETERS[name]
    x = data.draw(p.strategy(region=region))
    assert isinstance(x, float) and bool(p.domain.contains(x))
    if region == "typical":
        lo, hi = p.typical
        # log-scale strategies map through exp/log, which may step one ulp outside
        assert lo * (1 - 1e-12) <= x <= hi * (1 + 1e-12)


def test_strategy_rejects_unknown_region():
    with pytest.raises(ValueError, match="region='everywhere'"):
        PARAMETERS["n"].strategy(region="everywhere")


def test_symbols_carry_latex():
    assert sp.latex(bounds.bound("duel.hoeffding").relation).startswith(r"\delta \leq")
    assert PARAMETERS["eps"].latex == r"\varepsilon"
