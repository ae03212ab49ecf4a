"""Pages of the customer-value reports: hand-computed texts and tables, and notebook 30 on a foreign EUR database."""
import csv
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crm_analysis.datasets import make_transactions
from crm_analysis.present import ReportContext, localize
from crm_analysis.present.catalogue import text
from crm_analysis.present.value import (action_list, contact_table, exclusions_text, margin_sentence, pareto_verdict,
                                        published_check, report_margin, tier_table)
from crm_analysis.value import customer_pyramid, plot_count_value_shares, plot_customer_pyramid, plot_lorenz_curve
from crm_analysis.value.concentration import PYRAMID_ACTIONS, QUADRANT_ACTIONS, RFM_SEGMENT_RULES


def test_catalogue_keeps_the_engines_english_names_and_actions():
    for group, action in {**PYRAMID_ACTIONS, **QUADRANT_ACTIONS}.items():
        assert text(f"value_action_{group}", "en") == action
    for segment in RFM_SEGMENT_RULES["segment"]:
        assert text(f"value_segment_{segment}", "en") == segment


def test_margin_from_the_parameter_the_database_or_revenue():
    assert report_margin(0.0, {"margin": 0.35}) == (0.35, "database")
    assert report_margin(0.0, {"margin": None}) == (1.0, "revenue")
    assert report_margin(0.25, {"margin": 0.35}) == (0.25, "parameter")
    assert "35%" in margin_sentence(0.35, "database") and "database" in margin_sentence(0.35, "database")
    assert "利润率 35%" in margin_sentence(0.35, "database", "zh")
    assert "revenue" in margin_sentence(1.0, "revenue")
    with pytest.raises(ValueError, match="margin"):
        report_margin(1.5, {})


@pytest.mark.parametrize("low, high, en, zh", [
    (0.65, 0.70, "clearly less than the 20%/80% rule", "明显不及"),
    (0.75, 0.85, "within the noise", "随机误差范围之内"),
    (0.82, 0.90, "even more concentrated", "还要集中"),
])
def test_pareto_verdict_three_cases(low, high, en, zh):
    result = pd.Series({"share": 0.2, "value_share": (low + high) / 2, "ci_lower": low, "ci_upper": high})
    said = pareto_verdict(result)
    assert en in said and f"{low:.0%} to {high:.0%}" in said and "of revenue" in said
    said_zh = pareto_verdict(result, lang="zh")
    assert zh in said_zh and "收入" in said_zh and f"{(low + high) / 2:.0%}" in said_zh


def test_exclusions_sentence_counts_and_reasons():
    said = exclusions_text({"returns": 2, "after_report_date": 0, "customers_without_purchases": 1,
                            "zero_value_repeat": 0}, "2024-03-31")
    assert said == ("Left out of this report: 2 transaction rows (returns or refunds: negative amounts are not "
                    "revenue); 1 customer (no purchase up to the report date).")
    assert "没有排除" in exclusions_text(dict.fromkeys(["returns"], 0), "2024-03-31", "zh")


def _context(code="EUR"):
    return ReportContext(name="Teehaus Lindner", currency=__import__("crm_analysis.present", fromlist=["currency"])
                         .currency(code))


def test_tier_table_by_hand_in_euros():
    values = pd.Series([50.0, 30, 10, 5, 3, 2], index=list("abcdef"))
    pyramid = customer_pyramid(values)  # key: a, b; ordinary: c, d; small: e, f
    clv = pd.Series([5.0, 4, 3, 2, 1, 0.4], index=list("abcdef"))
    table = tier_table(pyramid, clv, horizon=6, context=_context())
    assert table.index.tolist() == ["key", "ordinary", "small"]
    assert table["Customers"].tolist() == ["2", "2", "2"]
    assert table["% of customers"].tolist() == ["33%", "33%", "33%"]
    assert table["Revenue (EUR)"].tolist() == ["€80", "€15", "€5"]
    assert table["Expected value, next 6 months (EUR)"].tolist() == ["€9", "€5", "€1"]
    zh = tier_table(pyramid, lang="zh", context=_context())
    assert zh.index.tolist() == ["关键客户", "普通客户", "小客户"] and "收入（欧元）" in zh.columns


def _lists():
    frame = pd.DataFrame({"p_churn": [0.6, 0.97], "value": [300.0, 200.0]}, index=["007", "12"])
    frame["value_at_risk"] = frame["p_churn"] * frame["value"]
    summary = pd.DataFrame({"frequency": [7, 3], "recency": [5.2, 10.0], "T": [60.0, 50.0]}, index=["007", "12"])
    summary.attrs["time_unit"] = "W"
    return frame.loc[["007"]], frame.loc[["12"]], summary


def test_action_lists_by_hand_with_text_ids():
    retention, win_back, summary = _lists()
    kept = action_list(retention, summary, "retention", _context())
    assert kept.iloc[0].tolist()[:7] == ["007", "retention", 7, 55, 0.4, 300.0, 180.0]  # 60 - 5.2 = 54.8 -> 55
    assert "40.0% chance still active" in kept.iloc[0, 7]
    gone = action_list(win_back, summary, "win_back", _context(), "zh")
    assert gone.iloc[0].tolist()[:4] == ["12", "赢回", 3, 40] and "很可能已流失" in gone.iloc[0, 7]
    shown = contact_table(retention, summary, "retention", _context(), top=5)
    assert shown.loc["007"].tolist()[:5] == ["7", "55", "40.0%", "€300", "€180"]


def test_published_check_not_applicable_off_the_demo():
    said = published_check("rfm", pd.DataFrame({"frequency": [1]}), {"demo": None, "name": "Teehaus"})
    assert "not applicable: this database is not the CDNOW demo" in said.data.replace(", this", ": this") or \
        "not applicable, this database is not the CDNOW demo" in said.data
    other = published_check("rfm", pd.DataFrame({"frequency": [1]}), {"demo": "cdnow"}, observation_end="1997-09-30")
    assert "1/10 CDNOW sample" in other.data
    summary = pd.DataFrame({"frequency": [2] + [1] * 945 + [0] * 1411, "recency": 30.43, "T": 38.86},
                           index=[str(i) for i in range(1, 2358)])
    table = published_check("rfm", summary, {"demo": "cdnow_sample"}, observation_end="1997-09-30", time_unit="W")
    assert table["Agrees"].tolist() == ["yes"] * 5 and table.loc["customers", "This run"] == "2,357"


def test_value_figures_are_chinese_in_zh():
    values = pd.Series(np.random.default_rng(0).gamma(0.7, 50, 200))
    fig, axes = plt.subplots(1, 3)
    plot_lorenz_curve(values, currency="EUR", ax=axes[0])
    plot_customer_pyramid(values, ax=axes[1])
    plot_count_value_shares(customer_pyramid(values).table, ax=axes[2])
    localize(fig, "zh", strict=True)
    assert axes[0].get_ylabel() == "累计价值（欧元，占总额 %）" and axes[2].get_title() == "各客户群的人数与收入对比"
    plt.close(fig)


# ---------------------------------------------------------------------- notebook 30 on a foreign database
@pytest.fixture(scope="module")
def tea_shop(tmp_path_factory):
    from crm_analysis.store import CustomerStore

    path = tmp_path_factory.mktemp("tea") / "teehaus.duckdb"
    # 60 customers over a year: small enough that the two runs are mostly kernel start-up, large enough that both
    # lists hold customers (1 retention, 1 win-back with these seeds) and the models fit without an edge note
    tx = make_transactions(60, start="2023-01-01", duration_weeks=52, random_state=3)
    tx["customer_id"] = [f"T-{i:05d}" for i in tx["customer_id"]]
    tx = tx.drop(columns="quantity")
    tx.loc[len(tx)] = {"customer_id": "T-99999", "date": pd.Timestamp("2023-03-01"), "amount": -5.0}  # a return only
    with CustomerStore.create(path, name="Teehaus Lindner", currency="EUR", margin=0.4) as db:
        db.add_transactions(tx)
    return path


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_30_on_a_foreign_euro_database(tea_shop, tmp_path, lang):
    from crm_analysis.reports import run_report

    from crm_analysis.reports.checks import page_problems

    page = run_report("30_mgmt_customer_value", parameters={"store": str(tea_shop), "n_boot": 20, "top_n": 5},
                      output_dir=tmp_path, lang=lang).read_text(encoding="utf-8")
    assert page_problems(page, lang) == []
    assert "Teehaus Lindner" in page and "€" in page
    assert "CDNOW" not in page and "USD" not in page and "$" not in page.split("<body")[1].split("crm-analysis")[0]
    assert ("margin 40% recorded in the database" if lang == "en" else "数据库中记录的利润率 40%") in page
    assert ("1 customer (no purchase up to the report date)" if lang == "en" else "1位客户（截至报告日没有购买）") in page
    assert "30_mgmt_customer_value_retention.csv" in page and "30_mgmt_customer_value_win_back.csv" in page
    for kind, label in (("retention", ("retention", "挽留")), ("win_back", ("win-back", "赢回"))):
        with open(tmp_path / f"30_mgmt_customer_value_{kind}.csv", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
        assert rows[0][0] == text("value_col_customer", lang) and len(rows) > 1
        assert all(r[0].startswith("T-") and r[1] == label[lang == "zh"] for r in rows[1:])
    shown = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)  # the text a reader sees (fonts aside)
    assert "Warning" not in shown and "dtype:" not in shown and ">NaN<" not in shown


# ---------------------------------------------------------------------- tables and sentences of the teaching pages
def test_page_table_formats_every_cell_and_explains_the_dash():
    from crm_analysis.present.value import page_table

    frame = pd.DataFrame({"n": [3.0, 4.0], "amount": [12.5, None], "x": [0.123, 2.0],
                          "date": pd.to_datetime(["2024-01-02", "2024-01-03"])}, index=["a", "b"])
    shown = page_table(frame, _context(), money=["amount"])
    assert shown.table.values.tolist() == [["3", "€12.50", "0.12", "2024-01-02"], ["4", "–", "2.00", "2024-01-03"]]
    assert shown.note == "– means not available." and "– means not available." in shown._repr_html_()
    assert page_table(frame.fillna(1.0), _context(), money=["amount"]).note == ""
    with_time = page_table(pd.DataFrame({"date": pd.to_datetime(["2024-01-02 13:45:10", "2024-01-03 00:00:00"])}))
    assert with_time.table["date"].tolist() == ["2024-01-02 13:45", "2024-01-03 00:00"]
    # a Series: each row on its own (a count stays a whole number next to decimals)
    metrics = page_table(pd.Series({"customers": 150.0, "rmse": 1.34097, "share": 0.55}, name="m"), decimals=3,
                         percents=["share"])
    assert metrics.table["m"].tolist() == ["150", "1.341", "55.0%"]
    estimates = page_table(pd.DataFrame({"estimate": [1.380987e-08, 276504.36, 0.37936]}), significant=["estimate"])
    assert estimates.table["estimate"].tolist() == ["1.381e-08", "2.765e+05", "0.3794"]
    with pytest.raises(ValueError, match="context"):
        page_table(frame, money=["amount"])


def test_group_table_empty_tier_shows_a_dash_and_says_why():
    from crm_analysis.present.value import group_table

    pyramid = customer_pyramid(pd.Series([50.0, 30, 10, 5, 3, 2], index=list("abcdef")))
    shown = group_table(pyramid.table, _context(), "en", drop=["action"])
    assert shown.table.loc["bad"].tolist() == ["0", "0.0%", "€0.00", "0.0%", "–"]
    assert shown.table.loc["key", "mean_value"] == "€40.00" and shown.table.loc["key", "customer_share"] == "33.3%"
    assert shown.note == "– : no customer in this group, so there is nothing to average."
    zh = group_table(pyramid.table, _context(), "zh", drop=["action"])
    assert zh.table.index.tolist()[-1] == "劣质客户" and zh.note == "–：该组没有客户，因此没有平均值。"


def test_describe_table_counts_as_integers_and_money_in_the_currency():
    from crm_analysis.present.value import describe_table

    shown = describe_table(pd.DataFrame({"frequency": [0, 1, 2, 5], "monetary_value": [0.0, 10, 20, 30]}),
                           _context(), money=["monetary_value"]).table
    assert shown.loc["frequency"].tolist() == ["4", "2.00", "2.16", "0.00", "0.75", "1.50", "2.75", "5.00"]
    assert shown.loc["monetary_value", "mean"] == "€15.00" and shown.loc["monetary_value", "count"] == "4"
    assert describe_table(pd.Series([1.0, 3.0], name="clv"), lang="zh").table.columns[:2].tolist() == ["数量", "均值"]


def test_teaching_sentences_by_hand():
    from crm_analysis.present.value import discount_sentence, spend_sentence, store_check, window_exclusions
    from crm_analysis.store import ImportResult

    tx = pd.DataFrame({"customer_id": ["a", "a", "b", "c"], "amount": [10.0, -4.0, 5.0, 7.0],
                       "date": pd.to_datetime(["2024-01-01", "2024-01-03", "2024-02-10", "2024-01-02"])})
    said = window_exclusions(tx, "2024-01-31").data
    assert said == ("Left out of this report: 1 transaction row (returns or refunds: negative amounts are not "
                    "revenue); 1 transaction row (dated after the end of the observation window 2024-01-31); "
                    "1 customer (no purchase up to the end of the observation window).")
    assert "2024-01-31" in window_exclusions(tx, "2024-01-31", window=False).data
    # (1 + 10%)^(1/12) - 1 = 0.797%
    assert discount_sentence(0.10).data == "An annual discount rate of 10.0% is a monthly rate of 0.797%."

    class Spend:
        frequency_spend_correlation_ = 0.45

        def population_mean_spend(self):
            return 35.256

    assert "€35.26" in spend_sentence(Spend(), _context()).data and "above 0.3" in spend_sentence(Spend(), _context()).data
    summary = pd.DataFrame({"frequency": [1, 0], "recency": [2.0, 0.0]}, index=[1, 2])
    again = ImportResult(table="transactions", source="a DataFrame", rows_read=4, added=0, already_imported=True)
    assert store_check(again, summary.set_axis(["1", "2"]), summary).data == (
        "Importing the same 4 rows a second time added nothing: the database already holds them. "
        "The SQL summary and the pandas summary agree for all 2 customers.")
    assert "differ" in store_check(again, summary.set_axis(["1", "2"]) + 1, summary).data


def test_the_spend_correlation_warning_reads_as_a_sentence_in_both_languages():
    from crm_analysis.present.value import notes_text

    message = ("frequency and monetary_value are correlated among repeat buyers (Pearson r = 0.412); the "
               "Gamma-Gamma model assumes spend is independent of purchase frequency, so its spend predictions "
               "may be biased")
    for lang in ("en", "zh"):
        said = notes_text([message], lang)
        assert "Pearson" not in said and "monetary_value" not in said, said
    assert "correlated" in notes_text([message], "en")


def test_a_boundary_fit_reads_as_a_sentence():
    from crm_analysis.present.value import notes_text

    message = ("BetaGeoModel: the drop-out parameters ran to the boundary a, b -> 0 (a = 1e-05, b = 2e-05): ...")
    assert "limit of the model" in notes_text([message], "en") and "边界" in notes_text([message], "zh")
