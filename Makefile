# Two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
DEMO_DIR ?= demo
STORE ?= $(DEMO_DIR)/akrim-data

.PHONY: demo test lint typecheck unit bench clean setup postgres-server

$(UV):
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check 'uv==0.13.9'

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --compile-bytecode --python $(BIN)/python
	touch $@

setup: $(VENV)/.synced

demo: setup
	rm -rf $(DEMO_DIR)
	$(BIN)/akrim synth --out $(DEMO_DIR)/delivery --size small --seed 42
	$(BIN)/akrim --store $(STORE) ingest $(DEMO_DIR)/delivery
	$(BIN)/akrim --store $(STORE) analyse
	$(BIN)/akrim --store $(STORE) export priorities --out $(DEMO_DIR)/priorities.csv
	$(BIN)/akrim --store $(STORE) export companies --out $(DEMO_DIR)/companies.csv
	$(BIN)/akrim --store $(STORE) export identities --out $(DEMO_DIR)/identities.csv
	$(BIN)/akrim --store $(STORE) export quarantine --out $(DEMO_DIR)/quarantine.csv
	$(BIN)/akrim --store $(STORE) demo-summary
	@echo; echo "Top threat actors ($(DEMO_DIR)/priorities.csv):"; head -6 $(DEMO_DIR)/priorities.csv | cut -c1-160

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

unit: setup postgres-server
	$(BIN)/pytest -n 2 -q

# The operational database's tests start a real PostgreSQL server from Debian's binaries.
postgres-server:
	.ci/ensure-postgres

test: lint typecheck unit

bench: setup
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .mypy_cache .ruff_cache
