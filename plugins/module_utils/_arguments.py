# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options every module takes (documented in doc_fragments/quay.py)."""

from __future__ import annotations

from ansible.module_utils.basic import env_fallback

# Names, env variables and default match infra.quay_configuration so that one
# module_defaults block (action group) serves both collections.
CONNECTION_SPEC = dict(
    quay_host=dict(type='str', default='http://127.0.0.1', fallback=(env_fallback, ['QUAY_HOST'])),
    quay_token=dict(type='str', no_log=True, fallback=(env_fallback, ['QUAY_TOKEN'])),
    quay_username=dict(type='str', fallback=(env_fallback, ['QUAY_USERNAME'])),
    quay_password=dict(type='str', no_log=True, fallback=(env_fallback, ['QUAY_PASSWORD'])),
    quay_oidc_token=dict(type='str', no_log=True, fallback=(env_fallback, ['QUAY_OIDC_TOKEN'])),
    validate_certs=dict(type='bool', default=True, aliases=['verify_ssl'], fallback=(env_fallback, ['QUAY_VERIFY_SSL'])),
    ca_path=dict(type='path'),
    timeout=dict(type='int', default=30),
)

_CONNECTION_CHECKS = dict(
    required_together=[('quay_username', 'quay_password')],
)


def argument_spec(**module_options):
    """The connection options (copied, so no module changes another's) plus the module's own."""
    spec = dict((key, dict(value)) for key, value in CONNECTION_SPEC.items())
    spec.update(module_options)
    return spec


def connection_checks(**module_checks):
    """AnsibleModule's checks (required_together, required_if, ...) of the connection plus the module's own."""
    checks = dict((key, list(value)) for key, value in _CONNECTION_CHECKS.items())
    for key, value in module_checks.items():
        checks[key] = checks.get(key, []) + list(value)
    return checks
