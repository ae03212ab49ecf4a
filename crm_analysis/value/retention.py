"""Shifted-beta-geometric (sBG) model of contractual retention.

Setting: customers sign up at the start and renew (or not) at the end of each
period (a year, a month).  The model (Fader & Hardie 2007):

* while alive, customer *i* cancels at the end of each period with a constant
  probability :math:`\\theta_i` (a shifted geometric lifetime :math:`T_i`,
  the period of cancellation, :math:`T_i \\ge 1`);
* across customers :math:`\\theta \\sim \\text{Beta}(\\alpha, \\beta)`.

Then, with :math:`B` the beta function,

.. math::

    P(T = t) = \\frac{B(\\alpha+1, \\beta+t-1)}{B(\\alpha, \\beta)}, \\qquad
    S(t) = P(T > t) = \\frac{B(\\alpha, \\beta+t)}{B(\\alpha, \\beta)}, \\qquad
    r_t = \\frac{S(t)}{S(t-1)} = \\frac{\\beta + t - 1}{\\alpha + \\beta + t - 1}.

**Why the retention rate rises with tenure.**  Every customer's own churn
probability is constant, yet the cohort's retention rate :math:`r_t` increases
with :math:`t`: customers with high :math:`\\theta` leave first, so the
survivors are increasingly the low-churn customers (a sorting effect of
heterogeneity, not a change in anyone's behaviour).  Projecting the observed
early retention rate forward as a constant therefore underestimates the
survivors and the value of the base.

A cohort observed for :math:`n` periods with :math:`n_0` customers at the
start and :math:`n_t` survivors after period :math:`t` has log-likelihood

.. math::

    \\ell(\\alpha, \\beta) = \\sum_{t=1}^{n} (n_{t-1} - n_t) \\log P(T = t) + n_n \\log S(n).

References
----------
Fader, P. S., & Hardie, B. G. S. (2007). How to project customer retention.
*Journal of Interactive Marketing* 21(1), 76-90.
Fader, P. S., & Hardie, B. G. S. (2010). Customer-base valuation in a
contractual setting: The perils of ignoring heterogeneity. *Marketing Science*
29(1), 85-93.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import optimize, special

from ..base import CRMEstimator, summary_table
from ..exceptions import ConvergenceError, ConvergenceWarning, CRMDataError

__all__ = ["ShiftedBetaGeoModel"]

PARAM_NAMES = ["alpha", "beta"]


class ShiftedBetaGeoModel(CRMEstimator):
    """sBG contractual retention model (alpha, beta) fitted from one cohort's survivor counts.

    Parameters
    ----------
    max_iter : int, default 1000
        Iteration limit of the optimiser.

    Attributes
    ----------
    params_ : Series
        ``alpha, beta`` of the beta distribution of churn probabilities.
    log_likelihood_ : float
    cohort_size_ : float
        The first survivor count (customers at the start).
    n_periods_ : int
        Periods observed (number of counts minus one).

    Examples
    --------
    >>> m = ShiftedBetaGeoModel().fit([1000, 631, 468, 382, 326, 289, 262, 241])
    >>> m.params_.round(3).tolist()
    [0.704, 1.182]
    """

    def __init__(self, max_iter: int = 1000):
        self.max_iter = max_iter

    # ------------------------------------------------------------------ fitting
    def fit(self, survivors) -> "ShiftedBetaGeoModel":
        """Fit to survivor counts ``[n_0, n_1, ..., n_n]``: ``n_0`` customers at the start, ``n_t`` after period t.

        Counts must not rise and must cover at least two periods (three
        numbers): one period identifies only the mean churn rate, not the
        heterogeneity.  Standard errors assume the counts are numbers of
        customers (not percentages).
        """
        counts = _check_survivors(survivors)
        lost = -np.diff(counts)
        remaining = counts[-1]

        def objective(log_theta):
            theta = np.exp(log_theta)
            value, grad = _loglik_and_gradient(theta, lost, remaining)
            return -value / counts[0], -grad * theta / counts[0]

        result = optimize.minimize(objective, np.zeros(2), jac=True, method="L-BFGS-B",
                                   bounds=[(-15.0, 15.0)] * 2, options={"maxiter": self.max_iter})
        grad_norm = np.max(np.abs(objective(result.x)[1]))
        if not result.success and grad_norm > 1e-5:
            raise ConvergenceError(f"sBG fit failed: {result.message}")
        if np.any(np.abs(result.x) >= 15.0 - 1e-6):
            warnings.warn("an sBG parameter reached the search bound (the counts may show no heterogeneity): "
                          "estimates are unreliable", ConvergenceWarning, stacklevel=2)
        theta = np.exp(result.x)
        self.params_ = pd.Series(theta, index=PARAM_NAMES, name="estimate")
        self.log_likelihood_ = float(_loglik_and_gradient(theta, lost, remaining)[0])
        self.cohort_size_ = float(counts[0])
        self.n_periods_ = int(len(counts) - 1)
        self._hessian = _hessian(theta, lost, remaining)
        return self

    def summary(self, ci_level: float = 0.95) -> pd.DataFrame:
        """Estimates with standard errors from the inverse observed information; log-scale Wald intervals."""
        self._check_fitted()
        theta = self.params_.to_numpy()
        se_log = np.sqrt(np.diag(np.linalg.inv(-self._hessian))) / theta
        return summary_table(theta, se_log, ci_level=ci_level, index=PARAM_NAMES, log_scale=True, null_value=None)

    # ------------------------------------------------------------------ predictions
    def survival(self, t) -> np.ndarray | float:
        """:math:`S(t)`: share of the starting cohort still a customer after period ``t`` (t = 0, 1, 2, ...)."""
        self._check_fitted()
        a, b = self.params_.to_numpy()
        t = np.asarray(t, dtype=float)
        return _scalar_or_array(np.exp(special.betaln(a, b + t) - special.betaln(a, b)))

    def retention_rate(self, t) -> np.ndarray | float:
        """:math:`r_t = (\\beta+t-1)/(\\alpha+\\beta+t-1)`: share of those alive after period t-1 who renew at t.

        It rises with ``t`` although no customer's churn probability changes:
        high-churn customers leave first, so later renewals come from an
        ever more loyal mix (see the module docstring).
        """
        self._check_fitted()
        a, b = self.params_.to_numpy()
        t = _periods(t)
        return _scalar_or_array((b + t - 1) / (a + b + t - 1))

    def churn_probability(self, t) -> np.ndarray | float:
        """:math:`P(T = t)`: share of the *starting* cohort that cancels at the end of period ``t`` (t >= 1).

        The conditional churn rate among customers alive at t-1 is ``1 - retention_rate(t)``.
        """
        self._check_fitted()
        a, b = self.params_.to_numpy()
        t = _periods(t)
        return _scalar_or_array(np.exp(special.betaln(a + 1, b + t - 1) - special.betaln(a, b)))

    def expected_lifetime(self) -> float:
        """Mean number of periods paid for by a new customer.

        :math:`E(T) = (\\alpha+\\beta-1)/(\\alpha-1)`; infinite when alpha <= 1 (a heavy tail of loyal customers).
        """
        self._check_fitted()
        a, b = self.params_.to_numpy()
        return float((a + b - 1) / (a - 1)) if a > 1 else float("inf")

    def discounted_expected_residual_lifetime(self, discount_rate: float, n_renewals: int = 0) -> float:
        """DERL: expected discounted number of future payments of a customer who has made ``n_renewals`` renewals.

        Evaluated just before the customer's next renewal decision, i.e. after
        ``n = n_renewals + 1`` paid periods (Fader & Hardie 2010, eq. 6):

        .. math::

            DERL(d \\mid \\alpha, \\beta, n-1) =
            \\frac{B(\\alpha, \\beta+n)}{B(\\alpha, \\beta+n-1)}\\;
            {}_2F_1\\!\\left(1, \\beta+n;\\ \\alpha+\\beta+n;\\ \\tfrac{1}{1+d}\\right),

        which is :math:`\\sum_{k\\ge0} P(\\text{alive for } k+1 \\text{ more renewals})/(1+d)^k`:
        the next payment (at the renewal) is undiscounted.  Multiply by the
        margin per period to get the customer's residual value.  Because
        survivors are the low-churn customers, DERL grows with tenure.
        """
        self._check_fitted()
        if discount_rate <= 0:
            raise CRMDataError(f"discount_rate must be positive, got {discount_rate}")
        if n_renewals < 0 or int(n_renewals) != n_renewals:
            raise CRMDataError(f"n_renewals must be a non-negative whole number, got {n_renewals}")
        a, b = self.params_.to_numpy()
        n = n_renewals + 1
        ratio = np.exp(special.betaln(a, b + n) - special.betaln(a, b + n - 1))
        return float(ratio * _hyp2f1_one(b + n, a + b + n, 1.0 / (1.0 + discount_rate)))

    def discounted_expected_lifetime(self, discount_rate: float) -> float:
        """Discounted expected lifetime (DEL) of a newly acquired customer, payments at t = 0, 1, ...

        :math:`DEL = \\sum_{t\\ge0} S(t)/(1+d)^t = {}_2F_1(1, \\beta; \\alpha+\\beta; 1/(1+d))` (Fader & Hardie 2010).
        """
        self._check_fitted()
        if discount_rate <= 0:
            raise CRMDataError(f"discount_rate must be positive, got {discount_rate}")
        a, b = self.params_.to_numpy()
        return float(_hyp2f1_one(b, a + b, 1.0 / (1.0 + discount_rate)))

    def projection(self, n_periods: int, observed=None, cohort_size: float | None = None) -> pd.DataFrame:
        """Projected survivors for periods 0..``n_periods`` (also past the data), next to ``observed`` counts if given.

        Columns: ``survival``, ``retention_rate`` (NaN at period 0),
        ``expected_survivors`` (``cohort_size`` x survival; default the fitted
        cohort size) and, with ``observed``, ``observed_survivors``.
        """
        self._check_fitted()
        periods = np.arange(int(n_periods) + 1)
        size = self.cohort_size_ if cohort_size is None else float(cohort_size)
        table = pd.DataFrame({"survival": self.survival(periods)}, index=pd.Index(periods, name="period"))
        table["retention_rate"] = np.r_[np.nan, self.retention_rate(periods[1:])] if n_periods >= 1 else np.nan
        table["expected_survivors"] = size * table["survival"]
        if observed is not None:
            counts = np.asarray(observed, dtype=float)
            table["observed_survivors"] = pd.Series(counts[: len(periods)], index=periods[: len(counts)])
        return table


# ---------------------------------------------------------------------- helpers
def _check_survivors(survivors) -> np.ndarray:
    name = "survivors"
    try:
        counts = np.asarray(survivors, dtype=float).ravel()
    except (TypeError, ValueError):
        raise CRMDataError(f"{name} must be a sequence of numbers, got {survivors!r}") from None
    if counts.size < 3:
        raise CRMDataError(f"{name} must cover at least two periods (three counts: the cohort at the start and "
                           f"two survivor counts); got {counts.size} number(s)")
    positions = np.arange(counts.size)
    if not np.all(np.isfinite(counts)):
        bad = positions[~np.isfinite(counts)][:5].tolist()
        raise CRMDataError(f"{name} has missing or infinite counts at positions {bad}")
    negative = (counts < 0) | ((positions == 0) & (counts <= 0))
    if negative.any():
        raise CRMDataError(f"{name} must be non-negative with a positive cohort size; "
                           f"bad counts at positions {positions[negative][:5].tolist()}")
    rises = np.r_[False, np.diff(counts) > 0]
    if rises.any():
        raise CRMDataError(f"{name} must not rise (a cohort can only shrink); counts rise at positions "
                           f"{positions[rises][:5].tolist()}: {counts[rises][:5].tolist()}")
    return counts


def _hyp2f1_one(b: float, c: float, z: float) -> float:
    """:math:`{}_2F_1(1, b; c; z) = \\sum_k \\prod_{j<k} \\frac{b+j}{c+j} z^k` for 0 < z < 1 and c > b.

    scipy's ``hyp2f1`` returns NaN for very large ``b, c`` (a nearly
    homogeneous cohort); the series then converges at least as fast as
    :math:`\\sum z^k` and is summed directly.
    """
    value = special.hyp2f1(1.0, b, c, z)
    if np.isfinite(value):
        return float(value)
    total, term, start, chunk = 0.0, 1.0, 0, 4096
    while True:
        j = np.arange(start, start + chunk)
        terms = term * np.cumprod(np.r_[1.0, ((b + j) / (c + j) * z)[:-1]])
        total += terms.sum()
        term = terms[-1] * (b + j[-1]) / (c + j[-1]) * z
        start += chunk
        if term < 1e-16 * total or start > 10_000_000:
            return float(total)


def _periods(t) -> np.ndarray:
    t = np.asarray(t, dtype=float)
    if np.any(t < 1):
        raise CRMDataError("periods t must be >= 1 (period 1 is the first renewal decision)")
    return t


def _scalar_or_array(values: np.ndarray):
    return float(values) if np.ndim(values) == 0 else values


def _loglik_and_gradient(theta, lost, remaining):
    """Log-likelihood and its gradient in (alpha, beta) for churn counts ``lost`` (periods 1..n) and ``remaining``."""
    a, b = theta
    t = np.arange(1, len(lost) + 1, dtype=float)
    n = float(len(lost))
    base = special.betaln(a, b)
    d_base = special.digamma(a + b)
    log_p = special.betaln(a + 1, b + t - 1) - base
    log_s = special.betaln(a, b + n) - base
    value = np.sum(lost * log_p) + remaining * log_s
    # d betaln(x, y)/dx = digamma(x) - digamma(x + y)
    dp_da = special.digamma(a + 1) - special.digamma(a + b + t) - (special.digamma(a) - d_base)
    dp_db = special.digamma(b + t - 1) - special.digamma(a + b + t) - (special.digamma(b) - d_base)
    ds_da = special.digamma(a) - special.digamma(a + b + n) - (special.digamma(a) - d_base)
    ds_db = special.digamma(b + n) - special.digamma(a + b + n) - (special.digamma(b) - d_base)
    grad = np.array([np.sum(lost * dp_da) + remaining * ds_da, np.sum(lost * dp_db) + remaining * ds_db])
    return float(value), grad


def _hessian(theta, lost, remaining):
    """Second derivatives of the log-likelihood in (alpha, beta) (trigamma terms of the beta functions)."""
    a, b = theta
    t = np.arange(1, len(lost) + 1, dtype=float)
    n = float(len(lost))
    tri = lambda x: special.polygamma(1, x)  # noqa: E731
    base_aa, base_ab, base_bb = tri(a) - tri(a + b), -tri(a + b), tri(b) - tri(a + b)
    p_aa = tri(a + 1) - tri(a + b + t) - base_aa
    p_ab = -tri(a + b + t) - base_ab
    p_bb = tri(b + t - 1) - tri(a + b + t) - base_bb
    s_aa = tri(a) - tri(a + b + n) - base_aa
    s_ab = -tri(a + b + n) - base_ab
    s_bb = tri(b + n) - tri(a + b + n) - base_bb
    h_aa = np.sum(lost * p_aa) + remaining * s_aa
    h_ab = np.sum(lost * p_ab) + remaining * s_ab
    h_bb = np.sum(lost * p_bb) + remaining * s_bb
    return np.array([[h_aa, h_ab], [h_ab, h_bb]])
