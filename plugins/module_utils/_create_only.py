# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The policy for a credential that can create but not read (QuayReadRefused on the listing:
HTTP Basic bootstrap from an account that cannot sign in, or a JWT that quayref's proposal
profile takes on create calls only; Project Quay 3.18 has no such credential).

Such a run cannot look before it acts, so it acts first and looks with what it made: it creates
a token (and, for an application given by name, the application), and the new token, which holds
org:admin, lists, revokes the older tokens of the name and deletes an application of the name
this run duplicated. No run leaves a second application or a second live token of the name, and
what cannot be done that way fails before anything is created.
"""

from __future__ import annotations

from ansible_collections.projectquay.oauth.plugins.module_utils._application_api import Applications, looks_like_client_id
from ansible_collections.projectquay.oauth.plugins.module_utils._secret_file import file_attributes, store_token
from ansible_collections.projectquay.oauth.plugins.module_utils._token_api import Tokens
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayError, QuayOptionError

REASON = ('this credential cannot list tokens: a new token is created, and with it the older tokens of the name '
          '(and an application of the name created twice) are looked up and removed')
CHECK_REASON = ('a credential that can only create always creates a token, then cleans up after itself with it '
                '(older tokens of the name, a duplicate application); check mode cannot look')
_LOOKER = 'org:admin'


def check_create_only(params, scopes, refused):
    """Fail, before any change, where a run with this credential could not clean up after itself."""
    if params['uuid']:
        raise QuayOptionError('uuid', 'needs a credential that can read to look the token up: %s' % refused)
    if params['recreate'] == 'never':
        raise QuayOptionError('recreate', 'recreate=never needs a credential that can read to look for an existing '
                              'token: %s' % refused)
    if _LOOKER not in (scopes or []):
        raise QuayOptionError('scopes', 'with a credential that can only create (%s), the new token is what looks up and '
                              'removes older tokens and a duplicate application, which needs %s: add %s to scopes, or '
                              'give a credential that can read' % (refused, _LOOKER, _LOOKER))


class _Undo:
    """What this run created so far, and how to take it back if a later step fails."""

    def __init__(self):
        self.steps = []

    def push(self, what, call):
        self.steps.append((what, call))

    def drop(self, what):
        self.steps = [step for step in self.steps if step[0] != what]

    def failure(self, exc):
        """``exc`` as the run's error, after undoing what can be undone; it says what was, and what is left."""
        undone, left = [], []
        for what, call in reversed(self.steps):
            try:
                call()
                undone.append(what)
            except QuayError:
                left.append(what)
        text = str(exc)
        if undone:
            text += '; undone: %s' % ', '.join(undone)
        if left:
            text += '; left behind, remove with a credential that can read: %s' % ', '.join(left)
        self.steps = []
        error = QuayError(text)
        error.option = getattr(exc, 'option', None)
        return error


def ensure_created(tokens_api, params, scopes, expiration):
    """Create the token with a create-only credential, then clean up with it. Returns
    dict(created=the server's create answer, revoked=[views], application_created=bool)."""
    undo = _Undo()
    try:
        if looks_like_client_id(params['application']):
            return _in_application(tokens_api, params, scopes, expiration, undo)
        return _by_name(tokens_api, params, scopes, expiration, undo)
    except QuayError as exc:
        if not undo.steps:
            raise
        raise undo.failure(exc) from None


def _token_step(created, client_id):
    return 'token %s in application %s' % (created['uuid'], client_id)


def _in_application(tokens_api, params, scopes, expiration, undo):
    client_id = params['application']
    created = tokens_api.create(client_id, params['name'], scopes, expiration)
    own = Tokens(tokens_api.client.with_token(created['token']), tokens_api.organization)
    undo.push(_token_step(created, client_id), lambda: own.revoke(client_id, created['uuid']))
    return _finish(own, params, client_id, created, undo, application_created=False)


def _by_name(tokens_api, params, scopes, expiration, undo):
    org, name, client = tokens_api.organization, params['application'], tokens_api.client
    mine = Applications(client, org).create(name, {})['client_id']
    app_step = 'application %r (client_id %s) created by this run' % (name, mine)
    undo.push(app_step, _cannot)
    first = tokens_api.create(mine, params['name'], scopes, expiration)
    looker = Applications(client.with_token(first['token']), org)
    # Deleting the application takes its token with it.
    undo.drop(app_step)
    app_step += ', with token %s' % first['uuid']
    undo.push(app_step, lambda: looker.delete(mine))
    others = [app for app in looker.named(name) if app.get('client_id') != mine]
    if not others:
        return _finish(Tokens(looker.client, org), params, mine, first, undo, application_created=True)
    # Keep the first one listed (the oldest: Quay and quayref list by creation), so that every
    # run converges on the same application and a duplicate made before this run stays visible.
    kept = others[0]['client_id']
    created = Tokens(looker.client, org).create(kept, params['name'], scopes, expiration)
    final = Tokens(client.with_token(created['token']), org)
    undo.push(_token_step(created, kept), lambda: final.revoke(kept, created['uuid']))
    Applications(final.client, org).delete(mine)
    undo.drop(app_step)
    return _finish(final, params, kept, created, undo, application_created=False)


def _cannot():
    raise QuayError('a create-only credential cannot delete')


def _finish(final, params, client_id, created, undo, application_created):
    """List with the new token, store it, then revoke the older tokens of the name: dest holds the
    new secret before any older token goes, as for every other credential."""
    older = [t for t in final.listed(client_id) if t.get('name') == params['name'] and t.get('uuid') != created['uuid']]
    if params['dest']:
        store_token(params['dest'], params['dest_format'], created, final.client.base_url, file_attributes(params))
    undo.steps = []
    revoked = []
    for token in older:
        try:
            final.revoke(client_id, token['uuid'])
        except QuayError as exc:
            raise QuayError('token %s was created%s, but older token %s could not be revoked (%s); the next run '
                            'revokes it' % (created['uuid'], ' and written to dest' if params['dest'] else '',
                                            token['uuid'], exc)) from None
        revoked.append(token)
    return dict(created=created, revoked=revoked, application_created=application_created)
