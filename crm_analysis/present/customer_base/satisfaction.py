"""Report 33's satisfaction x value section: the matrix, the valuable-and-dissatisfied list, the scatter."""
from __future__ import annotations

import pandas as pd

from ..catalogue import text
from ..format import count, display_table, number
from .analysis import CustomerBaseReport
from .common import _LeftText, _failed, _list_note, _md, _pct, _segments, _what_values
from .needs import section_needs

# ====================================================================== satisfaction x value
_QUADRANT_KEYS = {"valuable and dissatisfied": "r33_quadrant_valuable_dissatisfied",
                  "valuable and satisfied": "r33_quadrant_valuable_satisfied",
                  "other and dissatisfied": "r33_quadrant_other_dissatisfied",
                  "other and satisfied": "r33_quadrant_other_satisfied"}


def matrix_table(matrix, context, lang: str = "en") -> pd.DataFrame:
    """The satisfaction x value matrix for the page: quadrant (valuable-and-dissatisfied first), customers and
    their share of the surveyed customers, value and its share, mean satisfaction (0-100)."""
    summary = matrix.summary
    unit = context.unit(lang)
    n = int(summary["customers"].sum())
    frame = pd.DataFrame({
        text("r33_col_customers", lang): summary["customers"].to_numpy(),
        text("r33_col_of_surveyed", lang, n=count(n)): summary["customer_share"].astype(float).to_numpy(),
        text("r33_col_value", lang, currency=unit): summary["total_value"].astype(float).to_numpy(),
        text("r33_col_value_share", lang): summary["value_share"].astype(float).to_numpy(),
        text("r33_col_mean_satisfaction", lang): summary["mean_satisfaction"].astype(float).to_numpy(),
    }, index=pd.Index([text(_QUADRANT_KEYS[q], lang) for q in summary.index], name=text("r33_col_group", lang)))
    return display_table(frame, lang, money_columns=[text("r33_col_value", lang, currency=unit)],
                         currency_code=context.currency.code, money_digits=0,
                         counts=[text("r33_col_customers", lang)],
                         percents=[text("r33_col_of_surveyed", lang, n=count(n)), text("r33_col_value_share", lang)],
                         decimals=1)


def dissatisfied_list(matrix, customers: pd.DataFrame | None, context, lang: str = "en", *,
                      top: int | None = None, for_page: bool = False) -> pd.DataFrame:
    """The valuable-and-dissatisfied customers, most valuable first: id (text), segment, satisfaction, value."""
    table = matrix.customers
    rows = table[table["quadrant"] == "valuable and dissatisfied"]
    if top is not None:
        rows = rows.head(top)
    unit = context.unit(lang)
    frame = pd.DataFrame(index=pd.Index([str(i) for i in rows.index], name=text("early_warning_col_customer", lang)))
    if customers is not None and "segment" in customers.columns:
        frame[text("r33_col_segment", lang)] = _segments(customers, frame.index, lang)
    frame[text("r33_col_satisfaction", lang)] = rows["satisfaction"].round(1).to_numpy()
    frame[text("r33_col_value", lang, currency=unit)] = rows["value"].round(2).to_numpy()
    if not for_page:
        return frame
    return display_table(frame, lang, money_columns=[text("r33_col_value", lang, currency=unit)],
                         currency_code=context.currency.code, money_digits=0, decimals=1)


def matrix_base_sentence(report: CustomerBaseReport, context, lang: str = "en") -> str:
    """Who is in the matrix: respondents, those without a satisfaction index (a skipped question), those with a
    value; what "valuable" and "dissatisfied" mean; what the values are."""
    matrix, scores = report.matrix, report.scores
    respondents = int(scores.attrs.get("n_customers", len(scores)))
    skipped = int(scores.attrs.get("missing_by_block", {}).get("satisfaction", 0))
    parts = [text("r33_matrix_base", lang, surveyed=count(respondents),
                  matched=count(int(matrix.summary["customers"].sum())),
                  customers=count(matrix.counts.get("n_value", 0)))]
    if skipped:
        parts.append(text("r33_matrix_skipped", lang, n=count(skipped)))
    parts.append(text("r33_matrix_rules", lang, top=_pct(matrix.value_share, 0), cut=context.money(matrix.value_cut, lang),
                      threshold=number(matrix.satisfaction_threshold, 0)))
    parts.append(_what_values(report, lang))
    return text("sentence_space", lang).join(parts)


def _matrix_finding(report, context, lang: str) -> str:
    matrix = report.matrix
    s = matrix.summary
    vd = s.loc["valuable and dissatisfied"]
    valuable = int(s.loc[["valuable and dissatisfied", "valuable and satisfied"], "customers"].sum())
    return text("r33_find_matrix", lang, n=count(vd["customers"]), valuable=count(valuable),
                surveyed=count(s["customers"].sum()), top=_pct(matrix.value_share, 0),
                threshold=number(matrix.satisfaction_threshold, 0), value=context.money(vd["total_value"], lang),
                value_share=_pct(vd["value_share"]))


def report_satisfaction(report: CustomerBaseReport, context, lang: str = "en", *, top_n: int = 15):
    """The satisfaction x value matrix, the valuable-and-dissatisfied list (files: all of them), the scatter;
    or the survey the section needs."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    from ...satisfaction.linked import plot_satisfaction_value
    from ..exports import export_list
    from ..figures import localize

    if "satisfaction" in report.needs:
        display(section_needs(report.needs["satisfaction"], lang))
        return None
    if report.matrix is None:
        display(_failed(report, "satisfaction", lang))
        return None
    matrix = report.matrix
    display(_md(matrix_base_sentence(report, context, lang)))
    display(matrix_table(matrix, context, lang))
    display(_md(_matrix_finding(report, context, lang)))
    n_vd = int(matrix.summary.loc["valuable and dissatisfied", "customers"])
    if n_vd:
        display(_LeftText(dissatisfied_list(matrix, report.data.customers, context, lang, top=top_n, for_page=True),
                          [text("r33_col_segment", lang)]))
        display(_md(_list_note(n_vd, top_n, lang)))
        display(export_list(dissatisfied_list(matrix, report.data.customers, context, lang), "valuable_dissatisfied",
                            lang, title=text("r33_list_dissatisfied", lang)))
    fig, ax = plt.subplots(figsize=(9, 5), constrained_layout=True)
    plot_satisfaction_value(matrix, ax=ax, value_label=text("r33_fig_value_axis", "en",
                                                            h=report.settings["horizon_months"],
                                                            currency=context.currency.code))
    localize(fig, lang)
    return ax
