# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every error body shape Project Quay 3.18 sent in its recording -> the one line the user reads."""

from __future__ import annotations

import pytest

from ansible_collections.projectquay.oauth.plugins.module_utils.errors import api_error_from_body
from ansible_collections.projectquay.oauth.plugins.module_utils.messages import is_csrf_refusal, schema_message
from ansible_collections.projectquay.oauth.tests.unit.plugins.replay import Replay

CSRF = 'CSRF token was invalid or missing.'
NOT_FOUND = ('Not Found', 'not_found')
AUTH = ('Requires authentication', 'invalid_token')
METHOD = 'The method is not allowed for the requested URL.'

# ref -> (message, error_type): the server's own words, whatever the body is.
MESSAGES = {
    # JSON-schema dumps (detail/error_message), cut to the first line, the failing property named.
    '7-error-shapes#0': ("'scope' is a required property", 'invalid_request'),
    # {"message"} bodies.
    '7-error-shapes#1': ('Invalid scope: repo:fly', None),
    '7-error-shapes#2': ('The browser (or proxy) sent a request that this server could not understand.', None),
    '7-error-shapes#3': ("Did not attempt to load JSON data because the request Content-Type was not 'application/json'.", None),
    # Quay's error body {"detail", "error_message", "error_type", "title", "type", "status"} (+ session_required).
    '7-error-shapes#4': AUTH,
    '7-error-shapes#5': AUTH,
    '7-error-shapes#6': AUTH,
    '7-error-shapes#7': ('Requires valid bootstrap bearer token', 'invalid_token'),
    '7-error-shapes#8': ('Unauthorized', 'insufficient_scope'),
    # The CSRF refusal: JSON text sent as text/html.
    '7-error-shapes#9': (CSRF, None),
    '1-session-signin#4': ('CSRF token was invalid or missing. (authorized: user quayadmin)', None),
    '4c-tokens-other-credentials#4': ('CSRF token was invalid or missing. (authorized: user quayadmin)', None),
    '7-error-shapes#10': NOT_FOUND,
    '7-error-shapes#11': (METHOD, None),
    # werkzeug's HTML pages, the redirects, the web app's shell.
    '7-error-shapes#12': ('405 Method Not Allowed: ' + METHOD, None),
    '7-error-shapes#13': ('redirected to http://quay.test/api/v1/organization/', None),
    '7-error-shapes#14': ('redirected to http://quay.test/api/v1/organization/platform/application/<CLIENT_ID:1>/tokens/', None),
    '7-error-shapes#15': ('an HTML page, not an answer of the Quay API', None),
    # Sign-in's {"invalidCredentials": true, "message"}, and 429 plain text with Retry-After.
    '7-error-shapes#16': ('Invalid Username or Password', None),
    '7-error-shapes#17': ('Too many login attempts. Please reset your Quay password and try again. (Retry-After: 0 s)', None),
    '1b-signin-throttle#1': ('Invalid Username or Password', None),
    '1b-signin-throttle#2': ('Too many login attempts. Please reset your Quay password and try again. (Retry-After: 0 s)', None),
    '7-error-shapes#19': NOT_FOUND,
    '4a-tokens-bearer#13': ("expiration: None is not of type 'number'", 'invalid_request'),
}


def answer(ref):
    replay = Replay([])
    return replay.recorded_answer(ref) + (replay,)


@pytest.mark.parametrize('ref', sorted(MESSAGES))
def test_each_recorded_error_shape_gives_the_servers_message_on_one_line(ref):
    status, raw, headers, replay = answer(ref)
    error = api_error_from_body('GET', '/p', status, raw, headers=headers)
    message, error_type = MESSAGES[ref]
    assert (error.detail, error.error_type) == (replay.fill(message), error_type)
    assert '\n' not in str(error) and str(error).startswith('GET /p failed with HTTP %d' % status)


def test_only_the_csrf_refusal_counts_as_a_credential_refusal_not_a_403_for_lack_of_rights():
    assert is_csrf_refusal(403, api_error_from_body('POST', '/p', *answer('7-error-shapes#9')[:3]).detail)
    assert not is_csrf_refusal(403, api_error_from_body('GET', '/p', *answer('7-error-shapes#8')[:3]).detail)
    assert not is_csrf_refusal(403, api_error_from_body('POST', '/p', *answer('7-error-shapes#16')[:3]).detail)


@pytest.mark.parametrize('text, cut', [
    ("'scope' is a required property\n\nFailed validating 'required' in schema:\n    {...}", "'scope' is a required property"),
    ("-1 is less than the minimum of 0\n\nFailed validating 'minimum' in schema['properties']['tag_expiration_s']:\n  {}",
     'tag_expiration_s: -1 is less than the minimum of 0'),
    ("'x' is too long\n\nFailed validating 'maxLength' in schema['properties']['a']['properties']['b']:", "a.b: 'x' is too long"),
])
def test_a_schema_dump_is_cut_to_the_failing_property(text, cut):
    assert schema_message(text) == cut
