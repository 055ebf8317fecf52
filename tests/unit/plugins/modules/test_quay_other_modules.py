# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""quay_oauth_token_info, quay_organization and quay_oauth_application decision tables."""

from __future__ import annotations

import pytest

from ansible_collections.projectquay.oauth.plugins.modules import quay_oauth_application as app_module
from ansible_collections.projectquay.oauth.plugins.modules import quay_oauth_token_info as info_module
from ansible_collections.projectquay.oauth.plugins.modules import quay_organization as org_module
from ansible_collections.projectquay.oauth.tests.unit.plugins.fakequay import OIDC_JWT, PASSWORD

# -- quay_oauth_token_info ----------------------------------------------------


def test_info_reads_every_page_and_never_a_secret(run, fake):
    fake.page_size = 2
    cid = fake.add_app('org1', 'bot')
    made = [fake.add_token(cid, 'ci' if i % 2 else 'other') for i in range(5)]
    result = run(info_module, dict(organization='org1', application=cid))
    assert result['changed'] is False and result['client_id'] == cid
    assert sorted(t['uuid'] for t in result['tokens']) == sorted(made)
    assert all('token' not in t for t in result['tokens'])
    assert len(fake.calls) == 3


@pytest.mark.parametrize('filters, expect', [
    (dict(name='ci'), [1, 3]),
    (dict(uuid=2), [2]),
    (dict(name='ci', uuid=2), []),
])
def test_info_filters_by_name_and_uuid(run, fake, filters, expect):
    cid = fake.add_app('org1', 'bot')
    made = [fake.add_token(cid, 'ci' if i % 2 else 'other') for i in range(5)]
    if 'uuid' in filters:
        filters['uuid'] = made[filters['uuid']]
    result = run(info_module, dict(organization='org1', application='bot', **filters), check_mode=True)
    assert sorted(t['uuid'] for t in result['tokens']) == sorted(made[i] for i in expect)


def test_info_with_only_an_oidc_token_fails_naming_it_before_any_request(run, fake):
    result = run(info_module, dict(organization='org1', application='x'), auth=dict(quay_oidc_token=OIDC_JWT))
    assert result['failed'] and result['msg'].startswith('quay_oidc_token') and fake.calls == []


# -- quay_organization ----------------------------------------------------------


def test_org_is_created_then_left_alone_with_one_get(run, fake):
    result = run(org_module, dict(name='neworg', email='n@example.com'), diff=True)
    assert result['changed'] and 'neworg' in fake.orgs
    assert result['diff'] == {'before': {}, 'after': {'name': 'neworg', 'email': 'n@example.com'}}
    fake.calls.clear()
    assert run(org_module, dict(name='neworg', email='n@example.com'))['changed'] is False
    assert fake.methods() == [('GET', '/api/v1/organization/neworg')]


def test_org_create_uses_basic_with_username_password(run, fake):
    run(org_module, dict(name='neworg'), auth=dict(quay_username='admin', quay_password=PASSWORD))
    assert fake.calls[-1]['auth'] == 'basic' and fake.calls[-1]['body'] == {'name': 'neworg'}


def test_org_create_on_a_flag_off_server_falls_back_to_the_session(run, fake):
    fake.bootstrap = False
    auth = dict(quay_username='admin', quay_password=PASSWORD)
    result = run(org_module, dict(name='neworg'), auth=auth)
    assert result['changed'] and not result['failed'] and 'neworg' in fake.orgs
    posts = [c['auth'] for c in fake.calls if c['path'] == '/api/v1/organization/']
    assert posts == ['basic', 'session']
    assert run(org_module, dict(name='neworg'), auth=auth)['changed'] is False


def test_org_email_is_updated_when_it_differs(run, fake):
    result = run(org_module, dict(name='org1', email='new@example.com'))
    assert result['changed'] and fake.orgs['org1']['email'] == 'new@example.com'
    assert fake.calls[-1]['method'] == 'PUT'


def test_org_check_mode_predicts_and_changes_nothing(run, fake):
    assert run(org_module, dict(name='neworg'), check_mode=True)['changed'] is True
    assert run(org_module, dict(name='org1', state='absent'), check_mode=True)['changed'] is True
    assert fake.changes() == [] and 'org1' in fake.orgs and 'neworg' not in fake.orgs


def test_org_absent_deletes_then_is_idempotent(run, fake):
    assert run(org_module, dict(name='org1', state='absent'))['changed'] is True
    assert 'org1' not in fake.orgs
    assert run(org_module, dict(name='org1', state='absent'))['changed'] is False


def test_org_bad_state_fails_naming_the_option_before_any_request(run, fake):
    result = run(org_module, dict(name='org1', state='gone'))
    assert result['failed'] and 'state' in result['msg'] and fake.calls == []


ONLY_OIDC = dict(quay_oidc_token=OIDC_JWT)


def test_org_with_only_an_oidc_token_is_created_with_one_post(run, fake):
    result = run(org_module, dict(name='neworg', email='n@example.com'), auth=ONLY_OIDC, diff=True)
    assert result['changed'] and not result['failed'] and fake.orgs['neworg']['email'] == 'n@example.com'
    assert fake.methods() == [('POST', '/api/v1/organization/')] and fake.calls[0]['auth'] == 'oidc'
    assert result['diff'] == {'before': {}, 'after': {'name': 'neworg', 'email': 'n@example.com'}}


@pytest.mark.parametrize('status', [400, 409])
def test_org_with_only_an_oidc_token_that_already_exists_is_unchanged(run, fake, status):
    fake.org_exists_status = status
    result = run(org_module, dict(name='org1', email='other@example.com'), auth=ONLY_OIDC)
    assert result['changed'] is False and not result['failed'] and result['name'] == 'org1'
    assert 'email' not in result and fake.orgs['org1']['email'] == 'org1@example.com'
    assert fake.methods() == [('POST', '/api/v1/organization/')]


def test_org_with_only_an_oidc_token_reports_other_errors(run, fake):
    fake.bootstrap = False
    result = run(org_module, dict(name='neworg'), auth=ONLY_OIDC)
    assert result['failed'] and result['status'] == 401 and result['method'] == 'POST'
    assert OIDC_JWT not in result['msg']


def test_only_409_or_a_400_saying_already_exists_means_the_name_is_taken():
    from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayApiError

    assert org_module.already_exists(QuayApiError('POST', '/p', status=400, detail='Invalid name')) is False
    assert org_module.already_exists(QuayApiError('POST', '/p', status=400, detail='Name Already Exists')) is True
    assert org_module.already_exists(QuayApiError('POST', '/p', status=409)) is True
    assert org_module.already_exists(QuayApiError('POST', '/p', status=403, detail='already exists')) is False


def test_org_check_mode_with_only_an_oidc_token_predicts_creation_and_warns(run, fake):
    result = run(org_module, dict(name='org1'), auth=ONLY_OIDC, check_mode=True)
    assert result['changed'] is True and fake.calls == []
    assert any('quay_oidc_token' in w and 'check mode' in w for w in result['warnings'])


@pytest.mark.parametrize('check_mode', [False, True])
def test_org_absent_with_only_an_oidc_token_fails_naming_it_before_any_request(run, fake, check_mode):
    result = run(org_module, dict(name='org1', state='absent'), auth=ONLY_OIDC, check_mode=check_mode)
    assert result['failed'] and result['option'] == 'quay_oidc_token' and 'state=absent' in result['msg']
    assert fake.calls == [] and 'org1' in fake.orgs


# -- quay_oauth_application -----------------------------------------------------


@pytest.mark.parametrize('more, check_mode', [({}, False), ({}, True), (dict(state='absent'), False)])
def test_app_with_only_an_oidc_token_fails_naming_it_before_any_request(run, fake, more, check_mode):
    result = run(app_module, dict(organization='org1', name='bot', **more), auth=ONLY_OIDC, check_mode=check_mode)
    assert result['failed'] and result['option'] == 'quay_oidc_token'
    assert result['msg'].startswith('quay_oidc_token') and 'quay_token' in result['msg'] and 'duplicate' in result['msg']
    assert fake.calls == [] and fake.apps == {}


def test_app_with_an_oidc_token_and_a_session_creates_with_the_jwt(run, fake):
    result = run(app_module, dict(organization='org1', name='bot'),
                 auth=dict(quay_oidc_token=OIDC_JWT, quay_username='admin', quay_password=PASSWORD))
    assert result['changed'] and result['client_id'] in fake.apps
    assert [c['auth'] for c in fake.calls if c['method'] == 'POST' and c['path'].endswith('/applications')] == ['oidc']


def test_app_is_created_with_its_secret_once_then_left_alone(run, fake):
    first = run(app_module, dict(organization='org1', name='bot', description='CI'))
    assert first['changed'] and first['client_id'] and first['client_secret'] == 'S' * 40
    assert fake.apps[first['client_id']]['description'] == 'CI'
    second = run(app_module, dict(organization='org1', name='bot', description='CI'))
    assert second['changed'] is False and second['client_id'] == first['client_id']
    assert 'client_secret' not in second


def test_app_fields_that_differ_are_updated_with_the_whole_application(run, fake):
    cid = fake.add_app('org1', 'bot')
    result = run(app_module, dict(organization='org1', name='bot', redirect_uri='https://ci.example.com/cb'), diff=True)
    assert result['changed'] and result['client_id'] == cid
    put = fake.calls[-1]
    assert put['method'] == 'PUT' and put['body']['name'] == 'bot'
    assert put['body']['redirect_uri'] == 'https://ci.example.com/cb'
    assert result['diff']['before']['redirect_uri'] == '' and result['diff']['after']['redirect_uri'].startswith('https')


def test_app_create_on_a_flag_off_server_falls_back_to_the_session(run, fake):
    fake.bootstrap = False
    result = run(app_module, dict(organization='org1', name='bot'), auth=dict(quay_username='admin', quay_password=PASSWORD))
    assert result['changed'] and result['client_id'] in fake.apps and result['client_secret']
    posts = [c['auth'] for c in fake.calls if c['method'] == 'POST' and c['path'].endswith('/applications')]
    assert posts == ['basic', 'session']


def test_app_check_mode_create_changes_nothing(run, fake):
    result = run(app_module, dict(organization='org1', name='bot'), check_mode=True)
    assert result['changed'] and result['client_id'] is None and fake.changes() == []


def test_app_absent_deletes_every_application_of_the_name(run, fake):
    ids = [fake.add_app('org1', 'bot'), fake.add_app('org1', 'bot')]
    keep = fake.add_app('org1', 'other')
    result = run(app_module, dict(organization='org1', name='bot', state='absent'))
    assert result['changed'] and sorted(result['deleted']) == sorted(ids)
    assert list(fake.apps) == [keep]
    assert run(app_module, dict(organization='org1', name='bot', state='absent'))['changed'] is False


def test_app_duplicates_warn_and_manage_the_first(run, fake):
    first = fake.add_app('org1', 'bot')
    fake.add_app('org1', 'bot')
    result = run(app_module, dict(organization='org1', name='bot'))
    assert result['client_id'] == first and any('2 applications' in w for w in result['warnings'])


def test_app_in_unknown_org_reports_a_404_with_method_and_path(run, fake):
    result = run(app_module, dict(organization='nope', name='bot'))
    assert result['failed'] and result['status'] == 404
    assert result['msg'].startswith('GET /api/v1/organization/nope/applications failed with HTTP 404')


# -- connection options ------------------------------------------------------------


def test_connection_options_reach_the_http_layer_and_env_fallbacks_apply(monkeypatch, fake):
    from unittest.mock import patch

    from ansible.module_utils.basic import AnsibleModule
    from ansible.module_utils.testing import patch_module_args

    from ansible_collections.projectquay.oauth.plugins.module_utils import client as client_module
    from ansible_collections.projectquay.oauth.tests.unit.plugins.fakequay import ADMIN_TOKEN

    seen = {}

    def request(**kwargs):
        seen.update(kwargs)
        return fake

    monkeypatch.setenv('QUAY_HOST', 'https://quay.env.test/api/v1')
    monkeypatch.setenv('QUAY_TOKEN', ADMIN_TOKEN)
    monkeypatch.setenv('QUAY_VERIFY_SSL', 'no')
    params = dict(name='org1', ca_path='/etc/pki/quay-ca.pem', timeout=7)
    with patch_module_args(params), patch.object(client_module, 'Request', request), \
            patch.object(AnsibleModule, 'exit_json', side_effect=SystemExit):
        with pytest.raises(SystemExit):
            org_module.main()
    assert seen['validate_certs'] is False and seen['ca_path'] == '/etc/pki/quay-ca.pem' and seen['timeout'] == 7
    assert seen['use_netrc'] is False and seen['unredirected_headers'] == ['Authorization']
    assert fake.calls[0]['headers']['Authorization'] == 'Bearer %s' % ADMIN_TOKEN
    assert fake.calls[0]['host'] == 'quay.env.test' and fake.calls[0]['path'] == '/api/v1/organization/org1'
