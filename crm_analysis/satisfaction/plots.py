"""Figures of the satisfaction engine.  Every function takes ``ax=None`` and returns the Axes."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..plotting import PALETTE, finish, get_ax

__all__ = ["plot_importance_performance", "plot_churn_by_level", "plot_satisfaction_zones", "plot_penalty_reward"]


def plot_importance_performance(table: pd.DataFrame, *, ax=None, importance_label: str = "Importance (total effect)",
                                performance_label: str = "Performance (mean index, 0-100)", labels=None):
    """Scatter of an importance-performance table with the quadrant cut lines.

    ``table`` is an :func:`importance_performance` table, or a
    :func:`pls_driver_priorities` table: then points are coloured by their
    ``priority`` (grey for "no clear priority") and carry their bootstrap
    intervals as error bars.  ``labels`` (``{driver: text}``) names the points
    (default: the index).
    """
    ax = get_ax(ax)
    colours = {q: PALETTE[i] for i, q in enumerate(["concentrate here", "keep up the good work", "low priority",
                                                     "possible overkill"])}
    colours["no clear priority"] = "#949494"
    group_by = "priority" if "priority" in table else "quadrant"
    if {"importance_lower", "importance_upper", "performance_lower", "performance_upper"} <= set(table.columns):
        xerr = np.clip(np.vstack([table["performance"] - table["performance_lower"],
                                  table["performance_upper"] - table["performance"]]), 0, None)
        yerr = np.clip(np.vstack([table["importance"] - table["importance_lower"],
                                  table["importance_upper"] - table["importance"]]), 0, None)
        ax.errorbar(table["performance"], table["importance"], xerr=xerr, yerr=yerr, fmt="none", ecolor="#bbbbbb",
                    elinewidth=1, capsize=2, zorder=1)
    order = [q for q in list(colours) if q in set(table[group_by])]
    for quadrant in order:
        group = table[table[group_by] == quadrant]
        ax.scatter(group["performance"], group["importance"], color=colours.get(quadrant), label=quadrant, s=40,
                   zorder=2)
    labels = labels or {}
    for name, row in table.iterrows():
        ax.annotate(str(labels.get(name, name)), (row["performance"], row["importance"]), textcoords="offset points",
                    xytext=(4, 4), fontsize=8)
    ax.axvline(table.attrs.get("performance_cut", table["performance"].mean()), color="grey", lw=0.8, ls="--")
    ax.axhline(table.attrs.get("importance_cut", table["importance"].mean()), color="grey", lw=0.8, ls="--")
    return finish(ax, title="Importance-performance map", xlabel=performance_label, ylabel=importance_label)


def plot_churn_by_level(table: pd.DataFrame, *, ax=None, ylabel: str = "Churn rate (%)", claim: bool = True):
    """Bar chart of churn rate by satisfaction level with Wilson intervals and (``claim``) the claimed C1 rates.

    ``ylabel`` names the rate (e.g. "Stated intention to leave (%)" when churn is stated).
    """
    ax = get_ax(ax)
    x = np.arange(len(table))
    rate = table["churn_rate"] * 100
    # clip: a Wilson bound of a 0 % or 100 % level can overshoot the rate by a rounding error (1e-17)
    err = np.clip(np.vstack([rate - table["ci_lower"] * 100, table["ci_upper"] * 100 - rate]), 0, None)
    ax.bar(x, rate, color=PALETTE[0], yerr=err, capsize=4, label="observed (Wilson interval)")
    if claim and "claim_c1" in table and table["claim_c1"].notna().any():
        ax.scatter(x, table["claim_c1"] * 100, color=PALETTE[3], marker="D", zorder=3, label="claim C1")
    ax.set_xticks(x, [str(i) for i in table.index], rotation=20)
    return finish(ax, title="Churn by satisfaction level", xlabel="Satisfaction level", ylabel=ylabel)


def plot_satisfaction_zones(table: pd.DataFrame, *, ax=None, outcome_label: str = "Mean loyalty (scale points)"):
    """Mean outcome by satisfaction level (a :func:`satisfaction_zones` table), coloured by zone."""
    ax = get_ax(ax)
    colours = {"defection": PALETTE[3], "indifference": PALETTE[7], "affection": PALETTE[2]}
    ax.plot(table.index, table["mean"], color="black", lw=1)
    for zone, group in table.groupby("zone"):
        err = np.clip(np.vstack([group["mean"] - group["ci_lower"], group["ci_upper"] - group["mean"]]), 0, None)
        ax.errorbar(group.index, group["mean"], yerr=err,
                    fmt="o", color=colours.get(zone), label=f"zone of {zone}", capsize=3)
    return finish(ax, title="Loyalty along the satisfaction scale", xlabel="Satisfaction (rating points)",
                  ylabel=outcome_label)


def plot_penalty_reward(table: pd.DataFrame, *, ax=None):
    """Horizontal bars of penalties (left) and rewards (right) per attribute, labelled with the Kano category."""
    ax = get_ax(ax)
    y = np.arange(len(table))
    ax.barh(y, table["penalty"], color=PALETTE[3], label="penalty (low rating)")
    ax.barh(y, table["reward"], color=PALETTE[2], label="reward (high rating)")
    ax.set_yticks(y, [f"{a} (Kano: {k})" for a, k in zip(table.index, table["kano"])])
    ax.axvline(0, color="black", lw=0.8)
    return finish(ax, title="Penalty-reward contrast analysis", xlabel="Effect on overall satisfaction (rating points)",
                  ylabel="Attribute (Kano category)")
