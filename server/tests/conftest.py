"""The core suite's shared in-process app and signed-in clients (storage, factories: quaytest's pytest plugin).

Tests share the app but never each other's objects: each makes its own organization,
application and tokens (Setup), so any one of them can run alone or in any order."""

import pytest

from quaytest.api import Setup, signed_in
from quaytest.config import ADMIN_PASSWORD

ALICE = ("alice", "alice-password")


@pytest.fixture(scope="session")
def server(shared_app_factory):
    """The shared app: generous token limit, flag off, a superuser `admin` and a plain user `alice`."""
    return shared_app_factory(OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT=500, users=(("admin", ADMIN_PASSWORD), ALICE))


@pytest.fixture(scope="session")
def admin_session(server):
    """One sign-in for the session (bcrypt costs a quarter second a check): its cookie and CSRF token."""
    client = signed_in(server)
    yield dict(client.cookies), client.headers["X-CSRF-Token"]
    client.close()


@pytest.fixture
def admin(server, admin_session):
    """A client of its own holding admin's session cookie and CSRF header, as a browser tab would."""
    cookies, csrf = admin_session
    client = server.client(cookies=cookies, headers={"X-CSRF-Token": csrf})
    yield client
    client.close()


@pytest.fixture
def setup(admin):
    """A fresh organization and application owned by admin."""
    return Setup(admin)


def pytest_collection_modifyitems(config, items):
    """With --db postgresql, run only the tests that reach PostgreSQL.

    A test whose fixtures do not include the PostgreSQL cluster (`pg_cluster`, which every
    storage fixture, app_factory, shared_app_factory and server_factory, builds on) never
    touches PostgreSQL: it uses no storage, or a SQLite server of its own, whatever --db says.
    On PostgreSQL it would repeat its SQLite run exactly, so it is deselected there (reported
    as deselected, never skipped); `make test-server-sqlite` runs it."""
    if config.getoption("--db") != "postgresql":
        return
    kept, repeated = [], []
    for item in items:
        (kept if "pg_cluster" in getattr(item, "fixturenames", ()) else repeated).append(item)
    if repeated:
        config.hook.pytest_deselected(items=repeated)
        items[:] = kept
