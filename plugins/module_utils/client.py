# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One HTTP client for Quay: base URL, auth choice, JSON, errors, paging.

It knows nothing about Ansible results: every failure is raised as a
QuayError whose message is safe to show, and the module decides what to do.
"""

from __future__ import annotations

import base64
import json
import socket
from http.cookiejar import CookieJar
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode, urlsplit

from ansible.module_utils.urls import ConnectionError as UrlsConnectionError, Request

from ansible_collections.projectquay.oauth.plugins.module_utils.errors import (
    QuayApiError,
    QuayOptionError,
    api_error_from_body,
)

BEARER = 'bearer'
SESSION = 'session'
BASIC = 'basic'
OIDC = 'oidc'

_MUTATING = frozenset(('POST', 'PUT', 'PATCH', 'DELETE'))
_MASK = '********'


def normalise_host(host):
    """Return ``scheme://host[:port][/prefix]`` without a trailing slash or ``/api/v1``.

    infra.quay_configuration accepts a bare host name and prepends https://,
    so the same module_defaults value must work here.
    """
    if not isinstance(host, str) or not host.strip():
        raise QuayOptionError('quay_host', 'is required (or set QUAY_HOST)')
    text = host.strip()
    if '://' not in text:
        text = 'https://' + text
    parts = urlsplit(text)
    if parts.scheme not in ('http', 'https') or not parts.hostname or ' ' in text:
        raise QuayOptionError('quay_host', 'must be an http(s) URL such as https://quay.example.com, got %r' % host)
    if parts.username or parts.password:
        raise QuayOptionError('quay_host', 'must not contain credentials; use quay_username and quay_password')
    if parts.query or parts.fragment:
        raise QuayOptionError('quay_host', 'must not contain a query or fragment')
    path = parts.path.rstrip('/')
    if path.endswith('/api/v1'):
        path = path[:-len('/api/v1')]
    return '%s://%s%s' % (parts.scheme, parts.netloc, path)


def api_path(*parts, **kwargs):
    """Join path parts under /api/v1, each URL-quoted so '/', '?' or '%' in a name stay inside it."""
    path = '/api/v1/' + '/'.join(quote(str(part), safe='') for part in parts)
    if kwargs.get('trailing_slash'):
        path += '/'
    return path


def choose_auth(bootstrap, has_token, has_password, has_oidc):
    """Pick how one call authenticates (pure, so the table is unit-tested).

    An OAuth token works everywhere. Calls that accept bootstrap auth (create
    organization, application, token) otherwise use the OIDC JWT, else HTTP
    Basic; every other call needs a signed-in session.
    """
    if has_token:
        return BEARER
    if bootstrap and has_oidc:
        return OIDC
    if bootstrap and has_password:
        return BASIC
    if has_password:
        return SESSION
    return None


class QuayClient:
    """HTTP + auth + paging for one Quay instance."""

    def __init__(self, host, token=None, username=None, password=None, oidc_token=None,
                 validate_certs=True, ca_path=None, timeout=30, request=None):
        self.base_url = normalise_host(host)
        if bool(username) != bool(password):
            raise QuayOptionError('quay_username' if password else 'quay_password',
                                  'quay_username and quay_password must be given together')
        if not (token or password or oidc_token):
            raise QuayOptionError('quay_token', 'no credentials: set quay_token, quay_username and quay_password, or quay_oidc_token')
        self._token = token or None
        self._username = username or None
        self._password = password or None
        self._oidc = oidc_token or None
        self._secrets = [s for s in (token, password, oidc_token) if s]
        # netrc would silently add credentials nobody asked for; redirects
        # must not carry the Authorization header to another host.
        self._request = request or Request(
            validate_certs=validate_certs, ca_path=ca_path, timeout=timeout, use_netrc=False,
            http_agent='projectquay.oauth', follow_redirects='safe', unredirected_headers=['Authorization'])
        self._csrf = None
        self._signed_in = False
        # Set once HTTP Basic was refused with 401 on a bootstrap call: the
        # later bootstrap calls of this client go straight to the session.
        self._basic_refused = False

    # -- public API -----------------------------------------------------

    def can(self, bootstrap=False):
        """True when a call of this kind has credentials (lets modules fail before HTTP)."""
        return choose_auth(bootstrap, bool(self._token), bool(self._password), bool(self._oidc)) is not None

    def auth_for(self, bootstrap=False):
        return choose_auth(bootstrap, bool(self._token), bool(self._password), bool(self._oidc))

    def get(self, path, query=None):
        return self.request('GET', path, query=query)

    def post(self, path, body=None, bootstrap=False):
        return self.request('POST', path, body=body, bootstrap=bootstrap)

    def put(self, path, body=None):
        return self.request('PUT', path, body=body)

    def delete(self, path):
        return self.request('DELETE', path)

    def get_or_none(self, path):
        """GET that answers None for 404, for "does it exist" lookups."""
        try:
            return self.get(path)
        except QuayApiError as exc:
            if exc.status == 404:
                return None
            raise

    def paginate(self, path, key):
        """Every item of ``key`` across all pages, following Quay's opaque ``next_page``."""
        items = []
        cursor = None
        seen = set()
        while True:
            body = self.get(path, query={'next_page': cursor} if cursor else None)
            if not isinstance(body, dict) or not isinstance(body.get(key), list):
                raise QuayApiError('GET', path, detail='the response has no "%s" list' % key)
            items.extend(body[key])
            cursor = body.get('next_page')
            if not cursor:
                return items
            if cursor in seen:
                raise QuayApiError('GET', path, detail='the server sent the same next_page cursor twice')
            seen.add(cursor)

    def request(self, method, path, body=None, query=None, bootstrap=False):
        """Send one authenticated API call and return its decoded JSON (None when empty).

        A bootstrap call sent with HTTP Basic that the server answers with 401
        (a Quay with FEATURE_PROGRAMMATIC_BOOTSTRAP false, or a user that only
        has a session) is sent once more over a signed-in session. Basic stays
        first: a zero-touch server needs it, and an LDAP user may have no
        session there.
        """
        mode = self.auth_for(bootstrap)
        if mode == BASIC and self._basic_refused:
            mode = SESSION
        if mode == BASIC:
            try:
                return self._call(mode, method, path, body=body, query=query)
            except QuayApiError as exc:
                if exc.status != 401:
                    raise
                refused = exc
            try:
                self._sign_in()
            except QuayApiError as exc:
                raise QuayApiError(
                    method, path, status=refused.status, error_type=refused.error_type,
                    detail='HTTP Basic (bootstrap authentication) was refused%s, and signing in for a session '
                           'failed too: %s' % (': %s' % refused.detail if refused.detail else '', exc),
                    hint=self._hint(BASIC)) from None
            self._basic_refused = True
            mode = SESSION
        return self._call(mode, method, path, body=body, query=query)

    def _call(self, mode, method, path, body=None, query=None):
        if mode is None:
            raise QuayOptionError(
                'quay_oidc_token',
                '%s %s needs quay_token or quay_username and quay_password; quay_oidc_token is '
                'accepted only when creating an organization, application or token' % (method, path))
        headers = {}
        jar = None
        if mode == BEARER:
            headers['Authorization'] = 'Bearer %s' % self._token
        elif mode == OIDC:
            headers['Authorization'] = 'Bearer %s' % self._oidc
            jar = CookieJar()
        elif mode == BASIC:
            creds = ('%s:%s' % (self._username, self._password)).encode('utf-8')
            headers['Authorization'] = 'Basic %s' % base64.b64encode(creds).decode('ascii')
            # A session cookie next to Basic would make the server treat the
            # call as a normal session call, not as bootstrap auth.
            jar = CookieJar()
        else:
            self._sign_in()
            if method in _MUTATING:
                headers['X-CSRF-Token'] = self._csrf
        return self._send(method, path, body=body, query=query, headers=headers, cookies=jar,
                          hint=self._hint(mode))

    # -- internals --------------------------------------------------------

    @staticmethod
    def _hint(mode):
        if mode == BEARER:
            return 'Check that quay_token is valid and has the scope this call needs'
        if mode in (BASIC, OIDC):
            return ('Bootstrap credentials (HTTP Basic or an OIDC token) are accepted only on create calls, '
                    'only by a superuser, and only while FEATURE_PROGRAMMATIC_BOOTSTRAP is true')
        return 'Check quay_username and quay_password'

    def _sign_in(self):
        if self._signed_in:
            return
        body = self._send('GET', '/csrf_token', hint=None)
        token = body.get('csrf_token') if isinstance(body, dict) else None
        if not token:
            raise QuayApiError('GET', '/csrf_token', detail='the response has no csrf_token')
        self._csrf = token
        self._send('POST', '/api/v1/signin', body={'username': self._username, 'password': self._password},
                   headers={'X-CSRF-Token': self._csrf}, hint='Check quay_username and quay_password')
        self._signed_in = True

    def _scrub(self, text):
        for secret in self._secrets:
            text = text.replace(secret, _MASK)
        return text

    def _send(self, method, path, body=None, query=None, headers=None, cookies=None, hint=None):
        url = self.base_url + path
        if query:
            url += '?' + urlencode(query)
        all_headers = {'Accept': 'application/json'}
        all_headers.update(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode('utf-8')
            all_headers['Content-Type'] = 'application/json'
        try:
            response = self._request.open(method, url, data=data, headers=all_headers, cookies=cookies)
            raw = response.read()
            next_csrf = response.headers.get('X-Next-CSRF-Token') if response.headers else None
        except HTTPError as exc:
            try:
                raw = exc.read()
            except Exception:  # pylint: disable=broad-exception-caught
                raw = b''
            raw = self._scrub(raw.decode('utf-8', 'replace')).encode('utf-8')
            raise api_error_from_body(method, path, exc.code, raw, hint=hint if exc.code in (401, 403) else None) from None
        except (URLError, UrlsConnectionError, socket.timeout, OSError, ValueError) as exc:
            reason = getattr(exc, 'reason', None) or exc
            raise QuayApiError(method, path, detail='cannot reach %s: %s' % (self.base_url, self._scrub(str(reason)))) from None
        if next_csrf:
            self._csrf = next_csrf
        if not raw or not raw.strip():
            return None
        try:
            return json.loads(raw.decode('utf-8'))
        except (ValueError, UnicodeDecodeError):
            raise QuayApiError(method, path, detail='the response is not JSON') from None
