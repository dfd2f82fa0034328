# Kommunalforum: `make run` starts the product with demo data, `make test` runs every check.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)
NODE_STAMP := node_modules/.installed-$(shell sha1sum package-lock.json | cut -c1-12)
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/kommunalforum
REDIS_TEST_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test venv setup lint format pytest pytest-sqlite pytest-services messages lock vendor clean services chromium

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@PYBIN=$$(scripts/find-python) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		rm -rf $(VENV); echo "Creating $(VENV) with $$PYBIN"; "$$PYBIN" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-deps -r requirements.lock
	$(PY) -m pip check
	rm -f $(VENV)/.installed-*; touch $@

setup: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo

run: setup
	@scripts/run-dev $(PORT)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -f node_modules/.installed-*; touch $@

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Under CI=true the suite also runs on PostgreSQL and Redis, with Chromium installed;
# tests that need a missing service then fail instead of skipping.
test: venv $(NODE_STAMP)
	$(MAKE) lint
ifeq ($(CI),true)
	$(MAKE) services chromium
	DJANGO_SETTINGS_MODULE=config.settings KOMMUNALFORUM_ENV=production \
		SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') ALLOWED_HOSTS=kommunalforum.example \
		DATABASE_URL=$(PG_TEST_URL) REDIS_URL=$(REDIS_TEST_URL) \
		MFA_ENCRYPTION_KEYS=$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
		$(PY) manage.py check --deploy --fail-level WARNING
# The SQLite run (with the browser tests), then the same suite on PostgreSQL and Redis.
	$(PY) -m pytest -m "not postgres" $(PYTEST_ARGS)
	DATABASE_URL=$(PG_TEST_URL) REDIS_URL=$(REDIS_TEST_URL) $(PY) -m pytest -m "not browser" $(PYTEST_ARGS)
else
	$(PY) -m pytest $(PYTEST_ARGS)
endif

services:
	@scripts/ensure-services

chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

messages: venv
	$(PY) manage.py makemessages -l de -l en --ignore=.venv --ignore=node_modules
	$(PY) manage.py makemessages -d djangojs -l de -l en --ignore=.venv --ignore=node_modules --ignore=static/vendor
	$(PY) manage.py compilemessages --ignore=.venv

lock:
	rm -rf /tmp/kf-lock && "$$(scripts/find-python)" -m venv /tmp/kf-lock
	/tmp/kf-lock/bin/pip install --quiet ".[test]"
	( echo '# Exact versions of every dependency (runtime and test). Regenerate with `make lock`.'; \
	  /tmp/kf-lock/bin/pip freeze --exclude kommunalforum ) > requirements.lock

vendor: $(NODE_STAMP)
	scripts/vendor-assets

clean:
	rm -rf $(VENV) node_modules
