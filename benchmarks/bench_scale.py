"""Benchmark: DuckDB, Spark and pandas from 1M to 100M transactions.

The three ways crm_analysis summarises a transaction log, fits the BG/NBD and
Gamma-Gamma models and scores every customer, at three sizes:

=======  ===========  ==========
rows     customers    file
=======  ===========  ==========
1M       100,000      benchmarks/_work/scale/tx_1M.parquet
10M      1,000,000    benchmarks/_work/scale/tx_10M.parquet
100M     10,000,000   benchmarks/_work/scale/tx_100M.parquet
=======  ===========  ==========

Paths (each measured in its own fresh child process, so that its peak memory
is its own):

* ``duckdb``  ``CustomerStore(file).add_transactions(parquet)`` (import, timed)
              then ``store.rfm_summary(observation_end=..., time_unit="W")``
              (timed separately);
* ``spark``   local[2] SparkSession; ``crm_analysis.spark.rfm_summary`` written
              to Parquet (timed: that forces the computation), ``cs.fit`` of
              BG/NBD and Gamma-Gamma on the summary read back, and
              ``cs.score(..., t=52, spend_model=g, horizon=12)`` written to
              Parquet (timed: scoring every customer);
* ``pandas``  ``pd.read_parquet`` + ``crm_analysis.rfm_summary``,
              ``BetaGeoModel().fit``, ``GammaGammaModel().fit`` and scoring with
              ``probability_alive``, ``conditional_expected_purchases`` and
              ``customer_lifetime_value``.  Skipped when its peak memory,
              extrapolated linearly from the previous size, exceeds 20 GB.

Memory and CPU are measured on the whole process tree (the Spark JVM is a
child of the Python process): a sampling thread in the child sums the resident
set sizes of the process and all its descendants every 0.1 s (peak RSS of the
tree) and the CPU time (user + system) of every stage is the sum over the tree
(``psutil``).  For DuckDB the sampler also watches the database's spill
directory (``<file>.tmp``) and records its largest size.  The 1-minute load
average (``os.getloadavg()``) is recorded at the start and end of every stage:
the machine has 2 cores and is shared with other work.

Data: simulated once with numpy (fixed seed) in chunks of customers straight to
Parquet with pyarrow, then reused.  Each customer makes 1 + Poisson(9)
purchases on average (1 + Poisson(9 G), G ~ Gamma(2, 1/2): purchase rates differ
between customers): the first on a uniform day of 2023, the others on uniform
days between it and the customer's last active day, which is the end of the log
(2024-12-30) for half of the customers and a uniform day after the first
purchase for the other half (they drop out).  Two years, timestamps at day
resolution; ids are text ("C0000123"); amounts are log-normal (> 0).  Rows are
shuffled within each chunk.  (A first version with identical customers made the
BG/NBD fit run to the edge of its parameter space: nothing to estimate.)

At 10M rows (1M customers) the three summaries are compared on every customer
and column, and the Spark-fitted BG/NBD parameters with the pandas fit.

Usage::

    .venv/bin/python benchmarks/bench_scale.py --rows 1M           # quick
    .venv/bin/python benchmarks/bench_scale.py --rows 10M          # + equality checks
    .venv/bin/python benchmarks/bench_scale.py --rows 100M
    .venv/bin/python benchmarks/bench_scale.py --report            # rewrite results_scale.md from saved JSON

Results of every run are kept as JSON in ``benchmarks/_work/scale/`` and
``benchmarks/results_scale.md`` is rewritten from all sizes measured so far.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import textwrap
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
SCALE_DIR = BENCH_DIR / "_work" / "scale"
RESULTS = BENCH_DIR / "results_scale.md"
PYTHON = ROOT / ".venv" / "bin" / "python"
SIZES = {"1M": 1_000_000, "10M": 10_000_000, "100M": 100_000_000}
PURCHASES_PER_CUSTOMER = 10
START = "2023-01-01"
N_DAYS = 730
OBSERVATION_END = "2024-12-31"
SEED = 20261203
CUSTOMERS_PER_CHUNK = 500_000
PANDAS_LIMIT_GB = 20.0
SPARK_DRIVER_MEMORY = "6g"
_MARK = "SCALE>> "


# ---------------------------------------------------------------------- data
def log_path(size: str) -> Path:
    return SCALE_DIR / f"tx_{size}.parquet"


def generate(size: str) -> Path:
    """Simulate the log of ``size`` rows once (fixed seed); return its path."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = log_path(size)
    if path.exists():
        return path
    SCALE_DIR.mkdir(parents=True, exist_ok=True)
    n_customers = SIZES[size] // PURCHASES_PER_CUSTOMER
    rng = np.random.default_rng(SEED)
    start = np.datetime64(START, "D").astype("datetime64[us]").astype(np.int64)
    day_us = 86_400 * 10**6
    schema = pa.schema([("customer_id", pa.string()), ("date", pa.timestamp("us")), ("amount", pa.float64())])
    tmp = path.with_suffix(".partial")
    t0 = time.perf_counter()
    with pq.ParquetWriter(tmp, schema, compression="snappy") as writer:
        for first in range(0, n_customers, CUSTOMERS_PER_CHUNK):
            n = min(CUSTOMERS_PER_CHUNK, n_customers - first)
            # heterogeneous customers (so that BG/NBD has something to estimate): the first purchase on a
            # day of the first year, half of them stop buying on a uniform day after it, and the number of
            # purchases is 1 + Poisson(9 * Gamma(2, 1/2)) (negative binomial, mean 10)
            first_day = rng.integers(0, 365, n)
            last_day = np.where(rng.random(n) < 0.5, N_DAYS - 1,
                                first_day + (rng.random(n) * (N_DAYS - first_day)).astype(np.int64))
            counts = 1 + rng.poisson((PURCHASES_PER_CUSTOMER - 1) * rng.gamma(2.0, 0.5, n))
            local = np.repeat(np.arange(n), counts)
            is_first = np.zeros(len(local), dtype=bool)
            is_first[np.cumsum(counts) - counts] = True
            span = (last_day - first_day + 1)[local]
            days = np.where(is_first, first_day[local],
                            first_day[local] + (rng.random(len(local)) * span).astype(np.int64))
            order = rng.permutation(len(local))
            customer, days = first + local[order], days[order]
            # "C" + 7 digits as fixed-width bytes, then Arrow strings
            digits = np.empty((len(customer), 8), dtype=np.uint8)
            digits[:, 0] = ord("C")
            rest = customer.copy()
            for k in range(7, 0, -1):
                digits[:, k] = ord("0") + rest % 10
                rest //= 10
            ids = pa.array(digits.reshape(-1).view("S8"), type=pa.binary(8)).cast(pa.string())
            dates = pa.array(start + days * day_us, type=pa.int64()).cast(pa.timestamp("us"))
            amounts = np.round(rng.lognormal(3.0, 0.8, len(customer)), 6) + 0.01
            writer.write_table(pa.table([ids, dates, pa.array(amounts)], schema=schema), row_group_size=1_000_000)
    tmp.rename(path)
    rows = pq.ParquetFile(path).metadata.num_rows
    print(f"generated {path.name}: {rows:,} rows, {n_customers:,} customers, "
          f"{path.stat().st_size / 2**20:.0f} MiB in {time.perf_counter() - t0:.0f} s", flush=True)
    return path


# ---------------------------------------------------------------------- child-side helpers (code strings)
CHILD_PRELUDE = r'''
import json, os, sys, threading, time, warnings
import psutil
warnings.simplefilter("ignore")
_ME = psutil.Process()
_MARK = "SCALE>> "

def _tree():
    procs = [_ME]
    try:
        procs += _ME.children(recursive=True)
    except psutil.Error:
        pass
    return procs

def tree_cpu():
    total = 0.0
    for p in _tree():
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total

def _dir_size(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total

class Sampler(threading.Thread):
    def __init__(self, spill_dir=None):
        super().__init__(daemon=True)
        self.peak = self.stage_peak = 0
        self.spill = self.stage_spill = 0
        self.spill_dir = spill_dir
        self.start()
    def run(self):
        while True:
            rss = 0
            for p in _tree():
                try:
                    rss += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, rss)
            self.stage_peak = max(self.stage_peak, rss)
            if self.spill_dir and os.path.isdir(self.spill_dir):
                s = _dir_size(self.spill_dir)
                self.spill = max(self.spill, s)
                self.stage_spill = max(self.stage_spill, s)
            time.sleep(0.1)

SAMPLER = Sampler(globals().get("SPILL_DIR"))
STAGES = {}

class stage:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        SAMPLER.stage_peak = SAMPLER.stage_spill = 0
        self.load0 = os.getloadavg()[0]
        self.cpu0, self.t0 = tree_cpu(), time.perf_counter()
        return self
    def __exit__(self, *exc):
        wall = time.perf_counter() - self.t0
        cpu = tree_cpu() - self.cpu0
        time.sleep(0.15)
        STAGES[self.name] = dict(wall_s=wall, cpu_s=cpu, peak_gb=SAMPLER.stage_peak / 2**30,
                                 spill_gb=SAMPLER.stage_spill / 2**30,
                                 load=[round(self.load0, 2), round(os.getloadavg()[0], 2)])
        print(_MARK + json.dumps({"stage": self.name, **STAGES[self.name]}), flush=True)

def finish(**extra):
    time.sleep(0.15)
    print(_MARK + json.dumps({"final": True, "peak_gb": SAMPLER.peak / 2**30,
                              "spill_gb": SAMPLER.spill / 2**30, **extra}), flush=True)
'''

DUCKDB_CODE = r'''
from crm_analysis import CustomerStore
db = WORK / "store.duckdb"
for p in (db, Path(str(db) + ".wal")):
    if p.exists():
        p.unlink()
with stage("import"):
    store = CustomerStore(db)
    result = store.add_transactions(LOG)
with stage("summary"):
    summary = store.rfm_summary(observation_end=OBS_END, time_unit="W")
n = len(summary)
if SAVE:
    summary.reset_index().to_parquet(WORK / "summary_duckdb.parquet")
store.close()
finish(customers=n, db_gb=db.stat().st_size / 2**30)
'''

SPARK_CODE = r'''
os.environ["PYSPARK_PYTHON"] = sys.executable
os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
with stage("session start"):
    from pyspark.sql import SparkSession
    spark = (SparkSession.builder.master("local[2]").appName("bench_scale")
             .config("spark.driver.memory", DRIVER_MEMORY)
             .config("spark.sql.shuffle.partitions", str(PARTITIONS))
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.local.dir", str(WORK / "spark-tmp"))
             .config("spark.ui.enabled", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
from crm_analysis import spark as cs
from crm_analysis.value import BetaGeoModel, GammaGammaModel
summary_path = str(WORK / "summary_spark.parquet")
scores_path = str(WORK / "scores_spark.parquet")
with stage("summary"):
    s = cs.rfm_summary(spark.read.parquet(str(LOG)), customer_col="customer_id", date_col="date",
                       amount_col="amount", observation_end=OBS_END, time_unit="W")
    s.write.mode("overwrite").parquet(summary_path)
summary = spark.read.parquet(summary_path)
with stage("fit BG/NBD"):
    m = cs.fit(BetaGeoModel(), summary)
with stage("fit Gamma-Gamma"):
    g = cs.fit(GammaGammaModel(), summary)
with stage("score"):
    cs.score(m, summary, t=52, spend_model=g, horizon=12).write.mode("overwrite").parquet(scores_path)
n = summary.count()
params = {k: float(v) for k, v in m.params_.items()}
gparams = {k: float(v) for k, v in g.params_.items()}
spark.stop()
finish(customers=n, bgnbd=params, gamma_gamma=gparams, ll=float(getattr(m, "log_likelihood_", float("nan"))))
'''

PANDAS_CODE = r'''
import pandas as pd
import crm_analysis
from crm_analysis.value import BetaGeoModel, GammaGammaModel, customer_lifetime_value
with stage("read"):
    tx = pd.read_parquet(LOG)
with stage("summary"):
    summary = crm_analysis.rfm_summary(tx, customer_col="customer_id", date_col="date", amount_col="amount",
                                       observation_end=OBS_END, time_unit="W")
del tx
if SAVE:
    summary.reset_index().to_parquet(WORK / "summary_pandas.parquet")
with stage("fit BG/NBD"):
    m = BetaGeoModel().fit(summary)
with stage("fit Gamma-Gamma"):
    g = GammaGammaModel().fit(summary[summary["frequency"] > 0])
with stage("score"):
    scores = pd.DataFrame({"p_alive": m.probability_alive(summary),
                           "expected_purchases": m.conditional_expected_purchases(summary, 52),
                           "expected_spend": g.conditional_expected_spend(summary),
                           "clv": customer_lifetime_value(m, g, summary, 12)}, index=summary.index)
params = {k: float(v) for k, v in m.params_.items()}
gparams = {k: float(v) for k, v in g.params_.items()}
finish(customers=len(summary), bgnbd=params, gamma_gamma=gparams, ll=float(getattr(m, "log_likelihood_", float("nan"))))
'''

COMPARE_CODE = r'''
import numpy as np, pandas as pd, pyarrow.parquet as pq
def load(name):
    f = pq.read_table(WORK / f"summary_{name}.parquet").to_pandas()
    f["customer_id"] = f["customer_id"].astype(str)
    return f.sort_values("customer_id", kind="stable").reset_index(drop=True)
frames = {k: load(k) for k in ("pandas", "duckdb", "spark")}
ref = frames["pandas"]
out = {}
for name in ("duckdb", "spark"):
    f = frames[name]
    d = {"rows": [len(ref), len(f)], "ids_equal": bool(len(f) == len(ref) and (f["customer_id"].values == ref["customer_id"].values).all())}
    if d["ids_equal"]:
        d["frequency_max_abs"] = float(np.abs(f["frequency"].to_numpy(float) - ref["frequency"].to_numpy(float)).max())
        for c in ("recency", "T"):
            d[c + "_max_abs"] = float(np.abs(f[c].to_numpy(float) - ref[c].to_numpy(float)).max())
        a, b = f["monetary_value"].to_numpy(float), ref["monetary_value"].to_numpy(float)
        d["monetary_value_max_rel"] = float((np.abs(a - b) / np.maximum(np.abs(b), 1e-300)).max())
        d["pass"] = bool(d["frequency_max_abs"] == 0 and d["recency_max_abs"] <= 1e-12 and d["T_max_abs"] <= 1e-12
                         and d["monetary_value_max_rel"] <= 1e-9)
    else:
        d["pass"] = False
    out[name + " vs pandas"] = d
print(_MARK + json.dumps({"compare": out}), flush=True)
'''


def run_child(code: str, *, size: str, name: str, save: bool, timeout: float) -> dict:
    """Run one path in a fresh interpreter; return its stages, peak memory and values."""
    work = SCALE_DIR / f"run_{size}"
    work.mkdir(parents=True, exist_ok=True)
    partitions = {"1M": 8, "10M": 16, "100M": 64}[size]
    header = (f"from pathlib import Path\nWORK = Path({str(work)!r})\nLOG = Path({str(log_path(size))!r})\n"
              f"OBS_END = {OBSERVATION_END!r}\nSAVE = {save!r}\nDRIVER_MEMORY = {SPARK_DRIVER_MEMORY!r}\n"
              f"PARTITIONS = {partitions}\nSPILL_DIR = {str(work / 'store.duckdb.tmp')!r}\n")
    full = header + CHILD_PRELUDE + code
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)}
    load0 = os.getloadavg()
    t0 = time.perf_counter()
    proc = subprocess.run([str(PYTHON), "-c", full], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)
    wall = time.perf_counter() - t0
    record = {"path": name, "size": size, "child_wall_s": wall, "returncode": proc.returncode,
              "load_start": [round(x, 2) for x in load0], "load_end": [round(x, 2) for x in os.getloadavg()],
              "stages": {}}
    for line in proc.stdout.splitlines():
        if _MARK in line:
            value = json.loads(line[line.index(_MARK) + len(_MARK):])
            if "stage" in value:
                record["stages"][value.pop("stage")] = value
            else:
                value.pop("final", None)
                record.update(value)
    if proc.returncode != 0:
        record["error"] = proc.stderr[-6000:]
        print(f"  {name} FAILED (exit {proc.returncode}):\n{textwrap.indent(proc.stderr[-3000:], '    ')}", flush=True)
    return record


# ---------------------------------------------------------------------- driver
def results_path(size: str) -> Path:
    return SCALE_DIR / f"results_{size}.json"


def load_results() -> dict:
    out = {}
    for size in SIZES:
        p = results_path(size)
        if p.exists():
            out[size] = json.loads(p.read_text())
    return out


def run(size: str, paths: list[str]) -> None:
    generate(size)
    saved = load_results().get(size, {"size": size, "paths": {}})
    save = size == "10M"
    codes = {"duckdb": DUCKDB_CODE, "spark": SPARK_CODE, "pandas": PANDAS_CODE}
    for name in paths:
        if name == "pandas":
            estimate = pandas_estimate(size)
            if estimate is not None and estimate > PANDAS_LIMIT_GB:
                saved["paths"]["pandas"] = {"path": "pandas", "size": size, "skipped": True,
                                            "estimated_peak_gb": estimate}
                print(f"  pandas skipped at {size}: estimated peak {estimate:.1f} GB > {PANDAS_LIMIT_GB:.0f} GB",
                      flush=True)
                continue
        print(f"[{time.strftime('%H:%M:%S')}] {size} {name} (load {os.getloadavg()[0]:.2f})", flush=True)
        record = run_child(codes[name], size=size, name=name, save=save, timeout=6 * 3600)
        saved["paths"][name] = record
        for stage_name, s in record["stages"].items():
            print(f"    {stage_name:16s} wall {s['wall_s']:8.2f} s  cpu {s['cpu_s']:8.2f} s  "
                  f"peak {s['peak_gb']:6.2f} GiB  load {s['load']}", flush=True)
        print(f"    child wall {record['child_wall_s']:.1f} s, tree peak {record.get('peak_gb', float('nan')):.2f} GiB",
              flush=True)
        results_path(size).write_text(json.dumps(saved, indent=1))
    if save and all(n in saved["paths"] and not saved["paths"][n].get("error") and not saved["paths"][n].get("skipped")
                    for n in ("pandas", "duckdb", "spark")):
        record = run_child(COMPARE_CODE, size=size, name="compare", save=False, timeout=3600)
        compare = record.get("compare", {"error": record.get("error")})
        p, s = saved["paths"]["pandas"].get("bgnbd", {}), saved["paths"]["spark"].get("bgnbd", {})
        if p and s:
            compare["bgnbd_params"] = {k: {"pandas": p[k], "spark": s[k], "rel_diff": abs(s[k] - p[k]) / abs(p[k])}
                                       for k in p}
            compare["bgnbd_params_pass"] = all(v["rel_diff"] <= 1e-8 for v in compare["bgnbd_params"].values())
        gp, gs = saved["paths"]["pandas"].get("gamma_gamma", {}), saved["paths"]["spark"].get("gamma_gamma", {})
        if gp and gs:
            compare["gamma_gamma_params_max_rel"] = max(abs(gs[k] - gp[k]) / abs(gp[k]) for k in gp)
        saved["compare"] = compare
        print("  compare:", json.dumps(compare, indent=1), flush=True)
    saved["machine"] = machine()
    results_path(size).write_text(json.dumps(saved, indent=1))
    write_report()


def pandas_estimate(size: str) -> float | None:
    """Peak GB of the pandas path at ``size``, extrapolated linearly from the largest smaller size measured."""
    results = load_results()
    order = list(SIZES)
    for smaller in reversed(order[:order.index(size)]):
        rec = results.get(smaller, {}).get("paths", {}).get("pandas")
        if rec and rec.get("peak_gb"):
            return rec["peak_gb"] * SIZES[size] / SIZES[smaller]
    return None


def machine() -> str:
    import psutil
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"{psutil.virtual_memory().total / 2**30:.0f} GiB RAM, Python {platform.python_version()}")


# ---------------------------------------------------------------------- report
STAGE_ORDER = {"duckdb": ["import", "summary"],
               "spark": ["session start", "summary", "fit BG/NBD", "fit Gamma-Gamma", "score"],
               "pandas": ["read", "summary", "fit BG/NBD", "fit Gamma-Gamma", "score"]}


def write_report() -> None:
    results = load_results()
    lines = ["# Scale: DuckDB, Spark and pandas from 1M to 100M transactions", "",
             "Written by `benchmarks/bench_scale.py` (see its docstring for the data and the method).",
             "Every path runs in its own child process; wall and CPU seconds (user + system of the whole process",
             "tree, the Spark JVM included) per stage; peak = the largest summed RSS of the process tree during",
             "the stage (sampled every 0.1 s; GiB = 2^30 bytes), \"path peak\" over the whole child.  load = 1-minute load average",
             "at the start and end of the stage (2 cores, shared with a test run).", ""]
    for size, saved in results.items():
        lines += [f"## {size} rows ({SIZES[size] // PURCHASES_PER_CUSTOMER:,} customers)", "",
                  f"Machine: {saved.get('machine', '?')}", "",
                  "| path | stage | wall s | CPU s | peak GiB | load (start, end) |",
                  "|---|---|---:|---:|---:|---|"]
        for name in ("duckdb", "spark", "pandas"):
            rec = saved["paths"].get(name)
            if rec is None:
                lines.append(f"| {name} | not run | | | | |")
                continue
            if rec.get("note"):
                lines.append(f"| {name} | not measured: {rec['note']} | | | | |")
                continue
            if rec.get("skipped"):
                lines.append(f"| {name} | skipped: estimated peak {rec['estimated_peak_gb']:.1f} GiB "
                             f"> {PANDAS_LIMIT_GB:.0f} GiB | | | | |")
                continue
            for st in STAGE_ORDER[name]:
                s = rec["stages"].get(st)
                if s is None:
                    lines.append(f"| {name} | {st}: did not run{' (failed)' if rec.get('error') else ''} | | | | |")
                    continue
                extra = f" (spilled {s['spill_gb']:.2f} GiB)" if name == "duckdb" and s.get("spill_gb") else ""
                lines.append(f"| {name} | {st}{extra} | {s['wall_s']:.2f} | {s['cpu_s']:.2f} | {s['peak_gb']:.2f} | "
                             f"{s['load'][0]:.2f}, {s['load'][1]:.2f} |")
            spill = f", spill to disk {rec.get('spill_gb', 0):.2f} GiB" if name == "duckdb" else ""
            lines.append(f"| {name} | **whole child** (incl. interpreter start, imports) | {rec['child_wall_s']:.1f} | | "
                         f"**{rec.get('peak_gb', float('nan')):.2f}** | {rec['load_start'][0]:.2f}, "
                         f"{rec['load_end'][0]:.2f}{spill} |")
            if rec.get("error"):
                lines.append(f"| {name} | FAILED (exit {rec['returncode']}): "
                             f"{rec['error'].strip().splitlines()[-1][:200].replace('|', '/')} | | | | |")
        lines.append("")
        comp = saved.get("compare")
        if comp:
            lines += ["Equality at this size (every customer, sorted by id; reference: pandas):", ""]
            for k, d in comp.items():
                if isinstance(d, dict) and "ids_equal" in d:
                    if d["ids_equal"]:
                        lines.append(f"- {k}: same {d['rows'][0]:,} ids; max |diff| frequency "
                                     f"{d['frequency_max_abs']:.3g}, recency {d['recency_max_abs']:.3g}, T "
                                     f"{d['T_max_abs']:.3g}; monetary_value max relative diff "
                                     f"{d['monetary_value_max_rel']:.3g} -> {'PASS' if d['pass'] else 'FAIL'}")
                    else:
                        lines.append(f"- {k}: ids differ (rows {d['rows']}) -> FAIL")
            if "bgnbd_params" in comp:
                parts = ", ".join(f"{k} {v['pandas']:.10g} vs {v['spark']:.10g} (rel {v['rel_diff']:.2g})"
                                  for k, v in comp["bgnbd_params"].items())
                lines.append(f"- BG/NBD parameters pandas vs Spark fit: {parts} -> "
                             f"{'PASS' if comp['bgnbd_params_pass'] else 'FAIL'} (rtol 1e-8)")
            if "gamma_gamma_params_max_rel" in comp:
                lines.append(f"- Gamma-Gamma parameters pandas vs Spark fit: max relative diff "
                             f"{comp['gamma_gamma_params_max_rel']:.2g}")
            lines.append("")
    lines += growth_table(results)
    RESULTS.write_text("\n".join(lines) + "\n")
    print(f"wrote {RESULTS}", flush=True)


def _metric(results, size, name, stage=None):
    rec = results.get(size, {}).get("paths", {}).get(name)
    if not rec or rec.get("skipped") or rec.get("error") or rec.get("note"):
        return None
    if stage is None:
        return rec.get("peak_gb")
    s = rec["stages"].get(stage)
    return s and s["wall_s"]


def growth_table(results) -> list[str]:
    rows = [("duckdb import wall", "duckdb", "import"), ("duckdb summary wall", "duckdb", "summary"),
            ("duckdb path peak GiB", "duckdb", None),
            ("spark summary wall", "spark", "summary"), ("spark fit BG/NBD wall", "spark", "fit BG/NBD"),
            ("spark fit Gamma-Gamma wall", "spark", "fit Gamma-Gamma"), ("spark score wall", "spark", "score"),
            ("spark path peak GiB", "spark", None),
            ("pandas read wall", "pandas", "read"), ("pandas summary wall", "pandas", "summary"),
            ("pandas fit BG/NBD wall", "pandas", "fit BG/NBD"), ("pandas score wall", "pandas", "score"),
            ("pandas path peak GiB", "pandas", None)]
    out = ["## Growth factors", "", "Ratio of each number to the one at the previous size (data grows 10x per step).",
           "", "| quantity | 1M | 10M | 100M | 1M→10M | 10M→100M |", "|---|---:|---:|---:|---:|---:|"]
    for label, name, stage in rows:
        v = [_metric(results, s, name, stage) for s in SIZES]
        fmt = lambda x: "—" if x is None else f"{x:.2f}"          # noqa: E731
        ratio = lambda a, b: "—" if a is None or b is None or a == 0 else f"{b / a:.1f}x"   # noqa: E731
        out.append(f"| {label} | {fmt(v[0])} | {fmt(v[1])} | {fmt(v[2])} | {ratio(v[0], v[1])} | {ratio(v[1], v[2])} |")
    out += ["", "Ratios between paths at each size (wall time of the summary; Spark includes writing it to Parquet):",
            "", "| size | spark / duckdb summary | pandas / duckdb summary | spark / pandas summary |"
            " spark / pandas score |", "|---|---:|---:|---:|---:|"]
    for s in SIZES:
        d, sp, p = (_metric(results, s, n, "summary") for n in ("duckdb", "spark", "pandas"))
        ss, ps = _metric(results, s, "spark", "score"), _metric(results, s, "pandas", "score")
        r = lambda a, b: "—" if a is None or b is None else f"{a / b:.1f}"   # noqa: E731
        if any(x is not None for x in (d, sp, p)):
            out.append(f"| {s} | {r(sp, d)} | {r(p, d)} | {r(sp, p)} | {r(ss, ps)} |")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", choices=list(SIZES), action="append", help="size(s) to run (repeatable)")
    parser.add_argument("--only", nargs="+", choices=["duckdb", "spark", "pandas"], default=["pandas", "duckdb", "spark"])
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--report", action="store_true", help="only rewrite results_scale.md from saved JSON")
    args = parser.parse_args()
    if args.report:
        write_report()
        return
    for size in args.rows or ["1M"]:
        if args.generate_only:
            generate(size)
        else:
            run(size, args.only)


if __name__ == "__main__":
    main()
