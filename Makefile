# Two entry points a fresh machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo demo-credit test servers lint types imports unit bench mutate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## demo: run the reference marketplace on http://127.0.0.1:8000 (SQLite in examples/marketplace/data);
## MARKETPLACE_PORT=8001 make demo serves on another port. Then: .venv/bin/modstack --help
demo: $(STAMP)
	cd examples/marketplace && ../../$(BIN)/python -m app

## demo-credit: run the credit app (examples/credit, the Flask seed's modules) under gunicorn
## on http://127.0.0.1:8001 (SQLite in examples/credit/data); CREDIT_PORT=8002 picks another port
demo-credit: $(STAMP)
	cd examples/credit && ../../$(BIN)/python -m credit

## test: every check CI runs — ruff, mypy --strict, import contracts, the test suite
## (integration tests run against real PostgreSQL and Redis, installed when missing)
test: servers $(STAMP) lint types imports unit

servers:
	bash scripts/install-servers.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

unit: $(STAMP)
	$(BIN)/pytest --cov --cov-report=term

## bench: every benchmark recorded in docs/benchmarks.md (the three load tests need wrk)
BENCHES := discovery graph is_enabled cascade invalidation events services check flask gate_calls django
bench: servers $(STAMP)
	set -e; for name in $(BENCHES); do $(BIN)/python benchmarks/bench_$$name.py; done
	if command -v wrk >/dev/null; then \
	  $(BIN)/python benchmarks/bench_gate.py && $(BIN)/python benchmarks/bench_marketplace.py \
	  && $(BIN)/python benchmarks/bench_flask_wrk.py; \
	else echo "skipped bench_gate.py, bench_marketplace.py, bench_flask_wrk.py: they need wrk (apt-get install -y wrk)"; fi

## mutate: mutation testing of the pure core ([tool.mutmut] in pyproject.toml; slow, and
## not part of `make test`); prints the score per file recorded in docs/testing.md
mutate: $(STAMP)
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2 > /dev/null
	$(BIN)/python scripts/mutation_score.py

clean:
	rm -rf mutants $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage .hypothesis
