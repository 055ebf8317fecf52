# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the token kept in ``dest`` means for a run: may it be kept, must it be replaced, does its
file go with it. The file's formats and writing are _secret_file's."""

from __future__ import annotations

import os
import time

from ansible_collections.projectquay.oauth.plugins.module_utils._answers import bearer_accepted
from ansible_collections.projectquay.oauth.plugins.module_utils._secret_file import (
    JSON, TEXT, attributes_view, file_attributes, file_content, fix_attributes, stat_mode, store_token, stored_view,
    wanted_view, write_secret_file,
)
from ansible_collections.projectquay.oauth.plugins.module_utils._token_api import Tokens
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayApiError, QuayOptionError, QuayReadRefused
from ansible_collections.projectquay.oauth.plugins.module_utils.tokens import CREATE, KEEP, NO_SECRET, plan_present

REFUSED_SECRET = 'the secret in dest is no longer accepted by Quay (revoked or expired)'
_CREDENTIAL_OPTIONS = 'quay_token, quay_username and quay_password, or quay_oidc_token'


def stored_standing(stored, name, dest_format, quay_host):
    """(problem, uuid) of what ``dest`` holds for a present run: ``problem`` says why only a new
    token can fill ``dest`` (None: it may keep a token); ``uuid`` is the very token it records,
    None when it records none (a bare secret, or Quay's own file: only the secret can be checked)."""
    if stored is None:
        return NO_SECRET, None
    if stored['quay_host'] and stored['quay_host'].rstrip('/') != quay_host:
        return 'dest holds a token of %s, not of %s' % (stored['quay_host'], quay_host), None
    if stored['uuid'] is None:
        if dest_format == JSON:
            return ('dest records no token uuid (a bare secret, or a file Quay wrote), and dest_format=json '
                    'records which token it holds, which only a new token can tell'), None
        return None, None
    if stored['name'] not in (None, name):
        return 'dest holds token %s named %r, not %r' % (stored['uuid'], stored['name'], name), None
    return None, stored['uuid']


def stored_is_dead(stored, name, uuid, live_uuids, quay_host):
    """Whether ``dest`` holds a token that is gone once an absent run revoked what it revokes
    (``live_uuids``: the tokens still live after it): so the file goes too. A file of another
    server stays. Without a recorded uuid the file is this task's token when the run revokes
    every token of ``name``; with the O(uuid) option it cannot tell, and the file stays."""
    if stored is None:
        return False
    if stored['quay_host'] and stored['quay_host'].rstrip('/') != quay_host:
        return False
    if stored['uuid'] is not None:
        return stored['uuid'] not in live_uuids
    return uuid is None and name is not None


def _same_server(stored, quay_host):
    return not stored['quay_host'] or stored['quay_host'].rstrip('/') == quay_host


def read_with_stored(tokens_api, params, stored):
    """(listing, verdict) of O(read_with_dest): ``listing`` is (client_id, tokens) as the secret in
    ``dest`` listed them, or None when it did not; ``verdict`` is True when Quay accepted that
    secret (it listed, or answered 403: live, without org:admin), False when it refused it (401),
    None when it was not tried (option off, no secret, or a secret of another server, which is
    never sent here). Where it did not list, the credential options read instead: without any,
    this fails naming the option, as nothing else could read."""
    if not params.get('read_with_dest') or stored is None or not _same_server(stored, tokens_api.client.base_url):
        return None, None
    reader = Tokens(tokens_api.client.with_token(stored['access_token']), tokens_api.organization)
    try:
        return reader.list(params['application']), True
    except QuayApiError as exc:
        verdict = bearer_accepted(exc)
        if verdict is None:
            raise
    if not tokens_api.client.has_credentials:
        why = ('Quay no longer accepts the token in dest (revoked or expired)' if verdict is False else
               'the token in dest is live but cannot list the tokens (it lacks org:admin, or its user the right)')
        raise QuayOptionError('read_with_dest', '%s, and no credential option is given to read with: set %s'
                              % (why, _CREDENTIAL_OPTIONS))
    return None, verdict


def present_listing(tokens_api, params, stored):
    """(client_id, tokens, refused, verdict) for state=present: the listing made with the secret in
    dest when O(read_with_dest) lets it, else with the credential options; ``refused`` is their
    refusal when they can only create (``tokens`` is then None); ``verdict`` is read_with_stored's."""
    listing, verdict = read_with_stored(tokens_api, params, stored)
    if listing is not None:
        return listing[0], listing[1], None, verdict
    try:
        client_id, tokens = tokens_api.list(params['application'])
    except QuayReadRefused as refused:
        return params['application'], None, refused, verdict
    return client_id, tokens, None, verdict


def create_and_store(tokens_api, params, client_id, scopes, expiration, old_uuids):
    """Create the token, write dest, then revoke ``old_uuids``: the server's create answer."""
    require_change_credentials(tokens_api.client)
    created = tokens_api.create(client_id, params['name'], scopes, expiration)
    if params['dest']:
        try:
            store_token(params['dest'], params['dest_format'], created, tokens_api.client.base_url,
                        file_attributes(params))
        except QuayOptionError:
            # Without the file nobody can use the new token: withdraw it and
            # keep the old ones, so the next run starts from the same state.
            _revoke(tokens_api, created, client_id, created['uuid'])
            raise
    for uuid in old_uuids:
        # One revoked meanwhile is fine: the goal holds.
        _revoke(tokens_api, created, client_id, uuid)
    return created


def _revoke(tokens_api, created, client_id, uuid):
    """Revoke with the credential options; where they can only create (the stored token read,
    the bootstrap credential minted), with the new token, which can when it holds org:admin."""
    try:
        return tokens_api.revoke(client_id, uuid)
    except QuayReadRefused:
        return Tokens(tokens_api.client.with_token(created['token']), tokens_api.organization).revoke(client_id, uuid)


def require_change_credentials(client):
    """Fail naming the options when a run must change tokens and has only the token in dest
    (O(read_with_dest)), which reads, but never mints or revokes, in this collection."""
    if not client.has_credentials:
        raise QuayOptionError('read_with_dest', 'the token in dest was read with, and this run must change tokens, '
                              'which needs a credential option: set %s' % _CREDENTIAL_OPTIONS)


def plan_with_dest(tokens_api, params, checked, client_id, tokens, verdict=None):
    """The plan for state=present, ``dest`` included: with a recorded uuid the listing already made
    decides; a bare secret that the plan would keep costs one call more, made with that secret,
    unless ``verdict`` (read_with_stored's) already says whether Quay accepts it."""
    stored = checked['stored']
    problem, stored_uuid = None, None
    if params['dest']:
        problem, stored_uuid = stored_standing(stored, params['name'], params['dest_format'], tokens_api.client.base_url)

    def decide(dest_problem):
        return plan_present(tokens, params['name'], scopes=checked['scopes'], renew_before=checked['renew_before'],
                            now=time.time(), recreate=params['recreate'], uuid=params['uuid'],
                            dest_problem=dest_problem, stored_uuid=stored_uuid)

    plan = decide(problem or (REFUSED_SECRET if verdict is False else None))
    if verdict is False and plan.action == CREATE:
        plan.reason = '%s and %s' % (REFUSED_SECRET, plan.reason)
    if plan.action == KEEP and params['dest'] and stored_uuid is None and verdict is None \
            and not tokens_api.accepts(client_id, stored['access_token']):
        plan = decide(REFUSED_SECRET)
    return plan


def dest_before(params, stored):
    """What a diff shows of ``dest`` before the run: the stored token's format and identity, and the
    file's mode, owner and group when it exists (never its content)."""
    view = stored_view(stored)
    if view is None or not params['dest']:
        return view
    try:
        info = os.stat(params['dest'])
    except OSError:
        return view
    return dict(view, **attributes_view(stat_mode(info.st_mode), info.st_uid, info.st_gid))


def dest_after(params, token_uuid):
    """What a diff shows of ``dest`` after a run that writes a new token to it."""
    view = dict(format=params['dest_format'], uuid=token_uuid, name=params['name'])
    return dict(view, **wanted_view(file_attributes(params), params['dest']))


def keep_dest(params, stored, check_mode):
    """(reason, dest view before, dest view after) for a kept token. A JSON file asked for as text is
    rewritten with the same secret; a file whose mode, owner or group differ from dest_mode,
    dest_owner and dest_group gets them. ``reason`` says what changes (None: nothing)."""
    before = dest_before(params, stored)
    if not params['dest']:
        return None, before, before
    attrs = file_attributes(params)
    after = dict(before)
    reasons = []
    rewrite = stored['format'] == JSON and params['dest_format'] == TEXT
    # A rewritten file is a new file with the wanted attributes: only the view is computed here.
    fixed = fix_attributes(params['dest'], attrs, check_mode or rewrite)
    if rewrite:
        if not check_mode:
            write_secret_file(params['dest'], file_content({'token': stored['access_token']}, None, TEXT), attrs)
        reasons.append('dest is rewritten as dest_format=text, with the same token')
        after['format'] = TEXT
    if fixed:
        after.update(fixed[1])
        reasons.append("dest's %s" % ', '.join('%s %s becomes %s' % (key, fixed[0][key], fixed[1][key])
                                               for key in ('mode', 'owner', 'group') if fixed[0][key] != fixed[1][key]))
    return ('; '.join(reasons) or None), before, after
