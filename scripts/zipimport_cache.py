# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compiled-code cache for the Python that Ansible modules run from a zip (AnsiballZ), in this venv only.

Every module task runs a fresh Python that imports ansible.module_utils and the module from the
zip the controller sends. Python writes no .pyc for a zip import: each task compiles the same
sources again, about 0.15 s of the 0.35 s CPU that one module task costs on this machine, and
the role and integration suites run hundreds of them.

scripts/venv.sh installs this file into the venv's site-packages with a .pth line that imports
it at start-up. It caches the code objects that zipimport compiles, for archives named as
AnsiballZ names its payload (ansible_<module>_payload.zip) and nothing else, keyed by the
SHA-256 of the source, the Python version and the optimisation level: the code that runs is
exactly what compiling that source gives (the cached object gets the file name of this import,
as a fresh compile would). Anything that goes wrong (no cache directory, a write that fails)
falls back to plain compiling. QUAY_ZIPIMPORT_CACHE=off turns it off; QUAY_ZIPIMPORT_CACHE=DIR
moves the cache (default: zipimport-cache in the venv).
"""

import hashlib
import marshal
import os
import re
import sys
import zipimport

_PAYLOAD = re.compile(r"[/\\]ansible_[^/\\]+_payload\.zip[/\\]")
_SETTING = os.environ.get("QUAY_ZIPIMPORT_CACHE", "")
_DIRECTORY = _SETTING if _SETTING not in ("", "off") else os.path.join(sys.prefix, "zipimport-cache")


def _with_filename(code, filename):
    """`code` and every code object nested in it, with co_filename set to `filename`."""
    consts = tuple(_with_filename(const, filename) if isinstance(const, type(code)) else const for const in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


def _cached(compile_source):
    def compile_cached(pathname, source):
        if not _PAYLOAD.search(pathname):
            return compile_source(pathname, source)
        key = hashlib.sha256(b"%s\0%d\0" % (sys.version.encode(), sys.flags.optimize) + source).hexdigest()
        path = os.path.join(_DIRECTORY, key[:2], key)
        try:
            with open(path, "rb") as handle:
                return _with_filename(marshal.load(handle), pathname)
        except (OSError, EOFError, ValueError, TypeError):
            pass
        code = compile_source(pathname, source)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            partial = "%s.%d.tmp" % (path, os.getpid())
            with open(partial, "wb") as handle:
                marshal.dump(code, handle)
            os.replace(partial, path)
        except OSError:
            pass
        return code
    compile_cached.uncached = compile_source
    return compile_cached


def install():
    """Wrap zipimport's compile step (once; a no-op where this Python has no such step)."""
    if _SETTING == "off":
        return
    compile_source = getattr(zipimport, "_compile_source", None)
    if compile_source is not None and not hasattr(compile_source, "uncached"):
        zipimport._compile_source = _cached(compile_source)  # pylint: disable=protected-access


install()
