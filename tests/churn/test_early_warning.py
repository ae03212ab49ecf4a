"""The four early warnings in one list: hand-computed cases, boundaries, not-checked warnings, messy ids, the plot.

Every case uses the report day 2025-12-31, so "the last 3 months" is 1 October to 31 December 2025 (92 days) and
"the last 12 months" is 1 January to 31 December 2025.
"""
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from crm_analysis.churn import (WARNINGS, early_warnings, plot_early_warnings, warning_counts,  # noqa: E402
                                warning_details)
from crm_analysis.churn.early_warning import DETAIL_FIELDS, WARNING_LABELS  # noqa: E402
from crm_analysis.datasets import make_transactions  # noqa: E402
from crm_analysis.exceptions import CRMDataError, DataExclusionWarning  # noqa: E402
from crm_analysis.present import text  # noqa: E402
from crm_analysis.present.catalogue import TEXT  # noqa: E402
from crm_analysis.present.figures import localize  # noqa: E402
from crm_analysis.value import BetaGeoModel, rfm_summary  # noqa: E402

AS_OF = "2025-12-31"


def tx_rows(*rows):
    return pd.DataFrame(rows, columns=["customer_id", "date", "amount"])


def everyone_alive(ids):
    return pd.Series(0.9, index=list(ids))


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------------------- 1. stopped ordering
def test_stopped_ordering_by_hand_and_at_the_limit():
    customers = pd.DataFrame({"customer_id": ["A", "B", "C", "D"]})
    tx = tx_rows(("A", "2025-06-01", 10.0), ("B", "2025-11-03", 20.0), ("C", "2025-12-31", 30.0),
                 ("D", "2025-12-01", 5.0))
    p_alive = pd.Series({"A": 0.49, "B": 0.5, "C": 0.95})   # D has no P(alive): not checked for D
    table = early_warnings(tx, customers, as_of=AS_OF, p_alive=p_alive, flagged_only=False)
    # A: 0.49 < 0.5 -> warned; B: exactly 0.5 -> not (strictly below); C: 0.95 -> not
    assert list(table.index[table["stopped_ordering"]]) == ["A"]
    assert table.loc["A", "reasons"] == ("stopped_ordering",)
    assert table.loc["B", "reasons"] == ()
    assert not table.loc["D", "stopped_ordering"] and np.isnan(table.loc["D", "p_alive"])
    assert table.attrs["not_checked_customers"] == {"stopped_ordering": 1}
    # weeks since last order: A 2025-06-01 -> 2025-12-31 is 213 days = 30.43 weeks; B 58 days = 8.29 weeks
    assert table.loc["A", "weeks_since_last_order"] == pytest.approx(213 / 7)
    assert table.loc["B", "weeks_since_last_order"] == pytest.approx(58 / 7)
    assert table.loc["C", "weeks_since_last_order"] == 0
    assert table.attrs["p_alive_source"] == "given"
    assert table.attrs["thresholds"]["min_p_alive"] == 0.5
    assert early_warnings(tx, customers, as_of=AS_OF, p_alive=p_alive, min_p_alive=0.5001).loc["B",
                                                                                              "stopped_ordering"]


def test_stopped_ordering_default_fits_bgnbd_on_the_purchases_up_to_as_of():
    tx = make_transactions(300, duration_weeks=60, start="2024-11-01", random_state=3)
    customers = pd.DataFrame({"customer_id": sorted(tx["customer_id"].astype(str).unique()) + ["never"]})
    tx = tx.assign(customer_id=tx["customer_id"].astype(str))
    as_of = "2025-10-31"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        table = early_warnings(tx, customers, as_of=as_of, flagged_only=False)
    kept = tx[tx["date"] < pd.Timestamp(as_of) + pd.Timedelta(1, "D")]
    summary = rfm_summary(kept, observation_end=as_of, time_unit="W")
    expected = BetaGeoModel().fit(summary).probability_alive(summary)
    pd.testing.assert_series_equal(table["p_alive"].sort_index(), expected.reindex(table.index).sort_index(),
                                   check_names=False, rtol=1e-9)
    assert table.attrs["p_alive_source"] == "bgnbd"
    # a customer who never ordered has no P(alive): not checked for this warning, and counted
    assert np.isnan(table.loc["never", "p_alive"]) and not table.loc["never", "stopped_ordering"]
    assert table.attrs["not_checked_customers"]["stopped_ordering"] == 1   # everyone else bought by week 12
    assert table.attrs["rows_after_as_of"] == int(len(tx) - len(kept)) > 0
    assert (table["stopped_ordering"] == (table["p_alive"] < 0.5)).all()
    assert 0 < table["stopped_ordering"].sum() < len(table)


def test_stopped_ordering_not_checked_without_repeat_buyers():
    customers = pd.DataFrame({"customer_id": ["A", "B"], "sales_plan": [100.0, 100.0]})
    tx = tx_rows(("A", "2025-12-01", 10.0), ("B", "2025-12-02", 20.0))   # nobody bought twice
    table = early_warnings(tx, customers, as_of=AS_OF)
    assert "stopped_ordering" in table.attrs["not_checked"]
    assert "pass p_alive" in table.attrs["not_checked"]["stopped_ordering"]["enable"]
    assert table.attrs["checked"] == ("behind_plan",)
    assert not table["stopped_ordering"].any()


# ---------------------------------------------------------------------------- 2. behind plan
def test_behind_plan_by_hand_with_the_boundary_and_a_new_customer():
    customers = pd.DataFrame({"customer_id": ["P1", "P2", "P3", "P4"], "sales_plan": [1000.0] * 4,
                              "acquisition_date": ["2020-01-01", "2020-01-01", None, "2025-11-16"]})
    tx = tx_rows(("P1", "2025-09-30", 5000.0),          # the day before the window: not counted
                 ("P1", "2025-10-01", 600.0), ("P1", "2025-12-31", 600.0),   # first and last day: counted
                 ("P2", "2025-11-01", 2400.0),
                 ("P3", "2025-11-01", 2399.99),
                 ("P4", "2025-12-01", 1300.0))
    table = early_warnings(tx, customers, as_of=AS_OF, p_alive=everyone_alive("P1 P2 P3 P4".split()),
                           flagged_only=False)
    # P1: revenue 600 + 600 = 1,200 < 0.8 x 1,000 x 3 = 2,400 -> behind; gap to the full plan 3,000 - 1,200 = 1,800
    assert table.loc["P1", "recent_revenue"] == 1200.0
    assert table.loc["P1", "planned_revenue"] == 3000.0
    assert table.loc["P1", "plan_gap"] == 1800.0
    assert table.loc["P1", "behind_plan"]
    # P2: exactly 2,400 = 80 % of 3,000 -> not behind (strictly below); P3 (no acquisition date: full window):
    # 2,399.99 -> behind
    assert not table.loc["P2", "behind_plan"]
    assert table.loc["P3", "behind_plan"] and table.loc["P3", "plan_months"] == 3.0
    # P4 acquired 2025-11-16: 46 of the window's 92 days -> 1.5 plan months -> plan 1,500, threshold 1,200;
    # 1,300 >= 1,200 -> not behind (with 3 months it would be: 1,300 < 2,400)
    assert table.loc["P4", "plan_months"] == pytest.approx(1.5)
    assert table.loc["P4", "planned_revenue"] == pytest.approx(1500.0)
    assert not table.loc["P4", "behind_plan"]
    assert table.loc["P1", "reasons"] == ("behind_plan",)
    # plan_share and the window are parameters: 1,300 < 0.9 x 1,500 = 1,350 -> behind
    assert early_warnings(tx, customers, as_of=AS_OF, plan_share=0.9,
                          p_alive=everyone_alive("P1 P2 P3 P4".split())).loc["P4", "behind_plan"]
    one_month = early_warnings(tx, customers, as_of=AS_OF, plan_window_months=1, flagged_only=False,
                               p_alive=everyone_alive("P1 P2 P3 P4".split()))
    # December only: P1 600 < 0.8 x 1,000 = 800
    assert one_month.loc["P1", "recent_revenue"] == 600.0 and one_month.loc["P1", "behind_plan"]
    assert one_month.attrs["thresholds"]["plan_window_months"] == 1


# ---------------------------------------------------------------------------- 3. over credit
def test_over_credit_by_hand_at_the_limit_and_with_a_missing_balance():
    customers = pd.DataFrame({"customer_id": ["K1", "K2", "K3", "K4"], "balance": [5000.0, 4000.0, np.nan, -50.0],
                              "credit_limit": [4000.0, 4000.0, 4000.0, 0.0]})
    tx = tx_rows(*[(c, "2025-12-01", 10.0) for c in ["K1", "K2", "K3", "K4"]])
    table = early_warnings(tx, customers, as_of=AS_OF, p_alive=everyone_alive(["K1", "K2", "K3", "K4"]),
                           flagged_only=False)
    # K1: 5,000 > 4,000 -> over, gap 1,000; K2: exactly at the limit -> not over, gap 0; K4: a credit balance -> not
    assert table.loc["K1", "over_credit"] and table.loc["K1", "credit_gap"] == 1000.0
    assert not table.loc["K2", "over_credit"] and table.loc["K2", "credit_gap"] == 0.0
    assert not table.loc["K3", "over_credit"] and np.isnan(table.loc["K3", "credit_gap"])
    assert not table.loc["K4", "over_credit"]
    assert table.attrs["not_checked_customers"] == {"over_credit": 1}
    assert list(early_warnings(tx, customers, as_of=AS_OF, p_alive=everyone_alive(["K1", "K2", "K3", "K4"])).index) \
        == ["K1"]


# ---------------------------------------------------------------------------- 4. over budget
def test_over_budget_by_hand_orders_counted_once_and_at_the_limit():
    customers = pd.DataFrame({"customer_id": ["B1", "B2", "B3"], "cost_to_serve": [50.0, 50.0, 50.0],
                              "service_budget": [100.0, 100.0, 100.0]})
    rows = [("B1", "2025-09-30", "o0", 10.0)]                                 # before the window: not counted
    rows += [("B1", f"2025-11-{d:02d}", f"o1{d}", 10.0) for d in range(1, 8)]  # 7 orders
    rows += [("B2", f"2025-12-{d:02d}", f"o2{d}", 10.0) for d in range(1, 7)]  # 6 orders
    rows += [("B3", "2025-12-05", "o31", 5.0), ("B3", "2025-12-05", "o31", 5.0)]  # one order in two lines
    tx = pd.DataFrame(rows, columns=["customer_id", "date", "order_id", "amount"])
    table = early_warnings(tx, customers, as_of=AS_OF, p_alive=everyone_alive(["B1", "B2", "B3"]),
                           flagged_only=False)
    # budget 100 a month x 3 months = 300; B1: 50 x 7 orders = 350 > 300 -> over by 50
    assert table.loc["B1", "recent_orders"] == 7
    assert table.loc["B1", "recent_cost"] == 350.0 and table.loc["B1", "budget"] == 300.0
    assert table.loc["B1", "budget_gap"] == 50.0 and table.loc["B1", "over_budget"]
    # B2: 50 x 6 = 300, exactly the budget -> not over
    assert table.loc["B2", "recent_cost"] == 300.0 and not table.loc["B2", "over_budget"]
    # B3: one order_id on two lines is one order: cost 50
    assert table.loc["B3", "recent_orders"] == 1 and table.loc["B3", "recent_cost"] == 50.0
    # a row without an order id is an order of its own: B3's second line unnamed -> 2 orders
    unnamed = tx.assign(order_id=tx["order_id"].where(~((tx["customer_id"] == "B3") & tx.index.isin([15])), None))
    assert unnamed["order_id"].isna().sum() == 1
    assert early_warnings(unnamed, customers, as_of=AS_OF, flagged_only=False,
                          p_alive=everyone_alive(["B1", "B2", "B3"])).loc["B3", "recent_orders"] == 2
    # without order_id every row is an order: B3 has 2
    no_ids = early_warnings(tx.drop(columns="order_id"), customers, as_of=AS_OF, flagged_only=False,
                            p_alive=everyone_alive(["B1", "B2", "B3"]))
    assert no_ids.loc["B3", "recent_orders"] == 2 and no_ids.attrs["orders_from"] == "rows"
    assert table.attrs["orders_from"] == "order_id"
    # the store calls the order id transaction_id
    store_like = early_warnings(tx.rename(columns={"order_id": "transaction_id"}), customers, as_of=AS_OF,
                                flagged_only=False, p_alive=everyone_alive(["B1", "B2", "B3"]))
    assert store_like.loc["B3", "recent_orders"] == 1 and store_like.attrs["orders_from"] == "transaction_id"


# ---------------------------------------------------------------------------- the list: value, order, churned
def test_value_order_reasons_and_churned_customers():
    customers = pd.DataFrame({
        "customer_id": ["V1", "V2", "V3", "V4", "V5"], "sales_plan": [1000.0] * 5,
        "balance": [5000.0, 0.0, 0.0, 0.0, 0.0], "credit_limit": [4000.0] * 5,
        "cost_to_serve": [1.0] * 5, "service_budget": [1000.0] * 5,
        "churn": [0, 0, 0, 1, 1], "churn_date": [None, None, None, "2025-06-30", "2026-01-15"]})
    tx = tx_rows(("V1", "2024-12-31", 9999.0),        # 12-month value window starts 2025-01-01: not counted
                 ("V1", "2025-03-01", 900.0), ("V1", "2025-12-01", 100.0),
                 ("V2", "2025-12-01", 3000.0), ("V3", "2025-05-01", 200.0), ("V4", "2025-01-10", 50.0),
                 ("V5", "2025-12-10", 40.0))
    p_alive = pd.Series({"V1": 0.2, "V2": 0.9, "V3": 0.1, "V4": 0.1, "V5": 0.9})
    table = early_warnings(tx, customers, as_of=AS_OF, p_alive=p_alive, currency="CNY")
    # value = revenue of 2025: V1 1,000, V2 3,000, V3 200, V5 40; V4 left on 2025-06-30: not on the list;
    # V5 leaves on 2026-01-15, after the report day: still a customer on 2025-12-31
    assert table.attrs["value_source"] == "trailing_revenue" and table.attrs["value_window_months"] == 12
    assert table.attrs["n_churned"] == 1 and table.attrs["n_customers"] == 4
    assert table.attrs["total_value"] == 1000.0 + 3000.0 + 200.0 + 40.0
    # V2 (3,000 in December) meets the plan (3,000 >= 2,400) and is alive: no warning, not on the list
    assert list(table.index) == ["V1", "V3", "V5"]
    assert table["value"].tolist() == [1000.0, 200.0, 40.0]
    # V1: stopped (0.2), behind plan (100 < 2,400), over credit (5,000 > 4,000)
    assert table.loc["V1", "reasons"] == ("stopped_ordering", "behind_plan", "over_credit")
    assert table.loc["V1", "n_warnings"] == 3
    assert table.loc["V5", "reasons"] == ("behind_plan",)
    assert table.attrs["currency"] == "CNY" and table.attrs["as_of"] == AS_OF
    # a value Series (e.g. CLV) replaces the revenue and reorders the list
    clv = pd.Series({"V1": 10.0, "V3": 500.0, "V5": np.nan}, name="clv_12m")
    given = early_warnings(tx, customers, as_of=AS_OF, p_alive=p_alive, value=clv)
    assert list(given.index) == ["V3", "V1", "V5"]   # missing value sorts last
    assert given.attrs["value_source"] == "given" and given.attrs["value_name"] == "clv_12m"


def test_an_earlier_report_day_sees_the_customers_of_that_day():
    customers = pd.DataFrame({"customer_id": ["E1", "E2", "E3"], "sales_plan": [100.0] * 3,
                              "acquisition_date": ["2025-01-01", "2025-01-01", "2025-08-01"],
                              "churn": [1, 0, 0], "churn_date": ["2025-07-15", None, None]})
    tx = tx_rows(("E1", "2025-01-01", 10.0), ("E2", "2025-01-01", 20.0), ("E2", "2025-07-01", 500.0),
                 ("E3", "2025-08-01", 30.0))
    table = early_warnings(tx, customers, as_of="2025-06-30", p_alive=everyone_alive(["E1", "E2", "E3"]),
                           flagged_only=False)
    # on 2025-06-30 E1 had not left yet (2025-07-15) and E3 was not a customer yet (2025-08-01); E2's July order
    # is after the report day: 1 row left out; window April-June: E1 and E2 bought nothing -> behind plan (0 < 240)
    assert list(table.index) == ["E2", "E1"]
    assert table.attrs["n_churned"] == 0 and table.attrs["n_not_yet_acquired"] == 1
    assert table.attrs["rows_after_as_of"] == 2   # E2's July order and E3's first
    assert table["behind_plan"].all() and (table["recent_revenue"] == 0).all()
    later = early_warnings(tx, customers, as_of="2025-12-31", p_alive=everyone_alive(["E1", "E2", "E3"]),
                           flagged_only=False)
    assert list(later.index) == ["E2", "E3"] and later.attrs["n_churned"] == 1


def test_warning_counts_by_hand():
    customers = pd.DataFrame({"customer_id": ["A", "B", "C", "D"], "sales_plan": [1000.0] * 4,
                              "balance": [9.0, 0.0, 0.0, 0.0], "credit_limit": [1.0] * 4})
    tx = tx_rows(("A", "2025-12-01", 300.0), ("B", "2025-12-01", 100.0), ("C", "2025-12-01", 2500.0),
                 ("D", "2025-12-01", 2600.0))
    table = early_warnings(tx, customers, as_of=AS_OF, p_alive=everyone_alive("ABCD"))
    counts = warning_counts(table)
    # A (300): behind plan and over credit; B (100): behind plan; C, D meet the plan. Total value 5,500.
    assert counts.loc[("warning", "behind_plan"), "customers"] == 2
    assert counts.loc[("warning", "behind_plan"), "value_at_stake"] == 400.0
    assert counts.loc[("warning", "behind_plan"), "customer_share"] == 0.5
    assert counts.loc[("warning", "behind_plan"), "value_share"] == pytest.approx(400 / 5500)
    assert counts.loc[("warning", "over_credit"), "value_at_stake"] == 300.0
    assert counts.loc[("warning", "stopped_ordering"), "customers"] == 0
    # over budget was not checked: missing, not zero
    assert not counts.loc[("warning", "over_budget"), "checked"]
    assert pd.isna(counts.loc[("warning", "over_budget"), "customers"])
    assert counts.loc[("number", "1"), "customers"] == 1 and counts.loc[("number", "2"), "customers"] == 1
    assert counts.loc[("number", "2"), "value_at_stake"] == 300.0
    assert counts.loc[("any", "any"), "customers"] == 2 and counts.loc[("any", "any"), "value_at_stake"] == 400.0


def test_warning_details_give_each_sentence_its_numbers():
    customers = pd.DataFrame({"customer_id": ["A", "B"], "sales_plan": [1000.0, 0.0], "balance": [5000.0, 0.0],
                              "credit_limit": [4000.0, 10.0], "cost_to_serve": [50.0, 1.0],
                              "service_budget": [10.0, 100.0]})
    tx = tx_rows(("A", "2025-10-05", 600.0), ("A", "2025-12-01", 600.0), ("B", "2025-06-01", 2000.0))
    table = early_warnings(tx, customers, as_of=AS_OF, p_alive=pd.Series({"A": 0.9, "B": 0.2}), currency="CNY")
    details = warning_details(table)
    # A (value 1,200): behind plan (1,200 < 2,400), over credit (5,000 > 4,000), over budget (50 x 2 = 100 > 30);
    # B (value 2,000): stopped ordering (0.2 < 0.5), silent since 2025-06-01 = 213 days; no plan (0): never behind
    assert list(details.index) == ["B", "A", "A", "A"]
    assert list(details["warning"]) == ["stopped_ordering", "behind_plan", "over_credit", "over_budget"]
    b = details.iloc[0]
    assert (b["weeks"], b["p"], b["threshold"]) == (pytest.approx(213 / 7), 0.2, 0.5)
    plan, credit, budget = details.iloc[1], details.iloc[2], details.iloc[3]
    assert (plan["revenue"], plan["months"], plan["plan"], plan["gap"]) == (1200.0, 3.0, 3000.0, 1800.0)
    assert (credit["balance"], credit["limit"], credit["gap"]) == (5000.0, 4000.0, 1000.0)
    assert (budget["cost"], budget["orders"], budget["months"], budget["budget"], budget["gap"]) == \
        (100.0, 2.0, 3.0, 30.0, 70.0)
    # every field of a warning's sentence is there, and fills the catalogue sentence in both languages
    for _, row in details.iterrows():
        fields = {f: f"{row[f]:,.0f}" for f in DETAIL_FIELDS[row["warning"]]}
        assert row[list(DETAIL_FIELDS[row["warning"]])].notna().all()
        for lang in ("en", "zh"):
            assert text(f"early_warning_detail_{row['warning']}", lang, currency="CNY", **fields)
    assert text("early_warning_detail_over_credit", "en", currency="CNY", balance="5,000", limit="4,000",
                gap="1,000") == "balance CNY 5,000 against a credit limit of CNY 4,000 (CNY 1,000 over)"


# ---------------------------------------------------------------------------- missing columns, messy input
def test_missing_columns_are_not_checked_and_say_how_to_enable_them():
    customers = pd.DataFrame({"customer_id": ["A", "B"], "balance": [10.0, 0.0]})   # no credit_limit
    tx = tx_rows(("A", "2025-12-01", 10.0), ("B", "2025-12-02", 20.0))
    table = early_warnings(tx, customers, as_of=AS_OF, p_alive=pd.Series({"A": 0.1, "B": 0.9}), flagged_only=False)
    not_checked = table.attrs["not_checked"]
    assert set(not_checked) == {"behind_plan", "over_credit", "over_budget"}
    assert not_checked["over_credit"]["missing"] == ("credit_limit",)
    assert "--credit-limit-col" in not_checked["over_credit"]["enable"]
    assert not_checked["behind_plan"]["missing"] == ("sales_plan",)
    assert "roles={'sales_plan': COL}" in not_checked["behind_plan"]["enable"]
    assert not_checked["over_budget"]["missing"] == ("cost_to_serve", "service_budget")
    assert table.attrs["checked"] == ("stopped_ordering",)
    for warning in ("behind_plan", "over_credit", "over_budget"):
        assert not table[warning].any()
    assert table[["plan_gap", "credit_gap", "budget_gap"]].isna().all().all()


def test_text_ids_with_leading_zeros_are_kept_and_matched():
    customers = pd.DataFrame({"customer_id": ["004217", "000509"], "balance": [100.0, 0.0],
                              "credit_limit": [50.0, 50.0]})
    tx = tx_rows(("004217", "2025-12-01", 10.0), ("000509", "2025-12-02", 20.0))
    table = early_warnings(tx, customers, as_of=AS_OF, p_alive=pd.Series({"004217": 0.9, "000509": 0.2}))
    assert list(table.index) == ["000509", "004217"]   # values 20 and 10
    assert table.index.name == "customer_id"
    assert table.loc["004217", "reasons"] == ("over_credit",)
    assert table.loc["000509", "reasons"] == ("stopped_ordering",)
    # the same ids written as numbers in the log are other customers (509 is not "000509"): excluded, counted
    numeric = tx_rows((4217, "2025-12-01", 10.0), (509, "2025-12-02", 20.0))
    with pytest.warns(DataExclusionWarning, match="not in the customer table"):
        result = early_warnings(numeric, customers, as_of=AS_OF, p_alive=pd.Series({"004217": 0.9, "000509": 0.9}))
    assert result.attrs["unknown_customers"] == 2
    # a P(alive) or value Series keyed by the numbers names none of the customers: an error, not an empty warning
    with pytest.raises(CRMDataError, match="none of the current customers"):
        early_warnings(tx, customers, as_of=AS_OF, p_alive=pd.Series({4217: 0.9, 509: 0.2}))
    with pytest.raises(CRMDataError, match="none of the current customers"):
        early_warnings(tx, customers, as_of=AS_OF, p_alive=pd.Series({"004217": 0.9}), value=pd.Series({509: 1.0}))
    # the store's customer table is indexed by customer_id: read the same way
    indexed = early_warnings(tx, customers.set_index("customer_id"), as_of=AS_OF,
                             p_alive=pd.Series({"004217": 0.9, "000509": 0.2}))
    pd.testing.assert_frame_equal(indexed, table)


def test_unknown_customers_returns_and_bad_input():
    customers = pd.DataFrame({"customer_id": ["A", "B"], "credit_limit": [1.0, 1.0], "balance": [0.0, 0.0]})
    tx = tx_rows(("A", "2025-12-01", 10.0), ("A", "2025-12-02", -4.0), ("Z", "2025-12-01", 7.0),
                 ("B", "2025-12-03", 5.0))
    with pytest.warns(DataExclusionWarning) as caught:
        table = early_warnings(tx, customers, as_of=AS_OF, p_alive=everyone_alive("AB"), flagged_only=False)
    messages = " ".join(str(w.message) for w in caught)
    assert "returns" in messages and "not in the customer table" in messages
    assert table.loc["A", "value"] == 10.0 and table.attrs["unknown_customers"] == 1
    with pytest.raises(CRMDataError, match="credit_limit"):
        early_warnings(tx_rows(("A", "2025-12-01", 1.0)), customers.assign(credit_limit=[-1.0, 1.0]),
                       p_alive=everyone_alive("AB"))
    with pytest.raises(CRMDataError, match="duplicated"):
        early_warnings(tx_rows(("A", "2025-12-01", 1.0)), pd.DataFrame({"customer_id": ["A", "A"]}),
                       p_alive=everyone_alive("A"))
    with pytest.raises(CRMDataError, match=r"\[0, 1\]"):
        early_warnings(tx_rows(("A", "2025-12-01", 1.0)), customers, p_alive=pd.Series({"A": 1.5}))
    with pytest.raises(CRMDataError, match="plan_share"):
        early_warnings(tx_rows(("A", "2025-12-01", 1.0)), customers, plan_share=0, p_alive=everyone_alive("A"))
    with pytest.raises(CRMDataError, match="sales_plan"):
        early_warnings(tx_rows(("A", "2025-12-01", 1.0)), customers.assign(sales_plan=["x", "1"]),
                       p_alive=everyone_alive("A"))


def test_inputs_are_not_changed():
    customers = pd.DataFrame({"customer_id": ["001", "002"], "sales_plan": [1000.0, 10.0], "balance": [5.0, 0.0],
                              "credit_limit": [1.0, 1.0], "cost_to_serve": [1.0, 1.0], "service_budget": [1.0, 1.0],
                              "churn": [0, 0], "acquisition_date": ["2024-01-01", "2025-11-01"]})
    tx = tx_rows(("001", "2025-12-01", 10.0), ("002", "2025-12-02", 20.0), ("002", "2026-01-02", 20.0))
    p_alive = pd.Series({"001": 0.1, "002": 0.9})
    value = pd.Series({"001": 1.0, "002": 2.0})
    before = [customers.copy(deep=True), tx.copy(deep=True), p_alive.copy(), value.copy()]
    early_warnings(tx, customers, as_of=AS_OF, p_alive=p_alive, value=value)
    for original, now in zip(before, [customers, tx, p_alive, value]):
        if isinstance(now, pd.DataFrame):
            pd.testing.assert_frame_equal(original, now)
        else:
            pd.testing.assert_series_equal(original, now)


# ---------------------------------------------------------------------------- wording and the figure
def test_every_warning_has_its_catalogue_words():
    for warning in WARNINGS:
        for key in (f"early_warning_reason_{warning}", f"early_warning_detail_{warning}"):
            assert set(TEXT[key]) >= {"en", "zh"}
        assert TEXT[f"early_warning_fig_{warning}"]["en"] == WARNING_LABELS[warning]
    sentence = text("early_warning_detail_behind_plan", "en", currency="CNY", revenue="1,200", months=3,
                    plan="3,000")
    assert sentence == "revenue CNY 1,200 in the last 3 months against a plan of CNY 3,000"
    assert "1,200" in text("early_warning_detail_behind_plan", "zh", currency="元", revenue="1,200", months=3,
                           plan="3,000")


@pytest.mark.parametrize("currency", ["CNY", None])
def test_plot_is_labelled_and_passes_strict_zh(currency):
    customers = pd.DataFrame({"customer_id": ["A", "B", "C"], "sales_plan": [1000.0, 1000.0, 1.0],
                              "balance": [5.0, 0.0, 0.0], "credit_limit": [1.0, 1.0, 1.0]})
    tx = tx_rows(("A", "2025-12-01", 100.0), ("B", "2025-12-02", 200.0), ("C", "2025-12-02", 300.0))
    table = early_warnings(tx, customers, as_of=AS_OF, p_alive=pd.Series({"A": 0.9, "B": 0.9, "C": 0.1}),
                           currency=currency)
    ax = plot_early_warnings(table)
    assert ax.get_xlabel().startswith("Revenue of the last 12 months")
    assert ax.get_ylabel() == "Warning"
    assert ("not checked" in [t.get_text() for t in ax.texts])   # over budget has no columns
    # bars: stopped ordering C 300, behind plan A + B 300, over credit A 100, over budget none, any 600
    widths = [patch.get_width() for patch in ax.patches]
    assert widths == [300.0, 300.0, 100.0, 0.0, 600.0]
    localize(ax, "zh", strict=True)
    assert "预警" in ax.get_ylabel()
    given = early_warnings(tx, customers, as_of=AS_OF, p_alive=pd.Series({"A": 0.9, "B": 0.9, "C": 0.1}),
                           value=pd.Series({"A": 1.0, "B": 2.0, "C": 3.0}))
    ax2 = plot_early_warnings(given, currency=currency)
    assert ax2.get_xlabel().startswith("Value of the warned customers")
    localize(ax2, "zh", strict=True)


# ---------------------------------------------------------------------------- recovery on the demo company
@pytest.fixture(scope="module")
def company():
    from crm_analysis.datasets import make_company

    return make_company(2000, random_state=7)


def test_planted_warnings_are_recovered_on_make_company(company):
    table = early_warnings(company.transactions, company.customers, flagged_only=False, currency=company.currency)
    planted = company.truth.latent.reindex(table.index)
    assert table.attrs["checked"] == WARNINGS and table.attrs["not_checked"] == {}
    assert table.attrs["n_churned"] == int((company.customers["churn"] == 1).sum())
    assert table.attrs["as_of"] == company.observation_end.date().isoformat()
    # over the limit: the planted balance is 1.05-1.6 x the limit, so every planted customer is flagged; an
    # ordinary balance (20-100 % of the last 30 days' orders) rarely reaches a limit of 1.5 months' revenue
    over_limit = planted["over_limit"].astype(bool)
    assert over_limit.sum() >= 20
    assert table.loc[over_limit, "over_credit"].all()
    assert table.loc[~over_limit, "over_credit"].mean() < 0.03
    # behind plan (plan 1.8-3 x the expected revenue) and over budget (budget 0.5-0.85 x the expected cost):
    # revenue and orders of 3 months are Poisson-noisy (a median customer orders 0.7 times a month), so the
    # planted customers are flagged far more often, not always. Silent leavers (stopped buying, account still
    # open) order nothing, so they cannot be over budget: they are left out of the planted group
    for warning, truth in (("behind_plan", "behind_plan"), ("over_budget", "over_budget")):
        mask = planted[truth].astype(bool) & ~planted["silent"].astype(bool)
        recall, others = table.loc[mask, warning].mean(), table.loc[~mask, warning].mean()
        assert mask.sum() >= 50
        assert recall > 0.65, (warning, recall)
        assert recall > 1.5 * others, (warning, recall, others)
    # planted gaps point the right way: the typical planted customer is far behind plan / over budget
    assert table.loc[planted["behind_plan"].astype(bool), "plan_gap"].median() > 0
    assert table.loc[planted["over_budget"].astype(bool), "budget_gap"].median() > 0


def test_stopped_ordering_finds_the_leavers_when_the_closing_is_not_recorded(company):
    # most of the demo's leavers close their account (churn = 1) and are left off the list; drop that record and
    # "stopped ordering" must find them from the silence alone (BG/NBD P(alive) fitted on the orders). Still
    # buying = no dropout in the truth (silent leavers keep churn = 0 and are rightly flagged)
    customers = company.customers.drop(columns=["churn", "churn_date"])
    table = early_warnings(company.transactions, customers, flagged_only=False)
    truth = company.customers.set_index("customer_id").reindex(table.index)
    orders = company.transactions.groupby("customer_id").size().reindex(table.index)
    long_gone = (truth["churn"] == 1) & (truth["churn_date"] < company.observation_end - pd.DateOffset(months=6))
    regular = long_gone & (orders >= 3)
    active = company.truth.latent["dropout_date"].reindex(table.index).isna()
    assert regular.sum() >= 100
    assert table.loc[regular, "stopped_ordering"].mean() > 0.85      # seeds 7, 11: 0.93, 0.92
    assert table.loc[active, "stopped_ordering"].mean() < 0.05       # 0.012, 0.023
    assert table.loc[regular, "p_alive"].median() < 0.1 < table.loc[active, "p_alive"].median()
