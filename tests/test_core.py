"""The Bound machinery: catalogue, closed-form store, repr/LaTeX, solve semantics."""
import math
import warnings

import numpy as np
import pytest
import sympy as sp

import bounds
from bounds import _closed_forms as store
from bounds._symbolic_solve import main_branch
from bounds.vocabulary import SYMBOLS
from conftest import typical_point


def test_closed_form_store_has_no_stale_entries():
    current = {b.closed_form_key(name) for b in bounds.catalog() for name in b.inputs}
    stale = set(store.SOLUTIONS) - current
    assert not stale, f"stale closed forms (run `python -m bounds.core`): {sorted(stale)}"


def test_closed_form_store_is_complete():
    """Every (bound, symbol) pair missing from the store must be one sympy cannot solve.

    Pairs whose unknown sits inside a measure function (h, kl, BC) or a Sum are skipped by
    design, non-monotone unknowns cannot be solved for, pairs on which sympy ran out of time
    when the store was generated are listed in `GIVEN_UP`; the rest are re-solved here (the
    slow part, a few seconds)."""
    for b in bounds.catalog():
        for name in b.inputs:
            key = b.closed_form_key(name)
            if key in store.SOLUTIONS or key in store.GIVEN_UP or b.monotone[name] not in (1, -1):
                continue
            sols = b.closed_forms(name, use_cache=False)
            assert not sols, f"{b.id}: sympy solves for {name} but the store lacks it (run `python -m bounds.core`)"


def test_stored_closed_forms_satisfy_the_relation():
    """Each stored solution, substituted back, gives the subject (numerically, at typical points)."""
    from bounds import measures

    rng = np.random.default_rng(1)
    for key in store.SOLUTIONS:
        bid, name, _ = key.split("|")
        b = bounds.bound(bid)
        core = main_branch(b.expr)
        others = [s for s in b.symbols if s != name]
        f_core = sp.lambdify([SYMBOLS[s] for s in b.symbols], core, modules=[measures.NUMERIC, "numpy"])
        for sol in b.closed_forms(name):
            f_sol = sp.lambdify([SYMBOLS[s] for s in others], sol, modules=[measures.NUMERIC, "numpy"])
            pts = {s: rng.uniform(*np.minimum(bounds.PARAMETERS[s].typical, 1e4), size=200) for s in others}
            with np.errstate(all="ignore"):
                x = np.asarray(f_sol(*(pts[s] for s in others)), dtype=float)
                full = {**pts, name: x}
                back = np.asarray(f_core(*(full[s] for s in b.symbols)), dtype=float)
            target = pts[b.subject]
            ok = np.isfinite(x) & (np.abs(back - target) <= 1e-8 * np.maximum(1.0, np.abs(target)))
            assert ok.sum() > 0, f"{key}: stored solution {sol} never satisfies the relation"


def test_catalog_and_lookup():
    ids = [b.id for b in bounds.catalog()]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    for direction in ("necessary", "sufficient", "exact"):
        assert all(b.direction == direction for b in bounds.catalog(direction))
    with pytest.raises(KeyError, match="did you mean 'duel.chernoff'"):
        bounds.bound("duel.chernof")
    with pytest.raises(ValueError, match="direction"):
        bounds.catalog("upper")


@pytest.mark.parametrize("b", bounds.catalog(), ids=lambda b: b.id)
def test_every_bound_is_complete(b):
    assert b.citation and b.title and b.derivation and b.witness
    assert b.subject in b.symbols and set(b.inputs) <= set(b.symbols)
    assert isinstance(b.relation, sp.core.relational.Relational)
    assert b.latex() and b.id in repr(b) and b.citation in repr(b)
    assert "$" in b._repr_latex_()
    assert b.info().startswith(b.id)
    # the relation's free symbols are exactly the bound's symbols
    free = {s.name for s in b.relation.free_symbols}
    assert free == set(b.symbols)


def test_solve_semantics_smallest_and_largest():
    b = bounds.bound("duel.chernoff")
    assert b.monotone["eps"] == 1
    n = b.solve("n", d=0.1, eps=0.2, alpha=0.0, delta=0.05)
    assert b(n=n, d=0.1, eps=0.2, alpha=0.0) <= 0.05 * (1 + 1e-12)
    assert b(n=n * (1 - 1e-9), d=0.1, eps=0.2, alpha=0.0) > 0.05
    e = b.solve("eps", n=1000, d=0.1, alpha=0.0, delta=0.05)  # largest tolerable error rate
    assert b(n=1000, d=0.1, eps=e, alpha=0.0) <= 0.05 * (1 + 1e-9)
    assert b(n=1000, d=0.1, eps=min(0.5, e * (1 + 1e-6)), alpha=0.0) > 0.05


def test_solve_no_solution_is_inf_with_reason():
    b = bounds.bound("race.union_chernoff")
    with pytest.warns(bounds.NoSolutionWarning, match="no finite n.*margin"):
        out = b.solve("n", K=10, d=0.5, eps=0.2, alpha=0.5, delta=0.01)
    assert out == math.inf
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert b.solve("n", K=10, d=0.5, eps=0.2, alpha=0.0, delta=0.01) < math.inf


def test_solve_for_subject_is_evaluation():
    b = bounds.bound("duel.hoeffding")
    assert b.solve("delta", n=10, d=1.0, eps=0.1, alpha=0.0) == b(n=10, d=1.0, eps=0.1, alpha=0.0)


# ---------------------------------------------------------------- block-wise evaluation
# Large inputs are evaluated in blocks of bounds.core.BLOCK points (bounds/_evaluation.py,
# `blockwise`). Every kernel is element-wise, so the result must be *identical*, bit for
# bit, to one call of the kernel on the whole arrays, whatever the shapes and strides.
_FAST = [b for b in bounds.catalog() if b.direction != "exact"]


def _points(b, shape, rng):
    return typical_point(b, shape, rng)


def _whole(b, args, log=False):
    """One call of the kernel on the whole (prepared) arrays."""
    from bounds.quantities import Point

    point = b.prepare(args)
    with np.errstate(all="ignore"):
        fn = b._log_kernel_value if log else b._kernel_value
        return np.asarray(fn(Point(dict(point))), dtype=float)


@pytest.mark.parametrize("b", _FAST, ids=lambda b: b.id)
def test_blockwise_evaluation_is_identical_to_one_call(b):
    from bounds.core import BLOCK

    rng = np.random.default_rng(7)
    size = 2 * BLOCK + 1234  # several blocks and a ragged last one
    args = _points(b, size, rng)
    edge = {"n": 0.0, "K": 2.0, "d": 1.0, "eps": 0.5, "alpha": 0.0, "delta": 1e-300}
    args[b.inputs[0]][:3] = edge[b.inputs[0]]
    if "K" in args and "K_dec" in args:
        args["K_dec"] = np.minimum(args["K_dec"], np.floor(args["K"]) - 1)
    whole = _whole(b, args)
    got = b(**args)
    assert got.shape == (size,)
    np.testing.assert_array_equal(got, whole)
    np.testing.assert_array_equal(b.log_evaluate(**args), _whole(b, args, log=True))


@pytest.mark.parametrize("b", _FAST, ids=lambda b: b.id)
def test_blockwise_evaluation_with_broadcasting(b):
    """Mixed shapes (a column, a row, a scalar): the non-contiguous broadcast path."""
    rng = np.random.default_rng(8)
    first, second, *rest = b.inputs
    col = _points(b, (300, 1), rng)[first]
    row = _points(b, (1, 250), rng)[second]
    scal = {k: float(v[0]) for k, v in _points(b, 1, rng).items() if k in rest}
    if "K_dec" in scal:
        scal["K_dec"] = 1.0  # at most K - 1 for every K of the row
    got = b(**{first: col, second: row, **scal})
    assert got.shape == (300, 250)
    ref = _whole(b, {first: col, second: row, **{k: np.float64(v) for k, v in scal.items()}})
    np.testing.assert_array_equal(got, np.broadcast_to(ref, (300, 250)))
    # a single point of the grid, evaluated alone, is the same number
    i, j = 123, 201
    one = b(**{first: float(col[i, 0]), second: float(row[0, j]), **scal})
    assert one == got[i, j]
