"""Session fixtures every suite shares: storage (--db), quayref apps and servers, slapd, an OpenID provider.

`app_factory` and `shared_app_factory` give quayref in this process (quaytest.inprocess):
the default. `server_factory` starts real `quayref serve` processes, for tests where
processes are the point (several workers, a second process, kill and restart).

Loaded through the `pytest11` entry point, so a suite needs no conftest import to use them.
"""

import contextlib

import pytest

from quaytest.oidc_provider import OIDCProvider
from quaytest.postgres import PostgresCluster
from quaytest.server import ADMIN_PASSWORD, Server
from quaytest.slapd import SlapdServer


def pytest_addoption(parser):
    parser.addoption("--db", choices=("sqlite", "postgresql"), default="sqlite", help="storage the quayref servers under test use")


@pytest.fixture(scope="session")
def db_backend(request):
    return request.config.getoption("--db")


@pytest.fixture(scope="session")
def pg_cluster(db_backend):
    if db_backend != "postgresql":
        yield None
        return
    cluster = PostgresCluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def server_factory(pg_cluster):
    """Start servers with extra config keys; all are stopped at the end of the session."""
    started = []

    def start(workers=1, users=(("admin", ADMIN_PASSWORD),), password_cost=None, **config):
        db_uri = pg_cluster.create_database() if pg_cluster else None
        server = Server(db_uri=db_uri, **config)
        for name, password in users:
            server.create_user(name, password, password_cost=password_cost)
        started.append(server)
        return server.start(workers=workers)

    yield start
    _clean_up(started)


def _app_starter(pg_cluster, started):
    def start(users=(("admin", ADMIN_PASSWORD),), password_cost=None, **config):
        # Imported on use: every pytest run in the venv loads this plugin, and only quayref's suites need quayref.
        from quaytest.inprocess import InProcessServer, migrated_template  # pylint: disable=import-outside-toplevel

        db_uri = pg_cluster.create_database(template=migrated_template(pg_cluster)) if pg_cluster else None
        app = InProcessServer(db_uri=db_uri, **config)
        started.append(app)
        # Users first, as for a real server: the start-up token's owner must exist when the app starts.
        for name, password in users:
            app.create_user(name, password, password_cost=password_cost)
        return app.start()
    return start


def _clean_up(started):
    for app in started:
        with contextlib.suppress(Exception):
            app.cleanup()


@pytest.fixture
def app_factory(pg_cluster):
    """quayref apps in this process, each on a fresh database; ended after the test.

    `app_factory(users=((name, password), ...), **config)` returns an InProcessServer. The users'
    password hashes are at quaytest.inprocess.FIXTURE_COST; `password_cost=REAL_COST` gives Quay's."""
    started = []
    yield _app_starter(pg_cluster, started)
    _clean_up(started)


@pytest.fixture(scope="session")
def shared_app_factory(pg_cluster):
    """`app_factory` for module and session fixtures: the apps live until the session ends."""
    started = []
    yield _app_starter(pg_cluster, started)
    _clean_up(started)


@pytest.fixture(scope="session")
def slapd_server():
    """One real, seeded slapd for the whole test session."""
    with SlapdServer() as server:
        yield server


@pytest.fixture(scope="session")
def oidc_provider():
    """One real OpenID provider for the whole test session."""
    with OIDCProvider() as provider:
        yield provider


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    """A test that cannot run is a failure in this project, never a silent skip."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and reporter.stats.get("skipped") and session.exitstatus == 0:
        reporter.write_line("skipped tests count as failures in this project", red=True)
        session.exitstatus = 1
