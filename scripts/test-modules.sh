#!/usr/bin/env bash
# The modules' whole test suite, one command, non-zero on any failure:
#
#   scripts/test-modules.sh                 # units, sanity, lint, integration
#   scripts/test-modules.sh integration [TARGET...]
#   scripts/test-modules.sh units|sanity|lint
#
# Needs the venv at $VENV (else ./.venv) with requirements-dev.txt and the
# reference server (pip install ./server; installed here if missing).
# Integration runs from the collection built with ansible-galaxy and installed
# from its tarball, against reference servers started here on free loopback
# ports in a temp dir, and always stopped.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
export VENV="${VENV:-$repo/.venv}"
py="$VENV/bin/python"
[ -x "$py" ] || { echo "test-modules.sh: no Python at $py (set VENV)" >&2; exit 2; }
export PATH="$VENV/bin:$PATH"

stage="${1:-all}"
[ $# -gt 0 ] && shift
failures=()

run_stage() {
    local name="$1"; shift
    echo "=== $name"
    if "$@"; then echo "=== $name: passed"; else echo "=== $name: FAILED"; failures+=("$name"); fi
}

# Units run in this venv (--local), which holds what they need (pytest, pytest-xdist, PyYAML): a --venv run
# builds a new virtualenv and pip-installs into it every time, about 8 s of CPU. That the modules import
# nothing beyond ansible-core is the sanity "import" test's job, in its own virtualenv. One worker: the
# 153 tests take seconds, and each extra xdist worker imports everything again.
units() { "$repo/scripts/ansible-test.sh" units --local --num-workers 1; }
sanity() { "$repo/scripts/ansible-test.sh" sanity; }
lint() { (cd "$repo" && ansible-lint --profile production plugins tests/integration meta galaxy.yml); }

# Stop whatever python -m quaytest started in the folders of $1, then remove it.
stop_servers() {
    local dir
    for dir in "$1"/*/; do "$py" -m quaytest down --dir "$dir" >/dev/null; done
    rm -rf "$1"
}

integration() {
    "$py" -c 'import quayref, quaytest' 2>/dev/null \
        || "$VENV/bin/pip" install --quiet -c "$repo/requirements.lock" -e "$repo/server" -e "$repo/testkit"
    local work
    work="$(mktemp -d "${TMPDIR:-/tmp}/quay-oauth-it.XXXXXX")"
    # shellcheck disable=SC2064
    trap "stop_servers '$work'" RETURN

    local root
    # Stages run inside `if`, where set -e does not apply: check each step.
    root="$("$repo/scripts/collection-install.sh" "$work/collections")" || return 1
    local config="$root/tests/integration/integration_config.yml"
    echo "---" > "$config"
    # Reference servers (python -m quaytest, see testkit/quaytest/cli.py): bootstrap off, bootstrap on, and
    # bootstrap on trusting a real OpenID provider (Node). The paging tests create more than one page (50) of tokens.
    local up=("$py" -m quaytest up quayref --set OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT=1000 --vars "$config")
    "${up[@]}" --dir "$work/server" --prefix quay_ >/dev/null || return 1
    "${up[@]}" --dir "$work/server-bootstrap" --bootstrap --prefix quay_bs_ >/dev/null || return 1
    "$py" -m quaytest up oidc --dir "$work/oidc" >/dev/null || return 1
    "${up[@]}" --dir "$work/server-oidc" --bootstrap --oidc "$work/oidc" --prefix quay_oidc_ >/dev/null || return 1

    # Every target, always: one that cannot run fails the stage.
    local targets=("$@")
    [ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cd "$root/tests/integration/targets" && ls -1)
    (cd "$root" && ansible-test integration --python 3.12 "${targets[@]}")
}

case "$stage" in
    units) run_stage units units ;;
    sanity) run_stage sanity sanity ;;
    lint) run_stage lint lint ;;
    integration) run_stage integration integration "$@" ;;
    all)
        run_stage units units
        run_stage sanity sanity
        run_stage lint lint
        run_stage integration integration
        ;;
    *) echo "usage: $0 [all|units|sanity|lint|integration [TARGET...]]" >&2; exit 2 ;;
esac

if [ ${#failures[@]} -gt 0 ]; then
    echo "test-modules.sh: FAILED: ${failures[*]}"
    exit 1
fi
echo "test-modules.sh: all stages passed"
