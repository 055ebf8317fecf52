"""What existing Quay clients rely on (design/api.md, "Both profiles"), as the Quay 3.18
transcripts record it: CSRF rotation at sign-in, tag_expiration_s, 400 for an existing
organization name, client_secret readable by org admins (encrypted at rest), and the
/oauth/authorizeapp implicit grant."""

import json
import os
from contextlib import closing
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import create_engine, text

from quaytest.api import Setup, signed_in, unique
from quaytest.config import ADMIN_PASSWORD

NAME_TAKEN = "A user or organization with this name already exists"


def db_engine(server):
    uri = server.config.get("DB_URI") or "sqlite:///" + os.path.join(server.workdir, "quayref.db")
    return create_engine(uri)


def raw_sign_in(server, username="admin", password=ADMIN_PASSWORD):
    """(client, pre-sign-in csrf, sign-in response) without testkit's header handling."""
    client = server.client()
    csrf = client.get("/csrf_token").json()["csrf_token"]
    response = client.post("/api/v1/signin", json={"username": username, "password": password}, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 200, response.text
    return client, csrf, response


# -- CSRF rotation at sign-in (scenario 1-session-signin) ---------------------------------


def test_signin_answers_a_fresh_csrf_token_and_the_old_one_stops_working(server):
    client, old, response = raw_sign_in(server)
    with closing(client):
        new = response.headers.get("X-Next-CSRF-Token")
        assert new and new != old
        refused = client.post("/api/v1/organization/", json={"name": unique("org")}, headers={"X-CSRF-Token": old})
        # Quay: 403 "CSRF token was invalid or missing. (authorized: user quayadmin)" as text/html;
        # quayref keeps its JSON error body with the same status.
        assert refused.status_code == 403 and "CSRF" in refused.json()["error_message"]
        for _attempt in range(2):  # not rotated per request
            assert client.post("/api/v1/organization/", json={"name": unique("org")}, headers={"X-CSRF-Token": new}).status_code == 201
        assert client.get("/csrf_token").json()["csrf_token"] == new


def test_each_sign_in_rotates_to_a_different_token(server):
    tokens = set()
    for _attempt in range(2):
        client, old, response = raw_sign_in(server)
        with closing(client):
            tokens.update({old, response.headers["X-Next-CSRF-Token"]})
    assert len(tokens) == 4


# -- 400 for an existing organization name (scenario 2-organization) ----------------------


def test_an_existing_organization_or_user_name_is_quays_400(admin):
    name = unique("org")
    assert admin.post("/api/v1/organization/", json={"name": name, "email": name + "@example.com"}).status_code == 201
    for taken in (name, "admin", "alice"):
        response = admin.post("/api/v1/organization/", json={"name": taken, "email": "x@example.com"})
        assert response.status_code == 400, taken
        body = response.json()
        assert (body["error_type"], body["error_message"], body["detail"]) == ("invalid_request", NAME_TAKEN, NAME_TAKEN)


def test_openapi_no_longer_promises_409_for_create_organization(server):
    with server.client() as client:
        responses = client.get("/openapi.json").json()["paths"]["/api/v1/organization/"]["post"]["responses"]
    assert "409" not in responses and "400" in responses


# -- tag_expiration_s (scenario 2-organization) -----------------------------------------


def test_tag_expiration_is_stored_and_only_an_option_is_accepted(admin):
    setup = Setup(admin)
    path = "/api/v1/organization/" + setup.org
    assert admin.get(path).json()["tag_expiration_s"] == 1209600
    changed = admin.put(path, json={"tag_expiration_s": 86400})
    assert changed.status_code == 200 and changed.json()["tag_expiration_s"] == 86400
    assert admin.get(path).json()["tag_expiration_s"] == 86400
    invalid = admin.put(path, json={"tag_expiration_s": 3600, "email": "changed@example.com"})
    assert invalid.status_code == 400 and invalid.json()["message"] == "Invalid tag expiration option"
    after = admin.get(path).json()
    assert after["tag_expiration_s"] == 86400 and after["email"] == setup.org + "@example.com"  # nothing written
    for bad in (-1, "1d", 1.5, True):
        assert admin.put(path, json={"tag_expiration_s": bad}).status_code == 400, bad
    assert admin.put(path, json={"tag_expiration_s": 0}).json()["tag_expiration_s"] == 0
    # An e-mail change alone leaves the expiration as it is.
    assert admin.put(path, json={"email": "ops@example.com"}).json()["tag_expiration_s"] == 0
    both = admin.put(path, json={"email": "both@example.com", "tag_expiration_s": 2419200}).json()
    assert (both["email"], both["tag_expiration_s"]) == ("both@example.com", 2419200)


def test_tag_expiration_change_is_audited(server, admin):
    setup = Setup(admin)
    admin.put("/api/v1/organization/" + setup.org, json={"tag_expiration_s": 604800})
    logs = admin.get("/api/v1/organization/%s/logs" % setup.org).json()["logs"]
    change = [entry for entry in logs if entry["kind"] == "org_change_tag_expiration"]
    assert change and change[0]["metadata"]["tag_expiration_s"] == 604800


def test_tag_expiration_options_and_default_come_from_the_config(app_factory):
    server = app_factory(TAG_EXPIRATION_OPTIONS=["1h", "3d"], DEFAULT_TAG_EXPIRATION="3d")
    with closing(signed_in(server)) as admin:
        setup = Setup(admin)
        path = "/api/v1/organization/" + setup.org
        assert admin.get(path).json()["tag_expiration_s"] == 3 * 86400
        assert admin.put(path, json={"tag_expiration_s": 3600}).json()["tag_expiration_s"] == 3600
        assert admin.put(path, json={"tag_expiration_s": 1209600}).status_code == 400


# -- client_secret readable by org admins, encrypted at rest (scenario 3-applications) ---


def test_client_secret_is_in_every_application_view_for_org_admins(server, admin):
    setup = Setup(admin)
    base = "/api/v1/organization/%s/applications" % setup.org
    created = admin.post(base, json={"name": "ci-app", "redirect_uri": "https://ci.example.com/callback"}).json()
    secret = created["client_secret"]
    listed = {a["client_id"]: a for a in admin.get(base).json()["applications"]}
    assert listed[created["client_id"]]["client_secret"] == secret
    assert listed[setup.client_id]["client_secret"] and listed[setup.client_id]["client_secret"] != secret
    assert admin.get(base + "/" + created["client_id"]).json()["client_secret"] == secret
    assert admin.put(base + "/" + created["client_id"], json={"name": "ci-app", "description": "prod"}).json()["client_secret"] == secret
    with closing(signed_in(server, "alice", "alice-password")) as alice:  # not an admin of the org
        assert alice.get(base).status_code == 403
        assert alice.get(base + "/" + created["client_id"]).status_code == 403


def test_reset_client_secret_gives_a_new_readable_secret(admin):
    setup = Setup(admin)
    base = "/api/v1/organization/%s/applications/%s" % (setup.org, setup.client_id)
    before = admin.get(base).json()["client_secret"]
    reset = admin.post(base + "/resetclientsecret")
    assert reset.status_code == 200
    after = reset.json()["client_secret"]
    assert len(after) == 40 and after != before
    assert admin.get(base).json()["client_secret"] == after


def test_the_database_holds_no_plaintext_client_secret(server, admin):
    setup = Setup(admin)
    base = "/api/v1/organization/%s/applications/%s" % (setup.org, setup.client_id)
    secret = admin.get(base).json()["client_secret"]
    engine = db_engine(server)
    try:
        with engine.connect() as connection:
            row = connection.execute(text("SELECT * FROM oauth_application WHERE client_id = :c"), {"c": setup.client_id}).mappings().one()
            assert row["client_secret_sealed"].startswith("gAAAAA")  # a Fernet token
            assert all(secret not in str(value) for value in row.values())
            logs = connection.execute(text("SELECT metadata_json FROM log_entry")).scalars().all()
            assert logs and all(secret not in entry for entry in logs)
    finally:
        engine.dispose()
    assert secret not in server.log()
    assert all(secret not in json.dumps(line) for line in server.audit_lines())


def test_an_application_without_a_sealed_secret_reads_null_until_reset(server, admin):
    """Rows from before migration 0006 kept only a hash: their client_secret cannot come back."""
    setup = Setup(admin)
    base = "/api/v1/organization/%s/applications/%s" % (setup.org, setup.client_id)
    engine = db_engine(server)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE oauth_application SET client_secret_sealed = NULL WHERE client_id = :c"), {"c": setup.client_id})
    finally:
        engine.dispose()
    one = admin.get(base).json()
    assert "client_secret" in one and one["client_secret"] is None
    listed = admin.get("/api/v1/organization/%s/applications" % setup.org).json()["applications"]
    assert listed[0]["client_secret"] is None
    assert admin.post(base + "/resetclientsecret").json()["client_secret"]


# -- the /oauth/authorizeapp implicit grant ---------------------------------------------


def authorize(client, server, client_id, scope, csrf=None, redirect_uri=None, response_type="token"):
    form = {"response_type": response_type, "client_id": client_id, "redirect_uri": redirect_uri or server.url + "/oauth/localapp",
            "scope": scope}
    if csrf is not None:
        form["_csrf_token"] = csrf
    return client.post("/oauth/authorizeapp", data=form, headers={"Accept": "*/*"}, follow_redirects=False)


def fragment(location):
    return dict((k, v[0]) for k, v in parse_qs(urlsplit(location).fragment).items())


def test_implicit_grant_mints_a_normal_application_token(server, admin):
    setup = Setup(admin)
    csrf = admin.headers["X-CSRF-Token"]
    response = authorize(admin, server, setup.client_id, "org:admin user:read", csrf=csrf)
    assert response.status_code == 302, response.text
    location = response.headers["Location"]
    assert location.startswith(server.url + "/oauth/localapp?scope=org%3Aadmin+user%3Aread#access_token=")
    values = fragment(location)
    assert values["token_type"] == "Bearer" and int(values["expires_in"]) > 0
    token = values["access_token"]
    assert len(token) == 40
    with server.client(token) as bearer:
        assert bearer.get("/api/v1/user/").json()["username"] == "admin"
        listed = bearer.get(setup.tokens).json()["tokens"]
    assert [(t["name"], t["scope"], t["auth_method"], t["created_by"]) for t in listed] == [
        ("authorizeapp", "org:admin user:read", "session", "admin")]
    logs = admin.get("/api/v1/organization/%s/logs" % setup.org).json()["logs"]
    created = [entry for entry in logs if entry["kind"] == "create_oauth_api_token"]
    assert created and created[0]["metadata"]["client_id"] == setup.client_id
    assert token not in json.dumps(logs) and token not in server.log()


def test_implicit_grant_accepts_the_csrf_token_in_the_header_or_the_form(server, admin):
    setup = Setup(admin)
    assert authorize(admin, server, setup.client_id, "repo:read").status_code == 302  # header only (the client's default)
    csrf = admin.headers.pop("X-CSRF-Token")
    try:
        assert authorize(admin, server, setup.client_id, "repo:read", csrf=csrf).status_code == 302  # form only
        refused = authorize(admin, server, setup.client_id, "repo:read", csrf="x" * 40)
        assert refused.status_code == 403
        assert authorize(admin, server, setup.client_id, "repo:read").status_code == 403  # none
    finally:
        admin.headers["X-CSRF-Token"] = csrf


def test_implicit_grant_needs_a_signed_in_session(server, admin):
    setup = Setup(admin)
    token = setup.token()
    with server.client() as anonymous:
        assert authorize(anonymous, server, setup.client_id, "repo:read").status_code == 401
    with server.client(token) as bearer:  # Quay reads the Bearer, then fails its CSRF check
        assert authorize(bearer, server, setup.client_id, "repo:read").status_code == 403


@pytest.mark.parametrize("change, error", [
    ({"response_type": "code"}, "unsupported_response_type"),
    ({"client_id": "NOSUCHCLIENTID000000"}, "unauthorized_client"),
    ({"scope": "repo:read nope:x"}, "invalid_scope"),
    ({"scope": ""}, "invalid_scope"),
])
def test_implicit_grant_protocol_errors_redirect_as_quay_does(server, admin, change, error):
    setup = Setup(admin)
    args = {"client_id": setup.client_id, "scope": "repo:read"}
    args.update({k: v for k, v in change.items() if k != "response_type"})
    response = authorize(admin, server, args["client_id"], args["scope"], response_type=change.get("response_type", "token"))
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(server.url + "/oauth/localapp?") and parse_qs(urlsplit(location).query)["error"] == [error]
    assert "access_token" not in location


def test_implicit_grant_redirect_uri_must_be_the_apps_or_the_local_handler(server, admin):
    setup = Setup(admin)
    base = "/api/v1/organization/%s/applications" % setup.org
    app = admin.post(base, json={"name": "web", "redirect_uri": "https://ci.example.com/callback"}).json()
    ok = authorize(admin, server, app["client_id"], "repo:read", redirect_uri="https://ci.example.com/callback/x")
    assert ok.status_code == 302 and ok.headers["Location"].startswith("https://ci.example.com/callback/x?scope=repo%3Aread#access_token=")
    assert authorize(admin, server, app["client_id"], "repo:read", redirect_uri="https://evil.example.com/").status_code == 400
    assert authorize(admin, server, setup.client_id, "repo:read", redirect_uri="https://evil.example.com/").status_code == 400


def test_implicit_grant_has_the_checks_a_signed_in_user_has(server, admin):
    setup = Setup(admin)
    with closing(signed_in(server, "alice", "alice-password")) as alice:
        assert authorize(alice, server, setup.client_id, "repo:read").status_code == 403  # not an admin of the org
        own = Setup(alice)
        assert authorize(alice, server, own.client_id, "super:user").status_code == 403  # not a superuser
        assert authorize(alice, server, own.client_id, "org:admin repo:admin").status_code == 302
    assert authorize(admin, server, setup.client_id, "super:user").status_code == 302  # admin is a superuser
