"""The en/zh catalogue: every word a report shows, in one structure.

Each module of this package (``common``, ``value``, ``churn``, ``satisfaction``,
``teach``) holds one dictionary::

    TEXT = {"revenue": {"en": "Revenue ({currency})", "zh": "收入（{currency}）"}, ...}

An entry may add ``"figure": False`` to keep it out of figure matching
(punctuation, sentence joins).  Keys are unique across the modules (a repeated key is an error at import, so
two modules can never disagree about a word).  ``{name}`` fields are filled by
:func:`text`.  Adding a language means adding one value per entry here and
nowhere else.

Figures are translated through the same entries: an engine plot writes the
English text (``"Recency (weeks since first purchase)"``), and
:func:`translate` finds the entry whose English form matches it, fields
included (``"Revenue (EUR)"`` matches ``"Revenue ({currency})"`` with
``currency="EUR"``), and returns the Chinese form with the fields themselves
translated.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import import_module

LANGUAGES = ("en", "zh")
_MODULES = ("common", "value", "churn", "satisfaction", "teach", "customer_base", "complaints", "early_warning",
            "survey_research", "notes",
            "mgmt_customer_base", "teach_linked")

#: words kept as they are in Chinese text: model names, acronyms, units and symbols readers know
KEPT_TERMS = ("RFM", "CLV", "BG/NBD", "MBG/NBD", "Pareto/NBD", "BG/BB", "sBG", "Gamma-Gamma", "P(alive)", "ROC",
              "AUC", "NPS", "PLS", "ECSI", "ACSI", "IPMA", "HTMT", "AVE", "OLS", "Kano", "Kaplan-Meier",
              "Kaplan–Meier", "Cox", "log-rank", "Lorenz", "Gini", "CDNOW", "IBM", "Telco", "IBM Telco", "top-box",
              "USD", "EUR", "CNY", "GBP", "JPY", "HKD", "TWD", "CHF", "%", "p", "n", "x", "y", "t", "T", "k", "R²",
              "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11", "A", "B", "C", "D", "E", "F",
              "VIP", "ID", "PLSc", "PLSpredict", "SRMR", "d_ULS", "d_G", "RMSE", "MAE", "LM", "MICOM", "rho_A",
              "rho_C", "Q²_predict", "HI95", "HI99", "Cronbach's alpha")


def _load() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for name in _MODULES:
        try:
            module = import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{name}":
                continue
            raise
        for key, entry in getattr(module, "TEXT", {}).items():
            if key in merged:
                raise RuntimeError(f"catalogue key {key!r} is defined twice (in {name} and another module)")
            if "en" not in entry:
                raise RuntimeError(f"catalogue entry {key!r} has no English text")
            merged[key] = entry
    return merged


TEXT: dict[str, dict[str, str]] = _load()


def check_language(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGUAGES`, else a ValueError."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    return lang


def has_text(key: str) -> bool:
    """Whether the catalogue has an entry ``key``."""
    return key in TEXT


def text(key: str, lang: str = "en", /, **fields) -> str:
    """The catalogue entry ``key`` in ``lang``, with its ``{fields}`` filled in.

    A missing Chinese form falls back to English (tests list such gaps); an
    unknown key is a KeyError naming it, so a typo never shows the key itself on
    a page.
    """
    check_language(lang)
    try:
        entry = TEXT[key]
    except KeyError:
        raise KeyError(f"no catalogue entry {key!r}") from None
    template = entry.get(lang)
    if template is None:
        template = entry["en"]
    return template.format(**fields) if fields else template


def pair(key: str) -> tuple[str, str]:
    """The (English, Chinese) forms of ``key``, unformatted."""
    entry = TEXT[key]
    return entry["en"], entry.get("zh") or entry["en"]


#: template fields that hold the user's own data (a segment "Basis", an item "sat1"): shown as they are
DATA_FIELDS = frozenset({"name", "segment", "level", "group", "item", "items", "column", "label", "category",
                         "customer", "business", "driver", "construct_name", "codes", "rows"})

_MATH = re.compile(r"\$[^$]*\$")
_FIELD = re.compile(r"\{(\w+)(?::[^}]*)?\}")


@lru_cache(maxsize=None)
def _patterns() -> tuple[dict[str, str], list[tuple[re.Pattern, str]]]:
    exact: dict[str, str] = {}
    patterns: list[tuple[re.Pattern, str]] = []
    for key, entry in TEXT.items():
        english = entry["en"]
        if not entry.get("figure", True):
            continue
        if _FIELD.search(english):
            if not re.search(r"[A-Za-z]", _FIELD.sub("", english)):
                continue  # "{name} {n}", "{lo}-{hi}": no fixed words to recognise a figure text by
            pieces, last = [], 0
            for match in _FIELD.finditer(english):
                pieces.append(re.escape(english[last:match.start()]))
                name = match.group(1)
                pieces.append(f"(?P<{name}>.+?)" if f"(?P<{name}>" not in "".join(pieces) else f"(?P={name})")
                last = match.end()
            pieces.append(re.escape(english[last:]))
            fixed = len(_FIELD.sub("", english))
            patterns.append((fixed, re.compile("^" + "".join(pieces) + "$", re.S), key))
        else:
            exact.setdefault(english, key)
    # the template with the most fixed text wins: "Gini = {g}" before a bare "{name} {n}"
    patterns.sort(key=lambda item: -item[0])
    return exact, [(pattern, key) for _, pattern, key in patterns]


def _candidates(english: str):
    exact, patterns = _patterns()
    if english in exact:
        yield exact[english], {}
    for pattern, key in patterns:
        match = pattern.match(english)
        if match:
            yield key, match.groupdict()


def find_key(english: str) -> tuple[str, dict] | None:
    """The catalogue key whose English form is ``english`` (and the field values), or None."""
    return next(_candidates(english), None)


def translate(english: str, lang: str) -> str | None:
    """``english`` (a text an engine or a figure wrote) in ``lang``, or None when the catalogue lacks it.

    Field values are translated too (``"Revenue (EUR)"`` -> ``"收入（欧元）"``
    through the currency entries).  A template match whose fields stay English
    is no translation: ``"{name} {n}"`` does not make ``"No such words"``
    Chinese, so the next candidate is tried and a gap is reported, not hidden.
    """
    check_language(lang)
    if lang == "en" or not english.strip():
        return english
    stripped = english.strip()
    if stripped in KEPT_TERMS or not re.search(r"[A-Za-z]{2,}", _MATH.sub("", stripped)):
        return english  # numbers, symbols and mathtext ticks such as $\mathdefault{10^{0}}$ need no words
    for key, fields in _candidates(stripped):
        translated = {}
        for name, value in fields.items():
            if f"currency_{value.strip()}" in TEXT:  # a currency code in a heading: "Revenue (EUR)" -> 收入（欧元）
                translated[name] = text(f"currency_{value.strip()}", lang)
                continue
            inner = translate(value, lang)
            if inner is None:
                if untranslated_words(value) and name not in DATA_FIELDS:
                    break  # this template leaves English words behind: try the next one
                inner = value
            translated[name] = inner
        else:
            return text(key, lang, **translated)
    return None


def untranslated_words(shown: str) -> list[str]:
    """English words in a text meant to be Chinese (catalogue gaps): Latin words not in :data:`KEPT_TERMS`."""
    kept = {t.lower() for t in KEPT_TERMS}
    shown = _MATH.sub("", shown)
    words = re.findall(r"[A-Za-z][A-Za-z/\-()]*[A-Za-z)]|[A-Za-z]{2,}", shown)
    return [w for w in words if w.lower() not in kept and w.strip("()").lower() not in kept]
