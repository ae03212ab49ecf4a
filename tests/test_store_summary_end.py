"""The database's summary window: the default end is the last purchase that is not a return, as in pandas."""
import warnings

import pandas as pd

from crm_analysis import CustomerStore, DataExclusionWarning, rfm_summary

def test_database_ends_the_default_window_at_the_last_purchase_not_a_return(tmp_path):
    log = pd.DataFrame({"customer_id": ["1", "1", "2", "2"],
                        "date": pd.to_datetime(["2024-01-01", "2024-01-20", "2024-01-02", "2024-01-25"]),
                        "amount": [5.0, 9.0, 7.0, -1.0]})
    with CustomerStore(tmp_path / "db.duckdb") as store, warnings.catch_warnings():
        warnings.simplefilter("ignore", DataExclusionWarning)
        store.add_transactions(log)
        database = store.rfm_summary()
        pd.testing.assert_frame_equal(database, rfm_summary(log, amount_col="amount"), check_index_type=False)
        assert database.loc["1", "T"] == 19.0 and database.attrs["observation_end"] == "2024-01-20"
        store.add_transactions(pd.DataFrame({"customer_id": ["3"], "date": pd.to_datetime(["2024-02-01"]),
                                             "amount": [-3.0]}))
        assert store.rfm_summary().loc["1", "T"] == 19.0
