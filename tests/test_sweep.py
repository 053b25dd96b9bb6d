"""Sweeps (bounds.sweep): tidy tables, progress, and identical numbers on every executor."""
from __future__ import annotations

import io
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest

import bounds
from bounds import simulate
from bounds.sweep import _Progress, sweep

MC_GRID = dict(n=[0, 5, 50, 500], d=[0.1, 1.0], eps=0.2, alpha=[0.0, 0.1], trials=20_000)


def _numbers(table):
    cols = ["n", "d", "alpha", "count", "estimate", "low", "high"]
    return {c: np.asarray(table[c]).tolist() for c in cols}


# ------------------------------------------------------------------ tables
def test_bound_sweep_is_the_vectorized_evaluation():
    t = sweep("race.union_chernoff", n=[10, 100, 1000], K=[2, 2**20], d=0.1, eps=[0.1, 0.3], alpha=0.0)
    assert list(t.columns) == ["n", "K", "d", "eps", "alpha", "delta"]
    assert len(t) == 12 and t.attrs["target"] == "race.union_chernoff" and t.attrs["seed"] is None
    direct = bounds.bound("race.union_chernoff")(n=t.n.to_numpy(), K=t.K.to_numpy(), d=0.1, eps=t.eps.to_numpy(), alpha=0.0)
    np.testing.assert_array_equal(t.delta.to_numpy(), direct)
    # first axis varies slowest
    assert t.n.tolist()[:4] == [10, 10, 10, 10] and t.eps.tolist()[:2] == [0.1, 0.3]


def test_records_output_without_pandas(monkeypatch):
    frame = sweep("duel.hoeffding", n=[10, 20], d=0.5, eps=0.1, alpha=0.0)
    rec = sweep("duel.hoeffding", n=[10, 20], d=0.5, eps=0.1, alpha=0.0, output="records")
    assert isinstance(rec, np.recarray) and rec.dtype.names == ("n", "d", "eps", "alpha", "delta")
    np.testing.assert_array_equal(rec.delta, frame.delta.to_numpy())
    monkeypatch.setitem(sys.modules, "pandas", None)          # as if pandas were not installed
    auto = sweep("duel.hoeffding", n=[10, 20], d=0.5, eps=0.1, alpha=0.0)
    assert isinstance(auto, np.recarray)
    mc = sweep(simulate.duel, n=[5, 6], d=1.0, eps=0.2, trials=100, seed=0)
    assert mc.event.dtype.kind == "U" and mc["count"].dtype == np.int64


def test_solve_sweep():
    t = sweep("race.union_chernoff", solve="n", K=2**20, d=0.1, eps=[0.1, 0.2], alpha=0.0, delta=0.05)
    direct = bounds.bound("race.union_chernoff").solve("n", K=2**20, d=0.1, eps=np.array([0.1, 0.2]), alpha=0.0, delta=0.05)
    np.testing.assert_allclose(t.n.to_numpy(), direct, rtol=0)
    assert round(t.n.iloc[1]) == 834


def test_optional_inputs_default_and_systematic_error_axes():
    """A grid without alpha, s, q_hard, K_dec takes the defaults; with them, each is an axis like any other."""
    plain = sweep("race.union_chernoff", n=[100, 1000], K=2**20, d=0.1, eps=0.2)
    assert list(plain.columns) == ["n", "K", "d", "eps", "delta"]
    explicit = sweep("race.union_chernoff", n=[100, 1000], K=2**20, d=0.1, eps=0.2, alpha=0.0, s=0.0, q_hard=0.0,
                     K_dec=1)
    np.testing.assert_array_equal(plain.delta.to_numpy(), explicit.delta.to_numpy())
    t = sweep("duel.exact", n=200, d=0.3, eps=0.1, alpha=[0.0, 0.1], s=[0.0, 0.3], q_hard=0.2, output="records")
    b = bounds.bound("duel.exact")
    assert t.dtype.names == ("n", "d", "eps", "alpha", "s", "q_hard", "delta")
    for row in t:
        assert row.delta == b(n=200, d=0.3, eps=0.1, alpha=row.alpha, s=row.s, q_hard=0.2)
    assert t.delta[1] > t.delta[0] and t.delta[2] > t.delta[0]          # hard queries and adversaries hurt


def test_bits_in_a_grid():
    by_bits = sweep("race.union_chernoff", n=1000, bits=[10, 2000], d=0.1, eps=0.2)
    assert list(by_bits.columns) == ["n", "bits", "d", "eps", "delta"]
    assert by_bits.delta.iloc[0] == bounds.bound("race.union_chernoff")(n=1000, K=2**10, d=0.1, eps=0.2)
    assert by_bits.delta.iloc[1] == 1.0
    solved = sweep("race.union_chernoff", solve="n", bits=[10, 2000], d=0.1, eps=0.2, delta=0.05)
    assert solved.n.iloc[1] == pytest.approx(
        bounds.bound("race.union_chernoff").solve("n", bits=2000, d=0.1, eps=0.2, delta=0.05), rel=1e-12)


def test_simulator_axes_for_adversaries_and_hard_queries():
    t = sweep(simulate.race, n=120, K=8, d=0.2, eps=0.2, alpha=0.1, adversary=["against", "colluding"],
              trials=5000, seed=4, output="records")
    assert t.adversary.tolist() == ["against", "colluding"]
    for i, adv in enumerate(("against", "colluding")):
        ss = np.random.SeedSequence(4, spawn_key=(i,))
        assert t["count"][i] == simulate.race(120, 8, 0.2, 0.2, 0.1, trials=5000, seed=ss, adversary=adv).count
    d = sweep(simulate.duel, n=300, d=0.3, eps=0.1, s=[0.0, 0.5], q_hard=0.0, trials=5000, seed=5, output="records")
    assert d.low[1] > d.high[0]                                          # half the queries too hard: it loses


def test_callable_returning_numbers_and_dicts():
    t = sweep(lambda x, y: x * y, x=[1, 2], y=[10, 20])
    assert t.value.tolist() == [10, 20, 20, 40]
    t = sweep(lambda x: {"sq": x * x, "neg": -x}, x=range(3), output="records")
    assert t.sq.tolist() == [0, 1, 4] and t.dtype.names == ("x", "sq", "neg")
    t = sweep(simulate.hypercube_exact, m=[10, 100], n=5, eps=0.2)
    assert t.value_0.tolist()[1] == pytest.approx(5.792)


def test_fixed_keywords_are_not_axes():
    t = sweep(simulate.sources, fixed={"n": [10, 40], "eps": [0.05, 0.4]}, d=[0.5, 1.0], weights=["llr", "equal"],
              trials=2000, seed=3)
    assert len(t) == 4 and "n" not in t.columns


def test_seeds_are_per_point_children():
    t = sweep(simulate.duel, seed=7, **MC_GRID)
    assert t.attrs["seed"] == (7, ())
    for i in (0, 5, len(t) - 1):
        row = t.iloc[i]
        child = np.random.SeedSequence(7, spawn_key=(i,))
        assert child.spawn_key == np.random.SeedSequence(7).spawn(i + 1)[-1].spawn_key   # what .spawn makes
        est = simulate.duel(int(row.n), row.d, row.eps, row.alpha, trials=20_000, seed=child)
        assert est.count == row["count"]


def test_seed_none_is_recorded_and_reproducible():
    t = sweep(simulate.duel, n=[11], d=1.0, eps=0.3, trials=5000)
    entropy, key = t.attrs["seed"]
    again = sweep(simulate.duel, n=[11], d=1.0, eps=0.3, trials=5000, seed=np.random.SeedSequence(entropy, spawn_key=key))
    assert again["count"].tolist() == t["count"].tolist()


# ------------------------------------------------------------------ executors: identical numbers
@pytest.fixture(scope="module")
def in_process():
    return _numbers(sweep(simulate.duel, seed=2024, **MC_GRID))


@pytest.mark.parametrize("batch_size", [1, 3, 100])
def test_batching_does_not_change_numbers(in_process, batch_size):
    assert _numbers(sweep(simulate.duel, seed=2024, batch_size=batch_size, **MC_GRID)) == in_process


def test_thread_pool_identical(in_process):
    with ThreadPoolExecutor(2) as ex:
        assert _numbers(sweep(simulate.duel, seed=2024, executor=ex, **MC_GRID)) == in_process


def test_process_pool_identical(in_process):
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else methods[0])   # fork: no re-import, fast
    with ProcessPoolExecutor(2, mp_context=ctx) as ex:
        assert _numbers(sweep(simulate.duel, seed=2024, executor=ex, batch_size=2, **MC_GRID)) == in_process
        bound_run = sweep("race.exact", n=[10, 50], K=[2, 1000], d=0.3, eps=0.1, alpha=[0.0, 0.1], executor=ex)
    np.testing.assert_array_equal(
        bound_run.delta.to_numpy(),
        sweep("race.exact", n=[10, 50], K=[2, 1000], d=0.3, eps=0.1, alpha=[0.0, 0.1]).delta.to_numpy())


def test_dask_local_cluster_identical(in_process):
    distributed = pytest.importorskip("distributed")
    # two workers in this process, talking to the scheduler over TCP on loopback
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None,
                                  host="127.0.0.1", protocol="tcp://") as cluster, distributed.Client(cluster) as client:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        ex = client.get_executor()
        mc = sweep(simulate.duel, seed=2024, executor=ex, **MC_GRID)
        exact = sweep("duel.exact", n=[10, 100, 1000], d=[0.1, 0.5], eps=0.2, alpha=0.05, executor=ex)
        race = sweep(simulate.race, n=[40, 80], K=8, d=0.3, eps=0.1, alpha=0.05, trials=5000, seed=9, executor=ex)
    assert _numbers(mc) == in_process
    np.testing.assert_array_equal(exact.delta.to_numpy(),
                                  sweep("duel.exact", n=[10, 100, 1000], d=[0.1, 0.5], eps=0.2, alpha=0.05).delta.to_numpy())
    assert race["count"].tolist() == sweep(simulate.race, n=[40, 80], K=8, d=0.3, eps=0.1, alpha=0.05, trials=5000,
                                           seed=9)["count"].tolist()


# ------------------------------------------------------------------ progress and errors
def test_progress_bar(capsys):
    sweep("duel.hoeffding", n=[1, 2, 3], d=0.5, eps=0.1, alpha=0.0, progress=True, batch_size=1)
    err = capsys.readouterr().err
    assert "sweep [" in err and "3/3 points" in err and err.endswith("\n")
    sweep("duel.hoeffding", n=[1, 2, 3], d=0.5, eps=0.1, alpha=0.0, progress=False)
    sweep("duel.hoeffding", n=[1, 2, 3], d=0.5, eps=0.1, alpha=0.0)          # short run: no bar
    assert capsys.readouterr().err == ""


def test_progress_bar_appears_only_after_the_delay():
    buf = io.StringIO()
    bar = _Progress(10, None, stream=buf, delay=3600)
    bar.update(5)
    bar.close()
    assert buf.getvalue() == ""
    bar = _Progress(10, None, stream=buf, delay=0.0)
    bar.update(5)
    bar.close()
    assert "5/10 points" in buf.getvalue() and "#" * 14 in buf.getvalue()


@pytest.mark.parametrize("call, exc, match", [
    (lambda: sweep("duel.chernof", n=[1]), KeyError, "did you mean"),
    (lambda: sweep("duel.chernoff", n=[1], d=0.5, eps=0.1, alpha=0.0, K=[2]), TypeError, "no parameter 'K'"),
    (lambda: sweep(42, n=[1]), TypeError, "target"),
    (lambda: sweep(lambda n: n, n=[]), ValueError, "empty"),
    (lambda: sweep(lambda n: n, n=[1], output="csv"), ValueError, "output"),
    (lambda: sweep(lambda n: n, n=[1], progress="yes"), ValueError, "progress"),
    (lambda: sweep(lambda n: n, n=[1], batch_size=0), ValueError, "batch_size"),
    (lambda: sweep(lambda n: n, n=[1], solve="n"), ValueError, "bounds only"),
    (lambda: sweep("duel.hoeffding", n=[1], d=0.5, eps=0.1, alpha=0.0, fixed={"x": 1}), ValueError, "fixed"),
    (lambda: sweep(lambda n: object(), n=[1]), TypeError, "table"),
])
def test_bad_calls(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
