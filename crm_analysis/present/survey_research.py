"""What the survey-research pages show (report 21, section 8 of notebook 12): tables and sentences from the numbers.

A researcher reporting a PLS-SEM study is asked for (Hair et al. 2022, *A Primer
on PLS-SEM*, 3rd ed.; Sarstedt et al. 2022 on what reviewers check):

1. how complete the answers are and which rule handled the gaps
   (:func:`missing_table`, :func:`missing_sentence`);
2. the measurement model: alpha, rho_A, rho_C, AVE and HTMT
   (:func:`reliability_table`, :func:`measurement_sentence`);
3. the paths with bootstrap intervals, and for reflective constructs the
   consistent (PLSc) paths beside them (:func:`path_comparison`,
   :func:`path_table`, :func:`path_sentence`);
4. model fit: SRMR with its bootstrap HI95 (:func:`fit_table`, :func:`fit_sentence`);
5. out-of-sample prediction, PLSpredict against the linear-model benchmark
   (:func:`predict_table`, :func:`predictive_power`, :func:`predict_sentence`);
6. optionally a two-group comparison with the MICOM check of measurement
   invariance first (:func:`mga_table`, :func:`mga_sentence`,
   :func:`micom_table`, :func:`micom_sentence`).

Every sentence is computed from the table it describes, so it changes with
the survey; every label comes from the en/zh catalogue
(:mod:`crm_analysis.present.catalogue.survey_research`).  The numbers come
from the engines in :mod:`crm_analysis.satisfaction`; nothing here estimates.
:func:`open_research_survey` reads the survey (from a customer database or a
file) and :func:`research_model` builds the model from a report's parameters.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from IPython.display import HTML, Markdown
from sklearn.base import clone

from ..exceptions import CRMDataError, DataExclusionWarning
from .catalogue import check_language, text
from .format import count, number, percent
from .satisfaction import construct_label, item_runs

__all__ = ["ResearchSurvey", "open_research_survey", "research_model", "research_title", "complete_answers_model",
           "missing_table", "respondent_missing_table", "missing_sentence", "complete_only_sentence",
           "reliability_table", "htmt_table", "measurement_sentence", "path_comparison", "path_table",
           "path_sentence", "fit_table", "fit_sentence", "predict_table", "predictive_power", "predict_sentence",
           "mga_table", "mga_sentence", "micom_table", "micom_sentence", "no_group_sentence",
           "group_exclusion_sentence", "show_group_comparison", "disattenuation_check"]

#: reliability thresholds of the measurement-model sentence (Hair et al. 2022, ch. 4)
RELIABILITY_THRESHOLDS = {"alpha": 0.7, "rho_a": 0.7, "rho_c": 0.7, "ave": 0.5}
HTMT_THRESHOLD = 0.85  # Henseler, Ringle & Sarstedt (2015), the conservative cut-off
SRMR_THRESHOLD = 0.08  # Hu & Bentler (1999)
MEAN_REPLACEMENT_LIMIT = 0.05  # Hair et al. (2022): mean replacement only below 5 % missing per item


# ---------------------------------------------------------------------------------------------- the data
@dataclass
class ResearchSurvey:
    """The survey a research page analyses: every respondent's answers (gaps as NaN) and the optional group.

    ``data`` holds the model's items (declared scale in ``attrs``), the
    ``group`` column when one is given and ``customer_id`` when known;
    ``source`` is ``"store"`` or ``"file"``; ``context`` the
    :class:`~crm_analysis.present.ReportContext` of a database; ``notes``
    the sentences on what was left out or read as missing.
    """

    data: pd.DataFrame
    items: list
    source: str
    name: str
    scale: tuple
    group: str | None = None
    context: object = None
    missing_codes: tuple = ()
    notes: list = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.data)


def _model_items(model) -> list:
    return list(dict.fromkeys(i for cols in model.blocks.values() for i in cols))


def _resolve_file(path: str) -> Path:
    from ..config import PROJECT_ROOT

    given = Path(path).expanduser()
    if given.exists():
        return given
    if not given.is_absolute() and (PROJECT_ROOT / given).exists():
        return PROJECT_ROOT / given  # the reports' relative paths are relative to the project root
    raise CRMDataError(f"survey_file {path!r} does not exist (a relative path is read from the folder the reports "
                       f"were started in, then from the project root {PROJECT_ROOT}); give its full path")


def open_research_survey(model, *, store: str = "", survey_file: str = "", scale=(), missing_codes=(),
                         customer_col: str = "", group: str = "", lang: str = "en") -> ResearchSurvey:
    """Read the survey of a research report: a file (``survey_file``) or the customer database (``store``).

    With ``survey_file`` (CSV, Excel, SPSS) the answers are read by
    :func:`crm_analysis.io.read_survey` with the rating ``scale`` (required)
    and the "no answer" ``missing_codes``; the model's items are the answer
    columns and ``group`` must be another column of the file.  Otherwise the
    survey of the database ``store`` (``""``: the bundled demo survey) is used;
    a database without survey answers, or without the model's questions,
    shows the page saying how to import or name them (``ReportNeedsData``).
    There ``group`` is a column imported with the survey answers or, failing
    that, a column of the customer table (matched by ``customer_id``).
    A ``group`` that is in neither is a CRMDataError listing the columns
    there are.  The caller's files and database are only read.
    """
    check_language(lang)
    items = _model_items(model)
    if survey_file:
        from ..io import read_survey

        if len(scale) != 2:
            raise CRMDataError(f"survey_file {survey_file!r} needs the rating scale of its answers: give scale: "
                               "[low, high] in the parameters file (or -p scale '[1, 7]' with crm-analysis run), "
                               "and missing_codes: [-9] for \"no answer\" codes")
        path = _resolve_file(survey_file)
        with warnings.catch_warnings(record=True) as caught:  # the codes read as missing: said in a note
            warnings.simplefilter("always", DataExclusionWarning)
            try:
                data = read_survey(path, scale=(float(scale[0]), float(scale[1])), items=items,
                                   missing_codes=tuple(missing_codes), customer_col=customer_col or None)
            except CRMDataError as exc:  # the reader speaks Python; the report's user writes a parameters file
                raise CRMDataError(f"{exc} (In the report's parameters: scale: [low, high] and missing_codes: "
                                   f"[code, ...] under 21_research_survey.)") from None
        notes = [str(w.message) for w in caught if issubclass(w.category, DataExclusionWarning)]
        survey = ResearchSurvey(data=data, items=items, source="file", name=path.name,
                                scale=tuple(data.attrs["scale"]), missing_codes=tuple(missing_codes))
        if group:
            if group not in data.columns or group in items:
                others = [c for c in data.columns if c not in items]
                raise CRMDataError(f"the group column {group!r} is not a column of {path.name} besides the model's "
                                   f"questions (other columns: {others or 'none'}); set group to one of them, or "
                                   "group: \"\" for no group comparison")
            survey.group = group
        survey.notes += notes
        return survey

    from ..store import open_report_store
    from .page import ReportContext
    from .satisfaction import require_model_items, require_survey

    db = open_report_store(store, demo="survey")
    require_survey(db, lang)
    require_model_items(db, model, lang, report="21_research_survey", satisfaction_item="", loyalty_item="")
    stored_with_answers = bool(group) and group in db.sql("SELECT * FROM survey LIMIT 0").columns
    data = db.survey_table(items, columns=[group] if stored_with_answers else [])
    context = ReportContext.from_store(db)
    survey = ResearchSurvey(data=data, items=items, source="store", name=context.title(lang),
                            scale=tuple(data.attrs["scale"]), context=context,
                            missing_codes=tuple(data.attrs.get("missing_codes", ())))
    if stored_with_answers:
        survey.group = group
    elif group:
        customers = db.customers() if db.describe().get("has_customers") else pd.DataFrame()
        if group not in customers.columns:
            raise CRMDataError(f"the group column {group!r} is neither imported with the survey answers nor a column "
                               f"of the customer table (columns: {list(customers.columns) or 'none'}); import it "
                               "with the survey file or with crm-analysis import customers, "
                               "set group to one of these, or group: \"\" for no group comparison")
        if "customer_id" not in data.columns:
            raise CRMDataError(f"the survey answers carry no customer IDs, so the group column {group!r} of the "
                               "customer table cannot be matched to them; import the survey with --customer-col")
        values = customers[group]
        values.index = values.index.astype(str)
        attrs = dict(data.attrs)
        data = data.copy()
        data[group] = data["customer_id"].map(lambda cid: values.get(str(cid), np.nan) if pd.notna(cid) else np.nan)
        data.attrs = attrs
        survey.data, survey.group = data, group
    return survey


def research_model(*, blocks: dict | None = None, paths: list | None = None, complaints: bool = True,
                   missing: str = "mean", random_state=None):
    """The PLS path model of a report's parameters: ``paths`` and ``blocks``, or the ECSI template.

    Without ``paths`` the ECSI model (:func:`~crm_analysis.satisfaction.ecsi_model`)
    with the given ``blocks`` (``None``: its demo items) is used; ``paths`` are
    ``[source, target]`` pairs and need ``blocks``.  ``missing`` and
    ``random_state`` are set on the model.
    """
    from ..satisfaction import PLSPathModel, ecsi_model

    if paths:
        if not blocks:
            raise CRMDataError("paths need blocks: give blocks: {construct: [question, ...]} for every construct "
                               "of the paths")
        pairs = []
        for pair in paths:
            if len(pair) != 2:
                raise CRMDataError(f"each path is a [source, target] pair, got {pair!r}")
            pairs.append((str(pair[0]), str(pair[1])))
        model = PLSPathModel(pairs, {k: list(v) for k, v in blocks.items()})
    else:
        model = ecsi_model(blocks or None, complaints=complaints)
    return model.set_params(missing=missing, random_state=random_state)


def complete_answers_model(model):
    """A copy of ``model`` with listwise deletion, for the analyses that need complete answers.

    PLSpredict refuses imputed gaps (the held-out answers would leak into
    the training folds' means) and the group comparisons refuse them (item
    means would differ between groups and permutations); :func:`complete_only_sentence`
    states how many respondents they use.
    """
    return clone(model).set_params(missing="listwise")


def research_title(survey: ResearchSurvey, lang: str = "en") -> HTML:
    """The line under the title: the business (database) or the file, respondents and scale."""
    from .page import title_block

    if survey.context is not None:
        return title_block(survey.context, lang)
    codes = (text("sr_data_codes", lang, codes=", ".join(str(c) for c in survey.missing_codes))
             if survey.missing_codes else "")
    low, high = survey.scale
    line = text("sr_data_file", lang, name=survey.name, n=count(survey.n), low=_num(low), high=_num(high),
                codes=codes)
    import html

    return HTML(f'<p class="crm-data-line"><em>{html.escape(line)}</em></p>')


def _num(x) -> str:
    return count(x) if float(x).is_integer() else number(x, 1)


# ---------------------------------------------------------------------------------------------- missing answers
def missing_table(report, lang: str = "en", *, blocks: dict | None = None) -> pd.DataFrame:
    """Missing answers per question: count and share (of a :class:`~crm_analysis.satisfaction.MissingDataReport`).

    With ``blocks`` the construct of each question is shown first.
    """
    check_language(lang)
    by_item = report.by_item
    out = pd.DataFrame(index=pd.Index(by_item.index, name=text("sr_item", lang)))
    if blocks:
        owner = {i: c for c, cols in blocks.items() for i in cols}
        out[text("sr_construct", lang)] = [construct_label(owner.get(i, ""), lang) for i in by_item.index]
    out[text("sr_missing", lang)] = [count(v) for v in by_item["missing"]]
    out[text("sr_missing_share", lang)] = [percent(v, 1) for v in by_item["share"]]
    return out


def respondent_missing_table(report, lang: str = "en") -> pd.DataFrame:
    """Respondents by number of missing answers (0, 1, 2, ...): count and share."""
    check_language(lang)
    table = report.by_respondent
    return pd.DataFrame({text("respondents", lang): [count(v) for v in table["respondents"]],
                         text("sr_share_respondents", lang): [percent(v, 1) for v in table["share"]]},
                        index=pd.Index(table.index, name=text("sr_missing_answers", lang)))


def missing_sentence(report, rule: str, lang: str = "en") -> Markdown:
    """How complete the answers are (counts, the item with most gaps) and the rule that handled them.

    ``rule`` is the model's ``missing`` setting.  With mean replacement and an
    item above 5 % missing, a further sentence says that this is beyond the
    usual limit (Hair et al. 2022) and what to compare with.
    """
    check_language(lang)
    by_item, n = report.by_item, report.n_respondents
    k = len(by_item)
    gaps = int(by_item["missing"].sum())
    if not gaps:
        return Markdown(text("sr_missing_none", lang, n=count(n), k=count(k)))
    top = by_item["share"].idxmax()
    parts = [text("sr_missing_some", lang, n=count(n), complete=count(report.n_complete), k=count(k),
                  gaps=count(gaps), share=percent(gaps / (n * k), 1), item=top,
                  item_share=percent(by_item.loc[top, "share"], 1))]
    if rule == "mean":
        parts.append(text("sr_rule_mean", lang, n=count(n)))
        over = by_item.index[by_item["share"] > MEAN_REPLACEMENT_LIMIT]
        if len(over):
            parts.append(text("sr_rule_too_many", lang, k=count(len(over)),
                              items=item_runs(over, text("sep_enum", lang))))
    elif rule == "listwise":
        parts.append(text("sr_rule_listwise", lang, dropped=count(n - report.n_complete),
                          used=count(report.n_complete)))
    else:
        parts.append(text("sr_rule_pairwise", lang))
    return Markdown(text("sentence_space", lang).join(parts))


def complete_only_sentence(report, lang: str = "en") -> Markdown:
    """The sentence above PLSpredict and the group comparison: the respondents they use (complete answers only)."""
    check_language(lang)
    dropped = report.n_respondents - report.n_complete
    if not dropped:
        return Markdown(text("sr_complete_all", lang, n=count(report.n_respondents)))
    return Markdown(text("sr_complete_only", lang, used=count(report.n_complete), dropped=count(dropped)))


# ---------------------------------------------------------------------------------------------- measurement model
def reliability_table(model, lang: str = "en") -> pd.DataFrame:
    """Alpha, rho_A, rho_C and AVE per construct (a fitted model's ``reliability_``), 3 decimals."""
    check_language(lang)
    rel = model.reliability_
    labels = {"alpha": "sr_alpha", "rho_a": "sr_rho_a", "rho_c": "sr_rho_c", "ave": "sr_ave"}
    out = pd.DataFrame({text(labels[c], lang): [number(v, 3) for v in rel[c]] for c in labels},
                       index=pd.Index([construct_label(c, lang) for c in rel.index], name=text("sr_construct", lang)))
    return out


def htmt_table(model, lang: str = "en") -> pd.DataFrame:
    """The HTMT matrix, lower triangle (the upper triangle and the diagonal blank), 2 decimals."""
    check_language(lang)
    htmt = model.htmt_
    names = [construct_label(c, lang) for c in htmt.index]
    values = htmt.to_numpy()
    cells = [["" if j >= i else number(values[i, j], 2) for j in range(len(names))] for i in range(len(names))]
    return pd.DataFrame(cells, index=pd.Index(names, name=text("sr_construct", lang)), columns=names)


def _largest_htmt(model):
    htmt = model.htmt_
    values = htmt.to_numpy().astype(float).copy()
    values[np.triu_indices_from(values)] = -np.inf
    i, j = np.unravel_index(np.argmax(values), values.shape)
    return float(values[i, j]), htmt.index[i], htmt.columns[j]


def measurement_sentence(model, lang: str = "en") -> Markdown:
    """Which constructs miss a reliability threshold (alpha/rho_A/rho_C 0.7, AVE 0.5) and the largest HTMT."""
    check_language(lang)
    rel = model.reliability_
    failed = []
    for construct, row in rel.iterrows():
        low = [text(f"sr_{m}", lang) + f" {number(row[m], 2)}" for m, cut in RELIABILITY_THRESHOLDS.items()
               if row[m] < cut]
        if low:
            failed.append(text("sr_reliability_item", lang, construct=construct_label(construct, lang),
                               measures=text("sep_enum", lang).join(low)))
    parts = [text("sr_reliability_fail", lang, failed=text("sep_semicolon", lang).join(failed)) if failed
             else text("sr_reliability_ok", lang)]
    if len(rel) > 1:
        value, a, b = _largest_htmt(model)
        parts.append(text("sr_htmt_line", lang, value=number(value, 2), a=construct_label(a, lang),
                          b=construct_label(b, lang),
                          verdict=text("sr_below" if value < HTMT_THRESHOLD else "sr_above", lang)))
    return Markdown(text("sentence_space", lang).join(parts))


# ---------------------------------------------------------------------------------------------- PLS and PLSc
def path_comparison(pls_boot: pd.DataFrame, plsc_boot: pd.DataFrame) -> pd.DataFrame:
    """The path rows of two ``bootstrap()`` tables side by side: ``from, to`` and ``pls_*``, ``plsc_*`` columns.

    Columns ``pls_estimate, pls_lower, pls_upper, plsc_estimate, plsc_lower,
    plsc_upper, change`` (PLSc minus PLS).  ``attrs["n_boot"]`` is not known
    here; the sentence takes it from the caller.
    """
    cols = ["from", "to", "estimate", "ci_lower", "ci_upper"]
    a = pls_boot.loc[pls_boot["kind"] == "path", cols].rename(
        columns={"estimate": "pls_estimate", "ci_lower": "pls_lower", "ci_upper": "pls_upper"})
    b = plsc_boot.loc[plsc_boot["kind"] == "path", cols].rename(
        columns={"estimate": "plsc_estimate", "ci_lower": "plsc_lower", "ci_upper": "plsc_upper"})
    out = a.merge(b, on=["from", "to"], how="inner", validate="one_to_one")
    if len(out) != len(a) or len(out) != len(b):
        raise ValueError("the PLS and PLSc bootstrap tables hold different paths: fit both on the same model")
    out["change"] = out["plsc_estimate"] - out["pls_estimate"]
    return out.reset_index(drop=True)


def _path_name(row, lang) -> str:
    return f"{construct_label(row['from'], lang)} → {construct_label(row['to'], lang)}"


def _interval(lo, hi, digits=2) -> str:
    return f"[{number(lo, digits)}, {number(hi, digits)}]"


def path_table(comparison: pd.DataFrame, lang: str = "en", *, ci_level: float = 0.95) -> pd.DataFrame:
    """PLS and PLSc paths with their percentile intervals, and the change, one row per path (3 decimals)."""
    check_language(lang)
    level = percent(ci_level, 0)
    rows = comparison
    return pd.DataFrame({
        text("sr_pls", lang): [number(v, 3) for v in rows["pls_estimate"]],
        text("sr_interval", lang, model="PLS", level=level): [_interval(a, b) for a, b in
                                                             zip(rows["pls_lower"], rows["pls_upper"])],
        text("sr_plsc", lang): [number(v, 3) for v in rows["plsc_estimate"]],
        text("sr_interval", lang, model="PLSc", level=level): [_interval(a, b) for a, b in
                                                              zip(rows["plsc_lower"], rows["plsc_upper"])],
        text("sr_change", lang): [f"{v:+.3f}" for v in rows["change"]],
    }, index=pd.Index([_path_name(r, lang) for _, r in rows.iterrows()], name=text("sr_path", lang)))


def _excludes_zero(lo, hi) -> np.ndarray:
    return (np.asarray(lo) > 0) | (np.asarray(hi) < 0)


def path_sentence(comparison: pd.DataFrame, lang: str = "en", *, n_boot: int | None = None,
                  random_state=None) -> Markdown:
    """How far PLSc moves the paths (mean and largest change), and how many intervals exclude zero with each."""
    check_language(lang)
    rows = comparison
    change = rows["change"].abs()
    big = int(change.idxmax())
    k = len(rows)
    pls_sig = _excludes_zero(rows["pls_lower"], rows["pls_upper"])
    plsc_sig = _excludes_zero(rows["plsc_lower"], rows["plsc_upper"])
    line = text("sr_paths_line", lang, mean=number(change.mean(), 3), largest=number(change.iloc[big], 3),
                path=_path_name(rows.iloc[big], lang), pls=number(rows["pls_estimate"].iloc[big], 3),
                plsc=number(rows["plsc_estimate"].iloc[big], 3),
                k_up=count(int((rows["plsc_estimate"].abs() > rows["pls_estimate"].abs()).sum())), k=count(k),
                n_pls=count(int(pls_sig.sum())), n_plsc=count(int(plsc_sig.sum())))
    differ = [(_path_name(r, lang) + f" ({'PLS' if pls_sig[i] else 'PLSc'})") for i, (_, r) in
              enumerate(rows.iterrows()) if pls_sig[i] != plsc_sig[i]]
    if differ:
        line += text("sr_paths_differ", lang, paths=text("sep_enum", lang).join(differ))
    if n_boot is not None:
        line += text("sentence_space", lang) + text("sr_paths_bootstrap", lang, b=count(n_boot), seed=random_state)
    return Markdown(line)


# ---------------------------------------------------------------------------------------------- model fit
def fit_table(fit: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """SRMR, d_ULS and d_G of the saturated and estimated models with their bootstrap HI quantiles (3 decimals)."""
    check_language(lang)
    labels = {}
    for column in fit.columns:
        model, _, quantile = column.partition("_HI")
        name = text("sr_saturated" if model == "saturated" else "sr_estimated", lang)
        labels[column] = text("sr_hi", lang, model=name, q=quantile) if quantile else name
    out = pd.DataFrame({labels[c]: [number(v, 3) for v in fit[c]] for c in fit.columns},
                       index=pd.Index(fit.index, name=text("sr_measure", lang)))
    return out


def fit_sentence(fit: pd.DataFrame, lang: str = "en") -> Markdown:
    """The estimated model's SRMR against 0.08 and against its bootstrap HI95."""
    check_language(lang)
    srmr = float(fit.loc["SRMR", "estimated"])
    hi95 = float(fit.loc["SRMR", "estimated_HI95"])
    resamples = fit.attrs.get("resamples", {})
    b = resamples.get("estimated") if isinstance(resamples, dict) else resamples
    return Markdown(text("sr_fit_line", lang, srmr=number(srmr, 3), hi95=number(hi95, 3),
                         verdict=text("sr_below" if srmr < SRMR_THRESHOLD else "sr_above", lang),
                         within=text("sr_within" if srmr <= hi95 else "sr_beyond", lang),
                         b=count(b) if b is not None else "–"))


# ---------------------------------------------------------------------------------------------- PLSpredict
def predict_table(prediction: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """PLSpredict per item: PLS and LM RMSE and MAE, Q²_predict, and whether PLS has the lower RMSE."""
    check_language(lang)
    p = prediction
    better = p["pls_rmse"] < p["lm_rmse"]
    return pd.DataFrame({
        text("sr_pls_rmse", lang): [number(v, 3) for v in p["pls_rmse"]],
        text("sr_lm_rmse", lang): [number(v, 3) for v in p["lm_rmse"]],
        text("sr_pls_mae", lang): [number(v, 3) for v in p["pls_mae"]],
        text("sr_lm_mae", lang): [number(v, 3) for v in p["lm_mae"]],
        text("sr_q2_predict", lang): [number(v, 3) for v in p["q2_predict"]],
        text("sr_pls_better", lang): [text("sr_yes" if b else "sr_no", lang) for b in better],
    }, index=pd.Index(p.index, name=text("sr_item", lang)))


def predictive_power(prediction: pd.DataFrame) -> str:
    """Shmueli et al. (2019): "high", "medium", "low" or "none" from the items where PLS beats LM on RMSE.

    All items lower RMSE than the linear benchmark: high; a majority: medium;
    a minority: low; none: no predictive power.  (The guideline reads the
    key target construct's items; pass those rows for that reading.)
    """
    better = int((prediction["pls_rmse"] < prediction["lm_rmse"]).sum())
    k = len(prediction)
    if better == k:
        return "high"
    if better == 0:
        return "none"
    return "medium" if better > k / 2 else "low"


def predict_sentence(prediction: pd.DataFrame, lang: str = "en") -> Markdown:
    """How to read the PLSpredict table: Q²_predict > 0 count, PLS-beats-LM count and the guideline's verdict."""
    check_language(lang)
    p = prediction
    power = predictive_power(p)
    fields = dict(k=count(p.attrs.get("k") or 0) if p.attrs.get("k") else "–", repeats=count(p.attrs.get("repeats", 1)),
                  n=count(p.attrs.get("n_obs", 0)), q2=count(int((p["q2_predict"] > 0).sum())), items=count(len(p)),
                  better=count(int((p["pls_rmse"] < p["lm_rmse"]).sum())))
    if power == "none":
        return Markdown(text("sr_predict_none_line", lang, **{k: v for k, v in fields.items() if k != "better"}))
    return Markdown(text("sr_predict_line", lang, power=text(f"sr_power_{power}", lang), **fields))


# ---------------------------------------------------------------------------------------------- groups
def _group_label(mga_attrs, level, lang) -> str:
    n = mga_attrs.get("n_obs", {}).get(level)
    return text("sr_group_estimate", lang, column=mga_attrs.get("group", ""), level=str(level),
                n=count(n) if n is not None else "–")


def mga_table(mga: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The multigroup table: each group's path (labelled with its size), the difference and the p-value."""
    check_language(lang)
    levels = mga.attrs["levels"]
    out = pd.DataFrame(index=pd.Index([_path_name(r, lang) for _, r in mga.iterrows()], name=text("sr_path", lang)))
    for level in levels:
        out[_group_label(mga.attrs, level, lang)] = [number(v, 3) for v in mga[f"estimate_{level}"]]
    out[text("sr_difference", lang)] = [f"{v:+.3f}" for v in mga["difference"]]
    out[text("sr_p_value", lang)] = [number(v, 3) for v in mga["p_value"]]
    return out


def mga_sentence(mga: pd.DataFrame, lang: str = "en", *, alpha: float = 0.05) -> Markdown:
    """How many paths differ at ``alpha`` (the permutation p-values), naming them with both groups' estimates."""
    check_language(lang)
    levels = mga.attrs["levels"]
    differ = mga[mga["p_value"] < alpha]
    listed = text("sep_enum", lang).join(
        text("sr_mga_path", lang, path=_path_name(r, lang), d1=number(r[f"estimate_{levels[0]}"], 2),
             d2=number(r[f"estimate_{levels[1]}"], 2)) for _, r in differ.iterrows())
    return Markdown(text("sr_mga_line", lang, k=count(len(differ)), total=count(len(mga)),
                         g1=_group_label(mga.attrs, levels[0], lang), g2=_group_label(mga.attrs, levels[1], lang),
                         b=count(mga.attrs.get("n_resamples", 0)),
                         paths=text("sr_mga_paths", lang, paths=listed) if len(differ) else ""))


def micom_table(result, lang: str = "en") -> pd.DataFrame:
    """MICOM per construct: step 2 (c and its p-value), step 3 (mean and variance differences, p) and the verdict."""
    check_language(lang)
    comp, means, variances = result.compositional, result.means, result.variances
    yes, no = text("sr_yes", lang), text("sr_no", lang)
    return pd.DataFrame({
        text("sr_compositional", lang): [f"c = {number(c, 4)}, p = {number(p, 2)} ({yes if ok else no})"
                                         for c, p, ok in zip(comp["c"], comp["p_value"], comp["invariant"])],
        text("sr_equal_means", lang): [f"{d:+.3f}, p = {number(p, 2)} ({yes if ok else no})"
                                       for d, p, ok in zip(means["difference"], means["p_value"], means["equal"])],
        text("sr_equal_variances", lang): [f"{d:+.3f}, p = {number(p, 2)} ({yes if ok else no})" for d, p, ok in
                                           zip(variances["difference"], variances["p_value"], variances["equal"])],
        text("sr_invariance", lang): [text(f"sr_invariance_{v}", lang) for v in result.invariance],
    }, index=pd.Index([construct_label(c, lang) for c in comp.index], name=text("sr_construct", lang)))


def micom_sentence(result, lang: str = "en", *, n: int | None = None) -> Markdown:
    """Step 1's verdict, then which constructs have full, partial or no measurement invariance."""
    check_language(lang)
    configural = result.configural
    failed = list(configural.index[~configural["passed"].astype(bool)])
    verdict = (text("sr_micom_configural_fail", lang, checks=text("sep_enum", lang).join(failed)) if failed
               else text("sr_micom_configural_ok", lang))
    sep, none = text("sep_enum", lang), text("none", lang)

    def names(kind):
        chosen = [construct_label(c, lang) for c, v in result.invariance.items() if v == kind]
        return sep.join(chosen) if chosen else none

    return Markdown(text("sr_micom_configural", lang, verdict=verdict) + text("sentence_space", lang)
                    + text("sr_micom_line", lang, full=names("full"), partial=names("partial"), none=names("none"),
                           b=count(n) if n is not None else "–"))


def no_group_sentence(lang: str = "en") -> Markdown:
    """What to set to get the group comparison (when the report has no ``group``)."""
    return Markdown(text("sr_no_group", lang))


def group_exclusion_sentence(survey: ResearchSurvey, lang: str = "en") -> str:
    """Who the group comparison leaves out, counted on the respondents it would otherwise use, or ``""``.

    The comparison needs every answer of the model's questions and a value of
    the group column: the sentence counts, of all respondents, those with a
    missing answer and, of the complete ones, those without a group value (the
    counts the engine's own warnings give), and how many the comparison uses.
    """
    if not survey.group:
        return ""
    complete = survey.data[survey.items].notna().all(axis=1)
    unknown = survey.data[survey.group].isna()
    incomplete, no_group = int((~complete).sum()), int((complete & unknown).sum())
    if not incomplete and not no_group:
        return ""
    parts = [text("sr_group_incomplete", lang, n=count(incomplete))] if incomplete else []
    parts += [text("sr_group_unknown_count", lang, n=count(no_group), column=survey.group)] if no_group else []
    return text("sr_group_used", lang, used=count(int((complete & ~unknown).sum())), total=count(survey.n),
                parts=text("sep_semicolon", lang).join(parts))


def show_group_comparison(survey: ResearchSurvey, model, lang: str = "en", *, n: int = 1000, random_state=None):
    """Display the two-group section: MICOM first (can the groups be compared?), then the permutation MGA.

    ``model`` is the complete-answers model (:func:`complete_answers_model`).
    Without a group column the section says how to ask for one.  Respondents
    without a group value are left out with a counted sentence (the engine's
    exclusion warning is replaced by it).  When the groups cannot be compared
    (a group with fewer respondents than the model has parameters, one level
    only) the section shows the engine's reason in a box instead of stopping
    the report.  Returns ``(mga, micom)`` or ``None``.
    """
    from IPython.display import display

    from ..satisfaction import micom, multigroup_analysis

    check_language(lang)
    if not survey.group:
        display(no_group_sentence(lang))
        return None
    left_out = group_exclusion_sentence(survey, lang)
    if left_out:
        display(Markdown(left_out))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataExclusionWarning)  # counted above, in the page's language
            invariance = micom(model, survey.data, group=survey.group, n=n, random_state=random_state)
            mga = multigroup_analysis(model, survey.data, group=survey.group, method="permutation", n=n,
                                      random_state=random_state)
    except CRMDataError as exc:  # e.g. a group smaller than the model: the other sections stand, this one says why
        from .page import notice

        display(notice(text("sr_group_impossible", lang, reason=str(exc)), "warning"))
        return None
    display(micom_sentence(invariance, lang, n=n))
    display(micom_table(invariance, lang))
    display(mga_sentence(mga, lang))
    display(mga_table(mga, lang))
    return mga, invariance


def disattenuation_check(pls_model, plsc_model, a: str, b: str, lang: str = "en") -> pd.DataFrame:
    """The PLSc correction of one construct correlation by hand, beside PLSc's own value.

    r*_ab = r_ab / sqrt(rho_A,a * rho_A,b) (Dijkstra & Henseler 2015), with r_ab
    the PLS score correlation and rho_A from the PLS weights: the two last rows
    agree when the constructs are reflective (Mode A, two or more items).
    """
    check_language(lang)
    r = float(pls_model.construct_correlation_.loc[a, b])
    rho = pls_model.reliability_["rho_a"]
    by_hand = r / np.sqrt(float(rho[a]) * float(rho[b]))
    rows = {text("sr_score_correlation", lang, a=construct_label(a, lang), b=construct_label(b, lang)): r,
            text("sr_rho_a_of", lang, name=construct_label(a, lang)): float(rho[a]),
            text("sr_rho_a_of", lang, name=construct_label(b, lang)): float(rho[b]),
            text("sr_by_hand", lang): by_hand,
            text("sr_plsc_correlation", lang): float(plsc_model.construct_correlation_.loc[a, b])}
    return pd.DataFrame({text("value", lang): [number(v, 4) for v in rows.values()]},
                        index=pd.Index(list(rows), name=text("sr_quantity", lang)))
