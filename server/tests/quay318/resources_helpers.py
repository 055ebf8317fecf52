"""What the quay-3.18 resource tests share: the app in Quay's profile and callers of each kind.

Each test makes its own organization and application (quaytest.api.Setup), so they share the app only."""

import re

from quaytest.api import Setup, signed_in

QUAY = {"QUAYREF_PROFILE": "quay-3.18"}
ALICE = ("alice", "alice-password")
ALL_SCOPES = "org:admin repo:admin repo:create repo:read repo:write super:user user:admin user:read"
# Quay's token timestamps: isoformat() + "Z", microseconds unless they are 0.
QUAY_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$")
TEN_YEARS = 315576000
NOT_FOUND = {"detail": "Not Found", "error_message": "Not Found", "error_type": "not_found", "title": "not_found",
             "status": 404}


def bearer(server, setup, scope=ALL_SCOPES, name="caller"):
    """A client holding a fresh token of `setup`'s application with `scope`, minted by `setup`'s caller."""
    response = setup.create_token(name=name, scope=scope)
    assert response.status_code == 200, response.text
    return server.client(response.json()["token"])


def quay_app(factory, **config):
    return factory(users=(("admin", "correct horse battery staple"), ALICE), **QUAY, **config)


def admin_setup(server):
    """A signed-in admin (superuser) and an organization with one application it made."""
    admin = signed_in(server)
    return admin, Setup(admin)


def without_type(body):
    """An error body without its `type` URL (it names the test client's host)."""
    return {key: value for key, value in body.items() if key != "type"}
