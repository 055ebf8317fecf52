# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An in-memory Quay behind the ``Request.open`` interface, for the modules' decision tables.

Two profiles, as quayref has: ``proposal`` (HTTP Basic and OIDC bootstrap credentials on the
three create calls while the flag is on, 401 otherwise) and ``quay-3.18`` (Basic ignored:
GET 401, mutating calls 403 CSRF as text/html; an OIDC JWT works on every call; no default
scope; CSRF rotated at sign-in). What Quay 3.18 really answers is replayed from its
recording in test_client_replay.py; this fake only keeps state across a module's calls.
"""

from __future__ import annotations

import base64
import datetime
import io
import itertools
import json
from http.cookiejar import Cookie
from urllib.error import HTTPError
from urllib.parse import parse_qs, unquote, urlsplit

ADMIN_TOKEN = 'A' * 40
OIDC_JWT = 'eyJhbGciOi.fake.jwt'
PASSWORD = 'admin-password-123'
CSRF = 'C' * 40
# The token a Quay that rotates CSRF at sign-in hands out in X-Next-CSRF-Token.
NEXT_CSRF = 'N' * 40


class FakeResponse:
    def __init__(self, status, body):
        self.status = status
        self.headers = {}
        self._raw = b'' if body is None else json.dumps(body).encode('utf-8')

    def read(self):
        return self._raw


def _error(url, status, error_type, message):
    body = json.dumps({'status': status, 'error_type': error_type, 'error_message': message,
                       'detail': message, 'title': error_type, 'message': message}).encode('utf-8')
    return HTTPError(url, status, error_type, {}, io.BytesIO(body))


def _csrf_refusal(url):
    return HTTPError(url, 403, 'FORBIDDEN', {'Content-Type': 'text/html; charset=utf-8'},
                     io.BytesIO(b'{"error": "CSRF token was invalid or missing."}'))


def _set_session_cookie(jar, value):
    jar.set_cookie(Cookie(0, '_csrf_token', value, None, False, 'quay.test', False, False, '/', True, False, None, True,
                          None, None, {}))


def _cookie(jar):
    return next((c.value for c in jar or [] if c.name == '_csrf_token'), None) if jar is not None else None


def iso(offset_seconds):
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=offset_seconds)
    return moment.strftime('%Y-%m-%dT%H:%M:%SZ')


class FakeQuay:
    """Routes the paths the client uses; records (method, path, query, auth kind) for every call."""

    def __init__(self, bootstrap=True, page_size=50, profile='proposal'):
        self.bootstrap = bootstrap
        self.profile = profile
        # Names that may sign in; an LDAP service account of the proposal may have Basic only.
        self.signin_users = {'admin'}
        # quayref answers 404 where it serves no password sign-in (FEATURE_DIRECT_LOGIN false).
        self.signin_refusal = (403, 'invalid_credentials', 'Invalid username or password')
        # How an existing organization name is refused: Quay's 400, or quayref's 409 conflict.
        self.org_exists_status = 400
        self.page_size = page_size
        self.calls = []
        self.missing_org_status = 404
        self.orgs = {}
        self.apps = {}      # client_id -> app dict (with 'org')
        self.tokens = []    # newest first
        self.signed_in = False
        # True: sign-in answers X-Next-CSRF-Token and only that token is accepted afterwards (Quay).
        self.rotate_csrf = profile == 'quay-3.18'
        self.signed_out = 0
        self.signout_status = None
        # Methods a token this fake minted is refused (403) whatever its scopes: a user without the right.
        self.minted_refused = ()
        self._ids = itertools.count(1)

    # -- fixtures ---------------------------------------------------------

    def add_org(self, name, email=None):
        self.orgs[name] = {'name': name, 'email': email or '%s@example.com' % name}

    def add_app(self, org, name, client_id=None):
        client_id = client_id or 'CLIENT%014d' % next(self._ids)
        self.apps[client_id] = {'org': org, 'name': name, 'client_id': client_id, 'description': '',
                                'redirect_uri': '', 'application_uri': '', 'avatar_email': None}
        return client_id

    def add_token(self, client_id, name, scope='repo:read', expires_in=86400, created_offset=0, secret=None):
        uuid = 'uuid-%04d' % next(self._ids)
        self.tokens.insert(0, {'uuid': uuid, 'name': name, 'scope': scope, 'client_id': client_id, 'secret': secret,
                               'expires_at': iso(expires_in) if expires_in else None,
                               'created': iso(created_offset), 'created_by': 'admin',
                               'last_accessed': None, 'auth_method': 'oauth'})
        return uuid

    def live(self, client_id, name=None):
        return [t for t in self.tokens if t['client_id'] == client_id and name in (None, t['name'])]

    def methods(self):
        return [(c['method'], c['path']) for c in self.calls]

    def changes(self):
        return [c for c in self.calls if c['method'] != 'GET' and c['path'] not in ('/api/v1/signin', '/api/v1/signout')]

    def api_calls(self):
        """(method, auth) of the calls other than sign-in and sign-out."""
        return [(c['method'], c['auth']) for c in self.calls if not c['path'].startswith(('/csrf_token', '/api/v1/sign'))]

    # -- Request interface ------------------------------------------------

    def open(self, method, url, data=None, headers=None, cookies=None, **_kwargs):
        parts = urlsplit(url)
        path = parts.path
        query = dict((k, v[0]) for k, v in parse_qs(parts.query).items())
        body = json.loads(data.decode('utf-8')) if data else None
        headers = headers or {}
        auth = self._auth(headers, cookies)
        self.calls.append({'method': method, 'host': parts.netloc, 'path': path, 'query': query, 'auth': auth, 'body': body,
                           'headers': dict(headers)})
        if path == '/csrf_token':
            _set_session_cookie(cookies, 'anonymous')
            return FakeResponse(200, {'csrf_token': CSRF})
        if path == '/api/v1/signin':
            if headers.get('X-CSRF-Token') != CSRF or _cookie(cookies) is None:
                raise _error(url, 403, 'csrf', 'CSRF token was invalid or missing')
            if body != {'username': 'admin', 'password': PASSWORD} or body['username'] not in self.signin_users:
                raise _error(url, *self.signin_refusal)
            self.signed_in = True
            _set_session_cookie(cookies, 'signed-in')
            response = FakeResponse(200, {'success': True})
            if self.rotate_csrf:
                response.headers['X-Next-CSRF-Token'] = NEXT_CSRF
            return response
        if path == '/api/v1/signout':
            if self.signout_status:
                raise _error(url, self.signout_status, 'unavailable', 'Service Unavailable')
            if auth != 'session' or headers.get('X-CSRF-Token') != self._session_csrf():
                raise _csrf_refusal(url)
            self.signed_in = False
            self.signed_out += 1
            return FakeResponse(200, {'success': True})
        segments = [unquote(s) for s in path.split('/')[3:] if s != '']
        bootstrap_call = method == 'POST' and (segments == ['organization'] or segments[-1:] in (['applications'], ['tokens']))
        if self.profile == 'quay-3.18':
            if auth in ('basic', 'bad', None) or (auth == 'session' and method != 'GET' and headers.get('X-CSRF-Token') != NEXT_CSRF):
                if method != 'GET':
                    raise _csrf_refusal(url)
                raise _error(url, 401, 'invalid_token', 'Requires authentication')
        elif auth in ('basic', 'oidc') and not (bootstrap_call and self.bootstrap):
            raise _error(url, 401, 'invalid_token', 'Bootstrap authentication refused')
        if auth is None:
            raise _error(url, 401, 'invalid_token', 'Requires authentication')
        if auth == 'session' and method != 'GET' and headers.get('X-CSRF-Token') != self._session_csrf():
            raise _error(url, 403, 'csrf', 'CSRF token was invalid or missing')
        return self._route(method, url, segments, query, body, auth)

    def _session_csrf(self):
        return NEXT_CSRF if self.rotate_csrf else CSRF

    def _auth(self, headers, cookies):
        value = headers.get('Authorization', '')
        if value == 'Bearer %s' % ADMIN_TOKEN:
            return 'bearer'
        if value == 'Bearer %s' % OIDC_JWT:
            return 'oidc'
        if value == 'Basic %s' % base64.b64encode(('admin:%s' % PASSWORD).encode()).decode():
            return 'basic'
        for token in self.tokens:
            if value == 'Bearer %s' % token.get('secret'):
                return 'minted:' + token['uuid']
        if value:
            return 'bad'
        # The session is the cookie that sign-in set in the jar the call carries.
        return 'session' if self.signed_in and _cookie(cookies) == 'signed-in' else None

    def _route(self, method, url, seg, query, body, auth):
        if auth == 'bad':
            raise _error(url, 401, 'invalid_token', 'The access token is invalid')
        if auth.startswith('minted:'):
            # A token this fake minted: live, and allowed what its scopes allow (Quay's 403 otherwise).
            minted = [t for t in self.tokens if t['uuid'] == auth.split(':', 1)[1]][0]
            if 'org:admin' not in minted['scope'].split() or method in self.minted_refused:
                raise _error(url, 403, 'insufficient_scope', 'Unauthorized')
        if seg == ['organization'] and method == 'POST':
            if body['name'] in self.orgs:
                if self.org_exists_status == 409:
                    raise _error(url, 409, 'conflict', 'name: a user or organization named %s already exists' % body['name'])
                raise _error(url, 400, 'invalid_request', 'A user or organization with this name already exists')
            self.add_org(body['name'], body.get('email'))
            return FakeResponse(201, 'Created')
        if not seg or seg[0] != 'organization' or seg[1] not in self.orgs:
            if len(seg) > 2 and seg[0] == 'organization' and self.missing_org_status == 403:
                # Quay 3.18 to a non-superuser: its right is checked before the organization is looked up.
                raise _error(url, 403, 'insufficient_scope', 'Unauthorized')
            raise _error(url, 404, 'not_found', 'Not Found')
        org = seg[1]
        if len(seg) == 2:
            if method == 'GET':
                return FakeResponse(200, dict(self.orgs[org]))
            if method == 'PUT':
                self.orgs[org]['email'] = body['email']
                return FakeResponse(200, dict(self.orgs[org]))
            del self.orgs[org]
            return FakeResponse(204, None)
        if len(seg) == 3 and method == 'GET':
            apps = [dict((k, v) for k, v in a.items() if k != 'org') for a in self.apps.values() if a['org'] == org]
            return FakeResponse(200, {'applications': apps})
        if len(seg) == 3 and method == 'POST':
            client_id = self.add_app(org, body['name'])
            self.apps[client_id].update((k, v) for k, v in body.items() if k != 'name')
            view = dict((k, v) for k, v in self.apps[client_id].items() if k != 'org')
            return FakeResponse(200, dict(view, client_secret='S' * 40))
        client_id = seg[3]
        if client_id not in self.apps or self.apps[client_id]['org'] != org:
            raise _error(url, 404, 'not_found', 'Not Found')
        if len(seg) == 4:
            if method == 'PUT':
                self.apps[client_id].update(body)
                return FakeResponse(200, dict((k, v) for k, v in self.apps[client_id].items() if k != 'org'))
            # As Quay does: the application's tokens go with it.
            del self.apps[client_id]
            self.tokens = [t for t in self.tokens if t['client_id'] != client_id]
            return FakeResponse(204, None)
        return self._tokens(method, url, client_id, seg[5:], query, body, auth)

    def _tokens(self, method, url, client_id, rest, query, body, auth):
        if method == 'GET':
            live = self.live(client_id)
            start = int(query.get('next_page', 0))
            page = {'tokens': [self._view(t) for t in live[start:start + self.page_size]]}
            if start + self.page_size < len(live):
                page['next_page'] = str(start + self.page_size)
            return FakeResponse(200, page)
        if method == 'POST':
            if 'scope' not in body and self.profile == 'quay-3.18':
                raise HTTPError(url, 400, 'BAD REQUEST', {}, io.BytesIO(json.dumps({
                    'detail': "'scope' is a required property\n\nFailed validating 'required' in schema:\n    {}",
                    'error_message': "'scope' is a required property\n\nFailed validating 'required' in schema:\n    {}",
                    'error_type': 'invalid_request', 'title': 'invalid_request', 'status': 400}).encode()))
            uuid = self.add_token(client_id, body['name'], scope=body.get('scope', 'repo:read'),
                                  expires_in=body.get('expiration', 7776000))
            self.tokens[0]['auth_method'] = {'bearer': 'oauth'}.get(auth, auth)
            secret = ('T%039d' % int(uuid.split('-')[1]))
            self.tokens[0]['secret'] = secret
            return FakeResponse(200, dict(self._view(self.tokens[0]), token=secret, token_type='Bearer', expires_in=1))
        for token in self.tokens:
            if token['uuid'] == rest[0] and token['client_id'] == client_id:
                self.tokens.remove(token)
                return FakeResponse(204, None)
        raise _error(url, 404, 'not_found', 'Not Found')

    @staticmethod
    def _view(token):
        return dict((k, v) for k, v in token.items() if k not in ('client_id', 'secret'))
