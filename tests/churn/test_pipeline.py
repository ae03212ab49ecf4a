"""ChurnClassifier: labels, bad input, separation, scikit-learn contract, recovery of a known churn model."""
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from crm_analysis.churn import ChurnClassifier, PerfectSeparationWarning, churn_labels
from crm_analysis.datasets import make_customers
from crm_analysis.exceptions import CRMDataError
from conftest import small_churn_table

TRUE_FEATURES = ["tenure_months", "contract", "monthly_charges", "complaints", "complaint_resolved", "satisfaction"]


@pytest.fixture(scope="module")
def customers():
    return make_customers(3000, random_state=11)


def _small_table(n=200, seed=0):
    return small_churn_table(n, seed)


# ----------------------------------------------------------------------------- labels
@pytest.mark.parametrize("labels, churn", [
    ([0, 1, 1, 0], 1), ([False, True, True, False], True), (["No", "Yes", "Yes", "No"], "Yes"),
    (["stay", "CHURNED", "CHURNED", "stay"], "CHURNED"), (["n", "Y", "Y", "n"], "Y"),
    (["active", "Churn", "Churn", "active"], "Churn"), (["false", "True", "True", "false"], "True"),
])
def test_churn_class_is_detected_from_any_spelling(labels, churn):
    y01, classes = churn_labels(labels)
    assert list(y01) == [0, 1, 1, 0]
    assert classes[1] == churn


@pytest.mark.parametrize("labels, message", [
    (["Yes", "Yes", "Yes"], "single class"),
    (["a", "b", "c", "a"], "two classes"),
    (["stay", "leave", "stay"], "cannot tell"),
    ([0, 2, 2, 0], "cannot tell"),
])
def test_bad_labels_are_named(labels, message):
    with pytest.raises(CRMDataError, match=message) as info:
        churn_labels(labels)
    if message == "cannot tell":
        assert str(labels[1]) in str(info.value)


# ----------------------------------------------------------------------------- bad input
def test_lengths_must_match():
    X, y = _small_table()
    with pytest.raises(CRMDataError, match="200 rows but y has 199"):
        ChurnClassifier().fit(X, y.iloc[:-1])


def test_all_missing_column_is_named():
    X, y = _small_table()
    X["empty"] = np.nan
    with pytest.raises(CRMDataError, match="empty"):
        ChurnClassifier().fit(X, y)


def test_single_class_is_an_error():
    X, _ = _small_table()
    with pytest.raises(CRMDataError, match="single class"):
        ChurnClassifier("gradient_boosting").fit(X, np.zeros(len(X)))


def test_unknown_model_name():
    X, y = _small_table()
    with pytest.raises(ValueError, match="model must be one of"):
        ChurnClassifier("svm").fit(X, y)


@pytest.mark.parametrize("model", ["logistic", "random_forest", "gradient_boosting"])
def test_perfect_separation_warns_and_probabilities_stay_finite(model):
    X, _ = _small_table(100)
    y = (X["tenure"] < 20).astype(int)  # tenure alone separates the classes
    with pytest.warns(PerfectSeparationWarning, match="tenure"):
        fitted = ChurnClassifier(model, random_state=0).fit(X, y)
    p = fitted.predict_proba(X)[:, 1]
    assert np.isfinite(p).all() and (p > 0).all() and (p < 1).all()
    # 100 customers: boosting's 40-customer leaves cannot resolve every tie, the penalised logistic can
    assert roc_auc_score(y, p) > (0.99 if model == "logistic" else 0.8)


def test_linear_score_separation_warns_for_logistic():
    # no single column separates, but churners have x1 + x2 > 0 exactly
    rng = np.random.default_rng(1)
    X = pd.DataFrame(rng.normal(size=(200, 2)), columns=["x1", "x2"])
    y = (X["x1"] + X["x2"] > 0).astype(int)
    with pytest.warns(PerfectSeparationWarning, match="complete separation"):
        fitted = ChurnClassifier().fit(X, y)
    assert np.isfinite(fitted.feature_importance()["coefficient"]).all()


# ----------------------------------------------------------------------------- scikit-learn contract
def test_estimator_contract():
    X, y = _small_table()
    X_before = X.copy()
    model = ChurnClassifier("logistic", class_weight="balanced", random_state=3)
    with pytest.raises(NotFittedError):
        model.predict_proba(X)
    assert model.fit(X, y) is model
    pd.testing.assert_frame_equal(X, X_before)  # caller's data untouched
    assert list(model.classes_) == ["No", "Yes"]
    assert set(model.predict(X)) <= {"No", "Yes"}
    p = model.churn_probability(X)
    assert p.index.equals(X.index) and p.between(0, 1).all()
    np.testing.assert_allclose(model.predict_proba(X).sum(axis=1), 1.0)
    copy = clone(model)
    assert copy.get_params() == model.get_params() and not hasattr(copy, "pipeline_")
    assert not any(isinstance(v, pd.DataFrame) for v in vars(model).values())  # no copy of the training table


def test_missing_values_and_unseen_categories_are_handled():
    X, y = _small_table()
    X_gaps = X.copy()
    X_gaps.iloc[::7, 0] = np.nan
    X_gaps.iloc[::5, 1] = None
    for model in ("logistic", "random_forest", "gradient_boosting"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # sklearn notes the unseen level
            fitted = ChurnClassifier(model, random_state=0).fit(X_gaps, y)
            new = X.head(3).assign(plan=["premium", "basic", None])
            p = fitted.predict_proba(new)[:, 1]
        assert np.isfinite(p).all()


def test_works_in_grid_search_and_pipeline():
    X, y = _small_table(300)
    grid = GridSearchCV(ChurnClassifier(), {"class_weight": [None, "balanced"]}, cv=3, scoring="roc_auc")
    grid.fit(X, y)
    assert grid.best_params_["class_weight"] in (None, "balanced")
    assert grid.best_score_ > 0.6
    pipe = make_pipeline(FunctionTransformer(lambda d: d.assign(charges_per_month=d["charges"] / d["tenure"])),
                         ChurnClassifier("gradient_boosting", random_state=0))
    pipe.fit(X, y)
    assert pipe.predict_proba(X).shape == (300, 2)


def test_calibrated_model_predicts_and_reports_odds_ratios():
    X, y = _small_table(300)
    model = ChurnClassifier(calibrate=True).fit(X, y)
    table = model.feature_importance()
    assert np.isclose(table.loc["tenure", "odds_ratio"], np.exp(table.loc["tenure", "coefficient"]))
    assert table.loc["tenure", "coefficient"] < 0
    assert model.predict_proba(X).shape == (300, 2)


# ----------------------------------------------------------------------------- recovery of a known model
@pytest.fixture(scope="module")
def recovery():
    train, _ = make_customers(20000, random_state=101, return_truth=True)
    test, truth = make_customers(20000, random_state=202, return_truth=True)
    return train, test, truth


def test_logistic_recovers_signs_and_sizes_of_the_true_coefficients(recovery):
    train, _, truth = recovery
    model = ChurnClassifier().fit(train[TRUE_FEATURES], train["churn"])
    table = model.feature_importance()
    log_or = np.log(table["odds_ratio_per_unit"])
    estimated = {
        "tenure_months": log_or["tenure_months"], "monthly_charges": log_or["monthly_charges"],
        "complaints": log_or["complaints"], "complaint_resolved": log_or["complaint_resolved"],
        "satisfaction": log_or["satisfaction"], "contract_one_year": log_or["contract_one year"],
        "contract_two_year": log_or["contract_two year"],
    }
    coefficients = truth["coefficients"].drop("intercept")
    for name, true in coefficients.items():
        assert np.sign(estimated[name]) == np.sign(true), name
        # n = 20,000: standard errors are about 5-10 % of these effects; allow 25 %
        assert estimated[name] == pytest.approx(true, rel=0.25), name
    assert (table.loc[["contract_one year", "contract_two year"], "odds_ratio"] < 1).all()


@pytest.mark.parametrize("model", ["logistic", "gradient_boosting"])
def test_held_out_auc_is_close_to_the_bayes_auc(recovery, model):
    train, test, truth = recovery
    X_train = train.drop(columns="churn")  # total_charges is a distractor
    fitted = ChurnClassifier(model, random_state=0).fit(X_train, train["churn"])
    auc = roc_auc_score(test["churn"], fitted.predict_proba(test.drop(columns="churn"))[:, 1])
    bayes = roc_auc_score(test["churn"], truth["probability"])
    assert abs(auc - bayes) <= 0.02


# ----------------------------------------------------------------------------- interpretation
def test_permutation_importance_ranks_contract_first_for_trees(customers):
    X, y = customers.drop(columns="churn"), customers["churn"]
    model = ChurnClassifier("random_forest", random_state=0).fit(X.iloc[:2000], y.iloc[:2000])
    with pytest.raises(CRMDataError, match="pass X and y"):
        model.feature_importance()
    table = model.feature_importance(X.iloc[2000:], y.iloc[2000:], n_repeats=3, random_state=0)
    assert list(table.columns) == ["importance_mean", "importance_std"]
    assert set(table.index) == set(X.columns)
    assert table.index[0] in {"contract", "tenure_months", "satisfaction"}
    assert table.loc["payment_method", "importance_mean"] < table.iloc[0]["importance_mean"] / 5


def test_explain_is_zero_for_a_typical_customer_and_matches_hand_computation():
    X, y = _small_table()
    model = ChurnClassifier().fit(X, y)
    typical = pd.DataFrame([model.reference_], index=["typical"])
    np.testing.assert_allclose(model.explain(typical).to_numpy(), 0.0, atol=1e-12)
    customer = X.iloc[[0]]
    effects = model.explain(customer)
    by_hand = model.churn_probability(customer).iloc[0] - model.churn_probability(
        customer.assign(tenure=model.reference_["tenure"])).iloc[0]
    assert effects.loc[customer.index[0], "tenure"] == pytest.approx(by_hand)
