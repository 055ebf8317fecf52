#!/usr/bin/env bash
# The documentation's tests (tests/docs), one command, non-zero on any failure:
#   - every curl example of docs/ (sh blocks whose first line is "# expect: STATUS...", see
#     docs/curl-examples.md) run against live quayref servers in both profiles (quay-3.18 and proposal,
#     or the one its "# profile:" line names), a real slapd and a real OpenID provider;
#   - the API reference (docs/api-*.md) against the server's OpenAPI document;
#   - docs/configuration.md and every config.yaml snippet against the server's schema;
#   - ansible-doc of every module and of the role, from the collection built and installed from its
#     tarball; the docs' playbooks pass --syntax-check and the README's runs; ansible-builder create;
#     galaxy.yml, the changelog and ansible-lint's production profile.
# Extra arguments go to pytest (e.g. -k curl). A skipped test, or a run that ran no test, is a failure.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
venv="${VENV:-$repo/.venv}"
python="$venv/bin/python"
[ -x "$python" ] || { echo "test-docs.sh: no virtualenv at $venv (run 'make venv' or set VENV)" >&2; exit 2; }
"$venv/bin/ansible-builder" --version >/dev/null 2>&1 || { echo "test-docs.sh: ansible-builder is not in $venv (requirements-dev.txt)" >&2; exit 2; }
scripts/system-deps.sh
# curl and jq, which the curl examples use as readers do, come with the system packages.
command -v jq >/dev/null 2>&1 || { echo "test-docs.sh: jq is not installed (scripts/system-deps.sh installs it)" >&2; exit 2; }
export PATH="$venv/bin:$PATH"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
set +e
"$python" -m pytest -p no:cacheprovider tests/docs -q -rs "$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -eq 0 ] && grep -Eq '[0-9]+ skipped' "$out"; then
  echo "test-docs.sh: skipped tests count as failures here" >&2
  exit 1
fi
if [ "$status" -eq 5 ]; then
  echo "test-docs.sh: no test ran" >&2
fi
exit "$status"
