"""Fixtures for the bootstrap-authentication tests (slapd, the OpenID provider and servers: quaytest's plugin).

The servers come from `server_factory`, so ``--db postgresql`` applies here too.
"""

import pytest

from bootstrap_helpers import ADMIN, PLAIN


@pytest.fixture(scope="session")
def quayref_factory(server_factory):
    """`server_factory` with this suite's users: a Database superuser and a plain user."""

    def start(users=(ADMIN, PLAIN), workers=1, **config):
        return server_factory(workers=workers, users=users, **config)

    return start
