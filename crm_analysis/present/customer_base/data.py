"""The linked tables report 33 reads from one customer database, up to the report date."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...exceptions import CRMDataError

# ====================================================================== the data
@dataclass
class LinkedData:
    """The linked tables of one database as the engines read them (``None``: not in the database).

    ``transactions``: ``customer_id, date, amount`` (and ``order_id``) up to
    ``report_date``; ``customers``: the customer table with a
    ``customer_id`` column; ``survey``: answers linked to customers (rows
    without a customer id dropped, counted in ``n_unlinked_answers``);
    ``complaints``: the complaint log.  ``facts`` is the store's
    ``describe()``.
    """

    transactions: pd.DataFrame
    customers: pd.DataFrame | None
    survey: pd.DataFrame | None
    complaints: pd.DataFrame | None
    report_date: pd.Timestamp
    facts: dict
    n_returns: int = 0
    n_after_report_date: int = 0
    n_answers: int = 0
    n_unlinked_answers: int = 0


def read_linked(db, observation_end: str = "") -> LinkedData:
    """Read the linked tables of ``db`` (a :class:`~crm_analysis.store.CustomerStore`) up to the report date.

    The report date is ``observation_end`` (ISO text) or, when empty, the day
    of the last transaction.  Transactions after it are left out (counted);
    returns stay in (the engines exclude them) and are counted for the page.
    """
    facts = dict(db.describe())
    tx = db.transactions()
    tx["date"] = pd.to_datetime(tx["date"])
    if observation_end:
        try:
            report_date = pd.Timestamp(observation_end).normalize()
        except (ValueError, TypeError):
            raise CRMDataError(f"observation_end must be a date such as '2025-12-31', "
                               f"got {observation_end!r}") from None
    else:
        if tx.empty:
            raise CRMDataError("the customer database has no transactions, so there is no report date")
        report_date = tx["date"].max().normalize()
    late = tx["date"] > report_date + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
    n_late = int(late.sum())
    tx = tx.loc[~late].reset_index(drop=True)
    n_returns = int((pd.to_numeric(tx["amount"], errors="coerce") < 0).sum())
    customers = None
    if facts.get("has_customers"):
        customers = db.customers().reset_index()
    survey, n_answers, n_unlinked = None, 0, 0
    if facts.get("has_survey"):
        try:
            answers = db.survey_table()
        except CRMDataError:  # items on several scales: the satisfaction items are chosen below
            answers = None
        if answers is not None:
            n_answers = len(answers)
            if "customer_id" in answers.columns:
                linked = answers["customer_id"].notna()
                n_unlinked = int((~linked).sum())
                kept = answers.loc[linked].reset_index(drop=True)
                kept.attrs = dict(answers.attrs)
                survey = kept if len(kept) else None
            else:
                n_unlinked = n_answers
    complaints = None
    if facts.get("has_complaints") and hasattr(db, "complaints"):
        complaints = db.complaints()
        complaints = complaints.loc[pd.to_datetime(complaints["date"]) <= report_date].reset_index(drop=True)
    return LinkedData(tx, customers, survey, complaints, report_date, facts, n_returns=n_returns,
                      n_after_report_date=n_late, n_answers=n_answers, n_unlinked_answers=n_unlinked)
