"""The ci_level / random_state rule for the estimators outside the repeat-purchase family (issue 12, item 2).

Every estimator takes ``ci_level`` (default 0.95) and ``random_state`` (default None) in its constructor, stored as
given; a method that reports intervals takes ``ci_level=None`` meaning the model's, a random method takes
``random_state=None`` meaning the model's.  Checked here: the signatures and ``get_params``; a per-call level equals a
model constructed with that level and (for a lower level) gives narrower intervals; the Wald intervals match
estimate +- z se by hand; the same seed reproduces bootstrap and permutation results and another seed does not;
an invalid level is refused where it is used.
"""
import inspect
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.base import clone

from crm_analysis.churn import ChurnClassifier, CoxChurnModel
from crm_analysis.datasets import make_customers, make_survey, make_transactions
from crm_analysis.satisfaction import PLSPathModel, SatisfactionLoyaltyModel, ecsi_model, pls_driver_priorities
from crm_analysis.value import GammaGammaModel, ShiftedBetaGeoModel, rfm_summary

ESTIMATORS = [GammaGammaModel, ShiftedBetaGeoModel, PLSPathModel, SatisfactionLoyaltyModel, CoxChurnModel,
              ChurnClassifier]
SBG_COUNTS = [1000, 631, 468, 382, 326, 289, 262, 241]  # Fader & Hardie (2007), "regular" customers
COX_COLUMNS = ["tenure_months", "complaints", "satisfaction", "churn"]


# ----------------------------------------------------------------------------- small data
@pytest.fixture(scope="module")
def repeat_buyers():
    log = make_transactions(400, random_state=1)
    summary = rfm_summary(log, amount_col="amount", purchase_period=None, time_unit="W")
    return summary[summary["frequency"] > 0]


@pytest.fixture(scope="module")
def survey():
    return make_survey(150, random_state=3).drop(columns="churned")


@pytest.fixture(scope="module")
def customers():
    return make_customers(300, random_state=4)


@pytest.fixture(scope="module")
def regression_data(survey):
    X = pd.DataFrame({"satisfaction": survey[["sat1", "sat2", "sat3", "sat4"]].mean(axis=1),
                      "value": survey[["val1", "val2", "val3", "val4"]].mean(axis=1)})
    return X, survey[["loy1", "loy2", "loy3", "loy4"]].mean(axis=1)


def _quiet(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


def _fit(model, name, data):
    """Fit ``model`` (a class ``name``) on the fixture of its kind."""
    if name == "GammaGammaModel":
        return _quiet(model.fit, data["repeat_buyers"])
    if name == "ShiftedBetaGeoModel":
        return model.fit(SBG_COUNTS)
    if name == "SatisfactionLoyaltyModel":
        return model.fit(*data["regression"])
    if name == "CoxChurnModel":
        return model.fit(data["customers"][COX_COLUMNS], duration_col="tenure_months", event_col="churn")
    raise AssertionError(name)


@pytest.fixture(scope="module")
def data(repeat_buyers, survey, customers, regression_data):
    return {"repeat_buyers": repeat_buyers, "survey": survey, "customers": customers, "regression": regression_data}


def _width(table):
    return (table["ci_upper"] - table["ci_lower"]).to_numpy()


# ----------------------------------------------------------------------------- constructor settings
@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: e.__name__)
def test_constructor_has_ci_level_and_random_state(estimator):
    parameters = inspect.signature(estimator.__init__).parameters
    assert parameters["ci_level"].default == 0.95
    assert parameters["random_state"].default is None


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: e.__name__)
def test_settings_are_stored_as_given_and_cloned(estimator):
    settings = {"ci_level": 0.8, "random_state": 7}
    model = estimator(**settings) if estimator is not PLSPathModel else ecsi_model(**settings)
    params = model.get_params()
    assert params["ci_level"] == 0.8 and params["random_state"] == 7
    assert clone(model).get_params() == params
    # sklearn style: nothing is validated in __init__, so an invalid level is accepted here and refused where used
    bad = estimator(ci_level=1.5) if estimator is not PLSPathModel else ecsi_model(ci_level=1.5)
    assert bad.get_params()["ci_level"] == 1.5


# ----------------------------------------------------------------------------- per-call ci_level overrides
@pytest.mark.parametrize("name", ["GammaGammaModel", "ShiftedBetaGeoModel", "SatisfactionLoyaltyModel",
                                  "CoxChurnModel"])
def test_summary_level_override_equals_constructor_level(name, data):
    estimator = {"GammaGammaModel": GammaGammaModel, "ShiftedBetaGeoModel": ShiftedBetaGeoModel,
                 "SatisfactionLoyaltyModel": SatisfactionLoyaltyModel, "CoxChurnModel": CoxChurnModel}[name]
    default = _fit(estimator(), name, data)
    at_90 = _fit(estimator(ci_level=0.9), name, data)
    pd.testing.assert_frame_equal(default.summary(ci_level=0.9), at_90.summary())
    pd.testing.assert_frame_equal(default.summary(), default.summary(ci_level=0.95))
    pd.testing.assert_frame_equal(at_90.summary(ci_level=0.95), default.summary())
    # the level changes only the intervals: same estimates and standard errors, narrower at 90 %
    pd.testing.assert_frame_equal(default.summary()[["estimate", "std_err"]], at_90.summary()[["estimate", "std_err"]])
    assert (_width(at_90.summary()) < _width(default.summary())).all()
    for bad in (0.0, 1.0, 95):
        with pytest.raises(ValueError, match="ci_level"):
            default.summary(ci_level=bad)
    with pytest.raises(ValueError, match="ci_level"):
        _fit(estimator(ci_level=1.5), name, data).summary()


def test_gamma_gamma_covariance_log_and_wald_interval_by_hand(repeat_buyers):
    model = _quiet(GammaGammaModel(ci_level=0.8).fit, repeat_buyers)
    cov = model.covariance_log_
    assert list(cov.index) == ["p", "q", "v"] and list(cov.columns) == ["p", "q", "v"]
    theta = model.params_.to_numpy()
    # the inverse of the information of the log-parameters, diag(theta) (-H) diag(theta)
    np.testing.assert_allclose(cov.to_numpy(), np.linalg.inv(-(model._hessian * np.outer(theta, theta))))
    np.testing.assert_allclose(cov.to_numpy(), cov.to_numpy().T)
    se_log = np.sqrt(np.diag(cov.to_numpy()))
    z = stats.norm.ppf(0.9)
    table = model.summary()
    np.testing.assert_allclose(table["ci_lower"], theta * np.exp(-z * se_log))
    np.testing.assert_allclose(table["ci_upper"], theta * np.exp(z * se_log))
    np.testing.assert_allclose(table["std_err"], theta * se_log)


def test_sbg_covariance_log_matches_the_inverse_information():
    model = ShiftedBetaGeoModel().fit(SBG_COUNTS)
    theta = model.params_.to_numpy()
    expected = np.linalg.inv(-model._hessian) / np.outer(theta, theta)
    np.testing.assert_allclose(model.covariance_log_.to_numpy(), expected)
    np.testing.assert_allclose(model.summary()["std_err"], np.sqrt(np.diag(np.linalg.inv(-model._hessian))))


def test_cox_fit_does_not_depend_on_the_level(customers):
    frame = customers[COX_COLUMNS]
    a = CoxChurnModel().fit(frame, duration_col="tenure_months", event_col="churn")
    b = CoxChurnModel(ci_level=0.5).fit(frame, duration_col="tenure_months", event_col="churn")
    pd.testing.assert_series_equal(a.params_, b.params_)
    pd.testing.assert_series_equal(a.standard_errors_, b.standard_errors_)
    z = stats.norm.ppf(0.75)
    np.testing.assert_allclose(b.summary()["ci_upper"], np.exp(a.params_ + z * a.standard_errors_))


def test_marginal_effects_level_override(regression_data):
    X, y = regression_data
    default = SatisfactionLoyaltyModel().fit(X, y)
    at_90 = SatisfactionLoyaltyModel(ci_level=0.9).fit(X, y)
    pd.testing.assert_frame_equal(default.marginal_effects(), default.marginal_effects_)
    pd.testing.assert_frame_equal(default.marginal_effects(ci_level=0.9), at_90.marginal_effects_)
    pd.testing.assert_frame_equal(at_90.marginal_effects(), at_90.marginal_effects_)
    assert (_width(at_90.marginal_effects_) < _width(default.marginal_effects_)).all()
    # the delta-method covariance behind the standard errors is kept
    np.testing.assert_allclose(np.sqrt(np.diag(default.marginal_effects_covariance_)),
                               default.marginal_effects_["std_err"])
    with pytest.raises(ValueError, match="ci_level"):
        default.marginal_effects(ci_level=1.0)


# ----------------------------------------------------------------------------- PLS: level and seed
def test_pls_bootstrap_level_and_seed_follow_the_constructor(survey):
    seeded = _quiet(ecsi_model(ci_level=0.9, random_state=5).fit, survey)
    plain = _quiet(ecsi_model().fit, survey)
    table = _quiet(seeded.bootstrap, survey, n=30)
    assert seeded.bootstrap_ci_level_ == 0.9
    # the per-call settings give the same table on a model with default settings
    pd.testing.assert_frame_equal(table, _quiet(plain.bootstrap, survey, n=30, random_state=5, ci_level=0.9))
    # an int seed: every call draws the same resamples; another seed differs
    pd.testing.assert_frame_equal(table, _quiet(seeded.bootstrap, survey, n=30))
    other = _quiet(seeded.bootstrap, survey, n=30, random_state=6)
    assert not np.allclose(other["std_err"], table["std_err"])
    draws = _quiet(seeded.bootstrap_draws, survey, n=30)
    np.testing.assert_array_equal(draws["indices"], _quiet(plain.bootstrap_draws, survey, n=30,
                                                             random_state=5)["indices"])
    with pytest.raises(ValueError, match="ci_level"):
        seeded.bootstrap(survey, n=30, ci_level=1.2)


def test_pls_summary_level_override_is_the_bootstrap_at_that_level(survey):
    model = _quiet(ecsi_model(random_state=2).fit, survey)
    at_95 = _quiet(model.bootstrap, survey, n=40)
    summary_95 = model.summary()
    paths_95 = at_95[at_95["kind"] == "path"]
    np.testing.assert_allclose(summary_95["ci_lower"], paths_95["ci_lower"])
    at_80 = _quiet(model.bootstrap, survey, n=40, ci_level=0.8)
    paths_80 = at_80[at_80["kind"] == "path"]
    # summary() reports the model's level (0.95) from the kept resamples, whatever the last bootstrap tabulated
    pd.testing.assert_frame_equal(model.summary(), summary_95)
    summary_80 = model.summary(ci_level=0.8)
    np.testing.assert_allclose(summary_80["ci_lower"], paths_80["ci_lower"])
    np.testing.assert_allclose(summary_80["ci_upper"], paths_80["ci_upper"])
    pd.testing.assert_frame_equal(summary_80[["estimate", "std_err"]], summary_95[["estimate", "std_err"]])
    assert (_width(summary_80) < _width(summary_95)).all()
    with pytest.raises(ValueError, match="ci_level"):
        model.summary(ci_level=0)


def test_pls_driver_priorities_use_the_model_settings(survey):
    seeded = _quiet(ecsi_model(ci_level=0.9, random_state=8).fit, survey)
    plain = _quiet(ecsi_model().fit, survey)
    table = _quiet(pls_driver_priorities, seeded, survey, "satisfaction", n_bootstrap=30)
    assert table.attrs["ci_level"] == 0.9
    same = _quiet(pls_driver_priorities, plain, survey, "satisfaction", n_bootstrap=30, random_state=8,
                  ci_level=0.9)
    pd.testing.assert_frame_equal(table, same)


# ----------------------------------------------------------------------------- ChurnClassifier: seed
def test_classifier_permutation_importance_seed_follows_the_constructor(customers):
    X, y = customers.drop(columns="churn"), customers["churn"]
    seeded = _quiet(ChurnClassifier("random_forest", random_state=3).fit, X, y)
    first = _quiet(seeded.feature_importance, X, y, n_repeats=3)
    pd.testing.assert_frame_equal(first, _quiet(seeded.feature_importance, X, y, n_repeats=3))
    pd.testing.assert_frame_equal(first, _quiet(seeded.feature_importance, X, y, n_repeats=3, random_state=3))
    other = _quiet(seeded.feature_importance, X, y, n_repeats=3, random_state=4)
    assert not np.allclose(other.loc[first.index, "importance_mean"], first["importance_mean"])


def test_classifier_ci_level_is_a_setting_only(customers):
    X, y = customers.drop(columns="churn"), customers["churn"]
    a = _quiet(ChurnClassifier(ci_level=0.95).fit, X, y)
    b = _quiet(ChurnClassifier(ci_level=0.8).fit, X, y)
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))
