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

from .reference import Reference

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
_SUMMARIZE = "Stiennon et al. (2020), Learning to summarize from human feedback, arXiv:2009.01325"
_HH = ("Bai et al. (2022), Training a helpful and harmless assistant with reinforcement learning from human "
       "feedback, arXiv:2204.05862")

#: Published rates at which two raters (or a rater and a reference group) agree on a pairwise
#: preference, as fractions. `bounds.raters.error_from_agreement` turns one into a rater error
#: rate under the symmetric-error model.
AGREEMENT = {
    "instructgpt_training": Reference(0.726, f"{_INSTRUCTGPT}, §3.4",
                                      "inter-annotator agreement of the training labelers, 72.6 ± 1.5%"),
    "instructgpt_held_out": Reference(0.773, f"{_INSTRUCTGPT}, §3.4",
                                      "inter-annotator agreement of held-out labelers, 77.3 ± 1.3%"),
    "summarize_labelers": Reference(0.72, f"{_SUMMARIZE}, App. C.2",
                                    "labeler-labeler agreement on the reward model's training comparisons, 72%"),
    "summarize_researchers": Reference(0.72, f"{_SUMMARIZE}, App. C.2",
                                       "a labeler's agreement with researchers, 72% (77% for the modal label of "
                                       "3 labelers)"),
    "summarize_researchers_majority3": Reference(0.77, f"{_SUMMARIZE}, App. C.2",
                                                 "agreement of the modal label of 3 labelers with researchers, 77%"),
    "hh_researchers": Reference(0.63, f"{_HH}, §2.1",
                                "'poor average agreement (about 63%) between Anthropic researchers and our "
                                "crowdworkers'"),
}

#: Numbers of human preference comparisons in published datasets.
COMPARISONS = {
    "summarize_released": Reference(64832, f"{_SUMMARIZE}: the released TL;DR comparisons (README of the "
                                           "authors' repository openai/summarize-from-feedback)",
                                    "summary comparisons released with the paper"),
    "hh_helpful_base": Reference(44000, f"{_HH}, §2.3", "helpfulness comparisons of the base dataset, '44k'"),
    "hh_harmless_base": Reference(42000, f"{_HH}, §2.3",
                                  "red-teaming (harmlessness) comparisons of the base dataset, '42k'"),
}
