"""The witness harness (bounds.witness): every catalogued bound witnessed, negative controls rejected.

Tier (d) of STYLE.md A.8: hypothesis draws parameters from each bound's declared domains,
the bound's named witness must never contradict it. Exact witnesses are deterministic;
Monte Carlo ones use Clopper–Pearson intervals at level 1 - 1e-6 per check with seeds
fixed by (seed, bound id, point), so the suite cannot flake: a run either always passes
or always fails. Bonferroni over the whole file: fewer than 2000 Monte Carlo checks, so
a correct bound fails by chance with probability below 2e-3 for any one seed — and with
the seeds fixed, never.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

import bounds
from bounds import simulate
from bounds import witness as W
from bounds.core import Bound
from bounds.model import DUEL_CHERNOFF, RACE_EXACT

CATALOG = bounds.catalog()


# ------------------------------------------------------------------ every bound has a witness
def test_every_catalogued_bound_names_a_registered_witness():
    assert W.unwitnessed() == []
    for b in CATALOG:
        assert W.witness_of(b).name == b.witness


def test_a_bound_without_witness_is_caught():
    naked = Bound("control.naked", "no witness", "delta", "<=", sp.Integer(1), direction="sufficient",
                  citation="test", monotone={})
    assert W.unwitnessed([naked]) == ["control.naked"]
    with pytest.raises(LookupError, match="names no witness"):
        W.verify(naked)
    naked.witness = "simulate.nothing"
    with pytest.raises(LookupError, match="not one of"):
        W.check(naked)


def test_expected_witness_map():
    """The map reported in the docs: sufficient -> exact, exact -> simulator, necessary -> optimal decoder."""
    kinds = {"sufficient": {"duel.exact", "race.exact"},
             "exact": {"simulate.duel", "simulate.race"},
             "necessary": {"simulate.two_point", "simulate.fano_packing"}}
    for b in CATALOG:
        assert b.witness in kinds[b.direction], (b.id, b.witness)


@pytest.mark.parametrize("b", CATALOG, ids=[b.id for b in CATALOG])
def test_bound_is_never_contradicted(b):
    report = W.verify(b, max_examples=30)
    assert len(report.checks) >= 30 and all(c.holds for c in report.checks)
    assert report.family_error_rate <= 30 * 1e-6 * (1 + 1e-9)


NECESSARY = [b for b in CATALOG if b.direction == "necessary"]


@pytest.mark.parametrize("b", NECESSARY, ids=[b.id for b in NECESSARY])
def test_necessary_bound_against_simulated_optimal_decoder(b):
    report = W.verify(b, max_examples=12, method="simulate")
    assert report.method == "simulate" and all(c.error_rate == 1e-6 for c in report.checks)


def test_verify_is_deterministic():
    a = W.verify(bounds.bound("race.exact"), max_examples=5)
    b = W.verify(bounds.bound("race.exact"), max_examples=5)
    assert [(c.params, c.value) for c in a.checks] == [(c.params, c.value) for c in b.checks]


def test_domain_region_draws_extremes():
    # (the exact duel/race routines are left out here: bounds._exact returns nan for a
    # subnormal d such as 5e-324, which the domain region draws)
    for bid in ("two_point.le_cam", "two_point.bretagnolle_huber", "fano.capacity_exact", "fano.passive"):
        r = W.verify(bounds.bound(bid), max_examples=15, region="domain")
        assert all(c.holds for c in r.checks)


# ------------------------------------------------------------------ single checks
def test_check_records_the_evidence():
    c = W.check(bounds.bound("duel.exact"), n=11, d=1.0, eps=0.3, alpha=0.0)
    assert c.holds and c.method == "simulate" and c.interval[0] <= 0.07822 <= c.interval[1]
    assert "simulate.duel" in str(c)
    c = W.check(bounds.bound("two_point.le_cam"), n=10, d=0.5, eps=0.2)      # alpha defaults to 0
    assert c.params["alpha"] == 0.0 and c.value == pytest.approx(simulate.two_point_exact(10, 0.5, 0.2))
    c = W.check(bounds.bound("fano.capacity_exact"), K=2**10, eps=0.1, alpha=0.0, delta=0.1)
    assert c.holds and c.params["d"] == 1.0 and c.value % 10 == 0            # 10 bits, whole labels per bit
    with pytest.raises(ValueError, match="K = 2\\^m"):
        W.check(bounds.bound("fano.capacity_exact"), K=1000, eps=0.1, alpha=0.0, delta=0.1)
    with pytest.raises(ValueError, match="method"):
        W.check(bounds.bound("duel.chernoff"), method="simulate", n=10, d=0.5, eps=0.1, alpha=0.0)
    with pytest.raises(ValueError, match="error_rate"):
        W.check(bounds.bound("duel.exact"), error_rate=0.0, n=10, d=0.5, eps=0.1, alpha=0.0)


def test_fano_witness_is_tight_for_the_capacity_form():
    """At eps = 0 one perfect label per bit identifies the hypercube: Fano's capacity form is attained."""
    c = W.check(bounds.bound("fano.capacity_exact"), K=2**12, eps=0.0, alpha=0.0, delta=1e-9)
    assert c.value == 12 and c.bound_value == pytest.approx(12, rel=1e-9)


# ------------------------------------------------------------------ negative controls
def _rejected(b, **kw):
    with pytest.raises(W.WitnessError) as info:
        W.verify(b, max_examples=kw.pop("max_examples", 60), shrink=False, **kw)
    assert not info.value.check.holds
    return info.value.check


def test_chernoff_divided_by_ten_is_rejected():
    c = _rejected(W.scaled(bounds.bound("duel.chernoff"), 0.1))
    assert c.witness == "duel.exact" and c.error_rate == 0.0
    _rejected(W.scaled(bounds.bound("race.union_chernoff"), 0.1))
    _rejected(W.scaled(bounds.bound("duel.hoeffding"), 0.1))


def test_chernoff_with_too_fast_a_rate_is_rejected():
    """Chernoff's exponent is asymptotically exact, so claiming 1.25x the rate must fail at some n."""
    fast = Bound(
        "control.chernoff_fast", "Chernoff with 1.25x the exponent", "delta", "<=", DUEL_CHERNOFF.expr ** sp.Rational(5, 4),
        direction="sufficient", citation="negative control", monotone=DUEL_CHERNOFF.monotone,
        numeric=lambda **kw: np.exp(1.25 * DUEL_CHERNOFF._log_value(kw)),
        log_numeric=lambda **kw: 1.25 * DUEL_CHERNOFF._log_value(kw), witness="duel.exact")
    _rejected(fast)
    # ... and not only at a handful of labels: at n = 2000 the true exponent shows
    assert not W.check(fast, n=2000, d=0.5, eps=0.2, alpha=0.0).holds
    assert W.check(DUEL_CHERNOFF, n=2000, d=0.5, eps=0.2, alpha=0.0).holds


@pytest.mark.parametrize("method", ["exact", "simulate"])
def test_fano_times_three_is_rejected(method):
    for bid in ("fano.capacity_exact", "fano.capacity"):
        c = _rejected(W.scaled(bounds.bound(bid), 3), method=method)
        assert c.witness == "simulate.fano_packing"
    _rejected(W.scaled(bounds.bound("fano.capacity_exact"), 1.5), method=method)


def test_passive_fano_controls():
    """The passive KL forms stay below a quarter of what the hypercube MAP decoder needs (a label
    carries at most d (ln 2 - h(q)) nats, and ln 2 - h(q) < kl(q || 1-q) / 4), so x3 is no
    contradiction on this instance. At their tightest points (K = 2 or 4, d = 1, few labels)
    x6 (exact inversion) and x10 (weak form) are."""
    exact, weak = bounds.bound("fano.passive_exact"), bounds.bound("fano.passive")
    for b, K, factor in ((exact, 2, 6), (weak, 4, 10)):
        for eps in (0.1, 0.2, 0.4):
            c = W.check(b, K=K, d=1.0, eps=eps, alpha=0.0, delta=0.3)
            assert c.holds and c.bound_value < c.value / 4
        point = dict(K=K, d=1.0, eps=0.1, alpha=0.0, delta=0.1 if K == 2 else 0.3)
        assert W.check(W.scaled(b, 3), **point).holds
        assert not W.check(W.scaled(b, factor), **point).holds


@pytest.mark.parametrize("method", ["exact", "simulate"])
def test_two_point_controls_are_rejected(method):
    for bid, factor in (("two_point.le_cam", 1.5), ("two_point.bretagnolle_huber", 3)):
        c = _rejected(W.scaled(bounds.bound(bid), factor), method=method)
        assert c.witness == "simulate.two_point"


def _tie_wins_log(n, d, eps, alpha):
    """log P(2X - M < 0): the duel with ties counted as wins — a wrong 'exact' value."""
    out = []
    for row in np.broadcast(n, d, eps, alpha):
        nn, dd, ee, aa = (float(x) for x in row)
        qa = (1 - aa) * (1 - ee)
        M = np.arange(int(nn) + 1)
        from scipy import stats
        p = np.sum(stats.binom.pmf(M, int(nn), dd) * stats.binom.cdf(np.ceil(M / 2) - 1, M, qa))
        out.append(math.log(p) if p > 0 else -math.inf)
    return np.array(out).reshape(np.broadcast(n, d, eps, alpha).shape)


def test_wrong_exact_values_are_rejected_by_simulation():
    ties_win = Bound(
        "control.duel_ties_win", "duel with ties as wins", "delta", "==", bounds.bound("duel.exact").expr,
        direction="exact", citation="negative control", monotone=bounds.bound("duel.exact").monotone,
        numeric=lambda **kw: np.exp(_tie_wins_log(**kw)), log_numeric=lambda **kw: _tie_wins_log(**kw),
        witness="simulate.duel")
    c = _rejected(ties_win)
    assert c.method == "simulate" and c.error_rate == 1e-6
    _rejected(W.scaled(bounds.bound("duel.exact"), 1.1))
    no_adversary = Bound(
        "control.race_no_adversary", "race ignoring the adversary", "delta", "==", RACE_EXACT.expr,
        direction="exact", citation="negative control", monotone=RACE_EXACT.monotone,
        numeric=lambda n, K, d, eps, alpha: RACE_EXACT(n=n, K=K, d=d, eps=eps, alpha=0.0 * alpha),
        witness="simulate.race")
    c = _rejected(no_adversary)
    assert c.params["alpha"] > 0


def test_scaled_validation():
    with pytest.raises(ValueError, match="factor"):
        W.scaled(bounds.bound("duel.chernoff"), -1)
    b = W.scaled(bounds.bound("duel.chernoff"), 0.5, id="half")
    assert b.id == "half" and b not in bounds.catalog()
    assert b(n=10, d=0.5, eps=0.1, alpha=0.0) == pytest.approx(0.5 * bounds.bound("duel.chernoff")(n=10, d=0.5, eps=0.1, alpha=0.0))
