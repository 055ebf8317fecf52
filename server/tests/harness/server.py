"""Run `quayref serve` for real on a free loopback port, with a config written for the test."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile

import httpx
import yaml

from harness.ports import free_port, wait_for_port

QUAYREF = os.path.join(os.path.dirname(sys.executable), "quayref")
ADMIN_PASSWORD = "correct horse battery staple"


class Server:
    """One server process (or several sharing a database, see `sibling`)."""

    def __init__(self, db_uri=None, workdir=None, **config):
        self.workdir = workdir or tempfile.mkdtemp(prefix="quayref-test-")
        self.owns_workdir = workdir is None
        self.config = {"SUPER_USERS": ["admin"], "SECRET_KEY": "test-secret-key",
                       "AUDIT_LOG_PATH": os.path.join(self.workdir, "audit.jsonl")}
        if db_uri:
            self.config["DB_URI"] = db_uri
        self.config.update(config)
        self.config_path = os.path.join(self.workdir, "config.yaml")
        with open(self.config_path, "w", encoding="utf-8") as handle:
            yaml.safe_dump(self.config, handle)
        self.port = None
        self.process = None
        self.log_path = None

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def create_user(self, name, password, email=None):
        subprocess.run([QUAYREF, "user", "create", "--config", self.config_path, name, "--email", email or name + "@example.com",
                        "--password-stdin"], input=password + "\n", text=True, check=True, capture_output=True)

    def start(self, workers=1, timeout=60):
        self.port = free_port()
        self.log_path = os.path.join(self.workdir, "server-%d.log" % self.port)
        log = open(self.log_path, "w", encoding="utf-8")  # pylint: disable=consider-using-with
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            [QUAYREF, "serve", "--config", self.config_path, "--port", str(self.port), "--workers", str(workers)],
            stdout=log, stderr=subprocess.STDOUT)
        if not wait_for_port(self.port, timeout, self.process):
            self.stop()
            raise RuntimeError("quayref did not start:\n" + self.log())
        return self

    def sibling(self):
        """A second server process on the same config and database."""
        other = Server.__new__(Server)
        other.__dict__.update(self.__dict__)
        other.owns_workdir = False
        return other.start()

    def log(self):
        with open(self.log_path, encoding="utf-8") as handle:
            return handle.read()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def cleanup(self):
        self.stop()
        if self.owns_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def client(self, token=None, **kwargs):
        headers = {"Authorization": "Bearer " + token} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30, **kwargs)
