r"""Derived quantities of the model, declared once: symbolic (sympy) and numeric (numpy).

The model's labels are described by a few derived probabilities. Against an *ordinary*
unaligned policy a separating label favours the aligned policy with probability

$$q_\alpha = (1-\alpha)(1-\varepsilon)$$

(an honest rater, probability $1-\alpha$, is right with probability $1-\varepsilon$; an
adversarial label always opposes the aligned policy). Against a *deceptive* policy a share
$s$ of the separating queries is too hard, and raters get those right only with
probability $q_{\mathrm{hard}}$:

$$q_{\mathrm{dec}} = (1-\alpha)\big((1-s)(1-\varepsilon) + s\,q_{\mathrm{hard}}\big).$$

The *bias* $2q-1$ of a label times the separation probability $d$ is the *margin*, the
expected evidence per label for the aligned policy; if it is $\le 0$ no number of labels
makes the aligned policy win under a generic objective.

Every kernel, the Scenario, the simulator and the docs take these from here, never
writing them out again. Numerically, $1-q$ is formed as a sum of positive terms (relative
accuracy down to $10^{-300}$), and the bias $2q-1$ in double-double arithmetic, so that it
keeps its relative accuracy near the breakdown point where it cancels (computing it from
a rounded $q$ would lose a relative $10^{-16}/|2q-1|$).

Examples
--------
>>> from bounds import quantities as Q
>>> float(Q.q_alpha(eps=0.2, alpha=0.1))
0.72
>>> float(Q.bias_dec(eps=0.1, alpha=0.0, s=0.5, q_hard=0.0))    # (1/2)(0.8) + (1/2)(-1)
-0.1
>>> Q.breakdown_alpha(eps=0.2)
0.375
"""
from __future__ import annotations

import math

import numpy as np

from . import kernels
from .errors import ParameterValueError, UnknownNameError
from .validation import as_output
from .vocabulary import PARAMETERS, SYMBOLS, validate

__all__ = [
    "Quantity",
    "QUANTITIES",
    "Point",
    "q_alpha",
    "qbar_alpha",
    "bias_alpha",
    "q_dec",
    "qbar_dec",
    "bias_dec",
    "margin",
    "breakdown_alpha",
    "breakdown_s",
    "latent_qbar_c",
    "latent_q_c",
    "plotkin_limit",
    "symbolic",
]

LN2 = math.log(2.0)


def _f(v):
    return np.asarray(v, dtype=float)


# ------------------------------------------------------------------ double-double arithmetic
# Error-free transformations (Dekker 1971; Knuth TAOCP vol. 2, 4.2.2): a value is carried as
# an unevaluated sum hi + lo. Inputs here are probabilities (|x| <= 2), far from overflow.













# ------------------------------------------------------------------ numeric forms




















# ------------------------------------------------------------------ the registry
class Quantity:
    r"""A derived quantity: name, meaning, LaTeX, its sympy expression and its numeric form.

    Parameters
    ----------
    name : str
        Key used by kernels (`point["bias_alpha"]`).
    latex : str
        LaTeX symbol.
    description : str
        What it is, in words.
    inputs : tuple of str
        The vocabulary parameters (or other quantities) it is computed from.
    numeric : callable
        `numeric(**inputs)`: numpy arrays in, array out (broadcasting).
    symbolic : callable, optional
        Returns the sympy expression in vocabulary symbols (built on first use).

    Examples
    --------
    >>> from bounds.quantities import QUANTITIES
    >>> QUANTITIES["q_alpha"].expr()
    (1 - alpha)*(1 - eps)
    """

    def __init__(self, name, latex, description, inputs, numeric, symbolic=None):
        self.name = name
        self.latex = latex
        self.description = description
        self.inputs = tuple(inputs)
        self.numeric = numeric
        self._symbolic = symbolic
        self._expr = None

    def expr(self):
        """The sympy expression of the quantity in vocabulary symbols (cached)."""
        if self._expr is None:
            if self._symbolic is None:
                raise NotImplementedError(f"{self.name} has no symbolic form")
            self._expr = self._symbolic()
        return self._expr

    def __repr__(self):
        return f"<Quantity {self.name}: {self.description}>"


def _sym(*names):
    return [SYMBOLS[n] for n in names]


def _sym_q_alpha():
    eps, alpha = _sym("eps", "alpha")
    return (1 - alpha) * (1 - eps)


def _sym_q_dec():
    eps, alpha, s, q_hard = _sym("eps", "alpha", "s", "q_hard")
    return (1 - alpha) * ((1 - s) * (1 - eps) + s * q_hard)


#: Every derived quantity by name (`q_alpha`, `q_dec`, `margin`, ...): its symbolic form, numeric function and inputs.
QUANTITIES: dict[str, Quantity] = {q.name: q for q in [
    Quantity("q_alpha", r"q_\alpha",
             "probability that a separating label favours the aligned policy over an ordinary unaligned one",
             ("eps", "alpha"), kernels.q_alpha, _sym_q_alpha),
    Quantity("qbar_alpha", r"\bar q_\alpha", "1 - q_alpha: the label favours the ordinary unaligned policy",
             ("eps", "alpha"), kernels.qbar_alpha, lambda: 1 - _sym_q_alpha()),
    Quantity("bias_alpha", r"2q_\alpha - 1", "bias of a separating label towards the aligned policy (ordinary)",
             ("eps", "alpha"), kernels.bias_alpha, lambda: 2 * _sym_q_alpha() - 1),
    Quantity("q_dec", r"q_{\mathrm{dec}}",
             "probability that a separating label favours the aligned policy over a deceptive one",
             ("eps", "alpha", "s", "q_hard"), kernels.q_dec, _sym_q_dec),
    Quantity("qbar_dec", r"\bar q_{\mathrm{dec}}", "1 - q_dec: the label favours the deceptive policy",
             ("eps", "alpha", "s", "q_hard"), kernels.qbar_dec, lambda: 1 - _sym_q_dec()),
    Quantity("bias_dec", r"2q_{\mathrm{dec}} - 1", "bias of a separating label towards the aligned policy (deceptive)",
             ("eps", "alpha", "s", "q_hard"), kernels.bias_dec, lambda: 2 * _sym_q_dec() - 1),
    Quantity("minor_alpha", r"\min(q_\alpha, 1-q_\alpha)", "the smaller of q_alpha and 1 - q_alpha (crossover of the label channel)",
             ("q_alpha", "qbar_alpha"), lambda q_alpha, qbar_alpha: np.minimum(q_alpha, qbar_alpha)),
    Quantity("minor_dec", r"\min(q_{\mathrm{dec}}, 1-q_{\mathrm{dec}})", "the smaller of q_dec and 1 - q_dec",
             ("q_dec", "qbar_dec"), lambda q_dec, qbar_dec: np.minimum(q_dec, qbar_dec)),
    Quantity("lnK", r"\ln K", "natural log of the number of candidate policies",
             ("K",), lambda K: np.log(_f(K)), lambda: __import__("sympy").log(SYMBOLS["K"])),
]}


class Point(dict):
    r"""Validated parameter arrays plus every derived quantity, computed on first access.

    A kernel receives a `Point`; `point["bias_dec"]` computes $2q_{\mathrm{dec}}-1$ from the
    point's `eps`, `alpha`, `s`, `q_hard` the first time and caches it. `lnK` is taken from
    `bits` when the point was given `bits` instead of `K`.

    Examples
    --------
    >>> import numpy as np
    >>> p = Point(eps=np.array(0.1), alpha=np.array(0.0))
    >>> float(p["qbar_alpha"])
    0.1
    """

    _parent = None
    _drop = frozenset()

    def with_value(self, name, value):
        """A new point with `name` set to `value`; derived quantities that do not depend on it
        come from (and are cached in) this point, so a solver computes them once."""
        drop = frozenset(_dependents(name))
        new = Point({k: v for k, v in self.items() if k not in drop})
        new[name] = value
        new._parent = self
        new._drop = drop
        return new

    def __missing__(self, name):
        if self._parent is not None and name not in self._drop:
            val = self._parent[name]
            self[name] = val
            return val
        if name == "lnK" and "bits" in self:
            val = _f(self["bits"]) * LN2
        elif name == "K" and "bits" in self:
            with np.errstate(over="ignore"):
                val = np.exp2(_f(self["bits"]))
        elif name in QUANTITIES:
            q = QUANTITIES[name]
            val = q.numeric(**{k: self[k] for k in q.inputs})
        elif name in PARAMETERS and PARAMETERS[name].optional:
            val = np.asarray(PARAMETERS[name].default, dtype=float)
        else:
            raise KeyError(name)
        self[name] = val
        return val


def _dependents(name) -> set:
    """Every key whose value depends on `name` (itself, its aliases, derived quantities)."""
    out = {name} | ({"K", "bits", "lnK"} if name in ("K", "bits", "lnK") else set())
    changed = True
    while changed:
        changed = False
        for q in QUANTITIES.values():
            if q.name not in out and any(i in out for i in q.inputs):
                out.add(q.name)
                changed = True
    return out


# ------------------------------------------------------------------ public functions
def q_alpha(eps, alpha=0.0):
    r"""$q_\alpha = (1-\alpha)(1-\varepsilon)$: probability that a separating label favours the aligned policy.

    Against an ordinary unaligned policy: honest raters (probability $1-\alpha$) are right
    with probability $1-\varepsilon$; adversarial labels always oppose the aligned policy.

    Parameters
    ----------
    eps : float or array_like
        Rater error rate, in $[0, 1/2]$.
    alpha : float or array_like
        Adversarial fraction, in $[0, 1)$.

    Returns
    -------
    float or numpy.ndarray
        $q_\alpha$.

    Examples
    --------
    >>> q_alpha(0.2, 0.1)
    0.72
    """
    v = validate("q_alpha", eps=eps, alpha=alpha)
    return as_output(kernels.q_alpha(v["eps"], v["alpha"]))


def qbar_alpha(eps, alpha=0.0):
    r"""$1 - q_\alpha = \alpha + (1-\alpha)\varepsilon$, formed without cancellation.

    Parameters
    ----------
    eps : float or array_like
        Rater error rate.
    alpha : float or array_like
        Adversarial fraction.

    Returns
    -------
    float or numpy.ndarray
        $1-q_\alpha$, relatively accurate even for $\varepsilon = 10^{-300}$.

    Examples
    --------
    >>> qbar_alpha(1e-300)
    1e-300
    """
    v = validate("qbar_alpha", eps=eps, alpha=alpha)
    return as_output(kernels.qbar_alpha(v["eps"], v["alpha"]))


def bias_alpha(eps, alpha=0.0):
    r"""$2q_\alpha - 1 = (1-\alpha)(1-2\varepsilon) - \alpha$, accurate near breakdown.

    Parameters
    ----------
    eps : float or array_like
        Rater error rate.
    alpha : float or array_like
        Adversarial fraction.

    Returns
    -------
    float or numpy.ndarray
        The bias, negative past the breakdown point.

    Examples
    --------
    >>> bias_alpha(0.2, 0.375)    # exactly at breakdown
    0.0
    """
    v = validate("bias_alpha", eps=eps, alpha=alpha)
    return as_output(kernels.bias_alpha(v["eps"], v["alpha"]))


def q_dec(eps, alpha=0.0, s=0.0, q_hard=0.0):
    r"""$q_{\mathrm{dec}} = (1-\alpha)((1-s)(1-\varepsilon) + s\,q_{\mathrm{hard}})$: a separating label favours the aligned policy over a deceptive one.

    Parameters
    ----------
    eps, alpha : float or array_like
        Rater error rate and adversarial fraction.
    s : float or array_like
        Share of the separating queries that are too hard.
    q_hard : float or array_like
        Probability that a rater gets a too-hard query right.

    Returns
    -------
    float or numpy.ndarray
        $q_{\mathrm{dec}}$ (equal to $q_\alpha$ when $s = 0$).

    Examples
    --------
    >>> round(q_dec(0.1, 0.0, 0.25, 0.2), 12)
    0.725
    """
    v = validate("q_dec", eps=eps, alpha=alpha, s=s, q_hard=q_hard)
    return as_output(kernels.q_dec(v["eps"], v["alpha"], v["s"], v["q_hard"]))


def qbar_dec(eps, alpha=0.0, s=0.0, q_hard=0.0):
    r"""$1 - q_{\mathrm{dec}}$, formed as a sum of positive terms.

    Parameters
    ----------
    eps, alpha, s, q_hard : float or array_like
        As for `q_dec`.

    Returns
    -------
    float or numpy.ndarray
        $\alpha + (1-\alpha)((1-s)\varepsilon + s(1-q_{\mathrm{hard}}))$.

    Examples
    --------
    >>> round(qbar_dec(0.1, 0.0, 0.25, 0.2), 12)
    0.275
    """
    v = validate("qbar_dec", eps=eps, alpha=alpha, s=s, q_hard=q_hard)
    return as_output(kernels.qbar_dec(v["eps"], v["alpha"], v["s"], v["q_hard"]))


def bias_dec(eps, alpha=0.0, s=0.0, q_hard=0.0):
    r"""$2q_{\mathrm{dec}} - 1$, in double-double arithmetic (accurate near breakdown).

    Parameters
    ----------
    eps, alpha, s, q_hard : float or array_like
        As for `q_dec`.

    Returns
    -------
    float or numpy.ndarray
        The bias against a deceptive policy; $\le 0$ means systematic (or adversarial)
        error that no quantity of labels overcomes.

    Examples
    --------
    >>> round(bias_dec(0.1, 0.0, 0.5, 0.0), 12)
    -0.1
    """
    v = validate("bias_dec", eps=eps, alpha=alpha, s=s, q_hard=q_hard)
    return as_output(kernels.bias_dec(v["eps"], v["alpha"], v["s"], v["q_hard"]))


def margin(d, eps, alpha=0.0, s=0.0, q_hard=0.0):
    r"""Expected evidence per label for the aligned policy against the weakest opponent.

    Against a deceptive policy (the weakest when raters prefer deceptive outputs on hard
    queries) the margin is

    $$d\,(2q_{\mathrm{dec}} - 1) = d\big((1-\alpha)((1-s)(1-2\varepsilon) + s(2q_{\mathrm{hard}} - 1)) - \alpha\big),$$

    which is $d((1-\alpha)(1-2\varepsilon) - \alpha)$ without systematic error. If it is
    $\le 0$ no amount of data makes the aligned policy win under a generic objective.

    Parameters
    ----------
    d : float or array_like
        Separation probability.
    eps : float or array_like
        Rater error rate.
    alpha : float or array_like
        Adversarial fraction.
    s, q_hard : float or array_like
        Systematic error: share of too-hard separating queries and raters' accuracy on them.

    Returns
    -------
    float or numpy.ndarray
        The margin (the smaller of the deceptive and ordinary ones).

    Examples
    --------
    >>> round(margin(0.1, 0.2), 12)
    0.06
    >>> round(margin(0.1, 0.1, s=0.5, q_hard=0.0), 12)       # systematic error wins
    -0.01
    """
    v = validate("margin", d=d, eps=eps, alpha=alpha, s=s, q_hard=q_hard)
    x = np.minimum(kernels.bias_dec(v["eps"], v["alpha"], v["s"], v["q_hard"]), kernels.bias_alpha(v["eps"], v["alpha"]))
    return as_output(v["d"] * x)


def breakdown_alpha(eps, s=0.0, q_hard=0.0):
    r"""Breakdown fraction of adversarial raters: the margin is $\le 0$ for $\alpha \ge \alpha^*$.

    With $p$ the honest raters' accuracy on the separating queries of the weakest opponent
    ($p = 1-\varepsilon$ without systematic error, $(1-s)(1-\varepsilon) + s\,q_{\mathrm{hard}}$
    against a deceptive policy), $\alpha^* = (2p-1)/(2p)$ (0 when $p \le 1/2$).

    Parameters
    ----------
    eps : float or array_like
        Rater error rate.
    s, q_hard : float or array_like
        Systematic error.

    Returns
    -------
    float or numpy.ndarray
        $\alpha^*$.

    Examples
    --------
    >>> breakdown_alpha(0.2)
    0.375
    >>> round(breakdown_alpha(0.1, s=0.25, q_hard=0.2), 12)   # p = 0.725
    0.310344827586
    """
    v = validate("breakdown_alpha", eps=eps, s=s, q_hard=q_hard)
    p = np.minimum(kernels.p_dec(v["eps"], v["s"], v["q_hard"]), 1.0 - v["eps"])
    x = np.minimum(kernels.bias_dec(v["eps"], 0.0 * p, v["s"], v["q_hard"]), kernels.bias_alpha(v["eps"], 0.0 * p))
    return as_output(np.where(x > 0, x / (2.0 * p), 0.0))


def breakdown_s(eps, q_hard=0.0, alpha=0.0):
    r"""Largest share of too-hard queries the aligned policy survives: the margin against a deceptive policy is $\le 0$ for $s \ge s^*$.

    Solving $(1-\alpha)((1-s)(1-\varepsilon) + s\,q_{\mathrm{hard}}) = 1/2$ for $s$:

    $$s^* = \frac{(1-\alpha)(1-\varepsilon) - 1/2}{(1-\alpha)(1-\varepsilon - q_{\mathrm{hard}})},$$

    `inf` when hard queries do not hurt ($q_{\mathrm{hard}}$ high enough that no share
    breaks the margin) and 0 when the margin is gone already at $s = 0$.

    Parameters
    ----------
    eps : float or array_like
        Rater error rate.
    q_hard : float or array_like
        Raters' accuracy on too-hard queries.
    alpha : float or array_like
        Adversarial fraction.

    Returns
    -------
    float or numpy.ndarray
        $s^*$, in $[0, 1]$, or `inf` if every $s \in [0, 1]$ keeps a positive margin.

    Examples
    --------
    >>> round(breakdown_s(0.1, q_hard=0.0), 12)     # 0.4 / 0.9
    0.444444444444
    >>> breakdown_s(0.1, q_hard=0.6)                  # hard queries still lean the right way
    inf
    """
    v = validate("breakdown_s", eps=eps, q_hard=q_hard, alpha=alpha)
    e, qh, a = v["eps"], v["q_hard"], v["alpha"]
    x0 = kernels.bias_alpha(e, a)                                   # margin (per d) at s = 0
    x1 = kernels.bias_dec(e, a, np.ones_like(e), qh)                # at s = 1
    with np.errstate(divide="ignore", invalid="ignore"):
        s_star = x0 / (x0 - x1)                              # the bias is linear in s
    out = np.where(x0 <= 0, 0.0, np.where(x1 > 0, np.inf, s_star))
    return as_output(out)


def latent_q_c(d, q_alpha_, qbar_alpha_, q_dec_, qbar_dec_):
    r"""$q_c$ and $1 - q_c$: the shares of labels that agree and disagree with the aligned policy in the exact race.

    The exact race treats a label's correctness as the latent variable: each label agrees
    with the aligned policy with probability $q_c$ and, given that, every unaligned policy
    separates independently. With hard queries where the deceptive policies differ from the
    aligned one, $q_c = (1-d)\,q_\alpha + d\,q_{\mathrm{dec}}$; where that leaves a
    separation probability above 1 (large $d$) it is moved to the nearest admissible value,
    $1 - q_c \in [d \max(\bar q_\alpha, \bar q_{\mathrm{dec}}),\ 1 - d\max(q_\alpha, q_{\mathrm{dec}})]$.
    Both are formed as sums of positive terms (each keeps its relative accuracy).

    Parameters
    ----------
    d : array_like
        Separation probability.
    q_alpha_, qbar_alpha_, q_dec_, qbar_dec_ : array_like
        $q_\alpha$, $1 - q_\alpha$, $q_{\mathrm{dec}}$ and $1 - q_{\mathrm{dec}}$.

    Returns
    -------
    q_c, qbar_c : numpy.ndarray
        $q_c$ and $1 - q_c$; equal to $q_\alpha$, $1 - q_\alpha$ when the two kinds of
        policy agree (no systematic error).

    Raises
    ------
    ValueError
        If no admissible value exists: $d\,(1 + |q_\alpha - q_{\mathrm{dec}}|) > 1$, i.e.
        the deceptive and ordinary policies cannot both be separated with probability $d$
        while raters are right at different rates on their separating queries.

    Examples
    --------
    >>> [float(x) for x in latent_q_c(0.1, 0.8, 0.2, 0.8, 0.2)]
    [0.8, 0.2]
    >>> [round(float(x), 12) for x in latent_q_c(0.1, 0.9, 0.1, 0.5, 0.5)]
    [0.86, 0.14]
    """
    d, qa, qba, qd, qbd = np.broadcast_arrays(*(np.asarray(x, float) for x in (d, q_alpha_, qbar_alpha_, q_dec_, qbar_dec_)))
    dc = 1.0 - d
    qc = dc * qa + d * qd
    qcc = dc * qba + d * qbd
    lo = d * np.maximum(qba, qbd)                  # 1 - q_c >= d max(1 - q): r2 <= 1
    hi = d * np.maximum(qa, qd)                    # q_c >= d max(q): r1 <= 1
    same = qba == qbd
    # admissible iff d (1 + |q_alpha - q_dec|) <= 1, i.e. d |gap| <= 1 - d: decided from the complements and
    # 1 - d, both exact or accurate, not from lo + hi, where 1 + 1e-24 rounds to 1
    with np.errstate(invalid="ignore"):
        bad = ~same & (d * np.abs(qbd - qba) > dc * (1.0 + 4e-16))
    if np.any(bad):
        i = np.flatnonzero(np.ravel(bad))[0]
        dv = float(np.ravel(d)[i])
        gap = abs(float(np.ravel(qba - qbd)[i]))
        raise ParameterValueError(
            f"d={dv!r} is too large for this systematic error: every unaligned policy is separated "
            f"with probability d, but raters are right at rates differing by {gap:.4g} between the "
            f"deceptive and the ordinary policies' separating queries, which needs d (1 + {gap:.4g}) <= 1 "
            f"(got {dv * (1 + gap):.6g}); lower d, s or the gap between q_hard and 1 - eps"
        )
    low = ~same & (qcc < lo)                       # too few wrong labels: raise 1 - q_c to lo
    high = ~same & (qc < hi)                       # too few right labels: raise q_c to hi
    qcc_lo = lo
    qc_lo = dc + d * np.minimum(qa, qd)            # 1 - lo
    qc_hi = hi
    qcc_hi = dc + d * np.minimum(qba, qbd)         # 1 - hi
    qc = np.where(low, qc_lo, np.where(high, qc_hi, qc))
    qcc = np.where(low, qcc_lo, np.where(high, qcc_hi, qcc))
    return qc, qcc


def latent_qbar_c(d, qbar_alpha_, qbar_dec_):
    r"""$1 - q_c$ of the exact race's latent model (see `latent_q_c`), from the complements alone.

    Parameters
    ----------
    d : array_like
        Separation probability.
    qbar_alpha_, qbar_dec_ : array_like
        $1 - q_\alpha$ and $1 - q_{\mathrm{dec}}$.

    Returns
    -------
    numpy.ndarray
        $1 - q_c$.

    Raises
    ------
    ValueError
        As `latent_q_c`.

    Examples
    --------
    >>> float(latent_qbar_c(0.1, 0.2, 0.2))
    0.2
    >>> round(float(latent_qbar_c(0.1, 0.1, 0.5)), 12)
    0.14
    """
    qba, qbd = np.asarray(qbar_alpha_, float), np.asarray(qbar_dec_, float)
    return latent_q_c(d, 1.0 - qba, qba, 1.0 - qbd, qbd)[1]


def plotkin_limit(K=None, *, bits=None):
    r"""The largest separation every pair of $K$ binary-labelled candidates can share (Plotkin 1960).

    $K/(2(K-1))$ for even $K$, $(K+1)/(2K)$ for odd $K$; $1/2$ in the limit. An
    *exchangeable* class (every candidate may be the aligned one, every pair separated with
    probability $d$) exists iff $d$ is at most this: attained by queries on which a uniformly
    random half of the candidates (rounded) answers one way, mixed with queries on which all
    agree.

    Parameters
    ----------
    K : float or array_like, optional
        Number of candidates (integers; non-integers are treated as the largest integer below).
    bits : float or array_like, optional
        $\log_2 K$ instead (for $K$ beyond the largest float the limit is 1/2).

    Returns
    -------
    float or numpy.ndarray
        The limit.

    Examples
    --------
    >>> plotkin_limit(2), plotkin_limit(3), plotkin_limit(4)
    (1.0, 0.6666666666666666, 0.6666666666666666)
    >>> plotkin_limit(bits=2000)
    0.5
    """
    if bits is not None:
        b = validate("plotkin_limit", bits=bits)["bits"]
        with np.errstate(over="ignore"):
            K_ = np.exp2(b)
    else:
        K_ = validate("plotkin_limit", K=K)["K"]
    k = np.floor(K_)
    with np.errstate(invalid="ignore", divide="ignore"):
        even = np.mod(k, 2) == 0
        lim = np.where(even, k / (2.0 * (k - 1.0)), (k + 1.0) / (2.0 * k))
    return as_output(np.where(np.isfinite(k) & (k < 2**53), lim, 0.5))


def symbolic(name: str):
    r"""The sympy expression of a derived quantity, in vocabulary symbols.

    Parameters
    ----------
    name : str
        A key of `QUANTITIES`.

    Returns
    -------
    sympy.Expr
        E.g. $(1-\alpha)(1-\varepsilon)$ for `"q_alpha"`.

    Examples
    --------
    >>> symbolic("bias_alpha")
    2*(1 - alpha)*(1 - eps) - 1
    """
    try:
        return QUANTITIES[name].expr()
    except KeyError:
        raise UnknownNameError(f"no derived quantity {name!r}; known: {', '.join(QUANTITIES)}") from None
