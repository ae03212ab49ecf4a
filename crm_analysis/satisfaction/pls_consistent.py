"""Consistent PLS (PLSc): the correction of reflective constructs for measurement error.

Plain PLS estimates every construct by a weighted sum of its items, a
*composite*.  When the items are reflective -- each item is the common factor
plus its own error, :math:`x_i = \\lambda_i \\eta + \\varepsilon_i` -- the
composite still contains part of the item errors, so its correlations with
other constructs are attenuated and the path coefficients are biased towards
zero (and the loadings away from it), however many respondents are surveyed.
Dijkstra & Henseler (2015) showed that one number per construct repairs this.

**Reliability** :math:`\\rho_A`.  With :math:`w` the outer weights of the
standardised items of a block (scaled so that the composite has unit variance)
and :math:`S` their correlation matrix,

.. math::

    \\rho_A = (w^\\top w)^2\\,
              \\frac{w^\\top (S - \\operatorname{diag} S)\\, w}
                   {w^\\top (w w^\\top - \\operatorname{diag}(w w^\\top))\\, w}

is the squared correlation between the composite and the common factor.
Mode B (formative) blocks and single-item blocks are composites by
definition and keep :math:`\\rho_A = 1`.

**Construct correlations** are disattenuated,
:math:`\\tilde r_{ij} = r_{ij} / \\sqrt{\\rho_{A,i}\\,\\rho_{A,j}}` for
:math:`i \\neq j` (unit diagonal), with :math:`r_{ij}` the correlation of the
PLS construct scores.

**Path coefficients** are OLS on the corrected correlations,
:math:`\\beta_j = \\tilde R_{PP}^{-1} \\tilde R_{Pj}` for the predecessors
:math:`P` of construct :math:`j`, and :math:`R^2_j = \\beta_j^\\top \\tilde R_{Pj}`.

**Loadings** of a reflective block are
:math:`\\lambda = w\\,\\sqrt{\\rho_A} / (w^\\top w)`; Mode B and single-item
blocks keep their PLS loadings.  Weights and construct scores are those of
plain PLS (the scores are still composites), so reliability measures computed
from the loadings (:math:`\\rho_C`, AVE) use the consistent loadings.

Assumptions: every Mode A block with two or more items is a common factor
(reflective) model with uncorrelated item errors; the weights come from Mode A
("correlation weights").  This matches seminr, whose ``reflective()``
constructs are estimated in Mode A and corrected this way.

**When PLSc is undefined.**  :math:`\\rho_A \\le 0` (or not a number) leaves
:math:`\\sqrt{\\rho_A}` undefined: it happens when the items of a block do not
share one factor (a reverse-worded item that was not recoded, an item unrelated
to the others).  :func:`check_consistent` makes that an error naming the
construct; in a bootstrap such resamples are dropped and counted.
:math:`\\rho_A > 1` (a composite "more reliable" than perfect) is a Heywood-like
case: the numbers exist but consistent loadings and correlations may exceed 1,
so it is a warning, as is a corrected construct correlation of 1 or more in
absolute value (the corrected correlation matrix is then not a correlation
matrix and the paths are not interpretable).

References: Dijkstra, T. K., & Henseler, J. (2015). Consistent partial least
squares path modeling. *MIS Quarterly* 39(2), 297-316; Dijkstra, T. K., &
Henseler, J. (2015). Consistent and asymptotically normal PLS estimators for
linear structural equations. *Computational Statistics & Data Analysis* 81,
10-23.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from ..exceptions import ConvergenceWarning, CRMDataError
from . import pls_algorithm as alg

__all__ = ["ConsistentEstimates", "reflective_constructs", "rho_a_stack", "consistent_estimates",
           "check_consistent"]


@dataclass
class ConsistentEstimates(alg.PLSEstimates):
    """PLS estimates after the PLSc correction (paths, R², loadings corrected; weights unchanged)."""

    rho_a: np.ndarray  # (B, J), 1 for Mode B and single-item constructs
    construct_corr: np.ndarray  # (B, J, J), disattenuated construct correlations
    defined: np.ndarray  # (B,) bool, every corrected construct has a positive, finite rho_A


def reflective_constructs(structure: alg.ModelStructure) -> list[int]:
    """Positions of the constructs PLSc corrects: Mode A with two or more items."""
    return [j for j in range(len(structure.constructs))
            if j not in structure.mode_b and structure.block(j).size > 1]


def _standardised(S: np.ndarray, W: np.ndarray):
    """Item correlations and the weights of standardised items, from covariances S and weights W (batched)."""
    sd = np.sqrt(np.diagonal(S, axis1=1, axis2=2))
    with np.errstate(invalid="ignore", divide="ignore"):
        C = S / sd[:, :, None] / sd[:, None, :]
    return C, W * sd[:, :, None]


def rho_a_stack(S: np.ndarray, weights: np.ndarray, structure: alg.ModelStructure) -> np.ndarray:
    """Dijkstra-Henseler rho_A (B, J) of every construct for a stack of item covariances and outer weights."""
    C, Wstd = _standardised(S, weights)
    rho = np.ones((weights.shape[0], weights.shape[2]))
    for j in reflective_constructs(structure):
        idx = structure.block(j)
        w = Wstd[:, idx, j]
        R = C[:, idx[:, None], idx[None, :]]
        wtw = (w * w).sum(axis=1)
        off_s = np.einsum("bi,bij,bj->b", w, R, w) - (w * w * np.diagonal(R, axis1=1, axis2=2)).sum(axis=1)
        # w'(ww' - diag(ww'))w = (w'w)^2 - sum(w^4)
        off_ww = wtw**2 - (w**4).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            rho[:, j] = wtw**2 * off_s / off_ww
    return rho


def consistent_estimates(S: np.ndarray, est: alg.PLSEstimates, structure: alg.ModelStructure) -> ConsistentEstimates:
    """Apply the PLSc correction to PLS estimates of a stack of covariance matrices ``S`` (B, p, p).

    ``est`` comes from :func:`crm_analysis.satisfaction.pls_algorithm.estimate`
    on the same ``S``.  Resamples where some corrected construct has
    :math:`\\rho_A \\le 0` are marked not ``converged`` (and not ``defined``).
    """
    reflective = reflective_constructs(structure)
    rho = rho_a_stack(S, est.weights, structure)
    defined = (np.isfinite(rho) & (rho > 0)).all(axis=1)
    with np.errstate(invalid="ignore"):
        root = np.sqrt(rho)
    corr = est.score_corr / (root[:, :, None] * root[:, None, :])
    n_constructs = corr.shape[1]
    corr[:, np.arange(n_constructs), np.arange(n_constructs)] = 1.0
    with np.errstate(invalid="ignore"):
        paths, r_squared = alg.structural_paths(corr, structure)
    _, Wstd = _standardised(S, est.weights)
    loadings = est.loadings.copy()
    for j in reflective:
        idx = structure.block(j)
        w = Wstd[:, idx, j]
        loadings[:, idx, j] = w * (root[:, j] / (w * w).sum(axis=1))[:, None]
    converged = est.converged & defined & np.isfinite(paths).all(axis=(1, 2))
    return ConsistentEstimates(weights=est.weights, score_corr=est.score_corr, paths=paths, r_squared=r_squared,
                               loadings=loadings, converged=converged, iterations=est.iterations, rho_a=rho,
                               construct_corr=corr, defined=defined)


def check_consistent(est: ConsistentEstimates, structure: alg.ModelStructure, stacklevel: int = 3) -> None:
    """Error when PLSc is undefined for the (single) fit in ``est``; warnings for Heywood-like cases."""
    constructs = structure.constructs
    rho = est.rho_a[0]
    bad = [j for j in reflective_constructs(structure) if not (np.isfinite(rho[j]) and rho[j] > 0)]
    if bad:
        listed = ", ".join(f"'{constructs[j]}' (rho_A = {rho[j]:.3g}, items {list(_items(structure, j))})"
                           for j in bad)
        raise CRMDataError(f"consistent PLS is undefined for construct(s) {listed}: rho_A must be positive. The "
                           "items of such a block do not share one common factor (often a reverse-worded item that "
                           "was not recoded: see reverse_code, or an item unrelated to the others); recode or "
                           "remove the item, estimate the construct as a composite (modes={construct: 'B'}), or "
                           "fit with consistent=False")
    high = [j for j in reflective_constructs(structure) if rho[j] > 1]
    if high:
        listed = ", ".join(f"'{constructs[j]}' (rho_A = {rho[j]:.3f})" for j in high)
        warnings.warn(f"rho_A exceeds 1 for construct(s) {listed}: the composite is estimated as more reliable "
                      "than perfect (an item with a near-zero weight or too few respondents), so the consistent "
                      "loadings and construct correlations can exceed 1; check the items of these blocks",
                      ConvergenceWarning, stacklevel=stacklevel)
    corr = est.construct_corr[0]
    upper = np.triu(np.abs(corr) >= 1, 1)
    if upper.any():
        pairs = ", ".join(f"'{constructs[a]}'-'{constructs[b]}' ({corr[a, b]:.3f})" for a, b in zip(*np.nonzero(upper)))
        warnings.warn(f"disattenuated construct correlation(s) of 1 or more in absolute value: {pairs}; the "
                      "corrected correlations are not a correlation matrix and the consistent paths are not "
                      "interpretable (the constructs are not distinct, or rho_A is underestimated)",
                      ConvergenceWarning, stacklevel=stacklevel)


def _items(structure: alg.ModelStructure, j: int):
    return [structure.indicators[i] for i in structure.block(j)]
