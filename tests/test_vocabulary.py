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

# DESIGN §1: name -> (low, high, low_closed, high_closed, integer, default)
DESIGN_DOMAINS = {
    "n": (0.0, math.inf, True, False, False, None),
    "K": (2.0, math.inf, True, False, False, None),
    "bits": (1.0, math.inf, True, False, False, None),
    "d": (0.0, 1.0, False, True, False, None),
    "eps": (0.0, 0.5, True, True, False, None),
    "alpha": (0.0, 1.0, True, False, False, 0.0),
    "s": (0.0, 1.0, True, True, False, 0.0),
    "q_hard": (0.0, 1.0, True, True, False, 0.0),
    "K_dec": (1.0, math.inf, True, False, True, 1.0),
    "delta": (0.0, 1.0, False, False, False, None),
}


def test_the_vocabulary_is_design_section_1():
    assert tuple(PARAMETERS) == tuple(DESIGN_DOMAINS)
    assert ORDER == tuple(n for n in DESIGN_DOMAINS if n != "bits"), "bits is an alias of K, not a symbol"
    for name, (lo, hi, lc, hc, integer, default) in DESIGN_DOMAINS.items():
        p = PARAMETERS[name]
        dom = p.domain
        assert (dom.low, dom.high, dom.low_closed, dom.high_closed, dom.integer) == (lo, hi, lc, hc, integer), name
        assert p.default == default and p.optional == (default is not None), name


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
    assert bool(p.symbol.is_positive) == (name in ("K", "bits", "d", "K_dec", "delta"))
    assert bool(p.symbol.is_integer) == (name == "K_dec")
    assert parameter(name) is p
    # the domain as a sympy set agrees with the declaration
    S = p.domain.sympy_set()
    for x in (lo, hi, (lo + hi) / 2):
        assert bool(S.contains(sp.nsimplify(x))) == bool(p.domain.contains(x)) or p.domain.integer


def test_every_bound_speaks_the_vocabulary():
    for b in bounds.catalog():
        assert set(b.symbols) <= set(PARAMETERS)
        assert list(b.symbols) == [n for n in ORDER if n in b.symbols], "symbols listed in vocabulary order"
        assert {s.name for s in b.expr.free_symbols} == set(b.inputs), f"{b.id}: declared inputs vs relation"
        for s in b.expr.free_symbols:
            assert s is SYMBOLS[s.name], f"{b.id} uses its own {s.name!r} instead of the vocabulary's"


def test_import_does_not_load_sympy_or_scipy_stats():
    """Numbers never need sympy: `import bounds` and evaluating a bound leave it unloaded."""
    import subprocess
    import sys

    code = ("import sys, bounds; bounds.bound('race.union_chernoff')(n=10, K=4, d=0.5, eps=0.1); "
            "print('sympy' in sys.modules, 'scipy.stats' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


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
    assert PARAMETERS["K_dec"].validate(3).tolist() == 3.0
    with pytest.raises(ValueError, match=r"K_dec=2.5 is outside its domain integers >= 1"):
        PARAMETERS["K_dec"].validate(2.5)


def test_validate_messages():
    with pytest.raises(ValueError) as e:
        PARAMETERS["alpha"].validate([0.1, 1.0, 2.0], where="here")
    msg = str(e.value)
    assert "alpha=1.0 in here" in msg and "[0, 1)" in msg and "(2 of 3 values)" in msg
    with pytest.raises(TypeError) as e:
        PARAMETERS["d"].validate(True)
    assert "d" in str(e.value) and "(0, 1]" in str(e.value) and "True" in str(e.value)
    with pytest.raises(ValueError, match="too large for a float.*give bits = log2 K instead") as e:
        PARAMETERS["K"].validate(2**2000)
    assert len(str(e.value)) < 200, "no thousand-digit integers in messages"
    with pytest.raises(TypeError) as e:
        PARAMETERS["eps"].validate("0.1\n\x1b[31mred")
    assert "\n" not in str(e.value) and "\x1b" not in str(e.value)


def test_validate_broadcasts_together():
    v = validate("somewhere", n=[10, 20, 30], eps=0.1, K=[[2], [3]])
    assert {k: a.shape for k, a in v.items()} == {"n": (2, 3), "eps": (2, 3), "K": (2, 3)}
    with pytest.raises(ValueError, match=r"do not broadcast.*n\(3,\).*eps\(2,\)"):
        validate(n=[1, 2, 3], eps=[0.1, 0.2])
    with pytest.raises(KeyError, match="unknown parameter 'epsilon'; the vocabulary is n, K, bits, d, eps, alpha, s, q_hard, K_dec, delta"):
        validate(epsilon=0.1)


@pytest.mark.parametrize("name", list(PARAMETERS))
@pytest.mark.parametrize("region", ["typical", "domain"])
@settings(max_examples=60)
@given(data=st.data())
def test_strategies_stay_in_their_region(name, region, data):
    p = PARAMETERS[name]
    x = data.draw(p.strategy(region=region))
    assert isinstance(x, float) and bool(p.domain.contains(x))
    if p.domain.integer:
        assert x == int(x)
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
