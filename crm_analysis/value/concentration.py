"""How concentrated is customer value?  Lorenz curve, Gini, top shares, the customer pyramid, quadrants and RFM.

These are the descriptive tools of customer tiering (concepts page, section 2):

* the **Lorenz curve** and **Gini coefficient** measure concentration;
* :func:`top_share` tests the Pareto claim C7 ("20 % of customers bring 80 %
  of revenue") with a bootstrap interval;
* :func:`pareto_table` and :func:`customer_share_for_value` read the curve
  both ways ("the top 20 % bring X %", "80 % comes from the top Y %");
* the **customer pyramid** sorts customers into key, ordinary, small and bad
  customers by cumulative value share, and :func:`segment_summary` counts any
  grouping by heads and by value;
* the **frequency x spend quadrants** (loyalty-profitability matrix) name true
  friends, butterflies, barnacles and strangers;
* **RFM scores** (quintiles 1-5) and **RFM segments** (Champions, At risk, ...).

Names and suggested actions are English here; their Chinese forms (关键客户,
知己, ...) live in the catalogue, ``crm_analysis/present/catalogue/value.py``.

Every function takes customer-level values indexed by customer and returns
pandas objects that keep that index.  Inputs are never modified.

Inputs that make these numbers meaningless are refused or flagged: missing,
non-numeric, infinite or overflowing values (:class:`CRMDataError` naming the
rows); fewer than two customers or no positive total for the Lorenz curve,
Gini and top share (a share of nothing); negative values (losses), which push
shares outside [0, 1] and the Gini above 1, give a :class:`NegativeValueWarning`
naming the rows.
"""
from __future__ import annotations

import warnings
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError
from ..validation import caller_stacklevel, check_columns, check_not_empty, offending_rows, to_numeric_column

__all__ = [
    "lorenz_curve", "gini", "top_share", "customer_pyramid", "CustomerPyramid", "frequency_spend_quadrants",
    "Quadrants", "rfm_scores", "rfm_segments", "RFM_SEGMENT_RULES", "PYRAMID_ACTIONS", "QUADRANT_ACTIONS",
    "NegativeValueWarning", "pareto_table", "customer_share_for_value", "segment_summary", "TIERS", "QUADRANTS",
]


class NegativeValueWarning(UserWarning):
    """Some customers have negative value (losses): shares of the total leave [0, 1] and the Gini can exceed 1."""


# ---------------------------------------------------------------------- input
def _values(values, name: str = "values") -> pd.Series:
    """Customer values as a float Series (index kept); missing, non-numeric or infinite values are an error."""
    if isinstance(values, pd.DataFrame):
        raise CRMDataError(f"{name} must be one column (a Series or array), got a DataFrame; pass df['column']")
    series = values if isinstance(values, pd.Series) else pd.Series(np.asarray(values).ravel())
    label = series.name if series.name is not None else name
    frame = series.to_frame(label)
    check_not_empty(frame, name=name)
    return to_numeric_column(frame, label, name=name)


def _concentration_values(values, what: str) -> pd.Series:
    """Values for a concentration measure: at least 2 customers, a positive total; losses warn."""
    x = _values(values)
    label = f"'{x.name}'" if isinstance(x.name, str) else "values"
    if len(x) < 2:
        raise CRMDataError(f"{what} needs at least 2 customers (concentration is a comparison between "
                           f"customers); got 1 in {label}")
    total = x.sum()
    if total <= 0:
        zero, negative = int((x == 0).sum()), int((x < 0).sum())
        detail = (f"all {len(x)} values are 0" if zero == len(x) else
                  f"total {total:g}: {zero} zero and {negative} negative of {len(x)} values")
        raise CRMDataError(f"{label} must have a positive total for {what}; {detail}")
    _warn_negative(x, label, what)
    return x


def _warn_negative(x: pd.Series, label: str, what: str) -> None:
    negative = x < 0
    if negative.any():
        warnings.warn(f"{label} has {int(negative.sum())} negative value(s) (losses) in "
                      f"{offending_rows(negative, x.index)}: {what} then measures shares of a net total, which can "
                      f"leave [0, 1] (a Gini can exceed 1); use revenue, or customer_pyramid to show the "
                      f"loss-making customers separately", NegativeValueWarning, stacklevel=caller_stacklevel())


# ---------------------------------------------------------------------- concentration
def lorenz_curve(values) -> pd.DataFrame:
    """Lorenz curve: share of total value held by the poorest share of customers.

    Customers are sorted by value ascending; the curve goes from (0, 0) to
    (1, 1) through :math:`(k/n, \\sum_{i\\le k} x_{(i)} / \\sum_i x_i)`.  The
    Pareto reading "top 20 % bring y %" is ``1 - L(0.8)``.

    Returns
    -------
    DataFrame
        ``customer_share`` and ``value_share``, n + 1 rows.
    """
    x = np.sort(_concentration_values(values, "a Lorenz curve").to_numpy())
    total = x.sum()
    n = len(x)
    return pd.DataFrame({"customer_share": np.arange(n + 1) / n, "value_share": np.r_[0.0, np.cumsum(x)] / total})


def gini(values) -> float:
    """Gini coefficient :math:`G = \\sum_i\\sum_j |x_i - x_j| / (2 n^2 \\bar x)`.

    0 when every customer has the same value, near 1 when one customer has it all.

    Computed from the sorted values as :math:`G = 2\\sum_i i\\,x_{(i)} / (n \\sum_i x_i) - (n+1)/n`.
    With negative values (loss-making customers) G can exceed 1.
    """
    x = np.sort(_concentration_values(values, "a Gini coefficient").to_numpy())
    total = x.sum()
    n = len(x)
    ranks = np.arange(1, n + 1)
    return float(2 * np.sum(ranks * x) / (n * total) - (n + 1) / n)


def _top_share_sorted(x_desc: np.ndarray, share: float) -> float:
    """Value share of the top ``share`` of customers, interpolating linearly within the boundary customer."""
    n = len(x_desc)
    cum = np.r_[0.0, np.cumsum(x_desc)]
    return float(np.interp(share * n, np.arange(n + 1), cum) / cum[-1])


def top_share(values, share: float = 0.2, *, ci_level: float = 0.95, n_boot: int = 1000,
              random_state=None) -> pd.Series:
    """Share of total value brought by the top ``share`` of customers, with a bootstrap percentile interval.

    The claim "20 % of customers bring 80 % of revenue" (C7) is checked by
    ``top_share(revenue, 0.2)``: a ``value_share`` near 0.8 with an interval
    covering it supports the claim.  When ``share * n`` is not a whole
    number the boundary customer counts in proportion (linear interpolation
    of the concentration curve), so the result is continuous in ``share``.

    The interval resamples customers with replacement ``n_boot`` times
    (``random_state`` fixes the draws) and takes the
    :math:`(1 \\pm \\text{ci\\_level})/2` quantiles.

    Returns
    -------
    Series
        ``share, value_share, ci_lower, ci_upper, n_customers``.
    """
    if not 0 < share < 1:
        raise CRMDataError(f"share must lie strictly between 0 and 1, got {share}")
    if not 0 < ci_level < 1:
        raise ValueError(f"ci_level must lie strictly between 0 and 1, got {ci_level}")
    if isinstance(n_boot, (bool, np.bool_)) or not isinstance(n_boot, (int, np.integer, float, np.floating)) \
            or not np.isfinite(n_boot) or n_boot < 1 or n_boot != int(n_boot):
        raise CRMDataError(f"n_boot must be a positive whole number of bootstrap resamples, got {n_boot!r}")
    n_boot = int(n_boot)
    x = _concentration_values(values, "a top share").to_numpy()
    estimate = _top_share_sorted(np.sort(x)[::-1], share)
    boot = _bootstrap_top_share(x, share, n_boot, np.random.default_rng(random_state))
    undefined = int(np.isnan(boot).sum())
    if undefined == n_boot:
        raise CRMDataError(f"none of the {n_boot} bootstrap resamples has a positive total: the losses outweigh "
                           f"the revenue too often for a top-share interval")
    if undefined:
        warnings.warn(f"{undefined} of {n_boot} bootstrap resamples have no positive total (the losses outweigh the "
                      f"rest) and are left out of the interval", NegativeValueWarning, stacklevel=caller_stacklevel())
    tail = (1 - ci_level) / 2
    lower, upper = np.nanquantile(boot, [tail, 1 - tail])
    return pd.Series({"share": share, "value_share": estimate, "ci_lower": lower, "ci_upper": upper,
                      "n_customers": len(x)}, name="top_share")


def _bootstrap_top_share(x: np.ndarray, share: float, n_boot: int, rng) -> np.ndarray:
    n = len(x)
    chunk = max(1, min(n_boot, 2_000_000 // max(n, 1)))  # bound memory at ~16 MB per chunk
    out = np.empty(n_boot)
    cum_pos = share * n
    for start in range(0, n_boot, chunk):
        stop = min(n_boot, start + chunk)
        sample = -np.sort(-x[rng.integers(0, n, size=(stop - start, n))], axis=1)
        cum = np.concatenate([np.zeros((stop - start, 1)), np.cumsum(sample, axis=1)], axis=1)
        k = int(np.floor(cum_pos))
        frac = cum_pos - k
        top = cum[:, k] + (frac * (cum[:, min(k + 1, n)] - cum[:, k]) if frac > 0 else 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[start:stop] = np.where(cum[:, -1] > 0, top / cum[:, -1], np.nan)
    return out


# ---------------------------------------------------------------------- readings of the curve
def _descending_cumulative(values) -> np.ndarray:
    """Cumulative value share of customers sorted from the most valuable, starting at 0."""
    x = _values(values).to_numpy()
    negative = x < 0
    if negative.any():
        raise CRMDataError(f"values must be non-negative for a top-share reading; negative in "
                           f"{offending_rows(pd.Series(negative), pd.RangeIndex(len(x)))}")
    total = x.sum()
    if total <= 0:
        raise CRMDataError("values must have a positive total")
    return np.r_[0.0, np.cumsum(np.sort(x)[::-1])] / total


def pareto_table(values, shares=(0.01, 0.05, 0.1, 0.2, 0.5)) -> pd.DataFrame:
    """Share of total value brought by the top ``shares`` of customers (no interval; see :func:`top_share`).

    The boundary customer counts in proportion, exactly as in :func:`top_share`.

    >>> pareto_table([50, 30, 10, 5, 3, 2], shares=[0.5])["value_share"].tolist()  # top 3 of 6
    [0.9]
    """
    cum = _descending_cumulative(values)
    n = len(cum) - 1
    shares = np.asarray(shares, dtype=float)
    if np.any((shares <= 0) | (shares >= 1)):
        raise CRMDataError("shares must lie strictly between 0 and 1")
    value_share = np.interp(shares * n, np.arange(n + 1), cum)
    return pd.DataFrame({"customer_share": shares, "value_share": value_share},
                        index=pd.Index([f"top {s:.0%}" for s in shares], name="customers"))


def customer_share_for_value(values, value_share: float = 0.8) -> float:
    """Smallest share of customers (the most valuable first) that brings ``value_share`` of the total.

    The inverse of :func:`pareto_table`: "80 % of revenue comes from X % of
    customers".  Values must be non-negative.

    >>> customer_share_for_value([50, 30, 10, 5, 3, 2], 0.8)  # the top 2 of 6 bring exactly 80 %
    0.3333333333333333
    """
    if not 0 < value_share <= 1:
        raise CRMDataError(f"value_share must lie in (0, 1], got {value_share}")
    cum = _descending_cumulative(values)
    n = len(cum) - 1
    k = int(np.searchsorted(cum, value_share - 1e-12, side="left"))  # first k with cum[k] >= value_share
    k = min(max(k, 1), n)
    step = cum[k] - cum[k - 1]
    fraction = 1.0 if step <= 0 else min(1.0, (value_share - cum[k - 1]) / step)
    return float((k - 1 + fraction) / n)


# ---------------------------------------------------------------------- count vs value
def segment_summary(groups: pd.Series, values) -> pd.DataFrame:
    """Customers and value per group: ``customers, customer_share, value, value_share, mean_value``.

    ``groups`` (e.g. pyramid tiers or RFM segments) and ``values`` (e.g.
    revenue) are indexed by customer; groups keep their categorical order and
    shares are of the totals.  Comparing ``customer_share`` with
    ``value_share`` is the count pyramid next to the value pyramid.
    """
    values = _values(values)
    if not isinstance(groups, pd.Series):
        raise CRMDataError("groups must be a Series indexed by customer")
    missing = ~values.index.isin(groups.index)
    if missing.any():
        raise CRMDataError(f"groups has no entry for customers {offending_rows(missing, values.index)}")
    groups = groups.reindex(values.index)
    grouped = values.groupby(groups, observed=False, sort=True)
    table = pd.DataFrame({"customers": grouped.size(), "value": grouped.sum()})
    table["customer_share"] = table["customers"] / len(values)
    table["value_share"] = table["value"] / values.sum()
    table["mean_value"] = table["value"] / table["customers"].replace(0, np.nan)
    table.index.name = groups.name
    return table[["customers", "customer_share", "value", "value_share", "mean_value"]]


# ---------------------------------------------------------------------- pyramid
#: suggested management action per pyramid tier (concepts page, section 2)
PYRAMID_ACTIONS = {
    "key": "Concentrate resources: dedicated service, loyalty rewards, protect from churn",
    "ordinary": "Upgrade: cross-sell and up-sell to grow share of wallet",
    "small": "Serve at low cost (self-service, digital channels); upgrade those with potential",
    "bad": "Cut cost-to-serve or reprice; consider ending the relationship",
}
TIERS = ["key", "ordinary", "small", "bad"]


class CustomerPyramid(NamedTuple):
    """Result of :func:`customer_pyramid`: ``tiers`` per customer and the ``table`` per tier."""

    tiers: pd.Series
    table: pd.DataFrame


def customer_pyramid(values, key_share: float = 0.8, ordinary_share: float = 0.95) -> CustomerPyramid:
    """Split customers into key / ordinary / small / bad tiers by cumulative value share.

    Rule: sort customers with positive value from the most to the least
    valuable and accumulate their share of the total *positive* value.  A
    customer whose preceding cumulative share is below ``key_share`` is a
    **key** customer (so the customer who crosses 80 % is still key); below
    ``ordinary_share`` **ordinary**; the remaining customers with value >= 0
    are **small**; customers with negative value (they cost more than they
    bring) are **bad**.  Ties are broken by the order of the input.

    Returns
    -------
    CustomerPyramid
        ``tiers``: ordered categorical Series indexed like ``values``;
        ``table``: one row per tier (key, ordinary, small, bad) with
        ``customers, customer_share, value, value_share`` (tier
        value / net total value: key customers can bring more than 100 % of
        profit when bad customers destroy value), ``mean_value`` and ``action``.

    Examples
    --------
    >>> tiers, table = customer_pyramid([50, 30, 10, 5, 3, 2, -4])
    >>> tiers.tolist()
    ['key', 'key', 'ordinary', 'ordinary', 'small', 'small', 'bad']
    """
    if not 0 < key_share < ordinary_share <= 1:
        raise CRMDataError(f"need 0 < key_share < ordinary_share <= 1, got {key_share} and {ordinary_share}")
    x = _values(values)
    label = f"'{x.name}'" if isinstance(x.name, str) else "values"
    positive_total = x[x > 0].sum()
    if positive_total <= 0:
        raise CRMDataError(f"{label} has no customer with positive value ({len(x)} customers, "
                           f"{int((x < 0).sum())} negative): a pyramid ranks customers by the value they bring")
    order = np.argsort(-x.to_numpy(), kind="stable")
    sorted_x = x.to_numpy()[order]
    before = np.r_[0.0, np.cumsum(np.clip(sorted_x, 0, None))[:-1]] / (positive_total if positive_total > 0 else 1)
    tier_sorted = np.where(sorted_x < 0, "bad", np.where(sorted_x == 0, "small", np.where(
        before < key_share, "key", np.where(before < ordinary_share, "ordinary", "small"))))
    tier = np.empty(len(x), dtype=object)
    tier[order] = tier_sorted
    tiers = pd.Series(pd.Categorical(tier, categories=TIERS, ordered=True), index=x.index, name="tier")
    return CustomerPyramid(tiers, _tier_table(x, tiers, TIERS, PYRAMID_ACTIONS))


def _tier_table(x: pd.Series, groups: pd.Series, order, actions: dict,
                what: str | None = None) -> pd.DataFrame:
    total = x.sum()
    if total <= 0:
        what = what or (f"'{x.name}'" if isinstance(x.name, str) else "the values")
        warnings.warn(f"the net total of {what} is {total:g}: a share of it has no meaning, so value_share is NaN "
                      f"(the counts, values and means per group are still shown)",
                      NegativeValueWarning if total < 0 else UserWarning, stacklevel=caller_stacklevel())
    grouped = x.groupby(groups, observed=False)
    table = pd.DataFrame({
        "customers": grouped.size().reindex(order).to_numpy(),
        "value": grouped.sum().reindex(order).to_numpy(),
    }, index=pd.Index(order, name=groups.name))
    table["customer_share"] = table["customers"] / len(x)
    table["value_share"] = table["value"] / total if total > 0 else np.nan
    table["mean_value"] = table["value"] / table["customers"].replace(0, np.nan)
    table["action"] = [actions[g] for g in order]
    return table[["customers", "customer_share", "value", "value_share", "mean_value", "action"]]


# ---------------------------------------------------------------------- quadrants
QUADRANTS = ["true friends", "butterflies", "barnacles", "strangers"]
#: suggested actions (Reinartz & Kumar 2002, "The mismanagement of customer loyalty", HBR 80(7))
QUADRANT_ACTIONS = {
    "true friends": "Reward and retain: communicate consistently, build attitudinal loyalty",
    "butterflies": "Harvest while they buy; do not over-invest in retaining them",
    "barnacles": "Grow the wallet (cross-sell, up-sell) or lower cost-to-serve",
    "strangers": "Make money on every transaction; minimal relationship investment",
}


class Quadrants(NamedTuple):
    """Result of :func:`frequency_spend_quadrants`: ``segments`` per customer and the ``table`` per quadrant."""

    segments: pd.Series
    table: pd.DataFrame
    frequency_split: float
    spend_split: float


def frequency_spend_quadrants(summary: pd.DataFrame, *, frequency_col: str = "frequency",
                              spend_col: str = "monetary_value", frequency_split: float | None = None,
                              spend_split: float | None = None) -> Quadrants:
    """Loyalty-profitability matrix: split customers by purchase frequency and spend.

    High means strictly above the split (default: the median), so with a
    median of 0 every customer with a repeat purchase is high frequency.

    Which spend column?  The ``monetary_value`` of
    :func:`~crm_analysis.value.rfm_summary` averages the *repeat* purchases
    only, so it is 0 for every one-time buyer; when more than half of the
    customers buy once (CDNOW) both medians are 0 and everyone lands in
    "true friends" or "strangers".  Use
    :func:`~crm_analysis.value.rfm.customer_totals` (``purchases``
    and ``mean_spend``, first purchase included), the repeat buyers only, or
    explicit splits.

    ============  ===============  ===========
    segment       frequency        spend
    ============  ===============  ===========
    true friends  high             high   (知己)
    butterflies   low              high   (蝴蝶)
    barnacles     high             low    (藤壶)
    strangers     low              low    (过客)
    ============  ===============  ===========

    Returns
    -------
    Quadrants
        ``segments`` (categorical Series indexed like ``summary``), ``table``
        (``customers, customer_share, value, value_share,
        mean_value, action`` with value = frequency x spend, plus
        ``mean_frequency, mean_spend``) and the two splits used.
    """
    check_columns(summary, [frequency_col, spend_col], name="summary")
    check_not_empty(summary, name="summary")
    freq = to_numeric_column(summary, frequency_col, name="summary")
    spend = to_numeric_column(summary, spend_col, name="summary")
    f_split = float(freq.median()) if frequency_split is None else _finite(frequency_split, "frequency_split")
    s_split = float(spend.median()) if spend_split is None else _finite(spend_split, "spend_split")
    high_f, high_s = freq > f_split, spend > s_split
    label = np.where(high_f & high_s, "true friends", np.where(~high_f & high_s, "butterflies",
                     np.where(high_f & ~high_s, "barnacles", "strangers")))
    segments = pd.Series(pd.Categorical(label, categories=QUADRANTS), index=summary.index, name="segment")
    table = _tier_table(freq * spend, segments, QUADRANTS, QUADRANT_ACTIONS,
                        what="the total value (frequency x spend)")
    table.insert(5, "mean_frequency", freq.groupby(segments, observed=False).mean().reindex(QUADRANTS).to_numpy())
    table.insert(6, "mean_spend", spend.groupby(segments, observed=False).mean().reindex(QUADRANTS).to_numpy())
    return Quadrants(segments, table, f_split, s_split)


def _finite(value, parameter: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not np.isfinite(number):
        raise CRMDataError(f"{parameter} must be a finite number (or None for the median), got {value!r}")
    return number


# ---------------------------------------------------------------------- RFM
def _quantile_score(values: pd.Series, n_bins: int) -> pd.Series:
    """Score 1..n_bins by rank: ``1 + floor((min_rank - 1) * n_bins / n)``; equal values get equal scores."""
    ranks = values.rank(method="min").to_numpy()
    return pd.Series(1 + np.floor((ranks - 1) * n_bins / len(values)).astype(int), index=values.index)


def rfm_scores(summary: pd.DataFrame, *, n_bins: int = 5, frequency_col: str = "frequency",
               monetary_col: str = "monetary_value", recency_col: str = "recency", T_col: str | None = "T"
               ) -> pd.DataFrame:
    """Quintile RFM scores (1 worst .. 5 best) for each customer.

    * **R**: time since the last purchase, scored so that the most recent
      customers get 5.  With ``T_col`` (an :func:`rfm_summary`, where
      ``recency`` is the time from first to last purchase) it is ``T - recency``;
      with ``T_col=None``, ``recency_col`` must already hold the time since
      the last purchase.
    * **F**: ``frequency``; **M**: ``monetary_value``; higher is better.

    Scores come from ranks, ``1 + floor((r - 1) * n_bins / n)`` with ``r`` the
    lowest rank of the value's tie group, so ties always share a score and
    the result does not depend on row order (many customers with frequency 0
    all score F = 1).

    Returns
    -------
    DataFrame
        ``r_score, f_score, m_score`` (int), ``rfm_cell`` (e.g. ``"545"``) and
        ``rfm_total`` (3-15), indexed like ``summary``.
    """
    if isinstance(n_bins, (bool, np.bool_)) or not isinstance(n_bins, (int, np.integer, float, np.floating)) \
            or not np.isfinite(n_bins) or n_bins < 2 or n_bins != int(n_bins):
        raise CRMDataError(f"n_bins must be a whole number >= 2 (5 for quintiles), got {n_bins!r}")
    n_bins = int(n_bins)
    columns = [frequency_col, monetary_col, recency_col] + ([T_col] if T_col else [])
    check_columns(summary, columns, name="summary")
    check_not_empty(summary, name="summary")
    data = {c: to_numeric_column(summary, c, name="summary") for c in columns}
    since_last = data[T_col] - data[recency_col] if T_col else data[recency_col]
    bad = since_last < 0
    if bad.any():
        raise CRMDataError(f"time since last purchase is negative (column '{recency_col}') in "
                           f"{offending_rows(bad, summary.index)}")
    scores = pd.DataFrame({
        "r_score": _quantile_score(-since_last, n_bins),
        "f_score": _quantile_score(data[frequency_col], n_bins),
        "m_score": _quantile_score(data[monetary_col], n_bins),
    }, index=summary.index)
    scores["rfm_cell"] = scores["r_score"].astype(str) + scores["f_score"].astype(str) + scores["m_score"].astype(str)
    scores["rfm_total"] = scores[["r_score", "f_score", "m_score"]].sum(axis=1)
    return scores


#: RFM segment rules on R and FM = (F + M) / 2, checked from top to bottom; the first match wins.
RFM_SEGMENT_RULES = pd.DataFrame(
    [
        ("Champions", 4, 5, 4.0, 5.0, "Bought recently, buy often and spend most: reward, ask for referrals"),
        ("Loyal", 3, 5, 3.0, 5.0, "Buy regularly and spend well: up-sell, loyalty programme"),
        ("Potential loyalists", 4, 5, 2.0, 3.0, "Recent with average frequency: offer membership"),
        ("New customers", 5, 5, 1.0, 2.0, "Bought very recently, not often yet: onboard them"),
        ("Promising", 4, 4, 1.0, 2.0, "Recent but small: build awareness, free trials"),
        ("Need attention", 3, 3, 2.0, 3.0, "Average on all counts: limited-time offers"),
        ("About to sleep", 3, 3, 1.0, 2.0, "Fading and small: reactivate with popular products"),
        ("Cannot lose them", 1, 1, 4.0, 5.0, "Were the best, long gone: win them back personally"),
        ("At risk", 1, 2, 3.0, 5.0, "Spent big and often, but long ago: personalised win-back"),
        ("Hibernating", 1, 2, 2.0, 3.0, "Last purchase long ago, low value: offer relevant products"),
        ("Lost", 1, 2, 1.0, 2.0, "Lowest on all counts: ignore or revive cheaply"),
    ],
    columns=["segment", "r_min", "r_max", "fm_min", "fm_max", "description"],
)


def rfm_segments(scores: pd.DataFrame, rules: pd.DataFrame | None = None) -> pd.Series:
    """Name each customer's RFM segment from ``r_score`` and ``FM = (f_score + m_score) / 2``.

    ``rules`` (default :data:`RFM_SEGMENT_RULES`) lists ``segment, r_min,
    r_max, fm_min, fm_max`` (inclusive bounds); they are checked from top to
    bottom and the first match wins, so the default table covers every
    combination of 5-point scores.  Unmatched customers (custom rules) are
    ``"Other"``.
    """
    rules = RFM_SEGMENT_RULES if rules is None else rules
    check_columns(scores, ["r_score", "f_score", "m_score"], name="scores")
    r = scores["r_score"].to_numpy()
    fm = (scores["f_score"].to_numpy() + scores["m_score"].to_numpy()) / 2
    segment = np.full(len(scores), "Other", dtype=object)
    unassigned = np.ones(len(scores), dtype=bool)
    for rule in rules.itertuples(index=False):
        hit = unassigned & (r >= rule.r_min) & (r <= rule.r_max) & (fm >= rule.fm_min) & (fm <= rule.fm_max)
        segment[hit] = rule.segment
        unassigned &= ~hit
    categories = list(rules["segment"]) + (["Other"] if unassigned.any() else [])
    return pd.Series(pd.Categorical(segment, categories=categories), index=scores.index, name="segment")
