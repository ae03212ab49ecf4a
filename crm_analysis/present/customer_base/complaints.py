"""Report 33's complaints section: KPIs, resolution times, the funnel, service recovery (C10) and
complaining before leaving (C11)."""
from __future__ import annotations

import pandas as pd

from ..catalogue import has_text, text
from ..format import MISSING, count, number
from .analysis import CustomerBaseReport
from .common import _failed, _kpi_frame, _md, _pct
from .needs import section_needs

# ====================================================================== complaints
def complaint_kpis(report: CustomerBaseReport, lang: str = "en") -> dict:
    """Shown label -> value of the complaint KPIs (rate, complainers, resolved share, resolution days)."""
    out = {}
    data = report.data
    rates = report.complaints.get("rates")
    times = report.complaints.get("times")
    out[text("r33_kpi_complaints", lang)] = text("r33_n_from", lang, n=count(len(data.complaints)),
                                                 base=count(data.complaints["customer_id"].nunique()))
    if rates is not None:
        r = rates.iloc[0]
        out[text("r33_kpi_complainers", lang)] = text("r33_n_of_customers", lang, n=count(r["complainers"]),
                                                      base=count(r["customers"]), share=_pct(r["complainer_share"]))
        out[text("r33_kpi_per_100", lang)] = text("r33_rate_interval", lang, rate=number(r["complaints_per_100"], 1),
                                                  low=number(r["per_100_lower"], 1), high=number(r["per_100_upper"], 1))
        out[text("r33_kpi_per_year", lang)] = text("r33_rate_interval", lang, rate=number(r["per_customer_year"], 2),
                                                   low=number(r["per_year_lower"], 2),
                                                   high=number(r["per_year_upper"], 2))
    if times is not None:
        t = times.iloc[0]
        out[text("r33_kpi_resolved", lang)] = text("r33_n_of_known", lang, share=_pct(t["resolved_share"]),
                                                   n=count(t["resolved"]), base=count(t["known_outcome"]))
        if pd.notna(t["median_days"]):
            out[text("r33_kpi_days", lang)] = text("r33_days_median_p90", lang, median=number(t["median_days"], 0),
                                                   p90=number(t["p90_days"], 0))
    return out


_FUNNEL_KEYS = {"dissatisfied customers": "r33_funnel_dissatisfied", "complained": "r33_funnel_complained",
                "complaint resolved": "r33_funnel_resolved", "stayed": "r33_funnel_stayed",
                "stayed after an unresolved complaint": "r33_funnel_stayed_unresolved",
                "stayed without complaining": "r33_funnel_stayed_silent"}


def funnel_table(funnel: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The complaint funnel for the page: step, customers of its base, share with interval, the course's claim."""
    rows = []
    for step, row in funnel.iterrows():
        name = text(_FUNNEL_KEYS[step], lang) if step in _FUNNEL_KEYS else str(step)
        share = (text("r33_share_interval", lang, share=_pct(row["share"], 0), low=_pct(row["ci_lower"], 0),
                      high=_pct(row["ci_upper"], 0)) if pd.notna(row["share"]) else MISSING)
        rows.append((name, text("r33_n_of", lang, n=count(row["customers"]), base=count(row["base"])), share,
                     _pct(row["claim"], 0) if pd.notna(row["claim"]) else MISSING))
    return pd.DataFrame(rows, columns=[text("r33_col_step", lang), text("r33_col_customers_of_base", lang),
                                       text("r33_col_share_ci", lang), text("r33_col_claim", lang)]
                        ).set_index(text("r33_col_step", lang))


def resolution_table(times: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Resolution by category: complaints, resolved share (of known outcomes), median and 90th-percentile days,
    share resolved within 7 and 30 days."""
    rows = []
    for group, row in times.iterrows():
        name = text("r33_all_complaints", lang) if group == "all complaints" else _category(group, lang)
        rows.append((name, count(row["complaints"]),
                     text("r33_n_of_known_short", lang, share=_pct(row["resolved_share"], 0),
                          base=count(row["known_outcome"])),
                     number(row["median_days"], 0), number(row["p90_days"], 0),
                     _pct(row.get("within_7_days"), 0), _pct(row.get("within_30_days"), 0)))
    return pd.DataFrame(rows, columns=[text("r33_col_category", lang), text("r33_col_complaints", lang),
                                       text("r33_col_resolved", lang), text("r33_col_median_days", lang),
                                       text("r33_col_p90_days", lang), text("r33_col_within_7", lang),
                                       text("r33_col_within_30", lang)]).set_index(text("r33_col_category", lang))


def _category(value, lang: str) -> str:
    key = f"r33_category_{value}"
    return text(key, lang) if has_text(key) else str(value)


def recovery_sentence(recovery, lang: str = "en") -> str:
    """C10 in plain words: retention a horizon after a resolved / unresolved first complaint vs no complaint."""
    r, d = recovery.retention, recovery.differences
    h = number(recovery.horizon_months, 0)

    follow = getattr(recovery, "follow", None)

    def kept(group):
        row = r.loc[group]
        if pd.isna(row["retained"]):
            return text("r33_not_followed", lang, n=count(row["customers"]))
        fields = dict(share=_pct(row["retained"], 0), low=_pct(row["ci_lower"], 0), high=_pct(row["ci_upper"], 0),
                      n=count(row["customers"]))
        if group == "no complaint" and follow is not None and "group" in follow.columns:
            distinct = int(follow.index[(follow["group"] == group).to_numpy()].nunique())
            if distinct != int(row["customers"]):  # comparison customers drawn for several complainers
                return text("r33_kept_interval_draws", lang, k=count(distinct), **fields)
        return text("r33_kept_interval", lang, **fields)

    grace = count(r.attrs.get("grace_days", 30))
    head = text("r33_c10_head", lang, h=h, grace=grace, resolved=kept("complaint resolved"),
                unresolved=kept("complaint unresolved"), none=kept("no complaint"))
    diff = d.iloc[0]  # resolved - no complaint
    key = c10_verdict(recovery)
    if key == "unknown":
        verdict = text("r33_c10_unknown", lang)
    elif key == "opposite":  # stated as a positive gap: "stay less ... by 11.8 points"
        verdict = text("r33_c10_opposite", lang, diff=_pp(-diff["estimate"]), low=_pp(-diff["ci_upper"]),
                       high=_pp(-diff["ci_lower"]))
    else:
        verdict = text(f"r33_c10_{key}", lang, diff=_pp(diff["estimate"]), low=_pp(diff["ci_lower"]),
                       high=_pp(diff["ci_upper"]))
    unresolved = d.iloc[1] if len(d) > 1 else None
    tail = ""
    if unresolved is not None and pd.notna(unresolved["estimate"]) and unresolved["ci_lower"] > 0:
        tail = text("sentence_space", lang) + text("r33_c10_resolve_pays", lang, diff=_pp(unresolved["estimate"]))
    return head + text("sentence_space", lang) + verdict + tail


def _pp(x) -> str:
    return number(100 * float(x), 1)


def before_churn_sentence(result, lang: str = "en") -> str:
    """C11 in plain words: the share of leavers who complained in their last window, against stayers."""
    g, d = result.groups, result.difference
    window = count(result.window_days)

    def part(name):
        row = g.loc[name]
        return text("r33_c11_part", lang, n=count(row["complained"]), base=count(row["customers"]),
                    share=_pct(row["share"], 0), low=_pct(row["ci_lower"], 0), high=_pct(row["ci_upper"], 0))

    head = text("r33_c11_head", lang, days=window, churners=part("churners"), stayers=part("stayers"))
    key = c11_verdict(result)
    if key == "unknown":
        return head
    return head + text("sentence_space", lang) + text(f"r33_c11_{key}", lang)


def c10_verdict(recovery) -> str:
    """The verdict on C10 that reports 15 and 33 both state, from :func:`~crm_analysis.satisfaction.service_recovery`'s
    difference *resolved − no complaint* (retained at the horizon) and its bootstrap interval.

    ``"supported"`` (interval above 0: the paradox), ``"opposite"`` (below 0: resolved complainers stay less),
    ``"noise"`` (the interval covers 0) or ``"unknown"`` (no estimate: too few followed that long).
    """
    diff = recovery.differences.iloc[0]
    if pd.isna(diff["estimate"]) or pd.isna(diff["ci_lower"]) or pd.isna(diff["ci_upper"]):
        return "unknown"
    if diff["ci_lower"] > 0:
        return "supported"
    if diff["ci_upper"] < 0:
        return "opposite"
    return "noise"


def c11_verdict(result) -> str:
    """The verdict on C11 that reports 15 and 33 both state, from
    :func:`~crm_analysis.satisfaction.complaints_before_churn`: "most" = the churners' Wilson interval above one
    half, "more" = the interval of churners − stayers above 0.

    ``"supported"`` (most and more), ``"more_maybe_most"`` (more; the interval of the share covers one half),
    ``"more_not_most"`` (more, but the share lies below one half), ``"most_not_more"`` (most, but not more than the
    stayers), ``"not_most"`` (the share lies below one half, not more), ``"noise"`` or ``"unknown"`` (no churners).
    """
    g, d = result.groups, result.difference
    churners = g.loc["churners"]
    if churners["customers"] == 0 or pd.isna(churners["share"]):
        return "unknown"
    most = churners["ci_lower"] > 0.5
    above = pd.notna(d.get("ci_lower")) and d["ci_lower"] > 0
    if most and above:
        return "supported"
    if above and churners["ci_upper"] >= 0.5:
        return "more_maybe_most"
    if above:
        return "more_not_most"
    if most:
        return "most_not_more"
    if churners["ci_upper"] < 0.5:
        return "not_most"
    return "noise"


def funnel_unknown_sentence(funnel: pd.DataFrame, lang: str = "en", *, key: str = "r33_funnel_unknown") -> str:
    """"3 of the 24 dissatisfied complainers are left out of the resolved step ...": why the base of the resolved
    step is smaller than the complainers (``attrs["n_unknown_resolution"]`` of the funnel); "" when none is."""
    n = int(funnel.attrs.get("n_unknown_resolution", 0) or 0)
    if not n:
        return ""
    return text(key, lang, n=count(n), complained=count(int(funnel["customers"].iloc[1])))


def _recovery_figure(recovery, lang: str):
    """The three retention curves of C10 as a finished figure (closed, so it shows once, where it is displayed)."""
    import matplotlib.pyplot as plt

    from ...satisfaction.complaints import plot_service_recovery
    from ..figures import localize

    fig, ax = plt.subplots(figsize=(9, 4.5), constrained_layout=True)
    plot_service_recovery(recovery, ax=ax)
    localize(fig, lang)
    plt.close(fig)
    return fig


def report_complaints(report: CustomerBaseReport, context, lang: str = "en"):
    """Complaint KPIs, resolution times, the funnel, C10 and C11 in plain words; or the data they need."""
    from IPython.display import display

    if "complaints" in report.needs:
        display(section_needs(report.needs["complaints"], lang))
        return
    display(_kpi_frame(complaint_kpis(report, lang), lang))
    if report.complaints_unlabelled:
        display(_md(text("r33_complaints_unlabelled", lang, n=count(report.complaints_unlabelled))))
    parts = report.needs.get("complaints_parts", {})
    if "rates" in parts:
        display(section_needs(parts["rates"], lang))
    for key in ("times", "rates"):
        if f"complaints_{key}" in report.failed:
            display(_failed(report, f"complaints_{key}", lang))
    times = report.complaints.get("times")
    if times is not None:
        display(_md(f"#### {text('r33_h_resolution', lang)}"))
        display(resolution_table(times, lang))
    display(_md(f"#### {text('r33_h_funnel', lang)}"))
    if "funnel" in report.complaints:
        funnel = report.complaints["funnel"]
        display(_md(text("r33_funnel_intro", lang, threshold=number(funnel.attrs["dissatisfied_below"], 0),
                         n=count(funnel.attrs["n_surveyed"]))))
        display(funnel_table(funnel, lang))
        if funnel_unknown_sentence(funnel, lang):
            display(_md(funnel_unknown_sentence(funnel, lang)))
    elif "funnel" in parts:
        # the survey is linked but lacks the satisfaction items: say which parameter names them, not "import"
        items_need = report.needs.get("satisfaction")
        if parts["funnel"].what == "r33_needs_survey" and getattr(items_need, "what", "") == "r33_needs_items":
            display(section_needs(items_need, lang))
        else:
            display(section_needs(parts["funnel"], lang))
    elif "complaints_funnel" in report.failed:
        display(_failed(report, "complaints_funnel", lang))
    display(_md(f"#### {text('r33_h_recovery', lang)}"))
    if "recovery" in report.complaints:
        display(_md(recovery_sentence(report.complaints["recovery"], lang)))
        display(_recovery_figure(report.complaints["recovery"], lang))
    elif "recovery" in parts:
        display(section_needs(parts["recovery"], lang))
    elif "complaints_recovery" in report.failed:
        display(_failed(report, "complaints_recovery", lang))
    display(_md(f"#### {text('r33_h_before_churn', lang)}"))
    if "before_churn" in report.complaints:
        display(_md(before_churn_sentence(report.complaints["before_churn"], lang)))
    elif "before_churn" in parts:
        display(section_needs(parts["before_churn"], lang))
    elif "complaints_before_churn" in report.failed:
        display(_failed(report, "complaints_before_churn", lang))
