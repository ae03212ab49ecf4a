"""Presentation of the customer-value reports: tables, findings, action lists and published-number checks.

The engines compute (:mod:`crm_analysis.value`, including
:func:`~crm_analysis.value.customer_base.analyse_customer_base` for a whole
report); this module turns their results into what a page shows, in the
business's currency and the report's language, every word from the
catalogue (``crm_analysis/present/catalogue/value.py``):

* :func:`report_margin` and :func:`margin_sentence` - the margin a report uses
  (the parameter, else the database's, else 1.0 = revenue) and saying which;
* :func:`exclusions_text` and :func:`notes_text` - what was left out, with
  counts and reasons, and the fit warnings that matter, as sentences;
* :func:`pareto_verdict` - the 80/20 claim read with its bootstrap interval
  ("within the noise" when the interval covers the claim);
* :func:`tier_table`, :func:`action_table`, :func:`group_name`,
  :func:`pareto_page_table` - tiers, quadrants and segments in the page language;
* :func:`value_kpis`, :func:`value_findings` - the management summary;
* :func:`contact_table` and :func:`contact_list` - the retention ("still
  active, at risk") and win-back ("probably gone") lists, for the page and for
  :func:`~crm_analysis.present.export_list`;
* :func:`published_check` - a teaching report's comparison with the published
  CDNOW numbers, which says "not applicable" on any other database.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError
from ..validation import check_columns, offending_rows
from ..value.concentration import customer_share_for_value
from .catalogue import check_language, has_text, text
from .format import count, display_table, number, percent
from .page import exclusion_sentence

__all__ = ["report_margin", "margin_sentence", "exclusions_text", "notes_text", "pareto_verdict", "group_name",
           "action_name", "tier_table", "action_table", "pareto_page_table", "value_kpis", "value_findings",
           "contact_table", "action_list", "list_note", "list_title", "published_check", "translate_groups",
           "value_demo", "require_transactions", "counted_text", "VALUE_DEMOS", "report_end", "halfway_date",
           "share_for_value_sentence", "PageTable", "page_table", "group_table", "describe_table",
           "window_exclusions", "quadrant_split_sentence", "fit_sentence", "spend_sentence", "discount_sentence",
           "discount_effect_sentence", "store_check", "model_comparison_page", "model_comparison_sentence",
           "clv_interval_sentence"]

_WHAT = ("revenue", "profit", "value")


def _pct(share, digits: int = 0) -> str:
    return percent(share, digits)


# ---------------------------------------------------------------------- margin
def report_margin(margin: float, facts: dict) -> tuple[float, str]:
    """The margin a value report uses and where it comes from: ``(margin, source)``.

    ``margin`` is the report parameter: a value in (0, 1] is used as given
    (``"parameter"``); the unset value ``0.0`` means "from the database"
    (``facts`` is :meth:`CustomerStore.describe`): its ``margin`` when recorded
    (``"database"``), else ``1.0``, values as revenue (``"revenue"``).

    >>> report_margin(0.0, {"margin": 0.35}), report_margin(0.0, {"margin": None}), report_margin(0.5, {})
    ((0.35, 'database'), (1.0, 'revenue'), (0.5, 'parameter'))
    """
    if margin is None or margin == 0:
        recorded = facts.get("margin")
        if recorded is None:
            return 1.0, "revenue"
        return float(recorded), "database"
    margin = float(margin)
    if not 0 < margin <= 1:
        raise CRMDataError(f"margin must lie in (0, 1] (a share of revenue), or 0.0 for the database's margin; "
                           f"got {margin}")
    return margin, ("revenue" if margin == 1 else "parameter")


def margin_sentence(margin: float, source: str, lang: str = "en") -> str:
    """Which values the page shows: profit at a margin (parameter / database) or revenue."""
    if source not in ("parameter", "database", "revenue"):
        raise ValueError(f"source must be 'parameter', 'database' or 'revenue', got {source!r}")
    if source == "revenue":
        return text("value_margin_revenue", lang)
    return text(f"value_margin_{source}", lang, margin=_pct(margin, 0 if round(100 * margin) == 100 * margin else 1))


# ---------------------------------------------------------------------- exclusions and notes
def exclusions_text(exclusions: dict, report_date, lang: str = "en", *, window: bool = False) -> str:
    """The sentence of everything a value report left out (``CustomerBase.exclusions``), with counts and reasons.

    ``window=True`` names ``report_date`` the end of an observation window
    (teaching pages: a calibration end) instead of the report date.
    """
    date = pd.Timestamp(report_date).date().isoformat()
    end = "_window" if window else ""
    items = [
        (exclusions.get("returns", 0), text("value_excluded_returns_what", lang),
         text("value_excluded_returns_reason", lang)),
        (exclusions.get("after_report_date", 0), text("value_excluded_late_what", lang),
         text(f"value_excluded_late_reason{end}", lang, date=date)),
        (exclusions.get("customers_without_purchases", 0), text("value_excluded_customers_what", lang),
         text(f"value_excluded_customers_reason{end}", lang)),
        (exclusions.get("zero_value_repeat", 0), text("value_excluded_zero_what", lang),
         text("value_excluded_zero_reason", lang)),
    ]
    if not any(n for n, _, _ in items):
        return text(f"value_excluded_none{end}", lang)
    sentence = exclusion_sentence(items, lang)
    return sentence


def notes_text(notes, lang: str = "en") -> str:
    """The fit warnings worth a sentence (``CustomerBase.notes``), or ``""``; never a raw warning block."""
    if not notes:
        return ""
    said = []
    for message in dict.fromkeys(str(m) for m in notes):
        if "correlat" in message and "spend" in message:  # SpendCorrelationWarning ("... are correlated ...")
            said.append(text("value_note_correlation", lang))
        elif "ran to the boundary" in message:  # ConvergenceWarning of BG/NBD-type fits (bgnbd.py)
            said.append(text("value_note_boundary", lang))
        else:
            said.append(text("value_note_other", lang, message=message.split(" (")[0]))
    return f"{text('value_notes_intro', lang)} " + " ".join(said)


# ---------------------------------------------------------------------- the 80/20 reading
def pareto_verdict(result: pd.Series, claim: float = 0.8, *, what: str = "revenue", lang: str = "en") -> str:
    """One-sentence reading of a :func:`~crm_analysis.value.top_share` result against the claimed share (C7: 80 %).

    When the bootstrap interval covers the claim, the sentence says the
    difference is *within the noise* (the data are consistent with the rule);
    otherwise it says on which side the whole interval lies.

    >>> r = pd.Series({"share": 0.2, "value_share": 0.68, "ci_lower": 0.65, "ci_upper": 0.70})
    >>> pareto_verdict(r)[:59]
    'The top 20% of customers bring 68% of revenue (95% interval'
    """
    check_language(lang)
    missing = [k for k in ["share", "value_share", "ci_lower", "ci_upper"] if k not in result.index]
    if missing:
        raise CRMDataError(f"result must be a top_share() result; missing {missing}")
    if what not in _WHAT:
        raise CRMDataError(f"what must be one of {list(_WHAT)}, got {what!r}")
    noun = text(f"value_what_{what}", lang)
    share, est, low, high = (float(result[k]) for k in ["share", "value_share", "ci_lower", "ci_upper"])
    level = float(result.get("ci_level", 0.95))
    rule = text("value_rule", lang, share=_pct(share), claim=_pct(claim))
    head = text("value_pareto_head", lang, share=_pct(share), est=_pct(est), what=noun, level=_pct(level),
                low=_pct(low), high=_pct(high))
    if low <= claim <= high:
        tail = text("value_pareto_within", lang, claim=_pct(claim), rule=rule)
    elif high < claim:
        tail = text("value_pareto_below", lang, claim=_pct(claim), rule=rule, what=noun)
    else:
        tail = text("value_pareto_above", lang, claim=_pct(claim), rule=rule, what=noun)
    return head + text("sentence_space", lang) + tail


def pareto_page_table(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """A :func:`~crm_analysis.value.pareto_table` for a page: "top 20%" rows and the revenue share in %."""
    check_columns(table, ["customer_share", "value_share"], name="table")
    out = pd.DataFrame({text("value_col_value_share", lang): [_pct(v, 1) for v in table["value_share"]]},
                       index=pd.Index([text("value_top_share_row", lang, share=_pct(s)) for s in
                                       table["customer_share"]], name=text("value_col_share_top", lang)))
    return out


# ---------------------------------------------------------------------- group names and actions
def _group_key(group: str) -> str | None:
    for prefix in ("value_tier_", "value_quadrant_", "value_segment_"):
        if has_text(prefix + group):
            return prefix + group
    return None


def group_name(group: str, lang: str = "en") -> str:
    """The name of a pyramid tier, quadrant or RFM segment in ``lang`` (English: the engine's name)."""
    key = _group_key(str(group))
    if key is None:
        raise CRMDataError(f"no name for group {group!r}: pass a pyramid tier, quadrant or RFM segment")
    return text(key, lang)


def action_name(group: str, lang: str = "en") -> str:
    """The suggested action of a pyramid tier or quadrant in ``lang``."""
    key = f"value_action_{group}"
    if not has_text(key):
        raise CRMDataError(f"no suggested action for group {group!r}: pass a pyramid or quadrant table")
    return text(key, lang)


def translate_groups(table: pd.DataFrame, lang: str = "en", *, drop=()) -> pd.DataFrame:
    """A copy of a pyramid / quadrant / segment table with its group names (index) in ``lang``.

    RFM ``description`` columns and ``action`` columns are translated too;
    ``drop`` removes columns first.  Numbers are left as they are.
    """
    out = table.drop(columns=list(drop)).copy()
    if "action" in out:
        out["action"] = [action_name(g, lang) for g in table.index]
    if "description" in out and lang != "en":
        out = out.drop(columns="description")
    out.index = pd.Index([group_name(g, lang) for g in table.index], name=table.index.name)
    return out


def tier_table(pyramid, expected_value: pd.Series | None = None, *, horizon: int = 12, context=None,
               lang: str = "en") -> pd.DataFrame:
    """The customer pyramid as a page table (strings): tier, customers, revenue, shares, [expected value], action.

    ``pyramid`` is :func:`~crm_analysis.value.customer_pyramid` on revenue;
    ``expected_value`` (e.g. CLV over ``horizon`` months, indexed by
    customer) adds each tier's expected future value.  Empty tiers (no bad
    customers without cost data) are left out; shares are whole percents,
    money in the business's currency (``context``, a
    :class:`~crm_analysis.present.ReportContext`).
    """
    check_language(lang)
    unit, currency_code = context.unit(lang), context.currency.code
    table, tiers = pyramid.table, pyramid.tiers
    rows = table.index[table["customers"] > 0]
    revenue = text("value_col_revenue", lang, currency=unit)
    frame = pd.DataFrame({
        text("value_col_customers", lang): table.loc[rows, "customers"].astype(int).to_numpy(),
        text("value_col_customer_share", lang): table.loc[rows, "customer_share"].to_numpy(),
        revenue: table.loc[rows, "value"].to_numpy(),
        text("value_col_revenue_share", lang): table.loc[rows, "value_share"].to_numpy(),
    }, index=pd.Index([group_name(t, lang) for t in rows], name=text("value_col_tier", lang)))
    money = [revenue]
    if expected_value is not None:
        by_tier = expected_value.reindex(tiers.index).groupby(tiers, observed=False).sum()
        column = text("value_col_expected_value", lang, h=horizon, currency=unit)
        frame[column] = by_tier.reindex(rows).to_numpy()
        money.append(column)
    frame[text("value_col_action", lang)] = [action_name(t, lang) for t in rows]
    shown = display_table(frame, lang, money_columns=money, currency_code=currency_code, money_digits=0,
                          counts=[text("value_col_customers", lang)],
                          percents=[text("value_col_customer_share", lang), text("value_col_revenue_share", lang)])
    for column in (text("value_col_customer_share", lang), text("value_col_revenue_share", lang)):
        shown[column] = frame[column].map(_pct)
    return shown


def action_table(table: pd.DataFrame, *, lang: str = "en") -> pd.DataFrame:
    """Group name, customers and suggested action of a pyramid or quadrant table, in ``lang``.

    >>> from crm_analysis.value import customer_pyramid
    >>> action_table(customer_pyramid([5, 3, 1]).table, lang="zh").iloc[0, 1][:4]
    '集中资源'
    """
    check_columns(table, ["customers"], name="table")
    unknown = [g for g in table.index if not has_text(f"value_action_{g}")]
    if unknown:
        raise CRMDataError(f"no suggested action for groups {unknown}: pass a pyramid or quadrant table")
    return pd.DataFrame({text("value_col_customers", lang): [count(n) for n in table["customers"]],
                         text("value_col_action", lang): [action_name(g, lang) for g in table.index]},
                        index=pd.Index([group_name(g, lang) for g in table.index], name=text("value_col_group", lang)))


# ---------------------------------------------------------------------- KPIs and findings
def value_kpis(totals: pd.DataFrame, clv: pd.Series, pareto: pd.Series, retention: pd.DataFrame,
               win_back: pd.DataFrame, context, lang: str = "en") -> dict:
    """Catalogue key -> value of the report's KPI table (for :func:`~crm_analysis.present.kpi_table`).

    Amounts are formatted in the business's currency (``context``, a
    :class:`~crm_analysis.present.ReportContext`).  The
    retention and win-back lists come from
    :func:`~crm_analysis.value.valuable_at_risk` and
    :func:`~crm_analysis.value.valuable_probably_gone`.
    """
    if not np.isclose(float(pareto["share"]), 0.2):
        raise CRMDataError(f"the KPI is the top-20% share; got a top_share result for share={pareto['share']}")

    def money(x):
        return context.money(x, lang)

    return {"value_kpi_customers": int(len(totals)), "value_kpi_revenue": money(float(totals["revenue"].sum())),
            "value_kpi_equity": money(float(clv.sum())), "value_kpi_top20": _pct(float(pareto["value_share"])),
            "value_kpi_retention": int(len(retention)),
            "value_kpi_retention_value": money(float(retention["value_at_risk"].sum())),
            "value_kpi_win_back": int(len(win_back)),
            "value_kpi_win_back_value": money(float(win_back["value"].sum()))}


def value_findings(pareto: pd.Series, pyramid, clv: pd.Series, retention: pd.DataFrame, win_back: pd.DataFrame,
                   context, *, horizon: int = 12, discount_rate: float = 0.10, valuable_share: float = 0.2,
                   min_p_alive: float = 0.1, max_p_alive: float = 0.5, profit: bool = False,
                   lang: str = "en") -> str:
    """The management report's conclusions as Markdown bullets, every number computed from the inputs.

    ``retention`` and ``win_back`` must come from the same ``valuable_share``,
    ``min_p_alive`` and ``max_p_alive``; amounts are in the business's
    currency (``context``); ``profit`` says whether the values are profit.
    """
    check_language(lang)

    def money(x):
        return context.money(x, lang)

    table = pyramid.table
    key, small = table.loc["key"], table.loc["small"]
    what = text("value_what_is_profit" if profit else "value_what_is_revenue", lang)
    lines = [
        pareto_verdict(pareto, lang=lang),
        text("value_finding_key", lang, n=count(key["customers"]), share=_pct(key["customer_share"]),
             value_share=_pct(key["value_share"]), small_share=_pct(small["customer_share"]),
             small_value_share=_pct(small["value_share"])),
        text("value_finding_equity", lang, n=count(len(clv)), equity=money(float(clv.sum())), h=horizon, what=what,
             rate=_pct(discount_rate), half=_pct(customer_share_for_value(clv.clip(lower=0), 0.5), 1)),
    ]
    bounds = {"valuable": _pct(valuable_share), "low": _pct(min_p_alive), "high": _pct(max_p_alive), "h": horizon}
    if len(retention):
        lines.append(text("value_finding_retention", lang, n=count(len(retention)),
                          value=money(float(retention["value"].sum())),
                          loss=money(float(retention["value_at_risk"].sum())), **bounds))
    else:
        lines.append(text("value_finding_retention_none", lang, **bounds))
    if len(win_back):
        lines.append(text("value_finding_win_back", lang, n=count(len(win_back)),
                          value=money(float(win_back["value"].sum())), low=bounds["low"], h=horizon))
    else:
        lines.append(text("value_finding_win_back_none", lang, low=bounds["low"]))
    return "\n".join(f"- {line}" for line in lines)


# ---------------------------------------------------------------------- action lists
def _silent_weeks(summary: pd.DataFrame, index) -> pd.Series:
    check_columns(summary, ["frequency", "recency", "T"], name="summary")
    unit = summary.attrs.get("time_unit")
    if unit not in (None, "W"):
        raise CRMDataError(f"the action lists count weeks: pass the summary in weeks (time_unit='W'), got {unit!r}")
    missing = ~pd.Index(index).isin(summary.index)
    if missing.any():
        raise CRMDataError(f"summary has no row for customers {offending_rows(pd.Series(missing), pd.Index(index))}")
    s = summary.loc[index]
    return (s["T"] - s["recency"]).round().astype(int)


def _list_frame(rows: pd.DataFrame, summary: pd.DataFrame, kind: str, unit: str, lang: str) -> pd.DataFrame:
    """The numbers of one list (customer ids as text), columns labelled in ``lang``."""
    check_columns(rows, ["p_churn", "value", "value_at_risk"], name=kind)
    weeks = _silent_weeks(summary, rows.index)
    p_alive = 1 - rows["p_churn"].astype(float)
    frame = pd.DataFrame({
        text("value_col_customer", lang): [str(i) for i in rows.index],
        text("value_col_list", lang): text(f"value_list_kind_{kind}", lang),
        text("value_col_frequency", lang): summary.loc[rows.index, "frequency"].astype(int).to_numpy(),
        text("value_col_weeks_silent", lang): weeks.to_numpy(),
        text("value_col_p_alive", lang): p_alive.round(4).to_numpy(),
        text("value_col_value_if_alive", lang, currency=unit): rows["value"].round(2).to_numpy(),
        text("value_col_value_at_risk", lang, currency=unit): rows["value_at_risk"].round(2).to_numpy(),
        text("value_col_reason", lang): [text(f"value_reason_{kind}", lang, weeks=count(w), p=_pct(p, 1))
                                          for w, p in zip(weeks, p_alive)],
    })
    return frame


def action_list(rows: pd.DataFrame, summary: pd.DataFrame, kind: str, context, lang: str = "en") -> pd.DataFrame:
    """One action list (``kind``: ``"retention"`` or ``"win_back"``) for :func:`~crm_analysis.present.export_list`.

    Columns (labelled in ``lang``): customer id (text), list (retention /
    win-back), repeat purchases, weeks since the last purchase, P(still
    active) (a share 0-1), value if still active and value at risk (in the
    business's currency, ``context``) and the reason and action.  ``rows``
    come from :func:`~crm_analysis.value.valuable_at_risk` (retention) or
    :func:`~crm_analysis.value.valuable_probably_gone` (win-back); ``summary``
    is the RFM summary in weeks they were made from.
    """
    check_language(lang)
    if kind not in ("retention", "win_back"):
        raise ValueError(f"kind must be 'retention' or 'win_back', got {kind!r}")
    return _list_frame(rows, summary, kind, context.unit(lang), lang)


def contact_table(rows: pd.DataFrame, summary: pd.DataFrame, kind: str, context, *, top: int = 15,
                  lang: str = "en") -> pd.DataFrame:
    """The first ``top`` rows of one list (``kind``: ``"retention"`` or ``"win_back"``) for the page (strings)."""
    frame = action_list(rows.head(top), summary, kind, context, lang)
    unit = context.unit(lang)
    # the reason is in the files; on the page the columns say it, and a long text column would be cut short
    frame = frame.drop(columns=[text("value_col_list", lang), text("value_col_reason", lang)]
                       ).set_index(text("value_col_customer", lang))
    money = [text("value_col_value_if_alive", lang, currency=unit), text("value_col_value_at_risk", lang, currency=unit)]
    shown = display_table(frame, lang, money_columns=money, currency_code=context.currency.code, money_digits=0,
                          counts=[text("value_col_frequency", lang), text("value_col_weeks_silent", lang)])
    shown[text("value_col_p_alive", lang)] = frame[text("value_col_p_alive", lang)].map(lambda p: _pct(p, 1))
    return shown


def list_note(rows: pd.DataFrame, top: int, lang: str = "en"):
    """The line under a list on the page: empty list, or "the first N of M; the files hold all" (else nothing)."""
    from IPython.display import Markdown

    if len(rows) == 0:
        return Markdown(text("value_list_empty", lang))
    if len(rows) > top:
        return Markdown(text("value_list_more", lang, shown=count(top), total=count(len(rows))))
    return Markdown("")


def list_title(kind: str, lang: str = "en") -> str:
    """The title of an action list (``"retention"`` or ``"win_back"``)."""
    return text(f"value_list_{kind}", lang)


#: the demo database of the value reports: the full CDNOW log, or its 1/10 sample (``sample=True``)
VALUE_DEMOS = {False: "cdnow", True: "cdnow_sample"}


def value_demo(sample: bool) -> str:
    """The demo database a value report opens when no ``store`` is given: ``"cdnow_sample"`` if ``sample``."""
    return VALUE_DEMOS[bool(sample)]


def require_transactions(db, lang: str = "en") -> None:
    """Show the one-page "this report needs transactions" message when the database has none (else nothing)."""
    if not db.describe().get("has_transactions"):
        from .exports import needs_data

        needs_data(text("value_needs_transactions", lang),
                   "crm-analysis import transactions FILE --store DB --customer-col ... --date-col ... "
                   "--amount-col ...", lang)


def counted_text(base, margin: float, margin_source: str, lang: str = "en") -> str:
    """What the values are (revenue or profit, margin from where), what was left out and the model notes."""
    parts = [margin_sentence(margin, margin_source, lang), exclusions_text(base.exclusions, base.report_date, lang),
             notes_text(base.notes, lang)]
    return " ".join(p for p in parts if p)


# ---------------------------------------------------------------------- published numbers (teaching)
#: what the teaching reports compare with the papers: quantity -> (published value, tolerance: half a unit of
#: the last printed digit).  Fader, Hardie & Lee (2005), "Counting your customers" the easy way (Table 1,
#: section 5) and (2005b) RFM and CLV (the Gamma-Gamma appendix); see crm_analysis.replications.PUBLISHED.
_PUBLISHED = {
    "rfm": {"value_q_customers": (2357, 0), "value_q_repeat_buyers": (946, 0), "value_q_c1_frequency": (2, 0),
            "value_q_c1_recency": (30.43, 0.005), "value_q_c1_T": (38.86, 0.005)},
    "bgnbd": {"r": (0.243, 0.0005), "alpha": (4.414, 0.0005), "a": (0.793, 0.0005), "b": (2.426, 0.0005),
              "value_q_log_likelihood": (-9582.4, 0.05)},
    "gamma_gamma": {"value_q_gg_customers": (946, 0), "p": (6.25, 0.005), "q": (3.74, 0.005), "v": (15.44, 0.005)},
    "expected_39w_x2": {"value_q_expected_39w_x2": (1.226, 0.0005)},
}
#: the paper's settings: the 1/10 CDNOW sample, 39 weeks ending 1997-09-30, recency and T in weeks
_PAPER = {"demo": "cdnow_sample", "observation_end": "1997-09-30", "time_unit": "W"}
def _ours(what: str, result) -> dict:
    """This run's values of the quantities of :data:`_PUBLISHED` ``[what]`` from a summary or a fitted model."""
    if what == "rfm":
        row = None
        for key in ("1", 1):
            if key in result.index:
                row = result.loc[key]
        values = {"value_q_customers": len(result), "value_q_repeat_buyers": int((result["frequency"] > 0).sum())}
        if row is not None:
            values.update({"value_q_c1_frequency": row["frequency"], "value_q_c1_recency": row["recency"],
                           "value_q_c1_T": row["T"]})
        return values
    if what == "expected_39w_x2":
        from ..timegrid import with_time_unit

        customer = with_time_unit(pd.DataFrame({"frequency": [2], "recency": [30.43], "T": [38.86]}), "W")
        return {"value_q_expected_39w_x2": float(result.predict(customer, 39).iloc[0])}
    values = {name: float(v) for name, v in result.params_.items()}
    if what == "bgnbd":
        values["value_q_log_likelihood"] = float(result.log_likelihood_)
    else:
        values["value_q_gg_customers"] = int(result.n_customers_)
    return values


def published_check(what: str, result, facts: dict, lang: str = "en", **settings):
    """This run next to the published CDNOW numbers (Fader, Hardie & Lee 2005), or why there is no comparison.

    ``what``: ``"rfm"`` (``result`` an RFM summary: customers, repeat buyers,
    customer 1), ``"bgnbd"`` (a fitted BG/NBD: r, alpha, a, b,
    log-likelihood), ``"gamma_gamma"`` (a fitted Gamma-Gamma: repeat buyers,
    p, q, v) or ``"expected_39w_x2"`` (a fitted BG/NBD: the paper's customer
    with x = 2).  ``facts`` is :meth:`CustomerStore.describe`; ``settings``
    are the report's ``observation_end`` and ``time_unit`` where they apply.

    On a database that is not the CDNOW demo the result is a Markdown sentence
    "not applicable: this database is not the CDNOW demo"; on the demo with
    other settings than the paper's, a sentence naming the paper's settings.
    Otherwise a table of strings: quantity, published, this run and whether
    they agree within half a unit of the last published digit.
    """
    from IPython.display import Markdown

    check_language(lang)
    if what not in _PUBLISHED:
        raise ValueError(f"what must be one of {sorted(_PUBLISHED)}, got {what!r}")
    demo = facts.get("demo")
    if demo not in ("cdnow", "cdnow_sample"):
        return Markdown(text("value_check_not_applicable", lang, name=facts.get("name") or "?"))
    unknown = set(settings) - set(_PAPER)
    if unknown:
        raise ValueError(f"unknown settings {sorted(unknown)}: give observation_end and/or time_unit")
    paper_end = pd.Timestamp(_PAPER["observation_end"])
    matches = demo == _PAPER["demo"] and all(
        (pd.Timestamp(value) == paper_end) if name == "observation_end" else value == _PAPER[name]
        for name, value in settings.items())
    if not matches:
        return Markdown(text("value_check_other_settings", lang, settings=text("value_paper_settings", lang)))
    ours = _ours(what, result)
    rows = []
    for quantity, (published, tolerance) in _PUBLISHED[what].items():
        value = ours.get(quantity)
        label = text(quantity, lang) if has_text(quantity) else quantity
        digits = 0 if tolerance == 0 else int(round(-np.log10(2 * tolerance)))
        agrees = value is not None and abs(float(value) - published) <= tolerance + 1e-9
        rows.append((label, f"{published:,.{digits}f}", "–" if value is None else f"{float(value):,.{digits}f}",
                     text("value_check_yes" if agrees else "value_check_no", lang)))
    return pd.DataFrame(rows, columns=[text("value_check_quantity", lang), text("value_check_published", lang),
                                       text("value_check_ours", lang), text("value_check_agrees", lang)]
                        ).set_index(text("value_check_quantity", lang))


# ---------------------------------------------------------------------- dates of a report
def report_end(observation_end: str, facts: dict) -> str:
    """The report date: ``observation_end`` when given, else the last transaction date of the database (ISO text).

    >>> report_end("", {"last_transaction": pd.Timestamp("1998-06-30 14:00")}), report_end("1997-12-31", {})
    ('1998-06-30', '1997-12-31')
    """
    if observation_end:
        return str(observation_end)
    last = facts.get("last_transaction")
    if last is None:
        raise CRMDataError("the customer database has no transactions, so there is no report date")
    return pd.Timestamp(last).date().isoformat()


def halfway_date(facts: dict) -> str:
    """The day halfway between the first and the last transaction (ISO text): a calibration end for exercises.

    On the CDNOW demo (1997-01-01 to 1998-06-30) this is 1997-09-30, the end of the papers' 39 weeks.

    >>> halfway_date({"first_transaction": pd.Timestamp("1997-01-01"), "last_transaction": pd.Timestamp("1998-06-30")})
    '1997-09-30'
    """
    first, last = facts.get("first_transaction"), facts.get("last_transaction")
    if first is None or last is None:
        raise CRMDataError("the customer database has no transactions, so there is no halfway date")
    first, last = pd.Timestamp(first).normalize(), pd.Timestamp(last).normalize()
    return (first + (last - first) / 2).normalize().date().isoformat()


def share_for_value_sentence(values, value_share: float = 0.8, lang: str = "en") -> str:
    """"80% of revenue comes from the top X% of customers" (:func:`~crm_analysis.value.customer_share_for_value`)."""
    share = customer_share_for_value(values, value_share)
    return text("value_share_for_value", lang, value=_pct(value_share), share=_pct(share, 1))


# ---------------------------------------------------------------------- tables of the teaching pages
class PageTable:
    """A table of strings as a page shows it, with the line that says what "–" means when one is shown.

    ``table`` is the :func:`~crm_analysis.present.display_table` of the
    result and ``note`` the sentence under it (``""`` when no cell is
    missing).  In a notebook the object renders as the table followed by the note.
    """

    def __init__(self, table: pd.DataFrame, note: str = ""):
        self.table, self.note = table, note

    def _repr_html_(self) -> str:
        import html

        with pd.option_context("display.max_colwidth", None, "display.max_rows", 500):  # actions in full
            shown = self.table._repr_html_()
        return shown + (f'<p class="crm-table-note"><em>{html.escape(self.note)}</em></p>' if self.note else "")

    def __repr__(self) -> str:
        return self.table.to_string() + (f"\n{self.note}" if self.note else "")


def _shown_dates(values: pd.Series) -> pd.Series:
    """Dates as a reader writes them: the day, plus hours and minutes only when some row has a time of day."""
    stamps = pd.to_datetime(values)
    with_time = bool((stamps.dropna() != stamps.dropna().dt.normalize()).any())
    return stamps.dt.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d").where(stamps.notna(), None)


def _significant(x) -> str:
    from .format import MISSING

    if x is None or pd.isna(x):
        return MISSING
    return f"{float(x):,.4g}" if abs(float(x)) < 1e6 else f"{float(x):.4g}"


def page_table(result, context=None, lang: str = "en", *, money=(), counts=(), percents=(), decimals: int = 2,
               significant=(), missing: str = "missing_cell") -> PageTable:
    """A result (DataFrame or Series) for a teaching page: every cell formatted, "–" explained under the table.

    ``money`` columns carry the business's currency (``context``, a
    :class:`~crm_analysis.present.ReportContext`), ``counts`` are whole
    numbers, ``percents`` shares shown in %, ``significant`` columns keep four
    significant digits (model estimates that may be tiny or huge); dates show
    as days (with the time of day only when there is one); other numbers show
    as integers when whole and with ``decimals`` decimals otherwise.  A
    Series is one value per row: each row is formatted on its own (``money``,
    ``counts``, ``percents`` then name rows), so ``customers 150`` and
    ``rmse 1.34`` sit in one column.  When a cell is missing, the note under
    the table is the catalogue entry ``missing`` (default ``"missing_cell"``:
    "– means not available"; ``"value_missing_no_customer"`` for groups that
    are empty).

    >>> page_table(pd.DataFrame({"n": [3.0, 4.0], "x": [0.5, None]})).table.values.tolist()
    [['3', '0.50'], ['4', '–']]
    """
    check_language(lang)
    if money and context is None:
        raise ValueError("money columns need the report's context (its currency)")
    code = None if context is None else context.currency.code
    if isinstance(result, pd.Series):
        cells = []
        for label, value in result.items():
            if label in money:
                cells.append(context.money(value, lang))
            elif label in percents:
                cells.append(percent(value, 1))
            elif label in counts:
                cells.append(count(value))
            elif isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
                whole = pd.notna(value) and float(value) == round(float(value))
                cells.append(count(value) if whole else number(value, decimals))
            else:
                cells.append("–" if value is None or pd.isna(value) else str(value))
        shown = pd.DataFrame({result.name if result.name is not None else "": cells}, index=result.index)
    else:
        frame = result.copy()
        for column in frame.columns:
            if pd.api.types.is_datetime64_any_dtype(frame[column]):
                frame[column] = _shown_dates(frame[column])
        shown = display_table(frame.drop(columns=list(significant)), lang, money_columns=list(money),
                              currency_code=code, counts=list(counts), percents=list(percents), decimals=decimals)
        for column in significant:
            shown[column] = frame[column].map(_significant)
        shown = shown[list(frame.columns)]
    has_missing = bool((shown == "–").to_numpy().any())
    note = text(missing, lang) if has_missing else ""
    if note and not note.rstrip().endswith(text("full_stop", lang)):
        note += text("full_stop", lang)
    return PageTable(shown, note)


def group_table(table: pd.DataFrame, context, lang: str = "en", *, drop=()) -> PageTable:
    """A pyramid, quadrant or segment table for a teaching page: names in ``lang``, counts, shares in %, money.

    Columns are the engine's (``customers``, ``customer_share``,
    ``value``, ``value_share``, ``mean_value``, ...): ``customers`` as whole
    numbers, ``*_share`` in %, ``value``/``mean_value``/``mean_spend`` in the
    business's currency.  An empty group (e.g. the "bad" tier when there are
    no costs) has no mean: its cell shows "–" and the line under the table says
    there is no customer in that group.
    """
    shown = translate_groups(table, lang, drop=drop)
    money = [c for c in ("value", "mean_value", "mean_spend", "revenue") if c in shown]
    shares = [c for c in shown.columns if str(c).endswith("_share")]
    counts = [c for c in ("customers",) if c in shown]
    return page_table(shown, context, lang, money=money, counts=counts, percents=shares,
                      missing="value_missing_no_customer")


def describe_table(frame, context=None, lang: str = "en", *, money=()) -> PageTable:
    """``frame.describe()`` for a page, one row per column: the count as a whole number, money in the currency.

    ``frame`` is a DataFrame or a Series (its name is the row); ``money``
    names the columns that are amounts.  Statistic names are translated in
    Chinese pages (count -> 数量, mean -> 均值, ...).
    """
    check_language(lang)
    if isinstance(frame, pd.Series):
        frame = frame.to_frame(frame.name if frame.name is not None else "value")
    if money and context is None:
        raise ValueError("money columns need the report's context (its currency)")
    stats = frame.describe()
    rows = {}
    for column in stats.columns:
        rows[column] = [count(stats.loc["count", column])] + [
            context.money(stats.loc[s, column], lang, digits=2) if column in money else number(stats.loc[s, column], 2)
            for s in stats.index[1:]]
    names = [text(f"value_stat_{s.rstrip('%')}", lang) if has_text(f"value_stat_{s.rstrip('%')}") else s
             for s in stats.index]
    return PageTable(pd.DataFrame.from_dict(rows, orient="index", columns=names))


# ---------------------------------------------------------------------- sentences of the teaching pages
def window_exclusions(transactions: pd.DataFrame, observation_end, lang: str = "en", *, window: bool = True):
    """What :func:`~crm_analysis.value.rfm_summary` leaves out up to ``observation_end``, as one sentence (Markdown).

    The counts of :func:`~crm_analysis.value.customer_base.count_exclusions`
    (the same rules as the ``DataExclusionWarning`` of ``rfm_summary`` and
    ``customer_totals``), said as the end of an observation window
    (``window=False``: as the report date).
    """
    from IPython.display import Markdown

    from ..value.customer_base import count_exclusions

    counted = count_exclusions(transactions, observation_end)
    return Markdown(exclusions_text(counted, observation_end, lang, window=window))


def quadrant_split_sentence(quadrants, context, lang: str = "en"):
    """Where "high frequency" and "high spend" start (the medians of :func:`frequency_spend_quadrants`), Markdown."""
    from IPython.display import Markdown

    return Markdown(text("value_quadrant_split", lang, frequency=f"{quadrants.frequency_split:g}",
                         spend=context.money(quadrants.spend_split, lang, digits=2)))


def fit_sentence(model, lang: str = "en"):
    """The log-likelihood of a fitted model and the customers it was fitted on, as a sentence (Markdown)."""
    from IPython.display import Markdown

    return Markdown(text("value_fit_sentence", lang, n=count(model.n_customers_),
                         ll=number(model.log_likelihood_, 1)))


def _unit_words(unit, lang: str) -> str:
    from ..timegrid import unit_name

    key = f"unit_{unit_name(unit)}"
    return text(key, lang) if has_text(key) else unit_name(unit)


def model_comparison_page(table: pd.DataFrame, lang: str = "en") -> PageTable:
    """A :func:`~crm_analysis.value.compare_models` table for a page in ``lang``.

    One row per model (best AIC first, as the table comes): parameters,
    log-likelihood, AIC with its difference to the best (``ΔAIC``), BIC, and the
    holdout's actual and predicted purchases, total error (%), MAE and RMSE per
    customer.  The line under the table says what the columns compare: the same
    customers, the calibration end and the holdout length in the table's unit.
    """
    check_language(lang)
    check_columns(table, ["n_params", "log_likelihood", "aic", "bic", "actual_total", "predicted_total",
                          "total_error_pct", "mae", "rmse"], name="table")
    shown = pd.DataFrame(index=pd.Index(list(table.index), name=text("value_cmp_model", lang)))
    shown[text("value_cmp_n_params", lang)] = [count(v) for v in table["n_params"]]
    shown[text("value_cmp_log_likelihood", lang)] = [number(v, 1) for v in table["log_likelihood"]]
    shown[text("value_cmp_aic", lang)] = [number(v, 1) for v in table["aic"]]
    shown[text("value_cmp_delta_aic", lang)] = [number(v, 1) for v in table["aic"] - table["aic"].min()]
    shown[text("value_cmp_bic", lang)] = [number(v, 1) for v in table["bic"]]
    shown[text("value_cmp_actual", lang)] = [count(v) for v in table["actual_total"]]
    shown[text("value_cmp_predicted", lang)] = [number(v, 1) for v in table["predicted_total"]]
    shown[text("value_cmp_error_pct", lang)] = ["–" if pd.isna(v) else f"{v:+.1f}%" for v in table["total_error_pct"]]
    shown[text("value_cmp_mae", lang)] = [number(v, 3) for v in table["mae"]]
    shown[text("value_cmp_rmse", lang)] = [number(v, 3) for v in table["rmse"]]
    attrs = table.attrs
    if attrs.get("duration_holdout") is not None and attrs.get("observation_end") and attrs.get("time_unit"):
        note = text("value_cmp_note", lang, n=count(attrs.get("customers", len(table))),
                    end=str(attrs["observation_end"]), duration=f"{attrs['duration_holdout']:g}",
                    unit=_unit_words(attrs["time_unit"], lang))
    else:
        note = text("value_cmp_note_short", lang)
    not_fitted = attrs.get("not_fitted") or {}
    if not_fitted:
        note += text("sentence_space", lang) + text("value_cmp_not_fitted", lang,
                                                             models=text("sep_enum", lang).join(not_fitted))
    return PageTable(shown, note)


def model_comparison_sentence(table: pd.DataFrame, lang: str = "en"):
    """What a :func:`~crm_analysis.value.compare_models` table says, as a sentence (Markdown).

    The best model by AIC and its lead over the next (a lead below 2 is said
    to be no evidence either way; Burnham & Anderson 2002), the best by BIC,
    and in the holdout the model closest in total and the one with the smallest
    error per customer (MAE).
    """
    from IPython.display import Markdown

    check_language(lang)
    check_columns(table, ["aic", "bic", "total_error_pct", "mae"], name="table")
    by_aic = table["aic"].dropna().sort_values(kind="stable")
    if by_aic.empty:
        return Markdown(text("value_cmp_sentence_none", lang))
    table = table.loc[by_aic.index]
    parts = []
    if len(by_aic) > 1:
        lead = float(by_aic.iloc[1] - by_aic.iloc[0])
        parts.append(text("value_cmp_sentence_aic", lang, best=by_aic.index[0], second=by_aic.index[1],
                          lead=number(lead, 1), bic=table["bic"].idxmin()))
        if lead < 2:
            parts.append(text("value_cmp_sentence_close", lang))
    else:
        parts.append(text("value_cmp_sentence_one", lang, best=by_aic.index[0]))
    closest = table["total_error_pct"].abs().idxmin()
    best_mae = table["mae"].idxmin()
    key = "value_cmp_sentence_holdout_same" if closest == best_mae else "value_cmp_sentence_holdout"
    parts.append(text(key, lang, total=closest,
                      error=f"{table.loc[closest, 'total_error_pct']:+.1f}%", mae_model=best_mae,
                      mae=number(table.loc[best_mae, "mae"], 3)))
    return Markdown(text("sentence_space", lang).join(parts))


def clv_interval_sentence(clv: pd.DataFrame, context, lang: str = "en"):
    """The customer equity with its interval, from a ``customer_lifetime_value(..., ci_level=...)`` frame (Markdown).

    Reads ``clv.attrs["customer_equity"]`` (``estimate, ci_lower, ci_upper,
    ci_level, n_draws``); amounts in the business's currency (``context``).
    """
    from IPython.display import Markdown

    check_language(lang)
    check_columns(clv, ["clv", "clv_lower", "clv_upper"], name="clv")
    equity = clv.attrs.get("customer_equity")
    if not equity:
        raise CRMDataError("clv records no customer_equity interval: compute it with "
                           "customer_lifetime_value(..., ci_level=0.9)")
    if not np.isfinite(equity["ci_upper"]):  # spend draws with q <= 1: an infinite mean spend (forecast.py warns)
        return Markdown(text("value_clv_interval_sentence_unbounded", lang, level=percent(equity["ci_level"], 0),
                             equity=context.money(equity["estimate"], lang), lower=context.money(equity["ci_lower"], lang),
                             draws=count(equity["n_draws"]), infinite=count(equity.get("n_infinite", 0) or 0)))
    return Markdown(text("value_clv_interval_sentence", lang, level=percent(equity["ci_level"], 0),
                         equity=context.money(equity["estimate"], lang),
                         lower=context.money(equity["ci_lower"], lang),
                         upper=context.money(equity["ci_upper"], lang), draws=count(equity["n_draws"])))


def spend_sentence(spend_model, context, lang: str = "en"):
    """The Gamma-Gamma model's population mean spend and the frequency-spend correlation, as a sentence."""
    from IPython.display import Markdown

    r = float(spend_model.frequency_spend_correlation_)
    key = "value_spend_sentence_high" if abs(r) > 0.3 else "value_spend_sentence"
    return Markdown(text(key, lang, mean=context.money(spend_model.population_mean_spend(), lang, digits=2),
                         r=f"{r:.3f}"))


def discount_sentence(discount_rate: float, lang: str = "en"):
    """The annual discount rate and the monthly rate CLV uses (compounding), as a sentence (Markdown)."""
    from IPython.display import Markdown

    from ..value.clv import period_discount_rate

    return Markdown(text("value_discount_sentence", lang, annual=percent(discount_rate, 1),
                         monthly=percent(period_discount_rate(discount_rate, "Y", "M"), 3)))


def discount_effect_sentence(clv: pd.Series, undiscounted: pd.Series, lang: str = "en"):
    """By how much discounting lowers the total CLV, as a sentence (Markdown)."""
    from IPython.display import Markdown

    return Markdown(text("value_discount_effect", lang, share=percent(1 - clv.sum() / undiscounted.sum(), 1)))


def store_check(second_import, from_sql: pd.DataFrame, from_pandas: pd.DataFrame, lang: str = "en"):
    """What importing the same rows twice did, and whether the SQL and pandas RFM summaries agree (Markdown).

    ``second_import`` is the :class:`~crm_analysis.store.ImportResult` of the
    second import; the summaries are compared customer by customer with ids
    as text (the database keeps ids as text), to 9 decimals.
    """
    from IPython.display import Markdown

    check_language(lang)
    if second_import.already_imported or second_import.added == 0:
        said = text("value_store_again_nothing", lang, rows=count(second_import.rows_read))
    else:
        said = text("value_store_again_added", lang, rows=count(second_import.rows_read),
                    added=count(second_import.added))
    ours = from_pandas.set_axis(from_pandas.index.astype(str)).sort_index()
    sql = from_sql.sort_index()
    same = (sql.index.equals(ours.index) and list(sql.columns) == list(ours.columns)
            and bool(np.allclose(sql.to_numpy(float), ours.to_numpy(float), atol=1e-9, rtol=0)))
    key = "value_store_same" if same else "value_store_differ"
    return Markdown(said + text("sentence_space", lang) + text(key, lang, n=count(len(ours))))
