"""Model comparison: AIC/BIC by hand, likelihood-ratio tests (hand-computed and simulated), the comparison table."""
import copy
import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, special, stats

from crm_analysis.datasets import load_cdnow
from crm_analysis.exceptions import CRMDataError
from crm_analysis.value import (BetaGeoBetaBinomModel, BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel,
                                calibration_holdout_split, compare_holdout, compare_models, holdout_metrics,
                                likelihood_ratio_test, rfm_summary)


@pytest.fixture(scope="module")
def cdnow_split():
    return calibration_holdout_split(load_cdnow(), "1997-09-30", "1998-06-30", time_unit="W")


@pytest.fixture(scope="module")
def cdnow_table(cdnow_split):
    return compare_models(cdnow_split)


def _fit(ll, k, n=1000, unit=None):
    """A fitted model as the test sees it: its maximised log-likelihood, parameter count and customers."""
    return SimpleNamespace(log_likelihood_=ll, n_params_=k, n_customers_=n, time_unit_=unit)


# ---------------------------------------------------------------------- likelihood-ratio test by hand
def test_lr_test_by_hand():
    result = likelihood_ratio_test(_fit(-100.0, 2), _fit(-96.0, 4))
    assert result["statistic"] == pytest.approx(8.0)
    assert result["df"] == 2
    assert result["p_value"] == pytest.approx(np.exp(-4.0))  # chi2(2) survival = exp(-x / 2)
    assert result.attrs["distribution"] == "chi2(2)"


def test_lr_test_boundary_halves_the_chi2_1_p_value():
    critical = stats.chi2.ppf(0.9, 1)  # 2.7055: p = 0.10 by chi2(1), 0.05 by the 50:50 mixture
    full, restricted = _fit(-100.0 + critical / 2, 3), _fit(-100.0, 2)
    assert likelihood_ratio_test(restricted, full)["p_value"] == pytest.approx(0.10)
    assert likelihood_ratio_test(restricted, full, boundary=True)["p_value"] == pytest.approx(0.05)
    assert likelihood_ratio_test(restricted, _fit(-100.0, 3), boundary=True)["p_value"] == 1.0  # statistic 0


def test_lr_test_refuses_what_it_cannot_test():
    with pytest.raises(CRMDataError, match="fewer parameters"):
        likelihood_ratio_test(_fit(-100.0, 4), _fit(-90.0, 4))
    with pytest.raises(CRMDataError, match="different data: 999 customers"):
        likelihood_ratio_test(_fit(-100.0, 2, n=999), _fit(-90.0, 4))
    with pytest.raises(CRMDataError, match="different time units"):
        likelihood_ratio_test(_fit(-100.0, 2, unit="D"), _fit(-90.0, 4, unit="W"))
    with pytest.raises(CRMDataError, match="one tested parameter only"):
        likelihood_ratio_test(_fit(-100.0, 2), _fit(-90.0, 4), boundary=True)
    with pytest.raises(CRMDataError, match="did not reach the maximum"):
        likelihood_ratio_test(_fit(-100.0, 2), _fit(-101.0, 4))
    with pytest.raises(CRMDataError, match="fit it first"):
        likelihood_ratio_test(BetaGeoModel(), _fit(-90.0, 4))
    # optimiser noise below the tolerance is a statistic of 0, not an error
    assert likelihood_ratio_test(_fit(-100.0, 2), _fit(-100.0 - 1e-9, 4))["statistic"] == 0.0


def _poisson_and_nbd(counts):
    """Maximised log-likelihoods of Poisson (1 parameter) and gamma-Poisson NBD (2) on iid counts.

    The NBD mean's MLE is the sample mean for any shape r, so only r is searched (on the log scale); a
    sample whose variance is at most its mean has its supremum at r -> infinity, the Poisson itself."""
    mean = counts.mean()
    base = -special.gammaln(counts + 1)
    poisson = float(np.sum(base + counts * np.log(mean) - mean))
    if counts.var() <= mean:  # not overdispersed: the NBD's supremum is the Poisson (r -> infinity)
        return poisson, poisson

    def negative(log_r):
        r = np.exp(log_r)
        return -float(np.sum(base + special.gammaln(counts + r) - special.gammaln(r)
                             + r * np.log(r / (r + mean)) + counts * np.log(mean / (r + mean))))

    best = optimize.minimize_scalar(negative, bounds=(-5.0, 25.0), method="bounded", options={"xatol": 1e-8})
    return poisson, max(-best.fun, poisson)


def test_lr_test_boundary_is_calibrated_on_poisson_inside_nbd():
    """Poisson data: the test of no overdispersion (1 / r = 0, on the boundary) rejects at its nominal rate.

    Under the null the statistic is 0 in about half the samples (not overdispersed) and chi2(1) otherwise,
    so P(p <= level) = level with the chi-bar-square p-value; the naive chi2(1) p-value would reject half as
    often."""
    rng = np.random.default_rng(2024)
    p_values, naive, zero = [], [], 0
    for _ in range(1000):
        poisson, nbd = _poisson_and_nbd(rng.poisson(3.0, size=200).astype(float))
        n = 200
        result = likelihood_ratio_test(_fit(poisson, 1, n), _fit(nbd, 2, n), boundary=True)
        p_values.append(result["p_value"])
        naive.append(likelihood_ratio_test(_fit(poisson, 1, n), _fit(nbd, 2, n))["p_value"])
        zero += result["statistic"] < 1e-6
    p_values, naive = np.array(p_values), np.array(naive)
    assert 0.44 < zero / 1000 < 0.56
    for level in (0.05, 0.10, 0.25):  # binomial sd at 1000 draws: at most 0.014
        assert abs(np.mean(p_values <= level) - level) < 3 * np.sqrt(level * (1 - level) / 1000)
    assert np.mean(naive <= 0.10) < 0.075  # chi2(1) ignoring the boundary: about 0.05 instead of 0.10


# ---------------------------------------------------------------------- likelihood-ratio test on the package models
@pytest.fixture(scope="module")
def cdnow_models(cdnow_split):
    calibration = cdnow_split[["frequency", "recency", "T"]]
    return BetaGeoModel().fit(calibration), ParetoNBDModel().fit(calibration)


def test_lr_test_refuses_non_nested_package_models(cdnow_models):
    bgnbd, pareto = cdnow_models
    smaller = copy.copy(bgnbd)
    smaller.n_params_ = 3  # pretend: even with fewer parameters, a BG/NBD is not nested in a Pareto/NBD
    with pytest.raises(CRMDataError, match="not nested in Pareto/NBD.*AIC/BIC"):
        likelihood_ratio_test(smaller, pareto)
    with pytest.raises(CRMDataError, match="fewer parameters"):
        likelihood_ratio_test(bgnbd, pareto)


def test_lr_test_of_covariate_effects_is_chi2_with_their_count(cdnow_models):
    """A model with covariate effects nests the plain one (gamma = 0, interior): chi2, df = the effects."""
    plain, _ = cdnow_models
    full = copy.copy(plain)
    full.params_ = pd.concat([plain.params_, pd.Series({"purchase:z": 0.1, "dropout:z": -0.2})])
    full.n_params_, full.log_likelihood_ = 6, plain.log_likelihood_ + 3.0
    result = likelihood_ratio_test(plain, full)
    assert result[["statistic", "df"]].tolist() == [pytest.approx(6.0), 2]
    assert result["p_value"] == pytest.approx(np.exp(-3.0))
    assert result.attrs["restricted"] == result.attrs["full"] == "BG/NBD"
    with pytest.raises(CRMDataError, match="interior value"):
        likelihood_ratio_test(plain, full, boundary=True)
    odd = copy.copy(full)
    odd.params_ = pd.concat([plain.params_, pd.Series({"c": 1.0, "purchase:z": 0.1})])
    with pytest.raises(CRMDataError, match=r"estimates \['c'\].*only covariate effects"):
        likelihood_ratio_test(plain, odd)


def test_lr_test_refuses_models_of_other_customers_or_units(cdnow_split, cdnow_models):
    bgnbd, _ = cdnow_models
    fewer = copy.copy(bgnbd)
    fewer.n_customers_ = bgnbd.n_customers_ - 1
    with pytest.raises(CRMDataError, match="different data"):
        likelihood_ratio_test(fewer, bgnbd)
    in_days = copy.copy(bgnbd)
    in_days.time_unit_ = "D"
    with pytest.raises(CRMDataError, match="different time units"):
        likelihood_ratio_test(in_days, bgnbd)


# ---------------------------------------------------------------------- the comparison table
def test_information_criteria_by_hand(cdnow_split, cdnow_table):
    n = len(cdnow_split)
    assert n == 2357
    k, ll = cdnow_table["n_params"], cdnow_table["log_likelihood"]
    np.testing.assert_allclose(cdnow_table["aic"], 2 * k - 2 * ll, rtol=1e-12)
    np.testing.assert_allclose(cdnow_table["bic"], k * np.log(n) - 2 * ll, rtol=1e-12)
    # the published log-likelihoods (Fader, Hardie & Lee 2005) on the same 39 weeks
    assert cdnow_table.loc["BG/NBD", "log_likelihood"] == pytest.approx(-9582.4, abs=0.05)
    assert cdnow_table.loc["Pareto/NBD", "log_likelihood"] == pytest.approx(-9595.0, abs=0.05)
    bgnbd = BetaGeoModel().fit(cdnow_split[["frequency", "recency", "T"]])
    assert cdnow_table.loc["BG/NBD", ["n_params", "aic", "bic"]].tolist() == pytest.approx(
        [4, bgnbd.aic_, bgnbd.bic_], rel=1e-9)
    assert list(cdnow_table.index) == list(cdnow_table.sort_values("aic").index)  # best (lowest) AIC first
    assert set(cdnow_table.index) == {"BG/NBD", "MBG/NBD", "Pareto/NBD"}


def test_holdout_errors_are_those_of_compare_holdout(cdnow_split, cdnow_table):
    bgnbd = BetaGeoModel().fit(cdnow_split[["frequency", "recency", "T"]])
    metrics = holdout_metrics(compare_holdout(bgnbd, cdnow_split))
    columns = ["actual_total", "predicted_total", "total_error_pct", "mae", "rmse"]
    assert cdnow_table.loc["BG/NBD", columns].tolist() == pytest.approx(metrics[columns].tolist(), rel=1e-9)
    assert (cdnow_table["actual_total"] == metrics["actual_total"]).all()  # the same holdout for every model
    assert cdnow_table.attrs == {"time_unit": "W", "observation_end": "1997-09-30", "purchase_period": "D",
                                 "holdout_end": "1998-06-30", "duration_holdout": 39.0, "customers": 2357,
                                 "sorted_by": "aic", "not_fitted": {}}


def test_callers_split_and_models_are_unchanged():
    split = calibration_holdout_split(load_cdnow(), "1997-09-30", "1998-06-30", time_unit="W")
    before, attrs = split.copy(deep=True), copy.deepcopy(split.attrs)
    models = [BetaGeoModel(max_iter=500), ParetoNBDModel()]
    table = compare_models(split, models)
    pd.testing.assert_frame_equal(split, before)
    assert split.attrs == attrs
    assert not any(hasattr(m, "params_") for m in models)  # copies were fitted, not the caller's objects
    assert set(table.index) == {"BG/NBD", "Pareto/NBD"}
    named = compare_models(split, {"mine": ModifiedBetaGeoModel()})
    assert list(named.index) == ["mine"]


def test_comparison_refuses_what_it_cannot_compare(cdnow_split):
    with pytest.raises(CRMDataError, match="discrete repeat opportunities"):
        compare_models(cdnow_split, [BetaGeoBetaBinomModel()])
    with pytest.raises(CRMDataError, match="both be called 'BG/NBD'"):
        compare_models(cdnow_split, [BetaGeoModel(), BetaGeoModel()])
    with pytest.raises(CRMDataError, match="not a repeat-purchase model"):
        compare_models(cdnow_split, {"x": object()})
    with pytest.raises(CRMDataError, match="frequency_holdout"):
        compare_models(cdnow_split.drop(columns="frequency_holdout"))
    with pytest.raises(CRMDataError, match="empty"):
        compare_models(cdnow_split, {})


def test_a_model_that_does_not_converge_stops_the_comparison_or_is_noted(cdnow_split):
    from crm_analysis.exceptions import ConvergenceError
    from crm_analysis.present.value import model_comparison_page, model_comparison_sentence

    models = {"BG/NBD": BetaGeoModel(), "Pareto/NBD": ParetoNBDModel(max_iter=1)}  # one iteration: no optimum
    with pytest.raises(ConvergenceError, match="ParetoNBDModel fit did not converge"):
        compare_models(cdnow_split, models)
    with pytest.raises(ValueError, match="on_error"):
        compare_models(cdnow_split, models, on_error="ignore")
    table = compare_models(cdnow_split, models, on_error="note")
    assert list(table.index) == ["BG/NBD", "Pareto/NBD"] and table.loc["Pareto/NBD"].isna().all()
    assert table.loc["BG/NBD", "log_likelihood"] == pytest.approx(-9582.4, abs=0.05)
    assert list(table.attrs["not_fitted"]) == ["Pareto/NBD"]
    assert "did not converge" in table.attrs["not_fitted"]["Pareto/NBD"]
    page = model_comparison_page(table, "en")
    assert page.table.loc["Pareto/NBD"].eq("–").all()
    assert page.note.endswith("Pareto/NBD could not be fitted on these data (the optimiser did not converge): – marks "
                             "its row.")
    assert model_comparison_sentence(table, "en").data.startswith("Only BG/NBD was fitted.")
    nothing = compare_models(cdnow_split, {"Pareto/NBD": ParetoNBDModel(max_iter=1)}, on_error="note")
    assert nothing.attrs["time_unit"] == "W"
    assert model_comparison_sentence(nothing, "zh").data == "这些数据上没有一个模型能够拟合。"


def _pareto_nbd_log(n, r, alpha, s, beta, *, weeks=104.0, acquisition=12.0, random_state=0):
    """A transaction log from the Pareto/NBD process: Poisson(lambda) purchases until an Exp(mu) death."""
    rng = np.random.default_rng(random_state)
    first = rng.uniform(0.0, acquisition, n)
    lam, mu = rng.gamma(r, 1 / alpha, n), rng.gamma(s, 1 / beta, n)
    alive_for = np.minimum(rng.exponential(1 / mu), weeks - first)
    repeats = rng.poisson(lam * alive_for)  # given the count, Poisson times are uniform on the lifetime
    ids = np.repeat(np.arange(n), repeats)
    times = np.r_[first, first[ids] + rng.uniform(0.0, 1.0, repeats.sum()) * alive_for[ids]]
    return pd.DataFrame({"customer_id": np.r_[np.arange(n), ids] + 1,
                         "date": pd.Timestamp("2020-01-01") + pd.to_timedelta(times * 7, unit="D")})


def test_pareto_nbd_wins_on_pareto_nbd_data():
    log = _pareto_nbd_log(2000, r=0.8, alpha=4.0, s=1.5, beta=20.0, random_state=0)
    split = calibration_holdout_split(log, "2020-12-29", "2021-12-29", purchase_period=None, time_unit="W")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every fit converges cleanly
        table = compare_models(split)
    assert table.index[0] == "Pareto/NBD"
    assert (table["aic"].drop("Pareto/NBD") - table.loc["Pareto/NBD", "aic"] > 10).all()  # decisively
    assert table["bic"].idxmin() == "Pareto/NBD"
    assert table.attrs["purchase_period"] is None and table.attrs["duration_holdout"] == pytest.approx(365 / 7)


def test_time_unit_of_a_split_without_record(cdnow_split):
    bare = cdnow_split.copy()
    bare.attrs = {}
    with pytest.raises(CRMDataError, match="time_unit"):
        compare_models(bare, [BetaGeoModel()])
    table = compare_models(bare, [BetaGeoModel()], time_unit="W")
    assert table.attrs["time_unit"] == "W"
    assert table.loc["BG/NBD", "log_likelihood"] == pytest.approx(-9582.4, abs=0.05)


@pytest.mark.filterwarnings("ignore::crm_analysis.exceptions.DataExclusionWarning")  # the holdout purchases
def test_summary_in_days_gives_another_likelihood_so_units_must_match():
    """Why the LR test checks the unit: the same customers in days have a different log-likelihood."""
    cdnow = load_cdnow()
    days = rfm_summary(cdnow, observation_end="1997-09-30", time_unit="D")
    weeks = rfm_summary(cdnow, observation_end="1997-09-30", time_unit="W")
    by_day, by_week = BetaGeoModel().fit(days), BetaGeoModel().fit(weeks)
    # each purchase contributes a rate density: lambda per day = lambda per week / 7
    assert by_day.log_likelihood_ - by_week.log_likelihood_ == pytest.approx(
        -np.log(7) * weeks["frequency"].sum(), rel=1e-6)


# ---------------------------------------------------------------------- the page (notebooks 11 and 20)
def test_comparison_page_and_sentence_in_both_languages(cdnow_table):
    from crm_analysis.present.value import model_comparison_page, model_comparison_sentence

    page = model_comparison_page(cdnow_table, "en")
    assert list(page.table.index) == list(cdnow_table.index)
    row = page.table.loc["BG/NBD"]
    assert row["Log-likelihood"] == "-9,582.4" and row["Parameters"] == "4" and row["Holdout purchases"] == "1,882"
    assert page.table["ΔAIC"].iloc[0] == "0.0"
    assert "same 2,357 customers up to 1997-09-30" in page.note and "next 39 weeks" in page.note
    zh = model_comparison_page(cdnow_table, "zh")
    assert zh.table.index.name == "模型" and "对数似然" in zh.table.columns and "39 周" in zh.note
    best, second = cdnow_table.index[:2]
    lead = cdnow_table["aic"].iloc[1] - cdnow_table["aic"].iloc[0]
    sentence = model_comparison_sentence(cdnow_table, "en").data
    assert sentence.startswith(f"By AIC, {best} describes the calibration period best, {lead:.1f} below {second}")
    assert ("no evidence either way" in sentence) == (lead < 2)
    closest = cdnow_table["total_error_pct"].abs().idxmin()
    assert f"{closest} comes closest in total ({cdnow_table.loc[closest, 'total_error_pct']:+.1f}%)" in sentence
    assert model_comparison_sentence(cdnow_table, "zh").data.startswith(f"按 AIC，{best} 对校准期的描述最好")


def test_research_report_table_is_the_comparison_of_the_same_split(cdnow_table):
    from crm_analysis.replications import cdnow_model_comparison

    pd.testing.assert_frame_equal(cdnow_model_comparison(), cdnow_table)


# ---------------------------------------------------------------------- covariate fits: the nested pairs
@pytest.fixture(scope="module")
def covariate_fits():
    from .test_covariates import BG_BASE, DROPOUT_EFFECT, PURCHASE_EFFECT, simulate

    summary, z = simulate("bg", 3_000, BG_BASE, PURCHASE_EFFECT, DROPOUT_EFFECT, seed=21)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {"plain": BetaGeoModel().fit(summary),
                "purchase_z": BetaGeoModel().fit(summary, purchase_covariates=z[["z"]]),
                "purchase_flag": BetaGeoModel().fit(summary, purchase_covariates=z[["flag"]]),
                "z_both": BetaGeoModel().fit(summary, purchase_covariates=z[["z"]], dropout_covariates=z[["z"]]),
                "full": BetaGeoModel().fit(summary, purchase_covariates=z, dropout_covariates=z),
                "other_customers": BetaGeoModel().fit(summary.iloc[:-1], purchase_covariates=z.iloc[:-1]),
                "pareto": ParetoNBDModel().fit(summary, purchase_covariates=z)}


def test_lr_test_of_real_covariate_fits(covariate_fits):
    plain, full = covariate_fits["plain"], covariate_fits["full"]
    result = likelihood_ratio_test(plain, full)
    assert result["df"] == 4 == full.n_params_ - plain.n_params_
    assert result["statistic"] == pytest.approx(2 * (full.log_likelihood_ - plain.log_likelihood_))
    assert result["p_value"] == pytest.approx(stats.chi2.sf(result["statistic"], 4)) and result["p_value"] < 1e-6
    assert result.attrs["distribution"] == "chi2(4)"
    assert likelihood_ratio_test(covariate_fits["purchase_z"], full)["df"] == 3  # a subset of the covariates


def test_lr_test_refuses_covariate_fits_that_do_not_nest(covariate_fits):
    with pytest.raises(CRMDataError, match=r"not nested in the full one: it estimates \['purchase:flag'\]"):
        likelihood_ratio_test(covariate_fits["purchase_flag"], covariate_fits["z_both"])
    with pytest.raises(CRMDataError, match="different data: 2999 customers"):
        likelihood_ratio_test(covariate_fits["other_customers"], covariate_fits["full"])
    with pytest.raises(CRMDataError, match="BG/NBD is not nested in Pareto/NBD"):
        likelihood_ratio_test(covariate_fits["plain"], covariate_fits["pareto"])
    with pytest.raises(CRMDataError, match="fewer parameters"):
        likelihood_ratio_test(covariate_fits["full"], covariate_fits["plain"])


# ---------------------------------------------------------------------- the CLV interval sentence (notebook 11)
def test_clv_interval_sentence_in_both_languages():
    from crm_analysis.present.format import currency
    from crm_analysis.present.page import ReportContext
    from crm_analysis.present.value import clv_interval_sentence

    context = ReportContext(name="shop", currency=currency("USD"))
    frame = pd.DataFrame({"clv": [10.0, 20.0], "clv_lower": [8.0, 15.0], "clv_upper": [13.0, 26.0]})
    frame.attrs["customer_equity"] = {"estimate": 30.0, "ci_lower": 24.4, "ci_upper": 37.6, "ci_level": 0.9,
                                      "n_draws": 1000}
    assert clv_interval_sentence(frame, context, "en").data == (
        "Customer equity: $30, 90% interval $24 to $38 (from 1,000 draws of both models' parameters).")
    assert clv_interval_sentence(frame, context, "zh").data == (
        "客户资产：$30，90% 区间为 $24 至 $38（基于两个模型参数的 1,000 次抽样）。")
    frame.attrs = {}
    with pytest.raises(CRMDataError, match="ci_level=0.9"):
        clv_interval_sentence(frame, context, "en")


def test_an_unbounded_equity_interval_is_said_in_words_not_as_inf():
    """A Gamma-Gamma fit on its edge makes some spend draws infinite: the page must not print '¥inf'."""
    from crm_analysis.present.format import currency
    from crm_analysis.present.page import ReportContext
    from crm_analysis.present.value import clv_interval_sentence

    context = ReportContext(name="shop", currency=currency("CNY"))
    frame = pd.DataFrame({"clv": [10.0], "clv_lower": [8.0], "clv_upper": [np.inf]})
    frame.attrs["customer_equity"] = {"estimate": 480049.0, "ci_lower": 429525.0, "ci_upper": np.inf,
                                      "ci_level": 0.9, "n_draws": 1000, "n_infinite": 430}
    for lang in ("en", "zh"):
        sentence = clv_interval_sentence(frame, context, lang).data
        assert "inf" not in sentence.replace("information", "") and "430" in sentence and "429,525" in sentence
    assert "no finite upper limit" in clv_interval_sentence(frame, context, "en").data
