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

The cross-sectional analyses -- :func:`complaint_rates`,
:func:`complaint_funnel`, :func:`resolution_times` and their plots -- live in
this module.  C10 and C11 are statements about *time order*; they live in
:mod:`.complaint_timing` (:func:`service_recovery`, :func:`complaints_before_churn`,
their result classes and plots, the Kaplan-Meier helper) and the input parsing
both share in :mod:`._complaint_inputs`.  Every name of those modules is
re-exported here, so ``from crm_analysis.satisfaction.complaints import ...``
works for all of them.

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

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError
from ..plotting import PALETTE, finish, get_ax
from ..validation import check_columns, offending_rows, to_numeric_column
# the shared input helpers and the time-ordered analyses (C10, C11), re-exported so every name imports from here
from ._complaint_inputs import (DAYS_PER_MONTH, _check_level, _complaints, _customers, _dated_customers,  # noqa: F401
                                _dates, _exit_dates, _poisson, _warn, _wilson)
from .complaint_timing import (RECOVERY_GROUPS, ComplaintsBeforeChurn, ServiceRecovery, _km_at,  # noqa: F401
                               _recovery_draw, complaints_before_churn, plot_complaints_before_churn,
                               plot_service_recovery, service_recovery)
from .linked import CUSTOMER_ID, INDEX_MIDPOINT, _series, _zero_hint

__all__ = ["complaint_rates", "complaint_funnel", "resolution_times", "service_recovery", "ServiceRecovery",
           "complaints_before_churn", "ComplaintsBeforeChurn", "plot_complaint_funnel", "plot_resolution_times",
           "plot_service_recovery", "plot_complaint_rates", "plot_complaints_before_churn", "FUNNEL_CLAIMS",
           "RECOVERY_GROUPS", "DAYS_PER_MONTH", "CATEGORY_LABELS"]

#: the course's complaint-funnel figures (crm-concepts.md section 3), as claims to compare with: step -> share
FUNNEL_CLAIMS = {"complained": 0.67, "stayed": 0.75}
#: display names of the demo's complaint categories where the bare word is ambiguous on a figure
CATEGORY_LABELS = {"quality": "product quality"}
ALL_CUSTOMERS = "all customers"
ALL_COMPLAINTS = "all complaints"


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
