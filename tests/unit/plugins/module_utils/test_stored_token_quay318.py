# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""read_with_dest against Project Quay 3.18's recorded answers to a listing made with a stored
token (scenario 5a): 200 from a token with org:admin, 401 from a revoked one, 403 from a live
one without org:admin; and the create-only clean-up's premise, an org:admin token minting."""

from __future__ import annotations

import pytest

from ansible_collections.projectquay.oauth.plugins.module_utils._stored_token import read_with_stored
from ansible_collections.projectquay.oauth.plugins.module_utils._token_api import Tokens
from ansible_collections.projectquay.oauth.plugins.module_utils.client import QuayClient
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayOptionError
from ansible_collections.projectquay.oauth.tests.unit.plugins.replay import BASE_URL, Replay

BEARER = '5a-bearer-failures#%d'


def setting(refs, secret, with_credentials=True):
    replay = Replay(refs)
    creds = dict(token=replay.fill('<TOKEN:admin-all>')) if with_credentials else dict(require_credentials=False)
    tokens_api = Tokens(QuayClient(BASE_URL, request=replay, **creds), 'platform')
    params = dict(read_with_dest=True, application=replay.fill('<CLIENT_ID:1>'))
    stored = dict(format='text', access_token=replay.fill(secret), uuid=None, name=None, quay_host=None)
    return replay, tokens_api, params, stored


def test_a_stored_token_with_org_admin_lists_in_one_request_and_is_accepted():
    replay, tokens_api, params, stored = setting([BEARER % 20], '<TOKEN_SECRET:16>')
    (client_id, tokens), verdict = read_with_stored(tokens_api, params, stored)
    assert verdict is True and client_id == params['application'] and tokens
    assert replay.script == []


@pytest.mark.parametrize('ref, secret, verdict', [
    (BEARER % 5, '<TOKEN_SECRET:13>', False),   # revoked: 401
    (BEARER % 12, '<TOKEN_SECRET:15>', True),   # live, without org:admin: 403
])
def test_a_stored_token_that_cannot_list_leaves_the_listing_to_the_credentials(ref, secret, verdict):
    replay, tokens_api, params, stored = setting([ref], secret)
    assert read_with_stored(tokens_api, params, stored) == (None, verdict)
    assert replay.script == []


@pytest.mark.parametrize('ref, secret, why', [
    (BEARER % 5, '<TOKEN_SECRET:13>', 'Quay no longer accepts the token in dest'),
    (BEARER % 12, '<TOKEN_SECRET:15>', 'live but cannot list'),
])
def test_without_a_credential_option_a_stored_token_that_cannot_list_fails_naming_the_option(ref, secret, why):
    _replay, tokens_api, params, stored = setting([ref], secret, with_credentials=False)
    with pytest.raises(QuayOptionError) as info:
        read_with_stored(tokens_api, params, stored)
    assert info.value.option == 'read_with_dest' and why in str(info.value) and 'quay_token' in str(info.value)
    assert stored['access_token'] not in str(info.value)


def test_a_token_of_another_server_is_never_sent():
    replay, tokens_api, params, stored = setting([], '<TOKEN_SECRET:16>')
    stored['quay_host'] = 'https://other.example.com'
    assert read_with_stored(tokens_api, params, stored) == (None, None)
    assert replay.served == []


def test_an_org_admin_token_mints_a_token_within_its_scopes_as_the_create_only_clean_up_does():
    replay = Replay([BEARER % 19])
    client = QuayClient(BASE_URL, token=replay.fill('<TOKEN_SECRET:16>'), request=replay)
    method, path, body, _query = replay.call(BEARER % 19)
    created = Tokens(client, 'platform').create(replay.fill('<CLIENT_ID:1>'), body['name'], body['scope'].split(),
                                                body.get('expiration'))
    assert created['token'] and created['uuid'] and replay.script == []
