# Portal de Servicios Electrónicos — `make run` serves the demo site, `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_USERS ?= 5
DEMO_REQUESTS ?= 20

.PHONY: run test setup install browser migrate seed signers lint format bench loadtest clean

run: setup  ## Serve the site with demo data on SQLite at http://127.0.0.1:8000
	@echo "Sitio: http://$(HOST):$(PORT)/  ·  Administración: /admin/  ·  CMS: /cms/"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install browser  ## Run the whole test suite (pytest), browser tests included when Chromium is present
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: install migrate seed signers

install: $(STAMP)

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Se necesita Python 3.11 o posterior")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

browser:  ## Install Debian's Chromium for the browser tests when possible (root + apt)
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Instalando Chromium de Debian para las pruebas de navegador..."; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
			|| echo "AVISO: no se pudo instalar chromium; las pruebas de navegador se omitirán."; \
	else \
		echo "AVISO: /usr/bin/chromium no está instalado y no hay apt como root; las pruebas de navegador se omitirán."; \
	fi

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: install
	$(BIN)/python manage.py seed_demo --users $(DEMO_USERS) --requests $(DEMO_REQUESTS)

signers: install  ## Development signing keys: the three certificate signers and the ID tokens (never used in production)
	$(BIN)/python manage.py make_dev_signers
	$(BIN)/python manage.py make_oidc_key

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install  ## Throughput and query figures, written to bench/results.json
	@command -v wrk >/dev/null || [ "$$(id -u)" != "0" ] || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null) || true
	$(BIN)/python bench/run.py

loadtest: install  ## 50 applicants for 60 s (sign-in, list, wizard); written to bench/load.json
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3* bench/bench.sqlite3* bench/load.sqlite3* .pytest_cache
