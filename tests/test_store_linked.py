"""Schema 3 of the customer database: complaints, customer roles (costs, dates), survey dates, the 2 -> 3 upgrade.

Messy fixtures as businesses export them: GBK CSVs with Chinese headers, zero-padded ids, day-first dates,
已解决/未解决 labels with blanks, ¥-amounts with thousands separators, overlapping re-exports.
"""
import json

import duckdb
import numpy as np
import pandas as pd
import pytest

from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.store import SCHEMA_VERSION, CustomerStore, DuplicateRowsWarning, open_report_store

HEADER = "工单号,客户编号,投诉日期,类别,处理结果,解决日期\n"
#: six complaints; day-first dates (20/03 tells the order); 000777 is not a customer; one label blank
ROWS = ["T1,000123,05/03/2024,delivery,已解决,07/03/2024",
        "T2,000123,20/03/2024,quality,未解决,",
        "T3,000456,21/03/2024,price,,",
        "T4,000456,01/04/2024,service,已解决,13/04/2024",
        "T5,000777,02/04/2024,billing,未解决,",
        "T6,000123,15/04/2024,delivery,已解决,15/04/2024"]


def _csv(path, rows, header=HEADER):
    path.write_bytes((header + "\n".join(rows) + "\n").encode("gbk"))
    return path


def _no_ids(rows):
    """The same rows without the ticket number (first field)."""
    return [row.split(",", 1)[1] for row in rows]


COLUMNS = dict(customer_col="客户编号", date_col="投诉日期", category_col="类别", resolved_col="处理结果",
               resolved_date_col="解决日期")


@pytest.fixture
def store(tmp_path):
    with CustomerStore.create(tmp_path / "shop.duckdb", name="Tea House", currency="CNY") as db:
        db.add_customers(pd.DataFrame({"cid": ["000123", "000456"], "segment": ["office", "restaurant"]}),
                         customer_col="cid")
        yield db


def _ledger(store):
    return store.sql("SELECT target, source, n_rows, added FROM imports ORDER BY imported_at")


# ------------------------------------------------------------------ complaints: reading
def test_gbk_complaints_with_day_first_dates_and_chinese_labels(store, tmp_path):
    path = _csv(tmp_path / "投诉.csv", _no_ids(ROWS), header=HEADER.split(",", 1)[1])
    result = store.add_complaints(path, **COLUMNS)
    assert (result.rows_read, result.added) == (6, 6)
    text = str(result)
    # 000777 is not in the customer table: kept, counted
    assert "1 complaint of 1 customer not in the customer table: kept" in text
    assert "1 complaint of the file has no resolution status (blank: unknown)" in text
    table = store.complaints()
    assert list(table.columns[:6]) == ["complaint_id", "customer_id", "date", "category", "resolved",
                                       "days_to_resolve"]
    assert table["date"].dtype == "datetime64[ns]" and table["resolved"].dtype == "float64"
    assert table["customer_id"].tolist() == ["000123", "000123", "000456", "000456", "000777", "000123"]
    assert table["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-05", "2024-03-20", "2024-03-21",
                                                             "2024-04-01", "2024-04-02", "2024-04-15"]
    assert table["resolved"].tolist()[:2] == [1.0, 0.0] and np.isnan(table["resolved"].iloc[2])
    # days from the resolution date: 07/03 - 05/03 = 2; 13/04 - 01/04 = 12; same day = 0; open -> NaN
    days = table["days_to_resolve"].tolist()
    assert days[0] == 2.0 and days[3] == 12.0 and days[5] == 0.0 and np.isnan(days[1]) and np.isnan(days[4])
    assert table["complaint_id"].isna().all()
    facts = store.describe()
    assert facts["has_complaints"] and facts["n_complaints"] == 6 and facts["n_complaint_customers"] == 3
    assert facts["n_complaints_unknown_customers"] == 1
    assert facts["complaint_columns"] == {"complaint_id": False, "category": True, "resolved": True,
                                          "days_to_resolve": True}
    assert facts["resolved_labels"] == {"resolved": ["已解决"], "open": ["未解决"]}
    assert facts["first_complaint"] == pd.Timestamp("2024-03-05")


def test_overlapping_re_export_without_ids_never_duplicates(store, tmp_path):
    first = _csv(tmp_path / "jan.csv", _no_ids(ROWS[:4]), header=HEADER.split(",", 1)[1])
    second = _csv(tmp_path / "feb.csv", _no_ids(ROWS[2:]), header=HEADER.split(",", 1)[1])
    assert store.add_complaints(first, **COLUMNS).added == 4
    result = store.add_complaints(second, **COLUMNS)
    # rows 3 and 4 were in the first export: already stored; rows 5 and 6 are new
    assert (result.rows_read, result.added, result.unchanged) == (4, 2, 2)
    assert "2 skipped (already stored, unchanged)" in str(result)
    assert len(store.complaints()) == 6
    with pytest.warns(DuplicateRowsWarning, match="imported into complaints before"):
        again = store.add_complaints(second, **COLUMNS)
    assert again.already_imported and len(store.complaints()) == 6


def test_identical_rows_within_one_file_are_kept_and_counted(store):
    frame = pd.DataFrame({"c": ["000123", "000123", "000456"], "d": ["2024-03-05"] * 3, "k": ["price"] * 3})
    result = store.add_complaints(frame, customer_col="c", date_col="d", category_col="k")
    assert result.added == 3 and "1 row identical to another row of the file" in str(result)
    # the same three rows in a re-export (with one more) add only the new one: two copies stored, two in the file
    more = pd.concat([frame, pd.DataFrame({"c": ["000456"], "d": ["2024-03-06"], "k": ["price"]})])
    result = store.add_complaints(more, customer_col="c", date_col="d", category_col="k")
    assert (result.added, result.unchanged) == (1, 3) and len(store.complaints()) == 4


def test_complaint_ids_upsert_a_complaint_resolved_since(store, tmp_path):
    first = _csv(tmp_path / "march.csv", ROWS[:3])
    # the export's format given (one resolution date, 07/03, reads both ways on its own)
    assert store.add_complaints(first, complaint_id_col="工单号", date_format="%d/%m/%Y", **COLUMNS).added == 3
    later = list(ROWS[:4])
    later[1] = "T2,000123,20/03/2024,quality,已解决,28/03/2024"     # resolved since the first export
    result = store.add_complaints(_csv(tmp_path / "april.csv", later), complaint_id_col="工单号",
                                  date_format="%d/%m/%Y", **COLUMNS)
    assert (result.added, result.updated, result.unchanged) == (1, 1, 2)
    table = store.complaints().set_index("complaint_id")
    assert len(table) == 4
    assert table.loc["T2", "resolved"] == 1.0 and table.loc["T2", "days_to_resolve"] == 8.0   # 28/03 - 20/03


def test_a_complaint_id_repeated_with_different_content_changes_nothing(store, tmp_path):
    store.add_complaints(_csv(tmp_path / "ok.csv", ROWS[:2]), complaint_id_col="工单号", date_format="%d/%m/%Y",
                         **COLUMNS)
    before, ledger = store.complaints(), _ledger(store)
    clash = ROWS[2:4] + ["T3,000456,22/03/2024,price,已解决,23/03/2024"]
    with pytest.raises(CRMDataError, match=r"complaint ids repeat with different content.*\['T3'\]"):
        store.add_complaints(_csv(tmp_path / "clash.csv", clash), complaint_id_col="工单号", date_format="%d/%m/%Y",
                             **COLUMNS)
    pd.testing.assert_frame_equal(store.complaints(), before)
    pd.testing.assert_frame_equal(_ledger(store), ledger)


def test_an_unknown_label_names_its_row_and_the_option_and_changes_nothing(store, tmp_path):
    store.add_complaints(_csv(tmp_path / "ok.csv", ROWS[:2]), date_format="%d/%m/%Y", **COLUMNS)
    before, ledger = store.complaints(), _ledger(store)
    bad = ROWS[2:5] + ["T7,000456,03/04/2024,price,待定,"]
    path = _csv(tmp_path / "bad.csv", bad)
    # header is file row 1, so the fourth data row is row 5
    with pytest.raises(CRMDataError, match=r"'待定' \(in rows \[5\] .*resolved_value="):
        store.add_complaints(path, **COLUMNS)
    pd.testing.assert_frame_equal(store.complaints(), before)
    pd.testing.assert_frame_equal(_ledger(store), ledger)
    assert store.describe()["resolved_labels"] == {"resolved": ["已解决"], "open": ["未解决"]}


def test_closed_is_not_guessed_and_resolved_value_reads_it():
    frame = pd.DataFrame({"c": ["1", "2", "3"], "d": ["2024-01-01"] * 3, "status": ["Closed", "open", None]})
    with CustomerStore.create(":memory:", name="x", currency="EUR") as db:
        with pytest.raises(CRMDataError, match="'Closed' does not say whether the complaint was solved.*"
                                               "resolved_value='Closed'"):
            db.add_complaints(frame, customer_col="c", date_col="d", resolved_col="status")
        db.add_complaints(frame, customer_col="c", date_col="d", resolved_col="status", resolved_value="closed")
        assert db.complaints()["resolved"].tolist()[:2] == [1.0, 0.0]
        # resolved_value cannot make a word that reads as resolved mean open
        other = pd.DataFrame({"c": ["4", "5"], "d": ["2024-01-02"] * 2, "status": ["done", "resolved"]})
        with pytest.raises(CRMDataError, match=r"\['resolved'\].*reads as resolved"):
            db.add_complaints(other, customer_col="c", date_col="d", resolved_col="status", resolved_value="done")


def test_the_meaning_of_a_resolution_label_is_fixed_at_its_first_import():
    first = pd.DataFrame({"c": ["1", "2"], "d": ["2024-01-01"] * 2, "r": ["A", "B"]})
    with CustomerStore.create(":memory:", name="x", currency="EUR") as db:
        db.add_complaints(first, customer_col="c", date_col="d", resolved_col="r", resolved_value="A")
        flipped = pd.DataFrame({"c": ["3", "4"], "d": ["2024-02-01"] * 2, "r": ["A", "B"]})
        with pytest.raises(CRMDataError, match="fixed at its first import"):
            db.add_complaints(flipped, customer_col="c", date_col="d", resolved_col="r", resolved_value="B")
        # without resolved_value the recorded meaning reads the labels
        db.add_complaints(flipped, customer_col="c", date_col="d", resolved_col="r")
        assert db.complaints()["resolved"].tolist() == [1.0, 0.0, 1.0, 0.0]


def test_negative_days_to_resolve_and_resolution_before_the_complaint_are_errors(store):
    frame = pd.DataFrame({"c": ["000123"] * 3, "d": ["2024-03-01", "2024-03-02", "2024-03-03"],
                          "r": ["yes", "yes", "no"], "days": ["1.5", "-2", None]})
    with pytest.raises(CRMDataError, match=r"'days' \(days to resolve\).*negative in rows \[1\]"):
        store.add_complaints(frame, customer_col="c", date_col="d", resolved_col="r", days_to_resolve_col="days")
    dated = frame.drop(columns="days").assign(done=["2024-03-05", "2024-02-28", None])
    with pytest.raises(CRMDataError, match=r"'done' \(resolution date\).*before 'd'.*rows \[1\]"):
        store.add_complaints(dated, customer_col="c", date_col="d", resolved_col="r", resolved_date_col="done")
    with pytest.raises(CRMDataError, match="either days_to_resolve_col.*or resolved_date_col"):
        store.add_complaints(dated.assign(days=1), customer_col="c", date_col="d", days_to_resolve_col="days",
                             resolved_date_col="done")
    assert not store.describe()["has_complaints"]


def test_days_to_resolve_of_an_open_complaint_become_unknown_with_a_warning(store):
    frame = pd.DataFrame({"c": ["000123", "000456", "000456"], "d": ["2024-03-01"] * 3, "r": ["1", "0", None],
                          "days": [2.5, 4.0, 3.0]})
    with pytest.warns(DataExclusionWarning, match=r"1 of 3 complaints are labelled not resolved.*rows \[1\].*unknown"):
        result = store.add_complaints(frame, customer_col="c", date_col="d", resolved_col="r",
                                      days_to_resolve_col="days")
    table = store.complaints()
    # row 3: blank label but a time to resolve -> resolved
    assert table["resolved"].tolist() == [1.0, 0.0, 1.0]
    assert table["days_to_resolve"].tolist()[0] == 2.5 and np.isnan(table["days_to_resolve"].iloc[1])
    assert "1 complaint of the file with a blank resolution label but a resolution date or time: read as resolved" in \
        str(result)


def test_without_a_resolution_column_the_resolution_date_says_it(store):
    frame = pd.DataFrame({"c": ["000123", "000456"], "d": ["2024-03-01", "2024-03-02"],
                          "done": ["2024-03-04", None]})
    result = store.add_complaints(frame, customer_col="c", date_col="d", resolved_date_col="done")
    assert "resolved read from 'done' (a resolution date)" in str(result)
    assert store.complaints()["resolved"].tolist() == [1.0, 0.0]


def test_ambiguous_day_first_dates_ask_for_date_format(store, tmp_path):
    rows = ["000123,05/03/2024,price,已解决,07/03/2024", "000456,11/04/2024,price,未解决,"]
    path = _csv(tmp_path / "ambiguous.csv", rows, header=HEADER.split(",", 1)[1])
    with pytest.raises(CRMDataError, match="'投诉日期' .*reads both day-first and month-first.*date_format="):
        store.add_complaints(path, **COLUMNS)
    store.add_complaints(path, date_format="%d/%m/%Y", **COLUMNS)
    assert store.complaints()["date"].tolist() == [pd.Timestamp("2024-03-05"), pd.Timestamp("2024-04-11")]


def test_standard_column_names_take_their_role():
    frame = pd.DataFrame({"customer_id": [7, 8], "date": ["2024-01-02", "2024-01-03"], "resolved": ["yes", "no"],
                          "category": ["price", "quality"], "complaint_id": ["c1", "c2"], "days_to_resolve": [1, None]})
    with CustomerStore.create(":memory:", name="x", currency="EUR") as db:
        assert db.add_complaints(frame).added == 2
        table = db.complaints()
        assert table["complaint_id"].tolist() == ["c1", "c2"] and table["customer_id"].tolist() == ["7", "8"]
        assert table["resolved"].tolist() == [1.0, 0.0] and db.describe()["complaint_columns"]["complaint_id"]


def test_complaints_of_an_empty_database_say_how_to_import_them(store):
    with pytest.raises(CRMDataError, match="no complaints.*crm-analysis import complaints"):
        store.complaints()


# ------------------------------------------------------------------ customer roles
CUSTOMERS = ("客户编号,开户日期,获客成本,单笔服务成本,信用额度,应收余额,月度计划,retention_cost,流失日期,状态\n"
             "000123,05/03/2023,\"￥1,234.50\",￥12.00,\"￥5,000\",￥-50.00,\"￥2,000\",￥300,,在网\n"
             "000456,20/06/2023,￥800.00,￥30.50,\"￥1,000\",\"￥1,200.00\",￥500,￥150,13/02/2024,流失\n"
             "000789,21/09/2023,,￥8.00,￥0,￥0,,￥90,,在网\n")
ROLES = {"acquisition_date": "开户日期", "acquisition_cost": "获客成本", "cost_to_serve": "单笔服务成本",
         "credit_limit": "信用额度", "balance": "应收余额", "sales_plan": "月度计划", "churn_date": "流失日期"}


def test_customer_cost_columns_under_other_names(store, tmp_path):
    path = tmp_path / "客户.csv"
    path.write_bytes(CUSTOMERS.encode("gbk"))
    result = store.add_customers(path, customer_col="客户编号", churn_col="状态", roles=ROLES, thousands=",",
                                 strip_currency=True)
    assert (result.added, result.updated) == (1, 2)     # 000123 and 000456 were stored (with their segment)
    assert "cost_to_serve (CNY per order) from '单笔服务成本'" in str(result)
    table = store.customers()
    assert table.loc["000123", "acquisition_cost"] == 1234.5 and table.loc["000123", "balance"] == -50.0
    assert table.loc["000456", "balance"] == 1200.0 and np.isnan(table.loc["000789", "acquisition_cost"])
    assert table.loc["000123", "segment"] == "office"                 # other columns kept
    assert table["retention_cost"].tolist() == [300.0, 150.0, 90.0]   # named by its standard name: taken
    assert table.loc["000456", "acquisition_date"] == pd.Timestamp("2023-06-20")   # day-first (20/06)
    assert table.loc["000456", "churn_date"] == pd.Timestamp("2024-02-13") and pd.isna(table.loc["000123", "churn_date"])
    assert table["churn"].tolist() == [0, 1, 0]
    roles = store.describe()["customer_roles"]
    assert roles == {"acquisition_date": "date", "acquisition_cost": "CNY", "cost_to_serve": "CNY per order",
                     "credit_limit": "CNY", "balance": "CNY", "sales_plan": "CNY per month",
                     "retention_cost": "CNY per year", "churn_date": "date"}
    meta = json.loads(store.sql("SELECT value FROM crm_meta WHERE key = 'customer_roles'")["value"][0])
    assert meta["cost_to_serve"] == {"column": "单笔服务成本", "unit": "CNY per order"}


def test_money_roles_must_be_numbers_and_costs_not_negative(store):
    before = store.customers()
    frame = pd.DataFrame({"id": ["1", "2", "3"], "cost": ["12", "-3", "4"], "plan": ["1", "2", "3"]})
    with pytest.raises(CRMDataError, match=r"'cost' \(cost_to_serve.*negative in rows \[1\]"):
        store.add_customers(frame, customer_col="id", roles={"cost_to_serve": "cost"})
    text = frame.assign(cost=["12", "about 5", "4"])
    with pytest.raises(CRMDataError, match=r"column 'cost' of customers must be numeric.*'about 5'.*rows \[1\]"):
        store.add_customers(text, customer_col="id", roles={"cost_to_serve": "cost"})
    signed = frame.assign(cost=["¥12", "¥1,234.50", "¥4"])
    with pytest.raises(CRMDataError, match="strip_currency=True"):
        store.add_customers(signed, customer_col="id", roles={"cost_to_serve": "cost"})
    with pytest.raises(CRMDataError, match="thousands separators"):
        store.add_customers(signed, customer_col="id", roles={"cost_to_serve": "cost"}, strip_currency=True)
    with pytest.raises(CRMDataError, match="holds amounts in USD, but this database records its amounts in CNY"):
        store.add_customers(frame.assign(cost=["USD 1", "USD 2", "USD 3"]), customer_col="id",
                            roles={"cost_to_serve": "cost"}, strip_currency=True)
    with pytest.raises(CRMDataError, match=r"unknown customer role\(s\) \['churn'\].*churn_col="):
        store.add_customers(frame, customer_col="id", roles={"churn": "plan"})
    pd.testing.assert_frame_equal(store.customers(), before)
    assert store.describe()["customer_roles"] == {}


def test_date_roles_read_one_format_per_column(store):
    frame = pd.DataFrame({"id": ["1", "2"], "since": ["05/03/2023", "11/04/2023"], "left": ["20240105", None]})
    roles = {"acquisition_date": "since", "churn_date": "left"}
    with pytest.raises(CRMDataError, match="'since' .*reads both day-first and month-first.*date_format="):
        store.add_customers(frame, customer_col="id", roles=roles)
    store.add_customers(frame, customer_col="id", roles=roles, date_format={"acquisition_date": "%d/%m/%Y"})
    table = store.customers()
    assert table.loc["1", "acquisition_date"] == pd.Timestamp("2023-03-05")
    assert table.loc["1", "churn_date"] == pd.Timestamp("2024-01-05")
    early = pd.DataFrame({"id": ["3"], "since": ["2024-02-01"], "left": ["2024-01-01"]})
    with pytest.raises(CRMDataError, match=r"'left' \(churn_date\).*before 'since'"):
        store.add_customers(early, customer_col="id", roles=roles)
    stayed = pd.DataFrame({"id": ["4"], "left": ["2024-01-01"], "status": ["在网"]})
    with pytest.raises(CRMDataError, match="closing date for customers whose churn label says they stayed"):
        store.add_customers(stayed, customer_col="id", churn_col="status", roles={"churn_date": "left"})
    # a blank label beside a closing date would be stored as unknown: the account would count as a current one
    blank = pd.DataFrame({"id": ["5", "6"], "left": ["2024-01-01", None], "status": ["", "在网"]})
    before = len(store.customers())
    with pytest.raises(CRMDataError, match=r"closing date for customers whose churn label is blank.*fill in"):
        store.add_customers(blank, customer_col="id", churn_col="status", roles={"churn_date": "left"})
    assert len(store.customers()) == before       # nothing stored


def test_a_standard_name_beside_another_column_for_the_same_role_is_an_error(store):
    frame = pd.DataFrame({"id": ["1"], "cost_to_serve": [3.0], "服务成本": [4.0]})
    with pytest.raises(CRMDataError, match="column named 'cost_to_serve', but roles gives column '服务成本'"):
        store.add_customers(frame, customer_col="id", roles={"cost_to_serve": "服务成本"})


# ------------------------------------------------------------------ survey dates
def test_survey_response_dates_are_stored_and_not_items(store):
    answers = pd.DataFrame({"cid": ["000123", "000456", "000789"], "答卷日期": ["2024年3月5日", None, "2024年4月1日"],
                            "q1": [3, 7, 10], "q2": [4, 8, 9]})
    result = store.add_survey(answers, scale=(1, 10), customer_col="cid", date_col="答卷日期")
    assert "1 answer without a response date" in str(result)
    table = store.survey_table()
    assert list(table.columns) == ["customer_id", "date", "q1", "q2"]
    assert table.attrs["items"] == ["q1", "q2"] and table.attrs["date_col"] == "date"
    assert table["date"].dtype == "datetime64[ns]" and table["date"].iloc[0] == pd.Timestamp("2024-03-05")
    assert store.describe()["has_survey_dates"]
    with pytest.raises(CRMDataError, match="column named 'date' but it was not chosen.*date_col='date'"):
        store.add_survey(answers.rename(columns={"答卷日期": "date"}), scale=(1, 10), customer_col="cid")


def test_a_survey_without_dates_is_unchanged(store):
    store.add_survey(pd.DataFrame({"q1": [3, 7, 10]}), scale=(1, 10))
    table = store.survey_table()
    assert list(table.columns) == ["q1"] and "date_col" not in table.attrs
    assert not store.describe()["has_survey_dates"]


# ------------------------------------------------------------------ schema 2 -> 3
def _version_2_file(tmp_path):
    """A database as schema version 2 wrote it: no complaints table, no customer roles recorded."""
    path = tmp_path / "old.duckdb"
    with CustomerStore.create(path, name="Old Shop", currency="EUR") as db:
        db.add_transactions(pd.DataFrame({"c": ["01", "02", "01"], "d": ["2024-01-01", "2024-01-02", "2024-02-01"],
                                          "a": [10.0, 20.0, 5.5]}), customer_col="c", date_col="d", amount_col="a")
        db.add_customers(pd.DataFrame({"c": ["01", "02"], "churn": ["Yes", "No"], "cost_to_serve": [1.5, 2.0],
                                       "plan": ["a", "b"]}), customer_col="c", churn_col="churn")
        db.add_survey(pd.DataFrame({"c": ["01", "02"], "q1": [3, 9]}), scale=(1, 10), customer_col="c")
        snapshot = {name: db.sql(f"SELECT * FROM {name}") for name in ("transactions", "customers", "survey",
                                                                       "survey_items", "imports")}
    with duckdb.connect(str(path)) as con:
        con.execute("DROP TABLE complaints")
        con.execute("DELETE FROM crm_meta WHERE key = 'customer_roles'")
        con.execute("UPDATE crm_meta SET value = '2' WHERE key = 'schema_version'")
    return path, snapshot


def test_a_version_2_file_is_upgraded_and_keeps_every_row(tmp_path):
    path, snapshot = _version_2_file(tmp_path)
    with CustomerStore(path) as db:
        assert db.schema_version == SCHEMA_VERSION == 3
        assert "complaints" in db.tables() and not db.describe()["has_complaints"]
        for name, frame in snapshot.items():
            pd.testing.assert_frame_equal(db.sql(f"SELECT * FROM {name}"), frame)
        # a column already named by a standard role and typed as one is recorded with its unit
        assert db.describe()["customer_roles"] == {"cost_to_serve": "EUR per order"}
        assert db._meta()["upgraded_from"] == "2"
        assert db.add_complaints(pd.DataFrame({"c": ["01"], "d": ["2024-03-01"]}), customer_col="c",
                                 date_col="d").added == 1


def test_a_version_2_file_opened_by_a_report_is_upgraded_once(tmp_path):
    path, _ = _version_2_file(tmp_path)
    with pytest.raises(CRMDataError, match="schema version 2.*open it once for writing"):
        CustomerStore(path, read_only=True)
    with open_report_store(str(path), demo="telco") as db:
        assert db.read_only and db.schema_version == 3 and db.describe()["n_transactions"] == 3


def test_a_stored_text_column_cannot_become_a_money_role_and_nothing_changes(tmp_path):
    path, _ = _version_2_file(tmp_path)
    with duckdb.connect(str(path)) as con:      # schema 2 kept an ordinary text column named like a role
        con.execute("ALTER TABLE customers ADD COLUMN balance VARCHAR")
        con.execute("UPDATE customers SET balance = CASE customer_id WHEN '01' THEN 'n/a' ELSE '12.5' END")
    with CustomerStore(path) as db:
        assert "balance" not in db.describe()["customer_roles"]      # text: not recorded as the role
        before, ledger = db.customers(), _ledger(db)
        with pytest.raises(CRMDataError, match=r"stored customer column 'balance' holds values that are not "
                                               r"numbers, such as \['n/a'\]"):
            db.add_customers(pd.DataFrame({"c": ["03"], "bal": [4.0]}), customer_col="c", roles={"balance": "bal"})
        pd.testing.assert_frame_equal(db.customers(), before)
        pd.testing.assert_frame_equal(_ledger(db), ledger)
        db.sql("UPDATE customers SET balance = NULL WHERE customer_id = '01'")
        db.add_customers(pd.DataFrame({"c": ["03"], "bal": [-4.0]}), customer_col="c", roles={"balance": "bal"})
        balance = db.customers()["balance"]      # the stored text became numbers; a balance may be negative
        assert balance.isna().tolist() == [True, False, False] and balance.tolist()[1:] == [12.5, -4.0]
        assert db.describe()["customer_roles"]["balance"] == "EUR"


def test_complaints_from_excel_with_date_cells_and_true_false_labels(tmp_path):
    path = tmp_path / "complaints.xlsx"
    pd.DataFrame({"客户": ["000123", "000456"], "日期": pd.to_datetime(["2024-03-05", "2024-03-20"]),
                  "solved": [True, False], "days": [1.5, None]}).to_excel(path, index=False)
    with CustomerStore.create(":memory:", name="x", currency="CNY") as db:
        db.add_complaints(path, customer_col="客户", date_col="日期", resolved_col="solved", days_to_resolve_col="days")
        table = db.complaints()
    assert table["customer_id"].tolist() == ["000123", "000456"]
    assert table["date"].tolist() == [pd.Timestamp("2024-03-05"), pd.Timestamp("2024-03-20")]
    assert table["resolved"].tolist() == [1.0, 0.0] and table["days_to_resolve"].iloc[0] == 1.5


def test_categories_are_text_read_once_per_value_and_a_source_column_is_refused():
    frame = pd.DataFrame({"c": ["1", "2", "3", "4"], "d": ["2024-01-01"] * 4, "k": [" price", 7, None, 7.0]})
    with CustomerStore.create(":memory:", name="x", currency="EUR") as db:
        db.add_complaints(frame, customer_col="c", date_col="d", category_col="k")
        assert db.complaints()["category"].tolist() == ["price", "7", None, "7"]
        with pytest.raises(CRMDataError, match="column named 'source'.*rename"):
            db.add_complaints(frame.assign(source="web"), customer_col="c", date_col="d")
        assert len(db.complaints()) == 4


def test_a_resolution_date_column_ambiguous_alone_reads_in_the_order_of_the_complaint_dates(store, tmp_path):
    # the resolution dates 07/03 and 02/04 read both ways; the complaint dates (20/03) are day-first only
    rows = ["000123,05/03/2024,price,已解决,07/03/2024", "000456,20/03/2024,price,未解决,",
            "000456,01/04/2024,price,已解决,02/04/2024"]
    path = _csv(tmp_path / "few.csv", rows, header=HEADER.split(",", 1)[1])
    result = store.add_complaints(path, **COLUMNS)
    assert "the dates in '解决日期' read both day-first and month-first on their own; read as '%d/%m/%Y', the " \
           "format of '投诉日期'" in str(result)
    assert store.complaints()["days_to_resolve"].tolist()[::2] == [2.0, 1.0]   # 07/03 - 05/03, 02/04 - 01/04
    # when the complaint dates read both ways too, nothing settles it: the error asks for the format
    both = _csv(tmp_path / "both.csv", [rows[0], "000456,06/03/2024,price,未解决,"], header=HEADER.split(",", 1)[1])
    with pytest.raises(CRMDataError, match="'投诉日期' .*reads both day-first and month-first"):
        store.add_complaints(both, **COLUMNS)


def test_a_closing_date_column_ambiguous_alone_reads_in_the_order_of_the_acquisition_dates(store):
    frame = pd.DataFrame({"id": ["1", "2"], "since": ["25/03/2023", "11/04/2023"], "left": ["05/01/2024", None]})
    result = store.add_customers(frame, customer_col="id", roles={"acquisition_date": "since", "churn_date": "left"})
    assert "read as '%d/%m/%Y', the format of 'since'" in str(result)
    assert store.customers().loc["1", "churn_date"] == pd.Timestamp("2024-01-05")
