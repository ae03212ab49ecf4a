"""Customer profit: revenue minus the cost of serving each customer, the profit pyramid and the whale curve.

Revenue says who buys most; profit says who is worth serving.  With the gross
margin :math:`m` (share of revenue left after the cost of goods), a customer
*i* with :math:`n_i` orders, revenue :math:`R_i` and a cost-to-serve of
:math:`c_i` per order (delivery, sales visits, service: the customers table's
``cost_to_serve``) brings

.. math::

    \\pi_i = m R_i - n_i c_i

in the window.  Big customers are not automatically good customers: a
customer who orders often in small baskets, or needs expensive service, can
cost more to serve than his gross margin (concepts page, section 2: "a big
customer is not a good customer").

* :func:`customer_profit` builds the per-customer table from the linked
  ``transactions`` and ``customers`` tables;
* :func:`profit_pyramid` sorts the profitable customers into key, ordinary and
  small tiers by rank and puts the loss-making ones into a fourth tier, the
  **bad** customers (劣质客户); counting heads next to profit gives the count
  pyramid against the profit pyramid;
* :func:`whale_curve` is the cumulative profit share of customers ranked from
  the most to the least profitable: it rises above 100 % and comes back down
  to 100 % because the bad customers destroy part of the profit the others
  make (Kaplan & Narayanan 2001: typically the most profitable 20 % of
  customers bring 150-300 % of the profit);
* :func:`revenue_cost_quadrants` crosses revenue with cost-to-serve per order
  (Shapiro, Rangan, Moriarty & Ross 1987) and counts the unprofitable
  customers in each quadrant.

Conventions (those of :func:`~crm_analysis.value.rfm_summary` and
:func:`~crm_analysis.value.rfm.customer_totals`): negative amounts are
returns and are excluded with a :class:`~crm_analysis.exceptions.DataExclusionWarning`;
an order with amount 0 is an order (it was served: it costs ``cost_to_serve``
and brings no revenue).  An order is a distinct ``order_id`` when the
transactions have that column, else one transaction row.  Ids are text
(``"004217"`` stays ``"004217"``); amounts are in the business's currency,
which the engine never assumes.

References
----------
Kaplan, R. S., & Narayanan, V. G. (2001). Measuring and managing customer
profitability. *Journal of Cost Management* 15(5), 5-15.
Shapiro, B. P., Rangan, V. K., Moriarty, R. T., & Ross, E. B. (1987). Manage
customers for profits (not just sales). *Harvard Business Review* 65(5), 101-108.
"""
from __future__ import annotations

import math
import warnings
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError, DataExclusionWarning
from ..plotting import PALETTE, finish, get_ax
from ..validation import (caller_stacklevel, check_columns, check_not_empty, offending_rows, parse_date,
                          to_numeric_column, validate_transactions)
from .concentration import PYRAMID_ACTIONS, TIERS, NegativeValueWarning, _finite, _tier_table, _values

__all__ = ["customer_profit", "clean_transactions", "rank_tiers", "profit_pyramid", "ProfitPyramid", "whale_curve", "revenue_cost_quadrants",
           "RevenueCostQuadrants", "COST_QUADRANTS", "COST_QUADRANT_ACTIONS", "plot_profit_pyramid",
           "plot_whale_curve", "plot_revenue_cost_quadrants"]


# ---------------------------------------------------------------------- shared input handling
def _text_ids(values: pd.Series, column: str, name: str) -> pd.Series:
    """Ids as text, the reader's rule (``509`` -> ``"509"``, ``"000509"`` kept)."""
    from ..io import parse_ids

    return parse_ids(values, column, name=name, what="customer id")


def order_source(transactions: pd.DataFrame, order_col: str | None = "order_id") -> str:
    """The column that identifies orders: ``order_col``, else the store's ``transaction_id``, else ``"rows"``."""
    return next((c for c in (order_col, "transaction_id") if c and c in transactions.columns), "rows")


def with_id_column(table: pd.DataFrame, customer_col: str = "customer_id", *, name: str = "customers"
                   ) -> pd.DataFrame:
    """``table`` with the customer id as a column: the store's ``customers()`` is indexed by ``customer_id``."""
    if isinstance(table, pd.DataFrame) and customer_col not in table.columns and table.index.name == customer_col:
        return table.reset_index()
    return table


def clean_transactions(transactions: pd.DataFrame, *, customer_col: str = "customer_id", date_col: str = "date",
                       amount_col: str = "amount", order_col: str | None = "order_id") -> pd.DataFrame:
    """Validated purchases as a new frame ``customer_id, date, amount, order`` (text ids, day dates).

    Bad input is a :class:`CRMDataError` (missing columns, ids, dates or
    amounts); negative amounts (returns) are excluded with one
    :class:`DataExclusionWarning`.  ``order`` is the ``order_col`` as text
    when the table has it (else the row label, so each row is one order).
    The caller's table is not modified.
    """
    tx = validate_transactions(transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
                               exclude=False)
    returns = tx[amount_col] < 0
    if returns.any():
        warnings.warn(f"{int(returns.sum())} of {len(tx)} rows of transactions excluded: negative '{amount_col}' "
                      f"(returns) ({offending_rows(returns, tx.index)})", DataExclusionWarning,
                      stacklevel=caller_stacklevel())
    kept = tx.loc[~returns]
    rows = np.asarray([f"row {label}" for label in range(len(kept))], dtype=object)
    source = order_source(kept, order_col)
    if source != "rows":
        from ..io import parse_ids

        given = parse_ids(kept[source], source, name="transactions", what="order id", allow_missing=True)
        order = np.where(given.isna().to_numpy(), rows, given.to_numpy(dtype=object))  # no id: an order of its own
    else:
        order = rows
    return pd.DataFrame({"customer_id": _text_ids(kept[customer_col], customer_col, "transactions").to_numpy(),
                         "date": kept[date_col].dt.normalize().to_numpy(),
                         "amount": kept[amount_col].to_numpy(dtype=float), "order": order})


def _window(start, end) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    first = None if start is None else parse_date(start, "start").normalize()
    last = None if end is None else parse_date(end, "end").normalize()
    if first is not None and last is not None and last < first:
        raise CRMDataError(f"end {last.date()} is before start {first.date()}")
    return first, last


def _iso(day) -> str | None:
    return None if day is None else pd.Timestamp(day).date().isoformat()


def _in_window(dates: pd.Series, start, end) -> pd.Series:
    """Whether each day lies in [start, end], both days included (None: open)."""
    inside = pd.Series(True, index=dates.index)
    if start is not None:
        inside &= dates >= start
    if end is not None:
        inside &= dates <= end
    return inside


# ---------------------------------------------------------------------- per-customer profit
def customer_profit(transactions: pd.DataFrame, customers: pd.DataFrame, *, margin: float, start=None, end=None,
                    missing_cost: str = "raise", include_inactive: bool = False,
                    customer_col: str = "customer_id", date_col: str = "date", amount_col: str = "amount",
                    order_col: str | None = "order_id") -> pd.DataFrame:
    """Revenue, gross margin, cost-to-serve and profit of each customer in the window [start, end].

    For customer *i* with :math:`n_i` orders and revenue :math:`R_i` in the
    window, gross margin share :math:`m` and cost-to-serve :math:`c_i` per order:

    .. math::

        \\text{gross\\_margin}_i = m R_i, \\qquad
        \\text{cost\\_to\\_serve}_i = n_i c_i, \\qquad
        \\text{profit}_i = m R_i - n_i c_i .

    Parameters
    ----------
    transactions : DataFrame
        ``customer_id, date, amount`` [``, order_id``].  Returns (negative
        amounts) are excluded with a warning; a zero amount is an order that
        brings no revenue.  Orders are distinct ``order_col`` values
        (``order_id``; the store's ``transaction_id`` when that is absent; a
        row without an id is an order of its own), else rows.  Not modified.
    customers : DataFrame
        One row per customer: ``customer_id`` and ``cost_to_serve`` (currency
        per order); ``acquisition_cost`` (currency, one-off) is used when present.
        A table indexed by ``customer_id`` (the store's ``customers()``) is read too.
    margin : float
        Gross margin as a share of revenue, in (0, 1] (0.35 = 35 %).
    start, end : date-like, optional
        The window; both days are included, ``None`` leaves that side open.
        Rows outside it are left out with a :class:`DataExclusionWarning`.
    missing_cost : {"raise", "exclude"}, default "raise"
        A buyer without ``cost_to_serve`` (missing value, or not in
        ``customers`` at all) is a :class:`CRMDataError` naming the customers;
        ``"exclude"`` leaves them out with a :class:`DataExclusionWarning`
        instead (their profit is unknown, not zero).
    include_inactive : bool, default False
        Customers of ``customers`` without a purchase in the window are left
        out with a :class:`DataExclusionWarning` (they would all be tied at
        profit 0); ``True`` keeps them as rows with 0 orders, revenue and profit.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (text, sorted): ``orders`` (int),
        ``revenue``, ``gross_margin``, ``cost_per_order``, ``cost_to_serve``,
        ``profit`` (currency over the window) and, when ``customers`` has
        ``acquisition_cost``, ``acquisition_cost`` and
        ``profit_after_acquisition = profit - acquisition_cost`` (the whole
        one-off cost: meaningful when the window covers the relationship since
        acquisition; NaN where the cost is unknown).  ``attrs``: ``window``
        (ISO start, end; None when open), ``margin``, ``orders_from``
        ("order_id" or "rows").

    Examples
    --------
    Margin 0.4; customer "01" buys 100 and 50 (2 orders at 10 each): profit
    0.4 x 150 - 2 x 10 = 40.
    """
    margin = _margin(margin)
    if missing_cost not in ("raise", "exclude"):
        raise CRMDataError(f"missing_cost must be 'raise' or 'exclude', got {missing_cost!r}")
    first, last = _window(start, end)
    tx = clean_transactions(transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
                            order_col=order_col)
    outside = ~_in_window(tx["date"], first, last)
    if outside.any():
        warnings.warn(f"{int(outside.sum())} of {len(tx)} purchase rows of transactions left out: dated outside "
                      f"the window {_iso(first) or '...'} to {_iso(last) or '...'}", DataExclusionWarning,
                      stacklevel=caller_stacklevel())
    tx = tx.loc[~outside]
    costs = _customer_costs(customers, customer_col)
    grouped = tx.groupby("customer_id", sort=True)
    table = pd.DataFrame({"orders": grouped["order"].nunique().astype(np.int64), "revenue": grouped["amount"].sum()})
    buyers = table.index
    unknown = ~table.index.isin(costs.index)
    no_cost = unknown | costs["cost_to_serve"].reindex(table.index).isna().to_numpy()
    if no_cost.any():
        detail = (f"{int(unknown.sum())} not in the customers table, " if unknown.any() else "") + \
                 f"{int((no_cost & ~unknown).sum())} with a missing 'cost_to_serve'"
        if missing_cost == "raise":
            raise CRMDataError(f"{int(no_cost.sum())} buyers have no cost to serve ({detail}): customers "
                               f"{list(table.index[no_cost][:5])}; import the column (customers roles "
                               f"cost_to_serve, CLI --cost-to-serve-col) or pass missing_cost='exclude'")
        warnings.warn(f"{int(no_cost.sum())} of {len(table)} buyers left out: no cost to serve ({detail}), e.g. "
                      f"{list(table.index[no_cost][:5])}", DataExclusionWarning, stacklevel=caller_stacklevel())
        table = table.loc[~no_cost]
    inactive = costs.index[~costs.index.isin(buyers)]
    if len(inactive) and include_inactive:
        table = pd.concat([table, pd.DataFrame({"orders": np.zeros(len(inactive), dtype=np.int64),
                                                "revenue": np.zeros(len(inactive))}, index=inactive)]).sort_index()
    elif len(inactive):
        warnings.warn(f"{len(inactive)} of {len(costs)} customers of the customers table left out: no purchase "
                      f"in the window (pass include_inactive=True to keep them with profit 0), e.g. "
                      f"{list(inactive[:5])}", DataExclusionWarning, stacklevel=caller_stacklevel())
    if len(table) == 0:
        raise CRMDataError("no customer with a purchase and a cost to serve is left in the window")
    table.index.name = "customer_id"
    table["gross_margin"] = margin * table["revenue"]
    table["cost_per_order"] = costs["cost_to_serve"].reindex(table.index).to_numpy(dtype=float)
    # no order, no cost to serve (also when the customer's cost per order is unknown)
    table["cost_to_serve"] = np.where(table["orders"] > 0, table["orders"] * table["cost_per_order"], 0.0)
    table["profit"] = table["gross_margin"] - table["cost_to_serve"]
    if "acquisition_cost" in costs.columns:
        table["acquisition_cost"] = costs["acquisition_cost"].reindex(table.index).to_numpy(dtype=float)
        table["profit_after_acquisition"] = table["profit"] - table["acquisition_cost"]
    table.attrs = {"window": (_iso(first), _iso(last)), "margin": margin,
                   "orders_from": order_source(transactions, order_col)}
    return table


def _margin(margin) -> float:
    try:
        value = float(margin)
    except (TypeError, ValueError):
        value = float("nan")
    if isinstance(margin, (bool, np.bool_)) or not (0 < value <= 1):
        raise CRMDataError(f"margin must be the gross margin as a share of revenue in (0, 1] (0.35 for 35 %), "
                           f"got {margin!r}")
    return value


def _customer_costs(customers: pd.DataFrame, customer_col: str) -> pd.DataFrame:
    """``cost_to_serve`` [``, acquisition_cost``] indexed by text customer id; bad input is a CRMDataError."""
    customers = with_id_column(customers, customer_col)
    check_columns(customers, [customer_col], name="customers")
    if "cost_to_serve" not in customers.columns:
        raise CRMDataError(f"customers is missing column 'cost_to_serve' (cost of serving one order, currency per "
                           f"order), which profit needs; import it with the customers role cost_to_serve (CLI "
                           f"--cost-to-serve-col); available columns: {list(customers.columns)}")
    check_not_empty(customers, name="customers")
    ids = _text_ids(customers[customer_col], customer_col, "customers")
    repeated = ids.duplicated(keep=False)
    if repeated.any():
        raise CRMDataError(f"column '{customer_col}' of customers repeats customers {sorted(set(ids[repeated]))[:5]} "
                           f"in {offending_rows(repeated, customers.index)}: one row per customer")
    out = pd.DataFrame(index=pd.Index(ids.to_numpy(), name="customer_id"))
    for column in ("cost_to_serve", "acquisition_cost"):
        if column in customers.columns:
            values = to_numeric_column(customers, column, name="customers", allow_missing=True)
            negative = values < 0
            if negative.any():
                raise CRMDataError(f"column '{column}' of customers must not be negative (a cost) in "
                                   f"{offending_rows(negative, customers.index)}")
            out[column] = values.to_numpy()
    return out


def _profit_values(profit, column: str = "profit") -> pd.Series:
    """The profit Series of a :func:`customer_profit` table (or a Series itself), validated."""
    if isinstance(profit, pd.DataFrame):
        check_columns(profit, [column], name="profit")
        profit = profit[column]
    values = _values(profit, "profit")
    return values.rename("profit")


# ---------------------------------------------------------------------- pyramid
class ProfitPyramid(NamedTuple):
    """Result of :func:`profit_pyramid`: ``tiers`` per customer and the ``table`` per tier."""

    tiers: pd.Series
    table: pd.DataFrame


def rank_tiers(values: pd.Series, key_share: float = 0.2, ordinary_share: float = 0.3) -> pd.Series:
    """Key / ordinary / small by *rank*: the top ``key_share`` of customers, the next ``ordinary_share``, the rest.

    Customers are sorted from the highest value down (ties: the order of the
    input).  Of :math:`n` customers the first :math:`\\lceil k n \\rceil` are
    key, the customers up to :math:`\\lceil (k + o) n \\rceil` ordinary, the
    rest small.  Returns an object Series indexed like ``values``.

    >>> rank_tiers(pd.Series([5.0, 40, 10, 1, 2, 3, 7, 8, 0, 9])).tolist()
    ['small', 'key', 'key', 'small', 'small', 'small', 'ordinary', 'ordinary', 'small', 'ordinary']
    """
    _check_shares(key_share, ordinary_share)
    n = len(values)
    n_key = math.ceil(key_share * n - 1e-9)
    n_ordinary = math.ceil((key_share + ordinary_share) * n - 1e-9)
    order = np.argsort(-values.to_numpy(dtype=float), kind="stable")
    sorted_tiers = np.where(np.arange(n) < n_key, "key", np.where(np.arange(n) < n_ordinary, "ordinary", "small"))
    tiers = np.empty(n, dtype=object)
    tiers[order] = sorted_tiers
    return pd.Series(tiers, index=values.index, name="tier")


def _check_shares(key_share, ordinary_share) -> None:
    try:
        ok = 0 < float(key_share) < 1 and 0 <= float(ordinary_share) and float(key_share) + float(ordinary_share) <= 1
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise CRMDataError(f"need 0 < key_share < 1, ordinary_share >= 0 and key_share + ordinary_share <= 1 "
                           f"(shares of customers), got {key_share!r} and {ordinary_share!r}")


def profit_pyramid(profit, *, key_share: float = 0.2, ordinary_share: float = 0.3) -> ProfitPyramid:
    """The customer pyramid by profit: key, ordinary and small customers, and the bad customers below.

    Rule: customers with negative profit are **bad** (劣质客户: they cost more to
    serve than they bring).  The others (profit >= 0) are ranked from the
    most profitable down: the top ``key_share`` of them (by head count,
    :math:`\\lceil 0.2 n \\rceil` of :math:`n` by default) are **key**, the
    next ``ordinary_share`` **ordinary**, the rest **small** (see
    :func:`rank_tiers`; ties keep the input order).  Unlike
    :func:`~crm_analysis.value.customer_pyramid`, which cuts at shares of
    value, the cut is at shares of customers, as the course's pyramid is drawn
    (key customers are the top 20 %).

    Parameters
    ----------
    profit : DataFrame or Series
        A :func:`customer_profit` table (its ``profit`` column is used) or a
        Series of profit per customer (currency).

    Returns
    -------
    ProfitPyramid
        ``tiers``: ordered categorical (key, ordinary, small, bad) indexed
        like ``profit``; ``table``: one row per tier with ``customers``,
        ``customer_share`` (of all customers), ``profit``, ``profit_share``
        (of the net total profit: the key customers' share exceeds 100 % when
        bad customers destroy profit; NaN with a warning when the net total
        is not positive), ``mean_profit`` (currency per customer) and
        ``action`` (the suggested management action, English; catalogue forms
        in ``present/catalogue/value.py``).

    Examples
    --------
    Profits 50, 30, 10, 5, 3, 2, 0, -4, -6 and -20: the ten customers have
    net profit 70; seven are not bad, so key = the top ceil(1.4) = 2 (80,
    114 % of the profit), ordinary = up to ceil(3.5) = 4 (15), small = 3 (5)
    and bad = 3 (-30, -43 %).
    """
    x = _profit_values(profit)
    _check_shares(key_share, ordinary_share)
    bad = x < 0
    tier = pd.Series("bad", index=x.index, dtype=object, name="tier")
    if (~bad).any():
        tier.loc[~bad.to_numpy()] = rank_tiers(x.loc[~bad.to_numpy()], key_share, ordinary_share).to_numpy()
    tiers = pd.Series(pd.Categorical(tier.to_numpy(), categories=TIERS, ordered=True), index=x.index, name="tier")
    table = _tier_table(x, tiers, TIERS, PYRAMID_ACTIONS, what="profit")
    table = table.rename(columns={"value": "profit", "value_share": "profit_share", "mean_value": "mean_profit"})
    return ProfitPyramid(tiers, table)


# ---------------------------------------------------------------------- whale curve
def whale_curve(profit) -> pd.DataFrame:
    """Cumulative share of total profit brought by the customers ranked from the most to the least profitable.

    With profits sorted descending :math:`\\pi_{(1)} \\ge \\dots \\ge \\pi_{(n)}`
    and net total :math:`\\Pi = \\sum_i \\pi_i > 0`, the curve passes through
    :math:`(k/n,\\; \\sum_{j \\le k} \\pi_{(j)} / \\Pi)` from (0, 0) to (1, 1).
    It peaks where the last profitable customer is added: the peak above 100 %
    is the profit the loss-making customers destroy (Kaplan & Narayanan 2001).

    Returns
    -------
    DataFrame
        n + 1 rows (rank 0 is the origin): ``customer_id`` (None at rank 0),
        ``profit``, ``customer_share``, ``profit_share`` (fractions: 1.5 = 150 %).
        ``attrs``: ``peak_profit_share``, ``peak_customer_share`` (where it
        peaks) and ``total_profit`` (currency).

    Raises
    ------
    CRMDataError
        Fewer than 2 customers, or a net total profit of zero or less (a share
        of a loss has no meaning: the curve would be upside down).

    Examples
    --------
    Profits 6, 3, 2, -1: total 10, curve 0, 0.6, 0.9, 1.1, 1.0; peak 110 % at 75 % of customers.
    """
    x = _profit_values(profit)
    if len(x) < 2:
        raise CRMDataError(f"a whale curve needs at least 2 customers, got {len(x)}")
    total = math.fsum(x.to_numpy())
    if total <= 0:
        raise CRMDataError(f"the net total profit is {total:g} (of {len(x)} customers, {int((x < 0).sum())} lose "
                           f"money): a whale curve shows shares of a positive total; show the profit pyramid instead")
    order = np.argsort(-x.to_numpy(), kind="stable")
    sorted_x = x.to_numpy()[order]
    cum = np.r_[0.0, np.cumsum(sorted_x)] / total
    n = len(x)
    curve = pd.DataFrame({"customer_id": [None] + list(x.index[order]), "profit": np.r_[np.nan, sorted_x],
                          "customer_share": np.arange(n + 1) / n, "profit_share": cum},
                         index=pd.RangeIndex(n + 1, name="rank"))
    peak = int(np.argmax(cum))
    curve.attrs = {"peak_profit_share": float(cum[peak]), "peak_customer_share": float(peak / n),
                   "total_profit": total}
    return curve


# ---------------------------------------------------------------------- revenue x cost quadrants
COST_QUADRANTS = ["high revenue, high cost", "high revenue, low cost", "low revenue, high cost",
                  "low revenue, low cost"]
#: suggested actions per quadrant (after Shapiro et al. 1987 and the course: "a big customer is not a good customer")
COST_QUADRANT_ACTIONS = {
    "high revenue, high cost": "Check profit one by one: lower the cost to serve or reprice the loss-makers",
    "high revenue, low cost": "Protect: the profit engine, serve well and keep",
    "low revenue, high cost": "Cut cost to serve (minimum order, self-service) or let go",
    "low revenue, low cost": "Serve at low cost; grow those with potential",
}


class RevenueCostQuadrants(NamedTuple):
    """Result of :func:`revenue_cost_quadrants`: ``segments`` per customer, ``table`` per quadrant, the splits."""

    segments: pd.Series
    table: pd.DataFrame
    revenue_split: float
    cost_split: float


def revenue_cost_quadrants(profit: pd.DataFrame, *, revenue_split: float | None = None,
                           cost_split: float | None = None) -> RevenueCostQuadrants:
    """Cross each customer's revenue with the cost to serve one order: four quadrants.

    High means strictly above the split; the default splits are the medians
    of ``revenue`` and of ``cost_per_order`` over the customers of
    ``profit`` (stated in the result).  The quadrant "high revenue, high
    cost" holds the big customers who may not be good customers.

    Parameters
    ----------
    profit : DataFrame
        A :func:`customer_profit` table: ``revenue``, ``cost_per_order``,
        ``profit`` (currency) per customer.
    revenue_split, cost_split : float, optional
        Revenue (currency over the window) and cost per order (currency) that
        separate low from high; default the medians.

    Returns
    -------
    RevenueCostQuadrants
        ``segments``: categorical Series (:data:`COST_QUADRANTS`) indexed like
        ``profit``; ``table``: one row per quadrant with ``customers``,
        ``customer_share``, ``revenue``, ``revenue_share``, ``profit``,
        ``profit_share`` (of the net total; NaN when it is not positive),
        ``unprofitable`` (customers with profit < 0), ``unprofitable_share``
        (of the quadrant's customers), ``mean_cost_per_order`` and ``action``;
        and the two splits used.
    """
    check_columns(profit, ["revenue", "cost_per_order", "profit"], name="profit")
    check_not_empty(profit, name="profit")
    revenue = to_numeric_column(profit, "revenue", name="profit")
    cost = to_numeric_column(profit, "cost_per_order", name="profit")
    value = to_numeric_column(profit, "profit", name="profit")
    r_split = float(revenue.median()) if revenue_split is None else _finite(revenue_split, "revenue_split")
    c_split = float(cost.median()) if cost_split is None else _finite(cost_split, "cost_split")
    high_r, high_c = (revenue > r_split).to_numpy(), (cost > c_split).to_numpy()
    label = np.where(high_r & high_c, COST_QUADRANTS[0], np.where(high_r, COST_QUADRANTS[1],
                     np.where(high_c, COST_QUADRANTS[2], COST_QUADRANTS[3])))
    segments = pd.Series(pd.Categorical(label, categories=COST_QUADRANTS), index=profit.index, name="quadrant")
    grouped = pd.DataFrame({"revenue": revenue, "profit": value, "cost": cost,
                            "unprofitable": (value < 0).astype(np.int64)}).groupby(segments, observed=False)
    table = pd.DataFrame({"customers": grouped.size()}).reindex(COST_QUADRANTS)
    table["customer_share"] = table["customers"] / len(profit)
    table["revenue"] = grouped["revenue"].sum().reindex(COST_QUADRANTS)
    total_revenue, total_profit = revenue.sum(), value.sum()
    table["revenue_share"] = table["revenue"] / total_revenue if total_revenue > 0 else np.nan
    table["profit"] = grouped["profit"].sum().reindex(COST_QUADRANTS)
    table["profit_share"] = table["profit"] / total_profit if total_profit > 0 else np.nan
    table["unprofitable"] = grouped["unprofitable"].sum().reindex(COST_QUADRANTS).astype(np.int64)
    table["unprofitable_share"] = table["unprofitable"] / table["customers"].replace(0, np.nan)
    table["mean_cost_per_order"] = grouped["cost"].mean().reindex(COST_QUADRANTS)
    table["action"] = [COST_QUADRANT_ACTIONS[q] for q in COST_QUADRANTS]
    table.index.name = "quadrant"
    return RevenueCostQuadrants(segments, table, r_split, c_split)


# ---------------------------------------------------------------------- plots
def _money(label: str, currency: str | None) -> str:
    return f"{label} ({currency})" if currency else label


def plot_profit_pyramid(profit, *, key_share: float = 0.2, ordinary_share: float = 0.3, ax=None):
    """Count pyramid next to profit pyramid: each tier's share of customers and share of profit (bars, %).

    Tiers from :func:`profit_pyramid`, top to bottom key, ordinary, small,
    bad.  The key customers' profit bar passes 100 % and the bad customers'
    is negative when loss-making customers destroy profit.  Shares are of the
    net total profit (not drawn when it is not positive: then only customers).
    """
    ax = get_ax(ax)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NegativeValueWarning)
        warnings.simplefilter("ignore", UserWarning)
        table = profit_pyramid(profit, key_share=key_share, ordinary_share=ordinary_share).table
    rows = np.arange(len(table))[::-1]
    height = 0.38
    customers = 100 * table["customer_share"].to_numpy(dtype=float)
    shares = 100 * table["profit_share"].to_numpy(dtype=float)
    ax.barh(rows + height / 2, customers, height, color=PALETTE[0], label="Share of customers")
    for y, c in zip(rows, customers):
        ax.text(c + 1, y + height / 2, f"{c:.0f}%", va="center", fontsize=8)
    if np.isfinite(shares).all():
        colours = [PALETTE[3] if s < 0 else PALETTE[1] for s in shares]
        ax.barh(rows - height / 2, shares, height, color=colours, label="Share of profit")
        for y, s in zip(rows, shares):
            ax.text(s + (1 if s >= 0 else -1), y - height / 2, f"{s:.0f}%", va="center",
                    ha="left" if s >= 0 else "right", fontsize=8)
        low, high = min(0.0, shares.min()), max(100.0, shares.max(), customers.max())
    else:
        low, high = 0.0, max(100.0, customers.max())
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set_xlim(low - 0.15 * (high - low) if low < 0 else 0, high * 1.12)
    ax.set_yticks(rows, [str(i) for i in table.index])
    return finish(ax, title="Profit pyramid: share of customers vs share of profit",
                  xlabel="Share of the total (%)", ylabel="Tier (top = most profitable)")


def plot_whale_curve(profit, *, ax=None):
    """The whale curve (:func:`whale_curve`): cumulative profit share (%) by customers ranked by profit (%).

    A dashed line marks 100 % of profit; the peak is annotated (how much
    profit the most profitable customers bring before the loss-makers take
    part of it back).
    """
    ax = get_ax(ax)
    curve = whale_curve(profit)
    ax.plot(100 * curve["customer_share"], 100 * curve["profit_share"], color=PALETTE[0],
            label="Cumulative profit")
    ax.axhline(100, color="grey", linestyle="--", label="100% of profit")
    peak_x, peak_y = 100 * curve.attrs["peak_customer_share"], 100 * curve.attrs["peak_profit_share"]
    ax.scatter([peak_x], [peak_y], color=PALETTE[3], zorder=3)
    ax.annotate(f"Peak: {peak_y:.0f}% of profit from the top {peak_x:.0f}% of customers", xy=(peak_x, peak_y),
                xytext=(0.35, 0.15), textcoords="axes fraction", arrowprops={"arrowstyle": "->", "color": "grey"})
    ax.set_xlim(0, 100)
    return finish(ax, title="Whale curve of customer profit",
                  xlabel="Customers, most to least profitable (% of customers)",
                  ylabel="Cumulative profit (% of total profit)")


def plot_revenue_cost_quadrants(profit: pd.DataFrame, *, revenue_split=None, cost_split=None,
                                currency: str | None = None, ax=None):
    """Scatter of revenue vs cost to serve per order, with the split lines; loss-making customers marked x.

    Quadrants from :func:`revenue_cost_quadrants`; each legend entry gives
    the quadrant's customers and how many of them lose money.  Revenue is on
    a log scale when it spans more than two orders of magnitude.
    """
    ax = get_ax(ax)
    result = revenue_cost_quadrants(profit, revenue_split=revenue_split, cost_split=cost_split)
    revenue = pd.to_numeric(profit["revenue"]).to_numpy(dtype=float)
    cost = pd.to_numeric(profit["cost_per_order"]).to_numpy(dtype=float)
    losing = (pd.to_numeric(profit["profit"]) < 0).to_numpy()
    for quadrant, colour in zip(COST_QUADRANTS, PALETTE):
        mask = (result.segments == quadrant).to_numpy()
        row = result.table.loc[quadrant]
        ax.scatter(revenue[mask & ~losing], cost[mask & ~losing], s=12, alpha=0.55, color=colour,
                   label=f"{quadrant}: {int(row['customers'])} customers, {int(row['unprofitable'])} unprofitable")
        ax.scatter(revenue[mask & losing], cost[mask & losing], s=22, marker="x", color=colour)
    if losing.any():
        ax.scatter([], [], s=22, marker="x", color="black", label="x = unprofitable (profit < 0)")
    ax.axvline(result.revenue_split, color="grey", linestyle="--")
    ax.axhline(result.cost_split, color="grey", linestyle="--")
    positive = revenue[revenue > 0]
    if len(positive) and positive.max() / positive.min() > 100 and (revenue > 0).all():
        ax.set_xscale("log")
    ax = finish(ax, title="Revenue x cost to serve", xlabel=_money("Revenue in the window", currency),
                ylabel=_money("Cost to serve per order", currency))
    if ax.get_legend() is not None:
        ax.legend(frameon=False, fontsize=7)
    return ax
