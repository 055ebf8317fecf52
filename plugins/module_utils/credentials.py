# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which credential a call goes out with, what a refusal means, and what the error then says.

The one place of the rule (docs/modules.md describes it for users):

- ``quay_token``: a Bearer token, on every call. Nothing else is tried.
- ``quay_oidc_token``: the JWT as a Bearer token, on every call until the server refuses it
  (401, or Quay's 403 "CSRF token was invalid or missing", its answer to a JWT it does not
  take). A refusal on a read rules it out for reads only: quayref's proposal profile takes a
  JWT on create calls alone, Project Quay on every call when its issuer is configured.
- ``quay_username``/``quay_password``: a session (GET /csrf_token, POST /api/v1/signin,
  then the X-Next-CSRF-Token of the sign-in answer on every mutating call). HTTP Basic is
  sent only on create calls and only once sign-in has failed: Project Quay ignores Basic
  (GET 401, mutating calls 403 CSRF), and quayref's proposal profile takes it on creates,
  from a superuser, while FEATURE_PROGRAMMATIC_BOOTSTRAP is true; that is what an account
  that cannot sign in (an LDAP service account there) still has.

Each credential is refused at most once per module run: the client remembers.
"""

from __future__ import annotations

from ansible_collections.projectquay.oauth.plugins.module_utils._causes import CREDENTIALS_REFUSED, LOCKED_OUT
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayApiError, QuayReadRefused
from ansible_collections.projectquay.oauth.plugins.module_utils.messages import HTML_PAGE, is_csrf_refusal

BEARER = 'bearer'
OIDC = 'oidc'
SESSION = 'session'
BASIC = 'basic'

SIGNIN_PATHS = ('/csrf_token', '/api/v1/signin')
# Sign-in answers: Quay 3.18's throttle after a failed one; no password sign-in on this server.
_TOO_MANY = 429
_NO_SIGNIN = (404, 405)


class Credentials:
    """The credentials of one module run and what the server has refused so far."""

    def __init__(self, token=None, username=None, password=None, oidc=None):
        self.token = token or None
        self.username = username or None
        self.password = password or None
        self.oidc = oidc or None
        self.signin_failure = None
        self._refused = {}

    def choose(self, create):
        """The credential for the next attempt of a call (``create``: one of the three create
        calls that bootstrap credentials may make), or None when none is left."""
        if self.token:
            return BEARER
        for mode in (OIDC, SESSION, BASIC):
            if self.usable(mode, create):
                return mode
        return None

    def usable(self, mode, create):
        if mode == OIDC:
            return bool(self.oidc) and (OIDC, create) not in self._refused
        if mode == SESSION:
            return bool(self.password) and self.signin_failure is None
        if mode == BASIC:
            return create and bool(self.password) and self.signin_failure is not None and (BASIC, True) not in self._refused
        return mode == BEARER and bool(self.token)

    def refused(self, mode, create, exc):
        """Record ``exc`` and answer True when it means "not this credential" (try the next);
        False when it is the server's real answer to the call (raise it)."""
        if mode == SESSION:
            if exc.path in SIGNIN_PATHS and exc.status is not None and 400 <= exc.status < 500:
                self.signin_failure = exc
                return True
            return False
        if mode in (OIDC, BASIC) and (exc.status == 401 or is_csrf_refusal(exc.status, exc.detail)):
            self._refused[(mode, create)] = exc
            return True
        return False

    def create_left(self):
        return any(self.usable(mode, True) for mode in (OIDC, SESSION, BASIC))

    # -- what the error says ----------------------------------------------------

    def _why(self, mode, create):
        """One clause per credential refused for this kind of call, in the order tried."""
        parts = []
        oidc = self._refused.get((OIDC, create))
        if mode != OIDC and oidc is not None:
            parts.append(_oidc_refusal(oidc, create))
        if mode != SESSION and self.signin_failure is not None:
            parts.append('sign-in for a session failed: %s' % _signin_clause(self.signin_failure))
        return parts

    def exhausted(self, method, path, create):
        """The error for a call that no credential is left for, with what the failed sign-in says
        of the cause (a wrong password, a throttle and its seconds)."""
        error = self._exhausted(method, path, create)
        failure = self.signin_failure
        if failure is not None:
            error.retry_after = failure.retry_after
            if failure.status == _TOO_MANY:
                error.cause = LOCKED_OUT
            elif failure.path == SIGNIN_PATHS[1] and failure.status not in _NO_SIGNIN:
                error.signin_refused = True
                error.cause = CREDENTIALS_REFUSED
        return error

    def _exhausted(self, method, path, create):
        last_mode, last = self._last(create)
        if last is None:
            return QuayApiError(method, path, detail='no credential given can make this call')
        if not create and self.create_left():
            option = 'quay_oidc_token' if self.oidc and not self.password else 'quay_password'
            return QuayReadRefused(option, last.method, last.path, status=last.status, error_type=last.error_type,
                                   detail=last.detail, hint=self._read_hint(last_mode))
        clauses = []
        if last_mode == BASIC:
            if is_csrf_refusal(last.status, last.detail):
                clauses.append('this Quay has no Basic bootstrap')
            else:
                clauses.append('HTTP Basic (bootstrap authentication) was refused')
        clauses.extend(self._why(last_mode, create))
        if last_mode == OIDC:
            clauses.append(_oidc_refusal(last, create))
        return QuayApiError(last.method, last.path, status=last.status, error_type=last.error_type, detail=last.detail,
                            hint=_sentence('; '.join(clauses)))

    def _last(self, create):
        if (BASIC, create) in self._refused:
            return BASIC, self._refused[(BASIC, create)]
        if self.signin_failure is not None:
            return SESSION, self.signin_failure
        if (OIDC, create) in self._refused:
            return OIDC, self._refused[(OIDC, create)]
        return None, None

    def _read_hint(self, last_mode):
        clauses = self._why(last_mode, False)
        if last_mode == SESSION:
            clauses.append(_signin_advice(self.signin_failure))
        else:
            clauses.append(_oidc_refusal(self._refused[(OIDC, False)], False))
            clauses.append('add quay_token, or quay_username and quay_password, to read')
        return _sentence('; '.join(clauses))

    def hint(self, mode, exc):
        """A hint that holds for this answer to a call made with ``mode``, or None."""
        return _sentence(self._hint(mode, exc))

    def _hint(self, mode, exc):
        status = exc.status
        if mode == BEARER and status == 401:
            return 'quay_token is invalid, revoked or expired'
        if mode == BEARER and is_csrf_refusal(status, exc.detail):
            return 'Quay answers a token it does not know (invalid, revoked or expired) as if none was sent: quay_token is not valid'
        if status == 403 and mode in (BEARER, OIDC):
            return 'the %s lacks a scope or a right this call needs' % ('token' if mode == BEARER else "JWT's user")
        if status == 403 and mode == SESSION and not is_csrf_refusal(status, exc.detail):
            return 'user %s lacks the rights this call needs' % self.username
        if status == 401 and mode == SESSION:
            return 'the session ended (signed out or expired)'
        if status == 404 and exc.detail == HTML_PAGE:
            return 'check quay_host: it must be the address of Quay itself'
        return None


def _signin_clause(exc):
    text = exc.detail or 'HTTP %s' % exc.status
    if exc.status == 429:
        text += ' (Quay throttles sign-in after a failed one)'
    return text


def _signin_advice(exc):
    if exc.status == 429:
        return 'sign-in is throttled after a failed one: wait, then check quay_password'
    if exc.path == SIGNIN_PATHS[1] and exc.status in (404, 405):
        # Its /csrf_token answered, so this is Quay with password sign-in turned off (FEATURE_DIRECT_LOGIN).
        return 'this server has no password sign-in: add quay_token to read'
    return 'sign-in for a session failed: check quay_username and quay_password'


def _oidc_refusal(exc, create):
    if is_csrf_refusal(exc.status, exc.detail):
        return 'Quay took quay_oidc_token for no credential (it accepts a JWT only from an issuer in its *_LOGIN_CONFIG)'
    if create:
        return 'the server did not accept quay_oidc_token'
    return 'quay_oidc_token was refused for reading (quayref\'s proposal profile accepts it on create calls only)'


def _sentence(text):
    """Capitalised, unless it starts with an option name, which keeps its spelling."""
    if not text:
        return None
    return text if '_' in text.split(' ', 1)[0] else text[:1].upper() + text[1:]
