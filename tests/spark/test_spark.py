"""crm_analysis.spark against the pandas and database paths, on a real local Spark session.

Every number is compared with the in-memory result: the pandas summary
(``crm_analysis.rfm_summary``), the customer database's SQL summary, the
in-memory fits and predictions.  The session's time zone is Europe/Berlin, so
the CDNOW log (January 1997 to June 1998) crosses two daylight-saving changes.
"""
import warnings

import numpy as np
import pandas as pd
import pytest

from crm_analysis import CRMDataError, CustomerStore, DataExclusionWarning, load_model, rfm_summary
from crm_analysis.datasets import load_cdnow
from crm_analysis.value import (BetaGeoModel, GammaGammaModel, ModifiedBetaGeoModel, ParetoNBDModel,
                                customer_lifetime_value)

pytestmark = pytest.mark.spark
cs = pytest.importorskip("crm_analysis.spark", reason='PySpark is not installed (pip install "crm_analysis[spark]")')

END = "1997-09-30"


def to_pandas(frame, customer_col="customer_id"):
    return frame.toPandas().set_index(customer_col).sort_index()


def assert_same_summary(got: pd.DataFrame, expected: pd.DataFrame):
    """Every customer, every column: counts exactly, durations to rounding, money to 1e-9 relative."""
    assert list(got.index) == list(expected.index)
    assert list(got.columns) == list(expected.columns)
    np.testing.assert_array_equal(got["frequency"].to_numpy(), expected["frequency"].to_numpy())
    for column in ("recency", "T"):
        np.testing.assert_allclose(got[column], expected[column], rtol=0, atol=1e-12)
    if "monetary_value" in expected:
        np.testing.assert_allclose(got["monetary_value"], expected["monetary_value"], rtol=1e-9, atol=1e-9)


@pytest.fixture(scope="module")
def cdnow():
    return load_cdnow()[["customer_id", "date", "amount"]]


@pytest.fixture(scope="module")
def cdnow_text(cdnow):
    """CDNOW with text ids padded with zeros (and spaces, which are read away), as a real export has them."""
    out = cdnow.copy()
    out["customer_id"] = [f" {i:05d}" if i % 7 == 0 else f"{i:05d}" for i in out["customer_id"]]
    return out


@pytest.fixture(scope="module")
def spark_cdnow(spark, cdnow_text):
    return spark.createDataFrame(cdnow_text)


@pytest.fixture(scope="module")
def weekly(spark_cdnow):
    with pytest.warns(DataExclusionWarning, match="1959 of 6919 rows of transactions excluded"):
        return cs.rfm_summary(spark_cdnow, amount_col="amount", observation_end=END, time_unit="W")


@pytest.fixture(scope="module")
def weekly_pandas(cdnow_text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        return rfm_summary(cdnow_text, amount_col="amount", observation_end=END, time_unit="W")


# ---------------------------------------------------------------------- the summary
def test_summary_equals_pandas_and_database_on_cdnow(weekly, weekly_pandas, cdnow_text, tmp_path):
    got = to_pandas(weekly)
    assert len(got) == 2357 and got.index[0] == "00001"      # text ids keep their zeros, spaces are read away
    assert_same_summary(got, weekly_pandas)
    assert got.loc["00001"].round(2).tolist() == [2, 30.43, 38.86, 22.35]   # Fader, Hardie & Lee (2005) customer 1
    with CustomerStore(tmp_path / "db.duckdb") as store:
        store.add_transactions(cdnow_text)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataExclusionWarning)
            database = store.rfm_summary(observation_end=END, time_unit="W")
    assert_same_summary(got, database)
    assert cs.summary_window(weekly) == weekly_pandas.attrs == database.attrs


@pytest.mark.parametrize("purchase_period, time_unit, end", [("W", "D", END), ("M", "M", None), (None, "D", END)])
def test_summary_equals_pandas_for_every_grid(spark, cdnow, purchase_period, time_unit, end):
    # exact timestamps (None) with times of day that cross the daylight-saving change of 30 March 1997
    log = cdnow.copy()
    log["date"] = log["date"] + pd.to_timedelta((np.arange(len(log)) * 7919) % 86400, unit="s")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        got = cs.rfm_summary(spark.createDataFrame(log), amount_col="amount", observation_end=end,
                             purchase_period=purchase_period, time_unit=time_unit)
        expected = rfm_summary(log, amount_col="amount", observation_end=end, purchase_period=purchase_period,
                               time_unit=time_unit)
    assert_same_summary(to_pandas(got), expected)          # integer ids stay integers
    assert cs.summary_window(got) == expected.attrs


def test_summary_without_amount_and_with_a_date_column(spark):
    log = pd.DataFrame({"id": ["a", "a", "b", "a"],
                        "day": pd.to_datetime(["2024-03-01", "2024-03-01", "2024-03-05", "2024-04-02"]).date})
    got = to_pandas(cs.rfm_summary(spark.createDataFrame(log), customer_col="id", date_col="day"), "id")
    assert list(got.columns) == ["frequency", "recency", "T"]
    assert got.to_dict("index") == {"a": {"frequency": 1, "recency": 32.0, "T": 32.0},
                                    "b": {"frequency": 0, "recency": 0.0, "T": 28.0}}


def test_returns_and_late_purchases_are_counted_as_in_pandas(spark):
    log = pd.DataFrame({"customer_id": ["1", "1", "1", "2", "2"],
                        "date": pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-20", "2024-01-02", "2024-01-25"]),
                        "amount": [5.0, -5.0, 9.0, 7.0, -1.0]})
    with pytest.warns(DataExclusionWarning) as record:
        got = to_pandas(cs.rfm_summary(spark.createDataFrame(log), amount_col="amount", observation_end="2024-01-15"))
    messages = [str(w.message) for w in record]
    assert messages == ["2 of 5 rows of transactions excluded: negative 'amount' (returns; e.g. customer ids "
                        "['1', '2'])",
                        "1 of 3 rows of transactions excluded: 'date' after observation_end 2024-01-15 (e.g. "
                        "customer ids ['1'])"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        assert_same_summary(got, rfm_summary(log, amount_col="amount", observation_end="2024-01-15"))
        # without an end, the last purchase that is not a return ends the window (a return on 25 January does not)
        default = to_pandas(cs.rfm_summary(spark.createDataFrame(log), amount_col="amount"))
        assert_same_summary(default, rfm_summary(log, amount_col="amount"))
    assert default.loc["1", "T"] == 19.0


def test_the_window_travels_with_a_parquet_table(spark, weekly, tmp_path):
    path = str(tmp_path / "summary.parquet")
    weekly.write.parquet(path)
    back = spark.read.parquet(path)
    assert cs.summary_window(back) == {"time_unit": "W", "observation_end": END, "purchase_period": "D"}
    model = cs.fit(BetaGeoModel(), back)
    assert model.time_unit_ == "W"


# ---------------------------------------------------------------------- bad input
def test_bad_transactions_are_errors_naming_the_column(spark, cdnow):
    frame = spark.createDataFrame(pd.DataFrame({"customer_id": ["1", "2"], "date": ["03/02/2024", "2024-02-05"],
                                                "amount": [1.0, 2.0]}))
    with pytest.raises(CRMDataError, match=r"column 'date' of transactions is string, not a date .*'03/02/2024'.*"
                                           r"F.to_timestamp"):
        cs.rfm_summary(frame)
    with pytest.raises(CRMDataError, match=r"missing column\(s\) \['when'\]"):
        cs.rfm_summary(frame, date_col="when")
    with pytest.raises(CRMDataError, match="must be a Spark DataFrame"):
        cs.rfm_summary(cdnow)
    log = pd.DataFrame({"customer_id": ["1", " ", "3", None], "date": pd.to_datetime(["2024-01-01"] * 4),
                        "amount": [1.0, 2.0, np.nan, 4.0]})
    with pytest.raises(CRMDataError, match=r"column 'customer_id' of transactions: missing customer id in 2 of 4 "
                                           r"rows, e.g. customer_id=''.*customer_id=None"):
        cs.rfm_summary(spark.createDataFrame(log), amount_col="amount")
    log["customer_id"] = ["1", "2", "3", "4"]
    with pytest.raises(CRMDataError, match=r"column 'amount' of transactions: missing or non-finite amount in 1 of 4"):
        cs.rfm_summary(spark.createDataFrame(log), amount_col="amount")
    with pytest.raises(CRMDataError, match=r"customer ids must be text or whole numbers"):
        cs.rfm_summary(spark.createDataFrame(pd.DataFrame({"customer_id": [1.5], "date": pd.to_datetime(["2024-01-01"])})))
    with pytest.raises(CRMDataError, match=r"observation_end 2023-12-01 is before the first purchase"):
        cs.rfm_summary(spark.createDataFrame(log.assign(amount=1.0)), observation_end="2023-12-01")
    with pytest.raises(CRMDataError, match=r"\"03/02/2024\".*|day-first|month-first"):
        cs.rfm_summary(spark.createDataFrame(log.assign(amount=1.0)), observation_end="03/02/2024")


def test_bad_summaries_are_refused_before_fitting(spark, weekly):
    from pyspark.sql import functions as F

    broken = weekly.withColumn("recency", F.when(F.col("customer_id") == "00002", 99.0).otherwise(F.col("recency")))
    broken = cs.with_window(broken, {"time_unit": "W"})
    with pytest.raises(CRMDataError, match=r"column 'recency' of summary exceeds 'T': 1 customers, e.g. "
                                           r"customer_id='00002'"):
        cs.fit(BetaGeoModel(), broken)
    bare = weekly.select(*[F.col(c).alias(c, metadata={}) for c in weekly.columns])
    assert cs.summary_window(bare) == {}
    with pytest.raises(CRMDataError, match="time_unit"):
        cs.fit(BetaGeoModel(), bare)
    assert cs.fit(BetaGeoModel(), bare, time_unit="W").time_unit_ == "W"
    with pytest.raises(CRMDataError, match="repeat-purchase model"):
        cs.fit(object(), weekly)


# ---------------------------------------------------------------------- fits and scores
@pytest.mark.parametrize("model_class", [BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel])
def test_compressed_fit_equals_the_in_memory_fit(weekly, weekly_pandas, model_class):
    on_spark = cs.fit(model_class(), weekly)
    in_memory = model_class().fit(weekly_pandas)
    # the same distinct rows in the same order: the same numbers to the last digit
    np.testing.assert_array_equal(on_spark.params_, in_memory.params_)
    assert on_spark.n_customers_ == in_memory.n_customers_ == 2357
    assert on_spark.log_likelihood_ == in_memory.log_likelihood_
    np.testing.assert_array_equal(on_spark.covariance_log_, in_memory.covariance_log_)


def test_gamma_gamma_fit_equals_the_in_memory_fit(weekly, weekly_pandas):
    with pytest.warns(DataExclusionWarning, match="1411 of 2357 customers with frequency 0 excluded"):
        on_spark = cs.fit(GammaGammaModel(), weekly)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        in_memory = GammaGammaModel().fit(weekly_pandas)
    # monetary_value differs in the last digits (sums in another order): so do the estimates, no more
    np.testing.assert_allclose(on_spark.params_, in_memory.params_, rtol=1e-12)
    np.testing.assert_allclose(on_spark.params_, [6.25, 3.74, 15.44], atol=0.005)   # Fader, Hardie & Lee (2005b)


def test_scores_equal_the_pandas_predictions(weekly, weekly_pandas, tmp_path):
    model = cs.fit(BetaGeoModel(), weekly)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        spend = cs.fit(GammaGammaModel(), weekly)
    scores = cs.score(model, weekly, t=39, spend_model=spend, horizon=12, discount_rate=0.1)
    assert scores.schema["expected_purchases"].metadata["crm_analysis"] == {"t": 39.0, "time_unit": "W"}
    assert scores.schema["clv"].metadata["crm_analysis"]["horizon"] == 12
    got = to_pandas(scores)
    assert list(got.columns) == ["p_alive", "expected_purchases", "expected_spend", "clv"]
    assert list(got.index) == list(weekly_pandas.index)
    np.testing.assert_allclose(got["p_alive"], model.probability_alive(weekly_pandas), rtol=1e-12)
    np.testing.assert_allclose(got["expected_purchases"], model.conditional_expected_purchases(weekly_pandas, 39),
                               rtol=1e-12)
    np.testing.assert_allclose(got["expected_spend"], spend.conditional_expected_spend(weekly_pandas), rtol=1e-12)
    np.testing.assert_allclose(got["clv"], customer_lifetime_value(model, spend, weekly_pandas, 12), rtol=1e-12)
    # a saved model scores the same on Spark
    model.save(tmp_path / "bgnbd.json")
    again = to_pandas(cs.score(load_model(tmp_path / "bgnbd.json"), weekly, t=39))
    np.testing.assert_array_equal(again["p_alive"], got["p_alive"])


def test_scores_pooled_across_arrow_batches_equal_the_pandas_predictions(spark, weekly, weekly_pandas, monkeypatch):
    # ~786 rows per partition in Arrow batches of 300, pooled into model calls of 600 rows and a remainder of ~186
    monkeypatch.setattr(cs, "SCORE_ROWS_PER_CALL", 500)
    before = spark.conf.get("spark.sql.execution.arrow.maxRecordsPerBatch")
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "300")
    try:
        model = cs.fit(BetaGeoModel(), weekly)
        got = to_pandas(cs.score(model, weekly.repartition(3), t=39))
    finally:
        spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", before)
    assert sorted(got.index) == sorted(weekly_pandas.index)
    got = got.loc[weekly_pandas.index]
    np.testing.assert_allclose(got["p_alive"], model.probability_alive(weekly_pandas), rtol=1e-12)
    np.testing.assert_allclose(got["expected_purchases"], model.conditional_expected_purchases(weekly_pandas, 39),
                               rtol=1e-12)


def test_score_refuses_a_summary_in_another_unit(spark, spark_cdnow, weekly):
    model = cs.fit(BetaGeoModel(), weekly)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        daily = cs.rfm_summary(spark_cdnow, amount_col="amount", observation_end=END, time_unit="D")
    with pytest.raises(CRMDataError, match="week|days"):
        cs.score(model, daily, t=39)
    with pytest.raises(CRMDataError, match="horizon"):
        cs.score(model, weekly, t=39, spend_model=20.0)
    with pytest.raises(CRMDataError, match="not fitted"):
        cs.score(BetaGeoModel(), weekly, t=39)


def test_simulated_log_of_many_customers(spark, tmp_path):
    """A simulated 200,000-customer log, read from Parquet as in production: Spark equals pandas and the fit recovers."""
    rng = np.random.default_rng(7)
    n = 200_000                                   # the BG/NBD story: gamma purchase rates, beta drop-out
    lam, p = rng.gamma(0.6, 1 / 8.0, n), rng.beta(0.8, 2.5, n)          # rate per day
    start = rng.integers(0, 180, n).astype(float)
    rows, time, alive = [(np.arange(n), start)], start.copy(), np.ones(n, bool)
    for _ in range(40):
        time = time + rng.exponential(1 / lam)
        alive &= time < 540
        rows.append((np.flatnonzero(alive), time[alive]))
        alive &= rng.uniform(size=n) >= p
    customer = np.concatenate([r[0] for r in rows])
    day = np.floor(np.concatenate([r[1] for r in rows]))
    log = pd.DataFrame({"customer_id": pd.Series(customer).map("C{:07d}".format),
                        "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(day, unit="D"),
                        "amount": np.round(rng.gamma(2.0, 15.0, len(customer)) + 1, 2)})
    path = tmp_path / "log.parquet"
    log.to_parquet(path, coerce_timestamps="us")       # Spark reads micro-, not nanoseconds
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        got = cs.rfm_summary(spark.read.parquet(str(path)), amount_col="amount", observation_end="2024-03-31",
                             time_unit="W")
        expected = rfm_summary(log, amount_col="amount", observation_end="2024-03-31", time_unit="W")
    assert_same_summary(to_pandas(got), expected)
    np.testing.assert_allclose(cs.fit(BetaGeoModel(), got).params_, BetaGeoModel().fit(expected).params_, rtol=1e-12)


def test_readme_spark_example_runs_as_written(spark, tmp_path, monkeypatch):
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- readme-spark: run -->\n```python\n(.*?)```", readme, re.S)
    assert len(blocks) == 1
    monkeypatch.chdir(tmp_path)
    printed = []
    namespace = {"print": lambda *args: printed.append(" ".join(map(str, args)))}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(blocks[0], "README.md", "exec"), namespace)
    assert printed == ["[0.2426, 4.4136, 0.7929, 2.4259]"]
    assert spark.read.parquet(str(tmp_path / "customer_scores.parquet")).count() == 2357
