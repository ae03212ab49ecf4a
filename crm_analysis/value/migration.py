"""Tiers over time: how customers move between key, ordinary and small from one period to the next.

Managing by tier (concepts page, section 2) means watching the tiers move:
ordinary and small customers with potential should be upgraded, key
customers kept, and a key customer who slips is an early warning.
:func:`tier_migration` puts every customer into a tier in each of two
windows and counts the moves in a migration matrix (rows: the tier in the
first window, plus ``new`` for customers who bought only in the second;
columns: the tier in the second window, plus ``lost`` for customers who bought
only in the first).  Transition matrices of this kind are the customer
migration models of Dwyer (1997) and Pfeifer & Carraway (2000).

Tiers in a window are by rank, the rule of :func:`~crm_analysis.value.profit.profit_pyramid`:
among the customers with a purchase in the window, ranked by revenue (or
orders), the top ``key_share`` are key, the next ``ordinary_share`` ordinary,
the rest small; a customer without a purchase in the window is ``none`` there.

References
----------
Dwyer, F. R. (1997). Customer lifetime valuation to support marketing decision
making. *Journal of Direct Marketing* 11(4), 6-13.
Pfeifer, P. E., & Carraway, R. L. (2000). Modeling customer relationships as
Markov chains. *Journal of Interactive Marketing* 14(2), 43-55.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError
from ..plotting import finish, get_ax
from .profit import _check_shares, _in_window, _iso, _window, clean_transactions, rank_tiers

__all__ = ["tier_migration", "TierMigration", "MIGRATION_FROM", "MIGRATION_TO", "MOVEMENTS", "plot_tier_migration"]

#: tiers of one window (best first) and the rows / columns of the migration matrix
WINDOW_TIERS = ["key", "ordinary", "small"]
MIGRATION_FROM = WINDOW_TIERS + ["new"]
MIGRATION_TO = WINDOW_TIERS + ["lost"]
#: the kinds of move, in the order of the summary
MOVEMENTS = ["upgraded", "stayed", "downgraded", "lost", "new"]
_RANK = {"key": 3, "ordinary": 2, "small": 1}


class TierMigration(NamedTuple):
    """Result of :func:`tier_migration` (``customers`` indexed by customer id)."""

    customers: pd.DataFrame   # first_tier, second_tier, first_value, second_value, movement, bought_before_first
    matrix: pd.DataFrame      # customers per (first tier or new) x (second tier or lost)
    summary: pd.DataFrame     # per movement: customers, first_revenue, second_revenue, change


def _pair(window, name: str):
    try:
        start, end = window
    except (TypeError, ValueError):
        raise CRMDataError(f"{name} must be a (start, end) pair of dates, got {window!r}") from None
    if start is None or end is None:
        raise CRMDataError(f"{name} needs both a start and an end date, got {window!r}")
    return _window(start, end)


def tier_migration(transactions: pd.DataFrame, *, first, second, key_share: float = 0.2,
                   ordinary_share: float = 0.3, value: str = "revenue", customer_col: str = "customer_id",
                   date_col: str = "date", amount_col: str = "amount", order_col: str | None = "order_id"
                   ) -> TierMigration:
    """Each customer's tier in two windows, the migration matrix between them and a summary of the moves.

    Parameters
    ----------
    transactions : DataFrame
        ``customer_id, date, amount`` [``, order_id``]; returns (negative
        amounts) are excluded with a warning (a zero amount is an order).
        Rows outside both windows are simply not in either (no warning: the
        windows are the question).  Not modified.
    first, second : (start, end)
        The two windows, both days included; the first must end before the
        second starts (a purchase belongs to at most one window).
    key_share, ordinary_share : float
        Shares of each window's buyers that are key (top 20 %) and ordinary
        (the next 30 %), by rank (:func:`~crm_analysis.value.profit.rank_tiers`).
    value : {"revenue", "orders"}
        What ranks the customers: revenue (currency) or number of orders in the window.

    Returns
    -------
    TierMigration
        ``customers`` (everyone with a purchase in either window): ``first_tier``
        and ``second_tier`` (key / ordinary / small / none), ``first_revenue``,
        ``second_revenue`` (currency), ``first_value``, ``second_value`` (the
        ranking value), ``movement`` and ``bought_before_first`` (a ``new``
        customer who had bought before the first window is a returning one).
        ``matrix``: customers per first tier (+ ``new``: none in the first
        window) and second tier (+ ``lost``: none in the second); the cell
        new x lost is 0 by construction.  ``summary``: per movement
        (upgraded: a higher tier in the second window; stayed; downgraded;
        lost; new) ``customers``, ``first_revenue``, ``second_revenue`` and
        ``change`` (second - first); its customers add up to the customers
        table.  ``attrs`` of all three: ``first``, ``second`` (ISO dates),
        ``value``, ``key_share``, ``ordinary_share``.

    Examples
    --------
    First window revenue a 100, b 50, c 10, d 5: 4 buyers, key = the top ceil(0.8) = 1 (a), ordinary up
    to ceil(2.0) = 2 (b), small c and d.  Second window a 20, c 200, e 30: key c, ordinary e, small a.
    So a downgraded (key -> small), c upgraded (small -> key), b and d lost, e new.
    """
    if value not in ("revenue", "orders"):
        raise CRMDataError(f"value must be 'revenue' or 'orders', got {value!r}")
    _check_shares(key_share, ordinary_share)
    first_window, second_window = _pair(first, "first"), _pair(second, "second")
    if first_window[1] >= second_window[0]:
        raise CRMDataError(f"the first window must end before the second starts: first ends {_iso(first_window[1])}, "
                           f"second starts {_iso(second_window[0])}")
    tx = clean_transactions(transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
                            order_col=order_col)
    per_window = []
    for start, end in (first_window, second_window):
        rows = tx.loc[_in_window(tx["date"], start, end)]
        grouped = rows.groupby("customer_id", sort=True)
        per_window.append(pd.DataFrame({"revenue": grouped["amount"].sum(), "orders": grouped["order"].nunique()}))
    ids = per_window[0].index.union(per_window[1].index)
    if len(ids) == 0:
        raise CRMDataError(f"no purchase in either window ({_iso(first_window[0])} to {_iso(first_window[1])}, "
                           f"{_iso(second_window[0])} to {_iso(second_window[1])})")
    table = pd.DataFrame(index=pd.Index(ids, name="customer_id"))
    for label, window in zip(("first", "second"), per_window):
        tiers = rank_tiers(window[value].astype(float), key_share, ordinary_share) if len(window) else \
            pd.Series(dtype=object)
        table[f"{label}_tier"] = tiers.reindex(ids).fillna("none").to_numpy()
        table[f"{label}_revenue"] = window["revenue"].reindex(ids).fillna(0.0).to_numpy()
        table[f"{label}_value"] = window[value].reindex(ids).fillna(0).to_numpy()
    first_rank = table["first_tier"].map(_RANK).fillna(0).to_numpy()
    second_rank = table["second_tier"].map(_RANK).fillna(0).to_numpy()
    table["movement"] = np.select([first_rank == 0, second_rank == 0, second_rank > first_rank,
                                   second_rank == first_rank], ["new", "lost", "upgraded", "stayed"], "downgraded")
    earliest = tx.groupby("customer_id")["date"].min().reindex(ids)
    table["bought_before_first"] = (earliest < first_window[0]).to_numpy()

    row = table["first_tier"].replace({"none": "new"})
    column = table["second_tier"].replace({"none": "lost"})
    matrix = pd.crosstab(pd.Categorical(row, categories=MIGRATION_FROM),
                         pd.Categorical(column, categories=MIGRATION_TO), dropna=False)
    matrix = matrix.reindex(index=MIGRATION_FROM, columns=MIGRATION_TO, fill_value=0).astype(np.int64)
    matrix.index.name, matrix.columns.name = "first_tier", "second_tier"

    grouped = table.groupby(pd.Categorical(table["movement"], categories=MOVEMENTS), observed=False)
    summary = pd.DataFrame({"customers": grouped.size(), "first_revenue": grouped["first_revenue"].sum(),
                            "second_revenue": grouped["second_revenue"].sum()}).reindex(MOVEMENTS)
    summary["customers"] = summary["customers"].astype(np.int64)
    summary["change"] = summary["second_revenue"] - summary["first_revenue"]
    summary.index.name = "movement"
    attrs = {"first": tuple(_iso(d) for d in first_window), "second": tuple(_iso(d) for d in second_window),
             "value": value, "key_share": key_share, "ordinary_share": ordinary_share}
    for frame in (table, matrix, summary):
        frame.attrs = dict(attrs)
    return TierMigration(table, matrix, summary)


def plot_tier_migration(migration, *, ax=None):
    """Heat map of the migration matrix with the count in each cell (rows: first window, columns: second).

    ``migration`` is a :class:`TierMigration` (or its ``matrix``).  Rows and
    columns run key, ordinary, small, so the diagonal stayed, cells left of
    it moved up (upgraded) and cells right of it moved down (downgraded); the
    last column is lost, the last row new.  Colour is the share of the row (so
    a small tier and a large one compare), the number is the count.
    """
    matrix = migration.matrix if isinstance(migration, TierMigration) else migration
    if not isinstance(matrix, pd.DataFrame):
        raise CRMDataError("migration must be a TierMigration or its matrix (a DataFrame)")
    ax = get_ax(ax)
    counts = matrix.to_numpy(dtype=float)
    totals = counts.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(totals > 0, counts / totals, np.nan)
    mesh = ax.imshow(np.ma.masked_invalid(100 * share), cmap="Blues", vmin=0, vmax=100, aspect="auto")
    ax.figure.colorbar(mesh, ax=ax, label="Share of the row (%)")
    for i in range(counts.shape[0]):
        for j in range(counts.shape[1]):
            dark = np.isfinite(share[i, j]) and share[i, j] > 0.6
            ax.text(j, i, f"{int(counts[i, j])}", ha="center", va="center", fontsize=9,
                    color="white" if dark else "black")
    ax.set_xticks(np.arange(counts.shape[1]), [str(c) for c in matrix.columns])
    ax.set_yticks(np.arange(counts.shape[0]), [str(r) for r in matrix.index])
    first, second = matrix.attrs.get("first"), matrix.attrs.get("second")
    x_label, y_label = "Tier in the second period", "Tier in the first period"
    if first and second:
        y_label += f" ({first[0]} to {first[1]})"
        x_label += f" ({second[0]} to {second[1]})"
    ax = finish(ax, title="Tier migration between two periods (customers)", xlabel=x_label, ylabel=y_label,
                legend=False)
    ax.grid(False)
    return ax
