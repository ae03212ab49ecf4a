"""Shared test fixtures.  Figures render off-screen; paths come from this file."""
import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import pytest  # noqa: E402

TESTS_DIR = Path(__file__).resolve().parent
RESULTS_DIR = TESTS_DIR / "results"
SHARED_DATA_DIR = TESTS_DIR.parent.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
