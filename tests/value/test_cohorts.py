"""Cohorts, period KPIs and the equity bridge: hand-computed tables, identities, plots, recovery on the demo company."""
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.present.figures import localize
from crm_analysis.value import (cohort_retention, customer_equity, equity_bridge, period_kpis, plot_cohort_heatmap,
                                plot_equity_bridge, plot_period_kpis)
from crm_analysis.value.cohorts import BRIDGE_STEPS

pytestmark = pytest.mark.filterwarnings("ignore::crm_analysis.exceptions.DataExclusionWarning")


def _log():
    """a: 2024Q1, Q2, Q3 (amount 0), 2025Q1; b: 2024Q1, Q3; c: 2024Q2, Q4 and a return in Q4.  Ids zero-padded text."""
    return pd.DataFrame({
        "customer_id": ["0a", "0a", "0a", "0a", "0b", "0b", "0c", "0c", "0c"],
        "date": ["2024-01-10", "2024-05-01", "2024-08-01", "2025-02-01", "2024-02-01", "2024-09-01", "2024-04-02",
                 "2024-12-01", "2024-12-05"],
        "amount": [10.0, 5, 0, 6, 20, 7, 3, 4, -3],
    })


def test_cohort_retention_by_hand():
    tx = _log()
    before = tx.copy()
    with pytest.warns(DataExclusionWarning, match="returns"):
        result = cohort_retention(tx)
    pd.testing.assert_frame_equal(tx, before)
    # 2024Q1 cohort {a, b}: Q1 both, Q2 a, Q3 a (zero amount still a purchase) and b, Q4 nobody, 2025Q1 a
    # 2024Q2 cohort {c}: Q2 c, Q3 -, Q4 c (the return is not a purchase, the 4 is), 2025Q1 -, 2025Q2 not observed
    assert [str(p) for p in result.share.index] == ["2024Q1", "2024Q2"]
    assert result.sizes.tolist() == [2, 1]
    assert result.share.iloc[0].tolist() == [1.0, 0.5, 1.0, 0.0, 0.5]
    assert result.share.iloc[1].tolist()[:4] == [1.0, 0.0, 1.0, 0.0] and np.isnan(result.share.iloc[1, 4])
    assert result.counts.iloc[0].tolist() == [2, 1, 2, 0, 1]
    assert result.share.attrs["observation_end"] == "2025-02-01"
    assert result.share.attrs["last_period_complete"] is False
    yearly = cohort_retention(tx, period="Y")
    assert yearly.share.iloc[0].tolist() == [1.0, 1 / 3]  # 2024: a, b, c; in 2025 only a


def test_cohorts_from_acquisition_dates():
    tx = _log()
    customers = pd.DataFrame({"customer_id": ["0a", "0b", "0c", "0d"],
                              "acquisition_date": ["2023-12-15", "2024-02-01", "2024-04-02", "2024-01-01"]})
    result = cohort_retention(tx, acquisition=customers)
    # 2023Q4 {a}: bought nothing in Q4, then Q1, Q2, Q3, not Q4, 2025Q1
    assert result.share.iloc[0].tolist() == [0.0, 1.0, 1.0, 1.0, 0.0, 1.0]
    # 2024Q1 {b, d}: d was acquired but never bought: b alone buys in Q1 and Q3
    assert result.sizes.tolist() == [1, 2, 1]
    assert result.share.iloc[1].tolist()[:5] == [0.5, 0.0, 0.5, 0.0, 0.0]
    assert result.share.attrs["cohort_from"] == "acquisition_date"
    with pytest.raises(CRMDataError, match=r"no acquisition date.*'0c'"):
        cohort_retention(tx, acquisition=customers.iloc[[0, 1, 3]])
    late = customers.assign(acquisition_date=["2023-12-15", "2024-04-01", "2024-04-02", "2024-01-01"])
    with pytest.warns(DataExclusionWarning, match="before the customer's acquisition quarter"):
        cohort_retention(tx, acquisition=late)
    with pytest.raises(CRMDataError, match="period"):
        cohort_retention(tx, period="W")


def test_period_kpis_by_hand_with_a_one_period_window():
    table = period_kpis(_log(), active_window=1)
    assert [str(p) for p in table.index] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1"]
    # active = bought in the quarter.  Q1 a, b new.  Q2 a retained, c new, b lost.  Q3 a retained, b returned,
    # c lost.  Q4 c returned, a and b lost.  2025Q1 a returned, c lost.
    assert table["active"].tolist() == [2, 2, 2, 1, 1]
    assert table["new"].tolist() == [2, 1, 0, 0, 0]
    assert table["retained"].tolist() == [0, 1, 1, 0, 0]
    assert table["returned"].tolist() == [0, 0, 1, 1, 1]
    assert table["lost"].tolist() == [0, 1, 1, 2, 1]
    assert table["retention_rate"].tolist()[1:] == [0.5, 0.5, 0.0, 0.0] and np.isnan(table["retention_rate"].iloc[0])
    # repeat rate: buyers who bought in an earlier quarter: Q1 0/2, Q2 a of {a, c}, Q3 both, Q4 c, 2025Q1 a
    assert table["repeat_rate"].tolist() == [0.0, 0.5, 1.0, 1.0, 1.0]
    assert table["revenue"].tolist() == [30.0, 8.0, 7.0, 4.0, 6.0]  # the -3 return is excluded
    assert table["complete"].tolist() == [True] * 4 + [False]
    assert table["period_end"].iloc[-1] == pd.Timestamp("2025-02-01")
    assert table.attrs["active_window"] == 1 and table.attrs["unit"] == "quarters"


def test_period_kpis_two_quarter_window_and_identities():
    table = period_kpis(_log(), active_window=2)
    # active = a purchase in this quarter or the one before: Q1 {a, b}, Q2 {a, b, c}, Q3 {a, b, c}, Q4 {a, b, c},
    # 2025Q1 {a, c}: b's last purchase (Q3) is two quarters back, so b is lost in 2025Q1
    assert table["active"].tolist() == [2, 3, 3, 3, 2]
    assert table["lost"].tolist() == [0, 0, 0, 0, 1]
    assert table["retained"].tolist() == [0, 2, 3, 3, 2]
    for frame in (table, period_kpis(_log(), active_window=1), period_kpis(_log(), period="M")):
        assert (frame["active"] == frame["retained"] + frame["new"] + frame["returned"]).all()
        assert (frame["active"].shift(1, fill_value=0) == frame["retained"] + frame["lost"]).all()
    assert period_kpis(_log()).attrs["active_window"] == 4  # default: one year of quarters
    with pytest.raises(CRMDataError, match="active_window"):
        period_kpis(_log(), active_window=0)


def test_period_kpis_customer_equity_from_a_function_or_a_series():
    seen = []

    def value_at(as_of):
        seen.append(as_of)
        return pd.Series({"0a": float(as_of.month), "0b": 1.0})

    table = period_kpis(_log(), customer_value=value_at)
    # the function is called at each period end (the observation end for the last, cut quarter): month + 1
    assert [d.date().isoformat() for d in seen] == ["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31",
                                                    "2025-02-01"]
    assert table["customer_equity"].tolist() == [4.0, 7.0, 10.0, 13.0, 3.0]
    given = pd.Series([1.0, 2, 3, 4, 5], index=["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1"])
    assert period_kpis(_log(), customer_value=given)["customer_equity"].tolist() == [1, 2, 3, 4, 5]
    with pytest.raises(CRMDataError, match="2025Q1"):
        period_kpis(_log(), customer_value=given.iloc[:4])


def _bridge_log():
    return pd.DataFrame({"customer_id": ["007", "007", "008", "009"],
                         "date": ["2024-01-01", "2024-08-01", "2024-02-01", "2024-09-01"],
                         "amount": [10.0, 10, 10, 10]})


def test_equity_bridge_by_hand_adds_up_exactly():
    start = pd.Series({"007": 10.0, "008": 20.0})
    end = pd.Series({"007": 15.0, "008": 5.0, "009": 8.0})
    result = equity_bridge(_bridge_log(), start="2024-06-30", end="2024-12-31", values_start=start, values_end=end)
    b = result.bridge["amount"]
    # 007 bought again (retained), 008 did not (lost), 009 is new: E0 = 30, acquisition 8, retention 5 - 20 = -15,
    # activity 15 - 10 = 5, E1 = 28
    assert b.index.tolist() == BRIDGE_STEPS
    assert b.tolist() == [30.0, 8.0, -15.0, 5.0, 28.0]
    assert b["equity_start"] + b["acquisition"] + b["retention"] + b["activity"] == b["equity_end"]
    assert result.bridge["customers"].tolist() == [2, 1, 1, 1, 3]
    assert result.customers["group"].to_dict() == {"007": "retained", "008": "lost", "009": "new"}
    assert result.customers.loc["009", "value_start"] == 0.0
    with pytest.raises(CRMDataError, match=r"values_end has no value.*'009'"):
        equity_bridge(_bridge_log(), start="2024-06-30", end="2024-12-31", values_start=start,
                      values_end=end.drop("009"))
    with pytest.warns(DataExclusionWarning, match="1 of 3 customers of values_start"):
        equity_bridge(_bridge_log(), start="2024-06-30", end="2024-12-31", values_start=end, values_end=end)
    with pytest.raises(CRMDataError, match="both"):
        equity_bridge(_bridge_log(), start="2024-06-30", end="2024-12-31", values_start=start)
    with pytest.raises(CRMDataError, match="after start"):
        equity_bridge(_bridge_log(), start="2024-06-30", end="2024-06-30", values_start=start, values_end=end)


def test_plots_draw_the_tables_and_speak_chinese():
    retention = cohort_retention(_log())
    ax = plot_cohort_heatmap(retention)
    drawn = ax.images[0].get_array()
    assert np.ma.getdata(drawn)[0].tolist() == [100.0, 50.0, 100.0, 0.0, 50.0] and drawn.mask[1, 4]
    localize(ax, "zh", strict=True)
    plt.close(ax.figure)
    for period in ("M", "Y"):
        ax = plot_cohort_heatmap(cohort_retention(_log(), period=period))
        localize(ax, "zh", strict=True)
        plt.close(ax.figure)

    kpis = period_kpis(_log(), active_window=2)
    ax = plot_period_kpis(kpis)
    active = [line for line in ax.get_lines() if line.get_label().startswith("Active")][0]
    assert active.get_label() == "Active (bought in the last 2 quarters)"
    assert active.get_ydata().tolist() == kpis["active"].tolist()
    localize(ax, "zh", strict=True)
    plt.close(ax.figure)

    result = equity_bridge(_bridge_log(), start="2024-06-30", end="2024-12-31",
                           values_start=pd.Series({"007": 10.0, "008": 20.0}),
                           values_end=pd.Series({"007": 15.0, "008": 5.0, "009": 8.0}))
    for currency in (None, "CNY"):
        ax = plot_equity_bridge(result, currency=currency)
        bars = ax.patches
        assert [p.get_height() for p in bars] == [30.0, 8.0, -15.0, 5.0, 28.0]
        assert [p.get_y() for p in bars] == [0.0, 30.0, 38.0, 23.0, 0.0]  # each part starts where the last ended
        localize(ax, "zh", strict=True)
        plt.close(ax.figure)


# ---------------------------------------------------------------------- the models and the demo company
@pytest.fixture(scope="module")
def company():
    from crm_analysis.datasets import make_company

    return make_company(1000, random_state=5)


def test_customer_equity_uses_only_the_data_up_to_the_date_and_is_deterministic(company):
    tx = company.transactions
    as_of = "2024-12-31"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        values = customer_equity(tx, as_of)
        again = customer_equity(tx.loc[tx["date"] <= as_of].sample(frac=1.0, random_state=0), as_of)
    buyers = sorted(tx.loc[tx["date"] <= as_of, "customer_id"].unique())
    assert values.index.tolist() == buyers  # text ids, only customers who had bought by then
    assert (values >= 0).all() and values.attrs["horizon_months"] == 12
    pd.testing.assert_series_equal(values, again.reindex(values.index), check_exact=False, rtol=1e-9)
    with pytest.raises(CRMDataError, match="too little data"):
        customer_equity(tx, tx["date"].min())


def test_equity_bridge_with_the_models_adds_up_and_sees_the_leavers(company):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = equity_bridge(company.transactions, start="2024-12-31", end="2025-12-31", margin=company.margin)
    b = result.bridge["amount"]
    assert b["equity_start"] + b["acquisition"] + b["retention"] + b["activity"] == pytest.approx(
        b["equity_end"], rel=1e-12)
    assert b["acquisition"] > 0 and b["retention"] < 0
    churn = company.customers.set_index("customer_id")["churn_date"]
    left = churn.reindex(result.customers.index) <= pd.Timestamp("2024-12-31")
    group = result.customers["group"]
    # customers who closed the account before the start cannot buy after it: all lost
    assert left.sum() > 20 and (group[left] == "lost").all()


def test_cohort_retention_falls_with_age_and_kpis_count_every_customer_once(company):
    retention = cohort_retention(company.transactions, period="Q")
    by_age = retention.share.mean(axis=0)  # mean over the cohorts observed at that age
    assert by_age[0] == 1.0 and by_age[1] > by_age[4] > by_age[7]
    kpis = period_kpis(company.transactions)
    assert kpis["new"].sum() == company.transactions["customer_id"].nunique()
    assert kpis["lost"].iloc[4:].min() > 0  # the planted dropout: customers are lost every quarter after a year


def test_acquisition_from_a_store_shaped_table_or_a_series():
    customers = pd.DataFrame({"acquisition_date": pd.to_datetime(["2023-12-15", "2024-02-01", "2024-04-02"])},
                             index=pd.Index(["0a", "0b", "0c"], name="customer_id"))
    from_table = cohort_retention(_log(), acquisition=customers)  # the store's customers() is indexed by id
    from_series = cohort_retention(_log(), acquisition=customers["acquisition_date"])
    pd.testing.assert_frame_equal(from_table.share, from_series.share)
    assert [str(c) for c in from_table.share.index] == ["2023Q4", "2024Q1", "2024Q2"]
