"""What the quay-3.18 authentication tests share: the profile's app and Quay's answers."""

import json
import re

from quaytest.config import ADMIN_PASSWORD

QUAY = {"QUAYREF_PROFILE": "quay-3.18"}
ALICE = ("alice", "alice-password-1")
USERS = (("admin", ADMIN_PASSWORD), ALICE)
CSRF_TOKEN = re.compile(r"[A-Za-z0-9_\-]{64}")
COOKIE = "_csrf_token"


def csrf_body(user=None):
    message = "CSRF token was invalid or missing."
    return json.dumps({"error": message + (" (authorized: user %s)" % user if user else "")})


def assert_csrf_refused(response, user=None):
    """Quay's CSRF refusal: 403, the JSON text sent as text/html, naming the signed-in user."""
    assert response.status_code == 403, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.text == csrf_body(user)


def assert_requires_authentication(response, session_required=None):
    """Quay's 401 for an anonymous call: invalid_token "Requires authentication", no WWW-Authenticate."""
    assert response.status_code == 401, response.text
    body = response.json()
    expected = ("invalid_token", "Requires authentication", "Requires authentication")
    assert (body["error_type"], body["detail"], body["error_message"]) == expected
    assert "www-authenticate" not in response.headers
    if session_required is not None:
        assert body["session_required"] is session_required
    return body


def assert_unauthorized(response):
    """Quay's 403 for a refused caller: insufficient_scope "Unauthorized"."""
    assert response.status_code == 403, response.text
    body = response.json()
    assert (body["error_type"], body["detail"]) == ("insufficient_scope", "Unauthorized")


def session_cookies(response):
    """The Set-Cookie headers of the session cookie in `response`."""
    return [line for line in response.headers.get_list("set-cookie") if line.startswith(COOKIE + "=")]


def sign_in(server, username="admin", password=ADMIN_PASSWORD):
    """(client with the session cookie and X-CSRF-Token set, the pre-sign-in token, the sign-in answer)."""
    client = server.client()
    before = client.get("/csrf_token").json()["csrf_token"]
    response = client.post("/api/v1/signin", json={"username": username, "password": password}, headers={"X-CSRF-Token": before})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.headers["X-Next-CSRF-Token"]
    return client, before, response


def org_with_app(client, name):
    """An organization named `name` with one application, made by `client`; returns the tokens path."""
    assert client.post("/api/v1/organization/", json={"name": name, "email": name + "@example.com"}).status_code == 201
    app = client.post("/api/v1/organization/%s/applications" % name, json={"name": "app"})
    assert app.status_code == 200, app.text
    return "/api/v1/organization/%s/applications/%s/tokens" % (name, app.json()["client_id"])


def new_token(client, path, scope):
    response = client.post(path, json={"name": "t", "scope": scope})
    assert response.status_code == 200, response.text
    return response.json()
