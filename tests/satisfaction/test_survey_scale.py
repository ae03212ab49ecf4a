"""The declared rating scale travels with the survey; every path checks answers against it; missing codes.

The issue's failure: "-99 'no answer' codes were averaged as answers (Cronbach's alpha 0.89 became 0.43);
answers on 0-10 gave negative '0-100' indices".  Each test builds its own messy survey.
"""
import warnings

import numpy as np
import pandas as pd
import pytest

from crm_analysis.datasets import make_survey
from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.satisfaction import (PLSPathModel, SatisfactionLoyaltyModel, compare_functional_forms,
                                       cronbach_alpha, derived_importance, ecsi_model, htmt, net_promoter_score,
                                       penalty_reward_analysis, pls_importance_performance, reverse_code,
                                       satisfaction_levels, satisfaction_zones, top_box_effect, top_box_share)
from crm_analysis.io import read_survey
from crm_analysis.satisfaction import block_means, churn_outcome
from crm_analysis.validation import declare_scale, survey_scale

SIMPLE_BLOCKS = {"quality": ["qual1", "qual2", "qual3"], "satisfaction": ["sat1", "sat2", "sat3"]}
SIMPLE_PATHS = [("quality", "satisfaction")]


def _coded_block():
    """The 3 x 3 block of test_cronbach_alpha_by_hand (alpha = 36/37) plus a fourth respondent who skipped item2 (-99).

    Listwise deletion keeps respondents 0-2, so the alpha of the declared survey must be exactly 36/37.
    """
    return pd.DataFrame({"item1": [1, 2, 4, 5], "item2": [2, 3, 4, -99], "item3": [3, 4, 5, 2]},
                        index=pd.Index([10, 11, 12, 13], name="respondent"))


# ----------------------------------------------------------------------------- declaring the scale
def test_codes_without_missing_codes_are_an_error_naming_rows_and_the_option():
    data = _coded_block()
    with pytest.raises(CRMDataError) as error:
        declare_scale(data, (1, 5))
    message = str(error.value)
    assert "'item2'" in message and "[-99]" in message and "rows [13]" in message
    assert "missing_codes=(-99,)" in message
    # every path refuses the code too, not only the import: with no scale declared, -99 looks like a code
    for call in (lambda: cronbach_alpha(data), lambda: htmt(data, {"a": ["item1", "item2"], "b": ["item3"]}),
                 lambda: derived_importance(data, ["item1", "item2"], "item3")):
        with pytest.raises(CRMDataError, match=r"missing_codes=\(-99,\).*|rows \[13\]"):
            call()


def test_declared_codes_become_missing_and_alpha_is_the_complete_case_alpha():
    data = _coded_block()
    before = data.copy()
    with pytest.warns(DataExclusionWarning, match=r"1 answers coded as missing .*item2: 1"):
        survey = declare_scale(data, (1, 5), missing_codes=(-99,))
    pd.testing.assert_frame_equal(data, before)  # the caller's table is untouched
    assert survey.attrs["scale"] == (1, 5) and survey.attrs["missing_codes"] == (-99,)
    assert survey.attrs["items"] == ["item1", "item2", "item3"]
    assert np.isnan(survey.loc[13, "item2"]) and survey.loc[13, "item1"] == 5
    assert survey["item2"].attrs["scale"] == (1, 5)  # a column taken from the survey carries the scale
    with pytest.warns(DataExclusionWarning, match=r"1 of 4 respondents excluded .*3 used; missing per item: item2: 1"):
        alpha = cronbach_alpha(survey)
    assert alpha == pytest.approx(36 / 37)


def test_simulated_scale_alpha_is_recovered_not_wrecked_by_codes():
    """Four 1-5 items of one factor (loading 0.85), 800 respondents, 4 % of answers coded -99."""
    rng = np.random.default_rng(2024)
    n = 800
    factor = rng.standard_normal(n)
    clean = pd.DataFrame({f"q{i}": np.clip(np.round(3 + 1.02 * factor + 0.63 * rng.standard_normal(n)), 1, 5)
                          for i in range(1, 5)})
    coded_mask = rng.uniform(size=clean.shape) < 0.04
    exported = clean.mask(coded_mask, -99.0)
    cov = exported.cov().to_numpy()
    naive = 4 / 3 * (1 - np.trace(cov) / cov.sum())  # what averaging -99 as an answer gives
    assert naive < 0.5
    with pytest.warns(DataExclusionWarning):
        survey = declare_scale(exported, (1, 5), missing_codes=[-99])
    with pytest.warns(DataExclusionWarning, match=r"respondents excluded for missing answers"):
        alpha = cronbach_alpha(survey)
    complete = clean[~coded_mask.any(axis=1)]
    cov = complete.cov().to_numpy()
    assert alpha == pytest.approx(4 / 3 * (1 - np.trace(cov) / cov.sum()))
    assert 0.87 < alpha < 0.92


def test_text_codes_and_codes_inside_the_scale():
    data = pd.DataFrame({"q1": ["1", "n/a", "5"], "q2": [2, 3, 4]})
    with pytest.warns(DataExclusionWarning, match="q1: 1"):
        survey = declare_scale(data, (1, 5), items=["q1", "q2"], missing_codes=("n/a",))
    assert survey["q1"].isna().tolist() == [False, True, False]
    with pytest.raises(CRMDataError, match="missing code 0 lies inside the scale 0-10"):
        declare_scale(data, (0, 10), items=["q2"], missing_codes=(0,))
    with pytest.raises(CRMDataError, match="'q1'.*non-numeric.*n/a"):
        declare_scale(data, (1, 5), items=["q1"])
    with pytest.raises(CRMDataError, match="low < high"):
        declare_scale(data, (5, 1), items=["q2"])


def test_a_0_1_outcome_is_not_taken_for_a_missing_code():
    data = pd.DataFrame({"q1": [1, 2, 3], "churned": [0, 1, 0]})
    with pytest.raises(CRMDataError, match=r"'churned'.*items=\[") as error:
        declare_scale(data, (1, 5))
    assert "missing_codes" not in str(error.value)
    assert declare_scale(data, (1, 5), items=["q1"]).attrs["items"] == ["q1"]


def test_survey_scale_explicit_recorded_and_unknown():
    survey = declare_scale(pd.DataFrame({"q1": [1, 5], "nps": [0, 10]}), (1, 5), items=["q1"])
    assert survey_scale(survey) == (1, 5) and survey_scale(survey, (1, 5)) == (1, 5)
    with pytest.raises(CRMDataError, match=r"scale=\(1, 10\) contradicts the scale 1-5 declared"):
        survey_scale(survey, (1, 10))
    assert survey_scale(survey["nps"], required=False) is None  # the declared scale covers only q1
    assert survey_scale(survey["nps"], (0, 10)) == (0, 10)
    with pytest.raises(CRMDataError, match=r"rating scale of the survey is unknown \(the answers here range from 0 "
                                           r"to 10\).*declare_scale"):
        survey_scale(pd.DataFrame({"q": [0, 10]}))


# ----------------------------------------------------------------------------- 0-10 answers and the index
@pytest.fixture(scope="module")
def zero_to_ten():
    """make_survey's 1-10 answers moved to 0-9: a 0-10 survey (the bug: scored as 1-10 it gave negative indices)."""
    survey = make_survey(300, random_state=5)
    items = [i for cols in SIMPLE_BLOCKS.values() for i in cols]
    answers = survey[items] - 1
    answers.attrs = {}
    return answers


def test_zero_to_ten_answers_declared_0_10_give_indices_in_0_100(zero_to_ten):
    survey = declare_scale(zero_to_ten, (0, 10))
    model = PLSPathModel(SIMPLE_PATHS, SIMPLE_BLOCKS).fit(survey)
    assert model.scale_ == (0, 10)
    index = model.index_scores(survey)
    assert ((index >= 0) & (index <= 100)).all().all()
    # hand check: the weights sum to one, so answering 0 everywhere is 0 and 10 everywhere is 100
    extremes = survey.iloc[:2].copy()
    extremes.iloc[0] = 0
    extremes.iloc[1] = 10
    assert np.allclose(model.index_scores(extremes).to_numpy(), [[0, 0], [100, 100]])
    # the same answers scored on 1-10 are refused, naming the rows with a 0
    with pytest.raises(CRMDataError, match=r"scale=\(1, 10\) contradicts the scale 0-10"):
        model.index_scores(survey, scale=(1, 10))
    with pytest.raises(CRMDataError, match=r"outside the rating scale 1-10 in column 'qual1' \(values \[0\], rows"):
        declare_scale(zero_to_ten, (1, 10))
    plain = PLSPathModel(SIMPLE_PATHS, SIMPLE_BLOCKS).fit(zero_to_ten)  # no scale known: fitting is scale-free
    assert plain.scale_ is None
    first_zero = zero_to_ten.index[(zero_to_ten["qual1"] == 0).to_numpy()][0]
    with pytest.raises(CRMDataError, match=rf"outside the rating scale 1-10 in column 'qual1' .*rows \[{first_zero}"):
        plain.index_scores(zero_to_ten, scale=(1, 10))
    with pytest.raises(CRMDataError, match="index_scores needs the rating scale"):
        plain.index_scores(zero_to_ten)
    assert np.allclose(plain.index_scores(zero_to_ten, scale=(0, 10)), index)
    with pytest.raises(CRMDataError, match=r"outside the rating scale 1-10"):
        PLSPathModel(SIMPLE_PATHS, SIMPLE_BLOCKS).fit(zero_to_ten, scale=(1, 10))
    with pytest.raises(CRMDataError, match=r"differs from the scale 0-10 of the answers the model was fitted on"):
        model.index_scores(zero_to_ten, scale=(1, 10))


def test_pls_paths_with_missing_codes():
    survey = make_survey(300, random_state=8)[[i for cols in SIMPLE_BLOCKS.values() for i in cols]]
    exported = survey.copy()
    exported.loc[[3, 40], "qual2"] = -99
    exported.loc[77, "sat1"] = 99
    exported.attrs = {}
    with pytest.raises(CRMDataError, match=r"missing_codes=\(-99, 99\)"):
        PLSPathModel(SIMPLE_PATHS, SIMPLE_BLOCKS).fit(exported)
    with pytest.warns(DataExclusionWarning):
        declared = declare_scale(exported, (1, 10), missing_codes=(-99, 99))
    with pytest.warns(DataExclusionWarning, match=r"3 of 300 respondents excluded .*297 used; missing per item: "
                                                   r"qual2: 2, sat1: 1"):
        model = PLSPathModel(SIMPLE_PATHS, SIMPLE_BLOCKS).fit(declared)
    assert model.n_obs_ == 297 and model.missing_answers_["qual2"] == 2 and model.missing_answers_.sum() == 3
    with pytest.warns(DataExclusionWarning, match=r"3 missing answers in 3 of 300 respondents replaced by item means "
                                                   r"\(mean imputation; missing per item: qual2: 2, sat1: 1\)"):
        imputed = PLSPathModel(SIMPLE_PATHS, SIMPLE_BLOCKS, missing="mean").fit(declared)
    assert imputed.n_obs_ == 300
    with pytest.warns(DataExclusionWarning):
        boot = model.bootstrap(declared, n=20, random_state=1)
    assert len(boot) > 0
    # a code sneaked back into a declared survey is caught in the path, not only at import
    sneaked = declared.copy()
    sneaked.loc[5, "sat2"] = -99
    with pytest.raises(CRMDataError, match=r"outside the rating scale 1-10 in column 'sat2' \(values \[-99\], rows \[5\]"):
        PLSPathModel(SIMPLE_PATHS, SIMPLE_BLOCKS).fit(sneaked)


# ----------------------------------------------------------------------------- the other paths
def test_scales_functions_use_and_check_the_declared_scale():
    survey = declare_scale(pd.DataFrame({"sat": [1, 2, 5, 4, 5], "rude": [5, 4, 1, 2, np.nan]}), (1, 5))
    assert reverse_code(survey, ["rude"])["rude"].tolist()[:4] == [1, 2, 5, 4]  # 1 + 5 - x on the declared scale
    levels = satisfaction_levels(survey["sat"])  # 1-5: one band per point
    assert levels["level"].astype(str).tolist() == ["very dissatisfied", "dissatisfied", "very satisfied",
                                                    "satisfied", "very satisfied"]
    table = top_box_share(survey, ["sat", "rude"])
    assert table.loc["rude", "n"] == 4 and table.loc["rude", "missing"] == 1
    assert table.loc["sat", "top_box"] == pytest.approx(2 / 5)
    with pytest.raises(CRMDataError, match="unknown"):
        satisfaction_levels(pd.Series([1, 2, 3]))
    with pytest.raises(CRMDataError, match="unknown"):
        top_box_share(pd.DataFrame({"sat": [1, 2]}))
    with pytest.raises(CRMDataError, match="contradicts"):
        satisfaction_levels(survey["sat"], scale=(1, 10))
    with pytest.raises(CRMDataError, match="NPS needs a 0-10"):
        net_promoter_score(survey["sat"])
    with pytest.warns(DataExclusionWarning, match="1 of 3 respondents without an answer"):
        assert net_promoter_score(pd.Series([10, np.nan, 0]))["n"] == 2


def test_regression_and_effects_refuse_codes_and_count_missing_answers():
    rng = np.random.default_rng(3)
    n = 200
    sat = rng.integers(1, 11, n).astype(float)
    data = pd.DataFrame({"sat": sat, "value": rng.integers(1, 11, n).astype(float),
                         "loyalty": np.clip(np.round(0.7 * sat + rng.normal(0, 1.5, n)), 1, 10)})
    coded = data.copy()
    coded.loc[[4, 9], "value"] = -99
    with pytest.raises(CRMDataError, match=r"'value' \(values \[-99\], rows \[4, 9\]"):
        SatisfactionLoyaltyModel().fit(coded[["sat", "value"]], coded["loyalty"])
    with pytest.raises(CRMDataError, match=r"missing_codes=\(-99,\)"):
        compare_functional_forms(coded["value"], coded["loyalty"])
    with pytest.warns(DataExclusionWarning):
        survey = declare_scale(coded, (1, 10), missing_codes=[-99])
    with pytest.warns(DataExclusionWarning, match=r"2 of 200 respondents excluded .*198 used; missing per column: "
                                                   r"value: 2; rows \[4, 9\]"):
        model = SatisfactionLoyaltyModel().fit(survey[["sat", "value"]], survey["loyalty"])
    assert model.n_obs_ == 198
    with pytest.warns(DataExclusionWarning, match=r"2 of 200 respondents excluded .*missing satisfaction: 2"):
        table = compare_functional_forms(survey["value"], survey["loyalty"])
    assert table.attrs["n_obs"] == 198
    zones = satisfaction_zones(survey["sat"], survey["loyalty"])  # the declared 1-10 scale: no scale= needed
    assert zones.loc[[9.0, 10.0], "zone"].eq("affection").all()
    with pytest.warns(DataExclusionWarning, match=r"2 of 200 respondents excluded .*value: 2"):
        prca = penalty_reward_analysis(survey, ["sat", "value"], "loyalty")
    assert prca.attrs["n_obs"] == 198
    with pytest.raises(CRMDataError, match="unknown"):
        penalty_reward_analysis(data, ["sat", "value"], "loyalty")


def test_survey_helpers_carry_and_check_the_scale(tmp_path):
    survey = make_survey(200, random_state=3)
    assert survey.attrs["scale"] == (1, 10)
    with pytest.raises(CRMDataError, match="contradicts"):
        survey_scale(make_survey(50, random_state=1), (1, 5))
    holed = survey.copy()
    holed.loc[[1, 2], "sat1"] = np.nan
    with pytest.warns(DataExclusionWarning, match=r"2 of 200 respondents skipped some items.*sat1: 2"):
        means = block_means(holed, {"satisfaction": ["sat1", "sat2"], "loyalty": ["loy1"]})
    assert means.attrs["scale"] == (1, 10) and means.loc[1, "satisfaction"] == holed.loc[1, "sat2"]
    undeclared = survey.copy()
    undeclared.attrs = {}
    with pytest.raises(CRMDataError, match="unknown"):
        churn_outcome(undeclared, "", intention_item="loy1")
    stated = churn_outcome(survey, "", intention_item="loy1")  # the declared 1-10 scale
    assert stated.tolist() == (survey["loy1"] <= 5.5).astype(float).tolist()
    model = ecsi_model().fit(survey)
    assert model.scale_ == (1, 10)
    ipma = pls_importance_performance(model, survey, "loyalty")
    assert ((ipma["performance"] > 0) & (ipma["performance"] < 100)).all()


def test_read_survey_file_with_missing_codes(tmp_path):
    survey = make_survey(60, random_state=2)
    exported = survey.reset_index()
    exported.loc[[0, 7], "sat2"] = -99
    exported.loc[3, "loy1"] = 99
    path = tmp_path / "export.csv"
    exported.to_csv(path, index=False)
    blocks = {"satisfaction": ["sat1", "sat2", "sat3", "sat4"], "loyalty": ["loy1", "loy2", "loy3", "loy4"]}
    with pytest.raises(CRMDataError, match=r"-99"):
        read_survey(str(path), scale=(1, 10), items=blocks["satisfaction"] + blocks["loyalty"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = read_survey(str(path), scale=(1, 10), missing_codes=[-99, 99],
                             items=blocks["satisfaction"] + blocks["loyalty"])
    assert any(issubclass(w.category, DataExclusionWarning) for w in caught)
    assert loaded.attrs["scale"] == (1, 10)
    assert int(loaded["sat2"].isna().sum()) == 2 and int(loaded["loy1"].isna().sum()) == 1
    with pytest.warns(DataExclusionWarning, match=r"3 of 60 respondents excluded"):
        alpha = cronbach_alpha(loaded, blocks["satisfaction"] + blocks["loyalty"])
    complete = survey[blocks["satisfaction"] + blocks["loyalty"]].drop(index=[1, 8, 4])  # rows 0, 7, 3 of the file
    cov = complete.cov().to_numpy()
    assert alpha == pytest.approx(8 / 7 * (1 - np.trace(cov) / cov.sum()))


def test_top_box_effect_on_levels_leaves_out_missing_ratings():
    """Levels on 1-10: 9-10 very satisfied (repurchase 3 of 4), 7-8 satisfied (1 of 4): ratio 3, as by the ratings."""
    ratings = pd.Series([10, 10, 9, 9, 8, 8, 7, 7, np.nan, 1])
    repurchase = pd.Series([1, 1, 1, 0, 1, 0, 0, 0, 1, 0])
    levels = satisfaction_levels(ratings, scale=(1, 10))["level"]
    with pytest.warns(DataExclusionWarning, match=r"1 of 10 respondents excluded .*missing satisfaction: 1"):
        effect = top_box_effect(levels, repurchase, top="very satisfied", next_box="satisfied")
    assert effect["ratio"] == pytest.approx(3.0) and effect["n_top"] == 4 and effect["n_next"] == 4
    by_rating = top_box_effect(ratings.iloc[:8], repurchase.iloc[:8], top=[9, 10], next_box=[7, 8])
    assert effect["ci_upper"] == pytest.approx(by_rating["ci_upper"])
    # categorical codes (-1 for a missing level) are no longer needed, and would be refused as a code
    with pytest.raises(CRMDataError, match=r"missing-answer codes.*\[-1\]"):
        top_box_effect(levels.cat.codes, repurchase, top=0, next_box=1)


def test_unknown_repurchase_is_not_pseudo_loyalty():
    """A missing repurchase flag used to read as True (NaN -> bool), making a dissatisfied respondent 'resigned'."""
    ratings = pd.Series([1, 2, 9], index=list("abc"))
    with pytest.warns(DataExclusionWarning, match=r"1 dissatisfied respondents without repurchase information.*\['b'\]"):
        table = satisfaction_levels(ratings, scale=(1, 10), repurchased=pd.Series([1, np.nan, 1], index=list("abc")))
    assert table["level"].astype(str).tolist() == ["resigned", "very dissatisfied", "very satisfied"]
    assert table["pseudo_loyal"].tolist() == [True, False, False]
    with pytest.raises(CRMDataError, match=r"repurchased must be 0/1.*\['c'\]"):
        satisfaction_levels(ratings, scale=(1, 10), repurchased=pd.Series([1, 0, 2], index=list("abc")))
