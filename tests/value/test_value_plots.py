"""Value plots: Axes in/out, titles and labels with units, and the plotted data equal the computed tables."""
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import Polygon

from crm_analysis.exceptions import CRMDataError

from crm_analysis.value import (holdout_by_frequency, lorenz_curve, plot_calibration_holdout,
                                plot_cumulative_tracking, plot_customer_pyramid, plot_expected_purchases_heatmap,
                                plot_frequency_spend_quadrants, plot_lorenz_curve, plot_probability_alive_heatmap)


class ToyModel:
    """P(alive) and expected purchases with simple closed forms so cells can be checked by hand."""

    time_unit_ = "W"  # as a fitted model records it

    def predict(self, summary, t):
        return pd.Series(t * (summary["frequency"] + 1) / (summary["T"] + 1), index=summary.index)

    def probability_alive(self, summary):
        return pd.Series(np.where(summary["frequency"] == 0, 1.0, (summary["recency"] / summary["T"]) ** 2),
                         index=summary.index)


def labelled(ax):
    return bool(ax.get_title()) and bool(ax.get_xlabel()) and bool(ax.get_ylabel())


def test_expected_purchases_heatmap_cells():
    _, given = plt.subplots()
    ax = plot_expected_purchases_heatmap(ToyModel(), T=39, t=52, max_frequency=5, n_recency=4, ax=given)
    assert ax is given and labelled(ax) and "weeks" in ax.get_xlabel()
    grid = ax.collections[0].get_array()
    assert grid.shape == (6, 4)
    assert grid[3, 2] == pytest.approx(52 * 4 / 40)  # frequency 3
    assert grid[0, 0] == pytest.approx(52 / 40)
    assert np.ma.getmaskarray(grid)[0, 1:].all()  # frequency 0 with recency > 0 is impossible


def test_probability_alive_heatmap_cells():
    ax = plot_probability_alive_heatmap(ToyModel(), T=30, max_frequency=3, n_recency=4)
    assert labelled(ax)
    grid = ax.collections[0].get_array()
    assert grid[2, 1:].tolist() == pytest.approx([1 / 9, 4 / 9, 1])  # recency 10, 20, 30 of T = 30
    assert np.ma.getmaskarray(grid)[1:, 0].all()  # a repeat purchase at recency 0 is impossible
    assert grid[0, 0] == 1.0
    assert ax.collections[0].get_clim() == (0, 1)


def test_calibration_holdout_plot():
    comparison = pd.DataFrame({"frequency": [0, 1, 1, 2], "actual": [0.0, 1.0, 2.0, 3.0],
                               "predicted": [0.1, 1.2, 1.2, 2.5]})
    comparison.attrs["time_unit"] = "W"  # as compare_holdout records it
    table = holdout_by_frequency(comparison, max_frequency=2)
    ax = plot_calibration_holdout(table, duration=39)
    assert labelled(ax) and "39 weeks" in ax.get_ylabel()

    actual, model = ax.get_lines()[:2]
    assert actual.get_ydata().tolist() == [0.0, 1.5, 3.0]
    assert model.get_ydata().tolist() == pytest.approx([0.1, 1.2, 2.5])


def test_plot_units_come_from_the_model_or_the_table():
    class DailyModel(ToyModel):
        time_unit_ = "D"

    class Unitless(ToyModel):
        time_unit_ = None

    assert "days" in plot_expected_purchases_heatmap(DailyModel(), T=273, max_frequency=2, n_recency=3).get_xlabel()
    assert "months" in plot_probability_alive_heatmap(Unitless(), T=9, max_frequency=2, n_recency=3,
                                                      time_unit="M").get_title()
    with pytest.raises(CRMDataError, match='time_unit="W"'):
        plot_probability_alive_heatmap(Unitless(), T=9)
    with pytest.raises(CRMDataError, match="contradicts"):
        plot_probability_alive_heatmap(DailyModel(), T=9, time_unit="W")
    table = holdout_by_frequency(pd.DataFrame({"frequency": [0, 1], "actual": [0.0, 1.0], "predicted": [0.1, 1.2]}))
    assert "273 days" in plot_calibration_holdout(table, duration=273, time_unit="D").get_ylabel()
    with pytest.raises(CRMDataError, match="time unit"):
        plot_calibration_holdout(table, duration=273)
    plt.close("all")


def test_cumulative_tracking_plot():
    tracking = pd.DataFrame({"date": pd.date_range("2020-01-08", periods=4, freq="7D"),
                             "actual": [1.0, 2, 0, 1], "expected": [1.0, 1, 1, 1],
                             "actual_cumulative": [1.0, 3, 3, 4], "expected_cumulative": [1.0, 2, 3, 4],
                             "period": ["calibration", "calibration", "holdout", "holdout"]})
    ax = plot_cumulative_tracking(tracking)
    assert labelled(ax)
    lines = ax.get_lines()
    assert lines[0].get_ydata().tolist() == [1, 3, 3, 4] and len(lines) == 3  # actual, model, calibration end
    weekly = plot_cumulative_tracking(tracking, cumulative=False)
    assert weekly.get_lines()[0].get_ydata().tolist() == [1, 2, 0, 1]


def test_lorenz_curve_plot():
    values = pd.Series([1, 2, 3, 4])
    ax = plot_lorenz_curve(values, currency="EUR")
    assert labelled(ax) and "EUR" in ax.get_ylabel()
    curve = lorenz_curve(values)
    assert ax.get_lines()[0].get_ydata() == pytest.approx(100 * curve["value_share"].to_numpy())
    assert "Gini = 0.25" in ax.texts[0].get_text() and "32%" in ax.texts[0].get_text()


def test_customer_pyramid_plot():
    ax = plot_customer_pyramid([50, 30, 10, 5, 3, 2, -4])
    assert labelled(ax)
    layers = [p for p in ax.patches if isinstance(p, Polygon)]
    assert len(layers) == 4  # key, ordinary, small and the bad band
    widths = [np.ptp(p.get_xy()[:, 0]) for p in layers[:3]]
    assert widths[0] < widths[1] < widths[2]  # a pyramid: narrow top
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "2 customers (29%)" in texts and "83% of value" in texts  # key: 80 of net 96
    no_bad = plot_customer_pyramid([5, 3, 1])
    assert len([p for p in no_bad.patches if isinstance(p, Polygon)]) == 3


def test_frequency_spend_quadrants_plot():
    summary = pd.DataFrame({"frequency": [1, 2, 8, 9, 5], "monetary_value": [100.0, 5.0, 200.0, 4.0, 50.0]})
    ax = plot_frequency_spend_quadrants(summary)
    assert labelled(ax) and "USD" in ax.get_ylabel()
    sizes = [len(c.get_offsets()) for c in ax.collections]
    assert sizes == [1, 1, 1, 2]  # true friends, butterflies, barnacles, strangers
    assert [line.get_xdata()[0] for line in ax.get_lines()][0] == 5  # the frequency median
