"""Report 33 on a database with closed accounts and with data that start after the acquisitions (issue 11).

The period KPIs, equity and bridge of the page must agree with the customer table: an account closed on or before
a period's end is not active, is worth 0, and counts as lost; periods whose look-back reaches before the data say
"–" with the reason instead of 0 % or undercounts.
"""
import warnings

import numpy as np
import pandas as pd
import pytest

from crm_analysis.present import ReportContext
from crm_analysis.present import customer_base as page
from crm_analysis.present.customer_base.overview import history_notes

pytestmark = pytest.mark.filterwarnings("ignore::crm_analysis.exceptions.DataExclusionWarning")


@pytest.fixture(scope="module")
def company():
    from crm_analysis.datasets import make_company

    return make_company(250, random_state=5)


def _store(path, company, *, from_date=None):
    from crm_analysis.store import CustomerStore

    store = CustomerStore.create(path, name="Teehandel Wu", currency="CNY", margin=0.35)
    tx = company.transactions
    if from_date is not None:   # the export starts later than the customers' acquisition dates
        tx = tx.loc[tx["date"] >= from_date]
    store.add_transactions(tx, customer_col="customer_id", date_col="date", amount_col="amount",
                           transaction_col="order_id")
    customers = company.customers[["customer_id", "segment", "acquisition_date", "churn", "churn_date", "tenure"]]
    store.add_customers(customers, customer_col="customer_id", churn_col="churn", tenure_col="tenure",
                        tenure_unit="months", roles={"acquisition_date": "acquisition_date", "churn_date": "churn_date"})
    store.close()
    return path


def _current_buyers(company, end, months=12):
    c, tx = company.customers, company.transactions
    closed = (c["churn"] == 1) & (c["churn_date"] <= end)
    current = set(c.loc[~closed, "customer_id"])
    window = (tx["date"] > end - pd.DateOffset(months=months)) & (tx["date"] <= end)
    return current, set(tx.loc[window, "customer_id"])


def test_active_equity_and_bridge_agree_with_the_customer_table(company, tmp_path):
    from crm_analysis.store import CustomerStore

    db = CustomerStore(_store(tmp_path / "closures.duckdb", company), read_only=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = page.analyse(db, equity_periods=1, n_bootstrap=10)
    end = report.report_date
    current, bought = _current_buyers(company, end)
    kpis = report.kpis
    # active at the end = the customer table's current customers who bought in the last 4 quarters
    assert kpis["active"].iloc[-1] == len(current & bought) < len(bought)
    assert kpis.attrs["n_closed"] == int(((company.customers["churn"] == 1)
                                          & (company.customers["churn_date"] <= end)).sum()) > 0
    # closed accounts are worth 0; the others keep the models' value
    closed = report.values.index[~report.values.index.isin(current)]
    assert len(closed) > 0 and (report.values[closed] == 0).all() and (report.values.drop(closed) > 0).all()
    # the bridge: every customer of the bridge whose account closed by the end is lost (or new and worth 0)
    groups = report.bridge.customers
    shut = groups.index.isin(closed)
    assert set(groups.loc[shut, "group"]) <= {"lost", "new"} and (groups.loc[shut, "value_end"] == 0).all()
    assert report.bridge.bridge.attrs["closed_lost"] > 0
    # the page says so, and the glance KPI reads the same number
    context = ReportContext.from_store(db)
    values = page.glance_kpis(kpis, context, "en")
    active_label = next(k for k in values if k.startswith("Active customers"))
    assert values[active_label].startswith(f"{len(current & bought):,} of {len(company.customers):,}")
    assert any("account closed" in k for k in values)
    assert any("accounts closed by" in note for note in history_notes(kpis, "en"))
    db.close()


def test_data_starting_after_the_acquisitions_show_dashes_with_the_reason(company, tmp_path):
    from crm_analysis.store import CustomerStore

    db = CustomerStore(_store(tmp_path / "late.duckdb", company, from_date="2024-01-01"), read_only=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = page.analyse(db, equity_periods=1, n_bootstrap=10)
    kpis = report.kpis
    acquired = company.customers["acquisition_date"]
    first_q = kpis.index[0]
    assert str(first_q) == "2024Q1"
    # new customers of the first quarter are the ones the customer table acquired then, not every first buyer
    in_q = ((acquired >= "2024-01-01") & (acquired <= "2024-03-31")).sum()
    assert kpis["new"].iloc[0] == in_q < kpis["buyers"].iloc[0]
    # the first year looks back before the data: not known, flagged, shown as – with the reason
    assert kpis["history_complete"].tolist()[:4] == [False] * 4 and kpis["history_complete"].iloc[4:].all()
    assert kpis[["retained", "lost", "repeat_rate"]].iloc[:4].isna().all().all()
    context = ReportContext.from_store(db)
    table = page.period_table(kpis, context, "en")
    assert (table.iloc[-1][["Retained", "Lost", "Repeat rate"]] == "–").all()  # newest first: 2024 Q1 last
    notes = " ".join(history_notes(kpis, "en")).replace("\xa0", " ")
    assert "– for 2024 Q1 to 2024 Q4: the data start on 2024-01-01" in notes
    assert "需要数据开始之前的购买记录" in " ".join(history_notes(kpis, "zh"))
    # cohort cells before the data are blank, not 0 %
    share = report.cohorts.share
    early = share.loc[[c for c in share.index if c.year == 2023]]
    assert early.iloc[0, 0] != 0 and np.isnan(early.iloc[0, 0])
    db.close()


def test_the_revenue_fallback_values_closed_accounts_at_zero():
    # when the value models cannot be fitted, value = revenue of the last 12 months; an account closed by the
    # report date brings nothing more (as in the model valuation): 002 closed on 2024-11-30, 003 closes later
    from crm_analysis.present.customer_base.analysis import _trailing_revenue

    tx = pd.DataFrame({"customer_id": ["001", "002", "003", "001"], "amount": [10.0, 20.0, 30.0, -5.0],
                       "date": pd.to_datetime(["2024-06-01", "2024-07-01", "2024-08-01", "2024-09-01"])})
    customers = pd.DataFrame({"customer_id": ["001", "002", "003"], "churn": [0, 1, 1],
                              "churn_date": pd.to_datetime([pd.NaT, "2024-11-30", "2025-02-01"])})
    end = pd.Timestamp("2024-12-31")
    assert _trailing_revenue(tx, end, 12).to_dict() == {"001": 10.0, "002": 20.0, "003": 30.0}
    assert _trailing_revenue(tx, end, 12, customers).to_dict() == {"001": 10.0, "002": 0.0, "003": 30.0}
