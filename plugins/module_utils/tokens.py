# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The token idempotency decision, free of HTTP and Ansible so it can be tested as a table."""

from __future__ import annotations

import re

from ansible_collections.projectquay.oauth.plugins.module_utils.durations import parse_timestamp
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayError

# Quay's OAuth scopes; an unknown one is refused by the server with a 400, so
# the module refuses it first, naming the option, without a request.
QUAY_SCOPES = ('repo:read', 'repo:write', 'repo:admin', 'repo:create',
               'user:read', 'user:admin', 'org:admin', 'super:user')

# The metadata a token view carries; anything else (above all ``token``) is dropped.
VIEW_FIELDS = ('uuid', 'name', 'scope', 'expires_at', 'created', 'created_by', 'last_accessed', 'auth_method')

KEEP = 'keep'
CREATE = 'create'
REPLACE = 'replace'
FAIL = 'fail'


def split_scopes(value):
    """Quay scope strings are space- or comma-separated; return them de-duplicated in order."""
    items = value if isinstance(value, (list, tuple)) else [value or '']
    seen = []
    for item in items:
        for scope in re.split(r'[\s,]+', str(item).strip()):
            if scope and scope not in seen:
                seen.append(scope)
    return seen


def public_view(token):
    """The token's metadata only: never the secret, whatever the server sent."""
    return dict((key, token.get(key)) for key in VIEW_FIELDS)


class Plan:
    """What a present run will do: keep one token, create one, replace some, or refuse."""

    def __init__(self, action, keep=None, revoke=None, reason=''):
        self.action = action
        self.keep = keep
        self.revoke = list(revoke or [])
        self.reason = reason

    @property
    def changed(self):
        return self.action in (CREATE, REPLACE)

    def __repr__(self):
        return 'Plan(%s, keep=%s, revoke=%s, reason=%r)' % (
            self.action, (self.keep or {}).get('uuid'), [t.get('uuid') for t in self.revoke], self.reason)


def token_time(token, field):
    """A token's ``field`` as epoch seconds (None for null); a value that is no time fails the
    run showing it, as an expiry read as "never" would silently stop renew_before."""
    try:
        return parse_timestamp(token.get(field))
    except ValueError as exc:
        raise QuayError('token %s: the server sent %s %s' % (token.get('uuid'), field, exc)) from None


def _newest_first(tokens):
    # Quay lists newest first; sort on the parsed time all the same, the order is the rule here.
    return sorted(tokens, key=lambda t: token_time(t, 'created') or 0.0, reverse=True)


def token_problems(token, scopes, renew_before, now):
    """Why ``token`` does not satisfy the request (empty list: it does)."""
    problems = []
    if scopes is not None:
        have = set(split_scopes(token.get('scope')))
        if have != set(scopes):
            problems.append('its scopes are %r, wanted %r' % (' '.join(sorted(have)), ' '.join(sorted(scopes))))
    expires = token_time(token, 'expires_at')
    if expires is not None and expires - now <= renew_before:
        problems.append('it expires at %s, within renew_before (%ss)' % (token.get('expires_at'), renew_before))
    return problems


# Why a token must be replaced although it may match: its secret is not in dest.
NO_SECRET = 'dest holds no secret and Quay never shows an existing token\'s secret again'


def plan_present(tokens, name, scopes=None, renew_before=0, now=0.0, recreate='state_change',
                 uuid=None, dest_problem=None, stored_uuid=None):
    """Decide what ``state: present`` does with the application's current tokens.

    ``scopes`` None means "any scopes will do". ``dest_problem`` says why ``dest``, when asked
    for, cannot keep the token it holds (no secret, a refused one, another server's...): only a
    new token can fill it. ``stored_uuid`` is the uuid ``dest`` records; then only that very
    token may be kept, and its absence from the listing is the reason to replace.
    """
    candidates = _newest_first([t for t in tokens if t.get('name') == name and (uuid is None or t.get('uuid') == uuid)])
    gone = None
    if stored_uuid is not None and not dest_problem and not any(t.get('uuid') == stored_uuid for t in candidates):
        dest_problem = gone = 'the stored token %s is no longer live' % stored_uuid
    if not candidates:
        if uuid is not None:
            return Plan(FAIL, reason='uuid: no token %r named %r in this application' % (uuid, name))
        reason = 'no token named %r exists' % name
        return Plan(CREATE, reason='%s and %s' % (gone, reason) if gone else reason)
    if recreate == 'always':
        return Plan(REPLACE, revoke=candidates, reason='recreate=always replaces the token on every run')
    mine = [t for t in candidates if stored_uuid in (None, t.get('uuid'))] or candidates
    good = [t for t in mine if not token_problems(t, scopes, renew_before, now)]
    if good and not dest_problem:
        return Plan(KEEP, keep=good[0])
    if dest_problem:
        reason = dest_problem
    else:
        reason = 'token %s: %s' % (mine[0].get('uuid'), '; '.join(token_problems(mine[0], scopes, renew_before, now)))
    if recreate == 'never':
        return Plan(FAIL, reason='token %r must be replaced because %s, but recreate=never' % (name, reason))
    return Plan(REPLACE, revoke=candidates, reason=reason)


def select_tokens(tokens, name=None, uuid=None):
    """Tokens of the name and/or the one uuid (what absent revokes and info lists)."""
    return [t for t in tokens
            if (name is None or t.get('name') == name) and (uuid is None or t.get('uuid') == uuid)]


def token_diff(before, after):
    """Diff mode payload: metadata lists before/after, sorted for a stable display."""
    def _side(views):
        return {'tokens': sorted((public_view(t) for t in views), key=lambda v: str(v.get('uuid')))}
    return {'before': _side(before), 'after': _side(after)}


def scopes_to_send(plan, scopes, name):
    """The scopes of the token a plan creates: ``scopes`` when given; else those of the newest
    token it replaces. A brand-new token needs them given: Quay 3.18 has no default scope
    (it answers 400 "'scope' is a required property")."""
    if scopes:
        return list(scopes)
    if plan.revoke:
        kept = split_scopes(plan.revoke[0].get('scope'))
        if kept:
            return kept
    raise QuayError('scopes: required to create token %r (Quay has no default scope); give the scopes the token needs' % name)
