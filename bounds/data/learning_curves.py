r"""Published reward-model accuracy, against the number of comparisons it was trained on and otherwise.

`RM_LEARNING_CURVES` holds every published (n, accuracy) point found, each a `Reference` with
`n` set (the number of training comparisons); `SERIES` names the curves they form and
`learning_curve` returns one as arrays. Only plots give these points: they are figure
readings (tag "figure", typically within 0.01-0.02), to be used with a tolerance.
`RM_ACCURACY` holds the other published accuracies (at the full dataset, by model size, on
transfer and probe sets) and the published slopes; `LLAMA2_RM_ACCURACY` the reward-model
tables of Touvron et al. (2023). Accuracies are fractions; the notes give the printed
percentages.

Examples
--------
>>> from bounds.data.learning_curves import learning_curve
>>> n, acc, tags = learning_curve("bai2022_fig7_1e10")
>>> n.tolist(), acc.tolist()
([1000.0, 10000.0, 100000.0], [0.57, 0.68, 0.72])
"""
from __future__ import annotations

import numpy as np

from ..errors import UnknownNameError
from .reference import BAI_2022_HH, OUYANG_2022, STIENNON_2020, TOUVRON_2023, Reference, citing

__all__ = ["RM_LEARNING_CURVES", "SERIES", "RM_ACCURACY", "LLAMA2_RM_ACCURACY", "learning_curve"]

_hh = citing(BAI_2022_HH)
_llama2 = citing(TOUVRON_2023)
_stiennon = citing(STIENNON_2020)
_instructgpt = citing(OUYANG_2022)
_F = "fraction"

#: Accuracy of Bai et al. (2022a) Fig. 7 (left): preference models trained on the mixed HH
#: data, by parameter count (1e8, 1e9, 1e10), at n = 1k, 10k, 100k comparisons.
_BAI_FIG7 = {"1e8": (0.53, 0.58, 0.64), "1e9": (0.55, 0.62, 0.68), "1e10": (0.57, 0.68, 0.72)}
_BAI_N = (1000, 10000, 100000)


def _bai_point(size: str, n: int, acc: float) -> Reference:
    return _hh(acc, f"§3.2, Fig. 7 (left), the {size}-parameter curve",
               f"accuracy of the HH preference model of about {size} parameters trained on {n:,} comparisons, "
               "read off the plot by a chart extractor (single epoch: the data curve is the learning curve)",
               tag="figure", n=n, unit=_F)


def _llama2_point(size: str, n: int, acc: float, batch: str) -> Reference:
    return _llama2(acc, f"§3.2.2, Fig. 6, the {size} curve",
                   f"accuracy of the {size} helpfulness RM on the Meta Helpful test set after {batch}, read off the "
                   f"plot by a third party; n = {n:,} Meta comparisons, cumulated from Table 26 (the RMs also "
                   "train on about 1.5M open-source comparisons, not counted in n)", tag="figure", n=n, unit=_F)


#: Every published (n, accuracy) point of a reward model's validation accuracy against the
#: number of comparisons n it was trained on: Bai et al. (2022a) Fig. 7 (per model size) and
#: Touvron et al. (2023) Fig. 6 (per model size; only the first and last batches are read).
RM_LEARNING_CURVES = {
    **{f"bai2022_fig7_{size}_n{n}": _bai_point(size, n, acc)
       for size, accs in _BAI_FIG7.items() for n, acc in zip(_BAI_N, accs)},
    "llama2_fig6_7b_batch1": _llama2_point("7B", 5561, 0.51, "batch 1"),
    "llama2_fig6_7b_batch14": _llama2_point("7B", 1418091, 0.61, "batch 14 (all batches)"),
    "llama2_fig6_13b_batch1": _llama2_point("13B", 5561, 0.51, "batch 1"),
    "llama2_fig6_13b_batch14": _llama2_point("13B", 1418091, 0.614, "batch 14 (all batches)"),
    "llama2_fig6_70b_batch1": _llama2_point("70B", 5561, 0.51, "batch 1"),
    "llama2_fig6_70b_batch13": _llama2_point("70B", 1168735, 0.634, "batch 13 (1,418,091 - 249,356)"),
}

#: The curves of `RM_LEARNING_CURVES`: name -> its keys, in order of n.
SERIES = {
    **{f"bai2022_fig7_{size}": tuple(f"bai2022_fig7_{size}_n{n}" for n in _BAI_N) for size in _BAI_FIG7},
    "llama2_fig6_7b": ("llama2_fig6_7b_batch1", "llama2_fig6_7b_batch14"),
    "llama2_fig6_13b": ("llama2_fig6_13b_batch1", "llama2_fig6_13b_batch14"),
    "llama2_fig6_70b": ("llama2_fig6_70b_batch1", "llama2_fig6_70b_batch13"),
}


def learning_curve(name: str):
    r"""A published reward-model learning curve as arrays: comparisons, accuracy, verification tags.

    Parameters
    ----------
    name : str
        One of `SERIES`: `"bai2022_fig7_1e8"`, `"bai2022_fig7_1e9"`, `"bai2022_fig7_1e10"`
        (Bai et al. 2022a, Fig. 7, HH preference models of about 1e8, 1e9, 1e10 parameters)
        or `"llama2_fig6_7b"`, `"llama2_fig6_13b"`, `"llama2_fig6_70b"` (Touvron et al. 2023,
        Fig. 6, helpfulness RMs on the Meta Helpful test set; first and last batch only).

    Returns
    -------
    n : numpy.ndarray
        Training comparisons, increasing (float).
    accuracy : numpy.ndarray
        Validation accuracy at each n, as a fraction.
    tags : tuple of str
        The verification tag of each point (`TAGS`; all "figure": read off a plot).

    Raises
    ------
    UnknownNameError
        For a name not in `SERIES`; the message lists the known ones.

    Examples
    --------
    >>> from bounds.data import learning_curve
    >>> n, acc, tags = learning_curve("llama2_fig6_70b")
    >>> n.tolist(), acc.tolist(), tags
    ([5561.0, 1168735.0], [0.51, 0.634], ('figure', 'figure'))
    >>> learning_curve("gpt5")
    Traceback (most recent call last):
    ...
    bounds.errors.UnknownNameError: no learning curve 'gpt5'; known: bai2022_fig7_1e8, bai2022_fig7_1e9, bai2022_fig7_1e10, llama2_fig6_7b, llama2_fig6_13b, llama2_fig6_70b
    """
    keys = SERIES.get(name) if isinstance(name, str) else None
    if keys is None:
        raise UnknownNameError(f"no learning curve {name!r}; known: {', '.join(SERIES)}")
    refs = sorted((RM_LEARNING_CURVES[k] for k in keys), key=lambda r: r.n)
    n = np.array([r.n for r in refs], dtype=float)
    accuracy = np.array([r.value for r in refs], dtype=float)
    return n, accuracy, tuple(r.tag for r in refs)


def _slug(text: str) -> str:
    """`"Negligibly Better / Unsure"` -> `"negligibly_better_unsure"`, `"GPT-4"` -> `"gpt_4"`."""
    return "".join(c if c.isalnum() else "_" for c in text.lower().replace(" / ", "_")).strip("_").replace("__", "_")


#: Other published reward-model accuracies: by model size at the full data (Bai et al. 2022a
#: Fig. 7 right and Fig. 10; figure readings), the slopes of Stiennon et al. (2020) §4.3,
#: transfer and probe sets, InstructGPT's cross-labeler accuracy, the baselines of Llama 2
#: Fig. 6.
RM_ACCURACY = {
    "stiennon_per_data_doubling": _stiennon(0.011, "§4.3, Fig. 6", "'doubling the training data amount leads "
                                            "to a ~1.1% increase in the reward model validation set accuracy'",
                                            unit="fraction per doubling"),
    "stiennon_per_model_doubling": _stiennon(0.018, "§4.3, Fig. 6", "'whereas doubling the model size leads "
                                             "to a ~1.8% increase'", unit="fraction per doubling"),
    "stiennon_cnndm_1_3b": _stiennon(0.624, "§4.3", "1.3B RM agrees with labelers on CNN/DM, 62.4%", unit=_F),
    "stiennon_cnndm_6_7b": _stiennon(0.665, "§4.3", "6.7B RM agrees with labelers on CNN/DM, 66.5%", unit=_F),
    "stiennon_edit_probe_1_3b": _stiennon(0.794, "§4.3", "1.3B RM prefers the minimally edited summary 79.4% "
                                          "of the time", unit=_F),
    "stiennon_edit_probe_6_7b": _stiennon(0.828, "§4.3", "6.7B RM prefers the minimally edited summary 82.8% "
                                          "of the time", unit=_F),
    "stiennon_edit_probe_humans": _stiennon(0.841, "§4.3", "humans prefer the minimally edited summary 84.1% "
                                            "of the time", unit=_F),
    "instructgpt_training_groups": _instructgpt(0.724, "§4.1", "6B RM, 5-fold cross-validation over 5 labeler "
                                                "groups, 3 seeds: 72.4 ± 0.4% on the training groups' labels",
                                                plus_minus=0.004, unit=_F),
    "instructgpt_held_out_groups": _instructgpt(0.696, "§4.1", "the same, on held-out groups: 69.6 ± 0.9%",
                                                plus_minus=0.009, unit=_F),
    "bai_hhh_eval_pm": _hh(0.86, "§3.4.1", "PM accuracy on the HHH evaluation, 86%", unit=_F),
    "bai_hhh_eval_humans": _hh(0.75, "§3.4.1", "the reported mean human score on the same evaluation, 75%",
                               unit=_F),
    **{f"bai_fig7_right_{series}_{size}": _hh(acc, f"§3.2, Fig. 7 (right), the {series} curve",
                                              f"accuracy of the {series} PM of about {size} parameters "
                                              "trained on all the data, read off the plot", tag="figure", unit=_F)
       for series, pair in (("helpful", (0.65, 0.72)), ("harmless", (0.61, 0.72)), ("hh_mix", (0.64, 0.72)))
       for size, acc in zip(("1e7", "1e10"), pair)},
    **{f"bai_fig10_{who}_{size}": _hh(acc, f"§3.4.1, Fig. 10 (right), PM-{who} curve",
                                      f"agreement of a PM of about {size} parameters with the {who}s on 320 "
                                      "samples, read off the plot by a chart extractor", tag="figure", unit=_F)
       for who, pair in (("crowdworker", (0.6, 0.68)), ("researcher", (0.56, 0.64)))
       for size, acc in zip(("1e7", "1e11"), pair)},
    "llama2_fig6_gpt4": _llama2(0.586, "§3.2.2, Fig. 6, GPT-4 line", "GPT-4 on the Meta Helpful test set, read "
                                "off the plot by a third party", tag="figure", unit=_F),
    "llama2_fig6_openassistant": _llama2(0.538, "§3.2.2, Fig. 6, OpenAssistant line", "the OpenAssistant RM on "
                                         "the Meta Helpful test set, read off the plot", tag="figure", unit=_F),
    **{f"llama2_fig6_significant_{_slug(who)}": _llama2(acc, f"§3.2.2, Fig. 6, 'significantly better' panel, {who}",
                                                 f"accuracy of {who} on the 'significantly better' pairs of the "
                                                 "Meta Helpful test set, read off the plot", tag="figure", unit=_F)
       for who, acc in (("70B", 0.812), ("13B", 0.756), ("7B", 0.738), ("GPT-4", 0.743))},
}

_META = ("Meta Helpful", "Meta Safety", "Anthropic Helpful", "Anthropic Harmless", "OpenAI Summ.", "Stanford SHP",
         "Avg")
_T7 = {"helpfulness_rm": (0.632, 0.628, 0.72, 0.71, 0.755, 0.8, 0.706),
       "safety_rm": (0.562, 0.645, 0.554, 0.747, 0.717, 0.652, 0.643)}
_RATING = ("Significantly Better", "Better", "Slightly Better", "Negligibly Better / Unsure", "Avg")
_T8 = {("meta_safety", "safety_rm"): (0.943, 0.763, 0.657, 0.553, 0.645),
       ("meta_safety", "helpfulness_rm"): (0.899, 0.732, 0.638, 0.545, 0.628),
       ("meta_helpful", "safety_rm"): (0.646, 0.575, 0.538, 0.522, 0.562),
       ("meta_helpful", "helpfulness_rm"): (0.807, 0.675, 0.609, 0.547, 0.632)}


def _table7() -> dict:
    out = {f"table7_{rm}_{_slug(ds)}": _llama2(acc, f"§3.2.2, Table 7, {rm.replace('_', ' ')} row",
                                               f"accuracy of the 70B {rm.replace('_', ' ')} on {ds}, "
                                               f"{100 * acc:.1f}%", unit=_F)
           for rm, accs in _T7.items() for ds, acc in zip(_META, accs)}
    out["table7_gpt4_meta_helpful"] = _llama2(0.586, "§3.2.2, Table 7, GPT-4 row", "GPT-4 zero-shot on Meta "
                                              "Helpful, 58.6%", unit=_F)
    out["table7_gpt4_meta_safety"] = _llama2(0.581, "§3.2.2, Table 7, GPT-4 row", "GPT-4 zero-shot on Meta "
                                             "Safety, 58.1%", unit=_F)
    return out


def _table8() -> dict:
    return {f"table8_{ts}_{rm}_{_slug(rating)}": _llama2(
                acc, f"§3.2.2, Table 8, {ts.replace('_', ' ')} test set, {rm.replace('_', ' ')}",
                f"accuracy on the pairs rated '{rating}' ({100 * acc:.1f}%); rows assigned to the RMs by matching "
                "their averages to Table 7 (the conversion read garbled the row labels)", unit=_F)
            for (ts, rm), accs in _T8.items() for rating, acc in zip(_RATING, accs)}


def _table28() -> dict:
    note = "Helpful RM without a margin term, on the pairs rated '{}', {:.1f}%"
    out = {f"table28_no_margin_{_slug(r)}": _llama2(acc, "Table 28, no-margin row", note.format(r, 100 * acc),
                                                    tag="quote", unit=_F)
           for r, acc in zip(_RATING, (0.791, 0.669, 0.598, 0.545, 0.625))}
    out["table28_small_margin_avg"] = _llama2(0.63, "Table 28, small-margin row", "Helpful RM with a small "
                                              "margin, average 63.0%", tag="quote", unit=_F)
    out["table28_large_margin_avg"] = _llama2(0.629, "Table 28, large-margin row", "Helpful RM with a large "
                                              "margin, average 62.9%", tag="quote", unit=_F)
    return out


#: Touvron et al. (2023), Llama 2: accuracy of the final reward models by test set (Table 7),
#: by rating of the pair (Table 8) and with or without the margin term (Table 28), as fractions.
LLAMA2_RM_ACCURACY = {**_table7(), **_table8(), **_table28()}
