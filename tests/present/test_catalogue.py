"""The en/zh catalogue: lookups, fields, figure translation, completeness."""
import pytest

from crm_analysis.present import catalogue
from crm_analysis.present.catalogue import TEXT, text, translate, untranslated_words


def test_text_fills_fields_and_unknown_keys_fail_loudly():
    assert text("revenue", "en", currency="EUR") == "Revenue (EUR)"
    assert text("revenue", "zh", currency="欧元") == "收入（欧元）"
    with pytest.raises(KeyError, match="no catalogue entry"):
        text("no such key")
    with pytest.raises(ValueError, match="lang"):
        text("revenue", "fr")


def test_translate_matches_english_templates_and_currency_fields():
    assert translate("Revenue (EUR)", "zh") == "收入（欧元）"
    assert translate("Revenue (CNY)", "zh") == "收入（元）"
    assert translate("Customers", "zh") == "客户数"
    assert translate("BG/NBD", "zh") == "BG/NBD"          # kept terms stay
    assert translate("0.25", "zh") == "0.25"              # numbers stay
    assert translate("No such words", "zh") is None
    assert translate("No such words", "en") == "No such words"


def test_untranslated_words_ignores_kept_terms():
    assert untranslated_words("客户 BG/NBD P(alive) 的 RFM") == []
    assert untranslated_words("收入 Revenue") == ["Revenue"]


def test_every_entry_has_chinese():
    missing = sorted(key for key, entry in TEXT.items() if entry.get("zh") is None)
    assert missing == []


def test_every_entry_uses_the_same_fields_in_both_languages():
    import string

    def fields(template):
        return {f for _, f, _, _ in string.Formatter().parse(template) if f}

    different = [key for key, entry in TEXT.items() if fields(entry["en"]) != fields(entry.get("zh", entry["en"]))]
    assert different == []


def test_repeated_keys_across_modules_are_refused(monkeypatch):
    import types
    import sys

    fake = types.ModuleType("crm_analysis.present.catalogue.teach")
    fake.TEXT = {"revenue": {"en": "x", "zh": "x"}}
    monkeypatch.setitem(sys.modules, "crm_analysis.present.catalogue.teach", fake)
    with pytest.raises(RuntimeError, match="defined twice"):
        catalogue._load()


def test_the_template_with_most_fixed_text_wins(monkeypatch):
    from crm_analysis.present import catalogue as cat

    monkeypatch.setitem(cat.TEXT, "zz_broad", {"en": "{name} {n}", "zh": "{name}{n}"})
    monkeypatch.setitem(cat.TEXT, "zz_gini", {"en": "Gini = {value_with_a_long_field_name}",
                                             "zh": "基尼系数 = {value_with_a_long_field_name}"})
    cat._patterns.cache_clear()
    try:
        assert cat.translate("Gini = 0.63", "zh") == "基尼系数 = 0.63"
    finally:
        cat._patterns.cache_clear()


def test_mathtext_ticks_need_no_translation():
    assert translate("$\\mathdefault{10^{0}}$", "zh") == "$\\mathdefault{10^{0}}$"
    assert untranslated_words("$\\mathdefault{10^{-1}}$") == []
