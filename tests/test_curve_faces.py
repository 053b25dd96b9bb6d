"""The faces of `bounds.Curve`: its plots (what is drawn is what the package computes) and `bounds curve`.

Small scenarios only (K = 2**10 at most, a few points): the whole file runs in seconds.
"""
from __future__ import annotations

import json
import re
import math
import sys

import numpy as np
import pytest

import bounds
from bounds.cli import main
from bounds.cost import CostModel

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from bounds import plots  # noqa: E402

SCENARIO = dict(K=2**10, d=0.2)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _lines(ax) -> dict:
    return {line.get_label(): line for line in ax.get_lines()}


# ---------------------------------------------------------------------- plot_curve
@pytest.mark.parametrize("x", ["eps", "label_eps", "n"])
def test_plot_curve_draws_the_curves_numbers_and_its_best_point(x):
    curve = bounds.Curve([900, 300, 600], [0.3, 0.1, 0.2], raters=3, **SCENARIO)
    t = curve.win_probability()
    ax = plots.plot_curve(curve, x=x)
    o = np.argsort(getattr(t, x))
    lines = _lines(ax)
    for side, label in (("lower", "lower: guaranteed (sufficient side)"), ("exact", "exact"),
                        ("upper", "upper: limit (necessary side)")):
        np.testing.assert_array_equal(lines[label].get_xdata(), getattr(t, x)[o])
        np.testing.assert_array_equal(lines[label].get_ydata(), getattr(t, side)[o])
    best = curve.best()
    star = next(line for label, line in lines.items() if label.startswith("best (exact)"))
    assert star.get_xdata()[0] == getattr(best, x)[0] and star.get_ydata()[0] == best.exact[0]
    with pytest.raises(bounds.ParameterValueError, match="x='m'"):
        plots.plot_curve(curve, x="m")


def test_plot_curve_marks_the_lower_sides_best_where_every_exact_value_is_out_of_reach():
    n = 2 * bounds.MAX_EXACT_N
    curve = bounds.Curve([n, 2 * n], [0.45, 0.3], K=2**10, d=1e-4)
    t = curve.win_probability()
    assert np.all(np.isnan(t.exact))
    labels = plots.plot_curve(curve, x="n").get_legend_handles_labels()[1]
    assert labels[-1].startswith("best (lower)") and f"eps = {curve.best('lower').eps[0]:.3g}" in labels[-1]


# ---------------------------------------------------------------------- plot_labels_needed_vs_eps
def test_labels_needed_vs_eps_draws_each_side_and_the_breakdown():
    sc = dict(SCENARIO, s=0.3, q_hard=0.2)
    eps = [0.0, 0.2, 0.4, 0.45]
    ax = plots.plot_labels_needed_vs_eps(eps, 0.05, **sc)
    lines = _lines(ax)
    for e, i in zip(eps, range(len(eps))):
        r = bounds.Scenario(eps=e, **sc).labels_needed(0.05)
        for key in ("necessary", "exact", "sufficient"):
            want = float(getattr(r, key))
            got = lines[key].get_ydata()[i]
            assert got == want if math.isfinite(want) else math.isnan(got)
    # past the breakdown: the sufficient and exact counts are inf, drawn as triangles on the top edge
    triangles = [line for line in ax.get_lines() if line.get_marker() == "^" and len(line.get_xdata())]
    assert sorted(float(x) for line in triangles for x in line.get_xdata()).count(0.4) == 3
    # eps* is where the margin reaches 0
    (star,) = [line.get_xdata()[0] for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert bounds.Scenario(eps=star - 1e-9, **sc).margin > 0 >= bounds.Scenario(eps=star, **sc).margin
    assert ax.texts[0].get_text().startswith(f" eps* = {star:.3g}: from here on no finite n")


def test_labels_needed_vs_eps_marks_no_breakdown_short_of_it():
    ax = plots.plot_labels_needed_vs_eps([0.1, 0.2], 0.05, exact=False, **SCENARIO)
    assert not ax.texts and np.all(np.isnan(_lines(ax)["exact"].get_ydata()))
    assert ax.get_yscale() == "log"


# ---------------------------------------------------------------------- plot_budget_frontier
def test_budget_frontier_draws_the_budget_needed_and_the_eps_it_buys():
    cost = CostModel("power", eps_ref=0.2, seconds_ref=4.0, beta=2.0, raters=3)
    eps, targets = [0.1, 0.2, 0.3], [0.99, 0.6, 0.9]
    ax = plots.plot_budget_frontier(cost, eps, targets, sides=("lower", "upper"), **SCENARIO)
    assert ax.get_ylabel() == "rater hours"
    lines = _lines(ax)
    notes = []  # the eps bought, at a side's first target and wherever it changes
    for side, label in (("lower", "lower: surely enough (sufficient side)"),
                        ("upper", "upper: impossible for less (necessary side)")):
        answers = [bounds.Curve.budget_needed(cost, eps, p, side=side, **SCENARIO) for p in sorted(targets)]
        np.testing.assert_array_equal(lines[label].get_xdata(), sorted(targets))
        np.testing.assert_array_equal(lines[label].get_ydata(), [a.hours for a in answers])
        notes += [(f"eps = {a.eps:.3g}", a.hours) for i, a in enumerate(answers)
                  if i == 0 or a.eps != answers[i - 1].eps]
    assert [(t.get_text(), t.xy[1]) for t in ax.texts] == notes


def test_budget_frontier_in_dollars_and_with_unreachable_targets():
    priced = CostModel("constant", seconds_ref=3.6, dollars_per_hour=10.0)
    ax = plots.plot_budget_frontier(priced, [0.1], [0.9], sides=("exact",), K=2, d=1.0)
    a = bounds.Curve.budget_needed(priced, [0.1], 0.9, K=2, d=1.0)
    assert ax.get_ylabel() == "dollars" and _lines(ax)["exact"].get_ydata()[0] == a.dollars
    # every error rate on offer is past the breakdown (margin <= 0): no finite budget reaches any target
    sc = dict(SCENARIO, s=0.6, q_hard=0.1)
    ax = plots.plot_budget_frontier(priced, [0.2, 0.3], [0.9], sides=("lower",), **sc)
    (label,) = _lines(ax)
    assert label.endswith("no target reachable") and np.isnan(_lines(ax)[label].get_ydata()[0])
    with pytest.raises(bounds.ParameterValueError, match="targets"):
        plots.plot_budget_frontier(priced, [0.1], [1.0], K=2, d=1.0)
    with pytest.raises(bounds.ParameterValueError, match="side='middle'"):
        plots.plot_budget_frontier(priced, [0.1], [0.9], sides=("middle",), K=2, d=1.0)


# ---------------------------------------------------------------------- bounds curve
def run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def run_json(capsys, *argv):
    rc, out, err = run(capsys, *argv, "--json")
    assert rc == 0, err
    return json.loads(out)


def test_cli_explicit_points_print_the_curves_numbers(capsys):
    payload = run_json(capsys, "curve", "--n", "40,80,120", "--eps", "0.1,0.2,0.3", "--raters", "3",
                       "--K", "2**10", "--d", "0.2")
    t = bounds.Curve([40, 80, 120], [0.1, 0.2, 0.3], raters=3, **SCENARIO).win_probability()
    for i, p in enumerate(payload["points"]):
        assert (p["n"], p["eps"], p["label_eps"]) == (t.n[i], t.eps[i], t.label_eps[i])
        assert (p["lower"], p["exact"], p["upper"]) == (t.lower[i], t.exact[i], t.upper[i])
    assert payload["raters"] == 3 and payload["cost"] is None and payload["targets"] == []
    best = bounds.Curve([40, 80, 120], [0.1, 0.2, 0.3], raters=3, **SCENARIO).best()
    assert payload["best"]["exact"]["n"] == best.n[0] and payload["best"]["exact"]["p"] == best.exact[0]
    rc, out, err = run(capsys, "curve", "--n", "40,80,120", "--eps", "0.1,0.2,0.3", "--raters", "3",
                       "--K", "2**10", "--d", "0.2")
    assert rc == 0 and err == "" and "Best point on each side:" in out
    assert f"exact: P = {best.exact[0]:.6g} at n = {best.n[0]:,.0f}, eps = {best.eps[0]:g}\n" in out
    assert "lower: P = 0 at every point (the sufficient side guarantees nothing on this curve)" in out
    assert "upper: P = 1 at every point (the necessary side rules nothing out on this curve)" in out


def test_cli_best_point_names_the_first_of_the_points_equal_as_printed(capsys):
    args = ["curve", "--cost", "power", "--eps-ref", "0.2", "--hours", "0.5", "--eps", "0.05:0.4:8"]
    payload = run_json(capsys, *args)
    upper = [p["upper"] for p in payload["points"]]
    assert upper[0] < upper[1] == max(upper) and f"{upper[0]:.6g}" == "1"  # the best is the 2nd, printed alike
    rc, out, _ = run(capsys, *args)
    assert "upper: P = 1 at 7 of 8 points (to 6 digits), the first at n = 112, eps = 0.05" in out


def test_cli_cost_model_buys_the_curve_and_prices_the_targets(capsys):
    args = ["curve", "--cost", "power", "--eps-ref", "0.2", "--seconds-ref", "4", "--beta", "1", "--raters", "3",
            "--dollars", "30", "--dollars-per-hour", "20", "--eps", "0.1:0.3:3", "--target", "0.9,0.5",
            "--K", "2**10", "--d", "0.2"]
    payload = run_json(capsys, *args)
    cost = CostModel("power", eps_ref=0.2, seconds_ref=4.0, beta=1.0, raters=3, dollars_per_hour=20.0)
    curve = bounds.Curve.from_cost(cost, [0.1, 0.2, 0.3], dollars=30.0, **SCENARIO)
    assert [p["n"] for p in payload["points"]] == curve.n.tolist()
    assert [p["seconds_per_label"] for p in payload["points"]] == [8.0, 4.0, 4 * 0.2 / 0.3]
    assert payload["budget"] == {"hours": None, "dollars": 30.0} and payload["cost"]["shape"] == "power"
    assert [row["target"] for row in payload["targets"]] == [0.5, 0.9]
    for row in payload["targets"]:
        for side in ("lower", "exact", "upper"):
            a = bounds.Curve.budget_needed(cost, [0.1, 0.2, 0.3], row["target"], side=side, **SCENARIO)
            assert row[side] == {"eps": a.eps, "items": a.items, "hours": a.hours, "dollars": a.dollars}
    rc, out, _ = run(capsys, *args)
    assert rc == 0 and "Budget needed for P(aligned policy wins) >= 0.9," in out and "dollars" in out


def test_cli_target_alone_and_unreachable_targets(capsys):
    payload = run_json(capsys, "curve", "--cost", "constant", "--eps", "0.3", "--target", "0.9",
                       "--K", "2**10", "--d", "0.2", "--s", "0.6", "--q-hard", "0.1")
    assert payload["points"] == [] and payload["best"] is None
    assert payload["targets"] == [{"target": 0.9, "lower": None, "exact": None, "upper": None}]
    rc, out, _ = run(capsys, "curve", "--cost", "constant", "--eps", "0.3", "--target", "0.9",
                     "--K", "2**10", "--d", "0.2", "--s", "0.6", "--q-hard", "0.1")
    assert rc == 0 and out.count("no error rate here reaches it with finitely many labels") == 3


def test_cli_json_encodes_out_of_reach_as_null(capsys):
    n = 2 * bounds.MAX_EXACT_N
    payload = run_json(capsys, "curve", "--n", str(n), "--eps", "0.3", "--K", "2**10", "--d", "1e-4")
    assert payload["points"][0]["exact"] is None and payload["best"]["exact"] is None
    rc, out, _ = run(capsys, "curve", "--n", str(n), "--eps", "0.3", "--K", "2**10", "--d", "1e-4")
    assert "exact: out of the exact engine's reach at every point" in out


def test_eps_ranges():
    from bounds.cli._curve import parse_eps

    assert parse_eps("0.05:0.4:8") == [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4]
    assert parse_eps("0.2:0.2:1") == [0.2] and parse_eps("0.3:0.1:3") == [0.3, 0.2, 0.1]


BAD = [
    (["--eps", "0.1"], "give the points with --n"),
    (["--n", "5"], "--eps is required"),
    (["--n", "5,6", "--eps", "0.1,0.2,0.3"], "--n has 2 values and --eps 3"),
    (["--n", "5.5", "--eps", "0.1"], "--n='5.5' is not a whole number"),
    (["--n", "-5", "--eps", "0.1"], "--n='-5' is not a whole number"),
    (["--n", "5", "--eps", "0.7"], "--eps: eps=0.7 is outside its domain [0, 1/2]"),
    (["--n", "5", "--eps", "0.1:0.2"], "--eps='0.1:0.2': a range is START:STOP:COUNT"),
    (["--n", "5", "--eps", "0.1:0.2:0"], "--eps='0' must be a whole number of points >= 1"),
    (["--n", "5", "--eps", "0.1:0.2:1e9"], "at most 1,000"),
    (["--n", "5", "--eps", "a:0.2:3"], "--eps: 'a' is not a number"),
    (["--n", "5", "--eps", "0.1", "--raters", "0"], "--raters='0' must be a whole number of raters >= 1"),
    (["--n", "5", "--eps", "0.1", "--cost", "power"], "give explicit points (--n) or a cost model (--cost), not both"),
    (["--n", "5", "--eps", "0.1", "--hours", "3"], "--hours belongs to a cost model"),
    (["--n", "5", "--eps", "0.1", "--target", "0.9"], "--target needs a cost model"),
    (["--n", "5", "--eps", "0.1", "--d", "-0.5"], "--d: d=-0.5 is outside its domain (0, 1]"),
    (["--n", "5", "--eps", "0.1", "--K", "2", "--bits", "3"], "give --K or --bits"),
    (["--cost", "foo", "--eps", "0.1", "--hours", "1"], "--cost='foo' is not a cost shape"),
    (["--cost", "power", "--eps", "0.1", "--hours", "1"], "--eps-ref: eps_ref is needed"),
    (["--cost", "power", "--eps-ref", "0.7", "--eps", "0.1", "--hours", "1"], "--eps-ref: eps_ref=0.7 is outside"),
    (["--cost", "power", "--eps-ref", "0.2", "--eps", "0:0.2:3", "--hours", "1"],
     "--cost: seconds_per_label at eps=0.0 is inf"),
    (["--cost", "power", "--eps-ref", "0.2", "--beta", "-1", "--eps", "0.1", "--hours", "1"], "--beta: beta=-1.0"),
    (["--cost", "constant", "--overhead", "0.5", "--eps", "0.1", "--hours", "1"], "--overhead: overhead=0.5"),
    (["--cost", "constant", "--eps", "0.1", "--hours", "-1"], "--hours: hours=-1.0 is outside its domain"),
    (["--cost", "constant", "--eps", "0.1", "--hours", "1", "--dollars", "1"], "--hours or --dollars, not both"),
    (["--cost", "constant", "--eps", "0.1", "--dollars", "5"], "--dollars needs --dollars-per-hour"),
    (["--cost", "constant", "--eps", "0.1"], "a cost model needs a budget"),
    (["--cost", "constant", "--eps", "0.1", "--target", "1"], "--target='1' is outside its domain (0, 1)"),
    (["--cost", "constant", "--eps", "0.1", "--target", "x"], "--target: 'x' is not a number"),
    (["--cost", "constant", "--eps", "0.1", "--hours", "1", "--seconds-ref", "nan"], "--seconds-ref: seconds_ref"),
    (["--n", "5", "--eps", "0.1", "--plot", "out.jpg"], "--plot='out.jpg': unknown format '.jpg'"),
    (["--n", "5", "--eps", "0.1", "--plot", "out"], "unknown format '(no extension)'"),
]


@pytest.mark.parametrize("argv,message", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_cli_bad_input_is_one_line_naming_the_option(capsys, argv, message):
    rc, out, err = run(capsys, "curve", *argv)
    assert rc == 2 and out == "" and err.count("\n") == 1, err
    assert err.startswith("bounds: error: ") and message in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize("ext,magic", [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_cli_plot_writes_the_figure(capsys, tmp_path, ext, magic):
    path = tmp_path / f"curve.{ext.upper() if ext == 'pdf' else ext}"
    rc, out, err = run(capsys, "curve", "--cost", "constant", "--eps", "0.1,0.3", "--hours", "0.01",
                       "--target", "0.9", "--K", "2", "--d", "1", "--plot", str(path))
    assert rc == 0 and err == "" and f"Figure written to {path}" in out
    assert path.read_bytes().startswith(magic)


def test_cli_plot_without_matplotlib_or_a_folder(capsys, tmp_path, monkeypatch):
    rc, _, err = run(capsys, "curve", "--n", "5", "--eps", "0.1", "--plot", str(tmp_path / "no" / "x.png"))
    assert rc == 2 and "--plot: cannot write" in err and "No such file or directory" in err
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    rc, _, err = run(capsys, "curve", "--n", "5", "--eps", "0.1", "--plot", str(tmp_path / "x.png"))
    assert rc == 2 and "--plot needs matplotlib, which is not installed" in err
    assert not (tmp_path / "x.png").exists()


# ---------------------------------------------------------------------- the published figures the docs use
def test_published_figures_carry_their_source():
    from bounds.data import AGREEMENT, COMPARISONS

    for name, ref in {**AGREEMENT, **COMPARISONS}.items():
        where = r"§\d|App\. [A-Z]|README|Table \d|Fig\. \d|abstract|location not recorded"
        assert re.search(r"\(20\d\d\)", ref.source) and re.search(where, ref.source), name
    for name, ref in AGREEMENT.items():
        assert 0.5 < ref.value <= 1, name
        assert re.search(rf"\b{100 * ref.value:g}( ± [0-9.]+)?%", ref.note), (name, ref.note)  # the value quoted
    assert all(float(ref.value).is_integer() and ref.value > 0 for ref in COMPARISONS.values())


def test_cli_alignment_tax(capsys):
    payload = run_json(capsys, "curve", "--cost", "power", "--eps-ref", "0.2", "--eps", "0.1,0.2,0.3",
                       "--dollars-per-hour", "20", "--target", "0.95", "--training-cost", "1e6", "--K", "2**10",
                       "--d", "0.2")
    for side in ("lower", "exact", "upper"):
        a = payload["targets"][0][side]
        assert a["alignment_tax"] == pytest.approx(a["dollars"] / 1e6, rel=1e-12)
    rc, out, err = run(capsys, "curve", "--cost", "power", "--eps-ref", "0.2", "--eps", "0.1,0.2", "--hours", "1",
                       "--training-cost", "1e6", "--K", "2", "--d", "1")
    assert rc == 2 and "--training-cost needs --target" in err and "Traceback" not in err


def test_cli_points_carry_their_cost(capsys):
    payload = run_json(capsys, "curve", "--cost", "power", "--eps-ref", "0.2", "--eps", "0.1,0.2", "--dollars", "10",
                       "--dollars-per-hour", "20", "--K", "2", "--d", "1")
    for p in payload["points"]:
        assert p["dollars"] == pytest.approx(p["hours"] * 20.0, rel=1e-12) and p["dollars"] <= 10.0 * (1 + 1e-12)
