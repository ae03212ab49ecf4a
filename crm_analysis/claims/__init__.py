"""The textbook claims C1-C11 of the course material, each tested on the data that can test it.

The Chinese CRM coursework this project grew from states eleven claims about
satisfaction, loyalty, customer value and churn (``docs/crm-concepts.md``
numbers them C1-C11).  They are claims to *test*, never constants to use.  Each
``claim_cN_*`` function takes the data that can test the claim (defaults: the
bundled data that fits best), computes one estimate with an interval and
returns a :class:`ClaimResult` with a verdict.

The package, one module per engine plus the rules:

* :mod:`.verdict` -- :class:`ClaimResult`, :class:`ClaimCard`,
  :func:`interval_verdict` and the evidence rule (synthetic data never support
  a claim);
* :mod:`.satisfaction` -- C1-C6 (surveys; C1 also in time order on linked
  tables), with C3 and C6, which need purchases and profit of the surveyed
  customers, in :mod:`.satisfaction_links`;
* :mod:`.value` -- C7, C8, C9 (transactions, acquisition and retention costs, tenure);
* :mod:`.churn` -- C10, C11 (complaints and churn; in time order from a
  complaints log with :func:`crm_analysis.satisfaction.service_recovery` and
  :func:`~crm_analysis.satisfaction.complaints_before_churn`);
* :mod:`.linked` -- the linked tables prepared once for every claim (first
  survey answer per customer, churn after the answer, repurchase cycles,
  profit per customer);
* :mod:`.store` -- which tables of a customer database test which claim
  (:func:`select_claim_data`);
* :mod:`.lab` -- :func:`run_all_claims`, :func:`run_store_claims` and the
  claims lab of report 14 (:func:`claims_lab`).

Tables and figures of the lab (:func:`claims_table`, :func:`summary_table`,
:func:`details_table`, :func:`claim_figure`) live in
:mod:`crm_analysis.present.claims` and are re-exported here.

Verdict rules (decided before looking at the data, and the same for every user):

* **supported** -- the interval is compatible with the claim: it covers the
  claimed number (or the band around a "~" number), or, for a claim of
  direction ("A is larger than B"), it lies entirely on the claimed side of zero.
* **not supported** -- the data can test the claim and the interval is not
  compatible with it; the note says what the data show instead.
* **not testable with this data** -- the data do not measure what the claim is
  about (the note says what data would test it), or the only data are
  *synthetic*.  Synthetic data (``make_customers``, ``make_survey``) were
  generated with the effect built in, so they illustrate the method but cannot
  test the claim: a claim about real customers is never "supported" by data we
  simulated.  Pass real data (and ``synthetic=False``) to get a real verdict.

The package computes; it writes no sentence in any language.  A result's
statement, measure, data name and note are catalogue keys with their values
(:class:`~crm_analysis.present.claims.Phrase`); the words are in
``crm_analysis/present/catalogue/teach.py`` and ``result.text("note", lang)``
renders them.
"""
from ..present.claims import PageTable, claim_figure, claims_table, details_table, summary_table
from .churn import claim_c10_service_recovery, claim_c11_complaints_before_churn
from .lab import ClaimsLab, claims_lab, run_all_claims, run_store_claims
from .satisfaction import (MOBI_BLOCKS, WEAK_ASSOCIATION, claim_c1_churn_by_satisfaction, claim_c2_top_box,
                           claim_c3_purchase_cycle, claim_c4_mediation, claim_c5_asymmetry,
                           claim_c6_satisfaction_vs_profit, penalty_reward_contrast)
from .store import (COMPLAINTS_COLUMN, INTENTION_ITEM, RESOLVED_COLUMN, REVENUE_COLUMN, SATISFACTION_ITEM, ClaimData,
                    select_claim_data)
from .value import cdnow_revenue, claim_c7_pareto, claim_c8_acquisition_cost, claim_c9_tenure_revenue
from .verdict import NOT_SUPPORTED, NOT_TESTABLE, SUPPORTED, VERDICTS, ClaimCard, ClaimResult, interval_verdict

__all__ = ["ClaimResult", "ClaimCard", "VERDICTS", "interval_verdict", "claims_table", "run_all_claims",
           "claim_c1_churn_by_satisfaction", "claim_c2_top_box", "claim_c3_purchase_cycle",
           "claim_c4_mediation", "claim_c5_asymmetry", "claim_c6_satisfaction_vs_profit", "claim_c7_pareto",
           "claim_c8_acquisition_cost", "claim_c9_tenure_revenue", "claim_c10_service_recovery",
           "claim_c11_complaints_before_churn", "MOBI_BLOCKS", "penalty_reward_contrast", "cdnow_revenue",
           "SUPPORTED", "NOT_SUPPORTED", "NOT_TESTABLE", "PageTable", "summary_table", "details_table",
           "claim_figure", "ClaimData", "select_claim_data", "run_store_claims", "ClaimsLab", "claims_lab",
           "SATISFACTION_ITEM", "INTENTION_ITEM", "REVENUE_COLUMN", "COMPLAINTS_COLUMN", "RESOLVED_COLUMN",
           "WEAK_ASSOCIATION"]
