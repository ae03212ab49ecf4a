"""Report 33's early-warning section: the four warnings' counts, reasons, the list and its data needs."""
from __future__ import annotations

import pandas as pd

from ..catalogue import text
from ..format import MISSING, count, display_table, number
from .analysis import CustomerBaseReport
from .common import _LeftText, _failed, _list_note, _md, _pct, _segments, _what_values
from .needs import _COLUMN_FLAGS, _customer_columns_how, _needs_box

#: above this share of current customers warned, the page says the list is long and how to shorten it
BROAD_WARNING_SHARE = 0.5


# ====================================================================== early warnings
def _warning_name(key: str, lang: str) -> str:
    return text(f"early_warning_reason_{key}", lang)


def warning_table(warned: pd.DataFrame, context, lang: str = "en") -> pd.DataFrame:
    """Customers and value at stake per warning (and any warning), each with its base; "not checked" rows say
    which columns are missing (they never read as "nobody")."""
    from ...churn.early_warning import WARNINGS, warning_counts

    counts_ = warning_counts(warned)
    unit = context.unit(lang)
    rows = []
    for key in (*WARNINGS, "any"):
        where = ("any", "any") if key == "any" else ("warning", key)
        row = counts_.loc[where]
        name = text("early_warning_row_any", lang) if key == "any" else _warning_name(key, lang)
        if not bool(row["checked"]):
            missing = warned.attrs.get("not_checked", {}).get(key, {}).get("missing", ())
            rows.append((name, text("r33_not_checked", lang, columns=", ".join(missing)), MISSING, MISSING, MISSING))
            continue
        rows.append((name, count(row["customers"]), _pct(row["customer_share"]),
                     context.money(row["value_at_stake"], lang), _pct(row["value_share"])))
    return pd.DataFrame(rows, columns=[text("early_warning_col_warning", lang),
                                       text("early_warning_col_customers", lang),
                                       text("r33_col_of_current", lang, n=count(warned.attrs.get("n_customers", 0))),
                                       text("early_warning_col_value_at_stake", lang, currency=unit),
                                       text("early_warning_col_value_share", lang)]
                        ).set_index(text("early_warning_col_warning", lang))


def _reason_details(row: pd.Series, attrs: dict, context, lang: str) -> str:
    thresholds = attrs.get("thresholds", {})
    cur = context.currency.code if lang == "en" else context.unit(lang)

    def m(x):
        return number(x, 0)

    parts = []
    for key in row["reasons"]:
        if key == "stopped_ordering":
            p = _pct(row["p_alive"], 0)
            threshold = _pct(thresholds.get("min_p_alive", 0.5), 0)
            weeks = row.get("weeks_since_last_order")
            if weeks is None or pd.isna(weeks):
                parts.append(text("early_warning_detail_stopped_ordering_never", lang, p=p, threshold=threshold))
            else:
                parts.append(text("early_warning_detail_stopped_ordering", lang, weeks=count(weeks), p=p,
                                  threshold=threshold))
        elif key == "behind_plan":
            parts.append(text("early_warning_detail_behind_plan", lang, currency=cur, revenue=m(row["recent_revenue"]),
                              months=number(row["plan_months"], 0 if float(row["plan_months"]).is_integer() else 1),
                              plan=m(row["planned_revenue"])))
        elif key == "over_credit":
            parts.append(text("early_warning_detail_over_credit", lang, currency=cur, balance=m(row["balance"]),
                              limit=m(row["credit_limit"]), gap=m(row["credit_gap"])))
        elif key == "over_budget":
            months = thresholds.get("budget_window_months", 3)
            parts.append(text("early_warning_detail_over_budget", lang, currency=cur, cost=m(row["recent_cost"]),
                              orders=count(row["recent_orders"]), months=count(months), budget=m(row["budget"])))
    return text("early_warning_reason_join", lang).join(parts)


def warning_list(warned: pd.DataFrame, customers: pd.DataFrame | None, context, lang: str = "en", *,
                 top: int | None = None, for_page: bool = False) -> pd.DataFrame:
    """The early-warning list (most valuable first): customer id (text), segment, value, warnings and reasons.

    ``for_page=True`` formats the cells (money in the currency) and keeps the first ``top`` rows; the
    export keeps numbers as numbers and every row.
    """
    rows = warned if top is None else warned.head(top)
    unit = context.unit(lang)
    frame = pd.DataFrame(index=pd.Index([str(i) for i in rows.index], name=text("early_warning_col_customer", lang)))
    if customers is not None and "segment" in customers.columns:
        frame[text("r33_col_segment", lang)] = _segments(customers, frame.index, lang)
    frame[text("early_warning_col_value", lang, currency=unit)] = rows["value"].round(2).to_numpy()
    frame[text("early_warning_col_n_warnings", lang)] = rows["n_warnings"].astype(int).to_numpy()
    frame[text("early_warning_col_reasons", lang)] = [_reason_details(r, warned.attrs, context, lang)
                                                      for _, r in rows.iterrows()]
    if not for_page:  # the files: one yes/no column per checked warning, for filtering in Excel
        from ...churn.early_warning import WARNINGS

        for key in WARNINGS:
            if key in warned.attrs.get("checked", WARNINGS) and key in rows.columns:
                frame[_warning_name(key, lang)] = rows[key].astype(bool).to_numpy()
        return frame
    return display_table(frame, lang, money_columns=[text("early_warning_col_value", lang, currency=unit)],
                         currency_code=context.currency.code, money_digits=0,
                         counts=[text("early_warning_col_n_warnings", lang)])


def _warning_finding(report, context, lang: str) -> str:
    from ...churn.early_warning import warning_counts

    warned = report.warnings
    counts_ = warning_counts(warned)
    anyone = counts_.loc[("any", "any")]
    checked = [k for k in warned.attrs.get("checked", ()) if (("warning", k) in counts_.index)]
    common = max(checked, key=lambda k: counts_.loc[("warning", k), "customers"]) if checked else None
    if not anyone["customers"]:
        line = text("r33_find_warnings_none", lang, base=count(warned.attrs.get("n_customers", 0)))
    else:
        line = text("r33_find_warnings", lang, n=count(anyone["customers"]),
                    base=count(warned.attrs.get("n_customers", 0)),
                    share=_pct(anyone["customer_share"]), value=context.money(anyone["value_at_stake"], lang),
                    value_share=_pct(anyone["value_share"]))
    if common is not None and counts_.loc[("warning", common), "customers"] > 0:
        line += text("sentence_space", lang) + text("r33_find_warnings_common", lang,
                                                     warning=_warning_name(common, lang),
                                                     n=count(counts_.loc[("warning", common), "customers"]))
    not_checked = list(warned.attrs.get("not_checked", {}))
    if not_checked:
        line += text("sentence_space", lang) + text(
            "r33_find_warnings_not_checked", lang,
            warnings=text("sep_enum", lang).join(_warning_name(k, lang) for k in not_checked))
    return line


def warning_needs(warned: pd.DataFrame, lang: str = "en") -> list:
    """One needs-data box for the warnings that were not checked: which warning needs which customer columns,
    and one import command for all of them (empty list when every warning was checked)."""
    gaps = [(key, [c for c in gap.get("missing", ()) if c in _COLUMN_FLAGS])
            for key, gap in warned.attrs.get("not_checked", {}).items()]
    gaps = [(key, missing) for key, missing in gaps if missing]
    if not gaps:
        return []
    listed = text("sep_semicolon", lang).join(
        text("r33_warning_needs_item", lang, warning=_warning_name(key, lang), columns=", ".join(missing))
        for key, missing in gaps)
    columns = list(dict.fromkeys(c for _, missing in gaps for c in missing))
    intro = text("r33_needs_warnings", lang, items=listed)
    return [_needs_box(intro, _customer_columns_how(columns), lang)]


def report_warnings(report: CustomerBaseReport, context, lang: str = "en", *, top_n: int = 15):
    """The four warnings: counts with their base, the not-checked warnings' data needs, the list (first
    ``top_n`` on the page, every row in the CSV/Excel files)."""
    from IPython.display import display

    from ..exports import export_list

    warned = report.warnings
    if warned is None:
        display(_failed(report, "warnings", lang))
        return
    s = report.settings
    display(_md(text("r33_warnings_rules", lang, date=report.report_date.date().isoformat(),
                     p=_pct(s["min_p_alive"], 0), months=count(s["warning_months"]), share=_pct(s["plan_share"], 0),
                     base=count(warned.attrs.get("n_customers", 0)))
                + text("sentence_space", lang) + _value_source(report, warned, lang)))
    display(warning_table(warned, context, lang))
    broad = broad_warning_note(warned, lang)
    if broad:
        display(_md(broad))
    for box in warning_needs(warned, lang):
        display(box)
    if len(warned) == 0:
        display(_md(text("r33_list_empty", lang)))
        return
    display(_LeftText(warning_list(warned, report.data.customers, context, lang, top=top_n, for_page=True),
                      [text("early_warning_col_reasons", lang), text("r33_col_segment", lang)]))
    display(_md(_list_note(len(warned), top_n, lang)))
    display(export_list(warning_list(warned, report.data.customers, context, lang), "early_warnings", lang,
                        title=text("r33_list_warnings", lang)))


def broad_warning_note(warned: pd.DataFrame, lang: str = "en") -> str:
    """When more than :data:`BROAD_WARNING_SHARE` of the current customers are warned: the list is long, start at
    the top or tighten the thresholds, naming the warning that fires most (``""`` otherwise)."""
    from ...churn.early_warning import warning_counts

    counts_ = warning_counts(warned)
    share = counts_.loc[("any", "any"), "customer_share"]
    if pd.isna(share) or share <= BROAD_WARNING_SHARE:
        return ""
    rows = counts_.loc["warning"]
    rows = rows[rows["checked"].astype(bool)]
    top = rows["customers"].astype(float).idxmax()
    return text("r33_warnings_broad", lang, share=_pct(share, 0), warning=_warning_name(top, lang),
                top_share=_pct(rows.loc[top, "customer_share"], 0))


def _value_source(report, warned, lang: str) -> str:
    if warned.attrs.get("value_source") == "given" and report.value_source == "clv":
        return text("r33_value_is_clv", lang, h=report.settings["horizon_months"]) + text(
            "sentence_space", lang) + _what_values(report, lang)
    return _what_values(report, lang)
