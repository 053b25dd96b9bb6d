r"""`fano.capacity`: the weak (M-ary) form of Fano's inequality with the capacity of the label channel."""
from __future__ import annotations

import sympy as sp

from bounds.proof import Case, Contradiction, Derivation, Instance, Monotone, Restate, Rewrite, Step

from . import _premises as P
from bounds.measures import BinaryEntropy

from ._notation import DOMAIN, HALF, QA, WHERE_QA, K, MI, Cap, Pe, Q_alpha, delta, fano_readable, n, q
from .fano_capacity_exact import CAPACITY_CHAIN, CAPACITY_DEFINE, GIVEN

x = sp.Symbol("x", real=True)
W = (1 - delta) * sp.log(K) - sp.log(2)
with sp.evaluate(False):
    W_TEXT = (1 - delta) * sp.log(K) - sp.log(2)
    CAPACITY_TEXT = sp.log(2) - BinaryEntropy(1 - Q_alpha)  # a binary symmetric channel with crossover 1 - q_alpha


def fano_weak(id, title, summary, info_define, info_chain, info_bound, assumptions, premises, readable=None, where=()):
    """Weak Fano inversion, shared by fano.capacity and fano.passive.

    `info_chain`: a chain starting at I(V; Y^n) (give its first step an lhs) and ending at
    n * info_bound, where info_bound is the positive abbreviation of `info_define`."""
    fano_weak_rhs = lambda info: 1 - (info + sp.log(2)) / sp.log(K)  # noqa: E731
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
            Case(sp.Ne(q, HALF), [
                info_define,
                *info_chain,
                Step(">=", Pe, "The learner errs with probability at most $\\delta$.", lhs=delta),
                Step(">=", fano_weak_rhs(MI), "Fano's inequality in its $K$-ary form.", by=Instance(P.FANO_WEAK, {P.var.K: K})),
                Step(">=", fano_weak_rhs(n * info_bound), "The right-hand side decreases as the information grows, and the information is at most the bound above.",
                     by=Monotone(x, fano_weak_rhs(x), MI, n * info_bound)),
                Restate(sp.Ge(n, W / info_bound), "Solve for $n$ (a positive factor)."),
                Restate(sp.Ge(n, sp.Max(0, W / info_bound)), "And a number of labels is nonnegative.",
                        by=Instance(P.MAX_LOWER, {P.var.a: n, P.var.b: 0, P.var.c: W / info_bound})),
            ], title="Informative labels ($q \\ne 1/2$)"),
            Case(sp.Le(W, 0), [
                Step(">=", 0, "The weak form says nothing here: a number of labels is nonnegative.", lhs=n),
            ], title="The weak form is vacuous"),
            Case(True, [
                Step(">=", Pe, "The learner errs with probability at most $\\delta$.", lhs=delta),
                Step(">=", fano_weak_rhs(MI), "Fano's inequality in its $K$-ary form.", by=Instance(P.FANO_WEAK, {P.var.K: K})),
                Step("=", fano_weak_rhs(0), "At $q = 1/2$ every label is a fair coin: the labels carry no information.",
                     by=Rewrite(P.NO_INFORMATION)),
                Restate(sp.Le((1 - delta) * sp.log(K), sp.log(2)), "Rearranged (a positive factor)."),
                Restate(sp.Ge(n, sp.oo, evaluate=False), "This contradicts the case: no number of labels reaches the target.", by=Contradiction()),
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


_CAP_CHAIN = [CAPACITY_CHAIN[0].replace(lhs=MI)]

DERIVATION = fano_weak(
    "fano.capacity",
    "Fano lower bound, capacity form (weak)",
    (
        "The aligned policy is one of $K$ candidates, uniformly at random; a learner names it from $n$ labels "
        "and errs with probability $P_e$ at most $\\delta$. Fano's inequality in its $K$-ary form bounds that error "
        "from below through the information $I(V; Y^n)$ of the labels, which is at most $n$ times the capacity "
        "$C$ of the label channel whatever the queries; solving for $n$ gives the bound, for every class of $K$ "
        "candidates. Slightly weaker than `fano.capacity_exact`. Where the weak form says nothing the bound is the "
        "trivial one; at $q = 1/2$ the labels carry nothing and, where the weak form bites, no number of them "
        "is enough."
    ),
    CAPACITY_DEFINE,
    _CAP_CHAIN,
    Cap,
    [P.UNIFORM, P.CHANNEL, P.ADVERSARY],
    [P.FANO_WEAK, P.CAPACITY_BOUND],
    readable=fano_readable(W_TEXT, CAPACITY_TEXT, exact=False),
    where=WHERE_QA,
)
