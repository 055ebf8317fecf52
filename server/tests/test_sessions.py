"""Cookie sessions and Quay's CSRF rule."""

from quaytest.api import signed_in, unique
from quaytest.config import ADMIN_PASSWORD


def test_signin_needs_the_csrf_token(server):
    with server.client() as client:
        client.get("/csrf_token")
        response = client.post("/api/v1/signin", json={"username": "admin", "password": ADMIN_PASSWORD})
        assert response.status_code == 403 and "CSRF" in response.json()["error_message"]
        response = client.post("/api/v1/signin", json={"username": "admin", "password": ADMIN_PASSWORD},
                               headers={"X-CSRF-Token": "B" * 40})
        assert response.status_code == 403


def test_wrong_password_and_unknown_user_look_the_same(server):
    answers = []
    for username, password in (("admin", "wrong"), ("nobody", "wrong")):
        with server.client() as client:
            csrf = client.get("/csrf_token").json()["csrf_token"]
            response = client.post("/api/v1/signin", json={"username": username, "password": password}, headers={"X-CSRF-Token": csrf})
            answers.append((response.status_code, response.json()["error_message"], response.json().get("invalidCredentials")))
            assert "quayref_session" not in response.cookies
    assert answers[0] == answers[1] == (403, "Invalid username or password", True)


def test_mutating_calls_with_a_cookie_need_x_csrf_token(server):
    client = signed_in(server)
    csrf = client.headers.pop("X-CSRF-Token")
    assert client.get("/api/v1/user/").status_code == 200  # reads need no CSRF token
    denied = client.post("/api/v1/organization/", json={"name": unique("org")})
    assert denied.status_code == 403 and "CSRF" in denied.json()["error_message"]
    allowed = client.post("/api/v1/organization/", json={"name": unique("org")}, headers={"X-CSRF-Token": csrf})
    assert allowed.status_code == 201
    assert client.get("/csrf_token").json()["csrf_token"] == csrf
    client.close()


def test_signout_ends_the_session(server):
    client = signed_in(server)
    cookie = client.cookies.get("quayref_session")
    assert client.post("/api/v1/signout").json() == {"success": True}
    with server.client(cookies={"quayref_session": cookie}) as replay:
        assert replay.get("/api/v1/user/").status_code == 401
    client.close()


def test_cookies_are_httponly(server):
    with server.client() as client:
        response = client.get("/csrf_token")
        assert "httponly" in response.headers["set-cookie"].lower()


def test_direct_login_off_refuses_sign_in_but_not_bootstrap_credentials(app_factory):
    # The account that cannot sign in for a session still creates with HTTP Basic (the collection's fallback).
    server = app_factory(FEATURE_DIRECT_LOGIN=False, FEATURE_PROGRAMMATIC_BOOTSTRAP=True)
    with server.client() as client:
        csrf = client.get("/csrf_token").json()["csrf_token"]
        response = client.post("/api/v1/signin", json={"username": "admin", "password": ADMIN_PASSWORD}, headers={"X-CSRF-Token": csrf})
        assert response.status_code == 404 and response.json()["error_message"] == "FEATURE_DIRECT_LOGIN is off"
        assert "quayref_session" not in response.cookies
        created = client.post("/api/v1/organization/", auth=("admin", ADMIN_PASSWORD), json={"name": unique("nodirect")})
        assert created.status_code == 201, created.text


def test_direct_login_off_on_quay_318_serves_no_sign_in_route(app_factory):
    server = app_factory(QUAYREF_PROFILE="quay-3.18", FEATURE_DIRECT_LOGIN=False)
    with server.client() as client:
        csrf = client.get("/csrf_token").json()["csrf_token"]
        response = client.post("/api/v1/signin", json={"username": "admin", "password": ADMIN_PASSWORD}, headers={"X-CSRF-Token": csrf})
        assert response.status_code == 405 and response.headers["content-type"].startswith("text/html")
