"""The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987).

Story (non-contractual, continuous time):

* while alive, customer *i* buys as a Poisson process with rate
  :math:`\\lambda_i \\sim \\text{Gamma}(r, \\text{rate}=\\alpha)`;
* the customer's unobserved lifetime is exponential with rate
  :math:`\\mu_i \\sim \\text{Gamma}(s, \\text{rate}=\\beta)` (death can happen at
  any moment, not only after a purchase as in BG/NBD).

Likelihood of ``x`` repeat purchases, the last at ``t_x``, observed for ``T``
(Fader & Hardie 2005, "A note on deriving the Pareto/NBD model"):

.. math::

    L = \\frac{\\Gamma(r+x)\\,\\alpha^r\\beta^s}{\\Gamma(r)}
        \\Big[\\frac{1}{(\\alpha+T)^{r+x}(\\beta+T)^{s}} + s\\,I\\Big],\\qquad
    I = \\int_{t_x}^{T} (\\alpha+\\tau)^{-(r+x)}(\\beta+\\tau)^{-(s+1)}\\,d\\tau .

The first term is "still alive at T", the second "died at some
:math:`\\tau\\in(t_x, T]`".  The published form writes :math:`I` as a difference
of two Gauss hypergeometric functions, which cancels catastrophically and
overflows for frequent buyers (the NaNs of other packages).  We instead
integrate on the log-time scale :math:`u = \\log\\frac{\\alpha+\\tau}{\\alpha+t_x}`
(when :math:`\\alpha\\le\\beta`; swap the roles of α and β otherwise), with
:math:`k = r+s+x`:

.. math::

    I = (\\alpha+t_x)^{-k}\\int_{0}^{\\log\\frac{\\alpha+T}{\\alpha+t_x}}
        e^{-ku}\\big(1 - z\\,e^{-u}\\big)^{-(s+1)}\\,du,\\qquad
    z = \\frac{\\alpha-\\beta}{\\alpha+t_x} \\le 0,

a smooth, positive integrand evaluated by Gauss-Legendre quadrature entirely in logs.  Every term is
positive, so :math:`\\log L` stays finite and P(alive) stays in [0, 1] for
customers with thousands of purchases.  Derivatives are taken under the
integral sign, so the gradient is analytic too.

References
----------
Schmittlein, D. C., Morrison, D. G. & Colombo, R. (1987). Counting your
customers: who are they and what will they do next? *Management Science*
33(1), 1-24.
Fader, P. S. & Hardie, B. G. S. (2005). A note on deriving the Pareto/NBD
model and related expressions. http://brucehardie.com/notes/009/
Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
the easy way. *Marketing Science* 24(2), 275-284 (the CDNOW estimates).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from ..timegrid import unit_name
from ._btyd_base import BTYDModel, logsumexp_pair

_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(16)
_HALF_NODES = (1 + _NODES) / 2  # the nodes on [0, 1]
_WEIGHTS_HALF_NODES = _WEIGHTS * _HALF_NODES


def _log_integral(r, alpha, s, beta, x, tx, T, with_grad=True):
    """log I and d log I / d(r, alpha, s, beta) per row (see the module docstring).

    With ``P`` the smaller of (α, β) ("base") and ``Q`` the other one, write
    :math:`P+\\tau = (P+t_x)e^{u}` and :math:`Q+\\tau = (P+\\tau)\\,q(u)`,
    :math:`q = 1 - z e^{-u}`, :math:`z = (P-Q)/(P+t_x) \\le 0`.  Then
    :math:`I = (P+t_x)^{-k}\\int_0^{U} e^{-ku}\\,q(u)^{-e}\\,du` with
    :math:`k=r+s+x`, ``e`` the exponent of the Q factor, :math:`U=\\log\\frac{P+T}{P+t_x}`.
    Because :math:`z \\le 0`, :math:`q^{-e}` is smooth (analytic in a strip of
    half-width π), so Gauss-Legendre converges fast; the interval is cut
    where the integrand has fallen below :math:`e^{-36}` of its start.
    """
    k = r + s + x
    base_is_alpha = bool(np.all(alpha <= beta))  # per-row alpha, beta (covariates): all rows on one side
    base, other = (alpha, beta) if base_is_alpha else (beta, alpha)
    expo = np.broadcast_to(s + 1.0 if base_is_alpha else r + x, k.shape)
    log_b = np.log(base + tx)
    z = (base - other) / (base + tx)
    # log f(u) is concave, so f(u) <= f(0) exp(f'(0)/f(0) u): cut where that bound (or the
    # bound from q^-e <= (1-z)^e) falls below e^-36
    slope = k - expo * (-z) / (1 - z)  # -d log f / du at u = 0
    spread = expo * np.log1p(-z)  # log of the bound (1-z)^e on q^-e
    cut = (36.0 + spread) / k
    cut = np.where(slope > 0, np.minimum(cut, 36.0 / np.maximum(slope, 1e-300)), cut)
    length = np.minimum(np.log(base + T) - log_b, cut)
    # the (rows x nodes) work, in place where possible: -u at the nodes, e^{-u}, q, log q, log f
    neg_u = np.multiply(length[:, None], -_HALF_NODES)  # u = length (1 + node) / 2
    e_u = np.exp(neg_u)
    q = np.multiply(e_u, -z[:, None])
    q += 1.0  # q = 1 - z e^{-u}
    log_q = np.log(q)
    log_f = np.multiply(neg_u, k[:, None])
    log_f -= expo[:, None] * log_q  # log f = -k u - e log q
    # scale by the first node's value: f(u) <= f(u_0) q(u_0)^e <= f(u_0) (1-z)^e for u >= u_0, so
    # nothing overflows while e log(1-z) < 600; otherwise by the largest node value
    f_max = log_f[:, 0].copy() if spread.size and spread.max() < 600.0 else log_f.max(axis=1)
    log_f -= f_max[:, None]
    f = np.exp(log_f, out=log_f)
    total = f @ _WEIGHTS
    with np.errstate(divide="ignore"):
        log_i = -k * log_b + np.log(length / 2) + np.log(total) + f_max
    if not with_grad:
        return log_i, None
    inv_total = 1 / total
    # means over τ under the normalised integrand: (f · values) @ weights / total
    mean_u = length * (f @ _WEIGHTS_HALF_NODES) * inv_total
    mean_log_q = (np.multiply(f, log_q, out=log_q) @ _WEIGHTS) * inv_total
    f_e_u = np.multiply(f, e_u, out=f)
    mean_e_u = (f_e_u @ _WEIGHTS) * inv_total
    mean_e_u_q = (np.divide(f_e_u, q, out=f_e_u) @ _WEIGHTS) * inv_total
    inv_b = np.exp(-log_b)
    log_base_tau = log_b + mean_u  # E[log(P+τ)]
    log_other_tau = log_base_tau + mean_log_q  # E[log(Q+τ)]
    inv_base_tau = mean_e_u * inv_b  # E[1/(P+τ)]
    inv_other_tau = mean_e_u_q * inv_b  # E[1/(Q+τ)]
    if base_is_alpha:
        log_a_tau, log_b_tau, inv_a_tau, inv_b_tau = log_base_tau, log_other_tau, inv_base_tau, inv_other_tau
    else:
        log_a_tau, log_b_tau, inv_a_tau, inv_b_tau = log_other_tau, log_base_tau, inv_other_tau, inv_base_tau
    grad = np.stack([-log_a_tau, -(r + x) * inv_a_tau, -log_b_tau, -(s + 1) * inv_b_tau], axis=1)
    return log_i, grad


def _alive_and_death_terms(r, alpha, s, beta, x, tx, T, with_grad=True, block=8192):
    """log of the 'alive at T' term, log of the 'died in (t_x, T]' term, and the latter's gradient.

    Rows go through the quadrature in blocks so that the (rows x nodes)
    temporaries stay in the processor cache.
    """
    log_alive = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    log_i = np.empty(x.shape)
    d_log_i = np.empty((x.size, 4)) if with_grad else None
    for start in range(0, x.size, block):
        rows = slice(start, start + block)
        log_i[rows], grad = _log_integral(r, alpha, s, beta, x[rows], tx[rows], T[rows], with_grad)
        if with_grad:
            d_log_i[rows] = grad
    return log_alive, np.log(s) + log_i, d_log_i


def _alive_and_death_terms_rows(r, alpha, s, beta, x, tx, T, with_grad=True, block=8192):
    """:func:`_alive_and_death_terms` for per-row ``alpha``, ``beta`` (covariates); scalars go straight through.

    :func:`_log_integral` takes the smaller of α, β as its base, so the rows
    are split into those with :math:`\\alpha_i \\le \\beta_i` and the others and
    each group goes through it in blocks.
    """
    if np.ndim(alpha) == 0 and np.ndim(beta) == 0:
        return _alive_and_death_terms(r, alpha, s, beta, x, tx, T, with_grad=with_grad, block=block)
    alpha, beta = (np.broadcast_to(np.asarray(v, dtype=float), x.shape) for v in (alpha, beta))
    log_alive = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    log_i = np.empty(x.shape)
    d_log_i = np.empty((x.size, 4)) if with_grad else None
    low = alpha <= beta
    for group in (np.flatnonzero(low), np.flatnonzero(~low)):
        for start in range(0, group.size, block):
            rows = group[start:start + block]
            log_i[rows], grad = _log_integral(r, alpha[rows], s, beta[rows], x[rows], tx[rows], T[rows], with_grad)
            if with_grad:
                d_log_i[rows] = grad
    return log_alive, np.log(s) + log_i, d_log_i


def _expm1_ratio(c, log_ratio):
    """(1 - exp(-c L)) / c, with its limit L at c = 0."""
    c = np.asarray(c, dtype=float)
    safe = np.where(np.abs(c) < 1e-12, 1.0, c)
    return np.where(np.abs(c) < 1e-12, log_ratio, -np.expm1(-c * log_ratio) / safe)


_PMF_PANELS = 8
_PMF_NODES, _PMF_WEIGHTS = np.polynomial.legendre.leggauss(24)


def _pareto_count_pmf(r, alpha, s, beta, t, n):
    """P(X(t) = n) of a Pareto/NBD customer alive at time 0, elementwise in the parameters.

    Given the death time :math:`\\tau` the count is Poisson(:math:`\\lambda\\min(\\tau, t)`),
    and mixing :math:`\\lambda \\sim` Gamma(r, α) gives a negative binomial, so

    .. math::
        P(X(t)=n) = \\Big(\\frac{\\beta}{\\beta+t}\\Big)^{s}\\text{NB}\\big(n; r, \\tfrac{\\alpha}{\\alpha+t}\\big)
          + \\int_0^{F(t)} \\text{NB}\\big(n; r, \\tfrac{\\alpha}{\\alpha+\\tau(w)}\\big)\\,dw,

    with :math:`F(t) = 1-(\\beta/(\\beta+t))^{s}` the probability of dying
    before ``t`` and :math:`\\tau(w) = \\beta((1-w)^{-1/s}-1)` its quantile
    function (the death-time density is absorbed by the substitution).  The
    integral is evaluated by Gauss-Legendre quadrature on 8 panels of 24 nodes,
    the negative binomial in logs.  Fader & Hardie (2006), "Deriving an
    expression for P(X(t) = x) under the Pareto/NBD model" (http://brucehardie.com/notes/012/)
    give the same probability through Gauss hypergeometric functions.
    """
    r, alpha, s, beta = (np.asarray(v, dtype=float) for v in (r, alpha, s, beta))
    n = np.asarray(n, dtype=float)
    r, alpha, s, beta, n = np.broadcast_arrays(r, alpha, s, beta, n)
    log_choose = special.gammaln(r + n) - special.gammaln(r) - special.gammaln(n + 1)

    def nb(tau):
        return np.exp(log_choose + r * (np.log(alpha) - np.log(alpha + tau)) + n * (np.log(tau) - np.log(alpha + tau)))

    survive = np.exp(s * (np.log(beta) - np.log(beta + t)))
    with np.errstate(divide="ignore", invalid="ignore"):
        alive_part = np.where((n == 0) & (t == 0), 1.0, nb(np.full(n.shape, float(t)))) * survive
        died_by = 1 - survive
        edges = np.linspace(0.0, 1.0, _PMF_PANELS + 1)
        integral = np.zeros(n.shape)
        for lo, hi in zip(edges[:-1], edges[1:]):
            for node, weight in zip(_PMF_NODES, _PMF_WEIGHTS):
                w = died_by * (lo + (hi - lo) * (node + 1) / 2)
                tau = beta * np.expm1(-np.log1p(-w) / s)
                value = np.where(tau > 0, nb(tau), (n == 0).astype(float))
                integral += weight * (hi - lo) / 2 * value
        integral *= died_by
    return alive_part + integral


class ParetoNBDModel(BTYDModel):
    """Pareto/NBD model: parameters ``r, alpha`` (purchase rate) and ``s, beta`` (lifetime).

    Fit on a summary with columns ``frequency, recency, T`` (optional
    ``weight``).  See the module docstring for the likelihood and the
    overflow-free evaluation.

    Time-invariant covariates (Fader & Hardie 2007, http://brucehardie.com/notes/019/;
    CLVTools' ``pnbd`` with static covariates; :mod:`crm_analysis.value.covariates`):
    ``fit(summary, purchase_covariates=Z_p, dropout_covariates=Z_d)`` gives customer *i*

    .. math:: \\alpha_i = \\alpha_0\\,e^{-\\gamma_p' z_i^{(p)}},\\qquad \\beta_i = \\beta_0\\,e^{-\\gamma_d' z_i^{(d)}}

    (``r`` and ``s`` shared), so a positive purchase effect multiplies the mean
    purchase rate :math:`r/\\alpha_i` and a positive drop-out effect the mean
    death rate :math:`s/\\beta_i` by :math:`e^{\\gamma' z}`.  The likelihood and
    every prediction are the plain model's at :math:`(r, \\alpha_i, s, \\beta_i)`.
    """

    _param_names = ("r", "alpha", "s", "beta")
    _covariate_targets = {"purchase": "alpha", "dropout": "beta"}

    _large = 1e4

    def _unit_word(self) -> str:
        unit = getattr(self, "time_unit_", None)
        return unit_name(unit)[:-1] if unit else "unit of time"

    def _boundary_note(self) -> str | None:
        """Say when a Gamma mixing distribution collapsed onto one rate (shape and rate both ran to infinity).

        Gamma(s, β) with s, β → ∞ at a fixed s/β is a point mass: every customer has the same death
        rate μ = s/β (likewise r, α for the purchase rate).  The likelihood keeps rising along that
        ridge, the optimiser stops somewhere on it, and the predictions are those of the limiting
        model, but the standard errors of the pair mean nothing.
        """
        r, alpha, s, beta = self._row_params()
        tail = ("; the standard errors of {pair} mean nothing. Usually too few customers or too short a "
                "calibration window to tell how {what} varies between customers; compare with BetaGeoModel")
        if s > self._large and beta > self._large:
            return (f"the drop-out parameters ran to the boundary s, beta -> infinity (s = {s:.3g}, beta = {beta:.3g}): "
                    f"every customer has the same death rate mu = s/beta = {s / beta:.3g} per {self._unit_word()}"
                    + tail.format(pair="s and beta", what="drop-out"))
        if r > self._large and alpha > self._large:
            return (f"the purchase parameters ran to the boundary r, alpha -> infinity (r = {r:.3g}, alpha = {alpha:.3g}): "
                    f"every customer buys at the same rate lambda = r/alpha = {r / alpha:.3g} per {self._unit_word()}" +
                    tail.format(pair="r and alpha", what="the purchase rate"))
        return None

    def _initial_params(self, data, weights):
        mean_x = max(np.average(data["frequency"], weights=weights), 0.1)
        mean_t = np.average(data["T"], weights=weights)
        return np.array([1.0, max(mean_t / mean_x, 1e-3), 1.0, mean_t])

    def _loglik(self, params, data):
        r, alpha, s, beta = params
        x, tx, T = data["frequency"], data["recency"], data["T"]
        log_alive, log_dead, d_log_i = _alive_and_death_terms(r, alpha, s, beta, x, tx, T)
        tail, w = logsumexp_pair(log_alive, log_dead)
        if ("_codes", "frequency") not in data:  # few distinct x: gammaln, digamma once per value (kept per fit)
            data[("_codes", "frequency")] = pd.factorize(x, sort=False)
        codes, xu = data[("_codes", "frequency")]
        ll = ((special.gammaln(r + xu) - special.gammaln(r))[codes] + r * np.log(alpha) + s * np.log(beta) + tail)
        grad = np.empty((x.size, 4))
        grad[:, 0] = (special.digamma(r + xu) - special.digamma(r))[codes] + np.log(alpha) \
            - (1 - w) * np.log(alpha + T) + w * d_log_i[:, 0]
        grad[:, 1] = r / alpha - (1 - w) * (r + x) / (alpha + T) + w * d_log_i[:, 1]
        grad[:, 2] = np.log(beta) - (1 - w) * np.log(beta + T) + w * (1 / s + d_log_i[:, 2])
        grad[:, 3] = s / beta - (1 - w) * s / (beta + T) + w * d_log_i[:, 3]
        return ll, grad

    def _loglik_rows(self, theta, data):
        """Per-row log-likelihood and gradient at per-row parameters ``(r, alpha, s, beta)`` (covariates).

        The same terms as ``_loglik``; ``alpha`` and ``beta`` may hold one value per row.
        """
        r, alpha, s, beta = theta
        x, tx, T = data["frequency"], data["recency"], data["T"]
        log_alive, log_dead, d_log_i = _alive_and_death_terms_rows(r, alpha, s, beta, x, tx, T)
        tail, w = logsumexp_pair(log_alive, log_dead)
        ll = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta) + tail
        grad = np.empty((x.size, 4))
        grad[:, 0] = special.digamma(r + x) - special.digamma(r) + np.log(alpha) \
            - (1 - w) * np.log(alpha + T) + w * d_log_i[:, 0]
        grad[:, 1] = r / alpha - (1 - w) * (r + x) / (alpha + T) + w * d_log_i[:, 1]
        grad[:, 2] = np.log(beta) - (1 - w) * np.log(beta + T) + w * (1 / s + d_log_i[:, 2])
        grad[:, 3] = s / beta - (1 - w) * s / (beta + T) + w * d_log_i[:, 3]
        return ll, grad

    # ------------------------------------------------------------ predictions
    def _alive(self, d):
        """P(alive at T | x, t_x, T) = alive term / (alive term + s I), always within [0, 1]."""
        r, alpha, s, beta = self._row_params(d)
        log_alive, log_dead, _ = _alive_and_death_terms_rows(r, alpha, s, beta, d["frequency"], d["recency"],
                                                             d["T"], with_grad=False)
        return special.expit(log_alive - log_dead)

    def _expected_new(self, t):
        """E[X(t)] for a new customer: :math:`\\frac{r\\beta}{\\alpha(s-1)}[1-(\\frac{\\beta}{\\beta+t})^{s-1}]`."""
        r, alpha, s, beta = self._row_params()
        t = np.asarray(t, dtype=float)
        return r / alpha * beta * _expm1_ratio(s - 1, np.log1p(t / beta))

    def _expected_given_history(self, d, t):
        """Expected purchases in the next ``t`` units given the history (Schmittlein et al. 1987, eq. 22).

        .. math::
            E[Y(t)\\mid x,t_x,T] = \\frac{(r+x)(\\beta+T)}{(\\alpha+T)(s-1)}
              \\Big[1-\\big(\\tfrac{\\beta+T}{\\beta+T+t}\\big)^{s-1}\\Big]\\,P(\\text{alive})
        """
        r, alpha, s, beta = self._row_params(d)
        x, T = d["frequency"], d["T"]
        rate = (r + x) / (alpha + T) * (beta + T) * _expm1_ratio(s - 1, np.log1p(t / (beta + T)))
        return rate * self._alive(d)

    def _pmf_given_history(self, d, t, n):
        """P(Y(t) = n | x, t_x, T) = w P_new(n; r+x, α+T, s, β+T, t) + (1 - w) [n = 0], w = P(alive).

        Alive at T after ``x`` purchases, the purchase rate's posterior is
        Gamma(r + x, α + T) and the death rate's Gamma(s, β + T), independent;
        from T on the customer is a new Pareto/NBD customer with those parameters.
        """
        r, alpha, s, beta = self._row_params(d)
        x, T = d["frequency"], d["T"]
        w = self._alive(d)
        return w * _pareto_count_pmf(r + x, alpha + T, s, beta + T, t, n) + (1 - w) * (n == 0)

    def _pmf_new(self, t, n):
        """P(X(t) = n) for a new customer (see :func:`_pareto_count_pmf`)."""
        r, alpha, s, beta = self._row_params()
        return _pareto_count_pmf(r, alpha, s, beta, t, np.asarray(n, dtype=float))

    def simulate(self, n_customers: int, T, *, params=None, random_state=None, time_unit=None) -> pd.DataFrame:
        """Draw a (frequency, recency, T) summary: Poisson purchases until an exponential death time."""
        theta = self._resolve_params(params)
        rng = self._rng(random_state)
        T = np.broadcast_to(np.asarray(T, dtype=float), (n_customers,)).copy()
        lam = rng.gamma(theta["r"], 1 / theta["alpha"], n_customers)
        mu = rng.gamma(theta["s"], 1 / theta["beta"], n_customers)
        active = np.minimum(rng.exponential(1 / mu), T)
        x = rng.poisson(lam * active)
        recency = np.zeros(n_customers)
        bought = x > 0
        recency[bought] = active[bought] * rng.beta(x[bought], 1.0)  # the last of x uniform times
        return self._record_simulated(pd.DataFrame({"frequency": x.astype(float), "recency": recency, "T": T},
                                                   index=pd.RangeIndex(n_customers, name="customer_id")),
                                      params, time_unit)
