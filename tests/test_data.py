"""The published figures of `bounds.data`: every one carries a source, a tag and a finite value;
the papers' own totals agree with their parts; the DataFrame keeps every value exactly; the
learning curves come back in order."""
from __future__ import annotations

import importlib
import importlib.util
import math
import pkgutil
import re
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

import bounds.data as data
from bounds.data import TAGS, Reference, figures, learning_curve
from bounds.data.datasets import CONSTITUTIONAL_AI_2022, INSTRUCTGPT_2022, LLAMA2_2023, LLAMA2_BATCHES, WEBGPT_2021
from bounds.data.effort import HOURS, LABEL_TIME
from bounds.data.learning_curves import LLAMA2_RM_ACCURACY, RM_LEARNING_CURVES, SERIES
from bounds.errors import ParameterValueError, UnknownNameError

REPO = Path(__file__).resolve().parents[1]
ALL = figures()

#: Where a source may say a figure is: a section, appendix, table, figure, equation, the
#: abstract, the authors' README/model card/dataset card/blog/slides; or, for figures known
#: only through quotations or summaries, an explicit "(location not recorded)".
LOCATION = re.compile(r"§\d|App\. [A-Z]|Table \d|Fig\. \d|eq\. \(?\d|abstract|README|model_card|dataset card|blog|"
                      r"slides|location not recorded")

#: Figures that share value, unit, source, n and plus_minus on purpose (each pair is two different
#: measurements the paper prints in the same place).
SAME_ON_PURPOSE = {
    frozenset({("AGREEMENT", "summarize_labelers"), ("AGREEMENT", "summarize_researchers")}):
        "Stiennon et al. App. C.2: labelers agree 72% with each other and 72% with researchers",
    frozenset({("CHINCHILLA_ROUNDED", "A"), ("CHINCHILLA_UNROUNDED", "A")}):
        "no unrounded A is verified: the unrounded law keeps the printed A (its note says so)",
    frozenset({("CHINCHILLA_ROUNDED", "B"), ("CHINCHILLA_UNROUNDED", "B")}):
        "no unrounded B is verified: the unrounded law keeps the printed B (its note says so)",
    frozenset({("HERNANDEZ_2021", "mixed_python_beta"), ("HERNANDEZ_2021", "text_python_beta")}):
        "Hernandez et al. (2021) Table 1 prints beta = 0.38 for both pre-training mixtures",
}


def by_key(collection: str, key: str) -> Reference:
    return data.collections()[collection][key]


# ---------------------------------------------------------------------- every figure
@pytest.mark.parametrize("collection,key,ref", ALL, ids=[f"{c}.{k}" for c, k, _ in ALL])
def test_every_figure_is_complete(collection, key, ref):
    assert isinstance(ref, Reference)
    assert ref.tag in TAGS
    assert ref.source.strip() and re.search(r"\((19|20)\d\d\)", ref.source), "the source names no year"
    assert LOCATION.search(ref.source), "the source names no place in the paper (or says it was not recorded)"
    assert ref.note.strip(), "no note on how the figure was read"
    assert isinstance(ref.value, (int, float)) and not isinstance(ref.value, bool)
    assert math.isfinite(ref.value)
    # keys are lower-case words, or a fitted law's own symbols as the paper writes them (E, A, N_c, alpha_N)
    assert re.fullmatch(r"[a-z0-9_]+|[A-Za-z][A-Za-z0-9_]*", key) and re.fullmatch(r"[A-Z0-9_]+", collection)
    if ref.unit == "fraction":
        assert 0 <= ref.value <= 1
    if ref.plus_minus is not None:
        assert 0 < ref.plus_minus < abs(ref.value)
    if ref.n is not None:
        assert ref.n > 0 and float(ref.n).is_integer()
    assert "REFERENCES" not in ref.source + ref.note and "/work/" not in ref.source + ref.note


def test_no_two_figures_coincide_by_accident():
    groups = defaultdict(set)
    for c, k, r in ALL:
        groups[(float(r.value), r.unit, r.source, r.n, r.plus_minus)].add((c, k))
    same = {frozenset(g) for g in groups.values() if len(g) > 1}
    assert same == set(SAME_ON_PURPOSE), "figures with the same value, unit, source, n and ±:\n" + "\n".join(
        sorted(str(sorted(g)) for g in same - set(SAME_ON_PURPOSE)))


def test_ranges_are_stored_low_then_high():
    pairs = 0
    for name, refs in data.collections().items():
        for key, low in refs.items():
            if key.endswith("_low"):
                high = refs[key[:-4] + "_high"]
                assert low.value < high.value and low.unit == high.unit, (name, key)
                pairs += 1
    assert pairs >= 10


def test_every_collection_is_public_and_documented():
    """Each collection is in its module's `__all__` (so the API reference shows it) and its
    module is on an API page."""
    api = "\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "docs" / "api").glob("*.md")))
    found = 0
    for info in pkgutil.iter_modules(data.__path__):
        mod = importlib.import_module(f"bounds.data.{info.name}")
        assert re.search(rf"^::: bounds\.data\.{info.name}\s*$", api, re.M), info.name
        for name, obj in vars(mod).items():
            if name.isupper() and isinstance(obj, dict) and obj and all(isinstance(v, Reference) for v in obj.values()):
                assert name in mod.__all__, f"bounds.data.{info.name}.{name}"
                found += 1
    assert found == len(data.collections()) - 1       # all but "SINGLE"


def test_no_private_notes_in_sources_or_docs():
    texts = [p.read_text(encoding="utf-8") for p in (REPO / "bounds" / "data").glob("*.py")]
    texts.append((REPO / "docs" / "published-figures.md").read_text(encoding="utf-8"))
    assert not any("REFERENCES.md" in t or "/work/shared" in t for t in texts)


# ---------------------------------------------------------------------- the papers' own arithmetic
def test_llama2_batches_sum_to_the_meta_comparisons():
    assert len(LLAMA2_BATCHES) == LLAMA2_2023["meta_batches"].value
    assert sum(r.value for r in LLAMA2_BATCHES.values()) == LLAMA2_2023["meta_comparisons"].value


def test_llama2_table6_rows_against_its_total():
    """The rows of Table 6 as printed do not add up to its Total row; the note of the total says
    by how much (computed here), and it is under 0.1%."""
    rows = ("meta_comparisons", "anthropic_helpful", "anthropic_harmless", "openai_summarize", "openai_webgpt",
            "stackexchange", "stanford_shp", "synthetic_gptj")
    total = LLAMA2_2023["total_comparisons"]
    computed = sum(LLAMA2_2023[k].value for k in rows)
    assert f"sum to {computed:,}, {computed - total.value:,} more than the total" in total.note
    assert 0 < abs(computed - total.value) / total.value < 1e-3


def test_instructgpt_table6_against_section_3_2():
    t = INSTRUCTGPT_2022
    assert t["rm_train_labeler"].value + t["rm_train_customer"].value == t["rm_train_total"].value
    assert round(t["rm_train_total"].value, -3) == t["rm_prompts"].value                 # "33k"
    assert round(t["sft_train_labeler"].value + t["sft_train_customer"].value, -3) == t["sft_prompts"].value
    assert round(t["ppo_train"].value, -3) == t["ppo_prompts"].value


def test_constitutional_ai_prompts_add_up():
    c = CONSTITUTIONAL_AI_2022
    assert c["red_team_prompts_human"].value + c["red_team_prompts_model"].value == c["red_team_prompts"].value


def test_derived_figures_follow_from_their_inputs():
    assert HOURS["webgpt_comparisons"].value == pytest.approx(
        WEBGPT_2021["comparisons"].value * LABEL_TIME["webgpt_comparison_minutes"].value / 60, rel=1e-15)
    assert HOURS["webgpt_demonstrations"].value == pytest.approx(
        WEBGPT_2021["demonstrations"].value * LABEL_TIME["webgpt_demonstration_minutes"].value / 60, rel=1e-15)
    low, high = LABEL_TIME["christiano_seconds_low"].value, LABEL_TIME["christiano_seconds_high"].value
    assert data.SECONDS_PER_LABEL.value == (low + high) / 2
    assert all(r.tag == "derived" for r in (HOURS["webgpt_comparisons"], data.SECONDS_PER_LABEL))


def test_llama2_table8_averages_are_table7():
    """Table 8's rows were assigned to the RMs by their averages: they must equal Table 7's."""
    t = LLAMA2_RM_ACCURACY
    for test_set in ("meta_helpful", "meta_safety"):
        for rm in ("helpfulness_rm", "safety_rm"):
            assert t[f"table8_{test_set}_{rm}_avg"].value == t[f"table7_{rm}_{test_set}"].value
    for rm in ("helpfulness_rm", "safety_rm"):            # accuracy falls as the pairs get closer
        for test_set in ("meta_helpful", "meta_safety"):
            accs = [t[f"table8_{test_set}_{rm}_{r}"].value
                    for r in ("significantly_better", "better", "slightly_better", "negligibly_better_unsure")]
            assert accs == sorted(accs, reverse=True)


def test_agreement_without_ties_is_higher_and_on_fewer_votes():
    a = data.AGREEMENT
    for turn in ("turn1", "turn2"):
        with_ties, without = a[f"mtbench_experts_{turn}_ties"], a[f"mtbench_experts_{turn}"]
        assert without.value > with_ties.value and without.n < with_ties.n
    assert a["summarize_researchers_majority3"].value > a["summarize_researchers"].value


def test_llama2_fig6_n_is_cumulated_from_table26():
    counts = [r.value for r in LLAMA2_BATCHES.values()]
    for size in ("7b", "13b", "70b"):
        assert RM_LEARNING_CURVES[f"llama2_fig6_{size}_batch1"].n == counts[0]
    assert RM_LEARNING_CURVES["llama2_fig6_7b_batch14"].n == sum(counts)
    assert RM_LEARNING_CURVES["llama2_fig6_13b_batch14"].n == sum(counts)
    assert RM_LEARNING_CURVES["llama2_fig6_70b_batch13"].n == sum(counts[:13])


# ---------------------------------------------------------------------- figures() and to_frame()
def test_figures_filters_by_tag():
    for tag in TAGS:
        some = figures(tag=tag)
        assert all(r.tag == tag for _, _, r in some)
        assert len(some) == sum(r.tag == tag for _, _, r in ALL)
    assert len(figures(tag=("figure", "secondary"))) == len(figures(tag="figure")) + len(figures(tag="secondary"))
    assert len(figures(tag=TAGS)) == len(ALL)
    with pytest.raises(ParameterValueError, match="'nope' is not one of"):
        figures(tag=("paper", "nope"))


def test_to_frame_has_one_row_per_figure_and_every_value_exactly():
    pd = pytest.importorskip("pandas")
    df = data.to_frame()
    assert list(df.columns) == list(data.COLUMNS) and len(df) == len(ALL)
    assert not df.duplicated(["collection", "key"]).any()
    for row, (c, k, r) in zip(df.itertuples(index=False), ALL):
        assert (row.collection, row.key, row.tag, row.source, row.note, row.unit) == (c, k, r.tag, r.source, r.note,
                                                                                     r.unit)
        assert row.value == r.value and float(row.value).hex() == float(r.value).hex()
        assert (pd.isna(row.n) if r.n is None else row.n == r.n)
        assert (pd.isna(row.plus_minus) if r.plus_minus is None else row.plus_minus == r.plus_minus)
    paper = data.to_frame(tag="paper")
    assert len(paper) == len(figures(tag="paper")) and set(paper.tag) == {"paper"}


# ---------------------------------------------------------------------- learning curves
@pytest.mark.parametrize("name", sorted(SERIES))
def test_learning_curve(name):
    n, acc, tags = learning_curve(name)
    assert isinstance(n, np.ndarray) and isinstance(acc, np.ndarray) and len(n) == len(acc) == len(tags) >= 2
    assert np.all(np.diff(n) > 0), "n not increasing"
    assert np.all((acc > 0.5) & (acc < 1)) and acc[-1] > acc[0]
    assert set(tags) <= set(TAGS)


def test_every_learning_curve_point_is_in_one_series():
    keys = [k for ks in SERIES.values() for k in ks]
    assert sorted(keys) == sorted(RM_LEARNING_CURVES)
    assert all(r.n is not None for r in RM_LEARNING_CURVES.values())


def test_unknown_learning_curve_lists_the_known_ones():
    with pytest.raises(UnknownNameError) as err:
        learning_curve("bai2022_fig7")
    assert all(name in str(err.value) for name in SERIES)
    with pytest.raises(UnknownNameError):
        learning_curve(["llama2_fig6_7b"])


# ---------------------------------------------------------------------- the docs page's tables
def test_docs_page_tables_list_every_collection():
    """The hook that writes the tables of docs/published-figures.md lists every collection, with
    counts by tag that add up to every figure."""
    spec = importlib.util.spec_from_file_location("published_figures", REPO / "docs" / "hooks" /
                                                  "published_figures.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    rows = hook.summary_table().splitlines()
    names = [re.match(r"\| `(\w+)` \|", r).group(1) for r in rows[2:-1]]
    assert names == list(data.collections())
    assert rows[-1].startswith(f"| **all** | | **{len(ALL)}** |")
    every = hook.all_tables()
    assert all(f"| `{k}` | {hook.value_text(r.value)} |" in every for _, k, r in ALL)
    assert "$" not in every.replace("&#36;", "")
