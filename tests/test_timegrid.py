"""crm_analysis.timegrid: the one unit table, window edges, discount conversion and the recorded window."""
import warnings

import numpy as np
import pandas as pd
import pytest

from crm_analysis import timegrid as tg
from crm_analysis.exceptions import CRMDataError
from crm_analysis.value.summary_sql import DUCKDB


def test_unit_table_by_hand():
    assert tg.UNIT_DAYS == {"D": 1.0, "W": 7.0, "M": 30.4375, "Q": 91.3125, "Y": 365.25}
    assert tg.unit_days("weeks") == 7.0 and tg.check_time_unit(" Month ") == "M"
    assert tg.convert_duration(2, "W", "D") == 14.0
    assert tg.convert_duration(1, "Y", "M") == pytest.approx(12.0)
    assert tg.convert_duration(np.array([30.4375, 61.0]), "D", "M") == pytest.approx([1.0, 61 / 30.4375])
    assert tg.unit_name("Q") == "quarters" and tg.unit_name(tg.OPPORTUNITY) == "opportunities"
    with pytest.raises(CRMDataError, match=r"time_unit must be one of \['D', 'W', 'M', 'Q', 'Y'\].*'fortnight'"):
        tg.unit_days("fortnight")
    with pytest.raises(CRMDataError, match="horizon_unit"):
        tg.check_time_unit(7, "horizon_unit")
    with pytest.raises(CRMDataError, match="no calendar length"):
        tg.unit_days(tg.OPPORTUNITY)


def test_the_old_names_are_the_same_table():
    from crm_analysis.value import rfm
    assert rfm.TIME_UNIT_DAYS is tg.UNIT_DAYS and rfm.time_unit_days("M") == 365.25 / 12
    assert rfm.period_start is tg.period_start and rfm.inclusive_end is tg.inclusive_end
    from crm_analysis.value.clv import period_discount_rate
    assert period_discount_rate is tg.period_discount_rate


@pytest.mark.parametrize("value", [-1.0, float("nan"), float("inf"), [1.0, -0.5], "soon"])
def test_durations_must_be_finite_and_non_negative(value):
    with pytest.raises(CRMDataError, match="^t "):
        tg.check_duration(value, "t")


def test_durations_pass_through():
    assert tg.check_duration(0, "t") == 0.0
    assert tg.check_duration([0.0, 39.0], "t").tolist() == [0.0, 39.0]
    with pytest.raises(CRMDataError, match="positive"):
        tg.check_duration(0, "horizon", positive=True)


def test_window_edges_by_hand():
    # Wed 3 Jan 2024: its week starts Mon 1 Jan, its month on 1 Jan; the whole end period counts
    dates = pd.Series(pd.to_datetime(["2024-01-03 15:00", "2024-02-29"], format="mixed"))
    assert tg.period_start(dates, "D").tolist() == list(pd.to_datetime(["2024-01-03", "2024-02-29"]))
    assert tg.period_start(dates, "W").tolist() == list(pd.to_datetime(["2024-01-01", "2024-02-26"]))
    assert tg.period_start(dates, "M").tolist() == list(pd.to_datetime(["2024-01-01", "2024-02-01"]))
    assert tg.period_start(dates, None).equals(dates)
    assert tg.inclusive_end("2024-01-03", "W") == pd.Timestamp("2024-01-07 23:59:59.999999999")
    assert tg.inclusive_end("2024-02-10", "M") == pd.Timestamp("2024-02-29 23:59:59.999999999")
    assert tg.inclusive_end("2024-02-10", None) == pd.Timestamp("2024-02-10")
    assert tg.end_label("2024-01-03", "W") == "2024-01-03 (the whole week counts)"
    assert DUCKDB.period("date", "W") == "date_trunc('week', \"date\")" and DUCKDB.period("ts", None) == '"ts"'
    with pytest.raises(CRMDataError, match="purchase_period"):
        tg.period_start(dates, "Q")


def test_discount_conversion_by_hand():
    # d = (1 + d_year)^(step / year) - 1
    assert tg.period_discount_rate(0.21, "Y", "Q") == pytest.approx(1.21 ** 0.25 - 1)
    assert tg.period_discount_rate(0.01, "M", "Y") == pytest.approx(1.01 ** 12 - 1)
    assert tg.period_discount_rate(0.10, "Y", "W") == pytest.approx(1.1 ** (7 / 365.25) - 1)
    assert tg.period_discount_rate(0.0, "Y", "D") == 0.0


@pytest.mark.parametrize("rate", [-0.05, float("nan"), float("inf"), "ten"])
def test_impossible_discount_rates_name_the_parameter(rate):
    with pytest.raises(CRMDataError, match="discount_rate"):
        tg.period_discount_rate(rate)


def test_a_rate_of_1000_percent_a_year_is_a_warning():
    with pytest.warns(tg.DiscountRateWarning, match="1000%"):
        tg.check_discount_rate(10.0)
    with pytest.warns(tg.DiscountRateWarning):
        tg.check_discount_rate(0.25, unit="M")  # 1.25^12 - 1 = 1355 % a year
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert tg.check_discount_rate(0.5) == 0.5


def _summary():
    return pd.DataFrame({"frequency": [0, 2], "recency": [0.0, 3.0], "T": [5.0, 6.0]}, index=["a", "b"])


def test_record_window_and_read_it_back():
    s = tg.record_window(_summary(), time_unit="weeks", observation_end=pd.Timestamp("1997-09-30"),
                         purchase_period="D")
    assert s.attrs == {"time_unit": "W", "observation_end": "1997-09-30", "purchase_period": "D"}
    assert tg.recorded_window(s[s["frequency"] > 0]) == s.attrs
    assert tg.summary_time_unit(s) == "W" and tg.summary_time_unit(s, "W") == "W"
    timed = tg.record_window(_summary(), time_unit="D", observation_end="2024-01-08 17:00", purchase_period=None)
    assert timed.attrs["observation_end"] == "2024-01-08T17:00:00"


def test_summary_time_unit_refuses_contradictions_and_guesses():
    s = tg.record_window(_summary(), time_unit="D", observation_end=None, purchase_period="D")
    with pytest.raises(CRMDataError, match=r"time_unit='W' contradicts the summary.*in days"):
        tg.summary_time_unit(s, "W")
    with pytest.raises(CRMDataError, match=r'does not record its time unit.*pass time_unit="W"'):
        tg.summary_time_unit(_summary())
    assert tg.summary_time_unit(_summary(), "M") == "M"
    assert tg.summary_time_unit(_summary(), default=tg.OPPORTUNITY) == tg.OPPORTUNITY
    with pytest.raises(CRMDataError, match=r"in days.*fitted in weeks"):
        tg.check_summary_unit(s, "W", what="the model")
    with pytest.raises(CRMDataError, match=r"does not record the time unit.*with_time_unit\(summary, 'W'\)"):
        tg.check_summary_unit(_summary(), "W")  # no record: the unit cannot be checked, so it is not assumed
    tg.check_summary_unit(_summary(), "W", declared=True)          # the caller said so
    tg.check_summary_unit(_summary(), tg.OPPORTUNITY)              # counts of opportunities have no calendar unit
    tg.check_summary_unit(tg.with_time_unit(_summary(), "weeks"), "W")


def test_model_time_unit():
    class Fitted:
        time_unit_ = "W"

    assert tg.model_time_unit(Fitted()) == "W" and tg.model_time_unit(Fitted(), "weeks") == "W"
    with pytest.raises(CRMDataError, match="model_time_unit='D' contradicts the model"):
        tg.model_time_unit(Fitted(), "D")
    with pytest.raises(CRMDataError, match='object does not record.*model_time_unit="W"'):
        tg.model_time_unit(object())
    assert tg.model_time_unit(object(), "M") == "M"
