"""Customer delivered value: hand-computed scores, weights, ratio, messy input, recovery on the generator."""
import numpy as np
import pandas as pd
import pytest

from crm_analysis.demo_delivered_value import SEGMENT_SHIFTS, make_delivered_value_survey
from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.satisfaction.delivered_value import (COMPONENTS, DELIVERED_VALUE_BLOCKS, DELIVERED_VALUE_ITEMS,
                                                       VALUE_COMPONENTS, component_profile, delivered_value,
                                                       delivered_value_outcomes, delivered_value_template,
                                                       plot_delivered_value_components, plot_value_cost_map)
from crm_analysis.validation import declare_scale


def _survey(rows, ids=("007", "012")):
    frame = pd.DataFrame(rows, columns=DELIVERED_VALUE_ITEMS)
    frame.insert(0, "customer_id", list(ids)[:len(frame)])
    return declare_scale(frame, (1, 5), items=DELIVERED_VALUE_ITEMS)


def test_hand_computed_scores():
    # respondent 007: every value item 5, every cost item 1 -> value 100, cost 0, delivered 100, ratio 5/1 = 5
    # respondent 012: value items 3 (score (3-1)/4*100 = 50), cost items: money 5,5 (100), time 3,3 (50),
    #   energy 1,1 (0), psychic 2,4 (mean 3 -> 50): cost = (100+50+0+50)/4 = 50 -> delivered 0;
    #   raw ratio = 3 / ((5+3+1+3)/4 = 3) = 1
    first = [5] * 8 + [1] * 8
    second = [3] * 8 + [5, 5, 3, 3, 1, 1, 2, 4]
    scores = delivered_value(_survey([first, second]))
    assert list(scores.index) == ["007", "012"]                     # text ids, leading zeros kept
    assert scores.loc["007", ["total_value", "total_cost", "delivered_value", "value_cost_ratio"]].tolist() == \
        [100, 0, 100, 5]
    assert scores.loc["012", "money"] == 100 and scores.loc["012", "psychic"] == 50
    assert scores.loc["012", "total_cost"] == pytest.approx(50)
    assert scores.loc["012", "delivered_value"] == pytest.approx(0)
    assert scores.loc["012", "value_cost_ratio"] == pytest.approx(1)


def test_weights_and_input_unchanged():
    # weights money 3, time 1 (others 0 on the cost side): cost of 012 = (3*100 + 1*50)/4 = 87.5; value weights
    # default equal -> value 50, delivered -37.5
    survey = _survey([[3] * 8 + [5, 5, 3, 3, 1, 1, 2, 4]], ids=("012",))
    before = survey.copy()
    scores = delivered_value(survey, weights={"money": 3, "time": 1, "energy": 0, "psychic": 0})
    assert scores.loc["012", "total_cost"] == pytest.approx(87.5)
    assert scores.loc["012", "delivered_value"] == pytest.approx(-37.5)
    pd.testing.assert_frame_equal(survey, before)
    with pytest.raises(CRMDataError, match="cost weights sum to 0"):
        delivered_value(survey, weights={"money": 0, "time": 0, "energy": 0, "psychic": 0})
    with pytest.raises(CRMDataError, match="unknown component"):
        delivered_value(survey, weights={"price": 1})


def test_ratio_needs_a_scale_above_zero_and_scale_is_required():
    frame = pd.DataFrame([[10] * 8 + [0] * 8], columns=DELIVERED_VALUE_ITEMS)
    scores = delivered_value(frame, scale=(0, 10))
    assert scores["delivered_value"].iloc[0] == 100 and np.isnan(scores["value_cost_ratio"].iloc[0])
    with pytest.raises(CRMDataError, match="rating scale of the survey is unknown"):
        delivered_value(frame)


def test_messy_input():
    rows = [[5] * 8 + [1] * 8, [3] * 16]
    survey = _survey(rows)
    survey.loc[1, ["dv_money1", "dv_money2"]] = np.nan               # a whole component unanswered
    survey.loc[0, "dv_product1"] = np.nan                            # one item missing: the other item counts
    with pytest.warns(DataExclusionWarning, match="1 of 2 respondents"):
        scores = delivered_value(survey)
    assert scores.loc["007", "product"] == 100
    assert np.isnan(scores.loc["012", "delivered_value"]) and scores.loc["012", "total_value"] == 50
    bad = _survey(rows)
    bad.loc[1, "dv_time1"] = 9
    with pytest.raises(CRMDataError, match="dv_time1"):
        delivered_value(bad, scale=(1, 5))
    with pytest.raises(CRMDataError, match="dv_image1"):
        delivered_value(_survey(rows).drop(columns=["dv_image1"]))


def test_profile_and_outcomes_hand_computed():
    scores = pd.DataFrame({c: [60.0, 80.0, 40.0] for c in COMPONENTS}, index=["a", "b", "c"])
    scores["total_value"] = [60.0, 80.0, 40.0]
    scores["total_cost"] = [20.0, 10.0, 30.0]
    scores["delivered_value"] = [40.0, 70.0, 10.0]
    groups = pd.Series({"a": "x", "b": "x", "c": "y", "zz": "y"}, name="segment")
    profile = component_profile(scores, groups)
    # group x: mean delivered value (40+70)/2 = 55, sd 21.21, half-width 1.96*21.21/sqrt(2) = 29.4
    assert profile.loc["x", "respondents"] == 2 and profile.loc["x", "delivered_value"] == 55
    assert profile.loc["x", "dv_ci_upper"] - 55 == pytest.approx(1.959964 * np.std([40, 70], ddof=1) / np.sqrt(2))
    assert profile.loc["all", "respondents"] == 3 and profile.loc["all", "delivered_value"] == 40
    outcomes = pd.DataFrame({"sat": [5.0, 7.0, 3.0, 6.0, 4.0]}, index=["a", "b", "c", "d", "e"])
    scores4 = pd.concat([scores, scores.rename(index={"a": "d", "b": "e", "c": "f"})])
    table = delivered_value_outcomes(scores4, outcomes)
    # pairs (dv, sat): a (40,5) b (70,7) c (10,3) d (40,6) e (70,4): n = 5
    assert table.loc[("delivered_value", "sat"), "n"] == 5
    expected = np.corrcoef([40, 70, 10, 40, 70], [5, 7, 3, 6, 4])[0, 1]
    assert table.loc[("delivered_value", "sat"), "correlation"] == pytest.approx(expected)
    assert table.loc[("delivered_value", "sat"), "ci_lower"] < expected < table.loc[("delivered_value", "sat"),
                                                                                     "ci_upper"]


def test_template():
    template = delivered_value_template({"dv_product1": "The products meet my needs"}, scale=(1, 7))
    assert list(template.index) == DELIVERED_VALUE_ITEMS
    assert template.loc["dv_product1", "question"] == "The products meet my needs"
    assert template.loc["dv_money2", "side"] == "cost" and template.loc["dv_image1", "side"] == "value"
    assert set(template["scale_max"]) == {7}


def test_recovery_on_the_generator():
    rng = np.random.default_rng(3)
    ids = [f"{i:06d}" for i in range(3000)]
    segments = pd.Series(rng.choice(list(SEGMENT_SHIFTS), len(ids)), index=ids, name="segment")
    survey, truth = make_delivered_value_survey(customer_ids=ids, segments=segments, random_state=11,
                                                return_truth=True)
    assert survey.equals(make_delivered_value_survey(customer_ids=ids, segments=segments, random_state=11))
    scores = delivered_value(survey)
    assert np.corrcoef(scores["delivered_value"], truth.delivered_value)[0, 1] > 0.85
    assert abs((scores["delivered_value"] - truth.delivered_value).mean()) < 2      # points of 0-100
    profile = component_profile(scores, segments)
    # planted: restaurants' time cost +15 points, offices' personnel +10 against the other segments
    others = profile.drop(index=["restaurant", "all"])["time"].mean()
    assert profile.loc["restaurant", "time"] - others == pytest.approx(15, abs=3)
    assert profile.loc["office", "personnel"] - profile.drop(index=["office", "all"])["personnel"].mean() == \
        pytest.approx(10, abs=3)


def test_generator_links_satisfaction():
    survey = make_delivered_value_survey(600, random_state=5)
    scores = delivered_value(survey)
    table = delivered_value_outcomes(scores, survey.set_index("customer_id")[["overall_satisfaction"]])
    assert table.loc[("delivered_value", "overall_satisfaction"), "ci_lower"] > 0.3
    assert table.loc[("total_cost", "overall_satisfaction"), "ci_upper"] < 0
    given = pd.Series(np.arange(200.0), index=[f"C{i}" for i in range(200)])
    linked, truth = make_delivered_value_survey(customer_ids=given.index, satisfaction=given, random_state=1,
                                                return_truth=True)
    assert "overall_satisfaction" not in linked
    assert np.corrcoef(delivered_value(linked)["delivered_value"], given)[0, 1] > 0.4


def test_plots():
    import matplotlib.pyplot as plt

    survey = make_delivered_value_survey(100, random_state=2)
    scores = delivered_value(survey)
    ax = plot_delivered_value_components(component_profile(scores))
    assert ax.get_xlabel() and len(ax.get_yticklabels()) == len(COMPONENTS)
    ax2 = plot_value_cost_map(scores)
    assert ax2.get_xlabel() == "Total customer cost (0-100)"
    plt.close("all")


def test_repeated_customer_keeps_the_latest_response():
    survey = _survey([[5] * 8 + [1] * 8, [3] * 16], ids=("007", "007"))
    survey["date"] = pd.to_datetime(["2025-05-01", "2024-01-01"])   # the first row is the later one
    with pytest.warns(DataExclusionWarning, match="1 of 2 responses left out"):
        scores = delivered_value(survey)
    assert list(scores.index) == ["007"] and scores.loc["007", "delivered_value"] == 100


def test_plots_in_chinese_have_every_text_catalogued():
    import matplotlib.pyplot as plt

    from crm_analysis.present import localize

    survey = make_delivered_value_survey(120, random_state=2)
    scores = delivered_value(survey)
    groups = pd.Series(np.where(np.arange(len(scores)) % 2, "restaurant", "office"), index=scores.index)
    localize(plot_delivered_value_components(component_profile(scores, groups)), "zh", strict=True)
    colours = pd.Series(np.where(np.arange(len(scores)) % 3, "stayed", "left"), index=scores.index)
    localize(plot_value_cost_map(scores, color_by=colours), "zh", strict=True)
    plt.close("all")
