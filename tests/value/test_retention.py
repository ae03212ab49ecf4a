"""ShiftedBetaGeoModel: Fader & Hardie (2007) published values, hand-computed formulas, recovery, bad input."""
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import special
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from conftest import published_rows
from crm_analysis.exceptions import ConvergenceWarning, CRMDataError
from crm_analysis.timegrid import DiscountRateWarning
from crm_analysis.value import ShiftedBetaGeoModel
from crm_analysis.value.retention import _hessian, _loglik_and_gradient

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]


def published(model: str, data: str) -> dict:
    """Rows of the reference table in tests/results/value_published.md for one model and data set."""
    return published_rows("value_published.md", model, data)


def fixed(alpha: float, beta: float) -> ShiftedBetaGeoModel:
    """A model with given parameters, for hand-computed checks of the formulas."""
    model = ShiftedBetaGeoModel()
    model.params_ = pd.Series([alpha, beta], index=["alpha", "beta"])
    model.cohort_size_ = 1000.0
    return model


@pytest.mark.parametrize("data, counts", [("regular", REGULAR), ("high_end", HIGH_END)])
def test_fader_hardie_2007(data, counts):
    model = ShiftedBetaGeoModel().fit(counts)
    for name, (value, tolerance) in published("sBG", data).items():
        assert abs(model.params_[name] - value) <= tolerance, (name, model.params_[name], value)
    assert model.n_periods_ == 7 and model.cohort_size_ == 1000


def test_uniform_mixing_by_hand():
    # alpha = beta = 1 (theta uniform): S(t) = 1/(1+t), P(T=t) = 1/(t(t+1)), r_t = t/(t+1)
    model = fixed(1.0, 1.0)
    t = np.arange(1, 6)
    assert model.survival(t) == pytest.approx(1 / (1 + t))
    assert model.churn_probability(t) == pytest.approx(1 / (t * (t + 1)))
    assert model.retention_rate(t) == pytest.approx(t / (t + 1))
    assert model.survival(0) == pytest.approx(1.0)
    # alpha = 2, beta = 3: E(T) = (alpha + beta - 1) / (alpha - 1) = 4
    assert fixed(2.0, 3.0).expected_lifetime() == pytest.approx(4.0)
    assert fixed(0.7, 1.2).expected_lifetime() == np.inf


def test_fit_to_exact_expected_counts_returns_the_truth():
    counts = 840 / (1 + np.arange(8))  # expected survivors when alpha = beta = 1 (whole numbers: 840 = lcm(1..8))
    assert np.all(counts == np.round(counts))
    model = ShiftedBetaGeoModel().fit(counts)
    assert model.params_.to_numpy() == pytest.approx([1.0, 1.0], rel=1e-4)


def test_retention_rate_rises_with_tenure():
    model = ShiftedBetaGeoModel().fit(REGULAR)
    rates = model.retention_rate(np.arange(1, 20))
    assert np.all(np.diff(rates) > 0)
    # the fitted curve reproduces the observed renewal rates closely (FH2007, Figure 3)
    observed = np.array(REGULAR[1:]) / np.array(REGULAR[:-1])
    assert np.max(np.abs(model.retention_rate(np.arange(1, 8)) - observed)) < 0.03


def test_projection_past_the_data():
    model = ShiftedBetaGeoModel().fit(REGULAR)
    table = model.projection(12, observed=REGULAR)
    assert list(table.index) == list(range(13))
    assert table["expected_survivors"].iloc[0] == pytest.approx(1000)
    assert table["observed_survivors"].iloc[7] == 241 and np.isnan(table["observed_survivors"].iloc[8])
    assert np.isnan(table["retention_rate"].iloc[0])
    # survival is the product of the retention rates
    assert table["survival"].iloc[12] == pytest.approx(np.prod(table["retention_rate"].iloc[1:]))
    assert np.all(np.diff(table["expected_survivors"]) < 0)


def test_derl_and_del_equal_their_defining_sums():
    model = ShiftedBetaGeoModel().fit(HIGH_END)
    d = 0.1
    t = np.arange(0, 4000)
    survival = model.survival(t)
    assert model.discounted_expected_lifetime(d) == pytest.approx(np.sum(survival / (1 + d) ** t), rel=1e-9)
    for renewals in [0, 3]:
        n = renewals + 1
        future = np.arange(n, 4000)
        direct = np.sum(model.survival(future) / model.survival(n - 1) / (1 + d) ** (future - n))
        assert model.discounted_expected_residual_lifetime(d, renewals) == pytest.approx(direct, rel=1e-9)
    # survivors are the loyal ones: residual lifetime grows with tenure
    assert model.discounted_expected_residual_lifetime(d, 5) > model.discounted_expected_residual_lifetime(d, 0)


def test_derl_without_heterogeneity_is_the_geometric_sum():
    # Beta(k theta, k (1 - theta)) with huge k is a point mass at theta: DEL = (1 + d) / (d + theta)
    theta, d, k = 0.2, 0.1, 1e7
    model = fixed(k * theta, k * (1 - theta))
    assert model.discounted_expected_lifetime(d) == pytest.approx(1.1 / 0.3, rel=1e-5)
    assert model.discounted_expected_residual_lifetime(d, 4) == pytest.approx(0.8 * 1.1 / 0.3, rel=1e-5)


def test_analytic_gradient_and_hessian():
    lost, remaining = -np.diff(REGULAR), REGULAR[-1]
    theta, h = np.array([0.8, 1.5]), 1e-6
    grad = _loglik_and_gradient(theta, lost, remaining)[1]
    numeric = [(_loglik_and_gradient(theta + h * e, lost, remaining)[0]
                - _loglik_and_gradient(theta - h * e, lost, remaining)[0]) / (2 * h) for e in np.eye(2)]
    assert grad == pytest.approx(numeric, rel=1e-6)
    numeric_hess = np.array([(_loglik_and_gradient(theta + h * e, lost, remaining)[1]
                              - _loglik_and_gradient(theta - h * e, lost, remaining)[1]) / (2 * h) for e in np.eye(2)])
    assert np.allclose(_hessian(theta, lost, remaining), numeric_hess, rtol=1e-5)


def test_parameter_recovery_from_a_simulated_cohort():
    rng = np.random.default_rng(42)
    alpha, beta, n = 0.7, 1.2, 20000
    churn = rng.beta(alpha, beta, n)
    lifetime = rng.geometric(churn)  # T >= 1: the period in which the customer cancels
    counts = [n] + [int(np.sum(lifetime > t)) for t in range(1, 9)]
    model = ShiftedBetaGeoModel().fit(counts)
    table = model.summary()
    z = (np.log(table["estimate"]) - np.log([alpha, beta])) / (table["std_err"] / table["estimate"])
    assert (np.abs(z) < 3).all(), table


def test_estimator_contract():
    model = ShiftedBetaGeoModel(max_iter=500)
    with pytest.raises(NotFittedError):
        model.survival(3)
    counts = list(REGULAR)
    assert model.fit(counts) is model
    assert counts == REGULAR
    table = model.summary(ci_level=0.9)
    assert list(table.columns) == ["estimate", "std_err", "ci_lower", "ci_upper"]
    assert list(table.index) == ["alpha", "beta"]
    assert clone(model).get_params() == {"max_iter": 500, "ci_level": 0.95, "random_state": None}


@pytest.mark.parametrize("counts, message", [
    ([1000, 631, 650, 500], "must not rise.*positions \\[2\\]"),
    ([1000, 631], "at least two periods"),
    ([1000], "at least two periods"),
    ([1000, -5, -6], "non-negative"),
    ([1000, np.nan, 300], "missing"),
    ("abc", "sequence of numbers|at least two periods"),
])
def test_bad_survivor_counts(counts, message):
    with pytest.raises(CRMDataError, match=message):
        ShiftedBetaGeoModel().fit(counts)


def test_derl_bad_arguments():
    model = fixed(1.0, 1.0)
    with pytest.raises(CRMDataError, match="discount_rate"):
        model.discounted_expected_residual_lifetime(0.0)
    with pytest.raises(CRMDataError, match="n_renewals"):
        model.discounted_expected_residual_lifetime(0.1, -1)
    with pytest.raises(CRMDataError, match="t must be whole numbers >= 1"):
        model.retention_rate(0)


# ---------------------------------------------------------------------- degenerate input (issue 9, item 4)
@pytest.mark.parametrize("table", [
    np.array([[1000, 631, 468], [1000, 700, 500]]),                     # two cohorts in one array
    pd.DataFrame({"2019": [1000, 631, 468], "2020": [1000, 700, 500]}),  # cohorts as columns
])
def test_a_table_of_cohorts_is_an_error_not_one_long_cohort(table):
    # before: flattened to [1000, 631, 468, 1000, ...] and refused as "rises", or fitted silently when it did not
    with pytest.raises(CRMDataError, match=r"survivors must be one cohort.*got a table of shape \(\d, \d\).*each"):
        ShiftedBetaGeoModel().fit(table)


def test_a_single_row_or_column_is_one_cohort():
    expected = ShiftedBetaGeoModel().fit(REGULAR).params_
    for table in [pd.DataFrame({"regular": REGULAR}), np.array([REGULAR]), pd.Series(REGULAR, name="regular")]:
        pd.testing.assert_series_equal(ShiftedBetaGeoModel().fit(table).params_, expected)


@pytest.mark.parametrize("counts, message", [
    # before: alpha = 0.0024, beta = 629 returned without a word
    ([1000, 1000, 1000], r"no churn: all 3 counts are 1000.*cannot estimate"),
    # before: alpha = 403, beta = 0.0025
    ([1000, 0, 0], r"everyone cancelled in the first period"),
    ([100, 63.1, 46.8, 38.2], r"whole numbers of customers.*positions \[1, 2, 3\]: \[63.1, 46.8, 38.2\].*cohort size"),
    ([1000, 1e120, 5], r"too large"),
    ([1000, 900, np.inf], r"missing or infinite counts at positions \[2\]"),
])
def test_counts_that_cannot_be_fitted(counts, message):
    with pytest.raises(CRMDataError, match=message):
        ShiftedBetaGeoModel().fit(counts)


def test_a_cohort_without_heterogeneity_warns():
    # retention exactly 0.5 every period: no sorting effect, alpha and beta run off to infinity together
    # (before: alpha = 978, beta = 977, no warning)
    with pytest.warns(ConvergenceWarning, match=r"edge of the parameter space.*renewal rates 50.0%, 50.0%, 50.0%, 50.0%.*geometric"):
        model = ShiftedBetaGeoModel().fit([1024, 512, 256, 128, 64])
    assert model.retention_rate(3) == pytest.approx(0.5, abs=0.01)  # the predictions are still right


def test_all_churn_in_the_first_period_warns():
    # 1 of 1000 leaves at once and nobody after: two groups (leave now, never leave); before: alpha ~ 0 silently
    with pytest.warns(ConvergenceWarning, match=r"edge of the parameter space.*first period"):
        ShiftedBetaGeoModel().fit([1000, 999, 999, 999])


def test_falling_retention_warns():
    # the sBG's retention can only rise; half renew, then nobody: the geometric limit is the best it can do
    # (before: alpha = 2.9e6, beta = 1.5e6 without a word)
    with pytest.warns(ConvergenceWarning, match=r"renewal rates 50.0%, 0.0%.*geometric"):
        ShiftedBetaGeoModel().fit([1000, 500, 0])


def test_published_cohorts_fit_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ShiftedBetaGeoModel().fit(REGULAR)
        ShiftedBetaGeoModel().fit(HIGH_END)


@pytest.mark.parametrize("call, message", [
    (lambda m: m.survival(-1), r"t must be whole numbers >= 0.*\[-1.0\]"),
    (lambda m: m.survival(np.nan), r"t must be whole numbers >= 0.*nan"),
    (lambda m: m.survival([1, 2.5]), r"t must be whole numbers >= 0.*\[2.5\]"),
    (lambda m: m.retention_rate(np.nan), r"t must be whole numbers >= 1"),
    (lambda m: m.churn_probability(np.inf), r"t must be whole numbers >= 1"),
    (lambda m: m.discounted_expected_lifetime(np.nan), r"discount_rate must be a finite"),
    (lambda m: m.discounted_expected_lifetime(-0.1), r"discount_rate must be a finite.*positive"),
    (lambda m: m.discounted_expected_lifetime("10%"), r"discount_rate must be a number"),
    (lambda m: m.discounted_expected_residual_lifetime(np.inf), r"discount_rate must be a finite"),
    (lambda m: m.discounted_expected_residual_lifetime(0.1, np.nan), r"n_renewals must be a non-negative whole"),
    (lambda m: m.projection(-2), r"n_periods must be a non-negative whole number"),
    (lambda m: m.projection(3.5), r"n_periods must be a non-negative whole number"),
    (lambda m: m.projection(3, cohort_size=np.nan), r"cohort_size must be a positive"),
])
def test_bad_arguments_of_the_methods(call, message):
    with pytest.raises(CRMDataError, match=message):
        call(fixed(1.0, 1.0))


def test_a_percent_typed_as_a_number_warns():
    model = fixed(1.0, 1.0)
    with pytest.warns(DiscountRateWarning, match=r"discount_rate=10 per period.*0.10 for 10 %"):
        value = model.discounted_expected_lifetime(10)
    assert value == pytest.approx(np.sum(model.survival(np.arange(200)) / 11.0 ** np.arange(200)))
