"""Overall fit of a PLS path model: SRMR, d_ULS and d_G, with Bollen-Stine bootstrap reference values.

A PLS path model estimated in composite form implies a correlation matrix
:math:`\\Sigma` of the indicators (Dijkstra & Henseler 2015a, b).  Every
construct is a weighted sum :math:`Y_j = w_j^\\top x_j` of its block of
items; the composite model leaves the correlations *within* a block free, so
they are the block's own sample correlations, and says that every correlation
*between* blocks passes through the composites:

.. math::

    \\Sigma_{il} = \\lambda_i \\, \\rho_{jk} \\, \\lambda_l
    \\qquad (i \\text{ in block } j,\\; l \\text{ in block } k \\neq j),

with :math:`\\lambda_i = \\operatorname{corr}(x_i, Y_j)` the (composite)
loadings.  This holds for Mode A and Mode B blocks alike.  What differs is the
construct correlation matrix :math:`\\rho`:

* **saturated model** -- the constructs correlate freely: :math:`\\rho` is the
  correlation matrix of the construct scores.  Misfit here is misfit of the
  measurement model alone.
* **estimated model** -- :math:`\\rho` is the one implied by the structural
  model.  Write the recursive system as :math:`\\eta = A\\eta + \\zeta`
  (:math:`A_{ts}` the path from :math:`s` to :math:`t`); the "disturbances" of
  the exogenous constructs are the constructs themselves, with their score
  correlations :math:`\\Phi`, and those of the endogenous constructs are
  uncorrelated with variances :math:`\\psi_j = 1 - R^2_j`.  Then

  .. math::

      \\rho = (I - A)^{-1}
              \\begin{pmatrix}\\Phi & 0\\\\ 0 & \\operatorname{diag}(\\psi)\\end{pmatrix}
              (I - A)^{-\\top},\\qquad \\rho_{jj} := 1,

  the construction of R cSEM's ``fit()`` (Bollen 1989 notation).  For a
  saturated structural model (every pair of constructs linked by a path)
  :math:`\\rho` equals the score correlations, so both rows agree.

The discrepancies between the sample correlation matrix :math:`S` and
:math:`\\Sigma` (p indicators) are

* SRMR (Hu & Bentler 1998): :math:`\\sqrt{\\tfrac{2}{p(p+1)}\\sum_{i \\le l}(s_{il}-\\sigma_{il})^2}`,
  the root mean square over the lower triangle including the diagonal;
* d_ULS, the squared Euclidean distance (Dijkstra & Henseler 2015b):
  :math:`\\tfrac12 \\operatorname{tr}\\big((S-\\Sigma)^2\\big) = \\tfrac12\\sum_{i,l}(s_{il}-\\sigma_{il})^2`;
  with unit diagonals, d_ULS :math:`= \\text{SRMR}^2\\, p(p+1)/2`;
* d_G, the geodesic distance (Dijkstra & Henseler 2015b):
  :math:`\\tfrac12\\sum_i (\\ln \\varphi_i)^2` with :math:`\\varphi_i` the eigenvalues of
  :math:`S^{-1}\\Sigma`.  Natural logarithm as in the paper; R cSEM's
  ``calculateDG`` uses base-10 logarithms, which makes its values smaller by
  the factor :math:`(\\ln 10)^2 \\approx 5.30`.

**Reference values.**  Whether a discrepancy is small is judged against its
distribution when the model holds exactly.  The Bollen-Stine bootstrap (Bollen
& Stine 1992; Beran & Srivastava 1985) imposes the null on the sample: the
standardised data :math:`Z` become :math:`Z S^{-1/2} \\Sigma^{1/2}`, whose
sample correlation matrix is exactly :math:`\\Sigma`; respondents of these
transformed data are resampled, the model is re-estimated on every resample
and its discrepancy computed.  HI95 and HI99 are the 95% and 99% quantiles of
those discrepancies: a value above HI95 rejects exact fit at the 5% level
(Dijkstra & Henseler 2015b; SmartPLS and cSEM's ``testOMF``).  The saturated
and the estimated model each get their own transformation and run, as in
SmartPLS; both runs use the same resampled row numbers.  All resamples are
estimated together from their covariance matrices, as in
:meth:`PLSPathModel.bootstrap <crm_analysis.satisfaction.PLSPathModel.bootstrap>`.

**Consistent PLS.**  With ``consistent=True`` the reflective constructs
(Mode A, two or more items) are common factors: within such a block the model
implies :math:`\\Sigma_{il} = \\lambda_i \\lambda_l` (the error variances fill
the unit diagonal) with the consistent loadings, and between blocks the same
:math:`\\lambda_i \\rho_{jk} \\lambda_l` with :math:`\\rho` the disattenuated
construct correlations (saturated) or those the structural model implies from
the PLSc paths (estimated); composite blocks keep their sample correlations
(Dijkstra & Henseler 2015a; SmartPLS and cSEM report PLSc fit this way).  The
Bollen-Stine resamples are estimated by PLSc too.

References: Dijkstra & Henseler (2015a) Consistent and asymptotically normal
PLS estimators for linear structural equations, *Computational Statistics &
Data Analysis* 81, 10-23; Dijkstra & Henseler (2015b) Consistent partial
least squares path modeling, *MIS Quarterly* 39(2), 297-316; Henseler et al.
(2014) Common beliefs and reality about PLS, *Organizational Research Methods*
17(2), 182-209; Bollen & Stine (1992) Bootstrapping goodness-of-fit measures
in structural equation models, *Sociological Methods & Research* 21, 205-229.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..exceptions import ConvergenceWarning, CRMDataError
from . import pls_algorithm as alg
from . import pls_consistent as plsc

__all__ = ["model_fit", "implied_correlation"]

MEASURES = ("SRMR", "d_ULS", "d_G")
KINDS = ("saturated", "estimated")


# ---------------------------------------------------------------------- public functions
def model_fit(model, data: pd.DataFrame, n: int | None = 500, *, random_state=None,
              quantiles=(0.95, 0.99)) -> pd.DataFrame:
    """SRMR, d_ULS and d_G of a fitted :class:`PLSPathModel`, with Bollen-Stine reference quantiles.

    Parameters
    ----------
    model : PLSPathModel
        A fitted model (PLS or PLSc).
    data : DataFrame
        The data the model was fitted on (checked: anything else is an error,
        because the models keep no copy of their data).
    n : int or None, default 500
        Bollen-Stine bootstrap resamples per model (saturated, estimated);
        ``None`` gives the values only.
    random_state : None, int or numpy Generator
        Seed of the resamples; ``None`` means the model's ``random_state``.
    quantiles : tuple of float, default (0.95, 0.99)
        Quantiles of the bootstrap discrepancies to report (column ``HI95`` for 0.95).

    Returns
    -------
    DataFrame
        Indexed by ``measure`` (SRMR, d_ULS, d_G) with columns ``saturated``,
        ``saturated_HI95``, ``saturated_HI99``, ``estimated``,
        ``estimated_HI95``, ``estimated_HI99`` (one HI column per quantile).
        ``attrs["resamples"]`` holds the resamples used per model (resamples
        where the algorithm fails, an item is constant or a correlation matrix
        is singular are dropped with a :class:`ConvergenceWarning` counting them).
        Equations and references: :mod:`crm_analysis.satisfaction.pls_fit`.
    """
    model._check_fitted()
    from .pls import require_single_stage  # pls imports this module

    require_single_stage(model, "model_fit")
    levels = _check_quantiles(quantiles)
    structure, X = _fitted_indicators(model, data)
    Z, sd, S_est = _standardise(X, model.scaled)
    R = _to_correlation(S_est)
    full = _statistics(S_est, structure, model, KINDS)
    table = pd.DataFrame(index=pd.Index(MEASURES, name="measure"))
    if n is not None and int(n) < 2:
        raise ValueError(f"n must be at least 2 bootstrap resamples (or None for the values only), got {n}")
    if n is not None:
        rng = np.random.default_rng(model.random_state if random_state is None else random_state)
        indices = rng.integers(0, len(X), size=(int(n), len(X)))
    used = {}
    for kind in KINDS:
        values, sigma = full[kind]
        if not np.isfinite(values[0]).all():
            warnings.warn(f"the implied correlation matrix of the {kind} model is not positive definite: d_G is "
                          "undefined (NaN)", ConvergenceWarning, stacklevel=2)
        table[kind] = values[0]
        if n is None:
            continue
        transformed = _bollen_stine(Z, R[0], sigma[0], kind) * sd
        draws, used[kind] = _bootstrap_statistics(transformed, indices, structure, model, kind)
        for level, name in zip(levels, _quantile_names(levels)):
            table[f"{kind}_{name}"] = np.quantile(draws, level, axis=0)
    table.attrs["resamples"] = used
    return table


def implied_correlation(model, data: pd.DataFrame, *, saturated: bool = False) -> pd.DataFrame:
    """The composite model's implied indicator correlation matrix (items x items) of a fitted model.

    ``saturated=True`` uses the construct score correlations, ``False`` the
    construct correlations implied by the structural model; see
    :mod:`crm_analysis.satisfaction.pls_fit` for the equations.  ``data`` must
    be the data the model was fitted on.
    """
    model._check_fitted()
    from .pls import require_single_stage  # pls imports this module

    require_single_stage(model, "implied_correlation")
    structure, X = _fitted_indicators(model, data)
    _, _, S_est = _standardise(X, model.scaled)
    kind = "saturated" if saturated else "estimated"
    _, sigma = _statistics(S_est, structure, model, (kind,))[kind]
    items = list(structure.indicators)
    return pd.DataFrame(sigma[0], index=pd.Index(items, name="item"), columns=items)


# ---------------------------------------------------------------------- the matrices
def implied_construct_correlation(paths: np.ndarray, score_corr: np.ndarray, r_squared: np.ndarray,
                                  structure: alg.ModelStructure) -> np.ndarray:
    """Construct correlations implied by the structural model (B, J, J), batched like pls_algorithm.

    :math:`\\rho = (I-A)^{-1} \\Psi (I-A)^{-\\top}` with unit diagonal, where
    :math:`A = B^\\top` (``paths[b, s, t]`` is the path s -> t) and
    :math:`\\Psi` holds the exogenous score correlations and :math:`1-R^2_j`
    for the endogenous constructs.
    """
    n_constructs = score_corr.shape[-1]
    eye = np.eye(n_constructs)
    endogenous = np.zeros(n_constructs, dtype=bool)
    endogenous[structure.endogenous] = True
    exo = np.outer(~endogenous, ~endogenous)
    psi = np.where(exo, score_corr, 0.0)
    disturbance = np.where(endogenous, 1.0 - np.nan_to_num(r_squared), 0.0)
    psi = psi + disturbance[:, :, None] * eye
    reach = np.linalg.inv(eye - np.swapaxes(paths, 1, 2))
    rho = reach @ psi @ np.swapaxes(reach, 1, 2)
    rho[:, np.arange(n_constructs), np.arange(n_constructs)] = 1.0
    return rho


def implied_indicator_correlation(loadings: np.ndarray, construct_corr: np.ndarray, R: np.ndarray,
                                  structure: alg.ModelStructure, factors=()) -> np.ndarray:
    """:math:`\\Sigma = \\Lambda \\rho \\Lambda^\\top` between blocks; within a block (B, p, p):

    the sample correlations ``R`` for a composite, :math:`\\lambda_i\\lambda_l`
    for a common factor (the constructs at the positions ``factors``; PLSc),
    with unit diagonal.
    """
    composite = structure.mask.copy()
    composite[:, list(factors)] = False
    within = composite @ composite.T
    sigma = np.where(within, R, loadings @ construct_corr @ np.swapaxes(loadings, 1, 2))
    diagonal = np.arange(sigma.shape[-1])
    sigma[:, diagonal, diagonal] = 1.0
    return sigma


def discrepancies(R: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """SRMR, d_ULS and d_G between stacks of correlation matrices ``R`` and ``sigma`` (B, p, p) -> (B, 3).

    d_G is NaN where ``R`` or ``sigma`` is not positive definite (or holds NaN).
    """
    residual = R - sigma
    lower = np.tril_indices(R.shape[-1])
    srmr = np.sqrt(np.mean(residual[:, lower[0], lower[1]] ** 2, axis=1))
    d_uls = 0.5 * np.sum(residual**2, axis=(1, 2))
    return np.column_stack([srmr, d_uls, _geodesic(R, sigma)])


def _geodesic(R: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """0.5 * sum(log(eig(R^-1 sigma))^2), via the symmetric form R^-1/2 sigma R^-1/2 (batched)."""
    finite = np.isfinite(R).all(axis=(1, 2)) & np.isfinite(sigma).all(axis=(1, 2))
    eye = np.eye(R.shape[-1])
    R_ok = np.where(finite[:, None, None], R, eye)
    sigma_ok = np.where(finite[:, None, None], sigma, eye)
    values, vectors = np.linalg.eigh(R_ok)
    positive = values.min(axis=1) > 1e-12 * values.max(axis=1)
    inv_root = (vectors / np.sqrt(np.where(values > 0, values, 1.0))[:, None, :]) @ np.swapaxes(vectors, 1, 2)
    phi = np.linalg.eigvalsh(inv_root @ sigma_ok @ inv_root)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = 0.5 * np.sum(np.log(phi) ** 2, axis=1)
    return np.where(finite & positive & (phi.min(axis=1) > 0), out, np.nan)


# ---------------------------------------------------------------------- estimation on stacks
def _statistics(S_est: np.ndarray, structure, model, kinds) -> dict:
    """Estimate the model on a stack of (co)variance matrices; {kind: (discrepancies (B, 3), sigma (B, p, p))}.

    Resamples the algorithm could not estimate get NaN discrepancies.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        est = alg.estimate(S_est, structure, scheme=model.scheme, max_iter=model.max_iter, tol=model.tol)
        corr, factors = est.score_corr, ()
        if getattr(model, "consistent", False):
            est = plsc.consistent_estimates(S_est, est, structure)
            corr, factors = est.construct_corr, plsc.reflective_constructs(structure)
        R = _to_correlation(S_est)
        out = {}
        for kind in kinds:
            rho = corr if kind == "saturated" else implied_construct_correlation(
                est.paths, corr, est.r_squared, structure)
            sigma = implied_indicator_correlation(est.loadings, rho, R, structure, factors)
            values = discrepancies(R, sigma)
            values[~est.converged] = np.nan
            out[kind] = (values, sigma)
    return out


def _bootstrap_statistics(X: np.ndarray, indices: np.ndarray, structure, model, kind: str, chunk: int = 250):
    """Discrepancies of ``kind`` on the resamples ``X[indices[b]]``; returns (kept draws (B', 3), B')."""
    n_obs = X.shape[0]
    n_boot = indices.shape[0]
    Xc = X - X.mean(axis=0)
    parts = []
    for start in range(0, n_boot, chunk):
        idx = indices[start:start + chunk]
        size = idx.shape[0]
        flat = (idx + n_obs * np.arange(size)[:, None]).ravel()
        counts = np.bincount(flat, minlength=size * n_obs).reshape(size, n_obs).astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            S = alg.covariance_stack(Xc, counts, scaled=model.scaled)
        parts.append(_statistics(S, structure, model, (kind,))[kind][0])
    draws = np.concatenate(parts)
    keep = np.isfinite(draws).all(axis=1)
    failed = int((~keep).sum())
    if failed:
        plsc_note = ", rho_A <= 0 under consistent PLS" if getattr(model, "consistent", False) else ""
        warnings.warn(f"{failed} of {n_boot} Bollen-Stine resamples of the {kind} model failed (no convergence, a "
                      f"constant item or a singular correlation matrix{plsc_note}) and were dropped",
                      ConvergenceWarning, stacklevel=3)
    if keep.sum() < 2:
        raise CRMDataError(f"fewer than two Bollen-Stine resamples of the {kind} model could be estimated")
    return draws[keep], int(keep.sum())


def _bollen_stine(Z: np.ndarray, R: np.ndarray, sigma: np.ndarray, kind: str) -> np.ndarray:
    """Transform standardised data Z so that its sample correlation matrix is ``sigma``: Z R^-1/2 sigma^1/2."""
    r_values, r_vectors = np.linalg.eigh(R)
    s_values, s_vectors = np.linalg.eigh(sigma)
    if s_values.min() <= 1e-10 * s_values.max():
        raise CRMDataError(f"the implied correlation matrix of the {kind} model is not positive definite "
                           f"(smallest eigenvalue {s_values.min():.3g}), so the Bollen-Stine bootstrap cannot "
                           "impose it on the data; use n=None for the fit values without reference values")
    inv_root = (r_vectors / np.sqrt(r_values)) @ r_vectors.T
    root = (s_vectors * np.sqrt(s_values)) @ s_vectors.T
    return Z @ inv_root @ root


# ---------------------------------------------------------------------- small helpers
def _fitted_indicators(model, data):
    """The model's structure and the indicator matrix of ``data``, checked to be the data of ``fit``."""
    from .pls import _fingerprint

    structure = model._structure()
    X, _ = model._prepare(data, structure, keep_gaps=True)
    if _fingerprint(X) != model.data_fingerprint_:
        raise CRMDataError("model_fit needs the same data the model was fitted on "
                           f"({model.n_obs_} respondents); refit the model on this data first")
    gaps = np.isnan(X)
    if gaps.any() and model.missing == "pairwise":
        raise CRMDataError("model_fit needs one data matrix, and a model fitted with missing='pairwise' on answers "
                           "with gaps has none (each covariance comes from other respondents); refit with "
                           "missing='mean' or 'listwise' for the fit measures")
    return structure, np.where(gaps, np.nanmean(X, axis=0), X)  # mean replacement, as the fit (no gaps: X)


def _standardise(X: np.ndarray, scaled: bool):
    """Standardised data Z, item SDs and the matrix the model was estimated on (as PLSPathModel.fit)."""
    Xc = X - X.mean(axis=0)
    sd = X.std(axis=0, ddof=1)
    Z = Xc / sd
    scale = sd if scaled else np.ones_like(sd)
    Xs = Xc / scale
    return Z, sd, (Xs.T @ Xs / (len(Xs) - 1))[None]


def _to_correlation(S: np.ndarray) -> np.ndarray:
    sd = np.sqrt(np.diagonal(S, axis1=1, axis2=2))
    return S / sd[:, :, None] / sd[:, None, :]


def _check_quantiles(quantiles) -> tuple:
    levels = tuple(float(q) for q in np.atleast_1d(quantiles))
    if not levels or not all(0 < q < 1 for q in levels):
        raise ValueError(f"quantiles must lie strictly between 0 and 1, got {quantiles}")
    return levels


def _quantile_names(levels) -> list[str]:
    return [f"HI{round(100 * q, 6):g}" for q in levels]
