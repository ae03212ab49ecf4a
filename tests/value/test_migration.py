"""Tier migration: hand-counted tiers, matrix and summary; messy input; the plot; recovery on the demo company."""
import warnings

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.present.figures import localize
from crm_analysis.value import plot_tier_migration, tier_migration
from crm_analysis.value.migration import MIGRATION_FROM, MIGRATION_TO, MOVEMENTS

pytestmark = pytest.mark.filterwarnings("ignore::crm_analysis.exceptions.DataExclusionWarning")

FIRST, SECOND = ("2024-01-01", "2024-06-30"), ("2024-07-01", "2024-12-31")


def _log():
    """First window: 001 100, 002 50, 003 10, 004 5.  Second: 001 20, 003 200, 005 30.  006 bought in 2023 and again."""
    return pd.DataFrame({
        "customer_id": ["001", "002", "003", "004", "001", "003", "005", "006", "006", "003"],
        "date": ["2024-01-05", "2024-02-01", "2024-03-01", "2024-06-30", "2024-07-01", "2024-08-01", "2024-12-31",
                 "2023-05-01", "2024-09-09", "2024-08-02"],
        "amount": [100.0, 50, 10, 5, 20, 150, 30, 99, 1, 50],
    })


def test_migration_by_hand():
    tx = _log()
    before = tx.copy()
    result = tier_migration(tx, first=FIRST, second=SECOND)
    pd.testing.assert_frame_equal(tx, before)
    c = result.customers
    # first window: 4 buyers -> key = ceil(0.8) = 1 (001), ordinary up to ceil(2.0) = 2 (002), small 003, 004
    assert c["first_tier"].to_dict() == {"001": "key", "002": "ordinary", "003": "small", "004": "small",
                                         "005": "none", "006": "none"}
    # second window: 003 200 (150 + 50), 005 30, 001 20, 006 1: key ceil(0.8) = 1 (003), ordinary up to 2 (005)
    assert c["second_tier"].to_dict() == {"001": "small", "002": "none", "003": "key", "004": "none",
                                          "005": "ordinary", "006": "small"}
    assert c["movement"].to_dict() == {"001": "downgraded", "002": "lost", "003": "upgraded", "004": "lost",
                                       "005": "new", "006": "new"}
    assert c.loc["006", "bought_before_first"] and not c.loc["005", "bought_before_first"]
    m = result.matrix
    assert m.index.tolist() == MIGRATION_FROM and m.columns.tolist() == MIGRATION_TO
    assert m.loc["key", "small"] == 1 and m.loc["small", "key"] == 1 and m.loc["small", "lost"] == 1
    assert m.loc["ordinary", "lost"] == 1 and m.loc["new", "ordinary"] == 1 and m.loc["new", "small"] == 1
    assert m.to_numpy().sum() == 6 and m.loc["new", "lost"] == 0
    s = result.summary
    assert s.index.tolist() == MOVEMENTS and s["customers"].tolist() == [1, 0, 1, 2, 2]
    # lost carried 50 + 5 in the first window; new bring 30 + 1; upgraded 10 -> 200; downgraded 100 -> 20
    assert s.loc["lost", ["first_revenue", "second_revenue"]].tolist() == [55.0, 0.0]
    assert s.loc["new", "second_revenue"] == 31.0 and s.loc["upgraded", "change"] == 190.0
    assert s.loc["downgraded", "change"] == -80.0
    assert s.attrs["first"] == FIRST and s.attrs["value"] == "revenue"


def test_orders_rank_and_zero_amounts_count_as_purchases_returns_do_not():
    tx = pd.concat([_log(), pd.DataFrame({"customer_id": ["004", "004", "002"], "amount": [0.0, 0.0, -50.0],
                                          "date": ["2024-01-02", "2024-01-03", "2024-02-02"]})],
                   ignore_index=True)
    with pytest.warns(DataExclusionWarning, match="returns"):
        result = tier_migration(tx, first=FIRST, second=SECOND, value="orders")
    # first window orders (rows): 004 has 3 (5 + two zero-amount orders), the others 1: 004 is the key customer
    assert result.customers.loc["004", "first_tier"] == "key"
    assert result.customers.loc["004", "first_revenue"] == 5.0  # zero amounts add nothing
    assert result.customers.loc["002", "first_revenue"] == 50.0  # the return is not netted


def test_bad_windows_are_refused():
    tx = _log()
    with pytest.raises(CRMDataError, match="end before the second starts"):
        tier_migration(tx, first=("2024-01-01", "2024-07-31"), second=SECOND)
    with pytest.raises(CRMDataError, match="pair"):
        tier_migration(tx, first="2024", second=SECOND)
    with pytest.raises(CRMDataError, match="value"):
        tier_migration(tx, first=FIRST, second=SECOND, value="profit")
    with pytest.raises(CRMDataError, match="no purchase"):
        tier_migration(tx, first=("2020-01-01", "2020-12-31"), second=("2021-01-01", "2021-12-31"))


def test_plot_shows_the_counts_and_speaks_chinese():
    result = tier_migration(_log(), first=FIRST, second=SECOND)
    ax = plot_tier_migration(result)
    cells = [int(t.get_text()) for t in ax.texts]
    assert cells == result.matrix.to_numpy().ravel().tolist()
    assert "2024-01-01 to 2024-06-30" in ax.get_ylabel()
    localize(ax, "zh", strict=True)
    plt.close(ax.figure)


@pytest.fixture(scope="module")
def company():
    from crm_analysis.datasets import make_company

    return make_company(1000, random_state=5)


def test_leavers_are_lost_and_late_acquisitions_new_on_the_demo_company(company):
    first, second = ("2024-01-01", "2024-12-31"), ("2025-01-01", "2025-12-31")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        result = tier_migration(company.transactions, first=first, second=second)
    c = result.customers
    info = company.customers.set_index("customer_id")
    closed = info["churn_date"].reindex(c.index) < pd.Timestamp(second[0])
    # a customer who closed the account before the second window cannot buy in it
    assert closed.sum() > 20 and (c.loc[closed, "movement"] == "lost").all()
    acquired_late = info["acquisition_date"].reindex(c.index) >= pd.Timestamp(second[0])
    assert acquired_late.sum() > 20 and (c.loc[acquired_late, "movement"] == "new").all()
    assert not c.loc[acquired_late, "bought_before_first"].any()
    assert result.summary["customers"].sum() == len(c)
