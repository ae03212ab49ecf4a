"""Churn figures.  Every function takes ``ax=None`` and returns the Axes (see :mod:`crm_analysis.plotting`)."""
from __future__ import annotations

import numpy as np
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve

from ..plotting import PALETTE, finish, get_ax

__all__ = ["plot_retention_curves", "plot_gains", "plot_calibration", "plot_profit_curve", "plot_hazard_ratios",
           "plot_roc_curves", "plot_pr_curves", "plot_driver_importance"]


def format_p_value(p: float, floor: float = 1e-4) -> str:
    """``"p = 0.032"`` or, below ``floor``, ``"p < 0.0001"`` (a p-value that underflows is not zero)."""
    return f"p < {floor:g}" if p < floor else f"p = {p:.2g}"


def plot_retention_curves(curves, ax=None, *, ci: bool = True, time_unit: str = "months"):
    """Kaplan-Meier step curves from :func:`kaplan_meier_by_segment`, with bands and the log-rank p-value."""
    ax = get_ax(ax)
    for i, (segment, curve) in enumerate(curves.curves.groupby("segment", sort=False)):
        colour = PALETTE[i % len(PALETTE)]
        ax.step(curve["tenure"], curve["retained"], where="post", color=colour, label=str(segment))
        if ci:
            ax.fill_between(curve["tenure"], curve["ci_lower"], curve["ci_upper"], step="post", color=colour,
                            alpha=0.15, linewidth=0)
    title = "Customer retention (Kaplan-Meier)"
    if curves.logrank is not None:
        title += f"; log-rank {format_p_value(curves.logrank['p_value'])}"
    ax.set_ylim(0, 1.02)
    return finish(ax, title=title, xlabel=f"Tenure ({time_unit})", ylabel="Share of customers retained")


def plot_gains(table, ax=None, *, label: str | None = None):
    """Cumulative gains curve from :func:`gains_table` against the random-calling diagonal."""
    ax = get_ax(ax)
    share = np.concatenate([[0], table["cumulative_share_customers"]])
    gain = np.concatenate([[0], table["gain"]])
    ax.plot(100 * share, 100 * gain, marker="o", label=label or "model")
    ax.plot([0, 100], [0, 100], color="grey", linestyle="--", label="random")
    return finish(ax, title="Cumulative gains", xlabel="Customers contacted, highest risk first (%)",
                  ylabel="Churners reached (%)")


def plot_calibration(table, ax=None, *, label: str | None = None):
    """Observed against predicted churn rate per bin (:func:`calibration_table`), with Wilson intervals."""
    ax = get_ax(ax)
    ax.errorbar(100 * table["mean_predicted"], 100 * table["observed_rate"],
                yerr=100 * np.vstack([table["observed_rate"] - table["ci_lower"],
                                      table["ci_upper"] - table["observed_rate"]]),
                marker="o", capsize=3, label=label or "model")
    ax.plot([0, 100], [0, 100], color="grey", linestyle="--", label="perfect calibration")
    return finish(ax, title="Calibration", xlabel="Predicted churn probability (%)", ylabel="Observed churn rate (%)")


def plot_profit_curve(curve, ax=None, *, currency: str = "USD"):
    """Expected (and realised) campaign profit against the share contacted, marking the best stop."""
    ax = get_ax(ax)
    table = curve.table
    ax.plot(100 * table["share_contacted"], table["expected_profit"], label="expected profit")
    if "realised_profit" in table:
        ax.plot(100 * table["share_contacted"], table["realised_profit"], alpha=0.7, label="realised profit")
    ax.axvline(100 * curve.best_share, color="grey", linestyle=":",
               label=f"best: contact {curve.best_share:.0%} (p >= {curve.best_threshold:.2f})")
    ax.axhline(0, color="black", linewidth=0.8)
    return finish(ax, title="Retention campaign profit", xlabel="Customers contacted, highest risk first (%)",
                  ylabel=f"Profit ({currency})")


def plot_hazard_ratios(model, ax=None, *, ci_level: float | None = None):
    """Hazard ratios of a fitted :class:`CoxChurnModel` with their intervals, on a log scale.

    The intervals are at ``ci_level`` (``None``: the model's ``ci_level``).
    """
    ax = get_ax(ax)
    level = model.ci_level if ci_level is None else ci_level
    table = model.summary(ci_level=level).sort_values("estimate")
    y = np.arange(len(table))
    # arrays, not Series: matplotlib calls float() on a one-covariate Series, which pandas deprecates
    estimate, low, high = (table[c].to_numpy(dtype=float) for c in ("estimate", "ci_lower", "ci_upper"))
    ax.errorbar(estimate, y, xerr=[estimate - low, high - estimate], fmt="o", capsize=3)
    ax.axvline(1, color="grey", linestyle="--")
    ax.set_yticks(y, table.index)
    ax.set_xscale("log")
    return finish(ax, title=f"Cox model: churn hazard ratios ({level:.0%} CI)",
                  xlabel="Hazard ratio (log scale; 1 = no effect)", ylabel="Covariate")


def plot_roc_curves(y, scores, ax=None):
    """ROC curves (true-positive against false-positive rate) of each score column, with the chance diagonal."""
    from .evaluation import labels_and_score_frame

    ax = get_ax(ax)
    y01, frame = labels_and_score_frame(y, scores)
    for i, (name, p) in enumerate(frame.items()):
        fpr, tpr, _ = roc_curve(y01, p)
        ax.plot(100 * fpr, 100 * tpr, color=PALETTE[i % len(PALETTE)],
                label=f"{name} (AUC {roc_auc_score(y01, p):.3f})")
    ax.plot([0, 100], [0, 100], color="grey", linestyle="--", label="chance (AUC 0.5)")
    return finish(ax, title="ROC curve", xlabel="Stayers wrongly flagged (false-positive rate, %)",
                  ylabel="Churners found (true-positive rate, %)")


def plot_pr_curves(y, scores, ax=None):
    """Precision-recall curves of each score column; the no-skill line is the churn rate."""
    from .evaluation import labels_and_score_frame

    ax = get_ax(ax)
    y01, frame = labels_and_score_frame(y, scores)
    for i, (name, p) in enumerate(frame.items()):
        precision, recall, _ = precision_recall_curve(y01, p)
        ax.plot(100 * recall, 100 * precision, color=PALETTE[i % len(PALETTE)],
                label=f"{name} (PR AUC {average_precision_score(y01, p):.3f})")
    ax.axhline(100 * y01.mean(), color="grey", linestyle="--", label=f"no skill ({y01.mean():.0%} churn)")
    ax.set_ylim(0, 102)
    return finish(ax, title="Precision-recall curve", xlabel="Churners found (recall, %)",
                  ylabel="Flagged customers who churn (precision, %)")


def plot_driver_importance(importance, ax=None, *, labels=None):
    """Horizontal bars: mean absolute effect of each column on churn probability (percentage points).

    ``importance`` is :attr:`ChurnDrivers.importance` (percentage points, largest
    first) or a per-customer effects table (its mean absolute value is taken);
    ``labels`` maps a column to the name shown (default: the column).
    """
    ax = get_ax(ax)
    if getattr(importance, "ndim", 1) == 2:
        importance = (100 * importance.abs().mean()).sort_values(ascending=False).head(8)
    shown = importance[::-1]
    labels = labels or {}
    ax.barh([labels.get(c, str(c)) for c in shown.index], shown.to_numpy(), color=PALETTE[0])
    return finish(ax, title="What moves a customer's churn risk",
                  xlabel="Mean change in churn probability vs a typical customer (percentage points)",
                  ylabel="Customer characteristic")
