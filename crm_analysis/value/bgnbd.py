"""The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005).

Story (non-contractual, continuous time; time measured from each customer's
first purchase):

* while alive, customer *i* buys at the times of a Poisson process with rate
  :math:`\\lambda_i \\sim \\text{Gamma}(r, \\text{rate}=\\alpha)`;
* right after each *repeat* purchase the customer drops out ("dies") with
  probability :math:`p_i \\sim \\text{Beta}(a, b)`.

For a customer with ``x`` repeat purchases, the last at ``t_x``, observed for
``T`` units, the likelihood is (FHL 2005, eq. 6)

.. math::

    L(r,\\alpha,a,b \\mid x,t_x,T) =
      \\frac{B(a,b+x)}{B(a,b)} \\frac{\\Gamma(r+x)\\,\\alpha^r}{\\Gamma(r)\\,(\\alpha+T)^{r+x}}
      + \\delta_{x>0} \\frac{B(a+1,b+x-1)}{B(a,b)} \\frac{\\Gamma(r+x)\\,\\alpha^r}{\\Gamma(r)\\,(\\alpha+t_x)^{r+x}}

The first term: still alive at ``T``; the second: died right after the
purchase at ``t_x``.  We evaluate it as
:math:`\\ell = A_1 + A_2 + \\log(e^{A_3} + \\delta e^{A_4})` with a log-sum-exp,
so frequent buyers never overflow.

References
----------
Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
the easy way: an alternative to the Pareto/NBD model. *Marketing Science*
24(2), 275-284.  Also Fader, Hardie & Lee (2019 rev.), "Computing P(alive)
using the BG/NBD model" and "Implementing the BG/NBD model", brucehardie.com.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special, stats

from ._btyd_base import BTYDModel, compress_rows, logsumexp_pair


def _unique_gather(data: dict, column: str, func):
    """Apply an expensive ``func`` to the distinct values of ``data[column]`` only, then gather.

    The distinct values are cached in ``data`` (one dict per fit), so the sort
    happens once, not at every likelihood evaluation.
    """
    key = ("_unique", column)
    if key not in data:
        data[key] = np.unique(data[column], return_inverse=True)
    uniq, inverse = data[key]
    return func(uniq)[..., inverse]


# ------------------------------------------------------------------ E[purchases] of a Beta-geometric customer
#: rows whose count series needs more terms than this use the closed form when it is well conditioned
_SERIES_TERMS = 4000
_CHUNK_ELEMENTS = 2_000_000  # rows x terms evaluated at once by the series


def _series_terms(R, u):
    """Terms after which P(N >= n) < 1e-17 for N ~ NB(R, 1/(1+u)): mean, 12 sd, and the geometric tail (ratio u/(1+u))."""
    return np.ceil(R * u + 12 * np.sqrt(R * u * (1 + u)) + 40 * (1 + u) + 20)


def _count_series(R, a, B, u, n_max):
    """:math:`\\sum_{n=1}^{n_{max}} P(D \\ge n)\\,P(N \\ge n)` for 1-D arrays sharing one grid of n.

    ``P(D >= n) = prod_{k<n-1} (B+k)/(a+B+k)`` (Beta(a, B) mixture of geometric lifetimes),
    ``P(N >= n)`` a reversed cumulative sum of the negative binomial pmf.  Every term is positive.
    """
    k = np.arange(int(n_max) + 1, dtype=float)  # counts 0..n_max
    R, a, B, u = (np.asarray(v, dtype=float)[:, None] for v in (R, a, B, u))
    pmf = np.exp(special.gammaln(R + k) - special.gammaln(R) - special.gammaln(k + 1)
                 - R * np.log1p(u) + k * (np.log(u) - np.log1p(u)))
    at_least = np.cumsum(pmf[:, ::-1], axis=1)[:, ::-1]  # at_least[:, n] = P(N >= n)
    log_survive = np.cumsum(np.log1p(-a / (a + B + k[:-1])), axis=1)  # log P(D >= n + 1), n = 1..
    survive = np.concatenate([np.ones((R.shape[0], 1)), np.exp(log_survive[:, :-1])], axis=1)
    return np.sum(survive * at_least[:, 1:], axis=1)


def _closed_form(R, a, B, u):
    """FHL (2005) eq. 9 after Euler's transformation; accurate only away from a = 1 and a + B in {0, 1}."""
    c = a + B - 1
    with np.errstate(all="ignore"):
        return c / (a - 1) * (1 - (1 + u) ** (1 - a) * special.hyp2f1(c - R, a - 1, c, u / (1 + u)))


def expected_beta_geometric_purchases(R, a, B, u):
    """:math:`h = E_p\\big[(1 - (1+pu)^{-R})/p\\big]`, :math:`p \\sim \\text{Beta}(a, B)`: expected purchases of an alive customer.

    A customer alive now, with purchase rate λ ~ Gamma(R, rate α) and drop-out probability
    p ~ Beta(a, B) after each purchase, makes ``h(R, a, B, t/α)`` purchases in the next ``t``
    units (given λ and p: ``(1 - e^{-λpt})/p``).  BG/NBD: ``E[X(t)] = h(r, a, b, t/α)``;
    conditional on a history: ``h(r+x, a, b+x, t/(α+T)) · P(alive)``.

    FHL (2005) write it as :math:`\\frac{a+B-1}{a-1}[1 - (1+u)^{-R}\\,{}_2F_1(R, B; a+B-1; \\frac{u}{1+u})]`.
    That form is a difference of two analytic continuations: for ``a < 1`` both the factor and the
    bracket change sign, at ``a = 1`` and ``a + B = 1`` it is 0/0, near ``a + B = 0`` the
    hypergeometric function sits next to its pole at ``c = -1``, and scipy's ``hyp2f1`` returns NaN
    for large ``B`` (frequent buyers) over long horizons.  So we mostly use the exact positive series

    .. math:: h = E[\\min(N, D)] = \\sum_{n\\ge 1} P(D \\ge n)\\,P(N \\ge n),

    with ``N ~ NB(R, 1/(1+u))`` the purchases of an immortal customer and ``D`` the geometric
    lifetime in purchases.  It needs about ``40 (1 + u)`` terms, so for long horizons (many terms)
    the closed form is used where it is well conditioned (``|a - 1| > 1e-3``, ``a + B - 1`` at least
    1e-3 from 0 and -1, result finite and in ``(0, R u]``), the series otherwise.  ``0 <= h <= R u``
    always, and ``h`` increases with ``u``.
    """
    R, a, B, u = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (R, a, B, u)))
    shape = R.shape
    R, a, B, u = (v.ravel() for v in (R, a, B, u))
    out = np.zeros(R.size)
    terms = _series_terms(R, u)
    c = a + B - 1
    conditioned = (np.abs(a - 1) > 1e-3) & (np.abs(c) > 1e-3) & (np.abs(c + 1) > 1e-3)
    closed = np.flatnonzero((u > 0) & (terms > _SERIES_TERMS) & conditioned)
    value = _closed_form(R[closed], a[closed], B[closed], u[closed])
    ok = np.isfinite(value) & (value > 0) & (value <= R[closed] * u[closed])
    out[closed[ok]] = value[ok]
    rows = np.setdiff1d(np.flatnonzero(u > 0), closed[ok])
    rows = rows[np.argsort(terms[rows], kind="stable")]
    start = 0
    while start < rows.size:  # rows sorted by terms: each chunk shares its largest grid
        stop = start + 1
        while stop < rows.size and (stop - start + 1) * terms[rows[stop]] <= _CHUNK_ELEMENTS:
            stop += 1
        chunk = rows[start:stop]
        out[chunk] = _count_series(R[chunk], a[chunk], B[chunk], u[chunk], terms[chunk].max())
        start = stop
    return out.reshape(shape)


def _bg_count_pmf(r, alpha, a, b, t, n):
    """P(X(t) = n) of a BG/NBD customer alive at time 0 (FHL 2005 eq. 8), elementwise in the parameters.

    .. math::
        P(X(t)=n) = \\frac{B(a,b+n)}{B(a,b)}\\,\\text{NB}(n; r, \\tfrac{\\alpha}{\\alpha+t})
        + [n>0]\\,\\frac{B(a+1,b+n-1)}{B(a,b)}\\,P\\big(\\text{NB}(r, \\tfrac{\\alpha}{\\alpha+t}) \\ge n\\big)

    (survived all ``n`` drop-out coins and made exactly ``n`` purchases, or
    dropped out right after the ``n``-th of at least ``n`` possible ones).
    """
    n = np.asarray(n, dtype=float)
    q = alpha / (alpha + t)
    ratio = np.exp(special.betaln(a, b + n) - special.betaln(a, b))
    with np.errstate(divide="ignore", invalid="ignore"):
        died = np.where(n > 0, np.exp(special.betaln(a + 1, np.maximum(b + n - 1, 1e-300)) - special.betaln(a, b))
                        * stats.nbinom.sf(n - 1, r, q), 0.0)
    return ratio * stats.nbinom.pmf(n, r, q) + died


class _BetaGeoFamily(BTYDModel):
    """BG/NBD and MBG/NBD share every formula up to a shift ``m`` in the Beta terms.

    ``m = 0``: BG/NBD (death possible only after a repeat purchase).
    ``m = 1``: MBG/NBD (death also possible right after the first purchase).
    """

    _param_names = ("r", "alpha", "a", "b")
    _shift = 0
    _compress_predictions = False  # closed forms: cheaper than hashing the rows

    def _death_mask(self, x: np.ndarray) -> np.ndarray:
        return x > 0

    def _initial_params(self, data, weights):
        mean_x = max(np.average(data["frequency"], weights=weights), 0.1)
        mean_t = np.average(data["T"], weights=weights)
        return np.array([1.0, max(mean_t / mean_x, 1e-3), 1.0, 1.0])

    def _loglik(self, params, data):
        r, alpha, a, b = params
        m = self._shift
        x, tx, T = data["frequency"], data["recency"], data["T"]
        dead = self._death_mask(x)

        def x_terms(xu):  # everything that depends on x alone
            return np.stack([
                special.gammaln(r + xu) - special.gammaln(r) + r * np.log(alpha)
                + special.gammaln(a + b) + special.gammaln(b + xu + m) - special.gammaln(b)
                - special.gammaln(a + b + xu + m),
                special.digamma(r + xu) - special.digamma(r),
                special.digamma(a + b) - special.digamma(a + b + xu + m),
                special.digamma(b + xu + m) - special.digamma(b),
            ])

        base, d_r, d_a, d_b_extra = _unique_gather(data, "frequency", x_terms)
        log_at = _unique_gather(data, "T", lambda u: np.log(alpha + u))
        log_atx = _unique_gather(data, "recency", lambda u: np.log(alpha + u))
        inv_at = np.exp(-log_at)
        inv_atx = np.exp(-log_atx)
        a3 = -(r + x) * log_at
        with np.errstate(divide="ignore", invalid="ignore"):
            a4 = np.where(dead, np.log(a) - np.log(b + x + m - 1) - (r + x) * log_atx, -np.inf)
        tail, w4 = logsumexp_pair(a3, a4)
        w3 = 1.0 - w4
        ll = base + tail
        grad = np.empty((x.size, 4))
        grad[:, 0] = d_r + np.log(alpha) - w3 * log_at - w4 * log_atx
        grad[:, 1] = r / alpha - (r + x) * (w3 * inv_at + w4 * inv_atx)
        grad[:, 2] = d_a + w4 / a
        with np.errstate(divide="ignore", invalid="ignore"):
            grad[:, 3] = d_a + d_b_extra - np.where(dead, w4 / (b + x + m - 1), 0.0)
        return ll, grad

    def _loglik_rows(self, theta, data):
        """Per-row log-likelihood and gradient at per-row parameters (covariates; same terms as ``_loglik``).

        ``theta = (r, alpha, a, b)``, each a scalar or one value per row; no
        sharing of terms across rows, since the parameters differ by row.
        """
        r, alpha, a, b = theta
        m = self._shift
        x, tx, T = data["frequency"], data["recency"], data["T"]
        dead = self._death_mask(x)
        log_at, log_atx = np.log(alpha + T), np.log(alpha + tx)
        d_a = special.digamma(a + b) - special.digamma(a + b + x + m)
        base = (special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + special.gammaln(a + b)
                + special.gammaln(b + x + m) - special.gammaln(b) - special.gammaln(a + b + x + m))
        a3 = -(r + x) * log_at
        with np.errstate(divide="ignore", invalid="ignore"):
            a4 = np.where(dead, np.log(a) - np.log(b + x + m - 1) - (r + x) * log_atx, -np.inf)
        tail, w4 = logsumexp_pair(a3, a4)
        w3 = 1.0 - w4
        grad = np.empty((x.size, 4))
        grad[:, 0] = special.digamma(r + x) - special.digamma(r) + np.log(alpha) - w3 * log_at - w4 * log_atx
        grad[:, 1] = r / alpha - (r + x) * (w3 / (alpha + T) + w4 / (alpha + tx))
        grad[:, 2] = d_a + w4 / a
        with np.errstate(divide="ignore", invalid="ignore"):
            grad[:, 3] = d_a + special.digamma(b + x + m) - special.digamma(b) \
                - np.where(dead, w4 / (b + x + m - 1), 0.0)
        return base + tail, grad

    def _aggregates(self, data: dict, weights: np.ndarray) -> dict:
        """Distinct x, T, t_x values, their codes and weight sums (computed once per fit)."""
        if "_agg" not in data:
            x, tx, T = data["frequency"], data["recency"], data["T"]

            def unique(v):  # = np.unique(v, return_inverse=True); hashing beats sorting unless most values differ
                head = v[:4096]
                if v.size < 8192 or np.unique(head).size > head.size // 4:
                    return np.unique(v, return_inverse=True)
                codes, values = pd.factorize(v, sort=True)
                return values, codes

            (xu, xi), (tu, ti), (Tu, Ti) = (unique(v) for v in (x, tx, T))
            dead = self._death_mask(x)
            data["_agg"] = dict(
                xu=xu, tu=tu, Tu=Tu, n=weights.sum(), w_x=np.bincount(xi, weights, len(xu)),
                w_T=np.bincount(Ti, weights, len(Tu)), wx_T=np.bincount(Ti, weights * x, len(Tu)),
                xi=xi[dead], ti=ti[dead], Ti=Ti[dead], x=x[dead], w=weights[dead])
        return data["_agg"]

    def _total_loglik(self, params, data, weights):
        """Same value as ``weights @ _loglik`` but with every term that depends on x, T or t_x alone
        summed over their distinct values; only the death/alive mixing is done row by row:

        .. math:: \\ell_i = A_1 + A_2 + A_3 + \\log(1 + e^{d_i}),\\quad d_i = A_4 - A_3
        """
        r, alpha, a, b = params
        m, g = self._shift, self._aggregates(data, weights)
        xu = g["xu"]
        base = (special.gammaln(r + xu) - special.gammaln(r) + special.gammaln(a + b)
                + special.gammaln(b + xu + m) - special.gammaln(b) - special.gammaln(a + b + xu + m))
        d_r = special.digamma(r + xu) - special.digamma(r)
        d_a = special.digamma(a + b) - special.digamma(a + b + xu + m)
        d_b = d_a + special.digamma(b + xu + m) - special.digamma(b)
        with np.errstate(divide="ignore", invalid="ignore"):
            inv_b = 1 / (b + xu + m - 1)  # unused (inf/nan) for x = 0 in BG/NBD: no death term there
            c = np.log(a) + np.log(inv_b)
        log_at, log_atx = np.log(alpha + g["Tu"]), np.log(alpha + g["tu"])
        inv_at, inv_atx = 1 / (alpha + g["Tu"]), 1 / (alpha + g["tu"])
        n, rw_x = g["n"], r * g["w_T"] + g["wx_T"]  # Σ w (r + x) per distinct T
        # row level: the mixing weight w4 = P(dead | history) = sigmoid(d)
        diff = log_at[g["Ti"]] - log_atx[g["ti"]]
        rx = r + g["x"]
        d = c[g["xi"]] + rx * diff
        w = g["w"]
        overflow = d.size and d.max() > 700  # e^d would overflow: log(1 + e^d) = d + log1p(e^-d)
        e = np.exp(np.minimum(d, 700.0)) if overflow else np.exp(d)
        one_e = 1 + e
        soft = np.log(one_e) - ((one_e - 1) - e) / one_e  # log1p(e) to the last bit (log is 3x faster)
        if overflow:
            soft += np.maximum(d - 700.0, 0.0)
        ww4 = w * (e / one_e)

        def dot(u, v):  # long vectors: a pairwise sum, not BLAS, whose threaded dot waits for a busy core
            return u @ v if u.size <= 8192 else np.add.reduce(u * v)

        ll = dot(g["w_x"], base) + n * r * np.log(alpha) - dot(rw_x, log_at) + dot(w, soft)
        grad = np.array([
            dot(g["w_x"], d_r) + n * np.log(alpha) - dot(g["w_T"], log_at) + dot(ww4, diff),
            n * r / alpha - dot(rw_x, inv_at) + dot(ww4, rx * (inv_at[g["Ti"]] - inv_atx[g["ti"]])),
            dot(g["w_x"], d_a) + ww4.sum() / a,
            dot(g["w_x"], d_b) - dot(ww4, inv_b[g["xi"]]),
        ])
        return float(ll), grad

    #: below / above these the drop-out Beta(a, b) has reached a limit (a fit far from 1e-3..1e4 is at an edge)
    _small, _large = 1e-3, 1e4

    def _boundary_note(self) -> str | None:
        """Say which degenerate limit of the drop-out distribution Beta(a, b) the estimate ran to.

        The likelihood has no interior maximum there: it keeps rising as ``a, b`` go to 0 or to
        infinity, and the optimiser stops at an arbitrary point of that ridge.  Predictions are the
        limiting model's (finite, non-negative), but the standard errors of ``a`` and ``b`` mean nothing.
        """
        _, _, a, b = self._row_params()
        share = a / (a + b)
        first = "first " if self._shift == 0 else ""
        tail = ("; the standard errors of a and b mean nothing. Usually too few repeat buyers or too short a "
                "calibration window to tell how drop-out varies between customers: use a longer window, or "
                "compare with ParetoNBDModel")
        if a < self._small and b < self._small:
            return (f"the drop-out parameters ran to the boundary a, b -> 0 (a = {a:.2g}, b = {b:.2g}). "
                    f"Beta(a, b) has collapsed onto p = 0 and p = 1: {share:.0%} of customers drop out right "
                    f"after their {first}repeat purchase and the rest never drop out. The predictions "
                    f"(expected purchases, P(alive)) are those of this two-type limit, not of a smooth "
                    f"drop-out distribution" + tail)
        if a + b > self._large:
            return (f"the drop-out parameters ran to the boundary a, b -> infinity (a = {a:.3g}, b = {b:.3g}): "
                    f"every customer has the same drop-out probability p = a/(a+b) = {share:.3g} after each "
                    f"purchase. The predictions are those of this fixed-p model" + tail)
        if a < self._small:
            return (f"the drop-out parameter a ran to 0 (a = {a:.2g}, b = {b:.3g}): the mean drop-out "
                    f"probability a/(a+b) = {share:.2g} is practically 0, so the fit says nobody drops out and "
                    f"every customer looks alive; the model has reduced to the NBD (purchase rate only)" + tail)
        if b < self._small:
            return (f"the drop-out parameter b ran to 0 (a = {a:.3g}, b = {b:.2g}): practically every customer "
                    f"drops out right after the {first}repeat purchase" + tail)
        return None

    # ------------------------------------------------------------ predictions
    def _log_death_odds(self, x, tx, T, theta=None):
        """log of P(dead)/P(alive) given the history (``-inf`` when impossible); ``theta``: per-row parameters."""
        r, alpha, a, b = self._row_params() if theta is None else theta
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self._death_mask(x),
                            np.log(a) - np.log(b + x + self._shift - 1)
                            + (r + x) * (np.log(alpha + T) - np.log(alpha + tx)), -np.inf)

    def _alive(self, d):
        """P(alive at T | x, t_x, T) = 1 / (1 + δ a/(b+x-1) ((α+T)/(α+t_x))^{r+x})  (MBG: b+x, no δ)."""
        return special.expit(-self._log_death_odds(d["frequency"], d["recency"], d["T"], self._row_params(d)))

    def _expected_new(self, t):
        """E[X(t)] for a new customer (FHL 2005 eq. 9; MBG: factor b/(a-1) and 2F1(r, b+1; a+b; .)).

        Evaluated as ``P(survive the first m flips) · h(r, a, b+m, t/α)`` with
        :func:`expected_beta_geometric_purchases`: finite, non-negative and increasing in ``t``
        for every ``a, b > 0`` (the printed formula changes sign for ``a + b < 1``).
        """
        r, alpha, a, b = self._row_params()
        t = np.asarray(t, dtype=float)
        m = self._shift
        survive_first = (b / (a + b)) ** m  # MBG: the customer may drop out right after the first purchase
        return survive_first * expected_beta_geometric_purchases(r, a, b + m, t / alpha)

    def _expected_given_history(self, d, t):
        """Expected purchases in the next ``t`` units given each customer's history (FHL 2005 eq. 10).

        .. math::
            E[Y(t)\\mid x,t_x,T] = \\frac{a+b+x-1}{a-1}
              \\Big[1 - \\big(\\tfrac{\\alpha+T}{\\alpha+T+t}\\big)^{r+x}
              {}_2F_1\\big(r+x, b+x; a+b+x-1; \\tfrac{t}{\\alpha+T+t}\\big)\\Big]\\,P(\\text{alive})
        """
        r, alpha, a, b = self._row_params(d)
        m = self._shift
        x, T = d["frequency"], d["T"]
        alive = self._alive(d)
        if np.ndim(alpha) or np.ndim(b):  # covariates: per-customer alpha and b join the distinct pairs
            (x_u, T_u, alpha_u, b_u), _, pair = compress_rows([x, T] + list(np.broadcast_arrays(alpha, b, x)[:2]))
            return expected_beta_geometric_purchases(r + x_u, a, b_u + x_u + m, t / (alpha_u + T_u))[pair] * alive
        # the expectation of an alive customer depends on (x, T) only: evaluate it once per distinct pair
        (x_u, T_u), _, pair = compress_rows([x, T])
        return expected_beta_geometric_purchases(r + x_u, a, b + x_u + m, t / (alpha + T_u))[pair] * alive

    def _pmf_given_history(self, d, t, n):
        """P(Y(t) = n | x, t_x, T) = w P_BG(n; r+x, α+T, a, b+x+m, t) + (1 - w) [n = 0], w = P(alive).

        An alive customer with ``x`` repeat purchases survived ``x`` drop-out
        coins (MBG: ``x + 1``, the first purchase included), so the drop-out
        probability's posterior is Beta(a, b + x + m) and the purchase rate's
        Gamma(r + x, α + T); after T the customer again drops out after each
        purchase, which is the BG/NBD new-customer count (FHL 2005 eq. 8).
        """
        r, alpha, a, b = self._row_params(d)
        x, T = d["frequency"], d["T"]
        w = self._alive(d)
        alive_pmf = _bg_count_pmf(r + x, alpha + T, a, b + x + self._shift, t, n)
        return w * alive_pmf + (1 - w) * (n == 0)

    def _pmf_new(self, t, n):
        """P(X(t) = n) for a new customer: FHL 2005 eq. 8; MBG: a/(a+b) [n=0] + b/(a+b) P_BG(n; r, α, a, b+1)."""
        r, alpha, a, b = self._row_params()
        if not self._shift:
            return _bg_count_pmf(r, alpha, a, b, t, n)
        return a / (a + b) * (n == 0) + b / (a + b) * _bg_count_pmf(r, alpha, a, b + 1, t, n)

    def _simulate_counts(self, lam, p, T, rng):
        """Repeat purchases before death: min(Poisson count in T, purchases until death)."""
        n_poisson = rng.poisson(lam * T)
        until_death = rng.geometric(p) - self._shift  # BG: dies after the D-th purchase, D>=1
        return n_poisson, np.minimum(n_poisson, until_death)

    def simulate(self, n_customers: int, T, *, params=None, random_state=None, time_unit=None) -> pd.DataFrame:
        """Draw a (frequency, recency, T) summary from the model (fitted or explicit ``params``).

        ``T`` is a scalar or an array of observation lengths.  Given ``n``
        Poisson arrivals in ``[0, T]``, the ``x``-th arrival time is ``T`` times
        a Beta(x, n-x+1) variable, so no purchase times need to be stored.
        """
        theta = self._resolve_params(params)
        rng = self._rng(random_state)
        T = np.broadcast_to(np.asarray(T, dtype=float), (n_customers,)).copy()
        lam = rng.gamma(theta["r"], 1 / theta["alpha"], n_customers)
        p = rng.beta(theta["a"], theta["b"], n_customers)
        n_poisson, x = self._simulate_counts(lam, p, T, rng)
        x = np.maximum(x, 0)
        recency = np.zeros(n_customers)
        bought = x > 0
        recency[bought] = T[bought] * rng.beta(x[bought], n_poisson[bought] - x[bought] + 1)
        return self._record_simulated(pd.DataFrame({"frequency": x.astype(float), "recency": recency, "T": T},
                                                   index=pd.RangeIndex(n_customers, name="customer_id")),
                                      params, time_unit)


class BetaGeoModel(_BetaGeoFamily):
    """BG/NBD model (Fader, Hardie & Lee 2005): parameters ``r, alpha`` (purchase rate) and ``a, b`` (dropout).

    Fit on a summary with columns ``frequency, recency, T`` (optional ``weight``).
    See the module docstring for the likelihood.

    Time-invariant covariates (Fader & Hardie 2007, http://brucehardie.com/notes/019/;
    :mod:`crm_analysis.value.covariates`): ``fit(summary, purchase_covariates=Z_p,
    dropout_covariates=Z_d)`` gives customer *i*

    .. math:: \\alpha_i = \\alpha_0\\,e^{-\\gamma_p' z_i^{(p)}},\\qquad b_i = b_0\\,e^{-\\gamma_d' z_i^{(d)}}

    (``r`` and ``a`` shared): a positive purchase effect multiplies the mean
    purchase rate :math:`r/\\alpha_i`, a positive drop-out effect the odds
    :math:`a/b_i` of the mean drop-out probability, by :math:`e^{\\gamma' z}`.
    Fader & Hardie's general form scales ``a`` and ``b`` with two coefficient
    vectors; one effect per column on ``b`` keeps the sign readable (CLVTools
    scales both by the same factor, which moves only the spread of drop-out).
    The likelihood and every prediction are the plain model's at
    :math:`(r, \\alpha_i, a, b_i)`.
    """

    _covariate_targets = {"purchase": "alpha", "dropout": "b"}
