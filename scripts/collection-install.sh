#!/usr/bin/env bash
# Build the collection tarball exactly as a user gets it and install it into DIR:
#   scripts/collection-install.sh DIR   ->  prints DIR/ansible_collections/projectquay/oauth
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
venv="${VENV:-$repo/.venv}"
dest="${1:?usage: collection-install.sh DIR}"

build="$(mktemp -d "${TMPDIR:-/tmp}/quay-oauth-build.XXXXXX")"
trap 'rm -rf "$build"' EXIT
"$venv/bin/ansible-galaxy" collection build "$repo" --output-path "$build" --force >&2
tarball="$(ls "$build"/projectquay-oauth-*.tar.gz)"
"$venv/bin/ansible-galaxy" collection install --force -p "$dest" "$tarball" >&2
echo "$(cd "$dest" && pwd)/ansible_collections/projectquay/oauth"
