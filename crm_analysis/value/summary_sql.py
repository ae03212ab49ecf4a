"""The customer summary as one SQL query, for every engine that runs SQL (DuckDB, Spark).

:func:`crm_analysis.value.rfm_summary` defines the summary on a pandas
transaction log; the customer database (:class:`crm_analysis.store.CustomerStore`)
and the Spark path (:mod:`crm_analysis.spark`) compute the same table where the
data lives.  Both build their query here, from one definition, so that the
three cannot drift apart:

1. each purchase is floored to the start of its purchase period (a day, a
   Monday-based week, a month, or the exact timestamp for ``purchase_period=None``);
2. returns (negative amounts) and periods after the observation end are left
   out (the callers warn about them with :func:`exclusion_counts_query`);
3. the amounts of one period are summed, and per customer
   ``frequency = periods - 1``, ``recency = last - first`` and
   ``T = end - first`` (in ``time_unit``), and ``monetary_value`` is the mean
   of the repeat periods' amounts (the first period's amount left out; 0
   without repeats).

Only the spelling of three things differs between the engines, and it lives in
a :class:`Dialect`: how a date becomes a time-zone-free timestamp, how it is
floored to its period, and how many days lie between two timestamps.  Spark's
``TIMESTAMP`` is an instant shown in the session time zone, so the Spark
dialect first takes the wall-clock time (``TIMESTAMP_NTZ``) and measures
durations on it: an interval that crosses a daylight-saving change is still a
whole number of days, as in pandas and DuckDB (measured on the instant it would
be 181.96 days instead of 182).

Reference: Fader, Hardie & Lee (2005), "Counting your customers the easy way",
*Marketing Science* 24(2), 275-284 (the summary's definition).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from ..timegrid import check_purchase_period
from ..validation import N_EXAMPLES

__all__ = ["Dialect", "DUCKDB", "SPARK", "summary_query", "exclusion_counts_query", "quote"]


def quote(name: str) -> str:
    """A column name as a quoted SQL identifier (``"a b"`` in DuckDB; Spark's dialect re-quotes it)."""
    return '"' + str(name).replace('"', '""') + '"'


def _spark_quote(name: str) -> str:
    return "`" + str(name).replace("`", "``") + "`"


@dataclass(frozen=True)
class Dialect:
    """How one SQL engine spells the few things the summary query needs."""

    name: str
    #: a column name as an identifier
    identifier: Callable[[str], str]
    #: the column as a time-zone-free timestamp
    wall_clock: Callable[[str], str]
    #: a wall-clock timestamp floored to the start of its purchase period ("D", "W", "M")
    floor: Callable[[str, str], str]
    #: days between two wall-clock timestamps, a float (an exact count of nanoseconds or microseconds / a day)
    days_between: Callable[[str, str], str]
    #: a pandas Timestamp as a wall-clock timestamp literal
    timestamp: Callable[[pd.Timestamp], str]

    def period(self, column: str, purchase_period: str | None) -> str:
        """The start of the purchase period of ``column`` (the exact timestamp for ``None``)."""
        stamp = self.wall_clock(self.identifier(column))
        if check_purchase_period(purchase_period) is None:
            return stamp
        return self.floor(stamp, purchase_period)


def _literal_text(stamp: pd.Timestamp) -> str:
    return pd.Timestamp(stamp).strftime("%Y-%m-%d %H:%M:%S.%f")


_DUCKDB_TRUNCATE = {"D": "day", "W": "week", "M": "month"}   # DuckDB's weeks start on Monday, as pandas' "W"
_SPARK_TRUNCATE = {"W": "WEEK", "M": "MONTH"}                 # trunc(date, 'WEEK') is the Monday as well

DUCKDB = Dialect(
    name="duckdb",
    identifier=quote,
    wall_clock=lambda column: column,                          # the database stores TIMESTAMP without a zone
    floor=lambda stamp, period: f"date_trunc('{_DUCKDB_TRUNCATE[period]}', {stamp})",
    days_between=lambda start, end: f"((epoch_ns({end}) - epoch_ns({start})) / 86400e9)",
    timestamp=lambda stamp: f"TIMESTAMP '{_literal_text(stamp)}'",
)

SPARK = Dialect(
    name="spark",
    identifier=_spark_quote,
    wall_clock=lambda column: f"CAST({column} AS TIMESTAMP_NTZ)",
    floor=lambda stamp, period: (f"CAST(CAST({stamp} AS DATE) AS TIMESTAMP_NTZ)" if period == "D" else
                                 f"CAST(trunc(CAST({stamp} AS DATE), '{_SPARK_TRUNCATE[period]}') AS TIMESTAMP_NTZ)"),
    days_between=lambda start, end: f"(timestampdiff(MICROSECOND, {start}, {end}) / 86400e6)",
    timestamp=lambda stamp: f"TIMESTAMP_NTZ '{_literal_text(stamp)}'",
)


def summary_query(dialect: Dialect, *, source: str, customer_col: str, date_col: str, amount_col: str | None,
                  purchase_period: str | None, end_period: pd.Timestamp, days_per_unit: float,
                  where: str = "") -> str:
    """The SQL of the customer summary of the transactions in ``source``.

    Parameters
    ----------
    dialect : Dialect
        :data:`DUCKDB` or :data:`SPARK`.
    source : str
        What the query reads: a table name, or a placeholder such as
        ``"{tx}"`` that the engine fills in (Spark's ``spark.sql(query, tx=df)``).
    customer_col, date_col, amount_col : str
        Column names of ``source``; ``amount_col=None`` leaves ``monetary_value`` out.
        The result names the customer column ``customer_col``.
    purchase_period : {"D", "W", "M", None}
        As in :func:`crm_analysis.value.rfm_summary`.
    end_period : Timestamp
        The start of the observation end's purchase period (the exact end for
        ``None``): periods after it are left out, and ``T`` is measured to it.
    days_per_unit : float
        Days in one ``time_unit`` (:func:`crm_analysis.timegrid.unit_days`).
    where : str, optional
        An extra condition on the rows (the database summarises large logs in
        passes over hash buckets of customers).

    Returns
    -------
    str
        One row per customer: ``customer_col, frequency, recency, T[, monetary_value]``,
        in no particular order.
    """
    ident = dialect.identifier
    customer, period = ident(customer_col), dialect.period(date_col, purchase_period)
    end = dialect.timestamp(end_period)
    keep = f"{period} <= {end}"
    if amount_col:
        keep += f" AND ({ident(amount_col)} IS NULL OR {ident(amount_col)} >= 0)"
    if where:
        keep += f" AND ({where})"
    # without an amount column the money parts are left out (an untyped NULL cannot be summed in Spark)
    amount, period_amount, customer_amount, money = "", "", "", ""
    if amount_col:
        amount = f", {ident(amount_col)} AS amount"
        period_amount = ", sum(amount) AS amount"
        customer_amount = ", sum(amount) AS total, min_by(amount, period) AS first_amount"
        money = ",\n                   CASE WHEN n > 1 THEN (total - first_amount) / (n - 1) ELSE 0 END AS monetary_value"
    return f"""
            WITH tx AS (
                SELECT {customer} AS customer, {period} AS period{amount} FROM {source} WHERE {keep}
            ), per_period AS (
                SELECT customer, period{period_amount} FROM tx GROUP BY customer, period
            ), per_customer AS (
                SELECT customer, count(*) AS n, min(period) AS first_period, max(period) AS last_period{customer_amount}
                FROM per_period GROUP BY customer
            )
            SELECT customer AS {ident(customer_col)},
                   CAST(n - 1 AS BIGINT) AS frequency,
                   {dialect.days_between('first_period', 'last_period')} / {days_per_unit!r} AS recency,
                   {dialect.days_between('first_period', end)} / {days_per_unit!r} AS {ident('T')}{money}
            FROM per_customer
        """


def _exclusion_conditions(dialect: Dialect, date_col: str, amount_col: str | None, purchase_period: str | None,
                          end_period: pd.Timestamp) -> tuple[str, str]:
    """SQL conditions ``(returns, late)`` of the rows :func:`summary_query` leaves out, as pandas excludes them:
    returns first (negative amounts), then the other purchases whose period starts after ``end_period``."""
    late = f"{dialect.period(date_col, purchase_period)} > {dialect.timestamp(end_period)}"
    if not amount_col:
        return "FALSE", late
    negative = f"{dialect.identifier(amount_col)} < 0"
    return negative, f"{late} AND NOT coalesce({negative}, FALSE)"


def exclusion_examples_query(dialect: Dialect, *, source: str, customer_col: str, date_col: str,
                             amount_col: str | None, purchase_period: str | None, end_period: pd.Timestamp,
                             kind: str, limit: int = N_EXAMPLES) -> str:
    """SQL listing up to ``limit`` customer ids (smallest first) with rows of one exclusion ``kind``.

    ``kind`` is ``"returns"`` or ``"late"``, the conditions of
    :func:`exclusion_counts_query`, so that a warning can name examples as
    the pandas summary's warnings name their rows.
    """
    returns, late = _exclusion_conditions(dialect, date_col, amount_col, purchase_period, end_period)
    condition = {"returns": returns, "late": late}[kind]
    return (f"SELECT DISTINCT {dialect.identifier(customer_col)} AS customer FROM {source} WHERE {condition} "
            f"ORDER BY customer LIMIT {int(limit)}")


def exclusion_counts_query(dialect: Dialect, *, source: str, date_col: str, amount_col: str | None,
                           purchase_period: str | None, end_period: pd.Timestamp) -> str:
    """SQL giving one row ``returns, late, total``: the rows :func:`summary_query` leaves out, and all rows.

    ``returns`` counts negative amounts and ``late`` the other purchases whose
    period starts after ``end_period``, as the pandas summary excludes them:
    returns first, then late purchases among the rest.
    """
    returns, late = _exclusion_conditions(dialect, date_col, amount_col, purchase_period, end_period)
    return (f"SELECT count(*) FILTER (WHERE {returns}) AS returns, count(*) FILTER (WHERE {late}) AS late, "
            f"count(*) AS total FROM {source}")
