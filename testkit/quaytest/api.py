"""Small conveniences for the API tests, over a real server or an in-process one: sign in, and build org → app → token."""

import uuid

from quaytest.config import ADMIN_PASSWORD

ALL_ADMIN_SCOPES = "org:admin user:read super:user repo:admin"


def unique(prefix):
    return "%s%s" % (prefix, uuid.uuid4().hex[:10])


def signed_in(server, username="admin", password=ADMIN_PASSWORD):
    """An httpx client holding a session cookie, with X-CSRF-Token (the one sign-in handed out) set for mutating calls."""
    client = server.client()
    csrf = client.get("/csrf_token").json()["csrf_token"]
    response = client.post("/api/v1/signin", json={"username": username, "password": password}, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 200, response.text
    # Quay rotates the CSRF token at sign-in; a server that does not keeps the old one valid.
    client.headers["X-CSRF-Token"] = response.headers.get("X-Next-CSRF-Token") or csrf
    return client


def tokens_path(org, client_id, spelling="applications"):
    return "/api/v1/organization/%s/%s/%s/tokens" % (org, spelling, client_id)


class Setup:
    """An organization with one application, created by `client` (session or token)."""

    def __init__(self, client, org=None):
        self.client = client
        self.org = org or unique("org")
        response = client.post("/api/v1/organization/", json={"name": self.org, "email": self.org + "@example.com"})
        assert response.status_code == 201, response.text
        response = client.post("/api/v1/organization/%s/applications" % self.org, json={"name": "automation"})
        assert response.status_code == 200, response.text
        self.client_id = response.json()["client_id"]

    @property
    def tokens(self):
        return tokens_path(self.org, self.client_id)

    def create_token(self, name="ci", scope=None, expiration=None, client=None, spelling="applications"):
        body = {"name": name}
        if scope is not None:
            body["scope"] = scope
        if expiration is not None:
            body["expiration"] = expiration
        return (client or self.client).post(tokens_path(self.org, self.client_id, spelling), json=body)

    def token(self, scope=ALL_ADMIN_SCOPES, name="ci"):
        response = self.create_token(name=name, scope=scope)
        assert response.status_code == 200, response.text
        return response.json()["token"]
