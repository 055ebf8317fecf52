#!/usr/bin/env bash
# Debian packages the test suite runs for real: slapd + ldap-utils (LDAP) and PostgreSQL; curl and jq for the
# docs' curl examples, as readers run them.
set -euo pipefail
missing=()
command -v slapd >/dev/null 2>&1 || [ -x /usr/sbin/slapd ] || missing+=(slapd)
command -v ldapsearch >/dev/null 2>&1 || missing+=(ldap-utils)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v jq >/dev/null 2>&1 || missing+=(jq)
# scripts/test-role.sh times each scenario with /usr/bin/time (its CPU column).
[ -x /usr/bin/time ] || missing+=(time)
# ansible-test sanity skips its shellcheck test when the program is missing: never silently.
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
if [ ${#missing[@]} -gt 0 ]; then
  echo "system-deps.sh: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then echo "system-deps.sh: need root to install ${missing[*]}" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian's postgresql package starts a cluster on 5432; the tests start their own.
  if printf '%s\n' "${missing[@]}" | grep -qx postgresql; then
    service postgresql stop >/dev/null 2>&1 || true
  fi
fi
