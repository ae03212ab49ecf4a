"""Page helpers of notebook 15, complaints: the data, rates, resolution times, funnel, recovery, the course's claims.

:func:`complaint_data` reads the database (the page ends saying what to
import when complaints or churn labels are missing); each ``*_section`` runs
one engine of :mod:`crm_analysis.satisfaction.complaints` or shows the note
saying which columns it needs, and its ``*_table`` / ``*_figure`` format the
result; :func:`course_claims` sets the course's figures against the intervals.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from IPython.display import Markdown

from ..catalogue import check_language, has_text, text
from ..format import number
from ..value import PageTable, page_table
from .shared import OUTCOME_BLOCKS, _stored_items, section_needs, segment_name

__all__ = ["ComplaintData", "complaint_data", "category_name", "rates_section", "rates_table", "times_section",
           "times_table", "times_figure", "column_or_none", "funnel_section", "funnel_table", "funnel_figure",
           "recovery_section", "recovery_tables", "recovery_group", "recovery_figure", "before_churn_section",
           "before_churn_table", "course_claims", "synthetic_claims_note"]


# ------------------------------------------------------------------------------------ 15: complaints
@dataclass(frozen=True)
class ComplaintData:
    """What the complaints page reads: the complaint log, the customers, each surveyed customer's satisfaction
    index (0-100, or None without satisfaction items) and whether the database is synthetic."""

    complaints: pd.DataFrame
    customers: pd.DataFrame
    satisfaction: pd.Series | None
    synthetic: bool
    store_command: str = "DB"


def complaint_data(db, lang: str = "en", *, store_command: str = "DB") -> ComplaintData:
    """The complaints and the customers of the database; the page ends saying what to import when either is
    missing (complaints, or customers with churn labels)."""
    import warnings

    from ...exceptions import DataExclusionWarning
    from ...satisfaction.linked import customer_scores
    from ..exports import needs_data

    check_language(lang)
    facts = db.describe()
    if not facts.get("has_complaints") or not facts.get("n_complaints"):
        needs_data(text("tl_needs_complaints", lang),
                   f"crm-analysis import complaints complaints.csv --store {store_command} --customer-col CUSTOMER "
                   f"--date-col DATE --resolved-col RESOLVED --category-col CATEGORY", lang)
    customers = db.customers() if "customers" in db.tables() else pd.DataFrame()
    if "churn" not in customers.columns or customers["churn"].isna().all():
        needs_data(text("tl_needs_churn", lang),
                   f"crm-analysis import customers customers.csv --store {store_command} --customer-col CUSTOMER "
                   f"--churn-col CHURN", lang)
    satisfaction = None
    items = OUTCOME_BLOCKS["satisfaction"]
    if set(items) <= _stored_items(db):
        survey = db.survey_table(items=items)
        if "customer_id" in survey.columns:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DataExclusionWarning)  # bases are stated in the funnel table
                satisfaction = customer_scores(survey.dropna(subset=items, how="all"),
                                               {"satisfaction": items})["satisfaction"].dropna()
    return ComplaintData(db.complaints(), customers.reset_index(), satisfaction, bool(facts.get("synthetic")),
                         store_command)


def _has_columns(data: ComplaintData, customer_columns=(), complaint_columns=()) -> list:
    missing = [c for c in customer_columns if c not in data.customers or data.customers[c].isna().all()]
    missing += [c for c in complaint_columns if c not in data.complaints or data.complaints[c].isna().all()]
    return missing


def _customers_how(data: ComplaintData, columns) -> str:
    flags = {"acquisition_date": "--acquisition-date-col DATE", "churn_date": "--churn-date-col DATE",
             "churn": "--churn-col CHURN", "segment": ""}
    parts = " ".join(flags.get(c, "") for c in columns).strip()
    return (f"crm-analysis import customers customers.csv --store {data.store_command} --customer-col CUSTOMER "
            f"{parts}").strip()


def _complaints_how(data: ComplaintData, columns) -> str:
    flags = {"resolved": "--resolved-col RESOLVED", "days_to_resolve": "--days-to-resolve-col DAYS",
             "category": "--category-col CATEGORY", "date": ""}
    parts = " ".join(flags.get(c, "") for c in columns).strip()
    return (f"crm-analysis import complaints complaints.csv --store {data.store_command} --customer-col CUSTOMER "
            f"--date-col DATE {parts}").strip()


def category_name(value, lang: str = "en") -> str:
    """A complaint category in ``lang`` (the demo's categories are catalogued; others as they are)."""
    if value in ("all complaints", "all customers"):
        return text("cpl_" + value.replace(" ", "_"), lang)
    key = f"cpl_category_{value}"
    return text(key, lang) if has_text(key) else segment_name(value, lang)


def rates_section(data: ComplaintData, lang: str = "en", *, by: str | None = None):
    """:func:`complaint_rates` by ``by`` (a column of the customers or of the complaints, when it exists), or the
    note saying that rates per customer-year need each customer's tenure or dates (returns None then)."""
    from IPython.display import display

    from ...satisfaction.complaints import complaint_rates

    has_tenure = not _has_columns(data, customer_columns=["tenure"])
    has_dates = "acquisition_date" in data.customers and "churn_date" in data.customers and not _has_columns(
        data, customer_columns=["acquisition_date"])
    if not (has_tenure or has_dates):
        display(section_needs(text("tl_needs_exposure", lang),
                              f"crm-analysis import customers customers.csv --store {data.store_command} "
                              f"--customer-col CUSTOMER --tenure-col MONTHS", lang))
        return None
    group = column_or_none(data.customers, by) or column_or_none(data.complaints, by) if by else None
    return complaint_rates(data.complaints, data.customers, by=group)


def rates_table(rates, lang: str = "en"):
    """:func:`complaint_rates` for a page: customers, complainers, complaints, per 100, per customer-year."""
    if rates is None:
        return Markdown("")
    shown = pd.DataFrame({
        text("tl_customers", lang): rates["customers"].to_numpy(),
        text("tl_complainers", lang): rates["complainers"].to_numpy(),
        text("tl_complaints", lang): rates["complaints"].to_numpy(),
        text("tl_complainer_share", lang): rates["complainer_share"].to_numpy(float),
        text("tl_per_100", lang): rates["complaints_per_100"].to_numpy(float),
        text("tl_per_year", lang): rates["per_customer_year"].to_numpy(float),
        text("tl_per_year_ci", lang): [f"{number(lo, 2)}–{number(hi, 2)}" for lo, hi in
                                       zip(rates["per_year_lower"], rates["per_year_upper"])],
    }, index=pd.Index([category_name(g, lang) for g in rates.index], name=text("tl_group", lang)))
    return page_table(shown, lang=lang, counts=[text("tl_customers", lang), text("tl_complainers", lang),
                                                text("tl_complaints", lang)],
                      percents=[text("tl_complainer_share", lang)], decimals=2)


def times_table(times, lang: str = "en"):
    """:func:`resolution_times` for a page: resolved share, median and 90th percentile days, within 7 / 30 days."""
    if times is None:
        return Markdown("")
    within = [c for c in times.columns if c.startswith("within_") and c.endswith("_days")]
    shown = pd.DataFrame({
        text("tl_complaints", lang): times["complaints"].to_numpy(),
        text("tl_resolved_share", lang): times["resolved_share"].to_numpy(float),
        text("tl_median_days", lang): times["median_days"].to_numpy(float),
        text("tl_p90_days", lang): times["p90_days"].to_numpy(float),
        **{text("tl_within_days", lang, n=c[len("within_"):-len("_days")]): times[c].to_numpy(float) for c in within},
    }, index=pd.Index([category_name(g, lang) for g in times.index], name=text("tl_category", lang)))
    percents = [text("tl_resolved_share", lang)] + [text("tl_within_days", lang, n=c[len("within_"):-len("_days")])
                                                    for c in within]
    return page_table(shown, lang=lang, counts=[text("tl_complaints", lang)], percents=percents, decimals=1)


def column_or_none(frame: pd.DataFrame, column: str):
    """``column`` when ``frame`` has it with some values (a grouping the page can use), else None."""
    return column if column and column in frame.columns and frame[column].notna().any() else None


def times_section(data: ComplaintData, lang: str = "en", *, within_days=(7, 30)):
    """:func:`resolution_times` by category (overall only without categories), or the note saying which complaint
    columns it needs (returns None then)."""
    from IPython.display import display

    from ...satisfaction.complaints import resolution_times

    missing = _has_columns(data, complaint_columns=["resolved", "days_to_resolve"])
    if missing:
        display(section_needs(text("tl_needs_columns", lang, columns=", ".join(missing)),
                              _complaints_how(data, missing), lang))
        return None
    return resolution_times(data.complaints, by=column_or_none(data.complaints, "category"), within_days=within_days)


def times_figure(times, lang: str = "en"):
    from ...satisfaction.complaints import plot_resolution_times
    from ..figures import localize

    if times is None:
        return Markdown("")
    return localize(plot_resolution_times(times), lang)


def funnel_section(data: ComplaintData, lang: str = "en", *, dissatisfied_below: float = 50.0):
    """:func:`complaint_funnel` on the surveyed customers' satisfaction index, or the note that the funnel needs
    survey answers with satisfaction items (returns None then)."""
    from IPython.display import display

    from ...satisfaction.complaints import complaint_funnel

    missing = _has_columns(data, complaint_columns=["resolved"])
    if data.satisfaction is None or data.satisfaction.empty:
        display(section_needs(text("tl_needs_satisfaction", lang),
                              f"crm-analysis import survey answers.csv --store {data.store_command} --customer-col "
                              f"CUSTOMER --scale 1 10", lang))
        return None
    if missing:
        display(section_needs(text("tl_needs_columns", lang, columns=", ".join(missing)),
                              _complaints_how(data, missing), lang))
        return None
    return complaint_funnel(data.satisfaction, data.complaints, data.customers, dissatisfied_below=dissatisfied_below)


def funnel_table(funnel, lang: str = "en"):
    """The funnel's steps with counts, bases, shares, intervals and the course's figure, in ``lang``."""
    if funnel is None:
        return Markdown("")
    shown = pd.DataFrame({
        text("tl_customers", lang): funnel["customers"].to_numpy(),
        text("tl_base", lang): funnel["base"].to_numpy(),
        text("tl_share", lang): funnel["share"].to_numpy(float),
        text("tl_ci_lower", lang): funnel["ci_lower"].to_numpy(float),
        text("tl_ci_upper", lang): funnel["ci_upper"].to_numpy(float),
        text("tl_course_figure", lang): funnel["claim"].to_numpy(float),
    }, index=pd.Index([text(f"tl_step_{i}", lang) for i in range(len(funnel))], name=text("tl_step", lang)))
    return page_table(shown, lang=lang, counts=[text("tl_customers", lang), text("tl_base", lang)],
                      percents=[text("tl_share", lang), text("tl_ci_lower", lang), text("tl_ci_upper", lang),
                                text("tl_course_figure", lang)])


def funnel_figure(funnel, lang: str = "en"):
    """The funnel's bars with the course's figures as diamonds (nothing without a funnel)."""
    from ...satisfaction.complaints import plot_complaint_funnel
    from ..figures import localize

    if funnel is None:
        return Markdown("")
    return localize(plot_complaint_funnel(funnel), lang)


def recovery_section(data: ComplaintData, lang: str = "en", *, horizon_months: float = 12, matches: int = 5,
                     n_bootstrap: int = 200, random_state: int = 0):
    """:func:`service_recovery` (C10), or the note saying which dated columns it needs (returns None then)."""
    from IPython.display import display

    from ...satisfaction.complaints import service_recovery

    missing_customers = _has_columns(data, customer_columns=["acquisition_date", "churn_date"])
    missing_complaints = _has_columns(data, complaint_columns=["resolved"])
    if missing_customers or missing_complaints:
        how = (_customers_how(data, missing_customers) if missing_customers else "") + (
            ("\n" if missing_customers else "") + _complaints_how(data, missing_complaints) if missing_complaints
            else "")
        display(section_needs(text("tl_needs_columns", lang,
                                   columns=", ".join(missing_customers + missing_complaints)), how, lang))
        return None
    return service_recovery(data.complaints, data.customers, horizon_months=horizon_months, matches=matches,
                            n_bootstrap=n_bootstrap, random_state=random_state)


def recovery_tables(recovery, lang: str = "en"):
    """Retention per group at the horizon and the three differences (C10: resolved − no complaint > 0)."""
    from IPython.display import display

    if recovery is None:
        return Markdown("")
    r = recovery.retention
    groups = pd.DataFrame({
        text("tl_followed", lang): r["customers"].to_numpy(),
        text("tl_churned", lang): r["churned"].to_numpy(),
        text("tl_retained_at", lang, months=f"{recovery.horizon_months:g}"): r["retained"].to_numpy(float),
        text("tl_ci_lower", lang): r["ci_lower"].to_numpy(float),
        text("tl_ci_upper", lang): r["ci_upper"].to_numpy(float),
    }, index=pd.Index([recovery_group(g, lang) for g in r.index], name=text("tl_group", lang)))
    display(page_table(groups, lang=lang, counts=[text("tl_followed", lang), text("tl_churned", lang)],
                       percents=[text("tl_retained_at", lang, months=f"{recovery.horizon_months:g}"),
                                 text("tl_ci_lower", lang), text("tl_ci_upper", lang)]))
    d = recovery.differences
    diffs = pd.DataFrame({
        text("tl_difference", lang): d["estimate"].to_numpy(float),
        text("tl_ci_lower", lang): d["ci_lower"].to_numpy(float),
        text("tl_ci_upper", lang): d["ci_upper"].to_numpy(float),
        "p": [_p(p) for p in d["p_value"]],
    }, index=pd.Index([" − ".join(recovery_group(g.strip(), lang) for g in c.split(" - ")) for c in d.index],
                      name=text("tl_comparison", lang)))
    return page_table(diffs, lang=lang, percents=[text("tl_difference", lang), text("tl_ci_lower", lang),
                                                  text("tl_ci_upper", lang)])


def _p(p) -> str:
    return "–" if p is None or not np.isfinite(p) else ("< 0.001" if p < 0.001 else number(p, 3))


def recovery_group(group: str, lang: str = "en") -> str:
    keys = {"complaint resolved": "cpl_step_resolved", "complaint unresolved": "cpl_group_unresolved",
            "no complaint": "cpl_group_no_complaint", "churners": "cpl_group_churners",
            "stayers": "cpl_group_stayers"}
    return text(keys[group], lang) if group in keys else str(group)


def recovery_figure(recovery, lang: str = "en"):
    from ...satisfaction.complaints import plot_service_recovery
    from ..figures import localize

    if recovery is None:
        return Markdown("")
    return localize(plot_service_recovery(recovery), lang)


def before_churn_section(data: ComplaintData, lang: str = "en", *, window_days: int = 90,
                         reference: str = "observation_end", random_state: int = 0):
    """:func:`complaints_before_churn` (C11), or the note saying which dated columns it needs (None then)."""
    from IPython.display import display

    from ...satisfaction.complaints import complaints_before_churn

    missing = _has_columns(data, customer_columns=["acquisition_date", "churn_date"])
    if missing:
        display(section_needs(text("tl_needs_columns", lang, columns=", ".join(missing)),
                              _customers_how(data, missing), lang))
        return None
    return complaints_before_churn(data.complaints, data.customers, window_days=window_days, reference=reference,
                                   random_state=random_state)


def before_churn_table(result, lang: str = "en"):
    """Churners' and stayers' share with a complaint in their window, and the difference."""
    if result is None:
        return Markdown("")
    g = result.groups
    d = result.difference
    shown = pd.DataFrame({
        text("tl_customers", lang): list(g["customers"]) + [np.nan],
        text("tl_complained_in_window", lang, days=result.window_days): list(g["complained"]) + [np.nan],
        text("tl_share", lang): list(g["share"].astype(float)) + [float(d["estimate"])],
        text("tl_ci_lower", lang): list(g["ci_lower"].astype(float)) + [float(d["ci_lower"])],
        text("tl_ci_upper", lang): list(g["ci_upper"].astype(float)) + [float(d["ci_upper"])],
    }, index=pd.Index([recovery_group(i, lang) for i in g.index] + [text("tl_churners_minus_stayers", lang)],
                      name=text("tl_group", lang)))
    return page_table(shown, lang=lang, counts=[text("tl_customers", lang),
                                                text("tl_complained_in_window", lang, days=result.window_days)],
                      percents=[text("tl_share", lang), text("tl_ci_lower", lang), text("tl_ci_upper", lang)],
                      missing="tl_missing_difference_row")


def course_claims(funnel, recovery, before_churn, data: ComplaintData, lang: str = "en") -> PageTable:
    """The course's complaint figures as claims, each against the interval the data give (or why not testable).

    Rule (:func:`crm_analysis.claims.verdict.interval_verdict`): a figure is *consistent* with the data when the
    interval covers it (a claim of direction: when the interval lies on the claimed side).  Synthetic data
    (the demo) only illustrate the method: the evidence column says so, whatever the interval.
    """
    from ...claims.verdict import NOT_SUPPORTED, NOT_TESTABLE, SUPPORTED, interval_verdict

    fields = {"months": f"{recovery.horizon_months:g}" if recovery is not None else "12",
              "days": f"{before_churn.window_days:g}" if before_churn is not None else "90"}

    def row(claim_key, estimate, lo, hi, verdict, measure_key):
        return {text("tl_col_claim", lang): text(claim_key, lang),
                text("tl_col_measure", lang): text(measure_key, lang, **fields) if measure_key else "–",
                text("tl_estimate", lang): estimate, text("tl_ci_lower", lang): lo, text("tl_ci_upper", lang): hi,
                text("tl_col_verdict", lang): text(f"tl_verdict_{verdict.replace(' ', '_')}", lang)}

    nan = np.nan
    rows = []
    if funnel is not None:
        c = funnel.iloc[1]
        rows.append(row("tl_claim_67", c["share"], c["ci_lower"], c["ci_upper"],
                        interval_verdict(c["ci_lower"], c["ci_upper"], claimed=0.67), "tl_measure_67"))
        s = funnel.iloc[3]
        rows.append(row("tl_claim_75", s["share"], s["ci_lower"], s["ci_upper"],
                        interval_verdict(s["ci_lower"], s["ci_upper"], claimed=0.75), "tl_measure_75"))
    else:
        rows += [row("tl_claim_67", nan, nan, nan, NOT_TESTABLE, None),
                 row("tl_claim_75", nan, nan, nan, NOT_TESTABLE, None)]
    rows.append(row("tl_claim_9", nan, nan, nan, NOT_TESTABLE, "tl_measure_9"))
    rows.append(row("tl_claim_94", nan, nan, nan, NOT_TESTABLE, "tl_measure_94"))
    rows.append(row("tl_claim_89", nan, nan, nan, NOT_TESTABLE, "tl_measure_89"))
    if recovery is not None:
        d = recovery.differences.iloc[0]
        rows.append(row("tl_claim_c10", d["estimate"], d["ci_lower"], d["ci_upper"],
                        interval_verdict(d["ci_lower"], d["ci_upper"], greater_than=0), "tl_measure_c10"))
    else:
        rows.append(row("tl_claim_c10", nan, nan, nan, NOT_TESTABLE, None))
    if before_churn is not None:
        g = before_churn.groups.loc["churners"]
        d = before_churn.difference
        above_half = interval_verdict(g["ci_lower"], g["ci_upper"], greater_than=0.5)
        above_stayers = interval_verdict(d["ci_lower"], d["ci_upper"], greater_than=0)
        verdict = SUPPORTED if above_half == above_stayers == SUPPORTED else NOT_SUPPORTED
        rows.append(row("tl_claim_c11", g["share"], g["ci_lower"], g["ci_upper"], verdict, "tl_measure_c11"))
    else:
        rows.append(row("tl_claim_c11", nan, nan, nan, NOT_TESTABLE, None))
    frame = pd.DataFrame(rows)
    evidence = text("teach_evidence_synthetic" if data.synthetic else "teach_evidence_real", lang)
    frame[text("tl_col_evidence", lang)] = [evidence if np.isfinite(v) else text("teach_evidence_none", lang)
                                            for v in frame[text("tl_estimate", lang)]]
    frame = frame.set_index(text("tl_col_claim", lang))
    return page_table(frame, lang=lang, percents=[text("tl_estimate", lang), text("tl_ci_lower", lang),
                                                  text("tl_ci_upper", lang)])


def synthetic_claims_note(data: ComplaintData, lang: str = "en") -> Markdown:
    """On synthetic data: consistent or not, the figures are illustrated, not tested (else nothing)."""
    return Markdown(text("tl_claims_synthetic_note", lang) if data.synthetic else "")
