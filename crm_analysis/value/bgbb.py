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


def _bgbb_count_pmf(al, be, ga, de, n_opportunities: int, k):
    """P(X(n) = k) of a BG/BB customer alive before the first of ``n`` opportunities (FHS 2010 eq. 8).

    .. math::
        \\binom{n}{k}\\frac{B(\\alpha+k,\\beta+n-k)}{B(\\alpha,\\beta)}\\frac{B(\\gamma,\\delta+n)}{B(\\gamma,\\delta)}
        + \\sum_{i=k}^{n-1}\\binom{i}{k}\\frac{B(\\alpha+k,\\beta+i-k)}{B(\\alpha,\\beta)}
          \\frac{B(\\gamma+1,\\delta+i)}{B(\\gamma,\\delta)}

    (alive through all ``n`` opportunities, or dropped out after opportunity ``i``).
    Elementwise in the parameters (arrays of equal shape) and in ``k``.
    """
    al, be, ga, de, k = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (al, be, ga, de, k)))
    n = int(n_opportunities)
    inside = (k >= 0) & (k <= n)
    kk = np.where(inside, k, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.exp(special.gammaln(n + 1) - special.gammaln(kk + 1) - special.gammaln(n - kk + 1)
                       + special.betaln(al + kk, be + n - kk) - special.betaln(al, be)
                       + special.betaln(ga, de + n) - special.betaln(ga, de))
        for i in range(n):
            term = np.exp(special.gammaln(i + 1) - special.gammaln(kk + 1) - special.gammaln(np.maximum(i - kk, 0) + 1)
                          + special.betaln(al + kk, be + np.maximum(i - kk, 0)) - special.betaln(al, be)
                          + special.betaln(ga + 1, de + i) - special.betaln(ga, de))
            value = value + np.where(i >= kk, term, 0.0)
    return np.where(inside, value, 0.0)


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
    _discrete_opportunities = True  # t is a whole number of opportunities

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

    def _check_horizon(self, t, allow_array: bool = False):
        """``t`` opportunities ahead: whole numbers (an array only where allowed)."""
        if allow_array and np.ndim(t):
            return np.array([self._check_opportunities(v, "t") for v in np.ravel(t)]).reshape(np.shape(t))
        return self._check_opportunities(t, "t")

    def _alive(self, d):
        """P(alive at opportunity n+1 | x, t_x, n) = B(α+x,β+n-x)/B(α,β) · B(γ,δ+n+1)/B(γ,δ) / L (FHS eq. 11)."""
        return np.exp(self._log_alive_beyond(d, 1) - self._log_lik_rows(d))

    def _survival_sum(self, start, count):
        """Σ_{j=1}^{count} B(γ, δ+start+j) / B(γ, δ): expected alive opportunities after ``start``."""
        _, _, ga, de = self.params_.to_numpy()
        j = np.arange(1, int(count) + 1)
        start = np.asarray(start, dtype=float)[..., None]
        return np.exp(special.betaln(ga, de + start + j) - special.betaln(ga, de)).sum(axis=-1)

    def _expected_new(self, t):
        """E[X(n)] for a new customer: α/(α+β) Σ_{t=1}^{n} B(γ,δ+t)/B(γ,δ) (FHS eq. 7 as a sum)."""
        al, be, _, _ = self.params_.to_numpy()
        counts = np.asarray(t)
        values = [al / (al + be) * self._survival_sum(0.0, n) for n in np.atleast_1d(counts).ravel()]
        return np.reshape(values, counts.shape) if counts.ndim else values[0]

    def _expected_given_history(self, d, t):
        """Expected transactions in the next ``t`` opportunities (FHS eq. 13).

        .. math::
            E[X(n,n+n^*)\\mid x,t_x,n] = \\frac{1}{L}\\frac{B(\\alpha+x+1,\\beta+n-x)}{B(\\alpha,\\beta)}
              \\sum_{j=1}^{n^*}\\frac{B(\\gamma,\\delta+n+j)}{B(\\gamma,\\delta)}
        """
        al, be, _, _ = self.params_.to_numpy()
        x, n = d["frequency"], d["n_periods"]
        log_p = special.betaln(al + x + 1, be + n - x) - special.betaln(al, be)
        return np.exp(log_p - self._log_lik_rows(d)) * self._survival_sum(n, t)

    def _pmf_given_history(self, d, t, n):
        """P(X(n, n+t) = k | x, t_x, n) = w P_new(k; α+x, β+n-x, γ, δ+n, t) + (1 - w) [k = 0].

        ``w`` is the probability of being alive through the ``n`` observed
        opportunities (the first term of the likelihood over L); given that,
        the transaction and drop-out probabilities have the posteriors
        Beta(α+x, β+n-x) and Beta(γ, δ+n), and the next ``t`` opportunities are
        those of a new customer with them.
        """
        al, be, ga, de = self.params_.to_numpy()
        x, m = d["frequency"], d["n_periods"]
        log_through = special.betaln(al + x, be + m - x) - special.betaln(al, be) \
            + special.betaln(ga, de + m) - special.betaln(ga, de)
        w = np.exp(log_through - self._log_lik_rows(d))
        return w * _bgbb_count_pmf(al + x, be + m - x, ga, de + m, t, n) + (1 - w) * (n == 0)

    def _pmf_new(self, t, n):
        """P(X(t) = k) for a new customer over ``t`` opportunities (FHS eq. 8; see :func:`_bgbb_count_pmf`)."""
        al, be, ga, de = self.params_.to_numpy()
        return _bgbb_count_pmf(al, be, ga, de, t, n)

    def simulate(self, n_customers: int, n_periods: int, *, params=None, random_state=None,
                 time_unit=None) -> pd.DataFrame:
        """Draw a (frequency, recency, n_periods) table by flipping each customer's coins period by period."""
        theta = self._resolve_params(params)
        rng = self._rng(random_state)
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
