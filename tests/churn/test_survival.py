"""Survival: Kaplan-Meier and log-rank by hand, Cox model against lifelines and simulated truth."""
import numpy as np
import pandas as pd
import pytest
from lifelines import CoxPHFitter, KaplanMeierFitter
from lifelines.statistics import multivariate_logrank_test
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from crm_analysis.churn import CoxChurnModel, kaplan_meier_by_segment, plot_hazard_ratios
from crm_analysis.datasets import load_telco_churn
from crm_analysis.exceptions import CRMDataError

TINY = pd.DataFrame({
    "tenure": [1, 2, 2, 3, 5, 1, 3, 2, 4],
    "churn": ["Yes", "Yes", "No", "Yes", "No", "Yes", "Yes", "Yes", "Yes"],
    "plan": ["a"] * 5 + ["b"] * 4,
})


def test_kaplan_meier_by_hand():
    curves = kaplan_meier_by_segment(TINY[TINY["plan"] == "a"])
    curve = curves.curves
    # S(1) = 4/5, S(2) = 0.8 * 3/4, S(3) = 0.6 * 1/2; the censored customers at 2 and 5 only leave the risk set
    np.testing.assert_allclose(curve["tenure"], [0, 1, 2, 3, 5])
    np.testing.assert_allclose(curve["retained"], [1.0, 0.8, 0.6, 0.3, 0.3])
    assert list(curve["at_risk"]) == [5, 5, 4, 2, 1]
    assert curves.medians.loc["all customers", "median_lifetime"] == 3
    assert curves.logrank is None
    assert curves.retained_at(2.5)["all customers"] == pytest.approx(0.6)


def test_log_rank_by_hand_and_against_lifelines():
    data = pd.DataFrame({"tenure": [1, 3, 2, 4], "churn": [1, 1, 1, 1], "plan": ["A", "A", "B", "B"]})
    result = kaplan_meier_by_segment(data, segment_col="plan")
    # O_A - E_A = 2 - (1/2 + 1/3 + 1/2 + 0); V = 1/4 + 2/9 + 1/4
    expected = (2 - 4 / 3) ** 2 / (0.25 + 2 / 9 + 0.25)
    assert result.logrank["statistic"] == pytest.approx(expected)
    assert result.logrank["df"] == 1
    tiny = kaplan_meier_by_segment(TINY, segment_col="plan")
    direct = multivariate_logrank_test(TINY["tenure"], TINY["plan"], (TINY["churn"] == "Yes").astype(int))
    assert tiny.logrank["p_value"] == pytest.approx(direct.p_value)


def test_kaplan_meier_matches_lifelines_on_telco_and_plots():
    telco = load_telco_churn()
    result = kaplan_meier_by_segment(telco, segment_col="contract", ci_level=0.9)
    monthly = telco[telco["contract"] == "Month-to-month"]
    kmf = KaplanMeierFitter(alpha=0.1).fit(monthly["tenure"], monthly["churn"] == "Yes")
    curve = result.curves[result.curves["segment"] == "Month-to-month"]
    np.testing.assert_allclose(curve["retained"], kmf.survival_function_.iloc[:, 0])
    np.testing.assert_allclose(curve["ci_lower"], kmf.confidence_interval_.iloc[:, 0])
    medians = result.medians["median_lifetime"]
    assert medians["Month-to-month"] == kmf.median_survival_time_
    assert medians["Two year"] == np.inf  # fewer than half of two-year customers ever leave
    assert result.logrank["p_value"] < 1e-10
    ax = result.plot()
    assert ax.get_xlabel() == "Tenure (months)" and ax.get_ylabel() == "Share of customers retained"
    assert len(ax.get_lines()) == 3


def test_survival_input_errors():
    with pytest.raises(CRMDataError, match="non-negative"):
        kaplan_meier_by_segment(TINY.assign(tenure=[-1, 2, 2, 3, 5, 1, 3, 2, 4]))
    with pytest.raises(CRMDataError, match="missing segments"):
        kaplan_meier_by_segment(TINY.assign(plan=["a", None] + ["b"] * 7), segment_col="plan")
    with pytest.raises(CRMDataError, match="missing column"):
        kaplan_meier_by_segment(TINY, duration_col="months")
    with pytest.raises(CRMDataError, match="missing values"):
        CoxChurnModel().fit(TINY.assign(x=[1.0, np.nan] + [0.0] * 7), covariates=["x"])


@pytest.fixture(scope="module")
def telco_cox():
    telco = load_telco_churn()
    covariates = ["contract", "monthly_charges", "senior_citizen"]
    model = CoxChurnModel().fit(telco, covariates=covariates)
    design = pd.get_dummies(telco[covariates], drop_first=True, dtype=float)
    direct = CoxPHFitter().fit(design.assign(T=telco["tenure"], E=(telco["churn"] == "Yes").astype(int)), "T", "E")
    return telco, model, direct, design


def test_cox_summary_matches_lifelines(telco_cox):
    _, model, direct, _ = telco_cox
    summary = model.summary()
    assert list(summary.columns) == ["estimate", "std_err", "ci_lower", "ci_upper", "statistic", "p_value"]
    reference = direct.summary.loc[summary.index]
    np.testing.assert_allclose(summary["estimate"], reference["exp(coef)"], rtol=1e-6)
    np.testing.assert_allclose(summary["ci_lower"], reference["exp(coef) lower 95%"], rtol=1e-6)
    np.testing.assert_allclose(summary["ci_upper"], reference["exp(coef) upper 95%"], rtol=1e-6)
    np.testing.assert_allclose(summary["statistic"], reference["z"], rtol=1e-6)
    assert model.concordance_ == pytest.approx(direct.concordance_index_)
    assert summary.loc["contract_Two year", "estimate"] < summary.loc["contract_One year", "estimate"] < 1


def test_cox_predictions_match_lifelines(telco_cox):
    telco, model, direct, design = telco_cox
    customers = telco.head(5)
    ours = model.predict_survival(customers, times=[1, 12, 40])
    theirs = direct.predict_survival_function(design.head(5), times=[1, 12, 40])
    np.testing.assert_allclose(ours.to_numpy(), theirs.to_numpy(), rtol=1e-6)
    np.testing.assert_allclose(model.predict_median_lifetime(customers), direct.predict_median(design.head(5)))
    with pytest.raises(CRMDataError, match="not seen in fit"):
        model.predict_partial_hazard(customers.assign(contract="Three year"))
    ax = plot_hazard_ratios(model)
    assert "Hazard ratio" in ax.get_xlabel()


def test_cox_recovers_a_known_hazard_ratio_and_follows_the_contract():
    rng = np.random.default_rng(42)
    n = 3000
    x = rng.integers(0, 2, n)
    lifetime = rng.exponential(1 / (0.05 * np.exp(0.7 * x)))  # true hazard ratio e^0.7 = 2.01
    data = pd.DataFrame({"tenure": np.minimum(lifetime, 24), "churn": (lifetime < 24).astype(int), "x": x})
    data_before = data.copy()
    model = CoxChurnModel(ci_level=0.9)
    with pytest.raises(NotFittedError):
        model.summary()
    assert model.fit(data) is model
    pd.testing.assert_frame_equal(data, data_before)
    row = model.summary().loc["x"]
    assert row["ci_lower"] < np.exp(0.7) < row["ci_upper"]
    assert row["estimate"] == pytest.approx(np.exp(0.7), rel=0.1)
    assert clone(model).get_params() == {"penalizer": 0.0, "ci_level": 0.9, "random_state": None}
    assert not any(isinstance(v, pd.DataFrame) and len(v) == n for v in vars(model).values())


def test_p_value_format_never_says_zero():
    from crm_analysis.churn.plots import format_p_value

    assert format_p_value(0.0) == "p < 0.0001"
    assert format_p_value(0.0312) == "p = 0.031"
