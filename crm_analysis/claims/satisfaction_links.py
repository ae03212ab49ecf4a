"""Satisfaction claims that need the customers' behaviour too: C3 (repurchase cycle) and C6 (profit).

Both take the linked tables of the customer database (survey, transactions,
customers; :mod:`crm_analysis.claims.linked`) and are re-exported by
:mod:`crm_analysis.claims.satisfaction` with the survey-only claims.
Verdict rules: :mod:`crm_analysis.claims.verdict`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..exceptions import CRMDataError
from ..present.claims import Phrase
from .linked import (SATISFACTION_ITEMS, churn_after_survey, logistic_slopes, profit_per_customer, purchase_cycles,
                     survey_satisfaction)
from .verdict import NOT_SUPPORTED, NOT_TESTABLE, SUPPORTED, ClaimResult, _mark_synthetic, _not_testable, _result, interval_verdict

__all__ = ["claim_c3_purchase_cycle", "claim_c6_satisfaction_vs_profit", "WEAK_ASSOCIATION"]


# ---------------------------------------------------------------------------- C3, C6 (linked data)
def claim_c3_purchase_cycle(survey: pd.DataFrame | None = None, transactions: pd.DataFrame | None = None,
                            customers: pd.DataFrame | None = None, *, satisfaction_items=SATISFACTION_ITEMS,
                            cut="median", n_boot: int = 500, ci_level: float = 0.95, random_state=0,
                            synthetic: bool = False) -> ClaimResult:
    """C3: is the satisfaction-loyalty link stronger for customers with a short repurchase cycle?

    Linked data: ``survey`` (``customer_id``, ``date`` and the
    ``satisfaction_items``), ``transactions`` (``customer_id``, ``date``) and
    ``customers`` (``customer_id``, ``churn``, ``churn_date``).  Per surveyed
    customer (first answer; :mod:`crm_analysis.claims.linked`):

    * satisfaction :math:`s_i` = mean of the items, standardised over the
      respondents, :math:`z_i = (s_i - \\bar s)/sd(s)`;
    * stayed :math:`y_i = 1` unless the account was closed *after* the survey
      date (a customer gone before answering is left out);
    * repurchase cycle :math:`g_i` = mean days between purchase days over the
      whole history (customers with one purchase day are left out); short when
      :math:`g_i` is below the ``cut`` (``"median"`` of the respondents, or a
      number of days), long otherwise.

    In each group the link is the slope :math:`b` of the logistic regression
    :math:`\\text{logit}\\,P(y_i = 1) = a + b z_i` (log odds of staying per
    standard deviation of satisfaction).  The estimate is
    :math:`b_{short} - b_{long}` with a percentile interval from ``n_boot``
    bootstrap resamples of the respondents within each group
    (``random_state``).  Assumptions: the observation window after the survey
    differs by customer (a cross-section of survey dates); it affects both
    groups alike unless survey dates differ between them.

    Rule: **supported** when the interval lies above 0.  Without data (the
    default) the claim is not testable: no bundled data link a survey to
    purchases and churn of the same customers.
    """
    if survey is None or transactions is None or customers is None:
        return _not_testable("C3")
    respondents = churn_after_survey(survey_satisfaction(survey, satisfaction_items), customers)
    data = respondents.join(purchase_cycles(transactions), how="inner")
    if len(data) < 20:
        raise CRMDataError(f"C3 needs at least 20 surveyed customers with two purchase days and a known churn "
                           f"outcome, got {len(data)}")
    threshold = float(data["purchase_cycle_days"].median()) if cut == "median" else float(cut)
    z = ((data["satisfaction"] - data["satisfaction"].mean()) / data["satisfaction"].std()).to_numpy()
    stayed = 1 - data["churned"].to_numpy()
    short = (data["purchase_cycle_days"] < threshold).to_numpy()
    rng = np.random.default_rng(random_state)
    rows, slopes, draws = {}, {}, {}
    for group, mask in (("short cycle", short), ("long cycle", ~short)):
        index = np.flatnonzero(mask)
        if len(index) < 10:
            raise CRMDataError(f"C3: the {group} group has {len(index)} customers (cut {threshold:g} days); "
                               f"at least 10 are needed in each group")
        slopes[group] = logistic_slopes(z, stayed, index[None, :])[0]
        draws[group] = logistic_slopes(z, stayed, index[rng.integers(0, len(index), (n_boot, len(index)))])
        finite = draws[group][np.isfinite(draws[group])]
        lo, hi = np.quantile(finite, [(1 - ci_level) / 2, (1 + ci_level) / 2]) if finite.size else (np.nan, np.nan)
        rows[group] = {"customers": len(index), "churned": int((1 - stayed[index]).sum()),
                       "churn_rate": float((1 - stayed[index]).mean()),
                       "median_cycle_days": float(np.median(data["purchase_cycle_days"].to_numpy()[index])),
                       "slope": slopes[group], "ci_lower": lo, "ci_upper": hi}
    details = pd.DataFrame.from_dict(rows, orient="index")
    details.index.name = "group"
    flat = [group for group, slope in slopes.items() if not np.isfinite(slope)]
    if flat:
        # everyone in the group stayed (or left): satisfaction cannot separate stayers from leavers there
        group = flat[0]
        note = _mark_synthetic((Phrase("teach_note_c3_flat", group=Phrase(f"teach_group_{group.replace(' ', '_')}"),
                                       n=rows[group]["customers"], churned=rows[group]["churned"]),), synthetic)
        return _result("C3", estimate=np.nan, ci=(np.nan, np.nan), claimed=np.nan, rule=NOT_TESTABLE,
                       synthetic=synthetic, note=note, data=Phrase("teach_data_your_linked", n=f"{len(data):,}"),
                       ci_level=ci_level, details=details, measure=Phrase("teach_measure_c3"))
    difference = draws["short cycle"] - draws["long cycle"]
    estimate = slopes["short cycle"] - slopes["long cycle"]
    ci = tuple(np.nanquantile(difference, [(1 - ci_level) / 2, (1 + ci_level) / 2])) \
        if np.isfinite(difference).sum() >= 0.9 * n_boot else (np.nan, np.nan)
    rule = interval_verdict(*ci, greater_than=0)
    note = (Phrase("teach_note_c3", cut=threshold, short=slopes["short cycle"], long=slopes["long cycle"],
                   n_short=rows["short cycle"]["customers"], n_long=rows["long cycle"]["customers"],
                   n_boot=n_boot),)
    note = _mark_synthetic(note, synthetic)
    return _result("C3", estimate=estimate, ci=ci, claimed=np.nan, rule=rule, synthetic=synthetic, note=note,
                   data=Phrase("teach_data_your_linked", n=f"{len(data):,}"), ci_level=ci_level, details=details,
                   measure=Phrase("teach_measure_c3"))


def _spearman(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Spearman's rho of each row pair of ``x`` and ``y`` (mid-ranks for ties; NaN for a constant row)."""
    rx, ry = stats.rankdata(x, axis=1), stats.rankdata(y, axis=1)
    rx, ry = rx - rx.mean(axis=1, keepdims=True), ry - ry.mean(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (rx * ry).sum(axis=1) / np.sqrt((rx ** 2).sum(axis=1) * (ry ** 2).sum(axis=1))


#: C6: "weak" association -- the upper end of the interval of Spearman's rho below this (Cohen's medium effect)
WEAK_ASSOCIATION = 0.3


def claim_c6_satisfaction_vs_profit(survey: pd.DataFrame | None = None, transactions: pd.DataFrame | None = None,
                                    customers: pd.DataFrame | None = None, *, margin: float | None = None,
                                    satisfaction_items=SATISFACTION_ITEMS, scale=None, top_share: float = 0.2,
                                    weak: float = WEAK_ASSOCIATION, n_boot: int = 500, ci_level: float = 0.95,
                                    random_state=0, synthetic: bool = False,
                                    currency: str | None = None) -> ClaimResult:
    """C6: satisfaction is not profitability -- how closely does a customer's satisfaction track their profit?

    Linked data: ``survey`` (``customer_id``, ``date``, ``satisfaction_items``),
    ``transactions`` (``customer_id``, ``date``, ``amount`` [, ``order_id``]) and
    ``customers`` (``customer_id``, ``cost_to_serve`` per order); ``margin`` is
    the gross margin share of revenue (the business setting).  Profit of
    customer *i* over the whole history is :math:`\\pi_i = m R_i - n_i c_i`
    (revenue x margin minus orders x cost-to-serve,
    :func:`~crm_analysis.claims.linked.profit_per_customer`); satisfaction is the
    mean of the items of the customer's first answer.

    The estimate is Spearman's rank correlation :math:`\\rho` of satisfaction
    and profit over the surveyed buyers (ranks, because profit is heavy-tailed
    and can be negative), with a percentile interval from ``n_boot`` bootstrap
    resamples (``random_state``).  ``details`` compares the top ``top_share``
    (20 %) of customers by profit with the rest: customers, profit share, mean
    satisfaction, share with negative profit; the note gives the difference in
    mean satisfaction.

    Rule, fixed in advance: the claim says satisfaction and profit are
    different things, so it is **supported** when the association is at most
    weak: the whole interval lies below ``weak`` = 0.3 (Cohen's "medium"
    correlation; below it satisfaction ranks explain under 9 % of the variance
    of profit ranks).  A negative association supports it too (profitable
    customers less satisfied, as in the Swedish bank).  **Not supported** when
    the interval reaches 0.3 or more.  Without data (the default): not testable.
    ``values`` holds each customer's satisfaction index (0-100 on ``scale``,
    default the survey's declared scale or 1-10) and profit for the figure.
    """
    if survey is None or transactions is None or customers is None:
        return _not_testable("C6")
    if margin is None:
        raise CRMDataError("C6 needs the gross margin share of revenue: pass margin= (e.g. 0.35; a database "
                           "records it with crm-analysis init ... --margin)")
    respondents = survey_satisfaction(survey, satisfaction_items)
    data = respondents.join(profit_per_customer(transactions, customers, margin=margin), how="inner")
    if len(data) < 20:
        raise CRMDataError(f"C6 needs at least 20 surveyed customers with purchases and a cost-to-serve, got "
                           f"{len(data)}")
    sat, profit = data["satisfaction"].to_numpy(), data["profit"].to_numpy()
    rho = float(_spearman(sat[None, :], profit[None, :])[0])
    rows = np.random.default_rng(random_state).integers(0, len(data), (n_boot, len(data)))
    draws = _spearman(sat[rows], profit[rows])
    ci = tuple(np.nanquantile(draws, [(1 - ci_level) / 2, (1 + ci_level) / 2]))
    rule = SUPPORTED if ci[1] < weak else NOT_SUPPORTED
    top = data["profit"] >= data["profit"].quantile(1 - top_share)
    groups = {}
    for group, mask in (("top profit", top), ("rest", ~top)):
        part = data[mask.to_numpy()]
        groups[group] = {"customers": len(part), "profit_share": part["profit"].sum() / data["profit"].sum(),
                         "mean_profit": part["profit"].mean(), "mean_satisfaction": part["satisfaction"].mean(),
                         "share_unprofitable": float((part["profit"] < 0).mean())}
    details = pd.DataFrame.from_dict(groups, orient="index")
    details.index.name = "group"
    low, high = scale if scale is not None else survey.attrs.get("scale", (1, 10))
    points = pd.DataFrame({"satisfaction_index": 100 * (data["satisfaction"] - low) / (high - low),
                           "profit": data["profit"]})
    note = (Phrase("teach_note_c6", rho=rho, lower=ci[0], upper=ci[1], weak=weak, share=top_share,
                   top=groups["top profit"]["mean_satisfaction"], rest=groups["rest"]["mean_satisfaction"],
                   profit_share=groups["top profit"]["profit_share"],
                   unprofitable=float((data["profit"] < 0).mean())),)
    note = _mark_synthetic(note, synthetic)
    return _result("C6", estimate=rho, ci=ci, claimed=np.nan, rule=rule, synthetic=synthetic, note=note,
                   data=Phrase("teach_data_your_linked", n=f"{len(data):,}"), ci_level=ci_level, details=details,
                   measure=Phrase("teach_measure_c6"), currency=currency, values=points)
