"""The churn early-warning list (客户流失预警): whom to contact now, and what they are worth.

A warning list ranks customers by the value the firm expects to lose:

.. math:: \\text{value at risk}_i = P(\\text{churn}_i) \\times \\text{value}_i

so that a likely-to-leave small customer does not crowd out a somewhat-at-risk
key customer (concentrate retention effort on valuable customers).  The churn
probability comes from the model that fits the relationship:

* **non-contractual** customers (catalogue, retail, donations) never announce
  that they leave; "stopped ordering" is measured by the BG/NBD probability
  that the customer is still alive, so :math:`P(\\text{churn}) = 1 - P(\\text{alive})`
  (Fader, Hardie & Lee 2005).  The reason given is the silence: "no purchase for
  N weeks" (``T - recency`` of the repeat-purchase summary).
* **contractual** customers (subscriptions, telecoms) have an observed churn
  event, so a :class:`~crm_analysis.churn.ChurnClassifier` scores them.  The
  reason given is the customer's top drivers from
  :meth:`ChurnClassifier.explain`: the columns whose values raise this
  customer's risk most compared with a typical customer.

Value is the customer's CLV (e.g. from :func:`crm_analysis.value.customer_lifetime_value`)
or any value column (margin, monthly charges x expected months, ...).
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError, DataExclusionWarning
from ..timegrid import check_summary_unit, model_time_unit, summary_time_unit, unit_name, with_time_unit
from ..validation import offending_rows

__all__ = ["early_warning_list", "risk_from_p_alive", "risk_from_classifier", "retained_value"]

COLUMNS = ["rank", "source", "p_churn", "value", "value_at_risk", "reason"]


def risk_from_p_alive(p_alive, summary: pd.DataFrame | None = None, *, time_unit: str | None = None) -> pd.DataFrame:
    """Churn risk of non-contractual customers: ``p_churn = 1 - P(alive)`` and a silence reason.

    ``p_alive`` is a precomputed Series (indexed by customer) or any fitted
    model with ``probability_alive(summary)`` (e.g. ``BetaGeoModel``), in which
    case ``summary`` (``frequency, recency, T``) is required.  With a summary,
    the reason reads ``"no purchase for 30 weeks; P(alive) 12%"``: the silence
    ``T - recency`` is in the summary's recorded unit (``summary.attrs``, from
    :func:`~crm_analysis.value.rfm_summary`) or the model's ``time_unit_``;
    ``time_unit`` is needed only when neither records one, and must agree
    with them otherwise (a CRMDataError names the clash).
    """
    unit = None
    if hasattr(p_alive, "probability_alive"):
        if summary is None:
            raise CRMDataError("a fitted model was given for p_alive: pass the repeat-purchase summary too")
        if getattr(p_alive, "time_unit_", None) is not None:
            unit = model_time_unit(p_alive, time_unit, parameter="time_unit")
            check_summary_unit(summary, unit, what=type(p_alive).__name__, model=p_alive,
                               declared=time_unit is not None)
            summary = with_time_unit(summary, unit)   # checked: its recency and T are in the model's unit
        p_alive = p_alive.probability_alive(summary)
    if not isinstance(p_alive, pd.Series):
        raise CRMDataError("p_alive must be a Series indexed by customer or a model with probability_alive()")
    bad = p_alive.isna() | (p_alive < 0) | (p_alive > 1)
    if bad.any():
        raise CRMDataError(f"p_alive must be probabilities in [0, 1]; bad values in {offending_rows(bad, p_alive.index)}")
    reason = p_alive.map(lambda p: f"P(alive) {p:.0%}")
    if summary is not None:
        missing = ~p_alive.index.isin(summary.index)
        if missing.any():
            raise CRMDataError(f"summary has no row for customers {offending_rows(missing, p_alive.index)}")
        unit = unit or summary_time_unit(summary, time_unit)
        silent = (summary["T"] - summary["recency"]).reindex(p_alive.index)
        reason = "no purchase for " + silent.map(lambda s: f"{s:.0f}") + f" {unit_name(unit)}; " + reason
    return pd.DataFrame({"source": "non-contractual", "p_churn": 1.0 - p_alive.astype(float), "reason": reason})


def risk_from_classifier(classifier, X: pd.DataFrame, *, n_drivers: int = 2) -> pd.DataFrame:
    """Churn risk of contractual customers from a fitted :class:`ChurnClassifier`.

    The reason lists the ``n_drivers`` columns with the largest positive effect
    in :meth:`ChurnClassifier.explain`, e.g. ``"contract=Month-to-month (+21 pts);
    tenure=2 (+9 pts)"`` (pts = percentage points of churn probability).
    ``n_drivers=0`` skips the explanation (one model call per column) and leaves
    the reason empty.
    """
    p_churn = classifier.churn_probability(X)
    reason = pd.Series("", index=X.index, dtype=object)
    if n_drivers > 0 and len(X):
        effects = classifier.explain(X)
        reason[:] = [_format_drivers(X.loc[i], row, n_drivers) for i, row in effects.iterrows()]
    return pd.DataFrame({"source": "contractual", "p_churn": p_churn, "reason": reason})


def _format_drivers(customer: pd.Series, effects: pd.Series, n_drivers: int) -> str:
    top = effects[effects > 0].sort_values(ascending=False).head(n_drivers)
    if top.empty:
        return "no single driver above a typical customer"
    parts = []
    for column, effect in top.items():
        value = customer[column]
        shown = f"{value:g}" if isinstance(value, (int, float, np.number)) and not isinstance(value, bool) else value
        parts.append(f"{column}={shown} (+{100 * effect:.0f} pts)")
    return "; ".join(parts)


def early_warning_list(value, *, p_alive=None, summary: pd.DataFrame | None = None, classifier=None,
                       X: pd.DataFrame | None = None, top: int | None = None, min_value_at_risk: float | None = None,
                       n_drivers: int = 2, time_unit: str | None = None) -> pd.DataFrame:
    """The ranked "act now" list: customers ordered by expected value at risk, with a reason.

    Parameters
    ----------
    value : Series or str
        Value of each customer (CLV or a value column) indexed by customer, or
        the name of a column of ``X`` / ``summary``.
    p_alive, summary, time_unit
        Non-contractual customers (see :func:`risk_from_p_alive`).
    classifier, X, n_drivers
        Contractual customers: a fitted :class:`ChurnClassifier` and their table
        (see :func:`risk_from_classifier`).
    top : int, optional
        Keep the first ``top`` customers.
    min_value_at_risk : float, optional
        Keep customers whose value at risk is at least this.

    Returns
    -------
    DataFrame
        Indexed by customer, sorted by ``value_at_risk`` (largest first; ties by
        ``p_churn``): ``rank`` (1 = act first), ``source``
        (``"contractual"``/``"non-contractual"``), ``p_churn``, ``value``,
        ``value_at_risk`` (= ``p_churn * value``) and ``reason``.

    Raises
    ------
    CRMDataError
        When no risk source is given, a customer appears in both sources, or the
        value is not numeric.  Customers without a value are excluded with a
        :class:`DataExclusionWarning`.
    """
    if p_alive is None and classifier is None:
        raise CRMDataError("give p_alive (non-contractual customers) and/or classifier with X (contractual ones)")
    if classifier is not None and X is None:
        raise CRMDataError("classifier was given without X, the contractual customers' table")
    values = _value_series(value, X, summary)
    parts = []
    if p_alive is not None:
        parts.append(risk_from_p_alive(p_alive, summary, time_unit=time_unit))
    if classifier is not None:
        parts.append(risk_from_classifier(classifier, X, n_drivers=0))
    risk = pd.concat(parts)
    duplicated = risk.index.duplicated(keep=False)
    if duplicated.any():
        raise CRMDataError(f"customers appear both as contractual and non-contractual: "
                           f"{offending_rows(duplicated, risk.index)}")
    no_value = ~risk.index.isin(values.dropna().index)
    if no_value.any():
        warnings.warn(f"{int(no_value.sum())} of {len(risk)} customers excluded from the warning list: no value "
                      f"({offending_rows(no_value, risk.index)})", DataExclusionWarning, stacklevel=2)
        risk = risk.loc[~no_value]
    risk["value"] = values.reindex(risk.index)
    risk["value_at_risk"] = risk["p_churn"] * risk["value"]
    ranked = risk.sort_values(["value_at_risk", "p_churn"], ascending=False, kind="stable")
    if min_value_at_risk is not None:
        ranked = ranked[ranked["value_at_risk"] >= min_value_at_risk]
    if top is not None:
        ranked = ranked.head(top)
    ranked["rank"] = np.arange(1, len(ranked) + 1)
    if classifier is not None and n_drivers > 0:
        contractual = ranked.index[ranked["source"] == "contractual"]
        if len(contractual):
            reasons = risk_from_classifier(classifier, X.loc[contractual], n_drivers=n_drivers)["reason"]
            ranked.loc[contractual, "reason"] = reasons
    return ranked[COLUMNS]


def _value_series(value, X, summary) -> pd.Series:
    if isinstance(value, str):
        for table in (X, summary):
            if table is not None and value in table.columns:
                value = table[value]
                break
        else:
            raise CRMDataError(f"value column '{value}' is in neither X nor summary")
    if not isinstance(value, pd.Series):
        raise CRMDataError("value must be a Series indexed by customer or the name of a column")
    numeric = pd.to_numeric(value, errors="coerce")
    bad = numeric.isna() & value.notna()
    if bad.any():
        raise CRMDataError(f"value must be numeric; non-numeric entries in {offending_rows(bad, value.index)}")
    return numeric.astype(float).rename("value")


def retained_value(monthly_value: pd.Series, expected_months: float, *, margin: float = 1.0) -> pd.Series:
    """Value of keeping a customer who would have churned: :math:`v_i = m_i \\times T \\times g`.

    ``m_i`` is the customer's monthly money value (monthly charges, or the
    average monthly revenue; see :func:`crm_analysis.churn.data.value_of_keeping`),
    ``T`` the number of further months a retained customer is expected to stay
    (``expected_months``) and ``g`` the profit margin on revenue (1.0 reports
    revenue).  This is the simplest undiscounted customer lifetime value of a
    subscriber; pass a CLV Series to :func:`~crm_analysis.churn.profit_curve`
    instead when you have one.  E.g. 10 a month, 12 months, margin 0.5: 60.

    Raises
    ------
    CRMDataError
        When a monthly value is missing or negative, or ``expected_months`` /
        ``margin`` is not positive.
    """
    if not expected_months > 0:
        raise CRMDataError(f"expected_months must be positive, got {expected_months}")
    if not margin > 0:
        raise CRMDataError(f"margin must be positive, got {margin}")
    charges = pd.to_numeric(monthly_value, errors="coerce")
    bad = charges.isna() | (charges < 0)
    if bad.any():
        raise CRMDataError(f"monthly values must be non-negative numbers; bad values in "
                           f"{offending_rows(bad, monthly_value.index)}")
    return (charges.astype(float) * float(expected_months) * float(margin)).rename("value")
