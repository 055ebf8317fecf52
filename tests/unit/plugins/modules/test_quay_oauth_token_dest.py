# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""quay_oauth_token's dest: the stored token that knows which token it is."""

from __future__ import annotations

import json
import os
import stat

import pytest

from ansible_collections.projectquay.oauth.plugins.modules import quay_oauth_token as module

SCOPES = ['repo:read', 'repo:write']
LISTING = '/api/v1/organization/org1/applications/%s/tokens'


@pytest.fixture
def cid(fake):
    return fake.add_app('org1', 'deploy-bot')


def args(cid, dest, **more):
    base = dict(organization='org1', application=cid, name='ci', scopes=SCOPES, dest=str(dest))
    base.update(more)
    return base


def stored(dest):
    return json.loads(dest.read_text())


def revoke_behind_the_back(fake, uuid):
    fake.tokens = [t for t in fake.tokens if t['uuid'] != uuid]


def test_json_is_quays_start_up_file_format_with_the_identity(run, fake, cid, tmp_path):
    dest = tmp_path / 'token.json'
    result = run(module, args(cid, dest))
    raw = dest.read_text()
    # Quay's own file: {"access_token": "..."} first, its separators, no trailing newline.
    assert raw.startswith('{"access_token": "%s", ' % result['token']) and not raw.endswith('\n')
    assert stored(dest) == {'access_token': result['token'], 'uuid': result['uuid'], 'name': 'ci',
                            'scope': 'repo:read repo:write', 'expires_at': result['expires_at'],
                            'quay_host': 'http://quay.test'}
    assert stat.S_IMODE(os.stat(dest).st_mode) == 0o600
    assert os.listdir(tmp_path) == ['token.json']  # no temp file left behind
    assert result['reason'] == "no token named 'ci' exists"


def test_a_stored_uuid_still_live_is_kept_with_the_one_listing_request(run, fake, cid, tmp_path):
    dest = tmp_path / 'token.json'
    first = run(module, args(cid, dest))
    content = dest.read_text()
    fake.calls.clear()
    again = run(module, args(cid, dest, scopes=['repo:write', 'repo:read']), diff=True)
    assert again['changed'] is False and again['uuid'] == first['uuid'] and 'token' not in again
    assert fake.methods() == [('GET', LISTING % cid)]
    assert dest.read_text() == content
    assert again['diff']['before']['dest'] == again['diff']['after']['dest']
    assert dict((k, again['diff']['after']['dest'][k]) for k in ('format', 'uuid', 'name', 'mode')) == {
        'format': 'json', 'uuid': first['uuid'], 'name': 'ci', 'mode': '0600'}


def test_a_stored_token_revoked_and_re_created_behind_the_back_is_replaced_and_the_reason_given(run, fake, cid, tmp_path):
    dest = tmp_path / 'token.json'
    first = run(module, args(cid, dest))
    # Someone else revokes the stored token and mints another of the same name and scopes:
    # the listing still shows a matching "ci", but not the one whose secret dest holds.
    revoke_behind_the_back(fake, first['uuid'])
    other = fake.add_token(cid, 'ci', scope='repo:read repo:write')
    second = run(module, args(cid, dest), diff=True)
    assert second['changed'] and second['revoked'] == [other]
    assert second['reason'] == 'the stored token %s is no longer live' % first['uuid']
    assert stored(dest)['uuid'] == second['uuid'] != first['uuid']
    assert stored(dest)['access_token'] == second['token']
    assert second['token'] not in json.dumps(second['diff'])
    assert second['diff']['after']['dest']['uuid'] == second['uuid']
    assert [t['uuid'] for t in fake.live(cid, 'ci')] == [second['uuid']]
    assert run(module, args(cid, dest))['changed'] is False


def test_check_mode_reports_the_replacement_and_writes_nothing(run, fake, cid, tmp_path):
    dest = tmp_path / 'token.json'
    first = run(module, args(cid, dest))
    revoke_behind_the_back(fake, first['uuid'])
    content = dest.read_text()
    fake.calls.clear()
    checked = run(module, args(cid, dest), check_mode=True)
    assert checked['changed'] and checked['reason'].startswith('the stored token %s' % first['uuid'])
    assert dest.read_text() == content and fake.changes() == []
    fresh = tmp_path / 'new.json'
    assert run(module, args(cid, fresh, name='other'), check_mode=True)['changed'] and not fresh.exists()


@pytest.mark.parametrize('scopes', [SCOPES, ['org:admin']], ids=['live, without org:admin (403)', 'live, listing (200)'])
def test_text_keeps_the_bare_secret_and_checks_it_with_one_call(run, fake, cid, tmp_path, scopes):
    dest = tmp_path / 'token'
    first = run(module, args(cid, dest, scopes=scopes, dest_format='text'))
    assert dest.read_text() == first['token'] + '\n'
    fake.calls.clear()
    again = run(module, args(cid, dest, scopes=scopes, dest_format='text'))
    assert again['changed'] is False and again['uuid'] == first['uuid']
    assert fake.methods() == [('GET', LISTING % cid)] * 2
    assert fake.calls[1]['auth'] == 'minted:' + first['uuid']


def test_a_refused_text_secret_is_replaced_and_the_reason_given(run, fake, cid, tmp_path):
    dest = tmp_path / 'token'
    dest.write_text('DEADSECRET0000000000000000000000000000000\n')
    old = fake.add_token(cid, 'ci', scope='repo:read repo:write')
    result = run(module, args(cid, dest, dest_format='text'))
    assert result['changed'] and result['revoked'] == [old]
    assert result['reason'] == 'the secret in dest is no longer accepted by Quay (revoked or expired)'
    assert dest.read_text() == result['token'] + '\n'


def test_quays_own_file_is_kept_as_text_once_its_secret_is_checked(run, fake, cid, tmp_path):
    dest = tmp_path / 'quay-token.json'
    fake.add_token(cid, 'ci', scope='repo:read repo:write', secret='Q' * 40)
    dest.write_text('{"access_token": "%s"}' % ('Q' * 40))
    result = run(module, args(cid, dest, dest_format='text'))
    assert result['changed'] and result['reason'].startswith('dest is rewritten as dest_format=text')
    assert dest.read_text() == 'Q' * 40 + '\n' and fake.changes() == []


def test_a_bare_secret_with_json_gets_a_new_token_once_to_learn_its_identity(run, fake, cid, tmp_path):
    dest = tmp_path / 'token'
    old = fake.add_token(cid, 'ci', scope='repo:read repo:write', secret='K' * 40)
    dest.write_text('K' * 40 + '\n')
    result = run(module, args(cid, dest))
    assert result['changed'] and result['revoked'] == [old] and 'records no token uuid' in result['reason']
    assert stored(dest)['uuid'] == result['uuid']


def test_a_json_file_asked_for_as_text_is_rewritten_with_the_same_token(run, fake, cid, tmp_path):
    dest = tmp_path / 'token'
    first = run(module, args(cid, dest))
    fake.calls.clear()
    result = run(module, args(cid, dest, dest_format='text'))
    assert result['changed'] and result['uuid'] == first['uuid'] and result['revoked'] == []
    assert dest.read_text() == first['token'] + '\n' and fake.changes() == []


def test_a_file_of_another_server_means_a_new_token(run, fake, cid, tmp_path):
    dest = tmp_path / 'token.json'
    first = run(module, args(cid, dest))
    dest.write_text(json.dumps(dict(stored(dest), quay_host='https://other.example.com')))
    result = run(module, args(cid, dest))
    assert result['changed'] and result['revoked'] == [first['uuid']]
    assert 'https://other.example.com' in result['reason']


@pytest.mark.parametrize('content, problem', [
    (b'{"access_token": "SECRETXYZ", ', 'invalid JSON'),
    (b'{"uuid": "u1", "name": "ci"}', 'no "access_token"'),
    (b'["SECRETXYZ"]', 'the JSON is not an object'),
    (b'{"access_token": "SECRETXYZ", "uuid": 7}', '"uuid" is not a string'),
    (b'SECRETXYZ and more words\n', 'neither a JSON object'),
    (b'\xffSECRETXYZ\xfe', 'not UTF-8'),
])
def test_a_file_that_cannot_be_read_fails_naming_dest_and_the_problem_before_any_request(run, fake, cid, tmp_path,
                                                                                         content, problem):
    dest = tmp_path / 'token'
    dest.write_bytes(content)
    for state in ('present', 'absent'):
        result = run(module, args(cid, dest, state=state))
        assert result['failed'] and result['option'] == 'dest'
        assert result['msg'].startswith('dest: %s cannot be read as a stored token: ' % dest) and problem in result['msg']
        assert 'SECRETXYZ' not in repr(result)
    assert fake.calls == [] and dest.read_bytes() == content


def test_absent_removes_the_file_of_the_revoked_token_and_check_mode_keeps_it(run, fake, cid, tmp_path):
    dest = tmp_path / 'token.json'
    first = run(module, args(cid, dest))
    checked = run(module, args(cid, dest, state='absent'), check_mode=True, diff=True)
    assert checked['changed'] and checked['dest_removed'] is True and dest.exists()
    assert checked['diff']['before']['dest']['uuid'] == first['uuid'] and checked['diff']['after']['dest'] is None
    gone = run(module, args(cid, dest, state='absent'))
    assert gone['changed'] and gone['revoked'] == [first['uuid']] and gone['dest_removed'] is True
    assert not dest.exists()
    again = run(module, args(cid, dest, state='absent'))
    assert again['changed'] is False and again['dest_removed'] is False


def test_absent_removes_a_file_whose_token_is_already_gone(run, fake, cid, tmp_path):
    dest = tmp_path / 'token.json'
    first = run(module, args(cid, dest))
    revoke_behind_the_back(fake, first['uuid'])
    result = run(module, args(cid, dest, state='absent'))
    assert result['changed'] and result['revoked'] == [] and not dest.exists()


def test_absent_by_uuid_keeps_the_file_of_another_live_token(run, fake, cid, tmp_path):
    dest = tmp_path / 'token.json'
    first = run(module, args(cid, dest))
    other = fake.add_token(cid, 'ci')
    result = run(module, dict(organization='org1', application=cid, uuid=other, state='absent', dest=str(dest)))
    assert result['revoked'] == [other] and result['dest_removed'] is False
    assert stored(dest)['uuid'] == first['uuid']


def test_absent_by_name_removes_a_bare_secret(run, fake, cid, tmp_path):
    dest = tmp_path / 'token'
    run(module, args(cid, dest, dest_format='text'))
    result = run(module, args(cid, dest, state='absent', dest_format='text'))
    assert result['changed'] and result['dest_removed'] is True and not dest.exists()
