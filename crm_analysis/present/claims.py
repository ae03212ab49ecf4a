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
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .catalogue import text

__all__ = ["Phrase", "Join", "render"]


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
