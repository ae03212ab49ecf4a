#!/usr/bin/env bash
# Create (idempotently) the reference environment the benchmarks compare against:
#   /work/main/.venv-bench  (git-ignored via .venv-*/), override with BENCH_VENV=/some/path
# with lifetimes 0.11.3 and exactly the packages `pip install lifetimes` gives today.
#
# lifetimes 0.11.3 (2020, archived) is not a dependency of crm_analysis; it is only the
# yardstick, so it should run the way a user who types `pip install lifetimes` runs it.
# lifetimes declares only lower bounds (numpy>=1.10, scipy>=1.0, pandas>=0.24, autograd>=1.2,
# dill>=0.2.6), so in a fresh Python 3.11 venv pip resolves (checked 2026-12-01 with
# `pip install --isolated --dry-run --report - lifetimes pyarrow`, PyPI only):
#   lifetimes 0.11.3, pandas 3.1.1, numpy 2.4.6, scipy 1.17.1, autograd 1.9.1, dill 0.4.1,
#   python-dateutil 4.0.0, tzdata 2026.6  (+ pyarrow 26.0.1, the newest, to read Parquet).
# That newest set works: the check below (BG/NBD and Pareto/NBD on CDNOW, and
# summary_data_from_transaction_data with and without amounts on a hand-computed log) passes
# on it, so it is pinned as is; nothing is held back.  (The earlier reference pinned
# pandas 1.5.3 / numpy 1.26.4 in the belief that lifetimes breaks on pandas 2; it does not.
# Its CPU time for the 10M-row RFM summary is the same on pandas 1.5.3, 2.3.3 and 3.1.1, 25-27 s.)
# The pins keep the yardstick fixed once measured; to re-check what pip gives on a later day,
# run the dry run above and update PINS and the header.
# Variant for comparison: LIFETIMES_PANDAS=2.3.3 BENCH_VENV=.venv-bench-pandas2 bash ... pins
# that pandas instead (the last 2.x), everything else unchanged.
#
# The check at the end fits BetaGeoFitter and ParetoNBDFitter on lifetimes' bundled CDNOW
# summary (published BG/NBD r=0.243 alpha=4.414 a=0.793 b=2.426, Fader, Hardie & Lee 2005)
# and runs summary_data_from_transaction_data; the script fails if they do.
#
# Usage: bash benchmarks/reference_env.sh      (prints the interpreter path and versions)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${BENCH_VENV:-$ROOT/.venv-bench}"
PYTHON="${PYTHON311:-python3.11}"
PINS=(
  "lifetimes==0.11.3"
  "pandas==${LIFETIMES_PANDAS:-3.1.1}"
  "numpy==2.4.6"
  "scipy==1.17.1"
  "autograd==1.9.1"
  "dill==0.4.1"
  "python-dateutil==4.0.0"
  "tzdata==2026.6"
  "pyarrow==26.0.1"
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
# the call the RFM benchmark times (daily periods, amounts), on a log small enough to check by hand:
# customer 1 buys on 1 Jan (10), twice on 3 Jan (5 + 7) and on 9 Jan (4): 2 repeat days with
# totals 12 and 4, so frequency 2, recency 8, T 9 (end 10 Jan), monetary value 8; customer 2
# buys once (2 Jan, 3): frequency 0, recency 0, T 8, monetary value 0.
log = pandas.DataFrame({"customer_id": [1, 1, 1, 1, 2],
                        "date": pandas.to_datetime(["2024-01-01 09:00", "2024-01-03 10:00", "2024-01-03 18:00",
                                                    "2024-01-09 12:00", "2024-01-02 08:00"]),
                        "amount": [10.0, 5.0, 7.0, 4.0, 3.0]})
small = summary_data_from_transaction_data(log, "customer_id", "date", monetary_value_col="amount",
                                           observation_period_end="2024-01-10", freq="D")
expected = {1: [2, 8, 9, 8.0], 2: [0, 0, 8, 0.0]}
assert {k: list(v) for k, v in small[["frequency", "recency", "T", "monetary_value"]].iterrows()} == expected, small
import sys
print("reference environment ready:", sys.executable)
print(f"  python {sys.version.split()[0]}  lifetimes {lifetimes.__version__}  pandas {pandas.__version__}  "
      f"numpy {numpy.__version__}  scipy {scipy.__version__}  pyarrow {pyarrow.__version__}")
print("  check: BG/NBD on CDNOW", {k: round(float(v), 3) for k, v in bg.params_.items()},
      "| Pareto/NBD", {k: round(float(v), 3) for k, v in pareto.params_.items()})
PY
