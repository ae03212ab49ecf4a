"""What drives churn, and why one customer is at risk: one effect measure for both.

A driver table and a contact list that explain risk in two different ways
contradict each other (a list saying "high charges raise this customer's risk"
beside a table whose high-charge group churns least).  Here both come from one
source, the occlusion effects of a fitted classifier
(:meth:`~crm_analysis.churn.ChurnClassifier.explain`):

.. math:: e_{ij} = p(x_i) - p(x_i \\text{ with column } j \\text{ set to its typical value})

in probability units (shown as percentage points).  From the effects of all
customers, :func:`churn_drivers` computes

* the **importance** of each column: the mean of :math:`|e_{ij}|` over customers;
* per **group** of each column (a level of a category, or an equal-count band
  of a number, by default quartiles): the customers, the *mean signed effect*
  (does this group's value raise or lower risk compared with a typical customer,
  other characteristics held at the customer's own values?) and the *observed*
  churn rate (which also reflects everything that goes with the group).

:meth:`ChurnDrivers.reasons` then names, for one customer, the columns among
the shown drivers whose effect raises *this* customer's risk *and* whose group
raises risk on average, largest own effect first; so every stated reason is a
row of the driver table with the same sign.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError
from ..validation import offending_rows
from .labels import align_to, churn_labels

__all__ = ["ChurnDrivers", "churn_drivers", "feature_groups"]


def feature_groups(values: pd.Series, n_bands: int = 4) -> tuple[pd.Series, pd.DataFrame]:
    """Groups of one column: ``(group id per customer, one row per group)``.

    A numeric column with more than two distinct values is cut into
    ``n_bands`` equal-count bands (fewer when values repeat), each described by
    its smallest and largest value (``low``, ``high``); any other column by its
    levels (``level``).  Missing values form their own group (``missing=True``).
    Group ids run 0, 1, ... in the order of the levels / bands.
    """
    known = values.notna()
    rows = []
    ids = pd.Series(-1, index=values.index, dtype=int)
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values) \
            and values[known].nunique() > 2:
        bands = pd.qcut(values[known], n_bands, duplicates="drop", labels=False)
        for g, band in enumerate(sorted(bands.unique())):
            inside = bands.index[bands == band]
            ids[inside] = g
            rows.append({"level": None, "low": float(values[inside].min()), "high": float(values[inside].max()),
                         "missing": False})
    else:
        for g, level in enumerate(sorted(values[known].unique(), key=lambda v: (str(type(v)), v))):
            ids[known & (values == level)] = g
            rows.append({"level": level, "low": np.nan, "high": np.nan, "missing": False})
    if (~known).any():
        ids[~known] = len(rows)
        rows.append({"level": None, "low": np.nan, "high": np.nan, "missing": True})
    return ids, pd.DataFrame(rows).rename_axis("group")


@dataclass(frozen=True)
class ChurnDrivers:
    """Result of :func:`churn_drivers`.

    ``effects``: customers x columns, probability units.  ``importance``:
    percentage points per column (mean absolute effect), largest first, the
    first ``top`` columns (the drivers a report shows).  ``groups``: one row per
    (``column``, ``group``) of those columns with ``level`` / ``low`` / ``high``
    / ``missing`` (what the group is), ``customers``, ``mean_effect``
    (percentage points, signed) and ``churn_rate`` (observed, 0-1), groups
    ordered by mean effect (highest first) within a column.  ``assignment``:
    customers x columns, the group id of each customer.
    """

    effects: pd.DataFrame
    importance: pd.Series
    groups: pd.DataFrame
    assignment: pd.DataFrame

    @property
    def columns(self) -> list:
        return list(self.importance.index)

    def group_effect(self, column, group: int) -> float:
        """Mean effect (percentage points) of one group of a shown driver."""
        return float(self.groups.loc[(column, group), "mean_effect"])

    def reasons(self, customers, n: int = 2) -> pd.Series:
        """Per customer, up to ``n`` reasons: ``[(column, group id, own effect in points), ...]``.

        A reason is a shown driver (``importance``) whose effect raises this
        customer's risk (own effect > 0.5 points, so that it rounds to at least
        +1) and whose group raises risk on average (mean effect > 0); largest own
        effect first.  An empty list: no shown driver raises this customer's
        risk above a typical customer's.
        """
        customers = pd.Index(customers)
        unknown = ~customers.isin(self.effects.index)
        if unknown.any():
            raise CRMDataError(f"no effects for customers {offending_rows(unknown, customers)}: explain the same "
                               "customers the drivers were computed on")
        out = {}
        for customer in customers:
            own = 100 * self.effects.loc[customer, self.columns]
            found = []
            for column, effect in own.sort_values(ascending=False).items():
                if effect <= 0.5 or len(found) == n:
                    break
                group = int(self.assignment.loc[customer, column])
                if self.group_effect(column, group) > 0:
                    found.append((column, group, float(effect)))
            out[customer] = found
        return pd.Series(out, dtype=object).reindex(customers)


def churn_drivers(classifier, X: pd.DataFrame, y, *, top: int = 6, n_bands: int = 4,
                  effects: pd.DataFrame | None = None) -> ChurnDrivers:
    """The ``top`` churn drivers of a fitted classifier on customers ``X`` with labels ``y``.

    ``effects`` may be passed when already computed (``classifier.explain(X)``);
    a Series ``y`` and ``effects`` are paired with ``X`` by customer id.  See
    the module docstring for the definitions.  Hand check: two customers per
    level of ``contract`` with effects +0.1, +0.1 (month-to-month) and -0.3, -0.3
    (two year) give importance 20 points and group effects +10 / -30.
    """
    y01, _ = churn_labels(align_to(y, X, name="y", reference_name="X"))
    if effects is None:
        effects = classifier.explain(X)
    effects = align_to(effects, X, name="effects", reference_name="X")
    importance = (100 * effects.abs().mean()).sort_values(ascending=False, kind="stable").head(top)
    rows, assignment = [], {}
    for column in importance.index:
        ids, groups = feature_groups(X[column], n_bands)
        assignment[column] = ids
        own = 100 * effects[column]
        for g, group in groups.iterrows():
            inside = (ids == g).to_numpy()
            rows.append({"column": column, "group": int(g), **group.to_dict(), "customers": int(inside.sum()),
                         "mean_effect": float(own[inside].mean()), "churn_rate": float(y01[inside].mean())})
    table = pd.DataFrame(rows)
    order = {c: i for i, c in enumerate(importance.index)}
    table = (table.assign(_driver=table["column"].map(order))
             .sort_values(["_driver", "mean_effect"], ascending=[True, False], kind="stable")
             .drop(columns="_driver").set_index(["column", "group"]))
    return ChurnDrivers(effects=effects, importance=importance.rename("importance"), groups=table,
                        assignment=pd.DataFrame(assignment, index=X.index))
