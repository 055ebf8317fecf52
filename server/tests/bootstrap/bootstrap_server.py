"""Run `quayref serve` for real on a free loopback port, for the bootstrap tests.

The server is started as ``python -m quayref.cli serve`` with this checkout's
``server/`` first on PYTHONPATH, so the code under test is this tree's even when
another checkout is installed into the virtualenv.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import httpx
import yaml

SERVER_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SECRET_KEY = "bootstrap-test-secret-key"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env():
    path = os.environ.get("PYTHONPATH")
    return dict(os.environ, PYTHONPATH=SERVER_DIR + (os.pathsep + path if path else ""))


def run_cli(*args, stdin=None, check=True):
    """`quayref ARGS` from this checkout."""
    return subprocess.run([sys.executable, "-m", "quayref.cli", *args], input=stdin, text=True, capture_output=True,
                          check=check, env=_env(), timeout=120)


class QuayrefServer:
    """One `quayref serve` process with a config written for the test; restartable on the same data."""

    def __init__(self, **config):
        self.workdir = tempfile.mkdtemp(prefix="quayref-bootstrap-")
        self.audit_path = os.path.join(self.workdir, "audit.jsonl")
        self.config = {"SECRET_KEY": SECRET_KEY, "AUDIT_LOG_PATH": self.audit_path, "SUPER_USERS": ["admin"]}
        self.config.update(config)
        self.config_path = os.path.join(self.workdir, "config.yaml")
        self.write_config()
        self.port = None
        self.process = None
        self.log_paths = []

    def write_config(self):
        with open(self.config_path, "w", encoding="utf-8") as handle:
            yaml.safe_dump(self.config, handle)

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def create_user(self, name, password):
        run_cli("user", "create", "--config", self.config_path, name, "--email", name + "@example.org", "--password-stdin",
                stdin=password + "\n")

    def start(self, timeout=60, workers=1):
        self.port = free_port()
        log_path = os.path.join(self.workdir, "server-%d.log" % self.port)
        self.log_paths.append(log_path)
        with open(log_path, "w", encoding="utf-8") as log:
            self.process = subprocess.Popen(  # pylint: disable=consider-using-with
                [sys.executable, "-m", "quayref.cli", "serve", "--config", self.config_path, "--port", str(self.port),
                 "--workers", str(workers)],
                stdout=log, stderr=subprocess.STDOUT, env=_env())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("quayref exited with %s:\n%s" % (self.process.returncode, self.logs()))
            try:
                if httpx.get(self.url + "/health/instance", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("quayref did not answer:\n" + self.logs())

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self, **changes):
        self.stop()
        self.config.update(changes)
        for key in [k for k, v in changes.items() if v is None]:
            del self.config[key]
        self.write_config()
        return self.start()

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def logs(self):
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

    def request(self, method, path, *, auth=None, bearer=None, **kwargs):
        headers = dict(kwargs.pop("headers", {}))
        if bearer is not None:
            headers["Authorization"] = "Bearer " + bearer
        with httpx.Client(base_url=self.url, timeout=30) as client:
            return client.request(method, path, auth=auth, headers=headers, **kwargs)
