# projectquay.oauth — `make demo` and `make test` work on a fresh machine (Debian, root or sudo-less root).
SHELL := /bin/bash
VENV ?= .venv
# Absolute: scripts run from other folders (ansible-test's copy of the tree) use it too.
override VENV := $(abspath $(VENV))
PY := $(VENV)/bin/python
PYTEST := $(PY) -m pytest -p no:cacheprovider
export PATH := $(VENV)/bin:$(PATH)
# Each suite prints its wall and CPU time (its children's included), for the issue notes and the CI log.
TIMED = TIMEFORMAT="suite $@: %R s wall, %U s user + %S s sys"; time

.PHONY: all demo test bench venv lock check-lock system-deps test-server-sqlite test-server-postgresql test-collection test-role test-docs demo-curl clean

all: test

$(VENV)/.stamp: requirements-dev.txt server/pyproject.toml testkit/pyproject.toml requirements.lock scripts/venv.sh scripts/zipimport_cache.py
	scripts/venv.sh $(VENV)
	touch $@

venv: $(VENV)/.stamp

# Refresh requirements.lock from the requirement inputs (INPUTS in scripts/lock.py); UPGRADE=1 takes the newest of everything.
lock:
	[ -x $(VENV)/bin/uv ] || scripts/venv.sh $(VENV)
	$(PY) scripts/lock.py compile $(if $(UPGRADE),--upgrade)

# requirements.lock pins every requirement input and was made from them (no network, no venv needed).
check-lock:
	VENV=$(VENV) scripts/check-lock.sh

system-deps:
	scripts/system-deps.sh

# The zero-touch story: an empty server, the role, a stored working token, a second run that changes nothing.
demo: venv system-deps
	VENV=$(VENV) scripts/demo.sh

# The token lifecycle with curl alone, step by step.
demo-curl: venv
	VENV=$(VENV) scripts/demo-lifecycle.sh

# Server: unit tests, the API in process (TestClient) and over real HTTP where processes are the point,
# on SQLite and on a PostgreSQL the tests start. The storage-free unit tests, the replay engine's and the
# proposal's replay run once (the quay-3.18 replay runs on both), and on PostgreSQL server/tests/conftest.py
# deselects every test that does not reach it (no pg_cluster among its fixtures).
test-server-sqlite: venv
	$(TIMED) $(PYTEST) server/tests -q --db sqlite

test-server-postgresql: venv system-deps
	$(TIMED) $(PYTEST) server/tests -q --db postgresql --ignore=server/tests/unit --ignore=server/tests/test_cli.py \
		--ignore=server/tests/conformance/engine --ignore=server/tests/conformance/test_replay_proposal.py

# Collection: ansible-test units and sanity, ansible-lint, integration targets from the built tarball.
test-collection: venv system-deps
	$(TIMED) VENV=$(VENV) scripts/test-modules.sh

# Role: every molecule scenario (converge, idempotence, verify) against servers it starts.
test-role: venv system-deps
	$(TIMED) VENV=$(VENV) scripts/test-role.sh

# Docs: every curl example against live servers, API reference vs OpenAPI, config guide vs schema, ansible-doc, ansible-builder.
test-docs: venv system-deps
	$(TIMED) VENV=$(VENV) scripts/test-docs.sh

test: check-lock venv system-deps test-server-sqlite test-server-postgresql test-collection test-role test-docs
	@echo "make test: all suites passed"

bench: venv
	$(PY) bench/server_bench.py
	$(PY) bench/modules_bench.py
	$(PY) bench/role_bench.py

clean:
	rm -rf $(VENV) tests/output .tmp
