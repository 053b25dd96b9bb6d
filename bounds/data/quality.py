r"""Published numbers on the quality of preference and instruction data, against its quantity.

How much of a preference dataset is likely mislabelled (Wang et al. 2024), how the share of
near-ties grows as a policy improves (Touvron et al. 2023, Fig. 25) and how far a small
curated set goes (Zhou et al. 2023, LIMA). Fractions where the papers print percentages
(the notes give them).

Examples
--------
>>> from bounds.data.quality import SECRETS_2024
>>> SECRETS_2024["mislabelled_share"].value
0.25
>>> SECRETS_2024["gpt4_agreement_strongest"].n
500
"""
from __future__ import annotations

from .reference import TOUVRON_2023, WANG_2024, citing

__all__ = ["SECRETS_2024", "LLAMA2_RATINGS", "LIMA_2023"]

_secrets = citing(WANG_2024)
_llama2 = citing(TOUVRON_2023)
_lima = citing("Zhou et al. (2023), LIMA: less is more for alignment, arXiv:2305.11206")
_F = "fraction"

#: Wang et al. (2024), Secrets of RLHF II: preference strength measured with an ensemble of
#: reward models on the HH-RLHF training pairs.
SECRETS_2024 = {
    "ensemble_size": _secrets(10, "(location not recorded)", "reward models in the ensemble that measures "
                              "preference strength", unit="models"),
    "mislabelled_share": _secrets(0.25, "(location not recorded)", "'approximately 25%' of HH-RLHF training "
                                  "pairs have a mean preference difference below 0 (likely mislabelled)",
                                  unit=_F),
    "gpt4_agreement_strongest": _secrets(0.956, "(location not recorded)", "GPT-4 agrees with the original "
                                         "label on the 500 strongest pairs, printed 0.956", n=500, unit=_F),
    "gpt4_agreement_weakest": _secrets(0.164, "(location not recorded)", "GPT-4 agrees with the original "
                                       "label on the 500 weakest pairs, printed 0.164", n=500, unit=_F),
    "gpt4_agreement_near_zero": _secrets(0.544, "(location not recorded)", "GPT-4 agreement with the "
                                         "original label near zero preference strength, printed 0.544",
                                         unit=_F),
    "accuracy_band_20_40": _secrets(0.5, "(location not recorded)", "training on the 20-40% band of "
                                    "preference strength gives validation accuracy of about 0.5 (the lowest "
                                    "20% gives below chance)", unit=_F),
}

#: Touvron et al. (2023), Llama 2, Fig. 25: the share of each rating among the Meta
#: comparisons drifts over the batches (read off the plot by a third party).
LLAMA2_RATINGS = {
    "negligibly_better_first": _llama2(0.3, "Fig. 25, 'negligibly better / unsure'", "share of pairs rated "
                                       "'negligibly better / unsure' in the first batches, about 30%",
                                       tag="figure", unit=_F),
    "negligibly_better_last_low": _llama2(0.37, "Fig. 25, 'negligibly better / unsure'", "the same share in "
                                          "the last batches, about 37% to 40%: the low end", tag="figure",
                                          unit=_F),
    "negligibly_better_last_high": _llama2(0.4, "Fig. 25, 'negligibly better / unsure'", "the high end of "
                                           "the same reading, 40%", tag="figure", unit=_F),
    "significantly_better_first": _llama2(0.18, "Fig. 25, 'significantly better'", "share of pairs rated "
                                          "'significantly better' in the first batches, about 18%",
                                          tag="figure", unit=_F),
    "significantly_better_last": _llama2(0.1, "Fig. 25, 'significantly better'", "the same share in the "
                                         "last batches, about 10%", tag="figure", unit=_F),
}

#: Zhou et al. (2023), LIMA: 1,000 curated SFT examples against larger models.
LIMA_2023 = {
    "examples": _lima(1000, "abstract", "curated SFT examples", tag="quote", unit="examples"),
    "vs_gpt4": _lima(0.43, "abstract", "responses 'equivalent or strictly preferred to GPT-4 in 43% of cases'",
                     tag="quote", unit=_F),
    "vs_bard": _lima(0.58, "abstract", "the same against Bard, 58%", tag="quote", unit=_F),
    "vs_davinci003": _lima(0.65, "abstract", "the same against DaVinci003, 65%", tag="quote", unit=_F),
    "filtered_stack_exchange_score": _lima(3.83, "ablations (location not recorded)", "score of the model "
                                           "trained on filtered Stack Exchange data (3.83 against 3.33 "
                                           "unfiltered)", tag="secondary", unit="score"),
    "unfiltered_stack_exchange_score": _lima(3.33, "ablations (location not recorded)", "score of the model "
                                             "trained on unfiltered Stack Exchange data", tag="secondary",
                                             unit="score"),
    "scaling_examples_low": _lima(2000, "ablations (location not recorded)", "scaling the examples from 2k "
                                  "to 32k plateaus: the low end", tag="secondary", unit="examples"),
    "scaling_examples_high": _lima(32000, "ablations (location not recorded)", "the high end of the same "
                                   "ablation", tag="secondary", unit="examples"),
}
