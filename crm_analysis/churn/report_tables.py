"""Report-ready tables, sentences and figures for the churn notebooks.

The notebooks (``notebooks/13_teach_churn`` and ``31_mgmt_churn_risk``) may
not compute anything themselves, so every number and every sentence with a
number in it comes from here:

* :func:`sample_customers`, :func:`current_customers` and :func:`churn_overview` -
  the data a report works on and its first KPIs;
* :func:`baseline_accuracy` and :func:`accuracy_table` - why accuracy misleads:
  "nobody churns" is right for every customer who stays;
* :func:`plot_roc_curves` and :func:`plot_pr_curves` - ranking quality of
  out-of-fold scores against the no-skill line;
* :func:`retained_value` - what keeping a would-be churner is worth:
  monthly charges x expected further months x margin;
* :func:`campaign_kpis`, :func:`model_quality`, :func:`churn_kpis` and
  :func:`churn_findings` - the KPI table and the conclusions of the
  management report;
* :func:`contact_table` - the early-warning list with plain-language reasons;
* :func:`driver_table` and :func:`plot_driver_importance` - what drives churn,
  from the classifier's per-customer effects (:meth:`ChurnClassifier.explain`)
  and the observed churn rate of each group;
* :func:`retention_table` - Kaplan-Meier read-offs per segment.

Labels, scores and tables are paired by customer id whenever both carry an
index (a label Series in another order than ``X`` is reindexed to it;
different customers are an error), by position otherwise; see
:func:`crm_analysis.churn.labels.align_to`.

Texts come in ``lang="en"`` or ``"zh"``; figures stay English (no CJK font is
assumed).  Column and level names of the bundled IBM Telco data are translated
by :data:`FEATURE_LABELS` and :data:`LEVEL_LABELS_ZH`; other columns keep their
names.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve

from ..exceptions import CRMDataError
from ..plotting import PALETTE, finish, get_ax
from ..reports.labels import language_index
from ..validation import offending_rows
from .evaluation import ProfitCurve
from .labels import align_to, churn_labels, has_index

__all__ = ["FEATURE_LABELS", "LEVEL_LABELS_ZH", "feature_label", "level_label", "sample_customers",
           "current_customers", "churn_overview", "baseline_accuracy",
           "accuracy_table", "plot_roc_curves", "plot_pr_curves", "retained_value", "campaign_kpis",
           "model_quality", "churn_kpis", "churn_findings", "contact_table", "driver_table",
           "plot_driver_importance", "retention_table"]


#: readable names (English, Chinese) of the IBM Telco columns
FEATURE_LABELS = {
    "female": ("Female", "女性"),
    "senior_citizen": ("Senior citizen", "老年用户"),
    "partner": ("Has a partner", "有伴侣"),
    "dependents": ("Has dependents", "有受抚养人"),
    "tenure": ("Tenure (months)", "在网时长（月）"),
    "phone_service": ("Phone service", "电话服务"),
    "multiple_lines": ("Multiple lines", "多条线路"),
    "internet_service": ("Internet service", "互联网服务"),
    "online_security": ("Online security", "网络安全服务"),
    "online_backup": ("Online backup", "在线备份"),
    "device_protection": ("Device protection", "设备保护"),
    "tech_support": ("Tech support", "技术支持"),
    "streaming_tv": ("Streaming TV", "流媒体电视"),
    "streaming_movies": ("Streaming movies", "流媒体电影"),
    "contract": ("Contract", "合约类型"),
    "paperless_billing": ("Paperless billing", "无纸化账单"),
    "payment_method": ("Payment method", "付款方式"),
    "monthly_charges": ("Monthly charges (USD)", "月费（美元）"),
    "total_charges": ("Total charges (USD)", "累计费用（美元）"),
}

#: Chinese names of the IBM Telco text levels (English levels are shown as they are)
LEVEL_LABELS_ZH = {
    "Yes": "是", "No": "否", "Month-to-month": "按月", "One year": "一年期", "Two year": "两年期",
    "Fiber optic": "光纤", "DSL": "DSL", "No internet service": "无互联网服务", "No phone service": "无电话服务",
    "Electronic check": "电子支票", "Mailed check": "邮寄支票", "Bank transfer (automatic)": "银行转账（自动）",
    "Credit card (automatic)": "信用卡（自动）",
}

#: units (English, Chinese) of the numeric Telco columns, shown after a value ("11 months", "11 个月")
UNITS = {"tenure": ("months", "个月"), "monthly_charges": ("USD", "美元"), "total_charges": ("USD", "美元")}

#: 0/1 columns shown as Yes/No
BINARY_COLUMNS = ("female", "senior_citizen", "partner", "dependents", "phone_service", "paperless_billing")

_COLUMNS = {
    "model": ("Model", "模型"),
    "accuracy": ("Accuracy (%)", "准确率（%）"),
    "recall": ("Churners found (%)", "识别出的流失客户（%）"),
    "precision": ("Flagged who churn (%)", "被标记者中真正流失（%）"),
    "roc_auc": ("ROC AUC", "ROC AUC"),
    "customer": ("Customer", "客户"),
    "p_churn": ("Churn risk (%)", "流失风险（%）"),
    "value": ("Value if kept (USD)", "挽留价值（美元）"),
    "value_at_risk": ("Value at risk (USD)", "风险价值（美元）"),
    "reason": ("Main reasons (risk points)", "主要原因（风险百分点）"),
    "driver": ("Driver", "驱动因素"),
    "importance": ("Average effect on churn risk (% points)", "对流失风险的平均影响（百分点）"),
    "highest": ("Highest churn", "流失率最高的群体"),
    "lowest": ("Lowest churn", "流失率最低的群体"),
    "segment": ("Segment", "客户群"),
    "customers": ("Customers", "客户数"),
    "retained": ("Retained after {t:g} months (%)", "{t:g} 个月后留存（%）"),
    "median": ("Median lifetime (months)", "中位生命周期（月）"),
}


def _column(key: str, lang: str, **fmt) -> str:
    return _COLUMNS[key][language_index(lang)].format(**fmt)


def feature_label(column: str, lang: str = "en") -> str:
    """Readable name of a customer-table column (the column itself when it is not a Telco column)."""
    return FEATURE_LABELS.get(column, (column, column))[language_index(lang)]


def level_label(column: str, value, lang: str = "en") -> str:
    """Readable form of one value of ``column``: Yes/No for 0/1 columns, Chinese Telco levels, numbers by ``:g``."""
    i = language_index(lang)
    if column in BINARY_COLUMNS and value in (0, 1):
        value = "Yes" if value == 1 else "No"
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return _with_unit(f"{value:g}", column, i)
    text = str(value)
    return LEVEL_LABELS_ZH.get(text, text) if i == 1 else text


def _with_unit(number: str, column: str, i: int) -> str:
    unit = UNITS.get(column)
    if unit is None:
        return number
    return f"{number} {unit[0]}" if i == 0 else f"{number} {unit[1]}"


def _short_label(column: str, lang: str) -> str:
    """The readable name without its unit: "Tenure (months)" -> "Tenure" (the unit goes with the value)."""
    name = feature_label(column, lang)
    if column in UNITS:
        name = name.split(" (")[0].split("（")[0]
    return name


# --------------------------------------------------------------------------- the data
def sample_customers(data: pd.DataFrame, n_customers: int, *, random_state=None) -> pd.DataFrame:
    """A random sample of ``n_customers`` rows (without replacement, original order kept); all rows when
    ``n_customers`` is at least the number of customers.  Reports use it to run fast on test parameters."""
    if n_customers < 1:
        raise CRMDataError(f"n_customers must be at least 1, got {n_customers}")
    if n_customers >= len(data):
        return data.copy()
    return data.sample(n=int(n_customers), random_state=random_state).sort_index()


def current_customers(X: pd.DataFrame, y) -> pd.DataFrame:
    """The rows of ``X`` whose churn label is *not* the churn class: the customers a campaign can still keep.

    A Series ``y`` is paired with ``X`` by customer id, an array by position.
    """
    y01, _ = churn_labels(align_to(y, X, name="y", reference_name="X"))
    return X.loc[y01 == 0]


def churn_overview(y) -> dict:
    """First KPI values (label keys): customers, churn rate and the accuracy of "nobody churns"."""
    y01, _ = churn_labels(y)
    return {"customers": int(len(y01)), "churn_rate": f"{y01.mean():.1%}",
            "baseline_accuracy": f"{baseline_accuracy(y):.1%}"}


# --------------------------------------------------------------------------- why accuracy misleads
def baseline_accuracy(y) -> float:
    """Accuracy of the no-skill rule "nobody churns" (or "everybody churns" if churners are the majority).

    It equals the share of the larger class, e.g. 0.73 when 27 % of customers
    churn: a classifier must beat this number before its accuracy means anything,
    and even then accuracy says nothing about how many churners it finds.
    """
    y01, _ = churn_labels(y)
    share = y01.mean()
    return float(max(share, 1 - share))


def accuracy_table(y, scores, threshold: float = 0.5) -> pd.DataFrame:
    """Accuracy next to the measures that matter, for the "nobody churns" rule and each model.

    Parameters
    ----------
    y : Series or array-like
        Churn labels.
    scores : Series or DataFrame
        Churn probabilities (one column per model), e.g. the out-of-fold
        predictions of :func:`evaluate_churn_models`.  Paired with a Series
        ``y`` by customer id, with an array ``y`` by position.
    threshold : float
        A customer is flagged as a churner when the probability is at least this.

    Returns
    -------
    DataFrame
        Indexed by ``model`` (first row ``"nobody churns"``): ``accuracy``,
        ``recall`` (share of churners flagged), ``precision`` (share of flagged
        customers who churn; NaN when nobody is flagged) and ``roc_auc``
        (0.5 for the constant rule).
    """
    y01, frame = _labels_and_frame(y, scores)
    if frame.isna().any().any():
        raise CRMDataError("scores has missing values: pass out-of-fold predictions for every customer")
    rows = {"nobody churns": _classification_row(y01, np.zeros(len(y01), dtype=int), np.zeros(len(y01)))}
    for name, p in frame.items():
        p = p.to_numpy(dtype=float)
        rows[str(name)] = _classification_row(y01, (p >= threshold).astype(int), p)
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("model")


def _classification_row(y01: np.ndarray, flagged: np.ndarray, score: np.ndarray) -> dict:
    hits = int((flagged & y01).sum())
    return {"accuracy": float((flagged == y01).mean()),
            "recall": hits / y01.sum(),
            "precision": hits / flagged.sum() if flagged.sum() else np.nan,
            "roc_auc": float(roc_auc_score(y01, score))}


def plot_roc_curves(y, scores, ax=None):
    """ROC curves (true-positive against false-positive rate) of each score column, with the chance diagonal."""
    ax = get_ax(ax)
    y01, frame = _labels_and_frame(y, scores)
    for i, (name, p) in enumerate(frame.items()):
        fpr, tpr, _ = roc_curve(y01, p)
        ax.plot(100 * fpr, 100 * tpr, color=PALETTE[i % len(PALETTE)],
                label=f"{name} (AUC {roc_auc_score(y01, p):.3f})")
    ax.plot([0, 100], [0, 100], color="grey", linestyle="--", label="chance (AUC 0.5)")
    return finish(ax, title="ROC curve", xlabel="Stayers wrongly flagged (false-positive rate, %)",
                  ylabel="Churners found (true-positive rate, %)")


def plot_pr_curves(y, scores, ax=None):
    """Precision-recall curves of each score column; the no-skill line is the churn rate."""
    ax = get_ax(ax)
    y01, frame = _labels_and_frame(y, scores)
    for i, (name, p) in enumerate(frame.items()):
        precision, recall, _ = precision_recall_curve(y01, p)
        ax.plot(100 * recall, 100 * precision, color=PALETTE[i % len(PALETTE)],
                label=f"{name} (PR AUC {average_precision_score(y01, p):.3f})")
    ax.axhline(100 * y01.mean(), color="grey", linestyle="--", label=f"no skill ({y01.mean():.0%} churn)")
    ax.set_ylim(0, 102)
    return finish(ax, title="Precision-recall curve", xlabel="Churners found (recall, %)",
                  ylabel="Flagged customers who churn (precision, %)")


def _labels_and_frame(y, scores):
    """0/1 labels and a frame of score columns for the same customers (by index when both have one)."""
    if has_index(scores) and has_index(y):
        scores = align_to(scores, y, name="scores", reference_name="y")
    frame = scores.to_frame() if isinstance(scores, pd.Series) else pd.DataFrame(scores)
    y01, _ = churn_labels(y)
    if len(frame) != len(y01):
        raise CRMDataError(f"y has {len(y01)} labels but scores has {len(frame)} rows")
    return y01, frame


# --------------------------------------------------------------------------- money
def retained_value(monthly_charges: pd.Series, expected_months: float, *, margin: float = 1.0) -> pd.Series:
    """Value of keeping a customer who would have churned: :math:`v_i = m_i \\times T \\times g`.

    ``m_i`` is the customer's monthly charge, ``T`` the number of further months
    a retained customer is expected to stay (``expected_months``) and ``g`` the
    profit margin on revenue (1.0 reports revenue).  This is the simplest
    undiscounted customer lifetime value of a subscriber; pass a CLV Series to
    :func:`~crm_analysis.churn.profit_curve` instead when you have one.

    Raises
    ------
    CRMDataError
        When a monthly charge is missing or negative, or ``expected_months`` /
        ``margin`` is not positive.
    """
    if not expected_months > 0:
        raise CRMDataError(f"expected_months must be positive, got {expected_months}")
    if not margin > 0:
        raise CRMDataError(f"margin must be positive, got {margin}")
    charges = pd.to_numeric(monthly_charges, errors="coerce")
    bad = charges.isna() | (charges < 0)
    if bad.any():
        raise CRMDataError(f"monthly charges must be non-negative numbers; bad values in "
                           f"{offending_rows(bad, monthly_charges.index)}")
    return (charges.astype(float) * float(expected_months) * float(margin)).rename("value")


def campaign_kpis(curve: ProfitCurve) -> dict:
    """KPI values (label keys of :mod:`crm_analysis.reports.labels`) at the best point of a profit curve."""
    best = curve.best
    return {"customers_to_contact": int(best["n_contacted"]),
            "contact_share": f"{best['share_contacted']:.1%}",
            "campaign_cost": int(round(float(best["cost"]))),
            "saved_value": int(round(float(best["expected_saved_value"]))),
            "expected_saving": int(round(float(best["expected_profit"])))}


#: lower bounds of the ROC AUC verdicts (Hosmer, Lemeshow & Sturdivant 2013, ch. 5: 0.7 acceptable,
#: 0.8 excellent, 0.9 outstanding discrimination)
AUC_VERDICTS = ((0.9, "excellent", "优秀"), (0.8, "good", "良好"), (0.7, "fair", "一般"),
                (0.6, "weak", "较弱"), (0.0, "poor (close to guessing)", "很差（接近随机猜测）"))


def model_quality(roc_auc: float, lang: str = "en") -> str:
    """Plain-language verdict on a ROC AUC, e.g. ``"good (ROC AUC 0.85)"``."""
    i = language_index(lang)
    for bound, en, zh in AUC_VERDICTS:
        if roc_auc >= bound:
            word = (en, zh)[i]
            break
    return f"{word} (ROC AUC {roc_auc:.2f})" if i == 0 else f"{word}（ROC AUC {roc_auc:.2f}）"


def churn_kpis(y, cv_scores: pd.Series, curve: ProfitCurve, *, lang: str = "en") -> dict:
    """The management report's KPI values: customers, churn rate, model quality and the campaign.

    ``cv_scores`` is one row of :func:`evaluate_churn_models` (``roc_auc``,
    ``top_decile_lift``); ``curve`` the profit curve of the customers who can
    still be contacted.
    """
    y01, _ = churn_labels(y)
    kpis = {"customers": int(len(y01)), "churn_rate": f"{y01.mean():.1%}",
            "model_quality": model_quality(float(cv_scores["roc_auc"]), lang),
            "top_decile_lift": f"{float(cv_scores['top_decile_lift']):.1f}x",
            "current_customers": int(len(curve.table) - 1)}
    return {**kpis, **campaign_kpis(curve)}


def churn_findings(y, cv_scores: pd.Series, curve: ProfitCurve, *, offer_cost: float, success_rate: float,
                   expected_months: float, lang: str = "en") -> str:
    """The management report's conclusions as Markdown bullets, every number computed from the inputs."""
    i = language_index(lang)
    y01, _ = churn_labels(y)
    auc, lift = float(cv_scores["roc_auc"]), float(cv_scores["top_decile_lift"])
    k = campaign_kpis(curve)
    n_current = len(curve.table) - 1
    quality = model_quality(auc, lang)
    if i == 0:
        lines = [f"**Churn**: {int(y01.sum()):,} of {len(y01):,} customers ({y01.mean():.1%}) left.",
                 f"**Warning model**: {quality}. For a random leaver and a random stayer, it gives the leaver the "
                 f"higher risk {auc:.0%} of the time; the 10% of customers it ranks riskiest leave {lift:.1f} times "
                 f"as often as average (checked on customers the model had not seen)."]
        if k["customers_to_contact"] == 0:
            lines.append(f"**Campaign**: at USD {offer_cost:,.0f} per contact and a {success_rate:.0%} success rate, "
                         f"no customer is worth the offer: every contact would cost more than it is expected to save.")
        else:
            lines.append(
                f"**Campaign**: offer a retention deal (USD {offer_cost:,.0f} per customer; it keeps "
                f"{success_rate:.0%} of those who would leave) to the {k['customers_to_contact']:,} current customers "
                f"with the most value at risk ({k['contact_share']} of {n_current:,}). It costs "
                f"USD {k['campaign_cost']:,} and is expected to keep USD {k['saved_value']:,} of customer value over "
                f"{expected_months:g} months: an expected net saving of **USD {k['expected_saving']:,}**. Contacting "
                f"more customers would cost more than it saves.")
    else:
        lines = [f"**流失情况**：{len(y01):,} 位客户中有 {int(y01.sum()):,} 位（{y01.mean():.1%}）已经流失。",
                 f"**预警模型**：{quality}。随机取一位流失客户和一位留存客户，模型有 {auc:.0%} 的概率给流失客户更高的风险；"
                 f"模型认为风险最高的 10% 客户，其流失率是平均水平的 {lift:.1f} 倍（在模型未见过的客户上检验）。"]
        if k["customers_to_contact"] == 0:
            lines.append(f"**挽留活动**：每次联系成本 {offer_cost:,.0f} 美元、成功率 {success_rate:.0%} 时，"
                         f"没有值得联系的客户：每次联系的成本都高于预期挽回的价值。")
        else:
            lines.append(
                f"**挽留活动**：向风险价值最高的 {k['customers_to_contact']:,} 位现有客户（占 {n_current:,} 位现有客户的 "
                f"{k['contact_share']}）提供挽留优惠（每位 {offer_cost:,.0f} 美元，可留住 {success_rate:.0%} 本会流失的客户）。"
                f"活动成本 {k['campaign_cost']:,} 美元，预计在 {expected_months:g} 个月内保住 {k['saved_value']:,} 美元的客户价值，"
                f"预期净收益 **{k['expected_saving']:,} 美元**。联系更多客户的成本将超过其带来的收益。")
    return "\n".join(f"- {line}" for line in lines)


# --------------------------------------------------------------------------- who to contact
def contact_table(warning: pd.DataFrame, classifier, X: pd.DataFrame, *, n_drivers: int = 2,
                  lang: str = "en") -> pd.DataFrame:
    """The early-warning list for a report: risk (%), value, value at risk and plain-language reasons.

    ``warning`` is :func:`~crm_analysis.churn.early_warning_list` (its order is
    kept); the reasons are the ``n_drivers`` columns that raise each customer's
    churn probability most above a typical customer
    (:meth:`ChurnClassifier.explain`), e.g. ``"Contract: Month-to-month (+18)"``
    with the effect in percentage points.  Money is rounded to whole dollars.
    """
    language_index(lang)
    missing = ~warning.index.isin(X.index)
    if missing.any():
        raise CRMDataError(f"X has no row for customers {offending_rows(missing, warning.index)}")
    rows = X.loc[warning.index]
    effects = classifier.explain(rows)
    reasons = [_reasons(rows.loc[c], effects.loc[c], n_drivers, lang) for c in warning.index]
    table = pd.DataFrame({
        _column("p_churn", lang): (100 * warning["p_churn"]).round(0).astype(int),
        _column("value", lang): warning["value"].round(0).astype(int),
        _column("value_at_risk", lang): warning["value_at_risk"].round(0).astype(int),
        _column("reason", lang): reasons,
    }, index=warning.index)
    table.index.name = _column("customer", lang)
    return table


def _reasons(customer: pd.Series, effects: pd.Series, n_drivers: int, lang: str) -> str:
    top = effects[effects > 0].sort_values(ascending=False).head(n_drivers)
    if top.empty:
        return "no single driver above a typical customer" if lang == "en" else "没有明显高于典型客户的单一因素"
    sep = ": " if lang == "en" else "："
    parts = [f"{_short_label(col, lang)}{sep}{level_label(col, customer[col], lang)} (+{100 * eff:.0f})"
             for col, eff in top.items()]
    return "; ".join(parts) if lang == "en" else "；".join(parts)


# --------------------------------------------------------------------------- what drives churn
def driver_table(effects: pd.DataFrame, X: pd.DataFrame, y, *, top: int = 6, n_bands: int = 4,
                 lang: str = "en") -> pd.DataFrame:
    """The main churn drivers in plain language, with the groups that churn most and least.

    Parameters
    ----------
    effects : DataFrame
        :meth:`ChurnClassifier.explain` of the customers in ``X``: how much each
        column moves each customer's churn probability away from a typical
        customer's.
    X, y : DataFrame, Series or array-like
        The customers and their churn labels (for the observed rates).
        ``effects`` and a Series ``y`` are paired with ``X`` by customer id.
    top : int
        Number of drivers shown.
    n_bands : int
        Numeric columns with more than two values are cut into this many
        equal-count bands (quartiles by default).

    Returns
    -------
    DataFrame
        One row per driver, most important first: the driver's readable name,
        its importance (mean absolute effect, in percentage points of churn
        probability) and the groups with the highest and lowest observed churn
        rate, e.g. ``"Month-to-month: 43%"``.
    """
    language_index(lang)
    y01, _ = churn_labels(align_to(y, X, name="y", reference_name="X"))
    effects = align_to(effects, X, name="effects", reference_name="X")
    importance = (100 * effects.abs().mean()).sort_values(ascending=False).head(top)
    rows = []
    for column in importance.index:
        rates = _group_churn_rates(X[column], y01, n_bands, column, lang)
        rows.append({_column("driver", lang): feature_label(column, lang),
                     _column("importance", lang): round(float(importance[column]), 1),
                     _column("highest", lang): f"{rates.index[0]}: {rates.iloc[0]:.0%}",
                     _column("lowest", lang): f"{rates.index[-1]}: {rates.iloc[-1]:.0%}"})
    return pd.DataFrame(rows).set_index(_column("driver", lang))


def _group_churn_rates(values: pd.Series, y01: np.ndarray, n_bands: int, column: str, lang: str) -> pd.Series:
    """Observed churn rate per level (or per equal-count band of a numeric column), highest first."""
    known = values.notna().to_numpy()
    values, y_known = values[known], y01[known]
    if pd.api.types.is_numeric_dtype(values) and values.nunique() > 2:
        bands = pd.qcut(values, n_bands, duplicates="drop", labels=False)
        # name each band by the smallest and largest value it holds, e.g. "0-8" months
        low, high = values.groupby(bands).transform("min"), values.groupby(bands).transform("max")
        groups = (low.map(lambda v: f"{v:g}") + "-" + high.map(lambda v: f"{v:g}")).map(
            lambda band: _with_unit(band, column, language_index(lang)))
    else:
        groups = values.map(lambda v: level_label(column, v, lang))
    return pd.Series(y_known, index=values.index).groupby(groups.to_numpy()).mean().sort_values(ascending=False)


def plot_driver_importance(effects: pd.DataFrame, *, top: int = 8, ax=None):
    """Horizontal bars: mean absolute effect of each column on churn probability (percentage points)."""
    ax = get_ax(ax)
    importance = (100 * effects.abs().mean()).sort_values(ascending=False).head(top)[::-1]
    ax.barh([feature_label(c) for c in importance.index], importance.to_numpy(), color=PALETTE[0])
    return finish(ax, title="What moves a customer's churn risk",
                  xlabel="Mean change in churn probability vs a typical customer (percentage points)",
                  ylabel="Customer characteristic")


# --------------------------------------------------------------------------- retention
def retention_table(curves, at=(12, 24, 48), *, lang: str = "en") -> pd.DataFrame:
    """Kaplan-Meier read-offs per segment: customers, % retained after each tenure in ``at``, median lifetime.

    ``curves`` is :func:`~crm_analysis.churn.kaplan_meier_by_segment`.  A median
    that is never reached (more than half the segment stays to the end of the
    data) reads ``"> 72"`` (the longest tenure observed).
    """
    language_index(lang)
    medians = curves.medians
    longest = float(curves.curves["tenure"].max())
    table = pd.DataFrame(index=medians.index)
    table[_column("customers", lang)] = [f"{int(n):,}" for n in medians["n_customers"]]
    for t in at:
        table[_column("retained", lang, t=t)] = (100 * curves.retained_at(t)).round(0).astype(int)
    table[_column("median", lang)] = [f"{m:g}" if np.isfinite(m) else f"> {longest:g}"
                                      for m in medians["median_lifetime"]]
    table.index = [level_label("", s, lang) for s in table.index]
    table.index.name = _column("segment", lang)
    return table
