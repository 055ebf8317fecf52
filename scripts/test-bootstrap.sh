#!/usr/bin/env bash
# Run the bootstrap-authentication suite (issue 3) against real parts: Debian's slapd,
# panva's oidc-provider on Node, and quayref servers started with `quayref serve`.
# Extra arguments go to pytest (e.g. --db postgresql, -k ldap). Exit non-zero on any
# failure; a skipped test counts as a failure, and so does a run that ran no test.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-.venv}
python="$venv/bin/python"
if [ ! -x "$python" ]; then
  echo "test-bootstrap.sh: no virtualenv at $venv (run 'make venv' or set VENV)" >&2
  exit 1
fi
scripts/system-deps.sh
# server/tests/conftest.py turns a skipped test into a failure; pytest exits 5 when no test ran.
exec "$python" -m pytest -p no:cacheprovider server/tests/bootstrap -q -rs "$@"
