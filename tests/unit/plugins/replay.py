# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A fake HTTP layer that serves recorded Project Quay 3.18 exchanges, and checks the requests.

A test names the exchanges ("<scenario>#<index>" of shared/quay-3.18/transcripts.json, copied
into fixtures/quay318_exchanges.json) that the client must make, in order. Each request the
client sends is compared with the recorded one (method, path, query, body, the auth-relevant
headers, and whether it carries the session cookie); the recorded answer is then served.

Placeholders (the recording's README): a value given by the test (a password, a token) or
first seen in an answer (a CSRF token, a client_id, a cursor) is bound once and must come
back unchanged. ``alias`` says that two placeholders of different scenarios stand for one
value here, e.g. {'<CSRF:3>': '<CSRF:7>'} to sign out with the session of scenario 4c
using scenario 1's sign-out exchange.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
from http.cookiejar import Cookie
from urllib.error import HTTPError
from urllib.parse import parse_qsl, unquote, urlsplit

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'quay318_exchanges.json')
BASE_URL = 'http://quay.test'
RIGHT = 'quayadmin-right-password'
WRONG = 'wrong-password'
ORGOWNER = 'ORGOWNERPASSWORD00000000000000AB'
ADMIN_ALL = 'ADMINALLTOKEN000000000000000000000000001'
PLACEHOLDER = re.compile(r'<[A-Z_]+(?::[^<>]*)?>')
# Auth-relevant request headers: the recording keeps exactly these (and Cookie, as <SESSION>).
COMPARED = ('Authorization', 'X-CSRF-Token', 'Content-Type', 'X-Quay-Bootstrap-Renewal-Location')
FUTURE = '2036-12-01T22:30:01.123456Z'
PAST = '2026-12-01T22:30:01.654321Z'

GIVEN = {
    '<PASSWORD:quayadmin:right>': RIGHT,
    '<PASSWORD:quayadmin:wrong>': WRONG,
    '<PASSWORD:orgowner>': ORGOWNER,
    '<BASIC:quayadmin:right>': base64.b64encode(('quayadmin:' + RIGHT).encode()).decode(),
    '<BASIC:quayadmin:wrong>': base64.b64encode(('quayadmin:' + WRONG).encode()).decode(),
    '<TOKEN:admin-all>': ADMIN_ALL,
    '<BASE_URL>': BASE_URL,
}


def load():
    """The committed exchanges; a missing file fails the test that needs it (never a skip)."""
    with open(FIXTURE, encoding='utf-8') as handle:
        return json.load(handle)['exchanges']


EXCHANGES = load()


def _fresh(name, count):
    kind = name[1:-1].split(':', 1)[0]
    if kind == 'UUID':
        return '%08x-0000-4000-8000-%012d' % (count, count)
    sizes = {'CSRF': 64, 'TOKEN_SECRET': 40, 'CLIENT_ID': 20, 'CLIENT_SECRET': 40, 'CURSOR': 184, 'TOKEN': 40}
    text = ('gAAAAA' if kind == 'CURSOR' else kind.replace('_', '')[:6]) + str(count)
    return (text + 'X' * 200)[:sizes.get(kind, 32)]


class Response:
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self._raw = raw

    def read(self):
        return self._raw


class Replay:
    """``Request.open`` for QuayClient, serving ``refs`` in order."""

    def __init__(self, refs, alias=None, given=None, loose_body=()):
        self.script = list(refs)
        self.served = []
        self.alias = dict(alias or {})
        self.values = dict(GIVEN, **(given or {}))
        # Exchanges whose request body does not matter to the answer (Quay refuses a call
        # without CSRF before it reads the body), so a recording of another body serves.
        self.loose_body = set(loose_body)

    def value(self, placeholder):
        name = self.alias.get(placeholder, placeholder)
        if name not in self.values:
            self.values[name] = _fresh(name, len(self.values) + 1)
        return self.values[name]

    def fill(self, obj, key=None):
        """The recorded value with every placeholder bound; recorder notes ("…") dropped from lists."""
        if isinstance(obj, dict):
            return dict((k, self.fill(v, k)) for k, v in obj.items())
        if isinstance(obj, list):
            return [self.fill(item) for item in obj if not (isinstance(item, str) and item.startswith('\u2026'))]
        if isinstance(obj, str):
            if obj == '<TIME:iso>':
                return FUTURE if key == 'expires_at' else PAST
            return PLACEHOLDER.sub(lambda match: self.value(match.group(0)), obj)
        return obj

    def call(self, ref):
        """(method, path, body, query) of the recorded request ``ref``, as a test hands it to the client."""
        request = EXCHANGES[ref]['request']
        return request['method'], self.fill(request['path']), self.fill(request.get('body')), self.fill(request.get('query'))

    def open(self, method, url, data=None, headers=None, cookies=None, **_kwargs):
        assert self.script, 'unexpected request %s %s after %s' % (method, url, self.served)
        ref = self.script.pop(0)
        self.served.append(ref)
        recorded = EXCHANGES[ref]
        self._check(ref, recorded['request'], method, url, data, headers or {}, cookies)
        return self._answer(recorded['response'], url, cookies)

    def _check(self, ref, request, method, url, data, headers, cookies):
        parts = urlsplit(url)
        sent = {
            'method': method,
            'path': unquote(parts.path),
            'query': dict(parse_qsl(parts.query, keep_blank_values=True)),
            'headers': dict((name, headers[name]) for name in COMPARED if name in headers),
            'session': any(cookie.name == '_csrf_token' for cookie in cookies or []),
        }
        wanted = {
            'method': request['method'],
            'path': self.fill(request['path']),
            'query': self.fill(request.get('query') or {}),
            'headers': dict((name, self.fill(request['headers'][name])) for name in COMPARED if name in request['headers']),
            'session': 'Cookie' in request['headers'],
        }
        if ref not in self.loose_body:
            sent['body'] = json.loads(data.decode('utf-8')) if data else None
            wanted['body'] = self.fill(request.get('body'))
        differ = dict((key, (sent[key], wanted[key])) for key in wanted if sent[key] != wanted[key])
        assert not differ, 'request %d (%s) is not the recorded one; (sent, recorded): %r' % (len(self.served), ref, differ)

    def recorded_answer(self, ref):
        """(status, raw body, headers) of the answer ``ref``, as the client reads it off the wire."""
        try:
            response = self._answer(EXCHANGES[ref]['response'], BASE_URL, None)
        except HTTPError as exc:
            return exc.code, exc.read(), exc.headers
        return response.status, response.read(), response.headers

    def _answer(self, response, url, cookies):
        headers = dict((name, self.fill(value)) for name, value in response.get('headers', {}).items() if name != 'Set-Cookie')
        if response.get('headers', {}).get('Set-Cookie') and cookies is not None:
            cookies.set_cookie(Cookie(0, '_csrf_token', 'session-%d' % len(self.served), None, False, 'quay.test', False,
                                      False, '/', True, False, None, True, None, None, {}))
        body = self.fill(response.get('body'))
        if body == '' or body is None:
            raw = b''
        elif headers.get('Content-Type', '').startswith('application/json'):
            raw = json.dumps(body).encode('utf-8')
        else:
            raw = body.encode('utf-8')
        if response['status'] >= 300:
            raise HTTPError(url, response['status'], 'recorded', headers, io.BytesIO(raw))
        return Response(response['status'], headers, raw)
