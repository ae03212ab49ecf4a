"""CustomerStore: same summary as pandas, imports from every format, no duplicates, read-only for reports."""
import warnings

import numpy as np
import pandas as pd
import pytest

from crm_analysis.datasets import load_cdnow
from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.store import CustomerStore
from crm_analysis.value import rfm_summary


@pytest.fixture
def cdnow():
    return load_cdnow()


@pytest.mark.parametrize("purchase_period, time_unit", [("D", "W"), ("W", "D"), ("M", "M"), (None, "D")])
def test_sql_summary_equals_pandas_on_cdnow(tmp_path, cdnow, purchase_period, time_unit):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        expected = rfm_summary(cdnow, amount_col="amount", observation_end="1997-09-30",
                               purchase_period=purchase_period, time_unit=time_unit)
        with CustomerStore(tmp_path / "crm.duckdb") as store:
            store.add_transactions(cdnow, amount_col="amount", quantity_col="quantity")
            got = store.rfm_summary(observation_end="1997-09-30", purchase_period=purchase_period,
                                    time_unit=time_unit)
    expected.index = expected.index.astype(str)   # the database stores ids as text
    pd.testing.assert_frame_equal(got, expected.sort_index(), check_dtype=False, check_index_type=False)


def test_store_summary_warns_with_counts(tmp_path):
    log = pd.DataFrame({"customer_id": [1, 1, 2], "date": ["2024-01-01", "2024-01-03", "2024-02-01"],
                        "amount": [5.0, -5.0, 7.0]})
    with CustomerStore(tmp_path / "db.duckdb") as store:
        store.add_transactions(log)
        assert len(store.transactions()) == 3  # returns are kept in the database
        with pytest.warns(DataExclusionWarning) as record:
            s = store.rfm_summary(observation_end="2024-01-15")
    text = " ".join(str(w.message) for w in record)
    assert "1 of 3 rows" in text and "returns" in text and "after observation_end" in text
    assert "(returns; e.g. customer ids ['1'])" in text and "2024-01-15 (e.g. customer ids ['2'])" in text
    # only the data's warnings: none from DuckDB itself (an Arrow copy of a DB-API result was one, on page 00)
    assert all(issubclass(w.category, DataExclusionWarning) for w in record), [str(w.message) for w in record]
    assert s.loc["1", "frequency"] == 0 and "2" not in s.index


def test_same_content_twice_adds_nothing(tmp_path, cdnow):
    path = tmp_path / "log.csv"
    cdnow.to_csv(path, index=False)
    with CustomerStore(tmp_path / "db.duckdb") as store:
        assert store.add_transactions(path).added == 6919
        with pytest.warns(DataExclusionWarning, match="imported into transactions before"):
            again = store.add_transactions(path)
        assert again.added == 0 and again.already_imported and "nothing added" in str(again)
        assert store.sql("SELECT count(*) AS n FROM transactions")["n"][0] == 6919


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx", ".sav"])
def test_every_file_format_imports(tmp_path, suffix):
    log = pd.DataFrame({"client": [1, 1, 2], "day": ["2024-01-01", "2024-01-09", "2024-01-04"],
                        "total": [10.0, 12.5, 3.0]})
    path = tmp_path / f"orders{suffix}"
    if suffix == ".csv":
        log.to_csv(path, index=False)
    elif suffix == ".parquet":
        log.to_parquet(path)
    elif suffix == ".xlsx":
        log.to_excel(path, index=False)
    else:
        import pyreadstat

        pyreadstat.write_sav(log, str(path))
    with CustomerStore(tmp_path / "db.duckdb") as store:
        assert store.add_transactions(path, customer_col="client", date_col="day", amount_col="total").added == 3
        s = store.rfm_summary(observation_end="2024-01-15")
    assert s.loc["1"].tolist() == pytest.approx([1, 8.0, 14.0, 12.5])


def test_import_validates_and_keeps_database_unchanged(tmp_path):
    bad = pd.DataFrame({"customer_id": [1, 2], "date": ["2024-01-01", "soon"], "amount": [1.0, 2.0]})
    with CustomerStore(tmp_path / "db.duckdb") as store:
        with pytest.raises(CRMDataError, match=r"'date'.*'soon'.*rows \[1\]"):
            store.add_transactions(bad)
        assert len(store.transactions()) == 0


def test_customers_upsert_and_survey_scale(tmp_path):
    with CustomerStore(tmp_path / "db.duckdb") as store:
        store.add_customers(pd.DataFrame({"customer_id": [1, 2], "segment": ["a", "b"]}))
        store.add_customers(pd.DataFrame({"customer_id": [2, 3], "segment": ["B", "c"], "region": ["n", "s"]}))
        customers = store.customers()
        assert customers["segment"].to_dict() == {"1": "a", "2": "B", "3": "c"}
        assert customers.loc["3", "region"] == "s" and pd.isna(customers.loc["1", "region"])
        with pytest.raises(CRMDataError, match="repeats ids"):
            store.add_customers(pd.DataFrame({"customer_id": [4, 4]}))
        assert store.add_survey(pd.DataFrame({"q1": [1, 7], "q2": [10, 3]}), scale=(1, 10)).added == 2
        with pytest.raises(CRMDataError, match=r"outside the rating scale 1-10 in column 'q2' \(values \[12\]"):
            store.add_survey(pd.DataFrame({"q1": [1], "q2": [12]}), scale=(1, 10))


def test_read_only_store(tmp_path):
    path = tmp_path / "db.duckdb"
    with CustomerStore(path) as store:
        store.add_transactions(pd.DataFrame({"customer_id": [1], "date": ["2024-01-01"], "amount": [1.0]}))
    with CustomerStore(path, read_only=True) as store:
        assert len(store.transactions()) == 1
        with pytest.raises(PermissionError, match="read-only"):
            store.add_customers(pd.DataFrame({"customer_id": [1]}))
    with pytest.raises(FileNotFoundError):
        CustomerStore(tmp_path / "missing.duckdb", read_only=True)


def test_caller_frame_not_mutated(tmp_path, cdnow):
    before = cdnow.copy()
    with CustomerStore(tmp_path / "db.duckdb") as store:
        store.add_transactions(cdnow)
    pd.testing.assert_frame_equal(cdnow, before)


def test_unsupported_format(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{}")
    with CustomerStore(":memory:") as store, pytest.raises(CRMDataError, match="supported file endings"):
        store.add_transactions(path)


def test_survey_respondents_are_counted_once_within_a_file_and_across_overlapping_exports(tmp_path):
    """A repeated respondent row (same id, every answer) is an export overlap: kept once, announced, never doubled."""
    import warnings as _warnings

    from crm_analysis.exceptions import DataExclusionWarning as _Exclusion

    first = tmp_path / "wave_a.csv"
    first.write_text("id;q1;q2\n001;5;6\n002;3;4\n001;5;6\n003;2;2\n", encoding="utf-8")
    later = tmp_path / "wave_b.csv"   # a later export: the three earlier respondents again, one new, one changed
    later.write_text("id;q1;q2\n001;5;6\n002;3;4\n003;2;2\n004;7;7\n003;1;1\n", encoding="utf-8")
    store = CustomerStore(tmp_path / "shop.duckdb")
    with pytest.warns(_Exclusion, match=r"1 survey row repeats an earlier row exactly .*'001'.*rows \[4\]"):
        result = store.add_survey(first, scale=(1, 7), customer_col="id", sep=";")
    assert (result.rows_read, result.added) == (3, 3)
    with _warnings.catch_warnings(record=True) as caught:
        _warnings.simplefilter("always")
        again = store.add_survey(later, scale=(1, 7), customer_col="id", sep=";")
    assert any("1 customer id answers more than once with different answers" in str(w.message) for w in caught)
    assert (again.rows_read, again.added, again.unchanged) == (5, 2, 3)
    assert "3 skipped (already stored, unchanged)" in str(again)
    stored = store.survey_table()
    assert sorted(stored["customer_id"]) == ["001", "002", "003", "003", "004"]
    assert sorted(stored.loc[stored["customer_id"] == "003", "q1"]) == [1.0, 2.0]


def test_summary_after_an_unfinished_query_on_the_same_connection(tmp_path):
    # DuckDB 2 refuses a relation while an execute() result is pending; the summary completes it first
    log = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": ["2024-01-01", "2024-01-09", "2024-01-03"],
                        "amount": [5.0, 6.0, 7.0]})
    with CustomerStore(tmp_path / "db.duckdb") as store:
        store.add_transactions(log)
        store._con.execute("SELECT * FROM transactions")   # left unfinished, as a caller's query may be
        summary = store.rfm_summary(observation_end="2024-01-15")
    assert summary.loc["a", "frequency"] == 1 and summary.loc["b", "frequency"] == 0
