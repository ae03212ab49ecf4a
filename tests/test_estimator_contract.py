"""The shared contract every crm_analysis estimator honours (design.md section 5).

fit returns self; use before fit raises NotFittedError; summary() has the house columns; clone() and
get_params() round-trip; results keep the caller's index; the caller's data is not changed; save() and
load_model() give the model back; ci_level and
random_state are constructor settings of every estimator, overridable per call where a method reports
intervals or draws at random.  The repeat-purchase family's one interface is checked in
tests/value/test_btyd_interface.py.
"""
import inspect
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from crm_analysis import load_model
from crm_analysis.churn import ChurnClassifier, CoxChurnModel
from crm_analysis.datasets import load_donations, make_customers, make_survey, make_transactions
from crm_analysis.satisfaction import SatisfactionLoyaltyModel, ecsi_model
from crm_analysis.value import (BetaGeoBetaBinomModel, BetaGeoModel, GammaGammaModel, ModifiedBetaGeoModel,
                                ParetoNBDModel, ShiftedBetaGeoModel, rfm_summary)

HOUSE_COLUMNS = ["estimate", "std_err", "ci_lower", "ci_upper"]


def _rfm():
    log = make_transactions(400, random_state=1)
    summary = rfm_summary(log, amount_col="amount", purchase_period=None, time_unit="W")
    summary.index = "c" + summary.index.astype(str)  # a non-default index that must survive
    return summary


def _repeat_buyers():
    summary = _rfm()
    return summary[summary["frequency"] > 0]


def _survey():
    survey = make_survey(150, random_state=3)
    return survey.drop(columns="churned")


def _customers():
    customers = make_customers(300, random_state=4)
    return customers


CASES = {
    "BetaGeoModel": (BetaGeoModel, _rfm, lambda m, d: m.fit(d)),
    "ModifiedBetaGeoModel": (ModifiedBetaGeoModel, _rfm, lambda m, d: m.fit(d)),
    "ParetoNBDModel": (ParetoNBDModel, _rfm, lambda m, d: m.fit(d)),
    "BetaGeoBetaBinomModel": (BetaGeoBetaBinomModel, load_donations, lambda m, d: m.fit(d)),
    "GammaGammaModel": (GammaGammaModel, _repeat_buyers, lambda m, d: m.fit(d)),
    "ShiftedBetaGeoModel": (ShiftedBetaGeoModel, lambda: [1000, 631, 468, 382, 326, 289, 262, 241],
                            lambda m, d: m.fit(d)),
    "PLSPathModel": (lambda: ecsi_model(), _survey, lambda m, d: m.fit(d)),
    "SatisfactionLoyaltyModel": (SatisfactionLoyaltyModel, _survey,
                                 lambda m, d: m.fit(d[["sat1", "val1", "qual1"]], d["loy1"])),
    "CoxChurnModel": (CoxChurnModel, _customers,
                      lambda m, d: m.fit(d[["tenure_months", "complaints", "satisfaction", "churn"]],
                                         duration_col="tenure_months", event_col="churn")),
    "ChurnClassifier": (ChurnClassifier, _customers,
                        lambda m, d: m.fit(d.drop(columns="churn"), d["churn"])),
}


def _snapshot(data):
    return data.copy(deep=True) if isinstance(data, pd.DataFrame) else list(data)


def _assert_unchanged(before, after):
    if isinstance(before, pd.DataFrame):
        pd.testing.assert_frame_equal(before, after)
    else:
        assert before == after


@pytest.mark.parametrize("name", CASES)
def test_estimator_contract(name, tmp_path):
    make, data_factory, fit = CASES[name]
    model = make()
    data = data_factory()
    before = _snapshot(data)

    params = model.get_params()
    twin = clone(model)
    assert twin.get_params() == params and twin is not model

    with pytest.raises(NotFittedError):
        model.summary() if hasattr(model, "summary") else model.predict_proba(data)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        returned = fit(model, data)
    assert returned is model
    _assert_unchanged(before, data)
    assert model.get_params() == params, "fit must not change the settings"
    learned = [a for a in vars(model) if a.endswith("_") and not a.startswith("_")]
    assert learned, "learned state ends in '_'"
    for attribute in learned:
        value = getattr(model, attribute)
        if isinstance(value, pd.DataFrame) and isinstance(data, pd.DataFrame) and len(value) == len(data):
            assert not value.equals(data), f"{attribute} keeps a copy of the training data"

    if name == "PLSPathModel":
        model.bootstrap(data, n=20, random_state=0)
    if hasattr(model, "summary"):
        table = model.summary()
        assert list(table.columns[:4]) == HOUSE_COLUMNS
        assert np.isfinite(table["estimate"]).all()
        assert (table["ci_lower"] <= table["estimate"]).all() and (table["estimate"] <= table["ci_upper"]).all()

    # saved and loaded back: same settings, same summary (predictions per class: tests/test_model_cards.py)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loaded = load_model(model.save(tmp_path / f"{name}.json"))
    assert type(loaded) is type(model) and loaded.get_params() == params
    if hasattr(model, "summary"):
        pd.testing.assert_frame_equal(loaded.summary(), model.summary())


@pytest.mark.parametrize("model_class", [BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel])
def test_transaction_model_predictions_keep_the_index(model_class):
    summary = _rfm()
    model = model_class().fit(summary)
    assert model.predict(summary, 10).index.equals(summary.index)
    assert model.probability_alive(summary).index.equals(summary.index)


def test_spend_predictions_keep_the_index():
    buyers = _repeat_buyers()
    model = GammaGammaModel().fit(buyers)
    assert model.conditional_expected_spend(buyers).index.equals(buyers.index)


def test_classifier_probabilities_keep_the_index():
    customers = _customers()
    customers.index = "k" + customers.index.astype(str)
    model = ChurnClassifier().fit(customers.drop(columns="churn"), customers["churn"])
    assert model.churn_probability(customers.drop(columns="churn")).index.equals(customers.index)


RANDOM_METHODS = {"bootstrap", "bootstrap_draws", "simulate", "parameter_draws", "feature_importance"}
INTERVAL_METHODS = {"summary", "bootstrap"}


@pytest.mark.parametrize("name", CASES)
def test_ci_level_and_random_state_are_settings_of_every_estimator(name):
    make, _, _ = CASES[name]
    model = make()
    params = model.get_params()
    assert params["ci_level"] == 0.95 and params["random_state"] is None, name
    for method in RANDOM_METHODS | INTERVAL_METHODS:
        if not hasattr(model, method):
            continue
        signature = inspect.signature(getattr(model, method)).parameters
        if method in RANDOM_METHODS:
            assert "random_state" in signature and signature["random_state"].default is None, (name, method)
        if method in INTERVAL_METHODS:
            assert "ci_level" in signature and signature["ci_level"].default is None, (name, method)
