#!/usr/bin/env bash
# Run every molecule scenario of role projectquay.oauth.quay_bootstrap
# (extensions/molecule/*): destroy (which cleans up), syntax, prepare, converge, idempotence,
# verify, cleanup. Exits non-zero if any scenario fails or cannot run.
#
#   scripts/test-role.sh                 # every scenario
#   scripts/test-role.sh default oidc    # just these
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
trap 'rm -rf "$work"' EXIT
echo "== build and install the collection from its tarball"
export ANSIBLE_COLLECTIONS_PATH="$work/collections"
"$repo/scripts/collection-install.sh" "$ANSIBLE_COLLECTIONS_PATH" >/dev/null 2>"$work/install.log" || { cat "$work/install.log" >&2; exit 1; }
# The OpenID provider's Node project (npm ci once per clone).
"$venv/bin/python" -c 'from quaytest import oidc_provider; oidc_provider.ensure_node_modules()'

failed=()
declare -A took
for s in "${scenarios[@]}"; do
    echo "== molecule test -s $s"
    start=$SECONDS
    # molecule's idempotence step fails the scenario (non-zero exit) when the second converge changes anything.
    molecule test -s "$s" || failed+=("$s")
    took[$s]=$((SECONDS - start))
done

echo "== summary"
for s in "${scenarios[@]}"; do
    status=passed
    for f in "${failed[@]}"; do [ "$f" = "$s" ] && status=FAILED; done
    printf '  %-15s %-7s %4ss\n' "$s" "$status" "${took[$s]}"
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "test-role.sh: failed: ${failed[*]}" >&2
    exit 1
fi
echo "test-role.sh: all ${#scenarios[@]} scenarios passed (converge, idempotence changed=0, verify)"
