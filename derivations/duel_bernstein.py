r"""`duel.bernstein`: Bernstein's bound on losing the duel (the variance, not only the range)."""
from __future__ import annotations

import numpy as np
import sympy as sp

from bounds.proof import E, Case, Cite, Derivation, Event, FiniteSpace, Instance, Model, Pr, Premise, Quantity, SpotCheck, Step

from . import _premises as P
from ._notation import DOMAIN, HALF, QD, WHERE_QD, S, Z, Q_dec, d, delta, i, n, q, P_lose

Mu = Quantity("mu", r"\mu", real=True)  # the mean evidence of a label, in the readable form
with sp.evaluate(False):
    READABLE = sp.Le(delta, sp.Piecewise((sp.exp(-n * Mu**2 / (2 * (d - Mu**2 + (1 + Mu) * Mu / 3))), Q_dec > HALF),
                                         (1, True)))

MU = d * (2 * q - 1)
VAR = d - MU**2  # E[Z^2] - E[Z]^2, with E[Z^2] = d
BOUND = sp.exp(-n * MU**2 / (2 * (VAR + (1 + MU) * MU / 3)))

# ---------------------------------------------------------------------------- the cited premise
v = sp.Symbol("v", real=True)
X, mu, s, b = P.var.Xs, P.var.mu, P.var.s, P.var.b

BERNSTEIN = Premise(
    "conc.bernstein",
    "Bernstein's inequality (lower tail)",
    sp.Le(Pr(sp.Le(sp.Sum(X[i], (i, 1, n)) - n * mu, -n * s, evaluate=False)),
          sp.exp(-n * s**2 / (2 * (v + b * s / 3)))),
    "Bernstein (1924); Boucheron, Lugosi & Massart, Concentration Inequalities (2013), Theorem 2.10, "
    "applied to the centred terms mu - X_i (i.i.d., at most b, mean 0, variance v); only their upper end "
    "matters for this tail",
    hypotheses=[sp.Eq(E(X[1]), mu), sp.Eq(E((X[1] - mu) ** 2), v), sp.Eq(Pr(X[1] < mu - b), 0),
                s >= 0, b > 0, P.IID],
)


def _draw_bernstein(rng):
    """n <= 4 i.i.d. copies of a variable on 2-3 random values, its mean, variance and range."""
    nn = int(rng.integers(1, 5))
    values = rng.normal(size=int(rng.integers(2, 4))) * float(rng.exponential() + 0.1)
    probs = rng.dirichlet(np.ones(len(values)))
    space, copies = FiniteSpace.iid(values, probs, nn)
    m = float(np.dot(probs, values))
    var_ = float(np.dot(probs, (values - m) ** 2))
    reach = float(np.max(np.abs(values - m))) * (1.0 + 1e-9 + float(rng.exponential()) * (rng.random() < 0.5))
    s_ = float(rng.uniform(0.0, 1.2 * reach))
    return {"space": space, X: (lambda k: copies[int(k) - 1]), n: nn, mu: m, v: var_, b: max(reach, 1e-12), s: s_}


BERNSTEIN.spot_check = SpotCheck(_draw_bernstein, what="n <= 4 i.i.d. copies of a variable on 2-3 random values")

# ---------------------------------------------------------------------------- the derivation
DERIVATION = Derivation(
    "duel.bernstein",
    "Bernstein bound on losing the duel",
    summary=(
        "Each label's evidence $Z_i \\in \\{-1, 0, +1\\}$ has mean $\\mu = d(2q-1)$ and variance "
        "$d - \\mu^2$, and is never more than $1 + \\mu$ below its mean. The duel is lost when the evidence sum falls "
        "$n\\mu$ below its expectation, an event Bernstein's inequality bounds through the variance. Where "
        "few queries separate the policies (small $d$) the variance $\\approx d$ is far below the squared "
        "range, and the exponent $n d (2q-1)^2 / (2 + O(2q-1))$ is linear in $d$, like Chernoff's, where "
        "Hoeffding's is quadratic. Without a margin the bound is the trivial one."
    ),
    domain=DOMAIN,
    integers=[n],
    assumptions=[P.IID, P.ADVERSARY, P.SYSTEMATIC],
    premises=[P.LABEL, P.DUEL_LOSS],
    cases=[
        Case(q > HALF, [
            Step("=", MU, "The mean evidence of a label: $dq - d(1-q)$.", by=Model(P.LABEL), lhs=E(Z[1])),
            Step("=", VAR, "Its variance: $\\mathbb{E}[Z^2] - \\mu^2 = d - \\mu^2$.", by=Model(P.LABEL),
                 lhs=E((Z[1] - MU) ** 2)),
            Step("=", 0, "Evidence is never more than $1 + \\mu$ below its mean.", by=Model(P.LABEL),
                 lhs=Pr(Z[1] < MU - (1 + MU))),
            Step("=", Pr(S <= 0), "The aligned policy loses when the evidence sum is at most 0 (ties lose).",
                 by=Cite(P.DUEL_LOSS), lhs=P_lose(n, d, q)),
            Step("=", Pr(sp.Le(S - n * MU, -n * MU, evaluate=False)),
                 "Subtract the expected evidence of the $n$ labels on both sides.", by=Event()),
            Step("<=", BOUND, "Bernstein's inequality, with variance $d - \\mu^2$ and reach $1 + \\mu$, at the "
                 "nonnegative deviation $\\mu$.",
                 by=Instance(BERNSTEIN, {X: Z, mu: MU, v: VAR, b: 1 + MU, s: MU})),
        ], title="A margin"),
        Case(True, [
            Step("=", Pr(S <= 0), "The aligned policy loses when the evidence sum is at most 0.",
                 by=Cite(P.DUEL_LOSS), lhs=P_lose(n, d, q)),
            Step("<=", 1, "A probability is at most 1.", by=Instance(P.PROB_AT_MOST_ONE, {P.var.A: S <= 0})),
        ], title="No margin"),
    ],
    subs=[(P_lose(n, d, q), delta), (q, QD)],
    readable=READABLE,
    where=[(Mu, d * (2 * Q_dec - 1))] + WHERE_QD,
    symbols=[(q, "probability that a separating label favours the aligned policy: $q = q_{\\mathrm{dec}} = "
                 "(1-\\alpha)((1-s)(1-\\varepsilon) + s\\,q_{\\mathrm{hard}})$, which is $q_\\alpha = "
                 "(1-\\alpha)(1-\\varepsilon)$ without systematic error ($s = 0$)")],
)
