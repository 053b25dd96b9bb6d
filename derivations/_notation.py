r"""Symbols shared by the derivations (the package's vocabulary, plus the model's notation).

* `q` — probability that a *separating* label favours the aligned policy; in the bounds it
  is $q_\alpha = (1-\alpha)(1-\varepsilon)$ (`QA`) against an ordinary unaligned policy:
  honest raters err with probability $\varepsilon$, and a fraction $\alpha$ of labels is
  written by an adversary who always labels against the aligned policy. Against a
  deceptive policy a share $s$ of the separating queries is too hard, and raters get those
  right with probability $q_{\mathrm{hard}}$: there it is
  $q_{\mathrm{dec}} = (1-\alpha)((1-s)(1-\varepsilon) + s\,q_{\mathrm{hard}})$ (`QD`).
* `Z[i]` — the evidence of label $i$ for the aligned policy: $+1$, $0$ (the query does
  not separate the two policies) or $-1$; `S = Z[1] + ... + Z[n]`.
* `P_lose(n, d, q)` — probability that the aligned policy loses the duel.
"""
from __future__ import annotations

import sympy as sp

from bounds.proof import Quantity, opaque
from bounds.quantities import symbolic
from bounds.vocabulary import PARAMETERS, SYMBOLS

n, K, d, eps, alpha, delta = (SYMBOLS[s] for s in ("n", "K", "d", "eps", "alpha", "delta"))
s_, q_hard, K_dec = (SYMBOLS[s] for s in ("s", "q_hard", "K_dec"))

#: Probability that a separating label favours the aligned policy.
q = sp.Symbol("q", nonnegative=True)
#: The value of q against an ordinary unaligned policy: q_alpha = (1 - alpha)(1 - eps).
QA = symbolic("q_alpha")
#: Against a deceptive policy (systematic error): q_dec = (1 - alpha)((1 - s)(1 - eps) + s q_hard).
QD = symbolic("q_dec")
HALF = sp.Rational(1, 2)

i = sp.Symbol("i", integer=True, positive=True)
j = sp.Symbol("j", integer=True, positive=True)
#: Evidence of each label (an i.i.d. sequence).
Z = sp.IndexedBase("Z")
#: The evidence sum.
S = sp.Sum(Z[i], (i, 1, n))

#: P(the aligned policy loses the duel), as a function of the duel's parameters.
P_lose = opaque("P_lose", r"P_{{\mathrm{{lose}}}}\!\left({args}\right)", nargs=3)

#: The optimal Chernoff exponent, lambda* = ln(q / (1 - q)) / 2.
lam = Quantity("lambda_star", r"\lambda^{\star}", positive=True)

#: Summation indices of the exact sums (the same symbols as bounds.model uses).
m_, k_, c_, x_, y_ = sp.symbols("m k c x y", integer=True, nonnegative=True)


def binpmf(N, p, k):
    r"""The binomial probability $\binom{N}{k} p^k (1-p)^{N-k}$ (as bounds.model writes it)."""
    return sp.binomial(N, k) * p**k * (1 - p) ** (N - k)


#: Domains of the vocabulary symbols (from the vocabulary) and of q; n is a count of labels
#: (integers: n, and K_dec, a count of policies, whose domain is written as an interval here).
DOMAIN = {
    **{SYMBOLS[k]: PARAMETERS[k].domain.sympy_set() for k in ("K", "d", "eps", "alpha", "s", "q_hard", "delta")},
    n: sp.Naturals0,
    K_dec: sp.Interval(1, sp.oo),
    q: sp.Interval(0, 1),
}

# ----------------------------------------------------------------------------- the race
#: The event "the aligned policy does not beat unaligned policy j".
Lost = opaque("Lost", r"L_{{{0}}}", nargs=1)
#: Union of events over an index range: Union(event, j, a, b).
Union = opaque("Union", r"\bigcup_{{{1}={2}}}^{{{3}}} {0}", nargs=4)

# ----------------------------------------------------------------------------- two points
#: One label's law when candidate 0 (resp. 1) is the aligned policy.
P0, P1 = sp.symbols("P_0 P_1")
#: n-fold product of a law.
Prod = opaque("Prod", r"{0}^{{\otimes {1}}}", nargs=2)
#: Probability of an event under a law.
Meas = opaque("Meas", r"{0}\!\left({1}\right)", nargs=2)
#: Complement of an event.
Compl = opaque("Compl", r"{0}^{{c}}", nargs=1)
#: The event "the test decides for candidate 1".
A = sp.Symbol("A")

# ----------------------------------------------------------------------------- Fano
#: The learner's probability of not identifying the aligned policy.
Pe = Quantity("P_e", r"P_{\mathrm{e}}", nonnegative=True)
#: Mutual information between the aligned policy's identity V and the n labels.
MI = Quantity("I_n", r"I(V; Y^n)", nonnegative=True)
#: Capacity of the label channel (nats per label).
Cap = Quantity("C", r"C", positive=True)
#: Largest KL divergence per label between two candidates' laws.
Dmax = Quantity("D_max", r"D_{\max}", nonnegative=True)
#: Its value in the exchangeable class, d kl(q || 1 - q).
Dpair = Quantity("D", r"D", positive=True)

# ----------------------------------------------------------------------------- exact sums
#: A binomially distributed count (distinct occurrences are independent).
Bin = opaque("Bin", r"\mathrm{{Bin}}\!\left({0}, {1}\right)", nargs=2)
#: The number of separating labels among the n (duel), and of labels agreeing with the aligned policy (race).
M = sp.Symbol("M")
C = sp.Symbol("C")
#: The events "the aligned policy wins / loses the race".
WIN = Quantity("win", r"\mathrm{win}")
LOSE = Quantity("lose", r"\mathrm{lose}")
#: One label's outcome in the race model, and its indicators.
L = sp.Symbol("L")
Agree = opaque("Agree", r"\mathrm{{agree}}\!\left({0}\right)", nargs=1)

# ----------------------------------------------------------------------------- the race with deceptive policies
#: Favour of a separating label against a deceptive (q_d) and an ordinary (q_o) unaligned policy.
q_d = sp.Symbol("q_d", nonnegative=True)
q_o = sp.Symbol("q_o", nonnegative=True)
DOMAIN[q_d] = sp.Interval(0, 1)
DOMAIN[q_o] = sp.Interval(0, 1)
#: Separation of the j-th deceptive and the j-th ordinary unaligned policy (each at least d).
dD = sp.IndexedBase("d^{dec}")
dO = sp.IndexedBase("d^{ord}")
#: The events "the aligned policy does not beat the j-th deceptive / ordinary unaligned policy".
LostD = opaque("LostD", r"L^{{\mathrm{{dec}}}}_{{{0}}}", nargs=1)
LostO = opaque("LostO", r"L^{{\mathrm{{ord}}}}_{{{0}}}", nargs=1)
#: Union of two events.
Cup = opaque("Cup", r"{0} \cup {1}", nargs=2)
#: P(the aligned policy loses the race against K_dec deceptive and K - 1 - K_dec ordinary policies).
P_race_s = opaque("P_race_s", r"P_{{\mathrm{{race}}}}\!\left({args}\right)", nargs=6)

# ----------------------------------------------------------------------------- the race, latent-correctness model
from bounds.vocabulary import PARAMETERS  # noqa: E402

#: Systematic error and the number of deceptive policies (the vocabulary's symbols).
s, q_hard, K_dec = (SYMBOLS[name] for name in ("s", "q_hard", "K_dec"))


def _vocabulary_domain(name):
    """The vocabulary's domain of an input as a set the proof engine takes (an integer domain
    `Range(a, oo)` becomes `Interval(a, oo)`: list the symbol in the derivation's `integers`)."""
    dom = PARAMETERS[name].domain.sympy_set()
    return sp.Interval(dom.inf, sp.oo) if isinstance(dom, sp.Range) else dom


DOMAIN.update({sym: _vocabulary_domain(name) for sym, name in ((s, "s"), (q_hard, "q_hard"), (K_dec, "K_dec"))})

#: Favour of an ordinary (q_alpha) and of a deceptive (q_dec) unaligned policy's separating labels,
#: and the probability q_c that a label agrees with the aligned policy (latent model).
Q_alpha = Quantity("q_alpha", r"q_{\alpha}", positive=True)
Q_dec = Quantity("q_dec", r"q_{\mathrm{dec}}", nonnegative=True)
Q_c = Quantity("q_c", r"q_{c}")
#: An ordinary and a deceptive unaligned policy, and whether each separates from the aligned one on a label.
j_ord = sp.Symbol(r"j_{\alpha}")
j_dec = sp.Symbol(r"j_{\mathrm{dec}}")
SepOrd = opaque("SepOrd", r"\mathrm{{sep}}_{{j_\alpha}}\!\left({0}\right)", nargs=1)
SepDec = opaque("SepDec", r"\mathrm{{sep}}_{{j_{{\mathrm{{dec}}}}}}\!\left({0}\right)", nargs=1)

# ----------------------------------------------------------------------------- readable forms
#: The bounds' readable forms (`Derivation.readable`) are written in $q_\alpha$ and
#: $q_{\mathrm{dec}}$; these are their definitions as a textbook writes them, which the checker
#: substitutes (`Derivation.where`) before comparing with the bound's relation.
with sp.evaluate(False):
    QA_TEXT = (1 - alpha) * (1 - eps)
    QD_TEXT = (1 - alpha) * ((1 - s_) * (1 - eps) + s_ * q_hard)
WHERE_QA = [(Q_alpha, QA_TEXT)]
WHERE_QD = [(Q_dec, QD_TEXT)]


def fano_readable(numerator, per_label, exact):
    r"""Fano's bound as a textbook writes it: $n \ge \max(0, 	ext{numerator} / 	ext{per label})$.

    `exact`: the exact inversion (no label needed when guessing meets the target); otherwise
    the weak form (vacuous when its numerator is $\le 0$). Infinite at $q_lpha = 1/2$."""
    from bounds.measures import BinaryEntropy  # noqa: F401 (the callers' measures)

    with sp.evaluate(False):
        main = (sp.Max(0, numerator / per_label), sp.Ne(Q_alpha, HALF))
        first = [(0, delta >= 1 - 1 / K), main] if exact else [main, (0, sp.Le(numerator, 0))]
        return sp.Ge(n, sp.Piecewise(*first, (sp.oo, True)))
