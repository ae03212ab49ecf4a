"""CustomerStore: the embedded DuckDB customer database.

A single file (default ``data/crm.duckdb``) holds three tables:

``transactions``  customer_id, date, amount, quantity, source
``customers``     one row per customer_id; any further columns
``survey``        survey answers; any columns, plus ``source``

and an ``imports`` ledger with the SHA-256 of every imported source.  It is a
database, not a cache: importing the same content twice is recognised by its
hash and skipped (with a warning), so rows are never duplicated; customer rows
are upserted by id.  Data are validated on the way in (see
:mod:`crm_analysis.validation`); returns (negative amounts) are *kept* in the
database and excluded, with a warning, only when a summary is computed.

Reports open the store with ``read_only=True``.
"""
from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from .config import DATA_DIR
from .exceptions import CRMDataError, DataExclusionWarning
from .provenance import record_input
from .validation import check_columns, check_no_missing, check_not_empty, parse_date, validate_survey, validate_transactions
from .value.rfm import PURCHASE_PERIODS, period_start, time_unit_days

DEFAULT_PATH = DATA_DIR / "crm.duckdb"
_TRUNCATE = {"D": "day", "W": "week", "M": "month"}
_READERS = {".csv": "csv", ".txt": "csv", ".parquet": "parquet", ".pq": "parquet",
            ".xlsx": "excel", ".xls": "excel", ".sav": "spss", ".zsav": "spss"}


def read_table(source) -> pd.DataFrame:
    """Read a pandas DataFrame, or a CSV, Parquet, Excel or SPSS (.sav) file, into a DataFrame."""
    if isinstance(source, pd.DataFrame):
        return source
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"no such file: {path}")
    record_input(path)
    kind = _READERS.get(path.suffix.lower())
    if kind == "csv":
        return pd.read_csv(path)
    if kind == "parquet":
        return pd.read_parquet(path)
    if kind == "excel":
        return pd.read_excel(path)
    if kind == "spss":
        import pyreadstat

        frame, _meta = pyreadstat.read_sav(str(path))
        return frame
    raise CRMDataError(f"cannot read {path.name}: supported formats are {sorted(_READERS)}")


def content_hash(frame: pd.DataFrame) -> str:
    """SHA-256 of a table's content (values, columns and order), independent of where it came from."""
    digest = hashlib.sha256()
    digest.update(repr(list(frame.columns)).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


class CustomerStore:
    """An embedded DuckDB database of transactions, customers and survey answers.

    Parameters
    ----------
    path : str or Path, optional
        Database file (created when missing); default ``data/crm.duckdb``.
        ``":memory:"`` gives a throw-away in-memory database.
    read_only : bool, default False
        Open without write access (reports use this).

    Examples
    --------
    >>> with CustomerStore(tmp_path / "crm.duckdb") as store:          # doctest: +SKIP
    ...     store.add_transactions("orders.csv", customer_col="client", date_col="day", amount_col="total")
    ...     summary = store.rfm_summary(observation_end="1997-09-30", time_unit="W")
    """

    def __init__(self, path=None, *, read_only: bool = False):
        self.path = DEFAULT_PATH if path is None else path
        self.read_only = read_only
        if str(self.path) != ":memory:":
            self.path = Path(self.path)
            if read_only and not self.path.exists():
                raise FileNotFoundError(f"no customer database at {self.path}")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._con = duckdb.connect(str(self.path), read_only=read_only)
        if not read_only:
            self._con.execute(
                "CREATE TABLE IF NOT EXISTS imports (sha256 VARCHAR PRIMARY KEY, target VARCHAR, "
                "source VARCHAR, n_rows BIGINT, imported_at TIMESTAMP DEFAULT current_timestamp)"
            )

    # ------------------------------------------------------------------ housekeeping
    def close(self) -> None:
        self._con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        mode = "read-only" if self.read_only else "read-write"
        return f"CustomerStore({str(self.path)!r}, {mode}, tables={self.tables()})"

    def tables(self) -> list[str]:
        """Names of the tables in the database."""
        return sorted(r[0] for r in self._con.execute("SELECT table_name FROM information_schema.tables").fetchall())

    def sql(self, query: str, params=None) -> pd.DataFrame:
        """Run a SQL query and return the result as a DataFrame."""
        return self._con.execute(query, params or []).df()

    def transactions(self) -> pd.DataFrame:
        """All stored transactions (including returns)."""
        return self._table("transactions")

    def customers(self) -> pd.DataFrame:
        """The customer table, indexed by customer_id."""
        return self._table("customers").set_index("customer_id")

    def survey(self) -> pd.DataFrame:
        """All stored survey answers."""
        return self._table("survey")

    def _table(self, name: str) -> pd.DataFrame:
        if name not in self.tables():
            raise CRMDataError(f"the customer database has no {name} yet: import some with add_{name}()")
        return self.sql(f"SELECT * FROM {name}")

    # ------------------------------------------------------------------ imports
    def add_transactions(self, source, *, customer_col: str = "customer_id", date_col: str = "date",
                         amount_col: str | None = "amount", quantity_col: str | None = None) -> int:
        """Validate and import a transaction log; returns the number of rows added (0 when already imported).

        ``source`` is a DataFrame or a CSV, Parquet, Excel or SPSS file.  The
        columns are stored as ``customer_id, date, amount, quantity``.
        """
        frame = read_table(source)
        clean = validate_transactions(frame, customer_col=customer_col, date_col=date_col,
                                      amount_col=amount_col, exclude=False)
        rows = pd.DataFrame({
            "customer_id": clean[customer_col].to_numpy(),
            "date": clean[date_col].astype("datetime64[ns]").to_numpy(),
            "amount": clean[amount_col].to_numpy() if amount_col else np.nan,
            "quantity": pd.to_numeric(clean[quantity_col], errors="coerce").to_numpy() if quantity_col else np.nan,
        })
        return self._append_once("transactions", rows, source)

    def add_customers(self, source, *, customer_col: str = "customer_id") -> int:
        """Import or update customer attributes (one row per customer; existing ids are replaced).

        Returns the number of rows written.
        """
        frame = read_table(source)
        if customer_col not in frame.columns and frame.index.name == customer_col:
            frame = frame.reset_index()
        check_columns(frame, [customer_col], name="customers")
        check_not_empty(frame, name="customers")
        check_no_missing(frame, customer_col, name="customers", what="customer id")
        duplicated = frame[customer_col].duplicated(keep=False)
        if duplicated.any():
            from .validation import offending_rows

            raise CRMDataError(f"column '{customer_col}' of customers repeats ids in {offending_rows(duplicated, frame.index)}")
        rows = frame.rename(columns={customer_col: "customer_id"})
        self._writable()
        self._con.register("incoming", rows)
        try:
            if "customers" not in self.tables():
                self._con.execute("CREATE TABLE customers AS SELECT * FROM incoming")
            else:
                self._add_missing_columns("customers", rows)
                self._con.execute("DELETE FROM customers WHERE customer_id IN (SELECT customer_id FROM incoming)")
                self._con.execute("INSERT INTO customers BY NAME SELECT * FROM incoming")
        finally:
            self._con.unregister("incoming")
        return len(rows)

    def add_survey(self, source, *, items=None, scale=(1, 10)) -> int:
        """Validate and import survey answers; ``items`` (default: every numeric column) must lie on ``scale``.

        Returns the number of rows added (0 when this content was imported before).
        """
        frame = read_table(source)
        if items is None:
            items = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
        clean = validate_survey(frame, list(items), scale=scale)
        return self._append_once("survey", clean.reset_index(drop=True), source)

    def _append_once(self, table: str, rows: pd.DataFrame, source) -> int:
        self._writable()
        digest = content_hash(rows)
        if self._con.execute("SELECT 1 FROM imports WHERE sha256 = ?", [digest]).fetchone():
            warnings.warn(f"{_describe(source)} was imported into {table} before; nothing added",
                          DataExclusionWarning, stacklevel=3)
            return 0
        rows = rows.assign(source=_describe(source))
        self._con.register("incoming", rows)
        try:
            self._con.execute("BEGIN TRANSACTION")
            if table not in self.tables():
                self._con.execute(f"CREATE TABLE {table} AS SELECT * FROM incoming")
            else:
                self._add_missing_columns(table, rows)
                self._con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
            self._con.execute("INSERT INTO imports (sha256, target, source, n_rows) VALUES (?, ?, ?, ?)",
                              [digest, table, _describe(source), len(rows)])
            self._con.execute("COMMIT")
        except duckdb.Error as exc:
            self._con.execute("ROLLBACK")
            raise CRMDataError(f"could not import {_describe(source)} into {table}: {exc}") from exc
        finally:
            self._con.unregister("incoming")
        return len(rows)

    def _add_missing_columns(self, table: str, rows: pd.DataFrame) -> None:
        existing = set(self.sql(f"SELECT * FROM {table} LIMIT 0").columns)
        self._con.register("incoming_schema", rows)
        types = dict(self._con.execute("SELECT column_name, column_type FROM (DESCRIBE incoming_schema)").fetchall())
        self._con.unregister("incoming_schema")
        for column in rows.columns:
            if column not in existing:
                self._con.execute(f'ALTER TABLE {table} ADD COLUMN "{column}" {types[column]}')

    def _writable(self) -> None:
        if self.read_only:
            raise PermissionError(f"the customer database {self.path} is open read-only")

    # ------------------------------------------------------------------ analysis
    def rfm_summary(self, *, observation_end=None, purchase_period: str | None = "D",
                    time_unit: str = "D") -> pd.DataFrame:
        """Frequency, recency, T and monetary_value computed in SQL.

        Same definitions and result as :func:`crm_analysis.value.rfm_summary`
        with ``amount_col="amount"``: returns and purchases after the
        observation end are excluded with a warning giving their count.
        """
        if purchase_period not in PURCHASE_PERIODS:
            raise CRMDataError(f"purchase_period must be one of {PURCHASE_PERIODS}, got {purchase_period!r}")
        unit_days = time_unit_days(time_unit)
        if "transactions" not in self.tables():
            raise CRMDataError("the customer database has no transactions yet: import some with add_transactions()")
        period = "date" if purchase_period is None else f"date_trunc('{_TRUNCATE[purchase_period]}', date)"
        first_date, last_date = self._con.execute("SELECT min(date), max(date) FROM transactions").fetchone()
        end = pd.Timestamp(last_date) if observation_end is None else parse_date(observation_end, "observation_end")
        end_period = period_start(pd.Series([end]), purchase_period).iloc[0]
        if end_period < pd.Timestamp(first_date).normalize():
            raise CRMDataError(f"observation_end {end.date()} is before the first purchase in column 'date' "
                               f"({pd.Timestamp(first_date).date()})")
        self._warn_exclusions(period, end_period)
        query = f"""
            WITH tx AS (
                SELECT customer_id, {period} AS period, amount FROM transactions
                WHERE {period} <= ? AND NOT (amount < 0)
            ), per_period AS (
                SELECT customer_id, period, sum(amount) AS amount FROM tx GROUP BY customer_id, period
            ), per_customer AS (
                SELECT customer_id, count(*) AS n, min(period) AS first, max(period) AS last,
                       sum(amount) AS total, arg_min(amount, period) AS first_amount
                FROM per_period GROUP BY customer_id
            )
            SELECT customer_id,
                   (n - 1)::BIGINT AS frequency,
                   (epoch_ns(last) - epoch_ns(first)) / 86400e9 / {unit_days!r} AS recency,
                   (epoch_ns(?::TIMESTAMP) - epoch_ns(first)) / 86400e9 / {unit_days!r} AS "T",
                   CASE WHEN n > 1 THEN (total - first_amount) / (n - 1) ELSE 0 END AS monetary_value
            FROM per_customer ORDER BY customer_id
        """
        out = self.sql(query, [end_period.to_pydatetime(), end_period.to_pydatetime()])
        return out.set_index("customer_id")

    def _warn_exclusions(self, period: str, end_period: pd.Timestamp) -> None:
        returns, late, total = self._con.execute(
            f"SELECT count(*) FILTER (WHERE amount < 0), count(*) FILTER (WHERE {period} > ?), count(*) FROM transactions",
            [end_period.to_pydatetime()]).fetchone()
        if returns:
            warnings.warn(f"{returns} of {total} rows of transactions excluded: negative 'amount' (returns)",
                          DataExclusionWarning, stacklevel=3)
        if late:
            warnings.warn(f"{late} of {total} rows of transactions excluded: 'date' after observation_end "
                          f"{end_period.date()}", DataExclusionWarning, stacklevel=3)


def _describe(source) -> str:
    return "a DataFrame" if isinstance(source, pd.DataFrame) else str(Path(source).name)
