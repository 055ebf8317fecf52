# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import base64
import io
from urllib.error import HTTPError, URLError

import pytest

from ansible_collections.projectquay.oauth.plugins.module_utils.client import (
    BASIC, BEARER, OIDC, SESSION, QuayClient, api_path, choose_auth, normalise_host,
)
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayApiError, QuayOptionError
from ansible_collections.projectquay.oauth.tests.unit.plugins.fakequay import (
    ADMIN_TOKEN, CSRF, NEXT_CSRF, OIDC_JWT, PASSWORD, FakeQuay,
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


@pytest.mark.parametrize('bootstrap, token, password, oidc, expected', [
    (False, True, True, True, BEARER),
    (True, True, True, True, BEARER),
    (True, False, True, True, OIDC),
    (True, False, True, False, BASIC),
    (False, False, True, True, SESSION),
    (False, False, False, True, None),
    (True, False, False, True, OIDC),
    (False, False, False, False, None),
])
def test_auth_choice_table(bootstrap, token, password, oidc, expected):
    assert choose_auth(bootstrap, token, password, oidc) == expected


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


def test_username_password_use_basic_on_bootstrap_calls_without_signing_in():
    fake = FakeQuay()
    quay = client(fake, username='admin', password=PASSWORD)
    quay.post(api_path('organization', trailing_slash=True), {'name': 'neworg'}, bootstrap=True)
    assert fake.methods() == [('POST', '/api/v1/organization/')]
    assert fake.calls[0]['auth'] == 'basic'
    assert 'neworg' in fake.orgs


def test_oidc_token_is_preferred_over_basic_on_bootstrap_calls():
    fake = FakeQuay()
    client(fake, username='admin', password=PASSWORD, oidc_token=OIDC_JWT).post(
        api_path('organization', trailing_slash=True), {'name': 'o'}, bootstrap=True)
    assert fake.calls[0]['auth'] == 'oidc'


def test_oidc_alone_refuses_a_standard_call_before_any_request():
    fake = FakeQuay()
    quay = client(fake, oidc_token=OIDC_JWT)
    with pytest.raises(QuayOptionError) as info:
        quay.get(api_path('organization', 'org1'))
    assert info.value.option == 'quay_oidc_token'
    assert fake.calls == []
    assert not quay.can(bootstrap=False) and quay.can(bootstrap=True)


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
    assert str(info.value) == 'GET /api/v1/x failed: cannot reach http://q: Connection refused'


def test_non_json_error_body_is_shortened_into_the_message():
    exc = HTTPError('http://q/api/v1/x', 502, 'Bad Gateway', {}, io.BytesIO(b'<html>\n<b>Bad   gateway</b></html>'))
    with pytest.raises(QuayApiError) as info:
        QuayClient('http://q', token='opaque-token-1', request=Static(exc=exc)).get('/api/v1/x')
    assert info.value.status == 502
    assert '<html> <b>Bad gateway</b></html>' in str(info.value)


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


def test_paginate_stops_on_a_repeated_cursor():
    with pytest.raises(QuayApiError, match='same next_page'):
        QuayClient('http://q', token='opaque-token-1', request=Looping()).paginate('/api/v1/x', 'tokens')


def test_json_body_is_sent_with_content_type():
    fake = FakeQuay()
    client(fake, token=ADMIN_TOKEN).post(api_path('organization', trailing_slash=True), {'name': 'n', 'email': 'e@x'})
    assert fake.calls[0]['body'] == {'name': 'n', 'email': 'e@x'}
    assert fake.calls[0]['headers']['Content-Type'] == 'application/json'


# -- HTTP Basic refused on a bootstrap call: one retry over a session -------------


def test_basic_refused_with_401_is_retried_once_over_a_signed_in_session():
    fake = FakeQuay(bootstrap=False)
    quay = client(fake, username='admin', password=PASSWORD)
    quay.post(api_path('organization', trailing_slash=True), {'name': 'neworg'}, bootstrap=True)
    assert fake.methods() == [('POST', '/api/v1/organization/'), ('GET', '/csrf_token'),
                              ('POST', '/api/v1/signin'), ('POST', '/api/v1/organization/')]
    assert [c['auth'] for c in fake.calls][0] == 'basic'
    retry = fake.calls[-1]
    assert retry['auth'] == 'session' and retry['headers']['X-CSRF-Token'] == CSRF
    assert 'Authorization' not in retry['headers'] and retry['body'] == {'name': 'neworg'}
    assert 'neworg' in fake.orgs


def test_after_basic_was_refused_later_bootstrap_calls_use_the_session_directly():
    fake = FakeQuay(bootstrap=False)
    quay = client(fake, username='admin', password=PASSWORD)
    quay.post(api_path('organization', trailing_slash=True), {'name': 'o1'}, bootstrap=True)
    fake.calls.clear()
    quay.post(api_path('organization', trailing_slash=True), {'name': 'o2'}, bootstrap=True)
    assert fake.methods() == [('POST', '/api/v1/organization/')] and fake.calls[0]['auth'] == 'session'


def test_an_existing_session_is_reused_for_the_retry():
    fake = FakeQuay(bootstrap=False)
    fake.add_org('org1')
    quay = client(fake, username='admin', password=PASSWORD)
    quay.get(api_path('organization', 'org1'))
    quay.post(api_path('organization', 'org1', 'applications'), {'name': 'app'}, bootstrap=True)
    assert fake.methods()[3:] == [('POST', '/api/v1/organization/org1/applications')] * 2
    assert [c['auth'] for c in fake.calls[3:]] == ['basic', 'session']


def test_basic_accepted_means_no_sign_in():
    fake = FakeQuay(bootstrap=True)
    client(fake, username='admin', password=PASSWORD).post(
        api_path('organization', trailing_slash=True), {'name': 'neworg'}, bootstrap=True)
    assert fake.methods() == [('POST', '/api/v1/organization/')] and fake.signed_in is False


class Refusing:
    """Answers every call with ``status``; /csrf_token works so that sign-in reaches /api/v1/signin."""

    def __init__(self, status=401, signin_status=403):
        self.status = status
        self.signin_status = signin_status
        self.calls = []

    def open(self, method, url, **kwargs):
        path = url.split('quay.test', 1)[1]
        self.calls.append((method, path, kwargs['headers'].get('Authorization', '')[:5]))
        if path == '/csrf_token':
            return type('R', (), {'status': 200, 'headers': {}, 'read': lambda s: b'{"csrf_token": "c"}'})()
        status = self.signin_status if path == '/api/v1/signin' else self.status
        if status == 200:
            return type('R', (), {'status': 200, 'headers': {}, 'read': lambda s: b'{"success": true}'})()
        body = ('{"error_type": "e%d", "error_message": "refused %d"}' % (status, status)).encode()
        raise HTTPError(url, status, 'no', {}, io.BytesIO(body))


def test_when_sign_in_fails_too_the_error_names_both_attempts_and_no_secret():
    fake = Refusing()
    quay = QuayClient('http://quay.test', username='admin', password=PASSWORD, request=fake)
    with pytest.raises(QuayApiError) as info:
        quay.post(api_path('organization', trailing_slash=True), {'name': 'n'}, bootstrap=True)
    err = info.value
    assert (err.status, err.method, err.path) == (401, 'POST', '/api/v1/organization/')
    text = str(err)
    assert 'HTTP Basic' in text and 'refused 401' in text
    assert 'signing in' in text and 'POST /api/v1/signin failed with HTTP 403' in text and 'refused 403' in text
    assert PASSWORD not in text and base64.b64encode(('admin:%s' % PASSWORD).encode()).decode() not in text
    assert [c[:2] for c in fake.calls] == [
        ('POST', '/api/v1/organization/'), ('GET', '/csrf_token'), ('POST', '/api/v1/signin')]


@pytest.mark.parametrize('status', [400, 403, 409, 429, 500])
def test_basic_errors_other_than_401_are_not_retried(status):
    fake = Refusing(status=status)
    quay = QuayClient('http://quay.test', username='admin', password=PASSWORD, request=fake)
    with pytest.raises(QuayApiError) as info:
        quay.post(api_path('organization', trailing_slash=True), {'name': 'n'}, bootstrap=True)
    assert info.value.status == status and len(fake.calls) == 1


def test_a_401_of_the_session_retry_is_reported_as_the_session_call():
    fake = Refusing(status=401, signin_status=200)
    quay = QuayClient('http://quay.test', username='admin', password=PASSWORD, request=fake)
    with pytest.raises(QuayApiError) as info:
        quay.post(api_path('organization', trailing_slash=True), {'name': 'n'}, bootstrap=True)
    assert info.value.status == 401 and 'Check quay_username and quay_password' in str(info.value)
    assert [c[:2] for c in fake.calls] == [
        ('POST', '/api/v1/organization/'), ('GET', '/csrf_token'), ('POST', '/api/v1/signin'),
        ('POST', '/api/v1/organization/')]
    assert [c[2] for c in fake.calls] == ['Basic', '', '', '']


def test_oidc_and_bearer_are_not_retried_over_a_session():
    fake = FakeQuay(bootstrap=False)
    with pytest.raises(QuayApiError) as info:
        client(fake, username='admin', password=PASSWORD, oidc_token=OIDC_JWT).post(
            api_path('organization', trailing_slash=True), {'name': 'n'}, bootstrap=True)
    assert info.value.status == 401 and fake.methods() == [('POST', '/api/v1/organization/')]
