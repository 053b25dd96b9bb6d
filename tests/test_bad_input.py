"""One table of bad calls across the public API (DESIGN §4, issue 2 item 8).

Every row is a call that must be rejected: the error type (always a `bounds.BoundsError`,
and the built-in the row names), and strings the message must
contain — the parameter's name, the offending value and the allowed domain (for a
missing or unknown name there is no value, so the name and what is allowed). CLI rows
run `bounds.cli.main(argv)` and expect exit code 2 and one line on stderr.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pytest
import sympy as sp

import bounds
from bounds import cli
from bounds.vocabulary import PARAMETERS, parameter

NAN, INF = math.nan, math.inf


@dataclass
class Bad:
    label: str
    call: object = None  # a callable (library rows)
    exc: type = ValueError
    contains: tuple = ()
    argv: list = field(default=None)  # CLI rows
    python_own: bool = False  # raised by Python itself (a keyword the signature lacks)


def dom(name):
    return str(PARAMETERS[name].domain)


SYM = sp.Symbol("bad_symbol")
# (label, value, error type, the value as it must appear in the message)
BAD_TYPES = [
    ("str", "0.1", TypeError, "'0.1'"),
    ("None", None, TypeError, "None"),
    ("bool", True, TypeError, "True"),
    ("complex", 0.1 + 0j, TypeError, "0.1+0j"),
    ("sympy", SYM, TypeError, "bad_symbol"),
    ("str-array", ["a", "b"], TypeError, "'a'"),
]
# out-of-domain values by parameter (value, as it appears)
BAD_VALUES = {
    "n": [(-1, "-1"), (NAN, "nan"), (INF, "inf")],
    "K": [(1, "1"), (NAN, "nan"), (INF, "inf"), (-2, "-2")],
    "d": [(0, "0"), (1.5, "1.5"), (NAN, "nan"), (-INF, "-inf")],
    "eps": [(0.6, "0.6"), (-0.1, "-0.1"), (NAN, "nan"), (INF, "inf")],
    "alpha": [(1, "1"), (-0.1, "-0.1"), (NAN, "nan")],
    "s": [(1.5, "1.5"), (-0.1, "-0.1"), (NAN, "nan")],
    "q_hard": [(1.5, "1.5"), (-1e-300, "-1e-300"), (NAN, "nan")],
    "K_dec": [(0, "0"), (2.5, "2.5"), (NAN, "nan"), (INF, "inf")],
    "bits": [(0.5, "0.5"), (NAN, "nan"), (INF, "inf")],
    "delta": [(0, "0"), (1, "1"), (NAN, "nan"), (-1, "-1"), (1e-400, "0.0")],
}
GOOD = dict(n=100, K=10, d=0.1, eps=0.2, alpha=0.0, s=0.1, q_hard=0.3, K_dec=2, delta=0.05)


def _bound_rows():
    rows = []
    for b in bounds.catalog():
        base = {k: GOOD[k] for k in b.inputs}
        exact = b.direction == "exact"
        # evaluation: every input, every bad value and type
        for name in b.inputs:
            for v, shown in BAD_VALUES[name]:
                rows.append(Bad(f"{b.id}({name}={v!r})", lambda b=b, kw={**base, name: v}: b(**kw),
                                ValueError, (name, shown, dom(name))))
            for lab, v, exc, shown in BAD_TYPES:
                rows.append(Bad(f"{b.id}({name}={lab})", lambda b=b, kw={**base, name: v}: b(**kw),
                                exc, (name, shown, dom(name))))
        # missing and unknown names
        first = b.inputs[0]
        rows.append(Bad(f"{b.id}(missing {first})",
                        lambda b=b, kw={k: v for k, v in base.items() if k != first}: b(**kw),
                        TypeError, (b.id, first)))
        rows.append(Bad(f"{b.id}(unknown epsilon)", lambda b=b, kw={**base, "epsilon": 0.1}: b(**kw),
                        TypeError, ("epsilon", "eps", ", ".join(b.symbols))))
        if exact:
            rows.append(Bad(f"{b.id}(n=2.5)", lambda b=b, kw={**base, "n": 2.5}: b(**kw),
                            ValueError, ("n", "2.5", "integer")))
            big = 2.0 * bounds.MAX_EXACT_N
            rows.append(Bad(f"{b.id}(n beyond exact reach)", lambda b=b, kw={**base, "n": big}: b(**kw),
                            ValueError, ("n", f"{big:g}", f"{bounds.MAX_EXACT_N:g}")))
            if "K" in b.inputs:
                rows.append(Bad(f"{b.id}(K=10.5)", lambda b=b, kw={**base, "K": 10.5}: b(**kw),
                                ValueError, ("K", "10.5", "integer")))
        # solve: for every input, bad values of the subject and of another input
        for name in b.inputs:
            given = {k: GOOD[k] for k in b.symbols if k != name}
            for v, shown in BAD_VALUES[b.subject]:
                rows.append(Bad(f"{b.id}.solve({name!r}, {b.subject}={v!r})",
                                lambda b=b, name=name, kw={**given, b.subject: v}: b.solve(name, **kw),
                                ValueError, (b.subject, shown, dom(b.subject))))
            other = next(k for k in b.inputs if k != name) if len(b.inputs) > 1 else None
            if other is not None:
                v, shown = BAD_VALUES[other][0]
                rows.append(Bad(f"{b.id}.solve({name!r}, {other}={v!r})",
                                lambda b=b, name=name, kw={**given, other: v}: b.solve(name, **kw),
                                ValueError, (other, shown, dom(other))))
                rows.append(Bad(f"{b.id}.solve({name!r}, {other}=str)",
                                lambda b=b, name=name, kw={**given, other: "x"}: b.solve(name, **kw),
                                TypeError, (other, "'x'", dom(other))))
            rows.append(Bad(f"{b.id}.solve({name!r}, missing {b.subject})",
                            lambda b=b, name=name, kw={k: v for k, v in given.items() if k != b.subject}:
                            b.solve(name, **kw), TypeError, (b.id, b.subject)))
            rows.append(Bad(f"{b.id}.solve({name!r}, {name} given too)",
                            lambda b=b, name=name, kw={**given, name: GOOD[name]}: b.solve(name, **kw),
                            TypeError, (name, repr(GOOD[name]))))
        rows.append(Bad(f"{b.id}.solve('epsilon')",
                        lambda b=b: b.solve("epsilon", **{k: GOOD[k] for k in b.symbols if k != "eps"}),
                        TypeError, ("epsilon", ", ".join(b.symbols))))
        rows.append(Bad(f"{b.id}.solve(rtol=0)",
                        lambda b=b: b.solve(b.inputs[0], rtol=0.0, **{k: GOOD[k] for k in b.symbols if k != b.inputs[0]}),
                        ValueError, ("rtol", "0.0", "[1e-15, 1)")))
        # its own subject: what the bound computes, not an input
        rows.append(Bad(f"{b.id}({b.subject}= its subject)",
                        lambda b=b, base=base: b(**{**base, b.subject: GOOD[b.subject]}),
                        TypeError, (b.id, b.subject, "what this bound computes", ".solve(")))
        if "K" in b.inputs:
            for v, shown in BAD_VALUES["bits"]:
                rows.append(Bad(f"{b.id}(bits={v!r})",
                                lambda b=b, v=v, base=base: b(**{**{k: x for k, x in base.items() if k != "K"}, "bits": v}),
                                ValueError, ("bits", shown, dom("bits"))))
            rows.append(Bad(f"{b.id}(K and bits)", lambda b=b, base=base: b(**{**base, "bits": 3.0}),
                            TypeError, ("K", "bits", "not both")))
            rows.append(Bad(f"{b.id}(huge K as int, and bits)", lambda b=b, base=base: b(**{**base, "K": 2**2000, "bits": 3.0}),
                            TypeError, ("K", "bits", "not both")))
        if "K_dec" in b.inputs:
            rows.append(Bad(f"{b.id}(K_dec > K - 1)", lambda b=b, base=base: b(**{**base, "K": 4, "K_dec": 4}),
                            ValueError, ("K_dec=4", "K - 1 = 3")))
    return rows


def _measure_rows():
    rows = []
    one = [("binary_entropy", bounds.binary_entropy, "p"), ("bsc_capacity", bounds.bsc_capacity, "eps")]
    two = [("bernoulli_kl", bounds.bernoulli_kl), ("bhattacharyya", bounds.bhattacharyya),
           ("chernoff_information", bounds.chernoff_information)]
    values = [(NAN, "nan", ValueError), (INF, "inf", ValueError), (-1, "-1", ValueError),
              (1.5, "1.5", ValueError), ("0.1", "'0.1'", TypeError), (None, "None", TypeError),
              (True, "True", TypeError), (0.1 + 0j, "0.1+0j", TypeError)]
    for fname, f, pname in one:
        for v, shown, exc in values:
            rows.append(Bad(f"{fname}({v!r})", lambda f=f, v=v: f(v), exc, (pname, shown, "[0, 1]")))
    for fname, f in two:
        for v, shown, exc in values:
            rows.append(Bad(f"{fname}(0.3, {v!r})", lambda f=f, v=v: f(0.3, v), exc, ("q", shown, "[0, 1]")))
            rows.append(Bad(f"{fname}({v!r}, 0.3)", lambda f=f, v=v: f(v, 0.3), exc, ("p", shown, "[0, 1]")))
        rows.append(Bad(f"{fname}([0.2, 2.0], 0.3)", lambda f=f: f([0.2, 2.0], 0.3), ValueError, ("p", "2.0", "[0, 1]")))
    rows.append(Bad("binary_entropy(base=3)", lambda: bounds.binary_entropy(0.3, base=3), ValueError,
                    ("base", "3", "None", "2")))
    # model helpers
    helpers = [
        ("q_alpha", lambda **kw: bounds.q_alpha(**kw), dict(eps=0.1, alpha=0.1)),
        ("q_dec", lambda **kw: bounds.q_dec(**kw), dict(eps=0.1, alpha=0.1, s=0.2, q_hard=0.3)),
        ("margin", lambda **kw: bounds.margin(**kw), dict(d=0.5, eps=0.1, alpha=0.1, s=0.2, q_hard=0.3)),
        ("breakdown_alpha", lambda **kw: bounds.breakdown_alpha(**kw), dict(eps=0.1, s=0.2, q_hard=0.3)),
        ("breakdown_s", lambda **kw: bounds.breakdown_s(**kw), dict(eps=0.1, q_hard=0.3, alpha=0.1)),
    ]
    for hname, h, base in helpers:
        for name in base:
            for v, shown in BAD_VALUES[name][:2]:
                rows.append(Bad(f"{hname}({name}={v!r})", lambda h=h, kw={**base, name: v}: h(**kw),
                                ValueError, (name, shown, dom(name))))
            for lab, v, exc, shown in BAD_TYPES[:3]:
                rows.append(Bad(f"{hname}({name}={lab})", lambda h=h, kw={**base, name: v}: h(**kw),
                                exc, (name, shown, dom(name))))
    return rows


def _registry_rows():
    return [
        Bad("bound('fano.capacty')", lambda: bounds.bound("fano.capacty"), KeyError,
            ("fano.capacty", "fano.capacity", "catalog")),
        Bad("bound(['duel.exact'])", lambda: bounds.bound(["duel.exact"]), TypeError,
            ("bound id", "string", "list")),
        Bad("bound(huge string)", lambda: bounds.bound("x" * 10_000), KeyError, ("no bound", "...")),
        Bad("catalog('upper')", lambda: bounds.catalog("upper"), ValueError,
            ("direction", "'upper'", "necessary", "sufficient", "exact")),
        Bad("parameter('epsilon')", lambda: parameter("epsilon"), KeyError, ("epsilon", "eps", "alpha")),
        Bad("PARAMETERS['delta'].validate(1.0)", lambda: PARAMETERS["delta"].validate(1.0), ValueError,
            ("delta", "1.0", "(0, 1)")),
        Bad("PARAMETERS['n'].validate([3, -2, 5])", lambda: PARAMETERS["n"].validate([3, -2, 5]), ValueError,
            ("n", "-2", "[0, inf)", "1 of 3")),
    ]


def _scenario_rows():
    rows = []
    base = dict(K=10, d=0.1, eps=0.2, alpha=0.0, s=0.1, q_hard=0.3, K_dec=2)
    for name in base:
        for v, shown in BAD_VALUES[name]:
            rows.append(Bad(f"Scenario({name}={v!r})", lambda kw={**base, name: v}: bounds.Scenario(**kw),
                            ValueError, (name, shown, dom(name))))
        for lab, v, exc, shown in BAD_TYPES[:5]:
            rows.append(Bad(f"Scenario({name}={lab})", lambda kw={**base, name: v}: bounds.Scenario(**kw),
                            exc, (name, shown, dom(name))))
        rows.append(Bad(f"Scenario({name}=array)",
                        lambda kw={**base, name: [GOOD[name], GOOD[name]]}: bounds.Scenario(**kw),
                        TypeError, (name, "single number", "(2,)")))
    rows.append(Bad("Scenario(missing eps)", lambda: bounds.Scenario(K=10, d=0.1), TypeError, ("eps",)))
    rows.append(Bad("Scenario(unknown epsilon)", lambda: bounds.Scenario(K=10, d=0.1, epsilon=0.1),
                    TypeError, ("epsilon",), python_own=True))
    s = bounds.Scenario(**base)
    for meth in ("failure_probability", "win_probability"):
        for v, shown in BAD_VALUES["n"] + [([10, -1], "-1")]:
            rows.append(Bad(f"Scenario.{meth}({v!r})", lambda m=meth, v=v: getattr(s, m)(v),
                            ValueError, ("n", shown, dom("n"))))
        rows.append(Bad(f"Scenario.{meth}(2.5)", lambda m=meth: getattr(s, m)(2.5), ValueError, ("n", "2.5", "integer")))
        for lab, v, exc, shown in BAD_TYPES:
            rows.append(Bad(f"Scenario.{meth}({lab})", lambda m=meth, v=v: getattr(s, m)(v),
                            exc, ("n", shown, dom("n"))))
    for v, shown in BAD_VALUES["delta"] + [([0.1, 0.0], "0.0")]:
        rows.append(Bad(f"Scenario.labels_needed({v!r})", lambda v=v: s.labels_needed(v),
                        ValueError, ("delta", shown, dom("delta"))))
    for lab, v, exc, shown in BAD_TYPES:
        rows.append(Bad(f"Scenario.labels_needed({lab})", lambda v=v: s.labels_needed(v),
                        exc, ("delta", shown, dom("delta"))))
    return rows


def _evidence_rows():
    """bounds.check, the learning limits and the single claims (issue 11)."""
    from bounds.claims import check_bits, check_hours
    from bounds.evidence_io import parse_points
    from bounds.learning_limits import accuracy_limit, achievable_accuracy, labels_limit

    return [
        Bad("check(eps=0.6)", lambda: bounds.check([10], [0.6], eps=0.6), ValueError, ("eps", "0.6", "[0, 1/2]")),
        Bad("check(no eps)", lambda: bounds.check([10], [0.6]), ValueError, ("eps", "agreement")),
        Bad("check(agreement=0.5)", lambda: bounds.check([10], [0.6], agreement=0.5), ValueError,
            ("agreement", "0.5", "(1/2, 1]")),
        Bad("check(n=-1)", lambda: bounds.check([-1], [0.6], eps=0.1), ValueError, ("n", "-1")),
        Bad("check(accuracy=1.2)", lambda: bounds.check([10], [1.2], eps=0.1), ValueError, ("accuracy", "1.2")),
        Bad("check(level=1)", lambda: bounds.check([10], [0.6], eps=0.1, level=1.0), ValueError,
            ("level", "1.0", "(0, 1)")),
        Bad("accuracy_limit(bits=0.5)", lambda: accuracy_limit(10, 0.5, 0.1), ValueError, ("bits", "0.5", "[1, inf)")),
        Bad("accuracy_limit(n=nan)", lambda: accuracy_limit(NAN, 10, 0.1), ValueError, ("n", "nan", "[0, inf)")),
        Bad("labels_limit(eps=0.7)", lambda: labels_limit(0.7, 10, 0.7), ValueError, ("eps", "0.7", "[0, 1/2]")),
        Bad("achievable_accuracy(bits=0)", lambda: achievable_accuracy(10, 0, 0.1), ValueError, ("bits", "0")),
        Bad("check_bits(bits=0)", lambda: check_bits(0, n=10, eps=0.1), ValueError, ("bits", "0", "(0, inf)")),
        Bad("check_hours(seconds reversed)", lambda: check_hours(1.0, 10, (5, 3)), ValueError, ("seconds", "5", "3")),
        Bad("parse_points(bad cell)", lambda: parse_points("n,accuracy\n10,x\n"), ValueError,
            ("row 2", "accuracy", "'x'")),
    ]


def _cli_rows():
    H = ["eval", "duel.hoeffding"]
    ok = ["n=100", "d=1", "eps=0.1", "alpha=0"]
    S = ["solve", "duel.chernoff", "--for", "n"]
    sok = ["d=0.1", "eps=0.2", "alpha=0"]
    rows = [
        Bad("cli eval eps=0.6", argv=H + ["n=100", "d=1", "eps=0.6", "alpha=0"], contains=("eps", "0.6", dom("eps"))),
        Bad("cli eval d=0", argv=H + ["n=100", "d=0", "eps=0.1", "alpha=0"], contains=("d", "0.0", dom("d"))),
        Bad("cli eval n=nan", argv=H + ["n=nan", "d=1", "eps=0.1", "alpha=0"], contains=("n", "nan", dom("n"))),
        Bad("cli eval n=inf", argv=H + ["n=inf", "d=1", "eps=0.1", "alpha=0"], contains=("n", "inf", dom("n"))),
        Bad("cli eval n=-1", argv=H + ["n=-1", "d=1", "eps=0.1", "alpha=0"], contains=("n", "-1", dom("n"))),
        Bad("cli eval alpha=1", argv=H + ["n=100", "d=1", "eps=0.1", "alpha=1"], contains=("alpha", "1.0", dom("alpha"))),
        Bad("cli eval list with a bad value", argv=H + ["n=100,-5", "d=1", "eps=0.1", "alpha=0"],
            contains=("n", "-5", dom("n"))),
        Bad("cli eval n=abc", argv=H + ["n=abc", "d=1", "eps=0.1", "alpha=0"], contains=("n", "'abc'", "number")),
        Bad("cli eval missing eps", argv=H + ["n=100", "d=1", "alpha=0"], contains=("eps", "duel.hoeffding")),
        Bad("cli eval unknown name", argv=H + ok + ["epsilon=1"], contains=("epsilon", "eps")),
        Bad("cli eval twice", argv=H + ok + ["n=3"], contains=("n", "twice")),
        Bad("cli eval no '='", argv=H + ["n100"], contains=("n100", "name=value")),
        Bad("cli eval unknown id", argv=["eval", "duel.hoefding", "n=1"], contains=("duel.hoefding", "duel.hoeffding")),
        Bad("cli eval exact n=10.5", argv=["eval", "duel.exact", "n=10.5", "d=1", "eps=0.1", "alpha=0"],
            contains=("n", "10.5", "integer")),
        Bad("cli eval race.exact K=1", argv=["eval", "race.exact", "n=10", "K=1", "d=1", "eps=0.1", "alpha=0"],
            contains=("K", "1.0", dom("K"))),
        Bad("cli solve delta=0", argv=S + sok + ["delta=0"], contains=("delta", "0.0", dom("delta"))),
        Bad("cli solve delta=1", argv=S + sok + ["delta=1"], contains=("delta", "1.0", dom("delta"))),
        Bad("cli solve delta=nan", argv=S + sok + ["delta=nan"], contains=("delta", "nan", dom("delta"))),
        Bad("cli solve --for epsilon", argv=["solve", "duel.chernoff", "--for", "epsilon", "n=10"] + sok[:2] + ["delta=0.1"],
            contains=("epsilon", "n, d, eps, alpha, s, q_hard, delta")),
        Bad("cli solve missing delta", argv=S + sok, contains=("delta", "duel.chernoff")),
        Bad("cli solve without --for", argv=["solve", "duel.chernoff"] + sok + ["delta=0.1"], contains=("--for",)),
        Bad("cli solve name=value before --for", argv=["solve", "duel.chernoff", "d=0.1", "--for", "n", "eps=0.7", "alpha=0", "delta=0.1"],
            contains=("eps", "0.7", dom("eps"))),
        Bad("cli solve exact for d", argv=["solve", "duel.exact", "--for", "d", "n=10", "eps=0.2", "alpha=0", "delta=0.03"],
            contains=("duel.exact", "d", "monotone")),
        Bad("cli show unknown", argv=["show", "nosuch"], contains=("nosuch", "catalog")),
        Bad("cli list --direction", argv=["list", "--direction", "upper"], contains=("'upper'", "necessary", "sufficient", "exact")),
        Bad("cli report --K 1", argv=["report", "--K", "1", "--no-exact"], contains=("K", "1.0", dom("K"))),
        Bad("cli report --eps 0.6", argv=["report", "--eps", "0.1,0.6", "--no-exact"], contains=("eps", "0.6", dom("eps"))),
        Bad("cli report --delta 0", argv=["report", "--delta", "0", "--no-exact"], contains=("delta", "0.0", dom("delta"))),
        Bad("cli report --d nan", argv=["report", "--d", "nan", "--no-exact"], contains=("d", "nan", dom("d"))),
        Bad("cli report --alpha 1", argv=["report", "--alpha", "1", "--no-exact"], contains=("alpha", "1.0", dom("alpha"))),
        Bad("cli report --K abc", argv=["report", "--K", "abc"], contains=("--K", "'abc'", "number")),
        Bad("cli report --seconds-per-label x", argv=["report", "--seconds-per-label", "x"], contains=("seconds-per-label", "'x'", "number")),
        Bad("cli unknown command", argv=["evaluate"], contains=("'evaluate'", "eval", "solve", "report")),
    ]
    return rows


TABLE = _bound_rows() + _measure_rows() + _registry_rows() + _scenario_rows() + _evidence_rows() + _cli_rows()


def test_table_is_complete():
    """The table covers every bound, every input of every bound, and every CLI command."""
    labels = " ".join(r.label for r in TABLE)
    for b in bounds.catalog():
        for name in b.inputs:
            assert f"{b.id}({name}=" in labels
            assert f"{b.id}.solve({name!r}" in labels
    for command in ("eval", "solve", "show", "list", "report"):
        assert f"cli {command}" in labels
    for name in bounds.PARAMETERS:
        if name != "n":
            assert f"({name}=" in labels, name
    assert len({r.label for r in TABLE}) == len(TABLE), "duplicate labels"


@pytest.mark.parametrize("row", TABLE, ids=[r.label for r in TABLE])
def test_bad_call(row, capsys):
    if row.argv is not None:
        rc = cli.main(row.argv)
        captured = capsys.readouterr()
        assert rc == 2, f"exit code {rc}, stderr {captured.err!r}"
        assert captured.out == ""
        lines = captured.err.strip().splitlines()
        assert len(lines) == 1, f"expected a one-line error, got {captured.err!r}"
        message = lines[0]
        assert message.startswith("bounds: error: ")
    else:
        with pytest.raises(row.exc) as info:
            row.call()
        # one exception family: a BoundsError that is also the built-in the row expects
        if not row.python_own:
            assert isinstance(info.value, bounds.BoundsError), f"{type(info.value).__name__} is no BoundsError"
        message = str(info.value)
        if isinstance(info.value, KeyError):
            message = info.value.args[0]
        assert "\n" not in message
    for piece in row.contains:
        assert piece in message, f"message lacks {piece!r}: {message!r}"


def test_one_bad_value_in_a_large_array_is_found():
    """Validation of large arrays first checks the extremes; the full check must still name the bad value."""
    b = bounds.bound("duel.chernoff")
    n = np.linspace(1, 1e4, 100_000)
    for bad, name in ((np.nan, "nan"), (-1.0, "-1.0"), (np.inf, "inf")):
        eps = np.full(100_000, 0.1)
        eps[54_321] = bad
        with pytest.raises(ValueError, match=rf"eps={name}.*\(1 of 100000 values\)"):
            b(n=n, d=0.5, eps=eps, alpha=0.0)
