"""Small tables and plain-language texts for the satisfaction reports (notebooks 12 and 32).

The report notebooks hold no logic, so everything they show beyond the
engine's own output is built here: loading the survey chosen by a parameter,
scale scores (mean rating per construct), the churn outcome, the KPI values,
and display tables and sentences in English or Chinese whose numbers come
from the engine's tables (never typed by hand).

Display tables are for reading, not for further computation: values are
rounded, percentages are shown as percentages and column names are labels in
the report language (see :mod:`crm_analysis.reports.labels`).
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError, DataExclusionWarning
from ..reports.labels import LABELS, label
from ..validation import (caller_stacklevel, check_columns, declare_scale, missing_per_item, offending_rows,
                          survey_items, survey_scale, to_numeric_column)
from .scales import SATISFACTION_LEVELS, net_promoter_score

__all__ = ["load_survey", "block_means", "churn_outcome", "satisfaction_kpis", "driver_table", "priority_text",
           "churn_level_table", "satisfaction_headline", "construct_label", "QUADRANT_ORDER"]

#: Quadrants of an importance-performance table, most urgent first.
QUADRANT_ORDER = ["concentrate here", "keep up the good work", "low priority", "possible overkill"]
_QUADRANT_KEYS = {"concentrate here": "ipa_concentrate", "keep up the good work": "ipa_keep_up",
                  "low priority": "ipa_low_priority", "possible overkill": "ipa_overkill"}


def load_survey(survey_file: str = "", *, scale=None, missing_codes=None, blocks: dict | None = None, items=None,
                customer_col: str | None = None, n_respondents: int = 500, random_state=None) -> pd.DataFrame:
    """The survey a report runs on: a file (CSV, Excel, SPSS, Parquet) or, for ``""``, the synthetic ECSI survey.

    With ``scale=(low, high)`` the answers are read on that declared scale:
    ``missing_codes`` (e.g. ``[-99, 99]``) become missing, counted per item in a
    warning, any other answer outside the scale is an error naming the rows,
    and the scale travels with the table (``attrs["scale"]``) so every later
    analysis checks against it.  The rating items are ``items``, else the
    items of ``blocks`` (``{construct: [columns]}``), else every numeric
    column.  Files are read by :func:`crm_analysis.io.read_survey` (which
    records the file and its SHA-256 for the report's provenance footer);
    without a scale, by :func:`crm_analysis.store.read_table` as they are.

    The synthetic survey is :func:`crm_analysis.datasets.make_survey` with
    ``n_respondents`` and ``random_state``; it is declared on 1-10, so another
    ``scale`` is an error.
    """
    if items is None and blocks:
        items = list(dict.fromkeys(i for cols in blocks.values() for i in cols))
    codes = tuple(missing_codes or ())
    if survey_file:
        return _read_survey_file(survey_file, scale=scale, missing_codes=codes, items=items,
                                 customer_col=customer_col)
    from ..datasets import make_survey

    survey = make_survey(n_respondents, random_state=random_state)
    survey_scale(survey, scale)  # the synthetic answers are on 1-10: another scale is a contradiction
    return survey


def _read_survey_file(path, *, scale, missing_codes, items, customer_col) -> pd.DataFrame:
    """Read a survey file on its declared scale (the package's one reader when it is there)."""
    try:
        from ..io import read_survey
    except ImportError:  # a build without the reader module: the store's reader, then the same checks
        read_survey = None
    if scale is not None and read_survey is not None:
        return read_survey(path, scale=scale, items=items, missing_codes=missing_codes, customer_col=customer_col)
    from ..store import read_table

    frame = read_table(path)
    if scale is None:
        if missing_codes:
            raise CRMDataError("missing_codes need the rating scale too (a code lies outside it): pass scale=(low, high)")
        return frame
    return declare_scale(frame, scale, items=items, missing_codes=missing_codes)


def block_means(data: pd.DataFrame, blocks: dict) -> pd.DataFrame:
    """Scale scores: the mean rating of each construct's items per respondent (columns named by construct).

    The simple unweighted "summated scale" of survey research; a respondent
    who skipped some items of a block gets the mean of the items answered
    (NaN only when all are missing) -- a warning counts the respondents and the
    missing answers per item.  Answers are checked against the scale declared
    with ``data`` (or, undeclared, for missing-answer codes such as -99); the
    means lie on the same scale, which the result declares (``attrs["scale"]``,
    items = the constructs).
    """
    items = [i for cols in blocks.values() for i in cols]
    check_columns(data, items, name="survey")
    numeric = survey_items(data, items)
    gaps = numeric.isna()
    if gaps.to_numpy().any():
        partial = gaps.any(axis=1)
        warnings.warn(f"{int(partial.sum())} of {len(numeric)} respondents skipped some items: their scale score is "
                      f"the mean of the items they answered (NaN for a block left blank; missing per item: "
                      f"{missing_per_item(numeric)}; {offending_rows(partial, numeric.index)})",
                      DataExclusionWarning, stacklevel=caller_stacklevel())
    out = pd.DataFrame({construct: numeric[list(cols)].mean(axis=1) for construct, cols in blocks.items()},
                       index=data.index)
    if "scale" in numeric.attrs:
        out = out.copy()
        out.attrs = {"scale": numeric.attrs["scale"], "items": list(blocks)}
    return out


def churn_outcome(data: pd.DataFrame, churn_column: str = "churned", *, intention_item: str | None = None,
                  scale: tuple[float, float] | None = None) -> pd.Series:
    """A 0/1 churn Series for the reports: observed churn, or stated defection when no churn was observed.

    With ``churn_column`` (a 0/1 column of the survey) the observed churn is
    returned.  With ``churn_column=""`` the survey has no behaviour, and churn
    is *stated*: an answer to ``intention_item`` (e.g. "will you buy from us
    again?") in the lower half of the rating ``scale`` counts as intending to
    leave; the scale is ``scale`` or the one declared with ``data`` (required
    for stated churn; an answer outside it is an error).  ``attrs["source"]``
    says which ("observed" or "stated") and ``attrs["column"]`` the column
    used, so reports can say it.  A respondent without a churn value (or an
    intention answer) gets NaN, counted in a warning.
    """
    if churn_column:
        check_columns(data, [churn_column], name="survey")
        values = to_numeric_column(data, churn_column, name="survey", allow_missing=True)
        bad = values.notna() & ~values.isin([0, 1])
        if bad.any():
            raise CRMDataError(f"column '{churn_column}' must be 0/1; other values in {offending_rows(bad, data.index)}")
        out, source, column = values, "observed", churn_column
    else:
        if not intention_item:
            raise CRMDataError("without a churn column, name an intention_item (a repurchase-intention question)")
        check_columns(data, [intention_item], name="survey")
        answers = survey_items(data, [intention_item], scale=scale, require_scale=True)
        rating = answers[intention_item]
        midpoint = (answers.attrs["scale"][0] + answers.attrs["scale"][1]) / 2
        out = (rating <= midpoint).astype(float).where(rating.notna())
        source, column = "stated", intention_item
    out = pd.Series(out, index=data.index, name="churned")
    if out.isna().any():
        warnings.warn(f"{int(out.isna().sum())} of {len(out)} respondents have no value in '{column}': their churn "
                      f"is missing ({offending_rows(out.isna(), out.index)})", DataExclusionWarning,
                      stacklevel=caller_stacklevel())
    out.attrs = {"source": source, "column": column}
    return out


def construct_label(name: str, lang: str = "en") -> str:
    """Display name of a construct (``construct_<name>`` in the label table; the name itself otherwise)."""
    key = f"construct_{name}"
    return label(key, lang) if key in LABELS else str(name)


def _quadrant_label(quadrant: str, lang: str) -> str:
    return label(_QUADRANT_KEYS[quadrant], lang)


def _percent(share: float, digits: int = 0) -> str:
    return f"{100 * share:.{digits}f} %"


def satisfaction_kpis(model, data: pd.DataFrame, *, churned: pd.Series | None = None, recommend_item: str = "",
                      scale: tuple[float, float] | None = None, ci_level: float = 0.95) -> dict:
    """KPI values (label key -> value) for :func:`crm_analysis.reports.kpi_table`.

    ``respondents`` (model's respondents), ``satisfaction_index`` and
    ``loyalty_index`` (mean 0-100 index scores of the fitted PLS ``model``,
    as text with one decimal; only the constructs the model has), ``nps`` with its interval
    when ``recommend_item`` names a 0-10 recommendation question, and
    ``churn_rate`` (observed) or ``stated_churn_rate`` when ``churned`` is given
    (over the respondents with a value).  The index uses the scale declared
    with ``data``, ``scale=`` or the model's (see ``PLSPathModel.index_scores``).
    """
    index = model.index_scores(data, scale=scale).mean()
    kpis: dict = {"respondents": int(model.n_obs_)}
    for construct in ("satisfaction", "loyalty"):
        if construct in index:
            kpis[f"{construct}_index"] = f"{float(index[construct]):.1f}"
    if recommend_item:
        check_columns(data, [recommend_item], name="survey")
        nps = net_promoter_score(data[recommend_item], ci_level=ci_level)
        kpis["nps"] = f"{nps['nps']:.0f} ({ci_level:.0%} CI {nps['ci_lower']:.0f} to {nps['ci_upper']:.0f})"
    if churned is not None:
        key = "churn_rate" if churned.attrs.get("source", "observed") == "observed" else "stated_churn_rate"
        kpis[key] = _percent(float(churned.mean()), 1)
    return kpis


def _ranked(ipma: pd.DataFrame) -> pd.DataFrame:
    """IPMA rows ordered by quadrant urgency, then by importance (largest first)."""
    order = ipma["quadrant"].map({q: i for i, q in enumerate(QUADRANT_ORDER)})
    return ipma.assign(_order=order).sort_values(["_order", "importance"], ascending=[True, False]).drop(columns="_order")


def driver_table(ipma: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Display table of an importance-performance table: driver, importance, performance, action; urgent first.

    ``ipma`` is the output of :func:`importance_performance` or
    :func:`pls_importance_performance` (importance, performance, quadrant).
    """
    ranked = _ranked(ipma)
    return pd.DataFrame({
        label("driver", lang): [construct_label(i, lang) for i in ranked.index],
        label("importance", lang): ranked["importance"].round(2).to_numpy(),
        label("performance", lang): ranked["performance"].round(1).to_numpy(),
        label("action", lang): [_quadrant_label(q, lang) for q in ranked["quadrant"]],
    }).set_index(label("driver", lang))


_SENTENCES = {
    "concentrate here": {
        "en": "**Improve {name} first**: above-average importance ({imp:.2f}), below-average performance "
              "({perf:.0f}/100).",
        "zh": "**优先改进{name}**：重要性高于平均（{imp:.2f}），表现低于平均（{perf:.0f}/100）。"},
    "keep up the good work": {
        "en": "**Keep up {name}**: above-average importance ({imp:.2f}) and performance ({perf:.0f}/100).",
        "zh": "**保持{name}**：重要性（{imp:.2f}）和表现（{perf:.0f}/100）都高于平均。"},
    "low priority": {
        "en": "{name}: below-average importance ({imp:.2f}) and performance ({perf:.0f}/100), so a low priority.",
        "zh": "{name}：重要性（{imp:.2f}）和表现（{perf:.0f}/100）都低于平均，优先级低。"},
    "possible overkill": {
        "en": "{name}: above-average performance ({perf:.0f}/100) but below-average importance ({imp:.2f}); "
              "do not add resources here.",
        "zh": "{name}：表现高于平均（{perf:.0f}/100），但重要性低于平均（{imp:.2f}），不必再增加投入。"},
}


def priority_text(ipma: pd.DataFrame, lang: str = "en") -> str:
    """Markdown list of plain-language priorities, one line per driver, most urgent first.

    "Improve X first" for high importance and low performance (the
    *concentrate here* quadrant), then what to keep up, what is a low
    priority and where there may be overkill.  Numbers come from ``ipma``.
    """
    ranked = _ranked(ipma)
    lines = [_SENTENCES[row.quadrant][lang].format(name=construct_label(name, lang), imp=row.importance,
                                                   perf=row.performance)
             for name, row in ranked.iterrows()]
    return "\n".join(f"- {line}" for line in lines)


def churn_level_table(table: pd.DataFrame, lang: str = "en", *, claim: bool = True,
                      stated: bool = False) -> pd.DataFrame:
    """Display table of :func:`churn_by_satisfaction_level`: level, respondents, churn %, interval (, claim C1).

    Levels are named in the report language (Chinese names of the six-level
    typology for ``lang="zh"``); rates are whole percentages.  ``stated=True``
    heads the rate column "stated intention to leave" (see :func:`churn_outcome`).
    """
    names = [SATISFACTION_LEVELS["chinese"].get(level, level) if lang == "zh" else level for level in table.index]
    out = pd.DataFrame({
        label("satisfaction_level", lang): names,
        label("respondents", lang): table["n"].to_numpy(),
        label("stated_churn_rate" if stated else "churn_rate", lang): [_percent(r) for r in table["churn_rate"]],
        label("confidence_interval", lang): [f"{100 * lo:.0f}-{100 * hi:.0f} %"
                                     for lo, hi in zip(table["ci_lower"], table["ci_upper"])],
    })
    if claim:
        out[label("claim_c1_rate", lang)] = [_percent(c, 1) if np.isfinite(c) else "" for c in table["claim_c1"]]
    return out.set_index(label("satisfaction_level", lang))


_HEADLINE = {
    "index": {"en": "**Satisfaction index {sat:.0f}/100, loyalty index {loy:.0f}/100** ({n:,} respondents).",
              "zh": "**满意度指数 {sat:.0f}/100，忠诚度指数 {loy:.0f}/100**（{n:,} 位受访者）。"},
    "act": {"en": "**Act on {name}**: of the drivers of {target}, it matters most among those performing below "
                  "average (importance {imp:.2f}, performance {perf:.0f}/100).",
            "zh": "**重点改进{name}**：在影响{target}的因素中，它是表现低于平均水平者中最重要的（重要性 {imp:.2f}，"
                  "表现 {perf:.0f}/100）。"},
    "no_act": {"en": "**No driver of {target} is both important and below average**; keep up {name} "
                     "(the most important driver, performance {perf:.0f}/100).",
               "zh": "**影响{target}的因素中，没有一个既重要又表现低于平均水平**；请保持{name}"
                     "（最重要的因素，表现 {perf:.0f}/100）。"},
    "who": {"en": "**Who to act on**: {k:,} of {total:,} respondents ({share}) are dissatisfied or very dissatisfied; "
                  "{kind} among them is {bad} against {good} among satisfied and very satisfied customers.",
            "zh": "**行动对象**：{total:,} 位受访者中有 {k:,} 位（{share}）不满意或非常不满意；他们的{kind}为 {bad}，"
                  "而满意和非常满意的客户仅为 {good}。"},
    "worth": {"en": "**What it is worth**: if they left at the rate of neutral customers ({neutral}), about "
                    "{saved:,.0f} of them would stay.",
              "zh": "**价值**：如果他们的流失率降到一般满意顾客的水平（{neutral}），其中约 {saved:,.0f} 位客户会留下。"},
}


def _pooled_rate(table: pd.DataFrame, levels) -> tuple[int, float]:
    rows = table.loc[[lv for lv in levels if lv in table.index]]
    n = int(rows["n"].sum())
    return n, (float(rows["churned"].sum()) / n if n else float("nan"))


def satisfaction_headline(index_means: pd.Series, n_respondents: int, ipma: pd.DataFrame, target: str,
                          churn_table: pd.DataFrame | None = None, *, stated: bool = False,
                          lang: str = "en") -> str:
    """The first-screen message of the management report, in Markdown.

    What is happening (mean satisfaction and loyalty index), which driver to
    act on (the most important driver in the *concentrate here* quadrant of
    ``ipma``, or the most important driver when that quadrant is empty), who
    to act on (dissatisfied and very dissatisfied respondents in
    ``churn_table``, a :func:`churn_by_satisfaction_level` table of five levels) and
    what it is worth: how many of them would stay if they churned at the
    neutral level's rate, :math:`\\sum_{\\text{dissatisfied}} n_l\\,(r_l - r_{\\text{neutral}})`
    (an association, not a promise: raising satisfaction need not lower churn
    that much).  ``stated=True`` says "stated intention to leave" instead of "churn".
    """
    lines = [_HEADLINE["index"][lang].format(sat=index_means.get("satisfaction", np.nan),
                                             loy=index_means.get("loyalty", np.nan), n=int(n_respondents))]
    target_name = construct_label(target, lang)
    urgent = ipma[ipma["quadrant"] == "concentrate here"].sort_values("importance", ascending=False)
    if len(urgent):
        top = urgent.iloc[0]
        lines.append(_HEADLINE["act"][lang].format(name=construct_label(urgent.index[0], lang), target=target_name,
                                                   imp=top["importance"], perf=top["performance"]))
    else:
        top = ipma.sort_values("importance", ascending=False).iloc[0]
        lines.append(_HEADLINE["no_act"][lang].format(name=construct_label(top.name, lang), target=target_name,
                                                      perf=top["performance"]))
    if churn_table is not None:
        unhappy = [lv for lv in ("very dissatisfied", "dissatisfied") if lv in churn_table.index]
        k, bad = _pooled_rate(churn_table, unhappy)
        _, good = _pooled_rate(churn_table, ["satisfied", "very satisfied"])
        kind = label("stated_churn_rate" if stated else "churn_rate", lang)
        kind = kind[0].lower() + kind[1:] if lang == "en" else kind
        total = int(churn_table["n"].sum())
        lines.append(_HEADLINE["who"][lang].format(k=k, total=total, share=_percent(k / total, 1) if total else "-",
                                                   kind=kind,
                                                   bad=_percent(bad), good=_percent(good)))
        neutral = float(churn_table["churn_rate"].get("neutral", np.nan))
        saved = sum(float(churn_table.loc[lv, "n"]) * max(float(churn_table.loc[lv, "churn_rate"]) - neutral, 0.0)
                    for lv in unhappy) if np.isfinite(neutral) else 0.0
        if saved >= 0.5:  # "about 0 of them would stay" says nothing
            lines.append(_HEADLINE["worth"][lang].format(neutral=_percent(neutral), saved=saved))
    return "\n\n".join(lines)
