"""Early-warning list: hand-checked ranking, reasons, both customer kinds, BG/NBD P(alive)."""
import numpy as np
import pandas as pd
import pytest

import crm_analysis.value as value_engine
from crm_analysis.churn import ChurnClassifier, early_warning_list, risk_from_p_alive
from crm_analysis.datasets import make_customers, make_transactions
from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.value import rfm_summary

P_ALIVE = pd.Series({"A": 0.9, "B": 0.2, "C": 0.5})
VALUE = pd.Series({"A": 1000.0, "B": 100.0, "C": 400.0})
SUMMARY = pd.DataFrame({"frequency": [3, 1, 2], "recency": [45.0, 10.0, 10.0], "T": [50.0, 50.0, 30.0]},
                       index=["A", "B", "C"])
SUMMARY.attrs["time_unit"] = "W"  # as rfm_summary(..., time_unit="W") records it


def test_non_contractual_ranking_by_hand():
    table = early_warning_list(VALUE, p_alive=P_ALIVE, summary=SUMMARY)
    # value at risk = (1 - P(alive)) x value: A 0.1 x 1000 = 100, B 0.8 x 100 = 80, C 0.5 x 400 = 200
    assert list(table.index) == ["C", "A", "B"]
    assert list(table["rank"]) == [1, 2, 3]
    np.testing.assert_allclose(table["value_at_risk"], [200, 100, 80])
    np.testing.assert_allclose(table["p_churn"], [0.5, 0.1, 0.8])
    assert table.loc["C", "reason"] == "no purchase for 20 weeks; P(alive) 50%"
    assert table.loc["B", "reason"] == "no purchase for 40 weeks; P(alive) 20%"
    assert (table["source"] == "non-contractual").all()
    assert list(early_warning_list(VALUE, p_alive=P_ALIVE, top=2).index) == ["C", "A"]
    assert list(early_warning_list(VALUE, p_alive=P_ALIVE, min_value_at_risk=90).index) == ["C", "A"]


def test_the_silence_is_in_the_summary_unit_never_assumed():
    unitless = pd.DataFrame(SUMMARY)  # a table loaded from a file: no record
    assert unitless.attrs == {}
    with pytest.raises(CRMDataError, match='time_unit="W"'):
        risk_from_p_alive(P_ALIVE, unitless)
    in_days = risk_from_p_alive(P_ALIVE, unitless, time_unit="D")
    assert in_days.loc["C", "reason"] == "no purchase for 20 days; P(alive) 50%"
    assert risk_from_p_alive(P_ALIVE, SUMMARY, time_unit="weeks").loc["C", "reason"].startswith("no purchase for 20 weeks")
    with pytest.raises(CRMDataError, match="contradicts"):
        early_warning_list(VALUE, p_alive=P_ALIVE, summary=SUMMARY, time_unit="D")

    class DailyModel:
        time_unit_ = "D"

        def probability_alive(self, summary):
            return P_ALIVE.reindex(summary.index)

    with pytest.raises(CRMDataError, match="does not record the time unit"):   # not assumed to be in days
        risk_from_p_alive(DailyModel(), unitless)
    in_days = risk_from_p_alive(DailyModel(), unitless, time_unit="D")          # the caller says so
    assert in_days.loc["B", "reason"].startswith("no purchase for 40 days")
    with pytest.raises(CRMDataError, match="in weeks.*fitted in days"):
        risk_from_p_alive(DailyModel(), SUMMARY)
    assert "reason" in risk_from_p_alive(P_ALIVE)  # no summary: no silence, no unit needed


def test_any_model_with_probability_alive_is_accepted():
    class FixedModel:  # stands in for a fitted BG/NBD model
        def probability_alive(self, summary):
            return P_ALIVE.reindex(summary.index)

    table = early_warning_list(VALUE, p_alive=FixedModel(), summary=SUMMARY)
    assert list(table.index) == ["C", "A", "B"]
    with pytest.raises(CRMDataError, match="pass the repeat-purchase summary"):
        risk_from_p_alive(FixedModel())


def test_missing_value_is_excluded_with_a_warning_and_input_is_unchanged():
    values = VALUE.drop("A")
    before = values.copy()
    with pytest.warns(DataExclusionWarning, match="1 of 3 customers"):
        table = early_warning_list(values, p_alive=P_ALIVE)
    assert list(table.index) == ["C", "B"]
    pd.testing.assert_series_equal(values, before)


def test_bad_input():
    with pytest.raises(CRMDataError, match="give p_alive"):
        early_warning_list(VALUE)
    with pytest.raises(CRMDataError, match="in \\[0, 1\\]"):
        early_warning_list(VALUE, p_alive=P_ALIVE.replace(0.9, 1.2))
    with pytest.raises(CRMDataError, match="neither X nor summary"):
        early_warning_list("clv", p_alive=P_ALIVE, summary=SUMMARY)


@pytest.fixture(scope="module")
def contractual():
    customers = make_customers(2000, random_state=7)
    X = customers.drop(columns="churn")
    model = ChurnClassifier().fit(X, customers["churn"])
    return model, X


def test_contractual_ranking_and_reasons(contractual):
    model, X = contractual
    X_list = X.head(50)
    value = X_list["monthly_charges"] * 24  # two years of charges
    table = early_warning_list(value, classifier=model, X=X_list, top=10)
    expected = (model.churn_probability(X_list) * value).sort_values(ascending=False).head(10)
    assert list(table.index) == list(expected.index)
    np.testing.assert_allclose(table["value_at_risk"], expected)
    first = table.index[0]
    effects = model.explain(X_list.loc[[first]]).iloc[0]
    top_driver = effects.idxmax()
    assert table.loc[first, "reason"].startswith(f"{top_driver}=")
    assert table.loc[first, "reason"].count("pts") == min(2, int((effects > 0).sum()))
    by_column = early_warning_list("monthly_charges", classifier=model, X=X_list, n_drivers=0)
    assert by_column.index[0] == (model.churn_probability(X_list) * X_list["monthly_charges"]).idxmax()


def test_both_kinds_in_one_list(contractual):
    model, X = contractual
    X_list = X.head(3)
    value = pd.concat([VALUE, X_list["monthly_charges"] * 24])
    table = early_warning_list(value, p_alive=P_ALIVE, summary=SUMMARY, classifier=model, X=X_list)
    assert len(table) == 6 and set(table["source"]) == {"contractual", "non-contractual"}
    assert table["value_at_risk"].is_monotonic_decreasing
    clash = X_list.rename(index={X_list.index[0]: "A"})
    with pytest.raises(CRMDataError, match="both as contractual and non-contractual"):
        early_warning_list(pd.concat([VALUE, clash["monthly_charges"]]), p_alive=P_ALIVE, classifier=model, X=clash)


BetaGeoModel = getattr(value_engine, "BetaGeoModel", None)


@pytest.mark.skipif(BetaGeoModel is None, reason="crm_analysis.value.BetaGeoModel is not available")
def test_warning_list_from_a_fitted_bg_nbd_model():
    log, truth = make_transactions(1500, random_state=3, return_truth=True)
    end = truth.params["end"]
    summary = rfm_summary(log, customer_col="customer_id", date_col="date", amount_col="amount",
                          observation_end=end, purchase_period=None, time_unit="W")
    model = BetaGeoModel().fit(summary)
    clv = summary["monetary_value"] * (summary["frequency"] + 1)  # a simple value column for the test
    table = early_warning_list(clv, p_alive=model, summary=summary)
    p_alive = model.probability_alive(summary)
    np.testing.assert_allclose(table["p_churn"], 1 - p_alive.loc[table.index])
    # customers the simulation really lost before the end get a higher churn probability on average
    dead = np.isfinite(truth.customers["dropout_time"].reindex(table.index))  # dropped out before the end
    assert table.loc[dead, "p_churn"].mean() > table.loc[~dead, "p_churn"].mean() + 0.2
