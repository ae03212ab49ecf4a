"""The customer database is a database: re-exports, failures and two writers never lose or duplicate a row."""
import subprocess
import sys
import textwrap
import time
import warnings

import duckdb
import pandas as pd
import pytest

from crm_analysis.exceptions import CRMDataError
from crm_analysis.store import SCHEMA_VERSION, CustomerStore, DuplicateRowsWarning

JANUARY = pd.DataFrame({
    "order": ["T1", "T2", "T3", "T4"],
    "client": ["000509", "509", "000509", "77"],
    "day": ["05/01/2024", "13/01/2024", "20/01/2024", "20/01/2024"],
    "total": ["12,50", "3,00", "7,25", "7,25"],
})
FEBRUARY = pd.DataFrame({"order": ["T5", "T6"], "client": ["77", "509"], "day": ["02/02/2024", "14/02/2024"],
                         "total": ["1,00", "2,00"]})
COLUMNS = dict(customer_col="client", date_col="day", amount_col="total", date_format="%d/%m/%Y", decimal=",")


def _count(store) -> int:
    return int(store.sql("SELECT count(*) AS n FROM transactions")["n"][0])


def test_overlapping_exports_with_order_ids_never_duplicate(tmp_path):
    january_and_february = pd.concat([JANUARY, FEBRUARY], ignore_index=True)
    with CustomerStore(tmp_path / "shop.duckdb") as store:
        first = store.add_transactions(JANUARY, transaction_col="order", **COLUMNS)
        second = store.add_transactions(january_and_february, transaction_col="order", **COLUMNS)
        assert (first.added, second.added, second.unchanged, second.updated) == (4, 2, 4, 0)
        assert _count(store) == 6
        corrected = january_and_february.assign(total=january_and_february["total"].where(
            january_and_february["order"] != "T2", "30,00"))
        third = store.add_transactions(corrected, transaction_col="order", **COLUMNS)
        assert (third.added, third.updated, third.unchanged) == (0, 1, 5)
        stored = store.transactions().set_index("transaction_id")
        assert len(stored) == 6 and stored.loc["T2", "amount"] == 30.0
        assert stored.loc["T1", "customer_id"] == "000509" and stored.loc["T2", "customer_id"] == "509"
        assert "1 updated" in str(third) and "5 skipped" in str(third)


def test_a_repeated_order_id_with_other_content_changes_nothing(tmp_path):
    clash = pd.concat([JANUARY, JANUARY.iloc[[0]].assign(total="99,00")], ignore_index=True)
    with CustomerStore(tmp_path / "shop.duckdb") as store:
        store.add_transactions(FEBRUARY, transaction_col="order", **COLUMNS)
        with pytest.raises(CRMDataError, match=r"transaction ids repeat with different content.*\['T1'\]"):
            store.add_transactions(clash, transaction_col="order", **COLUMNS)
        assert _count(store) == 2 and len(store.imports()) == 1


def test_overlapping_exports_without_order_ids_are_counted_and_can_be_skipped(tmp_path):
    january_and_february = pd.concat([JANUARY, FEBRUARY], ignore_index=True).drop(columns="order")
    with CustomerStore(tmp_path / "shop.duckdb") as store:
        store.add_transactions(JANUARY.drop(columns="order"), **COLUMNS)
        with pytest.warns(DuplicateRowsWarning, match="4 rows identical to rows already stored.*kept"):
            kept = store.add_transactions(january_and_february, **COLUMNS)
        assert (kept.added, kept.duplicates) == (6, 4) and _count(store) == 10
    with CustomerStore(tmp_path / "clean.duckdb") as store:
        store.add_transactions(JANUARY.drop(columns="order"), **COLUMNS)
        with pytest.warns(DuplicateRowsWarning, match="skipped"):
            skipped = store.add_transactions(january_and_february, drop_duplicates=True, **COLUMNS)
        assert skipped.added == 2 and _count(store) == 6


def test_two_identical_purchases_in_one_export_are_kept_and_counted(tmp_path):
    twice = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": ["2024-01-01"] * 3, "amount": [5.0, 5.0, 1.0]})
    with CustomerStore(tmp_path / "shop.duckdb") as store:
        with pytest.warns(DuplicateRowsWarning, match="1 rows identical to another row of the file"):
            result = store.add_transactions(twice)
        assert result.added == 3 and _count(store) == 3
        # the same two purchases again, inside a longer export: the stored copies are matched one for one
        longer = pd.concat([twice, pd.DataFrame({"customer_id": ["a"], "date": ["2024-01-01"], "amount": [5.0]})])
        with pytest.warns(DuplicateRowsWarning):
            again = store.add_transactions(longer, drop_duplicates=True)
        assert again.added == 0 and _count(store) == 3


def test_reimport_with_quantity_adds_nothing(tmp_path):
    log = pd.DataFrame({"customer_id": ["1", "2"], "date": ["2024-01-01", "2024-01-02"], "amount": [1.0, 2.0],
                        "quantity": [1, 3]})
    path = tmp_path / "log.csv"
    log.to_csv(path, index=False)
    with CustomerStore(tmp_path / "shop.duckdb") as store:
        assert store.add_transactions(path, quantity_col="quantity").added == 2
        with pytest.warns(DuplicateRowsWarning, match="imported into transactions before"):
            assert store.add_transactions(path, quantity_col="quantity").added == 0
        assert _count(store) == 2 and store.transactions()["quantity"].tolist() == [1.0, 3.0]


def test_extra_columns_are_kept(tmp_path):
    log = pd.DataFrame({"customer_id": ["1"], "date": ["2024-01-01"], "amount": [1.0], "channel": ["web"],
                        "postcode": ["01234"]})
    with CustomerStore(tmp_path / "shop.duckdb") as store:
        result = store.add_transactions(log)
        assert result.extra_columns == ("channel", "postcode") and "extra columns kept: channel, postcode" in str(result)
        row = store.transactions().iloc[0]
        assert row["channel"] == "web" and row["postcode"] == "01234"


def test_summary_without_amounts(tmp_path):
    log = pd.DataFrame({"c": ["1", "1", "2"], "d": ["2024-01-01", "2024-01-05", "2024-01-03"]})
    with CustomerStore(tmp_path / "shop.duckdb") as store:
        store.add_transactions(log, customer_col="c", date_col="d", amount_col=None)
        summary = store.rfm_summary(observation_end="2024-01-05", time_unit="D")
    assert summary.loc["1"].tolist() == [1, 4.0, 4.0] and summary.loc["2"].tolist() == [0, 0.0, 2.0]
    assert "monetary_value" not in summary.columns


def test_customers_update_only_their_columns_and_a_failed_update_changes_nothing(tmp_path, monkeypatch):
    with CustomerStore(tmp_path / "shop.duckdb") as store:
        store.add_customers(pd.DataFrame({"id": ["007", "7"], "segment": ["gold", "silver"], "city": ["X", "Y"]}),
                            customer_col="id")
        result = store.add_customers(pd.DataFrame({"id": ["7", "8"], "segment": ["gold", "new"]}), customer_col="id")
        assert (result.added, result.updated) == (1, 1)
        before = store.customers()
        assert before.loc["007", "segment"] == "gold" and before.loc["7", "city"] == "Y"   # city kept
        original_count = CustomerStore._count

        def fail_after_update(self, relation):
            if relation == "customers":
                raise duckdb.IOException("disk full (simulated)")
            return original_count(self, relation)

        monkeypatch.setattr(CustomerStore, "_count", fail_after_update)
        with pytest.raises(CRMDataError, match="disk full.*nothing was changed"):
            store.add_customers(pd.DataFrame({"id": ["007", "9"], "segment": ["lost", "x"]}), customer_col="id")
        monkeypatch.setattr(CustomerStore, "_count", original_count)
        pd.testing.assert_frame_equal(store.customers(), before)


def test_an_interrupted_import_changes_nothing(tmp_path, monkeypatch):
    with CustomerStore(tmp_path / "shop.duckdb") as store:
        store.add_transactions(FEBRUARY, transaction_col="order", **COLUMNS)

        def interrupted(self, described, *args, **kwargs):
            raise KeyboardInterrupt

        monkeypatch.setattr(CustomerStore, "_insert_transactions", interrupted)
        with pytest.raises(KeyboardInterrupt):
            store.add_transactions(JANUARY, transaction_col="order", **COLUMNS)
        assert _count(store) == 2 and len(store.imports()) == 1


def test_business_name_currency_and_schema_version(tmp_path):
    path = tmp_path / "tea.duckdb"
    with CustomerStore.create(path, name="Tea House Ltd", currency="cny") as store:
        assert store.business == {"name": "Tea House Ltd", "currency": "CNY"}
        assert store.schema_version == SCHEMA_VERSION
        with pytest.raises(CRMDataError, match="amounts in EUR, but this database records its amounts in CNY"):
            store.add_transactions(pd.DataFrame({"customer_id": ["1"], "date": ["2024-01-01"], "amount": ["€3"]}),
                                   strip_currency=True)
        assert store.add_transactions(pd.DataFrame({"customer_id": ["1"], "date": ["2024-01-01"],
                                                    "amount": ["￥3"]}), strip_currency=True).added == 1
    with CustomerStore(path, read_only=True) as store:
        assert store.business["name"] == "Tea House Ltd"
    with pytest.raises(CRMDataError, match="exists already"):
        CustomerStore.create(path, name="Other", currency="EUR")
    with pytest.raises(CRMDataError, match="ISO 4217"):
        CustomerStore.create(tmp_path / "x.duckdb", name="X", currency="yuan")


def test_foreign_old_newer_and_damaged_files_are_refused(tmp_path):
    foreign = tmp_path / "foreign.duckdb"
    with duckdb.connect(str(foreign)) as con:
        con.execute("CREATE TABLE orders (x INTEGER)")
    with pytest.raises(CRMDataError, match="another application"):
        CustomerStore(foreign)
    old = tmp_path / "old.duckdb"
    with duckdb.connect(str(old)) as con:
        con.execute("CREATE TABLE imports (sha256 VARCHAR)")
    with pytest.raises(CRMDataError, match="older crm_analysis"):
        CustomerStore(old)
    newer = tmp_path / "newer.duckdb"
    CustomerStore(newer).close()
    with duckdb.connect(str(newer)) as con:
        con.execute("UPDATE crm_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(CRMDataError, match="newer crm_analysis"):
        CustomerStore(newer, read_only=True)
    damaged = tmp_path / "damaged.duckdb"
    damaged.write_bytes(b"this is not a database" * 500)
    with pytest.raises(CRMDataError, match="not a customer database"):
        CustomerStore(damaged)


def test_a_second_writer_gets_a_clear_error_and_nothing_is_lost(tmp_path):
    path = tmp_path / "shop.duckdb"
    with CustomerStore(path) as store:
        store.add_transactions(FEBRUARY, transaction_col="order", **COLUMNS)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from crm_analysis.store import CustomerStore
        store = CustomerStore({str(path)!r})
        print("open", flush=True)
        sys.stdin.readline()
        store.close()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(CRMDataError, match="in use by another program"):
            CustomerStore(path)
    finally:
        holder.communicate("done\n", timeout=60)
    with CustomerStore(path) as store:
        assert _count(store) == 2


def test_survey_scale_is_recorded_and_travels(tmp_path):
    answers = pd.DataFrame({"client": ["001", "002", "003"], "q1": [1, -99, 7], "q2": [10, 3, 99]})
    with CustomerStore(tmp_path / "shop.duckdb") as store:
        with pytest.raises(CRMDataError, match=r"outside the rating scale 1-10 in column 'q1'.*missing_codes=\(-99, 99\)"):
            store.add_survey(answers, scale=(1, 10), customer_col="client")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = store.add_survey(answers, scale=(1, 10), customer_col="client", missing_codes=(-99, 99))
        assert result.added == 3
        survey = store.survey()
        assert survey.attrs["scale"] == (1.0, 10.0) and survey["customer_id"].tolist() == ["001", "002", "003"]
        assert survey["q1"].isna().sum() == 1 and survey["q2"].isna().sum() == 1
        with pytest.raises(CRMDataError, match="stored on the scale"):
            store.add_survey(answers.assign(q1=[0, 5, 5]), scale=(0, 10), customer_col="client", missing_codes=(99,))


def test_a_blank_cell_in_a_customer_re_export_does_not_erase_the_stored_value(tmp_path):
    with CustomerStore(tmp_path / "shop.duckdb") as store:
        store.add_customers(pd.DataFrame({"customer": ["A", "C"], "churn": ["No", "No"]}), customer_col="customer",
                            churn_col="churn")
        again = store.add_customers(pd.DataFrame({"customer": ["A", "C", "D"], "churn": ["Yes", None, "No"]}),
                                    customer_col="customer", churn_col="churn")
        assert (again.added, again.updated, again.unchanged) == (1, 1, 1)
        assert "1 blank cells of known customers left their stored values unchanged" in str(again)
        assert store.customers()["churn"].to_dict() == {"A": 1, "C": 0, "D": 0}   # Yes = churned, fixed at import
        assert store.imports()["target"].tolist() == ["customers", "customers"]
        with pytest.warns(DuplicateRowsWarning, match="imported into customers before"):
            assert store.add_customers(pd.DataFrame({"customer": ["A", "C"], "churn": ["No", "No"]}),
                                       customer_col="customer", churn_col="churn").already_imported


def test_an_order_id_column_left_out_is_pointed_out(tmp_path):
    with CustomerStore(tmp_path / "shop.duckdb") as store:
        result = store.add_transactions(JANUARY, **COLUMNS)
    assert "column 'order' looks like an order id" in str(result) and "transaction_col='order'" in str(result)
