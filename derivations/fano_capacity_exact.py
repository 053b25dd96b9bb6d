r"""`fano.capacity_exact`: Fano's inequality inverted exactly, with the capacity of the label channel."""
from __future__ import annotations

import sympy as sp

from bounds.proof import Case, Contradiction, Define, Derivation, Instance, Monotone, Restate, Rewrite, Step
from bounds.measures import BinaryEntropy

from . import _premises as P
from ._notation import DOMAIN, HALF, QA, WHERE_QA, K, MI, Cap, Pe, Q_alpha, delta, fano_readable, n, q

x = sp.Symbol("x", real=True)
NUM = sp.log(K) - BinaryEntropy(delta) - delta * sp.log(K - 1)
with sp.evaluate(False):
    NUM_TEXT = sp.log(K) - BinaryEntropy(delta) - delta * sp.log(K - 1)
    CAPACITY_TEXT = sp.log(2) - BinaryEntropy(1 - Q_alpha)  # a binary symmetric channel with crossover 1 - q_alpha
CAPACITY = sp.log(2) - BinaryEntropy(1 - q)
GIVEN = [sp.Le(Pe, delta)]


def fano_rhs(p):
    """The right-hand side of Fano's inequality, h(p) + p ln(K - 1)."""
    return BinaryEntropy(p) + p * sp.log(K - 1)


def fano_exact(id, title, summary, info_define, info_chain, info_bound, assumptions, premises, readable=None, where=()):
    """Exact Fano inversion, shared by fano.capacity_exact and fano.passive_exact.

    `info_chain`: chain steps continuing from I(V; Y^n) and ending at n * info_bound, where
    info_bound is the positive abbreviation introduced by `info_define`."""

    def fano_chain():
        return [
            Step("<=", fano_rhs(Pe), "Fano's inequality for the uniformly random aligned policy.",
                 by=Instance(P.FANO, {P.var.K: K}), lhs=sp.log(K) - MI),
            Step("<=", fano_rhs(delta), "The right-hand side increases with the error probability up to the error of guessing, and the learner errs with probability at most $\\delta$.",
                 by=Monotone(x, fano_rhs(x), Pe, delta)),
            Restate(sp.Le(NUM, MI), "Rearranged: the information the labels must carry."),
        ]

    return Derivation(
        id,
        title,
        summary=summary,
        domain=DOMAIN,
        integers=[n],
        assumptions=assumptions,
        given=GIVEN,
        premises=premises,
        cases=[
            Case(delta >= 1 - 1 / K, [
                Step(">=", 0, "Guessing already meets the target, so the bound is the trivial one: a number of labels is nonnegative.", lhs=n),
            ], title="Guessing meets the target"),
            Case(sp.Ne(q, HALF), [
                info_define,
                *fano_chain(),
                *info_chain,
                Restate(sp.Ge(n, NUM / info_bound), "Divide by the positive information per label."),
                Restate(sp.Ge(n, sp.Max(0, NUM / info_bound)), "And a number of labels is nonnegative.",
                        by=Instance(P.MAX_LOWER, {P.var.a: n, P.var.b: 0, P.var.c: NUM / info_bound})),
            ], title="Informative labels ($q \\ne 1/2$)"),
            Case(True, [
                Step(">", NUM.subs(delta, 1 - 1 / K),
                     "The information the target requires strictly decreases with the error probability up to the error of guessing, and the target is below it.",
                     by=Monotone(x, sp.log(K) - BinaryEntropy(x) - x * sp.log(K - 1), delta, 1 - 1 / K), lhs=NUM),
                Step("=", 0, "At the error of uniform guessing, no information is required."),
                *fano_chain(),
                Step("=", 0, "At $q = 1/2$ every label is a fair coin: the labels carry no information.",
                     by=Rewrite(P.NO_INFORMATION)),
                Restate(sp.Ge(n, sp.oo, evaluate=False), "This contradicts the first step: no number of labels reaches the target.", by=Contradiction()),
            ], title="Fair coins ($q = 1/2$)"),
        ],
        subs=[(q, QA)],
        readable=readable,
        where=where,
        symbols=[
            (q, "probability that a separating label favours the aligned policy; $q = q_\\alpha = (1-\\alpha)(1-\\varepsilon)$ (past the breakdown point, $q < 1/2$, labels are inverted but as informative as at $1 - q$)"),
            (Pe, "the learner's probability of not identifying the aligned policy, at most $\\delta$"),
            (MI, "mutual information between the aligned policy's identity $V$ and the $n$ labels"),
        ],
    )


CAPACITY_DEFINE = Define(
    Cap, CAPACITY,
    "The capacity of the label channel, a binary symmetric channel with crossover $1 - q$; positive because $q \\ne 1/2$.",
    fact="positive", by=Instance(P.GIBBS_BINARY, {P.var.p: 1 - q}),
)
CAPACITY_CHAIN = [
    Step("<=", n * Cap, "Each label, even on an adaptively chosen query, carries at most the channel's capacity.",
         by=Instance(P.CAPACITY_BOUND, {P.var.p: 1 - q})),
]

DERIVATION = fano_exact(
    "fano.capacity_exact",
    "Fano lower bound, capacity form (exact inversion)",
    (
        "The aligned policy is one of $K$ candidates, uniformly at random; a learner names it from $n$ labels "
        "and errs with probability $P_e$ at most $\\delta$. Fano's inequality, inverted exactly, says how much "
        "information $I(V; Y^n)$ the labels must then carry about the aligned policy's identity $V$ (step 5). "
        "Each label passes through a binary symmetric channel whose capacity $C$ bounds what one label can "
        "carry, however the queries are chosen; dividing gives the number of labels. This holds for every class "
        "of $K$ candidates. If guessing already meets the target no label is needed; at $q = 1/2$ the "
        "labels carry nothing and no number of them is enough."
    ),
    CAPACITY_DEFINE,
    CAPACITY_CHAIN,
    Cap,
    [P.UNIFORM, P.CHANNEL, P.ADVERSARY],
    [P.FANO, P.CAPACITY_BOUND],
    readable=fano_readable(NUM_TEXT, CAPACITY_TEXT, exact=True),
    where=WHERE_QA,
)
