"""Teaching notebooks 15-17 on a small linked database (make_company through the store's imports), and the
sections that say which data they need.

One run of each notebook in English and of notebook 15 (the most figures from other engines) in Chinese; every
page must be clean (page_problems) and show what it teaches: the funnel and the course's figures (15), the
questionnaire files and the check against the simulation's truth (16), the upgrade list and the back-test (17).
"""
import warnings

import pandas as pd
import pytest

from crm_analysis.datasets import ECSI_ITEMS, make_company
from crm_analysis.present import linked_teaching as page
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
        listed = pd.read_csv(tmp_path / "17_teach_tiers_upgrade_candidates.csv", dtype={"customer_id": str},
                             encoding="utf-8-sig")
        assert len(listed) > 0 and listed["customer_id"].str.len().eq(6).all()       # zero-padded text ids


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
