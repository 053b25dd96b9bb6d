"""The proof companion: every derivation checks, ends with its bound's relation, and rejects perturbations.

* every bound of the catalogue has a derivation, and the derivation's last line is the very
  relation the `Bound` evaluates (after the derivation's stated substitutions);
* every step of every derivation gets a status other than `false`, and the statuses are
  the ones the checker is meant to give (negative controls for each kind of justification);
* mutation test: for every derivation, copies with one perturbation (a changed constant, a
  flipped relation, a dropped factor) are generated automatically and each must be rejected;
* `bounds derivations check|list` prints every step's status and exits 1 on a false step;
* the docs hook renders a page per derivation, the index and the dependency graph.

Checking everything takes about a minute; the mutants reuse the checker's cache of unchanged
steps and stop at the first failure (`fail_fast`). The suite checks a deterministic sample of
them (`MUTANTS_PER_KIND` of each kind per derivation, spread over the steps); set
BOUNDS_ALL_MUTANTS=1 to check every one (the derivations of the race have hundreds).
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sympy as sp

import bounds
from bounds import derivations, derive
from bounds.derive import (
    Assumption,
    Case,
    Define,
    Derivation,
    Instance,
    Monotone,
    Numeric,
    Premise,
    Restate,
    Split,
    Status,
    Step,
    check,
)

from bounds.proof import same_rel
from bounds.proof.render import render_pages

REPO = Path(__file__).resolve().parents[1]
IDS = derivations.ids()


def _docs_hook():
    import importlib.util

    spec = importlib.util.spec_from_file_location("_derivations_hook", REPO / "docs" / "hooks" / "derivations.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def reports():
    got = derive.check_all()
    try:        # the docs build of this run (tests/test_docs.py) then reuses these checks
        _docs_hook().store(got)
    except ImportError:     # mkdocs not installed: no docs build to serve
        pass
    return {r.derivation.id: r for r in got}


# --------------------------------------------------------------------------- the catalogue


def test_every_bound_has_a_derivation():
    missing = [b.id for b in bounds.catalog() if b.derivation not in IDS]
    assert not missing, f"bounds without a derivation in derivations/: {missing}"


@pytest.mark.parametrize("bid", [b.id for b in bounds.catalog()])
def test_last_line_is_the_bounds_relation(bid, reports):
    b = bounds.bound(bid)
    r = reports[b.derivation]
    assert r.match.ok, (
        f"{bid}: the derivation's last line is not the bound's relation ({r.match.how})\n"
        f"  derived: {r.match.derived}\n  bound:   {r.match.bound}"
    )
    assert r.match.derived == b.relation or r.match.how.startswith("sympy-equal")


@pytest.mark.parametrize("did", IDS)
def test_every_step_checks(did, reports):
    r = reports[did]
    bad = [f"step {s.number} ({s.text}): {s.detail}" for s in r.steps if s.status == Status.FALSE]
    assert not bad and not r.errors, "\n".join(bad + r.errors)
    assert all(s.status in Status.ORDER for s in r.steps)
    assert sum(r.counts.values()) == sum(1 for s in r.steps if s.claim)


def test_statuses_overall(reports):
    total = {s: 0 for s in Status.ORDER}
    for r in reports.values():
        for k, v in r.counts.items():
            total[k] += v
    print("statuses:", total)
    assert total[Status.PROVED] > 0 and total[Status.LEMMA] > 0 and total[Status.CITED] > 0


def test_derivation_lemmas_are_used(reports):
    """The race derivations use the duel derivations as lemmas (an edge of the graph)."""
    nodes, edges = derive.dependency_graph(reports.values())
    assert ("duel.chernoff", "race.union_chernoff") in edges
    assert ("duel.hoeffding", "race.union_hoeffding") in edges
    assert nodes["duel.chernoff"]["kind"] == "derivation"


# --------------------------------------------------------------------------- mutation test

MUTATION_KINDS = ("constant", "flipped", "factor dropped")


#: Mutants checked per derivation (per kind of mutation, evenly spread over the steps); every
#: mutant with BOUNDS_ALL_MUTANTS=1 (a few minutes per derivation of the race).
MUTANTS_PER_KIND = 10


def _sample(mutants):
    """A deterministic sample of the mutants: for each kind, MUTANTS_PER_KIND evenly spaced ones."""
    if os.environ.get("BOUNDS_ALL_MUTANTS", "").strip() not in ("", "0"):
        return mutants
    out = []
    for kind in MUTATION_KINDS:
        of_kind = [m for m in mutants if kind in m[0]]
        if len(of_kind) <= MUTANTS_PER_KIND:
            out += of_kind
        else:
            step = len(of_kind) / MUTANTS_PER_KIND
            out += [of_kind[int(i * step)] for i in range(MUTANTS_PER_KIND)]
    return out


@pytest.mark.parametrize("did", IDS)
def test_mutants_are_rejected(did, reports):
    """Every automatically perturbed copy is rejected: a step is false, the structure breaks,
    or the last line is no longer the original's (and so no longer the bound's)."""
    original = reports[did]
    D = derivations.get(did)
    survivors, kinds, count = [], set(), 0
    for descr, mutant in _sample(list(derive.mutants(D))):
        count += 1
        kinds.update(k for k in MUTATION_KINDS if k in descr)
        r = check(mutant, fail_fast=True)
        steps_ok = not r.errors and all(s.status != Status.FALSE for s in r.steps)
        same_end = r.conclusion is not None and original.conclusion is not None and same_rel(r.conclusion, original.conclusion)
        if steps_ok and same_end:
            survivors.append(descr)
    assert count >= 10 and kinds == set(MUTATION_KINDS), f"{did}: {count} mutants of kinds {kinds}"
    assert not survivors, f"{did}: {len(survivors)} of {count} mutants were accepted:\n" + "\n".join(survivors)


# --------------------------------------------------------------------------- the checker itself

x = sp.Symbol("x", nonnegative=True)
y = sp.Symbol("y", real=True)


def one_step(step, **kw):
    return check(Derivation("t.one", "test", domain={x: sp.Interval(0, sp.oo)}, steps=[step], bound="none", **kw))


def test_algebra_proves_and_refutes():
    good = one_step(Step(">=", 4 * x, "square", lhs=(x + 1) ** 2))
    assert good.steps[0].status == Status.PROVED
    bad = one_step(Step(">=", 5 * x, "not true", lhs=(x + 1) ** 2))
    assert bad.steps[0].status == Status.FALSE
    assert bad.steps[0].counterexample is not None and "x" in bad.steps[0].counterexample


def test_equality_chain_composes():
    D = Derivation("t.chain", "chain", domain={x: sp.Interval(0, sp.oo)}, bound="none", steps=[
        Step("=", x**2 + 2 * x + 1, "expand", lhs=(x + 1) ** 2),
        Step(">=", 2 * x + 1, "drop the square"),
        Step(">", 2 * x, "drop the one"),
    ])
    r = check(D)
    assert [s.status for s in r.steps] == [Status.PROVED] * 3
    assert r.conclusion == sp.Gt((x + 1) ** 2, 2 * x, evaluate=False)


def test_chain_that_changes_direction_is_an_error():
    D = Derivation("t.dir", "dir", domain={x: sp.Interval(0, sp.oo)}, bound="none", steps=[
        Step(">=", 2 * x, "ok", lhs=x**2 + 1),
        Step("<=", 2 * x + 1, "the other way"),
    ])
    r = check(D)
    assert any("changes direction" in e for e in r.errors) and not r.ok


a, b = sp.symbols("a b", real=True)
AMGM = Premise("t.amgm", "AM-GM", sp.Le(sp.sqrt(a * b), (a + b) / 2), "Cauchy", hypotheses=[a >= 0, b >= 0])


def test_lemma_instance_is_verified():
    ok = one_step(Step("<=", (x + 4) / 2, "AM-GM", lhs=sp.sqrt(4 * x), by=Instance(AMGM, {a: x, b: 4})))
    assert ok.steps[0].status == Status.LEMMA, ok.steps[0].detail
    wrong = one_step(Step("<=", (x + 3) / 2, "AM-GM", lhs=sp.sqrt(4 * x), by=Instance(AMGM, {a: x, b: 4})))
    assert wrong.steps[0].status == Status.FALSE and "not an instance" in wrong.steps[0].detail
    side = one_step(Step("<=", (x - 4) / 2, "AM-GM", lhs=sp.sqrt(-4 * x), by=Instance(AMGM, {a: x, b: -4})))
    assert side.steps[0].status == Status.FALSE and "side condition" in side.steps[0].detail


def test_missing_assumption_fails():
    P = Premise("t.needs", "needs iid", sp.Le(a, a + 1, evaluate=False), "x", hypotheses=[Assumption("iid", "i.i.d.")])
    r = one_step(Step("<=", x + 1, "uses it", lhs=x, by=Instance(P, {a: x})))
    assert r.steps[0].status == Status.FALSE and "iid" in r.steps[0].detail
    r2 = one_step(Step("<=", x + 1, "uses it", lhs=x, by=Instance(P, {a: x})), assumptions=[Assumption("iid", "i.i.d.")])
    assert r2.steps[0].status == Status.LEMMA


def test_numeric_status_is_weaker_and_says_where():
    r = one_step(Step(">=", 0, "an inequality checked by sampling", lhs=sp.exp(x) - 1 - x, by=Numeric(points=100, why="demo")))
    s = r.steps[0]
    assert s.status == Status.NUMERIC and "100 points" in s.detail and "corner" in s.detail
    bad = one_step(Step(">=", 0, "false", lhs=x - 1, by=Numeric(points=100)))
    assert bad.steps[0].status == Status.FALSE


def test_monotone_justification():
    r = one_step(Step("<=", sp.exp(x + 1), "exp increases", lhs=sp.exp(x), by=Monotone(y, sp.exp(y), x, x + 1)))
    assert r.steps[0].status == Status.PROVED, r.steps[0].detail
    wrong = one_step(Step(">=", sp.exp(x + 1), "wrong way", lhs=sp.exp(x), by=Monotone(y, sp.exp(y), x, x + 1)))
    assert wrong.steps[0].status == Status.FALSE


def test_restate_needs_a_positive_factor():
    D = Derivation("t.re", "re", domain={x: sp.Interval.open(0, sp.oo)}, bound="none", steps=[
        Step(">=", 2 * x, "drop x", lhs=3 * x),
        Restate(sp.Ge(3 * x / 2, x, evaluate=False), "halved"),
    ])
    r = check(D)
    assert r.steps[1].status == Status.PROVED, r.steps[1].detail
    D2 = D.replace(cases=[Case(True, [D.cases[0].steps[0], Restate(sp.Ge(x, 3 * x / 2, evaluate=False), "the wrong way")])])
    assert check(D2).steps[1].status == Status.FALSE


def test_define_sign_assumption_must_be_proved():
    p = sp.Symbol("p", positive=True)
    ok = one_step(Define(p, x + 1, "positive", fact="positive"))
    assert ok.steps[0].status == Status.PROVED
    unjustified = one_step(Define(p, x - 1, "claimed positive", fact="positive"))
    assert unjustified.steps[0].status == Status.FALSE
    no_fact = one_step(Define(p, x + 1, "no fact"))
    assert no_fact.steps[0].status == Status.FALSE and "declared positive" in no_fact.steps[0].detail


def test_split_must_be_exhaustive():
    t = sp.Symbol("t", real=True)
    dom = {t: sp.Interval(0, 1)}
    full = Derivation("t.split", "split", domain=dom, bound="none", steps=[Split([
        Case(t < sp.S.Half, [Step(">=", 0, "a", lhs=t)]),
        Case(t >= sp.S.Half, [Step(">=", 0, "b", lhs=t)]),
    ])])
    assert check(full).errors == []
    gap = Derivation("t.gap", "gap", domain=dom, bound="none", steps=[Split([
        Case(t < sp.Rational(1, 3), [Step(">=", 0, "a", lhs=t)]),
        Case(t > sp.Rational(2, 3), [Step(">=", 0, "b", lhs=t)]),
    ])])
    assert any("exhaustive" in e for e in check(gap).errors)


def test_display_must_equal_the_checked_expression():
    with sp.evaluate(False):
        good_display = 1 + 2 * x + x**2
        bad_display = 1 + 3 * x + x**2
    ok = one_step(Step("=", (x + 1) ** 2, "square", lhs=x**2 + 2 * x + 1, display=good_display))
    assert ok.steps[0].status == Status.PROVED and ok.steps[0].rhs_tex == "1 + 2 x + x^{2}"
    bad = one_step(Step("=", (x + 1) ** 2, "square", lhs=x**2 + 2 * x + 1, display=bad_display))
    assert bad.steps[0].status == Status.FALSE and "display" in bad.steps[0].detail


def test_match_bound_rejects_a_different_relation():
    D = derivations.get("duel.hoeffding")
    m = derive.match_bound(D, bound=bounds.bound("duel.chernoff"))
    assert not m.ok


# --------------------------------------------------------------------------- command line


def ns(**kw):
    base = dict(action="check", ids=[], verbose=False, json=False)
    base.update(kw)
    return argparse.Namespace(**base)


def test_cli_check_prints_every_step(capsys):
    assert derive.cli(ns(ids=["duel.hoeffding"], verbose=True)) == 0
    out = capsys.readouterr().out
    assert "duel.hoeffding" in out and "proved" in out and "lemma" in out and "cited" in out
    assert "final relation = the bound's relation" in out
    assert len(re.findall(r"^\s+\d+\. ", out, re.M)) == 8


def test_cli_exits_1_on_a_false_step(capsys, monkeypatch):
    D = derivations.get("duel.hoeffding")
    first = D.cases[0].steps[0]
    broken = D.replace(cases=[D.cases[0].replace(steps=[first.replace(rhs=first.rhs + 1)] + D.cases[0].steps[1:])] + D.cases[1:])
    monkeypatch.setattr("bounds.proof.cli.load", lambda: [broken])
    assert derive.cli(ns()) == 1
    out = capsys.readouterr().out
    assert "FALSE" in out and "FAILED" in out


def test_cli_list_and_unknown_id(capsys):
    assert derive.cli(ns(action="list")) == 0
    assert "race.exact" in capsys.readouterr().out
    assert derive.cli(ns(ids=["no.such"])) == 2


def test_bounds_command_line():
    run = subprocess.run([sys.executable, "-m", "bounds", "derivations", "check", "duel.exact"],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "duel.exact" in run.stdout and "lemma" in run.stdout


# --------------------------------------------------------------------------- the pages


@pytest.fixture(scope="module")
def hook():
    spec = importlib.util.spec_from_file_location("derivations_hook", REPO / "docs" / "hooks" / "derivations.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_pages_are_generated(reports):
    pages = render_pages(list(reports.values()))
    assert "derivations/index.md" in pages
    for did in IDS:
        md = pages[f"derivations/{did}.md"]
        assert md.startswith(f"# {reports[did].derivation.title}") and f"Derivation `{did}`" in md
        assert "dv-badge" in md and "\\begin{aligned}" in md
        assert md.count("$$") % 2 == 0
        # every step appears with its number and status
        for s in reports[did].steps:
            assert f"**({s.number})**" in md
    index = pages["derivations/index.md"]
    for did in IDS:
        assert f"]({did}.md)" in index
    # the dependency graph is inline, every box a link: derivations to their pages, premises to their entries
    svg = index[index.index("<svg"):index.index("</svg>")]
    assert svg.count("<rect") > len(IDS) and 'href="duel.chernoff.html"' in svg
    for anchor in re.findall(r'href="#([^"]+)"', svg):
        assert f"{{#{anchor}}}" in index, anchor
    assert "\n\n" not in svg  # one raw HTML block for Markdown


def test_nav_is_expanded(hook):
    """The nav lists every derivation page under its title."""
    nav = [{"Home": "index.md"}, {"Derivations": "derivations/index.md"}]
    entries = [(derivations.get(i).title, i) for i in IDS]
    out = hook.expand_nav(nav, entries)
    section = out[1]["Derivations"]
    assert section[0] == "derivations/index.md" and len(section) == 1 + len(IDS)
    assert section[1:] == [{t: f"derivations/{i}.md"} for t, i in entries]
