"""One local Spark session for every Spark test (starting Spark costs about 10 s).

The tests skip with the reason where PySpark or Java is missing, except where
``CRM_REQUIRE_SPARK=1`` (set by ``.ci/run``): there a missing Spark fails the run,
so CI never passes by skipping them.
"""
import os
import shutil
import sys

import pytest


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


def pytest_collection_modifyitems(items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.spark)
