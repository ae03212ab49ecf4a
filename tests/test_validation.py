"""Every bad input of the foundation issue gets a CRMDataError naming the column and rows, or a counted warning."""
import numpy as np
import pandas as pd
import pytest

from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.validation import validate_summary, validate_survey, validate_transactions


@pytest.fixture
def log():
    return pd.DataFrame({
        "customer_id": ["a", "a", "b", "c"],
        "date": ["2024-01-01", "2024-01-05", "2024-01-02", "2024-01-03"],
        "amount": [10.0, 20.0, 5.0, 7.5],
    })


def test_clean_log_passes_and_is_not_mutated(log):
    before = log.copy()
    out = validate_transactions(log, amount_col="amount")
    pd.testing.assert_frame_equal(log, before)
    assert pd.api.types.is_datetime64_any_dtype(out["date"])
    assert out is not log


def test_missing_column_named(log):
    with pytest.raises(CRMDataError, match=r"missing column\(s\) \['amount'\]"):
        validate_transactions(log.drop(columns="amount"), amount_col="amount")


def test_empty_table(log):
    with pytest.raises(CRMDataError, match="empty"):
        validate_transactions(log.iloc[:0], amount_col="amount")


def test_unparseable_dates_name_column_and_rows(log):
    log.loc[2, "date"] = "not a date"
    with pytest.raises(CRMDataError, match=r"'date'.*'not a date'.*rows \[2\]"):
        validate_transactions(log)


def test_missing_dates(log):
    log.loc[3, "date"] = None
    with pytest.raises(CRMDataError, match=r"'date'.*missing date.*rows \[3\]"):
        validate_transactions(log)


def test_missing_customer_ids(log):
    log.loc[1, "customer_id"] = np.nan
    with pytest.raises(CRMDataError, match=r"'customer_id'.*missing customer id.*rows \[1\]"):
        validate_transactions(log)


def test_non_numeric_amounts(log):
    log["amount"] = log["amount"].astype(object)
    log.loc[0, "amount"] = "ten"
    with pytest.raises(CRMDataError, match=r"'amount' .*numeric.*'ten'.*rows \[0\]"):
        validate_transactions(log, amount_col="amount")


def test_missing_amounts(log):
    log.loc[2, "amount"] = np.nan
    with pytest.raises(CRMDataError, match=r"'amount'.*missing.*rows \[2\]"):
        validate_transactions(log, amount_col="amount")


def test_observation_end_before_first_purchase(log):
    with pytest.raises(CRMDataError, match="observation_end 2023-12-31 is before the first purchase"):
        validate_transactions(log, observation_end="2023-12-31")


def test_negative_amounts_excluded_with_count(log):
    log.loc[1, "amount"] = -20.0
    with pytest.warns(DataExclusionWarning, match=r"1 of 4 rows .*negative 'amount'"):
        out = validate_transactions(log, amount_col="amount")
    assert list(out.index) == [0, 2, 3]
    assert log.loc[1, "amount"] == -20.0  # the caller's table is untouched


def test_purchases_after_observation_end_excluded_with_count(log):
    with pytest.warns(DataExclusionWarning, match=r"2 of 4 rows .*after observation_end"):
        out = validate_transactions(log, observation_end="2024-01-02")
    assert list(out.index) == [0, 2]


def test_check_only_mode_keeps_returns(log):
    log.loc[1, "amount"] = -20.0
    out = validate_transactions(log, amount_col="amount", exclude=False)
    assert len(out) == 4


def test_integer_yyyymmdd_dates_parse():
    log = pd.DataFrame({"customer_id": [1, 1], "date": [19970101, 19970118]})
    out = validate_transactions(log)
    assert list(out["date"].dt.day) == [1, 18]


def test_error_lists_only_first_five_rows():
    log = pd.DataFrame({"customer_id": range(8), "date": ["x"] * 8})
    with pytest.raises(CRMDataError, match=r"rows \[0, 1, 2, 3, 4\] \(first 5 of 8\)"):
        validate_transactions(log)


def test_survey_outside_scale_and_text():
    survey = pd.DataFrame({"q1": [1, 5, 11], "q2": [3, "x", 4]})
    with pytest.raises(CRMDataError, match=r"'q1'.*outside the scale 1-10.*11.*rows \[2\]"):
        validate_survey(survey, ["q1"])
    with pytest.raises(CRMDataError, match=r"'q2'.*numeric.*'x'.*rows \[1\]"):
        validate_survey(survey, ["q2"])


def test_survey_missing_answers_allowed_or_rejected():
    survey = pd.DataFrame({"q1": [1, np.nan, 3]})
    assert validate_survey(survey, ["q1"])["q1"].isna().sum() == 1
    with pytest.raises(CRMDataError, match=r"'q1'.*missing.*rows \[1\]"):
        validate_survey(survey, ["q1"], allow_missing=False)


@pytest.mark.parametrize("row, message", [
    ({"frequency": -1, "recency": 0, "T": 5}, "'frequency' of summary must be non-negative"),
    ({"frequency": 2, "recency": 6, "T": 5}, "'recency' of summary exceeds 'T'"),
    ({"frequency": 1.5, "recency": 1, "T": 5}, "whole numbers"),
    ({"frequency": 0, "recency": 2, "T": 5}, "must be 0 when 'frequency' is 0"),
])
def test_summary_checks(row, message):
    good = {"frequency": 1, "recency": 1, "T": 5}
    summary = pd.DataFrame([good, row], index=["ok", "bad"])
    with pytest.raises(CRMDataError, match=rf"{message}.*rows \['bad'\]"):
        validate_summary(summary)
