"""One churn analysis of a customer table, end to end, as the management report runs it.

:func:`analyse_churn` takes the table of ``CustomerStore.churn_table()`` and
the report's parameters and returns every result the page shows, computed by
the engine's tested pieces:

1. rows: a seeded sample (:func:`~.data.sample_customers`);
2. columns: :func:`~.data.churn_features` (leaks and running totals out);
3. the warning model: cross-validated quality (:func:`~.evaluation.evaluate_churn_models`)
   and a :class:`~.pipeline.ChurnClassifier` fitted on all analysed customers;
4. drivers and reasons from that one model (:func:`~.drivers.churn_drivers`);
5. money: the value of keeping each customer (:func:`~.data.value_of_keeping`
   x expected months x margin), the profit curve of an offer over the
   *current* customers (those who have not left) and the contact list
   (:func:`~.warning.early_warning_list`): **every customer the campaign
   contacts, in the campaign's order** (by expected gain, the order of the
   profit curve), so ``len(warning) == campaign["customers_to_contact"]``; the
   page shows the first ``top_n`` and the exported files hold them all.
   Without a campaign (no money value: every customer is worth 1 and current
   customers are ranked by risk; or no contact pays), the list is the
   ``top_n`` highest-ranked current customers;
6. retention: Kaplan-Meier curves by a segment column
   (:func:`~.data.segment_column`) on the customers whose tenure is known
   (:func:`~.survival.with_tenure`; :attr:`ChurnAnalysis.n_without_tenure`
   counts those left out, and no customer with tenure means no curves), read off at
   horizons in months (``at``; ``None`` chooses them from the observed tenures,
   :func:`~.survival.retention_horizons`) converted to the tenure's unit.

:attr:`ChurnAnalysis.actionable` says whether the model is good enough for
its list and campaign to be acted on (:data:`~.evaluation.ACTIONABLE_AUC`);
:attr:`ChurnAnalysis.targeted` whether the campaign's saving owes anything to
the model's ranking (:func:`~.evaluation.ranking_adds_little`).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .data import (ChurnFeatures, CustomerValue, churn_features, churn_overview, current_customers,
                   sample_customers, segment_column, value_of_keeping)
from .drivers import ChurnDrivers, churn_drivers
from .evaluation import (ProfitCurve, campaign_kpis, evaluate_churn_models, model_is_actionable, profit_curve,
                         ranking_adds_little)
from .pipeline import ChurnClassifier
from .survival import RetentionCurves, kaplan_meier_by_segment, retention_summary, with_tenure
from .warning import early_warning_list, retained_value

__all__ = ["ChurnAnalysis", "analyse_churn"]


@dataclass
class ChurnAnalysis:
    """Everything :func:`analyse_churn` found; ``None`` fields were not computable (and the page says why)."""

    table: pd.DataFrame            # the analysed rows (after sampling), label and tenure included
    n_database: int                # labelled customers in the database (before sampling)
    features: ChurnFeatures
    overview: dict
    quality: pd.Series             # cross-validated scores of the model (roc_auc, top_decile_lift, ...)
    model: ChurnClassifier
    drivers: ChurnDrivers
    current: pd.DataFrame          # features of the customers who have not left
    value: CustomerValue
    campaign_curve: ProfitCurve | None
    campaign: dict | None
    warning: pd.DataFrame          # the contact list: the campaign's customers in its order (else the top_n)
    segment: str | None
    segment_by_parameter: bool
    curves: RetentionCurves | None
    retention: pd.DataFrame | None
    tenure_unit: str | None
    top_n: int = 15                # rows of the list shown on the page (the files hold all of ``warning``)
    n_without_tenure: int = 0      # analysed customers left out of the retention curves: tenure unknown

    @property
    def list_is_campaign(self) -> bool:
        """Whether :attr:`warning` is the campaign's contacts (else the ``top_n`` highest-ranked customers)."""
        return bool(self.campaign is not None and self.campaign["customers_to_contact"] > 0)

    @property
    def targeted(self) -> bool:
        """Whether the campaign is a targeting: it leaves out enough customers and its top decile has lift
        (``not ranking_adds_little(contact_share, top_decile_lift)``); ``False`` without a campaign."""
        if not self.list_is_campaign:
            return False
        return not ranking_adds_little(self.campaign["contact_share"], float(self.quality["top_decile_lift"]))

    @property
    def X(self) -> pd.DataFrame:
        return self.features.X

    @property
    def y(self) -> pd.Series:
        return self.table["churn"]

    @property
    def has_money(self) -> bool:
        return self.value.source != "none"

    @property
    def actionable(self) -> bool:
        """Whether the warning model separates leavers from stayers well enough to act on
        (cross-validated ROC AUC at least :data:`~.evaluation.ACTIONABLE_AUC`); when not, the contact list
        is close to random and the campaign's expected saving is not reliable."""
        return model_is_actionable(float(self.quality["roc_auc"]))


def analyse_churn(table: pd.DataFrame, *, n_customers: int = 0, value_column: str = "", transactions=None,
                  offer_cost: float = 50.0, success_rate: float = 0.25, expected_months: float = 12.0,
                  margin: float = 1.0, top_n: int = 15, cv: int = 5, top_drivers: int = 6,
                  segment: str = "", at=None, random_state=0) -> ChurnAnalysis:
    """Run the churn report's analysis on ``table`` (``churn`` 0/1, optional ``tenure``, features).

    ``n_customers`` 0 analyses every customer.  ``at`` are the retention
    horizons in months (``None``: chosen from the observed tenures), whatever
    the tenure's unit (``table.attrs["tenure_unit"]``).  See the module
    docstring for the steps; ``table`` is not modified.
    """
    n_database = len(table)
    rows = sample_customers(table, n_customers, random_state=random_state)
    features = churn_features(rows)
    X, y = features.X, rows["churn"]
    quality = evaluate_churn_models(X, y, models=("logistic",), cv=cv, random_state=random_state).loc["logistic"]
    model = ChurnClassifier(model="logistic", random_state=random_state).fit(X, y)
    drivers = churn_drivers(model, X, y, top=top_drivers)
    current = current_customers(X, y)
    value = value_of_keeping(rows, value_column, transactions=transactions)
    if value.source == "none":
        worth = pd.Series(1.0, index=current.index, name="value")
        curve = kpis = None
    else:
        worth = retained_value(value.monthly.loc[current.index], expected_months, margin=margin)
        curve = profit_curve(model.churn_probability(current), worth, offer_cost=offer_cost,
                             success_rate=success_rate, rank_by="expected_gain")
        kpis = campaign_kpis(curve)
    ranked = early_warning_list(worth, classifier=model, X=current, n_drivers=0)
    if kpis is not None and kpis["customers_to_contact"] > 0:
        # the campaign's own customers in its own order, so the list and the campaign's numbers agree
        warning = ranked.loc[curve.contacted()].copy()
        warning["rank"] = range(1, len(warning) + 1)
    else:
        warning = ranked.head(top_n)
    chosen = segment_column(X, segment, importance=drivers.importance if not segment else None)
    tenure_unit = table.attrs.get("tenure_unit") or ("months" if "tenure" in rows else None)
    curves = summary = None
    timed = with_tenure(rows)
    n_without_tenure = len(rows) - len(timed) if len(timed) else 0
    if len(timed):
        curves = kaplan_meier_by_segment(timed, duration_col="tenure", event_col="churn", segment_col=chosen)
        summary = retention_summary(curves, at=at, tenure_unit=tenure_unit)
    return ChurnAnalysis(table=rows, n_database=n_database, features=features, overview=churn_overview(y),
                         quality=quality, model=model, drivers=drivers, current=current, value=value,
                         campaign_curve=curve, campaign=kpis, warning=warning, segment=chosen,
                         segment_by_parameter=bool(segment), curves=curves, retention=summary,
                         tenure_unit=tenure_unit, top_n=top_n, n_without_tenure=n_without_tenure)
