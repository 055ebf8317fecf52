# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Exceptions raised by the Quay client; modules turn them into one fail_json."""

from __future__ import annotations

import json


class QuayError(Exception):
    """Base class: the message is safe to show to a user (it never holds a secret)."""


class QuayOptionError(QuayError):
    """A connection option is missing or wrong; raised before any HTTP request."""

    def __init__(self, option, message):
        self.option = option
        super().__init__('%s: %s' % (option, message))


class QuayApiError(QuayError):
    """An HTTP request failed: carries status, method and path for the message."""

    def __init__(self, method, path, status=None, error_type=None, detail=None, hint=None):
        self.method = method
        self.path = path
        self.status = status
        self.error_type = error_type
        self.detail = detail
        self.hint = hint
        super().__init__(self._render())

    def _render(self):
        if self.status is None:
            head = '%s %s failed' % (self.method, self.path)
        else:
            head = '%s %s failed with HTTP %s' % (self.method, self.path, self.status)
        if self.error_type:
            head += ' (%s)' % self.error_type
        text = head
        if self.detail:
            text += ': %s' % self.detail
        if self.hint:
            text += '. %s' % self.hint
        return text


def _first_text(body, keys):
    for key in keys:
        value = body.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def api_error_from_body(method, path, status, raw, hint=None):
    """Build a QuayApiError from Quay's JSON error body (or whatever came back).

    Quay's ApiException body has error_message/detail/title/message; which of
    them holds the useful sentence differs between endpoints, so take the
    first non-empty one and keep error_type separate.
    """
    error_type = None
    detail = None
    try:
        body = json.loads(raw.decode('utf-8')) if raw else None
    except (ValueError, UnicodeDecodeError):
        body = None
    if isinstance(body, dict):
        error_type = body.get('error_type') if isinstance(body.get('error_type'), str) else None
        detail = _first_text(body, ('error_message', 'detail', 'message', 'error_description', 'title', 'error'))
    elif raw:
        # A proxy's HTML page or plain text: keep it short, it is only a clue.
        text = raw.decode('utf-8', 'replace').strip()
        detail = ' '.join(text.split())[:200] or None
    return QuayApiError(method, path, status=status, error_type=error_type, detail=detail, hint=hint)
