# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource layer's verbs against Project Quay 3.18's recorded answers.

Each test names the exchanges a verb must make (Replay checks method, path, query and body of
every request against the recording) and asserts what the verb makes of the answer: the view
it returns, "already exists" / "already gone" read as such, or the one-line error it raises.
"""

from __future__ import annotations

import pytest

from ansible_collections.projectquay.oauth.plugins.module_utils._application_api import Applications
from ansible_collections.projectquay.oauth.plugins.module_utils._organization_api import Organizations
from ansible_collections.projectquay.oauth.plugins.module_utils._token_api import Tokens
from ansible_collections.projectquay.oauth.plugins.module_utils.client import QuayClient
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayApiError, QuayOptionError
from ansible_collections.projectquay.oauth.tests.unit.plugins.replay import BASE_URL, EXCHANGES, Replay

ORG = '2-organization#%d'
APP = '3-applications#%d'
TOK = '4a-tokens-bearer#%d'
PAGE = '4b-tokens-paging#%d'


def replayed(*refs, **kwargs):
    """(replay, client) serving ``refs`` in order to a quay_token client."""
    replay = Replay(refs, **kwargs)
    return replay, QuayClient(BASE_URL, token=replay.fill('<TOKEN:admin-all>'), request=replay)


def done(replay):
    assert replay.script == [], 'exchanges the verb did not make: %s' % replay.script


# -- organizations -------------------------------------------------------------------

def test_create_organization_sends_name_and_email_and_reports_created():
    replay, client = replayed(ORG % 0)
    assert Organizations(client).create('platform', 'platform@example.com') is True
    done(replay)


def test_create_organization_whose_name_is_taken_is_unchanged_only_when_asked():
    replay, client = replayed(ORG % 1, ORG % 1)
    orgs = Organizations(client)
    assert orgs.create('platform', 'platform2@example.com', exist_ok=True) is False
    with pytest.raises(QuayApiError) as info:
        orgs.create('platform', 'platform2@example.com')
    assert info.value.status == 400 and 'already exists' in str(info.value)
    done(replay)


def test_create_organization_with_a_bad_name_fails_even_when_taken_names_are_accepted():
    replay, client = replayed(ORG % 3)
    with pytest.raises(QuayApiError) as info:
        Organizations(client).create('Bad Name!', 'bad@example.com', exist_ok=True)
    assert str(info.value).startswith('POST /api/v1/organization/ failed with HTTP 400 (invalid_request): Invalid namespace')
    done(replay)


def test_get_organization_returns_its_view_or_none_when_there_is_none():
    replay, client = replayed(ORG % 6, ORG % 19)
    orgs = Organizations(client)
    assert orgs.get('platform')['email'] == 'platform@example.com'
    assert orgs.get('nosuchorg') is None
    done(replay)


def test_update_organization_sends_only_the_email():
    replay, client = replayed(ORG % 7)
    assert Organizations(client).update('platform', 'platform-ops@example.com')['email'] == 'platform-ops@example.com'
    done(replay)


def test_update_of_an_organization_that_is_not_there_fails_with_the_404():
    replay, client = replayed(ORG % 20)
    with pytest.raises(QuayApiError) as info:
        Organizations(client).update('nosuchorg', EXCHANGES[ORG % 20]['request']['body']['email'])
    assert info.value.status == 404
    done(replay)


def test_delete_organization_then_again_is_deleted_then_already_gone():
    replay, client = replayed(ORG % 16, ORG % 18)
    orgs = Organizations(client)
    assert orgs.delete('doomed') is True
    assert orgs.delete('doomed') is False
    done(replay)


# -- applications --------------------------------------------------------------------

def test_create_application_sends_the_fields_given_and_returns_the_view_with_its_secret():
    replay, client = replayed(APP % 0, APP % 1)
    apps = Applications(client, 'platform')
    created = apps.create('ci-app', {'description': 'CI pipeline', 'redirect_uri': 'https://ci.example.com/callback',
                                     'application_uri': 'https://ci.example.com'})
    assert created['client_id'] == replay.fill('<CLIENT_ID:1>') and created['client_secret'] == replay.fill('<CLIENT_SECRET:1>')
    assert apps.create('temp-app', {})['name'] == 'temp-app'
    done(replay)


def test_create_application_without_a_name_fails_with_quays_message():
    replay, client = replayed(APP % 3, loose_body=[APP % 3])
    with pytest.raises(QuayApiError) as info:
        Applications(client, 'platform').create('', {})
    assert "'name' is a required property" in str(info.value) and '\n' not in str(info.value)
    done(replay)


def test_list_applications_finds_by_name_or_client_id_and_quays_duplicate_names_need_the_client_id():
    replay, client = replayed(APP % 4, APP % 4, APP % 4, APP % 4)
    apps = Applications(client, 'platform')
    first, second = replay.fill('<CLIENT_ID:1>'), replay.fill('<CLIENT_ID:3>')
    # Quay 3.18 keeps two applications named ci-app, as recorded.
    assert [app['client_id'] for app in apps.named('ci-app')] == [first, second]
    assert apps.client_id(second) == second
    assert apps.client_id('temp-app') == replay.fill('<CLIENT_ID:2>')
    with pytest.raises(QuayOptionError) as info:
        apps.client_id('ci-app')
    assert str(info.value) == ("application: 2 applications are named 'ci-app' in organization 'platform'; "
                               'give the client_id instead')
    done(replay)


def test_an_application_nobody_has_is_an_option_error_naming_it():
    replay, client = replayed(APP % 4)
    with pytest.raises(QuayOptionError) as info:
        Applications(client, 'platform').client_id('no-such-app')
    assert info.value.option == 'application' and "'no-such-app'" in str(info.value)
    done(replay)


def test_listing_applications_of_an_organization_that_is_not_there_fails_with_the_404():
    replay, client = replayed(APP % 13)
    with pytest.raises(QuayApiError) as info:
        Applications(client, 'nosuchorg').list()
    assert info.value.status == 404 and info.value.path == '/api/v1/organization/nosuchorg/applications'
    done(replay)


def test_update_application_sends_the_whole_application():
    replay, client = replayed(APP % 6)
    body = EXCHANGES[APP % 6]['request']['body']
    updated = Applications(client, 'platform').update(replay.fill('<CLIENT_ID:1>'), body)
    assert updated['avatar_email'] == 'ci@example.com'
    done(replay)


def test_delete_application_then_again_is_deleted_then_already_gone():
    replay, client = replayed(APP % 9, APP % 11)
    apps = Applications(client, 'platform')
    cid = replay.fill('<CLIENT_ID:2>')
    assert apps.delete(cid) is True
    assert apps.delete(cid) is False
    done(replay)


# -- tokens ----------------------------------------------------------------------------

def test_create_token_sends_name_scopes_and_expiration_and_returns_the_secret_once():
    replay, client = replayed(TOK % 0)
    created = Tokens(client, 'platform').create(replay.fill('<CLIENT_ID:1>'), 'deploy', ['repo:read', 'org:admin'], 3600)
    assert created['token'] == replay.fill('<TOKEN_SECRET:1>') and created['uuid'] == replay.fill('<UUID:1>')
    done(replay)


def test_create_token_with_a_scope_quay_does_not_know_fails_with_quays_message():
    replay, client = replayed(TOK % 3)
    with pytest.raises(QuayApiError) as info:
        Tokens(client, 'platform').create(replay.fill('<CLIENT_ID:1>'), 'bad', ['repo:fly'])
    assert str(info.value).endswith('failed with HTTP 400: Invalid scope: repo:fly')
    done(replay)


def test_revoke_token_then_again_then_one_never_made_is_revoked_then_already_gone():
    replay, client = replayed(TOK % 24, TOK % 25, TOK % 26)
    tokens = Tokens(client, 'platform')
    cid = replay.fill('<CLIENT_ID:1>')
    assert tokens.revoke(cid, replay.fill('<UUID:1>')) is True
    assert tokens.revoke(cid, replay.fill('<UUID:1>')) is False
    assert tokens.revoke(cid, '00000000-0000-0000-0000-000000000000') is False
    done(replay)


def test_list_tokens_by_client_id_follows_every_page():
    replay, client = replayed(PAGE % 2, PAGE % 3)
    cid = replay.fill('<CLIENT_ID:4>')
    client_id, tokens = Tokens(client, 'platform').list(cid)
    first = replay.fill(EXCHANGES[PAGE % 2]['response']['body'])['tokens']
    assert client_id == cid and tokens[:len(first)] == first and len(tokens) > len(first)
    done(replay)


def test_list_tokens_stops_when_quay_serves_the_first_page_again():
    replay, client = replayed(PAGE % 2, PAGE % 7, alias={'<CURSOR:1-with-last-4-characters-replaced-by-AAAA>': '<CURSOR:1>'})
    with pytest.raises(QuayApiError) as info:
        Tokens(client, 'platform').list(replay.fill('<CLIENT_ID:4>'))
    assert 'the server did not follow next_page' in str(info.value)
    done(replay)


def test_list_tokens_by_name_resolves_it_in_the_listing_without_a_404_round_trip():
    # temp-app stands for the application whose token listing was recorded.
    replay, client = replayed(APP % 4, TOK % 22, alias={'<CLIENT_ID:2>': '<CLIENT_ID:1>'})
    client_id, tokens = Tokens(client, 'platform').list('temp-app')
    assert client_id == replay.fill('<CLIENT_ID:1>')
    assert [t['name'] for t in tokens] == [t['name'] for t in EXCHANGES[TOK % 22]['response']['body']['tokens']]
    done(replay)


def test_list_tokens_of_an_application_nobody_has_fails_naming_the_option():
    replay, client = replayed(APP % 4)
    with pytest.raises(QuayOptionError) as info:
        Tokens(client, 'platform').list('NOSUCHCLIENTID0000000')
    assert info.value.option == 'application'
    done(replay)
