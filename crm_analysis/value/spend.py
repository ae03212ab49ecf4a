"""Gamma-Gamma model of the value of a customer's transactions (spend per purchase).

The model (Fader, Hardie & Lee 2005b; Fader & Hardie 2013):

* customer *i*'s transaction values :math:`z_{i1}, z_{i2}, \\dots` are
  independent draws from :math:`\\text{Gamma}(p, \\text{rate}=\\nu_i)`, so the
  customer's mean spend is :math:`\\zeta_i = p/\\nu_i`;
* across customers :math:`\\nu_i \\sim \\text{Gamma}(q, \\text{rate}=\\gamma)`
  (``v`` below is :math:`\\gamma`);
* spend is independent of the purchase process (frequency, recency).

For a customer with :math:`x` repeat transactions of mean value
:math:`\\bar z`, the sum :math:`x\\bar z` is :math:`\\text{Gamma}(px, \\nu_i)`,
and integrating over :math:`\\nu_i` gives the density of the mean

.. math::

    f(\\bar z \\mid p, q, \\gamma; x) =
    \\frac{\\Gamma(px+q)}{\\Gamma(px)\\,\\Gamma(q)}
    \\frac{\\gamma^{q}\\, \\bar z^{\\,px-1}\\, x^{px}}{(\\gamma + x\\bar z)^{px+q}},

whose log summed over repeat buyers is the log-likelihood (``log_likelihood_``).
The conditional expected spend of a customer is a weighted average of the
population mean :math:`p\\gamma/(q-1)` and the customer's own mean:

.. math::

    E(Z \\mid \\bar z, x) = \\frac{q-1}{px+q-1}\\,\\frac{p\\gamma}{q-1}
                          + \\frac{px}{px+q-1}\\,\\bar z .

Only repeat buyers (``frequency > 0``) carry information: the papers fit the
model to the mean value of the *repeat* purchases (the first purchase is left
out because it differs systematically), which is what
:func:`~crm_analysis.value.rfm_summary` reports as ``monetary_value``.

References
----------
Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005b). RFM and CLV: Using
iso-value curves for customer base analysis. *Journal of Marketing Research*
42(4), 415-430.
Fader, P. S., & Hardie, B. G. S. (2013). The Gamma-Gamma model of monetary
value. http://brucehardie.com/notes/025/
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import optimize, special

from ..base import CRMEstimator, summary_table
from ..exceptions import ConvergenceError, ConvergenceWarning, CRMDataError, DataExclusionWarning
from ..validation import check_columns, check_not_empty, offending_rows, to_numeric_column

__all__ = ["GammaGammaModel", "SpendCorrelationWarning"]

PARAM_NAMES = ["p", "q", "v"]


class SpendCorrelationWarning(UserWarning):
    """Frequency and spend are correlated, but the Gamma-Gamma model assumes they are independent."""


class GammaGammaModel(CRMEstimator):
    """Gamma-Gamma spend model (p, q, v) fitted to the repeat buyers of an RFM summary.

    Parameters
    ----------
    correlation_threshold : float, default 0.3
        Warn (:class:`SpendCorrelationWarning`) when the absolute Pearson
        correlation between ``frequency`` and ``monetary_value`` among repeat
        buyers exceeds this.  The model assumes independence; on CDNOW the
        correlation is about 0.11.
    max_iter : int, default 1000
        Iteration limit of the optimiser.

    Attributes
    ----------
    params_ : Series
        ``p, q, v``.
    log_likelihood_ : float
        Total log-likelihood of the repeat buyers' mean spends (density of the
        mean, formula in the module docstring).
    n_customers_ : int
        Repeat buyers used in the fit.
    frequency_spend_correlation_ : float
        Pearson correlation of frequency and monetary value among them.

    Examples
    --------
    >>> from crm_analysis.datasets import load_cdnow
    >>> from crm_analysis.value import rfm_summary, GammaGammaModel
    >>> s = rfm_summary(load_cdnow(), amount_col="amount", observation_end="1997-09-30",
    ...                 time_unit="W")  # doctest: +SKIP
    >>> GammaGammaModel().fit(s).params_.round(2).tolist()  # doctest: +SKIP
    [6.25, 3.74, 15.44]
    """

    def __init__(self, correlation_threshold: float = 0.3, max_iter: int = 1000):
        self.correlation_threshold = correlation_threshold
        self.max_iter = max_iter

    # ------------------------------------------------------------------ fitting
    def fit(self, summary: pd.DataFrame) -> "GammaGammaModel":
        """Fit by maximum likelihood (log parameters, analytic gradient) to customers with ``frequency > 0``.

        ``summary`` needs ``frequency`` and ``monetary_value`` (the mean value of
        the repeat purchases); it is not modified.  Customers with frequency 0
        are excluded with a :class:`DataExclusionWarning` giving their count.
        """
        x, z = _repeat_buyers(summary, warn=True)
        self.frequency_spend_correlation_ = _correlation(x, z)
        if abs(self.frequency_spend_correlation_) > self.correlation_threshold:
            warnings.warn(
                f"frequency and monetary_value are correlated among repeat buyers "
                f"(Pearson r = {self.frequency_spend_correlation_:.3f}); the Gamma-Gamma model assumes "
                f"spend is independent of purchase frequency, so its spend predictions may be biased",
                SpendCorrelationWarning, stacklevel=2)
        theta, result = _maximise(x, z, self.max_iter)
        self.params_ = pd.Series(theta, index=PARAM_NAMES, name="estimate")
        self.log_likelihood_ = float(_loglik_terms(theta, x, z).sum())
        self.n_customers_ = int(len(x))
        self._hessian = _hessian(theta, x, z)
        self.optimizer_message_ = str(result.message)
        if theta[1] <= 1:
            warnings.warn(f"q = {theta[1]:.3f} <= 1: the population mean spend p*v/(q-1) does not exist",
                          ConvergenceWarning, stacklevel=2)
        return self

    # ------------------------------------------------------------------ results
    def summary(self, ci_level: float = 0.95) -> pd.DataFrame:
        """Estimates with standard errors from the observed information (inverse Hessian).

        Intervals are Wald intervals on the log scale (they stay positive).
        """
        self._check_fitted()
        theta = self.params_.to_numpy()
        cov = np.linalg.inv(-self._hessian)
        se_log = np.sqrt(np.diag(cov)) / theta
        return summary_table(theta, se_log, ci_level=ci_level, index=PARAM_NAMES, log_scale=True, null_value=None)

    def population_mean_spend(self) -> float:
        """Mean spend per transaction of a random customer, :math:`p v / (q - 1)` (needs q > 1)."""
        self._check_fitted()
        p, q, v = self.params_.to_numpy()
        return float(p * v / (q - 1)) if q > 1 else float("inf")

    def conditional_expected_spend(self, summary: pd.DataFrame) -> pd.Series:
        """Expected value of a customer's future transactions given ``frequency`` and ``monetary_value``.

        Customers with frequency 0 get the population mean :math:`pv/(q-1)`.
        Returns a Series indexed like ``summary``.
        """
        self._check_fitted()
        frame = _spend_columns(summary)
        x, z = frame["frequency"].to_numpy(), frame["monetary_value"].to_numpy()
        p, q, v = self.params_.to_numpy()
        z = np.where(x > 0, z, 0.0)
        expected = p * (v + x * z) / (p * x + q - 1)
        return pd.Series(expected, index=summary.index, name="expected_spend")


# ---------------------------------------------------------------------- input
def _spend_columns(summary: pd.DataFrame) -> pd.DataFrame:
    name = "summary"
    check_columns(summary, ["frequency", "monetary_value"], name=name)
    check_not_empty(summary, name=name)
    out = pd.DataFrame({col: to_numeric_column(summary, col, name=name) for col in ["frequency", "monetary_value"]},
                       index=summary.index)
    freq = out["frequency"]
    for mask, message in [(freq < 0, "must be non-negative"), (freq != np.round(freq), "must hold whole numbers")]:
        if mask.any():
            raise CRMDataError(f"column 'frequency' of {name} {message} in {offending_rows(mask, out.index)}")
    return out


def _repeat_buyers(summary: pd.DataFrame, warn: bool) -> tuple[np.ndarray, np.ndarray]:
    frame = _spend_columns(summary)
    one_off = frame["frequency"] == 0
    if one_off.any() and warn:
        warnings.warn(f"{int(one_off.sum())} of {len(frame)} customers with frequency 0 excluded from the "
                      f"Gamma-Gamma fit: spend is modelled on repeat purchases only",
                      DataExclusionWarning, stacklevel=3)
    repeat = frame.loc[~one_off]
    if len(repeat) < 2:
        raise CRMDataError("the Gamma-Gamma model needs at least 2 customers with frequency > 0 in column 'frequency'")
    bad = repeat["monetary_value"] <= 0
    if bad.any():
        raise CRMDataError(f"column 'monetary_value' of summary must be positive for repeat buyers "
                           f"(frequency > 0); non-positive in {offending_rows(bad, repeat.index)}")
    return repeat["frequency"].to_numpy(), repeat["monetary_value"].to_numpy()


def _correlation(x: np.ndarray, z: np.ndarray) -> float:
    if np.ptp(x) == 0 or np.ptp(z) == 0:
        return 0.0
    return float(np.corrcoef(x, z)[0, 1])


# ---------------------------------------------------------------------- likelihood
def _loglik_terms(theta, x, z):
    p, q, v = theta
    px = p * x
    return (special.gammaln(px + q) - special.gammaln(px) - special.gammaln(q) + q * np.log(v)
            + (px - 1) * np.log(z) + px * np.log(x) - (px + q) * np.log(v + x * z))


def _gradient(theta, x, z):
    """d logL / d(p, q, v)."""
    p, q, v = theta
    px = p * x
    dig = special.digamma(px + q)
    log_vxz = np.log(v + x * z)
    d_p = np.sum(x * (dig - special.digamma(px) + np.log(z) + np.log(x) - log_vxz))
    d_q = np.sum(dig - special.digamma(q) + np.log(v) - log_vxz)
    d_v = np.sum(q / v - (px + q) / (v + x * z))
    return np.array([d_p, d_q, d_v])


def _hessian(theta, x, z):
    """Second derivatives of logL in (p, q, v): the negative observed information."""
    p, q, v = theta
    px = p * x
    tri = special.polygamma(1, px + q)
    w = v + x * z
    h_pp = np.sum(x ** 2 * (tri - special.polygamma(1, px)))
    h_pq = np.sum(x * tri)
    h_pv = np.sum(-x / w)
    h_qq = np.sum(tri - special.polygamma(1, q))
    h_qv = np.sum(1 / v - 1 / w)
    h_vv = np.sum(-q / v ** 2 + (px + q) / w ** 2)
    return np.array([[h_pp, h_pq, h_pv], [h_pq, h_qq, h_qv], [h_pv, h_qv, h_vv]])


def _maximise(x, z, max_iter):
    """Minimise the mean negative log-likelihood over log(p, q, v)."""
    n = len(x)

    def objective(log_theta):
        theta = np.exp(log_theta)
        value = -_loglik_terms(theta, x, z).sum() / n
        grad = -_gradient(theta, x, z) * theta / n  # chain rule: d/dlog(theta) = theta * d/dtheta
        return value, grad

    # start: p from the within-customer spread is unknown here; a neutral start converges on real data
    start = np.log([1.0, 2.0, float(np.mean(z))])
    result = optimize.minimize(objective, start, jac=True, method="L-BFGS-B",
                               bounds=[(-15.0, 15.0)] * 3, options={"maxiter": max_iter})
    theta = np.exp(result.x)
    grad_norm = np.max(np.abs(objective(result.x)[1]))
    if not np.all(np.isfinite(theta)) or (not result.success and grad_norm > 1e-4):
        raise ConvergenceError(f"Gamma-Gamma fit failed: {result.message}")
    if np.any(np.abs(result.x) >= 15.0 - 1e-6):
        warnings.warn("a Gamma-Gamma parameter reached the search bound: the fit is unreliable",
                      ConvergenceWarning, stacklevel=3)
    return theta, result
