"""Calibration/holdout split, comparison metrics and cumulative tracking on a hand-built log."""
import warnings

import numpy as np
import pandas as pd
import pytest

from crm_analysis.datasets import load_cdnow
from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.value import (alive_vs_holdout, calibration_holdout_split, compare_holdout, cumulative_tracking,
                                holdout_by_frequency, holdout_metrics, rfm_summary)


class ConstantRate:
    """Toy model: every customer buys 0.5 times a week, whatever the history."""

    rate = 0.5
    time_unit_ = "W"  # as a fitted model records it

    def predict(self, summary, t):
        return pd.Series(self.rate * t, index=summary.index)

    def expected_purchases(self, t):
        return self.rate * np.asarray(t, dtype=float)


class ScalarOnly(ConstantRate):
    def expected_purchases(self, t):
        return self.rate * float(t)


@pytest.fixture
def log():
    rows = [("A", "2020-01-01", 5.0), ("A", "2020-01-08", 7.0), ("A", "2020-01-15", 9.0),
            ("A", "2020-02-05", 4.0), ("A", "2020-02-05", 6.0), ("A", "2020-02-12", 20.0),
            ("B", "2020-01-10", 3.0), ("C", "2020-02-01", 8.0)]
    frame = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


@pytest.fixture
def split(log):
    with pytest.warns(DataExclusionWarning, match="1 holdout purchases of 1 customers"):
        return calibration_holdout_split(log, "2020-01-31", "2020-02-29", amount_col="amount", time_unit="W")


def test_split_by_hand(log, split):
    assert list(split.index) == ["A", "B"]  # C first bought in the holdout
    assert split.loc["A", ["frequency", "recency", "T"]].tolist() == pytest.approx([2, 2, 30 / 7])
    assert split.loc["B", ["frequency", "recency", "T"]].tolist() == pytest.approx([0, 0, 21 / 7])
    assert split["frequency_holdout"].tolist() == [2, 0]  # two purchases on 5 Feb count as one day
    assert split["duration_holdout"].tolist() == pytest.approx([29 / 7, 29 / 7])
    assert split.loc["A", "monetary_value_holdout"] == pytest.approx((10 + 20) / 2)
    assert split.loc["A", "monetary_value"] == pytest.approx(8.0)


def test_split_calibration_part_equals_rfm_summary(log, split):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        direct = rfm_summary(log, amount_col="amount", observation_end="2020-01-31", time_unit="W")
    pd.testing.assert_frame_equal(split[direct.columns], direct.loc[["A", "B"]])


def test_split_does_not_modify_input(log):
    before = log.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        calibration_holdout_split(log, "2020-01-31", amount_col="amount")
    pd.testing.assert_frame_equal(log, before)


@pytest.mark.filterwarnings("ignore:.*whose first purchase is after:crm_analysis.exceptions.DataExclusionWarning")
def test_purchases_after_holdout_end_are_excluded_with_a_warning(log):
    with pytest.warns(DataExclusionWarning, match="after observation_end"):
        split = calibration_holdout_split(log, "2020-01-31", "2020-02-10", time_unit="D")
    assert split.loc["A", "frequency_holdout"] == 1
    assert split["duration_holdout"].iloc[0] == 10


def test_compare_and_metrics_by_hand(split):
    comparison = compare_holdout(ConstantRate(), split)
    predicted = 0.5 * 29 / 7  # 2.0714
    assert comparison["predicted"].tolist() == pytest.approx([predicted, predicted])
    assert comparison["actual"].tolist() == [2, 0]
    metrics = holdout_metrics(comparison)
    assert metrics["actual_total"] == 2 and metrics["predicted_total"] == pytest.approx(2 * predicted)
    assert metrics["mae"] == pytest.approx(((predicted - 2) + predicted) / 2)
    assert metrics["bias"] == pytest.approx(((predicted - 2) + predicted) / 2)
    assert metrics["rmse"] == pytest.approx(np.sqrt(((predicted - 2) ** 2 + predicted ** 2) / 2))
    assert metrics["total_error_pct"] == pytest.approx(100 * (2 * predicted - 2) / 2)


def test_by_frequency_buckets():
    comparison = pd.DataFrame({"frequency": [0, 0, 1, 3, 9], "actual": [0.0, 1.0, 2.0, 3.0, 5.0],
                               "predicted": [0.2, 0.2, 1.0, 2.5, 6.0]})
    table = holdout_by_frequency(comparison, max_frequency=3)
    assert list(table.index) == ["0", "1", "2", "3+"]
    assert table["customers"].tolist() == [2, 1, 0, 2]
    assert table.loc["0", "actual"] == 0.5 and table.loc["3+", "predicted"] == pytest.approx(4.25)
    assert np.isnan(table.loc["2", "actual"])


def test_cumulative_tracking_by_hand(log):
    with pytest.warns(DataExclusionWarning, match="1 customers with a first purchase after"):
        tracking = cumulative_tracking(ConstantRate(), log, "2020-01-31", time_unit="W")
    # steps end 8, 15, 22, 29 Jan, 5, 12, 19 Feb; repeat days of A: 8 Jan, 15 Jan, 5 Feb, 12 Feb
    assert tracking["date"].dt.strftime("%m-%d").tolist() == ["01-08", "01-15", "01-22", "01-29", "02-05",
                                                              "02-12", "02-19"]
    assert tracking["actual_cumulative"].tolist() == [0, 1, 2, 2, 2, 3, 4]
    assert tracking["actual"].tolist() == [0, 1, 1, 0, 0, 1, 1]
    # expected: 0.5 per week since A's first purchase (1 Jan) and B's (10 Jan)
    weeks_a = np.arange(1, 8)
    weeks_b = np.clip(weeks_a - 9 / 7, 0, None)
    assert tracking["expected_cumulative"].to_numpy() == pytest.approx(0.5 * (weeks_a + weeks_b))
    assert tracking["period"].tolist() == ["calibration"] * 4 + ["holdout"] * 3


def test_units_travel_through_split_comparison_and_tracking(log, split):
    assert split.attrs["time_unit"] == "W" and split.attrs["observation_end"] == "2020-01-31"
    comparison = compare_holdout(ConstantRate(), split)
    assert comparison.attrs["time_unit"] == "W"
    assert holdout_by_frequency(comparison).attrs["time_unit"] == "W"

    class Daily(ConstantRate):
        time_unit_ = "D"

    with pytest.raises(CRMDataError, match="in weeks.*fitted in days"):
        compare_holdout(Daily(), split)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        in_days = calibration_holdout_split(log, "2020-01-31", "2020-02-29", time_unit="D")
        # tracking in weekly steps with a model fitted in days: elapsed days go to the model, not weeks
        daily = cumulative_tracking(Daily(), log, "2020-01-31", time_unit="W")
        weekly = cumulative_tracking(ConstantRate(), log, "2020-01-31")
    assert daily.attrs == {"time_unit": "W", "model_time_unit": "D"}
    np.testing.assert_allclose(daily["expected_cumulative"], 7 * weekly["expected_cumulative"])
    assert compare_holdout(Daily(), in_days)["predicted"].tolist() == pytest.approx([0.5 * 29, 0.5 * 29])

    class Unitless:
        def predict(self, summary, t):
            return pd.Series(0.5 * t, index=summary.index)

        expected_purchases = ConstantRate.expected_purchases
        rate = 0.5

    # a hand-made model without time_unit_: the split's record is used; the tracking needs the unit
    assert compare_holdout(Unitless(), split)["predicted"].tolist() == pytest.approx([0.5 * 29 / 7] * 2)
    with pytest.raises(CRMDataError, match='model_time_unit="W"'):
        cumulative_tracking(Unitless(), log, "2020-01-31")


def test_tracking_with_a_scalar_only_model(log):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        vectorised = cumulative_tracking(ConstantRate(), log, "2020-01-31")
        scalar = cumulative_tracking(ScalarOnly(), log, "2020-01-31")
    pd.testing.assert_frame_equal(vectorised, scalar)


def test_cdnow_split_matches_the_39_week_design():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        split = calibration_holdout_split(load_cdnow(), "1997-09-30", "1998-06-30", time_unit="W")
    assert len(split) == 2357 and (split["frequency"] > 0).sum() == 946
    assert split["duration_holdout"].unique().tolist() == [39.0]
    # every holdout purchase day is counted once: compare with an independent count
    tx = load_cdnow()
    holdout_days = tx.loc[tx["date"] > "1997-09-30"].drop_duplicates(["customer_id", "date"])
    assert split["frequency_holdout"].sum() == len(holdout_days)


@pytest.mark.filterwarnings("ignore::crm_analysis.exceptions.DataExclusionWarning")
def test_bad_input(log):
    with pytest.raises(CRMDataError, match="before holdout_end"):
        calibration_holdout_split(log, "2020-03-01", "2020-02-01")
    with pytest.raises(CRMDataError, match="no purchases"):
        calibration_holdout_split(log, "2019-12-01", "2020-02-01")
    with pytest.raises(CRMDataError, match="missing column"):
        calibration_holdout_split(log.drop(columns="amount"), "2020-01-31", amount_col="amount")
    with pytest.raises(CRMDataError, match="missing column"):
        compare_holdout(ConstantRate(), pd.DataFrame({"frequency": [1]}))


def test_alive_vs_holdout_by_hand():
    p_alive = pd.Series([0.05, 0.1, 0.5, 0.9, 1.0, 0.95], index=list("abcdef"))
    holdout = pd.Series([0, 1, 0, 2, 0, 3], index=list("abcdef"))
    table = alive_vs_holdout(p_alive, holdout, bins=(0, 0.2, 0.8, 1.0))
    assert table.index.tolist() == ["0%-20%", "20%-80%", "80%-100%"]
    assert table["customers"].tolist() == [2, 1, 3]
    assert table["bought_again"].tolist() == pytest.approx([0.5, 0.0, 2 / 3])
    assert table["mean_purchases"].tolist() == pytest.approx([0.5, 0.0, 5 / 3])
    assert table["mean_p_alive"].tolist() == pytest.approx([0.075, 0.5, 2.85 / 3])
