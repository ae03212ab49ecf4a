"""Complaints on the linked customer base: rates, the complaint funnel, resolution times, recovery, complain-then-leave.

The course material (crm-concepts.md, section 3) makes claims about
complaints that linked, dated data can test:

* the **complaint funnel**: 67 % of dissatisfied customers complain, handling
  the complaint well wins back 75 % (:func:`complaint_funnel`, the figures in
  :data:`FUNNEL_CLAIMS` are claims to compare with, never constants);
* **C10, the service-recovery paradox**: complainers whose complaint was
  resolved are more loyal than customers who never complained
  (:func:`service_recovery`);
* **C11**: most customers complain before they leave
  (:func:`complaints_before_churn`).

C10 and C11 are statements about *time order* (complaint, then staying or
leaving), so both functions look at what happened after, or before, a dated
event, with the same window for the groups they compare.  A cross-sectional
table (complainers churn less than non-complainers over the whole history) would
mix up order: a customer who leaves in the first month has had less time to
complain at all.

Tables (the linked schema): ``complaints`` has ``customer_id`` (text),
``date``, ``category``, ``resolved`` (1.0 / 0.0 / NaN unknown) and
``days_to_resolve``; ``customers`` has ``customer_id``, ``acquisition_date``,
``churn`` (0/1), ``churn_date`` (NaT for stayers) and ``tenure`` (months).
Each function says which columns it needs.  The observation end is
``observation_end=`` or ``customers.attrs["observation_end"]``; without
either, a stayer's last observed day is ``acquisition_date`` plus ``tenure``
months (a month = 30.4375 days).  Complaints of customers missing from
``customers`` are counted (``attrs["n_unknown_customer_complaints"]``) and
left out with a :class:`~crm_analysis.exceptions.DataExclusionWarning`; ids
are never normalised (``"007"`` is not ``"7"``).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from ..exceptions import CRMDataError, DataExclusionWarning
from ..plotting import PALETTE, finish, get_ax
from ..validation import caller_stacklevel, check_columns, offending_rows, to_datetime_column, to_numeric_column
from .linked import CUSTOMER_ID, INDEX_MIDPOINT, _by_customer, _series, _zero_hint, customer_ids

__all__ = ["complaint_rates", "complaint_funnel", "resolution_times", "service_recovery", "ServiceRecovery",
           "complaints_before_churn", "ComplaintsBeforeChurn", "plot_complaint_funnel", "plot_resolution_times",
           "plot_service_recovery", "plot_complaint_rates", "plot_complaints_before_churn", "FUNNEL_CLAIMS",
           "RECOVERY_GROUPS", "DAYS_PER_MONTH", "CATEGORY_LABELS"]

#: the course's complaint-funnel figures (crm-concepts.md section 3), as claims to compare with: step -> share
FUNNEL_CLAIMS = {"complained": 0.67, "stayed": 0.75}
#: the groups of :func:`service_recovery`, in the order of its tables
RECOVERY_GROUPS = ["complaint resolved", "complaint unresolved", "no complaint"]
#: days in a month (365.25 / 12), the unit table of crm_analysis.timegrid
DAYS_PER_MONTH = 365.25 / 12
#: display names of the demo's complaint categories where the bare word is ambiguous on a figure
CATEGORY_LABELS = {"quality": "product quality"}
ALL_CUSTOMERS = "all customers"
ALL_COMPLAINTS = "all complaints"


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


# --------------------------------------------------------------------------- rates
def complaint_rates(complaints: pd.DataFrame, customers: pd.DataFrame, *, by: str | None = None,
                    observation_end=None, ci_level: float = 0.95) -> pd.DataFrame:
    """Complaints per 100 customers and per customer-year of exposure, overall and by a column.

    .. math:: \\text{per 100} = 100\\,\\frac{K}{N}, \\qquad \\text{per customer-year} = \\frac{K}{E},
              \\qquad E = \\sum_i \\frac{\\text{exit}_i - \\text{acquisition}_i}{365.25\\ \\text{days}}

    with :math:`K` complaints, :math:`N` customers and :math:`E` the years they
    were customers (to the churn date, else the observation end; without
    dates, ``tenure``/12).  Per 100 customers depends on how long the data
    run; per customer-year does not, so it compares groups acquired at
    different times.  Intervals: exact Poisson (Garwood) on :math:`K`
    (assumes complaints arrive independently; repeat complainers make the
    real spread wider), and Wilson for the share of customers with at least
    one complaint (``complainer_share``).

    ``by`` is a column of ``customers`` (``"segment"``: customers, exposure
    and complaints of the group) or of ``complaints`` (``"category"``:
    complaints of that category, against every customer and the whole
    exposure).  Customers or complaints without a group are left out of the
    group rows (counted in a warning), not of the first row.

    Returns a DataFrame indexed by group (first row ``"all customers"``) with
    ``customers, complainers, complaints, complaints_per_100, per_100_lower,
    per_100_upper, complainer_share, complainer_lower, complainer_upper,
    exposure_years, per_customer_year, per_year_lower, per_year_upper``;
    ``attrs``: ``n_unknown_customer_complaints``, ``n_without_exposure``,
    ``ci_level``, ``by``.

    Example: 4 customers, 2 of them with 3 and 1 complaints, each a customer
    for 2 years: 4 complaints per 4 customers = 100 per 100 customers, 4 / 8 =
    0.5 per customer-year, complainer share 2 / 4.
    """
    _check_level(ci_level)
    base = _customers(customers, [], observation_end=observation_end)
    has_dates = ("acquisition_date" in base.columns and "churn" in base.columns
                 and (base.attrs["observation_end"] is not None or "tenure" in base.columns))
    if has_dates:
        labelled = _customers(customers, ["churn"], observation_end=observation_end)
        base = base.loc[labelled.index].copy()   # a blank churn label leaves the exit date unknown: left out
        base["churn"] = labelled["churn"]
        base.attrs["unlabelled"] = labelled.attrs["unlabelled"]
        exit_ = _exit_dates(base)
        exposure = (exit_ - base["acquisition_date"]).dt.days / 365.25
    elif "tenure" in base.columns:
        exposure = base["tenure"] / 12
    else:
        raise CRMDataError("complaint rates per customer-year need customers' 'tenure' (months; `crm-analysis "
                           "import customers --tenure-col`) or 'acquisition_date', 'churn' and 'churn_date' with "
                           "the observation end")
    n_without = int(exposure.isna().sum())
    if n_without:
        _warn(f"{n_without} of {len(base)} customers have no known exposure (no tenure or dates): left out of "
              f"the per-customer-year rates ({offending_rows(exposure.isna(), base.index)})")
    group_in = None
    if by is not None:
        in_customers, in_complaints = by in base.columns, by in complaints.columns
        if in_customers and in_complaints:
            raise CRMDataError(f"column '{by}' is in both customers and complaints: rename one")
        if not (in_customers or in_complaints):
            raise CRMDataError(f"'{by}' is neither a column of customers {list(base.columns)} nor of complaints "
                               f"{list(complaints.columns)}")
        group_in = "customers" if in_customers else "complaints"
    cpl, n_unknown = _complaints(complaints, [], base)
    observation_end_ = base.attrs["observation_end"]
    if observation_end_ is not None and "date" in cpl.columns:
        when = _dates(cpl, "date", name="complaints", allow_missing=True)
        late = when > observation_end_
        if late.any():
            _warn(f"{int(late.sum())} of {len(cpl)} complaints are dated after the observation end "
                  f"{observation_end_.date()}: left out ({offending_rows(late, cpl.index)})")
            cpl = cpl.loc[~late]

    def row(customer_index, complaint_rows):
        n = len(customer_index)
        k = len(complaint_rows)
        complainers = int(complaint_rows[CUSTOMER_ID].nunique())
        exp = exposure.reindex(customer_index)
        known = exp.notna()
        k_exposed = int(complaint_rows[CUSTOMER_ID].isin(customer_index[known.to_numpy()]).sum())
        e = float(exp[known].sum())
        lo, hi = _poisson(k, ci_level)
        lo_y, hi_y = _poisson(k_exposed, ci_level)
        c_lo, c_hi = _wilson(complainers, n, ci_level)
        return {"customers": n, "complainers": complainers, "complaints": k,
                "complaints_per_100": 100 * k / n if n else np.nan,
                "per_100_lower": 100 * lo / n if n else np.nan, "per_100_upper": 100 * hi / n if n else np.nan,
                "complainer_share": complainers / n if n else np.nan, "complainer_lower": c_lo,
                "complainer_upper": c_hi, "exposure_years": e,
                "per_customer_year": k_exposed / e if e > 0 else np.nan,
                "per_year_lower": lo_y / e if e > 0 else np.nan, "per_year_upper": hi_y / e if e > 0 else np.nan}

    rows = {ALL_CUSTOMERS: row(base.index, cpl)}
    if group_in == "customers":
        groups = base[by]
        if groups.isna().any():
            _warn(f"{int(groups.isna().sum())} of {len(base)} customers have no '{by}': left out of the '{by}' rows "
                  f"({offending_rows(groups.isna(), base.index)})")
        for value in sorted(groups.dropna().unique(), key=str):
            members = base.index[(groups == value).to_numpy()]
            rows[value] = row(members, cpl[cpl[CUSTOMER_ID].isin(members)])
    elif group_in == "complaints":
        groups = cpl[by]
        if groups.isna().any():
            _warn(f"{int(groups.isna().sum())} of {len(cpl)} complaints have no '{by}': left out of the '{by}' rows "
                  f"({offending_rows(groups.isna(), cpl.index)})")
        for value in sorted(groups.dropna().unique(), key=str):
            rows[value] = row(base.index, cpl[(groups == value).to_numpy()])
    table = pd.DataFrame(rows).T
    for col in ("customers", "complainers", "complaints"):
        table[col] = table[col].astype(int)
    for col in table.columns.difference(["customers", "complainers", "complaints"]):
        table[col] = table[col].astype(float)
    table.index.name = by or "group"
    table.attrs = {"n_unknown_customer_complaints": n_unknown, "n_without_exposure": n_without,
                   "ci_level": ci_level, "by": by}
    return table


# --------------------------------------------------------------------------- funnel
def _resolution_by_customer(cpl: pd.DataFrame) -> pd.Series:
    """Per complainer: 1.0 every complaint resolved, 0.0 any unresolved, NaN otherwise resolved but some unknown."""
    grouped = cpl.groupby(CUSTOMER_ID)["resolved"]
    any_unresolved = grouped.apply(lambda r: bool((r == 0).any()))
    all_resolved = grouped.apply(lambda r: bool((r == 1).all()))
    return pd.Series(np.where(any_unresolved, 0.0, np.where(all_resolved, 1.0, np.nan)), index=any_unresolved.index)


def complaint_funnel(satisfaction, complaints: pd.DataFrame, customers: pd.DataFrame, *,
                     dissatisfied_below: float = INDEX_MIDPOINT, construct: str = "satisfaction",
                     ci_level: float = 0.95) -> pd.DataFrame:
    """The complaint funnel: dissatisfied -> complained -> resolved -> stayed, with Wilson intervals.

    Steps (each share has the previous step as its base):

    1. **dissatisfied customers**: surveyed customers whose satisfaction index
       lies below ``dissatisfied_below`` (default 50, the scale midpoint; base:
       the surveyed customers found in ``customers``);
    2. **complained**: dissatisfied customers with at least one complaint
       (course claim: 67 %);
    3. **complaint resolved**: complainers all of whose complaints were
       resolved (one unresolved complaint makes a customer unresolved; a
       complainer whose outcomes are otherwise resolved but partly unknown is
       left out of this step and the next, counted in
       ``attrs["n_unknown_resolution"]``);
    4. **stayed**: resolved complainers who had not churned by the
       observation end (course claim: handling a complaint well wins back 75 %).

    Two comparison rows follow: **stayed after an unresolved complaint** (base:
    the dissatisfied whose complaint was not resolved) and **stayed without
    complaining** (base: the dissatisfied who did not complain).  The funnel
    is a snapshot of the whole data, without time order (a complaint may
    come before or after the survey); :func:`service_recovery` follows
    customers forward from the complaint.

    Needs ``customers``: ``churn``; ``complaints``: ``resolved``.
    ``satisfaction``: a 0-100 index by customer (Series, or the ``construct``
    column of :func:`~crm_analysis.satisfaction.customer_scores`).

    Returns a DataFrame indexed by ``step`` with ``customers`` (reaching the
    step), ``base``, ``share``, ``ci_lower``, ``ci_upper``, ``claim`` (the
    course's figure, :data:`FUNNEL_CLAIMS`, NaN where it makes none) and
    ``funnel`` (False for the comparison rows).

    Example: 10 respondents, 4 below 50; 2 of the 4 complained (50 %), 1 of
    the 2 was resolved (50 %), and it stayed (1 / 1 = 100 %).
    """
    _check_level(ci_level)
    base = _customers(customers, ["churn"])
    column = construct if isinstance(satisfaction, pd.DataFrame) else None
    sat = _series(satisfaction, name="satisfaction", column=column, what="satisfaction")
    unknown_resp = sat.index.difference(base.index)
    if len(unknown_resp):
        _warn(f"{len(unknown_resp)} of {len(sat)} surveyed customers are not in the customers table (such as "
              f"{list(unknown_resp[:3])}): left out{_zero_hint(unknown_resp, base.index.difference(sat.index))}")
        sat = sat[sat.index.isin(base.index)]
    if sat.empty:
        raise CRMDataError("no surveyed customer is in the customers table: check that the ids match")
    cpl, n_unknown = _complaints(complaints, ["resolved"], base)
    dissatisfied = sat.index[(sat < dissatisfied_below).to_numpy()]
    complained_ids = set(cpl[CUSTOMER_ID])
    complained = dissatisfied[dissatisfied.isin(list(complained_ids))]
    not_complained = dissatisfied[~dissatisfied.isin(list(complained_ids))]
    resolution = _resolution_by_customer(cpl[cpl[CUSTOMER_ID].isin(complained)]).reindex(complained)
    known = complained[resolution.notna().to_numpy()]
    resolved = complained[(resolution == 1).to_numpy()]
    unresolved = complained[(resolution == 0).to_numpy()]
    stayed = base["churn"] == 0

    def stay(ids):
        return int(stayed.reindex(ids).sum())

    steps = [("dissatisfied customers", len(dissatisfied), len(sat), np.nan, True),
             ("complained", len(complained), len(dissatisfied), FUNNEL_CLAIMS["complained"], True),
             ("complaint resolved", len(resolved), len(known), np.nan, True),
             ("stayed", stay(resolved), len(resolved), FUNNEL_CLAIMS["stayed"], True),
             ("stayed after an unresolved complaint", stay(unresolved), len(unresolved), np.nan, False),
             ("stayed without complaining", stay(not_complained), len(not_complained), np.nan, False)]
    rows = {}
    for name, k, n, claim, funnel in steps:
        lo, hi = _wilson(k, n, ci_level)
        rows[name] = {"customers": k, "base": n, "share": k / n if n else np.nan, "ci_lower": lo, "ci_upper": hi,
                      "claim": claim, "funnel": funnel}
    table = pd.DataFrame(rows).T
    table["customers"] = table["customers"].astype(int)
    table["base"] = table["base"].astype(int)
    table["funnel"] = table["funnel"].astype(bool)
    for col in ("share", "ci_lower", "ci_upper", "claim"):
        table[col] = table[col].astype(float)
    table.index.name = "step"
    table.attrs = {"dissatisfied_below": float(dissatisfied_below), "n_surveyed": int(len(sat)),
                   "n_unknown_resolution": int(len(complained) - len(known)),
                   "n_unknown_customer_complaints": n_unknown, "ci_level": ci_level}
    return table


# --------------------------------------------------------------------------- resolution times
def resolution_times(complaints: pd.DataFrame, *, by: str | None = "category", within_days=(7, 30),
                     ci_level: float = 0.95) -> pd.DataFrame:
    """How many complaints were resolved and how fast, overall and by ``by`` (default the category).

    Columns: ``complaints``, ``known_outcome`` (resolved is 1 or 0),
    ``resolved``, ``resolved_share`` (of the known outcomes, Wilson
    ``resolved_lower``/``resolved_upper``), ``median_days`` and ``p90_days``
    (median and 90th percentile of ``days_to_resolve`` of the resolved
    complaints whose days are known, linear interpolation), and per N in
    ``within_days`` ``within_<N>_days`` with ``within_<N>_lower``/``_upper``:
    the share resolved within N days (days <= N) of the complaints with a
    known outcome, an unresolved complaint counting as not within (a resolved
    complaint without days is left out of this base).  First row
    ``"all complaints"``; ``attrs``: ``n_unknown_outcome``,
    ``n_resolved_without_days``.

    Example: days 1, 3, 10 resolved and one unresolved: resolved share 3/4,
    median 3 days, 90th percentile 1 + ... = 8.6 days (3 + 0.8 (10 - 3)),
    within 7 days 2/4.
    """
    _check_level(ci_level)
    if not isinstance(complaints, pd.DataFrame):
        raise CRMDataError(f"complaints must be a pandas DataFrame, got {type(complaints).__name__}")
    needs = ["resolved", "days_to_resolve"] + ([by] if by else [])
    check_columns(complaints, needs, name="complaints")
    frame = complaints.assign(resolved=complaints["resolved"].astype(float)
                              if complaints["resolved"].dtype == bool else complaints["resolved"])
    resolved = to_numeric_column(frame, "resolved", name="complaints", allow_missing=True)
    bad = resolved.notna() & ~resolved.isin([0, 1])
    if bad.any():
        raise CRMDataError(f"column 'resolved' of complaints must be 1, 0 or missing in "
                           f"{offending_rows(bad, complaints.index)}")
    days = to_numeric_column(complaints, "days_to_resolve", name="complaints", allow_missing=True)
    if (days < 0).any():
        raise CRMDataError(f"column 'days_to_resolve' of complaints is negative in "
                           f"{offending_rows(days < 0, complaints.index)}")
    within_days = tuple(within_days)

    def row(mask):
        r, d = resolved[mask], days[mask]
        known = r.notna()
        done = r == 1
        timed = d[done & d.notna()]
        out = {"complaints": int(mask.sum()), "known_outcome": int(known.sum()), "resolved": int(done.sum())}
        lo, hi = _wilson(out["resolved"], out["known_outcome"], ci_level)
        out.update(resolved_share=out["resolved"] / out["known_outcome"] if out["known_outcome"] else np.nan,
                   resolved_lower=lo, resolved_upper=hi,
                   median_days=float(timed.median()) if len(timed) else np.nan,
                   p90_days=float(np.quantile(timed, 0.9)) if len(timed) else np.nan)
        base_n = int((known & ~(done & d.isna())).sum())
        for n in within_days:
            k = int((done & (d <= n)).sum())
            lo, hi = _wilson(k, base_n, ci_level)
            out[f"within_{n:g}_days"] = k / base_n if base_n else np.nan
            out[f"within_{n:g}_lower"], out[f"within_{n:g}_upper"] = lo, hi
        return out

    everything = pd.Series(True, index=complaints.index)
    rows = {ALL_COMPLAINTS: row(everything)}
    if by:
        groups = complaints[by]
        if groups.isna().any():
            _warn(f"{int(groups.isna().sum())} of {len(complaints)} complaints have no '{by}': left out of the "
                  f"'{by}' rows ({offending_rows(groups.isna(), complaints.index)})")
        for value in sorted(groups.dropna().unique(), key=str):
            rows[value] = row(groups == value)
    table = pd.DataFrame(rows).T
    for col in ("complaints", "known_outcome", "resolved"):
        table[col] = table[col].astype(int)
    for col in table.columns.difference(["complaints", "known_outcome", "resolved"]):
        table[col] = table[col].astype(float)
    table.index.name = by or "group"
    table.attrs = {"n_unknown_outcome": int(resolved.isna().sum()),
                   "n_resolved_without_days": int(((resolved == 1) & days.isna()).sum()),
                   "within_days": within_days, "ci_level": ci_level}
    return table


# --------------------------------------------------------------------------- service recovery (C10)
@dataclass(frozen=True)
class ServiceRecovery:
    """Result of :func:`service_recovery`.

    ``retention``: by group (:data:`RECOVERY_GROUPS`) ``customers``
    (follow-ups: a comparison customer drawn for two complainers counts
    twice), ``churned`` (churn events in the follow-up, any time),
    ``followed`` (follow-ups reaching the horizon), ``retained`` (Kaplan-Meier
    share still a customer ``horizon_months`` after the reference date),
    ``std_err``, ``ci_lower``, ``ci_upper`` (bootstrap).  ``differences``:
    ``estimate``, ``std_err``, ``ci_lower``, ``ci_upper``, ``p_value`` for
    resolved - no complaint (C10: above 0 is the paradox), resolved -
    unresolved, unresolved - no complaint.  ``curves``: the
    :class:`~crm_analysis.churn.survival.RetentionCurves` (tenure = months
    since the landmark).  ``follow``: one row per follow-up
    (``customer_id`` index; a customer who complained later can appear as a
    comparison customer and as a complainer) with ``group``,
    ``reference_tenure`` (months from acquisition to the landmark),
    ``duration`` (months followed) and ``event`` (1 = churned).  ``counts``:
    customers left out, by reason: ``churn_without_date`` (churned, no
    churn_date), ``unknown_customer_complaints`` (complaints of customers not
    in the table), ``first_complaint_outside_life`` (first complaint before
    acquisition or after leaving), ``unknown_first_outcome`` (complainers
    whose first complaint has no known outcome), ``left_within_grace``
    (complainers who left before the landmark), ``complainers_without_match``
    (complainers with an empty risk set).
    """

    retention: pd.DataFrame
    differences: pd.DataFrame
    curves: object
    follow: pd.DataFrame
    horizon_months: float
    counts: dict


def _km_at(duration: np.ndarray, event: np.ndarray, t: float) -> float:
    """Kaplan-Meier :math:`\\hat S(t) = \\prod_{t_j \\le t} (1 - d_j / n_j)`; NaN when nobody was followed to ``t``
    (and the curve had not reached 0 before)."""
    duration, event = np.asarray(duration, float), np.asarray(event, int)
    if len(duration) == 0:
        return np.nan
    order = np.argsort(duration, kind="stable")
    times, first = np.unique(duration[order], return_index=True)
    at_risk = len(duration) - first
    deaths = np.add.reduceat(event[order], first)
    used = (times <= t) & (deaths > 0)
    s = float(np.prod(1 - deaths[used] / at_risk[used]))
    if s > 0 and not (duration >= t).any():
        return np.nan
    return s


def _recovery_draw(sample: np.ndarray, a: dict, matches: int, rng) -> dict:
    """One risk-set-matched follow-up of the customers at positions ``sample`` (repeats = distinct customers).

    Complainers (``code`` 0 resolved, 1 unresolved) are followed from their landmark (``tau``, months since
    acquisition); each draws ``matches`` comparison customers with replacement from its risk set: the sampled
    customers still a customer and complaint-free after that tenure (``limit`` > ``tau``), each followed from that
    tenure to churn or the end of its observation (``life``), whatever it does later.
    """
    out = {"duration": [], "event": [], "reference": [], "who": []}
    for g in (0, 1):
        who = sample[a["code"][sample] == g]
        out["who"].append(who)
        out["reference"].append(a["tau"][who])
        out["duration"].append(a["life"][who] - a["tau"][who])
        out["event"].append(a["churn"][who])
    complainers = sample[a["code"][sample] >= 0]
    candidates = sample[a["pool"][sample]]
    candidates = candidates[np.argsort(a["limit"][candidates], kind="stable")]
    limits = a["limit"][candidates]
    wanted = np.repeat(a["tau"][complainers], matches)
    low = np.searchsorted(limits, wanted, side="right")   # first candidate still complaint-free after the tenure
    size = len(candidates) - low
    ok = size > 0
    pick = low[ok] + np.floor(rng.random(int(ok.sum())) * size[ok]).astype(int)
    chosen = candidates[pick]
    out["who"].append(chosen)
    out["reference"].append(wanted[ok])
    out["duration"].append(a["life"][chosen] - wanted[ok])
    out["event"].append(a["churn"][chosen])
    out["unmatched"] = int((~ok).reshape(-1, matches).all(axis=1).sum()) if len(wanted) else 0
    return out


def service_recovery(complaints: pd.DataFrame, customers: pd.DataFrame, *, horizon_months: float = 12,
                     grace_days: int = 30, matches: int = 5, n_bootstrap: int = 200, observation_end=None,
                     ci_level: float = 0.95, random_state=None) -> ServiceRecovery:
    """Staying after a resolved or an unresolved first complaint, against customers without one (claim C10).

    A landmark design in time order (Anderson, Cain & Gelber 1983; van
    Houwelingen 2007): each customer's state is read on a **landmark date**
    and fixed, and the customer is followed from there to churn (the event) or
    the end of observation (censored), whatever happens later.  The
    Kaplan-Meier share retained ``horizon_months`` after the landmark is
    compared between three groups:

    * **complaint resolved / complaint unresolved**: landmark = the first
      complaint's date plus ``grace_days`` (30), the time a complaint gets
      to be handled.  Resolved = ``resolved`` is 1 and ``days_to_resolve`` is
      at most ``grace_days`` (unknown days: as recorded); otherwise
      unresolved (resolved later than that counts as not resolved on the
      landmark).  A complainer who left before the landmark has no state to
      read and is left out (counted: ``left_within_grace``); one with an
      unknown outcome too (``unknown_first_outcome``);
    * **no complaint**: risk-set sampling (the controls of a nested
      case-control study, Langholz & Goldstein 1996; Li, Propert & Rosenbaum
      2001): each complainer, whose landmark lies at tenure :math:`\\tau`
      (months since acquisition), draws ``matches`` comparison customers at
      random (``random_state``, with replacement) from the customers still a
      customer and complaint-free at tenure :math:`\\tau`; they are followed
      from tenure :math:`\\tau`.  Both sides are alive and observed at the
      same tenure, and their landmark tenures have the same distribution.

    Why fixed states?  Customers often complain just before leaving (C11):
    following "complaint-free" customers only until their own complaint would
    move most leavers' churn into the complained groups, and resolved
    complainers would look worse than the others even with a planted
    recovery effect.  Why not simply "customers who never complained"?  Never
    complaining over the whole history is partly a consequence of leaving
    early (less time to complain), and a reference date drawn without regard
    to the complainers' tenures compares different stages of life (early
    tenure, when the hazard is highest, against later tenure).  The grace
    period keeps the resolved group from being credited with having survived
    until its complaint was resolved.

    Retention at :math:`t` = ``horizon_months`` is the Kaplan-Meier
    :math:`\\hat S(t)` of each group (as in :mod:`crm_analysis.churn.survival`);
    NaN when nobody in a group was followed that long.  Intervals and
    standard errors: ``n_bootstrap`` resamples of the customers (matching
    redone on each, so the matching noise is in the interval), percentile
    intervals at ``ci_level``, a p-value from the normal approximation
    :math:`z = \\hat d / \\text{se}_{boot}`.

    The comparison is marginal, as C10 is worded: complainers differ from
    other customers (the dissatisfied complain more), so a difference mixes
    the effect of the complaint's handling with who complains.  Customers who
    stop buying without closing the account (``churn`` stays 0) count as
    staying: the comparison is about closed accounts.

    Needs ``customers``: ``acquisition_date``, ``churn``, ``churn_date`` (and
    the observation end, or ``tenure``); ``complaints``: ``date``,
    ``resolved`` (and ``days_to_resolve`` when known).
    """
    from ..churn.survival import kaplan_meier_by_segment

    _check_level(ci_level)
    if horizon_months <= 0:
        raise ValueError(f"horizon_months must be positive, got {horizon_months}")
    if int(matches) != matches or matches < 1:
        raise ValueError(f"matches must be a positive whole number, got {matches}")
    if grace_days < 0:
        raise ValueError(f"grace_days must be 0 or more, got {grace_days}")
    matches = int(matches)
    base = _customers(customers, ["acquisition_date", "churn", "churn_date"], observation_end=observation_end)
    churned_no_date = (base["churn"] == 1) & base["churn_date"].isna()
    counts = {"churn_without_date": int(churned_no_date.sum())}
    if churned_no_date.any():
        _warn(f"{int(churned_no_date.sum())} of {len(base)} churned customers have no churn_date: left out (their "
              f"follow-up cannot be placed in time; {offending_rows(churned_no_date, base.index)})")
        base = base[~churned_no_date]
    exit_ = _exit_dates(base)
    optional = ["days_to_resolve"] if isinstance(complaints, pd.DataFrame) and "days_to_resolve" in complaints else []
    cpl, n_unknown = _complaints(complaints, ["date", "resolved", *optional], base)
    counts["unknown_customer_complaints"] = n_unknown
    cpl = cpl.assign(_pos=np.arange(len(cpl))).sort_values(["date", "_pos"], kind="stable")
    first = cpl.drop_duplicates(CUSTOMER_ID, keep="first").set_index(CUSTOMER_ID)
    first_date = first["date"].reindex(base.index)
    acq = base["acquisition_date"]
    outside = first_date.notna() & ((first_date < acq) | (first_date > exit_))
    counts["first_complaint_outside_life"] = int(outside.sum())
    if outside.any():
        _warn(f"{int(outside.sum())} customers' first complaint lies before their acquisition or after they left: "
              f"left out ({offending_rows(outside, base.index)})")
    first_resolved = first["resolved"].reindex(base.index)
    first_days = (first["days_to_resolve"].reindex(base.index) if "days_to_resolve" in first.columns
                  else pd.Series(np.nan, index=base.index))
    complainer = first_date.notna() & ~outside
    landmark = first_date + pd.Timedelta(days=int(grace_days))
    unknown_outcome = complainer & first_resolved.isna()
    counts["unknown_first_outcome"] = int(unknown_outcome.sum())
    if unknown_outcome.any():
        _warn(f"{int(unknown_outcome.sum())} complainers' first complaint has no known outcome (resolved missing): "
              f"left out of the resolved and unresolved groups ({offending_rows(unknown_outcome, base.index)})")
    left_early = complainer & ~unknown_outcome & (exit_ <= landmark)
    counts["left_within_grace"] = int(left_early.sum())
    if left_early.any():
        _warn(f"{int(left_early.sum())} complainers left within {grace_days} days of their first complaint, before "
              f"its outcome is read: left out of the resolved and unresolved groups (in the complaint funnel and "
              f"complaints_before_churn they count)")
    grouped = (complainer & ~unknown_outcome & ~left_early).to_numpy()
    # the state at the landmark: resolved by then (days unknown: as recorded), else unresolved
    resolved_by = ((first_resolved == 1) & (first_days.isna() | (first_days <= grace_days))).to_numpy()
    day = np.timedelta64(1, "D")
    tau = ((landmark - acq) / day).to_numpy(float) / DAYS_PER_MONTH        # landmark tenure (months)
    life = ((exit_ - acq) / day).to_numpy(float) / DAYS_PER_MONTH          # acquisition to churn or end
    # complaint-free time as a customer: to the first complaint, else to the exit
    limit = ((first_date.where(complainer, exit_) - acq) / day).to_numpy(float) / DAYS_PER_MONTH
    churn = base["churn"].to_numpy(int)
    code = np.full(len(base), -1)
    code[grouped & resolved_by] = 0
    code[grouped & ~resolved_by] = 1
    arrays = {"tau": tau, "life": life, "limit": limit, "churn": churn, "code": code, "pool": ~outside.to_numpy()}
    rng = np.random.default_rng(random_state)
    draw = _recovery_draw(np.arange(len(base)), arrays, matches, rng)
    counts["complainers_without_match"] = int(draw["unmatched"])
    if draw["unmatched"]:
        _warn(f"{draw['unmatched']} of {int((code >= 0).sum())} complainers have no comparison customer: nobody else "
              f"was still a customer, complaint-free, that long after acquisition")
    ids = base.index.to_numpy()
    follow = pd.concat([pd.DataFrame({"group": RECOVERY_GROUPS[g], "reference_tenure": draw["reference"][g],
                                      "duration": draw["duration"][g], "event": draw["event"][g]},
                                     index=pd.Index(ids[draw["who"][g]], name=CUSTOMER_ID)) for g in range(3)])
    if follow.empty:
        raise CRMDataError("no customer to follow: the complaints table has no complaint of a known customer with a "
                           "known outcome")
    curves = kaplan_meier_by_segment(follow, duration_col="duration", event_col="event", segment_col="group",
                                     ci_level=ci_level)
    estimate = np.array([_km_at(draw["duration"][g], draw["event"][g], horizon_months) for g in range(3)])
    boot = []
    for _ in range(n_bootstrap):
        sample = rng.integers(0, len(base), len(base))
        again = _recovery_draw(sample, arrays, matches, rng)
        boot.append([_km_at(again["duration"][g], again["event"][g], horizon_months) for g in range(3)])
    boot = np.array(boot).reshape(-1, 3)
    q = [(1 - ci_level) / 2, (1 + ci_level) / 2]

    def interval(values):
        values = values[np.isfinite(values)]
        return (np.quantile(values, q) if len(values) >= 2 else np.array([np.nan, np.nan]),
                float(np.std(values, ddof=1)) if len(values) >= 2 else np.nan)

    table = {}
    for g, label in enumerate(RECOVERY_GROUPS):
        (lo, hi), se = interval(boot[:, g]) if np.isfinite(estimate[g]) else ((np.nan, np.nan), np.nan)
        dur = draw["duration"][g]
        table[label] = {"customers": len(dur), "churned": int(draw["event"][g].sum()),
                        "followed": int((dur >= horizon_months).sum()), "retained": estimate[g], "std_err": se,
                        "ci_lower": lo, "ci_upper": hi}
    retention = pd.DataFrame(table).T
    for col in ("customers", "churned", "followed"):
        retention[col] = retention[col].astype(int)
    for col in ("retained", "std_err", "ci_lower", "ci_upper"):
        retention[col] = retention[col].astype(float)
    retention.index.name = "group"
    diffs = {}
    for a, b in ((0, 2), (0, 1), (1, 2)):
        est = estimate[a] - estimate[b]
        (lo, hi), se = interval(boot[:, a] - boot[:, b]) if np.isfinite(est) else ((np.nan, np.nan), np.nan)
        p = float(2 * stats.norm.sf(abs(est) / se)) if np.isfinite(se) and se > 0 else np.nan
        diffs[f"{RECOVERY_GROUPS[a]} - {RECOVERY_GROUPS[b]}"] = {"estimate": est, "std_err": se, "ci_lower": lo,
                                                                 "ci_upper": hi, "p_value": p}
    differences = pd.DataFrame(diffs).T.astype(float)
    differences.index.name = "comparison"
    attrs = {"horizon_months": float(horizon_months), "grace_days": int(grace_days), "ci_level": ci_level, **counts}
    retention.attrs, differences.attrs = dict(attrs), dict(attrs)
    return ServiceRecovery(retention=retention, differences=differences, curves=curves, follow=follow,
                           horizon_months=float(horizon_months), counts=counts)


# --------------------------------------------------------------------------- complain before leaving (C11)
@dataclass(frozen=True)
class ComplaintsBeforeChurn:
    """Result of :func:`complaints_before_churn`.

    ``groups``: rows ``churners`` and ``stayers`` with ``customers``,
    ``complained`` (at least one complaint in the window), ``share``,
    ``ci_lower``, ``ci_upper`` (Wilson).  ``difference``: churners' share
    minus stayers' (``estimate``, ``ci_lower``, ``ci_upper`` by Newcombe's
    hybrid score method, ``p_value`` of the two-sided score test).
    ``window_days``, ``reference`` and ``counts`` (customers left out).
    """

    groups: pd.DataFrame
    difference: pd.Series
    window_days: int
    reference: str
    counts: dict


def complaints_before_churn(complaints: pd.DataFrame, customers: pd.DataFrame, *, window_days: int = 90,
                            reference: str = "observation_end", observation_end=None, ci_level: float = 0.95,
                            random_state=None) -> ComplaintsBeforeChurn:
    """Do leavers complain before they leave (claim C11)?  Churners' last window against stayers' window.

    Time order.  For each **churner** the window is the ``window_days``
    days up to and including the churn date, :math:`(c - w, c]`; for each
    **stayer** an equally long window ending at its reference date:

    * ``reference="observation_end"`` (default): the observation end, the
      stayers' last observed days, as the churn date is the churners';
    * ``reference="matched"``: a churn date drawn at random (``random_state``)
      from the churners' churn dates at which the stayer was already a
      customer for a whole window -- the same calendar dates, so a season or a
      growing complaint volume weighs on both groups alike.

    A customer for less than a whole window before its window end is left
    out (counted): a shorter window gives fewer chances to complain.  The
    share of each group with at least one complaint in its window has a
    Wilson interval; the difference has Newcombe's interval (statsmodels
    ``confint_proportions_2indep(method="newcomb")``).  C11 says the churners'
    share is above one half *and* above the stayers'.

    Needs ``customers``: ``acquisition_date``, ``churn``, ``churn_date`` (and
    the observation end, or ``tenure``); ``complaints``: ``date``.
    """
    _check_level(ci_level)
    if reference not in ("observation_end", "matched"):
        raise ValueError(f"reference must be 'observation_end' or 'matched', got {reference!r}")
    if window_days <= 0:
        raise ValueError(f"window_days must be positive, got {window_days}")
    base = _customers(customers, ["acquisition_date", "churn", "churn_date"], observation_end=observation_end)
    churned_no_date = (base["churn"] == 1) & base["churn_date"].isna()
    counts = {"churn_without_date": int(churned_no_date.sum())}
    if churned_no_date.any():
        _warn(f"{int(churned_no_date.sum())} of {len(base)} churned customers have no churn_date: left out "
              f"({offending_rows(churned_no_date, base.index)})")
        base = base[~churned_no_date]
    exit_ = _exit_dates(base)
    cpl, n_unknown = _complaints(complaints, ["date"], base)
    counts["unknown_customer_complaints"] = n_unknown
    window = pd.Timedelta(days=int(window_days))
    churner = base["churn"] == 1
    end = exit_.copy()
    if reference == "matched":
        churn_dates = np.sort(base.loc[churner, "churn_date"].to_numpy())
        stay_ids = base.index[~churner.to_numpy()]
        earliest = (base.loc[stay_ids, "acquisition_date"] + window).to_numpy()
        latest = exit_[stay_ids].to_numpy()
        lo = np.searchsorted(churn_dates, earliest, side="left")
        hi = np.searchsorted(churn_dates, latest, side="right")
        rng = np.random.default_rng(random_state)
        n_choice = np.maximum(hi - lo, 0)
        pick = lo + np.floor(rng.random(len(stay_ids)) * np.maximum(n_choice, 1)).astype(int)
        drawn = np.where(n_choice > 0, churn_dates[np.minimum(pick, max(len(churn_dates) - 1, 0))]
                         if len(churn_dates) else np.datetime64("NaT"), np.datetime64("NaT"))
        end.loc[stay_ids] = pd.to_datetime(drawn)
    start = end - window
    short = end.isna() | (base["acquisition_date"] > start)
    counts["shorter_than_window"] = int(short.sum())
    if short.any():
        until = "churn date or reference date" if reference == "matched" else "churn date or the observation end"
        _warn(f"{int(short.sum())} of {len(base)} customers were not customers for a whole {window_days}-day window "
              f"before their {until}: left out ({offending_rows(short, base.index)})")
    kept = base.index[~short.to_numpy()]
    joined = cpl[[CUSTOMER_ID, "date"]].join(pd.DataFrame({"_start": start, "_end": end}), on=CUSTOMER_ID)
    inside = (joined["date"] > joined["_start"]) & (joined["date"] <= joined["_end"])
    complained = pd.Index(pd.unique(joined.loc[inside, CUSTOMER_ID]))
    rows = {}
    for label, mask in (("churners", churner), ("stayers", ~churner)):
        ids = base.index[mask.to_numpy()].intersection(kept)
        k, n = int(ids.isin(complained).sum()), len(ids)
        lo, hi = _wilson(k, n, ci_level)
        rows[label] = {"customers": n, "complained": k, "share": k / n if n else np.nan, "ci_lower": lo,
                       "ci_upper": hi}
    groups = pd.DataFrame(rows).T
    groups["customers"] = groups["customers"].astype(int)
    groups["complained"] = groups["complained"].astype(int)
    for col in ("share", "ci_lower", "ci_upper"):
        groups[col] = groups[col].astype(float)
    groups.index.name = "group"
    (k1, n1), (k2, n2) = [(int(groups.at[g, "complained"]), int(groups.at[g, "customers"]))
                          for g in ("churners", "stayers")]
    if n1 and n2:
        lo, hi = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", alpha=1 - ci_level)
        pooled = (k1 + k2) / (n1 + n2)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        p = float(2 * stats.norm.sf(abs(k1 / n1 - k2 / n2) / se)) if se > 0 else np.nan
        difference = pd.Series({"estimate": k1 / n1 - k2 / n2, "ci_lower": float(lo), "ci_upper": float(hi),
                                "p_value": p}, name="churners - stayers")
    else:
        difference = pd.Series({"estimate": np.nan, "ci_lower": np.nan, "ci_upper": np.nan, "p_value": np.nan},
                               name="churners - stayers")
    attrs = {"window_days": int(window_days), "reference": reference, "ci_level": ci_level, **counts}
    groups.attrs, difference.attrs = dict(attrs), dict(attrs)
    return ComplaintsBeforeChurn(groups=groups, difference=difference, window_days=int(window_days),
                                 reference=reference, counts=counts)


# --------------------------------------------------------------------------- plots
def plot_complaint_funnel(funnel: pd.DataFrame, *, ax=None, claims: bool = True):
    """Bars of the funnel's step shares (%) with Wilson intervals; comparison rows paler; course claims as diamonds."""
    ax = get_ax(ax)
    x = np.arange(len(funnel))
    share = funnel["share"].to_numpy(float) * 100
    err = np.clip(np.vstack([share - funnel["ci_lower"].to_numpy(float) * 100,
                             funnel["ci_upper"].to_numpy(float) * 100 - share]), 0, None)
    in_funnel = funnel["funnel"].to_numpy(bool) if "funnel" in funnel else np.ones(len(funnel), bool)
    for mask, colour, label in ((in_funnel, PALETTE[0], "observed (Wilson interval)"),
                                (~in_funnel, PALETTE[7], "comparison")):
        if mask.any():
            ax.bar(x[mask], np.nan_to_num(share[mask]), color=colour, yerr=np.nan_to_num(err[:, mask]), capsize=4,
                   label=label)
    if claims and "claim" in funnel and funnel["claim"].notna().any():
        ax.scatter(x, funnel["claim"].to_numpy(float) * 100, color=PALETTE[3], marker="D", zorder=3,
                   label="course claim")
    ax.set_xticks(x, [str(i) for i in funnel.index], rotation=20, ha="right")
    ax.set_ylim(0, 105)
    return finish(ax, title="Complaint funnel", xlabel="Step", ylabel="Share of the step before (%)")


def plot_resolution_times(table: pd.DataFrame, *, ax=None, labels=None):
    """Horizontal bars of the median days to resolve per group, with the 90th percentile as a marker.

    ``labels`` (``{group: text}``) names the groups; default the index, with
    :data:`CATEGORY_LABELS` for the demo's ambiguous category names.
    """
    ax = get_ax(ax)
    y = np.arange(len(table))
    labels = {**CATEGORY_LABELS, **(labels or {})}
    ax.barh(y, table["median_days"].fillna(0).to_numpy(float), color=PALETTE[0], label="median")
    ax.scatter(table["p90_days"].to_numpy(float), y, color=PALETTE[3], marker="|", s=200, zorder=3,
               label="90th percentile")
    ax.set_yticks(y, [str(labels.get(g, g)) for g in table.index])
    ax.invert_yaxis()
    return finish(ax, title="Time to resolve complaints", xlabel="Days to resolve (resolved complaints)",
                  ylabel="Complaint category")


def plot_service_recovery(result: ServiceRecovery, *, ax=None, ci: bool = True):
    """Kaplan-Meier curves of the three groups from the reference date, with the horizon marked."""
    ax = get_ax(ax)
    colours = dict(zip(RECOVERY_GROUPS, [PALETTE[2], PALETTE[3], PALETTE[0]]))
    for segment, curve in result.curves.curves.groupby("segment", sort=False):
        colour = colours.get(segment, PALETTE[7])
        ax.step(curve["tenure"], curve["retained"], where="post", color=colour, label=str(segment))
        if ci:
            ax.fill_between(curve["tenure"], curve["ci_lower"], curve["ci_upper"], step="post", color=colour,
                            alpha=0.15, linewidth=0)
    ax.axvline(result.horizon_months, color="grey", lw=0.8, ls="--")
    ax.set_ylim(0, 1.02)
    return finish(ax, title="Staying after the first complaint",
                  xlabel="Months since the landmark (first complaint + grace period; matched without one)",
                  ylabel="Share of customers retained")


def plot_complaint_rates(table: pd.DataFrame, *, ax=None, per: str = "customer_year", labels=None):
    """Horizontal bars of a :func:`complaint_rates` table with the exact Poisson intervals, first row darker.

    ``per="customer_year"`` (default) plots complaints per customer-year,
    ``per="100"`` complaints per 100 customers.  ``labels`` (``{group:
    text}``) names the rows (default the index, with :data:`CATEGORY_LABELS`).
    """
    if per not in ("customer_year", "100"):
        raise ValueError(f"per must be 'customer_year' or '100', got {per!r}")
    column, low, high, xlabel = (("per_customer_year", "per_year_lower", "per_year_upper",
                                  "Complaints per customer-year") if per == "customer_year" else
                                 ("complaints_per_100", "per_100_lower", "per_100_upper",
                                  "Complaints per 100 customers"))
    ax = get_ax(ax)
    y = np.arange(len(table))
    est = table[column].to_numpy(float)
    err = np.clip(np.vstack([est - table[low].to_numpy(float), table[high].to_numpy(float) - est]), 0, None)
    colours = [PALETTE[7]] + [PALETTE[0]] * (len(table) - 1)
    ax.barh(y, np.nan_to_num(est), color=colours, xerr=np.nan_to_num(err), capsize=3)
    labels = {**CATEGORY_LABELS, **(labels or {})}
    ax.set_yticks(y, [str(labels.get(g, g)) for g in table.index])
    ax.invert_yaxis()
    return finish(ax, title="Complaint rate (exact Poisson interval)", xlabel=xlabel, ylabel="Group")


def plot_complaints_before_churn(result: ComplaintsBeforeChurn, *, ax=None):
    """Bars: the share of churners and of stayers who complained in their window, with Wilson intervals."""
    ax = get_ax(ax)
    groups = result.groups
    x = np.arange(len(groups))
    share = groups["share"].to_numpy(float) * 100
    err = np.clip(np.vstack([share - groups["ci_lower"].to_numpy(float) * 100,
                             groups["ci_upper"].to_numpy(float) * 100 - share]), 0, None)
    ax.bar(x, np.nan_to_num(share), color=[PALETTE[3], PALETTE[0]][:len(groups)], yerr=np.nan_to_num(err),
           capsize=4)
    ax.axhline(50, color="grey", lw=0.8, ls="--")
    ax.set_xticks(x, [str(g) for g in groups.index])
    ax.set_ylim(0, 100)
    return finish(ax, title=f"Complaints in the last {result.window_days} days",
                  xlabel="Customer group", ylabel="Share who complained (%)")

