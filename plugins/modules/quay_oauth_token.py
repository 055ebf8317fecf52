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
extends_documentation_fragment:
  - projectquay.oauth.quay
  - projectquay.oauth.quay.credentials
  - projectquay.oauth.token_dest
  - projectquay.oauth.quay.action_group
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Values that only the server assigns (RV(uuid), RV(expires_at), RV(token), ...) are null in check mode.
  diff_mode:
    support: full
    details: Shows the metadata of the tokens before and after, and the format and identity of the token in O(dest);
      never a secret. Check mode neither writes nor removes O(dest).
  platform:
    platforms: all
notes:
  - A credential that can create but not list (an O(quay_oidc_token) that quayref's C(proposal) profile accepts on
    create calls only, or an O(quay_password) that cannot sign in and is sent as HTTP Basic) creates a token on every
    run (and, for an O(application) given by name, an application), then uses that new token to list, keep the first
    application of the name, delete the one it made if another exists, and revoke older tokens of O(name). So
    O(scopes) must include C(org:admin), checked before any change; O(recreate=never), O(uuid) and O(state=absent)
    fail naming the option. What a failure leaves behind is undone where the new token can, and named otherwise.
    Project Quay 3.18 has no such credential (it ignores HTTP Basic and takes a JWT of a configured issuer on every call).
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
    dest: "{{ lookup('ansible.builtin.env', 'HOME') }}/.quay-ci-token.json"
  register: ci_token

# dest holds {"access_token": "...", "uuid": "...", "name": "ci", ...};
# in a shell: TOKEN=$(jq -r .access_token ~/.quay-ci-token.json)
- name: Read the stored secret in a later play
  ansible.builtin.set_fact:
    quay_ci_secret: "{{ (lookup('ansible.builtin.file', lookup('ansible.builtin.env', 'HOME') ~ '/.quay-ci-token.json') | from_json).access_token }}"
  no_log: true

- name: Keep a bare secret for a tool that reads the file as the token
  projectquay.oauth.quay_oauth_token:
    organization: example-org
    application: deploy-bot
    name: registry-login
    scopes: [repo:read]
    dest: "{{ lookup('ansible.builtin.env', 'HOME') }}/.quay-registry-token"
    dest_format: text

- name: Is the stored token still good? One request, made with it; no credential option needed
  projectquay.oauth.quay_oauth_token:
    organization: example-org
    application: deploy-bot
    name: registry-admin
    scopes: [org:admin]
    dest: "{{ lookup('ansible.builtin.env', 'HOME') }}/.quay-admin-token"
    dest_format: text
    read_with_dest: true
  check_mode: true
  register: stored_check
  # changed means it must be replaced; stored_check.reason says why.

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

- name: Revoke the CI token and remove the file that held it
  projectquay.oauth.quay_oauth_token:
    organization: example-org
    application: deploy-bot
    name: ci
    state: absent
    dest: "{{ lookup('ansible.builtin.env', 'HOME') }}/.quay-ci-token.json"
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
reason:
  description:
    - Why a token was created or replaced (for example C(the stored token <uuid> is no longer live)),
      or why O(dest) was rewritten or its mode, owner or group set.
    - In check mode on a Quay that lacks the organization or the application (an earlier task creates it), the run
      does not fail and predicts the token; this says C(organization 'X' does not exist yet) or
      C(application 'Y' does not exist yet in organization 'X'). A real run fails naming O(organization) or
      O(application) and what to do.
  returned: when changed with O(state=present)
  type: str
  sample: the stored token 0b4a6f0c-2f53-4e55-9c6e-6d1a0d0f6e11 is no longer live
dest_removed:
  description: Whether O(dest) was removed (in check mode, would be) because the token it holds is gone.
  returned: with O(state=absent) and O(dest)
  type: bool
revoked:
  description: UUIDs of the tokens revoked (or, in check mode, that would be revoked) in this run.
  returned: always
  type: list
  elements: str
token_kept:
  description:
    - Whether the run keeps the current token (the one in O(dest), when given) instead of creating one (in check
      mode, would keep it). V(true) also when only O(dest)'s format or its mode, owner or group change.
  returned: when O(state=present)
  type: bool
  version_added: 2.0.0
application_created:
  description: Whether the application that now holds the token was created by this run (an O(application)
    given by name that did not exist yet), with a credential that can only create.
  returned: when a credential that can only create created a token (not in check mode)
  type: bool
"""

from ansible_collections.projectquay.oauth.plugins.module_utils._create_only import (
    CHECK_REASON, REASON, check_create_only, ensure_created,
)
from ansible_collections.projectquay.oauth.plugins.module_utils._runner import run_module
from ansible_collections.projectquay.oauth.plugins.module_utils._secret_file import (
    FORMATS, JSON, file_attributes, read_stored, remove_secret_file,
)
from ansible_collections.projectquay.oauth.plugins.module_utils._stored_token import (
    create_and_store, dest_after, dest_before, keep_dest, plan_with_dest, present_listing, read_with_stored,
    require_change_credentials, stored_is_dead,
)
from ansible_collections.projectquay.oauth.plugins.module_utils._token_api import Tokens
from ansible_collections.projectquay.oauth.plugins.module_utils._token_result import metadata, not_yet, predicted, with_diff
from ansible_collections.projectquay.oauth.plugins.module_utils.durations import duration_option
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import NOT_YET, QuayError, QuayOptionError
from ansible_collections.projectquay.oauth.plugins.module_utils.tokens import (
    FAIL, KEEP, QUAY_SCOPES, public_view, scopes_to_send, select_tokens, split_scopes,
)


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
    file_attributes(params)
    return dict(scopes=scopes, expiration=duration_option(params, 'expiration', 1),
                renew_before=duration_option(params, 'renew_before', 0),
                stored=read_stored(params['dest']) if params['dest'] else None)


def _keep(module, params, plan, candidates, stored):
    result = dict(changed=False, revoked=[], token_kept=True, **metadata(plan.keep))
    reason, before, after = keep_dest(params, stored, module.check_mode)
    if reason:
        result.update(changed=True, reason=reason)
    return with_diff(module, result, params, candidates, candidates, before, after)


def _created_only(module, tokens_api, params, checked, refused):
    """state=present with a credential that can only create: _create_only's policy."""
    check_create_only(params, checked['scopes'], refused)
    stored = dest_before(params, checked['stored'])
    after_dest = dest_after(params, None) if params['dest'] else None
    if module.check_mode:
        new = predicted(params['name'], checked['scopes'])
        result = dict(changed=True, revoked=[], reason=CHECK_REASON, token_kept=False, **new)
        return with_diff(module, result, params, [], [new], stored, after_dest)
    done = ensure_created(tokens_api, params, checked['scopes'], checked['expiration'])
    new = public_view(done['created'])
    result = dict(changed=True, revoked=[t['uuid'] for t in done['revoked']], token=done['created']['token'],
                  reason=REASON, application_created=done['application_created'], token_kept=False, **metadata(new))
    if after_dest:
        after_dest['uuid'] = new['uuid']
    return with_diff(module, result, params, done['revoked'], [new], stored, after_dest)


def ensure_present(module, tokens_api, params, checked):
    try:
        client_id, tokens, refused, verdict = present_listing(tokens_api, params, checked['stored'])
    except NOT_YET as missing:
        if not module.check_mode:
            raise
        return not_yet(module, params, checked, missing)
    if refused is not None:
        return _created_only(module, tokens_api, params, checked, refused)
    plan = plan_with_dest(tokens_api, params, checked, client_id, tokens, verdict)
    candidates = [t for t in tokens if t.get('name') == params['name'] and params['uuid'] in (None, t.get('uuid'))]
    if plan.action == FAIL:
        raise QuayError(plan.reason)
    if plan.action == KEEP:
        return _keep(module, params, plan, candidates, checked['stored'])
    old_uuids = [t['uuid'] for t in plan.revoke]
    scopes = scopes_to_send(plan, checked['scopes'], params['name'])
    if module.check_mode:
        new = predicted(params['name'], scopes)
        result = dict(changed=True, revoked=old_uuids, **new)
    else:
        created = create_and_store(tokens_api, params, client_id, scopes, checked['expiration'], old_uuids)
        new = public_view(created)
        result = dict(changed=True, revoked=old_uuids, token=created['token'], **metadata(new))
    result.update(reason=plan.reason, token_kept=False)
    kept = [t for t in candidates if t.get('uuid') not in old_uuids]
    after_dest = dest_after(params, new['uuid']) if params['dest'] else None
    return with_diff(module, result, params, candidates, kept + [new], dest_before(params, checked['stored']), after_dest)


def ensure_absent(module, tokens_api, params, checked):
    listing, _verdict = read_with_stored(tokens_api, params, checked['stored'])
    client_id, tokens = listing or tokens_api.list(params['application'])
    targets = select_tokens(tokens, name=params['name'], uuid=params['uuid'])
    gone = set(t['uuid'] for t in targets)
    stored = checked['stored']
    # A stored token that is revoked now, or was already, leaves a dead secret behind: remove it.
    dest_removed = bool(params['dest']) and stored_is_dead(
        stored, params['name'], params['uuid'], [t['uuid'] for t in tokens if t['uuid'] not in gone], tokens_api.client.base_url)
    if not module.check_mode:
        if targets:
            require_change_credentials(tokens_api.client)
        for token in targets:
            tokens_api.revoke(client_id, token['uuid'])
        if dest_removed:
            remove_secret_file(params['dest'])
    result = dict(changed=bool(targets) or dest_removed, revoked=[t['uuid'] for t in targets],
                  name=params['name'], uuid=params['uuid'])
    if params['dest']:
        result['dest_removed'] = dest_removed
    before = dest_before(params, stored)
    return with_diff(module, result, params, targets, [], before, None if dest_removed else before)


def work(module, client, params):
    # Quay trims token names; compare with what it will store, or a name with
    # a trailing space would never match and every run would mint a token.
    if params['name'] is not None:
        params['name'] = params['name'].strip()
    checked = checked_options(params)
    tokens_api = Tokens(client, params['organization'])
    if params['state'] == 'present':
        return ensure_present(module, tokens_api, params, checked)
    return ensure_absent(module, tokens_api, params, checked)


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
        dest_format=dict(type='str', choices=list(FORMATS), default=JSON),
        read_with_dest=dict(type='bool', default=False),
        dest_mode=dict(type='str', default='0600'),
        dest_owner=dict(type='str'),
        dest_group=dict(type='str'),
    ), work, credentials_optional_with='read_with_dest', required_if=[('state', 'present', ('name',))], required_one_of=[('name', 'uuid')])


if __name__ == '__main__':
    main()
