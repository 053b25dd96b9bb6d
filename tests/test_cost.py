"""bounds.cost: the cost model's shapes, budgets and its refusals."""
from __future__ import annotations

import math

import numpy as np
import pytest

import bounds
from bounds.cost import SHAPES, CostModel

EPS = np.linspace(0.01, 0.5, 50)


@pytest.mark.parametrize("shape", [s for s in SHAPES if s != "constant"])
@pytest.mark.parametrize("beta", [0.0, 0.5, 1.0, 3.0])
def test_shapes_pass_through_the_reference_and_are_monotone(shape, beta):
    c = CostModel(shape, eps_ref=0.2, seconds_ref=4.0, beta=beta)
    assert c.seconds_per_label(0.2) == pytest.approx(4.0, rel=1e-12)
    c.check_monotone(EPS[:-1] if shape == "log-odds" and beta > 0 else EPS)


def test_power_shape_doubles_time_when_the_error_halves():
    c = CostModel("power", eps_ref=0.2, beta=1.0)
    assert c.seconds_per_label(0.05) == pytest.approx(16.0)  # 4 s at 0.2, 8 s at 0.1, 16 s at 0.05
    assert c.seconds_per_label(0.05) / c.seconds_per_label(0.1) == pytest.approx(2.0)


def test_budget_arithmetic():
    c = CostModel("constant", seconds_ref=5.0, raters=3, dollars_per_hour=30.0, overhead=1.2)
    per_item = 3 * 5.0 * 1.2
    assert c.seconds_per_item(0.1) == pytest.approx(per_item)
    assert c.items(eps=0.1, hours=2) == pytest.approx(7200 / per_item)
    assert c.items(eps=0.1, dollars=60) == pytest.approx(7200 / per_item)
    assert c.hours(items=1000, eps=0.1) == pytest.approx(1000 * per_item / 3600)
    assert c.dollars(items=1000, eps=0.1) == pytest.approx(1000 * per_item / 3600 * 30)
    assert c.label_error(0.1) == pytest.approx(0.028)


@pytest.mark.parametrize("kwargs,match", [
    (dict(shape="cubic"), "shape='cubic'.*must be one of"),
    (dict(shape="power"), "eps_ref is needed"),
    (dict(shape="power", eps_ref=0.7), r"eps_ref=0.7 is outside its domain \(0, 1/2\)"),
    (dict(seconds_ref=-1.0), r"seconds_ref=-1.0 is outside its domain \(0, inf\)"),
    (dict(seconds_ref=math.nan), "seconds_ref=nan"),
    (dict(beta=-0.5, shape="power", eps_ref=0.1), r"beta=-0.5 is outside its domain \[0, inf\)"),
    (dict(raters=0), "raters=0 is outside its domain"),
    (dict(raters=2.5), "raters=2.5 is outside its domain"),
    (dict(overhead=0.5), r"overhead=0.5 is outside its domain \[1, inf\)"),
    (dict(dollars_per_hour=-3.0), "dollars_per_hour=-3.0"),
    (dict(seconds_ref="4"), "seconds_ref must be a real number"),
])
def test_bad_cost_models_are_refused_naming_the_parameter(kwargs, match):
    with pytest.raises(bounds.BoundsError, match=match):
        CostModel(**kwargs)


def test_a_callable_giving_negative_or_nan_times_is_refused():
    with pytest.raises(bounds.ParameterValueError, match=r"seconds_per_label at eps=0.2 is -1.0"):
        CostModel(lambda e: -1.0 + 0 * e).seconds_per_label(0.2)
    with pytest.raises(bounds.ParameterValueError, match="positive, finite"):
        CostModel("power", eps_ref=0.1).seconds_per_label(0.0)  # infinite time at eps = 0


def test_a_cost_curve_rising_with_the_error_rate_is_refused():
    with pytest.raises(bounds.ParameterValueError, match="rises from"):
        CostModel(lambda e: 10 - 40 * (e - 0.2) ** 2).check_monotone(EPS)   # rises below 0.2
    CostModel(lambda e: 1 / e).check_monotone(EPS)


def test_error_rates_outside_the_domain_are_refused():
    c = CostModel()
    for bad in (-0.1, 0.6, math.nan):
        with pytest.raises(bounds.ParameterValueError, match="eps="):
            c.seconds_per_label(bad)


def test_scalar_only_callables_work():
    c = CostModel(lambda e: 3.0 if e < 0.2 else 1.0)
    assert list(c.seconds_per_label([0.1, 0.3])) == [3.0, 1.0]


def test_budget_must_be_given_once():
    c = CostModel(dollars_per_hour=10.0)
    with pytest.raises(TypeError, match="exactly one"):
        c.items(eps=0.1)
    with pytest.raises(TypeError, match="exactly one"):
        c.items(eps=0.1, hours=1, dollars=1)
    with pytest.raises(ValueError, match="dollars_per_hour"):
        CostModel().items(eps=0.1, dollars=5)
