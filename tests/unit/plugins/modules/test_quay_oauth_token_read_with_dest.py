# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""quay_oauth_token's read_with_dest: the stored token lists first, the credentials only if it cannot."""

from __future__ import annotations

import json

import pytest

from ansible_collections.projectquay.oauth.plugins.modules import quay_oauth_token as module
from ansible_collections.projectquay.oauth.tests.unit.plugins.fakequay import PASSWORD

LISTING = '/api/v1/organization/org1/applications/%s/tokens'
NO_CREDENTIALS = {}


@pytest.fixture
def cid(fake):
    return fake.add_app('org1', 'deploy-bot')


def args(cid, dest, **more):
    base = dict(organization='org1', application=cid, name='ci', scopes=['org:admin'], dest=str(dest), read_with_dest=True)
    base.update(more)
    return base


@pytest.mark.parametrize('dest_format', ['json', 'text'])
def test_an_idempotent_run_is_one_request_with_the_stored_token_and_no_credential_option(run, fake, cid, tmp_path,
                                                                                         dest_format):
    dest = tmp_path / 'token'
    first = run(module, args(cid, dest, dest_format=dest_format))
    fake.calls.clear()
    again = run(module, args(cid, dest, dest_format=dest_format), auth=NO_CREDENTIALS)
    assert again['changed'] is False and again['uuid'] == first['uuid'] and not again['failed']
    assert fake.methods() == [('GET', LISTING % cid)]
    assert fake.calls[0]['auth'] == 'minted:' + first['uuid']


def test_with_credentials_given_an_idempotent_run_still_reads_with_the_stored_token_only(run, fake, cid, tmp_path):
    dest = tmp_path / 'token'
    first = run(module, args(cid, dest, dest_format='text'))
    fake.calls.clear()
    assert run(module, args(cid, dest, dest_format='text'))['changed'] is False
    assert [c['auth'] for c in fake.calls] == ['minted:' + first['uuid']]


@pytest.mark.parametrize('dest_format', ['json', 'text'])
def test_a_stored_token_revoked_behind_the_back_is_replaced_with_the_credentials(run, fake, cid, tmp_path, dest_format):
    dest = tmp_path / 'token'
    first = run(module, args(cid, dest, dest_format=dest_format))
    fake.tokens = [t for t in fake.tokens if t['uuid'] != first['uuid']]
    other = fake.add_token(cid, 'ci', scope='org:admin')
    fake.calls.clear()
    second = run(module, args(cid, dest, dest_format=dest_format))
    assert second['changed'] and second['revoked'] == [other]
    assert second['reason'] == 'the secret in dest is no longer accepted by Quay (revoked or expired)'
    assert [c['auth'] for c in fake.calls] == ['bad', 'bearer', 'bearer', 'bearer']
    assert [t['uuid'] for t in fake.live(cid, 'ci')] == [second['uuid']]
    written = dest.read_text()
    assert second['token'] in written and (dest_format == 'text' or json.loads(written)['uuid'] == second['uuid'])


def test_check_mode_tells_whether_the_stored_token_is_good_without_changing_anything(run, fake, cid, tmp_path):
    dest = tmp_path / 'token'
    first = run(module, args(cid, dest))
    fake.calls.clear()
    good = run(module, args(cid, dest), check_mode=True, auth=NO_CREDENTIALS)
    assert good['changed'] is False and good['uuid'] == first['uuid']
    stale = run(module, args(cid, dest, renew_before='400d'), check_mode=True, auth=NO_CREDENTIALS)
    assert stale['changed'] and 'within renew_before' in stale['reason']
    fake.tokens = []
    content = dest.read_text()
    dead = run(module, args(cid, dest), check_mode=True)
    assert dead['changed'] and dead['reason'].startswith('the secret in dest is no longer accepted')
    assert fake.changes() == [] and dest.read_text() == content


def test_a_live_stored_token_without_org_admin_is_accepted_and_the_credentials_list(run, fake, cid, tmp_path):
    dest = tmp_path / 'token'
    first = run(module, args(cid, dest, scopes=['repo:read'], dest_format='text'))
    fake.calls.clear()
    again = run(module, args(cid, dest, scopes=['repo:read'], dest_format='text'))
    assert again['changed'] is False and again['uuid'] == first['uuid']
    # The 403 proved the secret live: no second call with it.
    assert [c['auth'] for c in fake.calls] == ['minted:' + first['uuid'], 'bearer']


@pytest.mark.parametrize('scopes, why', [(['org:admin'], 'no longer accepts'), (['repo:read'], 'cannot list')])
def test_no_credential_option_and_a_stored_token_that_cannot_list_fails_naming_read_with_dest(run, fake, cid, tmp_path,
                                                                                              scopes, why):
    dest = tmp_path / 'token'
    run(module, args(cid, dest, scopes=scopes))
    if why == 'no longer accepts':
        fake.tokens = []
    fake.calls.clear()
    result = run(module, args(cid, dest, scopes=scopes), auth=NO_CREDENTIALS)
    assert result['failed'] and result['option'] == 'read_with_dest' and why in result['msg']
    assert 'quay_token' in result['msg'] and fake.changes() == []


def test_no_credential_option_and_a_token_to_replace_fails_naming_read_with_dest(run, fake, cid, tmp_path):
    dest = tmp_path / 'token'
    run(module, args(cid, dest))
    fake.calls.clear()
    result = run(module, args(cid, dest, renew_before='400d'), auth=NO_CREDENTIALS)
    assert result['failed'] and result['option'] == 'read_with_dest' and fake.changes() == []


def test_without_read_with_dest_a_credential_option_is_still_required(run, fake, cid, tmp_path):
    result = run(module, args(cid, tmp_path / 'token', read_with_dest=False), auth=NO_CREDENTIALS)
    assert result['failed'] and result['msg'].startswith('quay_token: no credentials') and fake.calls == []


def test_absent_reads_with_the_stored_token_and_revokes_with_the_credentials(run, fake, cid, tmp_path):
    dest = tmp_path / 'token'
    first = run(module, args(cid, dest))
    fake.calls.clear()
    gone = run(module, args(cid, dest, state='absent'))
    assert gone['revoked'] == [first['uuid']] and gone['dest_removed'] is True
    assert [c['auth'] for c in fake.calls] == ['minted:' + first['uuid'], 'bearer']


def test_absent_without_a_credential_option_fails_before_revoking(run, fake, cid, tmp_path):
    dest = tmp_path / 'token'
    first = run(module, args(cid, dest))
    fake.calls.clear()
    result = run(module, args(cid, dest, state='absent'), auth=NO_CREDENTIALS)
    assert result['failed'] and result['option'] == 'read_with_dest' and fake.changes() == []
    assert [t['uuid'] for t in fake.live(cid)] == [first['uuid']] and dest.exists()


def test_a_create_only_credential_replaces_what_the_stored_token_read_and_the_new_token_revokes(run, fake, cid, tmp_path):
    dest = tmp_path / 'token'
    first = run(module, args(cid, dest))
    fake.signin_users = set()
    fake.calls.clear()
    result = run(module, args(cid, dest, renew_before='400d'), auth=dict(quay_username='admin', quay_password=PASSWORD))
    assert result['changed'] and result['revoked'] == [first['uuid']] and [t['uuid'] for t in fake.live(cid, 'ci')] == [result['uuid']]
    assert [auth for _method, auth in fake.api_calls()] == ['minted:' + first['uuid'], 'basic', 'minted:' + result['uuid']]
