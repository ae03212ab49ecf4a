"""Run every engine of report 33 once (:func:`analyse`) and record per section what data are missing."""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...exceptions import CRMDataError, DataExclusionWarning
from ..catalogue import text
from .data import LinkedData, read_linked
from .needs import _HOW, Needs, _columns_needs

#: the satisfaction questions of the ECSI survey (datasets.make_survey), the default satisfaction index
ECSI_SATISFACTION = ("sat1", "sat2", "sat3", "sat4")
#: periods of the KPIs and cohorts
PERIODS = ("M", "Q", "Y")


# ====================================================================== the analysis
class _EquityAt:
    """Customer values at a date, computed once per date (the BG/NBD + Gamma-Gamma valuation of
    :func:`~crm_analysis.value.cohorts.customer_equity`); NaN equity where the models cannot be fitted."""

    def __init__(self, transactions, *, horizon_months, discount_rate, margin, first_day=None, customers=None):
        self.transactions, self.horizon_months = transactions, horizon_months
        self.customers = customers  # the customer table: closed accounts are worth 0
        self.discount_rate, self.margin = discount_rate, margin
        self.first_day = first_day  # period ends before this day are not valued (each valuation is two model fits)
        self.cache: dict = {}
        self.failures: dict = {}
        self.skipped: list = []

    def values(self, day) -> pd.Series | None:
        from ...value.cohorts import customer_equity

        day = pd.Timestamp(day).normalize()
        if day not in self.cache:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    self.cache[day] = customer_equity(self.transactions, day, horizon_months=self.horizon_months,
                                                      discount_rate=self.discount_rate, margin=self.margin,
                                                      customers=self.customers)
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


def _trailing_revenue(tx: pd.DataFrame, end: pd.Timestamp, months: int, customers=None) -> pd.Series:
    """Revenue per customer of the ``months`` months up to ``end`` (returns left out; every buyer up to ``end``).

    A customer whose account the customer table records as closed by ``end`` (``churn`` 1 and ``churn_date`` on
    or before it, or no date) is worth 0, as in the model valuation: past revenue is no value to come.
    """
    amount = pd.to_numeric(tx["amount"], errors="coerce")
    ids = tx["customer_id"].astype(str)
    window = (tx["date"] > end - pd.DateOffset(months=months)) & (tx["date"] <= end) & (amount > 0)
    value = amount.where(window, 0.0).groupby(ids).sum()
    value.index.name = "customer_id"
    if customers is not None and not _has(customers, ["churn"]):
        closed = pd.to_numeric(customers["churn"], errors="coerce") == 1
        if "churn_date" in customers.columns:
            dates = pd.to_datetime(customers["churn_date"])
            closed &= dates.isna() | (dates <= end)
        value.loc[value.index.isin(customers.loc[closed, "customer_id"].astype(str))] = 0.0
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
    from ...churn.early_warning import early_warnings
    from ...value.cohorts import cohort_retention, equity_bridge, period_kpis
    from ..value import report_margin

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
                       first_day=first_valued, customers=customers)
    report.values = equity.values(end)
    if report.values is None:  # too few repeat buyers for the models: value = revenue of the last 12 months
        report.failed["values"] = equity.failures.get(end, "")
        report.values = _trailing_revenue(tx, end, 12, customers)
        report.value_source = "trailing"
    # ---------------------------------------------------------------- period KPIs and cohorts
    # with the customer table, closed accounts are not active and new customers are dated by acquisition_date
    report.kpis = _quiet(period_kpis, tx, period=period, active_window=active_window or None,
                         customer_value=equity, observation_end=end, customers=customers)
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
        report.bridge = _quiet(equity_bridge, tx, start=start, end=end, values_start=v0, values_end=v1,
                               customers=customers)
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
    from ...satisfaction.linked import customer_scores, satisfaction_value_matrix

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
    from ...satisfaction import complaints as engine

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


def require_transactions(db, lang: str = "en") -> None:
    """The one-page "this report needs transactions" message when the database has none (else nothing)."""
    if not db.describe().get("has_transactions"):
        from ..exports import needs_data

        needs_data(text("r33_needs_transactions", lang),
                   "crm-analysis import transactions FILE --store DB --customer-col ID --date-col DATE "
                   "--amount-col AMOUNT", lang)
