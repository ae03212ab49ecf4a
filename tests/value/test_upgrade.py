"""Upgrade potential: the key threshold, reach and candidates by hand; the back-test counts."""
import numpy as np
import pandas as pd
import pytest

from crm_analysis.exceptions import CRMDataError
from crm_analysis.value import customer_pyramid
from crm_analysis.value.upgrade import predicted_period_value, upgrade_backtest, upgrade_potential


def test_hand_computed_candidates():
    # profits 500, 300 (key, together 800 of 1,000 positive), 100, 50 (ordinary), 30, 20 (small), -40 (bad)
    value = pd.Series([500.0, 300, 100, 50, 30, 20, -40], index=["01", "02", "03", "04", "05", "06", "07"])
    tiers = customer_pyramid(value, key_share=0.5, ordinary_share=0.9).tiers
    # key share 0.5: 01 (before 0) and 02 (before 0.5? no: 500/1000 = 0.5 is not < 0.5) -> only 01 key
    assert tiers.tolist()[:2] == ["key", "ordinary"]
    predicted = pd.Series({"02": 450.0, "03": 420.0, "04": 60.0, "05": 390.0, "06": np.nan, "07": 900.0})
    table = upgrade_potential(tiers, value, predicted, near=0.8)
    # threshold = 500 (smallest key value); reach 02 = 0.9, 03 = 0.84, 05 = 0.78, 04 = 0.12; 06 has no
    # prediction; 07 is bad (not a lower tier)
    assert table.attrs["key_threshold"] == 500
    assert list(table.index) == ["02", "03", "05", "04"]
    assert table["candidate"].tolist() == [True, True, False, False]
    assert table.loc["03", "gap"] == pytest.approx(80)
    assert table.loc["02", "reach"] == pytest.approx(0.9)


def test_errors_and_ids():
    tiers = pd.Series(["ordinary", "small"], index=["1", "2"])
    with pytest.raises(CRMDataError, match="no key customer"):
        upgrade_potential(tiers, pd.Series([1.0, 2.0], index=["1", "2"]), pd.Series([1.0, 2.0], index=["1", "2"]))
    with pytest.raises(CRMDataError, match="Series indexed by customer id"):
        upgrade_potential(tiers, [1, 2], pd.Series([1.0], index=["1"]))


def test_predicted_period_value():
    # a: 2 purchases x (0.3 x 100 - 10) = 40; b: 1 x (0.3 x 50 - 0 [no cost given]) = 15
    out = predicted_period_value(pd.Series({"a": 2.0, "b": 1.0}), pd.Series({"a": 100.0, "b": 50.0}), margin=0.3,
                                 cost_to_serve=pd.Series({"a": 10.0}))
    assert out.to_dict() == {"a": pytest.approx(40), "b": pytest.approx(15)}
    with pytest.raises(CRMDataError, match="margin"):
        predicted_period_value(pd.Series({"a": 1.0}), pd.Series({"a": 1.0}), margin=35)


def test_backtest_counts():
    potential = pd.DataFrame({"candidate": [True, True, True, False, False]}, index=["a", "b", "c", "d", "e"])
    later = pd.Series({"a": "key", "b": "key", "c": "small", "d": "key", "x": "key"})  # e is lost
    table = upgrade_backtest(potential, later)
    # candidates: 2 of 3 key; others: 1 of 2 (e absent counts as not key)
    assert table.loc["candidates", ["customers", "became_key"]].tolist() == [3, 2]
    assert table.loc["others", "share"] == pytest.approx(0.5)
    assert table.loc["candidates", "ci_lower"] < 2 / 3 < table.loc["candidates", "ci_upper"]


def test_predicted_profit_and_backtest_on_make_company():
    """Held-out check on the simulator: candidates flagged from 2024 data become key in 2025 far more often."""
    import warnings

    from crm_analysis.datasets import make_company
    from crm_analysis.exceptions import DataExclusionWarning
    from crm_analysis.value.profit import customer_profit, profit_pyramid
    from crm_analysis.value.upgrade import predicted_profit

    company = make_company(800, random_state=3)
    customers = company.customers.set_index("customer_id")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        first = customer_profit(company.transactions, company.customers, margin=company.margin,
                                start="2024-01-01", end="2024-12-31")
        second = customer_profit(company.transactions, company.customers, margin=company.margin,
                                 start="2025-01-01", end="2025-12-31")
        predicted = predicted_profit(company.transactions, customers, margin=company.margin, as_of="2024-12-31")
    assert predicted.index.dtype == object and predicted.index[0].startswith("0")     # text ids kept
    potential = upgrade_potential(profit_pyramid(first).tiers, first["profit"], predicted)
    table = upgrade_backtest(potential, profit_pyramid(second).tiers)
    assert table.loc["candidates", "customers"] >= 10
    assert table.loc["candidates", "ci_lower"] > table.loc["others", "ci_upper"]


def test_closed_accounts_are_never_candidates():
    import warnings

    from crm_analysis.exceptions import DataExclusionWarning

    value = pd.Series([500.0, 300, 100, 50, 30, 20, -40], index=["01", "02", "03", "04", "05", "06", "07"])
    tiers = customer_pyramid(value, key_share=0.5, ordinary_share=0.9).tiers
    predicted = pd.Series({"02": 450.0, "03": 420.0, "04": 60.0, "05": 390.0, "06": np.nan, "07": 900.0})
    # 02 closed on 2024-12-01 (before the prediction date 2024-12-31), 03 closes on 2025-01-15 (after it: still a
    # customer then), 04 closed without a date; store-shaped table (indexed by customer_id)
    customers = pd.DataFrame({"churn": [0, 1, 1, 1, 0], "churn_date": [None, "2024-12-01", "2025-01-15", None, None]},
                             index=pd.Index(["01", "02", "03", "04", "05"], name="customer_id"))
    with pytest.warns(DataExclusionWarning, match=r"1 of 5 ordinary and small customers left out.*'02'"):
        table = upgrade_potential(tiers, value, predicted, customers=customers, as_of="2024-12-31")
    # without 02 (reach 0.9): 03 (0.84) is the only candidate, then 05 (0.78), 04 (0.12; undated, the data go on)
    assert list(table.index) == ["03", "05", "04"] and table["candidate"].tolist() == [True, False, False]
    assert table.attrs["n_closed"] == 1 and table.attrs["key_threshold"] == 500
    with pytest.warns(DataExclusionWarning, match="3 of 5"):  # no date given: every account closed by the data end
        table = upgrade_potential(tiers, value, predicted, customers=customers)
    assert list(table.index) == ["05"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert upgrade_potential(tiers, value, predicted).index.tolist() == ["02", "03", "05", "04"]  # as before


@pytest.mark.filterwarnings("ignore:.*(after observation_end|first purchase is on).*")
def test_predicted_profit_gives_closed_accounts_no_prediction():
    """On the simulator: customers closed by as_of get no prediction, the others the same one as without churn."""
    import warnings

    from crm_analysis.datasets import make_company
    from crm_analysis.exceptions import DataExclusionWarning
    from crm_analysis.value.upgrade import predicted_profit

    company = make_company(600, random_state=4)
    customers = company.customers.set_index("customer_id")
    as_of = pd.Timestamp("2024-12-31")
    with pytest.warns(DataExclusionWarning, match="account closed on or before 2024-12-31"):
        predicted = predicted_profit(company.transactions, customers, margin=company.margin, as_of=as_of)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        plain = predicted_profit(company.transactions, customers[["cost_to_serve"]], margin=company.margin,
                                 as_of=as_of)
    closed = customers.index[(customers["churn"] == 1) & (customers["churn_date"] <= as_of)]
    assert predicted.attrs["n_closed"] == int(plain.index.isin(closed).sum()) > 10
    assert not predicted.index.isin(closed).any()
    assert predicted.to_dict() == plain.drop(plain.index[plain.index.isin(closed)]).to_dict()
