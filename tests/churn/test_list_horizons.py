"""The retention list is the campaign's; retention horizons in months whatever the tenure's unit; a campaign that
reaches everyone says the ranking adds little; Chinese text without spaces around names."""
import re

import numpy as np
import pandas as pd
import pytest

from crm_analysis.churn import (BROAD_CAMPAIGN_SHARE, MIN_TARGETING_LIFT, STANDARD_HORIZONS, kaplan_meier_by_segment,
                                profit_curve, ranking_adds_little, retention_horizons, retention_summary)
from crm_analysis.churn.analysis import analyse_churn
from crm_analysis.present import ReportContext, currency
from crm_analysis.present import churn as page
from crm_analysis.present.catalogue.churn import TEXT

from test_churn_pages import _table


# ----------------------------------------------------------------------------- 1. the list is the campaign's
@pytest.fixture(scope="module")
def solid():
    return analyse_churn(_table(False), value_column="fee", offer_cost=10.0, cv=3, top_n=5, random_state=0)


def test_list_holds_every_customer_the_campaign_contacts(solid):
    k = solid.campaign["customers_to_contact"]
    assert k > solid.top_n == 5                        # the page shows 5, the campaign contacts more
    assert len(solid.warning) == k                     # ... and the list holds all of them
    assert list(solid.warning.index) == list(solid.campaign_curve.contacted())   # in the campaign's order
    assert solid.warning["rank"].tolist() == list(range(1, k + 1))
    assert set(solid.warning.index) <= set(solid.current.index)
    # the list's money is the campaign's: saved value = success rate x sum of value at risk, cost = k x offer
    assert 0.25 * solid.warning["value_at_risk"].sum() == pytest.approx(solid.campaign["saved_value"])
    assert k * 10.0 == pytest.approx(solid.campaign["campaign_cost"])
    # contact order is by expected gain (risk x value), largest first
    assert solid.warning["value_at_risk"].is_monotonic_decreasing


@pytest.mark.parametrize("lang, words", [("en", "the first 5 of the {k} customers the campaign contacts"),
                                         ("zh", "挽留活动要联系的 {k} 位客户中的前 5 位")])
def test_page_shows_first_n_and_files_hold_all(solid, lang, words):
    context = ReportContext(name="FitWell Studio", currency=currency("GBP"))
    k = solid.campaign["customers_to_contact"]
    kw = dict(tenure_unit=solid.tenure_unit, has_money=True)
    exported = page.contact_export(solid.warning, solid.drivers, solid.X, context, lang, **kw)
    assert len(exported) == k
    shown = page.contact_table(solid.warning.head(solid.top_n), solid.drivers, solid.X, context, lang, **kw)
    assert len(shown) == 5 and list(shown.index) == list(exported.index[:5])
    sentence = page.list_sentence(5, k, lang).data
    assert words.format(k=k) in sentence and sentence.count(str(k)) == 2   # "all k are in the files"
    assert str(k) in page.list_sentence(k, k, lang).data


def test_profit_curve_contact_order_by_hand():
    p = pd.Series([0.1, 0.9, 0.5], index=["a", "b", "c"])
    curve = profit_curve(p, pd.Series([100.0, 10.0, 100.0], index=p.index), offer_cost=5.0, success_rate=0.5,
                         rank_by="expected_gain")
    # gains 5, 4.5, 25: c, a, b; profits 20, 20, 19.5 -> best is 1 contact (first maximum): c
    assert list(curve.order) == ["c", "a", "b"]
    assert list(curve.contacted()) == ["c"] and list(curve.contacted(2)) == ["c", "a"]


# ----------------------------------------------------------------------------- 2. horizons in months
def _days_table():
    """Tenure in days: churners at 100, 200, 300, 400 and 500 days, five customers still here at 900 days.
    Kaplan-Meier by hand: S = 0.9, 0.8, 0.7, 0.6, 0.5 after each churn; 12 months = 365.25 days -> 0.7;
    24 months = 730.5 days -> 0.5; the median is 500 days = 500 / 30.4375 = 16.43 months; longest 900 days =
    29.57 months, reached by half the customers, so the chosen horizons are 12 and 24 months (48 > 29.57)."""
    table = pd.DataFrame({"tenure": [100.0, 200, 300, 400, 500] + [900.0] * 5, "churn": [1] * 5 + [0] * 5})
    table.attrs["tenure_unit"] = "days"
    return table


def test_retention_summary_days_tenure_by_hand():
    curves = kaplan_meier_by_segment(_days_table())
    summary = retention_summary(curves, tenure_unit="days")
    assert list(summary.columns) == ["customers", "retained_12", "retained_24", "median_lifetime", "longest"]
    row = summary.iloc[0]
    assert row["retained_12"] == pytest.approx(0.7) and row["retained_24"] == pytest.approx(0.5)
    assert row["median_lifetime"] == pytest.approx(500 / 30.4375)
    assert row["longest"] == pytest.approx(900 / 30.4375)
    # the bug: 12 / 24 read in days (before the first churn) gave 100 % for every group
    assert retention_summary(curves, at=(12, 24), tenure_unit="months").iloc[0]["retained_12"] == 1.0
    # the same customers with tenure in months give the same table
    months = _days_table().assign(tenure=lambda t: t["tenure"] / 30.4375)
    same = retention_summary(kaplan_meier_by_segment(months), tenure_unit="months")
    pd.testing.assert_frame_equal(same, summary)


@pytest.mark.parametrize("lang, retained, median, value", [
    ("en", "Retained after 12 months (%)", "Median lifetime (months)", "16.4"),
    ("zh", "12 个月后留存（%）", "中位生命周期（个月）", "16.4")])
def test_retention_table_says_months(lang, retained, median, value):
    summary = retention_summary(kaplan_meier_by_segment(_days_table()), tenure_unit="days")
    shown = page.retention_table(summary, None, lang, tenure_unit="days")
    assert retained in shown.columns and median in shown.columns
    assert shown[retained].tolist() == ["70"] and shown[median].tolist() == [value]
    assert not any("天" in c or "days" in c for c in shown.columns)


def test_analyse_churn_days_tenure():
    table = _table(False)
    days = table.assign(tenure=table["tenure"] * 30.4375)
    days.attrs["tenure_unit"] = "days"
    in_days = analyse_churn(days, value_column="fee", offer_cost=10.0, cv=3, random_state=0)
    in_months = analyse_churn(table, value_column="fee", offer_cost=10.0, cv=3, random_state=0)
    assert in_days.tenure_unit == "days"
    # tenure is a model feature too; the read-offs (in months) agree whatever the unit
    pd.testing.assert_frame_equal(in_days.retention, in_months.retention)
    assert [c for c in in_days.retention.columns if c.startswith("retained_")] == ["retained_12", "retained_24"]


def test_retention_horizons_rule():
    assert STANDARD_HORIZONS == (12, 24, 48)
    assert retention_horizons(70) == (12, 24, 48)
    assert retention_horizons(30) == (12, 24)
    assert retention_horizons(10) == (2, 5, 8)          # quarters of 10 months, whole months
    assert retention_horizons(1.5) == (1,)
    assert retention_horizons(0.5) == ()
    assert retention_horizons(10, at=(3, 6, 18), longest_months=12) == (3, 6)   # the reader's, cut at the longest


# ----------------------------------------------------------------------------- 3. a campaign to almost everyone
def test_ranking_adds_little_rule():
    assert BROAD_CAMPAIGN_SHARE == 0.8 and MIN_TARGETING_LIFT == 1.2
    assert ranking_adds_little(78 / 79, 1.0)           # the bakery: 98.7 % contacted, lift 1.0
    assert ranking_adds_little(0.85, 3.0)               # almost everyone, however good the top decile
    assert ranking_adds_little(0.3, 1.1)                # few contacted, but the riskiest tenth is average
    assert not ranking_adds_little(0.3, 2.5)
    assert not ranking_adds_little(0.8, 1.2)            # the bounds themselves still count as targeting


@pytest.mark.parametrize("lang, broad, targeted", [
    ("en", "not a targeted campaign", "Contacting more customers would cost more than it saves"),
    ("zh", "而不是有针对性的活动", "联系更多客户的成本将超过其带来的收益")])
def test_findings_say_ranking_adds_little(solid, lang, broad, targeted):
    context = ReportContext(name="FitWell Studio", currency=currency("GBP"))
    n_current = 79
    campaign = {"customers_to_contact": 78, "contact_share": 78 / 79, "campaign_cost": 1170.0,
                "saved_value": 9708.9, "expected_saving": 8538.9}
    quality = pd.Series({"roc_auc": 0.65, "top_decile_lift": 1.0})
    kw = dict(offer_cost=15.0, success_rate=0.25, expected_months=12.0)
    words = page.churn_findings(solid.overview, quality, campaign, n_current, context, lang, **kw).data
    assert broad in words and targeted not in words
    assert "78" in words and "79" in words and "98.7%" in words and "1.0" in words
    # the same campaign at 30 % of customers with a lift of 2.5 is a targeted one
    narrow = dict(campaign, customers_to_contact=24, contact_share=24 / 79)
    words = page.churn_findings(solid.overview, pd.Series({"roc_auc": 0.8, "top_decile_lift": 2.5}), narrow,
                                n_current, context, lang, **kw).data
    assert broad not in words and "24" in words


def test_solid_gym_campaign_flag(solid):
    expected = not ranking_adds_little(solid.campaign["contact_share"], float(solid.quality["top_decile_lift"]))
    assert solid.targeted is expected


# ----------------------------------------------------------------------------- 4. Chinese spacing
CJK = "[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
#: fields holding words (a business, a column, a segment), written without spaces next to Chinese characters
WORD_FIELDS = r"\*?\{(name|column|columns|segment|verdict|quality|what|title)\}\*?"


@pytest.mark.parametrize("key", sorted(TEXT))
def test_no_space_around_word_fields_in_chinese(key):
    zh = TEXT[key].get("zh", "")
    assert not re.search(f"{CJK} {WORD_FIELDS}|{WORD_FIELDS} {CJK}", zh), zh


def test_data_sentence_names_business_without_spaces():
    context = ReportContext(name="麦香面包店", currency=currency("CNY"))
    overview = {"customers": 150, "churners": 71, "churn_rate": 71 / 150}
    words = page.data_sentence(overview, context, "zh", n_database=150).data
    assert words.startswith("本报告分析麦香面包店的 150 位客户")
