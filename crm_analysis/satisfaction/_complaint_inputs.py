"""Shared inputs of the complaint analyses: reading the customers and the complaint log, intervals, warnings.

Private helpers of :mod:`.complaints` (the cross-sectional analyses: rates,
funnel, resolution times) and :mod:`.complaint_timing` (the time-ordered ones:
service recovery C10, complaints before churn C11), kept here so both import
them without importing each other: customers indexed by text id with parsed
churn labels and dates (:func:`_customers`; :func:`_dated_customers` for the
time-ordered analyses), each customer's last day as a customer
(:func:`_exit_dates`), the complaints of known customers (:func:`_complaints`),
Wilson and exact Poisson intervals and the exclusion warning.  The tables'
columns and the observation-end rules are described in :mod:`.complaints`.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from ..exceptions import CRMDataError, DataExclusionWarning
from ..validation import caller_stacklevel, check_columns, offending_rows, to_datetime_column, to_numeric_column
from .linked import CUSTOMER_ID, _by_customer, _zero_hint, customer_ids

#: days in a month (365.25 / 12), the unit table of crm_analysis.timegrid
DAYS_PER_MONTH = 365.25 / 12


# --------------------------------------------------------------------------- inputs
def _wilson(k, n, ci_level):
    if n == 0:
        return np.nan, np.nan
    return proportion_confint(k, n, alpha=1 - ci_level, method="wilson")


def _poisson(k, ci_level):
    """Exact (Garwood) interval of a Poisson count ``k``."""
    a = 1 - ci_level
    low = stats.chi2.ppf(a / 2, 2 * k) / 2 if k > 0 else 0.0
    return low, stats.chi2.ppf(1 - a / 2, 2 * k + 2) / 2


def _check_level(ci_level):
    if not 0 < ci_level < 1:
        raise ValueError(f"ci_level must lie strictly between 0 and 1, got {ci_level}")


def _dates(frame: pd.DataFrame, column: str, *, name: str, allow_missing: bool) -> pd.Series:
    raw = frame[column]
    if pd.api.types.is_datetime64_any_dtype(raw):
        values = raw
        if getattr(values.dt, "tz", None) is not None:
            values = values.dt.tz_localize(None)
    else:  # text dates: the reader's rules (one format per column, day-first vs month-first refused)
        values = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
        given = raw.notna() & (raw.astype(str).str.strip() != "")
        if given.any():
            try:
                values[given] = to_datetime_column(frame.loc[given], column, name=name).to_numpy()
            except CRMDataError as exc:
                raise CRMDataError(f"column '{column}' of {name} has values that are not dates: {exc}") from None
    if not allow_missing and values.isna().any():
        raise CRMDataError(f"column '{column}' of {name} has missing dates in "
                           f"{offending_rows(values.isna(), frame.index)}")
    return values.dt.normalize()


def _customers(customers, needs, *, observation_end=None) -> pd.DataFrame:
    """Customers indexed by text id with ``churn`` (0/1), dates parsed and ``exit`` (last day as a customer)."""
    frame = _by_customer(customers, name="customers")
    repeated = frame.index.duplicated(keep=False)
    if repeated.any():
        raise CRMDataError(f"customers has more than one row for customer(s) "
                           f"{list(pd.unique(frame.index[repeated]))[:5]}")
    check_columns(frame, needs, name="customers")
    out = frame.copy()
    unlabelled = pd.Index([], name=frame.index.name)
    if "churn" in needs:
        churn = to_numeric_column(frame, "churn", name="customers", allow_missing=True)
        bad = churn.notna() & ~churn.isin([0, 1])
        if bad.any():
            raise CRMDataError(f"column 'churn' of customers must be 0/1 in {offending_rows(bad, frame.index)}")
        # a blank label (the database stores it as unknown) cannot say whether the customer stayed: left out, counted
        unknown = churn.isna()
        if unknown.any():
            unlabelled = frame.index[unknown.to_numpy()]
            _warn(f"{len(unlabelled)} of {len(frame)} customers left out: their churn label is blank (unknown), "
                  f"so whether they stayed cannot be told (such as {list(unlabelled[:3])})")
            out, churn, frame = out[~unknown.to_numpy()], churn[~unknown], frame[~unknown.to_numpy()]
        out["churn"] = churn.astype(int)
    for column in ("acquisition_date", "churn_date"):
        if column in frame.columns:
            out[column] = _dates(frame, column, name="customers", allow_missing=column == "churn_date")
    if "tenure" in frame.columns:
        out["tenure"] = to_numeric_column(frame, "tenure", name="customers", allow_missing=True)
    if "churn_date" in out.columns and "churn" in out.columns:
        stray = (out["churn"] == 0) & out["churn_date"].notna()
        if stray.any():
            raise CRMDataError(f"customers who stayed (churn 0) have a churn_date in "
                               f"{offending_rows(stray, frame.index)}: fix churn or churn_date")
    end = observation_end if observation_end is not None else frame.attrs.get("observation_end")
    out.attrs = {"observation_end": pd.Timestamp(end).normalize() if end is not None else None,
                 "unlabelled": unlabelled}
    return out


def _dated_customers(customers, observation_end) -> tuple[pd.DataFrame, dict]:
    """Customers with acquisition and churn dates for the time-ordered analyses (C10, C11), and the count of
    churned customers left out because their churn date is unknown (their exit cannot be placed in time)."""
    base = _customers(customers, ["acquisition_date", "churn", "churn_date"], observation_end=observation_end)
    churned_no_date = (base["churn"] == 1) & base["churn_date"].isna()
    if churned_no_date.any():
        _warn(f"{int(churned_no_date.sum())} of {len(base)} churned customers have no churn_date: left out (their "
              f"exit cannot be placed in time; {offending_rows(churned_no_date, base.index)})")
        base = base[~churned_no_date]
    return base, {"churn_without_date": int(churned_no_date.sum())}


def _exit_dates(base: pd.DataFrame) -> pd.Series:
    """The last day each customer was observed as a customer: the churn date, else the observation end.

    Without an observation end a stayer's is ``acquisition_date + tenure`` months; NaT when unknown.
    """
    end = base.attrs.get("observation_end")
    if end is not None:
        stayed_until = pd.Series(end, index=base.index)
    elif "tenure" in base.columns and "acquisition_date" in base.columns:
        stayed_until = (base["acquisition_date"]
                        + pd.to_timedelta(base["tenure"] * DAYS_PER_MONTH, unit="D")).dt.round("D")
    else:
        raise CRMDataError("the observation end is unknown: pass observation_end=, or give customers a 'tenure' "
                           "column (months; `crm-analysis import customers --tenure-col`)")
    churned_on = base["churn_date"] if "churn_date" in base.columns else pd.Series(pd.NaT, index=base.index)
    exit_ = churned_on.where(base["churn"] == 1, stayed_until)
    if end is not None:
        late = churned_on.notna() & (churned_on > end)
        if late.any():
            raise CRMDataError(f"churn_date after the observation end {end.date()} in "
                               f"{offending_rows(late, base.index)}")
    if "acquisition_date" in base.columns:
        early = exit_.notna() & (exit_ < base["acquisition_date"])
        if early.any():
            raise CRMDataError(f"customers leave (churn_date or the observation end) before their acquisition_date "
                               f"in {offending_rows(early, base.index)}")
    return exit_


def _complaints(complaints, needs, base: pd.DataFrame, *, warn: bool = True) -> tuple[pd.DataFrame, int]:
    """Complaints of known customers (text ids; dates, resolved, days parsed) and the count of unknown ones."""
    if not isinstance(complaints, pd.DataFrame):
        raise CRMDataError(f"complaints must be a pandas DataFrame, got {type(complaints).__name__}")
    check_columns(complaints, [CUSTOMER_ID, *needs], name="complaints")
    out = complaints.copy()
    out[CUSTOMER_ID] = customer_ids(complaints[CUSTOMER_ID], name="complaints")
    if "date" in needs:
        out["date"] = _dates(complaints, "date", name="complaints", allow_missing=False)
    if "resolved" in needs:
        raw = complaints["resolved"]
        resolved = to_numeric_column(complaints.assign(resolved=raw.astype(float) if raw.dtype == bool else raw),
                                     "resolved", name="complaints", allow_missing=True)
        bad = resolved.notna() & ~resolved.isin([0, 1])
        if bad.any():
            raise CRMDataError(f"column 'resolved' of complaints must be 1 (resolved), 0 (not) or missing (unknown) "
                               f"in {offending_rows(bad, complaints.index)}")
        out["resolved"] = resolved
    if "days_to_resolve" in needs:
        days = to_numeric_column(complaints, "days_to_resolve", name="complaints", allow_missing=True)
        negative = days < 0
        if negative.any():
            raise CRMDataError(f"column 'days_to_resolve' of complaints is negative in "
                               f"{offending_rows(negative, complaints.index)}")
        out["days_to_resolve"] = days
    # complaints of customers left out for a blank churn label are not "unknown customers": already counted
    unlabelled = out[CUSTOMER_ID].isin(base.attrs.get("unlabelled", ()))
    out = out.loc[~unlabelled.to_numpy()]
    unknown = ~out[CUSTOMER_ID].isin(base.index)
    n_unknown = int(unknown.sum())
    if n_unknown and warn:
        ids = pd.Index(pd.unique(out.loc[unknown, CUSTOMER_ID]))
        warnings.warn(f"{n_unknown} of {len(out)} complaints are from {len(ids)} customer(s) not in the customers "
                      f"table (such as {list(ids[:3])}): left out{_zero_hint(ids, base.index)}",
                      DataExclusionWarning, stacklevel=caller_stacklevel())
    return out.loc[~unknown], n_unknown


def _warn(message: str) -> None:
    warnings.warn(message, DataExclusionWarning, stacklevel=caller_stacklevel())
