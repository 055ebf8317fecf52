"""quay-3.18 users: initialize, GET /api/v1/user/, the superuser user API, and who may act in an
organization (FEATURE_SUPERUSERS_FULL_ACCESS, a non-superuser org admin, token scopes)
(scenarios 0, 5b, 5c, 5d, 8)."""

import re
from contextlib import closing

import pytest

from auth_helpers import (CSRF_TOKEN, QUAY, USERS, assert_requires_authentication, assert_unauthorized, new_token,
                          org_with_app, session_cookies, sign_in)
from quaytest.api import unique

INITIALIZE = {"username": "quayadmin", "password": "Quayadmin-Password-1", "email": "quayadmin@example.com", "access_token": True}
ALL_SCOPES = "org:admin repo:admin repo:create repo:read repo:write super:user user:admin user:read"


# -- POST /api/v1/user/initialize ---------------------------------------------------------------


def test_initialize_answers_quays_credentials_and_signs_the_user_in(app_factory):
    server = app_factory(users=(), FEATURE_USER_INITIALIZE=True, SUPER_USERS=["quayadmin"], **QUAY)
    with server.client() as client:
        response = client.post("/api/v1/user/initialize", json=INITIALIZE)
        assert response.status_code == 200, response.text
        body = response.json()
        assert set(body) == {"username", "email", "encrypted_password", "access_token"}
        assert re.fullmatch(r"[A-Z0-9]{40}", body["access_token"])
        assert body["encrypted_password"] and INITIALIZE["password"] not in response.text
        assert CSRF_TOKEN.fullmatch(response.headers["X-Next-CSRF-Token"])
        [cookie] = session_cookies(response)
        assert "; Expires=" in cookie
        # The answer's cookie is a signed-in session, and the CSRF token is its own.
        assert client.get("/api/v1/user/").json()["username"] == "quayadmin"
        assert client.get("/csrf_token").json()["csrf_token"] == response.headers["X-Next-CSRF-Token"]
        again = client.post("/api/v1/user/initialize", json=dict(INITIALIZE, username="other"))
        assert (again.status_code, again.json()) == (400, {"message": "Cannot initialize user in a non-empty database"})
    me = server.request("GET", "/api/v1/user/", bearer=body["access_token"]).json()
    assert me["super_user"] is True and me["is_me"] is True
    path = org_with_app(server.client(token=body["access_token"]), unique("org"))
    # Every scope, so it may grant every scope.
    assert server.request("POST", path, bearer=body["access_token"], json={"name": "all", "scope": ALL_SCOPES}).status_code == 200


def test_initialize_needs_no_csrf_token_and_refuses_a_bad_password_as_a_message(app_factory):
    server = app_factory(users=(), FEATURE_USER_INITIALIZE=True, **QUAY)
    refused = server.request("POST", "/api/v1/user/initialize", json=dict(INITIALIZE, password=""))
    assert refused.status_code == 400 and set(refused.json()) == {"message"}
    assert refused.json()["message"].startswith("Failed to initialize user: ")
    assert server.request("POST", "/api/v1/user/initialize", json=dict(INITIALIZE, access_token=False)).status_code == 200


# -- GET /api/v1/user/ --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def quay(shared_app_factory):
    return shared_app_factory(users=USERS, FEATURE_SUPERUSERS_FULL_ACCESS=True, **QUAY)


@pytest.fixture(scope="module")
def admin(quay):
    client, _before, _response = sign_in(quay)
    yield client
    client.close()


USER_VIEW = ["anonymous", "username", "avatar", "can_create_repo", "is_me", "verified", "email", "logins", "invoice_email",
             "invoice_email_address", "preferred_namespace", "tag_expiration_s", "prompts", "company", "family_name", "given_name",
             "location", "is_free_account", "has_password_set", "organizations", "super_user"]


def test_the_user_view_has_every_field_of_quays(quay, admin):
    org = unique("org")
    org_with_app(admin, org)
    view = admin.get("/api/v1/user/").json()
    assert list(view) == USER_VIEW
    assert (view["is_me"], view["has_password_set"], view["tag_expiration_s"], view["prompts"], view["company"]) == (
        True, True, 1209600, [], None)
    assert set(view["avatar"]) == {"name", "hash", "color", "kind"} and view["avatar"]["kind"] == "user"
    mine = [entry for entry in view["organizations"] if entry["name"] == org]
    assert mine == [{"name": org, "avatar": mine[0]["avatar"], "can_create_repo": True, "public": False, "is_org_admin": True,
                     "preferred_namespace": False}]


def test_the_user_view_shows_what_the_token_may_see(quay, admin):
    path = org_with_app(admin, unique("org"))
    reader = new_token(admin, path, "user:read")["token"]
    view = quay.request("GET", "/api/v1/user/", bearer=reader).json()
    assert list(view) == ["anonymous", "username", "avatar", "organizations"]
    assert all(set(org) == {"name", "avatar", "can_create_repo", "public"} for org in view["organizations"])
    # Without user:read: Quay's 401, session_required false.
    org_admin = new_token(admin, path, "org:admin")["token"]
    assert_requires_authentication(quay.request("GET", "/api/v1/user/", bearer=org_admin), session_required=False)
    assert_requires_authentication(quay.request("GET", "/api/v1/user/"), session_required=False)


# -- The superuser user API ---------------------------------------------------------------------


def test_a_superuser_creates_a_user_who_can_sign_in_with_the_answered_password(quay, admin):
    name = unique("user")
    created = admin.post("/api/v1/superuser/users/", json={"username": name, "email": name + "@example.com"})
    assert created.status_code == 200, created.text
    body = created.json()
    assert set(body) == {"username", "email", "password", "encrypted_password"}
    assert re.fullmatch(r"[A-Z0-9]{32}", body["password"])
    client, _before, _response = sign_in(quay, name, body["password"])
    with closing(client):
        assert client.get("/api/v1/user/").json()["username"] == name
    users = {user["username"]: user for user in admin.get("/api/v1/superuser/users/").json()["users"]}
    assert users[name] == {"kind": "user", "name": name, "username": name, "email": name + "@example.com", "verified": True,
                           "avatar": users[name]["avatar"], "super_user": False, "global_readonly_super_user": False, "enabled": True}
    assert users["admin"]["super_user"] is True


def test_the_superuser_api_refuses_others_and_tokens_without_super_user(quay, admin):
    path = org_with_app(admin, unique("org"))
    without = new_token(admin, path, "org:admin user:admin")["token"]
    assert_unauthorized(quay.request("GET", "/api/v1/superuser/users/", bearer=without))
    client, _before, _response = sign_in(quay, "alice", "alice-password-1")
    with closing(client):
        assert_unauthorized(client.get("/api/v1/superuser/users/"))
        assert_unauthorized(client.post("/api/v1/superuser/users/", json={"username": unique("u")}))


# -- Who may act in an organization -------------------------------------------------------------


@pytest.fixture(scope="module")
def alice(quay):
    client, _before, _response = sign_in(quay, "alice", "alice-password-1")
    yield client
    client.close()


def test_a_non_superuser_org_admin_mints_in_its_own_org_only(quay, admin, alice):
    own = org_with_app(alice, unique("alice"))
    for scope in ("org:admin repo:read", "user:admin", "repo:write"):
        assert alice.post(own, json={"name": "ok", "scope": scope}).status_code == 200
    assert_unauthorized(alice.post(own, json={"name": "super", "scope": "super:user"}))
    other = org_with_app(admin, unique("org"))
    assert_unauthorized(alice.get(other))
    assert_unauthorized(alice.post(other, json={"name": "x", "scope": "repo:read"}))
    # A token may grant only what it holds.
    narrow = new_token(alice, own, "org:admin")["token"]
    assert_unauthorized(quay.request("POST", own, bearer=narrow, json={"name": "beyond", "scope": "org:admin repo:read"}))
    assert quay.request("POST", own, bearer=narrow, json={"name": "within", "scope": "org:admin"}).status_code == 200


def test_a_token_without_org_admin_reads_the_org_view_as_a_non_member(quay, admin):
    org = unique("org")
    path = org_with_app(admin, org)
    reader = new_token(admin, path, "repo:read")["token"]
    assert_unauthorized(quay.request("GET", path, bearer=reader))
    view = quay.request("GET", "/api/v1/organization/" + org, bearer=reader)
    # (is_member is the organizations view's: authz.is_org_member says False here.)
    assert view.status_code == 200 and view.json()["is_admin"] is False


@pytest.mark.parametrize("full_access", [True, False])
def test_a_superuser_in_an_org_it_is_not_a_member_of(app_factory, full_access):
    server = app_factory(users=USERS, FEATURE_SUPERUSERS_FULL_ACCESS=full_access, **QUAY)
    owner, _before, _response = sign_in(server, "alice", "alice-password-1")
    admin, _before, _response = sign_in(server)
    with closing(owner), closing(admin):
        org = unique("alice")
        path = org_with_app(owner, org)
        victim = new_token(owner, path, "repo:read")
        assert admin.get("/api/v1/organization/" + org).status_code == 200
        listed, apps = admin.get(path), admin.get("/api/v1/organization/%s/applications" % org)
        created = admin.post(path, json={"name": "su", "scope": "super:user"})
        deleted = admin.delete(path + "/" + victim["uuid"])
        if full_access:
            assert (listed.status_code, apps.status_code, created.status_code, deleted.status_code) == (200, 200, 200, 204)
            assert created.json()["created_by"] == "admin"
        else:
            for refused in (listed, apps, created, deleted):
                assert_unauthorized(refused)
