"""Lockout of a bootstrap identity after repeated failures: 429, Retry-After, doubling, held in the database."""

import time

import pytest

from bootstrap_helpers import ADMIN, new_name
from quaytest import oidc_provider as support_oidc

LOCKY = ("locky", "locky-Passw0rd-for-tests")
STICKY = ("sticky", "sticky-Passw0rd-for-tests")


@pytest.fixture(scope="module")
def short_lockout(quayref_factory):
    return quayref_factory(users=(ADMIN, LOCKY), FEATURE_PROGRAMMATIC_BOOTSTRAP=True, SUPER_USERS=["admin", "locky"],
                           BOOTSTRAP_MAX_FAILED_ATTEMPTS=3, BOOTSTRAP_LOCKOUT_SECONDS=2, BOOTSTRAP_LOCKOUT_MAX_SECONDS=4)


def attempt(server, auth):
    return server.request("POST", "/api/v1/organization/", auth=auth, json={"name": new_name("org"), "email": "x@example.org"})


def wait_out(response):
    time.sleep(int(response.headers["retry-after"]) + 0.3)


def test_lockout_refuses_the_right_password_then_expires_and_doubles(short_lockout):
    wrong = (LOCKY[0], "wrong-password")
    assert [attempt(short_lockout, wrong).status_code for _attempt in range(3)] == [401, 401, 401]

    locked = attempt(short_lockout, LOCKY)
    assert locked.status_code == 429
    assert locked.json()["error_type"] == "too_many_requests"
    assert 1 <= int(locked.headers["retry-after"]) <= 2
    # Another spelling of the same name is the same identity.
    assert attempt(short_lockout, ("LOCKY", LOCKY[1])).status_code == 429
    reasons = [line["metadata"]["reason"] for line in short_lockout.audit_lines() if line["kind"] == "bootstrap_auth_failure"]
    assert reasons[-2:] == ["locked out", "locked out"]

    wait_out(locked)
    # Past the lock a wrong password is checked again, counts, and doubles the wait (2 s -> 4 s).
    assert attempt(short_lockout, wrong).status_code == 401
    doubled = attempt(short_lockout, LOCKY)
    assert doubled.status_code == 429
    assert 3 <= int(doubled.headers["retry-after"]) <= 4

    wait_out(doubled)
    # One more failure would be 8 s, but the cap (BOOTSTRAP_LOCKOUT_MAX_SECONDS) is 4.
    assert attempt(short_lockout, wrong).status_code == 401
    capped = attempt(short_lockout, LOCKY)
    assert capped.status_code == 429 and int(capped.headers["retry-after"]) <= 4

    wait_out(capped)
    assert attempt(short_lockout, LOCKY).status_code == 201
    # Success clears the count: one failure is not a lockout any more.
    assert attempt(short_lockout, wrong).status_code == 401
    assert attempt(short_lockout, LOCKY).status_code == 201


def test_other_identities_are_not_affected(short_lockout):
    for _attempt in range(3):
        assert attempt(short_lockout, ("ghost-user", "guess")).status_code == 401
    assert attempt(short_lockout, ("ghost-user", "guess")).status_code == 429
    assert attempt(short_lockout, ADMIN).status_code == 201


def test_lockout_holds_across_workers_and_restarts(process_factory):
    server = process_factory(users=(ADMIN, STICKY), workers=2, FEATURE_PROGRAMMATIC_BOOTSTRAP=True, SUPER_USERS=["admin", "sticky"],
                             BOOTSTRAP_MAX_FAILED_ATTEMPTS=3, BOOTSTRAP_LOCKOUT_SECONDS=300)
    # New connections land on either worker; the count is in the database, so it adds up anyway.
    for _attempt in range(3):
        assert attempt(server, (STICKY[0], "wrong-password")).status_code == 401
    assert attempt(server, STICKY).status_code == 429
    server.restart()
    after = attempt(server, STICKY)
    assert after.status_code == 429
    assert int(after.headers["retry-after"]) > 200
    assert attempt(server, ADMIN).status_code == 201


def test_oidc_forgeries_do_not_lock_out_the_real_principal(quayref_factory, oidc_provider):
    server = quayref_factory(FEATURE_PROGRAMMATIC_BOOTSTRAP=True, SUPER_USERS=["quay-bootstrap-svc"], BOOTSTRAP_MAX_FAILED_ATTEMPTS=2,
                             BOOTSTRAP_LOCKOUT_SECONDS=300,
                             TESTIDP_LOGIN_CONFIG={"OIDC_SERVER": oidc_provider.issuer, "OIDC_AUDIENCES": [support_oidc.AUDIENCE]})
    body = {"name": new_name("org")}
    stranger_key, _stranger_jwk = support_oidc.new_signing_key()
    claims = {"client_id": "quay-bootstrap-svc", "sub": "quay-bootstrap-svc"}
    # Anybody can claim a name; a token whose signature does not verify proves nothing and counts nothing.
    for _attempt in range(3):
        forged = oidc_provider.forge(claims, key=stranger_key)
        assert server.request("POST", "/api/v1/organization/", bearer=forged, json=body).status_code == 401
    assert server.request("POST", "/api/v1/organization/", bearer=oidc_provider.token("quay-bootstrap-svc"), json=body).status_code == 201
    # Failures of tokens that the issuer really signed do count.
    now = int(time.time())
    for _attempt in range(2):
        expired = oidc_provider.forge({**claims, "iat": now - 7200, "exp": now - 3600})
        assert server.request("POST", "/api/v1/organization/", bearer=expired, json={"name": new_name("org")}).status_code == 401
    locked = server.request("POST", "/api/v1/organization/", bearer=oidc_provider.token("quay-bootstrap-svc"), json={"name": new_name("org")})
    assert locked.status_code == 429
