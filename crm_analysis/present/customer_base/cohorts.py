"""Report 33's acquisition cohorts (retention heat map) and the equity bridge between two dates."""
from __future__ import annotations

import pandas as pd

from ..catalogue import text
from ..format import count
from .analysis import CustomerBaseReport
from .common import _PER_YEAR, _md, _pct, _what_values, period_label, window_words

# ====================================================================== cohorts
def cohort_sentence(cohorts, lang: str = "en") -> str:
    """The oldest and the newest cohort observed at the same age (one year after acquisition, or the oldest age
    both reach), as one sentence; ``""`` when there is only one cohort."""
    if cohorts is None:
        return ""
    share, sizes = cohorts.share, cohorts.sizes
    unit = share.attrs.get("period", "Q")
    age = _PER_YEAR[unit]
    observed = share.notna()
    rows = [c for c in share.index if sizes[c] > 0]
    if len(rows) < 2:
        return ""
    first = rows[0]
    candidates = [c for c in rows[1:] if age in share.columns and observed.loc[c, age]]
    if not candidates or not observed.loc[first].get(age, False):
        return ""
    last = candidates[-1]
    words = window_words(age, unit, lang, article=True)
    return text("r33_find_cohorts", lang, first=period_label(first, lang), n_first=count(sizes[first]),
                share_first=_pct(share.loc[first, age], 0), last=period_label(last, lang),
                n_last=count(sizes[last]), share_last=_pct(share.loc[last, age], 0), age=words)


def cohort_size_note(cohorts, lang: str = "en") -> str:
    """Where the cohorts come from (acquisition dates or first purchases) and their sizes (smallest, largest)."""
    sizes = cohorts.sizes[cohorts.sizes > 0]
    source = cohorts.share.attrs.get("cohort_from", "first purchase")
    key = "r33_cohorts_from_acquisition" if source == "acquisition_date" else "r33_cohorts_from_first"
    if len(sizes) == 1:
        shown = text("r33_cohorts_one", lang, total=count(sizes.sum()))
    else:
        shown = text("r33_cohorts_many", lang, n=count(len(sizes)), low=count(sizes.min()), high=count(sizes.max()),
                     total=count(sizes.sum()))
    return text(key, lang, cohorts=shown)


# ====================================================================== equity bridge
_BRIDGE_KEYS = {"equity_start": "r33_bridge_start", "acquisition": "r33_bridge_acquisition",
                "retention": "r33_bridge_retention", "activity": "r33_bridge_activity", "equity_end": "r33_bridge_end"}


def bridge_table(bridge, context, lang: str = "en") -> pd.DataFrame:
    """The equity bridge for the page: step (with its date or group), customers, amount (signed for the parts)."""
    table = bridge.bridge if hasattr(bridge, "bridge") else bridge
    start, end = table.attrs.get("start"), table.attrs.get("end")
    rows = []
    for step in _BRIDGE_KEYS:
        amount = float(table.loc[step, "amount"])
        shown = context.money(amount, lang)
        if step not in ("equity_start", "equity_end") and amount > 0:
            shown = "+" + shown
        key = _BRIDGE_KEYS[step]
        if step == "retention" and table.attrs.get("closed"):
            key = "r33_bridge_retention_closed"  # closed accounts are lost even if they bought in between
        rows.append((text(key, lang, start=start, end=end), count(table.loc[step, "customers"]),
                     shown))
    return pd.DataFrame(rows, columns=[text("r33_col_step", lang), text("r33_col_customers", lang),
                                       text("r33_col_amount", lang, currency=context.unit(lang))]
                        ).set_index(text("r33_col_step", lang))


def bridge_sentence(bridge, context, lang: str = "en") -> str:
    """"Customer equity went from X on <start> to Y on <end>: new customers +A, lost customers B, retained C"."""
    table = bridge.bridge if hasattr(bridge, "bridge") else bridge
    a = table["amount"]

    def signed(x):
        return ("+" if x > 0 else "") + context.money(x, lang)

    return text("r33_find_bridge", lang, start=table.attrs.get("start"), end=table.attrs.get("end"),
                e0=context.money(a["equity_start"], lang), e1=context.money(a["equity_end"], lang),
                n0=count(table.loc["equity_start", "customers"]), n1=count(table.loc["equity_end", "customers"]),
                new=signed(a["acquisition"]), n_new=count(table.loc["acquisition", "customers"]),
                lost=signed(a["retention"]), n_lost=count(table.loc["retention", "customers"]),
                kept=signed(a["activity"]), n_kept=count(table.loc["activity", "customers"]))


def report_cohorts(report: CustomerBaseReport, context, lang: str = "en"):
    """The cohort heat map, where the cohorts come from, and the oldest-vs-newest sentence."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    from ...value.cohorts import plot_cohort_heatmap
    from ..figures import localize

    cohorts = report.cohorts
    parts = [cohort_size_note(cohorts, lang)]
    if cohorts.share.attrs.get("n_before_data"):
        parts.append(text("r33_cohorts_before_data", lang, date=cohorts.share.attrs.get("data_start")))
    sentence = cohort_sentence(cohorts, lang)
    if sentence:
        parts.append(sentence)
    display(_md(text("sentence_space", lang).join(parts)))
    height = max(4.0, 0.32 * len(cohorts.share) + 1.5)
    fig, ax = plt.subplots(figsize=(10, height), constrained_layout=True)
    plot_cohort_heatmap(cohorts, ax=ax)
    localize(fig, lang)
    return ax


def report_bridge(report: CustomerBaseReport, context, lang: str = "en"):
    """The equity bridge: sentence, table and waterfall, or why it cannot be drawn."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    from ...value.cohorts import plot_equity_bridge
    from ..figures import localize

    if report.bridge is None:
        display(_md(text("r33_bridge_none", lang, date=report.settings["bridge_start"].date().isoformat())))
        return None
    parts = [bridge_sentence(report.bridge, context, lang), _what_values(report, lang)]
    attrs = report.bridge.bridge.attrs
    if attrs.get("closed") or attrs.get("closed_before_start"):
        parts.append(text("r33_bridge_closed", lang, n=count(attrs.get("closed_lost", 0)),
                          k=count(attrs.get("closed_new", 0)), m=count(attrs.get("closed_before_start", 0)),
                          start=attrs.get("start"), end=attrs.get("end")))
    display(_md(text("sentence_space", lang).join(parts)))
    display(bridge_table(report.bridge, context, lang))
    fig, ax = plt.subplots(figsize=(10, 4.5), constrained_layout=True)
    plot_equity_bridge(report.bridge, currency=context.currency.code, ax=ax)
    localize(fig, lang)
    return ax
