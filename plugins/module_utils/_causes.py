# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Why a module failed, in one word (the result field ``cause``) and in words at the head of its
one-line message, decided once for every module. The failed call stays in the message after
"Quay answered", so that nothing of it is lost."""

from __future__ import annotations

from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayApiError, QuayOptionError
from ansible_collections.projectquay.oauth.plugins.module_utils.messages import is_csrf_refusal

CREDENTIALS_REFUSED = 'credentials_refused'
LOCKED_OUT = 'locked_out'
FLAG_OFF = 'flag_off'
STARTUP_TOKEN_MISSING = 'startup_token_missing'
UNREACHABLE = 'unreachable'
OPTION = 'option'
API = 'api'
CAUSES = (CREDENTIALS_REFUSED, LOCKED_OUT, FLAG_OFF, STARTUP_TOKEN_MISSING, UNREACHABLE, OPTION, API)

_UNAUTHORIZED = 401
_TOO_MANY = 429
FLAG = 'FEATURE_PROGRAMMATIC_BOOTSTRAP'


def says_flag_off(*texts):
    """Whether the server's words (or a hint made of them) say the bootstrap flag is off."""
    return any(('%s is off' % FLAG) in (text or '') or ('%s is false' % FLAG) in (text or '') for text in texts)


def cause_of(exc):
    """The cause of a QuayError: one set where it was raised (``exc.cause``), else read from the answer."""
    explicit = getattr(exc, 'cause', None)
    if explicit:
        return explicit
    if not isinstance(exc, QuayApiError):
        return OPTION if isinstance(exc, QuayOptionError) else API
    if exc.status is None and getattr(exc, 'unreachable', False):
        return UNREACHABLE
    if exc.status == _TOO_MANY:
        return LOCKED_OUT
    if says_flag_off(exc.detail, exc.hint):
        return FLAG_OFF
    if exc.status == _UNAUTHORIZED or is_csrf_refusal(exc.status, exc.detail):
        # Quay answers a token it does not know like no credential: 401 to a read, the CSRF refusal to a change.
        return CREDENTIALS_REFUSED
    return API


def _credential_words(exc, params):
    if getattr(exc, 'signin_refused', False) or getattr(exc, 'option', None) == 'quay_password':
        return 'wrong username or password for quay_username %r' % (params.get('quay_username') or '')
    if params.get('quay_token'):
        return 'quay_token was refused (invalid, revoked or expired)'
    if params.get('quay_oidc_token'):
        return 'quay_oidc_token was refused'
    return 'the credential was refused'


def lead(cause, exc, params):
    """The words the message starts with for ``cause``, or None where the message already leads with it."""
    if cause == CREDENTIALS_REFUSED:
        if getattr(exc, 'option', None) and not getattr(exc, 'signin_refused', False):
            return None  # it leads with the credential option already ("quay_oidc_token: ...")
        return _credential_words(exc, params)
    if cause == LOCKED_OUT:
        wait = getattr(exc, 'retry_after', None)
        return 'locked out: retry in %d s' % wait if wait is not None else 'locked out (Quay gives no time to wait)'
    if cause == FLAG_OFF:
        return 'bootstrap credentials refused: %s is off on this Quay' % FLAG
    return None


def failure(exc, params):
    """(message, fields) of a module failure: ``cause``, ``retry_after`` when known, one line."""
    cause = cause_of(exc)
    fields = dict(cause=cause)
    if getattr(exc, 'retry_after', None) is not None:
        fields['retry_after'] = exc.retry_after
    words = lead(cause, exc, params)
    message = str(exc) if words is None else '%s: Quay answered %s' % (words, exc)
    return ' '.join(message.split()), fields
