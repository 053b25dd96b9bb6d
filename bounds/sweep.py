r"""Sweeps: a bound, an exact routine or a simulator over a parameter grid, on any executor.

`sweep(target, **grid)` evaluates `target` at every point of the Cartesian product of the
list-valued keywords and returns a tidy table — one row per point, one column per
parameter and per result (a pandas `DataFrame` when pandas is installed, a numpy record
array otherwise).

* `target` is a bound id (`"race.union_chernoff"`), a `Bound`, or a callable such as
  `bounds.simulate.duel`. With `solve="n"` a bound is solved for `n` instead of
  evaluated. A bound's optional inputs (`alpha`, `s`, `q_hard`, `K_dec`) left out of the
  grid take their defaults, and `bits` may stand for `K`.
* `executor=` takes any `concurrent.futures.Executor`: none (in-process, the default), a
  `ProcessPoolExecutor`, or a Dask cluster through `distributed.Client(...).get_executor()`.
* Seeds: a target that takes `seed=` gets, at grid point $i$, child $i$ of
  `SeedSequence(seed)` (`bounds.simulate.engine.child_seed`: the same as `.spawn()` would
  make, built from its spawn key), so every point's numbers depend only on `seed` and the point — never on the executor,
  the batching or the order in which tasks finish.
* A progress bar is written to stderr once a run has taken more than a second
  (`progress=True` always, `False` never).

Examples
--------
>>> import bounds
>>> from bounds.sweep import sweep
>>> t = sweep("race.union_chernoff", n=[100, 1000], K=2**20, d=0.1, eps=[0.1, 0.2], alpha=0.0,
...           output="records")
>>> t.dtype.names
('n', 'K', 'd', 'eps', 'alpha', 'delta')
>>> [round(float(x), 4) for x in t.delta]
[1.0, 1.0, 0.0, 0.0018]

Monte Carlo, reproducible whichever executor runs it:

>>> from concurrent.futures import ThreadPoolExecutor
>>> from bounds import simulate
>>> grid = dict(n=[11, 21], d=1.0, eps=0.3, trials=10_000, seed=5, output="records")
>>> a = sweep(simulate.duel, **grid)
>>> with ThreadPoolExecutor(2) as ex:
...     b = sweep(simulate.duel, executor=ex, **grid)
>>> a.count.tolist() == b.count.tolist()
True
"""
from __future__ import annotations

import dataclasses
import inspect
import itertools
import math
import numbers
import os
import sys
import time
from concurrent.futures import as_completed

import numpy as np
from .errors import ParameterTypeError, ParameterValueError

__all__ = ["sweep"]


# ====================================================================== progress bar
class _Progress:
    """A tiny progress bar on stderr; appears once `delay` seconds have passed (or always)."""

    def __init__(self, total: int, enabled, stream=None, delay: float = 1.0, width: int = 28):
        self.total = max(1, total)
        self.enabled = enabled
        self.stream = sys.stderr if stream is None else stream
        self.delay = delay
        self.width = width
        self.start = time.monotonic()
        self.shown = False
        self.done = 0

    def update(self, k: int) -> None:
        self.done += k
        if self.enabled is False:
            return
        elapsed = time.monotonic() - self.start
        if self.enabled is None and elapsed < self.delay:
            return
        frac = self.done / self.total
        fill = int(round(self.width * frac))
        eta = elapsed / frac - elapsed if frac > 0 else math.inf
        eta_s = f"{eta:.0f}s" if math.isfinite(eta) else "?"
        self.stream.write(f"\rsweep [{'#' * fill}{'.' * (self.width - fill)}] {self.done}/{self.total} points, "
                          f"{elapsed:.1f}s elapsed, ETA {eta_s} ")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


# ====================================================================== tasks (module level: picklable)
def _as_row(result) -> dict:
    if hasattr(result, "to_dict"):
        return dict(result.to_dict())
    if isinstance(result, dict):
        return dict(result)
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return dataclasses.asdict(result)
    if isinstance(result, (numbers.Number, np.number, np.bool_)):
        return {"value": result.item() if isinstance(result, np.generic) else result}
    if isinstance(result, (tuple, list)) and all(isinstance(x, (numbers.Number, np.number)) for x in result):
        return {f"value_{i}": (x.item() if isinstance(x, np.generic) else x) for i, x in enumerate(result)}
    raise ParameterTypeError(f"sweep: cannot put a {type(result).__name__} in a table; return a number, a dict, "
                    f"or an object with to_dict()")


def _resolve_bound(spec):
    from .core import bound as lookup

    return lookup(spec) if isinstance(spec, str) else spec


def _run_task(kind, target, solve, points, seeds, fixed):
    """Evaluate one batch of grid points; returns a list of result dicts (one per point)."""
    if kind == "bound":
        b = _resolve_bound(target)
        names = list(points[0])
        arrays = {k: np.array([p[k] for p in points], dtype=float) for k in names}
        # optional inputs left out of the grid take their defaults; `bits` may stand for K
        if solve is None:
            vals = b(**{k: v for k, v in arrays.items() if k != b.subject})
            col = b.subject
        else:
            vals = b.solve(solve, **{k: v for k, v in arrays.items() if k != solve})
            col = solve
        vals = np.broadcast_to(np.asarray(vals, dtype=float), (len(points),))
        return [{col: float(v)} for v in vals]
    out = []
    for i, p in enumerate(points):
        kw = dict(p)
        kw.update(fixed)
        if seeds is not None:
            kw["seed"] = seeds[i]
        out.append(_as_row(target(**kw)))
    return out


# ====================================================================== the sweep
def _is_axis(v) -> bool:
    if isinstance(v, (str, bytes, dict)):
        return False
    if isinstance(v, np.ndarray):
        return v.ndim >= 1
    return isinstance(v, (list, tuple, range))


def _to_table(columns, rows, output, attrs):
    if output == "auto":
        try:
            import pandas  # noqa: F401
            output = "pandas"
        except ImportError:  # pragma: no cover - pandas is installed in the test environment
            output = "records"
    if output == "pandas":
        import pandas as pd

        df = pd.DataFrame.from_records(rows, columns=columns)
        df.attrs.update(attrs)
        return df
    arrays = []
    for c in columns:
        vals = [r.get(c) for r in rows]
        if all(isinstance(v, (bool, np.bool_)) for v in vals):
            arrays.append(np.array(vals, dtype=bool))
        elif all(isinstance(v, (numbers.Integral, np.integer)) and not isinstance(v, (bool, np.bool_)) for v in vals):
            arrays.append(np.array(vals, dtype=np.int64))
        elif all(isinstance(v, (numbers.Real, np.floating, np.integer)) for v in vals):
            arrays.append(np.array(vals, dtype=float))
        elif all(isinstance(v, str) for v in vals):
            arrays.append(np.array(vals, dtype=str))
        else:
            arr = np.empty(len(vals), dtype=object)
            arr[:] = vals
            arrays.append(arr)
    return np.rec.fromarrays(arrays, names=list(columns))


def sweep(target, *, executor=None, seed=None, progress=None, batch_size=None, solve=None, fixed=None,
          output="auto", **grid):
    r"""Evaluate a bound, exact routine or simulator over a parameter grid; return a tidy table.

    Parameters
    ----------
    target : str, Bound or callable
        A bound id or `Bound` (evaluated vectorized on each batch, or solved with
        `solve=`), or a callable taking the grid's keywords, e.g.
        `bounds.simulate.duel`; it may return a number, a dict, a dataclass or an object
        with `to_dict()` (an `Estimate` gives `estimate, low, high, count, ...`).
    executor : concurrent.futures.Executor, optional
        Where batches run. Default: in-process, sequentially. The target must then be
        picklable by that executor (module-level functions, bound ids; Dask uses
        cloudpickle and takes more).
    seed : None, int or numpy.random.SeedSequence
        Root seed. If `target` takes a `seed` keyword, grid point $i$ gets child $i$ of
        `SeedSequence(seed)`; the table's `attrs['seed']` (pandas) records the root's
        `(entropy, spawn_key)` so that a run with `seed=None` can be repeated.
    progress : None or bool
        `None`: a progress bar on stderr once the run takes more than a second.
    batch_size : int, optional
        Grid points per task. Default: everything in one vectorized batch for a bound
        run in-process, else about 4 tasks per CPU of this machine (bounds) or at most
        256 tasks (callables). Never changes the numbers.
    solve : str, optional
        For a bound: solve for this symbol (the grid then gives the subject, e.g.
        `delta`) instead of evaluating.
    fixed : dict, optional
        Keywords passed to the callable unchanged and not expanded into axes (e.g. a
        per-source list for `bounds.simulate.sources`).
    output : {'auto', 'pandas', 'records'}
        Table type; `'auto'` is pandas when importable.
    **grid
        Parameters: a list, tuple, range or 1-d array is an axis of the grid; a
        scalar is the same at every point. Both become columns.

    Returns
    -------
    pandas.DataFrame or numpy.recarray
        One row per grid point (first axis varying slowest); parameter columns, then
        result columns.

    Raises
    ------
    TypeError
        For a target that is neither a bound nor callable, or results that do not fit
        a table.
    ValueError
        For an empty grid or bad options.

    Examples
    --------
    >>> import bounds
    >>> t = sweep("duel.chernoff", solve="n", d=[0.1, 0.5], eps=0.2, alpha=0.0, delta=0.05,
    ...           output="records")
    >>> [round(float(x), 2) for x in t.n]
    [148.28, 28.43]

    Systematic error as an axis (no finite $n$ once the hard queries win), `bits` for $K$:

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     t = sweep("race.union_chernoff", solve="n", bits=10, d=0.1, eps=0.1, s=[0.0, 0.3, 0.5],
    ...               q_hard=0.0, delta=0.05, output="records")
    >>> [f"{x:.0f}" for x in t.n]
    ['243', '870', 'inf']
    """
    _check_options(output, progress)
    fixed = dict(fixed or {})
    kind, spec, name = _target(target)
    if kind == "bound":
        _check_bound_grid(_resolve_bound(spec), grid, fixed, solve)
    elif solve is not None:
        raise ParameterValueError("sweep: solve= applies to bounds only")
    points = _points(grid)
    seeds, seed_info = _seeds(target, seed, len(points)) if kind == "call" else (None, None)
    batches = _batches(kind, executor, batch_size, len(points))
    t0 = time.monotonic()
    results = _evaluate(kind, spec, solve, points, seeds, fixed, batches, executor, progress)
    elapsed = time.monotonic() - t0
    columns, rows = _rows(list(grid), points, results)
    attrs = {"target": name, "seed": seed_info, "elapsed": elapsed, "points": len(points)}
    return _to_table(columns, rows, output, attrs)


# ====================================================================== the pieces of a sweep
def _check_options(output, progress):
    if output not in ("auto", "pandas", "records"):
        raise ParameterValueError(f"output={output!r} must be 'auto', 'pandas' or 'records'")
    if progress not in (None, True, False):
        raise ParameterValueError(f"progress={progress!r} must be None, True or False")


def _target(target):
    """(kind, spec, name): kind 'bound' or 'call'; spec what the tasks get (a catalogued bound by id:
    picklable); name for the table's attrs."""
    from .core import Bound, bound as lookup, catalog

    if isinstance(target, str):
        lookup(target)  # fail early on an unknown id
        return "bound", target, target
    if isinstance(target, Bound):
        registered = any(b is target for b in catalog())
        return "bound", (target.id if registered else target), target.id
    if callable(target):
        return "call", target, getattr(target, "__qualname__", repr(target))
    raise ParameterTypeError(f"sweep: target must be a bound id, a Bound or a callable, got {type(target).__name__}")


def _check_bound_grid(b, grid, fixed, solve):
    unknown = [k for k in grid if k not in b.symbols and not (k == "bits" and "K" in b.symbols)]
    if unknown:
        raise ParameterTypeError(f"sweep: {b.id} has no parameter {unknown[0]!r} (its symbols are {', '.join(b.symbols)})")
    if fixed:
        raise ParameterValueError("sweep: fixed= is for callables; give a bound's parameters as grid keywords")
    if solve is not None and not isinstance(solve, str):
        raise ParameterTypeError(f"solve={solve!r} must be a symbol name")


def _points(grid):
    """The grid's points, first axis varying slowest, each a dict in the order of the grid's keywords."""
    axes = {k: list(np.asarray(v).tolist()) if isinstance(v, np.ndarray) else list(v)
            for k, v in grid.items() if _is_axis(v)}
    scalars = {k: v for k, v in grid.items() if not _is_axis(v)}
    for k, v in axes.items():
        if len(v) == 0:
            raise ParameterValueError(f"sweep: axis {k!r} is empty")
    points = []
    for combo in itertools.product(*axes.values()):
        p = dict(zip(axes, combo))
        p.update(scalars)
        points.append({k: p[k] for k in grid})
    return points


def _seeds(target, seed, npts):
    """Child i of the root seed for grid point i, and the root's (entropy, spawn_key); (None, None)
    for a callable without a `seed` keyword."""
    try:
        takes_seed = "seed" in inspect.signature(target).parameters
    except (TypeError, ValueError):  # pragma: no cover - builtins without signatures
        takes_seed = False
    if not takes_seed:
        return None, None
    from .simulate.engine import child_seed, seed_sequence

    root = seed_sequence(seed)
    return [child_seed(root, i) for i in range(npts)], (root.entropy, tuple(root.spawn_key))


def _batches(kind, executor, batch_size, npts):
    """[(start, stop)] of the grid points of each task."""
    if batch_size is None:
        if kind == "bound":
            workers = os.cpu_count() or 8
            batch_size = npts if executor is None else max(1, math.ceil(npts / (4 * workers)))
        else:
            batch_size = max(1, math.ceil(npts / 256))
    if not (isinstance(batch_size, numbers.Integral) and batch_size >= 1):
        raise ParameterValueError(f"batch_size={batch_size!r} must be a positive integer")
    return [(s, min(npts, s + batch_size)) for s in range(0, npts, batch_size)]


def _evaluate(kind, spec, solve, points, seeds, fixed, batches, executor, progress):
    """The result dicts of every point, in order, batch by batch (in-process or on `executor`)."""
    results: list = [None] * len(points)
    bar = _Progress(len(points), progress)

    def task(a, b):
        return kind, spec, solve, points[a:b], None if seeds is None else seeds[a:b], fixed

    try:
        if executor is None:
            for a, b in batches:
                results[a:b] = _run_task(*task(a, b))
                bar.update(b - a)
        else:
            futures = {executor.submit(_run_task, *task(a, b)): (a, b) for a, b in batches}
            for fut in as_completed(futures):
                a, b = futures[fut]
                results[a:b] = fut.result()
                bar.update(b - a)
    finally:
        bar.close()
    return results


def _rows(names, points, results):
    """(columns, rows): parameter columns, then result columns (a result named like a parameter
    but different from it becomes `<name>_out`)."""
    columns = list(names)
    rows = []
    for p, r in zip(points, results):
        row = dict(p)
        for k, v in r.items():
            if k in p:
                if p[k] == v:
                    continue
                k = f"{k}_out"
            row[k] = v
            if k not in columns:
                columns.append(k)
        rows.append(row)
    return columns, rows
