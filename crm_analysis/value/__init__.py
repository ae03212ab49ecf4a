"""Customer value engine: RFM, concentration and tiers, repeat-purchase models, spend, retention, CLV, profit, tier migration, cohorts and customer equity."""
from .rfm import customer_totals, rfm_summary
from .btyd import BetaGeoBetaBinomModel, BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel
from .concentration import (customer_pyramid, customer_share_for_value, frequency_spend_quadrants, gini,
                            lorenz_curve, pareto_table, rfm_scores, rfm_segments, segment_summary, top_share)
from .spend import GammaGammaModel
from .retention import ShiftedBetaGeoModel
from .clv import (clv_if_alive, customer_lifetime_value, retention_improvement_table, retention_value,
                  valuable_at_risk, valuable_probably_gone, value_of_retention_improvement)
from .holdout import (alive_vs_holdout, calibration_holdout_split, compare_holdout, cumulative_tracking,
                      holdout_by_frequency, holdout_metrics)
from .model_comparison import compare_models, likelihood_ratio_test
from .forecast import customer_equity_interval, purchase_intervals, total_interval
from .profit import (COST_QUADRANTS, ProfitPyramid, RevenueCostQuadrants, customer_profit, plot_profit_pyramid,
                     plot_revenue_cost_quadrants, plot_whale_curve, profit_pyramid, revenue_cost_quadrants,
                     whale_curve)
from .migration import TierMigration, plot_tier_migration, tier_migration
from .cohorts import (CohortRetention, EquityBridge, cohort_retention, customer_equity, equity_bridge,
                      period_kpis, plot_cohort_heatmap, plot_equity_bridge, plot_period_kpis)
from .plots import (plot_calibration_holdout, plot_count_value_shares, plot_cumulative_tracking, plot_customer_pyramid,
                    plot_expected_purchases_heatmap, plot_frequency_spend_quadrants, plot_lorenz_curve,
                    plot_probability_alive_heatmap)

__all__ = ["rfm_summary", "customer_totals"]
__all__ += ["BetaGeoModel", "ModifiedBetaGeoModel", "ParetoNBDModel", "BetaGeoBetaBinomModel"]  # btyd
__all__ += [  # concentration, spend, retention, CLV, holdout validation, plots
    "lorenz_curve", "gini", "top_share", "customer_pyramid", "frequency_spend_quadrants", "rfm_scores",
    "rfm_segments", "GammaGammaModel", "ShiftedBetaGeoModel", "customer_lifetime_value", "retention_value",
    "value_of_retention_improvement", "retention_improvement_table", "calibration_holdout_split",
    "compare_holdout", "holdout_metrics", "holdout_by_frequency", "cumulative_tracking",
    "plot_expected_purchases_heatmap", "plot_probability_alive_heatmap", "plot_calibration_holdout",
    "plot_cumulative_tracking", "plot_lorenz_curve", "plot_customer_pyramid", "plot_frequency_spend_quadrants",
    "pareto_table", "customer_share_for_value", "segment_summary", "clv_if_alive", "valuable_at_risk",
    "valuable_probably_gone", "alive_vs_holdout", "plot_count_value_shares",
]
__all__ += ["compare_models", "likelihood_ratio_test"]  # model comparison
__all__ += ["purchase_intervals", "customer_equity_interval", "total_interval"]  # forecast intervals
__all__ += [  # the linked customer base: profit, tiers over time, cohorts and customer equity
    "customer_profit", "profit_pyramid", "whale_curve", "revenue_cost_quadrants", "ProfitPyramid",
    "RevenueCostQuadrants", "COST_QUADRANTS", "plot_profit_pyramid", "plot_whale_curve",
    "plot_revenue_cost_quadrants", "tier_migration", "TierMigration", "plot_tier_migration", "cohort_retention",
    "CohortRetention", "period_kpis", "customer_equity", "equity_bridge", "EquityBridge", "plot_cohort_heatmap",
    "plot_period_kpis", "plot_equity_bridge",
]
