"""Numbers as a reader sees them: money in the business's currency, counts, shares, tables.

One rule per kind of number, the same on every page:

* **counts** are whole numbers with thousands separators (``2,357``), never ``2357.000``;
* **money** carries its currency: a symbol in front of the amount (``€1,234``,
  ``¥1,234``) and the currency's name in headings (``Revenue (EUR)``, in
  Chinese ``收入（欧元）``, and for the yuan ``收入（元）``);
* **shares** are percentages with a stated number of decimals (``40.1%``);
* **missing values** show as ``–``, and a page that shows one says what it means
  (:func:`crm_analysis.present.text` ``"missing_cell"``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .catalogue import check_language, has_text, text

MISSING = "–"


@dataclass(frozen=True)
class Currency:
    """An ISO 4217 currency as pages show it.

    ``symbol`` goes in front of amounts in English pages and ``zh_symbol`` in
    Chinese pages; ``CN¥``/``JP¥`` keep the two yen-sign currencies apart in
    English, while a Chinese page writes ``¥`` for the yuan.
    """

    code: str
    symbol: str
    zh_symbol: str
    decimals: int = 2

    def unit(self, lang: str = "en") -> str:
        """The word for headings: ``"EUR"`` in English, ``"欧元"`` in Chinese (the code when not catalogued)."""
        key = f"currency_{self.code}"
        return text(key, lang) if has_text(key) else self.code

    def sign(self, lang: str = "en") -> str:
        return self.zh_symbol if check_language(lang) == "zh" else self.symbol


_CURRENCIES = {c.code: c for c in (
    Currency("USD", "$", "$"), Currency("EUR", "€", "€"), Currency("CNY", "CN¥", "¥"),
    Currency("GBP", "£", "£"), Currency("JPY", "JP¥", "JP¥", 0), Currency("HKD", "HK$", "HK$"),
    Currency("TWD", "NT$", "NT$"), Currency("CHF", "CHF ", "CHF "), Currency("KRW", "₩", "₩", 0),
    Currency("SGD", "S$", "S$"), Currency("AUD", "A$", "A$"), Currency("CAD", "C$", "C$"),
)}


def currency(code) -> Currency:
    """The :class:`Currency` for an ISO code (any case); unknown codes show as ``"XYZ 1,234"``."""
    if isinstance(code, Currency):
        return code
    if not isinstance(code, str) or not code.strip():
        raise ValueError(f"a currency is an ISO 4217 code such as 'EUR', got {code!r}")
    code = code.strip().upper()
    return _CURRENCIES.get(code) or Currency(code, f"{code} ", f"{code} ")


def _is_missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def count(n) -> str:
    """A whole number with thousands separators: ``count(2357.0) == "2,357"``."""
    if _is_missing(n):
        return MISSING
    return f"{int(round(float(n))):,}"


def number(x, digits: int = 2) -> str:
    """A number with ``digits`` decimals and thousands separators."""
    if _is_missing(x):
        return MISSING
    return f"{float(x):,.{digits}f}"


def percent(share, digits: int = 1) -> str:
    """A share (0-1) as a percentage: ``percent(0.4012) == "40.1%"``."""
    if _is_missing(share):
        return MISSING
    return f"{100 * float(share):.{digits}f}%"


def money(value, code, lang: str = "en", *, digits: int | None = None) -> str:
    """An amount with its currency sign: ``money(1234.5, "EUR") == "€1,234.50"``; negatives as ``-€12.00``.

    ``digits`` defaults to the currency's minor unit (2, or 0 for JPY/KRW);
    pass ``digits=0`` for large totals.
    """
    if _is_missing(value):
        return MISSING
    cur = currency(code)
    digits = cur.decimals if digits is None else digits
    value = float(value)
    sign = "-" if value < 0 and round(abs(value), digits) > 0 else ""
    return f"{sign}{cur.sign(lang)}{abs(value):,.{digits}f}"


def _integral(values: pd.Series) -> bool:
    finite = pd.to_numeric(values, errors="coerce").dropna()
    return bool(len(finite)) and bool(np.all(np.isclose(finite, np.round(finite))))


def display_table(frame: pd.DataFrame, lang: str = "en", *, money_columns=(), currency_code=None, counts=(),
                  percents=(), decimals: int = 2, money_digits: int | None = None) -> pd.DataFrame:
    """A copy of ``frame`` with every cell formatted for a page (strings), index and column names kept.

    ``money_columns`` are formatted with :func:`money` in ``currency_code``,
    ``counts`` with :func:`count`, ``percents`` (shares 0-1) with
    :func:`percent`; other numeric columns show as integers when every value
    is whole and with ``decimals`` decimals otherwise.  Missing cells show as
    ``–``.  Text columns are kept (missing as ``–``).
    """
    check_language(lang)
    if money_columns and currency_code is None:
        raise ValueError("money_columns need currency_code (the business's currency)")
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        values = frame[column]
        if column in money_columns:
            shown = values.map(lambda v: money(v, currency_code, lang, digits=money_digits))
        elif column in counts:
            shown = values.map(count)
        elif column in percents:
            shown = values.map(lambda v: percent(v, 1))
        elif pd.api.types.is_bool_dtype(values):
            shown = values.map(lambda v: MISSING if _is_missing(v) else str(v))
        elif pd.api.types.is_numeric_dtype(values):
            whole = _integral(values)
            shown = values.map(count if whole else (lambda v: number(v, decimals)))
        else:
            shown = values.map(lambda v: MISSING if _is_missing(v) else str(v))
        out[column] = shown.astype(object)
    out.index.name = frame.index.name
    out.columns.name = frame.columns.name
    return out
