# Two commands for a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLAN := slagelse-2017-2021
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install system-deps demo serve-prod test checks e2e fuzz lint clean bench

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

## system-deps: Debian packages the tests need (system-packages.txt).
system-deps:
	bash scripts/system-deps.sh

## demo: install, migrate the SQLite file, load the Slagelse seed, print the table and a
## demo login (demo admin made if missing), serve.
demo: install
	$(BIN)/ledger db upgrade
	$(BIN)/ledger seed load $(PLAN) --if-missing
	$(BIN)/ledger report cofinancing --plan $(PLAN)
	$(BIN)/ledger user demo
	$(BIN)/ledger serve --host $(HOST) --port $(PORT)

## serve-prod: the production server (README, Production): gunicorn with WORKERS workers on
## LEDGER_DATABASE_URL (PostgreSQL); refuses to start until the settings and schema are right.
WORKERS ?=
serve-prod: install
	$(BIN)/ledger serve --production --host $(HOST) --port $(PORT) $(if $(WORKERS),--workers $(WORKERS))

## test: install, then lint, layer contracts (import-linter), types (mypy) and the whole
## suite on SQLite and PostgreSQL.
test: install system-deps checks
	$(BIN)/pytest

## checks: the static checks `make test` runs first (configured in pyproject.toml).
checks: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

## e2e: only the browser tests (headless Debian chromium via Playwright), both backends.
e2e: install system-deps
	$(BIN)/pytest -m browser

## fuzz: a larger schemathesis run against /api/openapi.json and a larger stateful run of
## random writes through the services (every report format after every step), both backends.
FUZZ_EXAMPLES ?= 200
STATEFUL_EXAMPLES ?= 60
STATEFUL_STEPS ?= 40
fuzz: install system-deps
	LEDGER_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest tests/security/test_fuzz_api.py -q
	LEDGER_STATEFUL_EXAMPLES=$(STATEFUL_EXAMPLES) LEDGER_STATEFUL_STEPS=$(STATEFUL_STEPS) \
		LEDGER_STATEFUL_FULL=1 $(BIN)/pytest tests/badinput/test_stateful.py -q

## bench: the national-scale benchmark (bench/); SCALE=10k|100k|1m|10m, BENCH_ARGS="--quick" etc.
SCALE ?= 100k
BENCH_ARGS ?=
$(VENV)/.bench-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

bench: $(VENV)/.bench-installed
	$(BIN)/python -m bench --scale $(SCALE) $(BENCH_ARGS)

lint: checks
	$(BIN)/ruff format --check app reports

clean:
	rm -rf $(VENV) instance tests/artifacts .pytest_cache
