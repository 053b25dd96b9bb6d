r"""Published figures about human labels: agreement rates, dataset sizes, rater time.

Examples
--------
>>> from bounds.data import AGREEMENT, SECONDS_PER_LABEL
>>> SECONDS_PER_LABEL.value
4.0
>>> AGREEMENT["instructgpt_training"].value
0.726
"""
from __future__ import annotations

from .reference import (BAI_2022_HH, CHIANG_2024, DUBOIS_2023, NAKANO_2021, STIENNON_2020, WANG_2024,
                       ZHENG_2023, Reference, citing)

__all__ = ["SECONDS_PER_LABEL", "DEFAULT_REPORT", "AGREEMENT", "COMPARISONS"]

#: Seconds of rater time per pairwise label.
SECONDS_PER_LABEL = Reference(
    4.0,
    "Christiano et al. (2017), Deep RL from Human Preferences, arXiv:1706.03741, §3.1",
    "'Contractors responded to the average query in 3-5 seconds'; the midpoint is used.",
    tag="derived", unit="seconds",
)

#: The built-in scenario of `bounds report`. Illustrative, not taken from a paper: 2^20
#: candidate policies (20 bits of intent), a query separates 10% of the unaligned ones from
#: the aligned one, failure probability 5%, no adversary and no systematic error (s = 0;
#: `q_hard` and `K_dec` then play no role), across rater error rates from 0 to 0.45.
DEFAULT_REPORT = {
    "K": 2.0**20,
    "d": 0.1,
    "alpha": 0.0,
    "s": 0.0,
    "q_hard": 0.0,
    "K_dec": 1.0,
    "delta": 0.05,
    "eps": (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45),
}

_INSTRUCTGPT = ("Ouyang et al. (2022), Training language models to follow instructions with human feedback, "
                "arXiv:2203.02155")
_summarize = citing(STIENNON_2020)
_webgpt = citing(NAKANO_2021)
_mtbench = citing(ZHENG_2023)
_arena = citing(CHIANG_2024)
_alpacafarm = citing(DUBOIS_2023)
_secrets = citing(WANG_2024)

_F = "fraction"

#: Published rates at which two raters (or a rater and a reference group) agree on a pairwise
#: preference, as fractions (the note gives the printed percentage). `bounds.raters.error_from_agreement`
#: turns one into a rater error rate under the symmetric-error model. A range is stored as
#: two figures, `..._low` and `..._high`; `n`, where given, is the number of votes compared.
AGREEMENT = {
    "instructgpt_training": Reference(0.726, f"{_INSTRUCTGPT}, §3.4",
                                      "inter-annotator agreement of the training labelers, 72.6 ± 1.5%",
                                      plus_minus=0.015, unit=_F),
    "instructgpt_held_out": Reference(0.773, f"{_INSTRUCTGPT}, §3.4",
                                      "inter-annotator agreement of held-out labelers, 77.3 ± 1.3%",
                                      plus_minus=0.013, unit=_F),
    "summarize_labelers": Reference(0.72, f"{STIENNON_2020}, App. C.2",
                                    "labeler-labeler agreement on the reward model's training comparisons, 72%",
                                    unit=_F),
    "summarize_researchers": Reference(0.72, f"{STIENNON_2020}, App. C.2",
                                       "a labeler's agreement with researchers, 72% (77% for the modal label of "
                                       "3 labelers)", unit=_F),
    "summarize_researchers_majority3": Reference(0.77, f"{STIENNON_2020}, App. C.2",
                                                 "agreement of the modal label of 3 labelers with researchers, 77%",
                                                 unit=_F),
    "hh_researchers": Reference(0.63, f"{BAI_2022_HH}, §2.1",
                                "'poor average agreement (about 63%) between Anthropic researchers and our "
                                "crowdworkers'", unit=_F),
    "summarize_labeler_researcher_subset": _summarize(
        0.77, "§3.3, App. C.2", "labeler-researcher agreement on the 1.3B supervised-baseline subset, 77 ± 2%",
        plus_minus=0.02, unit=_F),
    "summarize_researcher_researcher": _summarize(
        0.73, "§3.3, App. C.2", "researcher-researcher agreement on the same subset, 73 ± 4%",
        plus_minus=0.04, unit=_F),
    "summarize_labeler_researcher_corpus": _summarize(
        0.73, "App. C.2, the RM training corpus", "labeler-researcher agreement weighted by the volume of the "
        "reward model's training corpus, 73 ± 3%", plus_minus=0.03, unit=_F),
    "summarize_fig1_labeler_researcher": _summarize(
        0.73, "App. C.2, the Figure 1 evaluations", "labeler-researcher agreement on the evaluations of "
        "Figure 1, 73 ± 3%", plus_minus=0.03, unit=_F),
    "summarize_fig1_labeler_labeler": _summarize(
        0.73, "App. C.2, the Figure 1 evaluations, labeler pairs", "labeler-labeler agreement on the "
        "evaluations of Figure 1, 73 ± 2%", plus_minus=0.02, unit=_F),
    "summarize_labelers_low": _summarize(
        0.65, "App. C.2, range over labelers", "about 65% (hardest comparisons, least proficient labelers): "
        "the low end of the labelers' range", unit=_F),
    "summarize_labelers_high": _summarize(
        0.85, "App. C.2, range over labelers", "about 85% (easiest comparisons, most proficient labelers): "
        "the high end of the labelers' range", unit=_F),
    "summarize_researchers_low": _summarize(
        0.65, "App. C.2, range over researchers", "researchers agree with each other from about 65%: the low "
        "end", unit=_F),
    "summarize_researchers_high": _summarize(
        0.8, "App. C.2, range over researchers", "... to about 80%: the high end", unit=_F),
    "summarize_researchers_discussed": _summarize(
        0.95, "App. C.2", "researcher agreement after discussion, about 95%", unit=_F),
    "summarize_cnndm_labelers": _summarize(
        0.669, "§4.3", "inter-labeler agreement on CNN/DM summaries, 66.9%", unit=_F),
    "webgpt_labelers": _webgpt(0.73, "(location not recorded)", "labeler-labeler agreement, 73%",
                               tag="secondary", unit=_F),
    "webgpt_researchers": _webgpt(0.74, "(location not recorded)", "researcher-labeler agreement, 74%",
                                  tag="secondary", unit=_F),
    "hh_researchers_fig10": Reference(0.62, f"{BAI_2022_HH}, §3.4.1, Fig. 10 (right)", "researcher-crowdworker "
                                      "agreement on 320 samples read off the plot, about 62%", tag="figure",
                                      unit=_F),
    "secrets_annotators_low": _secrets(0.6, "(location not recorded)", "'low agreement among "
                                       "annotators ... (about 0.6 to 0.7)' on HH-RLHF: the low end, 60%",
                                       unit=_F),
    "secrets_annotators_high": _secrets(0.7, "(location not recorded)", "the high end of the same range, "
                                        "70%", unit=_F),
    "mtbench_experts_turn1_ties": _mtbench(0.63, "§4, MT-Bench agreement table, turn 1", "expert-expert "
                                           "agreement counting ties, 63%", n=721, unit=_F),
    "mtbench_experts_turn1": _mtbench(0.81, "§4, MT-Bench agreement table, turn 1", "expert-expert agreement "
                                      "without ties, 81%", n=479, unit=_F),
    "mtbench_experts_turn2_ties": _mtbench(0.67, "§4, MT-Bench agreement table, turn 2", "expert-expert "
                                           "agreement counting ties, 67%", n=707, unit=_F),
    "mtbench_experts_turn2": _mtbench(0.82, "§4, MT-Bench agreement table, turn 2", "expert-expert agreement "
                                      "without ties, 82%", n=474, unit=_F),
    "mtbench_gpt4_human_ties": _mtbench(0.66, "§4, MT-Bench agreement table", "GPT-4 (pairwise) against "
                                        "human experts counting ties, 66%", unit=_F),
    "mtbench_gpt4_human": _mtbench(0.85, "§4, MT-Bench agreement table", "GPT-4 (pairwise) against human "
                                   "experts without ties, 85%", unit=_F),
    "arena_gpt4_crowd_ties": _mtbench(0.64, "§4, Chatbot Arena agreement table", "GPT-4 against the crowd "
                                      "(3K votes) counting ties, 64%", unit=_F),
    "arena_gpt4_crowd": _mtbench(0.87, "§4, Chatbot Arena agreement table", "GPT-4 against the crowd "
                                 "(3K votes) without ties, 87%", unit=_F),
    "arena_crowd_expert_low": _arena(0.72, "(location not recorded)", "crowd against experts, 72% to 83%: "
                                     "the low end", tag="quote", unit=_F),
    "arena_crowd_expert_high": _arena(0.83, "(location not recorded)", "crowd against experts: the high end, "
                                      "83%", tag="quote", unit=_F),
    "arena_expert_expert_1": _arena(0.794, "(location not recorded), first expert study", "expert against "
                                    "expert, 79.4% (and 89.8% in the other comparison)", tag="quote", unit=_F),
    "arena_expert_expert_2": _arena(0.898, "(location not recorded), second expert study", "expert against "
                                    "expert, 89.8% (and 79.4% in the other comparison)", tag="quote", unit=_F),
    "alpacafarm_humans_low": _alpacafarm(0.657, "(location not recorded)", "human-human agreement "
                                         "(leave-one-out against the mode of 3 others), about 65.7% to 66%: the "
                                         "low end", tag="secondary", unit=_F),
    "alpacafarm_humans_high": _alpacafarm(0.66, "(location not recorded)", "the high end of the same "
                                          "reading, 66%", tag="secondary", unit=_F),
    "alpacafarm_gpt4_single": _alpacafarm(0.65, "(location not recorded)", "simulated GPT-4 annotator with "
                                          "a single prompt against humans, about 65%", tag="figure", unit=_F),
    "alpacafarm_gpt4_best": _alpacafarm(0.685, "(location not recorded), best annotator", "the best "
                                        "simulated GPT-4 annotator against humans, about 68.5%", tag="figure",
                                        unit=_F),
}

#: Numbers of human preference comparisons in the published datasets the rest of the package
#: and its pages use (more, per paper, in `bounds.data.datasets`).
COMPARISONS = {
    "summarize_released": Reference(64832, f"{STIENNON_2020}: the released TL;DR comparisons (README of the "
                                           "authors' repository openai/summarize-from-feedback)",
                                    "summary comparisons released with the paper", tag="official",
                                    unit="comparisons"),
    "hh_helpful_base": Reference(44000, f"{BAI_2022_HH}, §2.3", "helpfulness comparisons of the base dataset, '44k'",
                                 unit="comparisons"),
    "hh_harmless_base": Reference(42000, f"{BAI_2022_HH}, §2.3",
                                  "red-teaming (harmlessness) comparisons of the base dataset, '42k'",
                                  unit="comparisons"),
}
