"""The PLS path modeling algorithm (Wold 1982; Lohmöller 1989), written on covariance matrices.

Everything the PLS algorithm needs from the data is the covariance matrix
:math:`S` of the prepared indicators (centred, and standardised when
``scaled=True``).  With outer weights :math:`W` (indicators x constructs, zero
outside each construct's block) the construct scores are :math:`Y = XW`, so

* score covariances are :math:`W^\\top S W` (weights are normalised so that every
  score has unit variance, hence this is the score correlation matrix :math:`R`);
* the covariances of the indicators with the inner proxies :math:`Z = YE` are
  :math:`S W E`, where :math:`E` is the inner weighting matrix.

One iteration of the algorithm is therefore

1. inner weights :math:`E` from :math:`R` -- centroid: :math:`e_{ij}=\\operatorname{sign}(r_{ij})`,
   factorial: :math:`e_{ij}=r_{ij}` for adjacent constructs; path: for a target
   :math:`j` the weights of its predecessors are the regression coefficients of
   :math:`Y_j` on them, the weights of its successors their correlations with :math:`Y_j`;
2. outer weights: Mode A (reflective, "correlation weights")
   :math:`w_j = \\operatorname{cov}(X_j, Z_j)`; Mode B (formative, "regression
   weights") :math:`w_j = S_{jj}^{-1}\\operatorname{cov}(X_j, Z_j)`;
3. normalise every :math:`w_j` so that :math:`w_j^\\top S_{jj} w_j = 1`;

until :math:`\\sum |W^{(t)} - W^{(t-1)}| <` ``tol`` (the criterion of seminr; R
plspm uses the sum of squared changes of the absolute weights).  Starting
weights are all ones (unit-weighted sums), as in plspm and seminr.  After
convergence the path coefficients are ordinary least squares on the score
correlations, :math:`\\beta_j = R_{PP}^{-1} R_{Pj}` for the predecessors
:math:`P` of construct :math:`j`, and :math:`R^2_j = \\beta_j^\\top R_{Pj}`.

Working on :math:`S` instead of the data makes each iteration independent of
the number of respondents, and every function here takes a *stack* of
covariance matrices (shape ``(B, p, p)``), so all bootstrap resamples are
estimated together with batched linear algebra.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from ..exceptions import ConvergenceWarning, CRMDataError
from ..validation import caller_stacklevel

SCHEMES = ("centroid", "factorial", "path")


@dataclass(frozen=True)
class ModelStructure:
    """Index form of a path model: which indicator belongs to which construct, and the paths.

    ``adjacency[s, t] = 1`` for a path from construct ``s`` to construct ``t``;
    ``mask[i, j]`` is true when indicator ``i`` measures construct ``j``.
    """

    constructs: tuple
    indicators: tuple
    mask: np.ndarray  # (p, J) bool
    adjacency: np.ndarray  # (J, J) 0/1
    mode_b: tuple  # construct positions estimated in Mode B

    @property
    def predecessors(self) -> list[np.ndarray]:
        return [np.flatnonzero(self.adjacency[:, j]) for j in range(len(self.constructs))]

    @property
    def endogenous(self) -> list[int]:
        return [j for j, pred in enumerate(self.predecessors) if pred.size]

    def block(self, j: int) -> np.ndarray:
        return np.flatnonzero(self.mask[:, j])


@dataclass
class PLSEstimates:
    """Results for a stack of B covariance matrices (the first axis everywhere)."""

    weights: np.ndarray  # (B, p, J), scores have unit variance
    score_corr: np.ndarray  # (B, J, J)
    paths: np.ndarray  # (B, J, J), [source, target]
    r_squared: np.ndarray  # (B, J), NaN for exogenous constructs
    loadings: np.ndarray  # (B, p, J), correlations of indicators with their scores
    converged: np.ndarray  # (B,) bool
    iterations: int


def _normalise(S: np.ndarray, W: np.ndarray) -> np.ndarray:
    """Rescale each weight column so its score has unit variance: w / sqrt(w'Sw)."""
    variance = np.einsum("bpj,bpq,bqj->bj", W, S, W)
    with np.errstate(invalid="ignore", divide="ignore"):
        return W / np.sqrt(variance)[:, None, :]


def _solve(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Batched ``solve(A, b)`` for A (B, k, k), b (B, k); singular systems give NaN, not an exception."""
    try:
        return np.linalg.solve(A, b[..., None])[..., 0]
    except np.linalg.LinAlgError:
        out = np.full(b.shape, np.nan)
        for i in range(A.shape[0]):
            try:
                out[i] = np.linalg.solve(A[i], b[i])
            except np.linalg.LinAlgError:
                pass
        return out


def inner_weights(R: np.ndarray, structure: ModelStructure, scheme: str) -> np.ndarray:
    """Inner weighting matrix E (B, J, J): column j says how neighbours' scores build construct j's proxy."""
    adjacency = structure.adjacency
    neighbours = adjacency + adjacency.T
    if scheme == "centroid":
        return np.sign(R) * neighbours
    if scheme == "factorial":
        return R * neighbours
    # successors t of construct s (s -> t) enter s's proxy with their correlation: E[t, s] = r_st
    E = np.swapaxes(R * adjacency, 1, 2).copy()
    for j, pred in zip(range(len(structure.constructs)), structure.predecessors):
        if pred.size:
            E[:, pred, j] = _solve(R[:, pred[:, None], pred[None, :]], R[:, pred, j])
    return E


def outer_weights(S: np.ndarray, W: np.ndarray, E: np.ndarray, structure: ModelStructure) -> np.ndarray:
    """New outer weights from cov(indicators, inner proxies) = S W E (Mode A) or its regression (Mode B)."""
    C = S @ (W @ E)
    new = np.where(structure.mask, C, 0.0)
    for j in structure.mode_b:
        idx = structure.block(j)
        new[:, idx, j] = _solve(S[:, idx[:, None], idx[None, :]], C[:, idx, j])
    return new


def estimate(S: np.ndarray, structure: ModelStructure, *, scheme: str = "path", max_iter: int = 300,
             tol: float = 1e-7) -> PLSEstimates:
    """Run the PLS algorithm on a stack of covariance matrices ``S`` of shape (B, p, p).

    Resamples that have converged are frozen while the others keep iterating;
    ``converged`` reports which reached ``tol`` within ``max_iter`` iterations.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {SCHEMES}, got {scheme!r}")
    n_batch = S.shape[0]
    W = _normalise(S, np.broadcast_to(structure.mask.astype(float), (n_batch,) + structure.mask.shape).copy())
    converged = np.zeros(n_batch, dtype=bool)
    active = np.arange(n_batch)
    iteration = 0
    while active.size and iteration < max_iter:
        iteration += 1
        Sa, Wa = S[active], W[active]
        R = np.swapaxes(Wa, 1, 2) @ Sa @ Wa
        E = inner_weights(R, structure, scheme)
        W_new = _normalise(Sa, outer_weights(Sa, Wa, E, structure))
        change = np.abs(W_new - Wa).sum(axis=(1, 2))
        W[active] = W_new
        done = change < tol
        converged[active[done]] = True
        # NaN changes (degenerate resamples) never converge: drop them from the loop too
        active = active[~done & np.isfinite(change)]
    return _final(S, W, structure, converged, iteration)


def structural_paths(R: np.ndarray, structure: ModelStructure) -> tuple[np.ndarray, np.ndarray]:
    """Path coefficients (B, J, J) and R² (B, J; NaN for exogenous constructs) by OLS on construct correlations R.

    :math:`\\beta_j = R_{PP}^{-1} R_{Pj}` for the predecessors :math:`P` of construct :math:`j`,
    :math:`R^2_j = \\beta_j^\\top R_{Pj}`; singular systems give NaN.
    """
    n_batch, n_constructs = R.shape[0], R.shape[1]
    paths = np.zeros((n_batch, n_constructs, n_constructs))
    r_squared = np.full((n_batch, n_constructs), np.nan)
    for j, pred in enumerate(structure.predecessors):
        if pred.size:
            beta = _solve(R[:, pred[:, None], pred[None, :]], R[:, pred, j])
            paths[:, pred, j] = beta
            r_squared[:, j] = np.einsum("bk,bk->b", beta, R[:, pred, j])
    return paths, r_squared


def _final(S, W, structure: ModelStructure, converged, iterations) -> PLSEstimates:
    """Path coefficients, R-squared and loadings at the converged weights."""
    R = np.swapaxes(W, 1, 2) @ S @ W
    paths, r_squared = structural_paths(R, structure)
    sd = np.sqrt(np.diagonal(S, axis1=1, axis2=2))
    loadings = np.where(structure.mask, (S @ W) / sd[:, :, None], 0.0)
    converged = converged & np.isfinite(paths).all(axis=(1, 2)) & np.isfinite(W).all(axis=(1, 2))
    return PLSEstimates(weights=W, score_corr=R, paths=paths, r_squared=r_squared, loadings=loadings,
                        converged=converged, iterations=iterations)


def total_effects(paths: np.ndarray) -> np.ndarray:
    """Total effects of a recursive model, :math:`B + B^2 + \\dots = (I - B)^{-1} - I` (batched)."""
    eye = np.eye(paths.shape[-1])
    return np.linalg.inv(eye - paths) - eye


def covariance_stack(X: np.ndarray, counts: np.ndarray, *, scaled: bool) -> np.ndarray:
    """Covariance (or correlation) matrices of X (n, p) under row counts (B, n).

    Row ``b`` of ``counts`` says how often each respondent is drawn in resample
    ``b`` (bootstrap counts) or whether it belongs to group ``b`` (0/1, the
    multigroup analysis); with :math:`n_b = \\sum_i c_{bi}`,
    :math:`S_b = (\\sum_i c_{bi} x_i x_i^\\top - n_b \\bar x_b \\bar x_b^\\top) / (n_b - 1)`,
    the n-1 divisor like R's ``cov``.  The weighted moments of all rows come
    from one matrix product with the per-respondent outer products, so no
    resampled data set is built; ``X`` should be centred (on the pooled mean)
    to keep the subtraction accurate.
    """
    n, p = X.shape
    products = (X[:, :, None] * X[:, None, :]).reshape(n, p * p)
    second = (counts @ products).reshape(-1, p, p)
    size = counts.sum(axis=1)
    mean = counts @ X / size[:, None]
    S = (second - size[:, None, None] * mean[:, :, None] * mean[:, None, :]) / (size - 1)[:, None, None]
    if scaled:
        sd = np.sqrt(np.diagonal(S, axis1=1, axis2=2))
        with np.errstate(invalid="ignore", divide="ignore"):
            S = S / sd[:, :, None] / sd[:, None, :]
    return S


def kept_resamples(indices: np.ndarray, parts: list, keep: np.ndarray, failure: str) -> dict:
    """Collect the bootstrap resamples that could be estimated, with a warning that counts the others.

    ``parts`` are the :class:`PLSEstimates` of consecutive chunks of the
    resamples ``indices`` (B, n), ``keep`` (B,) says which resamples to keep and
    ``failure`` names what can go wrong in one (put in the warning).  Returns
    the indices, paths, weights and loadings of the kept resamples; fewer than
    two kept is a :class:`~crm_analysis.exceptions.CRMDataError` (no spread to
    report).
    """
    failed = int((~keep).sum())
    if failed:
        warnings.warn(f"{failed} of {len(keep)} bootstrap resamples failed ({failure}) and were dropped",
                      ConvergenceWarning, stacklevel=caller_stacklevel())
    if keep.sum() < 2:
        raise CRMDataError("fewer than two bootstrap resamples could be estimated")
    return {
        "indices": indices[keep],
        "paths": np.concatenate([p.paths for p in parts])[keep],
        "weights": np.concatenate([p.weights for p in parts])[keep],
        "loadings": np.concatenate([p.loadings for p in parts])[keep],
    }
