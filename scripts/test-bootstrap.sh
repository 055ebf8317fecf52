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
# This checkout's server code first, whatever is installed in the virtualenv.
export PYTHONPATH="$PWD/server${PYTHONPATH:+:$PYTHONPATH}"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
set +e
"$python" -m pytest -p no:cacheprovider server/tests/bootstrap -q -rs "$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -eq 0 ] && grep -Eq '[0-9]+ skipped' "$out"; then
  echo "test-bootstrap.sh: skipped tests count as failures here" >&2
  exit 1
fi
if [ "$status" -eq 5 ]; then
  echo "test-bootstrap.sh: no test ran" >&2
fi
exit "$status"
