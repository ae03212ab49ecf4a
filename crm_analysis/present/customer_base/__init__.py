"""Presentation of report 33, the customer base report: KPI rows, findings, manager tables and the sections.

The report reads one linked customer database (transactions, the customer
table, survey answers linked by ``customer_id``, complaints) and shows, for
managers, in the business's currency and the report's language:

* the **period KPIs** (new, active, retained, lost and returned customers,
  repeat rate, revenue, customer equity) of
  :func:`crm_analysis.value.cohorts.period_kpis`;
* the **acquisition-cohort retention** heat map
  (:func:`~crm_analysis.value.cohorts.cohort_retention`);
* the **equity bridge** between two dates
  (:func:`~crm_analysis.value.cohorts.equity_bridge`);
* the **early-warning list** with the course's four warnings
  (:func:`crm_analysis.churn.early_warnings`);
* the **satisfaction x value matrix**, valuable-and-dissatisfied customers first
  (:func:`crm_analysis.satisfaction.linked.satisfaction_value_matrix`);
* **complaints**: rate, funnel, resolution time, service recovery (C10) and
  complaining before leaving (C11) (:mod:`crm_analysis.satisfaction.complaints`).

:func:`analyse` runs the engines once (one valuation of the customers per
date, shared by the KPIs, the bridge, the warnings and the matrix) and
records, per section, what data are missing: a section without its data says
which data it needs and how to import them (:func:`needs_sentence`), and the
rest of the report renders.  The ``report_*`` functions display one section
each (the notebook has no logic of its own); the functions they call
(:func:`glance_kpis`, :func:`period_table`, :func:`bridge_table`, ...) return
tables of strings and sentences and are tested on hand-computed cases.

Every word comes from the catalogue ``crm_analysis/present/catalogue/mgmt_customer_base.py``
(keys ``r33_``), the warnings' words from ``early_warning.py``.

The package holds one module per section of the page (this package re-exports
every public name, so ``from crm_analysis.present import customer_base as page``
reads as before):

* :mod:`.data`: the linked tables up to the report date (:class:`LinkedData`,
  :func:`read_linked`);
* :mod:`.needs`: what a section lacks and how to import it (:class:`Needs`,
  :func:`needs_sentence`, :func:`section_needs`);
* :mod:`.analysis`: :func:`analyse`, :class:`CustomerBaseReport` and
  :func:`require_transactions`;
* :mod:`.overview`: the context, KPI rows, findings and the period table
  (:func:`glance_kpis`, :func:`glance_findings`, :func:`data_sentence`,
  :func:`period_table`, :func:`report_kpis`, :func:`report_findings`,
  :func:`report_periods`);
* :mod:`.cohorts`: the cohorts and the equity bridge (:func:`cohort_sentence`,
  :func:`bridge_table`, :func:`bridge_sentence`, :func:`report_cohorts`,
  :func:`report_bridge`);
* :mod:`.early_warnings`: the early warnings (:func:`warning_table`,
  :func:`warning_list`, :func:`warning_needs`, :func:`broad_warning_note`,
  :func:`report_warnings`);
* :mod:`.satisfaction`: satisfaction x value (:func:`matrix_table`,
  :func:`dissatisfied_list`, :func:`report_satisfaction`);
* :mod:`.complaints`: complaints, C10 and C11 (:func:`complaint_kpis`,
  :func:`funnel_table`, :func:`resolution_table`, :func:`recovery_sentence`,
  :func:`before_churn_sentence`, :func:`report_complaints`);
* :mod:`.common`: helpers the sections share (period and window words,
  percentages, the display pieces).
"""
from __future__ import annotations

from .analysis import ECSI_SATISFACTION, PERIODS, CustomerBaseReport, analyse, require_transactions
from .cohorts import bridge_sentence, bridge_table, cohort_sentence, cohort_size_note, report_bridge, report_cohorts
from .common import period_label, window_words
from .complaints import (before_churn_sentence, complaint_kpis, funnel_table, recovery_sentence, report_complaints,
                         resolution_table)
from .data import LinkedData, read_linked
from .early_warnings import (BROAD_WARNING_SHARE, broad_warning_note, report_warnings, warning_list, warning_needs,
                             warning_table)
from .needs import Needs, needs_sentence, section_needs
from .overview import (data_sentence, glance_findings, glance_kpis, period_table, report_findings, report_kpis,
                       report_periods)
from .satisfaction import dissatisfied_list, matrix_base_sentence, matrix_table, report_satisfaction

__all__ = ["LinkedData", "CustomerBaseReport", "read_linked", "analyse", "period_label", "window_words",
           "glance_kpis", "glance_findings", "period_table", "cohort_sentence", "bridge_table", "bridge_sentence",
           "warning_table", "warning_list", "matrix_table", "dissatisfied_list", "complaint_kpis",
           "funnel_table", "resolution_table", "recovery_sentence", "before_churn_sentence", "needs_sentence",
           "require_transactions", "data_sentence", "report_kpis", "report_findings", "report_periods",
           "report_cohorts", "report_bridge", "report_warnings", "report_satisfaction", "report_complaints",
           "ECSI_SATISFACTION", "section_needs", "broad_warning_note", "warning_needs", "BROAD_WARNING_SHARE"]
