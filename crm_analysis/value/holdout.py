"""Calibration/holdout validation of repeat-purchase models.

The standard check of a BG/NBD-type model (Fader, Hardie & Lee 2005, section
4): split the transaction log at a date, fit the model on the *calibration*
period and compare what it predicts for the *holdout* period with what the
customers actually did:

1. :func:`calibration_holdout_split` - the RFM summary of the calibration
   period plus each customer's holdout purchases (``frequency_holdout``) and
   the holdout length (``duration_holdout``);
2. :func:`compare_holdout` - predicted and actual holdout purchases per customer;
3. :func:`holdout_metrics` (totals, MAE, RMSE, bias) and
   :func:`holdout_by_frequency` (mean actual and predicted holdout purchases by
   calibration frequency: the paper's Figure 4 of conditional expectations);
4. :func:`cumulative_tracking` - actual vs model-expected cumulative repeat
   purchases over calendar time (the paper's Figure 2), which uses the model's
   ``expected_purchases(t)`` for a new customer and each customer's
   first-purchase date.

Purchases are counted in distinct ``purchase_period`` s, exactly as in
:func:`~crm_analysis.value.rfm_summary`.  Time units travel with the data
(:mod:`crm_analysis.timegrid`): the split records its ``time_unit`` (and
``duration_holdout`` is in it), the comparison checks it against the model's
``time_unit_``, and the tracking table converts calendar steps into the
model's unit.

Reference: Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). "Counting your
customers" the easy way: An alternative to the Pareto/NBD model. *Marketing
Science* 24(2), 275-284.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError, DataExclusionWarning
from ..timegrid import (check_summary_unit, check_time_unit, inclusive_end, model_time_unit, period_start,
                        recorded_window, summary_time_unit, unit_days, with_time_unit)
from ..validation import check_columns, offending_rows, parse_date, validate_transactions
from .rfm import rfm_summary

__all__ = ["calibration_holdout_split", "compare_holdout", "holdout_metrics", "holdout_by_frequency",
           "cumulative_tracking", "alive_vs_holdout"]

HOLDOUT_COLUMNS = ["frequency_holdout", "duration_holdout", "monetary_value_holdout"]


def calibration_holdout_split(transactions: pd.DataFrame, calibration_end, holdout_end=None, *,
                              customer_col: str = "customer_id", date_col: str = "date",
                              amount_col: str | None = None, purchase_period: str | None = "D",
                              time_unit: str = "D") -> pd.DataFrame:
    """RFM summary of the calibration period with the holdout purchases of the same customers.

    Parameters
    ----------
    transactions : DataFrame
        One row per purchase; not modified.
    calibration_end : date-like
        Last day of the calibration period (inclusive, like ``observation_end``).
    holdout_end : date-like, optional
        Last day of the holdout period (default: the last purchase).  Later
        purchases are excluded with a warning.
    customer_col, date_col, amount_col, purchase_period, time_unit
        As in :func:`~crm_analysis.value.rfm_summary`; the split records
        ``time_unit`` in ``attrs`` like a summary does.

    Returns
    -------
    DataFrame
        Indexed by customer: ``frequency, recency, T`` [``, monetary_value``]
        of the calibration period, ``frequency_holdout`` (purchase periods in
        the holdout), ``duration_holdout`` (holdout length in ``time_unit``)
        [``, monetary_value_holdout`` (mean value per holdout purchase period,
        0 without)].  Customers whose first purchase falls in the holdout
        cannot be evaluated and are excluded with a :class:`DataExclusionWarning`.
    """
    end = _holdout_end(transactions, date_col, holdout_end)
    cal_end = parse_date(calibration_end, "calibration_end")
    if cal_end >= end:
        raise CRMDataError(f"calibration_end {cal_end.date()} must be before holdout_end {end.date()}")
    tx = validate_transactions(transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
                               observation_end=inclusive_end(end, purchase_period))
    in_calibration = tx[date_col] <= inclusive_end(cal_end, purchase_period)
    if not in_calibration.any():
        raise CRMDataError(f"no purchases in column '{date_col}' on or before calibration_end {cal_end.date()}")
    summary = rfm_summary(tx.loc[in_calibration], customer_col=customer_col, date_col=date_col,
                          amount_col=amount_col, observation_end=cal_end, purchase_period=purchase_period,
                          time_unit=time_unit)
    holdout = _known_customers(tx.loc[~in_calibration], summary.index, customer_col)
    periods = pd.DataFrame({"customer": holdout[customer_col].to_numpy(),
                            "period": period_start(holdout[date_col], purchase_period).to_numpy()})
    if amount_col:
        periods["amount"] = holdout[amount_col].to_numpy()
        per_period = periods.groupby(["customer", "period"])["amount"].sum()
        counts = per_period.groupby(level="customer").size()
        mean_value = per_period.groupby(level="customer").mean()
    else:
        counts = periods.drop_duplicates().groupby("customer").size()
    out = summary.copy()
    out["frequency_holdout"] = counts.reindex(out.index, fill_value=0).astype(np.int64).to_numpy()
    start = period_start(pd.Series([cal_end]), purchase_period).iloc[0]
    stop = period_start(pd.Series([end]), purchase_period).iloc[0]
    out["duration_holdout"] = (stop - start) / pd.Timedelta(days=1) / unit_days(time_unit)
    out.attrs["holdout_end"] = end.date().isoformat() if end == end.normalize() else end.isoformat()
    if amount_col:
        out["monetary_value_holdout"] = mean_value.reindex(out.index, fill_value=0.0).to_numpy()
    return out


def _holdout_end(transactions, date_col, holdout_end) -> pd.Timestamp:
    if holdout_end is not None:
        return parse_date(holdout_end, "holdout_end")
    check_columns(transactions, [date_col], name="transactions")
    return pd.to_datetime(transactions[date_col], format="mixed").max()


def _known_customers(rows: pd.DataFrame, customers: pd.Index, customer_col: str) -> pd.DataFrame:
    """Keep rows of customers seen in the calibration period; warn about the others."""
    new = ~rows[customer_col].isin(customers)
    if new.any():
        n_new = rows.loc[new, customer_col].nunique()
        warnings.warn(f"{int(new.sum())} holdout purchases of {n_new} customers whose first purchase is after "
                      f"the calibration period excluded: the model cannot predict them", DataExclusionWarning,
                      stacklevel=3)
    return rows.loc[~new]


# ---------------------------------------------------------------------- comparison
def compare_holdout(transaction_model, split: pd.DataFrame, *, time_unit: str | None = None) -> pd.DataFrame:
    """Predicted vs actual holdout purchases per customer.

    ``transaction_model`` is fitted on the calibration columns of ``split``
    and must have ``predict(summary, t)`` (conditional expected purchases in
    the next ``t`` time units).  ``duration_holdout`` must be in the model's
    unit: the split's recorded ``time_unit`` is checked against the model's
    ``time_unit_`` (a CRMDataError when they differ); ``time_unit`` is only
    needed for a model that records none.  Returns ``frequency``
    (calibration), ``actual``, ``predicted`` and ``error = predicted -
    actual``, indexed by customer; ``attrs["time_unit"]`` is the unit.
    """
    check_columns(split, ["frequency", "frequency_holdout", "duration_holdout"], name="split")
    if getattr(transaction_model, "time_unit_", None) is None:  # a hand-made model: the split (or caller) says
        unit = summary_time_unit(split, time_unit)
    else:
        unit = model_time_unit(transaction_model, time_unit, parameter="time_unit")
    check_summary_unit(split, unit, what=type(transaction_model).__name__, model=transaction_model,
                       declared=time_unit is not None)
    # checked above: the calibration columns are in ``unit`` (recorded, declared or the fitted table itself)
    calibration = with_time_unit(split.drop(columns=[c for c in HOLDOUT_COLUMNS if c in split.columns]), unit)
    predicted = pd.Series(np.nan, index=split.index)
    for duration, rows in split.groupby("duration_holdout").groups.items():
        predicted.loc[rows] = np.asarray(transaction_model.predict(calibration.loc[rows], float(duration)))
    out = pd.DataFrame({"frequency": split["frequency"], "actual": split["frequency_holdout"].astype(float),
                        "predicted": predicted}, index=split.index)
    out["error"] = out["predicted"] - out["actual"]
    out.attrs = recorded_window(split) | {"time_unit": unit}
    return out


def holdout_metrics(comparison: pd.DataFrame) -> pd.Series:
    """Totals and errors of a :func:`compare_holdout` table.

    ``customers, actual_total, predicted_total, total_error_pct`` (100 x
    (predicted - actual) / actual), ``mae`` (mean absolute error per
    customer), ``rmse`` and ``bias`` (mean of predicted - actual).
    """
    check_columns(comparison, ["actual", "predicted"], name="comparison")
    error = comparison["predicted"] - comparison["actual"]
    actual_total = float(comparison["actual"].sum())
    predicted_total = float(comparison["predicted"].sum())
    return pd.Series({
        "customers": len(comparison), "actual_total": actual_total, "predicted_total": predicted_total,
        "total_error_pct": 100 * (predicted_total - actual_total) / actual_total if actual_total else np.nan,
        "mae": float(error.abs().mean()), "rmse": float(np.sqrt((error ** 2).mean())), "bias": float(error.mean()),
    }, name="holdout_metrics")


def holdout_by_frequency(comparison: pd.DataFrame, max_frequency: int = 7) -> pd.DataFrame:
    """Mean actual and predicted holdout purchases by calibration frequency (``max_frequency`` and above pooled).

    Rows ``0, 1, ..., "7+"``; columns ``customers, actual, predicted``.  A
    good model tracks the actual means across the buckets (FHL 2005, Fig. 4).
    """
    check_columns(comparison, ["frequency", "actual", "predicted"], name="comparison")
    freq = comparison["frequency"].astype(int)
    labels = [str(k) for k in range(max_frequency)] + [f"{max_frequency}+"]
    bucket = pd.Categorical(np.where(freq >= max_frequency, labels[-1], freq.clip(upper=max_frequency).astype(str)),
                            categories=labels, ordered=True)
    grouped = comparison.groupby(bucket, observed=False)
    table = pd.DataFrame({"customers": grouped.size(), "actual": grouped["actual"].mean(),
                          "predicted": grouped["predicted"].mean()})
    table.index.name = "calibration_frequency"
    table.attrs = dict(comparison.attrs)
    return table


# ---------------------------------------------------------------------- tracking
def cumulative_tracking(transaction_model, transactions: pd.DataFrame, calibration_end, end=None, *,
                        customer_col: str = "customer_id", date_col: str = "date",
                        purchase_period: str | None = "D", time_unit: str | None = None,
                        model_time_unit: str | None = None) -> pd.DataFrame:
    """Actual vs expected cumulative repeat purchases of the calibration customers, step by step in calendar time.

    The customers are those with a first purchase on or before
    ``calibration_end``.  Steps are ``time_unit`` long and start at the
    earliest first purchase; step *k* ends at :math:`D_k = D_0 + k\\,\\text{unit}`.

    * actual: repeat purchase periods (all but each customer's first) that
      start before :math:`D_k`;
    * expected: :math:`\\sum_i E[X(D_k - s_i)]` with :math:`s_i` customer *i*'s
      first-purchase period and ``transaction_model.expected_purchases(t)`` the
      expected repeat purchases of a new customer in ``t`` units of the model
      (elapsed calendar time is converted into the model's ``time_unit_``).

    ``time_unit`` is the step length (default: the model's unit);
    ``model_time_unit`` is only needed for a model that records none.

    Returns
    -------
    DataFrame
        Indexed by ``step`` (1..K) with ``date`` (end of step), ``actual``,
        ``expected`` (per step), ``actual_cumulative``,
        ``expected_cumulative`` and ``period`` ("calibration"/"holdout").
    """
    model_unit = _model_unit(transaction_model, model_time_unit)
    step_unit = model_unit if time_unit is None else check_time_unit(time_unit)
    unit = pd.Timedelta(days=unit_days(step_unit))
    final = _holdout_end(transactions, date_col, end)
    tx = validate_transactions(transactions, customer_col=customer_col, date_col=date_col,
                               observation_end=inclusive_end(final, purchase_period))
    cal_end = parse_date(calibration_end, "calibration_end")
    periods = pd.DataFrame({"customer": tx[customer_col].to_numpy(),
                            "period": period_start(tx[date_col], purchase_period).to_numpy()}
                           ).drop_duplicates().sort_values(["customer", "period"])
    first = periods.groupby("customer")["period"].transform("min")
    cohort_first = periods.loc[periods["period"] == first].set_index("customer")["period"]
    cohort = cohort_first.index[cohort_first <= inclusive_end(cal_end, purchase_period)]
    late = ~periods["customer"].isin(cohort)
    if late.any():
        warnings.warn(f"{periods.loc[late, 'customer'].nunique()} customers with a first purchase after "
                      f"calibration_end excluded from the tracking cohort", DataExclusionWarning, stacklevel=2)
    periods, first = periods.loc[~late], first.loc[~late]
    start = first.min()
    n_steps = int(np.ceil((final + pd.Timedelta(days=1) - start) / unit))
    step_ends = pd.date_range(start + unit, periods=n_steps, freq=unit)
    repeats = np.sort(periods.loc[periods["period"] > first, "period"].to_numpy())
    actual_cum = np.searchsorted(repeats, step_ends.to_numpy(), side="left")
    first_dates = cohort_first.loc[cohort]
    expected_cum = _expected_cumulative(transaction_model, first_dates, step_ends,
                                        pd.Timedelta(days=unit_days(model_unit, "model_time_unit")))
    table = pd.DataFrame({"date": step_ends, "actual_cumulative": actual_cum.astype(float),
                          "expected_cumulative": expected_cum}, index=pd.RangeIndex(1, n_steps + 1, name="step"))
    table["actual"] = np.diff(np.r_[0.0, table["actual_cumulative"].to_numpy()])
    table["expected"] = np.diff(np.r_[0.0, table["expected_cumulative"].to_numpy()])
    table["period"] = np.where(table["date"] <= inclusive_end(cal_end, purchase_period) + pd.Timedelta(1, "ns"),
                               "calibration", "holdout")
    table = table[["date", "actual", "expected", "actual_cumulative", "expected_cumulative", "period"]]
    table.attrs = {"time_unit": step_unit, "model_time_unit": model_unit}
    return table


def _model_unit(transaction_model, explicit) -> str:
    """The model's recorded unit (``time_unit_``), checked against ``explicit``; ``explicit`` for a hand-made model."""
    return model_time_unit(transaction_model, explicit, parameter="model_time_unit")


def _expected_cumulative(model, first_dates: pd.Series, step_ends: pd.DatetimeIndex, unit: pd.Timedelta):
    """Sum over customers of the new-customer expectation at each step end (grouped by first-purchase date).

    ``unit`` is one model time unit: elapsed calendar time is measured in it."""
    dates, counts = np.unique(first_dates.to_numpy(), return_counts=True)
    elapsed = (step_ends.to_numpy()[:, None] - dates[None, :]) / unit.to_timedelta64()
    elapsed = np.clip(elapsed, 0.0, None)
    expected = _expected_purchases(model, elapsed.ravel()).reshape(elapsed.shape)
    return expected @ counts


def _expected_purchases(model, t: np.ndarray) -> np.ndarray:
    """``model.expected_purchases`` on an array (element by element if the model only takes scalars)."""
    try:
        values = np.asarray(model.expected_purchases(t), dtype=float)
        if values.shape == t.shape:
            return values
    except (TypeError, ValueError):
        pass
    unique, inverse = np.unique(t, return_inverse=True)
    return np.array([float(model.expected_purchases(float(u))) for u in unique])[inverse]


def alive_vs_holdout(p_alive: pd.Series, holdout_purchases: pd.Series,
                     bins=(0.0, 0.2, 0.4, 0.6, 0.8, 1.0)) -> pd.DataFrame:
    """Does P(alive) at the end of calibration predict who buys again in the holdout?

    Customers are grouped by P(alive) band (right-closed, the first band
    includes 0); per band: ``customers``, ``mean_p_alive``, ``bought_again``
    (share with at least one holdout purchase) and ``mean_purchases``.  A
    useful churn warning shows ``bought_again`` rising with P(alive).  (Even an
    active customer may not buy in a short holdout, so ``bought_again`` sits
    below ``mean_p_alive`` for rare buyers.)
    """
    if not isinstance(p_alive, pd.Series) or not isinstance(holdout_purchases, pd.Series):
        raise CRMDataError("p_alive and holdout_purchases must be Series indexed by customer")
    missing = ~p_alive.index.isin(holdout_purchases.index)
    if missing.any():
        raise CRMDataError(f"holdout_purchases has no value for customers {offending_rows(missing, p_alive.index)}")
    bins = np.asarray(bins, dtype=float)
    labels = [f"{lo:.0%}-{hi:.0%}" for lo, hi in zip(bins[:-1], bins[1:])]
    band = pd.cut(p_alive, bins, labels=labels, include_lowest=True)
    purchases = holdout_purchases.reindex(p_alive.index).astype(float)
    frame = pd.DataFrame({"p_alive": p_alive.astype(float), "bought": (purchases > 0).astype(float),
                          "purchases": purchases})
    grouped = frame.groupby(band, observed=False)
    table = pd.DataFrame({"customers": grouped.size(), "mean_p_alive": grouped["p_alive"].mean(),
                          "bought_again": grouped["bought"].mean(), "mean_purchases": grouped["purchases"].mean()})
    table.index.name = "p_alive_band"
    return table
