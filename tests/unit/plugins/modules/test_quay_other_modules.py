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


def test_info_stops_with_an_error_when_a_page_repeats_what_an_earlier_one_listed(run, fake):
    """Quay answers a next_page it cannot read with the first page: without a check this loops for ever."""
    fake.page_size = 2
    cid = fake.add_app('org1', 'bot')
    for i in range(3):
        fake.add_token(cid, 't%d' % i)
    original = fake._tokens

    def first_page_always(method, url, client_id, rest, query, body, auth):
        return original(method, url, client_id, rest, {}, body, auth)

    fake._tokens = first_page_always
    result = run(info_module, dict(organization='org1', application=cid))
    assert result['failed'] and 'page 2 lists' in result['msg'] and 'did not follow next_page' in result['msg']
    assert len(fake.calls) == 2


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


def test_info_with_an_oidc_token_the_server_refuses_for_reading_fails_naming_it(run, fake):
    fake.add_app('org1', 'x')
    result = run(info_module, dict(organization='org1', application='x'), auth=dict(quay_oidc_token=OIDC_JWT))
    assert result['failed'] and result['msg'].startswith('quay_oidc_token:') and result['status'] == 401
    assert 'create calls only' in result['msg'] and fake.api_calls() == [('GET', 'oidc')]


def test_info_with_an_oidc_token_reads_on_quay_318(run, fake):
    fake.profile = 'quay-3.18'
    cid = fake.add_app('org1', 'x')
    fake.add_token(cid, 'ci')
    result = run(info_module, dict(organization='org1', application=cid), auth=dict(quay_oidc_token=OIDC_JWT))
    assert not result['failed'] and [t['name'] for t in result['tokens']] == ['ci']
    assert fake.api_calls() == [('GET', 'oidc')]


# -- quay_organization ----------------------------------------------------------


def test_org_is_created_then_left_alone_with_one_get(run, fake):
    result = run(org_module, dict(name='neworg', email='n@example.com'), diff=True)
    assert result['changed'] and 'neworg' in fake.orgs
    assert result['diff'] == {'before': {}, 'after': {'name': 'neworg', 'email': 'n@example.com'}}
    fake.calls.clear()
    assert run(org_module, dict(name='neworg', email='n@example.com'))['changed'] is False
    assert fake.methods() == [('GET', '/api/v1/organization/neworg')]


PASSWORD_AUTH = dict(quay_username='admin', quay_password=PASSWORD)


@pytest.mark.parametrize('profile', ['proposal', 'quay-3.18'])
def test_org_with_a_password_signs_in_creates_over_the_session_and_signs_out(run, fake, profile):
    fake.profile = profile
    fake.rotate_csrf = profile == 'quay-3.18'
    result = run(org_module, dict(name='neworg'), auth=PASSWORD_AUTH)
    assert result['changed'] and not result['failed'] and 'neworg' in fake.orgs
    assert fake.methods() == [('GET', '/csrf_token'), ('POST', '/api/v1/signin'), ('GET', '/api/v1/organization/neworg'),
                              ('POST', '/api/v1/organization/'), ('POST', '/api/v1/signout')]
    assert fake.calls[-2]['auth'] == 'session' and fake.signed_out == 1
    assert run(org_module, dict(name='neworg'), auth=PASSWORD_AUTH)['changed'] is False


def test_the_session_is_signed_out_after_a_failure_too_and_the_error_stays(run, fake):
    result = run(app_module, dict(organization='nope', name='bot'), auth=PASSWORD_AUTH)
    assert result['failed'] and result['status'] == 404
    assert result['msg'].startswith('GET /api/v1/organization/nope/applications failed with HTTP 404')
    assert fake.methods()[-1] == ('POST', '/api/v1/signout') and fake.signed_out == 1


def test_a_failed_sign_out_is_a_warning_not_a_failure(run, fake):
    fake.signout_status = 503
    result = run(org_module, dict(name='org1'), auth=PASSWORD_AUTH)
    assert not result['failed'] and result['changed'] is False
    assert any(w.startswith('Signing out of the Quay session failed: POST /api/v1/signout failed with HTTP 503')
               for w in result['warnings'])


def test_org_an_account_that_cannot_sign_in_creates_with_basic_on_the_proposal(run, fake):
    """An LDAP service account of quayref's proposal profile: no session, but Basic on create calls."""
    fake.signin_users = set()
    result = run(org_module, dict(name='neworg'), auth=PASSWORD_AUTH)
    assert result['changed'] and not result['failed'] and 'neworg' in fake.orgs
    assert fake.api_calls() == [('POST', 'basic')] and fake.signed_out == 0


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
    assert fake.api_calls() == [('GET', 'oidc'), ('POST', 'oidc')]
    assert result['diff'] == {'before': {}, 'after': {'name': 'neworg', 'email': 'n@example.com'}}


@pytest.mark.parametrize('status', [400, 409])
def test_org_with_only_an_oidc_token_that_already_exists_is_unchanged(run, fake, status):
    fake.org_exists_status = status
    result = run(org_module, dict(name='org1', email='other@example.com'), auth=ONLY_OIDC)
    assert result['changed'] is False and not result['failed'] and result['name'] == 'org1'
    assert 'email' not in result and fake.orgs['org1']['email'] == 'org1@example.com'
    assert fake.api_calls() == [('GET', 'oidc'), ('POST', 'oidc')]


def test_org_with_only_an_oidc_token_reports_other_errors(run, fake):
    fake.bootstrap = False
    result = run(org_module, dict(name='neworg'), auth=ONLY_OIDC)
    assert result['failed'] and result['status'] == 401 and result['method'] == 'POST'
    assert OIDC_JWT not in result['msg']


def test_org_check_mode_with_only_an_oidc_token_predicts_creation_and_warns(run, fake):
    result = run(org_module, dict(name='org1'), auth=ONLY_OIDC, check_mode=True)
    assert result['changed'] is True and fake.api_calls() == [('GET', 'oidc')]
    assert any('quay_oidc_token' in w and 'check mode' in w for w in result['warnings'])


@pytest.mark.parametrize('check_mode', [False, True])
def test_org_absent_with_only_an_oidc_token_fails_naming_it_after_the_refused_lookup(run, fake, check_mode):
    result = run(org_module, dict(name='org1', state='absent'), auth=ONLY_OIDC, check_mode=check_mode)
    assert result['failed'] and result['option'] == 'quay_oidc_token' and 'state=absent' in result['msg']
    assert fake.api_calls() == [('GET', 'oidc')] and 'org1' in fake.orgs


# -- quay_oauth_application -----------------------------------------------------


@pytest.mark.parametrize('more, check_mode', [({}, False), ({}, True), (dict(state='absent'), False)])
def test_app_with_only_an_oidc_token_refused_for_reading_fails_naming_it(run, fake, more, check_mode):
    result = run(app_module, dict(organization='org1', name='bot', **more), auth=ONLY_OIDC, check_mode=check_mode)
    assert result['failed'] and result['option'] == 'quay_oidc_token'
    assert result['msg'].startswith('quay_oidc_token') and 'quay_token' in result['msg'] and 'duplicate' in result['msg']
    assert fake.api_calls() == [('GET', 'oidc')] and fake.apps == {}


def test_app_with_only_an_oidc_token_is_idempotent_on_quay_318(run, fake):
    fake.profile = 'quay-3.18'
    first = run(app_module, dict(organization='org1', name='bot'), auth=ONLY_OIDC)
    second = run(app_module, dict(organization='org1', name='bot'), auth=ONLY_OIDC)
    assert first['changed'] and second['changed'] is False and second['client_id'] == first['client_id']
    assert fake.api_calls() == [('GET', 'oidc'), ('POST', 'oidc'), ('GET', 'oidc')]


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


@pytest.mark.parametrize('bootstrap', [False, True])
def test_app_create_with_a_password_goes_over_the_session_whatever_the_flag(run, fake, bootstrap):
    fake.bootstrap = bootstrap
    result = run(app_module, dict(organization='org1', name='bot'), auth=PASSWORD_AUTH)
    assert result['changed'] and result['client_id'] in fake.apps and result['client_secret']
    assert fake.api_calls() == [('GET', 'session'), ('POST', 'session')] and fake.signed_out == 1


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
