"""`crm-analysis init` and `crm-analysis import`: a messy Chinese export through the command line."""
import pandas as pd
import pytest

from crm_analysis.cli import main
from crm_analysis.store import CustomerStore


@pytest.fixture
def shop(tmp_path):
    """A tea shop's GBK export: Chinese headers, a title row, zero-padded ids, day-first dates, ￥ amounts."""
    orders = tmp_path / "订单导出.csv"
    orders.write_bytes(("茶馆订单 2024年3月\n"
                        "订单号,客户编号,日期,金额,渠道\n"
                        "A-001,000509,05/03/2024,\"￥1,234.50\",门店\n"
                        "A-002,509,20/03/2024,￥88.00,网店\n"
                        "A-003,000509,21/03/2024,￥12.00,门店\n").encode("gbk"))
    database = tmp_path / "tea.duckdb"
    assert main(["init", str(database), "--name", "Tea House Ltd", "--currency", "CNY"]) == 0
    return orders, database


IMPORT = ["--customer-col", "客户编号", "--date-col", "日期", "--amount-col", "金额", "--transaction-col", "订单号",
          "--strip-currency", "--thousands", ","]


def test_init_and_import_transactions_print_what_was_done(shop, capsys):
    orders, database = shop
    capsys.readouterr()
    assert main(["import", "transactions", str(orders), "--store", str(database), *IMPORT]) == 0
    out, err = capsys.readouterr()
    assert "3 rows read from 订单导出.csv; 3 added" in out and "extra columns kept: 渠道" in out
    assert "row(s) above the header skipped" in err and "茶馆订单 2024年3月" in err
    assert main(["import", "transactions", str(orders), "--store", str(database), *IMPORT]) == 0
    assert "imported before (same content); nothing added" in capsys.readouterr().out
    with CustomerStore(database, read_only=True) as store:
        rows = store.transactions().sort_values("transaction_id")
        assert store.business == {"name": "Tea House Ltd", "currency": "CNY"}
    assert rows["customer_id"].tolist() == ["000509", "509", "000509"]
    assert rows["date"].tolist() == [pd.Timestamp("2024-03-05"), pd.Timestamp("2024-03-20"), pd.Timestamp("2024-03-21")]
    assert rows["amount"].tolist() == [1234.5, 88.0, 12.0] and rows["渠道"].tolist() == ["门店", "网店", "门店"]


def test_import_errors_name_the_flag_that_fixes_them(shop, capsys):
    orders, database = shop
    status = main(["import", "transactions", str(orders), "--store", str(database), "--customer-col", "客户编号",
                   "--date-col", "日期", "--amount-col", "金额"])
    err = capsys.readouterr().err
    assert status == 1 and "crm-analysis: error: column '金额'" in err and "pass --strip-currency" in err
    with CustomerStore(database, read_only=True) as store:
        assert len(store.transactions()) == 0


def test_import_into_a_missing_database_is_refused(tmp_path, capsys):
    path = tmp_path / "orders.csv"
    path.write_text("c,d,a\n1,2024-01-01,3\n")
    status = main(["import", "transactions", str(path), "--store", str(tmp_path / "typo.duckdb"),
                   "--customer-col", "c", "--date-col", "d", "--amount-col", "a"])
    assert status == 1 and "create it first with crm-analysis init" in capsys.readouterr().err
    assert not (tmp_path / "typo.duckdb").exists()


def test_import_customers_and_survey(shop, tmp_path, capsys):
    _, database = shop
    customers = tmp_path / "customers.csv"
    customers.write_text("id,segment,left,months\n000509,gold,No,14\n509,new,Yes,2\n", encoding="utf-8-sig")
    assert main(["import", "customers", str(customers), "--store", str(database), "--customer-col", "id",
                 "--churn-col", "left", "--tenure-col", "months", "--tenure-unit", "months"]) == 0
    assert "2 rows read from customers.csv; 2 added" in capsys.readouterr().out
    survey = tmp_path / "survey.csv"
    survey.write_text("客户,q1,q2\n000509,9,-99\n509,99,4\n")
    status = main(["import", "survey", str(survey), "--store", str(database), "--customer-col", "客户",
                   "--scale", "1", "10"])
    error = capsys.readouterr().err
    assert status == 1 and "--missing-codes -99" in error
    assert "read_survey" not in error and "declare_scale" not in error   # the CLI's words, not the API's
    assert main(["import", "survey", str(survey), "--store", str(database), "--customer-col", "客户",
                 "--scale", "1", "10", "--missing-codes", "-99", "99"]) == 0
    out, err = capsys.readouterr()
    assert "2 added" in out and "per item: q1: 1, q2: 1" in err
    with CustomerStore(database, read_only=True) as store:
        table = store.customers()
        answers = store.survey()
    assert table.loc["000509", "churn"] == 0 and table.loc["509", "churn"] == 1 and table.loc["509", "tenure"] == 2.0
    assert answers["customer_id"].tolist() == ["000509", "509"] and answers.attrs["scale"] == (1.0, 10.0)


def test_init_records_margin_and_offer_cost(tmp_path, capsys):
    database = tmp_path / "gym.duckdb"
    assert main(["init", str(database), "--name", "Gym Nord", "--currency", "eur", "--margin", "0.4",
                 "--offer-cost", "15"]) == 0
    assert "Gym Nord, amounts in EUR, margin 0.4, one retention contact costs 15 EUR" in capsys.readouterr().out
    with CustomerStore(database, read_only=True) as store:
        facts = store.describe()
    assert (facts["margin"], facts["offer_cost"]) == (0.4, 15.0)
    assert main(["init", str(tmp_path / "bad.duckdb"), "--name", "X", "--currency", "EUR", "--margin", "40"]) == 1
    assert "a percentage? 30 % is 0.3" in capsys.readouterr().err
    assert not (tmp_path / "bad.duckdb").exists()   # checked before the file is made


def test_import_customers_with_churned_value_and_tenure_unit(tmp_path, capsys):
    database = tmp_path / "gym.duckdb"
    main(["init", str(database), "--name", "Gym Nord", "--currency", "EUR"])
    members = tmp_path / "members.csv"
    members.write_text("member,status,weeks,plan\nm1,cancelled,10,basic\nm2,active,52,gold\nm3,,3,basic\n")
    capsys.readouterr()
    base = ["import", "customers", str(members), "--store", str(database), "--customer-col", "member",
            "--churn-col", "status"]
    assert main(base) == 1
    err = capsys.readouterr().err
    assert "['active', 'cancelled']" in err and "pass --churned-value with the label" in err
    assert "--churned-value cancelled" in err
    assert main(base + ["--tenure-col", "weeks"]) == 1
    assert "needs its unit: pass --tenure-unit (days, weeks, months or years" in capsys.readouterr().err
    assert main(base + ["--churned-value", "cancelled", "--tenure-col", "weeks", "--tenure-unit", "weeks"]) == 0
    out = capsys.readouterr().out
    assert "3 rows read from members.csv; 3 added" in out and "1 customers have a blank churn label" in out
    with CustomerStore(database, read_only=True) as store:
        table = store.customers()
        facts = store.describe()
    assert table["churn"].astype(object).where(table["churn"].notna(), None).to_dict() == {"m1": 1, "m2": 0, "m3": None}
    assert facts["tenure_unit"] == "weeks" and facts["churn_labels"] == {"churned": ["cancelled"], "stayed": ["active"]}
