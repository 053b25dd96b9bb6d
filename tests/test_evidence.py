"""Checking results against the limits: bounds.learning_limits, bounds.evidence (check, fits), bounds.claims,
bounds.evidence_io (CSV) and `bounds check`.

Oracles: the information limit and its inverse recomputed in mpmath at 40 digits (root of the
rate-distortion equation); the majority learner's accuracy summed over every k in exact
rationals for small n; Monte Carlo witnesses (one test item per trial: an exact binomial)
through Clopper–Pearson intervals at a stated error rate, with negative controls. Monte Carlo
seeds are fixed in CI and fresh in `make soak` (tests marked soak).
"""
from __future__ import annotations

import itertools
import json
import math
import os
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import bounds
from bounds.claims import check_bits, check_efficiency, check_hours
from bounds.cli import main
from bounds.errors import ParameterValueError
from bounds.evidence import STATUSES, check
from bounds.evidence_fits import fit_log_linear, fit_saturating
from bounds.evidence_io import parse_points, read_points
from bounds.learning_limits import (accuracy_limit, achievable_accuracy, clean_accuracy, inverse_binary_entropy,
                                    labels_limit, observed_accuracy)
from bounds.simulate.engine import clopper_pearson
from bounds.simulate.learning import accuracy_trials, learning_curve
from conftest import mc_seed

#: Two-sided error rate of every Monte Carlo assertion (each interval misses with at most this probability).
MC_ALPHA = 1e-9


def _contains(k, N, p):
    lo, hi = clopper_pearson(k, N, confidence=1 - MC_ALPHA)
    return lo <= p <= hi


# ------------------------------------------------------------------ the information limit
def _limit_mp(n, bits, eps):
    """a_max by mpmath: 1 - D with h(D) = ln 2 - n C(eps)/B, D in [0, 1/2]."""
    with mpmath.workdps(40):        # scoped: other test modules rely on their own global precision
        h = lambda p: -p * mpmath.log(p) - (1 - p) * mpmath.log(1 - p) if 0 < p < 1 else mpmath.mpf(0)  # noqa: E731
        cap = mpmath.log(2) - h(mpmath.mpf(eps))
        y = mpmath.log(2) - mpmath.mpf(n) * cap / mpmath.mpf(bits)
        if y <= 0:
            return 1.0
        D = mpmath.findroot(lambda p: h(p) - y, (mpmath.mpf("1e-30"), mpmath.mpf("0.5")), solver="bisect")
        return float(1 - D)


@pytest.mark.parametrize("n,bits,eps", [(10, 100, 0.1), (1000, 2000, 0.1), (50, 10**6, 0.3), (999, 1000, 0.0),
                                        (10**5, 10**5, 0.45), (1, 1, 0.2), (7, 3.5, 0.05)])
def test_accuracy_limit_matches_mpmath(n, bits, eps):
    assert math.isclose(accuracy_limit(n, bits, eps), _limit_mp(n, bits, eps), rel_tol=1e-12, abs_tol=1e-13)


def test_limit_extremes():
    assert accuracy_limit(0, 100, 0.1) == 0.5
    assert accuracy_limit(10**9, 100, 0.1) == 1.0
    assert accuracy_limit(100, 100, 0.0) == 1.0          # clean labels: n = B labels carry B bits
    assert accuracy_limit(10**9, 100, 0.5) == 0.5        # coin-flip labels carry nothing
    assert labels_limit(0.5, 100, 0.1) == 0.0
    assert labels_limit(0.7, 100, 0.5) == math.inf        # no finite n: the labels carry nothing
    assert labels_limit(0.95, 100, 0.1, eps_eval=0.1) == math.inf    # above the ceiling 0.9
    assert inverse_binary_entropy(0.0) == 0.0 and inverse_binary_entropy(math.log(2)) == 0.5


@given(st.floats(0.51, 0.999), st.floats(1.0, 1e6), st.floats(0.0, 0.45))
def test_labels_limit_inverts_accuracy_limit(a, bits, eps):
    n = labels_limit(a, bits, eps)
    assert math.isclose(accuracy_limit(n, bits, eps), a, rel_tol=1e-9, abs_tol=1e-12)


@given(st.floats(0.0, 1.0), st.floats(0.0, 0.49))
def test_observed_and_clean_accuracy_are_inverse(a, e):
    assert math.isclose(clean_accuracy(observed_accuracy(a, e), e), a, abs_tol=1e-12)


def test_limit_monotone():
    n = np.geomspace(1, 1e6, 40)
    a = accuracy_limit(n, 1e4, 0.2)
    assert np.all(np.diff(a) >= 0)
    assert np.all(accuracy_limit(1e3, [1e2, 1e3, 1e4], 0.2)[:-1] >= accuracy_limit(1e3, [1e2, 1e3, 1e4], 0.2)[1:])
    assert np.all(np.diff(accuracy_limit(1e3, 1e4, [0.0, 0.1, 0.2, 0.3, 0.4])) <= 0)


# ------------------------------------------------------------------ the majority learner
def _achievable_exact(n, B, eps):
    """Clean accuracy of the per-item majority learner, summed over every k with rationals."""
    p, e, total = Fraction(1, B), Fraction(eps).limit_denominator(10**6), Fraction(0)
    for k in range(n + 1):
        pk = math.comb(n, k) * p**k * (1 - p) ** (n - k)
        if k == 0:
            right = Fraction(1, 2)
        else:
            right = sum(math.comb(k, c) * (1 - e) ** c * e ** (k - c) * (1 if 2 * c > k else Fraction(1, 2) if 2 * c == k
                                                                          else 0) for c in range(k + 1))
        total += pk * right
    return float(total)


@pytest.mark.parametrize("n,B,eps", [(1, 1, 0.2), (6, 2, 0.1), (40, 7, 0.3), (60, 100, 0.25), (30, 3, 0.0)])
def test_achievable_matches_exact_sum(n, B, eps):
    assert math.isclose(achievable_accuracy(n, B, eps), _achievable_exact(n, B, eps), rel_tol=1e-12)


def test_achievable_huge_counts():
    """Beyond MAX_WINDOW likely counts: 1 where the vote's error is negligible, else an error naming n."""
    assert achievable_accuracy(10**12, 2, 0.1) == 1.0
    with pytest.raises(ParameterValueError) as info:
        achievable_accuracy(10**12, 2, 0.4999999)
    assert info.value.parameter == "n"
    assert achievable_accuracy(10**6, 1000, 0.1) <= 1.0          # the pmf's rounding never sums past 1


def test_achievable_below_limit_on_a_grid():
    """The reference learner never beats the limit (lower <= upper everywhere)."""
    for n, B, e in itertools.product([0, 1, 10, 100, 1000, 10**4], [1, 10, 1000, 10**5], [0.0, 0.1, 0.3, 0.5]):
        assert achievable_accuracy(n, B, e) <= accuracy_limit(n, B, e) + 1e-12, (n, B, e)


@pytest.mark.soak
def test_witness_majority_learner():
    """Witness: simulated agreement inside the CP interval of the exact formula, below the limit.

    Negative controls: the limit at a quarter of the labels (a deliberately wrong, too strong
    limit) and the formula with ties counted as errors are both rejected."""
    cases = [(1000, 1000, 0.2, None), (300, 50, 0.1, 0.3), (5000, 2000, 0.0, 0.1), (20, 10**15, 0.2, None)]
    for i, (n, B, e, ev) in enumerate(cases):
        est = accuracy_trials(n, B, e, eps_eval=ev, trials=200_000, seed=mc_seed(1100 + i))
        exact = achievable_accuracy(n, B, e, eps_eval=ev)
        assert _contains(est.count, est.trials, exact), (n, B, e, est)
        lo, _ = clopper_pearson(est.count, est.trials, confidence=1 - MC_ALPHA)
        assert lo <= accuracy_limit(n, B, e, eps_eval=ev)
    est = accuracy_trials(1000, 1000, 0.2, trials=200_000, seed=mc_seed(1110))
    lo, _ = clopper_pearson(est.count, est.trials, confidence=1 - MC_ALPHA)
    assert lo > accuracy_limit(250, 1000, 0.2)              # the too-strong limit is rejected
    est = accuracy_trials(4, 1, 0.3, trials=200_000, seed=mc_seed(1111))
    ties_wrong = sum(math.comb(4, c) * 0.7**c * 0.3 ** (4 - c) for c in (3, 4))
    assert not _contains(est.count, est.trials, ties_wrong)


# ------------------------------------------------------------------ check
@pytest.mark.soak
@pytest.mark.parametrize("B,eps,ev", [(2000, 0.2, None), (10**6, 0.25, 0.3), (50, 0.05, None)])
def test_simulated_curves_are_consistent(B, eps, ev):
    """Learning curves from the simulator are judged consistent (at a 1e-9 interval level)."""
    n = np.unique(np.round(np.geomspace(10, 50 * B if B < 10**5 else 10**5, 8)))
    c = learning_curve(n, B, eps, eps_eval=ev, test_size=3000, seed=mc_seed(1200 + B % 97))
    r = check(c.n, c.accuracy, eps=eps, eps_eval=0.0 if ev is None else ev, bits=B, test_size=c.test_size,
              level=1 - MC_ALPHA)
    assert r.status == ("consistent",) * n.size, r
    # at the low end of its interval every point needs at most the labels it had
    need = labels_limit(r.accuracy_low, B, eps, eps_eval=0.0 if ev is None else ev)
    assert np.all(need <= c.n * (1 + 1e-9))


def test_curve_above_the_ceiling_is_flagged():
    c = learning_curve([100, 1000, 10000, 10**5], 2000, 0.2, eps_eval=0.2, test_size=3000, seed=1)
    r = check(c.n, np.minimum(c.accuracy + 0.12, 1.0), eps=0.2, test_size=3000)
    assert r.status[-1] == "exceeds the noise ceiling" and not r.consistent
    assert "above the ceiling" in r.reasons[-1]


def test_curve_beyond_the_fano_limit_is_flagged():
    """Below the ceiling, but more than the labels can carry for this class."""
    n = np.array([100, 200, 400])
    r = check(n, [0.75, 0.77, 0.78], eps=0.2, bits=10**4, test_size=5000)
    assert r.status == ("exceeds the information limit",) * 3
    assert np.all(r.label_efficiency > 1) and "do not carry" in r.reasons[0]
    assert check(n, [0.75, 0.77, 0.78], eps=0.2, bits=10, test_size=5000).consistent    # a small class allows it


def test_agreement_interval_is_generous():
    """With the error rate from an agreement over few items, flags use the interval's low end (higher ceiling)."""
    r = check([1000], [0.79], agreement=0.66, agreement_items=200, test_size=10**6)
    assert r.ceiling < 0.79 < r.ceiling_flag and r.status == ("consistent",)
    assert check([1000], [0.79], agreement=0.66, test_size=10**6).status == ("exceeds the noise ceiling",)


def test_fits():
    n = np.array([500, 1000, 2000, 4000, 8000, 16000, 32000])
    f = fit_saturating(n, 0.75 - 2.0 * n**-0.5)
    assert math.isclose(f.asymptote, 0.75, abs_tol=1e-6) and math.isclose(f.params["gamma"], 0.5, abs_tol=1e-5)
    g = fit_log_linear([1e3, 1e4], [0.6, 0.65], ceiling=0.8)
    assert math.isclose(g.ceiling_at, 10 ** (3 + 0.2 / 0.05), rel_tol=1e-9)
    assert fit_saturating([1, 2, 3], [0.5, 0.6, 0.7]) is None and fit_log_linear([5], [0.6]) is None
    # a saturating curve heading for 0.9, measured precisely, against a ceiling of 0.8: flagged
    acc = 0.9 - 0.5 * n**-0.3
    r = check(n, acc, eps=0.19, test_size=10**7)
    assert any("asymptote" in flag for flag in r.fit_flags) and not r.consistent


@pytest.mark.parametrize("kwargs,param", [
    ({"eps": 0.2, "agreement": 0.7}, "eps"), ({}, "eps"), ({"eps": 0.6}, "eps"), ({"agreement": 0.5}, "agreement"),
    ({"eps": 0.2, "eps_eval": 0.5}, "eps_eval"), ({"eps": 0.2, "level": 1.0}, "level"),
    ({"eps": 0.2, "test_size": 0}, "test_size"), ({"eps": 0.2, "bits": -1}, "bits")])
def test_check_bad_input(kwargs, param):
    with pytest.raises(ParameterValueError) as info:
        check([100, 200], [0.6, 0.62], **kwargs)
    assert info.value.parameter == param


def test_check_bad_points():
    for n, acc in (([100, -1], [0.6, 0.6]), ([100], [1.2]), ([100, 200], [0.6]), ([], [])):
        with pytest.raises(ParameterValueError):
            check(n, acc, eps=0.1)


def test_report_outputs():
    r = check([100, 1000, 10**4, 10**5], [0.55, 0.6, 0.64, 0.66], eps=0.2, bits=1e5, test_size=2000)
    d = json.loads(json.dumps(r.to_dict()))
    assert d["points"][0]["status"] in STATUSES and len(d["points"]) == 4
    assert all(len(line) <= 100 for line in repr(r).splitlines())
    assert list(r.to_frame().columns)[:2] == ["n", "accuracy"]


# ------------------------------------------------------------------ single claims
def test_check_bits():
    c = check_bits(1000, n=900, eps=0.1)                # 900 (1 - h(0.1)) = 478 bits
    assert c.status == "exceeds the information limit" and math.isclose(c.carried, 900 * (1 + 0.1 * math.log2(0.1)
                                                                                            + 0.9 * math.log2(0.9)))
    assert check_bits(400, n=900, eps=0.1).status == "consistent"
    c_bits = 1 + 0.1 * math.log2(0.1) + 0.9 * math.log2(0.9)     # capacity of BSC(0.1), bits per label
    fano = (100 * c_bits + 1) / 200                              # (I + log 2) / log K, in bits
    assert math.isclose(check_bits(200, n=100, eps=0.1, success=0.5).success_max, fano, rel_tol=1e-12)
    with pytest.raises(ParameterValueError):
        check_bits(0, n=10, eps=0.1)


def test_check_efficiency_matches_exchange_rate():
    c = check_efficiency(0.6, eps=0.05, d=0.1, exact=False)
    assert math.isclose(c.predicted["necessary"], bounds.exchange.exchange_rate(0.05), rel_tol=1e-12)
    assert c.status == "within the model's range"
    assert check_efficiency(0.95, eps=0.2, exact=False).status == "above the model's range"


def test_check_hours():
    # Christiano et al. (2017), §3.1 and §3.2: 900 queries in under an hour, at 3-5 s per query
    assert check_hours(1.0, queries=900, seconds=(3, 5)).status == "consistent"
    assert check_hours(10.0, queries=900, seconds=(3, 5)).status == "more hours than the queries take"
    with pytest.raises(ParameterValueError):
        check_hours(1.0, queries=900, seconds=(5, 3))


# ------------------------------------------------------------------ CSV
def test_parse_points_columns_and_units():
    p = parse_points("# a comment\nN , Accuracy,test_size,label,hours,seconds_per_label\n\n"
                     "100,0.6,1000,first,0.1,3-5\n1000,0.7,1000,,,\n")
    assert p.n.tolist() == [100, 1000] and p.test_size.tolist() == [1000, 1000] and p.labels == ("first", "")
    assert p.seconds == [(3.0, 5.0), None] and p.rows == (4, 5)
    assert parse_points("n,accuracy,unit\n5,72.6,%\n").accuracy[0] == 0.726      # not 0.7259999...


@pytest.mark.parametrize("text,where", [
    ("n,accuracy\n100,abc\n", "row 2, column accuracy"),
    ("n,accuracy\n100,0.6\n-3,0.6\n", "row 3, column n"),
    ("n,accuracy\n100.5,0.6\n", "row 2, column n"),
    ("n,acc\n100,0.6\n", "column acc"),
    ("n\n100\n", "column accuracy"),
    ("n,accuracy,unit\n100,60,furlongs\n", "row 2, column unit"),
    ("n,accuracy\n100,60\n", "row 2, column accuracy"),
    ("n,accuracy\n100,nan\n", "row 2, column accuracy"),
    ("n,accuracy\n100,0.6,7\n", "row 2, column *"),
    ("n,accuracy,test_size\n100,0.6,10\n200,0.6,\n", "row 3, column test_size"),
    ("n,accuracy,hours\n100,0.6,-1\n", "row 2, column hours"),
    ("n,accuracy,n\n1,0.6,1\n", "column n"),
    ("n,accuracy\n", "no points"),
    ("", "no points"),
])
def test_parse_points_errors_name_row_and_column(text, where):
    with pytest.raises(ParameterValueError) as info:
        parse_points(text)
    assert where in str(info.value)


@given(st.text(max_size=300))
def test_fuzzed_csv_never_crashes(text):
    try:
        parse_points(text)
    except ParameterValueError:
        pass


@given(st.lists(st.sampled_from(["n", "accuracy", "1e999", "-0", "0x10", "1_000", "NaN", "inf", "0.5", "100",
                                 "__import__('os')", "\"", ",", "\n", "percent", "50", "1e-400", "Infinity",
                                 "  ", "#", "\x00", "\r\n", "test_size", "3-5", "\u00a0"]), max_size=40))
def test_fuzzed_csv_tokens_never_crash(tokens):
    try:
        parse_points("n,accuracy," + "".join(tokens))
        parse_points("".join(tokens))
    except ParameterValueError:
        pass


def test_cli_check(tmp_path, capsys):
    f = tmp_path / "curve.csv"
    f.write_text("n,accuracy,test_size\n1000,0.53,1000\n10000,0.58,1000\n100000,0.64,1000\n", encoding="utf-8")
    assert main(["check", str(f), "--agreement", "0.63", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["consistent"] is True and len(out["points"]) == 3
    png = tmp_path / "c.png"
    assert main(["check", str(f), "--eps", "0.2", "--bits", "1e6", "--plot", str(png)]) == 0
    text = capsys.readouterr().out
    assert png.stat().st_size > 1000 and "exceeds the information limit" in text
    assert all(len(line) <= 100 for line in text.splitlines())


def test_cli_check_errors(tmp_path, capsys):
    f = tmp_path / "bad.csv"
    f.write_text("n,accuracy\n100,0.6\n-3,0.7\n", encoding="utf-8")
    assert main(["check", str(f), "--eps", "0.2"]) == 2
    assert "row 3, column n" in capsys.readouterr().err
    good = tmp_path / "good.csv"
    good.write_text("n,accuracy\n100,0.6\n", encoding="utf-8")
    for argv, text in ((["--eps", "0.7"], "eps"), (["--eps", "x"], "--eps"), ([], "give exactly one"),
                       (["--eps", "0.1", "--plot", "a.gif"], "--plot"), (["--agreement", "0.4"], "agreement"),
                       (["--eps", "0.1", "--bits", "-2"], "--bits")):
        assert main(["check", str(good), *argv]) == 2, argv
        assert text in capsys.readouterr().err
    assert main(["check", str(tmp_path / "missing.csv"), "--eps", "0.1"]) == 2
    assert "cannot be read" in capsys.readouterr().err
    (tmp_path / "bin.csv").write_bytes(b"n,accuracy\n\xff\xfe,1\n")
    assert main(["check", str(tmp_path / "bin.csv"), "--eps", "0.1"]) == 2
    assert "not UTF-8" in capsys.readouterr().err


@given(st.binary(max_size=200))
def test_cli_fuzzed_file_never_crashes_or_runs_code(tmp_path_factory, data):
    d = tmp_path_factory.mktemp("fuzz")
    f = d / "x.csv"
    f.write_bytes(b"n,accuracy\n" + data)
    marker = d / "pwned"
    (d / "y.csv").write_text(f"n,accuracy\n__import__('pathlib').Path({str(marker)!r}).touch(),0.6\n",
                             encoding="utf-8")
    assert main(["check", str(f), "--eps", "0.1", "--json"]) in (0, 2)
    assert main(["check", str(d / "y.csv"), "--eps", "0.1"]) == 2
    assert not marker.exists() and not os.path.exists("pwned")


def test_read_points_file(tmp_path):
    f = tmp_path / "x.csv"
    f.write_bytes("\ufeffn,accuracy\n10,0.5\n".encode("utf-8"))
    assert read_points(f).n.tolist() == [10.0]
