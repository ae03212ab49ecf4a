"""Churn engine: classifiers for customer tables, evaluation in money, survival curves, early warning.

* :class:`ChurnClassifier` - logistic / random forest / gradient boosting with preprocessing inside;
* :func:`evaluate_churn_models`, :func:`gains_table`, :func:`calibration_table`, :func:`profit_curve`;
* :func:`kaplan_meier_by_segment`, :class:`CoxChurnModel` - retention curves and hazard ratios;
* :func:`early_warning_list`, :func:`retained_value` - the ranked "act now" list of valuable customers at risk;
* :func:`early_warnings`, :func:`warning_counts`, :func:`warning_details`, :func:`plot_early_warnings` - the
  course's four early warnings (stopped ordering, behind plan, over credit, over budget) of a linked customer
  base in one list (:mod:`.early_warning`);
* :func:`churn_features`, :func:`segment_column`, :func:`value_of_keeping` - what a report uses from a customer
  table, by rules it can state (:mod:`.data`);
* :func:`churn_drivers` - driver table and per-customer reasons from one effect measure (:mod:`.drivers`);
* :func:`align_to`, :func:`leaking_columns` - labels paired with customers by id; id and date columns kept
  out of the features (:class:`LeakageWarning`).
"""
from .data import (ChurnFeatures, CustomerValue, churn_features, churn_overview, current_customers, monthly_revenue,
                   running_total_columns, sample_customers, segment_column, value_of_keeping)
from .drivers import ChurnDrivers, churn_drivers, feature_groups
from .early_warning import WARNINGS, early_warnings, plot_early_warnings, warning_counts, warning_details
from .evaluation import (ACTIONABLE_AUC, BROAD_CAMPAIGN_SHARE, MIN_TARGETING_LIFT, ranking_adds_little, ProfitCurve, accuracy_table, auc_verdict, model_is_actionable, baseline_accuracy, calibration_error,
                         calibration_table, campaign_kpis, evaluate_churn_models, gains_table, profit_curve,
                         top_decile_lift)
from .labels import align_to, churn_labels
from .leakage import LeakageWarning, leaking_columns
from .pipeline import ChurnClassifier, IgnoredColumnsWarning, PerfectSeparationWarning, UnseenCategoryWarning
from .plots import (plot_calibration, plot_driver_importance, plot_gains, plot_hazard_ratios, plot_pr_curves,
                    plot_profit_curve, plot_retention_curves, plot_roc_curves)
from .survival import (STANDARD_HORIZONS, CoxChurnModel, RetentionCurves, has_tenure, kaplan_meier_by_segment,
                       retention_differs, retention_horizons, retention_summary, with_tenure)
from .warning import early_warning_list, retained_value, risk_from_classifier, risk_from_p_alive

__all__ = ["ChurnClassifier", "PerfectSeparationWarning", "LeakageWarning", "UnseenCategoryWarning",
           "IgnoredColumnsWarning", "leaking_columns", "align_to", "churn_labels", "evaluate_churn_models", "gains_table",
           "top_decile_lift", "calibration_table", "calibration_error", "profit_curve", "ProfitCurve",
           "kaplan_meier_by_segment", "RetentionCurves", "CoxChurnModel", "early_warning_list",
           "risk_from_p_alive", "risk_from_classifier", "plot_retention_curves", "plot_gains", "plot_calibration",
           "plot_profit_curve", "plot_hazard_ratios", "plot_roc_curves", "plot_pr_curves", "plot_driver_importance",
           "retention_summary", "retained_value", "sample_customers", "current_customers", "churn_overview",
           "churn_features", "ChurnFeatures", "running_total_columns", "segment_column", "value_of_keeping",
           "CustomerValue", "monthly_revenue", "ChurnDrivers", "churn_drivers", "feature_groups",
           "baseline_accuracy", "accuracy_table", "campaign_kpis", "auc_verdict",
           "ACTIONABLE_AUC", "model_is_actionable", "has_tenure", "with_tenure", "retention_differs",
           "BROAD_CAMPAIGN_SHARE", "MIN_TARGETING_LIFT", "ranking_adds_little", "retention_horizons",
           "STANDARD_HORIZONS", "early_warnings", "warning_counts", "warning_details", "plot_early_warnings",
           "WARNINGS"]
