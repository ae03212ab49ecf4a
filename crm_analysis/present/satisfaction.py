"""What the satisfaction reports (notebooks 32 and 12) show: one set of respondents, tables, sentences, figures.

The management report runs :func:`satisfaction_study` once: it reads the
survey from the customer database, keeps the respondents who answered every
question the model uses (PLS needs complete answers; the count left out and
why is stated by :func:`respondents_note`), fits the model on them, ranks the
drivers with bootstrap intervals (:func:`~crm_analysis.satisfaction.pls_driver_priorities`)
and computes churn by satisfaction level on the *same* respondents: observed
churn from the customer table when the survey is linked by customer ID and
the customers carry a churn label, else the stated intention to leave.
Every table, sentence and figure below takes that one study, so the page has
one respondent count.

Numbers come from the engines (:mod:`crm_analysis.satisfaction`); words from
the catalogue (:mod:`crm_analysis.present.catalogue.satisfaction`).
"""
from __future__ import annotations

import warnings
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from IPython.display import HTML, Markdown, display

from ..satisfaction import (HAPPY_LEVELS, NO_CLEAR_PRIORITY, UNHAPPY_LEVELS, churn_by_satisfaction_level,
                            churn_outcome, complete_responses, dissatisfaction_gap, net_promoter_score,
                            plot_churn_by_level, plot_importance_performance, pls_driver_priorities, rank_drivers,
                            satisfaction_levels, weakest_driver)
from ..validation import survey_scale
from .catalogue import check_language, has_text, text
from .figures import localize
from .format import count, number, percent
from .page import exclusion_sentence, kpi_table

__all__ = ["HOW_TO_IMPORT_SURVEY", "require_survey", "require_model_items", "model_items", "item_runs", "construct_label", "survey_churn", "SatisfactionStudy",
           "satisfaction_study", "satisfaction_headline", "respondents_note", "satisfaction_kpis", "driver_table",
           "priority_text", "uncertainty_note", "churn_note", "churn_level_table", "importance_performance_figure",
           "churn_figure", "localize_figure", "follow_up_list", "follow_up_frame", "follow_up_intro", "teaching_survey", "TeachingSurvey"]

#: the command a page without survey answers shows (placeholders in capitals, explained by "sat_import_help")
HOW_TO_IMPORT_SURVEY = "crm-analysis import survey FILE --store DB --customer-col ID --scale MIN MAX --missing-codes CODE"

_QUADRANT_KEYS = {"concentrate here": "concentrate", "keep up the good work": "keep_up", "low priority": "low",
                  "possible overkill": "overkill"}
_ACTION_KEYS = {"concentrate here": "sat_action_concentrate", "keep up the good work": "sat_action_keep_up",
                "low priority": "sat_quadrant_low_priority", "possible overkill": "sat_quadrant_overkill",
                NO_CLEAR_PRIORITY: "sat_no_clear_priority"}


def require_survey(db, lang: str = "en") -> None:
    """Show the one-page "this report needs survey answers" message when ``db`` has none (raises ReportNeedsData).

    The page shows the import command with placeholders (``FILE``, ``DB``,
    ``ID``, ``MIN MAX``, ``CODE``), each explained in one sentence: no
    business's own scale or missing-answer code is proposed to another.
    """
    if not db.describe().get("has_survey"):
        from .exports import needs_data

        how = HOW_TO_IMPORT_SURVEY + "\n" + "\n".join(f"# {line}" for line in text("sat_import_help", lang).split("\n"))
        needs_data(text("sat_needs_survey", lang), how, lang)


def model_items(model, *extra_items) -> list:
    """Every survey column ``model`` (a PLS path model) and the report use: the block items, then ``extra_items``.

    Empty extra items ("" = not used, e.g. no recommendation question) are
    skipped; each column is listed once, in order.
    """
    items = [i for cols in model.blocks.values() for i in cols] + [i for i in extra_items if i]
    return list(dict.fromkeys(items))


def item_runs(items, sep: str = ", ") -> str:
    """A short list of question names: runs of one stem with consecutive numbers are joined.

    ``["imag1", "imag2", "imag3", "sat1", "形象1", "形象2", "nps"]`` reads
    ``"imag1–3, sat1, 形象1–2, nps"`` (the order of ``items`` is kept).
    """
    parts, run = [], None  # run = [stem, first, last]
    for item in list(items) + [None]:
        match = re.fullmatch(r"(.*?)(\d+)", str(item)) if item is not None else None
        if run and match and match.group(1) == run[0] and int(match.group(2)) == run[2] + 1:
            run[2] += 1
            continue
        if run:
            parts.append(f"{run[0]}{run[1]}" + (f"–{run[2]}" if run[2] > run[1] else ""))
            run = None
        if match:
            run = [match.group(1), int(match.group(2)), int(match.group(2))]
        elif item is not None:
            parts.append(str(item))
    return sep.join(parts)


def require_model_items(db, model, lang: str = "en", *, report: str, satisfaction_item: str, loyalty_item: str,
                        recommend_item: str = "") -> None:
    """The one-page "name your questions" message when the survey lacks questions the model or report uses.

    A business's own survey rarely has the ECSI demo's column names
    (``imag1`` ... ``loy4``): a bakery asks ``形象1`` ... ``忠诚3``.  When any
    column of :func:`model_items` is not in the survey of ``db``, the page
    (through :func:`~crm_analysis.present.needs_data`, which raises
    ``ReportNeedsData``) lists the questions the survey has and the ones the
    model expects, and shows how to say which question measures which
    construct: a ``--params`` file keyed by the report's name ``report``
    (``blocks``, ``complaints``, ``satisfaction_item``, ``loyalty_item``)
    and the ``crm-analysis reports`` command.  Nothing happens when every
    column is there.
    """
    from .exports import needs_data

    survey = db.survey_table()
    found = [c for c in survey.columns if c != "customer_id"]
    expected = model_items(model, satisfaction_item, loyalty_item, recommend_item)
    missing = [i for i in expected if i not in survey.columns]
    if not missing:
        return
    sep = text("sep_enum", lang)
    what = text("sat_needs_items" if len(missing) < len(expected) else "sat_needs_items_none", lang, n_found=count(len(found)), found=item_runs(found, sep) or text("none", lang),
                n_expected=count(len(expected)), expected=item_runs(expected, sep), n_missing=count(len(missing)),
                missing=item_runs(missing, sep))
    constructs = [c for c in model.blocks if c != "complaints"]
    placeholder = text("sat_params_question", lang)
    lines = [f"# {line}" for line in text("sat_params_help", lang, report=report).split("\n")]
    lines += [f"{report}:", "  blocks:"]
    lines += [f"    {c}: [{placeholder}, {placeholder}, ...]" for c in constructs]
    lines += ["  complaints: false" + "  # " + text("sat_params_complaints", lang),
              f"  satisfaction_item: {placeholder}" + "  # " + text("sat_params_satisfaction", lang),
              f"  loyalty_item: {placeholder}" + "  # " + text("sat_params_loyalty", lang),
              "", "# " + text("sat_params_then", lang),
              "crm-analysis reports --store DB --params params.yml"]
    needs_data(what, "\n".join(lines), lang, how_intro=text("sat_needs_items_intro", lang, what=what))


def construct_label(name: str, lang: str = "en") -> str:
    """Display name of a construct ("perceived quality", 感知质量); an unknown construct keeps its own name."""
    key = f"sat_construct_{name}"
    return text(key, lang) if has_text(key) else str(name)


def level_label(level: str, lang: str = "en") -> str:
    """Name of a satisfaction level in ``lang`` ("very dissatisfied", 非常不满意)."""
    key = "sat_level_" + str(level).replace(" ", "_")
    return text(key, lang) if has_text(key) else str(level)


# ---------------------------------------------------------------------------------------------- the data
def survey_churn(db, survey: pd.DataFrame, intention_item: str) -> pd.Series:
    """Churn of each respondent: observed from the customer table when linked, else stated (0/1, NaN unknown).

    Observed when ``survey`` has customer IDs and the database's customers
    carry a churn label (``db.describe()["has_churn"]``): a respondent gets
    the ``churn`` of their customer (NaN without an ID or for an ID not in the
    churn table).  Otherwise a low answer to ``intention_item``
    (:func:`~crm_analysis.satisfaction.churn_outcome`).  ``attrs["source"]``
    is "observed" or "stated".
    """
    ids = survey["customer_id"] if "customer_id" in survey.columns else pd.Series(np.nan, index=survey.index)
    if ids.notna().any() and db.describe().get("has_churn"):
        with warnings.catch_warnings():  # customers with a blank label: counted by churn_note as not covered
            warnings.simplefilter("ignore")
            churn = pd.to_numeric(db.churn_table()["churn"], errors="coerce")
        churn.index = churn.index.astype(str)
        values = ids.map(lambda cid: churn.get(str(cid), np.nan) if pd.notna(cid) else np.nan).astype(float)
        out = pd.Series(values.to_numpy(), index=survey.index, name="churned")
        out.attrs = {"source": "observed", "column": "churn"}
        return out
    return churn_outcome(survey, "", intention_item=intention_item, warn=False)


@dataclass
class SatisfactionStudy:
    """Everything the satisfaction page shows, computed once on one set of respondents."""

    sample: object  # SurveySample
    model: object
    drivers: pd.DataFrame
    target: str
    index: pd.DataFrame
    churned: pd.Series
    by_level: pd.DataFrame | None
    levels: pd.Series
    satisfaction_item: str
    loyalty_item: str
    scale: tuple
    nps: pd.Series | None = None
    linked: bool = False
    notes: list = field(default_factory=list)

    @property
    def n(self) -> int:
        return self.sample.n_used

    @property
    def stated(self) -> bool:
        return self.churned.attrs.get("source") == "stated"


def satisfaction_study(db, model, *, target: str = "satisfaction", satisfaction_item: str = "sat1",
                       loyalty_item: str = "loy1", recommend_item: str = "", n_bootstrap: int = 200,
                       random_state=None, ci_level: float = 0.95) -> SatisfactionStudy:
    """Fit ``model`` (an unfitted PLS path model, e.g. ``ecsi_model()``) on the survey of ``db``; see the module.

    Warnings of the engines (bootstrap resamples that failed, negative outer
    weights) become ``notes`` that :func:`respondents_note` states.
    """
    survey = db.survey_table()
    # the columns first: a question missing from the survey is named as such (the scale lookup below would
    # otherwise find no declared scale for it and say "the rating scale of the survey is unknown")
    sample = complete_responses(survey, model.blocks, extra_items=[satisfaction_item, loyalty_item])
    data = sample.data
    scale = survey_scale(data, None, items=[satisfaction_item])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(data)
        drivers = pls_driver_priorities(model, data, target, n_bootstrap=n_bootstrap, random_state=random_state,
                                        ci_level=ci_level)
        index = model.index_scores(data)
        nps = None
        if recommend_item:
            nps = net_promoter_score(data[recommend_item], ci_level=ci_level)
    notes = list(dict.fromkeys(str(w.message) for w in caught))
    churned = survey_churn(db, data, loyalty_item)
    levels = satisfaction_levels(data[satisfaction_item], scale=scale)["level"]
    known = churned.notna()
    by_level = churn_by_satisfaction_level(levels[known], churned[known]) if known.any() else None
    linked = "customer_id" in data.columns and bool(data["customer_id"].notna().any())
    return SatisfactionStudy(sample=sample, model=model, drivers=drivers, target=target, index=index,
                             churned=churned, by_level=by_level, levels=levels, satisfaction_item=satisfaction_item,
                             loyalty_item=loyalty_item, scale=tuple(scale), nps=nps, linked=linked, notes=notes)


# ---------------------------------------------------------------------------------------------- sentences
def respondents_note(study: SatisfactionStudy, lang: str = "en") -> Markdown:
    """Who the page is about: one respondent count, everyone left out (count and reason), missing answers per block."""
    check_language(lang)
    sample = study.sample
    k_items = len({i for cols in study.model.blocks.values() for i in cols} | {study.satisfaction_item,
                                                                               study.loyalty_item})
    if not sample.n_excluded:
        return Markdown(text("sat_sample_all", lang, n=count(study.n)))
    parts = [text("sat_sample", lang, n=count(study.n), total=count(sample.n_total)),
             exclusion_sentence([(sample.excluded["missing_answers"], text("sat_respondents", lang),
                                  text("sat_reason_missing", lang, k=k_items))], lang)]
    blocks = sample.missing_by_block[sample.missing_by_block > 0]
    if len(blocks):
        listed = text("sep_enum", lang).join(text("sat_block_count", lang, name=construct_label(c, lang), n=count(k))
                          for c, k in blocks.items())
        parts.append(text("sat_missing_by_block", lang, blocks=listed))
    parts += study.notes
    return Markdown(" ".join(parts[:2]) + ("\n\n" + "\n\n".join(parts[2:]) if parts[2:] else ""))


def _kind(study, lang):
    return text("sat_kind_stated" if study.stated else "sat_kind_churn", lang)


def satisfaction_headline(study: SatisfactionStudy, lang: str = "en") -> Markdown:
    """The first-screen message: index scores, the driver to act on (only a clear one), who to act on, worth.

    The driver is the most important one whose priority is "concentrate
    here" (importance clearly above and performance clearly below the
    drivers' averages, :func:`~crm_analysis.satisfaction.pls_driver_priorities`);
    without one the headline says so and names the most important driver.
    Who and worth come from :func:`~crm_analysis.satisfaction.dissatisfaction_gap`.
    """
    check_language(lang)
    means = study.index.mean()
    lines = [text("sat_headline_index", lang, sat=means.get("satisfaction", np.nan),
                  loy=means.get("loyalty", np.nan), n=count(study.n))]
    drivers = study.drivers
    target = construct_label(study.target, lang)
    urgent = drivers[drivers["priority"] == "concentrate here"].sort_values("importance", ascending=False)
    if len(urgent):
        top = urgent.iloc[0]
        lines.append(text("sat_headline_act", lang, name=construct_label(urgent.index[0], lang), target=target,
                          imp=top["importance"], perf=top["performance"]))
    else:
        top = drivers.sort_values("importance", ascending=False).iloc[0]
        lines.append(text("sat_headline_no_act", lang, name=construct_label(top.name, lang), target=target,
                          imp=top["importance"], perf=top["performance"]))
    if study.by_level is not None:
        gap = dissatisfaction_gap(study.by_level)
        total = gap["n_total"]
        who = "sat_headline_who" if total == study.n else "sat_headline_who_partial"
        lines.append(text(who, lang, k=count(gap["n_unhappy"]), total=count(total),
                          share=percent(gap["n_unhappy"] / total, 1), kind=_kind(study, lang),
                          bad=percent(gap["unhappy_rate"], 0), good=percent(gap["happy_rate"], 0)))
        if gap["kept"] >= 0.5:  # "about 0 of them would stay" says nothing
            lines.append(text("sat_headline_worth", lang, neutral=percent(gap["neutral_rate"], 0),
                              kept=count(gap["kept"])))
    return Markdown("\n\n".join(lines))


def satisfaction_kpis(study: SatisfactionStudy, lang: str = "en") -> pd.DataFrame:
    """The KPI table: respondents, satisfaction and loyalty index, NPS (with a recommend item), churn rate."""
    means = study.index.mean()
    values: dict = {"respondents": count(study.n)}
    for construct in ("satisfaction", "loyalty"):
        if construct in means:
            values[f"{construct}_index"] = number(means[construct], 1)
    if study.nps is not None:
        nps = study.nps
        values["nps"] = text("sat_nps_value", lang, nps=f"{nps['nps']:.0f}", level=_level(study),
                             lo=f"{nps['ci_lower']:.0f}", hi=f"{nps['ci_upper']:.0f}")
    if study.by_level is not None:
        n_churn = int(study.by_level["n"].sum())
        rate = float(study.by_level["churned"].sum()) / n_churn
        values["stated_churn_rate" if study.stated else "churn_rate"] = percent(rate, 1)
        if n_churn != study.n:
            values["sat_churn_respondents"] = count(n_churn)
    return kpi_table(values, lang)


def _interval(lo, hi, digits):
    return f"{lo:.{digits}f}–{hi:.{digits}f}"


def _level(study):
    return percent(study.drivers.attrs.get("ci_level", 0.95), 0)


def driver_table(study: SatisfactionStudy, lang: str = "en") -> pd.DataFrame:
    """Drivers, most urgent first: importance and performance with their bootstrap intervals, and the priority."""
    check_language(lang)
    ranked = rank_drivers(study.drivers, "priority")
    level = _level(study)
    return pd.DataFrame({
        text("sat_driver", lang): [construct_label(i, lang) for i in ranked.index],
        text("sat_importance", lang): [number(v, 2) for v in ranked["importance"]],
        text("sat_importance_ci", lang, level=level): [_interval(a, b, 2) for a, b in
                                                      zip(ranked["importance_lower"], ranked["importance_upper"])],
        text("sat_performance", lang): [number(v, 1) for v in ranked["performance"]],
        text("sat_performance_ci", lang, level=level): [_interval(a, b, 1) for a, b in
                                                       zip(ranked["performance_lower"], ranked["performance_upper"])],
        text("sat_priority", lang): [text(_ACTION_KEYS[p], lang) for p in ranked["priority"]],
    }).set_index(text("sat_driver", lang))


def priority_text(study: SatisfactionStudy, lang: str = "en") -> Markdown:
    """One line per driver, most urgent first, from the same numbers as :func:`driver_table`."""
    check_language(lang)
    drivers = study.drivers
    icut, pcut = drivers.attrs["importance_cut"], drivers.attrs["performance_cut"]
    lines = []
    for name, row in rank_drivers(drivers, "priority").iterrows():
        fields = dict(name=construct_label(name, lang), imp=row["importance"], perf=row["performance"],
                      imp_ci=_interval(row["importance_lower"], row["importance_upper"], 2),
                      perf_ci=_interval(row["performance_lower"], row["performance_upper"], 0),
                      icut=icut, pcut=pcut)
        if row["priority"] == NO_CLEAR_PRIORITY:
            axes = ("sat_axis_both" if not (row["importance_clear"] or row["performance_clear"]) else
                    "sat_axis_importance" if not row["importance_clear"] else "sat_axis_performance")
            line = text("sat_priority_unclear", lang, axes=text(axes, lang), **fields)
        else:
            line = text(f"sat_priority_{_QUADRANT_KEYS[row['priority']]}", lang, **fields)
        if lang == "en" and line[0].islower() and not line.startswith("**"):
            line = line[0].upper() + line[1:]
        lines.append(f"- {line}")
    return Markdown("\n".join(lines))


def uncertainty_note(study: SatisfactionStudy, lang: str = "en") -> Markdown:
    """How the intervals were made and when a driver reads "no clear priority"."""
    return Markdown(text("sat_uncertainty", lang, level=_level(study), b=count(study.drivers.attrs["n_bootstrap"])))


def churn_note(study: SatisfactionStudy, lang: str = "en") -> Markdown:
    """Where churn comes from (observed or stated), and the respondents the churn table cannot cover."""
    check_language(lang)
    if study.stated:
        low, high = study.scale
        parts = [text("sat_churn_stated", lang, item=study.loyalty_item, cut=number((low + high) / 2, 1)
                      if (low + high) % 2 else count((low + high) / 2))]
    else:
        parts = [text("sat_churn_observed", lang)]
    n_churn = 0 if study.by_level is None else int(study.by_level["n"].sum())
    if n_churn != study.n:
        parts.append(text("sat_churn_unmatched", lang, n=count(n_churn), total=count(study.n),
                          k=count(study.n - n_churn)))
    parts.append(text("missing_cell", lang) + text("full_stop", lang))
    return Markdown(" ".join(parts))


def churn_level_table(study: SatisfactionStudy, lang: str = "en", *, claim: bool = True) -> pd.DataFrame:
    """Respondents, churn (or stated intention) rate and Wilson interval per level (, the textbook claim C1)."""
    check_language(lang)
    table = study.by_level
    rate_key = "stated_churn_rate" if study.stated else "churn_rate"
    out = pd.DataFrame({
        text("sat_level", lang): [level_label(lv, lang) for lv in table.index],
        text("respondents", lang): [count(n) for n in table["n"]],
        text(rate_key, lang): [percent(r, 0) for r in table["churn_rate"]],
        text("confidence_interval", lang): [f"{100 * lo:.0f}–{100 * hi:.0f}%"
                                            for lo, hi in zip(table["ci_lower"], table["ci_upper"])],
    })
    if claim:
        out[text("sat_claim_c1_rate", lang)] = [percent(c, 1) for c in table["claim_c1"]]
    return out.set_index(text("sat_level", lang))


# ---------------------------------------------------------------------------------------------- figures
def importance_performance_figure(study: SatisfactionStudy, lang: str = "en"):
    """The importance-performance map with bootstrap error bars, points named and every text in ``lang``."""
    drivers = study.drivers
    ax = plot_importance_performance(drivers, labels={name: "" for name in drivers.index})
    ax.margins(0.15)  # room for the point labels
    ax.legend(loc="center left", bbox_to_anchor=(1, 0.5), frameon=False)
    localize(ax, lang)
    # point names last: a construct of the user's own model has no catalogue entry and keeps its name
    # neighbours by importance alternate above and below their point, so close points keep readable names
    below = set(drivers.sort_values("importance").index[1::2])
    for annotation, name in zip([t for t in ax.texts], drivers.index):
        annotation.set_text(construct_label(name, lang))
        if name in below:
            annotation.set_position((4, -11))
    return ax


def localize_figure(ax, lang: str = "en"):
    """:func:`~crm_analysis.present.localize`, plus category tick labels set with ``set_xticks(ticks, labels)``.

    (matplotlib 3.11 keeps such labels in a FuncFormatter, which ``localize``
    does not rewrite; they are translated here through the same catalogue.)
    """
    from .catalogue import translate

    localize(ax, lang)
    if lang != "en":
        for axis in (ax.xaxis, ax.yaxis):
            if type(axis.get_major_formatter()).__name__ == "FuncFormatter":
                ticks = axis.get_ticklocs()
                shown = [t.get_text() for t in axis.get_ticklabels()]
                if any(shown):
                    rotation = axis.get_ticklabels()[0].get_rotation() if shown else 0
                    axis.set_ticks(ticks, [translate(x, lang) or x for x in shown], rotation=rotation)
    return ax


def churn_figure(study: SatisfactionStudy, lang: str = "en"):
    """Churn (or stated intention) by satisfaction level with Wilson intervals and claim C1, in ``lang``."""
    ylabel = "Stated intention to leave (%)" if study.stated else "Churn rate (%)"
    return localize_figure(plot_churn_by_level(study.by_level, ylabel=ylabel), lang)


# ---------------------------------------------------------------------------------------------- lists
#: order of the follow-up list by status: observed churn -- still customers (they can still be kept) before
#: unknown status before those who have left; stated churn -- those who say they may not buy again (the most
#: urgent) first.  Within a group, lowest satisfaction first.
_FOLLOW_UP_GROUPS = {False: [(0.0, "stays"), (np.nan, "unknown"), (1.0, "left")],
                     True: [(1.0, "intends"), (np.nan, "unknown"), (0.0, "stays_stated")]}


def _follow_up_rows(study: SatisfactionStudy):
    """The follow-up respondents in list order, the group of each, and their satisfaction score (0-100)."""
    data = study.sample.data
    unhappy = study.levels.isin(UNHAPPY_LEVELS) & data["customer_id"].notna()
    rows = data.index[unhappy.to_numpy()]
    churned = study.churned.loc[rows]
    groups = _FOLLOW_UP_GROUPS[study.stated]
    rank = pd.Series(next(k for k, (v, _) in enumerate(groups) if np.isnan(v)), index=rows)
    for k, (value, _) in enumerate(groups):
        if not np.isnan(value):
            rank[churned == value] = k
    score = (study.index.loc[rows, "satisfaction"] if "satisfaction" in study.index
             else study.index.loc[rows].mean(axis=1))
    order = pd.DataFrame({"group": rank, "score": score}).sort_values(["group", "score"], kind="stable").index
    return order, rank.loc[order], score.loc[order]


def follow_up_frame(study: SatisfactionStudy, lang: str = "en") -> pd.DataFrame:
    """Dissatisfied and very dissatisfied respondents with a customer ID: score, weakest driver, status.

    Ordered by status group, then by satisfaction index (lowest first)
    within a group: with observed churn still customers first (they can
    still be kept), then unknown status, then those who have left; with
    stated churn those who say they may not buy again first.
    :func:`follow_up_list` states this order and the group sizes.  Columns
    are labelled in ``lang``.
    """
    data = study.sample.data
    order, _, score = _follow_up_rows(study)
    weakest = weakest_driver(study.index.loc[order], list(study.drivers.index))
    churned = study.churned.loc[order]
    if study.stated:
        status = churned.map({1.0: text("sat_status_intends", lang), 0.0: text("sat_status_stays_stated", lang)})
    else:
        status = churned.map({1.0: text("sat_status_left", lang), 0.0: text("sat_status_stays", lang)})
    status = status.fillna(text("sat_status_unknown", lang))
    low, high = study.scale
    return pd.DataFrame({
        text("sat_customer_id", lang): data.loc[order, "customer_id"].astype(str).to_numpy(),
        text("sat_rating", lang, low=count(low), high=count(high)):
            pd.to_numeric(data.loc[order, study.satisfaction_item]).round().astype(int).to_numpy(),
        text("sat_score", lang): score.round(0).astype(int).to_numpy(),
        text("sat_weakest", lang): [construct_label(w, lang) for w in weakest.loc[order]],
        text("sat_status", lang): status.to_numpy(),
    })


def follow_up_intro(study: SatisfactionStudy, lang: str = "en", *, shown: int = 10) -> str:
    """The sentence above the follow-up list: how many, in which order (group sizes), how many shown of how many."""
    _, group, _ = _follow_up_rows(study)
    sizes = group.value_counts()
    groups = _FOLLOW_UP_GROUPS[study.stated]
    parts = [text(f"sat_group_{key}", lang, n=count(int(sizes[k]))) for k, (_, key) in enumerate(groups)
             if sizes.get(k, 0)]
    k = len(group)
    intro = text("sat_follow_up_intro", lang, k=count(k), groups=text("sat_then", lang).join(parts))
    shown_line = (text("sat_follow_up_shown_all", lang, k=count(k)) if k <= shown else
                  text("sat_follow_up_shown", lang, shown=count(shown), k=count(k)))
    return intro + text("sentence_space", lang) + shown_line


def follow_up_list(study: SatisfactionStudy, lang: str = "en", *, shown: int = 10):
    """The list a manager acts on, written as CSV and Excel (:func:`~crm_analysis.present.export_list`).

    Linked to customer IDs: the dissatisfied respondents (:func:`follow_up_frame`),
    the first ``shown`` displayed on the page, the sentence above saying the
    order and how many of how many are shown (:func:`follow_up_intro`).
    Without IDs: the driver priority table.  Returns the Markdown line
    linking the files.
    """
    from .exports import export_list

    if study.linked:
        frame = follow_up_frame(study, lang)
        if not len(frame):
            return Markdown(text("sat_no_follow_up", lang))
        display(Markdown(follow_up_intro(study, lang, shown=shown)))
        display(HTML(frame.head(shown).to_html(index=False, escape=True)))
        return export_list(frame, "follow_up", lang, title=text("sat_follow_up_list", lang))
    display(Markdown(text("sat_priority_list_intro", lang)))
    return export_list(driver_table(study, lang).reset_index(), "driver_priorities", lang,
                       title=text("sat_priority_list", lang))


# ---------------------------------------------------------------------------------------------- teaching
@dataclass
class TeachingSurvey:
    """The survey of the teaching notebook: complete respondents with a churn value, and what was left out."""

    data: pd.DataFrame
    churned: pd.Series
    scale: tuple
    n_total: int
    n_missing_answers: int
    n_no_churn: int

    def note(self, lang: str = "en") -> Markdown:
        """One sentence: how many respondents the analyses use, and who was left out and why."""
        items = [(self.n_missing_answers, text("sat_respondents", lang), text("sat_reason_missing_teach", lang)),
                 (self.n_no_churn, text("sat_respondents", lang), text("sat_reason_no_churn", lang))]
        source = text("sat_teach_source_stated" if self.churned.attrs.get("source") == "stated"
                      else "sat_teach_source_observed", lang)
        if not self.n_missing_answers and not self.n_no_churn:
            return Markdown(text("sat_teach_sample_all", lang, n=count(len(self.data))) + " " + source)
        return Markdown(text("sat_teach_sample", lang, n=count(len(self.data)), total=count(self.n_total)) + " "
                        + exclusion_sentence(items, lang) + " " + source)


def teaching_survey(db, model, *, satisfaction_item: str = "sat1", loyalty_item: str = "loy1") -> TeachingSurvey:
    """The survey of ``db`` for the teaching notebook: respondents with every answer ``model`` uses and a churn value.

    Churn as in :func:`survey_churn` (observed when linked to customers with
    a churn label, else stated); respondents without one are left out and
    counted, so every section of the notebook works on the same respondents.
    """
    survey = db.survey_table()
    sample = complete_responses(survey, model.blocks, extra_items=[satisfaction_item, loyalty_item])
    scale = survey_scale(sample.data, None, items=[satisfaction_item])
    churned = survey_churn(db, sample.data, loyalty_item)
    known = churned.notna().to_numpy()
    data = sample.data.loc[known]
    data.attrs = dict(sample.data.attrs)
    out = churned.loc[known].astype(int)
    out.attrs = dict(churned.attrs)
    return TeachingSurvey(data=data, churned=out, scale=tuple(scale), n_total=sample.n_total,
                          n_missing_answers=sample.n_excluded, n_no_churn=int((~known).sum()))
