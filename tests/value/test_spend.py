"""GammaGammaModel: published CDNOW values, hand-computed formulas, parameter recovery, bad input."""
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from conftest import published_rows
from crm_analysis.datasets import load_cdnow, make_transactions
from crm_analysis.exceptions import ConvergenceWarning, CRMDataError, DataExclusionWarning
from crm_analysis.value import GammaGammaModel, rfm_summary
from crm_analysis.value.spend import SpendCorrelationWarning, _gradient, _hessian, _loglik_terms


def published(model: str, data: str) -> dict:
    """Rows of the reference table in tests/results/value_published.md for one model and data set."""
    return published_rows("value_published.md", model, data)


@pytest.fixture(scope="module")
def cdnow_summary():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        return rfm_summary(load_cdnow(), amount_col="amount", observation_end="1997-09-30", time_unit="W")


@pytest.fixture(scope="module")
def cdnow_fit(cdnow_summary):
    with pytest.warns(DataExclusionWarning, match="1411 of 2357 customers with frequency 0"):
        return GammaGammaModel().fit(cdnow_summary)


def test_cdnow_matches_fader_hardie_lee_2005(cdnow_fit):
    reference = published("Gamma-Gamma", "cdnow_39w")
    ours = {**cdnow_fit.params_.to_dict(), "log_likelihood": cdnow_fit.log_likelihood_,
            "n_customers": cdnow_fit.n_customers_}
    for name, (value, tolerance) in reference.items():
        assert abs(ours[name] - value) <= tolerance + 1e-12, (name, ours[name], value)


def test_cdnow_no_correlation_warning_and_correlation_reported(cdnow_summary, cdnow_fit):
    repeat = cdnow_summary[cdnow_summary["frequency"] > 0]
    assert cdnow_fit.frequency_spend_correlation_ == pytest.approx(
        np.corrcoef(repeat["frequency"], repeat["monetary_value"])[0, 1])
    with warnings.catch_warnings():
        warnings.simplefilter("error", SpendCorrelationWarning)
        warnings.simplefilter("ignore", DataExclusionWarning)
        GammaGammaModel().fit(cdnow_summary)


def test_summary_table_and_standard_errors(cdnow_fit):
    table = cdnow_fit.summary(ci_level=0.9)
    assert list(table.index) == ["p", "q", "v"]
    assert list(table.columns) == ["estimate", "std_err", "ci_lower", "ci_upper"]
    assert (table["std_err"] > 0).all()
    assert (table["ci_lower"] < table["estimate"]).all() and (table["estimate"] < table["ci_upper"]).all()
    # the reported SEs are the square roots of the inverse observed information
    cov = np.linalg.inv(-cdnow_fit._hessian)
    assert np.allclose(table["std_err"], np.sqrt(np.diag(cov)), rtol=1e-10)


def test_analytic_gradient_and_hessian_match_finite_differences(cdnow_summary):
    repeat = cdnow_summary[cdnow_summary["frequency"] > 0]
    x, z = repeat["frequency"].to_numpy(float), repeat["monetary_value"].to_numpy()
    theta = np.array([5.0, 3.0, 12.0])
    h = 1e-5
    numeric_grad = [(_loglik_terms(theta + h * e, x, z).sum() - _loglik_terms(theta - h * e, x, z).sum()) / (2 * h)
                    for e in np.eye(3)]
    numeric_hess = np.array([(_gradient(theta + h * e, x, z) - _gradient(theta - h * e, x, z)) / (2 * h)
                             for e in np.eye(3)])
    assert np.allclose(_gradient(theta, x, z), numeric_grad, rtol=1e-5, atol=1e-4)
    assert np.allclose(_hessian(theta, x, z), numeric_hess, rtol=1e-5, atol=1e-3)


def test_conditional_expected_spend_by_hand():
    model = GammaGammaModel()
    model.params_ = pd.Series([6.0, 4.0, 15.0], index=["p", "q", "v"])
    summary = pd.DataFrame({"frequency": [2, 0], "monetary_value": [20.0, 0.0]}, index=["a", "b"])
    spend = model.conditional_expected_spend(summary)
    # x=2: p (v + x z) / (p x + q - 1) = 6 * 55 / 15 = 22; x=0: population mean p v / (q - 1) = 30
    assert spend.tolist() == pytest.approx([22.0, 30.0])
    assert list(spend.index) == ["a", "b"]
    assert model.population_mean_spend() == pytest.approx(30.0)


def test_parameter_recovery_from_simulated_transactions():
    log, truth = make_transactions(4000, random_state=3, return_truth=True)
    summary = rfm_summary(log, amount_col="amount", purchase_period=None, time_unit="W")
    with pytest.warns(DataExclusionWarning):
        model = GammaGammaModel().fit(summary)
    table = model.summary()
    true = np.array([truth.params[k] for k in ["p", "q", "v"]])
    z = (np.log(table["estimate"]) - np.log(true)) / (table["std_err"] / table["estimate"])
    assert (np.abs(z) < 3).all(), z
    true_mean = truth.params["p"] * truth.params["v"] / (truth.params["q"] - 1)
    assert model.population_mean_spend() == pytest.approx(true_mean, rel=0.1)
    # shrinkage towards the population mean predicts the true customer means better than raw averages
    repeat = summary[summary["frequency"] > 0]
    actual = truth.customers.loc[repeat.index, "mean_spend"]
    shrunk = model.conditional_expected_spend(repeat)
    assert np.mean((shrunk - actual) ** 2) < np.mean((repeat["monetary_value"] - actual) ** 2)


def test_correlated_frequency_and_spend_warns():
    rng = np.random.default_rng(0)
    frequency = rng.integers(1, 20, 300)
    spend = 5 + 3 * frequency + rng.gamma(2, 2, 300)
    summary = pd.DataFrame({"frequency": frequency, "monetary_value": spend})
    with pytest.warns(SpendCorrelationWarning, match=r"Pearson r = 0\.\d+"):
        # these means do not scatter like Gamma-Gamma means (no heterogeneity left): an edge warning too
        with pytest.warns(ConvergenceWarning, match=r"edge of the parameter space \(q = "):
            model = GammaGammaModel().fit(summary)
    assert model.frequency_spend_correlation_ > 0.8


def test_estimator_contract(cdnow_summary):
    model = GammaGammaModel(correlation_threshold=0.5)
    with pytest.raises(NotFittedError):
        model.summary()
    with pytest.raises(NotFittedError):
        model.conditional_expected_spend(cdnow_summary)
    before = cdnow_summary.copy()
    with pytest.warns(DataExclusionWarning):
        assert model.fit(cdnow_summary) is model
    pd.testing.assert_frame_equal(cdnow_summary, before)
    twin = clone(model)
    assert twin.get_params() == {"correlation_threshold": 0.5, "max_iter": 1000, "ci_level": 0.95,
                                 "random_state": None}
    assert not hasattr(twin, "params_")
    assert not any(isinstance(v, (pd.DataFrame, np.ndarray)) and getattr(v, "size", 0) > 9
                   for v in vars(model).values()), "the model must not keep the training data"


@pytest.mark.filterwarnings("ignore::crm_analysis.exceptions.DataExclusionWarning")
def test_non_positive_spend_of_repeat_buyer_is_an_error():
    summary = pd.DataFrame({"frequency": [1, 2, 3, 0], "monetary_value": [10.0, 0.0, 12.0, 0.0]},
                           index=[11, 12, 13, 14])
    with pytest.raises(CRMDataError, match=re.escape("'monetary_value'") + r".*rows \[12\]"):
        GammaGammaModel().fit(summary)


@pytest.mark.parametrize("frame, message", [
    (pd.DataFrame({"frequency": [1, 2]}), "missing column"),
    (pd.DataFrame({"frequency": [1, -2], "monetary_value": [3.0, 4.0]}), "'frequency'.*non-negative"),
    (pd.DataFrame({"frequency": [1, 2], "monetary_value": [3.0, None]}), "'monetary_value'.*missing"),
    (pd.DataFrame({"frequency": [0, 0, 1], "monetary_value": [0.0, 0.0, 4.0]}), "at least 3 customers"),
])
def test_bad_input(frame, message):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        with pytest.raises(CRMDataError, match=message):
            GammaGammaModel().fit(frame)


# ---------------------------------------------------------------------- degenerate input (issue 9, item 4)
def simulated_spend(n: int = 400, random_state: int = 5) -> pd.DataFrame:
    """Repeat buyers drawn from the Gamma-Gamma model itself, p=6, q=4, v=15 (mean spend 30)."""
    rng = np.random.default_rng(random_state)
    x = rng.integers(1, 12, n)
    nu = rng.gamma(4.0, 1 / 15.0, n)
    z = rng.gamma(6.0 * x, 1 / (x * nu))  # mean of x Gamma(p, nu) draws: Gamma(p x, rate x nu)
    return pd.DataFrame({"frequency": x, "monetary_value": z}, index=pd.RangeIndex(n, name="customer_id"))


@pytest.mark.parametrize("bad", [np.inf, -np.inf, 1e308])
def test_infinite_or_overflowing_spend_names_column_and_rows(bad):
    summary = simulated_spend(20).astype({"monetary_value": float})
    summary.loc[7, "monetary_value"] = bad
    with pytest.raises(CRMDataError, match=r"'monetary_value' of summary.*(infinite|too large).*rows \[7\]"):
        GammaGammaModel().fit(summary)


def test_spend_in_any_currency_unit_gives_the_same_fit():
    # the model is scale-equivariant: spend times c leaves p, q unchanged, multiplies v by c and
    # shifts the log-likelihood by -n log c.  Before: dong (x 1e7) or bitcoin (x 1e-6) hit the search bound.
    summary = simulated_spend()
    base = GammaGammaModel().fit(summary)
    for scale in [1e7, 1e-6]:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            scaled = GammaGammaModel().fit(summary.assign(monetary_value=summary["monetary_value"] * scale))
        assert scaled.params_[["p", "q"]].to_numpy() == pytest.approx(base.params_[["p", "q"]].to_numpy(), rel=1e-5)
        assert scaled.params_["v"] == pytest.approx(base.params_["v"] * scale, rel=1e-5)
        assert scaled.log_likelihood_ == pytest.approx(base.log_likelihood_ - len(summary) * np.log(scale), rel=1e-8)
        assert scaled.summary()["std_err"].to_numpy() / np.array([1, 1, scale]) == pytest.approx(
            base.summary()["std_err"].to_numpy(), rel=1e-4)
    assert base.params_.to_numpy() == pytest.approx([6.0, 4.0, 15.0], rel=0.35)  # and it recovers the truth


def test_fewer_repeat_buyers_than_parameters_is_an_error():
    summary = pd.DataFrame({"frequency": [1, 2, 0, 0], "monetary_value": [10.0, 20.0, 0.0, 0.0]},
                           index=list("abcd"))
    with pytest.warns(DataExclusionWarning, match="2 of 4 customers with frequency 0"):
        with pytest.raises(CRMDataError, match=r"at least 3 customers with frequency > 0.*has 2 \(rows \['a', 'b'\]"):
            GammaGammaModel().fit(summary)


def test_identical_spend_is_an_error_not_an_unbounded_likelihood():
    # every repeat buyer spends 10.0: the likelihood grows without bound as the spread goes to 0
    # (before: p = 883, q = 2094 and a positive log-likelihood, no warning)
    summary = pd.DataFrame({"frequency": [1, 2, 3, 4, 1], "monetary_value": [10.0] * 5})
    with pytest.raises(CRMDataError, match=r"'monetary_value'.*same value \(10\) for all 5 repeat buyers"):
        GammaGammaModel().fit(summary)


@pytest.mark.parametrize("frequency, spend, parameter", [
    # means scatter no more than single purchases would: no heterogeneity across customers, q -> infinity
    ([1, 2, 3], [10.0, 20.0, 15.0], "q"),
    # one purchase each: within- and between-customer spread cannot be told apart (before: p = 2e6 silently)
    ([1, 1, 1, 1, 1], [10.0, 20.0, 15.0, 12.0, 30.0], "p"),
])
def test_estimate_at_the_edge_of_the_parameter_space_warns(frequency, spend, parameter):
    summary = pd.DataFrame({"frequency": frequency, "monetary_value": spend})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SpendCorrelationWarning)
        with pytest.warns(ConvergenceWarning, match=rf"edge of the parameter space.*\b{parameter} = "):
            GammaGammaModel().fit(summary)


def test_no_boundary_warning_on_a_well_identified_fit():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        GammaGammaModel().fit(simulated_spend())


def test_prediction_checks_spend_like_the_fit():
    model = GammaGammaModel().fit(simulated_spend())
    bad = pd.DataFrame({"frequency": [2, 3], "monetary_value": [20.0, -5.0]}, index=["ok", "refund"])
    with pytest.raises(CRMDataError, match=r"'monetary_value'.*non-negative.*rows \['refund'\]"):
        model.conditional_expected_spend(bad)
    with pytest.raises(CRMDataError, match=r"'monetary_value'.*infinite.*rows \['refund'\]"):
        model.conditional_expected_spend(bad.assign(monetary_value=[20.0, np.inf]))


def test_one_time_buyers_get_an_infinite_mean_when_q_is_at_most_1():
    # q <= 1: the population mean p v / (q - 1) does not exist; before: a negative "expected spend" (-30)
    model = GammaGammaModel()
    model.params_ = pd.Series([6.0, 0.5, 2.5], index=["p", "q", "v"])
    summary = pd.DataFrame({"frequency": [2, 0], "monetary_value": [20.0, 0.0]}, index=["a", "b"])
    with pytest.warns(ConvergenceWarning, match=r"q = 0.5 <= 1.*1 customer\(s\) with frequency 0"):
        spend = model.conditional_expected_spend(summary)
    assert spend["a"] == pytest.approx(6 * (2.5 + 40) / (12 + 0.5 - 1))
    assert spend["b"] == np.inf


def test_a_repeat_buyer_whose_repeat_purchases_were_free_gets_a_prediction():
    """Full CDNOW has such a customer (a $0.00 repeat purchase): CLV must not fail on it."""
    model = GammaGammaModel()
    model.params_ = pd.Series([6.0, 4.0, 15.0], index=["p", "q", "v"])
    summary = pd.DataFrame({"frequency": [2, 1], "monetary_value": [0.0, -1.0]}, index=["free", "refund"])
    assert model.conditional_expected_spend(summary.iloc[:1]).item() == pytest.approx(6 * 15 / (12 + 3))
    with pytest.raises(CRMDataError, match=r"non-negative for repeat buyers.*\['refund'\]"):
        model.conditional_expected_spend(summary)
