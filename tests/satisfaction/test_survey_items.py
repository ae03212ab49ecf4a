"""A business's own survey (a bakery's 形象1 ... 忠诚2 on 1-5, 99 = no answer) in reports 12 and 32.

The reported failures: without ``blocks`` report 12 stopped on the missing imag1... columns and report 32 on
"the rating scale of the survey is unknown" (the scale lookup ran before the columns were checked, and a
column not in the survey has no declared scale); the survey needs-data page proposed one business's
``--scale 1 7 --missing-codes -9``; the follow-up list said "lowest satisfaction first" but put still-customers
before those who left.
"""
import numpy as np
import pandas as pd
import pytest

from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.present import satisfaction as ps
from crm_analysis.present.exports import ReportNeedsData
from crm_analysis.satisfaction import UNHAPPY_LEVELS, ecsi_model
from crm_analysis.store import CustomerStore, open_report_store

STEMS = {"image": "形象", "expectations": "期望", "quality": "品质", "value": "性价比", "satisfaction": "满意",
         "loyalty": "忠诚"}
BLOCKS = {construct: [f"{stem}1", f"{stem}2"] for construct, stem in STEMS.items()}
N = 80


def _bakery(tmp_path, *, survey: bool = True):
    """80 members answering 12 questions on 1-5 (99 = no answer in 5 cells), linked to members with churn."""
    rng = np.random.default_rng(5)
    ids = [f"{i:05d}" for i in range(1, N + 1)]
    latent = rng.normal(size=N)
    answers = pd.DataFrame({"会员号": ids})
    for stem in STEMS.values():
        for j in (1, 2):
            answers[f"{stem}{j}"] = np.clip(np.rint(3 + 1.2 * latent + rng.normal(0, 0.7, N)), 1, 5).astype(int)
    answers.iloc[[3, 10, 20, 30, 40], 3] = 99
    churn = np.where(latent + rng.normal(0, 0.8, N) < -0.3, "流失", "未流失")
    members = pd.DataFrame({"会员号": ids, "状态": churn})
    answers.to_csv(tmp_path / "survey.csv", index=False)
    members.to_csv(tmp_path / "members.csv", index=False)
    path = tmp_path / "bakery.duckdb"
    db = CustomerStore.create(path, name="麦香面包店", currency="CNY")
    db.add_customers(tmp_path / "members.csv", customer_col="会员号", churn_col="状态", churned_value="流失")
    if survey:
        with pytest.warns(DataExclusionWarning):
            db.add_survey(tmp_path / "survey.csv", scale=(1, 5), missing_codes=[99], customer_col="会员号")
    db.close()
    return open_report_store(str(path), demo="survey")


def test_item_runs_hand_example():
    assert ps.item_runs(["imag1", "imag2", "imag3", "sat1", "形象1", "形象2", "nps", "q10", "q11"]) == \
        "imag1–3, sat1, 形象1–2, nps, q10–11"
    assert ps.item_runs(["a1", "a3"], "、") == "a1、a3"  # not consecutive: two names
    assert ps.model_items(ecsi_model(BLOCKS, complaints=False), "满意1", "忠诚1", "")[:3] == ["形象1", "形象2", "期望1"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_survey_without_the_model_items_gets_a_page_naming_both(tmp_path, lang):
    db = _bakery(tmp_path)
    with pytest.raises(ReportNeedsData) as raised:
        ps.require_model_items(db, ecsi_model(), lang, report="32_mgmt_satisfaction", satisfaction_item="sat1",
                               loyalty_item="loy1")
    what, how = raised.value.what, raised.value.how
    sep = "、" if lang == "zh" else ", "
    found = sep.join(f"{stem}1–2" for stem in STEMS.values())
    # 12 questions in the survey; the ECSI model uses 30 (5+5+5+4+4+3+4, sat1 and loy1 among them), none found
    assert (f"The survey has 12 questions ({found})" if lang == "en" else f"问卷有 12 个题目（{found}）") in what
    assert "30" in what and "imag1–5" in what and "comp1–3" in what and "`blocks`" in what
    assert ("none of them is in the survey" in what) if lang == "en" else ("问卷中一个也没有" in what)
    assert how.splitlines()[2] == "32_mgmt_satisfaction:" and "  blocks:" in how
    assert "    image: [" in how and "    loyalty: [" in how and "complaints" not in how.split("  blocks:")[1].split(
        "  complaints")[0]  # the template lists the six constructs; complaints: false below
    assert "  complaints: false" in how and "  satisfaction_item: " in how and "  loyalty_item: " in how
    assert how.strip().endswith("crm-analysis reports --store DB --params params.yml")
    db.close()


def test_blocks_given_but_a_default_item_left_names_that_item(tmp_path):
    db = _bakery(tmp_path)
    model = ecsi_model(BLOCKS, complaints=False)
    with pytest.raises(ReportNeedsData) as raised:  # satisfaction_item / loyalty_item left at sat1 / loy1
        ps.require_model_items(db, model, "en", report="12_teach_satisfaction_loyalty", satisfaction_item="sat1",
                               loyalty_item="loy1")
    assert "14 (形象1–2, 期望1–2, 品质1–2, 性价比1–2, 满意1–2, 忠诚1–2, sat1, loy1)" in raised.value.what
    assert "2 of them are not in the survey (sat1, loy1)" in raised.value.what
    # the engine call itself names the column, never "the rating scale of the survey is unknown"
    with pytest.raises(CRMDataError, match=r"missing column\(s\) \['sat1', 'loy1'\]"):
        ps.satisfaction_study(db, model, n_bootstrap=5, random_state=0)
    assert ps.require_model_items(db, model, "en", report="x", satisfaction_item="满意1", loyalty_item="忠诚1") is None
    db.close()


def test_bakery_study_keeps_the_declared_scale_and_orders_the_follow_up_list(tmp_path):
    db = _bakery(tmp_path)
    model = ecsi_model(BLOCKS, complaints=False)
    study = ps.satisfaction_study(db, model, satisfaction_item="满意1", loyalty_item="忠诚1", n_bootstrap=10,
                                  random_state=0)
    assert study.scale == (1, 5) and study.sample.data.attrs["scale"] == (1, 5)
    assert study.n == N - 5 and not study.stated  # 99 coded in 期望1 of five respondents
    teach = ps.teaching_survey(db, model, satisfaction_item="满意1", loyalty_item="忠诚1")
    assert teach.scale == (1, 5) and len(teach.data) == N - 5
    # the list: dissatisfied = 满意1 below 1 + 2*4/5 = 2.6, i.e. answers 1 and 2
    data = study.sample.data
    unhappy = data.index[(pd.to_numeric(data["满意1"]) <= 2).to_numpy() & data["customer_id"].notna().to_numpy()]
    assert study.levels.loc[unhappy].isin(UNHAPPY_LEVELS).all()
    frame = ps.follow_up_frame(study, "en")
    assert len(frame) == len(unhappy)
    stays = int((study.churned.loc[unhappy] == 0).sum())
    left = int((study.churned.loc[unhappy] == 1).sum())
    assert stays + left == len(unhappy) and stays and left
    status = frame["Status"].tolist()
    assert status == ["still a customer"] * stays + ["has left"] * left  # the stated order
    score = frame["Satisfaction index (0-100)"]
    assert score[:stays].is_monotonic_increasing and score[stays:].is_monotonic_increasing
    intro = ps.follow_up_intro(study, "en", shown=10)
    assert (f"The {len(unhappy)} dissatisfied or very dissatisfied respondents with a customer ID, with the driver "
            f"they rate lowest, in this order: {stays} still customers, then {left} who have left; lowest "
            f"satisfaction first within each group.") in intro
    assert (f"the first 10 of the {len(unhappy)}" in intro) if len(unhappy) > 10 else ("shows all" in intro)
    zh = ps.follow_up_intro(study, "zh", shown=len(unhappy))
    assert f"{stays} 位仍是客户者，然后是{left} 位已流失者" in zh and f"下表显示全部 {len(unhappy)} 位" in zh
    db.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_survey_needs_data_page_uses_placeholders(tmp_path, lang):
    db = _bakery(tmp_path, survey=False)
    with pytest.raises(ReportNeedsData) as raised:
        ps.require_survey(db, lang)
    how = raised.value.how
    assert how.splitlines()[0] == ("crm-analysis import survey FILE --store DB --customer-col ID --scale MIN MAX "
                                   "--missing-codes CODE")
    assert "1 7" not in how and "-9" not in how
    explained = [line for line in how.splitlines()[1:] if line.startswith("# ")]
    assert [line[2:].split("：" if lang == "zh" else ":")[0] for line in explained] == ["FILE", "DB", "ID", "MIN MAX",
                                                                                      "CODE"]
    db.close()
