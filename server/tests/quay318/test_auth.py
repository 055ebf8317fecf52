"""quay-3.18 authentication: which credentials Quay reads, its CSRF rule, its session cookie,
sign-in and its back-off, and SSO JWTs as Bearer credentials (scenarios 1, 1b, 4c, 4d, 5a)."""

import base64
import time
from contextlib import closing

import pytest

from auth_helpers import (ALICE, CSRF_TOKEN, QUAY, USERS, assert_csrf_refused, assert_requires_authentication, new_token,
                          org_with_app, session_cookies, sign_in)
from quaytest import oidc_provider as support_oidc
from quaytest.api import unique
from quaytest.config import ADMIN_PASSWORD
from quaytest.inprocess import Client, make_app


@pytest.fixture(scope="module")
def quay(shared_app_factory):
    return shared_app_factory(users=USERS + (("bob", "bob-password-1"), ("carol", "carol-password-1")), **QUAY)


@pytest.fixture(scope="module")
def admin(quay):
    client, _before, _response = sign_in(quay)
    yield client
    client.close()


@pytest.fixture(scope="module")
def tokens_path(admin):
    return org_with_app(admin, unique("org"))


def basic(user, password):
    return {"Authorization": "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()}


# -- Credentials Quay does not read, and credentials that do not hold -------------------------


@pytest.mark.parametrize("password", [ADMIN_PASSWORD, "wrong-password"])
def test_http_basic_is_no_authentication_on_the_api(quay, tokens_path, password):
    assert_requires_authentication(quay.request("GET", tokens_path, headers=basic("admin", password)))
    assert_csrf_refused(quay.request("POST", tokens_path, headers=basic("admin", password), json={"name": "x", "scope": "repo:read"}))
    assert_csrf_refused(quay.request("POST", "/api/v1/organization/", headers=basic("admin", password), json={"name": unique("o")}))
    assert_requires_authentication(quay.request("GET", "/api/v1/user/", headers=basic("admin", password)), session_required=False)
    assert not [line for line in quay.audit_lines() if line["kind"].startswith("bootstrap_auth_")]


def test_no_credentials_is_401_to_read_and_403_csrf_to_change(quay, tokens_path):
    assert_requires_authentication(quay.request("GET", tokens_path))
    assert_csrf_refused(quay.request("POST", tokens_path, json={"name": "anon", "scope": "repo:read"}))
    assert_csrf_refused(quay.request("DELETE", tokens_path + "/00000000-0000-0000-0000-000000000000"))
    assert_csrf_refused(quay.request("POST", tokens_path, headers={"Authorization": "Bearer"}, json={"name": "x", "scope": "repo:read"}))


def test_the_csrf_refusal_comes_before_the_body_is_read(quay, tokens_path):
    assert_csrf_refused(quay.request("POST", tokens_path, content=b"{not json", headers={"Content-Type": "application/json"}))
    assert_csrf_refused(quay.request("POST", tokens_path, json={"no": "name"}))


def test_invalid_revoked_and_expired_bearer_tokens_leave_the_call_anonymous(quay, admin, tokens_path):
    revoked = new_token(admin, tokens_path, "org:admin")
    assert admin.delete(tokens_path + "/" + revoked["uuid"]).status_code == 204
    expiring = admin.post(tokens_path, json={"name": "short", "scope": "org:admin", "expiration": 1}).json()
    time.sleep(1.2)
    for token in ("NOTAREALTOKEN0000000000000000000000000000", "short", revoked["token"], expiring["token"]):
        bearer = {"Authorization": "Bearer " + token}
        assert_requires_authentication(quay.request("GET", tokens_path, headers=bearer))
        assert_csrf_refused(quay.request("POST", tokens_path, headers=bearer, json={"name": "x", "scope": "org:admin"}))


def test_a_valid_bearer_token_needs_no_csrf_token(quay, admin, tokens_path):
    token = new_token(admin, tokens_path, "org:admin")["token"]
    response = quay.request("POST", tokens_path, bearer=token, json={"name": "by-token", "scope": "org:admin"})
    assert response.status_code == 200 and "set-cookie" not in response.headers


# -- The session: Quay's one cookie, its CSRF token, sign-in and sign-out -----------------------


def test_session_cookie_and_csrf_token_have_quays_shape(quay):
    with quay.client() as client:
        response = client.get("/csrf_token")
        token = response.json()["csrf_token"]
        assert CSRF_TOKEN.fullmatch(token)
        [cookie] = session_cookies(response)
        assert cookie.endswith("; HttpOnly; Path=/; SameSite=Lax") and "Expires=" not in cookie
        assert client.get("/csrf_token").json()["csrf_token"] == token  # the session keeps it
        signin = client.post("/api/v1/signin", json={"username": "admin", "password": ADMIN_PASSWORD}, headers={"X-CSRF-Token": token})
        [cookie] = session_cookies(signin)
        assert " GMT; HttpOnly; Path=/; SameSite=Lax" in cookie and "; Expires=" in cookie
        assert CSRF_TOKEN.fullmatch(signin.headers["X-Next-CSRF-Token"])
        # Every answer re-sends the cookie, as Flask does for a signed-in session.
        assert session_cookies(client.get("/api/v1/user/"))


def test_sign_in_rotates_the_csrf_token_and_sign_out_needs_it(quay):
    client, before, response = sign_in(quay)
    with closing(client):
        after = response.headers["X-Next-CSRF-Token"]
        assert after != before
        assert_csrf_refused(client.post("/api/v1/organization/", json={"name": unique("o")}, headers={"X-CSRF-Token": before}),
                            user="admin")
        assert_csrf_refused(client.post("/api/v1/organization/", json={"name": unique("o")}, headers={"X-CSRF-Token": ""}),
                            user="admin")
        for _twice in range(2):  # not rotated per request
            assert client.post("/api/v1/organization/", json={"name": unique("o")}).status_code == 201
        assert client.get("/csrf_token").json()["csrf_token"] == after
        assert_csrf_refused(client.post("/api/v1/signout", headers={"X-CSRF-Token": ""}), user="admin")
        assert client.post("/api/v1/signout").json() == {"success": True}
        assert_requires_authentication(client.get("/api/v1/user/"), session_required=False)
        # The CSRF token outlives sign-out: a call with it is now simply anonymous.
        assert_requires_authentication(client.post("/api/v1/organization/", json={"name": unique("o")}))
        assert client.get("/csrf_token").json()["csrf_token"] == after


def test_sign_in_without_a_csrf_token_is_refused(quay):
    with quay.client() as client:
        client.get("/csrf_token")
        assert_csrf_refused(client.post("/api/v1/signin", json={"username": "admin", "password": ADMIN_PASSWORD}))
    assert_csrf_refused(quay.request("POST", "/api/v1/signin", json={"username": "admin", "password": ADMIN_PASSWORD}))


def test_a_copy_of_a_signed_in_cookie_dies_with_the_sign_out(quay):
    client, _before, _response = sign_in(quay)
    with closing(client):
        copy = quay.client(cookies=dict(client.cookies))
        with closing(copy):
            assert copy.get("/api/v1/user/").status_code == 200
            assert client.post("/api/v1/signout").status_code == 200
            assert_requires_authentication(copy.get("/api/v1/user/"), session_required=False)


def test_a_tampered_cookie_is_no_session(quay):
    client, _before, _response = sign_in(quay)
    with closing(client):
        value = client.cookies.get("_csrf_token")
        with quay.client(cookies={"_csrf_token": value[:-2] + ("AA" if not value.endswith("AA") else "BB")}) as forged:
            assert_requires_authentication(forged.get("/api/v1/user/"), session_required=False)
            assert forged.get("/csrf_token").json()["csrf_token"] != client.headers["X-CSRF-Token"]


# -- Wrong passwords and the back-off ----------------------------------------------------------


def attempt(client, csrf, username, password):
    return client.post("/api/v1/signin", json={"username": username, "password": password}, headers={"X-CSRF-Token": csrf})


def test_a_wrong_password_is_quays_403_then_the_back_off_refuses_even_the_right_one(quay):
    with quay.client() as client:
        csrf = client.get("/csrf_token").json()["csrf_token"]
        wrong = attempt(client, csrf, "bob", "wrong-password")
        assert wrong.status_code == 403
        assert wrong.json() == {"needsEmailVerification": False, "invalidCredentials": True, "message": "Invalid Username or Password"}
        for password in ("bob-password-1", "wrong-password"):
            throttled = attempt(client, csrf, "bob", password)
            assert throttled.status_code == 429
            assert throttled.headers["content-type"] == "text/html; charset=utf-8"
            assert throttled.text == "Too many login attempts. \nPlease reset your Quay password and try again."
            assert throttled.headers["Retry-After"] == "0"  # whole seconds left of 0.5 s, rounded down
        # Unknown users have no count, and the others are not held up.
        assert attempt(client, csrf, "nosuchuser", "wrong-password").json()["invalidCredentials"] is True
        time.sleep(0.6)
        assert attempt(client, csrf, "bob", "bob-password-1").json() == {"success": True}


def test_the_back_off_doubles_and_every_worker_sees_it(quay):
    with quay.client() as client:
        csrf = client.get("/csrf_token").json()["csrf_token"]
        assert attempt(client, csrf, "carol", "wrong-password").status_code == 403
        time.sleep(0.6)
        assert attempt(client, csrf, "carol", "wrong-password").status_code == 403  # second failure: 1.5 s
        time.sleep(0.6)
        # Another app on the same database (another worker) holds the same count.
        other = make_app(quay.config, quay.workdir)
        try:
            with Client(other) as second:
                csrf2 = second.get("/csrf_token").json()["csrf_token"]
                refused = attempt(second, csrf2, "carol", "carol-password-1")
                assert refused.status_code == 429 and refused.headers["Retry-After"] == "0"
                time.sleep(1.2)
                assert attempt(second, csrf2, "carol", "carol-password-1").status_code == 200
        finally:
            other.state.engine.dispose()


def test_a_success_clears_the_count(quay):
    with quay.client() as client:
        csrf = client.get("/csrf_token").json()["csrf_token"]
        assert attempt(client, csrf, ALICE[0], "wrong-password").status_code == 403
        time.sleep(0.6)
        assert attempt(client, csrf, *ALICE).status_code == 200
        csrf = client.get("/csrf_token").json()["csrf_token"]
        assert attempt(client, csrf, ALICE[0], "wrong-password").status_code == 403  # 0.5 s again, not 1.5 s
        time.sleep(0.6)
        assert attempt(client, csrf, *ALICE).status_code == 200


# -- SSO JWTs of a configured issuer -----------------------------------------------------------


@pytest.fixture(scope="module")
def sso_quay(shared_app_factory, oidc_provider):
    return shared_app_factory(users=USERS, TESTIDP_LOGIN_CONFIG=support_oidc.login_config(oidc_provider), **QUAY)


def sso_token(provider, name, **claims):
    return provider.forge({"sub": "sub-" + name, "preferred_username": name, "email": name + "@example.com", **claims})


def test_an_sso_jwt_is_its_user_on_every_call_without_csrf(sso_quay, oidc_provider):
    token = sso_token(oidc_provider, "sso-dev")
    me = sso_quay.request("GET", "/api/v1/user/", bearer=token)
    assert me.status_code == 200, me.text
    assert (me.json()["username"], me.json()["email"], me.json()["logins"][0]["service"]) == ("sso-dev", "sso-dev@example.com", "oidc")
    assert "super_user" not in me.json()
    org = unique("sso")
    assert sso_quay.request("POST", "/api/v1/organization/", bearer=token, json={"name": org, "email": "x@example.com"}).status_code == 201
    app = sso_quay.request("POST", "/api/v1/organization/%s/applications" % org, bearer=token, json={"name": "a"})
    assert app.status_code == 200, app.text


def test_a_bad_sso_jwt_is_anonymous(sso_quay, oidc_provider):
    stranger_key, _jwk = support_oidc.new_signing_key()
    now = int(time.time())
    for token in (oidc_provider.forge({"sub": "x", "preferred_username": "x"}, key=stranger_key),
                  oidc_provider.forge({"sub": "x", "iat": now - 7200, "exp": now - 3600}),
                  oidc_provider.forge({"sub": "x", "iss": "http://127.0.0.1:9/evil"})):
        assert_requires_authentication(sso_quay.request("GET", "/api/v1/user/", bearer=token), session_required=False)
        assert_csrf_refused(sso_quay.request("POST", "/api/v1/organization/", bearer=token, json={"name": unique("o")}))


def test_an_sso_jwt_never_takes_over_a_local_account(sso_quay, oidc_provider):
    assert_requires_authentication(sso_quay.request("GET", "/api/v1/user/", bearer=sso_token(oidc_provider, "admin")),
                                   session_required=False)


def test_without_user_creation_an_sso_jwt_of_a_new_user_is_anonymous(shared_app_factory, oidc_provider):
    server = shared_app_factory(users=USERS, FEATURE_USER_CREATION=False,
                                TESTIDP_LOGIN_CONFIG=support_oidc.login_config(oidc_provider), **QUAY)
    assert_requires_authentication(server.request("GET", "/api/v1/user/", bearer=sso_token(oidc_provider, "newcomer")),
                                   session_required=False)


def test_the_implicit_grant_reads_quays_session_cookie(quay):
    client, _before, _response = sign_in(quay)
    with closing(client):
        path = org_with_app(client, unique("org"))
        client_id = path.split("/")[-2]
        form = {"response_type": "token", "client_id": client_id, "redirect_uri": quay.url + "/oauth/localapp", "scope": "repo:read"}
        granted = client.post("/oauth/authorizeapp", data=dict(form, _csrf_token=client.headers["X-CSRF-Token"]),
                              headers={"X-CSRF-Token": ""}, follow_redirects=False)
        assert granted.status_code == 302 and "#access_token=" in granted.headers["Location"]
        refused = client.post("/oauth/authorizeapp", data=form, headers={"X-CSRF-Token": ""}, follow_redirects=False)
        assert_csrf_refused(refused, user="admin")
