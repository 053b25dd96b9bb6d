r"""Published constants of scaling laws with separate model-size and data terms, and of transfer.

Each constant is a `Reference` holding the value exactly as printed (never rounded here),
its source (authors, year, title, arXiv number, table or section) and a verification tag.
`bounds.scaling` builds its laws from these collections:

* `KAPLAN_2020` — the joint law $L(N, D)$ of Kaplan et al. (2020), Table 2, with the
  overfitting rule of their eq. (4.4);
* `KAPLAN_2020_SINGLE` — their single-variable fits $L(N)$, $L(D)$, $L(C_{\min})$ (different
  constants from the joint fit);
* `CHINCHILLA_ROUNDED` and `CHINCHILLA_UNROUNDED` — the Approach 3 fit of Hoffmann et al.
  (2022) as printed in the paper, and with the unrounded values Besiroglu et al. (2024)
  report from the paper's TeX source;
* `BESIROGLU_2024` — the refit of Approach 3 by Besiroglu et al. (2024), with standard errors;
* `HERNANDEZ_2021` — the transfer fits of Hernandez et al. (2021), Table 1.

Units: $N$ in parameters (Kaplan, Hernandez: non-embedding parameters), $D$ in tokens
(Hernandez: characters), losses in nats per token.

Examples
--------
>>> from bounds.data.scaling import CHINCHILLA_ROUNDED, BESIROGLU_2024
>>> CHINCHILLA_ROUNDED["A"].value, CHINCHILLA_ROUNDED["A"].tag
(406.4, 'quote')
>>> BESIROGLU_2024["B"].value, BESIROGLU_2024["B"].plus_minus
(2085.43, 1293.23)
"""
from __future__ import annotations

from .reference import Reference

__all__ = ["KAPLAN_2020", "KAPLAN_2020_SINGLE", "CHINCHILLA_ROUNDED", "CHINCHILLA_UNROUNDED",
           "BESIROGLU_2024", "HERNANDEZ_2021", "CHINCHILLA_TRAINING",
           "KAPLAN", "HOFFMANN", "BESIROGLU", "HERNANDEZ"]

#: Kaplan, J., McCandlish, S., Henighan, T., Brown, T. B., Chess, B., Child, R., Gray, S.,
#: Radford, A., Wu, J. & Amodei, D. (2020). Scaling Laws for Neural Language Models. arXiv:2001.08361.
KAPLAN = ("Kaplan, McCandlish, Henighan, Brown, Chess, Child, Gray, Radford, Wu & Amodei (2020), "
          "Scaling Laws for Neural Language Models, arXiv:2001.08361")
#: Hoffmann, J., Borgeaud, S., Mensch, A. et al. (2022). Training Compute-Optimal Large Language
#: Models (Chinchilla). arXiv:2203.15556.
HOFFMANN = ("Hoffmann, Borgeaud, Mensch et al. (2022), Training Compute-Optimal Large Language Models, "
            "arXiv:2203.15556")
#: Besiroglu, T., Erdil, E., Barnett, M. & You, J. (2024). Chinchilla Scaling: A replication
#: attempt. arXiv:2404.10102.
BESIROGLU = ("Besiroglu, Erdil, Barnett & You (2024), Chinchilla Scaling: A replication attempt, "
             "arXiv:2404.10102")
#: Hernandez, D., Kaplan, J., Henighan, T. & McCandlish, S. (2021). Scaling Laws for Transfer.
#: arXiv:2102.01293.
HERNANDEZ = "Hernandez, Kaplan, Henighan & McCandlish (2021), Scaling Laws for Transfer, arXiv:2102.01293"

_QUOTED = "quoted verbatim in independent notes on the paper"

#: The joint law $L(N, D) = [(N_c/N)^{\alpha_N/\alpha_D} + D_c/D]^{\alpha_D}$ of Kaplan et al.
#: (2020), eq. (1.5), with the constants of their Table 2 (which differ from the
#: single-variable fits), and the overfitting rule of their eq. (4.4).
KAPLAN_2020 = {
    "alpha_N": Reference(0.076, f"{KAPLAN}, Table 2 (fit of L(N, D))", f"alpha_N; {_QUOTED}", tag="quote"),
    "alpha_D": Reference(0.103, f"{KAPLAN}, Table 2 (fit of L(N, D))", f"alpha_D; {_QUOTED}", tag="quote"),
    "N_c": Reference(6.4e13, f"{KAPLAN}, Table 2 (fit of L(N, D))", f"N_c; {_QUOTED}", tag="quote",
                     unit="non-embedding parameters"),
    "D_c": Reference(1.8e13, f"{KAPLAN}, Table 2 (fit of L(N, D))", f"D_c; {_QUOTED}", tag="quote",
                     unit="tokens"),
    "overfit_coefficient": Reference(5e3, f"{KAPLAN}, §4.2, eq. (4.4)",
                                     f"the 5 x 10^3 of 'D >~ (5 x 10^3) N^0.74'; {_QUOTED}", tag="quote",
                                     unit="tokens"),
    "overfit_exponent": Reference(0.74, f"{KAPLAN}, §4.2, eq. (4.4)",
                                  f"the 0.74 of 'D >~ (5 x 10^3) N^0.74', about alpha_N/alpha_D = 0.076/0.103; "
                                  f"{_QUOTED}", tag="quote"),
    "overfit_threshold": Reference(0.02, f"{KAPLAN}, §4.2",
                                   "the relative excess loss L(N, D)/L(N, inf) - 1 taken as the onset of "
                                   "overfitting (about the run-to-run variation of the loss); from secondary "
                                   "summaries, not checked against the paper's text", tag="secondary"),
    "compute_optimal_exponent": Reference(0.73, f"{KAPLAN}, §6 (fit of L(N, S_min) with the critical batch size)",
                                          "N_opt proportional to C^0.73 (and D to C^0.27); from secondary "
                                          "summaries. It comes from a different fit than the joint L(N, D).",
                                          tag="secondary"),
}

#: The single-variable fits of Kaplan et al. (2020), §1.2, eqs. (1.1)-(1.3):
#: $L(N) = (N_c/N)^{\alpha_N}$ (models trained to convergence on enough data),
#: $L(D) = (D_c/D)^{\alpha_D}$ (large models with early stopping) and
#: $L(C_{\min}) = (C_c^{\min}/C_{\min})^{\alpha_C^{\min}}$ (compute-efficient training).
KAPLAN_2020_SINGLE = {
    "alpha_N": Reference(0.076, f"{KAPLAN}, eq. (1.1)", f"alpha_N ~ 0.076; {_QUOTED}", tag="quote"),
    "N_c": Reference(8.8e13, f"{KAPLAN}, eq. (1.1)", f"N_c ~ 8.8 x 10^13; {_QUOTED}", tag="quote",
                     unit="non-embedding parameters"),
    "alpha_D": Reference(0.095, f"{KAPLAN}, eq. (1.2)", f"alpha_D ~ 0.095; {_QUOTED}", tag="quote"),
    "D_c": Reference(5.4e13, f"{KAPLAN}, eq. (1.2)", f"D_c ~ 5.4 x 10^13 tokens; {_QUOTED}", tag="quote",
                     unit="tokens"),
    "alpha_C_min": Reference(0.050, f"{KAPLAN}, eq. (1.3)", f"alpha_C^min ~ 0.050; {_QUOTED}", tag="quote"),
    "C_c_min": Reference(3.1e8, f"{KAPLAN}, eq. (1.3)", f"C_c^min ~ 3.1 x 10^8 PF-days; {_QUOTED}", tag="quote",
                         unit="PF-days"),
}

_APPROACH3 = f"{HOFFMANN}, §3.3 and Appendix D.2 (Approach 3: parametric fit of L(N, D))"

#: The Approach 3 fit $L(N, D) = E + A/N^\alpha + B/D^\beta$ of Hoffmann et al. (2022), as
#: printed in the paper (rounded), and the compute-optimal exponents of their Table 2.
CHINCHILLA_ROUNDED = {
    "E": Reference(1.69, _APPROACH3, f"E = 1.69 as printed; {_QUOTED}", tag="quote", unit="nats"),
    "A": Reference(406.4, _APPROACH3, f"A = 406.4 as printed; {_QUOTED}", tag="quote"),
    "B": Reference(410.7, _APPROACH3, f"B = 410.7 as printed; {_QUOTED}", tag="quote"),
    "alpha": Reference(0.34, _APPROACH3, f"alpha = 0.34 as printed; {_QUOTED}", tag="quote"),
    "beta": Reference(0.28, _APPROACH3, f"beta = 0.28 as printed; {_QUOTED}", tag="quote"),
    "a": Reference(0.46, f"{HOFFMANN}, Table 2 (Approach 3)",
                   "compute-optimal exponent a of N_opt proportional to C^a, printed as 0.46 (b = 0.54); from "
                   "secondary summaries", tag="secondary"),
}

#: The training run of Chinchilla itself (Hoffmann et al. 2022): its compute budget, the same
#: as Gopher's, its size and its number of training tokens.
CHINCHILLA_TRAINING = {
    "compute": Reference(5.76e23, f"{HOFFMANN}, §4 (Chinchilla)", "training FLOPs of Chinchilla and of Gopher, "
                                                                  "5.76 x 10^23; from secondary summaries",
                         tag="secondary", unit="FLOPs"),
    "parameters": Reference(7e10, f"{HOFFMANN}, §4 (Chinchilla)", "70B parameters; from secondary summaries",
                            tag="secondary", unit="parameters"),
    "tokens": Reference(1.4e12, f"{HOFFMANN}, §4 (Chinchilla)", "1.4T training tokens; from secondary summaries",
                        tag="secondary", unit="tokens"),
}

_TEX = f"{BESIROGLU}, reporting the values of the TeX source of {HOFFMANN} (location not recorded)"

#: The same fit with the unrounded constants found in the paper's TeX source, as reported by
#: Besiroglu et al. (2024). No unrounded $A$, $B$ were found: the printed 406.4 and 410.7
#: are kept, so this law differs from `CHINCHILLA_ROUNDED` in $E$, $\alpha$ and $\beta$ only.
CHINCHILLA_UNROUNDED = {
    "E": Reference(1.6934, _TEX, f"E = 1.6934 (printed 1.69); {_QUOTED}", tag="quote", unit="nats"),
    "A": Reference(406.4, _APPROACH3, "A = 406.4 as printed: no unrounded value of A could be verified, so the "
                                      "printed one is kept", tag="quote"),
    "B": Reference(410.7, _APPROACH3, "B = 410.7 as printed: no unrounded value of B could be verified, so the "
                                      "printed one is kept", tag="quote"),
    "alpha": Reference(0.3392, _TEX, f"alpha = 0.3392 (printed 0.34); {_QUOTED}", tag="quote"),
    "beta": Reference(0.2849, _TEX, f"beta = 0.2849 (printed 0.28); {_QUOTED}", tag="quote"),
}

_REFIT = f"{BESIROGLU}, refit of Approach 3 on 240 points digitized from Hoffmann et al.'s Fig. 4"

#: The refit of Besiroglu et al. (2024); `plus_minus` holds the standard error they print.
#: `a` is their compute-optimal exponent $\beta/(\alpha+\beta)$.
BESIROGLU_2024 = {
    "E": Reference(1.8172, _REFIT, f"E = 1.8172 (SE 0.03); {_QUOTED}", tag="quote", plus_minus=0.03, unit="nats"),
    "A": Reference(482.01, _REFIT, f"A = 482.01 (SE 124.58); {_QUOTED}", tag="quote", plus_minus=124.58),
    "B": Reference(2085.43, _REFIT, f"B = 2085.43 (SE 1293.23); {_QUOTED}", tag="quote", plus_minus=1293.23),
    "alpha": Reference(0.3478, _REFIT, f"alpha = 0.3478 (SE 0.02); {_QUOTED}", tag="quote", plus_minus=0.02),
    "beta": Reference(0.3658, _REFIT, f"beta = 0.3658 (SE 0.02); {_QUOTED}", tag="quote", plus_minus=0.02),
    "a": Reference(0.5126, _REFIT, f"a = beta/(alpha + beta) = 0.5126, equal scaling of N and D; {_QUOTED}",
                   tag="quote"),
}

_TABLE1 = f"{HERNANDEZ}, Table 1 (fits of D_T = k D_F^alpha N^beta, eq. 1.1)"
_T1NOTE = "from detailed secondary notes with section references; not checked against the paper's text"

#: The transfer fits $D_T = k\,D_F^{\alpha} N^{\beta}$ of Hernandez et al. (2021), Table 1
#: ($D$ in characters, $N$ in non-embedding parameters), for fine-tuning on Python after
#: pre-training on text (`text_python_*`) or on 50% text and 50% non-Python code
#: (`mixed_python_*`), and the example of their Fig. 1.
HERNANDEZ_2021 = {
    "text_python_k": Reference(1.9e4, _TABLE1, f"k, text -> Python; {_T1NOTE}", tag="secondary"),
    "text_python_alpha": Reference(0.18, _TABLE1, f"alpha, text -> Python; {_T1NOTE}", tag="secondary"),
    "text_python_beta": Reference(0.38, _TABLE1, f"beta, text -> Python; {_T1NOTE}", tag="secondary"),
    "mixed_python_k": Reference(2.1e5, _TABLE1, f"k, 50% text + 50% non-Python code -> Python; {_T1NOTE}",
                                tag="secondary"),
    "mixed_python_alpha": Reference(0.096, _TABLE1, f"alpha, 50% text + 50% non-Python code -> Python; "
                                                    f"{_T1NOTE}", tag="secondary"),
    "mixed_python_beta": Reference(0.38, _TABLE1, f"beta, 50% text + 50% non-Python code -> Python; {_T1NOTE}",
                                   tag="secondary"),
    "fig1_multiplier": Reference(1000.0, f"{HERNANDEZ}, Fig. 1",
                                 "D_T is about 1000 times D_F for a 40M-parameter model fine-tuned on 3 x 10^5 "
                                 "characters of Python; a secondary reading of the figure: order of magnitude "
                                 "only", tag="secondary", n=3e5),
}
