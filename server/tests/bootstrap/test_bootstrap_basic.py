"""`basic` bootstrap authentication against a real server: Database superusers with HTTP Basic."""

import statistics
import time

import pytest
from quaytest.inprocess import REAL_COST

from bootstrap_helpers import ADMIN, PLAIN, assert_no_secrets, new_name, org_and_app, tokens_path


@pytest.fixture(scope="module")
def basic(quayref_factory):
    # A high threshold: this module's refusals must not lock anybody out (lockout has its own module).
    return quayref_factory(FEATURE_PROGRAMMATIC_BOOTSTRAP=True, BOOTSTRAP_MAX_FAILED_ATTEMPTS=1000)


@pytest.fixture(scope="module")
def basic_at_quay_cost(quayref_factory):
    """As `basic`, with the users' passwords hashed at Quay's bcrypt cost (12), which the timing test is about.
    The other fixtures' users have cheap hashes (quaytest.inprocess.FIXTURE_COST), checked by the same code."""
    return quayref_factory(FEATURE_PROGRAMMATIC_BOOTSTRAP=True, BOOTSTRAP_MAX_FAILED_ATTEMPTS=1000, password_cost=REAL_COST)


@pytest.fixture(scope="module")
def flag_off(quayref_factory):
    return quayref_factory(FEATURE_PROGRAMMATIC_BOOTSTRAP=False)


def superuser_logs(server):
    """Read the superuser audit log with a super:user token minted through bootstrap."""
    org, client_id = org_and_app(server, auth=ADMIN)
    response = server.request("POST", tokens_path(org, client_id), auth=ADMIN, json={"name": "auditor", "scope": "super:user"})
    assert response.status_code == 200, response.text
    logs = server.request("GET", "/api/v1/superuser/logs", bearer=response.json()["token"])
    assert logs.status_code == 200, logs.text
    return logs.json()["logs"]


def test_superuser_creates_org_app_and_token(basic):
    org, client_id = org_and_app(basic, auth=ADMIN)
    for spelling in ("application", "applications"):
        response = basic.request("POST", tokens_path(org, client_id, spelling), auth=ADMIN, json={"name": "ci", "scope": "org:admin"})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["auth_method"] == "basic"
        assert body["created_by"] == "admin"
        # The minted token works as a standard credential.
        listed = basic.request("GET", tokens_path(org, client_id), bearer=body["token"])
        assert listed.status_code == 200, listed.text
        assert body["uuid"] in [t["uuid"] for t in listed.json()["tokens"]]


def test_non_superuser_is_forbidden(basic):
    response = basic.request("POST", "/api/v1/organization/", auth=PLAIN, json={"name": new_name("org"), "email": "x@example.org"})
    assert response.status_code == 403
    assert response.json()["error_type"] == "insufficient_scope"


@pytest.mark.parametrize("credentials", [
    ("admin", "wrong-password"),
    ("nobody-here", "whatever-password"),
    ("admin", ""),
], ids=["wrong-password", "unknown-user", "empty-password"])
def test_bad_credentials_are_401(basic, credentials):
    response = basic.request("POST", "/api/v1/organization/", auth=credentials, json={"name": new_name("org"), "email": "x@example.org"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["error_message"] == "Invalid bootstrap credentials"


@pytest.mark.parametrize("header", ["Basic !!!not-base64", "Basic YWRtaW4=", "Bearer not-a-jwt-and-not-a-token"])
def test_malformed_headers_are_401(basic, header):
    response = basic.request("POST", "/api/v1/organization/", headers={"Authorization": header}, json={"name": new_name("org")})
    assert response.status_code == 401


def test_unknown_user_and_wrong_password_take_the_same_time(basic_at_quay_cost):
    def timed(credentials):
        start = time.perf_counter()
        response = basic_at_quay_cost.request("POST", "/api/v1/organization/", auth=credentials, json={"name": new_name("org")})
        assert response.status_code == 401
        return time.perf_counter() - start

    unknown, wrong = [], []
    for i in range(5):
        unknown.append(timed(("ghost-%d" % i, "some-password")))
        wrong.append(timed(("bob", "not-bobs-password-%d" % i)))
    # Both pay one bcrypt check (cost 12, ~0.2 s); without the dummy hash "unknown" would be ~100x faster.
    ratio = statistics.median(unknown) / statistics.median(wrong)
    assert 1 / 3 < ratio < 3, (unknown, wrong)


def test_get_and_delete_refuse_bootstrap_credentials(basic):
    org, client_id = org_and_app(basic, auth=ADMIN)
    created = basic.request("POST", tokens_path(org, client_id), auth=ADMIN, json={"name": "x", "scope": "org:admin"}).json()
    for method, path in (("GET", tokens_path(org, client_id)), ("DELETE", tokens_path(org, client_id) + "/" + created["uuid"]),
                         ("GET", "/api/v1/organization/" + org), ("DELETE", "/api/v1/organization/" + org),
                         ("GET", "/api/v1/superuser/logs")):
        response = basic.request(method, path, auth=ADMIN)
        assert response.status_code == 401, (method, path, response.text)
    # The token still exists: the DELETE did nothing.
    listed = basic.request("GET", tokens_path(org, client_id), bearer=created["token"])
    assert listed.status_code == 200
    assert created["uuid"] in [t["uuid"] for t in listed.json()["tokens"]]


def test_flag_off_refuses_all_three_calls_and_audits_them(flag_off):
    org = new_name("org")
    calls = [("/api/v1/organization/", {"name": org, "email": "x@example.org"}),
             ("/api/v1/organization/%s/applications" % org, {"name": "app"}),
             (tokens_path(org, "AAAAAAAAAAAAAAAAAAAA"), {"name": "t"})]
    for path, body in calls:
        response = flag_off.request("POST", path, auth=ADMIN, json=body)
        assert response.status_code == 401, (path, response.text)
    failures = [line for line in flag_off.audit_lines() if line["kind"] == "bootstrap_auth_failure"]
    endpoints = [line["metadata"]["endpoint"] for line in failures]
    for name in ("create_organization", "create_application", "create_token"):
        assert name in endpoints
    for line in failures:
        assert line["metadata"]["reason"] == "FEATURE_PROGRAMMATIC_BOOTSTRAP is false"
        assert line["metadata"]["username"] == "admin"
        assert line["metadata"]["method"] == "basic"
    assert_no_secrets(flag_off, [ADMIN[1]])


def test_audit_rows_in_superuser_logs_and_file(basic):
    bad = basic.request("POST", "/api/v1/organization/", auth=("admin", "definitely-wrong"), json={"name": new_name("org")})
    assert bad.status_code == 401
    rows = superuser_logs(basic)
    kinds = {row["kind"] for row in rows}
    assert {"bootstrap_auth_success", "bootstrap_auth_failure"} <= kinds
    success = next(row for row in rows if row["kind"] == "bootstrap_auth_success")
    assert set(success["metadata"]) == {"method", "username", "reason", "endpoint", "client_id"}
    assert success["performer"]["name"] == "admin"
    assert success["ip"] == "127.0.0.1"
    assert success["datetime"].endswith("Z")
    failure = next(row for row in rows if row["kind"] == "bootstrap_auth_failure" and row["metadata"]["reason"] == "invalid username or password")
    assert failure["metadata"]["username"] == "admin"
    token_rows = [row for row in rows if row["kind"] == "bootstrap_auth_success" and row["metadata"]["endpoint"] == "create_token"]
    assert token_rows and all(row["metadata"]["client_id"] for row in token_rows)
    file_kinds = {line["kind"] for line in basic.audit_lines()}
    assert {"bootstrap_auth_success", "bootstrap_auth_failure"} <= file_kinds


def test_no_password_or_token_in_logs_or_audit(quayref_factory):
    """Every secret this test hands to the server or gets from it, in successes and in failures alike."""
    server = quayref_factory(FEATURE_PROGRAMMATIC_BOOTSTRAP=True, BOOTSTRAP_MAX_FAILED_ATTEMPTS=1000)
    secrets = [ADMIN[1], PLAIN[1], "definitely-wrong-password", "not-bobs-password-0"]
    org, client_id = org_and_app(server, auth=ADMIN)
    for spelling in ("application", "applications"):
        minted = server.request("POST", tokens_path(org, client_id, spelling), auth=ADMIN, json={"name": "ci", "scope": "org:admin super:user"})
        assert minted.status_code == 200, minted.text
        secrets.append(minted.json()["token"])
    for credentials in (("admin", secrets[2]), ("bob", secrets[3]), PLAIN, ("nobody-here", secrets[2])):
        refused = server.request("POST", "/api/v1/organization/", auth=credentials, json={"name": new_name("org")})
        assert refused.status_code in (401, 403), refused.text
    # Reading the logs back with a minted token puts that token through the auth path too.
    assert server.request("GET", "/api/v1/superuser/logs", bearer=secrets[-1]).status_code == 200
    # The audit file holds every one of those events, so the check below looks at something.
    assert {"bootstrap_auth_success", "bootstrap_auth_failure", "create_oauth_api_token"} <= {line["kind"] for line in server.audit_lines()}
    assert_no_secrets(server, secrets)
