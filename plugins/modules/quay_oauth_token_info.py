#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: quay_oauth_token_info
short_description: List the OAuth API tokens of a Project Quay application
version_added: 1.0.0
description:
  - Lists the unexpired tokens of an organization's OAuth application, across all pages, optionally filtered.
  - Returns metadata only; Quay never shows a token's secret after its creation. Changes nothing.
options:
  organization:
    description: Organization that owns the application.
    type: str
    required: true
  application:
    description: The OAuth application, by C(client_id) or by name.
    type: str
    required: true
  name:
    description: Only tokens with this name.
    type: str
  uuid:
    description: Only the token with this UUID.
    type: str
extends_documentation_fragment:
  - projectquay.oauth.quay
  - projectquay.oauth.quay.credentials
  - projectquay.oauth.quay.action_group
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: N/A
  platform:
    platforms: all
notes:
  - Needs a credential that can read. Project Quay accepts O(quay_oidc_token) of a configured issuer for listing;
    quayref's C(proposal) profile accepts it on create calls only, and the module then fails naming it.
  - Pages are followed until the last one, at most 100 (5000 tokens); a page that lists a token again fails the run
    (Quay answers a C(next_page) it cannot read with the first page).
seealso:
  - module: projectquay.oauth.quay_oauth_token
author:
  - Project Quay OAuth maintainers (@projectquay)
"""

EXAMPLES = r"""
# Connection options come from QUAY_HOST and QUAY_TOKEN in the environment here.
- name: List every token of the application
  projectquay.oauth.quay_oauth_token_info:
    organization: example-org
    application: deploy-bot
  register: all_tokens

- name: Find the tokens named ci
  projectquay.oauth.quay_oauth_token_info:
    organization: example-org
    application: deploy-bot
    name: ci
  register: ci_tokens

- name: Show when they expire
  ansible.builtin.debug:
    msg: "{{ ci_tokens.tokens | map(attribute='expires_at') | list }}"
"""

RETURN = r"""
client_id:
  description: The application's client_id (useful when O(application) was a name).
  returned: success
  type: str
tokens:
  description: The matching tokens, newest first as the server lists them. Never holds a secret.
  returned: success
  type: list
  elements: dict
  contains:
    uuid:
      description: UUID of the token.
      type: str
    name:
      description: Name of the token.
      type: str
    scope:
      description: Space-separated scopes.
      type: str
    expires_at:
      description: Expiry (ISO 8601 UTC), or null.
      type: str
    created:
      description: Creation time (ISO 8601 UTC).
      type: str
    created_by:
      description: User who created the token.
      type: str
    last_accessed:
      description: Last use (ISO 8601 UTC), or null.
      type: str
    auth_method:
      description: How the token was minted.
      type: str
"""

from ansible_collections.projectquay.oauth.plugins.module_utils._runner import run_module
from ansible_collections.projectquay.oauth.plugins.module_utils._token_api import Tokens
from ansible_collections.projectquay.oauth.plugins.module_utils.tokens import public_view, select_tokens


def main():
    run_module(dict(
        organization=dict(type='str', required=True),
        application=dict(type='str', required=True),
        name=dict(type='str'),
        uuid=dict(type='str'),
    ), work)


def work(module, client, params):
    client_id, tokens = Tokens(client, params['organization']).list(params['application'])
    selected = select_tokens(tokens, name=params['name'], uuid=params['uuid'])
    return dict(changed=False, client_id=client_id, tokens=[public_view(t) for t in selected])


if __name__ == '__main__':
    main()
