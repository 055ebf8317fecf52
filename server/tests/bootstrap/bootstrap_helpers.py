"""Helpers shared by the bootstrap tests (kept out of conftest.py, which pytest may re-import under the same name)."""

import uuid

ADMIN = ("admin", "admin-Passw0rd-for-tests")
PLAIN = ("bob", "bob-Passw0rd-for-tests")


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
    text = server.log()
    with open(server.audit_path, encoding="utf-8") as handle:
        text += handle.read()
    for secret in secrets:
        assert secret and secret not in text, "a secret leaked into the logs or the audit file"
