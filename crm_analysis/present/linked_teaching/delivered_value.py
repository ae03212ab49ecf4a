"""Page helpers of notebook 16, delivered value: the data, the questionnaire, the results.

Where the answers come from (the database's delivered-value items, else a
simulated survey on the synthetic demo: :func:`delivered_value_data`), the
questionnaire and its template files (:func:`questionnaire`,
:func:`answer_sheet`, :func:`write_delivered_value_template`,
:func:`questionnaire_table`), and the score, profile and outcome tables and
sentences of the results.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from IPython.display import Markdown

from ...satisfaction.delivered_value import COMPONENTS, DELIVERED_VALUE_ITEMS, delivered_value_template
from ..catalogue import check_language, has_text, text
from ..format import count, number, percent
from ..page import kpi_table
from ..value import PageTable, page_table
from .shared import OUTCOME_BLOCKS, _stored_items, churn_labels, segment_name

__all__ = ["DeliveredValueData", "delivered_value_data", "dv_source_sentence", "questionnaire", "answer_sheet",
           "write_delivered_value_template", "dv_score_table", "dv_kpis", "dv_profile_table", "dv_outcome_table",
           "dv_outcomes", "churn_colours", "dv_truth_sentence", "ratio_agreement_sentence", "questionnaire_table",
           "dv_answers_preview", "dv_segments_note", "dv_profile_reading", "dv_outcome_reading", "dv_exercise_reading"]


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
    ``seed``, ``effect``: the simulation's settings; ``segment_col``: the customers' group column asked for
    (``customers``: the customer table, for the note when it is missing); ``items``: the satisfaction items and
    ``items_missing``: True when the survey is stored without them (the parameter satisfaction_items names them).
    """

    survey: pd.DataFrame
    source: str
    segments: pd.Series | None
    outcomes: pd.DataFrame
    truth: object = None
    n_other_rows: int = 0
    seed: int = 0
    effect: float = 0.0
    segment_col: str = "segment"
    customers: pd.DataFrame | None = None
    items: tuple = tuple(OUTCOME_BLOCKS["satisfaction"])
    items_missing: bool = False


def _outcomes(db, ids: pd.Index, satisfaction_items=None) -> pd.DataFrame:
    import warnings

    from ...exceptions import DataExclusionWarning
    from ...satisfaction.linked import customer_scores

    frames = []
    stored = _stored_items(db)
    wanted = dict(OUTCOME_BLOCKS, satisfaction=list(satisfaction_items or OUTCOME_BLOCKS["satisfaction"]))
    blocks = {c: items for c, items in wanted.items() if set(items) <= stored}
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
                         satisfaction_effect: float = 4.0, satisfaction_items: str = "", segment_col: str = "segment",
                         store_command: str = "DB") -> DeliveredValueData:
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

    ``satisfaction_items`` (comma-separated, "" = sat1-sat4, as in reports 15 and 33) are the survey's satisfaction
    questions the outcomes read; ``segment_col`` the customers' column whose groups the profiles compare.
    """
    from ...demo_delivered_value import make_delivered_value_survey
    from ..exports import needs_data

    check_language(lang)
    facts = db.describe()
    customers = db.customers() if "customers" in db.tables() else None
    from .complaints import satisfaction_item_list

    items = satisfaction_item_list(satisfaction_items)
    stored = _stored_items(db)
    extra = dict(segment_col=str(segment_col or ""), customers=customers, items=tuple(items),
                 items_missing=bool(stored) and not set(items) <= stored)
    segments = None
    if customers is not None and segment_col and segment_col in customers.columns \
            and customers[segment_col].notna().any():
        segments = customers[segment_col].copy().rename("segment")
        segments.index = segments.index.astype(str)
    if set(DELIVERED_VALUE_ITEMS) <= stored:
        survey = db.survey_table(items=DELIVERED_VALUE_ITEMS)
        answered = survey[DELIVERED_VALUE_ITEMS].notna().any(axis=1)
        kept = survey.loc[answered].reset_index(drop=True)
        kept.attrs = dict(survey.attrs)
        ids = pd.Index(kept["customer_id"].astype(str)) if "customer_id" in kept else pd.Index([])
        return DeliveredValueData(kept, "database", segments, _outcomes(db, ids, items), None,
                                  int((~answered).sum()), **extra)
    if not facts.get("synthetic"):
        items = f"{DELIVERED_VALUE_ITEMS[0]} … {DELIVERED_VALUE_ITEMS[-1]}"
        needs_data(text("tl_dv_needs_survey", lang, items=items),
                   f"crm-analysis import survey delivered_value_answers.csv --store {store_command} "
                   f"--customer-col customer_id --date-col date --scale 1 7", lang)
    ids = None
    outcomes_all = _outcomes(db, pd.Index([]), items)
    if set(items) <= stored:
        outcomes_all = _outcomes(db, pd.Index(db.survey_table(items=items)["customer_id"].dropna().astype(str)
                                              .unique()), items)
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
    return DeliveredValueData(survey, "synthetic", segments, _outcomes(db, ids, items), truth, 0, int(random_state),
                              float(satisfaction_effect), **extra)


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
        from ...exceptions import CRMDataError

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
    shown.index = pd.Index(shown.index, name=text("tl_col_customer", lang))
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


def dv_answers_preview(data: DeliveredValueData, lang: str = "en", *, n: int = 3) -> PageTable:
    """The first ``n`` answers: customer and date headers in ``lang`` (the items keep their codes, the import's
    column names)."""
    shown = data.survey.head(n).set_index("customer_id")
    shown.index = pd.Index(shown.index, name=text("tl_col_customer", lang))
    shown = shown.drop(columns=["source"], errors="ignore").rename(columns={"date": text("tl_col_date", lang)})
    return page_table(shown, lang=lang)


def dv_segments_note(data: DeliveredValueData, lang: str = "en") -> Markdown:
    """The note that the customers have no column ``segment_col`` (which parameter names it), else nothing."""
    from .complaints import segment_col_note

    if data.segments is not None:
        return Markdown("")
    return segment_col_note(data.customers, data.segment_col, "tl_segment_what_profiles", lang)


def _largest_gaps(profile: pd.DataFrame, lang: str) -> list:
    """Per group (not "all"): the component furthest from the whole sample, as "group: component +8.1 points"."""
    comps = [c for c in COMPONENTS if c in profile.columns]
    if "all" not in profile.index or not comps:
        return []
    gaps = profile[comps] - profile.loc["all", comps]
    out = []
    for group, row in gaps.drop(index="all").iterrows():
        row = row.dropna()
        if row.empty:
            continue
        comp = row.abs().idxmax()
        gap = float(row[comp])
        out.append(text("tl_dv_read_gap", lang, segment=segment_name(group, lang),
                        component=text(f"tl_component_{comp}", lang),
                        gap=("+" if gap > 0 else "") + number(gap, 1)))
    return out


def dv_profile_reading(profile: pd.DataFrame, data: DeliveredValueData, lang: str = "en") -> Markdown:
    """The component furthest from the whole sample per group, from the data; the planted differences only on the
    simulated (demo) answers."""
    gaps = _largest_gaps(profile, lang)
    out = (text("tl_dv_read_gaps", lang, items=text("tl_list_sep", lang).join(gaps)) if gaps
           else text("tl_dv_no_groups", lang))
    if data.source == "synthetic":
        out += "\n\n" + text("tl_dv_read_demo_profile", lang)
    return Markdown(out)


#: the sign the theory predicts for each measure with each outcome
_EXPECTED_SIGN = {("delivered_value", "churn"): -1, ("total_value", "churn"): -1, ("total_cost", "churn"): 1,
                  ("delivered_value", None): 1, ("total_value", None): 1, ("total_cost", None): -1}


def dv_outcome_reading(links: pd.DataFrame, data: DeliveredValueData, lang: str = "en") -> Markdown:
    """How many correlations have the predicted sign (and how many intervals exclude 0), the strongest of those
    whose interval excludes 0, and
    the satisfaction items the parameter should name when the survey lacks them; the demo's planted note only on
    simulated answers."""
    parts = []
    if data.items_missing:
        parts.append(text("tl_dv_items_missing", lang, items=", ".join(data.items)))
    if not links.empty:
        rows = links.reset_index()
        k = clear = 0
        for _, r in rows.iterrows():
            sign = _EXPECTED_SIGN.get((r["measure"], r["outcome"]), _EXPECTED_SIGN.get((r["measure"], None), 0))
            if pd.notna(r["correlation"]) and np.sign(r["correlation"]) == sign:
                k += 1
                clear += int((r["ci_lower"] > 0) if sign > 0 else (r["ci_upper"] < 0))
        parts.append(text("tl_dv_read_signs", lang, k=count(k), n=count(len(rows)), clear=count(clear)))
        clear_rows = rows.loc[(rows["ci_lower"] > 0) | (rows["ci_upper"] < 0)]  # "strongest" only beyond the noise
        top = clear_rows.loc[clear_rows["correlation"].abs().idxmax()] if len(clear_rows) else None
        if top is not None:
            outcome = (text(f"tl_outcome_{top['outcome']}", lang) if has_text(f"tl_outcome_{top['outcome']}")
                       else str(top["outcome"]))
            parts.append(text("tl_dv_read_strongest", lang, measure=text(f"tl_measure_{top['measure']}", lang),
                              outcome=outcome, r=number(top["correlation"], 2)))
    out = text("sentence_space", lang).join(parts)
    if data.source == "synthetic":
        out += ("\n\n" if out else "") + text("tl_dv_read_demo_outcomes", lang)
    return Markdown(out)


def dv_exercise_reading(profile: pd.DataFrame, weighted: pd.DataFrame, data: DeliveredValueData,
                        lang: str = "en") -> Markdown:
    """The exercise's answer on these data: the group with the highest time cost and its delivered value before
    and after weighing time twice, and each group's largest gap; the planted answer only on simulated answers."""
    parts = []
    groups = profile.drop(index="all", errors="ignore")
    if not groups.empty and "time" in groups and groups["time"].notna().any():
        top = groups["time"].idxmax()
        parts.append(text("tl_dv_read_weighted", lang, segment=segment_name(top, lang),
                          time=number(groups.loc[top, "time"], 1),
                          before=number(profile.loc[top, "delivered_value"], 1),
                          after=number(weighted.loc[top, "delivered_value"], 1)))
        gaps = _largest_gaps(profile, lang)
        if gaps:
            parts.append(text("tl_dv_read_gaps", lang, items=text("tl_list_sep", lang).join(gaps)))
    else:
        parts.append(text("tl_dv_no_groups", lang))
    out = text("sentence_space", lang).join(parts)
    if data.source == "synthetic":
        out += "\n\n" + text("tl_dv_read_demo_exercise", lang)
    return Markdown(out)


def dv_profile_table(profile: pd.DataFrame, lang: str = "en") -> PageTable:
    """A :func:`component_profile` table: group names and columns in ``lang``, scores with one decimal (the full
    table without total value and total cost, whose difference is the delivered value shown, to fit a page); the
    note that there are no groups to compare when ``profile`` has no row (the gaps table without segments)."""
    if profile.empty:
        return Markdown(text("tl_dv_no_groups", lang))
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



def questionnaire_table(items: pd.DataFrame, lang: str = "en") -> PageTable:
    """The questionnaire as the page shows it: every question in full, without the scale column (it is the same
    for every item and goes into the files)."""
    return PageTable(items.drop(columns=[text("tl_scale", lang)], errors="ignore"))
