"""Evaluation: hand-computed gains, lift, calibration and profit; the Telco quality targets."""
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from crm_analysis.churn import (calibration_error, calibration_table, evaluate_churn_models, gains_table,
                                plot_calibration, plot_gains, plot_profit_curve, profit_curve, top_decile_lift)
from crm_analysis.datasets import load_telco_churn, make_customers
from crm_analysis.exceptions import CRMDataError

Y10 = [1, 0, 1, 0, 0, 1, 0, 0, 0, 0]
SCORE10 = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05]


# ----------------------------------------------------------------------------- gains and lift by hand
def test_gains_table_by_hand():
    table = gains_table(Y10, SCORE10, n_bins=5)
    # bins of two customers, highest scores first: churners (1,0) (1,0) (0,1) (0,0) (0,0); overall rate 0.3
    assert list(table["n_customers"]) == [2] * 5
    assert list(table["n_churners"]) == [1, 1, 1, 0, 0]
    np.testing.assert_allclose(table["churn_rate"], [0.5, 0.5, 0.5, 0, 0])
    np.testing.assert_allclose(table["gain"], [1 / 3, 2 / 3, 1, 1, 1])
    np.testing.assert_allclose(table["lift"], [5 / 3, 5 / 3, 5 / 3, 0, 0])
    np.testing.assert_allclose(table["cumulative_lift"], [5 / 3, 5 / 3, 5 / 3, 1.25, 1.0])
    np.testing.assert_allclose(table["max_score"], [0.9, 0.7, 0.5, 0.3, 0.1])


def test_top_decile_lift_by_hand_and_uneven_bins():
    assert top_decile_lift(Y10, SCORE10) == pytest.approx(1 / 0.3)  # the top customer churned
    # top 2 of 20 are positions 19 ("Yes") and 18 ("No"): rate 0.5 over an overall 0.5
    assert top_decile_lift(["No", "Yes"] * 10, np.arange(20)) == pytest.approx(1.0)
    table = gains_table([1, 0, 0, 1, 0, 0, 0], [7, 6, 5, 4, 3, 2, 1], n_bins=3)
    assert list(table["n_customers"]) == [3, 2, 2]  # the first bins take the remainder
    assert list(table["n_churners"]) == [1, 1, 0]


def test_tied_scores_share_their_churners():
    # scores (3, 2, 2, 2, 1): the three tied customers hold one churner, so each counts 1/3
    table = gains_table([0, 1, 0, 0, 1], [3, 2, 2, 2, 1], n_bins=5)
    np.testing.assert_allclose(table["n_churners"], [0, 1 / 3, 1 / 3, 1 / 3, 1])
    assert top_decile_lift([1, 0] * 50, np.zeros(100)) == pytest.approx(1.0)


def test_gains_input_errors():
    with pytest.raises(CRMDataError, match="has 3 values"):
        gains_table([0, 1], [0.1, 0.2, 0.3])
    with pytest.raises(CRMDataError, match="missing or infinite"):
        gains_table([0, 1, 1], [0.1, np.nan, 0.3])
    with pytest.raises(CRMDataError, match="into 10 bins"):
        gains_table([0, 1, 1], [0.1, 0.2, 0.3])


# ----------------------------------------------------------------------------- calibration by hand
def test_calibration_table_by_hand():
    table = calibration_table([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.9], n_bins=2)
    np.testing.assert_allclose(table["mean_predicted"], [0.15, 0.6])
    np.testing.assert_allclose(table["observed_rate"], [0.0, 1.0])
    z2 = stats.norm.ppf(0.975) ** 2
    # Wilson interval for 0 of 2: [0, (z^2/2) / (1 + z^2/2)]
    assert table["ci_lower"].iloc[0] == pytest.approx(0.0, abs=1e-12)
    assert table["ci_upper"].iloc[0] == pytest.approx((z2 / 2) / (1 + z2 / 2))
    assert calibration_error([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.9], n_bins=2) == pytest.approx(0.5 * 0.15 + 0.5 * 0.4)
    uniform = calibration_table([0, 0, 1, 1], [0.05, 0.07, 0.55, 0.95], n_bins=10, strategy="uniform")
    assert list(uniform["n_customers"]) == [2, 1, 1]  # empty bins are left out


# ----------------------------------------------------------------------------- profit by hand
def test_profit_curve_by_hand():
    p = pd.Series([0.5, 0.2, 0.1], index=["a", "b", "c"])
    value = pd.Series([300, 50, 100], index=["b", "c", "a"])  # aligned by customer, not by position
    curve = profit_curve(p, value, offer_cost=10, success_rate=0.5, y=[0, 1, 0])
    # p*s*v = a: 0.5*0.5*100 = 25, b: 0.2*0.5*300 = 30, c: 0.1*0.5*50 = 2.5; each contact costs 10
    np.testing.assert_allclose(curve.table["expected_profit"], [0, 15, 35, 27.5])
    np.testing.assert_allclose(curve.table["realised_profit"], [0, -10, 130, 120])  # only b churned: 0.5*300
    assert curve.best_profit == pytest.approx(35)
    assert curve.best_share == pytest.approx(2 / 3)
    assert curve.best_threshold == pytest.approx(0.2)
    by_gain = profit_curve(p, value, offer_cost=10, success_rate=0.5, rank_by="expected_gain")
    np.testing.assert_allclose(by_gain.table["expected_profit"], [0, 20, 35, 27.5])


def test_profit_curve_threshold_with_constant_value_is_the_break_even_probability():
    # with one value v, contacting pays exactly when p * s * v > c, i.e. p > c / (s v) = 0.25
    p = np.linspace(0.01, 0.99, 99)
    curve = profit_curve(p, 100.0, offer_cost=10, success_rate=0.4)
    assert curve.best_threshold == pytest.approx(0.26)
    nobody = profit_curve([0.01, 0.02], 100.0, offer_cost=10, success_rate=0.4)
    assert nobody.best_share == 0 and nobody.best_threshold == np.inf


def test_profit_curve_errors():
    with pytest.raises(CRMDataError, match="success_rate"):
        profit_curve([0.5], 1.0, offer_cost=1, success_rate=1.5)
    with pytest.raises(CRMDataError, match="no entry for customers"):
        profit_curve(pd.Series([0.5, 0.2], index=["a", "b"]), pd.Series([1.0], index=["a"]),
                     offer_cost=1, success_rate=0.5)


def test_evaluation_plots_have_labels():
    ax = plot_gains(gains_table(Y10, SCORE10, n_bins=5))
    assert "%" in ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    ax = plot_calibration(calibration_table(Y10, SCORE10, n_bins=2))
    assert ax.get_xlabel() and ax.get_ylabel()
    import matplotlib.pyplot as plt

    _, given = plt.subplots()
    ax = plot_profit_curve(profit_curve(SCORE10, 100.0, offer_cost=10, success_rate=0.5, y=Y10), ax=given,
                           currency="EUR")
    assert ax is given and "EUR" in ax.get_ylabel() and len(ax.get_lines()) >= 2


# ----------------------------------------------------------------------------- cross-validation
def test_evaluate_returns_metrics_spread_and_out_of_fold_predictions():
    customers = make_customers(1500, random_state=5)
    X, y = customers.drop(columns="churn"), customers["churn"].map({1: "churned", 0: "active"})
    table, oof = evaluate_churn_models(X, y, models=("logistic", "gradient_boosting"), cv=3, random_state=1,
                                       return_predictions=True)
    assert list(table.index) == ["logistic", "gradient_boosting"]
    for metric in ("roc_auc", "pr_auc", "brier", "log_loss", "top_decile_lift"):
        assert metric in table and f"{metric}_std" in table
    assert (table["n_folds"] == 3).all()
    assert oof.index.equals(X.index) and oof.notna().all().all()
    # the fold means are the means of per-fold scores, so they bracket the pooled out-of-fold AUC loosely
    from sklearn.metrics import roc_auc_score
    pooled = roc_auc_score(customers["churn"], oof["logistic"])
    assert abs(pooled - table.loc["logistic", "roc_auc"]) < 0.03
    again = evaluate_churn_models(X, y, models=("logistic",), cv=3, random_state=1)
    assert again.loc["logistic", "roc_auc"] == table.loc["logistic", "roc_auc"]  # same seed, same folds


def test_any_classifier_can_be_evaluated_and_a_constant_score_has_no_skill():
    from sklearn.dummy import DummyClassifier

    customers = make_customers(1000, random_state=6)
    X, y = customers.drop(columns="churn"), customers["churn"]
    table = evaluate_churn_models(X, y, models={"base rate": DummyClassifier(strategy="prior")}, cv=4)
    row = table.loc["base rate"]
    assert row["roc_auc"] == pytest.approx(0.5) and row["top_decile_lift"] == pytest.approx(1.0)
    assert row["pr_auc"] == pytest.approx(y.mean(), abs=0.01)  # average precision of no skill = churn rate
    assert row["brier"] == pytest.approx(y.mean() * (1 - y.mean()), rel=0.05)


@pytest.fixture(scope="module")
def telco_evaluation():
    telco = load_telco_churn()
    return evaluate_churn_models(telco.drop(columns="churn"), telco["churn"],
                                 models=("logistic", "gradient_boosting"), cv=5, random_state=0)


@pytest.mark.parametrize("model", ["logistic", "gradient_boosting"])
def test_telco_quality_targets(telco_evaluation, model):
    row = telco_evaluation.loc[model]
    assert row["roc_auc"] >= 0.84
    assert row["top_decile_lift"] >= 2.5
    assert row["brier"] < 0.15  # better than the base rate's 0.265 * 0.735 = 0.195
