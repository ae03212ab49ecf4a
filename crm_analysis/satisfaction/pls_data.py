"""Checks of a PLS path model's specification and of the survey data it is fitted to.

Every problem is a :class:`~crm_analysis.exceptions.CRMDataError` that names the
construct or column at fault: a path to a construct without indicators, an
indicator used twice, a cycle (PLS needs a recursive model), missing or text
columns, a constant item, fewer respondents than parameters.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError, DataExclusionWarning
from ..validation import caller_stacklevel, drop_incomplete_answers, missing_per_item, survey_items
from .missing_data import report_from_values
from .pls_algorithm import ModelStructure


def _find_cycle(constructs, adjacency) -> list | None:
    """Return the constructs on a directed cycle, or None for an acyclic graph (Kahn's algorithm)."""
    indegree = adjacency.sum(axis=0).astype(int)
    queue = [j for j in range(len(constructs)) if indegree[j] == 0]
    seen = 0
    while queue:
        j = queue.pop()
        seen += 1
        for t in np.flatnonzero(adjacency[j]):
            indegree[t] -= 1
            if indegree[t] == 0:
                queue.append(t)
    if seen == len(constructs):
        return None
    return [constructs[j] for j in range(len(constructs)) if indegree[j] > 0]


def path_pairs(paths, blocks) -> list[tuple[str, str]]:
    """Check that ``blocks`` is a non-empty dict and return ``paths`` as a list of ``(source, target)`` strings.

    The first check of every specification (plain, higher-order, with
    interaction terms); what the names must satisfy depends on the model and
    is checked by its own builder.
    """
    if not isinstance(blocks, dict) or not blocks:
        raise CRMDataError("blocks must be a non-empty dict {construct: [item columns]}")
    try:
        return [(str(s), str(t)) for s, t in paths]
    except (TypeError, ValueError):
        raise CRMDataError("paths must be a list of (source, target) pairs") from None


def validate_specification(paths, blocks, modes=None) -> ModelStructure:
    """Turn ``paths``, ``blocks`` and ``modes`` into a :class:`ModelStructure`, or explain what is wrong."""
    paths = path_pairs(paths, blocks)
    if not paths:
        raise CRMDataError("paths is empty: a path model needs at least one structural path")
    constructs = list(blocks)
    for s, t in paths:
        for c in (s, t):
            if c not in blocks:
                hint = (f"; an interaction term is not declared: pass interactions={{'{c}': 'two_stage'}}"
                        if "*" in c else "")
                raise CRMDataError(f"construct '{c}' appears in paths but has no block of indicators in blocks{hint}")
        if s == t:
            raise CRMDataError(f"construct '{s}' has a path to itself; PLS needs a recursive (acyclic) model")
    connected = {c for pair in paths for c in pair}
    for c in constructs:
        items = blocks[c]
        if isinstance(items, str):
            raise CRMDataError(f"block of construct '{c}' must be a list of columns, got the string {items!r}")
        if len(items) == 0:
            raise CRMDataError(f"construct '{c}' has no indicators")
        if c not in connected:
            raise CRMDataError(f"construct '{c}' is not in any path; remove it or connect it")
    indicators = [i for c in constructs for i in blocks[c]]
    duplicated = sorted({i for i in indicators if indicators.count(i) > 1})
    if duplicated:
        raise CRMDataError(f"indicator(s) {duplicated} are assigned to more than one construct")
    modes = dict(modes or {})
    for c, mode in modes.items():
        if c not in blocks:
            raise CRMDataError(f"modes names construct '{c}', which is not in blocks")
        if mode not in ("A", "B"):
            raise CRMDataError(f"mode of construct '{c}' must be 'A' or 'B', got {mode!r}")
    adjacency = np.zeros((len(constructs), len(constructs)))
    for s, t in paths:
        adjacency[constructs.index(s), constructs.index(t)] = 1
    cycle = _find_cycle(constructs, adjacency)
    if cycle:
        raise CRMDataError(f"paths are cyclic among constructs {cycle}; PLS needs a recursive (acyclic) model")
    mask = np.zeros((len(indicators), len(constructs)), dtype=bool)
    for j, c in enumerate(constructs):
        for item in blocks[c]:
            mask[indicators.index(item), j] = True
    mode_b = tuple(j for j, c in enumerate(constructs) if modes.get(c, "A") == "B")
    return ModelStructure(constructs=tuple(constructs), indicators=tuple(indicators), mask=mask,
                          adjacency=adjacency, mode_b=mode_b)


def prepare_indicators(data, structure: ModelStructure, *, missing: str = "listwise", for_estimation: bool = True,
                       scale=None, details: bool = False, keep_gaps: bool = False):
    """Numeric indicator matrix (n, p) and the index of the rows used.

    ``for_estimation=False`` (scoring respondents with fitted weights) skips the
    checks that only matter for estimation: enough rows, no constant item.

    Answers are checked against ``scale`` or the scale declared with ``data``
    (:func:`crm_analysis.validation.survey_items`): an answer outside it, or a
    missing-answer code such as -99 when no scale is known, is an error naming
    its rows.  Missing answers are handled by ``missing``:

    * ``"listwise"``: respondents with a gap are dropped;
    * ``"mean"``: every gap is replaced by the item's mean answer;
    * ``"pairwise"``: the gaps are kept for pairwise covariances; the matrix
      returned fills them with the item mean (the rule for scoring respondents).

    Either way a :class:`DataExclusionWarning` gives the count per item and the
    respondents dropped or imputed.  ``keep_gaps=True`` (``"mean"`` and
    ``"pairwise"``) returns the answers with their gaps (NaN) instead, for the
    estimation itself, which handles them inside every bootstrap resample
    (:mod:`crm_analysis.satisfaction.pls_missing`).  The caller's table is never
    modified.  ``details=True`` also returns a dict with the resolved ``scale``
    (None when unknown), the ``missing`` answers per item and the
    :class:`~crm_analysis.satisfaction.missing_data.MissingDataReport` (``report``).
    """
    items = list(structure.indicators)
    values = survey_items(data, items, scale=scale)
    info = {"scale": values.attrs.get("scale"), "missing": values.isna().sum().astype(int),
            "report": report_from_values(values, handling=missing)}
    gaps = values.isna()
    if gaps.to_numpy().any():
        rows = gaps.any(axis=1)
        if missing == "listwise":
            values = drop_incomplete_answers(values)
        else:
            done = ("replaced by item means (mean imputation" if missing == "mean" else
                    "kept: covariances from the respondents who answered both items (pairwise deletion; "
                    "scores count a missing answer at the item mean")
            warnings.warn(f"{int(gaps.to_numpy().sum())} missing answers in {int(rows.sum())} of {len(values)} "
                          f"respondents {done}; missing per item: {missing_per_item(values)})",
                          DataExclusionWarning, stacklevel=caller_stacklevel())
            if not keep_gaps:
                values = values.fillna(values.mean())
    if not for_estimation:
        return (values.to_numpy(dtype=float), values.index) + ((info,) if details else ())
    n_params = len(items) + int(structure.adjacency.sum())
    if len(values) <= n_params:
        raise CRMDataError(f"survey has {len(values)} usable respondents but the model has {n_params} "
                           f"parameters ({len(items)} outer weights + {int(structure.adjacency.sum())} paths); "
                           "PLS needs more respondents than parameters"
                           + (" (missing='mean' or 'pairwise' keeps respondents with gaps)"
                              if missing == "listwise" and gaps.to_numpy().any() else ""))
    empty = values.isna().all()
    constant = (values.std(ddof=1) == 0) | (values.count() < 2)
    if empty.any():
        bad = list(values.columns[empty])
        owners = [structure.constructs[structure.mask[items.index(b)].argmax()] for b in bad]
        raise CRMDataError(f"indicator column(s) {bad} (construct(s) {owners}) have no answers at all; "
                           "remove them from blocks")
    if constant.any():
        bad = list(values.columns[constant])
        owners = [structure.constructs[structure.mask[items.index(b)].argmax()] for b in bad]
        raise CRMDataError(f"indicator column(s) {bad} (construct(s) {owners}) are constant: every "
                           "respondent gives the same answer, so they carry no information")
    return (values.to_numpy(dtype=float), values.index) + ((info,) if details else ())
