"""quay-3.18: the token endpoints answer as the recorded Quay 3.18 did (scenarios 4a-tokens-bearer and
4b-tokens-paging): Quay's fields and timestamps, scope and name rules, lifetimes, Fernet page tokens."""

import time
from contextlib import closing
from datetime import datetime

import pytest
from cryptography.fernet import Fernet
from resources_helpers import ALL_SCOPES, NOT_FOUND, QUAY_TIME, TEN_YEARS, quay_app, without_type

from quaytest.api import Setup, signed_in, tokens_path
from quayref.services import paging

FIELDS = ["uuid", "name", "scope", "expires_at", "created", "created_by", "last_accessed"]


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def lifetime(body):
    return (parse_time(body["expires_at"]) - parse_time(body["created"])).total_seconds()


def created(setup, **body):
    response = setup.client.post(setup.tokens, json={"name": "t", "scope": "repo:read", **body})
    assert response.status_code == 200, response.text
    return response.json()


# -- Create ------------------------------------------------------------------------------


def test_create_answers_200_with_quays_fields_and_timestamps(setup):
    response = setup.client.post(setup.tokens, json={"name": "deploy", "scope": "repo:read org:admin", "expiration": 3600},
                                 headers={"Accept": "text/plain"})
    # 200 (not 201), JSON even for Accept: text/plain, and exactly Quay's fields.
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    body = response.json()
    assert list(body) == FIELDS + ["token"]
    assert (body["name"], body["scope"], body["created_by"], body["last_accessed"]) == ("deploy", "repo:read org:admin", "admin", None)
    assert QUAY_TIME.match(body["created"]) and QUAY_TIME.match(body["expires_at"])
    # expires_at is computed a moment before created.
    assert 3599 < lifetime(body) <= 3600


@pytest.mark.parametrize("sent, kept", [
    ("repo:read,repo:write repo:read", "repo:read repo:write"),
    ("repo:read org:admin", "repo:read org:admin"),
    ("  user:read ,  repo:read\tuser:read ", "user:read repo:read"),
    (ALL_SCOPES, ALL_SCOPES),
])
def test_scopes_are_normalised_in_the_order_given(setup, sent, kept):
    assert created(setup, scope=sent)["scope"] == kept


@pytest.mark.parametrize("scope", ["repo:fly", "", "   ", "repo:read,,nope", "repo:read repo:fly"])
def test_an_invalid_or_empty_scope_is_quays_message_with_the_scope_as_sent(setup, scope):
    response = setup.client.post(setup.tokens, json={"name": "bad", "scope": scope})
    assert response.status_code == 400 and response.json() == {"message": "Invalid scope: " + scope}


def test_scope_is_required_and_nothing_is_created_without_it(setup):
    response = setup.client.post(setup.tokens, json={"name": "noscope"})
    assert response.status_code == 400 and "'scope' is a required property" in response.json()["detail"]
    assert setup.client.get(setup.tokens).json() == {"tokens": []}


def test_names_are_trimmed_and_may_repeat_but_not_be_blank(setup):
    assert created(setup, name="  padded  ")["name"] == "padded"
    assert created(setup, name="dupe")["uuid"] != created(setup, name="dupe")["uuid"]
    blank = setup.client.post(setup.tokens, json={"name": "   ", "scope": "repo:read"})
    assert blank.status_code == 400 and blank.json() == {"message": "'name' must not be empty"}


@pytest.mark.parametrize("body, seconds", [
    ({}, TEN_YEARS),
    ({"expiration": 10**12}, TEN_YEARS),
    ({"expiration": 1.5}, 1),
    ({"expiration": 7200.9}, 7200),
])
def test_lifetimes_default_to_ten_years_are_capped_and_truncated(setup, body, seconds):
    assert seconds - 1 < lifetime(created(setup, **body)) <= seconds


@pytest.mark.parametrize("expiration", [None, 0, 0.5, -1])
def test_expirations_that_are_not_a_number_of_at_least_one_second_are_refused(setup, expiration):
    response = setup.client.post(setup.tokens, json={"name": "x", "scope": "repo:read", "expiration": expiration})
    assert response.status_code == 400
    assert setup.client.get(setup.tokens).json() == {"tokens": []}


def test_the_token_count_is_unlimited_unless_configured(server, shared_app_factory):
    # The shared app leaves OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT unset: more than quayref's own default of 100.
    with closing(signed_in(server)) as admin:
        setup = Setup(admin)
        for number in range(101):
            assert setup.create_token(name="t%d" % number, scope="repo:read").status_code == 200
    limited = quay_app(shared_app_factory, OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT=2)
    with closing(signed_in(limited)) as admin:
        setup = Setup(admin)
        for number in range(2):
            assert setup.create_token(name="t%d" % number, scope="repo:read").status_code == 200
        refused = setup.create_token(name="t2", scope="repo:read")
    assert refused.status_code == 400
    assert refused.json() == {"message": "Token limit reached: maximum 2 non-expired tokens per application"}


def test_only_the_plural_applications_spelling_serves_tokens(setup):
    singular = tokens_path(setup.org, setup.client_id, spelling="application")
    assert setup.client.post(singular, json={"name": "x", "scope": "repo:read"}).status_code != 200
    assert setup.client.get(setup.tokens).json() == {"tokens": []}


# -- List and revoke ----------------------------------------------------------------------


def test_the_list_has_live_tokens_newest_first_without_secrets_or_quayref_fields(setup):
    first, second = created(setup, name="first"), created(setup, name="second")
    created(setup, name="short", expiration=1)
    time.sleep(1.2)
    listed = setup.client.get(setup.tokens, headers={"Accept": "text/plain"})
    assert listed.headers["content-type"] == "application/json"
    assert listed.json() == {"tokens": [{key: token[key] for key in FIELDS} for token in (second, first)]}


def test_pages_of_50_with_a_fernet_next_page_and_bad_cursors_meaning_the_first_page(setup):
    uuids = [created(setup, name="bulk-%d" % number)["uuid"] for number in range(53)]
    first = setup.client.get(setup.tokens).json()
    assert [token["uuid"] for token in first["tokens"]] == uuids[::-1][:50]
    cursor = first["next_page"]
    assert cursor.startswith("gAAAAA") and len(cursor) == 184
    for _again in range(2):
        second = setup.client.get(setup.tokens, params={"next_page": cursor}).json()
        assert [token["uuid"] for token in second["tokens"]] == uuids[2::-1] and "next_page" not in second
    for bad in ("garbage", "", cursor[:-4] + "AAAA"):
        answer = setup.client.get(setup.tokens, params={"next_page": bad})
        assert answer.status_code == 200 and answer.json()["tokens"] == first["tokens"]
        assert len(answer.json()["next_page"]) == 184


def test_sealed_cursors_are_refused_when_forged_from_another_key_or_too_old():
    cursors = paging.sealed("one key")
    cursor = cursors.encode(1234)
    assert cursors.decode(cursor) == 1234
    assert paging.sealed("another key").decode(cursor) is None
    stale = cursors.fernet.encrypt_at_time(b'{"after_id": 1234}', int(time.time()) - paging.SEALED_LIFETIME_S - 60)
    assert cursors.decode(stale.decode()) is None
    assert cursors.decode(Fernet(Fernet.generate_key()).encrypt(b'{"after_id": 1}').decode()) is None


def test_delete_is_a_json_204_and_unknown_deleted_or_foreign_uuids_are_404(setup, admin):
    token = created(setup, name="doomed")
    path = setup.tokens + "/" + token["uuid"]
    deleted = setup.client.delete(path)
    assert deleted.status_code == 204 and deleted.content == b"" and deleted.headers["content-type"] == "application/json"
    other = Setup(admin)
    foreign = other.create_token(name="other", scope="repo:read").json()["uuid"]
    for uuid in (token["uuid"], "00000000-0000-0000-0000-000000000000", "not-a-uuid", foreign):
        missing = setup.client.delete(setup.tokens + "/" + uuid)
        assert missing.status_code == 404 and without_type(missing.json()) == NOT_FOUND
    assert [t["uuid"] for t in other.client.get(other.tokens).json()["tokens"]] == [foreign]
