"""Run `quayref serve` for real on a free loopback port, with a config written for the test.

The server runs as ``python -m quayref.cli`` from the virtualenv, where ``./server`` is
installed in editable mode, so the code under test is this checkout's.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

from quaytest import config as quayref_config
from quaytest.config import ADMIN_PASSWORD  # pylint: disable=unused-import  # noqa: F401 (re-exported for the suites)
from quaytest.ports import free_port
from quaytest.procs import start_logged, terminate, wait_ready

QUAYREF = os.path.join(os.path.dirname(sys.executable), "quayref")


def run_cli(*args, stdin=None, check=True):
    """`quayref ARGS` from this checkout."""
    return subprocess.run([sys.executable, "-m", "quayref.cli", *args], input=stdin, text=True, capture_output=True,
                          check=check, timeout=120)


def serve(config_path, port, log_path, workers=1, profile=None, detached=False):
    """Start `quayref serve` on 127.0.0.1:`port`, its output to `log_path` (a new file, or appended when
    `detached`); the Popen.

    `profile` is passed as QUAYREF_PROFILE; `detached` puts the server in its own session, so that it
    outlives the caller (the `python -m quaytest` commands)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    if profile:
        env["QUAYREF_PROFILE"] = profile
    argv = [sys.executable, "-m", "quayref.cli", "serve", "--config", config_path, "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(workers)]
    return start_logged(argv, log_path, mode="ab" if detached else "wb", env=env, start_new_session=detached)


def cpu_seconds(root):
    """User + sys CPU seconds of `root` and its descendants so far (reaped children included), from /proc.
    A detached server (`serve(..., detached=True)`) is nobody's child: no `time` of a caller counts it."""
    parents, used = {}, {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/%s/stat" % entry, encoding="ascii") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()  # state, ppid, ...: stat fields 3 on
        except (OSError, IndexError):
            continue
        parents[int(entry)], used[int(entry)] = int(fields[1]), sum(map(int, fields[11:15]))  # utime..cstime
    total = 0
    for pid, ticks in used.items():
        while pid not in (root, 0, 1) and pid in parents:
            pid = parents[pid]
        total += ticks if pid == root else 0
    return total / os.sysconf("SC_CLK_TCK")


def wait_healthy(url, process, timeout, log_text):
    """Return once GET `url`/health/instance answers 200; RuntimeError (with `log_text()`) if the process
    exits first or `timeout` seconds pass."""
    import httpx  # pylint: disable=import-outside-toplevel  # where used: `python -m quaytest access-log` imports this module
    from quaytest import httpclient  # pylint: disable=import-outside-toplevel

    wait_ready(process, lambda: httpclient.get(url + "/health/instance", timeout=2).status_code == 200, timeout, "quayref",
               log_text, errors=httpx.HTTPError, interval=0.1)


class Server:
    """One server process with a config written for the test; restartable on the same data,
    and `sibling` starts a second process on the same database."""

    def __init__(self, db_uri=None, workdir=None, **config):
        self.workdir = workdir or tempfile.mkdtemp(prefix="quayref-test-")
        self.owns_workdir = workdir is None
        self.config = quayref_config.compose(self.workdir, DB_URI=db_uri, **config)
        self.audit_path = self.config.get("AUDIT_LOG_PATH")
        self.config_path = os.path.join(self.workdir, "config.yaml")
        self.write_config()
        self.port = None
        self.process = None
        self.log_paths = []
        self.workers = 1

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def write_config(self):
        quayref_config.write(self.config_path, self.config)

    def create_user(self, name, password, email=None, password_cost=None):
        """As `quayref user create --config CONFIG` does it, in this process: a CLI process per user costs
        a second and a half of imports and hashing (test_cli.py runs the command itself). The hash is at
        quaytest.inprocess.FIXTURE_COST unless `password_cost` says otherwise (REAL_COST: Quay's)."""
        from quaytest import inprocess  # pylint: disable=import-outside-toplevel  # quayref and FastAPI: only where used

        cost = inprocess.FIXTURE_COST if password_cost is None else password_cost
        inprocess.create_user(self.config, self.workdir, name, password, email, cost)

    def start(self, workers=1, timeout=60):
        self.workers = workers
        self.port = free_port()
        log_path = os.path.join(self.workdir, "server-%d.log" % self.port)
        self.log_paths.append(log_path)
        self.process = serve(self.config_path, self.port, log_path, workers=workers)
        try:
            wait_healthy(self.url, self.process, timeout, self.log)
        except RuntimeError:
            self.stop()
            raise
        return self

    def sibling(self):
        """A second server process on the same config and database."""
        other = Server.__new__(Server)
        other.__dict__.update(self.__dict__)
        other.owns_workdir = False
        other.log_paths = list(self.log_paths)
        return other.start()

    def restart(self, **changes):
        """Stop, change config keys (None removes one), start again on the same data."""
        self.stop()
        self.config.update(changes)
        for key in [k for k, v in changes.items() if v is None]:
            del self.config[key]
        self.write_config()
        return self.start(workers=self.workers)

    def log(self):
        text = []
        for path in self.log_paths:
            with open(path, encoding="utf-8", errors="replace") as handle:
                text.append(handle.read())
        return "".join(text)

    def audit_lines(self):
        if not os.path.exists(self.audit_path):
            return []
        with open(self.audit_path, encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def stop(self):
        terminate(self.process, timeout=20)
        self.process = None

    def cleanup(self):
        self.stop()
        if self.owns_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def client(self, token=None, **kwargs):
        from quaytest import httpclient  # pylint: disable=import-outside-toplevel
        headers = {"Authorization": "Bearer " + token} if token else {}
        return httpclient.client(base_url=self.url, headers=headers, timeout=30, **kwargs)

    def request(self, method, path, *, auth=None, bearer=None, **kwargs):
        """One request on a fresh connection: Basic `auth` (user, password) or a `bearer` token."""
        from quaytest import httpclient  # pylint: disable=import-outside-toplevel
        headers = dict(kwargs.pop("headers", {}))
        if bearer is not None:
            headers["Authorization"] = "Bearer " + bearer
        with httpclient.client(base_url=self.url, timeout=30) as client:
            return client.request(method, path, auth=auth, headers=headers, **kwargs)
