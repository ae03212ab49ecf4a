"""One table of report labels in English and Chinese.

KPI names and other short texts that code cells print come from here, so a
report in ``lang="zh"`` shows Chinese labels without the notebook repeating
itself.  Narrative text lives in the notebooks' markdown cells, tagged per
language (see :mod:`crm_analysis.reports.render`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

LANGUAGES = ("en", "zh")

LABELS: dict[str, dict[str, str]] = {
    # provenance
    "provenance": {"en": "Provenance", "zh": "数据来源与运行信息"},
    "package": {"en": "Package", "zh": "软件包"},
    "parameters": {"en": "Parameters", "zh": "参数"},
    "interactive_parameters": {"en": "interactive session: the notebook's own parameter cell",
                               "zh": "交互运行：使用笔记本自身的参数单元"},
    "input_file": {"en": "Input file", "zh": "输入文件"},
    "no_input_files": {"en": "none (synthetic data only)", "zh": "无（仅使用模拟数据）"},
    "run_date": {"en": "Run date", "zh": "运行日期"},
    # customer value KPIs
    "customers": {"en": "Customers", "zh": "客户数"},
    "transactions": {"en": "Transactions", "zh": "交易笔数"},
    "revenue": {"en": "Revenue (USD)", "zh": "收入（美元）"},
    "repeat_buyers": {"en": "Repeat buyers", "zh": "重复购买客户"},
    "repeat_buyer_share": {"en": "Share of repeat buyers", "zh": "重复购买客户占比"},
    "mean_frequency": {"en": "Mean repeat purchases per customer", "zh": "人均重复购买次数"},
    "top20_share": {"en": "Revenue share of the top 20% of customers", "zh": "前20%客户的收入占比"},
    "gini": {"en": "Gini coefficient of revenue", "zh": "收入基尼系数"},
    "customer_equity": {"en": "Customer equity (USD)", "zh": "客户资产（美元）"},
    "mean_clv": {"en": "Mean customer lifetime value (USD)", "zh": "平均客户终身价值（美元）"},
    "customers_at_risk": {"en": "Valuable customers at risk", "zh": "高价值流失风险客户"},
    "value_at_risk": {"en": "Value at risk (USD)", "zh": "风险价值（美元）"},
    # churn KPIs
    "churn_rate": {"en": "Churn rate", "zh": "流失率"},
    "roc_auc": {"en": "ROC AUC", "zh": "ROC曲线下面积"},
    "top_decile_lift": {"en": "Top-decile lift", "zh": "前10%提升度"},
    "expected_saving": {"en": "Expected net saving of the campaign (USD)", "zh": "挽留活动预期净收益（美元）"},
    "contact_share": {"en": "Share of customers to contact", "zh": "建议联系的客户比例"},
    "model_quality": {"en": "Churn warning model", "zh": "流失预警模型"},
    "current_customers": {"en": "Current customers (can still be kept)", "zh": "现有客户（仍可挽留）"},
    "customers_to_contact": {"en": "Customers to contact", "zh": "建议联系的客户数"},
    "campaign_cost": {"en": "Campaign cost (USD)", "zh": "活动成本（美元）"},
    "saved_value": {"en": "Expected customer value kept (USD)", "zh": "预计保住的客户价值（美元）"},
    "baseline_accuracy": {"en": "Accuracy of \"nobody churns\"", "zh": "\"无人流失\"规则的准确率"},
    # satisfaction KPIs
    "satisfaction_index": {"en": "Satisfaction index (0-100)", "zh": "满意度指数（0-100）"},
    "loyalty_index": {"en": "Loyalty index (0-100)", "zh": "忠诚度指数（0-100）"},
    "respondents": {"en": "Respondents", "zh": "受访者"},
    "nps": {"en": "Net Promoter Score", "zh": "净推荐值（NPS）"},
    "stated_churn_rate": {"en": "Stated intention to leave", "zh": "表示将离开的比例"},
    "driver": {"en": "Driver", "zh": "驱动因素"},
    "importance": {"en": "Importance (total effect)", "zh": "重要性（总效应）"},
    "performance": {"en": "Performance (0-100)", "zh": "表现（0-100）"},
    "action": {"en": "Action", "zh": "行动建议"},
    "ipa_concentrate": {"en": "improve first", "zh": "优先改进"},
    "ipa_keep_up": {"en": "keep up", "zh": "继续保持"},
    "ipa_low_priority": {"en": "low priority", "zh": "低优先级"},
    "ipa_overkill": {"en": "possible overkill", "zh": "可能投入过度"},
    "satisfaction_level": {"en": "Satisfaction level", "zh": "满意度等级"},
    "confidence_interval": {"en": "Confidence interval", "zh": "置信区间"},
    "claim_c1_rate": {"en": "Textbook rate (claim C1)", "zh": "教材说法（C1）"},
    "construct_image": {"en": "image", "zh": "企业形象"},
    "construct_expectations": {"en": "expectations", "zh": "顾客期望"},
    "construct_quality": {"en": "perceived quality", "zh": "感知质量"},
    "construct_value": {"en": "perceived value", "zh": "感知价值"},
    "construct_satisfaction": {"en": "satisfaction", "zh": "顾客满意"},
    "construct_complaints": {"en": "complaints", "zh": "顾客抱怨"},
    "construct_loyalty": {"en": "loyalty", "zh": "顾客忠诚"},
    "kpi": {"en": "Indicator", "zh": "指标"},
    "value": {"en": "Value", "zh": "数值"},
}


def language_index(lang: str) -> int:
    """Position of ``lang`` in :data:`LANGUAGES` (0 English, 1 Chinese): the index into ``(en, zh)`` text pairs."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    return LANGUAGES.index(lang)


def label(key: str, lang: str = "en") -> str:
    """The label for ``key`` in ``lang`` (falls back to English, then to the key itself)."""
    language_index(lang)
    entry = LABELS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["en"]


def format_value(value) -> str:
    """Display form of a KPI: whole numbers with thousands separators, other numbers to 2 decimals."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, np.integer)) or (isinstance(value, float) and float(value).is_integer() and abs(value) >= 100):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        return f"{value:,.2f}"
    return str(value)


def kpi_table(values: dict, lang: str = "en") -> pd.DataFrame:
    """A KPI table (indicator -> formatted value) with labels in ``lang``; keys are label keys.

    Values are shown as given when they are strings (e.g. ``"40.1 %"``), otherwise formatted by
    :func:`format_value`.
    """
    return pd.DataFrame({label("kpi", lang): [label(k, lang) for k in values],
                         label("value", lang): [format_value(v) for v in values.values()]}).set_index(label("kpi", lang))
