"""A linked demo company with known truth: the orders, costs, survey answers and complaints of the same customers.

:func:`make_company` simulates "Xihu Tea Trading Co.", a tea wholesaler and
retailer in the Yangtze delta selling to retail shops, restaurants, offices and
individuals (amounts in CNY).  One latent satisfaction score per customer drives
their survey answers, their complaints and their dropout, so every linked
question of the CRM course (are the valuable customers satisfied? do resolved
complainers stay? do leavers complain first? which big customers lose money?)
has a planted answer to recover.  The generative model is documented equation
by equation in :func:`make_company`; everything it drew is returned in
:class:`CompanyTruth`.

The simulation helpers (:func:`simulate_piecewise_dropout`,
:func:`gaussian_copula_gamma`) are small pure numpy functions that take a
``numpy.random.Generator``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special, stats

from .exceptions import CRMDataError

#: days per month for monthly amounts and tenure in months (365.25 / 12)
DAYS_PER_MONTH = 365.25 / 12
#: days per year for yearly rates
DAYS_PER_YEAR = 365.25

#: the demo company's name (the demo database calls it "... (demo data)")
COMPANY_NAME = "Xihu Tea Trading Co."

SEGMENTS = ("retail shop", "restaurant", "office", "individual")
CITIES = ("Hangzhou", "Shanghai", "Suzhou", "Ningbo", "Nanjing")
CHANNELS = ("store", "online", "sales rep")
COMPLAINT_CATEGORIES = ("delivery", "quality", "price", "service", "billing")

#: per segment: population share before the spend tilt; ``spend_tilt`` (log-odds per unit of log mean spend, so
#: retail shops and restaurants are the bigger buyers and individuals the smaller); ``cost_to_serve`` (mean CNY
#: per order: delivery, sales visits, invoicing); ``retention_cost`` (mean CNY per year: loyalty programme,
#: visits, gifts); ``credit`` (buys on account: has a credit limit and a receivable balance); channel shares.
SEGMENT_PROFILES = pd.DataFrame(
    {
        "share": [0.30, 0.25, 0.20, 0.25],
        "spend_tilt": [0.8, 0.5, 0.0, -1.5],
        "cost_to_serve": [90.0, 110.0, 70.0, 25.0],
        "retention_cost": [420.0, 380.0, 300.0, 60.0],
        "credit": [True, True, True, False],
        "store": [0.30, 0.30, 0.20, 0.50],
        "online": [0.20, 0.20, 0.40, 0.50],
        "sales rep": [0.50, 0.50, 0.40, 0.00],
    },
    index=pd.Index(SEGMENTS, name="segment"),
)
#: city shares of the customer base
CITY_SHARES = {"Hangzhou": 0.35, "Shanghai": 0.25, "Suzhou": 0.15, "Ningbo": 0.15, "Nanjing": 0.10}
#: category shares of ordinary complaints and of the complaints filed before leaving
COMPLAINT_SHARES = {"delivery": 0.30, "quality": 0.25, "price": 0.15, "service": 0.20, "billing": 0.10}
EXIT_COMPLAINT_SHARES = {"delivery": 0.20, "quality": 0.30, "price": 0.15, "service": 0.30, "billing": 0.05}

#: the customer columns that are store roles (``CustomerStore.add_customers(roles=...)``), in table order
CUSTOMER_ROLE_COLUMNS = ("acquisition_date", "acquisition_cost", "cost_to_serve", "credit_limit", "balance",
                         "sales_plan", "service_budget", "retention_cost", "churn_date")

#: default settings of :func:`make_company` (override any of them as a keyword); units in the comments
COMPANY_DEFAULTS = {
    # repeat buying, Pareto/NBD (Schmittlein et al. 1987), time in days
    "r": 1.2,                 # shape of the purchase rate lambda ~ Gamma(r, rate=alpha)
    "alpha": 40.0,            # rate (days): mean purchase rate r/alpha = 0.03 orders a day, ~11 a year
    "s": 0.8,                 # shape of the baseline dropout rate mu ~ Gamma(s, rate=beta)
    "beta": 1200.0,           # rate (days): mean baseline dropout rate s/beta = 0.00067 a day, ~22 % a year
    # spend per order, Gamma-Gamma (Colombo & Jiang 1999; Fader, Hardie & Lee 2005b), CNY
    "p": 3.0,                 # shape of an order's amount z ~ Gamma(p, rate=nu)
    "q": 3.5,                 # shape of nu ~ Gamma(q, rate=gamma)
    "gamma": 650.0,           # rate of nu (CNY): mean of the mean spend p*gamma/(q-1) = 780 CNY
    "spend_satisfaction_correlation": -0.15,  # normal-scores correlation of mean spend with satisfaction (C6)
    # dropout: log hazard ratios
    "b_sat": -0.5,            # per standard deviation of satisfaction, customers with long repurchase cycles
    "c3": 1.0,                # short cycles (lambda above its median) get b_sat * (1 + c3) (C3)
    "b_unresolved": 0.9,      # after an unresolved complaint (hazard ratio exp(0.9) = 2.46)
    "b_resolved": -0.5,       # after a resolved complaint (hazard ratio exp(-0.5) = 0.61, recovery paradox C10)
    # complaints
    "complaint_rate": 0.35,   # complaints a year at average satisfaction (z = 0)
    "b_complaint_sat": -0.7,  # log rate ratio per standard deviation of satisfaction
    "resolve_probability": 0.65,   # an ordinary complaint is resolved
    "days_to_resolve_mean": 5.0,   # mean days to resolve (Gamma, shape 1.5, rounded up to whole days)
    "exit_complaint_probability": 0.6,  # a leaver files a complaint in the weeks before leaving (C11)
    "exit_window_days": 42.0,      # ... uniformly 1 to this many days before the dropout
    "exit_resolve_probability": 0.1,    # an exit complaint is resolved (course: 89 % of leavers cite an unsolved
                                        # problem)
    "silent_dropout_share": 0.3,  # leavers who stop ordering without closing the account (churn stays 0)
    # costs and plans
    "acquisition_retention_ratio": 5.0,  # acquisition cost / yearly retention cost (C8)
    "costly_share": 0.15,     # share of the top revenue quintile whose cost to serve exceeds their margin
    "plan_ratio": 0.7,        # ordinary plan: U(plan_ratio -+ 0.1) x expected monthly revenue (headroom)
    "plan_min_orders": 1.0,   # plans are agreed with accounts expected to order at least this often a month
    "budget_ratio": 2.0,      # ordinary budget: U(budget_ratio -+ 0.5) x expected monthly cost to serve ...
    "budget_min_orders": 1.5,  # ... and at least this many orders' cost a month (a minimum service level)
    "behind_plan_share": 0.10,    # customers whose sales plan is far above their expected revenue
    "over_limit_share": 0.04,     # active credit customers whose balance exceeds the credit limit
    "over_budget_share": 0.05,    # customers whose service budget is well below their expected cost
    # survey
    "survey_share": 0.35,     # share of customers who answer the survey once
    "loading": 0.85,          # standardised item loading of the ECSI items
    # business settings
    "margin": 0.35,           # gross margin share of revenue
    "offer_cost": 80.0,       # cost of one retention offer (CNY: a gift box of tea)
}

_POSITIVE = ("r", "alpha", "s", "beta", "p", "gamma", "complaint_rate", "days_to_resolve_mean",
             "exit_window_days", "acquisition_retention_ratio", "offer_cost")
_PROBABILITIES = ("resolve_probability", "exit_complaint_probability", "exit_resolve_probability", "costly_share",
                  "behind_plan_share", "over_limit_share", "over_budget_share", "silent_dropout_share")


@dataclass(frozen=True)
class CompanyTruth:
    """What :func:`make_company` drew from, and drew.

    Attributes
    ----------
    params : dict
        The population parameters: Pareto/NBD ``r, alpha, s, beta`` (per day),
        Gamma-Gamma ``p, q, gamma`` (CNY), ``time_unit`` ("D"), ``currency``,
        ``start``, ``observation_end``, ``n_customers``.
    effects : dict
        The planted effects on their natural scale: hazard ratios
        (``satisfaction_hazard_ratio`` per SD for long cycles,
        ``satisfaction_hazard_ratio_short_cycle``, ``unresolved_hazard_ratio``,
        ``resolved_hazard_ratio``), complaint rates and probabilities, the spend
        correlation, the cost ratio, the planted shares, and every setting used
        (the ``COMPANY_DEFAULTS`` keys).
    latent : DataFrame
        One row per customer (index ``customer_id``): the seven ECSI latent
        scores (``image`` ... ``loyalty``; ``satisfaction`` is *z*),
        ``purchase_rate`` (lambda, orders a day), ``short_cycle`` (lambda above
        the population median), ``dropout_rate`` (baseline mu, a day),
        ``satisfaction_hazard_ratio`` (exp(b z), this customer),
        ``dropout_time`` (days after ``start``; inf when after the observation
        end), ``dropout_date`` (the day the customer stopped buying; NaT
        when after the end), ``silent`` (dropped out without closing the
        account: ``churn`` 0), ``mean_spend`` (p/nu, CNY),
        ``expected_monthly_revenue`` (CNY), ``complaint_rate`` (a year),
        ``costly``, ``behind_plan``, ``has_plan`` (``sales_plan`` > 0),
        ``over_limit``, ``over_budget`` (planted flags) and ``surveyed``.
    complaint_kind : Series
        Index ``complaint_id``: "ordinary" (drawn while alive, changes the
        hazard) or "exit" (planted before a dropout, silent or not, C11;
        does not change it).
    """

    params: dict
    effects: dict
    latent: pd.DataFrame
    complaint_kind: pd.Series


@dataclass(frozen=True)
class Company:
    """A simulated linked customer base (see :func:`make_company`); tables in the issue-11 schema.

    ``customers``, ``transactions``, ``surveys``, ``complaints`` are plain
    DataFrames with ``customer_id`` (zero-padded text) as a column;
    ``observation_end`` is the last observed day; amounts are in ``currency``;
    ``margin`` is the gross margin share of revenue and ``offer_cost`` the cost
    of one retention offer.
    """

    customers: pd.DataFrame
    transactions: pd.DataFrame
    surveys: pd.DataFrame
    complaints: pd.DataFrame
    truth: CompanyTruth
    observation_end: pd.Timestamp
    currency: str = "CNY"
    margin: float = 0.35
    offer_cost: float = 80.0
    name: str = COMPANY_NAME

    def tables(self) -> dict:
        """The four tables by name (copies): customers, transactions, surveys, complaints."""
        return {"customers": self.customers.copy(), "transactions": self.transactions.copy(),
                "surveys": self.surveys.copy(), "complaints": self.complaints.copy()}


# --------------------------------------------------------------------------- simulation helpers
def simulate_piecewise_dropout(rng, base_rate, start, end, change_customer, change_time, change_multiplier):
    """Dropout times under a piecewise-constant hazard, vectorised (inverse cumulative hazard).

    Customer *i* is at risk from ``start[i]`` to ``end[i]`` with hazard
    :math:`h_i(t) = \\mu_i\\,m_i(t)`, where :math:`\\mu_i` is ``base_rate[i]`` and
    :math:`m_i(t)` is 1 until the first change point and then the multiplier
    of the latest change point :math:`\\le t` (rows of ``change_*``; points
    outside ``[start, end)`` are ignored).  With :math:`E_i \\sim \\text{Exp}(1)`,
    the dropout time is the :math:`t` where the cumulative hazard
    :math:`H_i(t)=\\int_{start}^{t} h_i` reaches :math:`E_i`; ``inf`` when
    :math:`H_i(end) < E_i` (still alive at the end).

    Parameters
    ----------
    rng : numpy Generator
    base_rate, start, end : arrays (n,)
        Baseline hazard (per time unit), start and end of the risk window.
    change_customer, change_time, change_multiplier : arrays (k,)
        Customer index, time and new hazard multiplier of each change point.

    Returns
    -------
    ndarray (n,) of dropout times (same unit as ``start``), ``inf`` for survivors.
    """
    base_rate = np.asarray(base_rate, float)
    start, end = np.asarray(start, float), np.asarray(end, float)
    n = len(base_rate)
    change_customer = np.asarray(change_customer, np.int64)
    change_time = np.asarray(change_time, float)
    inside = (change_time >= start[change_customer]) & (change_time < end[change_customer])
    cust = np.concatenate([np.arange(n), change_customer[inside]])
    time = np.concatenate([start, change_time[inside]])
    mult = np.concatenate([np.ones(n), np.asarray(change_multiplier, float)[inside]])
    order = np.lexsort((np.r_[np.zeros(n), np.ones(inside.sum())], time, cust))  # a customer's start first
    cust, time, mult = cust[order], time[order], mult[order]
    last = np.r_[cust[1:] != cust[:-1], True]
    first = np.r_[True, cust[1:] != cust[:-1]]
    seg_end = np.where(last, end[cust], np.r_[time[1:], 0.0])
    rate = base_rate[cust] * mult
    hazard = rate * np.maximum(seg_end - time, 0.0)
    before = np.cumsum(hazard) - hazard                     # cumulative hazard before each segment, all customers
    group_start = np.maximum.accumulate(np.where(first, np.arange(len(cust)), 0))
    before = before - before[group_start]                   # ... within the customer
    threshold = rng.exponential(1.0, n)[cust]
    hit = np.flatnonzero((before < threshold) & (threshold <= before + hazard) & (hazard > 0))
    dropout = np.full(n, np.inf)
    dropout[cust[hit]] = time[hit] + (threshold[hit] - before[hit]) / rate[hit]
    return dropout


def gaussian_copula_gamma(rng, score, correlation, shape, rate):
    """Gamma(shape, rate) draws whose normal scores correlate ``correlation`` with the standard normal ``score``.

    :math:`w = \\rho\\,\\text{score} + \\sqrt{1-\\rho^2}\\,\\epsilon`, then
    :math:`x = F^{-1}_{\\Gamma(shape, rate)}(\\Phi(w))`: the marginal stays
    exactly Gamma (so the Gamma-Gamma model still holds) while the rank
    dependence on ``score`` is set by :math:`\\rho`.
    """
    score = np.asarray(score, float)
    w = correlation * score + np.sqrt(1.0 - correlation**2) * rng.standard_normal(len(score))
    return stats.gamma.ppf(special.ndtr(w), shape, scale=1.0 / rate)


def _gumbel_choice(rng, log_weights: np.ndarray) -> np.ndarray:
    """One category per row, with probabilities softmax(log_weights) (Gumbel-max trick)."""
    return np.argmax(log_weights + rng.gumbel(size=log_weights.shape), axis=1)


def _settings(effects: dict) -> dict:
    unknown = sorted(set(effects) - set(COMPANY_DEFAULTS))
    if unknown:
        raise CRMDataError(f"make_company got unknown setting(s) {unknown}; choose from {sorted(COMPANY_DEFAULTS)}")
    settings = {**COMPANY_DEFAULTS, **effects}
    for key, value in settings.items():
        try:
            settings[key] = float(value)
        except (TypeError, ValueError):
            raise CRMDataError(f"make_company setting {key} must be a number, got {value!r}") from None
        if not np.isfinite(settings[key]):
            raise CRMDataError(f"make_company setting {key} must be finite, got {value!r}")
    for key in _POSITIVE:
        if settings[key] <= 0:
            raise CRMDataError(f"make_company setting {key} must be positive, got {settings[key]!r}")
    for key in _PROBABILITIES:
        if not 0 <= settings[key] <= 1:
            raise CRMDataError(f"make_company setting {key} must lie in [0, 1], got {settings[key]!r}")
    if settings["plan_ratio"] <= 0.1 or settings["budget_ratio"] <= 0.5:
        raise CRMDataError("make_company settings plan_ratio and budget_ratio must exceed 0.1 and 0.5 (the half "
                           f"widths of their ranges), got {settings['plan_ratio']!r} and {settings['budget_ratio']!r}")
    if settings["plan_min_orders"] < 0 or settings["budget_min_orders"] < 0:
        raise CRMDataError("make_company settings plan_min_orders and budget_min_orders must be >= 0")
    if settings["q"] <= 1:
        raise CRMDataError(f"make_company setting q must exceed 1 (finite mean spend), got {settings['q']!r}")
    if not 0 < settings["survey_share"] <= 1:
        raise CRMDataError(f"make_company setting survey_share must lie in (0, 1], got {settings['survey_share']!r}")
    if not 0 < settings["loading"] < 1:
        raise CRMDataError(f"make_company setting loading must lie strictly between 0 and 1, "
                           f"got {settings['loading']!r}")
    if not -1 < settings["spend_satisfaction_correlation"] < 1:
        raise CRMDataError("make_company setting spend_satisfaction_correlation must lie strictly between -1 and 1")
    if not 0 < settings["margin"] < 1:
        raise CRMDataError(f"make_company setting margin must lie strictly between 0 and 1, got {settings['margin']!r}")
    return settings


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    return (prefix + pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(width)).to_numpy(dtype=object)


# --------------------------------------------------------------------------- the company
def make_company(n_customers: int = 2000, *, start="2023-01-01", end="2025-12-31", random_state=None,
                 **effects) -> Company:
    """Simulate a linked customer base with known truth: orders, costs, survey answers and complaints.

    Time runs in days from ``start``; the observation ends on the day
    ``end`` (included), :math:`D` days after ``start``.  Every equation below
    uses the settings of :data:`COMPANY_DEFAULTS` (override any as a keyword:
    ``make_company(b_sat=0, random_state=1)`` plants no satisfaction effect).

    **Customers.**  Customer *i* is acquired at :math:`a_i \\sim U[0, D)`
    (so acquisition cohorts exist) and places a first order that day.
    Satisfaction and the other ECSI constructs are the unit-variance latent
    scores of :func:`crm_analysis.datasets.make_survey`'s structural model
    (:data:`~crm_analysis.datasets.ECSI_PATHS`); :math:`z_i` is the
    satisfaction score.  Segment (retail shop, restaurant, office,
    individual), channel and city are drawn from :data:`SEGMENT_PROFILES` and
    :data:`CITY_SHARES`, segment tilted by the mean spend (big buyers are
    mostly shops and restaurants).

    **Repeat buying** (Pareto/NBD: Schmittlein, Morrison & Colombo 1987; Fader,
    Hardie & Lee 2005): while alive, orders arrive as a Poisson process with
    rate :math:`\\lambda_i \\sim \\text{Gamma}(r, \\text{rate}=\\alpha)` per day.
    Lifetimes end with the hazard

    .. math::

        h_i(t) = \\mu_i\\,\\exp\\big(b_{sat}(1 + c_3\\,S_i)\\,z_i\\big)\\,m_i(t),\\qquad
        \\mu_i \\sim \\text{Gamma}(s, \\text{rate}=\\beta),

    where :math:`S_i = 1` for short repurchase cycles (:math:`\\lambda_i` above
    the population median; C3: satisfaction matters more when customers buy
    often) and :math:`m_i(t)` is 1 before any complaint, then set by the latest
    complaint event: :math:`e^{b_{unresolved}}` from the day a complaint is
    filed (an open or unresolved complaint), :math:`e^{b_{resolved}} < 1` from
    the day it is resolved (service-recovery paradox, C10).  The dropout time
    comes from inverting the piecewise cumulative hazard
    (:func:`simulate_piecewise_dropout`).  A customer who drops out before the
    observation end places no more orders; most close the account that day
    (``churn = 1``, ``churn_date``), but a share ``silent_dropout_share``
    (0.3) are *silent leavers*: they just stop ordering and the account stays
    open (``churn = 0``, no ``churn_date``; truth ``silent``, ``dropout_date``),
    so only the silence shows it (the "stopped ordering" warning, P(alive)).
    ``tenure`` is the months (365.25/12 days) from acquisition to the churn
    date or, for open accounts (silent leavers included), the observation end.
    The recorded churn therefore misses about 30 % of the dropouts, as a real
    CRM does.  Note the Pareto/NBD model fitted
    to the orders alone sees the mixture of these hazards, not :math:`s,\\beta`.

    **Spend** (Gamma-Gamma: Colombo & Jiang 1999; Fader, Hardie & Lee 2005b):
    each order's amount is :math:`\\text{Gamma}(p, \\text{rate}=\\nu_i)`,
    :math:`\\nu_i \\sim \\text{Gamma}(q, \\text{rate}=\\gamma)`, mean spend
    :math:`p/\\nu_i` CNY.  :math:`\\nu_i` is drawn through a Gaussian copula
    (:func:`gaussian_copula_gamma`) so the normal scores of the mean spend
    correlate ``spend_satisfaction_correlation`` (-0.15) with :math:`z_i`:
    satisfaction is not profitability (C6).

    **Complaints**: while alive, a Poisson process with
    ``complaint_rate`` :math:`\\times\\,e^{b_{complaint\\_sat} z_i}` a year
    (dissatisfied customers complain more); category from
    :data:`COMPLAINT_SHARES`; resolved with ``resolve_probability`` after a
    Gamma number of days (shape 1.5, mean ``days_to_resolve_mean`` = 5),
    rounded up to whole days (at least 1).  In addition, each leaver files an
    *exit complaint* with ``exit_complaint_probability`` uniformly 1 to
    ``exit_window_days`` days before dropping out (C11; planted after the dropout is drawn, so it
    does not change the hazard; silent leavers file them too), resolved with
    ``exit_resolve_probability``.  A complaint whose resolution would fall
    after the account closes is unresolved (``resolved = 0``; a silent
    leaver's account stays open, so the company still resolves it); one still
    open at the observation end has ``resolved`` unknown (NaN).  Because exit complaints are a *symptom* of
    leaving, recover C10 with the complaint state fixed before the outcome
    window (a landmark design: the state on a date, churn in the next 90
    days): updating the state up to the dropout moves most leavers' churn into
    the "complained" state, and resolved complainers then look worse than
    customers who never complained although their hazard is lower.

    **Costs and plans** (CNY): ``cost_to_serve`` per order is the segment's
    mean times a mean-one lognormal (sd 0.3); in the top quintile of
    expected revenue a share ``costly_share`` costs
    :math:`U(1.2, 2.0)\\times` ``margin`` :math:`\\times p/\\nu_i` per order,
    so their profit is negative ("a big customer is not a good customer").
    ``retention_cost`` a year is the segment's mean times a mean-one lognormal
    (sd 0.25) and ``acquisition_cost`` is ``acquisition_retention_ratio``
    (5, C8) times it times a mean-one lognormal (sd 0.2).  Credit customers
    (not individuals) have ``credit_limit`` = 1.5 months of expected revenue
    rounded up to 1,000 (at least 3,000) and a ``balance`` of 20-100 % of their
    orders of the last 30 days; ``over_limit_share`` of the active ones owe
    1.05-1.6 times the limit; closed accounts and individuals owe 0 (a silent
    leaver's account is open: it may still owe).  Plans and budgets are set
    with headroom, as real ones are, so that the quarter-to-quarter noise of a
    Poisson number of Gamma-sized orders rarely trips the warnings of
    :func:`crm_analysis.churn.early_warnings` (80 % of plan over 3 months):
    ``sales_plan`` (a month) is agreed with *regular* accounts, those expected
    to order at least ``plan_min_orders`` (1) times a month, at
    :math:`U(0.6, 0.8)` (``plan_ratio`` :math:`\\pm` 0.1) times the expected
    monthly revenue :math:`30.44\\,\\lambda_i p/\\nu_i` times a lognormal (sd
    0.1), rounded to 10 (at least 10); occasional buyers have no plan (0: a
    quarter without an order is normal for them, so any plan would flag them).
    A share ``behind_plan_share`` of all customers (occasional ones included)
    get an over-ambitious plan of 1.8-3 times the expected revenue (truth
    ``behind_plan``; ``has_plan`` says who has a plan).  ``service_budget`` (a
    month) is the customer's normal cost per order times
    :math:`\\max(U(1.5, 2.5)\\cdot 30.44\\,\\lambda_i,\\ m_{min})`
    (``budget_ratio`` :math:`\\pm` 0.5; :math:`m_{min}` =
    ``budget_min_orders`` = 1.5 orders a month, a minimum service level), or
    times 0.5-0.85 of the expected orders for ``over_budget_share`` of
    customers (costly customers are over budget too), rounded to whole CNY (at
    least 1).  With the defaults, about 6 % of the ordinary current customers
    are behind plan and 7 % over budget by chance (most of those were acquired
    inside the 3-month window: their first order meets a part-month budget),
    against about 80 % of the planted ones.

    **Survey**: a random ``survey_share`` (35 %) of customers answer once, on a
    day uniform over their time as a customer, the ECSI items on 1-10 from
    their latent scores exactly as :func:`~crm_analysis.datasets.make_survey`
    does (loading ``loading``).

    **Default scales** (:data:`COMPANY_DEFAULTS`; days, CNY): ``r`` = 1.2,
    ``alpha`` = 40 (mean 0.03 orders a day, about 11 a year); ``s`` = 0.8,
    ``beta`` = 1200 (baseline dropout 0.00067 a day, about 22 % a year);
    ``b_sat`` = -0.5 (hazard ratio 0.61 per SD of satisfaction for long cycles)
    and ``c3`` = 1 (0.37 for short cycles); ``b_unresolved`` = 0.9 (hazard
    ratio 2.46), ``b_resolved`` = -0.5 (0.61); 0.35 complaints a year at
    :math:`z = 0`, rate ratio :math:`e^{-0.7}` = 0.50 per SD, 65 % resolved,
    in 5 days on average; exit complaints from 60 % of leavers, 10 % of them
    resolved; ``p`` = 3, ``q`` = 3.5, ``gamma`` = 650 (mean spend 780 CNY an
    order); ``margin`` 0.35; ``offer_cost`` 80 CNY.  With these, about a
    quarter of the customers drop out within the three years (30 % of them
    silently), and churn falls
    from about half of the least satisfied to about a twentieth of the most
    satisfied (the shape of C1).

    Parameters
    ----------
    n_customers : int, default 2000
    start, end : date-like
        First day and last observed day (the observation end).
    random_state : int or numpy Generator, optional
        The same value gives the same company.
    **effects
        Any key of :data:`COMPANY_DEFAULTS`.

    Returns
    -------
    Company
        ``customers`` (customer_id, segment, city, channel, acquisition_date,
        acquisition_cost, cost_to_serve, credit_limit, balance, sales_plan,
        service_budget, retention_cost, churn, churn_date, tenure),
        ``transactions`` (order_id, customer_id, date, amount),
        ``surveys`` (customer_id, date, imag1 ... loy4; ``attrs`` scale (1, 10)
        and items), ``complaints`` (complaint_id, customer_id, date, category,
        resolved, days_to_resolve), ``truth`` (:class:`CompanyTruth`).  Ids are
        zero-padded text ("004217"), dates whole days, amounts rounded to
        0.01 CNY.

    References
    ----------
    Schmittlein, D. C., Morrison, D. G. & Colombo, R. (1987). Counting your
    customers: who are they and what will they do next? *Management Science*
    33(1), 1-24.
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your
    customers" the easy way: an alternative to the Pareto/NBD model.
    *Marketing Science* 24(2), 275-284.
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005b). RFM and CLV: using
    iso-value curves for customer base analysis. *Journal of Marketing
    Research* 42(4), 415-430 (the Gamma-Gamma spend model).
    Colombo, R. & Jiang, W. (1999). A stochastic RFM model. *Journal of
    Interactive Marketing* 13(3), 2-12.

    Examples
    --------
    >>> company = make_company(500, random_state=1)
    >>> sorted(company.tables())
    ['complaints', 'customers', 'surveys', 'transactions']
    >>> company.customers["customer_id"].iloc[0], company.currency
    ('000001', 'CNY')
    """
    from . import datasets  # here, not at the top: datasets re-exports this module

    if isinstance(n_customers, bool) or not isinstance(n_customers, (int, np.integer)) or n_customers <= 0:
        raise CRMDataError(f"n_customers must be a positive whole number, got {n_customers!r}")
    try:
        start_ts, end_ts = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    except (TypeError, ValueError) as exc:
        raise CRMDataError(f"start and end must be dates, got {start!r} and {end!r}") from exc
    if end_ts <= start_ts:
        raise CRMDataError(f"end ({end_ts.date()}) must come after start ({start_ts.date()})")
    settings = _settings(effects)
    rng = np.random.default_rng(random_state)
    n = int(n_customers)
    days = float((end_ts - start_ts).days + 1)        # risk window [0, days): the last day is included
    st = settings

    # ---- customers: acquisition, latent scores, purchase and dropout rates, spend
    acquired = rng.uniform(0.0, days, n)
    latent = datasets._simulate_latent(rng, n, datasets.ECSI_PATHS)
    z = latent["satisfaction"]
    rate = rng.gamma(st["r"], 1.0 / st["alpha"], n)
    median_rate = float(stats.gamma.ppf(0.5, st["r"], scale=1.0 / st["alpha"]))
    short = rate > median_rate
    sat_coef = st["b_sat"] * (1.0 + st["c3"] * short)
    mu = rng.gamma(st["s"], 1.0 / st["beta"], n)
    base_hazard = mu * np.exp(sat_coef * z)
    # nu and the mean spend p/nu move in opposite directions: nu's normal scores correlate -rho with z
    nu = gaussian_copula_gamma(rng, z, -st["spend_satisfaction_correlation"], st["q"], st["gamma"])
    mean_spend = st["p"] / nu
    profiles = SEGMENT_PROFILES
    typical_spend = st["p"] / stats.gamma.ppf(0.5, st["q"], scale=1.0 / st["gamma"])   # population median
    tilt = np.log(mean_spend / typical_spend)[:, None] * profiles["spend_tilt"].to_numpy()[None, :]
    seg = _gumbel_choice(rng, np.log(profiles["share"].to_numpy())[None, :] + tilt)
    channel_p = profiles[list(CHANNELS)].to_numpy()[seg]
    with np.errstate(divide="ignore"):
        channel = _gumbel_choice(rng, np.log(channel_p))
    city = rng.choice(len(CITIES), size=n, p=[CITY_SHARES[c] for c in CITIES])

    # ---- ordinary complaints: a Poisson process over the whole window, kept only while alive below
    complaint_rate = st["complaint_rate"] / DAYS_PER_YEAR * np.exp(st["b_complaint_sat"] * z)
    n_complaints = rng.poisson(complaint_rate * (days - acquired))
    c_cust = np.repeat(np.arange(n), n_complaints)
    c_time = acquired[c_cust] + rng.uniform(size=c_cust.size) * (days - acquired[c_cust])
    c_resolved = rng.uniform(size=c_cust.size) < st["resolve_probability"]
    c_days = _days_to_resolve(rng, c_cust.size, st["days_to_resolve_mean"])
    c_category = rng.choice(len(COMPLAINT_CATEGORIES), size=c_cust.size,
                            p=[COMPLAINT_SHARES[c] for c in COMPLAINT_CATEGORIES])
    # change points of the hazard: filing (unresolved multiplier) and, if resolved, resolution
    resolved_at = c_time[c_resolved] + c_days[c_resolved]
    dropout = simulate_piecewise_dropout(
        rng, base_hazard, acquired, np.full(n, days),
        np.r_[c_cust, c_cust[c_resolved]], np.r_[c_time, resolved_at],
        np.r_[np.full(c_cust.size, np.exp(st["b_unresolved"])), np.full(c_resolved.sum(), np.exp(st["b_resolved"]))])
    left = np.isfinite(dropout)                      # dropped out (stopped buying) before the observation end
    keep = c_time < dropout[c_cust]
    c_cust, c_time, c_resolved, c_days, c_category = (x[keep] for x in (c_cust, c_time, c_resolved, c_days,
                                                                         c_category))

    # ---- exit complaints before a dropout (C11)
    leavers = np.flatnonzero(left)
    files = leavers[rng.uniform(size=leavers.size) < st["exit_complaint_probability"]]
    lag = rng.uniform(1.0, max(st["exit_window_days"], 1.0), files.size)
    e_time = np.maximum(acquired[files], dropout[files] - lag)
    e_resolved = rng.uniform(size=files.size) < st["exit_resolve_probability"]
    e_days = _days_to_resolve(rng, files.size, st["days_to_resolve_mean"])
    e_category = rng.choice(len(COMPLAINT_CATEGORIES), size=files.size,
                            p=[EXIT_COMPLAINT_SHARES[c] for c in COMPLAINT_CATEGORIES])
    kind = np.r_[np.zeros(c_cust.size, bool), np.ones(files.size, bool)]
    c_cust, c_time, c_resolved, c_days, c_category = (
        np.r_[c_cust, files], np.r_[c_time, e_time], np.r_[c_resolved, e_resolved], np.r_[c_days, e_days],
        np.r_[c_category, e_category])

    # ---- orders while alive
    alive_until = np.minimum(dropout, days)
    n_repeat = rng.poisson(rate * (alive_until - acquired))
    o_cust = np.r_[np.arange(n), np.repeat(np.arange(n), n_repeat)]
    repeat_cust = o_cust[n:]
    o_time = np.r_[acquired, acquired[repeat_cust] + rng.uniform(size=repeat_cust.size)
                   * (alive_until - acquired)[repeat_cust]]
    o_amount = np.maximum(np.round(rng.gamma(st["p"], 1.0 / nu[o_cust]), 2), 0.01)

    # ---- costs, credit and plans
    expected_orders_month = rate * DAYS_PER_MONTH
    expected_revenue_month = expected_orders_month * mean_spend
    normal_cost = profiles["cost_to_serve"].to_numpy()[seg] * _mean_one_lognormal(rng, 0.3, n)
    top = expected_revenue_month >= np.quantile(expected_revenue_month, 0.8)
    costly = top & (rng.uniform(size=n) < st["costly_share"])
    cost_to_serve = np.where(costly, st["margin"] * mean_spend * rng.uniform(1.2, 2.0, n), normal_cost)
    retention_cost = profiles["retention_cost"].to_numpy()[seg] * _mean_one_lognormal(rng, 0.25, n)
    acquisition_cost = st["acquisition_retention_ratio"] * retention_cost * _mean_one_lognormal(rng, 0.2, n)
    credit = profiles["credit"].to_numpy()[seg]
    credit_limit = np.where(credit, np.maximum(3000.0, np.ceil(1.5 * expected_revenue_month / 1000.0) * 1000.0), 0.0)
    recent = o_time >= days - 30.0
    recent_revenue = np.bincount(o_cust[recent], weights=o_amount[recent], minlength=n)
    # balances need the open accounts, known once the silent leavers are drawn (last, below): draw their
    # randomness now, for every customer, so the order of the draws does not depend on who is silent
    balance_share = rng.uniform(0.2, 1.0, n)
    limit_draw = rng.uniform(size=n)
    limit_factor = rng.uniform(1.05, 1.6, n)
    behind = rng.uniform(size=n) < st["behind_plan_share"]
    noise = np.exp(rng.normal(0.0, 0.1, n))
    regular = expected_orders_month >= st["plan_min_orders"]
    plan_draw = rng.uniform(size=n)      # one uniform: 1.8-3 for the planted, plan_ratio -+ 0.1 for the others
    plan_factor = np.where(behind, 1.8 + 1.2 * plan_draw, st["plan_ratio"] - 0.1 + 0.2 * plan_draw)
    sales_plan = expected_revenue_month * noise * plan_factor
    sales_plan = np.where(behind | regular, np.maximum(10.0, np.round(sales_plan, -1)), 0.0)
    over_budget = rng.uniform(size=n) < st["over_budget_share"]
    short_budget = rng.uniform(0.5, 0.85, n)
    allowance = np.maximum(expected_orders_month * (st["budget_ratio"] - 0.5 + rng.uniform(size=n)),
                           st["budget_min_orders"])
    budget_orders = np.where(over_budget, expected_orders_month * short_budget, allowance)
    service_budget = np.maximum(1.0, np.round(budget_orders * normal_cost))

    # ---- survey: one answer from a random share of customers, while they are customers
    surveyed = np.flatnonzero(rng.uniform(size=n) < st["survey_share"])
    s_time = acquired[surveyed] + rng.uniform(size=surveyed.size) * (alive_until - acquired)[surveyed]
    columns, blocks = datasets._ecsi_answers(rng, {k: v[surveyed] for k, v in latent.items()}, st["loading"])

    # ---- silent leavers: dropped out without closing the account (drawn last: the other draws stay the same
    # whatever the share), and the balances of the open accounts
    silent = left & (rng.uniform(size=n) < st["silent_dropout_share"])
    churned = left & ~silent                         # the recorded churn: the account was closed
    active_credit = credit & ~churned
    balance = np.where(active_credit, recent_revenue * balance_share, 0.0)
    over_limit = active_credit & (limit_draw < st["over_limit_share"])
    balance = np.where(over_limit, credit_limit * limit_factor, balance)

    # ---- tables
    width = max(6, len(str(n)))
    ids = _ids("", n, width)

    def dates(t):
        return start_ts + pd.to_timedelta(np.floor(t), unit="D")

    acquisition_date = dates(acquired)
    churn_date = pd.Series(dates(np.where(churned, dropout, 0.0))).where(churned)
    dropout_date = pd.Series(dates(np.where(left, dropout, 0.0))).where(left)
    last_day = np.where(churned, np.floor(np.where(churned, dropout, 0.0)), days - 1.0)
    tenure = (last_day - np.floor(acquired)) / DAYS_PER_MONTH
    customers = pd.DataFrame({
        "customer_id": ids,
        "segment": np.asarray(SEGMENTS, dtype=object)[seg],
        "city": np.asarray(CITIES, dtype=object)[city],
        "channel": np.asarray(CHANNELS, dtype=object)[channel],
        "acquisition_date": acquisition_date,
        "acquisition_cost": np.round(acquisition_cost, 2),
        "cost_to_serve": np.round(cost_to_serve, 2),
        "credit_limit": credit_limit,
        "balance": np.round(balance, 2),
        "sales_plan": sales_plan,
        "service_budget": service_budget,
        "retention_cost": np.round(retention_cost, 2),
        "churn": churned.astype(np.int64),
        "churn_date": churn_date.to_numpy(),
        "tenure": np.round(tenure, 2),
    })

    order = np.lexsort((o_time, o_cust))
    transactions = pd.DataFrame({
        "order_id": _ids("SO", order.size, 7),
        "customer_id": ids[o_cust[order]],
        "date": dates(o_time[order]),
        "amount": o_amount[order],
    })

    c_order = np.lexsort((c_time, c_cust))
    c_cust, c_time, c_resolved, c_days, c_category, kind = (x[c_order] for x in (c_cust, c_time, c_resolved, c_days,
                                                                                 c_category, kind))
    resolution = c_time + c_days
    closes = np.where(churned[c_cust], dropout[c_cust], np.inf)
    resolved = np.where(c_resolved & (resolution >= closes), 0.0, c_resolved.astype(float))
    still_open = c_resolved & (resolution < closes) & (resolution >= days)
    resolved = np.where(still_open, np.nan, resolved)
    complaint_ids = _ids("CP", c_cust.size, 6)
    complaints = pd.DataFrame({
        "complaint_id": complaint_ids,
        "customer_id": ids[c_cust],
        "date": dates(c_time),
        "category": np.asarray(COMPLAINT_CATEGORIES, dtype=object)[c_category],
        "resolved": resolved,
        "days_to_resolve": np.where(resolved == 1.0, c_days, np.nan),
    })

    s_order = np.lexsort((s_time, surveyed))
    surveys = pd.DataFrame({"customer_id": ids[surveyed[s_order]], "date": dates(s_time[s_order])})
    items = [item for construct in blocks.values() for item in construct]
    for item in items:
        surveys[item] = columns[item][s_order]
    surveys.attrs.update(scale=(1, 10), items=items, missing_codes=())

    # ---- truth
    index = pd.Index(ids, name="customer_id")
    truth_latent = pd.DataFrame(latent, index=index)
    truth_latent = truth_latent.assign(
        purchase_rate=rate, short_cycle=short, dropout_rate=mu, satisfaction_hazard_ratio=np.exp(sat_coef * z),
        dropout_time=dropout, dropout_date=dropout_date.to_numpy(), silent=silent, mean_spend=mean_spend,
        expected_monthly_revenue=expected_revenue_month, complaint_rate=complaint_rate * DAYS_PER_YEAR,
        costly=costly, behind_plan=behind, has_plan=sales_plan > 0, over_limit=over_limit,
        over_budget=over_budget | costly,
        surveyed=np.isin(np.arange(n), surveyed),
    )
    params = dict(r=st["r"], alpha=st["alpha"], s=st["s"], beta=st["beta"], p=st["p"], q=st["q"],
                  gamma=st["gamma"], time_unit="D", currency="CNY", start=start_ts, observation_end=end_ts,
                  n_customers=n)
    effects_out = dict(
        settings,
        satisfaction_hazard_ratio=float(np.exp(st["b_sat"])),
        satisfaction_hazard_ratio_short_cycle=float(np.exp(st["b_sat"] * (1 + st["c3"]))),
        short_cycle_threshold=median_rate,
        unresolved_hazard_ratio=float(np.exp(st["b_unresolved"])),
        resolved_hazard_ratio=float(np.exp(st["b_resolved"])),
        complaint_rate_ratio=float(np.exp(st["b_complaint_sat"])),
        mean_purchase_rate=st["r"] / st["alpha"],
        mean_spend=st["p"] * st["gamma"] / (st["q"] - 1),
        costly_cost_factor=(1.2, 2.0),
        complaint_shares=dict(COMPLAINT_SHARES),
        exit_complaint_shares=dict(EXIT_COMPLAINT_SHARES),
    )
    truth = CompanyTruth(params=params, effects=effects_out, latent=truth_latent,
                         complaint_kind=pd.Series(np.where(kind, "exit", "ordinary"), name="kind",
                                                  index=pd.Index(complaint_ids, name="complaint_id")))
    return Company(customers=customers, transactions=transactions, surveys=surveys, complaints=complaints,
                   truth=truth, observation_end=end_ts, currency="CNY", margin=st["margin"],
                   offer_cost=st["offer_cost"])


def _days_to_resolve(rng, size: int, mean: float) -> np.ndarray:
    """Whole days (at least 1): ceil(Gamma(shape 1.5, scale mean / 1.5))."""
    return np.maximum(1.0, np.ceil(rng.gamma(1.5, mean / 1.5, size)))


def _mean_one_lognormal(rng, sd: float, size: int) -> np.ndarray:
    """exp(N(-sd^2/2, sd^2)): mean 1, so a typical value times it keeps its mean."""
    return np.exp(rng.normal(-0.5 * sd**2, sd, size))
