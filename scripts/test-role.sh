#!/usr/bin/env bash
# Run every molecule scenario of role projectquay.oauth.quay_bootstrap
# (extensions/molecule/*): prepare, converge, idempotence, verify, destroy (which cleans up).
# Each scenario runs once per quayref profile it makes sense in: a scenario
# named *_proposal (the proposal's bootstrap authentication, which Quay 3.18 does not have)
# with QUAYREF_PROFILE proposal only, every other one with proposal and with quay-3.18
# (MOLECULE_QUAYREF_PROFILE tells the playbooks). Exits non-zero if any run fails or cannot run.
#
#   scripts/test-role.sh                          # every scenario, in each of its profiles
#   scripts/test-role.sh default oidc_proposal    # just these
#   PROFILES=quay-3.18 scripts/test-role.sh       # only the runs in these profiles
#
# The collection under test is built with ansible-galaxy and installed from the
# tarball into a throw-away directory, as a user would, and ANSIBLE_COLLECTIONS_PATH
# points there. Tools come from $VENV (default ./.venv).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
venv="$(cd "${VENV:-$repo/.venv}" && pwd)"
export PATH="$venv/bin:$PATH" VENV="$venv" NO_COLOR=1
for tool in ansible-galaxy ansible-playbook molecule quayref; do
    command -v "$tool" >/dev/null || { echo "test-role.sh: $tool not found in $venv/bin" >&2; exit 2; }
done
command -v slapd >/dev/null || [ -x /usr/sbin/slapd ] || { echo "test-role.sh: slapd is not installed (scripts/system-deps.sh)" >&2; exit 2; }
command -v npm >/dev/null || { echo "test-role.sh: npm is not installed (scripts/system-deps.sh)" >&2; exit 2; }

mapfile -t all < <(find extensions/molecule -mindepth 2 -maxdepth 2 -name molecule.yml -printf '%h\n' | xargs -n1 basename | sort)
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=("${all[@]}")
for s in "${scenarios[@]}"; do
    [ -f "extensions/molecule/$s/molecule.yml" ] || { echo "test-role.sh: no scenario $s (have: ${all[*]})" >&2; exit 2; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/quay-role-test.XXXXXX")"
# Each run has its own molecule ephemeral directory in $work (so none starts from what an earlier,
# killed run left); whatever servers a run left there (an interrupted run) stop here.
# A multi-node scenario has a state directory per host under state/ (extensions/molecule/shared/vars/main.yml).
stop_leftovers() {
    shopt -s nullglob
    local dirs=("$work"/molecule-*/state/ "$work"/molecule-*/state/*/)
    [ ${#dirs[@]} -gt 0 ] && "$venv/bin/python" -m quaytest down "${dirs[@]/#/--dir=}" >/dev/null 2>&1
    rm -rf "$work"
}
trap stop_leftovers EXIT

# molecule runs `ansible-playbook --version` before each step only to log the version at debug level:
# half a second of CPU each, five a run. A wrapper first in PATH answers that from one real call
# and runs everything else with the real ansible-playbook.
mkdir "$work/bin"
ansible-playbook --version > "$work/bin/ansible-playbook.version"
cat > "$work/bin/ansible-playbook" <<EOF
#!/bin/sh
[ "\$*" = --version ] && exec cat '$work/bin/ansible-playbook.version'
exec '$venv/bin/ansible-playbook' "\$@"
EOF
chmod +x "$work/bin/ansible-playbook"
export PATH="$work/bin:$PATH"
echo "== build and install the collection from its tarball"
export ANSIBLE_COLLECTIONS_PATH="$work/collections"
"$repo/scripts/collection-install.sh" "$ANSIBLE_COLLECTIONS_PATH" >/dev/null 2>"$work/install.log" || { cat "$work/install.log" >&2; exit 1; }
# The OpenID provider's Node project (npm ci once per clone).
"$venv/bin/python" -c 'from quaytest import oidc_provider; oidc_provider.ensure_node_modules()'

profiles_of() {
    case "$1" in
        *_proposal) echo proposal ;;
        *) echo proposal quay-3.18 ;;
    esac
}
wanted=" ${PROFILES:-proposal quay-3.18} "

runs=()
for s in "${scenarios[@]}"; do
    for p in $(profiles_of "$s"); do
        [[ "$wanted" == *" $p "* ]] && runs+=("$s@$p")
    done
done
[ ${#runs[@]} -gt 0 ] || { echo "test-role.sh: no run left (PROFILES=${PROFILES:-})" >&2; exit 2; }

# CPU (user + sys of molecule and everything it starts: ansible, the servers) as well as wall;
# without GNU time, wall only.
timed() {
    local out="$1"; shift
    if [ -x /usr/bin/time ]; then /usr/bin/time -f '%U %S' -o "$out" "$@"; else "$@"; fi
}

failed=()
declare -A took
for run in "${runs[@]}"; do
    s="${run%@*}" p="${run#*@}"
    echo "== molecule test -s $s (QUAYREF_PROFILE $p)"
    start=$SECONDS
    # molecule's idempotence step fails the scenario (non-zero exit) when the second converge changes anything.
    MOLECULE_QUAYREF_PROFILE="$p" MOLECULE_EPHEMERAL_DIRECTORY="$work/molecule-$run" \
        timed "$work/cpu.$run" molecule test -s "$s" || failed+=("$run")
    took[$run]=$((SECONDS - start))
done

echo "== summary"
for run in "${runs[@]}"; do
    status=passed
    for f in "${failed[@]}"; do [ "$f" = "$run" ] && status=FAILED; done
    cpu=$(awk 'END { printf "%.0f", $1 + $2 }' "$work/cpu.$run" 2>/dev/null || echo '?')
    printf '  %-15s %-10s %-7s %4ss wall %4ss CPU\n' "${run%@*}" "${run#*@}" "$status" "${took[$run]}" "$cpu"
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "test-role.sh: failed: ${failed[*]}" >&2
    exit 1
fi
echo "test-role.sh: all ${#runs[@]} runs of ${#scenarios[@]} scenarios passed (converge, idempotence changed=0, verify)"
