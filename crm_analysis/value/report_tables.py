"""Report-ready tables, sentences and one figure for the customer-value notebooks.

The notebooks (``notebooks/10_teach_customer_value``, ``11_teach_clv_models``,
``30_mgmt_customer_value``) may not compute anything themselves, so every
number and every sentence with a number in it comes from here:

* :func:`customer_totals` - purchases, revenue and mean spend per customer
  (the first purchase included, unlike :func:`~crm_analysis.value.rfm_summary`);
* :func:`pareto_table`, :func:`customer_share_for_value` and
  :func:`pareto_verdict` - readings of the concentration curve and the 80/20
  claim (C7) in plain English or Chinese;
* :func:`segment_summary` and :func:`plot_count_value_shares` - the *count*
  pyramid next to the *value* pyramid for any grouping (tiers, RFM segments);
* :func:`clv_if_alive`, :func:`valuable_at_risk` and :func:`at_risk_table` -
  "valuable customers at risk" from a BG/NBD-type model and the churn
  engine's :func:`~crm_analysis.churn.early_warning_list`;
* :func:`alive_vs_holdout` - does a low P(alive) really mean "stopped buying"?
* :func:`tier_table`, :func:`value_kpis` and :func:`value_findings` - the
  management report's tier table, KPI values and conclusions.

Texts come in ``lang="en"`` or ``"zh"``; figures stay English (see
:mod:`crm_analysis.value.plots`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import CRMDataError
from ..plotting import PALETTE, finish, get_ax
from ..reports.labels import language_index
from ..timegrid import OPPORTUNITY, summary_time_unit, unit_name
from ..validation import check_columns, offending_rows
from .concentration import (PYRAMID_ACTIONS, PYRAMID_LABELS_ZH, QUADRANT_ACTIONS, QUADRANT_LABELS_ZH, _values,
                            top_share)
from .rfm import purchase_periods

__all__ = ["customer_totals", "pareto_table", "customer_share_for_value", "pareto_verdict", "segment_summary",
           "plot_count_value_shares", "clv_if_alive", "valuable_at_risk", "at_risk_table", "alive_vs_holdout",
           "tier_table", "value_kpis", "value_findings", "action_table", "format_table", "PYRAMID_ACTIONS_ZH", "QUADRANT_ACTIONS_ZH"]


#: the pyramid actions of :data:`~crm_analysis.value.concentration.PYRAMID_ACTIONS` in Chinese
PYRAMID_ACTIONS_ZH = {
    "key": "集中资源：专属服务、忠诚奖励，重点防止流失",
    "ordinary": "提升：交叉销售和向上销售，提高钱包份额",
    "small": "低成本服务（自助、线上渠道）；提升其中有潜力的客户",
    "bad": "降低服务成本或重新定价；考虑终止关系",
}

#: the quadrant actions of :data:`~crm_analysis.value.concentration.QUADRANT_ACTIONS` in Chinese
QUADRANT_ACTIONS_ZH = {
    "true friends": "奖励并保留：持续沟通，培养态度忠诚",
    "butterflies": "在其购买时充分获利；不要在保留上过度投入",
    "barnacles": "扩大钱包份额（交叉销售、向上销售）或降低服务成本",
    "strangers": "每笔交易都要盈利；尽量少做关系投入",
}

_COLUMNS = {
    "tier": ("Tier", "客户层级"),
    "customers": ("Customers", "客户数"),
    "customer_share": ("% of customers", "客户占比（%）"),
    "revenue": ("Revenue (USD)", "收入（美元）"),
    "revenue_share": ("% of revenue", "收入占比（%）"),
    "expected_value": ("Expected value, next {h} months (USD)", "未来{h}个月预期价值（美元）"),
    "action": ("Suggested action", "建议措施"),
    "group": ("Group", "客户群"),
    "customer": ("Customer", "客户"),
    "frequency": ("Repeat purchases", "重复购买次数"),
    "silent": ("{unit_en} since last purchase", "距上次购买（{unit_zh}）"),
    "p_alive": ("P(still active) (%)", "仍活跃概率（%）"),
    "value_if_alive": ("Value if still active (USD)", "若仍活跃的价值（美元）"),
    "value_at_risk": ("Value at risk (USD)", "风险价值（美元）"),
}

_WHAT = {"revenue": ("revenue", "收入"), "profit": ("profit", "利润"), "value": ("value", "价值")}


_UNIT_ZH = {"D": "天", "W": "周", "M": "月", "Q": "季度", "Y": "年", OPPORTUNITY: "次机会"}


def _column(key: str, lang: str, **fmt) -> str:
    return _COLUMNS[key][language_index(lang)].format(**fmt)


# ---------------------------------------------------------------------- per-customer totals
def customer_totals(transactions: pd.DataFrame, *, customer_col: str = "customer_id", date_col: str = "date",
                    amount_col: str = "amount", observation_end=None, purchase_period: str | None = "D"
                    ) -> pd.DataFrame:
    """Purchases, revenue and mean spend per purchase of each customer, first purchase included.

    :func:`~crm_analysis.value.rfm_summary` describes the *repeat* purchases
    (what the BG/NBD and Gamma-Gamma models need), so its ``monetary_value``
    is 0 for one-time buyers.  Concentration, tiers and the frequency x spend
    quadrants are about everything a customer bought, which this table gives:

    * ``purchases`` - distinct purchase periods (``frequency + 1`` of the summary);
    * ``revenue`` - total amount (returns, i.e. negative amounts, and purchases
      after ``observation_end`` are excluded with a warning, as in ``rfm_summary``);
    * ``mean_spend`` - ``revenue / purchases``.

    >>> tx = pd.DataFrame({"customer_id": [1, 1, 1, 2], "amount": [10.0, 5.0, 30.0, 8.0],
    ...                    "date": ["2024-01-01", "2024-01-01", "2024-02-01", "2024-01-05"]})
    >>> customer_totals(tx).to_dict("index")[1]
    {'purchases': 2, 'revenue': 45.0, 'mean_spend': 22.5}
    """
    periods = purchase_periods(transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
                               observation_end=observation_end, purchase_period=purchase_period)
    grouped = periods.groupby("customer", sort=True)
    totals = pd.DataFrame({"purchases": grouped["period"].nunique().astype(np.int64),
                           "revenue": grouped["amount"].sum()})
    totals["mean_spend"] = totals["revenue"] / totals["purchases"]
    totals.index.name = customer_col
    return totals


# ---------------------------------------------------------------------- concentration readings
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


def pareto_verdict(result: pd.Series, claim: float = 0.8, *, what: str = "revenue", lang: str = "en") -> str:
    """One-sentence reading of a :func:`top_share` result against the claimed share (C7: 80 %).

    The claim is *supported* when the bootstrap interval covers it; otherwise
    the sentence says whether value is more or less concentrated than claimed.

    >>> r = pd.Series({"share": 0.2, "value_share": 0.68, "ci_lower": 0.65, "ci_upper": 0.70})
    >>> pareto_verdict(r)[:59]
    'The top 20% of customers bring 68% of revenue (95% interval'
    """
    i = language_index(lang)
    missing = [k for k in ["share", "value_share", "ci_lower", "ci_upper"] if k not in result.index]
    if missing:
        raise CRMDataError(f"result must be a top_share() result; missing {missing}")
    if what not in _WHAT:
        raise CRMDataError(f"what must be one of {sorted(_WHAT)}, got {what!r}")
    noun = _WHAT[what][i]
    share, est, low, high = (float(result[k]) for k in ["share", "value_share", "ci_lower", "ci_upper"])
    level = float(result.get("ci_level", 0.95))
    rule = f"{share:.0%}/{claim:.0%}" if lang == "en" else f"“{share:.0%}/{claim:.0%}法则”"
    if lang == "en":
        head = (f"The top {share:.0%} of customers bring {est:.0%} of {noun} ({level:.0%} interval "
                f"{low:.0%} to {high:.0%}).")
        if low <= claim <= high:
            return f"{head} The interval covers {claim:.0%}: the data are consistent with the {rule} rule."
        if high < claim:
            return (f"{head} The interval lies below {claim:.0%}: {noun} is concentrated, but less than the "
                    f"{rule} rule says.")
        return f"{head} The interval lies above {claim:.0%}: {noun} is even more concentrated than the {rule} rule says."
    head = f"前 {share:.0%} 的客户贡献了 {est:.0%} 的{noun}（{level:.0%} 置信区间 {low:.0%} 至 {high:.0%}）。"
    if low <= claim <= high:
        return f"{head}区间包含 {claim:.0%}：数据与{rule}一致。"
    if high < claim:
        return f"{head}区间低于 {claim:.0%}：{noun}是集中的，但集中程度不及{rule}所说。"
    return f"{head}区间高于 {claim:.0%}：{noun}比{rule}所说的还要集中。"


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


def plot_count_value_shares(table: pd.DataFrame, *, value_name: str = "revenue", ax=None):
    """Side-by-side bars: each group's share of customers and share of value (count vs value pyramid).

    ``table`` has ``customer_share`` and ``value_share`` columns (a pyramid
    table or :func:`segment_summary`); rows are drawn top to bottom.
    """
    check_columns(table, ["customer_share", "value_share"], name="table")
    ax = get_ax(ax)
    rows = np.arange(len(table))[::-1]
    height = 0.38
    ax.barh(rows + height / 2, 100 * table["customer_share"], height, color=PALETTE[0], label="Share of customers")
    ax.barh(rows - height / 2, 100 * table["value_share"], height, color=PALETTE[1], label=f"Share of {value_name}")
    for y, c, v in zip(rows, table["customer_share"], table["value_share"]):
        ax.text(100 * c + 1, y + height / 2, f"{c:.0%}", va="center", fontsize=8)
        ax.text(100 * v + 1, y - height / 2, f"{v:.0%}", va="center", fontsize=8)
    ax.set_yticks(rows, [str(i) for i in table.index])
    ax.set_xlim(0, 110)
    return finish(ax, title=f"Customers vs {value_name} by group", xlabel="Share of the total (%)",
                  ylabel=str(table.index.name or "Group"))


# ---------------------------------------------------------------------- valuable customers at risk
def clv_if_alive(clv: pd.Series, p_alive: pd.Series) -> pd.Series:
    """Value of each customer *if still active*: ``clv / p_alive``.

    For the BG/NBD family and Pareto/NBD the conditional expectation factors as
    :math:`E[X(t)\\mid\\text{data}] = P(\\text{alive}\\mid\\text{data})\\,E[X(t)\\mid\\text{alive},\\text{data}]`
    (a dead customer buys nothing), and so does the CLV built from it.  So
    ``clv / p_alive`` is what the customer is worth if still active, and
    ``(1 - p_alive) * clv / p_alive`` is the value expected to be lost because
    the customer may have left: the ``value_at_risk`` that
    :func:`~crm_analysis.churn.early_warning_list` computes when given this as
    ``value`` and ``p_alive``.  (``clv`` itself already counts the risk, so
    ``(1 - p_alive) * clv`` would count it twice.)
    """
    if not isinstance(clv, pd.Series) or not isinstance(p_alive, pd.Series):
        raise CRMDataError("clv and p_alive must be Series indexed by customer")
    missing = ~clv.index.isin(p_alive.index)
    if missing.any():
        raise CRMDataError(f"p_alive has no value for customers {offending_rows(missing, clv.index)}")
    p = p_alive.reindex(clv.index).astype(float)
    bad = p.isna() | (p <= 0) | (p > 1)
    if bad.any():
        raise CRMDataError(f"p_alive must lie in (0, 1]; bad values in {offending_rows(bad, clv.index)}")
    return (clv.astype(float) / p).rename("clv_if_alive")


def valuable_at_risk(warning: pd.DataFrame, *, valuable_share: float = 0.2, max_p_alive: float = 0.5
                     ) -> pd.DataFrame:
    """The rows of a full early-warning list that are valuable *and* probably leaving.

    ``warning`` is :func:`~crm_analysis.churn.early_warning_list` over all
    customers (no ``top``), with ``value`` the value if still active
    (:func:`clv_if_alive`).  Valuable: ``value`` at or above its
    ``1 - valuable_share`` quantile (the top 20 % by default).  At risk:
    P(alive) = ``1 - p_churn`` below ``max_p_alive``.  The result keeps the
    list's order (largest value at risk first) and renumbers ``rank``.
    """
    check_columns(warning, ["p_churn", "value", "value_at_risk"], name="warning")
    if not 0 < valuable_share <= 1 or not 0 < max_p_alive <= 1:
        raise CRMDataError("valuable_share and max_p_alive must lie in (0, 1]")
    threshold = warning["value"].quantile(1 - valuable_share)
    keep = (warning["value"] >= threshold) & (1 - warning["p_churn"] < max_p_alive)
    out = warning.loc[keep].sort_values("value_at_risk", ascending=False, kind="stable").copy()
    out["rank"] = np.arange(1, len(out) + 1)
    return out


def at_risk_table(at_risk: pd.DataFrame, summary: pd.DataFrame, *, top: int = 10, lang: str = "en",
                  time_unit: str | None = None) -> pd.DataFrame:
    """A short, rounded, translated list of valuable customers at risk for a report.

    Columns: repeat purchases, time since the last purchase (``T - recency``,
    headed with the summary's recorded unit, e.g. "Weeks since last purchase";
    ``time_unit`` only for a summary without a record), P(still active) in %,
    value if still active and value at risk (whole dollars); indexed by customer.
    """
    unit = summary_time_unit(summary, time_unit)
    check_columns(at_risk, ["p_churn", "value", "value_at_risk"], name="at_risk")
    check_columns(summary, ["frequency", "recency", "T"], name="summary")
    rows = at_risk.head(top)
    missing = ~rows.index.isin(summary.index)
    if missing.any():
        raise CRMDataError(f"summary has no row for customers {offending_rows(missing, rows.index)}")
    s = summary.loc[rows.index]
    table = pd.DataFrame({
        _column("frequency", lang): s["frequency"].astype(int),
        _column("silent", lang, unit_en=unit_name(unit).capitalize(), unit_zh=_UNIT_ZH[unit]):
            (s["T"] - s["recency"]).round().astype(int),
        _column("p_alive", lang): (100 * (1 - rows["p_churn"])).round().astype(int),
        _column("value_if_alive", lang): rows["value"].round().astype(int),
        _column("value_at_risk", lang): rows["value_at_risk"].round().astype(int),
    }, index=rows.index)
    table.index.name = _column("customer", lang)
    return table


def alive_vs_holdout(p_alive: pd.Series, holdout_purchases: pd.Series,
                     bins=(0.0, 0.2, 0.4, 0.6, 0.8, 1.0)) -> pd.DataFrame:
    """Does P(alive) at the end of calibration predict who buys again in the holdout?

    Customers are grouped by P(alive) band (right-closed, the first band
    includes 0); per band: ``customers``, ``mean_p_alive``, ``bought_again``
    (share with at least one holdout purchase) and ``mean_purchases``.  A
    useful churn warning shows ``bought_again`` rising with P(alive).  (Even an
    active customer may not buy in a short holdout, so ``bought_again`` sits
    below ``mean_p_alive`` for rare buyers.)
    """
    if not isinstance(p_alive, pd.Series) or not isinstance(holdout_purchases, pd.Series):
        raise CRMDataError("p_alive and holdout_purchases must be Series indexed by customer")
    missing = ~p_alive.index.isin(holdout_purchases.index)
    if missing.any():
        raise CRMDataError(f"holdout_purchases has no value for customers {offending_rows(missing, p_alive.index)}")
    bins = np.asarray(bins, dtype=float)
    labels = [f"{lo:.0%}-{hi:.0%}" for lo, hi in zip(bins[:-1], bins[1:])]
    band = pd.cut(p_alive, bins, labels=labels, include_lowest=True)
    purchases = holdout_purchases.reindex(p_alive.index).astype(float)
    frame = pd.DataFrame({"p_alive": p_alive.astype(float), "bought": (purchases > 0).astype(float),
                          "purchases": purchases})
    grouped = frame.groupby(band, observed=False)
    table = pd.DataFrame({"customers": grouped.size(), "mean_p_alive": grouped["p_alive"].mean(),
                          "bought_again": grouped["bought"].mean(), "mean_purchases": grouped["purchases"].mean()})
    table.index.name = "p_alive_band"
    return table


# ---------------------------------------------------------------------- management tables and text
def tier_table(pyramid, expected_value: pd.Series | None = None, *, horizon: int = 12, lang: str = "en"
               ) -> pd.DataFrame:
    """The customer pyramid as a report table: tier, customers, revenue, shares, [expected value], action.

    ``pyramid`` is a :func:`~crm_analysis.value.customer_pyramid` result on
    revenue; ``expected_value`` (e.g. CLV over ``horizon`` months, indexed by
    customer) adds each tier's expected future value.  Empty tiers (e.g. no
    bad customers without cost data) are left out; shares are whole percents.
    """
    i = language_index(lang)
    table = pyramid.table
    tiers = pyramid.tiers
    rows = table.index[table["customers"] > 0]
    out = pd.DataFrame(index=pd.Index([PYRAMID_LABELS_ZH[t] if i else t.capitalize() for t in rows],
                                      name=_column("tier", lang)))
    out[_column("customers", lang)] = table.loc[rows, "customers"].astype(int).to_numpy()
    out[_column("customer_share", lang)] = (100 * table.loc[rows, "customer_share"]).round().astype(int).to_numpy()
    out[_column("revenue", lang)] = table.loc[rows, "value"].round().astype(int).to_numpy()
    out[_column("revenue_share", lang)] = (100 * table.loc[rows, "value_share"]).round().astype(int).to_numpy()
    if expected_value is not None:
        by_tier = expected_value.reindex(tiers.index).groupby(tiers, observed=False).sum()
        out[_column("expected_value", lang, h=horizon)] = by_tier.reindex(rows).round().astype(int).to_numpy()
    actions = PYRAMID_ACTIONS_ZH if i else PYRAMID_ACTIONS
    out[_column("action", lang)] = [actions[t] for t in rows]
    return out


def action_table(table: pd.DataFrame, *, lang: str = "en") -> pd.DataFrame:
    """Group name, customers and suggested action of a pyramid or quadrant table, in ``lang``.

    ``table`` is the ``table`` of :func:`~crm_analysis.value.customer_pyramid`
    or :func:`~crm_analysis.value.frequency_spend_quadrants` (indexed by tier
    or quadrant name).

    >>> from crm_analysis.value import customer_pyramid
    >>> action_table(customer_pyramid([5, 3, 1]).table, lang="zh").iloc[0, 1][:4]
    '集中资源'
    """
    i = language_index(lang)
    check_columns(table, ["customers"], name="table")
    names = {**PYRAMID_LABELS_ZH, **QUADRANT_LABELS_ZH}
    actions = [{**PYRAMID_ACTIONS, **QUADRANT_ACTIONS}, {**PYRAMID_ACTIONS_ZH, **QUADRANT_ACTIONS_ZH}][i]
    unknown = [g for g in table.index if g not in actions]
    if unknown:
        raise CRMDataError(f"no suggested action for groups {unknown}: pass a pyramid or quadrant table")
    out = pd.DataFrame({_column("customers", lang): table["customers"].astype(int).to_numpy(),
                        _column("action", lang): [actions[g] for g in table.index]},
                       index=pd.Index([names[g] if i else g for g in table.index], name=_column("group", lang)))
    return out


def value_kpis(revenue: pd.Series, clv: pd.Series, pareto: pd.Series, at_risk: pd.DataFrame) -> dict:
    """Values for :func:`crm_analysis.reports.kpi_table`, keyed by its label keys.

    ``customers``, ``revenue`` and ``customer_equity`` (sum of CLV) in whole
    dollars, ``top20_share`` as a percent string from a :func:`top_share`
    result with ``share=0.2``, ``customers_at_risk`` and ``value_at_risk`` from
    :func:`valuable_at_risk`.
    """
    if not np.isclose(float(pareto["share"]), 0.2):
        raise CRMDataError(f"the KPI is the top-20% share; got a top_share result for share={pareto['share']}")
    return {"customers": int(len(revenue)), "revenue": int(round(float(revenue.sum()))),
            "customer_equity": int(round(float(clv.sum()))),
            "top20_share": f"{float(pareto['value_share']):.0%}",
            "customers_at_risk": int(len(at_risk)),
            "value_at_risk": int(round(float(at_risk["value_at_risk"].sum())))}


def value_findings(pareto: pd.Series, pyramid, clv: pd.Series, at_risk: pd.DataFrame, *, horizon: int = 12,
                   discount_rate: float = 0.10, valuable_share: float = 0.2, max_p_alive: float = 0.5,
                   lang: str = "en") -> str:
    """The management report's conclusions as Markdown bullets, every number computed from the inputs.

    ``pareto``: :func:`top_share` of revenue; ``pyramid``: :func:`customer_pyramid`
    of revenue; ``clv``: CLV over ``horizon`` months at ``discount_rate`` a
    year; ``at_risk``: :func:`valuable_at_risk` (with the same
    ``valuable_share`` and ``max_p_alive``).
    """
    i = language_index(lang)
    table = pyramid.table
    key, small = table.loc["key"], table.loc["small"]
    equity = float(clv.sum())
    half = customer_share_for_value(clv.clip(lower=0), 0.5)
    lost_if_alive = float(at_risk["value"].sum())
    loss = float(at_risk["value_at_risk"].sum())
    if i == 0:
        lines = [
            pareto_verdict(pareto, lang="en"),
            f"**Key customers**: {int(key['customers']):,} customers ({key['customer_share']:.0%} of all) bring "
            f"{key['value_share']:.0%} of revenue; small customers ({small['customer_share']:.0%} of all) bring "
            f"{small['value_share']:.0%}.",
            f"**Customer equity**: today's {len(clv):,} customers are expected to bring USD {equity:,.0f} over the "
            f"next {horizon} months (discounted at {discount_rate:.0%} a year); half of it comes from the top "
            f"{half:.1%} of customers.",
            f"**Valuable customers at risk**: {len(at_risk):,} of the top {valuable_share:.0%} of customers by value "
            f"have less than a {max_p_alive:.0%} chance of still being active. Still active, they would bring "
            f"USD {lost_if_alive:,.0f} in the next {horizon} months; the expected loss is USD {loss:,.0f}. "
            f"The list below ranks them: contact them first.",
        ]
    else:
        lines = [
            pareto_verdict(pareto, lang="zh"),
            f"**关键客户**：{int(key['customers']):,} 位客户（占全部客户的 {key['customer_share']:.0%}）贡献了 "
            f"{key['value_share']:.0%} 的收入；小客户（占 {small['customer_share']:.0%}）只贡献 {small['value_share']:.0%}。",
            f"**客户资产**：现有 {len(clv):,} 位客户预计在未来 {horizon} 个月带来 {equity:,.0f} 美元"
            f"（按年 {discount_rate:.0%} 折现）；其中一半来自价值最高的 {half:.1%} 的客户。",
            f"**高价值流失风险客户**：在价值最高的 {valuable_share:.0%} 客户中，有 {len(at_risk):,} 位仍活跃的概率低于 "
            f"{max_p_alive:.0%}。若他们仍然活跃，未来 {horizon} 个月将带来 {lost_if_alive:,.0f} 美元；预期损失为 "
            f"{loss:,.0f} 美元。下表按风险价值排序：请优先联系。",
        ]
    return "\n".join(f"- {line}" for line in lines)


def format_table(table: pd.DataFrame, decimals: int = 2) -> pd.DataFrame:
    """A display copy of a report table: numbers as text with thousands separators.

    Whole-number columns become ``"12,345"``, other numeric columns get
    ``decimals`` decimals (``"1,234.57"``); text columns and the index are
    kept.  The input is not modified.

    >>> format_table(pd.DataFrame({"n": [1234567], "x": [0.5], "s": ["a"]})).iloc[0].tolist()
    ['1,234,567', '0.50', 'a']
    """
    out = table.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
            continue
        if pd.api.types.is_integer_dtype(values):
            out[column] = [f"{v:,}" for v in values]
        else:
            out[column] = [f"{v:,.{decimals}f}" if pd.notna(v) else "" for v in values]
    return out
