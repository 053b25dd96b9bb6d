"""bounds.Curve: sides ordered along a curve, and the budget optimizer against brute force."""
from __future__ import annotations

import math

import numpy as np
import pytest

import bounds
from bounds.cost import CostModel


def test_sides_are_ordered_along_a_curve():
    rng = np.random.default_rng(11)
    n = rng.integers(10, 3000, size=12)
    eps = rng.uniform(0.0, 0.45, size=12)
    t = bounds.Curve(n, eps, K=2**12, d=0.2, alpha=0.02).win_probability()
    assert np.all(t.lower <= t.exact * (1 + 1e-12)) and np.all(t.exact <= t.upper * (1 + 1e-12))


def test_curve_points_equal_their_scenarios():
    c = bounds.Curve([300, 900], [0.1, 0.25], raters=3, K=2**20, d=0.1)
    t = c.win_probability()
    for i in range(2):
        s = bounds.Scenario(K=2**20, d=0.1, eps=float(bounds.raters.majority_error(3, c.eps[i])))
        p = s.win_probability(int(c.n[i]))
        assert (t.lower[i], t.exact[i], t.upper[i]) == (p.lower, p.exact, p.upper)


def _brute_budget(cost, grid, target, **scenario):
    """Smallest rater time over the grid, each error rate's labels found by a linear scan of n."""
    best = None
    for e in grid:
        s = bounds.Scenario(eps=float(bounds.raters.majority_error(cost.raters, e)), **scenario)
        n = 0
        while s.win_probability(n).exact < target:
            n += 1
            if n > 5000:
                break
        else:
            hours = n * cost.raters * float(cost.seconds_per_label(e)) * cost.overhead / 3600
            if best is None or hours < best[0]:
                best = (hours, float(e), float(n))
    return best


@pytest.mark.parametrize("seed", range(4))
def test_budget_optimizer_agrees_with_a_grid_search(seed):
    rng = np.random.default_rng(seed)
    shape = ["power", "exponential", "log-odds"][seed % 3]
    cost = CostModel(shape, eps_ref=float(rng.uniform(0.05, 0.4)), seconds_ref=float(rng.uniform(1, 30)),
                     beta=float(rng.uniform(0.2, 3.0)), raters=int(rng.choice([1, 3])))
    grid = np.round(np.linspace(0.05, 0.4, 8), 3)
    target = float(rng.uniform(0.8, 0.99))
    a = bounds.Curve.budget_needed(cost, grid, target, K=2, d=1.0, side="exact")
    hours, eps, n = _brute_budget(cost, grid, target, K=2, d=1.0)
    assert (a.eps, a.items) == (eps, n) and a.hours == pytest.approx(hours, rel=1e-12)


def test_best_point_agrees_with_evaluating_each_point():
    cost = CostModel("power", eps_ref=0.2, seconds_ref=4.0, beta=1.5)
    grid = np.linspace(0.05, 0.4, 15)
    curve = bounds.Curve.from_cost(cost, grid, hours=0.5, K=2**10, d=0.2)
    vals = [bounds.Scenario(K=2**10, d=0.2, eps=float(e)).win_probability(int(n)).exact
            for n, e in zip(curve.n, curve.eps)]
    assert curve.best().eps[0] == grid[int(np.argmax(vals))]


def test_from_cost_buys_whole_items_and_refuses_bad_cost_curves():
    c = bounds.Curve.from_cost(CostModel("constant", seconds_ref=7.0, raters=3), [0.1, 0.3], hours=1, K=2, d=1.0)
    assert c.n.tolist() == [math.floor(3600 / 21)] * 2
    with pytest.raises(bounds.ParameterValueError, match="rises from"):
        bounds.Curve.from_cost(CostModel(lambda e: 1 + e), [0.1, 0.2], hours=1, K=2, d=1.0)
    with pytest.raises(bounds.ParameterValueError, match="target=1.0"):
        bounds.Curve.budget_needed(CostModel(), [0.1], 1.0, K=2, d=1.0)
    with pytest.raises(bounds.ParameterValueError, match="no error rate"):
        bounds.Curve.budget_needed(CostModel(), [0.5], 0.9, K=2, d=1.0)


def test_hours_dollars_and_the_alignment_tax():
    cost = CostModel("power", eps_ref=0.2, seconds_ref=4.0, beta=1.0, dollars_per_hour=30.0)
    curve = bounds.Curve.from_cost(cost, [0.1, 0.2, 0.3], dollars=600.0, K=2**10, d=0.2)
    t = curve.win_probability(exact=False)
    # each point spends (up to a fraction of an item) the $600 budget: 20 hours at $30
    assert np.all(t.dollars <= 600.0 * (1 + 1e-12)) and np.all(t.dollars > 600.0 - 30.0 * 8.0 / 3600.0)
    assert np.allclose(t.hours * 30.0, t.dollars, rtol=1e-15)
    assert np.allclose(t.alignment_tax(6e5), t.dollars / 6e5, rtol=1e-15)
    a = bounds.Curve.budget_needed(cost, [0.1, 0.2, 0.3], 0.9, K=2**10, d=0.2, side="lower")
    assert a.alignment_tax(1e4) == pytest.approx(a.dollars / 1e4, rel=1e-15)
    free = bounds.Curve.from_cost(CostModel(), [0.1], hours=1.0, K=2, d=1.0).win_probability(exact=False)
    with pytest.raises(bounds.errors.BoundsError, match="dollars_per_hour"):
        free.alignment_tax(1e6)
    with pytest.raises(bounds.errors.BoundsError, match="training_cost"):
        t.alignment_tax(-1.0)
