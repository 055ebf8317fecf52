# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from unittest.mock import patch

import pytest

from ansible_collections.projectquay.oauth.plugins.module_utils import _secret_file as secret_file
from ansible_collections.projectquay.oauth.plugins.modules import quay_oauth_token as module
from ansible_collections.projectquay.oauth.tests.unit.plugins.fakequay import OIDC_JWT, PASSWORD, FakeQuay

SCOPES = ['repo:read', 'repo:write']
METADATA = ('uuid', 'name', 'scope', 'expires_at', 'created', 'created_by', 'auth_method')


@pytest.fixture
def cid(fake):
    return fake.add_app('org1', 'deploy-bot')


def args(cid, **more):
    base = dict(organization='org1', application=cid, name='ci', scopes=SCOPES)
    base.update(more)
    return base


def test_creates_when_none_exists_and_returns_the_secret_once(run, fake, cid):
    result = run(module, args(cid, expiration='30d'))
    assert result['changed'] and not result['failed']
    assert result['token'].startswith('T') and result['revoked'] == []
    assert fake.calls[-1]['body'] == {'name': 'ci', 'scope': 'repo:read repo:write', 'expiration': 2592000}
    assert set(METADATA) <= set(result)
    assert fake.calls[-1]['auth'] == 'bearer'


def test_matching_token_is_kept_with_one_get_and_no_secret(run, fake, cid):
    uuid = fake.add_token(cid, 'ci', scope='repo:write repo:read')
    result = run(module, args(cid))
    assert result['changed'] is False
    assert result['uuid'] == uuid and 'token' not in result
    assert fake.methods() == [('GET', '/api/v1/organization/org1/applications/%s/tokens' % cid)]


def test_name_is_compared_as_quay_stores_it_trimmed(run, fake, cid):
    uuid = fake.add_token(cid, 'ci', scope='repo:read repo:write')
    result = run(module, args(cid, name=' ci '))
    assert result['changed'] is False and result['uuid'] == uuid


def test_scope_change_creates_the_new_token_before_revoking_the_old(run, fake, cid):
    old = fake.add_token(cid, 'ci', scope='repo:read')
    result = run(module, args(cid))
    assert result['changed'] and result['revoked'] == [old]
    assert [call['method'] for call in fake.calls] == ['GET', 'POST', 'DELETE']
    assert [t['uuid'] for t in fake.live(cid, 'ci')] == [result['uuid']]


def test_recreate_never_fails_clearly_and_changes_nothing(run, fake, cid):
    fake.add_token(cid, 'ci', scope='repo:read')
    result = run(module, args(cid, recreate='never'))
    assert result['failed'] and 'recreate=never' in result['msg']
    assert fake.changes() == []


def test_recreate_always_replaces_a_matching_token(run, fake, cid):
    old = fake.add_token(cid, 'ci', scope='repo:read repo:write')
    result = run(module, args(cid, recreate='always'))
    assert result['changed'] and result['revoked'] == [old]


def test_renew_before_replaces_a_token_about_to_expire(run, fake, cid):
    old = fake.add_token(cid, 'ci', scope='repo:read repo:write', expires_in=3600)
    assert run(module, args(cid, renew_before='30m'))['changed'] is False
    result = run(module, args(cid, renew_before='2h'))
    assert result['changed'] and result['revoked'] == [old]


@pytest.mark.parametrize('existing', [False, True])
def test_check_mode_reports_what_the_real_run_reports_and_changes_nothing(run, cid, existing):
    def prepare():
        quay = FakeQuay()
        quay.add_org('org1')
        quay.add_app('org1', 'deploy-bot', client_id=cid)
        if existing:
            quay.add_token(cid, 'ci', scope='repo:read')
        return quay

    checked_fake = prepare()
    real_fake = prepare()
    with patch.object(FakeQuay, 'open', checked_fake.open):
        checked = run(module, args(cid), check_mode=True)
    with patch.object(FakeQuay, 'open', real_fake.open):
        real = run(module, args(cid))
    assert checked_fake.changes() == []
    for key in ('changed', 'revoked', 'name', 'scope'):
        assert checked[key] == real[key]
    assert 'token' not in checked


def test_diff_shows_metadata_before_and_after_never_the_secret(run, fake, cid):
    old = fake.add_token(cid, 'ci', scope='repo:read')
    result = run(module, args(cid), diff=True)
    assert [t['uuid'] for t in result['diff']['before']['tokens']] == [old]
    assert [t['uuid'] for t in result['diff']['after']['tokens']] == [result['uuid']]
    assert result['token'] not in repr(result['diff'])


def test_failed_dest_write_withdraws_the_new_token_and_keeps_the_old(run, fake, cid, tmp_path):
    old = fake.add_token(cid, 'ci', scope='repo:read')
    with patch.object(secret_file, 'write_secret_file', side_effect=OSError(28, 'No space left on device')):
        result = run(module, args(cid, dest=str(tmp_path / 'token')))
    assert result['failed'] and result['msg'].startswith('dest:') and 'No space left' in result['msg']
    assert [t['uuid'] for t in fake.live(cid, 'ci')] == [old]


def test_absent_revokes_every_token_of_the_name_then_is_idempotent(run, fake, cid):
    uuids = [fake.add_token(cid, 'ci'), fake.add_token(cid, 'ci')]
    other = fake.add_token(cid, 'other')
    result = run(module, dict(organization='org1', application=cid, name='ci', state='absent'))
    assert result['changed'] and sorted(result['revoked']) == sorted(uuids)
    assert [t['uuid'] for t in fake.live(cid)] == [other]
    assert run(module, dict(organization='org1', application=cid, name='ci', state='absent'))['changed'] is False


def test_absent_by_uuid_revokes_only_that_one(run, fake, cid):
    keep = fake.add_token(cid, 'ci')
    gone = fake.add_token(cid, 'ci')
    result = run(module, dict(organization='org1', application=cid, uuid=gone, state='absent'))
    assert result['revoked'] == [gone]
    assert [t['uuid'] for t in fake.live(cid)] == [keep]


def test_application_given_by_name_is_resolved_to_its_client_id(run, fake, cid):
    result = run(module, args('deploy-bot'))
    assert result['changed']
    assert fake.calls[-1]['path'] == '/api/v1/organization/org1/applications/%s/tokens' % cid


PASSWORD_AUTH = dict(quay_username='admin', quay_password=PASSWORD)


@pytest.mark.parametrize('profile', ['proposal', 'quay-3.18'])
def test_username_password_sign_in_once_create_over_the_session_and_sign_out(run, fake, cid, profile):
    fake.profile = profile
    fake.rotate_csrf = profile == 'quay-3.18'
    result = run(module, args(cid), auth=PASSWORD_AUTH)
    assert result['changed'] and not result['failed'] and result['token']
    assert [(c['method'], c['path'].rsplit('/', 1)[-1], c['auth']) for c in fake.calls] == [
        ('GET', 'csrf_token', None), ('POST', 'signin', None), ('GET', 'tokens', 'session'), ('POST', 'tokens', 'session'),
        ('POST', 'signout', 'session')]
    assert all('Authorization' not in c['headers'] for c in fake.calls)
    again = run(module, args(cid), auth=PASSWORD_AUTH)
    assert again['changed'] is False and again['uuid'] == result['uuid']


def test_an_account_that_cannot_sign_in_mints_with_basic_on_the_proposal_then_cleans_up(run, fake, cid):
    fake.signin_users = set()
    old = fake.add_token(cid, 'ci', scope='org:admin')
    result = run(module, args(cid, scopes=['org:admin']), auth=PASSWORD_AUTH)
    assert result['changed'] and not result['failed'] and result['auth_method'] == 'basic'
    assert fake.api_calls() == [('POST', 'basic'), ('GET', 'minted:' + result['uuid']), ('DELETE', 'minted:' + result['uuid'])]
    assert result['revoked'] == [old] and [t['uuid'] for t in fake.live(cid, 'ci')] == [result['uuid']]
    assert result['warnings'] == [] and result['application_created'] is False


def test_a_name_with_a_create_only_credential_needs_org_admin_and_fails_before_any_change(run, fake, cid):
    result = run(module, args('deploy-bot'), auth=dict(quay_oidc_token=OIDC_JWT))
    assert result['failed'] and result['option'] == 'scopes'
    assert result['msg'].startswith('scopes: with a credential that can only create (quay_oidc_token:')
    assert 'add org:admin to scopes, or give a credential that can read' in result['msg']
    assert fake.changes() == []


def test_a_wrong_password_on_quay_318_is_one_line_naming_both_attempts(run, fake, cid):
    fake.profile = 'quay-3.18'
    result = run(module, args(cid, scopes=['org:admin']), auth=dict(quay_username='admin', quay_password='wrong-password'))
    assert result['failed'] and result['status'] == 403 and '\n' not in result['msg']
    assert result['cause'] == 'credentials_refused' and 'retry_after' not in result
    assert result['msg'] == (
        "wrong username or password for quay_username 'admin': Quay answered "
        'POST /api/v1/organization/org1/applications/%s/tokens failed with HTTP 403: CSRF token was invalid or missing. '
        'This Quay has no Basic bootstrap; sign-in for a session failed: Invalid username or password' % cid)
    assert 'wrong-password' not in repr(result) and fake.tokens == []


def test_oidc_alone_creates_and_cleans_up_when_the_server_refuses_it_for_reading(run, fake, cid):
    result = run(module, args(cid, scopes=['org:admin', 'repo:read']), auth=dict(quay_oidc_token=OIDC_JWT))
    assert result['changed'] and result['auth_method'] == 'oidc' and result['warnings'] == []
    assert fake.api_calls() == [('GET', 'oidc'), ('POST', 'oidc'), ('GET', 'minted:' + result['uuid'])]


def test_oidc_alone_is_idempotent_where_quay_accepts_it_on_every_call(run, fake, cid):
    fake.profile = 'quay-3.18'
    first = run(module, args(cid), auth=dict(quay_oidc_token=OIDC_JWT))
    second = run(module, args(cid), auth=dict(quay_oidc_token=OIDC_JWT))
    assert first['changed'] and second['changed'] is False and first['warnings'] == []
    assert fake.api_calls() == [('GET', 'oidc'), ('POST', 'oidc'), ('GET', 'oidc')]


def test_a_new_token_without_scopes_fails_naming_the_option_before_creating(run, fake, cid):
    result = run(module, dict(organization='org1', application=cid, name='ci'))
    assert result['failed'] and result['msg'].startswith('scopes: required to create token') and fake.changes() == []


def test_a_replacement_without_scopes_keeps_the_scopes_of_the_token_it_replaces(run, fake, cid):
    old = fake.add_token(cid, 'ci', scope='repo:write repo:read', expires_in=60)
    result = run(module, dict(organization='org1', application=cid, name='ci', renew_before='1h'))
    assert result['changed'] and result['revoked'] == [old]
    assert fake.calls[-2]['body'] == {'name': 'ci', 'scope': 'repo:write repo:read'}


@pytest.mark.parametrize('field', ['expires_at', 'created'])
def test_a_time_that_cannot_be_read_fails_showing_the_value(run, fake, cid, field):
    uuid = fake.add_token(cid, 'ci', scope='repo:read repo:write')
    fake.tokens[0][field] = 'Tue, 01 Dec 2026 22:30:01'
    result = run(module, args(cid, renew_before='1d'))
    assert result['failed'] and result['msg'] == (
        "token %s: the server sent %s 'Tue, 01 Dec 2026 22:30:01' is not an ISO 8601 time like "
        "2026-12-01T22:30:01.123456Z" % (uuid, field))
    assert fake.changes() == []


def test_an_application_name_costs_one_listing_call_and_no_404(run, fake, cid):
    run(module, args('deploy-bot'))
    assert fake.methods()[:2] == [('GET', '/api/v1/organization/org1/applications'),
                                  ('GET', '/api/v1/organization/org1/applications/%s/tokens' % cid)]


@pytest.mark.parametrize('more, option', [
    (dict(state='absent'), 'quay_oidc_token'),
    (dict(recreate='never'), 'recreate'),
])
def test_oidc_alone_refused_for_reading_fails_what_needs_a_lookup(run, fake, cid, more, option):
    result = run(module, args(cid, **more), auth=dict(quay_oidc_token=OIDC_JWT))
    assert result['failed'] and result['msg'].startswith(option)
    assert fake.api_calls() == [('GET', 'oidc')]


@pytest.mark.parametrize('more, option', [
    (dict(expiration='3x'), 'expiration'),
    (dict(expiration=0), 'expiration'),
    (dict(renew_before='soon'), 'renew_before'),
    (dict(scopes=['repo:read', 'repo:everything']), 'scopes'),
    (dict(scopes=[]), 'scopes'),
    (dict(recreate='sometimes'), 'recreate'),
    (dict(dest='/nonexistent-dir/token'), 'dest'),
    (dict(quay_host='ftp://quay'), 'quay_host'),
    (dict(timeout=0), 'timeout'),
    (dict(state='absent', expiration='forever'), 'expiration'),
    (dict(name=None), 'name'),
    (dict(name='   '), 'name'),
])
def test_bad_option_values_fail_before_any_request_naming_the_option(run, fake, cid, more, option):
    result = run(module, args(cid, **more))
    assert result['failed'] and option in result['msg']
    assert fake.calls == []


def test_http_errors_become_one_readable_message(run, fake, cid):
    result = run(module, args(cid, organization='nope'))
    assert result['failed'] and result['status'] == 404
    assert 'GET /api/v1/organization/nope/applications failed with HTTP 404' in result['msg']
    result = run(module, args(cid), auth=dict(quay_token='not-a-valid-token'))
    assert result['status'] == 401 and 'not-a-valid-token' not in result['msg']
