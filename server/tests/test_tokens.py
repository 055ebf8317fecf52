"""Token lifecycle over real HTTP: create, list, use, revoke, on both path spellings."""

import re
from contextlib import closing
import time

import pytest

from quaytest.api import Setup, signed_in, tokens_path, unique

SPELLINGS = ("applications", "application")
TOKEN_RE = re.compile(r"^[A-Za-z0-9]{40}$")
ISO_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
VIEW_KEYS = {"uuid", "name", "scope", "expires_at", "created", "created_by", "last_accessed", "auth_method"}


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_create_returns_the_secret_once_and_the_view(setup, spelling):
    response = setup.create_token(name="  deploy bot  ", scope="repo:read,user:read repo:read", expiration=3600, spelling=spelling)
    assert response.status_code == 200, response.text
    body = response.json()
    assert TOKEN_RE.match(body["token"])
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert set(body) == VIEW_KEYS | {"token", "token_type", "expires_in"}
    assert body["name"] == "deploy bot"
    assert body["scope"] == "repo:read user:read"  # normalised: space-separated, de-duplicated, order kept
    assert body["created_by"] == "admin" and body["auth_method"] == "session"
    assert ISO_RE.match(body["created"]) and ISO_RE.match(body["expires_at"])

    listed = setup.client.get(tokens_path(setup.org, setup.client_id, spelling)).json()["tokens"]
    assert [t["uuid"] for t in listed] == [body["uuid"]]
    assert set(listed[0]) == VIEW_KEYS
    assert body["token"] not in str(listed)


def test_defaults_come_from_config(setup):
    body = setup.create_token(name="defaults").json()
    assert body["scope"] == "repo:read"
    assert body["expires_in"] == 365 * 24 * 3600


def test_plain_text_answer_is_the_secret_and_a_newline(setup):
    response = setup.client.post(setup.tokens, json={"name": "plain"}, headers={"Accept": "text/plain"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert TOKEN_RE.match(response.text[:-1]) and response.text.endswith("\n")


def test_token_works_and_revocation_is_immediate(server, setup):
    secret = setup.token(scope="org:admin user:read")
    with server.client(secret) as client:
        me = client.get("/api/v1/user/")
        assert me.status_code == 200 and me.json()["username"] == "admin"
        uuid = setup.client.get(setup.tokens).json()["tokens"][0]["uuid"]
        assert client.delete("%s/%s" % (setup.tokens, uuid)).status_code == 204
        refused = client.get("/api/v1/user/")
    assert refused.status_code == 401
    assert refused.json()["error_type"] == "invalid_token"
    assert "WWW-Authenticate" in refused.headers


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_revoke_on_either_spelling_and_twice_is_404(setup, spelling):
    uuid = setup.create_token(name="gone").json()["uuid"]
    path = "%s/%s" % (tokens_path(setup.org, setup.client_id, spelling), uuid)
    first = setup.client.delete(path)
    assert first.status_code == 204 and first.content == b""
    second = setup.client.delete(path)
    assert second.status_code == 404 and second.json()["error_type"] == "not_found"


def test_expired_token_is_refused_and_not_listed(server, setup):
    secret = setup.create_token(name="short", scope="user:read", expiration=1).json()["token"]
    time.sleep(2.1)
    with server.client(secret) as client:
        assert client.get("/api/v1/user/").status_code == 401
    assert setup.client.get(setup.tokens).json()["tokens"] == []


def test_last_accessed_is_recorded_on_use(server, setup):
    secret = setup.token(scope="user:read")
    assert setup.client.get(setup.tokens).json()["tokens"][0]["last_accessed"] is None
    with server.client(secret) as client:
        client.get("/api/v1/user/")
    assert ISO_RE.match(setup.client.get(setup.tokens).json()["tokens"][0]["last_accessed"])


def test_paging_past_fifty_newest_first(setup):
    created = [setup.create_token(name="t%03d" % i).json()["uuid"] for i in range(120)]
    seen, cursor, pages = [], None, 0
    while True:
        params = {"next_page": cursor} if cursor else {}
        body = setup.client.get(setup.tokens, params=params).json()
        pages += 1
        seen += [t["uuid"] for t in body["tokens"]]
        cursor = body.get("next_page")
        if not cursor:
            break
    assert pages == 3
    assert seen == list(reversed(created))


def test_forged_cursor_is_a_400_naming_next_page(setup):
    response = setup.client.get(setup.tokens, params={"next_page": "not-a-cursor"})
    assert response.status_code == 400 and "next_page" in response.json()["error_message"]


@pytest.mark.parametrize("body, field", [
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "x" * 256}, "name"),
    ({}, "name"),
    ({"name": 5}, "name"),
    ({"name": "a", "scope": "repo:read nope:scope"}, "scope"),
    ({"name": "a", "scope": ""}, "scope"),
    ({"name": "a", "expiration": 0}, "expiration"),
    ({"name": "a", "expiration": -5}, "expiration"),
    ({"name": "a", "expiration": "10"}, "expiration"),
    ({"name": "a", "expiration": True}, "expiration"),
    ({"name": "a", "expiration": 1.5}, "expiration"),
    ({"name": "a", "expiration": 10**30}, "expiration"),
    ({"name": "a", "expiration": 3 * 365 * 24 * 3600}, "expiration"),
])
def test_bad_body_is_a_400_naming_the_field(setup, body, field):
    response = setup.client.post(setup.tokens, json=body)
    assert response.status_code == 400, response.text
    error = response.json()
    assert error["error_type"] == "invalid_request" and error["status"] == 400
    assert field in error["error_message"]
    assert set(error) >= {"status", "error_type", "error_message", "detail", "title", "message"}


def test_scope_subset_and_permissions(server, setup):
    narrow = setup.token(scope="org:admin repo:read", name="narrow")
    with server.client(narrow) as client:
        ok = setup.create_token(name="child", scope="repo:read", client=client)
        assert ok.status_code == 200 and ok.json()["auth_method"] == "oauth"
        wider = setup.create_token(name="child", scope="repo:write", client=client)
        assert wider.status_code == 403 and "repo:write" in wider.json()["error_message"]


def test_token_without_org_admin_cannot_manage_tokens(server, setup):
    reader = setup.token(scope="user:read repo:read", name="reader")
    with server.client(reader) as client:
        response = client.get(setup.tokens)
    assert response.status_code == 403 and response.json()["error_type"] == "insufficient_scope"


def test_super_user_scope_needs_a_superuser(server):
    with closing(signed_in(server, "alice", "alice-password")) as alice:
        own = Setup(alice)
        denied = own.create_token(name="su", scope="super:user")
        assert denied.status_code == 403 and "super:user" in denied.json()["error_message"]
        assert own.create_token(name="fine", scope="repo:read").status_code == 200


def test_non_admin_gets_403_on_someone_elses_org(server, setup):
    with closing(signed_in(server, "alice", "alice-password")) as alice:
        for method, path in (("POST", setup.tokens), ("GET", setup.tokens), ("DELETE", setup.tokens + "/x")):
            response = alice.request(method, path, json={"name": "x"} if method == "POST" else None)
            assert response.status_code == 403, (method, response.text)


def test_unknown_org_app_token_and_app_of_another_org_are_404(setup, admin):
    other = Setup(admin)
    cases = [
        tokens_path(unique("missing"), setup.client_id),
        tokens_path(setup.org, "A" * 20),
        tokens_path(setup.org, other.client_id),  # an app, but of another organization
    ]
    for path in cases:
        for method in ("GET", "POST"):
            response = admin.request(method, path, json={"name": "x"} if method == "POST" else None)
            assert response.status_code == 404, (method, path, response.text)
            assert response.json()["error_type"] == "not_found"


def test_no_credentials_and_bad_credentials_are_401(server, setup):
    with server.client() as anonymous:
        for headers in ({}, {"Authorization": "Bearer " + "A" * 40}, {"Authorization": "Bearer short"},
                        {"Authorization": "Token abc"}, {"Authorization": "Bearer"}, {"Cookie": "quayref_session=junk"}):
            response = anonymous.get(setup.tokens, headers=headers)
            assert response.status_code == 401, (headers, response.text)
            assert response.headers["www-authenticate"].startswith("Bearer")
            assert response.json()["error_type"] == "invalid_token"
