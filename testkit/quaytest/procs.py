"""The child processes quaytest starts (quayref, slapd, the OpenID provider): output to a log, a wait until
they answer, a clean stop."""

import signal
import subprocess
import time
from pathlib import Path


def start_logged(argv, log_path, mode="wb", **popen_args):
    """Popen(argv) with stdout and stderr to `log_path` (opened with `mode`), stdin closed."""
    with open(log_path, mode) as log:
        return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,  # pylint: disable=consider-using-with
                                **popen_args)


def wait_ready(process, probe, timeout, what, log_text, errors=(), interval=0.2):
    """Return once probe() is true; RuntimeError with log_text() if `process` exits first or `timeout` s pass.

    A probe that raises one of `errors` (e.g. connection refused) is not ready yet."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("%s exited with %s:\n%s" % (what, process.returncode, log_text()))
        try:
            if probe():
                return
        except errors:
            pass
        time.sleep(interval)
    raise RuntimeError("%s did not answer within %ss:\n%s" % (what, timeout, log_text()))


def entered(context, *steps):
    """`context` (in its __enter__) once every step() has run; on any failure it is exited first, then the error raised."""
    try:
        for step in steps:
            step()
    except BaseException:
        context.__exit__(None, None, None)
        raise
    return context


def terminate(process, timeout=15.0):
    """SIGTERM, up to `timeout` s for a clean exit, then SIGKILL. A process that has ended is left alone."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def read_text(path):
    """A log's text, or "" when there is none (yet)."""
    path = Path(path) if path else None
    return path.read_text(errors="replace") if path and path.exists() else ""
