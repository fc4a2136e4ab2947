# Guozhen: `make run` serves the demo site on SQLite; `make test` installs everything and runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run worker test lint-imports install install-dev system-deps test-sqlite test-postgres bench lint messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Guozhen is starting at http://127.0.0.1:8000/ (admin: http://127.0.0.1:8000/admin/)"
	@echo "A background worker (manage.py db_worker) runs beside it for mail and webhooks."
	$(PY) manage.py db_worker --queue-name '*' --interval 1 & WORKER=$$!; \
		trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:8000

# One background worker in the foreground (production runs one or more of these, on any servers).
worker: install
	$(PY) manage.py db_worker --queue-name '*'

# Debian packages the suite needs: Chromium and a CJK font for the browser tests, Java for the
# Nu HTML Checker (vnu-jar, installed from npm with axe-core), gettext for the catalog checks.
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto.*cjk" || ! command -v java >/dev/null \
		|| ! command -v msgfmt >/dev/null; then \
		echo "Installing chromium, fonts-noto-cjk, a Java runtime and gettext with apt"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk \
			default-jre-headless gettext >/dev/null; \
	fi

# axe-core for the accessibility checks, injected into pages from its installed file.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	touch $(AXE)

# The whole suite runs twice: on SQLite with the in-process cache (the default set-up), then on
# PostgreSQL with Redis (the several-app-server set-up). .ci/run starts both services. Each xdist
# worker gets its own test database (test_test_gw0, ...) and Redis database (15, 14; tests/conftest.py).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

test: lint-imports test-sqlite test-postgres

# The layer contracts in pyproject.toml ([tool.importlinter]); tests/test_architecture.py runs them too.
lint-imports: install
	$(VENV)/bin/lint-imports

test-sqlite: install system-deps $(AXE)
	env -u DATABASE_URL -u REDIS_URL $(PY) -m pytest -n 2

test-postgres: install system-deps $(AXE)
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) -m pytest -n 2

# Requests/s and latency of /healthz, home, story and tag pages under gunicorn (see bench/load.py).
bench: install
	$(PY) bench/load.py compare

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
