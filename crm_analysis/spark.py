"""Customer summaries, fits and scores on Apache Spark, for customer bases that outgrow one machine.

Three calls, the pattern the established Spark CLV pipelines follow (aggregate
where the data lives, fit on one node, score in parallel):

>>> from crm_analysis import spark as crm_spark                                    # doctest: +SKIP
>>> summary = crm_spark.rfm_summary(transactions, customer_col="customer_id", date_col="date",
...                                 amount_col="amount", observation_end="2024-12-31", time_unit="W")
>>> model = crm_spark.fit(BetaGeoModel(), summary)                    # fitted on the driver
>>> spend = crm_spark.fit(GammaGammaModel(), summary)
>>> scores = crm_spark.score(model, summary, t=52, spend_model=spend, horizon=12)
>>> scores.write.mode("overwrite").saveAsTable("crm.customer_scores")

What runs where:

* :func:`rfm_summary` runs on the executors: the transactions never reach the
  driver.  Its query is the one the customer database runs
  (:mod:`crm_analysis.value.summary_sql`), so the table has the columns, rows
  and numbers of :func:`crm_analysis.value.rfm_summary`.  The window
  (``time_unit``, ``observation_end``, ``purchase_period``) travels as the
  columns' metadata (``summary.schema["T"].metadata["crm_analysis"]``), which
  Spark keeps in Parquet and Delta tables: a summary read back from a table
  still knows its unit.
* :func:`fit` compresses the summary on Spark to its distinct
  ``(frequency, recency, T)`` rows with their counts (with a day grid, a few
  hundred thousand rows whatever the number of customers) and collects only
  that table; the model is fitted on the driver by the usual maximum
  likelihood, so the estimates are those of the in-memory fit.  A Gamma-Gamma
  spend model needs every repeat buyer's ``(frequency, monetary_value)``
  (spend is continuous and hardly compresses): 16 bytes a repeat buyer reach
  the driver.
* :func:`score` evaluates the fitted models on the executors, a batch of
  customers at a time (``mapInPandas``), and returns a Spark DataFrame to be
  written back to a table.

Spark's ``TIMESTAMP`` is an instant shown in the session time zone; dates are
read as the wall-clock time of that zone (``spark.sql.session.timeZone``), and
durations are measured on the wall clock, so a daylight-saving change does not
shorten a customer's recency by an hour.  Text dates are refused: parse them
once for the whole column with ``F.to_timestamp(column, "yyyy-MM-dd")`` (or
the format they are in), so that nothing is guessed row by row.

Needs PySpark 4 and Java 17: ``pip install "crm_analysis[spark]"``.  On a
cluster, crm_analysis must be installed on the executors too (a cluster
library on Databricks, ``--py-files`` or an environment archive with
``spark-submit``).
"""
from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from .exceptions import CRMDataError, DataExclusionWarning
from .timegrid import (check_discount_rate, check_purchase_period, check_time_unit, end_label, model_time_unit,
                       period_start, record_window, unit_days)
from .validation import N_EXAMPLES, parse_date
from .value.summary_sql import SPARK, exclusion_counts_query, exclusion_examples_query, summary_query

try:
    from pyspark.sql import DataFrame, functions as F, types as T
except ImportError as error:  # pragma: no cover - the message is the point
    raise ImportError('crm_analysis.spark needs PySpark 4 (and Java 17): pip install "crm_analysis[spark]"') from error

__all__ = ["rfm_summary", "fit", "score", "summary_window", "with_window"]

#: key of the window record in a column's Spark metadata
METADATA_KEY = "crm_analysis"
#: rows scored per model call on an executor (Arrow batches of 10,000 are pooled up to this)
SCORE_ROWS_PER_CALL = 250_000
_SUMMARY_COLUMNS = ("frequency", "recency", "T", "monetary_value")
_ID_TYPES = (T.StringType, T.IntegerType, T.LongType, T.ShortType, T.ByteType)
_DATE_TYPES = (T.DateType, T.TimestampType, T.TimestampNTZType)
_NUMBER_TYPES = (T.ByteType, T.ShortType, T.IntegerType, T.LongType, T.FloatType, T.DoubleType, T.DecimalType)


# ---------------------------------------------------------------------- summary
def rfm_summary(transactions: DataFrame, *, customer_col: str = "customer_id", date_col: str = "date",
                amount_col: str | None = None, observation_end=None, purchase_period: str | None = "D",
                time_unit: str = "D") -> DataFrame:
    """One row per customer - frequency, recency, T [, monetary_value] - computed on Spark.

    The same summary as :func:`crm_analysis.value.rfm_summary` (read its
    docstring for the definitions) and the customer database's
    ``rfm_summary``: the same columns, rows and numbers, in the same unit.

    Parameters
    ----------
    transactions : pyspark.sql.DataFrame
        One row per purchase.  The customer id column is text (kept as it is,
        surrounding spaces removed) or an integer type; the date column a
        ``DATE``, ``TIMESTAMP`` or ``TIMESTAMP_NTZ`` (text is refused: parse it
        with ``F.to_timestamp`` in its format); the amount column a number.
        Not modified.
    customer_col, date_col, amount_col, observation_end, purchase_period, time_unit
        As in :func:`crm_analysis.value.rfm_summary`.

    Returns
    -------
    pyspark.sql.DataFrame
        Columns ``customer_col`` (its type), ``frequency`` (bigint),
        ``recency``, ``T`` (double, in ``time_unit``) and, with ``amount_col``,
        ``monetary_value`` (double), in no particular order.  Every column but
        the id carries the window in its metadata (:func:`summary_window`).
        The result is lazy: Spark computes it when it is written or collected.

    Raises
    ------
    CRMDataError
        Missing columns or wrong column types, an empty table, missing ids,
        dates or amounts (with example rows), an observation end before the
        first purchase.

    Warns
    -----
    DataExclusionWarning
        Returns (negative amounts) and purchases after ``observation_end``
        are left out, with their counts, as in the pandas summary.

    Notes
    -----
    Before the lazy summary, two passes run over the transactions: one checks
    them (missing values, first and last date), one counts the rows left out.
    """
    time_unit = check_time_unit(time_unit)
    check_purchase_period(purchase_period)
    _require_dataframe(transactions, "transactions")
    prepared, first, last = _checked_transactions(transactions, customer_col, date_col, amount_col)
    end = last if observation_end is None else parse_date(observation_end, "observation_end")
    end_period = period_start(pd.Series([end]), purchase_period).iloc[0]
    if end_period < first.normalize():
        raise CRMDataError(f"observation_end {end.date()} is before the first purchase in column '{date_col}' "
                           f"of transactions ({first.date()})")
    _warn_exclusions(prepared, customer_col, date_col, amount_col, purchase_period, end_period, observation_end)
    query = summary_query(SPARK, source="{tx}", customer_col=customer_col, date_col=date_col, amount_col=amount_col,
                          purchase_period=purchase_period, end_period=end_period, days_per_unit=unit_days(time_unit))
    summary = prepared.sparkSession.sql(query, tx=prepared)
    window = record_window(pd.DataFrame(), time_unit=time_unit, purchase_period=purchase_period,
                           observation_end=end_period if observation_end is None else observation_end).attrs
    return with_window(summary, window)


def summary_window(summary: DataFrame) -> dict:
    """The window recorded with a Spark summary: ``time_unit``, ``observation_end``, ``purchase_period``; {} if none.

    :func:`rfm_summary` records it in the metadata of the summary's columns;
    Spark keeps column metadata through ``select``, joins and Parquet/Delta
    tables, but not through every expression (a recomputed column loses it).
    """
    _require_dataframe(summary, "summary")
    for column in ("T", "n_periods", "recency", "frequency"):
        if column in summary.columns:
            record = summary.schema[column].metadata.get(METADATA_KEY)
            if record:
                return dict(record)
    return {}


def with_window(summary: DataFrame, window: dict) -> DataFrame:
    """``summary`` with ``window`` (keys as :func:`summary_window` returns) recorded on its summary columns.

    For a summary made elsewhere: ``with_window(table, {"time_unit": "W"})``
    says its recency and T are in weeks.
    """
    _require_dataframe(summary, "summary")
    record = {key: window[key] for key in ("time_unit", "observation_end", "purchase_period") if key in window}
    if "time_unit" not in record:
        raise CRMDataError("the window must give the summary's time_unit, e.g. {'time_unit': 'W'}")
    record["time_unit"] = check_time_unit(record["time_unit"], allow_opportunity=True)
    columns = []
    for column in summary.columns:
        if column in _SUMMARY_COLUMNS or column == "n_periods":
            kind = T.LongType() if column == "frequency" else T.DoubleType()
            columns.append(F.col(_quoted(column)).cast(kind).alias(column, metadata={METADATA_KEY: record}))
        else:
            columns.append(F.col(_quoted(column)))
    return summary.select(*columns)


# ---------------------------------------------------------------------- fit
def fit(model, summary: DataFrame, *, time_unit: str | None = None):
    """Fit a repeat-purchase model (or Gamma-Gamma) to a Spark summary on the driver; returns ``model``.

    Parameters
    ----------
    model
        An unfitted :class:`~crm_analysis.value.BetaGeoModel`,
        :class:`~crm_analysis.value.MBetaGeoModel`,
        :class:`~crm_analysis.value.ParetoNBDModel`,
        :class:`~crm_analysis.value.BetaGeoBetaBinomModel` (on a summary with its columns)
        or :class:`~crm_analysis.value.GammaGammaModel`.
    summary : pyspark.sql.DataFrame
        From :func:`rfm_summary` (or with the model's columns).  Not modified.
    time_unit : str, optional
        Only for a summary without a recorded window (as in the models' ``fit``).

    A repeat-purchase model is fitted to the distinct rows of its columns with
    their counts (``weight``), which is the likelihood of every customer: the
    estimates equal those of ``model.fit(summary_in_pandas)``.  Gamma-Gamma is
    fitted to the repeat buyers (those with frequency 0 are left out with a
    :class:`~crm_analysis.DataExclusionWarning`, as in its ``fit``).  Time-varying
    covariates are not taken on this path.
    """
    from .value._btyd_base import WEIGHT_COLUMN, BTYDModel
    from .value.spend import GammaGammaModel

    _require_dataframe(summary, "summary")
    window = summary_window(summary)
    if isinstance(model, GammaGammaModel):
        columns = ["frequency", "monetary_value"]
        _check_summary(summary, columns)
        counts = summary.agg(F.count(F.lit(1)).alias("all"),
                             F.count_if(F.col("frequency") > 0).alias("repeat")).collect()[0]
        if counts["repeat"] < counts["all"]:
            warnings.warn(f"{counts['all'] - counts['repeat']} of {counts['all']} customers with frequency 0 "
                          f"excluded from the Gamma-Gamma fit: spend is modelled on repeat purchases only",
                          DataExclusionWarning, stacklevel=2)
        customer_col = _id_column(summary, columns + ["recency", "T"])
        # Spark returns rows in no fixed order; in the order of the ids (that of the pandas and database
        # summaries) the fit is reproducible and equal to theirs to the last digit
        repeat = _collect_by_id(summary.where(F.col("frequency") > 0).select(_quoted(customer_col), *columns),
                                customer_col)
        repeat.attrs.update(window)
        return model.fit(repeat)
    if not isinstance(model, BTYDModel):
        raise CRMDataError(f"fit takes a repeat-purchase model (BG/NBD, MBG/NBD, Pareto/NBD, BG/BB) or a "
                           f"Gamma-Gamma model, got {type(model).__name__}")
    columns = list(model._columns)
    _check_summary(summary, columns)
    customer_col = _id_column(summary, columns)
    # each distinct row with its count and its first customer: in that customer's order the rows come as the
    # in-memory fit compresses a summary sorted by id, so both fits add the same numbers in the same order
    compressed = summary.groupBy(*[_quoted(c) for c in columns]).agg(
        F.count(F.lit(1)).alias(WEIGHT_COLUMN), F.min(_quoted(customer_col)).alias(customer_col))
    compressed = _collect_by_id(compressed, customer_col).astype({WEIGHT_COLUMN: float})
    compressed.attrs.update(window)
    return model.fit(compressed, time_unit=time_unit)


# ---------------------------------------------------------------------- score
def score(model, summary: DataFrame, *, t: float, spend_model=None, horizon: int | None = None,
          time_unit: str = "M", discount_rate: float = 0.10, margin: float = 1.0,
          discount_unit: str = "Y", customer_col: str | None = None) -> DataFrame:
    """Each customer's P(alive), expected purchases and, with a spend model, CLV, computed on the executors.

    Parameters
    ----------
    model
        A fitted repeat-purchase model (from :func:`fit` or loaded with
        :func:`crm_analysis.load_model`).
    summary : pyspark.sql.DataFrame
        The customers, from :func:`rfm_summary`, in the model's time unit.  Not modified.
    t : float
        Horizon of the expected purchases, in the model's time unit
        (``model.time_unit_``), as in ``conditional_expected_purchases``.
    spend_model : GammaGammaModel or number, optional
        With it, ``expected_spend`` and ``clv`` are added;
        ``horizon`` is then required.
    horizon, time_unit, discount_rate, margin, discount_unit
        As in :func:`crm_analysis.value.customer_lifetime_value` (``horizon``
        steps of ``time_unit``; an annual rate by default).
    customer_col : str, optional
        The id column; default: the summary's one column that is not a summary column.

    Returns
    -------
    pyspark.sql.DataFrame
        ``customer_col, p_alive, expected_purchases[, expected_spend, clv]``,
        one row per customer, the same numbers as the pandas methods give.
        ``expected_purchases`` records ``t`` and its unit, ``clv`` the horizon,
        discount rate and margin, in their metadata.

    Before the lazy result, the models are evaluated once on the driver on the
    first rows, so that a wrong unit or horizon is a CRMDataError here, not
    an executor's stack trace.
    """
    from .value.clv import customer_lifetime_value

    _require_dataframe(summary, "summary")
    if not hasattr(model, "params_"):
        raise CRMDataError(f"{type(model).__name__} is not fitted: fit it first (crm_analysis.spark.fit)")
    columns = list(getattr(model, "_columns", ("frequency", "recency", "T")))
    customer_col = customer_col or _id_column(summary, columns)
    if spend_model is not None:
        if horizon is None:
            raise CRMDataError("score with a spend_model needs horizon= (steps of time_unit) for the CLV")
        columns += [c for c in ("monetary_value",) if c not in columns and not _is_number(spend_model)]
        check_discount_rate(discount_rate, unit=discount_unit)
    _check_summary(summary, columns)
    window = summary_window(summary)
    unit = model_time_unit(model)
    t = float(t)
    if not math.isfinite(t) or t < 0:
        raise CRMDataError(f"t must be a non-negative number of {unit} units, got {t!r}")

    def scores(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.set_index(customer_col)
        frame.attrs.update(window)
        out = pd.DataFrame({"p_alive": model.probability_alive(frame),
                            "expected_purchases": model.conditional_expected_purchases(frame, t)},
                           index=frame.index)
        if spend_model is not None:
            out["expected_spend"] = (float(spend_model) if _is_number(spend_model)
                                     else spend_model.conditional_expected_spend(frame))
            out["clv"] = customer_lifetime_value(model, spend_model, frame, horizon, time_unit, discount_rate,
                                                 margin, discount_unit=discount_unit)
        return out.astype(float).reset_index()

    _check_executors(summary.sparkSession)
    selected = summary.select(*[_quoted(c) for c in [customer_col] + columns])
    trial = _collect(selected.limit(100))
    if len(trial) == 0:
        raise CRMDataError("summary has no rows")
    scores(trial)                     # errors and warnings here, on the driver, in the caller's terms

    rows_per_call = SCORE_ROWS_PER_CALL

    def batches(frames):
        # Arrow hands over 10,000 rows at a time; the models evaluate each distinct (frequency, recency, T)
        # once, so scoring ~250,000 rows together is ~15x cheaper per row than scoring every batch apart
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # shown once on the driver above; executors' warnings reach no one
            pending, rows = [], 0
            for frame in frames:
                pending.append(frame)
                rows += len(frame)
                if rows >= rows_per_call:
                    yield scores(pd.concat(pending, ignore_index=True))
                    pending, rows = [], 0
            if pending:
                yield scores(pd.concat(pending, ignore_index=True))

    names = ["p_alive", "expected_purchases"] + (["expected_spend", "clv"] if spend_model is not None else [])
    schema = T.StructType([summary.schema[customer_col]] + [T.StructField(n, T.DoubleType()) for n in names])
    result = selected.mapInPandas(batches, schema)
    notes = {"expected_purchases": {"t": t, "time_unit": unit}}
    if spend_model is not None:
        notes["clv"] = {"horizon": horizon, "time_unit": check_time_unit(time_unit), "discount_rate": discount_rate,
                        "discount_unit": check_time_unit(discount_unit), "margin": margin}
    return result.select(*[F.col(_quoted(c)).alias(c, metadata={METADATA_KEY: notes[c]}) if c in notes
                           else F.col(_quoted(c)) for c in result.columns])


# ---------------------------------------------------------------------- checks
def _executor_python(frames):
    import importlib.util
    import sys

    for _ in frames:
        yield pd.DataFrame({"python": [sys.executable],
                            "found": [importlib.util.find_spec("crm_analysis") is not None]})


def _check_executors(spark) -> None:
    """CRMDataError unless the executors' Python can import crm_analysis (scoring runs it there)."""
    try:
        probe = spark.range(1).mapInPandas(_executor_python, "python string, found boolean").collect()[0]
    except Exception as error:  # the worker could not even start: its Python lacks pandas or pyarrow
        raise CRMDataError(f"the Spark executors cannot run Python with pandas and pyarrow ({type(error).__name__}: "
                           f"{str(error).strip().splitlines()[-1][:300]}); in local mode set PYSPARK_PYTHON to this "
                           f"Python before the session starts") from None
    if not probe["found"]:
        raise CRMDataError(f"the Spark executors' Python ({probe['python']}) cannot import crm_analysis, which "
                           f"score runs there: install crm_analysis on the cluster (a cluster library, or "
                           f"spark-submit --archives with an environment), or in local mode set PYSPARK_PYTHON "
                           f"to this Python before the session starts")


def _require_dataframe(data, name: str) -> None:
    if not isinstance(data, DataFrame):
        raise CRMDataError(f"{name} must be a Spark DataFrame (pyspark.sql.DataFrame), got {type(data).__name__}; "
                           f"for a pandas table use crm_analysis.value.rfm_summary")


def _quoted(column: str) -> str:
    return "`" + column.replace("`", "``") + "`"


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def _collect(frame: DataFrame) -> pd.DataFrame:
    """A (small) Spark DataFrame as pandas, through Arrow."""
    return frame.toArrow().to_pandas()


def _collect_by_id(frame: DataFrame, customer_col: str) -> pd.DataFrame:
    """``frame`` collected and sorted by ``customer_col`` (code-point order for text, as pandas sorts), indexed by it."""
    table = frame.toArrow()
    table = table.take(pc.sort_indices(table, sort_keys=[(customer_col, "ascending")]))
    return table.to_pandas().set_index(customer_col)


def _examples(frame: DataFrame, condition, columns, n: int = N_EXAMPLES) -> str:
    rows = frame.where(condition).select(*[_quoted(c) for c in columns]).limit(n).collect()
    return "; ".join(", ".join(f"{c}={row[c]!r}" for c in columns) for row in rows)


def _checked_transactions(transactions: DataFrame, customer_col: str, date_col: str, amount_col: str | None):
    """The columns the summary reads (ids trimmed), checked; with the first and last purchase (wall clock)."""
    needed = [customer_col, date_col] + ([amount_col] if amount_col else [])
    missing = [c for c in needed if c not in transactions.columns]
    if missing:
        raise CRMDataError(f"transactions is missing column(s) {missing}; available columns: "
                           f"{transactions.columns}")
    types = {c: transactions.schema[c].dataType for c in needed}
    if not isinstance(types[customer_col], _ID_TYPES):
        raise CRMDataError(f"column '{customer_col}' of transactions is {types[customer_col].simpleString()}: "
                           f"customer ids must be text or whole numbers; cast it with "
                           f"F.col('{customer_col}').cast('string') (text keeps leading zeros)")
    if not isinstance(types[date_col], _DATE_TYPES):
        sample = [row[0] for row in transactions.select(_quoted(date_col)).where(F.col(_quoted(date_col)).isNotNull())
                  .limit(3).collect()]
        raise CRMDataError(f"column '{date_col}' of transactions is {types[date_col].simpleString()}, not a date "
                           f"(e.g. {sample}): parse it once for the whole column in its format, e.g. "
                           f"F.to_timestamp('{date_col}', 'yyyy-MM-dd') or 'dd.MM.yyyy', so no row is guessed")
    if amount_col and not isinstance(types[amount_col], _NUMBER_TYPES):
        raise CRMDataError(f"column '{amount_col}' of transactions is {types[amount_col].simpleString()}, not a "
                           f"number: cast it, e.g. F.col('{amount_col}').cast('double') (a decimal comma must be "
                           f"replaced first)")
    customer = F.col(_quoted(customer_col))
    if isinstance(types[customer_col], T.StringType):
        customer = F.trim(customer)
    columns = [customer.alias(customer_col), F.col(_quoted(date_col))]
    if amount_col:
        columns.append(F.col(_quoted(amount_col)).cast(T.DoubleType()).alias(amount_col))
    prepared = transactions.select(*columns)

    stamp = F.col(_quoted(date_col)).cast(T.TimestampNTZType())
    missing_id = F.col(_quoted(customer_col)).isNull()
    if isinstance(types[customer_col], T.StringType):
        missing_id = missing_id | (F.col(_quoted(customer_col)) == "")
    rules = {"missing customer id": missing_id, "missing date": F.col(_quoted(date_col)).isNull()}
    if amount_col:
        amount = F.col(_quoted(amount_col))
        rules["missing or non-finite amount"] = amount.isNull() | F.isnan(amount) | (F.abs(amount) == float("inf"))
    # the default end is the last purchase that is not a return, as in the pandas summary
    kept = stamp if not amount_col else F.when(F.col(_quoted(amount_col)) >= 0, stamp)
    aggregates = [F.count(F.lit(1)).alias("rows"), F.min(stamp).alias("first"), F.max(kept).alias("last")]
    aggregates += [F.count_if(rule).alias(f"bad{i}") for i, rule in enumerate(rules.values())]
    facts = prepared.agg(*aggregates).collect()[0]
    if facts["rows"] == 0:
        raise CRMDataError("transactions has no rows")
    for i, (what, rule) in enumerate(rules.items()):
        if facts[f"bad{i}"]:
            column = {"missing customer id": customer_col, "missing date": date_col}.get(what, amount_col)
            raise CRMDataError(f"column '{column}' of transactions: {what} in {facts[f'bad{i}']} of {facts['rows']} "
                               f"rows, e.g. {_examples(prepared, rule, needed)}")
    if facts["last"] is None:
        raise CRMDataError(f"transactions has no rows left after the exclusions: every '{amount_col}' is negative "
                           f"(returns)")
    return prepared, pd.Timestamp(facts["first"]), pd.Timestamp(facts["last"])


def _warn_exclusions(prepared: DataFrame, customer_col: str, date_col: str, amount_col: str | None, purchase_period,
                     end_period, observation_end) -> None:
    """The rows the summary leaves out, counted by the database's query, as the pandas summary's warnings say."""
    if not amount_col and observation_end is None:
        return
    query = exclusion_counts_query(SPARK, source="{tx}", date_col=date_col, amount_col=amount_col,
                                   purchase_period=purchase_period, end_period=end_period)
    returns, late, total = prepared.sparkSession.sql(query, tx=prepared).collect()[0]

    def examples(kind):
        listing = exclusion_examples_query(SPARK, source="{tx}", customer_col=customer_col, date_col=date_col,
                                           amount_col=amount_col, purchase_period=purchase_period,
                                           end_period=end_period, kind=kind)
        return [row[0] for row in prepared.sparkSession.sql(listing, tx=prepared).collect()]

    if returns:
        warnings.warn(f"{returns} of {total} rows of transactions excluded: negative '{amount_col}' (returns; e.g. "
                      f"customer ids {examples('returns')})", DataExclusionWarning, stacklevel=3)
    if late:
        label = end_label(observation_end, purchase_period)
        warnings.warn(f"{late} of {total - returns} rows of transactions excluded: '{date_col}' after "
                      f"observation_end {label} (e.g. customer ids {examples('late')})", DataExclusionWarning,
                      stacklevel=3)


def _id_column(summary: DataFrame, columns) -> str:
    others = [c for c in summary.columns if c not in columns and c not in _SUMMARY_COLUMNS and c != "n_periods"]
    if len(others) != 1:
        raise CRMDataError(f"summary has {len(others)} columns besides the summary columns ({others}): say which "
                           f"one is the customer id with customer_col=")
    return others[0]


def _check_summary(summary: DataFrame, columns) -> None:
    """The rules of :func:`crm_analysis.validation.validate_summary`, checked on Spark, naming customers."""
    missing = [c for c in columns if c not in summary.columns]
    if missing:
        raise CRMDataError(f"summary is missing column(s) {missing}; available columns: {summary.columns}")
    col = {c: F.col(_quoted(c)) for c in columns}
    rules = {f"column '{c}' of summary must hold finite numbers": col[c].isNull() | F.isnan(col[c])
             | (F.abs(col[c]) == float("inf")) for c in columns}
    x = col["frequency"]
    rules.update({"column 'frequency' of summary must be non-negative": x < 0,
                  "column 'frequency' of summary must hold whole numbers": x != F.round(x)})
    if {"recency", "T"} <= set(columns):
        tx, t_end = col["recency"], col["T"]
        rules.update({
            "column 'recency' of summary must be non-negative": tx < 0,
            "column 'recency' of summary exceeds 'T'": tx > t_end + 1e-9,
            "column 'T' of summary must not be negative": t_end < 0,
            "column 'recency' of summary must be 0 when 'frequency' is 0": (x == 0) & (tx > 0),
            "column 'recency' of summary must be positive when 'frequency' > 0": (x > 0) & (tx == 0),
        })
    if "monetary_value" in columns:
        rules["column 'monetary_value' of summary must not be negative"] = col["monetary_value"] < 0
    rules = list(rules.items())
    counts = summary.agg(*[F.count_if(rule).alias(f"bad{i}") for i, (_, rule) in enumerate(rules)]).collect()[0]
    for i, (message, rule) in enumerate(rules):
        if counts[f"bad{i}"]:
            raise CRMDataError(f"{message}: {counts[f'bad{i}']} customers, e.g. "
                               f"{_examples(summary, rule, summary.columns)}")
