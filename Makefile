# The two commands a newcomer needs: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# Production dependencies (requirements.lock) and development/test tools (requirements-dev.lock)
# are pinned apart, both with hashes; `make lock` re-resolves them from pyproject.toml.
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
DEV_STAMP := $(VENV)/.installed-dev-$(shell cat requirements.lock requirements-dev.lock pyproject.toml | cksum | cut -d' ' -f1)
export ACCORD_DEBUG ?= 1

# `make test` depends on `check`: ruff check, ruff format --check, the migrations check, and
# Django's system checks run before the tests.
.PHONY: messages train-clauses run test test-fast install install-dev lint check openapi bench loadtest lock e2e clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) --require-hashes -r requirements.lock
	$(PIP) --no-deps -e .
	@rm -f $(VENV)/.installed-[0-9]*
	@touch $(STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(PIP) --require-hashes -r requirements-dev.lock
	@rm -f $(VENV)/.installed-dev-*
	@touch $(DEV_STAMP)

install: $(STAMP)

install-dev: $(DEV_STAMP)

## make run: install, migrate, load the demo portfolio if empty, start web + worker on :8000
run: install
	$(BIN)/accord serve 127.0.0.1:8000

## make test: install and run the whole suite (lint, migrations check, tests)
test: install-dev check
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

## make test-fast: the same checks, and every test not marked slow (browser, demo-wide,
##   the authorization matrix's rows, benchmark scale)
test-fast: install-dev check
	$(BIN)/pytest -n 2 --dist loadgroup -m "not slow" $(PYTEST_ARGS)

check: install-dev
	$(BIN)/ruff check accord
	$(BIN)/ruff format --check accord
	ACCORD_DEBUG=0 ACCORD_TESTING=1 $(BIN)/accord makemigrations --check --dry-run
	ACCORD_TESTING=1 $(BIN)/accord check

lint: install-dev
	$(BIN)/ruff check --fix accord
	$(BIN)/ruff format accord

## make messages: after marking strings for translation, update every shipped catalog
##   (accord/locale/*/LC_MESSAGES/django.po), translate what is new, then compile them (django.mo)
MESSAGE_FLAGS = --no-wrap --no-location -i "tests/*" -i "*/tests/*" -i "*/migrations/*" -i "*/vendor/*" -i "*/static/*"
messages: install
	cd accord && ACCORD_TESTING=1 ../$(BIN)/accord makemessages -l de -l ja -l ko -l zh_Hans $(MESSAGE_FLAGS)
	cd accord && ACCORD_TESTING=1 ../$(BIN)/accord compilemessages

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

## make loadtest: key pages under an open-loop load through gunicorn, beside a bare Django
##   reference; seeds big pharma once (LOADTEST_DB=postgres: database accord_load on 127.0.0.1)
LOADTEST_DB ?= sqlite
LOADTEST_ARGS ?=
ifeq ($(LOADTEST_DB),postgres)
LOADTEST_URL = postgres://postgres@127.0.0.1:5432/accord_load
# As deployed for production: Redis as the shared cache (sessions stay in the database).
LOADTEST_ENV = ACCORD_CACHE_URL=$(or $(ACCORD_CACHE_URL),redis://127.0.0.1:6379/3)
else
LOADTEST_URL = sqlite:///$(CURDIR)/var/load.sqlite3
endif
loadtest: install
ifeq ($(LOADTEST_DB),postgres)
	psql -q -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='accord_load'" | grep -q 1 || psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE accord_load"
endif
	$(BENCH_ENV) DATABASE_URL=$(LOADTEST_URL) $(BIN)/accord migrate --verbosity 0
	$(BENCH_ENV) DATABASE_URL=$(LOADTEST_URL) $(BIN)/accord seed --size bigpharma --if-empty
	$(BENCH_ENV) $(LOADTEST_ENV) DATABASE_URL=$(LOADTEST_URL) $(BIN)/accord loadtest --write docs/benchmarks.md $(LOADTEST_ARGS)

## make train-clauses: rebuild the shipped clause model from CUAD (CUAD=../shared/cuad by default)
CUAD ?= ../shared/cuad
train-clauses: install
	ACCORD_DEBUG=1 $(BIN)/accord train_clauses --cuad $(CUAD) --report docs/contracts-import-cv.md

## make lock: re-resolve both locks (with hashes) from pyproject.toml, keeping current pins
PIP_COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock: install-dev
	$(PIP_COMPILE) -o requirements.lock pyproject.toml
	$(PIP_COMPILE) --extra dev -c requirements.lock -o requirements-dev.lock pyproject.toml

clean:
	rm -rf $(VENV) var/*.sqlite3*
