# Two commands from a fresh clone: `make run` and `make test`. Everything else is optional.
PORT ?= 8000
PYTHON ?= python3
UV := $(PYTHON) -m uv
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test lint test-browser serve bench bench-search load backup clean

# Create or refresh the virtual environment when the lock file changes (uv is installed with
# pip if it is missing; .python-version selects Python 3.13).
$(VENV)/.synced: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --locked
	@touch $@

run: $(VENV)/.synced
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo
	@echo ""
	@echo "  Site:  http://127.0.0.1:$(PORT)/"
	@echo "  Admin: http://127.0.0.1:$(PORT)/admin/"
	@echo "  Log in as admin, editor or moderator; password: $${PORTAL_DEMO_PASSWORD:-portal-demo}"
	@echo ""
	PORT=$(PORT) $(MANAGE) runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .

# The whole suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL is set (CI always
# sets it; see .ci/run). Set but unreachable is a failure, not a skip: CI must not pass without it.
test: lint
	$(VENV)/bin/pytest
	@if [ -z "$$TEST_DATABASE_URL" ]; then \
		echo "== PostgreSQL leg SKIPPED: set TEST_DATABASE_URL=postgres://user:pass@127.0.0.1/portal to run it"; \
	elif DATABASE_URL="$$TEST_DATABASE_URL" $(MANAGE) check --database default >/dev/null 2>&1; then \
		echo "== PostgreSQL leg: $$TEST_DATABASE_URL"; \
		DATABASE_URL="$$TEST_DATABASE_URL" $(VENV)/bin/pytest -m "not browser"; \
	else \
		echo "== PostgreSQL leg FAILED: no PostgreSQL answers at TEST_DATABASE_URL=$$TEST_DATABASE_URL"; exit 1; \
	fi
	@# The cache and rate-limit tests again against a real Redis (they flush that Redis
	@# database: give it its own number, e.g. /15).
	@if [ -z "$$TEST_REDIS_URL" ]; then \
		echo "== Redis leg SKIPPED: set TEST_REDIS_URL=redis://127.0.0.1:6379/15 (a reachable Redis) to run it"; \
	elif $(PY) -c "import sys, redis; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=2).ping()" "$$TEST_REDIS_URL" >/dev/null 2>&1; then \
		echo "== Redis leg: $$TEST_REDIS_URL"; \
		REDIS_URL="$$TEST_REDIS_URL" $(VENV)/bin/pytest tests/test_cache.py tests/test_cache_deploys.py \
			tests/test_deploy_settings.py tests/test_gunicorn.py tests/test_healthz.py \
			tests/test_cache_outages.py tests/test_database_outages.py tests/test_error_logs.py \
			tests/test_ratelimit.py tests/test_questions.py \
			tests/test_question_races.py tests/test_admin_access.py tests/test_site_pages.py; \
	else \
		echo "== Redis leg FAILED: no Redis answers at TEST_REDIS_URL=$$TEST_REDIS_URL"; exit 1; \
	fi

# A production-like server on 127.0.0.1:$(PORT): DEBUG off, collectstatic (hashed, compressed
# files with long cache headers), migrations, gunicorn with several workers. Local-only
# defaults: a random SECRET_KEY kept in the git-ignored .serve-secret-key, plain HTTP
# (SECURE_HTTPS=0), mail printed (EMAIL_CONSOLE=1), uploads served by Django (SERVE_MEDIA=1).
# Anything already in the environment wins.
SERVE_ENV = DEBUG=0 SECURE_HTTPS=$${SECURE_HTTPS:-0} EMAIL_CONSOLE=$${EMAIL_CONSOLE:-1} \
	SERVE_MEDIA=$${SERVE_MEDIA:-1} \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}" \
	SECRET_KEY="$${SECRET_KEY:-$$(cat .serve-secret-key)}"

serve: $(VENV)/.synced .serve-secret-key
	$(SERVE_ENV) $(MANAGE) collectstatic --no-input --verbosity 0
	$(SERVE_ENV) $(MANAGE) migrate --no-input
	@echo "  Site: http://127.0.0.1:$(PORT)/  (production-like: DEBUG off, gunicorn)"
	$(SERVE_ENV) PORT=$(PORT) exec $(VENV)/bin/gunicorn -c portal/gunicorn.py

.serve-secret-key:
	@umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# A checked copy of the SQLite database in backups/ while the site runs (PostgreSQL: prints
# the pg_dump command). Restoring: see "Backups" in the README.
backup: $(VENV)/.synced
	$(MANAGE) backup_db

# Load, benchmark and scale-out runs against production-like gunicorn servers on 127.0.0.1
# (load/run.py; needs wrk; PostgreSQL and Redis legs when reachable). About 6 minutes; prints
# the tables recorded in the README. `make bench` skips the 60 s mixed-traffic runs.
load: $(VENV)/.synced
	@command -v wrk >/dev/null || { echo "make load needs wrk (Debian: apt-get install wrk)"; exit 1; }
	$(PY) load/run.py

# Search on a synthetic archive of N articles (default 100,000; `make bench-search N=20000` for a
# quicker run) in throwaway databases, SQLite then PostgreSQL when reachable: index build time
# and size, search view latency beside a naive icontains baseline (README "Benchmarks").
N ?= 100000
BENCH_SQLITE_URL ?= sqlite:////tmp/portal-bench.sqlite3
BENCH_PG_URL ?= postgres://portal:portal@127.0.0.1:5432/portal_bench
bench-search: $(VENV)/.synced
	DATABASE_URL=$(BENCH_SQLITE_URL) $(MANAGE) bench_search --n $(N)
	@if $(PY) -c "import sys, psycopg; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$(dir $(BENCH_PG_URL))postgres" >/dev/null 2>&1; then \
		DATABASE_URL=$(BENCH_PG_URL) $(MANAGE) bench_search --n $(N); \
	else \
		echo "== PostgreSQL search bench SKIPPED: no server for BENCH_PG_URL=$(BENCH_PG_URL)"; \
	fi

bench: bench-search $(VENV)/.synced
	@command -v wrk >/dev/null || { echo "make bench needs wrk (Debian: apt-get install wrk)"; exit 1; }
	LOAD_SECONDS=0 $(PY) load/run.py

test-browser: $(VENV)/.synced
	$(VENV)/bin/pytest -m browser

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
