"""crm_analysis: customer relationship management analytics.

Three engines - customer value (:mod:`crm_analysis.value`), satisfaction to
loyalty (:mod:`crm_analysis.satisfaction`) and churn (:mod:`crm_analysis.churn`) -
plus bundled data (:mod:`crm_analysis.datasets`), input validation, an embedded
DuckDB customer database (:class:`crm_analysis.store.CustomerStore`) and a
report runner (:mod:`crm_analysis.reports`).
"""
from .exceptions import ConvergenceError, ConvergenceWarning, CRMDataError, DataExclusionWarning
from .store import CustomerStore
from .value.rfm import rfm_summary
from .model_card import load_model

__version__ = "0.1.0"

__all__ = ["CRMDataError", "ConvergenceError", "ConvergenceWarning", "DataExclusionWarning",
           "CustomerStore", "rfm_summary", "load_model", "__version__"]
