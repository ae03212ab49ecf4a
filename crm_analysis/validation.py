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
import re
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
        check_no_missing(values.to_frame(column), column, name=name)
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

    Accepted: a date string read as a date column is read (``"1997-09-30"``,
    ``"1997-09-30 18:00"``, ``"19970930"``, ``"1997年9月30日"``, ``"30/09/1997"``;
    ``"03/02/2024"``, valid day-first and month-first, is refused, never guessed),
    ``datetime.date``/``datetime``, ``numpy.datetime64`` and ``pandas.Timestamp``.  An 8-digit integer is read as ``YYYYMMDD``
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
    if isinstance(value, str):
        return _parse_date_text(value.strip(), parameter)
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise CRMDataError(f"{parameter}={value!r} is not a date: {exc}") from None
    if pd.isna(stamp):
        raise CRMDataError(f"{parameter} is missing: give a date such as '1997-09-30'")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp


def _parse_date_text(text: str, parameter: str) -> pd.Timestamp:
    """A date parameter given as text, read by the rules of a date column (:func:`crm_analysis.io.parse_dates`).

    ISO (``1997-09-30``, with or without a time), ``19970930``, ``1997年9月30日``
    and a day-first or month-first date that can be read only one way
    (``30/09/1997``) are accepted; ``03/02/2024`` (3 February or 2 March?) is
    refused rather than guessed.
    """
    from .io import parse_dates

    try:
        stamp = parse_dates(pd.Series([text]), parameter, name="the parameters").iloc[0]
    except CRMDataError as exc:
        both = re.search(r"reads both ([\w-]+ and [\w-]+)", str(exc))
        problem = f"is ambiguous: it reads both {both.group(1)}" if both else "is not a date (not one this package reads)"
        raise CRMDataError(f"{parameter}={text!r} {problem}; write it as YYYY-MM-DD, e.g. '1997-09-30'") from None
    return pd.Timestamp(stamp)


#: the digits of codes survey software writes for "no answer", "don't know" or "refused"
#: (97, 98, 99, 999, ...; see :func:`suspected_missing_codes`)
_CODE_PATTERN = re.compile(r"9*[789]")


def _number(value):
    """A scale bound or code as a plain int when it is whole (messages show ``-99``, not ``-99.0``)."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError("a boolean is not a number here")
    value = float(value)
    return int(value) if value.is_integer() else value


def _values_text(values) -> str:
    return "[" + ", ".join(str(_number(v)) for v in values) + "]"


def check_scale(scale, *, parameter: str = "scale") -> tuple:
    """Return ``scale`` as a ``(low, high)`` pair of finite numbers with ``low < high``, or raise naming ``parameter``."""
    try:
        low, high = scale
        low, high = _number(low), _number(high)
    except (TypeError, ValueError):
        raise CRMDataError(f"{parameter} must be a pair (low, high) of numbers, e.g. {parameter}=(1, 10); "
                           f"got {scale!r}") from None
    if not (np.isfinite(low) and np.isfinite(high)) or low >= high:
        raise CRMDataError(f"{parameter}=({low}, {high}) is not a rating scale: it needs finite low < high, "
                           f"e.g. {parameter}=(1, 10)")
    return (low, high)


def _recorded(data, key: str):
    attrs = getattr(data, "attrs", None) or {}
    return attrs.get(key)


def _columns_of(data, items) -> list:
    if items is not None:
        return [items] if isinstance(items, str) else list(items)
    if isinstance(data, pd.Series):
        return [data.name]
    return list(data.columns) if isinstance(data, pd.DataFrame) else []


def _scale_applies(data, column) -> bool:
    """Does the scale recorded on ``data`` cover ``column``?  (All columns when no item list is recorded.)"""
    recorded_items = _recorded(data, "items")
    return recorded_items is None or column in list(recorded_items)


def survey_scale(survey, scale=None, *, parameter: str = "scale", items=None, required: bool = True):
    """The rating scale ``(low, high)`` of a survey's answers: the one declared with the table, or ``scale``.

    A survey table read by :func:`crm_analysis.io.read_survey` or declared with
    :func:`declare_scale` records its scale in ``survey.attrs["scale"]`` (and the
    columns it covers in ``attrs["items"]``); a column taken from it
    (``survey["sat1"]``) carries the same record.  An explicit ``scale`` that
    contradicts the recorded one is an error: one of them is wrong, and a wrong
    scale silently shifts every 0-100 index, satisfaction level and top-box share.

    Parameters
    ----------
    survey : DataFrame or Series
    scale : (low, high), optional
        The scale the caller states; ``None`` means "the declared one".
    parameter : str
        How messages name the caller's parameter.
    items : list of str, optional
        The columns the caller will use; a recorded scale counts only when it
        covers them (default: all columns, or the Series' name).
    required : bool, default True
        When neither scale is known: raise (True) or return ``None``.

    Returns
    -------
    tuple (low, high), or None when unknown and ``required=False``.

    Raises
    ------
    CRMDataError
        An explicit scale contradicting the recorded one; no scale known and
        ``required=True`` (no function assumes 1-10: answers on 0-10 or 1-5
        would give wrong numbers without a word).
    """
    explicit = check_scale(scale, parameter=parameter) if scale is not None else None
    recorded = _recorded(survey, "scale")
    columns = _columns_of(survey, items)
    if recorded is not None and columns and not any(_scale_applies(survey, c) for c in columns):
        recorded = None
    if recorded is not None:
        recorded = check_scale(recorded, parameter="the declared scale")
    if explicit is not None and recorded is not None and explicit != recorded:
        raise CRMDataError(
            f"{parameter}=({explicit[0]}, {explicit[1]}) contradicts the scale {recorded[0]}-{recorded[1]} declared "
            f"with the survey; drop {parameter}= to use the declared scale, or re-declare the survey with "
            f"declare_scale(survey, ({explicit[0]}, {explicit[1]}))")
    resolved = explicit if explicit is not None else recorded
    if resolved is None and required:
        observed = ""
        if isinstance(survey, (pd.DataFrame, pd.Series)):
            frame = survey.to_frame() if isinstance(survey, pd.Series) else survey
            numeric = frame[[c for c in columns if c in frame.columns]].apply(pd.to_numeric, errors="coerce")
            if numeric.notna().to_numpy().any():
                observed = (f" (the answers here range from {_number(np.nanmin(numeric.to_numpy(float)))} "
                            f"to {_number(np.nanmax(numeric.to_numpy(float)))})")
        raise CRMDataError(
            f"the rating scale of the survey is unknown{observed}: pass {parameter}=(low, high), or declare it once "
            "with declare_scale(survey, (low, high)) (read_survey(..., scale=...) does so); no default is assumed, "
            "because answers on 0-10 read as 1-10 give wrong indices without a word")
    return resolved


def _looks_like_code(value: float, low=None) -> bool:
    """Codes survey software writes for "no answer": -1, -7..-9, -97..-99, 97..99, 997..999, ... (and 0 below a 1-based scale)."""
    if not float(value).is_integer():
        return False
    digits = str(abs(int(value)))
    if value < 0:
        return digits == "1" or bool(_CODE_PATTERN.fullmatch(digits))
    if value == 0:
        return low is not None and low >= 1
    return len(digits) >= 2 and bool(_CODE_PATTERN.fullmatch(digits))


def suspected_missing_codes(values: pd.Series) -> list:
    """Values of ``values`` that look like missing-answer codes (-99, 99, 999, -1, ...) rather than answers.

    Used when no scale is declared: a code-like value counts as suspect only
    when it lies outside the range of all the other answers (99 among 1-10
    answers, -1 among 1-5 answers; not -1 on a -3..3 scale).
    """
    answers = pd.to_numeric(values, errors="coerce").dropna()
    distinct = answers.unique()
    codes = [v for v in distinct if _looks_like_code(v)]
    others = answers[~answers.isin(codes)]
    if not codes or others.empty:
        return []
    lo, hi = others.min(), others.max()
    return sorted(v for v in codes if v < lo or v > hi)


def _codes_hint(codes) -> str:
    codes = sorted({_number(c) for c in codes})
    return "(" + ", ".join(str(c) for c in codes) + ("," if len(codes) == 1 else "") + ")"


def check_answers(values: pd.DataFrame, scale=None, *, name: str = "survey", parameter: str = "scale",
                  explicit_items: bool = True) -> None:
    """Raise when an answer in ``values`` (numeric item columns) lies outside ``scale``.

    The message names every offending column with example values and its first
    offending rows; when the out-of-scale values look like missing-answer codes
    (-99, 99, 999, -1, or 0 on a 1-based scale) it suggests ``missing_codes=(...)``.
    With ``scale=None`` (no scale declared) the columns are searched for
    values that look like missing-answer codes (:func:`suspected_missing_codes`)
    instead, and those are an error too.
    """
    problems, codes = [], set()
    for item in values.columns:
        column = values[item]
        if scale is not None:
            low, high = scale
            outside = (column < low) | (column > high)
            bad = sorted(column[outside].unique())
            binary = bool(column.dropna().isin([0, 1]).all())  # a 0/1 outcome, not a rating with codes
            codes |= {v for v in bad if _looks_like_code(v, low) and not (binary and not explicit_items)}
        else:
            bad = suspected_missing_codes(column)
            outside = column.isin(bad)
            codes |= set(bad)
        if outside.any():
            problems.append(f"column '{item}' (values {_values_text(bad[:5])}, {offending_rows(outside, values.index)})")
    if not problems:
        return
    where = "; ".join(problems)
    hint = (f"If {_values_text(sorted(codes))} mean \"no answer\", declare them as missing: missing_codes="
            f"{_codes_hint(codes)} (in read_survey or declare_scale). ") if codes else ""
    if scale is not None:
        low, high = scale
        columns_hint = "" if explicit_items else ("If a column is not a rating item (an id, a 0/1 outcome), list "
                                                  "the items: items=[...]. ")
        raise CRMDataError(f"{name}: answers outside the rating scale {low}-{high} in {where}. {hint}{columns_hint}"
                           f"If they are real answers, the scale is wrong: declare the right one with "
                           f"{parameter}=(low, high).")
    raise CRMDataError(f"{name} has answers that look like missing-answer codes, and no rating scale is declared, "
                       f"in {where}. {hint}If they are real values, declare the range they lie in, "
                       f"{parameter}=(low, high) or declare_scale(data, (low, high), items=[...]): every value "
                       "inside a declared scale is accepted, and every value outside it reported.")


def survey_items(data, items=None, *, scale=None, name: str = "survey", parameter: str = "scale",
                 require_scale: bool = False) -> pd.DataFrame:
    """The numeric answers of ``items``, checked against the survey's rating scale; a new DataFrame.

    Every engine path (scales, regressions, PLS, index scores, reports) reads
    its answers through this function, so the check happens everywhere, not
    only at import.  The scale is ``scale`` when given (checked against the
    declared one, see :func:`survey_scale`), otherwise the one recorded with
    ``data`` for the columns it covers; a column without a known scale is
    searched for missing-answer codes (-99, 99, ...).  Text that is not a
    number is an error naming the rows; missing answers stay missing (the
    caller reports what it drops or imputes, see :func:`drop_incomplete_answers`).

    Returns a float DataFrame indexed like ``data`` whose ``attrs`` record the
    scale (when known) and the items.
    """
    frame = data
    if isinstance(data, pd.Series):
        frame = data.to_frame(data.name if data.name is not None else "answer")
        frame.attrs = dict(data.attrs)
    require_dataframe(frame, name=name)
    items = _columns_of(frame, items)
    check_columns(frame, items, name=name)
    check_not_empty(frame, name=name)
    resolved = survey_scale(frame, scale, parameter=parameter, items=items, required=require_scale)
    values = pd.DataFrame({c: to_numeric_column(frame, c, name=name, allow_missing=True) for c in items},
                          index=frame.index)
    if scale is not None:
        on_scale = items
    elif resolved is not None:
        on_scale = [c for c in items if _scale_applies(frame, c)]
    else:
        on_scale = []
    if resolved is not None and on_scale:
        check_answers(values[on_scale], resolved, name=name, parameter=parameter)
    rest = [c for c in items if c not in on_scale]
    if rest:
        check_answers(values[rest], None, name=name, parameter=parameter)
    values.attrs = {"items": list(items)}
    if resolved is not None and len(on_scale) == len(items):
        values.attrs["scale"] = resolved
    return values


def missing_per_item(values: pd.DataFrame) -> str:
    """``"q1: 2, q3: 1"``: the number of missing answers of each item that has any."""
    per_item = values.isna().sum()
    return ", ".join(f"{c}: {int(k)}" for c, k in per_item[per_item > 0].items())


def drop_incomplete_answers(values: pd.DataFrame, *, name: str = "survey", what: str = "respondents") -> pd.DataFrame:
    """Listwise deletion with a :class:`DataExclusionWarning` giving the missing answers per item.

    Returns the rows of ``values`` without a missing answer (attrs kept); the
    warning says how many respondents were dropped, how many remain, the count
    of missing answers per item and the first dropped rows.
    """
    rows = values.isna().any(axis=1)
    if rows.any():
        k, n = int(rows.sum()), len(values)
        warnings.warn(f"{k} of {n} {what} excluded for missing answers (listwise deletion, {n - k} used; missing "
                      f"per item: {missing_per_item(values)}; {offending_rows(rows, values.index)})",
                      DataExclusionWarning, stacklevel=caller_stacklevel())
        return values.loc[~rows]
    return values


def _code_mask(raw: pd.Series, codes) -> pd.Series:
    numbers = [c for c in codes if not isinstance(c, str)]
    texts = {str(c).strip() for c in codes if isinstance(c, str)}
    mask = pd.Series(False, index=raw.index)
    if numbers:
        mask |= pd.to_numeric(raw, errors="coerce").isin([float(c) for c in numbers])
    if texts:
        mask |= raw.astype("string").str.strip().isin(texts).fillna(False).astype(bool)
    return mask


def declare_scale(survey: pd.DataFrame, scale, *, items=None, missing_codes=None) -> pd.DataFrame:
    """Declare the rating scale of a survey (and its missing-answer codes); returns a checked copy.

    Survey exports code "no answer" as a number (-99, 99, 999, 0, ...).  Left in
    the data, such codes are averaged as answers: with a few -99s among 1-5
    answers Cronbach's alpha of a good scale drops from 0.89 to 0.43 without a
    word.  This function

    1. replaces each of ``missing_codes`` by a missing value in the ``items``
       (a :class:`DataExclusionWarning` counts them per item);
    2. checks every remaining answer is a number within ``scale=(low, high)``:
       anything outside is a :class:`CRMDataError` naming the column, example
       values and the first rows, and suggesting ``missing_codes=(...)`` when
       the values look like codes;
    3. records the scale with the table, ``attrs = {"scale": (low, high),
       "missing_codes": (...), "items": [...]}``, so every later path (scales,
       regressions, PLS, index scores, reports) uses and checks the same scale.

    Parameters
    ----------
    survey : DataFrame
        One row per respondent; not modified.
    scale : (low, high)
        The answer range of the rating items, e.g. ``(1, 5)``, ``(0, 10)``.
    items : list of str, optional
        The rating columns; default every numeric column (except the
        ``attrs["customer_col"]`` id and boolean columns).
    missing_codes : sequence, optional
        Values that mean "no answer" (numbers or text, e.g. ``(-99, 99)`` or
        ``("n/a",)``); a code inside the scale is an error (it would erase real answers).

    Returns
    -------
    DataFrame
        A copy with codes turned into NaN (those columns as float) and the
        scale recorded in ``attrs``.
    """
    require_dataframe(survey, name="survey")
    check_not_empty(survey, name="survey")
    low, high = check_scale(scale)
    codes = tuple(missing_codes) if missing_codes is not None else ()
    if isinstance(missing_codes, (str, int, float)):
        codes = (missing_codes,)
    for code in codes:
        if not isinstance(code, str):
            try:
                value = float(code)
            except (TypeError, ValueError):
                raise CRMDataError(f"missing_codes must hold numbers or text, got {code!r}") from None
            if low <= value <= high:
                raise CRMDataError(f"missing code {_number(value)} lies inside the scale {low}-{high}: it would turn "
                                   "real answers into missing ones; choose codes outside the scale")
    explicit_items = items is not None
    if items is None:
        skip = {_recorded(survey, "customer_col")}
        items = [c for c in survey.columns if c not in skip and pd.api.types.is_numeric_dtype(survey[c])
                 and not pd.api.types.is_bool_dtype(survey[c])]
        if not items:
            raise CRMDataError("survey has no numeric columns to declare a scale for; name them: items=[...]")
    items = _columns_of(survey, items)
    check_columns(survey, items, name="survey")
    out = survey.copy()
    replaced = {}
    for item in items:
        mask = _code_mask(out[item], codes) if codes else pd.Series(False, index=out.index)
        if mask.any():
            replaced[item] = int(mask.sum())
            out[item] = to_numeric_column(out.assign(**{item: out[item].mask(mask)}), item, name="survey",
                                          allow_missing=True)
        elif not pd.api.types.is_numeric_dtype(out[item]) or pd.api.types.is_bool_dtype(out[item]):
            out[item] = to_numeric_column(out, item, name="survey", allow_missing=True)
    values = pd.DataFrame({c: pd.to_numeric(out[c]) for c in items}, index=out.index)
    check_answers(values, (low, high), name="survey", explicit_items=explicit_items)
    if replaced:
        total = sum(replaced.values())
        detail = ", ".join(f"{c}: {k}" for c, k in replaced.items())
        shown = ", ".join(repr(c) if isinstance(c, str) else str(_number(c)) for c in codes)
        warnings.warn(f"{total} answers coded as missing (missing_codes: {shown}) are now missing values, per "
                      f"item: {detail}", DataExclusionWarning, stacklevel=caller_stacklevel())
    previous = tuple(_recorded(survey, "missing_codes") or ())
    out = out.copy()  # a fresh frame: pandas caches columns read above, and a cached column would miss the attrs
    previous_scale = _recorded(survey, "scale")
    same = previous_scale is not None and check_scale(previous_scale, parameter="the declared scale") == (low, high)
    recorded_items = list(_recorded(survey, "items") or []) if same else []
    out.attrs = {**survey.attrs, "scale": (low, high), "items": list(dict.fromkeys(recorded_items + list(items))),
                 "missing_codes": tuple(dict.fromkeys(previous + codes))}
    return out


def validate_survey(
    survey: pd.DataFrame,
    items: Sequence[str] | None = None,
    *,
    scale: tuple[float, float] | None = None,
    allow_missing: bool = True,
    missing_codes=None,
) -> pd.DataFrame:
    """Check survey answers and return a numeric copy of ``survey`` (scale recorded in ``attrs`` when known).

    Every column in ``items`` must be numeric and lie within the rating scale:
    ``scale=(low, high)`` when given, else the scale declared with the table
    (``attrs["scale"]``); with neither, values that look like missing-answer
    codes (-99, 99, ...) are an error.  ``missing_codes`` become missing first
    (see :func:`declare_scale`, which needs a scale).  Missing answers are
    allowed by default (the models decide how to treat them and report counts);
    ``allow_missing=False`` makes them an error.
    """
    name = "survey"
    require_dataframe(survey, name=name)
    check_not_empty(survey, name=name)
    resolved = survey_scale(survey, scale, items=items, required=False)
    if missing_codes and resolved is None:
        raise CRMDataError("missing_codes need the rating scale too (a code must lie outside it): pass scale=(low, high)")
    if resolved is not None:
        out = declare_scale(survey, resolved, items=items, missing_codes=missing_codes)
        items = out.attrs["items"]
    else:
        if items is None:
            items = [c for c in survey.columns if pd.api.types.is_numeric_dtype(survey[c])]
        items = _columns_of(survey, items)
        out = survey.copy()
        values = survey_items(survey, items, name=name)
        for item in items:
            out[item] = values[item]
    for item in items:
        out[item] = pd.to_numeric(out[item]).astype(float)
        if not allow_missing:
            check_no_missing(out, item, name=name, what="answer")
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
    T must not be negative.  T is 0 for a customer whose first purchase is
    at the observation end: nothing is observed yet, so the customer adds
    nothing to a model's likelihood (a factor of 1) and is predicted as the
    limit T -> 0 gives.  Recency is 0 exactly when frequency is 0:

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
    x, tx, T = (out[c].to_numpy() for c in (freq_col, rec_col, t_col))  # the checks on arrays: no frame copies
    checks = [
        (lambda: x < 0, f"column '{freq_col}' of {name} must be non-negative"),
        (lambda: x != np.round(x), f"column '{freq_col}' of {name} must hold whole numbers"),
        (lambda: tx < 0, f"column '{rec_col}' of {name} must be non-negative"),
        (lambda: tx > T + 1e-9, f"column '{rec_col}' of {name} exceeds '{t_col}'"),
        (lambda: T < 0, f"column '{t_col}' of {name} must not be negative"),
        (lambda: (x == 0) & (tx > 0), f"column '{rec_col}' of {name} must be 0 when '{freq_col}' is 0"),
        (lambda: (x > 0) & (tx == 0),
         f"column '{rec_col}' of {name} must be positive when '{freq_col}' > 0 (a repeat purchase comes after "
         f"the first; purchases in the same period count once: rebuild the table with rfm_summary)"),
    ]
    for mask_of, message in checks:
        mask = mask_of()
        if mask.any():
            raise CRMDataError(f"{message} in {offending_rows(mask, out.index)}")
    return out
