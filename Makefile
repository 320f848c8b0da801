# The two commands a newcomer needs: `make run` (set up and serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FIXTURE := fixtures/persian_constitutional_revolution.json
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/quizzes)
# The browser tests drive Debian's Chromium (`npx playwright install` cannot reach its CDN).
CHROMIUM := /usr/bin/chromium
NGINX := /usr/sbin/nginx
# The tests put Debian's PgBouncer in front of PostgreSQL (bench/engines.py).
PGBOUNCER := /usr/sbin/pgbouncer
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300

.PHONY: setup run serve test engines bench loadtest loadtest-ratio faulttest lint format clean

# A working copy gets the tools too (requirements-dev.txt); a server needs only requirements.txt.
$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Idempotent: safe to run again; it only applies what changed.
setup: $(BIN)/.installed
	@url=$$($(BIN)/python -m config.database) || exit 1; \
	export DATABASE_URL=$$url; \
	echo "$$url" > .database_url; \
	$(BIN)/python manage.py migrate --no-input && \
	$(BIN)/python manage.py load_facts $(FIXTURE) && \
	$(BIN)/python manage.py generate_questions && \
	$(BIN)/python manage.py ensure_admin

# The development server and a background-job worker beside it (config/develop.py).
run: setup
	@export DATABASE_URL=$$(cat .database_url); \
	echo ""; \
	echo "Serving at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/, user admin, password admin)"; \
	echo "A worker runs the background jobs beside it (more: python manage.py db_worker). Stop both with Ctrl-C."; \
	HOST=$(HOST) PORT=$(PORT) exec $(BIN)/python -m config.develop

# Production serving: gunicorn (config/gunicorn.py) with DEBUG off and static files by WhiteNoise.
# SECRET_KEY comes from the environment, else from .secret_key (made once, git-ignored).
# Plain HTTP here: set SECURE_SSL_REDIRECT=1 when nothing in front redirects to HTTPS.
serve: $(BIN)/.installed .secret_key $(NGINX)
	@export DEBUG=0 SECRET_KEY="$${SECRET_KEY:-$$(cat .secret_key)}" SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-0}"; \
	$(MAKE) --no-print-directory setup && \
	export DATABASE_URL=$$(cat .database_url) && \
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0 && \
	$(BIN)/python manage.py check --deploy --fail-level WARNING && \
	echo "Serving with production settings at http://$(HOST):$(PORT)/ (nginx in front of gunicorn; stop with Ctrl-C)" && \
	HOST=$(HOST) PORT=$(PORT) exec $(BIN)/python -m config.serve

.secret_key:
	@umask 077; $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@echo "Made a SECRET_KEY in $@ (git-ignored; keep it, or set SECRET_KEY yourself)."

# Only when they are missing (a clean CI machine): the package lists are refreshed if the
# first try cannot find them. nginx shields gunicorn from slow clients (config/nginx.conf).
$(NGINX):
	@echo "Installing nginx, which make serve puts in front of gunicorn (apt-get install nginx-light)..."
	$(APT_INSTALL) nginx-light || ($(SUDO) apt-get update -q && $(APT_INSTALL) nginx-light)

$(PGBOUNCER):
	@echo "Installing PgBouncer for the tests that run through it (apt-get install pgbouncer)..."
	$(APT_INSTALL) pgbouncer || ($(SUDO) apt-get update -q && $(APT_INSTALL) pgbouncer)

$(CHROMIUM):
	@echo "Installing Chromium for the browser tests (apt-get install chromium)..."
	$(APT_INSTALL) chromium || ($(SUDO) apt-get update -q && $(APT_INSTALL) chromium)

# The whole suite, browser tests included, against PostgreSQL, in a test database of its own;
# the tests marked engines start a streaming standby and PgBouncer of their own (bench/engines.py).
test: $(BIN)/.installed $(CHROMIUM) $(NGINX) $(PGBOUNCER)
	@DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -m config.database > /dev/null
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/ruff check .
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python manage.py makemigrations --check --dry-run
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python manage.py spectacular --validate --fail-on-warn \
		--file /dev/null
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest

# Only the tests against a real streaming standby and a real PgBouncer (under a minute).
engines: $(BIN)/.installed $(PGBOUNCER)
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -m engines

# Benchmarks of the hot endpoints (not part of `make test`).
bench: $(BIN)/.installed
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest bench/ -p no:cacheprovider \
		--benchmark-columns=min,median,mean,max,rounds

# The load benchmark (docs/performance.md): seeds databases of 10,000 and 1,000,000 review
# rows, serves each with the production server and drives it over HTTP with wrk. Minutes, not a test.
# Through PgBouncer with a standby taking the reads: LOADTEST_ARGS="--setups direct,pgbouncer+standby".
loadtest: $(BIN)/.installed $(PGBOUNCER)
	@command -v wrk > /dev/null || $(APT_INSTALL) wrk || ($(SUDO) apt-get update -q && $(APT_INSTALL) wrk)
	$(BIN)/python bench/loadtest.py $(LOADTEST_ARGS)

# The study endpoints against the yardstick (bench/yardstick.py: bare views with the same SQL
# and bytes), in alternating rounds on the same server: requests/s, p95 and the real/bare ratio.
loadtest-ratio: $(BIN)/.installed
	@command -v wrk > /dev/null || $(APT_INSTALL) wrk || ($(SUDO) apt-get update -q && $(APT_INSTALL) wrk)
	$(BIN)/python bench/loadtest.py --ratio $(LOADTEST_ARGS)

# PostgreSQL restarted under load: the app recovers, no 2xx review lost or doubled, no traceback.
faulttest: $(BIN)/.installed
	$(BIN)/python bench/faults.py

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .database_url db.sqlite3 staticfiles .pytest_cache
