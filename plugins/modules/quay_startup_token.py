#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: quay_startup_token
short_description: Read and renew Project Quay's start-up (bootstrap) token
version_added: 1.1.0
description:
  - With C(FEATURE_PROGRAMMATIC_BOOTSTRAP) on and C(BOOTSTRAP_TOKEN_OWNER) an existing user, Quay writes a start-up
    token, a JSON object with the one key C(access_token), to C(BOOTSTRAP_TOKEN_PATH) when it starts and has no bootstrap application yet.
    It lives C(BOOTSTRAP_TOKEN_EXPIRATION) seconds (3600 by default), and a restart never writes a new one. The file
    does not say when the token expires.
  - This module reads that file and, with O(renew), asks Quay to renew the token (C(POST /api/v1/bootstrap/renew)
    with the header C(X-Quay-Bootstrap-Renewal-Location) set to C(local)), which Project Quay 3.18 does for a live token and
    for an expired one alike. Quay then rewrites the file and the old token is dead; the module reads the file again
    and returns the new token.
  - A missing file, or a token Quay will not renew, is reported (RV(status)), not a failure. Recovering from either
    means turning C(FEATURE_PROGRAMMATIC_BOOTSTRAP) off and on again with a restart each (Quay deletes its bootstrap
    application and the file, then writes a new one); the role C(projectquay.oauth.quay_bootstrap) can do that.
  - The token is the only credential used; it comes from the file.
options:
  path:
    description:
      - Quay's C(BOOTSTRAP_TOKEN_PATH), as seen on the host where the module runs. That must be a host where Quay
        writes the file, so that a renewal can be read back.
    type: path
    required: true
  renew:
    description:
      - Renew the token (a new token, a new C(BOOTSTRAP_TOKEN_EXPIRATION)), so that the one returned does not expire
        in the middle of what follows.
      - With V(false), and in check mode, nothing is renewed; one read-only call (C(GET /api/v1/user/)) tells whether
        Quay accepts the token as it is.
    type: bool
    default: true
extends_documentation_fragment:
  - projectquay.oauth.quay
  - projectquay.oauth.quay.unused_credentials
  - projectquay.oauth.quay.action_group
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Renews nothing; reports RV(status=live) or RV(status=refused) after one read-only call.
  diff_mode:
    support: none
  platform:
    platforms: posix
notes:
  - RV(token) is a secret with every right of C(BOOTSTRAP_TOKEN_OWNER) (a superuser, usually). Set C(no_log) on the
    task that registers the result, and on every task that uses it. No option holds a secret, and no error message
    holds the token.
  - Each renewal costs Quay a bcrypt check (about 300 ms of its CPU), as every call with a token does.
seealso:
  - module: projectquay.oauth.quay_health_info
author:
  - Project Quay OAuth maintainers (@projectquay)
"""

EXAMPLES = r"""
# quay_host comes from QUAY_HOST in the environment here.
- name: Renew Quay's start-up token and read the new one
  projectquay.oauth.quay_startup_token:
    path: /quay/config/bootstrap-token.json
  register: startup
  no_log: true

- name: Create an organization with it
  projectquay.oauth.quay_organization:
    quay_token: "{{ startup.token }}"
    name: example-org
  when: startup.status == 'renewed'
  no_log: true

- name: Only find out whether the token in the file still works
  projectquay.oauth.quay_startup_token:
    path: /quay/config/bootstrap-token.json
    renew: false
  register: probe
  no_log: true
"""

RETURN = r"""
status:
  description:
    - V(renewed) when Quay renewed the token and the file holds the new one (RV(token)).
    - V(live) without renewal (O(renew=false), check mode) when Quay accepts the token as it is (RV(token)).
    - V(refused) when Quay will not renew, or does not accept, the token in the file (an old one, an expired one on a
      server that renews only live start-up tokens, a token of another application, or no renewal endpoint
      (C(FEATURE_PROGRAMMATIC_BOOTSTRAP) off)). RV(reason) says which.
    - V(missing) when O(path) is missing, unreadable, or not the JSON object Quay writes.
  returned: always
  type: str
  sample: renewed
reason:
  description:
    - Why the status is V(refused) or V(missing), in one line, with Quay's HTTP status and message.
  returned: when RV(status) is refused or missing
  type: str
  sample: "Quay has no renewal endpoint: FEATURE_PROGRAMMATIC_BOOTSTRAP is off (HTTP 405: Method Not Allowed)"
cause:
  description:
    - Why there is no usable token, in one word, as a failed module's C(cause) says it (the status is no failure
      here).
    - V(startup_token_missing) for RV(status=missing); for RV(status=refused), V(flag_off) when Quay has no
      renewal endpoint (C(FEATURE_PROGRAMMATIC_BOOTSTRAP) off), else V(credentials_refused).
  returned: when RV(status) is refused or missing
  type: str
  sample: startup_token_missing
  version_added: 2.0.0
token:
  description: The start-up token to use, a secret (use C(no_log)).
  returned: when RV(status) is renewed or live
  type: str
changed:
  description:
    - True when Quay renewed the token (the old one is dead). In check mode with O(renew), true when the token is live,
      which a real run would renew.
  returned: always
  type: bool
"""

from ansible_collections.projectquay.oauth.plugins.module_utils._bootstrap_api import (
    LIVE, MISSING, RENEWED, StartupToken, read_token_file,
)
from ansible_collections.projectquay.oauth.plugins.module_utils._causes import (
    CREDENTIALS_REFUSED, FLAG_OFF, STARTUP_TOKEN_MISSING, says_flag_off,
)
from ansible_collections.projectquay.oauth.plugins.module_utils._runner import run_module
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayOptionError


def main():
    run_module(dict(
        path=dict(type='path', required=True),
        renew=dict(type='bool', default=True),
    ), work, credential=False)


def work(module, client, params):
    path = params['path']
    token = read_token_file(path)
    if token is None:
        return dict(changed=False, status=MISSING, cause=STARTUP_TOKEN_MISSING,
                    reason='%s is missing, unreadable, or not the JSON object Quay writes there' % path)
    startup = StartupToken(client.with_token(token))
    if params['renew'] and not module.check_mode:
        status, reason = startup.renew()
        if status != RENEWED:
            return dict(changed=False, status=status, reason=reason, cause=_refusal_cause(reason))
        renewed = read_token_file(path)
        if renewed is None or renewed == token:
            raise QuayOptionError('path', 'Quay renewed its start-up token but %s does not hold the new one; run the module '
                                          'on the host where Quay writes BOOTSTRAP_TOKEN_PATH, with path pointing there' % path)
        return dict(changed=True, status=RENEWED, token=renewed)
    status, reason = startup.check()
    if status == LIVE:
        return dict(changed=bool(params['renew']), status=status, token=token)
    return dict(changed=False, status=status, reason=reason, cause=_refusal_cause(reason))


def _refusal_cause(reason):
    return FLAG_OFF if says_flag_off(reason) else CREDENTIALS_REFUSED


if __name__ == '__main__':
    main()
