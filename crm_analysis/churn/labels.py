"""Churn labels: turn a user's churn column into 0/1, and pair labels with the right customers.

**Spellings.**  Churn tables come in many spellings.  The churn ("positive")
class is the one label among exactly two that reads as *churned*: ``1``,
``True``, or one of the words in :data:`CHURN_WORDS` in any case.  The other
label must read as *stayed*: ``0``, ``False`` or one of :data:`STAY_WORDS`.
Anything else (a third value, ``"maybe"``, ``"unknown"``, a gap) is an error
that lists the labels found and the rows that hold them, so the user recodes
instead of silently fitting the wrong class.  Missing labels are never dropped.

**Pairing.**  Labels are paired with the customers of ``X`` *by customer id*
whenever both carry one: when ``y`` (or a score) is a pandas Series and ``X`` a
DataFrame (or Series), ``y`` is reindexed to ``X``'s index, so a label file
sorted differently from the customer table still pairs each customer with their
own label.  Indexes that do not hold the same labels (a customer without a
label, a label without a customer, ``123`` against ``"123"``), duplicated index
labels, or different lengths are a :class:`~crm_analysis.exceptions.CRMDataError`
naming examples.  Without an index (a NumPy array or a list) values pair by
position and the lengths must match.  See :func:`align_to`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError
from ..validation import offending_rows

__all__ = ["CHURN_WORDS", "STAY_WORDS", "churn_labels", "align_to", "has_index"]

#: spellings (compared in lower case, stripped) that mark the churn class
CHURN_WORDS = ("1", "1.0", "yes", "y", "true", "churn", "churned", "是", "流失", "已流失")
#: spellings (compared in lower case, stripped) that mark the customers who stayed
STAY_WORDS = ("0", "0.0", "no", "n", "false", "stay", "stayed", "active", "retained", "current", "no churn",
              "not churned", "否", "未流失", "留存", "在网")
#: how many example labels an alignment error lists
N_EXAMPLES = 5


def _reads_as(label, numeric_value: float, words) -> bool:
    if isinstance(label, (bool, np.bool_)):
        return bool(label) == bool(numeric_value)
    if isinstance(label, (int, float, np.integer, np.floating)):
        return float(label) == numeric_value
    return str(label).strip().lower() in words


def _is_churn_label(label) -> bool:
    return _reads_as(label, 1.0, CHURN_WORDS)


def _is_stay_label(label) -> bool:
    return _reads_as(label, 0.0, STAY_WORDS)


def _as_label_series(y, name: str) -> pd.Series:
    if isinstance(y, pd.DataFrame):
        if y.shape[1] != 1:
            raise CRMDataError(f"{name} (the churn labels) must be one column, got a table with columns "
                               f"{list(y.columns)}")
        return y.iloc[:, 0]
    if isinstance(y, pd.Series):
        return y
    array = y if isinstance(y, np.ndarray) else np.asarray(y, dtype=object)
    if array.ndim > 1 and sum(d > 1 for d in array.shape) > 1:
        raise CRMDataError(f"{name} (the churn labels) must be one column, got an array of shape {array.shape}")
    return pd.Series(array.ravel())


def churn_labels(y, *, name: str = "y") -> tuple[np.ndarray, np.ndarray]:
    """Encode ``y`` as 0/1 and return ``(y01, classes)`` with ``classes = [stay_label, churn_label]``.

    Parameters
    ----------
    y : Series, array-like or one-column DataFrame
        Churn labels: 0/1, bool, or text such as ``"Yes"``/``"No"``,
        ``"churned"``/``"active"`` (see :data:`CHURN_WORDS`, :data:`STAY_WORDS`).
    name : str
        How messages call ``y``.

    Raises
    ------
    CRMDataError
        When ``y`` has missing values (the rows are named: they are never
        dropped), a single class, more than two labels (the rows holding the
        labels beyond the two most frequent are named), two labels of which
        none (or both) reads as churn, or a second label that does not read as
        staying (e.g. ``"maybe"``; its rows are named).  Recode the labels to
        0/1 to resolve any of these.
    """
    series = _as_label_series(y, name)
    missing = series.isna()
    if missing.any():
        raise CRMDataError(f"{name} (the churn labels) has missing values in {offending_rows(missing, series.index)}: "
                           "a customer without a label is neither churner nor stayer; label or drop those rows")
    counts = series.value_counts(sort=True)
    labels = list(counts.index)
    if len(labels) < 2:
        raise CRMDataError(
            f"{name} holds a single class {labels}: a churn model needs both churners and non-churners"
        )
    if len(labels) > 2:
        extra = series.isin(labels[2:])
        raise CRMDataError(
            f"{name} must hold two classes (churn / no churn) but has {len(labels)}: {labels[:10]}; the labels "
            f"beyond the two most frequent ({labels[2:7]}) are in {offending_rows(extra, series.index)}; recode "
            "them to 0/1 (or drop those rows) before modelling")
    is_churn = [_is_churn_label(label) for label in labels]
    if sum(is_churn) != 1:
        raise CRMDataError(
            f"cannot tell which label of {name} means churn: labels are {labels}; use 0/1, True/False or one "
            f"of {list(CHURN_WORDS[2:])} (any case) for the churn class"
        )
    churn = labels[is_churn.index(True)]
    stay = labels[is_churn.index(False)]
    if not _is_stay_label(stay):
        rows = series == stay
        raise CRMDataError(
            f"label {stay!r} of {name} reads neither as churn nor as staying (labels are {labels}), in "
            f"{offending_rows(rows, series.index)}; use 0/1, True/False or one of {list(STAY_WORDS[2:])} "
            "(any case) for the customers who stayed")
    y01 = (series == churn).to_numpy().astype(int)
    return y01, np.array([stay, churn], dtype=object if isinstance(churn, str) else None)


# --------------------------------------------------------------------------- pairing by customer id
def has_index(values) -> bool:
    """True for pandas objects (their index is a customer id), False for arrays and lists (pair by position)."""
    return isinstance(values, (pd.Series, pd.DataFrame))


def _examples(labels) -> str:
    labels = list(labels)
    shown = [repr(label) if isinstance(label, str) else label for label in labels[:N_EXAMPLES]]
    more = f" (first {N_EXAMPLES} of {len(labels)})" if len(labels) > N_EXAMPLES else f" ({len(labels)} in total)"
    return f"[{', '.join(map(str, shown))}]{more}"


def align_to(values, reference, *, name: str = "y", reference_name: str = "X"):
    """Pair ``values`` (labels, scores) with the rows of ``reference``: by index when both have one.

    Rule
    ----
    * ``values`` and ``reference`` both pandas objects (Series or DataFrame):
      identical indexes are returned as they are; otherwise, when the two
      indexes hold the same labels in another order, ``values`` is reindexed to
      ``reference.index`` (each customer gets their own label).
    * Either one without an index (NumPy array, list): pairing is by position
      and the lengths must match; ``values`` is returned unchanged.

    Raises
    ------
    CRMDataError
        When the indexes hold different labels (examples of both kinds of
        unmatched labels are named, with their types visible: ``123`` is not
        ``'123'``), when an index has duplicated labels and the two orders
        differ (the pairing would be ambiguous), or when the lengths differ.
        Pass ``values.to_numpy()`` to pair by position on purpose.
    """
    n_ref, n_own = len(reference), len(values)
    size = f"{reference_name} has {n_ref} rows but {name} has {n_own} values"
    if not (has_index(values) and has_index(reference)):
        if n_ref != n_own:
            raise CRMDataError(f"{size}: they must describe the same customers")
        return values
    ref_index, own_index = reference.index, values.index
    if own_index.equals(ref_index):
        return values
    for index, which in ((ref_index, reference_name), (own_index, name)):
        duplicated = index[index.duplicated()].unique()
        if len(duplicated):
            raise CRMDataError(
                f"cannot pair {name} with the rows of {reference_name} by customer id: the index of {which} "
                f"repeats the labels {_examples(duplicated)} and the two indexes are in different orders; make the "
                f"index unique, or pass {name}.to_numpy() to pair by position")
    unlabelled = ref_index[~ref_index.isin(own_index)]
    unknown = own_index[~own_index.isin(ref_index)]
    if len(unlabelled) or len(unknown) or n_ref != n_own:
        parts = []
        if len(unlabelled):
            parts.append(f"customers of {reference_name} without an entry in {name}: {_examples(unlabelled)}")
        if len(unknown):
            parts.append(f"entries of {name} for customers not in {reference_name}: {_examples(unknown)}")
        raise CRMDataError(
            f"{size + '; they' if n_ref != n_own else f'{name} and {reference_name}'} must describe the same "
            f"customers: {name} is paired with {reference_name} by index (customer id) and the indexes do not hold "
            f"the same labels; {'; '.join(parts)}. Give both the same customer index, or pass {name}.to_numpy() to "
            "pair by position")
    return values.reindex(ref_index)
