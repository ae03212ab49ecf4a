"""Satisfaction to loyalty engine: rating scales, regressions, asymmetric effects and PLS path models.

Modules: :mod:`.scales` (reliability, NPS, the six satisfaction levels),
:mod:`.regression` (OLS / ordered logit / logit of loyalty), :mod:`.nonlinear`
(functional form, loyalty zones, top-box effect), :mod:`.asymmetry`
(penalty-reward contrast, Kano), :mod:`.importance` (importance-performance),
:mod:`.churn_levels` (churn by satisfaction level, claim C1), :mod:`.survey`
(complete cases, scale scores, the churn outcome), :mod:`.pls`
(PLS path modeling matching R plspm and seminr), :mod:`.templates` (ECSI and
ACSI models), :mod:`.plots`; on the linked customer base :mod:`.linked`
(per-customer indices, satisfaction x value, value-weighted importance) and
:mod:`.complaints` (rates, funnel, resolution times, service recovery C10,
complaints before churn C11).
"""
from .asymmetry import KANO_CATEGORIES, penalty_reward_analysis
from .complaints import (FUNNEL_CLAIMS, RECOVERY_GROUPS, ComplaintsBeforeChurn, ServiceRecovery, complaint_funnel,
                         complaint_rates, complaints_before_churn, plot_complaint_funnel, plot_complaint_rates,
                         plot_complaints_before_churn, plot_resolution_times, plot_service_recovery, resolution_times,
                         service_recovery)
from .churn_levels import (CLAIM_C1, HAPPY_LEVELS, UNHAPPY_LEVELS, churn_by_satisfaction_level, cochran_armitage_test,
                           dissatisfaction_gap, pooled_churn_rate)
from .importance import (NO_CLEAR_PRIORITY, QUADRANT_ORDER, bootstrap_priorities, derived_importance, importance_performance,
                         pls_driver_priorities, pls_importance_performance, rank_drivers)
from .linked import (VALUE_QUADRANTS, SatisfactionValueMatrix, customer_scores, plot_satisfaction_value,
                     plot_value_weighted_importance, satisfaction_value_matrix, value_weighted_importance)
from .micom import MICOMResult, micom
from .multigroup import multigroup_analysis
from .nonlinear import compare_functional_forms, restricted_cubic_spline, satisfaction_zones, top_box_effect
from .plots import plot_churn_by_level, plot_importance_performance, plot_penalty_reward, plot_satisfaction_zones
from .missing_data import MissingDataReport, missing_data_report
from .pls import PLSPathModel
from .pls_fit import implied_correlation, model_fit
from .plspredict import plspredict
from .pls_moderation import INTERACTION_METHODS, plot_simple_slopes, simple_slopes
from .regression import SatisfactionLoyaltyModel, firth_logit
from .scales import (SATISFACTION_LEVELS, average_variance_extracted, composite_reliability, cronbach_alpha,
                     fornell_larcker, htmt, net_promoter_score, reverse_code, rho_a, satisfaction_levels,
                     top_box_share)
from .survey import SurveySample, block_means, churn_outcome, complete_responses, weakest_driver
from .templates import acsi_model, acsi_specification, ecsi_model, ecsi_specification
from ..validation import declare_scale, survey_scale  # the survey's declared scale, shared with the reader

__all__ = [
    "PLSPathModel", "SatisfactionLoyaltyModel", "ecsi_model", "acsi_model", "ecsi_specification",
    "acsi_specification", "SATISFACTION_LEVELS", "reverse_code", "cronbach_alpha", "composite_reliability",
    "average_variance_extracted", "rho_a", "htmt", "fornell_larcker", "net_promoter_score",
    "satisfaction_levels", "top_box_share", "firth_logit", "compare_functional_forms",
    "restricted_cubic_spline", "satisfaction_zones", "top_box_effect", "penalty_reward_analysis",
    "KANO_CATEGORIES", "derived_importance", "importance_performance", "pls_importance_performance",
    "churn_by_satisfaction_level", "cochran_armitage_test", "CLAIM_C1", "plot_importance_performance",
    "plot_churn_by_level", "plot_satisfaction_zones", "plot_penalty_reward", "declare_scale", "survey_scale",
    "pls_driver_priorities", "bootstrap_priorities", "rank_drivers", "QUADRANT_ORDER", "NO_CLEAR_PRIORITY", "pooled_churn_rate",
    "dissatisfaction_gap", "UNHAPPY_LEVELS", "HAPPY_LEVELS", "block_means", "churn_outcome", "complete_responses",
    "SurveySample", "weakest_driver",
    "customer_scores", "satisfaction_value_matrix", "SatisfactionValueMatrix", "value_weighted_importance",
    "plot_satisfaction_value", "plot_value_weighted_importance", "VALUE_QUADRANTS",
    "complaint_rates", "complaint_funnel", "resolution_times", "service_recovery", "ServiceRecovery",
    "complaints_before_churn", "ComplaintsBeforeChurn", "plot_complaint_funnel", "plot_resolution_times",
    "plot_service_recovery", "plot_complaint_rates", "plot_complaints_before_churn", "FUNNEL_CLAIMS", "RECOVERY_GROUPS",
    "model_fit", "implied_correlation",
    "multigroup_analysis", "micom", "MICOMResult",
    "missing_data_report", "MissingDataReport",
    "plspredict",
    "simple_slopes", "plot_simple_slopes", "INTERACTION_METHODS",
]
