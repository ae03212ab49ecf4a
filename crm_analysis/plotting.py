"""The shared look of every figure.  Plot functions take ``ax=None`` and return the Axes.

Conventions: every plot sets a title and labels both axes with their units,
e.g. ``"Recency (weeks since first purchase)"``; money axes say the currency.
"""
from __future__ import annotations

import matplotlib.pyplot as plt

#: the palette used across reports (colour-blind safe, from seaborn's "colorblind")
PALETTE = ["#0173b2", "#de8f05", "#029e73", "#d55e00", "#cc78bc", "#ca9161", "#fbafe4", "#949494"]


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
