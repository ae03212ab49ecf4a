"""Complaints in time order: service recovery (claim C10) and complaining before leaving (claim C11).

* **C10, the service-recovery paradox**: complainers whose complaint was
  resolved are more loyal than customers who never complained
  (:func:`service_recovery`, result :class:`ServiceRecovery`, figure
  :func:`plot_service_recovery`; the Kaplan-Meier share at the horizon
  :func:`_km_at` and the risk-set-matched follow-up :func:`_recovery_draw`);
* **C11**: most customers complain before they leave
  (:func:`complaints_before_churn`, result :class:`ComplaintsBeforeChurn`,
  figure :func:`plot_complaints_before_churn`).

C10 and C11 are statements about *time order* (complaint, then staying or
leaving), so both functions look at what happened after, or before, a dated
event, with the same window for the groups they compare.  A cross-sectional
table (complainers churn less than non-complainers over the whole history) would
mix up order: a customer who leaves in the first month has had less time to
complain at all.

The cross-sectional analyses (rates, the complaint funnel, resolution times)
are in :mod:`.complaints`, which describes the tables' columns and re-exports
every name of this module; the input parsing both share is in
:mod:`._complaint_inputs`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep

from ..exceptions import CRMDataError
from ..plotting import PALETTE, finish, get_ax
from ..validation import offending_rows
from ._complaint_inputs import DAYS_PER_MONTH, _check_level, _complaints, _dated_customers, _exit_dates, _warn, _wilson
from .linked import CUSTOMER_ID

__all__ = ["service_recovery", "ServiceRecovery", "complaints_before_churn", "ComplaintsBeforeChurn",
           "plot_service_recovery", "plot_complaints_before_churn", "RECOVERY_GROUPS"]

#: the groups of :func:`service_recovery`, in the order of its tables
RECOVERY_GROUPS = ["complaint resolved", "complaint unresolved", "no complaint"]


# --------------------------------------------------------------------------- service recovery (C10)
@dataclass(frozen=True)
class ServiceRecovery:
    """Result of :func:`service_recovery`.

    ``retention``: by group (:data:`RECOVERY_GROUPS`) ``customers``
    (follow-ups: a comparison customer drawn for two complainers counts
    twice), ``churned`` (churn events in the follow-up, any time),
    ``followed`` (follow-ups reaching the horizon), ``retained`` (Kaplan-Meier
    share still a customer ``horizon_months`` after the reference date),
    ``std_err``, ``ci_lower``, ``ci_upper`` (bootstrap).  ``differences``:
    ``estimate``, ``std_err``, ``ci_lower``, ``ci_upper``, ``p_value`` for
    resolved - no complaint (C10: above 0 is the paradox), resolved -
    unresolved, unresolved - no complaint.  ``curves``: the
    :class:`~crm_analysis.churn.survival.RetentionCurves` (tenure = months
    since the landmark).  ``follow``: one row per follow-up
    (``customer_id`` index; a customer who complained later can appear as a
    comparison customer and as a complainer) with ``group``,
    ``reference_tenure`` (months from acquisition to the landmark),
    ``duration`` (months followed) and ``event`` (1 = churned).  ``counts``:
    customers left out, by reason: ``churn_without_date`` (churned, no
    churn_date), ``unknown_customer_complaints`` (complaints of customers not
    in the table), ``first_complaint_outside_life`` (first complaint before
    acquisition or after leaving), ``unknown_first_outcome`` (complainers
    whose first complaint has no known outcome), ``left_within_grace``
    (complainers who left before the landmark), ``complainers_without_match``
    (complainers with an empty risk set).
    """

    retention: pd.DataFrame
    differences: pd.DataFrame
    curves: object
    follow: pd.DataFrame
    horizon_months: float
    counts: dict


def _km_at(duration: np.ndarray, event: np.ndarray, t: float) -> float:
    """Kaplan-Meier :math:`\\hat S(t) = \\prod_{t_j \\le t} (1 - d_j / n_j)`; NaN when nobody was followed to ``t``
    (and the curve had not reached 0 before)."""
    duration, event = np.asarray(duration, float), np.asarray(event, int)
    if len(duration) == 0:
        return np.nan
    order = np.argsort(duration, kind="stable")
    times, first = np.unique(duration[order], return_index=True)
    at_risk = len(duration) - first
    deaths = np.add.reduceat(event[order], first)
    used = (times <= t) & (deaths > 0)
    s = float(np.prod(1 - deaths[used] / at_risk[used]))
    if s > 0 and not (duration >= t).any():
        return np.nan
    return s


def _recovery_draw(sample: np.ndarray, a: dict, matches: int, rng) -> dict:
    """One risk-set-matched follow-up of the customers at positions ``sample`` (repeats = distinct customers).

    Complainers (``code`` 0 resolved, 1 unresolved) are followed from their landmark (``tau``, months since
    acquisition); each draws ``matches`` comparison customers with replacement from its risk set: the sampled
    customers still a customer and complaint-free after that tenure (``limit`` > ``tau``), each followed from that
    tenure to churn or the end of its observation (``life``), whatever it does later.
    """
    out = {"duration": [], "event": [], "reference": [], "who": []}
    for g in (0, 1):
        who = sample[a["code"][sample] == g]
        out["who"].append(who)
        out["reference"].append(a["tau"][who])
        out["duration"].append(a["life"][who] - a["tau"][who])
        out["event"].append(a["churn"][who])
    complainers = sample[a["code"][sample] >= 0]
    candidates = sample[a["pool"][sample]]
    candidates = candidates[np.argsort(a["limit"][candidates], kind="stable")]
    limits = a["limit"][candidates]
    wanted = np.repeat(a["tau"][complainers], matches)
    low = np.searchsorted(limits, wanted, side="right")   # first candidate still complaint-free after the tenure
    size = len(candidates) - low
    ok = size > 0
    pick = low[ok] + np.floor(rng.random(int(ok.sum())) * size[ok]).astype(int)
    chosen = candidates[pick]
    out["who"].append(chosen)
    out["reference"].append(wanted[ok])
    out["duration"].append(a["life"][chosen] - wanted[ok])
    out["event"].append(a["churn"][chosen])
    out["unmatched"] = int((~ok).reshape(-1, matches).all(axis=1).sum()) if len(wanted) else 0
    return out


def service_recovery(complaints: pd.DataFrame, customers: pd.DataFrame, *, horizon_months: float = 12,
                     grace_days: int = 30, matches: int = 5, n_bootstrap: int = 200, observation_end=None,
                     ci_level: float = 0.95, random_state=None) -> ServiceRecovery:
    """Staying after a resolved or an unresolved first complaint, against customers without one (claim C10).

    A landmark design in time order (Anderson, Cain & Gelber 1983; van
    Houwelingen 2007): each customer's state is read on a **landmark date**
    and fixed, and the customer is followed from there to churn (the event) or
    the end of observation (censored), whatever happens later.  The
    Kaplan-Meier share retained ``horizon_months`` after the landmark is
    compared between three groups:

    * **complaint resolved / complaint unresolved**: landmark = the first
      complaint's date plus ``grace_days`` (30), the time a complaint gets
      to be handled.  Resolved = ``resolved`` is 1 and ``days_to_resolve`` is
      at most ``grace_days`` (unknown days: as recorded); otherwise
      unresolved (resolved later than that counts as not resolved on the
      landmark).  A complainer who left before the landmark has no state to
      read and is left out (counted: ``left_within_grace``); one with an
      unknown outcome too (``unknown_first_outcome``);
    * **no complaint**: risk-set sampling (the controls of a nested
      case-control study, Langholz & Goldstein 1996; Li, Propert & Rosenbaum
      2001): each complainer, whose landmark lies at tenure :math:`\\tau`
      (months since acquisition), draws ``matches`` comparison customers at
      random (``random_state``, with replacement) from the customers still a
      customer and complaint-free at tenure :math:`\\tau`; they are followed
      from tenure :math:`\\tau`.  Both sides are alive and observed at the
      same tenure, and their landmark tenures have the same distribution.

    Why fixed states?  Customers often complain just before leaving (C11):
    following "complaint-free" customers only until their own complaint would
    move most leavers' churn into the complained groups, and resolved
    complainers would look worse than the others even with a planted
    recovery effect.  Why not simply "customers who never complained"?  Never
    complaining over the whole history is partly a consequence of leaving
    early (less time to complain), and a reference date drawn without regard
    to the complainers' tenures compares different stages of life (early
    tenure, when the hazard is highest, against later tenure).  The grace
    period keeps the resolved group from being credited with having survived
    until its complaint was resolved.

    Retention at :math:`t` = ``horizon_months`` is the Kaplan-Meier
    :math:`\\hat S(t)` of each group (as in :mod:`crm_analysis.churn.survival`);
    NaN when nobody in a group was followed that long.  Intervals and
    standard errors: ``n_bootstrap`` resamples of the customers (matching
    redone on each, so the matching noise is in the interval), percentile
    intervals at ``ci_level``, a p-value from the normal approximation
    :math:`z = \\hat d / \\text{se}_{boot}`.

    The comparison is marginal, as C10 is worded: complainers differ from
    other customers (the dissatisfied complain more), so a difference mixes
    the effect of the complaint's handling with who complains.  Customers who
    stop buying without closing the account (``churn`` stays 0) count as
    staying: the comparison is about closed accounts.

    Needs ``customers``: ``acquisition_date``, ``churn``, ``churn_date`` (and
    the observation end, or ``tenure``); ``complaints``: ``date``,
    ``resolved`` (and ``days_to_resolve`` when known).
    """
    from ..churn.survival import kaplan_meier_by_segment

    _check_level(ci_level)
    if horizon_months <= 0:
        raise ValueError(f"horizon_months must be positive, got {horizon_months}")
    if int(matches) != matches or matches < 1:
        raise ValueError(f"matches must be a positive whole number, got {matches}")
    if grace_days < 0:
        raise ValueError(f"grace_days must be 0 or more, got {grace_days}")
    matches = int(matches)
    base, counts = _dated_customers(customers, observation_end)
    exit_ = _exit_dates(base)
    optional = ["days_to_resolve"] if isinstance(complaints, pd.DataFrame) and "days_to_resolve" in complaints else []
    cpl, n_unknown = _complaints(complaints, ["date", "resolved", *optional], base)
    counts["unknown_customer_complaints"] = n_unknown
    cpl = cpl.assign(_pos=np.arange(len(cpl))).sort_values(["date", "_pos"], kind="stable")
    first = cpl.drop_duplicates(CUSTOMER_ID, keep="first").set_index(CUSTOMER_ID)
    first_date = first["date"].reindex(base.index)
    acq = base["acquisition_date"]
    outside = first_date.notna() & ((first_date < acq) | (first_date > exit_))
    counts["first_complaint_outside_life"] = int(outside.sum())
    if outside.any():
        _warn(f"{int(outside.sum())} customers' first complaint lies before their acquisition or after they left: "
              f"left out ({offending_rows(outside, base.index)})")
    first_resolved = first["resolved"].reindex(base.index)
    first_days = (first["days_to_resolve"].reindex(base.index) if "days_to_resolve" in first.columns
                  else pd.Series(np.nan, index=base.index))
    complainer = first_date.notna() & ~outside
    landmark = first_date + pd.Timedelta(days=int(grace_days))
    unknown_outcome = complainer & first_resolved.isna()
    counts["unknown_first_outcome"] = int(unknown_outcome.sum())
    if unknown_outcome.any():
        _warn(f"{int(unknown_outcome.sum())} complainers' first complaint has no known outcome (resolved missing): "
              f"left out of the resolved and unresolved groups ({offending_rows(unknown_outcome, base.index)})")
    left_early = complainer & ~unknown_outcome & (exit_ <= landmark)
    counts["left_within_grace"] = int(left_early.sum())
    if left_early.any():
        _warn(f"{int(left_early.sum())} complainers left within {grace_days} days of their first complaint, before "
              f"its outcome is read: left out of the resolved and unresolved groups (in the complaint funnel and "
              f"complaints_before_churn they count)")
    grouped = (complainer & ~unknown_outcome & ~left_early).to_numpy()
    # the state at the landmark: resolved by then (days unknown: as recorded), else unresolved
    resolved_by = ((first_resolved == 1) & (first_days.isna() | (first_days <= grace_days))).to_numpy()
    day = np.timedelta64(1, "D")
    tau = ((landmark - acq) / day).to_numpy(float) / DAYS_PER_MONTH        # landmark tenure (months)
    life = ((exit_ - acq) / day).to_numpy(float) / DAYS_PER_MONTH          # acquisition to churn or end
    # complaint-free time as a customer: to the first complaint, else to the exit
    limit = ((first_date.where(complainer, exit_) - acq) / day).to_numpy(float) / DAYS_PER_MONTH
    churn = base["churn"].to_numpy(int)
    code = np.full(len(base), -1)
    code[grouped & resolved_by] = 0
    code[grouped & ~resolved_by] = 1
    arrays = {"tau": tau, "life": life, "limit": limit, "churn": churn, "code": code, "pool": ~outside.to_numpy()}
    rng = np.random.default_rng(random_state)
    draw = _recovery_draw(np.arange(len(base)), arrays, matches, rng)
    counts["complainers_without_match"] = int(draw["unmatched"])
    if draw["unmatched"]:
        _warn(f"{draw['unmatched']} of {int((code >= 0).sum())} complainers have no comparison customer: nobody else "
              f"was still a customer, complaint-free, that long after acquisition")
    ids = base.index.to_numpy()
    follow = pd.concat([pd.DataFrame({"group": RECOVERY_GROUPS[g], "reference_tenure": draw["reference"][g],
                                      "duration": draw["duration"][g], "event": draw["event"][g]},
                                     index=pd.Index(ids[draw["who"][g]], name=CUSTOMER_ID)) for g in range(3)])
    if follow.empty:
        raise CRMDataError("no customer to follow: the complaints table has no complaint of a known customer with a "
                           "known outcome")
    curves = kaplan_meier_by_segment(follow, duration_col="duration", event_col="event", segment_col="group",
                                     ci_level=ci_level)
    estimate = np.array([_km_at(draw["duration"][g], draw["event"][g], horizon_months) for g in range(3)])
    boot = []
    for _ in range(n_bootstrap):
        sample = rng.integers(0, len(base), len(base))
        again = _recovery_draw(sample, arrays, matches, rng)
        boot.append([_km_at(again["duration"][g], again["event"][g], horizon_months) for g in range(3)])
    boot = np.array(boot).reshape(-1, 3)
    q = [(1 - ci_level) / 2, (1 + ci_level) / 2]

    def interval(values):
        values = values[np.isfinite(values)]
        return (np.quantile(values, q) if len(values) >= 2 else np.array([np.nan, np.nan]),
                float(np.std(values, ddof=1)) if len(values) >= 2 else np.nan)

    table = {}
    for g, label in enumerate(RECOVERY_GROUPS):
        (lo, hi), se = interval(boot[:, g]) if np.isfinite(estimate[g]) else ((np.nan, np.nan), np.nan)
        dur = draw["duration"][g]
        table[label] = {"customers": len(dur), "churned": int(draw["event"][g].sum()),
                        "followed": int((dur >= horizon_months).sum()), "retained": estimate[g], "std_err": se,
                        "ci_lower": lo, "ci_upper": hi}
    retention = pd.DataFrame(table).T
    for col in ("customers", "churned", "followed"):
        retention[col] = retention[col].astype(int)
    for col in ("retained", "std_err", "ci_lower", "ci_upper"):
        retention[col] = retention[col].astype(float)
    retention.index.name = "group"
    diffs = {}
    for a, b in ((0, 2), (0, 1), (1, 2)):
        est = estimate[a] - estimate[b]
        (lo, hi), se = interval(boot[:, a] - boot[:, b]) if np.isfinite(est) else ((np.nan, np.nan), np.nan)
        p = float(2 * stats.norm.sf(abs(est) / se)) if np.isfinite(se) and se > 0 else np.nan
        diffs[f"{RECOVERY_GROUPS[a]} - {RECOVERY_GROUPS[b]}"] = {"estimate": est, "std_err": se, "ci_lower": lo,
                                                                 "ci_upper": hi, "p_value": p}
    differences = pd.DataFrame(diffs).T.astype(float)
    differences.index.name = "comparison"
    attrs = {"horizon_months": float(horizon_months), "grace_days": int(grace_days), "ci_level": ci_level, **counts}
    retention.attrs, differences.attrs = dict(attrs), dict(attrs)
    return ServiceRecovery(retention=retention, differences=differences, curves=curves, follow=follow,
                           horizon_months=float(horizon_months), counts=counts)


# --------------------------------------------------------------------------- complain before leaving (C11)
@dataclass(frozen=True)
class ComplaintsBeforeChurn:
    """Result of :func:`complaints_before_churn`.

    ``groups``: rows ``churners`` and ``stayers`` with ``customers``,
    ``complained`` (at least one complaint in the window), ``share``,
    ``ci_lower``, ``ci_upper`` (Wilson).  ``difference``: churners' share
    minus stayers' (``estimate``, ``ci_lower``, ``ci_upper`` by Newcombe's
    hybrid score method, ``p_value`` of the two-sided score test).
    ``window_days``, ``reference`` and ``counts`` (customers left out).
    """

    groups: pd.DataFrame
    difference: pd.Series
    window_days: int
    reference: str
    counts: dict


def complaints_before_churn(complaints: pd.DataFrame, customers: pd.DataFrame, *, window_days: int = 90,
                            reference: str = "observation_end", observation_end=None, ci_level: float = 0.95,
                            random_state=None) -> ComplaintsBeforeChurn:
    """Do leavers complain before they leave (claim C11)?  Churners' last window against stayers' window.

    Time order.  For each **churner** the window is the ``window_days``
    days up to and including the churn date, :math:`(c - w, c]`; for each
    **stayer** an equally long window ending at its reference date:

    * ``reference="observation_end"`` (default): the observation end, the
      stayers' last observed days, as the churn date is the churners';
    * ``reference="matched"``: a churn date drawn at random (``random_state``)
      from the churners' churn dates at which the stayer was already a
      customer for a whole window -- the same calendar dates, so a season or a
      growing complaint volume weighs on both groups alike.

    A customer for less than a whole window before its window end is left
    out (counted): a shorter window gives fewer chances to complain.  The
    share of each group with at least one complaint in its window has a
    Wilson interval; the difference has Newcombe's interval (statsmodels
    ``confint_proportions_2indep(method="newcomb")``).  C11 says the churners'
    share is above one half *and* above the stayers'.

    Needs ``customers``: ``acquisition_date``, ``churn``, ``churn_date`` (and
    the observation end, or ``tenure``); ``complaints``: ``date``.
    """
    _check_level(ci_level)
    if reference not in ("observation_end", "matched"):
        raise ValueError(f"reference must be 'observation_end' or 'matched', got {reference!r}")
    if window_days <= 0:
        raise ValueError(f"window_days must be positive, got {window_days}")
    base, counts = _dated_customers(customers, observation_end)
    exit_ = _exit_dates(base)
    cpl, n_unknown = _complaints(complaints, ["date"], base)
    counts["unknown_customer_complaints"] = n_unknown
    window = pd.Timedelta(days=int(window_days))
    churner = base["churn"] == 1
    end = exit_.copy()
    if reference == "matched":
        churn_dates = np.sort(base.loc[churner, "churn_date"].to_numpy())
        stay_ids = base.index[~churner.to_numpy()]
        earliest = (base.loc[stay_ids, "acquisition_date"] + window).to_numpy()
        latest = exit_[stay_ids].to_numpy()
        lo = np.searchsorted(churn_dates, earliest, side="left")
        hi = np.searchsorted(churn_dates, latest, side="right")
        rng = np.random.default_rng(random_state)
        n_choice = np.maximum(hi - lo, 0)
        pick = lo + np.floor(rng.random(len(stay_ids)) * np.maximum(n_choice, 1)).astype(int)
        drawn = np.where(n_choice > 0, churn_dates[np.minimum(pick, max(len(churn_dates) - 1, 0))]
                         if len(churn_dates) else np.datetime64("NaT"), np.datetime64("NaT"))
        end.loc[stay_ids] = pd.to_datetime(drawn)
    start = end - window
    short = end.isna() | (base["acquisition_date"] > start)
    counts["shorter_than_window"] = int(short.sum())
    if short.any():
        until = "churn date or reference date" if reference == "matched" else "churn date or the observation end"
        _warn(f"{int(short.sum())} of {len(base)} customers were not customers for a whole {window_days}-day window "
              f"before their {until}: left out ({offending_rows(short, base.index)})")
    kept = base.index[~short.to_numpy()]
    joined = cpl[[CUSTOMER_ID, "date"]].join(pd.DataFrame({"_start": start, "_end": end}), on=CUSTOMER_ID)
    inside = (joined["date"] > joined["_start"]) & (joined["date"] <= joined["_end"])
    complained = pd.Index(pd.unique(joined.loc[inside, CUSTOMER_ID]))
    rows = {}
    for label, mask in (("churners", churner), ("stayers", ~churner)):
        ids = base.index[mask.to_numpy()].intersection(kept)
        k, n = int(ids.isin(complained).sum()), len(ids)
        lo, hi = _wilson(k, n, ci_level)
        rows[label] = {"customers": n, "complained": k, "share": k / n if n else np.nan, "ci_lower": lo,
                       "ci_upper": hi}
    groups = pd.DataFrame(rows).T
    groups["customers"] = groups["customers"].astype(int)
    groups["complained"] = groups["complained"].astype(int)
    for col in ("share", "ci_lower", "ci_upper"):
        groups[col] = groups[col].astype(float)
    groups.index.name = "group"
    (k1, n1), (k2, n2) = [(int(groups.at[g, "complained"]), int(groups.at[g, "customers"]))
                          for g in ("churners", "stayers")]
    if n1 and n2:
        lo, hi = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", alpha=1 - ci_level)
        pooled = (k1 + k2) / (n1 + n2)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        p = float(2 * stats.norm.sf(abs(k1 / n1 - k2 / n2) / se)) if se > 0 else np.nan
        difference = pd.Series({"estimate": k1 / n1 - k2 / n2, "ci_lower": float(lo), "ci_upper": float(hi),
                                "p_value": p}, name="churners - stayers")
    else:
        difference = pd.Series({"estimate": np.nan, "ci_lower": np.nan, "ci_upper": np.nan, "p_value": np.nan},
                               name="churners - stayers")
    attrs = {"window_days": int(window_days), "reference": reference, "ci_level": ci_level, **counts}
    groups.attrs, difference.attrs = dict(attrs), dict(attrs)
    return ComplaintsBeforeChurn(groups=groups, difference=difference, window_days=int(window_days),
                                 reference=reference, counts=counts)


# --------------------------------------------------------------------------- plots
def plot_service_recovery(result: ServiceRecovery, *, ax=None, ci: bool = True):
    """Kaplan-Meier curves of the three groups from the reference date, with the horizon marked."""
    ax = get_ax(ax)
    colours = dict(zip(RECOVERY_GROUPS, [PALETTE[2], PALETTE[3], PALETTE[0]]))
    for segment, curve in result.curves.curves.groupby("segment", sort=False):
        colour = colours.get(segment, PALETTE[7])
        ax.step(curve["tenure"], curve["retained"], where="post", color=colour, label=str(segment))
        if ci:
            ax.fill_between(curve["tenure"], curve["ci_lower"], curve["ci_upper"], step="post", color=colour,
                            alpha=0.15, linewidth=0)
    ax.axvline(result.horizon_months, color="grey", lw=0.8, ls="--")
    ax.set_ylim(0, 1.02)
    return finish(ax, title="Staying after the first complaint",
                  xlabel="Months since the landmark (first complaint + grace period; matched without one)",
                  ylabel="Share of customers retained")


def plot_complaints_before_churn(result: ComplaintsBeforeChurn, *, ax=None):
    """Bars: the share of churners and of stayers who complained in their window, with Wilson intervals."""
    ax = get_ax(ax)
    groups = result.groups
    x = np.arange(len(groups))
    share = groups["share"].to_numpy(float) * 100
    err = np.clip(np.vstack([share - groups["ci_lower"].to_numpy(float) * 100,
                             groups["ci_upper"].to_numpy(float) * 100 - share]), 0, None)
    ax.bar(x, np.nan_to_num(share), color=[PALETTE[3], PALETTE[0]][:len(groups)], yerr=np.nan_to_num(err),
           capsize=4)
    ax.axhline(50, color="grey", lw=0.8, ls="--")
    ax.set_xticks(x, [str(g) for g in groups.index])
    ax.set_ylim(0, 100)
    return finish(ax, title=f"Complaints in the last {result.window_days} days",
                  xlabel="Customer group", ylabel="Share who complained (%)")
