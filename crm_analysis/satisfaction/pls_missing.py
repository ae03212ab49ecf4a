"""Item covariance matrices of a survey with missing answers, for the PLS fit and every bootstrap resample.

Two rules for a survey with gaps (``observed`` mask :math:`o_{ri}`, answer
:math:`x_{ri}` of respondent :math:`r` to item :math:`i`, bootstrap count
:math:`c_r`, the number of times respondent :math:`r` is drawn, all ones for
the fit itself):

**Mean replacement** (``"mean"``, seminr's default ``mean_replacement``): every
gap is filled with the mean of the item's answers *in the sample at hand*,
:math:`m_i = \\sum_r c_r o_{ri} x_{ri} / \\sum_r c_r o_{ri}`.  A filled entry has
zero deviation from :math:`m_i`, so the covariance of the filled data over the
:math:`n = \\sum_r c_r` rows is

.. math::

   s_{ij} = \\frac{1}{n-1}\\sum_r c_r o_{ri} o_{rj}(x_{ri} - m_i)(x_{rj} - m_j)
          = \\frac{A_{ij} - m_j B_{ij} - m_i B_{ji} + m_i m_j N_{ij}}{n-1}

with the count-weighted sums over the entries where both items are answered
:math:`A_{ij} = \\sum c\\,o_i o_j x_i x_j`, :math:`B_{ij} = \\sum c\\,o_i o_j x_i`,
:math:`N_{ij} = \\sum c\\,o_i o_j` (and :math:`m_i = B_{ii}/N_{ii}`).  Imputing
inside each resample, as seminr's ``bootstrap_model`` does, is therefore one
matrix product of the counts with per-respondent products, not one imputed data
set per resample.  Mean replacement shrinks the variances and covariances of
items with many gaps towards zero (Little & Rubin 2019, *Statistical Analysis
with Missing Data*, 3rd ed., section 3.4); it is acceptable for a few percent of
gaps (Hair et al. 2022, *A Primer on PLS-SEM*, 3rd ed., ch. 2: below 5 % per item).

**Pairwise deletion** (``"pairwise"``, available-case analysis): each covariance
comes from the respondents who answered both items, with the means of those
respondents, as R's ``cov(use = "pairwise.complete.obs")`` and pandas'
``DataFrame.cov()``:

.. math::

   s_{ij} = \\frac{A_{ij} - B_{ij} B_{ji} / N_{ij}}{N_{ij} - 1}.

Every pair uses as many answers as it has, but the matrix mixes different
respondents and need not be positive definite (Little & Rubin 2019, section 3.4);
:func:`not_positive_definite` finds the items involved.

With ``scaled=True`` the covariances become correlations
:math:`s_{ij}/\\sqrt{s_{ii}s_{jj}}` (for pairwise deletion each variance from all
answers to that item: the pairwise covariance matrix rescaled, R's
``cov2cor(cov(x, use = "pairwise"))``).  Items are centred at their full-sample
answer means first; covariances do not depend on that shift, and it keeps the
sums accurate.
"""
from __future__ import annotations

import numpy as np

__all__ = ["MISSING_RULES", "resample_covariances", "not_positive_definite"]

#: how PLSPathModel handles missing answers
MISSING_RULES = ("listwise", "mean", "pairwise")


def resample_covariances(X: np.ndarray, observed: np.ndarray, counts: np.ndarray, *, rule: str,
                         scaled: bool) -> np.ndarray:
    """Covariance (or correlation) matrices (B, p, p) of items with gaps under bootstrap counts (B, n).

    ``X`` (n, p) holds the answers (any value where ``observed`` is false),
    ``rule`` is ``"mean"`` or ``"pairwise"`` (see the module text).  An item
    without answers in a resample, or a pair answered together by fewer than two
    respondents, gives NaN entries (the resample cannot be estimated).
    """
    if rule not in ("mean", "pairwise"):
        raise ValueError(f"rule must be 'mean' or 'pairwise', got {rule!r}")
    observed = np.asarray(observed, dtype=bool)
    n, p = X.shape
    o = observed.astype(float)
    with np.errstate(invalid="ignore"):
        centre = np.nansum(np.where(observed, X, 0.0), axis=0) / np.maximum(o.sum(axis=0), 1)
    Xc = np.where(observed, X - centre, 0.0)
    products = np.concatenate([(Xc[:, :, None] * Xc[:, None, :]).reshape(n, p * p),
                               (Xc[:, :, None] * o[:, None, :]).reshape(n, p * p),
                               (o[:, :, None] * o[:, None, :]).reshape(n, p * p)], axis=1)
    sums = (counts @ products).reshape(-1, 3, p, p)
    A, B, N = sums[:, 0], sums[:, 1], sums[:, 2]
    Bt = np.swapaxes(B, 1, 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        if rule == "mean":
            m = np.diagonal(B, axis1=1, axis2=2) / np.diagonal(N, axis1=1, axis2=2)
            rows = counts.sum(axis=1)[:, None, None]
            S = (A - m[:, None, :] * B - m[:, :, None] * Bt + m[:, :, None] * m[:, None, :] * N) / (rows - 1)
        else:
            S = (A - B * Bt / N) / (N - 1)
            S[N < 2] = np.nan
        if scaled:
            sd = np.sqrt(np.diagonal(S, axis1=1, axis2=2))
            S = S / sd[:, :, None] / sd[:, None, :]
    return S


def not_positive_definite(S: np.ndarray, items, *, tol: float = 1e-10) -> list:
    """Items behind a non-positive-definite matrix ``S`` (p, p): ``[]`` when it is positive definite.

    The items named are those that load most on the eigenvectors of the
    eigenvalues at or below ``tol`` times the largest one (each item whose
    component exceeds half of the largest component).
    """
    values, vectors = np.linalg.eigh(S)
    bad = values <= tol * max(values[-1], 0.0)
    if not bad.any():
        return []
    weight = np.abs(vectors[:, bad]).max(axis=1)
    return [items[i] for i in np.flatnonzero(weight >= 0.5 * weight.max())]
