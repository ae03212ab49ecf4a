"""Churn page wording that depends on the numbers: a weak model, the log-rank test, the accuracy table in zh."""
import numpy as np
import pandas as pd
import pytest
from lifelines.statistics import logrank_test

from crm_analysis.churn import (ACTIONABLE_AUC, accuracy_table, kaplan_meier_by_segment, model_is_actionable,
                                retention_differs)
from crm_analysis.churn.analysis import analyse_churn
from crm_analysis.churn.plots import format_p_value
from crm_analysis.exceptions import CRMDataError
from crm_analysis.present import ReportContext, currency, text
from crm_analysis.present import churn as page

from test_foreign_report import _gym_members


def test_actionable_threshold():
    assert ACTIONABLE_AUC == 0.6
    assert model_is_actionable(0.6) and model_is_actionable(0.84) and not model_is_actionable(0.599)
    with pytest.raises(CRMDataError):
        model_is_actionable(float("nan"))


def _table(noise):
    members = _gym_members(noise=noise)
    fee = members["plan_type"].map({"basic": 25.0, "premium": 49.0, "student": 18.0})
    return (members.assign(churn=(members["status"] == "cancelled").astype(int), fee=fee)
            .rename(columns={"months": "tenure"}).set_index("member_id").drop(columns="status"))


@pytest.fixture(scope="module")
def analyses():
    return {noise: analyse_churn(_table(noise), value_column="fee", offer_cost=10.0, cv=3, random_state=0)
            for noise in (True, False)}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_weak_model_recommends_no_campaign(analyses, lang):
    """Churn by a coin: the KPIs replace the campaign by "not recommended" and the findings say why; the
    same report on a gym whose churn follows visits and plan recommends the campaign."""
    context = ReportContext(name="FitWell Studio", currency=currency("GBP"))
    weak, solid = analyses[True], analyses[False]
    auc = float(weak.quality["roc_auc"])
    assert auc < ACTIONABLE_AUC and not weak.actionable
    assert float(solid.quality["roc_auc"]) > 0.65 and solid.actionable
    assert weak.campaign["customers_to_contact"] > 0  # on paper there is a campaign ...

    kpis = page.report_kpis(weak, context, lang).to_string()
    assert text("churn_kpi_campaign_unreliable", lang) in kpis  # ... the page does not recommend it
    assert text("churn_kpi_saving", lang) not in kpis and text("churn_kpi_contact", lang) not in kpis
    findings = page.report_findings(weak, context, lang, offer_cost=10.0, success_rate=0.25,
                                    expected_months=12).data
    saving = context.money(weak.campaign["expected_saving"], lang)
    assert text("churn_finding_weak", lang, auc=f"{auc:.2f}", threshold="0.6", paper=text(
        "churn_weak_paper", lang, k=str(weak.campaign["customers_to_contact"]), saving=saving)) in findings
    assert text("churn_kpi_saving", lang) in page.report_kpis(solid, context, lang).to_string()
    solid_findings = page.report_findings(solid, context, lang, offer_cost=10.0, success_rate=0.25,
                                          expected_months=12).data
    assert text("churn_finding_campaign", lang).split("{")[0] in solid_findings
    assert page.weak_model_note(auc, lang).data.count(f"{auc:.2f}") == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_logrank_sentence_states_p_and_its_meaning(lang):
    """Two groups: one leaves early, one stays (p tiny: 'retention differs'); two identical groups (p = 1)."""
    tenure = [1, 2, 3, 4, 5, 6, 10, 12, 12, 12, 12, 12]
    churn = [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
    apart = pd.DataFrame({"tenure": tenure, "churn": churn, "plan": ["a"] * 6 + ["b"] * 6})
    curves = kaplan_meier_by_segment(apart, segment_col="plan")
    expected = logrank_test(tenure[:6], tenure[6:], churn[:6], churn[6:]).p_value
    assert retention_differs(curves) is True
    sentence = page.logrank_sentence(curves, lang).data
    assert format_p_value(expected) in sentence and text("churn_logrank_differ", lang).split("{p}")[1] in sentence
    same = pd.DataFrame({"tenure": tenure * 2, "churn": churn * 2, "plan": ["a"] * 12 + ["b"] * 12})
    curves = kaplan_meier_by_segment(same, segment_col="plan")
    assert retention_differs(curves) is False
    assert "p = 1" in page.logrank_sentence(curves, lang).data
    assert page.logrank_sentence(kaplan_meier_by_segment(apart), lang) is None  # one group: nothing to test


def test_accuracy_table_in_chinese_keeps_its_numbers():
    """Hand-computed: flagged (p >= 0.5) are customers 1 and 3; 1 churned: accuracy 50 %, recall 1/2,
    precision 1/2; ROC AUC 3 of 4 pairs = 0.75.  The rows are renamed in zh, the values stay."""
    y = pd.Series([1, 0, 0, 1], index=list("abcd"))
    scores = pd.DataFrame({"logistic": [0.9, 0.2, 0.6, 0.4]}, index=list("abcd"))
    shown = page.accuracy_display(accuracy_table(y, scores), "zh")
    assert shown.index.tolist() == ["无人流失", "逻辑回归"]
    assert shown.loc["逻辑回归"].tolist() == ["50", "50", "50", "0.750"]
    assert shown.loc["无人流失"].tolist() == ["50", "0", "–", "0.500"]
