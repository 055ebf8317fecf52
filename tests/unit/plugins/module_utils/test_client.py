# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import io
from urllib.error import HTTPError, URLError

import pytest

from ansible_collections.projectquay.oauth.plugins.module_utils.client import QuayClient, api_path, normalise_host
from ansible_collections.projectquay.oauth.plugins.module_utils._organization_api import Organizations
from ansible_collections.projectquay.oauth.plugins.module_utils._token_api import Tokens
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayApiError, QuayOptionError, QuayReadRefused
from ansible_collections.projectquay.oauth.tests.unit.plugins.fakequay import (
    ADMIN_TOKEN, CSRF, NEXT_CSRF, PASSWORD, FakeQuay,
)


def client(fake, **creds):
    return QuayClient('http://quay.test', request=fake, **creds)


@pytest.mark.parametrize('given, expected', [
    ('quay.example.com', 'https://quay.example.com'),
    ('http://127.0.0.1:8080/', 'http://127.0.0.1:8080'),
    ('https://quay.example.com/api/v1', 'https://quay.example.com'),
    ('https://example.com/quay/api/v1/', 'https://example.com/quay'),
])
def test_host_is_normalised_like_infra_quay_configuration(given, expected):
    assert normalise_host(given) == expected


@pytest.mark.parametrize('given', ['', 'ftp://quay', 'https://user:pw@quay', 'https://quay/?x=1', 'http://'])
def test_bad_host_names_the_option(given):
    with pytest.raises(QuayOptionError) as info:
        normalise_host(given)
    assert info.value.option == 'quay_host'
    if '@' in given:
        assert 'pw' not in str(info.value)


def test_path_parts_are_quoted_so_they_stay_one_segment():
    assert api_path('organization', 'a/b c?', 'applications') == '/api/v1/organization/a%2Fb%20c%3F/applications'
    assert api_path('organization', trailing_slash=True) == '/api/v1/organization/'


def test_bearer_token_is_sent_and_json_decoded():
    fake = FakeQuay()
    fake.add_org('org1')
    body = client(fake, token=ADMIN_TOKEN).get(api_path('organization', 'org1'))
    assert body['name'] == 'org1'
    assert fake.calls[0]['headers']['Authorization'] == 'Bearer %s' % ADMIN_TOKEN
    assert fake.calls[0]['headers']['Accept'] == 'application/json'


def test_session_signs_in_once_then_sends_csrf_on_mutating_calls_only():
    fake = FakeQuay()
    fake.add_org('org1')
    quay = client(fake, username='admin', password=PASSWORD)
    quay.get(api_path('organization', 'org1'))
    quay.put(api_path('organization', 'org1'), {'email': 'x@example.com'})
    assert fake.methods() == [('GET', '/csrf_token'), ('POST', '/api/v1/signin'),
                              ('GET', '/api/v1/organization/org1'), ('PUT', '/api/v1/organization/org1')]
    assert fake.calls[1]['headers']['X-CSRF-Token'] == CSRF
    assert 'X-CSRF-Token' not in fake.calls[2]['headers']
    assert fake.calls[3]['headers']['X-CSRF-Token'] == CSRF
    assert all('Authorization' not in c['headers'] for c in fake.calls)


def test_session_takes_the_csrf_token_that_sign_in_rotates_to():
    """A Quay answers sign-in with X-Next-CSRF-Token and refuses the old token afterwards."""
    fake = FakeQuay()
    fake.rotate_csrf = True
    fake.add_org('org1')
    quay = client(fake, username='admin', password=PASSWORD)
    quay.put(api_path('organization', 'org1'), {'email': 'x@example.com'})
    quay.put(api_path('organization', 'org1'), {'email': 'y@example.com'})
    assert fake.methods() == [('GET', '/csrf_token'), ('POST', '/api/v1/signin'),
                              ('PUT', '/api/v1/organization/org1'), ('PUT', '/api/v1/organization/org1')]
    assert fake.calls[1]['headers']['X-CSRF-Token'] == CSRF
    assert [c['headers']['X-CSRF-Token'] for c in fake.calls[2:]] == [NEXT_CSRF, NEXT_CSRF]
    assert fake.orgs['org1']['email'] == 'y@example.com'


def test_session_keeps_the_csrf_token_when_sign_in_sends_no_next_token():
    fake = FakeQuay()
    assert fake.rotate_csrf is False
    fake.add_org('org1')
    quay = client(fake, username='admin', password=PASSWORD)
    quay.put(api_path('organization', 'org1'), {'email': 'x@example.com'})
    assert fake.calls[2]['headers']['X-CSRF-Token'] == CSRF
    assert fake.orgs['org1']['email'] == 'x@example.com'


@pytest.mark.parametrize('creds, option', [
    ({}, 'quay_token'),
    ({'username': 'admin'}, 'quay_password'),
    ({'password': 'x'}, 'quay_username'),
])
def test_missing_credentials_name_the_option(creds, option):
    with pytest.raises(QuayOptionError) as info:
        client(FakeQuay(), **creds)
    assert info.value.option == option


def test_quay_error_body_becomes_one_message_with_status_method_path():
    fake = FakeQuay()
    with pytest.raises(QuayApiError) as info:
        client(fake, token=ADMIN_TOKEN).get(api_path('organization', 'missing'))
    err = info.value
    assert (err.status, err.method, err.path) == (404, 'GET', '/api/v1/organization/missing')
    assert str(err) == 'GET /api/v1/organization/missing failed with HTTP 404 (not_found): Not Found'


def test_401_adds_a_hint_about_the_credential_and_never_echoes_it():
    fake = FakeQuay()
    fake.add_org('org1')
    with pytest.raises(QuayApiError) as info:
        client(fake, token='wrong-token-value').get(api_path('organization', 'org1'))
    assert info.value.status == 401
    assert 'quay_token' in str(info.value)
    assert 'wrong-token-value' not in str(info.value)


class Echo:
    """A server that echoes the Authorization header in its error: the client must mask it."""

    def open(self, method, url, **kwargs):
        message = 'bad header %s' % kwargs['headers'].get('Authorization')
        raise HTTPError(url, 400, 'bad', {}, io.BytesIO(('{"error_message": "%s"}' % message).encode()))


def test_secrets_echoed_by_the_server_are_masked():
    with pytest.raises(QuayApiError) as info:
        QuayClient('http://q', token='s3cr3t-token', request=Echo()).get('/api/v1/x')
    assert 's3cr3t-token' not in str(info.value)
    assert '********' in str(info.value)


class Static:
    def __init__(self, exc=None, raw=b''):
        self.exc = exc
        self.raw = raw

    def open(self, method, url, **kwargs):
        if self.exc:
            raise self.exc
        return type('R', (), {'status': 200, 'headers': {}, 'read': lambda s: self.raw})()


def test_unreachable_server_is_reported_with_method_and_path():
    with pytest.raises(QuayApiError) as info:
        QuayClient('http://q', token='opaque-token-1', request=Static(exc=URLError('Connection refused'))).get('/api/v1/x')
    assert str(info.value) == 'cannot reach Quay at http://q: Connection refused (GET /api/v1/x)'


def test_non_json_error_body_is_shortened_into_the_message():
    exc = HTTPError('http://q/api/v1/x', 502, 'Bad Gateway', {}, io.BytesIO(b'<html>\n<b>Bad   gateway</b></html>'))
    with pytest.raises(QuayApiError) as info:
        QuayClient('http://q', token='opaque-token-1', request=Static(exc=exc)).get('/api/v1/x')
    assert info.value.status == 502
    assert str(info.value) == 'GET /api/v1/x failed with HTTP 502: Bad gateway'


def test_a_success_that_is_not_json_is_an_error():
    with pytest.raises(QuayApiError, match='not JSON'):
        QuayClient('http://q', token='opaque-token-1', request=Static(raw=b'<html>')).get('/api/v1/x')


def test_paginate_follows_next_page_until_the_last_page():
    fake = FakeQuay(page_size=2)
    fake.add_org('org1')
    cid = fake.add_app('org1', 'app')
    for i in range(5):
        fake.add_token(cid, 't%d' % i)
    quay = client(fake, token=ADMIN_TOKEN)
    tokens = quay.paginate(api_path('organization', 'org1', 'applications', cid, 'tokens'), 'tokens')
    assert sorted(t['name'] for t in tokens) == ['t0', 't1', 't2', 't3', 't4']
    assert [c['query'].get('next_page') for c in fake.calls] == [None, '2', '4']


class Looping:
    def open(self, method, url, **kwargs):
        return type('R', (), {'status': 200, 'headers': {}, 'read': lambda s: b'{"tokens": [], "next_page": "same"}'})()


def test_paginate_stops_at_the_page_limit_with_an_error():
    with pytest.raises(QuayApiError, match='more than 3 pages of "tokens"'):
        QuayClient('http://q', token='opaque-token-1', request=Looping()).paginate('/api/v1/x', 'tokens', max_pages=3)


def test_json_body_is_sent_with_content_type():
    fake = FakeQuay()
    client(fake, token=ADMIN_TOKEN).post(api_path('organization', trailing_slash=True), {'name': 'n', 'email': 'e@x'})
    assert fake.calls[0]['body'] == {'name': 'n', 'email': 'e@x'}
    assert fake.calls[0]['headers']['Content-Type'] == 'application/json'


# -- the proposal profile: HTTP Basic on create calls for an account that cannot sign in ------


def test_basic_goes_out_on_a_create_only_after_sign_in_failed_and_no_session_cookie_with_it():
    fake = FakeQuay(bootstrap=True)
    fake.signin_users = set()
    quay = client(fake, username='admin', password=PASSWORD)
    quay.post(api_path('organization', trailing_slash=True), {'name': 'neworg'}, create=True)
    assert fake.methods() == [('GET', '/csrf_token'), ('POST', '/api/v1/signin'), ('POST', '/api/v1/organization/')]
    assert fake.calls[-1]['auth'] == 'basic' and 'neworg' in fake.orgs
    fake.calls.clear()
    quay.post(api_path('organization', trailing_slash=True), {'name': 'neworg2'}, create=True)
    assert fake.methods() == [('POST', '/api/v1/organization/')], 'sign-in is not tried again in the same run'
    assert quay.close() is None and fake.signed_out == 0


def test_a_sign_in_answered_404_is_a_refused_read_not_an_absent_object():
    fake = FakeQuay(bootstrap=True)
    fake.signin_users = set()
    fake.signin_refusal = (404, 'not_found', 'FEATURE_DIRECT_LOGIN is off')
    fake.add_org('org1')
    quay = client(fake, username='admin', password=PASSWORD)
    with pytest.raises(QuayReadRefused) as info:
        Organizations(quay).get('org1')
    assert info.value.option == 'quay_password' and 'FEATURE_DIRECT_LOGIN is off' in str(info.value)
    assert str(info.value).endswith('This server has no password sign-in: add quay_token to read')
    with pytest.raises(QuayReadRefused):
        Tokens(quay, 'org1').list('A' * 20)


def test_basic_refused_with_401_on_the_proposal_names_both_answers_and_no_secret():
    fake = FakeQuay(bootstrap=False)
    fake.signin_users = set()
    quay = client(fake, username='admin', password=PASSWORD)
    with pytest.raises(QuayApiError) as info:
        quay.post(api_path('organization', trailing_slash=True), {'name': 'n'}, create=True)
    assert str(info.value) == (
        'POST /api/v1/organization/ failed with HTTP 401 (invalid_token): Bootstrap authentication refused. '
        'HTTP Basic (bootstrap authentication) was refused; sign-in for a session failed: Invalid username or password')
    assert PASSWORD not in str(info.value)


def test_a_session_that_signed_in_is_used_for_creates_whatever_the_bootstrap_flag():
    for flag in (True, False):
        fake = FakeQuay(bootstrap=flag)
        quay = client(fake, username='admin', password=PASSWORD)
        quay.post(api_path('organization', trailing_slash=True), {'name': 'neworg'}, create=True)
        assert [c['auth'] for c in fake.calls] == [None, None, 'session']
        assert quay.close() is None and fake.methods()[-1] == ('POST', '/api/v1/signout')
