"""One interface for the repeat-purchase family: same names, same argument meanings, checked numbers.

Peer values: lifetimes 0.11.3 (tests/results/lifetimes_count_probabilities.py, described in
tests/results/btyd_published.md).  Identities: the conditional probabilities of n purchases sum to 1
and their mean is the conditional expectation.  Simulation: the probabilities match holdout counts of
customers simulated from known parameters.
"""
import inspect
import warnings

import numpy as np
import pandas as pd
import pytest

from crm_analysis.datasets import load_cdnow, load_donations
from crm_analysis.exceptions import CRMDataError
from crm_analysis.value import (BetaGeoBetaBinomModel, BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel,
                                customer_lifetime_value, rfm_summary)
from crm_analysis.value._btyd_base import BTYDModel

FAMILY = [BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel, BetaGeoBetaBinomModel]
CONTINUOUS = FAMILY[:3]
INTERFACE = ["probability_alive", "conditional_expected_purchases", "predict",
             "conditional_probability_of_purchases", "expected_purchases", "probability_of_purchases",
             "parameter_draws", "with_params", "summary", "fit", "simulate"]
HOOKS = ["_alive", "_expected_given_history", "_pmf_given_history", "_expected_new", "_pmf_new"]


@pytest.fixture(scope="module")
def cdnow():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return rfm_summary(load_cdnow(), observation_end="1997-09-30", time_unit="W")


@pytest.fixture(scope="module")
def fitted(cdnow):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        models = {cls: cls().fit(cdnow) for cls in CONTINUOUS}
    models[BetaGeoBetaBinomModel] = BetaGeoBetaBinomModel().fit(load_donations())
    return models


def _data(cls, cdnow):
    return load_donations() if cls is BetaGeoBetaBinomModel else cdnow


@pytest.mark.parametrize("cls", FAMILY)
def test_the_interface_is_declared_once_and_every_model_fills_the_hooks(cls):
    for name in ["probability_alive", "conditional_expected_purchases", "conditional_probability_of_purchases",
                 "expected_purchases", "probability_of_purchases", "parameter_draws", "with_params", "summary"]:
        assert getattr(cls, name) is getattr(BTYDModel, name), f"{cls.__name__} overrides {name}"
    assert cls.predict is cls.conditional_expected_purchases
    for hook in HOOKS:
        assert getattr(cls, hook) is not getattr(BTYDModel, hook), f"{cls.__name__} lacks {hook}"
    signature = inspect.signature(cls.__init__).parameters
    assert {"ci_level", "random_state"} <= set(signature)
    assert signature["ci_level"].default == 0.95 and signature["random_state"].default is None
    positional = [name for name, p in inspect.signature(cls.probability_of_purchases).parameters.items()
                  if p.kind is not inspect.Parameter.KEYWORD_ONLY]
    assert positional == ["self", "t", "n"]


def _row(x, tx, T, unit="W"):
    frame = pd.DataFrame({"frequency": [float(x)], "recency": [float(tx)], "T": [float(T)]})
    frame.attrs["time_unit"] = unit
    return frame


def _with(cls, params, unit="W"):
    model = cls()
    model.params_ = pd.Series(params, dtype=float)
    model.time_unit_ = unit
    model.summary_fingerprint_ = None
    return model


# lifetimes 0.11.3, tests/results/lifetimes_count_probabilities.py: [x, t_x, T, n, P(Y(39) = n | x, t_x, T)]
LIFETIMES_PARETO_CONDITIONAL = [
    [0, 0.0, 38.86, 0, 0.9307542802165345], [0, 0.0, 38.86, 1, 0.04586796967054999],
    [0, 0.0, 38.86, 2, 0.014670434020830861], [0, 0.0, 38.86, 5, 0.0008055249783553885],
    [2, 30.43, 38.86, 0, 0.4080952823591622], [2, 30.43, 38.86, 1, 0.21926521337599167],
    [2, 30.43, 38.86, 2, 0.15174605207559397], [2, 30.43, 38.86, 5, 0.031982849873381985],
    [7, 29.43, 38.86, 0, 0.3113474659226169], [7, 29.43, 38.86, 1, 0.0652288918857161],
    [7, 29.43, 38.86, 2, 0.07536266522727018], [7, 29.43, 38.86, 5, 0.08254370481686057],
    [1, 1.71, 38.86, 0, 0.9134577317425201], [1, 1.71, 38.86, 1, 0.04308215494779494],
    [1, 1.71, 38.86, 2, 0.0221232998611632], [1, 1.71, 38.86, 5, 0.002592293364032885],
    [5, 20.0, 30.0, 0, 0.38590473575863754], [5, 20.0, 30.0, 1, 0.0784498891111061],
    [5, 20.0, 30.0, 2, 0.0836248640670603], [5, 20.0, 30.0, 5, 0.07040047242631423],
]
# [n, P(X(39) = n)] of a new customer
LIFETIMES_NEW = {
    BetaGeoModel: [[0, 0.5742999197005054], [1, 0.19919386048701548], [2, 0.08532423127557012],
                   [5, 0.01793905185096277]],
    ModifiedBetaGeoModel: [[0, 0.6791643392573181], [1, 0.13690002538296514], [2, 0.06420363507890381],
                           [5, 0.01530295520688908]],
}
BG_PARAMS = {"r": 0.2426, "alpha": 4.4136, "a": 0.7929, "b": 2.4259}
PARETO_PARAMS = {"r": 0.5534, "alpha": 10.5802, "s": 0.6061, "beta": 11.6562}


def test_pareto_nbd_conditional_probabilities_equal_lifetimes():
    model = _with(ParetoNBDModel, PARETO_PARAMS)
    for x, tx, T, n, expected in LIFETIMES_PARETO_CONDITIONAL:
        ours = model.conditional_probability_of_purchases(_row(x, tx, T), 39.0, n).iloc[0]
        assert ours == pytest.approx(expected, rel=1e-10), (x, tx, T, n)


@pytest.mark.parametrize("cls", [BetaGeoModel, ModifiedBetaGeoModel])
def test_new_customer_probabilities_equal_lifetimes(cls):
    model = _with(cls, BG_PARAMS)
    for n, expected in LIFETIMES_NEW[cls]:
        assert model.probability_of_purchases(39.0, n) == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("cls", FAMILY)
def test_conditional_probabilities_are_a_distribution_with_the_conditional_mean(cls, fitted, cdnow):
    model = fitted[cls]
    data = _data(cls, cdnow)
    t = 5 if cls is BetaGeoBetaBinomModel else 39.0
    counts = np.arange(0, 6 if cls is BetaGeoBetaBinomModel else 150)
    table = np.column_stack([model.conditional_probability_of_purchases(data, t, n) for n in counts])
    assert (table >= 0).all()
    np.testing.assert_allclose(table.sum(axis=1), 1.0, atol=1e-10)
    np.testing.assert_allclose(table @ counts, model.conditional_expected_purchases(data, t), rtol=1e-8, atol=1e-10)
    new = model.probability_of_purchases(t, counts)
    assert new.sum() == pytest.approx(1.0, abs=1e-7)
    assert new @ counts == pytest.approx(model.expected_purchases(t), rel=1e-5)


def _simulate_beta_geometric(n, params, T, t, shift, rng):
    """Calibration summary and holdout counts of BG/NBD (shift 0) or MBG/NBD (shift 1) customers."""
    lam = rng.gamma(params["r"], 1 / params["alpha"], n)
    p = rng.beta(params["a"], params["b"], n)
    x = np.zeros(n)
    tx = np.zeros(n)
    holdout = np.zeros(n)
    for i in range(n):
        if shift and rng.random() < p[i]:
            continue  # MBG: dropped out right after the first purchase
        clock = 0.0
        while True:
            clock += rng.exponential(1 / lam[i])
            if clock > T + t:
                break
            if clock <= T:
                x[i] += 1
                tx[i] = clock
            else:
                holdout[i] += 1
            if rng.random() < p[i]:
                break
    summary = pd.DataFrame({"frequency": x, "recency": tx, "T": T})
    summary.attrs["time_unit"] = "W"
    return summary, holdout


@pytest.mark.parametrize("cls,shift", [(BetaGeoModel, 0), (ModifiedBetaGeoModel, 1)])
def test_conditional_probabilities_match_simulated_holdout_counts(cls, shift):
    params = {"r": 1.5, "alpha": 6.0, "a": 1.2, "b": 3.0}
    summary, holdout = _simulate_beta_geometric(20_000, params, 30.0, 20.0, shift, np.random.default_rng(7))
    model = _with(cls, params)
    for n in range(4):
        predicted = model.conditional_probability_of_purchases(summary, 20.0, n)
        for group in (summary["frequency"] == 0, summary["frequency"] >= 3):
            observed = (holdout[group.to_numpy()] == n).mean()
            expected = predicted[group].mean()
            se = np.sqrt(expected * (1 - expected) / group.sum())
            assert abs(observed - expected) < 4 * se + 1e-3, (n, observed, expected)


def test_bgbb_conditional_probabilities_match_simulated_holdout_counts():
    params = {"alpha": 1.2, "beta": 0.75, "gamma": 0.66, "delta": 2.8}
    rng = np.random.default_rng(3)
    n_customers, n_cal, n_hold = 40_000, 6, 5
    p = rng.beta(params["alpha"], params["beta"], n_customers)[:, None]
    drop = rng.beta(params["gamma"], params["delta"], n_customers)
    alive_for = rng.geometric(drop) - 1
    period = np.arange(1, n_cal + n_hold + 1)[None, :]
    buys = (rng.random((n_customers, n_cal + n_hold)) < p) & (period <= alive_for[:, None])
    calibration, holdout = buys[:, :n_cal], buys[:, n_cal:].sum(axis=1)
    frequency = calibration.sum(axis=1)
    recency = np.where(frequency > 0, (calibration * period[:, :n_cal]).max(axis=1), 0)
    summary = pd.DataFrame({"frequency": frequency.astype(float), "recency": recency.astype(float),
                            "n_periods": float(n_cal)})
    model = _with(BetaGeoBetaBinomModel, params, unit="opportunity")
    for n in range(4):
        predicted = model.conditional_probability_of_purchases(summary, n_hold, n)
        for x in (0, 3, 6):
            group = (frequency == x)
            observed = (holdout[group] == n).mean()
            expected = predicted[group].mean()
            se = np.sqrt(expected * (1 - expected) / group.sum())
            assert abs(observed - expected) < 4 * se + 1e-3, (n, x, observed, expected)


def test_pareto_nbd_conditional_probabilities_match_a_direct_integral():
    """The quadrature against scipy's adaptive integral over the death time, for a heavy buyer."""
    from scipy import integrate, stats

    r, alpha, s, beta = 0.55 + 40, 10.6 + 30, 0.61, 11.7 + 30   # updated by x = 40 purchases in T = 30
    t = 52.0
    for n in (0, 20, 60, 100):
        def density(tau):
            return s * beta ** s / (beta + tau) ** (s + 1) * stats.nbinom.pmf(n, r, alpha / (alpha + tau))

        direct = (beta / (beta + t)) ** s * stats.nbinom.pmf(n, r, alpha / (alpha + t)) \
            + integrate.quad(density, 0, t, epsabs=1e-14, epsrel=1e-12, limit=200)[0]
        model = _with(ParetoNBDModel, {"r": r, "alpha": alpha, "s": s, "beta": beta})
        assert model.probability_of_purchases(t, n) == pytest.approx(direct, rel=1e-9)


@pytest.mark.parametrize("bad", [-1, 1.5, float("nan"), "two", True])
def test_impossible_counts_name_n(fitted, bad):
    with pytest.raises(CRMDataError, match="^n "):
        fitted[BetaGeoModel].conditional_probability_of_purchases(_row(1, 5, 30), 10, bad)


def test_fit_statistics_are_the_information_criteria(fitted):
    for model in fitted.values():
        k, n, ll = 4, model.n_customers_, model.log_likelihood_
        assert model.n_params_ == k
        assert model.aic_ == pytest.approx(2 * k - 2 * ll, rel=1e-14)
        assert model.bic_ == pytest.approx(k * np.log(n) - 2 * ll, rel=1e-14)
    # CDNOW: 2357 customers
    assert fitted[BetaGeoModel].bic_ == pytest.approx(4 * np.log(2357) + 2 * 9582.429, abs=0.01)


def test_parameter_draws_follow_the_estimated_covariance(fitted):
    model = fitted[BetaGeoModel]
    draws = model.parameter_draws(20_000, random_state=1)
    assert list(draws.columns) == ["r", "alpha", "a", "b"]
    log_draws = np.log(draws)
    np.testing.assert_allclose(log_draws.mean(), np.log(model.params_), atol=0.01)
    cov = model.covariance_log_.to_numpy()
    sd = np.sqrt(np.diag(cov))
    np.testing.assert_allclose(log_draws.std(), sd, rtol=0.03)
    np.testing.assert_allclose(log_draws.corr(), cov / np.outer(sd, sd), atol=0.03)
    pd.testing.assert_frame_equal(model.parameter_draws(5, random_state=2), model.parameter_draws(5, random_state=2))
    seeded = BetaGeoModel(random_state=9)
    seeded.__dict__.update({k: v for k, v in vars(model).items() if k.endswith("_")})
    pd.testing.assert_frame_equal(seeded.parameter_draws(5), model.parameter_draws(5, random_state=9))


def test_with_params_predicts_with_other_parameters_and_leaves_the_model_alone(fitted, cdnow):
    model = fitted[BetaGeoModel]
    before = model.params_.copy()
    other = model.with_params(BG_PARAMS)
    pd.testing.assert_series_equal(model.params_, before)
    expected = _with(BetaGeoModel, BG_PARAMS).predict(cdnow, 10)
    pd.testing.assert_series_equal(other.predict(cdnow, 10), expected)
    with pytest.raises(CRMDataError, match="missing"):
        model.with_params({"r": 1.0})


def test_the_fit_has_no_hidden_seed_on_big_inputs():
    """Big inputs start from a sample; it is systematic, so two fits agree exactly."""
    model = BetaGeoModel()
    summary = model.simulate(90_000, np.linspace(20, 40, 90_000), params=BG_PARAMS, random_state=5, time_unit="W")
    first, second = BetaGeoModel().fit(summary), BetaGeoModel().fit(summary)
    pd.testing.assert_series_equal(first.params_, second.params_, check_exact=True)


def test_simulate_uses_the_models_random_state():
    a = BetaGeoModel(random_state=4).simulate(50, 30, params=BG_PARAMS)
    b = BetaGeoModel().simulate(50, 30, params=BG_PARAMS, random_state=4)
    pd.testing.assert_frame_equal(a, b)


def test_clv_takes_bgbb_in_whole_opportunities():
    yearly = BetaGeoBetaBinomModel().fit(load_donations(), time_unit="Y")
    donations = load_donations()
    donations.attrs["time_unit"] = "Y"
    value = customer_lifetime_value(yearly, 10.0, donations, horizon=3, time_unit="Y", discount_rate=0.0)
    expected = 10.0 * yearly.predict(donations, 3)
    np.testing.assert_allclose(value, expected, rtol=1e-12)
    with pytest.raises(CRMDataError, match="whole opportunities.*time_unit='Y'"):
        customer_lifetime_value(yearly, 10.0, donations, horizon=12, time_unit="M")
    with pytest.raises(CRMDataError, match="opportunit"):
        customer_lifetime_value(BetaGeoBetaBinomModel().fit(load_donations()), 10.0, load_donations(), horizon=3)


def test_pareto_nbd_says_when_drop_out_heterogeneity_vanished():
    """s, beta -> infinity (one death rate for everyone) is a boundary of the likelihood: a warning says so."""
    from crm_analysis.exceptions import ConvergenceWarning

    summary = ParetoNBDModel().simulate(600, np.linspace(10, 40, 600), params=dict(r=0.5, alpha=6.0, s=0.8, beta=12.0),
                                        random_state=5, time_unit="W")
    with pytest.warns(ConvergenceWarning, match=r"s, beta -> infinity.*death rate mu = s/beta = .* per week"):
        model = ParetoNBDModel().fit(summary)
    assert model.params_["s"] > 1e4 and model.params_["beta"] > 1e4


def test_conditional_probabilities_of_several_counts_come_as_columns(fitted, cdnow):
    model = fitted[BetaGeoModel]
    table = model.conditional_probability_of_purchases(cdnow, 39.0, [0, 1, 2])
    assert list(table.columns) == [0, 1, 2] and table.index.equals(cdnow.index)
    pd.testing.assert_series_equal(table[1], model.conditional_probability_of_purchases(cdnow, 39.0, 1),
                                   check_names=False)
