"""The course's four early warnings in one list: stopped ordering, behind plan, over credit, over budget.

A customer database should raise a warning, customer by customer, when

1. **the customer stopped ordering** (the churn warning).  For non-contractual
   customers nobody announces leaving, so "stopped ordering" is measured by the
   BG/NBD probability that the customer is still active,
   :math:`P(\\text{alive}_i) < p_{\\min}` (Fader, Hardie & Lee 2005; the machinery
   of :func:`crm_analysis.churn.risk_from_p_alive`);
2. **orders fall behind plan**: the revenue of the last :math:`M_p` months is
   below a share :math:`s` of the planned revenue,

   .. math:: R_i(M_p) < s \\times \\text{plan}_i \\times m_i,

   with :math:`\\text{plan}_i` the customer's ``sales_plan`` (currency per month)
   and :math:`m_i = M_p` months, or fewer for a customer acquired inside the
   window (the plan runs from ``acquisition_date``: :math:`m_i = M_p \\times`
   the share of the window's days after acquisition);
3. **debt is above the credit limit**: :math:`\\text{balance}_i > \\text{credit\\_limit}_i`
   (both in currency, at the observation end: the customer table's values);
4. **cost is above budget**: the cost to serve of the last :math:`M_b` months is
   above the service budget,

   .. math:: c_i \\times n_i(M_b) > \\text{budget}_i \\times m_i,

   with :math:`c_i` the ``cost_to_serve`` (currency per order), :math:`n_i(M_b)`
   the orders in the window and :math:`\\text{budget}_i` the ``service_budget``
   (currency per month), :math:`m_i` as in 2.

"The last :math:`M` months" is the calendar window that ends with the report
day ``as_of`` (included) and starts the day after the same date :math:`M`
months before: ``as_of="2025-12-31"``, 3 months: 1 October to 31 December.
Every comparison is strict, so a customer exactly at the limit is not warned
(a relative tolerance of 1e-9 absorbs the rounding of the products).

These are the course's rules of thumb, not statistical tests.  Revenue and
orders over a few months are noisy for customers who order rarely: one who
orders twice a quarter on average places no order at all in a quarter
:math:`e^{-2}` = 14 % of the time, so some customers whose plan and budget fit
them are warned by chance.  On :func:`crm_analysis.datasets.make_company`
(2,000 customers, seed 7; a median customer orders 0.7 times a month), the
defaults warn 78 % of the customers planted behind plan and 47 % of the
others (6 months: 82 % and 39 %), 70 % of those planted over budget and 33 %
of the others, and every customer planted over the credit limit (0.6 % of
the others).  A longer window or a lower ``plan_share`` trades sensitivity for
fewer false alarms; the list's value order puts the few that matter first.

Each customer on the list carries a value (a Series passed in, e.g. the
12-month CLV of :func:`crm_analysis.value.customer_lifetime_value`, or by
default the revenue of the last 12 months) and the list is sorted by it, so
the valuable customers with a warning come first: the course's rule to
concentrate effort on valuable customers.  Churned customers (``churn == 1``
with a ``churn_date`` on or before ``as_of``, or without a ``churn_date``) are
not on the list: they are counted in ``attrs``.  A customer acquired after
``as_of`` is not a customer yet (counted too).

A warning whose columns the customer table lacks is **not checked**:
``attrs["not_checked"]`` names it, the missing columns and the import option
that provides them, so a report says "not checked" instead of "nobody".
Wording (reason names, amounts in sentences, figure texts) lives in the
catalogue ``crm_analysis/present/catalogue/early_warning.py``.

Reference
---------
Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). "Counting your customers"
the easy way: An alternative to the Pareto/NBD model. *Marketing Science* 24(2), 275-284.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from ..exceptions import ConvergenceError, CRMDataError
from ..plotting import PALETTE, finish, get_ax
from ..validation import (check_columns, exclude_rows, offending_rows, parse_date, require_dataframe,
                          to_datetime_column, to_numeric_column, validate_transactions)
from .warning import risk_from_p_alive

__all__ = ["early_warnings", "warning_counts", "warning_details", "plot_early_warnings", "WARNINGS",
           "WARNING_COLUMNS", "DETAIL_FIELDS", "DEFAULT_MIN_P_ALIVE", "DEFAULT_PLAN_SHARE"]

#: the four warnings, in the order of the course (and of ``reasons``)
WARNINGS = ("stopped_ordering", "behind_plan", "over_credit", "over_budget")

#: customer-table columns each warning needs (stopped ordering needs only the transactions)
WARNING_COLUMNS = {"stopped_ordering": (), "behind_plan": ("sales_plan",),
                   "over_credit": ("balance", "credit_limit"), "over_budget": ("cost_to_serve", "service_budget")}

#: below this P(alive) a customer "stopped ordering": more likely gone than active
DEFAULT_MIN_P_ALIVE = 0.5
#: revenue below this share of the plan is "behind plan" (80 %: a shortfall of a fifth, not a slow month)
DEFAULT_PLAN_SHARE = 0.8

#: English figure texts (the catalogue has each in en/zh)
WARNING_LABELS = {"stopped_ordering": "Stopped ordering", "behind_plan": "Orders behind plan",
                  "over_credit": "Debt above credit limit", "over_budget": "Cost above budget",
                  "any": "Any warning"}

_DAY = pd.Timedelta(1, "D")
_RTOL = 1e-9


def _enable_option(columns) -> str:
    """How a user provides ``columns`` of the customer table (store role and CLI flag)."""
    roles = ", ".join(f"'{c}': COL" for c in columns)
    flags = " ".join(f"--{c.replace('_', '-')}-col COL" for c in columns)
    return (f"a customers column named {', '.join(columns)}, or CustomerStore.add_customers(..., roles={{{roles}}}), "
            f"or crm-analysis import customers FILE --store DB {flags}")


def _customer_table(customers, customer_col: str) -> pd.DataFrame:
    from ..io import parse_ids

    customers = require_dataframe(customers, name="customers")
    if customer_col not in customers.columns and customers.index.name == customer_col:
        customers = customers.reset_index()
    check_columns(customers, [customer_col], name="customers")
    table = customers.copy()
    table[customer_col] = parse_ids(table[customer_col], customer_col, name="customers", what="customer id")
    duplicated = table[customer_col].duplicated(keep=False)
    if duplicated.any():
        raise CRMDataError(f"column '{customer_col}' of customers has duplicated customer ids in "
                           f"{offending_rows(duplicated, table.index)}: one row per customer")
    return table.set_index(customer_col)


def _money(table: pd.DataFrame, column: str, *, negative_ok: bool = False) -> pd.Series:
    values = to_numeric_column(table, column, name="customers", allow_missing=True)
    if not negative_ok:
        bad = values < 0
        if bad.any():
            raise CRMDataError(f"column '{column}' of customers must not be negative; negative values in "
                               f"{offending_rows(bad, table.index)}")
    return values


def _dates(table: pd.DataFrame, column: str) -> pd.Series:
    """``table[column]`` as days (NaT where missing), read by the package's one date reader."""
    known = table[column].notna()
    out = pd.Series(pd.NaT, index=table.index, dtype="datetime64[ns]")
    if known.any():
        out[known] = to_datetime_column(table.loc[known], column, name="customers").dt.normalize()
    return out


def _ids(series: pd.Series, parameter: str) -> pd.Series:
    """A per-customer Series (p_alive, value) re-keyed by text id, numeric."""
    from ..io import parse_ids

    if not isinstance(series, pd.Series):
        raise CRMDataError(f"{parameter} must be a Series indexed by customer id, got {type(series).__name__}")
    keys = parse_ids(pd.Series(series.index, index=series.index), "index", name=parameter, what="customer id")
    out = pd.Series(series.to_numpy(), index=pd.Index(keys.to_numpy(), dtype=object))
    if out.index.duplicated().any():
        dup = out.index.duplicated(keep=False)
        raise CRMDataError(f"{parameter} has duplicated customer ids in {offending_rows(dup, series.index)}")
    numeric = pd.to_numeric(out, errors="coerce")
    bad = numeric.isna() & out.notna()
    if bad.any():
        raise CRMDataError(f"{parameter} must be numeric; non-numeric entries in {offending_rows(bad, series.index)}")
    return numeric.astype(float)


def _check_overlap(given: pd.Series, ids: pd.Index, parameter: str) -> None:
    """A Series for the customers that names none of them is a mismatch of ids (509 vs "000509"), not data."""
    if len(ids) and len(given) and not given.index.isin(ids).any():
        raise CRMDataError(f"{parameter} has none of the current customers: its ids look like "
                           f"{list(given.index[:3])}, the customer table's like {list(ids[:3])} (ids are text: "
                           f"'000509' is not 509)")


def _window(as_of_day: pd.Timestamp, months: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First day (included) and the day after the last (excluded) of the ``months`` up to ``as_of_day``."""
    return as_of_day - pd.DateOffset(months=int(months)) + _DAY, as_of_day + _DAY


def _exposure_months(months: int, first: pd.Timestamp, stop: pd.Timestamp, acquired: pd.Series | None,
                     index: pd.Index) -> pd.Series:
    """``months``, or its share of the window after the acquisition day for customers acquired inside it."""
    full = pd.Series(float(months), index=index)
    if acquired is None:
        return full
    days = (stop - first).days
    after = (stop - acquired.reindex(index).clip(lower=first)).dt.days.clip(lower=0)
    share = (after / days).where(acquired.reindex(index).notna(), 1.0)
    return full * share.astype(float)


def _strictly_above(a: pd.Series, b: pd.Series) -> pd.Series:
    """``a > b`` beyond rounding (relative tolerance 1e-9); False where either is missing."""
    close = np.isclose(a.to_numpy(float), b.to_numpy(float), rtol=_RTOL, atol=_RTOL)
    return pd.Series((a > b).to_numpy() & ~close, index=a.index) & a.notna() & b.notna()


def _check_months(value, parameter: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise CRMDataError(f"{parameter} must be a whole number of months >= 1, got {value!r}")
    return int(value)


def _check_share(value, parameter: str, *, upper: float) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise CRMDataError(f"{parameter} must be a number, got {value!r}") from None
    if not 0 < value <= upper:
        raise CRMDataError(f"{parameter} must be in (0, {upper:g}], got {value}")
    return value


def early_warnings(transactions: pd.DataFrame, customers: pd.DataFrame, *, as_of=None,
                   p_alive: pd.Series | None = None, value: pd.Series | None = None,
                   min_p_alive: float = DEFAULT_MIN_P_ALIVE, plan_window_months: int = 3,
                   plan_share: float = DEFAULT_PLAN_SHARE, budget_window_months: int = 3,
                   value_window_months: int = 12, flagged_only: bool = True, currency: str | None = None,
                   customer_col: str = "customer_id", date_col: str = "date", amount_col: str = "amount",
                   order_col: str | None = "order_id") -> pd.DataFrame:
    """The four early warnings of every current customer, the reasons and the gaps, most valuable first.

    Parameters
    ----------
    transactions : DataFrame
        ``customer_id, date, amount``.  An order is a distinct ``order_col``
        (``order_id``; the store's ``transaction_id`` when that is absent; a
        row without an id is an order of its own), else one row
        (``attrs["orders_from"]`` says which).  Not modified.
        Negative amounts (returns) are excluded with a :class:`DataExclusionWarning`,
        as are rows of customers missing from ``customers``; rows after
        ``as_of`` are left out by design (counted in ``attrs["rows_after_as_of"]``).
    customers : DataFrame
        One row per customer: ``customer_id`` (text) and the optional columns
        of the warnings: ``sales_plan`` (currency per month), ``balance`` and
        ``credit_limit`` (currency), ``cost_to_serve`` (currency per order),
        ``service_budget`` (currency per month); ``churn`` (0/1) and
        ``churn_date``, ``acquisition_date``.  Not modified.
    as_of : date-like, optional
        The report day (included); default the last transaction date.
    p_alive : Series, optional
        P(alive) per customer at ``as_of`` from a fitted BG/NBD (validated by
        :func:`~crm_analysis.churn.risk_from_p_alive`).  Default: a
        :class:`~crm_analysis.value.BetaGeoModel` fitted (in weeks) on all
        known customers' purchases up to ``as_of`` (a customer whose first
        order is on ``as_of`` itself has P(alive) 1).  Customers without a
        value (no purchase yet) are not checked for this warning.
    value : Series, optional
        Value per customer (e.g. 12-month CLV), in currency.  Default: each
        customer's revenue over the last ``value_window_months`` months
        (``attrs["value_source"]`` says which).  Customers missing from the
        Series keep NaN and sort last.
    min_p_alive : float, default 0.5
        "Stopped ordering" when ``P(alive) < min_p_alive``.
    plan_window_months, plan_share : int, float, default 3, 0.8
        "Behind plan" when the revenue of the last ``plan_window_months``
        months is below ``plan_share x sales_plan x months``.
    budget_window_months : int, default 3
        "Over budget" when ``cost_to_serve x orders`` of the last
        ``budget_window_months`` months is above ``service_budget x months``.
    flagged_only : bool, default True
        Keep only customers with at least one warning (``False``: every current
        customer, ``n_warnings`` 0 included).
    currency : str, optional
        Recorded in ``attrs`` for labels only; amounts are never converted.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (text), sorted by ``value`` (largest first,
        missing last; ties by ``n_warnings``, then id), columns:

        * ``value``, ``n_warnings``, ``reasons`` (tuple of the keys of
          :data:`WARNINGS` that apply, in that order);
        * one bool column per warning (False when not checked);
        * ``p_alive``, ``weeks_since_last_order``;
        * ``recent_revenue``, ``plan_months``, ``planned_revenue``
          (``sales_plan x plan_months``), ``plan_gap`` (= planned - recent
          revenue: the shortfall against the full plan; the flag uses the
          ``plan_share`` threshold);
        * ``balance``, ``credit_limit``, ``credit_gap`` (= balance - limit);
        * ``recent_orders``, ``recent_cost``, ``budget`` (``service_budget x
          budget months``), ``budget_gap`` (= recent cost - budget).

        Gaps are NaN where a warning is not checked.  ``attrs``: ``as_of``,
        ``currency``, ``thresholds``, ``value_source`` (``"given"`` or
        ``"trailing_revenue"``) and ``value_window_months``, ``p_alive_source``
        (``"given"`` / ``"bgnbd"``), ``checked`` and ``not_checked``
        (warning -> ``{"missing": columns, "enable": import option}``),
        ``not_checked_customers`` (warning -> customers with a missing value),
        ``n_customers`` (current customers checked: the base), ``n_flagged``,
        ``without_value`` (current customers with a missing value), ``orders_from``,
        ``total_value``, ``n_churned``, ``n_not_yet_acquired``,
        ``unknown_customers``, ``rows_after_as_of``, ``flagged_only``.

    Raises
    ------
    CRMDataError
        Bad tables (missing id/date/amount columns, duplicated customer ids,
        non-numeric or negative plan, limit, cost or budget), bad thresholds,
        or ``p_alive`` outside [0, 1].

    Examples
    --------
    A customer with ``sales_plan`` 1,000 a month who bought 1,200 in the last
    3 months is behind plan (1,200 < 0.8 x 1,000 x 3 = 2,400; ``plan_gap``
    3,000 - 1,200 = 1,800); a balance of 5,000 against a limit of 4,000 is over
    credit (``credit_gap`` 1,000).
    """
    min_p_alive = _check_share(min_p_alive, "min_p_alive", upper=1.0)
    plan_share = _check_share(plan_share, "plan_share", upper=10.0)
    plan_window_months = _check_months(plan_window_months, "plan_window_months")
    budget_window_months = _check_months(budget_window_months, "budget_window_months")
    value_window_months = _check_months(value_window_months, "value_window_months")

    from ..io import parse_ids

    table = _customer_table(customers, customer_col)
    tx = validate_transactions(transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
                               exclude=False)
    tx[customer_col] = parse_ids(tx[customer_col], customer_col, name="transactions", what="customer id")
    tx = exclude_rows(tx, tx[amount_col] < 0, f"negative '{amount_col}' (returns)", name="transactions")
    as_of_day = (tx[date_col].max() if as_of in (None, "") else parse_date(as_of, "as_of")).normalize()
    stop = as_of_day + _DAY
    late = tx[date_col] >= stop
    rows_after = int(late.sum())
    tx = tx.loc[~late]
    unknown = ~tx[customer_col].isin(table.index)
    n_unknown = int(tx.loc[unknown, customer_col].nunique())
    tx = exclude_rows(tx, unknown, f"{n_unknown} customers not in the customer table", name="transactions")

    # ------------------------------------------------------------ who is a current customer at as_of
    current = pd.Series(True, index=table.index)
    n_churned = n_not_yet = 0
    acquired = None
    if "acquisition_date" in table.columns:
        acquired = _dates(table, "acquisition_date")
        not_yet = acquired >= stop
        n_not_yet = int(not_yet.sum())
        current &= ~not_yet
    if "churn" in table.columns:
        churn = to_numeric_column(table, "churn", name="customers", allow_missing=True)
        bad = churn.notna() & ~churn.isin([0.0, 1.0])
        if bad.any():
            raise CRMDataError(f"column 'churn' of customers must be 0/1; other values in "
                               f"{offending_rows(bad, table.index)}")
        churned = churn == 1
        if "churn_date" in table.columns:
            churn_date = _dates(table, "churn_date")
            churned &= ~(churn_date.notna() & (churn_date >= stop))  # left only after as_of: still a customer then
        n_churned = int((churned & current).sum())
        current &= ~churned
    ids = table.index[current.to_numpy()]
    base = table.loc[ids]
    out = pd.DataFrame(index=pd.Index(ids, name=customer_col, dtype=object))
    mine = tx[tx[customer_col].isin(ids)]
    orders_from = next((c for c in (order_col, "transaction_id") if c and c in tx.columns), "rows")

    def window_totals(months: int):
        first, end = _window(as_of_day, months)
        rows = mine[(mine[date_col] >= first) & (mine[date_col] < end)]
        groups = rows.groupby(customer_col)
        revenue = groups[amount_col].sum().reindex(ids, fill_value=0.0).astype(float)
        if orders_from != "rows":   # a distinct order id is one order; a row without one is an order
            orders = groups[orders_from].nunique() + rows[orders_from].isna().groupby(rows[customer_col]).sum()
        else:
            orders = groups.size()
        return revenue, orders.reindex(ids, fill_value=0).astype(int), first, end

    # ------------------------------------------------------------ value
    if value is None:
        value_series = window_totals(value_window_months)[0]
        value_source = "trailing_revenue"
    else:
        given = _ids(value, "value")
        _check_overlap(given, ids, "value")
        value_series = given.reindex(ids)
        value_source = "given"
    out["value"] = value_series.to_numpy(float)

    checked, not_checked = [], {}
    missing_values: dict[str, int] = {}
    flags = {}

    # ------------------------------------------------------------ 1. stopped ordering
    last = mine.groupby(customer_col)[date_col].max().reindex(ids)
    out["weeks_since_last_order"] = ((as_of_day - last.dt.normalize()).dt.days / 7.0).to_numpy(float)
    p_source = "given" if p_alive is not None else "bgnbd"
    p = None
    if p_alive is not None:
        given = _ids(p_alive, "p_alive").dropna()
        _check_overlap(given, ids, "p_alive")
        risk_from_p_alive(given)   # the list's checks: probabilities in [0, 1], named rows otherwise
        p = given.reindex(ids)
    else:
        from ..value import BetaGeoModel, rfm_summary

        known_tx = tx[[customer_col, date_col]]
        summary = rfm_summary(known_tx, customer_col=customer_col, date_col=date_col,
                              observation_end=as_of_day.date().isoformat(), time_unit="W") if len(known_tx) else None
        repeat = 0 if summary is None else int((summary["frequency"] > 0).sum())
        if summary is None or len(summary) < 2 or repeat < 2:
            not_checked["stopped_ordering"] = {
                "missing": ("repeat buyers",),
                "enable": f"a BG/NBD fit needs at least 2 repeat buyers up to {as_of_day.date()} ({repeat} here): "
                          f"pass p_alive"}
        else:
            observed = summary[summary["T"] > 0]   # first order on the report day: nothing to fit, alive (1.0)
            try:
                model = BetaGeoModel().fit(observed)
            except ConvergenceError as exc:
                not_checked["stopped_ordering"] = {"missing": ("BG/NBD fit",), "enable": f"{exc}; pass p_alive"}
            else:
                p = (1.0 - risk_from_p_alive(model, observed)["p_churn"]).reindex(summary.index).fillna(1.0)
                p = p.reindex(ids)
    if p is not None:
        checked.append("stopped_ordering")
        out["p_alive"] = p.to_numpy(float)
        missing_values["stopped_ordering"] = int(p.isna().sum())
        flags["stopped_ordering"] = _strictly_above(pd.Series(min_p_alive, index=ids), p)
    else:
        out["p_alive"] = np.nan

    # ------------------------------------------------------------ columns of the customer table
    def available(warning: str) -> bool:
        missing = tuple(c for c in WARNING_COLUMNS[warning] if c not in base.columns)
        if missing:
            not_checked[warning] = {"missing": missing, "enable": _enable_option(missing)}
            return False
        checked.append(warning)
        return True

    # ------------------------------------------------------------ 2. behind plan
    revenue, _, first, end = window_totals(plan_window_months)
    out["recent_revenue"] = revenue.to_numpy(float)
    plan_months = _exposure_months(plan_window_months, first, end, acquired, ids)
    out["plan_months"] = plan_months.to_numpy(float)
    if available("behind_plan"):
        planned = _money(base, "sales_plan") * plan_months
        missing_values["behind_plan"] = int(planned.isna().sum())
        out["planned_revenue"] = planned.to_numpy(float)
        out["plan_gap"] = (planned - revenue).to_numpy(float)
        flags["behind_plan"] = _strictly_above(plan_share * planned, revenue)
    else:
        out["planned_revenue"] = out["plan_gap"] = np.nan

    # ------------------------------------------------------------ 3. over credit
    if available("over_credit"):
        balance, limit = _money(base, "balance", negative_ok=True), _money(base, "credit_limit")
        missing_values["over_credit"] = int((balance.isna() | limit.isna()).sum())
        out["balance"], out["credit_limit"] = balance.to_numpy(float), limit.to_numpy(float)
        out["credit_gap"] = (balance - limit).to_numpy(float)
        flags["over_credit"] = _strictly_above(balance, limit)
    else:
        out["balance"] = out["credit_limit"] = out["credit_gap"] = np.nan

    # ------------------------------------------------------------ 4. over budget
    _, orders, first, end = window_totals(budget_window_months)
    out["recent_orders"] = orders.to_numpy(int)
    if available("over_budget"):
        cost = _money(base, "cost_to_serve") * orders
        budget = _money(base, "service_budget") * _exposure_months(budget_window_months, first, end, acquired, ids)
        missing_values["over_budget"] = int((cost.isna() | budget.isna()).sum())
        out["recent_cost"], out["budget"] = cost.to_numpy(float), budget.to_numpy(float)
        out["budget_gap"] = (cost - budget).to_numpy(float)
        flags["over_budget"] = _strictly_above(cost, budget)
    else:
        out["recent_cost"] = out["budget"] = out["budget_gap"] = np.nan

    # ------------------------------------------------------------ flags, reasons, order
    for warning in WARNINGS:
        out[warning] = flags[warning].to_numpy(bool) if warning in flags else False
    flag_table = out[list(WARNINGS)]
    out["n_warnings"] = flag_table.sum(axis=1).astype(int)
    out["reasons"] = [tuple(w for w, on in zip(WARNINGS, row) if on) for row in flag_table.to_numpy(bool)]
    total_value = float(out["value"].sum())
    out = out.sort_index().sort_values(["value", "n_warnings"], ascending=False, na_position="last", kind="stable")
    if flagged_only:
        out = out[out["n_warnings"] > 0]
    columns = ["value", "n_warnings", "reasons", *WARNINGS, "p_alive", "weeks_since_last_order", "recent_revenue",
               "plan_months", "planned_revenue", "plan_gap", "balance", "credit_limit", "credit_gap",
               "recent_orders", "recent_cost", "budget", "budget_gap"]
    out = out[columns].copy()
    out.attrs = {
        "as_of": as_of_day.date().isoformat(), "currency": currency,
        "thresholds": {"min_p_alive": min_p_alive, "plan_share": plan_share,
                       "plan_window_months": plan_window_months, "budget_window_months": budget_window_months},
        "value_source": value_source, "value_window_months": value_window_months if value is None else None,
        "value_name": None if value is None else value.name,
        "p_alive_source": p_source if "stopped_ordering" in checked else None,
        "checked": tuple(w for w in WARNINGS if w in checked),
        "not_checked": {w: not_checked[w] for w in WARNINGS if w in not_checked},
        "not_checked_customers": {w: missing_values[w] for w in WARNINGS if missing_values.get(w)},
        "orders_from": orders_from,
        "without_value": int(np.isnan(value_series.to_numpy(float)).sum()),
        "n_customers": int(len(ids)), "n_flagged": int((flag_table.sum(axis=1) > 0).sum()),
        "total_value": total_value, "n_churned": n_churned, "n_not_yet_acquired": n_not_yet,
        "unknown_customers": n_unknown, "rows_after_as_of": rows_after, "flagged_only": bool(flagged_only),
    }
    return out


def warning_counts(warnings: pd.DataFrame) -> pd.DataFrame:
    """Customers and value at stake per warning and per number of warnings.

    ``warnings`` is the result of :func:`early_warnings`.  Rows, indexed by
    ``(by, group)``: ``("warning", key)`` for each of :data:`WARNINGS`,
    ``("number", "1")`` ... ``("number", "4")`` (customers with exactly that many
    warnings) and ``("any", "any")``.  Columns: ``checked`` (False: the
    warning was not checked, its counts are missing, not zero), ``customers``,
    ``customer_share`` (of ``attrs["n_customers"]``, the current customers
    checked), ``value_at_stake`` (sum of the customers' ``value``; a customer
    with two warnings counts in both warning rows but once in ``any``) and
    ``value_share`` (of ``attrs["total_value"]``, every current customer's value).

    Example: 10 current customers worth 1,000 in all; A (value 300) is over
    credit and behind plan, B (100) behind plan.  Then ``behind_plan``: 2
    customers (20 %), 400 at stake (40 %); ``over_credit``: 1, 300; number
    ``"1"``: B; number ``"2"``: A; ``any``: 2 customers, 400 (not 700).
    """
    check_columns(warnings, ["value", "n_warnings", *WARNINGS], name="warnings")
    checked = warnings.attrs.get("checked", WARNINGS)
    n_customers = warnings.attrs.get("n_customers", np.nan)
    total_value = warnings.attrs.get("total_value", np.nan)
    flagged = warnings[warnings["n_warnings"] > 0]
    values = flagged["value"].astype(float)
    rows, index = [], []
    for warning in WARNINGS:
        mask = flagged[warning].astype(bool)
        is_checked = warning in checked
        rows.append((is_checked, int(mask.sum()) if is_checked else np.nan,
                     float(values[mask].sum()) if is_checked else np.nan))
        index.append(("warning", warning))
    for n in range(1, len(WARNINGS) + 1):
        mask = flagged["n_warnings"] == n
        rows.append((True, int(mask.sum()), float(values[mask].sum())))
        index.append(("number", str(n)))
    rows.append((True, len(flagged), float(values.sum())))
    index.append(("any", "any"))
    table = pd.DataFrame(rows, columns=["checked", "customers", "value_at_stake"],
                         index=pd.MultiIndex.from_tuples(index, names=["by", "group"]))
    table["customers"] = table["customers"].astype("Int64")
    table["customer_share"] = table["customers"].astype(float) / n_customers if n_customers else np.nan
    table["value_share"] = table["value_at_stake"] / total_value if total_value else np.nan
    return table[["checked", "customers", "customer_share", "value_at_stake", "value_share"]]


#: the numbers each warning's sentence shows (the fields of the catalogue's ``early_warning_detail_<key>``)
DETAIL_FIELDS = {"stopped_ordering": ("weeks", "p", "threshold"),
                 "behind_plan": ("revenue", "months", "plan", "gap"),
                 "over_credit": ("balance", "limit", "gap"),
                 "over_budget": ("cost", "orders", "months", "budget", "gap")}


def warning_details(warnings: pd.DataFrame) -> pd.DataFrame:
    """One row per customer and warning with the numbers its sentence needs (no words: the catalogue has them).

    ``warnings`` is the result of :func:`early_warnings`; rows keep its order
    (most valuable first) and, within a customer, the order of :data:`WARNINGS`.
    Columns: ``warning`` (key), ``value`` and the fields of
    :data:`DETAIL_FIELDS` (NaN where a field is not that warning's):
    ``weeks`` (since the last order), ``p`` (P(alive)), ``threshold``
    (``min_p_alive``); ``revenue`` and ``plan`` (of the plan window),
    ``months`` (the window's months), ``gap`` (shortfall, excess or debt above
    the limit, in currency); ``balance``, ``limit``; ``cost``, ``orders``,
    ``budget``.  Amounts in the business's currency (``attrs["currency"]``).
    """
    check_columns(warnings, ["value", *WARNINGS], name="warnings")
    thresholds = warnings.attrs.get("thresholds", {})
    frames = []
    for warning in WARNINGS:
        rows = warnings[warnings[warning].astype(bool)]
        if warning == "stopped_ordering":
            fields = {"weeks": rows["weeks_since_last_order"], "p": rows["p_alive"],
                      "threshold": thresholds.get("min_p_alive", np.nan)}
        elif warning == "behind_plan":
            fields = {"revenue": rows["recent_revenue"], "months": thresholds.get("plan_window_months", np.nan),
                      "plan": rows["planned_revenue"], "gap": rows["plan_gap"]}
        elif warning == "over_credit":
            fields = {"balance": rows["balance"], "limit": rows["credit_limit"], "gap": rows["credit_gap"]}
        else:
            fields = {"cost": rows["recent_cost"], "orders": rows["recent_orders"],
                      "months": thresholds.get("budget_window_months", np.nan), "budget": rows["budget"],
                      "gap": rows["budget_gap"]}
        frame = pd.DataFrame({"warning": warning, "value": rows["value"], **fields}, index=rows.index)
        frame["_position"] = warnings.index.get_indexer(rows.index)
        frame["_order"] = WARNINGS.index(warning)
        frames.append(frame)
    columns = ["warning", "value", "weeks", "p", "threshold", "revenue", "months", "plan", "balance", "limit",
               "cost", "orders", "budget", "gap"]
    details = pd.concat(frames).sort_values(["_position", "_order"], kind="stable")
    details = details.reindex(columns=columns).astype({c: float for c in columns[1:]})
    details.index.name = warnings.index.name
    details.attrs = {"currency": warnings.attrs.get("currency"), "as_of": warnings.attrs.get("as_of")}
    return details


def plot_early_warnings(warnings: pd.DataFrame, *, currency: str | None = None, ax=None):
    """Horizontal bars: the value at stake of each warning and of all warned customers, with their counts.

    A warning that was not checked (missing columns) is drawn without a bar and
    labelled "not checked", so it never reads as "nobody".  The value axis is
    the list's ``value`` (its source in ``attrs["value_source"]``), in
    ``currency`` (default ``attrs["currency"]``; no unit when neither is known).
    """
    counts = warning_counts(warnings)
    currency = currency or warnings.attrs.get("currency")
    ax = get_ax(ax)
    keys = [*WARNINGS, "any"]
    rows = [("warning", w) for w in WARNINGS] + [("any", "any")]
    positions = np.arange(len(keys))[::-1]
    stake = counts.loc[rows, "value_at_stake"].to_numpy(float)
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(WARNINGS))] + ["grey"]
    ax.barh(positions, np.nan_to_num(stake), color=colours, height=0.6)
    largest = np.nanmax(stake) if np.isfinite(stake).any() and np.nanmax(stake) > 0 else 1.0
    for y, row, s in zip(positions, rows, stake):
        if not counts.loc[row, "checked"]:
            ax.text(0.01 * largest, y, "not checked", va="center", fontsize=8, color="grey")
            continue
        n = int(counts.loc[row, "customers"])
        ax.text(s + 0.01 * largest, y, "1 customer" if n == 1 else f"{n} customers", va="center", fontsize=8)
    ax.set_yticks(positions, [WARNING_LABELS[k] for k in keys])
    ax.set_xlim(0, 1.2 * largest)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))   # 2,000,000, not an offset "1e6"
    trailing = warnings.attrs.get("value_source") == "trailing_revenue"
    months = warnings.attrs.get("value_window_months")
    if trailing:
        xlabel = (f"Revenue of the last {months} months of the warned customers"
                  + (f" ({currency})" if currency else ""))
    else:
        xlabel = "Value of the warned customers" + (f" ({currency})" if currency else "")
    return finish(ax, title="Early warnings: value at stake", xlabel=xlabel, ylabel="Warning", legend=False)
