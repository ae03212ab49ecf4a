"""Columns of a customer table that must not be churn features: row identifiers and dates.

Two kinds of column leak into a churn model instead of describing the customer:

* an **identifier** (customer id, e-mail, phone number, a leftover ``index``
  column) is unique per customer: one-hot encoded it gives every training
  customer a private dummy that memorises their label, and it says nothing
  about a new customer;
* a **date** (sign-up, last contact, cancellation) encodes *when* a row was
  recorded; a cancellation or "last active" date is the outcome itself.  Turn a
  date into a duration (tenure in months) before modelling.

The rule (:func:`leaking_columns`), chosen so that legitimate numeric features
that happen to be unique per customer (monthly charges with cents, a
satisfaction score with decimals) are never caught:

1. **dates**: a ``datetime64`` / period column, a column of Python ``date`` /
   ``datetime`` objects, or a text column in which every value reads as a
   calendar date (:data:`DATE_TEXT`: ``2024-03-05``, ``05/03/2024``,
   ``05.03.2024``, ``2024年3月5日``, ``5 Mar 2024``, ``March 5, 2024``,
   ``2024-03``, ISO with a time of day and offset);
2. **text identifiers**: a text (object / string / category) column with at
   least two known values that are all distinct;
3. **integer identifiers**: an integer-valued column whose values are all
   distinct *and* whose name reads like an id (:data:`ID_NAME`: ``id``,
   ``customer_id``, ``customerID``, ``order no``, ``客户编号``, ``会员号``,
   ``客户ID``, ``index``, ``Unnamed: 0``, ...).  A unique integer column with
   another name (``visits``) is kept.

:class:`~crm_analysis.churn.ChurnClassifier` and
:func:`~crm_analysis.churn.evaluate_churn_models` exclude such columns with a
:class:`LeakageWarning` that names each one and why.  The customer id belongs
in the index, where it pairs ``X`` with ``y`` (see
:func:`crm_analysis.churn.labels.align_to`).
"""
from __future__ import annotations

import re
import warnings

import pandas as pd

from ..validation import caller_stacklevel

__all__ = ["LeakageWarning", "leaking_columns", "warn_and_drop_leaking", "ID_NAME", "DATE_TEXT"]

#: column names that read like a row identifier (case-insensitive for Latin letters)
ID_NAME = re.compile(
    r"(?i:^(index|level_\d+|unnamed:\s*\d+|row|row[\s_-]?(id|no|num|number))$)"  # pandas / CSV artefacts
    r"|(?i:(^|[^a-z])(id|ids|uuid|guid|key|no|num|number|code)$)"  # customer_id, customer id, 客户ID, order no
    r"|[a-z](ID|Id|No|Num|Key|Code)$"  # camel case: customerID, orderNo
    r"|(编号|号码|号|代码|序号|账号|帐号)$"  # 客户编号, 手机号码, 会员号
)

#: a text value that reads as a calendar date
DATE_TEXT = re.compile(
    r"\s*(?:"
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?"
    r"|\d{1,2}[-/]\d{1,2}[-/]\d{2,4}(?: \d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{1,2}\.\d{1,2}\.\d{4}"
    r"|\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"
    r"|\d{1,2}[ -][A-Za-z]{3,9}\.?[ -,]+\d{4}"
    r"|[A-Za-z]{3,9}\.? \d{1,2},? \d{4}"
    r"|\d{4}[-/](?:0?[1-9]|1[0-2])"
    r")\s*"
)


class LeakageWarning(UserWarning):
    """Columns were left out of a churn model because they identify rows or hold dates (they leak)."""


def _is_text(values: pd.Series) -> bool:
    return not (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)
                or pd.api.types.is_datetime64_any_dtype(values) or pd.api.types.is_timedelta64_dtype(values))


def _date_reason(values: pd.Series, known: pd.Series) -> str | None:
    if pd.api.types.is_datetime64_any_dtype(values) or isinstance(values.dtype, pd.PeriodDtype):
        return f"holds dates ({values.dtype})"
    if not _is_text(values) or known.empty:
        return None
    kind = pd.api.types.infer_dtype(known, skipna=True)
    if kind in ("date", "datetime", "datetime64", "period"):
        return f"holds dates ({kind} objects)"
    if not known.head(20).astype(str).str.fullmatch(DATE_TEXT).all():  # cheap first look
        return None
    distinct = pd.Series(pd.unique(known.astype(str)))
    if distinct.str.fullmatch(DATE_TEXT).all():
        return f"holds dates as text, e.g. {list(distinct.head(2))}"
    return None


def _id_reason(column, values: pd.Series, known: pd.Series) -> str | None:
    if len(known) < 2 or pd.api.types.is_bool_dtype(values):
        return None
    if known.head(1000).astype(str).duplicated().any():  # cheap first look: a repeated value is no row id
        return None
    if _is_text(values):
        if known.astype(str).nunique() == len(known):
            return f"identifies rows: {len(known)} distinct text values, one per row, e.g. {list(known.astype(str)[:2])}"
        return None
    if not pd.api.types.is_numeric_dtype(values) or not ID_NAME.search(str(column).strip()):
        return None
    integral = pd.api.types.is_integer_dtype(values) or bool((known == known.round()).all())
    if integral and known.nunique() == len(known):
        return f"identifies rows: an id-like name and {len(known)} distinct whole numbers, one per row"
    return None


def leaking_columns(X: pd.DataFrame) -> dict:
    """Columns of ``X`` that identify rows or hold dates, as ``{column: reason}`` in column order.

    See the module docstring for the rule.  ``X`` is not modified.
    """
    found = {}
    for column in X.columns:
        values = X[column]
        known = values.dropna()
        reason = _date_reason(values, known) or _id_reason(column, values, known)
        if reason:
            found[column] = reason
    return found


def warn_and_drop_leaking(X: pd.DataFrame, *, name: str = "X") -> tuple[pd.DataFrame, dict]:
    """``X`` without its :func:`leaking_columns` (a new frame when any) and the ``{column: reason}`` excluded.

    Emits one :class:`LeakageWarning` naming every excluded column and its reason.
    """
    found = leaking_columns(X)
    if not found:
        return X, found
    listed = "; ".join(f"{column!r} ({reason})" for column, reason in found.items())
    warnings.warn(
        f"{len(found)} column(s) of {name} excluded from the churn model because they leak: {listed}. An identifier "
        "is no feature (no new customer shares it; put the customer id in the index, where it pairs X with y); a "
        "date records when a row was written (a cancellation date is the outcome itself): turn it into a duration "
        "such as tenure in months if it matters", LeakageWarning, stacklevel=caller_stacklevel())
    return X.drop(columns=list(found)), found
