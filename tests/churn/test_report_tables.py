"""Report helpers of the churn notebooks: every number checked against a tiny hand-computed case."""
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crm_analysis.churn import kaplan_meier_by_segment, profit_curve
from crm_analysis.churn.report_tables import (accuracy_table, baseline_accuracy, campaign_kpis, churn_findings,
                                              churn_overview, current_customers, sample_customers,
                                              churn_kpis, contact_table, driver_table, feature_label, level_label,
                                              model_quality, plot_driver_importance, plot_pr_curves,
                                              plot_roc_curves, retained_value, retention_table)
from crm_analysis.exceptions import CRMDataError
from crm_analysis.reports import kpi_table
from crm_analysis.reports.labels import LABELS

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
    # "nobody churns" is right for the 3 stayers, finds no churner and ranks no better than chance
    assert base["accuracy"] == pytest.approx(3 / 5)
    assert base["recall"] == 0 and np.isnan(base["precision"]) and base["roc_auc"] == pytest.approx(0.5)
    # flagged: 0.9 (churner) and 0.6 (stayer); missed the churner at 0.4
    assert model["accuracy"] == pytest.approx(3 / 5)
    assert model["recall"] == pytest.approx(1 / 2)
    assert model["precision"] == pytest.approx(1 / 2)
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
        plt.close(fig)
    fig, ax = plt.subplots()
    plot_roc_curves(Y5, scores[["a"]], ax=ax)
    assert "AUC 0.833" in ax.get_lines()[0].get_label()
    plt.close(fig)


# ----------------------------------------------------------------------------- money
def test_retained_value_by_hand_and_input_unchanged():
    charges = pd.Series([10.0, 20.0], index=["a", "b"])
    value = retained_value(charges, 12, margin=0.5)
    assert value.tolist() == [60.0, 120.0] and list(value.index) == ["a", "b"]
    assert charges.tolist() == [10.0, 20.0]


@pytest.mark.parametrize("charges, months, margin, match", [
    ([10.0, -1.0], 12, 1.0, "non-negative"),
    ([10.0, None], 12, 1.0, "non-negative"),
    ([10.0], 0, 1.0, "expected_months"),
    ([10.0], 12, 0.0, "margin"),
])
def test_retained_value_bad_input(charges, months, margin, match):
    with pytest.raises(CRMDataError, match=match):
        retained_value(pd.Series(charges), months, margin=margin)


def _curve(cost=10.0):
    # gains p * s * v = 40, 25, 5 for cost 10: profits 0, 30, 45, 40 -> contact 2 of 3
    return profit_curve(pd.Series([0.8, 0.5, 0.1]), 100.0, offer_cost=cost, success_rate=0.5)


def test_campaign_kpis_by_hand():
    assert campaign_kpis(_curve()) == {"customers_to_contact": 2, "contact_share": "66.7%", "campaign_cost": 20,
                                       "saved_value": 65, "expected_saving": 45}


def test_model_quality_words():
    assert model_quality(0.853) == "good (ROC AUC 0.85)"
    assert model_quality(0.95) == "excellent (ROC AUC 0.95)"
    assert model_quality(0.55).startswith("poor")
    assert model_quality(0.72, "zh") == "一般（ROC AUC 0.72）"
    with pytest.raises(ValueError):
        model_quality(0.8, "fr")


def test_churn_kpis_and_findings_by_hand():
    y = [1, 0, 0, 0]
    cv = pd.Series({"roc_auc": 0.84, "top_decile_lift": 2.85})
    kpis = churn_kpis(y, cv, _curve())
    assert kpis["customers"] == 4 and kpis["churn_rate"] == "25.0%" and kpis["current_customers"] == 3
    assert kpis["model_quality"] == "good (ROC AUC 0.84)" and kpis["top_decile_lift"] == "2.9x"
    assert kpis["expected_saving"] == 45
    assert all(key in LABELS for key in kpis)  # every KPI has an English and Chinese label
    assert len(kpi_table(kpis, "zh")) == len(kpis)
    text = churn_findings(y, cv, _curve(), offer_cost=10, success_rate=0.5, expected_months=12)
    assert "1 of 4 customers (25.0%)" in text and "2 current customers" in text and "USD 45" in text
    assert "84%" in text and "2.9 times" in text
    zh = churn_findings(y, cv, _curve(), offer_cost=10, success_rate=0.5, expected_months=12, lang="zh")
    assert "45 美元" in zh and "2 位现有客户" in zh
    # an offer dearer than any expected gain: contact nobody
    none = churn_findings(y, cv, _curve(cost=50), offer_cost=50, success_rate=0.5, expected_months=12)
    assert "no customer is worth the offer" in none


# ----------------------------------------------------------------------------- who to contact
class _KnownEffects:
    """A stand-in classifier whose per-customer effects are fixed by hand."""

    def __init__(self, effects):
        self.effects = effects

    def explain(self, X):
        return self.effects.loc[X.index]


def test_contact_table_reasons_by_hand():
    X = pd.DataFrame({"contract": ["Month-to-month", "Two year"], "tenure": [2, 60], "partner": [1, 0]},
                     index=[7, 9])
    effects = pd.DataFrame({"contract": [0.21, -0.10], "tenure": [0.09, -0.02], "partner": [-0.01, 0.004]},
                           index=[7, 9])
    warning = pd.DataFrame({"p_churn": [0.664, 0.052], "value": [1000.4, 500.0], "value_at_risk": [664.3, 26.0]},
                           index=[7, 9])
    before = X.copy()
    table = contact_table(warning, _KnownEffects(effects), X, n_drivers=2)
    assert table.index.name == "Customer" and list(table.index) == [7, 9]
    assert table.iloc[0, :3].tolist() == [66, 1000, 664]
    assert table.iloc[0, 3] == "Contract: Month-to-month (+21); Tenure: 2 months (+9)"
    assert table.iloc[1, 3] == "Has a partner: No (+0)"
    zh = contact_table(warning, _KnownEffects(effects), X, n_drivers=2, lang="zh")
    assert zh.iloc[0, 3] == "合约类型：按月 (+21)；在网时长：2 个月 (+9)" and zh.index.name == "客户"
    pd.testing.assert_frame_equal(X, before)
    with pytest.raises(CRMDataError, match="no row"):
        contact_table(warning.rename(index={9: 99}), _KnownEffects(effects), X)


def test_labels_fall_back_to_the_column():
    assert feature_label("contract", "zh") == "合约类型" and feature_label("my_col") == "my_col"
    assert level_label("senior_citizen", 1) == "Yes" and level_label("contract", "Two year", "zh") == "两年期"
    assert level_label("tenure", 12.0) == "12 months" and level_label("tenure", 3, "zh") == "3 个月"
    assert level_label("my_number", 2.5) == "2.5"


# ----------------------------------------------------------------------------- drivers
def test_driver_table_by_hand():
    X = pd.DataFrame({"contract": ["Month-to-month"] * 4 + ["Two year"] * 4,
                      "tenure": [1, 2, 3, 4, 5, 6, 7, 8]})
    y = [1, 1, 0, 1, 0, 0, 0, 0]
    effects = pd.DataFrame({"contract": [0.1] * 4 + [-0.3] * 4, "tenure": [0.05, -0.05] * 4}, index=X.index)
    table = driver_table(effects, X, y, top=2, n_bands=2)
    assert list(table.index) == ["Contract", "Tenure (months)"]
    assert table.iloc[:, 0].tolist() == [20.0, 5.0]  # mean |effect| in percentage points
    assert table.loc["Contract"].iloc[1:].tolist() == ["Month-to-month: 75%", "Two year: 0%"]
    assert table.loc["Tenure (months)"].iloc[1:].tolist() == ["1-4 months: 75%", "5-8 months: 0%"]  # two equal-count bands
    zh = driver_table(effects, X, y, top=1, lang="zh")
    assert zh.index.tolist() == ["合约类型"] and zh.iloc[0, 1] == "按月: 75%"
    with pytest.raises(CRMDataError, match="same customers"):
        driver_table(effects.iloc[:4], X, y)


def test_plot_driver_importance():
    effects = pd.DataFrame({"contract": [0.1, -0.3], "tenure": [0.05, -0.05]})
    fig, ax = plt.subplots()
    assert plot_driver_importance(effects, ax=ax) is ax
    bars = [p.get_width() for p in ax.patches]
    assert sorted(bars) == pytest.approx([5.0, 20.0])
    assert ax.get_title() and "percentage points" in ax.get_xlabel()
    plt.close(fig)


# ----------------------------------------------------------------------------- retention
def test_retention_table_by_hand():
    data = pd.DataFrame({"tenure": [1, 2, 3, 5, 5], "churn": [1, 1, 1, 0, 0],
                         "contract": ["Month-to-month"] * 3 + ["Two year"] * 2})
    curves = kaplan_meier_by_segment(data, segment_col="contract")
    table = retention_table(curves, at=(1, 2))
    # Month-to-month: one of three churns at 1, 2 and 3 -> 2/3, 1/3 retained, median 2
    assert table.loc["Month-to-month"].tolist() == ["3", 67, 33, "2"]
    assert table.loc["Two year"].tolist() == ["2", 100, 100, "> 5"]  # never reaches one half
    assert list(table.columns)[1] == "Retained after 1 months (%)"
    zh = retention_table(curves, at=(1,), lang="zh")
    assert zh.index.tolist() == ["按月", "两年期"] and zh.index.name == "客户群"


# ----------------------------------------------------------------------------- the data
def test_sample_and_current_customers():
    data = pd.DataFrame({"churn": ["Yes", "No", "No", "Yes", "No"], "x": range(5)}, index=[10, 11, 12, 13, 14])
    assert sample_customers(data, 10).equals(data)
    sample = sample_customers(data, 3, random_state=1)
    assert len(sample) == 3 and sample.index.is_monotonic_increasing and sample.index.isin(data.index).all()
    assert sample.equals(sample_customers(data, 3, random_state=1))  # seeded
    with pytest.raises(CRMDataError):
        sample_customers(data, 0)
    assert current_customers(data[["x"]], data["churn"]).index.tolist() == [11, 12, 14]
    with pytest.raises(CRMDataError, match="rows"):
        current_customers(data[["x"]], ["Yes", "No"])


def test_churn_overview_by_hand():
    assert churn_overview(["Yes", "No", "No", "No"]) == {"customers": 4, "churn_rate": "25.0%",
                                                         "baseline_accuracy": "75.0%"}
