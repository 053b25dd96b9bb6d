r"""The label model the simulators share: derived label probabilities, honest raters' answers.

Private to `bounds.simulate`: the probabilities come from `bounds.kernels` (where the model's
derived quantities are declared once), as plain floats for the samplers.
"""
from __future__ import annotations

from .. import kernels


def label_model(eps, alpha, s, q_hard):
    """The derived label probabilities (from `bounds.kernels`) as plain floats."""
    f = float
    return {
        "q_alpha": f(kernels.q_alpha(eps, alpha)), "qbar_alpha": f(kernels.qbar_alpha(eps, alpha)),
        "bias_alpha": f(kernels.bias_alpha(eps, alpha)),
        "q_dec": f(kernels.q_dec(eps, alpha, s, q_hard)), "qbar_dec": f(kernels.qbar_dec(eps, alpha, s, q_hard)),
        "bias_dec": f(kernels.bias_dec(eps, alpha, s, q_hard)),
    }


def honest_right(rng, h, q, s, q_hard):
    """Of h honest labels on separating queries, how many favour the aligned policy.

    A share s of the queries is too hard (right with probability q_hard), the rest easy
    (right with probability q = 1 - eps): the hard ones are counted first, then the right
    ones among each kind."""
    if s > 0.0:
        hard = rng.binomial(h, s)
        return rng.binomial(hard, q_hard) + rng.binomial(h - hard, q)
    return rng.binomial(h, q)
