"""Fixtures for the bootstrap-authentication tests (slapd, the OpenID provider and apps: quaytest's plugin).

quayref runs in this process (`quayref_factory`) unless the test is about processes:
several workers or a restart (`process_factory`). Both take storage from ``--db``."""

import pytest

from bootstrap_helpers import ADMIN, PLAIN


def _with_suite_users(factory):
    """`factory` with this suite's users by default: a Database superuser and a plain user."""

    def start(users=(ADMIN, PLAIN), **config):
        return factory(users=users, **config)

    return start


@pytest.fixture(scope="session")
def quayref_factory(shared_app_factory):
    return _with_suite_users(shared_app_factory)


@pytest.fixture(scope="session")
def process_factory(server_factory):
    """Real `quayref serve` processes; takes `workers` too."""
    return _with_suite_users(server_factory)
