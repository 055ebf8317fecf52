"""Session fixtures every suite shares: storage (--db), quayref servers, slapd, an OpenID provider.

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
