# Reference values for tests/value/test_btyd_interface.py, produced with lifetimes 0.11.3
# (benchmarks/reference_env.sh: .venv-bench/bin/python tests/results/lifetimes_count_probabilities.py).
# Fixed parameters (CDNOW-like, weeks); lifetimes has the conditional P(Y(t)=n) for Pareto/NBD only,
# and the new-customer P(X(t)=n) for BG/NBD and MBG/NBD.
import numpy as np, pandas as pd, json
from lifetimes import BetaGeoFitter, ParetoNBDFitter, ModifiedBetaGeoFitter
rows = [(0, 0.0, 38.86), (2, 30.43, 38.86), (7, 29.43, 38.86), (1, 1.71, 38.86), (5, 20.0, 30.0)]
pn = ParetoNBDFitter(); pn.params_ = pd.Series({"r": 0.5534, "alpha": 10.5802, "s": 0.6061, "beta": 11.6562})
cond = []
for (x, tx, T) in rows:
    for n in (0, 1, 2, 5):
        v = pn.conditional_probability_of_n_purchases_up_to_time(n, 39.0, x, tx, T)
        cond.append([x, tx, T, n, float(np.asarray(v).ravel()[0])])
new = {}
for name, M, p in (("bgnbd", BetaGeoFitter, {"r": 0.2426, "alpha": 4.4136, "a": 0.7929, "b": 2.4259}),
                   ("mbgnbd", ModifiedBetaGeoFitter, {"r": 0.2426, "alpha": 4.4136, "a": 0.7929, "b": 2.4259})):
    m = M(); m.params_ = pd.Series(p)
    new[name] = [[n, float(np.asarray(m.probability_of_n_purchases_up_to_time(39.0, n)).ravel()[0])] for n in (0, 1, 2, 5)]
print(json.dumps({"paretonbd_conditional": cond, "new_customer": new}, indent=None))
