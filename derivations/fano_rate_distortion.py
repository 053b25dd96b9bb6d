r"""`fano.rate_distortion`: labels needed to know the $B$ bits of the hypercube to within a fraction $\delta$."""
from __future__ import annotations

import numpy as np
import sympy as sp

from bounds.measures import BinaryEntropy
from bounds.proof import (Assumption, Case, Contradiction, Derivation, Instance, Monotone, Premise, Quantity, Restate,
                          Rewrite, SpotCheck, Step)

from . import _premises as P
from ._notation import DOMAIN, HALF, QA, WHERE_QA, K, MI, Cap, Q_alpha, delta, n, q
from .fano_capacity_exact import CAPACITY_CHAIN, CAPACITY_DEFINE

x = sp.Symbol("x", real=True)
#: The expected fraction of the B items the learner labels wrong.
Dist = Quantity("D", r"D", nonnegative=True)
BITS = sp.log(K) / sp.log(2)


def rate(v):
    r"""$B\,(\ln 2 - h(v))$: nats needed to know $B$ fair bits to within a fraction $v$ (rate distortion)."""
    return BITS * (sp.log(2) - BinaryEntropy(v))


NUM = rate(delta)
CAPACITY = sp.log(2) - BinaryEntropy(1 - q)
with sp.evaluate(False):
    NUM_TEXT = sp.log(K) / sp.log(2) * (sp.log(2) - BinaryEntropy(delta))
    CAPACITY_TEXT = sp.log(2) - BinaryEntropy(1 - Q_alpha)
    READABLE = sp.Ge(n, sp.Piecewise((0, delta >= HALF), (sp.Max(0, NUM_TEXT / CAPACITY_TEXT), sp.Ne(Q_alpha, HALF)),
                                     (sp.oo, True)))

HYPERCUBE = Assumption(
    "hypercube",
    "the hypercube class: the $K = 2^B$ candidates are all the labelings of $B$ items, the aligned one uniformly "
    "random (its $B$ bits are independent fair coins), and a query asks the label of one item",
)
PARTIAL = Assumption(
    "partial",
    "the learner outputs a labeling of the $B$ items; the expected fraction $D$ of them it gets wrong is at most "
    "$\\delta$ (a learner that identifies the aligned policy with failure probability $\\delta$ is one: a wrong "
    "labeling gets at most all of its items wrong)",
)

RATE_DISTORTION = Premise(
    "info.rate_distortion_bits",
    "Rate distortion of fair bits, with data processing",
    sp.Le(rate(Dist), MI),
    "Cover & Thomas, Elements of Information Theory (2006): the rate-distortion function of a fair bit under "
    "Hamming distortion is R(D) = ln 2 - h(D) for D <= 1/2 (Thm 10.3.1, Example 10.3.1); for B independent fair "
    "bits and any estimate with expected fraction D of them wrong, I(V; estimate) >= sum_i R(D_i) >= B R(D) "
    "(the converse of Thm 10.2.1: chain rule, independence of the bits, convexity of R); the estimate is a "
    "function of the labels, so I(V; Y^n) >= I(V; estimate) (data processing, Thm 2.8.1)",
    hypotheses=[HYPERCUBE, Dist <= HALF],
)


def _draw_cube(rng):
    """B <= 3 fair bits, n <= 4 labels of random items through BSC(p); the bitwise MAP or a random decoder."""
    B, nn, p = int(rng.integers(1, 4)), int(rng.integers(0, 5)), float(rng.uniform(0.0, 0.5))
    items = rng.integers(0, B, size=nn)
    V = np.indices((2,) * B).reshape(B, -1).T                       # the 2^B labelings
    Y = np.indices((2,) * nn).reshape(nn, -1).T if nn else np.zeros((1, 0), dtype=int)
    flips = (V[:, items][:, None, :] != Y[None, :, :]).sum(axis=2)
    joint = p**flips * (1 - p) ** (nn - flips) / V.shape[0]         # P(V = v, Y = y)
    post = joint / joint.sum(axis=0, keepdims=True)
    if rng.random() < 0.7:                                          # bitwise MAP: each bit by its posterior
        guess = np.stack([(post.T @ V[:, b]) > 0.5 for b in range(B)], axis=1).astype(int)   # y -> labeling
    else:
        guess = rng.integers(0, 2, size=(Y.shape[0], B))
    wrong = (V[:, None, :] != guess[None, :, :]).mean(axis=2)         # fraction wrong for (v, y)
    D = float((joint * wrong).sum())
    pv, py = joint.sum(axis=1, keepdims=True), joint.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        mi = float(np.where(joint > 0, joint * np.log(joint / (pv * py)), 0.0).sum())
    return {P.var.K: 2**B, MI: mi, Dist: min(D, 0.5)}


RATE_DISTORTION.spot_check = SpotCheck(
    _draw_cube, what="B <= 3 fair bits, n <= 4 labels of random items through BSC(p), bitwise MAP and random decoders")

DERIVATION = Derivation(
    "fano.rate_distortion",
    "Rate-distortion lower bound on the hypercube (partial recovery)",
    summary=(
        "The aligned policy is a labeling of $B = \\log_2 K$ items, its bits independent fair coins; a learner "
        "sees $n$ labels (each an item's bit through the label channel, on queries it may choose) and outputs "
        "a labeling with an expected fraction $D \\le \\delta$ of wrong items. To know $B$ fair bits to within a "
        "fraction $D$, the labels must carry at least $B(\\ln 2 - h(D))$ nats about them (rate distortion), which "
        "is at least $B(\\ln 2 - h(\\delta))$ since the rate decreases up to $1/2$; each label carries at most "
        "the capacity $C$, so $n \\ge B(\\ln 2 - h(\\delta))/C$. From $\\delta = 1/2$ on, guessing meets the "
        "target; at $q = 1/2$ the labels carry nothing and no number of them is enough."
    ),
    domain=DOMAIN,
    integers=[n],
    assumptions=[P.UNIFORM, P.CHANNEL, P.ADVERSARY, HYPERCUBE, PARTIAL],
    given=[sp.Le(Dist, delta)],
    premises=[RATE_DISTORTION, P.CAPACITY_BOUND],
    cases=[
        Case(delta >= HALF, [
            Step(">=", 0, "Guessing each item already gets half of them right on average: a number of labels is "
                          "nonnegative.", lhs=n),
        ], title="Guessing meets the target"),
        Case(sp.Ne(q, HALF), [
            CAPACITY_DEFINE,
            Step("<=", rate(Dist), "The rate decreases on $[0, 1/2]$, and $D \\le \\delta < 1/2$.",
                 by=Monotone(x, rate(x), Dist, delta), lhs=NUM),
            Step("<=", MI, "Rate distortion of the $B$ fair bits, and the labeling is a function of the labels.",
                 by=Instance(RATE_DISTORTION, {P.var.K: K})),
            *CAPACITY_CHAIN,
            Restate(sp.Ge(n, NUM / Cap), "Divide by the positive information per label."),
            Restate(sp.Ge(n, sp.Max(0, NUM / Cap)), "And a number of labels is nonnegative.",
                    by=Instance(P.MAX_LOWER, {P.var.a: n, P.var.b: 0, P.var.c: NUM / Cap})),
        ], title="Informative labels ($q \\ne 1/2$)"),
        Case(True, [
            Step(">", rate(HALF), "The rate strictly decreases up to $1/2$, and $\\delta < 1/2$.",
                 by=Monotone(x, rate(x), delta, HALF), lhs=NUM),
            Step("=", 0, "At $1/2$ no information is needed."),
            Step("<=", rate(Dist), "The rate decreases on $[0, 1/2]$, and $D \\le \\delta < 1/2$.",
                 by=Monotone(x, rate(x), Dist, delta), lhs=NUM),
            Step("<=", MI, "Rate distortion of the $B$ fair bits, and the labeling is a function of the labels.",
                 by=Instance(RATE_DISTORTION, {P.var.K: K})),
            Step("=", 0, "At $q = 1/2$ every label is a fair coin: the labels carry no information.",
                 by=Rewrite(P.NO_INFORMATION)),
            Restate(sp.Ge(n, sp.oo, evaluate=False), "This contradicts the first step: no number of labels reaches "
                                                     "the target.", by=Contradiction()),
        ], title="Fair coins ($q = 1/2$)"),
    ],
    subs=[(q, QA)],
    readable=READABLE,
    where=WHERE_QA,
    symbols=[
        (q, "probability that a label reports its item's bit correctly; $q = q_\\alpha = (1-\\alpha)(1-\\varepsilon)$"),
        (Dist, "the expected fraction of the $B$ items the learner labels wrong, at most $\\delta$"),
        (MI, "mutual information between the aligned labeling $V$ and the $n$ labels"),
    ],
)
