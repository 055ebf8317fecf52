"""The exact HTTP calls infra.quay_configuration's quay_organization, quay_application and
quay_api_token modules send (derived from their source, module_utils/api_module.py: one
module run = sign-in or Bearer, the module's calls, sign-out), replayed against quayref,
so that those modules work against it unchanged.

A run with quay_username/quay_password: GET /csrf_token (Accept */*), POST /api/v1/signin
with X-CSRF-Token, then every call carries the X-Next-CSRF-Token value the sign-in
answered (the module fails with "Cannot retrieve the authentication token" without it),
and POST /api/v1/signout at exit. A run with quay_token: Authorization: Bearer, nothing
else. Both send Content-Type and Accept application/json on every call."""

import re
from urllib.parse import urlencode

import httpx
import pytest

from quaytest.api import unique
from quaytest.config import ADMIN_PASSWORD

TIME_MACHINE = {"0s": 0, "1d": 86400, "7d": 604800, "14d": 1209600, "1month": 2419200}  # quay_organization's choices
ALL_RIGHTS = ["org:admin", "repo:admin", "repo:create", "repo:read", "repo:write", "super:user", "user:admin", "user:read"]


class InfraRun:
    """One module run, as APIModule drives it: a persistent cookie jar and session headers."""

    def __init__(self, server, token=None, username=None, password=None):
        self.calls = []
        self.http = server.client(follow_redirects=False)
        self.http.headers.update({"Content-Type": "application/json", "Accept": "application/json"})
        self.signed_in = False
        if token:
            self.http.headers["Authorization"] = "Bearer " + token
        else:
            self._authenticate(username, password)

    def _send(self, method, path, **kwargs):
        response = self.http.request(method, path, **kwargs)
        self.calls.append((method, path, response.status_code))
        return response

    def _authenticate(self, username, password):
        csrf = self._send("GET", "/csrf_token", headers={"Accept": "*/*"}).json()["csrf_token"]
        response = self._send("POST", "/api/v1/signin", headers={"X-CSRF-Token": csrf},
                              json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        # The module reads x-next-csrf-token in any case and fails without it.
        token = {k.lower(): v for k, v in response.headers.items()}.get("x-next-csrf-token")
        assert token is not None, "Cannot retrieve the authentication token"
        self.http.headers["X-CSRF-Token"] = token
        self.token = token
        self.signed_in = True

    # get_object_path: 404 is "absent"; anything else than 200 fails the module.
    def get_object(self, path):
        response = self._send("GET", path)
        if response.status_code == 404:
            return None
        assert response.status_code == 200, response.text
        return response.json()

    def create(self, path, item):
        response = self._send("POST", path, json=item)
        assert response.status_code in (200, 201, 204), response.text
        return response.json()

    def update(self, old, path, new_item):
        """APIModule.update: PUT only when a new value differs from the object read before."""
        if all(new_item.get(k) == (old or {}).get(k) for k in new_item):
            return False, {}
        response = self._send("PUT", path, json=new_item)
        assert response.status_code in (200, 201, 204), response.text
        return True, response.json()

    def exit(self):
        if self.signed_in:
            self._send("POST", "/api/v1/signout")
        self.http.close()


def quay_organization(run, name, email, time_machine_expiration):
    """infra.quay_configuration.quay_organization, state=present; returns `changed`."""
    org = run.get_object("/api/v1/organization/" + name)
    created = False
    if not org:
        run.create("/api/v1/organization/", {"name": name, "email": email})
        created = True
    new_fields = {"tag_expiration_s": TIME_MACHINE[time_machine_expiration], "email": email}
    updated, _data = run.update(org, "/api/v1/organization/" + name, new_fields)
    run.exit()
    return created or updated


def quay_application(run, organization, name, description, redirect_uri):
    """infra.quay_configuration.quay_application, state=present; returns (changed, the returned app)."""
    assert run.get_object("/api/v1/organization/" + organization)
    apps = run.get_object("/api/v1/organization/%s/applications" % organization)
    app = next((a for a in apps.get("applications", []) if a.get("name") == name), None)
    new_fields = {"description": description, "redirect_uri": redirect_uri}
    if app:
        new_fields["application_uri"] = app.get("application_uri", "")
        if app.get("avatar_email"):
            new_fields["avatar_email"] = app["avatar_email"]
    new_fields["name"] = name
    if app:
        updated, data = run.update(app, "/api/v1/organization/%s/applications/%s" % (organization, app["client_id"]), new_fields)
        run.exit()
        return updated, data if updated else app
    data = run.create("/api/v1/organization/%s/applications" % organization, new_fields)
    run.exit()
    return True, data


def quay_api_token(server, username, password, client_id, rights):
    """infra.quay_configuration.quay_api_token (APIModuleNoAuth: a session is required); returns access_token."""
    run = InfraRun(server, username=username, password=password)
    data = {"response_type": "token", "client_id": client_id, "redirect_uri": server.url + "/oauth/localapp",
            "scope": " ".join(rights), "_csrf_token": run.token}
    response = run._send("POST", "/oauth/authorizeapp", content=urlencode(data).encode("ascii"),
                         headers={"Accept": "*/*", "Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 302, response.text  # ok_error_codes=[302], follow_redirects=False
    headers_lower = {k.lower(): v for k, v in response.headers.items()}
    assert "location" in headers_lower, "Cannot retrieve the OAuth access token from the returned data"
    match = re.search("access_token=(.*?)&", headers_lower["location"])
    assert match, "Cannot retrieve the CSRF token from the returned data"
    run.exit()
    return match.group(1)


@pytest.fixture(scope="module", params=["proposal", "quay-3.18"], name="server")
def server_fixture(request, shared_app_factory):
    """Both profiles: those modules are written against Quay 3.18 and must work on either."""
    return shared_app_factory(QUAYREF_PROFILE=request.param)


@pytest.fixture
def admin_token(server):
    """A Bearer token of admin with every scope, minted the way quay_api_token does."""
    run = InfraRun(server, username="admin", password=ADMIN_PASSWORD)
    org = unique("tok")
    run.create("/api/v1/organization/", {"name": org, "email": org + "@example.com"})
    client_id = run.create("/api/v1/organization/%s/applications" % org, {"name": "automation"})["client_id"]
    run.exit()
    return quay_api_token(server, "admin", ADMIN_PASSWORD, client_id, ALL_RIGHTS)


CREDENTIALS = ["quay_token", "username_password"]


def new_run(server, kind, admin_token):
    if kind == "quay_token":
        return InfraRun(server, token=admin_token)
    return InfraRun(server, username="admin", password=ADMIN_PASSWORD)


@pytest.mark.parametrize("kind", CREDENTIALS)
def test_quay_organization_creates_then_sets_tag_expiration_then_sees_no_change(server, admin_token, kind):
    name = unique("infra")
    first = new_run(server, kind, admin_token)
    assert quay_organization(first, name, name + "@example.com", "7d") is True
    assert [c[:2] for c in first.calls if c[1].startswith("/api/v1/organization")] == [
        ("GET", "/api/v1/organization/" + name), ("POST", "/api/v1/organization/"), ("PUT", "/api/v1/organization/" + name)]
    second = new_run(server, kind, admin_token)
    assert quay_organization(second, name, name + "@example.com", "7d") is False
    assert not [c for c in second.calls if c[0] == "PUT"], "the second run saw the stored tag_expiration_s"
    third = new_run(server, kind, admin_token)
    assert quay_organization(third, name, name + "@example.com", "1month") is True
    check = new_run(server, kind, admin_token)
    assert check.get_object("/api/v1/organization/" + name)["tag_expiration_s"] == 2419200
    check.exit()


@pytest.mark.parametrize("kind", CREDENTIALS)
def test_quay_application_reads_the_client_secret_on_a_second_run(server, admin_token, kind):
    org = unique("infra")
    setup = new_run(server, kind, admin_token)
    quay_organization(setup, org, org + "@example.com", "14d")
    changed, created = quay_application(new_run(server, kind, admin_token), org, "ci-app", "CI pipeline", "https://ci.example.com/cb")
    assert changed is True and len(created["client_secret"]) == 40
    changed, again = quay_application(new_run(server, kind, admin_token), org, "ci-app", "CI pipeline", "https://ci.example.com/cb")
    assert changed is False
    assert (again["client_id"], again["client_secret"]) == (created["client_id"], created["client_secret"])
    changed, updated = quay_application(new_run(server, kind, admin_token), org, "ci-app", "CI pipeline (prod)", "https://ci.example.com/cb")
    assert changed is True and updated["client_secret"] == created["client_secret"]


def test_quay_api_token_mints_with_username_and_password(server, admin_token):
    org = unique("infra")
    quay_organization(InfraRun(server, token=admin_token), org, org + "@example.com", "14d")
    _changed, app = quay_application(InfraRun(server, token=admin_token), org, "extapp", "", "")
    token = quay_api_token(server, "admin", ADMIN_PASSWORD, app["client_id"], ["org:admin", "user:admin"])
    assert len(token) == 40
    with server.client(token) as bearer:
        assert bearer.get("/api/v1/user/").json()["username"] == "admin"  # user:admin carries user:read
        listed = bearer.get("/api/v1/organization/%s/applications/%s/tokens" % (org, app["client_id"])).json()["tokens"]
    # quayref's proposal also says how a token was minted; Quay's token view has no auth_method.
    minted_by = None if server.app.state.settings.profile.quay_token_views else "session"
    assert [(t["scope"], t.get("auth_method")) for t in listed] == [("org:admin user:admin", minted_by)]
    # Not idempotent, as the module documents: each run adds a token.
    quay_api_token(server, "admin", ADMIN_PASSWORD, app["client_id"], ["repo:read"])
    with server.client(token) as bearer:
        assert len(bearer.get("/api/v1/organization/%s/applications/%s/tokens" % (org, app["client_id"])).json()["tokens"]) == 2


def test_a_session_run_signs_out_and_its_csrf_token_was_the_rotated_one(server):
    run = InfraRun(server, username="admin", password=ADMIN_PASSWORD)
    name = unique("infra")
    run.create("/api/v1/organization/", {"name": name, "email": name + "@example.com"})
    jar = httpx.Cookies(run.http.cookies)
    run.exit()
    assert run.calls[-1] == ("POST", "/api/v1/signout", 200)
    with server.client(cookies=jar) as replay:
        assert replay.get("/api/v1/user/").status_code == 401
