"""The HTTP shell of the quay-3.18 profile, as a client of Quay 3.18 sees it (scenarios 7-error-shapes,
8-discovery-user-health and the shell answers of the others): request bodies checked by Quay's JSON
schemas, werkzeug's routing around the API, discovery, health, and the headers of error answers."""

import pytest

from quaytest.api import Setup, signed_in, unique
from quayref.api import bodies
from quayref.services import tokens as token_service
from quayref.services.errors import CsrfFailure

QUAY = {"QUAYREF_PROFILE": "quay-3.18"}
CORS_ORIGIN = "access-control-allow-origin"
HTML = "text/html; charset=utf-8"
MALFORMED = "The browser (or proxy) sent a request that this server could not understand."
NOT_JSON = "Did not attempt to load JSON data because the request Content-Type was not 'application/json'."
NOT_ALLOWED_PAGE = ("<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n"
                    "<p>The method is not allowed for the requested URL.</p>\n")
APP_SHELL_START = '<!DOCTYPE html>\n<html ng-app="quay" class="onprem">\n  <head>'


def redirect_page(url):
    return ("<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n"
            "<p>You should be redirected automatically to the target URL: <a href=\"%s\">%s</a>. If not, click the link.\n"
            % (url, url))


def methods(header):
    return {method.strip() for method in header.split(",")}


@pytest.fixture(scope="module", name="quay")
def quay_fixture(shared_app_factory):
    return shared_app_factory(FEATURE_PROGRAMMATIC_BOOTSTRAP=True, SERVER_HOSTNAME="quay.example.test", **QUAY)


@pytest.fixture(scope="module", name="setup")
def setup_fixture(quay):
    session = signed_in(quay)
    yield Setup(session)
    session.close()


@pytest.fixture(scope="module", name="bearer")
def bearer_fixture(quay, setup):
    client = quay.client(setup.token(scope="org:admin repo:read repo:write user:read"))
    yield client
    client.close()


def schema_error(response):
    """The detail of Quay's schema 400 (it is also error_message), after checking the error body around it."""
    assert response.status_code == 400, response.text
    body = response.json()
    assert (body["error_type"], body["title"], body["status"]) == ("invalid_request", "invalid_request", 400)
    assert body["type"] == "http://127.0.0.1/api/v1/error/invalid_request"
    assert body["error_message"] == body["detail"] and "message" not in body
    return body["detail"]


# -- Request bodies: Quay's JSON schemas and jsonschema's words -----------------------------------


def test_a_token_without_scope_is_quays_required_property_400(bearer, setup):
    detail = schema_error(bearer.post(setup.tokens, json={"name": "noscope"}))
    assert detail.startswith("'scope' is a required property\n\nFailed validating 'required' in schema:\n    {")
    assert detail.endswith("On instance:\n    {'name': 'noscope'}")
    assert schema_error(bearer.post(setup.tokens, json={"scope": "repo:read"})).startswith("'name' is a required property\n")


def test_tag_expiration_400s_quote_quays_subschema_and_the_value(bearer, setup):
    path = "/api/v1/organization/%s" % setup.org
    assert schema_error(bearer.put(path, json={"tag_expiration_s": -1})) == (
        "-1 is less than the minimum of 0\n\nFailed validating 'minimum' in schema['properties']['tag_expiration_s']:\n"
        "    {'description': 'The number of seconds for tag expiration',\n     'minimum': 0,\n     'type': 'integer'}\n\n"
        "On instance['tag_expiration_s']:\n    -1")
    assert schema_error(bearer.put(path, json={"tag_expiration_s": "1d"})).startswith(
        "'1d' is not of type 'integer'\n\nFailed validating 'type' in schema['properties']['tag_expiration_s']:\n")


@pytest.mark.parametrize("body, first_lines", [
    ({"name": "", "scope": "repo:read"}, "'' is too short\n\nFailed validating 'minLength' in schema['properties']['name']:"),
    ({"name": "x" * 256, "scope": "repo:read"},
     "'%s' is too long\n\nFailed validating 'maxLength' in schema['properties']['name']:" % ("x" * 256)),
    ({"name": "e", "scope": "repo:read", "expiration": 0},
     "0 is less than the minimum of 1\n\nFailed validating 'minimum' in schema['properties']['expiration']:"),
    ({"name": "e", "scope": "repo:read", "expiration": "3600"},
     "'3600' is not of type 'number'\n\nFailed validating 'type' in schema['properties']['expiration']:"),
    ({"name": "e", "scope": "repo:read", "expiration": None},
     "None is not of type 'number'\n\nFailed validating 'type' in schema['properties']['expiration']:"),
])
def test_token_bodies_are_refused_in_jsonschema_3_2s_words(bearer, setup, body, first_lines):
    assert schema_error(bearer.post(setup.tokens, json=body)).startswith(first_lines + "\n")


def test_what_quays_schema_accepts_reaches_the_service_as_sent(bearer, setup, monkeypatch):
    seen = {}

    def create(_ctx, _org, _client_id, **fields):
        seen.update(fields)
        raise CsrfFailure()  # any answer: only what the service was given matters here

    monkeypatch.setattr(token_service, "create", create)
    bearer.post(setup.tokens, json={"name": "  padded  ", "scope": "repo:read,repo:write", "expiration": 1.5})
    assert seen == {"name": "  padded  ", "scope": "repo:read,repo:write", "expiration": 1.5}
    bearer.post(setup.tokens, json={"name": "huge", "scope": "repo:read", "expiration": 10**12})
    assert seen["expiration"] == 10**12


def test_application_and_organization_bodies(bearer, setup):
    apps = "/api/v1/organization/%s/applications" % setup.org
    assert schema_error(bearer.post(apps, json={"description": "no name"})).startswith("'name' is a required property\n")
    # Quay replaces an application: name, redirect_uri and application_uri are all required.
    app = "%s/%s" % (apps, setup.client_id)
    assert schema_error(bearer.put(app, json={"description": "only"})).startswith("'name' is a required property\n")
    assert schema_error(bearer.put(app, json={"name": "n"})).startswith("'redirect_uri' is a required property\n")
    assert schema_error(bearer.post("/api/v1/organization/", json={"email": "x@example.com"})).startswith(
        "'name' is a required property\n")


def test_malformed_json_a_form_body_and_null(bearer, setup):
    response = bearer.post(setup.tokens, content=b"not json", headers={"Content-Type": "application/json"})
    assert (response.status_code, response.json()) == (400, {"message": MALFORMED})
    response = bearer.post(setup.tokens, content=b"name=x", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert (response.status_code, response.json()) == (415, {"message": NOT_JSON})
    assert response.headers[CORS_ORIGIN] == "*"
    response = bearer.post(setup.tokens, content=b"null", headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["detail"] == "Missing JSON body"


def test_a_nul_in_a_body_quays_schema_accepts_is_still_refused(bearer, setup):
    response = bearer.post(setup.tokens, json={"name": "a\x00b", "scope": "repo:read"})
    assert response.status_code == 400 and response.json()["detail"] == "NUL characters are not allowed in the request body"


def test_a_csrf_failure_comes_before_a_bad_body(quay, setup):
    # No credentials, and a dead Bearer (anonymous): the CSRF refusal, not the body's.
    for headers in ({}, {"Authorization": "Bearer " + "X" * 40}):
        response = quay.request("POST", setup.tokens, json={"name": "noscope"}, headers=headers)
        assert (response.status_code, response.headers["content-type"]) == (403, HTML)
    # A token that may not act in that organization: the body first, as Quay checks permissions later.
    other = Setup(signed_in(quay))
    with quay.client(other.token(scope="org:admin")) as stranger:
        assert stranger.post(setup.tokens, json={"name": "noscope"}).status_code == 400


def test_sign_in_body_is_checked_by_quays_schema(quay):
    with quay.client() as client:
        # With the pre-sign-in CSRF token: without one, the CSRF refusal comes first.
        csrf = client.get("/csrf_token").json()["csrf_token"]
        assert schema_error(client.post("/api/v1/signin", json={"username": "admin"}, headers={"X-CSRF-Token": csrf})).startswith(
            "'password' is a required property\n")


def test_initialize_is_a_plain_view_whose_json_errors_are_werkzeug_pages(quay):
    response = quay.request("POST", "/api/v1/user/initialize", content=b"{", headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.headers["content-type"] == HTML
    assert response.text.startswith("<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>")
    response = quay.request("POST", "/api/v1/user/initialize", content=b"x", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415 and "&#39;application/json&#39;" in response.text
    assert CORS_ORIGIN not in response.headers


# -- Routing as werkzeug and Quay's catch-all route do it ----------------------------------------


def test_a_method_an_api_resource_lacks_is_a_json_405_with_allow(bearer, setup):
    response = bearer.put(setup.tokens, json={"name": "x"})
    assert response.status_code == 405 and response.json() == {"message": "The method is not allowed for the requested URL."}
    assert methods(response.headers["allow"]) == {"OPTIONS", "POST", "HEAD", "GET"}
    assert response.headers[CORS_ORIGIN] == "*"


def test_options_on_an_api_resource_is_an_empty_200_with_allow(quay, setup):
    response = quay.request("OPTIONS", setup.tokens, headers={"Origin": "http://example.com", "Access-Control-Request-Method": "POST"})
    assert (response.status_code, response.text, response.headers["content-type"]) == (200, "", HTML)
    assert methods(response.headers["allow"]) == {"POST", "GET", "OPTIONS", "HEAD"}


def test_the_singular_application_spelling_falls_to_quays_catch_all(bearer, setup):
    singular = "/api/v1/organization/%s/application/%s/tokens" % (setup.org, setup.client_id)
    response = bearer.get(singular, follow_redirects=False)
    location = "http://127.0.0.1%s/" % singular
    assert (response.status_code, response.headers["location"], response.text) == (308, location, redirect_page(location))
    assert CORS_ORIGIN not in response.headers
    response = bearer.get(singular + "/")
    assert response.status_code == 404 and response.headers["content-type"] == HTML
    assert response.text.startswith(APP_SHELL_START) and "_csrf_token" in response.cookies
    for method in ("POST", "DELETE"):
        response = bearer.request(method, singular + ("/x" if method == "DELETE" else ""), json={"name": "x", "scope": "repo:read"})
        assert (response.status_code, response.text, response.headers["content-type"]) == (405, NOT_ALLOWED_PAGE, HTML)
        assert methods(response.headers["allow"]) == {"OPTIONS", "HEAD", "GET"}


def test_a_collection_without_its_slash_is_a_308_for_every_method(bearer):
    location = "http://127.0.0.1/api/v1/organization/"
    for method in ("GET", "POST"):
        response = bearer.request(method, "/api/v1/organization", json={"name": unique("org")}, follow_redirects=False)
        assert (response.status_code, response.headers["location"], response.text) == (308, location, redirect_page(location))


def test_get_of_a_resource_without_get_and_unknown_paths(bearer, setup):
    token_uuid = setup.create_token(name="x", scope="repo:read", client=bearer).json()["uuid"]
    response = bearer.get("%s/%s" % (setup.tokens, token_uuid), follow_redirects=False)
    assert response.status_code == 308 and response.headers["location"].endswith("/%s/" % token_uuid)
    response = bearer.get("/api/v1/nosuchthing", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (308, "http://127.0.0.1/api/v1/nosuchthing/")
    response = bearer.get("/nosuchpage", follow_redirects=False)
    assert response.status_code == 404 and response.text.startswith(APP_SHELL_START)
    assert response.headers["x-frame-options"] == "DENY" and "no-store" in response.headers["cache-control"]


def test_head_is_get_without_the_body(quay, bearer):
    assert (quay.request("HEAD", "/api/v1/user/").status_code, quay.request("HEAD", "/health/instance").status_code) == (401, 200)
    response = bearer.head("/api/v1/user/")
    assert (response.status_code, response.content) == (200, b"")


def test_renew_is_not_served_while_programmatic_bootstrap_is_off(app_factory):
    off = app_factory(**QUAY)
    response = off.request("POST", "/api/v1/bootstrap/renew", bearer="x" * 40)
    assert (response.status_code, response.text, response.headers["content-type"]) == (405, NOT_ALLOWED_PAGE, HTML)
    with off.client() as client:
        assert "/api/v1/bootstrap/renew" not in client.get("/api/v1/discovery").json()["paths"]


# -- Headers of the error answers the matcher reads ----------------------------------------------


def test_401_is_json_without_www_authenticate_and_with_cors(quay, setup):
    for headers in ({}, {"Authorization": "Bearer NOTAREALTOKEN0000000000000000000000000000"}):
        response = quay.request("GET", setup.tokens, headers=headers)
        assert response.status_code == 401 and response.headers["content-type"] == "application/json"
        assert "www-authenticate" not in response.headers and response.headers[CORS_ORIGIN] == "*"
        assert response.json()["type"] == "http://127.0.0.1/api/v1/error/invalid_token"


def test_a_csrf_failure_is_json_text_sent_as_html(app_factory):
    app = app_factory(**QUAY)

    def refuse():
        raise CsrfFailure()
    app.app.add_api_route("/api/v1/csrf-probe", refuse, methods=["POST"])
    response = app.request("POST", "/api/v1/csrf-probe")
    assert (response.status_code, response.headers["content-type"]) == (403, HTML)
    assert response.text == '{"error": "CSRF token was invalid or missing."}'
    assert "www-authenticate" not in response.headers and response.headers[CORS_ORIGIN] == "*"


def test_a_204_is_application_json_as_flask_restful_answers(bearer, setup):
    token_uuid = setup.create_token(name="gone", scope="repo:read", client=bearer).json()["uuid"]
    response = bearer.delete("%s/%s" % (setup.tokens, token_uuid))
    assert (response.status_code, response.text, response.headers["content-type"]) == (204, "", "application/json")


# -- Discovery and health ------------------------------------------------------------------------


def test_discovery_lists_the_token_and_bootstrap_operations_to_anyone(quay, bearer):
    with quay.client() as anonymous:
        document = anonymous.get("/api/v1/discovery").json()
    assert document == bearer.get("/api/v1/discovery").json()
    assert set(document) == {"swagger", "host", "basePath", "schemes", "info", "securityDefinitions", "paths", "definitions", "tags"}
    assert (document["swagger"], document["host"], document["schemes"]) == ("2.0", "quay.example.test", ["http"])
    tokens = document["paths"]["/api/v1/organization/{orgname}/applications/{client_id}/tokens"]
    assert (tokens["get"]["operationId"], tokens["post"]["operationId"]) == (
        "listOrganizationApplicationTokens", "createOrganizationApplicationToken")
    assert tokens["post"]["tags"] == ["organization_application_tokens"]
    assert tokens["post"]["security"] == [{"oauth2_implicit": ["org:admin"]}]
    item = document["paths"]["/api/v1/organization/{orgname}/applications/{client_id}/tokens/{token_uuid}"]
    assert item["delete"]["operationId"] == "deleteOrganizationApplicationToken"
    assert document["paths"]["/api/v1/bootstrap/renew"]["post"]["operationId"] == "renewBootstrapToken"
    assert document["paths"]["/api/v1/user/"]["get"]["operationId"] == "getLoggedInUser"
    # Quay's document has the app-specific token's NewToken (the two share the name); so has quayref's.
    assert document["definitions"]["NewToken"]["required"] == ["friendlyName"]
    assert document["definitions"]["UpdateOrg"]["properties"]["tag_expiration_s"]["minimum"] == 0
    # Internal operations (sign-in, the client-secret reset) only when asked for; the singular alias never.
    assert "/api/v1/signin" not in document["paths"]
    assert not any("/application/" in path for path in document["paths"])
    internal = bearer.get("/api/v1/discovery", params={"internal": "true"}).json()
    assert internal["paths"]["/api/v1/signin"]["post"]["x-internal"] is True


def test_health_reports_quays_services(quay):
    response = quay.request("GET", "/health/instance")
    assert response.json() == {"data": {"services": {"auth": True, "database": True, "disk_space": True, "registry_gunicorn": True,
                                                     "service_key": True, "web_gunicorn": True}}, "status_code": 200}
    response = quay.request("GET", "/health/endtoend")
    # quayref has no image storage: the storage round trip of Quay's end-to-end check cannot succeed.
    assert (response.status_code, response.json()) == (
        503, {"data": {"services": {"auth": True, "database": True, "redis": True, "storage": False}}, "status_code": 503})


# -- The proposal keeps its own shell ------------------------------------------------------------


@pytest.fixture(scope="module", name="proposal")
def proposal_fixture(shared_app_factory):
    """An app of the default profile (this folder's `server` is quay-3.18's)."""
    return shared_app_factory()


def test_the_proposal_keeps_starlettes_routing_and_its_own_bodies(proposal):
    server = proposal
    admin = signed_in(server)
    try:
        setup = Setup(admin)
        assert admin.get("/api/v1/organization", follow_redirects=False).status_code == 307
        singular = "/api/v1/organization/%s/application/%s/tokens" % (setup.org, setup.client_id)
        assert admin.get(singular).status_code == 200
        assert server.request("GET", "/api/v1/discovery").status_code == 404
        assert server.request("GET", "/health/endtoend").status_code == 404
        refused = admin.post(setup.tokens, content=b"not json", headers={"Content-Type": "application/json"})
        assert refused.status_code == 400 and "message" in refused.json() and "type" not in refused.json()
        assert CORS_ORIGIN not in refused.headers
        assert server.request("GET", "/health/instance").json() == {
            "data": {"services": {"database": True, "auth": True}}, "status_code": 200}
    finally:
        admin.close()


def test_jsonschema_errors_are_chosen_as_jsonschema_3_2_chooses_them():
    # Nearest the top wins: a missing key before a bad value inside the object.
    error = bodies.first_error({"type": "object", "required": ["scope"], "properties": {"name": {"minLength": 1}}}, {"name": ""})
    assert error.validator == "required"
