"""Shared page helpers of the linked teaching notebooks 15, 16 and 17.

The note a section shows when the database lacks its data
(:func:`section_needs`), group names and churn words in the page's language
(:func:`segment_name`, :func:`segment_names`, :func:`churn_labels`), and the
survey items a database stores with the ECSI outcome blocks the pages of 15
and 16 read (:data:`OUTCOME_BLOCKS`, :func:`_stored_items`).
"""
from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from ..catalogue import check_language, has_text, text

__all__ = ["OUTCOME_BLOCKS", "section_needs", "segment_name", "segment_names", "churn_labels"]

#: the ECSI items the delivered-value page relates delivered value to (when the database has them)
OUTCOME_BLOCKS = {"satisfaction": ["sat1", "sat2", "sat3", "sat4"], "loyalty": ["loy1", "loy2", "loy3", "loy4"]}


# ------------------------------------------------------------------------------------------- shared
def section_needs(what: str, how: str, lang: str = "en") -> Markdown:
    """The note a section shows instead of its tables when the database lacks ``what`` (``how`` imports it)."""
    check_language(lang)
    return Markdown("\n\n".join([text("tl_section_needs", lang, what=what), "```\n" + how.strip() + "\n```",
                                 text("tl_section_skipped", lang)]))


def segment_name(value, lang: str = "en") -> str:
    """A segment (or other group) label in ``lang``: the demo company's segments are catalogued, others kept."""
    key = "tl_segment_" + str(value).replace(" ", "_")
    if str(value) == "all":
        return text("tl_all", lang)
    return text(key, lang) if has_text(key) else str(value)


def segment_names(values: pd.Series, lang: str = "en") -> pd.Series:
    """:func:`segment_name` of every value (missing values stay missing)."""
    return values.map(lambda v: v if pd.isna(v) else segment_name(v, lang))


def churn_labels(churn: pd.Series, lang: str = "en") -> pd.Series:
    """0/1 churn as the words "stayed" / "left" in ``lang`` (for figure legends)."""
    return churn.map({0: text("tl_stayed", lang), 1: text("tl_left", lang), 0.0: text("tl_stayed", lang),
                      1.0: text("tl_left", lang)})


def _stored_items(db) -> set:
    if "survey_items" not in db.tables():
        return set()
    return set(db.sql("SELECT item FROM survey_items")["item"])
