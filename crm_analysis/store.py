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
from .timegrid import check_purchase_period, check_time_unit, period_start, record_window, sql_period, unit_days

DEFAULT_PATH = DATA_DIR / "crm.duckdb"
#: rows of transactions per pass of rfm_summary (bounds its memory to a few hundred MB)
_ROWS_PER_PASS = 2_500_000
_TIMESTAMP_TYPES = {"TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S", "DATE"}
_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}
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
    """SHA-256 of a table's content (column names and types, and the multiset of rows).

    Independent of where the rows came from (a DataFrame or a file give the same
    digest) and of their order; see :func:`_relation_digest`.
    """
    con = duckdb.connect()
    try:
        _register(con, "incoming", frame)
        return _relation_digest(con, "incoming")[0]
    finally:
        con.close()


def _relation_digest(con, relation: str) -> tuple[str, int]:
    """SHA-256 summarising a table or view in DuckDB, and its number of rows.

    Each row is hashed twice with DuckDB's 64-bit ``hash()`` (once salted);
    the exact 128-bit sums of those hashes over all rows, the row count and
    the column names and types go into the SHA-256.  Computed inside DuckDB,
    so a 10-million-row import never has to pass through pandas to be hashed.
    """
    schema = con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {relation})").fetchall()
    columns = ", ".join(_quote(name) for name, _type in schema)
    n_rows, sum1, sum2 = con.execute(
        f"SELECT count(*), coalesce(sum(hash({columns})), 0), coalesce(sum(hash({columns}, 'crm')), 0) "
        f"FROM {relation}").fetchall()[0]
    digest = hashlib.sha256(repr((schema, n_rows, int(sum1), int(sum2))).encode())
    return digest.hexdigest(), int(n_rows)


def _register(con, name: str, frame: pd.DataFrame) -> None:
    """Expose a DataFrame to DuckDB as a view.

    DuckDB 2.0 fails with ``std::bad_cast`` on columns whose memory is not
    contiguous (pandas 3 returns views with negative strides, e.g. for a
    reversed slice) and on some pandas 3 text columns (``StringDtype``); such
    frames are handed over as a contiguous copy with text as Python objects.
    """
    text = [c for c in frame.columns if isinstance(frame[c].dtype, pd.StringDtype)]
    strided = any(isinstance(frame[c].dtype, np.dtype) and not frame[c].to_numpy().flags["C_CONTIGUOUS"]
                  for c in frame.columns)
    if text or strided:
        frame = frame.astype({c: object for c in text}).copy(deep=True)
    con.register(name, frame)


def _quote(identifier: str) -> str:
    return '"' + str(identifier).replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


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
        A Parquet file whose columns are already typed (integer or text ids,
        timestamps or dates, numeric amounts) is checked and copied by DuckDB
        without passing through pandas; anything else, and any file that fails
        those checks, goes through :func:`~crm_analysis.validation.validate_transactions`,
        which raises the error that names the column and the offending rows.
        """
        self._writable()
        columns = dict(customer_col=customer_col, date_col=date_col, amount_col=amount_col,
                       quantity_col=quantity_col)
        if self._stage_parquet_transactions(source, **columns):
            return self._append_view("transactions", source)
        frame = read_table(source)
        clean = validate_transactions(frame, customer_col=customer_col, date_col=date_col,
                                      amount_col=amount_col, exclude=False)
        rows = pd.DataFrame({
            "customer_id": clean[customer_col].to_numpy(),
            "date": clean[date_col].astype("datetime64[ns]").to_numpy(),
            "amount": clean[amount_col].to_numpy() if amount_col else np.nan,
            "quantity": pd.to_numeric(clean[quantity_col], errors="coerce").to_numpy() if quantity_col else np.nan,
        })
        return self._append_frame("transactions", rows, source)

    def _stage_parquet_transactions(self, source, *, customer_col, date_col, amount_col, quantity_col) -> bool:
        """Define the view ``incoming`` over a Parquet log when DuckDB can validate it exactly as pandas would.

        Returns False (nothing staged) for other sources, for column types whose
        pandas conversion differs (text dates, time zones, float ids, ...) and
        for files with missing ids, dates or amounts, so that the pandas path
        handles them and reports the offending rows.
        """
        if isinstance(source, pd.DataFrame) or _READERS.get(Path(source).suffix.lower()) != "parquet":
            return False
        path = Path(source)
        if not path.is_file():
            return False
        scan = f"read_parquet({_literal(path)})"
        try:
            types = dict(self._con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {scan})")
                         .fetchall())
            wanted = [c for c in (customer_col, date_col, amount_col, quantity_col) if c]
            if not (set(wanted) <= set(types) and _is_id_type(types[customer_col])
                    and types[date_col] in _TIMESTAMP_TYPES
                    and (amount_col is None or _is_number_type(types[amount_col]))
                    and (quantity_col is None or _is_number_type(types[quantity_col]))):
                return False
            c, d = _quote(customer_col), _quote(date_col)
            a = f"CAST({_quote(amount_col)} AS DOUBLE)" if amount_col else "NULL::DOUBLE"
            q = _quote(quantity_col) if quantity_col else "NULL::DOUBLE"
            n, bad_id, bad_date, bad_amount, q_missing = self._con.execute(
                f"SELECT count(*), count(*) FILTER ({c} IS NULL), count(*) FILTER ({d} IS NULL), "
                f"count(*) FILTER ({a} IS NULL OR isnan({a})), count(*) FILTER ({q} IS NULL) FROM {scan}").fetchall()[0]
            if n == 0 or bad_id or bad_date or (amount_col and bad_amount):
                return False
            if quantity_col and (q_missing or types[quantity_col].startswith("DECIMAL")):
                q = f"CAST({q} AS DOUBLE)"  # pandas turns integers with gaps (and decimals) into float64
            self._con.execute(f"CREATE OR REPLACE TEMP VIEW incoming AS SELECT {c} AS customer_id, "
                              f"CAST({d} AS TIMESTAMP_NS) AS date, {a} AS amount, {q} AS quantity FROM {scan}")
        except duckdb.Error:
            return False
        record_input(path)
        return True

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
        _register(self._con, "incoming", rows)
        try:
            if "customers" not in self.tables():
                self._con.execute("CREATE TABLE customers AS SELECT * FROM incoming")
            else:
                self._add_missing_columns("customers", "incoming")
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
        return self._append_frame("survey", clean.reset_index(drop=True), source)

    def _append_frame(self, table: str, rows: pd.DataFrame, source) -> int:
        self._writable()
        _register(self._con, "incoming", rows)
        try:
            return self._append_once(table, source)
        finally:
            self._con.unregister("incoming")

    def _append_view(self, table: str, source) -> int:
        try:
            return self._append_once(table, source)
        finally:
            self._con.execute("DROP VIEW IF EXISTS incoming")

    def _append_once(self, table: str, source) -> int:
        """Append the relation ``incoming`` to ``table`` unless the same content was imported before."""
        digest, n_rows = _relation_digest(self._con, "incoming")
        if self._con.execute("SELECT 1 FROM imports WHERE sha256 = ?", [digest]).fetchall():
            warnings.warn(f"{_describe(source)} was imported into {table} before; nothing added",
                          DataExclusionWarning, stacklevel=4)
            return 0
        rows = f"SELECT *, {_literal(_describe(source))} AS source FROM incoming"
        try:
            self._con.execute("BEGIN TRANSACTION")
            if table not in self.tables():
                self._con.execute(f"CREATE TABLE {table} AS {rows}")
            else:
                self._add_missing_columns(table, "incoming")
                self._con.execute(f"INSERT INTO {table} BY NAME {rows}")
            self._con.execute("INSERT INTO imports (sha256, target, source, n_rows) VALUES (?, ?, ?, ?)",
                              [digest, table, _describe(source), n_rows])
            self._con.execute("COMMIT")
        except duckdb.Error as exc:
            self._con.execute("ROLLBACK")
            raise CRMDataError(f"could not import {_describe(source)} into {table}: {exc}") from exc
        return n_rows

    def _add_missing_columns(self, table: str, relation: str) -> None:
        existing = set(self.sql(f"SELECT * FROM {table} LIMIT 0").columns)
        types = dict(self._con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {relation})").fetchall())
        for column, column_type in types.items():
            if column not in existing:
                self._con.execute(f'ALTER TABLE {table} ADD COLUMN {_quote(column)} {column_type}')

    def _writable(self) -> None:
        if self.read_only:
            raise PermissionError(f"the customer database {self.path} is open read-only")

    # ------------------------------------------------------------------ analysis
    def rfm_summary(self, *, observation_end=None, purchase_period: str | None = "D",
                    time_unit: str = "D") -> pd.DataFrame:
        """Frequency, recency, T and monetary_value computed in SQL.

        Same definitions and result as :func:`crm_analysis.value.rfm_summary`
        with ``amount_col="amount"``: returns and purchases after the
        observation end are excluded with a warning giving their count.  The
        table records its window in ``attrs`` (``time_unit``,
        ``observation_end``, ``purchase_period``), as the pandas summary does.
        """
        check_purchase_period(purchase_period)
        time_unit = check_time_unit(time_unit)
        days_per_unit = unit_days(time_unit)
        if "transactions" not in self.tables():
            raise CRMDataError("the customer database has no transactions yet: import some with add_transactions()")
        period = sql_period(purchase_period, "date")
        first_date, last_date = self._con.execute("SELECT min(date), max(date) FROM transactions").fetchone()
        end = pd.Timestamp(last_date) if observation_end is None else parse_date(observation_end, "observation_end")
        end_period = period_start(pd.Series([end]), purchase_period).iloc[0]
        if end_period < pd.Timestamp(first_date).normalize():
            raise CRMDataError(f"observation_end {end.date()} is before the first purchase in column 'date' "
                               f"({pd.Timestamp(first_date).date()})")
        n_rows = self._warn_exclusions(period, end_period)
        # The (customer, period) hash table is the memory peak (tens of bytes per
        # group), so large logs are summarised in passes over disjoint hash
        # buckets of customers: peak memory stays bounded whatever the log's size.
        passes = max(1, -(-n_rows // _ROWS_PER_PASS))
        end = f"TIMESTAMP '{end_period.to_pydatetime().isoformat(sep=' ')}'"
        query = f"""
            WITH tx AS (
                SELECT customer_id, {period} AS period, amount FROM transactions
                WHERE {period} <= {end} AND NOT (amount < 0) AND hash(customer_id) % {passes} = {{bucket}}
            ), per_period AS (
                SELECT customer_id, period, sum(amount) AS amount FROM tx GROUP BY customer_id, period
            ), per_customer AS (
                SELECT customer_id, count(*) AS n, min(period) AS first, max(period) AS last,
                       sum(amount) AS total, arg_min(amount, period) AS first_amount
                FROM per_period GROUP BY customer_id
            )
            SELECT customer_id,
                   (n - 1)::BIGINT AS frequency,
                   (epoch_ns(last) - epoch_ns(first)) / 86400e9 / {days_per_unit!r} AS recency,
                   (epoch_ns({end}) - epoch_ns(first)) / 86400e9 / {days_per_unit!r} AS "T",
                   CASE WHEN n > 1 THEN (total - first_amount) / (n - 1) ELSE 0 END AS monetary_value
            FROM per_customer
        """
        # literals, not prepared parameters: DuckDB pushes constant filters into the scan
        parts = [self._con.execute(query.format(bucket=bucket)).df() for bucket in range(passes)]
        summary = pd.concat(parts, ignore_index=True).set_index("customer_id").sort_index()
        return record_window(summary, time_unit=time_unit, observation_end=end_period if observation_end is None
                             else observation_end, purchase_period=purchase_period)

    def _warn_exclusions(self, period: str, end_period: pd.Timestamp) -> int:
        """Warn about the rows a summary leaves out; return the number of stored transactions."""
        returns, late, total = self._con.execute(
            f"SELECT count(*) FILTER (WHERE amount < 0), count(*) FILTER (WHERE {period} > ?), count(*) FROM transactions",
            [end_period.to_pydatetime()]).fetchall()[0]
        if returns:
            warnings.warn(f"{returns} of {total} rows of transactions excluded: negative 'amount' (returns)",
                          DataExclusionWarning, stacklevel=3)
        if late:
            warnings.warn(f"{late} of {total} rows of transactions excluded: 'date' after observation_end "
                          f"{end_period.date()}", DataExclusionWarning, stacklevel=3)
        return total


def _is_id_type(column_type: str) -> bool:
    return column_type in _INTEGER_TYPES or column_type == "VARCHAR"


def _is_number_type(column_type: str) -> bool:
    return column_type in _INTEGER_TYPES or column_type in ("FLOAT", "DOUBLE") or column_type.startswith("DECIMAL")


def _describe(source) -> str:
    return "a DataFrame" if isinstance(source, pd.DataFrame) else str(Path(source).name)
