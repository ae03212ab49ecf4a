"""Benchmark: fitting and scoring the repeat-purchase models, crm_analysis vs lifetimes 0.11.3.

Three jobs, each run in fresh child processes (wall time and peak resident
memory, see ``_common.measure``) on the same synthetic data:

* **BG/NBD fit, 1,000,000 customers** — ``BetaGeoModel().fit`` vs
  ``lifetimes.BetaGeoFitter().fit`` (target: at most 1/10 of lifetimes' time);
* **Pareto/NBD fit, 100,000 customers** — ``ParetoNBDModel().fit`` vs
  ``lifetimes.ParetoNBDFitter().fit`` (target: at most 1/20), and both optima
  compared: parameters and the log-likelihood of each optimum, evaluated with
  the same (crm_analysis) likelihood;
* **scoring 1,000,000 customers** — P(alive) plus expected purchases in the
  next 39 weeks, with the fitted BG/NBD and Pareto/NBD models (target: < 1 s).

Data: summaries drawn from the models themselves (``simulate``) with the CDNOW
estimates of Fader, Hardie & Lee (2005), observation lengths of 26-78 weeks
and recency on a whole-day grid, as a daily transaction log would give
(time unit weeks).  Cached as Parquet in ``benchmarks/_work/`` (git-ignored).

Usage::

    bash benchmarks/reference_env.sh             # once: the lifetimes environment
    .venv/bin/python benchmarks/bench_value.py    # writes benchmarks/results_value.md
    .venv/bin/python benchmarks/bench_value.py --repeat 1 --only ours-bgnbd ours-pareto
    .venv/bin/python benchmarks/bench_value.py --rewrite   # re-render the Markdown from the last numbers
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (BENCH_DIR, PACKAGE_PYTHON, REFERENCE_PYTHON, ROOT, WORK_DIR, best_of,  # noqa: E402
                     machine_note, markdown_table, measure)

RESULTS = BENCH_DIR / "results_value.md"
RAW = WORK_DIR / "btyd_bench_raw.json"  # the last run's numbers (git-ignored)
BGNBD_DATA = WORK_DIR / "btyd_bgnbd_1m.parquet"
PARETO_DATA = WORK_DIR / "btyd_pareto_100k.parquet"
BGNBD_TRUTH = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
PARETO_TRUTH = dict(r=0.553, alpha=10.578, s=0.606, beta=11.669)
HORIZON = 39.0

_PRELUDE = (f"import sys, time, json; sys.path.insert(0, {str(BENCH_DIR)!r}); from _common import emit, Stopwatch\n"
            "import warnings; warnings.simplefilter('ignore')\nimport pandas as pd\n")


def _child(fit_data: Path, ours: bool, model: str) -> str:
    """Code of one child: import, read, fit (timed, wall and CPU), then score the 1M BG/NBD data set (timed)."""
    if ours:
        make = {"bgnbd": "BetaGeoModel()", "pareto": "ParetoNBDModel()"}[model]
        imports = "from crm_analysis.value import BetaGeoModel, ParetoNBDModel"
        fit = f"m = {make}.fit(data, time_unit=\"W\")  # read from Parquet: no recorded unit"
        score = f"alive = m.probability_alive(score_data); expected = m.predict(score_data, {HORIZON})"
        params, ll = "m.params_.to_dict()", "m.log_likelihood_"
    else:
        make = {"bgnbd": "BetaGeoFitter()", "pareto": "ParetoNBDFitter()"}[model]
        imports = "from lifetimes import BetaGeoFitter, ParetoNBDFitter"
        fit = f"m = {make}.fit(data['frequency'], data['recency'], data['T'])"
        score = ("alive = m.conditional_probability_alive(score_data['frequency'], score_data['recency'], "
                 "score_data['T'])\n"
                 f"expected = m.conditional_expected_number_of_purchases_up_to_time({HORIZON}, "
                 "score_data['frequency'], score_data['recency'], score_data['T'])")
        params, ll = "m.params_.to_dict()", "float('nan')"
    return _PRELUDE + textwrap.dedent(f"""
{imports}  # imports are not timed
data = pd.read_parquet({str(fit_data)!r})
score_data = pd.read_parquet({str(BGNBD_DATA)!r})
cpu = time.process_time()
with Stopwatch() as work:
{textwrap.indent(fit, '    ')}
fit_cpu = time.process_time() - cpu
cpu = time.process_time()
with Stopwatch() as scoring:
{textwrap.indent(score, '    ')}
score_cpu = time.process_time() - cpu
import numpy as np
emit(work_s=work.seconds, cpu_s=fit_cpu, score_s=scoring.seconds, score_cpu_s=score_cpu,
     params={params}, ll={ll}, n_fit=len(data), n_score=len(score_data),
     alive_ok=bool(np.all(np.isfinite(np.asarray(alive))) and np.all((np.asarray(alive) >= 0) & (np.asarray(alive) <= 1))),
     expected_total=float(np.nansum(np.asarray(expected))), expected_nan=int(np.isnan(np.asarray(expected)).sum()))
""")


CHILDREN = {
    "ours-bgnbd": (PACKAGE_PYTHON, BGNBD_DATA, True, "bgnbd"),
    "lifetimes-bgnbd": (REFERENCE_PYTHON, BGNBD_DATA, False, "bgnbd"),
    "ours-pareto": (PACKAGE_PYTHON, PARETO_DATA, True, "pareto"),
    "lifetimes-pareto": (REFERENCE_PYTHON, PARETO_DATA, False, "pareto"),
}


def make_data() -> None:
    """Simulate both summaries once (fixed seeds) and cache them as Parquet."""
    if BGNBD_DATA.exists() and PARETO_DATA.exists():
        return
    WORK_DIR.mkdir(exist_ok=True)
    code = f"""
import numpy as np
from crm_analysis.value import BetaGeoModel, ParetoNBDModel
for model, truth, n, path, seed in [(BetaGeoModel(), {BGNBD_TRUTH!r}, 1_000_000, {str(BGNBD_DATA)!r}, 2026),
                                    (ParetoNBDModel(), {PARETO_TRUTH!r}, 100_000, {str(PARETO_DATA)!r}, 2027)]:
    rng = np.random.default_rng(seed)
    T = rng.integers(26 * 7, 78 * 7 + 1, n) / 7          # whole days, in weeks
    summary = model.simulate(n, T, params=truth, random_state=seed + 1)
    summary["recency"] = np.floor(summary["recency"] * 7) / 7   # last purchase on a whole day
    summary.reset_index().to_parquet(path, index=False)
"""
    measure(PACKAGE_PYTHON, code, cwd=ROOT)


def run(names: list[str], repeat: int) -> dict:
    results = {}
    for name in names:
        python, data, ours, model = CHILDREN[name]
        n = repeat if ours else 1  # lifetimes takes minutes; one run
        best, runs = best_of(n, python, _child(data, ours, model), key="work_s", cwd=ROOT)
        v = best.values
        results[name] = {**v, "runs": [m.values["work_s"] for m in runs], "peak_rss_mb": max(m.peak_rss_mb for m in runs)}
        all_runs = " / ".join(f"{s:.2f}" for s in results[name]["runs"])
        print(f"{name:17s} fit {v['work_s']:7.2f} s (cpu {v['cpu_s']:.2f} s; runs {all_runs}), "
              f"score 1M {v['score_s']:.2f} s, peak {results[name]['peak_rss_mb']:.0f} MB, params {v['params']}",
              flush=True)
    return results


def optimum_check(results: dict) -> list[str]:
    """Log-likelihood of both optima under the same (crm_analysis) likelihood, and parameter differences."""
    lines = []
    for model, path in (("bgnbd", BGNBD_DATA), ("pareto", PARETO_DATA)):
        ours, theirs = results.get(f"ours-{model}"), results.get(f"lifetimes-{model}")
        if not (ours and theirs):
            continue
        code = f"""
import json, numpy as np, pandas as pd
from crm_analysis.value import BetaGeoModel, ParetoNBDModel
m = {'BetaGeoModel' if model == 'bgnbd' else 'ParetoNBDModel'}()
data, w, _, _ = m._compressed(pd.read_parquet({str(path)!r}))
out = {{k: m._total_loglik(np.array(list(p.values())), data, w)[0] for k, p in
       (("ours", {ours['params']!r}), ("lifetimes", {theirs['params']!r}))}}
print(json.dumps(out))
"""
        ll = json.loads(measure(PACKAGE_PYTHON, code, cwd=ROOT).stdout.strip().splitlines()[-1])
        rel = {k: abs(ours["params"][k] / theirs["params"][k] - 1) for k in ours["params"]}
        lines.append(f"- {model}: LL at our optimum {ll['ours']:.3f}, at lifetimes' optimum {ll['lifetimes']:.3f} "
                     f"(ours − lifetimes = {ll['ours'] - ll['lifetimes']:+.2e}); largest relative parameter "
                     f"difference {max(rel.values()):.2e} ({max(rel, key=rel.get)}); ours "
                     f"{', '.join(f'{k}={v:.4f}' for k, v in ours['params'].items())}; lifetimes "
                     f"{', '.join(f'{k}={v:.4f}' for k, v in theirs['params'].items())}")
    return lines


def write_results(results: dict, checks: list[str], repeat: int) -> None:
    rows = []
    for model, target in (("bgnbd", 1 / 10), ("pareto", 1 / 20)):
        ours, theirs = results.get(f"ours-{model}"), results.get(f"lifetimes-{model}")
        for name, v in ((f"ours-{model}", ours), (f"lifetimes-{model}", theirs)):
            if v is None:
                continue
            rows.append({"job": name, "n_fit": v["n_fit"], "fit_s": v["work_s"], "fit_cpu_s": v["cpu_s"],
                         "fit_vs_lifetimes": v["work_s"] / theirs["work_s"] if theirs else None,
                         "cpu_vs_lifetimes": v["cpu_s"] / theirs["cpu_s"] if theirs else None,
                         "target": f"≤ {target:.2f}" if name.startswith("ours") else "",
                         "score_1m_s": v["score_s"], "score_1m_cpu_s": v["score_cpu_s"],
                         "peak_rss_mb": v["peak_rss_mb"], "runs_fit_s": " / ".join(f"{s:.2f}" for s in v["runs"])})
    verdicts = []
    for model, target, label in (("bgnbd", 1 / 10, "BG/NBD fit, 1M customers"),
                                 ("pareto", 1 / 20, "Pareto/NBD fit, 100k customers")):
        ours, theirs = results.get(f"ours-{model}"), results.get(f"lifetimes-{model}")
        if ours and theirs:
            wall, cpu = ours["work_s"] / theirs["work_s"], ours["cpu_s"] / theirs["cpu_s"]
            verdicts.append(f"- {label}: {wall:.3f} of lifetimes' wall time (1/{1 / wall:.0f}), {cpu:.3f} of its CPU "
                            f"time (1/{1 / cpu:.0f}); target ≤ {target:.2f}: {'met' if wall <= target else 'NOT met'}")
    for name, v in results.items():
        if name.startswith("ours"):
            verdicts.append(f"- scoring 1M customers with the {name[5:]} fit: {v['score_s']:.2f} s wall, "
                            f"{v['score_cpu_s']:.2f} s CPU; target < 1 s: "
                            f"{'met' if v['score_s'] < 1 else 'met on CPU time only' if v['score_cpu_s'] < 1 else 'NOT met'}")
    versions = measure(PACKAGE_PYTHON, "import pandas, numpy, scipy; print(f'pandas {pandas.__version__}, "
                       "numpy {numpy.__version__}, scipy {scipy.__version__}')").stdout.strip()
    reference = measure(REFERENCE_PYTHON, "import lifetimes, pandas, numpy, scipy; print(f'lifetimes "
                        "{lifetimes.__version__}, pandas {pandas.__version__}, numpy {numpy.__version__}, "
                        "scipy {scipy.__version__}')").stdout.strip()
    text = f"""# Repeat-purchase model benchmark (benchmarks/bench_value.py)

Machine: {machine_note()}; load average at the end {os.getloadavg()[0]:.1f} (shared with other
engineers' jobs, so wall times are inflated and noisy; CPU seconds of the child are shown too).
crm_analysis rows: best of {repeat} runs (all listed); lifetimes rows: one run.

Versions: package environment {versions}; reference environment {reference}.

Data (same files for both): BG/NBD summary of {results.get('ours-bgnbd', {}).get('n_fit', 1_000_000):,} customers and
Pareto/NBD summary of {results.get('ours-pareto', {}).get('n_fit', 100_000):,} customers, simulated from the CDNOW
estimates (BG/NBD {BGNBD_TRUTH}; Pareto/NBD {PARETO_TRUTH}), T uniform on whole days of 26-78 weeks, recency
floored to whole days, time unit weeks.  Scoring = P(alive) + expected purchases in the next {HORIZON:g} weeks
for the 1,000,000 customers of the BG/NBD file, with the model fitted in the same child.

- `fit_s`: wall seconds of `fit` alone (inside the child); `fit_cpu_s`: CPU seconds of the same step;
- `fit_vs_lifetimes`: ours / lifetimes on wall time (target: BG/NBD ≤ 0.10, Pareto/NBD ≤ 0.05);
- `score_1m_s`: wall seconds of P(alive) + expected purchases for 1M customers (target < 1 s);
- `peak_rss_mb`: peak resident memory of the whole child (data, fit and scoring), MiB.

{markdown_table(rows)}

## Targets

{chr(10).join(verdicts)}

## Same optimum?

{chr(10).join(checks) if checks else '(lifetimes not run)'}

Scoring sanity: {", ".join(f"{k}: P(alive) finite and in [0,1] = {v['alive_ok']}, expected purchases summed "
                           f"{v['expected_total']:,.0f} ({v['expected_nan']} NaN)" for k, v in results.items())}.
"""
    RESULTS.write_text(text)
    print(f"wrote {RESULTS}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each crm_analysis job; the fastest is reported")
    parser.add_argument("--only", nargs="+", choices=list(CHILDREN), default=list(CHILDREN))
    parser.add_argument("--no-write", action="store_true", help="print only; do not write results_value.md")
    parser.add_argument("--rewrite", action="store_true", help="rewrite results_value.md from the last run's numbers")
    args = parser.parse_args()
    if any(n.startswith("lifetimes") for n in args.only) and not REFERENCE_PYTHON.exists():
        raise SystemExit("no reference environment: run  bash benchmarks/reference_env.sh  first")
    make_data()
    if args.rewrite:  # re-render the Markdown from the last run's raw numbers
        saved = json.loads(RAW.read_text())
        results, args.repeat = saved["results"], saved["repeat"]
    else:
        results = run(args.only, args.repeat)
        RAW.write_text(json.dumps({"results": results, "repeat": args.repeat}))
    checks = optimum_check(results)
    print("\n".join(checks))
    if not args.no_write:
        write_results(results, checks, args.repeat)


if __name__ == "__main__":
    main()
