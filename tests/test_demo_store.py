"""The bundled data as demo customer databases: built once, cached, rebuilt when the package changes."""
import os
import subprocess
import sys
import textwrap

import duckdb
import pandas as pd
import pytest

from crm_analysis import datasets
from crm_analysis.datasets import DEMO_BUILDER_VERSIONS, demo_store, load_telco_churn
from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.store import SCHEMA_VERSION, open_report_store


@pytest.fixture
def demo_dir(tmp_path, monkeypatch):
    folder = tmp_path / "demo"
    monkeypatch.setenv("CRM_ANALYSIS_DEMO_DIR", str(folder))
    return folder


def _meta(path) -> dict:
    with duckdb.connect(str(path), read_only=True) as con:
        return dict(con.execute("SELECT key, value FROM crm_meta").fetchall())


def test_built_once_then_cached(demo_dir):
    path = demo_store("cdnow_sample")
    assert path == demo_dir / "cdnow_sample.duckdb" and path.is_file()
    stamp = path.stat().st_mtime_ns
    assert demo_store("cdnow_sample") == path and path.stat().st_mtime_ns == stamp
    meta = _meta(path)
    assert (meta["schema_version"], meta["demo_builder_version"]) == (str(SCHEMA_VERSION),
                                                                      str(DEMO_BUILDER_VERSIONS["cdnow_sample"]))
    assert sorted(p.name for p in demo_dir.iterdir()) == [".cdnow_sample.lock", "cdnow_sample.duckdb"]  # no temp file


def test_rebuilt_when_the_builder_or_schema_version_changes_or_the_file_is_damaged(demo_dir, monkeypatch):
    path = demo_store("cdnow_sample")
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE crm_meta SET value = '0' WHERE key = 'demo_builder_version'")
    demo_store("cdnow_sample")
    assert _meta(path)["demo_builder_version"] == str(DEMO_BUILDER_VERSIONS["cdnow_sample"])
    monkeypatch.setitem(DEMO_BUILDER_VERSIONS, "cdnow_sample", 99)
    demo_store("cdnow_sample")
    assert _meta(path)["demo_builder_version"] == "99"
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE crm_meta SET value = '1' WHERE key = 'schema_version'")
    demo_store("cdnow_sample")
    assert _meta(path)["schema_version"] == str(SCHEMA_VERSION)
    path.write_bytes(b"not a database" * 100)
    demo_store("cdnow_sample")
    assert _meta(path)["schema_version"] == str(SCHEMA_VERSION)


def test_a_failed_build_leaves_no_file(demo_dir, monkeypatch):
    def broken(path):
        raise RuntimeError("builder failed")

    monkeypatch.setitem(datasets._DEMO_BUILDERS, "telco", broken)
    with pytest.raises(RuntimeError, match="builder failed"):
        demo_store("telco")
    assert [p.name for p in demo_dir.iterdir()] == [".telco.lock"]


def test_two_processes_building_at_once_leave_one_good_file(demo_dir):
    script = textwrap.dedent("""
        from crm_analysis.datasets import demo_store
        from crm_analysis.store import CustomerStore
        with CustomerStore(demo_store("cdnow_sample"), read_only=True) as store:
            print(store.describe()["n_transactions"])
    """)
    env = dict(os.environ, CRM_ANALYSIS_DEMO_DIR=str(demo_dir))
    runs = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=env) for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert [out.strip() for out, _ in outputs] == ["6919", "6919"]
    assert sorted(p.name for p in demo_dir.iterdir()) == [".cdnow_sample.lock", "cdnow_sample.duckdb"]


def test_unknown_demo_names_the_choices(demo_dir):
    with pytest.raises(CRMDataError, match=r"unknown demo database 'tleco'.*\['cdnow', 'cdnow_sample', 'company', "
                                           r"'survey', 'telco'\]"):
        demo_store("tleco")


def test_cdnow_demo_is_the_full_master_file(demo_dir):
    with open_report_store("", demo="cdnow") as store:
        facts = store.describe()
        with pytest.warns(DataExclusionWarning, match="20573 of 69659 rows of transactions excluded"):
            summary = store.rfm_summary(observation_end="1997-09-30", time_unit="W")
    assert (facts["name"], facts["currency"], facts["demo"], facts["synthetic"]) == (
        "CDNOW music store (demo data)", "USD", "cdnow", False)
    # Fader & Hardie's CDNOW master file: 23,570 customers, 69,659 purchases, January 1997 to June 1998
    assert (facts["n_customers"], facts["n_transactions"]) == (23570, 69659)
    assert (facts["first_transaction"], facts["last_transaction"]) == (pd.Timestamp("1997-01-01"),
                                                                       pd.Timestamp("1998-06-30"))
    assert len(summary) == 23570 and summary.attrs["time_unit"] == "W"


def test_cdnow_sample_demo(demo_dir):
    with open_report_store("", demo="cdnow_sample") as store:
        facts = store.describe()
    assert (facts["n_customers"], facts["n_transactions"]) == (2357, 6919)
    assert facts["name"] == "CDNOW music store, 1/10 sample (demo data)"


def test_telco_demo_gives_the_churn_table_of_the_notebook(demo_dir):
    with open_report_store("", demo="telco") as store:
        facts = store.describe()
        table = store.churn_table()
    assert (facts["name"], facts["currency"], facts["offer_cost"], facts["tenure_unit"]) == (
        "IBM Telco (demo data)", "USD", 50.0, "months")
    telco = load_telco_churn()
    telco.index = telco.index.astype(str)
    telco = telco.loc[table.index]
    assert table.attrs["excluded"] == 0 and len(table) == 7043
    assert int(table["churn"].sum()) == 1869 == int((telco["churn"] == "Yes").sum())   # IBM's 26.5 % churners
    assert set(table.columns) == set(telco.columns)          # total_charges kept; the notebook drops it
    pd.testing.assert_series_equal(table["tenure"], telco["tenure"].astype(float))
    pd.testing.assert_frame_equal(table.drop(columns=["churn", "tenure"]), telco[table.columns.drop(["churn", "tenure"])])


def test_survey_demo_links_answers_to_churn(demo_dir):
    with open_report_store("", demo="survey") as store:
        facts = store.describe()
        answers = store.survey_table()
        churn = store.churn_table()
    survey = datasets.make_survey(n_respondents=500, random_state=42)
    assert (facts["synthetic"], facts["currency"], facts["n_respondents"]) == (True, "EUR", 500)
    assert facts["name"] == "Synthetic ECSI survey (demo data)"
    assert answers.attrs["scale"] == (1, 10) and answers.attrs["items"] == survey.attrs["items"]
    assert answers["customer_id"].tolist() == [str(i) for i in range(1, 501)]
    assert answers["sat1"].tolist() == survey["sat1"].astype(float).tolist()
    linked = answers.set_index("customer_id").join(churn["churn"])
    assert linked["churn"].tolist() == survey["churned"].tolist()


def test_company_demo_links_orders_customers_survey_and_complaints(demo_dir):
    with open_report_store("", demo="company") as store:
        facts = store.describe()
        orders = store.transactions()
        customers = store.customers()
        churn = store.churn_table()
        answers = store.survey_table()
        complaints = store.complaints()
    company = datasets.make_company(datasets.DEMO_COMPANY_SIZE, random_state=datasets.DEMO_COMPANY_SEED)
    assert (facts["name"], facts["currency"], facts["margin"], facts["offer_cost"]) == (
        "Xihu Tea Trading Co. (demo data)", "CNY", 0.35, 80.0)
    assert (facts["synthetic"], facts["demo"], facts["tenure_unit"]) == (True, "company", "months")
    assert (facts["n_customers"], facts["n_transactions"], facts["n_respondents"], facts["n_complaints"]) == (
        3000, len(company.transactions), len(company.surveys), len(company.complaints))
    assert facts["has_complaints"] and facts["has_survey_dates"]
    assert set(facts["customer_roles"]) == {"acquisition_date", "acquisition_cost", "cost_to_serve", "credit_limit",
                                            "balance", "sales_plan", "service_budget", "retention_cost", "churn_date"}
    assert facts["customer_roles"]["cost_to_serve"] == "CNY per order"
    # the stored tables are the simulated ones: ids with their leading zeros, order ids, amounts, dates
    assert orders["customer_id"].tolist() == company.transactions["customer_id"].tolist()
    assert orders["transaction_id"].tolist() == company.transactions["order_id"].tolist()
    assert orders["amount"].tolist() == company.transactions["amount"].tolist()
    simulated = company.customers.set_index("customer_id")
    assert churn.index[0] == "000001" and int(churn["churn"].sum()) == int(simulated["churn"].sum())
    pd.testing.assert_series_equal(churn["tenure"], simulated["tenure"].loc[churn.index], check_names=False)
    stored = customers.loc[simulated.index]
    for column in ["cost_to_serve", "credit_limit", "balance", "sales_plan", "service_budget", "retention_cost",
                   "acquisition_cost"]:
        assert stored[column].tolist() == simulated[column].tolist(), column
    assert (stored["churn_date"].isna() == simulated["churn_date"].isna()).all()
    assert answers.attrs["scale"] == (1, 10) and answers.attrs["date_col"] == "date"
    assert sorted(answers["customer_id"]) == sorted(company.surveys["customer_id"])
    by_id = complaints.set_index("complaint_id").loc[company.complaints["complaint_id"]]
    assert by_id["customer_id"].tolist() == company.complaints["customer_id"].tolist()
    pd.testing.assert_series_equal(by_id["resolved"].reset_index(drop=True), company.complaints["resolved"])
    pd.testing.assert_series_equal(by_id["days_to_resolve"].reset_index(drop=True),
                                   company.complaints["days_to_resolve"])
