"""Table checks shared by every entry point that takes a user's table.

Rules (the same everywhere in the package):

* Hard problems raise :class:`~crm_analysis.exceptions.CRMDataError` whose
  message names the column and the first offending rows (by index label):
  missing columns, an empty table, unparseable or missing dates, missing
  customer ids, non-numeric or missing amounts, an observation end before the
  first purchase, survey answers that are non-numeric or outside the scale.
* Soft problems exclude rows with a :class:`DataExclusionWarning` that says
  what was excluded and how many: negative amounts (returns) and purchases
  after the observation end.
* The caller's table is never modified: every function works on a copy.
"""
from __future__ import annotations

import datetime
import sys
import warnings
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from .exceptions import CRMDataError, DataExclusionWarning

#: how many offending row labels an error message lists
N_EXAMPLES = 5


def offending_rows(mask: pd.Series | np.ndarray, index: pd.Index, n: int = N_EXAMPLES) -> str:
    """Describe the first ``n`` rows where ``mask`` is true, e.g. ``"rows [3, 17] (2 in total)"``."""
    mask = np.asarray(mask, dtype=bool)
    labels = list(index[mask][:n])
    total = int(mask.sum())
    more = f" (first {n} of {total})" if total > n else f" ({total} in total)"
    return f"rows {labels}{more}"


def require_dataframe(data, *, name: str = "table") -> pd.DataFrame:
    """Accept a DataFrame and return it; anything else is a clear error."""
    if not isinstance(data, pd.DataFrame):
        raise CRMDataError(f"{name} must be a pandas DataFrame, got {type(data).__name__}")
    return data


def check_columns(df: pd.DataFrame, columns: Iterable[str], *, name: str = "table") -> None:
    """Raise when any of ``columns`` is missing from ``df``."""
    require_dataframe(df, name=name)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise CRMDataError(
            f"{name} is missing column(s) {missing}; available columns: {list(df.columns)}"
        )


def check_not_empty(df: pd.DataFrame, *, name: str = "table") -> None:
    """Raise when ``df`` has no rows."""
    if len(df) == 0:
        raise CRMDataError(f"{name} is empty: it has no rows")


def check_no_missing(df: pd.DataFrame, column: str, *, name: str = "table", what: str = "value") -> None:
    """Raise when ``column`` has missing values."""
    missing = df[column].isna()
    if missing.any():
        raise CRMDataError(
            f"column '{column}' of {name} has a missing {what} in {offending_rows(missing, df.index)}"
        )


#: the largest magnitude a number in a user's table may have.  No amount, count, rating or
#: duration comes near it (a year of world output in Vietnamese dong is about 3e18), and below it
#: sums and sums of squares of up to 1e100 rows stay inside float64 (max 1.8e308); beyond it
#: (1e308, an export that wrote a sentinel or garbled a decimal separator) every total overflows.
MAX_ABS_VALUE = 1e100


def to_numeric_column(df: pd.DataFrame, column: str, *, name: str = "table", allow_missing: bool = False) -> pd.Series:
    """Return ``df[column]`` as float, raising on anything that is not a usable number.

    Errors (:class:`CRMDataError`, naming the column, example values and the
    first offending rows): text that is not a number; missing values unless
    ``allow_missing``; ``inf``/``-inf`` (also the text ``"inf"``); and
    magnitudes above :data:`MAX_ABS_VALUE` (1e100), whose sums overflow
    float64 (two values of 1e308 add up to ``inf``), so every total, mean or
    variance computed from them would be meaningless.
    """
    raw = df[column]
    if pd.api.types.is_bool_dtype(raw):
        raw = raw.astype(float)
    values = pd.to_numeric(raw, errors="coerce")
    bad = values.isna() & raw.notna()
    if bad.any():
        examples = list(raw[bad].astype(str).unique()[:3])
        raise CRMDataError(
            f"column '{column}' of {name} must be numeric; non-numeric values such as {examples} "
            f"in {offending_rows(bad, df.index)}"
        )
    if not allow_missing:
        check_no_missing(df.assign(**{column: values}), column, name=name)
    values = values.astype(float)
    magnitude = values.abs().to_numpy()
    infinite = np.isinf(magnitude)
    if infinite.any():
        examples = sorted({str(v) for v in values[infinite]})
        raise CRMDataError(
            f"column '{column}' of {name} has infinite values {examples} in {offending_rows(infinite, df.index)}; "
            f"fix or remove them in the source (an infinite amount or count is not a measurement)"
        )
    huge = magnitude > MAX_ABS_VALUE
    if huge.any():
        examples = [f"{v:.3g}" for v in values[huge].unique()[:3]]
        raise CRMDataError(
            f"column '{column}' of {name} has values too large to compute with, such as {examples} "
            f"(above {MAX_ABS_VALUE:.0e} in size, their totals overflow), in {offending_rows(huge, df.index)}; "
            f"check the export (a placeholder number, a unit or decimal-separator problem)"
        )
    return values


def to_datetime_column(df: pd.DataFrame, column: str, *, name: str = "table", date_format: str | None = None,
                       tz: str | None = None) -> pd.Series:
    """Return ``df[column]`` parsed as datetimes, one format for the whole column.

    The rules are those of the reader (:func:`crm_analysis.io.parse_dates`):
    the format is inferred once per column (or given as ``date_format``), a
    column that reads both day-first and month-first is an error asking for
    ``date_format``, integers ``19970101`` are YYYYMMDD, and time-zone-aware
    values become local dates.  Missing or unparseable dates are an error
    naming the rows.
    """
    from .io import parse_dates

    return parse_dates(df[column], column, date_format=date_format, tz=tz, name=name)


def caller_stacklevel() -> int:
    """The ``stacklevel`` that makes a warning point at the user's line, the first frame outside this package."""
    package_dir = str(Path(__file__).resolve().parent)
    frame, level = sys._getframe(1), 1
    while frame is not None and str(Path(frame.f_code.co_filename).resolve()).startswith(package_dir):
        frame, level = frame.f_back, level + 1
    return level


def exclude_rows(df: pd.DataFrame, mask: pd.Series, reason: str, *, name: str = "table") -> pd.DataFrame:
    """Drop the rows where ``mask`` is true with a warning that says why and how many."""
    n = int(mask.sum())
    if n:
        warnings.warn(
            f"{n} of {len(df)} rows of {name} excluded: {reason} ({offending_rows(mask, df.index)})",
            DataExclusionWarning,
            stacklevel=caller_stacklevel(),
        )
        return df.loc[~mask]
    return df


def validate_transactions(
    transactions: pd.DataFrame,
    *,
    customer_col: str = "customer_id",
    date_col: str = "date",
    amount_col: str | None = None,
    observation_end=None,
    exclude: bool = True,
    end_label: str | None = None,
) -> pd.DataFrame:
    """Check a transaction log and return a clean copy with parsed dates and numeric amounts.

    Parameters
    ----------
    transactions : DataFrame
        One row per purchase.
    customer_col, date_col, amount_col : str
        Column names; ``amount_col=None`` when there is no money column.
    observation_end : date-like, optional
        End of the observation window.  An end before the first purchase is an
        error; purchases after it are excluded with a warning.
    exclude : bool, default True
        Apply the soft exclusions (negative amounts, purchases after the
        observation end).  ``False`` only checks, as the customer store does on
        import so that returns are kept in the database.
    end_label : str, optional
        How messages name the observation end (e.g. the day the user gave when
        ``observation_end`` is the last instant of that day).

    Returns
    -------
    DataFrame
        A new frame with the same index and columns: ``date_col`` as
        ``datetime64``, ``amount_col`` as float.

    Raises
    ------
    CRMDataError
        For missing columns, an empty table, missing customer ids, missing or
        unparseable dates, missing or non-numeric amounts, or an observation end
        before the first purchase.
    """
    name = "transactions"
    columns = [customer_col, date_col] + ([amount_col] if amount_col else [])
    check_columns(transactions, columns, name=name)
    check_not_empty(transactions, name=name)
    check_no_missing(transactions, customer_col, name=name, what="customer id")
    out = transactions.copy()
    if not pd.api.types.is_numeric_dtype(out[customer_col]):
        from .io import parse_ids

        # text ids are read as the reader reads them: 123 and "123" in one column is an error, " 12" is "12"
        out[customer_col] = parse_ids(out[customer_col], customer_col, name=name, what="customer id")
    out[date_col] = to_datetime_column(out, date_col, name=name)
    if amount_col:
        out[amount_col] = to_numeric_column(out, amount_col, name=name)
    if observation_end is not None:
        end = parse_date(observation_end, "observation_end")
        first = out[date_col].min()
        if end < first.normalize():
            raise CRMDataError(
                f"observation_end {end.date()} is before the first purchase in column "
                f"'{date_col}' ({first.date()}, {offending_rows(out[date_col] == first, out.index)})"
            )
    if exclude:
        if amount_col:
            out = exclude_rows(out, out[amount_col] < 0, f"negative '{amount_col}' (returns)", name=name)
        if observation_end is not None:
            out = exclude_rows(out, out[date_col] > end,
                               f"'{date_col}' after observation_end {end_label or end}", name=name)
    return out


def parse_date(value, parameter: str) -> pd.Timestamp:
    """Parse a single date parameter (``observation_end``, ``calibration_end``, ...) into a Timestamp.

    Accepted: a date string (``"1997-09-30"``, ``"1997-09-30 18:00"``,
    ``"19970930"``), ``datetime.date``/``datetime``, ``numpy.datetime64`` and
    ``pandas.Timestamp``.  An 8-digit integer is read as ``YYYYMMDD``
    (``19970930`` is 30 September 1997), the same rule as for an integer date
    column.  A time-zone-aware value keeps its local clock time and drops the
    zone, matching the time-zone-naive dates of the data.

    Refused with a :class:`CRMDataError` naming ``parameter``:

    * other integers (``1997``, ``0``, ``875577600``) and digit strings that are
      not 8 digits (``"1997"``): pandas would read an integer as nanoseconds
      since 1970 and a year as 1 January, so the message asks for
      ``"1997-09-30"``;
    * an 8-digit integer that is not a calendar date (``19971345``);
    * floats, bools and anything else that is not a date;
    * missing values (``None``, ``NaN``, ``NaT``, ``""``).
    """
    if isinstance(value, (bool, np.bool_)):
        raise CRMDataError(f"{parameter}={value!r} is a bool, not a date; give a date such as '1997-09-30'")
    if value is None or (np.ndim(value) == 0 and not isinstance(value, str) and pd.isna(value)) \
            or (isinstance(value, str) and not value.strip()):
        raise CRMDataError(f"{parameter} is missing: give a date such as '1997-09-30'")
    if isinstance(value, (int, np.integer)):
        if not 10_000_000 <= value <= 99_999_999:
            raise CRMDataError(
                f"{parameter}={value!r} is an integer, which is ambiguous as a date (a year? seconds or "
                f"nanoseconds since 1970?); give the date as text such as '1997-09-30' (or an 8-digit YYYYMMDD "
                f"integer such as 19970930)")
        stamp = pd.to_datetime(str(int(value)), format="%Y%m%d", errors="coerce")
        if pd.isna(stamp):
            raise CRMDataError(f"{parameter}={value!r} is not a valid YYYYMMDD date; give the date as text such "
                               f"as '1997-09-30'")
        return stamp
    if isinstance(value, (float, np.floating)):
        raise CRMDataError(f"{parameter}={value!r} is a number, not a date; give a date such as '1997-09-30'")
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) != 8:
        raise CRMDataError(f"{parameter}={value!r} is not a full date (a year or a number?); give a date such as "
                           f"'1997-09-30'")
    if not isinstance(value, (str, datetime.date, np.datetime64, pd.Timestamp)):
        raise CRMDataError(f"{parameter}={value!r} is not a date: give a date such as '1997-09-30'")
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise CRMDataError(f"{parameter}={value!r} is not a date: {exc}") from None
    if pd.isna(stamp):
        raise CRMDataError(f"{parameter} is missing: give a date such as '1997-09-30'")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp


def validate_survey(
    survey: pd.DataFrame,
    items: Sequence[str],
    *,
    scale: tuple[float, float] | None = (1, 10),
    allow_missing: bool = True,
) -> pd.DataFrame:
    """Check survey answers and return a numeric copy of ``survey``.

    Every column in ``items`` must be numeric and, when ``scale=(low, high)``
    is given, lie within it.  Missing answers are allowed by default (the
    models decide how to treat them and report counts); set
    ``allow_missing=False`` to make them an error.
    """
    name = "survey"
    check_columns(survey, items, name=name)
    check_not_empty(survey, name=name)
    out = survey.copy()
    for item in items:
        out[item] = to_numeric_column(out, item, name=name, allow_missing=allow_missing)
        if scale is not None:
            low, high = scale
            outside = (out[item] < low) | (out[item] > high)
            if outside.any():
                examples = list(out.loc[outside, item].unique()[:3])
                raise CRMDataError(
                    f"column '{item}' of {name} has answers outside the scale {low}-{high}, such as "
                    f"{examples}, in {offending_rows(outside, out.index)}"
                )
    return out


def validate_summary(
    summary: pd.DataFrame,
    columns: Sequence[str] = ("frequency", "recency", "T"),
    *,
    name: str = "summary",
) -> pd.DataFrame:
    """Check a repeat-purchase summary (frequency, recency, T) and return a float copy.

    Every value must be a finite number (missing, infinite or overflowing
    values are errors, see :func:`to_numeric_column`).  Frequencies must be
    non-negative whole numbers, recency non-negative, and recency may not
    exceed T (the last purchase cannot come after the end of observation);
    T must be positive.  Recency is 0 exactly when frequency is 0:

    * ``frequency == 0`` with ``recency > 0`` is impossible (no repeat
      purchase, so the last purchase is the first);
    * ``frequency > 0`` with ``recency == 0`` is impossible too: a repeat
      purchase is counted only in a *later* purchase period than the first
      (:func:`~crm_analysis.value.rfm_summary` merges purchases of the same
      day, week or month, and with ``purchase_period=None`` purchases that
      share a timestamp), so it comes strictly after the first purchase.

    A summary of one customer passes (predicting for one customer is
    legitimate); fitting a model to it is refused by the model.

    Raises
    ------
    CRMDataError
        Naming the column and the first offending rows.
    """
    check_columns(summary, columns, name=name)
    check_not_empty(summary, name=name)
    out = summary.copy()
    for col in columns:
        out[col] = to_numeric_column(out, col, name=name)
    freq_col, rec_col, t_col = columns[0], columns[1], columns[2]
    checks = [
        (out[freq_col] < 0, f"column '{freq_col}' of {name} must be non-negative"),
        (out[freq_col] != np.round(out[freq_col]), f"column '{freq_col}' of {name} must hold whole numbers"),
        (out[rec_col] < 0, f"column '{rec_col}' of {name} must be non-negative"),
        (out[rec_col] > out[t_col] + 1e-9, f"column '{rec_col}' of {name} exceeds '{t_col}'"),
        (out[t_col] <= 0, f"column '{t_col}' of {name} must be positive"),
        ((out[freq_col] == 0) & (out[rec_col] > 0), f"column '{rec_col}' of {name} must be 0 when '{freq_col}' is 0"),
        ((out[freq_col] > 0) & (out[rec_col] == 0),
         f"column '{rec_col}' of {name} must be positive when '{freq_col}' > 0 (a repeat purchase comes after "
         f"the first; purchases in the same period count once: rebuild the table with rfm_summary)"),
    ]
    for mask, message in checks:
        if mask.any():
            raise CRMDataError(f"{message} in {offending_rows(mask, out.index)}")
    return out
