# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:

    # Where Quay is and how to reach it, documented once for every module; the credentials are
    # CREDENTIALS (ansible-test reads each fragment as one literal string, so they cannot be composed).
    DOCUMENTATION = r"""
options:
  quay_host:
    description:
      - URL of the Quay server, for example V(https://quay.example.com).
      - Without a scheme, V(https://) is assumed. A trailing V(/api/v1) is accepted and ignored.
      - If not set, the E(QUAY_HOST) environment variable is used.
    type: str
    default: http://127.0.0.1
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
  - >-
    An HTTP error is one line, C(METHOD path failed with HTTP N (error_type): message), plus a hint where one holds
    for that answer; secrets never appear in it.
"""

    # The credentials, for every module that sends the caller's.
    CREDENTIALS = r"""
options:
  quay_token:
    description:
      - OAuth access token, sent as a C(Bearer) C(Authorization) header on every call. When set, no other
        credential is tried.
      - If not set, the E(QUAY_TOKEN) environment variable is used.
    type: str
  quay_username:
    description:
      - User name to sign in with for a Quay session when O(quay_token) is not set (C(GET /csrf_token), then
        C(POST /api/v1/signin)); every mutating call then sends the C(X-Next-CSRF-Token) of the sign-in answer.
        This works on Project Quay 3.18, with any C(AUTHENTICATION_TYPE) whose sign-in takes a password.
      - HTTP Basic is sent only when sign-in fails, and only on the three create calls (organization, application,
        token). Project Quay ignores it; quayref's C(proposal) profile accepts it there from a superuser while
        C(FEATURE_PROGRAMMATIC_BOOTSTRAP) is true, for an account that cannot sign in (an LDAP service account there).
        The error of a call that no credential could make names what each one got, never the password.
      - The session is signed out at the end of every run, also after a failure; a failed sign-out is a warning.
      - If not set, the E(QUAY_USERNAME) environment variable is used.
    type: str
  quay_password:
    description:
      - Password of O(quay_username).
      - If not set, the E(QUAY_PASSWORD) environment variable is used.
    type: str
  quay_oidc_token:
    description:
      - OIDC JWT, sent as a C(Bearer) C(Authorization) header on every call when O(quay_token) is not set, until the
        server refuses it (HTTP 401, or Quay's 403 "CSRF token was invalid or missing"); then the session of
        O(quay_username) and O(quay_password), if given, is used instead.
      - Project Quay accepts a JWT of an issuer in its C(*_LOGIN_CONFIG) on every call. quayref's C(proposal) profile
        accepts it on the three create calls only, with C(FEATURE_PROGRAMMATIC_BOOTSTRAP) true; there it cannot look
        anything up alone, and each module's notes say what it does then.
      - If not set, the E(QUAY_OIDC_TOKEN) environment variable is used.
    type: str
"""

    # The credential options of the action group, taken and ignored by the modules that send no
    # credential of the caller's, so that one module_defaults block for group/projectquay.oauth.quay
    # (which passes every key to every member) serves them too.
    UNUSED_CREDENTIALS = r"""
options:
  quay_token:
    description:
      - Not used by this module. Taken so that one C(module_defaults) block for C(group/projectquay.oauth.quay)
        that sets a credential serves this module too.
    type: str
  quay_username:
    description: Not used by this module (see O(quay_token)).
    type: str
  quay_password:
    description: Not used by this module (see O(quay_token)).
    type: str
  quay_oidc_token:
    description: Not used by this module (see O(quay_token)).
    type: str
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
