"""What ties the proofs to the numbers and to what they rest on, and the layout of the proof engine.

* the kernel: every catalogued bound's numeric kernel agrees with its proved relation
  (evaluated independently with mpmath), and deliberately wrong kernels are rejected;
* the lemmas: a derivation that uses a failing derivation as a lemma fails, transitively,
  saying why;
* the premises: cited premises are spot-checked on random instances substituted into their
  own statements, and a premise with a wrong statement is caught, failing every derivation
  that cites it;
* the layout: the engine is the package `bounds.proof` (no private name imported across its
  modules), the derivations are installed as `bounds.derivations` (no top-level
  `derivations` package, no `sys.path` edits), and the command line never imports a
  `derivations/` folder of the working directory.
"""
from __future__ import annotations

import re

import ast
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import bounds
from bounds import derivations
from bounds.derivations import _notation as N
from bounds.derivations import _premises as P
from bounds.proof import (
    Case,
    Cite,
    Derivation,
    Instance,
    KL,
    Premise,
    Step,
    check,
    check_all,
    kernel_agreement,
    spot_check,
)
from bounds.proof.agreement import OUTSIDE
from bounds.proof.relations import make_rel, op_of

REPO = Path(__file__).resolve().parents[1]
BOUNDS = bounds.catalog()

#: Disagreements the agreement check found in the catalogue and that are not fixed yet:
#: shown as strict expected failures, so that a fix (or a new failure) is noticed.
KNOWN_DISAGREEMENTS: dict = {}


def _agreement_case(b):
    reason = KNOWN_DISAGREEMENTS.get(b.id)
    return pytest.param(b, id=b.id, marks=[pytest.mark.xfail(strict=True, reason=reason)] if reason else [])


# --------------------------------------------------------------------------- the kernel


@pytest.mark.parametrize("b", [_agreement_case(b) for b in BOUNDS])
def test_kernel_agrees_with_the_proved_relation(b):
    r = kernel_agreement(b)
    assert r.ok, r.summary()
    # points outside the bound's own domain (K_dec > K - 1, a d the latent model cannot reach) are not its points
    undefined = [w for _, w in r.skipped if not w.startswith(OUTSIDE)]
    assert r.compared >= 50 and len(undefined) <= 0.05 * (r.compared + len(undefined))


@pytest.mark.parametrize("b", BOUNDS, ids=[b.id for b in BOUNDS])
def test_a_kernel_off_by_one_part_in_a_million_is_rejected(b):
    wrong = b.replace(numeric=lambda **kw: np.asarray(b(**kw), dtype=float) * (1 + 1e-6))
    r = kernel_agreement(wrong)
    assert not r.ok and r.first is not None, r.summary()
    assert "DISAGREES" in r.summary() and f"{r.first['rel_error']:.3g}" in r.summary()


@pytest.mark.parametrize("b", BOUNDS, ids=[b.id for b in BOUNDS])
def test_a_kernel_that_drops_a_factor_is_rejected(b):
    """The kernel without its dependence on one input (that input fixed at a typical value)."""
    name = b.inputs[-1]
    fixed = float(np.sqrt(np.prod(bounds.PARAMETERS[name].typical))) if bounds.PARAMETERS[name].log_scale else float(
        np.mean(bounds.PARAMETERS[name].typical))
    wrong = b.replace(numeric=lambda **kw: b(**{**kw, name: np.full(np.shape(kw[name]), fixed)}))
    assert not kernel_agreement(wrong, points=80).ok


def test_fano_with_ln_K_for_ln_K_minus_1_is_rejected():
    """The mutant the agreement check was made for: delta ln(K - 1) replaced by delta ln K."""
    def kernel(K, eps, alpha, delta):
        num = np.where(delta >= 1.0 - 1.0 / K, 0.0, np.log(K) - bounds.binary_entropy(delta) - delta * np.log(K))
        qa = bounds.q_alpha(eps, alpha)
        cap = np.where(qa > 0.5, bounds.bsc_capacity(np.minimum(1.0 - qa, 0.5)), 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(num > 0, np.where(cap > 0, num / cap, np.inf), 0.0)

    b = bounds.bound("fano.capacity_exact")
    assert kernel(K=1024.0, eps=0.2, alpha=0.0, delta=0.1) != b(K=1024.0, eps=0.2, alpha=0.0, delta=0.1)
    wrong = b.replace(numeric=kernel)
    r = kernel_agreement(wrong)
    assert not r.ok and "DISAGREES" in r.summary()


def test_a_kernel_disagreement_fails_the_derivation(monkeypatch):
    b = bounds.bound("duel.hoeffding")
    wrong = b.replace(numeric=lambda **kw: b(**kw) * 1.01)
    monkeypatch.setattr("bounds.proof.checker._bound_of", lambda d: wrong)
    r = check(derivations.get("duel.hoeffding"))
    assert r.proof_ok and not r.ok and r.status == "false"
    assert any("DISAGREES" in f for f in r.failures())


def test_replace_keeps_the_catalogue_and_the_relation():
    b = bounds.bound("duel.chernoff")
    copy = b.replace(numeric=lambda **kw: 0.5)
    assert bounds.bound("duel.chernoff") is b and copy is not b and copy.relation == b.relation
    with pytest.raises(TypeError, match="cannot replace expr"):
        b.replace(expr=sp.S.One)


# --------------------------------------------------------------------------- the lemmas

x = sp.Symbol("x", nonnegative=True)


def _tiny(id, rhs, uses=None):
    by = Instance(uses, {}) if uses is not None else None
    step = Step(">=", rhs, "a step", lhs=(x + 1) ** 2, by=by)
    return Derivation(id, id, domain={x: sp.Interval(0, sp.oo)}, bound=None, steps=[step])


def test_failures_propagate_along_lemmas():
    broken = _tiny("t.base", 5 * x)  # (x + 1)^2 >= 5x is false
    user = _tiny("t.user", 5 * x, uses=broken.lemma())
    user2 = _tiny("t.user2", 5 * x, uses=user.lemma())
    reports = {r.derivation.id: r for r in check_all(derivations=[broken, user, user2])}
    assert not reports["t.base"].proof_ok
    assert reports["t.user"].lemma_failures and "uses lemma t.base, whose derivation fails" in reports["t.user"].lemma_failures[0]
    assert "uses lemma t.user" in reports["t.user2"].lemma_failures[0] and "t.base" in reports["t.user2"].lemma_failures[0]
    assert reports["t.user2"].status == "false"


def test_a_broken_duel_fails_the_race_that_uses_it():
    from bounds.derivations import duel_chernoff, race_union_chernoff as R

    D = duel_chernoff.DERIVATION
    inner = D.cases[0].steps[0].cases[0]
    # Markov's inequality step, now claimed to be the premise verbatim: false, the chain's end unchanged
    steps = [s.replace(by=Cite(P.MARKOV)) if getattr(getattr(s, "by", None), "lemma", None) is P.MARKOV else s for s in inner.steps]
    assert steps != inner.steps
    bad_split = D.cases[0].steps[0].replace(cases=[inner.replace(steps=steps)] + D.cases[0].steps[0].cases[1:])
    broken = D.replace(cases=[D.cases[0].replace(steps=[bad_split])] + D.cases[1:])
    lemma = broken.lemma(0, id="duel.chernoff", title="broken copy")
    race = R.DERIVATION
    uses = [it for it in race.iter_items() if isinstance(getattr(it, "by", None), Instance) and it.by.lemma.source is D]
    assert uses, "race.union_chernoff no longer uses duel.chernoff as a lemma"
    cases = [c.replace(steps=[s.replace(by=Instance(lemma, s.by.subs)) if s in uses else s for s in c.steps]) for c in race.cases]
    r = check_all(derivations=[broken, race.replace(cases=cases)], ids=[race.id])[0]
    assert not r.ok and r.lemma_failures and r.lemma_failures[0].startswith("uses lemma duel.chernoff, whose derivation fails")


def test_the_catalogue_is_ok_except_known_kernel_disagreements():
    for r in check_all():
        if r.derivation.bound in KNOWN_DISAGREEMENTS:
            assert r.proof_ok and not r.agreement.ok
        else:
            assert r.ok, r.failures()


# --------------------------------------------------------------------------- the premises

CITED = [p for p in vars(P).values() if isinstance(p, Premise) and p.statement is not None]
SPOT_CHECKED = [p for p in CITED if spot_check(p).status == "ok"]


def test_every_cited_premise_passes_its_spot_check_or_says_why_it_has_none():
    results = {p.id: spot_check(p) for p in CITED}
    assert all(r.ok for r in results.values()), [r.detail for r in results.values() if not r.ok]
    undeclared = [pid for pid, r in results.items() if r.status == "none" and r.detail == "no spot check declared"]
    assert not undeclared, f"premises with neither a spot check nor a reason: {undeclared}"
    assert len(SPOT_CHECKED) >= 20 and len(SPOT_CHECKED) > len(CITED) / 2


@pytest.mark.parametrize("premise", SPOT_CHECKED, ids=[p.id for p in SPOT_CHECKED])
def test_a_wrong_statement_is_caught(premise):
    """Inequalities reversed, equalities shifted by 1/10: the spot check must fail."""
    st = premise.statement
    if op_of(st) == "=":
        wrong = make_rel(st.lhs, "=", st.rhs + sp.Rational(1, 10))
    else:
        wrong = make_rel(st.lhs, {"<=": ">", "<": ">=", ">=": "<", ">": "<="}[op_of(st)], st.rhs)
    r = spot_check(premise.replace(statement=wrong))
    assert r.status == "failed" and "fails on instance" in r.detail


@pytest.mark.parametrize("premise,wrong_rhs", [
    (P.BRETAGNOLLE_HUBER, lambda: sp.exp(-KL(P.var.P, P.var.Q))),                   # 1/2 -> 1
    (P.HOEFFDING, lambda: sp.exp(-3 * N.n * P.var.s**2 / (P.var.b - P.var.a) ** 2)),  # 2 -> 3
    (P.CAPACITY_BOUND, lambda: P.CAPACITY_BOUND.statement.rhs / 2),
], ids=["bretagnolle_huber", "hoeffding", "capacity"])
def test_a_changed_constant_is_caught(premise, wrong_rhs):
    r = spot_check(premise.replace(statement=make_rel(premise.statement.lhs, op_of(premise.statement), wrong_rhs())))
    assert r.status == "failed", r.detail
    assert "left-hand side" in r.detail and "right-hand side" in r.detail


def test_a_failing_premise_fails_the_derivations_that_cite_it():
    wrong = P.PROB_AT_MOST_ONE.replace(statement=sp.Le(P.PROB_AT_MOST_ONE.statement.lhs, sp.Rational(1, 2), evaluate=False))
    D = Derivation("t.cite", "cites a wrong premise", bound=None, steps=[Step("<=", sp.Rational(1, 2), "cited", by=Cite(wrong), lhs=wrong.statement.lhs)])
    r = check(D)
    assert not r.ok and any("prob.at_most_one fails its spot check" in f for f in r.failures())


def test_cli_lists_premises_without_a_spot_check(capsys):
    import argparse

    from bounds.proof.cli import cli

    assert cli(argparse.Namespace(action="check", ids=["duel.exact"], verbose=True, json=False)) == 0
    out = capsys.readouterr().out
    assert "premises without a spot check:" in out and "model.duel_loss:" in out
    assert "kernel = relation at" in out and "spot check" in out


# --------------------------------------------------------------------------- the layout


def _sources():
    for top in ("bounds", "derivations", "docs/hooks"):
        yield from sorted((REPO / top).rglob("*.py"))


def test_no_sys_path_edits():
    """Nothing adds to sys.path (the only use is `python -m bounds` dropping the current directory)."""
    adds = re.compile(r"sys\.path\s*(\.(insert|append|extend)\b|\+=|=[^=])")
    offenders = [str(p.relative_to(REPO)) for p in _sources() if adds.search(p.read_text(encoding="utf-8"))]
    assert not offenders, f"sys.path edits in {offenders}"


def test_no_private_name_is_imported_across_modules():
    offenders = []
    for path in sorted((REPO / "bounds").rglob("*.py")) + sorted((REPO / "derivations").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module is not None and node.module.split(".")[0] not in ("bounds", ""):
                continue
            if isinstance(node, ast.ImportFrom):
                offenders += [f"{path.relative_to(REPO)}: {a.name}" for a in node.names
                              if a.name.startswith("_") and not a.name.startswith("__") and not _is_module(node, a.name)]
    assert not offenders, "private names imported across modules:\n" + "\n".join(offenders)


def _is_module(node, name):
    """`from . import _premises`: a private *module* of the same package is not a private name."""
    return node.module is None or (REPO / "derivations" / f"{name}.py").exists() or (REPO / "bounds" / f"{name}.py").exists()


def test_derivations_are_bounds_derivations():
    assert derivations.__name__ == "bounds.derivations"
    assert all(d.__class__.__module__ == "bounds.proof.structure" for d in derivations.all())
    assert "derivations" not in sys.modules, "a top-level package `derivations` was imported"


def test_a_derivations_folder_in_the_working_directory_is_never_imported(tmp_path):
    marker = tmp_path / "MARKER"
    (tmp_path / "derivations").mkdir()
    (tmp_path / "derivations" / "__init__.py").write_text(f"open({str(marker)!r}, 'w').write('imported')\n")
    (tmp_path / "derivations" / "duel_exact.py").write_text(f"open({str(marker)!r}, 'w').write('imported')\n")
    run = subprocess.run([sys.executable, "-m", "bounds", "derivations", "check", "duel.exact"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert not marker.exists(), "the command imported ./derivations from the working directory"


def test_derivations_package_doctests():
    import doctest

    result = doctest.testmod(derivations, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
