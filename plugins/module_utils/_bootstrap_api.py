# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Quay's start-up token (FEATURE_PROGRAMMATIC_BOOTSTRAP): the file Quay writes at
BOOTSTRAP_TOKEN_PATH, its renewal, and whether Quay accepts it; which answer means what is
decided here, once."""

from __future__ import annotations

import json

from ansible_collections.projectquay.oauth.plugins.module_utils.client import api_path
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayApiError

RENEWED = 'renewed'
LIVE = 'live'
REFUSED = 'refused'
MISSING = 'missing'

# Quay 3.18 renews an expired start-up token only with this header, which says that the
# caller reads the file Quay rewrites (the recovery for a token that expired in its file).
_LOCAL_RENEWAL = {'X-Quay-Bootstrap-Renewal-Location': 'local'}
# Quay writes 60 bytes; anything much larger is not its file.
_MAX_FILE = 4096

# The answers to a renewal that say "not this token" rather than "something broke".
_RENEW_REFUSALS = {
    401: 'an old token (renewed or replaced since), or an expired one on a server that renews only live start-up tokens',
    403: 'a valid token that is not the start-up token (on Quay 3.18: one of another application)',
    404: 'Quay has no renewal endpoint: FEATURE_PROGRAMMATIC_BOOTSTRAP is off',
    405: 'Quay has no renewal endpoint: FEATURE_PROGRAMMATIC_BOOTSTRAP is off',
}
_NOT_ACCEPTED = 401
_NOT_ACCEPTED_REASON = ('Quay does not accept it: it expired, was renewed since, or its application was deleted '
                        '(FEATURE_PROGRAMMATIC_BOOTSTRAP turned off)')


def read_token_file(path):
    """The access_token of Quay's start-up file at ``path``, or None when the file is missing,
    unreadable, or not the JSON object Quay writes (``{"access_token": "..."}``)."""
    try:
        with open(path, 'rb') as handle:
            raw = handle.read(_MAX_FILE + 1)
    except (OSError, TypeError):
        return None
    if len(raw) > _MAX_FILE:
        return None
    try:
        body = json.loads(raw.decode('utf-8'))
    except (ValueError, UnicodeDecodeError):
        return None
    token = body.get('access_token') if isinstance(body, dict) else None
    if not isinstance(token, str) or not token.strip():
        return None
    return token.strip()


def _reason(exc, sentence):
    said = exc.detail or 'no message'
    return '%s (HTTP %s: %s)' % (sentence, exc.status, said.rstrip('.'))


class StartupToken:
    """The start-up token's verbs, over a client that sends that token as its Bearer."""

    renew_path = api_path('bootstrap', 'renew')
    user_path = api_path('user', trailing_slash=True)

    def __init__(self, client):
        self.client = client

    def renew(self):
        """POST the renewal with the local header: (RENEWED, None) when Quay rotated the token
        (it rewrote the file and the old token is dead), (REFUSED, reason) when Quay will not
        renew this token. Any other failure raises."""
        try:
            self.client.post(self.renew_path, headers=_LOCAL_RENEWAL)
        except QuayApiError as exc:
            if exc.status in _RENEW_REFUSALS:
                return REFUSED, _reason(exc, _RENEW_REFUSALS[exc.status])
            raise
        return RENEWED, None

    def check(self):
        """One read-only call: (LIVE, None) when Quay takes the token as its user's, (REFUSED,
        reason) when it does not. Any other failure raises."""
        try:
            self.client.get(self.user_path)
        except QuayApiError as exc:
            if exc.status == _NOT_ACCEPTED:
                return REFUSED, _reason(exc, _NOT_ACCEPTED_REASON)
            raise
        return LIVE, None
