"""BG/NBD, MBG/NBD, Pareto/NBD, BG/BB: published values, hand-computed formulas, recovery, bad input."""
import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, special, stats
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from conftest import RESULTS_DIR
from crm_analysis.datasets import load_cdnow, load_donations, make_transactions
from crm_analysis.exceptions import ConvergenceError, CRMDataError, DataExclusionWarning
from crm_analysis.timegrid import with_time_unit
from crm_analysis.value import (BetaGeoBetaBinomModel, BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel,
                                rfm_summary)

CONTINUOUS = [BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel]


def published(model: str, data: str) -> dict:
    """Rows of tests/results/btyd_published.md for one model and data set: {quantity: (value, tolerance)}."""
    rows = {}
    for line in (RESULTS_DIR / "btyd_published.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[1] == model and cells[2] == data:
            rows[cells[3]] = (float(cells[4]), float(cells[5]))
    assert rows, f"no published rows for {model} / {data}"
    return rows


def assert_published(reference: dict, ours: dict) -> None:
    for name, (value, tolerance) in reference.items():
        assert abs(ours[name] - value) <= tolerance + 1e-12, (name, ours[name], value)


@pytest.fixture(scope="module")
def cdnow():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        return rfm_summary(load_cdnow(), observation_end="1997-09-30", time_unit="W")


@pytest.fixture(scope="module")
def bgnbd(cdnow):
    return BetaGeoModel().fit(cdnow)


@pytest.fixture(scope="module")
def pareto(cdnow):
    return ParetoNBDModel().fit(cdnow)


@pytest.fixture(scope="module")
def bgbb():
    return BetaGeoBetaBinomModel().fit(load_donations())


ONE_CUSTOMER = with_time_unit(pd.DataFrame({"frequency": [2.0], "recency": [30.43], "T": [38.86]}, index=["c1"]), "W")


# ---------------------------------------------------------------- published values
def test_bgnbd_cdnow_matches_fader_hardie_lee_2005(bgnbd):
    ours = {**bgnbd.params_.to_dict(), "log_likelihood": bgnbd.log_likelihood_,
            "expected_39w_x2": bgnbd.predict(ONE_CUSTOMER, 39.0).iloc[0]}
    assert_published(published("BG/NBD", "cdnow_39w"), ours)


def test_pareto_nbd_cdnow_matches_fader_hardie_lee_2005(pareto):
    assert_published(published("Pareto/NBD", "cdnow_39w"),
                     {**pareto.params_.to_dict(), "log_likelihood": pareto.log_likelihood_})


def test_mbgnbd_cdnow_matches_btydplus(cdnow):
    model = ModifiedBetaGeoModel().fit(cdnow)
    assert_published(published("MBG/NBD", "cdnow_39w"), model.params_.to_dict())


def test_bgbb_donations_matches_fader_hardie_shang_2010(bgbb):
    assert_published(published("BG/BB", "donations"), {**bgbb.params_.to_dict(), "log_likelihood": bgbb.log_likelihood_})
    assert bgbb.n_customers_ == 11104


# ---------------------------------------------------------------- hand-computed formulas
def test_bgnbd_loglik_equals_hand_formula():
    r, alpha, a, b = 0.5, 3.0, 0.8, 2.5
    model = BetaGeoModel()
    rows = [(0, 0.0, 10.0), (3, 6.0, 12.0)]
    data = {k: np.array(v, dtype=float) for k, v in zip(("frequency", "recency", "T"), zip(*rows))}
    ll, _ = model._loglik(np.array([r, alpha, a, b]), data)
    for (x, tx, T), ours in zip(rows, ll):
        gamma_part = math.gamma(r + x) * alpha ** r / math.gamma(r)
        alive = special.beta(a, b + x) / special.beta(a, b) * gamma_part / (alpha + T) ** (r + x)
        dead = special.beta(a + 1, b + x - 1) / special.beta(a, b) * gamma_part / (alpha + tx) ** (r + x) if x else 0
        assert ours == pytest.approx(math.log(alive + dead), rel=1e-12)


@pytest.mark.parametrize("x, tx, T", [(0, 0.0, 20.0), (2, 5.0, 30.0), (40, 29.0, 30.0), (7, 1.0, 60.0)])
@pytest.mark.parametrize("alpha, beta", [(10.6, 11.7), (2.0, 40.0), (40.0, 0.5)])
def test_pareto_nbd_loglik_equals_numerical_integral(x, tx, T, alpha, beta):
    r, s = 0.55, 0.6
    data = {"frequency": np.array([float(x)]), "recency": np.array([tx]), "T": np.array([T])}
    ours = ParetoNBDModel()._loglik(np.array([r, alpha, s, beta]), data)[0][0]
    integral = integrate.quad(lambda tau: (alpha + tau) ** -(r + x) * (beta + tau) ** -(s + 1), tx, T,
                              epsabs=0, epsrel=1e-12, limit=200)[0]
    direct = (special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
              + np.log((alpha + T) ** -(r + x) * (beta + T) ** -s + s * integral))
    assert ours == pytest.approx(direct, rel=1e-10)


def test_pareto_nbd_matches_hypergeometric_form_of_the_note():
    """Fader & Hardie (2005) note, alpha >= beta branch, in a regime where scipy's 2F1 is accurate."""
    r, alpha, s, beta, x, tx, T = 0.55, 12.0, 0.6, 9.0, 3.0, 20.0, 38.0
    k = r + s + x

    def term(t):
        return special.hyp2f1(k, s + 1, k + 1, (alpha - beta) / (alpha + t)) / (alpha + t) ** k

    a0 = term(tx) - term(T)
    likelihood = (special.gamma(r + x) * alpha ** r * beta ** s / special.gamma(r)
                  * (1 / ((alpha + T) ** (r + x) * (beta + T) ** s) + s / k * a0))
    data = {"frequency": np.array([x]), "recency": np.array([tx]), "T": np.array([T])}
    assert ParetoNBDModel()._loglik(np.array([r, alpha, s, beta]), data)[0][0] == pytest.approx(
        np.log(likelihood), rel=1e-9)


@pytest.mark.parametrize("model_class, columns", [
    (BetaGeoModel, ("frequency", "recency", "T")), (ModifiedBetaGeoModel, ("frequency", "recency", "T")),
    (ParetoNBDModel, ("frequency", "recency", "T")), (BetaGeoBetaBinomModel, ("frequency", "recency", "n_periods"))])
def test_analytic_gradient_matches_finite_differences(model_class, columns):
    data = {"frequency": np.array([0.0, 1, 4, 2]), "recency": np.array([0.0, 2, 5, 6]),
            "T" if "T" in columns else "n_periods": np.array([6.0, 6, 6, 6])}
    params = np.array([0.7, 2.5, 1.3, 3.1])
    model = model_class()
    _, grad = model._loglik(params, data)
    for j in range(4):
        step = np.zeros(4)
        step[j] = 1e-6
        numeric = (model._loglik(params + step, data)[0] - model._loglik(params - step, data)[0]) / 2e-6
        np.testing.assert_allclose(grad[:, j], numeric, rtol=1e-6, atol=1e-8)


def test_bgnbd_probability_of_purchases_is_a_distribution_with_the_right_mean(bgnbd):
    n = np.arange(400)
    probs = bgnbd.probability_of_purchases(39.0, n)
    assert probs.sum() == pytest.approx(1.0, abs=1e-6)
    assert (probs * n).sum() == pytest.approx(bgnbd.expected_purchases(39.0), rel=1e-4)
    # hand value for n = 0: B(a,b)/B(a,b) (alpha/(alpha+t))^r
    r, alpha, _, _ = bgnbd.params_
    assert bgnbd.probability_of_purchases(39.0, 0) == pytest.approx((alpha / (alpha + 39)) ** r)


def test_predictions_of_a_brand_new_customer_equal_the_unconditional_ones(bgnbd, pareto, cdnow):
    new = with_time_unit(pd.DataFrame({"frequency": [0.0], "recency": [0.0], "T": [1e-10]}), "W")
    for model in (bgnbd, pareto, ModifiedBetaGeoModel().fit(cdnow)):
        assert model.predict(new, 39.0).iloc[0] == pytest.approx(model.expected_purchases(39.0), rel=1e-6)
        assert model.predict(ONE_CUSTOMER, 0.0).iloc[0] == pytest.approx(0.0, abs=1e-12)


def test_bgnbd_probability_alive_hand_value(bgnbd):
    r, alpha, a, b = bgnbd.params_
    expected = 1 / (1 + a / (b + 2 - 1) * ((alpha + 38.86) / (alpha + 30.43)) ** (r + 2))
    p = bgnbd.probability_alive(with_time_unit(
        pd.DataFrame({"frequency": [2.0, 0.0], "recency": [30.43, 0.0], "T": [38.86, 38.86]}), "W"))
    assert p.iloc[0] == pytest.approx(expected)
    assert p.iloc[1] == 1.0  # BG/NBD: no repeat purchase, no chance to have dropped out


def test_bgbb_closed_forms_of_fader_hardie_shang(bgbb):
    al, be, ga, de = bgbb.params_
    # eq. 7: E[X(n)] for a new customer
    n = 6
    closed = al / (al + be) * de / (ga - 1) * (1 - math.exp(special.gammaln(ga + de) - special.gammaln(ga + de + n)
                                                          + special.gammaln(1 + de + n) - special.gammaln(1 + de)))
    assert bgbb.expected_purchases(n) == pytest.approx(closed, rel=1e-10)
    probs = bgbb.probability_of_purchases(n, np.arange(n + 1))
    assert probs.sum() == pytest.approx(1.0, abs=1e-12)
    assert (probs * np.arange(n + 1)).sum() == pytest.approx(closed, rel=1e-10)
    # eq. 13: conditional expectation over the next 5 opportunities, for x = 3, t_x = 5, n = 6
    row = pd.DataFrame({"frequency": [3.0], "recency": [5.0], "n_periods": [6.0]})
    lik = np.exp(bgbb._loglik(bgbb.params_.to_numpy(), {c: row[c].to_numpy() for c in row})[0][0])
    ahead = 5
    closed = (1 / lik * special.beta(al + 4, be + 3) / special.beta(al, be) * de / (ga - 1)
              * math.exp(special.gammaln(ga + de) - special.gammaln(1 + de))
              * (math.exp(special.gammaln(1 + de + n) - special.gammaln(ga + de + n))
                 - math.exp(special.gammaln(1 + de + n + ahead) - special.gammaln(ga + de + n + ahead))))
    assert bgbb.predict(row, ahead).iloc[0] == pytest.approx(closed, rel=1e-10)
    alive = special.beta(al + 3, be + 3) / special.beta(al, be) * special.beta(ga, de + 7) / special.beta(ga, de) / lik
    assert bgbb.probability_alive(row).iloc[0] == pytest.approx(alive, rel=1e-10)


# ---------------------------------------------------------------- robustness
def test_pareto_nbd_stays_finite_for_thousands_of_purchases(pareto, cdnow):
    heavy = with_time_unit(pd.DataFrame({"frequency": [5000.0, 3000.0, 12000.0, 2500.0],
                                         "recency": [38.8, 20.0, 38.85, 38.86], "T": [38.86] * 4}), "W")
    alive = pareto.probability_alive(heavy)
    assert np.all(np.isfinite(alive)) and np.all((alive >= 0) & (alive <= 1))
    assert alive.iloc[3] == pytest.approx(1.0)  # bought at the very end: certainly alive
    assert alive.iloc[1] < 1e-100  # 3000 purchases, then 19 silent weeks: gone
    assert np.all(np.isfinite(pareto.predict(heavy, 10.0)))
    ll = pareto._loglik(pareto.params_.to_numpy(), {c: heavy[c].to_numpy() for c in heavy})[0]
    assert np.all(np.isfinite(ll))
    with_heavy = pd.concat([cdnow[["frequency", "recency", "T"]], heavy.set_axis(["h1", "h2", "h3", "h4"])])
    fitted = ParetoNBDModel().fit(with_heavy, time_unit="W")  # concat of a hand-made table: no record
    assert np.isfinite(fitted.log_likelihood_) and np.all(np.isfinite(fitted.summary()["std_err"]))


def test_weights_equal_repeated_rows():
    donations = load_donations()
    expanded = donations.loc[donations.index.repeat(donations["weight"])].drop(columns="weight")
    weighted = BetaGeoBetaBinomModel().fit(donations)
    repeated = BetaGeoBetaBinomModel().fit(expanded)
    np.testing.assert_allclose(weighted.params_, repeated.params_, rtol=1e-5)
    assert weighted.log_likelihood_ == pytest.approx(repeated.log_likelihood_, rel=1e-10)


# ---------------------------------------------------------------- parameter recovery
def within(model, truth: dict) -> None:
    """Every true value inside the model's ci_level interval."""
    table = model.summary()
    for name, value in truth.items():
        assert table.loc[name, "ci_lower"] <= value <= table.loc[name, "ci_upper"], (name, value, table)


def test_bgnbd_recovers_make_transactions_truth():
    tx, truth = make_transactions(5000, random_state=20261122, return_truth=True)
    summary = rfm_summary(tx, purchase_period=None, time_unit="W")
    model = BetaGeoModel(ci_level=0.99).fit(summary)
    within(model, {k: truth.params[k] for k in ("r", "alpha", "a", "b")})


@pytest.mark.parametrize("model_class, truth", [
    (ModifiedBetaGeoModel, dict(r=0.525, alpha=6.183, a=0.891, b=1.614)),
    (ParetoNBDModel, dict(r=0.553, alpha=10.578, s=0.606, beta=11.669)),
])
def test_continuous_models_recover_their_own_simulations(model_class, truth):
    T = np.random.default_rng(7).uniform(30, 80, 5000)
    sample = model_class().simulate(5000, T, params=truth, random_state=2026)
    within(model_class(ci_level=0.99).fit(sample, time_unit="W"), truth)


def test_bgbb_recovers_its_own_simulation():
    truth = dict(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
    sample = BetaGeoBetaBinomModel().simulate(20000, 6, params=truth, random_state=2026)
    within(BetaGeoBetaBinomModel(ci_level=0.99).fit(sample), truth)


def test_bgnbd_simulator_agrees_with_expected_purchases(bgnbd):
    sample = bgnbd.simulate(100_000, 39.0, random_state=5)
    se = sample["frequency"].std() / np.sqrt(len(sample))
    assert abs(sample["frequency"].mean() - bgnbd.expected_purchases(39.0)) < 4 * se
    assert (sample["recency"] <= sample["T"]).all()


# ---------------------------------------------------------------- estimator contract
@pytest.mark.parametrize("model_class", CONTINUOUS)
def test_estimator_contract(model_class, cdnow):
    model = model_class(ci_level=0.9)
    with pytest.raises(NotFittedError):
        model.probability_alive(cdnow)
    before = cdnow.copy()
    assert model.fit(cdnow) is model
    pd.testing.assert_frame_equal(cdnow, before)  # input untouched
    assert list(model.params_.index) == list(model_class._param_names)
    table = model.summary()
    assert list(table.columns) == ["estimate", "std_err", "ci_lower", "ci_upper"]
    assert (table["ci_lower"] < table["estimate"]).all() and (table["estimate"] < table["ci_upper"]).all()
    assert clone(model).get_params() == {"ci_level": 0.9, "max_iter": 1000, "tol": 1e-8, "random_state": None}
    assert not hasattr(clone(model), "params_")
    shuffled = cdnow.sample(frac=1.0, random_state=3)
    for result in (model.predict(shuffled, 10.0), model.probability_alive(shuffled)):
        assert result.index.equals(shuffled.index)
    assert not any(isinstance(v, pd.DataFrame) for v in vars(model).values() if v is not model.covariance_log_)


def test_wider_interval_for_higher_ci_level(cdnow):
    narrow = BetaGeoModel(ci_level=0.8).fit(cdnow).summary()
    wide = BetaGeoModel(ci_level=0.99).fit(cdnow).summary()
    assert (wide["ci_upper"] > narrow["ci_upper"]).all() and (wide["ci_lower"] < narrow["ci_lower"]).all()
    z = stats.norm.ppf(0.995)
    log_se = np.log(wide["ci_upper"] / wide["estimate"]) / z
    np.testing.assert_allclose(wide["std_err"], wide["estimate"] * log_se)


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("model_class", CONTINUOUS)
def test_bad_summaries_raise_crm_data_error(model_class):
    good = pd.DataFrame({"frequency": [1.0, 0.0, 2.0], "recency": [3.0, 0.0, 4.0], "T": [5.0, 5.0, 6.0]},
                        index=["a", "b", "c"])
    with pytest.raises(CRMDataError, match=r"'recency'.*exceeds.*'T'.*c"):
        model_class().fit(good.assign(recency=[3.0, 0.0, 7.0]), time_unit="W")
    with pytest.raises(CRMDataError, match=r"'frequency'.*non-negative.*a"):
        model_class().fit(good.assign(frequency=[-1.0, 0.0, 2.0]), time_unit="W")
    with pytest.raises(CRMDataError, match="T"):
        model_class().fit(good.drop(columns="T"), time_unit="W")
    with pytest.raises(CRMDataError, match="weight"):
        model_class().fit(good.assign(weight=[1.0, -2.0, 1.0]), time_unit="W")


def test_bgbb_rejects_frequency_above_recency():
    table = pd.DataFrame({"frequency": [3.0], "recency": [2.0], "n_periods": [6.0]})
    with pytest.raises(CRMDataError, match="frequency <= recency"):
        BetaGeoBetaBinomModel().fit(table)
    with pytest.raises(CRMDataError, match="n_periods"):
        BetaGeoBetaBinomModel().fit(table.drop(columns="n_periods"))


@pytest.mark.parametrize("model_class", CONTINUOUS)
def test_failed_fit_raises_convergence_error_with_optimiser_message(model_class, cdnow):
    with pytest.raises(ConvergenceError, match="ITERATIONS REACHED LIMIT"):
        model_class(max_iter=2).fit(cdnow)


# ---------------------------------------------------------------- fast paths give the same answers
@pytest.mark.parametrize("model_class", [BetaGeoModel, ModifiedBetaGeoModel])
def test_aggregated_likelihood_equals_row_by_row(model_class, cdnow):
    model = model_class()
    data, weights, _, _ = model._compressed(cdnow.assign(weight=np.arange(len(cdnow)) % 3 + 1.0))
    for params in (np.array([0.24, 4.4, 0.79, 2.4]), np.array([2.0, 0.5, 3.0, 0.3])):
        ll, grad = model._loglik(params, dict(data))
        total, total_grad = model._total_loglik(params, data, weights)
        assert total == pytest.approx(weights @ ll, rel=1e-12)
        np.testing.assert_allclose(total_grad, weights @ grad, rtol=1e-10)


@pytest.mark.parametrize("model_class, truth", [(BetaGeoModel, dict(r=0.243, alpha=4.414, a=0.793, b=2.426)),
                                                (ParetoNBDModel, dict(r=0.553, alpha=10.578, s=0.606, beta=11.669))])
def test_sample_then_newton_route_reaches_the_plain_optimum(model_class, truth):
    """Big inputs start from a fit on a sample and polish with Newton steps (here forced with a tiny sample)."""
    sample = model_class().simulate(20_000, 52.0, params=truth, random_state=99)
    model = model_class()
    data, weights, _, _ = model._compressed(sample)
    assert len(weights) > 2 * 1000  # so the sample route is taken
    routed = np.exp(model._maximise(data, weights, rows=1000))
    plain = np.exp(model._optimise(np.log(model._initial_params(data, weights)), data, weights).x)
    np.testing.assert_allclose(routed, plain, rtol=1e-5)


def test_compress_rows_matches_value_counts():
    from crm_analysis.value._btyd_base import compress_rows

    rng = np.random.default_rng(0)
    cols = [rng.integers(0, 5, 500).astype(float), rng.integers(0, 3, 500) / 7, rng.integers(0, 4, 500) * 1.5]
    unique, weights, inverse = compress_rows(cols, weight=np.full(500, 2.0))
    counts = pd.DataFrame({"a": cols[0], "b": cols[1], "c": cols[2]}).value_counts()
    assert len(weights) == len(counts) and weights.sum() == 1000
    for j in range(3):
        np.testing.assert_array_equal(unique[j][inverse], cols[j])
    for k, row in enumerate(zip(*unique)):
        assert weights[k] == 2 * counts[row]


@pytest.mark.parametrize("model_class", [BetaGeoModel, ModifiedBetaGeoModel])
def test_bg_family_predictions_for_heavy_buyers(model_class, cdnow):
    """The alive customer's expectation equals FHL's direct form where scipy's 2F1 copes, and stays finite beyond."""
    from crm_analysis.value.bgnbd import expected_beta_geometric_purchases

    model = model_class().fit(cdnow)
    r, alpha, a, b = model.params_
    m = model._shift
    x, T, t = np.array([0.0, 2.0, 30.0, 200.0]), 38.86, 39.0
    z = t / (alpha + T + t)
    direct = (a + b + x + m - 1) / (a - 1) * (1 - (1 - z) ** (r + x) * special.hyp2f1(r + x, b + x + m,
                                                                                       a + b + x + m - 1, z))
    np.testing.assert_allclose(expected_beta_geometric_purchases(r + x, a, b + x + m, t / (alpha + T)), direct,
                               rtol=1e-9)
    heavy = with_time_unit(pd.DataFrame({"frequency": [5000.0, 20000.0], "recency": [38.8, 38.86],
                                         "T": [38.86, 38.86]}), "W")
    expected = model.predict(heavy, t)
    assert np.all(np.isfinite(expected)) and np.all(expected > 0)
    # alive, each future purchase risks drop-out, so fewer than the Poisson rate alone would give
    assert np.all(expected < (r + heavy["frequency"]) / (alpha + T) * t)


# ---------------------------------------------------------------- time units travel with the data
@pytest.mark.parametrize("model_class", CONTINUOUS)
def test_the_fitted_unit_is_recorded_never_assumed(model_class, cdnow):
    table = pd.DataFrame(cdnow)  # as if loaded from a file: no record
    assert table.attrs == {}
    with pytest.raises(CRMDataError, match=r'does not record its time unit.*pass time_unit="W"'):
        model_class().fit(table)
    with pytest.raises(CRMDataError, match=r"time_unit='D' contradicts the summary.*in weeks"):
        model_class().fit(cdnow, time_unit="D")
    given = model_class().fit(table, time_unit="W")
    assert given.time_unit_ == "W"
    pd.testing.assert_series_equal(given.params_, model_class().fit(cdnow).params_)
    in_days = cdnow.copy()
    in_days.attrs["time_unit"] = "D"
    with pytest.raises(CRMDataError, match="in days.*fitted in weeks"):
        given.predict(in_days, 39.0)
    # the unlabelled table it was fitted on is known again; any other unlabelled table is refused
    assert given.predict(table, 39.0).notna().all()
    with pytest.raises(CRMDataError, match="does not record the time unit"):
        given.predict(table.iloc[:10], 39.0)
    assert given.predict(ONE_CUSTOMER, 39.0).notna().all()      # a hand-made table labelled with its unit
    # simulations record their unit
    assert given.simulate(10, 39.0, random_state=1).attrs == {"time_unit": "W"}
    assert model_class().simulate(10, 39.0, params=dict(given.params_), random_state=1).attrs == {}
    assert model_class().simulate(10, 39.0, params=dict(given.params_), time_unit="D", random_state=1
                                  ).attrs == {"time_unit": "D"}


@pytest.mark.parametrize("model_class", CONTINUOUS)
@pytest.mark.parametrize("t", [-1.0, float("nan"), float("inf")])
def test_impossible_horizons_name_t(model_class, bgnbd, t):
    model = bgnbd if model_class is BetaGeoModel else model_class().fit(
        pd.DataFrame({"frequency": [2.0, 0.0, 5.0, 1.0], "recency": [30.4, 0.0, 20.0, 5.0], "T": [38.9] * 4}),
        time_unit="W")
    with pytest.raises(CRMDataError, match=r"^t \(in weeks\)"):
        model.predict(ONE_CUSTOMER, t)
    with pytest.raises(CRMDataError, match=r"^t \(in weeks\)"):
        model.expected_purchases([13.0, t])


def test_bgbb_counts_opportunities(bgbb):
    assert bgbb.time_unit_ == "opportunity"
    yearly = BetaGeoBetaBinomModel().fit(load_donations(), time_unit="Y")  # one opportunity = one year
    assert yearly.time_unit_ == "Y"
    pd.testing.assert_series_equal(yearly.params_, bgbb.params_)
    with pytest.raises(CRMDataError, match="^t "):  # the horizon is t for every model of the family
        bgbb.predict(load_donations(), -1)
    with pytest.raises(CRMDataError, match="whole number of opportunities"):
        bgbb.predict(load_donations(), 2.5)
    with pytest.raises(CRMDataError, match="^t "):
        bgbb.expected_purchases(float("nan"))


@pytest.mark.parametrize("model_class", CONTINUOUS)
def test_nobody_repeats_or_one_customer_is_refused(model_class):
    nobody = pd.DataFrame({"frequency": [0.0] * 4, "recency": [0.0] * 4, "T": [10.0, 20.0, 30.0, 39.0]})
    with pytest.raises(CRMDataError, match="nobody in summary repeats.*4 customers"):
        model_class().fit(nobody, time_unit="W")
    with pytest.raises(CRMDataError, match="1 customer"):
        model_class().fit(ONE_CUSTOMER, time_unit="W")
    with pytest.raises(CRMDataError, match="1 customer"):  # weights count customers
        model_class().fit(ONE_CUSTOMER.assign(weight=1.0), time_unit="W")


def test_bgbb_nobody_repeats_is_refused():
    nobody = pd.DataFrame({"frequency": [0.0, 0.0], "recency": [0.0, 0.0], "n_periods": [6.0, 6.0],
                           "weight": [300.0, 200.0]})
    with pytest.raises(CRMDataError, match="nobody in summary repeats.*500 customers"):
        BetaGeoBetaBinomModel().fit(nobody)
