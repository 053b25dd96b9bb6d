"""The `bounds` command line: report / list / show / eval / solve, text and --json, bad input,
and the two ways to start it (`python -m bounds`, the `bounds` console script).

Reference values come from the library's own API at the same point, never from the output
of the code under test."""
from __future__ import annotations

import contextlib
import io
import json
import math
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bounds
from bounds import cli
from bounds.cli import _progress
from bounds.cli._common import jsonable, short_covers
from bounds.data import SECONDS_PER_LABEL

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv):
    rc = cli.main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


def run_json(capsys, *argv):
    rc, out, err = run(capsys, *argv, "--json")
    assert rc == 0, err
    assert err == ""
    return json.loads(out, parse_constant=lambda c: pytest.fail(f"non-standard JSON constant {c}"))


def need(**scenario):
    """labels_needed at the same point, from the library (warnings silenced)."""
    delta = scenario.pop("delta", 0.05)
    exact = scenario.pop("exact", True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return bounds.Scenario(**scenario).labels_needed(delta, exact=exact)


def assert_clean_text(out):
    """Within 100 columns, no negative zero, no long digit strings."""
    for line in out.splitlines():
        assert len(line) <= cli.WIDTH, line
        assert not re.search(r"(?<![\w.])-0(\.0*)?(?![\d.e])", line), line
        assert not re.search(r"\d{25}", line), line


# ---------------------------------------------------------------------------- list / show
def _blocks(out):
    """The list's text, one block of joined lines per bound (continuation lines are indented)."""
    blocks = []
    for line in out.splitlines():
        if line and not line.startswith(" "):
            blocks.append(line)
        else:
            blocks[-1] += " " + line.strip()
    return blocks


def test_list(capsys):
    rc, out, err = run(capsys, "list")
    assert rc == 0 and err == ""
    assert_clean_text(out)
    ids = [b.id for b in bounds.catalog()]
    blocks = _blocks(out)
    assert [blk.split()[0] for blk in blocks] == ids
    for blk, b in zip(blocks, bounds.catalog()):
        assert b.title in blk
        assert f"{b.direction} — {short_covers(b.covers)}" in re.sub(r"\s+", " ", blk)
    # the word "necessary" never appears without whom it covers
    for line in out.splitlines():
        if "necessary" in line:
            assert re.search(r"necessary — \S", line), line
    payload = run_json(capsys, "list")
    assert [row["id"] for row in payload] == ids
    for row in payload:
        b = bounds.bound(row["id"])
        assert row["direction"] == b.direction and row["symbols"] == list(b.symbols)
        assert row["citation"] == b.citation and row["covers"] == b.covers
    exact = run_json(capsys, "list", "--direction", "exact")
    assert [row["id"] for row in exact] == [b.id for b in bounds.catalog("exact")]


def test_short_covers_of_every_bound_states_the_learners():
    for b in bounds.catalog():
        short = short_covers(b.covers)
        assert short and short.count("(") == short.count(")"), (b.id, short)
        if b.direction == "necessary":
            assert "learner" in short or "generic objective" in short, (b.id, short)


def test_json_flag_before_the_command(capsys):
    rc, out, _ = run(capsys, "--json", "list")
    assert rc == 0
    assert [row["id"] for row in json.loads(out)] == [b.id for b in bounds.catalog()]


@pytest.mark.parametrize("bid", [b.id for b in bounds.catalog()])
def test_show(capsys, bid):
    b = bounds.bound(bid)
    rc, out, _ = run(capsys, "show", bid)
    assert rc == 0
    assert_clean_text(out)
    flat = re.sub(r"\s+", " ", out)
    assert out.splitlines()[0] == f"{bid} — {b.title}"
    assert b.citation in flat and f"{b.direction} — covers {b.covers}" in flat
    payload = run_json(capsys, "show", bid)
    assert payload["id"] == bid and payload["latex"] == b.latex() and payload["covers"] == b.covers
    assert payload["symbols"] == list(b.symbols) and payload["direction"] == b.direction


# ---------------------------------------------------------------------------- eval / solve
EVAL_CASES = [
    ("duel.hoeffding", dict(n=100, d=1, eps=0.1)),
    ("race.union_chernoff", dict(n=1000, K=2**20, d=0.1, eps=0.2, alpha=0.0)),
    ("fano.capacity_exact", dict(K=1024, eps=0.2, delta=0.1)),
    ("two_point.le_cam", dict(n=50, d=0.3, eps=0.1, alpha=0.05)),
    ("duel.exact", dict(n=11, d=1, eps=0.3)),
    ("duel.chernoff", dict(n=100, d=0.1, eps=0.1, s=0.2, q_hard=0.3)),
]


def _argv(params):
    return [f"{k}={v!r}" for k, v in params.items()]


@pytest.mark.parametrize("bid, params", EVAL_CASES)
def test_eval(capsys, bid, params):
    b = bounds.bound(bid)
    want = b(**params)
    payload = run_json(capsys, "eval", bid, *_argv(params))
    assert payload["value"] == want and payload["subject"] == b.subject
    assert payload["relation"] == b.relation_op and payload["covers"] == b.covers
    rc, out, _ = run(capsys, "eval", bid, *_argv(params))
    assert rc == 0
    assert_clean_text(out)
    first, *rest = out.strip().splitlines()
    assert first == f"{bid}: {b.subject} {b.relation_op} {want!r}"
    assert " ".join(x.strip() for x in rest) == f"{b.direction} — covers {short_covers(b.covers)}"


def test_eval_vectorized_and_powers(capsys):
    b = bounds.bound("race.union_chernoff")
    payload = run_json(capsys, "eval", "race.union_chernoff", "n=500,1000,2000", "K=2**20", "d=0.1", "eps=0.2")
    assert payload["value"] == b(n=[500, 1000, 2000], K=2**20, d=0.1, eps=0.2).tolist()
    assert payload["params"]["K"] == 2.0**20
    same = run_json(capsys, "eval", "race.union_chernoff", "n=1000", "K=2^20", "d=0.1", "eps=0.2", "alpha=0")
    assert same["value"] == payload["value"][1]


def test_eval_huge_K_goes_through_bits(capsys):
    b = bounds.bound("race.union_chernoff")
    payload = run_json(capsys, "eval", "race.union_chernoff", "n=100000", "K=2**2000", "d=0.1", "eps=0.2")
    assert payload["value"] == b(n=100000, bits=2000, d=0.1, eps=0.2)
    assert payload["params"] == {"n": 100000.0, "bits": 2000.0, "d": 0.1, "eps": 0.2}
    assert run_json(capsys, "eval", "race.union_chernoff", "n=100000", "bits=2000", "d=0.1", "eps=0.2")["value"] \
        == payload["value"]


@pytest.mark.parametrize("order", ["for-first", "for-last"])
def test_solve(capsys, order):
    params = ["d=0.1", "eps=0.2", "alpha=0", "delta=0.05"]
    argv = ["solve", "duel.chernoff", "--for", "n", *params] if order == "for-first" else \
        ["solve", "duel.chernoff", *params, "--for", "n"]
    payload = run_json(capsys, *argv)
    want = bounds.bound("duel.chernoff").solve("n", d=0.1, eps=0.2, alpha=0.0, delta=0.05)
    assert payload["value"] == want and payload["solve_for"] == "n" and payload["notes"] == []
    rc, out, _ = run(capsys, *argv)
    assert rc == 0 and out.splitlines()[0] == f"duel.chernoff: n = {want!r}"


def test_solve_vectorized_and_exact(capsys):
    payload = run_json(capsys, "solve", "race.exact", "--for", "n", "K=10", "d=1", "eps=0.1", "delta=0.1,0.01")
    b = bounds.bound("race.exact")
    assert payload["value"] == [b.solve("n", K=10, d=1, eps=0.1, delta=t) for t in (0.1, 0.01)]
    assert all(v == int(v) for v in payload["value"])


def test_solve_no_solution_is_an_answer(capsys):
    argv = ["solve", "race.union_chernoff", "--for", "n", "K=2**20", "d=0.1", "eps=0.5", "delta=0.05"]
    payload = run_json(capsys, *argv)
    assert payload["value"] == "inf"
    assert len(payload["notes"]) == 1 and "no finite n" in payload["notes"][0]
    rc, out, err = run(capsys, *argv)
    assert rc == 0 and err == ""
    assert_clean_text(out)
    assert out.splitlines()[0] == "race.union_chernoff: n = inf"
    assert [line for line in out.splitlines() if line.startswith("note: ")]


def test_solve_overflow_note_and_for_bits(capsys):
    b = bounds.bound("race.union_chernoff")
    at = dict(n=100000, d=1.0, eps=0.01, delta=0.5)
    payload = run_json(capsys, "solve", b.id, "--for", "K", *_argv(at))
    assert payload["value"] == "inf"
    assert len(payload["notes"]) == 1 and "exceeds the largest float" in payload["notes"][0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = b.solve("bits", **at)
    bits = run_json(capsys, "solve", b.id, "--for", "bits", *_argv(at))
    assert bits["value"] == want and bits["notes"] == []


# ---------------------------------------------------------------------------- report
def _rows_match(rows, **scenario):
    """Every row of a report equals labels_needed at the same point."""
    for r in rows:
        want = need(eps=r["eps"], **scenario)
        assert r["necessary"] == want.necessary and r["necessary_adaptive"] == want.necessary_adaptive
        assert r["sufficient"] == _j(want.sufficient)
        assert r["necessary_bound"] == want.necessary_bound
        assert r["necessary_adaptive_bound"] == want.necessary_adaptive_bound
        assert r["sufficient_bound"] == want.sufficient_bound
        if r["exact_status"] in ("computed", "out of reach", "skipped"):
            assert r["exact_status"] == want.exact_status
            assert r["exact"] == (None if want.exact is None else _j(want.exact))


def _j(x):
    return "inf" if math.isinf(x) else x


def test_report_json(capsys):
    payload = run_json(capsys, "report", "--eps", "0,0.1")
    sc = payload["scenario"]
    assert sc["K"] == 2.0**20 and sc["bits"] == 20.0 and sc["d"] == 0.1 and sc["delta"] == 0.05
    assert (sc["alpha"], sc["s"], sc["q_hard"], sc["K_dec"]) == (0.0, 0.0, 0.0, 1.0)
    rows = payload["rows"]
    assert [r["eps"] for r in rows] == [0.0, 0.1]
    sec = payload["seconds_per_label"]
    assert sec == SECONDS_PER_LABEL.value and payload["seconds_per_label_source"] == SECONDS_PER_LABEL.source
    _rows_match(rows, K=2**20, d=0.1)
    for r in rows:
        want = need(K=2**20, d=0.1, eps=r["eps"])
        assert r["exact_status"] == "computed"
        assert r["necessary"] <= r["exact"] <= r["sufficient"], r
        assert r["hours_exact"] == pytest.approx(r["exact"] * sec / 3600)
        assert r["hours_necessary_adaptive"] == pytest.approx(r["necessary_adaptive"] * sec / 3600)
        assert r["ratio"] == want.ratio
    for bid, text in payload["covers"].items():
        assert text == bounds.bound(bid).covers


def test_report_text(capsys):
    rc, out, err = run(capsys, "report", "--eps", "0.1,0.5", "--K", "2^10", "--seconds-per-label", "10",
                       "--no-exact")
    assert rc == 0 and err == ""
    assert_clean_text(out)
    flat = re.sub(r"\s+", " ", out)
    assert "K = 2^10 = 1,024 candidate policies" in flat and "(10 bits of intent)" in flat
    assert "at 10 s per label." in flat
    assert "necessary (passive)" in flat and "necessary (adaptive)" in flat and "sufficient:" in flat
    last_row = [line for line in out.splitlines() if line.strip().startswith("0.5 ")][0]
    assert last_row.split()[1:5] == ["inf", "inf", "skipped", "inf"]  # eps = 1/2: no finite n
    assert "eps = 0.5: sufficient: inf: no finite number of labels suffices" in flat


def test_report_default_without_exact(capsys):
    payload = run_json(capsys, "report", "--no-exact")
    assert len(payload["rows"]) == 10 and payload["exact_computed"] is False
    for r in payload["rows"]:
        assert r["exact"] is None and r["hours_exact"] is None and r["exact_status"] == "skipped"
        assert "--no-exact" in r["reasons"]["exact"]
        assert r["necessary_adaptive"] <= r["necessary"] <= r["sufficient"]
    _rows_match(payload["rows"], K=2**20, d=0.1, exact=False)


def test_report_out_of_reach_is_not_skipped(capsys):
    """exact = null carries why: out of reach here, skipped with --no-exact."""
    payload = run_json(capsys, "report", "--K", "2**40", "--d", "0.01", "--alpha", "0.05", "--eps", "0.45")
    (r,) = payload["rows"]
    want = need(K=2**40, d=0.01, alpha=0.05, eps=0.45)
    assert want.exact_status == "out of reach"
    assert r["exact"] is None and r["exact_status"] == "out of reach"
    assert r["reasons"]["exact"] == want.reasons["exact"]
    assert r["sufficient"] == want.sufficient and r["necessary"] == want.necessary


def test_report_bits_equals_K(capsys):
    a = run_json(capsys, "report", "--K", "2**30", "--eps", "0.1,0.3", "--no-exact")
    b = run_json(capsys, "report", "--bits", "30", "--eps", "0.1,0.3", "--no-exact")
    assert a["rows"] == b["rows"]


def test_report_huge_K(capsys):
    rc, out, err = run(capsys, "report", "--K", "2**2000", "--eps", "0.2", "--no-exact")
    assert rc == 0 and err == ""
    assert_clean_text(out)
    assert "K = 2^2000 candidate policies" in out
    payload = run_json(capsys, "report", "--bits", "2000", "--eps", "0.2", "--no-exact")
    assert payload["scenario"]["K"] is None and payload["scenario"]["K_text"] == "2^2000"
    _rows_match(payload["rows"], bits=2000, d=0.1, exact=False)


def test_report_systematic_error(capsys):
    argv = ["report", "--eps", "0.1,0.2", "--s", "0.3", "--q-hard", "0.2", "--K-dec", "3", "--no-exact"]
    payload = run_json(capsys, *argv)
    sc = payload["scenario"]
    assert (sc["s"], sc["q_hard"], sc["K_dec"]) == (0.3, 0.2, 3.0)
    _rows_match(payload["rows"], K=2**20, d=0.1, s=0.3, q_hard=0.2, K_dec=3, exact=False)
    rc, out, _ = run(capsys, *argv)
    assert rc == 0
    assert_clean_text(out)
    assert "systematic error: on a share s = 0.3" in re.sub(r"\s+", " ", out)


def test_report_systematic_error_past_breakdown(capsys):
    """No n suffices once the margin against a deceptive policy is <= 0: inf, with its reason."""
    payload = run_json(capsys, "report", "--eps", "0.1", "--s", "1", "--q-hard", "0.2", "--no-exact")
    (r,) = payload["rows"]
    assert r["sufficient"] == "inf" and r["necessary"] == "inf"
    assert "systematic error" in r["reasons"]["sufficient"]
    # the generic objective loses the duel against the deceptive policy at least half of the time
    assert "duel.two_point" in r["reasons"]["necessary (passive)"] and "1/2" in r["reasons"]["necessary (passive)"]


def test_report_exact_with_systematic_error(capsys):
    """With s > 0 the exact count is computed, or missing with the reason (engine not available)."""
    payload = run_json(capsys, "report", "--eps", "0.1", "--s", "0.1", "--q-hard", "0.3")
    (r,) = payload["rows"]
    assert r["exact_status"] in ("computed", "out of reach", "not available")
    if r["exact"] is None:
        assert r["reasons"]["exact"]


@pytest.mark.parametrize("argv", [
    ["--eps", "0.1,0.2", "--no-exact"],
    ["--eps", "0.1,0.45", "--s", "0.2", "--q-hard", "0.1", "--K-dec", "3"],
    ["--eps", "0.1", "--bits", "2000"],
])
def test_report_computes_each_row_once(capsys, monkeypatch, argv):
    """One labels_needed call per row, also when the exact engine cannot serve the scenario."""
    calls = []
    original = bounds.Scenario.labels_needed

    def counted(self, delta, **kw):
        calls.append(self.eps)
        return original(self, delta, **kw)

    monkeypatch.setattr(bounds.Scenario, "labels_needed", counted)
    payload = run_json(capsys, "report", *argv)
    assert calls == [r["eps"] for r in payload["rows"]]


REASON_KEYS = {
    "necessary": lambda k: k.startswith("necessary") and "adaptive" not in k,
    "necessary_adaptive": lambda k: k == "necessary (adaptive)",
    "exact": lambda k: k == "exact",
    "sufficient": lambda k: k == "sufficient",
    "ratio": lambda k: k == "ratio",
}


@pytest.mark.parametrize("argv", [
    ["--eps", "0,0.25,0.5", "--no-exact"],
    ["--K", "2", "--d", "1", "--eps", "0,0.5", "--no-exact"],
    ["--K", "4", "--d", "0.9", "--eps", "0.1", "--no-exact"],
    ["--d", "1", "--eps", "0.1,0.3", "--no-exact"],
    ["--alpha", "0.5", "--eps", "0.2", "--no-exact"],
    ["--alpha", "0.3", "--eps", "0,0.1,0.2", "--no-exact"],
    ["--s", "1", "--q-hard", "0", "--K-dec", "5", "--eps", "0.1", "--no-exact"],
    ["--K", "2", "--d", "1", "--eps", "0.5"],
    ["--delta", "0.999", "--eps", "0.1", "--no-exact"],
    ["--bits", "1e6", "--eps", "0.2", "--no-exact"],
])
def test_report_every_inf_zero_or_missing_value_has_a_reason(capsys, argv):
    payload = run_json(capsys, "report", *argv)
    for r in payload["rows"]:
        for field, match in REASON_KEYS.items():
            v = r[field]
            if v is None or v == "inf" or v == 0:
                assert any(match(k) for k in r["reasons"]), (field, r)
        for key, why in r["reasons"].items():
            assert why and "labels_needed(" not in why, (key, why)  # the CLI's words, not the API's
    rc, out, _ = run(capsys, "report", *argv)
    assert rc == 0
    assert_clean_text(out)
    flat = re.sub(r"\s+", " ", out)
    for r in payload["rows"]:
        for key, why in r["reasons"].items():
            assert f"{key}: {why}" in flat


def test_report_every_necessary_sentence_names_its_learners(capsys):
    rc, out, _ = run(capsys, "report", "--eps", "0.1,0.5", "--no-exact")
    notes = re.sub(r"\s+", " ", out.split("\n\n")[2])
    for sentence in re.split(r"(?<=\.) (?=[a-z]+ \()", notes):
        if sentence.startswith("necessary"):
            assert "learner" in sentence and ("passive" in sentence or "choose their queries" in sentence)
    assert "the generic objective" in notes


def test_parse_number():
    assert cli.parse_number("2**20") == 2.0**20
    assert cli.parse_number("2^20") == 2.0**20
    assert cli.parse_number("1e-300") == 1e-300
    assert cli.parse_number("-2**2") == -4.0
    assert cli.parse_number("-0.5**2") == -0.25
    assert cli.parse_number(" +3 ") == 3.0
    assert cli.parse_number("2**-3") == 0.125
    assert math.copysign(1.0, cli.parse_number("-0")) == 1.0
    assert math.isnan(cli.parse_number("nan"))
    with pytest.raises(ValueError, match="'abc' is not a number"):
        cli.parse_number("abc")
    with pytest.raises(ValueError):
        cli.parse_number("__import__('os')")
    with pytest.raises(ValueError, match="division by zero"):
        cli.parse_number("0**-1")
    with pytest.raises(ValueError, match="too large for a float"):
        cli.parse_number("2**2000")
    with pytest.raises(ValueError, match="smaller than the smallest float"):
        cli.parse_number("2**-2000")
    with pytest.raises(ValueError, match="at most one power"):
        cli.parse_number("2**2**2")


# ---------------------------------------------------------------------------- bad input
BAD_CALLS = [
    # (argv, what the one-line error must contain)
    (["eval", "duel.chernoff", "n=0**-1", "d=0.1", "eps=0.2"], ["n", "'0**-1'", "division by zero", "[0, inf)"]),
    (["eval", "duel.chernoff", "n=-2**2", "d=0.1", "eps=0.2"], ["n=-4.0", "[0, inf)"]),
    (["eval", "duel.chernoff", "n=10", "d=-0.5**2", "eps=0.2"], ["d=-0.25", "(0, 1]"]),
    (["report", "--d", "-0.5**2"], ["d=-0.25", "(0, 1]"]),
    (["report", "--seconds-per-label", "-5"], ["--seconds-per-label='-5'", "(0, inf)"]),
    (["report", "--seconds-per-label", "nan"], ["--seconds-per-label='nan'", "(0, inf)"]),
    (["report", "--seconds-per-label", "inf"], ["--seconds-per-label='inf'", "(0, inf)"]),
    (["report", "--seconds-per-label", "0"], ["--seconds-per-label='0'", "(0, inf)"]),
    (["report", "--seconds-per-label=-inf"], ["--seconds-per-label='-inf'", "(0, inf)"]),
    (["report", "--seconds-per-label", "x"], ["--seconds-per-label", "'x' is not a number", "(0, inf)"]),
    (["report", "--eps", "0.6"], ["eps=0.6", "[0, 1/2]"]),
    (["report", "--eps", "0.1,,0.2"], ["eps", "'' is not a number", "[0, 1/2]"]),
    (["report", "--delta", "1"], ["delta=1.0", "(0, 1)"]),
    (["report", "--delta", "0.1,0.2"], ["--delta takes one number"]),
    (["report", "--K", "2.5"], ["K=2.5", "integer"]),
    (["report", "--K", "abc"], ["--K: 'abc' is not a number", "[2, inf)"]),
    (["show", "nosuch"], ["no bound 'nosuch'", "'bounds list' shows the catalogue"]),
    (["report", "--K", "1"], ["K=1.0", "[2, inf)"]),
    (["report", "--bits", "0.5"], ["bits=0.5", "[1, inf)"]),
    (["report", "--K", "2**20", "--bits", "20"], ["--K or --bits"]),
    (["report", "--K-dec", "0"], ["K_dec=0.0", "integers >= 1"]),
    (["report", "--K", "4", "--K-dec", "5"], ["K_dec=5"]),
    (["report", "--s", "2"], ["s=2.0", "[0, 1]"]),
    (["report", "--q-hard", "-1"], ["q_hard=-1.0", "[0, 1]"]),
    (["report", "--alpha", "1"], ["alpha=1.0", "[0, 1)"]),
    (["report", "--q", "1"], ["unrecognized arguments"]),
    (["eval", "duel.chernoff", "n=1\n2", "d=0.1", "eps=0.2"], ["'1\\n2' is not a number"]),
    (["eval", "duel.chernoff", "n\n=1", "d=0.1", "eps=0.2"], ["'n\\n'"]),
    (["show", "duel\x1b[31m.chernoff\r"], ["\\x1b[31m", "\\r"]),
    (["eval", "duel.chernoff", "n=1\u202e2", "d=0.1", "eps=0.2"], ["\\u202e"]),
    (["eval", "duel.chernoff", "n=" + "1" * 5000, "d=0.1", "eps=0.2"], ["5000 characters", "too large"]),
    (["eval", "duel.chernoff", "n=" + "x" * 5000, "d=0.1", "eps=0.2"], ["5000 characters", "not a number"]),
    (["eval", "duel.chernoff", "n=2**2000", "d=0.1", "eps=0.2"], ["n='2**2000' is too large", "2^2000"]),
    (["eval", "duel.chernoff", "n=1", "n=2", "d=0.1", "eps=0.2"], ["given twice"]),
    (["eval", "duel.chernoff", "n"], ["expected name=value"]),
    (["eval", "duel.chernof", "n=1"], ["did you mean 'duel.chernoff'", "'bounds list'"]),
    (["eval", "duel.chernoff", "n=10", "d=0.1", "eps=0.2", "K=4"], ["unexpected parameter 'K'"]),
    (["eval", "duel.chernoff", "d=0.1", "eps=0.2"], ["needs n"]),
    (["solve", "duel.chernoff", "d=0.1", "eps=0.2", "delta=0.1"], ["--for"]),
    (["solve", "duel.chernoff", "--for", "zz", "d=0.1", "eps=0.2", "delta=0.1"], ["cannot solve for 'zz'"]),
    (["nonsense"], ["invalid choice"]),
]


@pytest.mark.parametrize("argv, expected", BAD_CALLS, ids=[repr(" ".join(a))[:60] for a, _ in BAD_CALLS])
def test_bad_calls(capsys, argv, expected):
    rc, out, err = run(capsys, *argv)
    assert rc == 2 and out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    line = err.rstrip("\n")
    assert line.startswith("bounds: error: ")
    assert all(c.isprintable() for c in line), line
    assert len(line) < 400, line
    for piece in expected:
        assert piece in line, (piece, line)


def test_no_command_prints_help(capsys):
    rc, out, err = run(capsys)
    assert rc == 2 and "usage" in err.lower() and out == ""


def test_help_exits_zero(capsys):
    rc, out, err = run(capsys, "report", "--help")
    assert rc == 0 and "--seconds-per-label" in out and "--K-dec" in out and "--bits" in out


def test_no_negative_zero(capsys):
    payload = run_json(capsys, "eval", "duel.hoeffding", "n=-0", "d=1", "eps=0")
    assert math.copysign(1.0, payload["params"]["n"]) == 1.0
    rc, out, _ = run(capsys, "eval", "duel.hoeffding", "n=-0", "d=1", "eps=0")
    assert rc == 0 and "-0" not in out
    assert jsonable(-0.0) == 0.0 and math.copysign(1.0, jsonable(-0.0)) == 1.0


ODD_VALUES = ["", "nan", "inf", "-inf", "-0", "1e999", "-1e999", "2**2000", "0**-1", "-2**2", "2^0.5", "1e-320",
              "0", "1", "0.5", "0.1,0.2", "٣", "½", "１", "1_000", "\n", "\x00", "\x1b[2J", "é", "🙂", "2**", "**2",
              "--", "-", "=", "3" * 400, "0x10", "1/2", "(1)", "2 ** 10", "+-1", "1e", "e1"]
NAMES = ["n", "K", "bits", "d", "eps", "alpha", "s", "q_hard", "K_dec", "delta", "x", "", "n\n", "K "]
FUZZ_IDS = ["duel.chernoff", "duel.hoeffding", "duel.two_point", "race.union_chernoff", "fano.capacity_exact",
            "fano.passive_exact", "two_point.le_cam", "nope", ""]
REPORT_OPTIONS = ["--K", "--bits", "--d", "--eps", "--alpha", "--delta", "--s", "--q-hard", "--K-dec",
                  "--seconds-per-label"]


def _fuzz_argv():
    value = st.sampled_from(ODD_VALUES) | st.text(max_size=12)
    pair = st.builds(lambda k, v: f"{k}={v}", st.sampled_from(NAMES), value)
    option = st.builds(lambda o, v: [o, v], st.sampled_from(REPORT_OPTIONS), value)
    report = st.builds(lambda opts, eps: ["report", "--no-exact", "--eps", eps] + [x for o in opts for x in o],
                       st.lists(option, max_size=4), st.sampled_from(["0.1", "0.2,0.5", "0"]))
    ev = st.builds(lambda c, i, ps: [c, i] + ps, st.sampled_from(["eval", "solve"]), st.sampled_from(FUZZ_IDS),
                   st.lists(pair, max_size=6))
    solve = st.builds(lambda i, t, ps: ["solve", i, "--for", t] + ps, st.sampled_from(FUZZ_IDS),
                      st.sampled_from(NAMES), st.lists(pair, max_size=6))
    other = st.lists(st.sampled_from(["list", "show", "--json", "--direction", "necessary", "duel.chernoff",
                                      "-v", "--for", "n=1"]) | value, min_size=1, max_size=4)
    return st.one_of(report, ev, solve, other).flatmap(
        lambda argv: st.sampled_from([argv, argv + ["--json"]]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_fuzz_argv())
def test_fuzz_no_traceback(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = cli.main(argv)
    err = err.getvalue()
    assert rc in (0, 1, 2), (argv, rc)
    assert "Traceback" not in err and "internal error" not in err and "numeric failure" not in err, (argv, err)
    if rc == 2 and not err.startswith("usage"):
        assert err.count("\n") == 1 and err.startswith("bounds: error: "), (argv, err)
        assert all(c.isprintable() for c in err.rstrip("\n")), (argv, err)
        assert len(err) < 1000, (argv, err)
    if rc == 0:
        assert err == "", (argv, err)
        for line in out.getvalue().splitlines():
            assert not re.search(r"\d{25}", line), (argv, line)


# ---------------------------------------------------------------------------- progress bar
class _TTY(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch):
    monkeypatch.setattr(_progress, "PROGRESS_DELAY", 0.0)
    argv = ["report", "--no-exact", "--eps", "0.1,0.2"]
    for json_flag, tty, want_bar in ((False, True, True), (True, True, False), (False, False, False)):
        out, err = (_TTY(), _TTY()) if tty else (io.StringIO(), io.StringIO())
        monkeypatch.setattr(sys, "stdout", out)
        monkeypatch.setattr(sys, "stderr", err)
        assert cli.main(argv + (["--json"] if json_flag else [])) == 0
        assert ("bounds report" in err.getvalue()) == want_bar, (json_flag, tty, err.getvalue())
        if json_flag:
            json.loads(out.getvalue())


# ---------------------------------------------------------------------------- processes
def _env():
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env.pop("BOUNDS_TRACEBACK", None)
    return env


def test_python_dash_m(tmp_path):
    """`python -m bounds` from outside the source tree (the installed package)."""
    proc = subprocess.run([sys.executable, "-m", "bounds", "list", "--json"], capture_output=True, text=True,
                          cwd=tmp_path, env=_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert [row["id"] for row in json.loads(proc.stdout)] == [b.id for b in bounds.catalog()]


def test_python_dash_m_does_not_import_from_the_current_directory(tmp_path):
    """A `derivations` package in the current directory is never imported (it would run its code)."""
    pkg = tmp_path / "derivations"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(
        "import pathlib\npathlib.Path(__file__).resolve().parents[1].joinpath('MARKER').write_text('ran')\n"
        "def all():\n    return []\n"
    )
    proc = subprocess.run([sys.executable, "-m", "bounds", "derivations", "list"], capture_output=True, text=True,
                          cwd=tmp_path, env=_env(), timeout=300)
    assert not (tmp_path / "MARKER").exists(), "python -m bounds imported ./derivations"
    assert "Traceback" not in proc.stderr


def test_main_module_drops_only_the_current_directory(tmp_path, monkeypatch):
    from bounds.__main__ import _drop_cwd

    monkeypatch.chdir(tmp_path)
    for first in ("", ".", str(tmp_path)):
        path = [first, "/elsewhere"]
        _drop_cwd(path)
        assert path == ["/elsewhere"]
    path = ["/elsewhere", str(tmp_path)]
    _drop_cwd(path)
    assert path == ["/elsewhere", str(tmp_path)]


def test_console_script(tmp_path):
    script = Path(sys.executable).with_name("bounds")
    if not script.exists():
        pytest.skip(f"no console script next to {sys.executable} (package not installed with pip)")
    proc = subprocess.run([str(script), "list", "--json"], capture_output=True, text=True,
                          cwd=tmp_path, env=_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert [row["id"] for row in json.loads(proc.stdout)] == [b.id for b in bounds.catalog()]
    bad = subprocess.run([str(script), "eval", "duel.hoeffding", "n=100", "d=1", "eps=0.6"],
                         capture_output=True, text=True, cwd=tmp_path, env=_env(), timeout=120)
    assert bad.returncode == 2 and bad.stdout == ""
    assert len(bad.stderr.strip().splitlines()) == 1 and "eps=0.6" in bad.stderr
    # piped: no progress bar, nothing on stderr
    rep = subprocess.run([str(script), "report", "--no-exact", "--eps", "0.1"], capture_output=True, text=True,
                         cwd=tmp_path, env=_env(), timeout=120)
    assert rep.returncode == 0 and rep.stderr == "" and "necessary (passive)" in rep.stdout


def test_report_path_imports_neither_sympy_nor_scipy_stats(tmp_path):
    code = ("import sys; from bounds import cli; cli.main(['report', '--no-exact', '--eps', '0.1']); "
            "print(sorted(m for m in sys.modules if m == 'sympy' or m.startswith(('scipy.stats', 'tqdm'))))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          env=_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_cli_values_are_json_clean(capsys):
    """inf becomes "inf", nan never appears, numpy scalars become plain numbers."""
    payload = run_json(capsys, "eval", "fano.capacity", "K=2**20", "eps=0.5", "delta=0.05")
    assert payload["value"] == "inf"
    payload = run_json(capsys, "report", "--eps", "0.5", "--K", "4")
    assert payload["rows"][0]["sufficient"] == "inf"
