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
from ..timegrid import (PURCHASE_PERIODS, UNIT_DAYS, check_purchase_period, check_time_unit, end_label,
                        inclusive_end, period_start, record_window, unit_days)
from ..validation import parse_date, validate_transactions

# The unit table and window edges live in crm_analysis.timegrid; the old names stay importable from here.
TIME_UNIT_DAYS = UNIT_DAYS
time_unit_days = unit_days

__all__ = ["rfm_summary", "purchase_periods", "customer_totals"]


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
    time_unit : {"D", "W", "M", "Q", "Y"}, default "D"
        Unit of ``recency`` and ``T``: days, weeks (days / 7), months
        (days / (365.25 / 12)), quarters or years (days / 365.25); see
        :mod:`crm_analysis.timegrid`.  The unit is recorded with the table,
        so models fitted on it and everything downstream use it.

    Returns
    -------
    DataFrame
        Indexed by customer id (named ``customer_col``), sorted, with
        ``frequency`` (int), ``recency``, ``T`` (float, in ``time_unit``)
        and, with ``amount_col``, ``monetary_value``.  ``attrs`` records the
        window (:func:`crm_analysis.timegrid.record_window`): ``time_unit``,
        ``observation_end`` (ISO date; the last purchase period when not
        given) and ``purchase_period``.

    Examples
    --------
    On the CDNOW 1/10 sample with ``observation_end="1997-09-30"`` and
    ``time_unit="W"``, customer 1 has frequency 2, recency 30.43 and T 38.86
    (Fader, Hardie & Lee 2005).
    """
    time_unit = check_time_unit(time_unit)
    periods = purchase_periods(transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
                               observation_end=observation_end, purchase_period=purchase_period)
    end = _period_end(periods["period"], observation_end, purchase_period)
    summary = _summarise_periods(periods, end, unit_days(time_unit), customer_col, with_amount=bool(amount_col))
    return record_window(summary, time_unit=time_unit,
                         observation_end=end if observation_end is None else observation_end,
                         purchase_period=purchase_period)


def purchase_periods(transactions: pd.DataFrame, *, customer_col: str = "customer_id", date_col: str = "date",
                     amount_col: str | None = None, observation_end=None,
                     purchase_period: str | None = "D") -> pd.DataFrame:
    """Validated purchases with the start of their purchase period: the first step of every per-customer summary.

    Applies the rules of :func:`rfm_summary`: bad input is a CRMDataError,
    returns and purchases after ``observation_end`` (the whole end period
    counts) are excluded with a warning.  Returns a new frame with columns
    ``customer``, ``period`` [and ``amount``], one row per purchase.
    """
    check_purchase_period(purchase_period)
    tx = validate_transactions(transactions, customer_col=customer_col, date_col=date_col,
                               amount_col=amount_col, observation_end=inclusive_end(observation_end, purchase_period),
                               end_label=end_label(observation_end, purchase_period))
    if len(tx) == 0:
        raise CRMDataError("transactions has no rows left after the exclusions above")
    periods = pd.DataFrame({"customer": tx[customer_col].to_numpy(),
                            "period": period_start(tx[date_col], purchase_period).to_numpy()})
    if amount_col:
        periods["amount"] = tx[amount_col].to_numpy()
    return periods


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


def customer_totals(transactions: pd.DataFrame, *, customer_col: str = "customer_id", date_col: str = "date",
                    amount_col: str = "amount", observation_end=None, purchase_period: str | None = "D"
                    ) -> pd.DataFrame:
    """Purchases, revenue and mean spend per purchase of each customer, first purchase included.

    :func:`~crm_analysis.value.rfm_summary` describes the *repeat* purchases
    (what the BG/NBD and Gamma-Gamma models need), so its ``monetary_value``
    is 0 for one-time buyers.  Concentration, tiers and the frequency x spend
    quadrants are about everything a customer bought, which this table gives:

    * ``purchases`` - distinct purchase periods (``frequency + 1`` of the summary);
    * ``revenue`` - total amount (returns, i.e. negative amounts, and purchases
      after ``observation_end`` are excluded with a warning, as in ``rfm_summary``);
    * ``mean_spend`` - ``revenue / purchases``.

    >>> tx = pd.DataFrame({"customer_id": [1, 1, 1, 2], "amount": [10.0, 5.0, 30.0, 8.0],
    ...                    "date": ["2024-01-01", "2024-01-01", "2024-02-01", "2024-01-05"]})
    >>> customer_totals(tx).to_dict("index")[1]
    {'purchases': 2, 'revenue': 45.0, 'mean_spend': 22.5}
    """
    periods = purchase_periods(transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
                               observation_end=observation_end, purchase_period=purchase_period)
    grouped = periods.groupby("customer", sort=True)
    totals = pd.DataFrame({"purchases": grouped["period"].nunique().astype(np.int64),
                           "revenue": grouped["amount"].sum()})
    totals["mean_spend"] = totals["revenue"] / totals["purchases"]
    totals.index.name = customer_col
    return totals
