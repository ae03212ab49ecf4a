"""Report 33 (customer base, management): page builders on hand-computed cases, figures in Chinese, and two
notebook runs (the demo company in Chinese; a database without survey, complaints and cost columns in English,
whose sections say which data they need while the rest renders)."""
import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from crm_analysis.present import ReportContext, currency
from crm_analysis.present import customer_base as page
from crm_analysis.reports.checks import page_problems, visible_text

CNY = ReportContext(name="Test tea", currency=currency("CNY"))
NBSP = "\u00a0"


# ---------------------------------------------------------------------------------------------- hand-computed
def test_period_words():
    assert page.period_label(pd.Period("2025Q4"), "en") == f"2025{NBSP}Q4"   # never broken over two lines
    assert page.period_label(pd.Period("2025Q4"), "zh") == "2025年第4季度"
    assert page.period_label(pd.Period("2025-03", freq="M"), "en") == "2025-03"
    assert page.window_words(4, "Q", "en") == "4 quarters" and page.window_words(1, "Y", "en") == "year"
    assert page.window_words(1, "Y", "en", article=True) == "a year" and page.window_words(1, "Y", "zh") == "1 年"


def _tiny_kpis():
    from crm_analysis.value.cohorts import period_kpis

    # a buys in 2024 Q1 and Q2, b only in Q1, c first in Q2; active window 1 quarter
    tx = pd.DataFrame({"customer_id": ["a", "b", "a", "c"],
                       "date": pd.to_datetime(["2024-01-10", "2024-02-01", "2024-05-05", "2024-06-01"]),
                       "amount": [5.0, 7.0, 10.0, 20.0]})
    return period_kpis(tx, period="Q", active_window=1, observation_end="2024-06-30")


def test_glance_kpis_give_each_number_with_its_base():
    kpis = _tiny_kpis()
    shown = page.glance_kpis(kpis, CNY, "en")
    q2, q1 = f"2024{NBSP}Q2", f"2024{NBSP}Q1"
    # Q2: buyers a, c; active a, c (of 3 acquired by then: a, b in Q1, c in Q2); new c; of the 2 active at the
    # end of Q1 (a, b) a is retained (1/2) and b lost (1/2); repeat rate: a of the buyers a, c had bought before
    assert shown[f"Active customers at the end of {q2} (bought in the last quarter)"] == \
        "2 of 3 customers acquired so far"
    assert shown[f"New customers in {q2} (first purchase)"] == "1"
    assert shown[f"Retained in {q2}: active at the end of {q1} and still active"] == "1 of 2 (50.0%)"
    assert shown[f"Lost in {q2}: active at the end of the previous period, no purchase in the last quarter"] == \
        "1 of 2 (50.0%)"
    assert shown[f"Repeat rate in {q2}: buyers who had bought before"] == "50.0% (1 of 2 buyers)"
    assert shown[f"Revenue in {q2} (CNY)"] == "CN¥30 from 2 buyers"            # 10 + 20
    zh = page.glance_kpis(kpis, CNY, "zh")
    assert "2（迄今获得的 3 位客户中）" in zh.values() and "¥30（来自 2 位购买客户）" in zh.values()


def test_period_table_newest_first_with_rates_in_percent():
    table = page.period_table(_tiny_kpis(), CNY, "en")
    assert list(table.index) == [f"2024{NBSP}Q2", f"2024{NBSP}Q1"]
    row = table.iloc[0]
    assert (row["New"], row["Active at the end"], row["Retained"], row["Lost"]) == ("1", "2", "1", "1")
    assert row["Retention rate"] == "50.0%" and row["Revenue (CNY)"] == "CN¥30"
    assert table.iloc[1]["Retention rate"] == "–"                               # nobody was active before Q1


def _tiny_bridge():
    from crm_analysis.value.cohorts import equity_bridge

    # the engine's example: values at start a 10, b 20; at end a 15, b 5, c 8; a bought again, b did not, c is new
    tx = pd.DataFrame({"customer_id": ["a", "b", "a", "c"],
                       "date": pd.to_datetime(["2024-01-05", "2024-01-10", "2024-03-01", "2024-02-15"]),
                       "amount": [1.0, 1.0, 1.0, 1.0]})
    return equity_bridge(tx, start="2024-01-31", end="2024-03-31", values_start=pd.Series({"a": 10.0, "b": 20.0}),
                         values_end=pd.Series({"a": 15.0, "b": 5.0, "c": 8.0}))


def test_bridge_table_and_sentence():
    bridge = _tiny_bridge()
    table = page.bridge_table(bridge, CNY, "en")
    # E0 = 30; acquisition + 8 (c); retention 5 - 20 = -15 (b); activity 15 - 10 = +5 (a); E1 = 28
    assert table.iloc[:, 1].tolist() == ["CN¥30", "+CN¥8", "-CN¥15", "+CN¥5", "CN¥28"]
    assert table.iloc[:, 0].tolist() == ["2", "1", "1", "1", "3"]
    sentence = page.bridge_sentence(bridge, CNY, "en")
    assert "from CN¥30 on 2024-01-31 (2 customers) to CN¥28 on 2024-03-31 (3)" in sentence
    assert "new customers +CN¥8 (1), lost customers -CN¥15 (1)" in sentence
    assert "¥30" in page.bridge_sentence(bridge, CNY, "zh") and "CN¥" not in page.bridge_sentence(bridge, CNY, "zh")


def _tiny_warnings():
    from crm_analysis.churn import early_warnings

    customers = pd.DataFrame({"customer_id": ["007", "012", "020"], "segment": ["office", "restaurant", "x"],
                              "sales_plan": [1000.0, 100.0, 500.0], "balance": [5000.0, 0.0, 100.0],
                              "credit_limit": [4000.0, 1000.0, 1000.0]})
    tx = pd.DataFrame({"customer_id": ["007", "007", "012", "020"],
                       "date": pd.to_datetime(["2025-11-15", "2025-12-01", "2025-11-20", "2025-12-10"]),
                       "amount": [700.0, 500.0, 900.0, 300.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return early_warnings(tx, customers, as_of="2025-12-31", p_alive=pd.Series(0.9, index=customers.customer_id),
                              value=pd.Series([300.0, 600.0, 100.0], index=customers.customer_id)), customers


def test_warning_table_list_and_needs():
    warned, customers = _tiny_warnings()
    table = page.warning_table(warned, CNY, "en")
    # 3 current customers worth 1,000: behind plan 007 (1,200 < 0.8 x 1,000 x 3) and 020 (300 < 1,200): 2, 400;
    # over credit 007 (5,000 > 4,000): 1, 300; cost above budget not checked (no cost columns); any: 2, 400
    assert table.loc["orders behind plan"].tolist() == ["2", "66.7%", "CN¥400", "40.0%"]
    assert table.loc["debt above the credit limit"].tolist() == ["1", "33.3%", "CN¥300", "30.0%"]
    assert table.loc["stopped ordering"].tolist() == ["0", "0.0%", "CN¥0", "0.0%"]
    assert table.loc["cost above budget"].iloc[0] == "not checked (needs cost_to_serve, service_budget)"
    assert table.loc["any warning"].tolist() == ["2", "66.7%", "CN¥400", "40.0%"]
    assert "of 3 current customers" in table.columns[1]
    shown = page.warning_list(warned, customers, CNY, "en", top=1, for_page=True)
    assert list(shown.index) == ["007"]                                          # most valuable first, id as text
    reasons = shown.iloc[0]["Reasons"]
    assert "revenue CNY 1,200 in the last 3 months against a plan of CNY 3,000" in reasons
    assert "balance CNY 5,000 against a credit limit of CNY 4,000 (CNY 1,000 over)" in reasons
    exported = page.warning_list(warned, customers, CNY, "en")
    assert list(exported.index) == ["007", "020"] and exported.iloc[:, 1].tolist() == [300.0, 100.0]
    assert exported["orders behind plan"].tolist() == [True, True] and "cost above budget" not in exported
    assert exported["debt above the credit limit"].tolist() == [True, False]
    boxes = page.warning_needs(warned, "en")
    assert len(boxes) == 1 and "--cost-to-serve-col COLUMN --service-budget-col COLUMN" in boxes[0].data
    assert "orders behind plan" in page.broad_warning_note(warned, "en")          # 67% warned > 50%
    assert "办公单位" in page.warning_list(warned, customers, CNY, "zh", for_page=True).to_string()


def test_matrix_table_and_the_valuable_dissatisfied_first():
    from crm_analysis.satisfaction.linked import satisfaction_value_matrix

    # the engine's example: values a-e 100, 50, 10, 5, 0, top 40 % valuable (a, b); indices a 30, b 80, c 20, d 90
    value = pd.Series([100.0, 50.0, 10.0, 5.0, 0.0], index=pd.Index(list("abcde"), name="customer_id"))
    sat = pd.Series([30.0, 80.0, 20.0, 90.0], index=pd.Index(list("abcd"), name="customer_id"), name="satisfaction")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matrix = satisfaction_value_matrix(sat, value, value_share=0.4)
    table = page.matrix_table(matrix, CNY, "en")
    assert list(table.index) == ["Valuable and dissatisfied", "Valuable and satisfied", "Others, dissatisfied",
                                 "Others, satisfied"]
    # 4 matched customers, one per group; value 165 in all: 100 / 165 = 60.6 %, 50 / 165 = 30.3 %
    assert table.iloc[0].tolist() == ["1", "25.0%", "CN¥100", "60.6%", "30"]
    assert table.iloc[1].tolist() == ["1", "25.0%", "CN¥50", "30.3%", "80"]
    listed = page.dissatisfied_list(matrix, None, CNY, "en", for_page=True)
    assert list(listed.index) == ["a"] and listed.iloc[0].tolist() == ["30", "CN¥100"]


def test_funnel_and_claims_in_plain_words():
    funnel = pd.DataFrame({"customers": [4, 2, 1, 1], "base": [10, 4, 2, 1], "share": [0.4, 0.5, 0.5, 1.0],
                           "ci_lower": [0.17, 0.15, 0.09, 0.21], "ci_upper": [0.69, 0.85, 0.91, 1.0],
                           "claim": [np.nan, 0.67, np.nan, 0.75], "funnel": [True] * 4},
                          index=pd.Index(["dissatisfied customers", "complained", "complaint resolved", "stayed"],
                                         name="step"))
    table = page.funnel_table(funnel, "en")
    assert table.loc["… complained"].tolist() == ["2 of 4", "50% (15% to 85%)", "67%"]
    assert table.loc["Dissatisfied (of the surveyed)"].iloc[2] == "–"

    groups = ["complaint resolved", "complaint unresolved", "no complaint"]
    retention = pd.DataFrame({"customers": [50, 40, 200], "retained": [0.9, 0.5, 0.8],
                              "ci_lower": [0.85, 0.4, 0.75], "ci_upper": [0.95, 0.6, 0.85]}, index=groups)
    follow = pd.DataFrame({"group": ["no complaint"] * 200}, index=[f"c{i % 80}" for i in range(200)])

    def recovery(low):
        diffs = pd.DataFrame({"estimate": [0.1, 0.4, -0.3], "ci_lower": [low, 0.3, -0.4], "ci_upper": [0.2, 0.5, -0.2]})
        return SimpleNamespace(retention=retention, differences=diffs, horizon_months=12.0, follow=follow)

    said = page.recovery_sentence(recovery(0.02), "en")
    assert "90% (85% to 95%; 50 customers) when it had been resolved within those 30 days" in said
    assert "80 customers, drawn 200 times as comparisons" in said                # matched draws are not customers
    assert "paradox (C10) holds here" in said and "40.0 points more customers" in said
    assert "within the noise" in page.recovery_sentence(recovery(-0.05), "en")

    def before(churner_low):
        groups_ = pd.DataFrame({"customers": [40, 200], "complained": [30, 20], "share": [0.75, 0.1],
                                "ci_lower": [churner_low, 0.06], "ci_upper": [0.86, 0.15]},
                               index=["churners", "stayers"])
        return SimpleNamespace(groups=groups_, difference=pd.Series({"estimate": 0.65, "ci_lower": 0.5}),
                               window_days=90)

    assert "C11 holds here" in page.before_churn_sentence(before(0.6), "en")
    assert "within the noise" in page.before_churn_sentence(before(0.45), "en")
    assert "30 of 40 (75%; 60% to 86%)" in page.before_churn_sentence(before(0.6), "en")


# ---------------------------------------------------------------------------------------------- databases
def _store(path, company, *, linked: bool):
    from crm_analysis.demo_company import CUSTOMER_ROLE_COLUMNS
    from crm_analysis.store import CustomerStore

    store = CustomerStore.create(path, name="Teehandel Wu", currency="CNY", margin=0.35)
    store.add_transactions(company.transactions, customer_col="customer_id", date_col="date", amount_col="amount",
                           transaction_col="order_id")
    customers = company.customers
    if linked:
        roles = list(CUSTOMER_ROLE_COLUMNS)
    else:   # no plan, credit, cost or budget columns; no survey, no complaints
        customers = customers[["customer_id", "segment", "acquisition_date", "churn", "churn_date", "tenure"]]
        roles = ["acquisition_date", "churn_date"]
    store.add_customers(customers, customer_col="customer_id", churn_col="churn", tenure_col="tenure",
                        tenure_unit="months", roles={r: r for r in roles})
    if linked:
        store.add_survey(company.surveys, scale=(1, 10), items=company.surveys.attrs["items"],
                         customer_col="customer_id", date_col="date")
        store.add_complaints(company.complaints, customer_col="customer_id", date_col="date", resolved_col="resolved",
                             category_col="category", days_to_resolve_col="days_to_resolve",
                             complaint_id_col="complaint_id")
    store.close()
    return path


@pytest.fixture(scope="module")
def company():
    from crm_analysis.datasets import make_company

    return make_company(250, random_state=5)


def test_every_section_in_chinese_with_its_figures(company, tmp_path, monkeypatch):
    """In-process on a small linked database: every section displays, and every figure text is Chinese."""
    import matplotlib.pyplot as plt

    from crm_analysis.present.figures import UntranslatedTextWarning
    from crm_analysis.store import CustomerStore

    monkeypatch.setenv("CRM_ANALYSIS_REPORT_EXPORTS", str(tmp_path / "exports"))
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objs, **kw: shown.extend(objs))
    db = CustomerStore(_store(tmp_path / "linked.duckdb", company, linked=True), read_only=True)
    context = ReportContext.from_store(db)
    report = page.analyse(db, equity_periods=2, n_bootstrap=10)
    assert report.needs == {} and report.failed == {}
    with warnings.catch_warnings():
        warnings.simplefilter("error", UntranslatedTextWarning)
        for section in (page.report_periods, page.report_cohorts, page.report_bridge, page.report_satisfaction):
            section(report, context, "zh")
        page.report_warnings(report, context, "zh", top_n=5)
        page.report_complaints(report, context, "zh")
    plt.close("all")
    texts = "\n".join(o.data if hasattr(o, "data") else repr(o) if hasattr(o, "_repr_html_") else o.to_string()
                      for o in shown if hasattr(o, "data") or hasattr(o, "_repr_html_"))
    assert "C10" in texts and "C11" in texts and "¥" in texts and "CN¥" not in texts
    assert sorted(p.name for p in (tmp_path / "exports").glob("*.csv")) == ["report_early_warnings.csv",
                                                                            "report_valuable_dissatisfied.csv"]
    first = pd.read_csv(tmp_path / "exports" / "report_early_warnings.csv", dtype=str, encoding="utf-8-sig")
    assert first.iloc[:, 0].str.fullmatch(r"\d{6}").all()                        # ids keep their zeros
    db.close()


def test_a_database_without_survey_complaints_or_costs_says_what_each_section_needs(company, tmp_path):
    from crm_analysis.reports.runner import run_report

    db = _store(tmp_path / "bare.duckdb", company, linked=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        html = run_report("33_mgmt_customer_base", {"equity_periods": 1, "n_bootstrap": 10}, tmp_path / "out",
                          lang="en", store=db).read_text(encoding="utf-8")
    assert page_problems(html, "en") == []
    shown = visible_text(html)
    assert "Teehandel Wu" in shown and "CN¥" in shown
    assert "This section needs survey answers linked to customers" in shown
    assert "crm-analysis import survey FILE" in shown
    assert "This section needs a complaint log" in shown and "crm-analysis import complaints FILE" in shown
    assert "--sales-plan-col COLUMN --balance-col COLUMN --credit-limit-col COLUMN --cost-to-serve-col" in shown
    # the rest renders: KPIs, cohorts, bridge, the stopped-ordering warning
    for heading in ("At a glance", "Customer equity went from", "Cohorts by acquisition date", "stopped ordering",
                    "How the numbers were made"):
        assert heading in shown, heading


def test_the_demo_company_in_chinese(tmp_path):
    from crm_analysis.reports.runner import run_report

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = run_report("33_mgmt_customer_base", {"equity_periods": 1, "n_bootstrap": 10}, tmp_path, lang="zh")
    html = out.read_text(encoding="utf-8")
    assert page_problems(html, "zh") == []
    shown = visible_text(html)
    assert "客户群报告" in shown and "元" in shown and "¥" in shown and "CN¥" not in shown
    assert "本节需要" not in shown and "未检查" not in shown                      # every section has its data
    assert "C10" in shown and "C11" in shown and "高价值、不满意" in shown
    assert {p.name for p in tmp_path.glob("*.csv")} == {"33_mgmt_customer_base_early_warnings.csv",
                                                        "33_mgmt_customer_base_valuable_dissatisfied.csv"}
