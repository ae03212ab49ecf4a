"""The MBG/NBD model: BG/NBD with a possible drop-out right after the first purchase.

Batislam, Denizel & Filiztekin (2007) (and, independently, Hoppe & Wagner
2007) noticed that BG/NBD customers with no repeat purchase can never be
"dead", so long-inactive one-time buyers look alive.  MBG/NBD lets the
customer drop out with probability ``p`` after *every* purchase, the first
included.  Purchasing while alive is Poisson(λ), λ ~ Gamma(r, α); p ~ Beta(a, b).

Likelihood (for every x, including x = 0):

.. math::

    L = \\frac{\\Gamma(r+x)\\,\\alpha^r}{\\Gamma(r)}\\,\\frac{B(a,b+x+1)}{B(a,b)}
        \\Big[(\\alpha+T)^{-(r+x)} + \\frac{a}{b+x}\\,(\\alpha+t_x)^{-(r+x)}\\Big]

P(alive) = 1 / (1 + a/(b+x) ((α+T)/(α+t_x))^{r+x}); the conditional expectation
is the BG/NBD one with ``b`` replaced by ``b+1`` in the Beta terms:

.. math::

    E[Y(t)\\mid x,t_x,T] = \\frac{a+b+x}{a-1}\\Big[1-\\big(\\tfrac{\\alpha+T}{\\alpha+T+t}\\big)^{r+x}
      {}_2F_1\\big(r+x,b+x+1;a+b+x;\\tfrac{t}{\\alpha+T+t}\\big)\\Big] P(\\text{alive})

References
----------
Batislam, E. P., Denizel, M. & Filiztekin, A. (2007). Empirical validation and
comparison of models for customer base analysis. *International Journal of
Research in Marketing* 24(3), 201-209.
Wagner, U. & Taudes, A. (1987); Hoppe, D. & Wagner, U. (2007). Customer base
analysis: the case for a central variant of the Betageometric/NBD model.
*Marketing ZFP* 29(JRM 2), 75-90.
"""
from __future__ import annotations

import numpy as np

from .bgnbd import _BetaGeoFamily


class ModifiedBetaGeoModel(_BetaGeoFamily):
    """MBG/NBD model: parameters ``r, alpha`` (purchase rate) and ``a, b`` (drop-out after any purchase).

    Same interface as :class:`~crm_analysis.value.bgnbd.BetaGeoModel`
    (``fit``, ``predict``, ``probability_alive``, ``expected_purchases``,
    ``simulate``); the new-customer expectation is
    :math:`\\frac{b}{a-1}[1-(\\frac{\\alpha}{\\alpha+t})^r\\,{}_2F_1(r,b+1;a+b;\\frac{t}{\\alpha+t})]`.
    """

    _shift = 1

    def _death_mask(self, x: np.ndarray) -> np.ndarray:
        return np.ones(np.shape(x), dtype=bool)
