"""Cohorts and period KPIs: who is acquired, who stays, who is lost, and what the customer base is worth.

Three views of the customer base over calendar time:

* :func:`cohort_retention` - the acquisition-cohort table: customers acquired
  in the same period form a cohort, and each cell is the share of the cohort
  that buys *k* periods after acquisition (the classic cohort "triangle";
  Fader & Hardie's "layer cake" read by rows);
* :func:`period_kpis` - one row per period with the numbers every CRM manager
  reads: new, active, retained, lost and returning customers, the repeat rate
  (回头率), revenue and, given a valuation, customer equity;
* :func:`equity_bridge` - customer equity at two dates and the change split
  into acquisition (new customers), retention (customers lost) and spend /
  activity among the retained customers (Gupta, Lehmann & Stuart 2004 value
  customers the same way: the sum of the lifetime values of current and future customers).

:func:`customer_equity` values every customer at a date with the package's
BG/NBD + Gamma-Gamma models fitted on the data up to that date
(:func:`~crm_analysis.value.customer_lifetime_value`): deterministic (the fits
have no random step), in the business's currency.

**The customer table** (``customers=`` of :func:`period_kpis`,
:func:`customer_equity` and :func:`equity_bridge`).  A purchase log cannot
tell a closed account from a quiet one, nor show purchases from before its
first row.  Given the customer table, an account with ``churn == 1`` is closed
from its ``churn_date`` on (read as the last day as a customer): it is not
active at a period end on or after that day, is lost in the period it closes,
is worth 0 in customer equity and counts as lost in the bridge; new customers
are dated by ``acquisition_date``; and when customers were acquired before
the log starts, the numbers that would need earlier purchases are NaN
(``history_complete``) instead of zeros.  Without the table the definitions
are the purchase-window ones.  :func:`cohort_retention` leaves cells before
the data start NaN (not observed).

Periods are calendar periods: ``"M"`` months, ``"Q"`` quarters, ``"Y"``
years (pandas periods; a quarter is January-March, ...).  Their names in labels
come from :mod:`crm_analysis.timegrid`.  Conventions as everywhere in the
value engine: returns (negative amounts) are excluded with a
:class:`~crm_analysis.exceptions.DataExclusionWarning`, a zero amount is a
purchase (the customer bought), ids are text.

References
----------
Gupta, S., Lehmann, D. R., & Stuart, J. A. (2004). Valuing customers.
*Journal of Marketing Research* 41(1), 7-18.
Rust, R. T., Lemon, K. N., & Zeithaml, V. A. (2004). Return on marketing: Using
customer equity to focus marketing strategy. *Journal of Marketing* 68(1), 109-127.
Fader, P. S., & Hardie, B. G. S. (2009). Probability models for customer-base
analysis. *Journal of Interactive Marketing* 23(1), 61-69.
"""
from __future__ import annotations

import math
import warnings
from typing import NamedTuple

import matplotlib.ticker
import numpy as np
import pandas as pd

from ..exceptions import CRMDataError, DataExclusionWarning
from ..plotting import PALETTE, finish, get_ax
from ..timegrid import UNIT_NAMES
from ..validation import caller_stacklevel, check_columns, offending_rows, parse_date, to_datetime_column
from .profit import _iso, _text_ids, clean_transactions, with_id_column

__all__ = ["cohort_retention", "CohortRetention", "period_kpis", "customer_equity", "equity_bridge",
           "EquityBridge", "COHORT_PERIODS", "BRIDGE_STEPS", "plot_cohort_heatmap", "plot_period_kpis",
           "plot_equity_bridge"]

#: calendar periods of cohorts and KPIs: months, quarters, years
COHORT_PERIODS = ("M", "Q", "Y")
#: one year in periods (the default active window of :func:`period_kpis`)
_PERIODS_PER_YEAR = {"M": 12, "Q": 4, "Y": 1}
#: rows of the equity bridge
BRIDGE_STEPS = ["equity_start", "acquisition", "retention", "activity", "equity_end"]


def _check_period(period) -> str:
    if period not in COHORT_PERIODS:
        raise CRMDataError(f"period must be one of {list(COHORT_PERIODS)} (calendar months, quarters, years), "
                           f"got {period!r}")
    return period


def _ordinal(dates, period: str) -> np.ndarray:
    """Period number of each date (consecutive integers for consecutive periods)."""
    return pd.PeriodIndex(pd.DatetimeIndex(dates), freq=period).asi8


def _label(ordinals, period: str) -> pd.PeriodIndex:
    return pd.PeriodIndex.from_ordinals(np.asarray(ordinals, dtype=np.int64), freq=period)


def _singular(period: str) -> str:
    return UNIT_NAMES[period][:-1]


def _cut_at_end(tx: pd.DataFrame, observation_end) -> tuple[pd.DataFrame, pd.Timestamp]:
    """Purchases up to ``observation_end`` (whole day; default the last purchase), with a warning for the rest."""
    if len(tx) == 0:
        raise CRMDataError("transactions has no purchase left (only returns)")
    end = tx["date"].max() if observation_end is None else parse_date(observation_end, "observation_end").normalize()
    late = tx["date"] > end
    if late.any():
        warnings.warn(f"{int(late.sum())} of {len(tx)} purchase rows of transactions excluded: dated after "
                      f"observation_end {end.date()}", DataExclusionWarning, stacklevel=caller_stacklevel())
    kept = tx.loc[~late]
    if len(kept) == 0:
        raise CRMDataError(f"no purchase on or before observation_end {end.date()}")
    return kept, end


def _data_start(tx: pd.DataFrame, data_start, end: pd.Timestamp) -> pd.Timestamp:
    """First day the log covers: ``data_start`` or the first purchase."""
    start = tx["date"].min() if data_start is None else parse_date(data_start, "data_start").normalize()
    if start > tx["date"].min():
        raise CRMDataError(f"data_start {start.date()} is after the first purchase {tx['date'].min().date()}: "
                           f"the log covers its own rows")
    return start


def _period_last_day(ordinal: int, period: str) -> pd.Timestamp:
    return _label([ordinal], period)[0].end_time.normalize()


# ---------------------------------------------------------------------- the customer table: closures, acquisition
class _Closures(NamedTuple):
    """Closed accounts of a customer table: closing day per customer (NaT: open) and those closed without a date."""

    closed_on: pd.Series    # day of the closing (the last day as a customer), NaT for open accounts and undated ones
    undated: pd.Index       # customers with churn == 1 and no churn_date (closed at an unknown day by the data end)


def _closures(customers, customer_col: str = "customer_id", name: str = "customers") -> _Closures:
    """Which accounts of ``customers`` were closed, and on which day.

    A customer is **closed** when ``churn == 1`` (a blank churn label is
    unknown and counts as open, as in :func:`crm_analysis.churn.early_warnings`);
    without a ``churn`` column, when ``churn_date`` is given.  ``churn_date``
    is read as the *last day as a customer*: from that day on the account is
    closed.  A closed account without ``churn_date`` was closed at an unknown
    day by the end of the data (``undated``; each engine says which day it
    takes).  A table with neither column has no closures.
    """
    table = with_id_column(customers, customer_col, name=name)
    if not isinstance(table, pd.DataFrame):
        raise CRMDataError(f"{name} must be the customer table (a DataFrame with '{customer_col}')")
    check_columns(table, [customer_col], name=name)
    ids = pd.Index(_text_ids(table[customer_col], customer_col, name).to_numpy(), name="customer_id")
    if ids.has_duplicates:
        raise CRMDataError(f"{name} repeats customers {sorted(set(ids[ids.duplicated()]))[:5]}: one row per customer")
    dates = pd.Series(pd.NaT, index=ids, dtype="datetime64[ns]")
    if "churn_date" in table.columns:
        given = table["churn_date"].notna().to_numpy()
        if given.any():
            parsed = to_datetime_column(table.loc[given], "churn_date", name=name)
            dates.iloc[np.flatnonzero(given)] = pd.DatetimeIndex(parsed).normalize()
    if "churn" in table.columns:
        churn = pd.to_numeric(table["churn"], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isnan(churn) & ~np.isin(churn, [0.0, 1.0])
        if bad.any():
            raise CRMDataError(f"column 'churn' of {name} must be 0/1; other values in "
                               f"{offending_rows(pd.Series(bad, index=table.index), table.index)}")
        closed = churn == 1
    else:
        closed = dates.notna().to_numpy()
    closed_on = dates.where(closed, pd.NaT)
    undated = ids[closed & dates.isna().to_numpy()]
    return _Closures(closed_on.rename("closed_on"), undated)


def _closed_by(closures: _Closures, day, undated_day) -> pd.Index:
    """Customers whose account is closed on ``day`` (closing day on or before it; undated ones from ``undated_day``)."""
    day = pd.Timestamp(day)
    closed = closures.closed_on.index[(closures.closed_on <= day).to_numpy()]
    if len(closures.undated) and undated_day is not None and pd.Timestamp(undated_day) <= day:
        closed = closed.append(closures.undated)
    return closed


# ---------------------------------------------------------------------- cohort retention
class CohortRetention(NamedTuple):
    """Result of :func:`cohort_retention`: tables indexed by cohort (acquisition period)."""

    share: pd.DataFrame    # share of the cohort buying k periods after acquisition (NaN: not observed yet)
    counts: pd.DataFrame   # customers of the cohort buying in that period
    sizes: pd.Series       # customers per cohort


def _acquisition_dates(acquisition, customer_col: str) -> pd.Series:
    """Acquisition date per text customer id from a customers table or a Series."""
    acquisition = with_id_column(acquisition, customer_col, name="acquisition")
    if isinstance(acquisition, pd.DataFrame):
        check_columns(acquisition, [customer_col, "acquisition_date"], name="acquisition")
        ids = _text_ids(acquisition[customer_col], customer_col, "acquisition")
        frame = acquisition.assign(acquisition_date=acquisition["acquisition_date"])
        missing = frame["acquisition_date"].isna()
        dates = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
        if (~missing).any():
            dates.loc[~missing] = to_datetime_column(frame.loc[~missing], "acquisition_date", name="acquisition")
        series = pd.Series(dates.to_numpy(), index=pd.Index(ids.to_numpy(), name="customer_id"))
    elif isinstance(acquisition, pd.Series):
        ids = _text_ids(pd.Series(acquisition.index, index=acquisition.index), "index", "acquisition")
        series = pd.Series(pd.to_datetime(acquisition.to_numpy()), index=pd.Index(ids.to_numpy(), name="customer_id"))
    else:
        raise CRMDataError("acquisition must be a customers table with 'acquisition_date' or a Series of dates "
                           "indexed by customer")
    repeated = series.index.duplicated(keep=False)
    if repeated.any():
        raise CRMDataError(f"acquisition repeats customers {sorted(set(series.index[repeated]))[:5]}: one date per "
                           f"customer")
    return series.dt.normalize()


def cohort_retention(transactions: pd.DataFrame, *, period: str = "Q", acquisition=None, observation_end=None,
                     data_start=None, customer_col: str = "customer_id", date_col: str = "date",
                     amount_col: str = "amount") -> CohortRetention:
    """Share of each acquisition cohort that buys in each period since acquisition.

    A customer's **cohort** is the period of acquisition: by default the
    period of the first purchase in the log; with ``acquisition`` (a customers
    table with ``acquisition_date``, or a Series of dates indexed by customer)
    the period of that date, and customers acquired without any purchase
    count in their cohort's size.  For cohort :math:`c` with :math:`N_c`
    customers and age :math:`k = 0, 1, \\dots` periods,

    .. math::

        \\text{share}_{c,k} = \\frac{\\#\\{i \\in c : i \\text{ buys in period } c + k\\}}{N_c} .

    With first-purchase cohorts the age-0 share is 1 by definition.  Cells
    after the period of ``observation_end`` (default: the last purchase) are
    NaN: not observed yet.  Cells of periods before the period of
    ``data_start`` (default: the first purchase in the log) are NaN too: the
    log does not cover them, so "nobody bought" would be a guess (this
    happens with acquisition dates older than the data: customers acquired in
    2022, orders from 2023).  The last period may be incomplete
    (``attrs["last_period_complete"]``), and so may the first when the data
    start inside it.

    Raises :class:`CRMDataError` for a buyer without an acquisition date;
    purchases before the customer's acquisition period and customers acquired
    after ``observation_end`` are left out with a :class:`DataExclusionWarning`.

    Returns
    -------
    CohortRetention
        ``share`` and ``counts`` (index ``cohort``, a PeriodIndex; columns
        ``periods_since_acquisition`` 0, 1, ...), ``sizes`` (customers per
        cohort).  ``attrs``: ``period``, ``unit`` ("quarters", ...),
        ``observation_end``, ``data_start``, ``last_period_complete``, ``cohort_from``
        ("first purchase" or "acquisition_date"), ``n_before_data`` (cells
        left NaN because they lie before the data).

    Examples
    --------
    Quarterly: a and b first buy in 2024Q1, a again in Q2, both in Q3: the
    2024Q1 cohort's shares are 1, 0.5, 1.
    """
    period = _check_period(period)
    tx = clean_transactions(transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
                            order_col=None)
    tx, end = _cut_at_end(tx, observation_end)
    start = _data_start(tx, data_start, end)
    buy = _ordinal(tx["date"], period)
    if acquisition is None:
        acquired = tx.groupby("customer_id")["date"].min()
        cohort_from = "first purchase"
    else:
        acquired = _acquisition_dates(acquisition, customer_col)
        cohort_from = "acquisition_date"
        unknown = ~tx["customer_id"].isin(acquired.dropna().index)
        if unknown.any():
            raise CRMDataError(f"{tx.loc[unknown, 'customer_id'].nunique()} buyers have no acquisition date "
                               f"(missing, or not in the acquisition table): customers "
                               f"{list(pd.unique(tx.loc[unknown, 'customer_id']))[:5]}")
        acquired = acquired.dropna()
        late = acquired > end
        if late.any():
            warnings.warn(f"{int(late.sum())} of {len(acquired)} customers left out: acquired after observation_end "
                          f"{end.date()}", DataExclusionWarning, stacklevel=caller_stacklevel())
            acquired = acquired.loc[~late]
    cohort_of = pd.Series(_ordinal(acquired, period), index=acquired.index)
    age = buy - cohort_of.reindex(tx["customer_id"]).to_numpy()
    early = age < 0
    if early.any():
        warnings.warn(f"{int(early.sum())} of {len(tx)} purchase rows excluded: before the customer's acquisition "
                      f"{_singular(period)} ({offending_rows(early, tx.index)})", DataExclusionWarning,
                      stacklevel=caller_stacklevel())
    cells = pd.DataFrame({"customer": tx["customer_id"].to_numpy()[~early],
                          "cohort": cohort_of.reindex(tx["customer_id"]).to_numpy()[~early], "age": age[~early]})
    cells = cells.drop_duplicates()
    end_ordinal = int(_ordinal([end], period)[0])
    first_cohort = int(cohort_of.min())
    cohorts = np.unique(cohort_of.to_numpy())  # periods in which somebody was acquired
    ages = np.arange(0, end_ordinal - first_cohort + 1)
    counts = cells.groupby(["cohort", "age"]).size().unstack("age").reindex(index=cohorts, columns=ages)
    counts = counts.fillna(0).astype(np.int64)
    sizes = cohort_of.value_counts().reindex(cohorts, fill_value=0).astype(np.int64)
    start_ordinal = int(_ordinal([start], period)[0])
    in_data = (cohorts[:, None] + ages[None, :]) >= start_ordinal
    observed = ((cohorts[:, None] + ages[None, :]) <= end_ordinal) & in_data
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(observed & (sizes.to_numpy()[:, None] > 0),
                         counts.to_numpy() / sizes.to_numpy()[:, None], np.nan)
    index = pd.Index(_label(cohorts, period), name="cohort")
    columns = pd.Index(ages, name="periods_since_acquisition")
    counts = pd.DataFrame(np.where(observed, counts.to_numpy(), 0), index=index, columns=columns)
    share = pd.DataFrame(share, index=index, columns=columns)
    sizes = pd.Series(sizes.to_numpy(), index=index, name="customers")
    attrs = {"period": period, "unit": UNIT_NAMES[period], "observation_end": _iso(end), "data_start": _iso(start),
             "last_period_complete": bool(_period_last_day(end_ordinal, period) == end), "cohort_from": cohort_from,
             "n_before_data": int((~in_data & (sizes.to_numpy()[:, None] > 0)).sum())}
    for frame in (share, counts, sizes):
        frame.attrs = dict(attrs)
    return CohortRetention(share, counts, sizes)


# ---------------------------------------------------------------------- period KPIs
def _active_window(active_window, period: str) -> int:
    if active_window is None:
        return _PERIODS_PER_YEAR[period]
    if isinstance(active_window, (bool, np.bool_)) or not isinstance(active_window, (int, np.integer)) \
            or active_window < 1:
        raise CRMDataError(f"active_window must be a whole number of periods >= 1 (or None for one year), got "
                           f"{active_window!r}")
    return int(active_window)


def period_kpis(transactions: pd.DataFrame, *, period: str = "Q", active_window: int | None = None,
                customer_value=None, observation_end=None, customers=None, data_start=None,
                customer_col: str = "customer_id", date_col: str = "date", amount_col: str = "amount"
                ) -> pd.DataFrame:
    """One row per period: buyers, new, active, retained, returning and lost customers, repeat rate, revenue, equity.

    Definitions, for period :math:`p` and an active window of :math:`w`
    periods (``active_window``, in units of ``period``; default one year:
    12 months, 4 quarters or 1 year):

    * **buyers**: customers with at least one purchase in :math:`p`;
    * **active**: customers with a purchase in the last :math:`w` periods
      ending with :math:`p` (periods :math:`p-w+1, \\dots, p`) and, with
      ``customers``, an account still open at the end of :math:`p`, i.e.
      active at the end of :math:`p`;
    * **new**: first purchase in the log in :math:`p`; with ``customers``
      holding ``acquisition_date``: acquired in :math:`p` (the customer
      table's date; a customer without one counts at the first purchase);
    * **retained**: active at the end of :math:`p-1` and at the end of :math:`p`;
    * **lost**: active at the end of :math:`p-1` but not at the end of
      :math:`p`: a whole active window without buying (the last purchase
      was in period :math:`p-w`) or, with ``customers``, the account closed
      in :math:`p`; **closed** counts the latter (0 without ``customers``);
    * **returned**: active at the end of :math:`p`, not at the end of
      :math:`p-1`, and not new (came back after more than :math:`w` periods);
    * **retention_rate** = retained / active at the end of :math:`p-1`;
    * **repeat_rate** (回头率) = share of the period's buyers who had bought
      in an earlier period;
    * **revenue**: sum of the period's amounts (currency);
    * **customer_equity** (only with ``customer_value``): the value of the
      customer base at the period end (the last day of the period, or
      ``observation_end`` for the last period).

    So ``active(p-1) = retained + lost`` in every row, and ``active =
    retained + new + returned`` (with acquisition dates: the new customers
    who bought and whose account is open; a customer acquired in :math:`p`
    who has not bought yet is new but not active).

    **Closed accounts** (``customers`` with ``churn`` and ``churn_date``).
    A customer with ``churn == 1`` is closed from its ``churn_date`` on:
    ``churn_date`` is taken as the last day as a customer, so a customer
    whose ``churn_date`` is on or before the end of :math:`p` is not active
    at the end of :math:`p` (and is lost in the period of the churn date if
    active before), whatever the purchase window says.  A closed account
    without ``churn_date`` is taken as closed on ``observation_end`` (the
    data only say it closed by then).  A blank churn label counts as open (as
    in :func:`crm_analysis.churn.early_warnings`); without a ``churn``
    column a ``churn_date`` alone closes the account.  Purchases after the
    closing day still count in buyers and revenue (``attrs
    ["n_bought_after_closing"]``).  Without ``customers`` the definition is
    the purchase window alone, as the log cannot tell a closed account from a
    quiet one.

    **History before the data.**  The KPIs of :math:`p` look back
    :math:`w` periods (for "active at the end of :math:`p-1`") and the
    repeat rate looks back to the start of the log.  When ``customers``
    shows customers acquired before ``data_start`` (default: the first
    purchase), their earlier purchases are not in the log, so for the
    periods whose look-back starts before the data (:math:`p - w` before the
    period of ``data_start``) retained, returned, lost, closed,
    retention_rate and repeat_rate are NaN (and active too while its own
    window :math:`p-w+1 .. p` starts before the data); those rows have
    ``history_complete`` False.  Without ``customers`` (or without
    ``acquisition_date``) the log is assumed to be the whole history, as
    before: nobody is active before the first purchase, the first row has
    only new customers, and ``history_complete`` is True everywhere.

    Parameters
    ----------
    customer_value : callable or Series, optional
        ``customer_value(as_of)`` returning per-customer values at the
        Timestamp ``as_of`` (a Series, summed) or the equity itself (a
        number), e.g. ``lambda d: customer_equity(tx, d, customers=table)``;
        or a Series of equity indexed by period (labels such as ``"2024Q1"``
        or Periods).
    observation_end : date-like, optional
        The last day observed (default: the last purchase); later rows are
        excluded with a warning.
    customers : DataFrame, optional
        The customer table (``customer_id`` as a column or the index):
        ``churn`` and ``churn_date`` close accounts, ``acquisition_date``
        dates the new customers and tells whether the log covers the whole
        history (each column optional).  Not modified.
    data_start : date-like, optional
        The first day the log covers (default: the first purchase); must not
        be after the first purchase.

    Returns
    -------
    DataFrame
        Index ``period`` (PeriodIndex, every period from the first purchase to
        ``observation_end``); columns ``period_end`` (date), ``buyers``,
        ``active``, ``new``, ``retained``, ``returned``, ``lost``, ``closed``
        (customers; integers, or floats with NaN when some rows lack history),
        ``retention_rate``, ``repeat_rate`` (fractions; NaN when undefined),
        ``revenue`` [, ``customer_equity``], ``complete`` (False for a last
        period cut by ``observation_end``) and ``history_complete``.
        ``attrs``: ``period``, ``unit``, ``active_window`` (periods),
        ``observation_end``, ``data_start``, ``customers`` (whether the
        customer table was used), ``acquired_before_data`` (customers acquired
        before ``data_start``; None without acquisition dates),
        ``n_closed`` (accounts closed by ``observation_end``),
        ``n_closed_undated``, ``n_bought_after_closing``,
        ``n_history_incomplete`` (rows with ``history_complete`` False).
    """
    period = _check_period(period)
    w = _active_window(active_window, period)
    tx = clean_transactions(transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
                            order_col=None)
    tx, end = _cut_at_end(tx, observation_end)
    start = _data_start(tx, data_start, end)
    ordinal = _ordinal(tx["date"], period)
    first, last = int(_ordinal([start], period)[0]), int(_ordinal([end], period)[0])
    n_periods = last - first + 1
    period_ends = [min(_period_last_day(first + k, period), end) for k in range(n_periods)]
    buyer_ids = pd.Index(sorted(pd.unique(tx["customer_id"])), name="customer_id")
    acquired = closures = None
    if customers is not None:
        table = with_id_column(customers, customer_col, name="customers")
        closures = _closures(table, customer_col)
        if isinstance(table, pd.DataFrame) and "acquisition_date" in table.columns:
            acquired = _acquisition_dates(table, customer_col)
            acquired = acquired.loc[acquired.isna() | (acquired <= end)]
        ids = buyer_ids.union(closures.closed_on.index if acquired is None else acquired.index)
    else:
        ids = buyer_ids
    codes = ids.get_indexer(tx["customer_id"])
    bought = np.zeros((len(ids), n_periods), dtype=bool)
    bought[codes, ordinal - first] = True
    cum = np.concatenate([np.zeros((len(ids), 1), dtype=np.int64), np.cumsum(bought, axis=1)], axis=1)
    lagged = np.maximum(np.arange(1, n_periods + 1) - w, 0)
    active = (cum[:, 1:] - cum[:, lagged]) > 0                      # a purchase in periods p-w+1 .. p
    closed_at = np.zeros_like(active)                               # account closed by the end of p
    n_after = 0
    if closures is not None:
        closed_on = closures.closed_on.reindex(ids)
        undated = ids.isin(closures.undated)
        closed_on = closed_on.where(~undated, end)
        for k, day in enumerate(period_ends):
            closed_at[:, k] = (closed_on <= day).to_numpy()
        last_buy = tx.groupby("customer_id")["date"].max().reindex(ids)
        n_after = int((last_buy > closed_on).sum())
        active &= ~closed_at
    before = np.zeros_like(active)
    before[:, 1:] = active[:, :-1]                                  # active at the end of p-1
    has_bought = bought.any(axis=1)
    first_period = np.where(has_bought, np.argmax(bought, axis=1), -1)
    new_at = first_period
    acquired_before = None
    if acquired is not None:
        known = acquired.reindex(ids)
        acquired_before = int((known < start).sum())
        acq_ord = np.full(len(ids), -1, dtype=np.int64)
        dated = known.notna().to_numpy()
        acq_ord[dated] = _ordinal(known[dated], period) - first
        new_at = np.where(dated, np.where(acq_ord >= 0, acq_ord, -2), first_period)
    is_new = np.zeros_like(bought)
    rows = np.flatnonzero(new_at >= 0)
    is_new[rows, new_at[rows]] = True
    earlier = cum[:, :-1] > 0                                       # bought in a period before p
    revenue = np.bincount(ordinal - first, weights=tx["amount"].to_numpy(), minlength=n_periods)
    n_active_before = before.sum(axis=0)
    n_buyers = bought.sum(axis=0)
    retained = (active & before).sum(axis=0)
    lost = before & ~active
    closed_in = closed_at.copy()
    closed_in[:, 1:] &= ~closed_at[:, :-1]                          # closed during p
    with np.errstate(invalid="ignore", divide="ignore"):
        table = pd.DataFrame({
            "period_end": period_ends,
            "buyers": n_buyers,
            "active": active.sum(axis=0),
            "new": is_new.sum(axis=0),
            "retained": retained,
            "returned": (active & ~before & ~is_new).sum(axis=0),
            "lost": lost.sum(axis=0),
            "closed": (lost & closed_in).sum(axis=0),
            "retention_rate": np.where(n_active_before > 0, retained / n_active_before, np.nan),
            "repeat_rate": np.where(n_buyers > 0, (bought & earlier).sum(axis=0) / n_buyers, np.nan),
            "revenue": revenue,
        }, index=pd.Index(_label(np.arange(first, last + 1), period), name="period"))
    for column in ("buyers", "active", "new", "retained", "returned", "lost", "closed"):
        table[column] = table[column].astype(np.int64)
    k = np.arange(n_periods)
    history = np.ones(n_periods, dtype=bool)
    if acquired_before:  # customers existed before the log: look-backs reaching before it are incomplete
        history = k - w >= 0
        table.loc[~history, ["retained", "returned", "lost", "closed", "retention_rate", "repeat_rate"]] = np.nan
        table.loc[k - w + 1 < 0, "active"] = np.nan
    if customer_value is not None:
        table["customer_equity"] = _equity_per_period(customer_value, table)
    table["complete"] = [_period_last_day(first + j, period) <= end for j in range(n_periods)]
    table["history_complete"] = history
    n_closed = 0 if closures is None else int(len(_closed_by(closures, end, end)))
    table.attrs = {"period": period, "unit": UNIT_NAMES[period], "active_window": w, "observation_end": _iso(end),
                   "data_start": _iso(start), "customers": customers is not None,
                   "new_by": "first_purchase" if acquired is None else "acquisition_date",
                   "acquired_before_data": acquired_before, "n_closed": n_closed,
                   "n_closed_undated": 0 if closures is None else int(len(closures.undated)),
                   "n_bought_after_closing": n_after, "n_history_incomplete": int((~history).sum())}
    return table


def _equity_per_period(customer_value, table: pd.DataFrame) -> np.ndarray:
    if callable(customer_value):
        out = []
        for as_of in table["period_end"]:
            value = customer_value(pd.Timestamp(as_of))
            out.append(math.fsum(np.asarray(value, dtype=float).ravel()) if isinstance(value, (pd.Series, np.ndarray))
                       else float(value))
        return np.asarray(out)
    if isinstance(customer_value, pd.Series):
        labels = [str(p) for p in customer_value.index]
        by_label = pd.Series(customer_value.to_numpy(dtype=float), index=labels)
        wanted = [str(p) for p in table.index]
        missing = [p for p in wanted if p not in by_label.index]
        if missing:
            raise CRMDataError(f"customer_value has no equity for periods {missing[:5]}")
        return by_label.reindex(wanted).to_numpy()
    raise CRMDataError("customer_value must be a function of the date (returning per-customer values) or a Series "
                       "of equity indexed by period")


# ---------------------------------------------------------------------- customer equity
def customer_equity(transactions: pd.DataFrame, as_of, *, horizon_months: int = 12, discount_rate: float = 0.10,
                    margin: float = 1.0, customers=None, customer_col: str = "customer_id", date_col: str = "date",
                    amount_col: str = "amount") -> pd.Series:
    """The value at ``as_of`` of every customer who has bought by then: BG/NBD + Gamma-Gamma CLV.

    Fits a :class:`~crm_analysis.value.BetaGeoModel` (weeks) and a
    :class:`~crm_analysis.value.GammaGammaModel` on the purchases up to
    ``as_of`` (that whole day included; later ones are not seen) and returns
    :func:`~crm_analysis.value.customer_lifetime_value` over
    ``horizon_months`` months, discounted at ``discount_rate`` a year, times
    ``margin`` (1.0 = revenue value).  Customer equity at ``as_of`` is the sum.
    The CLV already weighs each customer by the chance of still being active
    (P(alive)), so lapsed customers are worth little but are kept.  The same
    data give the same values (the fits have no random step).  Repeat buyers
    whose repeat purchases are all 0 are left out of the spend fit (as in
    :func:`~crm_analysis.value.customer_base.analyse_customer_base`).  A
    customer whose first purchase is on ``as_of`` itself is valued as observed
    for one day (the models need T > 0).

    **Closed accounts.**  With ``customers`` (the customer table, with
    ``churn`` and ``churn_date``), a customer whose account is closed on
    ``as_of`` (``churn == 1`` and ``churn_date`` on or before ``as_of``;
    ``churn_date`` is the last day as a customer) is worth 0: the models
    would value the closed account by its purchase pattern, but it will not
    buy again.  A closed account without ``churn_date`` counts as closed when
    ``as_of`` is on or after the last purchase of ``transactions`` (the data
    only say it closed by their end).  The models are still fitted on every
    buyer (closed customers' purchases are part of the history the
    parameters describe).  Without ``customers`` every buyer is valued by
    the models alone, as the log cannot tell a closed account from a quiet
    one.

    Returns
    -------
    Series
        ``customer_value`` (currency) indexed by ``customer_id``; ``attrs``:
        ``as_of``, ``horizon_months``, ``discount_rate``, ``margin``,
        ``n_closed`` (buyers valued 0 because their account is closed; 0
        without ``customers``).

    Raises
    ------
    CRMDataError
        Too little data at ``as_of`` to fit the models (fewer than 2 buyers or
        3 repeat buyers), naming the date.
    """
    from .bgnbd import BetaGeoModel
    from .clv import customer_lifetime_value
    from .rfm import rfm_summary
    from .spend import GammaGammaModel

    day = parse_date(as_of, "as_of").normalize()
    tx = clean_transactions(transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
                            order_col=None)
    tx_all_end = tx["date"].max() if len(tx) else None
    tx = tx.loc[tx["date"] <= day]
    summary = rfm_summary(tx, amount_col="amount", observation_end=day, time_unit="W") if len(tx) else None
    repeat = 0 if summary is None else int(((summary["frequency"] > 0) & (summary["monetary_value"] > 0)).sum())
    if summary is None or len(summary) < 2 or repeat < 3:
        raise CRMDataError(f"too little data to value the customers at {day.date()}: "
                           f"{0 if summary is None else len(summary)} buyers, {repeat} with positive repeat "
                           f"purchases (the models need at least 2 buyers and 3 repeat buyers)")
    # a first purchase on as_of itself gives T = 0, which the models cannot take: such a customer is valued as
    # one observed for a day (the grid of the summary), like any new one-time buyer
    summary["T"] = summary["T"].clip(lower=1 / 7)
    zero_value = (summary["frequency"] > 0) & (summary["monetary_value"] <= 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)  # one-time buyers are not in the spend fit: by design
        bg = BetaGeoModel().fit(summary)
        gg = GammaGammaModel().fit(summary.loc[~zero_value])
    value = customer_lifetime_value(bg, gg, summary, horizon=horizon_months, time_unit="M",
                                    discount_rate=discount_rate, margin=margin).rename("customer_value")
    value.index.name = "customer_id"
    n_closed = 0
    if customers is not None:
        closed = _closed_by(_closures(customers, customer_col), day, tx_all_end)
        shut = value.index.isin(closed)
        n_closed = int(shut.sum())
        value = value.where(~shut, 0.0)
    value.attrs = {"as_of": _iso(day), "horizon_months": horizon_months, "discount_rate": discount_rate,
                   "margin": margin, "n_closed": n_closed}
    return value


# ---------------------------------------------------------------------- equity bridge
class EquityBridge(NamedTuple):
    """Result of :func:`equity_bridge`."""

    bridge: pd.DataFrame      # rows BRIDGE_STEPS: amount (currency), customers
    customers: pd.DataFrame   # per customer: group, value_start, value_end, change


def _values_for(values, needed: pd.Index, which: str) -> pd.Series:
    if not isinstance(values, pd.Series):
        raise CRMDataError(f"{which} must be a Series of customer values indexed by customer")
    ids = _text_ids(pd.Series(values.index, index=values.index), "index", which)
    series = pd.Series(pd.to_numeric(values, errors="coerce").to_numpy(dtype=float), index=ids.to_numpy())
    missing = ~needed.isin(series.dropna().index)
    if missing.any():
        raise CRMDataError(f"{which} has no value for {int(missing.sum())} customers {list(needed[missing][:5])}")
    extra = ~series.index.isin(needed)
    if extra.any():
        warnings.warn(f"{int(extra.sum())} of {len(series)} customers of {which} left out: not customers at that "
                      f"date in the transactions (e.g. {list(series.index[extra][:5])})", DataExclusionWarning,
                      stacklevel=caller_stacklevel())
    return series.reindex(needed)


def equity_bridge(transactions: pd.DataFrame, *, start, end, values_start: pd.Series | None = None,
                  values_end: pd.Series | None = None, horizon_months: int = 12, discount_rate: float = 0.10,
                  margin: float = 1.0, customers=None, customer_col: str = "customer_id", date_col: str = "date",
                  amount_col: str = "amount") -> EquityBridge:
    """Customer equity at ``start`` and at ``end`` and the change split into acquisition, retention and activity.

    Customers are grouped by what they did between the two dates:

    * **new**: first purchase after ``start``, up to ``end`` (both whole days);
    * **lost**: bought by ``start`` and not again up to ``end``;
    * **retained**: bought by ``start`` and again after it, up to ``end``.

    **Closed accounts.**  With ``customers`` (the customer table, with
    ``churn`` and ``churn_date``; ``churn_date`` is the last day as a
    customer), a customer whose account closed after ``start`` and on or
    before ``end`` is **lost** even if it bought in between, and is worth 0
    at ``end`` (given ``values_end`` are overridden for them); a customer
    closed on or before ``start`` was not a customer any more at ``start``
    and is left out of the bridge (``attrs["closed_before_start"]``), and a
    new customer closed by ``end`` is worth 0 at ``end``.  A closed account
    without ``churn_date`` is taken as closed on ``end``.  The models'
    values are computed with ``customers`` (:func:`customer_equity`).
    Without ``customers`` the groups come from the purchases alone, as
    before.

    With :math:`v^0_i` the value at ``start`` and :math:`v^1_i` at ``end``,
    :math:`E_0 = \\sum_{\\text{lost} \\cup \\text{retained}} v^0_i` and
    :math:`E_1 = \\sum_{\\text{all}} v^1_i`, the change splits exactly into

    .. math::

        E_1 - E_0 = \\underbrace{\\sum_{\\text{new}} v^1_i}_{\\text{acquisition}}
        + \\underbrace{\\sum_{\\text{lost}} (v^1_i - v^0_i)}_{\\text{retention}}
        + \\underbrace{\\sum_{\\text{retained}} (v^1_i - v^0_i)}_{\\text{spend and activity}} .

    The retention part is the equity the lost customers took away (what
    they are still worth at ``end``, as possible returners, minus what they
    were worth); the activity part is the change in value of the customers
    who kept buying (more or fewer purchases, larger or smaller baskets).

    Values are ``values_start`` / ``values_end`` (Series indexed by customer,
    currency) when given, else :func:`customer_equity` at each date with
    ``horizon_months``, ``discount_rate`` and ``margin``.  A customer of the
    groups without a value is a :class:`CRMDataError`; values of other
    customers are left out with a :class:`DataExclusionWarning`.

    Returns
    -------
    EquityBridge
        ``bridge``: rows :data:`BRIDGE_STEPS` (``equity_start``,
        ``acquisition``, ``retention``, ``activity``, ``equity_end``) with
        ``amount`` (currency) and ``customers`` (the group's customers; all
        customers valued at that date for the two equity rows).
        ``attrs`` also: ``closed`` (customers of the bridge whose account
        closed by ``end``: all lost or new), ``closed_lost``, ``closed_new``
        (the two parts), ``closed_before_start``.
        ``customers``: ``group``, ``value_start`` (0 for new customers),
        ``value_end``, ``change``, indexed by ``customer_id``.  ``attrs``:
        ``start``, ``end`` (ISO dates), ``values`` ("given" or "BG/NBD + Gamma-Gamma").

    Examples
    --------
    Values at start a 10, b 20 (c not yet a customer); at end a 15, b 5,
    c 8; a bought again, b did not, c is new: E0 = 30, acquisition 8,
    retention 5 - 20 = -15, activity 15 - 10 = 5, E1 = 28 = 30 + 8 - 15 + 5.
    """
    first_day, last_day = parse_date(start, "start").normalize(), parse_date(end, "end").normalize()
    if last_day <= first_day:
        raise CRMDataError(f"end {last_day.date()} must be after start {first_day.date()}")
    tx = clean_transactions(transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
                            order_col=None)
    tx = tx.loc[tx["date"] <= last_day]
    earliest = tx.groupby("customer_id")["date"].min()
    base = earliest.index[earliest <= first_day]
    if len(base) == 0:
        raise CRMDataError(f"no customer had bought by start {first_day.date()}")
    gone_before, closed = pd.Index([]), pd.Index([])
    if customers is not None:
        closures = _closures(customers, customer_col)
        gone_before = _closed_by(closures, first_day, last_day)
        closed = _closed_by(closures, last_day, last_day)
        earliest = earliest.loc[~earliest.index.isin(gone_before)]
        base = earliest.index[earliest <= first_day]
        if len(base) == 0:
            raise CRMDataError(f"no customer with an open account had bought by start {first_day.date()}")
    between = set(tx.loc[tx["date"] > first_day, "customer_id"]) - set(closed)
    everyone = earliest.index
    group = pd.Series(np.where(~everyone.isin(base), "new",
                               np.where(everyone.isin(list(between)), "retained", "lost")), index=everyone)
    given = values_start is not None or values_end is not None
    if given and (values_start is None or values_end is None):
        raise CRMDataError("give both values_start and values_end, or neither (then the models value the customers)")
    if values_start is None:
        values_start = customer_equity(transactions, first_day, horizon_months=horizon_months,
                                       discount_rate=discount_rate, margin=margin, customers=customers,
                                       customer_col=customer_col, date_col=date_col, amount_col=amount_col)
        values_end = customer_equity(transactions, last_day, horizon_months=horizon_months,
                                     discount_rate=discount_rate, margin=margin, customers=customers,
                                     customer_col=customer_col, date_col=date_col, amount_col=amount_col)
    if len(gone_before):
        values_start = values_start.loc[~values_start.index.astype(str).isin(gone_before)]
        values_end = values_end.loc[~values_end.index.astype(str).isin(gone_before)]
    v0 = _values_for(values_start, pd.Index(base), "values_start").reindex(everyone).fillna(0.0)
    v1 = _values_for(values_end, pd.Index(everyone), "values_end")
    v1 = v1.where(~v1.index.isin(closed), 0.0)
    customers = pd.DataFrame({"group": group.to_numpy(), "value_start": v0.to_numpy(), "value_end": v1.to_numpy()},
                             index=pd.Index(everyone, name="customer_id"))
    customers["change"] = customers["value_end"] - customers["value_start"]
    parts = {g: customers.loc[customers["group"] == g] for g in ("new", "lost", "retained")}
    bridge = pd.DataFrame({
        "amount": [math.fsum(customers.loc[customers["group"] != "new", "value_start"]),
                   math.fsum(parts["new"]["value_end"]), math.fsum(parts["lost"]["change"]),
                   math.fsum(parts["retained"]["change"]), math.fsum(customers["value_end"])],
        # the end's customers are those still holding an account (a closed one is in the bridge, worth 0)
        "customers": [len(base), len(parts["new"]), len(parts["lost"]), len(parts["retained"]),
                      int((~everyone.isin(closed)).sum())],
    }, index=pd.Index(BRIDGE_STEPS, name="step"))
    attrs = {"start": _iso(first_day), "end": _iso(last_day),
             "values": "given" if given else "BG/NBD + Gamma-Gamma",
             "closed": int(everyone.isin(closed).sum()),
             "closed_lost": int((everyone.isin(closed) & (group == "lost").to_numpy()).sum()),
             "closed_new": int((everyone.isin(closed) & (group == "new").to_numpy()).sum()),
             "closed_before_start": int(len(gone_before))}
    bridge.attrs, customers.attrs = dict(attrs), dict(attrs)
    return EquityBridge(bridge, customers)


# ---------------------------------------------------------------------- plots
def plot_cohort_heatmap(retention: CohortRetention, *, annotate: bool | None = None, ax=None):
    """Heat map of :func:`cohort_retention` shares (%): cohorts down, periods since acquisition across.

    Cells not observed yet are blank.  ``annotate`` writes the percentage in
    each cell (default: when the table has at most 16 columns).
    """
    if not isinstance(retention, CohortRetention):
        raise CRMDataError("retention must be the result of cohort_retention")
    share = retention.share
    ax = get_ax(ax, figsize=(8, 5))
    values = 100 * share.to_numpy(dtype=float)
    mesh = ax.imshow(np.ma.masked_invalid(values), cmap="YlGnBu", vmin=0, vmax=100, aspect="auto")
    ax.figure.colorbar(mesh, ax=ax, label="Share of the cohort buying (%)")
    if annotate is None:
        annotate = share.shape[1] <= 16
    if annotate:
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                if np.isfinite(values[i, j]):
                    ax.text(j, i, f"{values[i, j]:.0f}", ha="center", va="center", fontsize=7,
                            color="white" if values[i, j] > 60 else "black")
    ax.set_yticks(np.arange(len(share)), [str(c) for c in share.index])
    step = max(1, int(np.ceil(share.shape[1] / 16)))
    ax.set_xticks(np.arange(0, share.shape[1], step), [str(a) for a in share.columns[::step]])
    period = share.attrs.get("period", "Q")
    unit = UNIT_NAMES[period]
    ax = finish(ax, title="Cohort retention: share of each cohort buying",
                xlabel=f"{unit.capitalize()} since acquisition (0 = the acquisition {_singular(period)})",
                ylabel=f"Acquisition cohort ({_singular(period)})", legend=False)
    ax.grid(False)
    return ax


def plot_period_kpis(kpis: pd.DataFrame, *, ax=None):
    """Customers per period from :func:`period_kpis`: active (line), new, retained, returned and lost (bars).

    Lost customers are drawn below zero, so a period's bars show the flow into
    and out of the active base.
    """
    check_columns(kpis, ["active", "new", "retained", "returned", "lost"], name="kpis")
    ax = get_ax(ax, figsize=(8, 4.5))
    x = np.arange(len(kpis))
    width = 0.27
    new_label = "New (acquired)" if kpis.attrs.get("new_by") == "acquisition_date" else "New (first purchase)"
    ax.bar(x - width, kpis["new"], width, color=PALETTE[2], label=new_label)
    ax.bar(x, kpis["returned"], width, color=PALETTE[4], label="Returned (bought again after a break)")
    ax.bar(x + width, -kpis["lost"].to_numpy(), width, color=PALETTE[3], label="Lost (shown below zero)")
    ax.plot(x, kpis["retained"], color=PALETTE[1], marker="s", label="Retained")
    w = kpis.attrs.get("active_window")
    period = kpis.attrs.get("period", "Q")
    active = f"Active (bought in the last {w} {UNIT_NAMES[period]})" if w else "Active"
    ax.plot(x, kpis["active"], color=PALETTE[0], marker="o", label=active)
    ax.axhline(0, color="grey", linewidth=0.8)
    step = max(1, int(np.ceil(len(kpis) / 12)))
    ax.set_xticks(x[::step], [str(p) for p in kpis.index[::step]], rotation=45, ha="right")
    ax = finish(ax, title="Customers per period: active, new, retained, returned and lost",
                xlabel=f"Period ({_singular(period)})", ylabel="Customers (count)")
    ax.legend(frameon=False, fontsize=7)
    return ax


def plot_equity_bridge(bridge, *, currency: str | None = None, ax=None):
    """Waterfall of :func:`equity_bridge`: equity at the start, the three parts, equity at the end.

    Rising parts are green, falling ones red; each bar is labelled with its amount.
    """
    table = bridge.bridge if isinstance(bridge, EquityBridge) else bridge
    check_columns(table, ["amount"], name="bridge")
    amounts = table["amount"].reindex(BRIDGE_STEPS).to_numpy(dtype=float)
    ax = get_ax(ax, figsize=(8, 4.5))
    labels = ["Equity at start", "New customers", "Lost customers", "Retained customers", "Equity at end"]
    bottoms = [0.0, amounts[0], amounts[0] + amounts[1], amounts[0] + amounts[1] + amounts[2], 0.0]
    heights = list(amounts)
    colours = [PALETTE[0]] + [PALETTE[2] if a >= 0 else PALETTE[3] for a in amounts[1:4]] + [PALETTE[0]]
    ax.bar(np.arange(5), heights, bottom=bottoms, color=colours, width=0.6)
    for k, (b, h) in enumerate(zip(bottoms, heights)):
        text = f"{h:,.0f}" if k in (0, 4) else f"{h:+,.0f}"
        ax.text(k, b + h if h >= 0 else b, text, ha="center", va="bottom", fontsize=8)
    for k in range(4):
        level = bottoms[k] + heights[k] if k < 4 else heights[4]
        ax.plot([k + 0.3, k + 0.7], [level, level], color="grey", linewidth=0.8)
    ax.set_xticks(np.arange(5), labels, rotation=20, ha="right")
    tops = [b + h for b, h in zip(bottoms, heights)] + bottoms
    low, high = min(0.0, min(tops)), max(tops)
    ax.set_ylim(low - 0.05 * (high - low) if low < 0 else 0.0, high + 0.1 * (high - low))
    ax.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    start, end = table.attrs.get("start"), table.attrs.get("end")
    title = f"Customer equity bridge: {start} to {end}" if start and end else "Customer equity bridge"
    ylabel = f"Customer equity ({currency})" if currency else "Customer equity"
    return finish(ax, title=title, xlabel="Change by group of customers", ylabel=ylabel, legend=False)
