"""Page helpers: what stands under a report's title, how exclusions are said, KPI tables.

Every management page opens with :func:`title_block`: the business's name, the
period its data cover and the currency of its amounts, and, when the database
holds synthetic or bundled demo data, a visible box saying so.  Whatever a
report leaves out (returns, respondents with missing answers, customers
without a churn label) is said in the text by :func:`exclusion_sentence`, with
counts and reasons, so a manager never reads a number about fewer customers
than they think.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd
from IPython.display import HTML, Markdown

from .catalogue import check_language, has_text, text
from .format import Currency, count, currency, money, number

__all__ = ["ReportContext", "title_block", "notice", "exclusion_sentence", "kpi_table", "format_kpi"]


@dataclass(frozen=True)
class ReportContext:
    """The facts about a business that every page of its report shows.

    Built from the customer database with :meth:`from_store`; ``currency`` is a
    :class:`~crm_analysis.present.format.Currency`, ``first``/``last`` the
    dates of the first and last transaction (``None`` without transactions).
    """

    name: str
    currency: Currency
    first: pd.Timestamp | None = None
    last: pd.Timestamp | None = None
    synthetic: bool = False
    demo: str | None = None
    facts: dict = field(default_factory=dict)

    @classmethod
    def from_store(cls, store) -> "ReportContext":
        """The context of a :class:`~crm_analysis.store.CustomerStore` (its ``describe()``)."""
        facts = dict(store.describe())
        first = facts.get("first_transaction", facts.get("first_date"))
        last = facts.get("last_transaction", facts.get("last_date"))
        return cls(name=facts["name"], currency=currency(facts["currency"]),
                   first=None if first is None else pd.Timestamp(first),
                   last=None if last is None else pd.Timestamp(last),
                   synthetic=bool(facts.get("synthetic")), demo=facts.get("demo"), facts=facts)

    def title(self, lang: str = "en") -> str:
        """The business's name as a page shows it (a bundled demo database's name in the page's language)."""
        key = f"demo_name_{self.demo}"
        return text(key, lang) if self.demo and has_text(key) else self.name

    def unit(self, lang: str = "en") -> str:
        """The currency word for headings (``EUR``; ``欧元``, ``元`` in Chinese)."""
        return self.currency.unit(lang)

    def money(self, value, lang: str = "en", *, digits: int | None = 0) -> str:
        """``value`` in the business's currency (whole units by default: report totals)."""
        return money(value, self.currency, lang, digits=digits)

    def period(self, lang: str = "en") -> str:
        if self.first is None or self.last is None:
            return text("period_unknown", lang)
        return text("period", lang, first=self.first.date().isoformat(), last=self.last.date().isoformat())


def notice(markdown_text: str, kind: str = "info") -> HTML:
    """A boxed note at the top of a page (``kind``: ``"info"`` or ``"warning"``); Markdown ``**bold**`` and
    ``code`` are kept."""
    colours = {"info": ("#e8f1fb", "#0173b2"), "warning": ("#fff4e0", "#de8f05")}
    background, border = colours[kind]
    body = html.escape(markdown_text)
    import re

    body = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", body)
    body = re.sub(r"`(.+?)`", r"<code>\1</code>", body)
    return HTML(f'<div class="crm-notice crm-notice-{kind}" style="background:{background};'
                f'border-left:4px solid {border};padding:0.6em 1em;margin:0.8em 0;">{body}</div>')


def title_block(context: ReportContext, lang: str = "en") -> HTML:
    """The line under a report's title (data, period, currency) and, for synthetic or demo data, a box."""
    check_language(lang)
    code, sign = context.currency.code, context.currency.sign(lang).strip()
    shown_currency = code if sign == code else f"{code} ({sign})"
    if context.first is None or context.last is None:  # e.g. a survey-only database: no period to state
        line = text("data_line_no_dates", lang, name=context.title(lang), currency=shown_currency)
    else:
        line = text("data_line", lang, name=context.title(lang), period=context.period(lang),
                    currency=shown_currency)
    parts = [f'<p class="crm-data-line"><em>{html.escape(line)}</em></p>']
    if context.synthetic:
        parts.append(notice(text("synthetic_notice", lang), "warning").data)
    elif context.demo:
        parts.append(notice(text("demo_notice", lang, name=context.title(lang)), "info").data)
    return HTML("\n".join(parts))


def exclusion_sentence(items, lang: str = "en", *, none_what: str | None = None) -> str:
    """One sentence naming everything a page left out: ``items`` are ``(count, what, reason)`` triples.

    Items with a zero count are skipped; when nothing is left out and
    ``none_what`` is given (e.g. ``"customer"``), the sentence says that every
    one is counted; otherwise the result is ``""``.
    """
    check_language(lang)
    shown = [(int(n), what, reason) for n, what, reason in items if n]
    if not shown:
        return text("excluded_none", lang, what=none_what) if none_what else ""
    sep = text("sep_semicolon", lang)
    listed = sep.join(text("excluded_item", lang, count=count(n), what=_number_agreement(what, n, lang),
                           reason=reason)
                      for n, what, reason in shown)
    end = text("full_stop", lang)
    return f"{text('excluded_intro', lang)}{text('sentence_space', lang)}{listed}{end}"


def _number_agreement(what: str, n: int, lang: str) -> str:
    """``what`` (an English plural such as "customers" or "transaction rows") in the singular for one item.

    The catalogue's exclusion nouns are regular English plurals; Chinese has no plural to agree.
    """
    if lang == "en" and n == 1 and what.endswith("s") and not what.endswith("ss"):
        return what[:-1]
    return what


def format_kpi(value) -> str:
    """A KPI value: strings as given, whole numbers as integers with separators, others to 2 decimals."""
    if isinstance(value, str):
        return value
    as_float = float(value)
    if as_float.is_integer():
        return count(as_float)
    return number(as_float, 2)


def kpi_table(values: dict, lang: str = "en", **fields) -> pd.DataFrame:
    """A two-column KPI table: catalogue key -> value; ``fields`` (e.g. ``currency="欧元"``) fill the labels.

    Pass money values already formatted (``context.money(x, lang)``) so they
    carry the currency sign; other values go through :func:`format_kpi`.
    """
    check_language(lang)
    return pd.DataFrame({text("kpi", lang): [text(k, lang, **fields) for k in values],
                         text("value", lang): [format_kpi(v) for v in values.values()]}
                        ).set_index(text("kpi", lang))
