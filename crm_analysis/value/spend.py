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

**Currency units do not matter.**  Multiplying every spend by :math:`c` leaves
:math:`p, q` unchanged, multiplies :math:`\\gamma` by :math:`c` and shifts the
log-likelihood by :math:`-n\\log c`; the fit is computed on spend divided by
its mean and scaled back, so yen, dong or bitcoin give the same answer.

**When the data cannot identify the model** the fit refuses or warns instead of
returning numbers that mean nothing:

* fewer than 3 repeat buyers (one per parameter), or the same
  ``monetary_value`` for all of them (the likelihood then grows without bound
  as the spread shrinks): :class:`~crm_analysis.exceptions.CRMDataError`;
* a repeat buyer with non-positive, infinite or overflowing spend:
  :class:`~crm_analysis.exceptions.CRMDataError` naming the rows;
* an estimate at the edge of the parameter space: a
  :class:`~crm_analysis.exceptions.ConvergenceWarning` naming the parameter.
  Two limits of the model are fitted too: :math:`q\\to\\infty` (every customer
  has the same mean spend: the customers' means vary no more than chance) and
  :math:`p\\to\\infty` (no variation between a customer's purchases: the means
  follow an inverse-gamma law).  When a limit fits as well as the full model,
  the maximum is at the edge and the drifting parameter is arbitrary.

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

from ..base import CRMEstimator, DrawableParameters, summary_table
from ..exceptions import ConvergenceError, ConvergenceWarning, CRMDataError, DataExclusionWarning
from ..validation import check_columns, check_not_empty, offending_rows, to_numeric_column

__all__ = ["GammaGammaModel", "SpendCorrelationWarning"]

PARAM_NAMES = ["p", "q", "v"]


class SpendCorrelationWarning(UserWarning):
    """Frequency and spend are correlated, but the Gamma-Gamma model assumes they are independent."""


class GammaGammaModel(DrawableParameters, CRMEstimator):
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
    ci_level : float, default 0.95
        Level of the intervals :meth:`summary` reports (strictly between 0 and
        1; checked where it is used); a method's own ``ci_level=`` overrides
        it for that call.
    random_state : None, int or numpy Generator, default None
        Seed of every random step of the model (draws of the parameters from
        their sampling distribution); a method's own ``random_state=``
        overrides it for that call.  Fitting is deterministic.

    Attributes
    ----------
    params_ : Series
        ``p, q, v``.
    covariance_log_ : DataFrame
        Covariance of :math:`(\\log p, \\log q, \\log v)`: the inverse of the
        observed information of the log-parameters,
        :math:`[-\\operatorname{diag}(\\theta) H \\operatorname{diag}(\\theta)]^{-1}`
        with :math:`H` the Hessian of the log-likelihood in :math:`(p, q, v)`
        at the maximum (free of the currency unit).  NaN when that
        information is singular.
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

    def __init__(self, correlation_threshold: float = 0.3, max_iter: int = 1000, ci_level: float = 0.95,
                 random_state=None):
        self.correlation_threshold = correlation_threshold
        self.max_iter = max_iter
        self.ci_level = ci_level
        self.random_state = random_state

    # ------------------------------------------------------------------ fitting
    def fit(self, summary: pd.DataFrame) -> "GammaGammaModel":
        """Fit by maximum likelihood (log parameters, analytic gradient) to customers with ``frequency > 0``.

        ``summary`` needs ``frequency`` and ``monetary_value`` (the mean value of
        the repeat purchases); it is not modified.  Customers with frequency 0
        are excluded with a :class:`DataExclusionWarning` giving their count.

        Raises
        ------
        CRMDataError
            Missing, non-numeric, infinite or overflowing values; negative or
            fractional frequencies; a repeat buyer with non-positive spend;
            fewer than 3 repeat buyers; the same spend for all of them.
        ConvergenceError
            The optimiser failed away from the edge of the parameter space.

        Warns
        -----
        ConvergenceWarning
            The maximum is at the edge of the parameter space (module
            docstring), or q <= 1 (no finite population mean).
        SpendCorrelationWarning
            Frequency and spend are correlated (the model assumes independence).
        """
        x, z = _repeat_buyers(summary, warn=True)
        scale = float(np.mean(z))  # fit in units of the mean spend: currency-free (module docstring)
        self.frequency_spend_correlation_ = _correlation(x, z)
        if abs(self.frequency_spend_correlation_) > self.correlation_threshold:
            warnings.warn(
                f"frequency and monetary_value are correlated among repeat buyers "
                f"(Pearson r = {self.frequency_spend_correlation_:.3f}); the Gamma-Gamma model assumes "
                f"spend is independent of purchase frequency, so its spend predictions may be biased",
                SpendCorrelationWarning, stacklevel=2)
        theta_unit, result, converged = _maximise(x, z / scale, self.max_iter)
        on_edge = _warn_if_on_the_edge(theta_unit, x, z / scale, scale)
        if not converged and not on_edge:
            raise ConvergenceError(f"Gamma-Gamma fit failed: {result.message}")
        theta = theta_unit * np.array([1.0, 1.0, scale])
        self.params_ = pd.Series(theta, index=PARAM_NAMES, name="estimate")
        self.log_likelihood_ = float(_loglik_terms(theta, x, z).sum())
        self.n_customers_ = int(len(x))
        self._hessian = _hessian(theta, x, z)
        self.covariance_log_ = _covariance_log(self._hessian, theta)
        self.optimizer_message_ = str(result.message)
        if theta[1] <= 1:
            warnings.warn(f"q = {theta[1]:.3f} <= 1: the population mean spend p*v/(q-1) does not exist",
                          ConvergenceWarning, stacklevel=2)
        return self

    # ------------------------------------------------------------------ results
    def summary(self, ci_level: float | None = None) -> pd.DataFrame:
        """Estimates with standard errors from the observed information (``covariance_log_``).

        Intervals are Wald intervals on the log scale (they stay positive),
        :math:`\\hat\\theta\\exp(\\pm z_{(1+c)/2}\\,\\text{se}(\\log\\hat\\theta))`,
        at level ``ci_level`` (``None``: the model's ``ci_level``).
        """
        self._check_fitted()
        level = self.ci_level if ci_level is None else ci_level
        theta = self.params_.to_numpy()
        se_log = np.sqrt(np.diag(self.covariance_log_.to_numpy()))
        return summary_table(theta, se_log, ci_level=level, index=PARAM_NAMES, log_scale=True, null_value=None)

    def population_mean_spend(self) -> float:
        """Mean spend per transaction of a random customer, :math:`p v / (q - 1)` (needs q > 1)."""
        self._check_fitted()
        p, q, v = self.params_.to_numpy()
        return float(p * v / (q - 1)) if q > 1 else float("inf")

    def conditional_expected_spend(self, summary: pd.DataFrame) -> pd.Series:
        """Expected value of a customer's future transactions given ``frequency`` and ``monetary_value``.

        Customers with frequency 0 get the population mean :math:`pv/(q-1)`;
        when :math:`q \\le 1` that mean is infinite (a heavy tail of big
        spenders) and they get ``inf`` with a :class:`ConvergenceWarning`.
        Repeat buyers' spend must be finite and not negative (0, repeat
        purchases that were all free, is shrunk towards the population mean
        like any other value; :meth:`fit` needs it positive).
        Returns a Series indexed like ``summary``.
        """
        self._check_fitted()
        frame = _spend_columns(summary)
        x, z = frame["frequency"].to_numpy(), frame["monetary_value"].to_numpy()
        _check_repeat_spend(frame, allow_zero=True)
        p, q, v = self.params_.to_numpy()
        z = np.where(x > 0, z, 0.0)
        one_off = x == 0
        with np.errstate(divide="ignore"):
            expected = np.where(one_off & (q <= 1), np.inf, p * (v + x * z) / (p * x + q - 1))
        if q <= 1 and one_off.any():
            warnings.warn(f"q = {q:.3g} <= 1: the population mean spend p*v/(q-1) is infinite, so the "
                          f"{int(one_off.sum())} customer(s) with frequency 0 get an infinite expected spend "
                          f"({offending_rows(one_off, frame.index)})", ConvergenceWarning, stacklevel=2)
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


#: fewest repeat buyers the fit accepts: one per parameter (p, q, v)
MIN_REPEAT_BUYERS = 3


def _check_repeat_spend(frame: pd.DataFrame, *, allow_zero: bool = False) -> None:
    """Repeat buyers (frequency > 0) must have positive spend: the model is a density on (0, inf).

    Predictions (``allow_zero``) also take a mean spend of 0 (repeat purchases
    that were all free): the posterior mean :math:`p(v + x\bar z)/(px + q - 1)`
    is defined there; a negative spend never is.
    """
    bad = (frame["frequency"] > 0) & ((frame["monetary_value"] < 0) if allow_zero else (frame["monetary_value"] <= 0))
    if bad.any():
        examples = list(frame.loc[bad, "monetary_value"].unique()[:3])
        raise CRMDataError(f"column 'monetary_value' of summary must be {'non-negative' if allow_zero else 'positive'} "
                           f"for repeat buyers "
                           f"(frequency > 0); values such as {examples} in "
                           f"{offending_rows(bad, frame.index)}; refunds belong in the transaction log "
                           f"(rfm_summary excludes negative amounts), or leave these customers out")


def _repeat_buyers(summary: pd.DataFrame, warn: bool) -> tuple[np.ndarray, np.ndarray]:
    frame = _spend_columns(summary)
    one_off = frame["frequency"] == 0
    if one_off.any() and warn:
        warnings.warn(f"{int(one_off.sum())} of {len(frame)} customers with frequency 0 excluded from the "
                      f"Gamma-Gamma fit: spend is modelled on repeat purchases only",
                      DataExclusionWarning, stacklevel=3)
    repeat = frame.loc[~one_off]
    if len(repeat) == 0:
        raise CRMDataError(f"the Gamma-Gamma model needs at least {MIN_REPEAT_BUYERS} customers with frequency > 0 "
                           f"in column 'frequency'; nobody in summary repeats ({len(frame)} customers)")
    if len(repeat) < MIN_REPEAT_BUYERS:
        raise CRMDataError(f"the Gamma-Gamma model needs at least {MIN_REPEAT_BUYERS} customers with frequency > 0 "
                           f"in column 'frequency' (one per parameter p, q, v); summary has {len(repeat)} "
                           f"({offending_rows(~one_off, frame.index)})")
    _check_repeat_spend(repeat)
    z = repeat["monetary_value"].to_numpy()
    if np.ptp(z) <= 1e-12 * np.max(z):
        raise CRMDataError(f"column 'monetary_value' of summary has the same value ({z[0]:g}) for all {len(z)} "
                           f"repeat buyers: with no variation in spend the Gamma-Gamma likelihood has no maximum "
                           f"(it grows without bound as the spread shrinks); use {z[0]:g} as every customer's "
                           f"expected spend instead of fitting")
    return repeat["frequency"].to_numpy(), z


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


def _covariance_log(hessian, theta) -> pd.DataFrame:
    """Covariance of the log-parameters: the inverse of their observed information.

    The second derivative of the log-likelihood in :math:`\\eta = \\log\\theta`
    is :math:`\\operatorname{diag}(\\theta) H \\operatorname{diag}(\\theta)` plus
    :math:`\\operatorname{diag}(\\theta \\circ \\nabla\\ell)`, and the gradient is 0
    at the maximum (chain rule).  A singular information (an estimate on the
    edge, already warned about by the fit) gives NaN rather than an error.
    """
    try:
        cov = np.linalg.inv(-(hessian * np.outer(theta, theta)))
    except np.linalg.LinAlgError:
        cov = np.full((len(theta), len(theta)), np.nan)
    return pd.DataFrame(cov, index=PARAM_NAMES, columns=PARAM_NAMES)


def _maximise(x, z, max_iter):
    """Minimise the mean negative log-likelihood over log(p, q, v); returns ``(theta, result, converged)``.

    A failed search is not raised here: on a ridge towards the edge of the
    parameter space the line search fails, and :func:`_warn_if_on_the_edge`
    then explains why.
    """
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
    if not np.all(np.isfinite(theta)):
        raise ConvergenceError(f"Gamma-Gamma fit failed: {result.message}")
    return theta, result, bool(result.success or grad_norm <= 1e-4)


#: log-likelihood gap below which a limit of the model fits "as well" as the full model
EDGE_TOLERANCE = 1e-3
#: log search bound of the optimiser (spend in units of its mean)
LOG_BOUND = 15.0


def _limit_logliks(x, z) -> dict[str, float]:
    """Maximised log-likelihoods of the two edges of the parameter space (spend in units of its mean).

    ``"q"`` (q -> inf, every customer has the same rate nu): the mean of x purchases is
    Gamma(p x, rate x nu).  ``"p"`` (p -> inf, no spread within a customer): the mean is the
    customer's own mean p/nu, which is inverse-gamma with shape q and scale beta = p v.
    """
    log_x, log_z = np.log(x), np.log(z)

    def homogeneous(eta):
        p, nu = np.exp(eta)
        px = p * x
        return -np.sum(px * (log_x + np.log(nu)) + (px - 1) * log_z - x * nu * z - special.gammaln(px))

    def inverse_gamma(eta):
        q, beta = np.exp(eta)
        return -np.sum(q * np.log(beta) - special.gammaln(q) - (q + 1) * log_z - beta / z)

    out = {}
    for name, func in [("q", homogeneous), ("p", inverse_gamma)]:
        result = optimize.minimize(func, np.zeros(2), method="L-BFGS-B", bounds=[(-LOG_BOUND, LOG_BOUND)] * 2)
        out[name] = -float(result.fun) if np.isfinite(result.fun) else -np.inf
    return out


def _warn_if_on_the_edge(theta_unit, x, z_unit, scale: float) -> bool:
    """ConvergenceWarning (and True) when the maximum is at the edge (a limit fits as well) or at the search bound."""
    full = float(_loglik_terms(theta_unit, x, z_unit).sum())
    limits = _limit_logliks(x, z_unit)
    theta = theta_unit * np.array([1.0, 1.0, scale])
    values = dict(zip(PARAM_NAMES, theta))
    meaning = {
        "q": "the customers' mean spends vary no more than chance would make them: no heterogeneity between "
             "customers to estimate, and q (with v) drifts towards infinity",
        "p": "the spread of spend within customers cannot be told from the spread between them (e.g. one "
             "purchase each): p drifts towards infinity",
    }
    edges = [name for name, ll in limits.items() if ll >= full - EDGE_TOLERANCE]
    at_bound = [name for name, value in zip(PARAM_NAMES, np.log(theta_unit)) if abs(value) >= LOG_BOUND - 1e-6]
    if edges or at_bound:
        named = edges or at_bound
        what = "; ".join(meaning.get(name, f"{name} reached the search bound") for name in named)
        shown = ", ".join(f"{name} = {values[name]:.4g}" for name in dict.fromkeys(named + at_bound))
        warnings.warn(f"Gamma-Gamma estimate at the edge of the parameter space ({shown}) on {len(x)} repeat "
                      f"buyers: {what}. The estimates are arbitrary along that direction and their standard "
                      f"errors meaningless; use more repeat buyers, or the customers' average spend",
                      ConvergenceWarning, stacklevel=3)
        return True
    return False
