"""Report 33 at a glance: the KPI rows, the findings, what the report reads, and the period KPI table."""
from __future__ import annotations

import pandas as pd

from ..catalogue import check_language, text
from ..format import MISSING, count, display_table
from .analysis import CustomerBaseReport
from .cohorts import bridge_sentence, cohort_sentence
from .common import _PER_YEAR, _focus, _kpi_frame, _md, _pct, _what_values, period_label, window_words
from .early_warnings import _warning_finding
from .satisfaction import _matrix_finding

# ====================================================================== at a glance
def _known_int(value) -> int:
    """A count of the KPI table as int; 0 when not known (NaN: before the data's history)."""
    return 0 if pd.isna(value) else int(value)


def glance_kpis(kpis: pd.DataFrame, context, lang: str = "en", *, equity_customers: int | None = None,
                horizon_months: int = 12) -> dict:
    """Catalogue label -> value of the KPI table (for :func:`crm_analysis.present.kpi_table`), each with its base.

    The period is the last complete one of ``kpis`` (:func:`~crm_analysis.value.cohorts.period_kpis`); the
    label keys carry their fields, so the result maps *shown labels* to shown values.
    """
    check_language(lang)
    i = _focus(kpis)
    row, unit = kpis.iloc[i], kpis.attrs.get("period", "Q")
    p = period_label(kpis.index[i], lang)
    w = window_words(int(kpis.attrs.get("active_window", _PER_YEAR[unit])), unit, lang)
    w_a = window_words(int(kpis.attrs.get("active_window", _PER_YEAR[unit])), unit, lang, article=True)
    before = _known_int(kpis["active"].iloc[i - 1]) if i > 0 and pd.notna(row["retained"]) else 0
    prev = period_label(kpis.index[i - 1], lang) if i > 0 else MISSING
    # customers acquired so far: with the customer table, also those acquired before the data start
    acquired = int(kpis["new"].iloc[:i + 1].sum()) + int(kpis.attrs.get("acquired_before_data") or 0)
    buyers = int(row["buyers"])
    repeat_n = int(round(float(row["repeat_rate"]) * buyers)) if buyers and pd.notna(row["repeat_rate"]) else None
    out = {text("r33_kpi_active", lang, period=p, window=w):
           text("r33_n_of_acquired", lang, n=count(row["active"]), base=count(acquired)),
           text("r33_kpi_new_acquired" if kpis.attrs.get("acquired_before_data") is not None else "r33_kpi_new",
                lang, period=p): count(row["new"])}
    if before:  # the first period has no previous one to be retained from or lost out of
        out[text("r33_kpi_retained", lang, period=p, previous=prev)] = text(
            "r33_n_of_active", lang, n=count(row["retained"]), base=count(before), share=_pct(row["retained"] / before))
        out[text("r33_kpi_lost_closed" if kpis.attrs.get("customers") else "r33_kpi_lost", lang, period=p,
                 window=w)] = text(
            "r33_n_of_active", lang, n=count(row["lost"]), base=count(before), share=_pct(row["lost"] / before))
        out[text("r33_kpi_returned", lang, period=p, window=w_a)] = count(row["returned"])
    out[text("r33_kpi_repeat", lang, period=p)] = text("r33_share_of_buyers", lang, share=_pct(row["repeat_rate"]),
                                                         n=count(repeat_n), base=count(buyers))
    out[text("r33_kpi_revenue", lang, period=p, currency=context.unit(lang))] = text(
        "r33_money_from_buyers", lang, amount=context.money(row["revenue"], lang), base=count(buyers))
    if "customer_equity" in kpis.columns and pd.notna(kpis["customer_equity"].iloc[-1]):
        last = kpis.iloc[-1]
        day = pd.Timestamp(last["period_end"]).date().isoformat()
        out[text("r33_kpi_equity", lang, date=day, h=horizon_months, currency=context.unit(lang))] = text(
            "r33_money_customers", lang, amount=context.money(last["customer_equity"], lang),
            base=count(equity_customers) if equity_customers is not None else MISSING)
    return out


def glance_findings(report: CustomerBaseReport, context, lang: str = "en") -> str:
    """The report's conclusions as Markdown bullets, every number with its base."""
    check_language(lang)
    kpis = report.kpis
    i = _focus(kpis)
    row, unit = kpis.iloc[i], kpis.attrs.get("period", "Q")
    p = period_label(kpis.index[i], lang)
    w = window_words(int(kpis.attrs.get("active_window", _PER_YEAR[unit])), unit, lang)
    lines = []
    year_ago = i - _PER_YEAR[unit]
    if year_ago >= 0 and _known_int(kpis["active"].iloc[year_ago]) > 0:
        then = int(kpis["active"].iloc[year_ago])
        change = row["active"] / then - 1
        lines.append(text("r33_find_active_change", lang, period=p, n=count(row["active"]), window=w,
                          change=_signed_pct(change, lang), then=count(then),
                          previous=period_label(kpis.index[year_ago], lang)))
    else:
        lines.append(text("r33_find_active", lang, period=p, n=count(row["active"]), window=w))
    before = _known_int(kpis["active"].iloc[i - 1]) if i > 0 and pd.notna(row["retained"]) else 0
    if before:
        lines.append(text("r33_find_flow", lang, period=p, new=count(row["new"]), lost=count(row["lost"]),
                          retained=count(row["retained"]), base=count(before),
                          previous=period_label(kpis.index[i - 1], lang), share=_pct(row["retained"] / before)))
    if report.bridge is not None:
        lines.append(bridge_sentence(report.bridge, context, lang))
    sentence = cohort_sentence(report.cohorts, lang)
    if sentence:
        lines.append(sentence)
    if report.warnings is not None:
        lines.append(_warning_finding(report, context, lang))
    if report.matrix is not None:
        lines.append(_matrix_finding(report, context, lang))
    if "rates" in report.complaints:
        rates = report.complaints["rates"].iloc[0]
        lines.append(text("r33_find_complaints", lang, n=count(rates["complaints"]),
                          complainers=count(rates["complainers"]), base=count(rates["customers"]),
                          share=_pct(rates["complainer_share"])))
    return "\n".join(f"- {line}" for line in lines)


def _signed_pct(share: float, lang: str) -> str:
    key = "r33_up" if share >= 0 else "r33_down"
    return text(key, lang, share=_pct(abs(share)))


def data_sentence(report: CustomerBaseReport, lang: str = "en") -> str:
    """What the report reads (tables, counts, report date), what it leaves out, and what the values are."""
    from ..page import exclusion_sentence

    data = report.data
    tx = data.transactions
    parts = [text("r33_data_tx", lang, n=count(len(tx)), customers=count(tx["customer_id"].nunique()),
                  date=data.report_date.date().isoformat())]
    tables = []
    if data.customers is not None:
        tables.append(text("r33_data_customers", lang, n=count(len(data.customers))))
    if data.survey is not None:
        tables.append(text("r33_data_survey", lang, n=count(len(data.survey)),
                           customers=count(data.survey["customer_id"].nunique())))
    if data.complaints is not None:
        tables.append(text("r33_data_complaints", lang, n=count(len(data.complaints))))
    if tables:
        parts.append(text("r33_data_tables", lang, tables=text("sep_enum", lang).join(tables)))
    else:
        parts.append(text("r33_data_no_tables", lang))
    left_out = exclusion_sentence([
        (data.n_returns, text("r33_excl_returns_what", lang), text("r33_excl_returns_why", lang)),
        (data.n_after_report_date, text("r33_excl_late_what", lang), text("r33_excl_late_why", lang)),
        (data.n_unlinked_answers, text("r33_excl_unlinked_what", lang), text("r33_excl_unlinked_why", lang)),
    ], lang)
    if left_out:
        parts.append(left_out)
    parts.append(_what_values(report, lang))
    return text("sentence_space", lang).join(parts)


# ====================================================================== period KPIs
def period_table(kpis: pd.DataFrame, context, lang: str = "en") -> pd.DataFrame:
    """The period KPIs for the page: one row per period (newest first), counts, rates in %, money in the currency.

    A last period cut by the report date says so in its name ("2025 Q4 (to 2025-11-15)").
    """
    check_language(lang)
    unit = context.unit(lang)
    names = []
    for p, row in kpis.iterrows():
        label = period_label(p, lang)
        if not row["complete"]:
            label = text("r33_period_partial", lang, period=label,
                         date=pd.Timestamp(row["period_end"]).date().isoformat())
        names.append(label)
    frame = pd.DataFrame({
        text("r33_col_buyers", lang): kpis["buyers"].to_numpy(),
        text("r33_col_new", lang): kpis["new"].to_numpy(),
        text("r33_col_active", lang): kpis["active"].to_numpy(),
        text("r33_col_retained", lang): kpis["retained"].to_numpy(),
        text("r33_col_returned", lang): kpis["returned"].to_numpy(),
        text("r33_col_lost", lang): kpis["lost"].to_numpy(),
        text("r33_col_retention_rate", lang): kpis["retention_rate"].to_numpy(),
        text("r33_col_repeat_rate", lang): kpis["repeat_rate"].to_numpy(),
        text("r33_col_revenue", lang, currency=unit): kpis["revenue"].to_numpy(),
    }, index=pd.Index(names, name=text("r33_col_period", lang)))
    money = [text("r33_col_revenue", lang, currency=unit)]
    if "customer_equity" in kpis.columns:
        frame[text("r33_col_equity", lang, currency=unit)] = kpis["customer_equity"].to_numpy()
        money.append(text("r33_col_equity", lang, currency=unit))
    counts_ = [text(f"r33_col_{c}", lang) for c in ("buyers", "new", "active", "retained", "returned", "lost")]
    shown = display_table(frame, lang, money_columns=money, currency_code=context.currency.code, money_digits=0,
                          counts=counts_, percents=[text("r33_col_retention_rate", lang),
                                                    text("r33_col_repeat_rate", lang)])
    return shown.iloc[::-1]


def history_notes(kpis: pd.DataFrame, lang: str = "en") -> list:
    """Notes under the period table: how the customer table was used, and why early periods show –."""
    notes = []
    if kpis.attrs.get("customers"):
        notes.append(text("r33_periods_customers", lang, n=count(kpis.attrs.get("n_closed", 0)),
                          date=kpis.attrs.get("observation_end")))
    missing = kpis.index[~kpis["history_complete"].to_numpy(bool)] if "history_complete" in kpis.columns else []
    if len(missing):
        first, last = period_label(missing[0], lang), period_label(missing[-1], lang)
        periods = first if len(missing) == 1 else text("r33_periods_range", lang, first=first, last=last)
        notes.append(text("r33_periods_history", lang, periods=periods, date=kpis.attrs.get("data_start"),
                          n=count(kpis.attrs.get("acquired_before_data") or 0)))
    return notes


def report_kpis(report: CustomerBaseReport, context, lang: str = "en"):
    """The at-a-glance KPI table (the last complete period, every value with its base)."""
    values = glance_kpis(report.kpis, context, lang,
                         equity_customers=None if report.values is None else int((report.values != 0).sum())
                         if report.kpis.attrs.get("customers") else len(report.values),
                         horizon_months=report.settings["horizon_months"])
    return _kpi_frame(values, lang)


def report_findings(report: CustomerBaseReport, context, lang: str = "en"):
    """The findings bullets and, under them, what the report reads and leaves out."""
    from IPython.display import display

    display(_md(glance_findings(report, context, lang)))
    display(_md(data_sentence(report, lang)))


def report_periods(report: CustomerBaseReport, context, lang: str = "en"):
    """The period KPI table (newest first) and the customers-per-period figure."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    from ...value.cohorts import plot_period_kpis
    from ..figures import localize

    kpis = report.kpis
    display(period_table(kpis, context, lang))
    notes = [text("r33_periods_note", lang, window=window_words(int(kpis.attrs["active_window"]),
                                                                kpis.attrs["period"], lang))]
    notes += history_notes(kpis, lang)
    if kpis.attrs.get("equity_not_valued"):
        n = int(report.settings["equity_periods"])
        notes.append(text("r33_equity_not_valued", lang, last=text("r33_last_period", lang) if n == 1 else
                          text("r33_last_n_periods", lang, n=count(n))))
    if kpis.attrs.get("equity_failed"):
        notes.append(text("r33_equity_missing", lang))
    display(_md(text("sentence_space", lang).join(notes)))
    fig, ax = plt.subplots(figsize=(10, 4.5), constrained_layout=True)
    plot_period_kpis(kpis, ax=ax)
    localize(fig, lang)
    return ax
