"""What the churn reports show: tables, sentences and figures in the page's language.

The computation lives in the churn engine (:mod:`crm_analysis.churn`: the
data choices in :mod:`~crm_analysis.churn.data`, drivers and reasons in
:mod:`~crm_analysis.churn.drivers`, accuracy and the campaign in
:mod:`~crm_analysis.churn.evaluation`); this module only words and formats
its results.  Every text is a catalogue entry (:mod:`.catalogue.churn`);
money is in the business's currency (:class:`~crm_analysis.present.ReportContext`).

Column names: a column of the bundled Telco demo has a catalogue name
(``contract`` -> "Contract" / "合约类型"); any other column shows under its own
name, prettified (``plan_type`` -> "Plan type"), in both languages.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from IPython.display import Markdown

from .catalogue import has_text, text
from .figures import localize
from .format import count, display_table, percent
from .page import exclusion_sentence, kpi_table, notice

__all__ = ["require_churn", "feature_label", "level_label", "group_label", "data_sentence", "exclusions",
           "features_sentence", "value_sentence", "offer_cost_sentence", "segment_sentence", "churn_kpis",
           "overview_kpis", "churn_findings", "contact_table", "contact_export", "driver_table", "driver_figure",
           "retention_table", "retention_figure", "no_tenure_note", "accuracy_display", "campaign_table",
           "localized", "hazard_figure", "model_name", "IMPORT_CHURN", "logrank_sentence", "weak_model_note",
           "retention_section", "cox_section", "no_tenure_cox_note", "list_sentence", "broad_campaign_note",
           "weak_models_sentence", "tenure_left_out_sentence", "table_preview"]

#: how to import churn labels (shown on the "needs data" page)
IMPORT_CHURN = ("crm-analysis import customers FILE --store DB --customer-col ID --churn-col CHURN "
                "--churned-value VALUE [--tenure-col TENURE --tenure-unit months]")

#: 0/1 columns of the Telco demo shown as Yes/No
_BINARY = ("female", "senior_citizen", "partner", "dependents", "phone_service", "paperless_billing")
#: Telco demo columns holding money (their heading carries the currency)
_MONEY = ("monthly_charges", "total_charges")
_LEVELS = {text(k, "en"): k for k in ("churn_level_yes", "churn_level_no", "churn_level_month_to_month",
                                       "churn_level_one_year", "churn_level_two_year", "churn_level_fiber",
                                       "churn_level_no_internet", "churn_level_no_phone", "churn_level_e_check",
                                       "churn_level_mailed_check", "churn_level_bank", "churn_level_card")}


def _what(n: int, lang: str) -> str:
    return text("churn_leak_what_one" if n == 1 else "churn_leak_what", lang)


def _sep(lang: str) -> str:
    return text("sep_enum", lang)


# ----------------------------------------------------------------------------------------------- names
def require_churn(db, lang: str = "en") -> None:
    """Show the "this report needs churn labels" page (and stop the report) when ``db`` has none."""
    if not db.describe().get("has_churn"):
        from .exports import needs_data

        needs_data(text("churn_needs_labels", lang), IMPORT_CHURN, lang)


def _is_demo_column(column) -> bool:
    return has_text(f"churn_feature_{column}")


def feature_label(column, lang: str = "en") -> str:
    """Readable name of a column: the catalogue's for a Telco demo column, else the column prettified
    (``"plan_type"`` -> ``"Plan type"``; a name with capitals or non-Latin letters is kept)."""
    if _is_demo_column(column):
        return text(f"churn_feature_{column}", lang)
    name = str(column)
    if name.islower() and ("_" in name or name.isascii()):
        name = name.replace("_", " ").strip()
        name = name[:1].upper() + name[1:]
    return name


def _unit_word(unit: str | None, lang: str) -> str | None:
    if not unit:
        return None
    key = f"unit_{unit}"
    return text(key, lang) if has_text(key) else unit


def level_label(column, value, lang: str = "en", *, tenure_unit: str | None = None, context=None,
                money_columns=()) -> str:
    """One value of ``column`` as a reader sees it: Yes/No for Telco 0/1 columns, Telco levels in Chinese,
    money with the currency, tenure with its unit, other numbers by ``:g``, foreign levels as they are."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return text("churn_level_missing", lang)
    if column in _BINARY and value in (0, 1):
        return text("churn_level_yes" if value == 1 else "churn_level_no", lang)
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_)):
        if context is not None and (column in _MONEY or column in money_columns):
            return context.money(value, lang, digits=0 if float(value).is_integer() else 2)
        shown = f"{float(value):g}"
        unit = _unit_word(tenure_unit, lang) if column == "tenure" else None
        return f"{shown} {unit}" if unit else shown
    shown = str(value)
    if _is_demo_column(column) and shown in _LEVELS:
        return text(_LEVELS[shown], lang)
    return shown


def group_label(column, group: pd.Series, lang: str = "en", **kw) -> str:
    """A group of :attr:`ChurnDrivers.groups` (a level, a band ``low-high`` or missing) in words."""
    if group.get("missing"):
        return text("churn_level_missing", lang)
    if group.get("level") is not None and not (isinstance(group["level"], float) and math.isnan(group["level"])):
        return level_label(column, group["level"], lang, **kw)
    low, high = group["low"], group["high"]
    if low == high:
        return level_label(column, low, lang, **kw)
    low_text = level_label(column, low, lang, **{**kw, "tenure_unit": None})
    high_text = level_label(column, high, lang, **kw)
    return f"{low_text}–{high_text}"


def model_name(name: str, lang: str = "en") -> str:
    key = f"churn_model_{name}"
    return text(key, lang) if has_text(key) else str(name)


# ----------------------------------------------------------------------------------------------- sentences
def exclusions(*, n_database: int, n_unlabelled: int, n_analysed: int, lang: str = "en",
               random_state=None) -> str:
    """The sentence naming customers left out: without a label, or outside the random sample."""
    n_sampled_out = n_database - n_unlabelled - n_analysed
    items = [(n_unlabelled, text("churn_unlabelled_what", lang), text("churn_unlabelled_reason", lang)),
             (n_sampled_out, text("churn_sampled_what", lang),
              text("churn_sampled_reason", lang, n=count(n_analysed), seed=random_state))]
    return exclusion_sentence(items, lang, none_what=None)


def data_sentence(overview: dict, context, lang: str = "en", *, n_database: int, n_unlabelled: int = 0,
                  random_state=None) -> Markdown:
    """Who is analysed (with the churn rate) and who is left out, with counts."""
    first = text("churn_data", lang, n=count(overview["customers"]), name=context.name,
                 churners=count(overview["churners"]), rate=percent(overview["churn_rate"]))
    left_out = exclusions(n_database=n_database, n_unlabelled=n_unlabelled, n_analysed=overview["customers"],
                          lang=lang, random_state=random_state)
    return Markdown(" ".join(p for p in (first, left_out) if p))


def features_sentence(features, lang: str = "en") -> Markdown:
    """Which characteristics the model uses, and which columns were left out and why (leakage guards)."""
    sep = _sep(lang)
    names = sep.join(feature_label(c, lang) for c in features.X.columns)
    parts = [text("churn_features_used", lang, n=count(features.X.shape[1]), columns=names)]
    items = []
    ids = [c for c, why in features.leaking.items() if not why.startswith("holds dates")]
    dates = [c for c, why in features.leaking.items() if why.startswith("holds dates")]
    if ids:
        items.append((len(ids), _what(len(ids), lang), text("churn_leak_ids", lang, columns=sep.join(ids))))
    if dates:
        items.append((len(dates), _what(len(dates), lang),
                      text("churn_leak_dates", lang, columns=sep.join(dates))))
    for total, per_month in features.running_totals.items():
        items.append((1, _what(1, lang), text("churn_leak_totals", lang, columns=feature_label(
            total, lang), per_month=feature_label(per_month, lang))))
    if features.empty:
        items.append((len(features.empty), _what(len(features.empty), lang),
                      text("churn_leak_empty", lang, columns=sep.join(map(str, features.empty)))))
    left_out = exclusion_sentence(items, lang)
    if left_out:
        parts.append(left_out)
    return Markdown(" ".join(parts))


def value_sentence(value, lang: str = "en", *, expected_months: float, margin: float,
                   margin_source: str = "parameter") -> Markdown:
    """How the value of keeping a customer was chosen (:func:`crm_analysis.churn.value_of_keeping`)."""
    note = (text("churn_margin_db", lang) if margin_source == "database"
            else text("churn_margin_revenue", lang) if margin == 1 else "")
    fields = dict(months=f"{expected_months:g}", margin=f"{margin:g}", margin_note=note)
    if value.source == "column":
        line = text("churn_value_column", lang, column=feature_label(value.column, lang), **fields)
    elif value.source == "transactions":
        line = text("churn_value_transactions", lang, **fields)
    else:
        line = text("churn_value_none", lang)
    if value.missing:
        line += text("churn_value_missing", lang, n=count(value.missing))
    return Markdown(line)


def offer_cost_sentence(cost: float, source: str, context, lang: str = "en", *, has_money: bool = True) -> Markdown:
    """Where the offer cost came from: ``source`` is ``"database"``, ``"parameter"`` or ``"assumed"``."""
    if not has_money:
        return Markdown(text("churn_offer_count", lang, cost=f"{cost:g}"))
    key = {"database": "churn_offer_db", "parameter": "churn_offer_param", "assumed": "churn_offer_assumed"}[source]
    return Markdown(text(key, lang, cost=context.money(cost, lang, digits=None if cost % 1 else 0)))


def segment_sentence(column: str | None, chosen_by_parameter: bool, lang: str = "en") -> Markdown:
    if column is None:
        return Markdown(text("churn_segment_none", lang))
    key = "churn_segment_param" if chosen_by_parameter else "churn_segment_auto"
    return Markdown(text(key, lang, column=feature_label(column, lang)))


def no_tenure_note(lang: str = "en") -> Markdown:
    """Why the retention curves are missing: the database has no tenure (with its unit), and how to import it."""
    return Markdown(text("churn_no_tenure", lang))


def no_tenure_cox_note(lang: str = "en") -> Markdown:
    """Why the Cox model is missing: it needs tenure as its time axis, and how to import it."""
    return Markdown(text("churn_no_tenure_cox", lang))


def _p_text(p: float) -> str:
    from ..churn.plots import format_p_value

    return format_p_value(p)


def logrank_sentence(curves, lang: str = "en") -> Markdown | None:
    """The log-rank test of ``curves`` in words: its p-value and what it means for the groups
    (:func:`crm_analysis.churn.survival.retention_differs`); ``None`` for a single group."""
    from ..churn import retention_differs

    differs = retention_differs(curves)
    if differs is None:
        return None
    test = curves.logrank
    key = "churn_logrank_differ" if differs else "churn_logrank_same"
    return Markdown(text(key, lang, p=_p_text(float(test["p_value"])), chi2=f"{float(test['statistic']):.1f}",
                         df=f"{int(test['df'])}"))


def weak_model_note(roc_auc: float, lang: str = "en"):
    """A warning box: the model barely separates leavers from stayers, so the list is close to random."""
    from ..churn import ACTIONABLE_AUC

    return notice(text("churn_weak_list", lang, auc=f"{roc_auc:.2f}", threshold=f"{ACTIONABLE_AUC:g}"),
                  kind="warning")


def weak_models_sentence(scores: pd.DataFrame, lang: str = "en") -> Markdown | None:
    """The teaching report's warning when even the best model barely separates leavers from stayers.

    ``scores`` is :func:`crm_analysis.churn.evaluate_churn_models` (one row per model, column ``roc_auc``
    cross-validated).  When the best ROC AUC is below :data:`~crm_analysis.churn.ACTIONABLE_AUC`, returns
    the sentence (AUC, model and threshold), as report 31's warning; otherwise ``None`` (nothing shown)."""
    from ..churn import ACTIONABLE_AUC, model_is_actionable

    best = scores["roc_auc"].astype(float).idxmax()
    auc = float(scores.loc[best, "roc_auc"])
    if model_is_actionable(auc):
        return None
    return Markdown(text("churn_weak_models", lang, auc=f"{auc:.2f}", model=model_name(best, lang),
                         threshold=f"{ACTIONABLE_AUC:g}"))


def tenure_left_out_sentence(n_used: int, n_left_out: int, lang: str = "en", *, cox: bool = False) -> Markdown | None:
    """How many customers the retention curves (``cox=True``: the Cox model) leave out for want of a tenure;
    ``None`` when every customer has one."""
    if n_left_out <= 0:
        return None
    key = ("churn_tenure_partial_cox" if cox else "churn_tenure_partial") + ("_one" if n_left_out == 1 else "")
    return Markdown(text(key, lang, n=count(n_used), left=count(n_left_out)))


def list_sentence(shown: int, total: int, lang: str = "en", *, campaign: bool = True) -> Markdown:
    """How much of the list the page shows: "the first N of the M customers the campaign contacts; all M are in
    the files" (or "all M shown"); without a campaign, the list is the M highest-ranked current customers."""
    if not campaign:
        return Markdown(text("churn_list_top", lang, n=count(total)))
    if shown < total:
        return Markdown(text("churn_list_first", lang, n=count(shown), total=count(total)))
    return Markdown(text("churn_list_all", lang, total=count(total)))


def _broad_reasons(campaign: dict, lift: float, n_current: int, lang: str) -> str:
    from ..churn import BROAD_CAMPAIGN_SHARE, MIN_TARGETING_LIFT

    reasons = []
    if campaign["contact_share"] > BROAD_CAMPAIGN_SHARE:
        reasons.append(text("churn_broad_share", lang, k=count(campaign["customers_to_contact"]),
                            n_current=count(n_current), share=percent(campaign["contact_share"]),
                            limit=percent(BROAD_CAMPAIGN_SHARE, 0)))
    if lift < MIN_TARGETING_LIFT:
        reasons.append(text("churn_broad_lift", lang, lift=f"{lift:.1f}", limit=f"{MIN_TARGETING_LIFT:g}"))
    return text("sep_semicolon", lang).join(reasons)


def broad_campaign_note(campaign: dict, lift: float, n_current: int, lang: str = "en"):
    """A warning box: the ranking adds little (the campaign reaches nearly everyone, or the riskiest tenth
    leaves hardly more often than average; :func:`crm_analysis.churn.ranking_adds_little`)."""
    return notice(text("churn_broad_list", lang, reasons=_broad_reasons(campaign, lift, n_current, lang)),
                  kind="warning")


# ----------------------------------------------------------------------------------------------- KPIs, findings
def _money_or_count(x, context, lang, has_money: bool) -> str:
    return context.money(x, lang) if has_money else count(x)


def overview_kpis(overview: dict, lang: str = "en"):
    """KPI table of :func:`crm_analysis.churn.churn_overview` (teaching report)."""
    return kpi_table({"churn_kpi_customers": count(overview["customers"]),
                      "churn_kpi_churners": count(overview["churners"]),
                      "churn_kpi_churn_rate": percent(overview["churn_rate"]),
                      "churn_kpi_baseline": percent(overview["baseline_accuracy"])}, lang)


def _quality(roc_auc: float, lang: str) -> str:
    from ..churn import auc_verdict

    return text("churn_quality", lang, verdict=text(f"churn_auc_{auc_verdict(roc_auc)}", lang), auc=f"{roc_auc:.2f}")


def campaign_table(campaign: dict, context, lang: str = "en", *, has_money: bool = True):
    """KPI table of :func:`crm_analysis.churn.campaign_kpis`."""
    mc = lambda x: _money_or_count(x, context, lang, has_money)  # noqa: E731
    return kpi_table({"churn_kpi_contact": count(campaign["customers_to_contact"]),
                      "churn_kpi_contact_share": percent(campaign["contact_share"]),
                      "churn_kpi_cost": mc(campaign["campaign_cost"]),
                      "churn_kpi_saved": mc(campaign["saved_value"]),
                      "churn_kpi_saving": mc(campaign["expected_saving"])}, lang)


def _broad_flag(campaign: dict, lift: float) -> str | None:
    """Which flag the contact rows of the KPI table carry: ``"broad"`` when the campaign reaches more than
    :data:`~crm_analysis.churn.BROAD_CAMPAIGN_SHARE` of current customers, ``"lift"`` when only the top decile's
    lift is below :data:`~crm_analysis.churn.MIN_TARGETING_LIFT`, ``None`` when the ranking matters (or no one
    is contacted)."""
    from ..churn import BROAD_CAMPAIGN_SHARE, ranking_adds_little

    if campaign["customers_to_contact"] <= 0 or not ranking_adds_little(campaign["contact_share"], lift):
        return None
    return "broad" if campaign["contact_share"] > BROAD_CAMPAIGN_SHARE else "lift"


def _flagged(shown: str, flag: str | None, lang: str) -> str:
    return shown if flag is None else text(f"churn_kpi_flag_{flag}", lang, value=shown)


def churn_kpis(overview: dict, cv_scores: pd.Series, campaign: dict, n_current: int, context, lang: str = "en",
               *, has_money: bool = True):
    """The management report's KPI table: customers, churn rate, model quality, the campaign.

    When the model is not fit to act on (:func:`crm_analysis.churn.model_is_actionable`), the campaign's
    numbers are replaced by one line saying that they are not reliable.  When the ranking adds little
    (:func:`crm_analysis.churn.ranking_adds_little`), the "customers to contact" rows carry a short flag:
    "78 (almost everyone: the ranking adds little)"."""
    from ..churn import model_is_actionable

    mc = lambda x: _money_or_count(x, context, lang, has_money)  # noqa: E731
    if not model_is_actionable(float(cv_scores["roc_auc"])):
        return kpi_table({"churn_kpi_customers": count(overview["customers"]),
                          "churn_kpi_churn_rate": percent(overview["churn_rate"]),
                          "churn_kpi_model": _quality(float(cv_scores["roc_auc"]), lang),
                          "churn_kpi_lift": f"{float(cv_scores['top_decile_lift']):.1f}x",
                          "churn_kpi_current": count(n_current),
                          "churn_kpi_campaign": text("churn_kpi_campaign_unreliable", lang)}, lang)
    flag = _broad_flag(campaign, float(cv_scores["top_decile_lift"]))
    return kpi_table({"churn_kpi_customers": count(overview["customers"]),
                      "churn_kpi_churn_rate": percent(overview["churn_rate"]),
                      "churn_kpi_model": _quality(float(cv_scores["roc_auc"]), lang),
                      "churn_kpi_lift": f"{float(cv_scores['top_decile_lift']):.1f}x",
                      "churn_kpi_current": count(n_current),
                      "churn_kpi_contact": _flagged(count(campaign["customers_to_contact"]), flag, lang),
                      "churn_kpi_contact_share": _flagged(percent(campaign["contact_share"]), flag, lang),
                      "churn_kpi_cost": mc(campaign["campaign_cost"]),
                      "churn_kpi_saved": mc(campaign["saved_value"]),
                      "churn_kpi_saving": mc(campaign["expected_saving"])}, lang)


def churn_findings(overview: dict, cv_scores: pd.Series, campaign: dict, n_current: int, context,
                   lang: str = "en", *, offer_cost: float, success_rate: float, expected_months: float,
                   has_money: bool = True) -> Markdown:
    """The management report's conclusions as Markdown bullets, every number from the inputs."""
    auc, lift = float(cv_scores["roc_auc"]), float(cv_scores["top_decile_lift"])
    lines = [text("churn_finding_churn", lang, churners=count(overview["churners"]), n=count(overview["customers"]),
                  rate=percent(overview["churn_rate"])),
             text("churn_finding_model", lang, quality=_quality(auc, lang), auc_pct=percent(auc, 0),
                  lift=f"{lift:.1f}")]
    k = campaign["customers_to_contact"]
    cost = context.money(offer_cost, lang) if has_money else f"{offer_cost:g}"
    from ..churn import ACTIONABLE_AUC, model_is_actionable, ranking_adds_little

    if not model_is_actionable(auc):
        if k == 0:
            paper = ""
        elif has_money:
            paper = text("churn_weak_paper", lang, k=count(k), saving=context.money(campaign["expected_saving"], lang))
        else:
            paper = text("churn_weak_paper_count", lang, k=count(k), saved=f"{campaign['saved_value']:.0f}")
        lines.append(text("churn_finding_weak", lang, auc=f"{auc:.2f}", threshold=f"{ACTIONABLE_AUC:g}",
                          paper=paper))
    elif k == 0:
        lines.append(text("churn_finding_none", lang, cost=cost, success=percent(success_rate, 0)))
    elif has_money and ranking_adds_little(campaign["contact_share"], lift):
        lines.append(text("churn_finding_broad", lang, reasons=_broad_reasons(campaign, lift, n_current, lang),
                          cost=cost, success=percent(success_rate, 0), k=count(k),
                          campaign_cost=context.money(campaign["campaign_cost"], lang),
                          saved=context.money(campaign["saved_value"], lang), months=f"{expected_months:g}",
                          saving=context.money(campaign["expected_saving"], lang)))
    elif has_money:
        lines.append(text("churn_finding_campaign", lang, cost=cost, success=percent(success_rate, 0), k=count(k),
                          share=percent(campaign["contact_share"]), n_current=count(n_current),
                          campaign_cost=context.money(campaign["campaign_cost"], lang),
                          saved=context.money(campaign["saved_value"], lang), months=f"{expected_months:g}",
                          saving=context.money(campaign["expected_saving"], lang)))
    else:
        lines.append(text("churn_finding_campaign_count", lang, k=count(k), share=percent(campaign["contact_share"]),
                          n_current=count(n_current), saved=f"{campaign['saved_value']:.0f}"))
    return Markdown("\n".join(f"- {line}" for line in lines))


# ----------------------------------------------------------------------------------------------- lists and tables
def _reason_text(customer, reasons, X, lang, **kw) -> str:
    if not reasons:
        return text("churn_no_reason", lang)
    sep = text("sep_colon", lang)
    parts = [f"{feature_label(c, lang)}{sep}{level_label(c, X.loc[customer, c], lang, **kw)} (+{effect:.0f})"
             for c, _group, effect in reasons]
    return text("sep_semicolon", lang).join(parts)


def _contact_frame(warning: pd.DataFrame, drivers, X: pd.DataFrame, context, lang: str, *, n_reasons: int,
                   tenure_unit, money_columns, has_money: bool) -> pd.DataFrame:
    reasons = drivers.reasons(warning.index, n=n_reasons)
    kw = dict(tenure_unit=tenure_unit, context=context, money_columns=money_columns)
    unit = context.unit(lang)
    frame = pd.DataFrame({
        text("churn_col_p_churn", lang): (100 * warning["p_churn"]).round(0).astype(int).to_numpy(),
        text("churn_col_value", lang, currency=unit): warning["value"].to_numpy(dtype=float),
        text("churn_col_value_at_risk", lang, currency=unit): warning["value_at_risk"].to_numpy(dtype=float),
        text("churn_col_reason", lang): [_reason_text(c, reasons[c], X, lang, **kw)
                                         for c in warning.index],
    }, index=pd.Index(warning.index.astype(str), name=text("churn_col_customer", lang)))
    if not has_money:
        frame = frame.drop(columns=[text("churn_col_value", lang, currency=unit),
                                    text("churn_col_value_at_risk", lang, currency=unit)])
    return frame


def contact_table(warning: pd.DataFrame, drivers, X: pd.DataFrame, context, lang: str = "en", *,
                  n_reasons: int = 2, tenure_unit=None, money_columns=(), has_money: bool = True) -> pd.DataFrame:
    """The retention list as shown: id (text), risk (%), value if kept, value at risk, reasons.

    ``warning`` is :func:`~crm_analysis.churn.early_warning_list` of current
    customers; ``drivers`` the :func:`~crm_analysis.churn.churn_drivers` of the
    same model, so every reason is a group of the driver table with a positive
    effect (:meth:`ChurnDrivers.reasons`).
    """
    frame = _contact_frame(warning, drivers, X, context, lang, n_reasons=n_reasons, tenure_unit=tenure_unit,
                           money_columns=money_columns, has_money=has_money)
    unit = context.unit(lang)
    money_cols = [c for c in (text("churn_col_value", lang, currency=unit),
                              text("churn_col_value_at_risk", lang, currency=unit)) if c in frame.columns]
    return display_table(frame, lang, money_columns=money_cols, currency_code=context.currency.code, money_digits=0)


def contact_export(warning: pd.DataFrame, drivers, X: pd.DataFrame, context, lang: str = "en", *,
                   n_reasons: int = 2, tenure_unit=None, money_columns=(), has_money: bool = True) -> pd.DataFrame:
    """The retention list for :func:`~crm_analysis.present.export_list`: the same rows and words as
    :func:`contact_table`, ids as text, numbers as numbers (money rounded to cents)."""
    frame = _contact_frame(warning, drivers, X, context, lang, n_reasons=n_reasons, tenure_unit=tenure_unit,
                           money_columns=money_columns, has_money=has_money)
    for column in frame.columns[1:3] if has_money else []:
        frame[column] = frame[column].astype(float).round(2)
    return frame


def driver_table(drivers, lang: str = "en", **kw) -> pd.DataFrame:
    """The driver table: per shown driver, every group with its customers, the model's mean effect on risk
    (points, signed) and the observed churn rate; drivers by importance, groups by effect."""
    rows = []
    for (column, _g), group in drivers.groups.iterrows():
        rows.append({text("churn_col_driver", lang): feature_label(column, lang),
                     text("churn_col_group", lang): group_label(column, group, lang, **kw),
                     text("churn_col_customers", lang): count(group["customers"]),
                     text("churn_col_group_effect", lang): f"{group['mean_effect']:+.1f}",
                     text("churn_col_observed", lang): f"{100 * group['churn_rate']:.0f}"})
    frame = pd.DataFrame(rows)
    return frame.set_index([text("churn_col_driver", lang), text("churn_col_group", lang)])


def localized(ax, lang: str, *, yticks=None, legend=None):
    """``localize(ax, lang)`` for figures whose tick or legend labels are data (column names, segment levels):
    those are set after translation, from ``yticks`` / ``legend`` (already in ``lang``)."""
    if yticks is not None:
        ax.set_yticks(ax.get_yticks(), [""] * len(ax.get_yticks()))
    handles = None
    if legend is not None and ax.get_legend() is not None:
        handles = ax.get_legend().legend_handles
        ax.get_legend().remove()
    localize(ax, lang)
    if yticks is not None:
        ax.set_yticks(ax.get_yticks(), yticks)
    if handles is not None:
        ax.legend(handles, legend)
    return ax


def driver_figure(drivers, lang: str = "en", *, top: int = 8):
    """Bars of the drivers' importance, names in ``lang``."""
    from ..churn import plot_driver_importance

    importance = drivers.importance.head(top)
    ax = plot_driver_importance(importance)
    return localized(ax, lang, yticks=[feature_label(c, lang) for c in importance.index[::-1]])


def retention_table(summary: pd.DataFrame, column: str | None, lang: str = "en", *, tenure_unit="months",
                    **kw) -> pd.DataFrame:
    """Kaplan-Meier read-offs (:func:`crm_analysis.churn.retention_summary`) as shown.

    The read-offs are in months whatever the tenure's unit (the summary
    converts them), so the headings say months ("Retained after 12 months",
    "12 个月后留存"); median lifetimes are shown to one decimal.  ``tenure_unit``
    only words a segment column that is tenure itself."""
    unit = _unit_word(summary.attrs.get("time_unit", "months"), lang) or ""
    out = pd.DataFrame(index=[level_label(column, s, lang, tenure_unit=tenure_unit, **kw) if column else s
                              for s in summary.index])
    out[text("churn_col_customers", lang)] = [count(n) for n in summary["customers"]]
    for name in summary.columns:
        if name.startswith("retained_"):
            t = name.removeprefix("retained_")
            out[text("churn_col_retained", lang, t=t, unit=unit)] = [f"{100 * v:.0f}" for v in summary[name]]
    out[text("churn_col_median", lang, unit=unit)] = [
        f"{round(m, 1):g}" if np.isfinite(m) else text("churn_more_than", lang, t=f"{round(longest, 1):g}")
        for m, longest in zip(summary["median_lifetime"], summary["longest"])]
    out.index.name = feature_label(column, lang) if column else text("churn_col_segment", lang)
    return out


def retention_figure(curves, column: str | None, lang: str = "en", *, tenure_unit="months", **kw):
    """Kaplan-Meier curves per segment, every text in ``lang`` (title naming the segment column)."""
    ax = curves.plot()
    unit = tenure_unit or "months"
    ax.set_xlabel(f"Tenure ({unit})")
    legend = [level_label(column, s, lang, **kw) if column else str(s)
              for s in curves.curves["segment"].drop_duplicates()]
    localized(ax, lang, legend=legend if ax.get_legend() is not None else None)
    title = (text("churn_km_title", lang, segment=feature_label(column, lang)) if column
             else text("churn_km_title_all", lang))
    ax.set_title(title)
    return ax


def accuracy_display(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """:func:`crm_analysis.churn.accuracy_table` as shown: percentages, "–" where nobody is flagged."""
    # values by position: the index below is the models' names in ``lang``, which pandas would not align with
    frame = pd.DataFrame({
        text("churn_col_accuracy", lang): 100 * table["accuracy"].to_numpy(dtype=float),
        text("churn_col_recall", lang): 100 * table["recall"].to_numpy(dtype=float),
        text("churn_col_precision", lang): 100 * table["precision"].to_numpy(dtype=float),
        text("churn_col_roc_auc", lang): table["roc_auc"].to_numpy(dtype=float),
    }, index=pd.Index([text("churn_model_nobody", lang) if m == "nobody churns" else model_name(m, lang)
                       for m in table.index], name=text("churn_col_model", lang)))
    shown = display_table(frame, lang, decimals=1)
    shown[text("churn_col_roc_auc", lang)] = [f"{v:.3f}" for v in table["roc_auc"]]
    return shown


def hazard_figure(model, lang: str = "en", **kw):
    """Hazard ratios of a Cox model, covariate names in ``lang`` (``contract_Two year`` -> "Contract: Two year")."""
    from ..churn import plot_hazard_ratios

    from matplotlib.ticker import FuncFormatter, NullFormatter

    ax = plot_hazard_ratios(model)
    # plain numbers on the log axis (matplotlib's default writes mathtext such as 10^0, which is no word to translate)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    names = list(model.summary().sort_values("estimate").index)
    covariates = list(getattr(model, "covariates_", []) or [])
    labels = []
    for name in names:
        base = next((c for c in sorted(covariates, key=len, reverse=True) if name.startswith(f"{c}_")), None)
        if base is None:
            labels.append(feature_label(name, lang))
        else:
            sep = text("sep_colon", lang)
            labels.append(f"{feature_label(base, lang)}{sep}{level_label(base, name[len(base) + 1:], lang, **kw)}")
    return localized(ax, lang, yticks=labels)


# ----------------------------------------------------------------------------------------------- the management page
def _kw(analysis, context) -> dict:
    money_columns = (analysis.value.column,) if analysis.value.column else ()
    return dict(tenure_unit=analysis.tenure_unit, context=context, money_columns=money_columns)


def report_data(analysis, context, lang: str = "en", *, n_unlabelled: int = 0, random_state=None):
    """Who is analysed, who is left out (no label, sampling) and which columns the model uses or leaves out."""
    from IPython.display import display

    display(data_sentence(analysis.overview, context, lang, n_database=analysis.n_database + n_unlabelled,
                          n_unlabelled=n_unlabelled, random_state=random_state))
    display(features_sentence(analysis.features, lang))


def report_choices(analysis, context, lang: str = "en", *, offer_cost: float, offer_source: str,
                   expected_months: float, margin: float, margin_source: str = "parameter"):
    """The value of keeping a customer and the offer cost, each with where it came from."""
    from IPython.display import display

    display(value_sentence(analysis.value, lang, expected_months=expected_months, margin=margin,
                           margin_source=margin_source))
    display(offer_cost_sentence(offer_cost, offer_source, context, lang, has_money=analysis.has_money))


_NO_CAMPAIGN = {"customers_to_contact": 0, "contact_share": 0.0, "campaign_cost": 0.0, "saved_value": 0.0,
                "expected_saving": 0.0}


def report_kpis(analysis, context, lang: str = "en"):
    """The KPI table of the management report."""
    if analysis.campaign is None and not analysis.actionable:
        return churn_kpis(analysis.overview, analysis.quality, _NO_CAMPAIGN, len(analysis.current), context, lang)
    if analysis.campaign is None:
        return kpi_table({"churn_kpi_customers": count(analysis.overview["customers"]),
                          "churn_kpi_churn_rate": percent(analysis.overview["churn_rate"]),
                          "churn_kpi_model": _quality(float(analysis.quality["roc_auc"]), lang),
                          "churn_kpi_lift": f"{float(analysis.quality['top_decile_lift']):.1f}x",
                          "churn_kpi_current": count(len(analysis.current))}, lang)
    return churn_kpis(analysis.overview, analysis.quality, analysis.campaign, len(analysis.current), context, lang)


def report_findings(analysis, context, lang: str = "en", *, offer_cost: float, success_rate: float,
                    expected_months: float) -> Markdown:
    """The conclusions of the management report (without a money value: churn and model only)."""
    findings = churn_findings(analysis.overview, analysis.quality, analysis.campaign or _NO_CAMPAIGN,
                              len(analysis.current), context, lang, offer_cost=offer_cost,
                              success_rate=success_rate, expected_months=expected_months)
    if analysis.campaign is None and analysis.actionable:
        return Markdown("\n".join(findings.data.splitlines()[:2]))
    return findings


def report_contacts(analysis, context, lang: str = "en", *, n_reasons: int = 2):
    """The retention list (current customers only): its first ``analysis.top_n`` rows, how many the files hold,
    a note on reasons, and the CSV/Excel link.  The files hold the whole :attr:`ChurnAnalysis.warning`:
    every customer the campaign contacts, in its order."""
    from IPython.display import display

    from .exports import export_list

    kw = dict(_kw(analysis, context), has_money=analysis.has_money)
    kw.pop("context")
    if not analysis.actionable:
        display(weak_model_note(float(analysis.quality["roc_auc"]), lang))
    elif analysis.list_is_campaign and not analysis.targeted:
        display(broad_campaign_note(analysis.campaign, float(analysis.quality["top_decile_lift"]),
                                    len(analysis.current), lang))
    shown = analysis.warning.head(analysis.top_n)
    display(contact_table(shown, analysis.drivers, analysis.X, context, lang, n_reasons=n_reasons, **kw))
    display(list_sentence(len(shown), len(analysis.warning), lang, campaign=analysis.list_is_campaign))
    display(Markdown(text("churn_reasons_note", lang)))
    exported = contact_export(analysis.warning, analysis.drivers, analysis.X, context, lang, n_reasons=n_reasons,
                              **kw)
    display(export_list(exported, "retention", lang, title=text("churn_list_title", lang)))


def report_drivers(analysis, context, lang: str = "en"):
    """The driver table (every group, signed effect, observed churn) and the importance bars."""
    from IPython.display import display

    display(driver_table(analysis.drivers, lang, **_kw(analysis, context)))
    display(Markdown(text("churn_drivers_note", lang)))
    if not analysis.actionable:
        display(Markdown(text("churn_drivers_weak", lang)))
    return driver_figure(analysis.drivers, lang)


def report_retention(analysis, context, lang: str = "en"):
    """Retention by segment (sentence, customers left out for want of tenure, table, Kaplan-Meier figure), or
    why it needs tenure (when no analysed customer has one)."""
    from IPython.display import display

    if analysis.curves is None:
        display(no_tenure_note(lang))
        return None
    kw = _kw(analysis, context)
    display(segment_sentence(analysis.segment, analysis.segment_by_parameter, lang))
    left_out = tenure_left_out_sentence(len(analysis.table) - analysis.n_without_tenure,
                                        analysis.n_without_tenure, lang)
    if left_out is not None:
        display(left_out)
    display(retention_table(analysis.retention, analysis.segment, lang, **kw))
    tested = logrank_sentence(analysis.curves, lang)
    if tested is not None:
        display(tested)
    return retention_figure(analysis.curves, analysis.segment, lang, **kw)


# ----------------------------------------------------------------------------------------------- the teaching page
def retention_section(table: pd.DataFrame, segment: str | None, lang: str = "en", *,
                      chosen_by_parameter: bool = False, at=None):
    """Kaplan-Meier section of the teaching report, or the note saying it needs tenure.

    On the customers of ``table`` whose ``tenure`` is known
    (:func:`~crm_analysis.churn.with_tenure`; how many were left out is
    stated): shows which column the curves are drawn by, the read-offs
    (``retention_summary(kaplan_meier_by_segment(table, duration_col="tenure",
    event_col="churn", segment_col=segment), at, tenure_unit=...)``: horizons
    ``at`` in months, ``None`` = chosen from the observed tenures, converted to
    the tenure's unit), the log-rank test in words,
    and returns the figure.  Without: shows :func:`no_tenure_note` and
    returns ``None`` (the rest of the report is unchanged).
    """
    from IPython.display import display

    from ..churn import kaplan_meier_by_segment, retention_summary, with_tenure

    timed = with_tenure(table)
    if not len(timed):
        display(no_tenure_note(lang))
        return None
    unit = table.attrs.get("tenure_unit")
    curves = kaplan_meier_by_segment(timed, duration_col="tenure", event_col="churn", segment_col=segment)
    display(segment_sentence(segment, chosen_by_parameter, lang))
    left_out = tenure_left_out_sentence(len(timed), len(table) - len(timed), lang)
    if left_out is not None:
        display(left_out)
    display(retention_table(retention_summary(curves, at=at, tenure_unit=unit), segment, lang, tenure_unit=unit))
    tested = logrank_sentence(curves, lang)
    if tested is not None:
        display(tested)
    return retention_figure(curves, segment, lang, tenure_unit=unit)


def table_preview(table: pd.DataFrame, lang: str = "en", *, n: int = 3) -> None:
    """The first ``n`` customers of ``table``, one column per customer (``table.head(n).T``), formatted by
    :func:`~crm_analysis.present.display_table` (a missing value, e.g. an unknown tenure, shows as "–", and a
    line says what "–" means)."""
    from IPython.display import display

    head = table.head(n)
    display(display_table(head, lang).T)
    if head.isna().to_numpy().any():
        display(Markdown(text("missing_cell", lang)))


def cox_section(table: pd.DataFrame, X: pd.DataFrame, importance: pd.Series, lang: str = "en", *, k: int = 5):
    """Cox section of the teaching report, or the note saying it needs tenure.

    On the customers whose tenure is known (how many were left out is stated):
    fits ``CoxChurnModel().fit(with_tenure(table), duration_col="tenure",
    event_col="churn", covariates=cox_covariates(X, importance, k=k))``, shows
    its summary (hazard ratios, intervals, p-values) and concordance, and
    returns the hazard-ratio figure.  When no customer has a tenure: shows
    :func:`no_tenure_cox_note` and returns ``None``.
    """
    from IPython.display import display

    from ..churn import CoxChurnModel, with_tenure
    from ..churn.data import cox_covariates

    timed = with_tenure(table)
    if not len(timed):
        display(no_tenure_cox_note(lang))
        return None
    covariates = cox_covariates(X.loc[timed.index], importance, k=k)
    left_out = tenure_left_out_sentence(len(timed), len(table) - len(timed), lang, cox=True)
    if left_out is not None:
        display(left_out)
    cox = CoxChurnModel().fit(timed, duration_col="tenure", event_col="churn", covariates=covariates)
    display(cox.summary().round(3))
    display(Markdown(text("churn_concordance", lang, c=f"{cox.concordance_:.3f}")))
    return hazard_figure(cox, lang, tenure_unit=table.attrs.get("tenure_unit"))
