"""The whole pack on a business's own database, made from messy foreign files through the command line.

A German tea shop exports its orders (semicolon CSV, day-first dotted dates, decimal commas and euro signs,
zero-padded customer numbers, an overlapping second export), its customer table (Excel, churn labels
"gekündigt"/"aktiv" with blanks, tenure in months) and a guest survey (GBK CSV, 1-7 scale, -9 for "no answer",
a Chinese comment column).  `crm-analysis init/import` loads them; `build_reports(store=...)` renders every
report.  Each page must name the business and its currency, state what it left out, write its lists, and be
clean (no warnings, NaN, dtype printouts or temp paths).
"""
import csv
import warnings

import numpy as np
import pandas as pd
import pytest

from crm_analysis.cli import main
from crm_analysis.datasets import make_survey, make_transactions
from crm_analysis.reports.checks import page_problems, visible_text
from crm_analysis.reports.runner import build_reports, load_manifest

NAME = "Teehaus Lindner"


def _german_amount(value: float) -> str:
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") + " €"


@pytest.fixture(scope="module")
def teehaus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("teehaus")
    rng = np.random.default_rng(7)
    tx = make_transactions(150, start="2023-01-02", duration_weeks=70, random_state=3)
    ids = {c: f"{i:06d}" for i, c in enumerate(sorted(tx["customer_id"].unique()), start=17)}
    orders = pd.DataFrame({"Bestellnr": [f"B-{i:06d}" for i in range(len(tx))],
                           "Kundennr": tx["customer_id"].map(ids),
                           "Datum": pd.to_datetime(tx["date"]).dt.strftime("%d.%m.%Y"),
                           "Betrag": (tx["amount"] * 1.7).map(_german_amount)})
    cut = int(len(orders) * 0.7)
    orders.iloc[:cut].to_csv(folder / "bestellungen.csv", sep=";", index=False, encoding="utf-8-sig")
    orders.iloc[cut - 20:].to_csv(folder / "export2.csv", sep=";", index=False, encoding="utf-8-sig")

    n = len(ids)
    customers = pd.DataFrame({"Kundennr": list(ids.values()),
                              "Tarif": rng.choice(["Basis", "Plus", "Abo"], n),
                              "Alter": rng.integers(18, 80, n), "Monate": rng.integers(1, 36, n)})
    leave = rng.random(n) < 1 / (1 + np.exp(0.8 - 0.9 * (customers["Tarif"] == "Basis") + 0.03 * customers["Monate"]))
    customers["Status"] = np.where(leave, "gekündigt", "aktiv")
    customers.loc[[3, 9], "Status"] = ""
    customers.to_excel(folder / "kunden.xlsx", index=False)

    survey = make_survey(120, random_state=11)
    items = [c for c in survey.columns if c[-1].isdigit()]
    seven = survey[items].apply(lambda col: np.clip(np.round(1 + (col - 1) * 6 / 9), 1, 7)).astype(int)
    seven = seven.mask(rng.random(seven.shape) < 0.01, -9)
    seven.insert(0, "Kundennr", rng.choice(list(ids.values()), len(seven), replace=False))
    seven["备注"] = rng.choice(["很好", "服务太慢", "价格偏高"], len(seven))
    seven.to_csv(folder / "umfrage.csv", index=False, encoding="gbk", quoting=csv.QUOTE_MINIMAL)

    db = folder / "teehaus.duckdb"
    money = ["--decimal", ",", "--thousands", ".", "--strip-currency"]
    orders_flags = ["--customer-col", "Kundennr", "--date-col", "Datum", "--amount-col", "Betrag",
                    "--transaction-col", "Bestellnr", *money]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["init", str(db), "--name", NAME, "--currency", "EUR", "--margin", "0.35",
                     "--offer-cost", "8"]) == 0
        assert main(["import", "transactions", str(folder / "bestellungen.csv"), "--store", str(db),
                     *orders_flags]) == 0
        assert main(["import", "transactions", str(folder / "export2.csv"), "--store", str(db), *orders_flags]) == 0
        assert main(["import", "customers", str(folder / "kunden.xlsx"), "--store", str(db), "--customer-col",
                     "Kundennr", "--churn-col", "Status", "--churned-value", "gekündigt", "--tenure-col", "Monate",
                     "--tenure-unit", "months"]) == 0
        assert main(["import", "survey", str(folder / "umfrage.csv"), "--store", str(db), "--customer-col",
                     "Kundennr", "--scale", "1", "7", "--missing-codes", "-9"]) == 0
    return db, len(orders), n


def test_the_overlapping_exports_are_stored_once(teehaus):
    from crm_analysis.store import CustomerStore

    db, n_orders, n_customers = teehaus
    with CustomerStore(db, read_only=True) as store:
        facts = store.describe()
        ids = store.transactions()["customer_id"]
    assert facts["n_transactions"] == n_orders and facts["n_churn_labels"] == n_customers - 2
    assert ids.str.len().eq(6).all() and ids.str.startswith("0").all()   # leading zeros kept


def test_every_report_renders_for_the_business(teehaus, tmp_path):
    db, _, _ = teehaus
    written = build_reports(output_dir=tmp_path, progress=False, test_parameters=True, store=db)
    pages = {p.stem: p.read_text(encoding="utf-8") for p in written if p.suffix == ".html"}
    declares_store = {e["notebook"] for e in load_manifest()} - {"20_research_replications"}
    problems = {name: page_problems(html, "en") for name, html in pages.items()}
    assert {name: found for name, found in problems.items() if found} == {}
    for name in declares_store:
        shown = visible_text(pages[name])
        assert NAME in shown and "€" in shown, name
        # no demo or synthetic-data box on the business's own data
        assert "<strong>Demo data.</strong>" not in pages[name] and "<strong>Synthetic data.</strong>" not in pages[name]
    for name in ("30_mgmt_customer_value", "31_mgmt_churn_risk", "32_mgmt_satisfaction"):
        shown = visible_text(pages[name])
        assert not any(word in shown for word in ("CDNOW", "Telco", "USD", "$")), name
        assert "Left out" in shown or "left out" in shown, name          # exclusions are stated
    lists = sorted(p.name for p in tmp_path.glob("*_*.csv"))
    assert lists == ["30_mgmt_customer_value_retention.csv", "30_mgmt_customer_value_win_back.csv",
                     "31_mgmt_churn_risk_retention.csv", "32_mgmt_satisfaction_follow_up.csv"]
    for csv_name in lists:
        assert csv_name in pages["index"] and (tmp_path / csv_name.replace(".csv", ".xlsx")).is_file()
        first = pd.read_csv(tmp_path / csv_name, dtype=str, encoding="utf-8-sig").iloc[:, 0]
        assert first.str.fullmatch(r"0\d{5}").all(), csv_name                  # ids as text, zeros kept


def load_title(notebook: str, lang: str) -> str:
    return next(e["title"][lang] for e in load_manifest() if e["notebook"] == notebook)


def test_the_management_pack_in_chinese(teehaus, tmp_path):
    db, _, _ = teehaus
    only = ["30_mgmt_customer_value", "31_mgmt_churn_risk", "32_mgmt_satisfaction"]
    written = build_reports(output_dir=tmp_path, progress=False, test_parameters=True, store=db, lang="zh",
                            only=only)
    for page in written[:-1]:
        html = page.read_text(encoding="utf-8")
        if not page.stem.startswith("32_"):
            assert "欧元" in visible_text(html), page.name   # money headings name the currency in Chinese
        shown = visible_text(html)
        assert page_problems(html, "zh") == [] and NAME in shown and "€" in shown, page.name
        assert "<title>" + load_title(page.stem, "zh") + "</title>" in html, page.name
        assert "@font-face" in html   # the Chinese characters come with the page
