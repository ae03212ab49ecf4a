"""The consistent-PLS (PLSc) reference models and how seminr's numbers for them are produced.

Used by test_pls_consistent.py (live, when seminr is installed) and by
tests/results/seminr_plsc.py, which stores the same numbers in
tests/results/seminr_plsc.json for machines without seminr.

Models:

* ``mobi``: seminr's mobile-phone ECSI model (MOBI_BLOCKS / MOBI_PATHS), every
  construct ``reflective()`` (Complaints has one item);
* ``mobi_image_formative``: the same with Image a Mode B composite;
* ``corp_rep``: the corporate reputation model of Hair et al. (2022) *A Primer
  on PLS-SEM*, 3rd ed. (chapters 2-6, the seminr ``corp_rep_data``): formative
  (Mode B) drivers QUAL, PERF, CSOR, ATTR -> reflective COMP and LIKE -> CUSA
  (single item) -> CUSL, with the -99 "no answer" code as missing and mean
  replacement (seminr's ``missing_value=-99`` and its default).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .survey_models import (CORP_REP_BLOCKS, CORP_REP_FORMATIVE, CORP_REP_ITEMS, CORP_REP_PATHS,  # noqa: F401
                            MOBI_BLOCKS, MOBI_PATHS, complete_corp_rep, load_survey)

#: name -> (blocks, paths, formative constructs)
MODELS = {
    "mobi": (MOBI_BLOCKS, MOBI_PATHS, ()),
    "mobi_image_formative": (MOBI_BLOCKS, MOBI_PATHS, ("Image",)),
    "corp_rep": (CORP_REP_BLOCKS, CORP_REP_PATHS, CORP_REP_FORMATIVE),
}
BOOT_SEED, BOOT_N = 7, 20


def raw_data(name: str) -> pd.DataFrame:
    """The bundled survey behind a model, as seminr reads it (corp_rep keeps its -99 codes).

    (The bootstrap comparison runs on :func:`complete_corp_rep`: no imputation.)
    """
    return load_survey("corp_rep" if name.startswith("corp_rep") else "mobi")


def resample_indices(n_rows: int, n_boot: int = BOOT_N, seed: int = BOOT_SEED) -> np.ndarray:
    """The bootstrap resamples shared by seminr and our engine: (n_boot, n_rows) 0-based row numbers."""
    return np.random.default_rng(seed).integers(0, n_rows, size=(n_boot, n_rows))


def seminr_fit(name: str, data: pd.DataFrame, missing_value=None):
    """``seminr.estimate_pls`` of model ``name`` (reflective() / composite(weights=mode_B), path weighting)."""
    import seminr as sm

    blocks, paths, formative = MODELS[name]
    measurement = sm.constructs(*[sm.composite(c, items, weights=sm.mode_B) if c in formative
                                  else sm.reflective(c, items) for c, items in blocks.items()])
    structure = sm.relationships(*[sm.paths(from_=s, to=t) for s, t in paths])
    return sm.estimate_pls(data, measurement, structure, missing_value=missing_value)


def _frame(named) -> pd.DataFrame:
    return pd.DataFrame(named.values, index=list(named.rows), columns=list(named.cols))


def _by_item(named) -> dict:
    """An item x construct seminr matrix (zero outside each block) as {item: value}."""
    return {k: float(v) for k, v in _frame(named).sum(axis=1).items()}


def _path_rows(named, paths) -> list:
    table = _frame(named)
    return [[s, t, float(table.loc[s, t])] for s, t in paths]


def seminr_numbers(name: str, model) -> dict:
    """Paths, loadings, weights, R² and the reliability table of a fitted seminr model, as plain JSON values."""
    import seminr as sm

    reliability = _frame(sm.reliability_table(model))
    reliability.columns = ["alpha", "rho_a", "rho_c", "ave"]
    r_squared = _frame(model.r_squared).loc["Rsq"]
    return {"paths": _path_rows(model.path_coef, MODELS[name][1]),
            "loadings": _by_item(model.outer_loadings), "weights": _by_item(model.outer_weights),
            "r_squared": {k: float(v) for k, v in r_squared.items()},
            "reliability": {c: {k: float(v) for k, v in row.items()} for c, row in reliability.iterrows()}}


def seminr_bootstrap_numbers(name: str, model, indices: np.ndarray) -> dict:
    """``seminr.bootstrap_model(model, nboot, indices=indices)``: paths and loadings of every resample.

    (Weights are not corrected by PLSc; the existing bootstrap tests compare them.)
    """
    import seminr as sm

    boot = sm.bootstrap_model(model, nboot=len(indices), indices=indices)
    if boot.fails:
        raise RuntimeError(f"seminr failed on {boot.fails} resamples; the comparison needs all of them")
    return {"paths": [_path_rows(rep, MODELS[name][1]) for rep in boot.boot_paths],
            "loadings": [_by_item(rep) for rep in boot.boot_loadings]}
