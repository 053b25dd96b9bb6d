r"""Published figures about reward models and their over-optimization (Gao, Schulman & Hilton 2022).

Gao, Schulman & Hilton (2022) optimize proxy reward models of 3M to 3B parameters against a
6B "gold" reward model, by best-of-$n$ sampling and by RL, and fit the gold reward as a
function of $d = \sqrt{\mathrm{KL}}$ (KL in nats between the optimized and the initial
policy): $R_{\mathrm{bon}}(d) = d(\alpha_{\mathrm{bon}} - \beta_{\mathrm{bon}} d)$ and
$R_{\mathrm{RL}}(d) = d(\alpha_{\mathrm{RL}} - \beta_{\mathrm{RL}} \log d)$ (their §1;
`bounds.overoptimization` evaluates them).

The paper prints no table of coefficients: the values of `GAO_ALPHA_BON`, `GAO_BETA_BON` and
`GAO_BETA_RL` (keyed by `PROXY_RM_KEYS`) are readings of its Fig. 3 (1.2B policy, 90,000 comparisons), tag "figure",
with the reading tolerance as `plus_minus`. $\alpha_{\mathrm{RL}}$ is never printed in the
paper; `GAO_ALPHA_RL` is an estimated range read off the curves of its Fig. 1b. Use these
coefficients with their tolerance, never as exact values. `GAO_SETUP` holds the statements
the paper makes in words (tag "paper").

Examples
--------
>>> from bounds.data.reward_models import GAO_ALPHA_BON, GAO_BETA_RL, PROXY_RM_KEYS, PROXY_RM_PARAMETERS
>>> r = GAO_ALPHA_BON["rm_3b"]
>>> r.value, r.plus_minus, r.tag
(0.662, 0.003, 'figure')
>>> GAO_BETA_RL[PROXY_RM_KEYS["300M"]].value, PROXY_RM_PARAMETERS["300M"]
(0.124, 300000000.0)
"""
from __future__ import annotations

from .reference import Reference

__all__ = ["GAO_2022", "PROXY_RM_PARAMETERS", "PROXY_RM_KEYS", "GAO_ALPHA_BON", "GAO_BETA_BON", "GAO_BETA_RL", "GAO_ALPHA_RL",
           "GAO_FITTED_LINES", "GAO_SETUP", "GAO_VALIDATION_LOSS"]

#: The citation of the paper every figure of this module comes from.
GAO_2022 = ("Gao, L., Schulman, J. & Hilton, J. (2022). Scaling Laws for Reward Model Overoptimization. "
            "arXiv:2210.10760")

#: Parameter counts of the proxy reward models of Gao et al. (2022), by the label the
#: collections below use as key (3M to 3B; two smaller models, near chance, were excluded).
PROXY_RM_PARAMETERS = {
    "3M": 3e6, "12M": 12e6, "25M": 25e6, "42M": 42e6, "85M": 85e6,
    "300M": 300e6, "680M": 680e6, "1.2B": 1.2e9, "3B": 3e9,
}

#: The key of each proxy RM size in the collections below ("3M" -> "rm_3m", "1.2B" -> "rm_1_2b").
PROXY_RM_KEYS = {size: "rm_" + size.lower().replace(".", "_") for size in PROXY_RM_PARAMETERS}

_FIG3 = f"{GAO_2022}, Fig. 3 (gold-reward coefficients against proxy RM size; 1.2B policy, 90k comparisons)"
_READ = ("read off the plotted figure by a third party (the paper prints no table of coefficients); "
         "reading tolerance {tol}")


def _readings(values: dict, what: str, tol: float, tol_text: str) -> dict:
    """One `Reference` per proxy RM size, from a reading of Figure 3."""
    return {PROXY_RM_KEYS[size]: Reference(v, f"{_FIG3}, proxy RM {size}",
                                           f"{what}, proxy RM of {size} parameters; " + _READ.format(tol=tol_text),
                                           tag="figure", plus_minus=tol)
            for size, v in values.items()}


#: $\alpha_{\mathrm{bon}}$ of $R_{\mathrm{bon}}(d) = d(\alpha_{\mathrm{bon}} - \beta_{\mathrm{bon}} d)$,
#: per proxy RM size (a figure reading, ±0.003).
GAO_ALPHA_BON = _readings(
    {"3M": 0.490, "12M": 0.513, "25M": 0.558, "42M": 0.548, "85M": 0.599, "300M": 0.633, "680M": 0.649,
     "1.2B": 0.653, "3B": 0.662},
    "alpha_bon (best-of-n)", 0.003, "±0.003")

#: $\beta_{\mathrm{bon}}$ of the best-of-$n$ form, per proxy RM size (a figure reading,
#: ±0.001-0.002; `plus_minus` holds the larger end, 0.002).
GAO_BETA_BON = _readings(
    {"3M": 0.120, "12M": 0.120, "25M": 0.115, "42M": 0.111, "85M": 0.106, "300M": 0.0995, "680M": 0.098,
     "1.2B": 0.0965, "3B": 0.090},
    "beta_bon (best-of-n)", 0.002, "±0.001-0.002 (plus_minus is the larger end)")

#: $\beta_{\mathrm{RL}}$ of $R_{\mathrm{RL}}(d) = d(\alpha_{\mathrm{RL}} - \beta_{\mathrm{RL}} \log d)$,
#: per proxy RM size (a figure reading, ±0.001-0.002; `plus_minus` holds 0.002).
GAO_BETA_RL = _readings(
    {"3M": 0.175, "12M": 0.167, "25M": 0.152, "42M": 0.146, "85M": 0.137, "300M": 0.124, "680M": 0.119,
     "1.2B": 0.122, "3B": 0.118},
    "beta_RL (RL)", 0.002, "±0.001-0.002 (plus_minus is the larger end)")

#: $\alpha_{\mathrm{RL}}$: never printed in the paper, which says only that it is "nearly
#: independent of RM parameter count"; estimated at 0.34-0.35 from the curves of its Fig. 1b
#: (`estimate_low`, `estimate_high`).
GAO_ALPHA_RL = {
    f"estimate_{end}": Reference(
        v, f"{GAO_2022}, Fig. 1b (RL curves of gold reward against sqrt(KL))",
        f"{end} end of a third-party estimate of alpha_RL, 0.34-0.35, from the Fig. 1b curves; alpha_RL is never "
        "printed in the paper, which finds it 'nearly independent of RM parameter count' (so one value serves "
        "every proxy RM size)", tag="figure")
    for end, v in (("low", 0.34), ("high", 0.35))
}

_LINES = f"{GAO_2022}, Fig. 3 (approximate logarithmic trends of the coefficients)"
_LINE_NOTE = ("third-party reading of the trend lines of Figure 3: {form}, N the proxy RM's parameter count; "
              "the paper says only that the coefficients follow 'approximate logarithmic trends'")

#: Approximate fitted lines of the coefficients against the proxy RM's parameter count $N$:
#: $\alpha_{\mathrm{bon}} \approx 0.49 + 0.065 \log_{10}(N/3\cdot 10^6)$,
#: $\beta_{\mathrm{bon}} \approx 0.123 - 0.0108 \log_{10}(N/3\cdot 10^6)$,
#: $\beta_{\mathrm{RL}} \approx 0.173 - 0.021 \log_{10}(N/3\cdot 10^6)$
#: (intercepts at $N = 3\cdot 10^6$; slopes per decade of $N$).
GAO_FITTED_LINES = {
    f"{c}_{part}": Reference(v, _LINES, _LINE_NOTE.format(form=form), tag="figure",
                             unit="per decade of N" if part == "slope" else "")
    for c, form, pairs in (
        ("alpha_bon", "alpha_bon ~ 0.49 + 0.065 log10(N/3e6)", (("intercept", 0.49), ("slope", 0.065))),
        ("beta_bon", "beta_bon ~ 0.123 - 0.0108 log10(N/3e6)", (("intercept", 0.123), ("slope", -0.0108))),
        ("beta_rl", "beta_RL ~ 0.173 - 0.021 log10(N/3e6)", (("intercept", 0.173), ("slope", -0.021))),
    )
    for part, v in pairs
}

_SETUP = f"{GAO_2022} (location not recorded: the experimental setup)"

#: Statements of Gao et al. (2022) about their setup and findings, as printed (tag "paper").
GAO_SETUP = {
    "near_chance_comparisons": Reference(
        2000, f"{GAO_2022} (location not recorded: results on RM data size)",
        "'for amounts of data less than around 2,000 comparisons, there is very little improvement over "
        "near-chance loss' (synthetic labels from the gold RM)", unit="comparisons"),
    "bon_fit_max_n": Reference(
        1000, f"{GAO_2022} (location not recorded: advance prediction of the best-of-n form)",
        "the best-of-n form was fitted on data up to n = 1,000, 'about 6 nats' of KL", unit="samples"),
    "bon_fit_max_kl": Reference(
        6, f"{GAO_2022} (location not recorded: advance prediction of the best-of-n form)",
        "printed as about 6 nats: the KL of best-of-1000 (log 1000 - 999/1000 = 5.9088 nats)", unit="nats"),
    "bon_held_out_max_n": Reference(
        60000, f"{GAO_2022} (location not recorded: advance prediction of the best-of-n form)",
        "the fitted best-of-n form was checked on held-out data up to n = 60,000, 'about 10 nats' of KL",
        unit="samples"),
    "bon_held_out_max_kl": Reference(
        10, f"{GAO_2022} (location not recorded: advance prediction of the best-of-n form)",
        "printed as about 10 nats: the KL of best-of-60000 (log 60000 - 59999/60000 = 10.0021 nats)",
        unit="nats"),
    "synthetic_comparisons": Reference(
        100000, _SETUP, "synthetic comparisons labelled by the gold RM, 10% of them held out", unit="comparisons"),
    "held_out_fraction": Reference(0.1, _SETUP, "fraction of the synthetic comparisons held out", unit="fraction"),
    "main_sweep_comparisons": Reference(
        90000, _SETUP, "RM training comparisons of the main sweep (1.2B policy)", unit="comparisons"),
    "gold_rm_parameters": Reference(6e9, _SETUP, "the gold RM: the 6B InstructGPT reward model", unit="parameters"),
    "policy_parameters": Reference(1.2e9, _SETUP, "the policy of the main sweep", unit="parameters"),
    "epochs_compared": Reference(
        4, f"{GAO_2022} (location not recorded: results on RM data size)",
        "'running 4 epochs instead of 1 yields no change in gold score whatsoever, whereas 1 epoch of 4 times "
        "as much data performs substantially better'", unit="epochs"),
}

_FIG13 = f"{GAO_2022}, Fig. 13 (RM validation loss against data and epochs)"

#: Validation losses (nats; chance is $\ln 2 = 0.693147$) of proxy RMs read off Figure 13,
#: by epochs × comparisons (figure readings, tag "figure").
GAO_VALIDATION_LOSS = {
    "1x2000": Reference(0.686109, _FIG13, "1 epoch on 2,000 comparisons; read off the plot", tag="figure",
                        n=2000, unit="nats"),
    "1x8000": Reference(0.654857, _FIG13, "1 epoch on 8,000 comparisons; read off the plot", tag="figure",
                        n=8000, unit="nats"),
    "4x2000": Reference(0.683869, _FIG13, "4 epochs on 2,000 comparisons; read off the plot", tag="figure",
                        n=2000, unit="nats"),
}
