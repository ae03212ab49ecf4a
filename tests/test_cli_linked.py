"""`crm-analysis import complaints`, the customer role flags and `import survey --date-col`: messy linked files."""
import pandas as pd
import pytest

from crm_analysis.cli import main
from crm_analysis.store import CustomerStore

COMPLAINTS = ("客户编号,投诉日期,类别,处理结果,解决日期,处理天数\n"
              "000123,05/03/2024,delivery,已解决,07/03/2024,2\n"
              "000123,20/03/2024,quality,未解决,,5\n"
              "000456,21/03/2024,price,,,\n"
              "000999,01/04/2024,service,已解决,13/04/2024,12\n")
FLAGS = ["--customer-col", "客户编号", "--date-col", "投诉日期", "--category-col", "类别", "--resolved-col", "处理结果"]


@pytest.fixture
def shop(tmp_path, capsys):
    database = tmp_path / "tea.duckdb"
    assert main(["init", str(database), "--name", "Tea House Ltd", "--currency", "CNY"]) == 0
    customers = tmp_path / "客户.csv"
    customers.write_bytes(("客户编号,开户日期,获客成本,服务成本,计划,状态\n"
                           "000123,05/03/2023,\"￥1,234.50\",￥12.00,\"￥2,000\",在网\n"
                           "000456,20/06/2023,￥800.00,￥30.50,￥500,流失\n").encode("gbk"))
    complaints = tmp_path / "投诉.csv"
    complaints.write_bytes(COMPLAINTS.encode("gbk"))
    capsys.readouterr()
    return database, customers, complaints


def _run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_import_customers_with_cost_columns_under_other_names(shop, capsys):
    database, customers, _ = shop
    status, out, err = _run(capsys, "import", "customers", str(customers), "--store", str(database),
                            "--customer-col", "客户编号", "--churn-col", "状态", "--acquisition-date-col", "开户日期",
                            "--acquisition-cost-col", "获客成本", "--cost-to-serve-col", "服务成本",
                            "--sales-plan-col", "计划", "--thousands", ",", "--strip-currency")
    assert status == 0, err
    assert "2 rows read from 客户.csv; 2 added" in out and "cost_to_serve (CNY per order) from '服务成本'" in out
    with CustomerStore(database, read_only=True) as store:
        table = store.customers()
        roles = store.describe()["customer_roles"]
    assert table["acquisition_cost"].tolist() == [1234.5, 800.0] and table["sales_plan"].tolist() == [2000.0, 500.0]
    assert table["acquisition_date"].tolist() == [pd.Timestamp("2023-03-05"), pd.Timestamp("2023-06-20")]
    assert roles["sales_plan"] == "CNY per month" and roles["acquisition_cost"] == "CNY"


def test_import_customers_errors_name_the_flags(shop, capsys):
    database, customers, _ = shop
    status, _, err = _run(capsys, "import", "customers", str(customers), "--store", str(database),
                          "--customer-col", "客户编号", "--cost-to-serve-col", "服务成本")
    assert status == 1 and "crm-analysis: error: column '服务成本'" in err and "--strip-currency" in err
    ambiguous = customers.with_name("dates.csv")
    ambiguous.write_text("id,since\n1,05/03/2023\n2,11/04/2023\n")
    status, _, err = _run(capsys, "import", "customers", str(ambiguous), "--store", str(database),
                          "--customer-col", "id", "--acquisition-date-col", "since")
    assert status == 1 and '--date-format "%d/%m/%Y"' in err
    status, out, err = _run(capsys, "import", "customers", str(ambiguous), "--store", str(database),
                            "--customer-col", "id", "--acquisition-date-col", "since", "--date-format", "%m/%d/%Y")
    assert status == 0, err
    with CustomerStore(database, read_only=True) as store:
        assert store.customers().loc["1", "acquisition_date"] == pd.Timestamp("2023-05-03")


def test_import_complaints_prints_what_was_added_and_skipped(shop, capsys):
    database, _, complaints = shop
    _run(capsys, "import", "customers", str(shop[1]), "--store", str(database), "--customer-col", "客户编号",
         "--churn-col", "状态")
    status, out, err = _run(capsys, "import", "complaints", str(complaints), "--store", str(database), *FLAGS,
                            "--resolved-date-col", "解决日期")
    assert status == 0, err
    assert "complaints: 4 rows read from 投诉.csv; 4 added" in out
    assert "1 complaint of 1 customer not in the customer table: kept" in out
    # an overlapping re-export: the last two rows again and one new complaint
    again = complaints.with_name("投诉_4月.csv")
    lines = COMPLAINTS.splitlines()
    again.write_bytes("\n".join([lines[0], *lines[3:], "000456,02/04/2024,price,未解决,,"]).encode("gbk") + b"\n")
    status, out, err = _run(capsys, "import", "complaints", str(again), "--store", str(database), *FLAGS,
                            "--resolved-date-col", "解决日期")
    assert status == 0, err
    assert "3 rows read from 投诉_4月.csv; 1 added, 2 skipped (already stored, unchanged)" in out
    status, out, err = _run(capsys, "import", "complaints", str(again), "--store", str(database), *FLAGS,
                            "--resolved-date-col", "解决日期")
    assert status == 0 and "imported before (same content); nothing added" in out
    assert "crm-analysis: warning:" in err
    with CustomerStore(database, read_only=True) as store:
        table = store.complaints()
        facts = store.describe()
    assert len(table) == 5 and facts["n_complaints"] == 5 and facts["n_complaints_unknown_customers"] == 1
    assert table["days_to_resolve"].tolist()[0] == 2.0


def test_import_complaints_warnings_and_errors_use_the_flags(shop, capsys):
    database, _, complaints = shop
    # 处理天数 gives 5 days for an open complaint: a warning line, the time stored as unknown
    status, out, err = _run(capsys, "import", "complaints", str(complaints), "--store", str(database), *FLAGS,
                            "--days-to-resolve-col", "处理天数")
    assert status == 0 and "crm-analysis: warning: 1 of 4 complaints" in err and "4 added" in out
    bad = complaints.with_name("bad.csv")
    bad.write_bytes("客户编号,投诉日期,处理结果\n000123,05/03/2024,待定\n000456,20/03/2024,已解决\n".encode("gbk"))
    status, _, err = _run(capsys, "import", "complaints", str(bad), "--store", str(database), "--customer-col",
                          "客户编号", "--date-col", "投诉日期", "--resolved-col", "处理结果")
    assert status == 1 and "crm-analysis: error:" in err and "rows [2]" in err and "--resolved-value 待定" in err
    negative = complaints.with_name("negative.csv")
    negative.write_text("c,d,days\n1,2024-03-01,-1\n")
    status, _, err = _run(capsys, "import", "complaints", str(negative), "--store", str(database), "--customer-col",
                          "c", "--date-col", "d", "--days-to-resolve-col", "days")
    assert status == 1 and "negative in rows [2]" in err
    with CustomerStore(database, read_only=True) as store:
        assert len(store.complaints()) == 4
    with pytest.raises(SystemExit):      # the days are given or computed, not both
        main(["import", "complaints", str(complaints), "--store", str(database), *FLAGS,
              "--days-to-resolve-col", "处理天数", "--resolved-date-col", "解决日期"])


def test_import_survey_with_response_dates(shop, capsys):
    database, _, _ = shop
    survey = database.with_name("问卷.csv")
    survey.write_text("cid,answered,q1,q2\n000123,05/03/2024,7,8\n000456,20/03/2024,9,10\n", encoding="utf-8")
    status, out, err = _run(capsys, "import", "survey", str(survey), "--store", str(database), "--customer-col",
                            "cid", "--scale", "1", "10", "--date-col", "answered")
    assert status == 0 and "2 added" in out, err
    with CustomerStore(database, read_only=True) as store:
        table = store.survey_table()
    assert table.attrs["items"] == ["q1", "q2"] and table["date"].tolist()[1] == pd.Timestamp("2024-03-20")
    dated = survey.with_name("dated.csv")
    dated.write_text("cid,date,q1\n000123,2024-03-05,7\n")
    status, _, err = _run(capsys, "import", "survey", str(dated), "--store", str(database), "--customer-col", "cid",
                          "--scale", "1", "10")
    assert status == 1 and "--date-col date" in err
