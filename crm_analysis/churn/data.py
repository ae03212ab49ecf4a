"""The customer table a churn analysis works on: sample, features, segment, value of keeping a customer.

A churn report receives one customer table (``CustomerStore.churn_table()``:
``churn`` 0/1, ``tenure`` when the database has it, every other column a
candidate feature) and must decide, *by rules it can state*, what to use:

* :func:`sample_customers` - a seeded random sample when the report runs on
  test parameters;
* :func:`churn_features` - the feature columns: everything but the label (and
  tenure when asked), minus the columns that leak (identifiers and dates,
  :func:`~crm_analysis.churn.leakage.leaking_columns`) and minus *running totals*
  (:func:`running_total_columns`: a column that is tenure times another column,
  such as total charges = tenure x monthly charges, adds no information and
  splits the effect of tenure between two columns);
* :func:`segment_column` - the column retention curves are drawn by;
* :func:`value_of_keeping` - what keeping a customer is worth per month and where
  that number comes from (a money column, the transactions, or nothing);
* :func:`current_customers` and :func:`churn_overview` - who can still be kept,
  and the first numbers of a report.

Nothing here formats or translates; :mod:`crm_analysis.present.churn` does.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError
from ..validation import offending_rows
from .evaluation import baseline_accuracy
from .labels import align_to, churn_labels
from .leakage import leaking_columns

__all__ = ["sample_customers", "current_customers", "churn_overview", "churn_features", "ChurnFeatures",
           "running_total_columns", "segment_column", "value_of_keeping", "CustomerValue", "monthly_revenue",
           "DEMO_VALUE_COLUMN", "SEGMENT_LEVELS",
           "offer_cost_choice", "margin_choice", "read_churn_table", "database_transactions", "ASSUMED_OFFER_COST",
           "keeping_value", "cox_covariates"]

#: the monthly money column of the bundled Telco demo, used when no value column is named and it exists
DEMO_VALUE_COLUMN = "monthly_charges"
#: a segment column has between this many levels (inclusive)
SEGMENT_LEVELS = (2, 6)
#: a running total matches tenure x another column within this relative tolerance ...
RUNNING_TOTAL_TOLERANCE = 0.10
#: ... for at least this share of the customers
RUNNING_TOTAL_SHARE = 0.90


# --------------------------------------------------------------------------- the rows
def sample_customers(data: pd.DataFrame, n_customers: int, *, random_state=None) -> pd.DataFrame:
    """A random sample of ``n_customers`` rows (without replacement, original order kept); all rows when
    ``n_customers`` is at least the number of customers (or is 0, meaning "all").  Reports use it to run fast
    on test parameters."""
    if n_customers < 0:
        raise CRMDataError(f"n_customers must be 0 (all) or positive, got {n_customers}")
    if n_customers == 0 or n_customers >= len(data):
        return data.copy()
    return data.sample(n=int(n_customers), random_state=random_state).sort_index()


def current_customers(X: pd.DataFrame, y) -> pd.DataFrame:
    """The rows of ``X`` whose churn label is *not* the churn class: the customers a campaign can still keep.

    A Series ``y`` is paired with ``X`` by customer id, an array by position.
    """
    y01, _ = churn_labels(align_to(y, X, name="y", reference_name="X"))
    return X.loc[y01 == 0]


def churn_overview(y) -> dict:
    """First numbers of a churn report: ``customers``, ``churners`` (counts), ``churn_rate`` and
    ``baseline_accuracy`` (shares 0-1; the accuracy of "nobody churns")."""
    y01, _ = churn_labels(y)
    return {"customers": int(len(y01)), "churners": int(y01.sum()), "churn_rate": float(y01.mean()),
            "baseline_accuracy": baseline_accuracy(y)}


# --------------------------------------------------------------------------- the columns
def running_total_columns(table: pd.DataFrame, tenure_col: str = "tenure") -> dict:
    """Columns that are (about) ``tenure x`` another numeric column: ``{total: per_month_column}``.

    A column ``c`` is a running total of ``m`` when ``|c / (tenure * m) - 1| <=
    0.10`` for at least 90 % of the customers with positive tenure and ``m``
    (Telco's ``total_charges`` against ``monthly_charges``).  Without a tenure
    column nothing is a running total.
    """
    if tenure_col not in table.columns:
        return {}
    tenure = pd.to_numeric(table[tenure_col], errors="coerce")
    numeric = [c for c in table.columns if c != tenure_col and pd.api.types.is_numeric_dtype(table[c])
               and not pd.api.types.is_bool_dtype(table[c])]
    found = {}
    for total in numeric:
        for per_month in numeric:
            if per_month == total:
                continue
            product = tenure * table[per_month]
            usable = (product > 0) & table[total].notna()
            if usable.sum() < 10:
                continue
            ratio = table.loc[usable, total] / product[usable]
            if float((ratio.sub(1).abs() <= RUNNING_TOTAL_TOLERANCE).mean()) >= RUNNING_TOTAL_SHARE:
                found[total] = per_month
                break
    return found


@dataclass(frozen=True)
class ChurnFeatures:
    """Result of :func:`churn_features`: the feature table and every column left out, with its reason."""

    X: pd.DataFrame
    leaking: dict = field(default_factory=dict)        # column -> reason (identifier, dates)
    running_totals: dict = field(default_factory=dict)  # column -> the per-month column it repeats
    empty: list = field(default_factory=list)          # columns with no value at all

    @property
    def excluded(self) -> list:
        return [*self.leaking, *self.running_totals, *self.empty]


def churn_features(table: pd.DataFrame, *, label_col: str = "churn", tenure_col: str = "tenure",
                   keep_tenure: bool = True) -> ChurnFeatures:
    """The feature columns of a churn table and the columns left out (never silently).

    Parameters
    ----------
    table : DataFrame
        One row per customer, e.g. ``CustomerStore.churn_table()``.
    label_col, tenure_col : str
        The label (always left out) and tenure (kept as a feature unless
        ``keep_tenure=False``, as in a survival model where tenure is the time).

    Returns
    -------
    ChurnFeatures
        ``X`` (a new frame; ``table`` is not modified) and the excluded columns:
        ``leaking`` (identifiers and dates, :func:`leaking_columns`),
        ``running_totals`` (:func:`running_total_columns`) and ``empty``
        (entirely missing).
    """
    drop = [label_col] + ([] if keep_tenure else [tenure_col])
    X = table.drop(columns=[c for c in drop if c in table.columns])
    empty = [c for c in X.columns if X[c].isna().all()]
    X = X.drop(columns=empty)
    leaking = leaking_columns(X)
    X = X.drop(columns=list(leaking))
    totals = running_total_columns(pd.concat([X, table[[tenure_col]]], axis=1)
                                   if tenure_col in table.columns and tenure_col not in X.columns else X,
                                   tenure_col)
    X = X.drop(columns=list(totals))
    if X.shape[1] == 0:
        raise CRMDataError(f"the customer table has no usable feature column: columns {list(table.columns)}; "
                           f"left out: {[*empty, *leaking, *totals]}")
    return ChurnFeatures(X=X, leaking=leaking, running_totals=totals, empty=empty)


def _is_categorical(values: pd.Series) -> bool:
    return not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)


def segment_column(X: pd.DataFrame, column: str = "", *, importance: pd.Series | None = None,
                   levels=SEGMENT_LEVELS) -> str | None:
    """The column to draw retention curves by.

    ``column`` given: it is checked to exist (a CRMDataError lists the columns).
    Otherwise the candidates are the categorical (text, category, bool)
    columns with 2 to 6 distinct known values; with ``importance`` (e.g. the
    mean absolute effect of each column on churn risk) the most important
    candidate wins, without it the first in column order.  ``None`` when no
    column qualifies.
    """
    if column:
        if column not in X.columns:
            raise CRMDataError(f"segment column '{column}' is not a column of the customer table; columns: "
                               f"{list(X.columns)}")
        return column
    low, high = levels
    candidates = [c for c in X.columns if _is_categorical(X[c]) and low <= X[c].nunique(dropna=True) <= high]
    if not candidates:
        return None
    if importance is not None:
        ranked = importance.reindex(candidates).fillna(-np.inf)
        return str(ranked.idxmax())
    return candidates[0]


# --------------------------------------------------------------------------- money
@dataclass(frozen=True)
class CustomerValue:
    """Monthly money value of each customer and where it came from.

    ``source`` is ``"column"`` (``column`` names it), ``"transactions"``
    (average monthly revenue from the database's transactions) or ``"none"``
    (no money value: ``monthly`` is None and a report counts customers only).
    ``missing`` counts customers without a value (they get 0 and are said).
    """

    monthly: pd.Series | None
    source: str
    column: str | None = None
    missing: int = 0


def monthly_revenue(transactions: pd.DataFrame, customers: pd.Index, *, end=None) -> pd.Series:
    """Average monthly revenue of each customer in ``customers`` from a transaction table.

    :math:`m_i = R_i / \\max(1, M_i)` with :math:`R_i` the customer's total
    amount and :math:`M_i` the months (30.4375 days) from their first
    purchase to ``end`` (default: the last date in ``transactions``).
    Customers without transactions get NaN.  Columns ``customer_id``,
    ``date``, ``amount``.
    """
    needed = {"customer_id", "date", "amount"}
    if not needed <= set(transactions.columns):
        raise CRMDataError(f"transactions need the columns {sorted(needed)}, got {list(transactions.columns)}")
    dates = pd.to_datetime(transactions["date"])
    end = dates.max() if end is None else pd.Timestamp(end)
    ids = transactions["customer_id"].astype(str)
    total = transactions["amount"].astype(float).groupby(ids).sum()
    first = dates.groupby(ids).min()
    months = ((end - first).dt.days / 30.4375).clip(lower=1.0)
    return (total / months).reindex(customers.astype(str)).set_axis(customers).rename("monthly_value")


def value_of_keeping(table: pd.DataFrame, value_column: str = "", *, transactions: pd.DataFrame | None = None,
                     demo_column: str = DEMO_VALUE_COLUMN) -> CustomerValue:
    """Choose the monthly money value of each customer, by a rule a report can state.

    1. ``value_column`` named: that column (it must exist and be numeric, with
       no negative values);
    2. else the demo's ``monthly_charges`` when the table has it;
    3. else the average monthly revenue from ``transactions``
       (:func:`monthly_revenue`) when any are given;
    4. else no money value (``source="none"``).

    Customers without a value count as 0 (``missing`` says how many).
    """
    if value_column:
        if value_column not in table.columns:
            raise CRMDataError(f"value column '{value_column}' is not a column of the customer table; columns: "
                               f"{list(table.columns)}")
        column = value_column
    elif demo_column in table.columns:
        column = demo_column
    else:
        column = None
    if column is not None:
        values = pd.to_numeric(table[column], errors="coerce")
        bad = (values.isna() & table[column].notna()) | (values < 0)
        if bad.any():
            raise CRMDataError(f"value column '{column}' must hold non-negative amounts; bad values in "
                               f"{offending_rows(bad, table.index)}")
        return CustomerValue(values.fillna(0.0).astype(float).rename("monthly_value"), "column", column,
                             int(values.isna().sum()))
    if transactions is not None and len(transactions):
        values = monthly_revenue(transactions, table.index)
        return CustomerValue(values.fillna(0.0), "transactions", None, int(values.isna().sum()))
    return CustomerValue(None, "none")


# --------------------------------------------------------------------------- from the customer database
#: offer cost assumed when neither the parameter nor the database gives one (said on the page)
ASSUMED_OFFER_COST = 50.0


def offer_cost_choice(parameter: float, recorded: float | None, *, assumed: float = ASSUMED_OFFER_COST
                      ) -> tuple[float, str]:
    """The offer cost a report uses and where it came from.

    ``parameter`` below 0 means "unset": the database's ``recorded`` cost
    (``"database"``), else ``assumed`` (``"assumed"``, the page asks for the real
    cost).  Otherwise the parameter (``"parameter"``).
    """
    if parameter is not None and parameter >= 0:
        return float(parameter), "parameter"
    if recorded is not None:
        return float(recorded), "database"
    return float(assumed), "assumed"


def margin_choice(parameter: float, recorded: float | None) -> tuple[float, str]:
    """The profit margin a report uses: the parameter when set (> 0), else the database's recorded
    margin (``"database"``), else 1.0 (``"revenue"``: values are revenue, not profit)."""
    if parameter is not None and parameter > 0:
        return float(parameter), "parameter"
    if recorded is not None:
        return float(recorded), "database"
    return 1.0, "revenue"


def read_churn_table(db) -> tuple[pd.DataFrame, int]:
    """``db.churn_table()`` (a :class:`~crm_analysis.store.CustomerStore`) and the number of customers left out
    for a blank churn label; that exclusion is returned (for the page to state) instead of warned."""
    import warnings

    from ..exceptions import DataExclusionWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        table = db.churn_table()
    return table, int(table.attrs.get("excluded", 0) or 0)


def database_transactions(db) -> pd.DataFrame | None:
    """The database's transactions (``customer_id, date, amount``) when it has any, else None."""
    if not db.describe().get("has_transactions"):
        return None
    return db.sql("SELECT customer_id, date, amount FROM transactions")


def keeping_value(choice: CustomerValue, expected_months: float, *, margin: float = 1.0) -> pd.Series:
    """Value of keeping each customer from :func:`value_of_keeping`: monthly value x months x margin
    (:func:`~crm_analysis.churn.retained_value`), or 1 per customer when no money value is available."""
    from .warning import retained_value

    if choice.monthly is None:
        raise CRMDataError("no money value is available (no value column, no transactions): the campaign's "
                           "worth cannot be computed; set value_column or import transactions")
    return retained_value(choice.monthly, expected_months, margin=margin)


def cox_covariates(X: pd.DataFrame, importance: pd.Series, k: int = 5, *, exclude=("tenure",)) -> list:
    """Up to ``k`` covariates for a Cox model: the most important columns (``importance``, e.g.
    :attr:`ChurnDrivers.importance`), skipping ``exclude`` and any categorical column one of whose level
    indicators repeats an indicator already chosen (Telco's "No internet service" levels repeat
    ``internet_service = No``), which would make the model singular."""
    chosen, indicators = [], []
    for column in importance.index:
        if column in exclude or column not in X.columns:
            continue
        values = X[column]
        if _is_categorical(values):
            own = [(values == level).to_numpy() for level in values.dropna().unique()]
            if any(np.array_equal(a, b) for a in own for b in indicators):
                continue
            indicators.extend(own)
        chosen.append(column)
        if len(chosen) == k:
            break
    return chosen
