"""Report labels: one table, two languages, readable KPI values."""
import pytest

from crm_analysis.reports.labels import LABELS, format_value, kpi_table, label


def test_every_label_has_both_languages():
    assert all(set(entry) == {"en", "zh"} and all(entry.values()) for entry in LABELS.values())


def test_label_lookup_and_fallback():
    assert label("customers", "zh") == "客户数"
    assert label("not_a_key") == "not_a_key"
    with pytest.raises(ValueError, match="lang"):
        label("customers", "fr")


def test_kpi_table_formats_values():
    table = kpi_table({"customers": 2357, "revenue": 244091.94, "repeat_buyer_share": "40.1 %"}, "en")
    assert table.iloc[:, 0].tolist() == ["2,357", "244,091.94", "40.1 %"]
    assert table.index.tolist() == ["Customers", "Revenue (USD)", "Share of repeat buyers"]
    assert format_value(0.4013) == "0.40" and format_value(1200.0) == "1,200"
