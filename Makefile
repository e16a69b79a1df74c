# Portal de Servicios Electrónicos — `make run` serves the demo site, `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# One stamp per set of pins: runtime (requirements.txt) and development (both files).
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
DEV_STAMP := $(VENV)/.installed-dev-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_USERS ?= 5
DEMO_REQUESTS ?= 20

.PHONY: run test faulttest setup install install-dev browser migrate seed signers lint format bench loadtest backup restore clean

run: setup  ## Serve the site with demo data on SQLite at http://127.0.0.1:8000
	@echo "Sitio: http://$(HOST):$(PORT)/  ·  Administración: /admin/  ·  CMS: /cms/"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev browser  ## Run the whole test suite (pytest), browser tests included when Chromium is present
	$(BIN)/python -m pytest $(PYTEST_ARGS)

faulttest: install-dev  ## The fault drill alone (PostgreSQL via DATABASE_URL, like CI): nodes, worker, database and Redis cut
	$(BIN)/python -m pytest -m faultdrill tests/faults $(PYTEST_ARGS)

setup: install migrate signers seed

install: $(STAMP)  ## Runtime dependencies only (what production installs)

install-dev: $(DEV_STAMP)  ## Runtime plus the development and test tools (requirements-dev.txt)

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Se necesita Python 3.11 o posterior")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-[0-9]* && touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-dev-* && touch $@

browser:  ## Debian packages the tests use when possible (root + apt): Chromium, qpdf and poppler (PDF text and images)
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v qpdf >/dev/null || missing="$$missing qpdf"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Instalando paquetes de Debian para las pruebas:$$missing..."; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
			|| echo "AVISO: no se pudo instalar$$missing; las pruebas que los necesitan se omitirán."; \
	else \
		echo "AVISO: faltan$$missing y no hay apt como root; las pruebas que los necesitan se omitirán."; \
	fi

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: install
	$(BIN)/python manage.py seed_demo --users $(DEMO_USERS) --requests $(DEMO_REQUESTS)

signers: install  ## Development signing keys: the three certificate signers and the ID tokens (never used in production)
	$(BIN)/python manage.py make_dev_signers
	$(BIN)/python manage.py make_oidc_key

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-dev  ## Throughput and query figures, written to bench/results.json
	@command -v wrk >/dev/null || [ "$$(id -u)" != "0" ] || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null) || true
	$(BIN)/python bench/run.py

loadtest: install-dev  ## 50 applicants for 60 s (sign-in, list, wizard); written to bench/load.json
	$(BIN)/python bench/load.py

BACKUP_DIR ?= backups/$(shell date -u +%Y%m%dT%H%M%SZ)

backup: install  ## Database dump + every private and public file + SHA-256 manifest, in BACKUP_DIR (a new folder)
	$(BIN)/python manage.py backup_portal --to $(BACKUP_DIR)

restore: install  ## Restore FROM=<backup folder> into the configured (empty) database and storage, then check every certificate
	@test -n "$(FROM)" || (echo "Indique la copia: make restore FROM=backups/<fecha>"; exit 2)
	$(BIN)/python manage.py restore_portal --from $(FROM)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3* bench/bench.sqlite3* bench/load.sqlite3* .pytest_cache
