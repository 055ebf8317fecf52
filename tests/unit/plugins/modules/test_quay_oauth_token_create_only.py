# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""quay_oauth_token with a credential that can only create (quayref's proposal profile: HTTP Basic
from an account that cannot sign in, a JWT taken on create calls only): it creates, then cleans up
with the new token, so that no run leaves a duplicate application or a second live token."""

from __future__ import annotations

import json
from unittest.mock import patch

import pytest

from ansible_collections.projectquay.oauth.plugins.module_utils import _secret_file as secret_file
from ansible_collections.projectquay.oauth.plugins.modules import quay_oauth_token as module
from ansible_collections.projectquay.oauth.tests.unit.plugins.fakequay import OIDC_JWT, PASSWORD

BASIC = dict(quay_username='admin', quay_password=PASSWORD)
JWT = dict(quay_oidc_token=OIDC_JWT)
SCOPES = ['org:admin', 'repo:read']


@pytest.fixture
def basic_only(fake):
    # The proposal's LDAP service account: no session, HTTP Basic on the create calls.
    fake.signin_users = set()
    return fake


def args(application='deploy-bot', **more):
    base = dict(organization='org1', application=application, name='ci', scopes=SCOPES)
    base.update(more)
    return base


def apps_named(fake, name='deploy-bot'):
    return [cid for cid, app in fake.apps.items() if app['name'] == name]


def live_ci(fake):
    return [t['uuid'] for t in fake.tokens if t['name'] == 'ci']


@pytest.mark.parametrize('auth', [BASIC, JWT], ids=['basic', 'oidc'])
def test_by_name_on_an_empty_organization_creates_the_application_and_its_token_once(run, basic_only, auth):
    first = run(module, args(), auth=auth)
    assert first['changed'] and first['application_created'] is True and first['revoked'] == []
    assert len(apps_named(basic_only)) == 1 and live_ci(basic_only) == [first['uuid']]
    second = run(module, args(), auth=auth)
    assert second['changed'] and second['application_created'] is False and second['revoked'] == [first['uuid']]
    assert apps_named(basic_only) == [basic_only.tokens[0]['client_id']] and live_ci(basic_only) == [second['uuid']]
    assert second['warnings'] == []


def test_by_name_where_the_application_exists_adds_no_duplicate_and_leaves_one_live_token(run, basic_only, tmp_path):
    kept = basic_only.add_app('org1', 'deploy-bot')
    older = [basic_only.add_token(kept, 'ci', scope='org:admin'), basic_only.add_token(kept, 'ci', scope='repo:read')]
    other = basic_only.add_token(kept, 'other')
    dest = tmp_path / 'token.json'
    result = run(module, args(dest=str(dest)), auth=BASIC, diff=True)
    assert result['changed'] and sorted(result['revoked']) == sorted(older) and result['application_created'] is False
    assert apps_named(basic_only) == [kept] and live_ci(basic_only) == [result['uuid']]
    assert [t['uuid'] for t in basic_only.live(kept)] == [result['uuid'], other]
    assert json.loads(dest.read_text())['uuid'] == result['uuid'] and json.loads(dest.read_text())['access_token'] == result['token']
    assert result['reason'].startswith('this credential cannot list tokens')
    assert sorted(t['uuid'] for t in result['diff']['before']['tokens']) == sorted(older)
    assert result['token'] not in json.dumps(result['diff'])
    # The create calls went out with HTTP Basic; what looked and cleaned up, with the new tokens.
    assert [auth for _method, auth in basic_only.api_calls()][:2] == ['basic', 'basic']
    assert not any(auth == 'basic' for method, auth in basic_only.api_calls() if method in ('GET', 'DELETE'))


def test_the_first_listed_application_is_kept_where_duplicates_already_exist(run, basic_only):
    first, second = basic_only.add_app('org1', 'deploy-bot'), basic_only.add_app('org1', 'deploy-bot')
    result = run(module, args(), auth=BASIC)
    assert apps_named(basic_only) == [first, second] and live_ci(basic_only) == [result['uuid']]
    assert basic_only.tokens[0]['client_id'] == first


def test_by_client_id_mints_there_and_revokes_the_older_tokens(run, basic_only):
    cid = basic_only.add_app('org1', 'deploy-bot')
    old = basic_only.add_token(cid, 'ci', scope='org:admin')
    result = run(module, args(cid), auth=BASIC)
    assert result['revoked'] == [old] and live_ci(basic_only) == [result['uuid']] and apps_named(basic_only) == [cid]
    assert result['application_created'] is False


@pytest.mark.parametrize('application', ['deploy-bot', 'CLIENT00000000000099'], ids=['name', 'client_id'])
@pytest.mark.parametrize('scopes', [['repo:read'], None], ids=['without org:admin', 'no scopes'])
def test_without_org_admin_it_fails_before_any_post(run, basic_only, application, scopes):
    given = args(application, scopes=scopes)
    if scopes is None:
        del given['scopes']
    result = run(module, given, auth=BASIC)
    assert result['failed'] and result.get('option') == 'scopes', result['msg']
    assert 'can only create' in result['msg'] and 'add org:admin' in result['msg']
    assert PASSWORD not in json.dumps(result)
    assert not any(c['method'] == 'POST' and c['path'] != '/api/v1/signin' for c in basic_only.calls)


@pytest.mark.parametrize('more, option', [(dict(uuid='u-1'), 'uuid'), (dict(recreate='never'), 'recreate')])
def test_what_needs_a_lookup_first_fails_before_any_change(run, basic_only, more, option):
    result = run(module, args(**more), auth=BASIC)
    assert result['failed'] and result['option'] == option and basic_only.changes() == []


def test_check_mode_changes_nothing_and_says_why_it_reports_a_change(run, basic_only):
    result = run(module, args(), auth=BASIC, check_mode=True)
    assert result['changed'] and result['reason'].startswith('a credential that can only create always creates')
    assert basic_only.changes() == [] and basic_only.apps == {}


def test_a_new_token_that_cannot_list_is_undone_and_the_error_says_so(run, basic_only):
    basic_only.minted_refused = ('GET',)
    result = run(module, args(), auth=BASIC)
    assert result['failed'] and 'HTTP 403' in result['msg'] and 'undone: application' in result['msg']
    assert basic_only.apps == {} and basic_only.tokens == []


def test_what_cannot_be_undone_is_named_as_left_behind(run, basic_only):
    basic_only.minted_refused = ('GET', 'DELETE')
    result = run(module, args(), auth=BASIC)
    assert result['failed'] and 'left behind, remove with a credential that can read: application' in result['msg']
    created = list(basic_only.apps)
    assert len(created) == 1 and created[0] in result['msg'] and basic_only.tokens[0]['uuid'] in result['msg']


def test_a_client_id_token_that_cannot_list_is_revoked_again(run, basic_only):
    cid = basic_only.add_app('org1', 'deploy-bot')
    old = basic_only.add_token(cid, 'ci', scope='org:admin')
    basic_only.minted_refused = ('GET',)
    result = run(module, args(cid), auth=BASIC)
    assert result['failed'] and 'undone: token' in result['msg'] and live_ci(basic_only) == [old]


def test_a_failed_dest_write_withdraws_what_this_run_created_and_keeps_the_old(run, basic_only, tmp_path):
    kept = basic_only.add_app('org1', 'deploy-bot')
    old = basic_only.add_token(kept, 'ci', scope='org:admin')
    with patch.object(secret_file, 'write_secret_file', side_effect=OSError(28, 'No space left on device')):
        result = run(module, args(dest=str(tmp_path / 'token')), auth=BASIC)
    assert result['failed'] and result['option'] == 'dest' and 'No space left' in result['msg'] and 'undone: token' in result['msg']
    assert apps_named(basic_only) == [kept] and live_ci(basic_only) == [old]
