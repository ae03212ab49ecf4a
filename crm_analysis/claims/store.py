"""Which data of a customer database test which claim: the fixed choice of :func:`select_claim_data`.

The claim functions take plain DataFrames; this module reads a
:class:`~crm_analysis.store.CustomerStore`, picks for each claim the tables and
columns that can test it (the same rule for every database, decided before
looking at the numbers) and says, for a claim the database cannot test, what
is missing and how to import it.  :func:`~crm_analysis.claims.run_store_claims`
runs the claims on that choice.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..present.claims import Join, Phrase
from .satisfaction import MOBI_BLOCKS
from .verdict import _CLAIMS

__all__ = ["ClaimData", "select_claim_data", "SATISFACTION_ITEM", "INTENTION_ITEM", "REVENUE_COLUMN",
           "COMPLAINTS_COLUMN", "RESOLVED_COLUMN"]


#: item names read as overall satisfaction, as repurchase intention / loyalty, and customer columns read as
#: monthly revenue, complaints and their resolution (case-insensitive patterns, searched in column names)
SATISFACTION_ITEM = r"overall|satisf|^sat|_sat|cusa"
INTENTION_ITEM = r"repurchas|again|intent|loyal|recommend|return|revisit|renew|cusl|^loy"
REVENUE_COLUMN = r"monthly|charge|revenue|arpu|fee|spend"
COMPLAINTS_COLUMN = r"complain"
RESOLVED_COLUMN = r"resolv"

_IMPORT_SURVEY = "crm-analysis import survey FILE --store DB --scale MIN MAX --customer-col ID"
_IMPORT_CUSTOMERS = "crm-analysis import customers FILE --store DB --churn-col COLUMN"
_IMPORT_TENURE = "crm-analysis import customers FILE --store DB --churn-col COLUMN --tenure-col T --tenure-unit months"
_IMPORT_TX = "crm-analysis import transactions FILE --store DB --customer-col ID --date-col DATE --amount-col AMOUNT"
_IMPORT_LINKED_C3 = ("crm-analysis import survey FILE --store DB --scale MIN MAX --customer-col ID --date-col DATE; "
                     "crm-analysis import customers FILE --store DB --churn-col COLUMN --churn-date-col D")
_IMPORT_LINKED_C6 = ("crm-analysis import survey FILE --store DB --scale MIN MAX --customer-col ID; "
                     "crm-analysis import customers FILE --store DB --cost-to-serve-col C; the margin: "
                     "crm-analysis init DB --name NAME --currency CODE --margin SHARE")
_IMPORT_COMPLAINTS = ("crm-analysis import complaints FILE --store DB --customer-col C --date-col D --resolved-col R; "
                      "crm-analysis import customers FILE --store DB --churn-col COLUMN --acquisition-date-col A "
                      "--churn-date-col D")
_IMPORT_COSTS = ("crm-analysis import customers FILE --store DB --acquisition-cost-col A "
                 "--retention-cost-col R")


@dataclass(frozen=True)
class ClaimData:
    """Which data of a customer database test one claim (``testable``), or why none can.

    ``inputs`` are the keyword arguments of the claim function (the data
    prepared from the database); ``reason`` says, for a claim the database
    cannot test, what is missing and how to import it (a
    :class:`~crm_analysis.present.claims.Phrase`, rendered in a language by the
    claim's note).
    """

    claim: str
    testable: bool
    inputs: dict = field(default_factory=dict, repr=False)
    reason: object = None
    #: survey answers left out (not linked to a customer with a churn label, or without a rating)
    left_out: int = 0


def _find(columns, pattern: str, exclude=()) -> list[str]:
    import re

    return [c for c in columns if re.search(pattern, str(c), re.I) and c not in exclude]


def _boxes(scale) -> tuple[list, list]:
    """The answers in the top band (very satisfied) and the next band (satisfied) of an integer scale.

    The five equal-width bands of :func:`~crm_analysis.satisfaction.satisfaction_levels`:
    on 1-10 the top box is 9-10 and the next 7-8; on 1-7, 6-7 and 5.
    """
    low, high = scale
    points = np.arange(np.ceil(low), np.floor(high) + 1)
    top_cut, next_cut = low + 0.8 * (high - low), low + 0.6 * (high - low)
    return ([float(p) for p in points if p >= top_cut],
            [float(p) for p in points if next_cut <= p < top_cut])


def _survey_of_one_scale(db):
    """The survey table of the scale most items share (a database may hold items on several scales)."""
    scales = db.sql("SELECT item, scale_low, scale_high FROM survey_items")
    scales = scales[scales["item"].isin(db.sql("SELECT * FROM survey LIMIT 0").columns)]
    counts = scales.groupby(["scale_low", "scale_high"]).size().sort_values(ascending=False, kind="stable")
    low, high = counts.index[0]
    return db.survey_table(items=list(scales.loc[(scales["scale_low"] == low) & (scales["scale_high"] == high),
                                                 "item"]))


def _to_months(tenure: pd.Series, unit: str | None) -> pd.Series:
    per_month = {"days": 30.436875, "weeks": 30.436875 / 7, "months": 1.0, "quarters": 1 / 3, "years": 1 / 12}
    return tenure / per_month.get(unit or "months", 1.0)


def select_claim_data(db) -> dict[str, ClaimData]:
    """For each claim C1-C11, the data of the customer database ``db`` that can test it, or why none can.

    The choice (fixed in advance, the same for every database):

    * **C7** (80/20): each customer's total amount over all transactions
      (transactions with amounts needed); net totals below 0 (refunds only)
      count as 0.
    * **C1** (churn by satisfaction level): survey answers linked to customers
      (``customer_id``) who have a churn label; the rating is the mean of the
      items named like satisfaction (:data:`SATISFACTION_ITEM`), or of every
      item when none is, on the survey's declared scale.
    * **C2** (top box): an overall-satisfaction item and a repurchase-intention
      item (:data:`INTENTION_ITEM`); the top and next box are the two best of the
      five equal bands of the scale (9-10 and 7-8 on 1-10).
    * **C5** (asymmetry): the overall-satisfaction item as outcome and at least
      two other items (not intention items) as attributes.
    * **C4** (ECSI mediation): only a survey with the items of the ECSI
      questionnaire (:data:`MOBI_BLOCKS`).
    * **C9** (tenure and revenue): a customer table with tenure and a column of
      revenue per month (:data:`REVENUE_COLUMN`); tenure is converted to months.
    * **C10/C11** (complaints): a complaints log with dates and the customers'
      acquisition and churn dates (time order), else a customer table with
      churn labels and a complaints column (C10 also a resolved column).
    * **C1** in time order when the survey has answer dates and the customers
      a ``churn_date``: churn after the answer (respondents already gone are
      left out).
    * **C3, C6, C8** (linked tables; :func:`_linked_claims`): the survey,
      orders and costs of the same customers; a database without them is told
      which tables and columns are missing and how to import them.

    Returns ``{"C1": ClaimData, ...}``; :func:`run_store_claims` runs them.
    """
    facts = db.describe()
    name = facts.get("name") or "this database"
    plan: dict[str, ClaimData] = {}

    def no(claim, key, **fields):
        plan[claim] = ClaimData(claim, False, reason=Phrase(key, **fields))

    # C7: transactions with amounts
    revenue = None
    if facts.get("has_transactions"):
        tx = db.sql("SELECT customer_id, amount FROM transactions")
        if tx["amount"].notna().any():
            revenue = tx.groupby("customer_id")["amount"].sum(min_count=1).dropna().clip(lower=0)
    if revenue is not None and len(revenue) >= 5 and revenue.sum() > 0:
        plan["C7"] = ClaimData("C7", True, {"revenue": revenue.rename("revenue"), "currency": facts.get("currency"),
                                            "data": ("teach_data_store_revenue",
                                                     dict(name=name, n=f"{len(revenue):,}"))})
    else:
        no("C7", "teach_reason_no_transactions", command=_IMPORT_TX)

    # survey-based claims
    survey = churn = None
    if facts.get("has_survey"):
        survey = _survey_of_one_scale(db)
    if facts.get("has_churn"):
        import warnings

        from ..exceptions import DataExclusionWarning

        with warnings.catch_warnings():  # customers without a label: counted by the churn reports, not here
            warnings.simplefilter("ignore", DataExclusionWarning)
            churn = db.churn_table()
    items = list(survey.attrs.get("items", [])) if survey is not None else []
    sat_items = _find(items, SATISFACTION_ITEM)
    intention_items = _find(items, INTENTION_ITEM, exclude=sat_items)
    scale = tuple(survey.attrs["scale"]) if survey is not None else None

    linked = survey is not None and "customer_id" in survey.columns and churn is not None
    if linked:
        joined = survey.join(churn["churn"], on="customer_id", how="inner")
        rating_items = sat_items or [i for i in items if i not in intention_items] or items
        joined = joined.dropna(subset=["churn"])
        joined = joined[joined[rating_items].notna().all(axis=1)]  # a rating is the mean of every rating item
    dated = linked and "date" in survey.columns and "churn_date" in churn.columns
    if linked and len(joined) >= 10 and dated:  # time order: the churn that followed each answer
        plan["C1"] = ClaimData("C1", True, {"survey": joined, "customers": _linked_customers(churn),
                                            "rating_columns": rating_items, "scale": scale,
                                            "data": ("teach_data_store_survey_churn_after", dict(name=name))},
                               left_out=len(survey) - len(joined))
    elif linked and len(joined) >= 10:
        plan["C1"] = ClaimData("C1", True, {"survey": joined, "rating_columns": rating_items, "churn_col": "churn",
                                            "scale": scale,
                                            "data": ("teach_data_store_survey_churn",
                                                     dict(name=name, n=f"{len(joined):,}"))},
                               left_out=len(survey) - len(joined))
    elif survey is None:
        no("C1", "teach_reason_no_survey_c1", survey_command=_IMPORT_SURVEY, customers_command=_IMPORT_CUSTOMERS)
    elif churn is None:
        no("C1", "teach_reason_no_churn_c1", command=_IMPORT_CUSTOMERS)
    else:
        no("C1", "teach_reason_few_linked_c1", command=_IMPORT_SURVEY)

    overall = sat_items[0] if sat_items else None
    n_answers = f"{len(survey):,}" if survey is not None else "0"
    top, next_box = _boxes(scale) if survey is not None else (None, None)
    attributes = [i for i in items if i != overall and i not in intention_items]
    survey_claims = {  # claim: (can test, the items it uses, the other inputs of the claim function)
        "C2": (bool(overall and intention_items), [overall, *intention_items[:1]],
               {"satisfaction_col": overall, "intention_col": intention_items[0] if intention_items else None,
                "top": top, "next_box": next_box, "intention_top": top}),
        "C5": (bool(overall and len(attributes) >= 2), [*attributes, overall],
               {"attributes": attributes, "outcome": overall, "scale": scale}),
    }
    for claim, (testable, used, inputs) in survey_claims.items():
        if survey is None:
            no(claim, "teach_reason_no_survey", command=_IMPORT_SURVEY)
        elif not testable:
            no(claim, f"teach_reason_items_{claim.lower()}", survey_items=Join(items))
        else:  # the answers with every item the claim uses; the others are counted in the note
            answered = survey.dropna(subset=used)
            plan[claim] = ClaimData(claim, True, {"survey": answered, **inputs,
                                                  "data": ("teach_data_store_survey",
                                                           dict(name=name, n=f"{len(answered):,}"))},
                                    left_out=len(survey) - len(answered))

    ecsi = [i for block in MOBI_BLOCKS.values() for i in block]
    if survey is not None and all(i in items for i in ecsi):
        plan["C4"] = ClaimData("C4", True, {"survey": survey,
                                            "data": ("teach_data_store_survey", dict(name=name, n=n_answers))})
    else:
        no("C4", "teach_reason_no_ecsi", command=_IMPORT_SURVEY)

    # customer-table claims
    columns = list(churn.columns) if churn is not None else []
    revenue_cols = [c for c in _find(columns, REVENUE_COLUMN) if pd.api.types.is_numeric_dtype(churn[c])]
    n_customers = f"{len(churn):,}" if churn is not None else "0"
    if churn is not None and "tenure" in columns and revenue_cols:
        customers = pd.DataFrame({"tenure": _to_months(churn["tenure"], churn.attrs.get("tenure_unit")),
                                  revenue_cols[0]: churn[revenue_cols[0]]}).dropna()
        plan["C9"] = ClaimData("C9", True, {"customers": customers, "revenue_col": revenue_cols[0],
                                            "data": ("teach_data_store_customers",
                                                     dict(name=name, n=f"{len(customers):,}"))})
    else:
        no("C9", "teach_reason_no_tenure", command=_IMPORT_TENURE)
    complaint_cols = _find(columns, COMPLAINTS_COLUMN)
    resolved_cols = _find(columns, RESOLVED_COLUMN, exclude=complaint_cols) or _find(columns, RESOLVED_COLUMN)
    complaint_cols = [c for c in complaint_cols if c not in resolved_cols]
    no_complaints = dict(key="teach_reason_no_complaints", command=_IMPORT_CUSTOMERS,
                         complaints_command=_IMPORT_COMPLAINTS)
    if complaint_cols and resolved_cols:
        plan["C10"] = ClaimData("C10", True, {"customers": churn, "complaints_col": complaint_cols[0],
                                              "resolved_col": resolved_cols[0], "churn_col": "churn",
                                              "data": ("teach_data_store_customers", dict(name=name, n=n_customers))})
    else:
        no("C10", **no_complaints)
    if complaint_cols:
        plan["C11"] = ClaimData("C11", True, {"customers": churn, "complaints_col": complaint_cols[0],
                                              "churn_col": "churn",
                                              "data": ("teach_data_store_customers", dict(name=name, n=n_customers))})
    else:
        no("C11", **no_complaints)

    rating_items = (sat_items or [i for i in items if i not in intention_items] or items) if items else []
    plan.update(_linked_claims(db, facts, survey, churn, rating_items))
    return {c: plan[c] for c in _CLAIMS}


def _linked_customers(churn: pd.DataFrame) -> pd.DataFrame:
    """The customer table with ``customer_id`` as a column (the claims' linked-table schema)."""
    return churn.reset_index()


def _linked_claims(db, facts: dict, survey, churn, rating_items) -> dict[str, ClaimData]:
    """C3, C6, C8 on the linked tables: the inputs of each claim, or which tables and columns are missing.

    * **C3**: transactions, a survey linked to customers with answer dates, and
      customers with ``churn`` and ``churn_date``;
    * **C6**: transactions with amounts, a survey linked to customers, the
      customers' ``cost_to_serve`` and the business's gross margin;
    * **C8**: the customers' ``acquisition_cost`` and ``retention_cost``;
    * **C10, C11** when the database has a complaints log: the complaints
      (C10: with ``resolved``) and customers with ``acquisition_date``,
      ``churn`` and ``churn_date`` (time order; these replace the
      complaint-count columns of the customer table).
    """
    name = facts.get("name") or "this database"
    customers = db.customers() if facts.get("has_customers") else None
    columns = set(customers.columns) if customers is not None else set()
    has_tx = bool(facts.get("has_transactions"))
    linked_survey = survey is not None and "customer_id" in survey.columns and bool(rating_items)
    dated_survey = linked_survey and "date" in survey.columns and survey["date"].notna().any()

    def missing(*, tx=False, survey_link=False, survey_date=False, customer_columns=(), margin=False,
                complaint_columns=()):
        found = [Phrase("teach_missing_column", column=c, table=Phrase("teach_table_complaints"))
                 for c in complaint_columns]
        if tx and not has_tx:
            found.append(Phrase("teach_missing_table", table=Phrase("teach_table_transactions")))
        if survey_date and not dated_survey:
            found.append(Phrase("teach_missing_survey_link"))
        elif survey_link and not linked_survey:
            found.append(Phrase("teach_missing_survey_linked"))
        if customers is None and customer_columns:
            found.append(Phrase("teach_missing_table", table=Phrase("teach_table_customers")))
        else:
            found += [Phrase("teach_missing_column", column=c, table=Phrase("teach_table_customers"))
                      for c in customer_columns if c not in columns]
        if margin and not facts.get("margin"):
            found.append(Phrase("teach_missing_margin"))
        return found

    tx = db.sql("SELECT customer_id, date, amount FROM transactions") if has_tx else None
    table = customers.reset_index() if customers is not None else None
    n_customers = f"{len(table):,}" if table is not None else "0"
    plans = {}
    needs = {
        "C3": (dict(tx=True, survey_date=True, customer_columns=("churn", "churn_date")), _IMPORT_LINKED_C3,
               lambda: {"survey": survey, "transactions": tx,
                        "customers": table[["customer_id", "churn", "churn_date"]],
                        "satisfaction_items": rating_items,
                        "data": ("teach_data_store_linked", dict(name=name))}),
        "C6": (dict(tx=True, survey_link=True, customer_columns=("cost_to_serve",), margin=True), _IMPORT_LINKED_C6,
               lambda: {"survey": survey, "transactions": tx, "customers": table[["customer_id", "cost_to_serve"]],
                        "satisfaction_items": rating_items, "margin": facts["margin"],
                        "currency": facts.get("currency"), "data": ("teach_data_store_linked", dict(name=name))}),
        "C8": (dict(customer_columns=("acquisition_cost", "retention_cost")), _IMPORT_COSTS,
               lambda: {"customers": table[["customer_id", "acquisition_cost", "retention_cost"]],
                        "currency": facts.get("currency"),
                        "data": ("teach_data_store_customers", dict(name=name, n=n_customers))}),
    }
    if facts.get("has_complaints"):  # C10, C11 in time order from the complaints log
        complaints = db.complaints()
        # the report date of reports 15 and 33: the day of the last purchase, else the last complaint or closing
        # date, so that the lab and those reports test C10 and C11 on the same window
        if facts.get("n_transactions") and facts.get("last_transaction") is not None:
            end = pd.Timestamp(facts["last_transaction"]).normalize()
        else:
            dates = [pd.Timestamp(d) for d in (facts.get("last_complaint"),) if d is not None and pd.notna(d)]
            if table is not None and "churn_date" in table.columns and table["churn_date"].notna().any():
                dates.append(pd.to_datetime(table["churn_date"]).max())
            end = max(dates).normalize() if dates else None
        resolved = bool((facts.get("complaint_columns") or {}).get("resolved"))
        life = ("acquisition_date", "churn", "churn_date")
        linked_inputs = lambda: {"customers": table, "complaints": complaints, "observation_end": end,  # noqa: E731
                                 "data": ("teach_data_store_complaints", dict(name=name))}
        needs["C10"] = (dict(customer_columns=life, complaint_columns=() if resolved else ("resolved",)),
                        _IMPORT_COMPLAINTS, linked_inputs)
        needs["C11"] = (dict(customer_columns=life), _IMPORT_COMPLAINTS, linked_inputs)
    for claim, (need, command, inputs) in needs.items():
        lacking = missing(**need)
        if lacking:
            plans[claim] = ClaimData(claim, False, reason=Phrase("teach_reason_linked_missing", missing=Join(lacking),
                                                                 command=command))
        else:
            plans[claim] = ClaimData(claim, True, inputs())
    return plans
