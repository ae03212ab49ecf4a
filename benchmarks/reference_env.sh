#!/usr/bin/env bash
# Create (idempotently) the reference environment the benchmarks compare against:
#   /work/main/.venv-bench  (git-ignored via .venv-*/), override with BENCH_VENV=/some/path
# with lifetimes 0.11.3 and a pandas/numpy/scipy combination under which it works.
#
# lifetimes 0.11.3 (2020) is not a dependency of crm_analysis; it is only the yardstick.
# It breaks on pandas 2.x, so the set below is pinned: pandas 1.5.3 / numpy 1.26.4 /
# scipy 1.11.4 (the last releases of each line with Python 3.11 wheels that lifetimes
# still runs on) and pyarrow 15.0.2 (newer pyarrow needs NumPy 2) for reading Parquet.
# The check at the end fits BetaGeoFitter and ParetoNBDFitter on lifetimes' bundled
# CDNOW summary (published BG/NBD r=0.243 alpha=4.414 a=0.793 b=2.426, Fader, Hardie &
# Lee 2005) and runs summary_data_from_transaction_data; the script fails if they do.
#
# Usage: bash benchmarks/reference_env.sh      (prints the interpreter path and versions)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${BENCH_VENV:-$ROOT/.venv-bench}"
PYTHON="${PYTHON311:-python3.11}"
PINS=(
  "lifetimes==0.11.3"
  "pandas==1.5.3"
  "numpy==1.26.4"
  "scipy==1.11.4"
  "autograd==1.9.1"
  "dill==0.4.1"
  "pyarrow==15.0.2"
)

if [ ! -x "$VENV/bin/python" ]; then
  echo "creating $VENV with $($PYTHON --version 2>&1)"
  "$PYTHON" -m venv "$VENV"
fi

# pip only downloads when a pin is not yet satisfied, so a second run is quick.
if ! "$VENV/bin/python" - "${PINS[@]}" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
for pin in sys.argv[1:]:
    name, wanted = pin.split("==")
    if version(name) != wanted:
        sys.exit(1)
PY
then
  echo "installing ${PINS[*]}"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${PINS[@]}" 2>&1 \
    | grep -v "is ignored: it is neither a file nor a directory" || true
fi

"$VENV/bin/python" - <<'PY'
import warnings

warnings.simplefilter("ignore")
import lifetimes, numpy, pandas, pyarrow, scipy
from lifetimes import BetaGeoFitter, ParetoNBDFitter
from lifetimes.datasets import load_cdnow_summary, load_transaction_data
from lifetimes.utils import summary_data_from_transaction_data

cdnow = load_cdnow_summary(index_col=[0])
bg = BetaGeoFitter().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
assert all(abs(bg.params_[k] - v) < 0.002 for k, v in published.items()), bg.params_
pareto = ParetoNBDFitter().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
assert abs(pareto.params_["r"] - 0.55) < 0.01, pareto.params_
summary = summary_data_from_transaction_data(load_transaction_data(), "id", "date",
                                             observation_period_end="2014-12-31")
assert len(summary) == 5000 and set(summary.columns) == {"frequency", "recency", "T"}
import sys
print("reference environment ready:", sys.executable)
print(f"  python {sys.version.split()[0]}  lifetimes {lifetimes.__version__}  pandas {pandas.__version__}  "
      f"numpy {numpy.__version__}  scipy {scipy.__version__}  pyarrow {pyarrow.__version__}")
print("  check: BG/NBD on CDNOW", {k: round(float(v), 3) for k, v in bg.params_.items()},
      "| Pareto/NBD", {k: round(float(v), 3) for k, v in pareto.params_.items()})
PY
