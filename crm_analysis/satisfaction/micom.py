"""MICOM: is a construct measured the same way in two groups? (measurement invariance of composites)

Comparing path coefficients between groups (:func:`multigroup_analysis`) only
makes sense when the constructs mean the same in both groups: if women and men
weigh the satisfaction items differently, "satisfaction" is not the same
composite in the two groups.  Henseler, Ringle & Sarstedt (2016) give a
three-step procedure for composite models (MICOM):

1. **Configural invariance** -- same items per construct, same data treatment
   (standardisation, missing answers), same algorithm settings in both groups.
   Here this holds by construction (one model specification, one data
   preparation) and is reported as a checklist, together with what can
   actually fail: both groups' models must be estimable and converge.
2. **Compositional invariance** -- with :math:`w^{(1)}, w^{(2)}` the weights
   of construct j estimated in each group and :math:`X` the pooled
   (standardised) items, the correlation

   .. math:: c_j = \\operatorname{cor}(X w^{(1)}_j, X w^{(2)}_j)

   should be close to 1.  Group labels are permuted ``n`` times, giving the
   distribution of :math:`c_j` under invariance; invariance is established
   when :math:`c_j` is at least its :math:`(1 - \\text{ci\\_level})` quantile
   (5 % by default); ``p_value`` is the share of permuted :math:`c^{*}_j \\le c_j`.
3. **Equal composite means and variances** -- on the pooled model's scores
   :math:`\\xi = X w` (standardised on the pooled sample), the differences
   :math:`\\bar\\xi^{(1)} - \\bar\\xi^{(2)}` and
   :math:`\\log \\operatorname{var}\\xi^{(1)} - \\log \\operatorname{var}\\xi^{(2)}`
   should lie inside the central ``ci_level`` interval of their permutation
   distribution; ``p_value`` is the two-sided share :math:`|d^{*}| \\ge |d|`.

Steps 1 and 2 give *partial* measurement invariance (path coefficients may be
compared, e.g. by multigroup analysis); with step 3 too, *full* invariance
(the groups may also be pooled).  Single-item constructs are invariant in step
2 by definition (:math:`c = 1`).

The permutations of steps 2 and 3 are the same relabellings (one
``random_state``); all groups of all relabellings are estimated together on
stacks of covariance matrices, and step 3 only permutes the pooled scores (the
pooled model does not depend on the labels).

Reference: Henseler, Ringle & Sarstedt (2016) Testing measurement invariance
of composites using partial least squares, *International Marketing Review*
33(3), 405-431.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError
from . import pls_algorithm as alg
from .multigroup import _drop_failed, estimate_groups, permuted_labels, split_groups
from .pls import PLSPathModel, _check_ci_level

__all__ = ["micom", "MICOMResult"]


@dataclass(frozen=True)
class MICOMResult:
    """The three MICOM steps for two groups; every table is indexed by construct (step 1 by check).

    ``configural`` -- check, passed, detail.  ``compositional`` -- ``c``,
    ``quantile`` (the permutation quantile at 1 - ci_level), ``p_value``,
    ``invariant``.  ``means`` and ``variances`` -- ``difference`` (group 1
    minus group 2; for variances the difference of log variances),
    ``ci_lower``, ``ci_upper`` (central permutation interval), ``p_value``,
    ``equal``.  ``invariance`` -- "full", "partial" or "none" per construct.
    """

    configural: pd.DataFrame
    compositional: pd.DataFrame
    means: pd.DataFrame
    variances: pd.DataFrame
    invariance: pd.Series
    levels: tuple
    n_obs: dict
    n_permutations: int
    ci_level: float

    def summary(self) -> pd.DataFrame:
        """One row per construct: c and its p, the mean and log-variance differences and their p, the verdict."""
        return pd.DataFrame({
            "c": self.compositional["c"], "c_p_value": self.compositional["p_value"],
            "mean_difference": self.means["difference"], "mean_p_value": self.means["p_value"],
            "log_variance_difference": self.variances["difference"], "variance_p_value": self.variances["p_value"],
            "invariance": self.invariance,
        })


def micom(model: PLSPathModel, data: pd.DataFrame, group: str, n: int = 1000, *, groups=None,
          ci_level: float | None = None, random_state=None) -> MICOMResult:
    """Measurement invariance of composites (Henseler, Ringle & Sarstedt 2016) between two groups.

    Parameters are those of :func:`multigroup_analysis` (same data checks and
    exclusions); ``n`` is the number of permutations and ``ci_level`` (default:
    the model's) sets the 5 % quantile of step 2 and the 95 % intervals of
    step 3.  Returns a :class:`MICOMResult`.
    """
    level = _check_ci_level(model.ci_level if ci_level is None else ci_level)
    if int(n) < 2:
        raise ValueError(f"n must be at least 2 permutations, got {n}")
    grouped = split_groups(model, data, group, groups)
    structure = grouped.structure
    rng = np.random.default_rng(model.random_state if random_state is None else random_state)
    observed = estimate_groups(grouped, model, grouped.first[None])
    labels = permuted_labels(grouped.first, int(n), rng)
    draws = estimate_groups(grouped, model, labels)
    _drop_failed(draws["converged"], "permutations")
    labels, weights = labels[draws["converged"]], draws["weights"][draws["converged"]]

    Xs = grouped.X - grouped.X.mean(axis=0)
    if model.scaled:
        Xs = Xs / grouped.X.std(axis=0, ddof=1)
    S = Xs.T @ Xs / (len(Xs) - 1)
    constructs = list(structure.constructs)
    single = np.array([structure.block(j).size == 1 for j in range(len(constructs))])

    c_obs = _composite_correlation(S, observed["weights"])[0]
    c_perm = _composite_correlation(S, weights)
    c_obs[single], c_perm[:, single] = 1.0, 1.0
    quantile = np.quantile(c_perm, 1 - level, axis=0)
    compositional = pd.DataFrame({"c": c_obs, "quantile": quantile, "p_value": (c_perm <= c_obs + 1e-12).mean(axis=0),
                                  "invariant": single | (c_obs >= quantile)},
                                 index=pd.Index(constructs, name="construct"))

    pooled = alg.estimate(S[None], structure, scheme=model.scheme, max_iter=model.max_iter, tol=model.tol)
    if not pooled.converged[0]:
        raise CRMDataError(f"the PLS algorithm did not converge on the pooled groups in {model.max_iter} iterations")
    scores = Xs @ pooled.weights[0]
    mean_obs, logvar_obs = _mean_and_log_variance(scores, grouped.first[None])
    mean_perm, logvar_perm = _mean_and_log_variance(scores, labels)
    means = _equality_table(mean_obs[0], mean_perm, level, constructs)
    variances = _equality_table(logvar_obs[0], logvar_perm, level, constructs)

    partial = compositional["invariant"] & _configural_passed(observed)
    full = partial & means["equal"] & variances["equal"]
    invariance = pd.Series(np.where(full, "full", np.where(partial, "partial", "none")), index=means.index,
                           name="invariance")
    return MICOMResult(configural=_configural_table(model, grouped, observed), compositional=compositional,
                       means=means, variances=variances, invariance=invariance, levels=grouped.levels,
                       n_obs=grouped.sizes, n_permutations=len(labels), ci_level=level)


def _composite_correlation(S: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """c per relabelling and construct: cor(X w1, X w2) = w1'S w2 / sqrt(w1'S w1 w2'S w2); weights (B, 2, p, J)."""
    w1, w2 = weights[:, 0], weights[:, 1]
    cross = np.einsum("bpj,pq,bqj->bj", w1, S, w2)
    var1 = np.einsum("bpj,pq,bqj->bj", w1, S, w1)
    var2 = np.einsum("bpj,pq,bqj->bj", w2, S, w2)
    return cross / np.sqrt(var1 * var2)


def _mean_and_log_variance(scores: np.ndarray, first: np.ndarray):
    """Group-1 minus group-2 mean and log variance (n-1 divisor) of each score column, per relabelling (B, n)."""
    out_mean, out_logvar = [], []
    for members in (first, ~first):
        m = members.astype(float)
        size = m.sum(axis=1)[:, None]
        mean = m @ scores / size
        var = (m @ scores**2 - size * mean**2) / (size - 1)
        out_mean.append(mean)
        out_logvar.append(np.log(var))
    return out_mean[0] - out_mean[1], out_logvar[0] - out_logvar[1]


def _equality_table(observed, permuted, level, constructs) -> pd.DataFrame:
    low, high = np.quantile(permuted, [(1 - level) / 2, (1 + level) / 2], axis=0)
    return pd.DataFrame({"difference": observed, "ci_lower": low, "ci_upper": high,
                         "p_value": (np.abs(permuted) >= np.abs(observed) - 1e-12).mean(axis=0),
                         "equal": (observed >= low) & (observed <= high)},
                        index=pd.Index(constructs, name="construct"))


def _configural_passed(observed) -> bool:
    return bool(observed["converged"][0])


def _configural_table(model, grouped, observed) -> pd.DataFrame:
    structure = grouped.structure
    items = sum(structure.block(j).size for j in range(len(structure.constructs)))
    rows = [
        ("identical indicators", True, f"one specification: the same {items} items measure the same "
                                       f"{len(structure.constructs)} constructs in both groups"),
        ("identical data treatment", True, f"the same preparation for both groups: items "
                                           f"{'standardised' if model.scaled else 'centred'} within each group, "
                                           "respondents with a missing answer dropped listwise, every item varies "
                                           "in every group (checked)"),
        ("identical algorithm settings", True, f"scheme={model.scheme!r}, modes={model.modes or {}}, "
                                               f"max_iter={model.max_iter}, tol={model.tol} in both groups"),
        ("both groups estimated", _configural_passed(observed),
         f"the PLS algorithm converged in both groups {list(grouped.levels)}" if _configural_passed(observed)
         else f"the PLS algorithm did not converge in at least one of the groups {list(grouped.levels)}"),
    ]
    return pd.DataFrame(rows, columns=["check", "passed", "detail"]).set_index("check")
