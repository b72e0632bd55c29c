# Two commands for a fresh machine:  make run  |  make test   (edit-test loop: make check)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SUDO   := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: run test check lint typecheck unit fast browser node node-sdk schema bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Install, migrate, seed the demo data into an empty database, serve on 127.0.0.1:8000.
run: $(STAMP)
	$(BIN)/numbers-gateway migrate
	$(BIN)/numbers-gateway seed-demo --if-empty
	$(BIN)/numbers-gateway serve

## Install and run everything CI runs: lint, type check, the whole suite (SQLite + PostgreSQL).
test: $(STAMP) lint typecheck unit

## The edit-test loop (under 3 minutes): lint, types and the suite without slow and browser tests.
check: $(STAMP) lint typecheck fast

fast: $(STAMP) node-sdk
	$(BIN)/pytest -p no:cacheprovider -q -m "not slow and not browser" -n 2

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

## The whole suite on two xdist workers (the machine's two cores; CI stays well under 15 minutes).
unit: $(STAMP) browser node-sdk
	$(BIN)/pytest -p no:cacheprovider -n 2

## Debian's Chromium for the browser tests (tests/clients), installed only when it is missing
## (GATEWAY_TEST_CHROMIUM names another Chromium binary instead).
browser:
	@test -n "$$GATEWAY_TEST_CHROMIUM" || command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests" && \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

## Debian's Node and npm for the Node client tests (tests/clients/node; the tests install the
## pinned npm packages themselves), installed only when missing.
node:
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { \
	  echo "installing Debian's nodejs and npm for the Node client tests" && \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }

## Twilio's Node SDK for tests/rest/test_twilio_sdk.py (npm ci from the committed lock file).
NODE_FLOW := tests/rest/node
node-sdk: node $(NODE_FLOW)/node_modules/.package-lock.json

$(NODE_FLOW)/node_modules/.package-lock.json: $(NODE_FLOW)/package-lock.json
	npm ci --prefix $(NODE_FLOW) --no-audit --no-fund --silent

## Re-export schema/schema.graphql from the code (commit the result).
schema: $(STAMP)
	$(BIN)/numbers-gateway export-schema

## Gateway vs its floor over loopback HTTP (1M catalog on SQLite, cached after the first seeding).
## Scale-out: make bench BENCH_ARGS="--database postgresql://postgres@127.0.0.1:5432/bench --workers 2"
bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache numbers.db numbers.db-wal numbers.db-shm
