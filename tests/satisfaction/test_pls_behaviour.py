"""PLSPathModel: parameter recovery, estimator contract, effects, index scores and bad input."""
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from crm_analysis.datasets import make_survey
from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.satisfaction import PLSPathModel, acsi_model, ecsi_model, ecsi_specification


@pytest.fixture(scope="module")
def big_survey():
    return make_survey(2000, random_state=3, return_truth=True)


@pytest.fixture(scope="module")
def small_survey():
    return make_survey(300, random_state=5)


def test_parameter_recovery_on_make_survey(big_survey):
    """Recover the true standardised paths of make_survey (n = 2000, seed 3).

    PLS composites are weighted sums of error-laden items, so their correlations
    are the latent correlations times sqrt(rel_i rel_j), with rel = k l^2 / (1 + (k-1) l^2)
    the reliability of a k-item composite with loading l = 0.85 (0.89-0.93 here);
    rounding to a 1-10 scale attenuates a little more.  We therefore check
    (a) that PLS reproduces the regression coefficients implied by the
    *attenuated* latent correlations (computed from the drawn latent scores)
    within 0.03, and (b) that it is within 0.10 of the true paths themselves
    (the known "consistency at large" bias of PLS, at most about 0.09 here).
    """
    survey, truth = big_survey
    model = ecsi_model().fit(survey)
    latent = truth.latent.corr()
    reliability = pd.Series({c: len(items) * truth.loadings**2 / (1 + (len(items) - 1) * truth.loadings**2)
                             for c, items in truth.blocks.items()})
    factors = np.sqrt(np.outer(reliability[latent.index], reliability[latent.index]))
    np.fill_diagonal(factors, 1.0 / np.diag(latent.to_numpy()))
    attenuated = latent * factors  # unit diagonal; pandas 3 arrays are read-only, so no in-place write
    for target, sources in truth.paths.items():
        names = list(sources)
        implied = np.linalg.solve(attenuated.loc[names, names], attenuated.loc[names, target])
        for source, expected, true in zip(names, implied, sources.values()):
            estimate = model.path_coefficients_.loc[source, target]
            assert estimate == pytest.approx(expected, abs=0.03), (source, target)
            assert estimate == pytest.approx(true, abs=0.10), (source, target)
    assert model.loadings_.between(0.84, 0.92).all()


def test_estimator_contract(small_survey):
    model = ecsi_model(scheme="centroid")
    with pytest.raises(ValueError, match="not fitted"):
        model.index_scores(small_survey)
    before = small_survey.copy()
    assert model.fit(small_survey) is model
    pd.testing.assert_frame_equal(small_survey, before)
    params = model.get_params()
    assert params["scheme"] == "centroid" and params["scaled"] is True
    twin = clone(model)
    assert not hasattr(twin, "path_coefficients_")
    twin.fit(small_survey)
    pd.testing.assert_frame_equal(twin.path_coefficients_, model.path_coefficients_)
    assert model.scores_.index.equals(small_survey.index)
    # no copy of the training data is kept: no attribute holds a frame with the survey's shape
    for value in vars(model).values():
        if isinstance(value, (pd.DataFrame, np.ndarray)):
            assert getattr(value, "shape", None) != small_survey.shape
    # construct scores are standardised
    assert np.allclose(model.scores_.mean(), 0, atol=1e-10)
    assert np.allclose(model.scores_.std(ddof=1), 1)


def test_effects_decompose_and_match_path_products(small_survey):
    model = ecsi_model().fit(small_survey)
    P = model.path_coefficients_
    effects = model.effects_.set_index(["from", "to"])
    assert np.allclose(effects["direct"] + effects["indirect"], effects["total"])
    # image -> quality has no direct path: its only route is image -> expectations -> quality
    assert effects.loc[("image", "quality"), "direct"] == 0
    assert effects.loc[("image", "quality"), "total"] == pytest.approx(
        P.loc["image", "expectations"] * P.loc["expectations", "quality"])
    # value -> loyalty: value -> satisfaction -> loyalty and value -> satisfaction -> complaints -> loyalty
    expected = P.loc["value", "satisfaction"] * (P.loc["satisfaction", "loyalty"]
                                                 + P.loc["satisfaction", "complaints"] * P.loc["complaints", "loyalty"])
    assert effects.loc[("value", "loyalty"), "total"] == pytest.approx(expected)


def test_r_squared_and_gof_from_their_definitions(small_survey):
    model = ecsi_model().fit(small_survey)
    scores = model.scores_
    X = scores[["image", "expectations", "quality", "value"]].to_numpy()
    y = scores["satisfaction"].to_numpy()
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    assert np.allclose(beta, model.path_coefficients_.loc[["image", "expectations", "quality", "value"],
                                                          "satisfaction"])
    resid = y - X @ beta
    assert model.r_squared_["satisfaction"] == pytest.approx(1 - resid @ resid / (y @ y))
    # loadings are correlations of the items with their construct score
    assert model.loadings_["sat2"] == pytest.approx(np.corrcoef(small_survey["sat2"], scores["satisfaction"])[0, 1])
    communality = (model.loadings_**2).mean()  # every block has more than one item
    assert model.gof_ == pytest.approx(np.sqrt(communality * model.r_squared_.mean()))


def test_index_scores_by_hand(small_survey):
    # a single-item construct's index is 100 (x - low) / (high - low) exactly
    blocks = {"quality": ["qual1", "qual2", "qual3"], "overall": ["sat1"]}
    model = PLSPathModel([("quality", "overall")], blocks).fit(small_survey)
    index = model.index_scores(small_survey, scale=(1, 10))
    assert np.allclose(index["overall"], 100 * (small_survey["sat1"] - 1) / 9)
    # a multi-item index is a weighted average of the items with weights summing to one: within 0-100,
    # and equal to 100 when every item is at the top of the scale
    assert index["quality"].between(-1e-9, 100 + 1e-9).all()
    raw = model.weights_[blocks["quality"]] / small_survey[blocks["quality"]].std()
    by_hand = 100 * (small_survey[blocks["quality"]] @ (raw / raw.sum()) - 1) / 9
    assert np.allclose(index["quality"], by_hand)
    top = small_survey.copy()
    top[["qual1", "qual2", "qual3"]] = 10
    assert np.allclose(model.index_scores(top)["quality"], 100)


def test_non_convergence_warns(small_survey):
    from crm_analysis.exceptions import ConvergenceWarning

    with pytest.warns(ConvergenceWarning, match="did not converge in 1 iterations"):
        ecsi_model(max_iter=1).fit(small_survey)


def test_templates():
    paths, blocks = ecsi_specification(complaints=False)
    assert ("image", "loyalty") in paths and "complaints" not in blocks
    acsi = acsi_model()
    assert "image" not in acsi.blocks and ("satisfaction", "complaints") in acsi.paths
    with pytest.raises(CRMDataError, match="image"):
        ecsi_model(blocks={"satisfaction": ["s1"]})


# ----------------------------------------------------------------------------- bad input
SIMPLE_BLOCKS = {"quality": ["qual1", "qual2", "qual3"], "satisfaction": ["sat1", "sat2", "sat3"]}


def test_missing_column_is_named(small_survey):
    with pytest.raises(CRMDataError, match="qual2"):
        PLSPathModel([("quality", "satisfaction")], SIMPLE_BLOCKS).fit(small_survey.drop(columns="qual2"))


def test_text_answers_are_named(small_survey):
    bad = small_survey.copy()
    bad["sat2"] = bad["sat2"].astype(object)
    bad.loc[7, "sat2"] = "very good"
    with pytest.raises(CRMDataError, match=r"sat2.*\[7\]"):
        PLSPathModel([("quality", "satisfaction")], SIMPLE_BLOCKS).fit(bad)


def test_constant_indicator_is_named(small_survey):
    bad = small_survey.assign(qual3=5)
    with pytest.raises(CRMDataError, match="qual3.*quality.*constant"):
        PLSPathModel([("quality", "satisfaction")], SIMPLE_BLOCKS).fit(bad)


def test_cyclic_paths_are_rejected(small_survey):
    blocks = dict(SIMPLE_BLOCKS, loyalty=["loy1", "loy2"])
    paths = [("quality", "satisfaction"), ("satisfaction", "loyalty"), ("loyalty", "quality")]
    with pytest.raises(CRMDataError, match="cyclic.*recursive"):
        PLSPathModel(paths, blocks).fit(small_survey)


def test_construct_without_indicators(small_survey):
    with pytest.raises(CRMDataError, match="'satisfaction' has no indicators"):
        PLSPathModel([("quality", "satisfaction")], {"quality": ["qual1"], "satisfaction": []}).fit(small_survey)
    with pytest.raises(CRMDataError, match="'loyalty' appears in paths"):
        PLSPathModel([("quality", "loyalty")], SIMPLE_BLOCKS).fit(small_survey)


def test_fewer_rows_than_parameters(small_survey):
    with pytest.raises(CRMDataError, match="6 usable respondents.*7 parameters"):
        PLSPathModel([("quality", "satisfaction")], SIMPLE_BLOCKS).fit(small_survey.iloc[:6])


def test_missing_answers_listwise_and_mean(small_survey):
    holed = small_survey.copy()
    holed.loc[[3, 10], "qual1"] = np.nan
    holed.loc[10, "sat2"] = np.nan
    with pytest.warns(DataExclusionWarning, match=r"2 of 300 respondents excluded.*qual1: 2, sat2: 1"):
        listwise = PLSPathModel([("quality", "satisfaction")], SIMPLE_BLOCKS).fit(holed)
    assert listwise.n_obs_ == 298 and 3 not in listwise.scores_.index
    expected = PLSPathModel([("quality", "satisfaction")], SIMPLE_BLOCKS).fit(small_survey.drop(index=[3, 10]))
    assert np.allclose(listwise.path_coefficients_, expected.path_coefficients_)
    with pytest.warns(DataExclusionWarning, match=r"3 missing answers in 2 of 300 respondents replaced"):
        mean = PLSPathModel([("quality", "satisfaction")], SIMPLE_BLOCKS, missing="mean").fit(holed)
    assert mean.n_obs_ == 300
    filled = holed.fillna({"qual1": holed["qual1"].mean(), "sat2": holed["sat2"].mean()})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        direct = PLSPathModel([("quality", "satisfaction")], SIMPLE_BLOCKS).fit(filled)
    assert np.allclose(mean.path_coefficients_, direct.path_coefficients_)


def test_bootstrap_draws_are_the_resamples_behind_bootstrap():
    survey = make_survey(200, random_state=8).drop(columns="churned")
    model = ecsi_model().fit(survey)
    draws = model.bootstrap_draws(survey, 40, random_state=5)
    table = model.bootstrap(survey, 40, random_state=5)
    i, j = draws["constructs"].index("value"), draws["constructs"].index("satisfaction")
    row = table[(table["kind"] == "path") & (table["from"] == "value") & (table["to"] == "satisfaction")].iloc[0]
    assert draws["paths"].shape == (40, len(draws["constructs"]), len(draws["constructs"]))
    assert row["boot_mean"] == pytest.approx(draws["paths"][:, i, j].mean())
    with pytest.raises(CRMDataError, match="same data"):
        model.bootstrap_draws(survey.iloc[:150], 10)
