"""Customer lifetime value (CLV) and the economics of retention.

Non-contractual CLV (:func:`customer_lifetime_value`) combines a repeat-purchase
model (how many purchases, e.g. BG/NBD) with a spend model (how much per
purchase, Gamma-Gamma).  Split the horizon into ``K`` steps of one
``time_unit`` each; with :math:`E[X_i(t)]` the customer's conditional expected
purchases in the next :math:`t` model time units, :math:`c` the length of a
step in model time units, :math:`E[Z_i]` the expected spend per purchase,
:math:`m` the margin and :math:`d` the discount rate per step,

.. math::

    \\text{CLV}_i = \\sum_{k=1}^{K}
        \\frac{m\\,E[Z_i]\\,\\big(E[X_i(kc)] - E[X_i((k-1)c)]\\big)}{(1+d)^{k}} .

Cash of step *k* is discounted as if it arrived at the end of the step.  This
is the convention of ``lifetimes.utils._customer_lifetime_value``; there
``discount_rate`` is per step (monthly by default), which you get here with
``discount_unit`` equal to ``time_unit``.  (lifetimes counts a month as 4.345
weeks, here it is 365.25/12 days = 4.348 weeks: on CDNOW with the FHL 2005
parameters, 12 months at 1 % a month, the two agree to 0.07 %, and to
2e-6 with lifetimes' month length.)  By default ``discount_rate`` is an
*annual* rate, converted to the step by :math:`d = (1 + d_{year})^{\\text{step}/\\text{year}} - 1`.
The model's unit is never assumed: it is the ``time_unit_`` the model recorded
at ``fit`` (from the summary's ``attrs``), so :math:`c` is
``days(time_unit) / days(model.time_unit_)`` and a summary in days gives the
same CLV as the same customers in weeks (see :mod:`crm_analysis.timegrid`).

Contractual retention economics (:func:`retention_value`) use the textbook
constant-retention model (Gupta & Lehmann 2003): a customer brings margin
:math:`m` at the end of each period while retained, with retention rate
:math:`r` and discount rate :math:`d`, so

.. math::

    \\text{CLV} = \\sum_{t\\ge1} \\frac{m\\,r^{t}}{(1+d)^{t}} = \\frac{m\\,r}{1 + d - r}.

References
----------
Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of
Interactive Marketing* 17(1), 9-24.
Reichheld, F. F., & Sasser, W. E. (1990). Zero defections: Quality comes to
services. *Harvard Business Review* 68(5), 105-111.
Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). RFM and CLV: Using
iso-value curves for customer base analysis. *Journal of Marketing Research* 42(4).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError
from ..timegrid import (check_discount_rate, check_summary_unit, check_time_unit, period_discount_rate, unit_days,
                        unit_name)
from ..timegrid import model_time_unit as _model_time_unit
from ..validation import check_columns, offending_rows

__all__ = ["customer_lifetime_value", "retention_value", "value_of_retention_improvement",
           "retention_improvement_table", "period_discount_rate", "clv_if_alive", "valuable_at_risk",
           "valuable_probably_gone"]

def customer_lifetime_value(transaction_model, spend_model, summary: pd.DataFrame, horizon: int = 12,
                            time_unit: str = "M", discount_rate: float = 0.10, margin: float = 1.0, *,
                            model_time_unit: str | None = None, discount_unit: str = "Y",
                            ci_level: float | None = None, n_draws: int = 1000, random_state=None,
                            purchase_covariates=None, dropout_covariates=None):
    """Discounted expected profit of each customer over ``horizon`` steps of ``time_unit``.

    Parameters
    ----------
    transaction_model
        A fitted repeat-purchase model: any of BG/NBD, MBG/NBD, Pareto/NBD or
        BG/BB (their ``conditional_expected_purchases(summary, t)``), or an
        object with ``predict(summary, t)`` giving conditional expected
        purchases in the next ``t`` model time units.  Its time unit is the one
        it was fitted in (``time_unit_``, recorded from the summary).  BG/BB
        counts opportunities: fit it with ``time_unit`` saying how long one
        opportunity is (e.g. "Y") and give the horizon in whole opportunities
        (``time_unit="Y"``); a step that is not a whole number of opportunities
        is an error rather than a rounded horizon.
    spend_model
        A fitted spend model with ``conditional_expected_spend(summary)``
        (e.g. :class:`~crm_analysis.value.GammaGammaModel`), or the expected
        spend per purchase itself: a number or a Series indexed like ``summary``.
    summary : DataFrame
        The customers (columns the models need, in the model's time unit).  Not modified.
    horizon : int, default 12
        Number of steps.
    time_unit : {"D", "W", "M", "Q", "Y"}, default "M"
        Length of one step of the horizon (see :mod:`crm_analysis.timegrid`);
        independent of the unit the model was fitted in.
    discount_rate : float, default 0.10
        Discount rate per ``discount_unit`` (default annual): zero or more.
        1000 % a year or more gives a :class:`~crm_analysis.timegrid.DiscountRateWarning`.
    margin : float, default 1.0
        Profit margin applied to spend (1 gives revenue value).
    model_time_unit : str, optional
        Only for a model that does not record its unit (no ``time_unit_``,
        e.g. a hand-made one); for a fitted crm_analysis model a value that
        contradicts ``time_unit_`` is a CRMDataError.
    discount_unit : str, default "Y"
        Unit of ``discount_rate``; set it to ``time_unit`` for a per-step rate
        (the lifetimes convention).
    ci_level : float, optional
        None (default): the point forecast only (a Series).  A level such as
        0.9: add intervals from the sampling uncertainty of the estimated
        parameters (Notes, and :mod:`crm_analysis.value.forecast`).
    n_draws : int, default 1000
        Parameter sets drawn for the intervals.
    random_state : int, Generator or None
        Seed of the draws; None: the transaction model's ``random_state``.  The
        same seed gives the same intervals.
    purchase_covariates, dropout_covariates : DataFrame, optional
        Each customer's covariates, required for a transaction model fitted
        with them (:mod:`crm_analysis.value.covariates`): passed to its
        ``conditional_expected_purchases`` and to the intervals.

    Returns
    -------
    Series or DataFrame
        Without ``ci_level``: the Series ``clv`` indexed like ``summary``.
        With it: a DataFrame with ``clv`` (the same point forecast, at the
        estimated parameters), ``clv_lower`` and ``clv_upper`` (percentile
        interval per customer), and in ``attrs["customer_equity"]`` the total
        over customers (weighted by a ``weight`` column if ``summary`` has one)
        with its own interval, ``{"estimate", "ci_lower", "ci_upper", "ci_level",
        "n_draws"}``, also returned by
        :func:`~crm_analysis.value.forecast.customer_equity_interval`.  The
        total's interval is the percentile interval of the per-draw totals, not
        the sum of the customers' bounds.

    Raises
    ------
    CRMDataError
        Bad ``horizon``, negative/NaN/infinite ``discount_rate``, unknown unit,
        a model without a recorded unit and no ``model_time_unit``, or a
        summary recorded in another unit than the model's.

    Notes
    -----
    One step is :math:`c = \\text{days(time_unit)} / \\text{days(model unit)}`
    model units, and the per-step rate is
    :math:`d = (1 + d_{u})^{\\text{days(time_unit)}/\\text{days(discount_unit)}} - 1`.
    So the same customers summarised in days or in weeks, each with its own
    fitted model, get the same CLV.

    Intervals (``ci_level``): both models' parameters are drawn from the normal
    approximation of their maximum likelihood estimates on the log scale (``parameter_draws``:
    :math:`\\eta^{(j)} \\sim N(\\log\\hat\\theta, \\widehat{\\text{cov}})`,
    Krinsky & Robb 1986), independently for the transaction model and a fitted
    Gamma-Gamma spend model; the CLV is recomputed at every draw and the
    interval is the :math:`(1 \\mp c)/2` percentiles of the draws.  A spend
    given as a number or a Series adds no uncertainty.  The intervals cover
    the estimation error only: not the customer's own purchase randomness,
    not model misspecification (Fader, Hardie & Lee 2005, JMR, for the CLV of
    BG/NBD with Gamma-Gamma; Krinsky & Robb 1986, Review of Economics and
    Statistics 68(4), for the simulation).

    Examples
    --------
    12 months at a constant 0.5 expected purchases a month, spend 10, margin 1
    and 1 % a month: :math:`\\sum_{k=1}^{12} 5/1.01^k = 56.28`.
    """
    try:
        whole = not isinstance(horizon, (bool, str)) and np.isfinite(float(horizon)) and int(horizon) == horizon
    except (TypeError, ValueError):
        whole = False
    if not whole or horizon < 1:
        raise CRMDataError(f"horizon must be a positive whole number of steps, got {horizon!r}")
    if ci_level is not None:
        from .forecast import check_interval_arguments

        check_interval_arguments(transaction_model, ci_level, n_draws, spend_model)
    unit = _model_time_unit(transaction_model, model_time_unit)
    check_summary_unit(summary, unit, what=type(transaction_model).__name__, model=transaction_model,
                       declared=getattr(transaction_model, "time_unit_", None) is None)
    step = unit_days(time_unit, "time_unit") / unit_days(unit, "model_time_unit")
    if getattr(transaction_model, "_discrete_opportunities", False) and abs(step - round(step)) > 1e-9:
        raise CRMDataError(f"{type(transaction_model).__name__} counts whole opportunities of one "
                           f"{unit_name(unit)[:-1]} each, so a step of one {unit_name(time_unit)[:-1]} is "
                           f"{step:.4g} opportunities; use time_unit='{unit}' (or a multiple of it)")
    expected = getattr(transaction_model, "conditional_expected_purchases", None) or transaction_model.predict
    covariates = {key: value for key, value in (("purchase_covariates", purchase_covariates),
                                                ("dropout_covariates", dropout_covariates)) if value is not None}
    check_time_unit(discount_unit, "discount_unit")
    d = period_discount_rate(discount_rate, discount_unit, time_unit)
    spend = _expected_spend(spend_model, summary)
    previous = np.zeros(len(summary))
    value = np.zeros(len(summary))
    times = [round(k * step) if float(k * step).is_integer() else k * step for k in range(1, int(horizon) + 1)]
    for k, t in enumerate(times, start=1):
        cumulative = np.asarray(expected(summary, t, **covariates), dtype=float)
        value += (cumulative - previous) / (1.0 + d) ** k
        previous = cumulative
    clv = pd.Series(margin * spend * value, index=summary.index, name="clv")
    if ci_level is None:
        return clv
    from .forecast import clv_intervals

    return clv_intervals(transaction_model, spend_model, summary, times,
                         (1.0 + d) ** -np.arange(1, len(times) + 1, dtype=float), margin, clv,
                         ci_level=ci_level, n_draws=n_draws, random_state=random_state, **covariates)


def _expected_spend(spend_model, summary: pd.DataFrame) -> np.ndarray:
    if hasattr(spend_model, "conditional_expected_spend"):
        return np.asarray(spend_model.conditional_expected_spend(summary), dtype=float)
    if isinstance(spend_model, pd.Series):
        missing = ~summary.index.isin(spend_model.index)
        if missing.any():
            raise CRMDataError(f"the spend Series has no value for customers {list(summary.index[missing][:5])}")
        return spend_model.reindex(summary.index).to_numpy(dtype=float)
    if np.isscalar(spend_model):
        return np.full(len(summary), float(spend_model))
    raise CRMDataError("spend_model must have conditional_expected_spend(summary), or be a number or a Series")


# ---------------------------------------------------------------------- retention economics
def retention_value(margin: float, retention_rate, discount_rate: float):
    """Value of a retained customer, :math:`m r / (1 + d - r)` (margins at the end of each period).

    >>> retention_value(100, 0.8, 0.1)  # 100 * 0.8 / 0.3
    266.66666666666663
    """
    r = np.asarray(retention_rate, dtype=float)
    if np.any((r < 0) | (r >= 1)):
        raise CRMDataError("retention_rate must lie in [0, 1)")
    discount_rate = check_discount_rate(discount_rate, "discount_rate")
    value = margin * r / (1.0 + discount_rate - r)
    return float(value) if value.ndim == 0 else value


def value_of_retention_improvement(margin: float, retention_rate: float, discount_rate: float,
                                   points: float = 0.05) -> pd.Series:
    """What ``points`` more retention (0.05 = five percentage points) is worth per customer.

    Returns a Series: ``value_before``, ``value_after``, ``gain`` and
    ``gain_pct`` (percent increase of customer value, which, with an
    unchanged customer base and costs, is the percent increase of profit
    from the base).

    >>> value_of_retention_improvement(100, 0.8, 0.1)["gain_pct"].round(1)  # 340/266.67 - 1
    np.float64(27.5)
    """
    if not 0 <= retention_rate + points < 1:
        raise CRMDataError(f"retention_rate + points must lie in [0, 1), got {retention_rate + points}")
    before = retention_value(margin, retention_rate, discount_rate)
    after = retention_value(margin, retention_rate + points, discount_rate)
    return pd.Series({"retention_rate": retention_rate, "improved_rate": retention_rate + points,
                      "value_before": before, "value_after": after, "gain": after - before,
                      "gain_pct": 100 * (after - before) / before}, name="retention_improvement")


def retention_improvement_table(retention_rates=(0.5, 0.6, 0.7, 0.8, 0.85, 0.9), discount_rate: float = 0.10,
                                points: float = 0.05, margin: float = 1.0) -> pd.DataFrame:
    """Illustrate Reichheld & Sasser's claim that 5 % more retention raises profits by 25-95 %.

    For each base retention rate the table gives the percent gain in
    customer value from ``points`` more retention,
    :math:`\\frac{(r+k)(1+d-r)}{r(1+d-r-k)} - 1`.  With :math:`d = 10\\%` and
    :math:`k = 0.05`: +20 % at r = 0.5, +27.5 % at r = 0.8, +40.7 % at
    r = 0.9; with d = 5 % and r = 0.9 it is +58.3 % (6 -> 9.5 margins).  So
    the lower end of the claim follows from compounding alone for firms
    that already keep most customers; the upper end (95 %) needs margins
    that also grow with tenure (claim C9), which this constant-margin model
    leaves out.
    """
    rows = [value_of_retention_improvement(margin, r, discount_rate, points) for r in retention_rates]
    return pd.DataFrame(rows).set_index("retention_rate")


# ---------------------------------------------------------------------- valuable customers at risk
def clv_if_alive(clv: pd.Series, p_alive: pd.Series) -> pd.Series:
    """Value of each customer *if still active*: ``clv / p_alive``.

    For the BG/NBD family and Pareto/NBD the conditional expectation factors as
    :math:`E[X(t)\\mid\\text{data}] = P(\\text{alive}\\mid\\text{data})\\,E[X(t)\\mid\\text{alive},\\text{data}]`
    (a dead customer buys nothing), and so does the CLV built from it.  So
    ``clv / p_alive`` is what the customer is worth if still active, and
    ``(1 - p_alive) * clv / p_alive`` is the value expected to be lost because
    the customer may have left: the ``value_at_risk`` that
    :func:`~crm_analysis.churn.early_warning_list` computes when given this as
    ``value`` and ``p_alive``.  (``clv`` itself already counts the risk, so
    ``(1 - p_alive) * clv`` would count it twice.)
    """
    if not isinstance(clv, pd.Series) or not isinstance(p_alive, pd.Series):
        raise CRMDataError("clv and p_alive must be Series indexed by customer")
    missing = ~clv.index.isin(p_alive.index)
    if missing.any():
        raise CRMDataError(f"p_alive has no value for customers {offending_rows(missing, clv.index)}")
    p = p_alive.reindex(clv.index).astype(float)
    bad = p.isna() | (p <= 0) | (p > 1)
    if bad.any():
        raise CRMDataError(f"p_alive must lie in (0, 1]; bad values in {offending_rows(bad, clv.index)}")
    return (clv.astype(float) / p).rename("clv_if_alive")


def _valuable(warning: pd.DataFrame, valuable_share: float) -> pd.Series:
    """Whether each row's ``value`` is at or above its ``1 - valuable_share`` quantile (the top share)."""
    check_columns(warning, ["p_churn", "value", "value_at_risk"], name="warning")
    if not 0 < valuable_share <= 1:
        raise CRMDataError(f"valuable_share must lie in (0, 1], got {valuable_share}")
    return warning["value"] >= warning["value"].quantile(1 - valuable_share)


def _ranked(warning: pd.DataFrame, keep: pd.Series) -> pd.DataFrame:
    out = warning.loc[keep].sort_values("value_at_risk", ascending=False, kind="stable").copy()
    out["rank"] = np.arange(1, len(out) + 1)
    return out


def valuable_at_risk(warning: pd.DataFrame, *, valuable_share: float = 0.2, max_p_alive: float = 0.5,
                     min_p_alive: float = 0.0) -> pd.DataFrame:
    """The valuable customers who are *still active but at risk*: the retention list.

    ``warning`` is :func:`~crm_analysis.churn.early_warning_list` over all
    customers (no ``top``), with ``value`` the value if still active
    (:func:`clv_if_alive`).  Valuable: ``value`` at or above its
    ``1 - valuable_share`` quantile (the top 20 % by default).  At risk but
    still worth a retention offer: P(alive) = ``1 - p_churn`` at least
    ``min_p_alive`` and below ``max_p_alive``.  Customers below ``min_p_alive``
    have probably gone already: they belong to the win-back list of
    :func:`valuable_probably_gone`, not here (a retention call to a customer
    with a 0 % chance of still being active keeps nobody).  The result keeps
    the list's order (largest value at risk first) and renumbers ``rank``.

    >>> w = pd.DataFrame({"p_churn": [0.2, 0.7, 0.99], "value": [100.0, 90.0, 80.0]}, index=["a", "b", "c"])
    >>> w["value_at_risk"] = w["p_churn"] * w["value"]
    >>> valuable_at_risk(w, valuable_share=1.0, max_p_alive=0.5, min_p_alive=0.1).index.tolist()
    ['b']
    """
    if not 0 < max_p_alive <= 1 or not 0 <= min_p_alive < max_p_alive:
        raise CRMDataError(f"need 0 <= min_p_alive < max_p_alive <= 1, got min_p_alive={min_p_alive} and "
                           f"max_p_alive={max_p_alive}")
    p_alive = 1 - warning["p_churn"] if "p_churn" in warning else None
    keep = _valuable(warning, valuable_share) & (p_alive >= min_p_alive) & (p_alive < max_p_alive)
    return _ranked(warning, keep)


def valuable_probably_gone(warning: pd.DataFrame, *, valuable_share: float = 0.2, min_p_alive: float = 0.1
                           ) -> pd.DataFrame:
    """The valuable customers who have *probably gone*: P(alive) below ``min_p_alive``, the win-back list.

    Same input and valuable rule as :func:`valuable_at_risk`; together the two
    lists hold every valuable customer with P(alive) below ``max_p_alive``,
    each in exactly one of them when both use the same ``min_p_alive``.  Here
    ``value`` (value if still active) is what a successful win-back would
    restore, and ``value_at_risk`` is almost all of it.

    >>> w = pd.DataFrame({"p_churn": [0.2, 0.7, 0.99], "value": [100.0, 90.0, 80.0]}, index=["a", "b", "c"])
    >>> w["value_at_risk"] = w["p_churn"] * w["value"]
    >>> valuable_probably_gone(w, valuable_share=1.0, min_p_alive=0.1).index.tolist()
    ['c']
    """
    if not 0 < min_p_alive <= 1:
        raise CRMDataError(f"min_p_alive must lie in (0, 1], got {min_p_alive}")
    keep = _valuable(warning, valuable_share) & (1 - warning["p_churn"] < min_p_alive)
    return _ranked(warning, keep)
