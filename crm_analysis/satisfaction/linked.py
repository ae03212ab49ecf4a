"""Satisfaction on the linked customer base: per-customer indices, satisfaction x value, value-weighted drivers.

A survey answered by a sample of the customers becomes a *customer* attribute
once its answers are linked to the customer database by ``customer_id``:

* :func:`customer_scores` turns the answers into one 0-100 index per construct
  and customer (the latest response of a customer who answered more than once);
* :func:`satisfaction_value_matrix` crosses that index with the customer's value
  to the firm (profit, revenue, CLV: any amount per customer) and finds the
  valuable-and-dissatisfied customers first (claim C6: satisfaction is not
  profitability; "a Swedish bank: 80 % very satisfied but unprofitable, 20 %
  brought over 100 % of profit yet were dissatisfied" -- segment first, then
  satisfy the valuable customers);
* :func:`value_weighted_importance` asks which drivers matter *in money*: the
  ordinary standardised regression importance counts every respondent once,
  the value-weighted one counts each in proportion to their value.

Ids are text and are never normalised: ``"007"`` and ``"7"`` are different
customers.  Customers found on one side of a join only are counted in a
:class:`~crm_analysis.exceptions.DataExclusionWarning` (which says so when the
unmatched ids differ only in leading zeros, the mark of an id column read as
numbers somewhere) and in the result's ``attrs``.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError, DataExclusionWarning
from ..plotting import PALETTE, finish, get_ax
from ..validation import caller_stacklevel, check_columns, offending_rows, survey_items, to_numeric_column
from .importance import derived_importance

__all__ = ["customer_scores", "satisfaction_value_matrix", "SatisfactionValueMatrix", "value_weighted_importance",
           "plot_satisfaction_value", "plot_value_weighted_importance", "VALUE_QUADRANTS", "INDEX_MIDPOINT",
           "customer_ids", "join_customers"]

#: the quadrants of :func:`satisfaction_value_matrix`, most urgent first
VALUE_QUADRANTS = ["valuable and dissatisfied", "valuable and satisfied", "other and dissatisfied",
                   "other and satisfied"]
#: the middle of the 0-100 index: the default line between dissatisfied and satisfied (see satisfaction_value_matrix)
INDEX_MIDPOINT = 50.0
#: the scale of the indices :func:`customer_scores` returns
INDEX_SCALE = (0.0, 100.0)
CUSTOMER_ID = "customer_id"


# --------------------------------------------------------------------------- ids and joins
def customer_ids(values, *, name: str = "table", column: str = CUSTOMER_ID) -> pd.Series:
    """Customer ids as text, never normalised: ``"007"`` stays ``"007"`` (it is not customer ``"7"``).

    Text is kept as it is (surrounding spaces stripped); whole numbers stored
    as numbers (7, 7.0) become ``"7"``.  A missing id is a
    :class:`CRMDataError` naming the rows (a row without an id cannot be linked).
    """
    raw = pd.Series(values)
    missing = raw.isna()
    if missing.any():
        raise CRMDataError(f"column '{column}' of {name} has missing customer ids in "
                           f"{offending_rows(missing, raw.index)}")
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        numbers = raw.astype(float)
        fractional = numbers != np.round(numbers)
        if fractional.any():
            raise CRMDataError(f"column '{column}' of {name} holds ids that are not whole numbers in "
                               f"{offending_rows(fractional, raw.index)}; ids are text, read them as text")
        return pd.Series(np.round(numbers).astype("int64").astype(str), index=raw.index, name=column)
    return raw.astype(str).str.strip().rename(column)


def _by_customer(table, *, name: str, column: str = CUSTOMER_ID) -> pd.DataFrame:
    """A copy of ``table`` indexed by text ``customer_id`` (from the column, else from an index of that name)."""
    if isinstance(table, pd.Series):
        frame = table.to_frame(table.name if table.name is not None else "value")
    elif isinstance(table, pd.DataFrame):
        frame = table
    else:
        raise CRMDataError(f"{name} must be a pandas DataFrame or Series, got {type(table).__name__}")
    attrs = dict(frame.attrs)
    if column in frame.columns:
        out = frame.drop(columns=column)
        out.index = pd.Index(customer_ids(frame[column], name=name, column=column).to_numpy(), name=column)
    elif frame.index.name == column:
        out = frame.copy()
        out.index = pd.Index(customer_ids(pd.Series(frame.index, index=frame.index), name=name,
                                          column=column).to_numpy(), name=column)
    else:
        raise CRMDataError(f"{name} needs a '{column}' column or an index named '{column}' to be linked to the "
                           f"customers; its columns: {list(frame.columns)}, index name: {frame.index.name!r}")
    out.attrs = attrs
    return out


def _unique_customers(frame: pd.DataFrame, *, name: str) -> None:
    repeated = frame.index.duplicated(keep=False)
    if repeated.any():
        raise CRMDataError(f"{name} has more than one row for customer(s) {list(pd.unique(frame.index[repeated]))[:5]} "
                           f"({offending_rows(repeated, pd.RangeIndex(len(frame)))} by position); one row per "
                           f"customer is needed (customer_scores keeps each customer's latest response)")


def _zero_hint(left: pd.Index, right: pd.Index) -> str:
    """A hint when unmatched ids on both sides agree after stripping leading zeros ('007' vs '7')."""
    stripped_right = {str(i).lstrip("0") or "0": i for i in right}
    pairs = [(i, stripped_right[str(i).lstrip("0") or "0"]) for i in left
             if (str(i).lstrip("0") or "0") in stripped_right]
    if not pairs:
        return ""
    shown = ", ".join(f"'{a}' vs '{b}'" for a, b in pairs[:3])
    return (f"; {len(pairs)} of them differ only in leading zeros ({shown}): an id column was read as numbers "
            f"somewhere; read both as text (they are not matched)")


def join_customers(left: pd.DataFrame, right: pd.DataFrame, *, left_name: str, right_name: str,
                   warn: bool = True) -> tuple[pd.DataFrame, dict]:
    """Inner join of two tables indexed by ``customer_id``; counts of customers found on one side only.

    Returns ``(joined, counts)`` with ``counts = {"n_matched", "only_<left_name>", "only_<right_name>"}``; a
    :class:`DataExclusionWarning` states the unmatched counts (``warn=False``: the caller states them).
    """
    only_left = left.index.difference(right.index)
    only_right = right.index.difference(left.index)
    joined = left.join(right, how="inner", lsuffix="_left", rsuffix="_right")
    counts = {"n_matched": int(len(joined)), f"only_{left_name}": int(len(only_left)),
              f"only_{right_name}": int(len(only_right))}
    if warn and (len(only_left) or len(only_right)):
        parts = []
        if len(only_left):
            parts.append(f"{len(only_left)} customer(s) of the {left_name} have no {right_name} "
                         f"(such as {list(only_left[:3])})")
        if len(only_right):
            parts.append(f"{len(only_right)} customer(s) of the {right_name} have no {left_name} "
                         f"(such as {list(only_right[:3])})")
        warnings.warn(f"{'; '.join(parts)}: left out, {len(joined)} customers matched by customer_id"
                      f"{_zero_hint(only_left, only_right)}", DataExclusionWarning, stacklevel=caller_stacklevel())
    return joined, counts


# --------------------------------------------------------------------------- per-customer indices
def customer_scores(survey: pd.DataFrame, blocks: dict, *, scale=None, date_col: str = "date",
                    missing: str = "exclude") -> pd.DataFrame:
    """One 0-100 index per construct and customer: the mean of the block's items, rescaled from the rating scale.

    .. math:: I_{ic} = 100\\,\\frac{\\bar x_{ic} - \\text{low}}{\\text{high} - \\text{low}}

    with :math:`\\bar x_{ic}` the mean answer of customer :math:`i` to the items
    of construct :math:`c` (the unweighted summated scale of
    :func:`~crm_analysis.satisfaction.block_means`) and (low, high) the rating
    scale, ``scale=`` or the one declared with the survey (required: no 1-10
    default).  0 is the bottom of the scale, 100 the top, 50 its middle
    (Fornell et al. 1996 rescale the ACSI the same way, with PLS weights).

    Parameters
    ----------
    survey : DataFrame
        One row per response with a ``customer_id`` column (text ids; or an
        index of that name), the item columns and, optionally, ``date_col``.
    blocks : dict
        ``{construct: [items]}``, e.g. ``{"satisfaction": ["sat1", ..., "sat4"]}``.
    scale : (low, high), optional
        The rating scale, when the survey does not declare it.
    date_col : str
        The response date.  A customer who answered more than once is scored
        on the **latest** response by this date (a response without a date
        counts as the earliest; equal dates: the later row); without the
        column, on the last row in the table's order.  Either way a
        :class:`DataExclusionWarning` counts the earlier responses left out.
    missing : {"exclude", "available"}
        A response that skipped items of a block: ``"exclude"`` (default)
        leaves that construct's index missing for that customer (the other
        constructs keep theirs: exclusion is per block); ``"available"``
        averages the items answered (NaN only for a block left blank), which
        shifts the index when the skipped items are rated higher or lower
        than the others.  A warning counts the customers per block.

    Returns
    -------
    DataFrame indexed by ``customer_id`` (text), one float column per
    construct in [0, 100].  ``attrs``: ``scale`` = (0, 100) and ``items`` =
    the constructs (so the importance and scale functions check the indices
    against 0-100), ``answer_scale`` (the survey's), ``n_responses``,
    ``n_customers``, ``n_earlier_responses`` (responses left out as not the
    latest), ``latest_by`` (``date_col`` or ``"row order"``),
    ``missing_by_block`` (customers without an index per construct) and
    ``missing``.

    Example: scale 1-10, items sat1 = 10, sat2 = 7 give the mean 8.5 and the
    index 100 (8.5 - 1) / 9 = 83.3.
    """
    if missing not in ("exclude", "available"):
        raise ValueError(f"missing must be 'exclude' or 'available', got {missing!r}")
    if not isinstance(blocks, dict) or not blocks:
        raise CRMDataError("blocks must be a non-empty dict {construct: [items]}")
    items = list(dict.fromkeys(i for cols in blocks.values() for i in ([cols] if isinstance(cols, str) else cols)))
    check_columns(survey, items, name="survey")
    answers = survey_items(survey, items, scale=scale, require_scale=True)
    low, high = answers.attrs["scale"]
    ids = _by_customer(survey[[CUSTOMER_ID]] if CUSTOMER_ID in survey.columns else survey.iloc[:, :0],
                       name="survey").index
    position = np.arange(len(survey))
    if date_col in survey.columns:
        dates = pd.to_datetime(survey[date_col], errors="coerce")
        bad = dates.isna() & survey[date_col].notna()
        if bad.any():
            raise CRMDataError(f"column '{date_col}' of survey has values that are not dates in "
                               f"{offending_rows(bad, survey.index)}")
        order = pd.DataFrame({"id": ids, "date": dates.to_numpy(), "pos": position})
        order = order.sort_values(["id", "date", "pos"], na_position="first", kind="stable")
        latest_by = date_col
    else:
        order = pd.DataFrame({"id": ids, "pos": position}).sort_values(["id", "pos"], kind="stable")
        latest_by = "row order"
    keep = order.drop_duplicates("id", keep="last")["pos"].to_numpy()
    keep.sort()
    n_earlier = len(survey) - len(keep)
    if n_earlier:
        warnings.warn(f"{n_earlier} of {len(survey)} survey responses left out: they are not their customer's latest "
                      f"response (latest by {latest_by}); {len(keep)} customers scored", DataExclusionWarning,
                      stacklevel=caller_stacklevel())
    kept = answers.iloc[keep]
    kept.index = pd.Index(ids[keep], name=CUSTOMER_ID)
    out, missing_by_block = {}, {}
    for construct, cols in blocks.items():
        cols = [cols] if isinstance(cols, str) else list(cols)
        values = kept[cols]
        mean = values.mean(axis=1) if missing == "available" else values.mean(axis=1).where(values.notna().all(axis=1))
        out[construct] = 100 * (mean - low) / (high - low)
        missing_by_block[construct] = int(out[construct].isna().sum())
    scores = pd.DataFrame(out, index=kept.index)
    gaps = {c: k for c, k in missing_by_block.items() if k}
    if gaps:
        rule = ("a construct with a skipped item has no index" if missing == "exclude"
                else "a construct left blank has no index; partly answered blocks use the items answered")
        warnings.warn(f"customers without an index ({rule}), per construct: "
                      f"{', '.join(f'{c}: {k} of {len(scores)}' for c, k in gaps.items())}", DataExclusionWarning,
                      stacklevel=caller_stacklevel())
    scores.attrs = {"scale": INDEX_SCALE, "items": list(blocks), "answer_scale": (low, high),
                    "n_responses": int(len(survey)), "n_customers": int(len(scores)),
                    "n_earlier_responses": int(n_earlier), "latest_by": latest_by,
                    "missing_by_block": missing_by_block, "missing": missing}
    return scores


# --------------------------------------------------------------------------- satisfaction x value
@dataclass(frozen=True)
class SatisfactionValueMatrix:
    """Result of :func:`satisfaction_value_matrix`.

    ``summary``: one row per quadrant (:data:`VALUE_QUADRANTS` order) with
    ``customers``, ``customer_share``, ``total_value``, ``value_share`` (of the
    matched customers' total value; above 1 when the others' value is
    negative), ``mean_value`` and ``mean_satisfaction``.  ``customers``: one row
    per matched customer (``customer_id`` index) with ``satisfaction``,
    ``value``, ``valuable``, ``dissatisfied`` and ``quadrant``, the
    valuable-and-dissatisfied first (then by value, largest first).
    ``satisfaction_threshold``, ``threshold_rule`` (``"scale midpoint"`` or
    ``"given"``), ``value_cut`` (the smallest value counted valuable),
    ``value_share`` and ``counts`` (matched and one-sided customers).
    """

    summary: pd.DataFrame
    customers: pd.DataFrame
    satisfaction_threshold: float
    threshold_rule: str
    value_cut: float
    value_share: float
    counts: dict


def _series(obj, *, name: str, column: str | None, what: str) -> pd.Series:
    frame = _by_customer(obj, name=name)
    if column is None:
        numeric = [c for c in frame.columns]
        if len(numeric) != 1:
            raise CRMDataError(f"{name} has several columns {list(frame.columns)}: name the {what} column")
        column = numeric[0]
    check_columns(frame, [column], name=name)
    values = to_numeric_column(frame, column, name=name, allow_missing=True)
    _unique_customers(frame, name=name)
    missing = values.isna()
    if missing.any():
        warnings.warn(f"{int(missing.sum())} of {len(values)} customers of {name} have no {what}: left out "
                      f"({offending_rows(missing, values.index)})", DataExclusionWarning,
                      stacklevel=caller_stacklevel())
    return values[~missing].rename(what)


def satisfaction_value_matrix(satisfaction, value, *, satisfaction_threshold: float | None = None,
                              value_share: float = 0.2, construct: str = "satisfaction",
                              value_col: str | None = None) -> SatisfactionValueMatrix:
    """Cross each customer's satisfaction with their value to the firm; the valuable-and-dissatisfied first.

    Parameters
    ----------
    satisfaction : Series or DataFrame
        0-100 satisfaction index by customer (``customer_id`` index or column),
        e.g. :func:`customer_scores` (then the column ``construct``).
    value : Series or DataFrame
        The customer's value to the firm in the business's currency (profit,
        revenue, CLV) by customer, every customer of the base (not only the
        respondents); a DataFrame names its column with ``value_col``.
    satisfaction_threshold : float, optional
        A customer is **dissatisfied** when the index lies *below* it.
        Default :data:`INDEX_MIDPOINT` = 50, the middle of the rating scale (5.5
        on 1-10, 3 on 1-5): an absolute line, so the share dissatisfied is a
        finding about the customers.  The median would split every survey in
        two halves and call half of a delighted base "dissatisfied"; the
        midpoint is the rule :func:`~crm_analysis.satisfaction.churn_outcome`
        uses for stated intention.  Give your own line for a stricter reading
        (e.g. 70, the ACSI's "satisfied" zone).
    value_share : float
        The share of customers counted **valuable**: the top ``value_share``
        of *all* the customers in ``value`` (the whole base, so that the
        respondents' tier is the tier the business manages), i.e. the
        :math:`k = \\lceil \\text{value\\_share} \\cdot n \\rceil` largest values and any
        tied with the k-th (``value_cut``).

    Customers on one side only (respondents without a value, customers who
    did not answer) are counted in ``counts`` and, for respondents without a
    value, in a :class:`DataExclusionWarning`; customers without a value or
    an index are left out with a warning.

    Example: values 100, 50, 10, 5, 0 (customers a-e) with value_share 0.4
    make a, b valuable (k = 2, cut 50); indices a = 30, b = 80, c = 20, d = 90
    put a first ("valuable and dissatisfied", 30 < 50), then b, then c, d.
    """
    if not 0 < value_share < 1:
        raise ValueError(f"value_share must lie strictly between 0 and 1, got {value_share}")
    column = construct if isinstance(satisfaction, pd.DataFrame) else None
    sat = _series(satisfaction, name="satisfaction", column=column, what="satisfaction")
    val = _series(value, name="value", column=value_col, what="value")
    if satisfaction_threshold is None:
        outside = (sat < INDEX_SCALE[0]) | (sat > INDEX_SCALE[1])
        if outside.any():
            raise CRMDataError(f"satisfaction must be a 0-100 index for the default threshold (the scale midpoint "
                               f"50); values outside 0-100 in {offending_rows(outside, sat.index)}: pass "
                               f"satisfaction_threshold= in the units of your satisfaction")
        threshold, rule = INDEX_MIDPOINT, "scale midpoint"
    else:
        threshold, rule = float(satisfaction_threshold), "given"
    if val.empty:
        raise CRMDataError("value has no customer with a value")
    k = int(np.ceil(value_share * len(val)))
    value_cut = float(np.sort(val.to_numpy())[::-1][k - 1])
    joined, counts = join_customers(sat.to_frame(), val.to_frame(), left_name="survey", right_name="values",
                                    warn=False)
    if counts["only_survey"]:
        only = sat.index.difference(val.index)
        warnings.warn(f"{counts['only_survey']} of {len(sat)} surveyed customers have no value: left out (such as "
                      f"{list(only[:3])}){_zero_hint(only, val.index.difference(sat.index))}", DataExclusionWarning,
                      stacklevel=caller_stacklevel())
    if joined.empty:
        raise CRMDataError("no customer has both a satisfaction index and a value: check that the ids match")
    table = joined.copy()
    table["valuable"] = table["value"] >= value_cut
    table["dissatisfied"] = table["satisfaction"] < threshold
    names = np.where(table["valuable"], np.where(table["dissatisfied"], VALUE_QUADRANTS[0], VALUE_QUADRANTS[1]),
                     np.where(table["dissatisfied"], VALUE_QUADRANTS[2], VALUE_QUADRANTS[3]))
    table["quadrant"] = pd.Categorical(names, categories=VALUE_QUADRANTS)
    table = table.sort_values(["quadrant", "value"], ascending=[True, False], kind="stable")
    total = float(table["value"].sum())
    rows = {}
    for quadrant in VALUE_QUADRANTS:
        group = table[table["quadrant"] == quadrant]
        rows[quadrant] = {"customers": len(group), "customer_share": len(group) / len(table),
                          "total_value": float(group["value"].sum()),
                          "value_share": float(group["value"].sum()) / total if total != 0 else np.nan,
                          "mean_value": float(group["value"].mean()) if len(group) else np.nan,
                          "mean_satisfaction": float(group["satisfaction"].mean()) if len(group) else np.nan}
    summary = pd.DataFrame(rows).T
    summary["customers"] = summary["customers"].astype(int)
    summary.index.name = "quadrant"
    counts = {**counts, "n_value": int(len(val)), "n_surveyed": int(len(sat))}
    attrs = {"satisfaction_threshold": threshold, "threshold_rule": rule, "value_cut": value_cut,
             "value_share": value_share, **counts}
    summary.attrs, table.attrs = dict(attrs), dict(attrs)
    return SatisfactionValueMatrix(summary=summary, customers=table, satisfaction_threshold=threshold,
                                   threshold_rule=rule, value_cut=value_cut, value_share=value_share, counts=counts)


# --------------------------------------------------------------------------- value-weighted importance
def _standardised_wls(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Standardised (weighted) regression coefficients; ``w`` sums to one.

    Every column is centred at its weighted mean and divided by its weighted
    standard deviation; the coefficients minimise :math:`\\sum_i w_i (z_{iy} - z_i^\\top\\beta)^2`.
    """
    mean_x, mean_y = w @ X, w @ y
    sd_x = np.sqrt(w @ (X - mean_x) ** 2)
    sd_y = np.sqrt(w @ (y - mean_y) ** 2)
    if np.any(sd_x <= 0) or sd_y <= 0:
        return np.full(X.shape[1], np.nan)
    zx, zy = (X - mean_x) / sd_x, (y - mean_y) / sd_y
    root = np.sqrt(w)[:, None]
    beta, *_ = np.linalg.lstsq(zx * root, zy * root[:, 0], rcond=None)
    return beta


def value_weighted_importance(survey: pd.DataFrame, drivers, outcome: str, value, *, value_col: str | None = None,
                              scale=None, n_bootstrap: int = 200, ci_level: float = 0.95,
                              random_state=None) -> pd.DataFrame:
    """Driver importance per respondent and per unit of customer value, with bootstrap intervals.

    **Ordinary importance** (every respondent counts once): the standardised
    OLS coefficients of :func:`~crm_analysis.satisfaction.derived_importance`,

    .. math:: \\hat\\beta = \\arg\\min_\\beta \\sum_i (z_{iy} - z_i^\\top\\beta)^2,

    with :math:`z` the drivers and the outcome centred and divided by their
    standard deviations.

    **Value-weighted importance** (every respondent counts in proportion to
    their value :math:`v_i`): weighted least squares with weights
    :math:`w_i = \\max(v_i, 0) / \\sum_j \\max(v_j, 0)`,

    .. math:: \\hat\\beta^{(v)} = \\arg\\min_\\beta \\sum_i w_i (z^{(w)}_{iy} - z^{(w)\\top}_i\\beta)^2,

    with :math:`z^{(w)}` standardised by the *weighted* means and standard
    deviations.  It is the importance for the average unit of money rather
    than for the average customer: a driver whose weighted importance
    exceeds its ordinary one matters most to the customers who bring the
    money.  Customers with a negative value (who cost more than they bring)
    get weight 0 (counted in ``attrs["n_zero_weight"]``): keeping them
    satisfied earns nothing.  With equal values the two coincide.

    Parameters
    ----------
    survey : DataFrame
        One row per customer (``customer_id`` index or column) with the
        ``drivers`` and ``outcome`` columns, e.g. :func:`customer_scores`
        (0-100 indices, checked against 0-100) or item answers with a declared
        scale.
    value : Series or DataFrame
        Customer value in the business's currency by customer (``value_col``
        names the column of a DataFrame).
    n_bootstrap, ci_level, random_state
        Customers are resampled with replacement ``n_bootstrap`` times (the
        same resamples for both importances); the intervals are percentile
        intervals at ``ci_level``.

    Returns
    -------
    DataFrame by driver: ``importance``, ``importance_lower``,
    ``importance_upper`` (ordinary), ``weighted_importance``,
    ``weighted_lower``, ``weighted_upper``, ``difference`` (weighted minus
    ordinary), ``difference_lower``, ``difference_upper``, ``rank``,
    ``weighted_rank`` (1 = most important).  ``attrs``: ``n_obs``,
    ``n_zero_weight``, ``n_bootstrap``, ``ci_level``, ``outcome`` and the
    join counts.
    """
    if not 0 < ci_level < 1:
        raise ValueError(f"ci_level must lie strictly between 0 and 1, got {ci_level}")
    if n_bootstrap < 2:
        raise ValueError(f"n_bootstrap must be at least 2, got {n_bootstrap}")
    drivers = list(drivers)
    if outcome in drivers:
        raise CRMDataError(f"the outcome '{outcome}' is also among the drivers")
    frame = _by_customer(survey, name="survey")
    _unique_customers(frame, name="survey")
    check_columns(frame, drivers + [outcome], name="survey")
    answers = survey_items(frame, drivers + [outcome], scale=scale)
    val = _series(value, name="value", column=value_col, what="value")
    joined, counts = join_customers(answers, val.rename("_customer_value").to_frame(), left_name="survey",
                                    right_name="values", warn=False)
    only = answers.index.difference(val.index)
    if len(only):
        warnings.warn(f"{len(only)} of {len(answers)} surveyed customers have no value: left out (such as "
                      f"{list(only[:3])}){_zero_hint(only, val.index.difference(answers.index))}",
                      DataExclusionWarning, stacklevel=caller_stacklevel())
    incomplete = joined[drivers + [outcome]].isna().any(axis=1)
    if incomplete.any():
        warnings.warn(f"{int(incomplete.sum())} of {len(joined)} customers left out for missing answers "
                      f"({offending_rows(incomplete, joined.index)})", DataExclusionWarning,
                      stacklevel=caller_stacklevel())
        joined = joined[~incomplete]
    if len(joined) < len(drivers) + 2:
        raise CRMDataError(f"{len(joined)} customers with answers and a value: too few for {len(drivers)} drivers")
    weights = joined["_customer_value"].clip(lower=0).to_numpy(float)
    if weights.sum() <= 0:
        raise CRMDataError("no surveyed customer has a positive value: the value weights are all zero")
    data = joined[drivers + [outcome]]
    data.attrs = dict(answers.attrs)
    ordinary = derived_importance(data, drivers, outcome, scale=scale).to_numpy()
    X, y = data[drivers].to_numpy(float), data[outcome].to_numpy(float)
    n = len(y)
    weighted = _standardised_wls(X, y, weights / weights.sum())
    rng = np.random.default_rng(random_state)
    flat = np.full(n, 1.0 / n)
    draws_o, draws_w = [], []
    for _ in range(n_bootstrap):
        rows = rng.integers(0, n, n)
        w = weights[rows]
        if w.sum() <= 0:
            continue
        draws_o.append(_standardised_wls(X[rows], y[rows], flat))
        draws_w.append(_standardised_wls(X[rows], y[rows], w / w.sum()))
    draws_o, draws_w = np.array(draws_o), np.array(draws_w)
    usable = np.isfinite(draws_o).all(axis=1) & np.isfinite(draws_w).all(axis=1)
    draws_o, draws_w = draws_o[usable], draws_w[usable]
    q = [(1 - ci_level) / 2, (1 + ci_level) / 2]

    def interval(draws):
        return np.quantile(draws, q, axis=0) if len(draws) else np.full((2, len(drivers)), np.nan)

    ci_o, ci_w, ci_d = interval(draws_o), interval(draws_w), interval(draws_w - draws_o)
    table = pd.DataFrame({"importance": ordinary, "importance_lower": ci_o[0], "importance_upper": ci_o[1],
                          "weighted_importance": weighted, "weighted_lower": ci_w[0], "weighted_upper": ci_w[1],
                          "difference": weighted - ordinary, "difference_lower": ci_d[0],
                          "difference_upper": ci_d[1]}, index=pd.Index(drivers, name="driver"))
    table["rank"] = table["importance"].rank(ascending=False, method="min").astype(int)
    table["weighted_rank"] = table["weighted_importance"].rank(ascending=False, method="min").astype(int)
    table.attrs = {"n_obs": int(n), "n_zero_weight": int((weights <= 0).sum()), "n_bootstrap": int(len(draws_o)),
                   "ci_level": ci_level, "outcome": outcome, **counts}
    return table


# --------------------------------------------------------------------------- plots
def plot_satisfaction_value(matrix: SatisfactionValueMatrix, *, ax=None, currency: str | None = None,
                            value_label: str | None = None):
    """Scatter of customers: satisfaction index (x) against value (y), coloured by quadrant, with the two cut lines.

    ``value_label`` names the value axis (default "Customer value" and the
    ``currency`` code in brackets when given).
    """
    ax = get_ax(ax)
    table = matrix.customers
    colours = dict(zip(VALUE_QUADRANTS, [PALETTE[3], PALETTE[2], PALETTE[1], PALETTE[7]]))
    for quadrant in VALUE_QUADRANTS:
        group = table[table["quadrant"] == quadrant]
        if len(group):
            ax.scatter(group["satisfaction"], group["value"], s=14, color=colours[quadrant], label=quadrant,
                       alpha=0.8)
    ax.axvline(matrix.satisfaction_threshold, color="grey", lw=0.8, ls="--")
    ax.axhline(matrix.value_cut, color="grey", lw=0.8, ls="--")
    if value_label is None:
        value_label = f"Customer value ({currency})" if currency else "Customer value"
    return finish(ax, title="Satisfaction and customer value", xlabel="Satisfaction index (0-100)",
                  ylabel=value_label)


def plot_value_weighted_importance(table: pd.DataFrame, *, ax=None, labels=None):
    """Horizontal bars per driver: ordinary and value-weighted importance with their bootstrap intervals.

    ``labels`` (``{driver: text}``) names the drivers (default: the index).
    """
    ax = get_ax(ax)
    y = np.arange(len(table))
    height = 0.38
    for offset, (col, low, high, label, colour) in zip(
            (-height / 2, height / 2),
            [("importance", "importance_lower", "importance_upper", "every customer counts once", PALETTE[0]),
             ("weighted_importance", "weighted_lower", "weighted_upper", "weighted by customer value", PALETTE[1])]):
        est = table[col].to_numpy(float)
        err = np.clip(np.vstack([est - table[low].to_numpy(float), table[high].to_numpy(float) - est]), 0, None)
        ax.barh(y + offset, est, height=height, color=colour, label=label, xerr=np.nan_to_num(err), capsize=3)
    labels = labels or {}
    ax.set_yticks(y, [str(labels.get(d, d)) for d in table.index])
    ax.invert_yaxis()
    ax.axvline(0, color="black", lw=0.8)
    return finish(ax, title="Driver importance per customer and per unit of value",
                  xlabel="Importance (standardised coefficient)", ylabel="Driver")
