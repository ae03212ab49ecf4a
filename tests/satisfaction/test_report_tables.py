"""Report helpers of the satisfaction notebooks: hand-computed tables and texts, file loading, bad input."""
import numpy as np
import pandas as pd
import pytest

from crm_analysis.datasets import make_survey
from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.provenance import recorded_inputs
from crm_analysis.reports import kpi_table
from crm_analysis.satisfaction import churn_by_satisfaction_level, ecsi_model, importance_performance
from crm_analysis.satisfaction.report_tables import (block_means, churn_level_table, churn_outcome,
                                                     construct_label, driver_table, load_survey, priority_text,
                                                     satisfaction_headline, satisfaction_kpis)


@pytest.fixture(scope="module")
def survey():
    return make_survey(200, random_state=3)


@pytest.fixture(scope="module")
def ipma():
    # importance cut = mean 0.3, performance cut = mean 60
    return importance_performance(pd.Series({"quality": 0.5, "value": 0.4, "image": 0.1, "expectations": 0.2}),
                                  pd.Series({"quality": 50.0, "value": 70.0, "image": 55.0, "expectations": 65.0}))


def test_load_survey_synthetic_and_file(tmp_path, survey):
    pd.testing.assert_frame_equal(load_survey("", n_respondents=200, random_state=3), survey)
    path = tmp_path / "my_survey.csv"
    survey.reset_index().to_csv(path, index=False)
    loaded = load_survey(str(path))
    assert loaded.shape == (200, survey.shape[1] + 1)
    assert str(path.resolve()) in recorded_inputs()  # the provenance footer will list the file


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
    with pytest.raises(CRMDataError, match="'bad'.*0/1"):
        churn_outcome(data, "bad")
    with pytest.raises(CRMDataError, match="intention_item"):
        churn_outcome(data, "")
    with pytest.raises(CRMDataError, match="left"):
        churn_outcome(data, "left")


def test_satisfaction_kpis(survey):
    model = ecsi_model().fit(survey)
    index = model.index_scores(survey).mean()
    data = survey.assign(recommend=[10, 9, 8, 7, 0] * 40)  # promoters 40 %, detractors 20 %: NPS 20
    kpis = satisfaction_kpis(model, data, churned=churn_outcome(survey), recommend_item="recommend")
    assert kpis["respondents"] == 200
    assert kpis["satisfaction_index"] == f"{index['satisfaction']:.1f}"
    assert kpis["loyalty_index"] == f"{index['loyalty']:.1f}"
    # se = sqrt((0.4 + 0.2 - 0.2**2) / 200) = 0.0529; 20 -+ 1.96 x 5.29 = 9.6 to 30.4
    assert kpis["nps"] == "20 (95% CI 10 to 30)"
    assert kpis["churn_rate"] == f"{100 * survey['churned'].mean():.1f} %"
    without = satisfaction_kpis(model, survey)
    assert set(without) == {"respondents", "satisfaction_index", "loyalty_index"}  # no NPS item: no NPS
    assert kpi_table(kpis, "zh").index[0] == "受访者"


def test_driver_table_and_priorities(ipma):
    table = driver_table(ipma)
    # quality: important, below-average performance -> first; image/expectations unimportant
    assert list(table.index) == ["perceived quality", "perceived value", "image", "expectations"]
    assert list(table["Action"]) == ["improve first", "keep up", "low priority", "possible overkill"]
    assert table["Importance (total effect)"].tolist() == [0.5, 0.4, 0.1, 0.2]
    zh = driver_table(ipma, "zh")
    assert zh.index[0] == "感知质量" and zh.iloc[0, -1] == "优先改进"
    lines = priority_text(ipma).splitlines()
    assert lines[0] == "- **Improve perceived quality first**: above-average importance (0.50), below-average " \
                       "performance (50/100)."
    assert lines[-1].startswith("- expectations: above-average performance (65/100)")
    assert priority_text(ipma, "zh").startswith("- **优先改进感知质量**")
    assert construct_label("my_construct", "zh") == "my_construct"


def _churn_table():
    # very dissatisfied 4 of 5 leave, dissatisfied 3 of 6, neutral 2 of 10, satisfied 1 of 10, very satisfied 0 of 4
    counts = {"very dissatisfied": (5, 4), "dissatisfied": (6, 3), "neutral": (10, 2), "satisfied": (10, 1),
              "very satisfied": (4, 0)}
    levels = [lv for lv, (n, _) in counts.items() for _ in range(n)]
    churned = [int(i < k) for _, (n, k) in counts.items() for i in range(n)]
    order = list(counts)
    return churn_by_satisfaction_level(pd.Series(pd.Categorical(levels, categories=order[::-1], ordered=True)),
                                       pd.Series(churned))


def test_churn_level_table():
    table = churn_level_table(_churn_table())
    assert list(table.index) == ["very dissatisfied", "dissatisfied", "neutral", "satisfied", "very satisfied"]
    assert table["Churn rate"].tolist() == ["80 %", "50 %", "20 %", "10 %", "0 %"]
    assert table["Textbook rate (claim C1)"].tolist() == ["80.0 %", "", "30.0 %", "10.0 %", "1.5 %"]
    assert churn_level_table(_churn_table(), "zh").index[0] == "非常不满意"
    assert "Stated intention to leave" in churn_level_table(_churn_table(), stated=True, claim=False).columns


def test_headline_hand_computed(ipma):
    text = satisfaction_headline(pd.Series({"satisfaction": 61.4, "loyalty": 58.6}), 35, ipma, "satisfaction",
                                 _churn_table())
    assert "**Satisfaction index 61/100, loyalty index 59/100** (35 respondents)." in text
    assert "**Act on perceived quality**" in text
    # 11 unhappy respondents, 7 left (64 %); satisfied + very satisfied: 1 of 14 (7 %)
    assert "11 of 35 respondents (31.4 %)" in text and "is 64 % against 7 %" in text
    # at the neutral rate 20 %: 5 x (0.8 - 0.2) + 6 x (0.5 - 0.2) = 4.8 -> about 5 stay
    assert "neutral customers (20 %), about 5 of them would stay" in text
    calm = importance_performance(pd.Series({"quality": 0.5, "value": 0.1}), pd.Series({"quality": 80.0, "value": 50.0}))
    text = satisfaction_headline(pd.Series({"satisfaction": 61.4, "loyalty": 58.6}), 35, calm, "loyalty", lang="zh")
    assert "没有一个既重要又表现低于平均水平" in text and "感知质量" in text and "行动对象" not in text


def test_churn_plot_accepts_a_level_without_churn():
    """Regression: the Wilson lower bound of a 0 % level is 2.8e-17, which made the error bar negative."""
    from crm_analysis.satisfaction import plot_churn_by_level, plot_satisfaction_zones, satisfaction_zones

    levels = pd.Series(pd.Categorical(["neutral"] * 10 + ["very satisfied"] * 12,
                                      categories=["very satisfied", "neutral"], ordered=True))
    table = churn_by_satisfaction_level(levels, pd.Series([1] * 3 + [0] * 19))
    assert table.loc["very satisfied", "churn_rate"] == 0 < table.loc["very satisfied", "ci_lower"]
    ax = plot_churn_by_level(table)
    assert ax.get_title() == "Churn by satisfaction level" and ax.get_ylabel() == "Churn rate (%)"
    zones = satisfaction_zones(pd.Series([1, 1, 1, 5, 5, 5, 10, 10, 10]), pd.Series([0, 0, 0, 0, 1, 1, 1, 1, 1]),
                               scale=(1, 10))
    assert plot_satisfaction_zones(zones).get_xlabel() == "Satisfaction (rating points)"
