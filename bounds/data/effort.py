r"""Published time and cost of human labels: seconds or minutes per label, hours, cost per label.

Few papers give the hours their human feedback took; the figures here are all there are
(InstructGPT, Anthropic HH and Llama 2 publish none; Stiennon et al. 2020, §5, say only
that "the training set took thousands of labeler hours"). Hours derived here from counts
and minutes per item carry the tag "derived" and the arithmetic in their note. Costs are
in US dollars (USD) or cents.

Examples
--------
>>> from bounds.data.effort import HOURS, LABEL_TIME
>>> HOURS["webgpt_comparisons"].value              # 21,548 comparisons at about 10 minutes
3591.3333333333335
>>> HOURS["webgpt_comparisons"].tag
'derived'
>>> LABEL_TIME["christiano_seconds_low"].value, LABEL_TIME["christiano_seconds_high"].value
(3, 5)
"""
from __future__ import annotations

from .reference import CHRISTIANO_2017, CHRISTIANO_2017_BLOG, DUBOIS_2023, NAKANO_2021, citing

__all__ = ["LABEL_TIME", "HOURS", "LABEL_COST", "SEARCH_RATERS"]

_christiano = citing(CHRISTIANO_2017)
_christiano_blog = citing(CHRISTIANO_2017_BLOG)
_webgpt = citing(NAKANO_2021)
_snow = citing("Snow et al. (2008), Cheap and fast - but is it good? Evaluating non-expert annotations for "
               "natural language tasks, EMNLP 2008")
_alpacafarm = citing(DUBOIS_2023)
_google = citing("Google (2022), Search Quality Rater Guidelines: an overview")

_WEBGPT_COMPARISONS, _WEBGPT_DEMONSTRATIONS = 21548, 6209     # WEBGPT_2021 (secondary)
_WEBGPT_MIN_COMPARISON, _WEBGPT_MIN_DEMONSTRATION = 10, 15    # LABEL_TIME (secondary)

#: Rater time per label or item.
LABEL_TIME = {
    "christiano_seconds_low": _christiano(3, "§3.1", "'Contractors responded to the average query in 3-5 "
                                          "seconds': the low end", unit="seconds"),
    "christiano_seconds_high": _christiano(5, "§3.1", "the high end of the same range", unit="seconds"),
    "webgpt_comparison_minutes": _webgpt(_WEBGPT_MIN_COMPARISON, "(location not recorded)", "about 10 minutes "
                                         "per comparison", tag="secondary", unit="minutes"),
    "webgpt_demonstration_minutes": _webgpt(_WEBGPT_MIN_DEMONSTRATION, "(location not recorded)", "about 15 "
                                            "minutes per demonstration", tag="secondary", unit="minutes"),
}

#: Hours of human feedback, as published or derived from counts and minutes per item.
HOURS = {
    "christiano_backflip": _christiano(1, "§3.2", "the Hopper backflip took 900 queries 'in less than an "
                                       "hour' (an upper bound)", unit="hours"),
    "christiano_backflip_blog": _christiano_blog(1, "the Hopper backflip", "'less than an hour of a human "
                                                 "evaluator's time' (an upper bound)", tag="official",
                                                 unit="hours"),
    "christiano_task_low": _christiano(0.5, "§3.1", "'between 30 minutes and 5 hours of human time' per task: "
                                       "the low end", unit="hours"),
    "christiano_task_high": _christiano(5, "§3.1", "the high end of the same range", unit="hours"),
    "webgpt_comparisons": _webgpt(_WEBGPT_COMPARISONS * _WEBGPT_MIN_COMPARISON / 60, "derived from Table 4 "
                                  "(location not recorded)", "21,548 comparisons × about 10 minutes / 60 = "
                                  "3,591.33... hours (both figures secondary)", tag="derived", unit="hours"),
    "webgpt_demonstrations": _webgpt(_WEBGPT_DEMONSTRATIONS * _WEBGPT_MIN_DEMONSTRATION / 60, "derived from "
                                     "Table 4 (location not recorded)", "6,209 demonstrations × about 15 "
                                     "minutes / 60 = 1,552.25 hours (both figures secondary)", tag="derived",
                                     unit="hours"),
}

#: Published cost of a human (or simulated) label.
LABEL_COST = {
    "mturk_cents_low": _snow(1.5, "the talk's slides ('Using AMT is cheap')", "MTurk NLP labels of four "
                             "earlier studies, 1.5 to 3.7 cents per label: the low end", tag="official",
                             unit="US cents per label"),
    "mturk_cents_high": _snow(3.7, "the talk's slides ('Using AMT is cheap')", "the high end of the same "
                              "range", tag="official", unit="US cents per label"),
    "alpacafarm_crowd_per_1000": _alpacafarm(300, "(location not recorded)", "crowd preference labels, about "
                                             "300 USD per 1,000 pairs (about 0.30 USD per comparison)",
                                             tag="secondary", unit="USD per 1,000 comparisons"),
    "alpacafarm_gpt4_per_1000_low": _alpacafarm(6, "(location not recorded)", "simulated GPT-4 annotator, "
                                                "about 6 to 10 USD per 1,000 pairs: the low end", tag="figure",
                                                unit="USD per 1,000 comparisons"),
    "alpacafarm_gpt4_per_1000_high": _alpacafarm(10, "(location not recorded)", "the high end of the same "
                                                 "reading", tag="figure", unit="USD per 1,000 comparisons"),
    "alpacafarm_cheaper_v1": _alpacafarm(45, "abstract (v1)", "simulated annotators '45x' cheaper than "
                                         "crowdworkers", tag="quote", unit="times"),
    "alpacafarm_cheaper_later": _alpacafarm(50, "abstract (later versions)", "simulated annotators '50x' "
                                            "cheaper than crowdworkers", tag="quote", unit="times"),
}

#: Google's search quality raters, from third parties quoting Google's 2022 overview (low
#: reliability; the handbook length is given inconsistently: 164 pages in 2018, later
#: versions about 170-181).
SEARCH_RATERS = {
    "raters": _google(16000, "(location not recorded)", "about 16,000 external raters", tag="secondary",
                      unit="raters"),
    "handbook_pages_2018": _google(164, "the 2018 guidelines (location not recorded)", "164 pages in the 2018 "
                                   "release", tag="secondary", unit="pages"),
    "pay_per_hour": _google(13.5, "(location not recorded)", "about 13.5 USD per hour, from an SEO blog",
                            tag="secondary", unit="USD per hour"),
}
