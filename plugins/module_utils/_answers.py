# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What Quay's answers mean, decided once for every resource verb: "already exists", "already
gone", and the shape a successful answer must have before anything reads it."""

from __future__ import annotations

from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayApiError

_UNAUTHORIZED = 401
_FORBIDDEN = 403
_NOT_FOUND = 404
_BAD_REQUEST = 400
_CONFLICT = 409


def already_exists(exc):
    """A create refused because the name is taken: quayref's 409, or Quay 3.18's 400 saying so
    (Quay answers 400 for a bad name too, so the message decides)."""
    if exc.status == _CONFLICT:
        return True
    return exc.status == _BAD_REQUEST and 'already exists' in (exc.detail or '').lower()


def already_gone(exc, path):
    """The object at ``path`` is not there (never was, or was deleted meanwhile): Quay's 404 to
    the call to ``path`` itself. A 404 to a sign-in before it (a server that serves no password
    sign-in) says nothing about whether ``path`` exists."""
    return exc.status == _NOT_FOUND and exc.path == path


def bearer_accepted(exc):
    """What a refused GET made with a Bearer token says about that token: False when Quay did not
    accept it (401: unknown, revoked or expired, on Quay 3.18 and quayref alike), True when it
    did and only refused the call (403: the token lacks the scope, or its user the right).
    Any other answer says nothing about the token: None."""
    if exc.status == _UNAUTHORIZED:
        return False
    if exc.status == _FORBIDDEN:
        return True
    return None


def may_hide_absence(exc, path):
    """A 403 to the call to ``path`` itself: Quay 3.18 checks a non-superuser's right on an
    organization before it looks the organization up, so this may mean it does not exist; only
    the organization's own view (404 for a missing one, to anyone) can tell."""
    return exc.status == _FORBIDDEN and exc.path == path


def absent_is_none(call, path):
    """``call(path)``'s answer, or None where the object is already gone."""
    try:
        return call(path)
    except QuayApiError as exc:
        if already_gone(exc, path):
            return None
        raise


def delete_once(client, path):
    """DELETE ``path``: True when this call deleted it, False when it was already gone, which is
    the goal too (deleted meanwhile by another run or by hand)."""
    try:
        client.delete(path)
    except QuayApiError as exc:
        if already_gone(exc, path):
            return False
        raise
    return True


def require(body, method, path, *keys):
    """``body`` when it is an object with a non-empty value for every key; otherwise the error
    that says so, so that no caller reads half an answer."""
    if keys and not (isinstance(body, dict) and all(body.get(key) for key in keys)):
        raise QuayApiError(method, path, detail='the response has no %s' % ' or '.join(keys))
    if not isinstance(body, dict):
        raise QuayApiError(method, path, detail='the response is not a JSON object')
    return body


def require_list(body, method, path, key):
    """The list under ``key`` of ``body``, or the error that says it has none."""
    if not isinstance(body, dict) or not isinstance(body.get(key), list):
        raise QuayApiError(method, path, detail='the response has no "%s" list' % key)
    return body[key]
