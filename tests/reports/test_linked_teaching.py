"""Teaching notebooks 15-17 on a small linked database (make_company through the store's imports), and the
sections that say which data they need.

One run of each notebook in English and of notebook 15 (the most figures from other engines) in Chinese; every
page must be clean (page_problems) and show what it teaches: the funnel and the course's figures (15), the
questionnaire files and the check against the simulation's truth (16), the upgrade list and the back-test (17).
"""
import warnings

import numpy as np
import pandas as pd
import pytest

from crm_analysis.datasets import ECSI_ITEMS, make_company
from crm_analysis.present import linked_teaching as page
from crm_analysis.present import text
from crm_analysis.present.exports import ReportNeedsData
from crm_analysis.reports.checks import page_problems, visible_text
from crm_analysis.reports.runner import run_report
from crm_analysis.satisfaction.delivered_value import DELIVERED_VALUE_ITEMS
from crm_analysis.store import CustomerStore

SURVEY_ITEMS = [f"{prefix}{j}" for prefix, k in ECSI_ITEMS.values() for j in range(1, k + 1)]


def _store(path, company, *, complaints=True, costs=True, survey=True):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        db = CustomerStore.create(path, name="Small tea company", currency="CNY", margin=company.margin,
                                  offer_cost=company.offer_cost, synthetic=True)
        db.add_transactions(company.transactions, customer_col="customer_id", date_col="date", amount_col="amount")
        customers = company.customers if costs else company.customers.drop(columns=["cost_to_serve"])
        db.add_customers(customers, customer_col="customer_id", churn_col="churn", tenure_col="tenure",
                         tenure_unit="months")
        if survey:
            db.add_survey(company.surveys, scale=(1, 10), items=SURVEY_ITEMS, customer_col="customer_id",
                          date_col="date")
        if complaints:
            db.add_complaints(company.complaints, resolved_col="resolved", category_col="category",
                              days_to_resolve_col="days_to_resolve", complaint_id_col="complaint_id")
        db.close()
    return path


@pytest.fixture(scope="module")
def company():
    return make_company(700, random_state=11)


@pytest.fixture(scope="module")
def linked_store(tmp_path_factory, company):
    return _store(tmp_path_factory.mktemp("linked") / "tea.duckdb", company)


RUNS = [("15_teach_complaints", "en", {"n_bootstrap": 20, "matches": 2}),
        ("15_teach_complaints", "zh", {"n_bootstrap": 20, "matches": 2}),
        ("16_teach_delivered_value", "en", {"n_respondents": 150}),
        ("17_teach_tiers", "en", {})]


@pytest.mark.parametrize("notebook, lang, parameters", RUNS, ids=[f"{n[:2]}-{lang}" for n, lang, _ in RUNS])
def test_notebook_runs_clean(notebook, lang, parameters, linked_store, tmp_path):
    html = run_report(notebook, parameters, output_dir=tmp_path, lang=lang, store=linked_store).read_text("utf-8")
    assert page_problems(html, lang) == []
    shown = visible_text(html)
    if notebook.startswith("15"):
        assert ("C11" in shown) and (("synthetic data" in shown) if lang == "en" else ("模拟数据" in shown))
        assert ("67% of dissatisfied customers complain" in shown) if lang == "en" else ("投诉漏斗" in shown)
    if notebook.startswith("16"):
        assert "Check against the truth of the simulation" in shown
        items = pd.read_csv(tmp_path / "16_teach_delivered_value_questionnaire.csv", encoding="utf-8-sig")
        assert list(items["Item"]) == DELIVERED_VALUE_ITEMS and items["Question (Chinese)"].str.len().min() > 3
        sheet = pd.read_csv(tmp_path / "16_teach_delivered_value_answer_sheet.csv", encoding="utf-8-sig")
        assert list(sheet.columns) == ["customer_id", "date"] + DELIVERED_VALUE_ITEMS
    if notebook.startswith("17"):
        assert "The key tier starts at a profit of" in shown and "Key in the later period" in shown
        listed = pd.read_csv(tmp_path / "17_teach_tiers_upgrade_candidates.csv", dtype={"Customer": str},
                             encoding="utf-8-sig")
        assert len(listed) > 0 and listed["Customer"].str.len().eq(6).all()   # zero-padded text ids, header in en


def test_missing_tables_say_what_they_need(tmp_path, company):
    bare = _store(tmp_path / "bare.duckdb", company, complaints=False, costs=False, survey=False)
    with CustomerStore(bare, read_only=True) as db:
        with pytest.raises(ReportNeedsData, match="complaint log"):
            page.complaint_data(db, "en")
        with pytest.raises(ReportNeedsData, match="cost to serve"):
            page.require_costs(db, "en")
    real = tmp_path / "real.duckdb"                   # not synthetic and no delivered-value items: needs the survey
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        db = CustomerStore.create(real, name="Real shop", currency="CNY")
        db.add_customers(company.customers[["customer_id", "segment"]], customer_col="customer_id")
        db.close()
    with CustomerStore(real, read_only=True) as db:
        with pytest.raises(ReportNeedsData, match="delivered-value questionnaire"):
            page.delivered_value_data(db, "en")


def test_funnel_section_without_survey_is_a_note(tmp_path, company, capsys):
    no_survey = _store(tmp_path / "nosurvey.duckdb", company, survey=False)
    with CustomerStore(no_survey, read_only=True) as db:
        data = page.complaint_data(db, "zh")
    assert data.satisfaction is None
    assert page.funnel_section(data, "zh") is None              # the section says it needs sat1-sat4
    assert page.funnel_table(None, "zh").data == ""


def test_delivered_value_from_the_database_survey(tmp_path, company):
    """A database whose survey holds the 16 items is read as it is (no simulation), other questionnaires left out."""
    from crm_analysis.demo_delivered_value import make_delivered_value_survey

    path = _store(tmp_path / "dv.duckdb", company)
    answers = make_delivered_value_survey(customer_ids=company.customers["customer_id"][:80], random_state=4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with CustomerStore(path) as db:
            db.add_survey(answers[["customer_id"] + DELIVERED_VALUE_ITEMS], scale=(1, 7), items=DELIVERED_VALUE_ITEMS,
                          customer_col="customer_id")
    with CustomerStore(path, read_only=True) as db:
        data = page.delivered_value_data(db, "en")
    assert data.source == "database" and len(data.survey) == 80 and data.truth is None
    assert data.n_other_rows == len(company.surveys)               # the ECSI responses are another questionnaire
    assert "80 respondents" in page.dv_source_sentence(data, "en").data


def test_two_periods_by_hand():
    from crm_analysis.present import ReportContext, currency

    context = ReportContext(name="x", currency=currency("CNY"), first=pd.Timestamp("2023-01-01"),
                            last=pd.Timestamp("2025-12-31"))
    # 12 months up to 2025-12-31: 2025-01-01..2025-12-31, and the 12 months before: 2024-01-01..2024-12-31
    assert page.two_periods(context) == (("2024-01-01", "2024-12-31"), ("2025-01-01", "2025-12-31"))
    # 6 months up to 2025-06-30: 2025-01-01..2025-06-30 and 2024-07-01..2024-12-31
    assert page.two_periods(context, "2025-06-30", 6) == (("2024-07-01", "2024-12-31"), ("2025-01-01", "2025-06-30"))


def test_course_claims_verdicts_by_hand():
    """67 % inside [0.60, 0.70] is consistent, 75 % outside [0.40, 0.50] is not; without recovery or before-churn
    results those rows are not testable; real data are called real."""
    from types import SimpleNamespace

    funnel = pd.DataFrame({"share": [0.5, 0.65, 0.3, 0.45], "ci_lower": [0.4, 0.60, 0.2, 0.40],
                           "ci_upper": [0.6, 0.70, 0.4, 0.50]})
    data = SimpleNamespace(synthetic=False)
    table = page.course_claims(funnel, None, None, data, "en").table
    verdicts = table["Interval and claim"].tolist()
    assert verdicts[:2] == ["consistent", "not consistent"]
    assert verdicts[2:] == ["not testable with this data"] * 5
    assert table["Evidence"].tolist()[:2] == ["real data"] * 2 and table["Evidence"].tolist()[2] == "no data"


def test_template_files(tmp_path):
    written = page.write_delivered_value_template(tmp_path / "template.csv", lang="zh")
    items = pd.read_csv(written[0], encoding="utf-8-sig", index_col=0)
    assert list(items.index) == DELIVERED_VALUE_ITEMS and "问题（中文）" in items.columns
    assert list(pd.read_csv(written[1], encoding="utf-8-sig").columns)[2:] == DELIVERED_VALUE_ITEMS
    (xlsx,) = page.write_delivered_value_template(tmp_path / "template.xlsx")
    assert set(pd.read_excel(xlsx, sheet_name=None)) == {"items", "answers"}


# ------------------------------------------------------------------ own data: no tenure, other column names
def _store_without_tenure(path, company):
    """The customers with acquisition_date, churn and churn_date but no tenure, the segment column named "行业"
    (a business's own name for it), the ECSI satisfaction items renamed Q1-Q4."""
    customers = company.customers.drop(columns=["tenure"]).rename(columns={"segment": "trade"})
    survey = company.surveys.rename(columns={f"sat{i}": f"Q{i}" for i in range(1, 5)})
    items = ["Q" + c[3:] if c.startswith("sat") else c for c in SURVEY_ITEMS]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        db = CustomerStore.create(path, name="Own tea shop", currency="CNY", margin=company.margin)
        db.add_transactions(company.transactions, customer_col="customer_id", date_col="date", amount_col="amount")
        db.add_customers(customers, customer_col="customer_id", churn_col="churn",
                         roles={"acquisition_date": "acquisition_date", "churn_date": "churn_date"})
        db.add_survey(survey, scale=(1, 10), items=items, customer_col="customer_id", date_col="date")
        db.add_complaints(company.complaints, resolved_col="resolved", category_col="category",
                          days_to_resolve_col="days_to_resolve", complaint_id_col="complaint_id")
        db.close()
    return path


@pytest.fixture(scope="module")
def own_store(tmp_path_factory, company):
    return _store_without_tenure(tmp_path_factory.mktemp("own") / "own.duckdb", company)


def test_report_15_on_a_database_without_tenure(own_store, tmp_path):
    """Report 15 stopped here ("complaint rates per customer-year need ... the observation end"): now the
    observation end is the last purchase (stated), and the items and the segment column are parameters."""
    html = run_report("15_teach_complaints", {"n_bootstrap": 20, "matches": 2, "satisfaction_items": "Q1,Q2,Q3,Q4",
                                              "segment_col": "trade"},
                      output_dir=tmp_path, lang="zh", store=own_store).read_text("utf-8")
    assert page_problems(html, "zh") == []
    shown = visible_text(html)
    assert "数据统计到" in shown and "最后一次购买" in shown          # the observation end, stated
    assert "complaint_id" not in shown and "投诉编号" in shown         # preview headers in the page language
    assert "问卷中没有题项" not in shown and "1. 不满意（占受访客户）" in shown   # the funnel ran on Q1-Q4
    assert "在演示数据" not in shown                                     # no demo reading on a business's data
    assert "C11" in shown and "（C10）" in shown


def test_c10_and_c11_are_report_33s_test(own_store):
    """Same engine call, same defaults, same observation end as report 33: the same numbers, and the same sentence
    and verdict words (the sign of 'stay less ... by x points' is report 33's)."""
    from crm_analysis.present.customer_base import complaints as r33
    from crm_analysis.present.customer_base import read_linked
    from crm_analysis.satisfaction import complaints_before_churn, service_recovery

    with CustomerStore(own_store, read_only=True) as db:
        data = page.complaint_data(db, "en")
        linked = read_linked(db)
    assert data.observation_end == linked.report_date and data.end_source == "transactions"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        recovery = page.recovery_section(data, "en", n_bootstrap=30)
        before = page.before_churn_section(data, "en")
        theirs = service_recovery(linked.complaints, linked.customers, observation_end=linked.report_date,
                                  horizon_months=12, n_bootstrap=30, random_state=0)
        theirs_before = complaints_before_churn(linked.complaints, linked.customers,
                                                observation_end=linked.report_date, random_state=0, window_days=90)
    pd.testing.assert_frame_equal(recovery.differences, theirs.differences)
    pd.testing.assert_frame_equal(before.groups, theirs_before.groups)
    assert page.recovery_reading(recovery, data, "en").data == r33.recovery_sentence(theirs, "en")
    assert page.before_churn_reading(before, "en").data == r33.before_churn_sentence(theirs_before, "en")
    claims = page.course_claims(None, recovery, before, data, "en").table
    verdicts = dict(zip(claims.index, claims["Interval and claim"]))
    c10 = r33.c10_verdict(theirs)
    assert verdicts["C10: resolved complainers are more loyal than customers who never complained"] == \
        text(f"tl_c10_verdict_{c10}", "en")


def test_verdicts_by_hand():
    """C10: interval above 0 holds, below 0 is the opposite, across 0 noise.  C11: 'most' = churners' interval above
    one half, 'more' = difference interval above 0; most but not more is 'only in part' (it used to be 'noise')."""
    from types import SimpleNamespace

    from crm_analysis.present.customer_base.complaints import c10_verdict, c11_verdict

    def rec(lo, hi):
        return SimpleNamespace(differences=pd.DataFrame({"estimate": [(lo + hi) / 2], "ci_lower": [lo],
                                                         "ci_upper": [hi]}))
    assert [c10_verdict(rec(0.01, 0.2)), c10_verdict(rec(-0.206, -0.001)), c10_verdict(rec(-0.1, 0.1))] == \
        ["supported", "opposite", "noise"]

    def c11(lo, hi, diff_lo):
        groups = pd.DataFrame({"customers": [40, 200], "share": [(lo + hi) / 2, 0.6], "ci_lower": [lo, 0.5],
                               "ci_upper": [hi, 0.7]}, index=["churners", "stayers"])
        return SimpleNamespace(groups=groups, difference=pd.Series({"ci_lower": diff_lo}))
    # churners 17%-34% (below one half), difference 0.8 to 20 points above 0: more often, not most (xihu's case)
    assert c11_verdict(c11(0.17, 0.34, 0.008)) == "more_not_most"
    assert c11_verdict(c11(0.6, 0.8, 0.1)) == "supported"
    assert c11_verdict(c11(0.6, 0.8, -0.05)) == "most_not_more"
    assert c11_verdict(c11(0.2, 0.4, -0.05)) == "not_most"


def _funnel(kept, lost, unknown=0):
    """Funnel rows as complaint_funnel returns them: shares with intervals, the comparison row 4 after row 3."""
    rows = [(33, 131, 0.25, 0.18, 0.33), (24, 33, 0.73, 0.56, 0.85), (12, 21, 0.57, 0.36, 0.76), kept, lost,
            (5, 9, 0.56, 0.27, 0.81)]
    table = pd.DataFrame(rows, columns=["customers", "base", "share", "ci_lower", "ci_upper"],
                         index=["dissatisfied customers", "complained", "complaint resolved", "stayed",
                                "stayed after an unresolved complaint", "stayed without complaining"])
    table["claim"] = [np.nan, 0.67, np.nan, 0.75, np.nan, np.nan]
    table.attrs = {"n_unknown_resolution": unknown}
    return table


def test_funnel_reading_is_chosen_by_the_numbers():
    """68 % vs 77 % (the trial's table) must never read 'a resolved complaint keeps far more': the intervals
    overlap, so the sentence says the data do not show it; the demo's lesson only on the demo."""
    from types import SimpleNamespace

    own, demo = SimpleNamespace(demo=False), SimpleNamespace(demo=True)
    overlap = _funnel((4, 12, 0.33, 0.14, 0.61), (7, 9, 0.78, 0.45, 0.94))
    said = page.funnel_reading(overlap, own, "en").data
    assert "do not show that resolving keeps more" in said and "kept more of them" not in said
    assert "73% of the 33 dissatisfied complained (56% to 85%), in line with the course's 67%" in said
    assert "On the demo data" not in said and "On the demo data" in page.funnel_reading(overlap, demo, "en").data
    clear = _funnel((11, 12, 0.92, 0.80, 0.99), (2, 9, 0.22, 0.06, 0.55))       # 80-99 % above 6-55 %
    assert "kept more of them" in page.funnel_reading(clear, own, "en").data
    # 24 complainers, 21 with a known outcome: the 3 others are said to be left out, under the table
    assert "3 of the 24 dissatisfied complainers are left out" in page.funnel_table(_funnel(
        (4, 12, 0.33, 0.14, 0.61), (7, 9, 0.78, 0.45, 0.94), unknown=3), "en").note
    from crm_analysis.present.customer_base.complaints import funnel_unknown_sentence   # report 33 says it too

    assert funnel_unknown_sentence(_funnel((4, 12, 0.33, 0.14, 0.61), (7, 9, 0.78, 0.45, 0.94), unknown=3),
                                   "zh").startswith("24 位投诉过的不满意客户中，有 3 位不计入")
    assert funnel_unknown_sentence(overlap, "en") == ""


def test_named_columns_and_items_notes(own_store):
    """Without the parameters: the rates say which parameter names the group column (and list the customers'
    text columns); the funnel says the survey is there and satisfaction_items names its questions."""
    from IPython.display import Markdown

    with CustomerStore(own_store, read_only=True) as db:
        data = page.complaint_data(db, "en")
        named = page.complaint_data(db, "en", satisfaction_items="Q1, Q2,Q3,Q4", segment_col="trade")
    note = page.segment_col_note(data.customers, "segment", "tl_segment_what_rates", "en").data
    assert "parameter segment_col" in note and "`trade`" in note
    assert page.segment_col_note(named.customers, "trade", "tl_segment_what_rates", "en").data == ""
    assert data.survey_state == "items" and named.survey_state == "ok" and len(named.satisfaction) > 0
    shown = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("IPython.display.display", lambda obj: shown.append(obj.data if isinstance(obj, Markdown) else obj))
        assert page.funnel_section(data, "en") is None
    assert "satisfaction_items" in shown[0] and "import survey" not in shown[0]
    preview = page.complaints_preview(data, "zh").table
    assert preview.index.name == "投诉编号" and list(preview.columns[:2]) == ["客户", "日期"]
    assert str(data.observation_end.date()) in page.complaint_data_sentence(data, "en").data


def test_delivered_value_groups_and_readings(own_store, tmp_path):
    """16 on a business's database: the segment column named by segment_col, the gaps table a note (not bare
    headers) without groups, the customer header in the page language, no demo reading."""
    from crm_analysis.demo_delivered_value import make_delivered_value_survey
    from crm_analysis.satisfaction.delivered_value import component_profile, delivered_value

    import shutil

    path = shutil.copy(own_store, tmp_path / "own_dv.duckdb")   # the shared store stays without these answers
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with CustomerStore(path) as db:
            ids = db.customers().index[:120]
            answers = make_delivered_value_survey(customer_ids=ids, random_state=2)
            db.add_survey(answers[["customer_id"] + DELIVERED_VALUE_ITEMS], scale=(1, 7), items=DELIVERED_VALUE_ITEMS,
                          customer_col="customer_id")
        with CustomerStore(path, read_only=True) as db:
            bare = page.delivered_value_data(db, "en")
            named = page.delivered_value_data(db, "zh", segment_col="trade", satisfaction_items="Q1,Q2,Q3,Q4")
        scores = delivered_value(named.survey)
        profile, flat = component_profile(scores, named.segments), component_profile(scores, bare.segments)
    assert bare.segments is None and "parameter segment_col" in page.dv_segments_note(bare, "en").data
    assert page.dv_profile_table(flat.drop(index="all"), "en").data == text("tl_dv_no_groups", "en")
    assert len(profile) > 2 and page.dv_segments_note(named, "zh").data == ""
    reading = page.dv_profile_reading(profile, named, "zh").data
    assert "各客户群离全体样本最远的构成部分" in reading and "演示数据" not in reading
    assert bare.items_missing and not named.items_missing and named.outcomes["satisfaction"].notna().any()
    assert page.dv_answers_preview(named, "zh").table.index.name == "客户"
    assert page.dv_score_table(scores, "zh").table.index.name == "客户"


def test_outcome_reading_by_hand():
    """Signs counted against the theory (delivered value + with satisfaction, − with churn; cost the other way);
    'strongest' only among correlations whose interval excludes 0."""
    from types import SimpleNamespace

    links = pd.DataFrame({"measure": ["delivered_value", "total_cost", "delivered_value"],
                          "outcome": ["satisfaction", "satisfaction", "churn"], "n": [100, 100, 100],
                          "correlation": [0.40, 0.10, -0.05], "ci_lower": [0.22, -0.1, -0.24],
                          "ci_upper": [0.55, 0.29, 0.15]}).set_index(["measure", "outcome"])
    data = SimpleNamespace(items_missing=False, items=("sat1",), source="database")
    said = page.dv_outcome_reading(links, data, "en").data
    # signs: +0.40 expected +, +0.10 expected − (cost), −0.05 expected − (churn): 2 of 3; clear of 0: only 0.40
    assert "2 of the 3 correlations have the sign the theory predicts; 1 of them" in said
    assert "(r = 0.40)" in said and "On the demo data" not in said
    noise = links.assign(ci_lower=-0.1, ci_upper=0.6)
    assert "strongest" not in page.dv_outcome_reading(noise, data, "en").data


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_whale_sentence_without_bad_customers_says_so(lang):
    # five customers, none losing money: the curve ends at its peak (100 %), nothing is "taken back" (it read
    # "the rest, among them the 0 bad customers, take -0% of the total profit back")
    from crm_analysis.present.linked_teaching import tiers
    from crm_analysis.value import profit_pyramid, whale_curve

    profit = pd.DataFrame({"profit": [50.0, 20.0, 15.0, 10.0, 5.0]},
                          index=pd.Index(["001", "002", "003", "004", "005"], name="customer_id"))
    shown = tiers.whale_sentence(whale_curve(profit), profit_pyramid(profit), lang).data
    assert "-0" not in shown and ("0 bad" not in shown) and "0 位劣质" not in shown
    assert ("50%" in shown) and (("no bad customers" in shown) if lang == "en" else ("没有劣质客户" in shown))
