"""The computations behind the churn reports, each checked on a tiny hand-computed case."""
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crm_analysis.churn import (accuracy_table, auc_verdict, baseline_accuracy, campaign_kpis, churn_drivers,
                                churn_features, churn_overview, current_customers, feature_groups,
                                kaplan_meier_by_segment, monthly_revenue, plot_driver_importance, plot_pr_curves,
                                plot_roc_curves, profit_curve, retained_value, retention_summary,
                                running_total_columns, sample_customers, segment_column, value_of_keeping)
from crm_analysis.exceptions import CRMDataError

Y5 = [1, 0, 1, 0, 0]
SCORE5 = [0.9, 0.6, 0.4, 0.2, 0.1]


# ----------------------------------------------------------------------------- why accuracy misleads
def test_baseline_accuracy_is_the_majority_share():
    assert baseline_accuracy([1, 0, 0, 0]) == pytest.approx(0.75)
    assert baseline_accuracy(["Yes", "No", "No", "No", "No"]) == pytest.approx(0.8)
    assert baseline_accuracy([1, 1, 1, 0]) == pytest.approx(0.75)  # "everybody churns" when churners dominate


def test_accuracy_table_by_hand():
    table = accuracy_table(Y5, pd.Series(SCORE5, name="model"), threshold=0.5)
    assert list(table.index) == ["nobody churns", "model"]
    base, model = table.loc["nobody churns"], table.loc["model"]
    assert base["accuracy"] == pytest.approx(3 / 5)
    assert base["recall"] == 0 and np.isnan(base["precision"]) and base["roc_auc"] == pytest.approx(0.5)
    # flagged: 0.9 (churner) and 0.6 (stayer); missed the churner at 0.4
    assert model["accuracy"] == pytest.approx(3 / 5)
    assert model["recall"] == pytest.approx(1 / 2) and model["precision"] == pytest.approx(1 / 2)
    assert model["roc_auc"] == pytest.approx(5 / 6)  # 0.9 beats 3 stayers, 0.4 beats 2 of 3


def test_accuracy_table_rejects_gaps_and_length_mismatch():
    with pytest.raises(CRMDataError, match="missing"):
        accuracy_table(Y5, pd.DataFrame({"m": [0.1, np.nan, 0.2, 0.3, 0.4]}))
    with pytest.raises(CRMDataError, match="5 labels"):
        accuracy_table(Y5, pd.DataFrame({"m": [0.1, 0.2]}))


def test_roc_and_pr_plots_have_titles_and_labels():
    scores = pd.DataFrame({"a": SCORE5, "b": SCORE5[::-1]})
    for plot in (plot_roc_curves, plot_pr_curves):
        fig, ax = plt.subplots()
        assert plot(Y5, scores, ax=ax) is ax
        assert ax.get_title() and "%" in ax.get_xlabel() and "%" in ax.get_ylabel()
        assert len(ax.get_lines()) == 3  # two models and the no-skill line
    fig, ax = plt.subplots()
    plot_roc_curves(Y5, scores[["a"]], ax=ax)
    assert "AUC 0.833" in ax.get_lines()[0].get_label()


def test_auc_verdicts():
    assert [auc_verdict(a) for a in (0.95, 0.853, 0.72, 0.65, 0.55)] == ["excellent", "good", "fair", "weak", "poor"]
    with pytest.raises(CRMDataError):
        auc_verdict(float("nan"))


# ----------------------------------------------------------------------------- money
def test_retained_value_by_hand_and_input_unchanged():
    charges = pd.Series([10.0, 20.0], index=["a", "b"])
    value = retained_value(charges, 12, margin=0.5)
    assert value.tolist() == [60.0, 120.0] and list(value.index) == ["a", "b"]
    assert charges.tolist() == [10.0, 20.0]


@pytest.mark.parametrize("charges, months, margin, match", [
    ([10.0, -1.0], 12, 1.0, "non-negative"), ([10.0, None], 12, 1.0, "non-negative"),
    ([10.0], 0, 1.0, "expected_months"), ([10.0], 12, 0.0, "margin")])
def test_retained_value_bad_input(charges, months, margin, match):
    with pytest.raises(CRMDataError, match=match):
        retained_value(pd.Series(charges), months, margin=margin)


def _curve(cost=10.0):
    # gains p * s * v = 40, 25, 5 for cost 10: profits 0, 30, 45, 40 -> contact 2 of 3
    return profit_curve(pd.Series([0.8, 0.5, 0.1]), 100.0, offer_cost=cost, success_rate=0.5)


def test_campaign_kpis_by_hand():
    kpis = campaign_kpis(_curve())
    assert kpis == {"customers_to_contact": 2, "contact_share": pytest.approx(2 / 3), "campaign_cost": 20.0,
                    "saved_value": 65.0, "expected_saving": 45.0}
    assert campaign_kpis(_curve(cost=50))["customers_to_contact"] == 0


def test_value_of_keeping_rule():
    table = pd.DataFrame({"monthly_charges": [10.0, 20.0], "fee": [5.0, np.nan], "plan": ["a", "b"]},
                         index=pd.Index(["x", "y"], name="customer_id"))
    demo = value_of_keeping(table)
    assert demo.source == "column" and demo.column == "monthly_charges" and demo.monthly.tolist() == [10.0, 20.0]
    named = value_of_keeping(table, "fee")
    assert named.column == "fee" and named.monthly.tolist() == [5.0, 0.0] and named.missing == 1
    with pytest.raises(CRMDataError, match="not a column"):
        value_of_keeping(table, "price")
    with pytest.raises(CRMDataError, match="non-negative"):
        value_of_keeping(table, "plan")
    foreign = table[["plan"]]
    assert value_of_keeping(foreign).source == "none" and value_of_keeping(foreign).monthly is None
    # x spent 30 + 30 from 1 Jan to the last date 31 Mar (89 days = 2.92 months): 60 / 2.924 = 20.52 a month;
    # y has no transactions: 0, counted as missing
    tx = pd.DataFrame({"customer_id": ["x", "x"], "date": pd.to_datetime(["2024-01-01", "2024-03-30"]),
                       "amount": [30.0, 30.0]})
    from_tx = value_of_keeping(foreign, transactions=tx, )
    assert from_tx.source == "transactions" and from_tx.missing == 1
    assert from_tx.monthly["x"] == pytest.approx(60 / (89 / 30.4375)) and from_tx.monthly["y"] == 0
    assert monthly_revenue(tx, pd.Index(["x"]), end="2024-01-15").iloc[0] == pytest.approx(60.0)  # at least 1 month


# ----------------------------------------------------------------------------- the data
def test_sample_and_current_customers():
    data = pd.DataFrame({"churn": ["Yes", "No", "No", "Yes", "No"], "x": range(5)}, index=[10, 11, 12, 13, 14])
    assert sample_customers(data, 10).equals(data) and sample_customers(data, 0).equals(data)
    sample = sample_customers(data, 3, random_state=1)
    assert len(sample) == 3 and sample.index.is_monotonic_increasing and sample.index.isin(data.index).all()
    assert sample.equals(sample_customers(data, 3, random_state=1))  # seeded
    with pytest.raises(CRMDataError):
        sample_customers(data, -1)
    assert current_customers(data[["x"]], data["churn"]).index.tolist() == [11, 12, 14]
    with pytest.raises(CRMDataError, match="rows"):
        current_customers(data[["x"]], ["Yes", "No"])


def test_churn_overview_by_hand():
    assert churn_overview(["Yes", "No", "No", "No"]) == {"customers": 4, "churners": 1, "churn_rate": 0.25,
                                                         "baseline_accuracy": 0.75}


def test_churn_features_leave_out_leaks_and_running_totals():
    n = 20
    tenure = np.arange(1, n + 1)
    table = pd.DataFrame({"churn": [0, 1] * 10, "tenure": tenure, "monthly": 10.0 + tenure % 3,
                          "total": tenure * (10.0 + tenure % 3) * 1.02, "email": [f"u{i}@x.cn" for i in range(n)],
                          "joined": pd.date_range("2024-01-01", periods=n), "empty": np.nan,
                          "plan": ["a", "b"] * 10})
    assert running_total_columns(table) == {"total": "monthly"}
    features = churn_features(table)
    assert list(features.X.columns) == ["tenure", "monthly", "plan"]
    assert set(features.leaking) == {"email", "joined"} and features.empty == ["empty"]
    assert features.running_totals == {"total": "monthly"} and len(features.excluded) == 4
    assert "churn" in table and "email" in table  # input unchanged
    assert list(churn_features(table, keep_tenure=False).X.columns) == ["monthly", "plan"]
    assert running_total_columns(table.drop(columns="tenure")) == {}


def test_segment_column_rule():
    X = pd.DataFrame({"n": [1, 2, 3, 4, 5, 6, 7, 8], "many": list("abcdefgh"), "plan": list("aabbaabb"),
                      "region": list("xyzxyzxy")})
    assert segment_column(X) == "plan"  # first text column with 2-6 levels ("many" has 8)
    assert segment_column(X, importance=pd.Series({"plan": 1.0, "region": 3.0, "n": 9.0})) == "region"
    assert segment_column(X, "many") == "many"
    assert segment_column(X[["n"]]) is None
    with pytest.raises(CRMDataError, match="not a column"):
        segment_column(X, "contract")


# ----------------------------------------------------------------------------- drivers and reasons
def _drivers_case():
    X = pd.DataFrame({"contract": ["Month-to-month"] * 4 + ["Two year"] * 4, "tenure": [1, 2, 3, 4, 5, 6, 7, 8]},
                     index=[f"c{i}" for i in range(8)])
    y = [1, 1, 0, 1, 0, 0, 0, 0]
    effects = pd.DataFrame({"contract": [0.1] * 4 + [-0.3] * 4,
                            "tenure": [0.08, 0.06, 0.04, 0.02, -0.02, -0.04, -0.06, 0.01]}, index=X.index)
    return X, y, effects


def test_feature_groups_by_hand():
    ids, groups = feature_groups(pd.Series([1.0, 2, 3, 4, 5, 6, 7, np.nan]), n_bands=2)
    assert ids.tolist() == [0, 0, 0, 0, 1, 1, 1, 2]  # two equal-count bands, missing alone
    assert groups[["low", "high"]].iloc[:2].to_numpy().tolist() == [[1, 4], [5, 7]] and groups["missing"].iloc[2]
    ids, groups = feature_groups(pd.Series(["b", "a", "b"]))
    assert ids.tolist() == [1, 0, 1] and groups["level"].tolist() == ["a", "b"]


def test_churn_drivers_by_hand():
    X, y, effects = _drivers_case()
    drivers = churn_drivers(None, X, y, top=2, n_bands=2, effects=effects)
    # importance: mean |effect| in points: contract (4 * 10 + 4 * 30) / 8 = 20; tenure 33 / 8 = 4.125
    assert drivers.importance.tolist() == pytest.approx([20.0, 4.125]) and drivers.columns == ["contract", "tenure"]
    contract = drivers.groups.loc["contract"]
    assert contract["level"].tolist() == ["Month-to-month", "Two year"]  # highest effect first
    assert contract["mean_effect"].tolist() == pytest.approx([10.0, -30.0])
    assert contract["churn_rate"].tolist() == [0.75, 0.0] and contract["customers"].tolist() == [4, 4]
    tenure = drivers.groups.loc["tenure"]
    assert tenure["mean_effect"].tolist() == pytest.approx([5.0, -2.75])  # bands 1-4 and 5-8
    reasons = drivers.reasons(["c0", "c3", "c7"], n=2)
    assert reasons["c0"] == [("contract", 0, pytest.approx(10.0)), ("tenure", 0, pytest.approx(8.0))]
    assert reasons["c3"] == [("contract", 0, pytest.approx(10.0)), ("tenure", 0, pytest.approx(2.0))]
    # c7's tenure effect is +1 point, but its band (5-8) lowers risk on average: no contradicting reason
    assert reasons["c7"] == []
    with pytest.raises(CRMDataError, match="no effects"):
        drivers.reasons(["zz"])


def test_reasons_agree_with_the_driver_table_on_a_fitted_model():
    """Every stated reason is a driver-table group whose effect has the same (positive) sign."""
    from conftest import small_churn_table
    from crm_analysis.churn import ChurnClassifier

    X, y = small_churn_table(300, seed=4)
    model = ChurnClassifier(random_state=0).fit(X, y)
    drivers = churn_drivers(model, X, y, top=3)
    reasons = drivers.reasons(X.index, n=2)
    listed = [r for rs in reasons for r in rs]
    assert len(listed) > 50
    for column, group, effect in listed:
        assert effect > 0 and drivers.groups.loc[(column, group), "mean_effect"] > 0
    assert set(drivers.importance.index) == {"tenure", "plan", "charges"}


def test_plot_driver_importance():
    X, y, effects = _drivers_case()
    drivers = churn_drivers(None, X, y, effects=effects)
    fig, ax = plt.subplots()
    assert plot_driver_importance(drivers.importance, ax=ax) is ax
    assert sorted(p.get_width() for p in ax.patches) == pytest.approx([4.125, 20.0])
    assert ax.get_title() and "percentage points" in ax.get_xlabel()


# ----------------------------------------------------------------------------- retention
def test_retention_summary_by_hand():
    data = pd.DataFrame({"tenure": [1, 2, 3, 5, 5], "churn": [1, 1, 1, 0, 0],
                         "contract": ["Month-to-month"] * 3 + ["Two year"] * 2})
    summary = retention_summary(kaplan_meier_by_segment(data, segment_col="contract"), at=(1, 2, 12))
    # Month-to-month: one of three churns at 1, 2 and 3 -> 2/3, 1/3 retained, median 2; 12 > longest: dropped
    assert list(summary.columns) == ["customers", "retained_1", "retained_2", "median_lifetime", "longest"]
    assert summary.loc["Month-to-month"].tolist() == pytest.approx([3, 2 / 3, 1 / 3, 2, 5])
    assert summary.loc["Two year", "retained_2"] == 1.0 and np.isinf(summary.loc["Two year", "median_lifetime"])
