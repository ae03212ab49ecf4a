"""Claims about customer value: C7 (Pareto 80/20), C8 (acquisition costs 5x retention), C9 (tenure and revenue).

Verdict rules: :mod:`crm_analysis.claims.verdict`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..present.claims import Phrase
from ..validation import check_columns, check_not_empty, to_numeric_column
from .verdict import NOT_SUPPORTED, ClaimResult, _mark_synthetic, _not_testable, _result, interval_verdict

__all__ = ["cdnow_revenue", "claim_c7_pareto", "claim_c8_acquisition_cost", "claim_c9_tenure_revenue"]


# ---------------------------------------------------------------------------- C7
def cdnow_revenue(sample: bool = True) -> pd.Series:
    """Total spend (USD) per CDNOW customer over the whole log (January 1997 - June 1998), indexed by customer."""
    from ..datasets import load_cdnow

    return load_cdnow(sample=sample).groupby("customer_id")["amount"].sum().rename("revenue")


def claim_c7_pareto(revenue=None, *, share: float = 0.2, claimed_share: float = 0.8, band: float = 0.05,
                    n_boot: int = 1000, ci_level: float = 0.95, random_state=0,
                    synthetic: bool = False, currency: str | None = None) -> ClaimResult:
    """C7: the top 20 % of customers bring ~80 % of revenue.

    ``revenue`` is one value per customer (default: each CDNOW sample customer's
    total spend over the whole 78 weeks, January 1997 - June 1998).  The top
    ``share`` and its bootstrap percentile interval come from
    :func:`~crm_analysis.value.top_share`.

    Rule: "~80 %" is read as 80 % +/- ``band`` (5 points): **supported** when the
    interval overlaps [0.75, 0.85], otherwise **not supported** (the note says
    what the top 20 % do bring).  ``currency`` (an ISO code) labels the figure
    of the result (default: USD for CDNOW, none for your own values).
    """
    from ..value import top_share

    data_name = Phrase("teach_data_your_revenue")
    if revenue is None:
        revenue, data_name = cdnow_revenue(), Phrase("teach_data_cdnow")
        currency = currency or "USD"
    result = top_share(revenue, share, ci_level=ci_level, n_boot=n_boot, random_state=random_state)
    rule = interval_verdict(result["ci_lower"], result["ci_upper"], claimed=claimed_share, band=band)
    shares = dict(share=share, value_share=result["value_share"], lower=result["ci_lower"], upper=result["ci_upper"])
    if rule == NOT_SUPPORTED:
        note = (Phrase("teach_note_c7_not", **shares),)
    else:
        note = (Phrase("teach_note_c7", claimed=claimed_share, band=band, **shares),)
    note = _mark_synthetic(note, synthetic)
    return _result("C7", estimate=result["value_share"], ci=(result["ci_lower"], result["ci_upper"]),
                   claimed=claimed_share, rule=rule, synthetic=synthetic, note=note, data=data_name,
                   ci_level=ci_level,
                   measure=Phrase("teach_measure_c7", share=share),
                   details=result.to_frame("top_share"), values=pd.Series(revenue, copy=True), currency=currency)

# ---------------------------------------------------------------------------- C8
def claim_c8_acquisition_cost() -> ClaimResult:
    """C8 needs marketing cost accounting: not testable with the bundled data."""
    return _not_testable("C8")


# ---------------------------------------------------------------------------- C9
def claim_c9_tenure_revenue(customers: pd.DataFrame | None = None, *, tenure_col: str = "tenure",
                            revenue_col: str = "monthly_charges", ci_level: float = 0.95,
                            synthetic: bool = False) -> ClaimResult:
    """C9 (revenue half): does revenue per month rise with tenure?

    OLS of monthly revenue on tenure (months) with HC3 errors; the estimate is
    the slope times 12, in currency per month per extra year of tenure.  The
    other half of the claim -- the cost of keeping a customer falls with tenure
    -- needs cost-to-serve per customer, which no bundled data set has.  The
    data are cross-sectional: long-tenure customers are the survivors of their
    cohorts, so the slope mixes "customers grow" with "big customers stay".

    Rule: **supported** (the revenue half only) when the interval lies above 0.
    Default data: the IBM Telco sample (``load_telco_churn``), 7,043 customers.
    """
    import statsmodels.api as sm

    data_name = Phrase("teach_data_your_customers")
    if customers is None:
        from ..datasets import load_telco_churn

        customers, data_name = load_telco_churn(), Phrase("teach_data_telco")
    check_columns(customers, [tenure_col, revenue_col], name="customers")
    check_not_empty(customers, name="customers")
    tenure = to_numeric_column(customers, tenure_col, name="customers")
    revenue = to_numeric_column(customers, revenue_col, name="customers")
    fit = sm.OLS(revenue.to_numpy(float), sm.add_constant(tenure.to_numpy(float))).fit(cov_type="HC3")
    z = stats.norm.ppf(0.5 + ci_level / 2)
    slope, se = 12 * fit.params[1], 12 * fit.bse[1]
    ci = (slope - z * se, slope + z * se)
    rule = interval_verdict(*ci, greater_than=0)
    bands = pd.cut(tenure, [-np.inf, 12, 24, 48, np.inf], labels=["0-12", "13-24", "25-48", "49+"])
    details = revenue.groupby(bands, observed=False).agg(["size", "mean"]).rename(
        columns={"size": "customers", "mean": "mean_revenue_per_month"})
    details.index.name = "tenure_months"
    note = (Phrase("teach_note_c9", slope=slope, lower=ci[0], upper=ci[1],
                   first_year=details["mean_revenue_per_month"].iloc[0],
                   after_four=details["mean_revenue_per_month"].iloc[-1]),)
    note = _mark_synthetic(note, synthetic)
    return _result("C9", estimate=slope, ci=ci, claimed=np.nan, rule=rule, synthetic=synthetic, note=note,
                   data=data_name, ci_level=ci_level,
                   details=details, measure=Phrase("teach_measure_c9"))
