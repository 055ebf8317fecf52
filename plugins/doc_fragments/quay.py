# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:

    # The connection options, documented once for every module.
    DOCUMENTATION = r"""
options:
  quay_host:
    description:
      - URL of the Quay server, for example V(https://quay.example.com).
      - Without a scheme, V(https://) is assumed. A trailing V(/api/v1) is accepted and ignored.
      - If not set, the E(QUAY_HOST) environment variable is used.
    type: str
    default: http://127.0.0.1
  quay_token:
    description:
      - OAuth access token, sent as a C(Bearer) C(Authorization) header. Used for every call when set.
      - If not set, the E(QUAY_TOKEN) environment variable is used.
    type: str
  quay_username:
    description:
      - User name for a Quay session (read, update and delete calls) and for HTTP Basic on the
        calls that accept bootstrap authentication (creating an organization, an application or a token)
        when O(quay_token) is not set.
      - HTTP Basic is accepted only by a superuser while Quay's C(FEATURE_PROGRAMMATIC_BOOTSTRAP) is true.
        When the server answers such a create call with HTTP 401 (for example because the flag is false),
        the module sends the same call once more over a session; an error then names both attempts.
      - If not set, the E(QUAY_USERNAME) environment variable is used.
    type: str
  quay_password:
    description:
      - Password of O(quay_username).
      - If not set, the E(QUAY_PASSWORD) environment variable is used.
    type: str
  quay_oidc_token:
    description:
      - OIDC JWT of a service principal, sent as a C(Bearer) C(Authorization) header on the calls that accept bootstrap
        authentication when O(quay_token) is not set. It takes precedence over HTTP Basic there.
      - Quay accepts it only on create calls, so alone it cannot look up, update or delete anything.
      - If not set, the E(QUAY_OIDC_TOKEN) environment variable is used.
    type: str
  validate_certs:
    description:
      - Whether to verify the server's TLS certificate.
      - If not set, the E(QUAY_VERIFY_SSL) environment variable is used.
    type: bool
    default: true
    aliases: [verify_ssl]
  ca_path:
    description:
      - PEM file of CA certificates to verify the server with.
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP response.
    type: int
    default: 30
notes:
  - The connection options have the names of the C(infra.quay_configuration) collection, so one
    C(module_defaults) block for the action group C(group/projectquay.oauth.quay) can serve both.
  - Errors name the HTTP method, path and status and carry the server's message; secrets never appear in them.
"""

    # Membership of the action group declared in meta/runtime.yml.
    ACTION_GROUP = r"""
attributes:
  action_group:
    description: Use C(group/projectquay.oauth.quay) in C(module_defaults) to set the connection options once.
    support: full
    membership:
      - projectquay.oauth.quay
"""
