"""The whole customer-value analysis of one transaction log, with every exclusion counted.

A value report needs, for the same customers and the same report date: the
totals per customer (revenue, tiers, concentration), the RFM summary, a
BG/NBD model of purchases and P(alive), a Gamma-Gamma model of spend, the
CLV and the early-warning list of value at risk.  :func:`analyse_customer_base`
makes all of them in one call and says what it left out and why, as numbers
(``exclusions``), so a page can state them in a sentence instead of showing
raw warnings:

``returns``
    rows with a negative amount (returns and refunds): excluded from revenue
    and from the models (the same rule as :func:`~crm_analysis.value.rfm_summary`);
``after_report_date``
    rows dated after the report date (``observation_end``);
``customers_without_purchases``
    customers of the log with no purchase up to the report date (only
    returns, or a first purchase after it): they are not in any table;
``zero_value_repeat``
    repeat buyers whose repeat purchases add up to 0 or less: left out of
    the spend model (Gamma-Gamma needs a positive mean spend); their CLV uses
    the population mean spend, like one-time buyers;
``first_purchase_on_report_date``
    customers whose first purchase is on the report date itself: observed
    for no time (:math:`T = 0`), they carry no information for the BG/NBD fit
    and are left out of it, but they stay in every table.  They just bought,
    so P(alive) is 1, and their CLV is the fitted model's value of a
    brand-new customer: with :math:`x = t_x = T = 0` the BG/NBD conditional
    expectation :math:`E[Y(t) \\mid x, t_x, T]` reduces to the unconditional
    :math:`E[X(t)]` of a new customer (Fader, Hardie & Lee 2005, eq. 9 vs
    eq. 10), times the population mean spend :math:`pv/(q-1)` of the
    Gamma-Gamma model (a one-time buyer's expected spend), times ``margin``,
    discounted month by month as in
    :func:`~crm_analysis.value.customer_lifetime_value`.

Other warnings of the fits (a frequency-spend correlation above 0.3, an
estimate at the edge of the parameter space) are returned in ``notes`` (their
messages), so a report can say them in its text.
"""
from __future__ import annotations

import warnings
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError, DataExclusionWarning
from ..timegrid import inclusive_end, period_discount_rate, unit_days
from ..validation import validate_transactions
from .btyd import BetaGeoModel
from .clv import clv_if_alive, customer_lifetime_value
from .rfm import customer_totals, rfm_summary
from .spend import GammaGammaModel

__all__ = ["CustomerBase", "analyse_customer_base", "count_exclusions", "new_customer_value", "EXCLUSION_KINDS"]

#: the kinds of :attr:`CustomerBase.exclusions`, in the order a page states them
EXCLUSION_KINDS = ("returns", "after_report_date", "customers_without_purchases", "zero_value_repeat",
                   "first_purchase_on_report_date")


class CustomerBase(NamedTuple):
    """Result of :func:`analyse_customer_base` (all indexed by customer where per customer)."""

    totals: pd.DataFrame          # purchases, revenue, mean_spend (first purchase included)
    summary: pd.DataFrame         # frequency, recency, T, monetary_value (repeat purchases), in weeks
    transaction_model: BetaGeoModel
    spend_model: GammaGammaModel
    clv: pd.Series                # expected value over the horizon, discounted, times the margin
    p_alive: pd.Series            # probability of still being active at the report date
    value_if_alive: pd.Series     # clv / p_alive: what the customer brings if still active
    warning: pd.DataFrame         # p_churn, value (= value_if_alive), value_at_risk: every customer
    report_date: pd.Timestamp
    exclusions: dict              # kind -> count (see the module docstring)
    notes: list                   # messages of the other warnings of the fits


def count_exclusions(transactions: pd.DataFrame, observation_end=None, *, customer_col: str = "customer_id",
                     date_col: str = "date", amount_col: str = "amount") -> dict:
    """What :func:`rfm_summary` / :func:`customer_totals` leave out of ``transactions``, counted.

    Returns ``{"returns": rows, "after_report_date": rows, "customers_without_purchases": customers}``
    with the same rules and order as the warnings of those functions (returns
    first, then rows after the report date among the rest; the whole report
    day counts).

    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "b", "c"], "amount": [10.0, -4.0, 5.0, 7.0],
    ...                    "date": ["2024-01-01", "2024-01-03", "2024-02-10", "2024-01-02"]})
    >>> count_exclusions(tx, "2024-01-31")
    {'returns': 1, 'after_report_date': 1, 'customers_without_purchases': 1}
    """
    tx = validate_transactions(transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
                               exclude=False)
    returns = tx[amount_col] < 0
    kept = tx.loc[~returns]
    if observation_end is None:
        late = pd.Series(False, index=kept.index)
    else:
        late = kept[date_col] > inclusive_end(observation_end, "D")
    bought = set(kept.loc[~late, customer_col])
    without = int((~tx[customer_col].drop_duplicates().isin(bought)).sum())
    return {"returns": int(returns.sum()), "after_report_date": int(late.sum()),
            "customers_without_purchases": without}


def analyse_customer_base(transactions: pd.DataFrame, *, observation_end=None, horizon: int = 12,
                          discount_rate: float = 0.10, margin: float = 1.0, customer_col: str = "customer_id",
                          date_col: str = "date", amount_col: str = "amount") -> CustomerBase:
    """Totals, RFM summary, BG/NBD + Gamma-Gamma, CLV over ``horizon`` months and the value-at-risk list.

    ``observation_end`` is the report date (default: the last transaction
    date).  ``margin`` multiplies revenue into profit (1.0 = revenue).  The
    models are fitted in weeks.  Exclusions are counted in ``exclusions`` and
    their warnings are not repeated; other fit warnings are kept in ``notes``.

    Customers whose first purchase is on the report date (:math:`T = 0`)
    are left out of the fits and kept in the tables with P(alive) 1 and the
    CLV of a brand-new customer (see the module docstring); their count is
    ``exclusions["first_purchase_on_report_date"]``.

    Raises :class:`CRMDataError` when fewer than two customers bought before
    the report date, or fewer than two bought twice (the models cannot be
    fitted).
    """
    from ..churn import early_warning_list  # the churn engine's value-at-risk list (imported on use)

    dates = validate_transactions(transactions, customer_col=customer_col, date_col=date_col,
                                  amount_col=amount_col, exclude=False)[date_col]
    report_date = (dates.max() if observation_end in (None, "") else pd.Timestamp(observation_end)).normalize()
    end = report_date.date().isoformat()
    exclusions = count_exclusions(transactions, end, customer_col=customer_col, date_col=date_col,
                                  amount_col=amount_col)
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        totals = customer_totals(transactions, customer_col=customer_col, date_col=date_col,
                                 amount_col=amount_col, observation_end=end)
        summary = rfm_summary(transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
                              observation_end=end, time_unit="W")
        new = summary["T"] <= 0                   # first purchase on the report date: nothing observed yet
        observed = summary.loc[~new]
        if len(observed) < 2 or int((observed["frequency"] > 0).sum()) < 2:
            raise CRMDataError(f"the value models need repeat buyers: {len(observed)} customers bought before "
                               f"{end} ({int(new.sum())} more first bought that day), "
                               f"{int((observed['frequency'] > 0).sum())} of them more than once")
        zero_value = (observed["frequency"] > 0) & (observed["monetary_value"] <= 0)
        exclusions["zero_value_repeat"] = int(zero_value.sum())
        exclusions["first_purchase_on_report_date"] = int(new.sum())
        bg = BetaGeoModel().fit(observed)
        gg = GammaGammaModel().fit(observed.loc[~zero_value])
        clv = customer_lifetime_value(bg, gg, observed, horizon=horizon, time_unit="M",
                                      discount_rate=discount_rate, margin=margin)
        clv = clv.reindex(summary.index).fillna(new_customer_value(bg, gg, horizon=horizon,
                                                                   discount_rate=discount_rate, margin=margin))
        p_alive = bg.probability_alive(observed).reindex(summary.index).fillna(1.0)
        # P(alive) can underflow to 0 for a frequent buyer silent for very long; the floor keeps clv / p finite
        # (such a customer is on the win-back list either way)
        value_if_alive = clv_if_alive(clv, p_alive.clip(lower=np.finfo(float).tiny))
        warning = early_warning_list(value_if_alive, p_alive=p_alive, summary=summary)
    for item in caught:
        if issubclass(item.category, DataExclusionWarning):
            continue  # counted in exclusions (returns, late rows, one-time buyers of the spend model)
        notes.append(str(item.message))
    return CustomerBase(totals, summary, bg, gg, clv, p_alive, value_if_alive, warning, report_date,
                        {k: exclusions[k] for k in EXCLUSION_KINDS}, notes)


def new_customer_value(transaction_model, spend_model, *, horizon: int = 12, discount_rate: float = 0.10,
                       margin: float = 1.0) -> float:
    """Discounted expected profit of a brand-new customer over ``horizon`` months (currency).

    .. math::

        \\text{CLV}_{new} = m\\,\\bar z \\sum_{k=1}^{H}
            \\frac{E[X(k c)] - E[X((k-1) c)]}{(1 + d)^k}

    with :math:`E[X(t)]` the expected purchases of a new customer in the
    first :math:`t` model time units (``transaction_model.expected_purchases``,
    BG/NBD: Fader, Hardie & Lee 2005, eq. 9), :math:`c` model units per month,
    :math:`\\bar z` the population mean spend per purchase
    (``spend_model.population_mean_spend()``, Gamma-Gamma :math:`pv/(q-1)`),
    :math:`m` = ``margin`` and :math:`d` the monthly rate of the yearly
    ``discount_rate``, exactly the steps of
    :func:`~crm_analysis.value.customer_lifetime_value`.  It is the CLV that
    function gives a customer with ``frequency = recency = 0`` observed for
    :math:`T \\to 0` (the conditional expectation tends to the unconditional
    one), which the models cannot take as :math:`T = 0` itself.
    """
    step = unit_days("M", "time_unit") / unit_days(transaction_model.time_unit_, "model_time_unit")
    d = period_discount_rate(discount_rate, "Y", "M")
    cumulative = np.array([0.0] + [float(transaction_model.expected_purchases(k * step))
                                   for k in range(1, int(horizon) + 1)])
    discount = (1.0 + d) ** np.arange(1, int(horizon) + 1)
    return float(margin * spend_model.population_mean_spend() * np.sum(np.diff(cumulative) / discount))
