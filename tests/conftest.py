"""Shared test fixtures.  Figures render off-screen; paths come from this file."""
import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import pytest  # noqa: E402

TESTS_DIR = Path(__file__).resolve().parent
RESULTS_DIR = TESTS_DIR / "results"
SHARED_DATA_DIR = TESTS_DIR.parent.parent / "shared" / "data"


def published_rows(file_name: str, model: str, data: str) -> dict:
    """Rows ``parameter -> (published value, tolerance)`` of a reference table in tests/results/ for one model and data set.

    The table has the columns ``| model | data | parameter | value | tolerance |``.
    """
    rows = {}
    for line in (RESULTS_DIR / file_name).read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[1] == model and cells[2] == data:
            rows[cells[3]] = (float(cells[4]), float(cells[5]))
    assert rows, f"no published rows for {model} / {data} in {file_name}"
    return rows


def small_churn_table(n: int = 200, seed: int = 0, *, padded_ids: bool = False, cents: bool = False):
    """A simulated customer table ``X`` (tenure, plan, charges; indexed by text customer id) and Yes/No labels ``y``.

    logit P(churn) = 1 - 0.06 tenure + 0.02 charges + 0.8 [plan = basic].  ``padded_ids`` gives ids such as
    ``c007`` instead of ``c7``; ``cents`` rounds the charges to two decimals, as a real export would.
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    X = pd.DataFrame({
        "tenure": rng.integers(1, 60, n).astype(float),
        "plan": rng.choice(["basic", "plus", "pro"], n),
        "charges": np.round(rng.uniform(10, 100, n), 2) if cents else rng.uniform(10, 100, n),
    }, index=pd.Index([f"c{i:03d}" if padded_ids else f"c{i}" for i in range(n)], name="customer_id"))
    logit = 1.0 - 0.06 * X["tenure"] + 0.02 * X["charges"] + (X["plan"] == "basic") * 0.8
    y = pd.Series(rng.uniform(size=n) < 1 / (1 + np.exp(-logit)), index=X.index).map({True: "Yes", False: "No"})
    return X, y


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


# ---------------------------------------------------------------------- Spark (tests/spark)
# One local Spark session for every Spark test (starting Spark costs about 10 s).  The tests skip with the
# reason where PySpark or Java is missing, except where CRM_REQUIRE_SPARK=1 (set by .ci/run): there a
# missing Spark fails the run, so CI never passes by skipping them.  (Here, not in tests/spark/conftest.py:
# test modules import this file as `conftest`, and a second conftest module would shadow it.)
def _missing_spark() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return 'PySpark is not installed (pip install "crm_analysis[spark]")'
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        return "Java (17 or newer) is not installed: Spark runs on the JVM"
    return None


@pytest.fixture(scope="session")
def spark():
    reason = _missing_spark()
    if reason:
        if os.environ.get("CRM_REQUIRE_SPARK") == "1":
            pytest.fail(f"CRM_REQUIRE_SPARK=1 but {reason}")
        pytest.skip(reason)
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable        # the executors run this Python, where crm_analysis is
    session = (SparkSession.builder.master("local[2]").appName("crm_analysis tests")
               # a zone with daylight saving: durations must be measured on the wall clock
               .config("spark.sql.session.timeZone", "Europe/Berlin")
               .config("spark.sql.shuffle.partitions", "4")
               .config("spark.default.parallelism", "2")
               .config("spark.ui.enabled", "false")
               .config("spark.driver.memory", "2g")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
