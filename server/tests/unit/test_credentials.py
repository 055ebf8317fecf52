"""Pure logic: credential format, hashing, scopes, cursors, password hashing."""

import pytest

from quayref.security import credentials, passwords
from quayref.services import paging, scopes
from quayref.services.errors import InvalidRequest


def test_new_credential_has_quays_shape_and_is_random():
    values = {credentials.new_credential()[0] for _index in range(200)}
    assert len(values) == 200
    value, lookup, secret = credentials.new_credential()
    assert len(value) == 40 and value.isalnum() and value == lookup + secret and len(lookup) == 20


@pytest.mark.parametrize("value", ["", "a" * 39, "a" * 41, "a" * 39 + "-", "é" * 40, "a" * 39 + "\n"])
def test_split_refuses_anything_but_40_alphanumerics(value):
    assert credentials.split_credential(value) is None


def test_hash_is_keyed_and_verifies_in_constant_time_api():
    digest = credentials.hash_secret("s" * 20, "key-one")
    assert credentials.verify_secret("s" * 20, digest, "key-one")
    assert not credentials.verify_secret("s" * 20, digest, "key-two")
    assert not credentials.verify_secret("t" * 20, digest, "key-one")


def test_scopes_normalise_and_refuse_unknown():
    assert scopes.parse("repo:read, user:read repo:read") == ["repo:read", "user:read"]
    with pytest.raises(InvalidRequest, match="unknown scope"):
        scopes.parse("repo:read repo:fly")
    with pytest.raises(InvalidRequest, match="at least one"):
        scopes.parse(" , ")
    assert scopes.expand(["repo:admin"]) >= {"repo:read", "repo:write"}
    assert "org:admin" not in scopes.expand(["super:user"])


def test_cursor_round_trip_and_forgery():
    assert paging.decode(paging.encode(1234)) == 1234
    for forged in ("", "abc", paging.encode(1)[:-1] + "!", "djI6MTI", paging.encode(2**31), paging.encode(10**19)):
        with pytest.raises(InvalidRequest):
            paging.decode(forged)


def test_password_hash_rejects_overlong_and_verifies():
    stored = passwords.hash_password("pw")
    assert stored.startswith("$2b$12$")
    assert passwords.verify_password("pw", stored) and not passwords.verify_password("px", stored)
    assert not passwords.verify_password("pw", None)
    with pytest.raises(ValueError):
        passwords.hash_password("x" * 73)
    assert not passwords.verify_password("x" * 80, stored)


def test_unknown_user_check_costs_what_a_real_hash_costs():
    # An unknown user is checked against this hash so that the answer takes as long as a wrong password.
    assert passwords._DUMMY.startswith(b"$2b$%02d$" % passwords.COST)
    assert not passwords.verify_password("quayref-dummy-password", None)
