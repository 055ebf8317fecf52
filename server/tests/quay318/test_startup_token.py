"""The start-up (bootstrap) token as Quay 3.18 ships it (scenarios 6a-6f of the recording, 0-setup#3, 7#7).

In process, a restart is a new app on the same database and work directory (InProcessServer.restart
runs the same migrate-and-reconcile `quayref serve` runs before it listens); one test starts real
`quayref serve` processes, for what only the command shows: it starts without the owner."""

import json
import os
import re
import stat
import time

import pytest

from quaytest.api import Setup, signed_in
from quaytest.config import ADMIN_PASSWORD
from quaytest.server import Server

ADMIN = ("admin", ADMIN_PASSWORD)
QUAY = {"QUAYREF_PROFILE": "quay-3.18", "FEATURE_PROGRAMMATIC_BOOTSTRAP": True, "BOOTSTRAP_TOKEN_OWNER": "admin",
        "FEATURE_USER_INITIALIZE": True}
EVERY_SCOPE = {"repo:read", "repo:write", "repo:admin", "repo:create", "user:read", "user:admin", "org:admin", "super:user"}
RENEW = "/api/v1/bootstrap/renew"
NEEDS_BEARER = "Requires valid bootstrap bearer token"
CSRF_BODY = '{"error": "CSRF token was invalid or missing."}'


def token_path(server):
    return server.config.get("BOOTSTRAP_TOKEN_PATH") or os.path.join(server.workdir, "bootstrap_token")


def read_token(server):
    """The file as Quay writes it: 0600, exactly {"access_token": "<40 of [A-Z0-9]>"}, no newline."""
    path = token_path(server)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open(path, "rb") as handle:
        raw = handle.read()
    match = re.fullmatch(rb'\{"access_token": "([A-Z0-9]{40})"\}', raw)
    assert match, raw
    return match.group(1).decode()


def works(server, token):
    return server.request("GET", "/api/v1/user/", bearer=token).status_code == 200


def bootstrap_entries(server, token):
    response = server.request("GET", "/api/v1/user/authorizations", bearer=token)
    assert response.status_code == 200, response.text
    return [entry for entry in response.json()["authorizations"] if entry["application"]["name"] == "__quay_bootstrap_app"]


def renew(server, token=None, location=None, **headers):
    if token is not None:
        headers["Authorization"] = "Bearer " + token
    if location is not None:
        headers["X-Quay-Bootstrap-Renewal-Location"] = location
    return server.request("POST", RENEW, headers=headers)


def assert_needs_bearer(response):
    assert response.status_code == 401, response.text
    assert (response.json()["error_type"], response.json()["detail"]) == ("invalid_token", NEEDS_BEARER)


def assert_csrf_failure(response):
    assert response.status_code == 403, response.text
    assert response.headers["content-type"].startswith("text/html") and response.text == CSRF_BODY


@pytest.fixture
def quay(app_factory):
    """quay-3.18 with admin existing at start: the start-up token is provisioned."""
    return app_factory(users=(ADMIN,), **QUAY)


@pytest.fixture
def admin_token(quay):
    """An ordinary token of admin's (not the start-up token), minted in an organization of its own."""
    with signed_in(quay) as admin:
        return Setup(admin).token(scope="org:admin user:admin super:user")


# -- When the file is written -----------------------------------------------------------------


def test_first_start_before_the_owner_exists_writes_nothing_then_the_next_start_does(app_factory):
    server = app_factory(users=(), **QUAY)  # as Quay's first start, before initialize: no refusal
    assert not os.path.exists(token_path(server))
    assert_csrf_failure(renew(server))  # 0-setup-initialize#3: renew is served, the call has no CSRF token
    first_user = {"username": "admin", "password": ADMIN_PASSWORD, "email": "admin@example.com", "access_token": True}
    created = server.request("POST", "/api/v1/user/initialize", json=first_user)
    assert created.status_code == 200, created.text
    assert not os.path.exists(token_path(server))  # initialize provisions nothing; a start does
    server.restart()
    token = read_token(server)
    assert works(server, token)


def test_a_restart_never_reissues_while_the_app_exists(quay):
    token = read_token(quay)
    quay.restart()
    assert read_token(quay) == token and works(quay, token)
    os.unlink(token_path(quay))
    quay.restart()
    assert not os.path.exists(token_path(quay))  # a deleted file stays deleted
    assert works(quay, token)
    # The way back: renew with the token (here still live; 6d renews an expired one with `local`).
    assert renew(quay, token, "local").json() == {"status": "rotated"}
    assert works(quay, read_token(quay)) and not works(quay, token)


def test_an_expired_token_stays_in_the_file_across_restarts_and_renews_only_locally(quay):
    quay.restart(BOOTSTRAP_TOKEN_EXPIRATION=1)
    assert renew(quay, read_token(quay)).status_code == 200  # the new token gets BOOTSTRAP_TOKEN_EXPIRATION
    expiring = read_token(quay)
    assert works(quay, expiring)
    time.sleep(1.2)
    assert not works(quay, expiring)
    quay.restart()
    assert read_token(quay) == expiring  # 6c: not replaced at start
    assert_needs_bearer(renew(quay, expiring))
    assert_needs_bearer(renew(quay, expiring, "remote"))
    quay.restart(BOOTSTRAP_TOKEN_EXPIRATION=None)
    rotated = renew(quay, expiring, "local")
    assert rotated.status_code == 200 and rotated.json() == {"status": "rotated"}
    fresh = read_token(quay)
    assert fresh != expiring and works(quay, fresh)
    assert_needs_bearer(renew(quay, expiring, "local"))  # replaced: no second recovery with it


# -- What the token is --------------------------------------------------------------------------


def test_the_token_is_an_ordinary_bearer_with_every_scope(quay):
    token = read_token(quay)
    with quay.client(token=token) as client:
        setup = Setup(client)  # creates an organization and an application
        minted = setup.create_token(name="minted-by-bootstrap", scope="org:admin super:user")
        assert minted.status_code == 200, minted.text
    [entry] = bootstrap_entries(quay, token)
    assert {scope["scope"] for scope in entry["scopes"]} == EVERY_SCOPE


def test_the_app_is_in_the_owners_user_namespace_and_shows_only_in_user_authorizations(quay, admin_token):
    [entry] = bootstrap_entries(quay, admin_token)
    application = entry["application"]
    assert (application["name"], application["description"], application["url"]) == (
        "__quay_bootstrap_app", "Auto-created by bootstrap token provisioning", "")
    assert application["avatar"]["kind"] == "app"
    assert application["organization"]["name"] == "admin" and application["organization"]["avatar"]["kind"] == "org"
    super_user = next(scope for scope in entry["scopes"] if scope["scope"] == "super:user")
    assert (super_user["title"], super_user["icon"], super_user["dangerous"]) == ("Super User Access", "fa-street-view", True)
    listed = quay.request("GET", "/api/v1/organization/admin/applications", bearer=admin_token)
    assert listed.status_code == 404 and listed.json()["error_type"] == "not_found"


def test_user_authorizations_lists_every_token_of_the_caller_expired_ones_too(quay, admin_token):
    with signed_in(quay) as admin:
        setup = Setup(admin)
        short = setup.create_token(name="short", scope="repo:read", expiration=1)
        assert short.status_code == 200, short.text
        time.sleep(1.2)
        listed = admin.get("/api/v1/user/authorizations").json()["authorizations"]
    mine = [entry for entry in listed if entry["application"]["organization"]["name"] == setup.org]
    assert [entry["uuid"] for entry in mine] == [short.json()["uuid"]]
    assert mine[0]["scopes"] == [{"title": "View all visible repositories", "scope": "repo:read", "icon": "fa-hdd-o", "dangerous": False,
                                  "description": "This application will be able to view and pull all repositories visible to the "
                                                 "granting user"}]


# -- Renew ----------------------------------------------------------------------------------------


def test_renew_rotates_the_token_and_rewrites_the_file(quay):
    old = read_token(quay)
    response = renew(quay, old)
    assert response.status_code == 200 and response.json() == {"status": "rotated"}
    new = read_token(quay)  # 0600, no newline, as at start
    assert new != old and works(quay, new)
    assert quay.request("GET", "/api/v1/user/", bearer=old).status_code == 401
    assert_needs_bearer(renew(quay, old))
    assert renew(quay, new, "local").status_code == 200  # the header changes nothing for a live token


def test_renew_refuses_everything_but_the_startup_token(quay, admin_token):
    before = read_token(quay)
    other = renew(quay, admin_token)
    assert other.status_code == 403 and (other.json()["error_type"], other.json()["detail"]) == ("insufficient_scope", "Unauthorized")
    assert_needs_bearer(renew(quay, "NOTAREALTOKEN0000000000000000000000000000"))
    assert_needs_bearer(renew(quay, "A" * 40))
    assert_needs_bearer(renew(quay, Authorization="Bearer"))
    assert_csrf_failure(renew(quay))
    assert_csrf_failure(renew(quay, Authorization="Basic YWRtaW46d3Jvbmc="))
    with signed_in(quay) as admin:  # a session with its CSRF token passes the CSRF rule, and still has no Bearer
        assert_needs_bearer(admin.post(RENEW))
    assert read_token(quay) == before and works(quay, before)


def test_renew_by_an_app_that_only_borrows_the_name_is_refused(quay):
    with signed_in(quay) as admin:
        org = Setup(admin).org
        app = admin.post("/api/v1/organization/%s/applications" % org, json={"name": "__quay_bootstrap_app"}).json()
        response = admin.post("/api/v1/organization/%s/applications/%s/tokens" % (org, app["client_id"]),
                              json={"name": "impostor", "scope": "org:admin"})
        assert response.status_code == 200, response.text
    before = read_token(quay)
    assert renew(quay, response.json()["token"]).status_code == 403
    assert read_token(quay) == before and works(quay, before)


# -- The flag off, then on again ------------------------------------------------------------------


def test_flag_off_removes_file_app_and_token_and_renew_is_not_served(quay, admin_token):
    token = read_token(quay)
    quay.restart(FEATURE_PROGRAMMATIC_BOOTSTRAP=False)
    assert not os.path.exists(token_path(quay))
    assert quay.request("GET", "/api/v1/user/", bearer=token).status_code == 401
    assert bootstrap_entries(quay, admin_token) == []
    # No renew route: the path answers as one that no route serves (Quay: 405 text/html).
    unserved = quay.request("POST", "/api/v1/bootstrap/renew-nothing-here", headers={"Authorization": "Bearer " + token})
    for answer in (renew(quay, token), renew(quay)):
        assert answer.status_code not in (200, 401, 403)
        assert (answer.status_code, answer.headers["content-type"]) == (unserved.status_code, unserved.headers["content-type"])
    quay.restart(FEATURE_PROGRAMMATIC_BOOTSTRAP=True)
    fresh = read_token(quay)
    assert works(quay, fresh) and not works(quay, token)
    assert len(bootstrap_entries(quay, admin_token)) == 1


def test_the_proposal_has_no_user_authorizations_and_serves_renew_with_the_flag_off(app_factory):
    server = app_factory(users=(ADMIN,), FEATURE_PROGRAMMATIC_BOOTSTRAP=False)
    with signed_in(server) as admin:
        assert admin.get("/api/v1/user/authorizations").status_code == 404
        assert admin.post(RENEW).status_code == 403


# -- A real `quayref serve` -------------------------------------------------------------------------


def test_quayref_serve_starts_without_the_owner_and_provisions_at_the_next_start(tmp_path):
    server = Server(BOOTSTRAP_TOKEN_PATH=str(tmp_path / "token.json"), **QUAY)
    try:
        server.start(timeout=30)  # the proposal exits 2 here: "BOOTSTRAP_TOKEN_OWNER: user admin does not exist"
        assert not os.path.exists(tmp_path / "token.json")
        server.create_user(*ADMIN)
        server.restart()
        with open(tmp_path / "token.json", "rb") as handle:
            token = json.loads(handle.read())["access_token"]
        assert works(server, token)
        server.restart()
        assert json.loads((tmp_path / "token.json").read_bytes())["access_token"] == token
    finally:
        server.cleanup()
