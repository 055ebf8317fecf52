"""Fixtures for the bootstrap-authentication tests: a real slapd, a real OpenID provider, real servers.

With the core suite's ``--db postgresql`` the servers use a database on the
PostgreSQL cluster that the core's ``pg_cluster`` fixture starts; else SQLite.
"""

import contextlib

import pytest

from bootstrap_helpers import ADMIN, PLAIN
from bootstrap_server import QuayrefServer
from bootstrap_support import support_oidc, support_slapd

# Re-exported so that pytest finds the session fixtures.
slapd_server = support_slapd.slapd_server
oidc_provider = support_oidc.oidc_provider


def _pg_cluster(request):
    try:
        return request.getfixturevalue("pg_cluster")
    except pytest.FixtureLookupError:
        return None  # run on its own (scripts/test-bootstrap.sh): SQLite


@pytest.fixture(scope="session")
def quayref_factory(request):
    """Start `quayref serve` processes with extra config keys and users; all stopped at the end."""
    cluster = _pg_cluster(request)
    started = []

    def start(users=(ADMIN, PLAIN), workers=1, **config):
        if cluster is not None and "DB_URI" not in config:
            config["DB_URI"] = cluster.create_database()
        server = QuayrefServer(**config)
        started.append(server)
        for name, password in users:
            server.create_user(name, password)
        return server.start(workers=workers)

    yield start
    for server in started:
        with contextlib.suppress(Exception):
            server.cleanup()
