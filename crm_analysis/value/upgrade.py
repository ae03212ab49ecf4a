"""Upgrade potential: ordinary and small customers whose predicted value puts them near the key tier.

The course's advice for managing by tier: concentrate resources on key
customers, *upgrade ordinary and small customers with potential*, lower the
cost-to-serve of the rest.  "Potential" is read here as a prediction: a
customer of a lower tier whose predicted value for the next period comes close
to the entry bar of the key tier.

Rule (:func:`upgrade_potential`).  With the current period's value
:math:`v_i` (e.g. profit) and tiers from a pyramid, the **key threshold** is
the smallest current value among key customers,
:math:`\\theta = \\min_{i \\in key} v_i` (the value a customer needs to be
key today).  A customer's **reach** is :math:`r_i = \\hat v_i / \\theta` with
:math:`\\hat v_i` the predicted value of the next period in the same units and
period length; ordinary and small customers with :math:`r_i \\ge` ``near``
(default 0.8: within 20 % of the bar) are **upgrade candidates**.  The
threshold is today's: if the whole base grows, next period's bar is higher.

A prediction that fits the course's profit pyramid
(:func:`predicted_period_value`):
:math:`\\hat v_i = E[N_i]\\,(m\\,E[S_i] - c_i)` with :math:`E[N_i]` the
expected number of purchases in the next period (e.g. BG/NBD ``predict``),
:math:`E[S_i]` the expected spend per purchase (Gamma-Gamma
``conditional_expected_spend``), the gross margin *m* and the cost to serve
one order :math:`c_i`.

Whether the candidates really move up is an empirical question:
:func:`upgrade_backtest` compares, in a later period, the share of
candidates that became key with the share of the other customers of their
tiers (Wilson intervals).

**Closed accounts are never candidates.**  Given the customer table
(``customers=``, with ``churn`` and ``churn_date``), a customer whose account
is closed on the date of the prediction (``churn == 1`` and ``churn_date`` on
or before ``as_of``; ``churn_date`` is read as the last day as a customer) gets
no prediction from :func:`predicted_profit` and is left out of
:func:`upgrade_potential`, both with a counted
:class:`~crm_analysis.exceptions.DataExclusionWarning`: the models would
predict purchases from its past pattern, but it will not buy again.  A closed
account without ``churn_date`` counts as closed by the end of the data.
Without the customer table nothing tells a closed account from a quiet one.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError, DataExclusionWarning
from ..validation import caller_stacklevel

__all__ = ["upgrade_potential", "predicted_period_value", "predicted_profit", "upgrade_backtest", "LOWER_TIERS"]

#: the tiers whose customers may be upgrade candidates
LOWER_TIERS = ("ordinary", "small")


def _series(values, name: str) -> pd.Series:
    if not isinstance(values, pd.Series):
        raise CRMDataError(f"{name} must be a Series indexed by customer id, got {type(values).__name__}")
    out = pd.to_numeric(values, errors="coerce") if name != "tiers" else values.astype(object)
    out = out.copy()
    out.index = out.index.astype(str)
    if out.index.has_duplicates:
        raise CRMDataError(f"{name} has repeated customer ids, e.g. {list(out.index[out.index.duplicated()][:5])}")
    return out


def predicted_period_value(expected_purchases: pd.Series, expected_spend: pd.Series, *, margin: float,
                           cost_to_serve=0.0) -> pd.Series:
    """Predicted profit of the next period: E[purchases] × (margin × E[spend] − cost to serve one order).

    ``cost_to_serve`` is a number or a Series per customer (currency per
    order; a customer missing from it costs 0).  Money in the business's
    currency; the period is that of ``expected_purchases``.

    >>> predicted_period_value(pd.Series({"a": 2.0}), pd.Series({"a": 100.0}), margin=0.3, cost_to_serve=10)
    a    40.0
    dtype: float64
    """
    if not 0 < margin <= 1:
        raise CRMDataError(f"margin is the gross margin share of revenue, between 0 and 1; got {margin!r}")
    n = _series(expected_purchases, "expected_purchases")
    spend = _series(expected_spend, "expected_spend").reindex(n.index)
    if isinstance(cost_to_serve, pd.Series):
        cost = _series(cost_to_serve, "cost_to_serve").reindex(n.index).fillna(0.0)
    else:
        cost = pd.Series(float(cost_to_serve), index=n.index)
    out = n * (margin * spend - cost)
    out.index.name = "customer_id"
    return out.rename("predicted_value")


def _closed_on(customers, as_of, last_day=None) -> pd.Index:
    """Customers of the table whose account is closed on ``as_of`` (None: by the end of the data)."""
    from .cohorts import _closed_by, _closures

    closures = _closures(customers)
    if as_of is None:
        return closures.closed_on.dropna().index.append(closures.undated)
    return _closed_by(closures, pd.Timestamp(as_of).normalize(), last_day)


def upgrade_potential(tiers: pd.Series, value: pd.Series, predicted: pd.Series, *, near: float = 0.8,
                      lower_tiers=LOWER_TIERS, customers=None, as_of=None) -> pd.DataFrame:
    """Each lower-tier customer's reach towards the key tier, candidates first (rule in the module docstring).

    Parameters
    ----------
    tiers : Series
        Tier per customer (``key``, ``ordinary``, ``small``, ``bad``), e.g. the
        ``tiers`` of :func:`crm_analysis.value.customer_pyramid` on profit.
    value : Series
        The current period's value the tiers were cut on (currency).
    predicted : Series
        Predicted value of the next period, same units and period length.
        Customers of the lower tiers without a prediction are left out.
    near : float
        The reach (predicted / key threshold) from which a customer is a
        candidate; 1 means "predicted to clear the bar".
    customers : DataFrame, optional
        The customer table (``customer_id`` as a column or the index) with
        ``churn`` / ``churn_date``: lower-tier customers whose account is
        closed on ``as_of`` are left out (counted in a
        :class:`~crm_analysis.exceptions.DataExclusionWarning` and
        ``attrs["n_closed"]``), so a closed account is never a candidate.
    as_of : date-like, optional
        The date of the prediction (the end of the period the tiers were cut
        on).  Without it, every account closed by the end of the data is left
        out.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``, the ordinary and small customers with a
        prediction, sorted by ``reach`` (highest first): ``tier``, ``value``,
        ``predicted``, ``gap`` (threshold − predicted, currency), ``reach`` and
        ``candidate`` (bool).  ``attrs["key_threshold"]`` is θ,
        ``attrs["n_key"]`` the key customers it was read from.
    """
    if not near > 0:
        raise CRMDataError(f"near must be positive (a share of the key threshold), got {near!r}")
    tiers = _series(tiers, "tiers")
    value = _series(value, "value")
    predicted = _series(predicted, "predicted")
    key = value.reindex(tiers.index[tiers == "key"]).dropna()
    if key.empty:
        raise CRMDataError("no key customer with a value: the key threshold is the smallest value among key "
                           "customers (tiers == 'key')")
    threshold = float(key.min())
    if threshold <= 0:
        raise CRMDataError(f"the smallest value among key customers is {threshold:g}: a key threshold must be "
                           f"positive (cut the tiers on a value where key customers bring something)")
    lower = tiers.index[tiers.isin(list(lower_tiers))]
    n_closed = 0
    if customers is not None:
        closed = lower.isin(_closed_on(customers, as_of))
        n_closed = int(closed.sum())
        if n_closed:
            when = f"on {pd.Timestamp(as_of).date()}" if as_of is not None else "by the end of the data"
            warnings.warn(f"{n_closed} of {len(lower)} {' and '.join(lower_tiers)} customers left out: account closed "
                          f"{when} (e.g. {list(lower[closed][:5])})", DataExclusionWarning,
                          stacklevel=caller_stacklevel())
            lower = lower[~closed]
    table = pd.DataFrame({"tier": tiers.reindex(lower), "value": value.reindex(lower),
                          "predicted": predicted.reindex(lower)}).dropna(subset=["predicted"])
    table["gap"] = threshold - table["predicted"]
    table["reach"] = table["predicted"] / threshold
    table["candidate"] = table["reach"] >= near
    table = table.sort_values(["reach", "value"], ascending=False, kind="stable")
    table.index.name = "customer_id"
    table.attrs.update(key_threshold=threshold, n_key=int(len(key)), near=float(near), n_closed=n_closed)
    return table


def _wilson(k: int, n: int, ci_level: float) -> tuple[float, float]:
    """Wilson score interval of ``k / n`` (statsmodels' ``proportion_confint``, as the other engines use)."""
    from statsmodels.stats.proportion import proportion_confint

    if n == 0:
        return np.nan, np.nan
    low, high = proportion_confint(k, n, alpha=1 - ci_level, method="wilson")
    return float(low), float(high)


def upgrade_backtest(potential: pd.DataFrame, later_tiers: pd.Series, *, ci_level: float = 0.95) -> pd.DataFrame:
    """Did the candidates move up?  Share of candidates vs other lower-tier customers that are key later.

    ``potential`` is an :func:`upgrade_potential` table of one period,
    ``later_tiers`` the tiers of a later period (customers absent from it, e.g.
    lost ones, count as not key).  Returns one row per group
    (``candidates``, ``others``): ``customers``, ``became_key``, ``share``
    and its Wilson interval ``ci_lower``, ``ci_upper``.
    """
    later = _series(later_tiers, "tiers")
    rows = {}
    for group, mask in (("candidates", potential["candidate"]), ("others", ~potential["candidate"])):
        ids = potential.index[mask.to_numpy(bool)]
        n = len(ids)
        k = int((later.reindex(ids) == "key").sum())
        lo, hi = _wilson(k, n, ci_level)
        rows[group] = {"customers": n, "became_key": k, "share": k / n if n else np.nan, "ci_lower": lo,
                       "ci_upper": hi}
    table = pd.DataFrame(rows).T
    table[["customers", "became_key"]] = table[["customers", "became_key"]].astype(int)
    table.index.name = "group"
    return table


def predicted_profit(transactions: pd.DataFrame, customers: pd.DataFrame, *, margin: float, as_of, months: int = 12,
                     customer_col: str = "customer_id", date_col: str = "date", amount_col: str = "amount"
                     ) -> pd.Series:
    """Each customer's predicted profit for the ``months`` months after ``as_of``, from their purchases up to it.

    Fits the BG/NBD model (expected orders, :class:`~crm_analysis.value.BetaGeoModel`) and the Gamma-Gamma
    model (expected spend per order, :class:`~crm_analysis.value.GammaGammaModel`, on the repeat buyers with
    a positive mean spend) to the RFM summary at ``as_of`` in weeks, then applies
    :func:`predicted_period_value` with the customers' ``cost_to_serve`` (currency per order).  Customers
    whose first purchase is on ``as_of`` (no time observed, T = 0) have no prediction and are counted in a
    :class:`~crm_analysis.exceptions.DataExclusionWarning`.  Customers whose account is closed on ``as_of``
    (``churn == 1`` with ``churn_date`` on or before ``as_of``, when ``customers`` has those columns;
    ``churn_date`` is the last day as a customer) have no prediction either, counted in a warning and in
    ``attrs["n_closed"]``: they are still in the model fit (their purchases are part of the history), but a
    closed account buys nothing next period, so it can never be an upgrade candidate.  A closed account
    without ``churn_date`` is closed when ``as_of`` is on or after the last purchase.  Returns a Series
    indexed by ``customer_id`` (currency over the next ``months`` months).
    """
    from .bgnbd import BetaGeoModel
    from .rfm import rfm_summary
    from .spend import GammaGammaModel

    if "cost_to_serve" not in customers.columns:
        raise CRMDataError("customers has no 'cost_to_serve' column (currency per order): import it with the "
                           "customers role cost_to_serve (CLI --cost-to-serve-col)")
    if not months > 0:
        raise CRMDataError(f"months must be positive, got {months!r}")
    end = pd.Timestamp(as_of).normalize().date().isoformat()
    summary = rfm_summary(transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
                          observation_end=end, time_unit="W")
    unobserved = summary["T"] <= 0
    if unobserved.any():
        warnings.warn(f"{int(unobserved.sum())} of {len(summary)} customers have no prediction: their first "
                      f"purchase is on {end} (no time observed yet)", DataExclusionWarning,
                      stacklevel=caller_stacklevel())
        summary = summary.loc[~unobserved]
    repeat = (summary["frequency"] > 0) & (summary["monetary_value"] > 0)
    if int(repeat.sum()) < 2:
        raise CRMDataError(f"the prediction needs repeat buyers: {int(repeat.sum())} customers bought more than "
                           f"once up to {end}")
    bg = BetaGeoModel().fit(summary)
    gg = GammaGammaModel().fit(summary.loc[repeat])
    weeks = months * 365.25 / 12 / 7
    cost = customers["cost_to_serve"]
    if customers.index.name != customer_col and customer_col in customers.columns:
        cost = customers.set_index(customer_col)["cost_to_serve"]
    out = predicted_period_value(bg.predict(summary, weeks), gg.conditional_expected_spend(summary),
                                 margin=margin, cost_to_serve=pd.to_numeric(cost, errors="coerce"))
    n_closed = 0
    if "churn" in customers.columns or "churn_date" in customers.columns:
        last_day = pd.to_datetime(transactions[date_col]).max()
        closed = out.index.isin(_closed_on(customers, end, last_day))
        n_closed = int(closed.sum())
        if n_closed:
            warnings.warn(f"{n_closed} of {len(out)} customers have no prediction: account closed on or before "
                          f"{end} (e.g. {list(out.index[closed][:5])})", DataExclusionWarning,
                          stacklevel=caller_stacklevel())
            out = out.loc[~closed]
    out.attrs["n_closed"] = n_closed
    return out
