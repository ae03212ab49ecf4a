"""Turn a user's churn column (0/1, bool, "Yes"/"No", "churned"/...) into 0/1 with a named churn class.

Churn tables come in many spellings.  The churn ("positive") class is the one
label among exactly two that reads as *churned*: ``1``, ``True``, or one of the
words in :data:`CHURN_WORDS` in any case.  Anything else is an error that lists
the labels found, so the user can recode instead of silently fitting the wrong
class.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError
from ..validation import offending_rows

#: spellings (compared in lower case, stripped) that mark the churn class
CHURN_WORDS = ("1", "1.0", "yes", "y", "true", "churn", "churned")


def _is_churn_label(label) -> bool:
    if isinstance(label, (bool, np.bool_)):
        return bool(label)
    if isinstance(label, (int, float, np.integer, np.floating)):
        return float(label) == 1.0
    return str(label).strip().lower() in CHURN_WORDS


def churn_labels(y, *, name: str = "y") -> tuple[np.ndarray, np.ndarray]:
    """Encode ``y`` as 0/1 and return ``(y01, classes)`` with ``classes = [stay_label, churn_label]``.

    Raises
    ------
    CRMDataError
        When ``y`` has missing values, a single class, more than two labels, or
        two labels of which none (or both) reads as churn.
    """
    series = y if isinstance(y, pd.Series) else pd.Series(np.asarray(y).ravel())
    missing = series.isna()
    if missing.any():
        raise CRMDataError(f"{name} (the churn labels) has missing values in {offending_rows(missing, series.index)}")
    labels = list(pd.unique(series))
    if len(labels) < 2:
        raise CRMDataError(
            f"{name} holds a single class {labels}: a churn model needs both churners and non-churners"
        )
    if len(labels) > 2:
        raise CRMDataError(f"{name} must hold two classes (churn / no churn) but has {len(labels)}: {labels[:10]}")
    is_churn = [_is_churn_label(label) for label in labels]
    if sum(is_churn) != 1:
        raise CRMDataError(
            f"cannot tell which label of {name} means churn: labels are {labels}; use 0/1, True/False or one "
            f"of {list(CHURN_WORDS[2:])} (any case) for the churn class"
        )
    churn = labels[is_churn.index(True)]
    stay = labels[is_churn.index(False)]
    y01 = (series == churn).to_numpy().astype(int)
    return y01, np.array([stay, churn], dtype=object if isinstance(churn, str) else None)
