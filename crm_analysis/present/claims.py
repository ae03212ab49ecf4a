"""Texts of the claims lab (report 14): language-neutral messages rendered through the teach catalogue.

A claim result (:class:`crm_analysis.claims.ClaimResult`) never holds a
sentence in one language.  It holds *what* to say: a :class:`Phrase` (a
catalogue key with its field values: numbers, names, and other phrases) or
several of them (a note is a tuple of phrases, one per sentence).  Only
:func:`render` turns them into text, for the language a page asks for::

    >>> render(Phrase("teach_note_c7_not", share=0.2, value_share=0.652, lower=0.6, upper=0.7), "en")
    'Not 80/20: the top 20% of customers bring 65.2% of revenue [60.0%, 70.0%].'

Numbers are formatted by the catalogue template (``{share:.0%}``), so both
languages show the same digits; a list (:class:`Join`) is joined with the
language's separator (", " or "、"); a tuple of phrases is joined as
sentences (``teach_sentences``: a space between them in English, none in Chinese).  The words themselves
live in :mod:`crm_analysis.present.catalogue.teach`.

The page pieces of the lab live here too: :func:`claims_table` (one row per
claim), :func:`summary_table`, :func:`details_table` (a claim's supporting
table) and :func:`claim_figure`, in English or Chinese.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError
from .catalogue import text

__all__ = ["Phrase", "Join", "render", "claims_table", "PageTable", "summary_table", "details_table",
           "claim_figure"]


@dataclass(frozen=True)
class Phrase:
    """A catalogue entry ``key`` with its ``{fields}``: rendered in a language only by :func:`render`."""

    key: str
    fields: dict = field(default_factory=dict)

    def __init__(self, key: str, /, **fields):
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "fields", fields)


@dataclass(frozen=True)
class Join:
    """Several values shown as one list, joined by the catalogue separator ``sep``; ``empty`` when there are none."""

    items: tuple
    sep: str = "teach_sep_enum"
    empty: object = None

    def __init__(self, items, sep: str = "teach_sep_enum", empty=None):
        object.__setattr__(self, "items", tuple(items))
        object.__setattr__(self, "sep", sep)
        object.__setattr__(self, "empty", empty)


def render(value, lang: str = "en") -> str:
    """``value`` as text in ``lang``: a Phrase, a Join, a tuple of phrases (sentences), or a plain value.

    A plain string is a language-neutral value (a name from the user's data,
    a command, "–") and is shown as it is.
    """
    if isinstance(value, Phrase):
        return text(value.key, lang, **{name: _field(v, lang) for name, v in value.fields.items()})
    if isinstance(value, Join):
        if not value.items:
            return "" if value.empty is None else render(value.empty, lang)
        return text(value.sep, lang).join(render(item, lang) for item in value.items)
    if isinstance(value, tuple):  # sentences: "A. B." in English, "A。B。" in Chinese
        shown = ""
        for part in value:
            part = render(part, lang)
            shown = text("teach_sentences", lang, sentence=shown, next_sentence=part) if shown else part
        return shown
    return str(value)


def _field(value, lang: str):
    # numbers stay numbers (the template formats them); words become text in ``lang``
    if isinstance(value, (Phrase, Join, tuple)):
        return render(value, lang)
    return value


def _column(key: str, lang: str) -> str:
    """The header of a claim field (``claim``, ``statement``, ``verdict`` ...) in ``lang``."""
    return text(f"teach_col_{key}", lang)


_TABLE_KEYS = ("statement", "data", "evidence", "measure", "claimed", "estimate", "ci_lower", "ci_upper", "verdict",
               "note")


def claims_table(results, lang: str = "en", *, columns=None, notes: bool = False, digits: int = 3) -> pd.DataFrame:
    """One row per claim: statement, data, evidence, measure, claimed, estimate, interval, verdict (+ note).

    ``results`` is a list of :class:`ClaimResult` or the dict of
    :func:`run_all_claims`; column names and texts are in ``lang``.
    ``columns`` picks and orders the fields (names as in :class:`ClaimResult`
    without the language suffix); the default is all but ``note``
    (``notes=True`` adds it).
    """
    items = list(results.values()) if isinstance(results, dict) else list(results)
    if not items:
        raise CRMDataError("claims_table needs at least one ClaimResult")
    keys = list(columns) if columns is not None else list(_TABLE_KEYS[:-1]) + (["note"] if notes else [])
    unknown = [k for k in keys if k not in _TABLE_KEYS]
    if unknown:
        raise ValueError(f"unknown column(s) {unknown}; choose from {list(_TABLE_KEYS)}")
    rows = []
    for r in items:
        row = {k: (r.text(k, lang) if k in ("statement", "data", "evidence", "measure", "verdict", "note")
                   else getattr(r, k)) for k in keys}
        for k in set(keys) & {"claimed", "estimate", "ci_lower", "ci_upper"}:
            row[k] = round(row[k], digits) if np.isfinite(row[k]) else np.nan
        rows.append(row)
    table = pd.DataFrame(rows, index=pd.Index([r.claim for r in items], name=_column("claim", lang)))
    return table.rename(columns={k: _column(k, lang) for k in keys})


class PageTable:
    """A formatted table (strings) with an optional note under it, for a notebook page (HTML) or a console."""

    def __init__(self, frame: pd.DataFrame, note: str = "", *, left: bool = False):
        self.frame, self.note, self.left = frame, note, left

    def _repr_html_(self) -> str:
        import html

        if self.left:  # text columns (statements) read best left-aligned
            table = self.frame.style.set_properties(**{"text-align": "left"}).to_html()
        else:
            table = self.frame.to_html(escape=True, border=0, classes="crm-table")
        note = f"<p class='crm-table-note'><em>{html.escape(self.note)}</em></p>" if self.note else ""
        return table + note

    def __repr__(self) -> str:
        return self.frame.to_string() + (f"\n{self.note}" if self.note else "")


def _has_missing(frame: pd.DataFrame) -> bool:
    from .format import MISSING

    return bool((frame == MISSING).to_numpy().any())


def summary_table(results, lang: str = "en", *, digits: int = 3) -> PageTable:
    """The summary of a claims lab: statement, evidence, claimed, estimate, interval and verdict per claim.

    Numbers are shown with ``digits`` decimals; a claim that states no number
    (a claim of direction) or that the data cannot test shows ``–``, and the
    note under the table says so.
    """
    from .format import MISSING

    table = claims_table(results, lang, columns=["statement", "evidence", "claimed", "estimate", "ci_lower",
                                                 "ci_upper", "verdict"], digits=digits)
    shown = table.astype(object)
    for key in ("claimed", "estimate", "ci_lower", "ci_upper"):
        name = _column(key, lang)
        shown[name] = [MISSING if not np.isfinite(v) else f"{v:.{digits}f}" for v in table[name]]
    return PageTable(shown, text("teach_missing_claims", lang) if _has_missing(shown) else "", left=True)


#: the columns a claim's details table shows (column -> catalogue key), its index header, and its formats
_DETAILS = {
    "C1": dict(index="teach_level", columns={"n": "teach_respondents_n", "churned": "teach_churned",
                                             "churn_rate": "teach_churn_rate", "ci_lower": "teach_ci_lower",
                                             "ci_upper": "teach_ci_upper", "claim_c1": "teach_claimed_rate",
                                             "claim_in_ci": "teach_claim_in_ci"},
               counts=("n", "churned"), percents=("churn_rate", "ci_lower", "ci_upper", "claim_c1"), decimals=3),
    "C3": dict(index="teach_group", columns={"customers": "teach_customers_n", "churned": "teach_churned",
                                             "churn_rate": "teach_churn_rate",
                                             "median_cycle_days": "teach_median_cycle",
                                             "slope": "teach_slope", "ci_lower": "teach_ci_lower",
                                             "ci_upper": "teach_ci_upper"},
               counts=("customers", "churned"), percents=("churn_rate",), decimals=2),
    "C4": dict(index="teach_source", columns={"indirect": "teach_indirect", "indirect_std_err": "teach_indirect_se",
                                              "indirect_ci_lower": "teach_indirect_lo",
                                              "indirect_ci_upper": "teach_indirect_hi", "direct": "teach_direct",
                                              "direct_ci_lower": "teach_direct_lo",
                                              "direct_ci_upper": "teach_direct_hi", "mediation": "teach_mediation"},
               counts=(), percents=(), decimals=3),
    "C5": dict(index="teach_attribute", columns={"penalty": "teach_penalty", "penalty_se": "teach_penalty_se",
                                                 "reward": "teach_reward", "reward_se": "teach_reward_se",
                                                 "n_low": "teach_n_low", "n_high": "teach_n_high",
                                                 "kano": "teach_kano"},
               counts=("n_low", "n_high"), percents=(), decimals=2),
    "C6": dict(index="teach_group", columns={"customers": "teach_customers_n", "profit_share": "teach_profit_share",
                                             "mean_profit": "teach_mean_profit",
                                             "mean_satisfaction": "teach_mean_satisfaction",
                                             "share_unprofitable": "teach_share_unprofitable"},
               counts=("customers",), percents=("profit_share", "share_unprofitable"), decimals=2,
               money=("mean_profit",)),
    "C8": dict(index="teach_group", columns={"customers": "teach_customers_n",
                                             "mean_acquisition_cost": "teach_mean_acquisition_cost",
                                             "mean_retention_cost_per_year": "teach_mean_retention_cost",
                                             "ratio": "teach_ratio"},
               counts=("customers",), percents=(), decimals=2,
               money=("mean_acquisition_cost", "mean_retention_cost_per_year")),
    "C9": dict(index="teach_tenure_months", columns={"customers": "teach_customers_n",
                                                     "mean_revenue_per_month": "teach_mean_revenue_month"},
               counts=("customers",), percents=(), decimals=2),
    "C10": dict(index="teach_group", columns={"customers": "teach_customers_n", "churned": "teach_churned",
                                              "churn_rate": "teach_churn_rate", "followed": "teach_followed",
                                              "retained": "teach_retained", "ci_lower": "teach_ci_lower",
                                              "ci_upper": "teach_ci_upper"},
                counts=("customers", "churned", "followed"), percents=("churn_rate", "retained", "ci_lower",
                                                                       "ci_upper"), decimals=3),
    "C11": dict(index="teach_group", columns={"customers": "teach_customers_n", "complained": "teach_complained",
                                              "share_complained": "teach_share_complained",
                                              "share": "teach_share_complained",
                                              "ci_lower": "teach_ci_lower", "ci_upper": "teach_ci_upper"},
                counts=("customers", "complained"), percents=("share_complained", "share", "ci_lower", "ci_upper"),
                decimals=3),
}
#: the categories the engines write (satisfaction levels, Kano categories, kinds of mediation)
_LEVELS = ("very satisfied", "satisfied", "neutral", "resigned", "dissatisfied", "very dissatisfied")
_KANO = ("basic", "performance", "excitement", "indifferent")
_MEDIATION = ("full", "partial")
#: words inside detail tables (row names, categories) -> catalogue key
_WORDS = {**{lvl: f"teach_level_{lvl.replace(' ', '_')}" for lvl in _LEVELS},
          **{k: f"teach_kano_{k}" for k in _KANO}, **{k: f"teach_mediation_{k}" for k in _MEDIATION},
          "quality": "teach_construct_quality", "value": "teach_construct_value",
          "never complained": "teach_group_never", "complained, resolved": "teach_group_resolved",
          "complained, not resolved": "teach_group_unresolved", "churned": "teach_group_churned",
          "stayed": "teach_group_stayed", "short cycle": "teach_group_short_cycle",
          "long cycle": "teach_group_long_cycle", "top profit": "teach_group_top_profit", "rest": "teach_group_rest",
          "all": "teach_group_all", "complaint resolved": "teach_group_first_resolved",
          "complaint unresolved": "teach_group_first_unresolved", "no complaint": "teach_group_no_complaint",
          "churners": "teach_group_churned", "stayers": "teach_group_stayed"}


def _word(value, lang: str):
    if isinstance(value, (bool, np.bool_)):
        return text("teach_yes" if value else "teach_no", lang)
    key = _WORDS.get(value) if isinstance(value, str) else None
    return text(key, lang) if key else value


def details_table(result, lang: str = "en"):
    """The supporting table of a claim (per level, per group, per attribute ...) for a page, in ``lang``.

    Counts are whole numbers, shares percentages, effects with 2-3 decimals;
    a cell with no value shows ``–`` and the note under the table says what
    that means.  A claim without a table (not testable with the data) gives a
    one-line note instead.
    """
    from IPython.display import Markdown

    from ..claims.verdict import NOT_TESTABLE
    from .format import display_table

    spec = _DETAILS.get(result.claim)
    if result.details is None or spec is None or result.verdict == NOT_TESTABLE and result.evidence == "none":
        return Markdown(text("teach_no_details", lang, reason=text("teach_reason_not_testable", lang)))
    frame = result.details[[c for c in spec["columns"] if c in result.details.columns]].copy()
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_bool_dtype(frame[column]):
            frame[column] = frame[column].map(lambda v: v if v is None or v is pd.NA or
                                              (isinstance(v, float) and np.isnan(v)) else _word(v, lang))
    frame.index = [_word(str(i), lang) for i in frame.index]
    money = dict(money_columns=spec.get("money", ()), currency_code=result.currency) if result.currency else {}
    shown = display_table(frame, lang, counts=spec["counts"], percents=spec["percents"], decimals=spec["decimals"],
                          **money)
    shown = shown.rename(columns={c: text(k, lang) for c, k in spec["columns"].items()})
    shown.index.name = text(spec["index"], lang)
    return PageTable(shown, text("teach_missing_details", lang) if _has_missing(shown) else "")


def claim_figure(result, lang: str = "en", *, strict: bool = False):
    """The figure of a claim in ``lang``: churn by level (C1), penalty-reward (C5), satisfaction x profit (C6),
    the Lorenz curve (C7).

    Returns the (closed) matplotlib Figure, which a notebook cell displays
    once; ``strict=True`` raises when a figure text has no catalogue entry in
    ``lang`` (tests).  A claim the data cannot test, or one without a figure,
    gives a one-line note instead.
    """
    import matplotlib.pyplot as plt
    from IPython.display import Markdown

    from .figures import localize

    if result.details is None or (result.claim in ("C6", "C7") and result.values is None) \
            or result.claim not in ("C1", "C5", "C6", "C7"):
        return Markdown(text("teach_no_figure", lang, reason=text("teach_reason_not_testable", lang)))
    if result.claim == "C1":
        from ..satisfaction import plot_churn_by_level

        ax = plot_churn_by_level(result.details)
    elif result.claim == "C5":
        from ..satisfaction import plot_penalty_reward

        ax = plot_penalty_reward(result.details)
    elif result.claim == "C6":  # satisfaction x profit: the valuable-and-dissatisfied customers stand out
        from ..satisfaction import plot_satisfaction_value, satisfaction_value_matrix

        matrix = satisfaction_value_matrix(result.values["satisfaction_index"], result.values["profit"])
        ax = plot_satisfaction_value(matrix, currency=result.currency)
    else:
        from ..value import plot_lorenz_curve

        ax = plot_lorenz_curve(result.values, share=0.2, currency=result.currency or "")
    import warnings

    from .figures import UntranslatedTextWarning

    with warnings.catch_warnings():
        # a page keeps the user's own item names (``staff``) as they are; tests find catalogue gaps with strict=True
        warnings.simplefilter("ignore", UntranslatedTextWarning)
        localize(ax, lang, strict=strict)
    figure = ax.figure
    plt.close(figure)
    return figure
