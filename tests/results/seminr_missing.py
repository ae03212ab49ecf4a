# Reference values for tests/satisfaction/test_pls_missing.py (written to tests/results/seminr_missing.json),
# produced with the seminr Python port 0.2.1 (a dev dependency) from the repository root:
#   .venv/bin/python tests/results/seminr_missing.py
# Data, blanks and resamples are defined in tests/satisfaction/missing_specs.py (fixed numpy seeds):
# mobi with 4 % of its answers blanked, corp_rep with its own -99 codes plus 3 % blanked.  For each survey:
#   model = seminr.estimate_pls(data, measurement, structure, missing=seminr.mean_replacement,
#                               missing_value=-99 for corp_rep)   (path weighting, seminr's defaults)
#   boot = seminr.bootstrap_model(model, nboot=20, indices=numpy.random.default_rng(7).integers(0, n, (20, n)))
#   seminr.report_missing(model)
# and every resample's paths, loadings and weights are stored at full precision.
import json
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

import numpy as np  # noqa: E402
import seminr as sm  # noqa: E402

from tests.satisfaction.missing_specs import SPECS, boot_indices, frame, seminr_model, survey_with_gaps  # noqa: E402


def _paths(named, paths):
    table = frame(named)
    return {f"{s} -> {t}": float(table.loc[s, t]) for s, t in paths}


def _items(named, blocks):
    table = frame(named)
    return {i: float(table.loc[i, c]) for c, items in blocks.items() for i in items}


out = {"seminr_version": sm.__version__, "made_by": "tests/results/seminr_missing.py", "surveys": {}}
for name, (paths, blocks, _) in SPECS.items():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = survey_with_gaps(name)
        model = seminr_model(name, data)
        indices = boot_indices(len(data))
        boot = sm.bootstrap_model(model, nboot=len(indices), indices=indices)
    report = sm.report_missing(model)
    out["surveys"][name] = {
        "n": len(data),
        "fit": {"paths": _paths(model.path_coef, paths), "weights": _items(model.outer_weights, blocks),
                "loadings": _items(model.outer_loadings, blocks)},
        "bootstrap": {"nboot": len(indices), "fails": boot.fails,
                      "paths": [_paths(p, paths) for p in boot.boot_paths],
                      "loadings": [_items(p, blocks) for p in boot.boot_loadings],
                      "weights": [_items(p, blocks) for p in boot.boot_weights]},
        "report_missing": {"method": report.method,
                           "missing": {v.variable: v.missing_count for v in report.summary},
                           "share": {v.variable: v.missing_proportion for v in report.summary}},
    }
(Path(__file__).with_suffix(".json")).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
