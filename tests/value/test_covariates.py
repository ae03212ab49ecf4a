"""Time-invariant covariates in Pareto/NBD and BG/NBD (Fader & Hardie 2007; crm_analysis.value.covariates).

Checked: at zero effects (or z = 0) the covariate model is the plain model, exactly; parameter recovery on
customers simulated with known effects (estimates within 3 standard errors, standard errors shrinking like
1/sqrt(n)); the plain model is nested (likelihood-ratio statistic large with effects, chi-square-sized
without); predictions move with a customer's covariates the way the signs say; the estimates do not depend
on the covariates' units or row order; bad covariates are errors naming the column and the customers; the
caller's tables are not modified.
"""
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from crm_analysis.exceptions import CRMDataError
from crm_analysis.value import (BetaGeoBetaBinomModel, BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel)
from crm_analysis.datasets import load_donations

PARETO_BASE = {"r": 0.8, "alpha": 6.0, "s": 0.7, "beta": 12.0}
BG_BASE = {"r": 0.8, "alpha": 6.0, "a": 0.8, "b": 2.5}
PURCHASE_EFFECT = {"z": 0.4, "flag": -0.5}   # log multipliers of the mean purchase rate
DROPOUT_EFFECT = {"z": 0.3, "flag": 0.6}     # log multipliers of the death rate / of the drop-out odds
CASES = {"pareto": (ParetoNBDModel, PARETO_BASE), "bg": (BetaGeoModel, BG_BASE)}


def simulate(model, n, base, purchase, dropout, seed):
    """Customers with z ~ N(0, 1) and a 0/1 flag, each with alpha_i (and beta_i or b_i) from the true effects.

    Pareto/NBD: lambda_i ~ Gamma(r, alpha_i), mu_i ~ Gamma(s, beta_i), Poisson purchases until an exponential
    death; BG/NBD: lambda_i ~ Gamma(r, alpha_i), p_i ~ Beta(a, b_i), drop-out after each purchase with p_i.
    Observation lengths T ~ U(20, 52) weeks.
    """
    rng = np.random.default_rng(seed)
    index = pd.Index([f"c{i}" for i in range(n)], name="customer_id")
    z = pd.DataFrame({"z": rng.normal(size=n), "flag": (rng.random(n) < 0.4).astype(float)}, index=index)
    T = rng.uniform(20, 52, n)
    Z = z.to_numpy()
    alpha = base["alpha"] * np.exp(-Z @ np.array([purchase["z"], purchase["flag"]]))
    lam = rng.gamma(base["r"], 1 / alpha)
    shift = np.exp(-Z @ np.array([dropout["z"], dropout["flag"]]))
    recency = np.zeros(n)
    if model == "pareto":
        mu = rng.gamma(base["s"], 1 / (base["beta"] * shift))
        active = np.minimum(rng.exponential(1 / mu), T)
        x = rng.poisson(lam * active)
        bought = x > 0
        recency[bought] = active[bought] * rng.beta(x[bought], 1.0)  # the last of x uniform times
    else:
        p = rng.beta(base["a"], base["b"] * shift)
        n_poisson = rng.poisson(lam * T)
        x = np.minimum(n_poisson, rng.geometric(p))  # dies right after the D-th purchase, D ~ Geometric(p)
        bought = x > 0
        recency[bought] = T[bought] * rng.beta(x[bought], n_poisson[bought] - x[bought] + 1)
    summary = pd.DataFrame({"frequency": x.astype(float), "recency": recency, "T": T}, index=index)
    summary.attrs["time_unit"] = "W"
    return summary, z


def _truth(base):
    return pd.Series({**base, **{f"purchase:{k}": v for k, v in PURCHASE_EFFECT.items()},
                      **{f"dropout:{k}": v for k, v in DROPOUT_EFFECT.items()}})


@pytest.fixture(scope="module", params=list(CASES))
def recovery(request):
    """20,000 simulated customers with real effects: the covariate fit, a fit on a quarter, the plain fit."""
    cls, base = CASES[request.param]
    summary, z = simulate(request.param, 20_000, base, PURCHASE_EFFECT, DROPOUT_EFFECT, seed=11)
    quarter = summary.index[::4]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        full = cls().fit(summary, purchase_covariates=z, dropout_covariates=z)
        small = cls().fit(summary.loc[quarter], purchase_covariates=z.loc[quarter], dropout_covariates=z.loc[quarter])
        plain = cls().fit(summary)
    return {"cls": cls, "base": base, "summary": summary, "z": z, "full": full, "small": small, "plain": plain}


def test_estimates_recover_the_true_effects(recovery):
    model = recovery["full"]
    table = model.summary()
    truth = _truth(recovery["base"])
    assert list(table.index) == list(truth.index)
    z_scores = (table["estimate"] - truth) / table["std_err"]
    assert (z_scores.abs() < 3).all(), z_scores
    assert (table["std_err"] > 0).all() and np.isfinite(table["std_err"]).all()
    # a quarter of the customers: standard errors about twice as large (1 / sqrt(n))
    ratio = recovery["small"].summary()["std_err"] / table["std_err"]
    assert ((ratio > 1.6) & (ratio < 2.5)).all(), ratio
    assert model.purchase_covariates_ == ["z", "flag"] and model.dropout_covariates_ == ["z", "flag"]


def test_summary_effects_are_on_their_natural_scale(recovery):
    model = recovery["full"]
    table = model.summary(ci_level=0.9)
    assert list(table.columns) == ["estimate", "std_err", "ci_lower", "ci_upper", "statistic", "p_value"]
    se = np.sqrt(np.diag(model.covariance_log_))
    z = stats.norm.ppf(0.95)
    effects = table.iloc[4:]
    np.testing.assert_allclose(effects["std_err"], se[4:], rtol=1e-12)
    np.testing.assert_allclose(effects["ci_lower"], effects["estimate"] - z * se[4:], rtol=1e-12)
    np.testing.assert_allclose(effects["ci_upper"], effects["estimate"] + z * se[4:], rtol=1e-12)
    np.testing.assert_allclose(effects["statistic"], effects["estimate"] / se[4:], rtol=1e-12)
    np.testing.assert_allclose(effects["p_value"], 2 * stats.norm.sf(np.abs(effects["statistic"])), rtol=1e-12)
    base = table.iloc[:4]
    assert base["statistic"].isna().all() and base["p_value"].isna().all()
    np.testing.assert_allclose(base["ci_lower"], base["estimate"] * np.exp(-z * se[:4]), rtol=1e-12)
    assert list(model.covariance_log_.index) == list(model.params_.index) == list(table.index)
    k, n, ll = 8, model.n_customers_, model.log_likelihood_
    assert model.n_params_ == k
    assert model.aic_ == pytest.approx(2 * k - 2 * ll) and model.bic_ == pytest.approx(k * np.log(n) - 2 * ll)


def test_the_plain_model_is_nested_and_the_likelihood_ratio_sees_real_effects(recovery):
    statistic = 2 * (recovery["full"].log_likelihood_ - recovery["plain"].log_likelihood_)
    assert statistic > 200  # four real effects on 20,000 customers


@pytest.mark.parametrize("name", list(CASES))
def test_without_effects_the_likelihood_ratio_is_chi_square_sized_and_effects_near_zero(name):
    cls, base = CASES[name]
    none = {"z": 0.0, "flag": 0.0}
    summary, z = simulate(name, 5_000, base, none, none, seed=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with_cov = cls().fit(summary, purchase_covariates=z, dropout_covariates=z)
        plain = cls().fit(summary)
    statistic = 2 * (with_cov.log_likelihood_ - plain.log_likelihood_)
    assert -1e-6 < statistic < stats.chi2.ppf(0.999, df=4)
    effects = with_cov.summary().iloc[4:]
    assert (effects["estimate"].abs() < 3.5 * effects["std_err"]).all()


@pytest.mark.parametrize("name", list(CASES))
def test_at_zero_effects_or_zero_covariates_it_is_the_plain_model(name):
    """Every prediction of the covariate model with effects 0, and with z = 0, equals the plain model's."""
    cls, base = CASES[name]
    summary, z = simulate(name, 2_000, base, PURCHASE_EFFECT, DROPOUT_EFFECT, seed=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plain = cls().fit(summary)
        fitted = cls().fit(summary, purchase_covariates=z, dropout_covariates=z[["z"]])
    zero_effects = fitted.with_params(pd.concat([plain.params_, pd.Series(0.0, index=fitted.params_.index[4:])]))
    zeros = pd.DataFrame(0.0, index=z.index, columns=z.columns)
    at_zero = fitted.with_params(pd.concat([plain.params_, fitted.params_.iloc[4:]]))
    for model, cov in ((zero_effects, z), (at_zero, zeros)):
        kw = {"purchase_covariates": cov, "dropout_covariates": cov[["z"]]}
        np.testing.assert_allclose(model.probability_alive(summary, **kw), plain.probability_alive(summary),
                                   rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(model.predict(summary, 26, **kw), plain.predict(summary, 26), rtol=1e-10)
        np.testing.assert_allclose(model.conditional_probability_of_purchases(summary, 26, 2, **kw),
                                   plain.conditional_probability_of_purchases(summary, 26, 2), rtol=1e-10)
        row = {"purchase_covariates": cov.iloc[0], "dropout_covariates": cov[["z"]].iloc[0]}
        assert model.expected_purchases(26, **row) == pytest.approx(plain.expected_purchases(26), rel=1e-12)
        np.testing.assert_allclose(model.probability_of_purchases(26, [0, 1, 3], **row),
                                   plain.probability_of_purchases(26, [0, 1, 3]), rtol=1e-12)
    # new customers without covariates: z = 0
    assert at_zero.expected_purchases(26) == pytest.approx(plain.expected_purchases(26), rel=1e-12)
    # the likelihood at zero effects is the plain likelihood, and the plain estimate is its stationary point in the
    # base parameters: the score of the effects is what the likelihood-ratio test weighs
    from crm_analysis.value import covariates as cov_module

    data, weights = cov_module.fit_data(fitted, summary, {"purchase": z, "dropout": z[["z"]]})
    eta = np.concatenate([np.log(plain.params_.to_numpy()), np.zeros(3)])
    value, gradient = fitted._objective(eta, data, weights, 1.0)
    assert -value == pytest.approx(plain.log_likelihood_, rel=1e-12)
    assert np.max(np.abs(gradient[:4])) < 1e-4 * len(summary) ** 0.5
    # an all-zero covariate is a constant: nothing to estimate
    with pytest.raises(CRMDataError, match="column 'z' of purchase_covariates is constant"):
        cls().fit(summary, purchase_covariates=zeros)


def test_predictions_move_with_the_covariates_as_the_signs_say(recovery):
    model = recovery["full"]
    assert model.params_["purchase:z"] > 0 and model.params_["purchase:flag"] < 0
    assert model.params_["dropout:z"] > 0
    # same history, different covariates
    history = pd.DataFrame({"frequency": [3.0] * 3, "recency": [20.0] * 3, "T": [30.0] * 3},
                           index=pd.Index(["low", "mid", "high"], name="customer_id"))
    history.attrs["time_unit"] = "W"
    z_values = pd.DataFrame({"z": [-1.0, 0.0, 1.0], "flag": 0.0}, index=history.index)
    base_z = pd.DataFrame({"z": 0.0, "flag": [0.0] * 3}, index=history.index)
    alive = model.probability_alive(history, purchase_covariates=base_z, dropout_covariates=z_values)
    assert alive["low"] > alive["mid"] > alive["high"]  # more drop-out: less likely alive
    recent = history.assign(recency=30.0)  # bought at the end: alive for sure in Pareto/NBD, likely in BG/NBD
    buys = model.predict(recent, 20, purchase_covariates=z_values, dropout_covariates=base_z)
    assert buys["low"] < buys["mid"] < buys["high"]  # more purchases
    new = [model.expected_purchases(30, purchase_covariates={"z": v, "flag": 0.0},
                                    dropout_covariates={"z": 0.0, "flag": 0.0}) for v in (-1, 0, 1)]
    assert new[0] < new[1] < new[2]
    flagged = model.expected_purchases(30, purchase_covariates={"z": 0.0, "flag": 1.0},
                                       dropout_covariates={"z": 0.0, "flag": 0.0})
    assert flagged < new[1]  # the flag's purchase effect is negative
    leaving = model.expected_purchases(30, purchase_covariates={"z": 0.0, "flag": 0.0},
                                       dropout_covariates={"z": 1.0, "flag": 0.0})
    assert leaving < new[1]
    assert model.expected_purchases(30) == pytest.approx(new[1], rel=1e-12)  # z = 0 by default
    # per customer, the predictions are the plain formulas at the customer's own parameters
    row, zrow = recovery["summary"].iloc[[7]], recovery["z"].iloc[[7]]
    p, zi = model.params_, zrow.iloc[0]
    own = p.iloc[:4].copy()
    own["alpha"] *= np.exp(-(p["purchase:z"] * zi["z"] + p["purchase:flag"] * zi["flag"]))
    key = "beta" if "beta" in own.index else "b"
    own[key] *= np.exp(-(p["dropout:z"] * zi["z"] + p["dropout:flag"] * zi["flag"]))
    plain = recovery["cls"]()
    plain.params_, plain.time_unit_, plain.summary_fingerprint_ = own, "W", None
    kw = {"purchase_covariates": zrow, "dropout_covariates": zrow}
    assert model.predict(row, 10, **kw).iloc[0] == pytest.approx(plain.predict(row, 10).iloc[0], rel=1e-12)
    assert model.probability_alive(row, **kw).iloc[0] == pytest.approx(plain.probability_alive(row).iloc[0],
                                                                        rel=1e-12)
    assert model.expected_purchases(10, purchase_covariates=zi, dropout_covariates=zi) == \
        pytest.approx(plain.expected_purchases(10), rel=1e-12)


def test_units_and_row_order_of_the_covariates_do_not_matter():
    summary, z = simulate("bg", 3_000, BG_BASE, PURCHASE_EFFECT, DROPOUT_EFFECT, seed=8)
    rescaled = pd.DataFrame({"z": 1000.0 * z["z"] + 50_000.0, "flag": z["flag"]}, index=z.index)
    shuffled = rescaled.sample(frac=1.0, random_state=1)
    first = BetaGeoModel().fit(summary, purchase_covariates=z, dropout_covariates=z)
    second = BetaGeoModel().fit(summary, purchase_covariates=shuffled, dropout_covariates=shuffled)
    assert second.log_likelihood_ == pytest.approx(first.log_likelihood_, rel=1e-9)
    assert second.params_["purchase:z"] == pytest.approx(first.params_["purchase:z"] / 1000, rel=1e-5)
    assert second.params_["purchase:flag"] == pytest.approx(first.params_["purchase:flag"], rel=1e-5)
    se1, se2 = first.summary()["std_err"], second.summary()["std_err"]
    assert se2["dropout:z"] == pytest.approx(se1["dropout:z"] / 1000, rel=1e-3)
    np.testing.assert_allclose(second.predict(summary, 10, purchase_covariates=shuffled, dropout_covariates=shuffled),
                               first.predict(summary, 10, purchase_covariates=z, dropout_covariates=z), rtol=1e-5)


def test_weights_count_identical_customers():
    summary, z = simulate("bg", 1_500, BG_BASE, PURCHASE_EFFECT, DROPOUT_EFFECT, seed=9)
    twice = pd.concat([summary, summary.set_axis(summary.index + "b")])
    twice.attrs["time_unit"] = "W"
    z_twice = pd.concat([z, z.set_axis(z.index + "b")])
    weighted = summary.assign(weight=2.0)
    a = BetaGeoModel().fit(twice, purchase_covariates=z_twice, dropout_covariates=z_twice)
    b = BetaGeoModel().fit(weighted, purchase_covariates=z, dropout_covariates=z)
    np.testing.assert_allclose(b.params_, a.params_, rtol=1e-6)
    assert b.log_likelihood_ == pytest.approx(a.log_likelihood_, rel=1e-10)


def test_parameter_draws_and_with_params_cover_the_effects(recovery):
    model = recovery["full"]
    draws = model.parameter_draws(20_000, random_state=3)
    assert list(draws.columns) == list(model.params_.index)
    se = np.sqrt(np.diag(model.covariance_log_))
    np.testing.assert_allclose(np.log(draws.iloc[:, :4]).std(), se[:4], rtol=0.03)
    np.testing.assert_allclose(draws.iloc[:, 4:].mean(), model.params_.iloc[4:], atol=0.03 * se[4:].max() + 1e-3)
    np.testing.assert_allclose(draws.iloc[:, 4:].std(), se[4:], rtol=0.03)
    other = model.with_params(draws.iloc[0])
    kw = {"purchase_covariates": recovery["z"].iloc[:50], "dropout_covariates": recovery["z"].iloc[:50]}
    head = recovery["summary"].iloc[:50]
    assert not np.allclose(other.predict(head, 10, **kw), model.predict(head, 10, **kw))


def test_inputs_are_not_modified(recovery):
    summary, z = recovery["summary"].iloc[:500], recovery["z"].iloc[:500]
    z_mixed = z.assign(flag=z["flag"].astype(bool), extra="text")
    before = (summary.copy(), z_mixed.copy(), dict(summary.attrs))
    model = recovery["cls"]().fit(summary, purchase_covariates=z_mixed[["z", "flag"]], dropout_covariates=z)
    model.predict(summary, 5, purchase_covariates=z_mixed, dropout_covariates=z_mixed)
    model.probability_alive(summary, purchase_covariates=z_mixed, dropout_covariates=z_mixed)
    pd.testing.assert_frame_equal(summary, before[0])
    pd.testing.assert_frame_equal(z_mixed, before[1])
    assert summary.attrs == before[2]


# ------------------------------------------------------------------ errors
@pytest.fixture(scope="module")
def small():
    summary, z = simulate("bg", 300, BG_BASE, PURCHASE_EFFECT, DROPOUT_EFFECT, seed=2)
    return summary, z


def test_covariate_rows_are_matched_by_customer_id(small):
    summary, z = small
    with pytest.raises(CRMDataError, match=r"purchase_covariates has no row for 2 customer\(s\).*'c3', 'c7'"):
        BetaGeoModel().fit(summary, purchase_covariates=z.drop(["c3", "c7"]))
    extra = pd.concat([z, pd.DataFrame({"z": [0.1], "flag": [1.0]}, index=["stranger"])])
    with pytest.raises(CRMDataError, match=r"dropout_covariates has 1 row\(s\) for customers not in summary.*stranger"):
        BetaGeoModel().fit(summary, dropout_covariates=extra)
    with pytest.raises(CRMDataError, match="more than one row for customer.*'c0'"):
        BetaGeoModel().fit(summary, purchase_covariates=pd.concat([z, z.iloc[:1]]))
    with pytest.raises(CRMDataError, match="must be a pandas DataFrame indexed by customer id"):
        BetaGeoModel().fit(summary, purchase_covariates=z.to_numpy())


def test_bad_covariate_values_name_the_column_and_rows(small):
    summary, z = small
    holes = z.copy()
    holes.loc[["c4", "c9"], "z"] = np.nan
    with pytest.raises(CRMDataError, match=r"column 'z' of purchase_covariates has missing or infinite values in "
                                           r"rows \['c4', 'c9'\]"):
        ParetoNBDModel().fit(summary, purchase_covariates=holes)
    words = z.astype({"flag": object})
    words.loc["c5", "flag"] = "yes"
    with pytest.raises(CRMDataError, match=r"column 'flag' of dropout_covariates must be numeric.*\['c5'\].*dummies"):
        ParetoNBDModel().fit(summary, dropout_covariates=words)
    with pytest.raises(CRMDataError, match="column 'flag' of purchase_covariates is constant"):
        ParetoNBDModel().fit(summary, purchase_covariates=z.assign(flag=1.0))
    with pytest.raises(CRMDataError, match="column 'copy' of purchase_covariates is a linear combination"):
        ParetoNBDModel().fit(summary, purchase_covariates=z.assign(copy=2 * z["z"] + 1))


def test_covariates_are_required_refused_or_not_supported(small):
    summary, z = small
    fitted = BetaGeoModel().fit(summary, purchase_covariates=z)
    with pytest.raises(CRMDataError, match=r"fitted with purchase covariates \['z', 'flag'\]: pass purchase_cov"):
        fitted.predict(summary, 10)
    with pytest.raises(CRMDataError, match="fitted without dropout covariates"):
        fitted.probability_alive(summary, purchase_covariates=z, dropout_covariates=z)
    with pytest.raises(CRMDataError, match="fitted without dropout covariates"):
        fitted.expected_purchases(10, dropout_covariates={"z": 1.0})
    with pytest.raises(CRMDataError, match=r"missing column\(s\) \['flag'\]"):
        fitted.predict(summary, 10, purchase_covariates=z[["z"]])
    with pytest.raises(CRMDataError, match="no row for 1 customer"):
        fitted.predict(summary, 10, purchase_covariates=z.iloc[1:])
    # rows of other customers are ignored when predicting
    part = summary.iloc[:10]
    np.testing.assert_allclose(fitted.predict(part, 10, purchase_covariates=z),
                               fitted.predict(summary, 10, purchase_covariates=z).iloc[:10], rtol=1e-14)
    plain = BetaGeoModel().fit(summary)
    assert plain.purchase_covariates_ == [] and plain.dropout_covariates_ == []
    with pytest.raises(CRMDataError, match="fitted without purchase covariates"):
        plain.predict(summary, 10, purchase_covariates=z)
    with pytest.raises(CRMDataError, match="fitted without purchase covariates"):
        plain.expected_purchases(10, purchase_covariates={"z": 1.0, "flag": 0.0})
    with pytest.raises(CRMDataError, match="ModifiedBetaGeoModel does not support covariates"):
        ModifiedBetaGeoModel().fit(summary, purchase_covariates=z)
    donations = load_donations()
    with pytest.raises(CRMDataError, match="BetaGeoBetaBinomModel does not support covariates"):
        BetaGeoBetaBinomModel().fit(donations, dropout_covariates=pd.DataFrame({"z": 1.0}, index=donations.index))
    bgbb = BetaGeoBetaBinomModel().fit(donations)
    with pytest.raises(CRMDataError, match="does not support covariates"):
        bgbb.probability_of_purchases(3, 1, purchase_covariates={"z": 1.0})


def test_clv_and_intervals_pass_the_covariates_to_the_model():
    from crm_analysis.value import customer_lifetime_value

    summary, z = simulate("pareto", 1_500, PARETO_BASE, PURCHASE_EFFECT, DROPOUT_EFFECT, seed=4)
    model = ParetoNBDModel(random_state=1).fit(summary, purchase_covariates=z, dropout_covariates=z[["z"]])
    kw = {"purchase_covariates": z, "dropout_covariates": z[["z"]]}
    clv = customer_lifetime_value(model, 10.0, summary, horizon=3, time_unit="M", discount_rate=0.0, **kw)
    from crm_analysis.timegrid import unit_days

    weeks = 3 * unit_days("M") / unit_days("W")
    np.testing.assert_allclose(clv, 10.0 * model.predict(summary, weeks, **kw), rtol=1e-10)
    with pytest.raises(CRMDataError, match="pass purchase_covariates="):
        customer_lifetime_value(model, 10.0, summary, horizon=3)
    frame = customer_lifetime_value(model, 10.0, summary, horizon=3, ci_level=0.9, n_draws=200, **kw)
    np.testing.assert_allclose(frame["clv"], customer_lifetime_value(model, 10.0, summary, horizon=3, **kw))
    assert (frame["clv_lower"] <= frame["clv"]).all() and (frame["clv"] <= frame["clv_upper"]).all()
    assert (frame["clv_upper"] > frame["clv_lower"]).mean() > 0.99
    purchases = model.predict(summary, 10, ci_level=0.9, n_draws=200, **kw)
    np.testing.assert_allclose(purchases["predicted_purchases"], model.predict(summary, 10, **kw), rtol=1e-14)
    assert (purchases["ci_lower"] <= purchases["predicted_purchases"]).all()
