# The two commands a newcomer needs: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
export ACCORD_DEBUG ?= 1

.PHONY: run test install lint check openapi bench lock e2e clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

## make run: install, migrate, load the demo portfolio if empty, start web + worker on :8000
run: install
	$(BIN)/accord serve 127.0.0.1:8000

## make test: install and run the whole suite (lint, migrations check, tests)
test: install check
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

check: install
	$(BIN)/ruff check accord config
	ACCORD_DEBUG=0 ACCORD_TESTING=1 $(BIN)/accord makemigrations --check --dry-run
	ACCORD_TESTING=1 $(BIN)/accord check

lint: install
	$(BIN)/ruff check --fix accord config
	$(BIN)/ruff format accord config

## make openapi: regenerate the committed OpenAPI document
openapi: install
	ACCORD_TESTING=1 $(BIN)/accord spectacular --format openapi-json --file docs/api/openapi.json --validate --fail-on-warn

## make bench: seed the benchmark portfolio in a scratch SQLite database and measure it
##   make bench BENCH_DB=postgres   does the same on PostgreSQL (database accord_bench)
BENCH_DB ?= sqlite
BENCH_ENV = ACCORD_DEBUG=0 ACCORD_SSL_REDIRECT=0 ACCORD_SECRET_KEY=benchmark-only-key ACCORD_MFA_REQUIRED_ROLES=
bench: install
ifeq ($(BENCH_DB),postgres)
	psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS accord_bench" -c "CREATE DATABASE accord_bench"
	$(BENCH_ENV) DATABASE_URL=postgres://postgres@127.0.0.1:5432/accord_bench $(BIN)/accord bench --write docs/benchmarks.md $(BENCH_ARGS)
else
	rm -f var/bench.sqlite3*
	$(BENCH_ENV) DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(BIN)/accord bench --write docs/benchmarks.md $(BENCH_ARGS)
endif

## make lock: re-resolve requirements.lock from pyproject.toml
lock:
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) var/*.sqlite3*
