"""Pure pieces of bootstrap authentication: the lockout schedule, header parsing, principal naming."""

import base64

import pytest

from quayref.services import bootstrap
from quayref.services.bootstrap import lockout, oidc
from quayref.settings import Settings


def test_lockout_schedule_doubles_up_to_the_cap():
    policy = lockout.Policy(max_failures=5, base_seconds=60, max_seconds=3600, window_seconds=3600)
    assert [policy.lock_seconds(n) for n in range(1, 12)] == [0, 0, 0, 0, 60, 120, 240, 480, 960, 1920, 3600]
    assert policy.lock_seconds(10 ** 6) == 3600


def test_lockout_defaults():
    policy = lockout.Policy.from_settings(Settings.from_mapping({}))
    assert (policy.max_failures, policy.base_seconds, policy.max_seconds) == (5, 60, 3600)


def test_identity_is_case_insensitive_and_bounded():
    assert lockout.identity_key("ldap", "Quay-SVC") == lockout.identity_key("ldap", "quay-svc")
    assert lockout.identity_key("basic", "x") != lockout.identity_key("ldap", "x")
    assert len(lockout.identity_key("basic", "a" * 1000)) == lockout.IDENTITY_LENGTH


def basic_header(raw):
    return "Basic " + base64.b64encode(raw).decode()


@pytest.mark.parametrize("auth_type, method", [("Database", "basic"), ("LDAP", "ldap")])
def test_basic_header_method_follows_authentication_type(auth_type, method):
    attempt = bootstrap.parse(Settings.from_mapping({"AUTHENTICATION_TYPE": auth_type}), basic_header(b"svc:pa:ss"))
    assert (attempt.method, attempt.username, attempt.secret, attempt.malformed) == (method, "svc", "pa:ss", None)
    assert "pa:ss" not in repr(attempt)


@pytest.mark.parametrize("header", ["Basic %%%", basic_header(b"no-colon"), basic_header(b"\xff\xfe:x"), "Bearer a.b"])
def test_malformed_headers(header):
    assert bootstrap.parse(Settings.from_mapping({}), header).malformed


@pytest.mark.parametrize("claims, name", [
    ({"preferred_username": "robot", "client_id": "c", "sub": "s"}, "robot"),
    ({"client_id": "c", "azp": "a", "sub": "s"}, "c"),
    ({"azp": "a", "sub": "s"}, "a"),
    ({"sub": "s"}, "s"),
    ({"preferred_username": 7}, None),
])
def test_principal_name(claims, name):
    assert oidc.principal_name(claims) == name
