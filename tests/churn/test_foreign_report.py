"""Report 31 on a business that is not Telco: a small gym database with its own labels, columns and currency."""
import re

import numpy as np
import pandas as pd
import pytest

from crm_analysis.churn import churn_drivers, ChurnClassifier
from crm_analysis.present import ReportContext, currency
from crm_analysis.present import churn as page
from crm_analysis.store import CustomerStore


def _gym_members(n=160, seed=3):
    rng = np.random.default_rng(seed)
    plan = rng.choice(["basic", "premium", "student"], n, p=[0.5, 0.3, 0.2])
    visits = rng.poisson(6, n).astype(float)
    months = rng.integers(1, 36, n).astype(float)
    logit = 0.8 - 0.25 * visits + 0.9 * (plan == "basic") - 0.03 * months
    status = np.where(rng.uniform(size=n) < 1 / (1 + np.exp(-logit)), "cancelled", "active")
    return pd.DataFrame({"member_id": [f"{i:04d}" for i in range(n)], "status": status, "months": months,
                         "plan_type": plan, "visits_per_month": visits, "age": rng.integers(18, 70, n)})


@pytest.fixture(scope="module")
def gym(tmp_path_factory):
    path = tmp_path_factory.mktemp("gym") / "fitwell.duckdb"
    members = _gym_members()
    fee = {"basic": 25.0, "premium": 49.0, "student": 18.0}
    payments = pd.DataFrame([{"member_id": m, "date": pd.Timestamp("2024-01-05") + pd.DateOffset(months=k),
                              "amount": fee[p]} for m, p in zip(members["member_id"], members["plan_type"])
                             for k in range(3)])
    store = CustomerStore.create(path, name="FitWell Studio", currency="GBP")
    store.add_customers(members, customer_col="member_id", churn_col="status", churned_value="cancelled",
                        tenure_col="months", tenure_unit="months")
    store.add_transactions(payments, customer_col="member_id", date_col="date", amount_col="amount")
    store.close()
    return path, members


def test_gym_reasons_agree_with_driver_table(gym):
    """Each reason the contact list states is a driver-table group with a positive effect (same model)."""
    _, members = gym
    X = members.set_index("member_id")[["plan_type", "visits_per_month", "age"]]
    y = (members.set_index("member_id")["status"] == "cancelled").astype(int)
    model = ChurnClassifier(random_state=0).fit(X, y)
    drivers = churn_drivers(model, X, y, top=3)
    context = ReportContext(name="FitWell Studio", currency=currency("GBP"))
    shown = page.driver_table(drivers, "en", context=context)
    warning = pd.DataFrame({"p_churn": model.churn_probability(X), "value": 1.0}).assign(
        value_at_risk=lambda t: t["p_churn"]).sort_values("p_churn", ascending=False).head(40)
    table = page.contact_table(warning, drivers, X, context, "en", has_money=False)
    plan_reasons = 0
    for reason in table["Main reasons (risk points)"]:
        for part in reason.split("; "):
            match = re.fullmatch(r"Plan type: (\w+) \(\+(\d+)\)", part)
            if match:  # a level: find it in the driver table with a positive effect
                plan_reasons += 1
                assert float(shown.loc[("Plan type", match.group(1))].iloc[1]) > 0
    assert plan_reasons > 0
    assert shown.index.get_level_values(0).unique().tolist()[0] in {"Plan type", "Visits per month", "Age"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_31_on_a_gym_database(gym, tmp_path, lang):
    from crm_analysis.reports import run_report

    path, members = gym
    html_path = run_report("31_mgmt_churn_risk", parameters={"store": str(path), "cv": 3, "top_n": 5},
                           output_dir=tmp_path, lang=lang)
    html = html_path.read_text(encoding="utf-8")
    visible = re.sub(r"<style.*?</style>|<script.*?</script>", "", html, flags=re.S)
    assert "FitWell Studio" in visible and "£" in visible
    for foreign in ("Telco", "USD", "美元"):
        assert foreign not in visible
    assert "contract" not in visible.lower() and "合约" not in visible
    assert "Plan type" in visible and "dtype" not in visible and "NaN" not in visible
    assert "Warning:" not in visible and "site-packages" not in visible and "Traceback" not in visible
    csv = html_path.with_name(f"{html_path.stem}_retention.csv")
    assert csv.name in html
    listed = pd.read_csv(csv, dtype=str, encoding="utf-8-sig")
    ids = listed.iloc[:, 0]
    assert len(listed) == 5 and ids.str.fullmatch(r"\d{4}").all()  # ids as text, leading zeros kept
    active = set(members.loc[members["status"] == "active", "member_id"])
    assert set(ids) <= active  # the retention list holds members who are still with us
