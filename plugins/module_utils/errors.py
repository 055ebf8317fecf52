# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Exceptions raised by the Quay client; modules turn them into one fail_json."""

from __future__ import annotations

from ansible_collections.projectquay.oauth.plugins.module_utils.messages import one_line, server_message


class QuayError(Exception):
    """Base class: the message is safe to show to a user (it never holds a secret)."""


class QuayOptionError(QuayError):
    """An option is missing or wrong: a connection option (before any HTTP request), or a value
    the server shows names nothing (``application``). ``option`` is in the module's failure."""

    def __init__(self, option, message):
        self.option = option
        super().__init__('%s: %s' % (option, message))


class QuayApiError(QuayError):
    """An HTTP request failed: carries status, method and path for the message."""

    # Set where they are known: the seconds a lockout lasts (Retry-After), a failed sign-in behind
    # the error, a server that could not be reached, or the cause outright (_causes.py reads them).
    retry_after = None
    signin_refused = False
    unreachable = False
    cause = None

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
            text += ': %s' % self.detail.rstrip('.')
        if self.hint:
            text += '. %s' % self.hint
        return one_line(text)


def carry(new, old):
    """``new`` (an error made from ``old``) with what _causes reads of ``old``."""
    for key in ('retry_after', 'signin_refused', 'unreachable', 'cause'):
        if getattr(new, key) in (None, False):
            setattr(new, key, getattr(old, key, None))
    return new


class QuayUnreachable(QuayApiError):
    """No answer at all: refused connection, DNS, timeout, TLS. The message leads with that."""

    unreachable = True

    def __init__(self, method, path, base_url, reason):
        self.base_url = base_url
        super().__init__(method, path, detail=reason)

    def _render(self):
        return one_line('cannot reach Quay at %s: %s (%s %s)' % (self.base_url, self.detail, self.method, self.path))


class QuayReadRefused(QuayApiError):
    """No credential given can read on this server, but one may still create.

    Raised for a read call when every reading credential was refused (an OIDC JWT that the
    server accepts on create calls only, a password whose sign-in failed) while a create
    credential is left (that JWT, or HTTP Basic). Modules that can work without a lookup
    catch it; ``option`` names the credential, and the message says why it cannot read.
    """

    def __init__(self, option, method, path, status=None, error_type=None, detail=None, hint=None):
        self.option = option
        super().__init__(method, path, status=status, error_type=error_type, detail=detail, hint=hint)

    def _render(self):
        return '%s: %s' % (self.option, self.reason)

    @property
    def reason(self):
        """The message without the option in front, for a message that names the option itself."""
        return super()._render()


class QuayNotYet(QuayOptionError):
    """The application an option names does not exist (yet). ``reason`` is what check mode reports:
    a run after the task that creates it would find it."""

    def __init__(self, option, message, reason):
        self.reason = reason
        super().__init__(option, message)


class QuayOrganizationMissing(QuayApiError):
    """The organization does not exist (yet): the failed call, with what to do as its hint and
    ``option`` naming O(organization); ``reason`` is what check mode reports."""

    def __init__(self, exc, organization):
        self.option = 'organization'
        self.reason = 'organization %r does not exist yet' % organization
        super().__init__(exc.method, exc.path, status=exc.status, error_type=exc.error_type, detail=exc.detail,
                         hint='%s: create it first (projectquay.oauth.quay_organization) or correct organization'
                         % self.reason)
        carry(self, exc)


# What a check-mode run on a Quay that lacks the organization or the application predicts from.
NOT_YET = (QuayNotYet, QuayOrganizationMissing)


def api_error_from_body(method, path, status, raw, headers=None, hint=None):
    """A QuayApiError carrying the server's own message, whatever the shape of the body."""
    detail, error_type = server_message(raw, headers)
    error = QuayApiError(method, path, status=status, error_type=error_type, detail=detail, hint=hint)
    error.retry_after = retry_after_seconds(headers)
    return error


def retry_after_seconds(headers):
    """Retry-After as whole seconds, or None when the answer has none (or an HTTP date)."""
    value = str((headers or {}).get('Retry-After') or '').strip()
    return int(value) if value.isdigit() else None
