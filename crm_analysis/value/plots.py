"""Figures of the customer-value engine.  Every function takes ``ax=None`` and returns the Axes.

Text in figures is English; :func:`crm_analysis.present.localize` puts a
finished figure into the report's language through the catalogue
(``crm_analysis/present/catalogue/value.py``), and :mod:`crm_analysis.plotting`
registers the CJK font that the Chinese texts need.

* :func:`plot_expected_purchases_heatmap`, :func:`plot_probability_alive_heatmap`
  - a fitted repeat-purchase model over a frequency x recency grid;
* :func:`plot_calibration_holdout`, :func:`plot_cumulative_tracking` - model validation;
* :func:`plot_lorenz_curve`, :func:`plot_customer_pyramid`,
  :func:`plot_frequency_spend_quadrants`, :func:`plot_count_value_shares` - concentration and tiers.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.patches import Polygon

from ..plotting import PALETTE, finish, get_ax
from ..timegrid import model_time_unit, summary_time_unit, unit_name, with_time_unit
from ..validation import check_columns
from .concentration import customer_pyramid, frequency_spend_quadrants, gini, lorenz_curve, top_share

__all__ = ["plot_expected_purchases_heatmap", "plot_probability_alive_heatmap", "plot_calibration_holdout",
           "plot_cumulative_tracking", "plot_lorenz_curve", "plot_customer_pyramid",
           "plot_frequency_spend_quadrants", "plot_count_value_shares"]

# ---------------------------------------------------------------------- heat maps
def _grid(T: float, max_frequency: int, n_recency: int, time_unit: str) -> pd.DataFrame:
    """Valid (frequency, recency) cells for customers observed for ``T`` (in ``time_unit``, recorded with the grid).

    Recency is 0 exactly when frequency is 0 (a repeat purchase comes after the
    first), so the recency-0 column holds only the frequency-0 cell.
    """
    recency = np.linspace(0.0, T, n_recency)
    rows = [(0, 0.0)] + [(x, r) for x in range(1, max_frequency + 1) for r in recency if r > 0]
    grid = pd.DataFrame(rows, columns=["frequency", "recency"])
    grid["T"] = float(T)
    return with_time_unit(grid, time_unit)


def _heatmap(values: pd.Series, grid: pd.DataFrame, ax, *, title, colorbar_label, unit, cmap):
    ax = get_ax(ax)
    table = grid.assign(value=np.asarray(values, dtype=float)).pivot_table(
        index="frequency", columns="recency", values="value", aggfunc="first")
    recency = table.columns.to_numpy()
    frequency = table.index.to_numpy()
    mesh = ax.pcolormesh(_edges(recency), _edges(frequency), np.ma.masked_invalid(table.to_numpy()),
                         cmap=cmap, shading="flat")
    ax.figure.colorbar(mesh, ax=ax, label=colorbar_label)
    return finish(ax, title=title, xlabel=f"Recency (last purchase, {unit} after the first)",
                  ylabel="Frequency (repeat purchases)", legend=False)


def _edges(centres: np.ndarray) -> np.ndarray:
    if len(centres) == 1:
        return np.array([centres[0] - 0.5, centres[0] + 0.5])
    mid = (centres[:-1] + centres[1:]) / 2
    return np.r_[centres[0] - (mid[0] - centres[0]), mid, centres[-1] + (centres[-1] - mid[-1])]


def plot_expected_purchases_heatmap(model, T: float, t: float = 1.0, *, max_frequency: int = 20,
                                    n_recency: int = 40, time_unit: str | None = None, ax=None):
    """Expected purchases in the next ``t`` time units by frequency and recency, for customers observed ``T`` units.

    ``model`` is a fitted repeat-purchase model with ``predict(summary, t)``;
    ``T``, ``t`` and the axis are in the unit it was fitted in (``time_unit_``;
    ``time_unit`` only for a model that records none, else it must agree).
    Impossible cells (frequency 0 with recency > 0, a repeat purchase at
    recency 0) are left blank.
    The typical picture: most value sits with frequent *and* recent buyers;
    frequent buyers who have gone quiet (bottom-right to top-left) expect little.
    """
    code = model_time_unit(model, time_unit, parameter="time_unit")
    unit = unit_name(code)
    grid = _grid(T, max_frequency, n_recency, code)
    values = model.predict(grid, t)
    return _heatmap(values, grid, ax, title=f"Expected purchases in the next {t:g} {unit} (T = {T:g} {unit})",
                    colorbar_label="Expected purchases", unit=unit, cmap="viridis")


def plot_probability_alive_heatmap(model, T: float, *, max_frequency: int = 20, n_recency: int = 40,
                                   time_unit: str | None = None, ax=None):
    """P(alive) by frequency and recency for customers observed ``T`` units (``model.probability_alive``).

    Units as in :func:`plot_expected_purchases_heatmap`: the model's ``time_unit_``.
    """
    code = model_time_unit(model, time_unit, parameter="time_unit")
    unit = unit_name(code)
    grid = _grid(T, max_frequency, n_recency, code)
    values = model.probability_alive(grid)
    ax = _heatmap(values, grid, ax, title=f"Probability a customer is still active (T = {T:g} {unit})",
                  colorbar_label="P(alive)", unit=unit, cmap="magma")
    ax.collections[0].set_clim(0, 1)
    return ax


# ---------------------------------------------------------------------- validation
def plot_calibration_holdout(by_frequency: pd.DataFrame, *, time_unit: str | None = None, duration=None, ax=None):
    """Mean actual vs predicted holdout purchases by calibration frequency (from :func:`holdout_by_frequency`).

    ``duration`` (the holdout length) is labelled in the table's recorded
    ``time_unit`` (``by_frequency.attrs``, carried from the split); pass
    ``time_unit`` only for a table without a record.
    """
    ax = get_ax(ax)
    positions = np.arange(len(by_frequency))
    ax.plot(positions, by_frequency["actual"], marker="o", color=PALETTE[0], label="Actual")
    ax.plot(positions, by_frequency["predicted"], marker="s", linestyle="--", color=PALETTE[1], label="Model")
    ax.set_xticks(positions, [str(i) for i in by_frequency.index])
    span = ""
    if duration is not None:
        span = f" ({duration:g} {unit_name(summary_time_unit(by_frequency, time_unit))})"
    return finish(ax, title="Holdout purchases by calibration frequency",
                  xlabel="Repeat purchases in the calibration period",
                  ylabel=f"Mean purchases per customer in the holdout{span}")


def plot_cumulative_tracking(tracking: pd.DataFrame, *, cumulative: bool = True, ax=None):
    """Actual vs expected repeat purchases over calendar time (from :func:`cumulative_tracking`).

    A vertical line marks the end of the calibration period.
    """
    ax = get_ax(ax)
    suffix = "_cumulative" if cumulative else ""
    ax.plot(tracking["date"], tracking["actual" + suffix], color=PALETTE[0], label="Actual")
    ax.plot(tracking["date"], tracking["expected" + suffix], color=PALETTE[1], linestyle="--", label="Model")
    calibration = tracking.loc[tracking["period"] == "calibration", "date"]
    if len(calibration) and len(calibration) < len(tracking):
        ax.axvline(calibration.iloc[-1], color="grey", linestyle=":", label="End of calibration")
    kind = "Cumulative repeat" if cumulative else "Repeat"
    ax.figure.autofmt_xdate()
    return finish(ax, title=f"{kind} purchases: actual vs model", xlabel="Date (end of step)",
                  ylabel=f"{kind} purchases (count)")


# ---------------------------------------------------------------------- concentration
def plot_lorenz_curve(values, *, share: float = 0.2, currency: str = "USD", ax=None):
    """Lorenz curve with the line of equality, the Gini coefficient and the top-``share`` value share."""
    ax = get_ax(ax)
    curve = lorenz_curve(values)
    ax.plot(curve["customer_share"] * 100, curve["value_share"] * 100, color=PALETTE[0], label="Lorenz curve")
    ax.plot([0, 100], [0, 100], color="grey", linestyle="--", label="Equal value")
    top = top_share(values, share, n_boot=1)["value_share"]
    ax.annotate(f"Gini = {gini(values):.2f}\nTop {share:.0%} of customers bring {top:.0%}",
                xy=(100 * (1 - share), 100 * (1 - top)), xytext=(5, 70), textcoords="data",
                arrowprops={"arrowstyle": "->", "color": "grey"})
    return finish(ax, title="Concentration of customer value",
                  xlabel="Customers, least to most valuable (% of customers)",
                  ylabel=f"Cumulative value ({currency}, % of total)")


def plot_customer_pyramid(values, *, key_share: float = 0.8, ordinary_share: float = 0.95, ax=None):
    """The customer pyramid: key customers at the top, ordinary, small, and bad customers below the base.

    Each layer is annotated with its customers (count and %) and share of
    value; the widths are drawn as a pyramid (the layers' shapes do not encode
    numbers), so compare the annotations: few key customers, most of the value.
    """
    ax = get_ax(ax)
    _, table = customer_pyramid(values, key_share=key_share, ordinary_share=ordinary_share)
    layers = [("key", 2.0, 3.0), ("ordinary", 1.0, 2.0), ("small", 0.0, 1.0)]
    for (tier, low, high), colour in zip(layers, PALETTE):
        half_low, half_high = (3.0 - low) / 3.0, (3.0 - high) / 3.0
        ax.add_patch(Polygon([(-half_low, low), (half_low, low), (half_high, high), (-half_high, high)],
                             closed=True, facecolor=colour, edgecolor="white", alpha=0.85))
        ax.text(0, (low + high) / 2 - 0.1, _layer_label(table.loc[tier]), ha="center", va="center", fontsize=8)
    has_bad = table.loc["bad", "customers"] > 0
    if has_bad:
        ax.add_patch(Polygon([(-1, -0.1), (1, -0.1), (1, -0.8), (-1, -0.8)], closed=True,
                             facecolor=PALETTE[3], edgecolor="white", alpha=0.85))
        ax.text(0, -0.45, _layer_label(table.loc["bad"]), ha="center", va="center", fontsize=8)
    ax.set_xlim(-1.1, 1.1)
    ax.set_ylim(-0.9 if has_bad else -0.1, 3.1)
    ax.set_xticks([])
    ax.set_yticks([])
    return finish(ax, title="Customer pyramid (tiers by cumulative value share)",
                  xlabel="Layer width: illustrative (see labels)", ylabel="Tier (top = most valuable)", legend=False)


def _layer_label(row: pd.Series) -> str:
    return (f"{row.name}\n{int(row['customers'])} customers ({row['customer_share']:.0%})\n"
            f"{row['value_share']:.0%} of value")


def plot_frequency_spend_quadrants(summary: pd.DataFrame, *, frequency_col: str = "frequency",
                                   spend_col: str = "monetary_value", frequency_split=None, spend_split=None,
                                   currency: str = "USD", ax=None):
    """Scatter of frequency vs spend with the split lines and the four named quadrants."""
    ax = get_ax(ax)
    result = frequency_spend_quadrants(summary, frequency_col=frequency_col, spend_col=spend_col,
                                       frequency_split=frequency_split, spend_split=spend_split)
    freq = pd.to_numeric(summary[frequency_col])
    spend = pd.to_numeric(summary[spend_col])
    for segment, colour in zip(result.table.index, PALETTE):
        mask = (result.segments == segment).to_numpy()
        ax.scatter(freq[mask], spend[mask], s=10, alpha=0.5, color=colour,
                   label=f"{segment}: {mask.sum()} customers")
    ax.axvline(result.frequency_split, color="grey", linestyle="--")
    ax.axhline(result.spend_split, color="grey", linestyle="--")
    return finish(ax, title="Frequency x spend quadrants", xlabel=f"Purchase frequency ({frequency_col}, count)",
                  ylabel=f"Spend per purchase ({spend_col}, {currency})")


def plot_count_value_shares(table: pd.DataFrame, *, value_name: str = "revenue", ax=None):
    """Side-by-side bars: each group's share of customers and share of value (count vs value pyramid).

    ``table`` has ``customer_share`` and ``value_share`` columns (a pyramid
    table or :func:`segment_summary`); rows are drawn top to bottom.
    """
    check_columns(table, ["customer_share", "value_share"], name="table")
    ax = get_ax(ax)
    rows = np.arange(len(table))[::-1]
    height = 0.38
    ax.barh(rows + height / 2, 100 * table["customer_share"], height, color=PALETTE[0], label="Share of customers")
    ax.barh(rows - height / 2, 100 * table["value_share"], height, color=PALETTE[1], label=f"Share of {value_name}")
    for y, c, v in zip(rows, table["customer_share"], table["value_share"]):
        ax.text(100 * c + 1, y + height / 2, f"{c:.0%}", va="center", fontsize=8)
        ax.text(100 * v + 1, y - height / 2, f"{v:.0%}", va="center", fontsize=8)
    ax.set_yticks(rows, [str(i) for i in table.index])
    ax.set_xlim(0, 110)
    return finish(ax, title=f"Customers vs {value_name} by group", xlabel="Share of the total (%)",
                  ylabel=str(table.index.name or "Group"))
