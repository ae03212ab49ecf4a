"""Satisfaction to loyalty engine: rating scales, regressions, asymmetric effects and PLS path models.

Modules: :mod:`.scales` (reliability, NPS, the six satisfaction levels),
:mod:`.pls` (PLS path modeling, matching R plspm and seminr),
:mod:`.templates` (ECSI and ACSI models).
"""
from .pls import PLSPathModel
from .scales import (SATISFACTION_LEVELS, average_variance_extracted, composite_reliability, cronbach_alpha,
                     fornell_larcker, htmt, net_promoter_score, reverse_code, rho_a, satisfaction_levels,
                     top_box_share)
from .templates import acsi_model, acsi_specification, ecsi_model, ecsi_specification

__all__ = ["PLSPathModel", "ecsi_model", "acsi_model", "ecsi_specification", "acsi_specification",
           "SATISFACTION_LEVELS", "reverse_code", "cronbach_alpha", "composite_reliability",
           "average_variance_extracted", "rho_a", "htmt", "fornell_larcker", "net_promoter_score",
           "satisfaction_levels", "top_box_share"]
