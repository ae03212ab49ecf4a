"""Readings of the concentration curve and count-vs-value tables: hand-computed cases (moved from report_tables)."""
import matplotlib.axes
import numpy as np
import pandas as pd
import pytest

from crm_analysis.exceptions import CRMDataError
from crm_analysis.value import (customer_pyramid, customer_share_for_value, pareto_table, plot_count_value_shares,
                                segment_summary, top_share)

VALUES = pd.Series([50.0, 30, 10, 5, 3, 2], index=list("abcdef"))


def test_pareto_table_by_hand_and_agrees_with_top_share():
    table = pareto_table(VALUES, shares=[0.25, 0.5])
    # 0.25 * 6 = 1.5 customers: 50 + 30 / 2 = 65 of 100; top 3 of 6: 90 of 100
    assert table["value_share"].tolist() == pytest.approx([0.65, 0.9])
    assert table.index.tolist() == ["top 25%", "top 50%"]
    values = np.random.default_rng(3).gamma(0.6, 40, 500)
    for share in (0.05, 0.2, 0.37):
        expected = top_share(values, share, n_boot=1, random_state=0)["value_share"]
        assert pareto_table(values, [share])["value_share"].iloc[0] == pytest.approx(expected)


def test_customer_share_for_value_by_hand_and_inverts_pareto_table():
    assert customer_share_for_value(VALUES, 0.8) == pytest.approx(2 / 6)
    assert customer_share_for_value(VALUES, 0.65) == pytest.approx(1.5 / 6)  # half of the second customer
    assert customer_share_for_value(VALUES, 1.0) == pytest.approx(1.0)
    values = np.random.default_rng(4).exponential(1.0, 300)
    for target in (0.3, 0.5, 0.8):
        share = customer_share_for_value(values, target)
        assert pareto_table(values, [share])["value_share"].iloc[0] == pytest.approx(target)


def test_concentration_readings_reject_negative_values():
    with pytest.raises(CRMDataError, match="non-negative"):
        pareto_table([5, -1, 3])
    with pytest.raises(CRMDataError, match="value_share"):
        customer_share_for_value(VALUES, 0)


def test_segment_summary_by_hand():
    groups = pd.Series(pd.Categorical(["A", "A", "B", "B", "B", "C"], categories=["A", "B", "C", "D"]),
                       index=list("abcdef"), name="segment")
    table = segment_summary(groups, VALUES)
    assert table.index.tolist() == ["A", "B", "C", "D"]
    assert table["customers"].tolist() == [2, 3, 1, 0]
    assert table["value"].tolist() == pytest.approx([80, 18, 2, 0])
    assert table["customer_share"].tolist() == pytest.approx([2 / 6, 0.5, 1 / 6, 0])
    assert table["value_share"].tolist() == pytest.approx([0.8, 0.18, 0.02, 0])
    assert table["mean_value"].iloc[:3].tolist() == pytest.approx([40, 6, 2])
    with pytest.raises(CRMDataError, match="no entry"):
        segment_summary(groups.iloc[:3], VALUES)


def test_plot_count_value_shares():
    table = customer_pyramid(VALUES).table
    ax = plot_count_value_shares(table)
    assert isinstance(ax, matplotlib.axes.Axes)
    assert ax.get_title() and "%" in ax.get_xlabel() and ax.get_ylabel()
    assert len(ax.patches) == 2 * len(table)
