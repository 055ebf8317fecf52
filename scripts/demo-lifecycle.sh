#!/usr/bin/env bash
# Walk the token lifecycle against a fresh reference server, with curl, step by step.
set -euo pipefail
venv=${VENV:-.venv}
work=$(mktemp -d)
jar="$work/cookies"
quaytest=("$venv/bin/python" -m quaytest)
cleanup() { "${quaytest[@]}" down --dir "$work/server" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }
json() { "$venv/bin/python" -c "import json,sys; print(json.load(sys.stdin)$1)"; }

step "1. Start a reference server on SQLite in $work/server (python -m quaytest, a dev tool of this repo)"
# The superuser admin is made with `quayref user create`; its random password is in state.json (mode 0600).
"${quaytest[@]}" up quayref --dir "$work/server" --admin create
url=$(json '["url"]' < "$work/server/state.json")
curl -fsS "$url/health/instance"; echo

step "2. Sign in as admin with a session cookie (GET /csrf_token, POST /api/v1/signin)"
csrf=$(curl -fsS -c "$jar" "$url/csrf_token" | json '["csrf_token"]')
"$venv/bin/python" -c 'import json,sys; print(json.dumps({"username": "admin", "password": json.load(open(sys.argv[1]))["admin_password"]}))' "$work/server/state.json" \
  | curl -fsS -b "$jar" -c "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' -d @- "$url/api/v1/signin"; echo

step "3. Create the organization 'platform' and the OAuth application 'automation'"
curl -fsS -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' -d '{"name": "platform", "email": "platform@example.com"}' "$url/api/v1/organization/"; echo
client_id=$(curl -fsS -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' -d '{"name": "automation"}' \
  "$url/api/v1/organization/platform/applications" | json '["client_id"]')
echo "client_id: $client_id"
tokens="$url/api/v1/organization/platform/application/$client_id/tokens"

step "4. Mint a token (POST .../tokens, Accept: text/plain gives the secret alone)"
token=$(curl -fsS -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' -H 'Accept: text/plain' \
  -d '{"name": "ci-pipeline", "scope": "org:admin user:read", "expiration": 86400}' "$tokens")
echo "token: received (${#token} characters, shown once; kept in a shell variable, not printed)"

step "5. List the application's tokens (never a secret)"
curl -fsS -H "Authorization: Bearer $token" "$tokens"; echo

step "6. Use the token: GET /api/v1/user/"
curl -fsS -H "Authorization: Bearer $token" "$url/api/v1/user/" | json '["username"]'

step "7. Revoke it (DELETE .../tokens/{uuid})"
uuid=$(curl -fsS -H "Authorization: Bearer $token" "$tokens" | json '["tokens"][0]["uuid"]')
curl -fsS -o /dev/null -w 'HTTP %{http_code}\n' -X DELETE -H "Authorization: Bearer $token" "$tokens/$uuid"

step "8. The revoked token is refused on its very next request"
status=$(curl -s -o "$work/refused.json" -w '%{http_code}' -H "Authorization: Bearer $token" "$url/api/v1/user/")
echo "HTTP $status: $(json '["error_message"]' < "$work/refused.json")"
[ "$status" = 401 ] || { echo "demo: expected 401 for the revoked token" >&2; exit 1; }

step "9. The audit log recorded each change"
"$venv/bin/python" -c 'import json,sys; [print(" ", json.loads(l)["kind"]) for l in open(sys.argv[1])]' "$work/server/audit.jsonl"
echo; echo "Demo finished: the revoked token was refused."
