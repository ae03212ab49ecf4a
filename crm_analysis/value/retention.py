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

**Counts the model cannot learn from** are refused or flagged, never fitted
silently: a table of several cohorts (fit each one), non-integer counts
(percentages: multiply by the cohort size), a cohort that lost nobody or lost
everybody in the first period (:class:`~crm_analysis.exceptions.CRMDataError`);
and a maximum at the edge of the parameter space, with a
:class:`~crm_analysis.exceptions.ConvergenceWarning`: constant retention (the
geometric limit, :math:`\\alpha, \\beta \\to \\infty` together: no
heterogeneity) or all cancellations in the first period (two groups, leave at
once or never: :math:`\\alpha, \\beta \\to 0`).

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
from ..timegrid import IMPLAUSIBLE_ANNUAL_RATE, DiscountRateWarning
from ..validation import MAX_ABS_VALUE

__all__ = ["ShiftedBetaGeoModel"]

PARAM_NAMES = ["alpha", "beta"]


class ShiftedBetaGeoModel(CRMEstimator):
    """sBG contractual retention model (alpha, beta) fitted from one cohort's survivor counts.

    Parameters
    ----------
    max_iter : int, default 1000
        Iteration limit of the optimiser.
    ci_level : float, default 0.95
        Level of the intervals :meth:`summary` reports (strictly between 0 and
        1; checked where it is used); ``summary(ci_level=...)`` overrides it
        for that call.
    random_state : None, int or numpy Generator, default None
        Seed of every random step of the model; the fit and the projections
        are deterministic, so it is a setting of the package-wide rule (every
        estimator has one) that no current method draws from.

    Attributes
    ----------
    params_ : Series
        ``alpha, beta`` of the beta distribution of churn probabilities.
    covariance_log_ : DataFrame
        Covariance of :math:`(\\log\\alpha, \\log\\beta)` from the inverse
        observed information, :math:`\\operatorname{diag}(1/\\theta)(-H)^{-1}\\operatorname{diag}(1/\\theta)`
        (delta method); NaN when the information is singular.
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

    def __init__(self, max_iter: int = 1000, ci_level: float = 0.95, random_state=None):
        self.max_iter = max_iter
        self.ci_level = ci_level
        self.random_state = random_state

    # ------------------------------------------------------------------ fitting
    def fit(self, survivors) -> "ShiftedBetaGeoModel":
        """Fit to survivor counts ``[n_0, n_1, ..., n_n]``: ``n_0`` customers at the start, ``n_t`` after period t.

        ``survivors`` is one cohort: a list, array or Series (a table with a
        single row or column is accepted).  Counts must be whole numbers of
        customers (not percentages: the standard errors depend on the cohort
        size), must not rise and must cover at least two periods (three
        numbers): one period identifies only the mean churn rate, not the
        heterogeneity.

        Raises
        ------
        CRMDataError
            A table of several cohorts; missing, infinite, negative,
            non-integer or rising counts; fewer than three counts; no churn at
            all; everybody gone after the first period.

        Warns
        -----
        ConvergenceWarning
            The maximum is at the edge of the parameter space (constant
            retention, or all churn in the first period); see the module docstring.
        """
        counts = _check_survivors(survivors)
        lost = -np.diff(counts)
        remaining = counts[-1]

        def objective(log_theta):
            theta = np.exp(log_theta)
            value, grad = _loglik_and_gradient(theta, lost, remaining)
            return -value / counts[0], -grad * theta / counts[0]

        result = optimize.minimize(objective, np.zeros(2), jac=True, method="L-BFGS-B",
                                   bounds=[(-LOG_BOUND, LOG_BOUND)] * 2, options={"maxiter": self.max_iter})
        grad_norm = np.max(np.abs(objective(result.x)[1]))
        on_edge = _warn_if_on_the_edge(np.exp(result.x), lost, remaining)
        if not result.success and grad_norm > 1e-5 and not on_edge:
            raise ConvergenceError(f"sBG fit failed: {result.message}")
        theta = np.exp(result.x)
        self.params_ = pd.Series(theta, index=PARAM_NAMES, name="estimate")
        self.log_likelihood_ = float(_loglik_and_gradient(theta, lost, remaining)[0])
        self.cohort_size_ = float(counts[0])
        self.n_periods_ = int(len(counts) - 1)
        self._hessian = _hessian(theta, lost, remaining)
        try:
            cov = np.linalg.inv(-self._hessian) / np.outer(theta, theta)
        except np.linalg.LinAlgError:
            cov = np.full((2, 2), np.nan)
        self.covariance_log_ = pd.DataFrame(cov, index=PARAM_NAMES, columns=PARAM_NAMES)
        return self

    def summary(self, ci_level: float | None = None) -> pd.DataFrame:
        """Estimates with standard errors from the inverse observed information; log-scale Wald intervals.

        ``ci_level`` is the level of the intervals (``None``: the model's ``ci_level``).
        """
        self._check_fitted()
        level = self.ci_level if ci_level is None else ci_level
        theta = self.params_.to_numpy()
        se_log = np.sqrt(np.diag(self.covariance_log_.to_numpy()))
        return summary_table(theta, se_log, ci_level=level, index=PARAM_NAMES, log_scale=True, null_value=None)

    # ------------------------------------------------------------------ predictions
    def survival(self, t) -> np.ndarray | float:
        """:math:`S(t)`: share of the starting cohort still a customer after period ``t`` (t = 0, 1, 2, ...)."""
        self._check_fitted()
        a, b = self.params_.to_numpy()
        t = _periods(t, minimum=0)
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
        discount_rate = _check_discount_rate(discount_rate)
        n_renewals = _whole_number(n_renewals, "n_renewals")
        a, b = self.params_.to_numpy()
        n = n_renewals + 1
        ratio = np.exp(special.betaln(a, b + n) - special.betaln(a, b + n - 1))
        return float(ratio * _hyp2f1_one(b + n, a + b + n, 1.0 / (1.0 + discount_rate)))

    def discounted_expected_lifetime(self, discount_rate: float) -> float:
        """Discounted expected lifetime (DEL) of a newly acquired customer, payments at t = 0, 1, ...

        :math:`DEL = \\sum_{t\\ge0} S(t)/(1+d)^t = {}_2F_1(1, \\beta; \\alpha+\\beta; 1/(1+d))` (Fader & Hardie 2010).
        """
        self._check_fitted()
        discount_rate = _check_discount_rate(discount_rate)
        a, b = self.params_.to_numpy()
        return float(_hyp2f1_one(b, a + b, 1.0 / (1.0 + discount_rate)))

    def projection(self, n_periods: int, observed=None, cohort_size: float | None = None) -> pd.DataFrame:
        """Projected survivors for periods 0..``n_periods`` (also past the data), next to ``observed`` counts if given.

        Columns: ``survival``, ``retention_rate`` (NaN at period 0),
        ``expected_survivors`` (``cohort_size`` x survival; default the fitted
        cohort size) and, with ``observed``, ``observed_survivors``.
        """
        self._check_fitted()
        n_periods = _whole_number(n_periods, "n_periods")
        periods = np.arange(n_periods + 1)
        size = self.cohort_size_ if cohort_size is None else _positive_number(cohort_size, "cohort_size")
        table = pd.DataFrame({"survival": self.survival(periods)}, index=pd.Index(periods, name="period"))
        table["retention_rate"] = np.r_[np.nan, self.retention_rate(periods[1:])] if n_periods >= 1 else np.nan
        table["expected_survivors"] = size * table["survival"]
        if observed is not None:
            counts = _check_survivors(observed, name="observed", minimum_counts=1, fitting=False)
            table["observed_survivors"] = pd.Series(counts[: len(periods)], index=periods[: len(counts)])
        return table


# ---------------------------------------------------------------------- helpers
#: log search bound of the optimiser
LOG_BOUND = 15.0
#: log-likelihood gap below which a limit of the model fits "as well" as the model
EDGE_TOLERANCE = 1e-3


def _check_survivors(survivors, name: str = "survivors", minimum_counts: int = 3, fitting: bool = True) -> np.ndarray:
    """One cohort's survivor counts as a float array, or a CRMDataError saying what is wrong and where."""
    if isinstance(survivors, (str, bytes, dict)):
        raise CRMDataError(f"{name} must be a sequence of numbers, got {survivors!r}")
    try:
        counts = np.asarray(survivors, dtype=float)
    except (TypeError, ValueError):
        raise CRMDataError(f"{name} must be a sequence of numbers, got {survivors!r}") from None
    if counts.ndim > 1:
        shape = counts.shape
        counts = np.squeeze(counts)
        if counts.ndim > 1:
            raise CRMDataError(f"{name} must be one cohort (a list or Series of survivor counts), got a table of "
                               f"shape {shape}; fit each cohort separately, e.g. "
                               f"{{c: ShiftedBetaGeoModel().fit(table[c]) for c in table}} for cohorts in columns")
    counts = np.atleast_1d(counts)
    if counts.size < minimum_counts:
        raise CRMDataError(f"{name} must cover at least two periods (three counts: the cohort at the start and "
                           f"two survivor counts); got {counts.size} number(s)")
    positions = np.arange(counts.size)

    def where(mask):
        return f"positions {positions[mask][:5].tolist()}: {counts[mask][:5].tolist()}"

    if not np.all(np.isfinite(counts)):
        bad = positions[~np.isfinite(counts)][:5].tolist()
        raise CRMDataError(f"{name} has missing or infinite counts at positions {bad}")
    huge = np.abs(counts) > MAX_ABS_VALUE
    if huge.any():
        raise CRMDataError(f"{name} has counts too large to be customers (above {MAX_ABS_VALUE:.0e}) at {where(huge)}")
    negative = (counts < 0) | ((positions == 0) & (counts <= 0))
    if negative.any():
        raise CRMDataError(f"{name} must be non-negative with a positive cohort size; "
                           f"bad counts at positions {positions[negative][:5].tolist()}")
    fractional = counts != np.round(counts)
    if fractional.any():
        raise CRMDataError(f"{name} must be whole numbers of customers; got {where(fractional)}. Percentages or "
                           f"shares: multiply them by the cohort size and round (the estimates do not depend on "
                           f"the cohort size, but their standard errors do)")
    rises = np.r_[False, np.diff(counts) > 0]
    if rises.any():
        raise CRMDataError(f"{name} must not rise (a cohort can only shrink); counts rise at {where(rises)}")
    if fitting and np.all(counts == counts[0]):
        raise CRMDataError(f"{name} show no churn: all {counts.size} counts are {counts[0]:g}, and the sBG model "
                           f"cannot estimate churn from a cohort that has lost nobody (the maximum likelihood "
                           f"answer is 'nobody ever leaves'); observe more periods or pool cohorts")
    if fitting and np.all(counts[1:] == 0):
        raise CRMDataError(f"{name}: everyone cancelled in the first period ({counts[0]:g} at the start, 0 after): "
                           f"every churn probability is 1 and there is no heterogeneity to estimate")
    return counts


def _warn_if_on_the_edge(theta, lost, remaining) -> bool:
    """ConvergenceWarning (and True) when the maximum is at an edge of the parameter space.

    Edges: the geometric limit (alpha, beta -> inf with a fixed churn probability:
    constant retention) when it fits as well as the sBG; all churn in the first
    period (alpha, beta -> 0: a share leaves at once, the rest never); a search bound.
    """
    full = _loglik_and_gradient(theta, lost, remaining)[0]
    n = len(lost)
    periods = np.arange(1, n + 1)
    churned = float(lost.sum())
    exposure = float(np.sum(periods * lost) + n * remaining)  # renewal decisions faced
    churn = churned / exposure
    geometric = churned * np.log(churn) + (exposure - churned) * np.log1p(-churn)
    reasons = []
    if geometric >= full - EDGE_TOLERANCE:
        alive = np.r_[churned + remaining, churned + remaining - np.cumsum(lost)]
        with np.errstate(divide="ignore", invalid="ignore"):
            renewal = [f"{r:.1%}" for r in (alive[1:] / alive[:-1])[:6]]
        reasons.append(f"retention does not rise with tenure (observed renewal rates {', '.join(renewal)}): no sign "
                       f"of heterogeneity, so alpha and beta drift to infinity together and the model becomes the "
                       f"geometric one with a constant churn probability of {churn:.4g} per period (its constant "
                       f"retention is what the projections use)")
    if np.all(lost[1:] == 0):
        reasons.append(f"every cancellation ({churned:g} of {churned + remaining:g} customers) happened in the first "
                       f"period and none after: the counts look like two groups (leave at once, never leave), "
                       f"alpha and beta drift to 0 and projections keep every survivor forever")
    bound = [name for name, value in zip(PARAM_NAMES, np.log(theta)) if abs(value) >= LOG_BOUND - 1e-6]
    if bound and not reasons:
        reasons.append(f"{', '.join(bound)} reached the search bound")
    if reasons:
        shown = ", ".join(f"{name} = {value:.4g}" for name, value in zip(PARAM_NAMES, theta))
        warnings.warn(f"sBG estimate at the edge of the parameter space ({shown}): {'; '.join(reasons)}. "
                      f"Alpha, beta and their standard errors are arbitrary along that direction; observe more "
                      f"periods before reading them", ConvergenceWarning, stacklevel=3)
        return True
    return False


def _check_discount_rate(rate) -> float:
    """A discount rate per period: finite and positive (CRMDataError); 1000 % or more warns (a percent typed as a number)."""
    if isinstance(rate, (bool, np.bool_)):
        raise CRMDataError(f"discount_rate must be a number per period (0.10 for 10 %), got {rate!r}")
    try:
        value = float(rate)
    except (TypeError, ValueError):
        raise CRMDataError(f"discount_rate must be a number per period (0.10 for 10 %), got {rate!r}") from None
    if not np.isfinite(value) or value <= 0:
        raise CRMDataError(f"discount_rate must be a finite, positive rate per period (0.10 for 10 %), got {rate!r}")
    if value >= IMPLAUSIBLE_ANNUAL_RATE:
        warnings.warn(f"discount_rate={rate!r} per period is {value:.0%}: rates are fractions (0.10 for 10 %); check "
                      f"that a percent was not typed as a number", DiscountRateWarning, stacklevel=3)
    return value


def _whole_number(value, parameter: str) -> int:
    """A non-negative whole number, or a CRMDataError naming ``parameter``."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if isinstance(value, (bool, np.bool_)) or not np.isfinite(number) or number < 0 or number != round(number):
        raise CRMDataError(f"{parameter} must be a non-negative whole number, got {value!r}")
    return int(number)


def _positive_number(value, parameter: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not np.isfinite(number) or number <= 0:
        raise CRMDataError(f"{parameter} must be a positive, finite number, got {value!r}")
    return number


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


def _periods(t, minimum: int = 1) -> np.ndarray:
    """Period numbers as floats: whole numbers >= ``minimum`` (0: the start; 1: the first renewal decision)."""
    try:
        t = np.asarray(t, dtype=float)
    except (TypeError, ValueError):
        raise CRMDataError(f"t must be whole numbers >= {minimum} (period numbers), got {t!r}") from None
    bad = ~np.isfinite(t) | (t < minimum) | (t != np.round(t))
    if np.any(bad):
        meaning = "period 1 is the first renewal decision" if minimum == 1 else "period 0 is the start"
        raise CRMDataError(f"t must be whole numbers >= {minimum} ({meaning}); got {np.ravel(t[bad])[:5].tolist()}")
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
