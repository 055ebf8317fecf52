"""A throw-away PostgreSQL cluster on loopback (Debian's postgresql package).

initdb refuses to run as root, so the cluster belongs to the `postgres` system user.
"""

import glob
import os
import shutil
import subprocess
import tempfile
import uuid

from quaytest.ports import free_port, wait_for_port


def _bindir():
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not candidates:
        raise RuntimeError("PostgreSQL is not installed: `make test` installs Debian's postgresql package")
    return os.path.dirname(candidates[-1])


def _as_postgres(argv):
    if os.geteuid() == 0:
        argv = ["runuser", "-u", "postgres", "--"] + argv
    return subprocess.run(argv, check=True, capture_output=True, text=True)


class PostgresCluster:
    def __init__(self):
        self.migrated_template = None  # quaytest.inprocess.migrated_template
        self.bindir = _bindir()
        self.port = free_port()
        self.root = tempfile.mkdtemp(prefix="quayref-pg-")
        self.datadir = os.path.join(self.root, "data")
        self.sockdir = os.path.join(self.root, "sock")
        os.makedirs(self.sockdir)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.sockdir, "postgres")

    def start(self):
        _as_postgres([os.path.join(self.bindir, "initdb"), "-D", self.datadir, "-U", "postgres", "-A", "trust",
                      "--no-sync", "-E", "UTF8"])
        _as_postgres([os.path.join(self.bindir, "pg_ctl"), "-D", self.datadir, "-l", os.path.join(self.root, "log"),
                      "-o", "-h 127.0.0.1 -p %d -k %s -F -c max_connections=200" % (self.port, self.sockdir), "-w", "start"])
        if not wait_for_port(self.port, 30):
            raise RuntimeError("PostgreSQL did not start; see %s/log" % self.root)
        return self

    def create_database(self, template=None):
        """A new, empty database (or a copy of `template`, a database nobody is connected to); its URL."""
        name = "quayref_" + uuid.uuid4().hex[:12]
        copy = ["-T", template] if template else []
        _as_postgres([os.path.join(self.bindir, "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", *copy, name])
        return "postgresql+psycopg://postgres@127.0.0.1:%d/%s" % (self.port, name)

    def stop(self):
        try:
            _as_postgres([os.path.join(self.bindir, "pg_ctl"), "-D", self.datadir, "-m", "immediate", "-w", "stop"])
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
