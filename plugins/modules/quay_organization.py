#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: quay_organization
short_description: Ensure a Project Quay organization exists or not
version_added: 1.0.0
description:
  - Creates or deletes a Quay organization by name, so that an OAuth application and token can be
    provisioned without the web UI.
  - Every run looks the organization up first; which credential each call uses is described under O(quay_username).
options:
  name:
    description: Name of the organization.
    type: str
    required: true
  email:
    description:
      - Email address of the organization. Set on creation, and updated when it differs.
    type: str
  state:
    description: Whether the organization should exist. V(absent) deletes it with everything in it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - projectquay.oauth.quay
  - projectquay.oauth.quay.credentials
  - projectquay.oauth.quay.action_group
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: With a credential that cannot read (see notes) check mode cannot look the organization up; it reports C(changed) and warns.
  diff_mode:
    support: full
  platform:
    platforms: all
notes:
  - When the credential is refused for the lookup but may create (an O(quay_oidc_token) on quayref's C(proposal)
    profile, which accepts it on create calls only, or a password that cannot sign in, sent as HTTP Basic), the
    organization cannot be looked up. The module then sends the create call directly and treats the server's
    "already exists" answer (quayref's conflict, or Quay's bad request saying the name already exists) as unchanged.
    The email of an existing organization is then neither compared nor updated, and a user (not an organization)
    of that name is also reported as unchanged, because the server gives the same answer for both.
  - With such a credential, check mode cannot know whether the organization exists; it reports C(changed)
    (the creation a real run would attempt) and warns. O(state=absent) needs a credential that can read, and fails
    naming the refused option otherwise.
seealso:
  - module: projectquay.oauth.quay_oauth_application
author:
  - Project Quay OAuth maintainers (@projectquay)
"""

EXAMPLES = r"""
# Connection options come from QUAY_HOST and QUAY_TOKEN in the environment here.
- name: Ensure the organization exists
  projectquay.oauth.quay_organization:
    name: example-org
    email: example-org@example.com
"""

RETURN = r"""
name:
  description: Name of the organization.
  returned: always
  type: str
  sample: example-org
email:
  description: Email address of the organization, when the server shows it.
  returned: when O(state=present), except for an existing organization found with only O(quay_oidc_token)
  type: str
"""

from ansible_collections.projectquay.oauth.plugins.module_utils._organization_api import Organizations
from ansible_collections.projectquay.oauth.plugins.module_utils._runner import run_module
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayOptionError, QuayReadRefused


def _view(org):
    return {'name': org.get('name'), 'email': org.get('email')} if org else {}


def _create_only(module, orgs, params, refused):
    """The credential cannot read here but may create: no lookup possible, so create and read the answer."""
    if params['state'] == 'absent':
        raise QuayOptionError(refused.option, 'state=absent needs a credential that can read (quay_token, or quay_username '
                              'and quay_password that sign in) to look the organization up and delete it: %s' % refused.reason)
    after = {'name': params['name'], 'email': params['email']}
    if module.check_mode:
        module.warn('%s cannot read on this server, only create: check mode cannot tell whether organization %r '
                    'exists, so it reports the creation a real run would attempt; a real run leaves an existing '
                    'organization unchanged.' % (refused.option, params['name']))
        return dict(changed=True, **after), {}, after
    if not orgs.create(params['name'], params['email'], exist_ok=True):
        # It exists; its email cannot be read or compared with this credential.
        return dict(changed=False, name=params['name']), {'name': params['name']}, {'name': params['name']}
    return dict(changed=True, **after), {}, after


def run(module, client, params):
    orgs = Organizations(client)
    try:
        current = orgs.get(params['name'])
    except QuayReadRefused as refused:
        return _create_only(module, orgs, params, refused)
    before = _view(current)
    if params['state'] == 'absent':
        if current is not None and not module.check_mode:
            orgs.delete(params['name'])
        return dict(changed=current is not None, name=params['name']), before, {}
    if current is None:
        after = {'name': params['name'], 'email': params['email']}
        if not module.check_mode:
            orgs.create(params['name'], params['email'])
        return dict(changed=True, **after), before, after
    # Quay shows the email to admins only; without it there is nothing to compare.
    if params['email'] and 'email' in current and current.get('email') != params['email']:
        after = dict(before, email=params['email'])
        if not module.check_mode:
            orgs.update(params['name'], params['email'])
        return dict(changed=True, **after), before, after
    return dict(changed=False, **before), before, before


def main():
    run_module(dict(
        name=dict(type='str', required=True),
        email=dict(type='str'),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    ), run, diff=True)


if __name__ == '__main__':
    main()
