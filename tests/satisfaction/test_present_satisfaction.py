"""Tables and sentences of the satisfaction pages from hand-made numbers (crm_analysis.present.satisfaction)."""
from types import SimpleNamespace

import pandas as pd

from crm_analysis.present import satisfaction as ps
from crm_analysis.present.figures import figure_texts
from crm_analysis.satisfaction import bootstrap_priorities

from .test_survey_sample import _churn_table


def _study(**extra):
    drivers = bootstrap_priorities(pd.Series({"quality": 0.5, "value": 0.3, "image": 0.1}),
                                   pd.Series({"quality": 40.0, "value": 60.0, "image": 80.0}),
                                   [[0.5, 0.3, 0.1], [0.6, 0.3, 0.0], [0.45, 0.35, 0.1]],
                                   [[40, 60, 80], [42, 58, 82], [39, 61, 79]])
    base = dict(drivers=drivers, target="satisfaction", n=35, by_level=_churn_table(), stated=False,
                index=pd.DataFrame({"satisfaction": [61.4] * 35, "loyalty": [58.6] * 35}), nps=None, scale=(1, 10),
                loyalty_item="loy1")
    base.update(extra)
    return SimpleNamespace(**base)


def test_driver_table_and_priorities_from_the_same_numbers():
    study = _study()
    table = ps.driver_table(study)
    assert list(table.index) == ["perceived quality", "image", "perceived value"]  # urgent first, unclear last
    assert table["Priority"].tolist() == ["improve first", "possible overkill", "no clear priority"]
    assert table["Importance (total effect)"].tolist() == ["0.50", "0.10", "0.30"]
    assert table["Importance, 95% interval"].iloc[0] == "0.45–0.59"  # 0.4525 and 0.595
    lines = ps.priority_text(study).data.splitlines()
    assert lines[0].startswith("- **Improve perceived quality first**: importance 0.50 (0.45–0.59) is clearly above "
                               "the drivers' average 0.30, performance 40/100")
    assert lines[2].startswith("- Perceived value: **no clear priority**: its importance and performance cannot")
    zh = ps.driver_table(study, "zh")
    assert zh.index[0] == "感知质量" and zh.iloc[0, -1] == "优先改进" and zh.iloc[2, -1] == "无明确优先级"
    assert ps.construct_label("staff", "zh") == "staff"


def test_headline_hand_computed():
    text = ps.satisfaction_headline(_study()).data
    assert "**Satisfaction index 61/100, loyalty index 59/100** (35 respondents)." in text
    assert "**Act on perceived quality**" in text
    # 11 unhappy respondents, 7 left (64 %); satisfied + very satisfied: 1 of 14 (7 %)
    assert "11 of 35 respondents (31.4%)" in text and "is 64% against 7%" in text
    # at the neutral rate 20 %: 5 x (0.8 - 0.2) + 6 x (0.5 - 0.2) = 4.8 -> about 5 stay
    assert "neutral customers (20%), about 5 of them would stay" in text
    partial = ps.satisfaction_headline(_study(n=40)).data  # 5 respondents without a churn record
    assert "of the 35 respondents with a churn record, 11 (31.4%)" in partial
    calm = _study(drivers=_study().drivers.assign(priority="no clear priority"), by_level=None)
    text = ps.satisfaction_headline(calm, "zh").data
    assert "没有一个明显地既更重要又表现更差" in text and "感知质量" in text and "行动对象" not in text


def test_kpis_churn_table_and_note():
    study = _study()
    kpis = ps.satisfaction_kpis(study)
    assert kpis["Value"].to_dict() == {"Respondents": "35", "Satisfaction index (0-100)": "61.4",
                                       "Loyalty index (0-100)": "58.6", "Churn rate": "28.6%"}  # 10 of 35
    table = ps.churn_level_table(study)
    assert table["Churn rate"].tolist() == ["80%", "50%", "20%", "10%", "0%"]
    assert table["Textbook rate (claim C1)"].tolist() == ["80.0%", "–", "30.0%", "10.0%", "1.5%"]
    assert ps.churn_level_table(study, "zh").index[0] == "非常不满意"
    assert "Stated intention to leave" in ps.churn_level_table(_study(stated=True)).columns
    stated = ps.churn_note(_study(stated=True, scale=(1, 7))).data
    assert "(at most 4)" in stated and "`loy1`" in stated and "– means not available." in stated
    assert "(at most 5.5)" in ps.churn_note(_study(stated=True)).data


def test_figures_speak_chinese():
    study = _study()
    shown = figure_texts(ps.importance_performance_figure(study, "zh"))
    assert {"重要性-表现矩阵", "感知质量", "重点改进", "无明确优先级"} <= set(shown)
    shown = figure_texts(ps.churn_figure(study, "zh"))
    assert {"非常不满意", "按满意度等级的流失率", "论断 C1", "流失率（%）"} <= set(shown)
    assert not [s for s in shown if s in {"very dissatisfied", "neutral", "claim C1"}]
