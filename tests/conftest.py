"""Shared test fixtures.  Figures render off-screen; paths come from this file."""
import os
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


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
