"""Claims about customer value: C7 (Pareto 80/20), C8 (acquisition costs 5x retention), C9 (tenure and revenue).

Verdict rules: :mod:`crm_analysis.claims.verdict`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..present.claims import Phrase
from ..exceptions import CRMDataError
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
def claim_c8_acquisition_cost(customers: pd.DataFrame | None = None, *, claimed_ratio: float = 5.0,
                              claimed_range: tuple[float, float] = (4.5, 6.0), n_boot: int = 1000,
                              ci_level: float = 0.95, random_state=0, synthetic: bool = False,
                              currency: str | None = None) -> ClaimResult:
    """C8: acquiring a customer costs 5 (to 6) times as much as retaining one for a year.

    ``customers`` has ``acquisition_cost`` (one-off, currency per customer) and
    ``retention_cost`` (currency per customer per year: loyalty programme,
    visits).  The estimate is the ratio of means

    .. math:: \\hat\\theta = \\frac{\\overline{\\text{acquisition cost}}}{\\overline{\\text{yearly retention cost}}}

    over the customers with both costs recorded (the others are left out with a
    :class:`~crm_analysis.exceptions.DataExclusionWarning`), with a percentile
    interval from ``n_boot`` bootstrap resamples of the customers
    (``random_state``).  A ratio of means, not a mean of ratios: the claim
    compares what the business spends on winning a customer with what it spends
    on keeping one.  Both costs are in the business's currency (``currency``
    only labels the details).

    Rule: the claim reads "5x (another source: 5-6x)"; "5x" is read as 5 +/- 10 %
    (as C7 reads "~80 %" as 80 +/- 5 points) and the other source extends it to
    6, so **supported** when the interval overlaps ``claimed_range`` = [4.5, 6],
    otherwise **not supported** (the note says the ratio found).  Without data
    (the default): not testable (no bundled data record costs).
    """
    if customers is None:
        return _not_testable("C8")
    import warnings

    from .linked import LeftOutWarning

    check_columns(customers, ["acquisition_cost", "retention_cost"], name="customers")
    acquisition, retention = (to_numeric_column(customers, column, name="customers", allow_missing=True)
                              .to_numpy(float) for column in ("acquisition_cost", "retention_cost"))
    negative = (acquisition < 0) | (retention < 0)
    if negative.any():
        raise CRMDataError(f"customers: acquisition_cost and retention_cost must not be negative (first rows: "
                           f"{list(customers.index[negative][:5])})")
    known = np.isfinite(acquisition) & np.isfinite(retention)
    if (~known).any():
        n, total = f"{int((~known).sum()):,}", f"{len(known):,}"
        warnings.warn(LeftOutWarning(f"{n} of {total} customers left out: acquisition_cost or retention_cost unknown",
                                     Phrase("teach_left_out_costs", n=n, total=total)), stacklevel=2)
    acquisition, retention = acquisition[known], retention[known]
    if len(acquisition) < 5 or retention.sum() <= 0:
        raise CRMDataError(f"C8 needs at least 5 customers with both costs and a positive total retention cost, "
                           f"got {len(acquisition)} customers")
    estimate = acquisition.mean() / retention.mean()
    rows = np.random.default_rng(random_state).integers(0, len(acquisition), (n_boot, len(acquisition)))
    with np.errstate(divide="ignore", invalid="ignore"):
        draws = acquisition[rows].mean(axis=1) / retention[rows].mean(axis=1)
    ci = tuple(np.quantile(draws[np.isfinite(draws)], [(1 - ci_level) / 2, (1 + ci_level) / 2]))
    low, high = claimed_range
    middle, band = (low + high) / 2, (high - low) / 2
    rule = interval_verdict(*ci, claimed=middle, band=band)
    details = pd.DataFrame({"customers": [len(acquisition)], "mean_acquisition_cost": [acquisition.mean()],
                            "mean_retention_cost_per_year": [retention.mean()], "ratio": [estimate]},
                           index=pd.Index(["all"], name="group"))
    key = "teach_note_c8" if rule != NOT_SUPPORTED else "teach_note_c8_not"
    note = (Phrase(key, ratio=estimate, lower=ci[0], upper=ci[1], acquisition=acquisition.mean(),
                   retention=retention.mean(), low=low, high=high, n=f"{len(acquisition):,}"),)
    note = _mark_synthetic(note, synthetic)
    return _result("C8", estimate=estimate, ci=ci, claimed=claimed_ratio, rule=rule, synthetic=synthetic,
                   note=note, data=Phrase("teach_data_your_customers"), ci_level=ci_level, details=details,
                   measure=Phrase("teach_measure_c8"), currency=currency)


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
