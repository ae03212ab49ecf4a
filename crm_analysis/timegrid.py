"""Time units, purchase periods, window edges and discount conversion: the package's only unit table.

Conventions
-----------
A **time unit** is a fixed number of days used to measure durations
(``recency``, ``T``, a prediction horizon ``t``):

=====  ==========  ==============================
code   name        days
=====  ==========  ==============================
``D``  days        1
``W``  weeks       7
``M``  months      365.25 / 12 = 30.4375
``Q``  quarters    365.25 / 4
``Y``  years       365.25
=====  ==========  ==============================

so a duration of :math:`n` days is :math:`n / \\text{days}(u)` units.  A
month is a twelfth of an average Julian year (not a calendar month), so
durations are exact multiples of each other: 1 Y = 12 M = 52.18 W.

A **purchase period** (``"D"``, ``"W"`` Monday-based week, ``"M"`` calendar
month, or ``None`` for exact timestamps) is the grid purchases are floored to
before counting: several purchases in one period count once.  It is a
calendar grid, not a duration.

A summary table **records its window** in ``DataFrame.attrs``
(:func:`record_window`): ``time_unit``, ``observation_end`` (ISO date) and
``purchase_period``.  pandas keeps ``attrs`` through ``copy()``, boolean
indexing, ``loc``/``iloc``, column selection and concatenation of frames with
identical attrs.  Models read the unit at ``fit`` and keep it as
``time_unit_``; everything downstream (predictions, CLV, holdout checks,
warning lists, plots) reads it from there (:func:`summary_time_unit`,
:func:`model_time_unit`), so no function assumes weeks or days.

A **discount rate** :math:`d_u` per unit :math:`u` converts to another unit
:math:`v` by compounding, :math:`d_v = (1 + d_u)^{\\text{days}(v)/\\text{days}(u)} - 1`;
in particular a step of length ``step`` gets
:math:`d = (1 + d_{year})^{\\text{step}/\\text{year}} - 1` from an annual rate
(:func:`period_discount_rate`).
"""
from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from .exceptions import CRMDataError
from .validation import parse_date

__all__ = ["TIME_UNITS", "UNIT_DAYS", "UNIT_NAMES", "OPPORTUNITY", "PURCHASE_PERIODS", "DiscountRateWarning",
           "check_time_unit", "unit_days", "unit_name", "convert_duration", "check_duration",
           "check_purchase_period", "period_start", "period_length", "inclusive_end", "end_label",
           "period_discount_rate", "check_discount_rate", "record_window", "recorded_window",
           "recorded_time_unit", "summary_time_unit", "model_time_unit", "check_summary_unit",
           "table_fingerprint", "with_time_unit"]

#: time units and their length in days (year = 365.25 days, month = a twelfth of it)
UNIT_DAYS = {"D": 1.0, "W": 7.0, "M": 365.25 / 12, "Q": 365.25 / 4, "Y": 365.25}
TIME_UNITS = tuple(UNIT_DAYS)
#: plural names for labels and messages
UNIT_NAMES = {"D": "days", "W": "weeks", "M": "months", "Q": "quarters", "Y": "years"}
#: the unit of discrete-opportunity models (BG/BB): one opportunity, whatever its calendar length
OPPORTUNITY = "opportunity"
#: purchase periods: day, Monday-based week, calendar month, or exact timestamps (None)
PURCHASE_PERIODS = ("D", "W", "M", None)

_ALIASES = {"d": "D", "day": "D", "days": "D", "w": "W", "week": "W", "weeks": "W", "m": "M", "month": "M",
            "months": "M", "q": "Q", "quarter": "Q", "quarters": "Q", "y": "Y", "year": "Y", "years": "Y",
            "opportunity": OPPORTUNITY, "opportunities": OPPORTUNITY}
_PERIOD_NAMES = {"D": "day", "W": "week", "M": "month"}
#: an annual discount rate at or above this (1000 % a year) is almost surely a typo (10 instead of 0.10)
IMPLAUSIBLE_ANNUAL_RATE = 10.0


class DiscountRateWarning(UserWarning):
    """A discount rate is valid but implausible (1000 % a year or more): probably a percent typed as a number."""


# ---------------------------------------------------------------------- units
def check_time_unit(unit, parameter: str = "time_unit", *, allow_opportunity: bool = False) -> str:
    """The canonical code of ``unit`` ("D", "W", "M", "Q", "Y"; names like "weeks" accepted).

    ``allow_opportunity`` also accepts ``"opportunity"`` (the unit of BG/BB).
    Anything else is a CRMDataError naming ``parameter``.
    """
    code = _ALIASES.get(unit.strip().lower()) if isinstance(unit, str) else None
    if code is None or (code == OPPORTUNITY and not allow_opportunity):
        allowed = list(TIME_UNITS) + ([OPPORTUNITY] if allow_opportunity else [])
        raise CRMDataError(f"{parameter} must be one of {allowed} (days, weeks, months of 365.25/12 days, "
                           f"quarters, years), got {unit!r}")
    return code


def unit_days(unit, parameter: str = "time_unit") -> float:
    """Length of one ``unit`` in days (``unit_days("M") == 30.4375``)."""
    if isinstance(unit, str) and _ALIASES.get(unit.strip().lower()) == OPPORTUNITY:
        raise CRMDataError(f"{parameter} is '{OPPORTUNITY}': a discrete-opportunity model (BG/BB) has no calendar "
                           f"length; fit it with time_unit='Y' (or 'M', ...) if one opportunity is a year (month)")
    return UNIT_DAYS[check_time_unit(unit, parameter)]


def unit_name(unit) -> str:
    """Plural name of a unit for labels: ``unit_name("W") == "weeks"``."""
    code = check_time_unit(unit, allow_opportunity=True)
    return "opportunities" if code == OPPORTUNITY else UNIT_NAMES[code]


def convert_duration(value, from_unit, to_unit):
    """A duration in ``from_unit`` expressed in ``to_unit``: ``value * days(from) / days(to)``.

    >>> convert_duration(2, "W", "D")
    14.0
    """
    if check_time_unit(from_unit, "from_unit", allow_opportunity=True) == \
            check_time_unit(to_unit, "to_unit", allow_opportunity=True):
        return value * 1.0
    return value * (unit_days(from_unit, "from_unit") / unit_days(to_unit, "to_unit"))


def check_duration(value, parameter: str, *, positive: bool = False):
    """``value`` (a number or array) as float, or a CRMDataError naming ``parameter`` if NaN, infinite or negative.

    ``positive=True`` also refuses 0.
    """
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise CRMDataError(f"{parameter} must be a number, got {value!r}") from None
    bad = ~np.isfinite(arr) | (arr <= 0 if positive else arr < 0)
    if np.any(bad):
        first = arr[bad].ravel()[:5].tolist() if arr.ndim else [float(arr)]
        need = "positive" if positive else "zero or positive"
        raise CRMDataError(f"{parameter} must be a finite, {need} number of time units; got {first}")
    return float(arr) if arr.ndim == 0 else arr


# ---------------------------------------------------------------------- purchase periods and window edges
def check_purchase_period(purchase_period) -> str | None:
    """``purchase_period`` if it is one of :data:`PURCHASE_PERIODS`, else a CRMDataError."""
    if purchase_period not in PURCHASE_PERIODS:
        raise CRMDataError(f"purchase_period must be one of {PURCHASE_PERIODS}, got {purchase_period!r}")
    return purchase_period


def period_start(dates: pd.Series, purchase_period: str | None) -> pd.Series:
    """Floor dates to the start of their purchase period ("D" day, "W" Monday-based week, "M" month).

    ``None`` keeps the exact timestamps (every purchase is its own period).
    """
    check_purchase_period(purchase_period)
    if purchase_period is None:
        return dates
    if purchase_period == "D":
        return dates.dt.floor("D")
    return dates.dt.to_period(purchase_period).dt.start_time


def period_length(purchase_period: str):
    """One purchase period as a pandas offset (a calendar month for "M")."""
    lengths = {"D": pd.Timedelta(days=1), "W": pd.Timedelta(weeks=1), "M": pd.DateOffset(months=1)}
    if purchase_period not in lengths:
        raise CRMDataError(f"purchase_period must be one of {list(lengths)} here, got {purchase_period!r}")
    return lengths[purchase_period]


def inclusive_end(observation_end, purchase_period):
    """The last instant still inside the observation window (the whole end period counts)."""
    if observation_end is None:
        return None
    end = parse_date(observation_end, "observation_end")
    if check_purchase_period(purchase_period) is None:
        return end
    return period_start(pd.Series([end]), purchase_period).iloc[0] + period_length(purchase_period) \
        - pd.Timedelta(1, "ns")


def end_label(observation_end, purchase_period) -> str | None:
    """The observation end as users think of it: a day, or the period that contains it."""
    if observation_end is None:
        return None
    end = parse_date(observation_end, "observation_end")
    if purchase_period is None:
        return str(end)
    if purchase_period == "D":
        return str(end.date())
    return f"{end.date()} (the whole {_PERIOD_NAMES[purchase_period]} counts)"


# ---------------------------------------------------------------------- discounting
def check_discount_rate(rate, parameter: str = "discount_rate", *, unit="Y") -> float:
    """``rate`` as a float, or a CRMDataError naming ``parameter`` when NaN, infinite or negative.

    A rate of 1000 % a year or more (converted from ``unit``) is legal but almost
    surely ``10`` typed for ``0.10``: it gives a :class:`DiscountRateWarning`.
    """
    try:
        value = float(rate)
    except (TypeError, ValueError):
        raise CRMDataError(f"{parameter} must be a number (0.10 for 10 %), got {rate!r}") from None
    if not math.isfinite(value) or value < 0:
        raise CRMDataError(f"{parameter} must be a finite rate of zero or more (0.10 for 10 %), got {rate!r}")
    code = check_time_unit(unit, "discount_unit")
    with np.errstate(over="ignore"):
        annual = (1.0 + value) ** (UNIT_DAYS["Y"] / UNIT_DAYS[code]) - 1.0
    if annual >= IMPLAUSIBLE_ANNUAL_RATE:
        warnings.warn(f"{parameter}={rate!r} per {UNIT_NAMES[code][:-1]} is {annual:.0%} a year: rates are "
                      f"fractions (0.10 for 10 %); check that a percent was not typed as a number",
                      DiscountRateWarning, stacklevel=3)
    return value


def period_discount_rate(rate: float, from_unit: str = "Y", to_unit: str = "M") -> float:
    """Convert a compound discount rate between time units: :math:`(1+d)^{\\text{days(to)}/\\text{days(from)}} - 1`.

    Negative, NaN or infinite rates are a CRMDataError; 1000 % a year or more
    is a :class:`DiscountRateWarning`.

    >>> round(period_discount_rate(0.1268250301, "Y", "M"), 6)  # 1 % a month compounds to 12.68 % a year
    0.01
    """
    value = check_discount_rate(rate, "discount_rate", unit=from_unit)
    ratio = unit_days(to_unit, "to_unit") / unit_days(from_unit, "from_unit")
    return float((1.0 + value) ** ratio - 1.0)


# ---------------------------------------------------------------------- windows recorded with the data
def record_window(summary: pd.DataFrame, *, time_unit, observation_end, purchase_period) -> pd.DataFrame:
    """Record the window of a summary the caller has just built, in ``summary.attrs``; returns ``summary``.

    Sets ``attrs["time_unit"]`` (canonical code), ``attrs["observation_end"]``
    (ISO date ``"1997-09-30"``, or an ISO timestamp when it has a time of day;
    ``None`` when unknown) and ``attrs["purchase_period"]``.  Only call it on
    a table you created (it changes that table's attrs in place).
    """
    end = None
    if observation_end is not None:
        stamp = parse_date(observation_end, "observation_end")
        end = stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()
    summary.attrs.update({"time_unit": check_time_unit(time_unit, allow_opportunity=True),
                          "observation_end": end, "purchase_period": check_purchase_period(purchase_period)})
    return summary


def with_time_unit(table: pd.DataFrame, time_unit) -> pd.DataFrame:
    """A copy of ``table`` labelled with the time unit its durations are measured in (``attrs["time_unit"]``).

    For a summary built by hand or read from a file, e.g. a "what if" customer
    ``with_time_unit(pd.DataFrame({"frequency": [2], "recency": [30.43], "T": [38.86]}), "W")``;
    summaries from :func:`~crm_analysis.value.rfm_summary` are labelled already.
    """
    labelled = table.copy()
    labelled.attrs = {**table.attrs, "time_unit": check_time_unit(time_unit, allow_opportunity=True)}
    return labelled


def recorded_window(table) -> dict:
    """The window recorded with ``table`` (keys ``time_unit``, ``observation_end``, ``purchase_period``); {} if none."""
    attrs = getattr(table, "attrs", None) or {}
    return {k: attrs[k] for k in ("time_unit", "observation_end", "purchase_period") if k in attrs}


def recorded_time_unit(table) -> str | None:
    """The time unit recorded in ``table.attrs``, or None."""
    unit = (getattr(table, "attrs", None) or {}).get("time_unit")
    return None if unit is None else check_time_unit(unit, "summary.attrs['time_unit']", allow_opportunity=True)


def summary_time_unit(summary, time_unit=None, *, parameter: str = "time_unit", default=None) -> str:
    """The time unit of ``summary``: the recorded one, checked against an explicit ``time_unit``.

    * recorded and explicit agree (or only one is given): that unit;
    * they disagree: CRMDataError (the numbers in the table are in the recorded unit);
    * neither (a table loaded from a file has no attrs): ``default`` if given,
      else CRMDataError asking for ``time_unit="W"`` etc.
    """
    recorded = recorded_time_unit(summary)
    explicit = None if time_unit is None else check_time_unit(time_unit, parameter, allow_opportunity=True)
    if recorded is not None and explicit is not None and recorded != explicit:
        raise CRMDataError(f"{parameter}={time_unit!r} contradicts the summary, whose recency and T are in "
                           f"{unit_name(recorded)} (summary.attrs['time_unit'] = {recorded!r}); drop {parameter} "
                           f"or rebuild the summary with rfm_summary(..., time_unit={explicit!r})")
    unit = recorded or explicit or default
    if unit is None:
        raise CRMDataError(f"the summary does not record its time unit (a table loaded from a file, or built by "
                           f"hand): pass {parameter}=\"W\" (or \"D\", \"M\", \"Q\", \"Y\"), the unit its recency and "
                           f"T are measured in")
    return unit


def model_time_unit(model, time_unit=None, *, parameter: str = "model_time_unit") -> str:
    """The unit a fitted model works in: its ``time_unit_``, checked against an explicit ``time_unit``.

    A model without ``time_unit_`` (a hand-made one) needs the explicit unit.
    """
    fitted = getattr(model, "time_unit_", None)
    explicit = None if time_unit is None else check_time_unit(time_unit, parameter, allow_opportunity=True)
    if fitted is not None:
        fitted = check_time_unit(fitted, f"{type(model).__name__}.time_unit_", allow_opportunity=True)
        if explicit is not None and explicit != fitted:
            raise CRMDataError(f"{parameter}={time_unit!r} contradicts the model, which was fitted in "
                               f"{unit_name(fitted)} ({type(model).__name__}.time_unit_ = {fitted!r}); drop "
                               f"{parameter}")
        return fitted
    if explicit is None:
        raise CRMDataError(f"{type(model).__name__} does not record the time unit it was fitted in (no "
                           f"time_unit_): pass {parameter}=\"W\" (or \"D\", \"M\", ...)")
    return explicit


def table_fingerprint(table, columns) -> str:
    """A short digest of ``table[columns]`` and its index: tells "the very table a model was fitted on" (no data kept)."""
    import hashlib

    hashed = pd.util.hash_pandas_object(table[list(columns)], index=True).to_numpy()
    return hashlib.sha256(hashed.tobytes()).hexdigest()[:32]


def check_summary_unit(summary, unit: str, *, what: str = "the model", model=None, declared: bool = False) -> None:
    """CRMDataError unless ``summary``'s recency and T are known to be in ``unit``, the unit ``what`` works in.

    Known means: the summary records ``unit`` in ``attrs``; or it records
    nothing but is the very table ``model`` was fitted on with an explicit
    ``time_unit`` (its ``summary_fingerprint_``); or the caller ``declared``
    the unit explicitly; or ``unit`` is the opportunity of a discrete-time model
    (counts of opportunities have no calendar unit to confuse).  Any other summary without a record is refused:
    pandas drops ``attrs`` in ``merge``/``join`` and a table read from a file
    has none, and taking its recency and T to be in the model's unit is
    exactly how a summary in days silently became one in weeks.  Label such a
    table with the unit it is measured in: :func:`with_time_unit`.
    """
    recorded = recorded_time_unit(summary)
    if recorded is None:
        fingerprint = getattr(model, "summary_fingerprint_", None)
        if declared or unit == OPPORTUNITY or (fingerprint is not None
                        and table_fingerprint(summary, model._columns) == fingerprint):
            return
        raise CRMDataError(f"the summary does not record the time unit of its recency and T (pandas drops "
                           f"DataFrame.attrs in merge/join, and a table read from a file has none), so it cannot be "
                           f"checked against the {unit_name(unit)} {what} works in: rebuild it with rfm_summary, or "
                           f"label it with the unit it is measured in, e.g. crm_analysis.timegrid.with_time_unit(summary, {unit!r})")
    if recorded != unit:
        raise CRMDataError(f"the summary's recency and T are in {unit_name(recorded)} (summary.attrs['time_unit'] = "
                           f"{recorded!r}) but {what} was fitted in {unit_name(unit)} ({unit!r}): rebuild the "
                           f"summary with rfm_summary(..., time_unit={unit!r}) or refit the model on this summary")
