"""Every bad input of the foundation issue gets a CRMDataError naming the column and rows, or a counted warning."""
import datetime

import numpy as np
import pandas as pd
import pytest

from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.validation import (parse_date, to_numeric_column, validate_summary, validate_survey,
                                     validate_transactions)


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
    with pytest.raises(CRMDataError, match=r"outside the rating scale 1-10 in column 'q1' \(values \[11\], rows \[2\]"):
        validate_survey(survey, ["q1"], scale=(1, 10))
    with pytest.raises(CRMDataError, match=r"'q2'.*numeric.*'x'.*rows \[1\]"):
        validate_survey(survey, ["q2"], scale=(1, 10))


def test_survey_missing_codes_and_the_recorded_scale():
    survey = pd.DataFrame({"q1": [1, -99, 5], "q2": [99, 3, 4]})
    # no scale given or declared: values that look like "no answer" codes are still an error
    with pytest.raises(CRMDataError, match=r"look like missing-answer codes.*'q1' \(values \[-99\], rows \[1\].*"
                                           r"'q2' \(values \[99\], rows \[0\].*missing_codes=\(-99, 99\)"):
        validate_survey(survey, ["q1", "q2"])
    with pytest.warns(DataExclusionWarning, match="q1: 1, q2: 1"):
        clean = validate_survey(survey, ["q1", "q2"], scale=(1, 5), missing_codes=(-99, 99))
    assert clean.isna().sum().tolist() == [1, 1] and clean.attrs["scale"] == (1, 5)
    assert validate_survey(clean, ["q1"]).attrs["items"] == ["q1", "q2"]  # the recorded scale and items are kept
    with pytest.raises(CRMDataError, match=r"scale=\(1, 10\) contradicts the scale 1-5 declared with the survey"):
        validate_survey(clean, ["q1"], scale=(1, 10))
    with pytest.raises(CRMDataError, match="missing_codes need the rating scale"):
        validate_survey(survey, ["q1"], missing_codes=(-99,))


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


# ---------------------------------------------------------------------- degenerate input (issue 9, item 4)
@pytest.mark.parametrize("bad", [np.inf, -np.inf, "inf", 1e308, -1e200])
def test_infinite_or_overflowing_amounts_name_column_and_rows(log, bad):
    log["amount"] = log["amount"].astype(object)
    log.loc[2, "amount"] = bad
    with pytest.raises(CRMDataError, match=r"'amount' of transactions.*(infinite|too large).*rows \[2\]"):
        validate_transactions(log, amount_col="amount")


def test_values_whose_sum_overflows_are_an_error():
    # each value is a float, but adding two of them overflows float64 (max 1.8e308)
    frame = pd.DataFrame({"amount": [1.0, 1e308, 1e308, 2.0]}, index=list("abcd"))
    with np.errstate(over="ignore"):
        assert not np.isfinite(frame["amount"].sum())
    with pytest.raises(CRMDataError, match=r"'amount' of t .*too large.*rows \['b', 'c'\]"):
        to_numeric_column(frame, "amount", name="t")


def test_large_but_real_amounts_pass():
    # a whole economy in Vietnamese dong, or an old hyperinflation currency, is far from the limit
    frame = pd.DataFrame({"amount": [2.5e18, 1e40, 3.0]})
    assert to_numeric_column(frame, "amount").tolist() == [2.5e18, 1e40, 3.0]


@pytest.mark.parametrize("column, value, message", [
    ("recency", 0.0, "'recency' of summary must be positive when 'frequency' > 0"),
    ("recency", 7.0, "'recency' of summary exceeds 'T'"),
    ("recency", np.nan, "'recency' of summary has a missing value"),
    ("T", np.inf, "'T' of summary has infinite values"),
    ("frequency", np.nan, "'frequency' of summary has a missing value"),
    ("frequency", -np.inf, "'frequency' of summary has infinite values"),
])
def test_impossible_summary_rows(column, value, message):
    summary = pd.DataFrame({"frequency": [1.0, 2.0, 0.0], "recency": [1.0, 3.0, 0.0], "T": [5.0, 6.0, 4.0]},
                           index=["ok", "bad", "none"])
    summary.loc["bad", column] = value
    with pytest.raises(CRMDataError, match=rf"{message}.*rows \['bad'\]"):
        validate_summary(summary)


def test_summary_with_one_row_passes_the_table_check():
    # scoring one customer is legitimate; a fit on one customer is refused by the model (BTYDModel.fit)
    one = pd.DataFrame({"frequency": [2], "recency": [3.0], "T": [5.0]}, index=["c1"])
    assert validate_summary(one).loc["c1"].tolist() == [2.0, 3.0, 5.0]
    with pytest.raises(CRMDataError, match=r"'recency' of summary must be positive.*rows \['c1'\]"):
        validate_summary(one.assign(recency=0.0))


def test_summary_is_not_mutated_and_comes_back_as_float():
    summary = pd.DataFrame({"frequency": [1, 0], "recency": [2, 0], "T": [5, 4]})
    before = summary.copy()
    out = validate_summary(summary)
    pd.testing.assert_frame_equal(summary, before)
    assert (out.dtypes == float).all()


@pytest.mark.parametrize("value, expected", [
    ("1997-09-30", "1997-09-30"),
    (pd.Timestamp("1997-09-30"), "1997-09-30"),
    (datetime.date(1997, 9, 30), "1997-09-30"),
    (np.datetime64("1997-09-30"), "1997-09-30"),
    (19970930, "1997-09-30"),             # an 8-digit integer is YYYYMMDD, like an integer date column
    (np.int64(19970930), "1997-09-30"),
    (pd.Timestamp("1997-09-30 23:00", tz="Asia/Shanghai"), "1997-09-30 23:00"),  # local clock time kept
])
def test_parse_date_accepts(value, expected):
    assert parse_date(value, "observation_end") == pd.Timestamp(expected)


@pytest.mark.parametrize("value, message", [
    (1997, r"observation_end=1997 is an integer.*'1997-09-30'"),
    (0, r"observation_end=0 is an integer"),
    (875577600, r"observation_end=875577600 is an integer"),  # seconds since 1970, not a day
    (19971345, r"observation_end=19971345 .*not a valid YYYYMMDD"),
    ("1997", r"observation_end='1997' .*'1997-09-30'"),
    (True, r"observation_end=True is a bool"),
    (np.bool_(False), r"observation_end=.*is a bool"),
    (19970930.0, r"observation_end=19970930.0 is a number"),
    (np.nan, r"observation_end is missing"),
    (None, r"observation_end is missing"),
    (pd.NaT, r"observation_end is missing"),
    ("", r"observation_end is missing"),
    ("1997-02-30", r"observation_end='1997-02-30' is not a date"),
    (["1997-09-30"], r"observation_end=\['1997-09-30'\] is not a date"),
])
def test_parse_date_refuses(value, message):
    with pytest.raises(CRMDataError, match=message):
        parse_date(value, "observation_end")


def test_integer_observation_end_is_never_nanoseconds_since_1970(log):
    # before: pd.Timestamp(1997) is 1970-01-01 00:00:00.000001997 and the whole log was "after" it
    with pytest.raises(CRMDataError, match="observation_end=1997 is an integer"):
        validate_transactions(log, observation_end=1997)
    with pytest.warns(DataExclusionWarning, match="2 of 4 rows"):
        out = validate_transactions(log, observation_end=20240102)  # YYYYMMDD: 2 January 2024
    assert list(out.index) == [0, 2]


def test_a_date_parameter_is_read_like_a_date_column_never_guessed():
    from crm_analysis.validation import parse_date

    assert parse_date("13/02/2024", "observation_end") == pd.Timestamp("2024-02-13")     # only one reading
    assert parse_date("13.02.2024", "observation_end") == pd.Timestamp("2024-02-13")     # dotted, one reading
    assert parse_date("2024年2月3日", "observation_end") == pd.Timestamp("2024-02-03")
    with pytest.raises(CRMDataError, match=r"observation_end='03/02/2024' is ambiguous.*day-first and month-first.*YYYY-MM-DD"):
        parse_date("03/02/2024", "observation_end")                                        # 3 Feb or 2 Mar?
    log = pd.DataFrame({"customer_id": ["a", "a"], "date": ["2024-01-01", "2024-01-05"]})
    from crm_analysis.value import rfm_summary

    with pytest.raises(CRMDataError, match="ambiguous"):
        rfm_summary(log, observation_end="03/02/2024", time_unit="D")
    assert rfm_summary(log, observation_end="2024-02-03", time_unit="D").loc["a", "T"] == 33.0
