# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The server's own sentence out of any error body Quay (or quayref) sends, on one line.

Shapes met on Project Quay 3.18 (see tests/unit/plugins/fixtures/README.md):
the error body ``{"detail", "error_message", "error_type", "title", "type", "status"}``,
``{"message"}``, sign-in's ``{"invalidCredentials": true, "message"}``, the CSRF refusal
``{"error"}`` sent as text/html, JSON-schema dumps inside ``detail``/``error_message``,
werkzeug's HTML pages (405, 308), the web app's HTML shell (404) and 429's plain text.
"""

from __future__ import annotations

import json
import re

# Quay's (and quayref's) words when a mutating call carries neither a Bearer token nor a
# session with its CSRF token: HTTP Basic, no credential, or a token it does not know.
CSRF_REFUSAL = 'CSRF token was invalid or missing'

_SCHEMA_PROPERTY = re.compile(r"Failed validating '[^']+' in schema((?:\['[^']*'\])+)")
_HTML_TITLE = re.compile(r'<title>(.*?)</title>', re.I | re.S)
_HTML_PARAGRAPH = re.compile(r'<p>(.*?)</p>', re.I | re.S)
_TAG = re.compile(r'<[^>]+>')
_LIMIT = 300
HTML_PAGE = 'an HTML page, not an answer of the Quay API'


def one_line(text):
    return ' '.join(str(text).split())


def decode(raw):
    """Bytes of a body as text (errors replaced), and its JSON value or None."""
    text = raw.decode('utf-8', 'replace') if isinstance(raw, bytes) else (raw or '')
    try:
        return text, json.loads(text) if text.strip() else None
    except ValueError:
        return text, None


def schema_message(text):
    """``"'scope' is a required property\\n\\nFailed validating 'required' in schema: ..."`` ->
    ``'scope' is a required property``; a failure inside a property gets its path in front."""
    head = text.strip().split('\n', 1)[0].strip()
    match = _SCHEMA_PROPERTY.search(text)
    if match:
        parts = re.findall(r"\['([^']*)'\]", match.group(1))
        names = [name for index, name in enumerate(parts) if index % 2 == 1 and parts[index - 1] == 'properties']
        if names:
            return '%s: %s' % ('.'.join(names), head)
    return head


def _from_json(body):
    if isinstance(body, str):
        return body
    if not isinstance(body, dict):
        return None
    for key in ('error_message', 'detail', 'message', 'error_description', 'error', 'title'):
        value = body.get(key)
        if isinstance(value, str) and value.strip():
            return schema_message(value) if 'Failed validating' in value else value
    return None


def _from_html(text):
    paragraph = _HTML_PARAGRAPH.search(text)
    title = _HTML_TITLE.search(text)
    if paragraph and title:
        return '%s: %s' % (one_line(_TAG.sub('', title.group(1))), one_line(_TAG.sub('', paragraph.group(1))))
    if '<head' in text[:1000].lower():
        # A whole document: Quay's web app answers unknown non-API paths with its page.
        return HTML_PAGE
    if '<' in text and '>' in text:
        return one_line(_TAG.sub(' ', text)) or None
    return None


def server_message(raw, headers=None):
    """(message, error_type) of an error answer; the message is one line, never empty."""
    text, body = decode(raw)
    location = (headers or {}).get('Location')
    if location:
        # A redirect (Quay 308s a path without its trailing slash): where to, not the page.
        return 'redirected to %s' % location, None
    message = _from_json(body)
    error_type = body.get('error_type') if isinstance(body, dict) and isinstance(body.get('error_type'), str) else None
    if message is None and text.strip():
        message = _from_html(text) or text
    message = one_line(message or 'no message in the answer')
    if len(message) > _LIMIT:
        message = message[:_LIMIT] + '...'
    retry = (headers or {}).get('Retry-After')
    if retry is not None and str(retry).strip():
        message += ' (Retry-After: %s s)' % str(retry).strip()
    return message, error_type


def is_csrf_refusal(status, message):
    """A 403 that says the call came without a usable session: on Quay, the answer to HTTP Basic,
    to no credential and to an unknown token alike, not a refusal for lack of rights."""
    return status == 403 and CSRF_REFUSAL in (message or '')
