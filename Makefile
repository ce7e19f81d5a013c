# BTS NDRC exam management — the two commands of the README are `make run` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint test-sqlite test-postgres browser lock clean messages bench-national bench-load fuzz bench-documents bench-scheduling bench-pages

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 introuvable ($(PYTHON))."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	rm -f $(VENV)/.installed-* && touch $@

## make run: environment, database, demo session, web application on http://127.0.0.1:8000
## (development mode: NDRC_DEBUG=1, asked for here; it is off unless set)
run: export NDRC_DEBUG = 1
run: install
	$(BIN)/ndrc web migrate --noinput
	$(BIN)/ndrc web load_demo
	@echo "Application : http://$(HOST):$(PORT)/ (mode développement : NDRC_DEBUG=1)"
	$(BIN)/ndrc web runserver $(HOST):$(PORT)

## make test: lint, import contract, strict types of the rules core, tests on SQLite then PostgreSQL
test: install lint browser test-sqlite test-postgres

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy
	NDRC_DEBUG=1 $(BIN)/ndrc web spectacular --validate --fail-on-warn --file /dev/null

browser:
	scripts/ensure-chromium
	scripts/ensure-poppler

test-sqlite: install
	env -u DATABASE_URL $(BIN)/pytest

test-postgres: install
	scripts/with-postgres $(BIN)/pytest

## make bench-national: the national session (300, 5,000, 30,000 candidates) in the web
## application on a throw-away PostgreSQL (long: not part of make test); SIZES=300 for a quick run
SIZES ?= 300,5000,30000
bench-national: install
	scripts/with-postgres $(BIN)/python -m benchmarks.national_benchmark --sizes $(SIZES)

## make fuzz: every form of the site with many hypothesis examples each (long: the normal
## suite runs a few); FUZZ_EXAMPLES=… to change how many, on SQLite then PostgreSQL
FUZZ_EXAMPLES ?= 200
fuzz: install
	env -u DATABASE_URL FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -p no:cacheprovider tests/web/test_form_fuzz.py tests/rules/test_grade_typing.py
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) scripts/with-postgres $(BIN)/pytest -p no:cacheprovider tests/web/test_form_fuzz.py

## make bench-load: 50 examiners saving grades while 10 of the exam office read, for 60 s, on a
## throw-away PostgreSQL behind gunicorn on 127.0.0.1 (not part of make test); LOAD_ARGS=…
LOAD_ARGS ?=
bench-load: install
	scripts/with-postgres $(BIN)/python -m benchmarks.load_benchmark $(LOAD_ARGS)

## make bench-documents: the relevés de notes of 30,000 published candidates issued as one job,
## then the PV of a 1,000-candidate jury, on a throw-away PostgreSQL (not part of make test);
## DOCUMENTS_ARGS=--size 2000 for a quick run
DOCUMENTS_ARGS ?=
bench-documents: install
	scripts/with-postgres $(BIN)/python -m benchmarks.documents_benchmark $(DOCUMENTS_ARGS)
	scripts/with-postgres $(BIN)/python -m benchmarks.minutes_benchmark

## make bench-pages: a filtered list, the jury's deliberation grid, each role's home page and the
## what-if of one candidate on a 30,000-candidate session, on a throw-away PostgreSQL (not part of
## make test); PAGES_ARGS="--size 5000" for a quick run
PAGES_ARGS ?=
bench-pages: install
	scripts/with-postgres $(BIN)/python -m benchmarks.pages_benchmark $(PAGES_ARGS)

## make bench-scheduling: the exam days' schedule of generated académies (tiers easy, realistic,
## tight, infeasible × 5 seeds; 5,000 candidates, 12 centres, 10 days), solved then checked (long:
## not part of make test); QUICK=1 for a small run, SCHEDULING_ARGS=… for options
SCHEDULING_ARGS ?=
bench-scheduling: install
	$(BIN)/python -m benchmarks.scheduling_benchmark $(if $(QUICK),--quick) $(SCHEDULING_ARGS)

## make lock: recompute requirements.lock from pyproject.toml (needs uv)
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 -o requirements.lock

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .mypy_cache .ruff_cache

## make messages: update the English catalogue after changing interface strings (needs gettext)
messages: install
	cd src/ndrc/web && NDRC_DEBUG=1 ../../../$(BIN)/django-admin makemessages -l en --settings=ndrc.web.settings
	msgfmt --check -o src/ndrc/web/locale/en/LC_MESSAGES/django.mo src/ndrc/web/locale/en/LC_MESSAGES/django.po
