"""Three churn-page gaps: the KPI flag of a campaign whose ranking adds little, report 13's sentence on a weak
model, and retention curves on the customers whose tenure is known when only some have one."""
import re

import numpy as np
import pandas as pd
import pytest

from crm_analysis.churn import (ACTIONABLE_AUC, BROAD_CAMPAIGN_SHARE, MIN_TARGETING_LIFT, churn_features,
                                evaluate_churn_models, with_tenure)
from crm_analysis.churn.analysis import analyse_churn
from crm_analysis.present import ReportContext, currency, text
from crm_analysis.present import churn as page

from test_churn_pages import _table
from test_foreign_report import _visible, noisy_gym  # noqa: F401  (the seeded noise gym database, a fixture)

CONTEXT = ReportContext(name="FitWell Studio", currency=currency("GBP"))
OVERVIEW = {"customers": 120, "churners": 33, "churn_rate": 33 / 120}


def _campaign(k, n_current):
    return {"customers_to_contact": k, "contact_share": k / n_current, "campaign_cost": 10.0 * k,
            "saved_value": 20.0 * k, "expected_saving": 10.0 * k}


def _kpi_values(frame, lang):
    return frame.iloc[:, 0].to_dict()


# ------------------------------------------------------------------ 1. report 31's KPI flag
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_kpi_contact_rows_flag_a_campaign_to_almost_everyone(lang):
    """78 of 87 current customers (89.7 % > 80 %) with a good lift: both contact rows say 'almost everyone'."""
    assert BROAD_CAMPAIGN_SHARE == 0.8 and MIN_TARGETING_LIFT == 1.2
    scores = pd.Series({"roc_auc": 0.80, "top_decile_lift": 2.5})
    values = _kpi_values(page.churn_kpis(OVERVIEW, scores, _campaign(78, 87), 87, CONTEXT, lang), lang)
    contact, share = values[text("churn_kpi_contact", lang)], values[text("churn_kpi_contact_share", lang)]
    if lang == "en":
        assert contact == "78 (almost everyone: the ranking adds little)"
        assert share == "89.7% (almost everyone: the ranking adds little)"
    else:
        assert contact == "78（几乎所有人：模型排序作用不大）"
        assert share == "89.7%（几乎所有人：模型排序作用不大）"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_kpi_contact_rows_flag_a_ranking_without_lift(lang):
    """30 of 87 (34.5 %, a targeting by size) but the riskiest tenth leaves only 1.1 times as often: flagged;
    the same campaign with lift 2.5 carries no flag."""
    weak = pd.Series({"roc_auc": 0.70, "top_decile_lift": 1.1})
    values = _kpi_values(page.churn_kpis(OVERVIEW, weak, _campaign(30, 87), 87, CONTEXT, lang), lang)
    flag = " (the ranking adds little)" if lang == "en" else "（模型排序作用不大）"
    assert values[text("churn_kpi_contact", lang)] == "30" + flag
    assert values[text("churn_kpi_contact_share", lang)] == "34.5%" + flag
    solid = pd.Series({"roc_auc": 0.70, "top_decile_lift": 2.5})
    values = _kpi_values(page.churn_kpis(OVERVIEW, solid, _campaign(30, 87), 87, CONTEXT, lang), lang)
    assert values[text("churn_kpi_contact", lang)] == "30"
    assert values[text("churn_kpi_contact_share", lang)] == "34.5%"
    # nobody to contact: no flag either (0 customers is no campaign, whatever the lift)
    values = _kpi_values(page.churn_kpis(OVERVIEW, weak, _campaign(0, 87), 87, CONTEXT, lang), lang)
    assert values[text("churn_kpi_contact", lang)] == "0"


def test_report_kpis_flag_agrees_with_the_analysis():
    """On the solid gym (report 31's analysis) the flag appears exactly when the analysis is not targeted."""
    analysis = analyse_churn(_table(False), value_column="fee", offer_cost=10.0, cv=3, random_state=0)
    assert analysis.list_is_campaign
    shown = _kpi_values(page.report_kpis(analysis, CONTEXT, "en"), "en")["Customers to contact"]
    k = analysis.campaign["customers_to_contact"]
    assert shown.startswith(str(k))
    assert ("the ranking adds little" in shown) == (not analysis.targeted)


# ------------------------------------------------------------------ 2. report 13 on a weak model
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_weak_models_sentence_only_below_the_threshold(lang):
    weak = evaluate_churn_models(*_xy(True), models=("logistic",), cv=3, random_state=0)
    auc = float(weak.loc["logistic", "roc_auc"])
    assert auc < ACTIONABLE_AUC
    sentence = page.weak_models_sentence(weak, lang).data
    assert sentence == text("churn_weak_models", lang, auc=f"{auc:.2f}", model=page.model_name("logistic", lang),
                            threshold="0.6")
    assert ("barely separate leavers from stayers" if lang == "en" else "几乎分不出流失客户和留存客户") in sentence
    solid = evaluate_churn_models(*_xy(False), models=("logistic",), cv=3, random_state=0)
    assert float(solid.loc["logistic", "roc_auc"]) >= ACTIONABLE_AUC
    assert page.weak_models_sentence(solid, lang) is None
    # the best model decides: one weak and one good model is no warning
    both = pd.DataFrame({"roc_auc": [0.55, 0.72]}, index=["logistic", "gradient_boosting"])
    assert page.weak_models_sentence(both, lang) is None
    assert "0.58" in page.weak_models_sentence(pd.DataFrame({"roc_auc": [0.58, 0.52]},
                                                            index=["logistic", "random_forest"]), lang).data


def _xy(noise):
    table = _table(noise)
    return churn_features(table).X, table["churn"]


def test_report_13_on_noise_says_the_model_barely_separates(noisy_gym, tmp_path):  # noqa: F811
    from crm_analysis.churn.data import read_churn_table
    from crm_analysis.reports import run_report
    from crm_analysis.reports.checks import page_problems
    from crm_analysis.store import open_report_store

    path, _ = noisy_gym
    with open_report_store(str(path), demo="telco") as db:
        table, _ = read_churn_table(db)
    auc = evaluate_churn_models(churn_features(table).X, table["churn"], models=("logistic",), cv=3,
                                random_state=0).loc["logistic", "roc_auc"]
    assert auc < ACTIONABLE_AUC
    html = run_report("13_teach_churn", parameters={"store": str(path), "cv": 3, "models": ["logistic"]},
                      output_dir=tmp_path, lang="en").read_text(encoding="utf-8")
    assert page_problems(html, "en") == []
    visible = _visible(html)
    assert "The models barely separate leavers from stayers here." in visible
    assert f"The best cross-validated ROC AUC is {auc:.2f} (" in visible


# ------------------------------------------------------------------ 3. partial tenure
def _partial():
    """10 customers, 3 without tenure (c08-c10).  The 7 with tenure, hand-computed Kaplan-Meier:
    tenures 2 4 4 6 8 10 12, churned 1 0 1 1 0 1 0 ->
    S(2) = 6/7, S(4) = 6/7 * 5/6 = 5/7, S(6) = 5/7 * 3/4 = 15/28, S(10) = 15/28 * 1/2 = 15/56;
    the curve first falls to 1/2 or below at 10 (15/56 = 0.27), so the median lifetime is 10 months."""
    return pd.DataFrame({"churn": [1, 0, 1, 1, 0, 1, 0, 1, 0, 0],
                         "tenure": [2, 4, 4, 6, 8, 10, 12, np.nan, np.nan, np.nan],
                         "visits": [1.0, 6, 2, 1, 7, 6, 8, 2, 5, 2]},
                        index=pd.Index([f"c{i:02d}" for i in range(1, 11)], name="customer_id"))


def _shown(monkeypatch, call):
    """Run ``call()`` and return the Markdown texts it displays (and its result)."""
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, *a, **k: shown.append(obj))
    result = call()
    return [o if isinstance(o, pd.DataFrame) else getattr(o, "data", str(o)) for o in shown], result


def _words(texts):
    return [t for t in texts if isinstance(t, str)]


def test_with_tenure_keeps_known_rows_and_does_not_modify():
    table = _partial()
    table.attrs["tenure_unit"] = "months"
    before = table.copy()
    kept = with_tenure(table)
    assert kept.index.tolist() == [f"c{i:02d}" for i in range(1, 8)] and kept.attrs["tenure_unit"] == "months"
    pd.testing.assert_frame_equal(table, before)
    assert len(with_tenure(table.drop(columns="tenure"))) == 0
    assert len(with_tenure(table.assign(tenure=np.nan))) == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_13_retention_on_partial_tenure(monkeypatch, lang):
    import matplotlib.pyplot as plt

    table = _partial()
    table.attrs["tenure_unit"] = "months"
    texts, ax = _shown(monkeypatch, lambda: page.retention_section(table, None, lang, at=(2, 4, 6, 10)))
    expected = ("The curves use the 7 customers whose tenure is known; 3 customers without a tenure are left out."
                if lang == "en" else "曲线只用已知合作时长的 7 位客户；另有 3 位客户没有合作时长，未计入。")
    assert expected in _words(texts) and text("churn_no_tenure", lang) not in _words(texts)
    summary = next(t for t in texts if isinstance(t, pd.DataFrame))
    assert summary.iloc[0, 0] == "7"  # customers in the curves
    assert summary.iloc[0, 1:5].tolist() == [f"{100 * v:.0f}" for v in (6 / 7, 5 / 7, 15 / 28, 15 / 56)]
    assert summary.iloc[0, 5] == "10"  # median lifetime
    assert ax is not None
    plt.close("all")
    # nobody with a tenure: the note, no curves
    texts, ax = _shown(monkeypatch, lambda: page.retention_section(table.assign(tenure=np.nan), None, lang))
    assert texts == [text("churn_no_tenure", lang)] and ax is None


def test_report_13_cox_on_partial_tenure_states_the_left_out(monkeypatch):
    import matplotlib.pyplot as plt

    table = _partial()
    X = table[["visits"]]
    texts, ax = _shown(monkeypatch, lambda: page.cox_section(table, X, pd.Series({"visits": 1.0}), "en", k=1))
    assert ("The Cox model uses the 7 customers whose tenure is known; 3 customers without a tenure are left out."
            in _words(texts))
    assert ax is not None
    plt.close("all")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_31_retention_on_partial_tenure(monkeypatch, lang):
    """Report 31's analysis cross-validates (ten customers per fold at least, for the top-decile lift), so it
    runs on the ten customers of :func:`_partial` twice (c01-c20): 6 of 20 lack tenure, and the Kaplan-Meier
    curve of the 14 doubled customers is the hand-computed one of the 7 (every at-risk count and event doubles)."""
    import matplotlib.pyplot as plt

    table = pd.concat([_partial(), _partial()])
    table.index = pd.Index([f"c{i:02d}" for i in range(1, 21)], name="customer_id")
    table.attrs["tenure_unit"] = "months"
    analysis = analyse_churn(table, cv=2, at=(2, 4, 6, 10), random_state=0)
    assert analysis.n_without_tenure == 6 and len(analysis.table) == 20
    assert analysis.retention["customers"].tolist() == [14]
    assert np.allclose(analysis.retention[["retained_2", "retained_4", "retained_6", "retained_10"]].iloc[0],
                       [6 / 7, 5 / 7, 15 / 28, 15 / 56])
    assert analysis.retention["median_lifetime"].iloc[0] == 10
    texts, ax = _shown(monkeypatch, lambda: page.report_retention(analysis, CONTEXT, lang))
    assert text("churn_tenure_partial", lang, n="14", left="6") in _words(texts)
    assert text("churn_no_tenure", lang) not in _words(texts) and ax is not None
    plt.close("all")
    # one customer missing: the singular
    one = table.assign(tenure=table["tenure"].fillna(3.0))
    one.loc["c20", "tenure"] = np.nan
    texts, _ = _shown(monkeypatch, lambda: page.report_retention(analyse_churn(one, cv=2, random_state=0),
                                                                 CONTEXT, lang))
    assert text("churn_tenure_partial_one", lang, n="19") in _words(texts)
    plt.close("all")
    # nobody with a tenure: the note only
    none = analyse_churn(table.assign(tenure=np.nan), cv=2, random_state=0)
    assert none.curves is None and none.n_without_tenure == 0
    texts, ax = _shown(monkeypatch, lambda: page.report_retention(none, CONTEXT, lang))
    assert texts == [text("churn_no_tenure", lang)] and ax is None


def test_no_leftover_placeholder():
    for key in ("churn_tenure_partial", "churn_tenure_partial_cox", "churn_weak_models", "churn_kpi_flag_broad"):
        for lang in ("en", "zh"):
            assert not re.search(r"\{\w+\}", text(key, lang, n="1", left="2", auc="0.5", model="m",
                                                  threshold="0.6", value="3"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_table_preview_shows_missing_tenure_as_a_dash(monkeypatch, lang):
    """Report 13's first look at the table: customers as columns, the unknown tenure as "–", and what "–" means;
    the same look at customers who all have tenure needs no such line."""
    table = _partial()
    texts, _ = _shown(monkeypatch, lambda: page.table_preview(table.iloc[6:9], lang))
    shown = texts[0]
    assert shown.columns.tolist() == ["c07", "c08", "c09"]
    assert shown.loc["tenure"].tolist() == ["12", "–", "–"] and shown.loc["churn"].tolist() == ["0", "1", "0"]
    assert texts[1] == text("missing_cell", lang)
    texts, _ = _shown(monkeypatch, lambda: page.table_preview(table, lang))
    assert len(texts) == 1 and texts[0].shape == (3, 3)


def test_bold_lead_closes_before_punctuation_in_chinese():
    """CommonMark only closes ``**`` after "。" when a space or punctuation follows: the zh lead ends before it."""
    assert "**。" in text("churn_weak_models", "zh") and "。**" not in text("churn_weak_models", "zh")
