"""Helpers shared by the sections of report 33: percentages, period and window words, the values' wording,
segments, and the small display pieces (Markdown, the failed-section line, the KPI frame, the list note).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..catalogue import check_language, has_text, text
from ..format import count, percent

_PER_YEAR = {"M": 12, "Q": 4, "Y": 1}


def _pct(share, digits: int = 1) -> str:
    return percent(share, digits)


def _end(lang: str) -> str:
    return text("full_stop", lang)


# ====================================================================== words for periods and windows
def period_label(value, lang: str = "en") -> str:
    """A period as a page writes it: ``2025 Q4`` / ``2025年第4季度``, ``2025-03`` / ``2025年3月``, ``2025``."""
    check_language(lang)
    p = value if isinstance(value, pd.Period) else pd.Period(str(value))
    code = p.freqstr[0]
    if code == "Q":
        return text("r33_period_Q", lang, year=p.year, q=p.quarter)
    if code == "M":
        return text("r33_period_M", lang, year=p.year, month=p.month, mm=f"{p.month:02d}")
    return text("r33_period_Y", lang, year=p.year)


def window_words(n: int, period: str, lang: str = "en", *, article: bool = False) -> str:
    """``n`` periods in words: "4 quarters", "12 months"; one period as "year" (after "the last") or, with
    ``article``, "a year" (after "for" or before "after acquisition"); Chinese "4 个季度", "1 年"."""
    key = {"M": "months", "Q": "quarters", "Y": "years"}[period]
    if n == 1:
        return text(f"r33_{'a' if article else 'one'}_{key}", lang)
    return text(f"r33_n_{key}", lang, n=count(n))


def _focus(kpis: pd.DataFrame) -> int:
    """Position of the period the summary reads: the last complete one (else the last)."""
    complete = np.flatnonzero(kpis["complete"].to_numpy(bool))
    return int(complete[-1]) if len(complete) else len(kpis) - 1


def _what_values(report, lang: str) -> str:
    if report.value_source == "trailing":
        return text("r33_values_trailing", lang, date=report.report_date.date().isoformat())
    if report.margin_source == "revenue":
        return text("r33_values_revenue", lang)
    return text("r33_values_profit", lang, margin=_pct(report.margin, 0))


def _segments(customers: pd.DataFrame, ids, lang: str) -> np.ndarray:
    """The customers' segments (the demo company's segment names in the page language; others as stored)."""
    segment = customers.set_index(customers["customer_id"].astype(str))["segment"].reindex(ids)

    def shown(value):
        if value is None or pd.isna(value):
            return None
        key = f"r33_segment_{value}"
        return text(key, lang) if has_text(key) else str(value)

    return np.asarray([shown(v) for v in segment], dtype=object)


class _LeftText:
    """A page table whose text columns (reasons) read from the left, as text does; numbers stay right-aligned."""

    def __init__(self, frame: pd.DataFrame, columns):
        self.frame, self.columns = frame, [c for c in columns if c in frame.columns]

    def _repr_html_(self) -> str:
        styled = self.frame.style.set_properties(subset=self.columns, **{"text-align": "left"})
        return styled.to_html()

    def __repr__(self) -> str:
        return self.frame.to_string()


def _md(s: str):
    from IPython.display import Markdown

    return Markdown(s)


def _failed(report, key: str, lang: str):
    return _md(text("r33_section_failed", lang, reason=report.failed.get(key, "")))


def _kpi_frame(values: dict, lang: str) -> pd.DataFrame:
    """Shown label -> shown value as the two-column KPI table of every management page."""
    return pd.DataFrame({text("value", lang): list(values.values())},
                        index=pd.Index(list(values), name=text("kpi", lang)))


def _list_note(total: int, top: int, lang: str) -> str:
    if total > top:
        return text("r33_list_more", lang, shown=count(top), total=count(total))
    return text("r33_list_all", lang, total=count(total))
