"""Recency-frequency-monetary summary of a transaction log.

The summary is the input of every repeat-purchase model (BG/NBD, Pareto/NBD,
Gamma-Gamma).  For customer *i*, observed from the first purchase to the
observation end:

* ``frequency`` :math:`x` - number of *repeat* purchase periods (the first
  purchase is not counted; several purchases in one ``purchase_period`` count once);
* ``recency`` :math:`t_x` - time from the first to the last purchase;
* ``T`` - time from the first purchase to the observation end;
* ``monetary_value`` - mean value of the repeat periods (0 without repeats).

Reference: Fader, Hardie & Lee (2005), "Counting your customers the easy way",
*Marketing Science* 24(2), 275-284, section 2 and Table 1 (CDNOW data).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError
from ..validation import parse_date, validate_transactions

PURCHASE_PERIODS = ("D", "W", "M", None)
#: days in one time unit
TIME_UNIT_DAYS = {"D": 1.0, "W": 7.0, "M": 365.25 / 12}


def time_unit_days(time_unit: str) -> float:
    """Length of ``time_unit`` ("D", "W" or "M") in days."""
    try:
        return TIME_UNIT_DAYS[time_unit]
    except KeyError:
        raise CRMDataError(f"time_unit must be one of {sorted(TIME_UNIT_DAYS)}, got {time_unit!r}") from None


def period_start(dates: pd.Series, purchase_period: str | None) -> pd.Series:
    """Floor dates to the start of their purchase period ("D" day, "W" Monday-based week, "M" month).

    ``None`` keeps the exact timestamps (every purchase is its own period).
    """
    if purchase_period is None:
        return dates
    if purchase_period == "D":
        return dates.dt.floor("D")
    return dates.dt.to_period(purchase_period).dt.start_time


def rfm_summary(
    transactions: pd.DataFrame,
    *,
    customer_col: str = "customer_id",
    date_col: str = "date",
    amount_col: str | None = None,
    observation_end=None,
    purchase_period: str | None = "D",
    time_unit: str = "D",
) -> pd.DataFrame:
    """Summarise a transaction log into one row per customer: frequency, recency, T [, monetary_value].

    Parameters
    ----------
    transactions : DataFrame
        One row per purchase.  Not modified.
    customer_col, date_col : str
        Customer id and purchase date columns.
    amount_col : str, optional
        Money column; when given the result has ``monetary_value``.
        Negative amounts (returns) are excluded with a warning.
    observation_end : date-like, optional
        End of the calibration window (default: the last purchase date).
        Purchases after it are excluded with a warning.
    purchase_period : {"D", "W", "M", None}, default "D"
        Purchases within one period count once (amounts summed); ``None``
        counts every purchase with its exact timestamp (use it for data
        simulated in continuous time).
    time_unit : {"D", "W", "M"}, default "D"
        Unit of ``recency`` and ``T``: days, weeks (days / 7) or months
        (days / (365.25 / 12)).

    Returns
    -------
    DataFrame
        Indexed by customer id (named ``customer_col``), sorted, with
        ``frequency`` (int), ``recency``, ``T`` (float, in ``time_unit``)
        and, with ``amount_col``, ``monetary_value``.

    Examples
    --------
    On the CDNOW 1/10 sample with ``observation_end="1997-09-30"`` and
    ``time_unit="W"``, customer 1 has frequency 2, recency 30.43 and T 38.86
    (Fader, Hardie & Lee 2005).
    """
    unit_days = time_unit_days(time_unit)
    periods = purchase_periods(transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
                               observation_end=observation_end, purchase_period=purchase_period)
    end = _period_end(periods["period"], observation_end, purchase_period)
    return _summarise_periods(periods, end, unit_days, customer_col, with_amount=bool(amount_col))


def purchase_periods(transactions: pd.DataFrame, *, customer_col: str = "customer_id", date_col: str = "date",
                     amount_col: str | None = None, observation_end=None,
                     purchase_period: str | None = "D") -> pd.DataFrame:
    """Validated purchases with the start of their purchase period: the first step of every per-customer summary.

    Applies the rules of :func:`rfm_summary`: bad input is a CRMDataError,
    returns and purchases after ``observation_end`` (the whole end period
    counts) are excluded with a warning.  Returns a new frame with columns
    ``customer``, ``period`` [and ``amount``], one row per purchase.
    """
    if purchase_period not in PURCHASE_PERIODS:
        raise CRMDataError(f"purchase_period must be one of {PURCHASE_PERIODS}, got {purchase_period!r}")
    tx = validate_transactions(transactions, customer_col=customer_col, date_col=date_col,
                               amount_col=amount_col, observation_end=inclusive_end(observation_end, purchase_period),
                               end_label=_end_label(observation_end, purchase_period))
    if len(tx) == 0:
        raise CRMDataError("transactions has no rows left after the exclusions above")
    periods = pd.DataFrame({"customer": tx[customer_col].to_numpy(),
                            "period": period_start(tx[date_col], purchase_period).to_numpy()})
    if amount_col:
        periods["amount"] = tx[amount_col].to_numpy()
    return periods


def inclusive_end(observation_end, purchase_period):
    """The last instant still inside the observation window (the whole end period counts)."""
    if observation_end is None:
        return None
    end = parse_date(observation_end, "observation_end")
    if purchase_period is None:
        return end
    return period_start(pd.Series([end]), purchase_period).iloc[0] + _period_length(purchase_period) - pd.Timedelta(1, "ns")


def _end_label(observation_end, purchase_period) -> str | None:
    """The observation end as users think of it: a day, or the period that contains it."""
    if observation_end is None:
        return None
    end = parse_date(observation_end, "observation_end")
    if purchase_period is None:
        return str(end)
    if purchase_period == "D":
        return str(end.date())
    return f"{end.date()} (the whole {'week' if purchase_period == 'W' else 'month'} counts)"


def _period_length(purchase_period: str):
    return {"D": pd.Timedelta(days=1), "W": pd.Timedelta(weeks=1), "M": pd.DateOffset(months=1)}[purchase_period]


def _period_end(periods: pd.Series, observation_end, purchase_period) -> pd.Timestamp:
    """The observation end on the same footing as the floored purchase periods (default: the last period)."""
    if observation_end is None:
        return periods.max()
    return period_start(pd.Series([parse_date(observation_end, "observation_end")]), purchase_period).iloc[0]


def _summarise_periods(periods: pd.DataFrame, end: pd.Timestamp, unit_days: float, customer_col: str,
                       with_amount: bool) -> pd.DataFrame:
    """Collapse (customer, period[, amount]) rows into the per-customer summary."""
    if with_amount:
        per_period = periods.groupby(["customer", "period"], sort=True)["amount"].sum().reset_index()
    else:
        per_period = periods.drop_duplicates(["customer", "period"]).sort_values(["customer", "period"])
    grouped = per_period.groupby("customer", sort=True)
    first = grouped["period"].first()
    last = grouped["period"].last()
    n_periods = grouped.size()
    day = np.timedelta64(1, "D")
    summary = pd.DataFrame({
        "frequency": (n_periods - 1).astype(np.int64),
        "recency": (last - first).to_numpy() / day / unit_days,
        "T": (end - first).to_numpy() / day / unit_days,
    })
    if with_amount:
        repeat_total = grouped["amount"].sum() - grouped["amount"].first()
        frequency = summary["frequency"].to_numpy()
        summary["monetary_value"] = np.where(frequency > 0, repeat_total / np.maximum(frequency, 1), 0.0)
    summary.index.name = customer_col
    return summary
