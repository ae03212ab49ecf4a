"""SatisfactionLoyaltyModel: equal to direct statsmodels fits; marginal effects; separation; contract."""
import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from sklearn.base import clone
from statsmodels.miscmodels.ordinal_model import OrderedModel

from crm_analysis.datasets import make_survey
from crm_analysis.exceptions import ConvergenceWarning, CRMDataError, DataExclusionWarning
from crm_analysis.satisfaction import SatisfactionLoyaltyModel, firth_logit


@pytest.fixture(scope="module")
def survey():
    data = make_survey(600, random_state=11)
    X = pd.DataFrame({"satisfaction": data[["sat1", "sat2", "sat3", "sat4"]].mean(axis=1),
                      "value": data[["val1", "val2", "val3", "val4"]].mean(axis=1)})
    return data, X


def test_ols_equals_statsmodels_hc3(survey):
    data, X = survey
    y = data[["loy1", "loy2", "loy3", "loy4"]].mean(axis=1)
    model = SatisfactionLoyaltyModel("ols").fit(X, y)
    direct = sm.OLS(y, sm.add_constant(X)).fit(cov_type="HC3")
    table = model.summary()
    assert np.allclose(table["estimate"], direct.params)
    assert np.allclose(table["std_err"], direct.bse)
    assert np.allclose(table[["ci_lower", "ci_upper"]], direct.conf_int())
    assert np.allclose(table["p_value"], direct.pvalues)
    # the OLS average marginal effect is the slope itself
    assert np.allclose(model.marginal_effects_["estimate"], direct.params[["satisfaction", "value"]])
    assert np.allclose(model.marginal_effects_["std_err"], direct.bse[["satisfaction", "value"]], rtol=1e-5)
    assert np.allclose(model.predict(X), direct.fittedvalues)
    classic = SatisfactionLoyaltyModel("ols", robust=False).fit(X, y)
    assert np.allclose(classic.summary()["std_err"], sm.OLS(y, sm.add_constant(X)).fit().bse)


def test_logit_equals_statsmodels_and_its_marginal_effects(survey):
    data, X = survey
    y = 1 - data["churned"]
    model = SatisfactionLoyaltyModel("logit", robust=False).fit(X, y)
    direct = sm.Logit(y, sm.add_constant(X)).fit(disp=False)
    assert np.allclose(model.params_, direct.params, atol=1e-6)
    assert np.allclose(model.summary()["std_err"], direct.bse, rtol=1e-4)
    margeff = direct.get_margeff(at="overall").summary_frame()
    assert np.allclose(model.marginal_effects_["estimate"], margeff["dy/dx"], atol=1e-6)
    assert np.allclose(model.marginal_effects_["std_err"], margeff["Std. Err."], rtol=1e-3)
    assert np.allclose(model.predict(X), direct.predict(sm.add_constant(X)), atol=1e-8)
    assert model.log_likelihood_ == pytest.approx(direct.llf)
    assert model.aic_ == pytest.approx(direct.aic)
    robust = SatisfactionLoyaltyModel("logit").fit(X, y)
    assert np.allclose(robust.summary()["std_err"],
                       sm.Logit(y, sm.add_constant(X)).fit(disp=False, cov_type="HC0").bse, rtol=1e-4)


def test_ordinal_equals_statsmodels_ordered_logit(survey):
    data, X = survey
    y = data["loy1"].clip(3, 8)  # six categories with enough answers each
    model = SatisfactionLoyaltyModel("ordinal", robust=False).fit(X, y)
    direct = OrderedModel(y, X, distr="logit").fit(method="bfgs", disp=False, maxiter=2000)
    assert np.allclose(model.params_.to_numpy(), direct.params.to_numpy(), atol=1e-4)
    assert np.allclose(model.summary()["std_err"].to_numpy(), direct.bse.to_numpy(), rtol=1e-3)
    probabilities = model.predict(X)
    assert list(probabilities.columns) == [3, 4, 5, 6, 7, 8]
    assert np.allclose(probabilities.to_numpy(), direct.predict(X), atol=1e-5)
    # AME on the expected rating, by hand: finite difference of sum_k k P(k) from statsmodels' own predictions
    h = 1e-4
    expected = lambda frame: direct.predict(frame) @ np.arange(3, 9)  # noqa: E731
    by_hand = np.mean((expected(X.assign(satisfaction=X["satisfaction"] + h))
                       - expected(X.assign(satisfaction=X["satisfaction"] - h))) / (2 * h))
    assert model.marginal_effects_.loc["satisfaction", "estimate"] == pytest.approx(by_hand, rel=1e-3)
    assert model.marginal_effects_.loc["satisfaction", "estimate"] > 0


def test_firth_equals_haldane_corrected_log_odds_ratio():
    """For one binary predictor Firth's estimates are the 2x2 log odds with 0.5 added to every cell.

    Cells (x, y): a = #(1,1) = 6, b = #(1,0) = 0, c = #(0,1) = 3, d = #(0,0) = 7: x = 1 perfectly
    predicts y = 1 (quasi-complete separation), so ML diverges.  Firth: slope =
    log((6.5 * 7.5) / (0.5 * 3.5)) = log(27.857...) = 3.3271, intercept = log(3.5 / 7.5) = -0.7621.
    """
    x = np.r_[np.ones(6), np.zeros(10)]
    y = np.r_[np.ones(6), np.ones(3), np.zeros(7)]
    beta, _, converged = firth_logit(np.column_stack([np.ones_like(x), x]), y)
    assert converged
    assert beta[1] == pytest.approx(np.log(6.5 * 7.5 / (0.5 * 3.5)), abs=1e-6)
    assert beta[0] == pytest.approx(np.log(3.5 / 7.5), abs=1e-6)
    frame = pd.DataFrame({"very_satisfied": x})
    with pytest.warns(ConvergenceWarning, match="separation"):
        model = SatisfactionLoyaltyModel("logit").fit(frame, pd.Series(y))
    assert model.penalized_
    assert model.params_["very_satisfied"] == pytest.approx(beta[1], abs=1e-6)
    assert np.isfinite(model.summary()["std_err"]).all()


def test_complete_separation_does_not_crash():
    x = pd.DataFrame({"satisfaction": np.arange(1.0, 21.0)})
    y = pd.Series((x["satisfaction"] > 10).astype(int))
    with pytest.warns(ConvergenceWarning, match="separation"):
        model = SatisfactionLoyaltyModel("logit").fit(x, y)
    assert model.penalized_ and np.isfinite(model.params_).all() and model.params_["satisfaction"] > 0


def test_contract_and_bad_input(survey):
    data, X = survey
    y = data["loy1"]
    model = SatisfactionLoyaltyModel("ols", ci_level=0.9)
    with pytest.raises(ValueError, match="not fitted"):
        model.summary()
    before = X.copy()
    assert model.fit(X, y) is model
    pd.testing.assert_frame_equal(X, before)
    twin = clone(model)
    assert twin.get_params() == {"kind": "ols", "robust": True, "ci_level": 0.9, "random_state": None}
    assert model.predict(X).index.equals(X.index)
    bad = X.astype(object)
    bad.loc[5, "value"] = "n/a"
    with pytest.raises(CRMDataError, match=r"'value'.*\[5\]"):
        SatisfactionLoyaltyModel().fit(bad, y)
    with pytest.raises(CRMDataError, match="0/1"):
        SatisfactionLoyaltyModel("logit").fit(X, y)
    holed = X.copy()
    holed.loc[[2, 9], "value"] = np.nan
    with pytest.warns(DataExclusionWarning, match="2 of 600"):
        fitted = SatisfactionLoyaltyModel().fit(holed, y)
    assert fitted.n_obs_ == 598
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="kind"):
            SatisfactionLoyaltyModel("probit").fit(X, y)
