#!/usr/bin/env bash
# Run ansible-test on a copy of this repository laid out as
# ansible_collections/projectquay/oauth/, which is the only place it runs from.
#
#   scripts/ansible-test.sh sanity            # --venv --python X.Y (the venv's) added
#   scripts/ansible-test.sh units
#   scripts/ansible-test.sh sanity --test pep8
#
# The venv is $VENV, else ./.venv. ansible-test's --venv mode fetches a pip
# bootstrap script from a host this machine cannot reach; a small stand-in that
# uses the interpreter's own ensurepip is written to ansible-test's cache first.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
venv="${VENV:-$repo/.venv}"
python="$venv/bin/python"
[ -x "$python" ] || { echo "ansible-test.sh: no Python at $python (set VENV)" >&2; exit 2; }

# The stand-in's name depends on the pip version ansible-test pins for a Python version: ask
# ansible-test itself (python_requirements.get_venv_packages, which its pip bootstrap uses) for the
# venv's Python; the file name is ansible_test/_util/target/setup/requirements.py's
# ~/.ansible/test/cache/get_pip_<version with dots as underscores>.py.
pip_version="$("$python" -c '
import sys, types
from ansible_test._internal.python_requirements import get_venv_packages
print(get_venv_packages(types.SimpleNamespace(version="%d.%d" % sys.version_info[:2]))["pip"])
')" || { echo "ansible-test.sh: cannot ask ansible-test for the pip version it bootstraps" >&2; exit 2; }
cache="$HOME/.ansible/test/cache"
mkdir -p "$cache"
# Sanity builds about ten virtualenvs on a machine that has none yet (CI), each bootstrapped by this
# script before ansible-test pip-installs the test's requirements into it. With the project venv's uv
# the bootstrap costs 0.4 s of CPU; ensurepip and then pip upgrading itself cost about 7 s a venv.
cat > "$cache/get_pip_${pip_version//./_}.py" <<STANDIN
"""Offline stand-in for get-pip.py (written by scripts/ansible-test.sh): install the requested
packages (pip==X, ...) with the project venv's uv, or, where that fails, with ensurepip and then pip."""
import os
import subprocess
import sys

UV = '$venv/bin/uv'
packages = [a for a in sys.argv[1:] if not a.startswith('-')]
try:
    # ansible-test runs this with a bare environment (no SSL_CERT_FILE): --system-certs is the machine's CA store,
    # which pip finds through its own configuration.
    subprocess.check_call([UV, 'pip', 'install', '--quiet', '--system-certs', '--python', sys.executable] + packages)
except (OSError, subprocess.CalledProcessError) as exc:
    print('uv could not install %s (%s): falling back to ensurepip and pip' % (packages, exc), file=sys.stderr)
    subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade'])
    subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + packages)
STANDIN

# Outside any git work tree: inside one, ansible-test lists only files git
# tracks there, and a copy under an ignored folder would have none.
work="$(mktemp -d "${TMPDIR:-/tmp}/quay-oauth-ansible-test.XXXXXX")"
dest="$work/ansible_collections/projectquay/oauth"
cleanup() {
    # Keep the reports (junit, bot, coverage) where people look for them.
    if [ -d "$dest/tests/output" ]; then
        mkdir -p "$repo/tests/output"
        cp -r "$dest/tests/output/." "$repo/tests/output/" || echo "ansible-test.sh: could not keep the reports" >&2
    fi
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$dest"
# A copy, not a symlink: ansible-test resolves paths and must see the layout.
tar -C "$repo" \
    --exclude=./.git --exclude=./.venv --exclude=./.ansible --exclude=node_modules --exclude=./tests/output \
    --exclude=./.tmp --exclude=./.pytest_cache --exclude='__pycache__' --exclude='*.tar.gz' \
    -cf - . | tar -C "$dest" -xf -

args=("$@")
has() { local a; for a in "${args[@]}"; do [ "$a" = "$1" ] && return 0; done; return 1; }
if [ "${#args[@]}" -gt 0 ] && { [ "${args[0]}" = sanity ] || [ "${args[0]}" = units ]; }; then
    has --venv || has --local || has --docker || args+=(--venv)
fi
# The venv's own Python: ansible-test runs its tests with that version.
has --python || args+=(--python "$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')")

cd "$dest"
PATH="$venv/bin:$PATH" "$venv/bin/ansible-test" "${args[@]}"
