# Comptoir — `make run` serves the demo community, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv run test check schema permissions migrate demo lint format clean

# The virtual environment is rebuilt when pyproject.toml changes.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

migrate: venv
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "Comptoir: GraphiQL and the API on http://$(HOST):$(PORT)/graphql  (admin: /admin/)"
	$(VENV)/bin/uvicorn config.asgi:application --host $(HOST) --port $(PORT)

# With DATABASE_URL set (postgres://...), on PostgreSQL; otherwise on SQLite.
test: venv
	$(VENV)/bin/pytest $(PYTEST_ARGS)

check: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(PY) manage.py export_schema --check
	$(PY) manage.py export_permissions --check

schema: venv
	$(PY) manage.py export_schema

# docs/permissions.md from the permission table (permissions/matrix.py).
permissions: venv
	$(PY) manage.py export_permissions

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
