"""Customer profit: hand-computed profit table, pyramid with bad customers, whale curve, quadrants, plots, recovery."""
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.present.catalogue import TEXT
from crm_analysis.present.figures import localize
from crm_analysis.value import (COST_QUADRANTS, customer_profit, plot_profit_pyramid, plot_revenue_cost_quadrants,
                                plot_whale_curve, profit_pyramid, revenue_cost_quadrants, whale_curve)
from crm_analysis.value.profit import COST_QUADRANT_ACTIONS, rank_tiers

# the exclusions are checked where they matter (pytest.warns records them whatever this filter says)
pytestmark = pytest.mark.filterwarnings("ignore::crm_analysis.exceptions.DataExclusionWarning")


def _tables():
    """Three buyers with zero-padded text ids, one order of two lines, a zero-amount order, a return, an idle customer."""
    tx = pd.DataFrame({
        "order_id": ["A1", "A1", "A2", "B1", "C1", "C2", "C3", "C4"],
        "customer_id": ["001", "001", "001", "002", "010", "010", "010", "010"],
        "date": ["2024-01-05", "2024-01-05", "2024-03-01", "2024-02-10", "2024-01-20", "2024-02-20", "2024-03-20",
                 "2024-03-21"],
        "amount": [60.0, 40.0, 50.0, 20.0, 500.0, 300.0, 0.0, -100.0],
    })
    customers = pd.DataFrame({"customer_id": ["001", "002", "010", "099"],
                              "cost_to_serve": [10.0, 2.0, 90.0, 5.0],
                              "acquisition_cost": [30.0, np.nan, 40.0, 8.0]})
    return tx, customers


def test_customer_profit_by_hand():
    tx, customers = _tables()
    before = tx.copy(), customers.copy()
    with pytest.warns(DataExclusionWarning) as caught:
        table = customer_profit(tx, customers, margin=0.4)
    messages = " ".join(str(w.message) for w in caught)
    assert "1 of 8 rows" in messages and "returns" in messages  # the -100 row
    assert "1 of 4 customers" in messages and "099" in messages  # no purchase: left out, said
    pd.testing.assert_frame_equal(tx, before[0])
    pd.testing.assert_frame_equal(customers, before[1])
    assert table.index.tolist() == ["001", "002", "010"] and table.index.name == "customer_id"
    # 001: orders A1 (two lines) and A2 = 2, revenue 150, margin 0.4 x 150 = 60, cost 2 x 10 = 20, profit 40
    # 002: 1 order, 20 -> margin 8, cost 2, profit 6
    # 010: C1, C2 and the zero-amount C3 = 3 orders (C4 is a return), revenue 800 -> 320 - 3 x 90 = 50
    assert table["orders"].tolist() == [2, 1, 3]
    assert table["revenue"].tolist() == [150.0, 20.0, 800.0]
    assert table["gross_margin"].tolist() == pytest.approx([60.0, 8.0, 320.0])
    assert table["cost_to_serve"].tolist() == pytest.approx([20.0, 2.0, 270.0])
    assert table["profit"].tolist() == pytest.approx([40.0, 6.0, 50.0])
    # acquisition: 40 - 30 = 10, unknown for 002, 50 - 40 = 10
    assert table["profit_after_acquisition"].tolist()[0] == pytest.approx(10.0)
    assert np.isnan(table.loc["002", "profit_after_acquisition"])
    assert table.attrs == {"window": (None, None), "margin": 0.4, "orders_from": "order_id"}


def test_rows_are_orders_without_an_order_id_and_the_window_cuts():
    tx, customers = _tables()
    tx = tx.drop(columns="order_id")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = customer_profit(tx, customers, margin=0.5, start="2024-02-01", end="2024-02-29")
    # in February: 002 buys 20 (1 order), 010 buys 300 (1 order); 001 bought only in January and March
    assert table.index.tolist() == ["002", "010"]
    assert table["profit"].tolist() == pytest.approx([0.5 * 20 - 2, 0.5 * 300 - 90])
    assert table.attrs["window"] == ("2024-02-01", "2024-02-29") and table.attrs["orders_from"] == "rows"
    assert any("outside the window" in str(w.message) for w in caught)
    with_all = customer_profit(tx, customers, margin=0.5, include_inactive=True)
    # 001 without order ids: 3 rows = 3 orders; 099 kept with zeros
    assert with_all.loc["001", "orders"] == 3 and with_all.loc["099", ["orders", "profit"]].tolist() == [0, 0.0]


def test_missing_cost_is_an_error_naming_customers_unless_excluded():
    tx, customers = _tables()
    customers.loc[2, "cost_to_serve"] = np.nan  # customer 010
    with pytest.raises(CRMDataError, match=r"'010'.*cost-to-serve-col"):
        customer_profit(tx, customers, margin=0.4)
    with pytest.warns(DataExclusionWarning) as caught:
        table = customer_profit(tx, customers, margin=0.4, missing_cost="exclude")
    messages = [str(w.message) for w in caught]
    assert any("1 of 3 buyers left out: no cost to serve" in m and "'010'" in m for m in messages)
    assert any("1 of 4 customers" in m and "'099'" in m for m in messages)  # 010 bought: not called idle
    assert "010" not in table.index
    unknown = customers.loc[customers["customer_id"] != "002"]
    with pytest.raises(CRMDataError, match=r"not in the customers table.*'002'"):
        customer_profit(tx, unknown, margin=0.4)
    with pytest.raises(CRMDataError, match="cost_to_serve"):
        customer_profit(tx, customers.drop(columns="cost_to_serve"), margin=0.4)
    with pytest.raises(CRMDataError, match="margin"):
        customer_profit(tx, customers, margin=35)
    with pytest.raises(CRMDataError, match="repeats"):
        customer_profit(tx, pd.concat([customers, customers.iloc[:1]]), margin=0.4)


def test_numeric_ids_match_text_ids_by_the_readers_rule():
    tx, customers = _tables()
    tx["customer_id"] = tx["customer_id"].astype(int)  # 1, 2, 10: not "001"
    with pytest.raises(CRMDataError, match="not in the customers table"):
        customer_profit(tx, customers, margin=0.4)
    customers["customer_id"] = [1, 2, 10, 99]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        assert customer_profit(tx, customers, margin=0.4).index.tolist() == ["1", "10", "2"]


def test_rank_tiers_and_profit_pyramid_by_hand():
    # ten values: key = the top ceil(0.2 x 10) = 2, ordinary up to ceil(0.5 x 10) = 5, the rest small
    tiers = rank_tiers(pd.Series([5.0, 40, 10, 1, 2, 3, 7, 8, 0, 9]))
    assert tiers.tolist() == ["small", "key", "key", "small", "small", "small", "ordinary", "ordinary", "small",
                              "ordinary"]
    profit = pd.Series([50.0, 30, 10, 5, 3, 2, 0, -4, -6, -20], index=[f"{i:03d}" for i in range(10)])
    tiers, table = profit_pyramid(profit)
    # 7 not bad: key ceil(1.4) = 2 (50 + 30 = 80), ordinary up to ceil(3.5) = 4 (10 + 5 = 15), small 3 (3 + 2 + 0),
    # bad 3 (-30); net total 70: shares 80/70, 15/70, 5/70, -30/70
    assert tiers.tolist() == ["key"] * 2 + ["ordinary"] * 2 + ["small"] * 3 + ["bad"] * 3
    assert tiers.index.equals(profit.index)
    assert table["customers"].tolist() == [2, 2, 3, 3]
    assert table["profit"].tolist() == pytest.approx([80, 15, 5, -30])
    assert table["profit_share"].tolist() == pytest.approx([80 / 70, 15 / 70, 5 / 70, -30 / 70])
    assert table["mean_profit"].tolist() == pytest.approx([40, 7.5, 5 / 3, -10])
    assert table["customer_share"].sum() == pytest.approx(1.0)
    with pytest.raises(CRMDataError, match="key_share"):
        profit_pyramid(profit, key_share=0.8, ordinary_share=0.3)


def test_profit_pyramid_reads_the_profit_column():
    tx, customers = _tables()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        table = customer_profit(tx, customers, margin=0.4)
    tiers, _ = profit_pyramid(table)
    # profits 40, 6, 50: key = ceil(0.6) = 1 (010), ordinary up to ceil(1.5) = 2 (001)
    assert tiers.to_dict() == {"001": "ordinary", "002": "small", "010": "key"}


def test_whale_curve_by_hand():
    curve = whale_curve(pd.Series([2.0, -1, 6, 3], index=["b", "d", "a", "c"]))
    # sorted 6, 3, 2, -1; total 10: 0, 0.6, 0.9, 1.1, 1.0
    assert curve["profit_share"].tolist() == pytest.approx([0, 0.6, 0.9, 1.1, 1.0])
    assert curve["customer_share"].tolist() == pytest.approx([0, 0.25, 0.5, 0.75, 1])
    assert curve["customer_id"].tolist() == [None, "a", "c", "b", "d"]
    assert curve.attrs["peak_profit_share"] == pytest.approx(1.1)
    assert curve.attrs["peak_customer_share"] == pytest.approx(0.75)
    with pytest.raises(CRMDataError, match="net total profit"):
        whale_curve(pd.Series([1.0, -3.0]))


def test_revenue_cost_quadrants_by_hand():
    profit = pd.DataFrame({"revenue": [1000.0, 900, 100, 50], "cost_per_order": [80.0, 5, 60, 2],
                           "profit": [-50.0, 300, -20, 10]}, index=["a", "b", "c", "d"])
    result = revenue_cost_quadrants(profit)
    # medians: revenue (900 + 100) / 2 = 500, cost (60 + 5) / 2 = 32.5
    assert (result.revenue_split, result.cost_split) == (500.0, 32.5)
    assert result.segments.tolist() == COST_QUADRANTS  # a high-high, b high-low, c low-high, d low-low
    assert result.table["unprofitable"].tolist() == [1, 0, 1, 0]
    assert result.table["revenue_share"].tolist() == pytest.approx([1000 / 2050, 900 / 2050, 100 / 2050, 50 / 2050])
    assert result.table["profit_share"].tolist() == pytest.approx([-50 / 240, 300 / 240, -20 / 240, 10 / 240])
    explicit = revenue_cost_quadrants(profit, revenue_split=950, cost_split=1)
    assert explicit.segments.tolist() == ["high revenue, high cost"] + ["low revenue, high cost"] * 3
    with pytest.raises(CRMDataError, match="cost_per_order"):
        revenue_cost_quadrants(profit.drop(columns="cost_per_order"))


def test_catalogue_holds_the_engines_quadrant_names_and_actions():
    english = {entry["en"] for entry in TEXT.values()}
    assert set(COST_QUADRANTS) <= english and set(COST_QUADRANT_ACTIONS.values()) <= english


def test_plots_draw_the_tables_and_speak_chinese():
    profit = pd.DataFrame({"revenue": [1000.0, 900, 100, 50, 400], "cost_per_order": [80.0, 5, 60, 2, 10],
                           "profit": [-50.0, 300, -20, 10, 60]}, index=["a", "b", "c", "d", "e"])
    ax = plot_profit_pyramid(profit)
    table = profit_pyramid(profit).table
    bars = [p.get_width() for p in ax.patches]
    # first the customer bars (key .. bad), then the profit bars: 100 x share
    assert bars[:4] == pytest.approx(100 * table["customer_share"].to_numpy())
    assert bars[4:] == pytest.approx(100 * table["profit_share"].to_numpy())
    localize(ax, "zh", strict=True)
    plt.close(ax.figure)

    ax = plot_whale_curve(profit)
    line = ax.get_lines()[0]
    assert line.get_ydata() == pytest.approx(100 * whale_curve(profit)["profit_share"].to_numpy())
    localize(ax, "zh", strict=True)
    plt.close(ax.figure)

    for currency in (None, "CNY"):
        ax = plot_revenue_cost_quadrants(profit, currency=currency)
        assert "high revenue, high cost: 1 customers, 1 unprofitable" in ax.get_legend_handles_labels()[1]
        localize(ax, "zh", strict=True)
        plt.close(ax.figure)


# ---------------------------------------------------------------------- recovery on the demo company
@pytest.fixture(scope="module")
def company():
    from crm_analysis.datasets import make_company

    return make_company(1500, random_state=11)


def test_planted_costly_big_customers_are_bad_and_high_revenue_high_cost(company):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        profit = customer_profit(company.transactions, company.customers, margin=company.margin)
    costly = company.truth.latent["costly"].reindex(profit.index).astype(bool)
    assert costly.sum() >= 30
    tiers, table = profit_pyramid(profit)
    # planted: cost per order 1.2-2x the margin of an average order, so nearly every one loses money
    assert (tiers[costly] == "bad").mean() >= 0.9
    assert (tiers[~costly] == "bad").mean() <= 0.1
    assert table.loc["key", "profit_share"] > table.loc["key", "customer_share"]
    segments = revenue_cost_quadrants(profit).segments
    assert (segments[costly] == "high revenue, high cost").mean() >= 0.75
    # the bad customers destroy profit: the whale curve peaks above 100 %
    assert whale_curve(profit).attrs["peak_profit_share"] > 1.05


def test_store_shaped_tables_transaction_ids_and_an_indexed_customer_table():
    tx, customers = _tables()
    tx = tx.rename(columns={"order_id": "transaction_id"})  # the store's name for the order id
    tx.loc[1, "transaction_id"] = None  # a line without an id is an order of its own
    table = customer_profit(tx, customers.set_index("customer_id"), margin=0.4)
    # 001: A1, the id-less line and A2 = 3 orders: 0.4 x 150 - 3 x 10 = 30
    assert table.loc["001", "orders"] == 3 and table.loc["001", "profit"] == pytest.approx(30.0)
    assert table.attrs["orders_from"] == "transaction_id"


def test_pyramid_plot_of_a_loss_making_base_shows_customers_only():
    profit = pd.Series([5.0, -20.0, 1.0])  # net total -14: no share of profit to draw
    with pytest.warns(UserWarning, match="net total"):
        profit_pyramid(profit)
    ax = plot_profit_pyramid(profit)
    assert len(ax.patches) == 4  # the four customer bars
    assert "Share of profit" not in ax.get_legend_handles_labels()[1]
    plt.close(ax.figure)
