"""Saved models (crm_analysis.model_card): save -> load gives identical predictions, readable cards, no training data.

Every estimator is fitted on a small fixture (as in test_estimator_contract.py), saved, loaded, and its
predictions compared bit for bit (check_exact / np.array_equal, never approx).  The card must be plain JSON
with the documented fields, must not grow with the number of customers (fit on 200 and 2000), and must say
why it cannot be loaded when it is damaged, newer, for a missing class, or its skops file was changed.
"""
import inspect
import json
import os
import warnings
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError

import crm_analysis
from crm_analysis import CRMDataError, load_model
from crm_analysis.churn import ChurnClassifier, CoxChurnModel
from crm_analysis.datasets import load_donations, make_customers, make_survey, make_transactions
from crm_analysis.model_card import CARD_FIELDS, EXCLUDED_ATTRIBUTES, ModelCardVersionWarning, skops_path
from crm_analysis.satisfaction import SatisfactionLoyaltyModel, ecsi_model
from crm_analysis.value import (BetaGeoBetaBinomModel, BetaGeoModel, GammaGammaModel, ModifiedBetaGeoModel,
                                ParetoNBDModel, ShiftedBetaGeoModel, rfm_summary)


# ------------------------------------------------------------------ fixtures: (model, data to predict on)
def _rfm(n):
    summary = rfm_summary(make_transactions(n, random_state=1), amount_col="amount", purchase_period=None,
                          time_unit="W")
    summary.index = "c" + summary.index.astype(str)  # customer ids that must not end up in a card
    return summary


def _btyd(model_class):
    def fit(n):
        summary = _rfm(n)
        return model_class(random_state=0).fit(summary), summary
    return fit


def _bgbb(n):
    donors = BetaGeoBetaBinomModel().fit(load_donations())
    summary = donors.simulate(n, 6, random_state=0)
    summary.index = "c" + summary.index.astype(str)
    return BetaGeoBetaBinomModel(random_state=0).fit(summary), summary


def _gamma_gamma(n):
    summary = _rfm(n)
    buyers = summary[summary["frequency"] > 0]
    return GammaGammaModel().fit(buyers), buyers


def _sbg(n):
    counts = [1000, 631, 468, 382, 326, 289, 262, 241]
    survivors = [c * n // 200 for c in counts]
    return ShiftedBetaGeoModel().fit(survivors), survivors


def _survey(n):
    return make_survey(n, random_state=3).drop(columns="churned")


def _pls(n):
    survey = _survey(n)
    model = ecsi_model().fit(survey)
    model.bootstrap(survey, n=30, random_state=0)
    return model, survey


def _regression(kind):
    def fit(n):
        survey = make_survey(n, random_state=3)
        X = pd.DataFrame({"satisfaction": survey[["sat1", "sat2", "sat3", "sat4"]].mean(axis=1),
                          "value": survey[["val1", "val2", "val3", "val4"]].mean(axis=1)})
        y = {"ols": survey[["loy1", "loy2", "loy3", "loy4"]].mean(axis=1), "ordinal": survey["loy1"],
             "logit": survey["churned"]}[kind]
        return SatisfactionLoyaltyModel(kind).fit(X, y), X
    return fit


def _customers(n):
    customers = make_customers(n, random_state=4)
    customers.index = "k" + customers.index.astype(str)
    return customers


def _cox(n):
    data = _customers(n)[["tenure_months", "contract", "complaints", "satisfaction", "churn"]]
    model = CoxChurnModel().fit(data, duration_col="tenure_months", event_col="churn")
    return model, data.drop(columns=["tenure_months", "churn"])


def _classifier(**settings):
    def fit(n):
        customers = _customers(n)
        X = customers.drop(columns="churn")
        return ChurnClassifier(random_state=0, **settings).fit(X, customers["churn"]), X
    return fit


FITS = {
    "BetaGeoModel": _btyd(BetaGeoModel),
    "ModifiedBetaGeoModel": _btyd(ModifiedBetaGeoModel),
    "ParetoNBDModel": _btyd(ParetoNBDModel),
    "BetaGeoBetaBinomModel": _bgbb,
    "GammaGammaModel": _gamma_gamma,
    "ShiftedBetaGeoModel": _sbg,
    "PLSPathModel": _pls,
    "SatisfactionLoyaltyModel-ols": _regression("ols"),
    "SatisfactionLoyaltyModel-ordinal": _regression("ordinal"),
    "SatisfactionLoyaltyModel-logit": _regression("logit"),
    "CoxChurnModel": _cox,
    "ChurnClassifier-logistic": _classifier(),
    "ChurnClassifier-calibrated-forest": _classifier(model="random_forest", calibrate=True),
    "ChurnClassifier-gradient_boosting": _classifier(model="gradient_boosting"),
}


# ------------------------------------------------------------------ what is compared
def _summaries(model) -> dict:
    """summary() at the model's level and, where the method takes one, at another level."""
    out = {"summary": model.summary()}
    if "ci_level" in inspect.signature(model.summary).parameters:
        out["summary_90"] = model.summary(ci_level=0.9)
    return out


def _btyd_outputs(model, summary):
    out = {"probability_alive": model.probability_alive(summary),
           "predict": model.predict(summary, 5),
           "conditional_expected_purchases": model.conditional_expected_purchases(summary, 5),
           "expected_purchases": model.expected_purchases(np.arange(1, 6)),
           "probability_of_purchases": model.probability_of_purchases(5, np.arange(4)),
           "parameter_draws": model.parameter_draws(50, random_state=1), **_summaries(model)}
    if hasattr(model, "conditional_probability_of_purchases"):
        out["conditional_probability_of_purchases"] = model.conditional_probability_of_purchases(summary, 5, 1)
    return out


def _outputs(name, model, data):
    """Every prediction of ``model`` on ``data`` that a saved model must reproduce."""
    if name in ("BetaGeoModel", "ModifiedBetaGeoModel", "ParetoNBDModel", "BetaGeoBetaBinomModel"):
        return _btyd_outputs(model, data)
    if name == "GammaGammaModel":
        return {"expected_spend": model.conditional_expected_spend(data), "mean": model.population_mean_spend(),
                **_summaries(model)}
    if name == "ShiftedBetaGeoModel":
        t = np.arange(1, 12)
        return {"survival": model.survival(t), "retention": model.retention_rate(t),
                "churn_probability": model.churn_probability(t), "lifetime": model.expected_lifetime(),
                "derl": model.discounted_expected_residual_lifetime(0.1, 2), "projection": model.projection(10),
                **_summaries(model)}
    if name == "PLSPathModel":
        return {"paths": model.path_coefficients_, "r_squared": model.r_squared_,
                "index_scores": model.index_scores(data), "outer": model.outer_model_,
                "reliability": model.reliability_, "effects": model.effects_, **_summaries(model),
                "bootstrap_again": model.bootstrap_draws(data.copy(), n=10, random_state=5)}
    if name.startswith("SatisfactionLoyaltyModel"):
        return {"predict": model.predict(data), "marginal_effects": model.marginal_effects_,
                **_summaries(model)}
    if name == "CoxChurnModel":
        return {"survival": model.predict_survival(data), "survival_at": model.predict_survival(data, [3, 12.5, 40]),
                "hazard": model.predict_partial_hazard(data), "median": model.predict_median_lifetime(data),
                **_summaries(model)}
    out = {"churn_probability": model.churn_probability(data), "predict": model.predict(data),
           "proba": model.predict_proba(data), "explain": model.explain(data.head(15))}
    if model.model == "logistic":
        out["odds_ratios"] = model.feature_importance()
    return out


def _assert_same(a, b, what):
    """Identical, bit for bit (NaN equal to NaN), with the same types."""
    if a is b:  # singletons: None, NaT, True
        return
    assert type(a) is type(b), f"{what}: {type(a)} != {type(b)}"
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=True, check_index_type=True, check_column_type=True,
                                      check_freq=True, obj=what)
        assert a.attrs == b.attrs, what
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, check_exact=True, check_index_type=True, obj=what)
        assert a.attrs == b.attrs, what
    elif isinstance(a, pd.Index):
        pd.testing.assert_index_equal(a, b, exact=True, obj=what)
    elif isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape, what
        assert np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"), what
        if a.dtype == object:
            for i, (x, y) in enumerate(zip(a.ravel(), b.ravel())):
                _assert_same(x, y, f"{what}[{i}]")
    elif isinstance(a, dict):
        assert list(a) == list(b), what
        for key in a:
            _assert_same(a[key], b[key], f"{what}[{key!r}]")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), what
        for i, (x, y) in enumerate(zip(a, b)):
            _assert_same(x, y, f"{what}[{i}]")
    elif isinstance(a, (float, np.floating)):
        assert (np.isnan(a) and np.isnan(b)) or a == b, f"{what}: {a!r} != {b!r}"
    elif hasattr(a, "get_params") and not isinstance(a, crm_analysis.base.CRMEstimator):
        assert repr(a) == repr(b), what  # a scikit-learn pipeline: compared through its predictions
    else:
        assert a == b, f"{what}: {a!r} != {b!r}"


def _quiet(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func(*args, **kwargs)


@pytest.fixture(scope="module")
def fitted():
    """Each model fitted on 200 customers (respondents, cohort of 1000), with its prediction data."""
    return {name: _quiet(fit, 200) for name, fit in FITS.items()}


# ------------------------------------------------------------------ identical predictions
@pytest.mark.parametrize("name", FITS)
def test_saved_model_predicts_identically(name, fitted, tmp_path):
    model, data = fitted[name]
    before = _quiet(_outputs, name, model, data)
    path = model.save(tmp_path / "model.json")
    assert path == tmp_path / "model.json" and path.exists()
    with warnings.catch_warnings():
        warnings.simplefilter("error", ModelCardVersionWarning)  # same version: no warning
        loaded = load_model(path)
    assert type(loaded) is type(model) and loaded is not model
    assert loaded.get_params() == model.get_params()
    after = _quiet(_outputs, name, loaded, data)
    assert list(after) == list(before)
    for key in before:
        _assert_same(before[key], after[key], f"{name}.{key}")
    excluded = set(EXCLUDED_ATTRIBUTES.get(f"{type(model).__module__}.{type(model).__qualname__}", {}))
    for attribute, value in vars(model).items():  # every learned attribute comes back, types included
        if attribute not in excluded:
            _assert_same(value, getattr(loaded, attribute), f"{name}.{attribute}")
    # a loaded model saves again to the same state
    again = json.loads(loaded.save(tmp_path / "again.json").read_text(encoding="utf-8"))
    first = json.loads(path.read_text(encoding="utf-8"))
    assert again["state"] == first["state"] and again["settings"] == first["settings"]


def test_btyd_prediction_on_a_table_without_unit_record_still_works_after_loading(tmp_path):
    summary = _rfm(200)
    bare = pd.DataFrame(summary)  # same table; attrs dropped below
    bare.attrs = {}
    model = BetaGeoModel().fit(bare, time_unit="W")
    loaded = load_model(model.save(tmp_path / "bg.json"))
    pd.testing.assert_series_equal(model.predict(bare, 3), loaded.predict(bare, 3), check_exact=True)


# ------------------------------------------------------------------ the card itself
def _strict_json(text):
    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")
    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("name", ["BetaGeoModel", "PLSPathModel", "CoxChurnModel", "ChurnClassifier-logistic"])
def test_card_is_valid_json_with_the_documented_fields(name, fitted, tmp_path):
    model, _ = fitted[name]
    path = model.save(tmp_path / "card.json")
    card = _strict_json(path.read_text(encoding="utf-8"))
    assert list(card) == list(CARD_FIELDS)
    assert card["card_format"] == 1
    assert card["model"] == {"module": type(model).__module__, "class": type(model).__name__}
    assert card["crm_analysis_version"] == crm_analysis.__version__
    written = datetime.fromisoformat(card["written_at"])
    assert written.utcoffset().total_seconds() == 0
    assert set(card["environment"]) >= {"python", "numpy", "pandas", "scipy", "scikit-learn"}
    assert set(card["settings"]) == set(model.get_params(deep=False))
    assert "ci_level" in card["settings"]
    state = card["state"]
    if name == "BetaGeoModel":
        assert {"params_", "covariance_log_", "time_unit_", "n_customers_", "log_likelihood_"} <= set(state)
        assert state["time_unit_"] == "W"
        assert state["params_"]["index"]["values"] == ["r", "alpha", "a", "b"]
        assert state["params_"]["values"] == model.params_.tolist()  # readable numbers, exactly
    if name == "PLSPathModel":
        assert "scores_" not in state and "scores_" in card["excluded"]
        assert {"path_coefficients_", "weights_", "bootstrap_", "n_obs_"} <= set(state)
    if name == "ChurnClassifier-logistic":
        assert "pipeline_" not in state
        assert card["skops"]["file"] == "card.skops" and card["skops"]["attributes"] == ["pipeline_"]
        assert len(card["skops"]["sha256"]) == 64 and "skops" in card["environment"]
        assert (tmp_path / "card.skops").exists()
    else:
        assert card["skops"] is None


def test_nan_and_infinity_are_encoded_explicitly(tmp_path):
    model, _ = _sbg(200)
    model.odd_values_ = {"nan": float("nan"), "inf": np.inf, "array": np.array([1.0, np.nan, -np.inf]),
                         "series": pd.Series([np.nan, 2.0], index=pd.Index(["a", "b"], name="who"), name="x"),
                         "ints": np.array([[1, 2], [3, 4]]), "tuple": (1, "a", None), 3: "an int key",
                         "scalar": np.float64(np.nan), "text": np.str_("abc"), "flag": np.bool_(True),
                         "frame": pd.DataFrame({"a": [1, 2], "b": ["x", None], "c": pd.Categorical(["u", "v"])},
                                               index=pd.MultiIndex.from_tuples([(1, "p"), (2, "q")],
                                                                               names=["n", "l"])),
                         "when": pd.Timestamp("2024-02-29 12:00:00.000000001"), "never": pd.NaT,
                         "days": pd.Series([1.0, 2.0], index=pd.date_range("2024-01-01", periods=2, freq="D")),
                         "range": pd.Series([1, 2], index=pd.RangeIndex(10, 14, 2, name="r"), dtype="int32")}
    path = model.save(tmp_path / "odd.json")
    text = path.read_text(encoding="utf-8")
    assert "NaN" not in text and "Infinity" not in text
    _strict_json(text)
    loaded = load_model(path)
    _assert_same(model.odd_values_, loaded.odd_values_, "odd_values_")


def test_attributes_added_later_are_saved_without_changes_to_the_card_code(tmp_path):
    model, summary = _btyd(BetaGeoModel)(200)
    model.new_statistic_ = 1.5  # e.g. another developer's new fit statistic
    model.new_table_ = pd.DataFrame({"effect": [0.1, -0.2]}, index=["purchase:age", "dropout:age"])
    loaded = load_model(model.save(tmp_path / "bg.json"))
    assert loaded.new_statistic_ == 1.5
    _assert_same(model.new_table_, loaded.new_table_, "new_table_")


# ------------------------------------------------------------------ no training data
#: attributes that grow with the number of distinct values in the data (not with customers): Cox's baseline
#: cumulative hazard has one row per distinct tenure (bounded here: tenures are whole months)
GROWS_WITH_DISTINCT_VALUES = {"CoxChurnModel": ["baseline_cumulative_hazard_"]}


def _card_size(path: Path, name: str) -> int:
    card = json.loads(path.read_text(encoding="utf-8"))
    for attribute in GROWS_WITH_DISTINCT_VALUES.get(name, []):
        card["state"].pop(attribute)
    for key in ("written_at",):
        card.pop(key)
    return len(json.dumps(card))


@pytest.mark.parametrize("name", [n for n in FITS if n != "ChurnClassifier-calibrated-forest"])
def test_card_does_not_grow_with_the_customers(name, fitted, tmp_path):
    small, data_small = fitted[name]
    big, data_big = _quiet(FITS[name], 2000)
    path_small = small.save(tmp_path / "small.json")
    path_big = big.save(tmp_path / "big.json")
    size_small, size_big = _card_size(path_small, name), _card_size(path_big, name)
    # the same numbers of parameters: only the digits of the estimates (and of n) differ
    assert abs(size_big - size_small) <= 0.03 * size_small + 100, (size_small, size_big)
    text = path_big.read_text(encoding="utf-8")
    if isinstance(data_big, pd.DataFrame):  # no customer id of the training data is in the card
        assert not any(f'"{label}"' in text for label in data_big.index[:50])
    if name == "CoxChurnModel":
        baseline = big.baseline_cumulative_hazard_
        assert len(baseline) <= data_big.shape[0] and len(baseline) == len(
            _customers(2000)["tenure_months"].unique())
    if name.startswith("ChurnClassifier-logistic"):
        blob_small, blob_big = skops_path(path_small).stat().st_size, skops_path(path_big).stat().st_size
        assert abs(blob_big - blob_small) <= 0.05 * blob_small, (blob_small, blob_big)


def test_pls_card_keeps_no_respondent_scores_and_says_so_after_loading(fitted, tmp_path):
    model, survey = fitted["PLSPathModel"]
    assert len(model.scores_) == len(survey)
    loaded = load_model(model.save(tmp_path / "pls.json"))
    assert not hasattr(loaded, "scores_")
    with pytest.raises(AttributeError, match="loaded from a model card.*scores_.*training data"):
        loaded.scores_
    with pytest.raises(AttributeError, match="has no attribute 'no_such_'"):
        loaded.no_such_
    # the same survey is still recognised (by its digest) for the bootstrap; another one is refused
    with pytest.raises(CRMDataError, match="same data"):
        loaded.bootstrap(_survey(180), n=5, random_state=0)
    # refitting restores the scores; saving again still leaves them out
    _quiet(loaded.fit, survey)
    pd.testing.assert_frame_equal(loaded.scores_, model.scores_, check_exact=True)
    card = json.loads(loaded.save(tmp_path / "again.json").read_text(encoding="utf-8"))
    assert "scores_" not in card["state"] and "scores_" in card["excluded"]


# ------------------------------------------------------------------ save errors
def test_save_before_fit_is_not_fitted_error(tmp_path):
    for model in (BetaGeoModel(), ecsi_model(), ChurnClassifier(), CoxChurnModel(), SatisfactionLoyaltyModel()):
        with pytest.raises(NotFittedError):
            model.save(tmp_path / "x.json")
    assert not list(tmp_path.iterdir())


def test_unsupported_attribute_names_it_and_writes_nothing(tmp_path):
    model, _ = _sbg(200)
    model.callback_ = object()
    with pytest.raises(TypeError, match="callback_"):
        model.save(tmp_path / "m.json")
    assert not list(tmp_path.iterdir())


def test_failed_write_leaves_the_earlier_card_and_no_half_written_file(tmp_path, monkeypatch):
    model, _ = _sbg(200)
    path = model.save(tmp_path / "m.json")
    earlier = path.read_bytes()
    real_replace = os.replace

    def failing_replace(src, dst):
        if Path(dst) == path:
            raise OSError("disk full")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    other, _ = _sbg(400)
    with pytest.raises(OSError, match="disk full"):
        other.save(path)
    assert path.read_bytes() == earlier
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json"]


def test_failed_write_of_a_classifier_leaves_card_and_pipeline_in_place(fitted, tmp_path, monkeypatch):
    model, X = fitted["ChurnClassifier-logistic"]
    path = model.save(tmp_path / "churn.json")
    earlier = path.read_bytes(), skops_path(path).read_bytes()
    real_fsync, calls = os.fsync, []

    def failing_fsync(fd):  # the second file (the card) cannot be written: disk full
        calls.append(fd)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    other, _ = _quiet(_classifier(model="gradient_boosting"), 200)
    with pytest.raises(OSError, match="disk full"):
        other.save(path)
    assert (path.read_bytes(), skops_path(path).read_bytes()) == earlier
    assert sorted(p.name for p in tmp_path.iterdir()) == ["churn.json", "churn.skops"]
    monkeypatch.undo()
    pd.testing.assert_series_equal(load_model(path).churn_probability(X), model.churn_probability(X),
                                   check_exact=True)


def test_card_path_must_not_be_the_skops_file(fitted, tmp_path):
    model, _ = fitted["ChurnClassifier-logistic"]
    with pytest.raises(ValueError, match="skops"):
        model.save(tmp_path / "churn.skops")


# ------------------------------------------------------------------ versions and damaged cards
@pytest.fixture
def bg_card(tmp_path):
    model, summary = _btyd(BetaGeoModel)(200)
    path = model.save(tmp_path / "bg.json")
    return path, json.loads(path.read_text(encoding="utf-8")), model, summary


def _rewrite(path, card):
    path.write_text(json.dumps(card), encoding="utf-8")
    return path


def test_card_from_another_version_loads_with_a_warning_naming_both(bg_card):
    path, card, model, summary = bg_card
    card["crm_analysis_version"] = "0.0.7"
    _rewrite(path, card)
    with pytest.warns(ModelCardVersionWarning, match=rf"0\.0\.7.*{crm_analysis.__version__}"):
        loaded = load_model(path)
    pd.testing.assert_series_equal(loaded.predict(summary, 4), model.predict(summary, 4), check_exact=True)


@pytest.mark.parametrize("fmt, message", [(2, r"card format 2.*reads card formats \[1\].*upgrade"),
                                          ("one", "card format 'one'"), (0, "card format 0")])
def test_newer_or_unknown_card_format_is_refused(bg_card, fmt, message):
    path, card, _, _ = bg_card
    card["card_format"] = fmt
    with pytest.raises(CRMDataError, match=message):
        load_model(_rewrite(path, card))


@pytest.mark.parametrize("module, name, message", [
    ("crm_analysis.value.bgnbd", "NoSuchModel", "NoSuchModel.*does not exist"),
    ("crm_analysis.no_such_module", "NoSuchModel", "does not exist"),
    ("os", "system", "not part of crm_analysis"),
])
def test_missing_or_foreign_class_is_refused(bg_card, module, name, message):
    path, card, _, _ = bg_card
    card["model"] = {"module": module, "class": name}
    with pytest.raises(CRMDataError, match=message):
        load_model(_rewrite(path, card))


def test_class_that_moved_module_is_found_by_name(bg_card):
    path, card, model, summary = bg_card
    card["model"]["module"] = "crm_analysis.value.old_btyd"
    loaded = load_model(_rewrite(path, card))
    assert type(loaded) is BetaGeoModel


@pytest.mark.parametrize("remove, field", [
    (lambda c: c.pop("state"), "'state'"),
    (lambda c: c.pop("written_at"), "'written_at'"),
    (lambda c: c["model"].pop("class"), "'model.class'"),
    (lambda c: c["state"].pop("params_"), "'state.params_'"),
    (lambda c: c["state"]["params_"].pop("index"), "'state.params_.index'"),
    (lambda c: c["state"]["covariance_log_"].pop("data"), "'state.covariance_log_.data'"),
    (lambda c: c.pop("card_format"), "'card_format'"),
    (lambda c: c["state"].pop("time_unit_"), "'state.time_unit_'.*time_unit"),   # would predict on any unit
])
def test_damaged_card_names_the_missing_field(bg_card, remove, field):
    path, card, _, _ = bg_card
    remove(card)
    with pytest.raises(CRMDataError, match=field):
        load_model(_rewrite(path, card))


def test_state_cannot_replace_a_method(bg_card):
    path, card, _, _ = bg_card
    card["state"]["predict"] = 1.0
    with pytest.raises(CRMDataError, match="state.predict"):
        load_model(_rewrite(path, card))


def test_unknown_setting_and_invalid_json_are_data_errors(bg_card):
    path, card, _, _ = bg_card
    card["settings"]["learning_rate"] = 0.1
    with pytest.raises(CRMDataError, match="settings.*BetaGeoModel"):
        load_model(_rewrite(path, card))
    path.write_text('{"card_format": 1, "model": ', encoding="utf-8")
    with pytest.raises(CRMDataError, match="not valid JSON"):
        load_model(path)


# ------------------------------------------------------------------ the skops file
@pytest.fixture
def churn_card(fitted, tmp_path):
    model, X = fitted["ChurnClassifier-logistic"]
    path = model.save(tmp_path / "churn.json")
    return path, model, X


def test_tampered_skops_file_is_refused_by_its_hash(churn_card):
    path, _, _ = churn_card
    blob = bytearray(skops_path(path).read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    skops_path(path).write_bytes(bytes(blob))
    with pytest.raises(CRMDataError, match="SHA-256"):
        load_model(path)


def test_missing_skops_file_is_named(churn_card):
    path, _, _ = churn_card
    skops_path(path).unlink()
    with pytest.raises(CRMDataError, match="churn.skops.*missing"):
        load_model(path)


class NotAnEstimator:
    """A type outside scikit-learn, NumPy and SciPy: never trusted."""

    def __init__(self):
        self.value = 1


@pytest.mark.parametrize("payload, refused", [(NotAnEstimator(), "NotAnEstimator"), (np.load, "numpy")])
def test_untrusted_types_in_the_skops_file_are_refused(churn_card, payload, refused):
    import hashlib

    import skops.io as sio

    path, _, _ = churn_card
    blob = sio.dumps({"pipeline_": payload})
    skops_path(path).write_bytes(blob)
    card = json.loads(path.read_text(encoding="utf-8"))
    card["skops"]["sha256"] = hashlib.sha256(blob).hexdigest()  # a forger would fix the hash too
    _rewrite(path, card)
    with pytest.raises(CRMDataError, match=f"not trusted.*{refused}"):
        load_model(path)


def test_skops_file_name_must_stay_next_to_the_card(churn_card):
    path, _, _ = churn_card
    card = json.loads(path.read_text(encoding="utf-8"))
    card["skops"]["file"] = "../elsewhere.skops"
    with pytest.raises(CRMDataError, match="skops.file"):
        load_model(_rewrite(path, card))


def test_no_pickle_anywhere():
    source = (Path(crm_analysis.__file__).parent / "model_card.py").read_text(encoding="utf-8")
    assert "import pickle" not in source and "joblib" not in source and "trusted=True" not in source


def test_readme_example_prints_true(tmp_path, monkeypatch):
    """The README's "Saving and loading a model" block runs and its printed check holds."""
    import contextlib
    import io
    import re

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Saving and loading a model", 1)[1]
    block = re.search(r"```python\n(.*?)```", section, re.S)[1]
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(block, "README.md", "exec"), {})
    assert out.getvalue().split() == ["True"]
    assert (tmp_path / "bgnbd.json").exists()


@pytest.mark.parametrize("model_class", [BetaGeoModel, ParetoNBDModel])
def test_covariate_models_save_their_effects_but_no_customer_covariates(model_class, tmp_path):
    """With covariates (issue 12 item 6) the card holds the effects, not the per-customer covariate table."""
    if "purchase_covariates" not in inspect.signature(model_class.fit).parameters:
        pytest.skip("covariates are not implemented yet")
    sizes = []
    for n in (200, 2000):
        summary = _rfm(n)
        z = pd.DataFrame({"age": np.random.default_rng(n).normal(size=len(summary))}, index=summary.index)
        model = _quiet(model_class(random_state=0).fit, summary, purchase_covariates=z, dropout_covariates=z)
        path = model.save(tmp_path / f"cov{n}.json")
        loaded = load_model(path)
        for attribute, value in vars(model).items():
            _assert_same(value, getattr(loaded, attribute), f"{model_class.__name__}.{attribute}")
        _assert_same(model.summary(), loaded.summary(), "summary")
        assert "purchase:age" in path.read_text(encoding="utf-8")
        sizes.append(_card_size(path, model_class.__name__))
    assert abs(sizes[1] - sizes[0]) <= 0.03 * sizes[0] + 100, sizes
