"""Report 21 (your survey: PLS-SEM to the reviewers' standard) and its page helpers (present/survey_research.py).

The sentences are checked against numbers set by hand (they must follow the numbers, in both languages); the
report is rendered from a messy survey *file* (text ids with leading zeros, blanks, a -9 "no answer" code, a
group column with a blank); bad parameters give a CRMDataError naming what to fix.  The report on a customer
database is rendered in test_own_data.py (the German tea shop) and on the demo in test_notebooks.py.
"""
import warnings

import numpy as np
import pandas as pd
import pytest

from crm_analysis.datasets import make_survey
from crm_analysis.exceptions import CRMDataError
from crm_analysis.present import survey_research as sr
from crm_analysis.reports.checks import page_problems, visible_text
from crm_analysis.reports.runner import build_reports
from crm_analysis.satisfaction import missing_data_report, multigroup_analysis


def _text(markdown) -> str:
    return markdown.data


# ------------------------------------------------------------------------------------------ sentences
def test_missing_sentence_counts_the_gaps_and_flags_mean_replacement_above_five_percent():
    survey = pd.DataFrame({"q1": [1, np.nan, 3, 4, 5, 2, 3, 4, 5, 1], "q2": [2] * 10, "q3": [3] * 9 + [np.nan]})
    report = missing_data_report(survey, scale=(1, 5))
    en = _text(sr.missing_sentence(report, "mean", "en"))
    assert "Of 10 respondents, 8 answered all 3 questions; 2 answers are missing (6.7% of all answers)" in en
    assert "most in q1 (10.0%)" in en and "2 question(s) lack more than 5 %" in en and "q1, q3" in en
    zh = _text(sr.missing_sentence(report, "listwise", "zh"))
    assert "10 位受访者中有 8 位" in zh and "有缺答的 2 位受访者被剔除" in zh and "使用 8 位" in zh
    table = sr.missing_table(report, "en")
    assert table["Missing answers"].tolist() == ["1", "0", "1"] and table["Share missing"].tolist()[0] == "10.0%"
    assert sr.respondent_missing_table(report, "en")["Respondents"].tolist() == ["8", "2"]
    complete = missing_data_report(survey.fillna(3), scale=(1, 5))
    assert "no answer is missing" in _text(sr.missing_sentence(complete, "mean", "en"))
    assert "all 10 respondents" in _text(sr.complete_only_sentence(complete, "en"))
    assert "use the 8 respondents" in _text(sr.complete_only_sentence(report, "en"))


def _prediction(pls, lm, q2=None):
    frame = pd.DataFrame({"pls_rmse": pls, "pls_mae": pls, "lm_rmse": lm, "lm_mae": lm,
                          "q2_predict": q2 if q2 is not None else [0.1] * len(pls)},
                         index=pd.Index([f"y{i}" for i in range(len(pls))], name="item"))
    frame.attrs = {"k": 10, "repeats": 1, "n_obs": 200, "technique": "direct"}
    return frame


@pytest.mark.parametrize(("pls", "power"), [([1, 1, 1], "high"), ([1, 1, 3], "medium"), ([1, 3, 3], "low"),
                                            ([3, 3, 3], "none")])
def test_predictive_power_follows_shmueli_et_al_2019(pls, power):
    prediction = _prediction(pls, [2, 2, 2])
    assert sr.predictive_power(prediction) == power
    sentence = _text(sr.predict_sentence(prediction, "en"))
    assert ("**no** predictive power" in sentence) if power == "none" else f"**{power}** predictive" in sentence
    assert "10-fold" in sentence and "200 respondents" in sentence


def test_predict_sentence_counts_q2_above_zero_in_both_languages():
    prediction = _prediction([1, 1, 3], [2, 2, 2], q2=[0.2, -0.1, 0.3])
    assert "above 0 for 2 of 3 items" in _text(sr.predict_sentence(prediction, "en"))
    zh = _text(sr.predict_sentence(prediction, "zh"))
    assert "3 个题目中有 2 个" in zh and "**中等**" in zh
    assert sr.predict_table(prediction, "zh")["PLS 优于 LM"].tolist() == ["是", "是", "否"]


def _boot(estimates, lower, upper):
    paths = [("a", "b"), ("a", "c"), ("b", "c")]
    return pd.DataFrame({"kind": "path", "from": [p[0] for p in paths], "to": [p[1] for p in paths],
                         "estimate": estimates, "ci_lower": lower, "ci_upper": upper})


def test_path_sentence_names_the_largest_change_and_the_intervals_that_exclude_zero():
    pls = _boot([0.30, 0.10, 0.50], [0.20, -0.05, 0.40], [0.40, 0.25, 0.60])
    plsc = _boot([0.36, 0.16, 0.45], [0.25, 0.01, 0.33], [0.47, 0.30, 0.57])
    compared = sr.path_comparison(pls, plsc)
    assert compared["change"].round(2).tolist() == [0.06, 0.06, -0.05]
    sentence = _text(sr.path_sentence(compared, "en", n_boot=30, random_state=0))
    assert "by 0.057 on average" in sentence and "at most 0.060, on a → b: 0.300 → 0.360" in sentence
    assert "2 of 3 paths larger" in sentence and "2 of 3 paths with PLS, 3 with PLSc" in sentence
    assert "one method only: a → c (PLSc)" in sentence and "30 bootstrap resamples (seed 0)" in sentence
    table = sr.path_table(compared, "zh")
    assert list(table.columns) == ["PLS", "PLS 95% 区间", "PLSc", "PLSc 95% 区间", "PLSc − PLS"]
    with pytest.raises(ValueError, match="different paths"):
        sr.path_comparison(pls, plsc.iloc[:2])


@pytest.mark.parametrize(("srmr", "hi95", "words"), [(0.05, 0.06, ("below the usual 0.08", "is within")),
                                                     (0.09, 0.06, ("above the usual 0.08", "is beyond"))])
def test_fit_sentence_reads_srmr_against_008_and_its_hi95(srmr, hi95, words):
    fit = pd.DataFrame({"saturated": [0.04], "saturated_HI95": [0.05], "saturated_HI99": [0.06],
                        "estimated": [srmr], "estimated_HI95": [hi95], "estimated_HI99": [0.07]},
                       index=pd.Index(["SRMR"], name="measure"))
    fit.attrs = {"resamples": {"saturated": 40, "estimated": 40}}
    sentence = _text(sr.fit_sentence(fit, "en"))
    assert all(w in sentence for w in words) and "40 Bollen-Stine" in sentence
    assert list(sr.fit_table(fit, "en").columns)[-1] == "Estimated model: HI99"


def test_mga_sentence_lists_the_paths_below_five_percent():
    mga = pd.DataFrame({"from": ["a", "b"], "to": ["b", "c"], "estimate_web": [0.5, 0.2],
                        "estimate_shop": [0.1, 0.25], "difference": [0.4, -0.05], "p_value": [0.01, 0.6]})
    mga.attrs = {"levels": ("web", "shop"), "group": "channel", "n_obs": {"web": 60, "shop": 55},
                 "n_resamples": 200, "method": "permutation"}
    sentence = _text(sr.mga_sentence(mga, "en"))
    assert sentence.startswith("1 of 2 paths differ between channel = web (n = 60) and channel = shop (n = 55)")
    assert "a → b (0.50 against 0.10)" in sentence and "200 permutations" in sentence
    assert list(sr.mga_table(mga, "zh").columns)[:2] == ["channel = web（n = 60）", "channel = shop（n = 55）"]


# ------------------------------------------------------------------------------------------ a messy survey file
@pytest.fixture(scope="module")
def survey_file(tmp_path_factory):
    rng = np.random.default_rng(5)
    survey = make_survey(160, random_state=8)
    items = [c for c in survey.columns if c[-1].isdigit()]
    answers = survey[items].astype(float)
    answers = answers.mask(rng.random(answers.shape) < 0.005)         # blanks
    answers = answers.mask(rng.random(answers.shape) < 0.003, -9)     # the "no answer" code
    out = answers.astype(object).where(answers.notna(), "")
    out.insert(0, "Kundennr", [f"{i:05d}" for i in range(7, 7 + len(out))])  # text ids with leading zeros
    out["Kanal"] = rng.choice(["Laden", "Online"], len(out))
    out.loc[out.index[:3], "Kanal"] = ""                               # three respondents without a channel
    path = tmp_path_factory.mktemp("umfrage") / "umfrage.csv"
    out.to_csv(path, index=False)
    return path


def test_open_research_survey_reads_the_file_with_its_codes(survey_file):
    model = sr.research_model(missing="mean", random_state=0)
    survey = sr.open_research_survey(model, survey_file=str(survey_file), scale=[1, 10], missing_codes=[-9],
                                     customer_col="Kundennr", group="Kanal")
    assert survey.n == 160 and survey.group == "Kanal" and survey.scale == (1.0, 10.0)
    assert survey.data["customer_id"].iloc[0] == "00007"                   # ids stay text
    assert not (survey.data[survey.items] == -9).any().any()                 # the code became missing
    assert survey.data[survey.items].isna().to_numpy().sum() > 0
    assert survey.notes and "-9" in " ".join(survey.notes)                   # counted, not silent
    assert "umfrage.csv, 160 respondents, answers on 1-10" in sr.research_title(survey, "en").data
    complete = survey.data[survey.items].notna().all(axis=1)
    no_group = survey.data["Kanal"].isna()
    used, incomplete = int((complete & ~no_group).sum()), int((~complete).sum())
    assert incomplete > 0 and int((complete & no_group).sum()) > 0
    sentence = sr.group_exclusion_sentence(survey, "en")
    assert sentence.startswith(f"The group comparison uses {used} of the 160 respondents: {incomplete} with a "
                               "missing answer are left out")
    assert f"{int((complete & no_group).sum())} with every answer but no value of the group column 'Kanal'" in sentence
    assert sr.group_exclusion_sentence(survey, "zh").startswith(f"组间比较使用了 160 位受访者中的 {used} 位")
    # the count is the one the comparison itself uses
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mga = multigroup_analysis(sr.complete_answers_model(model), survey.data, group="Kanal", n=5, random_state=0)
    assert sum(mga.attrs["n_obs"].values() if isinstance(mga.attrs["n_obs"], dict) else mga.attrs["n_obs"]) == used


def test_bad_parameters_name_what_to_fix(survey_file):
    model = sr.research_model()
    with pytest.raises(CRMDataError, match=r"needs the rating scale.*scale: \[low, high\]"):
        sr.open_research_survey(model, survey_file=str(survey_file))
    with pytest.raises(CRMDataError, match=r"-9.*In the report's parameters: scale: \[low, high\] and "
                                           r"missing_codes: \[code, \.\.\.\] under 21_research_survey"):
        sr.open_research_survey(model, survey_file=str(survey_file), scale=[1, 10], customer_col="Kundennr")
    with pytest.raises(CRMDataError, match=r"group column 'Region'.*Kanal"):
        sr.open_research_survey(model, survey_file=str(survey_file), scale=[1, 10], missing_codes=[-9],
                                customer_col="Kundennr", group="Region")
    with pytest.raises(CRMDataError, match="paths need blocks"):
        sr.research_model(paths=[["a", "b"]])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_renders_from_a_messy_survey_file(survey_file, tmp_path, lang):
    params = {"21_research_survey": {"survey_file": str(survey_file), "scale": [1, 10], "missing_codes": [-9],
                                     "customer_col": "Kundennr", "group": "Kanal", "n_boot": 20, "n_perm": 20,
                                     "repeats": 1, "lang": lang}}
    written = build_reports(output_dir=tmp_path, progress=False, only=["21_research_survey"], params=params,
                            lang=lang)
    page = written[0].read_text(encoding="utf-8")
    assert page_problems(page, lang) == []
    shown = visible_text(page)
    if lang == "en":
        assert "umfrage.csv, 160 respondents" in shown and "answers are missing" in shown
        assert "Rule used: mean replacement" in shown and "The group comparison uses " in shown
        assert "Kanal = Laden" in shown and "Step 1 (configural invariance)" in shown
        assert "predictive power" in shown and "SRMR is" in shown
    else:
        assert "umfrage.csv，160 位受访者" in shown and "所用规则：均值替代" in shown and "组间比较使用了" in shown
        assert "Kanal = Laden" in shown and "第 1 步（配置不变性）" in shown and "预测能力" in shown


def test_a_group_column_imported_with_the_survey_is_used_from_the_database(tmp_path):
    from crm_analysis.store import CustomerStore

    answers = make_survey(120, random_state=3).drop(columns="churned")
    answers.insert(0, "respondent", [f"{i:05d}" for i in range(120)])
    answers["channel"] = np.where(np.arange(120) % 3 == 0, "store", "online")
    answers.loc[[5, 7], "channel"] = None
    path = tmp_path / "survey.csv"
    answers.to_csv(path, index=False)
    db = tmp_path / "shop.duckdb"
    with CustomerStore.create(db, name="Teehaus", currency="CNY") as store:
        result = store.add_survey(path, scale=(1, 10), customer_col="respondent")
        assert "channel" in result.extra_columns
        with pytest.raises(CRMDataError, match=r"not stored with the survey answers.*\['channel'\]"):
            store.survey_table(columns=["region"])
    survey = sr.open_research_survey(sr.research_model(), store=str(db), group="channel")
    assert survey.group == "channel" and survey.n == 120
    assert survey.data["channel"].isna().sum() == 2
    # each respondent keeps their own channel (same order, same blanks as the file)
    assert survey.data["channel"].fillna("?").tolist() == answers["channel"].fillna("?").tolist()
    assert survey.data["customer_id"].iloc[0] == "00000"


def test_a_survey_file_that_is_not_there_says_where_it_was_looked_for():
    with pytest.raises(CRMDataError, match=r"'nowhere/answers.csv' does not exist .*project root .*full path"):
        sr.open_research_survey(sr.research_model(), survey_file="nowhere/answers.csv", scale=[1, 7])
