"""Customer delivered value (顾客让渡价值): what the customer gets minus what it costs them.

Kotler's definition, as the course teaches it::

    customer delivered value = total customer value - total customer cost
    total customer value     = product value + service value + personnel value + image value
    total customer cost      = monetary cost + time cost + energy (physical) cost + psychic (mental) cost

A customer buys from the supplier that delivers the most value *as the customer
perceives it*, so the eight components are measured in a survey: each
component has a few rating items (:data:`DELIVERED_VALUE_BLOCKS`, names
``dv_<component><k>``; value items ask "how good", cost items "how costly",
so a higher answer is more value or more cost).

Scores (:func:`delivered_value`), for respondent *i* on a survey scale
``[low, high]``:

* component score: the mean of the component's answered items, rescaled to 0-100,
  :math:`c_{ik} = 100\\,(\\bar x_{ik} - low) / (high - low)`;
* total customer value :math:`V_i = \\sum_{k \\in value} w_k c_{ik}` and total
  customer cost :math:`C_i = \\sum_{k \\in cost} w_k c_{ik}`, each with weights
  summing to one within its side (default equal weights: the course does not
  weigh the components), so both lie in 0-100;
* **delivered value** :math:`D_i = V_i - C_i`, in points of the 0-100 scale,
  between -100 and 100 (positive: the customer gets more than they give);
* the **ratio form** (one of the course's essays writes value as benefit / cost)
  :math:`R_i = \\tilde V_i / \\tilde C_i` with :math:`\\tilde V, \\tilde C` the
  weighted means on the raw answer scale.  A ratio needs a true zero: it is
  only computed for scales that start above 0 (1-5, 1-7, 1-10), and it changes
  when the scale's origin moves, which is why the difference is the main
  measure.

The same weighted sums with unequal ``weights`` model a customer group that
cares more about, say, time than money.  Assumptions: the items of a component
measure it on a common scale (check with Cronbach's alpha,
:func:`crm_analysis.satisfaction.cronbach_alpha`), and value and cost are
measured in the same 0-100 units so that subtracting them means something;
the difference is a *perceived* quantity, not money.

Reference: Kotler, P. (1994) *Marketing Management*, 8th ed., ch. 2 ("customer
delivered value"); Kotler & Keller (2016) ch. 5.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError, DataExclusionWarning
from ..plotting import PALETTE, finish, get_ax
from ..validation import caller_stacklevel, survey_scale

__all__ = ["VALUE_COMPONENTS", "COST_COMPONENTS", "COMPONENTS", "DELIVERED_VALUE_BLOCKS", "DELIVERED_VALUE_ITEMS",
           "delivered_value", "component_profile", "delivered_value_outcomes", "delivered_value_template",
           "plot_delivered_value_components", "plot_value_cost_map"]

#: the four parts of total customer value (higher answer = more value)
VALUE_COMPONENTS = ("product", "service", "personnel", "image")
#: the four parts of total customer cost (higher answer = more cost)
COST_COMPONENTS = ("money", "time", "energy", "psychic")
COMPONENTS = VALUE_COMPONENTS + COST_COMPONENTS
#: default item names: two rating items per component
DELIVERED_VALUE_BLOCKS = {component: [f"dv_{component}{k}" for k in (1, 2)] for component in COMPONENTS}
#: every default item, in survey order
DELIVERED_VALUE_ITEMS = [item for items in DELIVERED_VALUE_BLOCKS.values() for item in items]

_SCORE_COLUMNS = list(COMPONENTS) + ["total_value", "total_cost", "delivered_value", "value_cost_ratio"]


def _side_weights(weights, components, side: str) -> pd.Series:
    given = {} if weights is None else dict(weights)
    unknown = sorted(set(given) - set(COMPONENTS))
    if unknown:
        raise CRMDataError(f"weights name unknown component(s) {unknown}; the components are {list(COMPONENTS)}")
    w = pd.Series({c: float(given.get(c, 1.0)) for c in components})
    if (w < 0).any() or not np.isfinite(w).all():
        raise CRMDataError(f"weights must be finite and >= 0; {side} weights given: {w.to_dict()}")
    if w.sum() <= 0:
        raise CRMDataError(f"the {side} weights sum to 0: give at least one {side} component a positive weight")
    return w / w.sum()


def _check_blocks(blocks) -> dict:
    blocks = dict(DELIVERED_VALUE_BLOCKS if blocks is None else blocks)
    missing = [c for c in COMPONENTS if c not in blocks or not list(blocks[c])]
    if missing:
        raise CRMDataError(f"blocks have no items for component(s) {missing}: delivered value needs all eight "
                           f"({', '.join(COMPONENTS)})")
    extra = sorted(set(blocks) - set(COMPONENTS))
    if extra:
        raise CRMDataError(f"blocks name unknown component(s) {extra}; the components are {list(COMPONENTS)}")
    return {c: list(blocks[c]) for c in COMPONENTS}


def delivered_value(survey: pd.DataFrame, *, blocks: dict | None = None, weights: dict | None = None,
                    scale=None, customer_col: str | None = "customer_id") -> pd.DataFrame:
    """Per-respondent delivered value from the answers to the component items (equation in the module docstring).

    Parameters
    ----------
    survey : DataFrame
        One row per respondent with the item columns of ``blocks``; a
        ``customer_col`` column (text ids) becomes the index when present, else
        the survey's index is kept (a customer who answered more than once is
        scored on the latest response, by a ``date`` column or else the row
        order, with a :class:`DataExclusionWarning`).  Not modified.
    blocks : dict, optional
        Component -> item columns, all eight components (default
        :data:`DELIVERED_VALUE_BLOCKS`).
    weights : dict, optional
        Component -> weight (>= 0); missing components weigh 1; weights are
        normalised to sum to one within the value side and within the cost side.
    scale : (low, high), optional
        The answer scale; default the one declared with the survey
        (``survey.attrs["scale"]``, as :meth:`CustomerStore.survey_table` and
        :func:`crm_analysis.validation.declare_scale` record it).

    Returns
    -------
    DataFrame
        The eight component scores (0-100), ``total_value``, ``total_cost`` (0-100),
        ``delivered_value`` (points, -100..100) and ``value_cost_ratio``
        (raw-scale ratio; NaN when the scale starts at or below 0), indexed by
        customer (or respondent).  ``attrs``: ``scale``, ``weights``, ``blocks``.
        A respondent who answered no item of some component has NaN totals;
        they are counted in a :class:`DataExclusionWarning`.

    Examples
    --------
    One respondent on 1-5 answering 5 to every value item and 1 to every cost
    item gets value 100, cost 0, delivered value 100 and ratio 5 / 1 = 5.
    """
    if not isinstance(survey, pd.DataFrame):
        raise CRMDataError(f"survey must be a DataFrame of answers, got {type(survey).__name__}")
    blocks = _check_blocks(blocks)
    items = [i for c in COMPONENTS for i in blocks[c]]
    absent = [i for i in items if i not in survey.columns]
    if absent:
        raise CRMDataError(f"the survey has no column(s) {absent[:8]}{' ...' if len(absent) > 8 else ''}: "
                           f"delivered value needs the items of every component (see delivered_value_template)")
    low, high = survey_scale(survey, scale, items=items)
    low, high = float(low), float(high)
    data = survey.copy()
    if customer_col and customer_col in data.columns:
        ids = data[customer_col]
        if ids.isna().any():
            rows = list(np.flatnonzero(ids.isna().to_numpy())[:5])
            raise CRMDataError(f"column '{customer_col}' has missing customer ids (rows {rows})")
        data.index = pd.Index(ids.astype(str), name=customer_col)
        if data.index.has_duplicates:  # a customer who answered twice: the latest response counts
            order = (pd.to_datetime(data["date"], errors="coerce").to_numpy() if "date" in data.columns
                     else np.arange(len(data)))
            position = pd.DataFrame({"id": data.index, "order": order, "pos": np.arange(len(data))})
            keep = np.sort(position.sort_values(["id", "order", "pos"], na_position="first", kind="stable")
                           .drop_duplicates("id", keep="last")["pos"].to_numpy())
            warnings.warn(f"{len(data) - len(keep)} of {len(data)} responses left out: not their customer's latest "
                          f"response (by {'date' if 'date' in data.columns else 'row order'})", DataExclusionWarning,
                          stacklevel=caller_stacklevel())
            data = data.iloc[keep]
    answers = data[items].apply(pd.to_numeric, errors="coerce")
    bad = ~answers.isna() & ((answers < low) | (answers > high))
    if bad.to_numpy().any():
        column = bad.any().idxmax()
        rows = list(np.flatnonzero(bad[column].to_numpy())[:5])
        raise CRMDataError(f"column '{column}' has answers outside the scale {low:g}-{high:g} (rows {rows}, e.g. "
                           f"{answers[column].to_numpy()[rows[0]]:g})")
    w_value = _side_weights(weights, VALUE_COMPONENTS, "value")
    w_cost = _side_weights(weights, COST_COMPONENTS, "cost")
    raw = pd.DataFrame({c: answers[blocks[c]].mean(axis=1) for c in COMPONENTS}, index=answers.index)
    scores = 100 * (raw - low) / (high - low)
    out = scores.copy()
    out["total_value"] = scores[list(VALUE_COMPONENTS)].mul(w_value).sum(axis=1, min_count=4)
    out["total_cost"] = scores[list(COST_COMPONENTS)].mul(w_cost).sum(axis=1, min_count=4)
    out["delivered_value"] = out["total_value"] - out["total_cost"]
    if low > 0:
        raw_value = raw[list(VALUE_COMPONENTS)].mul(w_value).sum(axis=1, min_count=4)
        raw_cost = raw[list(COST_COMPONENTS)].mul(w_cost).sum(axis=1, min_count=4)
        out["value_cost_ratio"] = raw_value / raw_cost
    else:
        out["value_cost_ratio"] = np.nan
    incomplete = int(out["delivered_value"].isna().sum())
    if incomplete:
        warnings.warn(f"{incomplete} of {len(out)} respondents answered no item of at least one component: their "
                      f"total value, total cost and delivered value are missing (NaN)", DataExclusionWarning,
                      stacklevel=caller_stacklevel())
    out = out[_SCORE_COLUMNS]
    out.attrs.update(scale=(low, high), weights={**w_value.to_dict(), **w_cost.to_dict()}, blocks=blocks)
    return out


def component_profile(scores: pd.DataFrame, groups: pd.Series | None = None, *, ci_level: float = 0.95
                      ) -> pd.DataFrame:
    """Mean component scores and totals per group (e.g. segment), with the respondents counted.

    Parameters
    ----------
    scores : DataFrame
        The result of :func:`delivered_value`.
    groups : Series, optional
        Group of each respondent, indexed like ``scores`` (customers without a
        group are left out with a :class:`DataExclusionWarning`); default one
        group ``"all"``.

    Returns
    -------
    DataFrame
        One row per group (and a last row ``"all"`` when there are groups):
        ``respondents``, the mean of each component and of ``total_value``,
        ``total_cost``, ``delivered_value``, and ``dv_ci_lower``/``dv_ci_upper``,
        the normal-theory interval of the mean delivered value
        (mean ± z · sd / √n).  Respondents with a missing delivered value are
        not counted (a :class:`DataExclusionWarning` says how many).
    """
    from scipy import stats

    columns = list(COMPONENTS) + ["total_value", "total_cost", "delivered_value"]
    missing = [c for c in columns if c not in scores.columns]
    if missing:
        raise CRMDataError(f"scores lack column(s) {missing}: pass the result of delivered_value()")
    data = scores[columns].dropna(subset=["delivered_value"])
    if len(data) < len(scores):
        warnings.warn(f"{len(scores) - len(data)} of {len(scores)} respondents without a delivered value (a "
                      "component missing) left out of the summary", DataExclusionWarning,
                      stacklevel=caller_stacklevel())
    if groups is None:
        labels = pd.Series("all", index=data.index, name="group")
    else:
        labels = groups.reindex(data.index)
        n_out = int(labels.isna().sum())
        if n_out:
            warnings.warn(f"{n_out} of {len(data)} respondents have no group (not in groups or missing): left out of "
                          f"the group rows, kept in 'all'", DataExclusionWarning, stacklevel=caller_stacklevel())
    z = stats.norm.ppf(0.5 + ci_level / 2)

    def _row(frame):
        n = len(frame)
        row = frame.mean()
        sd = frame["delivered_value"].std(ddof=1) if n > 1 else np.nan
        half = z * sd / np.sqrt(n) if n > 1 else np.nan
        return pd.concat([pd.Series({"respondents": n}), row,
                          pd.Series({"dv_ci_lower": row["delivered_value"] - half,
                                     "dv_ci_upper": row["delivered_value"] + half})])

    rows = {name: _row(frame) for name, frame in data.groupby(labels, sort=True, observed=True)}
    if groups is not None:
        rows["all"] = _row(data)
    table = pd.DataFrame(rows).T
    table["respondents"] = table["respondents"].astype(int)
    table.index.name = "group" if groups is None or groups.name is None else groups.name
    return table


def delivered_value_outcomes(scores: pd.DataFrame, outcomes: pd.DataFrame, *, ci_level: float = 0.95
                             ) -> pd.DataFrame:
    """How delivered value, total value and total cost go with outcomes such as satisfaction and loyalty.

    Pearson correlations with Fisher-z intervals,
    :math:`\\tanh(\\operatorname{artanh} r \\pm z / \\sqrt{n-3})`, over the
    respondents with both values (customers are matched by index).  The theory
    expects delivered value and total value to correlate positively with
    satisfaction and loyalty and total cost negatively.

    Returns
    -------
    DataFrame
        Index (``measure``, ``outcome``) for measure in delivered_value,
        total_value, total_cost; columns ``n, correlation, ci_lower, ci_upper``.
    """
    from scipy import stats

    if not isinstance(outcomes, pd.DataFrame):
        outcomes = pd.DataFrame(outcomes)
    z = stats.norm.ppf(0.5 + ci_level / 2)
    rows = {}
    if outcomes.shape[1] == 0:  # nothing to relate to: an empty table of the same shape
        empty = pd.DataFrame(columns=["n", "correlation", "ci_lower", "ci_upper"],
                             index=pd.MultiIndex.from_tuples([], names=["measure", "outcome"]))
        return empty
    joined = scores[["delivered_value", "total_value", "total_cost"]].join(outcomes, how="inner", rsuffix="_outcome")
    if joined.empty:
        raise CRMDataError("no respondent of the scores is in the outcomes (their indexes share no customer id)")
    for measure in ("delivered_value", "total_value", "total_cost"):
        for outcome in outcomes.columns:
            column = outcome if outcome not in scores.columns or outcome == measure else f"{outcome}_outcome"
            pair = joined[[measure, column]].apply(pd.to_numeric, errors="coerce").dropna()
            n = len(pair)
            if n < 4 or pair[measure].std() == 0 or pair[column].std() == 0:
                r = lo = hi = np.nan
            else:
                r = float(np.corrcoef(pair[measure], pair[column])[0, 1])
                half = z / np.sqrt(n - 3)
                clipped = np.clip(r, -0.999999, 0.999999)
                lo, hi = float(np.tanh(np.arctanh(clipped) - half)), float(np.tanh(np.arctanh(clipped) + half))
            rows[(measure, outcome)] = {"n": n, "correlation": r, "ci_lower": lo, "ci_upper": hi}
    table = pd.DataFrame(rows).T
    table.index.names = ["measure", "outcome"]
    table["n"] = table["n"].astype(int)
    return table


def delivered_value_template(wording: dict | None = None, *, blocks: dict | None = None, scale=(1, 7)
                             ) -> pd.DataFrame:
    """The questionnaire's item list: one row per item with its component, side and the scale.

    ``wording`` maps item -> question text (the report layer passes the en/zh
    wording of its catalogue; an engine holds no prose).  Returns a DataFrame
    indexed by ``item`` with ``component``, ``side`` ("value" or "cost"),
    ``question`` (empty without wording), ``scale_min``, ``scale_max``.
    """
    blocks = _check_blocks(blocks)
    low, high = scale
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise CRMDataError(f"scale must be (low, high) with low < high, got {scale!r}")
    wording = wording or {}
    rows = [{"item": item, "component": c, "side": "value" if c in VALUE_COMPONENTS else "cost",
             "question": wording.get(item, ""), "scale_min": low, "scale_max": high}
            for c in COMPONENTS for item in blocks[c]]
    return pd.DataFrame(rows).set_index("item")


# ---------------------------------------------------------------------------------------------- plots
def plot_delivered_value_components(profile: pd.DataFrame, *, ax=None):
    """Horizontal bars of mean component scores: value components to the right, cost components to the left.

    ``profile`` is a :func:`component_profile` table; each group is one colour.
    The value bars minus the cost bars, averaged per side, is the group's delivered value.
    """
    ax = get_ax(ax, figsize=(8, 4.8))
    rows = profile.drop(index="all") if len(profile) > 1 and "all" in profile.index else profile
    n_groups = len(rows)
    height = 0.8 / max(n_groups, 1)
    positions = np.arange(len(COMPONENTS))
    for g, (name, row) in enumerate(rows.iterrows()):
        signed = [row[c] if c in VALUE_COMPONENTS else -row[c] for c in COMPONENTS]
        ax.barh(positions + (g - (n_groups - 1) / 2) * height, signed, height=height,
                color=PALETTE[g % len(PALETTE)], label=str(name))
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(positions, [_component_label(c) for c in COMPONENTS])
    ax.invert_yaxis()
    ax.set_xlim(-100, 100)
    return finish(ax, title="Value and cost components (mean score, 0-100)",
                  xlabel="Cost (left)  |  value (right), points of 0-100", ylabel="", legend=n_groups > 1)


def _component_label(component: str) -> str:
    side = "value" if component in VALUE_COMPONENTS else "cost"
    return f"{component.capitalize()} {side}" if component != "psychic" else "Psychic cost"


def plot_value_cost_map(scores: pd.DataFrame, *, ax=None, color_by: pd.Series | None = None):
    """Each respondent's total cost (x) against total value (y), 0-100, with the line delivered value = 0.

    Points above the diagonal get more than they give (positive delivered
    value); ``color_by`` (a Series indexed like ``scores``, e.g. churn 0/1)
    colours the points.
    """
    ax = get_ax(ax, figsize=(6, 5))
    data = scores[["total_cost", "total_value"]].dropna()
    if len(data) < len(scores):
        warnings.warn(f"{len(scores) - len(data)} of {len(scores)} respondents without a total value or cost are "
                      "not drawn", DataExclusionWarning, stacklevel=caller_stacklevel())
    if color_by is None:
        ax.scatter(data["total_cost"], data["total_value"], s=10, alpha=0.5, color=PALETTE[0])
    else:
        labels = color_by.reindex(data.index)
        for g, (name, part) in enumerate(data.groupby(labels, sort=True)):
            ax.scatter(part["total_cost"], part["total_value"], s=10, alpha=0.5, color=PALETTE[g % len(PALETTE)],
                       label=str(name))
    ax.plot([0, 100], [0, 100], color="grey", lw=1, ls="--", label="Delivered value = 0")
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    return finish(ax, title="Total customer value against total customer cost",
                  xlabel="Total customer cost (0-100)", ylabel="Total customer value (0-100)", legend=True)
