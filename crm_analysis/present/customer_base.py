"""Presentation of report 33, the customer base report: KPI rows, findings, manager tables and the sections.

The report reads one linked customer database (transactions, the customer
table, survey answers linked by ``customer_id``, complaints) and shows, for
managers, in the business's currency and the report's language:

* the **period KPIs** (new, active, retained, lost and returned customers,
  repeat rate, revenue, customer equity) of
  :func:`crm_analysis.value.cohorts.period_kpis`;
* the **acquisition-cohort retention** heat map
  (:func:`~crm_analysis.value.cohorts.cohort_retention`);
* the **equity bridge** between two dates
  (:func:`~crm_analysis.value.cohorts.equity_bridge`);
* the **early-warning list** with the course's four warnings
  (:func:`crm_analysis.churn.early_warnings`);
* the **satisfaction x value matrix**, valuable-and-dissatisfied customers first
  (:func:`crm_analysis.satisfaction.linked.satisfaction_value_matrix`);
* **complaints**: rate, funnel, resolution time, service recovery (C10) and
  complaining before leaving (C11) (:mod:`crm_analysis.satisfaction.complaints`).

:func:`analyse` runs the engines once (one valuation of the customers per
date, shared by the KPIs, the bridge, the warnings and the matrix) and
records, per section, what data are missing: a section without its data says
which data it needs and how to import them (:func:`needs_sentence`), and the
rest of the report renders.  The ``report_*`` functions display one section
each (the notebook has no logic of its own); the functions they call
(:func:`glance_kpis`, :func:`period_table`, :func:`bridge_table`, ...) return
tables of strings and sentences and are tested on hand-computed cases.

Every word comes from the catalogue ``crm_analysis/present/catalogue/mgmt_customer_base.py``
(keys ``r33_``), the warnings' words from ``early_warning.py``.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError, DataExclusionWarning
from .catalogue import check_language, has_text, text
from .format import MISSING, count, display_table, number, percent

__all__ = ["LinkedData", "CustomerBaseReport", "read_linked", "analyse", "period_label", "window_words",
           "glance_kpis", "glance_findings", "period_table", "cohort_sentence", "bridge_table", "bridge_sentence",
           "warning_table", "warning_list", "matrix_table", "dissatisfied_list", "complaint_kpis",
           "funnel_table", "resolution_table", "recovery_sentence", "before_churn_sentence", "needs_sentence",
           "require_transactions", "data_sentence", "report_kpis", "report_findings", "report_periods",
           "report_cohorts", "report_bridge", "report_warnings", "report_satisfaction", "report_complaints",
           "ECSI_SATISFACTION", "section_needs", "broad_warning_note", "warning_needs", "BROAD_WARNING_SHARE"]

#: the satisfaction questions of the ECSI survey (datasets.make_survey), the default satisfaction index
ECSI_SATISFACTION = ("sat1", "sat2", "sat3", "sat4")
#: periods of the KPIs and cohorts
PERIODS = ("M", "Q", "Y")
_PER_YEAR = {"M": 12, "Q": 4, "Y": 1}
#: above this share of current customers warned, the page says the list is long and how to shorten it
BROAD_WARNING_SHARE = 0.5
#: the import options of the customer columns the sections need (CLI flags of crm-analysis import customers)
_COLUMN_FLAGS = {"sales_plan": "--sales-plan-col", "balance": "--balance-col", "credit_limit": "--credit-limit-col",
                 "cost_to_serve": "--cost-to-serve-col", "service_budget": "--service-budget-col",
                 "acquisition_date": "--acquisition-date-col", "churn": "--churn-col",
                 "churn_date": "--churn-date-col"}


def _pct(share, digits: int = 1) -> str:
    return percent(share, digits)


def _end(lang: str) -> str:
    return text("full_stop", lang)


# ====================================================================== the data
@dataclass
class LinkedData:
    """The linked tables of one database as the engines read them (``None``: not in the database).

    ``transactions``: ``customer_id, date, amount`` (and ``order_id``) up to
    ``report_date``; ``customers``: the customer table with a
    ``customer_id`` column; ``survey``: answers linked to customers (rows
    without a customer id dropped, counted in ``n_unlinked_answers``);
    ``complaints``: the complaint log.  ``facts`` is the store's
    ``describe()``.
    """

    transactions: pd.DataFrame
    customers: pd.DataFrame | None
    survey: pd.DataFrame | None
    complaints: pd.DataFrame | None
    report_date: pd.Timestamp
    facts: dict
    n_returns: int = 0
    n_after_report_date: int = 0
    n_answers: int = 0
    n_unlinked_answers: int = 0


def read_linked(db, observation_end: str = "") -> LinkedData:
    """Read the linked tables of ``db`` (a :class:`~crm_analysis.store.CustomerStore`) up to the report date.

    The report date is ``observation_end`` (ISO text) or, when empty, the day
    of the last transaction.  Transactions after it are left out (counted);
    returns stay in (the engines exclude them) and are counted for the page.
    """
    facts = dict(db.describe())
    tx = db.transactions()
    tx["date"] = pd.to_datetime(tx["date"])
    if observation_end:
        try:
            report_date = pd.Timestamp(observation_end).normalize()
        except (ValueError, TypeError):
            raise CRMDataError(f"observation_end must be a date such as '2025-12-31', "
                               f"got {observation_end!r}") from None
    else:
        if tx.empty:
            raise CRMDataError("the customer database has no transactions, so there is no report date")
        report_date = tx["date"].max().normalize()
    late = tx["date"] > report_date + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
    n_late = int(late.sum())
    tx = tx.loc[~late].reset_index(drop=True)
    n_returns = int((pd.to_numeric(tx["amount"], errors="coerce") < 0).sum())
    customers = None
    if facts.get("has_customers"):
        customers = db.customers().reset_index()
    survey, n_answers, n_unlinked = None, 0, 0
    if facts.get("has_survey"):
        try:
            answers = db.survey_table()
        except CRMDataError:  # items on several scales: the satisfaction items are chosen below
            answers = None
        if answers is not None:
            n_answers = len(answers)
            if "customer_id" in answers.columns:
                linked = answers["customer_id"].notna()
                n_unlinked = int((~linked).sum())
                kept = answers.loc[linked].reset_index(drop=True)
                kept.attrs = dict(answers.attrs)
                survey = kept if len(kept) else None
            else:
                n_unlinked = n_answers
    complaints = None
    if facts.get("has_complaints") and hasattr(db, "complaints"):
        complaints = db.complaints()
        complaints = complaints.loc[pd.to_datetime(complaints["date"]) <= report_date].reset_index(drop=True)
    return LinkedData(tx, customers, survey, complaints, report_date, facts, n_returns=n_returns,
                      n_after_report_date=n_late, n_answers=n_answers, n_unlinked_answers=n_unlinked)


# ====================================================================== what a section needs
@dataclass(frozen=True)
class Needs:
    """Data a section lacks: ``what`` (catalogue key of the noun phrase) and ``how`` (the import command)."""

    what: str
    how: str
    fields: tuple = ()
    intro: str = "r33_needs_intro"


def _columns_needs(columns) -> "Needs":
    """What a section needs when the customer table lacks ``columns`` (and the import command)."""
    key = "r33_needs_column" if len(columns) == 1 else "r33_needs_columns"
    return Needs(key, _customer_columns_how(columns), (("columns", ", ".join(columns)),))


def _customer_columns_how(columns) -> str:
    flags = " ".join(f"{_COLUMN_FLAGS.get(c, '--' + c.replace('_', '-') + '-col')} COLUMN" for c in columns)
    if "tenure" in columns:
        flags += " --tenure-unit months"
    return f"crm-analysis import customers FILE --store DB --customer-col ID {flags}"


_HOW = {
    "complaints": "crm-analysis import complaints FILE --store DB --customer-col ID --date-col DATE "
                  "--resolved-col RESOLVED --category-col CATEGORY --days-to-resolve-col DAYS",
    "survey": "crm-analysis import survey FILE --store DB --customer-col ID --scale MIN MAX --date-col DATE",
    "customers": "crm-analysis import customers FILE --store DB --customer-col ID",
}


def needs_sentence(needs: Needs, lang: str = "en") -> str:
    """"This section needs <what>. Import it with: `command`; the rest of the report does not need it." (Markdown)."""
    check_language(lang)
    what = text(needs.what, lang, **dict(needs.fields))
    return text("r33_needs", lang, what=what, how=needs.how)


def section_needs(needs: Needs, lang: str = "en"):
    """A section's needs-data box (the page goes on after it)."""
    what = text(needs.what, lang, **dict(needs.fields))
    return _needs_box(text(needs.intro, lang, what=what), needs.how, lang)


def _needs_box(intro: str, how: str, lang: str):
    import html

    from IPython.display import HTML

    body = (f'<div class="crm-notice crm-notice-info" style="background:#e8f1fb;border-left:4px solid #0173b2;'
            f'padding:0.6em 1em;margin:0.8em 0;"><p>{html.escape(intro)}</p>'
            f'<pre style="white-space:pre-wrap;margin:0.3em 0;"><code>{html.escape(how)}</code></pre>'
            f'<p>{html.escape(text("r33_needs_after", lang))}</p></div>')
    return HTML(body)


# ====================================================================== the analysis
class _EquityAt:
    """Customer values at a date, computed once per date (the BG/NBD + Gamma-Gamma valuation of
    :func:`~crm_analysis.value.cohorts.customer_equity`); NaN equity where the models cannot be fitted."""

    def __init__(self, transactions, *, horizon_months, discount_rate, margin, first_day=None):
        self.transactions, self.horizon_months = transactions, horizon_months
        self.discount_rate, self.margin = discount_rate, margin
        self.first_day = first_day  # period ends before this day are not valued (each valuation is two model fits)
        self.cache: dict = {}
        self.failures: dict = {}
        self.skipped: list = []

    def values(self, day) -> pd.Series | None:
        from ..value.cohorts import customer_equity

        day = pd.Timestamp(day).normalize()
        if day not in self.cache:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    self.cache[day] = customer_equity(self.transactions, day, horizon_months=self.horizon_months,
                                                      discount_rate=self.discount_rate, margin=self.margin)
            except (CRMDataError, ValueError, FloatingPointError, np.linalg.LinAlgError) as exc:
                self.cache[day] = None
                self.failures[day] = str(exc)
        return self.cache[day]

    def __call__(self, day):
        if self.first_day is not None and pd.Timestamp(day) < self.first_day:
            self.skipped.append(pd.Timestamp(day))
            return np.nan
        found = self.values(day)
        return np.nan if found is None else math.fsum(found.to_numpy(dtype=float))


@dataclass
class CustomerBaseReport:
    """Everything report 33 shows, computed once by :func:`analyse` (``None`` + ``needs[section]``: no data)."""

    data: LinkedData
    settings: dict
    margin: float
    margin_source: str
    values: pd.Series | None
    kpis: pd.DataFrame | None
    cohorts: object | None
    bridge: object | None
    warnings: pd.DataFrame | None
    scores: pd.DataFrame | None
    matrix: object | None
    complaints: dict = field(default_factory=dict)
    needs: dict = field(default_factory=dict)
    failed: dict = field(default_factory=dict)
    value_source: str = "clv"
    complaints_unlabelled: int = 0

    @property
    def report_date(self) -> pd.Timestamp:
        return self.data.report_date


def _quiet(call, *args, **kwargs):
    """``call(*args, **kwargs)`` with the engines' exclusion warnings kept off the page (the text states them)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        return call(*args, **kwargs)


def _has(frame, columns) -> list:
    """The columns of ``columns`` that ``frame`` lacks or holds no value in."""
    if frame is None:
        return list(columns)
    return [c for c in columns if c not in frame.columns or frame[c].notna().sum() == 0]


def _trailing_revenue(tx: pd.DataFrame, end: pd.Timestamp, months: int) -> pd.Series:
    """Revenue per customer of the ``months`` months up to ``end`` (returns left out; every buyer up to ``end``)."""
    amount = pd.to_numeric(tx["amount"], errors="coerce")
    ids = tx["customer_id"].astype(str)
    window = (tx["date"] > end - pd.DateOffset(months=months)) & (tx["date"] <= end) & (amount > 0)
    value = amount.where(window, 0.0).groupby(ids).sum()
    value.index.name = "customer_id"
    return value.rename("value")


def _bridge_start(bridge_start: str, report_date: pd.Timestamp) -> pd.Timestamp:
    if bridge_start:
        try:
            return pd.Timestamp(bridge_start).normalize()
        except (ValueError, TypeError):
            raise CRMDataError(f"bridge_start must be a date such as '2024-12-31', got {bridge_start!r}") from None
    return (report_date - pd.DateOffset(years=1)).normalize()


def analyse(db, *, observation_end: str = "", period: str = "Q", active_window: int = 0, horizon_months: int = 12,
            discount_rate: float = 0.10, margin: float = 0.0, bridge_start: str = "", min_p_alive: float = 0.5,
            plan_share: float = 0.8, warning_months: int = 3, valuable_share: float = 0.2,
            dissatisfied_below: float = 50.0, satisfaction_items: str = "", complaint_window_days: int = 90,
            recovery_months: int = 12, equity_periods: int = 5, n_bootstrap: int = 200,
            random_state: int = 0) -> CustomerBaseReport:
    """Run every engine of report 33 on ``db`` (a :class:`~crm_analysis.store.CustomerStore`); see the parameters
    of notebook 33 for each argument.  Missing data are recorded in ``needs`` (section -> :class:`Needs` or a dict
    of them), never raised, except a database without transactions (:func:`require_transactions` first)."""
    from ..churn.early_warning import early_warnings
    from ..value.cohorts import cohort_retention, equity_bridge, period_kpis
    from .value import report_margin

    if period not in PERIODS:
        raise CRMDataError(f"period must be one of {list(PERIODS)} (months, quarters, years), got {period!r}")
    if horizon_months < 1:
        raise CRMDataError(f"horizon_months must be at least 1, got {horizon_months}")
    data = read_linked(db, observation_end)
    used_margin, margin_source = report_margin(margin, data.facts)
    tx, end, customers = data.transactions, data.report_date, data.customers
    settings = dict(period=period, active_window=active_window or None, horizon_months=horizon_months,
                    equity_periods=equity_periods,
                    discount_rate=discount_rate, min_p_alive=min_p_alive, plan_share=plan_share,
                    warning_months=warning_months, valuable_share=valuable_share,
                    dissatisfied_below=dissatisfied_below, complaint_window_days=complaint_window_days,
                    recovery_months=recovery_months, random_state=random_state)
    report = CustomerBaseReport(data, settings, used_margin, margin_source, None, None, None, None, None, None, None)
    if equity_periods < 0:
        raise CRMDataError(f"equity_periods must be 0 (every period) or more, got {equity_periods}")
    first_valued = None
    if equity_periods:
        first_valued = (pd.Period(end, freq=period) - (equity_periods - 1)).start_time.normalize()
    equity = _EquityAt(tx, horizon_months=horizon_months, discount_rate=discount_rate, margin=used_margin,
                       first_day=first_valued)
    report.values = equity.values(end)
    if report.values is None:  # too few repeat buyers for the models: value = revenue of the last 12 months
        report.failed["values"] = equity.failures.get(end, "")
        report.values = _trailing_revenue(tx, end, 12)
        report.value_source = "trailing"
    # ---------------------------------------------------------------- period KPIs and cohorts
    report.kpis = _quiet(period_kpis, tx, period=period, active_window=active_window or None,
                         customer_value=equity, observation_end=end)
    report.kpis.attrs["equity_not_valued"] = len(equity.skipped)
    report.kpis.attrs["equity_failed"] = int(report.kpis["customer_equity"].isna().sum()) - len(equity.skipped)
    acquisition = None
    if customers is not None and not _has(customers, ["acquisition_date"]):
        acquisition = customers[["customer_id", "acquisition_date"]]
        buyers = set(tx["customer_id"])
        if not buyers <= set(acquisition.dropna()["customer_id"]):
            acquisition = None  # some buyers without an acquisition date: cohorts from the first purchase
    report.cohorts = _quiet(cohort_retention, tx, period=period, acquisition=acquisition, observation_end=end)
    # ---------------------------------------------------------------- equity bridge
    start = _bridge_start(bridge_start, end)
    settings["bridge_start"] = start
    v0, v1 = equity.values(start), (report.values if report.value_source == "clv" else None)
    if start >= end or v0 is None or v1 is None:
        report.needs["bridge"] = Needs("r33_needs_history", "", (("date", start.date().isoformat()),))
    else:
        report.bridge = _quiet(equity_bridge, tx, start=start, end=end, values_start=v0, values_end=v1)
    # ---------------------------------------------------------------- early warnings
    table = customers if customers is not None else pd.DataFrame({"customer_id": pd.unique(tx["customer_id"])})
    try:
        report.warnings = _quiet(early_warnings, tx, table, as_of=end, value=report.values, min_p_alive=min_p_alive,
                                 plan_window_months=warning_months, plan_share=plan_share,
                                 budget_window_months=warning_months, value_window_months=12,
                                 currency=data.facts.get("currency"))
    except CRMDataError as exc:
        report.failed["warnings"] = str(exc)
    # ---------------------------------------------------------------- satisfaction x value
    _satisfaction(report, satisfaction_items, valuable_share, dissatisfied_below)
    # ---------------------------------------------------------------- complaints
    _complaints(report, complaint_window_days, recovery_months, dissatisfied_below, n_bootstrap, random_state)
    return report


def _satisfaction(report: CustomerBaseReport, satisfaction_items: str, valuable_share: float,
                  dissatisfied_below: float) -> None:
    from ..satisfaction.linked import customer_scores, satisfaction_value_matrix

    data = report.data
    if data.survey is None:
        report.needs["satisfaction"] = Needs("r33_needs_survey", _HOW["survey"])
        return
    items = [i.strip() for i in satisfaction_items.split(",") if i.strip()] or list(ECSI_SATISFACTION)
    missing = [i for i in items if i not in data.survey.columns]
    if missing:
        found = [c for c in data.survey.columns if c not in ("customer_id", "date", "source")][:4]
        report.needs["satisfaction"] = Needs(
            "r33_needs_items", f"crm-analysis run 33_mgmt_customer_base --store DB -p satisfaction_items "
                               f"{','.join(found) or 'Q1,Q2'}",
            (("items", ", ".join(missing)),), intro="r33_needs_items_intro")
        return
    try:
        report.scores = _quiet(customer_scores, data.survey, {"satisfaction": items})
    except CRMDataError as exc:
        report.failed["satisfaction"] = str(exc)
        return
    try:
        report.matrix = _quiet(satisfaction_value_matrix, report.scores, report.values,
                               satisfaction_threshold=dissatisfied_below, value_share=valuable_share)
    except CRMDataError as exc:
        report.failed["satisfaction"] = str(exc)


def _complaints(report: CustomerBaseReport, window_days: int, recovery_months: int, dissatisfied_below: float,
                n_bootstrap: int, random_state) -> None:
    from ..satisfaction import complaints as engine

    data, end = report.data, report.data.report_date
    if data.complaints is None:
        report.needs["complaints"] = Needs("r33_needs_complaints", _HOW["complaints"])
        return
    cpl, customers = data.complaints, data.customers
    if customers is not None and "churn" in customers.columns and customers["churn"].isna().any():
        # a blank churn label is unknown, not "stayed": those customers are left out of the complaint analyses
        report.complaints_unlabelled = int(customers["churn"].isna().sum())
        customers = customers.loc[customers["churn"].notna()].reset_index(drop=True)
    results, needs = {}, {}

    def attempt(key, call, *args, **kwargs):
        try:
            results[key] = _quiet(call, *args, **kwargs)
        except CRMDataError as exc:
            report.failed[f"complaints_{key}"] = str(exc)

    attempt("times", engine.resolution_times, cpl,
            by="category" if "category" in cpl.columns and cpl["category"].notna().any() else None)
    # the rate per customer-year needs each customer's time as a customer: tenure, or the dates
    dated = not _has(customers, ["acquisition_date", "churn", "churn_date"])
    lacking = [] if dated or not _has(customers, ["tenure"]) else ["tenure"]
    if lacking:
        needs["rates"] = _columns_needs(lacking)
    else:
        attempt("rates", engine.complaint_rates, cpl, customers, observation_end=end)
    if report.scores is None:
        needs["funnel"] = Needs("r33_needs_survey", _HOW["survey"])
    elif _has(customers, ["churn"]):
        needs["funnel"] = _columns_needs(["churn"])
    else:
        attempt("funnel", engine.complaint_funnel, report.scores, cpl, customers,
                dissatisfied_below=dissatisfied_below)
    lacking = _has(customers, ["acquisition_date", "churn", "churn_date"])
    if lacking:
        needs["recovery"] = needs["before_churn"] = _columns_needs(lacking)
    else:
        attempt("recovery", engine.service_recovery, cpl, customers, observation_end=end, random_state=random_state,
                horizon_months=recovery_months, n_bootstrap=n_bootstrap)
        attempt("before_churn", engine.complaints_before_churn, cpl, customers, observation_end=end,
                random_state=random_state, window_days=window_days)
    report.complaints = results
    if needs:
        report.needs["complaints_parts"] = needs


# ====================================================================== words for periods and windows
def period_label(value, lang: str = "en") -> str:
    """A period as a page writes it: ``2025 Q4`` / ``2025年第4季度``, ``2025-03`` / ``2025年3月``, ``2025``."""
    check_language(lang)
    p = value if isinstance(value, pd.Period) else pd.Period(str(value))
    code = p.freqstr[0]
    if code == "Q":
        return text("r33_period_Q", lang, year=p.year, q=p.quarter)
    if code == "M":
        return text("r33_period_M", lang, year=p.year, month=p.month, mm=f"{p.month:02d}")
    return text("r33_period_Y", lang, year=p.year)


def window_words(n: int, period: str, lang: str = "en", *, article: bool = False) -> str:
    """``n`` periods in words: "4 quarters", "12 months"; one period as "year" (after "the last") or, with
    ``article``, "a year" (after "for" or before "after acquisition"); Chinese "4 个季度", "1 年"."""
    key = {"M": "months", "Q": "quarters", "Y": "years"}[period]
    if n == 1:
        return text(f"r33_{'a' if article else 'one'}_{key}", lang)
    return text(f"r33_n_{key}", lang, n=count(n))


def _focus(kpis: pd.DataFrame) -> int:
    """Position of the period the summary reads: the last complete one (else the last)."""
    complete = np.flatnonzero(kpis["complete"].to_numpy(bool))
    return int(complete[-1]) if len(complete) else len(kpis) - 1


def _what_values(report, lang: str) -> str:
    if report.value_source == "trailing":
        return text("r33_values_trailing", lang, date=report.report_date.date().isoformat())
    if report.margin_source == "revenue":
        return text("r33_values_revenue", lang)
    return text("r33_values_profit", lang, margin=_pct(report.margin, 0))


# ====================================================================== at a glance
def glance_kpis(kpis: pd.DataFrame, context, lang: str = "en", *, equity_customers: int | None = None,
                horizon_months: int = 12) -> dict:
    """Catalogue label -> value of the KPI table (for :func:`crm_analysis.present.kpi_table`), each with its base.

    The period is the last complete one of ``kpis`` (:func:`~crm_analysis.value.cohorts.period_kpis`); the
    label keys carry their fields, so the result maps *shown labels* to shown values.
    """
    check_language(lang)
    i = _focus(kpis)
    row, unit = kpis.iloc[i], kpis.attrs.get("period", "Q")
    p = period_label(kpis.index[i], lang)
    w = window_words(int(kpis.attrs.get("active_window", _PER_YEAR[unit])), unit, lang)
    w_a = window_words(int(kpis.attrs.get("active_window", _PER_YEAR[unit])), unit, lang, article=True)
    before = int(kpis["active"].iloc[i - 1]) if i > 0 else 0
    prev = period_label(kpis.index[i - 1], lang) if i > 0 else MISSING
    acquired = int(kpis["new"].iloc[:i + 1].sum())
    buyers = int(row["buyers"])
    repeat_n = int(round(float(row["repeat_rate"]) * buyers)) if buyers else 0
    out = {text("r33_kpi_active", lang, period=p, window=w):
           text("r33_n_of_acquired", lang, n=count(row["active"]), base=count(acquired)),
           text("r33_kpi_new", lang, period=p): count(row["new"])}
    if before:  # the first period has no previous one to be retained from or lost out of
        out[text("r33_kpi_retained", lang, period=p, previous=prev)] = text(
            "r33_n_of_active", lang, n=count(row["retained"]), base=count(before), share=_pct(row["retained"] / before))
        out[text("r33_kpi_lost", lang, period=p, window=w)] = text(
            "r33_n_of_active", lang, n=count(row["lost"]), base=count(before), share=_pct(row["lost"] / before))
        out[text("r33_kpi_returned", lang, period=p, window=w_a)] = count(row["returned"])
    out[text("r33_kpi_repeat", lang, period=p)] = text("r33_share_of_buyers", lang, share=_pct(row["repeat_rate"]),
                                                         n=count(repeat_n), base=count(buyers))
    out[text("r33_kpi_revenue", lang, period=p, currency=context.unit(lang))] = text(
        "r33_money_from_buyers", lang, amount=context.money(row["revenue"], lang), base=count(buyers))
    if "customer_equity" in kpis.columns and pd.notna(kpis["customer_equity"].iloc[-1]):
        last = kpis.iloc[-1]
        day = pd.Timestamp(last["period_end"]).date().isoformat()
        out[text("r33_kpi_equity", lang, date=day, h=horizon_months, currency=context.unit(lang))] = text(
            "r33_money_customers", lang, amount=context.money(last["customer_equity"], lang),
            base=count(equity_customers) if equity_customers is not None else MISSING)
    return out


def glance_findings(report: CustomerBaseReport, context, lang: str = "en") -> str:
    """The report's conclusions as Markdown bullets, every number with its base."""
    check_language(lang)
    kpis = report.kpis
    i = _focus(kpis)
    row, unit = kpis.iloc[i], kpis.attrs.get("period", "Q")
    p = period_label(kpis.index[i], lang)
    w = window_words(int(kpis.attrs.get("active_window", _PER_YEAR[unit])), unit, lang)
    lines = []
    year_ago = i - _PER_YEAR[unit]
    if year_ago >= 0 and kpis["active"].iloc[year_ago] > 0:
        then = int(kpis["active"].iloc[year_ago])
        change = row["active"] / then - 1
        lines.append(text("r33_find_active_change", lang, period=p, n=count(row["active"]), window=w,
                          change=_signed_pct(change, lang), then=count(then),
                          previous=period_label(kpis.index[year_ago], lang)))
    else:
        lines.append(text("r33_find_active", lang, period=p, n=count(row["active"]), window=w))
    before = int(kpis["active"].iloc[i - 1]) if i > 0 else 0
    if before:
        lines.append(text("r33_find_flow", lang, period=p, new=count(row["new"]), lost=count(row["lost"]),
                          retained=count(row["retained"]), base=count(before),
                          previous=period_label(kpis.index[i - 1], lang), share=_pct(row["retained"] / before)))
    if report.bridge is not None:
        lines.append(bridge_sentence(report.bridge, context, lang))
    sentence = cohort_sentence(report.cohorts, lang)
    if sentence:
        lines.append(sentence)
    if report.warnings is not None:
        lines.append(_warning_finding(report, context, lang))
    if report.matrix is not None:
        lines.append(_matrix_finding(report, context, lang))
    if "rates" in report.complaints:
        rates = report.complaints["rates"].iloc[0]
        lines.append(text("r33_find_complaints", lang, n=count(rates["complaints"]),
                          complainers=count(rates["complainers"]), base=count(rates["customers"]),
                          share=_pct(rates["complainer_share"])))
    return "\n".join(f"- {line}" for line in lines)


def _signed_pct(share: float, lang: str) -> str:
    key = "r33_up" if share >= 0 else "r33_down"
    return text(key, lang, share=_pct(abs(share)))


def data_sentence(report: CustomerBaseReport, lang: str = "en") -> str:
    """What the report reads (tables, counts, report date), what it leaves out, and what the values are."""
    from .page import exclusion_sentence

    data = report.data
    tx = data.transactions
    parts = [text("r33_data_tx", lang, n=count(len(tx)), customers=count(tx["customer_id"].nunique()),
                  date=data.report_date.date().isoformat())]
    tables = []
    if data.customers is not None:
        tables.append(text("r33_data_customers", lang, n=count(len(data.customers))))
    if data.survey is not None:
        tables.append(text("r33_data_survey", lang, n=count(len(data.survey)),
                           customers=count(data.survey["customer_id"].nunique())))
    if data.complaints is not None:
        tables.append(text("r33_data_complaints", lang, n=count(len(data.complaints))))
    if tables:
        parts.append(text("r33_data_tables", lang, tables=text("sep_enum", lang).join(tables)))
    else:
        parts.append(text("r33_data_no_tables", lang))
    left_out = exclusion_sentence([
        (data.n_returns, text("r33_excl_returns_what", lang), text("r33_excl_returns_why", lang)),
        (data.n_after_report_date, text("r33_excl_late_what", lang), text("r33_excl_late_why", lang)),
        (data.n_unlinked_answers, text("r33_excl_unlinked_what", lang), text("r33_excl_unlinked_why", lang)),
    ], lang)
    if left_out:
        parts.append(left_out)
    parts.append(_what_values(report, lang))
    return text("sentence_space", lang).join(parts)


# ====================================================================== period KPIs
def period_table(kpis: pd.DataFrame, context, lang: str = "en") -> pd.DataFrame:
    """The period KPIs for the page: one row per period (newest first), counts, rates in %, money in the currency.

    A last period cut by the report date says so in its name ("2025 Q4 (to 2025-11-15)").
    """
    check_language(lang)
    unit = context.unit(lang)
    names = []
    for p, row in kpis.iterrows():
        label = period_label(p, lang)
        if not row["complete"]:
            label = text("r33_period_partial", lang, period=label,
                         date=pd.Timestamp(row["period_end"]).date().isoformat())
        names.append(label)
    frame = pd.DataFrame({
        text("r33_col_buyers", lang): kpis["buyers"].to_numpy(),
        text("r33_col_new", lang): kpis["new"].to_numpy(),
        text("r33_col_active", lang): kpis["active"].to_numpy(),
        text("r33_col_retained", lang): kpis["retained"].to_numpy(),
        text("r33_col_returned", lang): kpis["returned"].to_numpy(),
        text("r33_col_lost", lang): kpis["lost"].to_numpy(),
        text("r33_col_retention_rate", lang): kpis["retention_rate"].to_numpy(),
        text("r33_col_repeat_rate", lang): kpis["repeat_rate"].to_numpy(),
        text("r33_col_revenue", lang, currency=unit): kpis["revenue"].to_numpy(),
    }, index=pd.Index(names, name=text("r33_col_period", lang)))
    money = [text("r33_col_revenue", lang, currency=unit)]
    if "customer_equity" in kpis.columns:
        frame[text("r33_col_equity", lang, currency=unit)] = kpis["customer_equity"].to_numpy()
        money.append(text("r33_col_equity", lang, currency=unit))
    counts_ = [text(f"r33_col_{c}", lang) for c in ("buyers", "new", "active", "retained", "returned", "lost")]
    shown = display_table(frame, lang, money_columns=money, currency_code=context.currency.code, money_digits=0,
                          counts=counts_, percents=[text("r33_col_retention_rate", lang),
                                                    text("r33_col_repeat_rate", lang)])
    return shown.iloc[::-1]


# ====================================================================== cohorts
def cohort_sentence(cohorts, lang: str = "en") -> str:
    """The oldest and the newest cohort observed at the same age (one year after acquisition, or the oldest age
    both reach), as one sentence; ``""`` when there is only one cohort."""
    if cohorts is None:
        return ""
    share, sizes = cohorts.share, cohorts.sizes
    unit = share.attrs.get("period", "Q")
    age = _PER_YEAR[unit]
    observed = share.notna()
    rows = [c for c in share.index if sizes[c] > 0]
    if len(rows) < 2:
        return ""
    first = rows[0]
    candidates = [c for c in rows[1:] if age in share.columns and observed.loc[c, age]]
    if not candidates or not observed.loc[first].get(age, False):
        return ""
    last = candidates[-1]
    words = window_words(age, unit, lang, article=True)
    return text("r33_find_cohorts", lang, first=period_label(first, lang), n_first=count(sizes[first]),
                share_first=_pct(share.loc[first, age], 0), last=period_label(last, lang),
                n_last=count(sizes[last]), share_last=_pct(share.loc[last, age], 0), age=words)


def cohort_size_note(cohorts, lang: str = "en") -> str:
    """Where the cohorts come from (acquisition dates or first purchases) and their sizes (smallest, largest)."""
    sizes = cohorts.sizes[cohorts.sizes > 0]
    source = cohorts.share.attrs.get("cohort_from", "first purchase")
    key = "r33_cohorts_from_acquisition" if source == "acquisition_date" else "r33_cohorts_from_first"
    if len(sizes) == 1:
        shown = text("r33_cohorts_one", lang, total=count(sizes.sum()))
    else:
        shown = text("r33_cohorts_many", lang, n=count(len(sizes)), low=count(sizes.min()), high=count(sizes.max()),
                     total=count(sizes.sum()))
    return text(key, lang, cohorts=shown)


# ====================================================================== equity bridge
_BRIDGE_KEYS = {"equity_start": "r33_bridge_start", "acquisition": "r33_bridge_acquisition",
                "retention": "r33_bridge_retention", "activity": "r33_bridge_activity", "equity_end": "r33_bridge_end"}


def bridge_table(bridge, context, lang: str = "en") -> pd.DataFrame:
    """The equity bridge for the page: step (with its date or group), customers, amount (signed for the parts)."""
    table = bridge.bridge if hasattr(bridge, "bridge") else bridge
    start, end = table.attrs.get("start"), table.attrs.get("end")
    rows = []
    for step in _BRIDGE_KEYS:
        amount = float(table.loc[step, "amount"])
        shown = context.money(amount, lang)
        if step not in ("equity_start", "equity_end") and amount > 0:
            shown = "+" + shown
        rows.append((text(_BRIDGE_KEYS[step], lang, start=start, end=end), count(table.loc[step, "customers"]),
                     shown))
    return pd.DataFrame(rows, columns=[text("r33_col_step", lang), text("r33_col_customers", lang),
                                       text("r33_col_amount", lang, currency=context.unit(lang))]
                        ).set_index(text("r33_col_step", lang))


def bridge_sentence(bridge, context, lang: str = "en") -> str:
    """"Customer equity went from X on <start> to Y on <end>: new customers +A, lost customers B, retained C"."""
    table = bridge.bridge if hasattr(bridge, "bridge") else bridge
    a = table["amount"]

    def signed(x):
        return ("+" if x > 0 else "") + context.money(x, lang)

    return text("r33_find_bridge", lang, start=table.attrs.get("start"), end=table.attrs.get("end"),
                e0=context.money(a["equity_start"], lang), e1=context.money(a["equity_end"], lang),
                n0=count(table.loc["equity_start", "customers"]), n1=count(table.loc["equity_end", "customers"]),
                new=signed(a["acquisition"]), n_new=count(table.loc["acquisition", "customers"]),
                lost=signed(a["retention"]), n_lost=count(table.loc["retention", "customers"]),
                kept=signed(a["activity"]), n_kept=count(table.loc["activity", "customers"]))


# ====================================================================== early warnings
def _warning_name(key: str, lang: str) -> str:
    return text(f"early_warning_reason_{key}", lang)


def warning_table(warned: pd.DataFrame, context, lang: str = "en") -> pd.DataFrame:
    """Customers and value at stake per warning (and any warning), each with its base; "not checked" rows say
    which columns are missing (they never read as "nobody")."""
    from ..churn.early_warning import WARNINGS, warning_counts

    counts_ = warning_counts(warned)
    unit = context.unit(lang)
    rows = []
    for key in (*WARNINGS, "any"):
        where = ("any", "any") if key == "any" else ("warning", key)
        row = counts_.loc[where]
        name = text("early_warning_row_any", lang) if key == "any" else _warning_name(key, lang)
        if not bool(row["checked"]):
            missing = warned.attrs.get("not_checked", {}).get(key, {}).get("missing", ())
            rows.append((name, text("r33_not_checked", lang, columns=", ".join(missing)), MISSING, MISSING, MISSING))
            continue
        rows.append((name, count(row["customers"]), _pct(row["customer_share"]),
                     context.money(row["value_at_stake"], lang), _pct(row["value_share"])))
    return pd.DataFrame(rows, columns=[text("early_warning_col_warning", lang),
                                       text("early_warning_col_customers", lang),
                                       text("r33_col_of_current", lang, n=count(warned.attrs.get("n_customers", 0))),
                                       text("early_warning_col_value_at_stake", lang, currency=unit),
                                       text("early_warning_col_value_share", lang)]
                        ).set_index(text("early_warning_col_warning", lang))


def _reason_details(row: pd.Series, attrs: dict, context, lang: str) -> str:
    thresholds = attrs.get("thresholds", {})
    cur = context.currency.code if lang == "en" else context.unit(lang)

    def m(x):
        return number(x, 0)

    parts = []
    for key in row["reasons"]:
        if key == "stopped_ordering":
            p = _pct(row["p_alive"], 0)
            threshold = _pct(thresholds.get("min_p_alive", 0.5), 0)
            weeks = row.get("weeks_since_last_order")
            if weeks is None or pd.isna(weeks):
                parts.append(text("early_warning_detail_stopped_ordering_never", lang, p=p, threshold=threshold))
            else:
                parts.append(text("early_warning_detail_stopped_ordering", lang, weeks=count(weeks), p=p,
                                  threshold=threshold))
        elif key == "behind_plan":
            parts.append(text("early_warning_detail_behind_plan", lang, currency=cur, revenue=m(row["recent_revenue"]),
                              months=number(row["plan_months"], 0 if float(row["plan_months"]).is_integer() else 1),
                              plan=m(row["planned_revenue"])))
        elif key == "over_credit":
            parts.append(text("early_warning_detail_over_credit", lang, currency=cur, balance=m(row["balance"]),
                              limit=m(row["credit_limit"]), gap=m(row["credit_gap"])))
        elif key == "over_budget":
            months = thresholds.get("budget_window_months", 3)
            parts.append(text("early_warning_detail_over_budget", lang, currency=cur, cost=m(row["recent_cost"]),
                              orders=count(row["recent_orders"]), months=count(months), budget=m(row["budget"])))
    return text("early_warning_reason_join", lang).join(parts)


def warning_list(warned: pd.DataFrame, customers: pd.DataFrame | None, context, lang: str = "en", *,
                 top: int | None = None, for_page: bool = False) -> pd.DataFrame:
    """The early-warning list (most valuable first): customer id (text), segment, value, warnings and reasons.

    ``for_page=True`` formats the cells (money in the currency) and keeps the first ``top`` rows; the
    export keeps numbers as numbers and every row.
    """
    rows = warned if top is None else warned.head(top)
    unit = context.unit(lang)
    frame = pd.DataFrame(index=pd.Index([str(i) for i in rows.index], name=text("early_warning_col_customer", lang)))
    if customers is not None and "segment" in customers.columns:
        frame[text("r33_col_segment", lang)] = _segments(customers, frame.index, lang)
    frame[text("early_warning_col_value", lang, currency=unit)] = rows["value"].round(2).to_numpy()
    frame[text("early_warning_col_n_warnings", lang)] = rows["n_warnings"].astype(int).to_numpy()
    frame[text("early_warning_col_reasons", lang)] = [_reason_details(r, warned.attrs, context, lang)
                                                      for _, r in rows.iterrows()]
    if not for_page:  # the files: one yes/no column per checked warning, for filtering in Excel
        from ..churn.early_warning import WARNINGS

        for key in WARNINGS:
            if key in warned.attrs.get("checked", WARNINGS) and key in rows.columns:
                frame[_warning_name(key, lang)] = rows[key].astype(bool).to_numpy()
        return frame
    return display_table(frame, lang, money_columns=[text("early_warning_col_value", lang, currency=unit)],
                         currency_code=context.currency.code, money_digits=0,
                         counts=[text("early_warning_col_n_warnings", lang)])


def _segments(customers: pd.DataFrame, ids, lang: str) -> np.ndarray:
    """The customers' segments (the demo company's segment names in the page language; others as stored)."""
    segment = customers.set_index(customers["customer_id"].astype(str))["segment"].reindex(ids)

    def shown(value):
        if value is None or pd.isna(value):
            return None
        key = f"r33_segment_{value}"
        return text(key, lang) if has_text(key) else str(value)

    return np.asarray([shown(v) for v in segment], dtype=object)


def _warning_finding(report, context, lang: str) -> str:
    from ..churn.early_warning import warning_counts

    warned = report.warnings
    counts_ = warning_counts(warned)
    anyone = counts_.loc[("any", "any")]
    checked = [k for k in warned.attrs.get("checked", ()) if (("warning", k) in counts_.index)]
    common = max(checked, key=lambda k: counts_.loc[("warning", k), "customers"]) if checked else None
    if not anyone["customers"]:
        line = text("r33_find_warnings_none", lang, base=count(warned.attrs.get("n_customers", 0)))
    else:
        line = text("r33_find_warnings", lang, n=count(anyone["customers"]),
                    base=count(warned.attrs.get("n_customers", 0)),
                    share=_pct(anyone["customer_share"]), value=context.money(anyone["value_at_stake"], lang),
                    value_share=_pct(anyone["value_share"]))
    if common is not None and counts_.loc[("warning", common), "customers"] > 0:
        line += text("sentence_space", lang) + text("r33_find_warnings_common", lang,
                                                     warning=_warning_name(common, lang),
                                                     n=count(counts_.loc[("warning", common), "customers"]))
    not_checked = list(warned.attrs.get("not_checked", {}))
    if not_checked:
        line += text("sentence_space", lang) + text(
            "r33_find_warnings_not_checked", lang,
            warnings=text("sep_enum", lang).join(_warning_name(k, lang) for k in not_checked))
    return line


def warning_needs(warned: pd.DataFrame, lang: str = "en") -> list:
    """One needs-data box for the warnings that were not checked: which warning needs which customer columns,
    and one import command for all of them (empty list when every warning was checked)."""
    gaps = [(key, [c for c in gap.get("missing", ()) if c in _COLUMN_FLAGS])
            for key, gap in warned.attrs.get("not_checked", {}).items()]
    gaps = [(key, missing) for key, missing in gaps if missing]
    if not gaps:
        return []
    listed = text("sep_semicolon", lang).join(
        text("r33_warning_needs_item", lang, warning=_warning_name(key, lang), columns=", ".join(missing))
        for key, missing in gaps)
    columns = list(dict.fromkeys(c for _, missing in gaps for c in missing))
    intro = text("r33_needs_warnings", lang, items=listed)
    return [_needs_box(intro, _customer_columns_how(columns), lang)]


# ====================================================================== satisfaction x value
_QUADRANT_KEYS = {"valuable and dissatisfied": "r33_quadrant_valuable_dissatisfied",
                  "valuable and satisfied": "r33_quadrant_valuable_satisfied",
                  "other and dissatisfied": "r33_quadrant_other_dissatisfied",
                  "other and satisfied": "r33_quadrant_other_satisfied"}


def matrix_table(matrix, context, lang: str = "en") -> pd.DataFrame:
    """The satisfaction x value matrix for the page: quadrant (valuable-and-dissatisfied first), customers and
    their share of the surveyed customers, value and its share, mean satisfaction (0-100)."""
    summary = matrix.summary
    unit = context.unit(lang)
    n = int(summary["customers"].sum())
    frame = pd.DataFrame({
        text("r33_col_customers", lang): summary["customers"].to_numpy(),
        text("r33_col_of_surveyed", lang, n=count(n)): summary["customer_share"].astype(float).to_numpy(),
        text("r33_col_value", lang, currency=unit): summary["total_value"].astype(float).to_numpy(),
        text("r33_col_value_share", lang): summary["value_share"].astype(float).to_numpy(),
        text("r33_col_mean_satisfaction", lang): summary["mean_satisfaction"].astype(float).to_numpy(),
    }, index=pd.Index([text(_QUADRANT_KEYS[q], lang) for q in summary.index], name=text("r33_col_group", lang)))
    return display_table(frame, lang, money_columns=[text("r33_col_value", lang, currency=unit)],
                         currency_code=context.currency.code, money_digits=0,
                         counts=[text("r33_col_customers", lang)],
                         percents=[text("r33_col_of_surveyed", lang, n=count(n)), text("r33_col_value_share", lang)],
                         decimals=1)


def dissatisfied_list(matrix, customers: pd.DataFrame | None, context, lang: str = "en", *,
                      top: int | None = None, for_page: bool = False) -> pd.DataFrame:
    """The valuable-and-dissatisfied customers, most valuable first: id (text), segment, satisfaction, value."""
    table = matrix.customers
    rows = table[table["quadrant"] == "valuable and dissatisfied"]
    if top is not None:
        rows = rows.head(top)
    unit = context.unit(lang)
    frame = pd.DataFrame(index=pd.Index([str(i) for i in rows.index], name=text("early_warning_col_customer", lang)))
    if customers is not None and "segment" in customers.columns:
        frame[text("r33_col_segment", lang)] = _segments(customers, frame.index, lang)
    frame[text("r33_col_satisfaction", lang)] = rows["satisfaction"].round(1).to_numpy()
    frame[text("r33_col_value", lang, currency=unit)] = rows["value"].round(2).to_numpy()
    if not for_page:
        return frame
    return display_table(frame, lang, money_columns=[text("r33_col_value", lang, currency=unit)],
                         currency_code=context.currency.code, money_digits=0, decimals=1)


def matrix_base_sentence(report: CustomerBaseReport, context, lang: str = "en") -> str:
    """Who is in the matrix: respondents, those without a satisfaction index (a skipped question), those with a
    value; what "valuable" and "dissatisfied" mean; what the values are."""
    matrix, scores = report.matrix, report.scores
    respondents = int(scores.attrs.get("n_customers", len(scores)))
    skipped = int(scores.attrs.get("missing_by_block", {}).get("satisfaction", 0))
    parts = [text("r33_matrix_base", lang, surveyed=count(respondents),
                  matched=count(int(matrix.summary["customers"].sum())),
                  customers=count(matrix.counts.get("n_value", 0)))]
    if skipped:
        parts.append(text("r33_matrix_skipped", lang, n=count(skipped)))
    parts.append(text("r33_matrix_rules", lang, top=_pct(matrix.value_share, 0), cut=context.money(matrix.value_cut, lang),
                      threshold=number(matrix.satisfaction_threshold, 0)))
    parts.append(_what_values(report, lang))
    return text("sentence_space", lang).join(parts)


def _matrix_finding(report, context, lang: str) -> str:
    matrix = report.matrix
    s = matrix.summary
    vd = s.loc["valuable and dissatisfied"]
    valuable = int(s.loc[["valuable and dissatisfied", "valuable and satisfied"], "customers"].sum())
    return text("r33_find_matrix", lang, n=count(vd["customers"]), valuable=count(valuable),
                surveyed=count(s["customers"].sum()), top=_pct(matrix.value_share, 0),
                threshold=number(matrix.satisfaction_threshold, 0), value=context.money(vd["total_value"], lang),
                value_share=_pct(vd["value_share"]))


# ====================================================================== complaints
def complaint_kpis(report: CustomerBaseReport, lang: str = "en") -> dict:
    """Shown label -> value of the complaint KPIs (rate, complainers, resolved share, resolution days)."""
    out = {}
    data = report.data
    rates = report.complaints.get("rates")
    times = report.complaints.get("times")
    out[text("r33_kpi_complaints", lang)] = text("r33_n_from", lang, n=count(len(data.complaints)),
                                                 base=count(data.complaints["customer_id"].nunique()))
    if rates is not None:
        r = rates.iloc[0]
        out[text("r33_kpi_complainers", lang)] = text("r33_n_of_customers", lang, n=count(r["complainers"]),
                                                      base=count(r["customers"]), share=_pct(r["complainer_share"]))
        out[text("r33_kpi_per_100", lang)] = text("r33_rate_interval", lang, rate=number(r["complaints_per_100"], 1),
                                                  low=number(r["per_100_lower"], 1), high=number(r["per_100_upper"], 1))
        out[text("r33_kpi_per_year", lang)] = text("r33_rate_interval", lang, rate=number(r["per_customer_year"], 2),
                                                   low=number(r["per_year_lower"], 2),
                                                   high=number(r["per_year_upper"], 2))
    if times is not None:
        t = times.iloc[0]
        out[text("r33_kpi_resolved", lang)] = text("r33_n_of_known", lang, share=_pct(t["resolved_share"]),
                                                   n=count(t["resolved"]), base=count(t["known_outcome"]))
        if pd.notna(t["median_days"]):
            out[text("r33_kpi_days", lang)] = text("r33_days_median_p90", lang, median=number(t["median_days"], 0),
                                                   p90=number(t["p90_days"], 0))
    return out


_FUNNEL_KEYS = {"dissatisfied customers": "r33_funnel_dissatisfied", "complained": "r33_funnel_complained",
                "complaint resolved": "r33_funnel_resolved", "stayed": "r33_funnel_stayed",
                "stayed after an unresolved complaint": "r33_funnel_stayed_unresolved",
                "stayed without complaining": "r33_funnel_stayed_silent"}


def funnel_table(funnel: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The complaint funnel for the page: step, customers of its base, share with interval, the course's claim."""
    rows = []
    for step, row in funnel.iterrows():
        name = text(_FUNNEL_KEYS[step], lang) if step in _FUNNEL_KEYS else str(step)
        share = (text("r33_share_interval", lang, share=_pct(row["share"], 0), low=_pct(row["ci_lower"], 0),
                      high=_pct(row["ci_upper"], 0)) if pd.notna(row["share"]) else MISSING)
        rows.append((name, text("r33_n_of", lang, n=count(row["customers"]), base=count(row["base"])), share,
                     _pct(row["claim"], 0) if pd.notna(row["claim"]) else MISSING))
    return pd.DataFrame(rows, columns=[text("r33_col_step", lang), text("r33_col_customers_of_base", lang),
                                       text("r33_col_share_ci", lang), text("r33_col_claim", lang)]
                        ).set_index(text("r33_col_step", lang))


def resolution_table(times: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Resolution by category: complaints, resolved share (of known outcomes), median and 90th-percentile days,
    share resolved within 7 and 30 days."""
    rows = []
    for group, row in times.iterrows():
        name = text("r33_all_complaints", lang) if group == "all complaints" else _category(group, lang)
        rows.append((name, count(row["complaints"]),
                     text("r33_n_of_known_short", lang, share=_pct(row["resolved_share"], 0),
                          base=count(row["known_outcome"])),
                     number(row["median_days"], 0), number(row["p90_days"], 0),
                     _pct(row.get("within_7_days"), 0), _pct(row.get("within_30_days"), 0)))
    return pd.DataFrame(rows, columns=[text("r33_col_category", lang), text("r33_col_complaints", lang),
                                       text("r33_col_resolved", lang), text("r33_col_median_days", lang),
                                       text("r33_col_p90_days", lang), text("r33_col_within_7", lang),
                                       text("r33_col_within_30", lang)]).set_index(text("r33_col_category", lang))


def _category(value, lang: str) -> str:
    key = f"r33_category_{value}"
    return text(key, lang) if has_text(key) else str(value)


def recovery_sentence(recovery, lang: str = "en") -> str:
    """C10 in plain words: retention a horizon after a resolved / unresolved first complaint vs no complaint."""
    r, d = recovery.retention, recovery.differences
    h = number(recovery.horizon_months, 0)

    follow = getattr(recovery, "follow", None)

    def kept(group):
        row = r.loc[group]
        if pd.isna(row["retained"]):
            return text("r33_not_followed", lang, n=count(row["customers"]))
        fields = dict(share=_pct(row["retained"], 0), low=_pct(row["ci_lower"], 0), high=_pct(row["ci_upper"], 0),
                      n=count(row["customers"]))
        if group == "no complaint" and follow is not None and "group" in follow.columns:
            distinct = int(follow.index[(follow["group"] == group).to_numpy()].nunique())
            if distinct != int(row["customers"]):  # comparison customers drawn for several complainers
                return text("r33_kept_interval_draws", lang, k=count(distinct), **fields)
        return text("r33_kept_interval", lang, **fields)

    grace = count(r.attrs.get("grace_days", 30))
    head = text("r33_c10_head", lang, h=h, grace=grace, resolved=kept("complaint resolved"),
                unresolved=kept("complaint unresolved"), none=kept("no complaint"))
    diff = d.iloc[0]  # resolved - no complaint
    if pd.isna(diff["estimate"]):
        verdict = text("r33_c10_unknown", lang)
    elif diff["ci_lower"] > 0:
        verdict = text("r33_c10_supported", lang, diff=_pp(diff["estimate"]), low=_pp(diff["ci_lower"]),
                       high=_pp(diff["ci_upper"]))
    elif diff["ci_upper"] < 0:
        verdict = text("r33_c10_opposite", lang, diff=_pp(-diff["estimate"]), low=_pp(-diff["ci_upper"]),
                       high=_pp(-diff["ci_lower"]))
    else:
        verdict = text("r33_c10_noise", lang, diff=_pp(diff["estimate"]), low=_pp(diff["ci_lower"]),
                       high=_pp(diff["ci_upper"]))
    unresolved = d.iloc[1] if len(d) > 1 else None
    tail = ""
    if unresolved is not None and pd.notna(unresolved["estimate"]) and unresolved["ci_lower"] > 0:
        tail = text("sentence_space", lang) + text("r33_c10_resolve_pays", lang, diff=_pp(unresolved["estimate"]))
    return head + text("sentence_space", lang) + verdict + tail


def _pp(x) -> str:
    return number(100 * float(x), 1)


def before_churn_sentence(result, lang: str = "en") -> str:
    """C11 in plain words: the share of leavers who complained in their last window, against stayers."""
    g, d = result.groups, result.difference
    window = count(result.window_days)

    def part(name):
        row = g.loc[name]
        return text("r33_c11_part", lang, n=count(row["complained"]), base=count(row["customers"]),
                    share=_pct(row["share"], 0), low=_pct(row["ci_lower"], 0), high=_pct(row["ci_upper"], 0))

    head = text("r33_c11_head", lang, days=window, churners=part("churners"), stayers=part("stayers"))
    churners = g.loc["churners"]
    if churners["customers"] == 0 or pd.isna(churners["share"]):
        return head
    most = churners["ci_lower"] > 0.5
    above = pd.notna(d.get("ci_lower")) and d["ci_lower"] > 0
    if most and above:
        verdict = text("r33_c11_supported", lang)
    elif above and churners["ci_upper"] >= 0.5:
        verdict = text("r33_c11_more_maybe_most", lang)
    elif above:
        verdict = text("r33_c11_more_not_most", lang)
    elif churners["ci_upper"] < 0.5:
        verdict = text("r33_c11_not_most", lang)
    else:
        verdict = text("r33_c11_noise", lang)
    return head + text("sentence_space", lang) + verdict


# ====================================================================== the sections (display)
def require_transactions(db, lang: str = "en") -> None:
    """The one-page "this report needs transactions" message when the database has none (else nothing)."""
    if not db.describe().get("has_transactions"):
        from .exports import needs_data

        needs_data(text("r33_needs_transactions", lang),
                   "crm-analysis import transactions FILE --store DB --customer-col ID --date-col DATE "
                   "--amount-col AMOUNT", lang)


class _LeftText:
    """A page table whose text columns (reasons) read from the left, as text does; numbers stay right-aligned."""

    def __init__(self, frame: pd.DataFrame, columns):
        self.frame, self.columns = frame, [c for c in columns if c in frame.columns]

    def _repr_html_(self) -> str:
        styled = self.frame.style.set_properties(subset=self.columns, **{"text-align": "left"})
        return styled.to_html()

    def __repr__(self) -> str:
        return self.frame.to_string()


def _md(s: str):
    from IPython.display import Markdown

    return Markdown(s)


def _failed(report, key: str, lang: str):
    return _md(text("r33_section_failed", lang, reason=report.failed.get(key, "")))


def report_kpis(report: CustomerBaseReport, context, lang: str = "en"):
    """The at-a-glance KPI table (the last complete period, every value with its base)."""
    values = glance_kpis(report.kpis, context, lang,
                         equity_customers=None if report.values is None else len(report.values),
                         horizon_months=report.settings["horizon_months"])
    return _kpi_frame(values, lang)


def _kpi_frame(values: dict, lang: str) -> pd.DataFrame:
    """Shown label -> shown value as the two-column KPI table of every management page."""
    return pd.DataFrame({text("value", lang): list(values.values())},
                        index=pd.Index(list(values), name=text("kpi", lang)))


def report_findings(report: CustomerBaseReport, context, lang: str = "en"):
    """The findings bullets and, under them, what the report reads and leaves out."""
    from IPython.display import display

    display(_md(glance_findings(report, context, lang)))
    display(_md(data_sentence(report, lang)))


def report_periods(report: CustomerBaseReport, context, lang: str = "en"):
    """The period KPI table (newest first) and the customers-per-period figure."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    from ..value.cohorts import plot_period_kpis
    from .figures import localize

    kpis = report.kpis
    display(period_table(kpis, context, lang))
    notes = [text("r33_periods_note", lang, window=window_words(int(kpis.attrs["active_window"]),
                                                                kpis.attrs["period"], lang))]
    if kpis.attrs.get("equity_not_valued"):
        n = int(report.settings["equity_periods"])
        notes.append(text("r33_equity_not_valued", lang, last=text("r33_last_period", lang) if n == 1 else
                          text("r33_last_n_periods", lang, n=count(n))))
    if kpis.attrs.get("equity_failed"):
        notes.append(text("r33_equity_missing", lang))
    display(_md(text("sentence_space", lang).join(notes)))
    fig, ax = plt.subplots(figsize=(10, 4.5), constrained_layout=True)
    plot_period_kpis(kpis, ax=ax)
    localize(fig, lang)
    return ax


def report_cohorts(report: CustomerBaseReport, context, lang: str = "en"):
    """The cohort heat map, where the cohorts come from, and the oldest-vs-newest sentence."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    from ..value.cohorts import plot_cohort_heatmap
    from .figures import localize

    cohorts = report.cohorts
    parts = [cohort_size_note(cohorts, lang)]
    sentence = cohort_sentence(cohorts, lang)
    if sentence:
        parts.append(sentence)
    display(_md(text("sentence_space", lang).join(parts)))
    height = max(4.0, 0.32 * len(cohorts.share) + 1.5)
    fig, ax = plt.subplots(figsize=(10, height), constrained_layout=True)
    plot_cohort_heatmap(cohorts, ax=ax)
    localize(fig, lang)
    return ax


def report_bridge(report: CustomerBaseReport, context, lang: str = "en"):
    """The equity bridge: sentence, table and waterfall, or why it cannot be drawn."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    from ..value.cohorts import plot_equity_bridge
    from .figures import localize

    if report.bridge is None:
        display(_md(text("r33_bridge_none", lang, date=report.settings["bridge_start"].date().isoformat())))
        return None
    display(_md(bridge_sentence(report.bridge, context, lang) + text("sentence_space", lang)
                + _what_values(report, lang)))
    display(bridge_table(report.bridge, context, lang))
    fig, ax = plt.subplots(figsize=(10, 4.5), constrained_layout=True)
    plot_equity_bridge(report.bridge, currency=context.currency.code, ax=ax)
    localize(fig, lang)
    return ax


def report_warnings(report: CustomerBaseReport, context, lang: str = "en", *, top_n: int = 15):
    """The four warnings: counts with their base, the not-checked warnings' data needs, the list (first
    ``top_n`` on the page, every row in the CSV/Excel files)."""
    from IPython.display import display

    from .exports import export_list

    warned = report.warnings
    if warned is None:
        display(_failed(report, "warnings", lang))
        return
    s = report.settings
    display(_md(text("r33_warnings_rules", lang, date=report.report_date.date().isoformat(),
                     p=_pct(s["min_p_alive"], 0), months=count(s["warning_months"]), share=_pct(s["plan_share"], 0),
                     base=count(warned.attrs.get("n_customers", 0)))
                + text("sentence_space", lang) + _value_source(report, warned, lang)))
    display(warning_table(warned, context, lang))
    broad = broad_warning_note(warned, lang)
    if broad:
        display(_md(broad))
    for box in warning_needs(warned, lang):
        display(box)
    if len(warned) == 0:
        display(_md(text("r33_list_empty", lang)))
        return
    display(_LeftText(warning_list(warned, report.data.customers, context, lang, top=top_n, for_page=True),
                      [text("early_warning_col_reasons", lang), text("r33_col_segment", lang)]))
    display(_md(_list_note(len(warned), top_n, lang)))
    display(export_list(warning_list(warned, report.data.customers, context, lang), "early_warnings", lang,
                        title=text("r33_list_warnings", lang)))


def broad_warning_note(warned: pd.DataFrame, lang: str = "en") -> str:
    """When more than :data:`BROAD_WARNING_SHARE` of the current customers are warned: the list is long, start at
    the top or tighten the thresholds, naming the warning that fires most (``""`` otherwise)."""
    from ..churn.early_warning import warning_counts

    counts_ = warning_counts(warned)
    share = counts_.loc[("any", "any"), "customer_share"]
    if pd.isna(share) or share <= BROAD_WARNING_SHARE:
        return ""
    rows = counts_.loc["warning"]
    rows = rows[rows["checked"].astype(bool)]
    top = rows["customers"].astype(float).idxmax()
    return text("r33_warnings_broad", lang, share=_pct(share, 0), warning=_warning_name(top, lang),
                top_share=_pct(rows.loc[top, "customer_share"], 0))


def _value_source(report, warned, lang: str) -> str:
    if warned.attrs.get("value_source") == "given" and report.value_source == "clv":
        return text("r33_value_is_clv", lang, h=report.settings["horizon_months"]) + text(
            "sentence_space", lang) + _what_values(report, lang)
    return _what_values(report, lang)


def _list_note(total: int, top: int, lang: str) -> str:
    if total > top:
        return text("r33_list_more", lang, shown=count(top), total=count(total))
    return text("r33_list_all", lang, total=count(total))


def report_satisfaction(report: CustomerBaseReport, context, lang: str = "en", *, top_n: int = 15):
    """The satisfaction x value matrix, the valuable-and-dissatisfied list (files: all of them), the scatter;
    or the survey the section needs."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    from ..satisfaction.linked import plot_satisfaction_value
    from .exports import export_list
    from .figures import localize

    if "satisfaction" in report.needs:
        display(section_needs(report.needs["satisfaction"], lang))
        return None
    if report.matrix is None:
        display(_failed(report, "satisfaction", lang))
        return None
    matrix = report.matrix
    display(_md(matrix_base_sentence(report, context, lang)))
    display(matrix_table(matrix, context, lang))
    display(_md(_matrix_finding(report, context, lang)))
    n_vd = int(matrix.summary.loc["valuable and dissatisfied", "customers"])
    if n_vd:
        display(_LeftText(dissatisfied_list(matrix, report.data.customers, context, lang, top=top_n, for_page=True),
                          [text("r33_col_segment", lang)]))
        display(_md(_list_note(n_vd, top_n, lang)))
        display(export_list(dissatisfied_list(matrix, report.data.customers, context, lang), "valuable_dissatisfied",
                            lang, title=text("r33_list_dissatisfied", lang)))
    fig, ax = plt.subplots(figsize=(9, 5), constrained_layout=True)
    plot_satisfaction_value(matrix, ax=ax, value_label=text("r33_fig_value_axis", "en",
                                                            h=report.settings["horizon_months"],
                                                            currency=context.currency.code))
    localize(fig, lang)
    return ax


def _recovery_figure(recovery, lang: str):
    """The three retention curves of C10 as a finished figure (closed, so it shows once, where it is displayed)."""
    import matplotlib.pyplot as plt

    from ..satisfaction.complaints import plot_service_recovery
    from .figures import localize

    fig, ax = plt.subplots(figsize=(9, 4.5), constrained_layout=True)
    plot_service_recovery(recovery, ax=ax)
    localize(fig, lang)
    plt.close(fig)
    return fig


def report_complaints(report: CustomerBaseReport, context, lang: str = "en"):
    """Complaint KPIs, resolution times, the funnel, C10 and C11 in plain words; or the data they need."""
    from IPython.display import display

    if "complaints" in report.needs:
        display(section_needs(report.needs["complaints"], lang))
        return
    display(_kpi_frame(complaint_kpis(report, lang), lang))
    if report.complaints_unlabelled:
        display(_md(text("r33_complaints_unlabelled", lang, n=count(report.complaints_unlabelled))))
    parts = report.needs.get("complaints_parts", {})
    if "rates" in parts:
        display(section_needs(parts["rates"], lang))
    for key in ("times", "rates"):
        if f"complaints_{key}" in report.failed:
            display(_failed(report, f"complaints_{key}", lang))
    times = report.complaints.get("times")
    if times is not None:
        display(_md(f"#### {text('r33_h_resolution', lang)}"))
        display(resolution_table(times, lang))
    display(_md(f"#### {text('r33_h_funnel', lang)}"))
    if "funnel" in report.complaints:
        funnel = report.complaints["funnel"]
        display(_md(text("r33_funnel_intro", lang, threshold=number(funnel.attrs["dissatisfied_below"], 0),
                         n=count(funnel.attrs["n_surveyed"]))))
        display(funnel_table(funnel, lang))
    elif "funnel" in parts:
        display(section_needs(parts["funnel"], lang))
    elif "complaints_funnel" in report.failed:
        display(_failed(report, "complaints_funnel", lang))
    display(_md(f"#### {text('r33_h_recovery', lang)}"))
    if "recovery" in report.complaints:
        display(_md(recovery_sentence(report.complaints["recovery"], lang)))
        display(_recovery_figure(report.complaints["recovery"], lang))
    elif "recovery" in parts:
        display(section_needs(parts["recovery"], lang))
    elif "complaints_recovery" in report.failed:
        display(_failed(report, "complaints_recovery", lang))
    display(_md(f"#### {text('r33_h_before_churn', lang)}"))
    if "before_churn" in report.complaints:
        display(_md(before_churn_sentence(report.complaints["before_churn"], lang)))
    elif "before_churn" in parts:
        display(section_needs(parts["before_churn"], lang))
    elif "complaints_before_churn" in report.failed:
        display(_failed(report, "complaints_before_churn", lang))
