#!/usr/bin/env bash
# Create the project's virtualenv from a Python >= 3.12 (ansible-core 2.21 needs it;
# the machine's default python3 may be older and pip there silently gives an older ansible-core).
set -euo pipefail
venv=${1:-.venv}
pick() {
  local candidate
  for candidate in python3.12 python3.13 \
      "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*/bin/python \
      "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13*/bin/python \
      /usr/bin/python3 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && \
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  return 1
}
if [ ! -x "$venv/bin/python" ]; then
  python=$(pick) || { echo "venv.sh: no Python >= 3.12 found (try pyenv install 3.12)" >&2; exit 1; }
  echo "venv.sh: creating $venv with $python"
  "$python" -m venv "$venv"
fi
# Exactly the versions of requirements.lock (`make lock` refreshes it, scripts/check-lock.sh checks it),
# the build backends of the editable installs too.
# pip (which ansible-test's venvs and users of the venv expect at the locked version) and uv first; uv then
# installs the rest: the same versions as pip would, for less CPU. --compile-bytecode as pip does by default:
# where PYTHONDONTWRITEBYTECODE is set (these machines set it) nothing writes .pyc later, and every Python
# process of the test suites would compile FastAPI, SQLAlchemy and ansible-core again (a fresh-clone run
# without it: the SQLite server suite 316 s of CPU instead of about 200 s).
"$venv/bin/python" -m pip install -q --upgrade pip uv -c requirements.lock
"$venv/bin/uv" pip install -q --compile-bytecode --python "$venv/bin/python" -c requirements.lock \
  --build-constraint requirements.lock -r requirements-dev.txt -e ./server -e ./testkit
# Ansible modules run from a zip, for which Python keeps no .pyc: scripts/zipimport_cache.py caches
# what each module task would compile again (a third of its CPU). Loaded at start-up by a .pth line.
site="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
cp "$(dirname "$0")/zipimport_cache.py" "$site/quay_zipimport_cache.py"
echo "import quay_zipimport_cache" > "$site/quay_zipimport_cache.pth"
