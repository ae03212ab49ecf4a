"""Churn engine: classifiers for customer tables, evaluation in money, survival curves, early warning.

* :class:`ChurnClassifier` - logistic / random forest / gradient boosting with preprocessing inside;
* :func:`evaluate_churn_models`, :func:`gains_table`, :func:`calibration_table`, :func:`profit_curve`;
* :func:`kaplan_meier_by_segment`, :class:`CoxChurnModel` - retention curves and hazard ratios;
* :func:`early_warning_list` - the ranked "act now" list of valuable customers at risk;
* :func:`align_to`, :func:`leaking_columns` - labels paired with customers by id; id and date columns kept
  out of the features (:class:`LeakageWarning`).
"""
from .evaluation import (ProfitCurve, calibration_error, calibration_table, evaluate_churn_models, gains_table,
                         profit_curve, top_decile_lift)
from .labels import align_to, churn_labels
from .leakage import LeakageWarning, leaking_columns
from .pipeline import ChurnClassifier, IgnoredColumnsWarning, PerfectSeparationWarning, UnseenCategoryWarning
from .plots import plot_calibration, plot_gains, plot_hazard_ratios, plot_profit_curve, plot_retention_curves
from .survival import CoxChurnModel, RetentionCurves, kaplan_meier_by_segment
from .warning import early_warning_list, risk_from_classifier, risk_from_p_alive

__all__ = ["ChurnClassifier", "PerfectSeparationWarning", "LeakageWarning", "UnseenCategoryWarning",
           "IgnoredColumnsWarning", "leaking_columns", "align_to", "churn_labels", "evaluate_churn_models", "gains_table",
           "top_decile_lift", "calibration_table", "calibration_error", "profit_curve", "ProfitCurve",
           "kaplan_meier_by_segment", "RetentionCurves", "CoxChurnModel", "early_warning_list",
           "risk_from_p_alive", "risk_from_classifier", "plot_retention_curves", "plot_gains", "plot_calibration",
           "plot_profit_curve", "plot_hazard_ratios"]
