"""Notebook 32 on a small foreign database: a Swiss hotel's guest survey on 1-7 with -9 for "no answer".

The issue's failure: a hotel survey (320 guests, 3 % missing answers per item) showed "204 respondents", then
"106 of 311", then a churn rate over all 320, and never said that 36 % were dropped.  Here the test computes the
complete cases itself from the file it imports and checks that the page states them and uses one count.
"""
import re

import numpy as np
import pandas as pd
import pytest

from crm_analysis.datasets import make_survey
from crm_analysis.exceptions import DataExclusionWarning
from crm_analysis.satisfaction import ecsi_model
from crm_analysis.store import CustomerStore

N_GUESTS = 320
BLANK_STATUS = 6  # guests whose status the hotel never recorded: outside the churn table, said in one sentence


def hotel_files(tmp_path, *, seed: int = 11):
    """The hotel's two exports (survey with -9 codes, guest register) and the answers the test expects."""
    rng = np.random.default_rng(seed)
    simulated = make_survey(N_GUESTS, random_state=seed)
    items = [c for c in simulated.columns if c != "churned"]
    answers = np.rint(1 + (simulated[items] - 1) * 6 / 9).astype(int)  # 1-10 onto the hotel's 1-7 scale
    holes = rng.uniform(size=answers.shape) < 0.03  # about 3 % missing answers per item
    coded = answers.mask(holes, -9)
    ids = [f"G-{i:04d}" for i in range(1, N_GUESTS + 1)]
    survey = coded.assign(guest_id=ids)[["guest_id"] + items]
    status = np.where(simulated["churned"].to_numpy() == 1, "lost", "returned").astype(object)
    status[rng.choice(N_GUESTS, BLANK_STATUS, replace=False)] = None
    guests = pd.DataFrame({"guest_id": ids, "status": status, "rooms_booked": rng.integers(1, 9, N_GUESTS)})
    survey_path, guests_path = tmp_path / "gaestebefragung.csv", tmp_path / "gaeste.csv"
    survey.to_csv(survey_path, index=False)
    guests.to_csv(guests_path, index=False)
    complete = ~holes.any(axis=1)
    expected = {"complete": int(complete.sum()), "dropped": int((~complete).sum()),
                "churn_covered": int((complete & pd.notna(status)).sum()),
                "unhappy_linked": int((complete & (answers["sat1"] < 1 + 2 * 6 / 5)).sum()),
                "items": items}
    return survey_path, guests_path, expected


def build_hotel(tmp_path):
    path = tmp_path / "seeblick.duckdb"
    survey_path, guests_path, expected = hotel_files(tmp_path)
    db = CustomerStore.create(path, name="Hotel Seeblick", currency="CHF")
    db.add_customers(guests_path, customer_col="guest_id", churn_col="status", churned_value="lost")
    with pytest.warns(DataExclusionWarning, match="coded as missing"):
        db.add_survey(survey_path, scale=(1, 7), items=expected["items"], missing_codes=[-9], customer_col="guest_id")
    db.close()
    return path, expected


def _page_text(html: str) -> str:
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_study_on_the_hotel_database_states_complete_cases(tmp_path):
    from crm_analysis.present import satisfaction as ps
    from crm_analysis.store import open_report_store

    path, expected = build_hotel(tmp_path)
    db = open_report_store(str(path), demo="survey")
    study = ps.satisfaction_study(db, ecsi_model(), n_bootstrap=20, random_state=1)
    assert study.n == expected["complete"] == study.model.n_obs_
    assert study.sample.excluded == {"missing_answers": expected["dropped"]} and study.sample.n_total == N_GUESTS
    assert not study.stated and int(study.by_level["n"].sum()) == expected["churn_covered"]
    note = ps.respondents_note(study, "en").data
    assert f"**{expected['complete']} respondents** (of 320 in the survey)" in note
    assert f"Left out of this report: {expected['dropped']} respondents (skipped at least one of the 30 " in note
    churn = ps.churn_note(study, "en").data
    assert (f"The churn table covers {expected['churn_covered']} of these {expected['complete']} respondents: "
            f"{expected['complete'] - expected['churn_covered']} have no customer ID") in churn
    frame = ps.follow_up_frame(study, "en")
    assert len(frame) == expected["unhappy_linked"]
    assert frame["Customer ID"].str.startswith("G-").all()
    assert frame["Overall satisfaction (1-7)"].max() == 3  # the two lowest of five bands of 1-7 end at 3.4
    db.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_notebook_32_on_the_hotel_database(tmp_path, lang):
    from crm_analysis.reports import run_report

    path, expected = build_hotel(tmp_path)
    out = run_report("32_mgmt_satisfaction", parameters={"store": str(path), "n_bootstrap": 20},
                     output_dir=tmp_path / "out", lang=lang)
    html = out.read_text(encoding="utf-8")
    page = _page_text(html)
    n, dropped = expected["complete"], expected["dropped"]
    assert "Hotel Seeblick" in page
    assert "Synthetic data" not in page and "模拟数据" not in page and "Demo data" not in page and "ECSI demo" not in page
    assert "dtype:" not in page and "NaN" not in page and "Warning" not in page
    if lang == "en":
        assert f"({n} respondents)" in page  # the headline
        assert f"same {n} respondents (of 320 in the survey)" in page
        assert f"Left out of this report: {dropped} respondents" in page
        counts = {int(c.replace(",", "")) for c in re.findall(r"(\d[\d,]*) respondents", page)}
        # one respondent count, the stated exclusions, and the churn table's base said where it is used
        assert counts <= {n, dropped, N_GUESTS, expected["churn_covered"]}, counts
        assert f"of the {expected['churn_covered']} respondents with a churn record" in page
        assert re.search(rf"Respondents\s+{n}\b", page)  # the KPI table
    else:
        tight = page.replace(" ", "")
        assert f"（{n}位受访者）" in tight and f"同样的{n}位受访者（问卷共320位）" in tight
        assert f"本报告未计入：{dropped}位受访者" in tight
    lists = sorted(p.name for p in out.parent.glob("32_mgmt_satisfaction_*"))
    assert lists == ["32_mgmt_satisfaction_follow_up.csv", "32_mgmt_satisfaction_follow_up.xlsx"]
    written = pd.read_csv(out.parent / "32_mgmt_satisfaction_follow_up.csv", encoding="utf-8-sig", dtype=str)
    assert len(written) == expected["unhappy_linked"] and written.iloc[:, 0].str.startswith("G-").all()
