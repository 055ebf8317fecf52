#!/usr/bin/env bash
# Check that requirements.lock pins every package of the requirement inputs (see INPUTS in
# scripts/lock.py), within their specifiers, and was generated from them (`make lock` refreshes it).
# No network; runs before the venv exists, with the venv's Python if there, else any Python >= 3.11.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
venv="${VENV:-$repo/.venv}"
for python in "$venv/bin/python" python3.12 python3.13 python3.11 python3; do
  if command -v "$python" >/dev/null 2>&1 && \
     "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    exec "$python" "$repo/scripts/lock.py" check
  fi
done
echo "check-lock.sh: no Python >= 3.11 found" >&2
exit 2
