# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a test-support server (quaytest's context managers) as a detached process.

Shared by scripts/run-slapd.py and scripts/run-oidc.py:

    run-X.py start STATE_DIR   start it in its own session, wait until it is ready,
                               and leave STATE_DIR/NAME.json (mode 0600) describing it
    run-X.py stop STATE_DIR    SIGTERM it and wait until it has cleaned up

The detached process holds the context manager, so the harness itself starts,
seeds and stops the real server exactly as in the pytest suites.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

START_TIMEOUT = 120.0
STOP_TIMEOUT = 20.0


def _write_private(path: Path, data: dict) -> None:
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2)
    os.replace(tmp, path)


def _serve(name: str, state_dir: Path, make_server, describe) -> None:
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    with make_server() as server:
        _write_private(state_dir / f"{name}.json", describe(server))
        print(f"{name} ready", flush=True)
        stop.wait()
    (state_dir / f"{name}.json").unlink(missing_ok=True)


def _pid(state_dir: Path, name: str) -> int | None:
    try:
        return int((state_dir / f"{name}.pid").read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start(name: str, state_dir: Path, script: str) -> int:
    state_dir.mkdir(parents=True, exist_ok=True)
    pid = _pid(state_dir, name)
    if pid and _alive(pid) and (state_dir / f"{name}.json").exists():
        print(f"{name} already running (pid {pid})")
        return 0
    log = open(state_dir / f"{name}.log", "ab")  # pylint: disable=consider-using-with
    proc = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, script, "_serve", str(state_dir)],
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    (state_dir / f"{name}.pid").write_text(f"{proc.pid}\n", encoding="utf-8")
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if (state_dir / f"{name}.json").exists():
            print(f"{name} started (pid {proc.pid}); state in {state_dir / (name + '.json')}")
            return 0
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    print(f"{name} did not start; log:\n" + (state_dir / f"{name}.log").read_text(encoding="utf-8", errors="replace")[-3000:], file=sys.stderr)
    stop(name, state_dir)
    return 1


def stop(name: str, state_dir: Path) -> int:
    pid = _pid(state_dir, name)
    if pid and _alive(pid):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.1)
        if _alive(pid):
            os.killpg(pid, signal.SIGKILL)
        print(f"{name} stopped (pid {pid})")
    else:
        print(f"{name} not running")
    (state_dir / f"{name}.pid").unlink(missing_ok=True)
    (state_dir / f"{name}.json").unlink(missing_ok=True)
    return 0


def main(name: str, script: str, make_server, describe) -> int:
    if len(sys.argv) != 3 or sys.argv[1] not in ("start", "stop", "_serve"):
        print(f"usage: {script} start|stop STATE_DIR", file=sys.stderr)
        return 2
    state_dir = Path(sys.argv[2]).resolve()
    if sys.argv[1] == "_serve":
        _serve(name, state_dir, make_server, describe)
        return 0
    if sys.argv[1] == "start":
        return start(name, state_dir, script)
    return stop(name, state_dir)
