# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""quay_oauth_token's dest_mode, dest_owner, dest_group and token_kept; and the credential shield
the role relies on (empty-string credential options defeat QUAY_* in the environment)."""

from __future__ import annotations

import grp
import json
import os
import pwd
import stat

import pytest

from ansible_collections.projectquay.oauth.plugins.module_utils import _secret_file
from ansible_collections.projectquay.oauth.plugins.modules import quay_oauth_token as module
from ansible_collections.projectquay.oauth.tests.unit.plugins.fakequay import ADMIN_TOKEN

SCOPES = ['repo:read']
MY_GROUP = grp.getgrgid(os.getegid()).gr_name
MY_USER = pwd.getpwuid(os.geteuid()).pw_name


@pytest.fixture
def cid(fake):
    return fake.add_app('org1', 'deploy-bot')


def args(cid, dest, **more):
    base = dict(organization='org1', application=cid, name='ci', scopes=SCOPES, dest=str(dest))
    base.update(more)
    return base


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_temporary_file_has_the_final_mode_and_group_before_it_replaces_dest(run, cid, tmp_path, monkeypatch):
    dest = tmp_path / 'token.json'
    seen = []
    real_replace = os.replace

    def replace(src, dst):
        info = os.stat(src)
        seen.append((stat.S_IMODE(info.st_mode), info.st_gid, os.path.getsize(src) > 0))
        return real_replace(src, dst)

    monkeypatch.setattr(_secret_file.os, 'replace', replace)
    result = run(module, args(cid, dest, dest_mode='0640', dest_group=MY_GROUP))
    assert result['changed'] and result['token_kept'] is False
    # The secret was already in the temporary file, which already had the final attributes.
    assert seen == [(0o640, os.getegid(), True)]
    assert mode_of(dest) == 0o640 and os.stat(dest).st_gid == os.getegid()
    assert os.listdir(tmp_path) == ['token.json']


@pytest.mark.parametrize('mode', ['0644', '0604', '0601', '0o777', '4600', 'rw-------', '384', ''])
def test_a_mode_that_lets_other_in_or_is_no_octal_mode_fails_naming_dest_mode_before_any_request(run, fake, cid, tmp_path, mode):
    result = run(module, args(cid, tmp_path / 'token.json', dest_mode=mode))
    assert result['failed'] and result['option'] == 'dest_mode' and result['msg'].startswith('dest_mode: ')
    assert fake.calls == [] and os.listdir(tmp_path) == []


@pytest.mark.parametrize('option', ['dest_owner', 'dest_group'])
def test_an_unknown_owner_or_group_fails_naming_it_before_any_request(run, fake, cid, tmp_path, option):
    result = run(module, args(cid, tmp_path / 'token.json', **{option: 'no-such-principal-x9'}))
    assert result['failed'] and result['option'] == option
    assert "no-such-principal-x9" in result['msg'] and fake.calls == []


def test_owner_or_group_without_dest_fails_naming_it(run, fake, cid):
    result = run(module, dict(organization='org1', application=cid, name='ci', scopes=SCOPES, dest_group=MY_GROUP))
    assert result['failed'] and result['option'] == 'dest_group' and 'set dest' in result['msg']
    assert fake.calls == []


def test_a_kept_token_whose_file_mode_differs_is_fixed_and_check_mode_reports_it(run, fake, cid, tmp_path):
    dest = tmp_path / 'token.json'
    first = run(module, args(cid, dest))
    content = dest.read_text()
    os.chmod(dest, 0o644)  # say, an editor or a copy widened it
    checked = run(module, args(cid, dest), check_mode=True, diff=True)
    assert checked['changed'] and checked['token_kept'] is True and mode_of(dest) == 0o644
    assert checked['uuid'] == first['uuid'] and checked['revoked'] == [] and 'token' not in checked
    assert checked['reason'] == "dest's mode 0644 becomes 0600"
    assert checked['diff']['before']['dest']['mode'] == '0644' and checked['diff']['after']['dest']['mode'] == '0600'
    assert first['token'] not in json.dumps(checked)
    fixed = run(module, args(cid, dest), diff=True)
    assert fixed['changed'] and fixed['token_kept'] is True and mode_of(dest) == 0o600
    assert dest.read_text() == content and [t['uuid'] for t in fake.live(cid, 'ci')] == [first['uuid']]
    again = run(module, args(cid, dest, dest_mode='600'))
    assert again['changed'] is False and again['token_kept'] is True and 'reason' not in again


def test_a_kept_token_gets_the_group_and_a_wider_mode_asked_for(run, cid, tmp_path):
    dest = tmp_path / 'token.json'
    run(module, args(cid, dest))
    result = run(module, args(cid, dest, dest_mode='0640', dest_owner=MY_USER, dest_group=str(os.getegid())))
    assert result['changed'] and result['token_kept'] is True and mode_of(dest) == 0o640
    assert result['reason'] == "dest's mode 0600 becomes 0640"


@pytest.mark.skipif(os.geteuid() != 0, reason='changing a file owner needs root')
def test_as_root_a_kept_token_gets_another_owner_and_group(run, cid, tmp_path):
    dest = tmp_path / 'token.json'
    run(module, args(cid, dest))
    result = run(module, args(cid, dest, dest_owner='daemon', dest_group='1'), diff=True)
    info = os.stat(dest)
    assert result['changed'] and result['token_kept'] and (info.st_uid, info.st_gid) == (1, 1)
    assert result['diff']['after']['dest']['owner'] == 'daemon'
    assert mode_of(dest) == 0o600


def test_an_empty_credential_option_is_unset_and_defeats_the_environment(run, fake, cid, monkeypatch):
    # The role passes every credential option, "" for the unused ones, so that exported QUAY_* are ignored.
    monkeypatch.setenv('QUAY_USERNAME', 'someone')
    monkeypatch.setenv('QUAY_PASSWORD', 'wrong-password-from-env')
    monkeypatch.setenv('QUAY_OIDC_TOKEN', 'wrong-jwt-from-env')
    result = run(module, dict(organization='org1', application=cid, name='ci', scopes=SCOPES),
                 auth=dict(quay_token=ADMIN_TOKEN, quay_username='', quay_password='', quay_oidc_token=''))
    assert result['failed'] is False and result['changed']
    assert not [c for c in fake.calls if c['path'] == '/api/v1/signin']
    assert 'wrong-password-from-env' not in json.dumps(fake.calls)
    assert 'wrong-jwt-from-env' not in json.dumps(fake.calls)
