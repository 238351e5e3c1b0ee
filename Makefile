# Set-up, demo, tests and benchmarks. Variables can be overridden: make demo DB=my_demo
PYTHON ?= python3
DB ?= telco_demo
DB_HOST ?= 127.0.0.1
DB_PORT ?= 5432
DB_USER ?= odoo
SERVE ?=
MONTH ?=
ODOO_SRC ?=
export DB_HOST DB_PORT DB_USER

.PHONY: help deps db-role test-deps test demo serve bench-sepa bench-statements odoo-deps lint translations

help:
	@echo "make demo [DB=telco_demo] [SERVE=1] [MONTH=YYYY-MM]  demo operator, one collection month"
	@echo "make test                                            Odoo-free tests, then Odoo tests"
	@echo "make bench-sepa | bench-statements                   benchmarks (figures in docs/benchmarks.md)"
	@echo "make odoo-deps ODOO_SRC=/path/to/odoo                Odoo 18's Python requirements"

deps:
	$(PYTHON) -m pip install --quiet -r requirements.txt
	$(PYTHON) -m pip install --quiet -e '.[test]'

# Odoo refuses to connect as the PostgreSQL superuser "postgres"; create a role for it.
db-role:
	@psql -h $(DB_HOST) -p $(DB_PORT) -U $(DB_USER) -d postgres -Atc "select 1" >/dev/null 2>&1 \
	  || psql -h $(DB_HOST) -p $(DB_PORT) -U postgres -d postgres \
	       -c "CREATE ROLE $(DB_USER) LOGIN CREATEDB SUPERUSER" \
	  || { echo "PostgreSQL role $(DB_USER) is missing and could not be created: create it with CREATEDB"; exit 1; }

# Debian packages the Odoo tests use: wkhtmltopdf renders PDF reports, chromium runs browser
# tours, gettext checks the translation files. Installed only where apt-get is available.
test-deps: deps
	@missing=""; \
	for cmd in wkhtmltopdf chromium msgfmt; do command -v $$cmd >/dev/null || missing="$$missing $$cmd"; done; \
	if [ -n "$$missing" ] && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian packages for:$$missing"; \
	  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    wkhtmltopdf chromium gettext >/dev/null; \
	fi

test: test-deps
	@if $(PYTHON) -c "import odoo" 2>/dev/null; then $(MAKE) --no-print-directory db-role; fi
	PYTHON=$(PYTHON) tools/run_tests.sh

demo: deps db-role
	$(PYTHON) tools/demo --db $(DB) $(if $(MONTH),--month $(MONTH)) $(if $(SERVE),--serve)

serve:
	$(PYTHON) tools/odoo_cli.py --db_host=$(DB_HOST) --db_port=$(DB_PORT) --db_user=$(DB_USER) \
	  -d $(DB) --db-filter='^$(DB)$$' --http-interface=127.0.0.1 --http-port=8069 \
	  --max-cron-threads=0

bench-sepa: deps
	$(PYTHON) tools/bench_sepa.py

bench-statements: deps
	$(PYTHON) tools/bench_statements.py

odoo-deps:
	@test -n "$(ODOO_SRC)" || { echo "set ODOO_SRC to an Odoo 18 source folder"; exit 1; }
	mkdir -p var
	$(PYTHON) tools/odoo_requirements.py $(ODOO_SRC)/requirements.txt > var/odoo-requirements.txt
	$(PYTHON) -m pip install -r var/odoo-requirements.txt
	$(PYTHON) -m pip install --no-deps -e $(ODOO_SRC)

lint:
	$(PYTHON) -m ruff check src tests tools
	$(PYTHON) -m mypy

# Regenerate the .pot files from database $(DB), where the three addons are installed, and merge
# them into es.po; lists the terms left untranslated.
translations:
	$(PYTHON) tools/update_translations.py --db $(DB) telco_collections telco_sepa telco_dunning
