# Comptoir — `make run` serves the demo community, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv run test check schema permissions migrate demo lint format clean bench bench-smoke bench-peer

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

# Benchmarks (bench/README.md): PostgreSQL at postgres@127.0.0.1 (BENCH_DATABASE_URL), wrk
# (installed from Debian's packages when missing), the graphene-django peer in its own venv.
PEER_VENV := var/bench/peer-graphene
PEER_STAMP := $(PEER_VENV)/.installed-stamp

$(PEER_STAMP): bench/peers/graphene/requirements.txt
	@test -x $(PEER_VENV)/bin/python || $(PYTHON) -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PEER_VENV)/bin/python -m pip install --quiet -r bench/peers/graphene/requirements.txt
	@# An unpinned resolver can fall back to graphene-django 2.0: refuse anything but 3.2.x.
	$(PEER_VENV)/bin/python -c "import sys; from importlib.metadata import version as v; \
		sys.exit(0 if v('graphene-django').startswith('3.2.') else 'graphene-django ' + v('graphene-django'))"
	@touch $(PEER_STAMP)

bench-peer: $(PEER_STAMP)

# Scale 1 (1M votes) plus the growth scales; writes bench/results.md and results.json.
bench: venv bench-peer
	$(PY) -m bench.run --profile full

# Scale 0.01 with short runs, for CI; writes var/bench/results-smoke.md and .json.
bench-smoke: venv bench-peer
	$(PY) -m bench.run --profile smoke

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
