# Two commands from a fresh clone: `make run` and `make test`. Everything else is optional.
PORT ?= 8000
PYTHON ?= python3
UV := $(PYTHON) -m uv
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test lint test-browser serve bench load backup clean

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
	$(MANAGE) runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .

# The whole suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL points at a
# reachable server (CI always sets it; see .ci/run).
test: lint
	$(VENV)/bin/pytest
	@if [ -n "$$TEST_DATABASE_URL" ] && DATABASE_URL="$$TEST_DATABASE_URL" $(MANAGE) check --database default >/dev/null 2>&1; then \
		echo "== PostgreSQL leg: $$TEST_DATABASE_URL"; \
		DATABASE_URL="$$TEST_DATABASE_URL" $(VENV)/bin/pytest -m "not browser"; \
	else \
		echo "== PostgreSQL leg SKIPPED: set TEST_DATABASE_URL=postgres://user:pass@127.0.0.1/portal to run it"; \
	fi

test-browser: $(VENV)/.synced
	$(VENV)/bin/pytest -m browser

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
