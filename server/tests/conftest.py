"""Fixtures: real quayref servers over HTTP, on SQLite or on a PostgreSQL started here (--db)."""

import contextlib

import pytest

from harness.api import Setup, signed_in
from harness.postgres import PostgresCluster
from harness.server import ADMIN_PASSWORD, Server


def pytest_addoption(parser):
    parser.addoption("--db", choices=("sqlite", "postgresql"), default="sqlite", help="storage the servers under test use")


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

    def start(workers=1, users=(("admin", ADMIN_PASSWORD),), **config):
        db_uri = pg_cluster.create_database() if pg_cluster else None
        server = Server(db_uri=db_uri, **config)
        for name, password in users:
            server.create_user(name, password)
        started.append(server)
        return server.start(workers=workers)

    yield start
    for server in started:
        with contextlib.suppress(Exception):
            server.cleanup()


@pytest.fixture(scope="session")
def server(server_factory):
    """The shared server: generous token limit, flag off, a superuser `admin` and a plain user `alice`."""
    return server_factory(OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT=500, users=(("admin", ADMIN_PASSWORD), ("alice", "alice-password")))


@pytest.fixture
def admin(server):
    client = signed_in(server)
    yield client
    client.close()


@pytest.fixture
def setup(admin):
    """A fresh organization and application owned by admin."""
    return Setup(admin)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    """A test that cannot run is a failure here, never a silent skip."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and reporter.stats.get("skipped") and session.exitstatus == 0:
        reporter.write_line("skipped tests count as failures in this project", red=True)
        session.exitstatus = 1
