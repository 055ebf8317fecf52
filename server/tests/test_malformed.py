"""Malformed bodies, headers, paths and queries get Quay's JSON error, never a 5xx or a trace."""

import pytest

ERROR_KEYS = {"status", "error_type", "error_message", "detail", "title", "message"}


def assert_error(response, status):
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) >= ERROR_KEYS and body["status"] == status
    assert "Traceback" not in response.text


@pytest.mark.parametrize("content, content_type", [
    (b"{not json", "application/json"),
    (b"[1, 2]", "application/json"),
    (b"\"a string\"", "application/json"),
    (b"null", "application/json"),
    (b"name=x", "application/x-www-form-urlencoded"),
    (b"\xff\xfe\x00", "application/json"),
    (b"", "application/json"),
    (b'{"name": "nul\\u0000byte"}', "application/json"),
    (b'{"name": "' + b"x" * 100000 + b'"}', "application/json"),
])
def test_malformed_bodies_are_400(setup, content, content_type):
    response = setup.client.post(setup.tokens, content=content, headers={"Content-Type": content_type})
    assert_error(response, 400)


@pytest.mark.parametrize("header", [
    "Basic", "Basic !!!notbase64", "Basic " + "A" * 5000, "Bearer a b", "Bearer a.b.c", "Negotiate xyz", "bearer\tabc", "Bearer " + "é" * 40,
])
def test_odd_authorization_headers_are_401(server, setup, header):
    with server.client() as client:
        response = client.get(setup.tokens, headers={"Authorization": header.encode("utf-8")})
    assert_error(response, 401)


@pytest.mark.parametrize("path, status, error_type, message", [
    # NUL is refused before routing (api/guards.py): PostgreSQL text cannot hold it.
    ("/api/v1/organization/%00/applications", 400, "invalid_request", "NUL characters are not allowed in the path or query"),
    # Names no organization can have are simply not found, as in Quay; the echo is cut at a name's 255 characters.
    ("/api/v1/organization/" + "a" * 3000 + "/applications", 404, "not_found", "Organization %s does not exist" % ("a" * 255)),
    ("/api/v1/organization/caf%C3%A9/applications/x/tokens", 404, "not_found", "Organization caf\u00e9 does not exist"),
    # %2F decodes to "/", so no route matches: no traversal, just an unknown path.
    ("/api/v1/organization/..%2F..%2Fetc/applications", 404, "not_found", "Not Found"),
    ("/api/v1/nothing-here", 404, "not_found", "Not Found"),
], ids=["nul", "long-name", "non-ascii-name", "encoded-traversal", "unknown-path"])
def test_odd_paths_are_json_errors(admin, path, status, error_type, message):
    response = admin.get(path)
    assert_error(response, status)
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error_type"] == error_type
    assert response.json()["error_message"] == message


@pytest.mark.parametrize("query", [
    "next_page=%00", "next_page=a%00b", "next_page=" + "z" * 600, "next_page=djE6LTE", "next_page=djE6OTk5OTk5OTk5OTk5OTk5OTk5OTk5",
])
def test_odd_queries_are_400(setup, query):
    assert_error(setup.client.get(setup.tokens + "?" + query), 400)


def test_wrong_method_is_405_json(admin, setup):
    response = admin.patch(setup.tokens)
    assert response.status_code == 405 and response.json()["status"] == 405


def test_logs_bad_dates_are_400(setup):
    assert_error(setup.client.get("/api/v1/organization/%s/logs?starttime=yesterday" % setup.org), 400)
