"""analyse_customer_base at its edges: a customer whose first purchase is on the report day (T = 0)."""
import warnings

import numpy as np
import pandas as pd
import pytest

from crm_analysis.exceptions import CRMDataError
from crm_analysis.value import customer_lifetime_value
from crm_analysis.value.customer_base import EXCLUSION_KINDS, analyse_customer_base, new_customer_value

REPORT_DAY = "2024-06-30"


def _log() -> pd.DataFrame:
    """40 text-id customers ("001" ...) buying at their own pace over H1 2024, plus "041" whose first (and only)
    purchase, two rows the same day, is on the report day, and "042" who first bought the day before."""
    rng = np.random.default_rng(3)
    rows = []
    for i in range(1, 41):
        first = pd.Timestamp("2024-01-01") + pd.Timedelta(days=int(rng.integers(0, 120)))
        gaps = rng.exponential(rng.uniform(7, 60), size=8).round() + 1
        days = first + pd.to_timedelta(np.r_[0, np.cumsum(gaps)], unit="D")
        days = days[days <= pd.Timestamp("2024-06-20")] if i % 4 else days[:1]   # every 4th buys once
        rows += [(f"{i:03d}", day, float(rng.gamma(3, 20))) for day in days]
    rows += [("041", pd.Timestamp(REPORT_DAY), 55.0), ("041", pd.Timestamp(REPORT_DAY), 5.0),
             ("042", pd.Timestamp("2024-06-29"), 30.0)]
    return pd.DataFrame(rows, columns=["customer_id", "date", "amount"])


def _analyse(log, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # nothing raw may escape: exclusions are counted, fit notes returned
        return analyse_customer_base(log, observation_end=REPORT_DAY, margin=0.3, **kw)


def test_a_first_purchase_on_the_report_day_is_kept_with_p_alive_one_and_a_new_customers_value():
    log = _log()
    base = _analyse(log)
    # "041" is in every table, its id with the leading zero; T = 0 (first bought on the report day), frequency 0
    # (both rows are the same day)
    for table in (base.totals, base.summary, base.clv, base.p_alive, base.value_if_alive, base.warning):
        assert "041" in table.index
    assert base.summary.loc["041", ["frequency", "recency", "T"]].tolist() == [0, 0, 0]
    assert base.totals.loc["041", "revenue"] == pytest.approx(60.0)
    # counted: one customer left out of the fits (hand count: only "041" first bought on 2024-06-30)
    assert base.exclusions == {"returns": 0, "after_report_date": 0, "customers_without_purchases": 0,
                               "zero_value_repeat": 0, "first_purchase_on_report_date": 1}
    assert tuple(base.exclusions) == EXCLUSION_KINDS
    # they just bought: P(alive) 1, nothing at risk; value = the fitted model's brand-new customer
    assert base.p_alive["041"] == 1.0 and base.warning.loc["041", "p_churn"] == 0.0
    assert base.warning.loc["041", "value_at_risk"] == 0.0
    expected = new_customer_value(base.transaction_model, base.spend_model, horizon=12, discount_rate=0.10,
                                  margin=0.3)
    assert base.clv["041"] == pytest.approx(expected) and base.value_if_alive["041"] == pytest.approx(expected)
    assert expected > 0
    # ... which is the limit of the ordinary CLV of a one-time buyer observed for T -> 0 (here 1e-6 weeks)
    almost = base.summary.loc[["041"]].assign(T=1e-6)
    limit = customer_lifetime_value(base.transaction_model, base.spend_model, almost, horizon=12, time_unit="M",
                                    discount_rate=0.10, margin=0.3)
    assert base.clv["041"] == pytest.approx(limit.iloc[0], rel=1e-4)
    # the day-old customer "042" (T = 1 day) is fitted like anyone else, and worth about as much
    assert 0 < base.p_alive["042"] <= 1 and base.clv["042"] == pytest.approx(expected, rel=0.05)


def test_the_fits_are_those_without_the_new_customer():
    log = _log()
    base = _analyse(log)
    without = _analyse(log[log["customer_id"] != "041"])
    pd.testing.assert_series_equal(base.transaction_model.params_, without.transaction_model.params_)
    pd.testing.assert_series_equal(base.spend_model.params_, without.spend_model.params_)
    others = without.clv.index
    pd.testing.assert_series_equal(base.clv.loc[others], without.clv, check_names=False)
    assert without.exclusions["first_purchase_on_report_date"] == 0


def test_several_new_customers_are_all_counted():
    log = _log()
    more = pd.DataFrame({"customer_id": ["043", "0043"], "date": pd.Timestamp(REPORT_DAY), "amount": [12.0, 8.0]})
    base = _analyse(pd.concat([log, more], ignore_index=True))
    assert base.exclusions["first_purchase_on_report_date"] == 3      # "041", "043" and "0043" (distinct ids)
    assert (base.p_alive[["041", "043", "0043"]] == 1.0).all()
    assert base.clv["043"] == base.clv["0043"] == base.clv["041"]    # the same brand-new customer's value


def test_new_customer_value_by_hand():
    class Purchases:               # a new customer buys 0.5 times a month, for ever: E[X(t)] = 0.5 t (t in months)
        time_unit_ = "M"

        def expected_purchases(self, t):
            return 0.5 * t

    class Spend:
        def population_mean_spend(self):
            return 10.0

    # 12 months of 0.5 x 10 = 5 a month at 1 % a month (1.01^12 - 1 = 12.6825 % a year), margin 1:
    # sum_{k=1}^{12} 5 / 1.01^k = 5 x 11.2551 = 56.28 (the customer_lifetime_value docstring example)
    assert new_customer_value(Purchases(), Spend(), horizon=12, discount_rate=1.01**12 - 1) == pytest.approx(
        56.2754, abs=1e-3)
    # no discount, margin 0.3, 6 months: 0.3 x 10 x 0.5 x 6 = 9
    assert new_customer_value(Purchases(), Spend(), horizon=6, discount_rate=0.0, margin=0.3) == pytest.approx(9.0)

    class Weekly(Purchases):       # the same buyer in a model fitted in weeks: 0.5 a month = 0.5 / (30.4375 / 7) a week
        time_unit_ = "W"

        def expected_purchases(self, t):
            return 0.5 * t * 7 / (365.25 / 12)

    assert new_customer_value(Weekly(), Spend(), horizon=6, discount_rate=0.0, margin=0.3) == pytest.approx(9.0)


def test_too_few_customers_before_the_report_day_is_a_clear_error():
    log = pd.DataFrame({"customer_id": ["01", "01", "02", "03"], "amount": [5.0, 6.0, 7.0, 8.0],
                        "date": pd.to_datetime(["2024-06-01", "2024-06-10", REPORT_DAY, REPORT_DAY])})
    with pytest.raises(CRMDataError, match=r"1 customers bought before 2024-06-30 \(2 more first bought that day\)"):
        analyse_customer_base(log, observation_end=REPORT_DAY)
