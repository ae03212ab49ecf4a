"""The BG/BB model of discrete-time repeat transactions (Fader, Hardie & Shang 2010).

For "discrete" settings — a transaction can happen only at fixed opportunities
(an annual fund drive, a yearly event) — customer *i*

* transacts at each opportunity while alive with probability
  :math:`p_i \\sim \\text{Beta}(\\alpha, \\beta)` (the Beta-Bernoulli part);
* becomes inactive at the start of each opportunity with probability
  :math:`\\theta_i \\sim \\text{Beta}(\\gamma, \\delta)` (the Beta-geometric part).

Data per customer: ``frequency`` x (transactions in the ``n_periods`` = n
opportunities after the first), ``recency`` t_x (the opportunity of the last
one, 0 if none).  The likelihood (FHS 2010, eq. 5) is

.. math::

    L = \\frac{B(\\alpha+x,\\beta+n-x)}{B(\\alpha,\\beta)}\\frac{B(\\gamma,\\delta+n)}{B(\\gamma,\\delta)}
      + \\sum_{i=0}^{n-t_x-1}\\frac{B(\\alpha+x,\\beta+t_x-x+i)}{B(\\alpha,\\beta)}
        \\frac{B(\\gamma+1,\\delta+t_x+i)}{B(\\gamma,\\delta)}

(alive throughout; or alive for exactly :math:`t_x+i` opportunities), summed
with log-sum-exp.  Because only ``(x, t_x, n)`` matter, data usually arrive as
counts per pattern: pass them in a ``weight`` column.

Reference
---------
Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in a
discrete-time noncontractual setting. *Marketing Science* 29(6), 1086-1108.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from ._btyd_base import BTYDModel
from ..exceptions import CRMDataError
from ..timegrid import OPPORTUNITY
from ..validation import offending_rows


def _log_beta_ratio(p, q, u, v):
    """log B(p+u, q+v) - log B(p, q) and its derivatives in p and q."""
    value = special.betaln(p + u, q + v) - special.betaln(p, q)
    common = special.digamma(p + q) - special.digamma(p + q + u + v)
    d_p = special.digamma(p + u) - special.digamma(p) + common
    d_q = special.digamma(q + v) - special.digamma(q) + common
    return value, d_p, d_q


class BetaGeoBetaBinomModel(BTYDModel):
    """BG/BB model: ``alpha, beta`` (transaction probability) and ``gamma, delta`` (drop-out probability).

    Fit on a table with columns ``frequency, recency, n_periods`` and an
    optional ``weight`` (number of customers with that pattern).  Time is
    counted in opportunities: ``time_unit_`` is ``"opportunity"`` unless the
    table records a calendar unit or ``fit(table, time_unit="Y")`` says what
    one opportunity is (then CLV can convert horizons in months or years).
    """

    _param_names = ("alpha", "beta", "gamma", "delta")
    _columns = ("frequency", "recency", "n_periods")
    _default_time_unit = OPPORTUNITY

    def _check_opportunities(self, n, parameter: str) -> int:
        value = self._check_t(n, parameter)
        if np.ndim(value) or value != np.round(value):
            raise CRMDataError(f"{parameter} must be a whole number of opportunities, got {n!r}")
        return int(value)

    def _validate(self, summary, *, with_weight=True):
        data = super()._validate(summary, with_weight=with_weight)
        bad = (data["frequency"] > data["recency"]) | (data["n_periods"] != np.round(data["n_periods"])) \
            | (data["recency"] != np.round(data["recency"]))
        if bad.any():
            raise CRMDataError("columns 'frequency', 'recency', 'n_periods' of summary must be whole numbers with "
                               f"frequency <= recency <= n_periods in {offending_rows(bad, data.index)}")
        return data

    def _terms(self, params, x, tx, n):
        """Log of each likelihood term, (rows, 1 + max(n - t_x)), and its gradient (rows, terms, 4)."""
        al, be, ga, de = params
        gap = (n - tx).astype(int)
        i = np.arange(max(int(gap.max()), 0))[None, :]
        valid = i < gap[:, None]
        x_, tx_, n_ = x[:, None], tx[:, None], n[:, None]
        # term 0: alive through all n opportunities; terms 1..: died after t_x + i opportunities
        lp0, dal0, dbe0 = _log_beta_ratio(al, be, x_, n_ - x_)
        lq0, dga0, dde0 = _log_beta_ratio(ga, de, 0.0, n_)
        lpi, dali, dbei = _log_beta_ratio(al, be, x_, tx_ - x_ + i)
        lqi, dgai, ddei = _log_beta_ratio(ga, de, 1.0, tx_ + i)
        log_terms = np.concatenate([lp0 + lq0, np.where(valid, lpi + lqi, -np.inf)], axis=1)
        shape = log_terms.shape
        grads = np.stack([np.broadcast_to(np.concatenate([g0, gi], axis=1), shape)
                          for g0, gi in ((dal0, dali), (dbe0, dbei), (dga0, dgai), (dde0, ddei))], axis=2)
        return log_terms, grads

    def _loglik(self, params, data):
        log_terms, grads = self._terms(params, data["frequency"], data["recency"], data["n_periods"])
        ll = special.logsumexp(log_terms, axis=1)
        weights = np.exp(log_terms - ll[:, None])
        return ll, np.einsum("ij,ijk->ik", weights, np.nan_to_num(grads))

    def _initial_params(self, data, weights):
        return np.ones(4)

    # ------------------------------------------------------------ predictions
    def _log_alive_beyond(self, d, ahead):
        """log P(alive at opportunity n + ahead and the history), for ahead = 0, 1, ..."""
        al, be, ga, de = self.params_.to_numpy()
        x, n = d["frequency"], d["n_periods"]
        return special.betaln(al + x, be + n - x) - special.betaln(al, be) \
            + special.betaln(ga, de + n + ahead) - special.betaln(ga, de)

    def _log_lik_rows(self, d):
        return self._loglik(self.params_.to_numpy(), d)[0]

    def probability_alive(self, summary: pd.DataFrame) -> pd.Series:
        """P(alive at opportunity n+1 | x, t_x, n) = B(α+x,β+n-x)/B(α,β) · B(γ,δ+n+1)/B(γ,δ) / L (FHS eq. 11)."""
        return self._per_customer(summary, lambda d: np.exp(self._log_alive_beyond(d, 1) - self._log_lik_rows(d)),
                                  "probability_alive")

    def _survival_sum(self, start, count):
        """Σ_{j=1}^{count} B(γ, δ+start+j) / B(γ, δ): expected alive opportunities after ``start``."""
        _, _, ga, de = self.params_.to_numpy()
        j = np.arange(1, int(count) + 1)
        start = np.asarray(start, dtype=float)[..., None]
        return np.exp(special.betaln(ga, de + start + j) - special.betaln(ga, de)).sum(axis=-1)

    def expected_purchases(self, n: int) -> float:
        """E[X(n)] for a new customer: α/(α+β) Σ_{t=1}^{n} B(γ,δ+t)/B(γ,δ) (FHS eq. 7 as a sum)."""
        self._check_fitted()
        n = self._check_opportunities(n, "n")
        al, be, _, _ = self.params_.to_numpy()
        return float(al / (al + be) * self._survival_sum(0.0, n))

    def predict(self, summary: pd.DataFrame, n_periods_ahead: int) -> pd.Series:
        """Expected transactions in the next ``n_periods_ahead`` opportunities (FHS eq. 13).

        .. math::
            E[X(n,n+n^*)\\mid x,t_x,n] = \\frac{1}{L}\\frac{B(\\alpha+x+1,\\beta+n-x)}{B(\\alpha,\\beta)}
              \\sum_{j=1}^{n^*}\\frac{B(\\gamma,\\delta+n+j)}{B(\\gamma,\\delta)}
        """
        self._check_fitted()
        n_periods_ahead = self._check_opportunities(n_periods_ahead, "n_periods_ahead")
        al, be, _, _ = self.params_.to_numpy()

        def conditional(d):
            x, n = d["frequency"], d["n_periods"]
            log_p = special.betaln(al + x + 1, be + n - x) - special.betaln(al, be)
            return np.exp(log_p - self._log_lik_rows(d)) * self._survival_sum(n, n_periods_ahead)

        return self._per_customer(summary, conditional, "predicted_purchases")

    conditional_expected_number_of_purchases_up_to_time = predict

    def probability_of_purchases(self, n: int, x) -> np.ndarray | float:
        """P(X(n) = x) for a new customer over ``n`` opportunities (FHS eq. 8).

        .. math::
            \\binom{n}{x}\\frac{B(\\alpha+x,\\beta+n-x)}{B(\\alpha,\\beta)}\\frac{B(\\gamma,\\delta+n)}{B(\\gamma,\\delta)}
            + \\sum_{i=x}^{n-1}\\binom{i}{x}\\frac{B(\\alpha+x,\\beta+i-x)}{B(\\alpha,\\beta)}
              \\frac{B(\\gamma+1,\\delta+i)}{B(\\gamma,\\delta)}
        """
        self._check_fitted()
        al, be, ga, de = self.params_.to_numpy()
        x = np.asarray(x, dtype=float)
        xs = x[..., None]
        i = np.arange(int(n))
        first = np.exp(np.log(special.comb(n, x)) + special.betaln(al + x, be + n - x) - special.betaln(al, be)
                       + special.betaln(ga, de + n) - special.betaln(ga, de))
        with np.errstate(divide="ignore", invalid="ignore"):
            died = np.where(i >= xs, np.exp(np.log(special.comb(i, xs)) + special.betaln(al + xs, be + i - xs)
                                            - special.betaln(al, be) + special.betaln(ga + 1, de + i)
                                            - special.betaln(ga, de)), 0.0)
        value = np.where((x >= 0) & (x <= n), first + died.sum(axis=-1), 0.0)
        return value if value.ndim else float(value)

    def simulate(self, n_customers: int, n_periods: int, *, params=None, random_state=None,
                 time_unit=None) -> pd.DataFrame:
        """Draw a (frequency, recency, n_periods) table by flipping each customer's coins period by period."""
        theta = self._resolve_params(params)
        rng = np.random.default_rng(random_state)
        p = rng.beta(theta["alpha"], theta["beta"], n_customers)[:, None]
        drop = rng.beta(theta["gamma"], theta["delta"], n_customers)
        alive_for = np.minimum(rng.geometric(drop) - 1, n_periods)  # P(alive at t) = (1-θ)^t
        period = np.arange(1, n_periods + 1)[None, :]
        buys = (rng.random((n_customers, n_periods)) < p) & (period <= alive_for[:, None])
        frequency = buys.sum(axis=1)
        recency = np.where(frequency > 0, (buys * period).max(axis=1), 0)
        table = pd.DataFrame({"frequency": frequency.astype(float), "recency": recency.astype(float),
                              "n_periods": float(n_periods)}, index=pd.RangeIndex(n_customers, name="customer_id"))
        return self._record_simulated(table, params, time_unit)
