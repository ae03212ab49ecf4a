"""Page helpers of notebook 17, customer tiers: the two periods, the profit pyramid, quadrants, migration, upgrades.

The windows compared (:func:`two_periods`) and what the page needs
(:func:`require_costs`), the profit pyramid and whale curve, the revenue x
cost-to-serve quadrants, the tier migration between the periods and the
upgrade candidates with their backtest; money columns in whole currency units.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import Markdown

from ..catalogue import has_text, text
from ..format import count, display_table, percent
from ..page import kpi_table
from ..value import PageTable, page_table

__all__ = ["tier_name", "two_periods", "require_costs", "periods_sentence", "profit_kpis", "pyramid_table",
           "whale_sentence", "quadrant_table", "big_not_good_sentence", "migration_table", "movement_table",
           "prediction_sentence", "upgrade_sentence", "upgrade_table", "upgrade_list", "backtest_table",
           "candidates_note"]


# ------------------------------------------------------------------------------------ 17: tiers
def _whole_money_table(frame: pd.DataFrame, context, lang: str, *, money=(), counts=(), percents=(),
                       missing: str = "missing_cell") -> PageTable:
    """A page table whose money columns are whole currency units (totals of a period)."""
    shown = display_table(frame, lang, money_columns=list(money), currency_code=context.currency.code,
                          counts=list(counts), percents=list(percents), money_digits=0)
    has_missing = bool((shown == "–").to_numpy().any())
    note = text(missing, lang) if has_missing else ""
    if note and not note.rstrip().endswith(text("full_stop", lang)):
        note += text("full_stop", lang)
    return PageTable(shown, note)



#: catalogue keys of the quadrant names of crm_analysis.value.profit.COST_QUADRANTS (report 33's entries)
_QUADRANT_KEYS = {"high revenue, high cost": "high_high", "high revenue, low cost": "high_low",
                  "low revenue, high cost": "low_high", "low revenue, low cost": "low_low"}


def tier_name(tier, lang: str = "en") -> str:
    """A tier (key, ordinary, small, bad) or migration row/column (new, lost, none) in ``lang``."""
    for key in (f"value_tier_{tier}", f"cb_tier_{tier}"):
        if has_text(key):
            return text(key, lang)
    return str(tier)


def two_periods(context, end: str = "", months: int = 12):
    """Two back-to-back windows of ``months`` months ending on ``end`` (default: the last transaction day).

    Returns ``(first, second)``, each ``(start, end)`` as ISO dates, both days
    included: the second window is the ``months`` months up to ``end``, the
    first the ``months`` months before it.
    """
    from ...exceptions import CRMDataError

    last = pd.Timestamp(end) if str(end).strip() else context.last
    if last is None:
        raise CRMDataError("the database has no transactions: the periods are windows of purchase dates")
    last = last.normalize()
    second_start = last + pd.Timedelta(days=1) - pd.DateOffset(months=int(months))  # month ends stay month ends
    first_end = second_start - pd.Timedelta(days=1)
    first_start = second_start - pd.DateOffset(months=int(months))
    iso = lambda day: day.date().isoformat()  # noqa: E731
    return (iso(first_start), iso(first_end)), (iso(second_start), iso(last))


def require_costs(db, lang: str = "en", *, store_command: str = "DB") -> None:
    """End the page with what to import when the database lacks transactions or the customers' cost to serve."""
    from ..exports import needs_data

    tables = db.tables()
    if "transactions" not in tables or not db.describe().get("n_transactions"):
        needs_data(text("tl_needs_transactions", lang),
                   f"crm-analysis import transactions orders.csv --store {store_command} --customer-col CUSTOMER "
                   f"--date-col DATE --amount-col AMOUNT", lang)
    customers = db.customers() if "customers" in tables else pd.DataFrame()
    if "cost_to_serve" not in customers.columns or customers["cost_to_serve"].isna().all():
        needs_data(text("tl_needs_costs", lang),
                   f"crm-analysis import customers customers.csv --store {store_command} --customer-col CUSTOMER "
                   f"--cost-to-serve-col COST_PER_ORDER", lang)


def periods_sentence(first, second, lang: str = "en") -> Markdown:
    return Markdown(text("tl_periods", lang, first_start=first[0], first_end=first[1], second_start=second[0],
                         second_end=second[1]))


def profit_kpis(profit: pd.DataFrame, pyramid, context, lang: str = "en") -> pd.DataFrame:
    """Customers with a purchase, revenue, gross margin, cost to serve, profit and bad customers of the window."""
    bad = int((profit["profit"] < 0).sum())
    return kpi_table({
        "tl_kpi_buyers": count(len(profit)),
        "tl_kpi_revenue": context.money(profit["revenue"].sum(), lang),
        "tl_kpi_margin": context.money(profit["gross_margin"].sum(), lang),
        "tl_kpi_cost": context.money(profit["cost_to_serve"].sum(), lang),
        "tl_kpi_profit": context.money(profit["profit"].sum(), lang),
        "tl_kpi_bad": text("tl_dv_kpi_negative_value", lang, n=count(bad), total=count(len(profit)),
                           share=percent(bad / len(profit), 1)),
    }, lang)


def pyramid_table(pyramid, context, lang: str = "en") -> PageTable:
    """The profit pyramid per tier: customers, shares, profit, mean profit, suggested action (in ``lang``)."""
    from ..value import action_name

    table = pyramid.table
    unit = context.unit(lang)
    shown = pd.DataFrame({
        text("tl_customers", lang): table["customers"].to_numpy(),
        text("tl_customer_share", lang): table["customer_share"].to_numpy(),
        text("tl_profit", lang, currency=unit): table["profit"].to_numpy(),
        text("tl_profit_share", lang): table["profit_share"].to_numpy(),
        text("tl_mean_profit", lang, currency=unit): table["mean_profit"].to_numpy(),
        text("value_col_action", lang): [action_name(t, lang) for t in table.index],
    }, index=pd.Index([tier_name(t, lang) for t in table.index], name=text("value_col_tier", lang)))
    return _whole_money_table(shown, context, lang, counts=[text("tl_customers", lang)],
                      percents=[text("tl_customer_share", lang), text("tl_profit_share", lang)],
                      money=[text("tl_profit", lang, currency=unit), text("tl_mean_profit", lang, currency=unit)],
                      missing="value_missing_no_customer")


def whale_sentence(curve: pd.DataFrame, pyramid, lang: str = "en") -> Markdown:
    """Top 20 % share of profit, the peak of the whale curve, and what the bad customers take back."""
    n = len(curve) - 1
    top = int(np.ceil(0.2 * n - 1e-9))
    top_share = float(curve["profit_share"].iloc[top])
    bad = pyramid.table.loc["bad"]
    if int(bad["customers"]) == 0:   # no loss-making customer: the curve ends at its peak, nothing is taken back
        return Markdown(text("tl_whale_sentence_no_bad", lang, n=count(n), top=percent(top_share, 0)))
    return Markdown(text("tl_whale_sentence", lang, n=count(n), top=percent(top_share, 0),
                         peak=percent(curve.attrs["peak_profit_share"], 0),
                         peak_customers=percent(curve.attrs["peak_customer_share"], 0),
                         bad=count(bad["customers"]), lost=percent(curve.attrs["peak_profit_share"] - 1, 0)))


def quadrant_table(quadrants, context, lang: str = "en") -> PageTable:
    """Revenue x cost-to-serve quadrants: customers, revenue and profit shares, unprofitable customers, action."""
    table = quadrants.table
    shown = pd.DataFrame({
        text("tl_customers", lang): table["customers"].to_numpy(),
        text("tl_revenue_share", lang): table["revenue_share"].to_numpy(),
        text("tl_profit_share", lang): table["profit_share"].to_numpy(),
        text("tl_unprofitable", lang): table["unprofitable"].to_numpy(),
        text("tl_unprofitable_share", lang): table["unprofitable_share"].to_numpy(),
        text("value_col_action", lang): [text(f"cb_action_{_QUADRANT_KEYS[q]}", lang) for q in table.index],
    }, index=pd.Index([text(f"cb_quadrant_{_QUADRANT_KEYS[q]}", lang) for q in table.index],
                      name=text("tl_quadrant", lang)))
    return page_table(shown, context, lang,
                      counts=[text("tl_customers", lang), text("tl_unprofitable", lang)],
                      percents=[text("tl_revenue_share", lang), text("tl_profit_share", lang),
                                text("tl_unprofitable_share", lang)], missing="value_missing_no_customer")


def big_not_good_sentence(profit: pd.DataFrame, quadrants, context, lang: str = "en") -> Markdown:
    """How many of the top-revenue quintile lose money, and how much."""
    revenue = profit["revenue"]
    big = profit.loc[revenue >= revenue.quantile(0.8)]
    losing = big.loc[big["profit"] < 0]
    return Markdown(text("tl_big_not_good", lang, n=count(len(big)), k=count(len(losing)),
                         loss=context.money(-losing["profit"].sum(), lang)))


def migration_table(migration, lang: str = "en") -> pd.DataFrame:
    """The migration matrix with tier names in ``lang`` (rows: first period, columns: second)."""
    matrix = migration.matrix.copy()
    matrix.index = pd.Index([tier_name(t, lang) for t in matrix.index], name=text("tl_first_tier", lang))
    matrix.columns = pd.Index([tier_name(t, lang) for t in matrix.columns], name=text("tl_second_tier", lang))
    return matrix.astype(int)


def movement_table(migration, context, lang: str = "en") -> PageTable:
    """Customers and revenue per movement (upgraded, stayed, downgraded, lost, new) in ``lang``."""
    summary = migration.summary
    unit = context.unit(lang)
    shown = pd.DataFrame({
        text("tl_customers", lang): summary["customers"].to_numpy(),
        text("tl_first_revenue", lang, currency=unit): summary["first_revenue"].to_numpy(),
        text("tl_second_revenue", lang, currency=unit): summary["second_revenue"].to_numpy(),
        text("tl_change", lang, currency=unit): summary["change"].to_numpy(),
    }, index=pd.Index([text(f"tl_movement_{m}", lang) for m in summary.index], name=text("tl_movement", lang)))
    money = [text("tl_first_revenue", lang, currency=unit), text("tl_second_revenue", lang, currency=unit),
             text("tl_change", lang, currency=unit)]
    return _whole_money_table(shown, context, lang, counts=[text("tl_customers", lang)], money=money)


def prediction_sentence(months: int, margin: float, margin_source: str, lang: str = "en") -> Markdown:
    return Markdown(text("tl_prediction", lang, months=months, margin=percent(margin, 0),
                         source=text(f"tl_margin_{margin_source}", lang)))


def upgrade_sentence(potential: pd.DataFrame, context, lang: str = "en") -> Markdown:
    """The key threshold, how many lower-tier customers were scored and how many are candidates."""
    attrs = potential.attrs
    candidates = int(potential["candidate"].sum())
    by_tier = potential.loc[potential["candidate"], "tier"].value_counts()
    return Markdown(text("tl_upgrade_sentence", lang, threshold=context.money(attrs["key_threshold"], lang),
                         n_key=count(attrs["n_key"]), n=count(len(potential)), k=count(candidates),
                         near=percent(attrs["near"], 0), ordinary=count(by_tier.get("ordinary", 0)),
                         small=count(by_tier.get("small", 0))))


def upgrade_table(potential: pd.DataFrame, context, lang: str = "en", *, top: int = 10,
                  candidates_only: bool = True) -> PageTable:
    """The first ``top`` upgrade candidates (highest reach first): tier, profit now, predicted, gap, reach."""
    rows = potential.loc[potential["candidate"]] if candidates_only else potential
    rows = rows.head(top)
    unit = context.unit(lang)
    shown = pd.DataFrame({
        text("value_col_tier", lang): [tier_name(t, lang) for t in rows["tier"]],
        text("tl_profit", lang, currency=unit): rows["value"].to_numpy(),
        text("tl_predicted", lang, currency=unit): rows["predicted"].to_numpy(),
        text("tl_gap", lang, currency=unit): rows["gap"].to_numpy(),
        text("tl_reach", lang): rows["reach"].to_numpy(),
    }, index=pd.Index(rows.index, name=text("value_col_customer", lang)))
    money = [text("tl_profit", lang, currency=unit), text("tl_predicted", lang, currency=unit),
             text("tl_gap", lang, currency=unit)]
    return _whole_money_table(shown, context, lang, money=money, percents=[text("tl_reach", lang)])


def upgrade_list(potential: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Every upgrade candidate for the CSV/Excel list (numbers, not strings), columns in ``lang``."""
    rows = potential.loc[potential["candidate"]]
    return pd.DataFrame({
        text("value_col_tier", lang): [tier_name(t, lang) for t in rows["tier"]],
        text("tl_profit_plain", lang): rows["value"].round(2).to_numpy(),
        text("tl_predicted_plain", lang): rows["predicted"].round(2).to_numpy(),
        text("tl_gap_plain", lang): rows["gap"].round(2).to_numpy(),
        text("tl_reach", lang): rows["reach"].round(3).to_numpy(),
    }, index=pd.Index(rows.index, name=text("value_col_customer", lang)))


def backtest_table(backtest: pd.DataFrame, lang: str = "en") -> PageTable:
    """Candidates vs other lower-tier customers: how many became key in the later period (Wilson interval)."""
    shown = pd.DataFrame({
        text("tl_customers", lang): backtest["customers"].to_numpy(),
        text("tl_became_key", lang): backtest["became_key"].to_numpy(),
        text("tl_share", lang): backtest["share"].to_numpy(float),
        text("tl_ci_lower", lang): backtest["ci_lower"].to_numpy(float),
        text("tl_ci_upper", lang): backtest["ci_upper"].to_numpy(float),
    }, index=pd.Index([text(f"tl_backtest_{g}", lang) for g in backtest.index], name=text("tl_group", lang)))
    return page_table(shown, lang=lang, counts=[text("tl_customers", lang), text("tl_became_key", lang)],
                      percents=[text("tl_share", lang), text("tl_ci_lower", lang), text("tl_ci_upper", lang)])


def candidates_note(potential: pd.DataFrame, top: int, lang: str = "en") -> Markdown:
    """"First 10 of 57 candidates; all 57 in the files below" (nothing when every candidate is shown)."""
    n = int(potential["candidate"].sum())
    return Markdown(text("tl_first_candidates_note", lang, shown=count(min(top, n)), n=count(n)) if n > top else "")
