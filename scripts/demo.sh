#!/usr/bin/env bash
# make demo: the zero-touch story, from a fresh clone, in under a minute.
# Builds the collection, installs it from the tarball, starts a reference Quay with
# programmatic bootstrap off, lets the role quay_bootstrap provision a token, shows
# it working, runs the role again (changed=0), and stops the server.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
venv="$(cd "${VENV:-.venv}" && pwd)"
export PATH="$venv/bin:$PATH" VENV="$venv" ANSIBLE_NOCOLOR=1 ANSIBLE_DEPRECATION_WARNINGS=0 ANSIBLE_LOCALHOST_WARNING=false
# Show only what changes: ansible prints a task's banner when it has a result to show.
export ANSIBLE_DISPLAY_OK_HOSTS=false ANSIBLE_DISPLAY_SKIPPED_HOSTS=false
work="$(mktemp -d "${TMPDIR:-/tmp}/quay-demo.XXXXXX")"
chmod 700 "$work"
quaytest=(python -m quaytest)
started=$SECONDS
cleanup() {
    "${quaytest[@]}" down --dir "$work" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
say() { printf '   %s\n' "$*"; }

step "1. Build the collection and install it from its tarball"
export ANSIBLE_COLLECTIONS_PATH="$work/collections"
"$repo/scripts/collection-install.sh" "$ANSIBLE_COLLECTIONS_PATH" 2>&1 | grep -E '^Created|installed successfully|^/' | sed 's/^/   /'

step "2. Start a reference Quay server: SQLite, FEATURE_PROGRAMMATIC_BOOTSTRAP false, superuser admin"
# python -m quaytest (testkit/quaytest/cli.py, a dev tool of this repo): config.yaml, the superuser admin
# (`quayref user create`, a random password) and `quayref serve` detached, in $work.
"${quaytest[@]}" up quayref --dir "$work" --admin create --set SERVER_HOSTNAME=quay.demo.test | sed 's/^/   /'
url="$(python -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"])' "$work/state.json")"
say "Quay answers at $url; its config has FEATURE_PROGRAMMATIC_BOOTSTRAP: $(python -c 'import sys,yaml; print(yaml.safe_load(open(sys.argv[1]))["FEATURE_PROGRAMMATIC_BOOTSTRAP"])' "$work/config.yaml")"
say "There is no token anywhere yet: nobody has opened the web UI."

# The playbook's inputs; the file holds the admin password, so it is private.
python - "$work/vars.json" "$work" "$venv/bin/python -m quaytest restart --dir $work" <<'PY'
import json, os, sys
path, work, restart = sys.argv[1:]
with open(os.path.join(work, "state.json")) as handle:
    state = json.load(handle)
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
with os.fdopen(fd, "w") as handle:
    json.dump({"demo_quay_url": state["url"], "demo_dir": work, "demo_admin_password": state["admin_password"],
               "demo_restart_command": restart}, handle)
PY

step "3. Run playbooks/demo.yml: role quay_bootstrap signs in (no flag needed for a password), creates org, app and token"
# Each task that changed something, by name, then the play recap.
changes() {
    awk '/^(TASK|RUNNING HANDLER) \[/ { sub(/^(TASK|RUNNING HANDLER) \[([^:]*: )?/, ""); sub(/\] \**$/, ""); task = $0 }
         /^changed: / { print "   changed: " task }
         /^(fatal|failed):/ { print "   FAILED: " task }
         /^localhost +:/ { print "   " $0 }' "$1"
}
ansible-playbook -i localhost, "$repo/playbooks/demo.yml" -e "@$work/vars.json" > "$work/run1.log" || { cat "$work/run1.log"; exit 1; }
changes "$work/run1.log"
say "The config now has FEATURE_PROGRAMMATIC_BOOTSTRAP: $(python -c 'import sys,yaml; print(yaml.safe_load(open(sys.argv[1]))["FEATURE_PROGRAMMATIC_BOOTSTRAP"])' "$work/config.yaml")"
say "Token file: $(stat -c '%A %s bytes' "$work/quay-token") (the secret itself is not printed)"

step "4. Use the stored token: GET /api/v1/user/ with Authorization: Bearer <token>"
curl -fsS -H "Authorization: Bearer $(cat "$work/quay-token")" "$url/api/v1/user/" \
  | python -c 'import json,sys; u=json.load(sys.stdin); print("   signed in as %s (superuser: %s), member of %s" % (u["username"], u["super_user"], [o["name"] for o in u["organizations"]]))'

step "5. List the application's tokens with the module quay_oauth_token_info (QUAY_HOST and QUAY_TOKEN from the environment)"
QUAY_HOST="$url" QUAY_TOKEN="$(cat "$work/quay-token")" \
  ansible localhost -i localhost, -c local -e "ansible_python_interpreter=$venv/bin/python" -m projectquay.oauth.quay_oauth_token_info \
  -a "organization=platform application=automation" -o \
  | python -c 'import json,sys
line = sys.stdin.read()
data = json.loads(line[line.index("{"):])
for t in data["tokens"]:
    print("   %(name)s  uuid %(uuid)s  scope \"%(scope)s\"  expires %(expires_at)s  minted by %(created_by)s via %(auth_method)s" % t)'

step "6. Run the same playbook again: the stored token is still valid, so nothing changes"
ansible-playbook -i localhost, "$repo/playbooks/demo.yml" -e "@$work/vars.json" > "$work/run2.log" || { cat "$work/run2.log"; exit 1; }
changes "$work/run2.log"
grep -Eq '^localhost +:.* changed=0 ' "$work/run2.log" || { echo "demo: the second run changed something" >&2; exit 1; }
say "changed=0: the role found the stored token valid, with the wanted name and scopes, and left everything alone."

step "7. What the audit log recorded"
python - "$work/audit.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    m = e.get("metadata") or {}
    extra = m.get("method") or m.get("token_name") or m.get("application_name") or m.get("namespace") or ""
    print("   %-26s by %-8s %s" % (e["kind"], (e.get("performer") or {}).get("name", "-"), extra))
PY

step "8. Stop the server"
"${quaytest[@]}" down --dir "$work" | sed 's/^/   /'
echo
echo "Demo finished in $((SECONDS - started)) s: zero-touch token provisioned, and the second run reported changed=0."
