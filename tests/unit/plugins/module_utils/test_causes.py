# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A module failure's cause (result fields cause and retry_after) and the words its one-line
message starts with: against Project Quay 3.18's recorded answers and quayref's proposal answers."""

from __future__ import annotations

import pytest

from ansible_collections.projectquay.oauth.plugins.module_utils._causes import CAUSES, failure
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import (
    QuayApiError, QuayOptionError, QuayUnreachable, api_error_from_body,
)
from ansible_collections.projectquay.oauth.tests.unit.plugins.module_utils.test_client_replay import ROWS, play
from ansible_collections.projectquay.oauth.tests.unit.plugins.replay import RIGHT, WRONG

PARAMS = dict(quay_username='quayadmin', quay_password=WRONG, quay_token=None, quay_oidc_token=None)


def by_name(start):
    return [spec for spec in ROWS if spec.name.startswith(start)][0]


def test_quay_318_wrong_password_leads_with_it_for_a_read_and_for_a_create():
    _replay, _client, outcomes, _closed = play(by_name('wrong password'))
    for outcome in outcomes:
        message, fields = failure(outcome, PARAMS)
        assert fields == {'cause': 'credentials_refused'}
        assert message.startswith("wrong username or password for quay_username 'quayadmin': Quay answered ")
        assert 'Invalid Username or Password' in message and '\n' not in message and WRONG not in message


def test_quay_318_sign_in_throttle_is_locked_out_with_its_retry_after():
    _replay, _client, outcomes, _closed = play(by_name('throttled sign-in'))
    message, fields = failure(outcomes[0], dict(PARAMS, quay_password=RIGHT))
    assert fields == {'cause': 'locked_out', 'retry_after': 0}
    assert message.startswith('locked out: retry in 0 s: Quay answered POST ') and RIGHT not in message


def test_quayref_bootstrap_lockout_is_locked_out_with_the_seconds_of_its_retry_after_header():
    # quayref's proposal profile: 429 too_many_requests with Retry-After, to a bootstrap credential.
    body = b'{"error_message": "Too many failed bootstrap attempts; retry later", "error_type": "too_many_requests"}'
    exc = api_error_from_body('POST', '/api/v1/organization/', 429, body, headers={'Retry-After': '42'})
    message, fields = failure(exc, dict(PARAMS, quay_password=None, quay_username=None, quay_oidc_token='jwt'))
    assert fields == {'cause': 'locked_out', 'retry_after': 42}
    assert message.startswith('locked out: retry in 42 s: Quay answered POST /api/v1/organization/ failed with HTTP 429')


def test_an_unknown_token_is_credentials_refused_naming_quay_token():
    exc = api_error_from_body('GET', '/api/v1/organization/o/applications', 401,
                              b'{"error_message": "Requires authentication", "error_type": "invalid_token"}')
    message, fields = failure(exc, dict(PARAMS, quay_username=None, quay_password=None, quay_token='T' * 40))
    assert fields['cause'] == 'credentials_refused' and 'T' * 40 not in message
    assert message.startswith('quay_token was refused (invalid, revoked or expired): Quay answered GET ')


def test_a_bootstrap_refusal_that_says_the_flag_is_off_is_flag_off():
    exc = QuayApiError('POST', '/api/v1/organization/', status=401,
                       detail='bootstrap authentication is off: FEATURE_PROGRAMMATIC_BOOTSTRAP is false')
    message, fields = failure(exc, PARAMS)
    assert fields == {'cause': 'flag_off'}
    assert message.startswith('bootstrap credentials refused: FEATURE_PROGRAMMATIC_BOOTSTRAP is off on this Quay: ')


def test_an_unreachable_quay_leads_with_its_address_and_reason():
    exc = QuayUnreachable('GET', '/api/v1/x', 'https://quay.example.com', '[Errno 111] Connection refused')
    message, fields = failure(exc, PARAMS)
    assert fields == {'cause': 'unreachable'}
    assert message == 'cannot reach Quay at https://quay.example.com: [Errno 111] Connection refused (GET /api/v1/x)'


@pytest.mark.parametrize('exc, cause', [
    (QuayOptionError('dest_mode', 'must give "other" no permission'), 'option'),
    (QuayApiError('GET', '/api/v1/x', status=500, detail='boom'), 'api'),
    (QuayApiError('GET', '/api/v1/x', status=403, error_type='insufficient_scope', detail='Unauthorized'), 'api'),
])
def test_options_and_other_answers_keep_their_message(exc, cause):
    message, fields = failure(exc, PARAMS)
    assert fields == {'cause': cause} and cause in CAUSES and message == str(exc)
