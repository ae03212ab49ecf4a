"""Figures of the satisfaction engine.  Every function takes ``ax=None`` and returns the Axes."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..plotting import PALETTE, finish, get_ax

__all__ = ["plot_importance_performance", "plot_churn_by_level", "plot_satisfaction_zones", "plot_penalty_reward"]


def plot_importance_performance(table: pd.DataFrame, *, ax=None, importance_label: str = "Importance (total effect)",
                                performance_label: str = "Performance (mean index, 0-100)"):
    """Scatter of an :func:`importance_performance` table with the quadrant cut lines."""
    ax = get_ax(ax)
    colours = {q: PALETTE[i] for i, q in enumerate(["concentrate here", "keep up the good work", "low priority",
                                                     "possible overkill"])}
    for quadrant, group in table.groupby("quadrant"):
        ax.scatter(group["performance"], group["importance"], color=colours.get(quadrant), label=quadrant, s=40)
    for name, row in table.iterrows():
        ax.annotate(str(name), (row["performance"], row["importance"]), textcoords="offset points", xytext=(4, 4),
                    fontsize=8)
    ax.axvline(table.attrs.get("performance_cut", table["performance"].mean()), color="grey", lw=0.8, ls="--")
    ax.axhline(table.attrs.get("importance_cut", table["importance"].mean()), color="grey", lw=0.8, ls="--")
    return finish(ax, title="Importance-performance map", xlabel=performance_label, ylabel=importance_label)


def plot_churn_by_level(table: pd.DataFrame, *, ax=None):
    """Bar chart of churn rate by satisfaction level with Wilson intervals and the claimed C1 rates."""
    ax = get_ax(ax)
    x = np.arange(len(table))
    rate = table["churn_rate"] * 100
    # clip: a Wilson bound of a 0 % or 100 % level can overshoot the rate by a rounding error (1e-17)
    err = np.clip(np.vstack([rate - table["ci_lower"] * 100, table["ci_upper"] * 100 - rate]), 0, None)
    ax.bar(x, rate, color=PALETTE[0], yerr=err, capsize=4, label="observed (Wilson interval)")
    if "claim_c1" in table and table["claim_c1"].notna().any():
        ax.scatter(x, table["claim_c1"] * 100, color=PALETTE[3], marker="D", zorder=3, label="claim C1")
    ax.set_xticks(x, [str(i) for i in table.index], rotation=20)
    return finish(ax, title="Churn by satisfaction level", xlabel="Satisfaction level", ylabel="Churn rate (%)")


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
    ax.set_yticks(y, [f"{a} ({k})" for a, k in zip(table.index, table["kano"])])
    ax.axvline(0, color="black", lw=0.8)
    return finish(ax, title="Penalty-reward contrast analysis", xlabel="Effect on overall satisfaction (rating points)",
                  ylabel="Attribute (Kano category)")
