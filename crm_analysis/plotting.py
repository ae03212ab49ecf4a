"""The shared look of every figure.  Plot functions take ``ax=None`` and return the Axes.

Conventions: every plot sets a title and labels both axes with their units,
e.g. ``"Recency (weeks since first purchase)"``; money axes say the currency.

Fonts.  Importing this module (every engine plot module does) makes Chinese
text render in any figure, with no font installed on the system: the Noto Sans
CJK SC font shipped by the ``mplfonts`` package (a PyPI dependency) is added
to matplotlib's font manager *by its file path*, and the default font family
becomes ``["sans-serif", "Noto Sans CJK SC"]``.  Matplotlib (3.6 and later)
falls back glyph by glyph along that list: Latin letters, digits and the minus
sign come from DejaVu Sans (bundled with matplotlib, the first ``sans-serif``
font), every glyph DejaVu lacks (Chinese characters, fullwidth punctuation)
from Noto Sans CJK SC.  So English figures look exactly as before, and a
Chinese title, tick label or legend entry shows its characters instead of
boxes.  :func:`cjk_font_path` finds the font file without importing
``mplfonts`` (whose import changes matplotlib's settings).
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from matplotlib import font_manager

#: the palette used across reports (colour-blind safe, from seaborn's "colorblind")
PALETTE = ["#0173b2", "#de8f05", "#029e73", "#d55e00", "#cc78bc", "#ca9161", "#fbafe4", "#949494"]

#: the CJK font file inside the ``mplfonts`` package and the family name it declares
CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
CJK_FONT_FAMILY = "Noto Sans CJK SC"
#: the font every Latin glyph comes from (bundled with matplotlib, so always present)
LATIN_FONT_FAMILY = "DejaVu Sans"

__all__ = ["PALETTE", "get_ax", "finish", "cjk_font_path", "use_cjk_font", "CJK_FONT_FAMILY", "CJK_FONT_FILE"]


def cjk_font_path() -> Path:
    """The path of ``NotoSansCJKsc-Regular.otf`` shipped by the ``mplfonts`` package.

    The package is located with :func:`importlib.util.find_spec`, which reads
    its location without running its ``__init__`` (importing ``mplfonts``
    would change matplotlib's rcParams).  A missing package or font file
    raises :class:`FileNotFoundError` saying how to install it.
    """
    try:
        spec = importlib.util.find_spec("mplfonts")
    except (ImportError, ValueError):
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        path = Path(location) / "fonts" / CJK_FONT_FILE
        if path.is_file():
            return path
    where = ", ".join(locations) if locations else "the package is not installed"
    raise FileNotFoundError(
        f"the Chinese font {CJK_FONT_FILE} (package 'mplfonts') was not found ({where}); "
        "install the package's dependencies again, e.g. `pip install mplfonts`, so that figures "
        "and pages can show Chinese text without a system font")


def use_cjk_font() -> str:
    """Register the CJK font with matplotlib and make it the fallback of the default family.

    Idempotent.  The font's entry is put first among fonts of the same name,
    so a system copy of Noto Sans CJK SC (if any) is not preferred over the
    packaged one: the figures look the same on every machine.  Sets
    ``font.family = ["sans-serif", "Noto Sans CJK SC"]``, puts DejaVu Sans
    first in ``font.sans-serif`` and keeps ``axes.unicode_minus`` on (DejaVu
    Sans has the true minus sign U+2212).  Returns the family name.
    """
    path = str(cjk_font_path())
    manager = font_manager.fontManager
    if not any(entry.fname == path for entry in manager.ttflist):
        manager.addfont(path)
    ours = [entry for entry in manager.ttflist if entry.fname == path]
    others = [entry for entry in manager.ttflist if entry.fname != path]
    manager.ttflist = ours + others
    manager._findfont_cached.cache_clear()  # ttflist changed: forget earlier look-ups

    sans = [LATIN_FONT_FAMILY, CJK_FONT_FAMILY]
    sans += [name for name in matplotlib.rcParams["font.sans-serif"] if name not in sans]
    matplotlib.rcParams["font.sans-serif"] = sans
    matplotlib.rcParams["font.family"] = ["sans-serif", CJK_FONT_FAMILY]
    matplotlib.rcParams["axes.unicode_minus"] = True
    return CJK_FONT_FAMILY


use_cjk_font()


def get_ax(ax=None, *, figsize=(7, 4.5)):
    """Return ``ax`` or a fresh Axes on a new figure of ``figsize`` inches."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, constrained_layout=True)
    return ax


def finish(ax, *, title: str, xlabel: str, ylabel: str, legend: bool | None = None):
    """Set the title and axis labels (and a legend when there are labelled artists); return ``ax``."""
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if legend or (legend is None and ax.get_legend_handles_labels()[0]):
        ax.legend(frameon=False)
    ax.grid(True, alpha=0.3)
    return ax
