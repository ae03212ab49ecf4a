"""Concentration and tiers: hand-computed Lorenz/Gini/top share, pyramid, quadrants and RFM scores."""
import itertools

import numpy as np
import pandas as pd
import pytest

from crm_analysis.exceptions import CRMDataError
from crm_analysis.value import (customer_pyramid, frequency_spend_quadrants, gini, lorenz_curve, rfm_scores,
                                rfm_segments, top_share)
from crm_analysis.value.concentration import RFM_SEGMENT_RULES, NegativeValueWarning


def test_lorenz_curve_by_hand():
    curve = lorenz_curve(pd.Series([4, 1, 3, 2]))
    assert curve["customer_share"].tolist() == pytest.approx([0, 0.25, 0.5, 0.75, 1])
    assert curve["value_share"].tolist() == pytest.approx([0, 0.1, 0.3, 0.6, 1])


def test_gini_by_hand():
    # |differences| of 1..4 sum to 20 over ordered pairs; G = 20 / (2 * 16 * 2.5) = 0.25
    assert gini([1, 2, 3, 4]) == pytest.approx(0.25)
    assert gini([5, 5, 5]) == pytest.approx(0.0)
    assert gini([0, 0, 0, 10]) == pytest.approx(0.75)  # (n - 1) / n when one customer has everything


def test_gini_equals_mean_absolute_difference_definition():
    x = np.random.default_rng(1).gamma(0.5, 10, 200)
    mad = np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())
    assert gini(x) == pytest.approx(mad)


def test_top_share_by_hand():
    values = [1, 2, 3, 4]
    assert top_share(values, 0.25, n_boot=10, random_state=0)["value_share"] == pytest.approx(0.4)
    assert top_share(values, 0.5, n_boot=10, random_state=0)["value_share"] == pytest.approx(0.7)
    # 0.2 * 4 = 0.8 of the top customer: 0.8 * 4 / 10
    assert top_share(values, 0.2, n_boot=10, random_state=0)["value_share"] == pytest.approx(0.32)


def test_top_share_bootstrap_interval():
    rng = np.random.default_rng(7)
    values = pd.Series(rng.pareto(1.16, 3000) + 1)  # shape log4(5) = 1.16: the "80/20" Pareto law
    result = top_share(values, 0.2, n_boot=400, random_state=3)
    assert result["ci_lower"] < result["value_share"] < result["ci_upper"]
    assert result["n_customers"] == 3000
    again = top_share(values, 0.2, n_boot=400, random_state=3)
    pd.testing.assert_series_equal(result, again)
    # a constant population has no concentration and no sampling variation
    flat = top_share(np.ones(50), 0.2, n_boot=100, random_state=0)
    assert flat[["value_share", "ci_lower", "ci_upper"]].tolist() == pytest.approx([0.2, 0.2, 0.2])


def test_top_share_interval_covers_the_truth_for_a_known_law():
    # exponential values: the top share s holds s (1 - log s) of the total, 0.2 * (1 + log 5) = 0.5219
    values = np.random.default_rng(11).exponential(1.0, 4000)
    result = top_share(values, 0.2, n_boot=300, random_state=5)
    assert result["ci_lower"] < 0.2 * (1 + np.log(5)) < result["ci_upper"]


def test_customer_pyramid_by_hand():
    values = pd.Series([3, 50, -4, 10, 30, 2, 5], index=list("abcdefg"), name="profit")
    before = values.copy()
    tiers, table = customer_pyramid(values)
    pd.testing.assert_series_equal(values, before)
    # sorted 50, 30, 10, 5, 3, 2 (positive total 100): cumulative share before each 0, .5, .8, .9, .95, .98
    assert tiers.to_dict() == {"a": "small", "b": "key", "c": "bad", "d": "ordinary", "e": "key",
                               "f": "small", "g": "ordinary"}
    assert list(table.index) == ["key", "ordinary", "small", "bad"]
    assert table["customers"].tolist() == [2, 2, 2, 1]
    assert table["value"].tolist() == [80, 15, 5, -4]
    assert table["value_share"].tolist() == pytest.approx([80 / 96, 15 / 96, 5 / 96, -4 / 96])
    assert table["customer_share"].sum() == pytest.approx(1)
    assert "label_zh" not in table and table["action"].str.len().gt(10).all()  # Chinese names: the catalogue


def test_customer_pyramid_thresholds_and_zeros():
    tiers, table = customer_pyramid([10, 10, 10, 10, 0], key_share=0.5, ordinary_share=0.75)
    assert tiers.tolist() == ["key", "key", "ordinary", "small", "small"]
    assert table.loc["bad", "customers"] == 0
    with pytest.raises(CRMDataError, match="key_share"):
        customer_pyramid([1, 2], key_share=0.9, ordinary_share=0.8)


def test_frequency_spend_quadrants_by_hand():
    summary = pd.DataFrame({"frequency": [1, 2, 8, 9, 5], "monetary_value": [100.0, 5.0, 200.0, 4.0, 50.0]},
                           index=[10, 11, 12, 13, 14])
    result = frequency_spend_quadrants(summary)
    assert result.frequency_split == 5 and result.spend_split == 50  # the medians
    assert result.segments.to_dict() == {10: "butterflies", 11: "strangers", 12: "true friends",
                                         13: "barnacles", 14: "strangers"}
    assert result.table.loc["strangers", "customers"] == 2
    assert result.table.loc["true friends", "value"] == 1600
    custom = frequency_spend_quadrants(summary, frequency_split=1.5, spend_split=10)
    assert custom.segments[11] == "barnacles"


def test_rfm_scores_by_hand():
    summary = pd.DataFrame({
        "frequency": [0, 1, 2, 3, 4],
        "recency": [0.0, 10.0, 30.0, 35.0, 5.0],
        "T": [40.0, 40.0, 40.0, 40.0, 40.0],
        "monetary_value": [0.0, 20.0, 20.0, 30.0, 10.0],
    }, index=list("abcde"))
    scores = rfm_scores(summary)
    # time since last purchase: 40, 30, 10, 5, 35 -> most recent (5) scores 5
    assert scores["r_score"].tolist() == [1, 3, 4, 5, 2]
    assert scores["f_score"].tolist() == [1, 2, 3, 4, 5]
    # ties share the lower score: values 0, 20, 20, 30, 10 -> min ranks 1, 3, 3, 5, 2
    assert scores["m_score"].tolist() == [1, 3, 3, 5, 2]
    assert scores.loc["d", "rfm_cell"] == "545" and scores.loc["d", "rfm_total"] == 14


def test_rfm_scores_do_not_depend_on_row_order():
    rng = np.random.default_rng(3)
    summary = pd.DataFrame({"frequency": rng.integers(0, 4, 200), "recency": 0.0, "T": 52.0,
                            "monetary_value": rng.integers(1, 5, 200).astype(float)})
    summary["recency"] = np.where(summary["frequency"] > 0, rng.uniform(0, 52, 200).round(), 0.0)
    forward = rfm_scores(summary)
    backward = rfm_scores(summary.iloc[::-1]).loc[summary.index]
    pd.testing.assert_frame_equal(forward, backward)
    assert forward[["r_score", "f_score", "m_score"]].isin(range(1, 6)).all().all()


def test_rfm_segments_cover_every_score_combination():
    cells = pd.DataFrame(list(itertools.product(range(1, 6), repeat=3)), columns=["r_score", "f_score", "m_score"])
    segments = rfm_segments(cells)
    assert "Other" not in set(segments)
    assert segments[(cells == [5, 5, 5]).all(axis=1)].item() == "Champions"
    assert segments[(cells == [1, 1, 1]).all(axis=1)].item() == "Lost"
    assert segments[(cells == [1, 5, 5]).all(axis=1)].item() == "Cannot lose them"
    assert segments[(cells == [2, 4, 4]).all(axis=1)].item() == "At risk"
    assert segments[(cells == [5, 1, 1]).all(axis=1)].item() == "New customers"
    assert list(segments.cat.categories) == list(RFM_SEGMENT_RULES["segment"])


@pytest.mark.parametrize("func", [gini, lorenz_curve, lambda v: top_share(v, n_boot=5, random_state=0)])
def test_bad_values(func):
    with pytest.raises(CRMDataError, match="missing"):
        func(pd.Series([1.0, None, 2.0], name="revenue"))
    with pytest.raises(CRMDataError, match="numeric"):
        func(pd.Series(["1", "x"], name="revenue"))
    with pytest.raises(CRMDataError, match="positive total"):
        func([0, 0])


def test_bad_tables():
    with pytest.raises(CRMDataError, match="missing column"):
        frequency_spend_quadrants(pd.DataFrame({"frequency": [1]}))
    with pytest.raises(CRMDataError, match="missing column"):
        rfm_scores(pd.DataFrame({"frequency": [1], "recency": [1.0]}))
    with pytest.raises(CRMDataError, match="negative"):
        rfm_scores(pd.DataFrame({"frequency": [1], "recency": [5.0], "T": [3.0], "monetary_value": [1.0]}))
    with pytest.raises(CRMDataError, match="share"):
        top_share([1, 2, 3], share=1.2)


# ---------------------------------------------------------------------- degenerate input (issue 9, item 4)
CONCENTRATION = [gini, lorenz_curve, lambda v: top_share(v, n_boot=5, random_state=0), customer_pyramid]


@pytest.mark.parametrize("func", CONCENTRATION)
@pytest.mark.parametrize("bad", [np.inf, -np.inf, 1e308])
def test_infinite_or_overflowing_values_name_column_and_rows(func, bad):
    values = pd.Series([5.0, 3.0, bad, 1.0], index=["a", "b", "c", "d"], name="revenue")
    with pytest.raises(CRMDataError, match=r"'revenue'.*(infinite|too large).*rows \['c'\]"):
        func(values)


def test_values_whose_sum_overflows_are_refused():
    # before: total = inf, so the Lorenz curve was all zeros and NaN
    with pytest.raises(CRMDataError, match=r"'revenue'.*too large.*rows \[0, 1\]"):
        lorenz_curve(pd.Series([1e308, 1e308, 5.0], name="revenue"))


@pytest.mark.parametrize("func", CONCENTRATION[:3])
def test_one_customer_has_no_concentration_to_measure(func):
    # before: Gini 0, a Lorenz diagonal and "the top 20 % bring 20 %" from one customer
    with pytest.raises(CRMDataError, match=r"at least 2 customers.*got 1"):
        func(pd.Series([42.0], name="revenue"))


@pytest.mark.parametrize("func", CONCENTRATION[:3])
def test_all_zero_values_name_the_column(func):
    with pytest.raises(CRMDataError, match=r"'revenue'.*positive total.*all 3 values are 0"):
        func(pd.Series([0.0, 0.0, 0.0], name="revenue"))


@pytest.mark.filterwarnings("ignore:.*bootstrap resamples have no positive total")
def test_negative_values_warn_and_name_rows():
    profit = pd.Series([10.0, -4.0, 6.0, 0.0], index=list("abcd"), name="profit")
    with pytest.warns(NegativeValueWarning, match=r"'profit' has 1 negative value.*rows \['b'\].*exceed 1"):
        g = gini(profit)
    # sorted -4, 0, 6, 10 (total 12): G = 2 (1*-4 + 2*0 + 3*6 + 4*10) / (4 * 12) - 5/4 = 108/48 - 1.25
    assert g == pytest.approx(1.0)
    with pytest.warns(NegativeValueWarning):
        curve = lorenz_curve(profit)
    assert curve["value_share"].min() == pytest.approx(-4 / 12)  # the curve dips below zero
    with pytest.warns(NegativeValueWarning):
        top_share(profit, 0.25, n_boot=10, random_state=0)


def test_top_share_reports_resamples_without_a_positive_total():
    values = pd.Series([10.0, -4.0, -3.0], name="profit")
    with pytest.warns(NegativeValueWarning, match="negative value"):
        with pytest.warns(NegativeValueWarning, match=r"\d+ of 200 bootstrap resamples have no positive total"):
            result = top_share(values, 0.5, n_boot=200, random_state=1)
    assert np.isfinite(result["ci_lower"])


@pytest.mark.parametrize("n_boot", [0, -5, 2.5, np.nan, "100"])
def test_top_share_bad_n_boot(n_boot):
    with pytest.raises(CRMDataError, match="n_boot must be a positive whole number"):
        top_share([1, 2, 3], n_boot=n_boot)


def test_pyramid_without_positive_value():
    # before: every customer "small" or "bad" and NaN shares, without a word
    with pytest.raises(CRMDataError, match=r"'profit'.*no customer with positive value"):
        customer_pyramid(pd.Series([0.0, -3.0, 0.0], name="profit"))


def test_pyramid_with_a_net_loss_warns_that_shares_are_undefined():
    profit = pd.Series([10.0, -30.0, 5.0], index=list("abc"), name="profit")
    with pytest.warns(NegativeValueWarning, match=r"net total of 'profit' is -15.*value_share is NaN"):
        tiers, table = customer_pyramid(profit)
    assert tiers.to_dict() == {"a": "key", "b": "bad", "c": "key"}  # 5 starts at 10/15 of the positive value
    assert table["value_share"].isna().all() and table["value"].tolist() == [15.0, 0.0, 0.0, -30.0]


def test_quadrants_with_no_value_and_bad_splits():
    summary = pd.DataFrame({"frequency": [0, 0, 0], "monetary_value": [0.0, 0.0, 0.0]})
    with pytest.warns(UserWarning, match=r"total value \(frequency x spend\) is 0.*value_share is NaN"):
        result = frequency_spend_quadrants(summary)
    assert result.table["value_share"].isna().all()
    summary = pd.DataFrame({"frequency": [1, 2, 3], "monetary_value": [5.0, 6.0, 7.0]})
    with pytest.raises(CRMDataError, match="spend_split must be a finite number"):
        frequency_spend_quadrants(summary, spend_split=np.nan)  # before: everyone "strangers" silently


@pytest.mark.parametrize("n_bins", [0, 1, -2, 2.5])
def test_rfm_scores_bad_n_bins(n_bins):
    summary = pd.DataFrame({"frequency": [1, 2], "recency": [1.0, 2.0], "T": [5.0, 5.0], "monetary_value": [1.0, 2.0]})
    with pytest.raises(CRMDataError, match="n_bins must be a whole number >= 2"):
        rfm_scores(summary, n_bins=n_bins)
