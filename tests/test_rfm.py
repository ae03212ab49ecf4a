"""rfm_summary: a hand-computed log, the published CDNOW calibration summary, units and periods."""
import warnings

import numpy as np
import pandas as pd
import pytest

from crm_analysis.datasets import load_cdnow
from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.value import customer_totals, rfm_summary


@pytest.fixture
def log():
    # customer 1: Mon 1 Jan 2024 (10), twice on 8 Jan (5 + 15), 15 Jan (30); customer 2: one purchase on 3 Jan
    return pd.DataFrame({
        "customer_id": [1, 1, 1, 1, 2],
        "date": pd.to_datetime(["2024-01-01", "2024-01-08 09:00", "2024-01-08 17:00", "2024-01-15", "2024-01-03"], format="mixed"),
        "amount": [10.0, 5.0, 15.0, 30.0, 8.0],
    })


def test_hand_computed_daily_summary(log):
    before = log.copy()
    s = rfm_summary(log, amount_col="amount", observation_end="2024-01-29")
    pd.testing.assert_frame_equal(log, before)
    # customer 1: repeat days 8 Jan and 15 Jan -> x = 2; recency 14 days; T 28 days; mean of (20, 30) = 25
    assert s.loc[1].tolist() == [2, 14.0, 28.0, 25.0]
    assert s.loc[2].tolist() == [0, 0.0, 26.0, 0.0]
    assert s.index.name == "customer_id"
    assert s["frequency"].dtype == np.int64


def test_units_weeks_and_months(log):
    weeks = rfm_summary(log, observation_end="2024-01-29", time_unit="W")
    months = rfm_summary(log, observation_end="2024-01-29", time_unit="M")
    assert weeks.loc[1, "recency"] == pytest.approx(2.0)
    assert weeks.loc[1, "T"] == pytest.approx(4.0)
    assert months.loc[1, "T"] == pytest.approx(28 / (365.25 / 12))
    assert "monetary_value" not in weeks
    years = rfm_summary(log, observation_end="2024-01-29", time_unit="Y")
    assert years.loc[1, "T"] == pytest.approx(28 / 365.25)


def test_the_summary_records_its_window(log):
    s = rfm_summary(log, amount_col="amount", observation_end="2024-01-29", time_unit="W", purchase_period="D")
    assert s.attrs == {"time_unit": "W", "observation_end": "2024-01-29", "purchase_period": "D"}
    # the record survives what analysts do to a summary
    assert s[s["frequency"] > 0].attrs == s.attrs
    assert s.copy().attrs == s.attrs and s.loc[[1]].attrs == s.attrs and s[["frequency", "T"]].attrs == s.attrs
    assert pd.concat([s.iloc[:1], s.iloc[1:]]).attrs == s.attrs
    # no observation_end: the window ends at the last purchase period; "weeks" is read as "W"
    default = rfm_summary(log, time_unit="weeks", purchase_period=None)
    assert default.attrs == {"time_unit": "W", "observation_end": "2024-01-15", "purchase_period": None}
    timed = rfm_summary(log.iloc[:3], purchase_period=None, time_unit="D")
    assert timed.attrs["observation_end"] == "2024-01-08T17:00:00"


def test_exact_timestamps_count_every_purchase(log):
    s = rfm_summary(log, amount_col="amount", observation_end="2024-01-29", purchase_period=None)
    assert s.loc[1, "frequency"] == 3
    assert s.loc[1, "monetary_value"] == pytest.approx((5 + 15 + 30) / 3)


def test_weekly_periods(log):
    s = rfm_summary(log, amount_col="amount", observation_end="2024-01-29", purchase_period="W")
    # weeks starting 1, 8 and 15 Jan -> two repeat weeks; customer 2's week is the first week (Mon 1 Jan)
    assert s.loc[1, "frequency"] == 2
    assert s.loc[2, "T"] == pytest.approx(28.0)


def test_exclusions_are_counted(log):
    log.loc[1, "amount"] = -5.0
    with pytest.warns(DataExclusionWarning) as record:
        s = rfm_summary(log, amount_col="amount", observation_end="2024-01-10")
    messages = " ".join(str(w.message) for w in record)
    assert "1 of 5 rows" in messages and "negative 'amount'" in messages
    assert "after observation_end" in messages
    assert s.loc[1, "frequency"] == 1


def test_bad_options(log):
    with pytest.raises(CRMDataError, match="time_unit"):
        rfm_summary(log, time_unit="fortnight")
    with pytest.raises(CRMDataError, match="purchase_period"):
        rfm_summary(log, purchase_period="Q")


def test_cdnow_calibration_summary_matches_published():
    """Fader, Hardie & Lee (2005); numbers in tests/results/cdnow_rfm_published.md."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        s = rfm_summary(load_cdnow(), amount_col="amount", observation_end="1997-09-30", time_unit="W")
    assert len(s) == 2357
    assert (s["frequency"] > 0).sum() == 946
    assert s["frequency"].sum() == 2457
    assert s.loc[1, "frequency"] == 2
    assert s.loc[1, "recency"] == pytest.approx(30.43, abs=0.005)
    assert s.loc[1, "T"] == pytest.approx(38.86, abs=0.005)


def test_exclusion_warning_points_at_the_callers_line(log):
    with pytest.warns(DataExclusionWarning, match=r"after observation_end 2024-01-10 \(") as record:
        rfm_summary(log, observation_end="2024-01-10")
    assert record[0].filename == __file__


@pytest.mark.parametrize("purchase_period, time_unit", [("D", "W"), ("W", "D"), (None, "M")])
def test_the_store_summary_records_the_same_window(tmp_path, log, purchase_period, time_unit):
    from crm_analysis.store import CustomerStore

    with CustomerStore(tmp_path / "crm.duckdb") as store:
        store.add_transactions(log, amount_col="amount")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataExclusionWarning)
            from_sql = store.rfm_summary(observation_end="2024-01-10", purchase_period=purchase_period,
                                         time_unit=time_unit)
            default_end = store.rfm_summary(purchase_period=purchase_period, time_unit=time_unit)
            direct = rfm_summary(log, amount_col="amount", observation_end="2024-01-10",
                                 purchase_period=purchase_period, time_unit=time_unit)
    assert from_sql.attrs == direct.attrs == {"time_unit": time_unit, "observation_end": "2024-01-10",
                                              "purchase_period": purchase_period}
    assert default_end.attrs == rfm_summary(log, purchase_period=purchase_period, time_unit=time_unit).attrs
    np.testing.assert_allclose(from_sql["T"].to_numpy(), direct["T"].to_numpy())


# ---------------------------------------------------------------------- customer_totals (first purchase included)
def _log():
    return pd.DataFrame({"customer_id": [1, 1, 1, 2, 2, 3],
                         "date": ["2024-01-01", "2024-01-01", "2024-02-01", "2024-01-05", "2024-03-10", "2024-01-07"],
                         "amount": [10.0, 5.0, 30.0, 8.0, 12.0, 0.0]})


def test_customer_totals_by_hand_and_input_unchanged():
    log = _log()
    before = log.copy()
    totals = customer_totals(log)
    pd.testing.assert_frame_equal(log, before)
    # customer 1: two purchase days (the two Jan-1 rows count once), 45 USD
    assert totals.loc[1].tolist() == pytest.approx([2, 45.0, 22.5])
    assert totals.loc[2].tolist() == pytest.approx([2, 20.0, 10.0])
    assert totals.loc[3].tolist() == pytest.approx([1, 0.0, 0.0])
    assert totals.index.name == "customer_id"


def test_customer_totals_excludes_late_purchases_with_a_warning():
    with pytest.warns(DataExclusionWarning, match="1 of 6 rows"):
        totals = customer_totals(_log(), observation_end="2024-03-01")
    assert totals.loc[2].tolist() == pytest.approx([1, 8.0, 8.0])


def test_customer_totals_bad_input():
    with pytest.raises(CRMDataError, match="amount"):
        customer_totals(_log().drop(columns="amount"))
