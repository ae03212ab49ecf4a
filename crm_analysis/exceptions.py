"""Exceptions and warnings raised by crm_analysis.

``CRMDataError`` is a ``ValueError`` so that code written against plain
pandas/scikit-learn error handling keeps working.  Its message always names the
column (or construct) at fault and the first offending rows.
"""


class CRMDataError(ValueError):
    """Bad input data: a missing column, an unparseable value, an impossible combination."""


class ConvergenceError(RuntimeError):
    """An optimiser failed; the message carries the optimiser's own explanation."""


class ConvergenceWarning(UserWarning):
    """A fit finished but looks borderline (boundary estimate, flat likelihood, ...)."""


class DataExclusionWarning(UserWarning):
    """Rows were excluded from an analysis; the message says which and how many."""
