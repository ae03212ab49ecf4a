"""Repeat-purchase ("buy till you die") models: one import for the whole family.

=============================  ==========================  =========================================
model                          parameters                  setting
=============================  ==========================  =========================================
:class:`BetaGeoModel`          r, alpha, a, b              continuous time; drop-out after a purchase
:class:`ModifiedBetaGeoModel`  r, alpha, a, b              as BG/NBD, drop-out also after the first
:class:`ParetoNBDModel`        r, alpha, s, beta           continuous time; drop-out at any moment
:class:`BetaGeoBetaBinomModel` alpha, beta, gamma, delta   discrete opportunities (BG/BB)
=============================  ==========================  =========================================

All are fitted by maximum likelihood on the log scale with analytic gradients
(:mod:`crm_analysis.value._btyd_base`) from a summary with columns
``frequency, recency, T`` (BG/BB: ``frequency, recency, n_periods``) and an
optional ``weight``; build one with :func:`crm_analysis.value.rfm_summary`.
"""
from .bgbb import BetaGeoBetaBinomModel
from .bgnbd import BetaGeoModel
from .mbgnbd import ModifiedBetaGeoModel
from .paretonbd import ParetoNBDModel

__all__ = ["BetaGeoModel", "ModifiedBetaGeoModel", "ParetoNBDModel", "BetaGeoBetaBinomModel"]
