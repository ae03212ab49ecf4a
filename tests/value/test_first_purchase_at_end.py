"""A customer whose first purchase is at the observation end (T = 0) is a legal row: no information, no error.

Every real log summarised up to its last day has such customers.  Their
likelihood factor is 1 (nothing observed), so a fit with them equals the fit
without them, and their predictions are the limit T -> 0.
"""
import warnings

import numpy as np
import pandas as pd
import pytest

from crm_analysis import rfm_summary
from crm_analysis.datasets import load_cdnow
from crm_analysis.value import BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel


@pytest.fixture(scope="module")
def cdnow_weekly():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return rfm_summary(load_cdnow(), amount_col="amount", observation_end="1997-09-30", time_unit="W")


@pytest.mark.parametrize("model_class", [BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel])
def test_first_purchase_at_the_end_adds_nothing_to_the_fit(cdnow_weekly, model_class):
    newcomers = pd.DataFrame({"frequency": [0, 0, 0], "recency": [0.0] * 3, "T": [0.0] * 3,
                              "monetary_value": [0.0] * 3}, index=["n1", "n2", "n3"])
    with_newcomers = pd.concat([cdnow_weekly, newcomers])
    with_newcomers.attrs = dict(cdnow_weekly.attrs)
    base = model_class().fit(cdnow_weekly)
    model = model_class().fit(with_newcomers)
    np.testing.assert_allclose(model.params_, base.params_, rtol=1e-5)   # the optimiser's precision: the mean
    # log-likelihood it maximises is divided by 2360 instead of 2357; the maximum itself is the same
    assert model.log_likelihood_ == pytest.approx(base.log_likelihood_, rel=1e-12)
    assert model.n_customers_ == 2360
    # predicted as the limit T -> 0
    almost_new = newcomers.iloc[:1].assign(T=1e-9)
    almost_new.attrs = dict(cdnow_weekly.attrs)
    newcomers.attrs = dict(cdnow_weekly.attrs)
    np.testing.assert_allclose(model.probability_alive(newcomers.iloc[:1]), model.probability_alive(almost_new),
                               rtol=1e-7)
    np.testing.assert_allclose(model.conditional_expected_purchases(newcomers.iloc[:1], 39),
                               model.conditional_expected_purchases(almost_new, 39), rtol=1e-7)


def test_a_log_summarised_to_its_last_day_fits(cdnow_weekly):
    log = load_cdnow()
    first_day = log.groupby("customer_id")["date"].transform("min")
    assert (first_day == log["date"].max()).sum() == 0           # CDNOW has none: add one who came on the last day
    log = pd.concat([log, pd.DataFrame({"customer_id": [99999], "date": [log["date"].max()], "amount": [10.0]})])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summary = rfm_summary(log, amount_col="amount", time_unit="W")
    assert summary.loc[99999, "T"] == 0
    assert 0 < BetaGeoModel().fit(summary).probability_alive(summary).loc[99999] <= 1
