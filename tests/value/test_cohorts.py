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
    # 2023Q4 {a}: the log starts on 2024-01-10, so 2023Q4 is not observed (NaN, not "nobody bought"); then Q1, Q2,
    # Q3, not Q4, 2025Q1
    assert np.isnan(result.share.iloc[0, 0]) and result.share.iloc[0].tolist()[1:] == [1.0, 1.0, 1.0, 0.0, 1.0]
    assert result.share.attrs["n_before_data"] == 1 and result.share.attrs["data_start"] == "2024-01-10"
    # told that the data cover 2023Q4 (the business started then): a bought nothing in it
    covered = cohort_retention(tx, acquisition=customers, data_start="2023-10-01")
    assert covered.share.iloc[0].tolist() == [0.0, 1.0, 1.0, 1.0, 0.0, 1.0]
    with pytest.raises(CRMDataError, match="data_start"):
        cohort_retention(tx, acquisition=customers, data_start="2024-02-01")
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
    assert "New (first purchase)" in ax.get_legend_handles_labels()[1]
    localize(ax, "zh", strict=True)
    plt.close(ax.figure)
    # with the customer table's acquisition dates, new means acquired in the period: the legend says so
    acquired = pd.DataFrame({"customer_id": sorted(_log()["customer_id"].unique())})
    acquired["acquisition_date"] = pd.Timestamp("2024-01-01")
    ax = plot_period_kpis(period_kpis(_log(), active_window=2, customers=acquired))
    assert "New (acquired)" in ax.get_legend_handles_labels()[1]
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


# ---------------------------------------------------------------------- the customer table: closed accounts, data start
def _closing_table():
    """b closed on 2024-10-15 (2024Q4), c on 2025-01-20 (2025Q1), a open (blank churn_date); store-shaped (index)."""
    return pd.DataFrame({"churn": [0, 1, 1], "churn_date": [pd.NaT, "2024-10-15", "2025-01-20"]},
                        index=pd.Index(["0a", "0b", "0c"], name="customer_id"))


def test_period_kpis_closed_accounts_are_not_active_and_lost_when_they_close():
    customers = _closing_table()
    before = customers.copy()
    table = period_kpis(_log(), active_window=2, customers=customers)
    pd.testing.assert_frame_equal(customers, before)
    # window of 2 quarters: Q1 {a, b}, Q2 {a, b, c}, Q3 {a, b, c}; Q4: b bought in Q3 (still in the window) but its
    # account closed on 2024-10-15, so Q4 {a, c} and b is lost (closed); 2025Q1 (to 2025-02-01): c bought in Q4 but
    # closed on 2025-01-20: {a}, c lost (closed).  Without the table b is lost only in 2025Q1 and c never.
    assert table["active"].tolist() == [2, 3, 3, 2, 1]
    assert table["lost"].tolist() == [0, 0, 0, 1, 1]
    assert table["closed"].tolist() == [0, 0, 0, 1, 1]
    assert table["retained"].tolist() == [0, 2, 3, 2, 1]
    assert (table["active"].shift(1, fill_value=0) == table["retained"] + table["lost"]).all()
    assert table.attrs["n_closed"] == 2 and table["history_complete"].all()
    plain = period_kpis(_log(), active_window=2)
    assert plain["active"].tolist() == [2, 3, 3, 3, 2] and plain["lost"].tolist() == [0, 0, 0, 0, 1]
    assert plain["closed"].tolist() == [0] * 5
    # churn_date is the last day as a customer: closing on the period's last day already counts in that period
    on_the_day = customers.assign(churn_date=[pd.NaT, "2024-12-31", "2025-01-20"])
    assert period_kpis(_log(), active_window=2, customers=on_the_day)["active"].tolist() == [2, 3, 3, 2, 1]
    # churn == 1 without a date: closed by the data end, so b and c are not active in the last period only ({a})
    undated = customers.assign(churn_date=[pd.NaT, pd.NaT, pd.NaT])
    table = period_kpis(_log(), active_window=2, customers=undated, observation_end="2025-03-31")
    assert table["active"].tolist() == [2, 3, 3, 3, 1] and table.attrs["n_closed_undated"] == 2
    with pytest.raises(CRMDataError, match="churn"):
        period_kpis(_log(), customers=customers.assign(churn=[0, 2, 1]))


def test_period_kpis_data_starting_after_acquisitions():
    # a was acquired in 2023 (before the log's first purchase, 2024-01-10), d in 2024Q2 without ever buying
    customers = pd.DataFrame({"customer_id": ["0a", "0b", "0c", "0d"],
                              "acquisition_date": ["2023-06-01", "2024-02-01", "2024-04-02", "2024-05-15"]})
    table = period_kpis(_log(), active_window=2, customers=customers)
    # new from the acquisition dates: Q1 b (a was acquired before the data), Q2 c and d, then nobody
    assert table["new"].tolist() == [1, 2, 0, 0, 0]
    # a's purchases before 2024 are not in the log: the look-back of Q1 and Q2 (the two quarters before) starts
    # before the data, so retained, lost, returned and the repeat rate are not known there; active in Q1 looks
    # back to 2023Q4, not in the data either; active in Q2 (Q1-Q2) is {a, b, c}
    assert table["history_complete"].tolist() == [False, False, True, True, True]
    assert np.isnan(table["active"].iloc[0]) and table["active"].iloc[1] == 3
    for column in ("retained", "lost", "returned", "retention_rate", "repeat_rate"):
        assert table[column].iloc[:2].isna().all(), column
    # Q3: active {a, b, c} all retained; repeat rate: a and b both bought before; 2025Q1: b lost (window)
    assert table["retained"].tolist()[2:] == [3, 3, 2] and table["lost"].tolist()[2:] == [0, 0, 1]
    assert table["repeat_rate"].iloc[2] == 1.0
    assert table.attrs["acquired_before_data"] == 1 and table.attrs["n_history_incomplete"] == 2
    # everybody acquired inside the log: the log is the whole history, nothing is unknown
    inside = customers.assign(acquisition_date=["2024-01-10", "2024-02-01", "2024-04-02", "2024-05-15"])
    table = period_kpis(_log(), active_window=2, customers=inside)
    assert table["history_complete"].all() and table["new"].tolist() == [2, 2, 0, 0, 0]
    assert table["repeat_rate"].iloc[0] == 0.0 and table.attrs["acquired_before_data"] == 0


def _bridge_log_with_a_closure():
    # 010 bought on 2024-03-01 and closed on 2024-05-01, before the bridge starts
    return pd.concat([_bridge_log(), pd.DataFrame({"customer_id": ["010"], "date": ["2024-03-01"],
                                                   "amount": [10.0]})], ignore_index=True)


def test_equity_bridge_closed_accounts_are_lost_and_worth_nothing():
    customers = pd.DataFrame({"customer_id": ["007", "008", "009", "010"], "churn": [1, 0, 0, 1],
                              "churn_date": ["2024-11-30", None, None, "2024-05-01"]})
    start = pd.Series({"007": 10.0, "008": 20.0, "010": 4.0})
    end = pd.Series({"007": 15.0, "008": 5.0, "009": 8.0, "010": 1.0})
    result = equity_bridge(_bridge_log_with_a_closure(), start="2024-06-30", end="2024-12-31", values_start=start,
                           values_end=end, customers=customers)
    # 010 closed before the start: not in the bridge.  007 bought again on 2024-08-01 but closed on 2024-11-30:
    # lost, worth 0 at the end.  E0 = 10 + 20 = 30, acquisition 8 (009), retention (0 - 10) + (5 - 20) = -25,
    # activity 0 (nobody retained), E1 = 0 + 5 + 8 = 13 = 30 + 8 - 25 + 0
    assert result.customers["group"].to_dict() == {"007": "lost", "008": "lost", "009": "new"}
    assert result.bridge["amount"].tolist() == [30.0, 8.0, -25.0, 0.0, 13.0]
    # at the end 008 and 009 hold an account (007 closed: in the bridge, worth 0, not a customer of the end)
    assert result.bridge["customers"].tolist() == [2, 1, 2, 0, 2]
    assert result.bridge.attrs["closed"] == 1 and result.bridge.attrs["closed_before_start"] == 1
    assert result.bridge.attrs["closed_lost"] == 1 and result.bridge.attrs["closed_new"] == 0
    plain = equity_bridge(_bridge_log(), start="2024-06-30", end="2024-12-31", values_start=start.drop("010"),
                          values_end=end.drop("010"))
    assert plain.customers.loc["007", "group"] == "retained"  # the purchases alone: as before


def test_customer_equity_closed_accounts_are_worth_nothing(company):
    tx, customers = company.transactions, company.customers
    as_of = pd.Timestamp("2024-12-31")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plain = customer_equity(tx, as_of)
        valued = customer_equity(tx, as_of, customers=customers.set_index("customer_id"))
    closed = customers.loc[(customers["churn"] == 1) & (customers["churn_date"] <= as_of), "customer_id"]
    shut = plain.index.isin(closed)
    assert shut.sum() > 20 and valued.attrs["n_closed"] == shut.sum()
    assert (valued[shut] == 0).all() and (plain[shut] > 0).all()   # the models alone value closed accounts
    assert valued[~shut].to_dict() == plain[~shut].to_dict()


def test_period_kpis_on_the_demo_company_agree_with_the_customer_table(company):
    tx, customers = company.transactions, company.customers
    table = period_kpis(tx, customers=customers)
    end = pd.Timestamp(table.attrs["observation_end"])
    # active at the end = open accounts (churn 0, or closing after the end) with a purchase in the last 4 quarters
    window_start = (pd.Period(end, freq="Q") - 3).start_time
    buyers = set(tx.loc[(tx["date"] >= window_start) & (tx["date"] <= end), "customer_id"])
    open_ = set(customers.loc[~((customers["churn"] == 1) & (customers["churn_date"] <= end)), "customer_id"])
    assert table["active"].iloc[-1] == len(buyers & open_) < len(buyers)
    # each closing is one loss (or happens to a customer already lost by the window): closed <= lost, and over the
    # whole log the closings counted are most of the closed accounts
    assert (table["closed"] <= table["lost"]).all()
    assert table["closed"].sum() > 0.8 * table.attrs["n_closed"]
    assert table["lost"].sum() > period_kpis(tx)["lost"].sum()
