r"""Fits of a learning curve, for `bounds.evidence.check`: a saturating power law and a log-linear trend.

* saturating: $\text{accuracy} = A - c\,n^{-\gamma}$ ($c \ge 0$, $0 < \gamma \le 3$), by
  weighted least squares (`scipy.optimize.curve_fit`; weights from each point's binomial
  standard error when test-set sizes are known), four points or more; $A$ is the curve's
  asymptote, with its standard error from the fit's covariance;
* log-linear: $\text{accuracy} = a + b \log_{10} n$, the trend several reward-model papers
  report (e.g. Bai et al. 2022, §3.1-3.2: "log-linear trends in both dataset and model
  size"), two points or more; where $b > 0$ it reaches any ceiling $u$ at
  $n = 10^{(u - a)/b}$, so it must bend before that.

Examples
--------
>>> import numpy as np
>>> from bounds.evidence_fits import fit_log_linear, fit_saturating
>>> n = np.array([1e3, 1e4, 1e5])
>>> f = fit_log_linear(n, np.array([0.55, 0.62, 0.68]), ceiling=0.8)
>>> round(f.params["slope"], 3), f"{f.ceiling_at:.3g}"
(0.065, '6.61e+06')
>>> n = np.array([500, 1000, 2000, 4000, 8000, 16000])
>>> g = fit_saturating(n, 0.75 - 2.0 * n ** -0.5)
>>> round(g.asymptote, 6), round(g.params["gamma"], 6)
(0.75, 0.5)
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize

__all__ = ["CurveFit", "fit_saturating", "fit_log_linear"]


@dataclass(frozen=True)
class CurveFit:
    r"""A fitted learning curve.

    Attributes
    ----------
    kind : str
        "saturating" ($A - c\,n^{-\gamma}$) or "log-linear" ($a + b\log_{10} n$).
    params : dict
        The fitted parameters: `A, c, gamma`, or `intercept, slope`.
    se : dict
        Their standard errors (`nan` where the fit leaves no degrees of freedom).
    asymptote : float
        $A$ for the saturating fit; `inf` for a rising log-linear trend.
    asymptote_se : float
        Standard error of $A$ (`nan` for the log-linear trend).
    ceiling_at : float
        Where a rising log-linear trend reaches the ceiling it was given (`nan` otherwise).
    n_points : int
        Points fitted.

    Examples
    --------
    >>> f = fit_log_linear([1e3, 1e4, 1e5], [0.55, 0.6, 0.65])
    >>> f.kind, round(f.params["slope"], 6), f.n_points
    ('log-linear', 0.05, 3)
    """

    kind: str
    params: dict
    se: dict
    asymptote: float
    asymptote_se: float
    ceiling_at: float = math.nan
    n_points: int = 0
    ceiling: float = field(default=math.nan, repr=False)

    def predict(self, n):
        """The fitted accuracy at `n` labels.

        Examples
        --------
        >>> f = CurveFit("log-linear", {"intercept": 0.4, "slope": 0.05}, {}, math.inf, math.nan)
        >>> round(float(f.predict(1e4)), 6)
        0.6
        """
        x = np.asarray(n, dtype=float)
        p = self.params
        if self.kind == "saturating":
            return p["A"] - p["c"] * x ** (-p["gamma"])
        return p["intercept"] + p["slope"] * np.log10(x)

    def to_dict(self) -> dict:
        """JSON-ready (non-finite numbers as strings)."""
        def num(x):
            return x if math.isfinite(x) else str(x)
        return {"kind": self.kind, "params": {k: num(v) for k, v in self.params.items()},
                "se": {k: num(v) for k, v in self.se.items()}, "asymptote": num(self.asymptote),
                "asymptote_se": num(self.asymptote_se), "ceiling_at": num(self.ceiling_at),
                "n_points": self.n_points}

    def __repr__(self) -> str:
        p = self.params
        if self.kind == "saturating":
            se = "" if not math.isfinite(self.asymptote_se) else f" ± {self.asymptote_se:.2g}"
            return (f"saturating fit: {p['A']:.4g}{se} - {p['c']:.3g} n^-{p['gamma']:.3g} "
                    f"({self.n_points} points)")
        text = f"log-linear fit: {p['intercept']:.4g} + {p['slope']:.4g} log10 n ({self.n_points} points)"
        if math.isfinite(self.ceiling_at):
            text += f", at the ceiling {self.ceiling:.4g} by n = {self.ceiling_at:.3g}"
        return text


def _usable(n, acc):
    keep = (np.asarray(n) > 0) & np.isfinite(acc)
    return np.asarray(n, dtype=float)[keep], np.asarray(acc, dtype=float)[keep], keep


def fit_log_linear(n, accuracy, ceiling=math.nan):
    r"""Least-squares $a + b \log_{10} n$ (points with $n > 0$); None with fewer than two distinct $n$.

    Parameters
    ----------
    n, accuracy : array_like
        The points.
    ceiling : float, optional
        Where to report the trend reaching it (`ceiling_at`).

    Examples
    --------
    >>> f = fit_log_linear([1e3, 1e4], [0.6, 0.65], ceiling=0.8)
    >>> f"{f.ceiling_at:.3g}"
    '1e+07'
    """
    x, y, _ = _usable(n, accuracy)
    if np.unique(x).size < 2:
        return None
    lx = np.log10(x)
    X = np.stack([np.ones_like(lx), lx], axis=1)
    coef, *_ = np.linalg.lstsq(X, y, rcond=None)
    a, b = float(coef[0]), float(coef[1])
    se_a = se_b = math.nan
    if x.size > 2:
        resid = y - X @ coef
        s2 = float(resid @ resid) / (x.size - 2)
        cov = s2 * np.linalg.inv(X.T @ X)
        se_a, se_b = math.sqrt(cov[0, 0]), math.sqrt(cov[1, 1])
    at = 10.0 ** ((ceiling - a) / b) if b > 0 and math.isfinite(ceiling) and (ceiling - a) / b < 300 else math.nan
    if b > 0 and math.isfinite(ceiling) and (ceiling - a) / b >= 300:
        at = math.inf
    return CurveFit("log-linear", {"intercept": a, "slope": b}, {"intercept": se_a, "slope": se_b},
                    math.inf if b > 0 else a, math.nan, at, int(x.size), float(ceiling))


def _model(x, A, c, g):
    return A - c * x ** (-g)


def fit_saturating(n, accuracy, test_size=None):
    r"""Weighted least-squares $A - c\,n^{-\gamma}$; None with fewer than four distinct $n > 0$ or if it fails.

    With `test_size`, each point is weighted by its binomial standard error
    $\sqrt{a(1-a)/m}$ (at least $1/(2m)$) and the covariance is absolute; without, the
    residuals set the scale.

    Examples
    --------
    >>> import numpy as np
    >>> n = np.array([100, 300, 1000, 3000, 10000])
    >>> round(fit_saturating(n, 0.8 - 0.9 * n ** -0.4).asymptote, 6)
    0.8
    >>> fit_saturating([1, 2, 3], [0.5, 0.6, 0.7]) is None        # fewer than four points
    True
    """
    x, y, keep = _usable(n, accuracy)
    if np.unique(x).size < 4:
        return None
    sigma, absolute = None, False
    if test_size is not None:
        m = np.asarray(test_size, dtype=float)[keep]
        sigma, absolute = np.maximum(np.sqrt(y * (1 - y) / m), 0.5 / m), True
    span = max(float(y.max() - y.min()), 1e-3)
    p0 = (float(y.max()) + 0.1 * span, span * float(x.min()) ** 0.5, 0.5)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            popt, pcov = optimize.curve_fit(_model, x, y, p0=p0, sigma=sigma, absolute_sigma=absolute,
                                            bounds=([0.0, 0.0, 1e-3], [2.0, np.inf, 3.0]), maxfev=20000)
    except (RuntimeError, ValueError):
        return None
    se = np.sqrt(np.clip(np.diag(pcov), 0.0, np.inf)) if np.all(np.isfinite(pcov)) else np.full(3, math.nan)
    A, c, g = (float(v) for v in popt)
    return CurveFit("saturating", {"A": A, "c": c, "gamma": g},
                    {"A": float(se[0]), "c": float(se[1]), "gamma": float(se[2])}, A, float(se[0]),
                    math.nan, int(x.size))
