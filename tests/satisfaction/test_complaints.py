"""Complaints on the linked customer base: rates, funnel, resolution times, service recovery (C10), C11."""
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from scipy import stats  # noqa: E402
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint  # noqa: E402

from crm_analysis.datasets import make_company  # noqa: E402
from crm_analysis.exceptions import CRMDataError, DataExclusionWarning  # noqa: E402
from crm_analysis.present.figures import close, localize  # noqa: E402
from crm_analysis.satisfaction import (FUNNEL_CLAIMS, RECOVERY_GROUPS, complaint_funnel, complaint_rates,  # noqa: E402
                                       complaints_before_churn, plot_complaint_funnel, plot_complaint_rates,
                                       plot_complaints_before_churn, plot_resolution_times, plot_service_recovery,
                                       resolution_times, service_recovery)
from crm_analysis.satisfaction.complaints import _km_at  # noqa: E402

END = pd.Timestamp("2024-12-31")
NAT = pd.NaT


def _complaints(rows):
    """rows: (customer_id, date, category, resolved, days_to_resolve)."""
    frame = pd.DataFrame(rows, columns=["customer_id", "date", "category", "resolved", "days_to_resolve"])
    frame.insert(0, "complaint_id", [f"CP{i:03d}" for i in range(len(frame))])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["resolved"] = frame["resolved"].astype(float)
    frame["days_to_resolve"] = frame["days_to_resolve"].astype(float)
    return frame


# --------------------------------------------------------------------------- rates
def test_complaint_rates_by_hand():
    customers = pd.DataFrame({"customer_id": ["001", "002", "003", "004"], "segment": ["A", "A", "B", "B"],
                              "churn": [0, 0, 1, 0], "tenure": [24.0, 24.0, 24.0, 24.0]})
    complaints = _complaints([("001", "2024-01-05", "price", 1, 2), ("001", "2024-02-05", "price", 0, None),
                              ("001", "2024-03-05", "service", 1, 4), ("003", "2024-04-05", "price", None, None),
                              ("1", "2024-04-05", "price", 1, 1)])  # "1" is not customer "001"
    before_c, before_k = customers.copy(), complaints.copy()
    with pytest.warns(DataExclusionWarning, match="leading zeros"):
        table = complaint_rates(complaints, customers, by="segment")
    pd.testing.assert_frame_equal(customers, before_c)
    pd.testing.assert_frame_equal(complaints, before_k)
    assert table.attrs["n_unknown_customer_complaints"] == 1
    overall = table.loc["all customers"]
    # 4 complaints of known customers / 4 customers = 100 per 100; exposure 4 x 24 months = 8 years: 4 / 8 = 0.5
    assert overall["complaints"] == 4 and overall["complainers"] == 2
    assert overall["complaints_per_100"] == pytest.approx(100.0)
    assert overall["exposure_years"] == pytest.approx(8.0)
    assert overall["per_customer_year"] == pytest.approx(0.5)
    # exact Poisson interval of 4: chi2(0.025; 8) / 2 = 1.090, chi2(0.975; 10) / 2 = 10.242
    assert overall["per_year_lower"] == pytest.approx(stats.chi2.ppf(0.025, 8) / 2 / 8)
    assert overall["per_year_upper"] == pytest.approx(stats.chi2.ppf(0.975, 10) / 2 / 8)
    assert overall["complainer_share"] == 0.5
    assert (overall["complainer_lower"], overall["complainer_upper"]) == pytest.approx(
        proportion_confint(2, 4, method="wilson"))
    # segment A: 3 complaints / 2 customers = 150 per 100, 3 / 4 years = 0.75; B: 1 / 2 -> 50, 0.25
    assert table.loc["A", "complaints_per_100"] == pytest.approx(150.0)
    assert table.loc["A", "per_customer_year"] == pytest.approx(0.75)
    assert table.loc["B", "per_customer_year"] == pytest.approx(0.25)
    assert list(table.index) == ["all customers", "A", "B"]


def test_a_blank_churn_label_leaves_the_customer_out_with_a_count():
    # the database stores a blank churn label as unknown (NaN): customer 002 cannot be called a stayer or a leaver,
    # and with dates the exposure runs to the churn date, so the label is needed
    customers = pd.DataFrame({"customer_id": ["001", "002", "003", "004"], "churn": [0, np.nan, 1, 0],
                              "acquisition_date": pd.to_datetime(["2023-01-01"] * 4),
                              "churn_date": pd.to_datetime([NAT, NAT, "2024-06-30", NAT])})
    complaints = _complaints([("001", "2024-01-05", "price", 1, 2), ("002", "2024-02-05", "price", 0, None),
                              ("003", "2024-04-05", "price", None, None)])
    before = customers.copy()
    with pytest.warns(DataExclusionWarning, match="1 of 4 customers left out: their churn label is blank"):
        table = complaint_rates(complaints, customers, observation_end=END)
    pd.testing.assert_frame_equal(customers, before)
    overall = table.loc["all customers"]
    # 2 complaints of the 3 labelled customers; exposure 730 + 546 + 730 days (001, 003 to its churn date, 004);
    # 002's complaint is neither counted nor called a complaint of an unknown customer
    years = (730 + 546 + 730) / 365.25
    assert overall["complaints"] == 2 and overall["exposure_years"] == pytest.approx(years)
    assert overall["per_customer_year"] == pytest.approx(2 / years)
    assert table.attrs["n_unknown_customer_complaints"] == 0


def test_complaint_rates_by_category_and_from_dates():
    customers = pd.DataFrame({"customer_id": ["a", "b"], "churn": [1, 0],
                              "acquisition_date": pd.to_datetime(["2024-01-01", "2024-01-01"]),
                              "churn_date": pd.to_datetime(["2024-07-01", NAT])})
    complaints = _complaints([("a", "2024-02-01", "price", 0, None), ("b", "2024-03-01", "service", 1, 3),
                              ("b", "2024-04-01", "service", 1, 3)])
    table = complaint_rates(complaints, customers, by="category", observation_end=END)
    # exposure: a 2024-01-01..2024-07-01 = 182 days, b ..2024-12-31 = 365 days: 547 / 365.25 years
    years = 547 / 365.25
    assert table.loc["all customers", "exposure_years"] == pytest.approx(years)
    assert table.loc["service", "per_customer_year"] == pytest.approx(2 / years)
    assert table.loc["service", "complaints_per_100"] == pytest.approx(100.0)  # 2 complaints / 2 customers
    assert table.loc["price", "complainers"] == 1
    with pytest.raises(CRMDataError, match="observation end"):
        complaint_rates(complaints, customers.drop(columns="churn_date").assign(churn=0))


# --------------------------------------------------------------------------- funnel
def _funnel_data():
    ids = [f"r{i}" for i in range(10)]
    satisfaction = pd.Series([10.0, 20.0, 30.0, 40.0] + [60.0, 70.0, 80.0, 90.0, 95.0, 99.0],
                             index=pd.Index(ids, name="customer_id"), name="satisfaction")
    churn = [0, 1, 0, 1, 0, 0, 0, 0, 0, 1]
    customers = pd.DataFrame({"customer_id": ids, "churn": churn})
    complaints = _complaints([("r0", "2024-01-01", "price", 1, 2), ("r0", "2024-02-01", "price", 1, 2),
                              ("r1", "2024-01-01", "service", 0, None), ("r5", "2024-01-01", "billing", 0, None)])
    return satisfaction, complaints, customers


def test_complaint_funnel_by_hand():
    satisfaction, complaints, customers = _funnel_data()
    funnel = complaint_funnel(satisfaction, complaints, customers)
    # 4 of 10 below 50 (r0-r3); r0, r1 complained (2 / 4); r0 resolved, r1 not (1 / 2); r0 stayed (1 / 1);
    # r1 (unresolved) churned (0 / 1); of r2, r3 (no complaint) r2 stayed (1 / 2)
    assert funnel["customers"].tolist() == [4, 2, 1, 1, 0, 1]
    assert funnel["base"].tolist() == [10, 4, 2, 1, 1, 2]
    assert funnel["share"].tolist() == pytest.approx([0.4, 0.5, 0.5, 1.0, 0.0, 0.5])
    lo, hi = proportion_confint(2, 4, method="wilson")
    assert (funnel.loc["complained", "ci_lower"], funnel.loc["complained", "ci_upper"]) == pytest.approx((lo, hi))
    assert funnel.loc["complained", "claim"] == FUNNEL_CLAIMS["complained"] == 0.67
    assert funnel.loc["stayed", "claim"] == FUNNEL_CLAIMS["stayed"]
    assert funnel["funnel"].tolist() == [True, True, True, True, False, False]


def test_complaint_funnel_unknown_resolution_and_unknown_customers():
    satisfaction, complaints, customers = _funnel_data()
    complaints.loc[complaints["customer_id"] == "r1", "resolved"] = np.nan  # r1's outcome unknown
    extra = _complaints([("r77", "2024-01-01", "price", 1, 1)])
    with pytest.warns(DataExclusionWarning, match="not in the customers table"):
        funnel = complaint_funnel(satisfaction, pd.concat([complaints, extra], ignore_index=True), customers)
    assert funnel.attrs["n_unknown_resolution"] == 1 and funnel.attrs["n_unknown_customer_complaints"] == 1
    assert funnel.loc["complaint resolved", "base"] == 1  # only r0's outcome is known: 1 / 1
    assert funnel.loc["complaint resolved", "share"] == 1.0


def test_bad_resolved_values_are_errors():
    satisfaction, complaints, customers = _funnel_data()
    with pytest.raises(CRMDataError, match="resolved"):
        complaint_funnel(satisfaction, complaints.assign(resolved=[1, 2, 0, 0]), customers)


# --------------------------------------------------------------------------- resolution times
def test_resolution_times_by_hand():
    complaints = _complaints([("a", "2024-01-01", "A", 1, 1), ("a", "2024-01-02", "A", 1, 3),
                              ("b", "2024-01-03", "A", 1, 10), ("b", "2024-01-04", "A", 0, None),
                              ("c", "2024-01-05", "B", None, None), ("c", "2024-01-06", "B", 1, None)])
    before = complaints.copy()
    table = resolution_times(complaints)
    pd.testing.assert_frame_equal(complaints, before)
    a = table.loc["A"]
    # A: 3 of 4 resolved; median of (1, 3, 10) = 3; 90th percentile at position 0.9 x 2 = 1.8: 3 + 0.8 (10 - 3) = 8.6
    assert a["resolved_share"] == 0.75 and a["median_days"] == 3.0
    assert a["p90_days"] == pytest.approx(8.6)
    # within 7 days: 1 and 3 of the 4 known outcomes (the unresolved one is not within): 2 / 4; within 30: 3 / 4
    assert a["within_7_days"] == 0.5 and a["within_30_days"] == 0.75
    b = table.loc["B"]
    # B: one unknown outcome, one resolved without days: 1 / 1 resolved, no time, no base for "within"
    assert b["known_outcome"] == 1 and b["resolved_share"] == 1.0
    assert np.isnan(b["median_days"]) and np.isnan(b["within_7_days"])
    overall = table.loc["all complaints"]
    # all: 4 of 5 known resolved; within 7: 2 of (5 known - 1 resolved without days) = 0.5
    assert overall["resolved_share"] == 0.8 and overall["within_7_days"] == 0.5
    assert table.attrs["n_unknown_outcome"] == 1 and table.attrs["n_resolved_without_days"] == 1


# --------------------------------------------------------------------------- service recovery (C10)
def _recovery_data():
    """All acquired 2023-01-01 (day 0); the complainers complain on day 100, so with the 30-day grace period every
    landmark lies at tenure day 130 and every comparison customer is followed from there."""
    day0 = pd.Timestamp("2023-01-01")
    rows = {  # id: (churn day or None, first complaint (day, resolved, days to resolve) or None)
        "R1": (None, (100, 1, 2)), "R2": (None, (100, 1, 2)),
        "R3": (None, (100, 1, 45)),  # resolved after 45 days: not resolved on the landmark (day 130)
        "U1": (200, (100, 0, None)), "U2": (None, (100, 0, None)),
        "E1": (110, (100, 0, None)),  # left 10 days after complaining, before the landmark
        "N1": (None, None), "N2": (400, None), "N4": (600, None),
        "N3": (50, None),   # left before day 130: in no risk set
    }
    customers = pd.DataFrame({
        "customer_id": list(rows), "acquisition_date": day0,
        "churn": [int(c is not None) for c, _ in rows.values()],
        "churn_date": [day0 + pd.Timedelta(days=c) if c is not None else NAT for c, _ in rows.values()]})
    complaints = _complaints([(k, day0 + pd.Timedelta(days=v[1][0]), "service", v[1][1], v[1][2])
                              for k, v in rows.items() if v[1] is not None])
    return customers, complaints


def test_service_recovery_by_hand():
    customers, complaints = _recovery_data()
    before_c, before_k = customers.copy(), complaints.copy()
    with pytest.warns(DataExclusionWarning, match="left within 30 days"):
        result = service_recovery(complaints, customers, observation_end=END, horizon_months=12, matches=3,
                                  n_bootstrap=50, random_state=0)
    pd.testing.assert_frame_equal(customers, before_c)
    pd.testing.assert_frame_equal(complaints, before_k)
    assert result.counts["left_within_grace"] == 1  # E1
    retention = result.retention
    assert list(retention.index) == RECOVERY_GROUPS
    # resolved by the landmark: R1, R2 (2 days), both stay: 1.0.  Unresolved on the landmark: U1, U2 and R3 (45 days
    # > 30); U1 churns 70 days after the landmark (n = 3 at risk, d = 1): 2 / 3
    assert retention.loc["complaint resolved", "customers"] == 2
    assert retention.loc["complaint resolved", "retained"] == 1.0
    assert retention.loc["complaint unresolved", "customers"] == 3
    assert retention.loc["complaint unresolved", "retained"] == pytest.approx(2 / 3)
    # comparison: 5 complainers x 3 draws from N1, N2, N4 (alive and complaint-free after day 130; N3 left on day
    # 50, the complainers complained on day 100), followed from day 130.  N2 churns 270 days (8.9 months) later,
    # inside the horizon, N4 470 days later (beyond it), N1 never.
    follow = result.follow[result.follow["group"] == "no complaint"]
    assert set(follow.index) <= {"N1", "N2", "N4"} and len(follow) == 5 * 3
    assert follow["reference_tenure"].to_numpy() == pytest.approx(130 / (365.25 / 12))
    n2 = (follow.index == "N2").sum()
    # Kaplan-Meier with one event time before the horizon (N2's): 1 - n2 / 15
    assert retention.loc["no complaint", "retained"] == pytest.approx(1 - n2 / 15)
    diff = result.differences.loc["complaint resolved - no complaint", "estimate"]
    assert diff == pytest.approx(n2 / 15)
    assert result.curves.medians.loc["complaint unresolved", "n_customers"] == 3


def test_service_recovery_keeps_a_comparison_customers_later_churn():
    day0 = pd.Timestamp("2023-01-01")
    customers = pd.DataFrame({"customer_id": ["U", "W", "N"], "acquisition_date": day0, "churn": [1, 1, 0],
                              "churn_date": [day0 + pd.Timedelta(days=300), day0 + pd.Timedelta(days=450), NAT]})
    # U complains on day 100 (landmark 130); W complains on day 400, just before leaving on day 450
    complaints = _complaints([("U", day0 + pd.Timedelta(days=100), "price", 0, None),
                              ("W", day0 + pd.Timedelta(days=400), "price", 0, None)])
    result = service_recovery(complaints, customers, observation_end=END, n_bootstrap=20, random_state=1)
    follow = result.follow[result.follow["group"] == "no complaint"]
    # complaint-free on U's landmark, W stays in the comparison group: its exit complaint does not hide its churn.
    # (W's own landmark, day 430, is 20 days before it leaves: W is an unresolved complainer too, matched with N.)
    assert set(follow.index) <= {"W", "N"} and len(follow) == 2 * 5
    assert result.retention.loc["complaint unresolved", "customers"] == 2
    assert result.retention.loc["no complaint", "churned"] == (follow.index == "W").sum()
    assert follow.loc[follow.index == "W", "duration"].to_numpy() == pytest.approx(320 / (365.25 / 12))


def test_km_read_off_matches_lifelines():
    rng = np.random.default_rng(0)
    duration, event = rng.exponential(10, 200).round(1), (rng.random(200) < 0.7).astype(int)
    from lifelines import KaplanMeierFitter

    kmf = KaplanMeierFitter().fit(duration, event)
    assert _km_at(duration, event, 8.0) == pytest.approx(float(kmf.survival_function_at_times(8.0).iloc[0]))
    assert np.isnan(_km_at(np.array([1.0, 2.0]), np.array([0, 0]), 5.0))  # nobody followed to 5


def test_service_recovery_needs_dates():
    customers, complaints = _recovery_data()
    with pytest.raises(CRMDataError, match="acquisition_date"):
        service_recovery(complaints, customers.drop(columns="acquisition_date"), observation_end=END)
    with pytest.raises(CRMDataError, match="not dates"):
        service_recovery(complaints.assign(date="soon"), customers, observation_end=END)


# --------------------------------------------------------------------------- complaints before churn (C11)
def _c11_data():
    customers = pd.DataFrame({
        "customer_id": ["A", "B", "C", "D", "E", "F", "G"],
        "acquisition_date": pd.to_datetime(["2023-01-01"] * 2 + ["2024-01-15"] + ["2023-01-01"] * 3 + ["2024-11-01"]),
        "churn": [1, 1, 1, 0, 0, 0, 0],
        "churn_date": pd.to_datetime(["2024-06-30", "2024-06-30", "2024-02-01", NAT, NAT, NAT, NAT])})
    complaints = _complaints([("A", "2024-06-01", "price", 0, None),   # inside A's (Apr 1, Jun 30]
                              ("B", "2024-01-01", "price", 0, None),   # long before B left
                              ("D", "2024-12-15", "price", 1, 2),      # inside (Oct 2, Dec 31]
                              ("E", "2024-03-01", "price", 1, 2),
                              ("ZZ", "2024-03-01", "price", 1, 2)])    # unknown customer
    return customers, complaints


def test_complaints_before_churn_by_hand():
    customers, complaints = _c11_data()
    before_c, before_k = customers.copy(), complaints.copy()
    with pytest.warns(DataExclusionWarning):
        result = complaints_before_churn(complaints, customers, observation_end=END, window_days=90)
    pd.testing.assert_frame_equal(customers, before_c)
    pd.testing.assert_frame_equal(complaints, before_k)
    groups = result.groups
    # C joined 17 days before leaving and G 60 days before the end: shorter than the window, left out
    assert result.counts["shorter_than_window"] == 2 and result.counts["unknown_customer_complaints"] == 1
    # churners A, B: 1 of 2 complained in the window; stayers D, E, F: 1 of 3 (D)
    assert groups["customers"].tolist() == [2, 3] and groups["complained"].tolist() == [1, 1]
    assert result.difference["estimate"] == pytest.approx(1 / 2 - 1 / 3)
    lo, hi = confint_proportions_2indep(1, 2, 1, 3, method="newcomb")
    assert (result.difference["ci_lower"], result.difference["ci_upper"]) == pytest.approx((lo, hi))


def test_complaints_before_churn_matched_dates():
    customers, complaints = _c11_data()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        result = complaints_before_churn(complaints, customers, observation_end=END, reference="matched",
                                         random_state=0)
    # stayers' windows end on a churners' churn date (Feb 1 or Jun 30, 2024): D's December complaint and E's
    # March 1 complaint fall in none of them (Nov 3 - Feb 1, Apr 1 - Jun 30)
    assert result.groups.loc["stayers", "complained"] == 0
    assert result.reference == "matched"


# --------------------------------------------------------------------------- planted effects on the demo company
@pytest.fixture(scope="module")
def paradox_company():
    # a strong recovery effect, complaints unrelated to satisfaction and no exit complaints: the planted paradox
    return make_company(2000, random_state=3, b_resolved=-1.5, b_complaint_sat=0, exit_complaint_probability=0)


def test_service_recovery_recovers_the_planted_paradox(paradox_company):
    c = paradox_company
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        result = service_recovery(c.complaints, c.customers, observation_end=c.observation_end, random_state=0)
    diff = result.differences
    assert diff.loc["complaint resolved - complaint unresolved", "ci_lower"] > 0
    assert diff.loc["complaint resolved - no complaint", "ci_lower"] > 0  # C10 planted: resolved stay more
    assert diff.loc["complaint unresolved - no complaint", "ci_upper"] < 0


def test_service_recovery_finds_no_effect_when_none_is_planted():
    c = make_company(2000, random_state=12, b_resolved=0, b_unresolved=0, b_complaint_sat=0,
                     exit_complaint_probability=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        result = service_recovery(c.complaints, c.customers, observation_end=c.observation_end, random_state=0)
    diff = result.differences
    assert (diff["ci_lower"] < 0).all() and (diff["ci_upper"] > 0).all()
    assert diff["estimate"].abs().max() < 0.08


def test_churners_complain_before_leaving_on_the_demo_company():
    c = make_company(1500, random_state=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        result = complaints_before_churn(c.complaints, c.customers, observation_end=c.observation_end)
        silent = make_company(1500, random_state=5, exit_complaint_probability=0, b_unresolved=0, b_resolved=0,
                              b_complaint_sat=0)
        control = complaints_before_churn(silent.complaints, silent.customers, observation_end=silent.observation_end)
    # planted: 60 % of leavers file an exit complaint within 42 days, on top of ordinary complaints
    assert result.groups.loc["churners", "ci_lower"] > 0.5
    assert result.difference["ci_lower"] > 0.3
    # without exit complaints and complaint effects churners complain no more than stayers
    assert control.difference["ci_lower"] < 0 < control.difference["ci_upper"]


def test_complaint_plots_have_chinese_text(paradox_company):
    c = paradox_company
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        satisfaction = pd.Series(np.linspace(0, 100, len(c.customers)),
                                 index=pd.Index(c.customers["customer_id"], name="customer_id"))
        funnel = complaint_funnel(satisfaction, c.complaints, c.customers)
        recovery = service_recovery(c.complaints, c.customers, observation_end=c.observation_end, n_bootstrap=20,
                                    random_state=0)
        before = complaints_before_churn(c.complaints, c.customers, observation_end=c.observation_end)
        by_segment = complaint_rates(c.complaints, c.customers, by="segment")
        by_category = complaint_rates(c.complaints, c.customers, by="category")
    for ax in (plot_complaint_funnel(funnel), plot_resolution_times(resolution_times(c.complaints)),
               plot_service_recovery(recovery), plot_complaints_before_churn(before), plot_complaint_rates(by_segment),
               plot_complaint_rates(by_category, per="100")):
        assert ax.get_xlabel() and ax.get_ylabel()
        localize(ax, "zh", strict=True)
        close(ax)
