"""CLV with units and discounting (hand-computed with a constant-rate toy model) and retention economics."""
import numpy as np
import pandas as pd
import pytest

from crm_analysis.exceptions import CRMDataError
from crm_analysis.value import (GammaGammaModel, customer_lifetime_value, retention_improvement_table,
                                retention_value, value_of_retention_improvement)
from crm_analysis.value.clv import period_discount_rate

WEEKS_PER_MONTH = 365.25 / 12 / 7


class ConstantRateModel:
    """Toy transaction model: customer i buys at a constant rate (``rate_per_week`` column) forever."""

    def predict(self, summary, t):
        return summary["rate_per_week"].to_numpy() * t


@pytest.fixture
def customers():
    # 0.5 and 2 purchases a month
    return pd.DataFrame({"rate_per_week": [0.5 / WEEKS_PER_MONTH, 2 / WEEKS_PER_MONTH],
                         "frequency": [1, 3], "monetary_value": [10.0, 20.0]}, index=["ann", "bob"])


def test_monthly_steps_weekly_model_monthly_rate_by_hand(customers):
    before = customers.copy()
    clv = customer_lifetime_value(ConstantRateModel(), 10.0, customers, horizon=12, time_unit="M",
                                  discount_rate=0.01, discount_unit="M", margin=1.0)
    pd.testing.assert_frame_equal(customers, before)
    annuity = (1 - 1.01 ** -12) / 0.01  # sum_{k=1}^{12} 1.01^-k = 11.2550775
    assert annuity == pytest.approx(11.2550775, rel=1e-8)
    assert clv.tolist() == pytest.approx([0.5 * 10 * annuity, 2 * 10 * annuity])  # 56.2754, 225.1016
    assert list(clv.index) == ["ann", "bob"] and clv.name == "clv"


def test_annual_rate_is_converted_to_the_step(customers):
    annual = 1.01 ** 12 - 1  # 12.68 % a year is 1 % a month
    monthly = customer_lifetime_value(ConstantRateModel(), 10.0, customers, 12, "M", 0.01, discount_unit="M")
    yearly = customer_lifetime_value(ConstantRateModel(), 10.0, customers, 12, "M", annual, discount_unit="Y")
    pd.testing.assert_series_equal(monthly, yearly)
    assert period_discount_rate(0.21, "Y", "Y") == pytest.approx(0.21)
    assert period_discount_rate(0.21, "Y", "Q") == pytest.approx(1.21 ** 0.25 - 1)


def test_quarterly_steps_margin_and_series_spend(customers):
    # 4 quarters of 3 months: 1.5 purchases a quarter for ann, spend 8, margin 0.3, 2 % a quarter
    spend = pd.Series({"bob": 20.0, "ann": 8.0})
    clv = customer_lifetime_value(ConstantRateModel(), spend, customers, horizon=4, time_unit="Q",
                                  discount_rate=0.02, discount_unit="Q", margin=0.3)
    expected_ann = sum(1.5 * 8 * 0.3 / 1.02 ** k for k in range(1, 5))
    assert clv["ann"] == pytest.approx(expected_ann)
    assert clv["bob"] == pytest.approx(expected_ann * 4 * 20 / 8)


def test_gamma_gamma_spend_model(customers):
    spend_model = GammaGammaModel()
    spend_model.params_ = pd.Series([6.0, 4.0, 15.0], index=["p", "q", "v"])
    clv = customer_lifetime_value(ConstantRateModel(), spend_model, customers, 12, "M", 0.01, discount_unit="M")
    # ann: x=1, z=10 -> 6 (15 + 10) / (6 + 3) = 16.667
    annuity = (1 - 1.01 ** -12) / 0.01
    assert clv["ann"] == pytest.approx(0.5 * annuity * 150 / 9)


def test_purchases_are_taken_incrementally():
    class Decaying:  # cumulative purchases 1 - exp(-t / 4.348): most buying happens early
        def predict(self, summary, t):
            return np.full(len(summary), 1 - np.exp(-t / WEEKS_PER_MONTH))

    frame = pd.DataFrame(index=[1])
    clv = customer_lifetime_value(Decaying(), 1.0, frame, 3, "M", 0.0, discount_unit="M")
    assert clv.item() == pytest.approx(1 - np.exp(-3))  # undiscounted sum telescopes
    discounted = customer_lifetime_value(Decaying(), 1.0, frame, 2, "M", 0.1, discount_unit="M")
    e1, e2 = 1 - np.exp(-1), 1 - np.exp(-2)
    assert discounted.item() == pytest.approx(e1 / 1.1 + (e2 - e1) / 1.1 ** 2)


@pytest.mark.parametrize("kwargs, message", [
    ({"horizon": 0}, "horizon"), ({"horizon": 2.5}, "horizon"), ({"time_unit": "fortnight"}, "time_unit"),
    ({"discount_rate": -1.5}, "discount"),
])
def test_bad_clv_arguments(customers, kwargs, message):
    args = {"horizon": 12, "time_unit": "M", "discount_rate": 0.1} | kwargs
    with pytest.raises(CRMDataError, match=message):
        customer_lifetime_value(ConstantRateModel(), 10.0, customers, **args)


def test_spend_series_must_cover_every_customer(customers):
    with pytest.raises(CRMDataError, match="bob"):
        customer_lifetime_value(ConstantRateModel(), pd.Series({"ann": 1.0}), customers)


def test_retention_value_by_hand():
    assert retention_value(100, 0.8, 0.1) == pytest.approx(100 * 0.8 / 0.3)  # 266.67
    assert retention_value(1, 0.0, 0.1) == 0
    # the closed form equals the discounted sum of m r^t / (1 + d)^t
    t = np.arange(1, 2000)
    assert retention_value(50, 0.9, 0.08) == pytest.approx(np.sum(50 * 0.9 ** t / 1.08 ** t))
    with pytest.raises(CRMDataError, match="retention_rate"):
        retention_value(1, 1.0, 0.1)


def test_value_of_retention_improvement_by_hand():
    gain = value_of_retention_improvement(100, 0.8, 0.1, points=0.05)
    assert gain["value_before"] == pytest.approx(266.6667, rel=1e-6)
    assert gain["value_after"] == pytest.approx(340.0)  # 100 * 0.85 / 0.25
    assert gain["gain_pct"] == pytest.approx(27.5)


def test_five_points_of_retention_table():
    table = retention_improvement_table((0.5, 0.8, 0.9), discount_rate=0.1)
    assert table["gain_pct"].tolist() == pytest.approx([20.0, 27.5, 40.740741], rel=1e-6)
    # from r = 0.5 up the gain grows with the base retention rate: the textbook's 25-95 % needs high retention
    assert np.all(np.diff(retention_improvement_table(np.linspace(0.5, 0.9, 9))["gain_pct"]) > 0)
    low_discount = value_of_retention_improvement(1, 0.9, 0.05)["gain_pct"]
    assert low_discount == pytest.approx(100 * (9.5 / 6 - 1))  # 58.3 %
