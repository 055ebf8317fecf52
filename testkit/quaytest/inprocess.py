"""quayref inside the test process: the app `quayref serve` would run, driven by FastAPI's TestClient.

`make_app` is the one place that turns a config mapping into a running app. It goes
through a written config.yaml and `quayref.settings.load_settings`, as the server does, so what
is tested is what a file would give; then it migrates and reconciles as `cmd_serve`
does before it listens.

`InProcessServer` offers the parts of `quaytest.server.Server` that tests use
(client, request, create_user, audit_lines, log, config, workdir, audit_path), so a
test or helper is written once for either kind.
"""

import atexit
import contextlib
import functools
import logging
import os
import shutil
import tempfile
import warnings

with warnings.catch_warnings():
    # Starlette would rather have httpx2; the httpx it falls back to is the one the suites pin.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from quaytest import config as quayref_config
from quaytest.server import Server

# Where the app believes requests come from: audit rows record a loopback IP, as
# they do for a real server on 127.0.0.1 (TestClient's default is "testclient").
CLIENT_ADDRESS = ("127.0.0.1", 50000)
BASE_URL = "http://127.0.0.1"


class StartupFailed(RuntimeError):
    """What `quayref serve` prints before it exits 2 (for example a bad BOOTSTRAP_TOKEN_OWNER)."""


def load_config(config, workdir):
    """Write `config` to WORKDIR/config.yaml and read it back completed, as the server reads its file."""
    from quayref.settings import load_settings  # pylint: disable=import-outside-toplevel

    path = os.path.join(workdir, "config.yaml")
    quayref_config.write(path, config)
    return load_settings(path)


def make_app(config, workdir):
    """The FastAPI app for `config` on a migrated, reconciled database (as `quayref serve` makes it)."""
    # Imported here: the plugin loads this module in every suite, quayref only where it is tested.
    from quayref.api.app import create_app  # pylint: disable=import-outside-toplevel
    from quayref.db import make_engine, make_sessionmaker  # pylint: disable=import-outside-toplevel
    from quayref.services.bootstrap import startup  # pylint: disable=import-outside-toplevel

    loaded = load_config(config, workdir)
    migrate_database(loaded.DB_URI)
    engine = make_engine(loaded)
    try:
        startup.reconcile(loaded, make_sessionmaker(engine))
    except startup.StartupError as exc:
        raise StartupFailed("quayref: %s" % exc) from None
    finally:
        engine.dispose()
    return create_app(loaded)


# Migrating an empty database costs 0.1 s of CPU (Alembic compiles and runs the seven revisions), and
# the suites make one for nearly every app. A new SQLite file starts as a copy of one this process
# migrated from empty; a PostgreSQL database as a copy (CREATE DATABASE ... TEMPLATE) of one migrated
# once per cluster. Either way quayref's migrate.upgrade then runs on it, as at every start, and finds
# it at head. `quayref serve` (server_factory, the replays, test_cli.py) still migrates its new
# databases from empty, on SQLite and on PostgreSQL.

@functools.lru_cache(maxsize=None)
def _migrated_sqlite_file():
    from quayref.db import migrate  # pylint: disable=import-outside-toplevel

    folder = tempfile.mkdtemp(prefix="quayref-migrated-")
    atexit.register(shutil.rmtree, folder, True)
    path = os.path.join(folder, "quayref.db")
    migrate.upgrade("sqlite:///" + path)
    return path


def migrated_template(pg_cluster):
    """The name of a database of `pg_cluster` migrated from empty, made on first use, for
    `pg_cluster.create_database(template=...)`."""
    if getattr(pg_cluster, "migrated_template", None) is None:
        from quayref.db import migrate  # pylint: disable=import-outside-toplevel
        from sqlalchemy.engine import make_url  # pylint: disable=import-outside-toplevel

        db_uri = pg_cluster.create_database()
        migrate.upgrade(db_uri)
        pg_cluster.migrated_template = make_url(db_uri).database
    return pg_cluster.migrated_template


def migrate_database(db_uri):
    """migrate.upgrade(db_uri), as `quayref serve` does first; an SQLite file that does not exist yet is
    first copied from one migrated from empty."""
    from quayref.db import migrate  # pylint: disable=import-outside-toplevel
    from sqlalchemy.engine import make_url  # pylint: disable=import-outside-toplevel

    url = make_url(db_uri)
    if url.get_backend_name() == "sqlite" and url.database and not os.path.exists(url.database):
        shutil.copyfile(_migrated_sqlite_file(), url.database)
    migrate.upgrade(db_uri)


class Client(TestClient):
    """A TestClient that is open from creation to close: one event loop and thread pool for
    all its requests (a fresh one per request would cost a thread each); `with` closes it."""

    def __init__(self, app, **kwargs):
        super().__init__(app, base_url=BASE_URL, client=CLIENT_ADDRESS, **kwargs)
        self.is_open = False
        self.__enter__()

    def __enter__(self):
        if not self.is_open:
            super().__enter__()
            self.is_open = True
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self.is_open:
            self.is_open = False
            super().__exit__(None, None, None)
        super().close()


class _LogCapture(logging.Handler):
    """The app's log as a real server would write it to stderr (INFO and up, every logger).

    While several apps are alive each sees the others' lines too: more text to search, never less."""

    live = []
    saved_level = None

    def __init__(self):
        super().__init__(logging.INFO)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))

    def start(self):
        root = logging.getLogger()
        if not _LogCapture.live:
            # A real server logs INFO (basicConfig in cmd_serve); the test process would drop it.
            _LogCapture.saved_level = root.level
            root.setLevel(min(root.level or logging.WARNING, logging.INFO))
        _LogCapture.live.append(self)
        root.addHandler(self)

    def stop(self):
        if self in _LogCapture.live:
            _LogCapture.live.remove(self)
            root = logging.getLogger()
            root.removeHandler(self)
            if not _LogCapture.live:
                root.setLevel(_LogCapture.saved_level)


# The bcrypt cost of the test users' password hashes. quayref hashes at Quay's cost, 12 (a quarter
# second for each hash and each check here), and checks any cost with the same code
# (bcrypt.checkpw reads the cost from the hash): a test user's hash at cost 4 signs in through
# exactly the same path, a thousand times faster. What the cost itself decides is tested at 12:
# quayref's own hash_password (tests/unit/test_credentials.py, `quayref user create` in test_cli.py)
# and the timing of an unknown user against a wrong password (`password_cost=REAL_COST`).
FIXTURE_COST = 4
REAL_COST = "quay"  # quayref's own hash_password, at Quay's cost


@functools.lru_cache(maxsize=None)
def password_hash(password, cost=FIXTURE_COST):
    """A bcrypt hash of `password` at `cost` (REAL_COST: quayref's own hash_password); users with the
    same password and cost share one hash."""
    import bcrypt  # pylint: disable=import-outside-toplevel
    from quayref.security import passwords  # pylint: disable=import-outside-toplevel

    if cost == REAL_COST:
        return passwords.hash_password(password)
    raw = password.encode("utf-8")
    if len(raw) > passwords.MAX_BYTES:
        raise ValueError("password is longer than %d bytes" % passwords.MAX_BYTES)
    return bcrypt.hashpw(raw, bcrypt.gensalt(cost)).decode("ascii")


def create_user(config, workdir, name, password, email=None, password_cost=FIXTURE_COST, settings=None, engine=None):
    """A user, as `quayref user create` makes it (same service, same audit row), in this process.

    With no `settings` and `engine` (a server that is not running yet, or another process's
    database), it reads `config` as the server would and migrates the database first, as the command does."""
    from quayref.db import make_engine, make_sessionmaker  # pylint: disable=import-outside-toplevel
    from quayref.services import users  # pylint: disable=import-outside-toplevel

    own_engine = engine is None
    if settings is None:
        settings = load_config(config, workdir)
    if own_engine:
        migrate_database(settings.DB_URI)
        engine = make_engine(settings)
    db = make_sessionmaker(engine)()
    try:
        user = users.create(db, settings, name, email or name + "@example.com", None, performer="quayref-cli")
        user.password_hash = password_hash(password, password_cost)
        db.commit()
    finally:
        db.close()
        if own_engine:
            engine.dispose()


class InProcessServer:
    """One quayref app with its own work directory and database; `close` ends it."""

    # The address the app sees requests for, as `Server.url` is a real server's.
    url = BASE_URL

    def __init__(self, db_uri=None, workdir=None, **config):
        self.workdir = workdir or tempfile.mkdtemp(prefix="quayref-inproc-")
        self.owns_workdir = workdir is None
        self.config = quayref_config.compose(self.workdir, DB_URI=db_uri, **config)
        self.audit_path = self.config.get("AUDIT_LOG_PATH")
        self.app = None
        self._clients = []
        self._anonymous = None
        self._log = _LogCapture()
        self._log.start()

    def start(self):
        self.app = make_app(self.config, self.workdir)
        return self

    def restart(self, **changes):
        """As `Server.restart`: change config keys (None removes one), then a new app on the same
        database and work directory, made as `quayref serve` makes it at a start (migrate, reconcile)."""
        self._close_app()
        self.config.update(changes)
        for key in [k for k, v in changes.items() if v is None]:
            del self.config[key]
        return self.start()

    def create_user(self, name, password, email=None, password_cost=None):
        """As `quayref user create` does it (same service, same audit row); the hash at `password_cost`
        (default FIXTURE_COST; REAL_COST for Quay's)."""
        password_cost = FIXTURE_COST if password_cost is None else password_cost
        if self.app is None:
            create_user(self.config, self.workdir, name, password, email, password_cost)
        else:
            create_user(self.config, self.workdir, name, password, email, password_cost,
                        settings=self.app.state.settings, engine=self.app.state.engine)

    def client(self, token=None, **kwargs):
        """An open client (close it, or use `with`); with `token`, every request carries it as Bearer."""
        client = Client(self.app, **kwargs)
        if token:
            client.headers["Authorization"] = "Bearer " + token
        # Kept to be closed with the app; the ones already closed are let go.
        self._clients = [other for other in self._clients if other.is_open] + [client]
        return client

    def request(self, method, path, *, auth=None, bearer=None, **kwargs):
        """One request with no cookies carried over: Basic `auth` (user, password) or a `bearer` token."""
        headers = dict(kwargs.pop("headers", {}))
        if bearer is not None:
            headers["Authorization"] = "Bearer " + bearer
        if self._anonymous is None:
            self._anonymous = self.client()
        self._anonymous.cookies.clear()
        try:
            return self._anonymous.request(method, path, auth=auth, headers=headers, **kwargs)
        finally:
            self._anonymous.cookies.clear()

    def log(self):
        return "\n".join(self._log.lines)

    # The same reading of AUDIT_LOG_PATH as for a real server (it uses nothing but audit_path).
    audit_lines = Server.audit_lines

    def _close_app(self):
        for client in self._clients:
            with contextlib.suppress(Exception):
                client.close()
        self._clients, self._anonymous = [], None
        if self.app is not None:
            self.app.state.engine.dispose()
            self.app = None

    def close(self):
        self._close_app()
        self._log.stop()

    def cleanup(self):
        self.close()
        if self.owns_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
