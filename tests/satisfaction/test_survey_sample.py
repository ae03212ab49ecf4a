"""Engine computations behind the satisfaction reports, hand-computed: scale scores, churn outcome, complete cases,
pooled churn rates, the priority rule ("no clear priority"), the weakest driver."""
import numpy as np
import pandas as pd
import pytest

from crm_analysis.datasets import make_survey
from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.satisfaction import (NO_CLEAR_PRIORITY, block_means, bootstrap_priorities,
                                       churn_by_satisfaction_level, churn_outcome, complete_responses,
                                       dissatisfaction_gap, ecsi_model, pls_driver_priorities, pooled_churn_rate,
                                       rank_drivers, weakest_driver)


def test_block_means_hand_computed_and_input_unchanged():
    data = pd.DataFrame({"a1": [1, 4, np.nan], "a2": [3, 6, np.nan], "b1": [10, 2, 5]})
    before = data.copy()
    with pytest.warns(DataExclusionWarning, match=r"1 of 3 respondents skipped some items.*a1: 1, a2: 1"):
        means = block_means(data, {"A": ["a1", "a2"], "B": ["b1"]})
    assert means["A"].iloc[:2].tolist() == [2.0, 5.0] and np.isnan(means["A"].iloc[2])
    assert means["B"].tolist() == [10.0, 2.0, 5.0]
    pd.testing.assert_frame_equal(data, before)
    with pytest.raises(CRMDataError, match="a3"):
        block_means(data, {"A": ["a1", "a3"]})


def test_churn_outcome_observed_and_stated():
    data = pd.DataFrame({"churned": [0, 1, 1], "loy1": [5, 6, 10], "bad": [0, 2, 1]})
    observed = churn_outcome(data, "churned")
    assert observed.tolist() == [0, 1, 1] and observed.attrs["source"] == "observed"
    stated = churn_outcome(data, "", intention_item="loy1", scale=(1, 10))  # midpoint 5.5: 5 leaves, 6 stays
    assert stated.tolist() == [1.0, 0.0, 0.0] and stated.attrs == {"source": "stated", "column": "loy1"}
    seven = churn_outcome(pd.DataFrame({"loy1": [4, 5, np.nan]}), "", intention_item="loy1", scale=(1, 7),
                          warn=False)  # midpoint 4: 4 leaves
    assert seven.iloc[:2].tolist() == [1.0, 0.0] and np.isnan(seven.iloc[2])
    with pytest.raises(CRMDataError, match="'bad'.*0/1"):
        churn_outcome(data, "bad")
    with pytest.raises(CRMDataError, match="intention_item"):
        churn_outcome(data, "")
    with pytest.raises(CRMDataError, match="left"):
        churn_outcome(data, "left")


def test_complete_responses_counts_per_block_and_keeps_the_caller_table():
    data = pd.DataFrame({"a1": [1, np.nan, 3, np.nan], "a2": [2, 2, np.nan, np.nan], "b1": [5, 5, 5, np.nan],
                         "note": ["x", "y", "z", "w"]}, index=pd.Index([10, 11, 12, 13], name="respondent"))
    before = data.copy()
    sample = complete_responses(data, {"A": ["a1", "a2"], "B": ["b1"]})
    assert sample.data.index.tolist() == [10] and sample.n_total == 4 and sample.n_used == 1
    assert sample.excluded == {"missing_answers": 3} and sample.n_excluded == 3
    assert sample.missing_by_block.to_dict() == {"A": 3, "B": 1}  # respondent 13 misses answers in both blocks
    assert sample.missing_per_item.to_dict() == {"a1": 2, "a2": 2, "b1": 1}
    pd.testing.assert_frame_equal(data, before)
    with pytest.raises(CRMDataError, match="-99"):  # a code left in is an error, never a dropped respondent
        complete_responses(data.assign(b1=[5, -99, 5, 5]), {"B": ["b1"]})


def _churn_table():
    # very dissatisfied 4 of 5 leave, dissatisfied 3 of 6, neutral 2 of 10, satisfied 1 of 10, very satisfied 0 of 4
    counts = {"very dissatisfied": (5, 4), "dissatisfied": (6, 3), "neutral": (10, 2), "satisfied": (10, 1),
              "very satisfied": (4, 0)}
    levels = [lv for lv, (n, _) in counts.items() for _ in range(n)]
    churned = [int(i < k) for _, (n, k) in counts.items() for i in range(n)]
    order = list(counts)
    return churn_by_satisfaction_level(pd.Series(pd.Categorical(levels, categories=order[::-1], ordered=True)),
                                       pd.Series(churned))


def test_pooled_rates_and_what_dissatisfaction_costs():
    table = _churn_table()
    assert pooled_churn_rate(table, ["very dissatisfied", "dissatisfied"]) == (11, pytest.approx(7 / 11))
    assert pooled_churn_rate(table, ["resigned"])[0] == 0 and np.isnan(pooled_churn_rate(table, ["resigned"])[1])
    gap = dissatisfaction_gap(table)
    assert gap["n_total"] == 35 and gap["n_unhappy"] == 11
    assert gap["unhappy_rate"] == pytest.approx(7 / 11) and gap["happy_rate"] == pytest.approx(1 / 14)
    # at the neutral rate 20 %: 5 x (0.8 - 0.2) + 6 x (0.5 - 0.2) = 4.8
    assert gap["neutral_rate"] == pytest.approx(0.2) and gap["kept"] == pytest.approx(4.8)


def test_no_clear_priority_rule_hand_computed():
    importance = pd.Series({"A": 0.5, "B": 0.3, "C": 0.1})
    performance = pd.Series({"A": 40.0, "B": 60.0, "C": 80.0})
    imp_draws = [[0.5, 0.3, 0.1], [0.6, 0.3, 0.0], [0.45, 0.35, 0.1]]  # means 0.3 each: B's differences 0, 0, 0.05
    perf_draws = [[40, 60, 80], [42, 58, 82], [39, 61, 79]]  # B's differences 0, -2.67, 1.33
    table = bootstrap_priorities(importance, performance, imp_draws, perf_draws)
    # cuts 0.3 and 60: A concentrate here, C possible overkill, B on both lines (keep up) but within the noise
    assert table["quadrant"].to_dict() == {"A": "concentrate here", "B": "keep up the good work",
                                           "C": "possible overkill"}
    assert table["priority"].to_dict() == {"A": "concentrate here", "B": NO_CLEAR_PRIORITY, "C": "possible overkill"}
    assert table["importance_clear"].tolist() == [True, False, True]
    assert table["performance_clear"].tolist() == [True, False, True]
    # percentile interval of A's importance from 3 draws (0.45, 0.5, 0.6): positions 0.05 and 1.95
    assert table.loc["A", "importance_lower"] == pytest.approx(0.45 + 0.05 * 0.05)
    assert table.loc["A", "importance_upper"] == pytest.approx(0.5 + 0.95 * 0.1)
    assert table.attrs["n_bootstrap"] == 3 and table.attrs["importance_cut"] == pytest.approx(0.3)
    assert list(rank_drivers(table, "priority").index) == ["A", "C", "B"]
    # the docstring's two-driver case: importance clear, performance within the noise
    two = bootstrap_priorities(pd.Series({"x": 0.5, "y": 0.1}), pd.Series({"x": 50.0, "y": 51.0}),
                               [[0.5, 0.1], [0.6, 0.2], [0.4, 0.0]], [[50, 51], [52, 50], [49, 52]])
    assert two["importance_clear"].all() and not two["performance_clear"].any()
    assert (two["priority"] == NO_CLEAR_PRIORITY).all()
    with pytest.raises(CRMDataError, match="resamples"):
        bootstrap_priorities(importance, performance, imp_draws, perf_draws[:2])


def test_pls_driver_priorities_seeded_and_consistent():
    survey = make_survey(300, random_state=5)
    model = ecsi_model().fit(survey)
    table = pls_driver_priorities(model, survey, "satisfaction", n_bootstrap=40, random_state=1)
    again = pls_driver_priorities(model, survey, "satisfaction", n_bootstrap=40, random_state=1)
    pd.testing.assert_frame_equal(table, again)  # random_state fixes the resamples
    effects = model.effects_[model.effects_["to"] == "satisfaction"].set_index("from")["total"]
    assert table["importance"].to_dict() == pytest.approx(effects[table.index].to_dict())
    assert (table["importance_lower"] <= table["importance"]).all()
    assert (table["performance_lower"] < table["performance"]).all()
    assert (table["performance"] < table["performance_upper"]).all()
    assert table.attrs["n_bootstrap"] == 40 and table.attrs["n_obs"] == 300
    assert set(table["priority"]) <= {"concentrate here", "keep up the good work", "low priority",
                                      "possible overkill", NO_CLEAR_PRIORITY}


def test_weakest_driver():
    scores = pd.DataFrame({"image": [50, 70, np.nan], "quality": [40, 70, 20], "value": [60, 80, 30]})
    assert weakest_driver(scores.iloc[:2], ["image", "quality", "value"]).tolist() == ["quality", "image"]  # tie: first
    out = weakest_driver(scores, ["image", "quality", "value"])
    assert pd.isna(out.iloc[2])
