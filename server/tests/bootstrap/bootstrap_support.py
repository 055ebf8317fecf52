"""Loads the repository's ``tests/support`` harnesses (real slapd, real OpenID provider).

They are loaded by path under private module names so that they cannot clash
with the PyPI ``slapd`` package or another ``tests`` package.
"""

import importlib.util
import sys
from pathlib import Path

SUPPORT_DIR = Path(__file__).resolve().parents[3] / "tests" / "support"


def _load(name: str):
    module_name = f"quayref_test_support_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, SUPPORT_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


support_slapd = _load("slapd")
support_oidc = _load("oidc_provider")
