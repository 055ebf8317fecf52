# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One HTTP client for Quay: base URL, credentials (chosen in credentials.py), JSON, errors, paging.

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

from ansible_collections.projectquay.oauth.plugins.module_utils._answers import require, require_list
from ansible_collections.projectquay.oauth.plugins.module_utils.credentials import (
    BASIC, BEARER, OIDC, SIGNIN_PATHS, Credentials,
)
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import (
    QuayApiError, QuayOptionError, QuayUnreachable, api_error_from_body, carry,
)

NO_CREDENTIALS = 'no credentials: set quay_token, quay_username and quay_password, or quay_oidc_token'
_MUTATING = frozenset(('POST', 'PUT', 'PATCH', 'DELETE'))
_MASK = '********'
# Quay lists 50 tokens a page: 100 pages is 5000 tokens, more than any application should hold.
MAX_PAGES = 100


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


def _with_hint(exc, hint):
    if not hint or exc.hint:
        return exc
    return carry(QuayApiError(exc.method, exc.path, status=exc.status, error_type=exc.error_type, detail=exc.detail,
                              hint=hint), exc)


class QuayClient:
    """HTTP, credentials and paging for one Quay instance, for one module run (then close())."""

    def __init__(self, host, token=None, username=None, password=None, oidc_token=None,
                 validate_certs=True, ca_path=None, timeout=30, request=None, require_credentials=True, anonymous=False):
        self.base_url = normalise_host(host)
        if bool(username) != bool(password):
            raise QuayOptionError('quay_username' if password else 'quay_password',
                                  'quay_username and quay_password must be given together')
        self.has_credentials = bool(token or password or oidc_token)
        # Quay's health answers need no credential: an anonymous client sends none, on every call.
        self._anonymous = anonymous and not self.has_credentials
        if require_credentials and not (self.has_credentials or self._anonymous):
            raise QuayOptionError('quay_token', NO_CREDENTIALS)
        self.credentials = Credentials(token=token, username=username, password=password, oidc=oidc_token)
        self._basic = None
        if password:
            self._basic = base64.b64encode(('%s:%s' % (username, password)).encode('utf-8')).decode('ascii')
        self._secrets = [s for s in (token, password, oidc_token, self._basic) if s]
        # netrc would silently add credentials nobody asked for; redirects
        # must not carry the Authorization header to another host.
        self._request = request or Request(
            validate_certs=validate_certs, ca_path=ca_path, timeout=timeout, use_netrc=False,
            http_agent='projectquay.oauth', follow_redirects='safe', unredirected_headers=['Authorization'])
        # The session's cookies live here and go only with session calls: a call made with a
        # Bearer token or HTTP Basic gets an empty jar, so that it carries one credential.
        self._jar = CookieJar()
        self._csrf = None
        self._signed_in = False

    # -- public API -----------------------------------------------------

    def with_token(self, token):
        """A client for the same server and connection settings that sends only ``token``."""
        other = QuayClient(self.base_url, token=token, request=self._request)
        other._secrets.extend(self._secrets)  # pylint: disable=protected-access
        return other

    def get(self, path, query=None):
        return self.request('GET', path, query=query)

    def post(self, path, body=None, create=False, headers=None):
        return self.request('POST', path, body=body, create=create, headers=headers)

    def put(self, path, body=None):
        return self.request('PUT', path, body=body)

    def delete(self, path):
        return self.request('DELETE', path)

    def paginate(self, path, key, max_pages=MAX_PAGES):
        """Every item of ``key`` across all pages, following Quay's opaque ``next_page``.

        Quay answers a next_page it cannot read with the first page again, and its cursors
        never repeat, so a page that brings back an item already listed ends the loop with
        an error, and so does reaching ``max_pages``.
        """
        items = []
        seen = set()
        cursor = None
        for page in range(1, max_pages + 1):
            body = self.get(path, query={'next_page': cursor} if cursor else None)
            for item in require_list(body, 'GET', path, key):
                ident = item.get('uuid') if isinstance(item, dict) else None
                if ident is not None and ident in seen:
                    raise QuayApiError('GET', path, detail='page %d lists %s again, which an earlier page listed: the server '
                                       'did not follow next_page' % (page, ident))
                seen.add(ident)
                items.append(item)
            cursor = body.get('next_page')
            if not cursor:
                return items
        raise QuayApiError('GET', path, detail='more than %d pages of "%s"; stopped there' % (max_pages, key))

    def request(self, method, path, body=None, query=None, create=False, headers=None):
        """Send one API call and return its decoded JSON (None when empty).

        ``create`` marks the three calls that bootstrap credentials may make (creating an
        organization, an application or a token). Which credential goes out, and which
        refusal moves on to the next, is decided in credentials.py. ``headers`` are sent
        besides the credential's (never an Authorization header).
        """
        if self._anonymous:
            return self._send(method, path, body=body, query=query, headers=headers, cookies=CookieJar())[1]
        if not self.has_credentials:
            raise QuayOptionError('quay_token', NO_CREDENTIALS)
        creds = self.credentials
        while True:
            mode = creds.choose(create)
            if mode is None:
                raise creds.exhausted(method, path, create)
            try:
                return self._call(mode, method, path, body=body, query=query, headers=headers)
            except QuayApiError as exc:
                if mode == BEARER or not creds.refused(mode, create, exc):
                    raise _with_hint(exc, creds.hint(mode, exc)) from None

    def close(self):
        """Sign the session out, if one was signed in: None, or why signing out failed."""
        if not self._signed_in:
            return None
        self._signed_in = False
        try:
            self._send('POST', '/api/v1/signout', headers={'X-CSRF-Token': self._csrf}, cookies=self._jar)
        except QuayApiError as exc:
            return str(exc)
        return None

    # -- internals --------------------------------------------------------

    def _call(self, mode, method, path, body=None, query=None, headers=None):
        headers = dict(headers or {})
        jar = CookieJar()
        if mode == BEARER:
            headers['Authorization'] = 'Bearer %s' % self.credentials.token
        elif mode == OIDC:
            headers['Authorization'] = 'Bearer %s' % self.credentials.oidc
        elif mode == BASIC:
            headers['Authorization'] = 'Basic %s' % self._basic
        else:
            self._sign_in()
            jar = self._jar
            if method in _MUTATING:
                headers['X-CSRF-Token'] = self._csrf
        return self._send(method, path, body=body, query=query, headers=headers, cookies=jar)[1]

    def _sign_in(self):
        if self._signed_in:
            return
        body = self._send('GET', SIGNIN_PATHS[0], cookies=self._jar)[1]
        token = require(body, 'GET', SIGNIN_PATHS[0], 'csrf_token')['csrf_token']
        headers, _answer = self._send('POST', SIGNIN_PATHS[1],
                                      body={'username': self.credentials.username, 'password': self.credentials.password},
                                      headers={'X-CSRF-Token': token}, cookies=self._jar)
        # Quay rotates the CSRF token at sign-in and refuses the old one from then on.
        self._csrf = (headers.get('X-Next-CSRF-Token') if headers else None) or token
        self._signed_in = True

    def _scrub(self, text):
        for secret in self._secrets:
            text = text.replace(secret, _MASK)
        return text

    def _send(self, method, path, body=None, query=None, headers=None, cookies=None):
        """(response headers, decoded JSON or None) of one HTTP request; QuayApiError otherwise."""
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
            answer_headers = response.headers
        except HTTPError as exc:
            try:
                raw = exc.read()
            except Exception:  # pylint: disable=broad-exception-caught
                raw = b''
            raw = self._scrub(raw.decode('utf-8', 'replace')).encode('utf-8')
            raise api_error_from_body(method, path, exc.code, raw, headers=exc.headers) from None
        except (URLError, UrlsConnectionError, socket.timeout, OSError, ValueError) as exc:
            reason = getattr(exc, 'reason', None) or exc
            raise QuayUnreachable(method, path, self.base_url, self._scrub(str(reason))) from None
        if not raw or not raw.strip():
            return answer_headers, None
        try:
            return answer_headers, json.loads(raw.decode('utf-8'))
        except (ValueError, UnicodeDecodeError):
            raise QuayApiError(method, path, detail='the response is not JSON') from None
