"""Benchmark: three churn models x 5-fold cross-validation on 100,000 synthetic customers.

Target (issue 5): ``evaluate_churn_models`` with the logistic, random-forest and
gradient-boosting models, 5 folds, on ``make_customers(100_000)``: at most 60 s
on 2 cores.  Folds run in two joblib worker processes (``n_jobs=2``), each model
single-threaded.

Every measurement runs in a fresh child interpreter (``_common.measure``): the
wall time of the cross-validation is taken inside the child (data generation
excluded), the child's peak memory by the kernel (the joblib workers are
separate processes and are not included; the main process holds the table).

``--reference`` also times plain scikit-learn defaults on the same folds and
the same preprocessing (``RandomForestClassifier()``: 100 fully grown trees on
full bootstrap samples; ``HistGradientBoostingClassifier()`` with its OpenMP
threads; ``LogisticRegression()``), to show what the package's defaults buy.

Usage:  .venv/bin/python benchmarks/bench_churn.py [--n 100000] [--repeats 2] [--reference] [--write]
"""
from __future__ import annotations

import argparse
import os
import sys

from _common import BENCH_DIR, PACKAGE_PYTHON, ROOT, best_of, machine_note, markdown_table

RESULTS = BENCH_DIR / "results_churn.md"

OURS = """
import os, sys, time, warnings
sys.path.insert(0, {bench!r})
from _common import emit
from crm_analysis.churn import evaluate_churn_models
from crm_analysis.datasets import make_customers
customers = make_customers({n}, random_state=0)
X, y = customers.drop(columns="churn"), customers["churn"]
load_before = os.getloadavg()[0]
start = time.perf_counter()
table = evaluate_churn_models(X, y, cv=5, random_state=0, n_jobs=2)
seconds = time.perf_counter() - start
load_after = os.getloadavg()[0]
# the same work in this process only: its CPU time does not depend on how busy the machine is
cpu, wall = time.process_time(), time.perf_counter()
evaluate_churn_models(X, y, cv=5, random_state=0, n_jobs=1)
emit(seconds=seconds, load_before=load_before, load_after=load_after,
     sequential_cpu_s=time.process_time() - cpu, sequential_wall_s=time.perf_counter() - wall,
     **{{f"auc_{{m}}": float(table.loc[m, "roc_auc"]) for m in table.index}})
"""

REFERENCE = """
import os, sys, time
sys.path.insert(0, {bench!r})
import numpy as np
from _common import emit
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from crm_analysis.churn.pipeline import ChurnClassifier, _prepare
from crm_analysis.datasets import make_customers
customers = make_customers({n}, random_state=0)
X, y = _prepare(customers.drop(columns="churn")), customers["churn"].to_numpy()
numeric = [c for c in X if X[c].dtype.kind in "if"]
categorical = [c for c in X if c not in numeric]
cv = StratifiedKFold(5, shuffle=True, random_state=0)
load_before = os.getloadavg()[0]
start = time.perf_counter()
aucs = {{}}
for name, model, scaled in [("logistic", LogisticRegression(max_iter=5000), True),
                            ("random_forest", RandomForestClassifier(random_state=0), False),
                            ("gradient_boosting", HistGradientBoostingClassifier(random_state=0), False)]:
    pre = ChurnClassifier("logistic" if scaled else "random_forest")._preprocessor(numeric, categorical)
    aucs["auc_" + name] = float(np.mean(cross_val_score(make_pipeline(pre, model), X, y, cv=cv,
                                                        scoring="roc_auc", n_jobs=2)))
seconds = time.perf_counter() - start
emit(seconds=seconds, load_before=load_before, load_after=os.getloadavg()[0], **aucs)
"""


def run(label: str, template: str, n: int, repeats: int) -> dict:
    code = template.format(bench=str(BENCH_DIR), n=n)
    best, runs = best_of(repeats, PACKAGE_PYTHON, code, key="seconds", cwd=ROOT)
    row = {"method": label, "customers": n, "seconds": best.values["seconds"],
           "all_runs_s": ", ".join(f"{r.values['seconds']:.1f}" for r in runs),
           "peak_rss_mb": best.peak_rss_mb,
           "load_1min": f"{best.values['load_before']:.1f} -> {best.values['load_after']:.1f}"}
    if "sequential_cpu_s" in best.values:
        row["sequential_cpu_s"] = best.values["sequential_cpu_s"]
        row["sequential_wall_s"] = best.values["sequential_wall_s"]
        row["ideal_2core_s"] = best.values["sequential_cpu_s"] / 2
    for model in ("logistic", "random_forest", "gradient_boosting"):
        row[f"auc_{model}"] = best.values[f"auc_{model}"]
    print(row, file=sys.stderr, flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--reference", action="store_true", help="also time plain scikit-learn defaults")
    parser.add_argument("--write", action="store_true", help=f"write {RESULTS.name}")
    args = parser.parse_args()
    rows = [run("crm_analysis evaluate_churn_models (3 models x 5 folds, n_jobs=2)", OURS, args.n, args.repeats)]
    if args.reference:
        rows.append(run("scikit-learn defaults, same folds (reference)", REFERENCE, args.n, 1))
        rows[0]["time_ratio_vs_reference"] = rows[0]["seconds"] / rows[1]["seconds"]
    rows[0]["ratio_vs_60s_target"] = rows[0]["seconds"] / 60.0
    text = "\n".join([
        "# Churn cross-validation benchmark (benchmarks/bench_churn.py)",
        "",
        f"Three models x 5 stratified folds on `make_customers({args.n})` (data generation not timed); "
        f"best of {args.repeats} fresh-process runs. Target: at most 60 s on 2 cores.",
        "`seconds`: wall time with the folds in 2 worker processes (the target's setting). "
        "`sequential_cpu_s`: CPU time of the same work in one process (independent of other jobs on the "
        "machine); `ideal_2core_s` = half of it, the wall time on 2 otherwise idle cores.",
        f"Machine: {machine_note()}; cores shared with other jobs (1-minute load average shown).",
        "",
        markdown_table(rows, floatfmt=".3f"),
        "",
    ])
    print(text)
    if args.write:
        RESULTS.write_text(text)


if __name__ == "__main__":
    os.chdir(BENCH_DIR)
    sys.path.insert(0, str(BENCH_DIR))
    main()
