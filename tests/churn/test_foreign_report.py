"""Report 31 on a business that is not Telco: a small gym database with its own labels, columns and currency."""
import re

import numpy as np
import pandas as pd
import pytest

from crm_analysis.churn import churn_drivers, ChurnClassifier
from crm_analysis.present import ReportContext, currency
from crm_analysis.present import churn as page
from crm_analysis.store import CustomerStore


def _gym_members(n=160, seed=3, *, noise=False):
    """A gym's member table: cancelled/active, months of membership, plan, visits, age.

    Fewer visits, the basic plan and a short membership raise the risk of cancelling (the true model ranks a
    leaver above a stayer 77 % of the time); ``noise=True`` draws the status by a coin of the same churn rate,
    unrelated to anything in the table (seeded), so no model can do better than guessing.
    """
    rng = np.random.default_rng(seed)
    plan = rng.choice(["basic", "premium", "student"], n, p=[0.5, 0.3, 0.2])
    visits = rng.poisson(6, n).astype(float)
    months = rng.integers(1, 36, n).astype(float)
    logit = 2.0 - 0.5 * visits + 1.2 * (plan == "basic") - 0.05 * months
    p_cancel = np.full(n, 0.3) if noise else 1 / (1 + np.exp(-logit))
    status = np.where(rng.uniform(size=n) < p_cancel, "cancelled", "active")
    return pd.DataFrame({"member_id": [f"{i:04d}" for i in range(n)], "status": status, "months": months,
                         "plan_type": plan, "visits_per_month": visits, "age": rng.integers(18, 70, n)})


def _gym_store(path, members, *, tenure=True):
    """A FitWell Studio database (GBP) of ``members`` and three monthly payments each; ``tenure=False`` imports
    the member table without its months of membership."""
    fee = {"basic": 25.0, "premium": 49.0, "student": 18.0}
    payments = pd.DataFrame([{"member_id": m, "date": pd.Timestamp("2024-01-05") + pd.DateOffset(months=k),
                              "amount": fee[p]} for m, p in zip(members["member_id"], members["plan_type"])
                             for k in range(3)])
    store = CustomerStore.create(path, name="FitWell Studio", currency="GBP")
    if tenure:
        store.add_customers(members, customer_col="member_id", churn_col="status", churned_value="cancelled",
                            tenure_col="months", tenure_unit="months")
    else:
        store.add_customers(members.drop(columns="months"), customer_col="member_id", churn_col="status",
                            churned_value="cancelled")
    store.add_transactions(payments, customer_col="member_id", date_col="date", amount_col="amount")
    store.close()
    return path


@pytest.fixture(scope="module")
def gym(tmp_path_factory):
    members = _gym_members()
    return _gym_store(tmp_path_factory.mktemp("gym") / "fitwell.duckdb", members), members


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
    checked = set()
    for reason in table["Main reasons (risk points)"]:
        for part in reason.split("; "):
            match = re.fullmatch(r"(.+): (\w+) \(\+(\d+)\)", part)
            if match:  # find the driver-table group holding this value: its effect raises the risk
                driver, value = match.group(1), match.group(2)
                groups = shown.loc[driver]
                holding = [g for g in groups.index if g == value or (
                    "–" in g and float(g.split("–")[0]) <= float(value) <= float(g.split("–")[1]))]
                assert len(holding) == 1, (part, list(groups.index))
                assert float(groups.loc[holding[0]].iloc[1]) > 0, part
                checked.add(driver)
    assert checked == {"Visits per month", "Age"}  # the basic plan is the typical level: no reason
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
    from lifelines.statistics import multivariate_logrank_test

    from crm_analysis.churn.plots import format_p_value
    from crm_analysis.reports.checks import page_problems

    assert page_problems(html, lang) == []
    test = multivariate_logrank_test(members["months"], members["plan_type"], members["status"] == "cancelled")
    words = _visible(html)
    assert ("对数秩检验" if lang == "zh" else "The log-rank test compares the curves") in words
    assert f"{format_p_value(test.p_value)}" in words  # retention by plan (the segment chosen), tested
    csv = html_path.with_name(f"{html_path.stem}_retention.csv")
    assert csv.name in html
    listed = pd.read_csv(csv, dtype=str, encoding="utf-8-sig")
    ids = listed.iloc[:, 0]
    assert ids.str.fullmatch(r"\d{4}").all()  # ids as text, leading zeros kept
    # the files hold every customer the campaign contacts; the page shows the first top_n and says so
    k = len(listed)
    assert k > 5 and (f"the first 5 of the {k} customers the campaign contacts" if lang == "en"
                      else f"挽留活动要联系的 {k} 位客户中的前 5 位") in words
    active = set(members.loc[members["status"] == "active", "member_id"])
    assert set(ids) <= active  # the retention list holds members who are still with us


# ------------------------------------------------------------------ report 13 on the gym, with and without tenure
@pytest.fixture(scope="module")
def gym_without_tenure(tmp_path_factory, gym):
    _, members = gym
    return _gym_store(tmp_path_factory.mktemp("gym_nt") / "fitwell_no_tenure.duckdb", members, tenure=False)


def _visible(html):
    from crm_analysis.reports.checks import visible_text

    return " ".join(visible_text(html).split())


def _demo_only(visible, lang):
    """Every mention of Telco or contracts sits in a sentence about the demo data."""
    word = "演示" if lang == "zh" else "demo"
    for match in re.finditer(r"Telco|\bcontracts?\b|合约", visible):
        sentence_start = max(visible.rfind(stop, 0, match.start()) for stop in (". ", "。", "：", "(", "（"))
        assert word in visible[max(0, sentence_start - 60):match.start()], visible[match.start() - 200:match.end()]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("tenure", [True, False], ids=["tenure", "no_tenure"])
def test_report_13_on_a_gym_database(gym, gym_without_tenure, tmp_path, lang, tenure):
    """The teaching report runs on a foreign database; without tenure its survival and Cox sections say what
    is missing and how to import it; with tenure the log-rank test is stated in words with lifelines' p."""
    from lifelines.statistics import multivariate_logrank_test

    from crm_analysis.churn.plots import format_p_value
    from crm_analysis.present import text
    from crm_analysis.reports import run_report
    from crm_analysis.reports.checks import page_problems

    path, members = gym
    html_path = run_report("13_teach_churn", parameters={
        "store": str(path if tenure else gym_without_tenure), "cv": 3, "models": ["logistic"],
        "segment_column": "plan_type"}, output_dir=tmp_path, lang=lang)
    html = html_path.read_text(encoding="utf-8")
    assert page_problems(html, lang) == []
    visible = _visible(html)
    assert "FitWell Studio" in visible and "£" in visible and "USD" not in visible
    _demo_only(visible, lang)
    needs = "每位客户与你合作了多久，并注明单位" if lang == "zh" else "how long each customer has been with you, with its unit"
    command = "--tenure-col TENURE --tenure-unit months"
    if tenure:
        test = multivariate_logrank_test(members["months"], members["plan_type"], members["status"] == "cancelled")
        p = format_p_value(test.p_value)
        assert test.p_value < 0.05 and p in visible  # the basic plan loses members faster
        stated = text("churn_logrank_differ", lang, p=p, chi2=f"{test.test_statistic:.1f}", df="2")
        assert stated.split("** ")[1] in visible  # the sentence after its bold question
        assert needs not in visible and command not in visible
        assert ("一致性指数" if lang == "zh" else "Concordance") in visible
    else:
        assert visible.count(needs) == 2 and visible.count(command) == 2  # retention curves and the Cox model
        assert "Kaplan-Meier estimate" not in visible and "Concordance" not in visible and "一致性指数" not in visible


# ------------------------------------------------------------------ report 31 when churn is pure noise
@pytest.fixture(scope="module")
def noisy_gym(tmp_path_factory):
    members = _gym_members(noise=True)
    return _gym_store(tmp_path_factory.mktemp("gym_noise") / "fitwell_noise.duckdb", members), members


def test_report_31_says_a_model_on_noise_is_no_basis_for_a_campaign(noisy_gym, tmp_path):
    """Churn drawn by a coin (seeded): the page says the model barely separates leavers from stayers, that the
    list is close to random and the campaign's saving is not reliable, and recommends no campaign."""
    from crm_analysis.churn import ACTIONABLE_AUC, churn_features, evaluate_churn_models
    from crm_analysis.churn.data import read_churn_table
    from crm_analysis.reports import run_report
    from crm_analysis.reports.checks import page_problems
    from crm_analysis.store import open_report_store

    path, _ = noisy_gym
    with open_report_store(str(path), demo="telco") as db:
        table, _ = read_churn_table(db)
    auc = evaluate_churn_models(churn_features(table).X, table["churn"], models=("logistic",), cv=3,
                                random_state=0).loc["logistic", "roc_auc"]
    assert auc < ACTIONABLE_AUC  # the precondition: the seeded noise gives a model close to guessing
    html = run_report("31_mgmt_churn_risk", parameters={"store": str(path), "cv": 3, "top_n": 5},
                      output_dir=tmp_path, lang="en").read_text(encoding="utf-8")
    assert page_problems(html, "en") == []
    visible = _visible(html)
    assert f"ROC AUC {auc:.2f}" in visible
    assert "barely separates leavers from stayers" in visible and "close to random" in visible
    assert "expected saving is not reliable" in visible and "not recommended" in visible
    assert "Expected net saving of the campaign" not in visible  # no campaign KPI as if it were solid
    assert "offer a retention deal" not in visible
