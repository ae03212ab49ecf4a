"""The whole pack on a business's own database, made from messy foreign files through the command line.

A German tea shop exports its orders (semicolon CSV, day-first dotted dates, decimal commas and euro signs,
zero-padded customer numbers, an overlapping second export), its customer table (Excel, churn labels
"gekündigt"/"aktiv" with blanks, tenure in months) and a guest survey (GBK CSV, 1-7 scale, -9 for "no answer",
a Chinese comment column, response dates) and its complaint tickets (semicolon CSV in cp1252, "erledigt"/"offen"
read with --resolved-value, an overlapping second export, a ticket of a customer number the customer table does not
know).  The customer table carries the costs the linked reports need under German names (acquisition date and
cost, cost to serve per order, credit limit, balance, plan and budget per month, yearly retention cost, the closing
date).  `crm-analysis init/import` loads them; `build_reports(store=...)` renders every report.  Each page must name the business and its currency, state what it left out, write its lists, and be
clean (no warnings, NaN, dtype printouts or temp paths).  (Report 20 reads no database: its page is checked in
test_notebooks.py.)
"""
import csv
import warnings

import numpy as np
import pandas as pd
import pytest

from crm_analysis.cli import main
from crm_analysis.datasets import make_survey, make_transactions
from crm_analysis.reports.checks import page_problems, visible_text
from crm_analysis.reports.runner import build_reports, load_manifest, notebook_parameters, resolve_notebook

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
    dates = pd.to_datetime(tx["date"])
    first, last = dates.groupby(tx["customer_id"].map(ids)).min(), dates.groupby(tx["customer_id"].map(ids)).max()
    first, last = first[customers["Kundennr"]].to_numpy(), last[customers["Kundennr"]].to_numpy()
    customers["Kunde seit"] = pd.Series(first).dt.strftime("%d.%m.%Y").to_numpy()
    customers["Akquisekosten"] = [_german_amount(v) for v in rng.uniform(20, 80, n)]
    customers["Servicekosten je Bestellung"] = [_german_amount(v) for v in rng.uniform(1, 12, n)]
    customers["Kreditlimit"] = [_german_amount(v) for v in rng.choice([200.0, 500.0, 1000.0], n)]
    customers["Saldo"] = [_german_amount(v) for v in rng.uniform(0, 700, n)]
    customers["Plan €/Monat"] = [_german_amount(v) for v in rng.uniform(10, 60, n)]
    customers["Budget €/Monat"] = [_german_amount(v) for v in rng.uniform(2, 15, n)]
    customers["Bindungskosten €/Jahr"] = [_german_amount(v) for v in rng.uniform(5, 15, n)]
    closed = pd.Series(last + np.timedelta64(30, "D")).clip(upper=dates.max())
    customers["Gekündigt am"] = np.where(customers["Status"] == "gekündigt", closed.dt.strftime("%d.%m.%Y"), "")
    customers.to_excel(folder / "kunden.xlsx", index=False)

    tickets = []
    for i, row in enumerate(rng.choice(n, 45)):
        day = pd.Timestamp(first[row]) + (pd.Timestamp(last[row]) - pd.Timestamp(first[row])) * rng.random()
        done = rng.random() < 0.7
        tickets.append({"Ticket": f"T-{i:04d}", "Kundennr": customers["Kundennr"].iloc[row],
                        "Eingang": day.strftime("%d.%m.%Y"), "Thema": rng.choice(["Lieferung", "Qualität", "Preis"]),
                        "Stand": "erledigt" if done else "offen", "Tage": int(rng.integers(1, 20)) if done else ""})
    tickets.append({"Ticket": "T-9999", "Kundennr": "999999", "Eingang": "03.03.2023", "Thema": "Preis",
                    "Stand": "offen", "Tage": ""})
    tickets = pd.DataFrame(tickets)
    tickets.iloc[:30].to_csv(folder / "beschwerden.csv", sep=";", index=False, encoding="cp1252")
    tickets.iloc[25:].to_csv(folder / "beschwerden2.csv", sep=";", index=False, encoding="cp1252")

    survey = make_survey(120, random_state=11)
    items = [c for c in survey.columns if c[-1].isdigit()]
    seven = survey[items].apply(lambda col: np.clip(np.round(1 + (col - 1) * 6 / 9), 1, 7)).astype(int)
    seven = seven.mask(rng.random(seven.shape) < 0.01, -9)
    seven.insert(0, "Kundennr", rng.choice(list(ids.values()), len(seven), replace=False))
    seven["备注"] = rng.choice(["很好", "服务太慢", "价格偏高"], len(seven))
    seven["Datum"] = (pd.Timestamp("2024-03-01") + pd.to_timedelta(rng.integers(0, 90, len(seven)), "D")
                      ).strftime("%d.%m.%Y")
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
                     "--tenure-unit", "months", "--acquisition-date-col", "Kunde seit",
                     "--acquisition-cost-col", "Akquisekosten", "--cost-to-serve-col", "Servicekosten je Bestellung",
                     "--credit-limit-col", "Kreditlimit", "--balance-col", "Saldo", "--sales-plan-col", "Plan €/Monat",
                     "--service-budget-col", "Budget €/Monat", "--retention-cost-col", "Bindungskosten €/Jahr",
                     "--churn-date-col", "Gekündigt am", "--date-format", "%d.%m.%Y", *money]) == 0
        assert main(["import", "survey", str(folder / "umfrage.csv"), "--store", str(db), "--customer-col",
                     "Kundennr", "--scale", "1", "7", "--missing-codes", "-9", "--date-col", "Datum",
                     "--date-format", "%d.%m.%Y"]) == 0
        for export in ("beschwerden.csv", "beschwerden2.csv"):
            assert main(["import", "complaints", str(folder / export), "--store", str(db), "--customer-col",
                         "Kundennr", "--date-col", "Eingang", "--date-format", "%d.%m.%Y", "--resolved-col", "Stand",
                         "--resolved-value", "erledigt", "--category-col", "Thema", "--days-to-resolve-col", "Tage",
                         "--complaint-id-col", "Ticket", "--encoding", "cp1252"]) == 0
    return db, len(orders), n


def test_the_overlapping_exports_are_stored_once(teehaus):
    from crm_analysis.store import CustomerStore

    db, n_orders, n_customers = teehaus
    with CustomerStore(db, read_only=True) as store:
        facts = store.describe()
        ids = store.transactions()["customer_id"]
    assert facts["n_transactions"] == n_orders and facts["n_churn_labels"] == n_customers - 2
    assert ids.str.len().eq(6).all() and ids.str.startswith("0").all()   # leading zeros kept
    with CustomerStore(db, read_only=True) as store:
        complaints, customers = store.complaints(), store.customers()
    assert len(complaints) == 46 and complaints["complaint_id"].is_unique      # the overlap of 5 tickets stored once
    assert complaints["resolved"].isin([0.0, 1.0]).all() and complaints["category"].eq("Qualität").any()
    assert customers["cost_to_serve"].between(1, 12).all() and customers["credit_limit"].isin([200, 500, 1000]).all()
    assert customers["churn_date"].notna().sum() == (customers["churn"] == 1).sum()


def test_every_report_renders_for_the_business(teehaus, tmp_path):
    db, _, _ = teehaus
    # every report that reads the database; the one that does not (20, bundled published data) gets no store and
    # would run exactly as in test_notebooks.py's build (same notebook, same test parameters), which checks its page
    declares_store = {e["notebook"] for e in load_manifest()
                      if "store" in notebook_parameters(resolve_notebook(e["notebook"]))}
    assert declares_store == {e["notebook"] for e in load_manifest()} - {"20_research_replications"}
    written = build_reports(output_dir=tmp_path, progress=False, test_parameters=True, store=db,
                            only=sorted(declares_store))
    pages = {p.stem: p.read_text(encoding="utf-8") for p in written if p.suffix == ".html"}
    assert set(pages) == declares_store | {"index"}
    problems = {name: page_problems(html, "en") for name, html in pages.items()}
    assert {name: found for name, found in problems.items() if found} == {}
    for name in declares_store:
        shown = visible_text(pages[name])
        assert NAME in shown and "€" in shown, name
        # no demo or synthetic-data box on the business's own data
        assert "<strong>Demo data.</strong>" not in pages[name] and "<strong>Synthetic data.</strong>" not in pages[name]
    for name in ("30_mgmt_customer_value", "31_mgmt_churn_risk", "32_mgmt_satisfaction", "33_mgmt_customer_base"):
        shown = visible_text(pages[name])
        assert not any(word in shown for word in ("CDNOW", "Telco", "USD", "$")), name
        assert "Left out" in shown or "left out" in shown, name          # exclusions are stated
    # the delivered-value questionnaire and answer sheet (report 16) are templates to fill in, not customer lists
    templates = sorted(p.name for p in tmp_path.glob("16_*.csv"))
    assert templates == ["16_teach_delivered_value_answer_sheet.csv", "16_teach_delivered_value_questionnaire.csv"]
    lists = sorted(p.name for p in tmp_path.glob("*_*.csv") if not p.name.startswith("16_"))
    assert lists == ["17_teach_tiers_upgrade_candidates.csv",
                     "30_mgmt_customer_value_retention.csv", "30_mgmt_customer_value_win_back.csv",
                     "31_mgmt_churn_risk_retention.csv", "32_mgmt_satisfaction_follow_up.csv",
                     "33_mgmt_customer_base_early_warnings.csv", "33_mgmt_customer_base_valuable_dissatisfied.csv"]
    for csv_name in lists:
        assert csv_name in pages["index"] and (tmp_path / csv_name.replace(".csv", ".xlsx")).is_file()
        first = pd.read_csv(tmp_path / csv_name, dtype=str, encoding="utf-8-sig").iloc[:, 0]
        assert first.str.fullmatch(r"0\d{5}").all(), csv_name                  # ids as text, zeros kept


def load_title(notebook: str, lang: str) -> str:
    return next(e["title"][lang] for e in load_manifest() if e["notebook"] == notebook)


def test_the_management_pack_in_chinese(teehaus, tmp_path):
    db, _, _ = teehaus
    only = ["30_mgmt_customer_value", "31_mgmt_churn_risk", "32_mgmt_satisfaction", "33_mgmt_customer_base"]
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


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_research_report_on_the_business_survey(teehaus, tmp_path, lang):
    """Report 21 on the tea shop's survey: -9 codes read as missing, churn labels (two blank) as the group."""
    db, _, _ = teehaus
    written = build_reports(output_dir=tmp_path, progress=False, test_parameters=True, store=db, lang=lang,
                            only=["21_research_survey"])
    page = written[0].read_text(encoding="utf-8")
    shown = visible_text(page)
    assert page_problems(page, lang) == [] and NAME in shown
    if lang == "en":
        assert "answers are missing" in shown and "Rule used: mean replacement" in shown
        assert "The group comparison uses " in shown and "of the 120 respondents" in shown
        # 120 respondents: the churned group is smaller than the model, and the page says so instead of failing
        assert "The groups cannot be compared." in shown and "usable respondents" in shown
    else:
        assert "所用规则：均值替代" in shown and "组间比较使用了 120 位受访者中的" in shown and "无法比较这两个组。" in shown
