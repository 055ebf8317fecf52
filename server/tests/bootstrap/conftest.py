"""Fixtures for the bootstrap-authentication tests: a real slapd, a real OpenID provider, real servers.

The servers come from the core suite's ``server_factory``, so ``--db postgresql`` applies here too.
"""

import pytest

from bootstrap_helpers import ADMIN, PLAIN
from bootstrap_support import support_oidc, support_slapd

# Re-exported so that pytest finds the session fixtures.
slapd_server = support_slapd.slapd_server
oidc_provider = support_oidc.oidc_provider


@pytest.fixture(scope="session")
def quayref_factory(server_factory):
    """`server_factory` with this suite's users: a Database superuser and a plain user."""

    def start(users=(ADMIN, PLAIN), workers=1, **config):
        return server_factory(workers=workers, users=users, **config)

    return start
