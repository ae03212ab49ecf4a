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
from ..format import count, number, percent
from ..value import PageTable, page_table
from .shared import OUTCOME_BLOCKS, _stored_items, section_needs, segment_name

__all__ = ["ComplaintData", "complaint_data", "category_name", "rates_section", "rates_table", "times_section",
           "times_table", "times_figure", "column_or_none", "funnel_section", "funnel_table", "funnel_figure",
           "recovery_section", "recovery_tables", "recovery_group", "recovery_figure", "before_churn_section",
           "before_churn_table", "course_claims", "synthetic_claims_note", "complaint_data_sentence",
           "complaints_preview", "funnel_reading", "recovery_reading", "before_churn_reading", "satisfaction_item_list",
           "segment_col_note", "observation_end_of"]


# ------------------------------------------------------------------------------------ 15: complaints
@dataclass(frozen=True)
class ComplaintData:
    """What the complaints page reads: the complaint log (up to the observation end), the customers, each
    surveyed customer's satisfaction index (0-100, or None without satisfaction items) and whether the database is
    synthetic (or the bundled demo: the demo-only readings show then).

    ``observation_end``: the last day the data count (passed to every complaint engine), ``end_source``: where it
    comes from (``"parameter"``, ``"transactions"``: the last purchase, ``"data"``: the last complaint or churn
    date), ``n_after_end``: complaints dated after it (left out); ``survey_state``: ``"ok"``, ``"none"`` (no
    survey), ``"unlinked"`` (no customer ids) or ``"items"`` (the satisfaction items are not in the survey,
    ``items``); ``segment_col``: the customers' group column the page was asked for.
    """

    complaints: pd.DataFrame
    customers: pd.DataFrame
    satisfaction: pd.Series | None
    synthetic: bool
    store_command: str = "DB"
    observation_end: pd.Timestamp | None = None
    end_source: str = "parameter"
    n_after_end: int = 0
    demo: bool = False
    items: tuple = ()
    survey_state: str = "ok"
    segment_col: str = "segment"
    survey_columns: tuple = ()


def satisfaction_item_list(satisfaction_items: str = "") -> list:
    """The survey's satisfaction questions from the page parameter (comma-separated; "" = the ECSI items
    sat1-sat4), the same parameter and default as report 33."""
    items = [i.strip() for i in str(satisfaction_items or "").split(",") if i.strip()]
    return items or list(OUTCOME_BLOCKS["satisfaction"])


def observation_end_of(db, observation_end: str = "", customers: pd.DataFrame | None = None):
    """``(day, source)``: the last day the data count, as report 33 reads it.

    ``observation_end`` (ISO text) when given (source ``"parameter"``); else the day of the last purchase
    (``"transactions"``, report 33's report date); without transactions the last complaint or churn date
    (``"data"``); ``(None, "data")`` when the database has no date at all.
    """
    from ...exceptions import CRMDataError

    if str(observation_end or "").strip():
        try:
            return pd.Timestamp(str(observation_end).strip()).normalize(), "parameter"
        except (ValueError, TypeError):
            raise CRMDataError(f"observation_end must be a date such as '2025-12-31', "
                               f"got {observation_end!r}") from None
    facts = db.describe()
    if facts.get("n_transactions") and facts.get("last_transaction") is not None:
        return pd.Timestamp(facts["last_transaction"]).normalize(), "transactions"
    dates = [pd.Timestamp(d) for d in (facts.get("last_complaint"),) if d is not None and pd.notna(d)]
    if customers is not None and "churn_date" in customers.columns and customers["churn_date"].notna().any():
        dates.append(pd.to_datetime(customers["churn_date"]).max())
    return (max(dates).normalize() if dates else None), "data"


def complaint_data(db, lang: str = "en", *, observation_end: str = "", satisfaction_items: str = "",
                   segment_col: str = "segment", store_command: str = "DB") -> ComplaintData:
    """The complaints and the customers of the database; the page ends saying what to import when either is
    missing (complaints, or customers with churn labels).

    ``observation_end`` (:func:`observation_end_of`; complaints after it are left out and counted, as in report
    33), ``satisfaction_items`` (:func:`satisfaction_item_list`) and ``segment_col`` are the page's parameters.
    """
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
    items = satisfaction_item_list(satisfaction_items)
    stored = _stored_items(db)
    state = "none" if not stored else "ok"
    if stored and set(items) <= stored:
        survey = db.survey_table(items=items)
        if "customer_id" in survey.columns and survey["customer_id"].notna().any():
            survey = survey.loc[survey["customer_id"].notna()]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DataExclusionWarning)  # bases are stated in the funnel table
                satisfaction = customer_scores(survey.dropna(subset=items, how="all"),
                                               {"satisfaction": items})["satisfaction"].dropna()
        else:
            state = "unlinked"
    elif stored:
        state = "items"
    end, source = observation_end_of(db, observation_end, customers)
    complaints = db.complaints()
    late = pd.Series(False, index=complaints.index)
    if end is not None and "date" in complaints.columns:
        late = pd.to_datetime(complaints["date"]) > end
        complaints = complaints.loc[~late].reset_index(drop=True)
    return ComplaintData(complaints, customers.reset_index(), satisfaction, bool(facts.get("synthetic")),
                         store_command, observation_end=end, end_source=source, n_after_end=int(late.sum()),
                         demo=bool(facts.get("demo")) or bool(facts.get("synthetic")), items=tuple(items),
                         survey_state=state, segment_col=str(segment_col or ""),
                         survey_columns=tuple(i for i in _item_order(db) if i not in items))


def _item_order(db) -> list:
    """The survey's items in the order they were imported (for the example of the satisfaction_items note)."""
    if "survey_items" not in db.tables():
        return []
    return list(pd.unique(db.sql("SELECT item FROM survey_items")["item"]))


def complaint_data_sentence(data: ComplaintData, lang: str = "en") -> Markdown:
    """"The data count up to 2024-12-31, the day of the last purchase ..." and the complaints after it left out."""
    if data.observation_end is None:
        return Markdown("")
    late = text("tl_end_late", lang, n=count(data.n_after_end)) if data.n_after_end else ""
    return Markdown(text("tl_end_sentence", lang, end=data.observation_end.date().isoformat(),
                         source=text(f"tl_end_source_{data.end_source}", lang), late=late))


_PREVIEW_COLUMNS = {"complaint_id": "tl_col_complaint_id", "customer_id": "tl_col_customer", "date": "tl_col_date",
                    "category": "tl_category", "resolved": "tl_col_resolved",
                    "days_to_resolve": "tl_col_days_to_resolve"}


def complaints_preview(data: ComplaintData, lang: str = "en", *, n: int = 5) -> PageTable:
    """The first ``n`` complaints with the headers (and the demo's categories) in ``lang``."""
    shown = data.complaints.drop(columns=["source"], errors="ignore").head(n).copy()
    if "category" in shown.columns:
        shown["category"] = [v if pd.isna(v) else category_name(v, lang) for v in shown["category"]]
    if "resolved" in shown.columns:
        shown["resolved"] = shown["resolved"].map({1.0: text("tl_yes", lang), 0.0: text("tl_no", lang),
                                                   1: text("tl_yes", lang), 0: text("tl_no", lang)})
    shown = shown.rename(columns={c: text(k, lang) for c, k in _PREVIEW_COLUMNS.items()})
    if text("tl_col_complaint_id", lang) in shown.columns:  # the complaint's id, not a row number, leads each row
        shown = shown.set_index(text("tl_col_complaint_id", lang))
    return page_table(shown, lang=lang, decimals=0)


def segment_col_note(customers: pd.DataFrame | None, segment_col: str, what: str, lang: str = "en") -> Markdown:
    """The note that the customers have no column ``segment_col`` (naming the parameter and the customers' text
    columns), or nothing when they have it with values.  ``what``: catalogue key of what is shown ungrouped."""
    if customers is not None and column_or_none(customers, segment_col):
        return Markdown("")
    columns = [] if customers is None else [
        str(c) for c in customers.columns
        if c != "customer_id" and (customers[c].dtype == object or str(customers[c].dtype) in ("string", "category"))]
    return Markdown(text("tl_segment_col_missing", lang, column=segment_col or "segment", what=text(what, lang),
                         columns=", ".join(f"`{c}`" for c in columns) or text("tl_no_text_columns", lang)))


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
    has_dates = ("acquisition_date" in data.customers and "churn_date" in data.customers
                 and data.observation_end is not None and not _has_columns(data, customer_columns=["acquisition_date"]))
    if not (has_tenure or has_dates):
        display(section_needs(text("tl_needs_exposure", lang),
                              f"crm-analysis import customers customers.csv --store {data.store_command} "
                              f"--customer-col CUSTOMER --tenure-col MONTHS", lang))
        return None
    group = column_or_none(data.customers, by) or column_or_none(data.complaints, by) if by else None
    if by and group is None and by == data.segment_col:
        display(segment_col_note(data.customers, by, "tl_segment_what_rates", lang))
    return complaint_rates(data.complaints, data.customers, by=group,
                           observation_end=data.observation_end if has_dates else None)


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
    if data.survey_state == "items":  # the survey is imported: name its satisfaction questions, do not import it
        example = ",".join(data.survey_columns[:3]) or "Q1,Q2,Q3"
        display(Markdown("\n\n".join([
            text("tl_items_missing", lang, items=", ".join(data.items)),
            f"```\ncrm-analysis run 15_teach_complaints --store {data.store_command} -p satisfaction_items "
            f"{example}\n```", text("tl_section_skipped", lang)])))
        return None
    if data.survey_state == "unlinked":
        display(section_needs(text("tl_survey_unlinked", lang),
                              f"crm-analysis import survey answers.csv --store {data.store_command} --customer-col "
                              f"CUSTOMER --scale 1 10", lang))
        return None
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
    table = page_table(shown, lang=lang, counts=[text("tl_customers", lang), text("tl_base", lang)],
                       percents=[text("tl_share", lang), text("tl_ci_lower", lang), text("tl_ci_upper", lang),
                                 text("tl_course_figure", lang)])
    from ..customer_base.complaints import funnel_unknown_sentence

    unknown = funnel_unknown_sentence(funnel, lang, key="tl_funnel_unknown")
    if unknown:
        table.note = (table.note + " " if table.note else "") + unknown
    return table


def funnel_reading(funnel, data: ComplaintData, lang: str = "en") -> Markdown:
    """What the funnel shows on these data, each sentence chosen by the numbers (the complained share against
    the course's 67 %, the resolved share, who stayed after a resolved vs an unresolved complaint); the demo's
    lesson only on the demo (synthetic) database."""
    if funnel is None:
        return Markdown("")
    c = funnel.iloc[1]
    fields = dict(share=percent(c["share"], 0), low=percent(c["ci_lower"], 0), high=percent(c["ci_upper"], 0),
                  n=count(c["base"]))
    parts = []
    if c["base"] and pd.notna(c["share"]):
        side = "below" if c["ci_upper"] < 0.67 else "above" if c["ci_lower"] > 0.67 else "covers"
        parts.append(text(f"tl_read_complained_{side}", lang, **fields))
    r = funnel.iloc[2]
    if r["base"] and pd.notna(r["share"]):
        parts.append(text("tl_read_resolved", lang, n=count(r["base"]), share=percent(r["share"], 0)))
    kept, lost = funnel.iloc[3], funnel.iloc[4]
    if kept["base"] and lost["base"] and pd.notna(kept["share"]) and pd.notna(lost["share"]):
        side = ("more" if kept["ci_lower"] > lost["ci_upper"] else "fewer" if kept["ci_upper"] < lost["ci_lower"]
                else "noise")
        shown = {name: text("tl_share_interval", lang, share=percent(row["share"], 0), low=percent(row["ci_lower"], 0),
                            high=percent(row["ci_upper"], 0)) for name, row in (("resolved", kept), ("unresolved", lost))}
        parts.append(text(f"tl_read_kept_{side}", lang, **shown))
    else:
        parts.append(text("tl_read_kept_unknown", lang))
    out = text("sentence_space", lang).join(parts)
    if data.demo:
        out += "\n\n" + text("tl_read_funnel_demo", lang)
    return Markdown(out)


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
                            n_bootstrap=n_bootstrap, observation_end=data.observation_end, random_state=random_state)


def recovery_reading(recovery, data: ComplaintData, lang: str = "en") -> Markdown:
    """C10 on these data in report 33's words (:func:`~crm_analysis.present.customer_base.recovery_sentence`:
    same engine call, same defaults, same sign and verdict); the demo's planted effect only on the demo."""
    from ..customer_base.complaints import recovery_sentence

    if recovery is None:
        return Markdown("")
    out = recovery_sentence(recovery, lang)
    if data.demo:
        out += "\n\n" + text("tl_read_recovery_demo", lang)
    return Markdown(out)


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
                                   observation_end=data.observation_end, random_state=random_state)


def before_churn_reading(result, lang: str = "en") -> Markdown:
    """C11 on these data in report 33's words (:func:`~crm_analysis.present.customer_base.before_churn_sentence`)."""
    from ..customer_base.complaints import before_churn_sentence

    return Markdown("" if result is None else before_churn_sentence(result, lang))


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
    interval covers it.  C10 and C11 carry the verdict report 33 states for the same test
    (:func:`~crm_analysis.present.customer_base.complaints.c10_verdict` / ``c11_verdict``: "holds here", "only in
    part", ...).  Synthetic data (the demo) only illustrate the method: the evidence column says so, whatever the
    interval.
    """
    from ...claims.verdict import NOT_TESTABLE, interval_verdict
    from ..customer_base.complaints import c10_verdict, c11_verdict

    fields = {"months": f"{recovery.horizon_months:g}" if recovery is not None else "12",
              "days": f"{before_churn.window_days:g}" if before_churn is not None else "90"}

    def row(claim_key, estimate, lo, hi, verdict, measure_key, verdict_key=None):
        return {text("tl_col_claim", lang): text(claim_key, lang),
                text("tl_col_measure", lang): text(measure_key, lang, **fields) if measure_key else "–",
                text("tl_estimate", lang): estimate, text("tl_ci_lower", lang): lo, text("tl_ci_upper", lang): hi,
                text("tl_col_verdict", lang): text(verdict_key or f"tl_verdict_{verdict.replace(' ', '_')}", lang)}

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
        rows.append(row("tl_claim_c10", d["estimate"], d["ci_lower"], d["ci_upper"], None, "tl_measure_c10",
                        verdict_key=f"tl_c10_verdict_{c10_verdict(recovery)}"))
    else:
        rows.append(row("tl_claim_c10", nan, nan, nan, NOT_TESTABLE, None))
    if before_churn is not None:
        g = before_churn.groups.loc["churners"]
        rows.append(row("tl_claim_c11", g["share"], g["ci_lower"], g["ci_upper"], None, "tl_measure_c11",
                        verdict_key=f"tl_c11_verdict_{c11_verdict(before_churn)}"))
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
