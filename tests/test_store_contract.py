"""The data contract reports rely on: churn labels fixed at import, tenure units, business facts,
describe(), churn_table(), survey_table(), the schema upgrade and open_report_store."""
import json
import warnings

import duckdb
import pandas as pd
import pytest

from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.store import SCHEMA_VERSION, CustomerStore, open_report_store, upgrade


@pytest.fixture
def store(tmp_path):
    with CustomerStore.create(tmp_path / "gym.duckdb", name="Gym Nord", currency="EUR") as opened:
        yield opened


def _churn(store) -> dict:
    return store.customers()["churn"].astype(object).where(store.customers()["churn"].notna(), None).to_dict()


# ------------------------------------------------------------------ churn labels fixed at import
def test_chinese_labels_and_blanks_become_1_0_and_unknown(store):
    members = pd.DataFrame({"会员": ["m1", "m2", "m3", "m4"], "状态": ["流失", "在网", " ", "在网 "]})
    result = store.add_customers(members, customer_col="会员", churn_col="状态")
    assert _churn(store) == {"m1": 1, "m2": 0, "m3": None, "m4": 0}
    assert "1 customers have a blank churn label (stored as unknown)" in str(result)
    assert store.describe()["churn_labels"] == {"churned": ["流失"], "stayed": ["在网"]}


def test_yes_no_then_1_0_map_the_same_way(store):
    store.add_customers(pd.DataFrame({"id": ["a", "b"], "left": ["Yes", "No"]}), customer_col="id", churn_col="left")
    store.add_customers(pd.DataFrame({"id": ["c", "d", "a"], "left": [1, 0, 0]}), customer_col="id", churn_col="left")
    assert _churn(store) == {"a": 0, "b": 0, "c": 1, "d": 0}
    assert store.describe()["churn_labels"] == {"churned": ["1", "Yes"], "stayed": ["0", "No"]}


def test_an_unreadable_pair_asks_for_churned_value(store):
    table = pd.DataFrame({"id": ["a", "b", "c"], "status": ["active", "cancelled", "active"]})
    with pytest.raises(CRMDataError, match=r"\['active', 'cancelled'\].*'cancelled' \(in rows \[1\].*"
                                           r"churned_value='cancelled'"):
        store.add_customers(table, customer_col="id", churn_col="status")
    assert len(store.customers()) == 0
    with pytest.raises(CRMDataError, match=r"\['A', 'B'\].*pass churned_value="):
        store.add_customers(pd.DataFrame({"id": ["a", "b"], "g": ["A", "B"]}), customer_col="id", churn_col="g")
    store.add_customers(table, customer_col="id", churn_col="status", churned_value="Cancelled")
    assert _churn(store) == {"a": 0, "b": 1, "c": 0}
    # recorded: a later file with the same spellings needs no churned_value, and cannot flip them
    store.add_customers(pd.DataFrame({"id": ["d"], "status": ["cancelled"]}), customer_col="id", churn_col="status")
    assert _churn(store)["d"] == 1
    with pytest.raises(CRMDataError, match="recorded 'active' as stayed.*fixed at the first import"):
        store.add_customers(table.assign(id=["x", "y", "z"]), customer_col="id", churn_col="status",
                            churned_value="active")
    assert len(store.customers()) == 4


def test_an_inverted_column_fixes_later_spellings_too(store):
    # a column "active": Yes means stayed
    store.add_customers(pd.DataFrame({"id": ["a", "b"], "active": ["Yes", "No"]}), customer_col="id",
                        churn_col="active", churned_value="No")
    assert _churn(store) == {"a": 0, "b": 1}
    store.add_customers(pd.DataFrame({"id": ["c"], "active": ["no"]}), customer_col="id", churn_col="active")
    assert _churn(store)["c"] == 1
    with pytest.raises(CRMDataError, match="new spellings are not guessed"):
        store.add_customers(pd.DataFrame({"id": ["d", "e"], "active": [1, 0]}), customer_col="id", churn_col="active")


def test_a_column_named_churn_must_be_chosen(store):
    with pytest.raises(CRMDataError, match="column named 'churn'.*churn_col='churn'"):
        store.add_customers(pd.DataFrame({"id": ["a"], "churn": ["Yes"]}), customer_col="id")
    with pytest.raises(CRMDataError, match="holds 3"):
        store.add_customers(pd.DataFrame({"id": ["a", "b", "c"], "l": ["Yes", "No", "?"]}), customer_col="id",
                            churn_col="l")
    with pytest.raises(CRMDataError, match="churned_value='gone' is not a label"):
        store.add_customers(pd.DataFrame({"id": ["a", "b"], "l": ["A", "B"]}), customer_col="id", churn_col="l",
                            churned_value="gone")


# ------------------------------------------------------------------ tenure units
def test_tenure_needs_a_unit_and_a_later_unit_is_converted(store):
    with pytest.raises(CRMDataError, match="'months' \\(tenure\\) of customers needs its unit: pass tenure_unit="):
        store.add_customers(pd.DataFrame({"id": ["a"], "months": [12]}), customer_col="id", tenure_col="months")
    with pytest.raises(CRMDataError, match="tenure_unit must be one of"):
        store.add_customers(pd.DataFrame({"id": ["a"], "m": [12]}), customer_col="id", tenure_col="m",
                            tenure_unit="fortnights")
    with pytest.raises(CRMDataError, match="negative"):
        store.add_customers(pd.DataFrame({"id": ["a"], "m": [-1]}), customer_col="id", tenure_col="m",
                            tenure_unit="months")
    store.add_customers(pd.DataFrame({"id": ["a"], "m": [12]}), customer_col="id", tenure_col="m", tenure_unit="months")
    assert store.describe()["tenure_unit"] == "months"
    result = store.add_customers(pd.DataFrame({"id": ["b"], "y": [2]}), customer_col="id", tenure_col="y",
                                 tenure_unit="years")
    assert "tenure converted from years to months" in str(result)
    assert store.customers()["tenure"].to_dict() == {"a": 12.0, "b": 24.0}   # 2 years = 24 months of 365.25/12 days


# ------------------------------------------------------------------ business facts
def test_margin_and_offer_cost_are_checked_and_recorded(tmp_path):
    with CustomerStore.create(tmp_path / "a.duckdb", name="Tea", currency="cny", margin=0.3, offer_cost=20) as store:
        facts = store.describe()
        assert (facts["currency"], facts["margin"], facts["offer_cost"]) == ("CNY", 0.3, 20.0)
        with pytest.raises(CRMDataError, match="percentage"):
            store.set_business(margin=30)
        with pytest.raises(CRMDataError, match="between 0"):
            store.set_business(margin=0)
        with pytest.raises(CRMDataError, match="0 or more"):
            store.set_business(offer_cost=-5)
        with pytest.raises(CRMDataError, match="a number"):
            store.set_business(offer_cost="ten")
        store.set_business(margin=1, offer_cost=0)
        assert (store.describe()["margin"], store.describe()["offer_cost"]) == (1.0, 0.0)
        assert store.describe()["synthetic"] is False and store.describe()["demo"] is None
    with pytest.raises(CRMDataError, match="between 0"):
        CustomerStore.create(tmp_path / "b.duckdb", name="Tea", currency="CNY", margin=1.5)


# ------------------------------------------------------------------ describe() on a tiny database
def test_describe_counts_a_tiny_database(store):
    store.add_transactions(pd.DataFrame({"c": ["1", "1", "2", "3"], "d": ["2024-01-05", "2024-02-01", "2024-03-31",
                                                                           "2024-01-02"], "a": [10, 20, -5, 7]}),
                           customer_col="c", date_col="d", amount_col="a")
    store.add_customers(pd.DataFrame({"c": ["1", "4"], "left": ["No", None]}), customer_col="c", churn_col="left")
    facts = store.describe()
    assert {k: facts[k] for k in ("name", "currency", "n_customers", "n_transactions", "first_transaction",
                                  "last_transaction", "n_customer_records", "n_churn_labels", "n_respondents")} == {
        "name": "Gym Nord", "currency": "EUR", "n_customers": 4, "n_transactions": 4,   # ids 1, 2, 3 and 4
        "first_transaction": pd.Timestamp("2024-01-02"), "last_transaction": pd.Timestamp("2024-03-31"),
        "n_customer_records": 2, "n_churn_labels": 1, "n_respondents": 0}
    assert (facts["first_date"], facts["last_date"]) == (facts["first_transaction"], facts["last_transaction"])
    assert (facts["has_transactions"], facts["has_customers"], facts["has_churn"], facts["has_survey"]) == \
        (True, True, True, False)
    assert facts["source"] == "transactions: a DataFrame; customers: a DataFrame"
    assert (facts["margin"], facts["offer_cost"], facts["tenure_unit"]) == (None, None, None)


def test_describe_an_empty_database(store):
    facts = store.describe()
    assert (facts["n_customers"], facts["n_transactions"], facts["first_transaction"], facts["has_churn"],
            facts["source"]) == (0, 0, None, False, "no data imported yet")


# ------------------------------------------------------------------ churn_table
def test_churn_table_excludes_blank_labels_with_a_count(store):
    table = pd.DataFrame({"id": ["c", "a", "b", "d", "e"], "left": ["Yes", "No", None, "", "No"],
                          "months": [3, 20, 5, 1, 40], "plan": ["basic", "gold", "basic", "gold", "basic"],
                          "fee": [20.0, 45.5, 20.0, 45.5, 20.0]})
    store.add_customers(table, customer_col="id", churn_col="left", tenure_col="months", tenure_unit="weeks")
    with pytest.warns(DataExclusionWarning, match="2 of 5 customers excluded from the churn table: their churn label"):
        churn = store.churn_table()
    assert churn.index.tolist() == ["a", "c", "e"] and churn.index.name == "customer_id"
    assert churn.columns.tolist() == ["churn", "tenure", "plan", "fee"]
    assert churn["churn"].tolist() == [0, 1, 0] and churn["churn"].dtype == "int64"
    assert churn["tenure"].tolist() == [20.0, 3.0, 40.0]
    assert churn.attrs["excluded"] == 2 and churn.attrs["tenure_unit"] == "weeks"
    assert churn.attrs["feature_columns"] == ["plan", "fee"]
    assert table["left"].tolist() == ["Yes", "No", None, "", "No"]   # the caller's frame is untouched


def test_churn_table_without_labels_says_how_to_import_them(store):
    with pytest.raises(CRMDataError, match="no churn labels.*--churn-col"):
        store.churn_table()
    store.add_customers(pd.DataFrame({"id": ["a"], "plan": ["x"]}), customer_col="id")
    with pytest.raises(CRMDataError, match="no churn labels"):
        store.churn_table()


def test_churn_table_with_every_label_known_warns_nothing(store):
    store.add_customers(pd.DataFrame({"id": ["a", "b"], "l": [1, 0]}), customer_col="id", churn_col="l")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        churn = store.churn_table()
    assert churn.attrs["excluded"] == 0 and churn.attrs["tenure_unit"] is None and list(churn.columns) == ["churn"]


# ------------------------------------------------------------------ survey_table
def test_survey_table_declares_the_scale(store):
    answers = pd.DataFrame({"guest": ["g1", "g2", "g3"], "q1": [7, 1, -99], "q2": [4, 5, 6]})
    with pytest.warns(DataExclusionWarning, match="q1: 1"):
        store.add_survey(answers, scale=(1, 7), customer_col="guest", missing_codes=(-99,))
    table = store.survey_table()
    assert table.columns.tolist() == ["customer_id", "q1", "q2"] and table.attrs["scale"] == (1, 7)
    assert table.attrs["items"] == ["q1", "q2"] and table["customer_id"].tolist() == ["g1", "g2", "g3"]
    assert table["q1"].tolist()[:2] == [7.0, 1.0] and pd.isna(table["q1"].iloc[2])


def test_survey_items_on_two_scales_need_a_choice(store):
    store.add_survey(pd.DataFrame({"q1": [1, 7, 4, 5, 6, 7, 2, 3, 4, 5]}), scale=(1, 7))
    store.add_survey(pd.DataFrame({"nps": [0, 10, 9, 8, 7, 6, 5, 4, 3, 2]}), scale=(0, 10))
    with pytest.raises(CRMDataError, match=r"different scales \(\{'0-10': \['nps'\], '1-7': \['q1'\]\}\).*items="):
        store.survey_table()
    nps = store.survey_table(items=["nps"])
    assert nps.attrs["scale"] == (0, 10) and "customer_id" not in nps.columns
    assert nps["nps"].notna().sum() == 10 and len(nps) == 20     # the rows of the other survey have no nps answer
    with pytest.raises(CRMDataError, match=r"\['q9'\] are not in the database"):
        store.survey_table(items=["q9"])


def test_survey_table_without_a_survey(store):
    with pytest.raises(CRMDataError, match="no survey answers.*--scale"):
        store.survey_table()


# ------------------------------------------------------------------ schema version 1 -> 2
def _version_1_file(path, churn_values, *, churn_type="VARCHAR"):
    """A customer database as crm_analysis wrote it with schema version 1 (churn stored as imported)."""
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE crm_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        con.execute("INSERT INTO crm_meta VALUES ('schema_version', '1'), ('business_name', 'Old Shop'), "
                    "('currency', 'EUR')")
        con.execute("CREATE TABLE imports (sha256 VARCHAR PRIMARY KEY, target VARCHAR, source VARCHAR, n_rows BIGINT, "
                    "added BIGINT, updated BIGINT, skipped BIGINT, imported_at TIMESTAMP DEFAULT current_timestamp)")
        con.execute("CREATE TABLE transactions (customer_id VARCHAR NOT NULL, date TIMESTAMP_NS NOT NULL, "
                    "amount DOUBLE, quantity DOUBLE, transaction_id VARCHAR, source VARCHAR)")
        con.execute(f"CREATE TABLE customers (customer_id VARCHAR PRIMARY KEY, churn {churn_type}, tenure DOUBLE, "
                    f"plan VARCHAR)")
        con.execute("CREATE TABLE survey_items (item VARCHAR PRIMARY KEY, scale_low DOUBLE, scale_high DOUBLE)")
        for i, value in enumerate(churn_values):
            con.execute("INSERT INTO customers VALUES (?, ?, ?, 'x')", [f"c{i}", value, float(i)])
    return path


def test_a_version_1_file_is_upgraded_in_place(tmp_path):
    path = _version_1_file(tmp_path / "old.duckdb", [" Yes", "No", None, "yes", "No"])
    with CustomerStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 3
        assert _churn(store) == {"c0": 1, "c1": 0, "c2": None, "c3": 1, "c4": 0}
        assert store.describe()["churn_labels"] == {"churned": ["Yes", "yes"], "stayed": ["No"]}
        assert store.business == {"name": "Old Shop", "currency": "EUR"}
        with pytest.raises(CRMDataError, match="tenure without its unit.*tenure_unit="):
            store.churn_table()
        # naming the unit at the next import records it for the stored tenure too
        result = store.add_customers(pd.DataFrame({"id": ["c9"], "t": [3]}), customer_col="id", tenure_col="t",
                                     tenure_unit="months")
        assert "tenure unit recorded as months, also for the tenure stored before" in str(result)
        with pytest.warns(DataExclusionWarning, match="2 of 6"):   # c2 and c9 have no label
            assert store.churn_table().attrs["tenure_unit"] == "months"
    with duckdb.connect(str(path), read_only=True) as con:
        types = {row[0]: row[1] for row in con.execute("DESCRIBE customers").fetchall()}
    assert types["churn"] == "TINYINT"


def test_a_version_1_file_with_numbers_opened_by_a_report(tmp_path):
    path = _version_1_file(tmp_path / "old.duckdb", [1, 0, 1], churn_type="BIGINT")
    with open_report_store(str(path), demo="telco") as store:   # read-only, after a one-time upgrade
        assert store.read_only and store.schema_version == 3
        assert _churn(store) == {"c0": 1, "c1": 0, "c2": 1}


def test_a_version_1_file_with_unreadable_labels_is_left_unchanged(tmp_path):
    path = _version_1_file(tmp_path / "old.duckdb", ["A", "B", "A"])
    with pytest.raises(CRMDataError, match=r"cannot upgrade.*\['A', 'B'\].*upgrade\(path, churned_value=.*unchanged"):
        CustomerStore(path)
    with pytest.raises(CRMDataError, match="earlier crm_analysis .schema version 1.; open it once for writing"):
        CustomerStore(path, read_only=True)
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT value FROM crm_meta WHERE key = 'schema_version'").fetchone()[0] == "1"
        assert con.execute("SELECT churn FROM customers ORDER BY customer_id").fetchall() == [("A",), ("B",), ("A",)]
    upgrade(path, churned_value="B")
    with CustomerStore(path, read_only=True) as store:
        assert _churn(store) == {"c0": 0, "c1": 1, "c2": 0}
        assert json.loads(store.sql("SELECT value FROM crm_meta WHERE key = 'churn_labels'")["value"][0]) == \
            {"churned": ["B"], "stayed": ["A"]}


# ------------------------------------------------------------------ open_report_store
def test_open_report_store_refuses_a_missing_file(tmp_path):
    with pytest.raises(CRMDataError, match="no customer database at .*crm-analysis init"):
        open_report_store(str(tmp_path / "typo.duckdb"), demo="telco")
    path = tmp_path / "shop.duckdb"
    CustomerStore.create(path, name="Shop", currency="CNY").close()
    with open_report_store(f"  {path}  ", demo="telco") as store:
        assert store.read_only and store.describe()["name"] == "Shop"
