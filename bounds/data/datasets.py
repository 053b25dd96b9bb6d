r"""Published sizes of alignment datasets and how they were collected, one collection per paper.

Counts of comparisons, queries, prompts and demonstrations, the labelers who made them and
the few other numbers the papers give about the labeling. A count printed as "44k" is
stored as 44000 and the note says so; a percentage is stored as a fraction and the note
gives the printed percentage; a range is stored as two figures, `..._low` and `..._high`.

The base comparisons of Stiennon et al. (2020) and Bai et al. (2022a) that the rest of the
package uses are in `bounds.data.COMPARISONS`; agreement rates are in
`bounds.data.AGREEMENT`; reward-model accuracies in `bounds.data.learning_curves`; hours,
seconds and cost per label in `bounds.data.effort`.

Examples
--------
>>> from bounds.data.datasets import LLAMA2_2023, LLAMA2_BATCHES
>>> LLAMA2_2023["meta_comparisons"].value
1418091
>>> sum(r.value for r in LLAMA2_BATCHES.values())
1418091
>>> LLAMA2_2023["meta_comparisons"].source
'Touvron et al. (2023), Llama 2: open foundation and fine-tuned chat models, arXiv:2307.09288, §3.2.1, Table 6'
"""
from __future__ import annotations

from .reference import (BAI_2022_HH, CHIANG_2024, CHRISTIANO_2017, CHRISTIANO_2017_BLOG, NAKANO_2021,
                       OUYANG_2022, STIENNON_2020, TOUVRON_2023, ZHENG_2023, citing)

__all__ = ["CHRISTIANO_2017", "ZIEGLER_2019", "STIENNON_2020", "WEBGPT_2021", "INSTRUCTGPT_2022",
           "ANTHROPIC_HH_2022", "CONSTITUTIONAL_AI_2022", "LLAMA2_2023", "LLAMA2_BATCHES",
           "MT_BENCH_2023", "CHATBOT_ARENA_2024"]

_christiano = citing(CHRISTIANO_2017)
_christiano_blog = citing(CHRISTIANO_2017_BLOG)
_christiano_nips = citing("Christiano et al. (2017), Deep reinforcement learning from human preferences, "
                          "NeurIPS 2017 proceedings metadata")
_ziegler = citing("Ziegler et al. (2019), Fine-tuning language models from human preferences, arXiv:1909.08593")
_stiennon = citing(STIENNON_2020)
_stiennon_repo = citing("Stiennon et al. (2020), Learning to summarize from human feedback: the authors' "
                        "repository openai/summarize-from-feedback")
_webgpt = citing(NAKANO_2021)
_webgpt_card = citing("Nakano et al. (2021), WebGPT: the authors' dataset card openai/webgpt_comparisons "
                      "(Hugging Face)")
_instructgpt = citing(OUYANG_2022)
_hh = citing(BAI_2022_HH)
_cai = citing("Bai et al. (2022), Constitutional AI: harmlessness from AI feedback, arXiv:2212.08073")
_llama2 = citing(TOUVRON_2023)
_mtbench = citing(ZHENG_2023)
_arena = citing(CHIANG_2024)

#: Christiano et al. (2017): queries (each a comparison of two 1-2 s clips) and human time
#: of the first deep RL from human preferences, on MuJoCo and Atari.
CHRISTIANO_2017 = {
    "backflip_queries": _christiano(900, "§3.2", "Hopper backflip: 900 queries, 'in less than an hour'",
                                    unit="queries"),
    "backflip_bits_blog": _christiano_blog(900, "the Hopper backflip", "'around 900 individual bits of "
                                           "feedback' ('under 1000 bits')", tag="official", unit="bits"),
    "backflip_experience_hours_blog": _christiano_blog(70, "the Hopper backflip", "the policy accumulated "
                                                       "'about 70 hours of overall experience' (simulated)",
                                                       tag="official", unit="hours"),
    "hand_reward_hours_blog": _christiano_blog(2, "the Hopper backflip", "'we took two hours to write our own "
                                               "reward function' (for comparison)", tag="official", unit="hours"),
    "half_cheetah_queries": _christiano(800, "§3.2", "Half-Cheetah moving forward on one leg: 800 queries, "
                                        "under an hour", unit="queries"),
    "enduro_queries": _christiano(1300, "§3.2", "Enduro, keeping alongside other cars: about 1,300 queries",
                                  unit="queries"),
    "enduro_frames": _christiano(4e6, "§3.2", "Enduro, keeping alongside other cars: 4 million frames",
                                 unit="frames"),
    "mujoco_human_queries": _christiano(700, "§3.1.1, Fig. 2", "queries to a human rater in the MuJoCo runs",
                                        unit="queries"),
    "mujoco_synthetic_queries_1": _christiano(350, "§3.1.1, Fig. 2", "the smallest synthetic-query budget of "
                                              "the MuJoCo runs (350, 700 or 1,400)", unit="queries"),
    "mujoco_synthetic_queries_2": _christiano(700, "§3.1.1, Fig. 2, middle budget", "the middle synthetic-"
                                              "query budget of the MuJoCo runs (350, 700 or 1,400)",
                                              unit="queries"),
    "mujoco_synthetic_queries_3": _christiano(1400, "§3.1.1, Fig. 2", "the largest synthetic-query budget of "
                                              "the MuJoCo runs; with 1,400 synthetic labels slightly better "
                                              "than the true reward", unit="queries"),
    "mujoco_human_efficiency_low": _christiano(0.5, "§3.1.1", "'human feedback ranged from being half as "
                                               "efficient as ground truth feedback to being equally "
                                               "efficient': the low end (half)", unit="fraction"),
    "mujoco_human_efficiency_high": _christiano(1.0, "§3.1.1", "the high end of the same range (equally "
                                                "efficient)", unit="fraction"),
    "atari_human_queries": _christiano(5500, "§3.1.2, Fig. 3", "queries to a human rater in the Atari runs",
                                       unit="queries"),
    "atari_synthetic_queries_1": _christiano(3300, "§3.1.2 (location not recorded)", "smallest synthetic "
                                             "budget of the Atari runs as read by third-party notes "
                                             "(3,300 / 5,500 / 10,000), matching 'even with only 3,300 such "
                                             "labels'", tag="secondary", unit="queries"),
    "atari_synthetic_queries_2": _christiano(5500, "§3.1.2 (location not recorded), middle budget",
                                             "middle synthetic budget of the Atari runs as read by "
                                             "third-party notes", tag="secondary", unit="queries"),
    "atari_synthetic_queries_3": _christiano(10000, "§3.1.2 (location not recorded)", "largest synthetic "
                                             "budget of the Atari runs as read by third-party notes",
                                             tag="secondary", unit="queries"),
    "atari_human_label_discount": _christiano(0.4, "§3.1.2", "real human feedback is 'often comparabl[e] to "
                                              "synthetic feedback that has 40% fewer labels'", unit="fraction"),
    "random_response_probability": _christiano(0.1, "§2.2.3", "noise model of the reward fit: 'we assume "
                                               "there is a 10% chance that the human responds uniformly at "
                                               "random'", unit="fraction"),
    "clip_seconds_low": _christiano(1, "§2.2.2", "trajectory segments of 1-2 s: the low end",
                                    unit="seconds"),
    "clip_seconds_high": _christiano(2, "§2.2.2", "trajectory segments of 1-2 s: the high end",
                                     unit="seconds"),
    "fraction_labelled_arxiv": _christiano(0.01, "abstract (arXiv)", "feedback on 'less than 1%' of the "
                                           "agent's interactions (an upper bound)", tag="official",
                                           unit="fraction"),
    "fraction_labelled_neurips": _christiano_nips(0.001, "abstract", "feedback on 'about 0.1%' of the "
                                                  "agent's interactions", tag="official", unit="fraction"),
}

#: Ziegler et al. (2019): comparisons of the first RLHF fine-tuning of a language model.
ZIEGLER_2019 = {
    "stylistic_comparisons": _ziegler(5000, "abstract", "stylistic continuation (sentiment, "
                                      "descriptiveness): 'good results with only 5,000 comparisons evaluated "
                                      "by humans'", tag="quote", unit="comparisons"),
    "summarization_comparisons": _ziegler(60000, "abstract", "summarization (TL;DR, CNN/DM): 'models trained "
                                          "with 60,000 comparisons copy whole sentences from the input'",
                                          tag="quote", unit="comparisons"),
}

#: Stiennon et al. (2020), TL;DR summarization: data sizes and labeling (the released
#: comparisons are `COMPARISONS["summarize_released"]`).
STIENNON_2020 = {
    "model_card_evaluations": _stiennon_repo(70000, "model_card.md", "'~70k human evaluations, which are "
                                             "binary comparisons'", tag="official", unit="comparisons"),
    "filtered_posts": _stiennon(123169, "App. A", "filtered TL;DR posts with summaries", unit="posts"),
    "filtered_posts_held_out": _stiennon(0.05, "App. A", "about 5% of the filtered posts held out",
                                         unit="fraction"),
    "rl_posts": _stiennon(287790, "App. A", "posts used for RL", unit="posts"),
    "rm_ablation_models": _stiennon(7, "§4.3, Fig. 6", "reward models of the data ablation",
                                    unit="models"),
    "rm_ablation_params_low": _stiennon(160e6, "§4.3, Fig. 6", "smallest RM of the ablation: 160M parameters",
                                        unit="parameters"),
    "rm_ablation_params_high": _stiennon(13e9, "§4.3, Fig. 6", "largest RM of the ablation: 13B parameters",
                                         unit="parameters"),
    "rm_ablation_comparisons_low": _stiennon(8000, "§4.3, Fig. 6", "smallest training set of the ablation, "
                                             "printed as 8k", unit="comparisons"),
    "rm_ablation_comparisons_high": _stiennon(64000, "§4.3, Fig. 6", "largest training set of the ablation, "
                                              "printed as 64k", unit="comparisons"),
    "labels_per_comparison": _stiennon(1, "App. C.2", "'we usually collect only one label per comparison' "
                                       "(to maximize label throughput)", unit="labels"),
    "shared_pool_share_low": _stiennon(0.1, "App. C.1", "each labeler gets about 10-20% of questions from a "
                                       "shared pool: the low end", unit="fraction"),
    "shared_pool_share_high": _stiennon(0.2, "App. C.1", "the high end of the same range (20%)",
                                        unit="fraction"),
    "rl_gpu_days": _stiennon(320, "§5", "RL fine-tuning of the 6.7B model took about 320 GPU-days",
                             unit="GPU-days"),
}

#: Nakano et al. (2021), WebGPT: comparisons and demonstrations. The paper totals and the
#: workforce are from two agreeing third-party summaries ("secondary").
WEBGPT_2021 = {
    "released_comparisons": _webgpt_card(19578, "dataset card", "'all comparisons ... marked as suitable for "
                                         "reward modeling'", tag="official", unit="comparisons"),
    "demonstrations": _webgpt(6209, "Table 4 (location not recorded)", "demonstrations in total",
                              tag="secondary", unit="demonstrations"),
    "comparisons": _webgpt(21548, "Table 4 (location not recorded)", "comparisons in total",
                           tag="secondary", unit="comparisons"),
    "eli5_demonstrations": _webgpt(5711, "Table 4 (location not recorded)", "demonstrations on ELI5 questions",
                                   tag="secondary", unit="demonstrations"),
    "eli5_comparisons": _webgpt(21068, "Table 4 (location not recorded)", "comparisons on ELI5 questions",
                                tag="secondary", unit="comparisons"),
    "upwork_contractors": _webgpt(10, "labeler details (location not recorded)", "contractors hired on Upwork",
                                  tag="secondary", unit="labelers"),
    "upwork_share": _webgpt(0.25, "labeler details (location not recorded)", "about 25% of the data came "
                            "from Upwork", tag="secondary", unit="fraction"),
    "surge_contractors": _webgpt(46, "labeler details (location not recorded)", "contractors through Surge AI",
                                 tag="secondary", unit="labelers"),
    "surge_share": _webgpt(0.75, "labeler details (location not recorded)", "about 75% of the data came from "
                           "Surge AI", tag="secondary", unit="fraction"),
}

#: Ouyang et al. (2022), InstructGPT: prompts of each stage (Table 6 of App. A from three
#: consistent quotations), the labelers, the ranking format and the headline preferences.
INSTRUCTGPT_2022 = {
    "labelers": _instructgpt(40, "§3.4", "'a team of about 40 contractors on Upwork and through ScaleAI'",
                             unit="labelers"),
    "sft_prompts": _instructgpt(13000, "§3.2", "SFT: about 13k training prompts", unit="prompts"),
    "rm_prompts": _instructgpt(33000, "§3.2", "RM: 33k training prompts", unit="prompts"),
    "ppo_prompts": _instructgpt(31000, "§3.2", "PPO: 31k training prompts", unit="prompts"),
    "sft_train_labeler": _instructgpt(11295, "App. A, Table 6", "SFT train prompts written by labelers",
                                      tag="quote", unit="prompts"),
    "sft_train_customer": _instructgpt(1430, "App. A, Table 6", "SFT train prompts from customers",
                                       tag="quote", unit="prompts"),
    "sft_valid_labeler": _instructgpt(1550, "App. A, Table 6", "SFT validation prompts written by labelers",
                                      tag="quote", unit="prompts"),
    "sft_valid_customer": _instructgpt(103, "App. A, Table 6", "SFT validation prompts from customers",
                                       tag="quote", unit="prompts"),
    "rm_train_labeler": _instructgpt(6623, "App. A, Table 6", "RM train prompts written by labelers",
                                     tag="quote", unit="prompts"),
    "rm_train_customer": _instructgpt(26584, "App. A, Table 6", "RM train prompts from customers",
                                      tag="quote", unit="prompts"),
    "rm_train_total": _instructgpt(33207, "App. A, Table 6", "RM train prompts: 6,623 (labeler) + 26,584 "
                                   "(customer) = 33,207; §3.2 rounds it to 33k", tag="derived", unit="prompts"),
    "rm_valid_labeler": _instructgpt(3488, "App. A, Table 6", "RM validation prompts written by labelers",
                                     tag="quote", unit="prompts"),
    "rm_valid_customer": _instructgpt(14399, "App. A, Table 6", "RM validation prompts from customers",
                                      tag="quote", unit="prompts"),
    "ppo_train": _instructgpt(31144, "App. A, Table 6", "PPO train prompts",
                                       tag="quote", unit="prompts"),
    "ppo_valid": _instructgpt(16185, "App. A, Table 6", "PPO validation prompts",
                                       tag="quote", unit="prompts"),
    "ranked_responses_low": _instructgpt(4, "§3.5", "K = 4 to 9 responses ranked per prompt (C(K,2) "
                                         "comparisons each): the low end", unit="responses"),
    "ranked_responses_high": _instructgpt(9, "§3.5", "K = 4 to 9 responses ranked per prompt: the high end",
                                          unit="responses"),
    "rm_params": _instructgpt(6e9, "§3.5", "only 6B reward models are used; a 175B RM 'could be unstable'",
                              unit="parameters"),
    "screening_agreement_cutoff": _instructgpt(0.75, "App. B.1", "'soft cutoffs at 75% agreement on sensitive "
                                               "speech flagging and comparisons'", tag="quote", unit="fraction"),
    "screening_demonstration_score": _instructgpt(6, "App. B.1", "'a 6/7 demonstration score' (6 points out of "
                                                  "7)", tag="quote", unit="points out of 7"),
    "preferred_to_gpt3": _instructgpt(0.85, "§4.1", "175B InstructGPT preferred to GPT-3 85 ± 3% of the time",
                                      plus_minus=0.03, unit="fraction"),
    "preferred_to_gpt3_few_shot": _instructgpt(0.71, "§4.1", "175B InstructGPT preferred to few-shot GPT-3 "
                                               "71 ± 4% of the time", plus_minus=0.04, unit="fraction"),
}

#: Bai et al. (2022a), Anthropic HH: the comparisons beyond the base dataset (the base 44k
#: helpfulness and 42k harmlessness comparisons are `COMPARISONS["hh_helpful_base"]` and
#: `COMPARISONS["hh_harmless_base"]`), the crowd and the RL setup.
ANTHROPIC_HH_2022 = {
    "rejection_sampling_helpful": _hh(52000, "§2.3", "helpfulness comparisons from rejection sampling "
                                      "(mostly best-of-16), printed as 52k", unit="comparisons"),
    "rejection_sampling_harmless": _hh(2000, "§2.3", "red-team comparisons from rejection sampling, printed "
                                       "as 2k", unit="comparisons"),
    "online_helpful": _hh(22000, "§2.3", "online helpfulness comparisons, printed as 22k", unit="comparisons"),
    "online_weeks": _hh(5, "§2.3", "online RLHF models updated roughly weekly over about five weeks",
                        unit="weeks"),
    "comparisons_per_conversation": _hh(4, "§2.3", "'a conversation typically comprises about four "
                                        "comparisons'", unit="comparisons"),
    "rl_prompts_static": _hh(137000, "§4.1", "RL prompts from the static dataset, printed as 137k",
                             unit="prompts"),
    "rl_prompts_generated": _hh(369000, "§4.1", "model-generated RL prompts, printed as 369k", unit="prompts"),
    "mturk_share": _hh(0.8, "§2.1", "MTurk gave about 80% of the data (the rest from Upwork)",
                       unit="fraction"),
    "prolific_workers": _hh(20, "§2.1", "about 20 most prolific workers produced about 80% of the data",
                            unit="labelers"),
    "prolific_workers_share": _hh(0.8, "§2.1, the most prolific workers", "the share of the data produced by "
                                  "the about 20 most prolific workers, about 80%", unit="fraction"),
    "elo_per_pm_point": _hh(174, "eq. 2.1", "ΔElo ≈ 174 × ΔPM (win fraction 1/(1+10^(ΔElo/400)))",
                            unit="Elo per PM unit"),
    "kl_penalty": _hh(0.001, "§4.1", "λ_KL = 0.001", unit=""),
    "released_train_rows": _hh(161000, "HH-RLHF dataset on Hugging Face (location not recorded)", "about 161k "
                               "train rows", tag="secondary", unit="comparisons"),
    "released_test_rows": _hh(8550, "HH-RLHF dataset on Hugging Face (location not recorded)", "about 8.55k "
                              "test rows", tag="secondary", unit="comparisons"),
}

#: Bai et al. (2022b), Constitutional AI: prompts (from quotations of §3.2) and the human
#: evaluation; no human harmlessness labels were used for training.
CONSTITUTIONAL_AI_2022 = {
    "red_team_prompts": _cai(182831, "§3.2", "red-team prompts in total", tag="quote", unit="prompts"),
    "red_team_prompts_human": _cai(42496, "§3.2", "human-written red-team prompts", tag="quote", unit="prompts"),
    "red_team_prompts_model": _cai(140335, "§3.2", "model-generated red-team prompts", tag="quote",
                                   unit="prompts"),
    "revisions_per_prompt": _cai(4, "§3.2", "critique-revisions per red-team prompt", tag="quote",
                                 unit="revisions"),
    "helpfulness_prompts": _cai(135296, "§3.2", "human helpfulness prompts", tag="quote", unit="prompts"),
    "responses_per_helpfulness_prompt": _cai(2, "§3.2", "two responses each", tag="quote", unit="responses"),
    "human_harmlessness_labels": _cai(0, "§1.2", "none: 'human supervision ... entirely from a set of "
                                      "principles ... [and] a small number of examples used for few-shot "
                                      "prompting'", tag="quote", unit="comparisons"),
    "eval_comparisons_helpful": _cai(10274, "human evaluation (location not recorded)", "crowdworker "
                                     "comparisons of helpfulness", tag="secondary", unit="comparisons"),
    "eval_comparisons_harmless": _cai(8135, "human evaluation (location not recorded)", "crowdworker "
                                      "comparisons of harmlessness", tag="secondary", unit="comparisons"),
}

#: Touvron et al. (2023), Llama 2: the preference data of Table 6 (§3.2.1) and the SFT data
#: (§3.1). The rows of Table 6 as printed sum to 2,920,903, 1,577 more than its total.
LLAMA2_2023 = {
    "meta_comparisons": _llama2(1418091, "§3.2.1, Table 6", "Meta (Safety & Helpfulness) binary comparisons",
                                unit="comparisons"),
    "meta_batches": _llama2(14, "§3.2.1", "weekly batches of the Meta data", unit="batches"),
    "meta_turns_per_dialogue": _llama2(3.9, "§3.2.1, Table 6", "average turns per dialogue of the Meta data",
                                       unit="turns"),
    "meta_tokens_per_example": _llama2(798.5, "§3.2.1, Table 6", "average tokens per example of the Meta data",
                                       unit="tokens"),
    "anthropic_helpful": _llama2(122387, "§3.2.1, Table 6", "Anthropic Helpful comparisons used",
                                 unit="comparisons"),
    "anthropic_harmless": _llama2(43966, "§3.2.1, Table 6", "Anthropic Harmless comparisons used",
                                  unit="comparisons"),
    "openai_summarize": _llama2(176625, "§3.2.1, Table 6", "OpenAI Summarize comparisons used",
                                unit="comparisons"),
    "openai_webgpt": _llama2(13333, "§3.2.1, Table 6", "OpenAI WebGPT comparisons used", unit="comparisons"),
    "stackexchange": _llama2(1038480, "§3.2.1, Table 6", "StackExchange comparisons used", unit="comparisons"),
    "stanford_shp": _llama2(74882, "§3.2.1, Table 6", "Stanford SHP comparisons used", unit="comparisons"),
    "synthetic_gptj": _llama2(33139, "§3.2.1, Table 6", "Synthetic GPT-J comparisons used", unit="comparisons"),
    "total_comparisons": _llama2(2919326, "§3.2.1, Table 6", "the Total row as printed; the eight rows above "
                                 "it sum to 2,920,903, 1,577 more than the total", unit="comparisons"),
    "rm_test_per_batch": _llama2(1000, "§3.2.2", "held-out test examples per batch", unit="comparisons"),
    "sft_annotations": _llama2(27540, "§3.1", "'We stopped annotating SFT after collecting a total of 27,540 "
                               "annotations' (tens of thousands was enough)", unit="annotations"),
}

_BATCHES = (5561, 17072, 30146, 36206, 49375, 57746, 84388, 95235, 127235, 136729, 136868, 181293, 210881,
            249356)

#: Touvron et al. (2023), Llama 2, Table 26: the Meta preference comparisons of each weekly
#: batch (from one quotation whose rows sum exactly to the 1,418,091 of Table 6).
LLAMA2_BATCHES = {
    f"batch_{i:02d}": _llama2(count, f"Table 26, batch {i}", f"Meta comparisons of batch {i}",
                              tag="quote", unit="comparisons")
    for i, count in enumerate(_BATCHES, 1)
}

#: Zheng et al. (2023), MT-Bench: the expert votes behind its agreement table (the rates are
#: in `AGREEMENT`).
MT_BENCH_2023 = {
    "expert_labelers": _mtbench(58, "§4", "expert labelers of the MT-Bench human judgments", unit="labelers"),
    "expert_votes": _mtbench(3000, "§4", "about 3K expert votes", unit="votes"),
}

#: Chiang et al. (2024), Chatbot Arena: the size of its crowd (from quotations).
CHATBOT_ARENA_2024 = {
    "votes": _arena(240000, "(location not recorded)", "about 240K votes by January 2024",
                    tag="quote", unit="votes"),
    "users": _arena(90000, "(location not recorded)", "from about 90K users", tag="quote",
                    unit="users"),
}
