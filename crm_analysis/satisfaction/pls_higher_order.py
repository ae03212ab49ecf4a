"""Higher-order constructs in a PLS path model by the two-stage approach.

A higher-order construct (HOC) is a construct made of other constructs, its
*dimensions* (lower-order constructs, LOCs), rather than of survey items: a
"perceived value" made of quality and value for money, a "reputation" made of
competence and likeability.  The two-stage approach (Becker, Klein & Wetzels
2012; Sarstedt et al. 2019) estimates it in two PLS runs:

1. **Stage 1** estimates the lower-order model: every HOC is replaced by its
   dimensions, so a path :math:`A \\to H` becomes paths :math:`A \\to D_k` to every
   dimension :math:`D_k` of :math:`H`, and :math:`H \\to C` becomes
   :math:`D_k \\to C` (the "embedded" stage of seminr's ``two_stage``).  Its
   scores :math:`Y_{D_k} = X_{D_k} w_{D_k}` (standardised) are kept.
2. **Stage 2** estimates the model as specified, the HOC measured by the
   stage-1 dimension scores as if they were items, in Mode A (reflective-formative
   or reflective-reflective HOCs: correlation weights) or Mode B (regression
   weights), the other constructs by their own items.

Everything reported combines the two stages as seminr does: the HOC's weights
and loadings are those of the dimension scores in stage 2, the dimensions'
weights and loadings those of their items in stage 1; the constructs are the
stage-2 constructs followed by the dimensions (which have no structural paths
of their own: they reach the rest of the model only through their HOC, so
their path rows are zero).  Scores, reliability, HTMT and the score
correlations cover the dimensions as well, for the assessment of the
lower-order measurement models (Sarstedt et al. 2019, step 1) next to the HOC's.

Every stage-2 variable is a linear function of the stage-1 (standardised)
items, :math:`Z = X A` with :math:`A = [\\text{selection of items} \\mid W_1]`, so
the stage-2 covariance matrix is :math:`A^\\top S A`: both stages run on stacks
of covariance matrices, and a bootstrap re-estimates both stages on every
resample (as seminr, whose bootstrap re-runs ``estimate_pls`` from the raw
data) in a few batched matrix products.

The approach cannot represent a dimension that has structural paths of its own
(the HOC would be a linear combination of a construct it is regressed with);
that, a HOC with one dimension, a dimension that is not a construct with
items, and nested HOCs are errors that say why.

References: Becker, J.-M., Klein, K. & Wetzels, M. (2012) Hierarchical latent
variable models in PLS-SEM: guidelines for using reflective-formative type
models, *Long Range Planning* 45(5-6), 359-394; Sarstedt, M., Hair, J. F.,
Cheah, J.-H., Becker, J.-M. & Ringle, C. M. (2019) How to specify, estimate,
and validate higher-order constructs in PLS-SEM, *Australasian Marketing
Journal* 27(3), 197-211; Ringle, Sarstedt & Straub (2012) *MIS Quarterly* 36(1).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..exceptions import CRMDataError
from . import pls_algorithm as alg
from .pls_algorithm import ModelStructure
from .pls_data import path_pairs, validate_specification

__all__ = ["TwoStageStructure", "two_stage_structure", "measured_structure", "estimate_model",
           "reported_indicators"]


@dataclass(frozen=True)
class TwoStageStructure(ModelStructure):
    """A model with higher-order constructs: the combined (reported) structure plus both stages.

    The inherited fields describe what is reported: constructs = stage-2
    constructs then the dimensions; indicators = stage-2 indicators (items, and
    the dimension names for the HOCs) then the dimensions' items; adjacency =
    the stage-2 paths.  ``first`` is the lower-order model (its indicators are
    the survey items read from the data), ``second`` the stage-2 model.
    ``item_of[k]`` is the stage-1 item behind reported indicator ``k`` (-1 for a
    dimension score) and ``score_of[k]`` the stage-1 construct whose score it
    is (-1 for an item).
    """

    first: ModelStructure
    second: ModelStructure
    higher_order: tuple  # ((hoc, (dimension, ...)), ...)
    item_of: np.ndarray
    score_of: np.ndarray

    def dimension_blocks(self):
        """(reported position, stage-1 position, reported item rows) of every dimension."""
        for j in range(len(self.second.constructs), len(self.constructs)):
            yield j, self.first.constructs.index(self.constructs[j]), np.flatnonzero(self.mask[:, j])

    def transform(self, first_weights: np.ndarray) -> np.ndarray:
        """Matrices A (B, p1, p) with reported indicators = standardised stage-1 items @ A."""
        n_batch, n_items = first_weights.shape[0], len(self.first.indicators)
        A = np.zeros((n_batch, n_items, len(self.indicators)))
        items = np.flatnonzero(self.item_of >= 0)
        A[:, self.item_of[items], items] = 1.0
        scores = np.flatnonzero(self.score_of >= 0)
        A[:, :, scores] = first_weights[:, :, self.score_of[scores]]
        return A


def _dimension_message(hoc, dims, reason) -> str:
    return f"higher-order construct '{hoc}' (dimensions {list(dims)}): {reason}"


def two_stage_structure(paths, blocks, modes, higher_order) -> TwoStageStructure:
    """Check a higher-order specification and build both stages and the reported structure.

    ``higher_order`` is ``{hoc: [dimension constructs]}``; the dimensions are
    constructs of ``blocks``, the HOCs appear in ``paths`` but not in
    ``blocks``; ``modes`` may give a HOC "A" (correlation weights, the default)
    or "B" (regression weights).
    """
    if not isinstance(higher_order, dict) or not higher_order:
        raise CRMDataError("higher_order must be a non-empty dict {higher-order construct: [dimension constructs]}")
    paths = path_pairs(paths, blocks)
    hocs = {str(h): dims for h, dims in higher_order.items()}
    items = {i for c in blocks for i in (blocks[c] if not isinstance(blocks[c], str) else [blocks[c]])}
    owner = {}
    for hoc, dims in hocs.items():
        if isinstance(dims, str):
            raise CRMDataError(_dimension_message(hoc, [dims], "give the dimensions as a list of construct "
                                                  f"names, got the string {dims!r}"))
        dims = [str(d) for d in dims]
        if hoc in blocks:
            raise CRMDataError(f"higher-order construct '{hoc}' also has a block of items in blocks; a "
                               "higher-order construct is measured by its dimensions only: remove it from "
                               "blocks (or from higher_order)")
        if len(set(dims)) < 2:
            raise CRMDataError(_dimension_message(hoc, dims, "a higher-order construct needs at least two "
                               "different dimensions; with one, its score is that dimension's score: use the "
                               "dimension itself in paths"))
        for d in dims:
            if d in hocs:
                raise CRMDataError(_dimension_message(hoc, dims, f"dimension '{d}' is itself a higher-order "
                                   "construct; only second-order constructs (dimensions measured by items) "
                                   "are supported"))
            if d not in blocks:
                raise CRMDataError(_dimension_message(hoc, dims, f"dimension '{d}' is not a construct of "
                                   f"blocks; each dimension needs its own block of items (constructs in "
                                   f"blocks: {list(blocks)})"))
            if d in owner:
                raise CRMDataError(_dimension_message(hoc, dims, f"dimension '{d}' is also a dimension of "
                                   f"'{owner[d]}'; a construct can be a dimension of one higher-order "
                                   "construct only"))
            if d in items:
                raise CRMDataError(_dimension_message(hoc, dims, f"dimension '{d}' has the name of an item "
                                   "column; its scores become stage-2 indicators of that name: rename the "
                                   "construct"))
            owner[d] = hoc
        hocs[hoc] = dims
    own_paths = [(s, t) for s, t in paths if s in owner or t in owner]
    if own_paths:
        s, t = own_paths[0]
        d = s if s in owner else t
        raise CRMDataError(_dimension_message(owner[d], hocs[owner[d]], f"its dimension '{d}' has structural "
                           f"paths of its own {own_paths}; in the two-stage approach the dimensions relate to "
                           "the rest of the model only through their higher-order construct (Sarstedt et al. "
                           "2019), so these paths cannot be estimated: draw them from or to the higher-order "
                           "construct, or leave the dimension out of higher_order"))
    connected = {c for pair in paths for c in pair}
    for hoc in hocs:
        if hoc not in connected:
            raise CRMDataError(f"higher-order construct '{hoc}' is not in any path; connect it or remove it "
                               "from higher_order")
    modes = dict(modes or {})
    first_modes = {c: m for c, m in modes.items() if c not in hocs}
    for hoc in hocs:
        if modes.get(hoc, "A") not in ("A", "B"):
            raise CRMDataError(f"mode of higher-order construct '{hoc}' must be 'A' (correlation weights) or "
                               f"'B' (regression weights), got {modes[hoc]!r}")

    def expand(c):
        return hocs.get(c, [c])

    first_paths = list(dict.fromkeys((a, b) for s, t in paths for a in expand(s) for b in expand(t)))
    first = validate_specification(first_paths, blocks, first_modes)
    second_blocks = {c: list(items_) for c, items_ in blocks.items() if c not in owner}
    second_blocks.update(hocs)
    second = validate_specification(paths, second_blocks, {c: m for c, m in modes.items() if c not in owner})
    return _combine(first, second, tuple((h, tuple(d)) for h, d in hocs.items()))


def _combine(first: ModelStructure, second: ModelStructure, higher_order) -> TwoStageStructure:
    """The reported structure: stage-2 constructs and indicators, then the dimensions and their items."""
    dims = [d for _, ds in higher_order for d in ds]
    dim_items = [i for d in dims for i in first.indicators if first.mask[first.indicators.index(i),
                                                                          first.constructs.index(d)]]
    constructs = tuple(second.constructs) + tuple(dims)
    indicators = tuple(second.indicators) + tuple(dim_items)
    mask = np.zeros((len(indicators), len(constructs)), dtype=bool)
    mask[:len(second.indicators), :len(second.constructs)] = second.mask
    for k, item in enumerate(dim_items, start=len(second.indicators)):
        mask[k, constructs.index(first.constructs[first.mask[first.indicators.index(item)].argmax()])] = True
    adjacency = np.zeros((len(constructs), len(constructs)))
    adjacency[:len(second.constructs), :len(second.constructs)] = second.adjacency
    mode_b = tuple(second.mode_b) + tuple(len(second.constructs) + k for k, d in enumerate(dims)
                                          if first.constructs.index(d) in first.mode_b)
    # dimension names never equal item names (checked), so a reported indicator is one or the other
    item_of = np.array([first.indicators.index(i) if i in first.indicators else -1 for i in indicators])
    score_of = np.array([first.constructs.index(i) if k < len(second.indicators) and i in dims else -1
                         for k, i in enumerate(indicators)])
    return TwoStageStructure(constructs=constructs, indicators=indicators, mask=mask, adjacency=adjacency,
                             mode_b=mode_b, first=first, second=second, higher_order=higher_order,
                             item_of=item_of, score_of=score_of)


def measured_structure(structure: ModelStructure) -> ModelStructure:
    """The structure whose indicators are read from the survey (stage 1 for a two-stage model)."""
    return structure.first if isinstance(structure, TwoStageStructure) else structure


def estimate_model(S: np.ndarray, structure: ModelStructure, *, scheme: str = "path", max_iter: int = 300,
                   tol: float = 1e-7) -> alg.PLSEstimates:
    """PLS estimates of a plain or two-stage model on a stack of item covariance matrices ``S`` (B, p, p).

    For a :class:`TwoStageStructure`, ``S`` is over the stage-1 items: stage 1
    gives the weights :math:`W_1`; the stage-2 covariance is :math:`A^\\top S A`
    (:meth:`TwoStageStructure.transform`); stage 2 gives :math:`W_2`; the
    reported estimates are those of the combined weights (stage-2 indicators on
    the stage-2 constructs, dimension items on the dimensions) on the covariance
    of all reported indicators.  A resample is ``converged`` when both stages
    are; ``iterations`` counts both stages.
    """
    if not isinstance(structure, TwoStageStructure):
        return alg.estimate(S, structure, scheme=scheme, max_iter=max_iter, tol=tol)
    lower = alg.estimate(S, structure.first, scheme=scheme, max_iter=max_iter, tol=tol)
    A = structure.transform(lower.weights)
    n_second = len(structure.second.indicators)
    S_all = np.swapaxes(A, 1, 2) @ S @ A
    upper = alg.estimate(S_all[:, :n_second, :n_second], structure.second, scheme=scheme, max_iter=max_iter,
                         tol=tol)
    W = np.zeros((S.shape[0], len(structure.indicators), len(structure.constructs)))
    W[:, :n_second, :len(structure.second.constructs)] = upper.weights
    for j, j_first, rows in structure.dimension_blocks():
        W[:, rows, j] = lower.weights[:, structure.item_of[rows], j_first]
    return alg._final(S_all, W, structure, lower.converged & upper.converged,
                      lower.iterations + upper.iterations)


def reported_indicators(structure: ModelStructure, estimates: alg.PLSEstimates, Xs: np.ndarray,
                        means: np.ndarray, sd: np.ndarray):
    """Standardised data, means and SDs of the reported indicators (unchanged for a plain model).

    For a two-stage model the dimension scores join the items, with mean 0
    and SD 1 (standardised scores); the first estimate of the stack gives the
    stage-1 weights.
    """
    if not isinstance(structure, TwoStageStructure):
        return Xs, means, sd
    first_weights = np.zeros((1, len(structure.first.indicators), len(structure.first.constructs)))
    for j, j_first, rows in structure.dimension_blocks():
        first_weights[0, structure.item_of[rows], j_first] = estimates.weights[0][rows, j]
    Xs_all = Xs @ structure.transform(first_weights)[0]
    take = np.where(structure.item_of >= 0, structure.item_of, 0)
    means_all = np.where(structure.item_of >= 0, means[take], 0.0)
    sd_all = np.where(structure.item_of >= 0, sd[take], 1.0)
    return Xs_all, means_all, sd_all
