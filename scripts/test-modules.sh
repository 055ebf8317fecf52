#!/usr/bin/env bash
# The modules' whole test suite, one command, non-zero on any failure:
#
#   scripts/test-modules.sh                 # units, sanity, integration
#   scripts/test-modules.sh integration [TARGET...]
#   scripts/test-modules.sh units|sanity|lint
#
# Needs the venv at $VENV (else ./.venv) with requirements-dev.txt and the
# reference server (pip install ./server; installed here if missing).
# Integration runs from the collection built with ansible-galaxy and installed
# from its tarball, once per quayref profile (proposal, quay-3.18) against
# servers of that profile started here on free loopback ports in a temp dir,
# and always stopped.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
export VENV="${VENV:-$repo/.venv}"
py="$VENV/bin/python"
[ -x "$py" ] || { echo "test-modules.sh: no Python at $py (set VENV)" >&2; exit 2; }
export PATH="$VENV/bin:$PATH"

stage="${1:-all}"
[ $# -gt 0 ] && shift
failures=()

# Each stage prints its wall and CPU time (user + sys of everything it waited for; the detached test servers
# are not its children, so the integration stage adds theirs itself).
run_stage() {
    local name="$1"; shift
    echo "=== $name"
    local TIMEFORMAT="=== $name: %R s wall, %U s user + %S s sys"
    local status=0
    time { "$@" || status=$?; }
    if [ "$status" -eq 0 ]; then echo "=== $name: passed"; else echo "=== $name: FAILED"; failures+=("$name"); fi
}

# Units run in this venv (--local), which holds what they need (pytest, pytest-xdist, PyYAML): a --venv run
# builds a new virtualenv and pip-installs into it every time, about 8 s of CPU. That the modules import
# nothing beyond ansible-core is the sanity "import" test's job, in its own virtualenv. One worker: the
# 153 tests take seconds, and each extra xdist worker imports everything again.
units() {
    local status=0
    fixture318 || status=1
    "$repo/scripts/ansible-test.sh" units --local --num-workers 1 || status=1
    return "$status"
}
# The units replay tests/unit/plugins/fixtures/quay318_exchanges.json, a copy of exchanges recorded from Quay 3.18
# (ansible-test's copy of the tree cannot reach ../shared): a copy that drifted from the recording fails the stage,
# and so do missing transcripts. quaytest finds them as the server's replay does ($QUAY_TRANSCRIPTS, ../shared).
fixture318() {
    need_testkit || return 1
    local transcripts
    transcripts="$("$py" -c 'from quaytest.replay.transcripts import default_path; print(default_path())')" || return 1
    "$py" "$repo/tests/unit/plugins/fixtures/extract_quay318.py" --check "$transcripts"
}
need_testkit() {
    "$py" -c 'import quayref, quaytest' 2>/dev/null \
        || "$VENV/bin/pip" install --quiet -c "$repo/requirements.lock" -e "$repo/server" -e "$repo/testkit"
}
sanity() { "$repo/scripts/ansible-test.sh" sanity; }
# Not in `all`: make test's docs suite (tests/docs/test_packaging.py) lints the whole repository at the
# production profile, these paths included; this stage is the quick check after editing the collection's YAML.
lint() { (cd "$repo" && ansible-lint --profile production plugins tests/integration meta galaxy.yml); }

# The quayref profiles the targets run against (server/quayref/profiles.py), and the name suffix of a
# target that runs against one of them only.
PROFILES=(proposal quay-3.18)
declare -A SUFFIX=([proposal]=_proposal [quay-3.18]=_quay318)

# The profiles target directory $1 runs against, from its aliases file: a line quay_profile/NAME for each,
# or quay_profile/any alone for a target whose requests do not depend on the profile (bad option values,
# refused before any request): it runs once, against the first. A target of one profile says so in its
# name too. Anything else fails, so that no target can leave a profile out unsaid.
target_profiles() {
    local dir="$1" name profiles=() line profile
    name="$(basename "$dir")"
    while read -r line; do
        [[ "$line" == quay_profile/* ]] || continue
        profile="${line#quay_profile/}"
        [ "$profile" = any ] || [ -n "${SUFFIX[$profile]+set}" ] \
            || { echo "$name: aliases: unknown quay_profile/$profile (any, ${PROFILES[*]})" >&2; return 1; }
        profiles+=("$profile")
    done < "$dir/aliases"
    if [ ${#profiles[@]} -eq 0 ] || { [[ " ${profiles[*]} " == *" any "* ]] && [ ${#profiles[@]} -gt 1 ]; }; then
        echo "$name: aliases: a line quay_profile/NAME for each of ${PROFILES[*]} it runs against, or quay_profile/any alone" >&2
        return 1
    fi
    for profile in "${PROFILES[@]}"; do
        if [ "${profiles[*]}" = "$profile" ]; then
            [[ "$name" == *"${SUFFIX[$profile]}" ]] \
                || { echo "$name: runs against $profile only, so its name ends with ${SUFFIX[$profile]}" >&2; return 1; }
        elif [[ "$name" == *"${SUFFIX[$profile]}" ]]; then
            echo "$name: its name ends with ${SUFFIX[$profile]}, so its aliases name quay_profile/$profile alone" >&2
            return 1
        fi
    done
    [ "${profiles[*]}" = any ] && echo "${PROFILES[0]}" || echo "${profiles[*]}"
}

# Stop the test servers in the folders of $1, saying what CPU they used, then remove $1.
stop_servers() {
    trap - RETURN
    local dirs=("$1"/*/)
    [ -d "${dirs[0]}" ] && { "$py" -m quaytest down "${dirs[@]/#/--dir=}" | sed -n 's/^\(.*\) in all$/=== integration: the test servers used \1/p' || echo "test-modules.sh: could not stop every server in $1" >&2; }
    rm -rf "$1"
}

# Start the servers of profile $1 in $work (the OpenID provider in $work/oidc is up); their connection
# facts go to $work/config-$1.yml.
start_servers() {
    local profile="$1" config="$work/config-$1.yml"
    echo "quay_profile: $profile" > "$config"
    local up=("$py" -m quaytest up quayref --vars "$config")
    case "$profile" in
        # Bootstrap off (quay_), bootstrap on trusting the OpenID provider (quay_bs_), and bootstrap on with a
        # real slapd and no password sign-in (quay_ldap_): LDAP accounts sign in otherwise, so this is where a
        # password goes out as HTTP Basic.
        proposal)
            "${up[@]}" --dir "$work/proposal" --prefix quay_ >/dev/null || return 1
            "${up[@]}" --dir "$work/proposal-bootstrap" --bootstrap --oidc "$work/oidc" --prefix quay_bs_ >/dev/null || return 1
            "$py" -m quaytest up slapd --dir "$work/slapd" >/dev/null || return 1
            "${up[@]}" --dir "$work/proposal-ldap" --bootstrap --slapd "$work/slapd" --admin none \
                --set FEATURE_DIRECT_LOGIN=false --prefix quay_ldap_ >/dev/null || return 1
            ;;
        # As Project Quay 3.18, its config keys and defaults; SSO JWTs of the OpenID provider are its users.
        quay-3.18)
            "${up[@]}" --dir "$work/quay-3.18" --set QUAYREF_PROFILE=quay-3.18 --oidc "$work/oidc" --prefix quay_ >/dev/null || return 1
            ;;
    esac
}

integration() {
    need_testkit || return 1
    local work
    work="$(mktemp -d "${TMPDIR:-/tmp}/quay-oauth-it.XXXXXX")"
    # shellcheck disable=SC2064
    trap "stop_servers '$work'" RETURN

    local root
    # Stages run inside `if`, where set -e does not apply: check each step.
    root="$("$repo/scripts/collection-install.sh" "$work/collections")" || return 1

    # Every target, in every profile its aliases name: one that cannot run fails the stage.
    local targets=("$@") target profile
    [ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cd "$root/tests/integration/targets" && ls -1)
    declare -A pass=()
    for target in "${targets[@]}"; do
        [ -d "$root/tests/integration/targets/$target" ] || { echo "no integration target $target" >&2; return 1; }
        local of
        of="$(target_profiles "$root/tests/integration/targets/$target")" || return 1
        for profile in $of; do pass[$profile]+=" $target"; done
    done

    # A real OpenID provider (Node) for both profiles, then each profile's servers, side by side.
    "$py" -m quaytest up oidc --dir "$work/oidc" >/dev/null || return 1
    local pids=() pid failed=0
    for profile in "${PROFILES[@]}"; do
        [ -n "${pass[$profile]:-}" ] || continue
        start_servers "$profile" & pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
    [ "$failed" -eq 0 ] || return 1

    # One ansible-test pass per profile, each with that profile's servers as quay_*; both always run.
    for profile in "${PROFILES[@]}"; do
        [ -n "${pass[$profile]:-}" ] || continue
        echo "=== integration, profile $profile:${pass[$profile]}"
        cp "$work/config-$profile.yml" "$root/tests/integration/integration_config.yml"
        # shellcheck disable=SC2086
        (cd "$root" && ansible-test integration --python 3.12 --continue-on-error ${pass[$profile]}) \
            || { echo "=== integration, profile $profile: FAILED"; failed=1; }
    done
    return "$failed"
}

case "$stage" in
    units) run_stage units units ;;
    sanity) run_stage sanity sanity ;;
    lint) run_stage lint lint ;;
    integration) run_stage integration integration "$@" ;;
    all)
        run_stage units units
        run_stage sanity sanity
        run_stage integration integration
        ;;
    *) echo "usage: $0 [all|units|sanity|lint|integration [TARGET...]]" >&2; exit 2 ;;
esac

if [ ${#failures[@]} -gt 0 ]; then
    echo "test-modules.sh: FAILED: ${failures[*]}"
    exit 1
fi
echo "test-modules.sh: all stages passed"
