"""Report tables of the customer-value notebooks: hand-computed cases and the BG/NBD alive identity."""
import warnings

import matplotlib.axes
import numpy as np
import pandas as pd
import pytest
from scipy import special

from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.value import BetaGeoModel, customer_pyramid, frequency_spend_quadrants, top_share
from crm_analysis.value.report_tables import (action_table, alive_vs_holdout, format_table, at_risk_table, clv_if_alive, customer_share_for_value,
                                              customer_totals, pareto_table, pareto_verdict,
                                              plot_count_value_shares, segment_summary, tier_table,
                                              valuable_at_risk, value_findings, value_kpis)

VALUES = pd.Series([50.0, 30, 10, 5, 3, 2], index=list("abcdef"))


# ---------------------------------------------------------------------- customer_totals
def _log():
    return pd.DataFrame({"customer_id": [1, 1, 1, 2, 2, 3],
                         "date": ["2024-01-01", "2024-01-01", "2024-02-01", "2024-01-05", "2024-03-10", "2024-01-07"],
                         "amount": [10.0, 5.0, 30.0, 8.0, 12.0, 0.0]})


def test_customer_totals_by_hand_and_input_unchanged():
    log = _log()
    before = log.copy()
    totals = customer_totals(log)
    pd.testing.assert_frame_equal(log, before)
    # customer 1: two purchase days (the two Jan-1 rows count once), 45 USD
    assert totals.loc[1].tolist() == pytest.approx([2, 45.0, 22.5])
    assert totals.loc[2].tolist() == pytest.approx([2, 20.0, 10.0])
    assert totals.loc[3].tolist() == pytest.approx([1, 0.0, 0.0])
    assert totals.index.name == "customer_id"


def test_customer_totals_excludes_late_purchases_with_a_warning():
    with pytest.warns(DataExclusionWarning, match="1 of 6 rows"):
        totals = customer_totals(_log(), observation_end="2024-03-01")
    assert totals.loc[2].tolist() == pytest.approx([1, 8.0, 8.0])


def test_customer_totals_bad_input():
    with pytest.raises(CRMDataError, match="amount"):
        customer_totals(_log().drop(columns="amount"))


# ---------------------------------------------------------------------- concentration readings
def test_pareto_table_by_hand_and_agrees_with_top_share():
    table = pareto_table(VALUES, shares=[0.25, 0.5])
    # 0.25 * 6 = 1.5 customers: 50 + 30 / 2 = 65 of 100; top 3 of 6: 90 of 100
    assert table["value_share"].tolist() == pytest.approx([0.65, 0.9])
    assert table.index.tolist() == ["top 25%", "top 50%"]
    values = np.random.default_rng(3).gamma(0.6, 40, 500)
    for share in (0.05, 0.2, 0.37):
        expected = top_share(values, share, n_boot=1, random_state=0)["value_share"]
        assert pareto_table(values, [share])["value_share"].iloc[0] == pytest.approx(expected)


def test_customer_share_for_value_by_hand_and_inverts_pareto_table():
    assert customer_share_for_value(VALUES, 0.8) == pytest.approx(2 / 6)
    assert customer_share_for_value(VALUES, 0.65) == pytest.approx(1.5 / 6)  # half of the second customer
    assert customer_share_for_value(VALUES, 1.0) == pytest.approx(1.0)
    values = np.random.default_rng(4).exponential(1.0, 300)
    for target in (0.3, 0.5, 0.8):
        share = customer_share_for_value(values, target)
        assert pareto_table(values, [share])["value_share"].iloc[0] == pytest.approx(target)


def test_concentration_readings_reject_negative_values():
    with pytest.raises(CRMDataError, match="non-negative"):
        pareto_table([5, -1, 3])
    with pytest.raises(CRMDataError, match="value_share"):
        customer_share_for_value(VALUES, 0)


@pytest.mark.parametrize("low, high, en, zh", [
    (0.65, 0.70, "less than the 20%/80% rule", "集中程度不及"),
    (0.75, 0.85, "consistent with the 20%/80% rule", "一致"),
    (0.82, 0.90, "even more concentrated", "还要集中"),
])
def test_pareto_verdict_three_cases(low, high, en, zh):
    result = pd.Series({"share": 0.2, "value_share": (low + high) / 2, "ci_lower": low, "ci_upper": high})
    text = pareto_verdict(result)
    assert en in text and f"{low:.0%} to {high:.0%}" in text and "of revenue" in text
    text_zh = pareto_verdict(result, lang="zh")
    assert zh in text_zh and "收入" in text_zh and f"{(low + high) / 2:.0%}" in text_zh
    assert "profit" in pareto_verdict(result, what="profit")


def test_pareto_verdict_bad_input():
    with pytest.raises(CRMDataError, match="top_share"):
        pareto_verdict(pd.Series({"share": 0.2}))
    with pytest.raises(ValueError, match="lang"):
        pareto_verdict(top_share(VALUES, n_boot=5, random_state=0), lang="fr")


# ---------------------------------------------------------------------- count vs value
def test_segment_summary_by_hand():
    groups = pd.Series(pd.Categorical(["A", "A", "B", "B", "B", "C"], categories=["A", "B", "C", "D"]),
                       index=list("abcdef"), name="segment")
    table = segment_summary(groups, VALUES)
    assert table.index.tolist() == ["A", "B", "C", "D"]
    assert table["customers"].tolist() == [2, 3, 1, 0]
    assert table["value"].tolist() == pytest.approx([80, 18, 2, 0])
    assert table["customer_share"].tolist() == pytest.approx([2 / 6, 0.5, 1 / 6, 0])
    assert table["value_share"].tolist() == pytest.approx([0.8, 0.18, 0.02, 0])
    assert table["mean_value"].iloc[:3].tolist() == pytest.approx([40, 6, 2])
    with pytest.raises(CRMDataError, match="no entry"):
        segment_summary(groups.iloc[:3], VALUES)


def test_plot_count_value_shares():
    table = customer_pyramid(VALUES).table
    ax = plot_count_value_shares(table)
    assert isinstance(ax, matplotlib.axes.Axes)
    assert ax.get_title() and "%" in ax.get_xlabel() and ax.get_ylabel()
    assert len(ax.patches) == 2 * len(table)


# ---------------------------------------------------------------------- valuable customers at risk
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


def test_at_risk_table_rounds_and_translates():
    at_risk = valuable_at_risk(_warning_list(), valuable_share=1.0)
    summary = pd.DataFrame({"frequency": [5, 1, 7, 0, 3], "recency": [10.0, 2, 5.2, 0, 30],
                            "T": [40.0, 40, 60, 40, 50]}, index=[11, 12, 13, 14, 15])
    with pytest.raises(CRMDataError, match='time_unit="W"'):  # a hand-made summary: the unit is not guessed
        at_risk_table(at_risk, summary, top=2)
    summary.attrs["time_unit"] = "W"  # as rfm_summary(..., time_unit="W") records it
    table = at_risk_table(at_risk, summary, top=2)
    assert table.index.tolist() == [13, 15]
    assert table.loc[13].tolist() == [7, 55, 40, 300, 180]  # 60 - 5.2 = 54.8 weeks -> 55
    assert table.index.name == "Customer" and "Weeks since last purchase" in table.columns
    zh = at_risk_table(at_risk, summary, top=2, lang="zh")
    assert "风险价值（美元）" in zh.columns and zh.index.name == "客户" and "距上次购买（周）" in zh.columns
    in_days = summary * [1, 7, 7]
    in_days.attrs = {"time_unit": "D"}
    assert at_risk_table(at_risk, in_days, top=2).loc[13, "Days since last purchase"] == 384  # 54.8 weeks
    with pytest.raises(CRMDataError, match="no row"):
        at_risk_table(at_risk, summary.drop(index=13))


def test_alive_vs_holdout_by_hand():
    p_alive = pd.Series([0.05, 0.1, 0.5, 0.9, 1.0, 0.95], index=list("abcdef"))
    holdout = pd.Series([0, 1, 0, 2, 0, 3], index=list("abcdef"))
    table = alive_vs_holdout(p_alive, holdout, bins=(0, 0.2, 0.8, 1.0))
    assert table.index.tolist() == ["0%-20%", "20%-80%", "80%-100%"]
    assert table["customers"].tolist() == [2, 1, 3]
    assert table["bought_again"].tolist() == pytest.approx([0.5, 0.0, 2 / 3])
    assert table["mean_purchases"].tolist() == pytest.approx([0.5, 0.0, 5 / 3])
    assert table["mean_p_alive"].tolist() == pytest.approx([0.075, 0.5, 2.85 / 3])


# ---------------------------------------------------------------------- management tables and text
def test_tier_table_by_hand():
    values = pd.Series([50.0, 30, 10, 5, 3, 2], index=list("abcdef"))
    pyramid = customer_pyramid(values)  # key: a, b; ordinary: c, d; small: e, f; no bad customers
    clv = pd.Series([5.0, 4, 3, 2, 1, 0.4], index=list("abcdef"))
    table = tier_table(pyramid, clv, horizon=6)
    assert table.index.tolist() == ["Key", "Ordinary", "Small"]
    assert table["Customers"].tolist() == [2, 2, 2]
    assert table["% of customers"].tolist() == [33, 33, 33]
    assert table["Revenue (USD)"].tolist() == [80, 15, 5]
    assert table["% of revenue"].tolist() == [80, 15, 5]
    assert table["Expected value, next 6 months (USD)"].tolist() == [9, 5, 1]
    assert table["Suggested action"].iloc[0].startswith("Concentrate")
    zh = tier_table(pyramid, lang="zh")
    assert zh.index.tolist() == ["关键客户", "普通客户", "小客户"]
    assert "建议措施" in zh.columns and len(zh.columns) == 5


def _management_inputs():
    revenue = pd.Series([50.0, 30, 10, 5, 3, 2], index=list("abcdef"))
    clv = pd.Series([40.0, 30, 20, 5, 4, 1], index=list("abcdef"))
    pareto = pd.Series({"share": 0.2, "value_share": 0.6667, "ci_lower": 0.5, "ci_upper": 0.9})
    at_risk = pd.DataFrame({"p_churn": [0.75, 0.6], "value": [160.0, 50.0], "value_at_risk": [120.0, 30.0]},
                           index=["a", "c"])
    return revenue, clv, pareto, at_risk


def test_value_kpis_by_hand():
    revenue, clv, pareto, at_risk = _management_inputs()
    kpis = value_kpis(revenue, clv, pareto, at_risk)
    assert kpis == {"customers": 6, "revenue": 100, "customer_equity": 100, "top20_share": "67%",
                    "customers_at_risk": 2, "value_at_risk": 150}
    with pytest.raises(CRMDataError, match="top-20%"):
        value_kpis(revenue, clv, pareto.replace(0.2, 0.1), at_risk)


def test_value_findings_numbers_come_from_the_inputs():
    revenue, clv, pareto, at_risk = _management_inputs()
    pyramid = customer_pyramid(revenue)
    text = value_findings(pareto, pyramid, clv, at_risk, horizon=12, discount_rate=0.1)
    lines = text.split("\n")
    assert len(lines) == 4 and all(line.startswith("- ") for line in lines)
    assert "consistent with the 20%/80% rule" in lines[0]
    assert "2 customers (33% of all) bring 80% of revenue" in lines[1]
    assert "small customers (33% of all) bring 5%" in lines[1]
    # equity 100; the top customer (40) and 1/3 of the second (10 of 30) make 50: 1.333 / 6 = 22.2 %
    assert "USD 100 over the next 12 months" in lines[2] and "top 22.2% of customers" in lines[2]
    assert "2 of the top 20%" in lines[3] and "USD 210" in lines[3] and "USD 150" in lines[3]
    zh = value_findings(pareto, pyramid, clv, at_risk, lang="zh")
    assert "客户资产" in zh and "210 美元" in zh and "150 美元" in zh and "22.2%" in zh


def test_value_findings_do_not_warn():
    revenue, clv, pareto, at_risk = _management_inputs()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value_findings(pareto, customer_pyramid(revenue), clv, at_risk)


def test_action_table_translates_pyramid_and_quadrants():
    pyramid = customer_pyramid(VALUES)
    en = action_table(pyramid.table)
    assert en.index.tolist() == ["key", "ordinary", "small", "bad"]
    assert en["Customers"].tolist() == [2, 2, 2, 0]
    assert en["Suggested action"].iloc[0].startswith("Concentrate resources")
    summary = pd.DataFrame({"frequency": [1, 5, 1, 5], "monetary_value": [10.0, 10, 50, 50]})
    zh = action_table(frequency_spend_quadrants(summary, frequency_split=2, spend_split=20).table, lang="zh")
    assert zh.index.tolist() == ["知己", "蝴蝶", "藤壶", "过客"]
    assert zh["客户数"].tolist() == [1, 1, 1, 1] and zh["建议措施"].iloc[0].startswith("奖励并保留")
    with pytest.raises(CRMDataError, match="no suggested action"):
        action_table(pd.DataFrame({"customers": [1]}, index=["Champions"]))


def test_format_table_by_hand_and_input_unchanged():
    table = pd.DataFrame({"n": [1234567, 12], "x": [1234.567, np.nan], "s": ["a", "b"], "flag": [True, False]},
                         index=pd.Index(["r1", "r2"], name="row"))
    before = table.copy()
    out = format_table(table, decimals=1)
    assert out["n"].tolist() == ["1,234,567", "12"]
    assert out["x"].tolist() == ["1,234.6", ""]
    assert out["s"].tolist() == ["a", "b"] and out["flag"].tolist() == [True, False]
    assert out.index.name == "row"
    pd.testing.assert_frame_equal(table, before)
