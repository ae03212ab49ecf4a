"""Replications: our estimates next to the published tables they should reproduce.

Each ``replicate_*`` function fits our model to the data of a published study
and returns one row per published quantity:

``model, data, quantity, published, ours, difference`` (ours - published),
``std_err`` (our standard error: Hessian for maximum likelihood, bootstrap for
PLS; empty where none exists), ``difference_in_se`` (difference / std_err),
``tolerance`` (half a unit of the last digit the source prints), ``agrees``
(|difference| <= tolerance), ``source`` (a key of :data:`CITATIONS`) and
``note``.  Rows with an empty ``published`` are our own numbers that the
source does not print (shown for completeness, never compared).

Because the published estimates are maximum-likelihood (or PLS) estimates on
the *same* data, a faithful implementation should differ from them only by
the rounding of the printed value -- a tiny fraction of a standard error.  A
difference of the order of a standard error would mean a different model, data
set or convention, not sampling noise.

The published numbers are stored here with their citations and, for the
tests, in ``tests/results/*.md`` (the tests check that both agree).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .config import PROJECT_ROOT
from .present.catalogue import find_key, text

__all__ = ["CITATIONS", "PUBLISHED", "SBG_COHORTS", "DEFAULT_ECSI_PATH", "published_values",
           "replicate_cdnow_btyd", "replicate_gamma_gamma", "replicate_bgbb", "replicate_sbg",
           "replicate_ecsi_pls", "cdnow_model_comparison", "replication_table", "replication_summary", "replication_view",
           "citation_table", "replication_page", "summary_page", "citations_page", "plot_replication_differences"]

#: Source key -> full citation.
CITATIONS = {
    "FHL2005": 'Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). "Counting your customers" the easy way: an '
               "alternative to the Pareto/NBD model. Marketing Science 24(2), 275-284.",
    "BTYDplus": "Platzer, M. (2016). BTYDplus: Customer Analytics for Non-Contractual Settings, R package, "
                "mbgnbd.EstimateParameters on the CDNOW calibration data (the MBG/NBD model: Batislam, Denizel & "
                "Filiztekin 2007, International Journal of Research in Marketing 24(3), 201-209).",
    "FHS2010": "Fader, P. S., Hardie, B. G. S., & Shang, J. (2010). Customer-base analysis in a discrete-time "
               "noncontractual setting. Marketing Science 29(6), 1086-1108.",
    "FHL2005b": "Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). RFM and CLV: Using iso-value curves for "
                "customer base analysis. Journal of Marketing Research 42(4), 415-430; Fader & Hardie (2013), "
                '"The Gamma-Gamma model of monetary value", http://brucehardie.com/notes/025/.',
    "FH2007": "Fader, P. S., & Hardie, B. G. S. (2007). How to project customer retention. Journal of Interactive "
              "Marketing 21(1), 76-90.",
    "Sanchez2013": "Sanchez, G. (2013). PLS Path Modeling with R. Berkeley: Trowchez Editions, chapter 4 (R plspm, "
                   "the satisfaction data: ECSI survey of 250 mobile phone customers).",
}

#: Published values: (source, model, data, quantity, published, tolerance).  The tolerance is half a unit of
#: the last printed digit.  Mirrored in tests/results/btyd_published.md, value_published.md and
#: satisfaction_published.md.
PUBLISHED = pd.DataFrame.from_records([
    ("FHL2005", "BG/NBD", "cdnow_39w", "r", 0.243, 0.0005),
    ("FHL2005", "BG/NBD", "cdnow_39w", "alpha", 4.414, 0.0005),
    ("FHL2005", "BG/NBD", "cdnow_39w", "a", 0.793, 0.0005),
    ("FHL2005", "BG/NBD", "cdnow_39w", "b", 2.426, 0.0005),
    ("FHL2005", "BG/NBD", "cdnow_39w", "log_likelihood", -9582.4, 0.05),
    ("FHL2005", "BG/NBD", "cdnow_39w", "expected_39w_x2", 1.226, 0.0005),
    ("FHL2005", "Pareto/NBD", "cdnow_39w", "r", 0.553, 0.0005),
    ("FHL2005", "Pareto/NBD", "cdnow_39w", "alpha", 10.578, 0.0005),
    ("FHL2005", "Pareto/NBD", "cdnow_39w", "s", 0.606, 0.0005),
    ("FHL2005", "Pareto/NBD", "cdnow_39w", "beta", 11.669, 0.0005),
    ("FHL2005", "Pareto/NBD", "cdnow_39w", "log_likelihood", -9595.0, 0.05),
    ("BTYDplus", "MBG/NBD", "cdnow_39w", "r", 0.525, 0.0005),
    ("BTYDplus", "MBG/NBD", "cdnow_39w", "alpha", 6.183, 0.0005),
    ("BTYDplus", "MBG/NBD", "cdnow_39w", "a", 0.891, 0.0005),
    ("BTYDplus", "MBG/NBD", "cdnow_39w", "b", 1.614, 0.0005),
    ("FHS2010", "BG/BB", "donations", "alpha", 1.204, 0.0005),
    ("FHS2010", "BG/BB", "donations", "beta", 0.750, 0.0005),
    ("FHS2010", "BG/BB", "donations", "gamma", 0.657, 0.0005),
    ("FHS2010", "BG/BB", "donations", "delta", 2.783, 0.0005),
    ("FHS2010", "BG/BB", "donations", "log_likelihood", -33225.6, 0.05),
    ("FHL2005b", "Gamma-Gamma", "cdnow_39w", "n_customers", 946, 0),
    ("FHL2005b", "Gamma-Gamma", "cdnow_39w", "p", 6.25, 0.005),
    ("FHL2005b", "Gamma-Gamma", "cdnow_39w", "q", 3.74, 0.005),
    ("FHL2005b", "Gamma-Gamma", "cdnow_39w", "v", 15.44, 0.005),
    ("FHL2005b", "Gamma-Gamma", "cdnow_39w", "log_likelihood", -4055.92, 0.005),
    ("FH2007", "sBG", "regular", "alpha", 0.704, 0.0005),
    ("FH2007", "sBG", "regular", "beta", 1.182, 0.0005),
    ("FH2007", "sBG", "high_end", "alpha", 0.668, 0.0005),
    ("FH2007", "sBG", "high_end", "beta", 3.806, 0.0005),
    ("Sanchez2013", "ECSI PLS", "ecsi_satisfaction", "path IMAG -> SAT", 0.2007, 0.00005),
    ("Sanchez2013", "ECSI PLS", "ecsi_satisfaction", "path EXPE -> SAT", -0.0028, 0.00005),
    ("Sanchez2013", "ECSI PLS", "ecsi_satisfaction", "path QUAL -> SAT", 0.1221, 0.00005),
    ("Sanchez2013", "ECSI PLS", "ecsi_satisfaction", "path VAL -> SAT", 0.5893, 0.00005),
    ("Sanchez2013", "ECSI PLS", "ecsi_satisfaction", "r_squared SAT", 0.707, 0.0005),
    ("Sanchez2013", "ECSI PLS", "ecsi_satisfaction", "r_squared LOY", 0.510, 0.0005),
    ("Sanchez2013", "ECSI PLS", "ecsi_satisfaction", "gof", 0.610, 0.0005),
], columns=["source", "model", "data", "quantity", "published", "tolerance"])

#: Survivors of two cohorts of 1,000 customers, years 0-7 (Fader & Hardie 2007).
SBG_COHORTS = {"regular": [1000, 631, 468, 382, 326, 289, 262, 241],
               "high_end": [1000, 869, 743, 653, 593, 551, 517, 491]}

#: Where the ECSI data of R plspm live beside the project (not bundled: the project may not contain them).
DEFAULT_ECSI_PATH = "../shared/data/ecsi_satisfaction.csv"

#: The ECSI model of Sanchez (2013), chapter 4: all blocks Mode A, centroid scheme, scaled = FALSE.
ECSI_BLOCKS = {"IMAG": [f"imag{i}" for i in range(1, 6)], "EXPE": [f"expe{i}" for i in range(1, 6)],
               "QUAL": [f"qual{i}" for i in range(1, 6)], "VAL": [f"val{i}" for i in range(1, 5)],
               "SAT": [f"sat{i}" for i in range(1, 5)], "LOY": [f"loy{i}" for i in range(1, 5)]}
ECSI_PATHS = [("IMAG", "EXPE"), ("IMAG", "SAT"), ("IMAG", "LOY"), ("EXPE", "QUAL"), ("EXPE", "VAL"),
              ("EXPE", "SAT"), ("QUAL", "VAL"), ("QUAL", "SAT"), ("VAL", "SAT"), ("SAT", "LOY")]

_COLUMNS = ["model", "data", "quantity", "published", "ours", "difference", "std_err", "difference_in_se",
            "tolerance", "agrees", "source", "note"]


def published_values(model: str | None = None) -> pd.DataFrame:
    """The published table (optionally one model's rows), a copy."""
    table = PUBLISHED if model is None else PUBLISHED[PUBLISHED["model"] == model]
    return table.reset_index(drop=True).copy()


def citation_table() -> pd.DataFrame:
    """Source key -> citation, as a one-column table for display."""
    return pd.DataFrame({"citation": CITATIONS}).rename_axis("source")


def _compare(model: str, data: str, ours: dict, std_err: dict | None = None, note: str = "") -> pd.DataFrame:
    """Published rows of (model, data) next to ``ours``; quantities only in ``ours`` are appended unpublished."""
    std_err = std_err or {}
    published = PUBLISHED[(PUBLISHED["model"] == model) & (PUBLISHED["data"] == data)]
    rows = []
    for _, row in published.iterrows():
        rows.append({"quantity": row["quantity"], "published": row["published"], "tolerance": row["tolerance"],
                     "source": row["source"]})
    source = published["source"].iloc[0] if len(published) else ""
    known = set(published["quantity"])
    rows += [{"quantity": q, "published": np.nan, "tolerance": np.nan, "source": source}
             for q in ours if q not in known]
    table = pd.DataFrame(rows)
    table.insert(0, "data", data)
    table.insert(0, "model", model)
    table["ours"] = [float(ours.get(q, np.nan)) for q in table["quantity"]]
    table["difference"] = table["ours"] - table["published"]
    table["std_err"] = [float(std_err.get(q, np.nan)) for q in table["quantity"]]
    table["difference_in_se"] = table["difference"] / table["std_err"]
    with np.errstate(invalid="ignore"):
        agrees = table["difference"].abs() <= table["tolerance"] + 1e-12
    table["agrees"] = agrees.where(table["published"].notna() & table["ours"].notna(), None).astype(object)
    table["note"] = note
    return table[_COLUMNS]


def _cdnow_calibration(transactions, observation_end, amount: bool = False):
    """RFM summary of the calibration period: purchases up to ``observation_end`` (weeks)."""
    from .datasets import load_cdnow
    from .validation import parse_date
    from .value import rfm_summary

    transactions = load_cdnow() if transactions is None else transactions
    end = parse_date(observation_end, "observation_end")
    dates = pd.to_datetime(transactions["date"])
    # the calibration period is defined by its end: later purchases are the holdout, not bad rows
    calibration = transactions.loc[dates <= end + pd.Timedelta(days=1) - pd.Timedelta(1)]
    return rfm_summary(calibration, amount_col="amount" if amount else None, observation_end=observation_end,
                       time_unit="W")


def _fit_summary(model, extra: dict | None = None):
    summary = model.summary()
    ours = {**model.params_.to_dict(), "log_likelihood": model.log_likelihood_, **(extra or {})}
    return ours, summary["std_err"].to_dict()


def replicate_cdnow_btyd(transactions: pd.DataFrame | None = None, *,
                         observation_end: str = "1997-09-30") -> pd.DataFrame:
    """BG/NBD, Pareto/NBD and MBG/NBD on the CDNOW 1/10 sample, 39-week calibration (FHL 2005; BTYDplus).

    ``transactions`` defaults to :func:`~crm_analysis.datasets.load_cdnow`; the
    calibration summary keeps purchases up to ``observation_end`` (1997-09-30,
    39 weeks after the start of the cohort) with recency and T in weeks.  The
    row ``expected_39w_x2`` is FHL's worked example: the expected number of
    purchases in the next 39 weeks of a customer with x = 2, t_x = 30.43,
    T = 38.86.  MBG/NBD has no published log-likelihood: ours is shown unpublished.
    """
    from .timegrid import with_time_unit
    from .value import BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel

    summary = _cdnow_calibration(transactions, observation_end)
    example = with_time_unit(pd.DataFrame({"frequency": [2], "recency": [30.43], "T": [38.86]}), "W")
    frames = []
    bgnbd = BetaGeoModel().fit(summary)
    frames.append(_compare("BG/NBD", "cdnow_39w", *_fit_summary(
        bgnbd, {"expected_39w_x2": float(bgnbd.predict(example, 39).iloc[0])})))
    frames.append(_compare("Pareto/NBD", "cdnow_39w", *_fit_summary(ParetoNBDModel().fit(summary))))
    frames.append(_compare("MBG/NBD", "cdnow_39w", *_fit_summary(ModifiedBetaGeoModel().fit(summary)),
                           note=text("teach_rep_note_no_ll")))
    return pd.concat(frames, ignore_index=True)


def cdnow_model_comparison(transactions: pd.DataFrame | None = None, *, observation_end: str = "1997-09-30",
                           holdout_end: str = "1998-06-30") -> pd.DataFrame:
    """BG/NBD, MBG/NBD and Pareto/NBD on the same CDNOW calibration/holdout split (weeks).

    Calibration up to ``observation_end`` (the papers' 39 weeks), holdout to
    ``holdout_end`` (weeks 40-78): :func:`~crm_analysis.value.compare_models`
    of the three models, with AIC, BIC and holdout errors.  Nothing here is
    published as a table; the fits' log-likelihoods are those of FHL (2005).
    """
    from .datasets import load_cdnow
    from .value import calibration_holdout_split, compare_models

    transactions = load_cdnow() if transactions is None else transactions
    split = calibration_holdout_split(transactions, observation_end, holdout_end, time_unit="W")
    return compare_models(split)


def replicate_gamma_gamma(transactions: pd.DataFrame | None = None, *,
                          observation_end: str = "1997-09-30") -> pd.DataFrame:
    """Gamma-Gamma spend model on the CDNOW repeat buyers of the 39-week calibration period (FHL 2005b).

    Fitted on the customers with at least one repeat purchase (946 in the
    sample), with the mean value of their repeat purchases as input.
    """
    from .value import GammaGammaModel

    summary = _cdnow_calibration(transactions, observation_end, amount=True)
    repeat = summary[summary["frequency"] > 0]
    model = GammaGammaModel().fit(repeat)
    return _compare("Gamma-Gamma", "cdnow_39w", *_fit_summary(model, {"n_customers": model.n_customers_}))


def replicate_bgbb(donations: pd.DataFrame | None = None) -> pd.DataFrame:
    """BG/BB on the 11,104 first-time donors of 1995, six repeat opportunities (FHS 2010).

    ``donations`` defaults to :func:`~crm_analysis.datasets.load_donations`
    (one row per (x, t_x) pattern with a count ``weight``).
    """
    from .datasets import load_donations
    from .value import BetaGeoBetaBinomModel

    donations = load_donations() if donations is None else donations
    return _compare("BG/BB", "donations", *_fit_summary(BetaGeoBetaBinomModel().fit(donations)))


def replicate_sbg(cohorts: dict | None = None) -> pd.DataFrame:
    """Shifted-beta-geometric retention of the two cohorts of Fader & Hardie (2007), years 0-7.

    The log-likelihood is not printed in the paper: ours is shown unpublished.
    """
    from .value import ShiftedBetaGeoModel

    cohorts = SBG_COHORTS if cohorts is None else cohorts
    frames = [_compare("sBG", name, *_fit_summary(ShiftedBetaGeoModel().fit(counts)),
                       note=text("teach_rep_note_no_ll")) for name, counts in cohorts.items()]
    return pd.concat(frames, ignore_index=True)


def _resolve(path) -> Path:
    path = Path(DEFAULT_ECSI_PATH if path is None else path)
    return path if path.is_absolute() else PROJECT_ROOT / path


def replicate_ecsi_pls(path=None, *, n_boot: int = 200, random_state=0) -> pd.DataFrame:
    """The ECSI model of R plspm on its satisfaction data (Sanchez 2013, chapter 4).

    Model: IMAG -> EXPE, SAT, LOY; EXPE -> QUAL, VAL, SAT; QUAL -> VAL, SAT;
    VAL -> SAT; SAT -> LOY; all blocks Mode A, centroid scheme, ``scaled=False``
    (indicators centred only, as plspm's ``scaled = FALSE``).  Standard errors of
    the paths come from ``n_boot`` bootstrap resamples (``random_state``); R² and
    GoF have none here.

    ``path`` is the CSV file (default :data:`DEFAULT_ECSI_PATH`; a relative path
    is taken from the project root).  These data are not bundled with the
    project: when the file is absent, the table lists the published values with
    empty ``ours`` and a note saying the data are unavailable.
    """
    from .satisfaction import PLSPathModel
    from .store import read_table

    file = _resolve(path)
    if not file.is_file():
        table = _compare("ECSI PLS", "ecsi_satisfaction", {})
        table["note"] = text("teach_rep_note_unavailable", file=file.name)
        return table
    data = read_table(file)
    model = PLSPathModel(ECSI_PATHS, ECSI_BLOCKS, scheme="centroid", scaled=False).fit(data)
    boot = model.bootstrap(data, n_boot, random_state=random_state)
    boot = boot[boot["kind"] == "path"]
    ours = {f"path {a} -> {b}": model.path_coefficients_.loc[a, b] for a, b in ECSI_PATHS}
    std_err = {f"path {a} -> {b}": se for a, b, se in zip(boot["from"], boot["to"], boot["std_err"])}
    ours.update({f"r_squared {c}": r for c, r in model.r_squared_.items()})
    ours["gof"] = model.gof_
    table = _compare("ECSI PLS", "ecsi_satisfaction", ours, std_err)
    published_first = table["published"].notna().sort_values(ascending=False, kind="stable").index
    return table.loc[published_first].reset_index(drop=True)


def replication_table(*, transactions: pd.DataFrame | None = None, ecsi_path=None, n_boot: int = 200,
                      random_state=0) -> pd.DataFrame:
    """All replications in one table (CDNOW BTYD, Gamma-Gamma, BG/BB, sBG, ECSI PLS)."""
    return pd.concat([replicate_cdnow_btyd(transactions), replicate_gamma_gamma(transactions), replicate_bgbb(),
                      replicate_sbg(), replicate_ecsi_pls(ecsi_path, n_boot=n_boot, random_state=random_state)],
                     ignore_index=True)


def replication_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per model: published quantities, computed, agreeing, the largest |difference| in SEs, source and notes.

    ``table`` is the output of any ``replicate_*`` function or :func:`replication_table`;
    only rows with a published value count.
    """
    compared = table[table["published"].notna()]
    grouped = compared.groupby(["model", "data"], sort=False)
    return pd.DataFrame({
        "published": grouped.size(),
        "computed": grouped["ours"].count(),
        "agree": grouped["agrees"].apply(lambda a: int(a.eq(True).sum())),  # None = not computed
        "max_abs_difference_in_se": grouped["difference_in_se"].apply(lambda d: d.abs().max()),
        "source": grouped["source"].first(),
        "note": grouped["note"].agg(lambda notes: "; ".join(sorted({n for n in notes if n}))),
    })


_VIEW_FORMATS = {"ours": "{:.5f}", "difference": "{:+.5f}", "std_err": "{:.4f}", "difference_in_se": "{:+.4f}",
                 "tolerance": lambda v: np.format_float_positional(v, trim="-")}


def _as_printed(value: float, tolerance: float) -> str:
    """A published value with as many decimals as the source printed (read off the tolerance)."""
    if not np.isfinite(value):
        return "–"
    decimals = 0 if not tolerance > 0 else max(int(round(-np.log10(2 * tolerance))), 0)
    return f"{value:.{decimals}f}"


def replication_view(table: pd.DataFrame, model: str | None = None, data: str | None = None):
    """Display form of a replication table: one model (and data set), indexed by quantity, numbers formatted.

    Published values are shown as the source printed them (their decimals read off the tolerance), ours
    to 5 decimals, missing cells as a dash.
    Returns a pandas Styler (a notebook renders it as an HTML table).
    """
    rows = table
    if model is not None:
        rows = rows[rows["model"] == model]
    if data is not None:
        rows = rows[rows["data"] == data]
    columns = ["quantity", "published", "ours", "difference", "std_err", "difference_in_se", "tolerance", "agrees"]
    view = rows[columns].set_index("quantity")
    view["agrees"] = view["agrees"].map({True: text("teach_rep_yes"), False: text("teach_rep_no")}).fillna("–")
    view["published"] = [_as_printed(v, t) for v, t in zip(view["published"], view["tolerance"])]
    return view.style.format(_VIEW_FORMATS, na_rep="–")


# ---------------------------------------------------------------------------- pages (report 20), en/zh
_PARAMETER_SYMBOLS = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ"}


def _quantity_label(quantity: str, lang: str) -> str:
    """A quantity as a reader sees it: Greek letters for parameters, words for the others."""
    if quantity in _PARAMETER_SYMBOLS:
        return _PARAMETER_SYMBOLS[quantity]
    if quantity == "log_likelihood":
        return text("teach_rep_q_log_likelihood", lang)
    if quantity == "expected_39w_x2":
        return text("teach_rep_q_expected", lang)
    if quantity == "n_customers":
        return text("teach_rep_q_n_customers", lang)
    if quantity == "gof":
        return text("teach_rep_q_gof", lang)
    if quantity.startswith("path "):
        return text("teach_rep_q_path", lang, path=quantity[5:].replace("->", "→"))
    if quantity.startswith("r_squared "):
        return text("teach_rep_q_r_squared", lang, construct=quantity[len("r_squared "):])
    return quantity


def _note_text(note: str, lang: str) -> str:
    """The notes of a summary row ("; "-joined catalogue texts in English) in ``lang``."""
    parts = []
    for part in [p for p in note.split("; ") if p]:
        found = find_key(part)  # each note is a catalogue entry (teach_rep_note_*), its fields included
        parts.append(text(found[0], lang, **found[1]) if found else part)
    return text("teach_sep_semicolon", lang).join(parts)


def replication_page(table: pd.DataFrame, model: str | None = None, data: str | None = None, lang: str = "en"):
    """:func:`replication_view` for a page in ``lang``: headers and quantities translated, ``–`` explained."""
    from .claims import PageTable

    view = replication_view(table, model, data)
    shown = pd.DataFrame(index=view.data.index)
    formats = {**_VIEW_FORMATS}
    for column in view.data.columns:
        values = view.data[column]
        fmt = formats.get(column)
        if fmt is None:
            shown[column] = values.astype(object).where(values.notna(), "–")
        else:
            shown[column] = [("–" if not (isinstance(v, (int, float)) and np.isfinite(v)) else
                              (fmt(v) if callable(fmt) else fmt.format(v))) for v in values]
    shown["agrees"] = view.data["agrees"].map({text("teach_rep_yes"): text("teach_rep_yes", lang),
                                               text("teach_rep_no"): text("teach_rep_no", lang), "–": "–"})
    shown.index = [_quantity_label(q, lang) for q in shown.index]
    shown.index.name = text("teach_rep_quantity", lang)
    shown.columns = [text(f"teach_rep_{c}", lang) for c in shown.columns]
    has_missing = bool((shown == "–").to_numpy().any())
    return PageTable(shown, text("teach_rep_missing", lang) if has_missing else "")


def summary_page(table: pd.DataFrame, lang: str = "en"):
    """:func:`replication_summary` for a page in ``lang`` (counts as integers, ``–`` explained)."""
    from .claims import PageTable

    summary = replication_summary(table)
    shown = pd.DataFrame(index=pd.Index([f"{m} · {d}" for m, d in summary.index],
                                        name=f"{text('teach_rep_model', lang)} · {text('teach_rep_data', lang)}"))
    shown[text("teach_rep_n_published", lang)] = [f"{int(v):,}" for v in summary["published"]]
    shown[text("teach_rep_n_computed", lang)] = [f"{int(v):,}" for v in summary["computed"]]
    shown[text("teach_rep_n_agree", lang)] = [f"{int(v):,}" for v in summary["agree"]]
    shown[text("teach_rep_max_se", lang)] = ["–" if not np.isfinite(v) else f"{v:.4f}"
                                             for v in summary["max_abs_difference_in_se"]]
    shown[text("teach_rep_source", lang)] = list(summary["source"])
    shown[text("teach_rep_note", lang)] = [_note_text(n, lang) or "–" for n in summary["note"]]
    has_missing = bool((shown == "–").to_numpy().any())
    return PageTable(shown, text("teach_rep_missing", lang) if has_missing else "")


def citations_page(lang: str = "en"):
    """The sources (key -> full citation) for a page."""
    from .claims import PageTable

    frame = pd.DataFrame({text("teach_rep_citation", lang): CITATIONS})
    frame.index.name = text("teach_rep_source", lang)
    return PageTable(frame, left=True)


def plot_replication_differences(table: pd.DataFrame, lang: str = "en", *, strict: bool = False):
    """Each published quantity that has a standard error: (ours - published) / SE, coloured by agreement.

    Quantities without a standard error (log-likelihoods, R², GoF, the worked
    example) are left out of the figure; they are in the tables.  Returns the
    (closed) Figure in ``lang`` (``strict`` as in :func:`crm_analysis.present.localize`).
    """
    import matplotlib.pyplot as plt

    from .plotting import PALETTE, finish, get_ax
    from .present import localize

    rows = table[table["published"].notna() & table["difference_in_se"].notna()].iloc[::-1]
    ax = get_ax(None)

    def label(model, data, quantity):
        cohort = f" ({text(f'teach_rep_cohort_{data}', lang)})" if data in SBG_COHORTS else ""
        return text("teach_fig_rep_item", lang, model=f"{model}{cohort}", quantity=_quantity_label(quantity, lang))

    labels = [label(m, d, q) for m, d, q in zip(rows["model"], rows["data"], rows["quantity"])]
    y = np.arange(len(rows))
    agrees = rows["agrees"].eq(True).to_numpy()
    # the figure is drawn in English (the catalogue's words) and put into ``lang`` by localize
    ax.scatter(rows["difference_in_se"][agrees], y[agrees], color=PALETTE[2], label=text("teach_fig_rep_agree"))
    if (~agrees).any():
        ax.scatter(rows["difference_in_se"][~agrees], y[~agrees], color=PALETTE[3],
                   label=text("teach_fig_rep_disagree"))
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_yticks(y, [""] * len(y))
    ax.figure.set_size_inches(7, 0.28 * len(rows) + 1.5)
    finish(ax, title=text("teach_fig_rep_title"), xlabel=text("teach_fig_rep_x"), ylabel=text("teach_fig_rep_y"))
    ax.legend(loc="lower left", frameon=True)  # below the points near zero, clear of the largest differences
    localize(ax, lang, strict=strict)
    ax.set_yticks(y, labels)  # quantity names are already in ``lang`` (model names and symbols stay)
    figure = ax.figure
    plt.close(figure)
    return figure
