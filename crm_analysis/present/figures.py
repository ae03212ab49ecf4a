"""Figures in the page's language.

Engine plot functions (``crm_analysis.value.plots`` and friends) write English
text.  :func:`localize` rewrites a finished figure into the report language
through the catalogue: titles, axis labels, category tick labels, legend
entries and free text (annotations).  Numbers are left alone.  In Chinese, a
text with no catalogue entry is reported with an :class:`UntranslatedTextWarning`
(``strict=True`` raises instead; the tests use that), so a gap in the
catalogue is found by the test suite rather than by a reader.

The CJK font itself comes from :mod:`crm_analysis.plotting`, which registers
the Noto Sans CJK SC font shipped with the ``mplfonts`` dependency.
"""
from __future__ import annotations

import functools
import re
import warnings

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedFormatter

from .. import plotting  # noqa: F401  (registers the CJK font with matplotlib)
from .catalogue import check_language, translate, untranslated_words

__all__ = ["localize", "UntranslatedTextWarning", "figure_texts"]


_CJK = re.compile(f"[{chr(0x3400)}-{chr(0x9FFF)}{chr(0xFF00)}-{chr(0xFFEF)}]")  # CJK ideographs, full-width forms


class UntranslatedTextWarning(UserWarning):
    """A figure text has no catalogue entry for the report language (it is shown in English)."""


def _figure_of(obj) -> Figure:
    if isinstance(obj, Figure):
        return obj
    if isinstance(obj, Axes):
        return obj.figure
    if hasattr(obj, "figure") and isinstance(obj.figure, Figure):  # e.g. a seaborn grid
        return obj.figure
    if hasattr(obj, "__iter__"):  # an array of Axes
        for item in obj:
            return _figure_of(item)
    raise TypeError(f"localize() takes a matplotlib Figure or Axes, got {type(obj).__name__}")


class _Translator:
    def __init__(self, lang: str, strict: bool):
        self.lang, self.strict, self.missing = lang, strict, []

    def __call__(self, shown: str) -> str:
        if not shown or self.lang == "en":
            return shown
        lines = shown.split("\n")
        out = []
        for line in lines:
            translated = translate(line, self.lang)
            if translated is None:
                if untranslated_words(line):
                    self.missing.append(line)
                translated = line
            out.append(translated)
        return "\n".join(out)


def _tick_labels(axis, tr: _Translator) -> None:
    formatter = axis.get_major_formatter()
    if isinstance(formatter, FixedFormatter):
        formatter.seq = [tr(str(s)) for s in formatter.seq]
        return
    func = getattr(formatter, "func", None)  # set_ticks(x, labels) with a FixedLocator: FuncFormatter over a dict
    if isinstance(func, functools.partial) and func.args and isinstance(func.args[0], dict):
        formatter.func = functools.partial(func.func, {k: tr(str(v)) for k, v in func.args[0].items()},
                                           *func.args[1:], **func.keywords)
        return
    if type(formatter).__name__ == "StrCategoryFormatter":  # a categorical axis
        mapping = formatter._units  # label -> position
        ticks = list(mapping.values())
        labels = [tr(str(k)) for k in mapping.keys()]
        axis.set_ticks(ticks, labels)


def localize(obj, lang: str = "en", *, strict: bool = False):
    """``obj`` (a Figure, an Axes or an array of Axes) with every text in ``lang``; returns ``obj``.

    English figures are returned unchanged.  In Chinese, each text is looked up
    in the catalogue (:func:`crm_analysis.present.catalogue.translate`, fields
    such as a currency code included); texts without an entry stay English and
    are reported by an :class:`UntranslatedTextWarning` (or a ``ValueError``
    with ``strict=True``).
    """
    check_language(lang)
    if lang == "en":
        return obj
    fig = _figure_of(obj)
    tr = _Translator(lang, strict)
    if fig._suptitle is not None:
        fig._suptitle.set_text(tr(fig._suptitle.get_text()))
    for ax in fig.axes:
        for title in (ax.title, ax._left_title, ax._right_title):
            title.set_text(tr(title.get_text()))
        ax.set_xlabel(tr(ax.get_xlabel()))
        ax.set_ylabel(tr(ax.get_ylabel()))
        _tick_labels(ax.xaxis, tr)
        _tick_labels(ax.yaxis, tr)
        for label in list(ax.get_xticklabels()) + list(ax.get_yticklabels()):
            label.set_text(tr(label.get_text()))
        for text_artist in ax.texts:
            text_artist.set_text(tr(text_artist.get_text()))
        legend = ax.get_legend()
        if legend is not None:
            legend.set_title(tr(legend.get_title().get_text()))
            for entry in legend.get_texts():
                entry.set_text(tr(entry.get_text()))
    for legend in fig.legends:
        for entry in legend.get_texts():
            entry.set_text(tr(entry.get_text()))
    for text_artist in fig.texts:
        text_artist.set_text(tr(text_artist.get_text()))
    if strict:  # judge what a reader will see: the texts of the drawn figure, ticks included
        tr.missing += [shown for shown in figure_texts(fig)  # a text with Chinese in it was translated
                       if not _CJK.search(shown) and translate(shown, lang) is None and untranslated_words(shown)]
    if tr.missing:
        message = (f"figure texts without a {lang} catalogue entry (shown in English): {sorted(set(tr.missing))}; "
                   f"add them to crm_analysis/present/catalogue/")
        if strict:
            raise ValueError(message)
        warnings.warn(message, UntranslatedTextWarning, stacklevel=2)
    return obj


def figure_texts(obj) -> list[str]:
    """Every text a figure shows (after drawing), for tests: titles, labels, ticks, legends, annotations."""
    fig = _figure_of(obj)
    fig.canvas.draw()
    shown = []
    for artist in fig.findobj(lambda a: hasattr(a, "get_text") and a.get_visible()):
        value = artist.get_text()
        if value and value.strip():
            shown.append(value)
    return shown


def close(obj) -> None:
    """Close the figure of ``obj`` (notebooks show figures, tests free them)."""
    plt.close(_figure_of(obj))
