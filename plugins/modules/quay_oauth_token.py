#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: quay_oauth_token
short_description: Mint, keep, rotate or revoke a Project Quay OAuth API token
version_added: 1.0.0
description:
  - Ensures that an OAuth application of a Quay organization has a token with a given O(name) and O(scopes),
    or that it has none.
  - The token's O(name) is its identity. A token whose scopes match and that does not expire within
    O(renew_before) is left alone, which costs one HTTP request.
  - A replacement is created first and the old token revoked afterwards, so there is no moment without a valid token.
  - Quay shows a token's secret only once, when it is created. Keep RV(token) (for example with O(dest)).
options:
  organization:
    description: Organization that owns the application.
    type: str
    required: true
  application:
    description:
      - The OAuth application, by C(client_id) or by name.
      - A C(client_id) costs no extra request; a name is looked up in the organization's applications.
    type: str
    required: true
  name:
    description:
      - The token's name, its identity within the application. Required with O(state=present).
    type: str
  scopes:
    description:
      - Scopes of the token, in any order. The module always sends scopes when it creates a token.
      - Required when no token of O(name) exists yet (Quay has no default scope and answers
        C('scope' is a required property)); the module fails naming this option, before creating anything.
      - Not given, an existing token's scopes are not compared, and a replacement (because of O(renew_before),
        O(dest) or O(recreate)) gets the scopes of the newest token it replaces.
    type: list
    elements: str
    choices: [repo:read, repo:write, repo:admin, repo:create, user:read, user:admin, org:admin, super:user]
  expiration:
    description:
      - Lifetime of a new token, as seconds (V(3600)) or with a unit (V(15m), V(12h), V(30d), V(1w)).
      - Not given means the server's default. It does not make an existing token be replaced; use O(renew_before).
    type: raw
  renew_before:
    description:
      - Replace the token (according to O(recreate)) when it expires within this time.
      - Seconds or a duration with a unit like O(expiration). V(0) replaces only tokens that have expired.
    type: raw
    default: 0
  recreate:
    description:
      - What to do when a token of this name exists.
      - V(state_change) replaces it when its scopes differ, when it expires within O(renew_before),
        or when O(dest) holds no secret.
      - V(always) replaces it on every run.
      - V(never) keeps a matching token and fails when it would have to be replaced.
    type: str
    choices: [never, always, state_change]
    default: state_change
  state:
    description:
      - V(present) ensures a matching token exists. V(absent) revokes every token of O(name), or the one O(uuid).
    type: str
    choices: [present, absent]
    default: present
  uuid:
    description:
      - Act on this one token only. With O(state=present) the token must exist.
    type: str
  dest:
    description:
      - File that receives the secret of a newly created token, written atomically with mode C(0600).
      - The directory must exist. If the file is missing or empty, an existing token is replaced
        (per O(recreate)), since its secret cannot be read back.
    type: path
extends_documentation_fragment:
  - projectquay.oauth.quay
  - projectquay.oauth.quay.action_group
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Values that only the server assigns (RV(uuid), RV(expires_at), RV(token), ...) are null in check mode.
  diff_mode:
    support: full
    details: Shows the metadata of the tokens before and after, never a secret.
  platform:
    platforms: all
notes:
  - When the credential cannot list tokens on this server but can create (an O(quay_oidc_token) that quayref's
    C(proposal) profile accepts on create calls only, or an O(quay_password) that cannot sign in and is sent as
    HTTP Basic), the module creates a token on every run and warns; O(recreate=never), O(uuid) and
    O(state=absent) then fail naming the option. Project Quay accepts a JWT of a configured issuer on every call.
  - Quay writes O(renew_before)'s times as ISO 8601 UTC (C(2026-12-01T22:30:01.123456Z)); a token whose
    C(created) or C(expires_at) is not such a time fails the run, showing the value.
seealso:
  - module: projectquay.oauth.quay_oauth_token_info
  - module: projectquay.oauth.quay_oauth_application
author:
  - Project Quay OAuth maintainers (@projectquay)
"""

EXAMPLES = r"""
# Connection options come from QUAY_HOST and QUAY_TOKEN in the environment here;
# set them with module_defaults for group/projectquay.oauth.quay instead if you like.
- name: Ensure the CI token exists and store its secret
  projectquay.oauth.quay_oauth_token:
    organization: example-org
    application: deploy-bot
    name: ci
    scopes: [repo:read, repo:write]
    expiration: 30d
    renew_before: 7d
    dest: "{{ lookup('ansible.builtin.env', 'HOME') }}/.quay-ci-token"
  register: ci_token

- name: Rotate the token on every run
  projectquay.oauth.quay_oauth_token:
    organization: example-org
    application: deploy-bot
    name: nightly
    scopes: [repo:read]
    expiration: 12h
    recreate: always
  register: nightly_token
  no_log: true

- name: Revoke every token named nightly
  projectquay.oauth.quay_oauth_token:
    organization: example-org
    application: deploy-bot
    name: nightly
    state: absent
"""

RETURN = r"""
token:
  description: The secret of the token created in this run. Only returned when a token was created (not in check mode).
  returned: when a token was created
  type: str
uuid:
  description: UUID of the token that is now current, or the O(uuid) asked to revoke.
  returned: always
  type: str
  sample: 0b4a6f0c-2f53-4e55-9c6e-6d1a0d0f6e11
name:
  description: Name of the token.
  returned: always
  type: str
  sample: ci
scope:
  description: Space-separated scopes of the current token.
  returned: when O(state=present)
  type: str
  sample: repo:read repo:write
expires_at:
  description: Expiry of the current token (ISO 8601 UTC), or null when it never expires.
  returned: when O(state=present)
  type: str
  sample: "2026-12-29T17:00:00Z"
created:
  description: Creation time of the current token (ISO 8601 UTC).
  returned: when O(state=present)
  type: str
created_by:
  description: User who created the current token.
  returned: when O(state=present)
  type: str
auth_method:
  description: How the current token was minted (V(oauth), V(session), V(basic), V(ldap), V(oidc) or V(startup)).
  returned: when O(state=present)
  type: str
revoked:
  description: UUIDs of the tokens revoked (or, in check mode, that would be revoked) in this run.
  returned: always
  type: list
  elements: str
"""

import time

from ansible_collections.projectquay.oauth.plugins.module_utils._application_api import looks_like_client_id
from ansible_collections.projectquay.oauth.plugins.module_utils._runner import run_module
from ansible_collections.projectquay.oauth.plugins.module_utils._secret_file import check_dest, write_secret_file
from ansible_collections.projectquay.oauth.plugins.module_utils._token_api import Tokens
from ansible_collections.projectquay.oauth.plugins.module_utils.durations import parse_duration
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayError, QuayOptionError, QuayReadRefused
from ansible_collections.projectquay.oauth.plugins.module_utils.tokens import (
    CREATE, FAIL, KEEP, QUAY_SCOPES, Plan, plan_present, public_view, scopes_to_send, select_tokens, split_scopes,
    token_diff,
)

METADATA = ('uuid', 'name', 'scope', 'expires_at', 'created', 'created_by', 'auth_method')


def _duration(params, option, minimum):
    value = params[option]
    if value is None:
        return None
    try:
        seconds = parse_duration(value)
    except ValueError as exc:
        raise QuayOptionError(option, str(exc)) from None
    if seconds < minimum:
        raise QuayOptionError(option, 'must be at least %d second(s), got %r' % (minimum, value))
    return seconds


def _metadata(view):
    return dict((key, view.get(key)) for key in METADATA)


def _plan(tokens_api, params, scopes, renew_before, secret_missing):
    """Return (client_id, plan, candidates, lookup) for state=present; ``lookup`` False when the
    credential could not read (it may still create) and the plan is a create without a lookup."""
    try:
        client_id, tokens = tokens_api.list(params['application'])
    except QuayReadRefused as refused:
        if params['uuid']:
            raise QuayOptionError('uuid', 'needs a credential that can read to look the token up: %s' % refused) from None
        if params['recreate'] == 'never':
            raise QuayOptionError('recreate', 'recreate=never needs a credential that can read to look for an existing '
                                  'token: %s' % refused) from None
        if not looks_like_client_id(params['application']):
            raise QuayOptionError('application', '%r is a name, and looking it up needs a credential that can read; give '
                                  'the client_id: %s' % (params['application'], refused)) from None
        return params['application'], Plan(CREATE, reason='no lookup possible'), [], refused
    plan = plan_present(tokens, params['name'], scopes=scopes, renew_before=renew_before, now=time.time(),
                        recreate=params['recreate'], uuid=params['uuid'], secret_missing=secret_missing)
    candidates = [t for t in tokens if t.get('name') == params['name'] and params['uuid'] in (None, t.get('uuid'))]
    return client_id, plan, candidates, None


def _create(tokens_api, params, client_id, scopes, expiration, old_uuids):
    created = tokens_api.create(client_id, params['name'], scopes, expiration)
    if params['dest']:
        try:
            write_secret_file(params['dest'], created['token'])
        except OSError as exc:
            # Without the file nobody can use the new token: withdraw it and
            # keep the old ones, so the next run starts from the same state.
            tokens_api.revoke(client_id, created['uuid'])
            raise QuayOptionError('dest', 'cannot write %s: %s' % (params['dest'], exc.strerror or exc)) from None
    for uuid in old_uuids:
        # One revoked meanwhile is fine: the goal holds.
        tokens_api.revoke(client_id, uuid)
    return created


def checked_options(params):
    """Every option check that needs no server, so a bad value fails before the first request."""
    # required_if counts an explicit null as given; a token needs a real name.
    if params['state'] == 'present' and not params['name']:
        raise QuayOptionError('name', 'is required with state=present')
    scopes = None
    if params['scopes'] is not None:
        scopes = split_scopes(params['scopes'])
        if not scopes:
            raise QuayOptionError('scopes', 'give at least one scope (Quay refuses an empty scope)')
    return dict(scopes=scopes, expiration=_duration(params, 'expiration', 1),
                renew_before=_duration(params, 'renew_before', 0), secret_missing=check_dest(params['dest']))


def ensure_present(module, tokens_api, params, checked):
    scopes = checked['scopes']
    expiration = checked['expiration']
    renew_before = checked['renew_before']
    secret_missing = checked['secret_missing']
    client_id, plan, candidates, refused = _plan(tokens_api, params, scopes, renew_before, secret_missing)
    if plan.action == FAIL:
        raise QuayError(plan.reason)
    if plan.action == KEEP:
        result = dict(changed=False, revoked=[], **_metadata(plan.keep))
        if module._diff:
            result['diff'] = token_diff(candidates, candidates)
        return result
    old_uuids = [t['uuid'] for t in plan.revoke]
    scopes = scopes_to_send(plan, scopes, params['name'])
    if module.check_mode:
        new = dict((key, None) for key in METADATA)
        new.update(name=params['name'], scope=' '.join(scopes))
        result = dict(changed=True, revoked=old_uuids, **new)
    else:
        created = _create(tokens_api, params, client_id, scopes, expiration, old_uuids)
        new = public_view(created)
        result = dict(changed=True, revoked=old_uuids, token=created['token'], **_metadata(new))
    if refused is not None:
        module.warn('%s. Existing tokens cannot be listed with this credential, so a new token is created on every run '
                    'and older ones stay valid; add quay_token, or quay_username and quay_password that sign in, to make '
                    'this task idempotent.' % refused)
    if module._diff:
        kept = [t for t in candidates if t.get('uuid') not in old_uuids]
        result['diff'] = token_diff(candidates, kept + [new])
    return result


def ensure_absent(module, tokens_api, params):
    client_id, tokens = tokens_api.list(params['application'])
    targets = select_tokens(tokens, name=params['name'], uuid=params['uuid'])
    if not module.check_mode:
        for token in targets:
            tokens_api.revoke(client_id, token['uuid'])
    result = dict(changed=bool(targets), revoked=[t['uuid'] for t in targets], name=params['name'], uuid=params['uuid'])
    if module._diff:
        result['diff'] = token_diff(targets, [])
    return result


def work(module, client, params):
    # Quay trims token names; compare with what it will store, or a name with
    # a trailing space would never match and every run would mint a token.
    if params['name'] is not None:
        params['name'] = params['name'].strip()
    checked = checked_options(params)
    tokens_api = Tokens(client, params['organization'])
    if params['state'] == 'present':
        return ensure_present(module, tokens_api, params, checked)
    return ensure_absent(module, tokens_api, params)


def main():
    run_module(dict(
        organization=dict(type='str', required=True),
        application=dict(type='str', required=True),
        name=dict(type='str'),
        scopes=dict(type='list', elements='str', choices=list(QUAY_SCOPES)),
        expiration=dict(type='raw'),
        renew_before=dict(type='raw', default=0),
        recreate=dict(type='str', choices=['never', 'always', 'state_change'], default='state_change'),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
        uuid=dict(type='str'),
        dest=dict(type='path'),
    ), work, required_if=[('state', 'present', ('name',))], required_one_of=[('name', 'uuid')])


if __name__ == '__main__':
    main()
