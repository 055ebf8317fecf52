# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check mode on an empty Quay: the organization or the application an earlier task of the play
creates does not exist yet. Check mode predicts; a real run fails naming the option and what to do."""

from __future__ import annotations

import json

import pytest

from ansible_collections.projectquay.oauth.plugins.modules import quay_oauth_application, quay_oauth_token

TOKEN = dict(organization='platform', application='deploy-bot', name='ci', scopes=['repo:read'])


@pytest.fixture(params=[404, 403], ids=['superuser-404', 'non-superuser-403'])
def empty(fake, request):
    # Quay 3.18 answers a missing organization's applications 404, or 403 to a non-superuser
    # (its right is checked first); the organization's own view answers 404 to anyone.
    fake.missing_org_status = request.param
    return fake


def test_check_mode_predicts_the_token_of_an_organization_that_does_not_exist_yet(run, empty, tmp_path):
    dest = tmp_path / 'token.json'
    result = run(quay_oauth_token, dict(TOKEN, dest=str(dest)), check_mode=True, diff=True)
    assert result['failed'] is False and result['changed'] is True and result['token_kept'] is False
    assert result['reason'] == "organization 'platform' does not exist yet"
    assert result['name'] == 'ci' and result['scope'] == 'repo:read' and result['uuid'] is None
    assert result['diff']['before']['tokens'] == [] and result['diff']['after']['dest']['mode'] == '0600'
    assert not dest.exists() and empty.changes() == []


def test_check_mode_with_read_with_dest_and_no_organization_yet_does_not_fail(run, empty, tmp_path):
    result = run(quay_oauth_token, dict(TOKEN, dest=str(tmp_path / 'token'), dest_format='text', read_with_dest=True),
                 check_mode=True)
    assert result['failed'] is False and result['changed'] is True
    assert result['reason'] == "organization 'platform' does not exist yet"


def test_check_mode_predicts_the_token_of_an_application_that_does_not_exist_yet(run, fake):
    fake.add_org('platform')
    result = run(quay_oauth_token, TOKEN, check_mode=True)
    assert result['failed'] is False and result['changed'] is True
    assert result['reason'] == "application 'deploy-bot' does not exist yet in organization 'platform'"
    assert fake.changes() == []


def test_a_real_run_without_the_organization_fails_naming_it_and_what_to_do(run, empty):
    result = run(quay_oauth_token, TOKEN)
    assert result['failed'] and result['option'] == 'organization'
    assert "organization 'platform' does not exist yet: create it first (projectquay.oauth.quay_organization)" \
        in result['msg']
    assert '\n' not in result['msg'] and empty.changes() == []


def test_a_real_run_without_the_application_fails_naming_it_and_what_to_do(run, fake):
    fake.add_org('platform')
    result = run(quay_oauth_token, TOKEN)
    assert result['failed'] and result['option'] == 'application'
    assert result['msg'].startswith("application: no application with client_id or name 'deploy-bot'")
    assert 'quay_oauth_application' in result['msg']


def test_application_check_mode_predicts_the_creation_in_an_organization_that_does_not_exist_yet(run, empty):
    result = run(quay_oauth_application, dict(organization='platform', name='deploy-bot'), check_mode=True, diff=True)
    assert result['failed'] is False and result['changed'] is True
    assert result['name'] == 'deploy-bot' and result['client_id'] is None
    assert result['diff'] == {'before': {}, 'after': dict(result['diff']['after'], name='deploy-bot')}
    assert empty.changes() == []
    real = run(quay_oauth_application, dict(organization='platform', name='deploy-bot'))
    assert real['failed'] and real['option'] == 'organization'
    assert "organization 'platform' does not exist yet" in real['msg'] and 'secret' not in json.dumps(real).lower()
