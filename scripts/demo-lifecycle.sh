#!/usr/bin/env bash
# Walk the token lifecycle against a fresh reference server, with curl, step by step.
set -euo pipefail
venv=${VENV:-.venv}
work=$(mktemp -d)
port=$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
jar="$work/cookies"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }
json() { "$venv/bin/python" -c "import json,sys; print(json.load(sys.stdin)$1)"; }

step "1. Start a reference server on SQLite in $work (port $port)"
printf 'SUPER_USERS: [admin]\nAUDIT_LOG_PATH: %s/audit.jsonl\n' "$work" > "$work/config.yaml"
echo "demo-password-$RANDOM$RANDOM" > "$work/password"
"$venv/bin/quayref" user create --config "$work/config.yaml" admin --email admin@example.com --password-stdin < "$work/password"
"$venv/bin/quayref" serve --config "$work/config.yaml" --port "$port" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -fs "$url/health/instance" >/dev/null && break; sleep 0.1; done
curl -fsS "$url/health/instance"; echo

step "2. Sign in as admin with a session cookie (GET /csrf_token, POST /api/v1/signin)"
csrf=$(curl -fsS -c "$jar" "$url/csrf_token" | json '["csrf_token"]')
"$venv/bin/python" -c 'import json,sys; print(json.dumps({"username": "admin", "password": open(sys.argv[1]).read().strip()}))' "$work/password" \
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
"$venv/bin/python" -c 'import json,sys; [print(" ", json.loads(l)["kind"]) for l in open(sys.argv[1])]' "$work/audit.jsonl"
echo; echo "Demo finished: the revoked token was refused."
