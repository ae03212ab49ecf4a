"""Valuable customers at risk: value if alive, the retention list (still active) and the win-back list (gone)."""
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import special

from crm_analysis.datasets import make_transactions
from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.value import BetaGeoModel, clv_if_alive, valuable_at_risk, valuable_probably_gone
from crm_analysis.value.customer_base import analyse_customer_base, count_exclusions


def test_clv_if_alive_is_the_alive_conditional_bgnbd_expectation():
    # FHL (2005) parameters; customer x=2, t_x=30.43, T=38.86 expects 1.226 purchases in 39 weeks
    model = BetaGeoModel()
    model.params_ = pd.Series({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    r, alpha, a, b = 0.243, 4.414, 0.793, 2.426
    customer = pd.DataFrame({"frequency": [2], "recency": [30.43], "T": [38.86]}, index=["c1"])
    expected = model.predict(customer, 39.0)
    assert expected.iloc[0] == pytest.approx(1.226, abs=1e-3)
    x, T, t = 2, 38.86, 39.0
    if_alive = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x)
                                            * special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t)))
    result = clv_if_alive(expected, model.probability_alive(customer))
    assert result.iloc[0] == pytest.approx(if_alive, rel=1e-10)
    assert result.name == "clv_if_alive"


def test_clv_if_alive_bad_input():
    assert clv_if_alive(pd.Series([10.0, 0.0]), pd.Series([0.5, 1.0])).tolist() == [20.0, 0.0]
    with pytest.raises(CRMDataError, match=r"\(0, 1\]"):
        clv_if_alive(pd.Series([10.0]), pd.Series([0.0]))
    with pytest.raises(CRMDataError, match="no value"):
        clv_if_alive(pd.Series([1.0], index=["x"]), pd.Series([0.5], index=["y"]))


def _warning_list():
    # what early_warning_list returns: value_at_risk = p_churn * value, sorted descending
    frame = pd.DataFrame({"p_churn": [0.9, 0.2, 0.6, 0.95, 0.7], "value": [100.0, 400.0, 300.0, 10.0, 200.0]},
                         index=[11, 12, 13, 14, 15])
    frame["value_at_risk"] = frame["p_churn"] * frame["value"]
    frame = frame.sort_values("value_at_risk", ascending=False)
    frame.insert(0, "rank", np.arange(1, 6))
    return frame


def test_valuable_at_risk_by_hand():
    warning = _warning_list()
    before = warning.copy()
    # top 40% by value: 400 (12) and 300 (13) (quantile 0.6 of [10,100,200,300,400] = 240); P(alive) < 0.5
    # drops 12 (P(alive) 0.8)
    out = valuable_at_risk(warning, valuable_share=0.4, max_p_alive=0.5)
    assert out.index.tolist() == [13]
    assert out["rank"].tolist() == [1]
    out = valuable_at_risk(warning, valuable_share=1.0, max_p_alive=0.5)
    assert out.index.tolist() == [13, 15, 11, 14]  # by value at risk 180, 140, 90, 9.5
    assert out["rank"].tolist() == [1, 2, 3, 4]
    pd.testing.assert_frame_equal(warning, before)
    with pytest.raises(CRMDataError, match="valuable_share"):
        valuable_at_risk(warning, valuable_share=0)


def test_retention_and_win_back_split_by_hand():
    warning = _warning_list()  # P(alive) = 1 - p_churn: 11: 0.1, 12: 0.8, 13: 0.4, 14: 0.05, 15: 0.3
    retention = valuable_at_risk(warning, valuable_share=1.0, max_p_alive=0.5, min_p_alive=0.2)
    win_back = valuable_probably_gone(warning, valuable_share=1.0, min_p_alive=0.2)
    # still active, at risk: 0.2 <= P(alive) < 0.5 -> 13 (0.4, at risk 180), 15 (0.3, 140)
    assert retention.index.tolist() == [13, 15] and retention["rank"].tolist() == [1, 2]
    # probably gone: P(alive) < 0.2 -> 11 (0.1, 90), 14 (0.05, 9.5)
    assert win_back.index.tolist() == [11, 14] and win_back["rank"].tolist() == [1, 2]
    assert not set(retention.index) & set(win_back.index)
    assert (1 - retention["p_churn"]).min() >= 0.2  # nobody almost surely gone is a retention target
    # valuable: top 40% by value (>= 240): only 12 (400) and 13 (300); 12 is safe (0.8), 13 is at risk
    assert valuable_at_risk(warning, valuable_share=0.4, min_p_alive=0.2).index.tolist() == [13]
    assert valuable_probably_gone(warning, valuable_share=0.4, min_p_alive=0.2).empty
    with pytest.raises(CRMDataError, match="min_p_alive"):
        valuable_at_risk(warning, max_p_alive=0.3, min_p_alive=0.3)
    with pytest.raises(CRMDataError, match="min_p_alive"):
        valuable_probably_gone(warning, min_p_alive=0)


def _messy_log():
    return pd.DataFrame({
        "customer_id": ["a", "a", "a", "b", "b", "c", "d", "d", "e", "e", "f"],
        "date": ["2024-01-01", "2024-01-20", "2024-02-15", "2024-01-05", "2024-03-01", "2024-01-10",
                 "2024-01-02", "2024-01-30", "2024-04-02", "2024-04-05", "2024-01-15"],
        "amount": [10.0, 20.0, 30.0, 8.0, -8.0, 12.0, 5.0, 0.0, 9.0, 9.0, -3.0]})


def test_count_exclusions_by_hand_matches_the_warnings():
    log = _messy_log()
    counts = count_exclusions(log, "2024-03-31")
    # returns: b's -8 and f's -3; after the report date: e's two rows; without purchases: e (late) and f (return)
    assert counts == {"returns": 2, "after_report_date": 2, "customers_without_purchases": 2}
    with pytest.warns(DataExclusionWarning) as caught:
        from crm_analysis.value import rfm_summary

        summary = rfm_summary(log, amount_col="amount", observation_end="2024-03-31")
    messages = " ".join(str(w.message) for w in caught)
    assert "2 of 11 rows" in messages and "2 of 9 rows" in messages
    assert len(set(log["customer_id"])) - len(summary) == counts["customers_without_purchases"]


def test_analyse_customer_base_counts_exclusions_and_raises_no_warning():
    log = make_transactions(300, start="2023-01-01", duration_weeks=52, random_state=7)
    first = log["customer_id"].iloc[0]
    log.loc[len(log)] = {**log.iloc[0].to_dict(), "amount": -15.0}  # a return
    log.loc[len(log)] = {**log.iloc[0].to_dict(), "customer_id": 99999, "date": pd.Timestamp("2024-06-01")}  # late
    n = log.loc[log["customer_id"] != 99999, "customer_id"].nunique()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        base = analyse_customer_base(log, observation_end="2023-12-31", margin=0.5)
    assert not base.notes
    assert base.exclusions["returns"] == 1 and base.exclusions["after_report_date"] == 1
    assert base.exclusions["customers_without_purchases"] == 1 and 99999 not in base.totals.index
    assert len(base.totals) == len(base.summary) == len(base.clv) == n and first in base.totals.index
    assert base.report_date == pd.Timestamp("2023-12-31")
    # the warning list's value is the value if alive, its value at risk (1 - P(alive)) times it
    w = base.warning.loc[base.summary.index]
    assert np.allclose(w["value"], base.clv / base.p_alive)
    assert np.allclose(w["value_at_risk"], (1 - base.p_alive) * base.clv / base.p_alive)
    # margin 0.5 halves the CLV of margin 1
    full = analyse_customer_base(log, observation_end="2023-12-31", margin=1.0)
    assert np.allclose(base.clv, 0.5 * full.clv)
