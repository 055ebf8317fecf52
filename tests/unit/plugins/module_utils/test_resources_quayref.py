# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource layer where the Quay 3.18 recording has no answer: quayref's (FakeQuay answers
with quayref's error body, server/quayref/api/errors.py) and answers of the wrong shape."""

from __future__ import annotations

import json

import pytest

from ansible_collections.projectquay.oauth.plugins.module_utils._answers import already_exists, already_gone
from ansible_collections.projectquay.oauth.plugins.module_utils._application_api import Applications
from ansible_collections.projectquay.oauth.plugins.module_utils._organization_api import Organizations
from ansible_collections.projectquay.oauth.plugins.module_utils._token_api import Tokens
from ansible_collections.projectquay.oauth.plugins.module_utils.client import QuayClient
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayApiError, QuayOptionError, QuayReadRefused
from ansible_collections.projectquay.oauth.tests.unit.plugins.fakequay import ADMIN_TOKEN, PASSWORD, FakeQuay

BASIC_ONLY = dict(username='admin', password=PASSWORD)


@pytest.fixture
def quay():
    fake = FakeQuay(profile='proposal', page_size=2)
    fake.add_org('org1')
    # Bootstrap Basic never signs in: the proposal's LDAP service account without a Quay login.
    fake.signin_users = set()
    return fake


def client(fake, **creds):
    return QuayClient('http://quay.test', request=fake, **(creds or {'token': ADMIN_TOKEN}))


def test_only_409_or_a_400_saying_already_exists_means_the_name_is_taken():
    assert already_exists(QuayApiError('POST', '/p', status=400, detail='Invalid name')) is False
    assert already_exists(QuayApiError('POST', '/p', status=400, detail='Name Already Exists')) is True
    assert already_exists(QuayApiError('POST', '/p', status=409)) is True
    assert already_exists(QuayApiError('POST', '/p', status=403, detail='already exists')) is False


def test_only_a_404_means_already_gone():
    assert already_gone(QuayApiError('DELETE', '/p', status=404), '/p') is True
    assert already_gone(QuayApiError('DELETE', '/p', status=403), '/p') is False
    assert already_gone(QuayApiError('DELETE', '/p'), '/p') is False
    # A 404 to another call (a sign-in before it) says nothing about /p.
    assert already_gone(QuayApiError('POST', '/api/v1/signin', status=404), '/p') is False


@pytest.mark.parametrize('status', [400, 409])
def test_an_organization_name_quayref_refuses_as_taken_is_unchanged_when_asked(quay, status):
    quay.org_exists_status = status
    orgs = Organizations(client(quay))
    assert orgs.create('org1', exist_ok=True) is False
    with pytest.raises(QuayApiError) as info:
        orgs.create('org1')
    assert info.value.status == status


def test_http_basic_on_the_proposal_creates_but_cannot_look_up(quay):
    orgs = Organizations(client(quay, **BASIC_ONLY))
    with pytest.raises(QuayReadRefused) as info:
        orgs.get('neworg')
    assert info.value.option == 'quay_password'
    assert orgs.create('neworg', 'neworg@example.com') is True
    assert quay.orgs['neworg']['email'] == 'neworg@example.com'
    assert [c['body'] for c in quay.calls if c['method'] == 'POST' and c['path'] == '/api/v1/organization/'] == \
        [{'name': 'neworg', 'email': 'neworg@example.com'}]


def test_an_organization_without_email_is_created_with_its_name_only(quay):
    assert Organizations(client(quay)).create('bare') is True
    assert quay.calls[-1]['body'] == {'name': 'bare'}


def test_deleting_what_is_already_gone_is_not_an_error(quay):
    api = client(quay)
    assert Organizations(api).delete('nosuchorg') is False
    assert Applications(api, 'org1').delete('A' * 20) is False
    cid = quay.add_app('org1', 'app1')
    assert Tokens(api, 'org1').revoke(cid, 'uuid-none') is False


def test_a_client_id_shaped_name_that_is_none_is_looked_up_as_a_name(quay):
    cid = quay.add_app('org1', 'B' * 20)
    quay.add_token(cid, 'ci')
    client_id, tokens = Tokens(client(quay), 'org1').list('B' * 20)
    assert client_id == cid and [t['name'] for t in tokens] == ['ci']
    assert [c['method'] + ' ' + c['path'] for c in quay.calls] == [
        'GET /api/v1/organization/org1/applications/%s/tokens' % ('B' * 20),
        'GET /api/v1/organization/org1/applications',
        'GET /api/v1/organization/org1/applications/%s/tokens' % cid]


def test_tokens_are_listed_across_quayrefs_pages(quay):
    cid = quay.add_app('org1', 'app1')
    for index in range(5):
        quay.add_token(cid, 't%d' % index)
    assert len(Tokens(client(quay), 'org1').list(cid)[1]) == 5
    assert [c['query'] for c in quay.calls] == [{}, {'next_page': '2'}, {'next_page': '4'}]


def test_two_applications_of_one_name_need_the_client_id(quay):
    quay.add_app('org1', 'twin')
    quay.add_app('org1', 'twin')
    with pytest.raises(QuayOptionError) as info:
        Applications(client(quay), 'org1').client_id('twin')
    assert "2 applications are named 'twin'" in str(info.value)


class Answers:
    """``Request.open`` answering every call 200 with ``body``."""

    def __init__(self, body):
        self.body = body

    def open(self, method, url, **_kwargs):
        class Response:
            status = 200
            headers = {}

            def read(inner):  # pylint: disable=no-self-argument
                return json.dumps(self.body).encode('utf-8')
        return Response()


@pytest.mark.parametrize('body', [{}, {'token': 'secret-only'}, {'uuid': 'u'}, ['token', 'uuid'], 'Created'])
def test_a_created_token_without_secret_or_uuid_is_an_error_that_shows_no_secret(body):
    api = QuayClient('http://quay.test', token=ADMIN_TOKEN, request=Answers(body))
    with pytest.raises(QuayApiError) as info:
        Tokens(api, 'org1').create('C' * 20, 'ci', ['repo:read'])
    assert str(info.value) == ('POST /api/v1/organization/org1/applications/%s/tokens failed: the response has no token '
                               'or uuid' % ('C' * 20))


@pytest.mark.parametrize('body', [{}, {'name': 'x'}, None])
def test_a_created_application_without_client_id_is_an_error(body):
    api = QuayClient('http://quay.test', token=ADMIN_TOKEN, request=Answers(body))
    with pytest.raises(QuayApiError) as info:
        Applications(api, 'org1').create('x', {})
    assert str(info.value).endswith('failed: the response has no client_id')


@pytest.mark.parametrize('body', [{}, {'applications': 'no list'}, []])
def test_an_application_listing_without_a_list_is_an_error(body):
    api = QuayClient('http://quay.test', token=ADMIN_TOKEN, request=Answers(body))
    with pytest.raises(QuayApiError) as info:
        Applications(api, 'org1').list()
    assert str(info.value) == 'GET /api/v1/organization/org1/applications failed: the response has no "applications" list'


def test_an_organization_view_that_is_no_object_is_an_error():
    api = QuayClient('http://quay.test', token=ADMIN_TOKEN, request=Answers(['org1']))
    with pytest.raises(QuayApiError) as info:
        Organizations(api).get('org1')
    assert str(info.value) == 'GET /api/v1/organization/org1 failed: the response is not a JSON object'


def test_an_update_answer_without_client_id_leaves_the_caller_its_own_view():
    api = QuayClient('http://quay.test', token=ADMIN_TOKEN, request=Answers(None))
    assert Applications(api, 'org1').update('C' * 20, {'name': 'x'}) is None
