"""Page helpers of the linked teaching notebooks: 15 complaints, 16 delivered value, 17 tiers.

Every helper formats what an engine computed (tables, sentences, the notes a
section shows when the database lacks the data it needs); no computation of
its own beyond choosing and joining the data a section reads.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from IPython.display import Markdown

from ..satisfaction.delivered_value import (COMPONENTS, DELIVERED_VALUE_BLOCKS, DELIVERED_VALUE_ITEMS,
                                            VALUE_COMPONENTS, delivered_value_template)
from .catalogue import check_language, has_text, text
from .format import count, display_table, number, percent
from .page import kpi_table
from .value import PageTable, page_table

__all__ = ["section_needs", "segment_name", "segment_names", "DeliveredValueData", "delivered_value_data",
           "dv_source_sentence", "questionnaire", "answer_sheet", "write_delivered_value_template", "dv_score_table",
           "dv_kpis", "dv_profile_table", "dv_outcome_table", "dv_outcomes", "churn_colours", "dv_truth_sentence", "ratio_agreement_sentence",
           "churn_labels", "tier_name", "two_periods", "require_costs", "periods_sentence", "profit_kpis",
           "pyramid_table", "whale_sentence", "quadrant_table", "big_not_good_sentence", "migration_table",
           "movement_table", "prediction_sentence", "upgrade_sentence", "upgrade_table", "upgrade_list",
           "backtest_table", "candidates_note", "ComplaintData", "complaint_data", "category_name", "rates_table",
           "times_table", "funnel_section", "funnel_table", "funnel_figure", "recovery_section", "recovery_tables",
           "recovery_group", "recovery_figure", "before_churn_section", "before_churn_table", "course_claims",
           "synthetic_claims_note", "column_or_none", "times_section", "times_figure", "rates_section",
           "questionnaire_table"]

#: the ECSI items the delivered-value page relates delivered value to (when the database has them)
OUTCOME_BLOCKS = {"satisfaction": ["sat1", "sat2", "sat3", "sat4"], "loyalty": ["loy1", "loy2", "loy3", "loy4"]}


# ------------------------------------------------------------------------------------------- shared
def section_needs(what: str, how: str, lang: str = "en") -> Markdown:
    """The note a section shows instead of its tables when the database lacks ``what`` (``how`` imports it)."""
    check_language(lang)
    return Markdown("\n\n".join([text("tl_section_needs", lang, what=what), "```\n" + how.strip() + "\n```",
                                 text("tl_section_skipped", lang)]))


def segment_name(value, lang: str = "en") -> str:
    """A segment (or other group) label in ``lang``: the demo company's segments are catalogued, others kept."""
    key = "tl_segment_" + str(value).replace(" ", "_")
    if str(value) == "all":
        return text("tl_all", lang)
    return text(key, lang) if has_text(key) else str(value)


def segment_names(values: pd.Series, lang: str = "en") -> pd.Series:
    """:func:`segment_name` of every value (missing values stay missing)."""
    return values.map(lambda v: v if pd.isna(v) else segment_name(v, lang))


def churn_labels(churn: pd.Series, lang: str = "en") -> pd.Series:
    """0/1 churn as the words "stayed" / "left" in ``lang`` (for figure legends)."""
    return churn.map({0: text("tl_stayed", lang), 1: text("tl_left", lang), 0.0: text("tl_stayed", lang),
                      1.0: text("tl_left", lang)})


# ------------------------------------------------------------------------------------ 16: the data
@dataclass(frozen=True)
class DeliveredValueData:
    """What the delivered-value page reads.

    ``survey``: the delivered-value answers (``customer_id`` column, the 16
    items, ``attrs["scale"]``); ``source``: ``"database"`` or ``"synthetic"``;
    ``segments``: segment per customer (or None); ``outcomes``: satisfaction
    and loyalty indices (0-100) and churn per customer, the columns that exist;
    ``truth``: the simulation's truth (synthetic only); ``n_other_rows``:
    survey rows without any delivered-value answer (other questionnaires);
    ``seed``, ``effect``: the simulation's settings.
    """

    survey: pd.DataFrame
    source: str
    segments: pd.Series | None
    outcomes: pd.DataFrame
    truth: object = None
    n_other_rows: int = 0
    seed: int = 0
    effect: float = 0.0


def _stored_items(db) -> set:
    if "survey_items" not in db.tables():
        return set()
    return set(db.sql("SELECT item FROM survey_items")["item"])


def _outcomes(db, ids: pd.Index) -> pd.DataFrame:
    import warnings

    from ..exceptions import DataExclusionWarning
    from ..satisfaction.linked import customer_scores

    frames = []
    stored = _stored_items(db)
    blocks = {c: items for c, items in OUTCOME_BLOCKS.items() if set(items) <= stored}
    if blocks:
        survey = db.survey_table(items=[i for items in blocks.values() for i in items])
        if "customer_id" in survey.columns:
            if "date" not in survey.columns:
                survey = survey.assign(date=pd.NaT)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DataExclusionWarning)  # stated by the correlation table's n
                frames.append(customer_scores(survey.dropna(subset=blocks[next(iter(blocks))], how="all"), blocks))
    if "customers" in db.tables():
        customers = db.customers()
        if "churn" in customers.columns and customers["churn"].notna().any():
            frames.append(customers[["churn"]].astype(float))
    if not frames:
        return pd.DataFrame(index=ids)
    joined = pd.concat(frames, axis=1)
    joined.index = joined.index.astype(str)
    return joined.reindex(ids)


def delivered_value_data(db, lang: str = "en", *, n_respondents: int = 0, random_state: int = 0,
                         satisfaction_effect: float = 4.0, store_command: str = "DB") -> DeliveredValueData:
    """The delivered-value answers of the database, or simulated ones on a synthetic demo database.

    * The database's survey holds the 16 items (:data:`DELIVERED_VALUE_ITEMS`):
      those answers (rows without any of them belong to other questionnaires
      and are counted in ``n_other_rows``).
    * Else, on a synthetic database (the demo company): answers simulated by
      :func:`crm_analysis.demo_delivered_value.make_delivered_value_survey` for
      the customers who answered the satisfaction survey, driven by their
      satisfaction index (``satisfaction_effect`` points per sd), with the
      customers' segments; ``n_respondents > 0`` takes a random sample.
    * Else the page says which data it needs and how to import them
      (:func:`~crm_analysis.present.exports.needs_data`; the page ends).
    """
    from ..demo_delivered_value import make_delivered_value_survey
    from .exports import needs_data

    check_language(lang)
    facts = db.describe()
    customers = db.customers() if "customers" in db.tables() else None
    segments = None
    if customers is not None and "segment" in customers.columns:
        segments = customers["segment"].copy()
        segments.index = segments.index.astype(str)
    if set(DELIVERED_VALUE_ITEMS) <= _stored_items(db):
        survey = db.survey_table(items=DELIVERED_VALUE_ITEMS)
        answered = survey[DELIVERED_VALUE_ITEMS].notna().any(axis=1)
        kept = survey.loc[answered].reset_index(drop=True)
        kept.attrs = dict(survey.attrs)
        ids = pd.Index(kept["customer_id"].astype(str)) if "customer_id" in kept else pd.Index([])
        return DeliveredValueData(kept, "database", segments, _outcomes(db, ids), None, int((~answered).sum()))
    if not facts.get("synthetic"):
        items = f"{DELIVERED_VALUE_ITEMS[0]} … {DELIVERED_VALUE_ITEMS[-1]}"
        needs_data(text("tl_dv_needs_survey", lang, items=items),
                   f"crm-analysis import survey delivered_value_answers.csv --store {store_command} "
                   f"--customer-col customer_id --date-col date --scale 1 7", lang)
    ids = None
    outcomes_all = _outcomes(db, pd.Index([]))
    if set(OUTCOME_BLOCKS["satisfaction"]) <= _stored_items(db):
        outcomes_all = _outcomes(db, pd.Index(db.survey_table(items=OUTCOME_BLOCKS["satisfaction"])
                                              ["customer_id"].astype(str).unique()))
        ids = outcomes_all.index[outcomes_all["satisfaction"].notna()]
    if ids is None or len(ids) == 0:
        ids = pd.Index(customers.index.astype(str)) if customers is not None else pd.Index(
            [f"R{i:04d}" for i in range(1, 401)])
    if n_respondents and n_respondents < len(ids):
        ids = pd.Index(np.random.default_rng(random_state).choice(ids, size=int(n_respondents), replace=False))
    ids = pd.Index(sorted(ids), name="customer_id")
    satisfaction = outcomes_all["satisfaction"].reindex(ids) if "satisfaction" in outcomes_all else None
    last = facts.get("last_date")
    survey, truth = make_delivered_value_survey(customer_ids=ids, segments=segments, satisfaction=satisfaction,
                                                satisfaction_effect=satisfaction_effect, date=last,
                                                random_state=random_state, return_truth=True)
    if "segment" in survey.columns:
        survey = survey.drop(columns="segment")
    return DeliveredValueData(survey, "synthetic", segments, _outcomes(db, ids), truth, 0, int(random_state),
                              float(satisfaction_effect))


def dv_source_sentence(data: DeliveredValueData, lang: str = "en") -> Markdown:
    """Where the answers come from, how many respondents, on which scale."""
    low, high = data.survey.attrs["scale"]
    low, high = f"{low:g}", f"{high:g}"
    n = count(len(data.survey))
    if data.source == "synthetic":
        return Markdown(text("tl_dv_source_synthetic", lang, n=n, low=low, high=high, seed=data.seed,
                             effect=data.effect))
    excluded = text("tl_dv_excluded_rows", lang, n=count(data.n_other_rows)) if data.n_other_rows else ""
    return Markdown(text("tl_dv_source_database", lang, n=n, low=low, high=high, excluded=excluded))


# ------------------------------------------------------------------------------- 16: the questionnaire
def _wording(lang: str) -> dict:
    return {item: text(f"tl_{item}", lang) for item in DELIVERED_VALUE_ITEMS}


def questionnaire(lang: str = "en", *, scale=(1, 7)) -> pd.DataFrame:
    """The 16 items with their component and side in ``lang`` and the question in English and Chinese."""
    check_language(lang)
    template = delivered_value_template(_wording("en"), scale=scale)
    low, high = scale
    out = pd.DataFrame({
        text("tl_component", lang): [text(f"tl_component_{c}", lang) for c in template["component"]],
        text("tl_side", lang): [text(f"tl_side_{s}", lang) for s in template["side"]],
        text("tl_question_en", lang): list(template["question"]),
        text("tl_question_zh", lang): [_wording("zh")[i] for i in template.index],
        text("tl_scale", lang): text("tl_scale_agree", lang, low=f"{low:g}", high=f"{high:g}"),
    }, index=pd.Index(template.index, name=text("tl_item", lang)))
    return out


def answer_sheet() -> pd.DataFrame:
    """An empty answer sheet: the columns ``customer_id``, ``date`` and the 16 items, ready to fill and import."""
    return pd.DataFrame(columns=["customer_id", "date"] + DELIVERED_VALUE_ITEMS)


def write_delivered_value_template(path, *, lang: str = "en", scale=(1, 7)):
    """Write the questionnaire template: ``.xlsx`` (sheets "items" and "answers") or ``.csv`` (the items; the
    answer sheet beside it as ``<name>_answers.csv``), UTF-8 with a byte-order mark so Excel reads the Chinese.

    Returns the list of files written.  Import the filled answer sheet with
    ``crm-analysis import survey FILE --store DB --customer-col customer_id --date-col date --scale 1 7``.
    """
    from pathlib import Path

    path = Path(path)
    items, answers = questionnaire(lang, scale=scale), answer_sheet()
    if path.suffix.lower() == ".xlsx":
        with pd.ExcelWriter(path) as writer:
            items.to_excel(writer, sheet_name="items")
            answers.to_excel(writer, sheet_name="answers", index=False)
        return [path]
    if path.suffix.lower() != ".csv":
        from ..exceptions import CRMDataError

        raise CRMDataError(f"the template is written as .csv or .xlsx, got {path.name!r}")
    answers_path = path.with_name(f"{path.stem}_answers.csv")
    items.to_csv(path, encoding="utf-8-sig")
    answers.to_csv(answers_path, index=False, encoding="utf-8-sig")
    return [path, answers_path]


# ----------------------------------------------------------------------------------- 16: the results
def _score_columns(lang: str) -> dict:
    names = {c: text(f"tl_component_{c}", lang) for c in COMPONENTS}
    names.update(total_value=text("tl_total_value", lang), total_cost=text("tl_total_cost", lang),
                 delivered_value=text("tl_delivered_value", lang), value_cost_ratio=text("tl_value_cost_ratio", lang),
                 respondents=text("tl_respondents", lang), dv_ci_lower=text("tl_dv_ci_lower", lang),
                 dv_ci_upper=text("tl_dv_ci_upper", lang))
    return names


def dv_score_table(scores: pd.DataFrame, lang: str = "en", *, n: int = 5) -> PageTable:
    """The first ``n`` respondents' scores, columns in ``lang``, one decimal."""
    shown = scores.head(n).rename(columns=_score_columns(lang))
    return page_table(shown, lang=lang, decimals=1)


def dv_kpis(scores: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Respondents, mean total value, total cost and delivered value, how many give more than they get."""
    complete = scores.dropna(subset=["delivered_value"])
    negative = int((complete["delivered_value"] < 0).sum())
    share = percent(negative / len(complete), 1) if len(complete) else "–"
    return kpi_table({
        "tl_dv_kpi_respondents": f"{count(len(complete))}",
        "tl_dv_kpi_value": number(complete["total_value"].mean(), 1),
        "tl_dv_kpi_cost": number(complete["total_cost"].mean(), 1),
        "tl_dv_kpi_delivered": number(complete["delivered_value"].mean(), 1),
        "tl_dv_kpi_negative": text("tl_dv_kpi_negative_value", lang, n=count(negative), total=count(len(complete)),
                                   share=share),
        "tl_dv_kpi_ratio": number(complete["value_cost_ratio"].median(), 2),
    }, lang)


def dv_profile_table(profile: pd.DataFrame, lang: str = "en") -> PageTable:
    """A :func:`component_profile` table: group names and columns in ``lang``, scores with one decimal (the full
    table without total value and total cost, whose difference is the delivered value shown, to fit a page)."""
    shown = profile.drop(columns=[c for c in ("total_value", "total_cost") if c in profile and len(profile.columns) > 6])
    shown = shown.rename(columns=_score_columns(lang))
    shown.index = pd.Index([segment_name(g, lang) for g in profile.index], name=text("tl_group", lang))
    return page_table(shown, lang=lang, counts=[text("tl_respondents", lang)], decimals=1)


def dv_outcome_table(table: pd.DataFrame, lang: str = "en"):
    """A :func:`delivered_value_outcomes` table with measure and outcome names in ``lang`` (the note saying there
    is no outcome when the table is empty)."""
    if table.empty:
        return Markdown(text("tl_dv_no_outcomes", lang))
    rows = table.reset_index()
    shown = pd.DataFrame({
        text("tl_measure", lang): [text(f"tl_measure_{m}", lang) for m in rows["measure"]],
        text("tl_outcome", lang): [text(f"tl_outcome_{o}", lang) if has_text(f"tl_outcome_{o}") else str(o)
                                   for o in rows["outcome"]],
        "n": rows["n"].to_numpy(),
        text("tl_correlation", lang): rows["correlation"].to_numpy(float),
        text("tl_ci_lower", lang): rows["ci_lower"].to_numpy(float),
        text("tl_ci_upper", lang): rows["ci_upper"].to_numpy(float),
    }).set_index([text("tl_measure", lang), text("tl_outcome", lang)])
    return page_table(shown, lang=lang, counts=["n"], decimals=2)


def dv_outcomes(data: DeliveredValueData) -> pd.DataFrame:
    """The outcomes that exist for the respondents: satisfaction and loyalty indices (0-100), churn (0/1) and, in
    a simulated survey without a linked satisfaction, its own overall satisfaction and repurchase intention."""
    columns = [c for c in ("satisfaction", "loyalty", "churn") if c in data.outcomes and data.outcomes[c].notna().any()]
    extra = [c for c in ("overall_satisfaction", "repurchase_intention") if c in data.survey.columns]
    ids = pd.Index(data.survey["customer_id"].astype(str), name="customer_id")
    frames = [data.outcomes[columns].reindex(ids)] if columns else [pd.DataFrame(index=ids)]
    if extra:
        frames.append(data.survey.set_index(ids)[extra].astype(float))
    return pd.concat(frames, axis=1)


def churn_colours(data: DeliveredValueData, lang: str = "en"):
    """Each respondent's "stayed" / "left" in ``lang`` for the value-cost map, or None without churn labels."""
    if "churn" not in data.outcomes or not data.outcomes["churn"].notna().any():
        return None
    return churn_labels(data.outcomes["churn"].dropna(), lang)


def dv_truth_sentence(scores: pd.DataFrame, data: DeliveredValueData, lang: str = "en") -> Markdown:
    """On simulated answers: how close the estimated delivered value is to the true one (else nothing)."""
    if data.truth is None:
        return Markdown("")
    true = data.truth.delivered_value.reindex(scores.index)
    both = pd.DataFrame({"est": scores["delivered_value"], "true": true}).dropna()
    r = float(np.corrcoef(both["est"], both["true"])[0, 1])
    bias = float((both["est"] - both["true"]).mean())
    return Markdown(text("tl_dv_truth_check", lang, r=number(r, 2), bias=number(bias, 1)))


def ratio_agreement_sentence(scores: pd.DataFrame, lang: str = "en") -> Markdown:
    """How often the difference and the ratio form agree on who is above the median, and their rank correlation."""
    both = scores[["delivered_value", "value_cost_ratio"]].dropna()
    if len(both) < 3:
        return Markdown("")
    above_d = both["delivered_value"] > both["delivered_value"].median()
    above_r = both["value_cost_ratio"] > both["value_cost_ratio"].median()
    k = int((above_d == above_r).sum())
    rho = both["delivered_value"].rank().corr(both["value_cost_ratio"].rank())
    return Markdown(text("tl_rank_agreement", lang, n=count(len(both)), k=count(k), share=percent(k / len(both), 1),
                         rho=number(rho, 3)))


# ------------------------------------------------------------------------------------ 17: tiers
def _whole_money_table(frame: pd.DataFrame, context, lang: str, *, money=(), counts=(), percents=(),
                       missing: str = "missing_cell") -> PageTable:
    """A page table whose money columns are whole currency units (totals of a period)."""
    shown = display_table(frame, lang, money_columns=list(money), currency_code=context.currency.code,
                          counts=list(counts), percents=list(percents), money_digits=0)
    has_missing = bool((shown == "–").to_numpy().any())
    note = text(missing, lang) if has_missing else ""
    if note and not note.rstrip().endswith(text("full_stop", lang)):
        note += text("full_stop", lang)
    return PageTable(shown, note)



#: catalogue keys of the quadrant names of crm_analysis.value.profit.COST_QUADRANTS (report 33's entries)
_QUADRANT_KEYS = {"high revenue, high cost": "high_high", "high revenue, low cost": "high_low",
                  "low revenue, high cost": "low_high", "low revenue, low cost": "low_low"}


def tier_name(tier, lang: str = "en") -> str:
    """A tier (key, ordinary, small, bad) or migration row/column (new, lost, none) in ``lang``."""
    for key in (f"value_tier_{tier}", f"cb_tier_{tier}"):
        if has_text(key):
            return text(key, lang)
    return str(tier)


def two_periods(context, end: str = "", months: int = 12):
    """Two back-to-back windows of ``months`` months ending on ``end`` (default: the last transaction day).

    Returns ``(first, second)``, each ``(start, end)`` as ISO dates, both days
    included: the second window is the ``months`` months up to ``end``, the
    first the ``months`` months before it.
    """
    from ..exceptions import CRMDataError

    last = pd.Timestamp(end) if str(end).strip() else context.last
    if last is None:
        raise CRMDataError("the database has no transactions: the periods are windows of purchase dates")
    last = last.normalize()
    second_start = last + pd.Timedelta(days=1) - pd.DateOffset(months=int(months))  # month ends stay month ends
    first_end = second_start - pd.Timedelta(days=1)
    first_start = second_start - pd.DateOffset(months=int(months))
    iso = lambda day: day.date().isoformat()  # noqa: E731
    return (iso(first_start), iso(first_end)), (iso(second_start), iso(last))


def require_costs(db, lang: str = "en", *, store_command: str = "DB") -> None:
    """End the page with what to import when the database lacks transactions or the customers' cost to serve."""
    from .exports import needs_data

    tables = db.tables()
    if "transactions" not in tables or not db.describe().get("n_transactions"):
        needs_data(text("tl_needs_transactions", lang),
                   f"crm-analysis import transactions orders.csv --store {store_command} --customer-col CUSTOMER "
                   f"--date-col DATE --amount-col AMOUNT", lang)
    customers = db.customers() if "customers" in tables else pd.DataFrame()
    if "cost_to_serve" not in customers.columns or customers["cost_to_serve"].isna().all():
        needs_data(text("tl_needs_costs", lang),
                   f"crm-analysis import customers customers.csv --store {store_command} --customer-col CUSTOMER "
                   f"--cost-to-serve-col COST_PER_ORDER", lang)


def periods_sentence(first, second, lang: str = "en") -> Markdown:
    return Markdown(text("tl_periods", lang, first_start=first[0], first_end=first[1], second_start=second[0],
                         second_end=second[1]))


def profit_kpis(profit: pd.DataFrame, pyramid, context, lang: str = "en") -> pd.DataFrame:
    """Customers with a purchase, revenue, gross margin, cost to serve, profit and bad customers of the window."""
    bad = int((profit["profit"] < 0).sum())
    return kpi_table({
        "tl_kpi_buyers": count(len(profit)),
        "tl_kpi_revenue": context.money(profit["revenue"].sum(), lang),
        "tl_kpi_margin": context.money(profit["gross_margin"].sum(), lang),
        "tl_kpi_cost": context.money(profit["cost_to_serve"].sum(), lang),
        "tl_kpi_profit": context.money(profit["profit"].sum(), lang),
        "tl_kpi_bad": text("tl_dv_kpi_negative_value", lang, n=count(bad), total=count(len(profit)),
                           share=percent(bad / len(profit), 1)),
    }, lang)


def pyramid_table(pyramid, context, lang: str = "en") -> PageTable:
    """The profit pyramid per tier: customers, shares, profit, mean profit, suggested action (in ``lang``)."""
    from .value import action_name

    table = pyramid.table
    unit = context.unit(lang)
    shown = pd.DataFrame({
        text("tl_customers", lang): table["customers"].to_numpy(),
        text("tl_customer_share", lang): table["customer_share"].to_numpy(),
        text("tl_profit", lang, currency=unit): table["profit"].to_numpy(),
        text("tl_profit_share", lang): table["profit_share"].to_numpy(),
        text("tl_mean_profit", lang, currency=unit): table["mean_profit"].to_numpy(),
        text("value_col_action", lang): [action_name(t, lang) for t in table.index],
    }, index=pd.Index([tier_name(t, lang) for t in table.index], name=text("value_col_tier", lang)))
    return _whole_money_table(shown, context, lang, counts=[text("tl_customers", lang)],
                      percents=[text("tl_customer_share", lang), text("tl_profit_share", lang)],
                      money=[text("tl_profit", lang, currency=unit), text("tl_mean_profit", lang, currency=unit)],
                      missing="value_missing_no_customer")


def whale_sentence(curve: pd.DataFrame, pyramid, lang: str = "en") -> Markdown:
    """Top 20 % share of profit, the peak of the whale curve, and what the bad customers take back."""
    n = len(curve) - 1
    top = int(np.ceil(0.2 * n - 1e-9))
    top_share = float(curve["profit_share"].iloc[top])
    bad = pyramid.table.loc["bad"]
    return Markdown(text("tl_whale_sentence", lang, n=count(n), top=percent(top_share, 0),
                         peak=percent(curve.attrs["peak_profit_share"], 0),
                         peak_customers=percent(curve.attrs["peak_customer_share"], 0),
                         bad=count(bad["customers"]), lost=percent(curve.attrs["peak_profit_share"] - 1, 0)))


def quadrant_table(quadrants, context, lang: str = "en") -> PageTable:
    """Revenue x cost-to-serve quadrants: customers, revenue and profit shares, unprofitable customers, action."""
    table = quadrants.table
    shown = pd.DataFrame({
        text("tl_customers", lang): table["customers"].to_numpy(),
        text("tl_revenue_share", lang): table["revenue_share"].to_numpy(),
        text("tl_profit_share", lang): table["profit_share"].to_numpy(),
        text("tl_unprofitable", lang): table["unprofitable"].to_numpy(),
        text("tl_unprofitable_share", lang): table["unprofitable_share"].to_numpy(),
        text("value_col_action", lang): [text(f"cb_action_{_QUADRANT_KEYS[q]}", lang) for q in table.index],
    }, index=pd.Index([text(f"cb_quadrant_{_QUADRANT_KEYS[q]}", lang) for q in table.index],
                      name=text("tl_quadrant", lang)))
    return page_table(shown, context, lang,
                      counts=[text("tl_customers", lang), text("tl_unprofitable", lang)],
                      percents=[text("tl_revenue_share", lang), text("tl_profit_share", lang),
                                text("tl_unprofitable_share", lang)], missing="value_missing_no_customer")


def big_not_good_sentence(profit: pd.DataFrame, quadrants, context, lang: str = "en") -> Markdown:
    """How many of the top-revenue quintile lose money, and how much."""
    revenue = profit["revenue"]
    big = profit.loc[revenue >= revenue.quantile(0.8)]
    losing = big.loc[big["profit"] < 0]
    return Markdown(text("tl_big_not_good", lang, n=count(len(big)), k=count(len(losing)),
                         loss=context.money(-losing["profit"].sum(), lang)))


def migration_table(migration, lang: str = "en") -> pd.DataFrame:
    """The migration matrix with tier names in ``lang`` (rows: first period, columns: second)."""
    matrix = migration.matrix.copy()
    matrix.index = pd.Index([tier_name(t, lang) for t in matrix.index], name=text("tl_first_tier", lang))
    matrix.columns = pd.Index([tier_name(t, lang) for t in matrix.columns], name=text("tl_second_tier", lang))
    return matrix.astype(int)


def movement_table(migration, context, lang: str = "en") -> PageTable:
    """Customers and revenue per movement (upgraded, stayed, downgraded, lost, new) in ``lang``."""
    summary = migration.summary
    unit = context.unit(lang)
    shown = pd.DataFrame({
        text("tl_customers", lang): summary["customers"].to_numpy(),
        text("tl_first_revenue", lang, currency=unit): summary["first_revenue"].to_numpy(),
        text("tl_second_revenue", lang, currency=unit): summary["second_revenue"].to_numpy(),
        text("tl_change", lang, currency=unit): summary["change"].to_numpy(),
    }, index=pd.Index([text(f"tl_movement_{m}", lang) for m in summary.index], name=text("tl_movement", lang)))
    money = [text("tl_first_revenue", lang, currency=unit), text("tl_second_revenue", lang, currency=unit),
             text("tl_change", lang, currency=unit)]
    return _whole_money_table(shown, context, lang, counts=[text("tl_customers", lang)], money=money)


def prediction_sentence(months: int, margin: float, margin_source: str, lang: str = "en") -> Markdown:
    return Markdown(text("tl_prediction", lang, months=months, margin=percent(margin, 0),
                         source=text(f"tl_margin_{margin_source}", lang)))


def upgrade_sentence(potential: pd.DataFrame, context, lang: str = "en") -> Markdown:
    """The key threshold, how many lower-tier customers were scored and how many are candidates."""
    attrs = potential.attrs
    candidates = int(potential["candidate"].sum())
    by_tier = potential.loc[potential["candidate"], "tier"].value_counts()
    return Markdown(text("tl_upgrade_sentence", lang, threshold=context.money(attrs["key_threshold"], lang),
                         n_key=count(attrs["n_key"]), n=count(len(potential)), k=count(candidates),
                         near=percent(attrs["near"], 0), ordinary=count(by_tier.get("ordinary", 0)),
                         small=count(by_tier.get("small", 0))))


def upgrade_table(potential: pd.DataFrame, context, lang: str = "en", *, top: int = 10,
                  candidates_only: bool = True) -> PageTable:
    """The first ``top`` upgrade candidates (highest reach first): tier, profit now, predicted, gap, reach."""
    rows = potential.loc[potential["candidate"]] if candidates_only else potential
    rows = rows.head(top)
    unit = context.unit(lang)
    shown = pd.DataFrame({
        text("value_col_tier", lang): [tier_name(t, lang) for t in rows["tier"]],
        text("tl_profit", lang, currency=unit): rows["value"].to_numpy(),
        text("tl_predicted", lang, currency=unit): rows["predicted"].to_numpy(),
        text("tl_gap", lang, currency=unit): rows["gap"].to_numpy(),
        text("tl_reach", lang): rows["reach"].to_numpy(),
    }, index=pd.Index(rows.index, name="customer_id"))
    money = [text("tl_profit", lang, currency=unit), text("tl_predicted", lang, currency=unit),
             text("tl_gap", lang, currency=unit)]
    return _whole_money_table(shown, context, lang, money=money, percents=[text("tl_reach", lang)])


def upgrade_list(potential: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Every upgrade candidate for the CSV/Excel list (numbers, not strings), columns in ``lang``."""
    rows = potential.loc[potential["candidate"]]
    return pd.DataFrame({
        text("value_col_tier", lang): [tier_name(t, lang) for t in rows["tier"]],
        text("tl_profit_plain", lang): rows["value"].round(2).to_numpy(),
        text("tl_predicted_plain", lang): rows["predicted"].round(2).to_numpy(),
        text("tl_gap_plain", lang): rows["gap"].round(2).to_numpy(),
        text("tl_reach", lang): rows["reach"].round(3).to_numpy(),
    }, index=pd.Index(rows.index, name="customer_id"))


def backtest_table(backtest: pd.DataFrame, lang: str = "en") -> PageTable:
    """Candidates vs other lower-tier customers: how many became key in the later period (Wilson interval)."""
    shown = pd.DataFrame({
        text("tl_customers", lang): backtest["customers"].to_numpy(),
        text("tl_became_key", lang): backtest["became_key"].to_numpy(),
        text("tl_share", lang): backtest["share"].to_numpy(float),
        text("tl_ci_lower", lang): backtest["ci_lower"].to_numpy(float),
        text("tl_ci_upper", lang): backtest["ci_upper"].to_numpy(float),
    }, index=pd.Index([text(f"tl_backtest_{g}", lang) for g in backtest.index], name=text("tl_group", lang)))
    return page_table(shown, lang=lang, counts=[text("tl_customers", lang), text("tl_became_key", lang)],
                      percents=[text("tl_share", lang), text("tl_ci_lower", lang), text("tl_ci_upper", lang)])


def candidates_note(potential: pd.DataFrame, top: int, lang: str = "en") -> Markdown:
    """"First 10 of 57 candidates; all 57 in the files below" (nothing when every candidate is shown)."""
    n = int(potential["candidate"].sum())
    return Markdown(text("tl_first_candidates_note", lang, shown=count(min(top, n)), n=count(n)) if n > top else "")


# ------------------------------------------------------------------------------------ 15: complaints
@dataclass(frozen=True)
class ComplaintData:
    """What the complaints page reads: the complaint log, the customers, each surveyed customer's satisfaction
    index (0-100, or None without satisfaction items) and whether the database is synthetic."""

    complaints: pd.DataFrame
    customers: pd.DataFrame
    satisfaction: pd.Series | None
    synthetic: bool
    store_command: str = "DB"


def complaint_data(db, lang: str = "en", *, store_command: str = "DB") -> ComplaintData:
    """The complaints and the customers of the database; the page ends saying what to import when either is
    missing (complaints, or customers with churn labels)."""
    import warnings

    from ..exceptions import DataExclusionWarning
    from ..satisfaction.linked import customer_scores
    from .exports import needs_data

    check_language(lang)
    facts = db.describe()
    if not facts.get("has_complaints") or not facts.get("n_complaints"):
        needs_data(text("tl_needs_complaints", lang),
                   f"crm-analysis import complaints complaints.csv --store {store_command} --customer-col CUSTOMER "
                   f"--date-col DATE --resolved-col RESOLVED --category-col CATEGORY", lang)
    customers = db.customers() if "customers" in db.tables() else pd.DataFrame()
    if "churn" not in customers.columns or customers["churn"].isna().all():
        needs_data(text("tl_needs_churn", lang),
                   f"crm-analysis import customers customers.csv --store {store_command} --customer-col CUSTOMER "
                   f"--churn-col CHURN", lang)
    satisfaction = None
    items = OUTCOME_BLOCKS["satisfaction"]
    if set(items) <= _stored_items(db):
        survey = db.survey_table(items=items)
        if "customer_id" in survey.columns:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DataExclusionWarning)  # bases are stated in the funnel table
                satisfaction = customer_scores(survey.dropna(subset=items, how="all"),
                                               {"satisfaction": items})["satisfaction"].dropna()
    return ComplaintData(db.complaints(), customers.reset_index(), satisfaction, bool(facts.get("synthetic")),
                         store_command)


def _has_columns(data: ComplaintData, customer_columns=(), complaint_columns=()) -> list:
    missing = [c for c in customer_columns if c not in data.customers or data.customers[c].isna().all()]
    missing += [c for c in complaint_columns if c not in data.complaints or data.complaints[c].isna().all()]
    return missing


def _customers_how(data: ComplaintData, columns) -> str:
    flags = {"acquisition_date": "--acquisition-date-col DATE", "churn_date": "--churn-date-col DATE",
             "churn": "--churn-col CHURN", "segment": ""}
    parts = " ".join(flags.get(c, "") for c in columns).strip()
    return (f"crm-analysis import customers customers.csv --store {data.store_command} --customer-col CUSTOMER "
            f"{parts}").strip()


def _complaints_how(data: ComplaintData, columns) -> str:
    flags = {"resolved": "--resolved-col RESOLVED", "days_to_resolve": "--days-to-resolve-col DAYS",
             "category": "--category-col CATEGORY", "date": ""}
    parts = " ".join(flags.get(c, "") for c in columns).strip()
    return (f"crm-analysis import complaints complaints.csv --store {data.store_command} --customer-col CUSTOMER "
            f"--date-col DATE {parts}").strip()


def category_name(value, lang: str = "en") -> str:
    """A complaint category in ``lang`` (the demo's categories are catalogued; others as they are)."""
    if value in ("all complaints", "all customers"):
        return text("cpl_" + value.replace(" ", "_"), lang)
    key = f"cpl_category_{value}"
    return text(key, lang) if has_text(key) else segment_name(value, lang)


def rates_section(data: ComplaintData, lang: str = "en", *, by: str | None = None):
    """:func:`complaint_rates` by ``by`` (a column of the customers or of the complaints, when it exists), or the
    note saying that rates per customer-year need each customer's tenure or dates (returns None then)."""
    from IPython.display import display

    from ..satisfaction.complaints import complaint_rates

    has_tenure = not _has_columns(data, customer_columns=["tenure"])
    has_dates = "acquisition_date" in data.customers and "churn_date" in data.customers and not _has_columns(
        data, customer_columns=["acquisition_date"])
    if not (has_tenure or has_dates):
        display(section_needs(text("tl_needs_exposure", lang),
                              f"crm-analysis import customers customers.csv --store {data.store_command} "
                              f"--customer-col CUSTOMER --tenure-col MONTHS", lang))
        return None
    group = column_or_none(data.customers, by) or column_or_none(data.complaints, by) if by else None
    return complaint_rates(data.complaints, data.customers, by=group)


def rates_table(rates, lang: str = "en"):
    """:func:`complaint_rates` for a page: customers, complainers, complaints, per 100, per customer-year."""
    if rates is None:
        return Markdown("")
    shown = pd.DataFrame({
        text("tl_customers", lang): rates["customers"].to_numpy(),
        text("tl_complainers", lang): rates["complainers"].to_numpy(),
        text("tl_complaints", lang): rates["complaints"].to_numpy(),
        text("tl_complainer_share", lang): rates["complainer_share"].to_numpy(float),
        text("tl_per_100", lang): rates["complaints_per_100"].to_numpy(float),
        text("tl_per_year", lang): rates["per_customer_year"].to_numpy(float),
        text("tl_per_year_ci", lang): [f"{number(lo, 2)}–{number(hi, 2)}" for lo, hi in
                                       zip(rates["per_year_lower"], rates["per_year_upper"])],
    }, index=pd.Index([category_name(g, lang) for g in rates.index], name=text("tl_group", lang)))
    return page_table(shown, lang=lang, counts=[text("tl_customers", lang), text("tl_complainers", lang),
                                                text("tl_complaints", lang)],
                      percents=[text("tl_complainer_share", lang)], decimals=2)


def times_table(times, lang: str = "en"):
    """:func:`resolution_times` for a page: resolved share, median and 90th percentile days, within 7 / 30 days."""
    if times is None:
        return Markdown("")
    within = [c for c in times.columns if c.startswith("within_") and c.endswith("_days")]
    shown = pd.DataFrame({
        text("tl_complaints", lang): times["complaints"].to_numpy(),
        text("tl_resolved_share", lang): times["resolved_share"].to_numpy(float),
        text("tl_median_days", lang): times["median_days"].to_numpy(float),
        text("tl_p90_days", lang): times["p90_days"].to_numpy(float),
        **{text("tl_within_days", lang, n=c[len("within_"):-len("_days")]): times[c].to_numpy(float) for c in within},
    }, index=pd.Index([category_name(g, lang) for g in times.index], name=text("tl_category", lang)))
    percents = [text("tl_resolved_share", lang)] + [text("tl_within_days", lang, n=c[len("within_"):-len("_days")])
                                                    for c in within]
    return page_table(shown, lang=lang, counts=[text("tl_complaints", lang)], percents=percents, decimals=1)


def column_or_none(frame: pd.DataFrame, column: str):
    """``column`` when ``frame`` has it with some values (a grouping the page can use), else None."""
    return column if column and column in frame.columns and frame[column].notna().any() else None


def times_section(data: ComplaintData, lang: str = "en", *, within_days=(7, 30)):
    """:func:`resolution_times` by category (overall only without categories), or the note saying which complaint
    columns it needs (returns None then)."""
    from IPython.display import display

    from ..satisfaction.complaints import resolution_times

    missing = _has_columns(data, complaint_columns=["resolved", "days_to_resolve"])
    if missing:
        display(section_needs(text("tl_needs_columns", lang, columns=", ".join(missing)),
                              _complaints_how(data, missing), lang))
        return None
    return resolution_times(data.complaints, by=column_or_none(data.complaints, "category"), within_days=within_days)


def times_figure(times, lang: str = "en"):
    from ..satisfaction.complaints import plot_resolution_times
    from .figures import localize

    if times is None:
        return Markdown("")
    return localize(plot_resolution_times(times), lang)


def funnel_section(data: ComplaintData, lang: str = "en", *, dissatisfied_below: float = 50.0):
    """:func:`complaint_funnel` on the surveyed customers' satisfaction index, or the note that the funnel needs
    survey answers with satisfaction items (returns None then)."""
    from IPython.display import display

    from ..satisfaction.complaints import complaint_funnel

    missing = _has_columns(data, complaint_columns=["resolved"])
    if data.satisfaction is None or data.satisfaction.empty:
        display(section_needs(text("tl_needs_satisfaction", lang),
                              f"crm-analysis import survey answers.csv --store {data.store_command} --customer-col "
                              f"CUSTOMER --scale 1 10", lang))
        return None
    if missing:
        display(section_needs(text("tl_needs_columns", lang, columns=", ".join(missing)),
                              _complaints_how(data, missing), lang))
        return None
    return complaint_funnel(data.satisfaction, data.complaints, data.customers, dissatisfied_below=dissatisfied_below)


def funnel_table(funnel, lang: str = "en"):
    """The funnel's steps with counts, bases, shares, intervals and the course's figure, in ``lang``."""
    if funnel is None:
        return Markdown("")
    shown = pd.DataFrame({
        text("tl_customers", lang): funnel["customers"].to_numpy(),
        text("tl_base", lang): funnel["base"].to_numpy(),
        text("tl_share", lang): funnel["share"].to_numpy(float),
        text("tl_ci_lower", lang): funnel["ci_lower"].to_numpy(float),
        text("tl_ci_upper", lang): funnel["ci_upper"].to_numpy(float),
        text("tl_course_figure", lang): funnel["claim"].to_numpy(float),
    }, index=pd.Index([text(f"tl_step_{i}", lang) for i in range(len(funnel))], name=text("tl_step", lang)))
    return page_table(shown, lang=lang, counts=[text("tl_customers", lang), text("tl_base", lang)],
                      percents=[text("tl_share", lang), text("tl_ci_lower", lang), text("tl_ci_upper", lang),
                                text("tl_course_figure", lang)])


def funnel_figure(funnel, lang: str = "en"):
    """The funnel's bars with the course's figures as diamonds (nothing without a funnel)."""
    from ..satisfaction.complaints import plot_complaint_funnel
    from .figures import localize

    if funnel is None:
        return Markdown("")
    return localize(plot_complaint_funnel(funnel), lang)


def recovery_section(data: ComplaintData, lang: str = "en", *, horizon_months: float = 12, matches: int = 5,
                     n_bootstrap: int = 200, random_state: int = 0):
    """:func:`service_recovery` (C10), or the note saying which dated columns it needs (returns None then)."""
    from IPython.display import display

    from ..satisfaction.complaints import service_recovery

    missing_customers = _has_columns(data, customer_columns=["acquisition_date", "churn_date"])
    missing_complaints = _has_columns(data, complaint_columns=["resolved"])
    if missing_customers or missing_complaints:
        how = (_customers_how(data, missing_customers) if missing_customers else "") + (
            ("\n" if missing_customers else "") + _complaints_how(data, missing_complaints) if missing_complaints
            else "")
        display(section_needs(text("tl_needs_columns", lang,
                                   columns=", ".join(missing_customers + missing_complaints)), how, lang))
        return None
    return service_recovery(data.complaints, data.customers, horizon_months=horizon_months, matches=matches,
                            n_bootstrap=n_bootstrap, random_state=random_state)


def recovery_tables(recovery, lang: str = "en"):
    """Retention per group at the horizon and the three differences (C10: resolved − no complaint > 0)."""
    from IPython.display import display

    if recovery is None:
        return Markdown("")
    r = recovery.retention
    groups = pd.DataFrame({
        text("tl_followed", lang): r["customers"].to_numpy(),
        text("tl_churned", lang): r["churned"].to_numpy(),
        text("tl_retained_at", lang, months=f"{recovery.horizon_months:g}"): r["retained"].to_numpy(float),
        text("tl_ci_lower", lang): r["ci_lower"].to_numpy(float),
        text("tl_ci_upper", lang): r["ci_upper"].to_numpy(float),
    }, index=pd.Index([recovery_group(g, lang) for g in r.index], name=text("tl_group", lang)))
    display(page_table(groups, lang=lang, counts=[text("tl_followed", lang), text("tl_churned", lang)],
                       percents=[text("tl_retained_at", lang, months=f"{recovery.horizon_months:g}"),
                                 text("tl_ci_lower", lang), text("tl_ci_upper", lang)]))
    d = recovery.differences
    diffs = pd.DataFrame({
        text("tl_difference", lang): d["estimate"].to_numpy(float),
        text("tl_ci_lower", lang): d["ci_lower"].to_numpy(float),
        text("tl_ci_upper", lang): d["ci_upper"].to_numpy(float),
        "p": [_p(p) for p in d["p_value"]],
    }, index=pd.Index([" − ".join(recovery_group(g.strip(), lang) for g in c.split(" - ")) for c in d.index],
                      name=text("tl_comparison", lang)))
    return page_table(diffs, lang=lang, percents=[text("tl_difference", lang), text("tl_ci_lower", lang),
                                                  text("tl_ci_upper", lang)])


def _p(p) -> str:
    return "–" if p is None or not np.isfinite(p) else ("< 0.001" if p < 0.001 else number(p, 3))


def recovery_group(group: str, lang: str = "en") -> str:
    keys = {"complaint resolved": "cpl_step_resolved", "complaint unresolved": "cpl_group_unresolved",
            "no complaint": "cpl_group_no_complaint", "churners": "cpl_group_churners",
            "stayers": "cpl_group_stayers"}
    return text(keys[group], lang) if group in keys else str(group)


def recovery_figure(recovery, lang: str = "en"):
    from ..satisfaction.complaints import plot_service_recovery
    from .figures import localize

    if recovery is None:
        return Markdown("")
    return localize(plot_service_recovery(recovery), lang)


def before_churn_section(data: ComplaintData, lang: str = "en", *, window_days: int = 90,
                         reference: str = "observation_end", random_state: int = 0):
    """:func:`complaints_before_churn` (C11), or the note saying which dated columns it needs (None then)."""
    from IPython.display import display

    from ..satisfaction.complaints import complaints_before_churn

    missing = _has_columns(data, customer_columns=["acquisition_date", "churn_date"])
    if missing:
        display(section_needs(text("tl_needs_columns", lang, columns=", ".join(missing)),
                              _customers_how(data, missing), lang))
        return None
    return complaints_before_churn(data.complaints, data.customers, window_days=window_days, reference=reference,
                                   random_state=random_state)


def before_churn_table(result, lang: str = "en"):
    """Churners' and stayers' share with a complaint in their window, and the difference."""
    if result is None:
        return Markdown("")
    g = result.groups
    d = result.difference
    shown = pd.DataFrame({
        text("tl_customers", lang): list(g["customers"]) + [np.nan],
        text("tl_complained_in_window", lang, days=result.window_days): list(g["complained"]) + [np.nan],
        text("tl_share", lang): list(g["share"].astype(float)) + [float(d["estimate"])],
        text("tl_ci_lower", lang): list(g["ci_lower"].astype(float)) + [float(d["ci_lower"])],
        text("tl_ci_upper", lang): list(g["ci_upper"].astype(float)) + [float(d["ci_upper"])],
    }, index=pd.Index([recovery_group(i, lang) for i in g.index] + [text("tl_churners_minus_stayers", lang)],
                      name=text("tl_group", lang)))
    return page_table(shown, lang=lang, counts=[text("tl_customers", lang),
                                                text("tl_complained_in_window", lang, days=result.window_days)],
                      percents=[text("tl_share", lang), text("tl_ci_lower", lang), text("tl_ci_upper", lang)],
                      missing="tl_missing_difference_row")


def course_claims(funnel, recovery, before_churn, data: ComplaintData, lang: str = "en") -> PageTable:
    """The course's complaint figures as claims, each against the interval the data give (or why not testable).

    Rule (:func:`crm_analysis.claims.verdict.interval_verdict`): a figure is *consistent* with the data when the
    interval covers it (a claim of direction: when the interval lies on the claimed side).  Synthetic data
    (the demo) only illustrate the method: the evidence column says so, whatever the interval.
    """
    from ..claims.verdict import NOT_SUPPORTED, NOT_TESTABLE, SUPPORTED, interval_verdict

    fields = {"months": f"{recovery.horizon_months:g}" if recovery is not None else "12",
              "days": f"{before_churn.window_days:g}" if before_churn is not None else "90"}

    def row(claim_key, estimate, lo, hi, verdict, measure_key):
        return {text("tl_col_claim", lang): text(claim_key, lang),
                text("tl_col_measure", lang): text(measure_key, lang, **fields) if measure_key else "–",
                text("tl_estimate", lang): estimate, text("tl_ci_lower", lang): lo, text("tl_ci_upper", lang): hi,
                text("tl_col_verdict", lang): text(f"tl_verdict_{verdict.replace(' ', '_')}", lang)}

    nan = np.nan
    rows = []
    if funnel is not None:
        c = funnel.iloc[1]
        rows.append(row("tl_claim_67", c["share"], c["ci_lower"], c["ci_upper"],
                        interval_verdict(c["ci_lower"], c["ci_upper"], claimed=0.67), "tl_measure_67"))
        s = funnel.iloc[3]
        rows.append(row("tl_claim_75", s["share"], s["ci_lower"], s["ci_upper"],
                        interval_verdict(s["ci_lower"], s["ci_upper"], claimed=0.75), "tl_measure_75"))
    else:
        rows += [row("tl_claim_67", nan, nan, nan, NOT_TESTABLE, None),
                 row("tl_claim_75", nan, nan, nan, NOT_TESTABLE, None)]
    rows.append(row("tl_claim_9", nan, nan, nan, NOT_TESTABLE, "tl_measure_9"))
    rows.append(row("tl_claim_94", nan, nan, nan, NOT_TESTABLE, "tl_measure_94"))
    rows.append(row("tl_claim_89", nan, nan, nan, NOT_TESTABLE, "tl_measure_89"))
    if recovery is not None:
        d = recovery.differences.iloc[0]
        rows.append(row("tl_claim_c10", d["estimate"], d["ci_lower"], d["ci_upper"],
                        interval_verdict(d["ci_lower"], d["ci_upper"], greater_than=0), "tl_measure_c10"))
    else:
        rows.append(row("tl_claim_c10", nan, nan, nan, NOT_TESTABLE, None))
    if before_churn is not None:
        g = before_churn.groups.loc["churners"]
        d = before_churn.difference
        above_half = interval_verdict(g["ci_lower"], g["ci_upper"], greater_than=0.5)
        above_stayers = interval_verdict(d["ci_lower"], d["ci_upper"], greater_than=0)
        verdict = SUPPORTED if above_half == above_stayers == SUPPORTED else NOT_SUPPORTED
        rows.append(row("tl_claim_c11", g["share"], g["ci_lower"], g["ci_upper"], verdict, "tl_measure_c11"))
    else:
        rows.append(row("tl_claim_c11", nan, nan, nan, NOT_TESTABLE, None))
    frame = pd.DataFrame(rows)
    evidence = text("teach_evidence_synthetic" if data.synthetic else "teach_evidence_real", lang)
    frame[text("tl_col_evidence", lang)] = [evidence if np.isfinite(v) else text("teach_evidence_none", lang)
                                            for v in frame[text("tl_estimate", lang)]]
    frame = frame.set_index(text("tl_col_claim", lang))
    return page_table(frame, lang=lang, percents=[text("tl_estimate", lang), text("tl_ci_lower", lang),
                                                  text("tl_ci_upper", lang)])


def synthetic_claims_note(data: ComplaintData, lang: str = "en") -> Markdown:
    """On synthetic data: consistent or not, the figures are illustrated, not tested (else nothing)."""
    return Markdown(text("tl_claims_synthetic_note", lang) if data.synthetic else "")


def questionnaire_table(items: pd.DataFrame, lang: str = "en") -> PageTable:
    """The questionnaire as the page shows it: every question in full, without the scale column (it is the same
    for every item and goes into the files)."""
    return PageTable(items.drop(columns=[text("tl_scale", lang)], errors="ignore"))
