"""Fixtures for the bootstrap-authentication tests: a real slapd, a real OpenID provider, real servers."""

import contextlib
import uuid

import pytest

from bootstrap_server import QuayrefServer
from bootstrap_support import support_oidc, support_slapd

# Re-exported so that pytest finds the session fixtures.
slapd_server = support_slapd.slapd_server
oidc_provider = support_oidc.oidc_provider

ADMIN = ("admin", "admin-Passw0rd-for-tests")
PLAIN = ("bob", "bob-Passw0rd-for-tests")


@pytest.fixture(scope="session")
def quayref_factory():
    """Start `quayref serve` processes with extra config keys and users; all stopped at the end."""
    started = []

    def start(users=(ADMIN, PLAIN), workers=1, **config):
        server = QuayrefServer(**config)
        started.append(server)
        for name, password in users:
            server.create_user(name, password)
        return server.start(workers=workers)

    yield start
    for server in started:
        with contextlib.suppress(Exception):
            server.cleanup()


def new_name(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:8])


def org_and_app(server, auth=None, bearer=None):
    """A fresh organization and application created with the given credentials; returns (org, client_id)."""
    org = new_name("org")
    response = server.request("POST", "/api/v1/organization/", auth=auth, bearer=bearer, json={"name": org, "email": org + "@example.org"})
    assert response.status_code == 201, response.text
    response = server.request("POST", "/api/v1/organization/%s/applications" % org, auth=auth, bearer=bearer, json={"name": "app"})
    assert response.status_code == 200, response.text
    return org, response.json()["client_id"]


def tokens_path(org, client_id, spelling="applications"):
    return "/api/v1/organization/%s/%s/%s/tokens" % (org, spelling, client_id)


def assert_no_secrets(server, secrets):
    """No password or token in a log line or an audit line (file)."""
    text = server.logs()
    with open(server.audit_path, encoding="utf-8") as handle:
        text += handle.read()
    for secret in secrets:
        assert secret and secret not in text, "a secret leaked into the logs or the audit file"
