# crm_analysis: two commands on a fresh machine with Python 3.11+, pip and make.
#   make reports   builds .venv (when missing) and renders every report to reports/
#   make test      builds the same .venv and runs the test suite
# Conveniences: make lab (JupyterLab in the environment), make clean, make bench.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: all env reports test lab clean bench
.DELETE_ON_ERROR:

all: reports

env: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "crm_analysis needs Python 3.11 or newer; found " + sys.version.split()[0] + " (set PYTHON=python3.12 for example)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name crm-analysis --display-name "Python (crm_analysis)" > /dev/null
	touch $(STAMP)

reports: $(STAMP)
	$(BIN)/crm-analysis reports

test: $(STAMP)
	$(BIN)/python -m pytest

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP)
	bash benchmarks/reference_env.sh
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	find reports -mindepth 1 ! -name README.md -delete
	rm -rf .pytest_cache build *.egg-info benchmarks/_work
	find . -name __pycache__ -type d -not -path "./$(VENV)/*" -prune -exec rm -rf {} +
	find notebooks -name .ipynb_checkpoints -type d -prune -exec rm -rf {} +
