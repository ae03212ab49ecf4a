"""A synthetic customer delivered-value survey with known truth (re-exported by :mod:`crm_analysis.datasets`).

Each respondent *i* has a true score :math:`t_{ik}` on 0-100 for each of the
eight components of :mod:`crm_analysis.satisfaction.delivered_value` (product,
service, personnel, image value; money, time, energy, psychic cost):

.. math::

    t_{ik} = \\operatorname{clip}_{[0, 100]}\\big(b_k + s_{g(i)k} + \\sigma_k\\,\\beta\\,z_i + \\tau\\,e_{ik}\\big)

with ``base`` :math:`b_k` (default 65 for value components, 40 for cost
components), a planted shift :math:`s_{gk}` for the respondent's segment *g*
(``segment_shifts``, default :data:`SEGMENT_SHIFTS` for the demo company's
segments), :math:`\\sigma_k = +1` for value and -1 for cost components, a
respondent-level driver :math:`z_i` (standardised: the respondent's
satisfaction when ``satisfaction`` is given, else standard normal) with effect
:math:`\\beta` = ``satisfaction_effect`` points per standard deviation, and
independent noise :math:`e_{ik} \\sim N(0, 1)` of size :math:`\\tau` = ``spread``.
Each of the component's items is the true score on the answer scale plus
item noise: :math:`x = \\operatorname{round}(low + (high-low)\\,t/100 + \\nu\\,\\epsilon)`
clipped to the scale (``item_noise`` :math:`\\nu` in scale points).

The true delivered value is :math:`D_i = \\sum_{value} w_k t_{ik} - \\sum_{cost} w_k t_{ik}`
with equal weights (or ``weights``), the quantity
:func:`~crm_analysis.satisfaction.delivered_value.delivered_value` estimates.
Without ``satisfaction`` the survey also holds two outcomes on 1-10,
``overall_satisfaction`` and ``repurchase_intention``, drawn from :math:`z_i`
(correlation ``outcome_loading`` with it), so delivered value and satisfaction
are linked through :math:`z`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .exceptions import CRMDataError
from .satisfaction.delivered_value import COMPONENTS, DELIVERED_VALUE_BLOCKS, VALUE_COMPONENTS

__all__ = ["make_delivered_value_survey", "DeliveredValueTruth", "SEGMENT_SHIFTS", "DEFAULT_BASE"]

#: mean true score per component when no segment shift applies (points of 0-100)
DEFAULT_BASE = {**{c: 65.0 for c in VALUE_COMPONENTS}, **{c: 40.0 for c in COMPONENTS if c not in VALUE_COMPONENTS}}

#: planted segment differences (points of 0-100) for the demo company's segments; others get none
SEGMENT_SHIFTS = {
    "retail shop": {"product": 5.0, "money": 12.0},          # price-sensitive resellers
    "restaurant": {"service": -8.0, "time": 15.0},           # deliveries that keep a kitchen waiting
    "office": {"personnel": 10.0, "energy": -10.0},          # a sales rep who does the work for them
    "individual": {"image": 6.0, "psychic": 10.0},           # unsure whether they chose well
}


@dataclass(frozen=True)
class DeliveredValueTruth:
    """What :func:`make_delivered_value_survey` drew from.

    ``scores``: the true component scores (0-100) per respondent; ``delivered_value``
    and ``total_value``/``total_cost``: the true weighted sums; ``driver``: z per respondent;
    the settings ``base``, ``segment_shifts``, ``satisfaction_effect``, ``weights``, ``scale``.
    """

    scores: pd.DataFrame
    total_value: pd.Series
    total_cost: pd.Series
    delivered_value: pd.Series
    driver: pd.Series
    base: dict
    segment_shifts: dict
    satisfaction_effect: float
    weights: dict
    scale: tuple


def make_delivered_value_survey(n_respondents: int = 400, *, customer_ids=None, segments: pd.Series | None = None,
                                satisfaction: pd.Series | None = None, base: dict | None = None,
                                segment_shifts: dict | None = None, satisfaction_effect: float = 4.0,
                                spread: float = 10.0, item_noise: float = 0.6, weights: dict | None = None,
                                scale=(1, 7), date=None, random_state=None, return_truth: bool = False):
    """Simulate answers to the delivered-value items (:data:`DELIVERED_VALUE_BLOCKS`) with known truth.

    Parameters
    ----------
    n_respondents : int
        Respondents when ``customer_ids`` is not given (ids ``"R0001"``...).
    customer_ids : sequence of str, optional
        Link the answers to these customers (text ids, one respondent each).
    segments : Series, optional
        Segment of each customer (indexed by customer id); selects the planted
        ``segment_shifts``.  A ``segment`` column is added to the survey.
    satisfaction : Series, optional
        A satisfaction score per customer (any scale, e.g. an ECSI index);
        standardised, it is the driver *z*, so the delivered value of the
        generated answers rises with it (``satisfaction_effect`` points per sd).
        Customers without a score get z = 0.
    scale : (low, high)
        The answer scale, default 1-7.
    date : str or Timestamp, optional
        Response date written in a ``date`` column.

    Returns
    -------
    DataFrame or (DataFrame, DeliveredValueTruth)
        ``customer_id`` (text), [``segment``], [``date``], the 16 items
        (integers on ``scale``) and, without ``satisfaction``, the outcomes
        ``overall_satisfaction`` and ``repurchase_intention`` (1-10);
        ``attrs["scale"]`` and ``attrs["items"]`` declare the items' scale.
    """
    rng = np.random.default_rng(random_state)
    low, high = scale
    if not low < high:
        raise CRMDataError(f"scale must be (low, high) with low < high, got {scale!r}")
    if customer_ids is None:
        if int(n_respondents) < 1:
            raise CRMDataError(f"n_respondents must be at least 1, got {n_respondents!r}")
        ids = pd.Index([f"R{i:04d}" for i in range(1, int(n_respondents) + 1)], name="customer_id")
    else:
        ids = pd.Index([str(i) for i in customer_ids], name="customer_id")
        if ids.has_duplicates:
            raise CRMDataError(f"customer_ids repeat {list(ids[ids.duplicated()][:5])}: one respondent per customer")
    n = len(ids)
    base = {**DEFAULT_BASE, **(base or {})}
    shifts = SEGMENT_SHIFTS if segment_shifts is None else segment_shifts
    seg = None if segments is None else segments.copy().set_axis(segments.index.astype(str)).reindex(ids)
    if satisfaction is None:
        z = rng.standard_normal(n)
    else:
        s = pd.to_numeric(satisfaction.copy().set_axis(satisfaction.index.astype(str)).reindex(ids), errors="coerce")
        sd = s.std(ddof=0)
        z = ((s - s.mean()) / (sd if sd > 0 else 1.0)).fillna(0.0).to_numpy()
    true = {}
    for c in COMPONENTS:
        sign = 1.0 if c in VALUE_COMPONENTS else -1.0
        shift = np.zeros(n) if seg is None else seg.map(lambda g: shifts.get(g, {}).get(c, 0.0)).fillna(0.0).to_numpy()
        true[c] = np.clip(base[c] + shift + sign * satisfaction_effect * z + spread * rng.standard_normal(n), 0, 100)
    true = pd.DataFrame(true, index=ids)
    survey = pd.DataFrame({"customer_id": list(ids)}, index=pd.RangeIndex(n))
    if seg is not None:
        survey["segment"] = seg.to_numpy()
    if date is not None:
        survey["date"] = pd.Timestamp(date)
    for c in COMPONENTS:
        for item in DELIVERED_VALUE_BLOCKS[c]:
            x = low + (high - low) * true[c].to_numpy() / 100 + item_noise * rng.standard_normal(n)
            survey[item] = np.clip(np.round(x), low, high).astype(int)
    w = pd.Series({c: float((weights or {}).get(c, 1.0)) for c in COMPONENTS})
    w_value = w[list(VALUE_COMPONENTS)] / w[list(VALUE_COMPONENTS)].sum()
    cost_components = [c for c in COMPONENTS if c not in VALUE_COMPONENTS]
    w_cost = w[cost_components] / w[cost_components].sum()
    total_value = true[list(VALUE_COMPONENTS)].mul(w_value).sum(axis=1).rename("total_value")
    total_cost = true[cost_components].mul(w_cost).sum(axis=1).rename("total_cost")
    items = list(DELIVERED_VALUE_BLOCKS[c][k] for c in COMPONENTS for k in range(len(DELIVERED_VALUE_BLOCKS[c])))
    if satisfaction is None:
        for name in ("overall_satisfaction", "repurchase_intention"):
            latent = 0.8 * z + 0.6 * rng.standard_normal(n)
            survey[name] = np.clip(np.round(5.5 + 2.0 * latent), 1, 10).astype(int)
    survey.attrs.update(scale=(low, high), items=items, missing_codes=())
    if not return_truth:
        return survey
    truth = DeliveredValueTruth(scores=true, total_value=total_value, total_cost=total_cost,
                                delivered_value=(total_value - total_cost).rename("delivered_value"),
                                driver=pd.Series(z, index=ids, name="driver"), base=base, segment_shifts=shifts,
                                satisfaction_effect=float(satisfaction_effect),
                                weights={**w_value.to_dict(), **w_cost.to_dict()}, scale=(low, high))
    return survey, truth
