"""The Chinese font of figures and pages, from the package's own dependencies.

Figures: :mod:`crm_analysis.plotting` registers Noto Sans CJK SC (shipped by
the ``mplfonts`` package, located by :func:`cjk_font_path`) with matplotlib.

Pages: a report opened on a machine without any CJK font would show every
Chinese character as a box.  :func:`font_face_css` returns an ``@font-face``
rule that embeds, as a base64 WOFF ``data:`` URL, a *subset* of the same
font holding only the CJK and fullwidth characters the page uses, declared
with a ``unicode-range`` of exactly those characters.  :data:`PAGE_FONT_STACK`
names it *first*: thanks to the ``unicode-range`` the browser uses it only for
those characters, and Latin text keeps the reader's usual fonts.  (Named last,
as a pure fallback behind an installed font such as DejaVu Sans, Chromium did
not fall back to it on a machine without CJK fonts: headings and bold text
showed boxes.  Checked with screenshots under a fontconfig that sees only
DejaVu and Liberation.)
The subset keeps the page small: a Chinese report of ~500 distinct
characters adds roughly 80-110 KB (the full font is 16 MB).  The file is
reproducible: no timestamp is written into it.
"""
from __future__ import annotations

import base64
import io
from functools import lru_cache

from ..plotting import CJK_FONT_FAMILY, cjk_font_path

__all__ = ["cjk_font_path", "CJK_FONT_FAMILY", "WEB_FONT_FAMILY", "PAGE_FONT_STACK", "CODE_FONT_STACK",
           "needs_cjk_font", "cjk_characters", "font_subset_woff", "font_face_css", "unicode_range"]

#: the name the embedded subset is declared under (distinct from an installed "Noto Sans CJK SC")
WEB_FONT_FAMILY = "CRM Noto Sans CJK SC"
#: the page's font stack: the embedded CJK subset (only its characters, by unicode-range), then the usual fonts
#: (named Latin fonts before system-ui: on a Linux machine with few fonts, fontconfig answers system-ui with
#: whatever it has, often a serif)
PAGE_FONT_STACK = (f'"{WEB_FONT_FAMILY}", -apple-system, "Segoe UI", "DejaVu Sans", "Noto Sans", system-ui, '
                   f'Helvetica, Arial, sans-serif')
#: the stack for code and text output (``<pre>``): the CJK subset, then monospaced fonts
CODE_FONT_STACK = f'"{WEB_FONT_FAMILY}", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace'

#: code point ranges drawn by the CJK font (Latin fonts do not have them)
_CJK_RANGES = (
    (0x2E80, 0x2FFF),    # CJK radicals, Kangxi radicals, ideographic description
    (0x3000, 0x303F),    # CJK symbols and punctuation: 、。《》「」【】
    (0x3040, 0x30FF),    # hiragana, katakana
    (0x3100, 0x312F),    # bopomofo
    (0x3190, 0x31FF),
    (0x3200, 0x33FF),    # enclosed CJK letters, CJK compatibility
    (0x3400, 0x4DBF),    # CJK extension A
    (0x4E00, 0x9FFF),    # CJK unified ideographs
    (0xF900, 0xFAFF),    # CJK compatibility ideographs
    (0xFE10, 0xFE1F),    # vertical forms
    (0xFE30, 0xFE4F),    # CJK compatibility forms
    (0xFF00, 0xFFEF),    # halfwidth and fullwidth forms: （），：；！？％
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)


def needs_cjk_font(char: str) -> bool:
    """Whether ``char`` is a CJK or fullwidth character (drawn by the CJK font, not a Latin one)."""
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def cjk_characters(text: str) -> str:
    """The distinct CJK/fullwidth characters of ``text``, sorted by code point."""
    return "".join(sorted({c for c in text if ord(c) >= 0x2E80 and needs_cjk_font(c)}))


@lru_cache(maxsize=8)
def font_subset_woff(characters: str) -> bytes:
    """A WOFF font holding the glyphs of ``characters`` from Noto Sans CJK SC.

    Made with fontTools' subsetter: no hinting, no OpenType layout features,
    subroutines expanded (smaller after WOFF's compression), the ``.notdef``
    glyph kept; characters the font lacks are skipped.  Deterministic: the
    same characters give the same bytes.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff"
    options.hinting = False
    options.desubroutinize = True
    options.layout_features = []
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # keep the copyright/licence notice names
    options.notdef_outline = True
    font = TTFont(str(cjk_font_path()), recalcTimestamp=False, lazy=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in characters])
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    return buffer.getvalue()


def unicode_range(characters: str) -> str:
    """A CSS ``unicode-range`` value covering exactly ``characters`` (consecutive code points merged)."""
    codes = sorted({ord(c) for c in characters})
    parts, start = [], None
    for i, code in enumerate(codes):
        if start is None:
            start = code
        if i + 1 == len(codes) or codes[i + 1] != code + 1:
            parts.append(f"U+{start:X}" if start == code else f"U+{start:X}-{code:X}")
            start = None
    return ", ".join(parts)


def font_face_css(text: str) -> str:
    """An ``@font-face`` rule embedding the CJK characters of ``text``; ``""`` when there are none.

    The rule declares :data:`WEB_FONT_FAMILY` with a ``unicode-range`` of
    those characters, so the browser uses it only for them.
    """
    characters = cjk_characters(text)
    if not characters:
        return ""
    data = base64.b64encode(font_subset_woff(characters)).decode("ascii")
    return ("@font-face {\n"
            f'  font-family: "{WEB_FONT_FAMILY}";\n'
            f'  src: url(data:font/woff;base64,{data}) format("woff");\n'
            "  font-weight: normal; font-style: normal; font-display: block;\n"
            f"  unicode-range: {unicode_range(characters)};\n"
            "}\n")
