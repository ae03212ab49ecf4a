"""Claims about complaints and churn: C10 (the service-recovery paradox) and C11 (complaining before leaving).

Verdict rules: :mod:`crm_analysis.claims.verdict`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

import warnings

from ..exceptions import CRMDataError, DataExclusionWarning
from ..present.claims import Phrase
from ..validation import check_columns, check_not_empty, to_numeric_column
from .linked import LeftOutWarning
from .verdict import SUPPORTED, ClaimResult, _mark_synthetic, _result, _synthetic_note, _wilson, interval_verdict

__all__ = ["claim_c10_service_recovery", "claim_c11_complaints_before_churn"]


# ---------------------------------------------------------------------------- C10, C11
def _complaint_table(customers, complaints_col, resolved_col, churn_col):
    from ..churn import churn_labels

    check_columns(customers, [complaints_col, resolved_col, churn_col], name="customers")
    check_not_empty(customers, name="customers")
    complaints = to_numeric_column(customers, complaints_col, name="customers")
    resolved = to_numeric_column(customers, resolved_col, name="customers")
    churned, _ = churn_labels(customers[churn_col], name=churn_col)
    return complaints.to_numpy(float), resolved.to_numpy(float), churned



def _synthetic_customers(customers, n_customers, random_state):
    if customers is not None:
        return customers, Phrase("teach_data_your_customers"), False
    from ..datasets import make_customers

    data = make_customers(n_customers, random_state=random_state)
    return data, Phrase("teach_data_make_customers", n=n_customers, seed=random_state), True


def claim_c10_service_recovery(customers: pd.DataFrame | None = None, complaints: pd.DataFrame | None = None, *,
                               complaints_col: str = "complaints", resolved_col: str = "complaint_resolved",
                               churn_col: str = "churn", horizon_months: float = 12, grace_days: int = 30,
                               matches: int = 5,
                               n_boot: int = 200, observation_end=None, n_customers: int = 5000,
                               ci_level: float = 0.95, random_state=0, synthetic: bool | None = None) -> ClaimResult:
    """C10: are complainers whose complaint was resolved more loyal than customers who never complained?

    Loyalty is measured by behaviour: churn.  The estimate is the churn rate of
    customers who never complained minus that of complainers whose complaint
    was resolved (positive = the paradox), with Newcombe's hybrid-score
    interval; ``details`` gives the three groups (never, resolved, unresolved)
    with Wilson intervals.

    With a ``complaints`` log (linked data, time order: ``customers`` with
    ``customer_id``, ``acquisition_date``, ``churn``, ``churn_date``;
    ``complaints`` with ``customer_id``, ``date``, ``resolved``) the test is
    :func:`crm_analysis.satisfaction.service_recovery`: the Kaplan-Meier share
    still a customer ``horizon_months`` after the first complaint, resolved
    complainers against risk-set matched customers without a complaint at the
    tenure (``matches``, ``n_boot`` resamples, ``random_state``); the
    complaint's outcome is read ``grace_days`` after it (the landmark).  The
    estimate is retained (resolved) minus retained (no complaint); above 0 is
    the paradox.  The comparison is marginal, as the claim is worded:
    complainers are often the less satisfied, which works against the paradox.

    Rule: **supported** when the interval lies above 0.  Default data:
    ``make_customers`` (synthetic: resolving a complaint lowers the churn logit
    by 0.9 and raises satisfaction by construction, so "not testable").
    """
    from statsmodels.stats.proportion import confint_proportions_2indep

    if complaints is not None:
        return _c10_linked(customers, complaints, horizon_months=horizon_months, grace_days=grace_days,
                           matches=matches, n_boot=n_boot,
                           observation_end=observation_end, ci_level=ci_level, random_state=random_state,
                           synthetic=bool(synthetic))
    data, data_name, generated = _synthetic_customers(customers, n_customers, random_state)
    synthetic = generated if synthetic is None else synthetic
    complaints, resolved, churned = _complaint_table(data, complaints_col, resolved_col, churn_col)
    groups = {"never complained": complaints == 0, "complained, resolved": (complaints > 0) & (resolved == 1),
              "complained, not resolved": (complaints > 0) & (resolved != 1)}
    rows = {}
    for name, mask in groups.items():
        n, k = int(mask.sum()), int(churned[mask].sum())
        lo, hi = _wilson(k, n, ci_level) if n else (np.nan, np.nan)
        rows[name] = {"customers": n, "churned": k, "churn_rate": k / n if n else np.nan, "ci_lower": lo,
                      "ci_upper": hi}
    details = pd.DataFrame.from_dict(rows, orient="index")
    details.index.name = "group"
    never, fixed = details.loc["never complained"], details.loc["complained, resolved"]
    if min(never["customers"], fixed["customers"]) == 0:
        estimate, ci = np.nan, (np.nan, np.nan)
    else:
        estimate = never["churn_rate"] - fixed["churn_rate"]
        ci = confint_proportions_2indep(int(never["churned"]), int(never["customers"]), int(fixed["churned"]),
                                        int(fixed["customers"]), method="newcomb", compare="diff",
                                        alpha=1 - ci_level)
    rule = interval_verdict(*ci, greater_than=0)
    finding = (Phrase("teach_note_c10", never=never["churn_rate"], resolved=fixed["churn_rate"],
                      unresolved=details.loc["complained, not resolved", "churn_rate"]),)
    note = _synthetic_note("C10", finding) if synthetic else finding
    return _result("C10", estimate=estimate, ci=ci, claimed=np.nan, rule=rule, synthetic=synthetic,
                   note=note, data=data_name, ci_level=ci_level,
                   details=details, measure=Phrase("teach_measure_c10"))


def claim_c11_complaints_before_churn(customers: pd.DataFrame | None = None, complaints: pd.DataFrame | None = None,
                                      *, complaints_col: str = "complaints", churn_col: str = "churn",
                                      window_days: int = 90, observation_end=None, n_customers: int = 5000,
                                      ci_level: float = 0.95, random_state=0,
                                      synthetic: bool | None = None) -> ClaimResult:
    """C11: did most customers who left complain first?

    The estimate is the share of churners with at least one complaint (in the
    window before churn), with a Wilson interval; ``details`` compares churners
    with customers who stayed.

    With a ``complaints`` log (linked data, time order; the tables of
    :func:`claim_c10_service_recovery`) the test is
    :func:`crm_analysis.satisfaction.complaints_before_churn`: the share of
    churners with a complaint in the ``window_days`` (90) days up to their
    churn date, against stayers over an equally long window ending at the
    observation end.

    Rule: "most" means more than half: **supported** when the interval lies
    above 0.5 (with a complaints log also: the churners' share is above the
    stayers', the interval of the difference above 0, so that "complained
    first" is not just "complains anyway").  Default data: ``make_customers``
    (synthetic: each complaint raises the churn logit by 0.45 by construction,
    so "not testable").
    """
    if complaints is not None:
        return _c11_linked(customers, complaints, window_days=window_days, observation_end=observation_end,
                           ci_level=ci_level, synthetic=bool(synthetic))
    data, data_name, generated = _synthetic_customers(customers, n_customers, random_state)
    synthetic = generated if synthetic is None else synthetic
    check_columns(data, [complaints_col, churn_col], name="customers")
    complaints, _, churned = _complaint_table(data.assign(_resolved=0), complaints_col, "_resolved", churn_col)
    rows = {}
    for name, mask in (("churned", churned == 1), ("stayed", churned == 0)):
        n, k = int(mask.sum()), int((complaints[mask] > 0).sum())
        lo, hi = _wilson(k, n, ci_level)
        rows[name] = {"customers": n, "complained": k, "share_complained": k / n, "ci_lower": lo, "ci_upper": hi}
    details = pd.DataFrame.from_dict(rows, orient="index")
    details.index.name = "group"
    left = details.loc["churned"]
    ci = (left["ci_lower"], left["ci_upper"])
    rule = interval_verdict(*ci, greater_than=0.5)
    finding = (Phrase("teach_note_c11", share=left["share_complained"], churners=left["customers"],
                      stayed=details.loc["stayed", "share_complained"]),)
    note = _synthetic_note("C11", finding) if synthetic else finding
    return _result("C11", estimate=left["share_complained"], ci=ci, claimed=np.nan,
                   rule=rule, synthetic=synthetic, note=note, data=data_name,
                   ci_level=ci_level, details=details,
                   measure=Phrase("teach_measure_c11"))


# ---------------------------------------------------------------------------- C10, C11 on linked, dated tables
#: the exclusion counts of service_recovery / complaints_before_churn that a claim's note can state in words
_COUNTED = ("churn_without_date", "unknown_customer_complaints", "first_complaint_outside_life",
            "unknown_first_outcome", "left_within_grace", "complainers_without_match", "shorter_than_window")


def _restate(caught, counts: dict, *, days: int) -> None:
    """Warn again what the complaint engines left out, each count as a catalogue sentence (en/zh).

    When every non-zero count has a sentence, the engine's English exclusion warnings are replaced by
    :class:`~crm_analysis.claims.linked.LeftOutWarning` s; other warnings pass through unchanged.
    """
    counted = {key: n for key, n in counts.items() if n}
    known = all(key in _COUNTED for key in counted)
    for w in caught:
        if not (known and issubclass(w.category, DataExclusionWarning)):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if known:
        for key, n in counted.items():
            phrase = Phrase(f"teach_left_out_{key}", n=f"{n:,}", days=days)
            warnings.warn(LeftOutWarning(f"{n:,} left out ({key.replace('_', ' ')})", phrase), stacklevel=3)


def _c10_linked(customers, complaints, *, horizon_months, grace_days, matches, n_boot, observation_end, ci_level,
                random_state, synthetic) -> ClaimResult:
    from ..satisfaction import service_recovery

    if customers is None:
        raise CRMDataError("C10 with a complaints log needs the customers table (acquisition_date, churn, churn_date)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        recovery = service_recovery(complaints, customers, horizon_months=horizon_months, grace_days=grace_days,
                                    matches=matches, n_bootstrap=n_boot, observation_end=observation_end,
                                    ci_level=ci_level, random_state=random_state)
    _restate(caught, recovery.counts, days=grace_days)
    row = recovery.differences.loc["complaint resolved - no complaint"]
    ci = (row["ci_lower"], row["ci_upper"])
    rule = interval_verdict(*ci, greater_than=0)
    retained = recovery.retention["retained"]
    note = (Phrase("teach_note_c10_linked", months=horizon_months, resolved=retained["complaint resolved"],
                   unresolved=retained["complaint unresolved"], never=retained["no complaint"],
                   n_boot=n_boot),)
    note = _mark_synthetic(note, synthetic)
    n = f"{len(pd.unique(recovery.follow.index)):,}"
    return _result("C10", estimate=row["estimate"], ci=ci, claimed=np.nan, rule=rule, synthetic=synthetic,
                   note=note, data=Phrase("teach_data_your_complaints", n=n), ci_level=ci_level,
                   details=recovery.retention.copy(), measure=Phrase("teach_measure_c10_linked", months=horizon_months))


def _c11_linked(customers, complaints, *, window_days, observation_end, ci_level, synthetic) -> ClaimResult:
    from ..satisfaction import complaints_before_churn

    if customers is None:
        raise CRMDataError("C11 with a complaints log needs the customers table (acquisition_date, churn, churn_date)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = complaints_before_churn(complaints, customers, window_days=window_days,
                                        observation_end=observation_end, ci_level=ci_level)
    _restate(caught, found.counts, days=int(window_days))
    churners, stayers = found.groups.loc["churners"], found.groups.loc["stayers"]
    ci = (churners["ci_lower"], churners["ci_upper"])
    most = interval_verdict(*ci, greater_than=0.5)
    first = interval_verdict(found.difference["ci_lower"], found.difference["ci_upper"], greater_than=0)
    rule = most if most != SUPPORTED else first
    note = (Phrase("teach_note_c11_linked", share=churners["share"], churners=int(churners["customers"]),
                   days=int(window_days), stayed=stayers["share"], lower=found.difference["ci_lower"],
                   upper=found.difference["ci_upper"]),)
    note = _mark_synthetic(note, synthetic)
    n = f"{int(churners['customers'] + stayers['customers']):,}"
    return _result("C11", estimate=churners["share"], ci=ci, claimed=np.nan, rule=rule, synthetic=synthetic,
                   note=note, data=Phrase("teach_data_your_complaints", n=n), ci_level=ci_level,
                   details=found.groups.copy(), measure=Phrase("teach_measure_c11_linked", days=int(window_days)))
