"""CustomerStore imports Parquet logs through DuckDB exactly as through pandas.

Typed Parquet files are validated and copied inside DuckDB (the fast path used
for large logs); these tests check that the stored rows, column types, errors
and the duplicate-import ledger are the same as for the pandas path.
"""
import warnings

import numpy as np
import pandas as pd
import pytest

from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.store import CustomerStore, content_hash


@pytest.fixture
def log():
    return pd.DataFrame({
        "client": np.array([3, 1, 1, 2, 3], dtype=np.int32),
        "when": pd.to_datetime(["2024-01-05 10:00", "2024-01-01", "2024-01-01 18:30", "2024-01-04", "2024-02-01"],
                               format="mixed"),
        "total": [5.0, 2.5, 1.25, 7.0, -3.0],
        "items": np.array([1, 2, 1, 3, 1], dtype=np.int64),
    })


def _import(tmp_path, name, source, **columns):
    with CustomerStore(tmp_path / f"{name}.duckdb") as store:
        n = store.add_transactions(source, **columns).added
        rows = store.sql("SELECT * EXCLUDE (source) FROM transactions")
        types = store.sql("SELECT column_name, column_type FROM (DESCRIBE transactions)")
    return n, rows, types


def test_parquet_import_equals_dataframe_import(tmp_path, log):
    path = tmp_path / "log.parquet"
    log.to_parquet(path)
    columns = dict(customer_col="client", date_col="when", amount_col="total", quantity_col="items")
    n_file, rows_file, types_file = _import(tmp_path, "file", path, **columns)
    n_frame, rows_frame, types_frame = _import(tmp_path, "frame", log, **columns)
    assert n_file == n_frame == 5
    pd.testing.assert_frame_equal(rows_file, rows_frame)
    pd.testing.assert_frame_equal(types_file, types_frame)
    assert rows_file["customer_id"].tolist() == ["3", "1", "1", "2", "3"]   # order kept, ids as text
    assert rows_file["amount"].tolist() == [5.0, 2.5, 1.25, 7.0, -3.0]    # returns kept in the database


def test_parquet_without_amount_or_quantity(tmp_path, log):
    path = tmp_path / "log.parquet"
    log.to_parquet(path)
    columns = dict(customer_col="client", date_col="when", amount_col=None)
    _, rows_file, types_file = _import(tmp_path, "file", path, **columns)
    _, rows_frame, types_frame = _import(tmp_path, "frame", log, **columns)
    pd.testing.assert_frame_equal(rows_file, rows_frame)
    pd.testing.assert_frame_equal(types_file, types_frame)
    assert rows_file["amount"].isna().all() and rows_file["quantity"].isna().all()


def test_same_content_from_dataframe_then_parquet_is_not_duplicated(tmp_path, log):
    path = tmp_path / "log.parquet"
    log.to_parquet(path)
    columns = dict(customer_col="client", date_col="when", amount_col="total")
    with CustomerStore(tmp_path / "db.duckdb") as store:
        assert store.add_transactions(log, **columns).added == 5
        with pytest.warns(DataExclusionWarning, match="imported into transactions before"):
            assert store.add_transactions(path, **columns).added == 0
        changed = log.assign(total=log["total"] + 0.01)
        assert store.add_transactions(changed, **columns).added == 5
        assert store.sql("SELECT count(*) AS n FROM transactions")["n"][0] == 10


def test_content_hash_depends_on_values_not_on_row_order(log):
    assert content_hash(log) == content_hash(log.iloc[::-1].reset_index(drop=True))
    assert content_hash(log) != content_hash(log.assign(total=log["total"].round(0)))
    assert content_hash(log) != content_hash(log.iloc[:4])
    assert content_hash(log) != content_hash(log.rename(columns={"total": "amount"}))


@pytest.mark.parametrize("column, value, message", [
    ("total", np.nan, r"column 'total' of transactions has a missing value in rows \[2\]"),
    ("client", None, r"column 'client' of transactions has a missing customer id in rows \[2\]"),
    ("when", pd.NaT, r"column 'when' of transactions has a missing date in rows \[2\]"),
])
def test_bad_parquet_rows_are_reported_like_the_pandas_path(tmp_path, log, column, value, message):
    bad = log.astype({"client": "float64"}) if column == "client" else log.copy()
    bad.loc[2, column] = value
    path = tmp_path / "bad.parquet"
    bad.to_parquet(path)
    with CustomerStore(tmp_path / "db.duckdb") as store:
        with pytest.raises(CRMDataError, match=message):
            store.add_transactions(path, customer_col="client", date_col="when", amount_col="total")
        assert len(store.transactions()) == 0


def test_text_dates_in_parquet_are_parsed_as_pandas_does(tmp_path, log):
    text = log.assign(when=["2024-01-05 10:00", "2024-01-01", "2024-01-01 18:30", "2024-01-04", "2024-02-01"])
    path = tmp_path / "text.parquet"
    text.to_parquet(path)
    columns = dict(customer_col="client", date_col="when", amount_col="total")
    _, rows_file, _ = _import(tmp_path, "file", path, **columns)
    _, rows_frame, _ = _import(tmp_path, "frame", log, **columns)
    pd.testing.assert_frame_equal(rows_file, rows_frame)
    bad = text.assign(when=text["when"].where(text.index != 3, "someday"))
    bad.to_parquet(path)
    with CustomerStore(tmp_path / "bad.duckdb") as store, pytest.raises(CRMDataError, match=r"'someday'.*rows \[3\]"):
        store.add_transactions(path, **columns)


def test_parquet_summary_equals_pandas_summary(tmp_path, log):
    from crm_analysis.value import rfm_summary

    path = tmp_path / "log.parquet"
    log.to_parquet(path)
    with CustomerStore(tmp_path / "db.duckdb") as store, warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        store.add_transactions(path, customer_col="client", date_col="when", amount_col="total")
        got = store.rfm_summary(observation_end="2024-01-31")
        expected = rfm_summary(log, customer_col="client", date_col="when", amount_col="total",
                               observation_end="2024-01-31")
    expected.index = expected.index.astype(str)   # the database stores ids as text
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, check_index_type=False, check_names=False)
    # hand check: customer 1 bought twice on 2024-01-01 (one period), customer 3's return is excluded
    assert got.loc["1"].tolist() == [0, 0.0, 30.0, 0.0]
    assert got.loc["3"].tolist() == [0, 0.0, 26.0, 0.0]


def test_typed_parquet_takes_the_duckdb_path_and_text_dates_do_not(tmp_path, log):
    columns = dict(customer_col="client", date_col="when", amount_col="total", quantity_col="items")
    typed, text = tmp_path / "typed.parquet", tmp_path / "text.parquet"
    log.to_parquet(typed)
    log.assign(when=log["when"].astype(str)).to_parquet(text)
    with CustomerStore(":memory:") as store:
        assert store._stage_parquet_transactions(typed, **columns)
        assert not store._stage_parquet_transactions(text, **columns)
        assert not store._stage_parquet_transactions(log, **columns)


@pytest.mark.parametrize("purchase_period, time_unit", [("D", "W"), (None, "D")])
def test_summary_in_several_passes_equals_one_pass(tmp_path, monkeypatch, purchase_period, time_unit):
    """Large logs are summarised over hash buckets of customers; the result must not change."""
    import crm_analysis.store as store_module
    from crm_analysis.datasets import load_cdnow

    with CustomerStore(tmp_path / "db.duckdb") as store, warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        store.add_transactions(load_cdnow())
        one = store.rfm_summary(observation_end="1997-09-30", purchase_period=purchase_period, time_unit=time_unit)
        monkeypatch.setattr(store_module, "_ROWS_PER_PASS", 1000)  # 6,919 rows -> 7 passes
        several = store.rfm_summary(observation_end="1997-09-30", purchase_period=purchase_period,
                                    time_unit=time_unit)
    pd.testing.assert_frame_equal(several, one)
    assert len(one) == 2357 and one["frequency"].sum() == 2457


def test_parquet_date_and_millisecond_columns_import_like_pandas(tmp_path, log):
    days = log.assign(when=log["when"].dt.date)                      # written as a Parquet DATE column
    millis = log.assign(when=log["when"].astype("datetime64[ms]"))   # TIMESTAMP_MS
    columns = dict(customer_col="client", date_col="when", amount_col="total")
    for name, frame in (("days", days), ("millis", millis)):
        path = tmp_path / f"{name}.parquet"
        frame.to_parquet(path)
        with CustomerStore(":memory:") as store:
            assert store._stage_parquet_transactions(path, quantity_col=None, **columns)
        _, rows_file, types_file = _import(tmp_path, f"{name}_file", path, **columns)
        _, rows_frame, types_frame = _import(tmp_path, f"{name}_frame", frame, **columns)
        pd.testing.assert_frame_equal(rows_file, rows_frame)
        pd.testing.assert_frame_equal(types_file, types_frame)
