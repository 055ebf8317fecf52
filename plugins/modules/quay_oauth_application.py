#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: quay_oauth_application
short_description: Ensure an OAuth application of a Project Quay organization exists or not
version_added: 1.0.0
description:
  - Creates, updates or deletes an organization's OAuth application, identified by its name.
  - Returns the application's RV(client_id), which M(projectquay.oauth.quay_oauth_token) takes.
  - Every run lists the organization's applications first (one call); which credential each call uses is
    described under O(quay_username).
options:
  organization:
    description: Organization that owns the application.
    type: str
    required: true
  name:
    description: Name of the application, its identity for this module.
    type: str
    required: true
  description:
    description: Description of the application. Updated when it differs.
    type: str
  redirect_uri:
    description: OAuth redirect URI. Updated when it differs.
    type: str
  application_uri:
    description: Home page of the application. Updated when it differs.
    type: str
  avatar_email:
    description: Email address whose avatar the application shows. Updated when it differs.
    type: str
  state:
    description: Whether the application should exist. V(absent) deletes every application of this name.
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
    details: RV(client_id) and RV(client_secret) of an application that would be created are null in check mode.
      In check mode an organization that does not exist yet (an earlier task creates it) is no failure, the
      application's creation is predicted; a real run fails naming O(organization).
  diff_mode:
    support: full
  platform:
    platforms: all
notes:
  - Quay allows several applications of one name; with O(state=present) the first one is managed and a warning given.
  - Every run looks the application up first, so it needs a credential that can read. A credential the server
    refuses for the lookup (an O(quay_oidc_token) on quayref's C(proposal) profile, which accepts it on create
    calls only, or a password that cannot sign in) fails the module after that one call (in check mode too),
    naming the option, because names are not unique and the create call has no "create if absent", so creating
    without a lookup would add a duplicate application on every run.
seealso:
  - module: projectquay.oauth.quay_organization
  - module: projectquay.oauth.quay_oauth_token
author:
  - Project Quay OAuth maintainers (@projectquay)
"""

EXAMPLES = r"""
# Connection options come from QUAY_HOST and QUAY_TOKEN in the environment here.
- name: Ensure the application exists
  projectquay.oauth.quay_oauth_application:
    organization: example-org
    name: deploy-bot
    description: Tokens for the CI pipelines
  register: app

- name: Show its client_id
  ansible.builtin.debug:
    var: app.client_id
"""

RETURN = r"""
client_id:
  description: The application's client_id.
  returned: when O(state=present), null in check mode before creation
  type: str
client_secret:
  description:
    - The application's client secret. The module returns it only when it creates the application; Quay (and
      quayref) also show it to organization administrators in every application view.
  returned: when the application was created in this run
  type: str
name:
  description: Name of the application.
  returned: always
  type: str
description:
  description: Description of the application.
  returned: when O(state=present)
  type: str
redirect_uri:
  description: OAuth redirect URI.
  returned: when O(state=present)
  type: str
application_uri:
  description: Home page of the application.
  returned: when O(state=present)
  type: str
avatar_email:
  description: Email address of the avatar.
  returned: when O(state=present)
  type: str
deleted:
  description: client_ids of the applications deleted (or that would be) in this run.
  returned: when O(state=absent)
  type: list
  elements: str
"""

from ansible_collections.projectquay.oauth.plugins.module_utils._application_api import FIELDS, Applications
from ansible_collections.projectquay.oauth.plugins.module_utils._runner import run_module
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayOptionError, QuayOrganizationMissing, QuayReadRefused

VIEW = ('client_id', 'name') + FIELDS


def _view(app):
    # Only the listed fields: a server that shows client_secret in listings
    # must not make this module return it.
    return dict((key, app.get(key)) for key in VIEW) if app else {}


def _absent(module, apps, params, found):
    if not module.check_mode:
        for app in found:
            apps.delete(app['client_id'])
    before = {'applications': [_view(app) for app in found]}
    result = dict(changed=bool(found), name=params['name'], deleted=[app['client_id'] for app in found])
    return result, before, {'applications': []}


def run(module, client, params):
    apps = Applications(client, params['organization'])
    try:
        found = apps.named(params['name'])
    except QuayOrganizationMissing:
        # Check mode on a Quay where an earlier task creates the organization: predict the creation.
        if not (module.check_mode and params['state'] == 'present'):
            raise
        found = []
    except QuayReadRefused as refused:
        # Application names are not unique in Quay: without a lookup, every
        # run would add another application of this name.
        raise QuayOptionError(
            refused.option,
            'quay_oauth_application needs a credential that can read (quay_token, or quay_username and quay_password '
            'that sign in) to look the application up first: application names are not unique, so creating without a '
            'lookup would add a duplicate on every run. %s' % refused.reason) from None
    if params['state'] == 'absent':
        return _absent(module, apps, params, found)
    wanted = dict((key, params[key]) for key in FIELDS if params[key] is not None)
    if not found:
        after = dict(dict((key, None) for key in VIEW), name=params['name'], **wanted)
        if module.check_mode:
            return dict(changed=True, **after), {}, after
        created = apps.create(params['name'], wanted)
        after = _view(created)
        return dict(changed=True, client_secret=created.get('client_secret'), **after), {}, after
    if len(found) > 1:
        module.warn('%d applications are named %r; managing the one with client_id %s'
                    % (len(found), params['name'], found[0].get('client_id')))
    before = _view(found[0])
    after = dict(before, **wanted)
    if after == before:
        return dict(changed=False, **before), before, before
    if not module.check_mode:
        updated = apps.update(before['client_id'], after)
        if updated is not None:
            after = _view(updated)
    return dict(changed=True, **after), before, after


def main():
    run_module(dict(
        organization=dict(type='str', required=True),
        name=dict(type='str', required=True),
        description=dict(type='str'),
        redirect_uri=dict(type='str'),
        application_uri=dict(type='str'),
        avatar_email=dict(type='str'),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    ), run, diff=True)


if __name__ == '__main__':
    main()
