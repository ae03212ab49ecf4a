"""Money, counts, shares and page tables: hand-checked display forms."""
import numpy as np
import pandas as pd
import pytest

from crm_analysis.present import count, currency, display_table, money, percent


def test_money_carries_the_currency_sign_per_language():
    assert money(1234.5, "EUR") == "€1,234.50"
    assert money(1234.5, "cny") == "CN¥1,234.50"      # English pages keep the yuan apart from the yen
    assert money(1234.5, "CNY", "zh") == "¥1,234.50"
    assert money(1234.4, "JPY") == "JP¥1,234"          # no minor unit
    assert money(-12, "USD") == "-$12.00"
    assert money(-0.001, "USD") == "$0.00"             # no "-$0.00"
    assert money(1234567.8, "USD", digits=0) == "$1,234,568"
    assert money(5, "XYZ") == "XYZ 5.00"
    assert money(np.nan, "USD") == "–"


def test_currency_words_for_headings():
    assert currency("EUR").unit("en") == "EUR" and currency("EUR").unit("zh") == "欧元"
    assert currency("CNY").unit("zh") == "元"
    with pytest.raises(ValueError):
        currency("")


def test_counts_and_shares():
    assert count(2357.0) == "2,357" and count(np.int64(7)) == "7" and count(None) == "–"
    assert percent(0.4012) == "40.1%" and percent(1 / 3, 0) == "33%"


def test_display_table_integers_money_and_missing():
    frame = pd.DataFrame({"n": [2357.0, 12.0], "x": [1.5, np.nan], "m": [10, 20.5], "s": [0.25, 0.5],
                          "t": ["a", None]}, index=pd.Index(["k", "o"], name="tier"))
    before = frame.copy()
    shown = display_table(frame, "zh", money_columns=["m"], currency_code="CNY", percents=["s"])
    pd.testing.assert_frame_equal(frame, before)  # the caller's table is not touched
    assert shown.loc["k"].tolist() == ["2,357", "1.50", "¥10.00", "25.0%", "a"]
    assert shown.loc["o"].tolist() == ["12", "–", "¥20.50", "50.0%", "–"]
    assert shown.index.name == "tier"
    with pytest.raises(ValueError, match="currency_code"):
        display_table(frame, money_columns=["m"])


def test_title_block_names_business_period_currency_and_flags_synthetic_data():
    import pandas as pd

    from crm_analysis.present import ReportContext, currency, title_block

    shop = ReportContext("Teehaus Lindner", currency("EUR"), pd.Timestamp("2024-01-02"), pd.Timestamp("2024-06-30"))
    shown = title_block(shop, "en").data
    assert "Teehaus Lindner · 2024-01-02 to 2024-06-30 · amounts in EUR (€)" in shown and "crm-notice" not in shown
    assert "金额单位：EUR (€)" in title_block(shop, "zh").data
    hotel = ReportContext("Hotel Seeblick", currency("CHF"))
    assert "Hotel Seeblick · amounts in CHF<" in title_block(hotel, "en").data   # no period, code once
    fake = ReportContext("Survey", currency("EUR"), synthetic=True)
    assert "Synthetic data" in title_block(fake, "en").data and "模拟数据" in title_block(fake, "zh").data
    demo = ReportContext("CDNOW music store (demo data)", currency("USD"), demo="cdnow")
    assert "CDNOW 音乐零售商（演示数据）" in title_block(demo, "zh").data and "Demo data" in title_block(demo, "en").data


def test_exclusion_sentence_counts_and_number_agreement():
    from crm_analysis.present import exclusion_sentence

    items = [(1, "repeat buyers", "repeat purchases worth 0"), (12, "customers", "no churn label"), (0, "rows", "x")]
    assert exclusion_sentence(items) == ("Left out of this report: 1 repeat buyer (repeat purchases worth 0); "
                                         "12 customers (no churn label).")
    assert exclusion_sentence([(1, "位客户", "没有流失标签")], "zh") == "本报告未计入：1位客户（没有流失标签）。"
    assert exclusion_sentence([(0, "customers", "x")], none_what="customer") == (
        "Nothing was left out: every customer in the database is counted.")
