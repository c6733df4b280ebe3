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

.PHONY: demo test lint typecheck unit bench clean setup postgres-server chromium

$(UV):
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check 'uv==0.13.9'

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --compile-bytecode --python $(BIN)/python
	touch $@

setup: $(VENV)/.synced

# `akrim demo`: a fresh small delivery ingested and analysed, the CSV exports, the demo users
# (printed with their password), then the web application on http://127.0.0.1:8000/.
DEMO_ARGS ?=
demo: setup
	$(BIN)/akrim demo --dir $(DEMO_DIR) $(DEMO_ARGS)

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

unit: setup postgres-server chromium
	$(BIN)/pytest -n 2 -q

# The operational database's tests start a real PostgreSQL server from Debian's binaries.
postgres-server:
	.ci/ensure-postgres

# The browser tests drive Debian's Chromium (Playwright cannot download browsers here).
chromium:
	.ci/ensure-chromium

test: lint typecheck unit

bench: setup
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .mypy_cache .ruff_cache
