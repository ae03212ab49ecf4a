"""CustomerStore: the embedded DuckDB customer database.

A single file (default ``data/crm.duckdb``) holds a business's customer data:

``transactions``  customer_id, date, amount, quantity, transaction_id, source, and any extra
                  columns of the imported files
``customers``     one row per customer_id (text, the primary key); ``churn`` (1 churned, 0 stayed, NULL
                  unknown: its meaning is fixed at the first import, see below), ``tenure`` (a number in the
                  unit recorded in crm_meta), any further columns
                  and the standard customer columns (roles: acquisition_date, acquisition_cost,
                  cost_to_serve, credit_limit, balance, sales_plan, service_budget, retention_cost,
                  churn_date; their units recorded in crm_meta)
``survey``        survey answers: customer_id (when known), date (the response date, when imported),
                  one column per item, source
``survey_items``  the declared answer scale of every survey item
``complaints``    complaint_id, customer_id, date, category, resolved (1/0/NULL), days_to_resolve, source
``imports``       the ledger: SHA-256 of every imported table, what it added, updated and skipped
``crm_meta``      schema version, the business's name, currency, margin and cost of a retention offer,
                  the spellings of the churn labels, the tenure unit, and (demo databases) the demo flags

It is a database, not a cache:

* every import reads the file with the one reader (:mod:`crm_analysis.io`):
  ids as text, one date format per column, amounts one way;
* the same content imported twice adds nothing; with a transaction (order) id
  (``transaction_col``), imports *upsert* on it, so overlapping or repeated
  exports never duplicate a purchase; without one, rows identical to stored
  rows are counted and reported (kept by default, since two identical purchases
  can be real; ``drop_duplicates=True`` skips them);
* every change is one database transaction: a failed import or update leaves
  the database exactly as it was;
* returns (negative amounts) are *kept* and excluded, with a warning, only when
  a summary is computed;
* complaints are matched on their complaint id (``complaint_id_col``) or,
  without one, on the whole row, so overlapping exports never duplicate a
  complaint; complaints of customers missing from the customer table are kept
  (the link is the id) and counted;
* the meaning of the churn label is fixed when it is imported: ``Yes``/``No``,
  ``1``/``0``, ``流失``/``在网`` ... are read by the word lists of
  :mod:`crm_analysis.churn.labels`, any other pair needs ``churned_value``;
  the spellings are recorded, so a later export written differently maps the
  same way and can never silently flip churners and stayers.

Reports read a database through :func:`open_report_store` (read-only; ``""``
opens a bundled demo database) and ask it for :meth:`CustomerStore.describe`,
:meth:`CustomerStore.churn_table`, :meth:`CustomerStore.survey_table` and
:meth:`CustomerStore.complaints`.

The file records its schema version; an old, foreign or damaged file is a
clear :class:`~crm_analysis.exceptions.CRMDataError`.  DuckDB lets one process
write a file at a time: a second writer gets a "database is in use" error and
nothing is lost.  Reports open the store with ``read_only=True``.
"""
from __future__ import annotations

import hashlib
import json
import re
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import io
from .config import DATA_DIR
from .exceptions import CRMDataError, DataExclusionWarning
from .io import read_typed_table as read_table  # noqa: F401  (older code imports a typed reader from here)
from .provenance import record_input
from .value.summary_sql import DUCKDB, exclusion_counts_query, exclusion_examples_query, summary_query
from .validation import caller_stacklevel, declare_scale, parse_date
from .timegrid import (check_purchase_period, check_time_unit, convert_duration, period_start, record_window,
                       unit_days)

__all__ = ["CustomerStore", "ImportResult", "DuplicateRowsWarning", "SCHEMA_VERSION", "content_hash",
           "open_report_store", "upgrade"]

DEFAULT_PATH = DATA_DIR / "crm.duckdb"
#: version of the table layout written by this package; a file from a newer one is refused, an older one upgraded.
#: 2: ``customers.churn`` is 0/1 (was the raw labels) and crm_meta records the label spellings and tenure unit
#: 3: the ``complaints`` table; crm_meta records the customer roles (cost columns ...) and their units
SCHEMA_VERSION = 3
#: DuckDB's memory limit while importing into a database file (it spills to disk beyond it)
IMPORT_MEMORY_LIMIT = "900MB"
#: rows of transactions per pass of rfm_summary (bounds its memory to a few hundred MB)
_ROWS_PER_PASS = 2_500_000
_TIMESTAMP_TYPES = {"TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S", "DATE"}
_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                  "UBIGINT"}
#: the columns that make two purchases "the same row"
_CORE = ("customer_id", "date", "amount", "quantity")
#: the columns of the complaints table, with their stored types
_COMPLAINT_COLUMNS = {"complaint_id": "VARCHAR", "customer_id": "VARCHAR", "date": "TIMESTAMP", "category": "VARCHAR",
                      "resolved": "INTEGER", "days_to_resolve": "DOUBLE"}
_COMPLAINTS_DDL = ("CREATE TABLE complaints (complaint_id VARCHAR, customer_id VARCHAR NOT NULL, date TIMESTAMP NOT NULL, "
                   "category VARCHAR, resolved INTEGER, days_to_resolve DOUBLE, source VARCHAR)")
#: names of columns that usually hold an order (transaction) id
_ORDER_ID_NAME = re.compile(r"order|invoice|transaction|receipt|ticket|订单|单号|流水|票号|交易号", re.IGNORECASE)
#: ambiguous currency signs and the ISO codes they may stand for
_SIGNS = {"$": {"USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD", "MXN"}, "¥": {"CNY", "JPY"}}


class DuplicateRowsWarning(DataExclusionWarning):
    """An import holds rows identical to stored rows or to each other (kept unless drop_duplicates=True)."""


@dataclass(frozen=True)
class ImportResult:
    """What one import did: rows read, added, updated and skipped, and why.

    ``str(result)`` is the sentence the command line prints.
    """

    table: str
    source: str
    rows_read: int
    added: int
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    duplicates_dropped: bool = False
    already_imported: bool = False
    extra_columns: tuple = ()
    notes: tuple = field(default=())

    def __str__(self) -> str:
        if self.already_imported:
            return (f"{self.table}: {self.source} was imported before (same content); nothing added "
                    f"({self.rows_read} rows read)")
        parts = [f"{self.added} added"]
        if self.updated:
            parts.append(f"{self.updated} updated")
        if self.unchanged:
            parts.append(f"{self.unchanged} skipped (already stored, unchanged)")
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicate rows {'skipped' if self.duplicates_dropped else 'kept'}")
        text = f"{self.table}: {self.rows_read} rows read from {self.source}; " + ", ".join(parts)
        if self.extra_columns:
            text += f"; extra columns kept: {', '.join(map(str, self.extra_columns))}"
        return text + "".join(f"\n  note: {note}" for note in self.notes)


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


def _open(path, read_only: bool):
    """Connect to a DuckDB file, turning DuckDB's errors into messages a user can act on."""
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        text = str(exc)
        if "lock" in text.lower():
            holder = re.search(r"PID (\d+)", text)
            raise CRMDataError(f"the customer database {path} is in use by another program"
                               f"{' (process ' + holder.group(1) + ')' if holder else ''}; close it there "
                               f"(or open this one with read_only=True to read) and try again") from None
        raise CRMDataError(f"{path} is not a customer database (cannot open it as a DuckDB file: {text})") from None
    except duckdb.Error as exc:
        raise CRMDataError(f"{path} is not a customer database (cannot open it as a DuckDB file: {exc})") from None


class CustomerStore:
    """An embedded DuckDB database of a business's transactions, customers and survey answers.

    Parameters
    ----------
    path : str or Path, optional
        Database file (created when missing); default ``data/crm.duckdb``.
        ``":memory:"`` gives a throw-away in-memory database.
    read_only : bool, default False
        Open without write access (reports use this).

    Examples
    --------
    >>> with CustomerStore.create(tmp_path / "tea.duckdb", name="Tea House Ltd", currency="CNY") as store:  # doctest: +SKIP
    ...     print(store.add_transactions("orders.csv", customer_col="client", date_col="day",
    ...                                  amount_col="total", transaction_col="order_no"))
    ...     summary = store.rfm_summary(observation_end="2024-06-30", time_unit="W")
    """

    def __init__(self, path=None, *, read_only: bool = False):
        self._connect(path, read_only)

    def _connect(self, path, read_only: bool, churned_value=None) -> None:
        self.path = DEFAULT_PATH if path is None else path
        self.read_only = read_only
        if str(self.path) != ":memory:":
            self.path = Path(self.path)
            if read_only and not self.path.exists():
                raise FileNotFoundError(f"no customer database at {self.path}")
            if self.path.is_dir():
                raise CRMDataError(f"{self.path} is a folder; give a database file such as {self.path / 'crm.duckdb'}")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._con = _open(self.path, read_only)
        try:
            self._check_schema(churned_value)
        except BaseException:
            self._con.close()
            raise

    @classmethod
    def create(cls, path, *, name: str, currency: str, margin: float | None = None, offer_cost: float | None = None,
               synthetic: bool = False, demo: str | None = None, description: str | None = None) -> "CustomerStore":
        """Create a new customer database for a business (refuses to overwrite an existing file).

        Parameters
        ----------
        name : str
            The business's name, as the reports show it under their title.
        currency : str
            ISO 4217 code of the amounts (``"CNY"``, ``"EUR"``, ``"USD"``);
            reports format money with it and imports check that an amount
            column's currency sign agrees with it.
        margin, offer_cost : float, optional
            Business facts the reports use instead of a guess; see
            :meth:`set_business`.
        synthetic : bool, default False
            The data are simulated (reports then show a "synthetic data" box).
        demo : str, optional
            The name of the bundled demo this database was built from (set by
            :func:`crm_analysis.datasets.demo_store`, not for your own data).
        description : str, optional
            One line saying what the data are (e.g. "till receipts of both
            shops, 2023-2024"); default: made from the import ledger.
        """
        if str(path) != ":memory:" and Path(path).exists():
            raise CRMDataError(f"{path} exists already; choose a new file name (or open it with CustomerStore)")
        _business_values(name=name, currency=currency, margin=margin, offer_cost=offer_cost, description=description)
        store = cls(path)
        try:
            store.set_business(name=name, currency=currency, margin=margin, offer_cost=offer_cost,
                               description=description)
            if synthetic or demo:
                with store._transaction("record the demo flags"):
                    store._set_meta(synthetic="true" if synthetic else "false", demo=demo)
        except BaseException:
            store.close()
            raise
        return store

    # ------------------------------------------------------------------ schema
    def _check_schema(self, churned_value=None) -> None:
        tables = set(self.tables())
        if "crm_meta" in tables:
            version = self._meta().get("schema_version")
            if version is None or not str(version).isdigit():
                raise CRMDataError(f"{self.path} has a damaged crm_meta table (no schema version)")
            if int(version) > SCHEMA_VERSION:
                raise CRMDataError(f"{self.path} was written by a newer crm_analysis (schema version {version}; "
                                   f"this one reads up to {SCHEMA_VERSION}): upgrade crm_analysis")
            if int(version) < SCHEMA_VERSION:
                if self.read_only:
                    raise _NeedsUpgrade(f"{self.path} was written by an earlier crm_analysis (schema version "
                                        f"{version}); open it once for writing to upgrade it (any import does, or "
                                        f"crm_analysis.store.upgrade({str(self.path)!r}))")
                self._upgrade(int(version), churned_value)
            return
        if "imports" in tables:
            raise CRMDataError(f"{self.path} was made by an older crm_analysis (before schema versions, ids stored "
                               f"as numbers); create a new database and import the files again")
        if tables:
            raise CRMDataError(f"{self.path} is a DuckDB database of another application (tables {sorted(tables)[:6]}), "
                               f"not a crm_analysis customer database")
        if self.read_only:
            raise CRMDataError(f"{self.path} is an empty database; create it with crm-analysis init first")
        self._initialise()

    def _upgrade(self, version: int, churned_value=None) -> None:
        """Bring a file of an older layout to :data:`SCHEMA_VERSION`, in one transaction.

        A file of version 1 or 2 is brought to the current layout in one
        transaction.  Version 1 stored the churn labels as imported (``"Yes"``/``"No"``,
        ``"流失"``/``"在网"``, ...).  They are mapped to 0/1 by the rules of
        :func:`crm_analysis.io.churn_codes` and their spellings recorded; when
        they do not say which one means churned the file is left unchanged and
        the error names the labels and asks for ``upgrade(path, churned_value=...)``.
        The tenure unit was not recorded in version 1: it stays unknown until a
        customer import names it (``tenure_unit=``).
        """
        if version not in (1, 2):
            raise CRMDataError(f"{self.path} has schema version {version}, which this crm_analysis cannot upgrade")
        with self._transaction(f"upgrade {self.path} from schema version {version} to {SCHEMA_VERSION}"):
            if version == 1:
                self._upgrade_from_1(churned_value)
            self._upgrade_from_2()
            self._set_meta(schema_version=str(SCHEMA_VERSION), upgraded_from=str(version))

    def _upgrade_from_2(self) -> None:
        """Version 2 -> 3 (inside the upgrade's transaction): add the complaints table, record the customer roles.

        Customer columns already named by a standard role name (``cost_to_serve``,
        ``acquisition_date`` ...) and stored with the role's type (numbers,
        dates) are recorded as that role, with its unit.
        """
        if "complaints" not in self.tables():
            self._con.execute(_COMPLAINTS_DDL)
        types = dict(self._con.execute("SELECT column_name, column_type FROM (DESCRIBE customers)").fetchall())
        roles = {role: role for role in io.CUSTOMER_ROLES if role in types and
                 (types[role] in _TIMESTAMP_TYPES if role in io.DATE_ROLES else _is_number_type(types[role]))}
        if roles:
            self._set_meta(customer_roles=self._roles_meta(roles))

    def _upgrade_from_1(self, churned_value=None) -> None:
        """Version 1 -> 2 (inside the upgrade's transaction): churn labels to 0/1."""
        if "churn" in self._columns_of("customers"):
            raw = [r[0] for r in self._con.execute(
                "SELECT DISTINCT CAST(churn AS VARCHAR) AS label FROM customers WHERE churn IS NOT NULL "
                "ORDER BY label").fetchall()]
            try:
                codes, spellings = io.churn_codes(pd.Series(raw, dtype=object), "churn", churned_value=churned_value,
                                                  name=f"the customers of {self.path}")
            except CRMDataError as exc:
                raise CRMDataError(f"cannot upgrade {self.path} (schema version 1, churn stored as labels): {exc}; "
                                   f"upgrade it with crm_analysis.store.upgrade(path, churned_value=...); "
                                   f"the file is unchanged") from None
            cases = " ".join(f"WHEN {_literal(label)} THEN {int(code)}" for label, code in zip(raw, codes)
                             if not pd.isna(code))
            self._con.execute(f"ALTER TABLE customers ALTER churn TYPE TINYINT USING "
                              f"(CASE CAST(churn AS VARCHAR) {cases} ELSE NULL END)" if cases else
                              "ALTER TABLE customers ALTER churn TYPE TINYINT USING (NULL)")
            self._set_meta(churn_labels=json.dumps(spellings, ensure_ascii=False))

    def _initialise(self) -> None:
        from . import __version__

        with self._transaction("create the customer database"):
            self._con.execute("CREATE TABLE crm_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
            self._con.execute("INSERT INTO crm_meta VALUES ('schema_version', ?), ('created_with', ?), "
                              "('created_at', CAST(current_timestamp AS VARCHAR))", [str(SCHEMA_VERSION), __version__])
            self._con.execute("CREATE TABLE imports (sha256 VARCHAR PRIMARY KEY, target VARCHAR, source VARCHAR, "
                              "n_rows BIGINT, added BIGINT, updated BIGINT, skipped BIGINT, "
                              "imported_at TIMESTAMP DEFAULT current_timestamp)")
            self._con.execute("CREATE TABLE transactions (customer_id VARCHAR NOT NULL, date TIMESTAMP_NS NOT NULL, "
                              "amount DOUBLE, quantity DOUBLE, transaction_id VARCHAR, source VARCHAR)")
            self._con.execute("CREATE TABLE customers (customer_id VARCHAR PRIMARY KEY)")
            self._con.execute("CREATE TABLE survey_items (item VARCHAR PRIMARY KEY, scale_low DOUBLE, "
                              "scale_high DOUBLE)")
            self._con.execute(_COMPLAINTS_DDL)

    def _meta(self) -> dict:
        return dict(self._con.execute("SELECT key, value FROM crm_meta").fetchall())

    def _set_meta(self, **values) -> None:
        """Write crm_meta entries (inside the caller's transaction); a value of None leaves the key as it is."""
        for key, value in values.items():
            if value is not None:
                self._con.execute("INSERT OR REPLACE INTO crm_meta VALUES (?, ?)", [key, str(value)])

    @property
    def schema_version(self) -> int:
        """The table layout version recorded in the file."""
        return int(self._meta()["schema_version"])

    @property
    def business(self) -> dict:
        """The business this database belongs to: ``{"name": ..., "currency": ...}`` (None when not set)."""
        meta = self._meta()
        return {"name": meta.get("business_name"), "currency": meta.get("currency")}

    def set_business(self, *, name: str | None = None, currency: str | None = None, margin: float | None = None,
                     offer_cost: float | None = None, description: str | None = None) -> None:
        """Record facts about the business that the reports use (a value left at None is not changed).

        Parameters
        ----------
        name : str
            The business's name.
        currency : str
            The ISO 4217 code of its amounts (``"CNY"``, ``"EUR"``).
        margin : float
            The profit share of revenue, ``0 < margin <= 1``: 0.3 means 30 of
            every 100 of revenue is profit.  Customer-value and churn reports
            multiply revenue by it to speak of profit; 1 reports revenue.
        offer_cost : float
            What one retention contact costs (discount plus the call), in the
            business's currency, ``>= 0``.  The churn report weighs it against
            the value a contact can keep.
        description : str
            One line saying what the data are; shown under the report titles.
        """
        self._writable()
        values = _business_values(name=name, currency=currency, margin=margin, offer_cost=offer_cost,
                                  description=description)
        with self._transaction("record the business"):
            self._set_meta(**values)



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
        return sorted(r[0] for r in self._con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall())

    def sql(self, query: str, params=None) -> pd.DataFrame:
        """Run a SQL query and return the result as a DataFrame."""
        return self._con.execute(query, params or []).df()

    def transactions(self) -> pd.DataFrame:
        """All stored transactions (including returns); ids as text."""
        return self.sql("SELECT * FROM transactions")

    def customers(self) -> pd.DataFrame:
        """The customer table, indexed by customer_id (text)."""
        return self.sql("SELECT * FROM customers ORDER BY customer_id").set_index("customer_id")

    def survey(self) -> pd.DataFrame:
        """All stored survey answers; ``attrs["scale"]`` holds the items' declared scale when they share one."""
        if "survey" not in self.tables():
            raise CRMDataError("the customer database has no survey answers yet: import some with add_survey()")
        answers = self.sql("SELECT * FROM survey")
        scales = self.sql("SELECT * FROM survey_items")
        distinct = {(row.scale_low, row.scale_high) for row in scales.itertuples()}
        if len(distinct) == 1:
            answers.attrs["scale"] = next(iter(distinct))
        answers.attrs["items"] = scales["item"].tolist()
        return answers

    def imports(self) -> pd.DataFrame:
        """The import ledger: one row per imported table (source, rows, added, updated, skipped, time)."""
        return self.sql("SELECT target, source, n_rows, added, updated, skipped, imported_at FROM imports "
                        "ORDER BY imported_at")

    # ------------------------------------------------------------------ what reports read
    def describe(self) -> dict:
        """What this database holds, in one dict: the facts a report states under its title.

        Keys
        ----
        ``name``, ``currency``
            The business (:meth:`set_business`).
        ``synthetic`` (bool), ``demo`` (str or None)
            Simulated data / the bundled demo it was built from.
        ``source``
            One line saying what the data are: the recorded description, or the
            imported files by table (``"transactions: orders.csv; customers:
            members.xlsx"``), or ``"no data imported yet"``.
        ``n_customers``
            Distinct customer ids over the transactions and the customer table.
        ``n_transactions``, ``first_transaction``, ``last_transaction``
            Stored transactions (returns included) and the first and last
            purchase date (``pandas.Timestamp``, None without transactions);
            ``first_date`` and ``last_date`` are the same dates (the report period).
        ``n_customer_records``, ``n_churn_labels``, ``n_respondents``
            Rows of the customer table, customers with a churn label, survey answers.
        ``has_transactions``, ``has_customers``, ``has_churn``, ``has_survey`` (bool)
            Whether the value, churn and satisfaction reports have their data.
        ``margin``, ``offer_cost`` (float or None)
            The business facts of :meth:`set_business`, None when not recorded.
        ``tenure_unit`` (str or None)
            ``"months"``, ... as recorded at the customer import.
        ``churn_labels`` (dict or None)
            The spellings read as churned and as stayed.
        ``has_complaints`` (bool), ``n_complaints``, ``n_complaint_customers``
            Stored complaints and the distinct customers who complained;
            ``first_complaint``, ``last_complaint`` (Timestamp or None).
        ``complaint_columns`` (dict of bool)
            Which complaint columns hold any value: ``complaint_id``,
            ``category``, ``resolved``, ``days_to_resolve``.
        ``n_complaints_unknown_customers``
            Complaints whose customer is not in the customer table.
        ``resolved_labels`` (dict or None)
            The spellings read as resolved and as open.
        ``customer_roles`` (dict)
            The standard customer columns present, with their units:
            ``{"cost_to_serve": "CNY per order", "acquisition_date": "date", ...}``
            (see :data:`crm_analysis.io.CUSTOMER_ROLES`); empty without any.
        ``has_survey_dates`` (bool)
            Survey answers carry response dates (``survey_table()["date"]``).
        """
        meta = self._meta()
        tables = set(self.tables())
        n_tx, first, last = self._con.execute("SELECT count(*), min(date), max(date) FROM transactions").fetchone()
        n_customers = self._con.execute("SELECT count(*) FROM (SELECT customer_id FROM transactions UNION "
                                        "SELECT customer_id FROM customers)").fetchone()[0]
        n_records = self._count("customers")
        n_labels = (self._con.execute("SELECT count(churn) FROM customers").fetchone()[0]
                    if "churn" in self._columns_of("customers") else 0)
        n_respondents = self._count("survey") if "survey" in tables else 0
        complaints = self._describe_complaints(tables)
        return {
            "name": meta.get("business_name"),
            "currency": meta.get("currency"),
            "synthetic": meta.get("synthetic") == "true",
            "demo": meta.get("demo"),
            "source": meta.get("description") or self._imported_sources(),
            "n_customers": int(n_customers),
            "n_transactions": int(n_tx),
            "first_transaction": None if first is None else pd.Timestamp(first),
            "last_transaction": None if last is None else pd.Timestamp(last),
            "first_date": None if first is None else pd.Timestamp(first),
            "last_date": None if last is None else pd.Timestamp(last),
            "n_customer_records": n_records,
            "n_churn_labels": int(n_labels),
            "n_respondents": n_respondents,
            "has_transactions": n_tx > 0,
            "has_customers": n_records > 0,
            "has_churn": n_labels > 0,
            "has_survey": n_respondents > 0,
            "margin": float(meta["margin"]) if meta.get("margin") else None,
            "offer_cost": float(meta["offer_cost"]) if meta.get("offer_cost") else None,
            "tenure_unit": meta.get("tenure_unit"),
            "churn_labels": json.loads(meta["churn_labels"]) if meta.get("churn_labels") else None,
            **complaints,
            "resolved_labels": json.loads(meta["resolved_labels"]) if meta.get("resolved_labels") else None,
            "customer_roles": self._present_roles(meta),
            "has_survey_dates": self._survey_dated(),
        }

    def _describe_complaints(self, tables) -> dict:
        facts = {"has_complaints": False, "n_complaints": 0, "n_complaint_customers": 0, "first_complaint": None,
                 "last_complaint": None, "n_complaints_unknown_customers": 0,
                 "complaint_columns": {c: False for c in ("complaint_id", "category", "resolved", "days_to_resolve")}}
        if "complaints" not in tables:
            return facts
        n, n_customers, first, last, ids, categories, resolved, days = self._con.execute(
            "SELECT count(*), count(DISTINCT customer_id), min(date), max(date), count(complaint_id), "
            "count(category), count(resolved), count(days_to_resolve) FROM complaints").fetchone()
        unknown = self._con.execute("SELECT count(*) FROM complaints WHERE customer_id NOT IN "
                                    "(SELECT customer_id FROM customers)").fetchone()[0]
        facts.update(has_complaints=n > 0, n_complaints=int(n), n_complaint_customers=int(n_customers),
                     first_complaint=None if first is None else pd.Timestamp(first),
                     last_complaint=None if last is None else pd.Timestamp(last),
                     n_complaints_unknown_customers=int(unknown),
                     complaint_columns={"complaint_id": ids > 0, "category": categories > 0,
                                        "resolved": resolved > 0, "days_to_resolve": days > 0})
        return facts

    def _present_roles(self, meta: dict) -> dict:
        """``{role: unit}`` of the customer roles recorded in crm_meta whose column holds a value."""
        recorded = json.loads(meta["customer_roles"]) if meta.get("customer_roles") else {}
        columns = set(self._columns_of("customers"))
        present = {}
        for role in io.CUSTOMER_ROLES:          # in the order of the schema
            if role in recorded and role in columns and \
                    self._con.execute(f"SELECT count({_quote(role)}) FROM customers").fetchone()[0] > 0:
                present[role] = recorded[role]["unit"]
        return present

    def _imported_sources(self) -> str:
        rows = self._con.execute("SELECT target, source FROM imports WHERE added + updated > 0 "
                                 "ORDER BY imported_at").fetchall()
        if not rows:
            return "no data imported yet"
        by_table: dict = {}
        for target, source in rows:
            by_table.setdefault(target, [])
            if source not in by_table[target]:
                by_table[target].append(source)
        return "; ".join(f"{target}: {', '.join(sources)}" for target, sources in by_table.items())

    def churn_table(self) -> pd.DataFrame:
        """The customer table as a churn model reads it: one row per labelled customer.

        Returns
        -------
        DataFrame
            Indexed by ``customer_id`` (text, sorted), with ``churn`` (int 0/1:
            1 churned; the meaning was fixed at import), ``tenure`` when it was
            imported, and every other column of the customer table (the
            features: segment, plan, charges, ...).  ``attrs``:

            * ``tenure_unit``: ``"months"``, ... (None without tenure);
            * ``excluded``: customers left out because their churn label is
              blank (a model cannot learn from an unknown outcome), also stated
              in a :class:`~crm_analysis.exceptions.DataExclusionWarning`;
            * ``feature_columns``: the columns other than ``churn`` and ``tenure``;
            * ``churn_labels``: the spellings read as churned and as stayed.

            Choosing features is the analysis's job: columns that restate the
            outcome or an id (see :func:`crm_analysis.churn.leaking_columns`)
            are not removed here.

        Raises
        ------
        CRMDataError
            When no customer has a churn label (import a customer table with
            ``churn_col=``), or tenure is stored without a recorded unit (a file
            of schema version 1: import the customers again with ``tenure_unit=``).
        """
        if "churn" not in self._columns_of("customers") or not self.describe()["has_churn"]:
            raise CRMDataError("the customer database has no churn labels: import a customer table with its churn "
                               "column (add_customers(..., churn_col=...) or crm-analysis import customers FILE "
                               "--churn-col COLUMN)")
        meta = self._meta()
        unit = meta.get("tenure_unit")
        if "tenure" in self._columns_of("customers") and not unit:
            raise CRMDataError(f"{self.path} stores tenure without its unit (written by an earlier crm_analysis): "
                               f"import the customer table again with tenure_unit='months' (or days, weeks, "
                               f"years; crm-analysis import customers ... --tenure-unit months)")
        table = self.customers()
        unknown = table["churn"].isna()
        excluded = int(unknown.sum())
        if excluded:
            warnings.warn(f"{excluded} of {len(table)} customers excluded from the churn table: their churn label is "
                          f"blank (unknown), and a model cannot learn from an unknown outcome",
                          DataExclusionWarning, stacklevel=caller_stacklevel())
            table = table[~unknown.to_numpy()]
        table = table.copy()
        table["churn"] = table["churn"].astype("int64")
        if "tenure" in table.columns:
            table["tenure"] = table["tenure"].astype(float)
        table = table[["churn"] + [c for c in table.columns if c != "churn"]]
        table.attrs.update(tenure_unit=unit if "tenure" in table.columns else None, excluded=excluded,
                           feature_columns=[c for c in table.columns if c not in ("churn", "tenure")],
                           churn_labels=json.loads(meta["churn_labels"]) if meta.get("churn_labels") else None)
        return table

    def survey_table(self, items=None, *, columns=()) -> pd.DataFrame:
        """The survey answers with their declared scale, as the satisfaction engines read them.

        Parameters
        ----------
        items : list of str, optional
            The answer columns to return; default every stored item.  Items
            stored on different scales (a 0-10 recommendation question beside
            1-7 ratings) cannot share one table: choose the items of one scale.
        columns : list of str, optional
            Other columns imported with the answers (the "extra columns kept"
            of the import, such as a channel or a region) to return after the
            items, as stored; an unknown or item column is an error.

        Returns
        -------
        DataFrame
            ``customer_id`` (text; only when some answers are linked to
            customers) and one float column per item, missing answers as NaN;
            one row per stored response, in import order.  The scale is declared
            with :func:`crm_analysis.validation.declare_scale`:
            ``attrs["scale"] = (low, high)``, ``attrs["items"]``.  Churn is not
            joined here: link it with :meth:`churn_table` on ``customer_id``.
            With response dates imported (``add_survey(date_col=...)``) the
            table has ``date`` (datetime64, NaT when unknown) after
            ``customer_id``, named in ``attrs["date_col"] = "date"``; it is
            not an item (``attrs["items"]``).

        Raises
        ------
        CRMDataError
            When there is no survey, when an item is unknown, or when the items
            are on different scales (the message lists the scales).
        """
        if "survey" not in self.tables() or self._count("survey") == 0:
            raise CRMDataError("the customer database has no survey answers: import them with add_survey() "
                               "(crm-analysis import survey FILE --store DB --scale MIN MAX)")
        scales = {row[0]: (row[1], row[2]) for row in self._con.execute("SELECT * FROM survey_items").fetchall()}
        stored = [c for c in self._columns_of("survey") if c in scales]
        if items is None:
            chosen = stored
        else:
            chosen = [items] if isinstance(items, str) else list(items)
            unknown = [i for i in chosen if i not in scales]
            if unknown:
                raise CRMDataError(f"survey item(s) {unknown} are not in the database; its items are {stored}")
        distinct = sorted({scales[i] for i in chosen})
        if len(distinct) > 1:
            by_scale = {f"{low:g}-{high:g}": [i for i in chosen if scales[i] == (low, high)] for low, high in distinct}
            raise CRMDataError(f"the survey items are on different scales ({by_scale}); a table declares one scale: "
                               f"choose the items of one scale with survey_table(items=[...])")
        extras = [columns] if isinstance(columns, str) else list(columns)
        others = [c for c in self._columns_of("survey") if c not in scales and c not in ("customer_id", "date", "source")]
        wrong = [c for c in extras if c not in others]
        if wrong:
            raise CRMDataError(f"column(s) {wrong} are not stored with the survey answers (other than items); the "
                               f"survey's other columns are {others}")
        linked = self._con.execute("SELECT count(customer_id) FROM survey").fetchone()[0] > 0
        dated = self._survey_dated()
        selected = (["customer_id"] if linked else []) + (["date"] if dated else []) + chosen + extras
        answers = self.sql(f"SELECT {', '.join(_quote(c) for c in selected)} FROM survey")
        answers = answers.astype({item: float for item in chosen})
        if dated:
            answers["date"] = answers["date"].astype("datetime64[ns]")
        declared = declare_scale(answers, distinct[0], items=chosen)
        if linked:
            declared.attrs["customer_col"] = "customer_id"
        if dated:
            declared.attrs["date_col"] = "date"
        return declared

    def _survey_dated(self) -> bool:
        """Whether some stored survey answers carry a response date (a timestamp column ``date``)."""
        if "survey" not in self.tables():
            return False
        types = dict(self._con.execute("SELECT column_name, column_type FROM (DESCRIBE survey)").fetchall())
        return types.get("date") in _TIMESTAMP_TYPES and \
            self._con.execute("SELECT count(date) FROM survey").fetchone()[0] > 0

    def complaints(self) -> pd.DataFrame:
        """The stored complaints, as the complaint analyses read them.

        Returns
        -------
        DataFrame
            One row per complaint, sorted by date and customer:
            ``complaint_id`` (text, None when the file had none),
            ``customer_id`` (text), ``date`` (datetime64), ``category`` (text or
            None), ``resolved`` (float: 1.0 resolved, 0.0 not resolved, NaN
            unknown), ``days_to_resolve`` (float days; NaN when not resolved or
            unknown), ``source`` (the file), then any further imported columns.
            ``attrs["resolved_labels"]`` holds the spellings read as resolved and open.

        Raises
        ------
        CRMDataError
            When no complaints are stored (import them with :meth:`add_complaints`).
        """
        if "complaints" not in self.tables() or self._count("complaints") == 0:
            raise CRMDataError("the customer database has no complaints: import them with add_complaints() "
                               "(crm-analysis import complaints FILE --store DB --customer-col C --date-col D "
                               "[--resolved-col R] [--category-col K])")
        core = list(_COMPLAINT_COLUMNS)
        rest = [c for c in self._columns_of("complaints") if c not in core]
        table = self.sql(f"SELECT {', '.join(core)}, {', '.join(_quote(c) for c in rest)} FROM complaints "
                         f"ORDER BY date, customer_id, complaint_id NULLS LAST")
        table["date"] = table["date"].astype("datetime64[ns]")
        table["resolved"] = table["resolved"].astype("float64")
        table["days_to_resolve"] = table["days_to_resolve"].astype("float64")
        meta = self._meta()
        table.attrs["resolved_labels"] = json.loads(meta["resolved_labels"]) if meta.get("resolved_labels") else None
        return table

    def _transaction(self, what: str):
        return _Transaction(self._con, what)

    # ------------------------------------------------------------------ imports
    def add_transactions(self, source, *, customer_col: str = "customer_id", date_col: str = "date",
                         amount_col: str | None = "amount", transaction_col: str | None = None,
                         quantity_col: str | None = None, drop_duplicates: bool = False,
                         date_format: str | None = None, tz: str | None = None, decimal: str | None = None,
                         thousands: str | None = None, strip_currency: bool = False, encoding: str | None = None,
                         sheet=None, header_row: int | None = None, sep: str | None = None) -> ImportResult:
        """Read, check and import a transaction log; returns what was added, updated and skipped.

        ``source`` is a DataFrame or a CSV, Excel, Parquet or SPSS file, read by
        :func:`crm_analysis.io.read_transactions` (see it for ``date_format``,
        ``tz``, ``decimal``, ``thousands``, ``strip_currency``, ``encoding``,
        ``sheet``, ``header_row`` and ``sep``).  The chosen columns are stored as
        ``customer_id, date, amount, quantity, transaction_id``; every other
        column is kept under its own name.

        Duplicates:

        * the same content imported again adds nothing;
        * with ``transaction_col`` (an order id), a stored transaction with the
          same id is left alone when unchanged and replaced when changed
          (counted as updated), so overlapping exports never duplicate; a
          transaction id repeated within the file with different content is an error;
        * without it, rows identical (customer, date, amount, quantity) to stored
          rows or to other rows of the file are counted in a
          :class:`DuplicateRowsWarning` and kept; ``drop_duplicates=True`` skips
          them (a row identical to a stored one, or to an earlier row of the file).

        The whole import is one database transaction.
        """
        self._writable()
        columns = dict(customer_col=customer_col, date_col=date_col, amount_col=amount_col,
                       quantity_col=quantity_col, transaction_col=transaction_col)
        options = dict(date_format=date_format, tz=tz, decimal=decimal, thousands=thousands,
                       strip_currency=strip_currency, encoding=encoding, sheet=sheet, header_row=header_row, sep=sep)
        staged = not any(v not in (None, False) for v in options.values()) and \
            self._stage_parquet_transactions(source, **columns)
        try:
            if staged:
                extras = tuple(c for c in self._columns_of("incoming") if c not in _CORE + ("transaction_id",))
            else:
                rows = io.read_transactions(source, **columns, **options, _keep_repeated_ids=True)  # counted below
                self._check_currency(rows.attrs.get("currency"), amount_col)
                extras = tuple(rows.attrs.get("extra_columns", ()))
                _register(self._con, "incoming", rows.reset_index(drop=True))
            with self._bounded_memory():
                return self._import_transactions(source, has_tid=bool(transaction_col),
                                                 drop_duplicates=drop_duplicates, extras=extras)
        finally:
            self._drop_incoming()

    def _stage_parquet_transactions(self, source, *, customer_col, date_col, amount_col, quantity_col=None,
                                    transaction_col=None) -> bool:
        """Define the view ``incoming`` over a Parquet log when DuckDB can read it exactly as the reader would.

        Returns False (nothing staged) for other sources, for column types the
        reader converts differently (text dates, time zones, float ids, ...) and
        for files with missing, empty or untrimmed ids, missing dates, or
        missing or infinite amounts, so that :func:`crm_analysis.io.read_transactions`
        handles them and reports the offending rows.  Extra columns are kept.
        """
        if isinstance(source, pd.DataFrame) or io.FORMATS.get(Path(source).suffix.lower()) != "parquet":
            return False
        path = Path(source)
        if not path.is_file():
            return False
        scan = f"read_parquet({_literal(path)})"
        try:
            types = dict(self._con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {scan})")
                         .fetchall())
            chosen = [c for c in (customer_col, date_col, amount_col, quantity_col, transaction_col) if c]
            if not (set(chosen) <= set(types) and len(set(chosen)) == len(chosen)
                    and _is_id_type(types[customer_col])
                    and (transaction_col is None or _is_id_type(types[transaction_col]))
                    and types[date_col] in _TIMESTAMP_TYPES
                    and (amount_col is None or _is_number_type(types[amount_col]))
                    and (quantity_col is None or _is_number_type(types[quantity_col]))):
                return False
            extras = [c for c in types if c not in chosen]
            if set(extras) & set(_CORE + ("transaction_id", "source")):
                return False
            c, d = _quote(customer_col), _quote(date_col)
            cid = f"trim(CAST({c} AS VARCHAR))"
            a = f"CAST({_quote(amount_col)} AS DOUBLE)" if amount_col else "NULL::DOUBLE"
            q = f"CAST({_quote(quantity_col)} AS DOUBLE)" if quantity_col else "NULL::DOUBLE"
            t = f"trim(CAST({_quote(transaction_col)} AS VARCHAR))" if transaction_col else "NULL::VARCHAR"
            n, bad_id, bad_date, bad_amount, bad_tid = self._con.execute(
                f"SELECT count(*), count(*) FILTER ({c} IS NULL OR {cid} = '' OR {cid} <> CAST({c} AS VARCHAR)), "
                f"count(*) FILTER ({d} IS NULL), count(*) FILTER ({a} IS NULL OR isnan({a}) OR isinf({a})), "
                f"count(*) FILTER ({t} IS NULL OR {t} = '') FROM {scan}").fetchall()[0]
            if n == 0 or bad_id or bad_date or (amount_col and bad_amount) or (transaction_col and bad_tid):
                return False
            rest = "".join(f", {_quote(x)}" for x in extras)
            self._con.execute(f"CREATE OR REPLACE TEMP VIEW incoming AS SELECT {cid} AS customer_id, "
                              f"CAST({d} AS TIMESTAMP_NS) AS date, {a} AS amount, {q} AS quantity, "
                              f"{t} AS transaction_id{rest} FROM {scan}")
        except duckdb.Error:
            return False
        record_input(path)
        return True

    def _check_currency(self, found: str | None, amount_col) -> None:
        recorded = self.business["currency"]
        if not found or not recorded:
            return
        allowed = _SIGNS.get(found, {found if len(found) == 3 else None})
        if recorded not in allowed:
            raise CRMDataError(f"column '{amount_col}' holds amounts in {found}, but this database records its "
                               f"amounts in {recorded}: convert the amounts first, or use a database for that currency")

    @contextmanager
    def _bounded_memory(self):
        """Let DuckDB spill to disk past ``IMPORT_MEMORY_LIMIT`` during an import into a database file.

        Counting duplicates over every row of a 10-million-row log (a window
        over all rows, a join with the stored ones) otherwise holds 2.4 GiB;
        with the limit it peaks at about 1.2 GiB for a few seconds more.  An
        in-memory database has nowhere to spill, so it is left unbounded.
        """
        if str(self.path) == ":memory:":
            yield
            return
        self._con.execute(f"SET memory_limit = '{IMPORT_MEMORY_LIMIT}'")
        try:
            yield
        finally:
            self._con.execute("RESET memory_limit")

    def _import_transactions(self, source, *, has_tid: bool, drop_duplicates: bool, extras: tuple) -> ImportResult:
        described = _describe(source)
        present = self._columns_of("incoming")
        wanted = {"customer_id": None, "date": None, "amount": "DOUBLE", "quantity": "DOUBLE"}
        if has_tid:
            wanted["transaction_id"] = "VARCHAR"
        select = [_quote(c) if c in present else f"CAST(NULL AS {kind}) AS {c}" for c, kind in wanted.items()]
        select += [_quote(c) for c in present if c not in wanted and c != "transaction_id"]
        digest, n_rows = self._stage_incoming_rows(select)
        if self._seen(digest):
            return self._already_imported("transactions", described, n_rows)
        same = " AND ".join(f"i.{c} IS NOT DISTINCT FROM t.{c}" for c in _CORE)
        notes = []
        with self._transaction(f"import {described} into transactions"):
            self._add_missing_columns("transactions", "incoming_rows")
            if has_tid:
                conflicts = self.sql(
                    f"SELECT transaction_id, count(*) AS n FROM incoming_rows GROUP BY transaction_id "
                    f"HAVING count(DISTINCT hash({', '.join(_CORE)})) > 1 ORDER BY transaction_id LIMIT 5")
                if len(conflicts):
                    raise CRMDataError(f"transaction ids repeat with different content in {described}, such as "
                                       f"{conflicts['transaction_id'].tolist()}: one transaction id, one purchase")
                n_in = n_rows
                self._con.execute("CREATE OR REPLACE TEMP TABLE incoming_rows AS "
                                  "SELECT DISTINCT ON (transaction_id) * FROM incoming_rows")
                repeated = n_in - self._count("incoming_rows")
                unchanged, changed = self._con.execute(
                    f"SELECT count(*) FILTER ({same}), count(*) FILTER (NOT ({same})) FROM incoming_rows i "
                    f"JOIN transactions t USING (transaction_id)").fetchone()
                self._con.execute("DELETE FROM transactions WHERE transaction_id IN (SELECT i.transaction_id FROM "
                                  f"incoming_rows i JOIN transactions t USING (transaction_id) WHERE NOT ({same}))")
                added = self._insert_transactions(
                    described, "WHERE transaction_id NOT IN (SELECT transaction_id FROM transactions "
                               "WHERE transaction_id IS NOT NULL)") - changed
                lookalikes = self._con.execute(
                    f"SELECT count(*) FROM incoming_rows i WHERE EXISTS (SELECT 1 FROM transactions t WHERE "
                    f"t.transaction_id IS NULL AND {same})").fetchone()[0]
                if lookalikes:
                    notes.append(f"{lookalikes} rows match rows imported earlier without transaction ids "
                                 f"(same customer, date, amount, quantity): possibly the same purchases twice")
                if repeated:
                    notes.append(f"{repeated} rows repeated a transaction id of the file with identical content "
                                 f"and were stored once")
                result = ImportResult("transactions", described, n_rows, added, updated=changed, unchanged=unchanged,
                                      extra_columns=extras, notes=tuple(notes))
            else:
                on = " AND ".join(f"i.{c} IS NOT DISTINCT FROM s.{c}" for c in _CORE)
                self._con.execute(
                    f"CREATE OR REPLACE TEMP TABLE incoming_rows AS WITH numbered AS ("
                    f"  SELECT *, row_number() OVER (PARTITION BY {', '.join(_CORE)}) AS copy_number FROM incoming_rows"
                    f"), stored AS (SELECT {', '.join(_CORE)}, count(*) AS n_stored FROM transactions GROUP BY ALL) "
                    f"SELECT i.*, coalesce(s.n_stored, 0) AS n_stored FROM numbered i LEFT JOIN stored s ON {on}")
                as_stored, within = self._con.execute(
                    "SELECT count(*) FILTER (copy_number <= n_stored), "
                    "count(*) FILTER (copy_number > n_stored AND copy_number > 1) FROM incoming_rows").fetchone()
                keep = "WHERE copy_number = 1 AND n_stored = 0" if drop_duplicates else ""
                added = self._insert_transactions(described, keep, exclude=("copy_number", "n_stored"))
                duplicates = as_stored + within
                if duplicates:
                    self._warn_duplicates(described, as_stored, within, drop_duplicates)
                result = ImportResult("transactions", described, n_rows, added, duplicates=duplicates,
                                      duplicates_dropped=drop_duplicates, extra_columns=extras,
                                      notes=self._order_id_candidates(extras, n_rows))
            self._record(digest, "transactions", described, n_rows, result)
        return result

    def _order_id_candidates(self, extras: tuple, n_rows: int) -> tuple:
        """Notes on extra columns that look like order ids (named so, one value per row): they should be transaction_col."""
        notes = []
        for column in extras:
            if not _ORDER_ID_NAME.search(str(column)):
                continue
            distinct = self._con.execute(f"SELECT count(DISTINCT {_quote(column)}) FROM incoming_rows").fetchone()[0]
            if distinct == n_rows:
                notes.append(f"column '{column}' looks like an order id (a different value in every row): import with "
                             f"transaction_col='{column}' so that re-exports are matched on it instead of duplicated")
        return tuple(notes)

    def _insert_transactions(self, described: str, where: str = "", exclude=()) -> int:
        drop = f" EXCLUDE ({', '.join(('file_position',) + tuple(exclude))})"
        before = self._count("transactions")
        self._con.execute(f"INSERT INTO transactions BY NAME SELECT *{drop}, {_literal(described)} AS source "
                          f"FROM incoming_rows {where} ORDER BY file_position")
        return self._count("transactions") - before

    def _warn_duplicates(self, described: str, as_stored: int, within: int, dropped: bool) -> None:
        parts = []
        if as_stored:
            parts.append(f"{as_stored} rows identical to rows already stored (an overlapping export?)")
        if within:
            parts.append(f"{within} rows identical to another row of the file")
        action = ("skipped (drop_duplicates=True)" if dropped else
                  "kept, since two identical purchases can be real; pass drop_duplicates=True to skip them, or "
                  "transaction_col= so that re-exports are matched by order id")
        warnings.warn(f"{described}: {' and '.join(parts)} (same customer, date, amount and quantity): {action}",
                      DuplicateRowsWarning, stacklevel=caller_stacklevel())

    def add_customers(self, source, *, customer_col: str = "customer_id", churn_col: str | None = None,
                      churned_value=None, tenure_col: str | None = None, tenure_unit: str | None = None,
                      roles: dict | None = None, date_format=None, decimal: str | None = None,
                      thousands: str | None = None, strip_currency: bool = False, encoding: str | None = None,
                      sheet=None, header_row: int | None = None, sep: str | None = None) -> ImportResult:
        """Import or update customer attributes (one row per customer).

        Read by :func:`crm_analysis.io.read_customers`: ids as text, every other
        column under its own name, and

        * ``churn_col`` stored as ``churn``: 1 churned, 0 stayed, blank unknown.
          Which label means churned is read from the labels (``Yes``/``No``,
          ``1``/``0``, ``流失``/``在网``, ...) or given as ``churned_value``
          (``"left"``; a column ``active`` with Yes/No takes ``"No"``).  The
          spellings are recorded at the first import; later imports map their
          labels the same way, may spell them differently when the new
          spelling reads unambiguously (``1``/``0`` after ``Yes``/``No``), and
          are refused when they would flip the meaning.
        * ``tenure_col`` stored as ``tenure``, with ``tenure_unit`` (``"days"``,
          ``"weeks"``, ``"months"``, ``"years"``) recorded for the database;
          tenure given later in another unit is converted to the recorded one
          (and said so in the result).
        * ``roles`` maps the standard customer columns to the file's columns
          (``{"cost_to_serve": "服务成本", "acquisition_date": "注册日期"}``);
          a column already named ``cost_to_serve`` (...) takes its role
          unnamed.  Money roles are numbers (``decimal``, ``thousands``,
          ``strip_currency``; a currency sign must agree with the database's
          currency), never negative except ``balance``; date roles are read
          one format per column (``date_format``, one for all or a dict by
          role).  The units are those of
          :data:`crm_analysis.io.CUSTOMER_ROLES`: ``acquisition_cost``,
          ``credit_limit`` and ``balance`` in the currency, ``cost_to_serve``
          per order, ``sales_plan`` and ``service_budget`` per month,
          ``retention_cost`` per year.  The roles present and their units
          are recorded in crm_meta (``customer_roles``) and reported by
          :meth:`describe`.  See :func:`crm_analysis.io.read_customers`.

        A customer already stored is *updated*: the columns in this file
        replace that customer's values, other columns keep theirs, and a blank
        cell leaves the stored value as it is (counted in the result).  The
        same content imported twice adds nothing.  The update is one database
        transaction, so a failed one changes nothing.

        Examples
        --------
        >>> store.add_customers("members.xlsx", customer_col="member", churn_col="status",   # doctest: +SKIP
        ...                     churned_value="cancelled", tenure_col="months", tenure_unit="months")
        >>> store.add_customers("客户.csv", customer_col="客户编号",                               # doctest: +SKIP
        ...                     roles={"cost_to_serve": "单笔服务成本", "acquisition_date": "开户日期"},
        ...                     thousands=",", strip_currency=True, date_format="%d/%m/%Y")
        """
        self._writable()
        meta = self._meta()
        known = json.loads(meta["churn_labels"]) if meta.get("churn_labels") else None
        rows = io.read_customers(source, customer_col=customer_col, churn_col=churn_col, tenure_col=tenure_col,
                                 churned_value=churned_value, tenure_unit=tenure_unit, known_labels=known,
                                 roles=roles, date_format=date_format, decimal=decimal, thousands=thousands,
                                 strip_currency=strip_currency, encoding=encoding, sheet=sheet,
                                 header_row=header_row, sep=sep)
        described = _describe(source)
        chosen_roles = rows.attrs.get("roles", {})
        money = [c for r, c in chosen_roles.items() if r not in io.DATE_ROLES]
        self._check_currency(rows.attrs.get("currency"), ", ".join(money))
        notes = list(rows.attrs.get("notes", ()))
        recorded_unit = meta.get("tenure_unit")
        unit = rows.attrs.get("tenure_unit")
        if unit and recorded_unit and unit != recorded_unit:
            rows = rows.copy()
            rows["tenure"] = convert_duration(rows["tenure"].to_numpy(dtype=float), unit, recorded_unit)
            notes.append(f"tenure converted from {unit} to {recorded_unit}, the unit recorded for this database")
        meta_update = {}
        if unit and not recorded_unit:
            meta_update["tenure_unit"] = unit
            if "tenure" in self._columns_of("customers"):
                notes.append(f"tenure unit recorded as {unit}, also for the tenure stored before")
        if "churn_labels" in rows.attrs:
            merged = {kind: sorted(set((known or {}).get(kind, ())) | set(rows.attrs["churn_labels"][kind]),
                                   key=str) for kind in ("churned", "stayed")}
            if merged != known:
                meta_update["churn_labels"] = json.dumps(merged, ensure_ascii=False)
            if rows.attrs["n_unlabelled"]:
                notes.append(f"{rows.attrs['n_unlabelled']} customers have a blank churn label (stored as unknown)")
        if chosen_roles:
            recorded = json.loads(meta["customer_roles"]) if meta.get("customer_roles") else {}
            merged = {**recorded, **json.loads(self._roles_meta(chosen_roles))}
            if merged != recorded:
                meta_update["customer_roles"] = json.dumps(merged, ensure_ascii=False)
            units = io.role_units(chosen_roles, self.business["currency"])
            notes.append("roles read: " + ", ".join(
                f"{role} ({units[role]})" + (f" from '{column}'" if column != role else "")
                for role, column in chosen_roles.items()))
        _register(self._con, "incoming", rows.reset_index(drop=True))
        try:
            digest, n_rows = _relation_digest(self._con, "incoming")
            if self._seen(digest):
                if meta_update:
                    with self._transaction("record the tenure unit and churn labels"):
                        self._set_meta(**meta_update)
                return self._already_imported("customers", described, n_rows)
            columns = [c for c in self._columns_of("incoming") if c != "customer_id"]
            with self._transaction(f"import {described} into customers"):
                self._prepare_role_columns(chosen_roles)
                self._add_missing_columns("customers", "incoming")
                if columns:
                    # a blank cell in a re-export means "not in this file", never "erase the stored value"
                    value = {x: f"coalesce(i.{_quote(x)}, c.{_quote(x)})" for x in columns}
                    same = " AND ".join(f"c.{_quote(x)} IS NOT DISTINCT FROM {value[x]}" for x in columns)
                    unchanged, changed, kept = self._con.execute(
                        f"SELECT count(*) FILTER ({same}), count(*) FILTER (NOT ({same})), "
                        f"sum({' + '.join(f'(i.{_quote(x)} IS NULL AND c.{_quote(x)} IS NOT NULL)::INT' for x in columns)}) "
                        f"FROM incoming i JOIN customers c USING (customer_id)").fetchone()
                    assignments = ", ".join(f"{_quote(x)} = {value[x]}" for x in columns)
                    self._con.execute(f"UPDATE customers AS c SET {assignments} FROM incoming i "
                                      f"WHERE c.customer_id = i.customer_id")
                    if kept:
                        notes.append(f"{int(kept)} blank cells of known customers left their stored values unchanged")
                else:
                    unchanged = self._con.execute("SELECT count(*) FROM incoming JOIN customers USING (customer_id)"
                                                  ).fetchone()[0]
                    changed = 0
                before = self._count("customers")
                self._con.execute("INSERT INTO customers BY NAME SELECT * FROM incoming WHERE customer_id NOT IN "
                                  "(SELECT customer_id FROM customers)")
                added = self._count("customers") - before
                result = ImportResult("customers", described, len(rows), added, updated=changed, unchanged=unchanged,
                                      extra_columns=tuple(rows.attrs.get("extra_columns", ())), notes=tuple(notes))
                self._record(digest, "customers", described, n_rows, result)
                self._set_meta(**meta_update)
        finally:
            self._drop_incoming()
        return result

    def _roles_meta(self, roles: dict) -> str:
        """The crm_meta entry of customer roles: ``{role: {"column": file column, "unit": unit}}`` (JSON)."""
        units = io.role_units(roles, self.business["currency"])
        return json.dumps({role: {"column": column, "unit": units[role]} for role, column in roles.items()},
                          ensure_ascii=False)

    def _prepare_role_columns(self, roles: dict) -> None:
        """Give stored role columns their role's type (an earlier import may have kept one as an ordinary column).

        A stored column whose values do not all read as the role's type is an
        error naming examples (inside the import's transaction: nothing changes).
        """
        types = dict(self._con.execute("SELECT column_name, column_type FROM (DESCRIBE customers)").fetchall())
        for role in roles:
            if role not in types:
                continue
            is_date = role in io.DATE_ROLES
            if (types[role] in _TIMESTAMP_TYPES) if is_date else _is_number_type(types[role]):
                continue
            target = "TIMESTAMP_NS" if is_date else "DOUBLE"
            bad = [r[0] for r in self._con.execute(
                f"SELECT DISTINCT {_quote(role)} FROM customers WHERE {_quote(role)} IS NOT NULL AND "
                f"TRY_CAST({_quote(role)} AS {target}) IS NULL LIMIT 3").fetchall()]
            if bad:
                raise CRMDataError(f"the stored customer column '{role}' holds values that are not "
                                   f"{'dates' if is_date else 'numbers'}, such as {bad} (imported before as an "
                                   f"ordinary column); the {role} role needs {'dates' if is_date else 'numbers'}: "
                                   f"import the customer table again with every value of that column readable")
            self._con.execute(f"ALTER TABLE customers ALTER {_quote(role)} TYPE {target}")

    def add_survey(self, source, *, scale, items=None, missing_codes=(), customer_col: str | None = None,
                   date_col: str | None = None, date_format: str | None = None,
                   decimal: str | None = None, encoding: str | None = None, sheet=None, header_row: int | None = None,
                   sep: str | None = None) -> ImportResult:
        """Read and import survey answers given on ``scale`` (e.g. ``(1, 10)``).

        Read by :func:`crm_analysis.io.read_survey`: ``missing_codes`` (e.g.
        ``(-99, 99)``) become missing, answers outside the scale are an error,
        and ``customer_col`` links answers to customers (stored as
        ``customer_id``).  ``date_col`` is the response date (stored as
        ``date``, one format for the column, ``date_format``); it is not an
        item.  The scale of each item is recorded in
        ``survey_items``; importing an item again on another scale is an error.
        The same content imported twice adds nothing.
        """
        self._writable()
        rows = io.read_survey(source, scale=scale, items=items, missing_codes=missing_codes,
                              customer_col=customer_col, date_col=date_col, date_format=date_format,
                              decimal=decimal, encoding=encoding, sheet=sheet, header_row=header_row, sep=sep)
        if date_col and "survey" in self.tables() and "date" in self._columns_of("survey"):
            stored_type = dict(self._con.execute("SELECT column_name, column_type FROM (DESCRIBE survey)")
                               .fetchall())["date"]
            if stored_type not in _TIMESTAMP_TYPES:
                raise CRMDataError(f"the stored survey has a column 'date' of text ({stored_type}), imported before "
                                   f"as an ordinary column; response dates cannot be stored beside it")
        described = _describe(source)
        low, high = rows.attrs["scale"]
        stored = dict((r[0], (r[1], r[2])) for r in self._con.execute("SELECT * FROM survey_items").fetchall())
        clash = {i: stored[i] for i in rows.attrs["items"] if i in stored and stored[i] != (low, high)}
        if clash:
            raise CRMDataError(f"survey item(s) {sorted(clash)} are stored on the scale {next(iter(clash.values()))}, "
                               f"not {(low, high)}: one item, one scale")
        _register(self._con, "incoming", rows.reset_index(drop=True))
        try:
            digest, n_rows = _relation_digest(self._con, "incoming")
            if self._seen(digest):
                return self._already_imported("survey", described, n_rows)
            with self._transaction(f"import {described} into survey"):
                if "survey" not in self.tables():
                    self._con.execute("CREATE TABLE survey AS SELECT *, CAST(NULL AS VARCHAR) AS source "
                                      "FROM incoming LIMIT 0")
                    if "customer_id" not in self._columns_of("survey"):
                        self._con.execute("ALTER TABLE survey ADD COLUMN customer_id VARCHAR")
                self._add_missing_columns("survey", "incoming")
                # an overlapping re-export: a respondent row already stored (same customer id, every column) is skipped
                columns = [c for c in rows.columns if c != "source"]
                same = " AND ".join(f"i.{_quote(c)} IS NOT DISTINCT FROM s.{_quote(c)}" for c in columns)
                stored_again = (f"i.customer_id IS NOT NULL AND EXISTS (SELECT 1 FROM survey s WHERE {same})"
                                if "customer_id" in columns else "false")
                self._con.execute(f"CREATE OR REPLACE TEMP TABLE incoming_rows AS SELECT * FROM incoming i "
                                  f"WHERE NOT ({stored_again})")
                unchanged = n_rows - self._count("incoming_rows")
                self._con.execute(f"INSERT INTO survey BY NAME SELECT *, {_literal(described)} AS source "
                                  f"FROM incoming_rows")
                for item in rows.attrs["items"]:
                    self._con.execute("INSERT OR IGNORE INTO survey_items VALUES (?, ?, ?)", [item, low, high])
                notes = ()
                if rows.attrs.get("n_undated"):
                    notes = (f"{_n(rows.attrs['n_undated'], 'answer')} without a response date (blank): stored as "
                             f"unknown",)
                result = ImportResult("survey", described, n_rows, n_rows - unchanged, unchanged=unchanged,
                                      extra_columns=tuple(rows.attrs.get("extra_columns", ())), notes=notes)
                self._record(digest, "survey", described, n_rows, result)
        finally:
            self._drop_incoming()
        return result

    def add_complaints(self, source, *, customer_col: str = "customer_id", date_col: str = "date",
                       resolved_col: str | None = None, resolved_value=None, category_col: str | None = None,
                       days_to_resolve_col: str | None = None, resolved_date_col: str | None = None,
                       complaint_id_col: str | None = None, date_format=None, decimal: str | None = None,
                       encoding: str | None = None, sep: str | None = None, sheet=None,
                       header_row: int | None = None) -> ImportResult:
        """Read, check and import a complaint log (one row per complaint); returns what was added and skipped.

        Read by :func:`crm_analysis.io.read_complaints` (see it for the
        options): ids as text, one date format per column, the resolution label
        (``已解决``/``未解决``, ``yes``/``no``, ``1``/``0`` ... or
        ``resolved_value``) as 1/0 with blanks unknown, and the days to resolve
        given (``days_to_resolve_col``) or computed from the resolution date
        (``resolved_date_col``).  The spellings of the resolution labels are
        recorded at the first import, so a later export can never flip them.

        Duplicates:

        * the same content imported again adds nothing;
        * with ``complaint_id_col`` a stored complaint with the same id is
          left alone when unchanged and replaced when changed (a complaint
          resolved since the last export; counted as updated); an id repeated
          within the file with different content is an error;
        * without it, a row identical to a stored complaint (every column) is
          already stored and skipped, counted in the result, so overlapping
          re-exports never duplicate; identical rows *within* one file are kept
          (two complaints on one day can be real) and counted in a note.  New
          rows that match a stored complaint on customer, date and category but
          differ in resolution (resolved since?) are counted in a note: only a
          complaint id can tell an update from a second complaint.

        Complaints of customers missing from the customer table are kept (the
        link is the customer id) and counted in the result's notes.  The whole
        import is one database transaction: a failed import changes nothing.

        Examples
        --------
        >>> store.add_complaints("投诉.csv", customer_col="客户编号", date_col="投诉日期",   # doctest: +SKIP
        ...                      resolved_col="处理结果", category_col="类别", resolved_date_col="解决日期",
        ...                      complaint_id_col="工单号", date_format="%d/%m/%Y")
        """
        self._writable()
        meta = self._meta()
        known = json.loads(meta["resolved_labels"]) if meta.get("resolved_labels") else None
        rows = io.read_complaints(source, customer_col=customer_col, date_col=date_col, resolved_col=resolved_col,
                                  resolved_value=resolved_value, category_col=category_col,
                                  days_to_resolve_col=days_to_resolve_col, resolved_date_col=resolved_date_col,
                                  complaint_id_col=complaint_id_col, date_format=date_format, known_labels=known,
                                  decimal=decimal, encoding=encoding, sheet=sheet, header_row=header_row, sep=sep)
        described = _describe(source)
        meta_update = {}
        if "resolved_labels" in rows.attrs:
            merged = {kind: sorted(set((known or {}).get(kind, ())) | set(rows.attrs["resolved_labels"][kind]),
                                   key=str) for kind in ("resolved", "open")}
            if merged != known:
                meta_update["resolved_labels"] = json.dumps(merged, ensure_ascii=False)
        staged = rows.reset_index(drop=True)
        staged["resolved"] = staged["resolved"].astype("float64")
        _register(self._con, "incoming", staged)
        try:
            if "complaints" not in self.tables():      # a database opened without an upgrade (cannot happen)
                raise CRMDataError(f"{self.path} has no complaints table; open it for writing once to upgrade it")
            has_id = "complaint_id" in staged.columns
            extras = [c for c in staged.columns if c not in _COMPLAINT_COLUMNS]
            reserved = [c for c in extras if c in ("source", "file_position", "copy_number", "n_stored")]
            if reserved:
                raise CRMDataError(f"{described} has a column named {reserved[0]!r}, a name the database keeps for "
                                   f"its own bookkeeping ('source' records the file each complaint came from); "
                                   f"rename that column in the file")
            select = [f"CAST({'complaint_id' if has_id else 'NULL'} AS VARCHAR) AS complaint_id"]
            select += [f"CAST({_quote(c)} AS {kind}) AS {c}" for c, kind in _COMPLAINT_COLUMNS.items()
                       if c != "complaint_id"]
            select += [_quote(c) for c in extras]
            digest, n_rows = self._stage_incoming_rows(select)
            if self._seen(digest):
                if meta_update:
                    with self._transaction("record the resolution labels"):
                        self._set_meta(**meta_update)
                return self._already_imported("complaints", described, n_rows)
            with self._transaction(f"import {described} into complaints"):
                self._add_missing_columns("complaints", "incoming_rows", protected=tuple(_COMPLAINT_COLUMNS))
                result = self._import_complaints(described, n_rows, has_id=has_id, extras=tuple(extras),
                                                 attrs=rows.attrs)
                self._record(digest, "complaints", described, n_rows, result)
                self._set_meta(**meta_update)
        finally:
            self._drop_incoming()
        return result

    def _import_complaints(self, described: str, n_rows: int, *, has_id: bool, extras: tuple,
                           attrs: dict) -> ImportResult:
        """Insert the staged ``incoming_rows`` into complaints (inside the import's transaction)."""
        content = [c for c in _COMPLAINT_COLUMNS if c != "complaint_id"] + list(extras)
        same = " AND ".join(f"i.{_quote(c)} IS NOT DISTINCT FROM t.{_quote(c)}" for c in content)
        notes = list(attrs.get("notes", ()))
        updated = unchanged = 0
        if has_id:
            conflicts = [r[0] for r in self._con.execute(
                f"SELECT complaint_id FROM incoming_rows GROUP BY complaint_id "
                f"HAVING count(DISTINCT hash({', '.join(_quote(c) for c in content)})) > 1 "
                f"ORDER BY complaint_id LIMIT 5").fetchall()]
            if conflicts:
                raise CRMDataError(f"complaint ids repeat with different content in {described}, such as "
                                   f"{conflicts}: one complaint id, one complaint")
            self._con.execute("CREATE OR REPLACE TEMP TABLE incoming_rows AS "
                              "SELECT DISTINCT ON (complaint_id) * FROM incoming_rows ORDER BY file_position")
            repeated = n_rows - self._count("incoming_rows")
            unchanged, updated = self._con.execute(
                f"SELECT count(*) FILTER ({same}), count(*) FILTER (NOT ({same})) FROM incoming_rows i "
                f"JOIN complaints t USING (complaint_id)").fetchone()
            self._con.execute("DELETE FROM complaints WHERE complaint_id IN (SELECT i.complaint_id FROM "
                              f"incoming_rows i JOIN complaints t USING (complaint_id) WHERE NOT ({same}))")
            lookalikes = self._con.execute(
                f"SELECT count(*) FROM incoming_rows i WHERE i.complaint_id NOT IN (SELECT complaint_id FROM "
                f"complaints WHERE complaint_id IS NOT NULL) AND EXISTS (SELECT 1 FROM complaints t WHERE "
                f"t.complaint_id IS NULL AND {same})").fetchone()[0]
            keep = "WHERE complaint_id NOT IN (SELECT complaint_id FROM complaints WHERE complaint_id IS NOT NULL)"
            if lookalikes:
                notes.append(f"{_n(lookalikes, 'complaint')} identical to complaints imported earlier without "
                             f"complaint ids (same customer, date, category and resolution): possibly the same "
                             f"complaints twice")
            if repeated:
                notes.append(f"{_n(repeated, 'row')} repeating a complaint id of the file with identical content: "
                             f"stored once")
        else:
            partition = ", ".join(_quote(c) for c in content)
            on = " AND ".join(f"i.{_quote(c)} IS NOT DISTINCT FROM s.{_quote(c)}" for c in content)
            self._con.execute(
                f"CREATE OR REPLACE TEMP TABLE incoming_rows AS WITH numbered AS ("
                f"  SELECT *, row_number() OVER (PARTITION BY {partition} ORDER BY file_position) AS copy_number "
                f"  FROM incoming_rows"
                f"), stored AS (SELECT {partition}, count(*) AS n_stored FROM complaints GROUP BY ALL) "
                f"SELECT i.*, coalesce(s.n_stored, 0) AS n_stored FROM numbered i LEFT JOIN stored s ON {on}")
            unchanged, within = self._con.execute(
                "SELECT count(*) FILTER (copy_number <= n_stored), "
                "count(*) FILTER (copy_number > n_stored AND copy_number > 1) FROM incoming_rows").fetchone()
            self._con.execute("DELETE FROM incoming_rows WHERE copy_number <= n_stored")
            self._con.execute("ALTER TABLE incoming_rows DROP COLUMN copy_number")
            self._con.execute("ALTER TABLE incoming_rows DROP COLUMN n_stored")
            keep = ""
            if within:
                notes.append(f"{_n(within, 'row')} identical to another row of the file (same customer, date, "
                             f"category and resolution): kept as separate complaints; import with "
                             f"complaint_id_col= if the file has complaint numbers")
            resolution = " AND ".join(f"i.{c} IS NOT DISTINCT FROM t.{c}" for c in ("customer_id", "date", "category"))
            changed = self._con.execute(
                f"SELECT count(*) FROM incoming_rows i WHERE EXISTS (SELECT 1 FROM complaints t WHERE {resolution} "
                f"AND NOT (i.resolved IS NOT DISTINCT FROM t.resolved AND i.days_to_resolve IS NOT DISTINCT FROM "
                f"t.days_to_resolve))").fetchone()[0]
            if changed:
                notes.append(f"{_n(changed, 'new complaint')} matching a stored complaint on customer, date and "
                             f"category but not in resolution (resolved since the last export?): both kept; only a "
                             f"complaint id (complaint_id_col=) tells an update from a second complaint")
        unknown, unknown_customers = self._con.execute(
            f"SELECT count(*), count(DISTINCT customer_id) FROM incoming_rows {keep} "
            f"{'AND' if keep else 'WHERE'} customer_id NOT IN (SELECT customer_id FROM customers)").fetchone()
        before = self._count("complaints")
        self._con.execute(f"INSERT INTO complaints BY NAME SELECT * EXCLUDE (file_position), "
                          f"{_literal(described)} AS source FROM incoming_rows {keep} ORDER BY file_position")
        added = self._count("complaints") - before - (updated if has_id else 0)
        if unknown:
            notes.append(f"{_n(unknown, 'complaint')} of {_n(unknown_customers, 'customer')} not in the customer "
                         f"table: kept (linked by customer id once those customers are imported)")
        if attrs.get("resolved_from"):
            notes.append(f"no resolution column: resolved read from {attrs['resolved_from']}: a complaint with "
                         f"one counts as resolved, one without as not resolved")
        elif attrs.get("n_resolved_unknown"):
            blank = attrs["n_resolved_unknown"]
            notes.append(f"{_n(blank, 'complaint')} of the file {'has' if blank == 1 else 'have'} no resolution "
                         f"status (blank: unknown)")
        if attrs.get("n_resolved_inferred"):
            notes.append(f"{_n(attrs['n_resolved_inferred'], 'complaint')} of the file with a blank resolution label "
                         f"but a resolution date or time: read as resolved")
        return ImportResult("complaints", described, n_rows, added, updated=int(updated), unchanged=int(unchanged),
                            extra_columns=extras, notes=tuple(notes))

    # ------------------------------------------------------------------ import helpers
    def _stage_incoming_rows(self, select: list) -> tuple[str, int]:
        """Stage ``incoming`` as the temp table ``incoming_rows`` (columns ``select`` plus each row's
        ``file_position``) and return the digest and row count of its content (positions left out, so the
        same rows in another order are the same import)."""
        self._con.execute(f"CREATE OR REPLACE TEMP TABLE incoming_rows AS SELECT {', '.join(select)}, "
                          f"row_number() OVER () AS file_position FROM incoming")
        self._drop_incoming_view()
        self._con.execute("CREATE OR REPLACE TEMP VIEW incoming_content AS "
                          "SELECT * EXCLUDE (file_position) FROM incoming_rows")
        digest, n_rows = _relation_digest(self._con, "incoming_content")
        self._con.execute("DROP VIEW incoming_content")
        return digest, n_rows

    def _seen(self, digest: str) -> bool:
        return bool(self._con.execute("SELECT 1 FROM imports WHERE sha256 = ?", [digest]).fetchall())

    def _already_imported(self, table: str, described: str, n_rows: int) -> ImportResult:
        warnings.warn(f"{described} was imported into {table} before (same content); nothing added",
                      DuplicateRowsWarning, stacklevel=caller_stacklevel())
        return ImportResult(table, described, n_rows, 0, already_imported=True)

    def _record(self, digest: str, table: str, described: str, n_rows: int, result: ImportResult) -> None:
        self._con.execute("INSERT INTO imports (sha256, target, source, n_rows, added, updated, skipped) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?)",
                          [digest, table, described, n_rows, result.added, result.updated,
                           n_rows - result.added - result.updated])

    def _count(self, relation: str) -> int:
        return int(self._con.execute(f"SELECT count(*) FROM {relation}").fetchone()[0])

    def _columns_of(self, relation: str) -> list[str]:
        return [r[0] for r in self._con.execute(f"SELECT column_name FROM (DESCRIBE {relation})").fetchall()]

    def _drop_incoming_view(self) -> None:
        """Forget the staged ``incoming`` relation (a registered DataFrame or a view over a Parquet file)."""
        try:
            self._con.unregister("incoming")
        except (duckdb.Error, KeyError):
            pass
        try:
            self._con.execute("DROP VIEW IF EXISTS incoming")
        except duckdb.Error:
            pass

    def _drop_incoming(self) -> None:
        self._drop_incoming_view()
        try:
            self._con.execute("DROP TABLE IF EXISTS incoming_rows")
        except duckdb.Error:
            pass

    def _add_missing_columns(self, table: str, relation: str, protected=()) -> None:
        """Add the relation's new columns to ``table``; a column typed differently becomes text on both sides.

        Columns in ``protected`` (a table's own typed columns) keep their type; two
        number types, or two timestamp types, are no difference.
        """
        existing = dict(self._con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {table})").fetchall())
        incoming = dict(self._con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {relation})").fetchall())
        for column, column_type in incoming.items():
            if column in ("copy_number", "n_stored", "file_position"):
                continue
            if column not in existing:
                self._con.execute(f"ALTER TABLE {table} ADD COLUMN {_quote(column)} {column_type}")
            elif existing[column] != column_type and column not in _CORE + ("transaction_id",) + tuple(protected) \
                    and not (_is_number_type(existing[column]) and _is_number_type(column_type)) \
                    and not (existing[column] in _TIMESTAMP_TYPES and column_type in _TIMESTAMP_TYPES):
                self._con.execute(f"ALTER TABLE {table} ALTER {_quote(column)} TYPE VARCHAR")

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
        # the default end is the last purchase that is not a return, as in the pandas summary
        first_date, last_date = self._con.execute(
            "SELECT min(date), max(date) FILTER (WHERE amount IS NULL OR amount >= 0) FROM transactions").fetchone()
        if last_date is None:
            raise CRMDataError("the stored transactions are all returns (negative 'amount'): no purchase to summarise")
        end = pd.Timestamp(last_date) if observation_end is None else parse_date(observation_end, "observation_end")
        end_period = period_start(pd.Series([end]), purchase_period).iloc[0]
        if end_period < pd.Timestamp(first_date).normalize():
            raise CRMDataError(f"observation_end {end.date()} is before the first purchase in column 'date' "
                               f"({pd.Timestamp(first_date).date()})")
        n_rows = self._warn_exclusions(purchase_period, end_period)
        # The (customer, period) hash table is the memory peak (tens of bytes per
        # group), so large logs are summarised in passes over disjoint hash
        # buckets of customers: peak memory stays bounded whatever the log's size.
        passes = max(1, -(-n_rows // _ROWS_PER_PASS))
        query = summary_query(DUCKDB, source="transactions", customer_col="customer_id", date_col="date",
                              amount_col="amount", purchase_period=purchase_period, end_period=end_period,
                              days_per_unit=days_per_unit, where=f"hash(customer_id) % {passes} = {{bucket}}")
        # literals, not prepared parameters: DuckDB pushes constant filters into the scan.  DuckDB may spill
        # past IMPORT_MEMORY_LIMIT, and the parts stay Arrow tables until the one conversion to pandas, so a
        # 100-million-row log is summarised in bounded memory (benchmarks/README.md)
        with self._bounded_memory():
            parts = [_arrow(self._con, query.format(bucket=bucket)) for bucket in range(passes)]
        table = pa.concat_tables(parts)
        del parts
        # sorted by the text ids with Arrow's sort (UTF-8 byte order is the code-point order in which
        # pandas sorts str): pandas' own sort of a million Python strings took longer than the query
        table = table.take(pc.sort_indices(table, sort_keys=[("customer_id", "ascending")]))
        summary = table.to_pandas().set_index("customer_id")
        del table
        with_amount, without_amount = self._con.execute(
            "SELECT count(amount), count(*) - count(amount) FROM transactions").fetchone()
        if without_amount:
            if with_amount:
                warnings.warn(f"{without_amount} of {with_amount + without_amount} stored transactions have no "
                              f"amount, so the summary has no monetary_value", DataExclusionWarning, stacklevel=2)
            summary = summary.drop(columns="monetary_value")
        return record_window(summary, time_unit=time_unit, observation_end=end_period if observation_end is None
                             else observation_end, purchase_period=purchase_period)

    def _warn_exclusions(self, purchase_period, end_period: pd.Timestamp) -> int:
        """Warn about the rows a summary leaves out; return the number of stored transactions."""
        returns, late, total = self._con.execute(exclusion_counts_query(
            DUCKDB, source="transactions", date_col="date", amount_col="amount",
            purchase_period=purchase_period, end_period=end_period)).fetchone()
        def examples(kind):
            query = exclusion_examples_query(DUCKDB, source="transactions", customer_col="customer_id",
                                             date_col="date", amount_col="amount", purchase_period=purchase_period,
                                             end_period=end_period, kind=kind)
            return [row[0] for row in self._con.execute(query).fetchall()]

        if returns:
            warnings.warn(f"{returns} of {total} rows of transactions excluded: negative 'amount' (returns; e.g. "
                          f"customer ids {examples('returns')})", DataExclusionWarning, stacklevel=3)
        if late:
            warnings.warn(f"{late} of {total - returns} rows of transactions excluded: 'date' after observation_end "
                          f"{end_period.date()} (e.g. customer ids {examples('late')})", DataExclusionWarning,
                          stacklevel=3)
        return total


def _arrow(con, query: str) -> pa.Table:
    """The rows of ``query`` as an Arrow table, read from a relation (``con.sql``).

    Not from an executed DB-API result: DuckDB 2 copies its rows once more and says so in a warning.  A
    relation needs the connection free of an unfinished ``execute()`` result (DuckDB 2 refuses otherwise), so
    that one is completed first (``complete()``, DuckDB 2; before it the relation simply replaced it).
    ``to_arrow_table`` in DuckDB 2, ``fetch_arrow_table`` before.
    """
    complete = getattr(con, "complete", None)
    if complete is not None:
        complete()
    relation = con.sql(query)
    fetch = getattr(relation, "to_arrow_table", None) or relation.fetch_arrow_table
    return fetch()


class _NeedsUpgrade(CRMDataError):
    """A file of an older schema opened read-only: it must be opened once for writing to be upgraded."""


def upgrade(path, *, churned_value=None) -> None:
    """Upgrade a customer database written by an earlier crm_analysis to :data:`SCHEMA_VERSION`.

    Opening a file for writing upgrades it anyway; call this when the upgrade
    needs to be told which stored churn label means churned (labels such as
    ``"A"``/``"B"`` that the word lists cannot read): ``upgrade(path,
    churned_value="A")``.  One transaction: a failed upgrade leaves the file as it was.
    """
    store = CustomerStore.__new__(CustomerStore)
    store._connect(Path(path), False, churned_value)
    store.close()


def open_report_store(store: str, demo: str) -> CustomerStore:
    """The database a report reads, opened read-only: the user's file, or a bundled demo database.

    Parameters
    ----------
    store : str
        The report's ``store`` parameter: a database file made with
        ``crm-analysis init`` / ``import``; ``""`` means the demo database.
    demo : str
        The demo the report shows without a ``store`` (``"cdnow"``,
        ``"cdnow_sample"``, ``"telco"``, ``"survey"``; see
        :func:`crm_analysis.datasets.demo_store`).

    A file written by an earlier crm_analysis is upgraded first (opened once
    for writing).  The file is recorded as an input of the report
    (:func:`crm_analysis.provenance.record_input`).

    Examples
    --------
    In a report notebook, ``store: str = ""`` in the parameters cell, then:

    >>> with open_report_store(store, demo="telco") as db:          # doctest: +SKIP
    ...     facts, customers = db.describe(), db.churn_table()
    """
    if not isinstance(store, (str, Path)):
        raise CRMDataError(f"store must be the path of a customer database (text), got {store!r}")
    if str(store).strip() == "":
        from .datasets import demo_store

        path = demo_store(demo)
    else:
        path = Path(str(store).strip()).expanduser()
        if not path.is_file():
            raise CRMDataError(f"no customer database at {path}: create it with crm-analysis init {path} --name NAME "
                               f"--currency CODE, then import your files (crm-analysis import ...)")
    try:
        opened = CustomerStore(path, read_only=True)
    except _NeedsUpgrade:
        upgrade(path)
        opened = CustomerStore(path, read_only=True)
    record_input(path)
    return opened


def _business_values(*, name, currency, margin, offer_cost, description) -> dict:
    """The checked crm_meta entries of :meth:`CustomerStore.set_business` (None: not given)."""
    values = {}
    if name is not None:
        if not str(name).strip():
            raise CRMDataError("the business name is empty")
        values["business_name"] = str(name).strip()
    if currency is not None:
        code = str(currency).strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise CRMDataError(f"currency must be an ISO 4217 code such as CNY, EUR or USD; got {currency!r}")
        values["currency"] = code
    if margin is not None:
        value = _number(margin, "margin")
        if not 0 < value <= 1:
            raise CRMDataError(f"margin is the profit share of revenue, between 0 (excluded) and 1; got {margin!r}"
                               f"{' (a percentage? 30 % is 0.3)' if 1 < value <= 100 else ''}")
        values["margin"] = repr(value)
    if offer_cost is not None:
        value = _number(offer_cost, "offer_cost")
        if value < 0:
            raise CRMDataError(f"offer_cost is what one retention contact costs, 0 or more; got {offer_cost!r}")
        values["offer_cost"] = repr(value)
    if description is not None:
        values["description"] = str(description).strip()
    return values


def _number(value, parameter: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise CRMDataError(f"{parameter} must be a number, got {value!r}") from None
    if isinstance(value, bool) or not np.isfinite(number):
        raise CRMDataError(f"{parameter} must be a finite number, got {value!r}")
    return number


def _is_id_type(column_type: str) -> bool:
    return column_type in _INTEGER_TYPES or column_type == "VARCHAR"


def _is_number_type(column_type: str) -> bool:
    return column_type in _INTEGER_TYPES or column_type in ("FLOAT", "DOUBLE") or column_type.startswith("DECIMAL")


def _n(count: int, noun: str) -> str:
    """``"1 complaint"``, ``"3 complaints"``."""
    return f"{int(count)} {noun}{'' if int(count) == 1 else 's'}"


def _describe(source) -> str:
    return "a DataFrame" if isinstance(source, pd.DataFrame) else str(Path(source).name)


class _Transaction:
    """``with``-block around one database transaction: commit on success, roll back on any failure.

    A DuckDB error inside becomes a :class:`CRMDataError` that says nothing was
    changed; other exceptions (including ``KeyboardInterrupt``) roll back and
    propagate unchanged.
    """

    def __init__(self, con, what: str):
        self.con, self.what = con, what

    def __enter__(self):
        self.con.execute("BEGIN TRANSACTION")
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.con.execute("COMMIT")
            return False
        self.con.execute("ROLLBACK")
        if isinstance(exc, duckdb.Error):
            raise CRMDataError(f"could not {self.what}: {exc}; nothing was changed") from exc
        return False
