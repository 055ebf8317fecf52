"""The core suite's shared server and signed-in clients (storage, factories: quaytest's pytest plugin)."""

import pytest

from quaytest.api import Setup, signed_in
from quaytest.server import ADMIN_PASSWORD


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
